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
/* Keys of the profile in use looked at for the --verbose note. */
#define KEYS_NOTED_MAX 128

/* The aliyun CLI reads config.json with Go's encoding/json: a key
 * matches a field whatever its ASCII case, and a key given twice takes
 * its last value.  linkrole reads keys as it does, so the two never act
 * with different profiles or keys on the same file, and says so when a
 * key is given twice (a file edited by hand, or merged). */

static void cfg_warn(struct creds_ctx *x, enum creds_warning_code code,
                     const char *profile, const char *field)
{
    struct creds_warning w;
    char nm[CREDS_NAME_BUF];

    if (!x->o->warn)
        return;
    memset(&w, 0, sizeof(w));
    w.code = code;
    CREDS_PUT(w.file, x->cfg_shown);
    if (profile)
        CREDS_PUT(w.profile, creds_show(nm, profile));
    if (field)
        CREDS_PUT(w.field, creds_show(nm, field));
    x->o->warn(x->o->warn_ctx, &w);
}

static bool same_key(const cJSON *a, const cJSON *b)
{
    return a->string && b->string && strcmp(a->string, b->string) == 0;
}

/* The string value the last of obj's "name" keys has (the one kept). */
static const char *last_name(const cJSON *obj)
{
    const char *name = NULL;
    const cJSON *it;

    for (it = obj->child; it; it = it->next)
        if (it->string && strcmp(it->string, "name") == 0)
            name = cJSON_IsString(it) ? it->valuestring : NULL;
    return name;
}

/* obj's keys in lower case (ASCII), then of each key given more than
 * once only the last kept, with one warning per key (naming the profile
 * when obj is one). */
static void cfg_last_wins(struct creds_ctx *x, cJSON *obj, bool profile)
{
    cJSON *it, *next, *other;
    const char *name;

    for (it = obj->child; it; it = it->next)
        for (char *c = it->string; c && *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
    name = profile ? last_name(obj) : NULL;
    for (it = obj->child; it; it = it->next) {
        bool earlier = false, later = false;

        for (other = obj->child; other != it; other = other->next)
            earlier = earlier || same_key(other, it);
        for (other = it->next; other; other = other->next)
            later = later || same_key(other, it);
        if (later && !earlier)
            cfg_warn(x, CREDS_W_DUPLICATE_KEY, name, it->string);
    }
    for (it = obj->child; it; it = next) {
        bool later = false;

        next = it->next;
        for (other = it->next; other; other = other->next)
            later = later || same_key(other, it);
        /* It may hold a secret: wiped as it goes. */
        if (later)
            json_delete_wiped(cJSON_DetachItemViaPointer(obj, it));
    }
}

/* Each profile's keys, then a warning for each name two profiles share:
 * the CLI's GetProfile takes the first of them, and so does
 * creds_cli_profile, so here the first wins. */
static void cfg_profiles_last_wins(struct creds_ctx *x,
                                   const cJSON *profiles)
{
    cJSON *it;

    cJSON_ArrayForEach(it, profiles)
        if (cJSON_IsObject(it))
            cfg_last_wins(x, it, true);
    cJSON_ArrayForEach(it, profiles) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
        const cJSON *other;
        int before = 0;

        if (!cJSON_IsString(name))
            continue;
        for (other = profiles->child; other != it; other = other->next) {
            const cJSON *n = cJSON_GetObjectItemCaseSensitive(other, "name");

            before += cJSON_IsString(n) &&
                      strcmp(n->valuestring, name->valuestring) == 0;
        }
        /* Said once, at the second profile of that name. */
        if (before == 1)
            cfg_warn(x, CREDS_W_DUPLICATE_PROFILE, name->valuestring, NULL);
    }
}

/* Names each key of obj (the top level, or the profile NAME) that
 * nobody knows. */
static void cfg_check_keys(struct creds_ctx *x, const cJSON *obj,
                           enum creds_key_place place, const char *name)
{
    const cJSON *it;

    for (it = obj->child; it; it = it->next)
        if (it->string && creds_key_use(place, it->string) ==
                              CREDS_KEY_UNKNOWN)
            creds_key_warn(x, x->cfg_shown, place, name, it->string);
}

