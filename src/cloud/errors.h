/* errors — what an Alibaba Cloud error code means, in plain language.
 *
 * Every code the seeds and the reference's error table document gets a
 * class (which decides retries and the exit code) and a hint that says
 * what to do about it; permission errors also get the minimal RAM policy
 * that would allow the call.  Decisions key on the Code, never on the
 * HTTP status. */
#ifndef LINKROLE_ERRORS_H
#define LINKROLE_ERRORS_H

#include <stdbool.h>

#include "core/buf.h"

enum errors_class {
    ERRORS_OTHER,           /* any other refusal */
    ERRORS_CREDENTIALS,     /* key unknown/disabled, signature, token */
    ERRORS_PERMISSION,      /* NoPermission, Forbidden, Request.Forbidden */
    ERRORS_RETRYABLE,       /* Throttling*, ServiceUnavailable, InternalError,
                             * SignatureNonceUsed (a fresh signing cures it) */
    ERRORS_ALREADY_EXISTS,  /* EntityAlreadyExists.Role */
    ERRORS_NOT_FOUND,       /* EntityNotExist.* but .Service */
    ERRORS_INVALID_INPUT,   /* InvalidParameter*, MissingParameter*, and a
                             * bad service name (EntityNotExist.Service) */
    ERRORS_CLOCK            /* InvalidTimeStamp.Expired, IllegalTimestamp */
};

/* What the hint may mention about the failed call; any field may be NULL. */
struct errors_context {
    const char *action;         /* API action, e.g. CreateServiceLinkedRole */
    const char *service_name;   /* ServiceName, for SLR calls */
    const char *role_name;
    const char *message;        /* the server's Message */
};

/* Exact codes first; a family such as Throttling.* or InvalidSecurityToken.*
 * matches only at a dot, and codes are case-sensitive.  NULL, "" and
 * unknown codes are ERRORS_OTHER. */
enum errors_class errors_classify(const char *code);

/* Appends a one- or two-sentence hint for code (nothing for unknown codes;
 * returns 0 then too).  ctx may be NULL.  Names from ctx are shown with
 * anything outside [A-Za-z0-9._@-] as "?", so no control byte gets through;
 * the server's message is only looked at, never copied.  Returns 0, or -1
 * when out of room, leaving out as it was. */
int errors_hint(struct buf *out, const char *code,
                const struct errors_context *ctx);

/* The RAM action a call needs ("ram:CreateServiceLinkedRole",
 * "dbs:InitializeDbsServiceLinkedRole", ...), or NULL if none is needed
 * or the action is unknown. */
const char *errors_ram_action(const char *api_action);

/* Appends the minimal RAM policy document (JSON, 2-space indent, ending
 * in a newline) that allows api_action, with the ram:ServiceName condition
 * for the SLR create/delete actions when service_name is known (cleaned as
 * in hints).  Returns 0, -1 (out of room, out left as it was), or 1 when no
 * policy applies (GetCallerIdentity, unknown actions). */
int errors_policy(struct buf *out, const char *api_action,
                  const char *service_name);

#endif
