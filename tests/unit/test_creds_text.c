/* Tests for src/app/creds_text.c, choosing a source and reading the
 * files: each case runs the chain for real (the creds fixture: private
 * HOME, scripted transport, fake clock) and compares the worded problem
 * with the exact line linkrole has always printed; codes that are hard
 * to reach are built by hand. */
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

#include "app/creds_text.h"
#include "core/ini.h"
#include "creds_fixture.h"
#include "creds_words.h"

/* ================================================================== */
/* choosing a source                                                   */
/* ================================================================== */

static void test_env_half_pair(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    expect_words(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ACCESS_KEY_ID is set but "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not");
    unsetenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    expect_words(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID is not");
}

static void test_profile_not_found(void **state)
{
    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    expect_words("nosuch", CREDS_ERROR,
                 "profile \"nosuch\" not found in ~/.aliyun/config.json or "
                 "~/.alibabacloud/credentials");
    empty_home();
    expect_words("nosuch", CREDS_ERROR,
                 "profile \"nosuch\" not found in ~/.aliyun/config.json or "
                 "~/.alibabacloud/credentials");
}

static void test_nothing_found(void **state)
{
    (void)state;
    expect_words(NULL, CREDS_NONE,
                 "no credentials found; looked at: "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set); "
                 "ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN "
                 "and ALIBABA_CLOUD_OIDC_TOKEN_FILE (not set); "
                 "~/.aliyun/config.json (no such file); "
                 "~/.alibabacloud/credentials (no such file); "
                 "the ECS metadata service (ignored: "
                 "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); "
                 "ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
    put_ini("credentials-only-other.ini");
    expect_words(NULL, CREDS_NONE,
                 "no credentials found; looked at: "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set); "
                 "ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN "
                 "and ALIBABA_CLOUD_OIDC_TOKEN_FILE (not set); "
                 "~/.aliyun/config.json (no such file); "
                 "~/.alibabacloud/credentials (no [default] section); "
                 "the ECS metadata service (ignored: "
                 "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); "
                 "ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
    /* The switches that turn sources off say so. */
    put_config("config.json");
    setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true", 1);
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true", 1);
    expect_words(NULL, CREDS_NONE,
                 "no credentials found; looked at: "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set); "
                 "ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN "
                 "and ALIBABA_CLOUD_OIDC_TOKEN_FILE (not set); "
                 "~/.aliyun/config.json (skipped: "
                 "ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true); "
                 "~/.alibabacloud/credentials (no [default] section); "
                 "ALIBABA_CLOUD_ECS_METADATA (ignored: "
                 "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); "
                 "ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
}

static void test_current_profile_missing(void **state)
{
    (void)state;
    put_config("config-bad-current.json");
    expect_words(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: the current profile \"nope\" does "
                 "not exist");
}

/* ================================================================== */
/* the files                                                           */
/* ================================================================== */

static void test_unsupported_modes(void **state)
{
    (void)state;
    write_config_s("{\"profiles\": [{\"name\": \"token\", "
                   "\"mode\": \"BearerToken\", "
                   "\"bearer_token\": \"FxBearerToken0001\"}]}");
    expect_words("token", CREDS_ERROR,
                 "profile mode BearerToken is not supported (file "
                 "~/.aliyun/config.json, profile \"token\"); supported: "
                 "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, "
                 "CredentialsURI, OIDC, CloudSSO, OAuth, External");
    empty_home();
    put_ini("credentials.ini");
    expect_words("bearer", CREDS_ERROR,
                 "profile type bearer is not supported (file "
                 "~/.alibabacloud/credentials, section [bearer]); "
                 "supported: access_key, sts, ram_role_arn, ecs_ram_role, "
                 "oidc_role_arn");
}

static void test_chain_cycle(void **state)
{
    (void)state;
    put_config("config-cycle.json");
    expect_words(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"c\" (ChainableRamRoleArn)"
                 ": source_profile makes a cycle: \"b\" -> \"c\" -> \"b\"");
}

static void test_ini_sections(void **state)
{
    (void)state;
    put_ini("credentials.ini");
    expect_words("incomplete", CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [incomplete] "
                 "(access_key): field \"access_key_secret\" is missing");
    expect_words("notype", CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [notype]: field "
                 "\"type\" is missing");
    write_ini("[default]\ntype = ram_role_arn\naccess_key_id = k\n"
              "access_key_secret = FxIniRoleSecret0001\nrole_arn = r\n"
              "role_session_name = s\nrole_session_expiration = 60\n");
    expect_words(NULL, CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [default] "
                 "(ram_role_arn): field \"role_session_expiration\" must be "
                 "between 900 and 43200");
    write_ini("[default]\ntype = ram_role_arn\naccess_key_id = k\n"
              "access_key_secret = FxIniRoleSecret0001\nrole_arn = r\n"
              "role_session_name = s\nrole_session_expiration = soon\n");
    expect_words(NULL, CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [default] "
                 "(ram_role_arn): field \"role_session_expiration\" must be "
                 "a number");
    write_ini("[default]\ntype = ecs_ram_role\nrole_name = ../x\n");
    expect_words(NULL, CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [default] "
                 "(ecs_ram_role): field \"role_name\" is not a RAM role name");
    write_ini("[default]\ntype = ram_role_arn\naccess_key_id = k\n"
              "access_key_secret = FxIniRoleSecret0001\nrole_arn = r\n"
              "role_session_name = s\n");
    setenv("ALIBABA_CLOUD_STS_REGION", "cn_hangzhou", 1);
    expect_words(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_STS_REGION must match [a-zA-Z0-9-]+");
}

static void test_ini_syntax(void **state)
{
    char *big;

    (void)state;
    put_ini("credentials-bad.ini");
    expect_words(NULL, CREDS_ERROR,
                 "~/.alibabacloud/credentials:7: expected \"key = value\"");
    write_ini("key = value\n");
    expect_words(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:1: "
                                    "\"key = value\" before any [section]");
    write_ini("# c\n[default\n");
    expect_words(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:2: "
                                    "expected \"]\" at the end of the "
                                    "section header");
    write_ini("[ ]\n");
    expect_words(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:1: "
                                    "empty section name");
    write_ini("[default]\n = x\n");
    expect_words(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:2: "
                                    "expected \"key = value\"");
    big = malloc(INI_LINE_MAX + 16);
    assert_non_null(big);
    memset(big, 'k', INI_LINE_MAX + 1);
    strcpy(big + INI_LINE_MAX + 1, " = v\n");
    write_ini(big);
    free(big);
    expect_words(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:1: line "
                                    "longer than 16384 bytes");
}

static void test_ini_nul_and_too_many(void **state)
{
    struct creds_problem p;

    (void)state;
    memset(&p, 0, sizeof(p));
    p.code = CREDS_E_INI_SYNTAX;
    snprintf(p.file, sizeof(p.file), INI);
    p.line = 4;
    p.ini = INI_NUL;
    expect_text(&p, "~/.alibabacloud/credentials:4: a NUL byte in the line");
    p.ini = INI_TOO_MANY;
    p.limit = INI_ENTRIES_MAX;
    expect_text(&p, "~/.alibabacloud/credentials:4: more than 4096 entries");
}

static void test_broken_config(void **state)
{
    (void)state;
    put_config("config-bad-json.json");
    expect_words(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json:3:13: not valid JSON");
    put_config("config-missing-field.json");
    expect_words(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"ops\" (RamRoleArn): field "
                 "\"ram_session_name\" is missing");
    put_config("config-wrong-type.json");
    expect_words(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"ops\": field "
                 "\"expired_seconds\" must be a number");
    put_config("config.json");
    expect_words("bad-region", CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"bad-region\": field "
                 "\"region_id\" must match [a-zA-Z0-9-]+");
}

static void test_config_shapes(void **state)
{
    char *big;
    size_t n, len;

    (void)state;
    write_config_s("[]");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: not a JSON "
                                    "object");
    write_config_s("{\"current\":1}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: field "
                                    "\"current\" must be a string");
    write_config_s("{\"profiles\":{}}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: field "
                                    "\"profiles\" must be an array");
    write_config_s("{\"profiles\":[{\"name\":\"a\"},3]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profiles[1] is "
                                    "not an object");
    write_config_s("{\"profiles\":[{\"name\":\"a\"},{\"name\":2}]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profiles[1]: "
                                    "field \"name\" is missing or not a "
                                    "string");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"AK\",\"access_key_id\":7}]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"access_key_id\" must be a "
                                    "string");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\"}]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"mode\" is missing and no "
                                    "credentials show which it would be");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"RamRoleArn\",\"access_key_id\":\"k\","
                   "\"access_key_secret\":\"FxOpsSecret0001\","
                   "\"ram_role_arn\":\"r\",\"ram_session_name\":\"s\","
                   "\"expired_seconds\":60}]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"expired_seconds\" must be a "
                                    "whole number from 900 to 43200");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"ChainableRamRoleArn\",\"ram_role_arn\":\"r\","
                   "\"ram_session_name\":\"s\",\"source_profile\":\"z\"}]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\" "
                                    "(ChainableRamRoleArn): source_profile "
                                    "\"z\" not found");
    write_config_s("{\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
                   "\"access_key_id\":\"k\"}]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile "
                                    "\"default\" (AK): field "
                                    "\"access_key_secret\" is missing");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"EcsRamRole\",\"ram_role_name\":\"a/b\"}]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\" "
                                    "(EcsRamRole): field \"ram_role_name\" "
                                    "is not a RAM role name");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"CredentialsURI\"}]}");
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\" "
                                    "(CredentialsURI): field "
                                    "\"credentials_uri\" is missing (and "
                                    "ALIBABA_CLOUD_CREDENTIALS_URI is not "
                                    "set)");
    len = (1u << 20) + 1;
    big = malloc(len);
    assert_non_null(big);
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    write_config(big, len);
    free(big);
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: larger than "
                                    "1 MiB");
    big = malloc(300 * 16 + 64);
    assert_non_null(big);
    n = (size_t)sprintf(big, "{\"profiles\":[");
    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(big + n, "%s{\"name\":\"p%d\"}", i ? "," : "",
                             i);
    sprintf(big + n, "]}");
    write_config_s(big);
    free(big);
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: more than 256 "
                                    "profiles");
    write_config("{\"current\":\0}", 13);
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: not a text file "
                                    "(it holds a NUL byte)");
}

