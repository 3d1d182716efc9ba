/* Unit tests for cloud/errors: every code the seeds and the reference
 * document gets the right class and a hint an administrator can act on,
 * prefix rows cover their families only at a dot, permission errors name
 * the RAM action, and names from outside never reach the output raw. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app/hints.h"
#include "cloud/errors.h"
#include "core/buf.h"

#define BIG (1u << 16)

#define PERMISSION_LEAD "Your RAM user or role is not allowed to make " \
    "this call: ask an administrator to "

/* A hostile name: an escape sequence that would turn a terminal red, a
 * newline that would forge a second line, and a C1 CSI in UTF-8. */
#define HOSTILE "evil\x1b[31m\n\xc2\x9b.aliyuncs.com"
#define HOSTILE_SHOWN "evil??31m???.aliyuncs.com"

/* One documented code and the class it must have. */
struct code_case {
    const char *code;
    enum errors_class cls;
};

/* A context with every field set, as the create screen would pass it. */
static const struct hints_context full_ctx = {
    .action = "CreateServiceLinkedRole",
    .service_name = "polardb.aliyuncs.com",
    .role_name = "AliyunServiceRoleForPolarDB",
    .message = "Something went wrong."
};

/* Results live in two slots used in turn, so that one assertion can
 * compare the results of two calls. */
static char slots[2][4096];
static int next_slot;

static const char *keep(const struct buf *b)
{
    char *text = slots[next_slot];

    next_slot = !next_slot;
    assert_true(buf_len(b) < sizeof slots[0]);
    memcpy(text, buf_str(b), buf_len(b) + 1);
    return text;
}

/* The hint for code; valid until the second call after this one. */
static const char *hint(const char *code, const struct hints_context *ctx)
{
    const char *text;
    struct buf b;

    buf_init(&b, BIG);
    assert_int_equal(hints_for(&b, code, ctx), 0);
    text = keep(&b);
    buf_free(&b);
    return text;
}

/* The policy for an action, valid until the second call after this one;
 * fails the test unless errors_policy returns 0. */
static const char *policy(const char *action, const char *service)
{
    const char *text;
    struct buf b;

    buf_init(&b, BIG);
    assert_int_equal(errors_policy(&b, action, service), 0);
    text = keep(&b);
    buf_free(&b);
    return text;
}

/* Only printable ASCII: nothing a terminal would act on. */
static void assert_printable(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        assert_true(*p >= 0x20);
        assert_true(*p <= 0x7e);
    }
}

/* Printable ASCII plus the newlines and spaces of pretty JSON. */
static void assert_printable_json(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        assert_true((*p >= 0x20 && *p <= 0x7e) || *p == '\n');
    }
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("\"%s\" does not contain \"%s\"", haystack, needle);
}

/* --- every documented code ------------------------------------------ */

static void test_documented(void **state)
{
    const struct code_case *c = *state;
    const char *h;
    size_t len;

    assert_int_equal(errors_classify(c->code), c->cls);

    /* Without any context the hint must still stand on its own. */
    h = hint(c->code, NULL);
    len = strlen(h);
    assert_true(len > 20);
    assert_printable(h);
    assert_int_equal(h[len - 1], '.');

    h = hint(c->code, &full_ctx);
    len = strlen(h);
    assert_true(len > 20);
    assert_printable(h);
    assert_int_equal(h[len - 1], '.');
}

/* --- hints that use the context -------------------------------------- */

static void test_permission_create_names_action_and_service(void **state)
{
    static const char *const codes[] = {
        "NoPermission", "Forbidden", "Request.Forbidden"
    };

    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        assert_string_equal(hint(codes[i], &full_ctx),
                            PERMISSION_LEAD "grant "
                            "ram:CreateServiceLinkedRole (condition "
                            "ram:ServiceName = polardb.aliyuncs.com).");
}

