/* api — see api.h. */
#include "config.h"

#include "cloud/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <openssl/rand.h>

#include "cloud/errors.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/kv.h"
#include "core/url.h"
#include "core/wipe.h"

#define WORK_MAX (1u << 20)
#define BACKOFF_CAP_MS 8000u

static const struct {
    const char *name;
    const char *host;
    const char *version;
} products[API_PRODUCT_COUNT] = {
    [API_RESOURCEMANAGER] = { "resourcemanager",
                              "resourcemanager.aliyuncs.com", "2020-03-31" },
    [API_RAM] = { "ram", "ram.aliyuncs.com", "2015-05-01" },
    [API_STS] = { "sts", "sts.aliyuncs.com", "2015-04-01" },
    [API_DBS] = { "dbs", NULL, "2019-03-06" },
};

/* The DBS SDKs' regional map: most regions share the Hangzhou endpoint. */
static const char *const dbs_shared_regions[] = {
    "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-hangzhou",
    "cn-shanghai", "cn-shenzhen", "cn-hongkong", "us-west-1", "us-east-1"
};
static const char *const dbs_own_regions[] = {
    "cn-chengdu", "cn-huhehaote", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-5", "ap-northeast-1", "cn-wulanchabu",
    "eu-central-1", "ap-south-1"
};

void api_client_init(struct api_client *c)
{
    memset(c, 0, sizeof(*c));
    c->signature = 3;
    c->max_retries = API_MAX_RETRIES;
    c->retry_base_ms = 200;
}

int api_product_from_name(const char *name)
{
    for (int p = 0; p < API_PRODUCT_COUNT; p++)
        if (strcasecmp(products[p].name, name) == 0)
            return p;
    return -1;
}

const char *api_product_name(enum api_product p)
{
    return products[p].name;
}

const char *api_dbs_host(const char *region)
{
    static char host[128];

    if (!region || !*region)
        region = API_DEFAULT_REGION;
    for (size_t i = 0; i < sizeof(dbs_shared_regions) /
                               sizeof(dbs_shared_regions[0]); i++)
        if (strcmp(region, dbs_shared_regions[i]) == 0)
            return "dbs-api.cn-hangzhou.aliyuncs.com";
    for (size_t i = 0; i < sizeof(dbs_own_regions) /
                               sizeof(dbs_own_regions[0]); i++)
        if (strcmp(region, dbs_own_regions[i]) == 0) {
            snprintf(host, sizeof(host), "dbs-api.%s.aliyuncs.com", region);
            return host;
        }
    return NULL;
}

int api_endpoint(const struct api_client *c, enum api_product p,
                 struct buf *out)
{
    const char *host;

    if (c->endpoint[p])
        return buf_adds(out, c->endpoint[p]) == BUF_OK ? 0 : -1;
    host = p == API_DBS ? api_dbs_host(c->region) : products[p].host;
    if (!host)
        return -1;
    return buf_printf(out, "https://%s", host) == BUF_OK ? 0 : -1;
}

/* --- small helpers ---------------------------------------------------------- */

static time_t client_now(const struct api_client *c)
{
    return c->now ? c->now() : time(NULL);
}

