/* Tests for src/sim: the Resource Directory (issue 14).
 *
 * The listing calls and their paging, the folders, AssumeRole into a
 * member (and its refusal for an invited member without the access
 * role), roles made in a member staying there and in the state file,
 * requests in different members in flight at once, and linkrole-sim's
 * rate limits and per-account fault specs. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/kv.h"
#include "sim/server.h"
#include "sim_fixture.h"

#define MEMBERS 30
#define M1 "1000000000000001"
#define M2 "1000000000000002"
#define M3 "1000000000000003"
#define M12 "1000000000000012"
#define M25 "1000000000000025"
#define ACCESS(m) "acs:ram::" m ":role/ResourceDirectoryAccountAccessRole"

static int dir_setup(void **state)
{
    struct fx *f = fx_make(NULL, true);

    assert_int_equal(sim_account_add_directory(f->a, MEMBERS), 0);
    *state = f;
    return 0;
}

#define D(name) cmocka_unit_test_setup_teardown(name, dir_setup, teardown)

/* A call signed with a member's session. */
static void as_member(struct fx *f, const struct sts_creds *s,
                      const char *action, const char *version,
                      const char *const *params, struct reply *r)
{
    struct call c = { .action = action, .version = version,
                      .params = params, .key_id = s->id,
                      .secret = s->secret, .token = s->token };

    v3_call(f, &c, r);
}

static void enter(struct fx *f, const char *arn, struct sts_creds *out)
{
    struct reply r;

    assume(f, arn, NULL, out, &r);
    reply_free(&r);
}

static const cJSON *nth(const struct reply *r, const char *path, int i)
{
    const cJSON *list = jget(r->json, path);

    assert_true(cJSON_IsArray(list));
    return cJSON_GetArrayItem(list, i);
}

static long jnum(const cJSON *root, const char *path)
{
    const cJSON *n = jget(root, path);

    assert_true(cJSON_IsNumber(n));
    return (long)n->valuedouble;
}

/* --- listing -------------------------------------------------------------- */

