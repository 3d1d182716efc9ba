/* creds_fetch — keys fetched over HTTP: the ECS metadata service (IMDSv2
 * first) and a credentials URI, and running any recipe (STS AssumeRole
 * is creds_sts.c's).  Each is kept in the struct creds and run again to
 * refresh. */
#include "config.h"

#include "cloud/creds_impl.h"

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
/* Guessing that this may be an ECS instance, as the SDKs do: 1 s to
 * connect (MD_CONNECT_MS) and 1 s in all, so that off ECS a closed port or a silent
 * network costs about a second at most. */
#define MD_PROBE_TIMEOUT_MS 1000L
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

/* Removes every copy of needle from s (a URI's query or user info that
 * a transport error or an answer quoted), leaving "..." in its place. */
static void elide(char *s, const char *needle)
{
    size_t nl;
    char *hit;

    if (!needle || !*needle)
        return;
    nl = strlen(needle);
    if (nl < 3)
        return;
    while ((hit = strstr(s, needle)) != NULL) {
        memcpy(hit, "...", 3);
        memmove(hit + 3, hit + nl, strlen(hit + nl) + 1);
    }
}

/* Text from outside for a problem, without the URI's hidden parts: cut
 * out before the text is shortened to fit, so no part of one is left. */
static void elide_all(const struct creds *c, char *s)
{
    elide(s, c->elide[0]);
    elide(s, c->elide[1]);
}

/* A value from an answer, for p->value: hidden parts cut, then shown. */
static void put_value(const struct creds *c, struct creds_problem *p,
                      const char *v)
{
    char nm[CREDS_NAME_BUF];
    char *copy = strdup(v);

    if (copy)
        elide_all(c, copy);
    CREDS_PUT(p->value, copy ? creds_show(nm, copy) : "");
    wipe_free(copy);
}

/* A response body as a writable C string ("" when none came). */
static char *body_text(struct http_response *r)
{
    static char empty[1];

    return r->body.data ? r->body.data : empty;
}

/* Starts *p as a problem of c's service: which, where, and who asked. */
static int http_problem(const struct creds *c, struct creds_problem *p,
                        enum creds_problem_code code)
{
    creds_problem(p, code, NULL);
    p->service = c->kind == KIND_METADATA ? CREDS_SERVICE_METADATA
                                          : CREDS_SERVICE_URI;
    CREDS_PUT(p->url, c->url_shown);
    CREDS_PUT(p->variable, c->setby_var);
    CREDS_PUT(p->source, c->setby_source);
    return -1;
}

/* The same for a failed request: terr is what the transport said. */
static int transport_problem(const struct creds *c, struct creds_problem *p,
                             int ts, struct buf *terr)
{
    http_problem(c, p, CREDS_E_HTTP_TRANSPORT);
    p->transport = ts;
    if (terr->data) {
        elide_all(c, terr->data);
        terr->len = strlen(terr->data);
    }
    CREDS_PUT(p->detail, buf_str(terr));
    return -1;
}

/* Sends one request; returns a TRANSPORT_* status, or
 * CREDS_TRANSPORT_DRY_RUN when --dry-run recorded it instead. */
static int http_call(const struct creds *c, const char *method,
                     const char *url, const struct kvlist *headers,
                     bool metadata, struct http_response *resp,
                     struct buf *terr)
{
    struct http_request req;

    memset(&req, 0, sizeof(req));
    req.method = method;
    req.url = url;
    req.headers = headers;
    req.connect_timeout_ms = metadata ? MD_CONNECT_MS : URI_CONNECT_MS;
    req.timeout_ms = !metadata ? URI_TIMEOUT_MS
                     : c->probe ? MD_PROBE_TIMEOUT_MS : MD_TIMEOUT_MS;
    req.cancel = c->client->cancel;
    /* Only the metadata service is plain HTTP by design; a credentials
     * URI gets the transport's rule (TLS, or loopback). */
    req.plain_http_ok = metadata;
    /* The metadata service is this instance's: never through a proxy. */
    req.direct = metadata;
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
        return CREDS_TRANSPORT_DRY_RUN;
    }
    return transport_send(c->client->transport, &req, resp, terr);
}

