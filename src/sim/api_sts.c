/* api_sts — Security Token Service (2015-04-01): GetCallerIdentity and
 * AssumeRole.
 *
 * GetCallerIdentity needs no permission and tells the account's owner, a
 * RAM user and an assumed role apart, so a client can check its
 * credentials cheaply.  AssumeRole hands out sessions (key, secret,
 * token) of the account's own roles or of roles registered as assumable,
 * with full rights. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cloud/sign.h"
#include "core/file.h"
#include "core/json.h"
#include "core/wipe.h"
#include "sim/internal.h"
#include "sim/limits.h"

void api_sts_caller_identity(struct call *c)
{
    const struct sim_account *a = c->a;
    const struct sim_session *s = c->session;
    struct json_writer w;
    struct buf arn, principal;

    buf_init(&arn, 4096);
    buf_init(&principal, 4096);
    reply_begin(c, &w);
    if (s) {
        if (buf_printf(&arn, "acs:ram::%s:assumed-role/%s/%s", s->account_id,
                       s->role_name, s->session_name) != BUF_OK ||
            buf_printf(&principal, "%s:%s", s->role_id,
                       s->session_name) != BUF_OK)
            w.error = BUF_NOMEM;
        reply_pair(&w, "IdentityType", "AssumedRoleUser");
        reply_pair(&w, "AccountId", s->account_id);
        reply_pair(&w, "RoleId", s->role_id);
        reply_pair(&w, "PrincipalId", buf_str(&principal));
    } else if (c->key && c->key->user_name) {
        if (buf_printf(&arn, "acs:ram::%s:user/%s", a->account_id,
                       c->key->user_name) != BUF_OK)
            w.error = BUF_NOMEM;
        reply_pair(&w, "IdentityType", "RAMUser");
        reply_pair(&w, "AccountId", a->account_id);
        reply_pair(&w, "UserId", c->key->user_id);
        reply_pair(&w, "PrincipalId", c->key->user_id);
    } else {
        if (buf_printf(&arn, "acs:ram::%s:root", a->account_id) != BUF_OK)
            w.error = BUF_NOMEM;
        reply_pair(&w, "IdentityType", "Account");
        reply_pair(&w, "AccountId", a->account_id);
        reply_pair(&w, "UserId", a->account_id);
        reply_pair(&w, "PrincipalId", a->account_id);
    }
    reply_pair(&w, "Arn", buf_str(&arn));
    reply_pair(&w, "RequestId", c->request_id);
    reply_end(c, &w);
    buf_free(&arn);
    buf_free(&principal);
}

/* The role id behind arn: a registered assumable role, or a role of the
 * account itself; NULL when there is none. */
static const char *api_sts_assumable(struct sim_account *a,
                                     const char *arn, const char *acct,
                                     size_t acct_len, const char *role_name)
{
    const char *role_id = kvlist_get_case(&a->assumable, arn);
    const struct sim_role *r;

    if (!role_id && acct_len == strlen(a->account_id) &&
        strncmp(acct, a->account_id, acct_len) == 0) {
        r = store_role_find(a, role_name);
        role_id = r ? r->role_id : NULL;
    }
    return role_id;
}

void api_sts_reply(struct call *c, const struct sim_session *s)
{
    char expires[CLOCK_UTC_LEN + 1];
    struct buf arn, assumed_id;
    struct json_writer w;

    buf_init(&arn, 4096);
    buf_init(&assumed_id, 4096);
    reply_time(s->expires, expires);
    reply_begin(c, &w);
    if (buf_printf(&arn, "acs:ram::%s:assumed-role/%s/%s", s->account_id,
                   s->role_name, s->session_name) != BUF_OK ||
        buf_printf(&assumed_id, "%s:%s", s->role_id, s->session_name) !=
            BUF_OK)
        w.error = BUF_NOMEM;
    reply_pair(&w, "RequestId", c->request_id);
    json_key(&w, "AssumedRoleUser");
    json_begin_object(&w);
    reply_pair(&w, "AssumedRoleId", buf_str(&assumed_id));
    reply_pair(&w, "Arn", buf_str(&arn));
    json_end_object(&w);
    json_key(&w, "Credentials");
    json_begin_object(&w);
    reply_pair(&w, "AccessKeyId", s->key_id);
    reply_pair(&w, "AccessKeySecret", s->secret);
    reply_pair(&w, "SecurityToken", s->token);
    reply_pair(&w, "Expiration", expires);
    json_end_object(&w);
    reply_end(c, &w);
    buf_free(&arn);
    buf_free(&assumed_id);
}

