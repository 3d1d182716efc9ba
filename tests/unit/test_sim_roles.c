/* Tests for src/sim: the roles, through ResourceManager, RAM and DBS.
 *
 * Every answer is checked field by field against the shapes in
 * reference/seeds, and every documented refusal of
 * CreateServiceLinkedRole is tried. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sim_fixture.h"

/* --- CreateServiceLinkedRole ---------------------------------------------- */

static void create_slr_answers_the_documented_shape(void **state)
{
    struct fx *f = *state;
    struct reply r;
    const char *policy, *date, *id;
    cJSON *doc;
    const cJSON *svc;

    create_role(f, polardb, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", POLARDB_ROLE);
    assert_jstr(&r, "Role.Arn",
                "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb");
    assert_jstr(&r, "Role.Description", POLARDB_DESC);
    assert_jstr(&r, "Role.RolePrincipalName",
                POLARDB_ROLE "@role." ACCT ".onaliyunservice.com");
    assert_true(cJSON_IsTrue(jget(r.json, "Role.IsServiceLinkedRole")));
    id = jstr(r.json, "Role.RoleId");
    assert_non_null(id);
    assert_true(strlen(id) >= 16 && strlen(id) <= 19);
    assert_true(strspn(id, "0123456789") == strlen(id));
    date = jstr(r.json, "Role.CreateDate");
    assert_true(date && strlen(date) == 20 && date[10] == 'T' &&
                date[19] == 'Z');
    policy = jstr(r.json, "Role.AssumeRolePolicyDocument");
    assert_string_equal(policy,
        "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":"
        "\"Allow\",\"Principal\":{\"Service\":[\"polardb.aliyuncs.com\"]}}],"
        "\"Version\":\"1\"}");
    doc = cJSON_Parse(policy);
    assert_non_null(doc);
    svc = jget(cJSON_GetArrayItem(jget(doc, "Statement"), 0),
               "Principal.Service");
    assert_true(cJSON_IsArray(svc));
    assert_int_equal(cJSON_GetArraySize(svc), 1);
    assert_string_equal(cJSON_GetArrayItem(svc, 0)->valuestring,
                        "polardb.aliyuncs.com");
    cJSON_Delete(doc);
    /* The seed's key order: Role first, its RoleName first. */
    assert_true(strncmp(r.text, "{\"Role\":{\"RoleName\":", 19) == 0);
    reply_free(&r);
}

static void create_slr_with_suffix_and_description(void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, (const char *const[]){
        "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", "Dev-1.a",
        "Description", "Ünïcode ok", NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", POLARDB_ROLE "_Dev-1.a");
    assert_jstr(&r, "Role.Arn",
                "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb_dev-1.a");
    assert_jstr(&r, "Role.Description", "Ünïcode ok");
    reply_free(&r);
    /* The default role is another role. */
    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
}

static void create_slr_without_service_name_is_missing_parameter(
    void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, NULL, &r);
    assert_error(&r, 400, "MissingParameter.ServiceName");
    reply_free(&r);
}

static void create_slr_unknown_service_does_not_exist(void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, (const char *const[]){
        "ServiceName", "nothing.aliyuncs.com", NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Service");
    assert_jstr(&r, "Message", "The service does not exist.");
    reply_free(&r);
}

static void create_slr_suffix_not_allowed(void **state)
{
    struct fx *f = *state;
    struct reply r;

    /* custom_suffix: false in the catalogue. */
    create_role(f, (const char *const[]){
        "ServiceName", "ecs.aliyuncs.com", "CustomSuffix", "x", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.CustomSuffix.NotAllowed");
    assert_jstr(&r, "Message",
                "Custom suffix is not allowed for this Service Linked Role.");
    reply_free(&r);
    /* Refused by the account even though the catalogue does not know. */
    assert_int_equal(sim_account_refuse_suffix(f->a, "polardb.aliyuncs.com"),
                     0);
    create_role(f, (const char *const[]){
        "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", "x", NULL },
        &r);
    assert_error(&r, 400, "InvalidParameter.CustomSuffix.NotAllowed");
    reply_free(&r);
}

static void create_slr_suffix_invalid_chars(void **state)
{
    static const char *const bad[] = { "a_b", "a b", "ä", "a/b", "a*" };
    struct fx *f = *state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct reply r;

        create_role(f, (const char *const[]){
            "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", bad[i],
            NULL }, &r);
        assert_error(&r, 400, "InvalidParameter.CustomSuffix.InvalidChars");
        reply_free(&r);
    }
}

static void create_slr_suffix_too_long(void **state)
{
    struct fx *f = *state;
    /* 27 + 1 + 36 = 64 fits; one more does not. */
    char fits[37], over[38];
    struct reply r;

    memset(fits, 'a', 36);
    fits[36] = '\0';
    memset(over, 'a', 37);
    over[37] = '\0';
    assert_int_equal(strlen(POLARDB_ROLE), 27);
    create_role(f, (const char *const[]){
        "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", over, NULL },
        &r);
    assert_error(&r, 400, "InvalidParameter.CustomSuffix.Length");
    reply_free(&r);
    create_role(f, (const char *const[]){
        "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", fits, NULL },
        &r);
    assert_ok(&r);
    assert_int_equal(strlen(jstr(r.json, "Role.RoleName")), 64);
    reply_free(&r);
}

static void create_slr_description_counts_characters(void **state)
{
    struct fx *f = *state;
    /* 1024 CJK characters are 3072 bytes and still fit. */
    char *fits = malloc(1025 * 3 + 1), *over;
    struct reply r;

    assert_non_null(fits);
    for (size_t i = 0; i < 1025; i++)
        memcpy(fits + 3 * i, "\xe4\xb8\xad", 3);
    fits[1025 * 3] = '\0';
    over = strdup(fits);
    assert_non_null(over);
    fits[1024 * 3] = '\0';
    create_role(f, (const char *const[]){
        "ServiceName", "hdr.aliyuncs.com", "CustomSuffix", "over",
        "Description", over, NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.Description.Length");
    reply_free(&r);
    create_role(f, (const char *const[]){
        "ServiceName", "hdr.aliyuncs.com", "CustomSuffix", "fits",
        "Description", fits, NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Description", fits);
    reply_free(&r);
    free(fits);
    free(over);
}

static void create_slr_description_without_suffix_not_allowed(void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, (const char *const[]){
        "ServiceName", "ecs.aliyuncs.com", "Description", "mine", NULL },
        &r);
    assert_error(&r, 400, "InvalidParameter.Description.NotAllowed");
    assert_jstr(&r, "Message", "Custom description is not allowed for "
                "default service linked role.");
    reply_free(&r);
}

static void create_slr_twice_already_exists(void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    create_role(f, polardb, &r);
    assert_error(&r, 409, "EntityAlreadyExists.Role");
    assert_jstr(&r, "Message", "The role already exists.");
    reply_free(&r);
}

static void create_slr_beyond_role_limit(void **state)
{
    struct catalog cat;
    struct sim_config cfg;
    struct sim_account *a;
    struct buf err;
    struct fx f;
    struct reply r;

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&cat, test_catalog, strlen(test_catalog),
                                   "test", &err), 0);
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &cat;
    cfg.role_limit = 2;
    a = sim_account_new(&cfg, &err);
    assert_non_null(a);
    assert_int_equal(sim_account_add_key(a, KEY_ID, KEY_SECRET), 0);
    memset(&f, 0, sizeof(f));
    f.a = a;
    f.t = sim_transport_new(a, 0);
    create_role(&f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    create_role(&f, (const char *const[]){
        "ServiceName", "hdr.aliyuncs.com", NULL }, &r);
    assert_ok(&r);
    reply_free(&r);
    create_role(&f, (const char *const[]){
        "ServiceName", "hdr.aliyuncs.com", "CustomSuffix", "three", NULL },
        &r);
    assert_error(&r, 409, "LimitExceeded.Role");
    assert_jstr(&r, "Message", "The maximum number of roles is exceeded.");
    reply_free(&r);
    transport_destroy(f.t);
    sim_account_free(a);
    catalog_free(&cat);
    buf_free(&err);
}

static void installed_catalogue_knows_dbs(void **state)
{
    const char *path = getenv("LINKROLE_CATALOG");
    struct catalog cat;
    struct sim_config cfg;
    struct sim_account *a;
    struct buf err;
    struct fx f;
    struct reply r;

    (void)state;
    if (!path || !*path)
        skip();
    buf_init(&err, 4096);
    if (catalog_load(&cat, path, &err))
        fail_msg("%s", buf_str(&err));
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &cat;
    a = sim_account_new(&cfg, &err);
    assert_non_null(a);
    memset(&f, 0, sizeof(f));
    f.a = a;
    f.t = sim_transport_new(a, 0);
    {
        struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                          .params = (const char *const[]){
                              "ServiceName", "dbs.aliyuncs.com", NULL },
                          .key_id = SIM_DEMO_ACCESS_KEY_ID,
                          .secret = SIM_DEMO_ACCESS_KEY_SECRET };

        v3_call(&f, &c, &r);
    }
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", "AliyunServiceRoleForDBS");
    assert_jstr(&r, "Role.Description", catalog_find(&cat,
                "dbs.aliyuncs.com")->description_en);
    reply_free(&r);
    transport_destroy(f.t);
    sim_account_free(a);
    catalog_free(&cat);
    buf_free(&err);
}

/* --- GetRole, ListRoles --------------------------------------------------- */

static void get_role_rm_and_ram(void **state)
{
    static const char *const versions[] = { RM, RAM };
    struct fx *f = *state;
    struct reply created, r;

    create_role(f, polardb, &created);
    assert_ok(&created);
    for (size_t i = 0; i < 2; i++) {
        simple_call(f, "GetRole", versions[i], (const char *const[]){
            "RoleName", "aliyunserviceroleforpolardb", NULL }, &r);
        assert_ok(&r);
        assert_jstr(&r, "Role.RoleName", POLARDB_ROLE);
        assert_jstr(&r, "Role.RoleId", jstr(created.json, "Role.RoleId"));
        assert_jstr(&r, "Role.Arn", jstr(created.json, "Role.Arn"));
        assert_jstr(&r, "Role.CreateDate",
                    jstr(created.json, "Role.CreateDate"));
        assert_jstr(&r, "Role.UpdateDate",
                    jstr(created.json, "Role.CreateDate"));
        assert_jstr(&r, "Role.AssumeRolePolicyDocument",
                    jstr(created.json, "Role.AssumeRolePolicyDocument"));
        assert_int_equal(jget(r.json, "Role.MaxSessionDuration")->valueint,
                         3600);
        /* No deletion task was made for it yet. */
        assert_null(jget(r.json, "Role.LatestDeletionTask"));
        assert_true(strncmp(r.text, "{\"RequestId\":", 13) == 0);
        reply_free(&r);
    }
    reply_free(&created);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", "NoSuchRole", NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    assert_jstr(&r, "Message", "The role does not exist.");
    reply_free(&r);
    simple_call(f, "GetRole", RAM, NULL, &r);
    assert_error(&r, 400, "MissingParameter.RoleName");
    reply_free(&r);
}

static void list_roles_pages_with_marker(void **state)
{
    static const char *const suffixes[] = { NULL, "b", "c" };
    struct fx *f = *state;
    const cJSON *roles;
    char *marker;
    struct reply r;

    for (size_t i = 0; i < 3; i++) {
        create_role(f, (const char *const[]){
            "ServiceName", "polardb.aliyuncs.com",
            suffixes[i] ? "CustomSuffix" : NULL, suffixes[i], NULL }, &r);
        assert_ok(&r);
        reply_free(&r);
    }
    simple_call(f, "ListRoles", RAM, NULL, &r);
    assert_ok(&r);
    assert_true(cJSON_IsFalse(jget(r.json, "IsTruncated")));
    assert_null(jget(r.json, "Marker"));
    assert_int_equal(cJSON_GetArraySize(jget(r.json, "Roles.Role")), 3);
    reply_free(&r);

    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "MaxItems", "2", NULL }, &r);
    assert_ok(&r);
    assert_true(cJSON_IsTrue(jget(r.json, "IsTruncated")));
    roles = jget(r.json, "Roles.Role");
    assert_int_equal(cJSON_GetArraySize(roles), 2);
    assert_string_equal(jstr(cJSON_GetArrayItem(roles, 0), "RoleName"),
                        POLARDB_ROLE);
    assert_string_equal(jstr(cJSON_GetArrayItem(roles, 1), "RoleName"),
                        POLARDB_ROLE "_b");
    assert_int_equal(jget(cJSON_GetArrayItem(roles, 1),
                          "MaxSessionDuration")->valueint, 3600);
    marker = strdup(jstr(r.json, "Marker"));
    assert_non_null(marker);
    reply_free(&r);

    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "MaxItems", "2", "Marker", marker, NULL }, &r);
    assert_ok(&r);
    assert_true(cJSON_IsFalse(jget(r.json, "IsTruncated")));
    assert_null(jget(r.json, "Marker"));
    roles = jget(r.json, "Roles.Role");
    assert_int_equal(cJSON_GetArraySize(roles), 1);
    assert_string_equal(jstr(cJSON_GetArrayItem(roles, 0), "RoleName"),
                        POLARDB_ROLE "_c");
    reply_free(&r);
    free(marker);

    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "MaxItems", "0", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.MaxItems");
    reply_free(&r);
    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "MaxItems", "1001", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.MaxItems");
    reply_free(&r);
    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "Marker", "garbage", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.Marker");
    reply_free(&r);
}

