/* Tests for how src/cloud/api.c judges answers that are not what the API
 * sends: a status outside 2xx/4xx/5xx, a 5xx or an unreadable 200 to a
 * call that is not safe to repeat (ambiguous, never resent here), an
 * error met after the answer came (it still names its action), the
 * time limit carried through the retries, and fields with a JSON type the
 * API never sends (refused, naming the field). */
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

/* A 200 with no Role: the failure is found after the answer was
 * accepted, and must still say whose answer it was. */
static void test_unusable_answer_names_action(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"x\"}");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_RESPONSE);
    assert_int_equal(e.why, API_WHY_MISSING);
    assert_string_equal(e.action, "GetRole");
    assert_int_equal(e.attempts, 1);

    /* Likewise after a retry. */
    push(f, TRANSPORT_OK, 400, throttled);
    push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"x\",\"Roles\":{}}");
    assert_int_equal(api_caller_identity(&f->c, &(struct api_identity){ 0 },
                                         &e), -1);
    assert_string_equal(e.action, "GetCallerIdentity");
    assert_int_equal(e.attempts, 2);
    free(f);
}

/* Statuses the API never answers with are not answers, whatever the body
 * says: a redirect carrying a role is not a success. */
static void test_status_outside_api_range(void **state)
{
    static const long statuses[] = { 302, 301, 100, 600, 0, 199 };

    (void)state;
    for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
        struct fixture *f = fixture_new(false);
        struct api_role_result r;
        struct api_error e;

        push(f, TRANSPORT_OK, statuses[i], role_body);
        assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
        assert_int_equal(e.kind, API_ERR_NETWORK);
        assert_int_equal(e.why, API_WHY_BAD_STATUS);
        assert_int_equal(e.http_status, statuses[i]);
        assert_string_equal(e.action, "GetRole");
        assert_int_equal(f->script.used, 1);

        /* To a create, it may hide a role made behind it. */
        push(f, TRANSPORT_OK, statuses[i], role_body);
        assert_int_equal(api_create_service_linked_role(
            &f->c, "polardb.aliyuncs.com", NULL, NULL, &r, &e), -1);
        assert_int_equal(e.kind, API_ERR_AMBIGUOUS);
        assert_int_equal(f->script.used, 2);
        free(f);
    }
}

/* Every answer to a create that may come after the work was done is
 * ambiguous and is not sent again here: any 5xx, JSON or not, a 200 that
 * is not JSON or has no role, an answer too big to read. */
static void test_create_bad_answers_are_ambiguous(void **state)
{
    static const struct step answers[] = {
        { TRANSPORT_OK, 500, "{\"RequestId\":\"R5\",\"Code\":"
                             "\"InternalError\",\"Message\":\"m\"}" },
        { TRANSPORT_OK, 503, "{\"Code\":\"ServiceUnavailable\"}" },
        { TRANSPORT_OK, 502, "<html>502 Bad Gateway</html>" },
        { TRANSPORT_OK, 504, "" },
        { TRANSPORT_OK, 200, "<html>not json</html>" },
        { TRANSPORT_OK, 200, "{\"RequestId\":\"x\"}" },
        { TRANSPORT_TOO_BIG, 200, NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
        struct fixture *f = fixture_new(false);
        struct api_role_result r;
        struct api_error e;

        push(f, answers[i].status, answers[i].http, answers[i].body);
        assert_int_equal(api_create_service_linked_role(
            &f->c, "polardb.aliyuncs.com", NULL, NULL, &r, &e), -1);
        assert_int_equal(e.kind, API_ERR_AMBIGUOUS);
        assert_int_equal(f->script.used, 1);
        assert_string_equal(e.action, "CreateServiceLinkedRole");
        if (i == 0) {
            assert_int_equal(e.why, API_WHY_SERVER_ERROR);
            assert_string_equal(e.code, "InternalError");
            assert_string_equal(e.request_id, "R5");
            assert_int_equal(e.http_status, 500);
        }
        free(f);
    }
}

/* The same 5xx to a call safe to repeat is retried as before. */
static void test_idempotent_5xx_still_retried(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 500, "{\"Code\":\"InternalError\"}");
    push(f, TRANSPORT_OK, 502, "<html>502</html>");
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), 0);
    assert_int_equal(f->script.used, 3);
    api_role_result_free(&r);
    free(f);
}

