/* Tests for src/sim: the unsigned endpoints, ECS metadata and a
 * credentials URI.
 *
 * Off until turned on, told apart by path, answered in plain text with
 * the status alone meaning something; each credentials fetch is a new
 * STS session a client can sign with, and IMDSv2 tokens follow the
 * account's clock. */
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

#include "core/clock.h"
#include "sim_fixture.h"

#define IMDS_HOST "http://100.100.100.200"
#define IMDS_TOKEN "/latest/api/token"
#define IMDS_ROLES "/latest/meta-data/ram/security-credentials/"
#define IMDS_ROLE "EcsInstanceRole"
#define IMDS_CREDS IMDS_ROLES IMDS_ROLE
#define TTL_HEADER "X-aliyun-ecs-metadata-token-ttl-seconds"
#define TOKEN_HEADER "X-aliyun-ecs-metadata-token"

/* --- helpers -------------------------------------------------------------- */

/* An unsigned request as a credentials client sends it: no signature,
 * ttl and token as headers when given. */
static void send_unsigned(struct fx *f, const char *method, const char *path,
                          const char *ttl, const char *token,
                          struct reply *r)
{
    struct kvlist headers;
    struct buf url;

    kvlist_init(&headers);
    buf_init(&url, 4096);
    assert_int_equal(buf_printf(&url, IMDS_HOST "%s", path), BUF_OK);
    if (ttl)
        assert_int_equal(kvlist_add(&headers, TTL_HEADER, ttl), 0);
    if (token)
        assert_int_equal(kvlist_add(&headers, TOKEN_HEADER, token), 0);
    send_any(f, method, buf_str(&url), &headers, NULL, r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void assert_status(const struct reply *r, long status)
{
    if (r->status != status)
        fail_msg("expected %ld, got %ld: %s", status, r->status, r->text);
}

/* A token from PUT /latest/api/token, which must succeed. */
static char *imds_token(struct fx *f, const char *ttl)
{
    struct reply r;
    char *token;

    send_unsigned(f, "PUT", IMDS_TOKEN, ttl, NULL, &r);
    assert_status(&r, 200);
    token = strdup(r.text);
    assert_non_null(token);
    reply_free(&r);
    return token;
}

/* Credentials from a metadata or credentials-URI answer. */
static void creds_of(const struct reply *r, struct sts_creds *out)
{
    assert_status(r, 200);
    assert_non_null(r->json);
    out->id = strdup(jstr(r->json, "AccessKeyId"));
    out->secret = strdup(jstr(r->json, "AccessKeySecret"));
    out->token = strdup(jstr(r->json, "SecurityToken"));
    assert_non_null(out->id);
    assert_non_null(out->secret);
    assert_non_null(out->token);
    assert_true(strncmp(out->id, "STS.", 4) == 0);
}

/* GetCallerIdentity signed with c, into r. */
static void whoami_with(struct fx *f, const struct sts_creds *c,
                        struct reply *r)
{
    struct call call = { .action = "GetCallerIdentity", .version = STS,
                         .key_id = c->id, .secret = c->secret,
                         .token = c->token };

    v3_call(f, &call, r);
}

static void assert_expires_in(const struct reply *r, const char *path,
                              time_t now, long seconds)
{
    time_t t;

    assert_non_null(jstr(r->json, path));
    t = clock_parse_utc(jstr(r->json, path));
    assert_true(t != (time_t)-1);
    if (t < now + seconds || t > now + seconds + 10)
        fail_msg("%s is %lld s away, not %ld", path,
                 (long long)(t - now), seconds);
}

/* --- the endpoints -------------------------------------------------------- */

static void unsigned_endpoints_are_off_by_default(void **state)
{
    static const char *const paths[] = {
        IMDS_ROLES, IMDS_CREDS, "/latest/meta-data/instance-id",
        "/credentials",
    };
    struct fx *f = *state;
    struct reply r;

    send_unsigned(f, "PUT", IMDS_TOKEN, "60", NULL, &r);
    assert_status(&r, 404);
    assert_string_equal(r.text, "Not Found\n");
    reply_free(&r);
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        send_unsigned(f, "GET", paths[i], NULL, NULL, &r);
        assert_status(&r, 404);
        /* Told apart by path, never taken for an unsigned RPC call. */
        assert_null(r.json);
        reply_free(&r);
    }
    /* Tries are counted even so: a test can see a client try. */
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_TOKEN), 1);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_ROLE_LIST), 1);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_CREDENTIALS), 1);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_CREDENTIALS_URI), 1);
    /* Other paths are still signed RPC. */
    send_any(f, "GET", IMDS_HOST "/latest", NULL, NULL, &r);
    assert_error_code(&r, 400, "IncompleteSignature");
    reply_free(&r);
}

