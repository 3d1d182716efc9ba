/* Tests for cloud/api's GetServiceLinkedRoleTemplate against a scripted
 * transport: the request, the template mapped into its struct, wrong
 * types and missing fields refused, retries as for any read, and no RAM
 * permission named for it. */
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
#include "cloud/errors.h"

/* The answer's shape, as the API page gives it. */
static const char polardb[] =
    "{\"RequestId\":\"T-1\",\"ServiceLinkedRoleTemplate\":{"
    "\"ServiceName\":\"polardb.aliyuncs.com\","
    "\"RoleNamePrefix\":\"AliyunServiceRoleForPolarDB\","
    "\"SystemPolicyName\":\"AliyunServiceRolePolicyForPolarDB\","
    "\"MultipleRolesAllowed\":false,"
    "\"RoleDescriptions\":{\"RoleDescription\":["
    "{\"Description\":\"PolarDB uses it\",\"Language\":\"en\"},"
    "{\"Description\":\"\\u4e91\\u6570\\u636e\\u5e93\",\"Language\":\"zh-CN\"},"
    "{\"Description\":\"PolarDB ja\",\"Language\":\"ja\"}]}}}";

static void test_template_mapped(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_slr_template t;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, polardb);
    assert_int_equal(api_get_slr_template(&f->c, "polardb.aliyuncs.com",
                                          &t, &e), 0);
    assert_string_equal(f->script.actions[0],
                        "GetServiceLinkedRoleTemplate");
    assert_string_equal(f->script.urls[0], "https://ram.aliyuncs.com/"
                        "?ServiceName=polardb.aliyuncs.com");
    assert_string_equal(t.r.request_id, "T-1");
    assert_string_equal(t.r.response, polardb);
    assert_string_equal(t.service_name, "polardb.aliyuncs.com");
    assert_string_equal(t.role_name_prefix, "AliyunServiceRoleForPolarDB");
    assert_string_equal(t.system_policy_name,
                        "AliyunServiceRolePolicyForPolarDB");
    assert_false(t.multiple_roles_allowed);
    assert_int_equal(t.ndescriptions, 3);
    assert_string_equal(api_slr_template_description(&t, "en"),
                        "PolarDB uses it");
    assert_string_equal(api_slr_template_description(&t, "zh-CN"),
                        "\xe4\xba\x91\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93");
    assert_string_equal(api_slr_template_description(&t, "ja"),
                        "PolarDB ja");
    assert_null(api_slr_template_description(&t, "fr"));
    api_slr_template_free(&t);
    assert_null(t.r.response);
    free(f);
}

/* "true" as a string (the XML-shaped gateways' booleans), descriptions
 * absent, and more descriptions than the room: the rest are dropped. */
static void test_template_tolerated_shapes(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_slr_template t;
    struct api_error e;
    char body[4096];
    size_t n;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"ServiceLinkedRoleTemplate\":{"
         "\"RoleNamePrefix\":\"AliyunServiceRoleForX\","
         "\"MultipleRolesAllowed\":\"true\"}}");
    assert_int_equal(api_get_slr_template(&f->c, "x.aliyuncs.com", &t, &e),
                     0);
    assert_true(t.multiple_roles_allowed);
    assert_int_equal(t.ndescriptions, 0);
    assert_string_equal(t.service_name, "");
    api_slr_template_free(&t);

    n = (size_t)snprintf(body, sizeof(body), "{\"ServiceLinkedRoleTemplate\":"
                         "{\"RoleNamePrefix\":\"P\",\"MultipleRolesAllowed\":"
                         "true,\"RoleDescriptions\":{\"RoleDescription\":[");
    for (int i = 0; i < API_SLR_TEMPLATE_LANGS + 3; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n,
                              "%s{\"Language\":\"l%d\",\"Description\":\"d\"}",
                              i ? "," : "", i);
    snprintf(body + n, sizeof(body) - n, "]}}}");
    push(f, TRANSPORT_OK, 200, body);
    assert_int_equal(api_get_slr_template(&f->c, "x.aliyuncs.com", &t, &e),
                     0);
    assert_int_equal(t.ndescriptions, API_SLR_TEMPLATE_LANGS);
    assert_string_equal(t.descriptions[API_SLR_TEMPLATE_LANGS - 1].language,
                        "l7");
    api_slr_template_free(&t);
    free(f);
}

#define PFX "\"RoleNamePrefix\":\"P\""
#define TPL(rest) "{\"ServiceLinkedRoleTemplate\":{" rest "}}"

