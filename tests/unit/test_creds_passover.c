/* Tests of how the chain goes on past a source it cannot use (issue 10,
 * point 1), the ECS instance role found by asking the metadata service
 * (point 2), and the ALIBABACLOUD_* / ALICLOUD_* / Terraform names of
 * the environment's settings (point 4): src/cloud/creds_chain.c. */
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

/* config.json whose current profile is of a mode linkrole does not
 * support (the aliyun CLI's BearerToken). */
#define CFG_UNSUPPORTED                                                     \
    "{\"current\":\"ext\",\"profiles\":[{\"name\":\"ext\",\"mode\":"       \
    "\"BearerToken\",\"bearer_token\":\"not-used\"}]}"

static const struct creds_tried *tried_of(const struct creds_problem *p,
                                          enum creds_origin origin)
{
    for (size_t i = 0; i < p->ntried; i++)
        if (p->tried[i].origin == origin)
            return &p->tried[i];
    fail_msg("no tried entry of origin %d", (int)origin);
    return &p->tried[0];     /* not reached */
}

static void test_unsupported_current_falls_to_ini(void **state)
{
    const struct note_copy *n;
    struct creds *c = NULL;

    (void)state;
    write_config_s(CFG_UNSUPPORTED);
    put_ini("credentials.ini");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    creds_free(c);
    /* Said, for --verbose: which source, and why. */
    n = find_note(CREDS_N_PASSED_OVER);
    assert_non_null(n);
    assert_true(n->has_why);
    assert_int_equal(n->why.code, CREDS_E_MODE_UNSUPPORTED);
    assert_string_equal(n->why.profile, "ext");
}

static void test_explicit_profile_never_falls_through(void **state)
{
    const struct creds_problem *p;

    (void)state;
    write_config_s(CFG_UNSUPPORTED);
    put_ini("credentials.ini");
    p = expect_problem("ext", CREDS_ERROR, CREDS_E_MODE_UNSUPPORTED);
    assert_string_equal(p->profile, "ext");
    setenv("ALIBABA_CLOUD_PROFILE", "ext", 1);
    expect_problem(NULL, CREDS_ERROR, CREDS_E_MODE_UNSUPPORTED);
    unsetenv("ALIBABA_CLOUD_PROFILE");
    setenv("ALICLOUD_PROFILE", "ext", 1);
    expect_problem(NULL, CREDS_ERROR, CREDS_E_MODE_UNSUPPORTED);
}

static void test_broken_current_still_stops(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_ini("credentials.ini");
    /* A field missing from the chosen profile: exit 3, naming it. */
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"AK\",\"access_key_id\":\"LTAI5tFxX\"}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_MISSING);
    assert_string_equal(p->field, "access_key_secret");
    /* A field of the wrong type. */
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"AK\",\"access_key_id\":7}]}");
    expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_TYPE);
    /* A file that cannot be parsed. */
    write_config_s("{\"current\":");
    expect_problem(NULL, CREDS_ERROR, CREDS_E_JSON_SYNTAX);
}

static void test_sts_failure_passed_over_and_listed(void **state)
{
    const struct creds_problem *p;
    const struct creds_tried *t;

    (void)state;
    put_config("config.json");
    write_config_s("{\"current\":\"r\",\"profiles\":[{\"name\":\"r\","
                   "\"mode\":\"RamRoleArn\",\"access_key_id\":\"LTAI5tFxX\","
                   "\"access_key_secret\":\"FxOpsSecret0001\","
                   "\"ram_role_arn\":\"acs:ram::1:role/r\","
                   "\"ram_session_name\":\"s\"}]}");
    push(TRANSPORT_CONNECT, 0, NULL);
    p = expect_problem(NULL, CREDS_NONE, CREDS_E_NOTHING_FOUND);
    t = tried_of(p, CREDS_FROM_CONFIG);
    assert_int_equal(t->why, CREDS_SKIP_UNUSABLE);
    assert_int_equal(t->reason.code, CREDS_E_STS_FAILED);
    assert_string_equal(t->reason.profile, "r");
    /* STS out of reach: the network's fault, for the exit code. */
    assert_true(p->unreachable);
}

static void test_metadata_role_discovered(void **state)
{
    struct creds *c = NULL;

    (void)state;
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "FxEcsRole\n");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "ECS metadata service (role FxEcsRole)");
    assert_int_equal(script.used, 3);
    assert_string_equal(script.req[0].method, "PUT");
    assert_string_equal(script.req[0].url, MD "/latest/api/token");
    assert_string_equal(script.req[1].url,
                        MD "/latest/meta-data/ram/security-credentials/");
    assert_string_equal(script.req[2].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxEcsRole");
    /* A guess: one second at most, to connect and in all. */
    for (size_t i = 0; i < 3; i++) {
        assert_true(script.req[i].connect_timeout_ms <= 1000);
        assert_true(script.req[i].timeout_ms <= 1000);
    }
    creds_free(c);
}

