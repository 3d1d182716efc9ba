/* creds_oidc — a RAM role assumed with an OIDC token (ACK RRSA, or any
 * identity provider registered with RAM): STS AssumeRoleWithOIDC.  The
 * call is not signed, the token is the proof, so it needs no key; and the
 * token file is read again at every fetch, because the cluster rotates
 * the token in place and an old one is refused. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cloud/sign.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/json.h"
#include "core/kv.h"
#include "core/wipe.h"

/* STS takes tokens of up to 20000 characters; a file much larger than
 * that is not a token. */
#define OIDC_TOKEN_MAX (64u << 10)
#define OIDC_ACTION "AssumeRoleWithOIDC"
#define OIDC_TIMEOUT_MS 15000L

static int oidc_problem(const struct creds *c, struct creds_problem *p,
                        enum creds_problem_code code)
{
    struct creds_at at = { NULL, c->origin, c->profile, c->mode };

    creds_problem(p, code, &at);
    p->service = CREDS_SERVICE_STS;
    CREDS_PUT(p->field, OIDC_ACTION);
    return -1;
}

/* A problem with the token file itself, named as it was configured. */
static int token_file_problem(const struct creds *c, struct creds_problem *p,
                              enum creds_problem_code code, int errnum)
{
    struct creds_at at = { c->token_file_shown, CREDS_FROM_NONE, NULL,
                           NULL };

    creds_problem(p, code, &at);
    p->errnum = errnum;
    return -1;
}

static bool blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Reads the token afresh: the file's text without the blank lines and
 * spaces an editor or `echo` leaves around it (a JWT holds none). */
static int oidc_token(struct creds *c, char **token, struct creds_problem *p)
{
    char *data = NULL;
    size_t len = 0, start = 0;
    int errnum = 0, rc = -1;

    *token = NULL;
    switch (file_read(c->token_file, OIDC_TOKEN_MAX, &data, &len, NULL,
                      &errnum)) {
    case FILE_READ_OK:
        break;
    case FILE_ABSENT:
        return token_file_problem(c, p, CREDS_E_FILE_OPEN,
                                  errnum ? errnum : ENOENT);
    case FILE_OPEN:
        return token_file_problem(c, p, CREDS_E_FILE_OPEN, errnum);
    case FILE_NOT_REGULAR:
        return token_file_problem(c, p, CREDS_E_FILE_NOT_REGULAR, 0);
    case FILE_TOO_BIG:
        token_file_problem(c, p, CREDS_E_FILE_TOO_BIG, 0);
        p->limit = OIDC_TOKEN_MAX;
        return -1;
    case FILE_NOMEM:
        return creds_oom(p);
    case FILE_READ:
    default:
        return token_file_problem(c, p, CREDS_E_FILE_READ, errnum);
    }
    if (memchr(data, '\0', len)) {
        token_file_problem(c, p, CREDS_E_FILE_NUL, 0);
        goto out;
    }
    while (start < len && blank(data[start]))
        start++;
    while (len > start && blank(data[len - 1]))
        len--;
    if (len == start) {
        token_file_problem(c, p, CREDS_E_OIDC_TOKEN_EMPTY, 0);
        goto out;
    }
    *token = strndup(data + start, len - start);
    rc = *token ? 0 : creds_oom(p);
out:
    wipe_mem(data, len);
    free(data);
    return rc;
}

/* Removes every copy of the token from text an answer gave. */
static void cut_token(char *s, const char *token)
{
    size_t tl = strlen(token);
    char *hit;

    while (tl && (hit = strstr(s, token)) != NULL) {
        memcpy(hit, "...", 3);
        memmove(hit + 3, hit + tl, strlen(hit + tl) + 1);
    }
}

/* "&Key=value", the value percent-encoded as STS wants; the body's
 * first key, DurationSeconds, without the "&". */
static int form_add(struct buf *b, const char *key, const char *value)
{
    if (buf_printf(b, "%s%s=", strcmp(key, "DurationSeconds") ? "&" : "",
                   key) != BUF_OK)
        return -1;
    return sign_encodes(b, value) ? -1 : 0;
}