static void test_permission_delete_names_service(void **state)
{
    struct hints_context ctx = {
        .action = "DeleteServiceLinkedRole",
        .service_name = "dbs.aliyuncs.com"
    };

    (void)state;
    assert_string_equal(hint("NoPermission", &ctx),
                        PERMISSION_LEAD "grant ram:DeleteServiceLinkedRole "
                        "(condition ram:ServiceName = dbs.aliyuncs.com).");
}

static void test_permission_dbs_init(void **state)
{
    struct hints_context ctx = {
        .action = "InitializeDbsServiceLinkedRole",
        .message = "Have no Permissions"
    };

    (void)state;
    assert_string_equal(hint("Request.Forbidden", &ctx),
                        PERMISSION_LEAD
                        "grant dbs:InitializeDbsServiceLinkedRole.");
}

/* The ram:ServiceName condition narrows only the two SLR actions. */
static void test_permission_get_role_has_no_condition(void **state)
{
    struct hints_context ctx = {
        .action = "GetRole",
        .service_name = "polardb.aliyuncs.com",
        .role_name = "AliyunServiceRoleForPolarDB"
    };

    (void)state;
    assert_string_equal(hint("Forbidden", &ctx),
                        PERMISSION_LEAD "grant ram:GetRole.");
}

static void test_permission_create_without_service(void **state)
{
    struct hints_context ctx = { .action = "CreateServiceLinkedRole" };

    (void)state;
    assert_string_equal(hint("NoPermission", &ctx),
                        PERMISSION_LEAD "grant ram:CreateServiceLinkedRole.");
    ctx.service_name = "";
    assert_string_equal(hint("NoPermission", &ctx),
                        PERMISSION_LEAD "grant ram:CreateServiceLinkedRole.");
}

static void test_permission_unknown_action(void **state)
{
    struct hints_context ctx = { .action = "DescribeRegions" };
    const char *expected = PERMISSION_LEAD "check the RAM policies "
                           "attached to it.";

    (void)state;
    assert_string_equal(hint("NoPermission", &ctx), expected);
    assert_string_equal(hint("NoPermission", NULL), expected);
    /* Needs no permission, so there is nothing to grant. */
    ctx.action = "GetCallerIdentity";
    assert_string_equal(hint("NoPermission", &ctx), expected);
}

static void test_exists_names_get_and_exist_ok(void **state)
{
    (void)state;
    assert_string_equal(hint("EntityAlreadyExists.Role", &full_ctx),
                        "The role already exists: `linkrole get "
                        "AliyunServiceRoleForPolarDB` shows it, or run "
                        "again with --exist-ok to accept it.");
}

static void test_exists_dbs_names_dbs_role(void **state)
{
    struct hints_context ctx = {
        .action = "InitializeDbsServiceLinkedRole",
        .message = "EntityAlreadyExists.Role : The role already exists:"
                   "AliyunServiceRoleForDBS\r\nRequestId : 73"
    };

    (void)state;
    assert_string_equal(hint("EntityAlreadyExists.Role", &ctx),
                        "The role already exists: `linkrole get "
                        "AliyunServiceRoleForDBS` shows it, or run "
                        "again with --exist-ok to accept it.");
}

static void test_exists_without_context(void **state)
{
    (void)state;
    assert_string_equal(hint("EntityAlreadyExists.Role", NULL),
                        "The role already exists: `linkrole get <role "
                        "name>` shows it, or run again with --exist-ok "
                        "to accept it.");
}

static void test_service_unknown_names_service(void **state)
{
    struct hints_context ctx = {
        .action = "CreateServiceLinkedRole",
        .service_name = "polardbx.aliyuncs.com"
    };

    (void)state;
    assert_string_equal(hint("EntityNotExist.Service", &ctx),
                        "Alibaba Cloud has no service named "
                        "polardbx.aliyuncs.com. Find the right name with "
                        "`linkrole services --search <word>`.");
}

static void test_role_missing_names_role(void **state)
{
    struct hints_context ctx = {
        .action = "GetRole",
        .role_name = "AliyunServiceRoleForPolarDb"
    };

    (void)state;
    assert_string_equal(hint("EntityNotExist.Role", &ctx),
                        "There is no role named AliyunServiceRoleForPolarDb "
                        "in this account. Check the name: `linkrole "
                        "services --search <word>` shows each service's "
                        "role name.");
}