/* --timeout is the whole call's: each attempt gets what is left, and no
 * attempt starts once it is spent.  The fake clock moves 400 ms per
 * request; the waits between are real but 1 ms. */
static void test_timeout_bounds_the_retries(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    f->c.timeout_ms = 1000;
    f->script.step_ms = 400;
    for (int i = 0; i < 4; i++)
        push(f, TRANSPORT_CONNECT, 0, NULL);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_NETWORK);
    assert_int_equal(f->script.used, 3);
    assert_int_equal(f->script.timeouts[0], 1000);
    assert_int_equal(f->script.timeouts[1], 600);
    assert_int_equal(f->script.timeouts[2], 200);
    assert_int_equal(e.attempts, 3);
    free(f);

    /* Without --timeout, API_TIMEOUT_MS is the bound. */
    f = fixture_new(false);
    f->script.step_ms = API_TIMEOUT_MS / 2 + 1;
    for (int i = 0; i < 4; i++)
        push(f, TRANSPORT_CONNECT, 0, NULL);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(f->script.used, 2);
    assert_int_equal(f->script.timeouts[0], API_TIMEOUT_MS);
    free(f);
}

static int unreachable_creds(void *ctx, struct sign_creds *c, struct buf *err)
{
    (void)ctx;
    (void)c;
    buf_adds(err, "AssumeRole at https://sts.example failed");
    return -2;
}

/* Credentials whose service (STS) is out of reach, say at a refresh: a
 * network failure, not a credentials one. */
static void test_unreachable_creds_are_network(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    f->c.creds.get = unreachable_creds;
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_NETWORK);
    assert_int_equal(e.why, API_WHY_CREDENTIALS);
    assert_string_equal(e.detail, "AssumeRole at https://sts.example failed");
    assert_int_equal(f->script.used, 0);
    free(f);
}

/* Which call a wrong-type case answers. */
enum call_kind { GET_ROLE, LIST_ROLES, DELETION, IDENTITY, ASSUME, DBS };

/* Sends call kind against a fixture answering body (HTTP 200); returns
 * what the call returned, with e filled. */
static int call_with(enum call_kind kind, const char *body,
                     struct api_error *e)
{
    struct fixture *f = fixture_new(false);
    int rc = -1;

    push(f, TRANSPORT_OK, 200, body);
    switch (kind) {
    case GET_ROLE: {
        struct api_role_result r;

        rc = api_get_role(&f->c, "X", &r, e);
        if (rc == 0)
            api_role_result_free(&r);
        break;
    }
    case LIST_ROLES: {
        struct api_role_page p;

        rc = api_list_roles(&f->c, NULL, 0, &p, e);
        if (rc == 0)
            api_role_page_free(&p);
        break;
    }
    case DELETION: {
        struct api_deletion d;

        rc = api_deletion_status(&f->c, "task-1", &d, e);
        if (rc == 0)
            api_deletion_free(&d);
        break;
    }
    case IDENTITY: {
        struct api_identity id;

        rc = api_caller_identity(&f->c, &id, e);
        if (rc == 0)
            api_identity_free(&id);
        break;
    }
    case ASSUME: {
        struct api_sts_credentials c;

        rc = api_assume_role(&f->c, "acs:ram::1:role/x", "s", 3600, NULL,
                             &c, e);
        if (rc == 0)
            api_sts_credentials_free(&c);
        break;
    }
    case DBS: {
        struct api_dbs_init d;

        rc = api_init_dbs(&f->c, &d, e);
        if (rc == 0)
            api_dbs_init_free(&d);
        break;
    }
    }
    free(f);
    return rc;
}