static void test_metadata_absent_is_not_on_ecs(void **state)
{
    const struct creds_problem *p;
    const struct creds_tried *t;

    (void)state;
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    push(TRANSPORT_CONNECT, 0, NULL);
    p = expect_problem(NULL, CREDS_NONE, CREDS_E_NOTHING_FOUND);
    /* One request, no IMDSv1 retry: silence is the answer. */
    assert_int_equal(script.used, 1);
    t = tried_of(p, CREDS_FROM_METADATA);
    assert_int_equal(t->why, CREDS_SKIP_NOT_ON_ECS);
    assert_string_equal(t->reason.url, MD);
    assert_false(p->unreachable);
    /* A service that accepts and never answers: the same. */
    memset(&script, 0, sizeof(script));
    push(TRANSPORT_AMBIGUOUS, 0, NULL);
    p = expect_problem(NULL, CREDS_NONE, CREDS_E_NOTHING_FOUND);
    assert_int_equal(tried_of(p, CREDS_FROM_METADATA)->why,
                     CREDS_SKIP_NOT_ON_ECS);
    /* Turned off: not asked at all. */
    memset(&script, 0, sizeof(script));
    setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "TRUE", 1);
    p = expect_problem(NULL, CREDS_NONE, CREDS_E_NOTHING_FOUND);
    assert_int_equal(script.used, 0);
    assert_int_equal(tried_of(p, CREDS_FROM_METADATA)->why,
                     CREDS_SKIP_MD_DISABLED);
}

static void test_metadata_without_role_passed_over(void **state)
{
    const struct creds_tried *t;
    const struct creds_problem *p;

    (void)state;
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "");
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:1234/c", 1);
    push(TRANSPORT_OK, 200, uri_answer);
    {
        struct creds *c = NULL;

        /* On ECS, but no role: the next source is used. */
        assert_int_equal(resolve(NULL, &c), CREDS_OK);
        assert_string_equal(creds_source(c),
                            "credentials URI (http://127.0.0.1:1234/c)");
        creds_free(c);
    }
    unsetenv("ALIBABA_CLOUD_CREDENTIALS_URI");
    memset(&script, 0, sizeof(script));
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "");
    p = expect_problem(NULL, CREDS_NONE, CREDS_E_NOTHING_FOUND);
    t = tried_of(p, CREDS_FROM_METADATA);
    assert_int_equal(t->why, CREDS_SKIP_UNUSABLE);
    assert_int_equal(t->reason.code, CREDS_E_MD_NO_ROLE);
}

static void test_metadata_not_guessed_under_dry_run(void **state)
{
    const struct creds_problem *p;
    struct buf b;

    (void)state;
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    buf_init(&b, 1u << 16);
    client.dry_run = &b;
    p = expect_problem(NULL, CREDS_NONE, CREDS_E_NOTHING_FOUND);
    assert_int_equal(tried_of(p, CREDS_FROM_METADATA)->why,
                     CREDS_SKIP_DRY_RUN);
    assert_int_equal(script.used, 0);
    assert_int_equal(buf_len(&b), 0);
    client.dry_run = NULL;
    buf_free(&b);
}

static void test_env_aliases(void **state)
{
    struct creds *c = NULL;

    (void)state;
    setenv("ALICLOUD_ACCESS_KEY", "LTAI5tFxTf0001", 1);
    setenv("ALICLOUD_SECRET_KEY", "FxEnvSecret0001", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "environment (ALICLOUD_ACCESS_KEY)");
    expect_keys(c, "LTAI5tFxTf0001", "FxEnvSecret0001", NULL);
    creds_free(c);
    /* The CLI's forms come before Terraform's. */
    setenv("ALIBABACLOUD_ACCESS_KEY_ID", "LTAI5tFxCli0001", 1);
    setenv("ALICLOUD_SECURITY_TOKEN", "FxEnvToken0001", 1);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "environment "
                        "(ALIBABACLOUD_ACCESS_KEY_ID, "
                        "ALICLOUD_SECURITY_TOKEN)");
    expect_keys(c, "LTAI5tFxCli0001", "FxEnvSecret0001", "FxEnvToken0001");
    creds_free(c);
    /* Half a pair names the variable that is set. */
    unsetenv("ALICLOUD_SECRET_KEY");
    {
        const struct creds_problem *p;

        p = expect_problem(NULL, CREDS_ERROR, CREDS_E_ENV_NO_SECRET);
        assert_string_equal(p->field, "ALIBABACLOUD_ACCESS_KEY_ID");
    }
    /* The region's names. */
    setenv("ALICLOUD_REGION", "eu-west-1", 1);
    assert_string_equal(creds_pick_region(NULL, NULL), "eu-west-1");
    setenv("ALIBABACLOUD_REGION_ID", "eu-central-1", 1);
    assert_string_equal(creds_pick_region(NULL, NULL), "eu-central-1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_unsupported_current_falls_to_ini),
        T(test_explicit_profile_never_falls_through),
        T(test_broken_current_still_stops),
        T(test_sts_failure_passed_over_and_listed),
        T(test_metadata_role_discovered),
        T(test_metadata_absent_is_not_on_ecs),
        T(test_metadata_without_role_passed_over),
        T(test_metadata_not_guessed_under_dry_run),
        T(test_env_aliases),
#undef T
    };

    return cmocka_run_group_tests_name("creds_passover", tests, group_setup,
                                       group_teardown);
}