/* The form body; token NULL: "<redacted>" in its place, for --dry-run. */
static int oidc_body(struct buf *b, const struct creds *c,
                     const char *token)
{
    char duration[24];

    snprintf(duration, sizeof(duration), "%ld", c->duration);
    if (form_add(b, "DurationSeconds", duration) ||
        form_add(b, "OIDCProviderArn", c->oidc_provider_arn))
        return -1;
    if (token ? form_add(b, "OIDCToken", token)
              : buf_adds(b, "&OIDCToken=<redacted>") != BUF_OK)
        return -1;
    return form_add(b, "RoleArn", c->role_arn) ||
           form_add(b, "RoleSessionName", c->session) ? -1 : 0;
}

/* --dry-run: the request as it would go, without the token. */
static int oidc_dry_run(const struct creds *c, const char *url,
                        const struct kvlist *headers)
{
    struct buf *d = c->client->dry_run;

    if (buf_printf(d, "POST %s\n", url) != BUF_OK)
        return -1;
    for (size_t i = 0; i < headers->count; i++)
        if (buf_printf(d, "%s: %s\n", headers->items[i].key,
                       headers->items[i].value) != BUF_OK)
            return -1;
    if (buf_addc(d, '\n') != BUF_OK || oidc_body(d, c, NULL) ||
        buf_adds(d, "\n\n") != BUF_OK)
        return -1;
    return 0;
}

/* Takes the keys from a 200 answer; -1 with a problem otherwise. */
static int oidc_take(struct creds *c, const struct buf *body,
                     const char *url, struct creds_problem *p)
{
    const char *v[4];
    cJSON *root;
    time_t expires;
    size_t bad;
    int rc = -1;

    root = json_parse(buf_str(body), buf_len(body), NULL);
    bad = creds_keys_of(
        cJSON_GetObjectItemCaseSensitive(root, "Credentials"), v);
    if (bad) {
        char field[64];

        oidc_problem(c, p, CREDS_E_ANSWER_NO_FIELD);
        CREDS_PUT(p->url, url);
        snprintf(field, sizeof(field), "Credentials.%s",
                 creds_key_fields[bad - 1]);
        CREDS_PUT(p->field, field);
        p->unreachable = true;
        goto out;
    }
    expires = clock_parse_utc(v[3]);
    if (expires == (time_t)-1)
        expires = creds_now(c->client) + c->duration;
    if (creds_install(c, v[0], v[1], v[2], expires)) {
        creds_oom(p);
        goto out;
    }
    rc = 0;
out:
    json_delete_wiped(root);
    return rc;
}

/* What an answer other than 200 says: STS's Code and Message, or, when
 * it is not STS speaking, the status. */
static int oidc_refused(struct creds *c, struct http_response *resp,
                        const char *url, const char *token,
                        struct creds_problem *p)
{
    cJSON *root = json_parse(buf_str(&resp->body), buf_len(&resp->body),
                             NULL);
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(root, "Code");
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(root, "Message");

    if (cJSON_IsString(code) && *code->valuestring) {
        oidc_problem(c, p, CREDS_E_STS_REFUSED);
        CREDS_PUT(p->remote_code, code->valuestring);
        if (cJSON_IsString(msg)) {
            char *m = strdup(msg->valuestring);

            if (m)
                cut_token(m, token);
            CREDS_PUT(p->detail, m ? m : "");
            wipe_free(m);
        }
    } else {
        oidc_problem(c, p, CREDS_E_HTTP_STATUS);
        CREDS_PUT(p->url, url);
        p->http_status = resp->status;
        p->unreachable = true;
    }
    json_delete_wiped(root);
    return -1;
}

