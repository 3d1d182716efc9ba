/* api — typed calls to ResourceManager, RAM, DBS and STS.
 *
 * Each call builds the request, signs it (V3 by default, V1 on request),
 * sends it through the client's transport, retries what is safe to retry,
 * and maps the answer into structs: no JSON tree leaves this module.  Every
 * result also keeps the response body as received, so `--output json` can
 * print exactly what the API said. */
#ifndef LINKROLE_API_H
#define LINKROLE_API_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cloud/sign.h"
#include "cloud/transport.h"
#include "core/buf.h"

enum api_product {
    API_RESOURCEMANAGER,
    API_RAM,
    API_STS,
    API_DBS,
    API_PRODUCT_COUNT
};

#define API_DEFAULT_REGION "cn-hangzhou"
#define API_MAX_RETRIES 3
/* How long a call may take, every attempt and the waits between them
 * included, when the client sets no timeout_ms. */
#define API_TIMEOUT_MS 30000L

/* What a call is doing, for --verbose: app/explain.c words it
 * (explain_note).  Pointers live only during the callback. */
enum api_note_kind {
    API_NOTE_ATTEMPT,       /* action, host, attempt of attempts */
    API_NOTE_REFUSED,       /* action, http_status, code, request_id */
    API_NOTE_OK,            /* action, http_status, request_id */
    API_NOTE_NO_ANSWER,     /* action, transport, detail */
    API_NOTE_RETRY          /* action, wait_ms, retry (code: its Code) */
};

enum api_retry_why {
    API_RETRY_CODE,         /* a retryable Code (or an HTTP 5xx one) */
    API_RETRY_SERVER_ERROR, /* a 5xx answer that is not the API's */
    API_RETRY_CONNECT,      /* nothing reached the server */
    API_RETRY_INCOMPLETE    /* no complete answer to a repeatable call */
};

struct api_note {
    enum api_note_kind kind;
    const char *action;
    const char *host;
    int attempt, attempts;
    long http_status;
    const char *code;
    const char *request_id;     /* may be NULL or "" */
    int transport;              /* a transport_status */
    const char *detail;         /* the transport's own line */
    unsigned wait_ms;
    enum api_retry_why retry;
    bool asked;                 /* RETRY: wait_ms is the answer's
                                 * x-acs-retry-after */
};

/* Where credentials come from; called before every attempt so refreshed
 * credentials are picked up.  Fills creds (pointers stay valid until the
 * next call) and returns 0, or -1 with a message in err; -2 likewise when
 * the service that gives them (STS) could not be reached, a network
 * failure rather than a credentials one. */
struct api_creds_source {
    int (*get)(void *ctx, struct sign_creds *creds, struct buf *err);
    void *ctx;
};

/* Pacing shared by several clients (a rollout's workers): before is
 * called before every attempt and may wait (returning -1 when the
 * client's cancel flag was set meanwhile); after is told of every
 * answer, whether the API throttled it (Throttling*, ServiceUnavailable
 * and the like) and the x-acs-retry-after it asked for (0: none).  Both
 * may be called from several threads at once. */
struct api_pacer {
    int (*before)(void *ctx, enum api_product p, const char *action);
    void (*after)(void *ctx, enum api_product p, const char *action,
                  bool throttled, unsigned retry_after_ms);
    void *ctx;
};

struct api_client {
    struct transport *transport;
    struct api_creds_source creds;
    const char *region;                     /* NULL: cn-hangzhou */
    const char *endpoint[API_PRODUCT_COUNT];/* base URL, NULL: default */
    /* The default endpoints are the VPC ones, as the SDKs build them
     * (api_vpc.c); an endpoint above still wins. */
    bool vpc;
    int signature;                          /* 3 or 1 */
    int max_retries;                        /* retries after the first try */
    unsigned retry_base_ms;                 /* first backoff step */
    /* timeout_ms bounds a whole call: its attempts and the backoff
     * between them (0: API_TIMEOUT_MS); each attempt gets the time left.
     * connect_timeout_ms caps an attempt's connect (0: the
     * transport's). */
    long connect_timeout_ms, timeout_ms;
    const volatile sig_atomic_t *cancel;    /* NULL: not cancellable */
    /* --dry-run: the signed request (secrets redacted) is appended here
     * and nothing is sent; calls then fail with API_ERR_DRY_RUN. */
    struct buf *dry_run;
    /* --verbose: note is told of each attempt, retry and outcome (no
     * secret in it); log takes the lines layers above word (app/explain
     * turns notes into log lines).  Either may be NULL. */
    void (*note)(void *ctx, const struct api_note *n);
    void *note_ctx;
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
    /* The clock, for tests; NULL: time(). */
    time_t (*now)(void);
    /* The monotonic clock in ms, for tests; NULL: clock_mono_ms(). */
    long long (*mono_ms)(void);
    /* Shared pacing (a rollout's); NULL before and after: none. */
    struct api_pacer pacer;
};

