/* Tests of the credential chain (src/cloud/creds_chain.c): each source
 * from the environment, the precedence between sources, what is listed
 * when nothing is found, the file variables, the region, and that no
 * secret of the fixtures reaches anything a user could see. */
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

static void test_env_access_key_pair(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");
    assert_string_equal(creds_access_key_id(c), "LTAI5tFxEnv0001");
    assert_null(creds_region(c));
    expect_keys(c, "LTAI5tFxEnv0001", "FxEnvSecret0001", NULL);
    assert_int_equal(script.used, 0);
    creds_free(c);
    buf_free(&err);
}

static void test_env_security_token_named_in_source(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.FxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "FxEnvToken0001", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID, "
                        "ALIBABA_CLOUD_SECURITY_TOKEN)");
    expect_keys(c, "STS.FxEnv0001", "FxEnvSecret0001", "FxEnvToken0001");
    creds_free(c);
    buf_free(&err);
}

static void test_env_half_pair_names_missing_variable(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    expect_error(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ACCESS_KEY_ID is set but "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not");
    unsetenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    expect_error(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID is not");
    /* An empty variable counts as unset. */
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "", 1);
    expect_error(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID is not");
}

static void test_explicit_profile_beats_env(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve("sts", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"sts\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxStsKey0001", "FxStsSecret0001", "FxStsToken0001");
    assert_string_equal(creds_region(c), "cn-shanghai");
    creds_free(c);
    buf_free(&err);
}

static void test_profile_variable_selects_profile(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_PROFILE", "sts", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"sts\" (StsToken) in "
                                         "~/.aliyun/config.json");
    creds_free(c);
    buf_free(&err);
    /* --profile beats the variable. */
    assert_int_equal(resolve("default", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    creds_free(c);
    buf_free(&err);
}

static void test_explicit_profile_config_before_ini(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve("default", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "LTAI5tFxDefault0001", "FxDefaultSecret0001", NULL);
    creds_free(c);
    buf_free(&err);
}

static void test_explicit_profile_found_in_ini(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve("only-ini", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "section [only-ini] (sts) in "
                                         "~/.alibabacloud/credentials");
    expect_keys(c, "STS.FxIniStsKey0001", "FxIniStsSecret0001",
                "FxIniStsToken0001");
    assert_null(creds_region(c));
    creds_free(c);
    buf_free(&err);
}

static void test_explicit_profile_not_found(void **state)
{
    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    expect_error("nosuch", CREDS_ERROR,
                 "profile \"nosuch\" not found in ~/.aliyun/config.json or "
                 "~/.alibabacloud/credentials");
    /* Neither file existing is the same answer. */
    empty_home();
    expect_error("nosuch", CREDS_ERROR,
                 "profile \"nosuch\" not found in ~/.aliyun/config.json or "
                 "~/.alibabacloud/credentials");
}

static void test_env_beats_config_current(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");
    creds_free(c);
    buf_free(&err);
}

static void test_config_current_beats_ini(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    assert_string_equal(creds_region(c), "cn-hangzhou");
    creds_free(c);
    buf_free(&err);
}

static void test_cli_profile_disabled_skips_config(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    creds_free(c);
    buf_free(&err);
}

static void test_ini_default_beats_metadata(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:1234/c", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    expect_keys(c, "LTAI5tFxIniDefault01", "FxIniDefaultSecret0001", NULL);
    assert_int_equal(script.used, 0);
    creds_free(c);
    buf_free(&err);
}

static void test_ini_without_default_falls_through(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_ini("credentials-only-other.ini");
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "ECS metadata service (role FxEcsRole)");
    creds_free(c);
    buf_free(&err);
}

static void test_metadata_variable_beats_credentials_uri(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:1234/c", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "ECS metadata service (role FxEcsRole)");
    assert_int_equal(script.used, 2);
    assert_string_equal(script.req[1].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxEcsRole");
    creds_free(c);
    buf_free(&err);
    /* Turned off, the URI is next. */
    setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true", 1);
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "credentials URI (http://127.0.0.1:1234/c)");
    creds_free(c);
    buf_free(&err);
}

static void test_nothing_found_lists_what_was_tried(void **state)
{
    (void)state;
    expect_error(NULL, CREDS_NONE,
                 "no credentials found; looked at: "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set); "
                 "~/.aliyun/config.json (no such file); "
                 "~/.alibabacloud/credentials (no such file); "
                 "ALIBABA_CLOUD_ECS_METADATA (not set); "
                 "ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
    put_ini("credentials-only-other.ini");
    expect_error(NULL, CREDS_NONE,
                 "no credentials found; looked at: "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set); "
                 "~/.aliyun/config.json (no such file); "
                 "~/.alibabacloud/credentials (no [default] section); "
                 "ALIBABA_CLOUD_ECS_METADATA (not set); "
                 "ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
}

static void test_file_variables_override_paths(void **state)
{
    struct creds *c = NULL;
    struct buf err;
    char cfg[1200], ini[1200];

    (void)state;
    /* Straight from the fixture directory: not under HOME, so the path
     * is shown as it is. */
    snprintf(cfg, sizeof(cfg), "%s/config.json", fixtures);
    snprintf(ini, sizeof(ini), "%s/credentials.ini", fixtures);
    setenv("ALIBABA_CLOUD_CONFIG_FILE", cfg, 1);
    setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", ini, 1);
    assert_int_equal(resolve("lower", &c, &err), CREDS_OK);
    {
        char want[1400];

        snprintf(want, sizeof(want), "profile \"lower\" (StsToken) in %s",
                 cfg);
        assert_string_equal(creds_source(c), want);
    }
    creds_free(c);
    buf_free(&err);
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("role", &c, &err), CREDS_OK);
    {
        char want[1400];

        snprintf(want, sizeof(want), "section [role] (ram_role_arn) in %s",
                 ini);
        assert_string_equal(creds_source(c), want);
    }
    creds_free(c);
    buf_free(&err);
}

