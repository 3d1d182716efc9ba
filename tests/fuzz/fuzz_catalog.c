/* fuzz_catalog — the service catalogue reader, on any bytes.
 *
 * A catalogue may be a file the user names, so catalog_parse must turn
 * anything into either a usable catalogue or one printable message.  What
 * it accepts is then searched and looked up as the picker does on every
 * keystroke, and the answers are checked against what catalog.h
 * promises; the input's start is typed key by key into a catalog_filter
 * (and erased), whose answers must be those of a fresh search.  The fast
 * reader and the full parser read every input too,
 * and must agree: the same entries, or the same message (when the fast
 * one does not stand aside). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/catalog_impl.h"
#include "core/names.h"
#include "core/text.h"
#include "fuzz.h"

/* Longer than CATALOG_QUERY_MAX, so the cut is exercised. */
#define LONG_QUERY_LEN (CATALOG_QUERY_MAX + 40)
/* How much of the input doubles as a query. */
#define INPUT_QUERY_MAX 64

/* Whether text[0..len) is one JSON document and nothing after it but
 * blanks.  cJSON alone stops after the first value and calls that
 * success. */
static bool one_document(const char *text, size_t len)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
    bool ok = root && end && end >= text && end <= text + len;

    for (; ok && end < text + len; end++)
        if (*end != ' ' && *end != '\t' && *end != '\n' && *end != '\r')
            ok = false;
    cJSON_Delete(root);
    return ok;
}

/* An error line reaches the terminal as it is. */
static bool printable_line(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
            return false;
    return true;
}

static bool clean_text(const char *s)
{
    size_t len, off = 0;

    if (!s)
        return true;
    len = strlen(s);
    while (off < len) {
        uint32_t cp;
        bool valid;

        off += text_decode(s + off, len - off, &cp, &valid);
        if (!valid || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
            return false;
    }
    return true;
}

static void check_entry(const struct catalog_entry *e)
{
    FUZZ_CHECK(e->service_name && e->role_name && e->product);
    FUZZ_CHECK(names_service_ok(e->service_name));
    FUZZ_CHECK(*e->role_name && *e->product);
    FUZZ_CHECK(e->custom_suffix == CATALOG_SUFFIX_UNKNOWN ||
               e->custom_suffix == CATALOG_SUFFIX_ACCEPTED ||
               e->custom_suffix == CATALOG_SUFFIX_REFUSED);
    FUZZ_CHECK(clean_text(e->product) && clean_text(e->product_zh) &&
               clean_text(e->product_zh_tw) &&
               clean_text(e->purpose) && clean_text(e->purpose_zh) &&
               clean_text(e->purpose_zh_tw) && clean_text(e->description_en) &&
               clean_text(e->description_zh) &&
               clean_text(e->description_zh_tw) &&
               clean_text(e->policy_name) && clean_text(e->source) &&
               clean_text(e->note));
}

/* Runs one query and checks the ranking is well formed: distinct valid
 * indices, best first, ties in catalogue order. */
static size_t search(const struct catalog *c, const char *query,
                     struct catalog_hit *hits)
{
    size_t n = catalog_search(c, query, hits);
    bool *seen;

    FUZZ_CHECK(n <= c->count);
    seen = calloc(c->count, sizeof(*seen));
    if (!seen)
        return n;
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(hits[i].index < c->count);
        FUZZ_CHECK(!seen[hits[i].index]);
        seen[hits[i].index] = true;
        if (i > 0)
            FUZZ_CHECK(hits[i - 1].score > hits[i].score ||
                       (hits[i - 1].score == hits[i].score &&
                        hits[i - 1].index < hits[i].index));
    }
    free(seen);
    return n;
}

/* Whether index is among the hits. */
static bool hit_has(const struct catalog_hit *hits, size_t n, size_t index)
{
    for (size_t i = 0; i < n; i++)
        if (hits[i].index == index)
            return true;
    return false;
}

/* A fresh search's hits ranked as a filter ordered by rank ranks them:
 * best first, ties in the rank's order. */
static const size_t *sort_rank;

static int by_rank(const void *a, const void *b)
{
    const struct catalog_hit *x = a, *y = b;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (sort_rank[x->index] > sort_rank[y->index]) -
           (sort_rank[x->index] < sort_rank[y->index]);
}

/* Types query into a filter one byte at a time, then erases it, each
 * answer checked against a fresh search: narrowing from the last hits
 * must lose nothing.  The filter's order is the catalogue's reversed. */
static void type_into_filter(const struct catalog *c, const char *query,
                             struct catalog_hit *fresh)
{
    struct catalog_filter *f = catalog_filter_new(c);
    size_t *order = calloc(c->count, sizeof(*order));
    size_t *pos = calloc(c->count, sizeof(*pos));
    size_t len = strlen(query);
    char typed[INPUT_QUERY_MAX + 1];

    if (!f || !order || !pos || len > INPUT_QUERY_MAX)
        goto out;
    for (size_t i = 0; i < c->count; i++) {
        order[i] = c->count - 1 - i;
        pos[order[i]] = i;
    }
    FUZZ_CHECK(catalog_filter_order(f, order) == 0);
    sort_rank = pos;
    for (size_t step = 0; step <= 2 * len; step++) {
        size_t at = step <= len ? step : 2 * len - step;
        const struct catalog_hit *hits;
        size_t n, m;

        memcpy(typed, query, at);
        typed[at] = '\0';
        n = catalog_filter_run(f, typed, &hits);
        m = catalog_search(c, typed, fresh);
        FUZZ_CHECK(n == m);
        qsort(fresh, m, sizeof(*fresh), by_rank);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(hits[i].index == fresh[i].index &&
                       hits[i].score == fresh[i].score);
    }
out:
    free(order);
    free(pos);
    catalog_filter_free(f);
}

