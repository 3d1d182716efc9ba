/* catalog_search — the catalogue searched as the user types.
 *
 * The index is built once per filter, at the first query with a term
 * (an empty search, the picker's first frame, needs none): every
 * entry's five searched names (product, service, role, and the two
 * Chinese products), ASCII lower-cased, one after another with a NUL
 * after each, in one key.  A term (which holds no NUL) is then looked
 * for once in the whole key, and where it occurs says which field it
 * matched and how well.  Should there be no memory for the index, each
 * entry's key is made in the filter's own room as it is searched:
 * slower, the same answers.
 *
 * A query that extends the previous one (the user typed one more key)
 * can only lose hits, never gain any: every term of the old query is a
 * part of a term of the new one.  So only the previous hits are searched
 * again; a shorter or different query starts from every entry.  Hits are
 * kept in the filter's order (the rank a front end gives once per
 * language), so sorting by score is a counting sort, stable, with no
 * comparison of strings on a keystroke. */
#include "config.h"

#include "core/catalog.h"
#include "core/catalog_impl.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define QUERY_TERMS_MAX 8
#define KEY_FIELDS 5
/* A term scores at most MATCH_EXACT * 4 + 3. */
#define SCORE_MAX (QUERY_TERMS_MAX * 19)

enum {
    MATCH_NONE = 0,
    MATCH_SUBSTRING = 1,
    MATCH_WORD = 2,
    MATCH_PREFIX = 3,
    MATCH_EXACT = 4
};

/* Where an entry's key is, and where each of its fields ends in it. */
struct key_at {
    uint32_t off;
    uint16_t end[KEY_FIELDS];
};

struct catalog_filter {
    const struct catalog *c;
    char *keys;                 /* every entry's key, one after another */
    struct key_at *at;          /* per entry */
    uint32_t *rank;             /* the entries in the order ties keep */
    uint32_t *cand;             /* the last query's hits, in rank order */
    uint8_t *score;             /* and their scores */
    size_t ncand;
    struct catalog_hit *hits;   /* the last query's hits, best first */
    size_t nhits;
    size_t scanned;
    bool have_last;
    bool no_index;              /* it could not be built: keys made one by
                                   one in room */
    char last[CATALOG_QUERY_MAX + 1]; /* lower-cased, cut */
    /* One entry's key: five text fields of at most 4096 bytes, and NULs. */
    char room[KEY_FIELDS * 4097];
};

/* Which fields a key holds, in order, with how much a match in each
 * counts: the product most, then the service name, then the role name;
 * a Chinese name counts as the product. */
static const char *key_field(const struct catalog_entry *e, int k)
{
    switch (k) {
    case 0: return e->product;
    case 1: return e->service_name;
    case 2: return e->role_name;
    case 3: return e->product_zh;
    default: return e->product_zh_tw;
    }
}

static const int field_weight[KEY_FIELDS] = { 3, 2, 1, 3, 3 };

static char lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* Writes entry e's key at out; returns its length and the fields' ends
 * in *at (not its offset). */
static size_t make_key(const struct catalog_entry *e, char *out,
                       struct key_at *at)
{
    size_t off = 0;

    for (int k = 0; k < KEY_FIELDS; k++) {
        const char *s = key_field(e, k);

        for (; s && *s; s++)
            out[off++] = lower(*s);
        /* Text fields are at most 4096 bytes: the five fit. */
        at->end[k] = (uint16_t)off;
        out[off++] = '\0';
    }
    return off;
}

