/* tplcache — the cloud's service templates (GetServiceLinkedRoleTemplate)
 * remembered on disk, with the time each was fetched.
 *
 * The file is $XDG_CACHE_HOME/linkrole/templates (else ~/.cache/...):
 * one service a line, "<service>\t<fetched, Unix seconds>\t<answer>",
 * where <answer> is the template written as the API's answer, on one
 * line.  Reading trusts nothing: the file is never followed through a
 * symlink and must be a plain file of at most TPLCACHE_FILE_MAX bytes;
 * each answer goes through the API's own reader (types checked, texts
 * bounded) and is made safe (app/safe); a line that fails any check is
 * dropped, and the load says the file was not all usable.  Written
 * whole with core/file's file_replace (0600, atomically, no link
 * followed). */
#ifndef LINKROLE_TPLCACHE_H
#define LINKROLE_TPLCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cloud/api.h"
#include "core/buf.h"

#define TPLCACHE_FILE_MAX (1u << 20)
#define TPLCACHE_MAX 512u           /* services remembered, at most */

struct tplcache_entry {
    time_t fetched;
    struct api_slr_template t;      /* its r is empty */
};

struct tplcache {
    struct tplcache_entry *entries;
    size_t count;
};

enum tplcache_load {
    TPLCACHE_OK,                    /* read (or there is no file yet) */
    TPLCACHE_IGNORED,               /* not a plain file, or too big: unread */
    TPLCACHE_PARTLY                 /* some lines were not usable */
};

/* The file, into out ("" when there is no cache directory). */
void tplcache_path(char *out, size_t size);
/* Reads the file into c (empty on any trouble). */
enum tplcache_load tplcache_load(struct tplcache *c);
/* The file's text, already read. */
enum tplcache_load tplcache_parse(struct tplcache *c, const char *text,
                                  size_t len);
const struct tplcache_entry *tplcache_find(const struct tplcache *c,
                                           const char *service);
/* Remembers t (replacing the service's older one) as fetched at now.
 * Returns 0, or -1 (out of memory, or a name that is not a service's). */
int tplcache_put(struct tplcache *c, const char *service,
                 const struct api_slr_template *t, time_t now);
/* Writes c whole.  Returns 0, or -1 with errno-style *errnum (0: no
 * cache directory, or out of memory). */
int tplcache_save(const struct tplcache *c, int *errnum);
void tplcache_free(struct tplcache *c);

/* --- a service's template, remembered or fetched ---------------------- */

/* How long a remembered template is used without asking the cloud. */
#define TPLCACHE_FRESH_S (24 * 60 * 60)

enum tplcache_get {
    TPLCACHE_GOT_DISK,      /* remembered, fetched less than FRESH_S ago */
    TPLCACHE_GOT_CLOUD,     /* fetched now (and remembered, when it can be) */
    TPLCACHE_GOT_NONE,      /* not remembered, and fetch was false */
    TPLCACHE_GOT_ERROR      /* the fetch failed: err says why */
};

/* service's template into out: the one remembered on disk when fresh
 * (use_disk), else, when fetch, from the cloud (slr_template), then
 * remembered (use_disk; a cache that cannot be written only means
 * linkrole knows less next time).  out is to be freed with
 * api_slr_template_free whatever is returned.  Not for two threads at
 * once (the file is read and written whole). */
enum tplcache_get tplcache_get(struct api_client *c, const char *service,
                               bool use_disk, bool fetch,
                               struct api_slr_template *out,
                               struct api_error *err);

#endif
