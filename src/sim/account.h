/* account — what the simulated account shares with its own server.
 *
 * linkrole-sim injects faults that must look like the real gateway's
 * answers (same error shape, same kind of request id), and logs one line
 * per request naming the action and the outcome without ever holding a
 * parsed body; both come from here rather than being written twice.
 * Nothing outside src/sim includes this. */
#ifndef LINKROLE_SIM_ACCOUNT_H
#define LINKROLE_SIM_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "sim/sim.h"

/* "0A1B2C3D-..." : 8-4-4-4-12 upper-case hex. */
#define ACCOUNT_REQUEST_ID_LEN 36
/* Room for an action or a code in a log line. */
#define ACCOUNT_LOG_FIELD_MAX 64

/* Room for a path in a log line: the metadata prefix and a role name. */
#define ACCOUNT_LOG_PATH_MAX 128

/* What one request came to, printable and secret-free, for logs. */
struct account_outcome {
    char action[ACCOUNT_LOG_FIELD_MAX];     /* "-" when none was given */
    char code[ACCOUNT_LOG_FIELD_MAX];       /* "-" on success */
    char path[ACCOUNT_LOG_PATH_MAX];        /* unsigned endpoints; else "" */
    bool plain_text;                        /* body is text/plain, not JSON */
    char note[128];                         /* what the handler noted */
};

/* Whether path is one of the unsigned endpoints (ECS metadata under
 * /latest/, the credentials URI) rather than the signed RPC one. */
bool account_unsigned_path(const char *path);

/* src as a log line may show it, into dst[size]: printable ASCII other
 * than space (anything else becomes "?"), cut to fit, "-" when src is
 * NULL or empty.  The one sanitizer of log fields in src/sim: whatever a
 * client sent may reach a log. */
void account_log_field(char *dst, size_t size, const char *src);

/* A fresh request id into out[ACCOUNT_REQUEST_ID_LEN + 1]. */
void account_request_id(char out[ACCOUNT_REQUEST_ID_LEN + 1]);

/* Replaces out with a gateway error body for req: RequestId, HostId (the
 * Host header as received), Code, Message and Recommend (naming the
 * product when the version says which).  Returns 0 or -1. */
int account_error_body(struct buf *out, const struct sim_request *req,
                       const char *code, const char *message);
/* Likewise, the gateway's 403 Forbidden.RAM with its AccessDeniedDetail
 * naming the request's action. */
int account_denied_body(struct buf *out, const struct sim_request *req);

/* Which member of a's directory req acts in (1..members, by its key: a
 * session in that member), or 0 (the account itself); its account id
 * into id[size].  No lock taken. */
unsigned account_acting_in(struct sim_account *a,
                           const struct sim_request *req, char *id,
                           size_t size);

/* sim_handle, also reporting the outcome (outcome may be NULL). */
void account_handle(struct sim_account *a, const struct sim_request *req,
                    struct sim_response *resp,
                    struct account_outcome *outcome);

#endif
