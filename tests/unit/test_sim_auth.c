/* Tests for src/sim: who may send what.
 *
 * Requests in every shape the client and the official SDKs send must be
 * accepted (V3 and V1, query and form body, unencoded marks), and every
 * tampering must be caught with the documented code, the server's string
 * to sign shown on a mismatch. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cloud/sign.h"
#include "sim_fixture.h"

/* --- helpers -------------------------------------------------------------- */

/* Replaces the first occurrence of from in s (same length or shorter). */
static void replace_in(char *s, const char *from, const char *to)
{
    char *p = strstr(s, from);
    size_t fl = strlen(from), tl = strlen(to);

    assert_non_null(p);
    assert_true(tl <= fl);
    memcpy(p, to, tl);
    memmove(p + tl, p + fl, strlen(p + fl) + 1);
}

static void replace_all(char *s, const char *from, const char *to)
{
    while (strstr(s, from))
        replace_in(s, from, to);
}

/* The V3 string to sign the client computed for headers it sent. */
static void client_v3_sts(const char *method, const char *const *params,
                          const struct kvlist *sent, const char *body,
                          struct buf *sts)
{
    struct kvlist query, headers;
    struct sign_v3_input in;
    struct buf canonical;
    char hash[65];

    kvlist_init(&query);
    kvlist_init(&headers);
    buf_init(&canonical, BODY_MAX);
    fill_params(&query, params);
    for (size_t i = 0; i < sent->count; i++)
        if (strcmp(sent->items[i].key, "Authorization") != 0)
            assert_int_equal(kvlist_add(&headers, sent->items[i].key,
                                        sent->items[i].value), 0);
    assert_int_equal(sign_sha256_hex(body ? body : "",
                                     body ? strlen(body) : 0, hash), 0);
    in.method = method;
    in.uri = "/";
    in.query = &query;
    in.headers = &headers;
    in.payload_hash = hash;
    assert_int_equal(sign_v3_canonical_request(&canonical, NULL, &in), 0);
    assert_int_equal(sign_v3_string_to_sign(sts, buf_str(&canonical)), 0);
    kvlist_free(&query);
    kvlist_free(&headers);
    buf_free(&canonical);
}

/* --- accepted ------------------------------------------------------------- */

static void v3_signed_request_is_accepted(void **state)
{
    struct fx *f = *state;
    struct reply r;

    simple_call(f, "GetCallerIdentity", STS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "Account");
    reply_free(&r);
}

static void v3_get_request_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .method = "GET", .action = "GetCallerIdentity",
                      .version = STS };
    struct reply r;

    v3_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
}

static void v3_capitalised_host_header_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    for (size_t i = 0; i < headers.count; i++)
        if (strcmp(headers.items[i].key, "host") == 0)
            headers.items[i].key[0] = 'H';
    assert_non_null(kvlist_get(&headers, "Host"));
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void v3_form_body_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .form = "ServiceName=polardb.aliyuncs.com&"
                              "Description=From%20a%20form%20body" };
    struct reply r;

    v3_call(f, &c, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", POLARDB_ROLE);
    assert_jstr(&r, "Role.Description", "From a form body");
    reply_free(&r);
}

static void v1_query_get_and_post_are_accepted(void **state)
{
    struct fx *f = *state;
    struct call get = { .method = "GET", .action = "GetCallerIdentity",
                        .version = STS };
    struct call post = { .method = "POST", .action = "GetRole",
                         .version = RAM,
                         .params = (const char *const[]){
                             "RoleName", POLARDB_ROLE, NULL } };
    struct reply r;

    v1_call(f, &get, &r);
    assert_ok(&r);
    assert_jstr(&r, "Arn", "acs:ram::" ACCT ":root");
    reply_free(&r);
    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    v1_call(f, &post, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", POLARDB_ROLE);
    reply_free(&r);
}

static void v1_form_body_like_pop_core_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = (const char *const[]){
                          "ServiceName", "hdr.aliyuncs.com",
                          "CustomSuffix", "pop-core",
                          "Description", "Made by (pop-core) *style*",
                          NULL } };
    struct kvlist all, headers;
    struct buf body;
    struct reply r;

    kvlist_init(&all);
    kvlist_init(&headers);
    buf_init(&body, BODY_MAX);
    v1_params(f, &c, "JSON", &all);
    v1_sign("POST", KEY_SECRET, &all, &body, NULL);
    assert_int_equal(kvlist_add(&headers, "Host", HOST), 0);
    assert_int_equal(kvlist_add(&headers, "Content-Type",
                                "application/x-www-form-urlencoded"), 0);
    assert_int_equal(kvlist_add(&headers, "x-acs-action", c.action), 0);
    send_raw(f, "POST", "http://" HOST "/", &headers, buf_str(&body), &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", "AliyunServiceRoleForHDR_pop-core");
    assert_jstr(&r, "Role.Description", "Made by (pop-core) *style*");
    reply_free(&r);
    kvlist_free(&all);
    kvlist_free(&headers);
    buf_free(&body);
}