#define ROLE_OK "\"RoleName\":\"R\",\"Arn\":\"acs:ram::1:role/r\""

/* A field that is there with a type the API never sends is an answer
 * that is not the API's, naming the field: never taken as absent (a role
 * shown without its RoleId, a list read as empty). */
static void test_wrong_types_are_refused(void **state)
{
    static const struct {
        enum call_kind kind;
        const char *body, *subject;
    } cases[] = {
        { GET_ROLE, "{\"Role\":{" ROLE_OK ",\"RoleId\":{\"x\":1}}}",
          "Role.RoleId" },
        { GET_ROLE, "{\"Role\":{\"RoleName\":\"R\",\"Arn\":12345}}",
          "Role.Arn" },
        { GET_ROLE, "{\"Role\":{" ROLE_OK ",\"LatestDeletionTask\":\"t\"}}",
          "Role.LatestDeletionTask" },
        { GET_ROLE, "{\"Role\":{" ROLE_OK ",\"LatestDeletionTask\":{"
                    "\"DeletionTaskId\":7}}}",
          "Role.LatestDeletionTask.DeletionTaskId" },
        { GET_ROLE, "{\"Role\":{" ROLE_OK ",\"Description\":[\"d\"]}}",
          "Role.Description" },
        { GET_ROLE, "{\"Role\":{" ROLE_OK ",\"CreateDate\":true}}",
          "Role.CreateDate" },
        { GET_ROLE, "{\"Role\":\"R\"}", "Role" },
        { LIST_ROLES, "{\"IsTruncated\":false,\"Roles\":{\"Role\":\"none\"}}",
          "Roles.Role" },
        { LIST_ROLES, "{\"Roles\":{\"Role\":{" ROLE_OK "}}}", "Roles.Role" },
        { LIST_ROLES, "{\"Roles\":[]}", "Roles" },
        { LIST_ROLES, "{\"Roles\":{\"Role\":[{" ROLE_OK "},7]}}",
          "Roles.Role[1]" },
        { LIST_ROLES, "{\"Roles\":{\"Role\":[{" ROLE_OK ",\"RoleId\":5}]}}",
          "Roles.Role[0].RoleId" },
        { LIST_ROLES, "{\"Roles\":{\"Role\":[]},\"IsTruncated\":true,"
                      "\"Marker\":42}", "Marker" },
        { DELETION, "{\"Status\":7}", "Status" },
        { DELETION, "{\"Status\":\"FAILED\",\"Reason\":\"busy\"}", "Reason" },
        { DELETION, "{\"Status\":\"FAILED\",\"Reason\":{\"Message\":{}}}",
          "Reason.Message" },
        { DELETION, "{\"Status\":\"FAILED\",\"Reason\":{\"RoleUsages\":{"
                    "\"RoleUsage\":[{\"Region\":\"r\",\"Resources\":{"
                    "\"Resource\":[\"a\",3]}}]}}}",
          "Reason.RoleUsages.RoleUsage[0].Resources.Resource[1]" },
        { IDENTITY, "{\"AccountId\":\"1\",\"Arn\":[\"acs:ram::1:root\"]}",
          "Arn" },
        { IDENTITY, "{\"AccountId\":1,\"Arn\":\"acs:ram::1:root\"}",
          "AccountId" },
        { ASSUME, "{\"Credentials\":\"STS.x\"}", "Credentials" },
        { ASSUME, "{\"Credentials\":{\"AccessKeyId\":\"STS.x\","
                  "\"AccessKeySecret\":\"s\",\"SecurityToken\":42}}",
          "Credentials.SecurityToken" },
        { DBS, "{\"Success\":\"true\",\"ErrorCode\":{}}", "ErrorCode" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct api_error e;

        memset(&e, 0, sizeof(e));
        assert_int_equal(call_with(cases[i].kind, cases[i].body, &e), -1);
        assert_int_equal(e.kind, API_ERR_RESPONSE);
        assert_int_equal(e.why, API_WHY_WRONG_TYPE);
        assert_string_equal(e.subject, cases[i].subject);
    }
}

/* What stays accepted: null as absent, numbers and booleans where the
 * API sends them either way, an empty or absent list. */
static void test_tolerated_types_still_read(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_role_page p;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200,
         "{\"Role\":{" ROLE_OK ",\"RoleId\":null,\"Description\":null,"
         "\"MaxSessionDuration\":\"3600\","
         "\"IsServiceLinkedRole\":\"true\"}}");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), 0);
    assert_null(r.role.role_id);
    assert_null(r.role.description);
    assert_int_equal(r.role.max_session_duration, 3600);
    assert_true(r.role.is_service_linked);
    api_role_result_free(&r);

    push(f, TRANSPORT_OK, 200,
         "{\"Role\":{" ROLE_OK ",\"MaxSessionDuration\":7200,"
         "\"IsServiceLinkedRole\":true}}");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), 0);
    assert_int_equal(r.role.max_session_duration, 7200);
    assert_null(r.role.deletion_task_id);
    api_role_result_free(&r);

    /* GetRole's LatestDeletionTask: the role's last deletion task. */
    push(f, TRANSPORT_OK, 200,
         "{\"Role\":{" ROLE_OK ",\"LatestDeletionTask\":{"
         "\"DeletionTaskId\":\"deletion-task/1\","
         "\"CreateDate\":\"2024-01-02T03:04:05Z\"}}}");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), 0);
    assert_string_equal(r.role.deletion_task_id, "deletion-task/1");
    assert_string_equal(r.role.deletion_task_date, "2024-01-02T03:04:05Z");
    api_role_result_free(&r);

    push(f, TRANSPORT_OK, 200, "{\"Roles\":{\"Role\":[]},\"Marker\":null}");
    assert_int_equal(api_list_roles(&f->c, NULL, 0, &p, &e), 0);
    assert_int_equal(p.count, 0);
    api_role_page_free(&p);
    push(f, TRANSPORT_OK, 200, "{\"IsTruncated\":false}");
    assert_int_equal(api_list_roles(&f->c, NULL, 0, &p, &e), 0);
    assert_int_equal(p.count, 0);
    api_role_page_free(&p);
    free(f);
}

