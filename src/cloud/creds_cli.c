/* creds_cli — the aliyun CLI's ~/.aliyun/config.json: its shape, its
 * profiles and their modes (spelled, guessed and checked as the CLI
 * does), and ChainableRamRoleArn chains through source_profile. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/names.h"
#include "core/text.h"
#include "core/wipe.h"

#define PROFILES_MAX 256
#define CFG_MODES "AK, StsToken, RamRoleArn, ChainableRamRoleArn, " \
                  "EcsRamRole, CredentialsURI"

int creds_cli_load(struct creds_ctx *x)
{
    const cJSON *profiles, *current, *it;
    char *data = NULL;
    size_t len = 0, off = 0;
    int rc = -1, i = 0;

    if (x->cfg_state != FILE_UNTRIED)
        return x->cfg_state == FILE_LOADED ? 0 : 1;
    if (!x->cfg_path) {
        x->cfg_state = FILE_MISSING;
        return 1;
    }
    rc = creds_file_read(x, x->cfg_path, x->cfg_shown, &data, &len);
    if (rc) {
        if (rc == 1)
            x->cfg_state = FILE_MISSING;
        goto out;
    }
    rc = -1;
    if (memchr(data, '\0', len)) {
        creds_fail(x->msg, "%s: not a text file (it holds a NUL byte)",
                   x->cfg_shown);
        goto out;
    }
    x->cfg = json_parse(data, len, &off);
    if (!x->cfg) {
        size_t line, col;

        text_line_col(data, off, &line, &col);
        creds_fail(x->msg, "%s:%zu:%zu: not valid JSON", x->cfg_shown, line,
                   col);
        goto out;
    }
    if (!cJSON_IsObject(x->cfg)) {
        creds_fail(x->msg, "%s: not a JSON object", x->cfg_shown);
        goto out;
    }
    current = cJSON_GetObjectItemCaseSensitive(x->cfg, "current");
    if (current && !cJSON_IsString(current) && !cJSON_IsNull(current)) {
        creds_fail(x->msg, "%s: field \"current\" must be a string",
                   x->cfg_shown);
        goto out;
    }
    profiles = cJSON_GetObjectItemCaseSensitive(x->cfg, "profiles");
    if (profiles && !cJSON_IsArray(profiles) && !cJSON_IsNull(profiles)) {
        creds_fail(x->msg, "%s: field \"profiles\" must be an array",
                   x->cfg_shown);
        goto out;
    }
    if (cJSON_GetArraySize(profiles) > PROFILES_MAX) {
        creds_fail(x->msg, "%s: more than %d profiles", x->cfg_shown,
                   PROFILES_MAX);
        goto out;
    }
    cJSON_ArrayForEach(it, profiles) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");

        if (!cJSON_IsObject(it)) {
            creds_fail(x->msg, "%s: profiles[%d] is not an object",
                       x->cfg_shown, i);
            goto out;
        }
        if (!cJSON_IsString(name)) {
            creds_fail(x->msg,
                       "%s: profiles[%d]: field \"name\" is missing or "
                       "not a string",
                       x->cfg_shown, i);
            goto out;
        }
        i++;
    }
    x->cfg_state = FILE_LOADED;
    rc = 0;
out:
    if (data) {
        wipe_mem(data, len);
        free(data);
    }
    return rc;
}

const cJSON *creds_cli_profile(const struct creds_ctx *x, const char *name)
{
    const cJSON *it;

    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x->cfg,
                                                            "profiles")) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");

        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
            return it;
    }
    return NULL;
}

static const char *const profile_strings[] = {
    "mode", "access_key_id", "access_key_secret", "sts_token", "sts_region",
    "sts_endpoint", "ram_role_name", "ram_role_arn", "ram_session_name",
    "external_id", "source_profile", "private_key", "key_pair_name",
    "region_id", "process_command", "credentials_uri", "oidc_provider_arn",
    "oidc_token_file", "cloud_sso_sign_in_url", "bearer_token"
};

/* The CLI's modes, spelled as it spells them (NormalizeMode matches
 * them ignoring case). */