enum api_error_kind {
    API_ERR_NONE,
    API_ERR_CLOUD,        /* the service answered with an error Code */
    API_ERR_NETWORK,      /* no answer: connect, timeout, TLS, reset */
    API_ERR_AMBIGUOUS,    /* may have been done; could not confirm */
    API_ERR_RESPONSE,     /* an answer that is not the API's (not JSON, cut
                             short, too big, missing fields) */
    API_ERR_CREDENTIALS,  /* no usable credentials before sending */
    API_ERR_USAGE,        /* bad arguments or endpoint, nothing sent */
    API_ERR_CANCELLED,
    API_ERR_DRY_RUN,      /* --dry-run: nothing was sent, by design */
    API_ERR_INTERNAL
};

/* What went wrong when the cloud did not speak (kind is not CLOUD); the
 * words for people are app/explain.c's. */
enum api_why {
    API_WHY_NONE,
    API_WHY_NOMEM,
    API_WHY_NO_NONCE,       /* no random numbers for a nonce */
    API_WHY_SIGN,           /* the request could not be signed */
    API_WHY_DRY_RUN,        /* --dry-run: nothing was sent */
    API_WHY_NO_ENDPOINT,    /* subject: product; no endpoint for region */
    API_WHY_BAD_ENDPOINT,   /* subject: product; detail: endpoint, why */
    API_WHY_NOT_JSON,       /* subject: host; an answer that is not JSON
                             * (reason: a core/json json_refusal) */
    API_WHY_MISSING,        /* subject: what the answer lacks */
    API_WHY_TWICE,          /* SignatureNonceUsed on a call not safe to
                             * repeat: the first copy may have been done */
    API_WHY_TRANSPORT,      /* detail: the transport's own line */
    API_WHY_CREDENTIALS,    /* detail: why there are none */
    API_WHY_UNCONFIRMED,    /* subject: the role; a create without answer
                             * whose outcome GetRole could not tell;
                             * detail: GetRole's code or line */
    API_WHY_BAD_STATUS,     /* subject: host; http_status is outside
                             * 2xx/4xx/5xx (1xx, 3xx, 6xx, none), which
                             * the API never answers with */
    API_WHY_SERVER_ERROR,   /* subject: host; a 5xx answer (code: its
                             * Code, if any) to a call not safe to
                             * repeat: it may have been carried out */
    API_WHY_MARKER_REPEATED,/* a page's Marker was given before: paging
                             * would never end; reason: the page (from
                             * 1) */
    API_WHY_WRONG_TYPE,     /* subject: a field's path ("Role.RoleId");
                             * it is there, with a JSON type the API never
                             * sends for it */
    API_WHY_TOO_BIG_TO_SIGN /* subject: the action; its canonical form
                             * would pass SIGN_REQUEST_MAX: nothing sent */
};

/* The members of an error answer's AccessDeniedDetail linkrole keeps,
 * in the order they are shown (api_denied_name names each). */
enum api_denied_field {
    API_DENIED_AUTH_ACTION,         /* AuthAction: the RAM action denied */
    API_DENIED_NO_PERMISSION_TYPE,  /* ImplicitDeny or ExplicitDeny */
    API_DENIED_POLICY_TYPE,         /* which kind of policy denied it */
    API_DENIED_PRINCIPAL_TYPE,      /* SubUser, AssumedRoleUser, ... */
    API_DENIED_PRINCIPAL_NAME,      /* AuthPrincipalDisplayName */
    API_DENIED_PRINCIPAL_OWNER,     /* AuthPrincipalOwnerId: the account */
    API_DENIED_DIAGNOSTIC,          /* EncodedDiagnosticMessage, for RAM
                                     * DecodeDiagnosticMessage */
    API_DENIED_COUNT
};

/* The member name of an AccessDeniedDetail field ("AuthAction", ...). */
const char *api_denied_name(enum api_denied_field f);

struct api_error {
    enum api_error_kind kind;
    enum api_why why;           /* when kind is not API_ERR_CLOUD */
    long http_status;           /* 0 when no answer came */
    char action[64];            /* the API action that failed */
    char code[128];             /* Code / ErrorCode, when the cloud spoke */
    char message[1024];
    char request_id[128];
    char recommend[512];        /* the answer's Recommend link, as sent */
    /* The answer's AccessDeniedDetail, member by member ("" when absent);
     * strings and numbers are kept, anything else is left out. */
    char denied[API_DENIED_COUNT][512];
    char subject[256];          /* what why is about (a host, a field) */
    char detail[512];           /* text from below: a transport's line,
                                 * the credential chain's */
    int reason;                 /* TRANSPORT: the transport_status;
                                 * BAD_ENDPOINT: the url_problem;
                                 * NOT_JSON: the json_refusal */
    int attempts;
};