/* --- issue 10: the cloud's real error answers -------------------------- */

/* The gateway's Forbidden.RAM carries an AccessDeniedDetail: each member
 * linkrole shows is kept, an account ID sent as a number too; members of
 * another type are left out.  Either spelling of the object, as the
 * SDKs read it. */
static void test_access_denied_detail_read(void **state)
{
    static const char pascal[] =
        "{\"RequestId\":\"D1\",\"Code\":\"Forbidden.RAM\",\"Message\":"
        "\"User not authorized\",\"Recommend\":\"https://api.aliyun.com/"
        "troubleshoot?q=Forbidden.RAM\",\"AccessDeniedDetail\":{"
        "\"PolicyType\":\"AccountLevelIdentityBasedPolicy\","
        "\"AuthPrincipalOwnerId\":1234567890123456,"
        "\"EncodedDiagnosticMessage\":\"AQEAAAAA\","
        "\"AuthPrincipalType\":\"SubUser\","
        "\"AuthPrincipalDisplayName\":{\"not\":\"a string\"},"
        "\"NoPermissionType\":\"ImplicitDeny\","
        "\"AuthAction\":\"ram:GetRole\"}}";
    static const char camel[] =
        "{\"requestId\":\"D2\",\"code\":\"NoPermission.xxx\","
        "\"accessDeniedDetail\":{\"authAction\":\"ram:GetRole\","
        "\"noPermissionType\":\"ExplicitDeny\"}}";
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 403, pascal);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_CLOUD);
    assert_string_equal(e.code, "Forbidden.RAM");
    assert_string_equal(e.recommend,
                        "https://api.aliyun.com/troubleshoot?q=Forbidden.RAM");
    assert_string_equal(e.denied[API_DENIED_AUTH_ACTION], "ram:GetRole");
    assert_string_equal(e.denied[API_DENIED_NO_PERMISSION_TYPE],
                        "ImplicitDeny");
    assert_string_equal(e.denied[API_DENIED_POLICY_TYPE],
                        "AccountLevelIdentityBasedPolicy");
    assert_string_equal(e.denied[API_DENIED_PRINCIPAL_TYPE], "SubUser");
    assert_string_equal(e.denied[API_DENIED_PRINCIPAL_NAME], "");
    assert_string_equal(e.denied[API_DENIED_PRINCIPAL_OWNER],
                        "1234567890123456");
    assert_string_equal(e.denied[API_DENIED_DIAGNOSTIC], "AQEAAAAA");
    assert_string_equal(api_denied_name(API_DENIED_PRINCIPAL_OWNER),
                        "AuthPrincipalOwnerId");
    assert_int_equal(f->script.used, 1);
    free(f);

    f = fixture_new(false);
    push(f, TRANSPORT_OK, 403, camel);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_string_equal(e.code, "NoPermission.xxx");
    assert_string_equal(e.denied[API_DENIED_AUTH_ACTION], "ram:GetRole");
    assert_string_equal(e.denied[API_DENIED_NO_PERMISSION_TYPE],
                        "ExplicitDeny");
    assert_string_equal(e.denied[API_DENIED_POLICY_TYPE], "");
    free(f);

    /* No detail, or one that is not an object: nothing kept. */
    f = fixture_new(false);
    push(f, TRANSPORT_OK, 403, "{\"Code\":\"Forbidden.RAM\","
                               "\"AccessDeniedDetail\":\"x\"}");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    for (int i = 0; i < API_DENIED_COUNT; i++)
        assert_string_equal(e.denied[i], "");
    free(f);
}