static void typed_sdk_unencoded_marks_are_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = (const char *const[]){
                          "ServiceName", "hdr.aliyuncs.com",
                          "CustomSuffix", "typed",
                          "Description", "it's (really) *fine*!",
                          NULL } };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    /* What the typed clients put on the wire. */
    replace_all(url.data, "%2A", "*");
    replace_all(url.data, "%27", "'");
    replace_all(url.data, "%28", "(");
    replace_all(url.data, "%29", ")");
    replace_all(url.data, "%21", "!");
    url.len = strlen(url.data);
    assert_non_null(strstr(buf_str(&url), "it's%20(really)%20*fine*!"));
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Description", "it's (really) *fine*!");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void typed_sdk_v1_lower_case_format_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS,
                      .params = (const char *const[]){
                          "Extra", "a*b(c)'d!", NULL } };
    struct kvlist all;
    struct buf query, url;
    struct reply r;

    kvlist_init(&all);
    buf_init(&query, BODY_MAX);
    buf_init(&url, BODY_MAX);
    v1_params(f, &c, "json", &all);
    v1_sign("POST", KEY_SECRET, &all, &query, NULL);
    replace_all(query.data, "%2A", "*");
    replace_all(query.data, "%28", "(");
    replace_all(query.data, "%29", ")");
    replace_all(query.data, "%27", "'");
    replace_all(query.data, "%21", "!");
    assert_int_equal(buf_printf(&url, "http://" HOST "/?%s", query.data),
                     BUF_OK);
    send_raw(f, "POST", buf_str(&url), NULL, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "Account");
    reply_free(&r);
    kvlist_free(&all);
    buf_free(&query);
    buf_free(&url);
}

static void demo_key_serves_an_account_without_owner_keys(void **state)
{
    struct fx *f = fx_make(NULL, false);
    struct call c = { .action = "GetCallerIdentity", .version = STS,
                      .key_id = SIM_DEMO_ACCESS_KEY_ID,
                      .secret = SIM_DEMO_ACCESS_KEY_SECRET };
    struct reply r;

    (void)state;
    v3_call(f, &c, &r);
    assert_ok(&r);
    assert_jstr(&r, "AccountId", ACCT);
    reply_free(&r);
    fx_free(f);
}

static void demo_key_is_refused_once_owner_keys_exist(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS,
                      .key_id = SIM_DEMO_ACCESS_KEY_ID,
                      .secret = SIM_DEMO_ACCESS_KEY_SECRET };
    struct reply r;

    v3_call(f, &c, &r);
    assert_error(&r, 404, "InvalidAccessKeyId.NotFound");
    assert_jstr(&r, "Message", "Specified access key is not found.");
    reply_free(&r);
}

/* --- refused -------------------------------------------------------------- */

static void tampered_param_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = polardb };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    replace_in(url.data, "polardb", "polardc");
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void added_param_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = polardb };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    assert_int_equal(buf_adds(&url, "&CustomSuffix=x"), BUF_OK);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void tampered_header_is_refused(void **state)
{
    static const char *const names[] = {
        "x-acs-signature-nonce", "x-acs-action", "x-acs-version",
        "x-acs-content-sha256", "host"
    };
    struct fx *f = *state;

    for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS };
        struct kvlist headers;
        struct buf url;
        struct reply r;
        bool changed = false;

        kvlist_init(&headers);
        buf_init(&url, BODY_MAX);
        v3_build(f, &c, &url, &headers);
        for (size_t i = 0; i < headers.count; i++)
            if (strcmp(headers.items[i].key, names[n]) == 0) {
                headers.items[i].value[0] ^= 1;
                changed = true;
            }
        assert_true(changed);
        send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
        /* A changed action or version names another API; the signature
         * is still what catches it. */
        assert_error_code(&r, 400, "SignatureDoesNotMatch");
        reply_free(&r);
        kvlist_free(&headers);
        buf_free(&url);
    }
}

