/* creds_sts — assuming a RAM role through STS AssumeRole, for the
 * RamRoleArn and ChainableRamRoleArn profiles and the INI file's
 * ram_role_arn: the endpoint as the aliyun CLI picks it, and the keys the
 * role is assumed with (an inner struct creds, refreshed in turn). */
#include "config.h"

#include "cloud/creds_impl.h"

#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/names.h"

/* The inner credentials, as the STS client's api_creds_source: a failure
 * leaves its problem in *p, which becomes ours. */
struct inner_call {
    struct creds *inner;
    struct creds_problem *p;
    bool failed;
};

static int inner_get(void *ctx, struct sign_creds *out, struct buf *err)
{
    struct inner_call *ic = ctx;

    /* err stays empty: the API layer's error is then set aside for *p. */
    (void)err;
    if (creds_current(ic->inner, out, ic->p) == 0)
        return 0;
    ic->failed = true;
    return -1;
}

static int sts_problem(const struct creds *c, struct creds_problem *p,
                       enum creds_problem_code code)
{
    struct creds_at at = { NULL, c->origin, c->profile, c->mode };

    creds_problem(p, code, &at);
    p->service = CREDS_SERVICE_STS;
    return -1;
}

int creds_sts_fetch(struct creds *c, struct creds_problem *p)
{
    struct inner_call ic = { c->inner, p, false };
    struct api_client sts;
    struct api_sts_credentials s;
    struct api_assume_args args;
    struct api_error e;
    struct buf ep;
    time_t expires;
    int rc = -1;

    memset(&s, 0, sizeof(s));
    buf_init(&ep, 4096);
    if (!c->client || !c->client->transport) {
        sts_problem(c, p, CREDS_E_STS_NO_TRANSPORT);
        goto out;
    }
    /* A private copy: our endpoint and our source's keys.  Under
     * --dry-run the AssumeRole request is the first that would be sent,
     * so it is what gets printed, and nothing goes out. */
    sts = *c->client;
    if (!sts.endpoint[API_STS])
        sts.endpoint[API_STS] = c->sts_endpoint;
    sts.creds.get = inner_get;
    sts.creds.ctx = &ic;
    if (api_endpoint(&sts, API_STS, &ep)) {
        creds_oom(p);
        goto out;
    }
    args.role_arn = c->role_arn;
    args.session_name = c->session;
    args.duration_seconds = c->duration;
    args.external_id = c->external_id;
    args.policy = c->policy;
    if (api_assume_role_with(&sts, &args, &s, &e)) {
        if (e.kind == API_ERR_CREDENTIALS && ic.failed)
            goto out;   /* *p says why the inner link failed */
        if (e.kind == API_ERR_CLOUD) {
            sts_problem(c, p, CREDS_E_STS_REFUSED);
            CREDS_PUT(p->remote_code, e.code);
            CREDS_PUT(p->detail, e.message);
        } else {
            sts_problem(c, p, CREDS_E_STS_FAILED);
            CREDS_PUT(p->url, buf_str(&ep));
            CREDS_PUT(p->detail, e.detail);
            p->unreachable = e.kind == API_ERR_NETWORK ||
                             e.kind == API_ERR_AMBIGUOUS ||
                             e.kind == API_ERR_RESPONSE;
        }
        goto out;
    }
    expires = s.expires_at ? s.expires_at
                           : creds_now(c->client) + c->duration;
    if (creds_install(c, s.access_key_id, s.access_key_secret,
                      s.security_token, expires)) {
        creds_oom(p);
        goto out;
    }
    creds_tell_assumed(c);
    rc = 0;
out:
    api_sts_credentials_free(&s);
    buf_free(&ep);
    return rc;
}

bool creds_is_vpc_type(const char *endpoint_type)
{
    return endpoint_type && strcasecmp(endpoint_type, "vpc") == 0;
}

bool creds_env_vpc(void)
{
    /* The aliyun CLI's endpoint type variables, first set wins. */
    static const char *const types[] = {
        "ALIBABA_CLOUD_ENDPOINT_TYPE", "ALIBABACLOUD_ENDPOINT_TYPE",
        "ALICLOUD_ENDPOINT_TYPE"
    };

    if (creds_env_true("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"))
        return true;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (creds_env(types[i]))
            return creds_is_vpc_type(creds_env(types[i]));
    return false;
}

/* The STS endpoint (the client's own override is applied when calling):
 * the profile's sts_endpoint, then $ALIBABA_CLOUD_STS_ENDPOINT (scheme
 * and trailing "/" dropped: always https), as the aliyun CLI picks it;
 * then the region's, from the profile's sts_region or else
 * $ALIBABA_CLOUD_STS_REGION, as the credentials libraries fall back
 * (sts-vpc.<region> when VPC endpoints are asked for); then the global
 * sts.aliyuncs.com, which has no VPC form. */
