/* Tests for src/sim: permissions and identities.
 *
 * RAM users without a policy, GetCallerIdentity for the owner, a user and
 * an assumed role, and AssumeRole's sessions, whose keys must come with
 * their own token and stop working when they expire. */
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

#include "core/buf.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/kv.h"
#include "sim_fixture.h"

/* --- permissions and identities ------------------------------------------- */

static void ram_user_has_no_permission(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = polardb, .key_id = USER_ID,
                      .secret = USER_SECRET };
    struct reply r;

    v3_call(f, &c, &r);
    assert_error(&r, 403, "NoPermission");
    assert_jstr(&r, "Message", "You are not authorized to do this action. "
                "You should be authorized by RAM.");
    reply_free(&r);
    c.action = "ListRoles";
    c.version = RAM;
    c.params = NULL;
    v1_call(f, &c, &r);
    assert_error(&r, 403, "NoPermission");
    reply_free(&r);
    c.action = "InitializeDbsServiceLinkedRole";
    c.version = DBS;
    v3_call(f, &c, &r);
    assert_error(&r, 403, "Request.Forbidden");
    assert_jstr(&r, "Message", "Have no Permissions");
    reply_free(&r);
}

static void caller_identity_of_root_and_user(void **state)
{
    struct fx *f = *state;
    struct call user = { .action = "GetCallerIdentity", .version = STS,
                         .key_id = USER_ID, .secret = USER_SECRET };
    struct reply r;
    const char *uid;

    simple_call(f, "GetCallerIdentity", STS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "Account");
    assert_jstr(&r, "AccountId", ACCT);
    assert_jstr(&r, "UserId", ACCT);
    assert_jstr(&r, "PrincipalId", ACCT);
    assert_jstr(&r, "Arn", "acs:ram::" ACCT ":root");
    assert_null(jget(r.json, "RoleId"));
    reply_free(&r);
    v3_call(f, &user, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "RAMUser");
    assert_jstr(&r, "AccountId", ACCT);
    assert_jstr(&r, "Arn", "acs:ram::" ACCT ":user/alice");
    uid = jstr(r.json, "UserId");
    assert_non_null(uid);
    assert_true(strspn(uid, "0123456789") == strlen(uid));
    assert_jstr(&r, "PrincipalId", uid);
    reply_free(&r);
}

static void assume_role_then_call_with_sts_key(void **state)
{
    static const char arn[] = "acs:ram::1111222233334444:role/deployer";
    struct fx *f = *state;
    struct sts_creds creds;
    struct reply r;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    char *role_id;
    time_t now = sim_account_now(f->a);
    time_t expires;

    assert_int_equal(sim_account_add_assumable_role(f->a, arn), 0);
    assume(f, arn, NULL, &creds, &r);
    assert_true(strncmp(creds.id, "STS.", 4) == 0);
    assert_jstr(&r, "AssumedRoleUser.Arn",
                "acs:ram::1111222233334444:assumed-role/deployer/ci-run");
    assert_non_null(strstr(jstr(r.json, "AssumedRoleUser.AssumedRoleId"),
                           ":ci-run"));
    expires = clock_parse_utc(jstr(r.json, "Credentials.Expiration"));
    assert_true(expires != (time_t)-1);
    assert_true(expires >= now + 3600 && expires <= now + 3610);
    role_id = strdup(jstr(r.json, "AssumedRoleUser.AssumedRoleId"));
    assert_non_null(role_id);
    *strchr(role_id, ':') = '\0';
    reply_free(&r);

    c.key_id = creds.id;
    c.secret = creds.secret;
    c.token = creds.token;
    v3_call(f, &c, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "AssumedRoleUser");
    assert_jstr(&r, "AccountId", "1111222233334444");
    assert_jstr(&r, "RoleId", role_id);
    assert_jstr(&r, "Arn",
                "acs:ram::1111222233334444:assumed-role/deployer/ci-run");
    assert_null(jget(r.json, "UserId"));
    reply_free(&r);
    v1_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    /* A session has full rights. */
    c.action = "CreateServiceLinkedRole";
    c.version = RM;
    c.params = polardb;
    v3_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    free(role_id);
    sts_creds_free(&creds);
}

