/* Unit tests for app/export: which roles an export takes, the service
 * and suffix worked out from each name with the catalogue, names made
 * unique, a role the catalogue does not know kept as a comment, and the
 * three formats.  Outputs are compared whole where they are short. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app/export.h"

#define BIG (1u << 20)
#define TF_TYPE "alicloud_resource_manager_service_linked_role"

static const char catalog_text[] =
    "{\"schema\":1,\"services\":["
    "{\"service_name\":\"polardb.aliyuncs.com\","
    "\"role_name\":\"AliyunServiceRoleForPolarDB\",\"product\":\"PolarDB\","
    "\"custom_suffix\":true},"
    "{\"service_name\":\"dbs.aliyuncs.com\","
    "\"role_name\":\"AliyunServiceRoleForDBS\","
    "\"product\":\"Database Backup\",\"custom_suffix\":false}]}";

static struct catalog cat;

static int setup(void **state)
{
    struct buf err;
    int rc;

    (void)state;
    buf_init(&err, 4096);
    rc = catalog_parse(&cat, catalog_text, strlen(catalog_text), "test.json",
                       &err);
    buf_free(&err);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    catalog_free(&cat);
    return 0;
}

static char n_polar[] = "AliyunServiceRoleForPolarDB";
static char n_ab[] = "AliyunServiceRoleForPolarDB_a.b";
static char n_ab2[] = "AliyunServiceRoleForPolarDB_a-b";
static char n_dbs[] = "AliyunServiceRoleForDBS";
static char n_odd[] = "AliyunServiceRoleForNoSuch";
static char n_user[] = "MyOwnRole";
static char d_preset[] = "preset";
static char d_given[] = "say \"hi\" ${x}";

static void roles_init(struct api_role *r)
{
    memset(r, 0, 6 * sizeof(*r));
    r[0].role_name = n_polar;
    r[0].description = d_preset;
    r[0].is_service_linked = true;
    r[1].role_name = n_ab;
    r[1].description = d_given;
    r[1].is_service_linked = true;
    r[2].role_name = n_ab2;
    r[2].is_service_linked = true;
    r[3].role_name = n_dbs;
    r[3].is_service_linked = true;
    r[4].role_name = n_odd;
    r[4].is_service_linked = true;
    r[5].role_name = n_user;
}

static void test_terraform_all(void **state)
{
    struct api_role r[6];
    struct export_result res;
    struct buf out;
    const char *s;

    (void)state;
    roles_init(r);
    buf_init(&out, BIG);
    assert_int_equal(export_roles(&out, &cat, r, 6, NULL, EXPORT_DEFAULT,
                                  NULL, &res), 0);
    s = buf_str(&out);
    assert_int_equal(res.exported, 4);
    assert_int_equal(res.unknown, 1);
    assert_int_equal(res.missing_count, 0);
    /* The preset role: no suffix, and so no description. */
    assert_non_null(strstr(s,
        "resource \"" TF_TYPE "\" \"aliyunserviceroleforpolardb\" {\n"
        "  service_name = \"polardb.aliyuncs.com\"\n"
        "}\n"
        "import {\n"
        "  to = " TF_TYPE ".aliyunserviceroleforpolardb\n"
        "  id = \"polardb.aliyuncs.com:AliyunServiceRoleForPolarDB\"\n"
        "}\n"));
    assert_non_null(strstr(s,
        "\"aliyunserviceroleforpolardb_a_b\" {\n"
        "  service_name  = \"polardb.aliyuncs.com\"\n"
        "  custom_suffix = \"a.b\"\n"
        "  description   = \"say \\\"hi\\\" $${x}\"\n"));
    /* Two names that meet: the second gets _2. */
    assert_non_null(strstr(s, "\"aliyunserviceroleforpolardb_a_b_2\" {\n"
                              "  service_name  = \"polardb.aliyuncs.com\"\n"
                              "  custom_suffix = \"a-b\"\n}\n"));
    assert_non_null(strstr(s, "id = \"dbs.aliyuncs.com:"
                              "AliyunServiceRoleForDBS\""));
    assert_non_null(strstr(s, "# AliyunServiceRoleForNoSuch: not in "
                              "linkrole's catalogue"));
    /* Not service-linked, not named: not taken. */
    assert_null(strstr(s, "MyOwnRole"));
    buf_free(&out);
}

