/* refusals — services whose CustomSuffix the cloud refused, remembered.
 *
 * When the cloud answers InvalidParameter.CustomSuffix.NotAllowed, the
 * service is written to $XDG_CACHE_HOME/linkrole/refused-suffix (one
 * service name a line), so the form and the CLI warn next time, in later
 * runs too.  A cache: when it cannot be read or written, linkrole simply
 * knows less.  The file is never followed through a symlink, and is
 * written with core/file's appender (0600, regular files only). */
#ifndef LINKROLE_REFUSALS_H
#define LINKROLE_REFUSALS_H

#include <stdbool.h>
#include <stddef.h>

#define REFUSALS_MAX 1024u      /* services remembered, at most */

struct refusals {
    char **services;
    size_t count;
};

/* Reads the file (a missing or broken one reads as empty; a symlink, a
 * FIFO or a device in its place too). */
void refusals_load(struct refusals *r);
/* The file's text, already read: one service name a line, anything that
 * is not one ignored.  r needs no refusals_free before, only after. */
void refusals_parse(struct refusals *r, const char *text, size_t len);
bool refusals_has(const struct refusals *r, const char *service);
/* Remembers service, in memory and in the file. */
void refusals_add(struct refusals *r, const char *service);
void refusals_free(struct refusals *r);
/* The file, into out ("" when there is no cache directory). */
void refusals_path(char *out, size_t size);

#endif