/* AssumeRolePolicyDocument, read. */
struct api_trust_policy {
    char **services;            /* Principal.Service entries */
    size_t nservices;
    char **actions;             /* Action entries ("sts:AssumeRole") */
    size_t nactions;
    char *pretty;               /* the document, two-space indented */
};

struct api_role {
    char *role_id;
    char *role_name;
    char *arn;
    char *description;
    char *create_date;
    char *update_date;
    char *role_principal_name;
    char *policy_document;      /* as received (a JSON string) */
    struct api_trust_policy trust;
    bool is_service_linked;
    long max_session_duration;  /* 0 when absent */
    /* GetRole's LatestDeletionTask: the last deletion task of the role
     * (NULL when it has none). */
    char *deletion_task_id;
    char *deletion_task_date;
};

struct api_result {
    char *request_id;
    char *response;             /* the body as received */
};

struct api_role_result {
    struct api_result r;
    struct api_role role;
    bool created;               /* false: already existed (exist-ok path) */
};

struct api_deletion {
    struct api_result r;
    char *task_id;
    char *status;               /* SUCCEEDED, IN_PROGRESS, FAILED, ... */
    char *reason;               /* Reason.Message on failure */
    char **usages;              /* "region: resource" lines */
    size_t nusages;
};

struct api_role_page {
    struct api_result r;
    struct api_role *roles;
    size_t count;
    bool truncated;
    char *marker;
};

struct api_dbs_init {
    struct api_result r;
    bool already;               /* "already activated" */
    char *error_code;           /* as answered, even on success */
    char *err_message;
};

struct api_identity {
    struct api_result r;
    char *identity_type;        /* Account, RAMUser, AssumedRoleUser */
    char *account_id;
    char *user_id;
    char *role_id;
    char *principal_id;
    char *arn;
};

struct api_sts_credentials {
    struct api_result r;
    char *access_key_id;
    char *access_key_secret;    /* wiped by api_sts_credentials_free */
    char *security_token;       /* likewise */
    char *expiration;
    time_t expires_at;          /* 0 when unparsable */
    char *assumed_role_arn;
};

/* RAM GetServiceLinkedRoleTemplate: the cloud's own rules for a
 * service's role.  Every text has a fixed room (a longer one is cut at
 * it; none of them is near it in a real answer), and at most
 * API_SLR_TEMPLATE_LANGS descriptions are kept (the API sends three). */
#define API_SLR_TEMPLATE_LANGS 8
struct api_slr_description {
    char language[16];          /* "en", "zh-CN", "ja" */
    char description[1024];
};

struct api_slr_template {
    struct api_result r;
    char service_name[128];     /* as answered; "" when not sent */
    char role_name_prefix[128]; /* "AliyunServiceRoleForPolarDB" */
    char system_policy_name[128];
    bool multiple_roles_allowed;/* a CustomSuffix (and a Description)
                                 * may be given */
    struct api_slr_description descriptions[API_SLR_TEMPLATE_LANGS];
    size_t ndescriptions;
};

void api_client_init(struct api_client *c);

/* The base URL a product is reached at (override, or the public endpoint
 * for the client's region), into out.  Returns 0 or -1. */
int api_endpoint(const struct api_client *c, enum api_product p,
                 struct buf *out);
/* The DBS endpoint host for a region, per the SDKs' regional map; a
 * region the map does not have gets API_DBS_SHARED_HOST (the role it
 * makes is the account's, not the region's).  Never NULL. */
#define API_DBS_SHARED_HOST "dbs-api.cn-hangzhou.aliyuncs.com"
const char *api_dbs_host(const char *region);
/* Whether the map has region (NULL or "": the default region, yes). */
bool api_dbs_region_known(const char *region);
/* The map's regions, the i-th (from 0), or NULL past the last: the
 * region ids completion offers. */
const char *api_dbs_region(size_t i);
/* "resourcemanager", "ram", "sts", "dbs" <-> enum; -1 when unknown. */
int api_product_from_name(const char *name);
const char *api_product_name(enum api_product p);

/* ResourceManager.  A create is not safe to repeat: when its answer is
 * lost it fails with API_ERR_AMBIGUOUS and is not sent again here (the
 * lost-answer check is app/slr.c's, which knows the role's name). */
int api_create_service_linked_role(struct api_client *c,
                                   const char *service_name,
                                   const char *custom_suffix,
                                   const char *description,
                                   struct api_role_result *out,
                                   struct api_error *err);
int api_get_role(struct api_client *c, const char *role_name,
                 struct api_role_result *out, struct api_error *err);
