/* Tests for src/app/creds_text.c, fetching and refreshing: STS, the ECS
 * metadata service and credentials URIs fail every way the scripted
 * transport can, and each worded problem and note is the exact line
 * linkrole has always printed.  No secret of the fixtures may reach any
 * worded line. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/creds_text.h"
#include "creds_fixture.h"
#include "creds_words.h"

/* ================================================================== */
/* fetching                                                            */
/* ================================================================== */

static void test_assume_role(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 404, sts_refused);
    expect_words("ops", CREDS_ERROR, OPS_REFUSED);
    push(TRANSPORT_CONNECT, 0, NULL);
    expect_words("ops", CREDS_ERROR,
                 "profile \"ops\" (RamRoleArn): AssumeRole at " STS_SIM
                 " failed: scripted failure");
    push(TRANSPORT_OK, 404, "{\"RequestId\":\"STS-E\",\"Code\":\"Denied\"}");
    expect_words("ops", CREDS_ERROR,
                 "profile \"ops\" (RamRoleArn): AssumeRole refused: Denied");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c), CREDS_OK);
    assert_non_null(strstr(logged, "credentials: assumed "
                                   "acs:ram::1234567890123456:role/ops for "
                                   "profile \"ops\" (RamRoleArn)\n"));
    creds_free(c);
    put_ini("credentials.ini");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("role", &c), CREDS_OK);
    assert_non_null(strstr(logged, "for section [role] (ram_role_arn)\n"));
    creds_free(c);
    /* Without a client, nothing can be fetched. */
    {
        struct creds_options o;

        options_init(&o, "ops");
        o.client = NULL;
        assert_int_equal(resolve_opts(&o, &c), CREDS_ERROR);
        expect_text(&problem, "profile \"ops\" (RamRoleArn): cannot call "
                              "STS: no transport");
        options_init(&o, "ecs");
        o.client = NULL;
        assert_int_equal(resolve_opts(&o, &c), CREDS_ERROR);
        expect_text(&problem, "ECS metadata service at " MD ": no transport "
                              "(set by profile \"ecs\" (EcsRamRole) in "
                              "~/.aliyun/config.json)");
    }
}

