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
    /* Members of the account's Resource Directory (0: none; at most
     * SIM_DIRECTORY_MAX): made before the state file is read, which
     * then restores their roles. */
    unsigned directory_members;
};

#define SIM_DIRECTORY_MAX 100000u

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
/* The services whose template allows more than one role (a CustomSuffix)
 * by the simulator's own statement, when the catalogue does not say and
 * no --refuse-suffix names them: their count, and in *names (if not
 * NULL) the list.  See templates.c. */
size_t sim_templates_multiple(const char *const **names);
/* Marks a role in use, so its deletion task ends FAILED with RoleUsages:
 * role_name, or "ROLE:N" for N resources (1 to SIM_IN_USE_MAX) spread
 * over regions.  Returns 0, or -1 (a bad N, no memory). */
#define SIM_IN_USE_MAX 1000
int sim_account_mark_in_use(struct sim_account *a, const char *role_name);

/* Makes the account the management account of a Resource Directory of
 * n members (1..SIM_DIRECTORY_MAX), as linkrole-sim --help describes it:
 * member i is account "1%015u" named "member-%04u"; folders Production
 * (i % 3 == 0), Development (1) and Sandbox (2, inside Development);
 * invited when i % 25 is 0 (no ResourceDirectoryAccountAccessRole) or
 * 12; AliyunServiceRoleForPolarDB already there when i % 7 == 3.  The
 * management account's owner (or a session of it) enters member i by
 * AssumeRole of acs:ram::<member>:role/ResourceDirectoryAccountAccessRole.
 * Returns 0, or -1 (one already, a bad n, out of memory).  With a state
 * file use sim_config.directory_members, which the file's members then
 * restore. */
int sim_account_add_directory(struct sim_account *a, unsigned n);
/* The number of members (0 without a directory). */
unsigned sim_account_members(struct sim_account *a);
/* Writes the state file now if the directory changed since it was last
 * written (changes are saved at most every 200 ms while requests come,
 * and when the account is freed).  Returns 0 or -1. */
int sim_account_save(struct sim_account *a);

/* The account's clock: the real one plus clock_offset, which tests (and
 * whoever wants to see sessions expire) may move. */
void sim_account_set_clock_offset(struct sim_account *a, long seconds);
time_t sim_account_now(struct sim_account *a);

/* How the metadata service treats IMDSv2 session tokens. */
enum sim_imds {
    SIM_IMDS_BOTH,          /* a token is optional: v1 requests answered */
    SIM_IMDS_V2,            /* no valid token: 401 */
    SIM_IMDS_V1             /* the token PUT answers 403: clients fall back */
};

/* The ECS metadata service under /latest/, as 100.100.100.200 serves it
 * on an instance whose RAM role is role_name: each credentials fetch is a
 * new STS session of this account with full rights.  role_name NULL turns
 * the service off (every /latest/ path answers 404, the default).
 * Returns 0, or -1 for a bad name or mode or when out of memory. */
int sim_account_set_metadata_role(struct sim_account *a,
                                  const char *role_name, int imds_mode);
/* GET /credentials answers a new STS session, as the server a
 * credentials URI names does; off (404) by default.  Returns 0 or -1. */
int sim_account_enable_credentials_uri(struct sim_account *a);
/* AssumeRoleWithOIDC takes only the token now in path, and writes a new
 * one there after each success, as a cluster rotates a service account
 * token: a client that does not read the file again is refused
 * (AuthenticationFail.OIDCToken.Expired).  Without it, any token shaped
 * like a JWT is taken.  Returns 0 or -1. */
int sim_account_set_oidc_token_file(struct sim_account *a, const char *path);
/* Lifetime of the sessions the two above hand out, and of AssumeRole's
 * when DurationSeconds is not given: 1-43200, anything else restores the
 * default of 3600.  Short ones let a test watch a client refresh. */
void sim_account_set_session_seconds(struct sim_account *a, long seconds);

/* Requests that reached each unsigned endpoint, whatever the answer (so
 * a test can see a client try, fall back, cache or refresh). */
enum sim_counter {
    SIM_COUNT_IMDS_TOKEN,           /* /latest/api/token */
    SIM_COUNT_IMDS_ROLE_LIST,       /* .../security-credentials/ */
    SIM_COUNT_IMDS_CREDENTIALS,     /* .../security-credentials/<any> */
    SIM_COUNT_CREDENTIALS_URI,      /* /credentials */
    SIM_COUNT_OIDC,                 /* AssumeRoleWithOIDC that succeeded */
    /* The most requests in flight at once through sim_transport_new's
     * transports and linkrole-sim (from arrival to answer, delays
     * included), in any of the directory's accounts. */
    SIM_COUNT_IN_FLIGHT_MAX
};
size_t sim_account_count(struct sim_account *a, enum sim_counter what);
/* A request arrives (begin true) or is answered: counted outside any
 * lock, for SIM_COUNT_IN_FLIGHT_MAX. */
void sim_account_flight(struct sim_account *a, bool begin);

/* Answers one request.  Always fills resp (errors are JSON answers); the
 * caller has buf_init'ed resp->body (4 MiB is plenty) and frees it.  An
 * account given no owner key (sim_account_add_key) accepts the demo key
 * as its owner's.  Paths under /latest/ and /credentials are the
 * unsigned endpoints above; every other path is a signed RPC call.  Safe
 * to call from several threads. */
void sim_handle(struct sim_account *a, const struct sim_request *req,
                struct sim_response *resp);

/* The in-process transport for --demo: parses the URL and body of each
 * request and calls sim_handle.  delay_ms (0 for none) is added to each
 * answer so a progress line can be seen. */
struct transport *sim_transport_new(struct sim_account *a, long delay_ms);

#endif
