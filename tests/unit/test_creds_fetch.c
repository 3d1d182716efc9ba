/* Tests of fetched credentials (src/cloud/creds_fetch.c, creds.c): the
 * exact requests to STS, the ECS metadata service and credentials URIs
 * (through a scripted transport and a fake clock), their failures, and
 * refreshing before expiry. */
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

static void test_config_ram_role_arn_request(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    assert_int_equal(script.used, 1);
    assert_string_equal(script.req[0].method, "POST");
    /* The client's STS override wins over the profile's sts_region. */
    assert_string_equal(script.req[0].url,
                        STS_SIM "/?DurationSeconds=1800&ExternalId=ext-ops-1"
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fops"
                        "&RoleSessionName=linkrole-ops");
    assert_non_null(strstr(script.req[0].headers, "x-acs-action: "
                                                  "AssumeRole\n"));
    assert_non_null(strstr(script.req[0].headers,
                           "Credential=LTAI5tFxOps0001,"));
    assert_null(strstr(script.req[0].headers, "x-acs-security-token"));
    assert_string_equal(creds_source(c), "profile \"ops\" (RamRoleArn) in "
                                         "~/.aliyun/config.json");
    assert_string_equal(creds_region(c), "cn-beijing");
    assert_string_equal(creds_access_key_id(c), "STS.FxAssumed0001");
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    creds_free(c);
    buf_free(&err);
}

static void test_sts_endpoint_precedence(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    client.endpoint[API_STS] = NULL;
    /* The profile's sts_endpoint beats its sts_region (https, no "/"). */
    push(TRANSPORT_OK, 200, sts_answer);
    setenv("ALIBABA_CLOUD_STS_ENDPOINT", "sts.example.com", 1);
    assert_int_equal(resolve("ops-vpc", &c, &err), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        "https://sts-vpc.cn-hangzhou.aliyuncs.com/"
                        "?DurationSeconds=3600"
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fvpc"
                        "&RoleSessionName=vpc");
    creds_free(c);
    buf_free(&err);
    /* Then $ALIBABA_CLOUD_STS_ENDPOINT, even over sts_region. */
    push(TRANSPORT_OK, 200, sts_answer);
    setenv("ALIBABA_CLOUD_STS_ENDPOINT", "http://sts.example.com/", 1);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    assert_int_equal(strncmp(script.req[1].url, "https://sts.example.com/?",
                             25), 0);
    creds_free(c);
    buf_free(&err);
    /* Then sts_region. */
    unsetenv("ALIBABA_CLOUD_STS_ENDPOINT");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    assert_int_equal(strncmp(script.req[2].url,
                             "https://sts.cn-shanghai.aliyuncs.com/?", 38),
                     0);
    creds_free(c);
    buf_free(&err);
    /* Then the global endpoint. */
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops-plain", &c, &err), CREDS_OK);
    assert_int_equal(strncmp(script.req[3].url, "https://sts.aliyuncs.com/?",
                             26), 0);
    creds_free(c);
    buf_free(&err);
}

static void test_assume_role_refused_message(void **state)
{
    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 404, sts_refused);
    expect_error("ops", CREDS_ERROR,
                 "profile \"ops\" (RamRoleArn): AssumeRole refused: "
                 "EntityNotExist.Role: The role not exists: "
                 "acs:ram::1234567890123456:role/ops.");
    push(TRANSPORT_CONNECT, 0, NULL);
    expect_error("ops", CREDS_ERROR,
                 "profile \"ops\" (RamRoleArn): AssumeRole at " STS_SIM
                 " failed: scripted failure");
}

static void test_chainable_ram_role_arn(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    push(TRANSPORT_OK, 200, sts_answer2);
    assert_int_equal(resolve("chain", &c, &err), CREDS_OK);
    assert_int_equal(script.used, 2);
    /* First the source profile's role, with its access key ... */
    assert_non_null(strstr(script.req[0].url, "RoleSessionName=linkrole-ops"));
    assert_non_null(strstr(script.req[0].headers,
                           "Credential=LTAI5tFxOps0001,"));
    /* ... then ours, with what that gave. */
    assert_string_equal(script.req[1].url,
                        STS_SIM "/?DurationSeconds=3600"
                        "&RoleArn=acs%3Aram%3A%3A6543210987654321%3Arole"
                        "%2Fdeploy&RoleSessionName=linkrole-chain");
    assert_non_null(strstr(script.req[1].headers,
                           "Credential=STS.FxAssumed0001,"));
    assert_non_null(strstr(script.req[1].headers,
                           "x-acs-security-token: FxAssumedToken0001\n"));
    assert_string_equal(creds_source(c), "profile \"chain\" "
                                         "(ChainableRamRoleArn) in "
                                         "~/.aliyun/config.json");
    assert_string_equal(creds_region(c), "ap-southeast-1");
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    creds_free(c);
    buf_free(&err);
}