int api_delete_service_linked_role(struct api_client *c,
                                   const char *role_name,
                                   struct api_deletion *out,
                                   struct api_error *err);
int api_deletion_status(struct api_client *c, const char *task_id,
                        struct api_deletion *out, struct api_error *err);
/* RAM ListRoles, one page (marker NULL for the first). */
int api_list_roles(struct api_client *c, const char *marker,
                   unsigned max_items, struct api_role_page *out,
                   struct api_error *err);
/* RAM GetServiceLinkedRoleTemplate for a service; needs no RAM
 * permission and is repeated like GetRole.  A template without
 * RoleNamePrefix or MultipleRolesAllowed is not the API's answer. */
int api_get_slr_template(struct api_client *c, const char *service_name,
                         struct api_slr_template *out,
                         struct api_error *err);
/* The description for language ("en", "zh-CN"), or NULL. */
const char *api_slr_template_description(const struct api_slr_template *t,
                                         const char *language);
/* DBS.  "Already activated" is a success with out->already set. */
int api_init_dbs(struct api_client *c, struct api_dbs_init *out,
                 struct api_error *err);
/* STS. */
int api_caller_identity(struct api_client *c, struct api_identity *out,
                        struct api_error *err);
int api_assume_role(struct api_client *c, const char *role_arn,
                    const char *session_name, long duration_seconds,
                    const char *external_id,
                    struct api_sts_credentials *out, struct api_error *err);
/* AssumeRole with every parameter a profile may give: policy (NULL:
 * none) narrows the session to what it allows as well as the role. */
struct api_assume_args {
    const char *role_arn;
    const char *session_name;
    long duration_seconds;      /* <= 0: 3600 */
    const char *external_id;    /* NULL: none */
    const char *policy;         /* NULL: none */
};
int api_assume_role_with(struct api_client *c,
                         const struct api_assume_args *a,
                         struct api_sts_credentials *out,
                         struct api_error *err);

/* ResourceManager: the Resource Directory (management account, or a
 * delegated administrator). */
struct api_directory {
    struct api_result r;
    char *directory_id;         /* "rd-k3****" */
    char *master_account_id;
    char *master_account_name;
    char *root_folder_id;       /* "r-Wm****" */
};
struct api_rd_account {
    char *account_id;
    char *display_name;
    char *folder_id;
    char *status;               /* "CreateSuccess", ... */
    char *type;                 /* "ResourceAccount", "CloudAccount" */
    char *join_method;          /* "created", "invited" */
    char *path;                 /* ResourceDirectoryPath */
};
struct api_rd_account_page {
    struct api_result r;
    struct api_rd_account *accounts;
    size_t count;
    long total_count, page_number, page_size;
};
struct api_rd_folder {
    char *folder_id;
    char *folder_name;
};
struct api_rd_folder_page {
    struct api_result r;
    struct api_rd_folder *folders;
    size_t count;
    long total_count, page_number, page_size;
};
#define API_RD_PAGE_SIZE_MAX 100
int api_get_resource_directory(struct api_client *c,
                               struct api_directory *out,
                               struct api_error *err);
/* ListAccounts (parent NULL) or ListAccountsForParent, one page: page
 * from 1, page_size 1..API_RD_PAGE_SIZE_MAX. */
int api_list_accounts(struct api_client *c, const char *parent_folder_id,
                      long page, long page_size,
                      struct api_rd_account_page *out,
                      struct api_error *err);
/* ListFoldersForParent, one page. */
int api_list_folders(struct api_client *c, const char *parent_folder_id,
                     long page, long page_size,
                     struct api_rd_folder_page *out, struct api_error *err);
void api_directory_free(struct api_directory *d);
void api_rd_account_page_free(struct api_rd_account_page *p);
void api_rd_folder_page_free(struct api_rd_folder_page *p);

void api_role_result_free(struct api_role_result *r);
void api_deletion_free(struct api_deletion *d);
void api_role_page_free(struct api_role_page *p);
void api_dbs_init_free(struct api_dbs_init *d);
void api_identity_free(struct api_identity *id);
void api_slr_template_free(struct api_slr_template *t);
void api_sts_credentials_free(struct api_sts_credentials *s);

/* Reads a Role object from JSON text (GetRole / CreateServiceLinkedRole
 * body), for tests and the fuzzer.  Returns 0 or -1 with err set. */
int api_parse_role_response(const char *body, size_t len,
                            struct api_role_result *out,
                            struct api_error *err);

/* Reads a GetServiceLinkedRoleTemplate answer from JSON text, for tests
 * and the fuzzer.  Returns 0 or -1 with err set. */
int api_parse_slr_template(const char *body, size_t len,
                           struct api_slr_template *out,
                           struct api_error *err);

#endif