static void test_template_wrong_types(void **state)
{
    static const struct {
        const char *body, *subject;
    } cases[] = {
        { "{\"ServiceLinkedRoleTemplate\":[]}", "ServiceLinkedRoleTemplate" },
        { TPL("\"RoleNamePrefix\":7,\"MultipleRolesAllowed\":true"),
          "ServiceLinkedRoleTemplate.RoleNamePrefix" },
        { TPL(PFX ",\"MultipleRolesAllowed\":1"),
          "ServiceLinkedRoleTemplate.MultipleRolesAllowed" },
        { TPL(PFX ",\"MultipleRolesAllowed\":\"yes\""),
          "ServiceLinkedRoleTemplate.MultipleRolesAllowed" },
        { TPL(PFX ",\"MultipleRolesAllowed\":true,\"SystemPolicyName\":{}"),
          "ServiceLinkedRoleTemplate.SystemPolicyName" },
        { TPL(PFX ",\"MultipleRolesAllowed\":true,\"RoleDescriptions\":[]"),
          "ServiceLinkedRoleTemplate.RoleDescriptions" },
        { TPL(PFX ",\"MultipleRolesAllowed\":true,\"RoleDescriptions\":"
              "{\"RoleDescription\":{}}"),
          "ServiceLinkedRoleTemplate.RoleDescriptions.RoleDescription" },
        { TPL(PFX ",\"MultipleRolesAllowed\":true,\"RoleDescriptions\":"
              "{\"RoleDescription\":[{\"Language\":\"en\"},\"x\"]}"),
          "ServiceLinkedRoleTemplate.RoleDescriptions.RoleDescription[1]" },
        { TPL(PFX ",\"MultipleRolesAllowed\":true,\"RoleDescriptions\":"
              "{\"RoleDescription\":[{\"Language\":\"en\","
              "\"Description\":false}]}"),
          "ServiceLinkedRoleTemplate.RoleDescriptions.RoleDescription[0]"
          ".Description" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fixture *f = fixture_new(false);
        struct api_slr_template t;
        struct api_error e;

        memset(&e, 0, sizeof(e));
        push(f, TRANSPORT_OK, 200, cases[i].body);
        assert_int_equal(api_get_slr_template(&f->c, "x", &t, &e), -1);
        assert_int_equal(e.kind, API_ERR_RESPONSE);
        assert_int_equal(e.why, API_WHY_WRONG_TYPE);
        assert_string_equal(e.subject, cases[i].subject);
        assert_null(t.r.response);
        free(f);
    }
}

/* No template, no prefix or no MultipleRolesAllowed: nothing to go by,
 * and "no suffix" is not guessed. */
static void test_template_missing(void **state)
{
    static const char *const bodies[] = {
        "{\"RequestId\":\"x\"}",
        TPL("\"MultipleRolesAllowed\":true"),
        TPL(PFX),
        TPL("\"RoleNamePrefix\":\"\",\"MultipleRolesAllowed\":false"),
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        struct api_slr_template t;
        struct api_error e;

        assert_int_equal(api_parse_slr_template(bodies[i], strlen(bodies[i]),
                                                &t, &e), -1);
        assert_int_equal(e.kind, API_ERR_RESPONSE);
        assert_int_equal(e.why, API_WHY_MISSING);
    }
}

/* A read like GetRole: throttling and a lost answer are retried. */
static void test_template_retried(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_slr_template t;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 400, throttled);
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    push(f, TRANSPORT_OK, 200, polardb);
    assert_int_equal(api_get_slr_template(&f->c, "polardb.aliyuncs.com",
                                          &t, &e), 0);
    assert_int_equal(f->script.used, 3);
    api_slr_template_free(&t);
    free(f);

    f = fixture_new(false);
    push(f, TRANSPORT_OK, 404, "{\"Code\":\"EntityNotExist.Service\","
         "\"Message\":\"The service does not exist.\",\"RequestId\":\"N\"}");
    assert_int_equal(api_get_slr_template(&f->c, "nope.aliyuncs.com", &t,
                                          &e), -1);
    assert_int_equal(e.kind, API_ERR_CLOUD);
    assert_string_equal(e.code, "EntityNotExist.Service");
    assert_string_equal(e.action, "GetServiceLinkedRoleTemplate");
    assert_int_equal(f->script.used, 1);
    free(f);
}

static void test_template_needs_no_permission(void **state)
{
    (void)state;
    assert_null(errors_ram_action("GetServiceLinkedRoleTemplate"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_template_mapped),
        cmocka_unit_test(test_template_tolerated_shapes),
        cmocka_unit_test(test_template_wrong_types),
        cmocka_unit_test(test_template_missing),
        cmocka_unit_test(test_template_retried),
        cmocka_unit_test(test_template_needs_no_permission),
    };

    return cmocka_run_group_tests_name("api_template", tests, NULL, NULL);
}
