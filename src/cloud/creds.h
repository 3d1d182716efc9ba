/* creds — finding credentials the way Alibaba Cloud's own tools do.
 *
 * The chain, first usable source wins: an explicitly chosen profile
 * (--profile or ALIBABA_CLOUD_PROFILE and its aliases) from the aliyun
 * CLI's config.json or the SDKs' INI file, and nothing else; otherwise
 * the ALIBABA_CLOUD_ACCESS_KEY_* environment (and aliases); the CLI's
 * current profile; the INI file's [default]; the ECS metadata service
 * (ALIBABA_CLOUD_ECS_METADATA's role, else the role it names) and
 * ALIBABA_CLOUD_CREDENTIALS_URI.  A source that is there but unusable (a
 * mode linkrole does not support, a service that fails) is passed over
 * and the next tried; a broken one (a file that cannot be read, a
 * field missing or of the wrong type) stops the chain.  Profiles may
 * assume a role through STS (RamRoleArn, ChainableRamRoleArn) or fetch
 * credentials over HTTP (EcsRamRole, CredentialsURI); such credentials
 * are refreshed before they expire.  The source is always known, for
 * whoami and the UI's header.  Secrets are wiped when no longer needed
 * and never appear in a problem, warning or note: those are codes and
 * fields, worded for people by app/creds_text. */
#ifndef LINKROLE_CREDS_H
#define LINKROLE_CREDS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cloud/api.h"
#include "cloud/sign.h"
#include "cloud/transport.h"
#include "core/buf.h"

/* Refresh expiring credentials when this little time is left. */
#define CREDS_REFRESH_BEFORE_S 180
#define CREDS_METADATA_ENDPOINT "http://100.100.100.200"

/* What each file may hold, as lists for people. */
#define CREDS_CONFIG_MODES "AK, StsToken, RamRoleArn, ChainableRamRoleArn, " \
                           "EcsRamRole, CredentialsURI, OIDC, CloudSSO, " \
                           "OAuth, External"
#define CREDS_INI_TYPES "access_key, sts, ram_role_arn, ecs_ram_role, " \
                        "oidc_role_arn"

/* Sizes of the text fields below; longer text is cut with "...". */
#define CREDS_SHOWN_MAX 1024    /* paths, URLs, sources, outside text */
#define CREDS_NAME_MAX 72       /* names, modes, fields, short values */
#define CREDS_CHAIN_MAX 8       /* profiles in a source_profile chain */
#define CREDS_TRIED_MAX 12      /* sources listed in one problem */

/* Where a source is configured, and which sources the chain tries. */
enum creds_origin {
    CREDS_FROM_NONE,
    CREDS_FROM_ENV,             /* ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET */
    CREDS_FROM_CONFIG,          /* a profile of the CLI's config.json */
    CREDS_FROM_INI,             /* a [section] of the SDKs' INI file */
    CREDS_FROM_METADATA,        /* ALIBABA_CLOUD_ECS_METADATA */
    CREDS_FROM_URI,             /* ALIBABA_CLOUD_CREDENTIALS_URI */
    CREDS_FROM_OIDC             /* ALIBABA_CLOUD_ROLE_ARN + _OIDC_* */
};

/* The service a fetch problem is about. */
enum creds_service {
    CREDS_SERVICE_NONE,
    CREDS_SERVICE_STS,
    CREDS_SERVICE_METADATA,
    CREDS_SERVICE_URI
};

