/* Tests for app/scrub and app/safe: what the use cases hand the front
 * ends is safe to print.  The scripted cloud of api_fixture echoes the
 * secret and the token in use (several times, behind JSON escapes) and
 * escape sequences in every field of every answer: no field a use case
 * returns may hold a control byte or a secret, in text or in the body
 * kept for -o json.  The scrubber's own cases are written so that
 * turning it off, masking only the first secret, or only the first copy
 * of one on a line, each fails here (issue 9). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "api_fixture.h"
#include "app/exit.h"
#include "app/explain.h"
#include "app/scrub.h"
#include "app/slr.h"
#include "cloud/transport.h"
#include "core/json.h"

/* The token as a JSON string may spell it: "/" escaped. */
#define TOKEN_ESCAPED "TokenValue\\/with+chars="
/* Terminal controls, as JSON escapes: a title change, BEL, clear screen,
 * and the C1 CSI. */
#define CONTROLS "\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m"
/* What a lying server puts in every field. */
#define HOSTILE CONTROLS "<" SECRET " " TOKEN_ESCAPED " " SECRET TOKEN ">"

static int setup(void **state)
{
    (void)state;
    scrub_remember(SECRET, TOKEN);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    scrub_forget();
    return 0;
}

/* s holds no control character (C0, DEL, C1), no secret and no token. */
static void assert_safe(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    assert_non_null(s);
    for (; *p; p++) {
        if (*p < 0x20 && *p != '\n')
            fail_msg("control byte 0x%02x in \"%s\"", *p, s);
        if (*p == 0x7f || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
            fail_msg("DEL or C1 control in \"%s\"", s);
    }
    if (strstr(s, SECRET) || strstr(s, TOKEN) || strstr(s, TOKEN_ESCAPED) ||
        strstr(s, "TopSecret") || strstr(s, "TokenValue"))
        fail_msg("a secret in \"%s\"", s);
}

/* A field that came through: safe, and still saying what it said. */
static void assert_safe_field(const char *s)
{
    assert_safe(s);
    assert_non_null(strstr(s, "pwned"));
    assert_non_null(strstr(s, "****"));
}

/* A body kept for -o json: still JSON, its controls escaped, no secret. */
static void assert_safe_body(const char *body)
{
    cJSON *root;

    assert_safe(body);
    root = cJSON_Parse(body);
    assert_non_null(root);
    cJSON_Delete(root);
    assert_non_null(strstr(body, "\\u001b]0;pwned"));
}

/* --- the scrubber ----------------------------------------------------- */

static void scrubbed(char *out, size_t size, const char *s)
{
    struct buf b;

    buf_init(&b, 1u << 16);
    assert_int_equal(scrub_text(&b, s), 0);
    snprintf(out, size, "%s", buf_str(&b));
    buf_free(&b);
}

static void test_scrub_masks_every_secret_and_every_copy(void **state)
{
    char out[1024];

    (void)state;
    /* The token first, then the secret: the second secret remembered
     * must be masked as well as the first. */
    scrubbed(out, sizeof(out), "a " TOKEN " b " SECRET " c");
    assert_string_equal(out, "a ********************** b "
                             "************************* c");
    /* Each secret twice on one line, and run together. */
    scrubbed(out, sizeof(out), SECRET "|" SECRET "|" TOKEN TOKEN);
    assert_safe(out);
    assert_string_equal(out, "*************************|"
                             "*************************|"
                             "********************************************");
    /* On every line, not only the first. */
    scrubbed(out, sizeof(out), "1 " SECRET "\n2 " SECRET "\n3 " TOKEN);
    assert_string_equal(out, "1 *************************\n"
                             "2 *************************\n"
                             "3 **********************");
}

/* Fields are cut to fit before they are scrubbed (a Code to 128 bytes):
 * what is left of a secret is masked as far as it goes, from 8
 * characters on. */
static void test_scrub_masks_a_secret_cut_short(void **state)
{
    char out[1024];

    (void)state;
    scrubbed(out, sizeof(out), "Code: <TopSecretVal: more");
    assert_string_equal(out, "Code: <************: more");
    scrubbed(out, sizeof(out), "A TokenVal B TokenVa C TopSecre");
    assert_string_equal(out, "A ******** B TokenVa C ********");
    /* The whole secret, then its beginning again, on one line. */
    scrubbed(out, sizeof(out), SECRET "TopSecretValue-01");
    assert_string_equal(out, "*************************"
                             "*****************");
}

static void test_scrub_secrets_only_masks(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 4096);
    assert_int_equal(scrub_secrets(&b, "\x1b[1m" SECRET "\t" TOKEN SECRET),
                     0);
    assert_string_equal(buf_str(&b), "\x1b[1m*************************\t"
                                     "**********************"
                                     "*************************");
    buf_free(&b);
}

