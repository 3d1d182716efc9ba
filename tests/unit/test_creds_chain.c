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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creds_fixture.h"

static void test_env_access_key_pair(void **state)
{
    struct creds *c = NULL;

    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");
    assert_string_equal(creds_access_key_id(c), "LTAI5tFxEnv0001");
    assert_null(creds_region(c));
    expect_keys(c, "LTAI5tFxEnv0001", "FxEnvSecret0001", NULL);
    assert_int_equal(script.used, 0);
    creds_free(c);
}

static void test_env_security_token_named_in_source(void **state)
{
    struct creds *c = NULL;

    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.FxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "FxEnvToken0001", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID, "
                        "ALIBABA_CLOUD_SECURITY_TOKEN)");
    expect_keys(c, "STS.FxEnv0001", "FxEnvSecret0001", "FxEnvToken0001");
    creds_free(c);
}

static void test_env_half_pair_names_missing_variable(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    expect_problem(NULL, CREDS_ERROR, CREDS_E_ENV_NO_SECRET);
    unsetenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    expect_problem(NULL, CREDS_ERROR, CREDS_E_ENV_NO_ID);
    /* An empty variable counts as unset. */
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "", 1);
    expect_problem(NULL, CREDS_ERROR, CREDS_E_ENV_NO_ID);
}

static void test_explicit_profile_beats_env(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve("sts", &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"sts\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxStsKey0001", "FxStsSecret0001", "FxStsToken0001");
    assert_string_equal(creds_region(c), "cn-shanghai");
    creds_free(c);
}

static void test_profile_variable_selects_profile(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_PROFILE", "sts", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"sts\" (StsToken) in "
                                         "~/.aliyun/config.json");
    creds_free(c);
    /* --profile beats the variable. */
    assert_int_equal(resolve("default", &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    creds_free(c);
}

static void test_explicit_profile_config_before_ini(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve("default", &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "LTAI5tFxDefault0001", "FxDefaultSecret0001", NULL);
    creds_free(c);
}

static void test_explicit_profile_found_in_ini(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve("only-ini", &c), CREDS_OK);
    assert_string_equal(creds_source(c), "section [only-ini] (sts) in "
                                         "~/.alibabacloud/credentials");
    expect_keys(c, "STS.FxIniStsKey0001", "FxIniStsSecret0001",
                "FxIniStsToken0001");
    assert_null(creds_region(c));
    creds_free(c);
}

static void test_explicit_profile_not_found(void **state)
{
    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    for (int round = 0; round < 2; round++) {
        const struct creds_problem *p;

        /* The second time, neither file exists: the same answer. */
        if (round == 1)
            empty_home();
        p = expect_problem("nosuch", CREDS_ERROR,
                           CREDS_E_PROFILE_NOT_FOUND);
        assert_string_equal(p->profile, "nosuch");
        assert_int_equal(p->ntried, 2);
        assert_int_equal(p->tried[0].origin, CREDS_FROM_CONFIG);
        assert_string_equal(p->tried[0].file, "~/.aliyun/config.json");
        assert_int_equal(p->tried[1].origin, CREDS_FROM_INI);
        assert_string_equal(p->tried[1].file, "~/.alibabacloud/credentials");
    }
}

static void test_env_beats_config_current(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");
    creds_free(c);
}

static void test_config_current_beats_ini(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    assert_string_equal(creds_region(c), "cn-hangzhou");
    creds_free(c);
}

static void test_cli_profile_disabled_skips_config(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    creds_free(c);
}

static void test_ini_default_beats_metadata(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:1234/c", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    expect_keys(c, "LTAI5tFxIniDefault01", "FxIniDefaultSecret0001", NULL);
    assert_int_equal(script.used, 0);
    creds_free(c);
}

static void test_ini_without_default_falls_through(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_ini("credentials-only-other.ini");
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "ECS metadata service (role FxEcsRole)");
    creds_free(c);
}

static void test_metadata_variable_beats_credentials_uri(void **state)
{
    struct creds *c = NULL;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:1234/c", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "ECS metadata service (role FxEcsRole)");
    assert_int_equal(script.used, 2);
    assert_string_equal(script.req[1].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxEcsRole");
    creds_free(c);
    /* Turned off, the URI is next. */
    setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true", 1);
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "credentials URI (http://127.0.0.1:1234/c)");
    creds_free(c);
}

