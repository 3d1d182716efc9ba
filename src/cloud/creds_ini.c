/* creds_ini — the SDKs' shared credentials file (~/.alibabacloud/
 * credentials): a [section] per profile, its "type" picks the kind. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ini.h"
#include "core/names.h"
#include "core/wipe.h"

/* Keys of the section in use looked at for the --verbose note. */
#define KEYS_NOTED_MAX 128

/* Names each key nobody knows, once for each section it is in. */
static void ini_check_keys(struct creds_ctx *x)
{
    const struct ini *ini = &x->ini;

    for (size_t i = 0; i < ini->count; i++) {
        const struct ini_entry *e = &ini->items[i];
        bool again = false;

        if (!e->key || creds_key_use(CREDS_KEYS_INI, e->key) !=
                           CREDS_KEY_UNKNOWN)
            continue;
        for (size_t j = 0; j < i && !again; j++)
            again = ini->items[j].key &&
                    strcmp(ini->items[j].key, e->key) == 0 &&
                    strcmp(ini->items[j].section, e->section) == 0;
        if (!again)
            creds_key_warn(x, x->ini_shown, CREDS_KEYS_INI, e->section,
                           e->key);
    }
    creds_key_warn_rest(x, x->ini_shown);
}

/* Tells which keys of the section that built c linkrole leaves aside. */
static void ini_note_keys(struct creds_ctx *x, const char *section,
                          const struct creds *c)
{
    const char *names[KEYS_NOTED_MAX];
    size_t n = 0;

    for (size_t i = 0; i < x->ini.count && n < KEYS_NOTED_MAX; i++)
        if (x->ini.items[i].key &&
            strcmp(x->ini.items[i].section, section) == 0)
            names[n++] = x->ini.items[i].key;
    creds_key_note(x, c, CREDS_KEYS_INI, names, n);
}

int creds_ini_load(struct creds_ctx *x)
{
    struct ini_error e;
    char *data = NULL;
    size_t len = 0;
    int rc;

    if (x->ini_state != FILE_UNTRIED)
        return x->ini_state == FILE_LOADED ? 0 : 1;
    if (!x->ini_path) {
        x->ini_state = FILE_MISSING;
        return 1;
    }
    rc = creds_file_read(x, x->ini_path, x->ini_shown, &data, &len);
    if (rc == 1)
        x->ini_state = FILE_MISSING;
    if (rc)
        goto out;
    rc = ini_parse(&x->ini, x->ini_shown, data, len, &e);
    if (rc == 0) {
        x->ini_state = FILE_LOADED;
        ini_check_keys(x);
    } else if (e.code == INI_NOMEM) {
        creds_oom(x->p);
    } else {
        struct creds_at at = { x->ini_shown, CREDS_FROM_NONE, NULL, NULL };

        creds_problem(x->p, CREDS_E_INI_SYNTAX, &at);
        x->p->ini = (int)e.code;
        x->p->line = e.line;
        x->p->limit = e.limit;
    }
out:
    if (data) {
        wipe_mem(data, len);
        free(data);
    }
    return rc;
}

/* A whole number of seconds from min to max, or a problem. */
static int ini_seconds(struct creds_ctx *x, const struct creds_at *at,
                       const char *field, const char *text, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(text, &end, 10);
    if (errno || *end || end == text) {
        creds_field_problem(x->p, CREDS_E_FIELD_TYPE, at, field);
        x->p->want = CREDS_WANT_NUMBER;
        return -1;
    }
    if (*out < CREDS_DURATION_MIN || *out > CREDS_DURATION_MAX) {
        creds_field_problem(x->p, CREDS_E_FIELD_RANGE, at, field);
        x->p->min = CREDS_DURATION_MIN;
        x->p->max = CREDS_DURATION_MAX;
        return -1;
    }
    return 0;
}

/* A role section's session name: its role_session_name, else
 * ALIBABA_CLOUD_ROLE_SESSION_NAME, as the SDKs read it; else, when own is
 * given, one of linkrole's own written there (NULL: the caller makes
 * one). */
static const char *ini_session(struct creds_ctx *x, const struct ini *ini,
                               const char *section, char *own, size_t size)
{
    const char *s = ini_get(ini, section, "role_session_name");

    if (!s)
        s = creds_env("ALIBABA_CLOUD_ROLE_SESSION_NAME");
    if (!s && own) {
        snprintf(own, size, "linkrole-%lld",
                 (long long)creds_now(x->o->client));
        s = own;
    }
    return s;
}