/* Takes keys from a metadata or credentials-URI answer. */
static int answer_take(struct creds *c, const struct buf *body,
                       struct creds_problem *p)
{
    const char *v[4];
    const cJSON *code;
    cJSON *root;
    time_t expires;
    size_t bad;
    int rc = -1;

    root = json_parse(buf_str(body), buf_len(body), NULL);
    if (!cJSON_IsObject(root)) {
        http_problem(c, p, CREDS_E_ANSWER_NOT_OBJECT);
        goto out;
    }
    code = cJSON_GetObjectItemCaseSensitive(root, "Code");
    if (!cJSON_IsString(code)) {
        http_problem(c, p, CREDS_E_ANSWER_NO_CODE);
        goto out;
    }
    if (strcmp(code->valuestring, "Success") != 0) {
        http_problem(c, p, CREDS_E_ANSWER_BAD_CODE);
        put_value(c, p, code->valuestring);
        goto out;
    }
    if ((bad = creds_keys_of(root, v)) != 0) {
        http_problem(c, p, CREDS_E_ANSWER_NO_FIELD);
        CREDS_PUT(p->field, creds_key_fields[bad - 1]);
        goto out;
    }
    expires = clock_parse_utc(v[3]);
    if (expires == (time_t)-1 || expires <= creds_now(c->client)) {
        http_problem(c, p, expires == (time_t)-1 ? CREDS_E_ANSWER_BAD_TIME
                                                 : CREDS_E_ANSWER_EXPIRED);
        put_value(c, p, v[3]);
        goto out;
    }
    if (creds_install(c, v[0], v[1], v[2], expires)) {
        creds_oom(p);
        goto out;
    }
    rc = 0;
out:
    json_delete_wiped(root);
    return rc;
}

/* IMDSv2 first: a session token, asked for with PUT (which a forwarding
 * proxy on the instance will not pass on).  Without one, IMDSv1 unless
 * that is ruled out.  Returns 0 with *token set or NULL, or -1. */
static int md_token(struct creds *c, char **token, struct creds_problem *p)
{
    struct kvlist headers;
    struct http_response resp;
    struct buf url, terr;
    struct creds_note n;
    char *body;
    int rc = -1, ts;

    *token = NULL;
    kvlist_init(&headers);
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&url, 4096);
    buf_init(&terr, 1024);
    if (buf_printf(&url, "%s" MD_TOKEN_PATH, c->url) != BUF_OK ||
        kvlist_add(&headers, "X-aliyun-ecs-metadata-token-ttl-seconds",
                   MD_TOKEN_TTL)) {
        creds_oom(p);
        goto out;
    }
    ts = http_call(c, "PUT", buf_str(&url), &headers, true, &resp, &terr);
    body = trim(body_text(&resp));
    if (ts == TRANSPORT_OK && resp.status == 200 && token_ok(body)) {
        if (!(*token = strdup(body)))
            creds_oom(p);
        rc = *token ? 0 : -1;
        goto out;
    }
    /* Why not, said alike in the problem and the note: the transport's
     * failure, else the HTTP status, else neither (an unusable token). */
    if (ts != TRANSPORT_OK)
        resp.status = 0;
    /* Guessing, before any keys came: silence is "not on ECS", and
     * IMDSv1 would only wait for it again.  A transport that cannot
     * send at all (no libcurl) learnt nothing about where this runs:
     * its own failure is the reason given. */
    if (c->probe && !c->id && ts != TRANSPORT_OK &&
        ts != CREDS_TRANSPORT_DRY_RUN) {
        transport_problem(c, p, ts, &terr);
        if (ts != TRANSPORT_UNAVAILABLE)
            p->code = CREDS_E_MD_NOT_THERE;
        goto out;
    }
    if (creds_env_true("ALIBABA_CLOUD_IMDSV1_DISABLED")) {
        http_problem(c, p, CREDS_E_MD_NO_TOKEN);
        p->transport = ts;
        p->http_status = resp.status;
        CREDS_PUT(p->detail, buf_str(&terr));
        goto out;
    }
    memset(&n, 0, sizeof(n));
    n.code = CREDS_N_IMDSV1;
    n.service = CREDS_SERVICE_METADATA;
    n.url = c->url_shown;
    n.transport = ts;
    n.http_status = resp.status;
    n.detail = buf_str(&terr);
    creds_tell(c, &n);
    rc = 0;
