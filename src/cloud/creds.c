/* creds — see creds.h.
 *
 * The credentials object and using it: current keys (refreshed before
 * they expire), where they came from, the region.  A resolve (the chain,
 * creds_chain.c) builds one: either keys that never change, or a recipe
 * (creds_fetch.c) that is run at once and again before the keys expire.
 * An assumed role keeps the credentials it assumes the role *with* as an
 * inner struct creds, so a chain of profiles refreshes link by link
 * through the same creds_current.  Facts: reference/credentials.md,
 * Part B. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/text.h"
#include "core/wipe.h"

/* After a failed refresh of still-valid keys, wait this long before the
 * next try, so every API call does not pay for a dead service. */
#define REFRESH_RETRY_S 30

/* --- small helpers ------------------------------------------------------- */

const char *creds_env(const char *name)
{
    const char *v = getenv(name);

    return v && *v ? v : NULL;
}

/* Each setting's names, in precedence order (see creds.h). */
static const char *const var_names[][5] = {
    [CREDS_VAR_KEY_ID] = { "ALIBABA_CLOUD_ACCESS_KEY_ID",
                           "ALIBABACLOUD_ACCESS_KEY_ID",
                           "ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY",
                           NULL },
    [CREDS_VAR_KEY_SECRET] = { "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                               "ALIBABACLOUD_ACCESS_KEY_SECRET",
                               "ALICLOUD_ACCESS_KEY_SECRET",
                               "ALICLOUD_SECRET_KEY", NULL },
    /* Terraform's name for the token is the CLI's ALICLOUD_ one. */
    [CREDS_VAR_TOKEN] = { "ALIBABA_CLOUD_SECURITY_TOKEN",
                          "ALIBABACLOUD_SECURITY_TOKEN",
                          "ALICLOUD_SECURITY_TOKEN", NULL, NULL },
    [CREDS_VAR_REGION] = { "ALIBABA_CLOUD_REGION_ID",
                           "ALIBABACLOUD_REGION_ID", "ALICLOUD_REGION_ID",
                           "ALICLOUD_REGION", NULL },
    /* The aliyun CLI reads ALIBABACLOUD_PROFILE first; here one rule
     * holds for every setting (doc/credentials.md says so). */
    [CREDS_VAR_PROFILE] = { "ALIBABA_CLOUD_PROFILE", "ALIBABACLOUD_PROFILE",
                            "ALICLOUD_PROFILE", NULL, NULL },
};

const char *creds_env_pick(enum creds_var v, const char **name)
{
    const char *const *names = var_names[v];

    for (size_t i = 0; i < 5 && names[i]; i++) {
        const char *val = creds_env(names[i]);

        if (val) {
            if (name)
                *name = names[i];
            return val;
        }
    }
    if (name)
        *name = NULL;
    return NULL;
}

bool creds_env_true(const char *name)
{
    const char *v = creds_env(name);

    return v && strcasecmp(v, "true") == 0;
}

int creds_sdup(char **dst, const char *s)
{
    *dst = NULL;
    if (!s)
        return 0;
    *dst = strdup(s);
    return *dst ? 0 : -1;
}

char *creds_concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);

    if (!s)
        return NULL;
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    return s;
}

time_t creds_now(const struct api_client *cl)
{
    return cl && cl->now ? cl->now() : time(NULL);
}

const char *creds_show(char out[CREDS_NAME_BUF], const char *s)
{
    size_t i;

    /* Byte by byte: C0 and DEL only, so UTF-8 names pass unharmed (the
     * front end's safe-text pass deals with the rest). */
    for (i = 0; i < CREDS_NAME_SHOWN_MAX && s[i]; i++) {
        unsigned char b = (unsigned char)s[i];

        out[i] = b < 0x80 && text_is_control(b) ? '?' : s[i];
    }
    if (s[i]) {
        memcpy(out + i, "...", 4);
        return out;
    }
    out[i] = '\0';
    return out;
}