static void test_scrub_json_masks_behind_escapes(void **state)
{
    const char *body = "{\"RequestId\":\"" HOSTILE "\",\"" SECRET
                       "\":[\"TokenValue\\u002fwith+chars=\"]}";
    struct buf b;

    (void)state;
    buf_init(&b, 1u << 16);
    assert_int_equal(scrub_json(&b, body), 0);
    assert_safe_body(buf_str(&b));
    /* Not JSON: made safe as text. */
    buf_reset(&b);
    assert_int_equal(scrub_json(&b, "<html>\x1b[2J" SECRET "</html>"), 0);
    assert_safe(buf_str(&b));
    buf_free(&b);
}

/* --- answers of the use cases ------------------------------------------ */

/* The same inside the trust policy, a JSON document in a JSON string:
 * its escapes escaped once more. */
#define INNER_HOSTILE "\\\\u001b]0;pwned\\\\u0007<" SECRET " " TOKEN ">"

static const char hostile_role[] =
    "{\"RequestId\":\"" HOSTILE "\",\"Role\":{"
    "\"RoleName\":\"AliyunServiceRoleForPolarDB" HOSTILE "\","
    "\"RoleId\":\"" HOSTILE "\",\"Arn\":\"acs:ram::1:role/" HOSTILE "\","
    "\"Description\":\"" HOSTILE "\",\"CreateDate\":\"" HOSTILE "\","
    "\"UpdateDate\":\"" HOSTILE "\",\"RolePrincipalName\":\"" HOSTILE "\","
    "\"LatestDeletionTask\":{\"DeletionTaskId\":\"" HOSTILE "\","
    "\"CreateDate\":\"" HOSTILE "\"},"
    "\"AssumeRolePolicyDocument\":\"{\\\"Statement\\\":[{\\\"Action\\\":"
    "\\\"sts:" SECRET "\\\",\\\"Principal\\\":{\\\"Service\\\":"
    "[\\\"" INNER_HOSTILE "\\\"]}}],\\\"Version\\\":\\\"" TOKEN
    "\\\"}\"}}";

static void assert_safe_role(const struct api_role_result *r)
{
    assert_safe_body(r->r.response);
    assert_safe_field(r->r.request_id);
    assert_safe_field(r->role.role_name);
    assert_safe_field(r->role.role_id);
    assert_safe_field(r->role.arn);
    assert_safe_field(r->role.description);
    assert_safe_field(r->role.create_date);
    assert_safe_field(r->role.update_date);
    assert_safe_field(r->role.role_principal_name);
    assert_safe_field(r->role.deletion_task_id);
    assert_safe_field(r->role.deletion_task_date);
    assert_safe(r->role.policy_document);
    assert_int_equal(r->role.trust.nservices, 1);
    assert_safe_field(r->role.trust.services[0]);
    assert_int_equal(r->role.trust.nactions, 1);
    assert_safe(r->role.trust.actions[0]);
    assert_safe(r->role.trust.pretty);
}

static void test_get_is_safe(void **state)
{
    struct fixture *f = fixture_new(true);
    struct api_role_result r;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, hostile_role);
    assert_int_equal(slr_get(&f->c, "AliyunServiceRoleForPolarDB", &r, &e),
                     0);
    assert_safe_role(&r);
    api_role_result_free(&r);
    free(f);
}