static void test_ecs_ram_role_imdsv2_requests(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, "FxImdsToken0001\n");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c, &err), CREDS_OK);
    assert_int_equal(script.used, 2);
    assert_string_equal(script.req[0].method, "PUT");
    assert_string_equal(script.req[0].url, MD "/latest/api/token");
    assert_string_equal(script.req[0].headers,
                        "X-aliyun-ecs-metadata-token-ttl-seconds: 21600\n");
    assert_string_equal(script.req[1].method, "GET");
    assert_string_equal(script.req[1].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxEcsRole");
    assert_string_equal(script.req[1].headers,
                        "X-aliyun-ecs-metadata-token: FxImdsToken0001\n");
    for (int i = 0; i < 2; i++) {
        assert_true(script.req[i].plain_http_ok);
        assert_int_equal(script.req[i].connect_timeout_ms, 1000);
        assert_int_equal(script.req[i].timeout_ms, 2000);
    }
    assert_string_equal(creds_source(c), "profile \"ecs\" (EcsRamRole) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    creds_free(c);
    buf_free(&err);
}

static void test_ecs_imdsv1_fallback(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 403, "forbidden");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c, &err), CREDS_OK);
    assert_string_equal(script.req[1].method, "GET");
    assert_string_equal(script.req[1].headers, "");
    assert_non_null(strstr(logged, "no IMDSv2 token (HTTP 403); trying "
                                   "IMDSv1"));
    creds_free(c);
    buf_free(&err);
    /* A transport failure on the PUT falls back the same way. */
    push(TRANSPORT_AMBIGUOUS, 0, NULL);
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c, &err), CREDS_OK);
    assert_string_equal(script.req[3].headers, "");
    creds_free(c);
    buf_free(&err);
}

static void test_ecs_imdsv1_disabled(void **state)
{
    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_IMDSV1_DISABLED", "true", 1);
    push(TRANSPORT_OK, 404, "not found");
    expect_error("ecs", CREDS_ERROR,
                 "ECS metadata service at " MD ": no IMDSv2 token (HTTP 404), "
                 "and ALIBABA_CLOUD_IMDSV1_DISABLED=true rules out IMDSv1 "
                 "(set by profile \"ecs\" (EcsRamRole) in "
                 "~/.aliyun/config.json)");
    assert_int_equal(script.used, 1);
}

static void test_ecs_role_discovered(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "  FxFoundRole\n");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs-discover", &c, &err), CREDS_OK);
    assert_string_equal(script.req[1].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/");
    assert_string_equal(script.req[1].headers,
                        "X-aliyun-ecs-metadata-token: FxImdsToken0001\n");
    assert_string_equal(script.req[2].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxFoundRole");
    creds_free(c);
    buf_free(&err);
    /* No role attached. */
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "\n");
    expect_error("ecs-discover", CREDS_ERROR,
                 "ECS metadata service at " MD ": this instance has no RAM "
                 "role attached (set by profile \"ecs-discover\" "
                 "(EcsRamRole) in ~/.aliyun/config.json)");
}

static void test_ecs_unreachable_message(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    push(TRANSPORT_CONNECT, 0, NULL);
    push(TRANSPORT_CONNECT, 0, NULL);
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": cannot connect: scripted "
                 "failure (set by ALIBABA_CLOUD_ECS_METADATA)");
}

static void test_ecs_default_endpoint_and_override(void **state)
{
    struct creds_options o;
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    memset(&o, 0, sizeof(o));
    o.client = &client;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c, &err), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        "http://100.100.100.200/latest/api/token");
    creds_free(c);
    buf_free(&err);
    setenv("LINKROLE_METADATA_ENDPOINT", "http://127.0.0.1:7/", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c, &err), CREDS_OK);
    assert_string_equal(script.req[2].url,
                        "http://127.0.0.1:7/latest/api/token");
    creds_free(c);
    buf_free(&err);
    /* The option beats the variable. */
    o.metadata_endpoint = MD;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c, &err), CREDS_OK);
    assert_string_equal(script.req[4].url, MD "/latest/api/token");
    creds_free(c);
    buf_free(&err);
}