static void test_metadata(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 403, "forbidden");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c), CREDS_OK);
    assert_string_equal(logged,
                        "ECS metadata service at " MD ": no IMDSv2 token "
                        "(HTTP 403); trying IMDSv1\n"
                        "credentials: fetched role FxEcsRole from ECS "
                        "metadata service at " MD "\n"
                        "credentials: profile \"ecs\" (EcsRamRole) in "
                        "~/.aliyun/config.json: not used by linkrole "
                        "(settings of the aliyun CLI or the SDKs): "
                        "output_format, language\n");
    creds_free(c);
    push(TRANSPORT_AMBIGUOUS, 0, NULL);
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c), CREDS_OK);
    assert_non_null(strstr(logged, "no IMDSv2 token (no complete answer: "
                                   "scripted failure); trying IMDSv1\n"));
    creds_free(c);
    push(TRANSPORT_OK, 200, "bad token");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c), CREDS_OK);
    assert_non_null(strstr(logged, "no IMDSv2 token (the token is not "
                                   "usable); trying IMDSv1\n"));
    creds_free(c);
    memset(&script, 0, sizeof(script));
    setenv("ALIBABA_CLOUD_IMDSV1_DISABLED", "true", 1);
    push(TRANSPORT_OK, 404, "not found");
    expect_words("ecs", CREDS_ERROR,
                 "ECS metadata service at " MD ": no IMDSv2 token (HTTP 404), "
                 "and ALIBABA_CLOUD_IMDSV1_DISABLED=true rules out IMDSv1 "
                 "(set by profile \"ecs\" (EcsRamRole) in "
                 "~/.aliyun/config.json)");
    unsetenv("ALIBABA_CLOUD_IMDSV1_DISABLED");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "\n");
    expect_words("ecs-discover", CREDS_ERROR,
                 "ECS metadata service at " MD ": this instance has no RAM "
                 "role attached (set by profile \"ecs-discover\" "
                 "(EcsRamRole) in ~/.aliyun/config.json)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 500, "oops");
    expect_words("ecs-discover", CREDS_ERROR,
                 "ECS metadata service at " MD ": HTTP 500 when asked for "
                 "the instance's RAM role (set by profile \"ecs-discover\" "
                 "(EcsRamRole) in ~/.aliyun/config.json)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "a/b\x01");
    expect_words("ecs-discover", CREDS_ERROR,
                 "ECS metadata service at " MD ": the role name it gave "
                 "(\"a/b?\") is not a RAM role name (set by profile "
                 "\"ecs-discover\" (EcsRamRole) in ~/.aliyun/config.json)");
}

static void test_metadata_variable(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    push(TRANSPORT_CONNECT, 0, NULL);
    push(TRANSPORT_CONNECT, 0, NULL);
    expect_passed_over_words(NULL,
                 "ECS metadata service at " MD ": cannot connect: scripted "
                 "failure (set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Failed\",\"AccessKeyId\":\"x\"}");
    expect_passed_over_words(NULL,
                 "ECS metadata service at " MD ": the answer's Code is "
                 "\"Failed\", not \"Success\" (set by "
                 "ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.x\","
         "\"AccessKeySecret\":\"FxMetaSecret0001\",\"Expiration\":"
         "\"2024-01-02T09:04:05Z\"}");
    expect_passed_over_words(NULL,
                 "ECS metadata service at " MD ": the answer has no usable "
                 "SecurityToken (set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 404, "<html>404</html>");
    expect_passed_over_words(NULL,
                 "ECS metadata service at " MD ": HTTP 404 for role "
                 "FxEcsRole (set by ALIBABA_CLOUD_ECS_METADATA)");
    memset(&script, 0, sizeof(script));
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "not json");
    expect_passed_over_words(NULL,
                 "ECS metadata service at " MD ": the answer is not a JSON "
                 "object (set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"AccessKeyId\":\"x\"}");
    expect_passed_over_words(NULL,
                 "ECS metadata service at " MD ": the answer has no Code "
                 "(set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.x\","
         "\"AccessKeySecret\":\"FxMetaSecret0001\",\"SecurityToken\":"
         "\"FxMetaToken0001\",\"Expiration\":\"tomorrow\"}");
    expect_passed_over_words(NULL,
                 "ECS metadata service at " MD ": the answer's Expiration "
                 "\"tomorrow\" is not a UTC time like 2024-01-02T03:04:05Z "
                 "(set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.x\","
         "\"AccessKeySecret\":\"FxMetaSecret0001\",\"SecurityToken\":"
         "\"FxMetaToken0001\",\"Expiration\":\"2024-01-01T00:00:00Z\"}");
    expect_passed_over_words(NULL,
                 "ECS metadata service at " MD ": the credentials it gave "
                 "expired at 2024-01-01T00:00:00Z (set by "
                 "ALIBABA_CLOUD_ECS_METADATA)");
    setenv("ALIBABA_CLOUD_ECS_METADATA", "../x", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    expect_words(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ECS_METADATA (\"../x\") is not a RAM role "
                 "name");
}

/* A transport that quotes the whole URL in its error. */
static int quoting_send(struct transport *t, const struct http_request *req,
                        struct http_response *resp, struct buf *err)
{
    (void)t;
    (void)resp;
    buf_printf(err, "could not reach %s", req->url);
    return TRANSPORT_CONNECT;
}

static const struct transport_ops quoting_ops = { quoting_send, NULL };

static void test_credentials_uri(void **state)
{
    struct transport quoting = { &quoting_ops, NULL };
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve("uri", &c), CREDS_OK);
    assert_non_null(strstr(logged, "credentials: fetched from credentials "
                                   "URI http://127.0.0.1:1234/creds?...\n"));
    creds_free(c);
    push(TRANSPORT_OK, 500, "oops");
    expect_words("uri", CREDS_ERROR,
                 "credentials URI http://127.0.0.1:1234/creds?...: HTTP 500 "
                 "(set by profile \"uri\" (CredentialsURI) in "
                 "~/.aliyun/config.json)");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\"}");
    expect_words("uri", CREDS_ERROR,
                 "credentials URI http://127.0.0.1:1234/creds?...: the "
                 "answer has no usable AccessKeyId (set by profile \"uri\" "
                 "(CredentialsURI) in ~/.aliyun/config.json)");
    setenv("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "1", 1);
    expect_words("uri", CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"uri\" (CredentialsURI): "
                 "CredentialsURI is turned off by "
                 "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
    unsetenv("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
    /* The variable, for a profile that names no URI of its own. */
    write_config_s("{\"current\":\"u\",\"profiles\":[{\"name\":\"u\","
                   "\"mode\":\"CredentialsURI\"}]}");
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:1234/c", 1);
    /* The profile, then the variable on its own: both passed over. */
    push(TRANSPORT_OK, 503, "busy");
    push(TRANSPORT_OK, 503, "busy");
    expect_passed_over_words(NULL,
                 "credentials URI http://127.0.0.1:1234/c: HTTP 503 (set by "
                 "ALIBABA_CLOUD_CREDENTIALS_URI for profile \"u\" "
                 "(CredentialsURI) in ~/.aliyun/config.json)");
    empty_home();
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI",
           "http://u:FxUserinfoSecret@127.0.0.1:1234/creds"
           "?sig=FxEnvUriSecret0001#frag", 1);
    client.transport = &quoting;
    expect_passed_over_words(NULL,
                 "credentials URI http://...@127.0.0.1:1234/creds?...: "
                 "cannot connect: could not reach "
                 "http://...@127.0.0.1:1234/creds?...#frag "
                 "(set by ALIBABA_CLOUD_CREDENTIALS_URI)");
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "ftp://127.0.0.1/c", 1);
    expect_words(NULL, CREDS_ERROR,
                 "credentials URI: not an http:// or https:// URL (set by "
                 "ALIBABA_CLOUD_CREDENTIALS_URI)");
}

static void test_dry_run(void **state)
{
    struct creds_problem p;
    struct buf b;

    (void)state;
    memset(&p, 0, sizeof(p));
    p.code = CREDS_E_HTTP_TRANSPORT;
    p.service = CREDS_SERVICE_METADATA;
    p.transport = CREDS_TRANSPORT_DRY_RUN;
    snprintf(p.url, sizeof(p.url), MD);
    snprintf(p.variable, sizeof(p.variable), "ALIBABA_CLOUD_ECS_METADATA");
    expect_text(&p, "ECS metadata service at " MD ": cancelled: dry run: "
                    "nothing was sent (set by ALIBABA_CLOUD_ECS_METADATA)");
    /* For real: the metadata requests are recorded, not sent. */
    buf_init(&b, 1u << 16);
    client.dry_run = &b;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    expect_words(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": cancelled: dry run: "
                 "nothing was sent (set by ALIBABA_CLOUD_ECS_METADATA)");
    assert_non_null(strstr(logged, "no IMDSv2 token (cancelled: dry run: "
                                   "nothing was sent); trying IMDSv1\n"));
    assert_int_equal(script.used, 0);
    client.dry_run = NULL;
    buf_free(&b);
}

/* ================================================================== */
/* refreshing                                                          */
/* ================================================================== */

static void test_refresh(void **state)
{
    struct creds *c = NULL;
    struct sign_creds s;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c), CREDS_OK);
    fake_now = T0_PLUS_1H - CREDS_REFRESH_BEFORE_S;
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    assert_non_null(strstr(logged, "credentials from profile \"ops\" "
                                   "(RamRoleArn) in ~/.aliyun/config.json "
                                   "refreshed\n"));
    creds_free(c);

    push(TRANSPORT_OK, 200, sts_answer);
    fake_now = T0;
    assert_int_equal(resolve("ops", &c), CREDS_OK);
    fake_now = T0_PLUS_1H - 100;
    push(TRANSPORT_OK, 404, sts_refused);
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_non_null(strstr(logged, "credentials from profile \"ops\" "
                                   "(RamRoleArn) in ~/.aliyun/config.json "
                                   "could not be refreshed (" OPS_REFUSED
                                   "); using the current ones, valid until "
                                   "2024-01-02T04:04:05Z\n"));
    /* Expired and still failing: what the API layer is told. */
    fake_now = T0_PLUS_1H;
    push(TRANSPORT_OK, 404, sts_refused);
    buf_init(&err, 4096);
    assert_int_equal(creds_text_get(c, &s, &err), -1);
    see(buf_str(&err));
    assert_string_equal(buf_str(&err),
                        "credentials from profile \"ops\" (RamRoleArn) in "
                        "~/.aliyun/config.json expired at "
                        "2024-01-02T04:04:05Z and could not be refreshed: "
                        OPS_REFUSED);
    /* A small err gets as much as fits. */
    buf_free(&err);
    buf_init(&err, 20);
    push(TRANSPORT_OK, 404, sts_refused);
    assert_int_equal(creds_text_get(c, &s, &err), -1);
    assert_string_equal(buf_str(&err), "credentials from pro");
    buf_free(&err);
    /* Back again. */
    buf_init(&err, 4096);
    push(TRANSPORT_OK, 200, sts_answer2);
    assert_int_equal(creds_text_get(c, &s, &err), 0);
    assert_string_equal(s.access_key_id, "STS.FxAssumed0002");
    buf_free(&err);
    creds_free(c);
}