/* DBS may answer "already activated" with Success "false" (a string or
 * a boolean): that is done, not refused.  Another ErrorCode with Success
 * "false" is still a refusal. */
static void test_dbs_already_with_success_false(void **state)
{
    static const char *const bodies[] = {
        "{\"Data\":\"null\",\"RequestId\":\"B1\",\"Success\":\"false\","
        "\"ErrorCode\":\"EntityAlreadyExists.Role\",\"ErrMessage\":\"x\"}",
        "{\"RequestId\":\"B2\",\"Success\":false,"
        "\"ErrorCode\":\"EntityAlreadyExists.Role\"}",
        "{\"RequestId\":\"B3\",\"Success\":\"true\","
        "\"ErrorCode\":\"EntityAlreadyExists.Role\"}",
    };
    struct api_dbs_init d;
    struct api_error e;

    (void)state;
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        struct fixture *f = fixture_new(false);

        push(f, TRANSPORT_OK, 200, bodies[i]);
        assert_int_equal(api_init_dbs(&f->c, &d, &e), 0);
        assert_true(d.already);
        assert_string_equal(d.error_code, "EntityAlreadyExists.Role");
        api_dbs_init_free(&d);
        free(f);
    }
    {
        struct fixture *f = fixture_new(false);

        push(f, TRANSPORT_OK, 200, "{\"RequestId\":\"B4\",\"Success\":"
                                   "\"false\",\"ErrorCode\":"
                                   "\"LimitExceeded.Role\"}");
        assert_int_equal(api_init_dbs(&f->c, &d, &e), -1);
        assert_int_equal(e.kind, API_ERR_CLOUD);
        assert_string_equal(e.code, "LimitExceeded.Role");
        free(f);
    }
}

/* x-acs-retry-after sets the wait (in ms, as the SDKs read it); a value
 * that is not a number is ignored (the usual backoff); a wait past the
 * call's deadline ends the call with the refusal. */