static void test_ecs_bad_answers(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Failed\",\"AccessKeyId\":\"x\"}");
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": the answer's Code is "
                 "\"Failed\", not \"Success\" (set by "
                 "ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.x\","
         "\"AccessKeySecret\":\"FxMetaSecret0001\",\"Expiration\":"
         "\"2024-01-02T09:04:05Z\"}");
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": the answer has no usable "
                 "SecurityToken (set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 404, "<html>404</html>");
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": HTTP 404 for role "
                 "FxEcsRole (set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "not json");
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": the answer is not a JSON "
                 "object (set by ALIBABA_CLOUD_ECS_METADATA)");
    /* A role name that would change the URL's path is refused unsent. */
    setenv("ALIBABA_CLOUD_ECS_METADATA", "../x", 1);
    expect_error(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ECS_METADATA (\"../x\") is not a RAM role "
                 "name");
    assert_int_equal(script.used, 8);
}

static void test_credentials_uri_profile(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve("uri", &c, &err), CREDS_OK);
    assert_string_equal(script.req[0].method, "GET");
    assert_string_equal(script.req[0].url, "http://127.0.0.1:1234/creds"
                                           "?token=FxUriQuerySecret0001");
    assert_false(script.req[0].plain_http_ok);
    assert_string_equal(creds_source(c), "profile \"uri\" (CredentialsURI) "
                                         "in ~/.aliyun/config.json");
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    creds_free(c);
    buf_free(&err);
    push(TRANSPORT_OK, 500, "oops");
    expect_error("uri", CREDS_ERROR,
                 "credentials URI http://127.0.0.1:1234/creds?...: HTTP 500 "
                 "(set by profile \"uri\" (CredentialsURI) in "
                 "~/.aliyun/config.json)");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\"}");
    expect_error("uri", CREDS_ERROR,
                 "credentials URI http://127.0.0.1:1234/creds?...: the "
                 "answer has no usable AccessKeyId (set by profile \"uri\" "
                 "(CredentialsURI) in ~/.aliyun/config.json)");
    /* The switch the CLI honours turns the mode off. */
    setenv("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "1", 1);
    expect_error("uri", CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"uri\" (CredentialsURI): "
                 "CredentialsURI is turned off by "
                 "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
}

/* A transport that quotes the whole URL in its error, to prove the
 * secret parts are cut from messages all the same. */
static int quoting_send(struct transport *t, const struct http_request *req,
                        struct http_response *resp, struct buf *err)
{
    (void)t;
    (void)resp;
    buf_printf(err, "could not reach %s", req->url);
    return TRANSPORT_CONNECT;
}

static const struct transport_ops quoting_ops = { quoting_send, NULL };

static void test_credentials_uri_variable_elides_secrets(void **state)
{
    struct transport quoting = { &quoting_ops, NULL };
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI",
           "http://u:FxUserinfoSecret@127.0.0.1:1234/creds"
           "?sig=FxEnvUriSecret0001#frag", 1);
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "credentials URI "
                                         "(http://...@127.0.0.1:1234/creds"
                                         "?...)");
    assert_false(script.req[0].plain_http_ok);
    assert_int_equal(script.req[0].connect_timeout_ms, 5000);
    creds_free(c);
    buf_free(&err);
    client.transport = &quoting;
    expect_error(NULL, CREDS_ERROR,
                 "credentials URI http://...@127.0.0.1:1234/creds?...: "
                 "cannot connect: could not reach "
                 "http://...@127.0.0.1:1234/creds?...#frag "
                 "(set by ALIBABA_CLOUD_CREDENTIALS_URI)");
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "ftp://127.0.0.1/c", 1);
    expect_error(NULL, CREDS_ERROR,
                 "credentials URI: not an http:// or https:// URL (set by "
                 "ALIBABA_CLOUD_CREDENTIALS_URI)");
}