/* A problem with config.json as a whole. */
static int cfg_problem(struct creds_ctx *x, enum creds_problem_code code)
{
    struct creds_at at = { x->cfg_shown, CREDS_FROM_NONE, NULL, NULL };

    return creds_problem(x->p, code, &at);
}

int creds_cli_load(struct creds_ctx *x)
{
    const cJSON *profiles, *current, *it;
    char *data = NULL;
    size_t len = 0, off = 0, i = 0;
    int rc = -1;

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
        cfg_problem(x, CREDS_E_FILE_NUL);
        goto out;
    }
    x->cfg = json_parse(data, len, &off);
    if (!x->cfg) {
        cfg_problem(x, json_refusal(data, len, NULL) == JSON_REFUSAL_NUL
                           ? CREDS_E_JSON_NUL : CREDS_E_JSON_SYNTAX);
        text_line_col(data, off, &x->p->line, &x->p->column);
        goto out;
    }
    if (!cJSON_IsObject(x->cfg)) {
        cfg_problem(x, CREDS_E_JSON_NOT_OBJECT);
        goto out;
    }
    cfg_last_wins(x, x->cfg, false);
    current = cJSON_GetObjectItemCaseSensitive(x->cfg, "current");
    if (current && !cJSON_IsString(current) && !cJSON_IsNull(current)) {
        cfg_problem(x, CREDS_E_FIELD_TYPE);
        CREDS_PUT(x->p->field, "current");
        x->p->want = CREDS_WANT_STRING;
        goto out;
    }
    profiles = cJSON_GetObjectItemCaseSensitive(x->cfg, "profiles");
    if (profiles && !cJSON_IsArray(profiles) && !cJSON_IsNull(profiles)) {
        cfg_problem(x, CREDS_E_FIELD_TYPE);
        CREDS_PUT(x->p->field, "profiles");
        x->p->want = CREDS_WANT_ARRAY;
        goto out;
    }
    if (cJSON_GetArraySize(profiles) > PROFILES_MAX) {
        cfg_problem(x, CREDS_E_TOO_MANY_PROFILES);
        x->p->limit = PROFILES_MAX;
        goto out;
    }
    cfg_profiles_last_wins(x, profiles);
    cfg_check_keys(x, x->cfg, CREDS_KEYS_TOP, NULL);
    cJSON_ArrayForEach(it, profiles)
        if (cJSON_IsObject(it))
            cfg_check_keys(x, it, CREDS_KEYS_PROFILE, last_name(it));
    creds_key_warn_rest(x, x->cfg_shown);
    cJSON_ArrayForEach(it, profiles) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");

        if (!cJSON_IsObject(it) || !cJSON_IsString(name)) {
            cfg_problem(x, cJSON_IsObject(it) ? CREDS_E_PROFILE_NO_NAME
                                              : CREDS_E_PROFILE_NOT_OBJECT);
            x->p->index = i;
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
    "oidc_token_file", "cloud_sso_sign_in_url", "bearer_token",
    "endpoint_type", "policy"
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

const char *creds_cli_current(const struct creds_ctx *x)
{
    const char *current = pstr(x->cfg, "current");

    /* A config without "current" means the CLI's "default". */
    if (!current && creds_cli_profile(x, "default"))
        current = "default";
    return current;
}

/* at: the profile, its mode not known yet. */
static int profile_check_types(struct creds_ctx *x, const cJSON *p,
                               const struct creds_at *at)
{
    const cJSON *it;

    for (size_t i = 0; i < sizeof(profile_strings) /
                               sizeof(profile_strings[0]); i++) {
        it = cJSON_GetObjectItemCaseSensitive(p, profile_strings[i]);
        if (!it || cJSON_IsNull(it))
            continue;
        if (!cJSON_IsString(it)) {
            creds_field_problem(x->p, CREDS_E_FIELD_TYPE, at,
                                profile_strings[i]);
            x->p->want = CREDS_WANT_STRING;
            return -1;
        }
        if (strlen(it->valuestring) > CREDS_FIELD_MAX) {
            creds_field_problem(x->p, CREDS_E_FIELD_TOO_LONG, at,
                                profile_strings[i]);
            x->p->limit = CREDS_FIELD_MAX;
            return -1;
        }
    }
    it = cJSON_GetObjectItemCaseSensitive(p, "expired_seconds");
    if (it && !cJSON_IsNull(it) && !cJSON_IsNumber(it)) {
        creds_field_problem(x->p, CREDS_E_FIELD_TYPE, at, "expired_seconds");
        x->p->want = CREDS_WANT_NUMBER;
        return -1;
    }
    /* credentials-go's switch for VPC endpoints: a JSON boolean. */
    it = cJSON_GetObjectItemCaseSensitive(p, "enable_vpc");
    if (it && !cJSON_IsNull(it) && !cJSON_IsBool(it)) {
        creds_field_problem(x->p, CREDS_E_FIELD_TYPE, at, "enable_vpc");
        x->p->want = CREDS_WANT_BOOL;
        return -1;
    }
    return 0;
}

/* The profile asks for VPC endpoints. */
static bool profile_vpc(const cJSON *p)
{
    return creds_is_vpc_type(pstr(p, "endpoint_type")) ||
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "enable_vpc"));
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
                            const struct creds_at *at, long *out)
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
        v != (double)(long)v) {
        creds_field_problem(x->p, CREDS_E_FIELD_NOT_WHOLE, at,
                            "expired_seconds");
        x->p->min = CREDS_DURATION_MIN;
        x->p->max = CREDS_DURATION_MAX;
        return -1;
    }
    *out = (long)v;
    return 0;
}

