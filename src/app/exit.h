/* exit — the exit codes, the same for every command and the UI.
 *
 * Documented in --help and linkrole(1); scripts depend on them, so a
 * code's meaning never changes. */
#ifndef LINKROLE_EXIT_H
#define LINKROLE_EXIT_H

#include "cloud/api.h"

enum {
    EXIT_DONE = 0,          /* done */
    EXIT_REFUSED = 1,       /* the cloud refused */
    EXIT_USAGE = 2,         /* bad usage or invalid input, nothing sent */
    EXIT_CREDENTIALS = 3,   /* credentials missing or rejected */
    EXIT_NETWORK = 4,       /* network, TLS or timeout */
    EXIT_INTERNAL = 5,      /* internal error */
    EXIT_BUSY = 6,          /* throttled or a server error after every
                             * retry: busy, try again later */
    EXIT_JOURNAL = 7        /* --journal-required: the journal cannot be
                             * written; nothing was sent */
};

/* The exit code for a failed call. */
int exit_code_of(const struct api_error *e);

#endif
