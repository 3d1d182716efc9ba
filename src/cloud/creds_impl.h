/* creds_impl — what the credential modules share, and nothing else uses.
 *
 * creds.c holds the object, its use and the problem helpers; creds_chain.c
 * the order of the sources; creds_cli.c and creds_ini.c the two profile
 * files (read by creds_file.c); creds_fetch.c the recipes that fetch keys
 * over HTTP, creds_sts.c the one that assumes a role.  Problems are
 * filled, never worded, here. */
#ifndef LINKROLE_CREDS_IMPL_H
#define LINKROLE_CREDS_IMPL_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cloud/creds.h"
#include "core/ini.h"

/* Bounds on what we accept from files and services. */
#define CREDS_FILE_MAX (1u << 20)
#define CREDS_FIELD_MAX 16384u
#define CREDS_NAME_SHOWN_MAX 64
#define CREDS_NAME_BUF (CREDS_NAME_SHOWN_MAX + 8)
#define CREDS_LINE_BUF 2048

/* How long an assumed role's keys last, in seconds. */
#define CREDS_DURATION_DEFAULT 3600L
#define CREDS_DURATION_MIN 900L
#define CREDS_DURATION_MAX 43200L

enum creds_kind { KIND_STATIC, KIND_ASSUME, KIND_METADATA, KIND_URI,
                  KIND_OIDC, KIND_CACHED, KIND_EXTERNAL };

struct creds {
    enum creds_kind kind;
    char *source;               /* for whoami: never a secret */
    char *region;               /* validated region_id, or NULL */
    char *id, *secret, *token;
    time_t expires;             /* 0: they never expire */
    time_t retry_at;            /* after a failed refresh: not before */
    const struct api_client *client;
    void (*note)(void *ctx, const struct creds_note *n);
    void *note_ctx;
    void (*tell_secret)(void *ctx, const char *secret);
    void *tell_secret_ctx;
    /* KIND_ASSUME: the profile, for problems and notes */
    enum creds_origin origin;
    char *profile, *mode;       /* as shown */
    struct creds *inner;        /* what the role is assumed with */
    char *role_arn, *session, *external_id, *sts_endpoint;
    char *policy;               /* AssumeRole's Policy, or NULL */
    long duration;
    /* The profile asks for VPC endpoints (endpoint_type "vpc", or
     * enable_vpc): for its STS and, at the top, for the API. */
    bool vpc;
    /* KIND_METADATA and KIND_URI */
    char *url;                  /* metadata base URL, or the URI */
    char *url_shown;            /* the same, fit to show */
    char *setby_var;            /* the variable that asked for it, */
    char *setby_source;         /* and/or the profile that did */
    char *role;                 /* metadata role; NULL: ask the service */
    /* The chain's own guess that this may be an ECS instance: short
     * timeouts, and no answer at all to the first request means "not
     * on ECS" (CREDS_E_MD_NOT_THERE) rather than a failure. */
    bool probe;
    char *elide[2];             /* URI parts never to show */
    /* KIND_OIDC (with role_arn, session, duration, sts_endpoint and
     * origin, profile, mode): the token file is read at every fetch */
    char *oidc_provider_arn, *token_file, *token_file_shown;
    /* KIND_CACHED (a CloudSSO or OAuth profile's keys, which only the
     * aliyun CLI can renew) and KIND_EXTERNAL: the file, for problems */
    char *file_shown;
    /* KIND_EXTERNAL: the command, split; argv[0] is shown, never the
     * rest (an argument may be a secret) */
    char **argv;
};

/* Where a problem is found: a file, and a profile or section in it. */
struct creds_at {
    const char *file;
    enum creds_origin origin;   /* CONFIG or INI; NONE: the file itself */
    const char *profile;        /* as shown; NULL: the file itself */
    const char *mode;           /* as shown; NULL: not known yet */
};

enum creds_file_state { FILE_UNTRIED, FILE_MISSING, FILE_LOADED };

/* One resolve: options, file paths, and each file read at most once. */
struct creds_ctx {
    const struct creds_options *o;
    struct creds_problem *p;
    char *cfg_path, *cfg_shown;
    char *ini_path, *ini_shown;
    char *md_base;
    enum creds_file_state cfg_state, ini_state;
    cJSON *cfg;
    struct ini ini;
    /* unknown keys found in the file being checked (creds_keys.c) */
    size_t unknown_keys;
    /* the sources passed over so far, for CREDS_E_NOTHING_FOUND */
    struct creds_tried tried[CREDS_TRIED_MAX];
    size_t ntried;
    /* a source was passed over because STS could not be reached */
    bool unreachable;
};