/* Why a source of the chain was passed over. */
enum creds_skip {
    CREDS_SKIP_NOT_SET,         /* its variables are not set */
    CREDS_SKIP_NO_FILE,
    CREDS_SKIP_NO_HOME,         /* HOME is not set: no default path */
    CREDS_SKIP_CLI_DISABLED,    /* ALIBABA_CLOUD_CLI_PROFILE_DISABLED */
    CREDS_SKIP_NO_CURRENT,      /* config.json names no current profile */
    CREDS_SKIP_NO_DEFAULT,      /* the INI file has no [default] */
    CREDS_SKIP_MD_DISABLED,     /* ALIBABA_CLOUD_ECS_METADATA_DISABLED */
    CREDS_SKIP_NO_PROFILE,      /* the profile asked for is not in it */
    /* Unusable rather than broken (creds_chain.c draws the line): the
     * source is there, but linkrole cannot use it; `reason` says why. */
    CREDS_SKIP_UNUSABLE,
    CREDS_SKIP_NOT_ON_ECS,      /* no metadata service answered (reason) */
    CREDS_SKIP_DRY_RUN          /* discovery would send: not under --dry-run */
};

/* A refresh that failed after the credentials had expired: the outer
 * link of a chain first. */
struct creds_expired {
    char source[CREDS_SHOWN_MAX];   /* creds_source() of that link */
    char at[32];                    /* when it expired (UTC) */
};

enum creds_want { CREDS_WANT_STRING, CREDS_WANT_ARRAY, CREDS_WANT_NUMBER,
                  CREDS_WANT_BOOL };

/* A transport field's value besides TRANSPORT_*: --dry-run recorded the
 * request instead of sending it. */
#define CREDS_TRANSPORT_DRY_RUN (-1)

/* What went wrong; the fields each code uses are named beside it.  A
 * problem in a file names it (file), and, inside it, the profile or
 * section (origin CONFIG or INI, profile, and mode once known). */
