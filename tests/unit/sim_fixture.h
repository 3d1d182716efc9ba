/* sim_fixture — what the src/sim tests share: an account with a small
 * catalogue and known keys, requests signed as the client signs them, and
 * ways to read and check the answers.
 *
 * Requests are signed with cloud/sign exactly as the client signs them
 * and go through the in-process transport, so the URL is taken apart the
 * way linkrole-sim takes it apart.  Include after <cmocka.h>. */
#ifndef LINKROLE_TESTS_SIM_FIXTURE_H
#define LINKROLE_TESTS_SIM_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/kv.h"
#include "sim/sim.h"

#define ACCT SIM_DEMO_ACCOUNT_ID
#define HOST "127.0.0.1:9"
#define RM "2020-03-31"
#define RAM "2015-05-01"
#define DBS "2019-03-06"
#define STS "2015-04-01"
#define KEY_ID "testid"
#define KEY_SECRET "testsecret"
#define USER_ID "LTAIuser0001"
#define USER_SECRET "usersecret"
#define BODY_MAX (4u << 20)
#define MISMATCH_PREFIX \
    "Specified signature is not matched with our calculation. server " \
    "string to sign is:"
#define POLARDB_ROLE "AliyunServiceRoleForPolarDB"
#define POLARDB_DESC \
    "Service Linked Role for PolarDB. PolarDB will use this role to " \
    "access your resources in other services."

/* polardb (suffix unknown), ecs (refuses one), dbs, hdr (takes one). */
extern const char test_catalog[];
/* ServiceName=polardb.aliyuncs.com, as call parameters. */
extern const char *const polardb[];

struct fx {
    struct catalog cat;
    struct sim_account *a;
    struct transport *t;
    char dir[64];
};

/* One call: who signs it, how, and what it carries. */
struct call {
    const char *method;             /* NULL: POST */
    const char *action;
    const char *version;
    const char *const *params;      /* name, value, ..., NULL */
    const char *key_id;             /* NULL: KEY_ID / KEY_SECRET */
    const char *secret;
    const char *token;
    long skew;                      /* seconds from the account's clock */
    const char *nonce;              /* NULL: a fresh one */
    const char *form;               /* a form body (V3) */
};

struct reply {
    long status;
    char *text;
    cJSON *json;
};

struct sts_creds {
    char *id, *secret, *token;
};

/* --- the account ---------------------------------------------------------- */

/* An account on test_catalog with the user alice (USER_ID) and, when
 * owner_key, the owner's key KEY_ID; state_path may be NULL. */
struct fx *fx_make(const char *state_path, bool owner_key);
void fx_free(struct fx *f);
/* cmocka set-up and tear-down: fx_make(NULL, true) in *state. */
int setup(void **state);
int teardown(void **state);
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

/* --- requests ------------------------------------------------------------- */

void reply_free(struct reply *r);
void fill_params(struct kvlist *l, const char *const *pairs);
/* Any answer; r->json is NULL when the body is not JSON. */
void send_any(struct fx *f, const char *method, const char *url,
              const struct kvlist *headers, const char *body,
              struct reply *r);
/* An answer that must be JSON. */
void send_raw(struct fx *f, const char *method, const char *url,
              const struct kvlist *headers, const char *body,
              struct reply *r);
/* Builds a V3 request as the client does: url and headers. */
void v3_build(struct fx *f, const struct call *c, struct buf *url,
              struct kvlist *headers);
void v3_call(struct fx *f, const struct call *c, struct reply *r);
/* V1 parameters by hand, so tests can drop or change any of them. */
void v1_params(struct fx *f, const struct call *c, const char *format,
               struct kvlist *all);
/* Signs all (adding Signature) and writes it as a query string. */
void v1_sign(const char *method, const char *secret, struct kvlist *all,
             struct buf *query, struct buf *sts_out);
/* V1 through the library's own sign_rpc_v1, parameters in the query. */
void v1_call(struct fx *f, const struct call *c, struct reply *r);
void create_role(struct fx *f, const char *const *params, struct reply *r);
void simple_call(struct fx *f, const char *action, const char *version,
                 const char *const *params, struct reply *r);

/* --- reading answers ------------------------------------------------------ */

/* The item at a dotted path ("Role.Arn"), or NULL. */
const cJSON *jget(const cJSON *root, const char *path);
const char *jstr(const cJSON *root, const char *path);
void assert_jstr(const struct reply *r, const char *path, const char *want);
bool looks_like_request_id(const char *s);
void assert_ok(const struct reply *r);
/* A gateway error: status, Code, and the rest of the documented shape
 * but HostId (which echoes the Host header). */
void assert_error_code(const struct reply *r, long status,
                       const char *code);
void assert_error(const struct reply *r, long status, const char *code);

/* --- roles and sessions --------------------------------------------------- */

/* DeleteServiceLinkedRole, which must succeed; returns the task id. */
char *delete_role(struct fx *f, const char *name);
void deletion_status(struct fx *f, const char *task, struct reply *r);
/* AssumeRole as session "ci-run"; with out, it must succeed and out gets
 * the credentials. */
void assume(struct fx *f, const char *arn, const char *duration,
            struct sts_creds *out, struct reply *r);
void sts_creds_free(struct sts_creds *c);

#endif
