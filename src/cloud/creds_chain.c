/* creds_chain — the order in which sources are tried, as the aliyun CLI
 * and the SDKs try them; see creds.h.  Each source is one function in
 * one table: it is used, passed over (noted, with why, for the "nothing
 * found" problem), or broken.  Each file is read at most once per
 * resolve.
 *
 * Passed over or broken: like the SDKs' default chain, linkrole goes on
 * past a source it cannot use -- a mode or type it does not support, a
 * source turned off, a service (STS, the metadata service, a credentials
 * URI) that fails or is not there -- and records why; when nothing is
 * left, the problem lists every source and its reason.  What the user
 * must mend stops the chain with exit 3: a file that cannot be read or
 * parsed, a field missing or of the wrong type, a source_profile loop,
 * a current profile that does not exist.  unusable() draws the line.  A
 * profile chosen by name is never passed over: whatever it meets is the
 * answer. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/names.h"

#define CFG_DEFAULT "/.aliyun/config.json"
#define INI_DEFAULT "/.alibabacloud/credentials"
#define OIDC_SOURCE "environment (ALIBABA_CLOUD_ROLE_ARN, OIDC)"

/* $HOME/x as ~/x: how the user would write the path. */
static char *tilde(const char *path)
{
    const char *home = getenv("HOME");
    size_t hl = home ? strlen(home) : 0;

    while (hl > 1 && home[hl - 1] == '/')
        hl--;
    if (home && hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/')
        return creds_concat("~", path + hl);
    return strdup(path);
}

static int ctx_init(struct creds_ctx *x, const struct creds_options *o,
                    struct creds_problem *p)
{
    const char *home = creds_env("HOME"), *cfg, *ini, *md;

    memset(x, 0, sizeof(*x));
    x->o = o;
    x->p = p;
    cfg = creds_env("ALIBABA_CLOUD_CONFIG_FILE");
    ini = creds_env("ALIBABA_CLOUD_CREDENTIALS_FILE");
    md = o->metadata_endpoint && *o->metadata_endpoint
             ? o->metadata_endpoint : creds_env("LINKROLE_METADATA_ENDPOINT");
    if (cfg || home)
        x->cfg_path = cfg ? strdup(cfg) : creds_concat(home, CFG_DEFAULT);
    if (ini || home)
        x->ini_path = ini ? strdup(ini) : creds_concat(home, INI_DEFAULT);
    x->cfg_shown = x->cfg_path ? tilde(x->cfg_path)
                               : strdup("~" CFG_DEFAULT);
    x->ini_shown = x->ini_path ? tilde(x->ini_path)
                               : strdup("~" INI_DEFAULT);
    x->md_base = strdup(md ? md : CREDS_METADATA_ENDPOINT);
    if (((cfg || home) && !x->cfg_path) || ((ini || home) && !x->ini_path) ||
        !x->cfg_shown || !x->ini_shown || !x->md_base)
        return creds_oom(p);
    /* "http://host/" and "http://host" are the same service. */
    for (size_t n = strlen(x->md_base); n > 0 && x->md_base[n - 1] == '/';)
        x->md_base[--n] = '\0';
    return 0;
}

static void ctx_free(struct creds_ctx *x)
{
    free(x->cfg_path);
    free(x->cfg_shown);
    free(x->ini_path);
    free(x->ini_shown);
    free(x->md_base);
    json_delete_wiped(x->cfg);
    ini_free(&x->ini);
}

void creds_reason_keep(struct creds_reason *r, const struct creds_problem *p)
{
    r->code = p->code;
    CREDS_PUT(r->file, p->file);
    r->origin = p->origin;
    CREDS_PUT(r->profile, p->profile);
    CREDS_PUT(r->mode, p->mode);
    CREDS_PUT(r->field, p->field);
    CREDS_PUT(r->value, p->value);
    r->service = p->service;
    CREDS_PUT(r->url, p->url);
    CREDS_PUT(r->variable, p->variable);
    CREDS_PUT(r->source, p->source);
    r->transport = p->transport;
    r->unreachable = p->unreachable;
    r->http_status = p->http_status;
    CREDS_PUT(r->remote_code, p->remote_code);
    CREDS_PUT(r->detail, p->detail);
    r->errnum = p->errnum;
    r->ini = p->ini;
    r->want = p->want;
    r->line = p->line;
    r->column = p->column;
    r->index = p->index;
    r->limit = p->limit;
    r->min = p->min;
    r->max = p->max;
}

void creds_reason_problem(struct creds_problem *p,
                          const struct creds_reason *r)
{
    memset(p, 0, sizeof(*p));
    p->code = r->code;
    CREDS_PUT(p->file, r->file);
    p->origin = r->origin;
    CREDS_PUT(p->profile, r->profile);
    CREDS_PUT(p->mode, r->mode);
    CREDS_PUT(p->field, r->field);
    CREDS_PUT(p->value, r->value);
    p->service = r->service;
    CREDS_PUT(p->url, r->url);
    CREDS_PUT(p->variable, r->variable);
    CREDS_PUT(p->source, r->source);
    p->transport = r->transport;
    p->unreachable = r->unreachable;
    p->http_status = r->http_status;
    CREDS_PUT(p->remote_code, r->remote_code);
    CREDS_PUT(p->detail, r->detail);
    p->errnum = r->errnum;
    p->ini = r->ini;
    p->want = r->want;
    p->line = r->line;
    p->column = r->column;
    p->index = r->index;
    p->limit = r->limit;
    p->min = r->min;
    p->max = r->max;
}

/* Notes a source passed over (named by variable, when one did).
 * Returns 1, "try the next". */
static int skip_var(struct creds_ctx *x, enum creds_origin origin,
                    enum creds_skip why, const char *file,
                    const char *variable, const struct creds_problem *p)
{
    struct creds_tried *t;

    if (x->ntried >= CREDS_TRIED_MAX)
        return 1;
    t = &x->tried[x->ntried++];
    memset(t, 0, sizeof(*t));
    t->origin = origin;
    t->why = why;
    CREDS_PUT(t->file, file);
    CREDS_PUT(t->variable, variable);
    if (p)
        creds_reason_keep(&t->reason, p);
    return 1;
}

static int skip(struct creds_ctx *x, enum creds_origin origin,
                enum creds_skip why, const char *file)
{
    return skip_var(x, origin, why, file, NULL, NULL);
}

/* A problem that makes a source unusable rather than broken: see the
 * top of this file.  (A login whose cached keys have expired, or a
 * command turned off, belongs here too: add its code.) */
static bool unusable(enum creds_problem_code code)
{
    switch (code) {
    case CREDS_E_MODE_UNSUPPORTED:
    case CREDS_E_URI_TURNED_OFF:
    case CREDS_E_STS_NO_TRANSPORT:
    case CREDS_E_STS_REFUSED:
    case CREDS_E_STS_FAILED:
    case CREDS_E_HTTP_NO_TRANSPORT:
    case CREDS_E_HTTP_TRANSPORT:
    case CREDS_E_HTTP_STATUS:
    case CREDS_E_MD_NO_TOKEN:
    case CREDS_E_MD_ROLE_STATUS:
    case CREDS_E_MD_NO_ROLE:
    case CREDS_E_MD_BAD_ROLE:
    case CREDS_E_MD_CREDS_STATUS:
    case CREDS_E_MD_NOT_THERE:
    case CREDS_E_ANSWER_NOT_OBJECT:
    case CREDS_E_ANSWER_NO_CODE:
    case CREDS_E_ANSWER_BAD_CODE:
    case CREDS_E_ANSWER_NO_FIELD:
    case CREDS_E_ANSWER_BAD_TIME:
    case CREDS_E_ANSWER_EXPIRED:
    /* a login of the aliyun CLI's that has run out */
    case CREDS_E_LOGIN_EXPIRED:
    /* an External program that is turned off, or did not give keys */
    case CREDS_E_EXT_TURNED_OFF:
    case CREDS_E_EXT_START:
    case CREDS_E_EXT_STATUS:
    case CREDS_E_EXT_TIMEOUT:
    case CREDS_E_EXT_TOO_BIG:
    case CREDS_E_EXT_NOT_JSON:
    case CREDS_E_EXT_NO_FIELD:
    case CREDS_E_EXT_MODE:
        return true;
    default:
        return false;
    }
}

/* After a source of the chain failed (-1): 1 when it was unusable, so
 * that it is noted (x->p says why, and is cleared) and the next source
 * is tried; -1 when it is broken, or when --dry-run recorded the
 * request that fetches credentials (that request is the answer). */
static int pass_over(struct creds_ctx *x, enum creds_origin origin,
                     const char *file, const char *variable)
{
    const struct api_client *cl = x->o->client;
    struct creds_problem *p = x->p;
    enum creds_skip why;

    if (!unusable(p->code) || p->transport == CREDS_TRANSPORT_DRY_RUN ||
        (cl && cl->dry_run && buf_len(cl->dry_run)))
        return -1;
    why = p->code == CREDS_E_MD_NOT_THERE ? CREDS_SKIP_NOT_ON_ECS
                                          : CREDS_SKIP_UNUSABLE;
    if (x->o->note) {
        struct creds_note n;

        memset(&n, 0, sizeof(n));
        n.code = CREDS_N_PASSED_OVER;
        n.origin = origin;
        n.why = p;
        x->o->note(x->o->note_ctx, &n);
    }
    skip_var(x, origin, why, file, variable, p);
    x->unreachable = x->unreachable || p->unreachable;
    creds_problem(p, CREDS_E_NONE, NULL);
    return 1;
}

/* Each source of the chain: 0 with *out built, 1 when passed over (and
 * noted), or -1 when it is broken (x->p says how). */

/* The keys in the environment, each under the first of its names that
 * is set (creds_env_pick), as the aliyun CLI picks them; the source
 * names the variables used. */
static int from_env(struct creds_ctx *x, struct creds **out)
{
    const char *id_var, *secret_var, *token_var;
    const char *id = creds_env_pick(CREDS_VAR_KEY_ID, &id_var);
    const char *secret = creds_env_pick(CREDS_VAR_KEY_SECRET, &secret_var);
    const char *token = creds_env_pick(CREDS_VAR_TOKEN, &token_var);
    char source[CREDS_NAME_MAX * 2 + 32];

    if (!id && !secret)
        return skip(x, CREDS_FROM_ENV, CREDS_SKIP_NOT_SET, NULL);
    if (!secret)
        return creds_field_problem(x->p, CREDS_E_ENV_NO_SECRET, NULL,
                                   id_var);
    if (!id)
        return creds_field_problem(x->p, CREDS_E_ENV_NO_ID, NULL,
                                   secret_var);
    if (token)
        snprintf(source, sizeof(source), "environment (%s, %s)", id_var,
                 token_var);
    else
        snprintf(source, sizeof(source), "environment (%s)", id_var);
    return creds_build_static(x, source, NULL, id, secret, token, out);
}

/* A variable of the OIDC source: the SDKs' ALIBABA_CLOUD_ name, then the
 * aliyun CLI's ALIBABACLOUD_ one. */
static const char *oidc_env(const char *suffix)
{
    char name[64];
    const char *v;

    snprintf(name, sizeof(name), "ALIBABA_CLOUD_%s", suffix);
    if ((v = creds_env(name)) != NULL)
        return v;
    snprintf(name, sizeof(name), "ALIBABACLOUD_%s", suffix);
    return creds_env(name);
}

/* A role assumed with an OIDC token (ACK RRSA): all three variables, or
 * none. */
static int from_oidc(struct creds_ctx *x, struct creds **out)
{
    static const char *const need[] = {
        "ROLE_ARN", "OIDC_PROVIDER_ARN", "OIDC_TOKEN_FILE"
    };
    struct creds_at at = { NULL, CREDS_FROM_OIDC, "", "OIDC" };
    const char *v[3], *sts_region = creds_env("ALIBABA_CLOUD_STS_REGION");
    char name[64];
    size_t set = 0;

    for (size_t i = 0; i < 3; i++)
        set += (v[i] = oidc_env(need[i])) != NULL;
    if (set == 0)
        return skip(x, CREDS_FROM_OIDC, CREDS_SKIP_NOT_SET, NULL);
    for (size_t i = 0; i < 3; i++)
        if (!v[i]) {
            snprintf(name, sizeof(name), "ALIBABA_CLOUD_%s", need[i]);
            return creds_field_problem(x->p, CREDS_E_OIDC_ENV_MISSING, NULL,
                                       name);
        }
    if (sts_region && !names_region_ok(sts_region))
        return creds_field_problem(x->p, CREDS_E_ENV_NOT_REGION, NULL,
                                   "ALIBABA_CLOUD_STS_REGION");
    if (creds_build_oidc(x, OIDC_SOURCE, &at, NULL, v[0], v[1], v[2],
                         creds_env("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                         CREDS_DURATION_DEFAULT, NULL, sts_region, out) == 0)
        return 0;
    return pass_over(x, CREDS_FROM_OIDC, NULL, NULL);
}

/* The CLI's current profile. */
static int from_cli(struct creds_ctx *x, struct creds **out)
{
    const char *current;
    char nm[CREDS_NAME_BUF];
    int rc;

    if (creds_env_true("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"))
        return skip(x, CREDS_FROM_CONFIG, CREDS_SKIP_CLI_DISABLED,
                    x->cfg_shown);
    if (!x->cfg_path)
        return skip(x, CREDS_FROM_CONFIG, CREDS_SKIP_NO_HOME, x->cfg_shown);
    if ((rc = creds_cli_load(x)) != 0)
        return rc < 0 ? -1 : skip(x, CREDS_FROM_CONFIG, CREDS_SKIP_NO_FILE,
                                  x->cfg_shown);
    current = creds_cli_current(x);
    if (!current)
        return skip(x, CREDS_FROM_CONFIG, CREDS_SKIP_NO_CURRENT,
                    x->cfg_shown);
    if (!creds_cli_profile(x, current)) {
        struct creds_at at = { x->cfg_shown, CREDS_FROM_CONFIG, NULL, NULL };

        at.profile = creds_show(nm, current);
        return creds_problem(x->p, CREDS_E_CURRENT_NOT_FOUND, &at);
    }
    if (creds_cli_build(x, current, out) == 0)
        return 0;
    return pass_over(x, CREDS_FROM_CONFIG, x->cfg_shown, NULL);
}

/* The INI file's [default]. */
static int from_ini(struct creds_ctx *x, struct creds **out)
{
    int rc;

    if (!x->ini_path)
        return skip(x, CREDS_FROM_INI, CREDS_SKIP_NO_HOME, x->ini_shown);
    if ((rc = creds_ini_load(x)) != 0)
        return rc < 0 ? -1 : skip(x, CREDS_FROM_INI, CREDS_SKIP_NO_FILE,
                                  x->ini_shown);
    if (!ini_has(&x->ini, "default"))
        return skip(x, CREDS_FROM_INI, CREDS_SKIP_NO_DEFAULT, x->ini_shown);
    if (creds_ini_build(x, "default", out) == 0)
        return 0;
    return pass_over(x, CREDS_FROM_INI, x->ini_shown, NULL);
}

/* The ECS instance's role: ALIBABA_CLOUD_ECS_METADATA's, else the one
 * the metadata service names, if there is one (off ECS nothing answers,
 * within about a second). */
static int from_metadata(struct creds_ctx *x, struct creds **out)
{
    const char *var = "ALIBABA_CLOUD_ECS_METADATA";
    const char *role = creds_env(var);
    const struct api_client *cl = x->o->client;
    char source[CREDS_NAME_BUF + 64], nm[CREDS_NAME_BUF];

    if (creds_env_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED"))
        return skip_var(x, CREDS_FROM_METADATA, CREDS_SKIP_MD_DISABLED,
                        NULL, role ? var : NULL, NULL);
    if (!role) {
        /* A guess is not worth a request --dry-run would have to show. */
        if (cl && cl->dry_run)
            return skip(x, CREDS_FROM_METADATA, CREDS_SKIP_DRY_RUN, NULL);
        if (creds_build_metadata_probe(x, out) == 0)
            return 0;
        return pass_over(x, CREDS_FROM_METADATA, NULL, NULL);
    }
    if (!names_role_ok(role)) {
        creds_field_problem(x->p, CREDS_E_ENV_NOT_ROLE, NULL, var);
        CREDS_PUT(x->p->value, creds_show(nm, role));
        return -1;
    }
    snprintf(source, sizeof(source), "ECS metadata service (role %s)", role);
    if (creds_build_metadata(x, source, var, NULL, NULL, role, out) == 0)
        return 0;
    return pass_over(x, CREDS_FROM_METADATA, NULL, var);
}

static int from_uri(struct creds_ctx *x, struct creds **out)
{
    const char *var = "ALIBABA_CLOUD_CREDENTIALS_URI";
    const char *uri = creds_env(var);

    if (!uri)
        return skip_var(x, CREDS_FROM_URI, CREDS_SKIP_NOT_SET, NULL, var,
                        NULL);
    if (creds_build_uri(x, uri, NULL, var, NULL, NULL, out) == 0)
        return 0;
    return pass_over(x, CREDS_FROM_URI, NULL, var);
}

/* The chain after an explicitly chosen profile, in order: the SDKs'
 * default chain.  Each entry returns 0 (used), 1 (passed over, noted
 * with skip() or pass_over()) or -1 (broken). */
static int (*const chain[])(struct creds_ctx *x, struct creds **out) = {
    from_env,
    /* second, as in the SDKs: the OIDC role from the environment */
    from_oidc,
    from_cli,
    from_ini,
    from_metadata,
    from_uri,
};

/* A profile chosen by name must exist in one of the files. */
static int from_profile(struct creds_ctx *x, const char *profile,
                        struct creds **out)
{
    char nm[CREDS_NAME_BUF];
    int rc;

    if ((rc = creds_cli_load(x)) < 0)
        return -1;
    if (rc == 0 && creds_cli_profile(x, profile))
        return creds_cli_build(x, profile, out);
    if ((rc = creds_ini_load(x)) < 0)
        return -1;
    if (rc == 0 && ini_has(&x->ini, profile))
        return creds_ini_build(x, profile, out);
    creds_problem(x->p, CREDS_E_PROFILE_NOT_FOUND, NULL);
    CREDS_PUT(x->p->profile, creds_show(nm, profile));
    x->p->ntried = 2;
    x->p->tried[0].origin = CREDS_FROM_CONFIG;
    x->p->tried[0].why = CREDS_SKIP_NO_PROFILE;
    CREDS_PUT(x->p->tried[0].file, x->cfg_shown);
    x->p->tried[1].origin = CREDS_FROM_INI;
    x->p->tried[1].why = CREDS_SKIP_NO_PROFILE;
    CREDS_PUT(x->p->tried[1].file, x->ini_shown);
    return -1;
}

enum creds_status creds_resolve(const struct creds_options *o,
                                struct creds **out, struct creds_problem *p)
{
    struct creds_ctx x;
    const char *profile;
    enum creds_status st = CREDS_ERROR;
    int rc = 1;

    *out = NULL;
    creds_problem(p, CREDS_E_NONE, NULL);
    if (ctx_init(&x, o, p))
        goto out;
    profile = o->profile && *o->profile
                  ? o->profile : creds_env_pick(CREDS_VAR_PROFILE, NULL);
    if (profile) {
        rc = from_profile(&x, profile, out);
    } else {
        for (size_t i = 0; rc == 1 && i < sizeof(chain) / sizeof(chain[0]);
             i++)
            rc = chain[i](&x, out);
    }
    if (rc == 1) {
        creds_problem(p, CREDS_E_NOTHING_FOUND, NULL);
        memcpy(p->tried, x.tried, sizeof(p->tried));
        p->ntried = x.ntried;
        p->unreachable = x.unreachable;
        st = CREDS_NONE;
    } else if (rc == 0) {
        st = CREDS_OK;
    }
out:
    if (st != CREDS_OK) {
        creds_free(*out);
        *out = NULL;
        if (p->code == CREDS_E_NONE)
            creds_oom(p);
    }
    ctx_free(&x);
    return st;
}
