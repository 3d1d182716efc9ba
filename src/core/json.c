/* json — see json.h. */
#include "config.h"

#include "core/json.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/kv.h"
#include "core/text.h"
#include "core/wipe.h"

static void fail(struct json_writer *w, int code)
{
    if (!w->error)
        w->error = code;
}

static void put(struct json_writer *w, const char *s, size_t len)
{
    if (!w->error) {
        int rc = buf_add(w->out, s, len);

        if (rc != BUF_OK)
            fail(w, rc);
    }
}

static void newline(struct json_writer *w)
{
    static const char spaces[] = "\n                                "
                                 "                                ";
    size_t n;

    if (!w->indent)
        return;
    /* The newline and the indentation in one append (or a few). */
    n = (size_t)w->depth * (size_t)w->indent + 1;
    put(w, spaces, n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1);
    for (n -= n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1; n > 0;) {
        size_t k = n < sizeof(spaces) - 2 ? n : sizeof(spaces) - 2;

        put(w, spaces + 1, k);
        n -= k;
    }
}

/* The separator and indentation before an array item or an object key. */
static void next_item(struct json_writer *w)
{
    if (w->has_items[w->depth - 1])
        put(w, ",", 1);
    w->has_items[w->depth - 1] = true;
    newline(w);
}

/* Checks a value may come here and writes what goes before it. */
static bool before_value(struct json_writer *w)
{
    if (w->depth == 0) {
        if (w->top_done) {
            fail(w, -1);
            return false;
        }
        w->top_done = true;
    } else if (w->kind[w->depth - 1] == '{') {
        if (!w->after_key) {
            fail(w, -1);
            return false;
        }
        w->after_key = false;
    } else {
        next_item(w);
    }
    return true;
}

void json_writer_init(struct json_writer *w, struct buf *out, int indent)
{
    memset(w, 0, sizeof(*w));
    w->out = out;
    w->indent = indent;
}

static void open_container(struct json_writer *w, char kind)
{
    if (w->depth >= JSON_DEPTH_MAX) {
        fail(w, -1);
        return;
    }
    if (!before_value(w))
        return;
    put(w, kind == '{' ? "{" : "[", 1);
    w->kind[w->depth] = kind;
    w->has_items[w->depth++] = false;
}

static void close_container(struct json_writer *w, char kind)
{
    if (w->depth == 0 || w->after_key || w->kind[w->depth - 1] != kind) {
        fail(w, -1);
        return;
    }
    w->depth--;
    if (w->has_items[w->depth])
        newline(w);
    put(w, kind == '{' ? "}" : "]", 1);
}

void json_begin_object(struct json_writer *w)
{
    open_container(w, '{');
}

void json_end_object(struct json_writer *w)
{
    close_container(w, '{');
}

void json_begin_array(struct json_writer *w)
{
    open_container(w, '[');
}

void json_end_array(struct json_writer *w)
{
    close_container(w, '[');
}

/* Bytes that go out as they are: printable ASCII but the quote and the
 * backslash (1), and those that start a UTF-8 sequence to decode (2). */
static const unsigned char plain_byte[256] = {
#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
    R16(0), R16(0),
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,     /* 0x20: '"' */
    R16(1), R16(1),
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,     /* 0x50: '\\' */
    R16(1),
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,     /* 0x7F: DEL */
    R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2), R16(2)
#undef R16
};

/* One character that is not copied as it is: its escape. */
static int quote_one(struct buf *out, const char *s, size_t len,
                     size_t *used)
{
    uint32_t cp;
    bool valid;
    size_t n = text_decode(s, len, &cp, &valid);

    *used = n;
    if (!valid)
        return buf_adds(out, "\\ufffd");
    if (cp == '"')
        return buf_adds(out, "\\\"");
    if (cp == '\\')
        return buf_adds(out, "\\\\");
    if (cp == '\n')
        return buf_adds(out, "\\n");
    if (cp == '\r')
        return buf_adds(out, "\\r");
    if (cp == '\t')
        return buf_adds(out, "\\t");
    if (text_is_control(cp))
        /* C1 too: valid in JSON, but some terminals act on U+009B as
         * on ESC [. */
        return buf_printf(out, "\\u%04x", (unsigned)cp);
    return buf_add(out, s, n);
}

