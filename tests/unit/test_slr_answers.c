/* Tests for the use cases of src/app/slr.c against servers that answer
 * badly: a create answered with a 5xx or an unreadable 200 is checked
 * with GetRole before it is resent, a role found after a lost answer is
 * judged ours despite the cloud's clock being minutes off, paging that
 * repeats a Marker stops, and the words for these failures. */
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
#include "app/explain.h"
#include "app/slr.h"
#include "cloud/transport.h"

static const struct slr_create_request polardb = {
    "polardb.aliyuncs.com", NULL, NULL, "AliyunServiceRoleForPolarDB", false
};

/* --- list ------------------------------------------------------------- */

static void test_list_repeated_marker_stops(void **state)
{
    struct fixture *f = fixture_new(false);
    struct slr_role_list l;
    struct api_error e;
    struct explanation x;

    (void)state;
    push(f, TRANSPORT_OK, 200,
         "{\"IsTruncated\":true,\"Marker\":\"m1\",\"Roles\":{\"Role\":["
         "{\"RoleName\":\"A\"}]}}");
    push(f, TRANSPORT_OK, 200,
         "{\"IsTruncated\":true,\"Marker\":\"m2\",\"Roles\":{\"Role\":["
         "{\"RoleName\":\"B\"}]}}");
    /* Back to an earlier marker: a loop, not only a page repeated. */
    push(f, TRANSPORT_OK, 200,
         "{\"IsTruncated\":true,\"Marker\":\"m1\",\"Roles\":{\"Role\":["
         "{\"RoleName\":\"A\"}]}}");
    assert_int_equal(slr_list(&f->c, &l, &e), -1);
    assert_int_equal(f->script.used, 3);
    assert_int_equal(l.count, 0);
    assert_int_equal(e.kind, API_ERR_RESPONSE);
    assert_int_equal(e.why, API_WHY_MARKER_REPEATED);
    assert_string_equal(e.action, "ListRoles");
    explain_init(&x);
    assert_int_equal(explain_error(&x, &e, NULL, NULL), 4);
    assert_string_equal(buf_str(&x.line),
                        "ListRoles failed: page 3 of the answer repeats a "
                        "Marker given before, so the list would never end; "
                        "stopped");
    explain_free(&x);

    /* The same marker at once. */
    push(f, TRANSPORT_OK, 200,
         "{\"IsTruncated\":true,\"Marker\":\"m1\",\"Roles\":{\"Role\":[]}}");
    push(f, TRANSPORT_OK, 200,
         "{\"IsTruncated\":true,\"Marker\":\"m1\",\"Roles\":{\"Role\":[]}}");
    assert_int_equal(slr_list(&f->c, &l, &e), -1);
    assert_int_equal(f->script.used, 5);
    assert_int_equal(e.why, API_WHY_MARKER_REPEATED);
    free(f);
}

/* --- create ----------------------------------------------------------- */

/* The role is made, then the answer is a 5xx or unreadable: GetRole
 * finds it, and it is reported as made, once. */
static void test_create_bad_answer_checked(void **state)
{
    static const struct step answers[] = {
        { TRANSPORT_OK, 500, "{\"Code\":\"InternalError\"}" },
        { TRANSPORT_OK, 502, "<html>502 Bad Gateway</html>" },
        { TRANSPORT_OK, 504, "<html>504 Gateway Time-out</html>" },
        { TRANSPORT_OK, 200, "<html></html>" },
        { TRANSPORT_OK, 302, role_body },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
        struct fixture *f = fixture_new(false);
        struct slr_create_request req = polardb;
        struct api_role_result r;
        struct api_error e;
        enum slr_outcome outcome;

        req.exist_ok = true;
        push(f, answers[i].status, answers[i].http, answers[i].body);
        push(f, TRANSPORT_OK, 200, role_body);  /* GetRole */
        assert_int_equal(slr_create(&f->c, &req, &r, &outcome, &e), 0);
        assert_int_equal(f->script.used, 2);
        assert_string_equal(f->script.actions[1], "GetRole");
        assert_int_equal(outcome, SLR_CREATED);
        assert_true(r.created);
        api_role_result_free(&r);
        free(f);
    }
}

/* The fixture's clock says 03:04:05; the cloud's may be up to 15 minutes
 * off (signing still works): a role made "before" us by its clock is
 * still ours.  One made before that is not. */