static void list_accounts_pages_and_counts(void **state)
{
    struct fx *f = *state;
    const cJSON *a;
    struct reply r;

    simple_call(f, "ListAccounts", RM, (const char *const[]){
        "PageNumber", "5", "PageSize", "7", NULL }, &r);
    assert_ok(&r);
    assert_int_equal(jnum(r.json, "TotalCount"), MEMBERS);
    assert_int_equal(jnum(r.json, "PageNumber"), 5);
    assert_int_equal(jnum(r.json, "PageSize"), 7);
    assert_int_equal(cJSON_GetArraySize(jget(r.json, "Accounts.Account")), 2);
    a = nth(&r, "Accounts.Account", 0);
    assert_string_equal(jstr(a, "AccountId"), "1000000000000029");
    assert_string_equal(jstr(a, "DisplayName"), "member-0029");
    assert_string_equal(jstr(a, "FolderId"), "fd-SimSand001");
    assert_string_equal(jstr(a, "JoinMethod"), "created");
    assert_string_equal(jstr(a, "Status"), "CreateSuccess");
    assert_string_equal(jstr(a, "Type"), "ResourceAccount");
    assert_string_equal(jstr(a, "ResourceDirectoryPath"),
                        "rd-SimDir1/r-SimRt1/fd-SimDevl001/fd-SimSand001/"
                        "1000000000000029");
    assert_non_null(jstr(a, "JoinTime"));
    reply_free(&r);

    /* Defaults: page 1 of 10; invited members 12 and 25. */
    simple_call(f, "ListAccounts", RM, NULL, &r);
    assert_ok(&r);
    assert_int_equal(jnum(r.json, "PageSize"), 10);
    assert_int_equal(cJSON_GetArraySize(jget(r.json, "Accounts.Account")),
                     10);
    a = nth(&r, "Accounts.Account", 0);
    assert_string_equal(jstr(a, "AccountId"), M1);
    assert_string_equal(jstr(a, "FolderId"), "fd-SimDevl001");
    assert_string_equal(jstr(a, "ResourceDirectoryPath"),
                        "rd-SimDir1/r-SimRt1/fd-SimDevl001/" M1);
    reply_free(&r);
    simple_call(f, "ListAccounts", RM, (const char *const[]){
        "PageNumber", "2", NULL }, &r);
    a = nth(&r, "Accounts.Account", 1);
    assert_string_equal(jstr(a, "AccountId"), M12);
    assert_string_equal(jstr(a, "JoinMethod"), "invited");
    assert_string_equal(jstr(a, "FolderId"), "fd-SimProd001");
    reply_free(&r);

    simple_call(f, "ListAccounts", RM, (const char *const[]){
        "QueryKeyword", "MEMBER-002", "PageSize", "100", NULL }, &r);
    assert_ok(&r);
    assert_int_equal(jnum(r.json, "TotalCount"), 10);
    assert_string_equal(jstr(nth(&r, "Accounts.Account", 5), "JoinMethod"),
                        "invited");
    reply_free(&r);

    simple_call(f, "ListAccounts", RM, (const char *const[]){
        "PageSize", "101", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.PageSize");
    reply_free(&r);
    simple_call(f, "ListAccounts", RM, (const char *const[]){
        "PageSize", "0", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.PageSize");
    reply_free(&r);
    simple_call(f, "ListAccounts", RM, (const char *const[]){
        "PageNumber", "0", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.PageNumber");
    reply_free(&r);
    /* Past the end: an empty page, the total still told. */
    simple_call(f, "ListAccounts", RM, (const char *const[]){
        "PageNumber", "9", NULL }, &r);
    assert_ok(&r);
    assert_int_equal(jnum(r.json, "TotalCount"), MEMBERS);
    assert_int_equal(cJSON_GetArraySize(jget(r.json, "Accounts.Account")),
                     0);
    reply_free(&r);
}

static void folders_and_their_accounts(void **state)
{
    struct fx *f = *state;
    struct reply r;

    simple_call(f, "GetResourceDirectory", RM, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "ResourceDirectory.ResourceDirectoryId", "rd-SimDir1");
    assert_jstr(&r, "ResourceDirectory.MasterAccountId", ACCT);
    assert_jstr(&r, "ResourceDirectory.RootFolderId", "r-SimRt1");
    assert_non_null(jstr(r.json, "ResourceDirectory.CreateTime"));
    reply_free(&r);

    simple_call(f, "ListFoldersForParent", RM, (const char *const[]){
        "ParentFolderId", "r-SimRt1", NULL }, &r);
    assert_ok(&r);
    assert_int_equal(jnum(r.json, "TotalCount"), 2);
    assert_string_equal(jstr(nth(&r, "Folders.Folder", 0), "FolderName"),
                        "Production");
    assert_string_equal(jstr(nth(&r, "Folders.Folder", 1), "FolderId"),
                        "fd-SimDevl001");
    reply_free(&r);
    simple_call(f, "ListFoldersForParent", RM, (const char *const[]){
        "ParentFolderId", "fd-SimDevl001", NULL }, &r);
    assert_int_equal(jnum(r.json, "TotalCount"), 1);
    assert_string_equal(jstr(nth(&r, "Folders.Folder", 0), "FolderName"),
                        "Sandbox");
    reply_free(&r);
    simple_call(f, "ListFoldersForParent", RM, (const char *const[]){
        "ParentFolderId", "fd-SimSand001", NULL }, &r);
    assert_int_equal(jnum(r.json, "TotalCount"), 0);
    reply_free(&r);

    simple_call(f, "ListAccountsForParent", RM, (const char *const[]){
        "ParentFolderId", "fd-SimProd001", "PageSize", "100", NULL }, &r);
    assert_ok(&r);
    assert_int_equal(jnum(r.json, "TotalCount"), MEMBERS / 3);
    assert_string_equal(jstr(nth(&r, "Accounts.Account", 0), "AccountId"),
                        M3);
    reply_free(&r);
    /* Sandbox's own, not Development's subtree. */
    simple_call(f, "ListAccountsForParent", RM, (const char *const[]){
        "ParentFolderId", "fd-SimDevl001", NULL }, &r);
    assert_int_equal(jnum(r.json, "TotalCount"), MEMBERS / 3);
    assert_string_equal(jstr(nth(&r, "Accounts.Account", 1), "AccountId"),
                        "1000000000000004");
    reply_free(&r);
    simple_call(f, "ListAccountsForParent", RM, (const char *const[]){
        "ParentFolderId", "r-SimRt1", NULL }, &r);
    assert_ok(&r);
    assert_int_equal(jnum(r.json, "TotalCount"), 0);
    reply_free(&r);

    simple_call(f, "ListAccountsForParent", RM, (const char *const[]){
        "ParentFolderId", "fd-Nowhere0001", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.ParentFolderId");
    reply_free(&r);
    simple_call(f, "ListAccountsForParent", RM, (const char *const[]){
        "ParentFolderId", "fd-Nowhere001", NULL }, &r);
    assert_error(&r, 404, "EntityNotExists.Folder");
    reply_free(&r);
    simple_call(f, "ListFoldersForParent", RM, NULL, &r);
    assert_error(&r, 400, "MissingParameter.ParentFolderId");
    reply_free(&r);
}

static void no_directory_and_no_permission(void **state)
{
    struct fx *f = *state;
    struct call user = { .action = "ListAccounts", .version = RM,
                         .key_id = USER_ID, .secret = USER_SECRET };
    struct reply r;

    simple_call(f, "GetResourceDirectory", RM, NULL, &r);
    assert_error(&r, 404, "EntityNotExists.ResourceDirectory");
    reply_free(&r);
    simple_call(f, "ListAccounts", RM, NULL, &r);
    assert_error(&r, 404, "EntityNotExists.ResourceDirectory");
    reply_free(&r);
    v3_call(f, &user, &r);
    assert_error(&r, 403, "NoPermission");
    reply_free(&r);
    assert_int_equal(sim_account_members(f->a), 0);
    assert_int_equal(sim_account_add_directory(f->a, 0), -1);
    assert_int_equal(sim_account_add_directory(f->a, SIM_DIRECTORY_MAX + 1),
                     -1);
    assert_int_equal(sim_account_add_directory(f->a, 3), 0);
    assert_int_equal(sim_account_add_directory(f->a, 3), -1);
    assert_int_equal(sim_account_members(f->a), 3);
}

/* --- entering members ----------------------------------------------------- */

static void assume_into_member_acts_there(void **state)
{
    struct fx *f = *state;
    struct sts_creds m1, m2;
    struct reply r;

    enter(f, ACCESS(M1), &m1);
    enter(f, ACCESS(M2), &m2);
    as_member(f, &m1, "GetCallerIdentity", STS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "AccountId", M1);
    assert_jstr(&r, "IdentityType", "AssumedRoleUser");
    reply_free(&r);
    /* V1 too: the key is found in the query. */
    {
        struct call v1 = { .action = "GetCallerIdentity", .version = STS,
                           .key_id = m2.id, .secret = m2.secret,
                           .token = m2.token };

        v1_call(f, &v1, &r);
        assert_ok(&r);
        assert_jstr(&r, "AccountId", M2);
        reply_free(&r);
    }

    as_member(f, &m1, "CreateServiceLinkedRole", RM, polardb, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Arn",
                "acs:ram::" M1 ":role/aliyunservicerolefor"
                "polardb");
    reply_free(&r);
    as_member(f, &m1, "CreateServiceLinkedRole", RM, polardb, &r);
    assert_error_code(&r, 409, "EntityAlreadyExists.Role");
    reply_free(&r);
    /* In that member only. */
    as_member(f, &m2, "GetRole", RAM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_error_code(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    simple_call(f, "GetRole", RAM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_error_code(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    as_member(f, &m2, "GetRole", RAM, (const char *const[]){
        "RoleName", "ResourceDirectoryAccountAccessRole", NULL }, &r);
    assert_ok(&r);
    reply_free(&r);
    /* A member may not list the directory. */
    as_member(f, &m2, "ListAccounts", RM, NULL, &r);
    assert_error(&r, 403, "Rd.NoMasterRole");
    reply_free(&r);
    sts_creds_free(&m1);
    sts_creds_free(&m2);
}

static void preset_roles_and_refusals(void **state)
{
    struct fx *f = *state;
    struct sts_creds m3;
    struct reply r;

    /* i % 7 == 3 holds PolarDB's role from the start. */
    enter(f, ACCESS(M3), &m3);
    as_member(f, &m3, "GetRole", RAM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_ok(&r);
    reply_free(&r);
    as_member(f, &m3, "CreateServiceLinkedRole", RM, polardb, &r);
    assert_error_code(&r, 409, "EntityAlreadyExists.Role");
    reply_free(&r);
    sts_creds_free(&m3);

    /* Invited: 25 has no access role, 12 has one. */
    assume(f, ACCESS(M25), NULL, NULL, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    assert_jstr(&r, "Message", "The specified Role not exists.");
    reply_free(&r);
    assume(f, ACCESS(M12), NULL, NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    /* Only the access role trusts the management account. */
    assume(f, "acs:ram::" M3 ":role/AliyunServiceRoleForPolarDB", NULL, NULL,
           &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    /* No such member. */
    assume(f, ACCESS("1000000000000031"), NULL, NULL, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
}

static void member_sessions_expire(void **state)
{
    struct fx *f = *state;
    struct sts_creds m1;
    struct reply r;

    sim_account_set_session_seconds(f->a, 60);
    enter(f, ACCESS(M1), &m1);
    as_member(f, &m1, "GetCallerIdentity", STS, NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    /* The member follows the management account's clock. */
    sim_account_set_clock_offset(f->a, 120);
    as_member(f, &m1, "GetCallerIdentity", STS, NULL, &r);
    assert_error(&r, 400, "InvalidSecurityToken.Expired");
    reply_free(&r);
    sts_creds_free(&m1);
}

/* --- the state file ------------------------------------------------------- */

static struct sim_account *open_state(struct fx *f, const char *path,
                                      unsigned members, struct buf *err)
{
    struct sim_config cfg;

    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &f->cat;
    cfg.state_path = path;
    cfg.directory_members = members;
    return sim_account_new(&cfg, err);
}

static const cJSON *member_roles(const cJSON *file, int i)
{
    const cJSON *m = cJSON_GetArrayItem(jget(file, "members"), i - 1);

    assert_non_null(m);
    return jget(m, "roles");
}

static bool has_role(const cJSON *roles, const char *name)
{
    const cJSON *r;

    cJSON_ArrayForEach(r, roles)
        if (strcmp(jstr(r, "role_name"), name) == 0)
            return true;
    return false;
}

static void state_file_holds_members(void **state)
{
    struct fx *f = *state;
    char dir[] = "/tmp/sim-dir-XXXXXX", path[64];
    struct sts_creds m1;
    struct reply r;
    struct buf err;
    char *text = NULL;
    size_t len = 0;
    cJSON *file;

    buf_init(&err, 4096);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/state.json", dir);
    transport_destroy(f->t);
    sim_account_free(f->a);
    f->a = open_state(f, path, MEMBERS, &err);
    assert_non_null(f->a);
    assert_int_equal(sim_account_add_key(f->a, KEY_ID, KEY_SECRET), 0);
    f->t = sim_transport_new(f->a, 0);
    enter(f, ACCESS(M1), &m1);
    as_member(f, &m1, "CreateServiceLinkedRole", RM, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    sts_creds_free(&m1);
    assert_int_equal(sim_account_save(f->a), 0);

    assert_int_equal(file_read(path, 1u << 24, &text, &len, NULL, NULL),
                     FILE_READ_OK);
    file = cJSON_Parse(text);
    assert_non_null(file);
    assert_int_equal(jnum(file, "directory.members"), MEMBERS);
    assert_int_equal(cJSON_GetArraySize(jget(file, "members")), MEMBERS);
    assert_string_equal(jstr(cJSON_GetArrayItem(jget(file, "members"), 0),
                             "account_id"), M1);
    assert_true(has_role(member_roles(file, 1), POLARDB_ROLE));
    assert_true(has_role(member_roles(file, 1),
                         "ResourceDirectoryAccountAccessRole"));
    assert_false(has_role(member_roles(file, 2), POLARDB_ROLE));
    assert_true(has_role(member_roles(file, 10), POLARDB_ROLE));
    assert_int_equal(cJSON_GetArraySize(member_roles(file, 25)), 0);
    assert_false(has_role(jget(file, "roles"), POLARDB_ROLE));
    cJSON_Delete(file);
    free(text);

    /* Read back: the directory comes from the file. */
    transport_destroy(f->t);
    sim_account_free(f->a);
    f->a = open_state(f, path, 0, &err);
    assert_non_null(f->a);
    assert_int_equal(sim_account_members(f->a), MEMBERS);
    assert_int_equal(sim_account_add_key(f->a, KEY_ID, KEY_SECRET), 0);
    f->t = sim_transport_new(f->a, 0);
    enter(f, ACCESS(M1), &m1);
    as_member(f, &m1, "GetRole", RAM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_ok(&r);
    reply_free(&r);
    sts_creds_free(&m1);

    /* A --directory that disagrees with the file is refused. */
    assert_null(open_state(f, path, MEMBERS + 1, &err));
    assert_non_null(strstr(buf_str(&err), "holds a directory of 30 members, "
                           "not 31"));
    unlink(path);
    rmdir(dir);
    buf_free(&err);
}

static void state_file_member_problems_are_named(void **state)
{
    struct fx *f = *state;
    char dir[] = "/tmp/sim-dir-XXXXXX", path[64];
    static const char bad_member[] =
        "{\"schema\":1,\"account_id\":\"1234567890123456\",\"roles\":[],"
        "\"directory\":{\"members\":5},\"members\":[{\"account_id\":"
        "\"1000000000000009\",\"roles\":[]}]}";
    static const char bad_role[] =
        "{\"schema\":1,\"account_id\":\"1234567890123456\",\"roles\":[],"
        "\"directory\":{\"members\":5},\"members\":[{\"account_id\":"
        "\"1000000000000002\",\"roles\":[{\"role_id\":\"x\"}]}]}";
    struct buf err;

    buf_init(&err, 4096);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/state.json", dir);
    assert_int_equal(file_replace(path, bad_member, strlen(bad_member),
                                  NULL), FILE_PUT_OK);
    assert_null(open_state(f, path, 0, &err));
    assert_non_null(strstr(buf_str(&err), "members[0]: \"1000000000000009\" "
                           "is no member"));
    assert_int_equal(file_replace(path, bad_role, strlen(bad_role), NULL),
                     FILE_PUT_OK);
    assert_null(open_state(f, path, 0, &err));
    assert_non_null(strstr(buf_str(&err), "members[0]: roles[0]: "));
    unlink(path);
    rmdir(dir);
    buf_free(&err);
}

/* --- concurrency ---------------------------------------------------------- */

struct worker {
    struct fx fx;
    struct sts_creds creds;
    long status;
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct reply r;

    as_member(&w->fx, &w->creds, "GetCallerIdentity", STS, NULL, &r);
    w->status = r.status;
    reply_free(&r);
    return NULL;
}

/* Two members' requests, each delayed, are in flight at the same time:
 * the counter says so (no clock is read). */
static void requests_in_members_overlap(void **state)
{
    struct fx *f = *state;
    struct worker w[2];
    pthread_t th[2];

    enter(f, ACCESS(M1), &w[0].creds);
    enter(f, ACCESS(M2), &w[1].creds);
    /* One after the other so far. */
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IN_FLIGHT_MAX), 1);
    for (int i = 0; i < 2; i++) {
        w[i].fx = *f;
        w[i].fx.t = sim_transport_new(f->a, 300);
        assert_non_null(w[i].fx.t);
    }
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, worker_run, &w[i]), 0);
    for (int i = 0; i < 2; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].status, 200);
        transport_destroy(w[i].fx.t);
        sts_creds_free(&w[i].creds);
    }
    assert_true(sim_account_count(f->a, SIM_COUNT_IN_FLIGHT_MAX) >= 2);
}

/* --- linkrole-sim's rate limits and per-account faults -------------------- */

static void rate_limits_per_account_and_action(void **state)
{
    struct server_rate r[2];
    struct server_rates *rs;

    (void)state;
    assert_int_equal(server_rate_parse("CreateServiceLinkedRole=2", &r[0]),
                     0);
    assert_string_equal(r[0].action, "CreateServiceLinkedRole");
    assert_int_equal(r[0].per_second, 2);
    assert_int_equal(server_rate_parse("AssumeRole=1000", &r[1]), 0);
    assert_int_equal(server_rate_parse("GetRole=0", &r[1]) , -1);
    assert_int_equal(server_rate_parse("=3", &r[1]), -1);
    assert_int_equal(server_rate_parse("Get-Role=3", &r[1]), -1);
    assert_int_equal(server_rate_parse("GetRole", &r[1]), -1);
    assert_int_equal(server_rate_parse("GetRole=1x", &r[1]), -1);
    assert_int_equal(server_rate_parse("AssumeRole=1000", &r[1]), 0);
    rs = server_rates_new(r, 2, MEMBERS);
    assert_non_null(rs);
    /* A burst of N goes, the next waits (for at most 1/N s). */
    assert_int_equal(server_rates_take(rs, 1, "CreateServiceLinkedRole"), 0);
    assert_int_equal(server_rates_take(rs, 1, "CreateServiceLinkedRole"), 0);
    {
        long wait = server_rates_take(rs, 1, "CreateServiceLinkedRole");

        assert_true(wait > 0 && wait <= 501);
    }
    /* Another account, another action, an unlimited one: their own. */
    assert_int_equal(server_rates_take(rs, 2, "CreateServiceLinkedRole"), 0);
    assert_int_equal(server_rates_take(rs, 0, "CreateServiceLinkedRole"), 0);
    assert_int_equal(server_rates_take(rs, 1, "AssumeRole"), 0);
    assert_int_equal(server_rates_take(rs, 1, "GetRole"), 0);
    assert_int_equal(server_rates_take(rs, MEMBERS + 1,
                                       "CreateServiceLinkedRole"), 0);
    server_rates_free(rs);
}

static void fault_spec_names_an_account(void **state)
{
    struct fault f;

    (void)state;
    assert_int_equal(server_fault_parse("500@2/CreateServiceLinkedRole#"
                                        "1000000000000004", &f), 0);
    assert_int_equal(f.kind, FAULT_500);
    assert_int_equal(f.when, 2);
    assert_string_equal(f.action, "CreateServiceLinkedRole");
    assert_string_equal(f.account, "1000000000000004");
    assert_int_equal(server_fault_parse("reset#1000000000000007", &f), 0);
    assert_int_equal(f.kind, FAULT_RESET);
    assert_string_equal(f.account, "1000000000000007");
    assert_string_equal(f.action, "");
    assert_int_equal(server_fault_parse("retry-after=50@1#12", &f), 0);
    assert_int_equal(f.ms, 50);
    assert_string_equal(f.account, "12");
    assert_int_equal(server_fault_parse("500", &f), 0);
    assert_string_equal(f.account, "");
    assert_int_equal(server_fault_parse("500#", &f), -1);
    assert_int_equal(server_fault_parse("500#12a", &f), -1);
    assert_int_equal(server_fault_parse("500#123456789012345678901234567890"
                                        "123", &f), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        D(list_accounts_pages_and_counts),
        D(folders_and_their_accounts),
        T(no_directory_and_no_permission),
        D(assume_into_member_acts_there),
        D(preset_roles_and_refusals),
        D(member_sessions_expire),
        D(state_file_holds_members),
        T(state_file_member_problems_are_named),
        D(requests_in_members_overlap),
        cmocka_unit_test(rate_limits_per_account_and_action),
        cmocka_unit_test(fault_spec_names_an_account),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