static void test_not_slr_names_role(void **state)
{
    struct hints_context ctx = {
        .action = "DeleteServiceLinkedRole",
        .role_name = "my-app-role"
    };

    (void)state;
    assert_string_equal(hint("EntityNotExist.ServiceLinkedRole", &ctx),
                        "The role my-app-role exists but is not a "
                        "service-linked role, so DeleteServiceLinkedRole "
                        "cannot remove it. Delete it with RAM DeleteRole "
                        "(console or aliyun CLI) if you mean to.");
}

static void test_signature_mismatch(void **state)
{
    struct hints_context ctx = {
        .action = "GetCallerIdentity",
        .message = "Specified signature is not matched with our "
                   "calculation. server string to sign is:"
                   "POST&%2F&AccessKeyId%3DLTAI5tExampleKey"
    };
    const char *lead = "The AccessKeySecret does not match the AccessKeyId "
                       "(or the request was changed on the way).";
    const char *h;

    (void)state;
    assert_string_equal(hint("SignatureDoesNotMatch", NULL), lead);
    h = hint("SignatureDoesNotMatch", &ctx);
    assert_string_equal(h,
                        "The AccessKeySecret does not match the "
                        "AccessKeyId (or the request was changed on the "
                        "way). The server's message shows the string it "
                        "signed: if the secret is right, something on the "
                        "way (a proxy?) changed the request.");
    /* The server's string to sign is not copied into the hint. */
    assert_null(strstr(h, "POST&"));
    assert_null(strstr(h, "LTAI5tExampleKey"));
}

static void test_key_hints(void **state)
{
    (void)state;
    assert_string_equal(hint("InvalidParameter.CustomSuffix.NotAllowed",
                             &full_ctx),
                        "This service accepts no CustomSuffix: create its "
                        "role with the suffix left empty.");
    assert_contains(hint("InvalidParameter.Description.NotAllowed", NULL),
                    "leave the Description empty");
    assert_contains(hint("LimitExceeded.Role", NULL), "RAM role quota");
    assert_contains(hint("LimitExceeded.Role", NULL),
                    "service-linked roles count against");
    assert_contains(hint("InvalidTimeStamp.Expired", NULL),
                    "more than 15 minutes off UTC");
    assert_contains(hint("InvalidTimeStamp.Expired", NULL), "NTP");
    assert_contains(hint("Throttling", NULL), "Too many requests");
    assert_contains(hint("Throttling.User", NULL), "linkrole retried");
    assert_contains(hint("InvalidSecurityToken.Expired", NULL), "expired");
    assert_contains(hint("InvalidAccessKeyId.Inactive", NULL), "disabled");
    assert_contains(hint("Forbidden.AccessKeyDisabled", NULL), "disabled");
    assert_contains(hint("InvalidParameter.CustomSuffix.Length", NULL),
                    "64");
    assert_contains(hint("InvalidParameter.Description.Length", NULL),
                    "1024");
}

/* --- prefixes and unknown codes --------------------------------------- */

static void test_prefix_families(void **state)
{
    (void)state;
    assert_int_equal(errors_classify("Throttling.Whatever"),
                     ERRORS_RETRYABLE);
    assert_string_equal(hint("Throttling.Whatever", NULL),
                        hint("Throttling", NULL));
    assert_int_equal(errors_classify("Throttling.User.Burst"),
                     ERRORS_RETRYABLE);
    assert_int_equal(errors_classify("InvalidSecurityToken.Expired"),
                     ERRORS_CREDENTIALS);
    assert_int_equal(errors_classify("InvalidSecurityToken.SomethingNew"),
                     ERRORS_CREDENTIALS);
    assert_string_equal(hint("InvalidSecurityToken.SomethingNew", NULL),
                        hint("InvalidSecurityToken", NULL));
    assert_int_equal(errors_classify("InvalidAccessKeyId.Other"),
                     ERRORS_CREDENTIALS);
    assert_int_equal(errors_classify("MissingParameter.RoleName"),
                     ERRORS_INVALID_INPUT);
    assert_int_equal(errors_classify("InvalidParameter.Whatever"),
                     ERRORS_INVALID_INPUT);
    assert_int_equal(errors_classify("EntityNotExist.Policy"),
                     ERRORS_NOT_FOUND);
}