static void exercise(const struct catalog *c, const uint8_t *data,
                     size_t size)
{
    static const char *const fixed[] = {
        "a", "role", "POLARDB", "aliyuncs.com", "  ecs  ", "AliyunService",
        "a b c d e f g h i j k", "\xE6\x95\xB0\xE6\x8D\xAE", "\xFF\xFE"
    };
    struct catalog_hit *hits = calloc(c->count, sizeof(*hits));
    char query[LONG_QUERY_LEN + 1];
    const struct catalog_entry *e;
    size_t n, qlen;

    if (!hits)
        return;
    /* An empty query lists everything in catalogue order. */
    n = search(c, "", hits);
    FUZZ_CHECK(n == c->count);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(hits[i].index == i);

    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        search(c, fixed[i], hits);

    memset(query, 'x', LONG_QUERY_LEN);
    query[LONG_QUERY_LEN] = '\0';
    search(c, query, hits);

    /* The start of the input, as if typed. */
    qlen = size < INPUT_QUERY_MAX ? size : INPUT_QUERY_MAX;
    memcpy(query, data, qlen);
    query[qlen] = '\0';
    search(c, query, hits);
    type_into_filter(c, query, hits);

    for (size_t i = 0; i < c->count && i < 4; i++) {
        e = &c->entries[i];
        /* Every entry is found by its own names. */
        n = search(c, e->service_name, hits);
        FUZZ_CHECK(hit_has(hits, n, i));
        n = search(c, e->role_name, hits);
        FUZZ_CHECK(hit_has(hits, n, i));
        n = search(c, e->product, hits);
        FUZZ_CHECK(hit_has(hits, n, i));

        FUZZ_CHECK(catalog_find(c, e->service_name) == e);
        e = catalog_lookup(c, c->entries[i].service_name);
        FUZZ_CHECK(e != NULL);
        FUZZ_CHECK(strcasecmp(e->service_name,
                              c->entries[i].service_name) == 0 ||
                   strcasecmp(e->role_name,
                              c->entries[i].service_name) == 0);
        e = catalog_lookup(c, c->entries[i].role_name);
        FUZZ_CHECK(e != NULL);
        FUZZ_CHECK(strcasecmp(e->service_name,
                              c->entries[i].role_name) == 0 ||
                   strcasecmp(e->role_name, c->entries[i].role_name) == 0);
    }
    catalog_lookup(c, query);
    catalog_lookup(c, "");
    free(hits);
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_same(const struct catalog *x, const struct catalog *y)
{
    FUZZ_CHECK(x->count == y->count);
    for (size_t i = 0; i < x->count; i++) {
        struct catalog_entry *a = &x->entries[i], *b = &y->entries[i];

        for (size_t f = 0; f < CATALOG_FIELDS; f++)
            FUZZ_CHECK(same_text(*catalog_slot(a, f), *catalog_slot(b, f)));
        FUZZ_CHECK(a->custom_suffix == b->custom_suffix);
    }
}

/* The two readers on the same bytes. */
static void readers_agree(const uint8_t *data, size_t size)
{
    struct catalog fast, full;
    struct buf fast_err, full_err;
    enum catalog_read r;
    int full_rc;

    buf_init(&fast_err, 4096);
    buf_init(&full_err, 4096);
    r = catalog_read_fast(&fast, (const char *)data, size, "fuzz.json",
                          &fast_err);
    full_rc = catalog_read_full(&full, (const char *)data, size, "fuzz.json",
                                &full_err);
    switch (r) {
    case CATALOG_READ_OK:
        FUZZ_CHECK(full_rc == 0);
        check_same(&fast, &full);
        break;
    case CATALOG_READ_FAILED:
        FUZZ_CHECK(full_rc == -1);
        FUZZ_CHECK(strcmp(buf_str(&fast_err), buf_str(&full_err)) == 0);
        FUZZ_CHECK(fast.count == 0 && fast.entries == NULL);
        break;
    case CATALOG_READ_DEFER:
        FUZZ_CHECK(fast.count == 0 && fast.entries == NULL);
        break;
    }
    catalog_free(&fast);
    catalog_free(&full);
    buf_free(&fast_err);
    buf_free(&full_err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct catalog c;
    struct buf err;

    readers_agree(data, size);
    buf_init(&err, 4096);
    /* The bytes are passed as they are, not NUL-terminated, so reading
     * past len is caught. */
    if (catalog_parse(&c, (const char *)data, size, "fuzz.json", &err)) {
        FUZZ_CHECK(c.count == 0 && c.entries == NULL);
        FUZZ_CHECK(printable_line(buf_str(&err)));
        FUZZ_CHECK(strncmp(buf_str(&err), "fuzz.json", 9) == 0);
    } else {
        FUZZ_CHECK(c.count > 0 && c.count <= CATALOG_ENTRIES_MAX);
        /* "[...] x" is a broken file, not a catalogue. */
        FUZZ_CHECK(one_document((const char *)data, size));
        for (size_t i = 0; i < c.count; i++)
            check_entry(&c.entries[i]);
        exercise(&c, data, size);
        catalog_free(&c);
        FUZZ_CHECK(c.count == 0 && c.entries == NULL);
    }
    buf_free(&err);
    return 0;
}
