/* catalog — see catalog.h. */
#include "config.h"

#include "core/catalog.h"

#include <limits.h>
#include <stdarg.h>
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

#define FIELD_TEXT_MAX 4096u
#define QUERY_TERMS_MAX 8

/* --- loading -------------------------------------------------------------- */

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
static const char *text_problem(const char *s)
{
    size_t len = strlen(s), off = 0;

    if (len > FIELD_TEXT_MAX)
        return "is longer than 4096 bytes";
    while (off < len) {
        uint32_t cp;
        bool valid;

        off += text_decode(s + off, len - off, &cp, &valid);
        if (!valid)
            return "is not valid UTF-8";
        if (text_is_control(cp))
            return "contains a control character";
    }
    return NULL;
}

static char *lower_copy(const char *s)
{
    size_t len = strlen(s);
    char *p = malloc(len + 1);

    if (!p)
        return NULL;
    for (size_t i = 0; i <= len; i++)
        p[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    return p;
}

static void entry_free(struct catalog_entry *e)
{
    char **fields[] = {
        &e->service_name, &e->role_name, &e->product, &e->product_zh,
        &e->product_zh_tw, &e->purpose, &e->purpose_zh, &e->purpose_zh_tw,
        &e->description_en,
        &e->description_zh, &e->description_zh_tw, &e->policy_name,
        &e->source, &e->note, &e->key_product, &e->key_service,
        &e->key_role, &e->key_product_zh, &e->key_product_zh_tw
    };

    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
}

/* Copies a string field.  Required fields must be non-empty strings;
 * optional ones may be absent or null.  Returns 0, or -1 with err set. */
static int take_text(const cJSON *obj, const char *key, bool required,
                     char **dst, const struct where *w, struct buf *err)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    const char *problem;

    *dst = NULL;
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
    problem = text_problem(item->valuestring);
    if (problem) {
        where_say(err, w, "field \"%s\" %s", key, problem);
        return -1;
    }
    *dst = strdup(item->valuestring);
    if (!*dst) {
        where_say(err, w, "out of memory");
        return -1;
    }
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
    if (take_text(obj, "service_name", true, &e->service_name, w, err))
        return -1;
    if (!names_service_ok(e->service_name)) {
        where_say(err, w,
                  "field \"service_name\" must be a service identity such "
                  "as \"polardb.aliyuncs.com\" (lower-case letters, digits, "
                  "\".\" and \"-\")");
        return -1;
    }
    w->service_name = e->service_name;
    if (take_text(obj, "role_name", true, &e->role_name, w, err))
        return -1;
    if (!names_role_ok(e->role_name)) {
        where_say(err, w,
                  "field \"role_name\" must be 1-64 letters, digits, \".\" "
                  "or \"-\"");
        return -1;
    }
    if (take_text(obj, "product", true, &e->product, w, err) ||
        take_text(obj, "product_zh", false, &e->product_zh, w, err) ||
        take_text(obj, "product_zh_tw", false, &e->product_zh_tw, w,
                  err) ||
        take_text(obj, "purpose", false, &e->purpose, w, err) ||
        take_text(obj, "purpose_zh", false, &e->purpose_zh, w, err) ||
        take_text(obj, "purpose_zh_tw", false, &e->purpose_zh_tw, w,
                  err) ||
        take_text(obj, "description_en", false, &e->description_en, w,
                  err) ||
        take_text(obj, "description_zh", false, &e->description_zh, w,
                  err) ||
        take_text(obj, "description_zh_tw", false, &e->description_zh_tw,
                  w, err) ||
        take_text(obj, "policy_name", false, &e->policy_name, w, err) ||
        take_text(obj, "source", false, &e->source, w, err) ||
        take_text(obj, "note", false, &e->note, w, err))
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

    e->key_product = lower_copy(e->product);
    e->key_service = lower_copy(e->service_name);
    e->key_role = lower_copy(e->role_name);
    e->key_product_zh = e->product_zh ? lower_copy(e->product_zh) : NULL;
    e->key_product_zh_tw = e->product_zh_tw ? lower_copy(e->product_zh_tw)
                                            : NULL;
    if (!e->key_product || !e->key_service || !e->key_role ||
        (e->product_zh && !e->key_product_zh) ||
        (e->product_zh_tw && !e->key_product_zh_tw)) {
        where_say(err, w, "out of memory");
        return -1;
    }
    return 0;
}

