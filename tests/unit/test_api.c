/* Tests for src/cloud/api.c against a scripted transport: request shape,
 * answer mapping, retries, a create that is never repeated blindly, DBS's
 * answer shapes, and that no secret reaches logs or --dry-run. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_fixture.h"
#include "cloud/api.h"
#include "cloud/sign.h"

static void test_create_maps_the_role(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(api_create_service_linked_role(
        &f->c, "polardb.aliyuncs.com", "Ex", "A b*", &r, &e), 0);
    assert_true(r.created);
    assert_string_equal(r.role.role_name, "AliyunServiceRoleForPolarDB");
    assert_string_equal(r.role.role_id, "3283324098106712");
    assert_true(r.role.is_service_linked);
    assert_int_equal(r.role.trust.nservices, 1);
    assert_string_equal(r.role.trust.services[0], "polardb.aliyuncs.com");
    assert_string_equal(r.role.trust.actions[0], "sts:AssumeRole");
    assert_non_null(strstr(r.role.trust.pretty,
                           "\n  \"Statement\": [\n    {\n"));
    assert_string_equal(r.r.request_id, "REQ-1");
    assert_string_equal(r.r.response, role_body);
    assert_string_equal(f->script.actions[0], "CreateServiceLinkedRole");
    assert_string_equal(f->script.urls[0],
                        "https://resourcemanager.aliyuncs.com/?CustomSuffix=Ex"
                        "&Description=A%20b%2A"
                        "&ServiceName=polardb.aliyuncs.com");
    assert_non_null(strstr(f->script.auth[0], "ACS3-HMAC-SHA256 Credential="
                                              "LTAItestkey0001,"));
    api_role_result_free(&r);
    free(f);
}

static void test_throttling_is_retried(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 400, throttled);
    push(f, TRANSPORT_OK, 503, "{\"Code\":\"ServiceUnavailable\"}");
    push(f, TRANSPORT_CONNECT, 0, NULL);
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(api_get_role(&f->c, "AliyunServiceRoleForPolarDB", &r,
                                  &e), 0);
    assert_int_equal(f->script.used, 4);
    assert_non_null(strstr(log_text, "retry GetRole |Throttling.User|"));
    assert_non_null(strstr(log_text, "retry GetRole |ServiceUnavailable|"));
    api_role_result_free(&r);
    free(f);
}

static void test_retries_stop_after_three(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    for (int i = 0; i < 4; i++)
        push(f, TRANSPORT_OK, 400, throttled);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(f->script.used, 4);
    assert_int_equal(e.kind, API_ERR_CLOUD);
    assert_string_equal(e.code, "Throttling.User");
    assert_int_equal(e.attempts, 4);
    assert_string_equal(e.request_id, "T1");
    free(f);
}

static void test_refusal_is_not_retried(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 409, "{\"RequestId\":\"R\",\"HostId\":\"h\","
         "\"Code\":\"EntityAlreadyExists.Role\",\"Message\":\"The role "
         "already exists.\",\"Recommend\":\"https://x\"}");
    assert_int_equal(api_create_service_linked_role(&f->c, "a.aliyuncs.com",
                                                    NULL, NULL, &r, &e), -1);
    assert_int_equal(f->script.used, 1);
    assert_int_equal(e.kind, API_ERR_CLOUD);
    assert_int_equal(e.http_status, 409);
    assert_string_equal(e.code, "EntityAlreadyExists.Role");
    assert_string_equal(e.message, "The role already exists.");
    assert_string_equal(e.recommend, "https://x");
    assert_string_equal(e.action, "CreateServiceLinkedRole");
    free(f);
}

static void test_lowercase_error_fields(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 404, "{\"requestId\":\"r\",\"code\":"
         "\"EntityNotExist.Role\",\"message\":\"m\"}");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_string_equal(e.code, "EntityNotExist.Role");
    assert_string_equal(e.request_id, "r");
    free(f);
}

static void test_create_lost_answer_is_ambiguous(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    /* Not safe to repeat: the call says so and sends nothing more (the
     * check with GetRole is the use case's, test_slr). */
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    assert_int_equal(api_create_service_linked_role(
        &f->c, "x.aliyuncs.com", NULL, NULL, &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_AMBIGUOUS);
    assert_int_equal(f->script.used, 1);
    free(f);
}