static const char *const cli_modes[] = {
    "AK", "StsToken", "RamRoleArn", "EcsRamRole", "RsaKeyPair",
    "RamRoleArnWithRoleName", "ChainableRamRoleArn", "External",
    "CredentialsURI", "OIDC", "CloudSSO", "OAuth", "BearerToken",
    "Anonymous"
};

/* A string field; absent, null and "" all count as not given. */
static const char *pstr(const cJSON *p, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(p, key);

    return cJSON_IsString(it) && *it->valuestring ? it->valuestring : NULL;
}

static int profile_check_types(struct creds_ctx *x, const cJSON *p,
                               const char *shown_name)
{
    const cJSON *it;

    for (size_t i = 0; i < sizeof(profile_strings) /
                               sizeof(profile_strings[0]); i++) {
        it = cJSON_GetObjectItemCaseSensitive(p, profile_strings[i]);
        if (!it || cJSON_IsNull(it))
            continue;
        if (!cJSON_IsString(it))
            return creds_fail(x->msg,
                              "%s: profile \"%s\": field \"%s\" must be a "
                              "string",
                              x->cfg_shown, shown_name, profile_strings[i]);
        if (strlen(it->valuestring) > CREDS_FIELD_MAX)
            return creds_fail(x->msg,
                              "%s: profile \"%s\": field \"%s\" is longer "
                              "than %u bytes",
                              x->cfg_shown, shown_name, profile_strings[i],
                              CREDS_FIELD_MAX);
    }
    it = cJSON_GetObjectItemCaseSensitive(p, "expired_seconds");
    if (it && !cJSON_IsNull(it) && !cJSON_IsNumber(it))
        return creds_fail(x->msg,
                          "%s: profile \"%s\": field \"expired_seconds\" "
                          "must be a number",
                          x->cfg_shown, shown_name);
    return 0;
}

/* The profile's mode, spelled canonically, or guessed from its fields
 * as the CLI does when "mode" is empty.  NULL: no guess. */
static const char *profile_mode(const cJSON *p, const char **raw)
{
    const char *m = pstr(p, "mode");

    *raw = m;
    if (m) {
        for (size_t i = 0; i < sizeof(cli_modes) / sizeof(cli_modes[0]);
             i++)
            if (strcasecmp(m, cli_modes[i]) == 0)
                return cli_modes[i];
        return NULL;
    }
    if (pstr(p, "access_key_id") && pstr(p, "access_key_secret")) {
        if (pstr(p, "sts_token"))
            return "StsToken";
        if (pstr(p, "ram_role_arn"))
            return "RamRoleArn";
        return "AK";
    }
    if (pstr(p, "private_key") && pstr(p, "key_pair_name"))
        return "RsaKeyPair";
    if (pstr(p, "ram_role_name"))
        return "EcsRamRole";
    if (pstr(p, "process_command"))
        return "External";
    if (pstr(p, "oidc_provider_arn") && pstr(p, "oidc_token_file") &&
        pstr(p, "ram_role_arn"))
        return "OIDC";
    if (pstr(p, "cloud_sso_sign_in_url"))
        return "CloudSSO";
    if (pstr(p, "bearer_token"))
        return "BearerToken";
    return NULL;
}

static int profile_duration(struct creds_ctx *x, const cJSON *p,
                            const char *shown_name, long *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(p, "expired_seconds");
    double v = cJSON_IsNumber(it) ? it->valuedouble : 0;

    /* 0 is what the CLI writes when it was never set (omitempty). */
    if (v == 0) {
        *out = CREDS_DURATION_DEFAULT;
        return 0;
    }
    /* In range first: only then is the cast to long defined. */
    if (!(v >= CREDS_DURATION_MIN && v <= CREDS_DURATION_MAX) ||
        v != (double)(long)v)
        return creds_fail(x->msg,
                          "%s: profile \"%s\": field \"expired_seconds\" "
                          "must be a whole number from %ld to %ld",
                          x->cfg_shown, shown_name, CREDS_DURATION_MIN,
                          CREDS_DURATION_MAX);
    *out = (long)v;
    return 0;
}