static bool only_blanks(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

static int name_cmp(const void *a, const void *b)
{
    const struct catalog_entry *const *x = a, *const *y = b;

    return strcmp((*x)->service_name, (*y)->service_name);
}

static int role_cmp(const void *a, const void *b)
{
    const struct catalog_entry *const *x = a, *const *y = b;

    return strcasecmp((*x)->role_name, (*y)->role_name);
}

/* Finds two entries that share a service name or a role name. */
static int check_unique(const struct catalog *c, const char *file,
                        struct buf *err)
{
    const struct catalog_entry **v;
    int rc = -1;

    v = calloc(c->count ? c->count : 1, sizeof(*v));
    if (!v) {
        buf_reset(err);
        buf_printf(err, "%s: out of memory", file);
        return -1;
    }
    for (size_t i = 0; i < c->count; i++)
        v[i] = &c->entries[i];

    qsort(v, c->count, sizeof(*v), name_cmp);
    for (size_t i = 1; i < c->count; i++) {
        if (strcmp(v[i - 1]->service_name, v[i]->service_name) == 0) {
            size_t a = (size_t)(v[i - 1] - c->entries) + 1;
            size_t b = (size_t)(v[i] - c->entries) + 1;

            buf_reset(err);
            buf_printf(err, "%s: entry %zu: duplicate service_name \"%s\" "
                       "(also entry %zu)", file, a > b ? a : b,
                       v[i]->service_name, a < b ? a : b);
            goto out;
        }
    }
    qsort(v, c->count, sizeof(*v), role_cmp);
    for (size_t i = 1; i < c->count; i++) {
        if (strcasecmp(v[i - 1]->role_name, v[i]->role_name) == 0) {
            size_t a = (size_t)(v[i - 1] - c->entries) + 1;
            size_t b = (size_t)(v[i] - c->entries) + 1;

            buf_reset(err);
            buf_printf(err, "%s: entry %zu: duplicate role_name \"%s\" "
                       "(also entry %zu)", file, a > b ? a : b,
                       v[i]->role_name, a < b ? a : b);
            goto out;
        }
    }
    rc = 0;
out:
    free(v);
    return rc;
}

int catalog_parse(struct catalog *c, const char *text, size_t len,
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
    if (check_unique(c, name, err))
        goto out;
    rc = 0;
out:
    cJSON_Delete(root);
    if (rc)
        catalog_free(c);
    return rc;
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
    for (size_t i = 0; i < c->count; i++)
        entry_free(&c->entries[i]);
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

/* --- searching ------------------------------------------------------------ */

enum {
    MATCH_NONE = 0,
    MATCH_SUBSTRING = 1,
    MATCH_WORD = 2,
    MATCH_PREFIX = 3,
    MATCH_EXACT = 4
};

static bool is_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9');
}

/* A word starts after a non-alphanumeric byte or at a lower-to-upper case
 * change in the original text ("RoleFor|Polar|DB", "ruleengine-|polardb"). */
static bool word_start(const char *orig, size_t at)
{
    char prev = orig[at - 1], cur = orig[at];

    if (!is_alnum(prev))
        return true;
    return prev >= 'a' && prev <= 'z' && cur >= 'A' && cur <= 'Z';
}

/* How well term (lower-cased, len bytes) matches key, the lower-cased
 * copy of orig. */
static int match_field(const char *key, const char *orig, const char *term,
                       size_t len)
{
    const char *p = strstr(key, term);

    if (!p)
        return MATCH_NONE;
    if (p == key)
        return key[len] == '\0' ? MATCH_EXACT : MATCH_PREFIX;
    for (; p; p = strstr(p + 1, term))
        if (word_start(orig, (size_t)(p - key)))
            return MATCH_WORD;
    return MATCH_SUBSTRING;
}

/* How well term matches a Chinese name's key: there are no words to
 * start in Chinese text, so whole, prefix or anywhere. */
static int match_chinese(const char *key, const char *term, size_t len)
{
    if (!key || !strstr(key, term))
        return MATCH_NONE;
    return strcmp(key, term) == 0 ? MATCH_EXACT
           : strncmp(key, term, len) == 0 ? MATCH_PREFIX : MATCH_SUBSTRING;
}

/* A term's score: the match kind counts first, then which field.  Both
 * Chinese names count as the product, in either language: a user may
 * type the script of the other one (or paste a name from the console of
 * the other site). */
static int score_term(const struct catalog_entry *e, const char *term,
                      size_t len)
{
    int best = 0, m;

    m = match_field(e->key_product, e->product, term, len);
    if (m && m * 4 + 3 > best)
        best = m * 4 + 3;
    m = match_field(e->key_service, e->service_name, term, len);
    if (m && m * 4 + 2 > best)
        best = m * 4 + 2;
    m = match_field(e->key_role, e->role_name, term, len);
    if (m && m * 4 + 1 > best)
        best = m * 4 + 1;
    m = match_chinese(e->key_product_zh, term, len);
    if (m && m * 4 + 3 > best)
        best = m * 4 + 3;
    m = match_chinese(e->key_product_zh_tw, term, len);
    if (m && m * 4 + 3 > best)
        best = m * 4 + 3;
    return best;
}

static int hit_cmp(const void *a, const void *b)
{
    const struct catalog_hit *x = a, *y = b;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

size_t catalog_search(const struct catalog *c, const char *query,
                      struct catalog_hit *hits)
{
    char terms[CATALOG_QUERY_MAX + 1];
    const char *term[QUERY_TERMS_MAX];
    size_t term_len[QUERY_TERMS_MAX];
    size_t nterms = 0, n = 0, qlen = strlen(query);
    char *save = NULL, *tok;

    if (qlen > CATALOG_QUERY_MAX)
        qlen = CATALOG_QUERY_MAX;
    for (size_t i = 0; i < qlen; i++)
        terms[i] = (query[i] >= 'A' && query[i] <= 'Z')
                       ? (char)(query[i] - 'A' + 'a') : query[i];
    terms[qlen] = '\0';
    for (tok = strtok_r(terms, " \t\n", &save);
         tok && nterms < QUERY_TERMS_MAX;
         tok = strtok_r(NULL, " \t\n", &save)) {
        term[nterms] = tok;
        term_len[nterms] = strlen(tok);
        nterms++;
    }

    for (size_t i = 0; i < c->count; i++) {
        int total = 0;
        size_t t;

        for (t = 0; t < nterms; t++) {
            int s = score_term(&c->entries[i], term[t], term_len[t]);

            if (!s)
                break;
            total += s;
        }
        if (t < nterms)
            continue;
        hits[n].index = i;
        hits[n].score = total;
        n++;
    }
    if (nterms)
        qsort(hits, n, sizeof(*hits), hit_cmp);
    return n;
}