static void test_nothing_found_lists_what_was_tried(void **state)
{
    static const enum creds_origin order[] = {
        CREDS_FROM_ENV, CREDS_FROM_OIDC, CREDS_FROM_CONFIG, CREDS_FROM_INI,
        CREDS_FROM_METADATA, CREDS_FROM_URI,
    };
    const struct creds_problem *p;

    (void)state;
    p = expect_problem(NULL, CREDS_NONE, CREDS_E_NOTHING_FOUND);
    /* Every source, in the chain's order, and why it gave nothing. */
    assert_int_equal(p->ntried, 6);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(p->tried[i].origin, order[i]);
    assert_int_equal(p->tried[0].why, CREDS_SKIP_NOT_SET);
    assert_int_equal(p->tried[1].why, CREDS_SKIP_NOT_SET);
    assert_int_equal(p->tried[2].why, CREDS_SKIP_NO_FILE);
    assert_string_equal(p->tried[2].file, "~/.aliyun/config.json");
    assert_int_equal(p->tried[3].why, CREDS_SKIP_NO_FILE);
    assert_string_equal(p->tried[3].file, "~/.alibabacloud/credentials");
    /* The fixture turns the metadata service off (setup). */
    assert_int_equal(p->tried[4].why, CREDS_SKIP_MD_DISABLED);
    assert_string_equal(p->tried[4].variable, "");
    assert_int_equal(p->tried[5].why, CREDS_SKIP_NOT_SET);
    put_ini("credentials-only-other.ini");
    p = expect_problem(NULL, CREDS_NONE, CREDS_E_NOTHING_FOUND);
    assert_int_equal(p->ntried, 6);
    assert_int_equal(p->tried[2].why, CREDS_SKIP_NO_FILE);
    assert_int_equal(p->tried[3].why, CREDS_SKIP_NO_DEFAULT);
    assert_int_equal(p->tried[4].why, CREDS_SKIP_MD_DISABLED);
}

static void test_file_variables_override_paths(void **state)
{
    struct creds *c = NULL;
    char cfg[1200], ini[1200];

    (void)state;
    /* Straight from the fixture directory: not under HOME, so the path
     * is shown as it is. */
    snprintf(cfg, sizeof(cfg), "%s/config.json", fixtures);
    snprintf(ini, sizeof(ini), "%s/credentials.ini", fixtures);
    setenv("ALIBABA_CLOUD_CONFIG_FILE", cfg, 1);
    setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", ini, 1);
    assert_int_equal(resolve("lower", &c), CREDS_OK);
    {
        char want[1400];

        snprintf(want, sizeof(want), "profile \"lower\" (StsToken) in %s",
                 cfg);
        assert_string_equal(creds_source(c), want);
    }
    creds_free(c);
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("role", &c), CREDS_OK);
    {
        char want[1400];

        snprintf(want, sizeof(want), "section [role] (ram_role_arn) in %s",
                 ini);
        assert_string_equal(creds_source(c), want);
    }
    creds_free(c);
}

static void test_pick_region(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    assert_int_equal(resolve("sts", &c), CREDS_OK);
    assert_string_equal(creds_pick_region("us-west-1", c), "us-west-1");
    setenv("ALIBABA_CLOUD_REGION_ID", "ap-south-1", 1);
    assert_string_equal(creds_pick_region(NULL, c), "cn-shanghai");
    assert_string_equal(creds_pick_region("", c), "cn-shanghai");
    assert_string_equal(creds_pick_region(NULL, NULL), "ap-south-1");
    unsetenv("ALIBABA_CLOUD_REGION_ID");
    assert_string_equal(creds_pick_region(NULL, NULL), "cn-hangzhou");
    creds_free(c);
    /* Credentials without a region fall through to the variable. */
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_REGION_ID", "ap-south-1", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_null(creds_region(c));
    assert_string_equal(creds_pick_region(NULL, c), "ap-south-1");
    creds_free(c);
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

        memset(&script, 0, sizeof(script));
        for (int k = 0; k < MAX_STEPS; k++)
            push(TRANSPORT_OK, 400, sts_refused);
        if (resolve(profiles[i], &c) == CREDS_OK)
            creds_free(c);
    }
    put_config("config-wrong-type.json");
    expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_TYPE);
    put_ini("credentials-bad.ini");
    expect_problem("x", CREDS_ERROR, CREDS_E_INI_SYNTAX);
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
