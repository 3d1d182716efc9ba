/* catalog — the bundled list of services that support service-linked roles.
 *
 * Loaded from data/services.json (or a file the user names), validated
 * field by field so a broken file gets one message naming the file and the
 * entry, and searched by product, service name and role name on every
 * keystroke of the picker (incrementally: catalog_filter).  Entries are
 * read-only once loaded. */
#ifndef LINKROLE_CATALOG_H
#define LINKROLE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* Larger files are refused rather than read. */
#define CATALOG_FILE_MAX (16u << 20)
#define CATALOG_ENTRIES_MAX 100000u
#define CATALOG_QUERY_MAX 256u

enum catalog_suffix {
    CATALOG_SUFFIX_UNKNOWN,   /* no source says (null in the file) */
    CATALOG_SUFFIX_ACCEPTED,
    CATALOG_SUFFIX_REFUSED
};

struct catalog_entry {
    /* Always present. */
    char *service_name;       /* the ServiceName, e.g. polardb.aliyuncs.com */
    char *role_name;          /* the preset role name */
    char *product;
    /* NULL when the file has null or nothing.  _zh is Simplified Chinese
     * (mainland), _zh_tw Traditional Chinese in Taiwan's wording. */
    char *product_zh;
    char *product_zh_tw;
    char *purpose;
    char *purpose_zh;
    char *purpose_zh_tw;
    char *description_en;
    char *description_zh;
    char *description_zh_tw;
    char *policy_name;
    char *source;
    char *note;
    enum catalog_suffix custom_suffix;
};

struct catalog {
    struct catalog_entry *entries;
    size_t count;
};

/* One search result: the entry's index and how well it matched. */
struct catalog_hit {
    size_t index;
    int score;
};

/* Which file to read: given (--catalog) when not NULL, else
 * $LINKROLE_CATALOG, else the installed copy (pkgdatadir/services.json),
 * else data/services.json beside the running program (an uninstalled
 * build, as the README runs it).  Returns 0 with the path in out, or -1
 * with out holding the places looked at, joined by ", ". */
int catalog_locate(const char *given, struct buf *out);

/* Reads and validates a catalogue file.  On failure returns -1, leaves c
 * empty and puts one line into err naming the file and, where it applies,
 * the entry and the field. */
int catalog_load(struct catalog *c, const char *path, struct buf *err);
/* The same for text already in memory; name is used in messages. */
int catalog_parse(struct catalog *c, const char *text, size_t len,
                  const char *name, struct buf *err);
void catalog_free(struct catalog *c);

/* The entry with this service name, or NULL. */
const struct catalog_entry *catalog_find(const struct catalog *c,
                                         const char *service_name);
/* The entry whose service name or role name equals name, ignoring ASCII
 * case, or NULL. */
const struct catalog_entry *catalog_lookup(const struct catalog *c,
                                           const char *name);

/* Ranks the entries against query: whitespace-separated terms, all of
 * which must match (case-insensitive) the product, a Chinese product name
 * (Simplified or Traditional, whatever the language shown: 数据库 and
 * 資料庫 both find Database Backup), service name or role name.  A
 * whole-field match beats a prefix, a prefix beats the start of a word,
 * and that beats any substring; the product counts most, then the service
 * name, then the role name.  Ties keep catalogue order.  An empty query
 * returns every entry in order.  hits must have room for c->count items;
 * returns how many were filled (0 when memory runs out).  One search: a
 * front end that searches on every keystroke keeps a catalog_filter. */
size_t catalog_search(const struct catalog *c, const char *query,
                      struct catalog_hit *hits);

/* The same search kept between queries, as the picker runs it on every
 * keystroke: the index is built once, and a query that extends the last
 * one (one more key typed) searches only the last one's hits.  The
 * catalogue must outlive the filter and not change. */
struct catalog_filter;

/* A filter over c, ties in catalogue order; NULL when out of memory. */
struct catalog_filter *catalog_filter_new(const struct catalog *c);
void catalog_filter_free(struct catalog_filter *f);

/* Ties (and an empty query) keep order[0..c->count) instead, a
 * permutation of the entries' indices (NULL: catalogue order), e.g. the
 * products sorted as the user reads them, once per language.  Returns
 * 0, or -1 when order is not a permutation or memory runs out (the
 * order is then unchanged). */
int catalog_filter_order(struct catalog_filter *f, const size_t *order);

/* Ranks the entries against query as catalog_search does (ties in the
 * filter's order).  *hits points at the filter's own array, valid until
 * the next run; returns how many there are. */
size_t catalog_filter_run(struct catalog_filter *f, const char *query,
                          const struct catalog_hit **hits);

/* The entries' indices into order[0..c->count), sorted by text[i] (one
 * string per entry, e.g. its product in the user's language) as
 * strcasecmp orders it, then as strcmp does, then by service name as
 * strcasecmp orders it, then by index: an order for catalog_filter_order.
 * The same order as qsort with those comparisons, in a fraction of the
 * time on a large catalogue.  Returns 0, or -1 when out of memory. */
int catalog_sort_by(const struct catalog *c, const char *const *text,
                    size_t *order);
/* The same order's first k entries, sorted, in order[0..k), then every
 * other entry by index: what a screen of k rows shows first, for a
 * fraction of a whole sort (which can follow).  k >= c->count is
 * catalog_sort_by.  Returns 0, or -1 when out of memory. */
int catalog_sort_top(const struct catalog *c, const char *const *text,
                     size_t k, size_t *order);

/* How many entries the last run looked at: every entry, or the hits of
 * the query it extended. */
size_t catalog_filter_scanned(const struct catalog_filter *f);

#endif
