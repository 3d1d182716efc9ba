/* creds_chain — the order in which sources are tried, as the aliyun CLI
 * and the SDKs try them; see creds.h.  Each file is read at most once
 * per resolve. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/names.h"

#define CFG_DEFAULT "/.aliyun/config.json"
#define INI_DEFAULT "/.alibabacloud/credentials"

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
                    struct buf *msg)
{
    const char *home = creds_env("HOME"), *cfg, *ini, *md;

    memset(x, 0, sizeof(*x));
    x->o = o;
    x->msg = msg;
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
        return creds_oom(msg);
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

static int from_env(struct creds_ctx *x, struct creds **out)
{
    const char *id = creds_env("ALIBABA_CLOUD_ACCESS_KEY_ID");
    const char *secret = creds_env("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    const char *token = creds_env("ALIBABA_CLOUD_SECURITY_TOKEN");

    *out = NULL;
    if (!id && !secret)
        return 1;
    if (!secret)
        return creds_fail(x->msg,
                          "ALIBABA_CLOUD_ACCESS_KEY_ID is set but "
                          "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not");
    if (!id)
        return creds_fail(x->msg,
                          "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but "
                          "ALIBABA_CLOUD_ACCESS_KEY_ID is not");
    return creds_build_static(
        x,
        token ? "environment (ALIBABA_CLOUD_ACCESS_KEY_ID"
                ", ALIBABA_CLOUD_SECURITY_TOKEN)"
              : "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)",
        NULL, id, secret, token, out);
}

static int from_metadata_env(struct creds_ctx *x, const char *role,
                             struct creds **out)
{
    char source[CREDS_NAME_BUF + 64], nm[CREDS_NAME_BUF];

    if (!names_role_ok(role))
        return creds_fail(x->msg,
                          "ALIBABA_CLOUD_ECS_METADATA (\"%s\") is not a "
                          "RAM role name",
                          creds_show(nm, role));
    snprintf(source, sizeof(source), "ECS metadata service (role %s)", role);
    return creds_build_metadata(x, source, "ALIBABA_CLOUD_ECS_METADATA", NULL,
                                role, out);
}

enum creds_status creds_resolve(const struct creds_options *o,
                                struct creds **out, struct buf *err)
{
    struct creds_ctx x;
    struct buf msg;
    const char *profile, *current, *md_role, *uri;
    const char *cfg_why = "no such file", *ini_why = "no such file";
    const char *md_why = "not set";
    char nm[CREDS_NAME_BUF];
    enum creds_status st = CREDS_ERROR;
    int rc;

    *out = NULL;
    buf_init(&msg, CREDS_MSG_MAX);
    if (ctx_init(&x, o, &msg))
        goto out;
    profile = o->profile && *o->profile ? o->profile
                                        : creds_env("ALIBABA_CLOUD_PROFILE");

    /* a. A profile chosen by name must exist in one of the files. */
    if (profile) {
        if ((rc = creds_cli_load(&x)) < 0)
            goto out;
        if (rc == 0 && creds_cli_profile(&x, profile)) {
            st = creds_cli_build(&x, profile, out) ? CREDS_ERROR : CREDS_OK;
            goto out;
        }
        if ((rc = creds_ini_load(&x)) < 0)
            goto out;
        if (rc == 0 && ini_has(&x.ini, profile)) {
            st = creds_ini_build(&x, profile, out) ? CREDS_ERROR : CREDS_OK;
            goto out;
        }
        creds_fail(&msg, "profile \"%s\" not found in %s or %s",
                   creds_show(nm, profile), x.cfg_shown, x.ini_shown);
        goto out;
    }

    /* b. The environment. */
    if ((rc = from_env(&x, out)) <= 0) {
        st = rc ? CREDS_ERROR : CREDS_OK;
        goto out;
    }

    /* c. The CLI's current profile. */
    if (creds_env_true("ALIBABA_CLOUD_CLI_PROFILE_DISABLED")) {
        cfg_why = "skipped: ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true";
    } else if (!x.cfg_path) {
        cfg_why = "HOME is not set";
    } else if ((rc = creds_cli_load(&x)) < 0) {
        goto out;
    } else if (rc == 0) {
        current = creds_cli_current(&x);
        if (current && !creds_cli_profile(&x, current)) {
            creds_fail(&msg, "%s: the current profile \"%s\" does not exist",
                       x.cfg_shown, creds_show(nm, current));
            goto out;
        }
        if (current) {
            st = creds_cli_build(&x, current, out) ? CREDS_ERROR : CREDS_OK;
            goto out;
        }
        cfg_why = "no current profile";
    }

    /* d. The INI file's [default]. */
    if (!x.ini_path) {
        ini_why = "HOME is not set";
    } else if ((rc = creds_ini_load(&x)) < 0) {
        goto out;
    } else if (rc == 0) {
        if (ini_has(&x.ini, "default")) {
            st = creds_ini_build(&x, "default", out) ? CREDS_ERROR : CREDS_OK;
            goto out;
        }
        ini_why = "no [default] section";
    }

    /* e. The metadata service, then a credentials URI. */
    md_role = creds_env("ALIBABA_CLOUD_ECS_METADATA");
    if (md_role && creds_env_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED")) {
        md_why = "ignored: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true";
    } else if (md_role) {
        st = from_metadata_env(&x, md_role, out) ? CREDS_ERROR : CREDS_OK;
        goto out;
    }
    if ((uri = creds_env("ALIBABA_CLOUD_CREDENTIALS_URI")) != NULL) {
        rc = creds_build_uri(&x, uri, NULL, "ALIBABA_CLOUD_CREDENTIALS_URI",
                             NULL, out);
        st = rc ? CREDS_ERROR : CREDS_OK;
        goto out;
    }

    creds_fail(
        &msg,
        "no credentials found; looked at: "
        "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET "
        "(not set); %s (%s); %s (%s); ALIBABA_CLOUD_ECS_METADATA (%s); "
        "ALIBABA_CLOUD_CREDENTIALS_URI (not set)",
        x.cfg_shown, cfg_why, x.ini_shown, ini_why, md_why);
    st = CREDS_NONE;
out:
    if (st != CREDS_OK) {
        creds_free(*out);
        *out = NULL;
        buf_adds(err, buf_len(&msg) ? buf_str(&msg) : "out of memory");
    }
    ctx_free(&x);
    buf_wipe(&msg);
    return st;
}

