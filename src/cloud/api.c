/* api — see api.h. */
#include "config.h"

#include "cloud/api.h"
#include "cloud/api_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "cloud/errors.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/kv.h"
#include "core/url.h"
#include "core/wipe.h"

#define BACKOFF_CAP_MS 8000u
/* The longest x-acs-retry-after linkrole honours, as the SDKs cap it;
 * the call's own deadline (--timeout) usually bounds it sooner. */
#define RETRY_AFTER_MAX_MS 120000u

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

/* The DBS SDKs' regional map (endpointMap of the 2019-03-06 SDKs, plus
 * cn-wulanchabu from the endpoint page): most regions, the finance
 * regions among them, share the Hangzhou endpoint. */
static const char *const dbs_shared_regions[] = {
    "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-hangzhou",
    "cn-shanghai", "cn-shenzhen", "cn-hongkong", "us-west-1", "us-east-1",
    "cn-hangzhou-finance", "cn-shanghai-finance-1", "cn-shenzhen-finance-1"
};
static const char *const dbs_own_regions[] = {
    "cn-chengdu", "cn-huhehaote", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-5", "ap-northeast-1", "cn-wulanchabu",
    "eu-central-1", "ap-south-1", "eu-west-1", "me-east-1"
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

static bool dbs_listed(const char *region, const char *const *list,
                       size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(region, list[i]) == 0)
            return true;
    return false;
}

#define DBS_LISTED(region, list) \
    dbs_listed((region), (list), sizeof(list) / sizeof((list)[0]))

bool api_dbs_region_known(const char *region)
{
    if (!region || !*region)
        return true;    /* the default region, which the map has */
    return DBS_LISTED(region, dbs_shared_regions) ||
           DBS_LISTED(region, dbs_own_regions);
}

const char *api_dbs_region(size_t i)
{
    size_t shared = sizeof(dbs_shared_regions) / sizeof(dbs_shared_regions[0]);
    size_t own = sizeof(dbs_own_regions) / sizeof(dbs_own_regions[0]);

    if (i < shared)
        return dbs_shared_regions[i];
    return i - shared < own ? dbs_own_regions[i - shared] : NULL;
}

const char *api_dbs_host(const char *region)
{
    static char host[128];

    if (!region || !*region)
        region = API_DEFAULT_REGION;
    /* A region the map does not have gets the shared endpoint too: the
     * DBS role belongs to the account, whatever the region, and the
     * caller says so (api_dbs_region_known). */
    if (!DBS_LISTED(region, dbs_own_regions))
        return API_DBS_SHARED_HOST;
    snprintf(host, sizeof(host), "dbs-api.%s.aliyuncs.com", region);
    return host;
}

int api_endpoint(const struct api_client *c, enum api_product p,
                 struct buf *out)
{
    const char *host;

    if (c->endpoint[p])
        return buf_adds(out, c->endpoint[p]) == BUF_OK ? 0 : -1;
    if (c->vpc) {
        int rc = api_vpc_endpoint(p, c->region, out);

        if (rc <= 0)
            return rc;
    }
    host = p == API_DBS ? api_dbs_host(c->region) : products[p].host;
    if (!host)
        return -1;
    return buf_printf(out, "https://%s", host) == BUF_OK ? 0 : -1;
}

/* --- small helpers ------------------------------------------------------- */

static time_t client_now(const struct api_client *c)
{
    return c->now ? c->now() : time(NULL);
}

static long long client_mono_ms(const struct api_client *c)
{
    return c->mono_ms ? c->mono_ms() : clock_mono_ms();
}

void api_tell(const struct api_client *c, const struct api_note *n)
{
    if (c->note)
        c->note(c->note_ctx, n);
}

