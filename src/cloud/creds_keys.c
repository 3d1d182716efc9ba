/* creds_keys — every key the two credential files may hold, in one
 * table: which linkrole reads, which the aliyun CLI or the SDKs write but
 * linkrole has no use for, and, by being absent, which nobody knows (a
 * typo such as "acces_key_id"), so that nothing configured is dropped
 * without a word.  The files are checked as they are loaded; the profile
 * in use gets a --verbose note of its keys linkrole leaves aside. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <string.h>

#include "core/buf.h"

/* Where a key may be (a set of these). */
enum {
    AT_TOP = 1u << CREDS_KEYS_TOP,
    AT_PROFILE = 1u << CREDS_KEYS_PROFILE,
    AT_INI = 1u << CREDS_KEYS_INI
};

/* `where` it is known; `unused` where linkrole leaves it aside.  The
 * config.json keys are the aliyun CLI's Configuration and Profile JSON
 * tags (config/configuration.go, config/profile.go; retry_timeout is the
 * legacy spelling of read_timeout it still reads), with enable_vpc,
 * policy and duration_seconds that the credentials libraries read from
 * it too; the INI keys are those of credentials-go (v1 and v2),
 * -python and -nodejs. */
static const struct creds_key {
    const char *name;
    unsigned where, unused;
} keys[] = {
    /* config.json, the top level */
    { "current", AT_TOP, 0 },
    { "profiles", AT_TOP, 0 },
    { "meta_path", AT_TOP, AT_TOP },
    /* a profile, and a [section] */
    { "name", AT_PROFILE, 0 },
    { "mode", AT_PROFILE, 0 },
    { "type", AT_INI, 0 },
    { "access_key_id", AT_PROFILE | AT_INI, 0 },
    { "access_key_secret", AT_PROFILE | AT_INI, 0 },
    { "sts_token", AT_PROFILE, 0 },
    { "security_token", AT_INI, 0 },
    { "sts_region", AT_PROFILE, 0 },
    { "sts_endpoint", AT_PROFILE, 0 },
    { "ram_role_name", AT_PROFILE, 0 },
    { "role_name", AT_INI, 0 },
    { "ram_role_arn", AT_PROFILE, 0 },
    { "role_arn", AT_INI, 0 },
    { "ram_session_name", AT_PROFILE, 0 },
    { "role_session_name", AT_INI, 0 },
    { "expired_seconds", AT_PROFILE, 0 },
    { "role_session_expiration", AT_INI, 0 },
    { "external_id", AT_PROFILE, 0 },
    { "source_profile", AT_PROFILE, 0 },
    { "policy", AT_PROFILE | AT_INI, 0 },
    { "region_id", AT_PROFILE, 0 },
    { "credentials_uri", AT_PROFILE, 0 },
    { "endpoint_type", AT_PROFILE, 0 },
    { "enable_vpc", AT_PROFILE, 0 },
    /* the other logins: OIDC, External, CloudSSO, OAuth */
    { "oidc_provider_arn", AT_PROFILE | AT_INI, 0 },
    { "oidc_token_file", AT_PROFILE, 0 },
    { "oidc_token_file_path", AT_INI, 0 },
    { "duration_seconds", AT_PROFILE, 0 },
    { "process_command", AT_PROFILE, 0 },
    { "cloud_sso_sign_in_url", AT_PROFILE, 0 },
    { "access_token", AT_PROFILE, 0 },
    { "cloud_sso_access_token_expire", AT_PROFILE, 0 },
    { "sts_expiration", AT_PROFILE, 0 },
    { "cloud_sso_access_config", AT_PROFILE, 0 },
    { "cloud_sso_account_id", AT_PROFILE, 0 },
    { "oauth_access_token", AT_PROFILE, 0 },
    { "oauth_refresh_token", AT_PROFILE, 0 },
    { "oauth_access_token_expire", AT_PROFILE, 0 },
    { "oauth_refresh_token_expire", AT_PROFILE, 0 },
    { "oauth_site_type", AT_PROFILE, 0 },
    /* known, and left aside: settings of the CLI's own, and logins
     * linkrole does not take (RsaKeyPair, BearerToken) */
    { "private_key", AT_PROFILE, AT_PROFILE },
    { "key_pair_name", AT_PROFILE, AT_PROFILE },
    { "verified", AT_PROFILE, AT_PROFILE },
    { "output_format", AT_PROFILE, AT_PROFILE },
    { "language", AT_PROFILE, AT_PROFILE },
    { "site", AT_PROFILE, AT_PROFILE },
    { "read_timeout", AT_PROFILE, AT_PROFILE },
    { "retry_timeout", AT_PROFILE, AT_PROFILE },
    { "connect_timeout", AT_PROFILE | AT_INI, AT_PROFILE | AT_INI },
    { "retry_count", AT_PROFILE, AT_PROFILE },
    { "endpoint", AT_PROFILE, AT_PROFILE },
    { "external_account_type", AT_PROFILE, AT_PROFILE },
    { "auto_plugin_install", AT_PROFILE, AT_PROFILE },
    { "auto_plugin_install_enable_pre", AT_PROFILE, AT_PROFILE },
    { "bearer_token", AT_PROFILE | AT_INI, AT_PROFILE | AT_INI },
    { "bearer_token_header_key", AT_PROFILE, AT_PROFILE },
    { "public_key_id", AT_INI, AT_INI },
    { "private_key_file", AT_INI, AT_INI },
    { "session_expiration", AT_INI, AT_INI },
    { "timeout", AT_INI, AT_INI },
    { "proxy", AT_INI, AT_INI },
    { "host", AT_INI, AT_INI }
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))
/* Unknown keys of one file named one by one; the rest are counted. */
#define UNKNOWN_NAMED_MAX 16

