/* Tests of the profile files (src/cloud/creds_cli.c, creds_ini.c,
 * creds_file.c): the aliyun CLI's config.json and the SDKs' INI file in
 * the formats those tools write (tests/fixtures/creds/), every malformed
 * file's message, and permission warnings. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "creds_fixture.h"

static void test_config_mode_case_and_guess(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    assert_int_equal(resolve("lower", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"lower\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxLowerKey0001", "FxLowerSecret0001",
                "FxLowerToken0001");
    assert_string_equal(creds_region(c), "eu-central-1");
    creds_free(c);
    buf_free(&err);
    /* mode "": an AK pair with an sts_token is StsToken. */
    assert_int_equal(resolve("guess", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"guess\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxGuessKey0001", "FxGuessSecret0001",
                "FxGuessToken0001");
    creds_free(c);
    buf_free(&err);
}

static void test_unsupported_modes(void **state)
{
    (void)state;
    put_config("config.json");
    expect_error("external", CREDS_ERROR,
                 "profile mode External is not supported (file "
                 "~/.aliyun/config.json, profile \"external\"); supported: "
                 "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, "
                 "CredentialsURI");
    expect_error("oidc", CREDS_ERROR,
                 "profile mode OIDC is not supported (file "
                 "~/.aliyun/config.json, profile \"oidc\"); supported: "
                 "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, "
                 "CredentialsURI");
}

static void test_chain_cycle_is_reported(void **state)
{
    (void)state;
    put_config("config-cycle.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"c\" (ChainableRamRoleArn)"
                 ": source_profile makes a cycle: \"b\" -> \"c\" -> \"b\"");
    assert_int_equal(script.used, 0);
}

static void test_ini_types(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_ini("credentials.ini");
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    expect_keys(c, "LTAI5tFxIniDefault01", "FxIniDefaultSecret0001", NULL);
    creds_free(c);
    buf_free(&err);

    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("role", &c, &err), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        STS_SIM "/?DurationSeconds=900"
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole"
                        "%2Fini-role&RoleSessionName=ini-session");
    assert_non_null(strstr(script.req[0].headers,
                           "Credential=LTAI5tFxIniRole0001,"));
    assert_string_equal(creds_source(c), "section [role] (ram_role_arn) in "
                                         "~/.alibabacloud/credentials");
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    creds_free(c);
    buf_free(&err);

    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c, &err), CREDS_OK);
    assert_string_equal(script.req[2].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/"
                                           "FxIniEcsRole");
    assert_string_equal(creds_source(c), "section [ecs] (ecs_ram_role) in "
                                         "~/.alibabacloud/credentials");
    creds_free(c);
    buf_free(&err);

    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "FxFoundRole");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs-discover", &c, &err), CREDS_OK);
    assert_string_equal(script.req[5].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/"
                                           "FxFoundRole");
    creds_free(c);
    buf_free(&err);
}

static void test_ini_bad_sections(void **state)
{
    (void)state;
    put_ini("credentials.ini");
    expect_error("bearer", CREDS_ERROR,
                 "profile type bearer is not supported (file "
                 "~/.alibabacloud/credentials, section [bearer]); "
                 "supported: access_key, sts, ram_role_arn, ecs_ram_role");
    expect_error("incomplete", CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [incomplete] "
                 "(access_key): field \"access_key_secret\" is missing");
    expect_error("notype", CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [notype]: field "
                 "\"type\" is missing");
}

static void test_ini_syntax_error_line(void **state)
{
    (void)state;
    put_ini("credentials-bad.ini");
    expect_error(NULL, CREDS_ERROR,
                 "~/.alibabacloud/credentials:7: expected \"key = value\"");
}

static void test_ini_syntax_rules(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    write_ini("key = value\n");
    expect_error(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:1: "
                                    "\"key = value\" before any [section]");
    write_ini("# c\n[default\n");
    expect_error(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:2: "
                                    "expected \"]\" at the end of the "
                                    "section header");
    write_ini("[ ]\n");
    expect_error(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:1: "
                                    "empty section name");
    write_ini("[default]\n = x\n");
    expect_error(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:2: "
                                    "expected \"key = value\"");
    /* CRLF, a BOM, blanks around "=", a repeated key (the last wins),
     * and a value kept verbatim after trimming. */
    write_ini("\xef\xbb\xbf; sdk file\r\n[default]\r\ntype=access_key\r\n"
              "access_key_id =  LTAI5tFxEnv0001 \r\n"
              "access_key_secret\t=\tFxOtherSecret0001\r\n"
              "access_key_secret = FxEnvSecret0001 # not a comment\r\n");
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    expect_keys(c, "LTAI5tFxEnv0001", "FxEnvSecret0001 # not a comment",
                NULL);
    creds_free(c);
    buf_free(&err);
}