/* --- deletion ------------------------------------------------------------- */

static void delete_slr_in_progress_then_succeeded(void **state)
{
    static const char prefix[] =
        "task/acs-service-role/polardb.aliyuncs.com/" POLARDB_ROLE "/";
    struct fx *f = *state;
    struct reply r;
    char *task;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    task = delete_role(f, POLARDB_ROLE);
    assert_true(strncmp(task, prefix, strlen(prefix)) == 0);
    assert_int_equal(strlen(task), strlen(prefix) + 36);
    deletion_status(f, task, &r);
    assert_ok(&r);
    assert_jstr(&r, "Status", "IN_PROGRESS");
    assert_null(jget(r.json, "Reason"));
    reply_free(&r);
    /* Still there while the task runs. */
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.LatestDeletionTask.DeletionTaskId", task);
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_ok(&r);
    assert_jstr(&r, "Status", "SUCCEEDED");
    reply_free(&r);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_jstr(&r, "Status", "SUCCEEDED");
    reply_free(&r);
    free(task);
}

static void delete_slr_in_use_fails_with_usages(void **state)
{
    struct fx *f = *state;
    const cJSON *usage;
    struct reply r;
    char *task;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    assert_int_equal(sim_account_mark_in_use(f->a, POLARDB_ROLE), 0);
    task = delete_role(f, POLARDB_ROLE);
    deletion_status(f, task, &r);
    assert_jstr(&r, "Status", "IN_PROGRESS");
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_ok(&r);
    assert_jstr(&r, "Status", "FAILED");
    assert_jstr(&r, "Reason.Message",
                "Service-Linked Role acs:ram::" ACCT
                ":role/aliyunserviceroleforpolardb cannot be deleted as it "
                "is in use by polardb.aliyuncs.com.");
    usage = cJSON_GetArrayItem(jget(r.json, "Reason.RoleUsages.RoleUsage"),
                               0);
    assert_non_null(usage);
    assert_string_equal(jstr(usage, "Region"), "cn-hangzhou");
    assert_int_equal(cJSON_GetArraySize(jget(usage, "Resources.Resource")),
                     1);
    reply_free(&r);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_ok(&r);
    reply_free(&r);
    free(task);
}