/* AssumeRole's Policy, checked as STS does (a JSON object of 1 to
 * LIMITS_POLICY_MAX bytes), and noted for the log by its SHA-256 and
 * whether a session (an STS key and its token) signed the request, so
 * the tests can see both arrived.  Returns 0, or -1 having replied. */
static int api_sts_policy(struct call *c, const char *policy)
{
    char hex[65] = "";
    cJSON *doc;
    bool object;

    if (policy) {
        if (strlen(policy) > LIMITS_POLICY_MAX) {
            reply_error(c, 400, "InvalidParameter.PolicySize",
                        "The size of Policy must be smaller than 2048 "
                        "bytes.");
            return -1;
        }
        doc = json_parse(policy, strlen(policy), NULL);
        object = cJSON_IsObject(doc);
        cJSON_Delete(doc);
        if (!object) {
            reply_error(c, 400, "InvalidParameter.PolicyGrammar",
                        "The parameter Policy has not a valid grammar.");
            return -1;
        }
        if (sign_sha256_hex(policy, strlen(policy), hex)) {
            reply_internal(c);
            return -1;
        }
    }
    snprintf(c->note, sizeof(c->note), "AssumeRole policy=%.16s signer=%s",
             policy ? hex : "-", c->session ? "sts" : "key");
    return 0;
}

void api_sts_assume_role(struct call *c)
{
    struct sim_account *a = c->a;
    const char *arn = dispatch_param(c, "RoleArn");
    const char *name = dispatch_param(c, "RoleSessionName");
    const char *dur_text = dispatch_param(c, "DurationSeconds");
    const char *acct, *role_name, *role_id;
    const struct sim_session *s;
    long duration = a->session_seconds;
    size_t acct_len;
    unsigned member;

    if (!arn) {
        reply_missing(c, "RoleArn");
        return;
    }
    if (!name) {
        reply_missing(c, "RoleSessionName");
        return;
    }
    if (!limits_session_name_ok(name)) {
        reply_error(c, 400, "InvalidParameter.RoleSessionName",
                    "The parameter RoleSessionName must be 2-64 letters, "
                    "digits, \".\", \"@\", \"-\" or \"_\".");
        return;
    }
    if (dur_text) {
        duration = limits_count(dur_text, LIMITS_DURATION_MIN,
                                LIMITS_DURATION_MAX);
        if (duration < 0) {
            reply_error(c, 400, "InvalidParameter.DurationSeconds",
                        "The Min/Max value of DurationSeconds is "
                        "15min/12hr.");
            return;
        }
    }
    if (api_sts_policy(c, dispatch_param(c, "Policy")))
        return;
    if (limits_role_arn(arn, &acct, &acct_len, &role_name)) {
        reply_error(c, 400, "InvalidParameter.RoleArn",
                    "The parameter RoleArn is invalid.");
        return;
    }
    /* A member of the directory: its access role, in its own lock. */
    member = directory_member_of(a, acct, acct_len);
    if (member) {
        directory_assume(c, member, role_name, name, duration);
        return;
    }
    role_id = api_sts_assumable(a, arn, acct, acct_len, role_name);
    if (!role_id) {
        reply_error(c, 404, "EntityNotExist.Role",
                    "The specified Role not exists.");
        return;
    }
    s = store_session_add(a, acct, acct_len, role_id, role_name, name,
                          c->now + duration);
    if (!s) {
        reply_internal(c);
        return;
    }
    api_sts_reply(c, s);
}

/* A token of three non-empty parts split by ".", as a JWT is; STS reads
 * the parts, the simulator only their shape. */
static bool api_sts_jwt_shaped(const char *t)
{
    size_t dots = 0, run = 0;

    for (; *t; t++) {
        if (*t == '.') {
            if (run == 0)
                return false;
            dots++;
            run = 0;
        } else {
            run++;
        }
    }
    return dots == 2 && run > 0;
}

/* With --oidc-token-file: whether token is the one in the file now.  The
 * next one is written there after a success (api_sts_oidc_rotate). */
static bool api_sts_oidc_current(const struct sim_account *a,
                                 const char *token)
{
    char *data = NULL;
    size_t len = 0;
    bool same;

    if (file_read(a->oidc_token_file, 1u << 16, &data, &len, NULL, NULL) !=
        FILE_READ_OK)
        return false;
    while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r' ||
                       data[len - 1] == ' '))
        data[--len] = '\0';
    same = auth_same_secret(data, token);
    wipe_mem(data, len);
    free(data);
    return same;
}