int json_quote(struct buf *out, const char *s)
{
    size_t len = strlen(s), off = 0;
    int rc = buf_addc(out, '"');

    /* Runs of characters that need no escape are copied at once: plain
     * ASCII, and UTF-8 sequences that are valid and not C1 controls. */
    while (rc == BUF_OK && off < len) {
        size_t run = off, used;

        while (run < len) {
            unsigned char c = (unsigned char)s[run];
            uint32_t cp;
            bool valid;
            size_t n;

            if (plain_byte[c] == 1) {
                run++;
                continue;
            }
            if (plain_byte[c] == 0)
                break;
            n = text_decode(s + run, len - run, &cp, &valid);
            if (!valid || text_is_control(cp))
                break;
            run += n;
        }
        if (run > off)
            rc = buf_add(out, s + off, run - off);
        off = run;
        if (rc == BUF_OK && off < len) {
            rc = quote_one(out, s + off, len - off, &used);
            off += used;
        }
    }
    if (rc == BUF_OK)
        rc = buf_addc(out, '"');
    return rc;
}

static void put_quoted(struct json_writer *w, const char *s)
{
    if (!w->error) {
        int rc = json_quote(w->out, s);

        if (rc != BUF_OK)
            fail(w, rc);
    }
}

void json_key(struct json_writer *w, const char *key)
{
    if (w->depth == 0 || w->kind[w->depth - 1] != '{' || w->after_key) {
        fail(w, -1);
        return;
    }
    next_item(w);
    put_quoted(w, key);
    put(w, w->indent ? ": " : ":", w->indent ? 2 : 1);
    w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
    if (!s) {
        json_null(w);
        return;
    }
    if (before_value(w))
        put_quoted(w, s);
}

void json_bool(struct json_writer *w, bool v)
{
    if (before_value(w))
        put(w, v ? "true" : "false", v ? 4 : 5);
}

void json_null(struct json_writer *w)
{
    if (before_value(w))
        put(w, "null", 4);
}

void json_int(struct json_writer *w, long long v)
{
    if (before_value(w) && !w->error) {
        int rc = buf_printf(w->out, "%lld", v);

        if (rc != BUF_OK)
            fail(w, rc);
    }
}

int json_writer_finish(struct json_writer *w)
{
    if (w->depth != 0 || w->after_key || !w->top_done)
        fail(w, -1);
    put(w, "\n", 1);
    return w->error;
}

void json_number(struct json_writer *w, double v)
{
    if (!before_value(w) || w->error)
        return;
    if (!isfinite(v)) {
        fail(w, -1);
        return;
    }
    /* Integers print as integers, as long as a double holds them. */
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        if (buf_printf(w->out, "%.0f", v) != BUF_OK)
            fail(w, BUF_NOMEM);
    } else if (buf_printf(w->out, "%.17g", v) != BUF_OK) {
        fail(w, BUF_NOMEM);
    }
}

/* How pretty_item writes a string: as it is, or through a map. */
struct json_map {
    int (*fn)(void *ctx, struct buf *out, const char *s);
    void *ctx;
    struct buf tmp;
};

/* s, or what the map makes of it (NULL when the map gave up). */
static const char *mapped(struct json_writer *w, struct json_map *m,
                          const char *s)
{
    if (!m)
        return s;
    buf_reset(&m->tmp);
    if (m->fn(m->ctx, &m->tmp, s)) {
        fail(w, -1);
        return NULL;
    }
    return buf_str(&m->tmp);
}

static void pretty_item(struct json_writer *w, const cJSON *item,
                        struct json_map *m)
{
    const cJSON *child;
    const char *s;

    if (cJSON_IsObject(item)) {
        json_begin_object(w);
        cJSON_ArrayForEach(child, item) {
            s = mapped(w, m, child->string ? child->string : "");
            if (s)
                json_key(w, s);
            pretty_item(w, child, m);
        }
        json_end_object(w);
    } else if (cJSON_IsArray(item)) {
        json_begin_array(w);
        cJSON_ArrayForEach(child, item)
            pretty_item(w, child, m);
        json_end_array(w);
    } else if (cJSON_IsString(item)) {
        s = mapped(w, m, item->valuestring ? item->valuestring : "");
        if (s)
            json_string(w, s);
    } else if (cJSON_IsNumber(item)) {
        json_number(w, item->valuedouble);
    } else if (cJSON_IsBool(item)) {
        json_bool(w, cJSON_IsTrue(item));
    } else {
        json_null(w);
    }
}