enum creds_problem_code {
    CREDS_E_NONE = 0,
    CREDS_E_NOMEM,
    /* a file */
    CREDS_E_FILE_OPEN,          /* errnum */
    CREDS_E_FILE_READ,          /* errnum */
    CREDS_E_FILE_NOT_REGULAR,
    CREDS_E_FILE_TOO_BIG,       /* limit (bytes) */
    CREDS_E_FILE_NUL,           /* a NUL byte in config.json */
    CREDS_E_JSON_SYNTAX,        /* line, column */
    CREDS_E_JSON_NUL,           /* line, column: a \u0000 in a string,
                                   which no C string can hold */
    CREDS_E_JSON_NOT_OBJECT,
    CREDS_E_INI_SYNTAX,         /* ini (enum ini_status), line, limit */
    CREDS_E_TOO_MANY_PROFILES,  /* limit */
    CREDS_E_PROFILE_NOT_OBJECT, /* index */
    CREDS_E_PROFILE_NO_NAME,    /* index */
    /* a field of the file, or of the profile or section: field */
    CREDS_E_FIELD_MISSING,
    CREDS_E_FIELD_TYPE,         /* want */
    CREDS_E_FIELD_TOO_LONG,     /* limit */
    CREDS_E_FIELD_NOT_REGION,
    CREDS_E_FIELD_NOT_ROLE,
    CREDS_E_FIELD_NOT_WHOLE,    /* min, max (a whole number in range) */
    CREDS_E_FIELD_RANGE,        /* min, max */
    CREDS_E_MODE_UNKNOWN,       /* no mode, and no credentials to guess it */
    CREDS_E_MODE_UNSUPPORTED,   /* mode: see CREDS_*_MODES / _TYPES */
    CREDS_E_URI_MISSING,        /* and ALIBABA_CLOUD_CREDENTIALS_URI unset */
    CREDS_E_URI_TURNED_OFF,     /* by ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS */
    CREDS_E_CHAIN_CYCLE,        /* names: round the loop, back to the first */
    CREDS_E_CHAIN_TOO_LONG,     /* limit */
    CREDS_E_SOURCE_NOT_FOUND,   /* value: the source_profile */
    /* choosing a source */
    CREDS_E_PROFILE_NOT_FOUND,  /* profile; tried: the files looked in */
    CREDS_E_CURRENT_NOT_FOUND,  /* file, profile: config.json's current */
    CREDS_E_NOTHING_FOUND,      /* tried: every source, and why not */
    CREDS_E_ENV_NO_SECRET,      /* field: the key id variable, alone */
    CREDS_E_ENV_NO_ID,          /* field: the secret's variable, alone */
    CREDS_E_ENV_NOT_ROLE,       /* field (the variable), value */
    CREDS_E_ENV_NOT_REGION,     /* field (the variable) */
    /* STS AssumeRole for a profile (origin, profile, mode); field: the
     * action when it is not AssumeRole (AssumeRoleWithOIDC, which also
     * has service STS with HTTP_STATUS: url, http_status, for an answer
     * that is not STS's, and ANSWER_NO_FIELD: url and field, the action
     * no longer in it) */
    CREDS_E_STS_NO_TRANSPORT,
    CREDS_E_STS_REFUSED,        /* remote_code, detail (its Message) */
    CREDS_E_STS_FAILED,         /* url (the endpoint), detail */
    /* the metadata service or a credentials URI: service, url, and what
     * asked for it (variable, source, or both: the variable for the
     * profile) */
    CREDS_E_URI_SCHEME,         /* not http(s): (no url) */
    CREDS_E_HTTP_NO_TRANSPORT,
    CREDS_E_HTTP_TRANSPORT,     /* transport (TRANSPORT_*), detail */
    CREDS_E_HTTP_STATUS,        /* http_status */
    CREDS_E_MD_NO_TOKEN,        /* no IMDSv2 token and IMDSv1 ruled out:
                                   transport and detail, or http_status,
                                   or neither (the token is unusable) */
    CREDS_E_MD_ROLE_STATUS,     /* http_status, when asked for the role */
    CREDS_E_MD_NO_ROLE,         /* the instance has no RAM role */
    CREDS_E_MD_BAD_ROLE,        /* value: what it gave */
    CREDS_E_MD_CREDS_STATUS,    /* http_status, value (the role) */
    CREDS_E_MD_NOT_THERE,       /* discovering the role, the service gave
                                   no answer at all (transport, detail):
                                   not an ECS instance */
    CREDS_E_ANSWER_NOT_OBJECT,
    CREDS_E_ANSWER_NO_CODE,
    CREDS_E_ANSWER_BAD_CODE,    /* value */
    CREDS_E_ANSWER_NO_FIELD,    /* field */
    CREDS_E_ANSWER_BAD_TIME,    /* value: its Expiration */
    CREDS_E_ANSWER_EXPIRED,     /* value: its Expiration */
    /* using them */
    CREDS_E_NO_CREDENTIALS,     /* creds_current() of nothing */
    /* OIDC (AssumeRoleWithOIDC): a token file's read failure is the
     * CREDS_E_FILE_* problem of that file (file: the token file) */
    CREDS_E_OIDC_ENV_MISSING,   /* field: the variable that is not set
                                   while the other OIDC ones are */
    CREDS_E_OIDC_TOKEN_EMPTY,   /* file: the token file holds no token */
    /* CloudSSO and OAuth profiles (file, profile, mode): the STS keys the
     * aliyun CLI cached have expired (value: when, UTC) or are not there
     * (value: ""); a new login with the aliyun CLI is needed.  The chain
     * may pass over such a current profile as unusable. */
    CREDS_E_LOGIN_EXPIRED,
    /* External (process_command), for the profile at file/profile/mode;
     * value: the program (argv[0], shown), never its arguments */
    CREDS_E_EXT_TURNED_OFF,     /* ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS */
    CREDS_E_EXT_SPLIT,          /* field process_command: an open quote or
                                   a trailing backslash, or nothing */
    CREDS_E_EXT_START,          /* errnum: it could not be run */
    CREDS_E_EXT_STATUS,         /* min: its exit status, or max: the
                                   signal that ended it */
    CREDS_E_EXT_TIMEOUT,        /* limit: seconds; it was killed */
    CREDS_E_EXT_TOO_BIG,        /* limit: bytes of output; killed */
    CREDS_E_EXT_NOT_JSON,       /* its output is not a JSON object */
    CREDS_E_EXT_NO_FIELD,       /* field: missing from its output */
    CREDS_E_EXT_MODE,           /* value: a mode it gave other than AK or
                                   StsToken (the program is not named) */
    /* a field of the file (see above), after the fact */
    CREDS_E_FIELD_NOT_POLICY    /* field: not a JSON object (a RAM
                                   policy document) */
};

