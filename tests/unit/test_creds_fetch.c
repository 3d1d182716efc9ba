/* Tests of fetched credentials (src/cloud/creds_fetch.c, creds_sts.c,
 * creds.c): the exact requests to STS, the ECS metadata service and
 * credentials URIs (through a scripted transport and a fake clock), the
 * problems and notes of their failures, and refreshing before expiry.
 * The words are test_creds_text_fetch's. */
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

#define OPS "profile \"ops\" (RamRoleArn) in ~/.aliyun/config.json"

/* The problem is about this service at url, asked for by a variable
 * and/or a profile (NULL: ""). */
static void assert_service(const struct creds_problem *p,
                           enum creds_service service, const char *url,
                           const char *variable, const char *source)
{
    assert_int_equal(p->service, service);
    assert_string_equal(p->url, url ? url : "");
    assert_string_equal(p->variable, variable ? variable : "");
    assert_string_equal(p->source, source ? source : "");
}

/* STS refused profile "ops" its role, as sts_refused says. */
static void expect_refused(const struct creds_problem *p)
{
    assert_int_equal(p->service, CREDS_SERVICE_STS);
    assert_at(p, NULL, CREDS_FROM_CONFIG, "ops", "RamRoleArn");
    assert_string_equal(p->remote_code, "EntityNotExist.Role");
    assert_string_equal(p->detail, "The role not exists: "
                                   "acs:ram::1234567890123456:role/ops.");
}

static void test_config_ram_role_arn_request(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c), CREDS_OK);
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
}

static void test_sts_endpoint_precedence(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    client.endpoint[API_STS] = NULL;
    /* The profile's sts_endpoint beats its sts_region (https, no "/"). */
    push(TRANSPORT_OK, 200, sts_answer);
    setenv("ALIBABA_CLOUD_STS_ENDPOINT", "sts.example.com", 1);
    assert_int_equal(resolve("ops-vpc", &c), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        "https://sts-vpc.cn-hangzhou.aliyuncs.com/"
                        "?DurationSeconds=3600"
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fvpc"
                        "&RoleSessionName=vpc");
    creds_free(c);
    /* Then $ALIBABA_CLOUD_STS_ENDPOINT, even over sts_region. */
    push(TRANSPORT_OK, 200, sts_answer);
    setenv("ALIBABA_CLOUD_STS_ENDPOINT", "http://sts.example.com/", 1);
    assert_int_equal(resolve("ops", &c), CREDS_OK);
    assert_int_equal(strncmp(script.req[1].url, "https://sts.example.com/?",
                             25), 0);
    creds_free(c);
    /* Then sts_region. */
    unsetenv("ALIBABA_CLOUD_STS_ENDPOINT");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c), CREDS_OK);
    assert_int_equal(strncmp(script.req[2].url,
                             "https://sts.cn-shanghai.aliyuncs.com/?", 38),
                     0);
    creds_free(c);
    /* Then the global endpoint. */
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops-plain", &c), CREDS_OK);
    assert_int_equal(strncmp(script.req[3].url, "https://sts.aliyuncs.com/?",
                             26), 0);
    creds_free(c);
}

static void test_assume_role_refused_message(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 404, sts_refused);
    p = expect_problem("ops", CREDS_ERROR, CREDS_E_STS_REFUSED);
    expect_refused(p);
    push(TRANSPORT_CONNECT, 0, NULL);
    p = expect_problem("ops", CREDS_ERROR, CREDS_E_STS_FAILED);
    assert_int_equal(p->service, CREDS_SERVICE_STS);
    assert_at(p, NULL, CREDS_FROM_CONFIG, "ops", "RamRoleArn");
    assert_string_equal(p->url, STS_SIM);
    assert_string_equal(p->detail, "scripted failure");
}

static void test_chainable_ram_role_arn(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    push(TRANSPORT_OK, 200, sts_answer2);
    assert_int_equal(resolve("chain", &c), CREDS_OK);
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
}