static int cfg_build(struct creds_ctx *x, const char *name, int depth,
                     const char **chain, struct creds **out);

/* The credentials a ChainableRamRoleArn profile (at, named name, depth
 * links down the chain) assumes its role with. */
static int cfg_chain(struct creds_ctx *x, const cJSON *p,
                     const struct creds_at *at, const char *name, int depth,
                     const char **chain, struct creds **inner)
{
    const char *src = creds_need(x, at, pstr(p, "source_profile"),
                                 "source_profile");
    char nm[CREDS_NAME_BUF];

    *inner = NULL;
    if (!src)
        return -1;
    chain[depth] = name;
    for (int i = 0; i <= depth; i++) {
        if (strcmp(chain[i], src) != 0)
            continue;
        /* Round the loop and back to where it starts. */
        creds_problem(x->p, CREDS_E_CHAIN_CYCLE, at);
        for (int j = i; j <= depth + 1; j++) {
            size_t k = x->p->nnames++;

            CREDS_PUT(x->p->names[k],
                      creds_show(nm, j <= depth ? chain[j] : src));
        }
        return -1;
    }
    if (depth + 1 >= CREDS_CHAIN_MAX) {
        creds_problem(x->p, CREDS_E_CHAIN_TOO_LONG, at);
        x->p->limit = CREDS_CHAIN_MAX;
        return -1;
    }
    if (!creds_cli_profile(x, src)) {
        creds_problem(x->p, CREDS_E_SOURCE_NOT_FOUND, at);
        CREDS_PUT(x->p->value, creds_show(nm, src));
        return -1;
    }
    return cfg_build(x, src, depth + 1, chain, inner);
}

/* Where a CredentialsURI profile's URI comes from. */
static int cfg_uri(struct creds_ctx *x, const cJSON *p,
                   const struct creds_at *at, const char *source,
                   const char *region, struct creds **out)
{
    const char *uri = pstr(p, "credentials_uri");
    const char *dis = creds_env("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");

    if (dis && (strcmp(dis, "1") == 0 || strcasecmp(dis, "true") == 0))
        return creds_problem(x->p, CREDS_E_URI_TURNED_OFF, at);
    if (uri)
        return creds_build_uri(x, uri, source, NULL, source, region, out);
    uri = creds_env("ALIBABA_CLOUD_CREDENTIALS_URI");
    if (!uri)
        return creds_field_problem(x->p, CREDS_E_URI_MISSING, at,
                                   "credentials_uri");
    return creds_build_uri(x, uri, source, "ALIBABA_CLOUD_CREDENTIALS_URI",
                           source, region, out);
}