static void imds_token_put_and_ttl_bounds(void **state)
{
    static const char *const bad[] = { "0", "21601", "-5", "60s", "", NULL };
    struct fx *f = *state;
    struct reply r;
    char *one, *two;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    one = imds_token(f, "1");
    two = imds_token(f, "21600");
    assert_true(strlen(one) >= 32);
    assert_true(strspn(one, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                            "vwxyz0123456789") == strlen(one));
    assert_string_not_equal(one, two);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        send_unsigned(f, "PUT", IMDS_TOKEN, bad[i], NULL, &r);
        assert_status(&r, 400);
        reply_free(&r);
    }
    send_unsigned(f, "GET", IMDS_TOKEN, "60", NULL, &r);
    assert_status(&r, 405);
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_TOKEN), 9);
    free(one);
    free(two);
}

static void imds_lists_the_role_and_nothing_else(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 200);
    assert_string_equal(r.text, IMDS_ROLE);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_ROLES "SomeOtherRole", NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS "/extra", NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    send_unsigned(f, "GET", "/latest/meta-data/ram/security-credentials",
                  NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    send_unsigned(f, "PUT", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 405);
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_ROLE_LIST), 2);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_CREDENTIALS), 2);
}

static void imds_credentials_have_the_documented_fields(void **state)
{
    static const char *const order[] = {
        "AccessKeyId", "AccessKeySecret", "Expiration", "SecurityToken",
        "LastUpdated", "Code",
    };
    struct fx *f = *state;
    struct sts_creds one, two;
    const cJSON *item;
    struct reply r;
    time_t now = sim_account_now(f->a);
    char *token;
    size_t i = 0;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    token = imds_token(f, "21600");
    send_unsigned(f, "GET", IMDS_CREDS, NULL, token, &r);
    creds_of(&r, &one);
    assert_jstr(&r, "Code", "Success");
    assert_expires_in(&r, "Expiration", now, 3600);
    assert_expires_in(&r, "LastUpdated", now, 0);
    cJSON_ArrayForEach(item, r.json) {
        assert_true(i < sizeof(order) / sizeof(order[0]));
        assert_string_equal(item->string, order[i++]);
    }
    assert_int_equal(i, sizeof(order) / sizeof(order[0]));
    reply_free(&r);
    /* Every fetch is a new session, so a refresh shows. */
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    creds_of(&r, &two);
    assert_string_not_equal(one.id, two.id);
    assert_string_not_equal(one.token, two.token);
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_CREDENTIALS), 2);
    sts_creds_free(&one);
    sts_creds_free(&two);
    free(token);
}

static void imds_credentials_sign_as_the_assumed_role(void **state)
{
    static const char prefix[] =
        "acs:ram::" ACCT ":assumed-role/" IMDS_ROLE "/i-";
    struct fx *f = *state;
    struct sts_creds creds;
    struct reply r;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    const char *arn, *role_id;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    creds_of(&r, &creds);
    reply_free(&r);
    whoami_with(f, &creds, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "AssumedRoleUser");
    assert_jstr(&r, "AccountId", ACCT);
    arn = jstr(r.json, "Arn");
    assert_non_null(arn);
    if (strncmp(arn, prefix, strlen(prefix)) != 0)
        fail_msg("unexpected Arn %s", arn);
    role_id = jstr(r.json, "RoleId");
    assert_non_null(role_id);
    assert_true(strspn(role_id, "0123456789") == strlen(role_id));
    reply_free(&r);
    /* V1 too, and with full rights. */
    c.key_id = creds.id;
    c.secret = creds.secret;
    c.token = creds.token;
    v1_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    c.action = "CreateServiceLinkedRole";
    c.version = RM;
    c.params = polardb;
    v3_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    sts_creds_free(&creds);
}

static void imds_v2_only_wants_a_valid_token(void **state)
{
    struct fx *f = *state;
    struct reply r;
    char *token, *brief;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_V2), 0);
    send_unsigned(f, "GET", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 401);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 401);
    reply_free(&r);
    token = imds_token(f, "60");
    brief = imds_token(f, "1");
    send_unsigned(f, "GET", IMDS_ROLES, NULL, token, &r);
    assert_status(&r, 200);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, token, &r);
    assert_status(&r, 200);
    assert_jstr(&r, "Code", "Success");
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, "not-a-token", &r);
    assert_status(&r, 401);
    reply_free(&r);
    /* Tokens expire by the account's clock. */
    sim_account_set_clock_offset(f->a, 2);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, brief, &r);
    assert_status(&r, 401);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, token, &r);
    assert_status(&r, 200);
    reply_free(&r);
    sim_account_set_clock_offset(f->a, 61);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, token, &r);
    assert_status(&r, 401);
    reply_free(&r);
    free(token);
    free(brief);
}

static void imds_both_answers_v1_but_checks_a_sent_token(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 200);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, "forged", &r);
    assert_status(&r, 401);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_ROLES, NULL, "forged", &r);
    assert_status(&r, 401);
    reply_free(&r);
}

static void imds_v1_only_refuses_the_token_put(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_V1), 0);
    send_unsigned(f, "PUT", IMDS_TOKEN, "21600", NULL, &r);
    assert_status(&r, 403);
    reply_free(&r);
    /* The client falls back to plain GETs, which are answered. */
    send_unsigned(f, "GET", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 200);
    assert_string_equal(r.text, IMDS_ROLE);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 200);
    assert_jstr(&r, "Code", "Success");
    reply_free(&r);
    /* No token was handed out, so a sent one is not looked at. */
    send_unsigned(f, "GET", IMDS_CREDS, NULL, "whatever", &r);
    assert_status(&r, 200);
    reply_free(&r);
}