/* --- small helpers (creds.c) --- */

/* A variable's value; unset and "" are both NULL. */
const char *creds_env(const char *name);
/* The variable is "true", in any case. */
bool creds_env_true(const char *name);
/* Copies s into *dst (NULL stays NULL).  Returns -1 when out of memory. */
int creds_sdup(char **dst, const char *s);
char *creds_concat(const char *a, const char *b);
time_t creds_now(const struct api_client *cl);
/* A name from a file, fit for a message: control bytes become '?', and
 * a long one is cut with "...". */
const char *creds_show(char out[CREDS_NAME_BUF], const char *s);

/* --- problems (creds.c) --- */

/* Copies s (NULL: "") into dst[size], cut with "..." when too long. */
void creds_put(char *dst, size_t size, const char *s);
#define CREDS_PUT(dst, s) creds_put((dst), sizeof(dst), (s))
/* Starts *p afresh as code, at a place (NULL: none).  Returns -1. */
int creds_problem(struct creds_problem *p, enum creds_problem_code code,
                  const struct creds_at *at);
/* The same, about a field. */
int creds_field_problem(struct creds_problem *p,
                        enum creds_problem_code code,
                        const struct creds_at *at, const char *field);
int creds_oom(struct creds_problem *p);
/* Tells the creds' note callback, if any. */
void creds_tell(const struct creds *c, const struct creds_note *n);
/* Tells it that c's role was assumed (CREDS_N_ASSUMED). */
void creds_tell_assumed(const struct creds *c);

/* The four fields an STS, metadata or credentials-URI answer holds keys
 * in, in this order. */
extern const char *const creds_key_fields[4];
/* Points v[] at obj's four key fields: 0, or 1 + the index of the first
 * that is missing, not a string, empty or longer than CREDS_FIELD_MAX. */
size_t creds_keys_of(const cJSON *obj, const char *v[4]);

/* --- the object (creds.c) --- */

struct creds *creds_new(enum creds_kind kind, const struct creds_ctx *x);
/* Puts new keys in place of the old ones, which are wiped. */
int creds_install(struct creds *c, const char *id, const char *secret,
                  const char *token, time_t expires);
int creds_build_static(struct creds_ctx *x, const char *source,
                       const char *region, const char *id,
                       const char *secret, const char *token,
                       struct creds **out);
/* A required field: returns v, or NULL with a FIELD_MISSING problem. */
const char *creds_need(struct creds_ctx *x, const struct creds_at *at,
                       const char *v, const char *field);

/* --- fetching (creds_fetch.c) --- */

/* Runs the recipe of c (nothing for static keys). */
int creds_fetch(struct creds *c, struct creds_problem *p);
/* The AssumeRole recipe (creds_sts.c). */
int creds_sts_fetch(struct creds *c, struct creds_problem *p);
/* An assumed role for the profile at `at`: inner is taken over (freed
 * on failure too). */
int creds_build_assume(struct creds_ctx *x, struct creds *inner,
                       const char *source, const struct creds_at *at,
                       const char *region, const char *role_arn,
                       const char *session, long duration,
                       const char *external_id, const char *sts_ep,
                       const char *sts_region, struct creds **out);
/* The same with every setting a role profile may give. */
struct creds_role_args {
    const char *region;         /* the profile's region_id */
    const char *role_arn, *session;
    long duration;
    const char *external_id;    /* NULL: none */
    const char *policy;         /* NULL: none; checked here */
    const char *policy_field;   /* the key it came from, for problems */
    const char *sts_endpoint;   /* the profile's; NULL: not given */
    const char *sts_region;     /* the profile's; NULL: not given */
    bool vpc;                   /* the profile asks for VPC endpoints */
};
int creds_build_assume_with(struct creds_ctx *x, struct creds *inner,
                            const char *source, const struct creds_at *at,
                            const struct creds_role_args *a,
                            struct creds **out);
/* ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED is "true", or the endpoint type
 * variables (ALIBABA_CLOUD_ENDPOINT_TYPE and its aliases) say "vpc". */
bool creds_env_vpc(void);
/* A profile's endpoint_type value asks for VPC endpoints. */
bool creds_is_vpc_type(const char *endpoint_type);
/* Longest AssumeRole Policy STS takes, in bytes. */
#define CREDS_POLICY_MAX 2048u

/* Fetched from the metadata service or a URI, asked for by a variable
 * (setby_var) or a profile (setby_source), or a variable for a profile. */
