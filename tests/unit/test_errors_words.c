/* Tests for the words of a failed background call and of who the
 * credentials are (app/explain.c's verb, attempts and brief reason,
 * app/identity.c): the verb follows the class of the failure ("failed"
 * for server errors and rate limits, "refused" for refusals), the brief
 * reason names what to fix, and nothing that came from outside reaches
 * them raw. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/exit.h"
#include "app/explain.h"
#include "app/identity.h"
#include "cloud/transport.h"

static struct api_error cloud(const char *action, const char *code,
                              long status, int attempts)
{
    struct api_error e;

    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_CLOUD;
    snprintf(e.action, sizeof(e.action), "%s", action);
    snprintf(e.code, sizeof(e.code), "%s", code);
    e.http_status = status;
    e.attempts = attempts;
    return e;
}

static void brief_is(const struct api_error *e, const char *want)
{
    struct buf b;

    buf_init(&b, 4096);
    assert_int_equal(explain_brief(&b, e), BUF_OK);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void test_verb_by_class(void **state)
{
    struct api_error e;

    (void)state;
    e = cloud("ListRoles", "Throttling.User", 400, 4);
    assert_string_equal(explain_verb(&e), "failed");
    e = cloud("ListRoles", "InternalError", 500, 4);
    assert_string_equal(explain_verb(&e), "failed");
    e = cloud("ListRoles", "SomethingNew", 503, 1);
    assert_string_equal(explain_verb(&e), "failed");
    e = cloud("ListRoles", "NoPermission", 403, 1);
    assert_string_equal(explain_verb(&e), "refused");
    e = cloud("GetRole", "EntityNotExist.Role", 404, 1);
    assert_string_equal(explain_verb(&e), "refused");
    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_NETWORK;
    assert_string_equal(explain_verb(&e), "failed");
}

/* The CLI's line and the UI's title say the same. */
static void test_line_uses_verb_and_attempts(void **state)
{
    struct api_error e = cloud("CreateServiceLinkedRole", "Throttling.User",
                               400, 4);
    struct explanation x;

    (void)state;
    explain_init(&x);
    explain_error(&x, &e, NULL, NULL);
    assert_non_null(strstr(buf_str(&x.line),
                           "CreateServiceLinkedRole failed: Throttling.User"));
    assert_non_null(strstr(buf_str(&x.line), " (after 4 attempts)"));
    assert_string_equal(explain_title(&e), "failed");
    e = cloud("ListRoles", "NoPermission", 403, 1);
    explain_error(&x, &e, NULL, NULL);
    assert_non_null(strstr(buf_str(&x.line), "ListRoles refused: NoPermission"));
    assert_null(strstr(buf_str(&x.line), "after"));
    explain_free(&x);
}

static void test_brief(void **state)
{
    struct api_error e;

    (void)state;
    e = cloud("ListRoles", "NoPermission", 403, 1);
    brief_is(&e, "no ram:ListRoles permission");
    e = cloud("GetCallerIdentity", "SignatureDoesNotMatch", 400, 1);
    brief_is(&e, "wrong key (SignatureDoesNotMatch)");
    e = cloud("GetCallerIdentity", "InvalidAccessKeyId.NotFound", 404, 1);
    brief_is(&e, "wrong key (InvalidAccessKeyId.NotFound)");
    e = cloud("ListRoles", "Throttling.User", 400, 4);
    brief_is(&e, "throttled (Throttling.User)");
    e = cloud("ListRoles", "ServiceUnavailable", 503, 4);
    brief_is(&e, "server error (ServiceUnavailable)");
    e = cloud("GetCallerIdentity", "InvalidSecurityToken.Expired", 400, 1);
    brief_is(&e, "bad or expired token (InvalidSecurityToken.Expired)");
    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_NETWORK;
    e.why = API_WHY_TRANSPORT;
    e.reason = TRANSPORT_CONNECT;
    brief_is(&e, "offline");
    /* A hostile Code: no control byte reaches the header. */
    e = cloud("ListRoles", "Evil\x1b]52;c;x\x07", 400, 1);
    {
        struct buf b;

        buf_init(&b, 4096);
        assert_int_equal(explain_brief(&b, &e), BUF_OK);
        for (const char *p = buf_str(&b); *p; p++)
            assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
        buf_free(&b);
    }
}

static void words_are(const char *arn, const char *type, const char *want)
{
    struct api_identity id;
    struct buf b;
    char a[256], t[64];

    memset(&id, 0, sizeof(id));
    if (arn) {
        snprintf(a, sizeof(a), "%s", arn);
        id.arn = a;
    }
    if (type) {
        snprintf(t, sizeof(t), "%s", type);
        id.identity_type = t;
    }
    buf_init(&b, 4096);
    assert_int_equal(identity_words(&b, &id), BUF_OK);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void test_identity(void **state)
{
    char arn[400];

    (void)state;
    words_are("acs:ram::1234567890123456:user/alice", "RAMUser",
              "user alice");
    words_are("acs:ram::1234567890123456:assumed-role/Admin/ci-42",
              "AssumedRoleUser", "role Admin, session ci-42");
    words_are("acs:ram::1234567890123456:root", "Account", "root");
    words_are(NULL, "Account", "Account");
    words_are(NULL, NULL, "?");
    /* A huge name is cut. */
    snprintf(arn, sizeof(arn), "acs:ram::1:user/%0200d", 7);
    {
        struct api_identity id;
        struct buf b;

        memset(&id, 0, sizeof(id));
        id.arn = arn;
        buf_init(&b, 4096);
        assert_int_equal(identity_words(&b, &id), BUF_OK);
        assert_int_equal(buf_len(&b), 5 + IDENTITY_NAME_MAX + 3);
        buf_free(&b);
    }
}

/* Issue 15's two refusals of a request that never left: the words and
 * the exit code. */
static void test_not_sent_words(void **state)
{
    struct api_error e;
    struct explanation x;

    (void)state;
    explain_init(&x);
    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_USAGE;
    e.why = API_WHY_TOO_BIG_TO_SIGN;
    snprintf(e.action, sizeof(e.action), "CreateServiceLinkedRole");
    snprintf(e.subject, sizeof(e.subject), "CreateServiceLinkedRole");
    assert_int_equal(explain_error(&x, &e, NULL, NULL), EXIT_USAGE);
    assert_non_null(strstr(buf_str(&x.line),
                           "the CreateServiceLinkedRole request is too large "
                           "to sign (over 64 KiB with its parameters); "
                           "nothing was sent"));
    /* libcurl missing: what the loader said, and the package. */
    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_INTERNAL;
    e.why = API_WHY_TRANSPORT;
    e.reason = TRANSPORT_UNAVAILABLE;
    snprintf(e.action, sizeof(e.action), "GetRole");
    snprintf(e.detail, sizeof(e.detail), "libcurl.so.4: cannot open shared "
             "object file: No such file or directory");
    assert_int_equal(explain_error(&x, &e, NULL, NULL), EXIT_INTERNAL);
    assert_non_null(strstr(buf_str(&x.line),
                           "cannot load libcurl, which linkrole sends its "
                           "requests with: libcurl.so.4: cannot open shared "
                           "object file: No such file or directory (on "
                           "Debian and Ubuntu it is in the package "
                           "libcurl4)"));
    explain_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verb_by_class),
        cmocka_unit_test(test_line_uses_verb_and_attempts),
        cmocka_unit_test(test_brief),
        cmocka_unit_test(test_not_sent_words),
        cmocka_unit_test(test_identity),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