void api_copy_field(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* Records what went wrong; subject and detail may be NULL. */
void api_error_set(struct api_error *err, enum api_error_kind kind,
                   enum api_why why, const char *subject,
                   const char *detail)
{
    err->kind = kind;
    err->why = why;
    api_copy_field(err->subject, sizeof(err->subject), subject);
    api_copy_field(err->detail, sizeof(err->detail), detail);
}

void api_error_nomem(struct api_error *err)
{
    api_error_set(err, API_ERR_INTERNAL, API_WHY_NOMEM, NULL, NULL);
}

void api_error_missing(struct api_error *err, const char *what)
{
    api_error_set(err, API_ERR_RESPONSE, API_WHY_MISSING, what, NULL);
}

char *api_dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* A member by name, accepting the lower-camel spelling some SDK models
 * use ("Code" or "code"). */
const cJSON *api_member(const cJSON *obj, const char *name)
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

const char *api_text(const cJSON *obj, const char *name)
{
    const cJSON *it = api_member(obj, name);

    return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* Copies a string member into *dst; an absent member, or JSON null,
 * gives NULL.  A member that is there with another type (a number, an
 * object) is API_TAKE_WRONG_TYPE, never "absent": an answer that gets
 * its fields wrong is not the API's, and showing it without them would
 * pass a lie on as an ordinary answer. */
int api_take(const cJSON *obj, const char *name, char **dst)
{
    const cJSON *it = api_member(obj, name);

    *dst = NULL;
    if (!it || cJSON_IsNull(it))
        return 0;
    if (!cJSON_IsString(it))
        return API_TAKE_WRONG_TYPE;
    *dst = strdup(it->valuestring);
    return *dst ? 0 : API_TAKE_NOMEM;
}

/* "where.name", or name alone at the top of the answer. */
static void field_path(char *dst, size_t size, const char *where,
                       const char *name)
{
    if (where && *where)
        snprintf(dst, size, "%s.%s", where, name);
    else
        snprintf(dst, size, "%s", name);
}

void api_error_wrong_type(struct api_error *err, const char *where,
                          const char *name)
{
    char path[sizeof(err->subject)];

    field_path(path, sizeof(path), where, name);
    api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE, path, NULL);
}

int api_take_field(const cJSON *obj, const char *where, const char *name,
                   char **dst, struct api_error *err)
{
    switch (api_take(obj, name, dst)) {
    case 0:
        return 0;
    case API_TAKE_WRONG_TYPE:
        api_error_wrong_type(err, where, name);
        return -1;
    default:
        api_error_nomem(err);
        return -1;
    }
}

/* A member that must be an object or an array (want: cJSON_Object or
 * cJSON_Array); *out NULL when absent or null. */
static int container_field(const cJSON *obj, const char *where,
                           const char *name, int want, const cJSON **out,
                           struct api_error *err)
{
    const cJSON *it = api_member(obj, name);

    *out = NULL;
    if (!it || cJSON_IsNull(it))
        return 0;
    if ((it->type & 0xFF) != want) {
        api_error_wrong_type(err, where, name);
        return -1;
    }
    *out = it;
    return 0;
}

int api_object_field(const cJSON *obj, const char *where, const char *name,
                     const cJSON **out, struct api_error *err)
{
    return container_field(obj, where, name, cJSON_Object, out, err);
}

int api_array_field(const cJSON *obj, const char *where, const char *name,
                    const cJSON **out, struct api_error *err)
{
    return container_field(obj, where, name, cJSON_Array, out, err);
}

/* "true" and true both count: DBS sends booleans as strings. */
bool api_truthy(const cJSON *it)
{
    if (cJSON_IsBool(it))
        return cJSON_IsTrue(it);
    return cJSON_IsString(it) && strcasecmp(it->valuestring, "true") == 0;
}

void api_free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int api_push_str(char ***v, size_t *n, const char *s)
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

/* --- requests ------------------------------------------------------------ */

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
    if (delay && sign_random(r, sizeof(r)) == 0)
        jitter = ((unsigned)r[0] << 8 | r[1]) % (delay / 2 + 1);
    return delay + jitter;
}

static const char *const denied_names[API_DENIED_COUNT] = {
    [API_DENIED_AUTH_ACTION] = "AuthAction",
    [API_DENIED_NO_PERMISSION_TYPE] = "NoPermissionType",
    [API_DENIED_POLICY_TYPE] = "PolicyType",
    [API_DENIED_PRINCIPAL_TYPE] = "AuthPrincipalType",
    [API_DENIED_PRINCIPAL_NAME] = "AuthPrincipalDisplayName",
    [API_DENIED_PRINCIPAL_OWNER] = "AuthPrincipalOwnerId",
    [API_DENIED_DIAGNOSTIC] = "EncodedDiagnosticMessage",
};