static void test_config_not_a_file(void **state)
{
    char path[700];

    (void)state;
    snprintf(path, sizeof(path), "%s/.aliyun", home);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/.aliyun/config.json", home);
    assert_int_equal(mkdir(path, 0700), 0);
    expect_words(NULL, CREDS_ERROR, "~/.aliyun/config.json: not a regular "
                                    "file");
}

static void test_file_errors_and_bounds(void **state)
{
    struct creds_problem p;
    char want[256];

    (void)state;
    memset(&p, 0, sizeof(p));
    snprintf(p.file, sizeof(p.file), CFG);
    p.code = CREDS_E_FILE_OPEN;
    p.errnum = EACCES;
    snprintf(want, sizeof(want), CFG ": cannot open: %s", strerror(EACCES));
    expect_text(&p, want);
    p.code = CREDS_E_FILE_READ;
    p.errnum = EIO;
    snprintf(want, sizeof(want), CFG ": cannot read: %s", strerror(EIO));
    expect_text(&p, want);
    p.code = CREDS_E_FILE_TOO_BIG;
    p.limit = 1000;
    expect_text(&p, CFG ": larger than 1000 bytes");
    p.code = CREDS_E_FIELD_TOO_LONG;
    p.origin = CREDS_FROM_CONFIG;
    snprintf(p.profile, sizeof(p.profile), "ops");
    snprintf(p.field, sizeof(p.field), "sts_token");
    p.limit = 16384;
    expect_text(&p, CFG ": profile \"ops\": field \"sts_token\" is longer "
                    "than 16384 bytes");
    p.code = CREDS_E_CHAIN_TOO_LONG;
    snprintf(p.mode, sizeof(p.mode), "ChainableRamRoleArn");
    p.limit = 8;
    expect_text(&p, CFG ": profile \"ops\" (ChainableRamRoleArn): "
                    "source_profile chain is longer than 8 profiles");
}

