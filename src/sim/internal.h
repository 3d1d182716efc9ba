/* internal — what the pieces of the simulated account share.
 *
 * The account is one struct behind one mutex (state.c).  A request
 * becomes a struct call that goes through authentication (auth.c) to one
 * handler per API family (api_*.c) by way of dispatch.c, or to the
 * unsigned endpoints (metadata.c); answers are written by replies.c, and
 * what the account holds lives in store.c and, on disk, statefile.c.
 * Whatever here takes an account or a call expects the account's lock
 * to be held (dispatch.c takes it).  Nothing outside src/sim includes
 * this. */
#ifndef LINKROLE_SIM_INTERNAL_H
#define LINKROLE_SIM_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/kv.h"
#include "sim/account.h"
#include "sim/sim.h"
#include "sim/verify.h"

/* Digits of the role ids the account makes up. */
#define ACCOUNT_ROLE_ID_DIGITS 17
/* MaxSessionDuration of every role. */
#define ACCOUNT_MAX_SESSION 3600
#define ACCOUNT_COUNTERS (SIM_COUNT_OIDC + 1)     /* kept under the lock */

struct sim_key {
    char *id;
    char *secret;
    char *user_name;        /* NULL: the account's owner */
    char *user_id;
};

struct sim_session {
    char *key_id;
    char *secret;
    char *token;
    time_t expires;
    char *account_id;       /* of the role */
    char *role_id;
    char *role_name;        /* as the ARN spells it */
    char *session_name;
};

/* An IMDSv2 session token handed out by PUT /latest/api/token. */
struct imds_token {
    char *token;
    time_t expires;
};

struct sim_role {
    char *role_id;
    char *role_name;
    char *service_name;     /* NULL for a role that is not service-linked */
    char *description;
    char *policy;           /* the trust policy, compact JSON */
    time_t created;
    time_t updated;
    bool service_linked;
    unsigned long seq;      /* creation order, for ListRoles markers */
};

enum task_status {
    TASK_IN_PROGRESS,
    TASK_SUCCEEDED,
    TASK_FAILED
};

struct sim_task {
    char *id;
    char *role_name;
    char *service_name;
    time_t created;
    int polls;
    enum task_status status;
};

/* The Resource Directory of a management account (directory.c): its
 * members are accounts of their own, each behind its own lock, made at
 * start and never moved, so a request finds its member without any lock.
 * Locks are taken management first, then one member, never the reverse. */
struct sim_directory {
    unsigned count;                 /* members 1..count */
    struct sim_account **members;   /* [count], member i at i - 1 */
    time_t created;
    /* The state file is rewritten at most every DIRECTORY_SAVE_MS while
     * requests come (and on sim_account_free), not after each change. */
    atomic_bool dirty;
    pthread_mutex_t save_lock;
    struct timespec saved;
};

struct sim_account {
    pthread_mutex_t lock;
    struct sim_directory *dir;      /* a management account's, or NULL */
    struct sim_account *master;     /* a member's management account */
    unsigned member_index;          /* a member's i, else 0 */
    unsigned want_members;          /* sim_config.directory_members */
    char *account_id;
    const struct catalog *catalog;
    _Atomic long clock_offset;      /* a member follows its master's */
    size_t role_limit;
    char *state_path;
    struct sim_key *keys;
    size_t nkeys, keys_cap;
    struct sim_session *sessions;
    size_t nsessions, sessions_cap;
    struct sim_role *roles;
    size_t nroles, roles_cap;
    struct sim_task *tasks;
    size_t ntasks, tasks_cap;
    struct kvlist assumable;        /* role ARN -> role id */
    struct kvlist refused;          /* services refusing a suffix */
    struct kvlist in_use;           /* role names */
    struct verify_nonces *nonces;
    unsigned long next_seq;
    /* The unsigned endpoints. */
    char *metadata_role;            /* NULL: no metadata service */
    char *metadata_role_id;
    char *instance_id;              /* session name of its credentials */
    int imds_mode;                  /* enum sim_imds */
    struct imds_token *tokens;
    size_t ntokens, tokens_cap;
    char *uri_role_id;              /* NULL: no credentials URI */
    long session_seconds;
    size_t counts[ACCOUNT_COUNTERS];
    /* Requests in flight through the transports and the server, and the
     * most seen at once (atomic: counted outside any lock). */
    atomic_uint in_flight, in_flight_max;
    char *oidc_token_file;          /* NULL: any JWT-shaped token */
};

