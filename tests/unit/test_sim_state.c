/* Tests for src/sim: the state file.
 *
 * Roles and the account id survive a restart, deletions are saved too,
 * and a broken file is refused with its name and the problem. */
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
#include <unistd.h>

#include <cjson/cJSON.h>

#include "sim_fixture.h"

/* --- helpers -------------------------------------------------------------- */

static char *temp_dir(void)
{
    char tmpl[] = "/tmp/test_sim.XXXXXX";
    char *d = mkdtemp(tmpl);

    assert_non_null(d);
    d = strdup(d);
    assert_non_null(d);
    return d;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* --- the state file ------------------------------------------------------- */

static void state_file_round_trip(void **state)
{
    char *dir = temp_dir();
    char path[256];
    struct fx *f;
    struct reply r;
    char *role_id, *task;
    FILE *fp;
    char text[8192];
    size_t n;
    cJSON *doc;

    (void)state;
    snprintf(path, sizeof(path), "%s/state.json", dir);
    f = fx_make(path, true);
    create_role(f, polardb, &r);
    assert_ok(&r);
    role_id = strdup(jstr(r.json, "Role.RoleId"));
    reply_free(&r);
    simple_call(f, "InitializeDbsServiceLinkedRole", DBS, NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    fx_free(f);

    fp = fopen(path, "r");
    assert_non_null(fp);
    n = fread(text, 1, sizeof(text) - 1, fp);
    fclose(fp);
    text[n] = '\0';
    doc = cJSON_Parse(text);
    assert_non_null(doc);
    assert_int_equal(jget(doc, "schema")->valueint, 1);
    assert_string_equal(jstr(doc, "account_id"), ACCT);
    assert_int_equal(cJSON_GetArraySize(jget(doc, "roles")), 2);
    cJSON_Delete(doc);

    f = fx_make(path, true);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleId", role_id);
    reply_free(&r);
    /* Deleting is saved too. */
    task = delete_role(f, POLARDB_ROLE);
    deletion_status(f, task, &r);
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_jstr(&r, "Status", "SUCCEEDED");
    reply_free(&r);
    fx_free(f);
    f = fx_make(path, true);
    simple_call(f, "ListRoles", RAM, NULL, &r);
    assert_int_equal(cJSON_GetArraySize(jget(r.json, "Roles.Role")), 1);
    assert_string_equal(jstr(cJSON_GetArrayItem(jget(r.json, "Roles.Role"),
                                                0), "RoleName"),
                        "AliyunServiceRoleForDBS");
    reply_free(&r);
    fx_free(f);
    free(task);
    free(role_id);
    unlink(path);
    rmdir(dir);
    free(dir);
}

static void state_file_keeps_its_account_id_and_plain_roles(void **state)
{
    char *dir = temp_dir();
    char path[256];
    struct fx *f;
    struct reply r;

    (void)state;
    snprintf(path, sizeof(path), "%s/state.json", dir);
    write_text(path,
        "{\"schema\": 1, \"account_id\": \"5555000011112222\", \"roles\": ["
        "{\"role_id\": \"300000000000000001\", \"role_name\": \"Deployer\","
        " \"service_linked\": false, \"create_date\": "
        "\"2024-01-02T03:04:05Z\"}]}");
    f = fx_make(path, true);
    simple_call(f, "GetCallerIdentity", STS, NULL, &r);
    assert_jstr(&r, "AccountId", "5555000011112222");
    reply_free(&r);
    simple_call(f, "GetRole", RAM, (const char *const[]){
        "RoleName", "Deployer", NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Arn", "acs:ram::5555000011112222:role/deployer");
    assert_jstr(&r, "Role.CreateDate", "2024-01-02T03:04:05Z");
    assert_true(cJSON_IsFalse(jget(r.json, "Role.IsServiceLinkedRole")));
    reply_free(&r);
    simple_call(f, "DeleteServiceLinkedRole", RM, (const char *const[]){
        "RoleName", "Deployer", NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.ServiceLinkedRole");
    assert_jstr(&r, "Message",
                "This role exists but is not a Service Linked Role.");
    reply_free(&r);
    fx_free(f);
    unlink(path);
    rmdir(dir);
    free(dir);
}

static void broken_state_file_names_file_and_problem(void **state)
{
    static const struct {
        const char *text;
        const char *problem;
    } cases[] = {
        { "{\"schema\": 1,\n \"roles\": [", ":2:" },
        { "[]", "must hold a JSON object" },
        { "{\"schema\": 2, \"account_id\": \"1\", \"roles\": []}",
          "\"schema\" must be 1" },
        { "{\"schema\": 1, \"account_id\": \"12ab\", \"roles\": []}",
          "\"account_id\" must be a string of 1-32 digits" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": {}}",
          "\"roles\" must be an array" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": [{\"role_id\":"
          " \"1\", \"service_linked\": true, \"service_name\": \"a\","
          " \"create_date\": \"2024-01-02T03:04:05Z\"}]}",
          "roles[0]: \"role_name\" is missing" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": [{\"role_id\":"
          " \"1\", \"role_name\": \"R\", \"service_linked\": true,"
          " \"create_date\": \"2024-01-02T03:04:05Z\"}]}",
          "roles[0]: a service-linked role needs \"service_name\"" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": [{\"role_id\":"
          " \"1\", \"role_name\": \"R\", \"service_linked\": false,"
          " \"create_date\": \"yesterday\"}]}",
          "roles[0]: \"create_date\" must look like" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": ["
          "{\"role_id\": \"1\", \"role_name\": \"R\", \"service_linked\":"
          " false, \"create_date\": \"2024-01-02T03:04:05Z\"},"
          "{\"role_id\": \"2\", \"role_name\": \"r\", \"service_linked\":"
          " false, \"create_date\": \"2024-01-02T03:04:05Z\"}]}",
          "roles[1]: role \"r\" appears twice" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": [{\"role_id\":"
          " \"1\", \"role_name\": \"bad name\", \"service_linked\": false,"
          " \"create_date\": \"2024-01-02T03:04:05Z\"}]}",
          "roles[0]: \"role_name\" must be" },
    };
    char *dir = temp_dir();
    char path[256];
    struct catalog cat;
    struct sim_config cfg;
    struct buf err;

    (void)state;
    snprintf(path, sizeof(path), "%s/broken.json", dir);
    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&cat, test_catalog, strlen(test_catalog),
                                   "test", &err), 0);
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &cat;
    cfg.state_path = path;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        write_text(path, cases[i].text);
        buf_reset(&err);
        assert_null(sim_account_new(&cfg, &err));
        if (strncmp(buf_str(&err), path, strlen(path)) != 0 ||
            !strstr(buf_str(&err), cases[i].problem))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, buf_str(&err),
                     cases[i].problem);
    }
    /* A directory is not a state file either. */
    cfg.state_path = dir;
    buf_reset(&err);
    assert_null(sim_account_new(&cfg, &err));
    assert_true(strncmp(buf_str(&err), dir, strlen(dir)) == 0);
    catalog_free(&cat);
    buf_free(&err);
    unlink(path);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(state_file_round_trip),
        cmocka_unit_test(state_file_keeps_its_account_id_and_plain_roles),
        cmocka_unit_test(broken_state_file_names_file_and_problem),
    };

    return cmocka_run_group_tests_name("sim_state", tests, NULL, NULL);
}