static void test_retry_after_sets_the_wait(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push_after(f, 400, throttled, "25");
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), 0);
    assert_non_null(strstr(log_text, "retry GetRole |Throttling.User||"
                                     "|wait=25|asked\n"));
    api_role_result_free(&r);
    free(f);

    f = fixture_new(false);
    push_after(f, 400, throttled, "soon");
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), 0);
    assert_null(strstr(log_text, "|asked"));
    assert_non_null(strstr(log_text, "retry GetRole |Throttling.User|"));
    api_role_result_free(&r);
    free(f);

    /* More than the whole call may take: the refusal is the answer. */
    f = fixture_new(false);
    f->c.timeout_ms = 5000;
    push_after(f, 400, throttled, "60000");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_string_equal(e.code, "Throttling.User");
    assert_int_equal(f->script.used, 1);
    assert_int_equal(e.attempts, 1);
    free(f);

    /* Far more than any sane wait is capped at 120 s -- still past this
     * deadline, and no overflow turns it into a short one. */
    f = fixture_new(false);
    f->c.timeout_ms = 5000;
    push_after(f, 400, throttled, "99999999999999999999999");
    assert_int_equal(api_get_role(&f->c, "X", &r, &e), -1);
    assert_int_equal(f->script.used, 1);
    free(f);
}

/* A rate limit is refused before any work, so even a create (not safe
 * to repeat) is sent again after one, whatever its status; other 5xx
 * codes stay ambiguous for it, the busy ones included. */
static void test_throttled_create_is_resent(void **state)
{
    static const char *const throttles[] = {
        "{\"Code\":\"Throttling.Api\"}",
        "{\"Code\":\"ServiceUnavailable.Throttling\"}",
        "{\"Code\":\"Request.Throttling\"}",
    };
    static const char *const busy[] = {
        "{\"Code\":\"ServiceBusy\"}", "{\"Code\":\"SystemBusy\"}",
        "{\"Code\":\"UnknownError\"}",
    };
    struct api_role_result r;
    struct api_error e;

    (void)state;
    for (size_t i = 0; i < sizeof(throttles) / sizeof(throttles[0]); i++) {
        struct fixture *f = fixture_new(false);

        push(f, TRANSPORT_OK, 503, throttles[i]);
        push(f, TRANSPORT_OK, 200, role_body);
        assert_int_equal(api_create_service_linked_role(
            &f->c, "polardb.aliyuncs.com", NULL, NULL, &r, &e), 0);
        assert_int_equal(f->script.used, 2);
        api_role_result_free(&r);
        free(f);
    }
    for (size_t i = 0; i < sizeof(busy) / sizeof(busy[0]); i++) {
        struct fixture *f = fixture_new(false);

        push(f, TRANSPORT_OK, 503, busy[i]);
        assert_int_equal(api_create_service_linked_role(
            &f->c, "polardb.aliyuncs.com", NULL, NULL, &r, &e), -1);
        assert_int_equal(e.kind, API_ERR_AMBIGUOUS);
        assert_int_equal(f->script.used, 1);
        free(f);

        /* The same code to a call safe to repeat is retried. */
        f = fixture_new(false);
        push(f, TRANSPORT_OK, 503, busy[i]);
        push(f, TRANSPORT_OK, 200, role_body);
        assert_int_equal(api_get_role(&f->c, "X", &r, &e), 0);
        assert_int_equal(f->script.used, 2);
        api_role_result_free(&r);
        free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unusable_answer_names_action),
        cmocka_unit_test(test_status_outside_api_range),
        cmocka_unit_test(test_create_bad_answers_are_ambiguous),
        cmocka_unit_test(test_idempotent_5xx_still_retried),
        cmocka_unit_test(test_timeout_bounds_the_retries),
        cmocka_unit_test(test_unreachable_creds_are_network),
        cmocka_unit_test(test_wrong_types_are_refused),
        cmocka_unit_test(test_tolerated_types_still_read),
        cmocka_unit_test(test_access_denied_detail_read),
        cmocka_unit_test(test_dbs_already_with_success_false),
        cmocka_unit_test(test_retry_after_sets_the_wait),
        cmocka_unit_test(test_throttled_create_is_resent),
    };

    return cmocka_run_group_tests_name("api_answers", tests, NULL, NULL);
}