static void test_create_replayed_is_ambiguous(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 400, "{\"Code\":\"SignatureNonceUsed\"}");
    assert_int_equal(api_create_service_linked_role(
        &f->c, "polardb.aliyuncs.com", NULL, NULL, &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_AMBIGUOUS);
    assert_int_equal(e.why, API_WHY_TWICE);
    assert_int_equal(f->script.used, 1);
    free(f);
}

static void test_non_json_answer(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "<html>captive portal</html>");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_RESPONSE);
    assert_int_equal(f->script.used, 1);
    free(f);
}

static void test_answer_without_role(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"x\"}");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_RESPONSE);
    free(f);
}

static void test_dbs_success_and_already(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_dbs_init d;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"Data\":\"null\",\"RequestId\":\"A\","
         "\"Success\":\"true\"}");
    push(f, TRANSPORT_OK, 200, "{\"Data\":\"null\",\"RequestId\":\"B\","
         "\"Success\":\"true\",\"ErrorCode\":\"EntityAlreadyExists.Role\","
         "\"ErrMessage\":\"EntityAlreadyExists.Role : The role already "
         "exists:AliyunServiceRoleForDBS\\r\\nRequestId : 73\"}");
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"C\",\"Success\":false,"
         "\"ErrCode\":\"Request.Forbidden\",\"ErrMessage\":\"Have no "
         "Permissions\"}");
    assert_int_equal(api_init_dbs(&f->c, &d, &e), 0);
    assert_false(d.already);
    assert_string_equal(f->script.urls[0],
                        "https://dbs-api.cn-hangzhou.aliyuncs.com/");
    api_dbs_init_free(&d);
    assert_int_equal(api_init_dbs(&f->c, &d, &e), 0);
    assert_true(d.already);
    api_dbs_init_free(&d);
    assert_int_equal(api_init_dbs(&f->c, &d, &e), -1);
    assert_string_equal(e.code, "Request.Forbidden");
    assert_string_equal(e.message, "Have no Permissions");
    free(f);
}

/* The official DBS SDKs' endpointMap, region by region, and the
 * endpoint page's cn-wulanchabu. */
static const struct {
    const char *region, *host;
} dbs_map[] = {
    { "cn-qingdao", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "cn-beijing", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "cn-chengdu", "dbs-api.cn-chengdu.aliyuncs.com" },
    { "cn-zhangjiakou", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "cn-huhehaote", "dbs-api.cn-huhehaote.aliyuncs.com" },
    { "cn-hangzhou", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "cn-shanghai", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "cn-shenzhen", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "cn-hongkong", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "ap-southeast-1", "dbs-api.ap-southeast-1.aliyuncs.com" },
    { "ap-southeast-2", "dbs-api.ap-southeast-2.aliyuncs.com" },
    { "ap-southeast-3", "dbs-api.ap-southeast-3.aliyuncs.com" },
    { "ap-southeast-5", "dbs-api.ap-southeast-5.aliyuncs.com" },
    { "ap-northeast-1", "dbs-api.ap-northeast-1.aliyuncs.com" },
    { "us-west-1", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "us-east-1", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "eu-central-1", "dbs-api.eu-central-1.aliyuncs.com" },
    { "cn-hangzhou-finance", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "cn-shanghai-finance-1", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "cn-shenzhen-finance-1", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "ap-south-1", "dbs-api.ap-south-1.aliyuncs.com" },
    { "eu-west-1", "dbs-api.eu-west-1.aliyuncs.com" },
    { "me-east-1", "dbs-api.me-east-1.aliyuncs.com" },
    { "cn-wulanchabu", "dbs-api.cn-wulanchabu.aliyuncs.com" },
};