static void test_aliyun_and_service_filter(void **state)
{
    struct api_role r[6];
    struct export_filter f = { "polardb.aliyuncs.com", NULL, 0 };
    struct export_result res;
    struct buf out;

    (void)state;
    roles_init(r);
    buf_init(&out, BIG);
    assert_int_equal(export_roles(&out, &cat, r, 6, &f, EXPORT_ALIYUN,
                                  "cn-beijing", &res), 0);
    assert_string_equal(buf_str(&out),
        "aliyun resourcemanager CreateServiceLinkedRole --ServiceName "
        "polardb.aliyuncs.com\n"
        "aliyun resourcemanager CreateServiceLinkedRole --ServiceName "
        "polardb.aliyuncs.com --CustomSuffix a.b --Description "
        "'say \"hi\" ${x}'\n"
        "aliyun resourcemanager CreateServiceLinkedRole --ServiceName "
        "polardb.aliyuncs.com --CustomSuffix a-b\n");
    assert_int_equal(res.exported, 3);
    f.service = "dbs.aliyuncs.com";
    buf_reset(&out);
    assert_int_equal(export_roles(&out, &cat, r, 6, &f, EXPORT_ALIYUN,
                                  "cn-beijing", &res), 0);
    assert_string_equal(buf_str(&out), "aliyun dbs InitializeDbsServiceLinked"
                                       "Role --region cn-beijing\n");
    buf_free(&out);
}

static void test_names_json_missing(void **state)
{
    struct api_role r[6];
    const char *names[] = { "myownrole", "aliyunserviceroleforpolardb_a.b",
                            "Gone" };
    struct export_filter f = { NULL, names, 3 };
    struct export_result res;
    struct buf out;

    (void)state;
    roles_init(r);
    buf_init(&out, BIG);
    assert_int_equal(export_roles(&out, &cat, r, 6, &f, EXPORT_JSON, NULL,
                                  &res), 0);
    assert_int_equal(res.exported, 1);
    assert_int_equal(res.unknown, 1);
    assert_int_equal(res.missing_count, 1);
    assert_string_equal(res.missing[0], "Gone");
    assert_string_equal(buf_str(&out),
        "{\n"
        "  \"Roles\": [\n"
        "    {\n"
        "      \"RoleName\": \"AliyunServiceRoleForPolarDB_a.b\",\n"
        "      \"ServiceName\": \"polardb.aliyuncs.com\",\n"
        "      \"CustomSuffix\": \"a.b\",\n"
        "      \"Description\": \"say \\\"hi\\\" ${x}\",\n"
        "      \"ImportId\": \"polardb.aliyuncs.com:"
        "AliyunServiceRoleForPolarDB_a.b\"\n"
        "    },\n"
        "    {\n"
        "      \"RoleName\": \"MyOwnRole\",\n"
        "      \"ServiceName\": null,\n"
        "      \"CustomSuffix\": null,\n"
        "      \"Description\": null,\n"
        "      \"ImportId\": null\n"
        "    }\n"
        "  ]\n"
        "}\n");
    buf_free(&out);
}

static void test_print_create_and_dbs(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(export_create(&out, EXPORT_ALIYUN, "polardb.aliyuncs.com",
                                   "x", NULL), 0);
    assert_string_equal(buf_str(&out), "aliyun resourcemanager "
        "CreateServiceLinkedRole --ServiceName polardb.aliyuncs.com "
        "--CustomSuffix x\n");
    buf_reset(&out);
    assert_int_equal(export_dbs_init(&out, EXPORT_TERRAFORM, NULL), 0);
    assert_string_equal(buf_str(&out),
        "resource \"" TF_TYPE "\" \"dbs\" {\n"
        "  service_name = \"dbs.aliyuncs.com\"\n"
        "}\n");
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terraform_all),
        cmocka_unit_test(test_aliyun_and_service_filter),
        cmocka_unit_test(test_names_json_missing),
        cmocka_unit_test(test_print_create_and_dbs),
    };

    return cmocka_run_group_tests_name("export", tests, setup, teardown);
}