/* The longest prefix wins, so an unlisted CustomSuffix code still gets
 * the generic InvalidParameter hint, not nothing. */
static void test_prefix_longest_and_exact(void **state)
{
    (void)state;
    assert_int_equal(errors_classify("InvalidParameter.CustomSuffix.Other"),
                     ERRORS_INVALID_INPUT);
    assert_string_equal(hint("InvalidParameter.CustomSuffix.Other", NULL),
                        hint("InvalidParameter", NULL));
    /* Exact rows beat the family they belong to. */
    assert_string_not_equal(hint("InvalidSecurityToken.Expired", NULL),
                            hint("InvalidSecurityToken", NULL));
    assert_string_not_equal(hint("InvalidAccessKeyId.Inactive", NULL),
                            hint("InvalidAccessKeyId", NULL));
    assert_int_equal(errors_classify("EntityNotExist.Service"),
                     ERRORS_INVALID_INPUT);
    assert_int_equal(errors_classify("Forbidden.AccessKeyDisabled"),
                     ERRORS_CREDENTIALS);
}

/* A family is matched at a dot only, and codes are case-sensitive. */
static void test_prefix_needs_dot(void **state)
{
    static const char *const codes[] = {
        "Throttlin", "InvalidParameterX", "MissingParam",
        "InvalidSecurityTokenX", "throttling", "THROTTLING.USER",
        "EntityNotExistRole", "ForbiddenX", "NoPermissionX",
        "forbidden.RAM", "MissingSecurityTokenX", ".Forbidden"
    };

    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_int_equal(errors_classify(codes[i]), ERRORS_OTHER);
        assert_string_equal(hint(codes[i], &full_ctx), "");
    }
}

static void test_unknown_code(void **state)
{
    struct buf b;

    (void)state;
    assert_int_equal(errors_classify("Some.Brand.New.Code"), ERRORS_OTHER);
    assert_int_equal(errors_classify(""), ERRORS_OTHER);
    assert_int_equal(errors_classify(NULL), ERRORS_OTHER);

    buf_init(&b, BIG);
    assert_int_equal(buf_adds(&b, "before"), BUF_OK);
    assert_int_equal(hints_for(&b, "Some.Brand.New.Code", &full_ctx), 0);
    assert_int_equal(hints_for(&b, "", NULL), 0);
    assert_int_equal(hints_for(&b, NULL, NULL), 0);
    assert_string_equal(buf_str(&b), "before");
    buf_free(&b);
}

static void test_hint_appends(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, BIG);
    assert_int_equal(buf_adds(&b, "hint: "), BUF_OK);
    assert_int_equal(hints_for(&b, "InvalidParameter.RoleName.Length",
                                 NULL), 0);
    assert_string_equal(buf_str(&b),
                        "hint: A role name must be 1 to 64 characters.");
    buf_free(&b);
}

/* A hint that does not fit leaves the buffer as it was. */
static void test_hint_out_of_room(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 40);
    assert_int_equal(buf_adds(&b, "kept"), BUF_OK);
    assert_int_equal(hints_for(&b, "EntityAlreadyExists.Role", &full_ctx),
                     -1);
    assert_string_equal(buf_str(&b), "kept");
    assert_int_equal(hints_for(&b, "NoPermission", &full_ctx), -1);
    assert_string_equal(buf_str(&b), "kept");
    assert_int_equal(hints_for(&b, "LimitExceeded.Role", NULL), -1);
    assert_string_equal(buf_str(&b), "kept");
    buf_free(&b);
}

/* --- names from outside ----------------------------------------------- */