static void assume_role_of_the_account_and_refusals(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assume(f, "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb", NULL,
           NULL, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    create_role(f, polardb, &r);
    reply_free(&r);
    assume(f, "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb", "900",
           NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    assume(f, "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb", "899",
           NULL, &r);
    assert_error(&r, 400, "InvalidParameter.DurationSeconds");
    reply_free(&r);
    assume(f, "arn:aws:iam::1:role/x", NULL, NULL, &r);
    assert_error(&r, 400, "InvalidParameter.RoleArn");
    reply_free(&r);
    simple_call(f, "AssumeRole", STS, NULL, &r);
    assert_error(&r, 400, "MissingParameter.RoleArn");
    reply_free(&r);
}

static void sts_token_must_match_and_not_expire(void **state)
{
    static const char arn[] = "acs:ram::1111222233334444:role/deployer";
    struct fx *f = *state;
    struct sts_creds creds;
    struct reply r;
    struct call c = { .action = "GetCallerIdentity", .version = STS };

    assert_int_equal(sim_account_add_assumable_role(f->a, arn), 0);
    assume(f, arn, "900", &creds, &r);
    reply_free(&r);
    c.key_id = creds.id;
    c.secret = creds.secret;
    c.token = "CAISnot-the-token";
    v3_call(f, &c, &r);
    assert_error(&r, 400, "InvalidSecurityToken.MismatchWithAccessKey");
    reply_free(&r);
    c.token = NULL;
    v1_call(f, &c, &r);
    assert_error(&r, 400, "InvalidSecurityToken.MismatchWithAccessKey");
    reply_free(&r);
    c.token = creds.token;
    sim_account_set_clock_offset(f->a, 901);
    v3_call(f, &c, &r);
    assert_error(&r, 400, "InvalidSecurityToken.Expired");
    reply_free(&r);
    sts_creds_free(&creds);
}

/* --- AssumeRoleWithOIDC --------------------------------------------------- */

#define OIDC_ROLE "acs:ram::" ACCT ":role/rrsa"
#define OIDC_PROVIDER "acs:ram::" ACCT ":oidc-provider/ack"

/* An unsigned AssumeRoleWithOIDC with this token and provider. */
static void oidc_call(struct fx *f, const char *token, const char *provider,
                      struct reply *r)
{
    struct kvlist headers;
    struct buf body;

    kvlist_init(&headers);
    buf_init(&body, 1u << 16);
    assert_int_equal(kvlist_add(&headers, "Content-Type",
                                "application/x-www-form-urlencoded"), 0);
    assert_int_equal(buf_printf(&body, "RoleArn=%s&OIDCProviderArn=%s"
                                "&RoleSessionName=pod&OIDCToken=%s",
                                OIDC_ROLE, provider, token), BUF_OK);
    send_raw(f, "POST", "http://" HOST "/?Action=AssumeRoleWithOIDC"
             "&Version=" STS "&Format=JSON", &headers, buf_str(&body), r);
    kvlist_free(&headers);
    buf_free(&body);
}

static void assume_role_with_oidc(void **state)
{
    struct fx *f = *state;
    struct reply r;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    char path[128], *data = NULL;
    size_t len = 0;
    FILE *fp;

    assert_int_equal(sim_account_add_assumable_role(f->a, OIDC_ROLE), 0);
    /* Unsigned, and any token shaped like a JWT. */
    oidc_call(f, "aGVhZA.Ym9keQ.c2ln", OIDC_PROVIDER, &r);
    assert_ok(&r);
    assert_jstr(&r, "AssumedRoleUser.Arn",
                "acs:ram::" ACCT ":assumed-role/rrsa/pod");
    c.key_id = jstr(r.json, "Credentials.AccessKeyId");
    c.secret = jstr(r.json, "Credentials.AccessKeySecret");
    c.token = jstr(r.json, "Credentials.SecurityToken");
    {
        struct reply who;

        v3_call(f, &c, &who);
        assert_ok(&who);
        assert_jstr(&who, "IdentityType", "AssumedRoleUser");
        reply_free(&who);
    }
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_OIDC), 1);
    /* AssumeRole itself still wants a signature. */
    send_raw(f, "POST", "http://" HOST "/?Action=AssumeRole&Version=" STS
             "&RoleArn=" OIDC_ROLE "&RoleSessionName=x", NULL, NULL, &r);
    assert_error(&r, 400, "IncompleteSignature");
    reply_free(&r);
    oidc_call(f, "", OIDC_PROVIDER, &r);
    assert_error(&r, 401, "AuthenticationFail.OIDCToken.Invalid");
    reply_free(&r);
    oidc_call(f, "only.two", OIDC_PROVIDER, &r);
    assert_error(&r, 401, "AuthenticationFail.OIDCToken.Invalid");
    reply_free(&r);
    oidc_call(f, "aGVhZA.Ym9keQ.c2ln", "acs:ram::9:oidc-provider/ack", &r);
    assert_error(&r, 401, "AuthenticationFail.NoPermission");
    reply_free(&r);

    /* With a token file: only the token now in it, then the next. */
    snprintf(path, sizeof(path), "%s/token", f->dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("aGVhZA.Zmlyc3Q.c2ln\n", fp);
    fclose(fp);
    assert_int_equal(sim_account_set_oidc_token_file(f->a, path), 0);
    oidc_call(f, "aGVhZA.Ym9keQ.c2ln", OIDC_PROVIDER, &r);
    assert_error(&r, 401, "AuthenticationFail.OIDCToken.Expired");
    reply_free(&r);
    oidc_call(f, "aGVhZA.Zmlyc3Q.c2ln", OIDC_PROVIDER, &r);
    assert_ok(&r);
    reply_free(&r);
    oidc_call(f, "aGVhZA.Zmlyc3Q.c2ln", OIDC_PROVIDER, &r);
    assert_error(&r, 401, "AuthenticationFail.OIDCToken.Expired");
    reply_free(&r);
    assert_int_equal(file_read(path, 4096, &data, &len, NULL, NULL),
                     FILE_READ_OK);
    oidc_call(f, data, OIDC_PROVIDER, &r);
    assert_ok(&r);
    reply_free(&r);
    free(data);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_OIDC), 3);
}