/* --- problems ------------------------------------------------------------ */

void creds_put(char *dst, size_t size, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (size == 0)
        return;
    if (n < size) {
        memcpy(dst, s ? s : "", n + 1);
        return;
    }
    /* Too long: as much as fits before "...", never half a character. */
    n = size > 4 ? size - 4 : 0;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    memcpy(dst, s, n);
    snprintf(dst + n, size - n, "...");
}

int creds_problem(struct creds_problem *p, enum creds_problem_code code,
                  const struct creds_at *at)
{
    memset(p, 0, sizeof(*p));
    p->code = code;
    if (at) {
        CREDS_PUT(p->file, at->file);
        p->origin = at->profile ? at->origin : CREDS_FROM_NONE;
        CREDS_PUT(p->profile, at->profile);
        CREDS_PUT(p->mode, at->mode);
    }
    return -1;
}

int creds_field_problem(struct creds_problem *p,
                        enum creds_problem_code code,
                        const struct creds_at *at, const char *field)
{
    creds_problem(p, code, at);
    CREDS_PUT(p->field, field);
    return -1;
}

int creds_oom(struct creds_problem *p)
{
    return creds_problem(p, CREDS_E_NOMEM, NULL);
}

void creds_tell(const struct creds *c, const struct creds_note *n)
{
    if (c->note)
        c->note(c->note_ctx, n);
}

void creds_tell_assumed(const struct creds *c)
{
    struct creds_note n;

    memset(&n, 0, sizeof(n));
    n.code = CREDS_N_ASSUMED;
    n.role = c->role_arn;
    n.origin = c->origin;
    n.profile = c->profile;
    n.mode = c->mode;
    creds_tell(c, &n);
}

const char *const creds_key_fields[4] = {
    "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"
};

size_t creds_keys_of(const cJSON *obj, const char *v[4])
{
    for (size_t i = 0; i < 4; i++) {
        const cJSON *it =
            cJSON_GetObjectItemCaseSensitive(obj, creds_key_fields[i]);

        if (!cJSON_IsString(it) || !*it->valuestring ||
            strlen(it->valuestring) > CREDS_FIELD_MAX)
            return i + 1;
        v[i] = it->valuestring;
    }
    return 0;
}

/* --- the object ---------------------------------------------------------- */

bool creds_vpc(const struct creds *c)
{
    return (c && c->vpc) || creds_env_vpc();
}

void creds_free(struct creds *c)
{
    if (!c)
        return;
    free(c->source);
    free(c->region);
    free(c->id);
    wipe_free(c->secret);
    wipe_free(c->token);
    free(c->profile);
    free(c->mode);
    creds_free(c->inner);
    free(c->role_arn);
    free(c->session);
    wipe_free(c->external_id);
    free(c->sts_endpoint);
    free(c->policy);
    wipe_free(c->url);
    free(c->url_shown);
    free(c->setby_var);
    free(c->setby_source);
    free(c->role);
    wipe_free(c->elide[0]);
    wipe_free(c->elide[1]);
    free(c->oidc_provider_arn);
    free(c->token_file);
    free(c->token_file_shown);
    free(c->file_shown);
    for (size_t i = 0; c->argv && c->argv[i]; i++)
        wipe_free(c->argv[i]);
    free(c->argv);
    wipe_mem(c, sizeof(*c));
    free(c);
}

struct creds *creds_new(enum creds_kind kind, const struct creds_ctx *x)
{
    struct creds *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->kind = kind;
    c->client = x->o->client;
    c->note = x->o->note;
    c->note_ctx = x->o->note_ctx;
    c->tell_secret = x->o->secret;
    c->tell_secret_ctx = x->o->secret_ctx;
    return c;
}

