/* sim — a simulated Alibaba Cloud account: the peer every test talks to.
 *
 * It keeps access keys, RAM users without permissions, STS sessions and
 * roles; verifies V3 and V1 signatures, timestamps and nonces through the
 * same canonical forms as the client (cloud/sign); and answers
 * ResourceManager, RAM, DBS and STS calls with the documented shapes and
 * error codes.  The same account serves linkrole-sim over HTTP (server.c)
 * and --demo in-process (inproc.c).  The client never includes this. */
#ifndef LINKROLE_SIM_H
#define LINKROLE_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cloud/transport.h"
#include "core/buf.h"
#include "core/catalog.h"
#include "core/kv.h"

/* The built-in demo key, documented in README and linkrole-sim --help. */
#define SIM_DEMO_ACCOUNT_ID "1234567890123456"
#define SIM_DEMO_ACCESS_KEY_ID "LTAI5tDemoAccessKey00001"
#define SIM_DEMO_ACCESS_KEY_SECRET "DemoSecretIsNotASecret0000000001"

struct sim_account;

struct sim_config {
    const char *account_id;         /* NULL: SIM_DEMO_ACCOUNT_ID */
    const struct catalog *catalog;  /* services and role names */
    long clock_offset;              /* seconds added to the real clock */
    size_t role_limit;              /* LimitExceeded.Role beyond; 0: 1000 */
    const char *state_path;         /* load at start, save on change */
};

/* A request as it arrived: query already split and percent-decoded. */
struct sim_request {
    const char *method;
    const char *path;               /* "/" */
    const struct kvlist *query;     /* decoded names and values */
    const struct kvlist *headers;   /* names as received */
    const char *body;               /* raw; may be a form body */
    size_t body_len;
};

struct sim_response {
    int status;
    struct buf body;                /* JSON */
};

/* Returns NULL with a message in err (bad state file, out of memory). */
struct sim_account *sim_account_new(const struct sim_config *cfg,
                                    struct buf *err);
void sim_account_free(struct sim_account *a);

/* Access keys of the account's owner (full rights), and of RAM users
 * without permissions (NoPermission / Request.Forbidden on every call but
 * GetCallerIdentity). */
int sim_account_add_key(struct sim_account *a, const char *id,
                        const char *secret);
int sim_account_add_user(struct sim_account *a, const char *user_name,
                         const char *id, const char *secret);
/* Roles the ARN of which AssumeRole accepts (issue: credentials). */
int sim_account_add_assumable_role(struct sim_account *a,
                                   const char *role_arn);
/* Services that answer InvalidParameter.CustomSuffix.NotAllowed (those
 * the catalogue marks custom_suffix:false refuse one too). */
int sim_account_refuse_suffix(struct sim_account *a, const char *service);
/* Marks a role in use, so its deletion task ends FAILED with RoleUsages. */
int sim_account_mark_in_use(struct sim_account *a, const char *role_name);

/* The account's clock: the real one plus clock_offset, which tests (and
 * whoever wants to see sessions expire) may move. */
void sim_account_set_clock_offset(struct sim_account *a, long seconds);
time_t sim_account_now(struct sim_account *a);

/* Answers one request.  Always fills resp (errors are JSON answers); the
 * caller has buf_init'ed resp->body (4 MiB is plenty) and frees it.  An
 * account given no owner key (sim_account_add_key) accepts the demo key
 * as its owner's.  Safe to call from several threads. */
void sim_handle(struct sim_account *a, const struct sim_request *req,
                struct sim_response *resp);

/* The in-process transport for --demo: parses the URL and body of each
 * request and calls sim_handle.  delay_ms (0 for none) is added to each
 * answer so a progress line can be seen. */
struct transport *sim_transport_new(struct sim_account *a, long delay_ms);

#endif