static void test_ecs_ram_role_imdsv2_requests(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, "FxImdsToken0001\n");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c), CREDS_OK);
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
        /* The metadata service: never through a proxy (issue 10.3). */
        assert_true(script.req[i].direct);
        assert_int_equal(script.req[i].connect_timeout_ms, 1000);
        assert_int_equal(script.req[i].timeout_ms, 2000);
    }
    assert_string_equal(creds_source(c), "profile \"ecs\" (EcsRamRole) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    creds_free(c);
}

static void test_ecs_imdsv1_fallback(void **state)
{
    struct creds *c = NULL;
    const struct note_copy *n;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 403, "forbidden");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c), CREDS_OK);
    assert_string_equal(script.req[1].method, "GET");
    assert_string_equal(script.req[1].headers, "");
    n = find_note(CREDS_N_IMDSV1);
    assert_non_null(n);
    assert_int_equal(n->service, CREDS_SERVICE_METADATA);
    assert_string_equal(n->url, MD);
    assert_int_equal(n->transport, TRANSPORT_OK);
    assert_int_equal(n->http_status, 403);
    creds_free(c);
    /* A transport failure on the PUT falls back the same way. */
    push(TRANSPORT_AMBIGUOUS, 0, NULL);
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c), CREDS_OK);
    assert_string_equal(script.req[3].headers, "");
    /* The last note names the profile's keys linkrole leaves aside. */
    assert_int_equal(notes[nnotes - 1].code, CREDS_N_UNUSED_KEYS);
    n = &notes[nnotes - 2];
    assert_int_equal(n->code, CREDS_N_FETCHED_ROLE);
    assert_int_equal(notes[nnotes - 3].code, CREDS_N_IMDSV1);
    assert_int_equal(notes[nnotes - 3].transport, TRANSPORT_AMBIGUOUS);
    assert_string_equal(notes[nnotes - 3].detail, "scripted failure");
    creds_free(c);
}

static void test_ecs_imdsv1_disabled(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_IMDSV1_DISABLED", "true", 1);
    push(TRANSPORT_OK, 404, "not found");
    p = expect_problem("ecs", CREDS_ERROR, CREDS_E_MD_NO_TOKEN);
    assert_service(p, CREDS_SERVICE_METADATA, MD, NULL,
                   "profile \"ecs\" (EcsRamRole) in ~/.aliyun/config.json");
    assert_int_equal(p->transport, TRANSPORT_OK);
    assert_int_equal(p->http_status, 404);
    assert_int_equal(script.used, 1);
}

static void test_ecs_role_discovered(void **state)
{
    struct creds *c = NULL;
    const struct creds_problem *p;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "  FxFoundRole\n");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs-discover", &c), CREDS_OK);
    assert_string_equal(script.req[1].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/");
    assert_string_equal(script.req[1].headers,
                        "X-aliyun-ecs-metadata-token: FxImdsToken0001\n");
    assert_string_equal(script.req[2].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxFoundRole");
    creds_free(c);
    /* No role attached. */
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "\n");
    p = expect_problem("ecs-discover", CREDS_ERROR, CREDS_E_MD_NO_ROLE);
    assert_service(p, CREDS_SERVICE_METADATA, MD, NULL,
                   "profile \"ecs-discover\" (EcsRamRole) in "
                   "~/.aliyun/config.json");
}

static void test_ecs_unreachable_message(void **state)
{
    const struct creds_problem *p;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    push(TRANSPORT_CONNECT, 0, NULL);
    push(TRANSPORT_CONNECT, 0, NULL);
    p = expect_passed_over(NULL, CREDS_E_HTTP_TRANSPORT);
    assert_service(p, CREDS_SERVICE_METADATA, MD,
                   "ALIBABA_CLOUD_ECS_METADATA", NULL);
    assert_int_equal(p->transport, TRANSPORT_CONNECT);
    assert_string_equal(p->detail, "scripted failure");
}