static void metadata_role_setting_checks_and_turns_off(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assert_int_equal(sim_account_set_metadata_role(f->a, "", SIM_IMDS_BOTH),
                     -1);
    assert_int_equal(sim_account_set_metadata_role(f->a, "a b",
                                                   SIM_IMDS_BOTH), -1);
    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE, 7), -1);
    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_V2), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 401);
    reply_free(&r);
    assert_int_equal(sim_account_set_metadata_role(f->a, NULL,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
}

static void short_sessions_expire_and_refresh(void **state)
{
    static const char arn[] = "acs:ram::1111222233334444:role/deployer";
    struct fx *f = *state;
    struct sts_creds one, two;
    struct reply r;
    time_t now = sim_account_now(f->a);

    sim_account_set_session_seconds(f->a, 60);
    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    creds_of(&r, &one);
    assert_expires_in(&r, "Expiration", now, 60);
    reply_free(&r);
    whoami_with(f, &one, &r);
    assert_ok(&r);
    reply_free(&r);
    sim_account_set_clock_offset(f->a, 61);
    whoami_with(f, &one, &r);
    assert_error(&r, 400, "InvalidSecurityToken.Expired");
    reply_free(&r);
    /* A refresh is a new key, good for another 60 s of the moved clock. */
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    creds_of(&r, &two);
    assert_expires_in(&r, "Expiration", now + 61, 60);
    reply_free(&r);
    assert_string_not_equal(one.id, two.id);
    whoami_with(f, &two, &r);
    assert_ok(&r);
    reply_free(&r);
    /* AssumeRole without DurationSeconds follows the setting too. */
    assert_int_equal(sim_account_add_assumable_role(f->a, arn), 0);
    assume(f, arn, NULL, NULL, &r);
    assert_ok(&r);
    assert_expires_in(&r, "Credentials.Expiration", now + 61, 60);
    reply_free(&r);
    assume(f, arn, "900", NULL, &r);
    assert_expires_in(&r, "Credentials.Expiration", now + 61, 900);
    reply_free(&r);
    /* Out of range restores the default. */
    sim_account_set_session_seconds(f->a, 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_expires_in(&r, "Expiration", now + 61, 3600);
    reply_free(&r);
    sts_creds_free(&one);
    sts_creds_free(&two);
}

static void credentials_uri_enabled_and_disabled(void **state)
{
    static const char *const order[] = {
        "Code", "AccessKeyId", "AccessKeySecret", "SecurityToken",
        "Expiration",
    };
    struct fx *f = *state;
    struct sts_creds one, two;
    const cJSON *item;
    struct reply r;
    time_t now = sim_account_now(f->a);
    size_t i = 0;

    send_unsigned(f, "GET", "/credentials", NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    assert_int_equal(sim_account_enable_credentials_uri(f->a), 0);
    /* The metadata service stays off. */
    send_unsigned(f, "GET", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    send_unsigned(f, "GET", "/credentials", NULL, NULL, &r);
    creds_of(&r, &one);
    assert_jstr(&r, "Code", "Success");
    assert_expires_in(&r, "Expiration", now, 3600);
    cJSON_ArrayForEach(item, r.json) {
        assert_true(i < sizeof(order) / sizeof(order[0]));
        assert_string_equal(item->string, order[i++]);
    }
    assert_int_equal(i, sizeof(order) / sizeof(order[0]));
    reply_free(&r);
    send_unsigned(f, "GET", "/credentials?x=1", NULL, NULL, &r);
    creds_of(&r, &two);
    assert_string_not_equal(one.id, two.id);
    reply_free(&r);
    send_unsigned(f, "POST", "/credentials", NULL, NULL, &r);
    assert_status(&r, 405);
    reply_free(&r);
    send_unsigned(f, "GET", "/credentials/", NULL, NULL, &r);
    assert_error_code(&r, 400, "IncompleteSignature");
    reply_free(&r);
    whoami_with(f, &one, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "AssumedRoleUser");
    assert_jstr(&r, "Arn", "acs:ram::" ACCT ":assumed-role/"
                "linkrole-sim-credentials-uri/credentials-uri");
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_CREDENTIALS_URI), 4);
    sts_creds_free(&one);
    sts_creds_free(&two);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(unsigned_endpoints_are_off_by_default),
        T(imds_token_put_and_ttl_bounds),
        T(imds_lists_the_role_and_nothing_else),
        T(imds_credentials_have_the_documented_fields),
        T(imds_credentials_sign_as_the_assumed_role),
        T(imds_v2_only_wants_a_valid_token),
        T(imds_both_answers_v1_but_checks_a_sent_token),
        T(imds_v1_only_refuses_the_token_put),
        T(metadata_role_setting_checks_and_turns_off),
        T(short_sessions_expire_and_refresh),
        T(credentials_uri_enabled_and_disabled),
    };

    return cmocka_run_group_tests_name("sim_metadata", tests, NULL, NULL);
}