/* A RamRoleArn or ChainableRamRoleArn profile. */
static int cfg_role(struct creds_ctx *x, const cJSON *p,
                    const struct creds_at *at, const struct creds_at *at_name,
                    const char *name, int depth, const char **chain,
                    const char *source, struct creds **out)
{
    const char *id = NULL, *secret = NULL, *arn, *session;
    bool own_key = strcmp(at->mode, "RamRoleArn") == 0;
    struct creds_role_args a;
    struct creds *inner = NULL;
    long duration = 0;

    if (own_key &&
        (!(id = creds_need(x, at, pstr(p, "access_key_id"),
                           "access_key_id")) ||
         !(secret = creds_need(x, at, pstr(p, "access_key_secret"),
                               "access_key_secret"))))
        return -1;
    if (!(arn = creds_need(x, at, pstr(p, "ram_role_arn"),
                           "ram_role_arn")) ||
        !(session = creds_need(x, at, pstr(p, "ram_session_name"),
                               "ram_session_name")) ||
        profile_duration(x, p, at_name, &duration))
        return -1;
    /* A key pair with a sts_token is an STS key: AssumeRole is signed
     * with the token too, as the aliyun CLI does. */
    if (own_key ? creds_build_static(x, source, NULL, id, secret,
                                     pstr(p, "sts_token"), &inner)
                : cfg_chain(x, p, at, name, depth, chain, &inner))
        return -1;
    memset(&a, 0, sizeof(a));
    a.region = pstr(p, "region_id");
    a.role_arn = arn;
    a.session = session;
    a.duration = duration;
    a.external_id = pstr(p, "external_id");
    a.policy = pstr(p, "policy");
    a.sts_endpoint = pstr(p, "sts_endpoint");
    a.sts_region = pstr(p, "sts_region");
    a.vpc = profile_vpc(p);
    return creds_build_assume_with(x, inner, source, at, &a, out);
}

/* An OIDC profile: a role assumed with the token in oidc_token_file. */
static int cfg_oidc(struct creds_ctx *x, const cJSON *p,
                    const struct creds_at *at, const struct creds_at *at_name,
                    const char *source, struct creds **out)
{
    const char *provider, *file, *arn, *session;
    long duration = 0;

    if (!(provider = creds_need(x, at, pstr(p, "oidc_provider_arn"),
                                "oidc_provider_arn")) ||
        !(file = creds_need(x, at, pstr(p, "oidc_token_file"),
                            "oidc_token_file")) ||
        !(arn = creds_need(x, at, pstr(p, "ram_role_arn"),
                           "ram_role_arn")) ||
        !(session = creds_need(x, at, pstr(p, "ram_session_name"),
                               "ram_session_name")) ||
        profile_duration(x, p, at_name, &duration))
        return -1;
    return creds_build_oidc(x, source, at, pstr(p, "region_id"), arn,
                            provider, file, session, duration,
                            pstr(p, "sts_endpoint"), pstr(p, "sts_region"),
                            out);
}

/* A CloudSSO or OAuth profile: the STS keys the aliyun CLI cached at its
 * last login, good until sts_expiration (Unix seconds). */
static int cfg_login(struct creds_ctx *x, const cJSON *p,
                     const struct creds_at *at, const char *source,
                     struct creds **out)
{
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(p, "sts_expiration");
    double v = cJSON_IsNumber(exp) ? exp->valuedouble : 0;

    if (exp && !cJSON_IsNull(exp) && !cJSON_IsNumber(exp)) {
        creds_field_problem(x->p, CREDS_E_FIELD_TYPE, at, "sts_expiration");
        x->p->want = CREDS_WANT_NUMBER;
        return -1;
    }
    /* In range first, so the cast is defined; a time past 9999 is not one
     * the CLI writes. */
    if (!(v >= 0 && v < 253402300800.0))
        v = 0;
    return creds_build_cached(x, source, at, pstr(p, "region_id"),
                              pstr(p, "access_key_id"),
                              pstr(p, "access_key_secret"),
                              pstr(p, "sts_token"), (time_t)v, out);
}

/* Builds credentials from config.json's profile NAME (which exists);
 * chain holds the names above it in a ChainableRamRoleArn chain. */
