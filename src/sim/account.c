/* account — the simulated account: see sim.h and account.h.
 *
 * One mutex guards the whole account, so the HTTP server may call in from
 * a thread per connection.  Requests go through authentication (verify.c)
 * before anything else, then dispatch on Action and Version; only the
 * unsigned endpoints (ECS metadata, a credentials URI), told apart by
 * path, skip it as their real counterparts do.
 *
 * The state file (sim_config.state_path) holds the account id and the
 * roles; deletion tasks, STS sessions and nonces live in memory only.  It
 * is read at start and rewritten atomically (temporary file + rename)
 * after every change, as JSON:
 *
 *   {
 *     "schema": 1,
 *     "account_id": "1234567890123456",     1-32 digits
 *     "roles": [
 *       {
 *         "role_id": "31234567890123456",   1-32 digits
 *         "role_name": "AliyunServiceRoleForDBS",
 *                                           1-64 of A-Z a-z 0-9 . - _ @
 *         "service_linked": true,
 *         "service_name": "dbs.aliyuncs.com",
 *                                           required when service_linked
 *         "description": "...",             optional: a default
 *         "assume_role_policy_document": "...",
 *                                           optional: trusts the service
 *                                           (or, for other roles, the
 *                                           account), must be JSON
 *         "create_date": "2024-01-02T03:04:05Z",
 *         "update_date": "2024-01-02T03:04:05Z"   optional: create_date
 *       }
 *     ]
 *   }
 *
 * Only a state file can make a role with "service_linked": false; it is
 * what DeleteServiceLinkedRole's EntityNotExist.ServiceLinkedRole is for.
 * Unknown members are ignored; everything else is checked, and a problem
 * is reported as "<file>: roles[2]: ...". */
#include "config.h"

#include "sim/account.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "cloud/sign.h"
#include "core/json.h"
#include "core/text.h"
#include "sim/limits.h"
#include "sim/verify.h"

#define ACCOUNT_DEFAULT_ROLE_LIMIT 1000u
/* Request bodies beyond this get 413, as linkrole-sim's own cap. */
#define ACCOUNT_BODY_MAX (1u << 20)
#define ACCOUNT_STATE_MAX (16u << 20)
#define ACCOUNT_SESSIONS_MAX 1024u
#define ACCOUNT_TASKS_MAX 1024u
#define ACCOUNT_ROLE_ID_DIGITS 17
#define ACCOUNT_USER_ID_DIGITS 16
#define ACCOUNT_MAX_SESSION 3600
#define ACCOUNT_MARKER_PREFIX "sim-"
#define ACCOUNT_DBS_ROLE "AliyunServiceRoleForDBS"
#define ACCOUNT_DBS_SERVICE "dbs.aliyuncs.com"
#define ACCOUNT_TOKEN_BYTES 96
#define ACCOUNT_SECRET_CHARS 30
#define ACCOUNT_STS_ID_CHARS 28
/* The unsigned endpoints; see serve_unsigned. */
#define ACCOUNT_IMDS_PREFIX "/latest/"
#define ACCOUNT_IMDS_TOKEN_PATH "/latest/api/token"
#define ACCOUNT_IMDS_ROLES_PATH "/latest/meta-data/ram/security-credentials/"
#define ACCOUNT_CREDS_URI_PATH "/credentials"
#define ACCOUNT_IMDS_TTL_HEADER "X-aliyun-ecs-metadata-token-ttl-seconds"
#define ACCOUNT_IMDS_TOKEN_HEADER "X-aliyun-ecs-metadata-token"
#define ACCOUNT_IMDS_TTL_MAX 21600L
#define ACCOUNT_IMDS_TOKEN_CHARS 56
#define ACCOUNT_IMDS_TOKENS_MAX 256u
#define ACCOUNT_INSTANCE_ID_CHARS 20
#define ACCOUNT_URI_ROLE "linkrole-sim-credentials-uri"
#define ACCOUNT_URI_SESSION "credentials-uri"
#define ACCOUNT_COUNTERS (SIM_COUNT_CREDENTIALS_URI + 1)

#define MSG_INTERNAL \
    "The request processing has failed due to some unknown error, " \
    "exception or failure."

struct sim_key {
    char *id;
    char *secret;
    char *user_name;        /* NULL: the account's owner */
    char *user_id;
};

struct sim_session {
    char *key_id;
    char *secret;
    char *token;
    time_t expires;
    char *account_id;       /* of the role */
    char *role_id;
    char *role_name;        /* as the ARN spells it */
    char *session_name;
};

/* An IMDSv2 session token handed out by PUT /latest/api/token. */
struct imds_token {
    char *token;
    time_t expires;
};

struct sim_role {
    char *role_id;
    char *role_name;
    char *service_name;     /* NULL for a role that is not service-linked */
    char *description;
    char *policy;           /* the trust policy, compact JSON */
    time_t created;
    time_t updated;
    bool service_linked;
    unsigned long seq;      /* creation order, for ListRoles markers */
};

enum task_status {
    TASK_IN_PROGRESS,
    TASK_SUCCEEDED,
    TASK_FAILED
};

struct sim_task {
    char *id;
    char *role_name;
    char *service_name;
    time_t created;
    int polls;
    enum task_status status;
};

struct sim_account {
    pthread_mutex_t lock;
    char *account_id;
    const struct catalog *catalog;
    long clock_offset;
    size_t role_limit;
    char *state_path;
    struct sim_key *keys;
    size_t nkeys, keys_cap;
    struct sim_session *sessions;
    size_t nsessions, sessions_cap;
    struct sim_role *roles;
    size_t nroles, roles_cap;
    struct sim_task *tasks;
    size_t ntasks, tasks_cap;
    struct kvlist assumable;        /* role ARN -> role id */
    struct kvlist refused;          /* services refusing a suffix */
    struct kvlist in_use;           /* role names */
    struct verify_nonces *nonces;
    unsigned long next_seq;
    /* The unsigned endpoints. */
    char *metadata_role;            /* NULL: no metadata service */
    char *metadata_role_id;
    char *instance_id;              /* session name of its credentials */
    int imds_mode;                  /* enum sim_imds */
    struct imds_token *tokens;
    size_t ntokens, tokens_cap;
    char *uri_role_id;              /* NULL: no credentials URI */
    long session_seconds;
    size_t counts[ACCOUNT_COUNTERS];
};

/* One request on its way through the account. */
struct call {
    struct sim_account *a;
    const struct sim_request *req;
    struct sim_response *resp;
    struct verify_request vr;
    time_t now;
    char request_id[ACCOUNT_REQUEST_ID_LEN + 1];
    const char *code;               /* answered error code, for the log */
    char code_text[64];             /* room for a code made up here */
    const struct sim_key *key;      /* the caller: a key (or the demo */
    const struct sim_session *session;  /* key when both are NULL) */
    bool dirty;                     /* roles changed: save the state */
    bool plain;                     /* the answer is text, not JSON */
};

struct api {
    const char *version;
    const char *action;
    void (*fn)(struct call *c);
    bool anyone;                    /* no permission needed */
    bool dbs;                       /* DBS words its refusal differently */
};

struct product {
    const char *version;
    const char *name;
    const char *endpoint;
};

static const struct product account_products[] = {
    { "2020-03-31", "ResourceManager", "resourcemanager.aliyuncs.com" },
    { "2015-05-01", "Ram", "ram.aliyuncs.com" },
    { "2019-03-06", "Dbs", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "2015-04-01", "Sts", "sts.aliyuncs.com" },
};

/* --- small helpers -------------------------------------------------------- */

/* Returns items, grown to hold one more than count, or NULL (items then
 * untouched) when out of memory. */
static void *grow(void *items, size_t *cap, size_t count, size_t size)
{
    size_t ncap;
    void *p;

    if (count < *cap)
        return items;
    ncap = *cap ? *cap * 2 : 8;
    if (ncap > SIZE_MAX / size)
        return NULL;
    p = realloc(items, ncap * size);
    if (!p)
        return NULL;
    *cap = ncap;
    return p;
}

static void free_secret(char *s)
{
    if (s) {
        OPENSSL_cleanse(s, strlen(s));
        free(s);
    }
}