static void test_dbs_endpoint_by_region(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(dbs_map) / sizeof(dbs_map[0]); i++) {
        assert_string_equal(api_dbs_host(dbs_map[i].region),
                            dbs_map[i].host);
        assert_true(api_dbs_region_known(dbs_map[i].region));
    }
    /* Any other region: the shared endpoint, and the caller is told. */
    assert_string_equal(api_dbs_host("cn-guangzhou"), API_DBS_SHARED_HOST);
    assert_false(api_dbs_region_known("cn-guangzhou"));
    assert_string_equal(api_dbs_host("mars-north-1"), API_DBS_SHARED_HOST);
    assert_false(api_dbs_region_known("mars-north-1"));
    assert_string_equal(api_dbs_host(NULL),
                        "dbs-api.cn-hangzhou.aliyuncs.com");
    assert_true(api_dbs_region_known(NULL));
}

static void test_endpoint_override_and_unknown_region(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_dbs_init d;
    struct api_error e;

    (void)state;
    f->c.region = "mars-north-1";
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"A\",\"Success\":\"true\"}");
    assert_int_equal(api_init_dbs(&f->c, &d, &e), 0);
    assert_string_equal(f->script.urls[0],
                        "https://dbs-api.cn-hangzhou.aliyuncs.com/");
    api_dbs_init_free(&d);
    f->c.endpoint[API_DBS] = "http://127.0.0.1:9/";
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"A\",\"Success\":\"true\"}");
    assert_int_equal(api_init_dbs(&f->c, &d, &e), 0);
    assert_string_equal(f->script.urls[1], "http://127.0.0.1:9/");
    api_dbs_init_free(&d);
    free(f);
}

/* Every API request asks for JSON, as the SDKs do, whichever signature
 * it carries. */
static void test_accept_json_on_every_request(void **state)
{
    struct fixture *f = fixture_new(true);
    struct api_dbs_init d;
    struct api_identity id;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"A\",\"Success\":\"true\"}");
    assert_int_equal(api_init_dbs(&f->c, &d, &e), 0);
    api_dbs_init_free(&d);
    f->c.signature = 1;
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"B\",\"IdentityType\":"
         "\"Account\",\"AccountId\":\"1\",\"Arn\":\"a\"}");
    assert_int_equal(api_caller_identity(&f->c, &id, &e), 0);
    api_identity_free(&id);
    assert_int_equal(f->script.used, 2);
    for (size_t i = 0; i < f->script.used; i++)
        assert_string_equal(f->script.accept[i], "application/json");
    free(f);
}

static void test_list_pages_and_marker(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_page p;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"L\",\"IsTruncated\":true,"
         "\"Marker\":\"m/2\",\"Roles\":{\"Role\":[{\"RoleName\":\"A\","
         "\"Arn\":\"a\"},{\"RoleName\":\"B\",\"Arn\":\"b\"}]}}");
    assert_int_equal(api_list_roles(&f->c, "m/1", 2, &p, &e), 0);
    assert_int_equal(p.count, 2);
    assert_true(p.truncated);
    assert_string_equal(p.marker, "m/2");
    assert_string_equal(p.roles[1].role_name, "B");
    assert_string_equal(f->script.urls[0],
                        "https://ram.aliyuncs.com/?Marker=m%2F1&MaxItems=2");
    api_role_page_free(&p);
    free(f);
}

static void test_deletion_status_failed_usages(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_deletion d;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"D\",\"Status\":\"FAILED\","
         "\"Reason\":{\"Message\":\"in use\",\"RoleUsages\":{\"RoleUsage\":"
         "[{\"Region\":\"cn-hangzhou\",\"Resources\":{\"Resource\":"
         "[\"i-1\",\"i-2\"]}}]}}}");
    assert_int_equal(api_deletion_status(&f->c, "task/a/b", &d, &e), 0);
    assert_string_equal(d.status, "FAILED");
    assert_string_equal(d.reason, "in use");
    assert_int_equal(d.nusages, 2);
    assert_string_equal(d.usages[1], "cn-hangzhou: i-2");
    assert_string_equal(f->script.urls[0], "https://resourcemanager."
                        "aliyuncs.com/?DeletionTaskId=task%2Fa%2Fb");
    api_deletion_free(&d);
    free(f);
}

