/* catalog_fast — the catalogue read in one scan of one buffer.
 *
 * The text is copied once, after room for the entries, and scanned once:
 * each text field is checked, its closing quote made a NUL (the few that
 * hold escapes are unescaped in place first: the result is never
 * longer), and its entry points at it in the copy.  Nothing is allocated
 * per entry or per field, and each byte is read while it is in the cache
 * (the names' hashes for the duplicate check too).
 *
 * It reads exactly what the full parser (cJSON, then the same checks)
 * reads, or stands aside: anything it is not sure of -- whitespace other
 * than JSON's, a byte-order mark, an escaped member name, numbers JSON
 * does not write, deep nesting, an entry that breaks a rule -- is DEFER,
 * and the full parser then gives the answer and its message, from the
 * caller's bytes (the copy is ours to write into).
 * tests/unit/test_catalog_fast.c and the
 * catalogue's fuzz target hold the two readers to the same results. */
#include "config.h"

#include "core/catalog_impl.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "core/text.h"

/* Deeper than this, an unknown member's value is left to cJSON (which
 * stops at 1000). */
#define DEPTH_MAX 64
/* cJSON reads at most 63 characters of a number. */
#define NUMBER_MAX 63
#define SUFFIX_FIELD CATALOG_FIELDS

/* A string as scanned: its body in the copy, up to the closing quote. */
struct str {
    char *start;
    size_t len;         /* raw bytes, escapes as written */
    bool escaped;       /* holds a backslash */
    bool high;          /* holds a byte that is not printable ASCII */
};

struct scan {
    char *s;            /* the copy, NUL after its last byte */
    size_t len, pos;
    struct catalog_entry *entries;
    size_t count, room; /* entries used, and room for */
    uint32_t *hashes;   /* two per entry: see catalog_check_unique */
    char scratch[CATALOG_TEXT_MAX + 8];
};

static char peek(const struct scan *sc)
{
    /* The copy's NUL stands for the end: no JSON token starts with it. */
    return sc->s[sc->pos];
}

static void blanks_slow(struct scan *sc)
{
    while (sc->pos < sc->len) {
        char c = sc->s[sc->pos];

        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        sc->pos++;
    }
}

/* Most tokens follow one another with no blank: one test says so (the
 * copy's NUL, at the end, takes the slow way). */
static inline void blanks(struct scan *sc)
{
    if ((unsigned char)sc->s[sc->pos] > ' ')
        return;
    blanks_slow(sc);
}

static bool expect(struct scan *sc, char c)
{
    blanks(sc);
    if (peek(sc) != c)
        return false;
    sc->pos++;
    blanks(sc);
    return true;
}

/* Four hex digits at p (before end), into *v. */
static bool hex4(const char *p, const char *end, unsigned *v)
{
    *v = 0;
    if (end - p < 4)
        return false;
    for (int i = 0; i < 4; i++) {
        int d = text_hex_digit(p[i]);

        if (d < 0)
            return false;
        *v = *v << 4 | (unsigned)d;
    }
    return true;
}

#define ONES 0x0101010101010101u

/* Whether a byte of x is below n (n at most 128), or is b: the tests of
 * "Bit Twiddling Hacks", which never miss one. */
static uint64_t has_less(uint64_t x, unsigned n)
{
    return (x - ONES * n) & ~x & ONES * 0x80;
}

static uint64_t has_byte(uint64_t x, unsigned char b)
{
    return has_less(x ^ ONES * b, 1);
}

/* A string at the scan's position (on its opening quote), its escapes
 * checked as cJSON reads them.  Refused: a raw control byte, \u0000
 * (json_parse refuses both), an escape cJSON refuses or reads leniently
 * (a \u without four hex digits), a lone surrogate. */