static int ini_build(struct creds_ctx *x, const char *section,
                     struct creds **out)
{
    const struct ini *ini = &x->ini;
    const char *type, *id, *secret;
    struct creds *inner = NULL;
    struct creds_at at = { x->ini_shown, CREDS_FROM_INI, NULL, NULL };
    char nm[CREDS_NAME_BUF], tp[CREDS_NAME_BUF], source[CREDS_LINE_BUF];

    *out = NULL;
    at.profile = creds_show(nm, section);
    type = ini_get(ini, section, "type");
    if (!type)
        return creds_field_problem(x->p, CREDS_E_FIELD_MISSING, &at, "type");
    at.mode = creds_show(tp, type);
    snprintf(source, sizeof(source), "section [%s] (%s) in %s", nm, tp,
             x->ini_shown);
    if (strcmp(type, "access_key") == 0 || strcmp(type, "sts") == 0) {
        const char *token = NULL;

        if (!(id = creds_need(x, &at, ini_get(ini, section, "access_key_id"),
                              "access_key_id")) ||
            !(secret = creds_need(x, &at,
                                  ini_get(ini, section, "access_key_secret"),
                                  "access_key_secret")))
            return -1;
        if (strcmp(type, "sts") == 0 &&
            !(token = creds_need(x, &at,
                                 ini_get(ini, section, "security_token"),
                                 "security_token")))
            return -1;
        return creds_build_static(x, source, NULL, id, secret, token, out);
    }
    if (strcmp(type, "ram_role_arn") == 0) {
        const char *arn, *session, *exp;
        long duration = CREDS_DURATION_DEFAULT;
        struct creds_role_args ra;
        char own[40];

        if (!(id = creds_need(x, &at, ini_get(ini, section, "access_key_id"),
                              "access_key_id")) ||
            !(secret = creds_need(x, &at,
                                  ini_get(ini, section, "access_key_secret"),
                                  "access_key_secret")) ||
            !(arn = creds_need(x, &at, ini_get(ini, section, "role_arn"),
                               "role_arn")))
            return -1;
        session = ini_session(x, ini, section, own, sizeof(own));
        exp = ini_get(ini, section, "role_session_expiration");
        if (exp && ini_seconds(x, &at, "role_session_expiration", exp,
                               &duration))
            return -1;
        if (creds_build_static(x, source, NULL, id, secret, NULL, &inner))
            return -1;
        /* ALIBABA_CLOUD_STS_REGION is read where every role's endpoint
         * is picked; policy narrows the session, as in the SDKs. */
        memset(&ra, 0, sizeof(ra));
        ra.role_arn = arn;
        ra.session = session;
        ra.duration = duration;
        ra.policy = ini_get(ini, section, "policy");
        return creds_build_assume_with(x, inner, source, &at, &ra, out);
    }
    if (strcmp(type, "oidc_role_arn") == 0) {
        const char *arn, *provider, *file, *exp;
        const char *sts_region = creds_env("ALIBABA_CLOUD_STS_REGION");
        long duration = CREDS_DURATION_DEFAULT;

        if (!(arn = creds_need(x, &at, ini_get(ini, section, "role_arn"),
                               "role_arn")) ||
            !(provider = creds_need(x, &at,
                                    ini_get(ini, section,
                                            "oidc_provider_arn"),
                                    "oidc_provider_arn")) ||
            !(file = creds_need(x, &at,
                                ini_get(ini, section,
                                        "oidc_token_file_path"),
                                "oidc_token_file_path")))
            return -1;
        exp = ini_get(ini, section, "role_session_expiration");
        if (exp && ini_seconds(x, &at, "role_session_expiration", exp,
                               &duration))
            return -1;
        if (sts_region && !names_region_ok(sts_region))
            return creds_field_problem(x->p, CREDS_E_ENV_NOT_REGION, NULL,
                                       "ALIBABA_CLOUD_STS_REGION");
        return creds_build_oidc(x, source, &at, NULL, arn, provider, file,
                                ini_session(x, ini, section, NULL, 0),
                                duration, NULL, sts_region, out);
    }
    if (strcmp(type, "ecs_ram_role") == 0) {
        const char *role = ini_get(ini, section, "role_name");

        if (role && !names_role_ok(role))
            return creds_field_problem(x->p, CREDS_E_FIELD_NOT_ROLE, &at,
                                       "role_name");
        return creds_build_metadata(x, source, NULL, source, NULL, role,
                                    out);
    }
    return creds_problem(x->p, CREDS_E_MODE_UNSUPPORTED, &at);
}

int creds_ini_build(struct creds_ctx *x, const char *section,
                    struct creds **out)
{
    if (ini_build(x, section, out))
        return -1;
    ini_note_keys(x, section, *out);
    return 0;
}