static void test_dry_run_redacts_v3(void **state)
{
    struct fixture *f = fixture_new(true);
    struct api_role_result r;
    struct api_error e;
    struct buf dry;

    (void)state;
    buf_init(&dry, 1u << 16);
    f->c.dry_run = &dry;
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_DRY_RUN);
    assert_int_equal(f->script.used, 0);
    assert_non_null(strstr(buf_str(&dry), "Signature=<redacted>"));
    assert_non_null(strstr(buf_str(&dry), "x-acs-security-token: "
                                          "<redacted>"));
    assert_null(strstr(buf_str(&dry), TOKEN));
    assert_null(strstr(buf_str(&dry), SECRET));
    buf_free(&dry);
    free(f);
}

static void test_dry_run_redacts_v1(void **state)
{
    struct fixture *f = fixture_new(true);
    struct api_role_result r;
    struct api_error e;
    struct buf dry;

    (void)state;
    buf_init(&dry, 1u << 16);
    f->c.dry_run = &dry;
    f->c.signature = 1;
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_non_null(strstr(buf_str(&dry), "Signature=<redacted>"));
    assert_non_null(strstr(buf_str(&dry), "SecurityToken=<redacted>"));
    assert_non_null(strstr(buf_str(&dry), "SignatureMethod=HMAC-SHA1"));
    assert_null(strstr(buf_str(&dry), "Token%2F"));
    assert_null(strstr(buf_str(&dry), SECRET));
    buf_free(&dry);
    free(f);
}

static void test_v1_request_shape(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_identity id;
    struct api_error e;

    (void)state;
    f->c.signature = 1;
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"I\",\"AccountId\":\"1\","
         "\"Arn\":\"acs:ram::1:root\",\"IdentityType\":\"Account\"}");
    assert_int_equal(api_caller_identity(&f->c, &id, &e), 0);
    assert_non_null(strstr(f->script.urls[0], "https://sts.aliyuncs.com/?"));
    assert_non_null(strstr(f->script.urls[0], "&Signature="));
    assert_non_null(strstr(f->script.urls[0], "Timestamp=2024-01-02T03%3A"
                                              "04%3A05Z"));
    assert_string_equal(f->script.auth[0], "");
    assert_string_equal(id.identity_type, "Account");
    api_identity_free(&id);
    free(f);
}

static void test_logs_hold_no_secret(void **state)
{
    struct fixture *f = fixture_new(true);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    f->c.signature = 1;
    push(f, TRANSPORT_OK, 400, throttled);
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), 0);
    assert_true(strlen(log_text) > 0);
    assert_null(strstr(log_text, SECRET));
    assert_null(strstr(log_text, "TokenValue"));
    api_role_result_free(&r);
    free(f);
}

static void test_assume_role_keeps_no_raw_answer(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_sts_credentials c;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"S\",\"AssumedRoleUser\":"
         "{\"Arn\":\"acs:ram::1:assumed-role/r/s\"},\"Credentials\":{"
         "\"AccessKeyId\":\"STS.x\",\"AccessKeySecret\":\"sec\","
         "\"SecurityToken\":\"tok\",\"Expiration\":\"2024-01-02T04:04:05Z\"}}");
    assert_int_equal(api_assume_role(&f->c, "acs:ram::1:role/r", "s", 0,
                                     NULL, &c, &e), 0);
    assert_string_equal(c.access_key_id, "STS.x");
    assert_string_equal(c.access_key_secret, "sec");
    assert_int_equal(c.expires_at, 1704164645 + 3600);
    assert_null(c.r.response);
    assert_non_null(strstr(f->script.urls[0], "DurationSeconds=3600"));
    api_sts_credentials_free(&c);
    free(f);
}

