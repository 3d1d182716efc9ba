/* creds_fetch — keys fetched over HTTP: STS AssumeRole, the ECS metadata
 * service (IMDSv2 first) and a credentials URI.  Each is a recipe kept in
 * the struct creds and run again to refresh. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/names.h"
#include "core/url.h"
#include "core/wipe.h"

#define MD_TOKEN_MAX 1024

/* The metadata service is on the instance's own network: a short wait
 * is enough, and off ECS it must not hold up the program. */
#define MD_CONNECT_MS 1000L
#define MD_TIMEOUT_MS 2000L
#define MD_TOKEN_TTL "21600"
#define MD_TOKEN_PATH "/latest/api/token"
#define MD_CREDS_PATH "/latest/meta-data/ram/security-credentials/"
#define URI_CONNECT_MS 5000L
#define URI_TIMEOUT_MS 15000L

/* A metadata token goes into a header: printable ASCII only. */
static bool token_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > MD_TOKEN_MAX)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
            return false;
    return true;
}

/* Trims ASCII blanks (and CR/LF) from both ends, in place. */
static char *trim(char *s)
{
    size_t n;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                     s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Removes every copy of needle from b (a URI's query or user info that
 * a transport error quoted), leaving "..." in its place. */
static void elide(struct buf *b, const char *needle)
{
    size_t nl;
    char *hit;

    if (!needle || !*needle || !b->data)
        return;
    nl = strlen(needle);
    if (nl < 3)
        return;
    while ((hit = strstr(b->data, needle)) != NULL) {
        memcpy(hit, "...", 3);
        memmove(hit + 3, hit + nl, strlen(hit + nl) + 1);
        b->len -= nl - 3;
    }
}

/* A response body as a writable C string ("" when none came). */
static char *body_text(struct http_response *r)
{
    static char empty[1];

    return r->body.data ? r->body.data : empty;
}

static int assume_fetch(struct creds *c, struct buf *msg)
{
    struct api_client sts;
    struct api_sts_credentials s;
    struct api_error e;
    struct buf ep;
    time_t expires;
    int rc = -1;

    memset(&s, 0, sizeof(s));
    buf_init(&ep, 4096);
    if (!c->client || !c->client->transport) {
        creds_fail(msg, "%s: cannot call STS: no transport", c->label);
        goto out;
    }
    /* A private copy: our endpoint and our source's keys.  Under
     * --dry-run the AssumeRole request is the first that would be sent,
     * so it is what gets printed, and nothing goes out. */
    sts = *c->client;
    if (!sts.endpoint[API_STS])
        sts.endpoint[API_STS] = c->sts_endpoint;
    sts.creds.get = creds_get;
    sts.creds.ctx = c->inner;
    if (api_endpoint(&sts, API_STS, &ep)) {
        creds_oom(msg);
        goto out;
    }
    if (api_assume_role(&sts, c->role_arn, c->session, c->duration,
                        c->external_id, &s, &e)) {
        if (e.kind == API_ERR_CLOUD)
            creds_fail(msg, "%s: AssumeRole refused: %s%s%s", c->label, e.code,
                       e.message[0] ? ": " : "", e.message);
        else if (e.kind == API_ERR_CREDENTIALS)
            creds_fail(msg, "%s", e.detail);
        else
            creds_fail(msg, "%s: AssumeRole at %s failed: %s", c->label,
                       buf_str(&ep), e.detail);
        goto out;
    }
    expires = s.expires_at ? s.expires_at
                           : creds_now(c->client) + c->duration;
    if (creds_install(c, s.access_key_id, s.access_key_secret,
                      s.security_token, expires)) {
        creds_oom(msg);
        goto out;
    }
    creds_say(c->client, "credentials: assumed %s for %s", c->role_arn,
              c->label);
    rc = 0;
out:
    api_sts_credentials_free(&s);
    buf_free(&ep);
    return rc;
}

/* "<where>: <what> (set by <setby>)" */
static int http_fail(struct creds *c, struct buf *msg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int http_fail(struct creds *c, struct buf *msg, const char *fmt, ...)
{
    char what[CREDS_LINE_BUF];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    creds_fail(msg, "%s: %s (set by %s)", c->where, what, c->setby);
    elide(msg, c->elide[0]);
    elide(msg, c->elide[1]);
    return -1;
}

static const char *transport_phrase(int ts)
{
    switch (ts) {
    case TRANSPORT_CONNECT:
        return "cannot connect";
    case TRANSPORT_AMBIGUOUS:
        return "no complete answer";
    case TRANSPORT_TLS:
        return "TLS failed";
    case TRANSPORT_TOO_BIG:
        return "the answer is too big";
    case TRANSPORT_BAD_URL:
        return "cannot use the URL";
    case TRANSPORT_CANCELLED:
        return "cancelled";
    default:
        return "the request failed";
    }
}

static int http_call(struct creds *c, const char *method, const char *url,
                     const struct kvlist *headers, bool metadata,
                     struct http_response *resp, struct buf *terr)
{
    struct http_request req;

    memset(&req, 0, sizeof(req));
    req.method = method;
    req.url = url;
    req.headers = headers;
    req.connect_timeout_ms = metadata ? MD_CONNECT_MS : URI_CONNECT_MS;
    req.timeout_ms = metadata ? MD_TIMEOUT_MS : URI_TIMEOUT_MS;
    req.cancel = c->client->cancel;
    /* Only the metadata service is plain HTTP by design; a credentials
     * URI gets the transport's rule (TLS, or loopback). */
    req.plain_http_ok = metadata;
    resp->status = 0;
    buf_reset(&resp->body);
    buf_reset(terr);
    if (c->client->dry_run) {
        /* --dry-run sends nothing, credential requests included: show
         * this one (a metadata token is a secret) and stop. */
        struct buf *d = c->client->dry_run;

        buf_printf(d, "%s %s\n", method,
                   metadata ? url : "<credentials URI>");
        for (size_t i = 0; headers && i < headers->count; i++)
            buf_printf(d, "%s: %s\n", headers->items[i].key,
                       strcasecmp(headers->items[i].key,
                                  "X-aliyun-ecs-metadata-token") == 0
                           ? "<redacted>" : headers->items[i].value);
        buf_addc(d, '\n');
        buf_adds(terr, "dry run: nothing was sent");
        return TRANSPORT_CANCELLED;
    }
    return transport_send(c->client->transport, &req, resp, terr);
}

/* Takes keys from a metadata or credentials-URI answer. */
static int answer_take(struct creds *c, const struct buf *body,
                       struct buf *msg)
{
    static const char *const fields[] = {
        "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"
    };
    const char *v[4];
    const cJSON *code;
    cJSON *root;
    char nm[CREDS_NAME_BUF];
    time_t expires;
    int rc = -1;

    root = json_parse(buf_str(body), buf_len(body), NULL);
    if (!cJSON_IsObject(root)) {
        http_fail(c, msg, "the answer is not a JSON object");
        goto out;
    }
    code = cJSON_GetObjectItemCaseSensitive(root, "Code");
    if (!cJSON_IsString(code)) {
        http_fail(c, msg, "the answer has no Code");
        goto out;
    }
    if (strcmp(code->valuestring, "Success") != 0) {
        http_fail(c, msg, "the answer's Code is \"%s\", not \"Success\"",
                  creds_show(nm, code->valuestring));
        goto out;
    }
    for (size_t i = 0; i < 4; i++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, fields[i]);

        if (!cJSON_IsString(it) || !*it->valuestring ||
            strlen(it->valuestring) > CREDS_FIELD_MAX) {
            http_fail(c, msg, "the answer has no usable %s", fields[i]);
            goto out;
        }
        v[i] = it->valuestring;
    }
    expires = clock_parse_utc(v[3]);
    if (expires == (time_t)-1) {
        http_fail(c, msg,
                  "the answer's Expiration \"%s\" is not a UTC "
                  "time like 2024-01-02T03:04:05Z",
                  creds_show(nm, v[3]));
        goto out;
    }
    if (expires <= creds_now(c->client)) {
        http_fail(c, msg, "the credentials it gave expired at %s",
                  creds_show(nm, v[3]));
        goto out;
    }
    if (creds_install(c, v[0], v[1], v[2], expires)) {
        creds_oom(msg);
        goto out;
    }
    rc = 0;
out:
    json_delete_wiped(root);
    return rc;
}

static int md_fetch(struct creds *c, struct buf *msg)
{
    struct kvlist headers;
    struct http_response resp;
    struct buf url, terr;
    char *token = NULL, *body;
    char nm[CREDS_NAME_BUF];
    int rc = -1, ts;

    kvlist_init(&headers);
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&url, 4096);
    buf_init(&terr, 1024);
    if (!c->client || !c->client->transport) {
        http_fail(c, msg, "no transport");
        goto out;
    }

    /* IMDSv2 first: a session token, asked for with PUT (which a
     * forwarding proxy on the instance will not pass on). */
    if (buf_printf(&url, "%s" MD_TOKEN_PATH, c->url) != BUF_OK ||
        kvlist_add(&headers, "X-aliyun-ecs-metadata-token-ttl-seconds",
                   MD_TOKEN_TTL)) {
        creds_oom(msg);
        goto out;
    }
    ts = http_call(c, "PUT", buf_str(&url), &headers, true, &resp, &terr);
    body = trim(body_text(&resp));
    if (ts == TRANSPORT_OK && resp.status == 200 && token_ok(body)) {
        token = strdup(body);
        if (!token) {
            creds_oom(msg);
            goto out;
        }
    } else {
        char why[CREDS_LINE_BUF];

        if (ts != TRANSPORT_OK)
            snprintf(why, sizeof(why), "%s: %s", transport_phrase(ts),
                     buf_str(&terr));
        else if (resp.status != 200)
            snprintf(why, sizeof(why), "HTTP %ld", resp.status);
        else
            snprintf(why, sizeof(why), "the token is not usable");
        if (creds_env_true("ALIBABA_CLOUD_IMDSV1_DISABLED")) {
            http_fail(c, msg, "no IMDSv2 token (%s), and "
                      "ALIBABA_CLOUD_IMDSV1_DISABLED=true rules out IMDSv1",
                      why);
            goto out;
        }
        creds_say(c->client, "%s: no IMDSv2 token (%s); trying IMDSv1",
                  c->where, why);
    }
    kvlist_free(&headers);
    if (token && kvlist_add(&headers, "X-aliyun-ecs-metadata-token",
                            token)) {
        creds_oom(msg);
        goto out;
    }

    if (!c->role) {
        buf_reset(&url);
        if (buf_printf(&url, "%s" MD_CREDS_PATH, c->url) != BUF_OK) {
            creds_oom(msg);
            goto out;
        }
        ts = http_call(c, "GET", buf_str(&url), &headers, true, &resp,
                       &terr);
        if (ts != TRANSPORT_OK) {
            http_fail(c, msg, "%s: %s", transport_phrase(ts),
                      buf_str(&terr));
            goto out;
        }
        if (resp.status != 200) {
            http_fail(c, msg, "HTTP %ld when asked for the instance's RAM "
                      "role", resp.status);
            goto out;
        }
        body = trim(body_text(&resp));
        if (!*body) {
            http_fail(c, msg, "this instance has no RAM role attached");
            goto out;
        }
        if (!names_role_ok(body)) {
            http_fail(c, msg,
                      "the role name it gave (\"%s\") is not a RAM "
                      "role name",
                      creds_show(nm, body));
            goto out;
        }
        if (creds_sdup(&c->role, body)) {
            creds_oom(msg);
            goto out;
        }
    }

    buf_reset(&url);
    if (buf_printf(&url, "%s" MD_CREDS_PATH "%s", c->url, c->role)
        != BUF_OK) {
        creds_oom(msg);
        goto out;
    }
    ts = http_call(c, "GET", buf_str(&url), &headers, true, &resp, &terr);
    if (ts != TRANSPORT_OK) {
        http_fail(c, msg, "%s: %s", transport_phrase(ts), buf_str(&terr));
        goto out;
    }
    if (resp.status != 200) {
        http_fail(c, msg, "HTTP %ld for role %s", resp.status, c->role);
        goto out;
    }
    if (answer_take(c, &resp.body, msg))
        goto out;
    creds_say(c->client, "credentials: fetched role %s from %s", c->role,
              c->where);
    rc = 0;
out:
    kvlist_free(&headers);
    wipe_free(token);
    buf_wipe(&resp.body);
    buf_free(&url);
    buf_free(&terr);
    return rc;
}