/* One request on its way through the account. */
struct call {
    struct sim_account *a;
    const struct sim_request *req;
    struct sim_response *resp;
    struct verify_request vr;
    time_t now;
    char request_id[ACCOUNT_REQUEST_ID_LEN + 1];
    const char *code;               /* answered error code, for the log */
    char code_text[64];             /* room for a code made up here */
    const struct sim_key *key;      /* the caller: a key (or the demo */
    const struct sim_session *session;  /* key when both are NULL) */
    bool dirty;                     /* roles changed: save the state */
    bool plain;                     /* the answer is text, not JSON */
    char note[128];                 /* more for the log line, or "" */
};

/* --- state.c: the account's clock and arrays ------------------------------ */

/* The account's clock: the real one plus its offset. */
time_t state_now(const struct sim_account *a);
/* Returns items, grown to hold one more than count, or NULL (items then
 * untouched) when out of memory. */
void *state_grow(void *items, size_t *cap, size_t count, size_t size);

/* --- ids.c: identifiers made up by the account ---------------------------- */

/* Random digits, the first never 0, into out[n + 1].  Returns 0 or -1. */
int ids_digits(char *out, size_t n);
/* Random ASCII letters and digits into out[n + 1].  Returns 0 or -1. */
int ids_alnum(char *out, size_t n);
/* A UUID-shaped string: upper case for request ids, lower for tasks. */
void ids_uuid(char out[ACCOUNT_REQUEST_ID_LEN + 1], bool upper);
/* A copy of s with ASCII letters in lower case (as ARNs spell role
 * names), or NULL. */
char *ids_lower_dup(const char *s);

/* --- store.c: roles, deletion tasks and STS sessions ---------------------- */

/* The role with this name, ignoring case (as RAM does), or NULL. */
struct sim_role *store_role_find(struct sim_account *a, const char *name);
bool store_role_id_taken(const struct sim_account *a, const char *id);
/* Adds a role; service NULL for one that is not service-linked, policy
 * NULL for the default trust policy (the service, or the account's
 * owner), role_id NULL for a new one.  Returns the role or NULL. */
struct sim_role *store_role_add(struct sim_account *a, const char *name,
                                const char *service, const char *description,
                                const char *policy, time_t created,
                                const char *role_id);
void store_role_remove(struct sim_account *a, struct sim_role *r);
void store_role_clear(struct sim_role *r);

/* A new deletion task for r, IN_PROGRESS; the oldest is forgotten beyond
 * a bound.  Returns it or NULL. */
struct sim_task *store_task_add(struct sim_account *a, const char *id,
                                const struct sim_role *r, time_t now);
struct sim_task *store_task_find(struct sim_account *a, const char *id);
/* The last deletion task of r, or NULL. */
const struct sim_task *store_task_latest(const struct sim_account *a,
                                         const struct sim_role *r);
void store_task_clear(struct sim_task *t);

/* A new STS session with fresh key, secret and token; the one expiring
 * first is dropped beyond a bound.  Returns it or NULL. */
const struct sim_session *store_session_add(struct sim_account *a,
                                            const char *account,
                                            size_t account_len,
                                            const char *role_id,
                                            const char *role_name,
                                            const char *session_name,
                                            time_t expires);
void store_session_clear(struct sim_session *s);
/* {"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow",
 *   "Principal":{<kind>:[<who>]}}],"Version":"1"}, or NULL. */
char *store_trust_policy(const char *kind, const char *who);

/* --- statefile.c ---------------------------------------------------------- */

/* Loads a->state_path into a.  Returns 0 (also when there is no file
 * yet) or -1 with err set to "<file>: <problem>". */
int statefile_load(struct sim_account *a, struct buf *err);
/* The file's text, already read, into a (path only names it in err).
 * Returns 0 or -1 with err set.  What statefile_load does after reading;
 * the fuzz target's entry. */
int statefile_parse(struct sim_account *a, const char *text, size_t len,
                    const char *path, struct buf *err);
/* The most a state file may hold (a directory of many members). */
#define STATEFILE_MAX (256u << 20)
/* a's roles (and its directory's members, each locked in turn) as the
 * file holds them.  Returns 0 or -1 (out of memory). */
int statefile_write(struct sim_account *a, struct buf *out);
/* Writes a's roles to a->state_path, atomically.  Returns 0 or -1. */
int statefile_save(struct sim_account *a);

/* --- directory.c: the Resource Directory --------------------------------- */

#define DIRECTORY_ACCESS_ROLE "ResourceDirectoryAccountAccessRole"
#define DIRECTORY_MEMBERS_MAX 100000u
#define DIRECTORY_SAVE_MS 200