static void test_parse_role_response_rejects_garbage(void **state)
{
    struct api_role_result r;
    struct api_error e;
    static const char *const bad[] = {
        "", "[]", "{\"Role\":[]}", "{\"Role\":{\"RoleName\":1}}",
        "{\"Role\":{\"RoleName\":\"x\"}}", "{\"Role\":",
        "{\"Role\":{\"RoleName\":\"x\",\"Arn\":\"a\"}} trailing",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(api_parse_role_response(bad[i], strlen(bad[i]), &r,
                                                 &e), -1);
        assert_int_equal(e.kind, API_ERR_RESPONSE);
    }
    /* A trust policy that is not JSON is kept as text. */
    {
        static const char odd[] =
            "{\"Role\":{\"RoleName\":\"x\",\"Arn\":\"a\","
            "\"AssumeRolePolicyDocument\":\"not json\"}}";

        assert_int_equal(api_parse_role_response(odd, strlen(odd), &r, &e),
                         0);
    }
    assert_string_equal(r.role.policy_document, "not json");
    assert_null(r.role.trust.pretty);
    api_role_result_free(&r);
    {
        /* A duration no long can hold is no duration (casting it would
         * be undefined behaviour). */
        static const char huge[] =
            "{\"Role\":{\"RoleName\":\"x\",\"Arn\":\"a\","
            "\"MaxSessionDuration\":1e300}}";

        assert_int_equal(api_parse_role_response(huge, strlen(huge), &r,
                                                 &e), 0);
        assert_int_equal(r.role.max_session_duration, 0);
        api_role_result_free(&r);
    }
}

/* A request whose canonical form would not fit the signer's buffer is
 * refused as bad input, whole: nothing is sent, nothing retried. */
static void test_too_big_to_sign_is_not_sent(void **state)
{
    struct fixture *f = fixture_new(true);
    struct api_role_result r;
    struct api_error e;
    char *description = malloc(SIGN_REQUEST_MAX + 1);

    (void)state;
    assert_non_null(description);
    memset(description, 'd', SIGN_REQUEST_MAX);
    description[SIGN_REQUEST_MAX] = '\0';
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(api_create_service_linked_role(
        &f->c, "polardb.aliyuncs.com", NULL, description, &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_USAGE);
    assert_int_equal(e.why, API_WHY_TOO_BIG_TO_SIGN);
    assert_string_equal(e.subject, "CreateServiceLinkedRole");
    assert_int_equal(f->script.used, 0);
    free(description);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_maps_the_role),
        cmocka_unit_test(test_throttling_is_retried),
        cmocka_unit_test(test_retries_stop_after_three),
        cmocka_unit_test(test_refusal_is_not_retried),
        cmocka_unit_test(test_lowercase_error_fields),
        cmocka_unit_test(test_create_lost_answer_is_ambiguous),
        cmocka_unit_test(test_create_replayed_is_ambiguous),
        cmocka_unit_test(test_non_json_answer),
        cmocka_unit_test(test_answer_without_role),
        cmocka_unit_test(test_dbs_success_and_already),
        cmocka_unit_test(test_dbs_endpoint_by_region),
        cmocka_unit_test(test_endpoint_override_and_unknown_region),
        cmocka_unit_test(test_accept_json_on_every_request),
        cmocka_unit_test(test_list_pages_and_marker),
        cmocka_unit_test(test_deletion_status_failed_usages),
        cmocka_unit_test(test_dry_run_redacts_v3),
        cmocka_unit_test(test_dry_run_redacts_v1),
        cmocka_unit_test(test_v1_request_shape),
        cmocka_unit_test(test_logs_hold_no_secret),
        cmocka_unit_test(test_assume_role_keeps_no_raw_answer),
        cmocka_unit_test(test_parse_role_response_rejects_garbage),
        cmocka_unit_test(test_too_big_to_sign_is_not_sent),
    };

    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