enum creds_key_use creds_key_use(enum creds_key_place place,
                                 const char *key)
{
    unsigned at = 1u << place;

    for (size_t i = 0; i < NKEYS; i++)
        if ((keys[i].where & at) && strcmp(keys[i].name, key) == 0)
            return (keys[i].unused & at) ? CREDS_KEY_UNUSED : CREDS_KEY_READ;
    return CREDS_KEY_UNKNOWN;
}

/* The edit distance of a and b (insertions, deletions, substitutions,
 * and a swap of neighbours), or a large number when either is longer
 * than a key could be. */
static size_t distance(const char *a, const char *b)
{
    enum { MAXLEN = 40 };
    size_t la = strlen(a), lb = strlen(b);
    size_t d[MAXLEN + 1][MAXLEN + 1];

    if (la > MAXLEN || lb > MAXLEN)
        return (size_t)-1;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *creds_key_near(enum creds_key_place place, const char *key)
{
    unsigned at = 1u << place;
    const char *near = NULL;
    /* Two edits at most, and fewer than a third of the key: "acces_key_id"
     * is near access_key_id, "mod" is not near "mode"'s neighbours. */
    size_t best = strlen(key) / 3 < 2 ? strlen(key) / 3 : 2;

    for (size_t i = 0; i < NKEYS; i++) {
        size_t d;

        if (!(keys[i].where & at))
            continue;
        d = distance(key, keys[i].name);
        if (d <= best && d > 0) {
            best = d;
            near = keys[i].name;
        }
    }
    return near;
}

void creds_key_warn(struct creds_ctx *x, const char *file,
                    enum creds_key_place place, const char *profile,
                    const char *key)
{
    struct creds_warning w;
    const char *near;
    char nm[CREDS_NAME_BUF];

    if (!x->o->warn || ++x->unknown_keys > UNKNOWN_NAMED_MAX)
        return;
    memset(&w, 0, sizeof(w));
    w.code = CREDS_W_UNKNOWN_KEY;
    w.origin = place == CREDS_KEYS_INI ? CREDS_FROM_INI : CREDS_FROM_CONFIG;
    CREDS_PUT(w.file, file);
    if (profile)
        CREDS_PUT(w.profile, creds_show(nm, profile));
    CREDS_PUT(w.field, creds_show(nm, key));
    near = creds_key_near(place, key);
    if (near)
        CREDS_PUT(w.near, near);
    x->o->warn(x->o->warn_ctx, &w);
}

void creds_key_warn_rest(struct creds_ctx *x, const char *file)
{
    struct creds_warning w;

    if (x->o->warn && x->unknown_keys > UNKNOWN_NAMED_MAX) {
        memset(&w, 0, sizeof(w));
        w.code = CREDS_W_UNKNOWN_KEYS_MORE;
        CREDS_PUT(w.file, file);
        w.count = x->unknown_keys - UNKNOWN_NAMED_MAX;
        x->o->warn(x->o->warn_ctx, &w);
    }
    x->unknown_keys = 0;
}

void creds_key_note(struct creds_ctx *x, const struct creds *c,
                    enum creds_key_place place, const char *const *names,
                    size_t n)
{
    struct creds_note note;
    struct buf list;
    char nm[CREDS_NAME_BUF];

    if (!x->o->note)
        return;
    buf_init(&list, CREDS_SHOWN_MAX);
    for (size_t i = 0; i < n; i++) {
        bool again = false;

        if (creds_key_use(place, names[i]) != CREDS_KEY_UNUSED)
            continue;
        /* A key repeated in a section is named once. */
        for (size_t j = 0; j < i; j++)
            again = again || strcmp(names[j], names[i]) == 0;
        if (again)
            continue;
        if ((buf_len(&list) && buf_adds(&list, ", ") != BUF_OK) ||
            buf_adds(&list, creds_show(nm, names[i])) != BUF_OK)
            break;
    }
    if (buf_len(&list)) {
        memset(&note, 0, sizeof(note));
        note.code = CREDS_N_UNUSED_KEYS;
        note.source = c->source;
        note.detail = buf_str(&list);
        x->o->note(x->o->note_ctx, &note);
    }
    buf_free(&list);
}