static void test_create_is_safe(void **state)
{
    struct fixture *f = fixture_new(true);
    struct slr_create_request req = { "polardb.aliyuncs.com", NULL, NULL,
                                      "AliyunServiceRoleForPolarDB", false };
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;

    (void)state;
    push(f, TRANSPORT_OK, 200, hostile_role);
    assert_int_equal(slr_create(&f->c, &req, &r, &outcome, &e), 0);
    assert_int_equal(outcome, SLR_CREATED);
    assert_safe_role(&r);
    api_role_result_free(&r);
    free(f);
}

static void test_list_is_safe(void **state)
{
    static const char page[] =
        "{\"RequestId\":\"" HOSTILE "\",\"IsTruncated\":false,\"Roles\":"
        "{\"Role\":[{\"RoleName\":\"" HOSTILE "\",\"Arn\":\"" HOSTILE "\","
        "\"RoleId\":\"" HOSTILE "\",\"Description\":\"" HOSTILE "\","
        "\"CreateDate\":\"" HOSTILE "\"}]}}";
    struct fixture *f = fixture_new(true);
    struct slr_role_list l;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, page);
    assert_int_equal(slr_list(&f->c, &l, &e), 0);
    assert_int_equal(l.count, 1);
    assert_safe_field(l.roles[0].role_name);
    assert_safe_field(l.roles[0].arn);
    assert_safe_field(l.roles[0].role_id);
    assert_safe_field(l.roles[0].description);
    assert_safe_field(l.roles[0].create_date);
    slr_role_list_free(&l);
    free(f);
}

static void test_deletion_is_safe(void **state)
{
    static const char started[] =
        "{\"RequestId\":\"" HOSTILE "\",\"DeletionTaskId\":\"task/" HOSTILE
        "\"}";
    static const char failed[] =
        "{\"RequestId\":\"" HOSTILE "\",\"Status\":\"" HOSTILE "\","
        "\"Reason\":{\"Message\":\"" HOSTILE "\",\"RoleUsages\":"
        "{\"RoleUsage\":[{\"Region\":\"" HOSTILE "\",\"Resources\":"
        "{\"Resource\":[\"" HOSTILE "\"]}}]}}}";
    struct fixture *f = fixture_new(true);
    struct slr_deletion d;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, started);
    push(f, TRANSPORT_OK, 200, failed);
    assert_int_equal(slr_delete_begin(&f->c, "R", &d, &e), 0);
    /* --no-wait prints this one. */
    assert_safe_field(d.last.task_id);
    assert_safe_body(d.last.r.response);
    assert_int_equal(slr_delete_poll(&f->c, &d, &e), 0);
    assert_int_equal(d.state, SLR_DELETION_FAILED);
    /* The poll asked for the task as the cloud named it. */
    assert_non_null(strstr(f->script.urls[1], "DeletionTaskId=task%2F"));
    assert_safe_field(d.last.status);
    assert_safe_field(d.last.reason);
    assert_int_equal(d.last.nusages, 1);
    assert_safe_field(d.last.usages[0]);
    assert_safe_field(d.last.r.request_id);
    assert_safe_body(d.last.r.response);
    slr_deletion_free(&d);
    free(f);
}

static void test_whoami_is_safe(void **state)
{
    static const char identity[] =
        "{\"RequestId\":\"" HOSTILE "\",\"IdentityType\":\"" HOSTILE "\","
        "\"AccountId\":\"" HOSTILE "\",\"UserId\":\"" HOSTILE "\","
        "\"RoleId\":\"" HOSTILE "\",\"PrincipalId\":\"" HOSTILE "\","
        "\"Arn\":\"acs:ram::1:assumed-role/" HOSTILE "\"}";
    struct fixture *f = fixture_new(true);
    struct api_identity id;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, identity);
    assert_int_equal(slr_whoami(&f->c, &id, &e), 0);
    assert_safe_field(id.arn);
    assert_safe_field(id.account_id);
    assert_safe_field(id.user_id);
    assert_safe_field(id.role_id);
    assert_safe_field(id.principal_id);
    assert_safe_field(id.identity_type);
    assert_safe_field(id.r.request_id);
    assert_safe_body(id.r.response);
    api_identity_free(&id);
    free(f);
}