static void test_hostile_names_in_hints(void **state)
{
    struct hints_context ctx = {
        .action = "CreateServiceLinkedRole",
        .service_name = HOSTILE,
        .role_name = HOSTILE,
        .message = HOSTILE
    };
    static const char *const codes[] = {
        "NoPermission", "EntityNotExist.Service", "EntityAlreadyExists.Role",
        "EntityNotExist.Role", "EntityNotExist.ServiceLinkedRole",
        "SignatureDoesNotMatch", "InvalidParameter.CustomSuffix.NotAllowed"
    };
    const char *h;

    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        h = hint(codes[i], &ctx);
        assert_true(h[0] != '\0');
        assert_printable(h);
        assert_null(strchr(h, '\x1b'));
        assert_null(strchr(h, '\n'));
    }
    assert_string_equal(hint("NoPermission", &ctx),
                        PERMISSION_LEAD "grant ram:CreateServiceLinkedRole "
                        "(condition ram:ServiceName = " HOSTILE_SHOWN ").");
    assert_string_equal(hint("EntityNotExist.Service", &ctx),
                        "Alibaba Cloud has no service named "
                        HOSTILE_SHOWN ". Find the right name with "
                        "`linkrole services --search <word>`.");
    /* Nothing can break out of the backquoted command either. */
    ctx.role_name = "x` ; rm -rf ~ ; `";
    assert_string_equal(hint("EntityAlreadyExists.Role", &ctx),
                        "The role already exists: `linkrole get "
                        "x????rm?-rf??????` shows it, or run again with "
                        "--exist-ok to accept it.");
}

/* A name far longer than any real one is cut, not printed in full. */
static void test_long_name_is_cut(void **state)
{
    char name[300];
    struct hints_context ctx = { .action = "CreateServiceLinkedRole" };
    const char *h;

    (void)state;
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    ctx.service_name = name;
    h = hint("EntityNotExist.Service", &ctx);
    /* 96 characters of the name, then the mark that it was cut. */
    assert_non_null(strstr(h, "named aaaa"));
    assert_non_null(strstr(h, name + 300 - 1 - 96));
    assert_null(strstr(h, name + 300 - 1 - 97));
    assert_non_null(strstr(h, "a.... Find"));
}

static void test_hostile_name_in_policy(void **state)
{
    const char *p;
    cJSON *doc, *value;

    (void)state;
    p = policy("CreateServiceLinkedRole", HOSTILE);
    assert_printable_json(p);
    assert_null(strchr(p, '\x1b'));
    assert_contains(p, "\"ram:ServiceName\": \"" HOSTILE_SHOWN "\"");

    doc = cJSON_Parse(p);
    assert_non_null(doc);
    value = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(
                cJSON_GetArrayItem(
                    cJSON_GetObjectItemCaseSensitive(doc, "Statement"), 0),
                "Condition"),
            "StringEquals"),
        "ram:ServiceName");
    assert_true(cJSON_IsString(value));
    assert_string_equal(value->valuestring, HOSTILE_SHOWN);
    cJSON_Delete(doc);
}

/* --- RAM actions and policies ----------------------------------------- */

static void test_ram_actions(void **state)
{
    (void)state;
    assert_string_equal(errors_ram_action("CreateServiceLinkedRole"),
                        "ram:CreateServiceLinkedRole");
    assert_string_equal(errors_ram_action("DeleteServiceLinkedRole"),
                        "ram:DeleteServiceLinkedRole");
    assert_string_equal(
        errors_ram_action("GetServiceLinkedRoleDeletionStatus"),
        "ram:GetServiceLinkedRoleDeletionStatus");
    assert_string_equal(errors_ram_action("GetRole"), "ram:GetRole");
    assert_string_equal(errors_ram_action("ListRoles"), "ram:ListRoles");
    assert_string_equal(errors_ram_action("InitializeDbsServiceLinkedRole"),
                        "dbs:InitializeDbsServiceLinkedRole");
    assert_string_equal(errors_ram_action("AssumeRole"), "sts:AssumeRole");
    assert_null(errors_ram_action("GetCallerIdentity"));
    assert_null(errors_ram_action("DescribeRegions"));
    assert_null(errors_ram_action("createservicelinkedrole"));
    assert_null(errors_ram_action(""));
    assert_null(errors_ram_action(NULL));
}