static int cfg_build(struct creds_ctx *x, const char *name, int depth,
                     const char **chain, struct creds **out);

static int cfg_chain(struct creds_ctx *x, const cJSON *p, const char *where,
                     const char *name, int depth, const char **chain,
                     struct creds **inner)
{
    const char *src =
        creds_need(x, where, pstr(p, "source_profile"), "source_profile");
    char nm[CREDS_NAME_BUF];
    struct buf loop;
    int rc = -1;

    *inner = NULL;
    buf_init(&loop, 4096);
    if (!src)
        goto out;
    chain[depth] = name;
    for (int i = 0; i <= depth; i++) {
        if (strcmp(chain[i], src) != 0)
            continue;
        for (int j = i; j <= depth; j++)
            buf_printf(&loop, "\"%s\" -> ", creds_show(nm, chain[j]));
        buf_printf(&loop, "\"%s\"", creds_show(nm, src));
        creds_fail(x->msg, "%s: source_profile makes a cycle: %s", where,
                   buf_str(&loop));
        goto out;
    }
    if (depth + 1 >= CREDS_CHAIN_MAX) {
        creds_fail(x->msg,
                   "%s: source_profile chain is longer than %d profiles",
                   where, CREDS_CHAIN_MAX);
        goto out;
    }
    if (!creds_cli_profile(x, src)) {
        creds_fail(x->msg, "%s: source_profile \"%s\" not found", where,
                   creds_show(nm, src));
        goto out;
    }
    rc = cfg_build(x, src, depth + 1, chain, inner);
out:
    buf_free(&loop);
    return rc;
}

/* Builds credentials from config.json's profile NAME (which exists);
 * chain holds the names above it in a ChainableRamRoleArn chain. */