/* The template's fixed-size fields: scrubbed in place, cut back into
 * their room at a character's start; the language picked for people. */
static void test_template_is_safe(void **state)
{
    static const char body[] =
        "{\"RequestId\":\"" HOSTILE "\",\"ServiceLinkedRoleTemplate\":{"
        "\"ServiceName\":\"" HOSTILE "\",\"RoleNamePrefix\":\"" HOSTILE
        "\",\"SystemPolicyName\":\"" HOSTILE "\","
        "\"MultipleRolesAllowed\":true,\"RoleDescriptions\":{"
        "\"RoleDescription\":[{\"Language\":\"en\",\"Description\":\""
        HOSTILE "\"},{\"Language\":\"zh-CN\",\"Description\":\"zh "
        HOSTILE "\"}]}}}";
    struct fixture *f = fixture_new(true);
    struct api_slr_template t;
    struct api_error e;
    char big[2600];
    size_t n;

    (void)state;
    push(f, TRANSPORT_OK, 200, body);
    assert_int_equal(slr_template(&f->c, "x.aliyuncs.com", &t, &e), 0);
    assert_safe_field(t.service_name);
    assert_safe_field(t.role_name_prefix);
    assert_safe_field(t.system_policy_name);
    assert_safe_field(t.descriptions[0].description);
    assert_safe_field(slr_template_description(&t, LANG_ZH_CN));
    assert_non_null(strstr(slr_template_description(&t, LANG_ZH_CN), "zh "));
    assert_ptr_equal(slr_template_description(&t, LANG_EN),
                     t.descriptions[0].description);
    assert_safe_field(t.r.request_id);
    assert_safe_body(t.r.response);
    api_slr_template_free(&t);

    /* 1,250 two-byte characters and controls: longer than the room once
     * scrubbed, cut whole. */
    n = (size_t)snprintf(big, sizeof(big), "{\"ServiceLinkedRoleTemplate\":"
                         "{\"RoleNamePrefix\":\"P\",\"MultipleRolesAllowed\":"
                         "false,\"RoleDescriptions\":{\"RoleDescription\":"
                         "[{\"Language\":\"ja\",\"Description\":\"\\u001b");
    for (int i = 0; i < 1250 && n + 8 < sizeof(big); i++)
        n += (size_t)snprintf(big + n, sizeof(big) - n, "\xc3\xa9");
    snprintf(big + n, sizeof(big) - n, "\"}]}}}");
    push(f, TRANSPORT_OK, 200, big);
    assert_int_equal(slr_template(&f->c, "x.aliyuncs.com", &t, &e), 0);
    assert_safe(t.descriptions[0].description);
    n = strlen(t.descriptions[0].description);
    assert_true(n < sizeof(t.descriptions[0].description));
    assert_true(n > 1000);
    assert_true(((unsigned char)t.descriptions[0].description[n - 1] &
                 0xC0) == 0x80);
    /* No zh-CN and no en: nothing to show. */
    assert_null(slr_template_description(&t, LANG_ZH_CN));
    api_slr_template_free(&t);
    free(f);
}

static void test_dbs_is_safe(void **state)
{
    static const char already[] =
        "{\"RequestId\":\"" HOSTILE "\",\"Success\":\"true\","
        "\"ErrorCode\":\"EntityAlreadyExists.Role\",\"ErrMessage\":\""
        HOSTILE "\"}";
    static const char refused[] =
        "{\"RequestId\":\"" HOSTILE "\",\"Success\":\"false\","
        "\"ErrorCode\":\"" HOSTILE "\",\"ErrMessage\":\"" HOSTILE "\"}";
    struct fixture *f = fixture_new(true);
    struct api_dbs_init d;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, already);
    push(f, TRANSPORT_OK, 200, refused);
    assert_int_equal(slr_dbs_init(&f->c, &d, &e), 0);
    assert_true(d.already);
    assert_safe_field(d.err_message);
    assert_safe_field(d.r.request_id);
    assert_safe_body(d.r.response);
    api_dbs_init_free(&d);
    assert_int_equal(slr_dbs_init(&f->c, &d, &e), -1);
    assert_safe_field(e.code);
    assert_safe_field(e.message);
    assert_safe_field(e.request_id);
    free(f);
}