static void test_policy_create_exact(void **state)
{
    (void)state;
    assert_string_equal(
        policy("CreateServiceLinkedRole", "polardb.aliyuncs.com"),
        "{\n"
        "  \"Version\": \"1\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"ram:CreateServiceLinkedRole\",\n"
        "      \"Resource\": \"*\",\n"
        "      \"Condition\": {\n"
        "        \"StringEquals\": {\n"
        "          \"ram:ServiceName\": \"polardb.aliyuncs.com\"\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n");
}

/* The DBS action takes no ServiceName, so no condition even if given. */
static void test_policy_dbs_exact(void **state)
{
    const char *expected =
        "{\n"
        "  \"Version\": \"1\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"dbs:InitializeDbsServiceLinkedRole\",\n"
        "      \"Resource\": \"*\"\n"
        "    }\n"
        "  ]\n"
        "}\n";

    (void)state;
    assert_string_equal(policy("InitializeDbsServiceLinkedRole", NULL),
                        expected);
    assert_string_equal(policy("InitializeDbsServiceLinkedRole",
                               "dbs.aliyuncs.com"), expected);
}

static void test_policy_delete_without_service(void **state)
{
    (void)state;
    assert_string_equal(policy("DeleteServiceLinkedRole", NULL),
                        "{\n"
                        "  \"Version\": \"1\",\n"
                        "  \"Statement\": [\n"
                        "    {\n"
                        "      \"Effect\": \"Allow\",\n"
                        "      \"Action\": \"ram:DeleteServiceLinkedRole\",\n"
                        "      \"Resource\": \"*\"\n"
                        "    }\n"
                        "  ]\n"
                        "}\n");
    assert_string_equal(policy("DeleteServiceLinkedRole", ""),
                        policy("DeleteServiceLinkedRole", NULL));
}

static void test_policy_parses_back(void **state)
{
    /* The first two take the ram:ServiceName condition. */
    static const char *const acts[] = {
        "CreateServiceLinkedRole", "DeleteServiceLinkedRole",
        "GetServiceLinkedRoleDeletionStatus", "GetRole", "ListRoles",
        "InitializeDbsServiceLinkedRole", "AssumeRole"
    };
    cJSON *doc, *statements, *st, *cond, *eq, *item;

    (void)state;
    doc = cJSON_Parse(policy("DeleteServiceLinkedRole",
                             "dbs.aliyuncs.com"));
    assert_non_null(doc);
    assert_true(cJSON_IsObject(doc));
    assert_int_equal(cJSON_GetArraySize(doc), 2);
    item = cJSON_GetObjectItemCaseSensitive(doc, "Version");
    assert_true(cJSON_IsString(item));
    assert_string_equal(item->valuestring, "1");

    statements = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
    assert_true(cJSON_IsArray(statements));
    assert_int_equal(cJSON_GetArraySize(statements), 1);
    st = cJSON_GetArrayItem(statements, 0);
    assert_true(cJSON_IsObject(st));
    assert_int_equal(cJSON_GetArraySize(st), 4);
    item = cJSON_GetObjectItemCaseSensitive(st, "Effect");
    assert_true(cJSON_IsString(item));
    assert_string_equal(item->valuestring, "Allow");
    item = cJSON_GetObjectItemCaseSensitive(st, "Action");
    assert_true(cJSON_IsString(item));
    assert_string_equal(item->valuestring, "ram:DeleteServiceLinkedRole");
    item = cJSON_GetObjectItemCaseSensitive(st, "Resource");
    assert_true(cJSON_IsString(item));
    assert_string_equal(item->valuestring, "*");

    cond = cJSON_GetObjectItemCaseSensitive(st, "Condition");
    assert_true(cJSON_IsObject(cond));
    assert_int_equal(cJSON_GetArraySize(cond), 1);
    eq = cJSON_GetObjectItemCaseSensitive(cond, "StringEquals");
    assert_true(cJSON_IsObject(eq));
    assert_int_equal(cJSON_GetArraySize(eq), 1);
    item = cJSON_GetObjectItemCaseSensitive(eq, "ram:ServiceName");
    assert_true(cJSON_IsString(item));
    assert_string_equal(item->valuestring, "dbs.aliyuncs.com");
    cJSON_Delete(doc);

    /* Every action with a permission yields a policy that parses. */
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
        doc = cJSON_Parse(policy(acts[i], "polardb.aliyuncs.com"));
        assert_non_null(doc);
        st = cJSON_GetArrayItem(
            cJSON_GetObjectItemCaseSensitive(doc, "Statement"), 0);
        item = cJSON_GetObjectItemCaseSensitive(st, "Action");
        assert_true(cJSON_IsString(item));
        assert_string_equal(item->valuestring, errors_ram_action(acts[i]));
        assert_int_equal(cJSON_GetArraySize(st), i < 2 ? 4 : 3);
        cJSON_Delete(doc);
    }
}