/* Gives a (no directory yet) count members with their folders, join
 * methods and preset roles.  Returns 0 or -1 (out of memory). */
int directory_make(struct sim_account *a, unsigned count);
void directory_free(struct sim_directory *d);
/* Member i (1..count) of a's directory whose id is account[0..len), or 0. */
unsigned directory_member_of(const struct sim_account *a,
                             const char *account, size_t len);
/* The account id of member i into out[LIMITS_ID_DIGITS_MAX + 1]. */
void directory_member_id(unsigned i, char *out, size_t size);
/* Which member a request acts in, by its access key (0: the management
 * account or none), without any lock. */
unsigned directory_route(const struct sim_account *a,
                         const struct sim_request *req);
/* A session's key id for member i: "STS.M" and its index, so a request
 * signed with it is routed without a table. */
int directory_session_key(unsigned i, char *out, size_t size);
/* Saves a's state file when the directory changed and the last save is
 * DIRECTORY_SAVE_MS old (or when force).  Takes a's lock and each
 * member's in turn: the caller holds none.  Returns 0 or -1. */
int directory_save(struct sim_account *a, bool force);
/* AssumeRole of acs:ram::<member>:role/<role_name> by the management
 * account (its lock held): answers c. */
void directory_assume(struct call *c, unsigned member, const char *role_name,
                      const char *session_name, long duration);

/* --- replies.c: answers --------------------------------------------------- */

/* A gateway error answer (RequestId, HostId, Code, Message, Recommend). */
void reply_error(struct call *c, int status, const char *code,
                 const char *message);
/* Likewise a RAM refusal (403) with the AccessDeniedDetail the gateway
 * adds: the action, the account and the RAM user who asked. */
void reply_denied_error(struct call *c, const char *code,
                        const char *message);
void reply_internal(struct call *c);
/* MissingParameter.<name>. */
void reply_missing(struct call *c, const char *name);
/* A success answer is a JSON object written between these two. */
void reply_begin(struct call *c, struct json_writer *w);
void reply_end(struct call *c, struct json_writer *w);
void reply_pair(struct json_writer *w, const char *key, const char *value);
/* t as the cloud writes times; "" when it cannot be written. */
void reply_time(time_t t, char out[CLOCK_UTC_LEN + 1]);

enum role_view {
    ROLE_CREATED,       /* CreateServiceLinkedRole, in the seed's order */
    ROLE_GET,
    ROLE_LISTED
};

void reply_role(struct json_writer *w, const struct sim_account *a,
                const struct sim_role *r, enum role_view view);
/* The ARN of a role, named in lower case; NULL when out of memory. */
char *reply_role_arn(const struct sim_account *a, const char *role_name);

/* --- dispatch.c, auth.c, metadata.c --------------------------------------- */

/* A signed call's parameter, or NULL when absent or empty. */
const char *dispatch_param(const struct call *c, const char *name);
/* Verifies who sent c.  Returns 0 when it may run; otherwise the refusal
 * has been answered. */
int auth_check(struct call *c);
/* Compares two secrets in time that does not depend on where they
 * differ. */
bool auth_same_secret(const char *a, const char *b);
/* Answers a request to one of the unsigned endpoints. */
void metadata_serve(struct call *c);

/* --- the handlers: api_ram.c, api_dbs.c, api_sts.c ------------------------ */

void api_ram_create_slr(struct call *c);
void api_ram_get_role(struct call *c);
void api_ram_list_roles(struct call *c);
void api_ram_delete_slr(struct call *c);
void api_ram_deletion_status(struct call *c);
void api_dbs_init(struct call *c);
void api_sts_caller_identity(struct call *c);
void api_sts_assume_role(struct call *c);
void api_sts_assume_role_oidc(struct call *c);
/* AssumeRole's answer for the new session s. */
void api_sts_reply(struct call *c, const struct sim_session *s);
void api_ram_slr_template(struct call *c);
void api_rd_get_directory(struct call *c);
void api_rd_list_accounts(struct call *c);
void api_rd_list_accounts_for_parent(struct call *c);
void api_rd_list_folders(struct call *c);
/* Whether e allows more than one role (a CustomSuffix, and with it a
 * Description): the template's MultipleRolesAllowed, which
 * CreateServiceLinkedRole obeys (templates.c). */
bool templates_multiple_roles(const struct sim_account *a,
                              const struct catalog_entry *e);
/* The description a role of e gets when none is given. */
int api_ram_default_description(struct buf *out,
                                const struct catalog_entry *e);

#endif