static void test_pick_region(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    assert_int_equal(resolve("sts", &c, &err), CREDS_OK);
    assert_string_equal(creds_pick_region("us-west-1", c), "us-west-1");
    setenv("ALIBABA_CLOUD_REGION_ID", "ap-south-1", 1);
    assert_string_equal(creds_pick_region(NULL, c), "cn-shanghai");
    assert_string_equal(creds_pick_region("", c), "cn-shanghai");
    assert_string_equal(creds_pick_region(NULL, NULL), "ap-south-1");
    unsetenv("ALIBABA_CLOUD_REGION_ID");
    assert_string_equal(creds_pick_region(NULL, NULL), "cn-hangzhou");
    creds_free(c);
    buf_free(&err);
    /* Credentials without a region fall through to the variable. */
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_REGION_ID", "ap-south-1", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_null(creds_region(c));
    assert_string_equal(creds_pick_region(NULL, c), "ap-south-1");
    creds_free(c);
    buf_free(&err);
}

static void test_no_secret_anywhere(void **state)
{
    static const char *const profiles[] = {
        "default", "sts", "ops", "ops-vpc", "chain", "ecs", "uri", "lower",
        "guess", "external", "oidc", "bad-region", "only-ini", "role",
        "bearer", "incomplete", "notype", "nosuch",
    };

    (void)state;
    put_file("config.json", ".aliyun", "config.json", 0644);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0644);
    /* Every profile, against a service that always fails: every
     * message, source and warning lands in `seen`, which teardown
     * searches for each secret. */
    for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
        struct creds *c = NULL;
        struct buf err;

        memset(&script, 0, sizeof(script));
        for (int k = 0; k < MAX_STEPS; k++)
            push(TRANSPORT_OK, 400, sts_refused);
        if (resolve(profiles[i], &c, &err) == CREDS_OK)
            creds_free(c);
        buf_free(&err);
    }
    put_config("config-wrong-type.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"ops\": field "
                 "\"expired_seconds\" must be a number");
    put_ini("credentials-bad.ini");
    expect_error("x", CREDS_ERROR,
                 "~/.alibabacloud/credentials:7: expected \"key = value\"");
    assert_true(strlen(seen) > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_env_access_key_pair),
        T(test_env_security_token_named_in_source),
        T(test_env_half_pair_names_missing_variable),
        T(test_explicit_profile_beats_env),
        T(test_profile_variable_selects_profile),
        T(test_explicit_profile_config_before_ini),
        T(test_explicit_profile_found_in_ini),
        T(test_explicit_profile_not_found),
        T(test_env_beats_config_current),
        T(test_config_current_beats_ini),
        T(test_cli_profile_disabled_skips_config),
        T(test_ini_default_beats_metadata),
        T(test_ini_without_default_falls_through),
        T(test_metadata_variable_beats_credentials_uri),
        T(test_nothing_found_lists_what_was_tried),
        T(test_file_variables_override_paths),
        T(test_pick_region),
        T(test_no_secret_anywhere),
#undef T
    };

    return cmocka_run_group_tests_name("creds_chain", tests, group_setup,
                                       group_teardown);
}
