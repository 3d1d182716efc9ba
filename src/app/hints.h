/* hints — what to do about an Alibaba Cloud error code, for people.
 *
 * One or two sentences per documented code (cloud/errors.c knows the
 * codes and their classes; the words are here), addressed to whoever ran
 * linkrole, who may not be the one who can fix it, so each says who has
 * to act.  Names from the failed call are shown cleaned, and the
 * server's message is only looked at, never copied. */
#ifndef LINKROLE_HINTS_H
#define LINKROLE_HINTS_H

#include "core/buf.h"

/* What the hint may mention about the failed call; any field may be NULL. */
struct hints_context {
    const char *action;         /* API action, e.g. CreateServiceLinkedRole */
    const char *service_name;   /* ServiceName, for SLR calls */
    const char *role_name;
    const char *message;        /* the server's Message */
};

/* Appends the hint for code (nothing for unknown codes; returns 0 then
 * too).  ctx may be NULL.  Returns 0, or -1 when out of room, leaving out
 * as it was. */
int hints_for(struct buf *out, const char *code,
              const struct hints_context *ctx);

#endif
