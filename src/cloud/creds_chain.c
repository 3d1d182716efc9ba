/* creds_chain — the order in which sources are tried, as the aliyun CLI
 * and the SDKs try them; see creds.h.  Each source is one function in
 * one table: it is used, passed over (noted, with why, for the "nothing
 * found" problem), or broken.  Each file is read at most once per
 * resolve. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/names.h"

#define CFG_DEFAULT "/.aliyun/config.json"
#define INI_DEFAULT "/.alibabacloud/credentials"
/* creds_source() of the environment's keys. */
#define ENV_SOURCE "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)"
#define OIDC_SOURCE "environment (ALIBABA_CLOUD_ROLE_ARN, OIDC)"
#define ENV_TOKEN_SOURCE "environment (ALIBABA_CLOUD_ACCESS_KEY_ID, " \
                         "ALIBABA_CLOUD_SECURITY_TOKEN)"

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

/* Notes a source passed over.  Returns 1, "try the next". */
static int skip(struct creds_ctx *x, enum creds_origin origin,
                enum creds_skip why, const char *file)
{
    if (x->ntried < CREDS_TRIED_MAX) {
        struct creds_tried *t = &x->tried[x->ntried++];

        t->origin = origin;
        t->why = why;
        CREDS_PUT(t->file, file);
    }
    return 1;
}

/* Each source of the chain: 0 with *out built, 1 when passed over (and
 * noted), or -1 when it is broken (x->p says how). */

static int from_env(struct creds_ctx *x, struct creds **out)
{
    const char *id = creds_env("ALIBABA_CLOUD_ACCESS_KEY_ID");
    const char *secret = creds_env("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    const char *token = creds_env("ALIBABA_CLOUD_SECURITY_TOKEN");

    if (!id && !secret)
        return skip(x, CREDS_FROM_ENV, CREDS_SKIP_NOT_SET, NULL);
    if (!secret)
        return creds_problem(x->p, CREDS_E_ENV_NO_SECRET, NULL);
    if (!id)
        return creds_problem(x->p, CREDS_E_ENV_NO_ID, NULL);
    return creds_build_static(x, token ? ENV_TOKEN_SOURCE : ENV_SOURCE,
                              NULL, id, secret, token, out);
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
    return creds_build_oidc(x, OIDC_SOURCE, &at, NULL, v[0], v[1], v[2],
                            creds_env("ALIBABA_CLOUD_ROLE_SESSION_NAME"),
                            CREDS_DURATION_DEFAULT, NULL, sts_region, out);
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
    return creds_cli_build(x, current, out);
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
    return creds_ini_build(x, "default", out);
}

static int from_metadata(struct creds_ctx *x, struct creds **out)
{
    const char *role = creds_env("ALIBABA_CLOUD_ECS_METADATA");
    char source[CREDS_NAME_BUF + 64], nm[CREDS_NAME_BUF];

    if (!role)
        return skip(x, CREDS_FROM_METADATA, CREDS_SKIP_NOT_SET, NULL);
    if (creds_env_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED"))
        return skip(x, CREDS_FROM_METADATA, CREDS_SKIP_MD_DISABLED, NULL);
    if (!names_role_ok(role)) {
        creds_field_problem(x->p, CREDS_E_ENV_NOT_ROLE, NULL,
                            "ALIBABA_CLOUD_ECS_METADATA");
        CREDS_PUT(x->p->value, creds_show(nm, role));
        return -1;
    }
    snprintf(source, sizeof(source), "ECS metadata service (role %s)", role);
    return creds_build_metadata(x, source, "ALIBABA_CLOUD_ECS_METADATA",
                                NULL, NULL, role, out);
}

static int from_uri(struct creds_ctx *x, struct creds **out)
{
    const char *uri = creds_env("ALIBABA_CLOUD_CREDENTIALS_URI");

    if (!uri)
        return skip(x, CREDS_FROM_URI, CREDS_SKIP_NOT_SET, NULL);
    return creds_build_uri(x, uri, NULL, "ALIBABA_CLOUD_CREDENTIALS_URI",
                           NULL, NULL, out);
}

/* The chain after an explicitly chosen profile, in order. */
static int (*const chain[])(struct creds_ctx *x, struct creds **out) = {
    from_env, from_oidc, from_cli, from_ini, from_metadata, from_uri
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
    profile = o->profile && *o->profile ? o->profile
                                        : creds_env("ALIBABA_CLOUD_PROFILE");
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