static int build_index(struct catalog_filter *f)
{
    const struct catalog *c = f->c;
    size_t total = 0, off = 0;

    for (size_t i = 0; i < c->count; i++)
        for (int k = 0; k < KEY_FIELDS; k++) {
            const char *s = key_field(&c->entries[i], k);

            total += (s ? strlen(s) : 0) + 1;
        }
    if (total > UINT32_MAX)
        return -1;
    f->keys = malloc(total ? total : 1);
    f->at = malloc((c->count ? c->count : 1) * sizeof(*f->at));
    if (!f->keys || !f->at) {
        free(f->keys);
        free(f->at);
        f->keys = NULL;
        f->at = NULL;
        return -1;
    }
    for (size_t i = 0; i < c->count; i++) {
        f->at[i].off = (uint32_t)off;
        off += make_key(&c->entries[i], f->keys + off, &f->at[i]);
    }
    return 0;
}

struct catalog_filter *catalog_filter_new(const struct catalog *c)
{
    struct catalog_filter *f = calloc(1, sizeof(*f));
    size_t n = c->count ? c->count : 1;

    if (!f)
        return NULL;
    f->c = c;
    f->rank = malloc(n * sizeof(*f->rank));
    f->cand = malloc(n * sizeof(*f->cand));
    f->score = malloc(n * sizeof(*f->score));
    f->hits = malloc(n * sizeof(*f->hits));
    if (c->count > UINT32_MAX || !f->rank || !f->cand || !f->score ||
        !f->hits) {
        catalog_filter_free(f);
        return NULL;
    }
    for (size_t i = 0; i < c->count; i++)
        f->rank[i] = (uint32_t)i;
    return f;
}

void catalog_filter_free(struct catalog_filter *f)
{
    if (!f)
        return;
    free(f->keys);
    free(f->at);
    free(f->rank);
    free(f->cand);
    free(f->score);
    free(f->hits);
    free(f);
}

int catalog_filter_order(struct catalog_filter *f, const size_t *order)
{
    size_t n = f->c->count;
    uint8_t *seen = calloc(n ? n : 1, 1);
    int rc = -1;

    if (!seen)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t e = order ? order[i] : i;

        if (e >= n || seen[e])
            goto out;
        seen[e] = 1;
    }
    for (size_t i = 0; i < n; i++)
        f->rank[i] = (uint32_t)(order ? order[i] : i);
    f->have_last = false;
    rc = 0;
out:
    free(seen);
    return rc;
}

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

/* The first place of term (len bytes, at least one) in key[0..klen):
 * memchr for its first byte, then the rest compared.  glibc's memmem is
 * its portable C for short needles, several times slower on keys this
 * short. */
static const char *find(const char *key, size_t klen, const char *term,
                        size_t len)
{
    const char *p = key, *last;

    if (len > klen)
        return NULL;
    last = key + (klen - len);
    while ((p = memchr(p, term[0], (size_t)(last - p) + 1)) != NULL) {
        size_t i = 1;

        while (i < len && p[i] == term[i])
            i++;
        if (i == len)
            return p;
        if (p++ == last)
            break;
    }
    return NULL;
}

/* A term's score in an entry: the best of its places in the key.  At the
 * start of a field it is the whole field or a prefix; elsewhere in one of
 * the Latin names it may start a word; else it is inside one.  Chinese
 * text has no words to start.  The kind counts first, then the field. */
static int score_term(const struct catalog_entry *e, const char *key,
                      const struct key_at *at, const char *term, size_t len)
{
    const char *p;
    size_t klen = at->end[KEY_FIELDS - 1];
    int best = 0;

    for (p = find(key, klen, term, len); p;
         p = find(p + 1, klen - (size_t)(p + 1 - key), term, len)) {
        size_t pos = (size_t)(p - key), start = 0, rel;
        int k = 0, m, s;

        while (pos >= at->end[k]) {
            start = at->end[k] + 1u;
            k++;
        }
        rel = pos - start;
        if (rel == 0)
            m = start + len == at->end[k] ? MATCH_EXACT : MATCH_PREFIX;
        else if (k < 3 && word_start(key_field(e, k), rel))
            m = MATCH_WORD;
        else
            m = MATCH_SUBSTRING;
        s = m * 4 + field_weight[k];
        if (s > best)
            best = s;
        if (best == MATCH_EXACT * 4 + 3)
            break;
    }
    return best;
}

