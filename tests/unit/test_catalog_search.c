/* Tests for src/core/catalog_search.c: the incremental filter finds what
 * the search always found, in the same order.  The reference is the
 * search as it was before the index (five lower-cased copies per entry,
 * four substring searches per term, a sort of the hits on every
 * keystroke), kept here word for word in its logic; the filter must
 * agree with it on the bundled catalogue, on Chinese names typed byte by
 * byte, and on random catalogues and random typing; and narrowing must
 * look only at the last hits. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/catalog.h"
#include "core/catalog_impl.h"

/* --- the reference: the search before the filter ---------------------- */

#define REF_TERMS_MAX 8

enum { REF_NONE, REF_SUBSTRING, REF_WORD, REF_PREFIX, REF_EXACT };

static char *ref_lower(const char *s)
{
    size_t len = strlen(s);
    char *p = malloc(len + 1);

    assert_non_null(p);
    for (size_t i = 0; i <= len; i++)
        p[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    return p;
}

static bool ref_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9');
}

static bool ref_word_start(const char *orig, size_t at)
{
    char prev = orig[at - 1], cur = orig[at];

    if (!ref_alnum(prev))
        return true;
    return prev >= 'a' && prev <= 'z' && cur >= 'A' && cur <= 'Z';
}

static int ref_field(const char *orig, const char *term, size_t len)
{
    char *key = ref_lower(orig);
    const char *p = strstr(key, term);
    int m = REF_NONE;

    if (!p)
        goto out;
    if (p == key) {
        m = key[len] == '\0' ? REF_EXACT : REF_PREFIX;
        goto out;
    }
    m = REF_SUBSTRING;
    for (; p; p = strstr(p + 1, term))
        if (ref_word_start(orig, (size_t)(p - key))) {
            m = REF_WORD;
            break;
        }
out:
    free(key);
    return m;
}

static int ref_chinese(const char *orig, const char *term, size_t len)
{
    char *key;
    int m = REF_NONE;

    if (!orig)
        return REF_NONE;
    key = ref_lower(orig);
    if (strstr(key, term))
        m = strcmp(key, term) == 0 ? REF_EXACT
            : strncmp(key, term, len) == 0 ? REF_PREFIX : REF_SUBSTRING;
    free(key);
    return m;
}

static int ref_score_term(const struct catalog_entry *e, const char *term,
                          size_t len)
{
    int best = 0, m;

    m = ref_field(e->product, term, len);
    if (m && m * 4 + 3 > best)
        best = m * 4 + 3;
    m = ref_field(e->service_name, term, len);
    if (m && m * 4 + 2 > best)
        best = m * 4 + 2;
    m = ref_field(e->role_name, term, len);
    if (m && m * 4 + 1 > best)
        best = m * 4 + 1;
    m = ref_chinese(e->product_zh, term, len);
    if (m && m * 4 + 3 > best)
        best = m * 4 + 3;
    m = ref_chinese(e->product_zh_tw, term, len);
    if (m && m * 4 + 3 > best)
        best = m * 4 + 3;
    return best;
}

/* Ties: the reference's catalogue order, or a rank when one is given
 * (what the picker sorted by after the search, on every keystroke). */
static const size_t *ref_rank;

static int ref_hit_cmp(const void *a, const void *b)
{
    const struct catalog_hit *x = a, *y = b;
    size_t rx = ref_rank ? ref_rank[x->index] : x->index;
    size_t ry = ref_rank ? ref_rank[y->index] : y->index;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return rx < ry ? -1 : rx > ry;
}

static size_t ref_search(const struct catalog *c, const char *query,
                         struct catalog_hit *hits, const size_t *rank)
{
    char terms[CATALOG_QUERY_MAX + 1];
    const char *term[REF_TERMS_MAX];
    size_t term_len[REF_TERMS_MAX];
    size_t nterms = 0, n = 0, qlen = strlen(query);
    char *save = NULL, *tok;