static void test_ecs_default_endpoint_and_override(void **state)
{
    struct creds_options o;
    struct creds *c = NULL;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    memset(&o, 0, sizeof(o));
    o.client = &client;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        "http://100.100.100.200/latest/api/token");
    creds_free(c);
    setenv("LINKROLE_METADATA_ENDPOINT", "http://127.0.0.1:7/", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c), CREDS_OK);
    assert_string_equal(script.req[2].url,
                        "http://127.0.0.1:7/latest/api/token");
    creds_free(c);
    /* The option beats the variable. */
    o.metadata_endpoint = MD;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c), CREDS_OK);
    assert_string_equal(script.req[4].url, MD "/latest/api/token");
    creds_free(c);
}

static void test_ecs_bad_answers(void **state)
{
    const struct creds_problem *p;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Failed\",\"AccessKeyId\":\"x\"}");
    p = expect_passed_over(NULL, CREDS_E_ANSWER_BAD_CODE);
    assert_service(p, CREDS_SERVICE_METADATA, MD,
                   "ALIBABA_CLOUD_ECS_METADATA", NULL);
    assert_string_equal(p->value, "Failed");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.x\","
         "\"AccessKeySecret\":\"FxMetaSecret0001\",\"Expiration\":"
         "\"2024-01-02T09:04:05Z\"}");
    p = expect_passed_over(NULL, CREDS_E_ANSWER_NO_FIELD);
    assert_string_equal(p->field, "SecurityToken");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 404, "<html>404</html>");
    p = expect_passed_over(NULL, CREDS_E_MD_CREDS_STATUS);
    assert_int_equal(p->http_status, 404);
    assert_string_equal(p->value, "FxEcsRole");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "not json");
    p = expect_passed_over(NULL, CREDS_E_ANSWER_NOT_OBJECT);
    assert_service(p, CREDS_SERVICE_METADATA, MD,
                   "ALIBABA_CLOUD_ECS_METADATA", NULL);
    /* A role name that would change the URL's path is refused unsent. */
    setenv("ALIBABA_CLOUD_ECS_METADATA", "../x", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_ENV_NOT_ROLE);
    assert_string_equal(p->field, "ALIBABA_CLOUD_ECS_METADATA");
    assert_string_equal(p->value, "../x");
    assert_int_equal(script.used, 8);
}