static int cfg_build(struct creds_ctx *x, const char *name, int depth,
                     const char **chain, struct creds **out)
{
    const cJSON *p = creds_cli_profile(x, name);
    const char *mode, *raw, *region, *sts_region;
    const char *id = NULL, *secret = NULL;
    struct creds *inner = NULL;
    char nm[CREDS_NAME_BUF], where[CREDS_LINE_BUF], label[CREDS_LABEL_BUF],
        source[CREDS_LINE_BUF];
    char setby[CREDS_LINE_BUF + 48];
    long duration = 0;

    *out = NULL;
    creds_show(nm, name);
    if (profile_check_types(x, p, nm))
        return -1;
    mode = profile_mode(p, &raw);
    if (!mode && !raw)
        return creds_fail(x->msg,
                          "%s: profile \"%s\": field \"mode\" is missing "
                          "and no credentials show which it would be",
                          x->cfg_shown, nm);
    region = pstr(p, "region_id");
    if (region && !names_region_ok(region))
        return creds_fail(x->msg,
                          "%s: profile \"%s\": field \"region_id\" must "
                          "match [a-zA-Z0-9-]+",
                          x->cfg_shown, nm);
    sts_region = pstr(p, "sts_region");
    if (sts_region && !names_region_ok(sts_region))
        return creds_fail(x->msg,
                          "%s: profile \"%s\": field \"sts_region\" must "
                          "match [a-zA-Z0-9-]+",
                          x->cfg_shown, nm);
    if (mode) {
        snprintf(label, sizeof(label), "profile \"%s\" (%s)", nm, mode);
        snprintf(where, sizeof(where), "%s: %s", x->cfg_shown, label);
        snprintf(source, sizeof(source), "%s in %s", label, x->cfg_shown);
    }

    if (mode && strcmp(mode, "AK") == 0) {
        if (!(id = creds_need(x, where, pstr(p, "access_key_id"),
                              "access_key_id")) ||
            !(secret = creds_need(x, where, pstr(p, "access_key_secret"),
                                  "access_key_secret")))
            return -1;
        return creds_build_static(x, source, region, id, secret, NULL, out);
    }
    if (mode && strcmp(mode, "StsToken") == 0) {
        const char *token;

        if (!(id = creds_need(x, where, pstr(p, "access_key_id"),
                              "access_key_id")) ||
            !(secret = creds_need(x, where, pstr(p, "access_key_secret"),
                                  "access_key_secret")) ||
            !(token = creds_need(x, where, pstr(p, "sts_token"), "sts_token")))
            return -1;
        return creds_build_static(x, source, region, id, secret, token, out);
    }
    if (mode && (strcmp(mode, "RamRoleArn") == 0 ||
                 strcmp(mode, "ChainableRamRoleArn") == 0)) {
        const char *arn, *session;

        if (strcmp(mode, "RamRoleArn") == 0) {
            if (!(id = creds_need(x, where, pstr(p, "access_key_id"),
                                  "access_key_id")) ||
                !(secret = creds_need(x, where, pstr(p, "access_key_secret"),
                                      "access_key_secret")))
                return -1;
        }
        if (!(arn = creds_need(x, where, pstr(p, "ram_role_arn"),
                               "ram_role_arn")) ||
            !(session = creds_need(x, where, pstr(p, "ram_session_name"),
                                   "ram_session_name")) ||
            profile_duration(x, p, nm, &duration))
            return -1;
        if (strcmp(mode, "RamRoleArn") == 0) {
            if (creds_build_static(x, source, NULL, id, secret, NULL, &inner))
                return -1;
        } else if (cfg_chain(x, p, where, name, depth, chain, &inner)) {
            return -1;
        }
        return creds_build_assume(x, inner, source, label, region, arn,
                                  session, duration, pstr(p, "external_id"),
                                  pstr(p, "sts_endpoint"), sts_region, out);
    }
    if (mode && strcmp(mode, "EcsRamRole") == 0) {
        const char *role = pstr(p, "ram_role_name");

        if (role && !names_role_ok(role))
            return creds_fail(x->msg,
                              "%s: field \"ram_role_name\" is not a RAM "
                              "role name",
                              where);
        return creds_build_metadata(x, source, source, region, role, out);
    }
    if (mode && strcmp(mode, "CredentialsURI") == 0) {
        const char *uri = pstr(p, "credentials_uri");
        const char *dis = creds_env("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");

        if (dis && (strcmp(dis, "1") == 0 || strcasecmp(dis, "true") == 0))
            return creds_fail(x->msg,
                              "%s: CredentialsURI is turned off by "
                              "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS",
                              where);
        if (uri) {
            snprintf(setby, sizeof(setby), "%s", source);
        } else if ((uri = creds_env("ALIBABA_CLOUD_CREDENTIALS_URI")) !=
                   NULL) {
            snprintf(setby, sizeof(setby), "ALIBABA_CLOUD_CREDENTIALS_URI "
                     "for %s", source);
        } else {
            return creds_fail(x->msg,
                              "%s: field \"credentials_uri\" is missing "
                              "(and ALIBABA_CLOUD_CREDENTIALS_URI is not set)",
                              where);
        }
        return creds_build_uri(x, uri, source, setby, region, out);
    }
    return creds_fail(x->msg,
                      "profile mode %s is not supported (file %s, profile "
                      "\"%s\"); supported: " CFG_MODES,
                      mode ? mode : creds_show(label, raw), x->cfg_shown, nm);
}

int creds_cli_build(struct creds_ctx *x, const char *name, struct creds **out)
{
    const char *chain[CREDS_CHAIN_MAX + 1];

    return cfg_build(x, name, 0, chain, out);
}

const char *creds_cli_current(const struct creds_ctx *x)
{
    const char *current = pstr(x->cfg, "current");

    /* A config without "current" means the CLI's "default". */
    if (!current && creds_cli_profile(x, "default"))
        current = "default";
    return current;
}