static void test_policy_not_applicable(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, BIG);
    assert_int_equal(buf_adds(&b, "kept"), BUF_OK);
    assert_int_equal(errors_policy(&b, "GetCallerIdentity", NULL), 1);
    assert_int_equal(errors_policy(&b, "GetCallerIdentity",
                                   "polardb.aliyuncs.com"), 1);
    assert_int_equal(errors_policy(&b, "DescribeRegions", NULL), 1);
    assert_int_equal(errors_policy(&b, NULL, NULL), 1);
    assert_string_equal(buf_str(&b), "kept");
    buf_free(&b);
}

static void test_policy_out_of_room(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 100);
    assert_int_equal(buf_adds(&b, "kept"), BUF_OK);
    assert_int_equal(errors_policy(&b, "CreateServiceLinkedRole",
                                   "polardb.aliyuncs.com"), -1);
    assert_string_equal(buf_str(&b), "kept");
    buf_free(&b);
}

#define CODE(code, cls) \
    { "hint: " code, test_documented, NULL, NULL, \
      &(struct code_case){ code, cls } }
#define TEST(name, fn) { name, fn, NULL, NULL, NULL }

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* The CreateServiceLinkedRole seed and services.md §A.2. */
        CODE("InvalidParameter.CustomSuffix.NotAllowed",
             ERRORS_INVALID_INPUT),
        CODE("InvalidParameter.CustomSuffix.InvalidChars",
             ERRORS_INVALID_INPUT),
        CODE("InvalidParameter.CustomSuffix.Length", ERRORS_INVALID_INPUT),
        CODE("InvalidParameter.Description.Length", ERRORS_INVALID_INPUT),
        CODE("InvalidParameter.Description.NotAllowed",
             ERRORS_INVALID_INPUT),
        CODE("EntityNotExist.Service", ERRORS_INVALID_INPUT),
        CODE("EntityAlreadyExists.Role", ERRORS_ALREADY_EXISTS),
        CODE("LimitExceeded.Role", ERRORS_OTHER),
        /* The DBS seed. */
        CODE("Request.Forbidden", ERRORS_PERMISSION),
        /* The reference's error table (aliyun-api.md §3, §4). */
        CODE("InvalidAccessKeyId", ERRORS_CREDENTIALS),
        CODE("InvalidAccessKeyId.NotFound", ERRORS_CREDENTIALS),
        CODE("InvalidAccessKeyId.Inactive", ERRORS_CREDENTIALS),
        CODE("Forbidden.AccessKeyDisabled", ERRORS_CREDENTIALS),
        CODE("SignatureDoesNotMatch", ERRORS_CREDENTIALS),
        CODE("IncompleteSignature", ERRORS_CREDENTIALS),
        CODE("InvalidSecurityToken.Expired", ERRORS_CREDENTIALS),
        CODE("InvalidSecurityToken.MismatchWithAccessKey",
             ERRORS_CREDENTIALS),
        CODE("InvalidSecurityToken.Malformed", ERRORS_CREDENTIALS),
        CODE("InvalidTimeStamp.Expired", ERRORS_CLOCK),
        CODE("IllegalTimestamp", ERRORS_CLOCK),
        CODE("SignatureNonceUsed", ERRORS_RETRYABLE),
        CODE("Throttling", ERRORS_RETRYABLE),
        CODE("Throttling.User", ERRORS_RETRYABLE),
        CODE("Throttling.Api", ERRORS_RETRYABLE),
        CODE("ServiceUnavailable", ERRORS_RETRYABLE),
        CODE("InternalError", ERRORS_RETRYABLE),
        CODE("NoPermission", ERRORS_PERMISSION),
        CODE("Forbidden", ERRORS_PERMISSION),
        CODE("EntityNotExist.Role", ERRORS_NOT_FOUND),
        CODE("EntityNotExist.ServiceLinkedRole", ERRORS_NOT_FOUND),
        CODE("InvalidParameter.RoleName.InvalidChars", ERRORS_INVALID_INPUT),
        CODE("InvalidParameter.RoleName.Length", ERRORS_INVALID_INPUT),
        CODE("InvalidAction.NotFound", ERRORS_OTHER),
        CODE("MissingParameter", ERRORS_INVALID_INPUT),
        CODE("InvalidParameter", ERRORS_INVALID_INPUT),

        TEST("permission: create names action and ram:ServiceName",
             test_permission_create_names_action_and_service),
        TEST("permission: delete names ram:ServiceName",
             test_permission_delete_names_service),
        TEST("permission: DBS init needs dbs:InitializeDbsServiceLinkedRole",
             test_permission_dbs_init),
        TEST("permission: GetRole has no ServiceName condition",
             test_permission_get_role_has_no_condition),
        TEST("permission: create without a service has no condition",
             test_permission_create_without_service),
        TEST("permission: unknown or free action asks to check policies",
             test_permission_unknown_action),
        TEST("exists: names `linkrole get <role>` and --exist-ok",
             test_exists_names_get_and_exist_ok),
        TEST("exists: DBS init names AliyunServiceRoleForDBS",
             test_exists_dbs_names_dbs_role),
        TEST("exists: without context shows a placeholder",
             test_exists_without_context),
        TEST("EntityNotExist.Service names the service and the search",
             test_service_unknown_names_service),
        TEST("EntityNotExist.Role names the role",
             test_role_missing_names_role),
        TEST("EntityNotExist.ServiceLinkedRole names the role",
             test_not_slr_names_role),
        TEST("SignatureDoesNotMatch: server string noted, not copied",
             test_signature_mismatch),
        TEST("key hints: suffix, description, quota, clock, throttling",
             test_key_hints),
        TEST("prefix: families map to their class and hint",
             test_prefix_families),
        TEST("prefix: longest wins, exact beats family",
             test_prefix_longest_and_exact),
        TEST("prefix: matched at a dot only, case-sensitive",
             test_prefix_needs_dot),
        TEST("unknown code: ERRORS_OTHER and no hint", test_unknown_code),
        TEST("hint appends to what the buffer holds", test_hint_appends),
        TEST("hint out of room leaves the buffer alone",
             test_hint_out_of_room),
        TEST("hostile names never reach a hint raw",
             test_hostile_names_in_hints),
        TEST("overlong names are cut in hints", test_long_name_is_cut),
        TEST("hostile service name never reaches the policy raw",
             test_hostile_name_in_policy),
        TEST("errors_ram_action maps every API action",
             test_ram_actions),
        TEST("policy: CreateServiceLinkedRole with a service, exact text",
             test_policy_create_exact),
        TEST("policy: InitializeDbsServiceLinkedRole, exact text",
             test_policy_dbs_exact),
        TEST("policy: DeleteServiceLinkedRole without a service",
             test_policy_delete_without_service),
        TEST("policy: parses back with cJSON", test_policy_parses_back),
        TEST("policy: GetCallerIdentity and unknown actions return 1",
             test_policy_not_applicable),
        TEST("policy out of room leaves the buffer alone",
             test_policy_out_of_room),
    };

    return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
