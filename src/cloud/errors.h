/* errors — what an Alibaba Cloud error code means to the program.
 *
 * Every code the seeds and the reference's error table document gets a
 * class (which decides retries and the exit code); permission errors
 * also get the minimal RAM policy that would allow the call.  Decisions
 * key on the Code, never on the HTTP status.  The words for people (a
 * hint per code) are app/hints.c's. */
#ifndef LINKROLE_ERRORS_H
#define LINKROLE_ERRORS_H

#include <stdbool.h>

#include "core/buf.h"

enum errors_class {
    ERRORS_OTHER,           /* any other refusal */
    ERRORS_CREDENTIALS,     /* key unknown/disabled, signature, token
                             * (MissingSecurityToken included) */
    ERRORS_PERMISSION,      /* NoPermission*, Forbidden* (Forbidden.RAM),
                             * Request.Forbidden */
    ERRORS_RETRYABLE,       /* *Throttling*, ServiceUnavailable,
                             * InternalError, UnknownError, ServiceBusy,
                             * SystemBusy, SignatureNonceUsed (a fresh
                             * signing cures it) */
    ERRORS_ALREADY_EXISTS,  /* EntityAlreadyExists.Role */
    ERRORS_NOT_FOUND,       /* EntityNotExist.* but .Service */
    ERRORS_INVALID_INPUT,   /* InvalidParameter*, MissingParameter*, and a
                             * bad service name (EntityNotExist.Service) */
    ERRORS_CLOCK            /* InvalidTimeStamp.Expired, IllegalTimestamp */
};

/* Exact codes first, then any code containing "Throttling", then the
 * longest family (Forbidden.*, InvalidSecurityToken.*: matched only at a
 * dot); codes are case-sensitive.  NULL, "" and unknown codes are
 * ERRORS_OTHER. */
enum errors_class errors_classify(const char *code);

/* Whether code is a rate limit ("Throttling" anywhere in it): a refusal
 * made before any work, so even a call not safe to repeat may be sent
 * again, whatever the HTTP status. */
bool errors_throttled(const char *code);

/* The documented code or family that code belongs to (the code itself
 * when it is documented, "Throttling" for "Throttling.User" and
 * "Request.Throttling", "Forbidden" for "Forbidden.RAM"), or NULL for
 * NULL, "" and unknown codes. */
const char *errors_family(const char *code);

/* Appends a role or service name that came from the user or a server,
 * for a hint or a policy: anything a real name cannot hold (controls,
 * quotes, spaces, non-ASCII) becomes "?", and a name longer than max
 * bytes is cut with "...".  Returns a buf status. */
int errors_add_name(struct buf *out, const char *s, size_t max);

/* The RAM action a call needs ("ram:CreateServiceLinkedRole",
 * "dbs:InitializeDbsServiceLinkedRole", ...), or NULL if none is needed
 * or the action is unknown. */
const char *errors_ram_action(const char *api_action);

/* Whether the RAM action of api_action can be narrowed with the
 * ram:ServiceName condition (the SLR create and delete actions). */
bool errors_ram_condition(const char *api_action);

/* Appends the minimal RAM policy document (JSON, 2-space indent, ending
 * in a newline) that allows api_action, with the ram:ServiceName
 * condition for the SLR create/delete actions when service_name is known
 * (cleaned by errors_add_name).  Returns 0, -1 (out of room, out left as
 * it was), or 1 when no policy applies (GetCallerIdentity, unknown
 * actions). */
int errors_policy(struct buf *out, const char *api_action,
                  const char *service_name);

#endif