static void test_chain_expired_links(void **state)
{
    struct creds *c = NULL;
    struct sign_creds s;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    push(TRANSPORT_OK, 200, sts_answer2);
    assert_int_equal(resolve("chain", &c), CREDS_OK);
    /* Both links have expired, and the inner one cannot be renewed. */
    fake_now = T0_PLUS_1H + 3600;
    push(TRANSPORT_OK, 404, sts_refused);
    buf_init(&err, 4096);
    assert_int_equal(creds_text_get(c, &s, &err), -1);
    see(buf_str(&err));
    assert_string_equal(buf_str(&err),
                        "credentials from profile \"chain\" "
                        "(ChainableRamRoleArn) in ~/.aliyun/config.json "
                        "expired at 2024-01-02T05:04:05Z and could not be "
                        "refreshed: credentials from profile \"ops\" "
                        "(RamRoleArn) in ~/.aliyun/config.json expired at "
                        "2024-01-02T04:04:05Z and could not be refreshed: "
                        OPS_REFUSED);
    buf_free(&err);
    creds_free(c);
    buf_init(&err, 4096);
    assert_int_equal(creds_text_get(NULL, &s, &err), -1);
    assert_string_equal(buf_str(&err), "no credentials");
    buf_free(&err);
}

/* Every profile, failing every way the scripted services can: no secret
 * reaches a worded problem, warning or note (teardown searches). */
