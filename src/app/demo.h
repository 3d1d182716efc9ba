/* demo — where --demo keeps its simulated account between commands.
 *
 * The account lives in $XDG_STATE_HOME/linkrole/demo.json (the
 * simulator's state file format), so `linkrole --demo create`, then
 * `--demo list`, then `--demo delete` in three processes see the same
 * roles; `linkrole --demo reset` starts over. */
#ifndef LINKROLE_DEMO_H
#define LINKROLE_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* The demo account's file, its directory made (0700) when create is
 * true.  out gets "" when there is no state directory: the demo then
 * starts fresh each run, as it did before. */
void demo_state_path(char *out, size_t size, bool create);

/* Forgets the demo account (removes its file).  Returns 0 (also when
 * there was none), or -1 with one line in msg. */
int demo_reset(struct buf *msg);

/* The hint added to a demo account that cannot be read. */
const char *demo_reset_hint(void);

#endif