/* A session policy: a JSON object of at most 2048 bytes, as STS takes
 * it (the client checks it too, so only the simulator sees bad ones). */
static void assume_role_policy_checked(void **state)
{
    static const char arn[] = "acs:ram::1111222233334444:role/deployer";
    struct fx *f = *state;
    struct reply r;
    char big[2100];
    const char *params[] = { "RoleArn", arn, "RoleSessionName", "scoped",
                             "Policy", "{\"Version\": \"1\"}", NULL };
    struct call c = { .action = "AssumeRole", .version = STS,
                      .params = params };

    assert_int_equal(sim_account_add_assumable_role(f->a, arn), 0);
    v3_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    params[5] = "[\"not\", \"an object\"]";
    v3_call(f, &c, &r);
    assert_error(&r, 400, "InvalidParameter.PolicyGrammar");
    reply_free(&r);
    memset(big, ' ', sizeof(big) - 1);
    big[0] = '{';
    big[sizeof(big) - 2] = '}';
    big[sizeof(big) - 1] = '\0';
    params[5] = big;
    v3_call(f, &c, &r);
    assert_error(&r, 400, "InvalidParameter.PolicySize");
    reply_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(ram_user_has_no_permission),
        T(caller_identity_of_root_and_user),
        T(assume_role_then_call_with_sts_key),
        T(assume_role_of_the_account_and_refusals),
        T(sts_token_must_match_and_not_expire),
        T(assume_role_with_oidc),
        T(assume_role_policy_checked),
    };

    return cmocka_run_group_tests_name("sim_sts", tests, NULL, NULL);
}
