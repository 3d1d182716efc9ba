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

#define INI_TYPES "access_key, sts, ram_role_arn, ecs_ram_role"

/* The INI parser's refusal as one line. */
static int ini_fail(struct creds_ctx *x, const struct ini_error *e)
{
    const char *shown = e->name;
    size_t line = e->line;

    switch (e->code) {
    case INI_LINE_TOO_LONG:
        return creds_fail(x->msg, "%s:%zu: line longer than %zu bytes", shown,
                          line, e->limit);
    case INI_NUL:
        return creds_fail(x->msg, "%s:%zu: a NUL byte in the line", shown,
                          line);
    case INI_TOO_MANY:
        return creds_fail(x->msg, "%s:%zu: more than %zu entries", shown, line,
                          e->limit);
    case INI_UNCLOSED:
        return creds_fail(x->msg,
                          "%s:%zu: expected \"]\" at the end of the "
                          "section header",
                          shown, line);
    case INI_EMPTY_SECTION:
        return creds_fail(x->msg, "%s:%zu: empty section name", shown, line);
    case INI_NOT_KEY_VALUE:
        return creds_fail(x->msg, "%s:%zu: expected \"key = value\"", shown,
                          line);
    case INI_OUTSIDE_SECTION:
        return creds_fail(x->msg,
                          "%s:%zu: \"key = value\" before any "
                          "[section]",
                          shown, line);
    case INI_NOMEM:
    case INI_OK:
    default:
        return creds_oom(x->msg);
    }
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
    if (rc == 0)
        x->ini_state = FILE_LOADED;
    else
        ini_fail(x, &e);
out:
    if (data) {
        wipe_mem(data, len);
        free(data);
    }
    return rc;
}

int creds_ini_build(struct creds_ctx *x, const char *section,
                    struct creds **out)
{
    const struct ini *ini = &x->ini;
    const char *type, *id, *secret;
    struct creds *inner = NULL;
    char nm[CREDS_NAME_BUF], tp[CREDS_NAME_BUF];
    char where[CREDS_LINE_BUF], label[CREDS_LABEL_BUF], source[CREDS_LINE_BUF];
    const char *sts_region = creds_env("ALIBABA_CLOUD_STS_REGION");

    *out = NULL;
    creds_show(nm, section);
    type = ini_get(ini, section, "type");
    if (!type)
        return creds_fail(x->msg,
                          "%s: section [%s]: field \"type\" is missing",
                          x->ini_shown, nm);
    snprintf(label, sizeof(label), "section [%s] (%s)", nm,
             creds_show(tp, type));
    snprintf(where, sizeof(where), "%s: %s", x->ini_shown, label);
    snprintf(source, sizeof(source), "%s in %s", label, x->ini_shown);
    if (strcmp(type, "access_key") == 0 || strcmp(type, "sts") == 0) {
        const char *token = NULL;

        if (!(id = creds_need(x, where, ini_get(ini, section, "access_key_id"),
                              "access_key_id")) ||
            !(secret = creds_need(x, where,
                                  ini_get(ini, section, "access_key_secret"),
                                  "access_key_secret")))
            return -1;
        if (strcmp(type, "sts") == 0 &&
            !(token =
                  creds_need(x, where, ini_get(ini, section, "security_token"),
                             "security_token")))
            return -1;
        return creds_build_static(x, source, NULL, id, secret, token, out);
    }
    if (strcmp(type, "ram_role_arn") == 0) {
        const char *arn, *session, *exp;
        long duration = CREDS_DURATION_DEFAULT;

        if (!(id = creds_need(x, where, ini_get(ini, section, "access_key_id"),
                              "access_key_id")) ||
            !(secret = creds_need(x, where,
                                  ini_get(ini, section, "access_key_secret"),
                                  "access_key_secret")) ||
            !(arn = creds_need(x, where, ini_get(ini, section, "role_arn"),
                               "role_arn")) ||
            !(session = creds_need(x, where,
                                   ini_get(ini, section, "role_session_name"),
                                   "role_session_name")))
            return -1;
        exp = ini_get(ini, section, "role_session_expiration");
        if (exp) {
            char *end;

            errno = 0;
            duration = strtol(exp, &end, 10);
            if (errno || *end || end == exp)
                return creds_fail(x->msg,
                                  "%s: field \"role_session_expiration\" "
                                  "must be a number",
                                  where);
            if (duration < CREDS_DURATION_MIN || duration > CREDS_DURATION_MAX)
                return creds_fail(x->msg,
                                  "%s: field \"role_session_expiration\" "
                                  "must be between %ld and %ld",
                                  where, CREDS_DURATION_MIN,
                                  CREDS_DURATION_MAX);
        }
        if (sts_region && !names_region_ok(sts_region))
            return creds_fail(x->msg,
                              "ALIBABA_CLOUD_STS_REGION must match "
                              "[a-zA-Z0-9-]+");
        if (creds_build_static(x, source, NULL, id, secret, NULL, &inner))
            return -1;
        return creds_build_assume(x, inner, source, label, NULL, arn, session,
                                  duration, NULL, NULL, sts_region, out);
    }
    if (strcmp(type, "ecs_ram_role") == 0) {
        const char *role = ini_get(ini, section, "role_name");

        if (role && !names_role_ok(role))
            return creds_fail(x->msg,
                              "%s: field \"role_name\" is not a RAM role "
                              "name",
                              where);
        return creds_build_metadata(x, source, source, NULL, role, out);
    }
    return creds_fail(x->msg,
                      "profile type %s is not supported (file %s, section "
                      "[%s]); supported: " INI_TYPES,
                      tp, x->ini_shown, nm);
}