static char *sts_endpoint(const char *profile_ep, const char *sts_region,
                          bool vpc)
{
    const char *ep = profile_ep ? profile_ep
                                : creds_env("ALIBABA_CLOUD_STS_ENDPOINT");
    struct buf b;

    buf_init(&b, 4096);
    if (ep) {
        size_t n;

        if (strncasecmp(ep, "https://", 8) == 0)
            ep += 8;
        else if (strncasecmp(ep, "http://", 7) == 0)
            ep += 7;
        n = strlen(ep);
        while (n > 0 && ep[n - 1] == '/')
            n--;
        if (buf_printf(&b, "https://%.*s", (int)n, ep) != BUF_OK)
            goto fail;
    } else if (sts_region) {
        if (buf_printf(&b, "https://sts%s.%s.aliyuncs.com",
                       vpc ? "-vpc" : "", sts_region) != BUF_OK)
            goto fail;
    } else if (buf_adds(&b, "https://sts.aliyuncs.com") != BUF_OK) {
        goto fail;
    }
    return buf_take(&b);
fail:
    buf_free(&b);
    return NULL;
}

/* A Policy STS can take: a JSON object of at most CREDS_POLICY_MAX
 * bytes.  STS would refuse anything else too, but only once asked, and
 * in words that do not name the file and the key. */
static int policy_check(struct creds_ctx *x, const struct creds_at *at,
                        const char *policy, const char *field)
{
    size_t len = strlen(policy), off = 0;
    cJSON *doc;
    bool object;

    if (len > CREDS_POLICY_MAX) {
        creds_field_problem(x->p, CREDS_E_FIELD_TOO_LONG, at, field);
        x->p->limit = CREDS_POLICY_MAX;
        return -1;
    }
    doc = json_parse(policy, len, &off);
    object = cJSON_IsObject(doc);
    cJSON_Delete(doc);
    if (!object)
        return creds_field_problem(x->p, CREDS_E_FIELD_NOT_POLICY, at,
                                   field);
    return 0;
}

int creds_build_assume(struct creds_ctx *x, struct creds *inner,
                       const char *source, const struct creds_at *at,
                       const char *region, const char *role_arn,
                       const char *session, long duration,
                       const char *external_id, const char *sts_ep,
                       const char *sts_region, struct creds **out)
{
    struct creds_role_args a;

    memset(&a, 0, sizeof(a));
    a.region = region;
    a.role_arn = role_arn;
    a.session = session;
    a.duration = duration;
    a.external_id = external_id;
    a.sts_endpoint = sts_ep;
    a.sts_region = sts_region;
    return creds_build_assume_with(x, inner, source, at, &a, out);
}

int creds_build_assume_with(struct creds_ctx *x, struct creds *inner,
                            const char *source, const struct creds_at *at,
                            const struct creds_role_args *a,
                            struct creds **out)
{
    const char *sts_region = a->sts_region;
    bool vpc = a->vpc || creds_env_vpc();
    struct creds *c = NULL;

    *out = NULL;
    if (a->policy && policy_check(x, at, a->policy,
                                  a->policy_field ? a->policy_field
                                                  : "policy"))
        goto fail;
    if (!sts_region) {
        sts_region = creds_env("ALIBABA_CLOUD_STS_REGION");
        if (sts_region && !names_region_ok(sts_region)) {
            creds_field_problem(x->p, CREDS_E_ENV_NOT_REGION, NULL,
                                "ALIBABA_CLOUD_STS_REGION");
            goto fail;
        }
    }
    c = creds_new(KIND_ASSUME, x);
    if (!c) {
        creds_oom(x->p);
        goto fail;
    }
    c->inner = inner;
    inner = NULL;
    c->duration = a->duration;
    c->origin = at->origin;
    c->vpc = a->vpc;
    if (creds_sdup(&c->source, source) ||
        creds_sdup(&c->profile, at->profile) ||
        creds_sdup(&c->mode, at->mode) || creds_sdup(&c->region, a->region) ||
        creds_sdup(&c->role_arn, a->role_arn) ||
        creds_sdup(&c->session, a->session) ||
        creds_sdup(&c->external_id, a->external_id) ||
        creds_sdup(&c->policy, a->policy) ||
        !(c->sts_endpoint = sts_endpoint(a->sts_endpoint, sts_region, vpc))) {
        creds_oom(x->p);
        goto fail;
    }
    if (creds_fetch(c, x->p))
        goto fail;
    *out = c;
    return 0;
fail:
    creds_free(inner);
    creds_free(c);
    return -1;
}

/* The STS endpoint for a role built elsewhere (OIDC): the same rules as
 * AssumeRole's, ALIBABA_CLOUD_STS_REGION and the VPC setting included. */
char *creds_sts_endpoint(const char *sts_ep, const char *sts_region)
{
    const char *env = creds_env("ALIBABA_CLOUD_STS_REGION");

    if (!sts_region && env && names_region_ok(env))
        sts_region = env;
    return sts_endpoint(sts_ep, sts_region, creds_env_vpc());
}
