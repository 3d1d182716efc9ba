/* The exit code of a failed call (app/exit.h): a refusal is 1, a
 * request still throttled or failing with a server error after every
 * retry is 6 (busy, try again later). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/exit.h"

static int code_of(const char *code)
{
    struct api_error e;

    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_CLOUD;
    snprintf(e.code, sizeof(e.code), "%s", code);
    return exit_code_of(&e);
}

static void test_busy_codes_exit_6(void **state)
{
    static const char *const busy[] = {
        "Throttling", "Throttling.User", "Throttling.Api",
        "Request.Throttling", "ServiceUnavailable.Throttling",
        "ServiceUnavailable", "InternalError", "UnknownError",
        "ServiceBusy", "SystemBusy",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(busy) / sizeof(busy[0]); i++)
        assert_int_equal(code_of(busy[i]), EXIT_BUSY);
    assert_int_equal(EXIT_BUSY, 6);
}

static void test_refusals_stay_1(void **state)
{
    static const char *const refused[] = {
        "EntityNotExist.Role", "EntityAlreadyExists.Role", "Forbidden.RAM",
        "NoPermission", "InvalidParameter.CustomSuffix.NotAllowed",
        "SignatureNonceUsed", "", "SomethingNew",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        assert_int_equal(code_of(refused[i]), EXIT_REFUSED);
    assert_int_equal(code_of("InvalidAccessKeyId.NotFound"),
                     EXIT_CREDENTIALS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_busy_codes_exit_6),
        cmocka_unit_test(test_refusals_stay_1),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