int creds_install(struct creds *c, const char *id, const char *secret,
                  const char *token, time_t expires)
{
    char *nid = strdup(id);
    char *nsecret = strdup(secret);
    char *ntoken = token && *token ? strdup(token) : NULL;

    if (!nid || !nsecret || (token && *token && !ntoken)) {
        free(nid);
        wipe_free(nsecret);
        wipe_free(ntoken);
        return -1;
    }
    free(c->id);
    wipe_free(c->secret);
    wipe_free(c->token);
    c->id = nid;
    c->secret = nsecret;
    c->token = ntoken;
    c->expires = expires;
    c->retry_at = 0;
    if (c->tell_secret) {
        c->tell_secret(c->tell_secret_ctx, c->secret);
        if (c->token)
            c->tell_secret(c->tell_secret_ctx, c->token);
    }
    return 0;
}

const char *creds_need(struct creds_ctx *x, const struct creds_at *at,
                       const char *v, const char *field)
{
    if (!v)
        creds_field_problem(x->p, CREDS_E_FIELD_MISSING, at, field);
    return v;
}

int creds_build_static(struct creds_ctx *x, const char *source,
                       const char *region, const char *id,
                       const char *secret, const char *token,
                       struct creds **out)
{
    struct creds *c = creds_new(KIND_STATIC, x);

    *out = NULL;
    if (!c || creds_sdup(&c->source, source) ||
        creds_sdup(&c->region, region) ||
        creds_install(c, id, secret, token, 0)) {
        creds_free(c);
        return creds_oom(x->p);
    }
    *out = c;
    return 0;
}

/* --- using them ---------------------------------------------------------- */

const char *creds_source(const struct creds *c)
{
    return c ? c->source : NULL;
}

const char *creds_region(const struct creds *c)
{
    return c ? c->region : NULL;
}

const char *creds_access_key_id(const struct creds *c)
{
    return c ? c->id : NULL;
}

/* Records, outermost first, that c had expired when its refresh failed:
 * p already says why. */
static void expired_push(struct creds_problem *p, const struct creds *c,
                         const char *when)
{
    size_t n = p->nexpired < CREDS_CHAIN_MAX ? p->nexpired
                                             : CREDS_CHAIN_MAX - 1;

    memmove(&p->expired[1], &p->expired[0], n * sizeof(p->expired[0]));
    CREDS_PUT(p->expired[0].source, c->source);
    CREDS_PUT(p->expired[0].at, when);
    p->nexpired = n + 1;
}

int creds_current(struct creds *c, struct sign_creds *out,
                  struct creds_problem *p)
{
    struct creds_note n;
    char when[32];
    time_t now;

    if (!c)
        return creds_problem(p, CREDS_E_NO_CREDENTIALS, NULL);
    now = creds_now(c->client);
    if (c->kind != KIND_STATIC && c->expires &&
        now + CREDS_REFRESH_BEFORE_S >= c->expires &&
        (now >= c->retry_at || now >= c->expires)) {
        if (clock_format_utc(c->expires, when))
            snprintf(when, sizeof(when), "%lld", (long long)c->expires);
        memset(&n, 0, sizeof(n));
        n.source = c->source;
        if (creds_fetch(c, p) == 0) {
            n.code = CREDS_N_REFRESHED;
            creds_tell(c, &n);
        } else if (now < c->expires) {
            /* Still good for a while: keep going, try again later. */
            c->retry_at = now + REFRESH_RETRY_S;
            n.code = CREDS_N_KEPT;
            n.until = when;
            n.why = p;
            creds_tell(c, &n);
        } else {
            expired_push(p, c, when);
            return -1;
        }
    }
    out->access_key_id = c->id;
    out->access_key_secret = c->secret;
    out->security_token = c->token;
    return 0;
}

const char *creds_pick_region(const char *flag, const struct creds *c)
{
    const char *r;

    if (flag && *flag)
        return flag;
    if ((r = creds_region(c)) != NULL)
        return r;
    if ((r = creds_env_pick(CREDS_VAR_REGION, NULL)) != NULL)
        return r;
    return API_DEFAULT_REGION;
}
