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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unusable_answer_names_action),
    };

    return cmocka_run_group_tests_name("api_answers", tests, NULL, NULL);
}