static void wipe_strings(cJSON *it)
{
    for (; it; it = it->next) {
        if (cJSON_IsString(it) && it->valuestring)
            wipe_mem(it->valuestring, strlen(it->valuestring));
        wipe_strings(it->child);
    }
}

void json_delete_wiped(cJSON *root)
{
    if (root) {
        wipe_strings(root);
        cJSON_Delete(root);
    }
}

enum json_refusal json_refusal(const char *text, size_t len, size_t *at)
{
    bool in_string = false;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        enum json_refusal why = JSON_REFUSAL_NONE;

        if (c == 0 || (in_string && c < 0x20)) {
            why = JSON_REFUSAL_CONTROL;
        } else if (!in_string) {
            in_string = c == '"';
        } else if (c == '"') {
            in_string = false;
        } else if (c == '\\' && i + 1 < len) {
            /* Only \u0000 makes a NUL: any other escape is skipped
             * whole, so "\\u0000" (a backslash, then text) is not one. */
            if (text[i + 1] == 'u' && i + 6 <= len &&
                memcmp(text + i + 2, "0000", 4) == 0)
                why = JSON_REFUSAL_NUL;
            else
                i++;
        }
        if (why != JSON_REFUSAL_NONE) {
            if (at)
                *at = i;
            return why;
        }
    }
    return JSON_REFUSAL_NONE;
}

cJSON *json_parse(const char *text, size_t len, size_t *error_at)
{
    const char *end = NULL;
    cJSON *root;
    size_t off = len;

    if (json_refusal(text, len, &off) != JSON_REFUSAL_NONE) {
        if (error_at)
            *error_at = off;
        return NULL;
    }
    root = cJSON_ParseWithLengthOpts(text, len, &end, false);
    off = end && end >= text && end <= text + len ? (size_t)(end - text)
                                                  : len;
    if (root) {
        while (off < len && (text[off] == ' ' || text[off] == '\t' ||
                             text[off] == '\n' || text[off] == '\r'))
            off++;
        if (off == len)
            return root;
        /* Something after the document: it may have been a secret's
         * answer, so wipe before freeing. */
        json_delete_wiped(root);
    }
    if (error_at)
        *error_at = off;
    return NULL;
}

/* json_pretty and json_pretty_map: m NULL for no map. */
static int pretty_with(struct buf *out, const char *text, size_t len,
                       int indent, struct json_map *m)
{
    cJSON *root = json_parse(text, len, NULL);
    struct json_writer w;
    size_t start = out->len;
    int rc;

    if (!root)
        return -1;
    json_writer_init(&w, out, indent);
    pretty_item(&w, root, m);
    rc = json_writer_finish(&w);
    /* A map may be masking secrets: its tree is wiped. */
    if (m)
        json_delete_wiped(root);
    else
        cJSON_Delete(root);
    if (rc) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return -1;
    }
    return 0;
}

int json_pretty(struct buf *out, const char *text, size_t len, int indent)
{
    return pretty_with(out, text, len, indent, NULL);
}

int json_pretty_map(struct buf *out, const char *text, size_t len,
                    int indent,
                    int (*map)(void *ctx, struct buf *out, const char *s),
                    void *ctx)
{
    struct json_map m;
    int rc;

    m.fn = map;
    m.ctx = ctx;
    buf_init(&m.tmp, out->max ? out->max : len + 1);
    rc = pretty_with(out, text, len, indent, &m);
    buf_wipe(&m.tmp);
    return rc;
}

int json_flat_object(const char *text, size_t len, struct kvlist *out)
{
    cJSON *root = json_parse(text, len, NULL);
    const cJSON *m;
    int rc = -1;

    if (!cJSON_IsObject(root))
        goto out;
    cJSON_ArrayForEach(m, root) {
        const char *v = cJSON_IsString(m) ? m->valuestring
                        : cJSON_IsTrue(m)  ? "true"
                        : cJSON_IsFalse(m) ? "false"
                                           : NULL;

        if (v && m->string && kvlist_add(out, m->string, v))
            goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}
