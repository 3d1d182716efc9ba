/* deletion — the words of deleting a service-linked role, once for the
 * CLI's `delete` and the UI's delete screen: what losing the role costs,
 * the resources a refused deletion names (region by region), what to do
 * about them, and how to follow a deletion left running.
 *
 * The deletion's fields come made safe by app/slr (app/safe.h); the
 * words are built here and printed or drawn by the front ends. */
#ifndef LINKROLE_DELETION_H
#define LINKROLE_DELETION_H

#include <stddef.h>

#include "app/options.h"
#include "cloud/api.h"
#include "core/buf.h"
#include "core/catalog.h"

/* What deleting role takes from e's service (e NULL: a service the
 * catalogue does not know): it can no longer act in the account with
 * the role's permissions, and what the catalogue says it uses them
 * for.  Returns 0, or -1 (out of room). */
int deletion_consequence(struct buf *out, const struct catalog_entry *e,
                         const char *role, enum lang lang);
/* "PolarDB (polardb.aliyuncs.com)", or a note that the catalogue does
 * not know the role's service.  Returns 0 or -1. */
int deletion_service(struct buf *out, const struct catalog_entry *e,
                     enum lang lang);

/* How many regions and resources d names (its usages, "region: resource"
 * lines, grouped where the same region follows itself). */
size_t deletion_regions(const struct api_deletion *d);
/* "Still in use by 2 resources in 1 region:". */
int deletion_usages_title(struct buf *out, const struct api_deletion *d);
/* The resources, one region a line followed by its resources indented
 * by two more spaces, every line after indent.  Returns 0 or -1. */
int deletion_usages(struct buf *out, const struct api_deletion *d,
                    const char *indent);
/* What to do about them (no trailing newline). */
const char *deletion_hint(void);
/* A failed deletion whole, as the UI copies and saves it: "Not
 * deleted: " and deletion_ended, the reason, the task, the title and the
 * resources, the hint. */
int deletion_report(struct buf *out, const char *role,
                    const struct api_deletion *d);

/* "Deleting ROLE: STATUS", the progress line (the front end adds the
 * time it has taken). */
int deletion_progress(struct buf *out, const char *role, const char *status);
/* "the deletion of ROLE ended STATUS": a clause, after "linkrole: " in
 * the CLI's error and after "Not deleted: " in the UI and the report. */
int deletion_ended(struct buf *out, const char *role, const char *status);
/* "Deleted ROLE". */
int deletion_done(struct buf *out, const char *role);

/* How to follow a deletion this program no longer follows. */
int deletion_follow(struct buf *out, const char *role);

#endif