const char *api_denied_name(enum api_denied_field f)
{
    return f < API_DENIED_COUNT ? denied_names[f] : "";
}

/* Copies the AccessDeniedDetail of an error answer (either spelling, as
 * the SDKs read it) into err->denied.  An account ID may come as a
 * number; a member of any other type is not the documented one and is
 * left out rather than guessed at. */
static void answer_denied(const cJSON *root, struct api_error *err)
{
    const cJSON *detail = api_member(root, "AccessDeniedDetail");

    if (!cJSON_IsObject(detail))
        return;
    for (int f = 0; f < API_DENIED_COUNT; f++) {
        const cJSON *it = api_member(detail, denied_names[f]);
        char *dst = err->denied[f];
        size_t size = sizeof(err->denied[f]);

        if (cJSON_IsString(it))
            api_copy_field(dst, size, it->valuestring);
        else if (cJSON_IsNumber(it) && it->valuedouble >= 0 &&
                 it->valuedouble < 1e18)
            snprintf(dst, size, "%.0f", it->valuedouble);
    }
}

/* The wait an answer's x-acs-retry-after asks for (milliseconds, as the
 * SDKs read it), capped at RETRY_AFTER_MAX_MS; -1 when it has none or
 * one that is not a plain number. */
static long retry_after_ms(const char *v)
{
    unsigned long ms = 0;

    if (!v || !*v)
        return -1;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        if (ms < RETRY_AFTER_MAX_MS)
            ms = ms * 10 + (unsigned long)(*p - '0');
    }
    return (long)(ms < RETRY_AFTER_MAX_MS ? ms : RETRY_AFTER_MAX_MS);
}

/* Fills err from an error answer, if the body is one.  DBS answers HTTP
 * 200 with Success "false" and ErrorCode; and with ErrorCode
 * EntityAlreadyExists.Role, which is not an error but "already
 * activated", whether Success is "true" or (as some regions answer)
 * "false". */
static bool answer_is_error(const struct api_call *call, const cJSON *root,
                            long status, struct api_error *err)
{
    const char *code = api_text(root, "Code");
    const cJSON *success = api_member(root, "Success");

    if (!code || !*code) {
        if (success && !api_truthy(success)) {
            code = api_text(root, "ErrorCode");
            if (!code)
                code = api_text(root, "ErrCode");
            if (call->product == API_DBS && code &&
                strcmp(code, "EntityAlreadyExists.Role") == 0)
                return false;
            if (!code)
                code = "Failed";
            api_copy_field(err->message, sizeof(err->message),
                           api_text(root, "ErrMessage"));
        } else {
            code = NULL;
        }
    } else {
        api_copy_field(err->message, sizeof(err->message),
                       api_text(root, "Message"));
    }
    if (!code && status < 400)
        return false;
    err->kind = API_ERR_CLOUD;
    err->http_status = status;
    if (code) {
        api_copy_field(err->code, sizeof(err->code), code);
    } else {
        snprintf(err->code, sizeof(err->code), "HTTP%ld", status);
        snprintf(err->message, sizeof(err->message),
                 "HTTP %ld without an error code", status);
    }
    api_copy_field(err->request_id, sizeof(err->request_id),
                   api_text(root, "RequestId"));
    api_copy_field(err->recommend, sizeof(err->recommend),
                   api_text(root, "Recommend"));
    answer_denied(root, err);
    return true;
}

/* The API answers with 2xx, 4xx and 5xx only.  A 1xx taken as final, a
 * redirect (we never follow one: the request is signed for its host), a
 * 6xx or no status at all came from something else on the way, whatever
 * its body says. */
static bool status_is_api(long status)
{
    return (status >= 200 && status < 300) ||
           (status >= 400 && status < 600);
}

/* Tells the shared pacer of an answer: a rate limit is a Throttling
 * code (or ServiceUnavailable, which gateways send when shedding load),
 * or HTTP 429; the wait it asked for goes with it. */