int creds_oidc_fetch(struct creds *c, struct creds_problem *p)
{
    struct kvlist headers;
    struct http_response resp;
    struct buf base, url, body, terr;
    char stamp[CLOCK_UTC_LEN + 1];
    char *token = NULL;
    int rc = -1, ts;

    kvlist_init(&headers);
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&base, 4096);
    buf_init(&url, 8192);
    buf_init(&body, OIDC_TOKEN_MAX * 4);
    buf_init(&terr, 1024);
    if (!c->client || !c->client->transport) {
        oidc_problem(c, p, CREDS_E_STS_NO_TRANSPORT);
        goto out;
    }
    if (oidc_token(c, &token, p))
        goto out;
    /* Told before it is sent: STS could quote it back in a refusal. */
    if (c->tell_secret)
        c->tell_secret(c->tell_secret_ctx, token);
    /* The client's STS endpoint (--endpoint, tests) as for AssumeRole. */
    if (buf_adds(&base, c->client->endpoint[API_STS]
                            ? c->client->endpoint[API_STS]
                            : c->sts_endpoint) != BUF_OK)
        goto oom;
    while (base.len && base.data[base.len - 1] == '/')
        base.data[--base.len] = '\0';
    if (clock_format_utc(creds_now(c->client), stamp))
        goto oom;
    /* Only the action goes in the query: the token, a secret, stays in
     * the body, out of any log of URLs. */
    if (buf_printf(&url, "%s/?Action=" OIDC_ACTION "&Format=JSON"
                         "&Version=2015-04-01&Timestamp=",
                   buf_str(&base)) != BUF_OK ||
        sign_encodes(&url, stamp) || oidc_body(&body, c, token) ||
        kvlist_add(&headers, "Content-Type",
                   "application/x-www-form-urlencoded") ||
        kvlist_add(&headers, "Accept", "application/json"))
        goto oom;
    if (c->client->dry_run) {
        if (oidc_dry_run(c, buf_str(&url), &headers))
            goto oom;
        oidc_problem(c, p, CREDS_E_STS_FAILED);
        p->transport = CREDS_TRANSPORT_DRY_RUN;
        goto out;
    }
    {
        struct http_request req;

        memset(&req, 0, sizeof(req));
        req.method = "POST";
        req.url = buf_str(&url);
        req.headers = &headers;
        req.body = buf_str(&body);
        req.body_len = buf_len(&body);
        req.connect_timeout_ms = c->client->connect_timeout_ms;
        req.timeout_ms = c->client->timeout_ms > 0 ? c->client->timeout_ms
                                                   : OIDC_TIMEOUT_MS;
        req.cancel = c->client->cancel;
        ts = transport_send(c->client->transport, &req, &resp, &terr);
    }
    if (ts != TRANSPORT_OK) {
        oidc_problem(c, p, CREDS_E_STS_FAILED);
        CREDS_PUT(p->url, buf_str(&base));
        if (terr.data)
            cut_token(terr.data, token);
        CREDS_PUT(p->detail, buf_str(&terr));
        p->transport = ts;
        p->unreachable = true;
        goto out;
    }
    if (resp.status != 200) {
        oidc_refused(c, &resp, buf_str(&base), token, p);
        goto out;
    }
    if (oidc_take(c, &resp.body, buf_str(&base), p))
        goto out;
    creds_tell_assumed(c);
    rc = 0;
    goto out;
oom:
    creds_oom(p);
out:
    wipe_free(token);
    kvlist_free(&headers);
    buf_wipe(&resp.body);
    buf_free(&base);
    buf_free(&url);
    buf_wipe(&body);
    buf_wipe(&terr);
    return rc;
}

/* The path as configured, with control characters shown as '?'. */
static char *path_shown(const char *path)
{
    char *s = strdup(path);

    for (char *q = s; q && *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f)
            *q = '?';
    return s;
}

int creds_build_oidc(struct creds_ctx *x, const char *source,
                     const struct creds_at *at, const char *region,
                     const char *role_arn, const char *provider_arn,
                     const char *token_file, const char *session,
                     long duration, const char *sts_ep,
                     const char *sts_region, struct creds **out)
{
    struct creds *c = creds_new(KIND_OIDC, x);
    char own[40];

    *out = NULL;
    if (!session) {
        /* As the SDKs make one up, with linkrole's name. */
        snprintf(own, sizeof(own), "linkrole-%lld",
                 (long long)creds_now(x->o->client));
        session = own;
    }
    if (!c)
        return creds_oom(x->p);
    c->duration = duration > 0 ? duration : CREDS_DURATION_DEFAULT;
    c->origin = at->origin;
    if (creds_sdup(&c->source, source) ||
        creds_sdup(&c->profile, at->profile) ||
        creds_sdup(&c->mode, at->mode) || creds_sdup(&c->region, region) ||
        creds_sdup(&c->role_arn, role_arn) ||
        creds_sdup(&c->session, session) ||
        creds_sdup(&c->oidc_provider_arn, provider_arn) ||
        creds_sdup(&c->token_file, token_file) ||
        !(c->token_file_shown = path_shown(token_file)) ||
        !(c->sts_endpoint = creds_sts_endpoint(sts_ep, sts_region))) {
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