/* query lower-cased and cut as the search reads it. */
static void query_key(const char *query, char *out)
{
    size_t len = strlen(query);

    if (len > CATALOG_QUERY_MAX)
        len = CATALOG_QUERY_MAX;
    for (size_t i = 0; i < len; i++)
        out[i] = lower(query[i]);
    out[len] = '\0';
}

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n';
}

size_t catalog_filter_run(struct catalog_filter *f, const char *query,
                          const struct catalog_hit **hits)
{
    char q[CATALOG_QUERY_MAX + 1];
    const char *term[QUERY_TERMS_MAX];
    size_t term_len[QUERY_TERMS_MAX], nterms = 0, from, kept = 0;
    const uint32_t *source;
    size_t count[SCORE_MAX + 2] = { 0 };

    query_key(query, q);
    for (const char *p = q; *p && nterms < QUERY_TERMS_MAX;) {
        while (is_blank(*p))
            p++;
        if (!*p)
            break;
        term[nterms] = p;
        while (*p && !is_blank(*p))
            p++;
        term_len[nterms] = (size_t)(p - term[nterms]);
        nterms++;
    }
    /* What the new query can find is among what the last one found
     * when it extends it. */
    if (f->have_last && strncmp(q, f->last, strlen(f->last)) == 0) {
        source = f->cand;
        from = f->ncand;
    } else {
        source = f->rank;
        from = f->c->count;
    }
    if (nterms && !f->keys && !f->no_index && build_index(f) != 0)
        f->no_index = true;
    for (size_t r = 0; r < from; r++) {
        uint32_t e = source[r];
        const struct catalog_entry *entry = &f->c->entries[e];
        struct key_at made;
        const struct key_at *at = &made;
        const char *key = f->room;
        int total = 0;
        size_t t;

        if (nterms && f->keys) {
            at = &f->at[e];
            key = f->keys + at->off;
        } else if (nterms) {
            make_key(entry, f->room, &made);
        }
        for (t = 0; t < nterms; t++) {
            int s = score_term(entry, key, at, term[t], term_len[t]);

            if (!s)
                break;
            total += s;
        }
        if (t < nterms)
            continue;
        /* In place: kept never passes r, and source is f->cand or the
         * rank, so the order of the rank is kept. */
        f->cand[kept] = e;
        f->score[kept] = (uint8_t)total;
        kept++;
    }
    f->ncand = kept;
    f->scanned = from;
    memcpy(f->last, q, sizeof(q));
    f->have_last = true;

    /* Best first, ties in rank order: a counting sort. */
    for (size_t i = 0; i < kept; i++)
        count[SCORE_MAX - f->score[i] + 1]++;
    for (size_t s = 1; s <= SCORE_MAX + 1; s++)
        count[s] += count[s - 1];
    for (size_t i = 0; i < kept; i++) {
        struct catalog_hit *h = &f->hits[count[SCORE_MAX - f->score[i]]++];

        h->index = f->cand[i];
        h->score = f->score[i];
    }
    f->nhits = kept;
    *hits = f->hits;
    return kept;
}

void catalog_filter_no_index(struct catalog_filter *f)
{
    free(f->keys);
    free(f->at);
    f->keys = NULL;
    f->at = NULL;
    f->no_index = true;
}

size_t catalog_filter_scanned(const struct catalog_filter *f)
{
    return f->scanned;
}

size_t catalog_search(const struct catalog *c, const char *query,
                      struct catalog_hit *hits)
{
    struct catalog_filter *f = catalog_filter_new(c);
    const struct catalog_hit *found;
    size_t n;

    if (!f)
        return 0;
    n = catalog_filter_run(f, query, &found);
    memcpy(hits, found, n * sizeof(*hits));
    catalog_filter_free(f);
    return n;
}