    if (qlen > CATALOG_QUERY_MAX)
        qlen = CATALOG_QUERY_MAX;
    for (size_t i = 0; i < qlen; i++)
        terms[i] = (query[i] >= 'A' && query[i] <= 'Z')
                       ? (char)(query[i] - 'A' + 'a') : query[i];
    terms[qlen] = '\0';
    for (tok = strtok_r(terms, " \t\n", &save);
         tok && nterms < REF_TERMS_MAX;
         tok = strtok_r(NULL, " \t\n", &save)) {
        term[nterms] = tok;
        term_len[nterms] = strlen(tok);
        nterms++;
    }
    for (size_t i = 0; i < c->count; i++) {
        int total = 0;
        size_t t;

        for (t = 0; t < nterms; t++) {
            int s = ref_score_term(&c->entries[i], term[t], term_len[t]);

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
    ref_rank = rank;
    if (nterms || rank)
        qsort(hits, n, sizeof(*hits), ref_hit_cmp);
    ref_rank = NULL;
    return n;
}

/* --- helpers ----------------------------------------------------------- */

static const char *bundled_path(void)
{
    const char *p = getenv("LINKROLE_CATALOG");

    return p && *p ? p : "data/services.json";
}

static void load_bundled(struct catalog *c)
{
    struct buf err;

    buf_init(&err, 4096);
    if (catalog_load(c, bundled_path(), &err))
        fail_msg("%s", buf_str(&err));
    buf_free(&err);
}

/* Runs query through the filter and checks it against the reference
 * (rank: the position of each entry in the filter's order, or NULL for
 * catalogue order).  Returns how many hits. */
static size_t run_and_compare(struct catalog_filter *f,
                              const struct catalog *c, const char *query,
                              const size_t *rank)
{
    struct catalog_hit *want = calloc(c->count + 1, sizeof(*want));
    const struct catalog_hit *got;
    size_t n, m;

    assert_non_null(want);
    n = catalog_filter_run(f, query, &got);
    m = ref_search(c, query, want, rank);
    if (n != m)
        fail_msg("\"%s\": %zu hits, the reference %zu", query, n, m);
    for (size_t i = 0; i < n; i++)
        if (got[i].index != want[i].index || got[i].score != want[i].score)
            fail_msg("\"%s\", hit %zu: entry %zu (score %d), the reference "
                     "entry %zu (score %d)", query, i, got[i].index,
                     got[i].score, want[i].index, want[i].score);
    free(want);
    return n;
}

/* --- the tests --------------------------------------------------------- */

/* Each key typed looks only at the last key's hits. */
static void test_narrowing(void **state)
{
    static const char typed[] = "polardb mysql";
    struct catalog c;
    struct catalog_filter *f;
    char q[sizeof(typed)];
    size_t last;

    (void)state;
    load_bundled(&c);
    f = catalog_filter_new(&c);
    assert_non_null(f);
    last = run_and_compare(f, &c, "", NULL);
    assert_int_equal(last, c.count);
    assert_int_equal(catalog_filter_scanned(f), c.count);
    for (size_t k = 1; k < sizeof(typed); k++) {
        size_t n;

        memcpy(q, typed, k);
        q[k] = '\0';
        n = run_and_compare(f, &c, q, NULL);
        assert_int_equal(catalog_filter_scanned(f), last);
        assert_true(n <= last);
        last = n;
    }
    /* The same query again, and blanks after it: nothing new to find. */
    run_and_compare(f, &c, "polardb mysql  ", NULL);
    assert_int_equal(catalog_filter_scanned(f), last);
    catalog_filter_free(f);
    catalog_free(&c);
}

/* A shorter or different query starts again from every entry. */
static void test_widening(void **state)
{
    static const char *const queries[] = {
        "polardb", "polard", "pol", "ecs", "ecs elastic", "ec", "", "rds",
        "RDS", "rds ", "r"
    };
    static const bool all[] = {
        true, true, true, true, false, true, true, true, false, false,
        true
    };
    struct catalog c;
    struct catalog_filter *f;
    size_t last = 0;

    (void)state;
    load_bundled(&c);
    f = catalog_filter_new(&c);
    assert_non_null(f);
    for (size_t i = 0; i < sizeof(queries) / sizeof(*queries); i++) {
        size_t n = run_and_compare(f, &c, queries[i], NULL);

        /* "RDS" extends "rds": case is not the user's question. */
        assert_int_equal(catalog_filter_scanned(f), all[i] ? c.count : last);
        last = n;
    }
    catalog_filter_free(f);
    catalog_free(&c);
}

/* Chinese names typed one byte at a time (a terminal may hand them over
 * so), in both scripts, and the Latin letters in them in any case. */
static void test_chinese_names(void **state)
{
    static const char *const typed[] = {
        "\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93",              /* 数据库 */
        "\xe8\xb3\x87\xe6\x96\x99\xe5\xba\xab",              /* 資料庫 */
        "\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93\xe5\xa4\x87\xe4\xbb\xbd",
        "\xe4\xba\x91\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93 POLARDB",
        "\xe9\x9b\xb2 \xe8\xb3\x87\xe6\x96\x99",
    };
    struct catalog c;
    struct catalog_filter *f;
    const struct catalog_hit *hits;
    bool dbs = false;
    size_t n;

    (void)state;
    load_bundled(&c);
    f = catalog_filter_new(&c);
    assert_non_null(f);
    for (size_t i = 0; i < sizeof(typed) / sizeof(*typed); i++) {
        size_t len = strlen(typed[i]);
        char q[64];

        for (size_t k = 0; k <= len; k++) {
            memcpy(q, typed[i], k);
            q[k] = '\0';
            run_and_compare(f, &c, q, NULL);
        }
        for (size_t k = len; k-- > 0;) {
            q[k] = '\0';
            run_and_compare(f, &c, q, NULL);
        }
    }
    /* 資料庫備份, the Taiwan name: Database Backup first. */
    n = catalog_filter_run(f, "\xe8\xb3\x87\xe6\x96\x99\xe5\xba\xab\xe5\x82"
                           "\x99\xe4\xbb\xbd", &hits);
    assert_true(n >= 1);
    assert_string_equal(c.entries[hits[0].index].service_name,
                        "dbs.aliyuncs.com");
    n = catalog_filter_run(f, "\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93", &hits);
    for (size_t i = 0; i < n; i++)
        dbs |= strcmp(c.entries[hits[i].index].service_name,
                      "dbs.aliyuncs.com") == 0;
    assert_true(dbs);
    catalog_filter_free(f);
    catalog_free(&c);
}

/* The filter's order breaks ties and orders an empty query; it is
 * checked to be a permutation. */
static void test_order(void **state)
{
    struct catalog c;
    struct catalog_filter *f;
    size_t *order, *rank;
    const struct catalog_hit *hits;

    (void)state;
    load_bundled(&c);
    f = catalog_filter_new(&c);
    order = calloc(c.count, sizeof(*order));
    rank = calloc(c.count, sizeof(*rank));
    assert_true(f && order && rank);
    /* Every third entry first, then the rest backwards. */
    for (size_t i = 0, k = 0; i < c.count; i += 3)
        order[k++] = i;
    for (size_t i = c.count, k = (c.count + 2) / 3; i-- > 0;)
        if (i % 3)
            order[k++] = i;
    for (size_t i = 0; i < c.count; i++)
        rank[order[i]] = i;
    assert_int_equal(catalog_filter_order(f, order), 0);
    assert_int_equal(catalog_filter_run(f, "", &hits), c.count);
    for (size_t i = 0; i < c.count; i++)
        assert_int_equal(hits[i].index, order[i]);
    run_and_compare(f, &c, "a", rank);
    run_and_compare(f, &c, "al", rank);
    run_and_compare(f, &c, "aliyun", rank);
    run_and_compare(f, &c, "service", rank);
    run_and_compare(f, &c, "db", rank);
    /* Not a permutation: refused, the order kept. */
    order[1] = order[0];
    assert_int_equal(catalog_filter_order(f, order), -1);
    run_and_compare(f, &c, "db", rank);
    order[1] = c.count;
    assert_int_equal(catalog_filter_order(f, order), -1);
    assert_int_equal(catalog_filter_order(f, NULL), 0);
    run_and_compare(f, &c, "db", NULL);
    free(order);
    free(rank);
    catalog_filter_free(f);
    catalog_free(&c);
}

static uint64_t rng_state = 0x2545f4914f6cdd1du;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static const char *const pieces[] = {
    "Polar", "DB", "db", "My", "SQL", "for", "Data", "base", "Backup", "x",
    "Ro", "le", "-", " ", "Ecs", "ECS", "e", "a", "ab", "ba",
    "\xe6\x95\xb0\xe6\x8d\xae", "\xe5\xba\x93", "\xe8\xb3\x87",
    "\xe4\xba\x91"
};

#define PIECES (sizeof(pieces) / sizeof(*pieces))

static void random_text(struct buf *b, size_t parts)
{
    for (size_t i = 0; i < parts; i++)
        buf_adds(b, pieces[rng() % PIECES]);
}

/* A random catalogue: names built from pieces that overlap, so that
 * matches of every kind (whole, prefix, word start at a case change or
 * after a dash, inside) and ties are common. */
static void random_catalog(struct catalog *c, size_t entries)
{
    struct buf text, err;

    buf_init(&text, 1u << 22);
    buf_init(&err, 4096);
    buf_adds(&text, "[");
    for (size_t i = 0; i < entries; i++) {
        buf_printf(&text, "%s{\"service_name\":\"s%zu.", i ? "," : "", i);
        for (size_t k = rng() % 3; k-- > 0;)
            buf_adds(&text, rng() % 2 ? "polar" : "db-x");
        buf_printf(&text, ".com\",\"role_name\":\"Role%zu", i);
        for (size_t k = rng() % 3; k-- > 0;)
            buf_adds(&text, rng() % 2 ? "Polar" : "DBx");
        buf_adds(&text, "\",\"product\":\"");
        random_text(&text, 1 + rng() % 4);
        buf_adds(&text, "\"");
        if (rng() % 2) {
            buf_adds(&text, ",\"product_zh\":\"");
            random_text(&text, rng() % 4);
            buf_adds(&text, "\"");
        }
        if (rng() % 3 == 0) {
            buf_adds(&text, ",\"product_zh_tw\":\"");
            random_text(&text, rng() % 3);
            buf_adds(&text, "\"");
        }
        buf_adds(&text, "}");
    }
    buf_adds(&text, "]");
    if (catalog_parse(c, buf_str(&text), buf_len(&text), "random.json",
                      &err))
        fail_msg("%s", buf_str(&err));
    buf_free(&text);
    buf_free(&err);
}

/* Random typing (keys, Backspace, a word erased, the line cleared, a
 * paste) into random catalogues, each step against the reference, in
 * catalogue order and in a random one, with and without the index. */
static void test_random_typing(void **state)
{
    static const char keys[] = "polardbmysqlecsxaerb -DPL\t";
    char q[CATALOG_QUERY_MAX + 64];

    (void)state;
    for (int round = 0; round < 12; round++) {
        struct catalog c;
        struct catalog_filter *f;
        size_t *order, *rank, len = 0;

        random_catalog(&c, 30 + rng() % 150);
        f = catalog_filter_new(&c);
        /* Every third round without the index, as without memory. */
        if (f && round % 3 == 2)
            catalog_filter_no_index(f);
        order = calloc(c.count, sizeof(*order));
        rank = calloc(c.count, sizeof(*rank));
        assert_true(f && order && rank);
        if (round % 2) {
            for (size_t i = 0; i < c.count; i++)
                order[i] = i;
            for (size_t i = c.count; i > 1; i--) {
                size_t j = rng() % i, t = order[i - 1];

                order[i - 1] = order[j];
                order[j] = t;
            }
            for (size_t i = 0; i < c.count; i++)
                rank[order[i]] = i;
            assert_int_equal(catalog_filter_order(f, order), 0);
        }
        q[0] = '\0';
        for (int step = 0; step < 300; step++) {
            uint32_t r = rng() % 20;

            if (r < 12 && len + 1 < sizeof(q)) {
                q[len++] = keys[rng() % (sizeof(keys) - 1)];
            } else if (r < 14 && len + 4 < sizeof(q)) {
                const char *p = pieces[rng() % PIECES];

                for (; *p && len + 1 < sizeof(q); p++)
                    q[len++] = *p;
            } else if (r < 18 && len > 0) {
                len--;
            } else if (r < 19) {
                while (len > 0 && q[len - 1] == ' ')
                    len--;
                while (len > 0 && q[len - 1] != ' ')
                    len--;
            } else {
                len = 0;
            }
            q[len] = '\0';
            run_and_compare(f, &c, q, round % 2 ? rank : NULL);
        }
        free(order);
        free(rank);
        catalog_filter_free(f);
        catalog_free(&c);
    }
}

/* catalog_search, the one-shot form, is the same search. */
static void test_search_is_the_filter(void **state)
{
    static const char *const queries[] = {
        "", "polar", "POLARDB", "role for", "aliyun", "\xe4\xba\x91", "zzz",
        "a b c d e f g h i j", "x"
    };
    struct catalog c;
    struct catalog_hit *got, *want;

    (void)state;
    load_bundled(&c);
    got = calloc(c.count, sizeof(*got));
    want = calloc(c.count, sizeof(*want));
    assert_true(got && want);
    for (size_t i = 0; i < sizeof(queries) / sizeof(*queries); i++) {
        size_t n = catalog_search(&c, queries[i], got);

        assert_int_equal(n, ref_search(&c, queries[i], want, NULL));
        for (size_t k = 0; k < n; k++) {
            assert_int_equal(got[k].index, want[k].index);
            assert_int_equal(got[k].score, want[k].score);
        }
    }
    free(got);
    free(want);
    catalog_free(&c);
}

/* catalog_sort_by against qsort with the comparison it stands for. */
struct ref_key {
    const char *text, *service;
    size_t index;
};

static int ref_key_cmp(const void *a, const void *b)
{
    const struct ref_key *x = a, *y = b;
    int c = strcasecmp(x->text, y->text);

    if (c == 0)
        c = strcmp(x->text, y->text);
    if (c == 0)
        c = strcasecmp(x->service, y->service);
    if (c == 0)
        c = (x->index > y->index) - (x->index < y->index);
    return c;
}

static void check_sort(const struct catalog *c, const char *const *text)
{
    struct ref_key *keys = calloc(c->count + 1, sizeof(*keys));
    size_t *order = calloc(c->count + 1, sizeof(*order));

    assert_true(keys && order);
    for (size_t i = 0; i < c->count; i++) {
        keys[i].text = text[i];
        keys[i].service = c->entries[i].service_name;
        keys[i].index = i;
    }
    qsort(keys, c->count, sizeof(*keys), ref_key_cmp);
    assert_int_equal(catalog_sort_by(c, text, order), 0);
    for (size_t i = 0; i < c->count; i++)
        if (order[i] != keys[i].index)
            fail_msg("position %zu: entry %zu (\"%s\"), qsort entry %zu "
                     "(\"%s\")", i, order[i], text[order[i]], keys[i].index,
                     keys[i].text);
    /* catalog_sort_top: the same first k, then every other entry once,
     * by index. */
    for (size_t k = 0; k <= c->count + 1; k = k < 3 ? k + 1 : k * 3 + 1) {
        size_t top = k < c->count ? k : c->count, last = 0;
        unsigned char *seen = calloc(c->count + 1, 1);

        assert_non_null(seen);
        memset(order, 0xff, (c->count + 1) * sizeof(*order));
        assert_int_equal(catalog_sort_top(c, text, k, order), 0);
        for (size_t i = 0; i < c->count; i++) {
            assert_true(order[i] < c->count);
            assert_false(seen[order[i]]);
            seen[order[i]] = 1;
            if (i < top) {
                if (order[i] != keys[i].index)
                    fail_msg("top %zu, position %zu: entry %zu, qsort entry "
                             "%zu", k, i, order[i], keys[i].index);
            } else {
                assert_true(i == top || order[i] > last);
                last = order[i];
            }
        }
        free(seen);
    }
    free(keys);
    free(order);
}

static void test_sort_by(void **state)
{
    static const char *const words[] = {
        "polardb", "PolarDB", "POLARDB", "polardb ", "polar", "Polar-DB",
        "", "a", "A", "ab", "\xe4\xba\x91", "\xe4\xba\x91 RDS",
        "\xe4\xba\x91 rds", "Z", "z", "_", "polardb for mysql"
    };
    struct catalog c;
    const char **text;

    (void)state;
    load_bundled(&c);
    text = calloc(c.count, sizeof(*text));
    assert_non_null(text);
    for (size_t i = 0; i < c.count; i++)
        text[i] = c.entries[i].product;
    check_sort(&c, text);
    for (size_t i = 0; i < c.count; i++)
        text[i] = c.entries[i].product_zh ? c.entries[i].product_zh
                                          : c.entries[i].product;
    check_sort(&c, text);
    /* Few distinct texts, differing in case only: ties everywhere. */
    for (size_t i = 0; i < c.count; i++)
        text[i] = words[rng() % (sizeof(words) / sizeof(*words))];
    check_sort(&c, text);
    /* One text for all: the service names and the index decide. */
    for (size_t i = 0; i < c.count; i++)
        text[i] = "Same";
    check_sort(&c, text);
    free(text);
    catalog_free(&c);
    for (int round = 0; round < 6; round++) {
        random_catalog(&c, 50 + rng() % 400);
        text = calloc(c.count, sizeof(*text));
        assert_non_null(text);
        for (size_t i = 0; i < c.count; i++)
            text[i] = round % 2 ? c.entries[i].role_name
                                : c.entries[i].product;
        check_sort(&c, text);
        free(text);
        catalog_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_narrowing),
        cmocka_unit_test(test_widening),
        cmocka_unit_test(test_chinese_names),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_random_typing),
        cmocka_unit_test(test_search_is_the_filter),
        cmocka_unit_test(test_sort_by),
    };

    return cmocka_run_group_tests_name("catalog_search", tests, NULL, NULL);
}