/* Why a source was unusable: the problem it met, without its lists (the
 * fields of struct creds_problem of the same names). */
struct creds_reason {
    enum creds_problem_code code;
    char file[CREDS_SHOWN_MAX];
    enum creds_origin origin;
    char profile[CREDS_NAME_MAX];
    char mode[CREDS_NAME_MAX];
    char field[CREDS_NAME_MAX];
    char value[CREDS_NAME_MAX];
    enum creds_service service;
    char url[CREDS_SHOWN_MAX];
    char variable[CREDS_NAME_MAX];
    char source[CREDS_SHOWN_MAX];
    int transport;
    bool unreachable;
    long http_status;
    char remote_code[128];
    char detail[CREDS_SHOWN_MAX];
    int errnum;
    int ini;
    enum creds_want want;
    size_t line, column, index, limit;
    long min, max;
};

struct creds_tried {
    enum creds_origin origin;
    enum creds_skip why;
    char file[CREDS_SHOWN_MAX];     /* CONFIG and INI: the path shown */
    /* The variable that named the source ("" when none did: the ECS
     * metadata service discovered, a file at its default path). */
    char variable[CREDS_NAME_MAX];
    struct creds_reason reason;     /* UNUSABLE, NOT_ON_ECS */
};

/* Every text field holds something safe to show: names through the same
 * cut and control-character rule, URLs without user info or query, and
 * never a secret.  detail and remote_code are text from outside (STS, a
 * transport) for the front end to make safe. */
struct creds_problem {
    enum creds_problem_code code;
    /* where in the files */
    char file[CREDS_SHOWN_MAX];
    enum creds_origin origin;       /* CONFIG, INI, or NONE */
    char profile[CREDS_NAME_MAX];   /* the profile or section */
    char mode[CREDS_NAME_MAX];      /* its mode or type; "" unknown */
    char field[CREDS_NAME_MAX];     /* a field, key or variable */
    char value[CREDS_NAME_MAX];
    /* a service */
    enum creds_service service;
    char url[CREDS_SHOWN_MAX];
    char variable[CREDS_NAME_MAX];  /* the variable that asked for it */
    char source[CREDS_SHOWN_MAX];   /* the profile that asked for it */
    int transport;                  /* TRANSPORT_* */
    /* STS could not be reached or gave no usable answer: a network
     * failure (exit 4), not a problem of the credentials. */
    bool unreachable;
    long http_status;
    char remote_code[128];
    char detail[CREDS_SHOWN_MAX];
    /* numbers */
    int errnum;
    int ini;                        /* enum ini_status */
    enum creds_want want;
    size_t line, column, index, limit;
    long min, max;
    /* lists */
    size_t nnames;
    char names[CREDS_CHAIN_MAX + 1][CREDS_NAME_MAX];
    size_t ntried;
    struct creds_tried tried[CREDS_TRIED_MAX];
    /* When a refresh failed after expiry, the links that had expired,
     * outermost first; the rest of the problem is why. */
    size_t nexpired;
    struct creds_expired expired[CREDS_CHAIN_MAX];
};

/* Said while reading the files. */
enum creds_warning_code {
    CREDS_W_FILE_OPEN_TO_OTHERS,    /* file, mode: group or others may
                                       read or write it */
    CREDS_W_DUPLICATE_KEY,          /* file, field (and profile, when in
                                       one): the key is given twice; the
                                       last is used, as by the aliyun CLI */
    CREDS_W_DUPLICATE_PROFILE,      /* file, profile: two profiles have
                                       this name; the first is used, as by
                                       the aliyun CLI */
    CREDS_W_UNKNOWN_KEY,            /* file, origin, profile ("" at the
                                       top level), field: a key neither
                                       linkrole nor the aliyun CLI nor
                                       the SDKs know, so not used; near:
                                       the known key it is closest to */
    CREDS_W_UNKNOWN_KEYS_MORE       /* file, count: so many more unknown
                                       keys than were named one by one */
};