static bool same_secret(const char *a, const char *b)
{
    size_t n = strlen(a);

    return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

static char *lower_dup(const char *s)
{
    char *p = strdup(s);

    if (!p)
        return NULL;
    for (char *c = p; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return p;
}

/* Random digits, the first never 0, into out[n + 1]. */
static int random_digits(char *out, size_t n)
{
    unsigned char raw[64];

    if (n == 0 || n > sizeof(raw) || RAND_bytes(raw, (int)n) != 1)
        return -1;
    out[0] = (char)('1' + raw[0] % 9);
    for (size_t i = 1; i < n; i++)
        out[i] = (char)('0' + raw[i] % 10);
    out[n] = '\0';
    OPENSSL_cleanse(raw, sizeof(raw));
    return 0;
}

static int random_alnum(char *out, size_t n)
{
    static const char set[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char raw[64];

    if (n > sizeof(raw) || RAND_bytes(raw, (int)n) != 1)
        return -1;
    for (size_t i = 0; i < n; i++)
        out[i] = set[raw[i] % (sizeof(set) - 1)];
    out[n] = '\0';
    OPENSSL_cleanse(raw, sizeof(raw));
    return 0;
}

/* A UUID-shaped string; upper case for request ids, lower for tasks. */
static void uuid_text(char out[ACCOUNT_REQUEST_ID_LEN + 1], bool upper)
{
    static atomic_ulong counter;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned char raw[16];
    size_t o = 0;

    if (RAND_bytes(raw, sizeof(raw)) != 1) {
        /* Still unique within this process without a random source. */
        unsigned long n = atomic_fetch_add(&counter, 1) + 1;

        memset(raw, 0, sizeof(raw));
        for (int i = 0; i < 8; i++)
            raw[15 - i] = (unsigned char)(n >> (8 * i));
    }
    for (size_t i = 0; i < sizeof(raw); i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = digits[raw[i] >> 4];
        out[o++] = digits[raw[i] & 0x0f];
    }
    out[o] = '\0';
}

void account_request_id(char out[ACCOUNT_REQUEST_ID_LEN + 1])
{
    uuid_text(out, true);
}

static void iso_time(time_t t, char out[SIGN_TIMESTAMP_LEN + 1])
{
    if (sign_timestamp(t, out))
        out[0] = '\0';
}

static time_t account_now(const struct sim_account *a)
{
    return time(NULL) + (time_t)a->clock_offset;
}

/* --- error bodies --------------------------------------------------------- */

static const struct product *product_of(const char *version)
{
    for (size_t i = 0; version && i < sizeof(account_products) /
                                          sizeof(account_products[0]); i++)
        if (strcmp(version, account_products[i].version) == 0)
            return &account_products[i];
    return NULL;
}

static const char *request_host(const struct sim_request *req,
                                const struct product *p)
{
    const char *host = req->headers ? kvlist_get_case(req->headers, "Host")
                                    : NULL;

    if (host && *host)
        return host;
    return p ? p->endpoint : "linkrole-sim";
}

static int write_error(struct buf *out, const char *request_id,
                       const char *host, const struct product *p,
                       const char *code, const char *message)
{
    struct json_writer w;
    struct buf url;
    int rc;

    buf_init(&url, 1024);
    buf_reset(out);
    /* Codes are letters and dots: they need no escaping in a URL. */
    if (buf_printf(&url, "https://api.aliyun.com/troubleshoot?q=%s",
                   code) != BUF_OK ||
        (p && buf_printf(&url, "&product=%s", p->name) != BUF_OK)) {
        buf_free(&url);
        return -1;
    }
    json_writer_init(&w, out, 0);
    json_begin_object(&w);
    json_key(&w, "RequestId");
    json_string(&w, request_id);
    json_key(&w, "HostId");
    json_string(&w, host);
    json_key(&w, "Code");
    json_string(&w, code);
    json_key(&w, "Message");
    json_string(&w, message);
    json_key(&w, "Recommend");
    json_string(&w, buf_str(&url));
    json_end_object(&w);
    rc = json_writer_finish(&w);
    buf_free(&url);
    return rc ? -1 : 0;
}

int account_error_body(struct buf *out, const struct sim_request *req,
                       const char *code, const char *message)
{
    char id[ACCOUNT_REQUEST_ID_LEN + 1];
    const char *version = NULL;
    const struct product *p;

    if (req->headers)
        version = kvlist_get_case(req->headers, "x-acs-version");
    if (!version && req->query)
        version = kvlist_get(req->query, "Version");
    p = product_of(version);
    account_request_id(id);
    return write_error(out, id, request_host(req, p), p, code, message);
}

static void call_error(struct call *c, int status, const char *code,
                       const char *message)
{
    const struct product *p = product_of(c->vr.version);

    c->code = code;
    c->resp->status = status;
    if (write_error(&c->resp->body, c->request_id, request_host(c->req, p),
                    p, code, message))
        c->resp->status = 500;
}

static void call_internal(struct call *c)
{
    call_error(c, 500, "InternalError", MSG_INTERNAL);
}

static void call_missing(struct call *c, const char *name)
{
    char message[160];

    /* The code is kept in the call: the log reads it after we return. */
    snprintf(c->code_text, sizeof(c->code_text), "MissingParameter.%s",
             name);
    snprintf(message, sizeof(message),
             "The input parameter \"%s\" that is mandatory for processing "
             "this request is not supplied.", name);
    call_error(c, 400, c->code_text, message);
}

/* A parameter, or NULL when absent or empty. */
static const char *param(const struct call *c, const char *name)
{
    const char *v = kvlist_get(&c->vr.params, name);

    return v && *v ? v : NULL;
}

/* --- replies -------------------------------------------------------------- */

static void reply_begin(struct call *c, struct json_writer *w)
{
    buf_reset(&c->resp->body);
    json_writer_init(w, &c->resp->body, 0);
    json_begin_object(w);
}

static void reply_end(struct call *c, struct json_writer *w)
{
    json_end_object(w);
    if (json_writer_finish(w)) {
        call_internal(c);
        return;
    }
    c->resp->status = 200;
}

static void json_pair(struct json_writer *w, const char *key,
                      const char *value)
{
    json_key(w, key);
    json_string(w, value);
}

/* --- roles ---------------------------------------------------------------- */

static struct sim_role *role_find(struct sim_account *a, const char *name)
{
    for (size_t i = 0; i < a->nroles; i++)
        if (strcasecmp(a->roles[i].role_name, name) == 0)
            return &a->roles[i];
    return NULL;
}

static bool role_id_taken(const struct sim_account *a, const char *id)
{
    for (size_t i = 0; i < a->nroles; i++)
        if (strcmp(a->roles[i].role_id, id) == 0)
            return true;
    return false;
}

static void role_clear(struct sim_role *r)
{
    free(r->role_id);
    free(r->role_name);
    free(r->service_name);
    free(r->description);
    free(r->policy);
    memset(r, 0, sizeof(*r));
}

static void role_remove(struct sim_account *a, struct sim_role *r)
{
    size_t i = (size_t)(r - a->roles);

    role_clear(r);
    memmove(&a->roles[i], &a->roles[i + 1],
            (a->nroles - i - 1) * sizeof(*a->roles));
    a->nroles--;
}

/* {"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow",
 *   "Principal":{<kind>:[<who>]}}],"Version":"1"} */
static char *trust_policy(const char *kind, const char *who)
{
    struct json_writer w;
    struct buf out;
    char *s = NULL;

    buf_init(&out, 4096);
    json_writer_init(&w, &out, 0);
    json_begin_object(&w);
    json_key(&w, "Statement");
    json_begin_array(&w);
    json_begin_object(&w);
    json_pair(&w, "Action", "sts:AssumeRole");
    json_pair(&w, "Effect", "Allow");
    json_key(&w, "Principal");
    json_begin_object(&w);
    json_key(&w, kind);
    json_begin_array(&w);
    json_string(&w, who);
    json_end_array(&w);
    json_end_object(&w);
    json_end_object(&w);
    json_end_array(&w);
    json_pair(&w, "Version", "1");
    json_end_object(&w);
    if (json_writer_finish(&w) == 0) {
        /* The writer ends a document with a newline; a policy string
         * carries none. */
        out.len--;
        out.data[out.len] = '\0';
        s = buf_take(&out);
    }
    buf_free(&out);
    return s;
}

static char *owner_policy(const struct sim_account *a)
{
    char who[LIMITS_ID_DIGITS_MAX + 32];

    snprintf(who, sizeof(who), "acs:ram::%s:root", a->account_id);
    return trust_policy("RAM", who);
}

/* Adds a role; service NULL for one that is not service-linked.  policy
 * NULL means the default trust policy.  Returns the role or NULL. */
static struct sim_role *role_add(struct sim_account *a, const char *name,
                                 const char *service, const char *description,
                                 const char *policy, time_t created,
                                 const char *role_id)
{
    struct sim_role *roles, *r;
    char id[ACCOUNT_ROLE_ID_DIGITS + 1];
    int tries = 0;

    roles = grow(a->roles, &a->roles_cap, a->nroles, sizeof(*a->roles));
    if (!roles)
        return NULL;
    a->roles = roles;
    if (!role_id) {
        do {
            if (random_digits(id, ACCOUNT_ROLE_ID_DIGITS) || ++tries > 100)
                return NULL;
        } while (role_id_taken(a, id));
        role_id = id;
    }
    r = &a->roles[a->nroles];
    memset(r, 0, sizeof(*r));
    r->role_id = strdup(role_id);
    r->role_name = strdup(name);
    r->service_name = service ? strdup(service) : NULL;
    r->description = strdup(description);
    if (policy)
        r->policy = strdup(policy);
    else if (service)
        r->policy = trust_policy("Service", service);
    else
        r->policy = owner_policy(a);
    if (!r->role_id || !r->role_name || (service && !r->service_name) ||
        !r->description || !r->policy) {
        role_clear(r);
        return NULL;
    }
    r->service_linked = service != NULL;
    r->created = created;
    r->updated = created;
    r->seq = a->next_seq++;
    a->nroles++;
    return r;
}

static void write_arn(struct json_writer *w, const struct sim_account *a,
                      const struct sim_role *r)
{
    char *lower = lower_dup(r->role_name);
    struct buf arn;

    buf_init(&arn, 1024);
    /* An SLR's ARN names it in lower case. */
    if (!lower ||
        buf_printf(&arn, "acs:ram::%s:role/%s", a->account_id, lower) !=
            BUF_OK)
        w->error = BUF_NOMEM;
    json_pair(w, "Arn", buf_str(&arn));
    buf_free(&arn);
    free(lower);
}

static void write_principal(struct json_writer *w,
                            const struct sim_account *a,
                            const struct sim_role *r)
{
    struct buf name;

    buf_init(&name, 1024);
    if (buf_printf(&name, "%s@role.%s.onaliyunservice.com", r->role_name,
                   a->account_id) != BUF_OK)
        w->error = BUF_NOMEM;
    json_pair(w, "RolePrincipalName", buf_str(&name));
    buf_free(&name);
}

static const struct sim_task *latest_task(const struct sim_account *a,
                                          const struct sim_role *r)
{
    const struct sim_task *t = NULL;

    for (size_t i = 0; i < a->ntasks; i++)
        if (strcasecmp(a->tasks[i].role_name, r->role_name) == 0)
            t = &a->tasks[i];
    return t;
}

enum role_view {
    ROLE_CREATED,       /* CreateServiceLinkedRole, in the seed's order */
    ROLE_GET,
    ROLE_LISTED
};

static void write_role(struct json_writer *w, const struct sim_account *a,
                       const struct sim_role *r, enum role_view view)
{
    char created[SIGN_TIMESTAMP_LEN + 1], updated[SIGN_TIMESTAMP_LEN + 1];
    const struct sim_task *task;

    iso_time(r->created, created);
    iso_time(r->updated, updated);
    json_begin_object(w);
    if (view == ROLE_CREATED) {
        json_pair(w, "RoleName", r->role_name);
        json_pair(w, "Description", r->description);
        json_pair(w, "AssumeRolePolicyDocument", r->policy);
        write_arn(w, a, r);
        json_key(w, "IsServiceLinkedRole");
        json_bool(w, r->service_linked);
        json_pair(w, "CreateDate", created);
        json_pair(w, "RoleId", r->role_id);
        write_principal(w, a, r);
        json_end_object(w);
        return;
    }
    json_pair(w, "RoleName", r->role_name);
    json_pair(w, "RoleId", r->role_id);
    write_arn(w, a, r);
    json_pair(w, "Description", r->description);
    if (view == ROLE_GET)
        json_pair(w, "AssumeRolePolicyDocument", r->policy);
    json_pair(w, "CreateDate", created);
    json_pair(w, "UpdateDate", updated);
    json_key(w, "MaxSessionDuration");
    json_int(w, ACCOUNT_MAX_SESSION);
    if (view == ROLE_GET) {
        json_key(w, "IsServiceLinkedRole");
        json_bool(w, r->service_linked);
        write_principal(w, a, r);
        task = latest_task(a, r);
        if (task) {
            iso_time(task->created, created);
            json_key(w, "LatestDeletionTask");
            json_begin_object(w);
            json_pair(w, "DeletionTaskId", task->id);
            json_pair(w, "CreateDate", created);
            json_end_object(w);
        }
    }
    json_end_object(w);
}

/* --- the state file ------------------------------------------------------- */

static void state_say(struct buf *err, const char *path, long index,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void state_say(struct buf *err, const char *path, long index,
                      const char *fmt, ...)
{
    va_list ap;

    buf_reset(err);
    if (index >= 0)
        buf_printf(err, "%s: roles[%ld]: ", path, index);
    else
        buf_printf(err, "%s: ", path);
    va_start(ap, fmt);
    buf_vprintf(err, fmt, ap);
    va_end(ap);
}

/* A string member: NULL when absent or null (and optional); -1 with a
 * message when it is something else. */
static int state_text(const cJSON *obj, const char *key, bool required,
                      const char **out, struct buf *err, const char *path,
                      long index)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

    *out = NULL;
    if (!item || cJSON_IsNull(item)) {
        if (!required)
            return 0;
        state_say(err, path, index, "\"%s\" is missing", key);
        return -1;
    }
    if (!cJSON_IsString(item) || !item->valuestring) {
        state_say(err, path, index, "\"%s\" must be a string", key);
        return -1;
    }
    *out = item->valuestring;
    return 0;
}

static int state_role(struct sim_account *a, const cJSON *obj, long index,
                      struct buf *err)
{
    const char *path = a->state_path;
    const char *id, *name, *service, *desc, *policy, *created, *updated;
    const cJSON *linked;
    cJSON *parsed;
    time_t t_created, t_updated;
    struct sim_role *r;

    if (!cJSON_IsObject(obj)) {
        state_say(err, path, index, "must be an object");
        return -1;
    }
    if (state_text(obj, "role_id", true, &id, err, path, index) ||
        state_text(obj, "role_name", true, &name, err, path, index) ||
        state_text(obj, "service_name", false, &service, err, path, index) ||
        state_text(obj, "description", false, &desc, err, path, index) ||
        state_text(obj, "assume_role_policy_document", false, &policy, err,
                   path, index) ||
        state_text(obj, "create_date", true, &created, err, path, index) ||
        state_text(obj, "update_date", false, &updated, err, path, index))
        return -1;
    if (!limits_id_ok(id)) {
        state_say(err, path, index, "\"role_id\" must be 1-%u digits",
                  LIMITS_ID_DIGITS_MAX);
        return -1;
    }
    if (!limits_role_name_ok(name)) {
        state_say(err, path, index, "\"role_name\" must be 1-%d letters, "
                  "digits, \".\", \"-\", \"_\" or \"@\"",
                  LIMITS_ROLE_NAME_MAX);
        return -1;
    }
    if (role_find(a, name)) {
        state_say(err, path, index, "role \"%s\" appears twice", name);
        return -1;
    }
    if (role_id_taken(a, id)) {
        state_say(err, path, index, "role id %s appears twice", id);
        return -1;
    }
    linked = cJSON_GetObjectItemCaseSensitive(obj, "service_linked");
    if (!cJSON_IsBool(linked)) {
        state_say(err, path, index,
                  "\"service_linked\" must be true or false");
        return -1;
    }
    if (cJSON_IsTrue(linked) && (!service || !*service)) {
        state_say(err, path, index, "a service-linked role needs "
                  "\"service_name\"");
        return -1;
    }
    if (!cJSON_IsTrue(linked))
        service = NULL;
    if (verify_parse_time(created, &t_created)) {
        state_say(err, path, index, "\"create_date\" must look like "
                  "2024-01-02T03:04:05Z");
        return -1;
    }
    t_updated = t_created;
    if (updated && verify_parse_time(updated, &t_updated)) {
        state_say(err, path, index, "\"update_date\" must look like "
                  "2024-01-02T03:04:05Z");
        return -1;
    }
    if (policy) {
        parsed = json_parse(policy, strlen(policy), NULL);
        if (!cJSON_IsObject(parsed)) {
            cJSON_Delete(parsed);
            state_say(err, path, index, "\"assume_role_policy_document\" "
                      "must hold a JSON object");
            return -1;
        }
        cJSON_Delete(parsed);
    }
    if (!desc || !*desc)
        desc = service ? "Service Linked Role" : "Role";
    r = role_add(a, name, service, desc, policy, t_created, id);
    if (!r) {
        state_say(err, path, index, "out of memory");
        return -1;
    }
    r->updated = t_updated;
    return 0;
}

static char *read_file(const char *path, size_t max, size_t *len, int *errn)
{
    FILE *f = fopen(path, "rb");
    struct buf text;
    char chunk[8192];
    size_t n;
    char *out = NULL;

    *errn = 0;
    buf_init(&text, max);
    if (!f) {
        *errn = errno;
        return NULL;
    }
    errno = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        int rc = buf_add(&text, chunk, n);

        if (rc != BUF_OK) {
            *errn = rc == BUF_TOOBIG ? EFBIG : ENOMEM;
            goto out;
        }
    }
    if (ferror(f)) {
        *errn = errno ? errno : EIO;
        goto out;
    }
    *len = buf_len(&text);
    out = buf_take(&text);
    if (!out)
        *errn = ENOMEM;
out:
    fclose(f);
    buf_free(&text);
    return out;
}

/* Returns 0 (also when there is no file yet) or -1 with err set. */
static int state_load(struct sim_account *a, struct buf *err)
{
    const char *path = a->state_path;
    const cJSON *schema, *acct, *roles, *item;
    cJSON *root = NULL;
    char *text = NULL;
    size_t len = 0, line, col, off = 0;
    long index = 0;
    int errn = 0, rc = -1;

    text = read_file(path, ACCOUNT_STATE_MAX, &len, &errn);
    if (!text) {
        if (errn == ENOENT)
            return 0;
        state_say(err, path, -1, "%s", errn == EFBIG
                  ? "larger than 16 MiB" : strerror(errn));
        return -1;
    }
    root = json_parse(text, len, &off);
    if (!root) {
        text_line_col(text, off, &line, &col);
        buf_reset(err);
        buf_printf(err, "%s:%zu:%zu: not valid JSON", path, line, col);
        goto out;
    }
    if (!cJSON_IsObject(root)) {
        state_say(err, path, -1, "must hold a JSON object");
        goto out;
    }
    schema = cJSON_GetObjectItemCaseSensitive(root, "schema");
    if (!cJSON_IsNumber(schema) || schema->valuedouble != 1.0) {
        state_say(err, path, -1, "\"schema\" must be 1");
        goto out;
    }
    acct = cJSON_GetObjectItemCaseSensitive(root, "account_id");
    if (!cJSON_IsString(acct) || !acct->valuestring ||
        !limits_id_ok(acct->valuestring)) {
        state_say(err, path, -1, "\"account_id\" must be a string of "
                  "1-%u digits", LIMITS_ID_DIGITS_MAX);
        goto out;
    }
    free(a->account_id);
    a->account_id = strdup(acct->valuestring);
    if (!a->account_id) {
        state_say(err, path, -1, "out of memory");
        goto out;
    }
    roles = cJSON_GetObjectItemCaseSensitive(root, "roles");
    if (!cJSON_IsArray(roles)) {
        state_say(err, path, -1, "\"roles\" must be an array");
        goto out;
    }
    cJSON_ArrayForEach(item, roles) {
        if (state_role(a, item, index, err))
            goto out;
        index++;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    free(text);
    return rc;
}

static int state_write(const struct sim_account *a, struct buf *out)
{
    char created[SIGN_TIMESTAMP_LEN + 1], updated[SIGN_TIMESTAMP_LEN + 1];
    struct json_writer w;

    json_writer_init(&w, out, 2);
    json_begin_object(&w);
    json_key(&w, "schema");
    json_int(&w, 1);
    json_pair(&w, "account_id", a->account_id);
    json_key(&w, "roles");
    json_begin_array(&w);
    for (size_t i = 0; i < a->nroles; i++) {
        const struct sim_role *r = &a->roles[i];

        iso_time(r->created, created);
        iso_time(r->updated, updated);
        json_begin_object(&w);
        json_pair(&w, "role_id", r->role_id);
        json_pair(&w, "role_name", r->role_name);
        json_key(&w, "service_linked");
        json_bool(&w, r->service_linked);
        if (r->service_name)
            json_pair(&w, "service_name", r->service_name);
        json_pair(&w, "description", r->description);
        json_pair(&w, "assume_role_policy_document", r->policy);
        json_pair(&w, "create_date", created);
        json_pair(&w, "update_date", updated);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    return json_writer_finish(&w) ? -1 : 0;
}

/* Writes a temporary file beside the state file and renames it over, so
 * a crash leaves either the old state or the new one. */
static int state_save(const struct sim_account *a)
{
    struct buf text, tmp;
    int fd = -1, rc = -1;
    size_t done = 0;

    buf_init(&text, ACCOUNT_STATE_MAX);
    buf_init(&tmp, 4096 + strlen(a->state_path));
    if (state_write(a, &text) ||
        buf_printf(&tmp, "%s.XXXXXX", a->state_path) != BUF_OK)
        goto out;
    fd = mkstemp(tmp.data);
    if (fd < 0)
        goto out;
    while (done < buf_len(&text)) {
        ssize_t n = write(fd, text.data + done, buf_len(&text) - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto out;
        done += (size_t)n;
    }
    if (fsync(fd))
        goto out;
    if (close(fd)) {
        fd = -1;
        goto out;
    }
    fd = -1;
    if (rename(tmp.data, a->state_path))
        goto out;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (rc && tmp.data && tmp.len)
        unlink(tmp.data);
    buf_free(&text);
    buf_free(&tmp);
    return rc;
}

/* --- account lifecycle ---------------------------------------------------- */

struct sim_account *sim_account_new(const struct sim_config *cfg,
                                    struct buf *err)
{
    struct sim_account *a = calloc(1, sizeof(*a));
    const char *acct = cfg->account_id ? cfg->account_id
                                       : SIM_DEMO_ACCOUNT_ID;

    if (!a) {
        buf_printf(err, "out of memory");
        return NULL;
    }
    if (pthread_mutex_init(&a->lock, NULL)) {
        free(a);
        buf_printf(err, "cannot create a mutex");
        return NULL;
    }
    kvlist_init(&a->assumable);
    kvlist_init(&a->refused);
    kvlist_init(&a->in_use);
    a->catalog = cfg->catalog;
    a->clock_offset = cfg->clock_offset;
    a->role_limit = cfg->role_limit ? cfg->role_limit
                                    : ACCOUNT_DEFAULT_ROLE_LIMIT;
    a->next_seq = 1;
    a->session_seconds = LIMITS_DURATION_DEFAULT;
    if (!limits_id_ok(acct)) {
        buf_printf(err, "account id must be 1-%u digits",
                   LIMITS_ID_DIGITS_MAX);
        goto fail;
    }
    a->account_id = strdup(acct);
    a->nonces = verify_nonces_new(VERIFY_NONCES_MAX);
    if (!a->account_id || !a->nonces) {
        buf_printf(err, "out of memory");
        goto fail;
    }
    if (cfg->state_path) {
        a->state_path = strdup(cfg->state_path);
        if (!a->state_path) {
            buf_printf(err, "out of memory");
            goto fail;
        }
        if (state_load(a, err))
            goto fail;
    }
    return a;
fail:
    sim_account_free(a);
    return NULL;
}

static void session_clear(struct sim_session *s)
{
    free(s->key_id);
    free_secret(s->secret);
    free_secret(s->token);
    free(s->account_id);
    free(s->role_id);
    free(s->role_name);
    free(s->session_name);
    memset(s, 0, sizeof(*s));
}

static void task_clear(struct sim_task *t)
{
    free(t->id);
    free(t->role_name);
    free(t->service_name);
    memset(t, 0, sizeof(*t));
}

void sim_account_free(struct sim_account *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nkeys; i++) {
        free(a->keys[i].id);
        free_secret(a->keys[i].secret);
        free(a->keys[i].user_name);
        free(a->keys[i].user_id);
    }
    free(a->keys);
    for (size_t i = 0; i < a->nsessions; i++)
        session_clear(&a->sessions[i]);
    free(a->sessions);
    for (size_t i = 0; i < a->nroles; i++)
        role_clear(&a->roles[i]);
    free(a->roles);
    for (size_t i = 0; i < a->ntasks; i++)
        task_clear(&a->tasks[i]);
    free(a->tasks);
    kvlist_free(&a->assumable);
    kvlist_free(&a->refused);
    kvlist_free(&a->in_use);
    verify_nonces_free(a->nonces);
    for (size_t i = 0; i < a->ntokens; i++)
        free_secret(a->tokens[i].token);
    free(a->tokens);
    free(a->metadata_role);
    free(a->metadata_role_id);
    free(a->instance_id);
    free(a->uri_role_id);
    free(a->account_id);
    free(a->state_path);
    pthread_mutex_destroy(&a->lock);
    free(a);
}

static int key_add(struct sim_account *a, const char *user_name,
                   const char *id, const char *secret)
{
    struct sim_key *keys, k = { NULL, NULL, NULL, NULL };
    char user_id[ACCOUNT_USER_ID_DIGITS + 1];

    if (!id || !*id || !secret || !*secret ||
        (user_name && !*user_name))
        return -1;
    for (size_t i = 0; i < a->nkeys; i++)
        if (strcmp(a->keys[i].id, id) == 0)
            return -1;
    keys = grow(a->keys, &a->keys_cap, a->nkeys, sizeof(*a->keys));
    if (!keys)
        return -1;
    a->keys = keys;
    k.id = strdup(id);
    k.secret = strdup(secret);
    if (user_name) {
        k.user_name = strdup(user_name);
        if (random_digits(user_id, ACCOUNT_USER_ID_DIGITS) == 0)
            k.user_id = strdup(user_id);
    }
    if (!k.id || !k.secret || (user_name && (!k.user_name || !k.user_id))) {
        free(k.id);
        free_secret(k.secret);
        free(k.user_name);
        free(k.user_id);
        return -1;
    }
    a->keys[a->nkeys++] = k;
    return 0;
}

int sim_account_add_key(struct sim_account *a, const char *id,
                        const char *secret)
{
    int rc;

    pthread_mutex_lock(&a->lock);
    rc = key_add(a, NULL, id, secret);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

int sim_account_add_user(struct sim_account *a, const char *user_name,
                         const char *id, const char *secret)
{
    int rc;

    if (!user_name)
        return -1;
    pthread_mutex_lock(&a->lock);
    rc = key_add(a, user_name, id, secret);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

int sim_account_add_assumable_role(struct sim_account *a,
                                   const char *role_arn)
{
    char id[ACCOUNT_ROLE_ID_DIGITS + 1];
    const char *acct, *name;
    size_t acct_len;
    int rc = -1;

    if (!role_arn || limits_role_arn(role_arn, &acct, &acct_len, &name) ||
        acct_len > LIMITS_ID_DIGITS_MAX)
        return -1;
    pthread_mutex_lock(&a->lock);
    if (kvlist_get_case(&a->assumable, role_arn)) {
        rc = 0;
    } else if (random_digits(id, ACCOUNT_ROLE_ID_DIGITS) == 0) {
        rc = kvlist_add(&a->assumable, role_arn, id);
    }
    pthread_mutex_unlock(&a->lock);
    return rc;
}

static int name_list_add(struct sim_account *a, struct kvlist *l,
                         const char *name)
{
    int rc = 0;

    if (!name || !*name)
        return -1;
    pthread_mutex_lock(&a->lock);
    if (!kvlist_get_case(l, name))
        rc = kvlist_add(l, name, "");
    pthread_mutex_unlock(&a->lock);
    return rc;
}

int sim_account_refuse_suffix(struct sim_account *a, const char *service)
{
    return name_list_add(a, &a->refused, service);
}

int sim_account_mark_in_use(struct sim_account *a, const char *role_name)
{
    return name_list_add(a, &a->in_use, role_name);
}

void sim_account_set_clock_offset(struct sim_account *a, long seconds)
{
    pthread_mutex_lock(&a->lock);
    a->clock_offset = seconds;
    pthread_mutex_unlock(&a->lock);
}

time_t sim_account_now(struct sim_account *a)
{
    time_t now;

    pthread_mutex_lock(&a->lock);
    now = account_now(a);
    pthread_mutex_unlock(&a->lock);
    return now;
}

int sim_account_set_metadata_role(struct sim_account *a,
                                  const char *role_name, int imds_mode)
{
    char role_id[ACCOUNT_ROLE_ID_DIGITS + 1];
    char instance[2 + ACCOUNT_INSTANCE_ID_CHARS + 1];
    char *name = NULL, *id = NULL, *inst = NULL;
    int rc = -1;

    if (imds_mode != SIM_IMDS_BOTH && imds_mode != SIM_IMDS_V2 &&
        imds_mode != SIM_IMDS_V1)
        return -1;
    if (role_name) {
        if (!limits_role_name_ok(role_name))
            return -1;
        /* Shaped like an ECS instance id, "i-" and lower-case alnum. */
        memcpy(instance, "i-", 2);
        if (random_digits(role_id, ACCOUNT_ROLE_ID_DIGITS) ||
            random_alnum(instance + 2, ACCOUNT_INSTANCE_ID_CHARS))
            return -1;
        inst = lower_dup(instance);
        name = strdup(role_name);
        id = strdup(role_id);
        if (!name || !id || !inst)
            goto out;
    }
    pthread_mutex_lock(&a->lock);
    free(a->metadata_role);
    free(a->metadata_role_id);
    free(a->instance_id);
    a->metadata_role = name;
    a->metadata_role_id = id;
    a->instance_id = inst;
    a->imds_mode = imds_mode;
    pthread_mutex_unlock(&a->lock);
    name = id = inst = NULL;
    rc = 0;
out:
    free(name);
    free(id);
    free(inst);
    return rc;
}

int sim_account_enable_credentials_uri(struct sim_account *a)
{
    char role_id[ACCOUNT_ROLE_ID_DIGITS + 1];
    char *id;

    if (random_digits(role_id, ACCOUNT_ROLE_ID_DIGITS))
        return -1;
    id = strdup(role_id);
    if (!id)
        return -1;
    pthread_mutex_lock(&a->lock);
    if (!a->uri_role_id) {
        a->uri_role_id = id;
        id = NULL;
    }
    pthread_mutex_unlock(&a->lock);
    free(id);
    return 0;
}

void sim_account_set_session_seconds(struct sim_account *a, long seconds)
{
    pthread_mutex_lock(&a->lock);
    a->session_seconds = seconds >= 1 && seconds <= LIMITS_DURATION_MAX
                             ? seconds : LIMITS_DURATION_DEFAULT;
    pthread_mutex_unlock(&a->lock);
}

size_t sim_account_count(struct sim_account *a, enum sim_counter what)
{
    size_t n = 0;

    if ((unsigned)what >= ACCOUNT_COUNTERS)
        return 0;
    pthread_mutex_lock(&a->lock);
    n = a->counts[what];
    pthread_mutex_unlock(&a->lock);
    return n;
}

/* --- ResourceManager and RAM ---------------------------------------------- */

static bool refuses_suffix(const struct sim_account *a,
                           const struct catalog_entry *e)
{
    return e->custom_suffix == CATALOG_SUFFIX_REFUSED ||
           kvlist_get_case(&a->refused, e->service_name) != NULL;
}

static int default_description(struct buf *out,
                               const struct catalog_entry *e)
{
    if (e && e->description_en)
        return buf_adds(out, e->description_en);
    if (e)
        return buf_printf(out, "Service Linked Role for %s. %s will use "
                          "this role to access your resources in other "
                          "services.", e->product, e->product);
    return buf_adds(out, "Service Linked Role");
}

static void api_create_slr(struct call *c)
{
    struct sim_account *a = c->a;
    const char *service = param(c, "ServiceName");
    const char *suffix = param(c, "CustomSuffix");
    const char *desc = param(c, "Description");
    const struct catalog_entry *e;
    enum limits_verdict v;
    struct json_writer w;
    struct buf name, text;
    struct sim_role *r;
    bool refuses;

    buf_init(&name, 4096);
    buf_init(&text, 64 * 1024);
    if (!service) {
        call_missing(c, "ServiceName");
        goto out;
    }
    e = a->catalog ? catalog_find(a->catalog, service) : NULL;
    if (!e) {
        call_error(c, 404, "EntityNotExist.Service",
                   "The service does not exist.");
        goto out;
    }
    refuses = refuses_suffix(a, e);
    if (suffix && refuses) {
        call_error(c, 400, "InvalidParameter.CustomSuffix.NotAllowed",
                   "Custom suffix is not allowed for this Service Linked "
                   "Role.");
        goto out;
    }
    v = suffix ? limits_suffix(e->role_name, suffix) : LIMITS_OK;
    if (v == LIMITS_BAD_CHARS) {
        call_error(c, 400, "InvalidParameter.CustomSuffix.InvalidChars",
                   "The parameter CustomSuffix contains invalid "
                   "characters.");
        goto out;
    }
    if (v == LIMITS_TOO_LONG) {
        call_error(c, 400, "InvalidParameter.CustomSuffix.Length",
                   "The maximum length of the parameter CustomSuffix is "
                   "exceeded.");
        goto out;
    }
    if (desc && limits_description(desc) == LIMITS_TOO_LONG) {
        call_error(c, 400, "InvalidParameter.Description.Length",
                   "The maximum length of the description is exceeded. It "
                   "must not exceed 1024 characters.");
        goto out;
    }
    if (desc && !suffix && refuses) {
        call_error(c, 400, "InvalidParameter.Description.NotAllowed",
                   "Custom description is not allowed for default service "
                   "linked role.");
        goto out;
    }
    if ((suffix ? buf_printf(&name, "%s_%s", e->role_name, suffix)
                : buf_adds(&name, e->role_name)) != BUF_OK) {
        call_internal(c);
        goto out;
    }
    if (role_find(a, buf_str(&name))) {
        call_error(c, 409, "EntityAlreadyExists.Role",
                   "The role already exists.");
        goto out;
    }
    if (a->nroles >= a->role_limit) {
        call_error(c, 409, "LimitExceeded.Role",
                   "The maximum number of roles is exceeded.");
        goto out;
    }
    if (desc ? buf_adds(&text, desc) : default_description(&text, e)) {
        call_internal(c);
        goto out;
    }
    r = role_add(a, buf_str(&name), e->service_name, buf_str(&text), NULL,
                 c->now, NULL);
    if (!r) {
        call_internal(c);
        goto out;
    }
    c->dirty = true;
    reply_begin(c, &w);
    json_key(&w, "Role");
    write_role(&w, a, r, ROLE_CREATED);
    json_pair(&w, "RequestId", c->request_id);
    reply_end(c, &w);
out:
    buf_free(&name);
    buf_free(&text);
}

static void api_get_role(struct call *c)
{
    const char *name = param(c, "RoleName");
    const struct sim_role *r;
    struct json_writer w;

    if (!name) {
        call_missing(c, "RoleName");
        return;
    }
    r = role_find(c->a, name);
    if (!r) {
        call_error(c, 404, "EntityNotExist.Role", "The role does not exist.");
        return;
    }
    reply_begin(c, &w);
    json_pair(&w, "RequestId", c->request_id);
    json_key(&w, "Role");
    write_role(&w, c->a, r, ROLE_GET);
    reply_end(c, &w);
}

static void api_list_roles(struct call *c)
{
    const struct sim_account *a = c->a;
    const char *max_text = param(c, "MaxItems");
    const char *marker = param(c, "Marker");
    size_t prefix = strlen(ACCOUNT_MARKER_PREFIX), first = 0, end;
    long max = LIMITS_MAX_ITEMS_DEFAULT, after = 0;
    char next[64];
    struct json_writer w;

    if (max_text) {
        max = limits_count(max_text, LIMITS_MAX_ITEMS_MIN,
                           LIMITS_MAX_ITEMS_MAX);
        if (max < 0) {
            call_error(c, 400, "InvalidParameter.MaxItems",
                       "The parameter MaxItems must be between 1 and "
                       "1000.");
            return;
        }
    }
    if (marker) {
        /* A marker is the creation sequence of the last role shown, so
         * deleting roles between pages skips or repeats nothing. */
        if (strncmp(marker, ACCOUNT_MARKER_PREFIX, prefix) != 0 ||
            (after = limits_count(marker + prefix, 1, 999999999L)) < 0) {
            call_error(c, 400, "InvalidParameter.Marker",
                       "The parameter Marker is invalid.");
            return;
        }
    }
    while (first < a->nroles && a->roles[first].seq <= (unsigned long)after)
        first++;
    end = first;
    while (end < a->nroles && end - first < (size_t)max)
        end++;
    reply_begin(c, &w);
    json_pair(&w, "RequestId", c->request_id);
    json_key(&w, "IsTruncated");
    json_bool(&w, end < a->nroles);
    if (end < a->nroles) {
        snprintf(next, sizeof(next), "%s%lu", ACCOUNT_MARKER_PREFIX,
                 a->roles[end - 1].seq);
        json_pair(&w, "Marker", next);
    }
    json_key(&w, "Roles");
    json_begin_object(&w);
    json_key(&w, "Role");
    json_begin_array(&w);
    for (size_t i = first; i < end; i++)
        write_role(&w, a, &a->roles[i], ROLE_LISTED);
    json_end_array(&w);
    json_end_object(&w);
    reply_end(c, &w);
}

static struct sim_task *task_add(struct sim_account *a, const char *id,
                                 const struct sim_role *r, time_t now)
{
    struct sim_task *tasks, *t;

    /* Bounded: the oldest task is forgotten first. */
    if (a->ntasks >= ACCOUNT_TASKS_MAX) {
        task_clear(&a->tasks[0]);
        memmove(&a->tasks[0], &a->tasks[1],
                (a->ntasks - 1) * sizeof(*a->tasks));
        a->ntasks--;
    }
    tasks = grow(a->tasks, &a->tasks_cap, a->ntasks, sizeof(*a->tasks));
    if (!tasks)
        return NULL;
    a->tasks = tasks;
    t = &a->tasks[a->ntasks];
    memset(t, 0, sizeof(*t));
    t->id = strdup(id);
    t->role_name = strdup(r->role_name);
    t->service_name = strdup(r->service_name);
    if (!t->id || !t->role_name || !t->service_name) {
        task_clear(t);
        return NULL;
    }
    t->created = now;
    t->status = TASK_IN_PROGRESS;
    a->ntasks++;
    return t;
}

static void api_delete_slr(struct call *c)
{
    const char *name = param(c, "RoleName");
    char uuid[ACCOUNT_REQUEST_ID_LEN + 1];
    const struct sim_role *r;
    struct json_writer w;
    struct buf id;

    buf_init(&id, 4096);
    if (!name) {
        call_missing(c, "RoleName");
        goto out;
    }
    r = role_find(c->a, name);
    if (!r) {
        call_error(c, 404, "EntityNotExist.Role", "The role does not exist.");
        goto out;
    }
    if (!r->service_linked) {
        call_error(c, 404, "EntityNotExist.ServiceLinkedRole",
                   "This role exists but is not a Service Linked Role.");
        goto out;
    }
    uuid_text(uuid, false);
    if (buf_printf(&id, "task/acs-service-role/%s/%s/%s", r->service_name,
                   r->role_name, uuid) != BUF_OK ||
        !task_add(c->a, buf_str(&id), r, c->now)) {
        call_internal(c);
        goto out;
    }
    reply_begin(c, &w);
    json_pair(&w, "RequestId", c->request_id);
    json_pair(&w, "DeletionTaskId", buf_str(&id));
    reply_end(c, &w);
out:
    buf_free(&id);
}

static void write_failure_reason(struct json_writer *w,
                                 const struct sim_account *a,
                                 const struct sim_task *t,
                                 const struct sim_role *r)
{
    char *lower = lower_dup(t->role_name);
    struct buf msg, res;

    buf_init(&msg, 4096);
    buf_init(&res, 256);
    if (!lower ||
        buf_printf(&msg, "Service-Linked Role acs:ram::%s:role/%s cannot be "
                   "deleted as it is in use by %s.", a->account_id, lower,
                   t->service_name) != BUF_OK ||
        buf_printf(&res, "sim-%s", r ? r->role_id : "0") != BUF_OK)
        w->error = BUF_NOMEM;
    json_key(w, "Reason");
    json_begin_object(w);
    json_pair(w, "Message", buf_str(&msg));
    json_key(w, "RoleUsages");
    json_begin_object(w);
    json_key(w, "RoleUsage");
    json_begin_array(w);
    json_begin_object(w);
    json_pair(w, "Region", "cn-hangzhou");
    json_key(w, "Resources");
    json_begin_object(w);
    json_key(w, "Resource");
    json_begin_array(w);
    json_string(w, buf_str(&res));
    json_end_array(w);
    json_end_object(w);
    json_end_object(w);
    json_end_array(w);
    json_end_object(w);
    json_end_object(w);
    free(lower);
    buf_free(&msg);
    buf_free(&res);
}

static void api_deletion_status(struct call *c)
{
    struct sim_account *a = c->a;
    const char *id = param(c, "DeletionTaskId");
    struct sim_task *t = NULL;
    struct sim_role *r;
    struct json_writer w;
    const char *status;

    if (!id) {
        call_missing(c, "DeletionTaskId");
        return;
    }
    for (size_t i = 0; i < a->ntasks; i++)
        if (strcmp(a->tasks[i].id, id) == 0)
            t = &a->tasks[i];
    if (!t) {
        call_error(c, 404, "EntityNotExist.DeletionTask",
                   "The deletion task does not exist.");
        return;
    }
    r = role_find(a, t->role_name);
    /* The first look finds the task running; the next one finished. */
    if (t->status == TASK_IN_PROGRESS && ++t->polls >= 2) {
        if (r && kvlist_get_case(&a->in_use, t->role_name)) {
            t->status = TASK_FAILED;
        } else {
            t->status = TASK_SUCCEEDED;
            if (r) {
                role_remove(a, r);
                r = NULL;
                c->dirty = true;
            }
        }
    }
    status = t->status == TASK_IN_PROGRESS ? "IN_PROGRESS"
             : t->status == TASK_SUCCEEDED ? "SUCCEEDED"
                                           : "FAILED";
    reply_begin(c, &w);
    json_pair(&w, "RequestId", c->request_id);
    json_pair(&w, "Status", status);
    if (t->status == TASK_FAILED)
        write_failure_reason(&w, a, t, r);
    reply_end(c, &w);
}

/* --- DBS ------------------------------------------------------------------ */

/* DBS answers 200 with its own error fields, in the seed's shape. */
static void dbs_reply(struct call *c, const char *success, const char *code,
                      const char *message)
{
    char inner[ACCOUNT_REQUEST_ID_LEN + 1];
    struct json_writer w;
    struct buf text;

    buf_init(&text, 4096);
    reply_begin(c, &w);
    json_pair(&w, "Data", "null");
    json_pair(&w, "RequestId", c->request_id);
    json_pair(&w, "Success", success);
    if (code) {
        /* The message quotes the request id of the RAM call behind it. */
        account_request_id(inner);
        if (buf_printf(&text, "%s : %s\r\nRequestId : %s", code, message,
                       inner) != BUF_OK)
            w.error = BUF_NOMEM;
        json_pair(&w, "ErrorCode", code);
        json_pair(&w, "ErrMessage", buf_str(&text));
        c->code = code;
    }
    reply_end(c, &w);
    buf_free(&text);
}

static void api_dbs_init(struct call *c)
{
    struct sim_account *a = c->a;
    const struct catalog_entry *e;
    struct buf text;

    buf_init(&text, 64 * 1024);
    if (role_find(a, ACCOUNT_DBS_ROLE)) {
        dbs_reply(c, "true", "EntityAlreadyExists.Role",
                  "The role already exists:" ACCOUNT_DBS_ROLE);
        goto out;
    }
    if (a->nroles >= a->role_limit) {
        dbs_reply(c, "false", "LimitExceeded.Role",
                  "The maximum number of roles is exceeded.");
        goto out;
    }
    e = a->catalog ? catalog_find(a->catalog, ACCOUNT_DBS_SERVICE) : NULL;
    if ((e ? default_description(&text, e)
           : buf_adds(&text, "Service Linked Role for Database Backup "
                      "Service. Database Backup Service will use this role "
                      "to access your resources in other services.")) ||
        !role_add(a, ACCOUNT_DBS_ROLE, ACCOUNT_DBS_SERVICE, buf_str(&text),
                  NULL, c->now, NULL)) {
        call_internal(c);
        goto out;
    }
    c->dirty = true;
    dbs_reply(c, "true", NULL, NULL);
out:
    buf_free(&text);
}

/* --- STS ------------------------------------------------------------------ */

static void api_caller_identity(struct call *c)
{
    const struct sim_account *a = c->a;
    const struct sim_session *s = c->session;
    struct json_writer w;
    struct buf arn, principal;

    buf_init(&arn, 4096);
    buf_init(&principal, 4096);
    reply_begin(c, &w);
    if (s) {
        if (buf_printf(&arn, "acs:ram::%s:assumed-role/%s/%s", s->account_id,
                       s->role_name, s->session_name) != BUF_OK ||
            buf_printf(&principal, "%s:%s", s->role_id,
                       s->session_name) != BUF_OK)
            w.error = BUF_NOMEM;
        json_pair(&w, "IdentityType", "AssumedRoleUser");
        json_pair(&w, "AccountId", s->account_id);
        json_pair(&w, "RoleId", s->role_id);
        json_pair(&w, "PrincipalId", buf_str(&principal));
    } else if (c->key && c->key->user_name) {
        if (buf_printf(&arn, "acs:ram::%s:user/%s", a->account_id,
                       c->key->user_name) != BUF_OK)
            w.error = BUF_NOMEM;
        json_pair(&w, "IdentityType", "RAMUser");
        json_pair(&w, "AccountId", a->account_id);
        json_pair(&w, "UserId", c->key->user_id);
        json_pair(&w, "PrincipalId", c->key->user_id);
    } else {
        if (buf_printf(&arn, "acs:ram::%s:root", a->account_id) != BUF_OK)
            w.error = BUF_NOMEM;
        json_pair(&w, "IdentityType", "Account");
        json_pair(&w, "AccountId", a->account_id);
        json_pair(&w, "UserId", a->account_id);
        json_pair(&w, "PrincipalId", a->account_id);
    }
    json_pair(&w, "Arn", buf_str(&arn));
    json_pair(&w, "RequestId", c->request_id);
    reply_end(c, &w);
    buf_free(&arn);
    buf_free(&principal);
}

/* Makes room for one more session, dropping the one that expired first
 * (or, when none has, the oldest). */
static int session_room(struct sim_account *a)
{
    struct sim_session *sessions;
    size_t victim = 0;

    if (a->nsessions >= ACCOUNT_SESSIONS_MAX) {
        for (size_t i = 1; i < a->nsessions; i++)
            if (a->sessions[i].expires < a->sessions[victim].expires)
                victim = i;
        session_clear(&a->sessions[victim]);
        memmove(&a->sessions[victim], &a->sessions[victim + 1],
                (a->nsessions - victim - 1) * sizeof(*a->sessions));
        a->nsessions--;
    }
    sessions = grow(a->sessions, &a->sessions_cap, a->nsessions,
                    sizeof(*a->sessions));
    if (!sessions)
        return -1;
    a->sessions = sessions;
    return 0;
}

static int session_make(struct sim_session *s, const char *acct,
                        size_t acct_len, const char *role_id,
                        const char *role_name, const char *session_name,
                        time_t expires)
{
    char id[ACCOUNT_STS_ID_CHARS + 1], secret[ACCOUNT_SECRET_CHARS + 1];
    unsigned char raw[ACCOUNT_TOKEN_BYTES];
    struct buf token;
    int rc = -1;

    buf_init(&token, 1024);
    memset(s, 0, sizeof(*s));
    /* Real tokens are Base64 with "+", "/" and "=": they test encoding. */
    if (random_alnum(id, ACCOUNT_STS_ID_CHARS) ||
        random_alnum(secret, ACCOUNT_SECRET_CHARS) ||
        RAND_bytes(raw, sizeof(raw)) != 1 ||
        buf_adds(&token, "CAIS") != BUF_OK)
        goto out;
    for (size_t i = 0; i < sizeof(raw); i += 48)
        if (sign_base64(&token, raw + i, 48))
            goto out;
    s->key_id = malloc(4 + sizeof(id));
    if (s->key_id)
        snprintf(s->key_id, 4 + sizeof(id), "STS.%s", id);
    s->secret = strdup(secret);
    s->token = buf_take(&token);
    s->account_id = strndup(acct, acct_len);
    s->role_id = strdup(role_id);
    s->role_name = strdup(role_name);
    s->session_name = strdup(session_name);
    s->expires = expires;
    if (s->key_id && s->secret && s->token && s->account_id && s->role_id &&
        s->role_name && s->session_name)
        rc = 0;
out:
    OPENSSL_cleanse(secret, sizeof(secret));
    OPENSSL_cleanse(raw, sizeof(raw));
    buf_wipe(&token);
    if (rc)
        session_clear(s);
    return rc;
}

static void api_assume_role(struct call *c)
{
    struct sim_account *a = c->a;
    const char *arn = param(c, "RoleArn");
    const char *name = param(c, "RoleSessionName");
    const char *dur_text = param(c, "DurationSeconds");
    const char *acct, *role_name, *role_id = NULL;
    char expires[SIGN_TIMESTAMP_LEN + 1];
    const struct sim_session *s;
    const struct sim_role *r;
    long duration = a->session_seconds;
    struct buf arn_out, assumed_id;
    struct json_writer w;
    size_t acct_len;

    buf_init(&arn_out, 4096);
    buf_init(&assumed_id, 4096);
    if (!arn) {
        call_missing(c, "RoleArn");
        goto out;
    }
    if (!name) {
        call_missing(c, "RoleSessionName");
        goto out;
    }
    if (!limits_session_name_ok(name)) {
        call_error(c, 400, "InvalidParameter.RoleSessionName",
                   "The parameter RoleSessionName must be 2-64 letters, "
                   "digits, \".\", \"@\", \"-\" or \"_\".");
        goto out;
    }
    if (dur_text) {
        duration = limits_count(dur_text, LIMITS_DURATION_MIN,
                                LIMITS_DURATION_MAX);
        if (duration < 0) {
            call_error(c, 400, "InvalidParameter.DurationSeconds",
                       "The Min/Max value of DurationSeconds is 15min/12hr.");
            goto out;
        }
    }
    if (limits_role_arn(arn, &acct, &acct_len, &role_name)) {
        call_error(c, 400, "InvalidParameter.RoleArn",
                   "The parameter RoleArn is invalid.");
        goto out;
    }
    role_id = kvlist_get_case(&a->assumable, arn);
    if (!role_id && acct_len == strlen(a->account_id) &&
        strncmp(acct, a->account_id, acct_len) == 0) {
        r = role_find(a, role_name);
        role_id = r ? r->role_id : NULL;
    }
    if (!role_id) {
        call_error(c, 404, "EntityNotExist.Role",
                   "The specified Role not exists.");
        goto out;
    }
    if (session_room(a) ||
        session_make(&a->sessions[a->nsessions], acct, acct_len, role_id,
                     role_name, name, c->now + duration)) {
        call_internal(c);
        goto out;
    }
    s = &a->sessions[a->nsessions++];
    iso_time(s->expires, expires);
    reply_begin(c, &w);
    if (buf_printf(&arn_out, "acs:ram::%s:assumed-role/%s/%s",
                   s->account_id, s->role_name, s->session_name) != BUF_OK ||
        buf_printf(&assumed_id, "%s:%s", s->role_id, s->session_name) !=
            BUF_OK)
        w.error = BUF_NOMEM;
    json_pair(&w, "RequestId", c->request_id);
    json_key(&w, "AssumedRoleUser");
    json_begin_object(&w);
    json_pair(&w, "AssumedRoleId", buf_str(&assumed_id));
    json_pair(&w, "Arn", buf_str(&arn_out));
    json_end_object(&w);
    json_key(&w, "Credentials");
    json_begin_object(&w);
    json_pair(&w, "AccessKeyId", s->key_id);
    json_pair(&w, "AccessKeySecret", s->secret);
    json_pair(&w, "SecurityToken", s->token);
    json_pair(&w, "Expiration", expires);
    json_end_object(&w);
    reply_end(c, &w);
out:
    buf_free(&arn_out);
    buf_free(&assumed_id);
}

/* --- unsigned endpoints: ECS metadata and a credentials URI -------------- *
 *
 * Neither is signed on a real system: the metadata service trusts the
 * network (only the instance reaches 100.100.100.200) and a credentials
 * URI trusts whoever runs it.  So they are answered before authentication,
 * in plain text (JSON only for credentials), never with a gateway error:
 * clients look at the status alone. */

bool account_unsigned_path(const char *path)
{
    return path && (strncmp(path, ACCOUNT_IMDS_PREFIX,
                            sizeof(ACCOUNT_IMDS_PREFIX) - 1) == 0 ||
                    strcmp(path, ACCOUNT_CREDS_URI_PATH) == 0);
}

/* code is for the log only; the body is the HTTP reason phrase. */
static void plain_answer(struct call *c, int status, const char *code,
                         const char *text)
{
    c->code = code;
    c->plain = true;
    c->resp->status = status;
    buf_reset(&c->resp->body);
    if (buf_adds(&c->resp->body, text) != BUF_OK ||
        (status != 200 && buf_adds(&c->resp->body, "\n") != BUF_OK))
        c->resp->status = 500;
}

static bool method_is(const struct call *c, const char *method)
{
    return c->req->method && strcmp(c->req->method, method) == 0;
}

static const char *header(const struct call *c, const char *name)
{
    return c->req->headers ? kvlist_get_case(c->req->headers, name) : NULL;
}

/* Makes room for one more token, dropping expired ones first (or, when
 * none has expired, the one that would expire first). */
static int imds_token_room(struct sim_account *a, time_t now)
{
    struct imds_token *tokens;
    size_t kept = 0, victim = 0;

    for (size_t i = 0; i < a->ntokens; i++) {
        if (now >= a->tokens[i].expires)
            free_secret(a->tokens[i].token);
        else
            a->tokens[kept++] = a->tokens[i];
    }
    a->ntokens = kept;
    if (a->ntokens >= ACCOUNT_IMDS_TOKENS_MAX) {
        for (size_t i = 1; i < a->ntokens; i++)
            if (a->tokens[i].expires < a->tokens[victim].expires)
                victim = i;
        free_secret(a->tokens[victim].token);
        a->tokens[victim] = a->tokens[--a->ntokens];
    }
    tokens = grow(a->tokens, &a->tokens_cap, a->ntokens, sizeof(*a->tokens));
    if (!tokens)
        return -1;
    a->tokens = tokens;
    return 0;
}

/* Whether the request's token (if any) lets it through in this mode.  A
 * v1-only service hands out no tokens, so it pays a sent one no heed. */
static bool imds_token_ok(const struct call *c)
{
    const struct sim_account *a = c->a;
    const char *token = header(c, ACCOUNT_IMDS_TOKEN_HEADER);

    if (a->imds_mode == SIM_IMDS_V1)
        return true;
    if (!token)
        return a->imds_mode == SIM_IMDS_BOTH;
    for (size_t i = 0; i < a->ntokens; i++)
        if (c->now < a->tokens[i].expires &&
            same_secret(token, a->tokens[i].token))
            return true;
    return false;
}

static void imds_token_put(struct call *c)
{
    struct sim_account *a = c->a;
    const char *ttl_text = header(c, ACCOUNT_IMDS_TTL_HEADER);
    char token[ACCOUNT_IMDS_TOKEN_CHARS + 1];
    struct imds_token *t;
    long ttl;

    if (!method_is(c, "PUT")) {
        plain_answer(c, 405, "MethodNotAllowed", "Method Not Allowed");
        return;
    }
    if (a->imds_mode == SIM_IMDS_V1) {
        plain_answer(c, 403, "TokenDisabled", "Forbidden");
        return;
    }
    ttl = ttl_text ? limits_count(ttl_text, 1, ACCOUNT_IMDS_TTL_MAX) : -1;
    if (ttl < 0) {
        plain_answer(c, 400, "InvalidTokenTTL", "Bad Request");
        return;
    }
    if (random_alnum(token, ACCOUNT_IMDS_TOKEN_CHARS) ||
        imds_token_room(a, c->now)) {
        plain_answer(c, 500, "InternalError", "Internal Server Error");
        goto out;
    }
    t = &a->tokens[a->ntokens];
    t->token = strdup(token);
    if (!t->token) {
        plain_answer(c, 500, "InternalError", "Internal Server Error");
        goto out;
    }
    t->expires = c->now + ttl;
    a->ntokens++;
    plain_answer(c, 200, NULL, token);
out:
    OPENSSL_cleanse(token, sizeof(token));
}

/* A new session with full rights: the client must see a refresh as a new
 * key id.  Returns NULL when out of memory. */
static const struct sim_session *unsigned_session(struct call *c,
                                                  const char *role_id,
                                                  const char *role_name,
                                                  const char *session_name)
{
    struct sim_account *a = c->a;

    if (session_room(a) ||
        session_make(&a->sessions[a->nsessions], a->account_id,
                     strlen(a->account_id), role_id, role_name,
                     session_name, c->now + a->session_seconds))
        return NULL;
    return &a->sessions[a->nsessions++];
}

/* The metadata service's shape (imds) or a credentials URI's: the same
 * members, in the order each is documented with. */
static void write_credentials(struct call *c, const struct sim_session *s,
                              bool imds)
{
    char expires[SIGN_TIMESTAMP_LEN + 1], updated[SIGN_TIMESTAMP_LEN + 1];
    struct json_writer w;

    iso_time(s->expires, expires);
    iso_time(c->now, updated);
    reply_begin(c, &w);
    if (!imds)
        json_pair(&w, "Code", "Success");
    json_pair(&w, "AccessKeyId", s->key_id);
    json_pair(&w, "AccessKeySecret", s->secret);
    if (imds) {
        json_pair(&w, "Expiration", expires);
        json_pair(&w, "SecurityToken", s->token);
        json_pair(&w, "LastUpdated", updated);
        json_pair(&w, "Code", "Success");
    } else {
        json_pair(&w, "SecurityToken", s->token);
        json_pair(&w, "Expiration", expires);
    }
    reply_end(c, &w);
}

static void serve_metadata(struct call *c)
{
    struct sim_account *a = c->a;
    const char *path = c->req->path;
    const char *role = NULL;
    const struct sim_session *s;
    const struct sim_role *r;
    bool token_path = strcmp(path, ACCOUNT_IMDS_TOKEN_PATH) == 0;

    /* Counted even when off: a test may want to see a client try. */
    if (token_path) {
        a->counts[SIM_COUNT_IMDS_TOKEN]++;
    } else if (strncmp(path, ACCOUNT_IMDS_ROLES_PATH,
                       sizeof(ACCOUNT_IMDS_ROLES_PATH) - 1) == 0) {
        role = path + sizeof(ACCOUNT_IMDS_ROLES_PATH) - 1;
        a->counts[*role ? SIM_COUNT_IMDS_CREDENTIALS
                        : SIM_COUNT_IMDS_ROLE_LIST]++;
    }
    if (!a->metadata_role || (!token_path && !role)) {
        plain_answer(c, 404, "NotFound", "Not Found");
        return;
    }
    if (token_path) {
        imds_token_put(c);
        return;
    }
    if (!method_is(c, "GET")) {
        plain_answer(c, 405, "MethodNotAllowed", "Method Not Allowed");
        return;
    }
    if (!imds_token_ok(c)) {
        plain_answer(c, 401, "InvalidToken", "Unauthorized");
        return;
    }
    if (!*role) {
        plain_answer(c, 200, NULL, a->metadata_role);
        return;
    }
    if (strcmp(role, a->metadata_role) != 0) {
        plain_answer(c, 404, "NotFound", "Not Found");
        return;
    }
    /* The role may also exist in the account; then it keeps its id. */
    r = role_find(a, role);
    s = unsigned_session(c, r ? r->role_id : a->metadata_role_id,
                         a->metadata_role, a->instance_id);
    if (!s) {
        plain_answer(c, 500, "InternalError", "Internal Server Error");
        return;
    }
    write_credentials(c, s, true);
}

static void serve_credentials_uri(struct call *c)
{
    struct sim_account *a = c->a;
    const struct sim_session *s;

    a->counts[SIM_COUNT_CREDENTIALS_URI]++;
    if (!a->uri_role_id) {
        plain_answer(c, 404, "NotFound", "Not Found");
        return;
    }
    if (!method_is(c, "GET")) {
        plain_answer(c, 405, "MethodNotAllowed", "Method Not Allowed");
        return;
    }
    s = unsigned_session(c, a->uri_role_id, ACCOUNT_URI_ROLE,
                         ACCOUNT_URI_SESSION);
    if (!s) {
        plain_answer(c, 500, "InternalError", "Internal Server Error");
        return;
    }
    write_credentials(c, s, false);
}

static void serve_unsigned(struct call *c)
{
    if (strcmp(c->req->path, ACCOUNT_CREDS_URI_PATH) == 0)
        serve_credentials_uri(c);
    else
        serve_metadata(c);
}

/* --- dispatch ------------------------------------------------------------- */

static const struct api account_apis[] = {
    { "2020-03-31", "CreateServiceLinkedRole", api_create_slr, false, false },
    { "2020-03-31", "GetRole", api_get_role, false, false },
    { "2020-03-31", "DeleteServiceLinkedRole", api_delete_slr, false, false },
    { "2020-03-31", "GetServiceLinkedRoleDeletionStatus",
      api_deletion_status, false, false },
    /* RAM carries CreateServiceLinkedRole too, with the same parameters. */
    { "2015-05-01", "CreateServiceLinkedRole", api_create_slr, false, false },
    { "2015-05-01", "GetRole", api_get_role, false, false },
    { "2015-05-01", "ListRoles", api_list_roles, false, false },
    { "2019-03-06", "InitializeDbsServiceLinkedRole", api_dbs_init, false,
      true },
    { "2015-04-01", "GetCallerIdentity", api_caller_identity, true, false },
    { "2015-04-01", "AssumeRole", api_assume_role, false, false },
};

static void dispatch(struct call *c)
{
    const struct api *api = NULL;

    for (size_t i = 0; i < sizeof(account_apis) / sizeof(account_apis[0]);
         i++)
        if (c->vr.action && c->vr.version &&
            strcmp(c->vr.action, account_apis[i].action) == 0 &&
            strcmp(c->vr.version, account_apis[i].version) == 0)
            api = &account_apis[i];
    if (!api) {
        call_error(c, 404, "InvalidAction.NotFound",
                   "Specified api is not found, please check your url and "
                   "method.");
        return;
    }
    /* A RAM user in the simulator has no policy attached at all. */
    if (c->key && c->key->user_name && !api->anyone) {
        if (api->dbs)
            call_error(c, 403, "Request.Forbidden", "Have no Permissions");
        else
            call_error(c, 403, "NoPermission",
                       "You are not authorized to do this action. You "
                       "should be authorized by RAM.");
        return;
    }
    api->fn(c);
}

/* --- authentication ------------------------------------------------------- */

static void verify_failed(struct call *c, int status, const struct buf *sts)
{
    struct buf msg;

    switch (status) {
    case VERIFY_INCOMPLETE:
        call_error(c, 400, "IncompleteSignature",
                   "The request signature does not conform to Aliyun "
                   "standards.");
        return;
    case VERIFY_NO_TIMESTAMP:
        call_error(c, 400, "IllegalTimestamp",
                   c->vr.scheme == VERIFY_SCHEME_V3
                       ? "The input parameter \"x-acs-date\" that is "
                         "mandatory for processing this request is not "
                         "supplied."
                       : "The input parameter \"Timestamp\" that is "
                         "mandatory for processing this request is not "
                         "supplied.");
        return;
    case VERIFY_BAD_TIMESTAMP:
        call_error(c, 400, "InvalidTimeStamp.Format",
                   "Specified time stamp or date value is not well "
                   "formatted.");
        return;
    case VERIFY_EXPIRED:
        call_error(c, 400, "InvalidTimeStamp.Expired",
                   "Specified time stamp or date value is expired.");
        return;
    case VERIFY_NONCE_USED:
        call_error(c, 400, "SignatureNonceUsed",
                   "Specified signature nonce was used already.");
        return;
    case VERIFY_MISMATCH:
        buf_init(&msg, 8u << 20);
        if (buf_adds(&msg, "Specified signature is not matched with our "
                     "calculation. server string to sign is:") != BUF_OK ||
            (sts && buf_add(&msg, buf_str(sts), buf_len(sts)) != BUF_OK))
            call_internal(c);
        else
            call_error(c, 400, "SignatureDoesNotMatch", buf_str(&msg));
        buf_free(&msg);
        return;
    default:
        call_internal(c);
        return;
    }
}

/* Finds whose key signed the request; NULL when nobody's. */
static const char *find_secret(struct call *c)
{
    const struct sim_account *a = c->a;
    const char *id = c->vr.access_key_id;
    bool owner_keys = false;

    for (size_t i = 0; i < a->nkeys; i++) {
        if (!a->keys[i].user_name)
            owner_keys = true;
        if (strcmp(a->keys[i].id, id) == 0) {
            c->key = &a->keys[i];
            return a->keys[i].secret;
        }
    }
    /* An account given no owner key of its own serves the demo key. */
    if (!owner_keys && strcmp(id, SIM_DEMO_ACCESS_KEY_ID) == 0)
        return SIM_DEMO_ACCESS_KEY_SECRET;
    if (strncmp(id, "STS.", 4) == 0)
        for (size_t i = 0; i < a->nsessions; i++)
            if (strcmp(a->sessions[i].key_id, id) == 0) {
                c->session = &a->sessions[i];
                return a->sessions[i].secret;
            }
    return NULL;
}

static void authenticate_and_run(struct call *c)
{
    const struct sim_request *req = c->req;
    const char *secret;
    struct buf sts;
    int st;

    buf_init(&sts, 8u << 20);
    if (req->body_len > ACCOUNT_BODY_MAX) {
        call_error(c, 413, "Request.EntityTooLarge",
                   "The request body is larger than 1048576 bytes.");
        goto out;
    }
    st = verify_parse(req, &c->vr);
    if (st != VERIFY_OK) {
        verify_failed(c, st, NULL);
        goto out;
    }
    secret = find_secret(c);
    if (!secret) {
        call_error(c, 404, "InvalidAccessKeyId.NotFound",
                   "Specified access key is not found.");
        goto out;
    }
    st = verify_signature(&c->vr, req, secret, &sts);
    if (st == VERIFY_OK)
        st = verify_time(&c->vr, c->now);
    if (st != VERIFY_OK) {
        verify_failed(c, st, &sts);
        goto out;
    }
    if (c->session) {
        if (!c->vr.security_token ||
            !same_secret(c->vr.security_token, c->session->token)) {
            call_error(c, 400, "InvalidSecurityToken.MismatchWithAccessKey",
                       "Specified SecurityToken mismatch with the "
                       "AccessKey.");
            goto out;
        }
        if (c->now >= c->session->expires) {
            call_error(c, 400, "InvalidSecurityToken.Expired",
                       "Specified SecurityToken is expired.");
            goto out;
        }
    }
    /* Only a verified request spends its nonce. */
    st = verify_nonce_use(c->a->nonces, c->vr.access_key_id, c->vr.nonce,
                          c->now);
    if (st != VERIFY_OK) {
        verify_failed(c, st, NULL);
        goto out;
    }
    dispatch(c);
    if (c->dirty && c->a->state_path && state_save(c->a))
        call_internal(c);
out:
    buf_free(&sts);
}

static void copy_printable(char *dst, size_t size, const char *src)
{
    size_t n = 0;

    for (; src && *src && n + 1 < size; src++)
        dst[n++] = (*src > 0x20 && *src < 0x7f) ? *src : '?';
    if (n == 0 && size > 1)
        dst[n++] = '-';
    dst[n] = '\0';
}

void account_handle(struct sim_account *a, const struct sim_request *req,
                    struct sim_response *resp,
                    struct account_outcome *outcome)
{
    struct call c;

    memset(&c, 0, sizeof(c));
    c.a = a;
    c.req = req;
    c.resp = resp;
    verify_request_init(&c.vr);
    pthread_mutex_lock(&a->lock);
    c.now = account_now(a);
    account_request_id(c.request_id);
    buf_reset(&resp->body);
    resp->status = 500;
    /* The unsigned endpoints are told apart by path alone, before any
     * signature is looked for. */
    if (account_unsigned_path(req->path))
        serve_unsigned(&c);
    else
        authenticate_and_run(&c);
    if (outcome) {
        copy_printable(outcome->action, sizeof(outcome->action),
                       c.vr.action);
        copy_printable(outcome->code, sizeof(outcome->code), c.code);
        outcome->path[0] = '\0';
        if (account_unsigned_path(req->path))
            copy_printable(outcome->path, sizeof(outcome->path), req->path);
        outcome->plain_text = c.plain;
    }
    pthread_mutex_unlock(&a->lock);
    verify_request_free(&c.vr);
}

void sim_handle(struct sim_account *a, const struct sim_request *req,
                struct sim_response *resp)
{
    account_handle(a, req, resp, NULL);
}