static void test_permission_warnings(void **state)
{
    struct creds *c = NULL;
    struct creds_warning w;
    struct buf b;

    (void)state;
    put_file("config.json", ".aliyun", "config.json", 0644);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0640);
    assert_int_equal(resolve("only-ini", &c), CREDS_OK);
    assert_string_equal(warned,
                        "~/.aliyun/config.json is readable by others (mode "
                        "0644): run chmod 600 ~/.aliyun/config.json\n"
                        "~/.alibabacloud/credentials is readable by its group "
                        "(mode 0640): run chmod 600 "
                        "~/.alibabacloud/credentials\n");
    creds_free(c);
    memset(&w, 0, sizeof(w));
    w.code = CREDS_W_FILE_OPEN_TO_OTHERS;
    snprintf(w.file, sizeof(w.file), CFG);
    w.mode = 0620;
    buf_init(&b, 4096);
    assert_int_equal(creds_warning_text(&b, &w), BUF_OK);
    assert_string_equal(buf_str(&b),
                        CFG " is open to its group or others (mode 0620): "
                        "run chmod 600 " CFG);
    buf_free(&b);
}

static void test_duplicate_warnings(void **state)
{
    struct creds *c = NULL;

    (void)state;
    write_config_s(
        "{\"current\":\"p\",\"current\":\"p\",\"profiles\":["
        "{\"name\":\"p\",\"mode\":\"AK\",\"access_key_id\":\"LTAIw1\","
        "\"access_key_secret\":\"WordsSec01\",\"access_key_id\":\"LTAIw2\"},"
        "{\"name\":\"p\"}]}");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(warned,
                        CFG ": \"current\" is given more than once; the "
                        "last one is used, as the aliyun CLI does\n"
                        CFG ": profile \"p\" gives \"access_key_id\" more "
                        "than once; the last one is used, as the aliyun "
                        "CLI does\n"
                        CFG ": more than one profile is named \"p\"; the "
                        "first one is used, as the aliyun CLI does\n");
    creds_free(c);
}

static void test_config_nul_words(void **state)
{
    const struct creds_problem *p;

    (void)state;
    write_config_s("{\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
                   "\"access_key_id\":\"LTAIx\",\"access_key_secret\":"
                   "\"Cut\\u0000Here\"}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_JSON_NUL);
    expect_text(p, CFG ":1:92: a NUL character (\\u0000) in a string; "
                   "linkrole refuses the file rather than read the value "
                   "cut short");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, words_setup, teardown)
        T(test_env_half_pair),
        T(test_profile_not_found),
        T(test_nothing_found),
        T(test_current_profile_missing),
        T(test_unsupported_modes),
        T(test_chain_cycle),
        T(test_ini_sections),
        T(test_ini_syntax),
        T(test_ini_nul_and_too_many),
        T(test_broken_config),
        T(test_config_shapes),
        T(test_config_not_a_file),
        T(test_file_errors_and_bounds),
        T(test_permission_warnings),
        T(test_duplicate_warnings),
        T(test_config_nul_words),
#undef T
    };

    return cmocka_run_group_tests_name("creds_text", tests, group_setup,
                                       group_teardown);
}
