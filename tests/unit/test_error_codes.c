/* Unit tests for cloud/errors and app/hints on the codes the cloud really
 * answers with (issue 10): the gateway's Forbidden.RAM and every other
 * Forbidden.* and NoPermission.* code are permission errors,
 * MissingSecurityToken a credentials one, and the busy codes and any code
 * containing Throttling (as the SDKs decide) are retried. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "app/hints.h"
#include "cloud/errors.h"
#include "core/buf.h"

#define BIG (1u << 16)

#define PERMISSION_LEAD "Your RAM user or role is not allowed to make " \
    "this call: ask an administrator to "

/* A create of PolarDB's role, as the create screen would pass it. */
static const struct hints_context full_ctx = {
    .action = "CreateServiceLinkedRole",
    .service_name = "polardb.aliyuncs.com",
    .role_name = "AliyunServiceRoleForPolarDB",
    .message = "User not authorized to operate on the specified resource."
};

/* Two slots used in turn, so one assertion can compare two hints. */
static char slots[2][4096];
static int next_slot;

static const char *hint(const char *code, const struct hints_context *ctx)
{
    char *text = slots[next_slot];
    struct buf b;

    next_slot = !next_slot;
    buf_init(&b, BIG);
    assert_int_equal(hints_for(&b, code, ctx), 0);
    assert_true(buf_len(&b) < sizeof slots[0]);
    memcpy(text, buf_str(&b), buf_len(&b) + 1);
    buf_free(&b);
    return text;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("\"%s\" does not contain \"%s\"", haystack, needle);
}

/* Every Forbidden.* and NoPermission.* code is RAM saying no, with the
 * same hint (naming the action to grant) and a policy; the credentials
 * exceptions stay credentials errors. */
static void test_forbidden_families(void **state)
{
    static const char *const codes[] = {
        "Forbidden.RAM", "Forbidden.NoPermission", "NoPermission.xxx",
        "NoPermission.Role", "Forbidden.Whatever.Deeper"
    };

    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_int_equal(errors_classify(codes[i]), ERRORS_PERMISSION);
        assert_string_equal(hint(codes[i], &full_ctx),
                            PERMISSION_LEAD "grant "
                            "ram:CreateServiceLinkedRole (condition "
                            "ram:ServiceName = polardb.aliyuncs.com).");
    }
    assert_string_equal(errors_family("Forbidden.RAM"), "Forbidden");
    assert_string_equal(errors_family("NoPermission.xxx"), "NoPermission");
    assert_int_equal(errors_classify("Forbidden.AccessKeyDisabled"),
                     ERRORS_CREDENTIALS);
    assert_string_not_equal(hint("Forbidden.AccessKeyDisabled", NULL),
                            hint("Forbidden.RAM", NULL));
}

/* STS keys without their token: the key is at fault, exit 3. */
static void test_missing_security_token(void **state)
{
    (void)state;
    assert_int_equal(errors_classify("MissingSecurityToken"),
                     ERRORS_CREDENTIALS);
    assert_contains(hint("MissingSecurityToken", NULL),
                    "ALIBABA_CLOUD_SECURITY_TOKEN");
    assert_false(errors_throttled("MissingSecurityToken"));
}

/* The SDKs' rule: "Throttling" anywhere in the code is a rate limit,
 * retried, even for a call not safe to repeat. */
static void test_throttling_anywhere(void **state)
{
    static const char *const codes[] = {
        "Throttling", "Throttling.User", "Throttling.Api",
        "Request.Throttling", "ServiceUnavailable.Throttling",
        "ThrottlingX", "Forbidden.Throttling"
    };

    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_int_equal(errors_classify(codes[i]), ERRORS_RETRYABLE);
        assert_true(errors_throttled(codes[i]));
        assert_string_equal(errors_family(codes[i]), "Throttling");
        assert_string_equal(hint(codes[i], NULL), hint("Throttling", NULL));
    }
    assert_false(errors_throttled("throttling"));
    assert_false(errors_throttled("ServiceUnavailable"));
    assert_false(errors_throttled("InternalError"));
    assert_false(errors_throttled(NULL));
    assert_false(errors_throttled(""));
}

/* The gateway's "try later" codes besides Throttling. */
static void test_busy_codes_retryable(void **state)
{
    static const char *const codes[] = {
        "UnknownError", "ServiceBusy", "SystemBusy"
    };

    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_int_equal(errors_classify(codes[i]), ERRORS_RETRYABLE);
        assert_false(errors_throttled(codes[i]));
        assert_contains(hint(codes[i], NULL), "retried");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forbidden_families),
        cmocka_unit_test(test_missing_security_token),
        cmocka_unit_test(test_throttling_anywhere),
        cmocka_unit_test(test_busy_codes_retryable),
    };

    return cmocka_run_group_tests_name("error_codes", tests, NULL, NULL);
}