static bool scan_string(struct scan *sc, struct str *out)
{
    char *p = sc->s + sc->pos + 1, *end = sc->s + sc->len;
    bool escaped = false, high = false;

    if (peek(sc) != '"')
        return false;
    out->start = p;
    for (;;) {
        unsigned char c;
        unsigned v, w;

        /* Eight bytes at a time while none ends the run. */
        while (end - p >= 8) {
            uint64_t x, stop;

            memcpy(&x, p, 8);
            stop = has_less(x, 0x20) | has_byte(x, '"') | has_byte(x, '\\');
            if (stop) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                /* The first byte flagged is the first that stops the
                 * run: a borrow only ever runs towards later bytes. */
                unsigned k = (unsigned)__builtin_ctzll(stop) / 8;
                uint64_t before = k ? x & (~(uint64_t)0 >> (64 - 8 * k)) : 0;

                high |= (before & ONES * 0x80) != 0 || has_byte(before, 0x7F);
                p += k;
                goto stopped;
#else
                break;
#endif
            }
            high |= (x & ONES * 0x80) != 0 || has_byte(x, 0x7F);
            p += 8;
        }
        while (p < end) {
            c = (unsigned char)*p;
            if (c < 0x20 || c == '"' || c == '\\')
                break;
            high |= c >= 0x7F;
            p++;
        }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
stopped:
#endif
        if (p >= end || (unsigned char)*p < 0x20)
            return false;
        if (*p == '"')
            break;
        escaped = true;
        if (end - p < 2)
            return false;
        switch (p[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n':
        case 'r': case 't':
            p += 2;
            break;
        case 'u':
            if (!hex4(p + 2, end, &v) || v == 0 ||
                (v >= 0xDC00 && v <= 0xDFFF))
                return false;
            if (v < 0xD800 || v > 0xDBFF) {
                p += 6;
                break;
            }
            if (end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
                !hex4(p + 8, end, &w) || w < 0xDC00 || w > 0xDFFF)
                return false;
            p += 12;
            break;
        default:
            return false;
        }
    }
    out->len = (size_t)(p - out->start);
    out->escaped = escaped;
    out->high = high;
    sc->pos = (size_t)(p - sc->s) + 1;
    return true;
}

static size_t put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Unescapes a string scan_string took, from in up to its closing quote,
 * into out (which may be in: the output never gets ahead of the input).
 * Stops once more than max bytes are out; returns how many are. */
static size_t unescape(const char *in, char *out, size_t max)
{
    size_t n = 0;

    while (*in != '"' && n <= max) {
        unsigned v, w;

        if (*in != '\\') {
            out[n++] = *in++;
            continue;
        }
        switch (in[1]) {
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u':
            hex4(in + 2, in + 6, &v);
            if (v >= 0xD800 && v <= 0xDBFF) {
                hex4(in + 8, in + 12, &w);
                n += put_utf8(out + n, 0x10000 + ((unsigned long)(v & 0x3FF)
                                                  << 10 | (w & 0x3FF)));
                in += 12;
            } else {
                n += put_utf8(out + n, v);
                in += 6;
            }
            continue;
        default:        /* " \ / */
            out[n++] = in[1];
            break;
        }
        in += 2;
    }
    return n;
}

/* A text field's value, checked as catalog_text_problem checks it, then
 * made a C string where it is (v->len its length once unescaped): the
 * copy is ours, and a text deferred is read again from the caller's
 * bytes. */
static bool take_text(struct scan *sc, struct str *v)
{
    size_t n;

    if (!v->escaped) {
        if (v->len > CATALOG_TEXT_MAX ||
            (v->high && catalog_text_problem(v->start, v->len)))
            return false;
        v->start[v->len] = '\0';
        return true;
    }
    n = unescape(v->start, sc->scratch, CATALOG_TEXT_MAX);
    if (n > CATALOG_TEXT_MAX || catalog_text_problem(sc->scratch, n))
        return false;
    memcpy(v->start, sc->scratch, n);
    v->start[n] = '\0';
    v->len = n;
    return true;
}

static bool literal(struct scan *sc, const char *word)
{
    size_t n = strlen(word);

    if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n) != 0)
        return false;
    sc->pos += n;
    return true;
}