static void tampered_date_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist headers;
    struct buf url;
    struct reply r;
    char *date;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    date = (char *)(uintptr_t)kvlist_get(&headers, "x-acs-date");
    assert_non_null(date);
    /* One second off: still inside the window, so only the signature
     * can tell. */
    date[18] = date[18] == '0' ? '1' : (char)(date[18] - 1);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void tampered_body_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "DeleteServiceLinkedRole", .version = RM,
                      .form = "RoleName=AliyunServiceRoleForPolarDB" };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    send_raw(f, "POST", buf_str(&url), &headers,
             "RoleName=AliyunServiceRoleForPolarDC", &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void wrong_secret_v3_shows_server_string_to_sign(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = polardb, .secret = "not-the-secret" };
    struct kvlist headers;
    struct buf url, sts, want;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    buf_init(&sts, BODY_MAX);
    buf_init(&want, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    client_v3_sts("POST", polardb, &headers, NULL, &sts);
    assert_true(strncmp(buf_str(&sts), "ACS3-HMAC-SHA256\n", 17) == 0);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    assert_int_equal(buf_printf(&want, "%s%s", MISMATCH_PREFIX,
                                buf_str(&sts)), BUF_OK);
    assert_jstr(&r, "Message", buf_str(&want));
    assert_jstr(&r, "Recommend", "https://api.aliyun.com/troubleshoot?q="
                "SignatureDoesNotMatch&product=ResourceManager");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
    buf_free(&sts);
    buf_free(&want);
}

static void wrong_secret_v1_shows_server_string_to_sign(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist all;
    struct buf query, url, sts, want;
    struct reply r;

    kvlist_init(&all);
    buf_init(&query, BODY_MAX);
    buf_init(&url, BODY_MAX);
    buf_init(&sts, BODY_MAX);
    buf_init(&want, BODY_MAX);
    v1_params(f, &c, "JSON", &all);
    v1_sign("GET", "wrong", &all, &query, &sts);
    assert_true(strncmp(buf_str(&sts), "GET&%2F&AccessKeyId%3Dtestid", 28) ==
                0);
    assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                buf_str(&query)), BUF_OK);
    send_raw(f, "GET", buf_str(&url), NULL, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    assert_int_equal(buf_printf(&want, "%s%s", MISMATCH_PREFIX,
                                buf_str(&sts)), BUF_OK);
    assert_jstr(&r, "Message", buf_str(&want));
    reply_free(&r);
    kvlist_free(&all);
    buf_free(&query);
    buf_free(&url);
    buf_free(&sts);
    buf_free(&want);
}

static void v1_method_is_part_of_the_signature(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist all;
    struct buf query, url;
    struct reply r;

    kvlist_init(&all);
    buf_init(&query, BODY_MAX);
    buf_init(&url, BODY_MAX);
    v1_params(f, &c, "JSON", &all);
    v1_sign("GET", KEY_SECRET, &all, &query, NULL);
    assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                buf_str(&query)), BUF_OK);
    send_raw(f, "POST", buf_str(&url), NULL, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    assert_true(strstr(jstr(r.json, "Message"), "is:POST&%2F&") != NULL);
    reply_free(&r);
    kvlist_free(&all);
    buf_free(&query);
    buf_free(&url);
}

static void unknown_key_is_not_found(void **state)
{
    struct fx *f = *state;
    struct call v3 = { .action = "GetCallerIdentity", .version = STS,
                       .key_id = "LTAInobody" };
    struct reply r;

    v3_call(f, &v3, &r);
    assert_error(&r, 404, "InvalidAccessKeyId.NotFound");
    assert_jstr(&r, "Message", "Specified access key is not found.");
    reply_free(&r);
    v1_call(f, &v3, &r);
    assert_error(&r, 404, "InvalidAccessKeyId.NotFound");
    reply_free(&r);
}