static int uri_fetch(struct creds *c, struct buf *msg)
{
    struct kvlist headers;
    struct http_response resp;
    struct buf terr;
    int rc = -1, ts;

    kvlist_init(&headers);
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&terr, 1024);
    if (!c->client || !c->client->transport) {
        http_fail(c, msg, "no transport");
        goto out;
    }
    ts = http_call(c, "GET", c->url, &headers, false, &resp, &terr);
    if (ts != TRANSPORT_OK) {
        http_fail(c, msg, "%s: %s", transport_phrase(ts), buf_str(&terr));
        goto out;
    }
    if (resp.status != 200) {
        http_fail(c, msg, "HTTP %ld", resp.status);
        goto out;
    }
    if (answer_take(c, &resp.body, msg))
        goto out;
    creds_say(c->client, "credentials: fetched from %s", c->where);
    rc = 0;
out:
    kvlist_free(&headers);
    buf_wipe(&resp.body);
    buf_wipe(&terr);
    return rc;
}

int creds_fetch(struct creds *c, struct buf *msg)
{
    switch (c->kind) {
    case KIND_ASSUME:
        return assume_fetch(c, msg);
    case KIND_METADATA:
        return md_fetch(c, msg);
    case KIND_URI:
        return uri_fetch(c, msg);
    case KIND_STATIC:
    default:
        return 0;
    }
}

