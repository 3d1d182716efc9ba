/* Tests for how src/cloud/api.c judges answers that are not what the API
 * sends: a status outside 2xx/4xx/5xx, a 5xx or an unreadable 200 to a
 * call that is not safe to repeat (ambiguous, never resent here), an
 * error met after the answer came (it still names its action), and the
 * time limit carried through the retries. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unusable_answer_names_action),
        cmocka_unit_test(test_status_outside_api_range),
        cmocka_unit_test(test_create_bad_answers_are_ambiguous),
        cmocka_unit_test(test_idempotent_5xx_still_retried),
        cmocka_unit_test(test_timeout_bounds_the_retries),
        cmocka_unit_test(test_unreachable_creds_are_network),
    };

    return cmocka_run_group_tests_name("api_answers", tests, NULL, NULL);
}