static void say(const struct api_client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(const struct api_client *c, const char *fmt, ...)
{
    char line[1024];
    va_list ap;

    if (!c->log)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    c->log(c->log_ctx, line);
}

static void copy_field(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* Records what went wrong; subject and detail may be NULL. */
static void error_set(struct api_error *err, enum api_error_kind kind,
                      enum api_why why, const char *subject,
                      const char *detail)
{
    err->kind = kind;
    err->why = why;
    copy_field(err->subject, sizeof(err->subject), subject);
    copy_field(err->detail, sizeof(err->detail), detail);
}

static void error_nomem(struct api_error *err)
{
    error_set(err, API_ERR_INTERNAL, API_WHY_NOMEM, NULL, NULL);
}

static void error_missing(struct api_error *err, const char *what)
{
    error_set(err, API_ERR_RESPONSE, API_WHY_MISSING, what, NULL);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* A member by name, accepting the lower-camel spelling some SDK models
 * use ("Code" or "code"). */
static const cJSON *member(const cJSON *obj, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
    char lower[64];

    if (it || !name[0] || strlen(name) >= sizeof(lower))
        return it;
    snprintf(lower, sizeof(lower), "%s", name);
    lower[0] = (char)(lower[0] >= 'A' && lower[0] <= 'Z'
                          ? lower[0] - 'A' + 'a' : lower[0]);
    return cJSON_GetObjectItemCaseSensitive(obj, lower);
}

static const char *text_of(const cJSON *obj, const char *name)
{
    const cJSON *it = member(obj, name);

    return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* Copies a string member into *dst; absent members give NULL.  Returns
 * -1 only when out of memory. */
static int take(const cJSON *obj, const char *name, char **dst)
{
    const char *s = text_of(obj, name);

    *dst = NULL;
    if (!s)
        return 0;
    *dst = strdup(s);
    return *dst ? 0 : -1;
}

/* "true" and true both count: DBS sends booleans as strings. */
static bool truthy(const cJSON *it)
{
    if (cJSON_IsBool(it))
        return cJSON_IsTrue(it);
    return cJSON_IsString(it) && strcasecmp(it->valuestring, "true") == 0;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int push_str(char ***v, size_t *n, const char *s)
{
    char **grown = realloc(*v, (*n + 1) * sizeof(**v));

    if (!grown)
        return -1;
    *v = grown;
    grown[*n] = strdup(s);
    if (!grown[*n])
        return -1;
    (*n)++;
    return 0;
}

/* --- requests -------------------------------------------------------------- */

struct call {
    enum api_product product;
    const char *action;
    struct kvlist params;
    /* Safe to send again after an ambiguous failure. */
    bool idempotent;
};

/* The query for logs and --dry-run: V1 carries its Signature and any
 * SecurityToken there. */
static int redacted_query(struct buf *out, const char *query)
{
    const char *p = query;

    while (*p) {
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;

        if (p != query && buf_addc(out, '&') != BUF_OK)
            return -1;
        if ((klen == 9 && strncmp(p, "Signature", 9) == 0) ||
            (klen == 13 && strncmp(p, "SecurityToken", 13) == 0)) {
            if (buf_add(out, p, klen) != BUF_OK ||
                buf_adds(out, "=<redacted>") != BUF_OK)
                return -1;
        } else if (buf_add(out, p, len) != BUF_OK) {
            return -1;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    return 0;
}

static int redacted_header(struct buf *out, const char *name,
                           const char *value)
{
    const char *sig;

    if (strcasecmp(name, "x-acs-security-token") == 0)
        return buf_printf(out, "%s: <redacted>\n", name) == BUF_OK ? 0 : -1;
    if (strcasecmp(name, "Authorization") == 0 &&
        (sig = strstr(value, "Signature=")) != NULL)
        return buf_printf(out, "%s: %.*sSignature=<redacted>\n", name,
                          (int)(sig - value), value) == BUF_OK ? 0 : -1;
    return buf_printf(out, "%s: %s\n", name, value) == BUF_OK ? 0 : -1;
}

static int write_dry_run(struct buf *out, const char *base,
                         const char *query, const struct kvlist *headers)
{
    if (buf_printf(out, "POST %s/%s", base, *query ? "?" : "") != BUF_OK ||
        redacted_query(out, query) || buf_addc(out, '\n') != BUF_OK)
        return -1;
    for (size_t i = 0; i < headers->count; i++)
        if (redacted_header(out, headers->items[i].key,
                            headers->items[i].value))
            return -1;
    return buf_addc(out, '\n') == BUF_OK ? 0 : -1;
}

/* Exponential backoff with jitter: base * 2^(n-1), plus up to half again. */
static unsigned backoff_ms(const struct api_client *c, int attempt)
{
    unsigned delay = c->retry_base_ms, jitter = 0;
    unsigned char r[2] = { 0, 0 };

    for (int i = 1; i < attempt && delay < BACKOFF_CAP_MS; i++)
        delay *= 2;
    if (delay > BACKOFF_CAP_MS)
        delay = BACKOFF_CAP_MS;
    if (delay && RAND_bytes(r, sizeof(r)) == 1)
        jitter = ((unsigned)r[0] << 8 | r[1]) % (delay / 2 + 1);
    return delay + jitter;
}

/* Fills err from an error answer, if the body is one.  DBS answers HTTP
 * 200 with Success "false" and ErrorCode; and Success "true" with
 * ErrorCode EntityAlreadyExists.Role, which is not an error. */
static bool answer_is_error(const cJSON *root, long status,
                            struct api_error *err)
{
    const char *code = text_of(root, "Code");
    const cJSON *success = member(root, "Success");

    if (!code || !*code) {
        if (success && !truthy(success)) {
            code = text_of(root, "ErrorCode");
            if (!code)
                code = text_of(root, "ErrCode");
            if (!code)
                code = "Failed";
            copy_field(err->message, sizeof(err->message),
                       text_of(root, "ErrMessage"));
        } else {
            code = NULL;
        }
    } else {
        copy_field(err->message, sizeof(err->message),
                   text_of(root, "Message"));
    }
    if (!code && status < 400)
        return false;
    err->kind = API_ERR_CLOUD;
    err->http_status = status;
    if (code) {
        copy_field(err->code, sizeof(err->code), code);
    } else {
        snprintf(err->code, sizeof(err->code), "HTTP%ld", status);
        snprintf(err->message, sizeof(err->message),
                 "HTTP %ld without an error code", status);
    }
    copy_field(err->request_id, sizeof(err->request_id),
               text_of(root, "RequestId"));
    copy_field(err->recommend, sizeof(err->recommend),
               text_of(root, "Recommend"));
    return true;
}

/* Signs and sends one attempt.  On success *body holds the answer. */
static int send_once(struct api_client *c, const struct call *call,
                     const char *base, const char *authority,
                     struct http_response *resp, struct api_error *err)
{
    struct sign_creds creds;
    struct sign_rpc rpc;
    struct kvlist headers;
    struct buf query, url, msg;
    char nonce[SIGN_NONCE_LEN + 1];
    int status = -1, ts;

    kvlist_init(&headers);
    buf_init(&query, WORK_MAX);
    buf_init(&url, WORK_MAX);
    buf_init(&msg, 1024);
    if (!c->creds.get || c->creds.get(c->creds.ctx, &creds, &msg)) {
        error_set(err, API_ERR_CREDENTIALS, API_WHY_CREDENTIALS, NULL,
                  buf_str(&msg));
        goto out;
    }
    if (sign_nonce(nonce)) {
        error_set(err, API_ERR_INTERNAL, API_WHY_NO_NONCE, NULL, NULL);
        goto out;
    }
    rpc.method = "POST";
    rpc.host = authority;
    rpc.action = call->action;
    rpc.version = products[call->product].version;
    rpc.params = &call->params;
    rpc.body = NULL;
    rpc.content_type = NULL;
    rpc.now = client_now(c);
    rpc.nonce = nonce;
    if ((c->signature == 1 ? sign_rpc_v1(&rpc, &creds, &query, NULL)
                           : sign_rpc_v3(&rpc, &creds, &query, &headers))) {
        error_set(err, API_ERR_INTERNAL, API_WHY_SIGN, NULL, NULL);
        goto out;
    }
    if (c->dry_run) {
        if (write_dry_run(c->dry_run, base, buf_str(&query), &headers))
            error_nomem(err);
        else
            error_set(err, API_ERR_DRY_RUN, API_WHY_DRY_RUN, NULL, NULL);
        goto out;
    }
    if (buf_printf(&url, "%s/%s%s", base, buf_len(&query) ? "?" : "",
                   buf_str(&query)) != BUF_OK) {
        error_nomem(err);
        goto out;
    }
    {
        struct http_request req = {
            "POST", buf_str(&url), &headers, NULL, 0,
            c->connect_timeout_ms, c->timeout_ms, c->cancel, false
        };

        buf_reset(&msg);
        ts = transport_send(c->transport, &req, resp, &msg);
    }
    if (ts != TRANSPORT_OK) {
        error_set(err, API_ERR_INTERNAL, API_WHY_TRANSPORT, NULL,
                  buf_str(&msg));
        err->reason = ts;
        status = ts;
        goto out;
    }
    status = TRANSPORT_OK;
out:
    kvlist_free(&headers);
    buf_wipe(&query);
    buf_wipe(&url);
    buf_free(&msg);
    return status;
}

/* Sends a call, retrying what is safe to retry.  On success returns 0
 * with *root (to cJSON_Delete) and res filled. */
static int call_api(struct api_client *c, const struct call *call,
                    cJSON **root, struct api_result *res,
                    struct api_error *err)
{
    struct http_response resp;
    struct buf base;
    struct url u;
    enum url_problem why = URL_OK;
    int attempt, rc = -1, ts;

    memset(err, 0, sizeof(*err));
    copy_field(err->action, sizeof(err->action), call->action);
    *root = NULL;
    res->request_id = NULL;
    res->response = NULL;
    buf_init(&base, 4096);
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    if (api_endpoint(c, call->product, &base)) {
        error_set(err, API_ERR_USAGE, API_WHY_NO_ENDPOINT,
                  products[call->product].name,
                  c->region ? c->region : API_DEFAULT_REGION);
        goto out;
    }
    /* "https://host/" and "https://host" name the same endpoint. */
    while (buf_len(&base) && base.data[base.len - 1] == '/')
        base.data[--base.len] = '\0';
    if (url_parse(&u, buf_str(&base), &why) || *u.rest) {
        if (why == URL_OK)
            why = URL_PATH;
        error_set(err, API_ERR_USAGE, API_WHY_BAD_ENDPOINT,
                  products[call->product].name, buf_str(&base));
        err->reason = (int)why;
        goto out;
    }

    for (attempt = 1;; attempt++) {
        const char *retry_why = NULL;

        err->attempts = attempt;
        buf_reset(&resp.body);
        resp.status = 0;
        say(c, "%s %s (attempt %d of %d)", call->action, u.authority,
            attempt, c->max_retries + 1);
        ts = send_once(c, call, buf_str(&base), u.authority, &resp, err);
        if (ts < 0)
            goto out;
        if (ts == TRANSPORT_OK) {
            cJSON *json = json_parse(buf_str(&resp.body),
                                     buf_len(&resp.body), NULL);

            if (!json || !cJSON_IsObject(json)) {
                cJSON_Delete(json);
                err->http_status = resp.status;
                error_set(err, API_ERR_RESPONSE, API_WHY_NOT_JSON,
                          u.authority, NULL);
                if (resp.status >= 500)
                    retry_why = "server error";
            } else if (answer_is_error(json, resp.status, err)) {
                cJSON_Delete(json);
                say(c, "%s: HTTP %ld %s%s%s", call->action, resp.status,
                    err->code, err->request_id[0] ? " RequestId " : "",
                    err->request_id);
                if (!call->idempotent &&
                    strcmp(err->code, "SignatureNonceUsed") == 0) {
                    /* Our nonces are random: a "used" one means the
                     * request was delivered twice, and the first copy may
                     * have done the work. */
                    err->kind = API_ERR_AMBIGUOUS;
                    err->why = API_WHY_TWICE;
                } else if (errors_classify(err->code) == ERRORS_RETRYABLE ||
                           (resp.status >= 500 &&
                            strncmp(err->code, "HTTP", 4) == 0)) {
                    retry_why = err->code;
                }
            } else {
                *root = json;
                res->request_id = dup_or_null(text_of(json, "RequestId"));
                res->response = strdup(buf_str(&resp.body));
                if (!res->response) {
                    error_nomem(err);
                    goto out;
                }
                say(c, "%s: HTTP %ld ok%s%s", call->action, resp.status,
                    res->request_id ? " RequestId " : "",
                    res->request_id ? res->request_id : "");
                memset(err, 0, sizeof(*err));
                rc = 0;
                goto out;
            }
        } else {
            say(c, "%s: %s (%s)", call->action, err->detail,
                transport_status_name(ts));
            switch (ts) {
            case TRANSPORT_CONNECT:
                err->kind = API_ERR_NETWORK;
                retry_why = "no connection";
                break;
            case TRANSPORT_AMBIGUOUS:
                err->kind = API_ERR_AMBIGUOUS;
                if (call->idempotent)
                    retry_why = "no complete answer";
                break;
            case TRANSPORT_TLS:
                err->kind = API_ERR_NETWORK;
                break;
            case TRANSPORT_TOO_BIG:
                err->kind = API_ERR_RESPONSE;
                break;
            case TRANSPORT_BAD_URL:
                err->kind = API_ERR_USAGE;
                break;
            case TRANSPORT_CANCELLED:
                err->kind = API_ERR_CANCELLED;
                break;
            default:
                err->kind = API_ERR_INTERNAL;
                break;
            }
        }
        if (!retry_why || attempt > c->max_retries ||
            (c->cancel && *c->cancel))
            goto out;
        {
            unsigned ms = backoff_ms(c, attempt);

            say(c, "%s: retrying in %u ms (%s)", call->action, ms,
                retry_why);
            clock_sleep_ms((long)ms, c->cancel);
        }
    }
out:
    if (rc) {
        free(res->response);
        res->response = NULL;
        free(res->request_id);
        res->request_id = NULL;
    }
    buf_free(&base);
    /* An AssumeRole answer holds a secret and a token. */
    buf_wipe(&resp.body);
    return rc;
}

static void call_init(struct call *call, enum api_product p,
                      const char *action, bool idempotent)
{
    call->product = p;
    call->action = action;
    kvlist_init(&call->params);
    call->idempotent = idempotent;
}

static int param(struct call *call, struct api_error *err, const char *key,
                 const char *value)
{
    if (!value || !*value)
        return 0;
    if (kvlist_add(&call->params, key, value)) {
        error_nomem(err);
        return -1;
    }
    return 0;
}

/* --- mapping answers ---------------------------------------------------------- */

static void trust_free(struct api_trust_policy *t)
{
    free_strv(t->services, t->nservices);
    free_strv(t->actions, t->nactions);
    free(t->pretty);
    memset(t, 0, sizeof(*t));
}

/* A string or an array of strings, appended to v. */
static int strings_of(const cJSON *it, char ***v, size_t *n)
{
    const cJSON *e;

    if (cJSON_IsString(it))
        return push_str(v, n, it->valuestring);
    cJSON_ArrayForEach(e, it)
        if (cJSON_IsString(e) && push_str(v, n, e->valuestring))
            return -1;
    return 0;
}

/* The trust policy is JSON inside a JSON string; a document that does not
 * parse is kept as text, with nothing read from it. */
static int trust_parse(struct api_trust_policy *t, const char *doc)
{
    cJSON *root;
    const cJSON *stmts, *s;
    struct buf pretty;
    int rc = -1;

    memset(t, 0, sizeof(*t));
    if (!doc)
        return 0;
    root = json_parse(doc, strlen(doc), NULL);
    if (!root)
        return 0;
    buf_init(&pretty, WORK_MAX);
    stmts = cJSON_GetObjectItemCaseSensitive(root, "Statement");
    cJSON_ArrayForEach(s, stmts) {
        const cJSON *principal = cJSON_GetObjectItemCaseSensitive(s,
                                                                  "Principal");

        if (strings_of(cJSON_GetObjectItemCaseSensitive(principal,
                                                        "Service"),
                       &t->services, &t->nservices) ||
            strings_of(cJSON_GetObjectItemCaseSensitive(s, "Action"),
                       &t->actions, &t->nactions))
            goto out;
    }
    if (json_pretty(&pretty, doc, strlen(doc), 2) == 0) {
        /* The writer ends documents with a newline; a field does not. */
        if (pretty.len && pretty.data[pretty.len - 1] == '\n')
            pretty.data[--pretty.len] = '\0';
        t->pretty = buf_take(&pretty);
        if (!t->pretty)
            goto out;
    }
    rc = 0;
out:
    buf_free(&pretty);
    cJSON_Delete(root);
    return rc;
}

static void role_free(struct api_role *r)
{
    free(r->role_id);
    free(r->role_name);
    free(r->arn);
    free(r->description);
    free(r->create_date);
    free(r->update_date);
    free(r->role_principal_name);
    free(r->policy_document);
    trust_free(&r->trust);
    memset(r, 0, sizeof(*r));
}

static int role_read(struct api_role *r, const cJSON *obj)
{
    const cJSON *slr = member(obj, "IsServiceLinkedRole");
    const cJSON *msd = member(obj, "MaxSessionDuration");

    memset(r, 0, sizeof(*r));
    if (take(obj, "RoleId", &r->role_id) ||
        take(obj, "RoleName", &r->role_name) ||
        take(obj, "Arn", &r->arn) ||
        take(obj, "Description", &r->description) ||
        take(obj, "CreateDate", &r->create_date) ||
        take(obj, "UpdateDate", &r->update_date) ||
        take(obj, "RolePrincipalName", &r->role_principal_name) ||
        take(obj, "AssumeRolePolicyDocument", &r->policy_document))
        return -1;
    r->is_service_linked = truthy(slr);
    /* Seconds, 3600-43200 in practice; anything a long cannot hold is
     * not a duration (and casting it would be undefined). */
    if (cJSON_IsNumber(msd) && msd->valuedouble >= 0 &&
        msd->valuedouble <= 1e9)
        r->max_session_duration = (long)msd->valuedouble;
    else if (cJSON_IsString(msd))
        r->max_session_duration = strtol(msd->valuestring, NULL, 10);
    return trust_parse(&r->trust, r->policy_document);
}

static void result_free(struct api_result *r)
{
    free(r->request_id);
    free(r->response);
    r->request_id = NULL;
    r->response = NULL;
}

/* The Role member of an answer, read; a missing Role or RoleName means
 * the answer is not what the API sends. */
static int role_answer(const cJSON *root, struct api_role_result *out,
                       struct api_error *err)
{
    const cJSON *role = member(root, "Role");

    if (!cJSON_IsObject(role)) {
        error_missing(err, "Role");
        return -1;
    }
    if (role_read(&out->role, role)) {
        error_nomem(err);
        return -1;
    }
    if (!out->role.role_name || !out->role.arn) {
        error_missing(err, "Role.RoleName or Role.Arn");
        return -1;
    }
    return 0;
}

int api_parse_role_response(const char *body, size_t len,
                            struct api_role_result *out,
                            struct api_error *err)
{
    cJSON *root = json_parse(body, len, NULL);
    int rc = -1;

    memset(out, 0, sizeof(*out));
    memset(err, 0, sizeof(*err));
    if (!root || !cJSON_IsObject(root)) {
        error_set(err, API_ERR_RESPONSE, API_WHY_NOT_JSON, NULL, NULL);
        goto out;
    }
    rc = role_answer(root, out, err);
out:
    cJSON_Delete(root);
    if (rc)
        api_role_result_free(out);
    return rc;
}

/* --- the calls -------------------------------------------------------------- */

int api_get_role(struct api_client *c, const char *role_name,
                 struct api_role_result *out, struct api_error *err)
{
    struct call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    call_init(&call, API_RESOURCEMANAGER, "GetRole", true);
    if (param(&call, err, "RoleName", role_name))
        goto out;
    if (call_api(c, &call, &root, &out->r, err))
        goto out;
    rc = role_answer(root, out, err);
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_role_result_free(out);
    return rc;
}

int api_create_service_linked_role(struct api_client *c,
                                   const char *service_name,
                                   const char *custom_suffix,
                                   const char *description,
                                   struct api_role_result *out,
                                   struct api_error *err)
{
    struct call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    call_init(&call, API_RESOURCEMANAGER, "CreateServiceLinkedRole", false);
    if (param(&call, err, "ServiceName", service_name) ||
        param(&call, err, "CustomSuffix", custom_suffix) ||
        param(&call, err, "Description", description) ||
        call_api(c, &call, &root, &out->r, err))
        goto out;
    rc = role_answer(root, out, err);
    out->created = rc == 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_role_result_free(out);
    return rc;
}

static int deletion_read(struct api_deletion *d, const cJSON *root)
{
    const cJSON *reason = member(root, "Reason");
    const cJSON *usages = member(member(reason, "RoleUsages"), "RoleUsage");
    const cJSON *u;

    if (take(root, "DeletionTaskId", &d->task_id) ||
        take(root, "Status", &d->status) ||
        take(reason, "Message", &d->reason))
        return -1;
    cJSON_ArrayForEach(u, usages) {
        const char *region = text_of(u, "Region");
        const cJSON *res = member(member(u, "Resources"), "Resource");
        const cJSON *r;

        cJSON_ArrayForEach(r, res) {
            char line[512];

            if (!cJSON_IsString(r))
                continue;
            snprintf(line, sizeof(line), "%s: %s", region ? region : "-",
                     r->valuestring);
            if (push_str(&d->usages, &d->nusages, line))
                return -1;
        }
    }
    return 0;
}

int api_delete_service_linked_role(struct api_client *c,
                                   const char *role_name,
                                   struct api_deletion *out,
                                   struct api_error *err)
{
    struct call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    /* A second deletion request for the same role starts another task,
     * which is harmless, so retrying after a lost answer is safe. */
    call_init(&call, API_RESOURCEMANAGER, "DeleteServiceLinkedRole", true);
    if (param(&call, err, "RoleName", role_name) ||
        call_api(c, &call, &root, &out->r, err))
        goto out;
    if (deletion_read(out, root)) {
        error_nomem(err);
        goto out;
    }
    if (!out->task_id) {
        error_missing(err, "DeletionTaskId");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_deletion_free(out);
    return rc;
}

int api_deletion_status(struct api_client *c, const char *task_id,
                        struct api_deletion *out, struct api_error *err)
{
    struct call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    call_init(&call, API_RESOURCEMANAGER, "GetServiceLinkedRoleDeletionStatus",
              true);
    if (param(&call, err, "DeletionTaskId", task_id) ||
        call_api(c, &call, &root, &out->r, err))
        goto out;
    if (deletion_read(out, root)) {
        error_nomem(err);
        goto out;
    }
    if (!out->status) {
        error_missing(err, "Status");
        goto out;
    }
    if (!out->task_id && !(out->task_id = strdup(task_id))) {
        error_nomem(err);
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_deletion_free(out);
    return rc;
}

int api_list_roles(struct api_client *c, const char *marker,
                   unsigned max_items, struct api_role_page *out,
                   struct api_error *err)
{
    struct call call;
    cJSON *root = NULL;
    const cJSON *list, *it;
    char items[16];
    size_t n;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    call_init(&call, API_RAM, "ListRoles", true);
    snprintf(items, sizeof(items), "%u", max_items ? max_items : 100);
    if (param(&call, err, "Marker", marker) ||
        param(&call, err, "MaxItems", items) ||
        call_api(c, &call, &root, &out->r, err))
        goto out;
    /* The XML-shaped JSON nests the list as Roles.Role[]. */
    list = member(member(root, "Roles"), "Role");
    n = (size_t)cJSON_GetArraySize(list);
    out->roles = calloc(n ? n : 1, sizeof(*out->roles));
    if (!out->roles) {
        error_nomem(err);
        goto out;
    }
    cJSON_ArrayForEach(it, list) {
        if (!cJSON_IsObject(it))
            continue;
        if (role_read(&out->roles[out->count], it)) {
            out->count++;
            error_nomem(err);
            goto out;
        }
        out->count++;
    }
    out->truncated = truthy(member(root, "IsTruncated"));
    if (take(root, "Marker", &out->marker)) {
        error_nomem(err);
        goto out;
    }
    if (out->truncated && !out->marker) {
        error_missing(err, "Marker");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_role_page_free(out);
    return rc;
}

int api_init_dbs(struct api_client *c, struct api_dbs_init *out,
                 struct api_error *err)
{
    struct call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    /* Initialising twice answers "already exists": safe to resend. */
    call_init(&call, API_DBS, "InitializeDbsServiceLinkedRole", true);
    if (call_api(c, &call, &root, &out->r, err))
        goto out;
    if (take(root, "ErrorCode", &out->error_code) ||
        take(root, "ErrMessage", &out->err_message)) {
        error_nomem(err);
        goto out;
    }
    if (!out->error_code && take(root, "ErrCode", &out->error_code)) {
        error_nomem(err);
        goto out;
    }
    out->already = out->error_code &&
                   strcmp(out->error_code, "EntityAlreadyExists.Role") == 0;
    if (out->error_code && *out->error_code && !out->already) {
        err->kind = API_ERR_CLOUD;
        copy_field(err->code, sizeof(err->code), out->error_code);
        copy_field(err->message, sizeof(err->message), out->err_message);
        copy_field(err->request_id, sizeof(err->request_id),
                   out->r.request_id);
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_dbs_init_free(out);
    return rc;
}

int api_caller_identity(struct api_client *c, struct api_identity *out,
                        struct api_error *err)
{
    struct call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    call_init(&call, API_STS, "GetCallerIdentity", true);
    if (call_api(c, &call, &root, &out->r, err))
        goto out;
    if (take(root, "IdentityType", &out->identity_type) ||
        take(root, "AccountId", &out->account_id) ||
        take(root, "UserId", &out->user_id) ||
        take(root, "RoleId", &out->role_id) ||
        take(root, "PrincipalId", &out->principal_id) ||
        take(root, "Arn", &out->arn)) {
        error_nomem(err);
        goto out;
    }
    if (!out->account_id || !out->arn) {
        error_missing(err, "AccountId or Arn");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_identity_free(out);
    return rc;
}

int api_assume_role(struct api_client *c, const char *role_arn,
                    const char *session_name, long duration_seconds,
                    const char *external_id,
                    struct api_sts_credentials *out, struct api_error *err)
{
    struct call call;
    cJSON *root = NULL;
    const cJSON *cred;
    char duration[32];
    int rc = -1;

    memset(out, 0, sizeof(*out));
    call_init(&call, API_STS, "AssumeRole", true);
    snprintf(duration, sizeof(duration), "%ld",
             duration_seconds > 0 ? duration_seconds : 3600);
    if (param(&call, err, "RoleArn", role_arn) ||
        param(&call, err, "RoleSessionName", session_name) ||
        param(&call, err, "DurationSeconds", duration) ||
        param(&call, err, "ExternalId", external_id) ||
        call_api(c, &call, &root, &out->r, err))
        goto out;
    cred = member(root, "Credentials");
    if (take(cred, "AccessKeyId", &out->access_key_id) ||
        take(cred, "AccessKeySecret", &out->access_key_secret) ||
        take(cred, "SecurityToken", &out->security_token) ||
        take(cred, "Expiration", &out->expiration) ||
        take(member(root, "AssumedRoleUser"), "Arn",
             &out->assumed_role_arn)) {
        error_nomem(err);
        goto out;
    }
    if (!out->access_key_id || !out->access_key_secret ||
        !out->security_token) {
        error_missing(err, "Credentials");
        goto out;
    }
    out->expires_at = clock_parse_utc(out->expiration);
    if (out->expires_at == (time_t)-1)
        out->expires_at = 0;
    /* The raw answer holds the secret and the token: never keep it. */
    wipe_mem(out->r.response, strlen(out->r.response));
    free(out->r.response);
    out->r.response = NULL;
    rc = 0;
out:
    /* The parsed copies of the secret and token go too. */
    json_delete_wiped(root);
    kvlist_free(&call.params);
    if (rc)
        api_sts_credentials_free(out);
    return rc;
}

/* --- freeing ------------------------------------------------------------------ */

void api_role_result_free(struct api_role_result *r)
{
    result_free(&r->r);
    role_free(&r->role);
    r->created = false;
}

void api_deletion_free(struct api_deletion *d)
{
    result_free(&d->r);
    free(d->task_id);
    free(d->status);
    free(d->reason);
    free_strv(d->usages, d->nusages);
    memset(d, 0, sizeof(*d));
}

void api_role_page_free(struct api_role_page *p)
{
    result_free(&p->r);
    for (size_t i = 0; i < p->count; i++)
        role_free(&p->roles[i]);
    free(p->roles);
    free(p->marker);
    memset(p, 0, sizeof(*p));
}

void api_dbs_init_free(struct api_dbs_init *d)
{
    result_free(&d->r);
    free(d->error_code);
    free(d->err_message);
    memset(d, 0, sizeof(*d));
}

void api_identity_free(struct api_identity *id)
{
    result_free(&id->r);
    free(id->identity_type);
    free(id->account_id);
    free(id->user_id);
    free(id->role_id);
    free(id->principal_id);
    free(id->arn);
    memset(id, 0, sizeof(*id));
}

void api_sts_credentials_free(struct api_sts_credentials *s)
{
    if (s->r.response)
        wipe_mem(s->r.response, strlen(s->r.response));
    result_free(&s->r);
    free(s->access_key_id);
    wipe_free(s->access_key_secret);
    wipe_free(s->security_token);
    free(s->expiration);
    free(s->assumed_role_arn);
    memset(s, 0, sizeof(*s));
}