static void pace_after(const struct api_client *c,
                       const struct api_call *call,
                       const struct http_response *resp)
{
    bool throttled = resp->status == 429 || resp->status == 503;
    long asked = retry_after_ms(resp->retry_after);

    if (!c->pacer.after)
        return;
    if (!throttled && resp->status >= 400) {
        cJSON *json = json_parse(buf_str(&resp->body), buf_len(&resp->body),
                                 NULL);
        const char *code = api_text(json, "Code");

        throttled = code && (errors_throttled(code) ||
                             strcmp(code, "ServiceUnavailable") == 0);
        cJSON_Delete(json);
    }
    c->pacer.after(c->pacer.ctx, call->product, call->action, throttled,
                   throttled && asked > 0 ? (unsigned)asked : 0);
}

/* Signs and sends one attempt.  On success *body holds the answer. */
static int send_once(struct api_client *c, const struct api_call *call,
                     const char *base, const char *authority,
                     long timeout_ms, struct http_response *resp,
                     struct api_error *err)
{
    struct sign_creds creds;
    struct sign_rpc rpc;
    struct kvlist headers;
    struct buf query, url, msg;
    char nonce[SIGN_NONCE_LEN + 1];
    int status = -1, ts, signed_rc;

    kvlist_init(&headers);
    buf_init(&query, API_WORK_MAX);
    buf_init(&url, API_WORK_MAX);
    buf_init(&msg, 1024);
    if (!c->creds.get) {
        api_error_set(err, API_ERR_CREDENTIALS, API_WHY_CREDENTIALS, NULL,
                      NULL);
        goto out;
    }
    status = c->creds.get(c->creds.ctx, &creds, &msg);
    if (status) {
        api_error_set(err, status == -2 ? API_ERR_NETWORK
                                        : API_ERR_CREDENTIALS,
                      API_WHY_CREDENTIALS, NULL, buf_str(&msg));
        status = -1;
        goto out;
    }
    status = -1;
    if (sign_nonce(nonce)) {
        api_error_set(err, API_ERR_INTERNAL, API_WHY_NO_NONCE, NULL, NULL);
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
    signed_rc = c->signature == 1
                    ? sign_rpc_v1(&rpc, &creds, &query, NULL)
                    : sign_rpc_v3(&rpc, &creds, &query, &headers);
    if (signed_rc == SIGN_TOO_BIG) {
        /* What the caller asked for cannot be sent: refused whole. */
        api_error_set(err, API_ERR_USAGE, API_WHY_TOO_BIG_TO_SIGN,
                      call->action, NULL);
        goto out;
    }
    if (signed_rc) {
        api_error_set(err, API_ERR_INTERNAL, API_WHY_SIGN, NULL, NULL);
        goto out;
    }
    /* As the SDKs ask (an answer in JSON); not signed, as there. */
    if (kvlist_add(&headers, "Accept", "application/json")) {
        api_error_nomem(err);
        goto out;
    }
    if (c->dry_run) {
        if (write_dry_run(c->dry_run, base, buf_str(&query), &headers))
            api_error_nomem(err);
        else
            api_error_set(err, API_ERR_DRY_RUN, API_WHY_DRY_RUN, NULL, NULL);
        goto out;
    }
    if (buf_printf(&url, "%s/%s%s", base, buf_len(&query) ? "?" : "",
                   buf_str(&query)) != BUF_OK) {
        api_error_nomem(err);
        goto out;
    }
    {
        struct http_request req = {
            /* The whole-request timeout bounds the connect as well. */
            "POST", buf_str(&url), &headers, NULL, 0,
            c->connect_timeout_ms, timeout_ms, c->cancel, false, false
        };

        buf_reset(&msg);
        ts = transport_send(c->transport, &req, resp, &msg);
    }
    if (ts != TRANSPORT_OK) {
        api_error_set(err, API_ERR_INTERNAL, API_WHY_TRANSPORT, authority,
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
int api_call_send(struct api_client *c, const struct api_call *call,
                  cJSON **root, struct api_result *res,
                  struct api_error *err)
{
    struct http_response resp;
    struct buf base;
    struct url u;
    enum url_problem why = URL_OK;
    int attempt, rc = -1, ts;
    /* --timeout is the user's bound on the whole call: retries and the
     * waits between them spend the same budget, so a server that never
     * answers costs the timeout once, not once per attempt. */
    long long deadline = client_mono_ms(c) +
                         (c->timeout_ms > 0 ? c->timeout_ms : API_TIMEOUT_MS);
    long long left;

    memset(err, 0, sizeof(*err));
    api_copy_field(err->action, sizeof(err->action), call->action);
    *root = NULL;
    res->request_id = NULL;
    res->response = NULL;
    buf_init(&base, 4096);
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    if (api_endpoint(c, call->product, &base)) {
        api_error_set(err, API_ERR_USAGE, API_WHY_NO_ENDPOINT,
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
        api_error_set(err, API_ERR_USAGE, API_WHY_BAD_ENDPOINT,
                      products[call->product].name, buf_str(&base));
        err->reason = (int)why;
        goto out;
    }

    for (attempt = 1;; attempt++) {
        struct api_note note = { .kind = API_NOTE_ATTEMPT,
                                 .action = call->action,
                                 .host = u.authority,
                                 .attempt = attempt,
                                 .attempts = c->max_retries + 1 };
        enum api_retry_why retry_why = API_RETRY_CODE;
        bool retry = false;
        long asked_ms = -1;

        err->attempts = attempt;
        buf_reset(&resp.body);
        resp.status = 0;
        resp.retry_after[0] = '\0';
        api_tell(c, &note);
        /* The shared pacer may hold this attempt back (another client
         * of the same action was just throttled). */
        if (c->pacer.before &&
            c->pacer.before(c->pacer.ctx, call->product, call->action)) {
            api_error_set(err, API_ERR_CANCELLED, API_WHY_NONE, NULL, NULL);
            goto out;
        }
        left = deadline - client_mono_ms(c);
        ts = send_once(c, call, buf_str(&base), u.authority,
                       left > 1 ? (long)left : 1, &resp, err);
        if (ts < 0)
            goto out;
        if (ts == TRANSPORT_OK && status_is_api(resp.status))
            pace_after(c, call, &resp);
        if (ts == TRANSPORT_OK && !status_is_api(resp.status)) {
            /* Whatever answered, the API did not: nothing in the body
             * can be trusted, and a call not safe to repeat may still
             * have reached the API behind it. */
            api_error_set(err, call->idempotent ? API_ERR_NETWORK
                                                : API_ERR_AMBIGUOUS,
                          API_WHY_BAD_STATUS, u.authority, NULL);
            err->http_status = resp.status;
        } else if (ts == TRANSPORT_OK) {
            cJSON *json = json_parse(buf_str(&resp.body),
                                     buf_len(&resp.body), NULL);

            if (!json || !cJSON_IsObject(json)) {
                cJSON_Delete(json);
                err->http_status = resp.status;
                api_error_set(err, API_ERR_RESPONSE, API_WHY_NOT_JSON,
                              u.authority, NULL);
                err->reason = (int)json_refusal(buf_str(&resp.body),
                                                buf_len(&resp.body), NULL);
                /* A gateway's HTML 5xx, or a 200 nobody can read, may
                 * come after the API did the work: for a call not safe
                 * to repeat that is a lost answer, never resent here. */
                if (!call->idempotent &&
                    (resp.status < 400 || resp.status >= 500))
                    err->kind = API_ERR_AMBIGUOUS;
                else
                    retry = resp.status >= 500;
                retry_why = API_RETRY_SERVER_ERROR;
            } else if (answer_is_error(call, json, resp.status, err)) {
                cJSON_Delete(json);
                note = (struct api_note){ .kind = API_NOTE_REFUSED,
                                          .action = call->action,
                                          .http_status = resp.status,
                                          .code = err->code,
                                          .request_id = err->request_id };
                api_tell(c, &note);
                if (!call->idempotent &&
                    strcmp(err->code, "SignatureNonceUsed") == 0) {
                    /* Our nonces are random: a "used" one means the
                     * request was delivered twice, and the first copy may
                     * have done the work. */
                    err->kind = API_ERR_AMBIGUOUS;
                    err->why = API_WHY_TWICE;
                } else if (!call->idempotent && resp.status >= 500 &&
                           !errors_throttled(err->code)) {
                    /* InternalError, ServiceUnavailable, a gateway's
                     * 5xx: the work may be done even so.  The Code
                     * stays, for the words.  A rate limit is the one
                     * 5xx refusal made before any work: it is resent
                     * like any Throttling answer. */
                    err->kind = API_ERR_AMBIGUOUS;
                    err->why = API_WHY_SERVER_ERROR;
                    api_copy_field(err->subject, sizeof(err->subject),
                                   u.authority);
                } else if (errors_classify(err->code) == ERRORS_RETRYABLE ||
                           (resp.status >= 500 &&
                            strncmp(err->code, "HTTP", 4) == 0)) {
                    retry = true;
                    /* The server said when to come back. */
                    asked_ms = retry_after_ms(resp.retry_after);
                }
            } else {
                *root = json;
                res->request_id = api_dup(api_text(json, "RequestId"));
                res->response = strdup(buf_str(&resp.body));
                if (!res->response) {
                    api_error_nomem(err);
                    goto out;
                }
                note = (struct api_note){ .kind = API_NOTE_OK,
                                          .action = call->action,
                                          .http_status = resp.status,
                                          .request_id = res->request_id };
                api_tell(c, &note);
                /* A call can still fail reading this answer (a field
                 * missing): its error must still say which action it was
                 * and how many attempts it took. */
                memset(err, 0, sizeof(*err));
                api_copy_field(err->action, sizeof(err->action),
                               call->action);
                err->attempts = attempt;
                rc = 0;
                goto out;
            }
        } else {
            note = (struct api_note){ .kind = API_NOTE_NO_ANSWER,
                                      .action = call->action,
                                      .transport = ts,
                                      .detail = err->detail };
            api_tell(c, &note);
            switch (ts) {
            case TRANSPORT_CONNECT:
                err->kind = API_ERR_NETWORK;
                retry = true;
                retry_why = API_RETRY_CONNECT;
                break;
            case TRANSPORT_AMBIGUOUS:
                err->kind = API_ERR_AMBIGUOUS;
                retry = call->idempotent;
                retry_why = API_RETRY_INCOMPLETE;
                break;
            case TRANSPORT_TLS:
            case TRANSPORT_PROXY:
                /* Not retried: a proxy nobody answers at stays so. */
                err->kind = API_ERR_NETWORK;
                break;
            case TRANSPORT_TOO_BIG:
                /* An answer came: for a call not safe to repeat, one we
                 * cannot read is as good as lost. */
                err->kind = call->idempotent ? API_ERR_RESPONSE
                                             : API_ERR_AMBIGUOUS;
                break;
            case TRANSPORT_BAD_URL:
            case TRANSPORT_INSECURE:
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
        if (!retry || attempt > c->max_retries ||
            (c->cancel && *c->cancel))
            goto out;
        note = (struct api_note){ .kind = API_NOTE_RETRY,
                                  .action = call->action,
                                  .code = err->code,
                                  .wait_ms = asked_ms >= 0
                                                 ? (unsigned)asked_ms
                                                 : backoff_ms(c, attempt),
                                  .retry = retry_why,
                                  .asked = asked_ms >= 0 };
        /* No time for the wait and another attempt: the last failure is
         * the answer (a server asking for more time than is left
         * included: coming back sooner would only be refused again). */
        if ((long long)note.wait_ms >= deadline - client_mono_ms(c))
            goto out;
        api_tell(c, &note);
        clock_sleep_ms((long)note.wait_ms, c->cancel);
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

void api_call_init(struct api_call *call, enum api_product p,
                   const char *action, bool idempotent)
{
    call->product = p;
    call->action = action;
    kvlist_init(&call->params);
    call->idempotent = idempotent;
}

int api_param(struct api_call *call, struct api_error *err, const char *key,
              const char *value)
{
    if (!value || !*value)
        return 0;
    if (kvlist_add(&call->params, key, value)) {
        api_error_nomem(err);
        return -1;
    }
    return 0;
}