int creds_build_metadata(struct creds_ctx *x, const char *source,
                         const char *setby_var, const char *setby_source,
                         const char *region, const char *role,
                         struct creds **out);
/* The chain's last resort but one: the role the metadata service names,
 * asked for with short timeouts; CREDS_E_MD_NOT_THERE when nothing
 * answers. */
int creds_build_metadata_probe(struct creds_ctx *x, struct creds **out);
int creds_build_uri(struct creds_ctx *x, const char *uri,
                    const char *source, const char *setby_var,
                    const char *setby_source, const char *region,
                    struct creds **out);

/* The STS endpoint for a role: the profile's (sts_ep), then
 * $ALIBABA_CLOUD_STS_ENDPOINT, then sts_region's, then the global one
 * (creds_sts.c).  NULL: out of memory. */
char *creds_sts_endpoint(const char *sts_ep, const char *sts_region);

/* --- logins (creds_oidc.c, creds_external.c) --- */

/* AssumeRoleWithOIDC, unsigned, with the token file read afresh. */
int creds_oidc_fetch(struct creds *c, struct creds_problem *p);
/* A role assumed with an OIDC token for the source at `at` (origin
 * CREDS_FROM_OIDC with profile "" for the environment); session NULL:
 * a name of linkrole's own. */
int creds_build_oidc(struct creds_ctx *x, const char *source,
                     const struct creds_at *at, const char *region,
                     const char *role_arn, const char *provider_arn,
                     const char *token_file, const char *session,
                     long duration, const char *sts_ep,
                     const char *sts_region, struct creds **out);
/* Keys the aliyun CLI cached for a CloudSSO or OAuth profile, good
 * until `expires`: the refresh can only say to log in again. */
int creds_login_fetch(struct creds *c, struct creds_problem *p);
int creds_build_cached(struct creds_ctx *x, const char *source,
                       const struct creds_at *at, const char *region,
                       const char *id, const char *secret,
                       const char *token, time_t expires,
                       struct creds **out);
/* External: runs the profile's process_command and reads its keys. */
int creds_external_fetch(struct creds *c, struct creds_problem *p);
int creds_build_external(struct creds_ctx *x, const char *source,
                         const struct creds_at *at, const char *region,
                         const char *command, struct creds **out);

/* --- the keys of the files (creds_keys.c) --- */

enum creds_key_place { CREDS_KEYS_TOP, CREDS_KEYS_PROFILE, CREDS_KEYS_INI };
enum creds_key_use {
    CREDS_KEY_UNKNOWN,      /* nobody's: warned about */
    CREDS_KEY_READ,         /* linkrole reads it */
    CREDS_KEY_UNUSED        /* the CLI's or an SDK's, left aside */
};
enum creds_key_use creds_key_use(enum creds_key_place place,
                                 const char *key);
/* The known key nearest to key (a typo of it), or NULL. */
const char *creds_key_near(enum creds_key_place place, const char *key);
/* Warns that key (at place, in profile or section; NULL at the top) of
 * file is unknown. */
void creds_key_warn(struct creds_ctx *x, const char *file,
                    enum creds_key_place place, const char *profile,
                    const char *key);
/* After a file's keys are checked: says how many unknown keys were not
 * named one by one (a file of nothing but typos would otherwise bury
 * every other line), and starts counting afresh. */
void creds_key_warn_rest(struct creds_ctx *x, const char *file);
/* Notes which of the n names (the keys of the profile or section that
 * built c) linkrole leaves aside, if any. */
void creds_key_note(struct creds_ctx *x, const struct creds *c,
                    enum creds_key_place place, const char *const *names,
                    size_t n);

/* --- files (creds_file.c, creds_cli.c, creds_ini.c) --- */

/* Reads a credentials file whole into *data (to wipe and free).  Returns
 * 0, 1 when there is no such file, or -1 with x->p set. */
int creds_file_read(struct creds_ctx *x, const char *path,
                    const char *shown, char **data, size_t *len);

/* config.json: loads it (0, 1 when there is none, or -1); finds a
 * profile; the profile in use when none is named (NULL: none); builds
 * credentials from a profile that exists. */
int creds_cli_load(struct creds_ctx *x);
const cJSON *creds_cli_profile(const struct creds_ctx *x, const char *name);
const char *creds_cli_current(const struct creds_ctx *x);
int creds_cli_build(struct creds_ctx *x, const char *name,
                    struct creds **out);

/* The INI file: the same, for a [section] that exists. */
int creds_ini_load(struct creds_ctx *x);
int creds_ini_build(struct creds_ctx *x, const char *section,
                    struct creds **out);

#endif