/* An error's Code, Message and RequestId, as every use case returns it. */
static void test_errors_are_safe(void **state)
{
    static const char refused[] =
        "{\"RequestId\":\"" HOSTILE "\",\"Code\":\"EntityNotExist.Role"
        HOSTILE "\",\"Message\":\"" HOSTILE "\",\"Recommend\":\"" HOSTILE
        "\",\"AccessDeniedDetail\":{\"AuthAction\":\"" HOSTILE "\","
        "\"AuthPrincipalDisplayName\":\"" HOSTILE "\"}}";
    struct fixture *f = fixture_new(true);
    struct slr_create_request req = { "polardb.aliyuncs.com", NULL, NULL,
                                      "AliyunServiceRoleForPolarDB", false };
    struct api_role_result r;
    struct api_identity id;
    struct api_role_page unused;
    struct slr_role_list l;
    struct slr_deletion d;
    struct api_error e;
    enum slr_outcome outcome;

    (void)state;
    (void)unused;
    for (int i = 0; i < 5; i++)
        push(f, TRANSPORT_OK, 404, refused);
    assert_int_equal(slr_get(&f->c, "R", &r, &e), -1);
    assert_safe_field(e.code);
    assert_safe_field(e.message);
    assert_safe_field(e.request_id);
    assert_safe_field(e.recommend);
    assert_safe_field(e.denied[API_DENIED_AUTH_ACTION]);
    assert_safe_field(e.denied[API_DENIED_PRINCIPAL_NAME]);
    assert_int_equal(slr_create(&f->c, &req, &r, &outcome, &e), -1);
    assert_safe_field(e.code);
    assert_safe_field(e.request_id);
    assert_int_equal(slr_list(&f->c, &l, &e), -1);
    assert_safe_field(e.code);
    assert_safe_field(e.request_id);
    assert_int_equal(slr_whoami(&f->c, &id, &e), -1);
    assert_safe_field(e.code);
    assert_safe_field(e.request_id);
    assert_int_equal(slr_delete_begin(&f->c, "R", &d, &e), -1);
    assert_safe_field(e.code);
    assert_safe_field(e.request_id);
    slr_deletion_free(&d);
    free(f);
}

/* --- a NUL in an answer (defect 15) ------------------------------------ */

static void test_nul_in_an_answer_is_refused_not_cut(void **state)
{
    static const char body[] =
        "{\"RequestId\":\"R\",\"Role\":{\"RoleName\":\"A\","
        "\"Arn\":\"acs:ram::1:role/a\",\"RoleId\":\"1\\u00002\"}}";
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;
    struct explanation x;

    (void)state;
    push(f, TRANSPORT_OK, 200, body);
    assert_int_equal(slr_get(&f->c, "A", &r, &e), -1);
    assert_int_equal(e.kind, API_ERR_RESPONSE);
    assert_int_equal(e.why, API_WHY_NOT_JSON);
    assert_int_equal(e.reason, JSON_REFUSAL_NUL);
    explain_init(&x);
    assert_int_equal(explain_error(&x, &e, NULL, "A"), EXIT_NETWORK);
    assert_non_null(strstr(buf_str(&x.line), "NUL character (\\u0000)"));
    explain_free(&x);
    free(f);
}

/* --- Recommend and AccessDeniedDetail, as both front ends show them --- */

/* The Recommend link is shown only when it is one to follow: https://,
 * printable, no space; AccessDeniedDetail is one line of Name=value in
 * the API's member order, and a diagnostic adds how to decode it. */