out:
    kvlist_free(&headers);
    buf_wipe(&resp.body);
    buf_free(&url);
    buf_free(&terr);
    return rc;
}

/* Asks the metadata service which RAM role the instance has. */
static int md_role(struct creds *c, const struct kvlist *headers,
                   struct creds_problem *p)
{
    struct http_response resp;
    struct buf url, terr;
    char nm[CREDS_NAME_BUF];
    char *body;
    int rc = -1, ts;

    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&url, 4096);
    buf_init(&terr, 1024);
    if (buf_printf(&url, "%s" MD_CREDS_PATH, c->url) != BUF_OK) {
        creds_oom(p);
        goto out;
    }
    ts = http_call(c, "GET", buf_str(&url), headers, true, &resp, &terr);
    if (ts != TRANSPORT_OK) {
        transport_problem(c, p, ts, &terr);
        goto out;
    }
    if (resp.status != 200) {
        http_problem(c, p, CREDS_E_MD_ROLE_STATUS);
        p->http_status = resp.status;
        goto out;
    }
    body = trim(body_text(&resp));
    if (!*body) {
        http_problem(c, p, CREDS_E_MD_NO_ROLE);
        goto out;
    }
    if (!names_role_ok(body)) {
        http_problem(c, p, CREDS_E_MD_BAD_ROLE);
        CREDS_PUT(p->value, creds_show(nm, body));
        goto out;
    }
    if (creds_sdup(&c->role, body)) {
        creds_oom(p);
        goto out;
    }
    rc = 0;
out:
    buf_wipe(&resp.body);
    buf_free(&url);
    buf_free(&terr);
    return rc;
}

static int md_fetch(struct creds *c, struct creds_problem *p)
{
    struct kvlist headers;
    struct http_response resp;
    struct buf url, terr;
    struct creds_note n;
    char *token = NULL;
    int rc = -1, ts;

    kvlist_init(&headers);
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&url, 4096);
    buf_init(&terr, 1024);
    if (!c->client || !c->client->transport) {
        http_problem(c, p, CREDS_E_HTTP_NO_TRANSPORT);
        goto out;
    }
    if (md_token(c, &token, p))
        goto out;
    if (token && kvlist_add(&headers, "X-aliyun-ecs-metadata-token",
                            token)) {
        creds_oom(p);
        goto out;
    }
    if (!c->role && md_role(c, &headers, p))
        goto out;
    if (buf_printf(&url, "%s" MD_CREDS_PATH "%s", c->url, c->role)
        != BUF_OK) {
        creds_oom(p);
        goto out;
    }
    ts = http_call(c, "GET", buf_str(&url), &headers, true, &resp, &terr);
    if (ts != TRANSPORT_OK) {
        transport_problem(c, p, ts, &terr);
        goto out;
    }
    if (resp.status != 200) {
        http_problem(c, p, CREDS_E_MD_CREDS_STATUS);
        p->http_status = resp.status;
        CREDS_PUT(p->value, c->role);
        goto out;
    }
    if (answer_take(c, &resp.body, p))
        goto out;
    memset(&n, 0, sizeof(n));
    n.code = CREDS_N_FETCHED_ROLE;
    n.role = c->role;
    n.service = CREDS_SERVICE_METADATA;
    n.url = c->url_shown;
    creds_tell(c, &n);
    rc = 0;
out:
    kvlist_free(&headers);
    wipe_free(token);
    buf_wipe(&resp.body);
    buf_free(&url);
    buf_free(&terr);
    return rc;
}

static int uri_fetch(struct creds *c, struct creds_problem *p)
{
    struct http_response resp;
    struct buf terr;
    struct creds_note n;
    int rc = -1, ts;

    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&terr, 1024);
    if (!c->client || !c->client->transport) {
        http_problem(c, p, CREDS_E_HTTP_NO_TRANSPORT);
        goto out;
    }
    ts = http_call(c, "GET", c->url, NULL, false, &resp, &terr);
    if (ts != TRANSPORT_OK) {
        transport_problem(c, p, ts, &terr);
        goto out;
    }
    if (resp.status != 200) {
        http_problem(c, p, CREDS_E_HTTP_STATUS);
        p->http_status = resp.status;
        goto out;
    }
    if (answer_take(c, &resp.body, p))
        goto out;
    memset(&n, 0, sizeof(n));
    n.code = CREDS_N_FETCHED;
    n.service = CREDS_SERVICE_URI;
    n.url = c->url_shown;
    creds_tell(c, &n);
    rc = 0;
