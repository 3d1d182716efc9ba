/* wipe — forgetting secrets.
 *
 * An AccessKeySecret, a SecurityToken or an answer that carried one is
 * overwritten before its memory is given back, so a later core file,
 * swap page or use-after-free cannot show it.  The one home for this:
 * buffers (buf_wipe), pair lists (kvlist_free) and JSON trees
 * (json_delete_wiped) use it too. */
#ifndef LINKROLE_WIPE_H
#define LINKROLE_WIPE_H

#include <stddef.h>

/* Overwrites n bytes at p with zeros, in a way the compiler keeps. */
void wipe_mem(void *p, size_t n);
/* Overwrites the string s (may be NULL) and frees it. */
void wipe_free(char *s);

#endif