static void test_refresh_before_expiry(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    fake_now = T0_PLUS_1H - CREDS_REFRESH_BEFORE_S - 1;
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 1);
    fake_now = T0_PLUS_1H - CREDS_REFRESH_BEFORE_S;
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    assert_int_equal(script.used, 2);
    /* Refreshed with the profile's own access key again. */
    assert_non_null(strstr(script.req[1].headers,
                           "Credential=LTAI5tFxOps0001,"));
    assert_string_equal(creds_access_key_id(c), "STS.FxAssumed0002");
    assert_non_null(strstr(logged, "credentials from profile \"ops\" "
                                   "(RamRoleArn) in ~/.aliyun/config.json "
                                   "refreshed"));
    creds_free(c);
    buf_free(&err);
}

static void test_refresh_failure_keeps_valid_keys(void **state)
{
    struct creds *c = NULL;
    struct sign_creds s;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    buf_free(&err);
    fake_now = T0_PLUS_1H - 100;
    push(TRANSPORT_OK, 404, sts_refused);
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 2);
    assert_non_null(strstr(logged, "credentials from profile \"ops\" "
                                   "(RamRoleArn) in ~/.aliyun/config.json "
                                   "could not be refreshed (profile \"ops\" "
                                   "(RamRoleArn): AssumeRole refused: "
                                   "EntityNotExist.Role: The role not "
                                   "exists: acs:ram::1234567890123456:role/"
                                   "ops.); using the current ones, valid "
                                   "until 2024-01-02T04:04:05Z"));
    /* Not asked again at once ... */
    fake_now += 10;
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 2);
    /* ... but 30 s later. */
    fake_now += 20;
    push(TRANSPORT_CONNECT, 0, NULL);
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 3);
    /* Expired and still failing: an error. */
    fake_now = T0_PLUS_1H;
    push(TRANSPORT_OK, 404, sts_refused);
    buf_init(&err, 4096);
    assert_int_equal(creds_get(c, &s, &err), -1);
    see(buf_str(&err));
    assert_string_equal(buf_str(&err),
                        "credentials from profile \"ops\" (RamRoleArn) in "
                        "~/.aliyun/config.json expired at "
                        "2024-01-02T04:04:05Z and could not be refreshed: "
                        "profile \"ops\" (RamRoleArn): AssumeRole refused: "
                        "EntityNotExist.Role: The role not exists: "
                        "acs:ram::1234567890123456:role/ops.");
    buf_free(&err);
    /* Once the service is back, so are the credentials. */
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    creds_free(c);
}

static void test_metadata_refresh(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    fake_now = MD_EXPIRES - 60;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, uri_answer);
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    assert_int_equal(script.used, 4);
    assert_string_equal(script.req[2].method, "PUT");
    assert_string_equal(script.req[3].headers,
                        "X-aliyun-ecs-metadata-token: FxImdsToken0001\n");
    creds_free(c);
    buf_free(&err);
}

static void test_chain_refreshes_inner_first(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    push(TRANSPORT_OK, 200, sts_answer2);
    assert_int_equal(resolve("chain", &c, &err), CREDS_OK);
    /* The outer link is about to expire, the inner one has: refreshing
     * the outer makes the inner refresh first, with the profile's own
     * key, and the outer is then signed with the new inner keys. */
    fake_now = T0_PLUS_1H + 3600 - 10;
    push(TRANSPORT_OK, 200, sts_answer3);
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    assert_int_equal(script.used, 4);
    assert_non_null(strstr(script.req[2].url, "RoleSessionName=linkrole-ops"));
    assert_non_null(strstr(script.req[2].headers,
                           "Credential=LTAI5tFxOps0001,"));
    assert_non_null(strstr(script.req[3].headers,
                           "Credential=STS.FxAssumed0003,"));
    creds_free(c);
    buf_free(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_config_ram_role_arn_request),
        T(test_sts_endpoint_precedence),
        T(test_assume_role_refused_message),
        T(test_chainable_ram_role_arn),
        T(test_ecs_ram_role_imdsv2_requests),
        T(test_ecs_imdsv1_fallback),
        T(test_ecs_imdsv1_disabled),
        T(test_ecs_role_discovered),
        T(test_ecs_unreachable_message),
        T(test_ecs_default_endpoint_and_override),
        T(test_ecs_bad_answers),
        T(test_credentials_uri_profile),
        T(test_credentials_uri_variable_elides_secrets),
        T(test_refresh_before_expiry),
        T(test_refresh_failure_keeps_valid_keys),
        T(test_metadata_refresh),
        T(test_chain_refreshes_inner_first),
#undef T
    };

    return cmocka_run_group_tests_name("creds_fetch", tests, group_setup,
                                       group_teardown);
}