struct creds_warning {
    enum creds_warning_code code;
    char file[CREDS_SHOWN_MAX];
    unsigned mode;                  /* st_mode & 07777 */
    char profile[CREDS_NAME_MAX];   /* "" at the top level */
    char field[CREDS_NAME_MAX];
    enum creds_origin origin;       /* CONFIG or INI (UNKNOWN_KEY) */
    char near[CREDS_NAME_MAX];      /* "" when nothing is close */
    size_t count;                   /* UNKNOWN_KEYS_MORE */
};

/* What happens while fetching and refreshing, for a --verbose log. */
enum creds_note_code {
    CREDS_N_ASSUMED,        /* role, for origin/profile/mode */
    CREDS_N_IMDSV1,         /* no IMDSv2 token: transport, http_status,
                               detail as for CREDS_E_MD_NO_TOKEN; url */
    CREDS_N_FETCHED_ROLE,   /* role, from service at url */
    CREDS_N_FETCHED,        /* from service at url */
    CREDS_N_REFRESHED,      /* source */
    CREDS_N_KEPT,           /* source could not be refreshed (why); the
                               current keys stay, good until `until` */
    CREDS_N_PASSED_OVER,    /* while resolving: a source of the chain
                               was there but unusable (why); the next
                               one is tried */
    CREDS_N_RAN,            /* role: the program an External profile
                               (origin/profile/mode) ran for its keys */
    CREDS_N_UNUSED_KEYS     /* source (the profile in use) has keys the
                               aliyun CLI or the SDKs use and linkrole
                               does not: detail, their names */
};

/* Pointers valid only during the call. */
struct creds_note {
    enum creds_note_code code;
    const char *source;
    enum creds_origin origin;
    const char *profile, *mode;
    const char *role;
    enum creds_service service;
    const char *url;
    int transport;
    long http_status;
    const char *detail;
    const char *until;
    const struct creds_problem *why;
};

struct creds_options {
    const char *profile;            /* --profile; NULL: the environment's */
    /* How requests for STS, the metadata service and credentials URIs
     * are sent: the client's transport, endpoints (for sts), signature,
     * timeouts, cancel flag, dry run and clock (api_client fields; its
     * creds are unused; under dry_run, the first credential request is
     * recorded there instead of sent, and resolving fails).
     * It must outlive the struct creds, which uses it to refresh.  NULL:
     * only credentials that need no fetching can be resolved. */
    const struct api_client *client;
    /* Base URL of the ECS metadata service; NULL: $LINKROLE_METADATA_ENDPOINT,
     * else CREDS_METADATA_ENDPOINT. */
    const char *metadata_endpoint;
    /* Told about config files others may read.  NULL: not told. */
    void (*warn)(void *ctx, const struct creds_warning *w);
    void *warn_ctx;
    /* Told what is fetched and refreshed, during creds_resolve and
     * later on: like client, it must outlive the struct creds.  NULL:
     * not told. */
    void (*note)(void *ctx, const struct creds_note *n);
    void *note_ctx;
    /* Told each secret the chain reads or receives (a key's secret, a
     * session token), when it does, so that whoever prints can mask
     * them: a server may echo the token an AssumeRole was signed with
     * in its refusal, before any request of the caller's is signed.
     * Like note, it must outlive the struct creds.  NULL: not told. */
    void (*secret)(void *ctx, const char *secret);
    void *secret_ctx;
    /* Fuzzers: an External profile's process_command is refused
     * (CREDS_E_EXT_TURNED_OFF) instead of run, whatever the file says. */
    bool no_commands;
};