static int cfg_build(struct creds_ctx *x, const char *name, int depth,
                     const char **chain, struct creds **out)
{
    const cJSON *p = creds_cli_profile(x, name);
    const char *mode, *raw, *region, *sts_region;
    struct creds_at at_name = { x->cfg_shown, CREDS_FROM_CONFIG, NULL, NULL };
    struct creds_at at;
    char nm[CREDS_NAME_BUF], rawnm[CREDS_NAME_BUF], source[CREDS_LINE_BUF];

    *out = NULL;
    at_name.profile = creds_show(nm, name);
    if (profile_check_types(x, p, &at_name))
        return -1;
    mode = profile_mode(p, &raw);
    if (!mode && !raw)
        return creds_problem(x->p, CREDS_E_MODE_UNKNOWN, &at_name);
    region = pstr(p, "region_id");
    if (region && !names_region_ok(region))
        return creds_field_problem(x->p, CREDS_E_FIELD_NOT_REGION, &at_name,
                                   "region_id");
    sts_region = pstr(p, "sts_region");
    if (sts_region && !names_region_ok(sts_region))
        return creds_field_problem(x->p, CREDS_E_FIELD_NOT_REGION, &at_name,
                                   "sts_region");
    at = at_name;
    at.mode = mode ? mode : creds_show(rawnm, raw);
    snprintf(source, sizeof(source), "profile \"%s\" (%s) in %s", nm,
             at.mode, x->cfg_shown);

    if (mode && (strcmp(mode, "AK") == 0 || strcmp(mode, "StsToken") == 0)) {
        const char *id, *secret, *token = NULL;

        if (!(id = creds_need(x, &at, pstr(p, "access_key_id"),
                              "access_key_id")) ||
            !(secret = creds_need(x, &at, pstr(p, "access_key_secret"),
                                  "access_key_secret")))
            return -1;
        if (strcmp(mode, "StsToken") == 0 &&
            !(token = creds_need(x, &at, pstr(p, "sts_token"), "sts_token")))
            return -1;
        return creds_build_static(x, source, region, id, secret, token, out);
    }
    if (mode && (strcmp(mode, "RamRoleArn") == 0 ||
                 strcmp(mode, "ChainableRamRoleArn") == 0))
        return cfg_role(x, p, &at, &at_name, name, depth, chain, source,
                        out);
    if (mode && strcmp(mode, "EcsRamRole") == 0) {
        const char *role = pstr(p, "ram_role_name");

        if (role && !names_role_ok(role))
            return creds_field_problem(x->p, CREDS_E_FIELD_NOT_ROLE, &at,
                                       "ram_role_name");
        return creds_build_metadata(x, source, NULL, source, region, role,
                                    out);
    }
    if (mode && strcmp(mode, "CredentialsURI") == 0)
        return cfg_uri(x, p, &at, source, region, out);
    if (mode && strcmp(mode, "OIDC") == 0)
        return cfg_oidc(x, p, &at, &at_name, source, out);
    if (mode && (strcmp(mode, "CloudSSO") == 0 ||
                 strcmp(mode, "OAuth") == 0))
        return cfg_login(x, p, &at, source, out);
    if (mode && strcmp(mode, "External") == 0)
        return creds_build_external(x, source, &at, region,
                                    pstr(p, "process_command"), out);
    return creds_problem(x->p, CREDS_E_MODE_UNSUPPORTED, &at);
}

int creds_cli_build(struct creds_ctx *x, const char *name,
                    struct creds **out)
{
    const char *chain[CREDS_CHAIN_MAX + 1];
    const char *names[KEYS_NOTED_MAX];
    const cJSON *p = creds_cli_profile(x, name), *it;
    size_t n = 0;

    if (cfg_build(x, name, 0, chain, out))
        return -1;
    /* The profile in use decides the API's endpoints, whatever its
     * kind (a source profile's setting is its own STS call's). */
    (*out)->vpc = (*out)->vpc || profile_vpc(p);
    for (it = p->child; it && n < KEYS_NOTED_MAX; it = it->next)
        if (it->string)
            names[n++] = it->string;
    creds_key_note(x, *out, CREDS_KEYS_PROFILE, names, n);
    return 0;
}