static int api_sts_oidc_rotate(struct sim_account *a)
{
    char next[96], nonce[SIGN_NONCE_LEN + 1];
    int n;

    /* Not guessable from the last one, as a real token is not. */
    if (sign_nonce(nonce))
        return -1;
    n = snprintf(next, sizeof(next), "sim-oidc-%zu.%s.c2lnbmVk",
                 a->counts[SIM_COUNT_OIDC], nonce);

    return file_replace(a->oidc_token_file, next, (size_t)n, NULL) ==
                   FILE_PUT_OK ? 0 : -1;
}

void api_sts_assume_role_oidc(struct call *c)
{
    struct sim_account *a = c->a;
    const char *arn = dispatch_param(c, "RoleArn");
    const char *provider = dispatch_param(c, "OIDCProviderArn");
    const char *token = kvlist_get(&c->vr.params, "OIDCToken");
    const char *name = dispatch_param(c, "RoleSessionName");
    const char *dur_text = dispatch_param(c, "DurationSeconds");
    const char *acct, *role_name, *role_id, *slash;
    const struct sim_session *s;
    long duration = LIMITS_DURATION_DEFAULT;
    size_t acct_len;

    if (!arn || !provider || !name) {
        reply_missing(c, !arn ? "RoleArn" : !provider ? "OIDCProviderArn"
                                                      : "RoleSessionName");
        return;
    }
    if (!token || !*token) {
        reply_error(c, 401, "AuthenticationFail.OIDCToken.Invalid",
                    "The OIDCToken can not empty.");
        return;
    }
    if (!api_sts_jwt_shaped(token)) {
        reply_error(c, 401, "AuthenticationFail.OIDCToken.Invalid",
                    "The number of Jwt field should be divided into 3 "
                    "parts with '.' .");
        return;
    }
    if (!limits_session_name_ok(name)) {
        reply_error(c, 400, "InvalidParameter.RoleSessionName",
                    "The parameter RoleSessionName must be 2-64 letters, "
                    "digits, \".\", \"@\", \"-\" or \"_\".");
        return;
    }
    if (dur_text) {
        duration = limits_count(dur_text, LIMITS_DURATION_MIN,
                                LIMITS_DURATION_MAX);
        if (duration < 0) {
            reply_error(c, 400, "InvalidParameter.DurationSeconds",
                        "The Min/Max value of DurationSeconds is "
                        "15min/12hr.");
            return;
        }
    }
    /* The account's own providers only: acs:ram::<account>:oidc-provider/
     * <name>. */
    slash = strncmp(provider, "acs:ram::", 9) == 0
                ? strchr(provider + 9, ':') : NULL;
    if (!slash || (size_t)(slash - provider - 9) != strlen(a->account_id) ||
        strncmp(provider + 9, a->account_id, strlen(a->account_id)) != 0 ||
        strncmp(slash, ":oidc-provider/", 15) != 0 || !slash[15]) {
        reply_error(c, 401, "AuthenticationFail.NoPermission",
                    "No such OIDC Provider registered.");
        return;
    }
    if (a->oidc_token_file && !api_sts_oidc_current(a, token)) {
        reply_error(c, 401, "AuthenticationFail.OIDCToken.Expired",
                    "This JsonWebToken is expired.");
        return;
    }
    if (limits_role_arn(arn, &acct, &acct_len, &role_name)) {
        reply_error(c, 400, "InvalidParameter.RoleArn",
                    "The parameter RoleArn is invalid.");
        return;
    }
    role_id = api_sts_assumable(a, arn, acct, acct_len, role_name);
    if (!role_id) {
        reply_error(c, 404, "EntityNotExist.Role",
                    "The specified Role not exists.");
        return;
    }
    /* --session-seconds shortens these sessions too, so a test can see
     * them refreshed. */
    if (a->session_seconds < duration)
        duration = a->session_seconds;
    s = store_session_add(a, acct, acct_len, role_id, role_name, name,
                          c->now + duration);
    if (!s) {
        reply_internal(c);
        return;
    }
    a->counts[SIM_COUNT_OIDC]++;
    if (a->oidc_token_file && api_sts_oidc_rotate(a)) {
        reply_internal(c);
        return;
    }
    api_sts_reply(c, s);
}