enum creds_status {
    CREDS_OK = 0,
    CREDS_NONE = 1,     /* nothing usable anywhere in the chain (when a
                           source was passed over because STS could not
                           be reached, p->unreachable is set) */
    CREDS_ERROR = -1    /* a source is broken: p names file/profile/field */
};

struct creds;

/* Walks the chain.  On CREDS_OK *out is ready (credentials that need
 * fetching are fetched now, so a broken role or metadata service is
 * reported here) and p->code is CREDS_E_NONE; otherwise p says why. */
enum creds_status creds_resolve(const struct creds_options *o,
                                struct creds **out, struct creds_problem *p);

/* Where they came from, e.g. `profile "ops" (RamRoleArn) in
 * ~/.aliyun/config.json`, `section [default] (access_key) in
 * ~/.alibabacloud/credentials`, `environment (ALIBABA_CLOUD_ACCESS_KEY_ID)`,
 * `ECS metadata service (role NAME)` or `credentials URI (URL)` (user
 * info and query shown as "...").  Never a secret.  A label, the same in
 * every language: whoami prints it and its JSON carries it. */
const char *creds_source(const struct creds *c);

/* The profile names of config.json (ALIBABA_CLOUD_CONFIG_FILE, else
 * ~/.aliyun/config.json) and the sections of the credentials INI file
 * (ALIBABA_CLOUD_CREDENTIALS_FILE, else ~/.alibabacloud/credentials),
 * one a line, for completion; names with other than letters, digits,
 * ".", "-", "_" and "@" are left out.  Files that cannot be read add
 * nothing. */
void creds_profile_names(struct buf *out);
/* The profile's region_id, or NULL. */
const char *creds_region(const struct creds *c);
/* The AccessKeyId in use (not secret; whoami masks it). */
const char *creds_access_key_id(const struct creds *c);

/* Current credentials, refreshed first when they expire within
 * CREDS_REFRESH_BEFORE_S; the pointers stay valid until the next call.
 * A failed refresh of still-valid credentials keeps them (a note says
 * why) and is tried again 30 s later; once they have expired, it is an
 * error.  Returns 0, or -1 with *p saying why (p is scratch space
 * otherwise).  app/creds_text has the api_creds_source.get on top. */
int creds_current(struct creds *c, struct sign_creds *out,
                  struct creds_problem *p);

/* Wipes every secret and frees. */
void creds_free(struct creds *c);

/* A passed-over source's reason as the problem it was (lists empty), and
 * back: the one place that knows which fields a reason keeps. */
void creds_reason_keep(struct creds_reason *r, const struct creds_problem *p);
void creds_reason_problem(struct creds_problem *p,
                          const struct creds_reason *r);

/* The API's VPC endpoints are asked for: ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED
 * is "true", ALIBABA_CLOUD_ENDPOINT_TYPE (or an alias) is "vpc", or the
 * profile in use has endpoint_type "vpc" or enable_vpc true.  c may be
 * NULL: the environment alone. */
bool creds_vpc(const struct creds *c);

/* The region, by precedence: flag, the credentials' profile,
 * ALIBABA_CLOUD_REGION_ID (or an alias: creds_env_pick), then
 * cn-hangzhou. */
const char *creds_pick_region(const char *flag, const struct creds *c);

/* Settings read from the environment under several names: the
 * ALIBABA_CLOUD_* name first, then the aliyun CLI's ALIBABACLOUD_* and
 * ALICLOUD_* forms, then Terraform's (doc/credentials.md has the table,
 * and tests/cli/aliases.sh reads it). */
enum creds_var {
    CREDS_VAR_KEY_ID,
    CREDS_VAR_KEY_SECRET,
    CREDS_VAR_TOKEN,
    CREDS_VAR_REGION,
    CREDS_VAR_PROFILE
};

/* The value of the first of v's names that is set and not empty, or
 * NULL; *name (when not NULL) gets that name. */
const char *creds_env_pick(enum creds_var v, const char **name);

#endif
