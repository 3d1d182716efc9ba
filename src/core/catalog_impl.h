/* catalog_impl — what the catalogue's two readers share.
 *
 * catalog_parse tries the fast reader (catalog_fast.c: one scan of one
 * buffer, the entries pointing into it) and falls back to the full
 * parser (catalog.c: cJSON) for anything the fast one does not take, so
 * that both give the same entries and the same messages.  For
 * src/core/catalog*.c and their tests only. */
#ifndef LINKROLE_CATALOG_IMPL_H
#define LINKROLE_CATALOG_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/catalog.h"

/* The longest text field, in bytes once unescaped. */
#define CATALOG_TEXT_MAX 4096u

/* The text fields of an entry, in the order they are checked (so that
 * the first problem found is the one reported). */
struct catalog_field {
    const char *key;        /* the member's name in the file */
    size_t key_len;
    size_t offset;          /* of its char * in struct catalog_entry */
    bool required;
};

#define CATALOG_FIELDS 14
extern const struct catalog_field catalog_fields[CATALOG_FIELDS];

static inline char **catalog_slot(struct catalog_entry *e, size_t field)
{
    return (char **)(void *)((char *)e + catalog_fields[field].offset);
}

/* Why s[0..len) may not be a text field (too long, not UTF-8, a control
 * character), or NULL when it may. */
const char *catalog_text_problem(const char *s, size_t len);

/* A hash of the name s[0..len), of its ASCII lower-cased bytes when
 * fold is true (for ASCII names only: role names). */
uint32_t catalog_name_hash(const char *s, size_t len, bool fold);

/* Finds two entries that share a service name, else a role name (case
 * ignored): -1 with the message in err naming the first entry, in file
 * order, that repeats an earlier one; else 0.  hashes, when not NULL,
 * holds each entry's catalog_name_hash of its service name and of its
 * role name (folded), in turn. */
int catalog_check_unique(const struct catalog *c, const uint32_t *hashes,
                         const char *file, struct buf *err);

enum catalog_read {
    CATALOG_READ_OK,        /* c holds the catalogue */
    CATALOG_READ_FAILED,    /* err says why; c is empty */
    CATALOG_READ_DEFER      /* not taken: the full parser must decide */
};

/* The fast reader: one copy of text, scanned once; the entries' strings
 * point into that copy, unescaped in place.  Takes only what it can read
 * exactly as the full parser would (plain JSON whitespace, no escaped
 * member names, entries that pass every check, ...); DEFER for all the
 * rest, text untouched.  Two entries that share a name are FAILED with
 * the full parser's message. */
enum catalog_read catalog_read_fast(struct catalog *c, const char *text,
                                    size_t len, const char *name,
                                    struct buf *err);

/* The full parser (cJSON), which words every refusal: 0, or -1 with the
 * message in err and c empty. */
int catalog_read_full(struct catalog *c, const char *text, size_t len,
                      const char *name, struct buf *err);

/* For tests: the filter searches as it does when there is no memory for
 * its index (each entry's key made as it is searched). */
void catalog_filter_no_index(struct catalog_filter *f);

#endif