static void test_create_lost_answer_clock_skew(void **state)
{
    static const struct {
        const char *created;
        bool ours;
    } cases[] = {
        { "2024-01-02T03:02:05Z", true },    /* the cloud 2 min behind */
        { "2024-01-02T02:50:05Z", true },    /* 14 min behind */
        { "2024-01-02T03:18:05Z", true },    /* 14 min ahead */
        { "2024-01-02T02:40:05Z", false },   /* before any skew allowed */
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fixture *f = fixture_new(false);
        struct api_role_result r;
        struct api_error e;
        enum slr_outcome outcome;
        char body[256];

        snprintf(body, sizeof(body),
                 "{\"RequestId\":\"G\",\"Role\":{\"RoleName\":"
                 "\"AliyunServiceRoleForPolarDB\",\"Arn\":\"acs:ram::1:role/x\","
                 "\"CreateDate\":\"%s\"}}", cases[i].created);
        push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
        push(f, TRANSPORT_OK, 200, body);
        if (cases[i].ours) {
            assert_int_equal(slr_create(&f->c, &polardb, &r, &outcome, &e),
                             0);
            assert_true(r.created);
            api_role_result_free(&r);
        } else {
            assert_int_equal(slr_create(&f->c, &polardb, &r, &outcome, &e),
                             -1);
            assert_string_equal(e.code, "EntityAlreadyExists.Role");
        }
        free(f);
    }
}

/* GetRole said the role was not there, the resend's answer was lost too:
 * the role found now is ours, however old its CreateDate looks. */
static void test_create_absent_then_found_is_ours(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;

    (void)state;
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    push(f, TRANSPORT_OK, 404, "{\"Code\":\"EntityNotExist.Role\"}");
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    push(f, TRANSPORT_OK, 200, old_role_body);
    assert_int_equal(slr_create(&f->c, &polardb, &r, &outcome, &e), 0);
    assert_int_equal(f->script.used, 4);
    assert_true(r.created);
    api_role_result_free(&r);
    free(f);
}

/* --- DBS -------------------------------------------------------------- */

static const char dbs_already[] =
    "{\"RequestId\":\"B\",\"Success\":\"true\",\"ErrorCode\":"
    "\"EntityAlreadyExists.Role\"}";

/* DBS made the role, then answered badly: GetRole finds it fresh, the
 * request is sent again (safe now) and its "already" is this run's. */
static void test_dbs_bad_answer_checked(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_dbs_init d;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 502, "<html>502 Bad Gateway</html>");
    push(f, TRANSPORT_OK, 200, role_body);
    push(f, TRANSPORT_OK, 200, dbs_already);
    assert_int_equal(slr_dbs_init(&f->c, &d, &e), 0);
    assert_int_equal(f->script.used, 3);
    assert_string_equal(f->script.actions[1], "GetRole");
    assert_non_null(strstr(f->script.urls[1],
                           "RoleName=AliyunServiceRoleForDBS"));
    assert_false(d.already);
    assert_string_equal(d.r.request_id, "B");
    api_dbs_init_free(&d);

    /* A role from long ago: activated before, truly. */
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    push(f, TRANSPORT_OK, 200, old_role_body);
    push(f, TRANSPORT_OK, 200, dbs_already);
    assert_int_equal(slr_dbs_init(&f->c, &d, &e), 0);
    assert_int_equal(f->script.used, 6);
    assert_true(d.already);
    api_dbs_init_free(&d);
    free(f);
}

/* --- words ------------------------------------------------------------ */

static void test_words_for_bad_answers(void **state)
{
    struct api_error e;
    struct explanation x;

    (void)state;
    explain_init(&x);
    memset(&e, 0, sizeof(e));
    snprintf(e.action, sizeof(e.action), "GetRole");
    e.kind = API_ERR_NETWORK;
    e.why = API_WHY_BAD_STATUS;
    e.http_status = 302;
    e.attempts = 1;
    snprintf(e.subject, sizeof(e.subject), "h:1");
    assert_int_equal(explain_error(&x, &e, NULL, NULL), 4);
    assert_string_equal(buf_str(&x.line), "GetRole failed: h:1 answered "
                        "with HTTP status 302, which the API never sends");

    memset(&e, 0, sizeof(e));
    snprintf(e.action, sizeof(e.action), "CreateServiceLinkedRole");
    e.kind = API_ERR_AMBIGUOUS;
    e.why = API_WHY_SERVER_ERROR;
    e.http_status = 500;
    snprintf(e.code, sizeof(e.code), "InternalError");
    snprintf(e.subject, sizeof(e.subject), "h:1");
    assert_int_equal(explain_error(&x, &e, NULL, NULL), 4);
    assert_string_equal(buf_str(&x.line), "CreateServiceLinkedRole failed: "
                        "h:1 answered HTTP 500 InternalError; the request "
                        "may have been carried out");
    assert_string_equal(x.json_code, "Linkrole.Ambiguous");
    explain_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_repeated_marker_stops),
        cmocka_unit_test(test_create_bad_answer_checked),
        cmocka_unit_test(test_create_lost_answer_clock_skew),
        cmocka_unit_test(test_create_absent_then_found_is_ours),
        cmocka_unit_test(test_dbs_bad_answer_checked),
        cmocka_unit_test(test_words_for_bad_answers),
    };

    return cmocka_run_group_tests_name("slr_answers", tests, NULL, NULL);
}