static bool digits(struct scan *sc)
{
    size_t start = sc->pos;

    while (sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9')
        sc->pos++;
    return sc->pos > start;
}

/* A number as RFC 8259 writes it, which cJSON reads too. */
static bool number(struct scan *sc)
{
    size_t start = sc->pos;

    if (peek(sc) == '-')
        sc->pos++;
    if (peek(sc) == '0')
        sc->pos++;
    else if (!digits(sc))
        return false;
    if (peek(sc) == '.') {
        sc->pos++;
        if (!digits(sc))
            return false;
    }
    if (peek(sc) == 'e' || peek(sc) == 'E') {
        sc->pos++;
        if (peek(sc) == '+' || peek(sc) == '-')
            sc->pos++;
        if (!digits(sc))
            return false;
    }
    return sc->pos - start <= NUMBER_MAX;
}

/* Steps over a value nobody reads, checking that it is JSON. */
static bool skip_value(struct scan *sc, int depth)
{
    struct str v;
    char close;

    switch (peek(sc)) {
    case '"':
        return scan_string(sc, &v);
    case 't':
        return literal(sc, "true");
    case 'f':
        return literal(sc, "false");
    case 'n':
        return literal(sc, "null");
    case '{':
    case '[':
        break;
    default:
        return number(sc);
    }
    if (depth >= DEPTH_MAX)
        return false;
    close = peek(sc) == '{' ? '}' : ']';
    sc->pos++;
    blanks(sc);
    if (peek(sc) == close) {
        sc->pos++;
        return true;
    }
    for (;;) {
        if (close == '}' && (!scan_string(sc, &v) || !expect(sc, ':')))
            return false;
        if (!skip_value(sc, depth + 1))
            return false;
        blanks(sc);
        if (peek(sc) == close) {
            sc->pos++;
            return true;
        }
        if (!expect(sc, ','))
            return false;
    }
}

/* Which field a member name is: 0 .. CATALOG_FIELDS - 1, SUFFIX_FIELD
 * for custom_suffix, -1 for none. */
static int field_of(const struct str *key)
{
    if (key->len == 13 && memcmp(key->start, "custom_suffix", 13) == 0)
        return SUFFIX_FIELD;
    for (int f = 0; f < CATALOG_FIELDS; f++) {
        const char *name = catalog_fields[f].key;

        if (catalog_fields[f].key_len == key->len &&
            memcmp(name, key->start, key->len) == 0)
            return f;
    }
    return -1;
}

/* One entry's member, the first of that name (cJSON finds the first). */
static bool entry_member(struct scan *sc, struct catalog_entry *e, int f)
{
    struct str v;

    if (f == SUFFIX_FIELD) {
        if (literal(sc, "true"))
            e->custom_suffix = CATALOG_SUFFIX_ACCEPTED;
        else if (literal(sc, "false"))
            e->custom_suffix = CATALOG_SUFFIX_REFUSED;
        else
            return literal(sc, "null");
        return true;
    }
    if (peek(sc) == 'n')
        return !catalog_fields[f].required && literal(sc, "null");
    if (!scan_string(sc, &v) || (catalog_fields[f].required && v.len == 0) ||
        !take_text(sc, &v))
        return false;
    *catalog_slot(e, (size_t)f) = v.start;
    /* The names, while their bytes are at hand. */
    if (f == 0) {
        sc->hashes[2 * sc->count] =
            catalog_name_hash(v.start, v.len, false);
        return names_service_okn(v.start, v.len);
    }
    if (f == 1) {
        sc->hashes[2 * sc->count + 1] =
            catalog_name_hash(v.start, v.len, true);
        return names_role_okn(v.start, v.len);
    }
    return true;
}

/* The name and length of field f (as field_of numbers them). */
static const char *field_name(int f, size_t *len)
{
    if (f == SUFFIX_FIELD) {
        *len = 13;
        return "custom_suffix";
    }
    *len = catalog_fields[f].key_len;
    return catalog_fields[f].key;
}

/* A member name the reader knows, written plainly ("service_name"): what
 * scan_string and field_of would make of it, without scanning it.  Tries
 * the field after the last one first (entries tend to keep an order).
 * Returns the field and steps over the name, or -2 for any other name
 * (which is then scanned). */
static int known_key(struct scan *sc, int next)
{
    const char *p = sc->s + sc->pos;
    size_t room = sc->len - sc->pos;

    if (*p != '"')
        return -2;
    for (int i = 0; i <= CATALOG_FIELDS; i++) {
        int f = (next + i) % (CATALOG_FIELDS + 1);
        size_t n;
        const char *name = field_name(f, &n);

        if (room >= n + 2 && p[n + 1] == '"' && p[1] == name[0] &&
            memcmp(p + 1, name, n) == 0) {
            sc->pos += n + 2;
            return f;
        }
    }
    return -2;
}

static bool scan_entry(struct scan *sc)
{
    struct catalog_entry *e;
    uint32_t seen = 0;

    if (peek(sc) != '{' || sc->count >= sc->room ||
        sc->count >= CATALOG_ENTRIES_MAX)
        return false;
    e = &sc->entries[sc->count];
    memset(e, 0, sizeof(*e));
    e->custom_suffix = CATALOG_SUFFIX_UNKNOWN;
    sc->pos++;
    blanks(sc);
    for (int next = 0;;) {
        struct str key;
        int f = known_key(sc, next);

        if (f == -2) {
            if (!scan_string(sc, &key) || key.escaped)
                return false;
            f = field_of(&key);
        }
        if (!expect(sc, ':'))
            return false;
        next = f + 1;
        if (f >= 0 && !(seen & 1u << f)) {
            seen |= 1u << f;
            if (!entry_member(sc, e, f))
                return false;
        } else if (!skip_value(sc, 2)) {
            return false;
        }
        blanks(sc);
        if (peek(sc) == '}')
            break;
        if (!expect(sc, ','))
            return false;
    }
    sc->pos++;
    if (!e->service_name || !e->role_name || !e->product)
        return false;
    sc->count++;
    return true;
}

static bool scan_entries(struct scan *sc)
{
    if (peek(sc) != '[')
        return false;
    sc->pos++;
    blanks(sc);
    if (peek(sc) == ']') {
        sc->pos++;
        return true;
    }
    for (;;) {
        if (!scan_entry(sc))
            return false;
        blanks(sc);
        if (peek(sc) == ']') {
            sc->pos++;
            return true;
        }
        if (!expect(sc, ','))
            return false;
    }
}

/* {"schema": 1, "services": [...]} (members in any order, others
 * skipped) or a bare array of entries. */
static bool scan_document(struct scan *sc)
{
    bool schema = false, services = false;

    blanks(sc);
    if (peek(sc) == '[') {
        if (!scan_entries(sc))
            return false;
    } else if (peek(sc) == '{') {
        sc->pos++;
        blanks(sc);
        for (;;) {
            struct str key;

            if (!scan_string(sc, &key) || key.escaped || !expect(sc, ':'))
                return false;
            if (!schema && key.len == 6 && memcmp(key.start, "schema", 6) == 0) {
                /* Exactly 1; what else cJSON reads as 1 (1.0, 1e0) is
                 * the full parser's. */
                schema = true;
                if (!literal(sc, "1") || (peek(sc) >= '0' && peek(sc) <= '9') ||
                    peek(sc) == '.' || peek(sc) == 'e' || peek(sc) == 'E')
                    return false;
            } else if (!services && key.len == 8 &&
                       memcmp(key.start, "services", 8) == 0) {
                services = true;
                if (!scan_entries(sc))
                    return false;
            } else if (!skip_value(sc, 1)) {
                return false;
            }
            blanks(sc);
            if (peek(sc) == '}')
                break;
            if (!expect(sc, ','))
                return false;
        }
        sc->pos++;
        if (!services)
            return false;
    } else {
        return false;
    }
    blanks(sc);
    return sc->pos == sc->len && sc->count > 0;
}

/* Room for the entries: no more than the '{' in the text. */
static size_t entries_room(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    size_t n = 0;

    while (n <= CATALOG_ENTRIES_MAX &&
           (p = memchr(p, '{', (size_t)(end - p))) != NULL) {
        n++;
        p++;
    }
    return n;
}

enum catalog_read catalog_read_fast(struct catalog *c, const char *text,
                                    size_t len, const char *name,
                                    struct buf *err)
{
    struct scan *sc = NULL;
    size_t room, head;
    char *block = NULL;
    enum catalog_read rc = CATALOG_READ_DEFER;

    c->entries = NULL;
    c->count = 0;
    room = entries_room(text, len);
    if (len == 0 || room == 0 ||
        room > (SIZE_MAX - len - 1) / sizeof(struct catalog_entry))
        return CATALOG_READ_DEFER;
    head = room * sizeof(struct catalog_entry);
    block = malloc(head + len + 1);
    sc = calloc(1, sizeof(*sc));
    if (!block || !sc)
        goto out;
    sc->hashes = malloc(room * 2 * sizeof(*sc->hashes));
    if (!sc->hashes)
        goto out;
    sc->entries = (struct catalog_entry *)(void *)block;
    sc->s = block + head;
    memcpy(sc->s, text, len);
    sc->s[len] = '\0';
    sc->len = len;
    sc->pos = 0;
    sc->count = 0;
    sc->room = room;
    if (!scan_document(sc))
        goto out;

    c->entries = sc->entries;
    c->count = sc->count;
    block = NULL;
    rc = CATALOG_READ_OK;
    if (catalog_check_unique(c, sc->hashes, name, err)) {
        catalog_free(c);
        rc = CATALOG_READ_FAILED;
    }
out:
    if (sc)
        free(sc->hashes);
    free(block);
    free(sc);
    return rc;
}