/* The STS endpoint, as the CLI picks it (the client's own override is
 * applied when calling): the profile's, $ALIBABA_CLOUD_STS_ENDPOINT
 * (scheme and trailing "/" dropped: always https), then the region's. */
static char *sts_endpoint(const char *profile_ep, const char *sts_region)
{
    const char *ep = profile_ep ? profile_ep
                                : creds_env("ALIBABA_CLOUD_STS_ENDPOINT");
    struct buf b;

    buf_init(&b, 4096);
    if (ep) {
        size_t n;

        if (strncasecmp(ep, "https://", 8) == 0)
            ep += 8;
        else if (strncasecmp(ep, "http://", 7) == 0)
            ep += 7;
        n = strlen(ep);
        while (n > 0 && ep[n - 1] == '/')
            n--;
        if (buf_printf(&b, "https://%.*s", (int)n, ep) != BUF_OK)
            goto fail;
    } else if (sts_region) {
        if (buf_printf(&b, "https://sts.%s.aliyuncs.com", sts_region)
            != BUF_OK)
            goto fail;
    } else if (buf_adds(&b, "https://sts.aliyuncs.com") != BUF_OK) {
        goto fail;
    }
    return buf_take(&b);
fail:
    buf_free(&b);
    return NULL;
}

/* An assumed role: inner is taken over (freed on failure too). */
int creds_build_assume(struct creds_ctx *x, struct creds *inner,
                       const char *source, const char *label,
                       const char *region, const char *role_arn,
                       const char *session, long duration,
                       const char *external_id, const char *sts_ep,
                       const char *sts_region, struct creds **out)
{
    struct creds *c = creds_new(KIND_ASSUME, x);

    *out = NULL;
    if (!c) {
        creds_free(inner);
        return creds_oom(x->msg);
    }
    c->inner = inner;
    c->duration = duration;
    if (creds_sdup(&c->source, source) || creds_sdup(&c->label, label) ||
        creds_sdup(&c->region, region) || creds_sdup(&c->role_arn, role_arn) ||
        creds_sdup(&c->session, session) ||
        creds_sdup(&c->external_id, external_id) ||
        !(c->sts_endpoint = sts_endpoint(sts_ep, sts_region))) {
        creds_free(c);
        return creds_oom(x->msg);
    }
    if (creds_fetch(c, x->msg)) {
        creds_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

int creds_build_metadata(struct creds_ctx *x, const char *source,
                         const char *setby, const char *region,
                         const char *role, struct creds **out)
{
    struct creds *c = creds_new(KIND_METADATA, x);

    *out = NULL;
    if (!c || creds_sdup(&c->source, source) || creds_sdup(&c->setby, setby) ||
        creds_sdup(&c->region, region) || creds_sdup(&c->role, role) ||
        creds_sdup(&c->url, x->md_base) ||
        !(c->where = creds_concat("ECS metadata service at ", x->md_base))) {
        creds_free(c);
        return creds_oom(x->msg);
    }
    if (creds_fetch(c, x->msg)) {
        creds_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

/* The URI for people: user info and query (which may carry a secret)
 * become "...", a fragment is dropped.  *userinfo and *query get what
 * was hidden, to cut from any text that quotes the URI. */
static char *uri_shown(const char *uri, char **userinfo, char **query)
{
    struct url_parts u;
    struct buf b;

    *userinfo = NULL;
    *query = NULL;
    buf_init(&b, 8192);
    url_split(uri, &u);
    if (u.scheme.p && (buf_add(&b, u.scheme.p, u.scheme.len) != BUF_OK ||
                       buf_adds(&b, "://") != BUF_OK))
        goto fail;
    if (u.has_userinfo) {
        *userinfo = strndup(u.userinfo.p, u.userinfo.len);
        if (!*userinfo || buf_adds(&b, "...@") != BUF_OK)
            goto fail;
    }
    if (buf_add(&b, u.authority.p, u.authority.len) != BUF_OK ||
        buf_add(&b, u.path.p, u.path.len) != BUF_OK)
        goto fail;
    if (u.has_query) {
        *query = strndup(u.query.p, u.query.len);
        if (!*query || (u.query.len && buf_adds(&b, "?...") != BUF_OK))
            goto fail;
    }
    return buf_take(&b);
fail:
    wipe_free(*userinfo);
    wipe_free(*query);
    *userinfo = NULL;
    *query = NULL;
    buf_free(&b);
    return NULL;
}

int creds_build_uri(struct creds_ctx *x, const char *uri, const char *source,
                    const char *setby, const char *region, struct creds **out)
{
    struct creds *c = NULL;
    char *shown = NULL, *src = NULL;
    int rc = -1;

    *out = NULL;
    if (strncmp(uri, "http://", 7) != 0 && strncmp(uri, "https://", 8) != 0)
        return creds_fail(x->msg,
                          "credentials URI: not an http:// or https:// "
                          "URL (set by %s)",
                          setby);
    c = creds_new(KIND_URI, x);
    if (!c || !(shown = uri_shown(uri, &c->elide[0], &c->elide[1])) ||
        !(c->where = creds_concat("credentials URI ", shown)) ||
        creds_sdup(&c->url, uri) || creds_sdup(&c->setby, setby) ||
        creds_sdup(&c->region, region)) {
        creds_oom(x->msg);
        goto out;
    }
    if (!source) {
        struct buf b;

        buf_init(&b, 8192);
        if (buf_printf(&b, "credentials URI (%s)", shown) != BUF_OK) {
            buf_free(&b);
            creds_oom(x->msg);
            goto out;
        }
        src = buf_take(&b);
        source = src;
    }
    if (!source || creds_sdup(&c->source, source)) {
        creds_oom(x->msg);
        goto out;
    }
    if (creds_fetch(c, x->msg))
        goto out;
    *out = c;
    c = NULL;
    rc = 0;
out:
    creds_free(c);
    free(shown);
    free(src);
    return rc;
}