static void test_credentials_uri_profile(void **state)
{
    struct creds *c = NULL;
    const struct creds_problem *p;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve("uri", &c), CREDS_OK);
    assert_string_equal(script.req[0].method, "GET");
    assert_string_equal(script.req[0].url, "http://127.0.0.1:1234/creds"
                                           "?token=FxUriQuerySecret0001");
    assert_false(script.req[0].plain_http_ok);
    /* A credentials URI gets the transport's rule: direct on loopback
     * (cloud/http.c), the environment's proxy elsewhere. */
    assert_false(script.req[0].direct);
    assert_string_equal(creds_source(c), "profile \"uri\" (CredentialsURI) "
                                         "in ~/.aliyun/config.json");
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    creds_free(c);
    push(TRANSPORT_OK, 500, "oops");
    p = expect_problem("uri", CREDS_ERROR, CREDS_E_HTTP_STATUS);
    assert_service(p, CREDS_SERVICE_URI, "http://127.0.0.1:1234/creds?...",
                   NULL, "profile \"uri\" (CredentialsURI) in "
                         "~/.aliyun/config.json");
    assert_int_equal(p->http_status, 500);
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\"}");
    p = expect_problem("uri", CREDS_ERROR, CREDS_E_ANSWER_NO_FIELD);
    assert_service(p, CREDS_SERVICE_URI, "http://127.0.0.1:1234/creds?...",
                   NULL, "profile \"uri\" (CredentialsURI) in "
                         "~/.aliyun/config.json");
    assert_string_equal(p->field, "AccessKeyId");
    /* The switch the CLI honours turns the mode off. */
    setenv("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "1", 1);
    p = expect_problem("uri", CREDS_ERROR, CREDS_E_URI_TURNED_OFF);
    assert_at(p, "~/.aliyun/config.json", CREDS_FROM_CONFIG, "uri",
              "CredentialsURI");
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
    const struct creds_problem *p;

    (void)state;
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI",
           "http://u:FxUserinfoSecret@127.0.0.1:1234/creds"
           "?sig=FxEnvUriSecret0001#frag", 1);
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "credentials URI "
                                         "(http://...@127.0.0.1:1234/creds"
                                         "?...)");
    assert_false(script.req[0].plain_http_ok);
    assert_int_equal(script.req[0].connect_timeout_ms, 5000);
    creds_free(c);
    /* An answer that quotes them is cut the same way. */
    push(TRANSPORT_OK, 200, "{\"Code\":\"bad sig=FxEnvUriSecret0001\"}");
    p = expect_passed_over(NULL, CREDS_E_ANSWER_BAD_CODE);
    assert_string_equal(p->value, "bad ...");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\",\"AccessKeyId\":\"a\","
         "\"AccessKeySecret\":\"FxMetaSecret0001\",\"SecurityToken\":"
         "\"FxMetaToken0001\",\"Expiration\":\"u:FxUserinfoSecret\"}");
    p = expect_passed_over(NULL, CREDS_E_ANSWER_BAD_TIME);
    assert_string_equal(p->value, "...");
    client.transport = &quoting;
    p = expect_passed_over(NULL, CREDS_E_HTTP_TRANSPORT);
    assert_service(p, CREDS_SERVICE_URI,
                   "http://...@127.0.0.1:1234/creds?...",
                   "ALIBABA_CLOUD_CREDENTIALS_URI", NULL);
    assert_int_equal(p->transport, TRANSPORT_CONNECT);
    assert_string_equal(p->detail, "could not reach "
                                   "http://...@127.0.0.1:1234/creds?...#frag");
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "ftp://127.0.0.1/c", 1);
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_URI_SCHEME);
    assert_service(p, CREDS_SERVICE_URI, NULL,
                   "ALIBABA_CLOUD_CREDENTIALS_URI", NULL);
}

static void test_refresh_before_expiry(void **state)
{
    struct creds *c = NULL;
    const struct note_copy *n;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c), CREDS_OK);
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
    n = find_note(CREDS_N_REFRESHED);
    assert_non_null(n);
    assert_string_equal(n->source, OPS);
    creds_free(c);
}

static void test_refresh_failure_keeps_valid_keys(void **state)
{
    struct creds *c = NULL;
    struct sign_creds s;
    const struct note_copy *n;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c), CREDS_OK);
    fake_now = T0_PLUS_1H - 100;
    push(TRANSPORT_OK, 404, sts_refused);
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 2);
    n = find_note(CREDS_N_KEPT);
    assert_non_null(n);
    assert_string_equal(n->source, OPS);
    assert_string_equal(n->until, "2024-01-02T04:04:05Z");
    assert_true(n->has_why);
    assert_int_equal(n->why.code, CREDS_E_STS_REFUSED);
    expect_refused(&n->why);
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
    assert_int_equal(creds_current(c, &s, &problem), -1);
    see_problem(&problem);
    assert_int_equal(problem.code, CREDS_E_STS_REFUSED);
    expect_refused(&problem);
    assert_int_equal(problem.nexpired, 1);
    assert_string_equal(problem.expired[0].source, OPS);
    assert_string_equal(problem.expired[0].at, "2024-01-02T04:04:05Z");
    /* Once the service is back, so are the credentials. */
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    creds_free(c);
}

static void test_metadata_refresh(void **state)
{
    struct creds *c = NULL;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    fake_now = MD_EXPIRES - 60;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, uri_answer);
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    assert_int_equal(script.used, 4);
    assert_string_equal(script.req[2].method, "PUT");
    assert_string_equal(script.req[3].headers,
                        "X-aliyun-ecs-metadata-token: FxImdsToken0001\n");
    creds_free(c);
}

static void test_chain_refreshes_inner_first(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    push(TRANSPORT_OK, 200, sts_answer2);
    assert_int_equal(resolve("chain", &c), CREDS_OK);
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
