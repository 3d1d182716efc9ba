/* auth — who sent a signed request, and whether it may run.
 *
 * verify.c does the arithmetic (scheme, canonical forms, signature,
 * window, nonces); this decides the order of the checks, finds the
 * caller's secret among the account's keys and STS sessions, and names
 * each failure as the gateway does.  Only a request that passed every
 * check spends its nonce, so a refused one can be sent again. */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>

#include "sim/internal.h"

/* Request bodies beyond this get 413, as linkrole-sim's own cap. */
#define AUTH_BODY_MAX (1u << 20)
/* Room for the server's string to sign in a mismatch message. */
#define AUTH_STS_MAX (8u << 20)

bool auth_same_secret(const char *a, const char *b)
{
    size_t n = strlen(a);

    return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

static void auth_failed(struct call *c, int status, const struct buf *sts)
{
    struct buf msg;

    switch (status) {
    case VERIFY_INCOMPLETE:
        reply_error(c, 400, "IncompleteSignature",
                    "The request signature does not conform to Aliyun "
                    "standards.");
        return;
    case VERIFY_NO_TIMESTAMP:
        reply_error(c, 400, "IllegalTimestamp",
                    c->vr.scheme == VERIFY_SCHEME_V3
                        ? "The input parameter \"x-acs-date\" that is "
                          "mandatory for processing this request is not "
                          "supplied."
                        : "The input parameter \"Timestamp\" that is "
                          "mandatory for processing this request is not "
                          "supplied.");
        return;
    case VERIFY_BAD_TIMESTAMP:
        reply_error(c, 400, "InvalidTimeStamp.Format",
                    "Specified time stamp or date value is not well "
                    "formatted.");
        return;
    case VERIFY_EXPIRED:
        reply_error(c, 400, "InvalidTimeStamp.Expired",
                    "Specified time stamp or date value is expired.");
        return;
    case VERIFY_NONCE_USED:
        reply_error(c, 400, "SignatureNonceUsed",
                    "Specified signature nonce was used already.");
        return;
    case VERIFY_MISMATCH:
        /* The gateway shows its string to sign, so a client can tell a
         * wrong secret (same string) from a wrong canonical form. */
        buf_init(&msg, AUTH_STS_MAX);
        if (buf_adds(&msg, "Specified signature is not matched with our "
                     "calculation. server string to sign is:") != BUF_OK ||
            (sts && buf_add(&msg, buf_str(sts), buf_len(sts)) != BUF_OK))
            reply_internal(c);
        else
            reply_error(c, 400, "SignatureDoesNotMatch", buf_str(&msg));
        buf_free(&msg);
        return;
    default:
        reply_internal(c);
        return;
    }
}

/* Finds whose key signed the request; NULL when nobody's. */
static const char *auth_find_secret(struct call *c)
{
    const struct sim_account *a = c->a;
    const char *id = c->vr.access_key_id;
    bool owner_keys = false;

    for (size_t i = 0; i < a->nkeys; i++) {
        if (!a->keys[i].user_name)
            owner_keys = true;
        if (strcmp(a->keys[i].id, id) == 0) {
            c->key = &a->keys[i];
            return a->keys[i].secret;
        }
    }
    /* An account given no owner key of its own serves the demo key (a
     * member of a directory has none: it is entered by AssumeRole). */
    if (!owner_keys && !a->master && strcmp(id, SIM_DEMO_ACCESS_KEY_ID) == 0)
        return SIM_DEMO_ACCESS_KEY_SECRET;
    if (strncmp(id, "STS.", 4) == 0)
        for (size_t i = 0; i < a->nsessions; i++)
            if (strcmp(a->sessions[i].key_id, id) == 0) {
                c->session = &a->sessions[i];
                return a->sessions[i].secret;
            }
    return NULL;
}

/* A session's key is good only with its own token, until it expires. */
static int auth_session(struct call *c)
{
    if (!c->vr.security_token ||
        !auth_same_secret(c->vr.security_token, c->session->token)) {
        reply_error(c, 400, "InvalidSecurityToken.MismatchWithAccessKey",
                    "Specified SecurityToken mismatch with the AccessKey.");
        return -1;
    }
    if (c->now >= c->session->expires) {
        reply_error(c, 400, "InvalidSecurityToken.Expired",
                    "Specified SecurityToken is expired.");
        return -1;
    }
    return 0;
}

int auth_check(struct call *c)
{
    const struct sim_request *req = c->req;
    const char *secret;
    struct buf sts;
    int st, rc = -1;

    buf_init(&sts, AUTH_STS_MAX);
    if (req->body_len > AUTH_BODY_MAX) {
        reply_error(c, 413, "Request.EntityTooLarge",
                    "The request body is larger than 1048576 bytes.");
        goto out;
    }
    st = verify_parse(req, &c->vr);
    /* AssumeRoleWithOIDC is the one call STS takes unsigned: whoever
     * holds the token may use it.  A signed one is checked as usual. */
    if (st == VERIFY_INCOMPLETE && c->vr.scheme == VERIFY_SCHEME_NONE &&
        c->vr.action && strcmp(c->vr.action, "AssumeRoleWithOIDC") == 0 &&
        c->vr.version && strcmp(c->vr.version, "2015-04-01") == 0) {
        rc = 0;
        goto out;
    }
    if (st != VERIFY_OK) {
        auth_failed(c, st, NULL);
        goto out;
    }
    secret = auth_find_secret(c);
    if (!secret) {
        reply_error(c, 404, "InvalidAccessKeyId.NotFound",
                    "Specified access key is not found.");
        goto out;
    }
    st = verify_signature(&c->vr, req, secret, &sts);
    if (st == VERIFY_OK)
        st = verify_time(&c->vr, c->now);
    if (st != VERIFY_OK) {
        auth_failed(c, st, &sts);
        goto out;
    }
    if (c->session && auth_session(c))
        goto out;
    st = verify_nonce_use(c->a->nonces, c->vr.access_key_id, c->vr.nonce,
                          c->now);
    if (st != VERIFY_OK) {
        auth_failed(c, st, NULL);
        goto out;
    }
    rc = 0;
out:
    buf_free(&sts);
    return rc;
}
