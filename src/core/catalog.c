/* catalog — see catalog.h. */
#include "config.h"

#include "core/catalog.h"
#include "core/catalog_impl.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "core/file.h"
#include "core/json.h"
#include "core/names.h"
#include "core/text.h"

#define QUERY_TERMS_MAX 8

#define FIELD(name, req) \
    { #name, sizeof(#name) - 1, offsetof(struct catalog_entry, name), req }

const struct catalog_field catalog_fields[CATALOG_FIELDS] = {
    FIELD(service_name, true), FIELD(role_name, true),
    FIELD(product, true), FIELD(product_zh, false),
    FIELD(product_zh_tw, false), FIELD(purpose, false),
    FIELD(purpose_zh, false), FIELD(purpose_zh_tw, false),
    FIELD(description_en, false), FIELD(description_zh, false),
    FIELD(description_zh_tw, false), FIELD(policy_name, false),
    FIELD(source, false), FIELD(note, false)
};

#undef FIELD

/* Where in the file a message points. */
struct where {
    const char *file;
    size_t index;              /* 1-based entry number, 0 for the file */
    const char *service_name;  /* when known */
};

static void where_say(struct buf *err, const struct where *w,
                      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void where_say(struct buf *err, const struct where *w,
                      const char *fmt, ...)
{
    va_list ap;

    buf_reset(err);
    buf_printf(err, "%s: ", w->file);
    if (w->index && w->service_name)
        buf_printf(err, "entry %zu (\"%s\"): ", w->index, w->service_name);
    else if (w->index)
        buf_printf(err, "entry %zu: ", w->index);
    va_start(ap, fmt);
    buf_vprintf(err, fmt, ap);
    va_end(ap);
}

/* Text shown in a terminal must be valid UTF-8 without control bytes. */
const char *catalog_text_problem(const char *s, size_t len)
{
    size_t off = 0;

    if (len > CATALOG_TEXT_MAX)
        return "is longer than 4096 bytes";
    while (off < len) {
        uint32_t cp;
        bool valid;

        unsigned char c = (unsigned char)s[off];

        if (c >= 0x20 && c < 0x7F) {
            off++;
            continue;
        }
        /* Three bytes with no constraint on the second beyond being a
         * continuation (E1-EC, EE, EF): most of a Chinese text, and
         * never a control.  The rest goes through text_decode. */
        if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF &&
            len - off >= 3 && ((unsigned char)s[off + 1] & 0xC0) == 0x80 &&
            ((unsigned char)s[off + 2] & 0xC0) == 0x80) {
            off += 3;
            continue;
        }
        off += text_decode(s + off, len - off, &cp, &valid);
        if (!valid)
            return "is not valid UTF-8";
        if (text_is_control(cp))
            return "contains a control character";
    }
    return NULL;
}

/* Takes a string field (cJSON's own string, for now).  Required fields
 * must be non-empty strings; optional ones may be absent or null.
 * Returns 0, or -1 with err set. */
static int take_text(const cJSON *obj, size_t field, struct catalog_entry *e,
                     const struct where *w, struct buf *err)
{
    const char *key = catalog_fields[field].key;
    bool required = catalog_fields[field].required;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    const char *problem;

    *catalog_slot(e, field) = NULL;
    if (!item || cJSON_IsNull(item)) {
        if (!required)
            return 0;
        where_say(err, w, "field \"%s\" is missing", key);
        return -1;
    }
    if (!cJSON_IsString(item) || !item->valuestring) {
        where_say(err, w, "field \"%s\" must be a string%s", key,
                  required ? "" : " or null");
        return -1;
    }
    if (required && !*item->valuestring) {
        where_say(err, w, "field \"%s\" is empty", key);
        return -1;
    }
    problem = catalog_text_problem(item->valuestring,
                                   strlen(item->valuestring));
    if (problem) {
        where_say(err, w, "field \"%s\" %s", key, problem);
        return -1;
    }
    *catalog_slot(e, field) = item->valuestring;
    return 0;
}

static int entry_read(struct catalog_entry *e, const cJSON *obj,
                      struct where *w, struct buf *err)
{
    const cJSON *suffix;

    if (!cJSON_IsObject(obj)) {
        where_say(err, w, "must be an object");
        return -1;
    }
    if (take_text(obj, 0, e, w, err))
        return -1;
    if (!names_service_ok(e->service_name)) {
        where_say(err, w,
                  "field \"service_name\" must be a service identity such "
                  "as \"polardb.aliyuncs.com\" (lower-case letters, digits, "
                  "\".\" and \"-\")");
        return -1;
    }
    w->service_name = e->service_name;
    if (take_text(obj, 1, e, w, err))
        return -1;
    if (!names_role_ok(e->role_name)) {
        where_say(err, w,
                  "field \"role_name\" must be 1-64 letters, digits, \".\" "
                  "or \"-\"");
        return -1;
    }
    for (size_t f = 2; f < CATALOG_FIELDS; f++)
        if (take_text(obj, f, e, w, err))
            return -1;

    suffix = cJSON_GetObjectItemCaseSensitive(obj, "custom_suffix");
    if (!suffix || cJSON_IsNull(suffix)) {
        e->custom_suffix = CATALOG_SUFFIX_UNKNOWN;
    } else if (cJSON_IsBool(suffix)) {
        e->custom_suffix = cJSON_IsTrue(suffix) ? CATALOG_SUFFIX_ACCEPTED
                                                : CATALOG_SUFFIX_REFUSED;
    } else {
        where_say(err, w,
                  "field \"custom_suffix\" must be true, false or null");
        return -1;
    }
    return 0;
}

/* The entries in one allocation with their strings after them, as the
 * fast reader leaves them, so that catalog_free is one free() whichever
 * reader read them.  The strings are cJSON's until then.  Returns 0, or
 * -1 when out of memory (c unchanged). */
static int pack(struct catalog *c)
{
    size_t head = c->count * sizeof(*c->entries), text = 0;
    struct catalog_entry *block;
    char *room;

    for (size_t i = 0; i < c->count; i++)
        for (size_t f = 0; f < CATALOG_FIELDS; f++)
            if (*catalog_slot(&c->entries[i], f))
                text += strlen(*catalog_slot(&c->entries[i], f)) + 1;
    block = malloc(head + text);
    if (!block)
        return -1;
    memcpy(block, c->entries, head);
    room = (char *)block + head;
    for (size_t i = 0; i < c->count; i++) {
        for (size_t f = 0; f < CATALOG_FIELDS; f++) {
            char **slot = catalog_slot(&block[i], f);
            size_t n;

            if (!*slot)
                continue;
            n = strlen(*slot) + 1;
            memcpy(room, *slot, n);
            *slot = room;
            room += n;
        }
    }
    free(c->entries);
    c->entries = block;
    return 0;
}

static bool only_blanks(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

uint32_t catalog_name_hash(const char *s, size_t len, bool fold)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t h = 0x9e3779b97f4a7c15u ^ len;

    /* Eight bytes at a time; folding A-Z to a-z on all eight at once is
     * exact because names are ASCII (the bytes stay below 0x80, so no
     * sum carries into the next byte). */
    for (size_t i = 0; i < len; i += 8) {
        uint64_t x = 0;

        /* A whole word is one load; the last, short one is put
         * together byte by byte rather than by a call to memcpy. */
        if (len - i >= 8)
            memcpy(&x, s + i, 8);
        else
            for (size_t j = len - i; j-- > 0;)
                x = x << 8 | (unsigned char)s[i + j];
        if (fold) {
            uint64_t upper = (x + ones * (0x80 - 'A')) &
                             ~(x + ones * (0x80 - 'Z' - 1)) & ones * 0x80;

            x |= upper >> 2;
        }
        h = (h ^ x) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    return (uint32_t)(h ^ h >> 29);
}

static bool name_same(const char *a, const char *b, bool fold)
{
    if (!fold)
        return strcmp(a, b) == 0;
    /* Role names are ASCII (names_role_ok), so this is strcasecmp's
     * answer in any locale. */
    for (; *a && ascii_lower(*a) == ascii_lower(*b); a++, b++)
        ;
    return ascii_lower(*a) == ascii_lower(*b);
}

/* A slot of the table of names seen: the name's hash and its entry's
 * index + 1 (0: free), so that a probe reads no entry unless the hashes
 * are equal. */
struct seen {
    uint32_t hash;
    uint32_t entry;
};

/* The first entry whose service name (or, with role, role name ignoring
 * case) an earlier entry has: 0 when none, else its index + 1 and that
 * of the earlier one in *first.  A hash table rather than a sort: at
 * 100,000 entries a sort's comparisons cost more than reading the
 * file. */
static size_t find_duplicate(const struct catalog *c, bool role,
                             const uint32_t *hashes, struct seen *slots,
                             size_t mask, size_t *first)
{
    for (size_t i = 0; i < c->count; i++) {
        const char *name = role ? c->entries[i].role_name
                                : c->entries[i].service_name;
        uint32_t h = hashes ? hashes[2 * i + role]
                            : catalog_name_hash(name, strlen(name), role);
        size_t at = h & mask;

        for (; slots[at].entry; at = (at + 1) & mask) {
            const struct catalog_entry *e = &c->entries[slots[at].entry - 1];

            if (slots[at].hash == h &&
                name_same(role ? e->role_name : e->service_name, name,
                          role)) {
                *first = slots[at].entry;
                return i + 1;
            }
        }
        slots[at].hash = h;
        slots[at].entry = (uint32_t)(i + 1);
    }
    return 0;
}

int catalog_check_unique(const struct catalog *c, const uint32_t *hashes,
                         const char *file, struct buf *err)
{
    size_t size = 16, dup, first = 0;
    struct seen *slots;
    int rc = 0;

    while (size < 2 * c->count)
        size *= 2;
    slots = calloc(size, sizeof(*slots));
    if (!slots) {
        buf_reset(err);
        buf_printf(err, "%s: out of memory", file);
        return -1;
    }
    dup = find_duplicate(c, false, hashes, slots, size - 1, &first);
    if (dup) {
        buf_reset(err);
        buf_printf(err, "%s: entry %zu: duplicate service_name \"%s\" "
                   "(also entry %zu)", file, dup,
                   c->entries[dup - 1].service_name, first);
        rc = -1;
        goto out;
    }
    memset(slots, 0, size * sizeof(*slots));
    dup = find_duplicate(c, true, hashes, slots, size - 1, &first);
    if (dup) {
        buf_reset(err);
        buf_printf(err, "%s: entry %zu: duplicate role_name \"%s\" "
                   "(also entry %zu)", file, dup,
                   c->entries[dup - 1].role_name, first);
        rc = -1;
    }
out:
    free(slots);
    return rc;
}

int catalog_read_full(struct catalog *c, const char *text, size_t len,
                      const char *name, struct buf *err)
{
    cJSON *root = NULL;
    const cJSON *list, *item;
    struct where w = { name, 0, NULL };
    size_t n, i = 0, off = 0;
    int rc = -1;

    c->entries = NULL;
    c->count = 0;
    if (len == 0) {
        where_say(err, &w, "the file is empty");
        goto out;
    }
    root = json_parse(text, len, &off);
    if (!root) {
        size_t line, col;

        text_line_col(text, off, &line, &col);
        buf_reset(err);
        buf_printf(err, "%s:%zu:%zu: not valid JSON%s", name, line, col,
                   only_blanks(text + off, len - off)
                       ? " (the file ends too early)"
                   : json_refusal(text, len, NULL) == JSON_REFUSAL_CONTROL
                       ? " (a control character inside a string)"
                   : json_refusal(text, len, NULL) == JSON_REFUSAL_NUL
                       ? " (a \\u0000 inside a string)" : "");
        goto out;
    }
    /* The bundled file is {"schema": 1, "services": [...]}; a bare array
     * of entries is accepted too, for hand-written catalogues. */
    list = root;
    if (cJSON_IsObject(root)) {
        const cJSON *schema = cJSON_GetObjectItemCaseSensitive(root,
                                                               "schema");

        if (schema && (!cJSON_IsNumber(schema) || schema->valuedouble != 1)) {
            where_say(err, &w, "unsupported \"schema\" (this linkrole "
                      "reads schema 1)");
            goto out;
        }
        list = cJSON_GetObjectItemCaseSensitive(root, "services");
        if (!list) {
            where_say(err, &w, "no \"services\" array");
            goto out;
        }
    }
    if (list == root && !cJSON_IsArray(list)) {
        where_say(err, &w, "must be an object with a \"services\" array, "
                  "or an array of entries");
        goto out;
    }
    if (!cJSON_IsArray(list)) {
        where_say(err, &w, "\"services\" must be an array of entries");
        goto out;
    }
    n = (size_t)cJSON_GetArraySize(list);
    if (n == 0) {
        where_say(err, &w, "the catalogue lists no services");
        goto out;
    }
    if (n > CATALOG_ENTRIES_MAX) {
        where_say(err, &w, "more than %u entries", CATALOG_ENTRIES_MAX);
        goto out;
    }
    c->entries = calloc(n, sizeof(*c->entries));
    if (!c->entries) {
        where_say(err, &w, "out of memory");
        goto out;
    }
    cJSON_ArrayForEach(item, list) {
        w.index = i + 1;
        w.service_name = NULL;
        c->count = i + 1;
        if (entry_read(&c->entries[i], item, &w, err))
            goto out;
        i++;
    }
    if (pack(c)) {
        w.index = 0;
        where_say(err, &w, "out of memory");
        goto out;
    }
    if (catalog_check_unique(c, NULL, name, err))
        goto out;
    rc = 0;
out:
    cJSON_Delete(root);
    if (rc)
        catalog_free(c);
    return rc;
}

int catalog_parse(struct catalog *c, const char *text, size_t len,
                  const char *name, struct buf *err)
{
    switch (catalog_read_fast(c, text, len, name, err)) {
    case CATALOG_READ_OK:
        return 0;
    case CATALOG_READ_FAILED:
        return -1;
    case CATALOG_READ_DEFER:
        break;
    }
    return catalog_read_full(c, text, len, name, err);
}

/* data/services.json beside the running program, into out. */
static int catalog_beside_binary(struct buf *out)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if (n <= 0)
        return -1;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return buf_printf(out, "%s/data/services.json", exe) == BUF_OK ? 0 : -1;
}

int catalog_locate(const char *given, struct buf *out)
{
    const char *env = getenv("LINKROLE_CATALOG");
    const char *installed = LINKROLE_PKGDATADIR "/services.json";
    struct buf local;
    int rc = -1;

    buf_reset(out);
    if (given || (env && *env))
        return buf_adds(out, given ? given : env) == BUF_OK ? 0 : -1;
    if (access(installed, F_OK) == 0)
        return buf_adds(out, installed) == BUF_OK ? 0 : -1;
    buf_init(&local, PATH_MAX + 32);
    if (catalog_beside_binary(&local) == 0 &&
        access(buf_str(&local), F_OK) == 0) {
        rc = buf_adds(out, buf_str(&local)) == BUF_OK ? 0 : -1;
    } else {
        /* The places looked in, for app/ to word. */
        if (buf_len(&local))
            buf_printf(out, "%s, %s", installed, buf_str(&local));
        else
            buf_adds(out, installed);
    }
    buf_free(&local);
    return rc;
}

int catalog_load(struct catalog *c, const char *path, struct buf *err)
{
    char *text = NULL;
    size_t len = 0;
    int errnum = 0, rc = -1;

    c->entries = NULL;
    c->count = 0;
    buf_reset(err);
    switch (file_read(path, CATALOG_FILE_MAX, &text, &len, NULL, &errnum)) {
    case FILE_READ_OK:
        rc = catalog_parse(c, text, len, path, err);
        break;
    case FILE_ABSENT:
    case FILE_OPEN:
        buf_printf(err, "%s: cannot open: %s", path, strerror(errnum));
        break;
    case FILE_NOT_REGULAR:
        buf_printf(err, "%s: not a regular file", path);
        break;
    case FILE_TOO_BIG:
        buf_printf(err, "%s: larger than %u MiB, not a catalogue", path,
                   CATALOG_FILE_MAX >> 20);
        break;
    case FILE_NOMEM:
        buf_printf(err, "%s: out of memory", path);
        break;
    case FILE_READ:
        buf_printf(err, "%s: cannot read: %s", path, strerror(errnum));
        break;
    }
    free(text);
    return rc;
}

void catalog_free(struct catalog *c)
{
    /* Both readers leave one allocation: the entries, then their
     * strings. */
    free(c->entries);
    c->entries = NULL;
    c->count = 0;
}

const struct catalog_entry *catalog_find(const struct catalog *c,
                                         const char *service_name)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->entries[i].service_name, service_name) == 0)
            return &c->entries[i];
    return NULL;
}

const struct catalog_entry *catalog_lookup(const struct catalog *c,
                                           const char *name)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcasecmp(c->entries[i].service_name, name) == 0 ||
            strcasecmp(c->entries[i].role_name, name) == 0)
            return &c->entries[i];
    return NULL;
}