out:
    buf_wipe(&resp.body);
    buf_wipe(&terr);
    return rc;
}

int creds_fetch(struct creds *c, struct creds_problem *p)
{
    switch (c->kind) {
    case KIND_ASSUME:
        return creds_sts_fetch(c, p);
    case KIND_METADATA:
        return md_fetch(c, p);
    case KIND_URI:
        return uri_fetch(c, p);
    case KIND_OIDC:
        return creds_oidc_fetch(c, p);
    case KIND_CACHED:
        return creds_login_fetch(c, p);
    case KIND_EXTERNAL:
        return creds_external_fetch(c, p);
    case KIND_STATIC:
    default:
        return 0;
    }
}

int creds_build_metadata(struct creds_ctx *x, const char *source,
                         const char *setby_var, const char *setby_source,
                         const char *region, const char *role,
                         struct creds **out)
{
    struct creds *c = creds_new(KIND_METADATA, x);

    *out = NULL;
    if (!c || creds_sdup(&c->source, source) ||
        creds_sdup(&c->setby_var, setby_var) ||
        creds_sdup(&c->setby_source, setby_source) ||
        creds_sdup(&c->region, region) || creds_sdup(&c->role, role) ||
        creds_sdup(&c->url, x->md_base) ||
        creds_sdup(&c->url_shown, x->md_base)) {
        creds_free(c);
        return creds_oom(x->p);
    }
    if (creds_fetch(c, x->p)) {
        creds_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

int creds_build_metadata_probe(struct creds_ctx *x, struct creds **out)
{
    struct creds *c = creds_new(KIND_METADATA, x);
    char nm[CREDS_NAME_BUF];
    struct buf src;
    int rc = -1;

    *out = NULL;
    buf_init(&src, CREDS_LINE_BUF);
    if (!c || creds_sdup(&c->url, x->md_base) ||
        creds_sdup(&c->url_shown, x->md_base)) {
        creds_oom(x->p);
        goto out;
    }
    c->probe = true;
    if (creds_fetch(c, x->p))
        goto out;
    /* Named only now that the service has said which role it is. */
    if (buf_printf(&src, "ECS metadata service (role %s)",
                   creds_show(nm, c->role)) != BUF_OK ||
        !(c->source = buf_take(&src))) {
        creds_oom(x->p);
        goto out;
    }
    *out = c;
    c = NULL;
    rc = 0;
out:
    buf_free(&src);
    creds_free(c);
    return rc;
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

int creds_build_uri(struct creds_ctx *x, const char *uri,
                    const char *source, const char *setby_var,
                    const char *setby_source, const char *region,
                    struct creds **out)
{
    struct creds *c = NULL;
    char *src = NULL;
    int rc = -1;

    *out = NULL;
    if (strncmp(uri, "http://", 7) != 0 &&
        strncmp(uri, "https://", 8) != 0) {
        creds_problem(x->p, CREDS_E_URI_SCHEME, NULL);
        x->p->service = CREDS_SERVICE_URI;
        CREDS_PUT(x->p->variable, setby_var);
        CREDS_PUT(x->p->source, setby_source);
        return -1;
    }
    c = creds_new(KIND_URI, x);
    if (!c ||
        !(c->url_shown = uri_shown(uri, &c->elide[0], &c->elide[1])) ||
        creds_sdup(&c->url, uri) || creds_sdup(&c->setby_var, setby_var) ||
        creds_sdup(&c->setby_source, setby_source) ||
        creds_sdup(&c->region, region)) {
        creds_oom(x->p);
        goto out;
    }
    if (!source) {
        /* The label whoami shows, like the other sources'. */
        struct buf b;

        buf_init(&b, 8192);
        if (buf_printf(&b, "credentials URI (%s)", c->url_shown) == BUF_OK)
            src = buf_take(&b);
        buf_free(&b);
        source = src;
    }
    if (!source || creds_sdup(&c->source, source)) {
        creds_oom(x->p);
        goto out;
    }
    if (creds_fetch(c, x->p))
        goto out;
    *out = c;
    c = NULL;
    rc = 0;
out:
    creds_free(c);
    free(src);
    return rc;
}