static void test_explain_recommend_and_denied(void **state)
{
    static const struct {
        const char *link;
        bool shown;
    } links[] = {
        { "https://api.aliyun.com/troubleshoot?q=Forbidden.RAM", true },
        { "http://api.aliyun.com/troubleshoot", false },
        { "javascript:alert(1)", false },
        { "https://", false },
        { "https://a b", false },
        { "https://a\x1b[31m", false },
        { "https://a\n\tlinkrole: forged", false },
        { "HTTPS://upper.example", false },
        { "", false },
    };
    struct explanation x;
    struct api_error e;

    (void)state;
    explain_init(&x);
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
        memset(&e, 0, sizeof(e));
        e.kind = API_ERR_CLOUD;
        snprintf(e.code, sizeof(e.code), "Forbidden.RAM");
        snprintf(e.action, sizeof(e.action), "GetRole");
        snprintf(e.recommend, sizeof(e.recommend), "%s", links[i].link);
        assert_int_equal(explain_error(&x, &e, NULL, NULL), EXIT_REFUSED);
        if (links[i].shown)
            assert_string_equal(x.e.recommend, links[i].link);
        else
            assert_string_equal(x.e.recommend, "");
        assert_int_equal(buf_len(&x.denied), 0);
    }

    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_CLOUD;
    snprintf(e.code, sizeof(e.code), "NoPermission.xxx");
    snprintf(e.action, sizeof(e.action), "CreateServiceLinkedRole");
    snprintf(e.denied[API_DENIED_AUTH_ACTION], sizeof(e.denied[0]),
             "ram:CreateServiceLinkedRole");
    snprintf(e.denied[API_DENIED_NO_PERMISSION_TYPE], sizeof(e.denied[0]),
             "ExplicitDeny");
    snprintf(e.denied[API_DENIED_PRINCIPAL_OWNER], sizeof(e.denied[0]),
             "1234");
    assert_int_equal(explain_error(&x, &e, "polardb.aliyuncs.com", NULL),
                     EXIT_REFUSED);
    assert_string_equal(buf_str(&x.denied),
                        "AuthAction=ram:CreateServiceLinkedRole, "
                        "NoPermissionType=ExplicitDeny, "
                        "AuthPrincipalOwnerId=1234");
    assert_non_null(strstr(buf_str(&x.hint), "ram:CreateServiceLinkedRole"));
    assert_null(strstr(buf_str(&x.hint), "DecodeDiagnosticMessage"));
    assert_true(buf_len(&x.policy) > 0);

    snprintf(e.denied[API_DENIED_DIAGNOSTIC], sizeof(e.denied[0]),
             "AQEAAAAA");
    explain_error(&x, &e, "polardb.aliyuncs.com", NULL);
    assert_non_null(strstr(buf_str(&x.denied),
                           ", EncodedDiagnosticMessage=AQEAAAAA"));
    assert_non_null(strstr(buf_str(&x.hint), "DecodeDiagnosticMessage"));

    /* MissingSecurityToken: a credentials error, exit 3. */
    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_CLOUD;
    snprintf(e.code, sizeof(e.code), "MissingSecurityToken");
    assert_int_equal(explain_error(&x, &e, NULL, NULL), EXIT_CREDENTIALS);
    explain_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scrub_masks_every_secret_and_every_copy),
        cmocka_unit_test(test_scrub_masks_a_secret_cut_short),
        cmocka_unit_test(test_scrub_secrets_only_masks),
        cmocka_unit_test(test_scrub_json_masks_behind_escapes),
        cmocka_unit_test(test_get_is_safe),
        cmocka_unit_test(test_create_is_safe),
        cmocka_unit_test(test_list_is_safe),
        cmocka_unit_test(test_deletion_is_safe),
        cmocka_unit_test(test_whoami_is_safe),
        cmocka_unit_test(test_dbs_is_safe),
        cmocka_unit_test(test_template_is_safe),
        cmocka_unit_test(test_errors_are_safe),
        cmocka_unit_test(test_nul_in_an_answer_is_refused_not_cut),
        cmocka_unit_test(test_explain_recommend_and_denied),
    };

    return cmocka_run_group_tests_name("safe", tests, setup, teardown);
}