/* --in-use ROLE:N: N resources, spread in blocks over up to 4 regions;
 * a bad N is refused. */
static void delete_slr_in_use_by_many(void **state)
{
    struct fx *f = *state;
    const cJSON *list, *usage;
    struct reply r;
    char *task;
    int total = 0;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    assert_int_equal(sim_account_mark_in_use(f->a, POLARDB_ROLE ":0"), -1);
    assert_int_equal(sim_account_mark_in_use(f->a, ":3"), -1);
    assert_int_equal(sim_account_mark_in_use(f->a, POLARDB_ROLE ":9"), 0);
    task = delete_role(f, POLARDB_ROLE);
    deletion_status(f, task, &r);
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_jstr(&r, "Status", "FAILED");
    list = jget(r.json, "Reason.RoleUsages.RoleUsage");
    assert_int_equal(cJSON_GetArraySize(list), 4);
    usage = cJSON_GetArrayItem(list, 1);
    assert_string_equal(jstr(usage, "Region"), "cn-beijing");
    cJSON_ArrayForEach(usage, list)
        total += cJSON_GetArraySize(jget(usage, "Resources.Resource"));
    assert_int_equal(total, 9);
    reply_free(&r);
    free(task);
}

static void delete_errors(void **state)
{
    struct fx *f = *state;
    struct reply r;

    simple_call(f, "DeleteServiceLinkedRole", RM, (const char *const[]){
        "RoleName", "Nobody", NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    simple_call(f, "DeleteServiceLinkedRole", RM, NULL, &r);
    assert_error(&r, 400, "MissingParameter.RoleName");
    reply_free(&r);
    deletion_status(f, "task/acs-service-role/x/y/z", &r);
    assert_error(&r, 404, "EntityNotExist.DeletionTask");
    reply_free(&r);
}

/* --- DBS ------------------------------------------------------------------ */

static void dbs_init_twice(void **state)
{
    static const char prefix[] =
        "EntityAlreadyExists.Role : The role already exists:"
        "AliyunServiceRoleForDBS\r\nRequestId : ";
    struct fx *f = *state;
    const char *msg;
    struct reply r;

    simple_call(f, "InitializeDbsServiceLinkedRole", DBS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "Data", "null");
    assert_jstr(&r, "Success", "true");
    assert_null(jget(r.json, "ErrorCode"));
    reply_free(&r);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", "AliyunServiceRoleForDBS", NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Description", "DBS role.");
    assert_true(strstr(jstr(r.json, "Role.AssumeRolePolicyDocument"),
                       "[\"dbs.aliyuncs.com\"]") != NULL);
    reply_free(&r);
    simple_call(f, "InitializeDbsServiceLinkedRole", DBS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "Data", "null");
    assert_jstr(&r, "Success", "true");
    assert_jstr(&r, "ErrorCode", "EntityAlreadyExists.Role");
    msg = jstr(r.json, "ErrMessage");
    assert_non_null(msg);
    assert_true(strncmp(msg, prefix, strlen(prefix)) == 0);
    assert_true(looks_like_request_id(msg + strlen(prefix)));
    assert_true(strncmp(r.text, "{\"Data\":\"null\",\"RequestId\":", 27) ==
                0);
    reply_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(create_slr_answers_the_documented_shape),
        T(create_slr_with_suffix_and_description),
        T(create_slr_without_service_name_is_missing_parameter),
        T(create_slr_unknown_service_does_not_exist),
        T(create_slr_suffix_not_allowed),
        T(create_slr_suffix_invalid_chars),
        T(create_slr_suffix_too_long),
        T(create_slr_description_counts_characters),
        T(create_slr_description_without_suffix_not_allowed),
        T(create_slr_twice_already_exists),
        cmocka_unit_test(create_slr_beyond_role_limit),
        T(get_role_rm_and_ram),
        T(list_roles_pages_with_marker),
        T(delete_slr_in_progress_then_succeeded),
        T(delete_slr_in_use_fails_with_usages),
        T(delete_slr_in_use_by_many),
        T(delete_errors),
        T(dbs_init_twice),
        cmocka_unit_test(installed_catalogue_knows_dbs),
    };

    return cmocka_run_group_tests_name("sim_roles", tests, NULL, NULL);
}