static void missing_authorization_pieces_are_incomplete(void **state)
{
    struct fx *f = *state;
    static const char *const cuts[][2] = {
        { "Credential=testid,", "" },
        { "SignedHeaders=", "Signed=" },
        { ",Signature=", ",Sig=" },
        { "ACS3-HMAC-SHA256 ", "ACS3-HMAC-SHA256" },
        /* host signed no more: a request could be sent anywhere. */
        { "SignedHeaders=host;", "SignedHeaders=" },
    };

    for (size_t n = 0; n <= sizeof(cuts) / sizeof(cuts[0]); n++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS };
        struct kvlist headers;
        struct buf url;
        struct reply r;
        char *auth;

        kvlist_init(&headers);
        buf_init(&url, BODY_MAX);
        v3_build(f, &c, &url, &headers);
        auth = (char *)(uintptr_t)kvlist_get(&headers, "Authorization");
        assert_non_null(auth);
        if (n < sizeof(cuts) / sizeof(cuts[0]))
            replace_in(auth, cuts[n][0], cuts[n][1]);
        else
            kvlist_del(&headers, "Authorization");
        send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
        assert_error(&r, 400, "IncompleteSignature");
        assert_jstr(&r, "Message", "The request signature does not conform "
                    "to Aliyun standards.");
        reply_free(&r);
        kvlist_free(&headers);
        buf_free(&url);
    }
}

static void unsigned_security_header_is_incomplete(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    kvlist_del(&headers, "x-acs-signature-nonce");
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "IncompleteSignature");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void v1_missing_parameters_are_incomplete(void **state)
{
    static const char *const drop[] = {
        "AccessKeyId", "SignatureNonce", "SignatureMethod",
        "SignatureVersion"
    };
    struct fx *f = *state;

    for (size_t n = 0; n < sizeof(drop) / sizeof(drop[0]); n++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS };
        struct kvlist all;
        struct buf query, url;
        struct reply r;

        kvlist_init(&all);
        buf_init(&query, BODY_MAX);
        buf_init(&url, BODY_MAX);
        v1_params(f, &c, "JSON", &all);
        assert_int_equal(kvlist_del(&all, drop[n]), 1);
        v1_sign("GET", KEY_SECRET, &all, &query, NULL);
        assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                    buf_str(&query)), BUF_OK);
        send_raw(f, "GET", buf_str(&url), NULL, NULL, &r);
        assert_error(&r, 400, "IncompleteSignature");
        reply_free(&r);
        kvlist_free(&all);
        buf_free(&query);
        buf_free(&url);
    }
}

static void unknown_action_is_not_found(void **state)
{
    struct fx *f = *state;
    struct reply r;

    simple_call(f, "CreateRole", RM, NULL, &r);
    assert_error(&r, 404, "InvalidAction.NotFound");
    assert_jstr(&r, "Message", "Specified api is not found, please check "
                "your url and method.");
    reply_free(&r);
    simple_call(f, "GetCallerIdentity", "2099-01-01", NULL, &r);
    assert_error(&r, 404, "InvalidAction.NotFound");
    reply_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(v3_signed_request_is_accepted),
        T(v3_get_request_is_accepted),
        T(v3_capitalised_host_header_is_accepted),
        T(v3_form_body_is_accepted),
        T(v1_query_get_and_post_are_accepted),
        T(v1_form_body_like_pop_core_is_accepted),
        T(typed_sdk_unencoded_marks_are_accepted),
        T(typed_sdk_v1_lower_case_format_is_accepted),
        cmocka_unit_test(demo_key_serves_an_account_without_owner_keys),
        T(demo_key_is_refused_once_owner_keys_exist),
        T(tampered_param_is_refused),
        T(added_param_is_refused),
        T(tampered_header_is_refused),
        T(tampered_date_is_refused),
        T(tampered_body_is_refused),
        T(wrong_secret_v3_shows_server_string_to_sign),
        T(wrong_secret_v1_shows_server_string_to_sign),
        T(v1_method_is_part_of_the_signature),
        T(unknown_key_is_not_found),
        T(missing_authorization_pieces_are_incomplete),
        T(unsigned_security_header_is_incomplete),
        T(v1_missing_parameters_are_incomplete),
        T(unknown_action_is_not_found),
    };

    return cmocka_run_group_tests_name("sim_auth", tests, NULL, NULL);
}