static void test_config_bad_json_position(void **state)
{
    (void)state;
    put_config("config-bad-json.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json:3:13: not valid JSON");
    /* The same when the profile is asked for by name. */
    expect_error("default", CREDS_ERROR,
                 "~/.aliyun/config.json:3:13: not valid JSON");
}

static void test_config_missing_field(void **state)
{
    (void)state;
    put_config("config-missing-field.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"ops\" (RamRoleArn): field "
                 "\"ram_session_name\" is missing");
}

static void test_config_wrong_type(void **state)
{
    (void)state;
    put_config("config-wrong-type.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"ops\": field "
                 "\"expired_seconds\" must be a number");
}

static void test_config_current_names_missing_profile(void **state)
{
    (void)state;
    put_config("config-bad-current.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: the current profile \"nope\" does "
                 "not exist");
}

static void test_config_bad_region(void **state)
{
    (void)state;
    put_config("config.json");
    expect_error("bad-region", CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"bad-region\": field "
                 "\"region_id\" must match [a-zA-Z0-9-]+");
}

static void test_config_shapes_and_bounds(void **state)
{
    char *big;
    size_t n, len;

    (void)state;
    write_config_s("[]");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: not a JSON "
                                    "object");
    write_config_s("{\"current\":1}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: field "
                                    "\"current\" must be a string");
    write_config_s("{\"profiles\":{}}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: field "
                                    "\"profiles\" must be an array");
    write_config_s("{\"profiles\":[{\"name\":\"a\"},3]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profiles[1] is "
                                    "not an object");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"AK\",\"access_key_id\":7}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"access_key_id\" must be a "
                                    "string");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\"}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"mode\" is missing and no "
                                    "credentials show which it would be");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"RamRoleArn\",\"access_key_id\":\"k\","
                   "\"access_key_secret\":\"FxOpsSecret0001\","
                   "\"ram_role_arn\":\"r\",\"ram_session_name\":\"s\","
                   "\"expired_seconds\":60}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"expired_seconds\" must be a "
                                    "whole number from 900 to 43200");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"ChainableRamRoleArn\",\"ram_role_arn\":\"r\","
                   "\"ram_session_name\":\"s\",\"source_profile\":\"z\"}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\" "
                                    "(ChainableRamRoleArn): source_profile "
                                    "\"z\" not found");
    /* No "current": the CLI's "default" profile, if there is one. */
    write_config_s("{\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
                   "\"access_key_id\":\"k\"}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile "
                                    "\"default\" (AK): field "
                                    "\"access_key_secret\" is missing");

    /* Over 1 MiB. */
    len = (1u << 20) + 1;
    big = malloc(len);
    assert_non_null(big);
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    write_config(big, len);
    free(big);
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: larger than "
                                    "1 MiB");
    /* More than 256 profiles. */
    big = malloc(300 * 16 + 64);
    assert_non_null(big);
    n = (size_t)sprintf(big, "{\"profiles\":[");
    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(big + n, "%s{\"name\":\"p%d\"}", i ? "," : "",
                             i);
    sprintf(big + n, "]}");
    write_config_s(big);
    free(big);
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: more than 256 "
                                    "profiles");
}

static void test_config_not_a_file(void **state)
{
    char path[700];

    (void)state;
    snprintf(path, sizeof(path), "%s/.aliyun", home);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/.aliyun/config.json", home);
    assert_int_equal(mkdir(path, 0700), 0);
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: not a regular "
                                    "file");
}

static void test_permission_warnings(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_file("config.json", ".aliyun", "config.json", 0644);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0640);
    /* Asked for by name and only in the INI file: both files read. */
    assert_int_equal(resolve("only-ini", &c, &err), CREDS_OK);
    assert_string_equal(warned,
                        "~/.aliyun/config.json is readable by others (mode "
                        "0644): run chmod 600 ~/.aliyun/config.json\n"
                        "~/.alibabacloud/credentials is readable by its group "
                        "(mode 0640): run chmod 600 "
                        "~/.alibabacloud/credentials\n");
    creds_free(c);
    buf_free(&err);
    warned[0] = '\0';
    put_file("config.json", ".aliyun", "config.json", 0600);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0600);
    assert_int_equal(resolve("only-ini", &c, &err), CREDS_OK);
    assert_string_equal(warned, "");
    creds_free(c);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_config_mode_case_and_guess),
        T(test_unsupported_modes),
        T(test_chain_cycle_is_reported),
        T(test_ini_types),
        T(test_ini_bad_sections),
        T(test_ini_syntax_error_line),
        T(test_ini_syntax_rules),
        T(test_config_bad_json_position),
        T(test_config_missing_field),
        T(test_config_wrong_type),
        T(test_config_current_names_missing_profile),
        T(test_config_bad_region),
        T(test_config_shapes_and_bounds),
        T(test_config_not_a_file),
        T(test_permission_warnings),
#undef T
    };

    return cmocka_run_group_tests_name("creds_files", tests, group_setup,
                                       group_teardown);
}
