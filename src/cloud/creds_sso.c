/* creds_sso — the keys the aliyun CLI caches in a CloudSSO or OAuth
 * profile of config.json.  Only the CLI can renew them (a browser login),
 * so linkrole uses them while they last and, when they are about to
 * expire, can only say to log in again. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"

/* The profile needs a new login: when its keys expired, if they did. */
static int login_problem(const struct creds *c, struct creds_problem *p)
{
    struct creds_at at = { c->file_shown, c->origin, c->profile, c->mode };
    char when[CLOCK_UTC_LEN + 1];

    creds_problem(p, CREDS_E_LOGIN_EXPIRED, &at);
    if (c->expires && clock_format_utc(c->expires, when) == 0)
        CREDS_PUT(p->value, when);
    return -1;
}

int creds_login_fetch(struct creds *c, struct creds_problem *p)
{
    return login_problem(c, p);
}

int creds_build_cached(struct creds_ctx *x, const char *source,
                       const struct creds_at *at, const char *region,
                       const char *id, const char *secret,
                       const char *token, time_t expires,
                       struct creds **out)
{
    struct creds *c = creds_new(KIND_CACHED, x);

    *out = NULL;
    if (!c)
        return creds_oom(x->p);
    c->origin = at->origin;
    c->expires = expires;
    if (creds_sdup(&c->source, source) ||
        creds_sdup(&c->profile, at->profile) ||
        creds_sdup(&c->mode, at->mode) || creds_sdup(&c->region, region) ||
        creds_sdup(&c->file_shown, at->file)) {
        creds_free(c);
        return creds_oom(x->p);
    }
    /* Keys that are missing, or that would need renewing at once, are
     * no use: a login is what is needed. */
    if (!id || !secret || !token || !expires ||
        creds_now(x->o->client) + CREDS_REFRESH_BEFORE_S >= expires) {
        login_problem(c, x->p);
        creds_free(c);
        return -1;
    }
    if (creds_install(c, id, secret, token, expires)) {
        creds_free(c);
        return creds_oom(x->p);
    }
    *out = c;
    return 0;
}