static void test_no_secret_in_any_words(void **state)
{
    static const char *const profiles[] = {
        "default", "sts", "ops", "ops-vpc", "chain", "ecs", "uri", "lower",
        "guess", "external", "oidc", "bad-region", "only-ini", "role",
        "bearer", "incomplete", "notype", "nosuch",
    };
    static const struct step fails[] = {
        { TRANSPORT_OK, 400, "{\"Code\":\"X\",\"Message\":\"m\"}" },
        { TRANSPORT_CONNECT, 0, NULL },
        { TRANSPORT_OK, 200, "{\"Code\":\"Success\",\"AccessKeyId\":\"a\","
                             "\"AccessKeySecret\":\"FxMetaSecret0001\"}" },
    };

    (void)state;
    put_file("config.json", ".aliyun", "config.json", 0644);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0644);
    for (size_t f = 0; f < sizeof(fails) / sizeof(fails[0]); f++) {
        for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
            struct creds *c = NULL;

            memset(&script, 0, sizeof(script));
            for (int k = 0; k < MAX_STEPS; k++)
                push(fails[f].status, fails[f].http, fails[f].body);
            if (resolve(profiles[i], &c) == CREDS_OK)
                creds_free(c);
            else
                expect_text(&problem, NULL);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, words_setup, teardown)
        T(test_assume_role),
        T(test_metadata),
        T(test_metadata_variable),
        T(test_credentials_uri),
        T(test_dry_run),
        T(test_refresh),
        T(test_chain_expired_links),
        T(test_no_secret_in_any_words),
#undef T
    };

    return cmocka_run_group_tests_name("creds_text_fetch", tests, group_setup,
                                       group_teardown);
}
