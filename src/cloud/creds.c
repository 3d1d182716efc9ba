/* creds — see creds.h.
 *
 * A resolve walks the chain once and builds a struct creds: either keys
 * that never change, or a recipe (AssumeRole, the ECS metadata service, a
 * credentials URI) that is run at once and again before the keys expire.
 * An assumed role keeps the credentials it assumes the role *with* as an
 * inner struct creds, so a chain of profiles refreshes link by link
 * through the same creds_get.  Facts: reference/credentials.md, Part B. */
#include "config.h"

#include "cloud/creds.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "core/clock.h"
#include "core/ini.h"
#include "core/json.h"
#include "core/names.h"
#include "core/text.h"
#include "core/wipe.h"

/* Bounds on what we accept from files and services. */
#define FILE_MAX (1u << 20)     /* said as "1 MiB" in messages */
#define FIELD_MAX 16384u
#define PROFILES_MAX 256
#define CHAIN_MAX 8
#define MD_TOKEN_MAX 1024
#define NAME_SHOWN_MAX 64
#define NAME_BUF (NAME_SHOWN_MAX + 8)
#define MSG_MAX 4096
#define LINE_BUF 2048
#define LABEL_BUF 192

#define DURATION_DEFAULT 3600L
#define DURATION_MIN 900L
#define DURATION_MAX 43200L

/* The metadata service is on the instance's own network: a short wait
 * is enough, and off ECS it must not hold up the program. */
#define MD_CONNECT_MS 1000L
#define MD_TIMEOUT_MS 2000L
#define MD_TOKEN_TTL "21600"
#define MD_TOKEN_PATH "/latest/api/token"
#define MD_CREDS_PATH "/latest/meta-data/ram/security-credentials/"
#define URI_CONNECT_MS 5000L
#define URI_TIMEOUT_MS 15000L

/* After a failed refresh of still-valid keys, wait this long before the
 * next try, so every API call does not pay for a dead service. */
#define REFRESH_RETRY_S 30

#define CFG_DEFAULT "/.aliyun/config.json"
#define INI_DEFAULT "/.alibabacloud/credentials"
#define CFG_MODES "AK, StsToken, RamRoleArn, ChainableRamRoleArn, " \
                  "EcsRamRole, CredentialsURI"
#define INI_TYPES "access_key, sts, ram_role_arn, ecs_ram_role"

enum creds_kind { KIND_STATIC, KIND_ASSUME, KIND_METADATA, KIND_URI };

struct creds {
    enum creds_kind kind;
    char *source;               /* for whoami: never a secret */
    char *region;               /* validated region_id, or NULL */
    char *id, *secret, *token;
    time_t expires;             /* 0: they never expire */
    time_t retry_at;            /* after a failed refresh: not before */
    const struct api_client *client;
    /* KIND_ASSUME */
    char *label;                /* `profile "ops" (RamRoleArn)` */
    struct creds *inner;        /* what the role is assumed with */
    char *role_arn, *session, *external_id, *sts_endpoint;
    long duration;
    /* KIND_METADATA and KIND_URI */
    char *where;                /* "ECS metadata service at URL" */
    char *setby;                /* what asked for it, for messages */
    char *url;                  /* metadata base URL, or the URI */
    char *role;                 /* metadata role; NULL: ask the service */
    char *elide[2];             /* URI parts never to show */
};

enum file_state { FILE_UNTRIED, FILE_MISSING, FILE_LOADED };

/* One resolve: options, file paths, and each file read at most once. */
struct ctx {
    const struct creds_options *o;
    struct buf *msg;
    char *cfg_path, *cfg_shown;
    char *ini_path, *ini_shown;
    char *md_base;
    enum file_state cfg_state, ini_state;
    cJSON *cfg;
    struct ini ini;
};

/* --- small helpers ------------------------------------------------------- */

static const char *env(const char *name)
{
    const char *v = getenv(name);

    return v && *v ? v : NULL;
}

static bool env_true(const char *name)
{
    const char *v = env(name);

    return v && strcasecmp(v, "true") == 0;
}

/* Copies s into *dst (NULL stays NULL).  Returns -1 when out of memory. */
static int sdup(char **dst, const char *s)
{
    *dst = NULL;
    if (!s)
        return 0;
    *dst = strdup(s);
    return *dst ? 0 : -1;
}

static char *concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);

    if (!s)
        return NULL;
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    return s;
}

/* Replaces msg with one line; an over-long line is cut, not lost. */
static int fail(struct buf *msg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(struct buf *msg, const char *fmt, ...)
{
    char line[LINE_BUF];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    buf_reset(msg);
    if (buf_adds(msg, line) != BUF_OK && msg->max > 0)
        buf_add(msg, line, msg->max < strlen(line) ? msg->max
                                                   : strlen(line));
    return -1;
}

static int oom(struct buf *msg)
{
    return fail(msg, "out of memory");
}

static void say(const struct api_client *cl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(const struct api_client *cl, const char *fmt, ...)
{
    char line[LINE_BUF];
    va_list ap;

    if (!cl || !cl->log)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    cl->log(cl->log_ctx, line);
}

static time_t now_of(const struct api_client *cl)
{
    return cl && cl->now ? cl->now() : time(NULL);
}

/* A name from a file, fit for a message: control bytes become '?', and
 * a long one is cut with "...". */
static const char *show(char out[NAME_BUF], const char *s)
{
    size_t i;

    for (i = 0; i < NAME_SHOWN_MAX && s[i]; i++)
        out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    if (s[i]) {
        memcpy(out + i, "...", 4);
        return out;
    }
    out[i] = '\0';
    return out;
}

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

/* $HOME/x as ~/x: how the user would write the path. */
static char *tilde(const char *path)
{
    const char *home = getenv("HOME");
    size_t hl = home ? strlen(home) : 0;

    while (hl > 1 && home[hl - 1] == '/')
        hl--;
    if (home && hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/')
        return concat("~", path + hl);
    return strdup(path);
}

/* --- the credentials object ---------------------------------------------- */

void creds_free(struct creds *c)
{
    if (!c)
        return;
    free(c->source);
    free(c->region);
    free(c->id);
    wipe_free(c->secret);
    wipe_free(c->token);
    free(c->label);
    creds_free(c->inner);
    free(c->role_arn);
    free(c->session);
    wipe_free(c->external_id);
    free(c->sts_endpoint);
    free(c->where);
    free(c->setby);
    wipe_free(c->url);
    free(c->role);
    wipe_free(c->elide[0]);
    wipe_free(c->elide[1]);
    wipe_mem(c, sizeof(*c));
    free(c);
}

static struct creds *creds_new(enum creds_kind kind, const struct ctx *x)
{
    struct creds *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->kind = kind;
    c->client = x->o->client;
    return c;
}

/* Puts new keys in place of the old ones, which are wiped. */
static int install(struct creds *c, const char *id, const char *secret,
                   const char *token, time_t expires)
{
    char *nid = strdup(id);
    char *nsecret = strdup(secret);
    char *ntoken = token && *token ? strdup(token) : NULL;

    if (!nid || !nsecret || (token && *token && !ntoken)) {
        free(nid);
        wipe_free(nsecret);
        wipe_free(ntoken);
        return -1;
    }
    free(c->id);
    wipe_free(c->secret);
    wipe_free(c->token);
    c->id = nid;
    c->secret = nsecret;
    c->token = ntoken;
    c->expires = expires;
    c->retry_at = 0;
    return 0;
}

/* --- fetching: STS, the metadata service, a credentials URI -------------- */

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
        fail(msg, "%s: cannot call STS: no transport", c->label);
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
        oom(msg);
        goto out;
    }
    if (api_assume_role(&sts, c->role_arn, c->session, c->duration,
                        c->external_id, &s, &e)) {
        if (e.kind == API_ERR_CLOUD)
            fail(msg, "%s: AssumeRole refused: %s%s%s", c->label, e.code,
                 e.message[0] ? ": " : "", e.message);
        else if (e.kind == API_ERR_CREDENTIALS)
            fail(msg, "%s", e.detail);
        else
            fail(msg, "%s: AssumeRole at %s failed: %s", c->label,
                 buf_str(&ep), e.detail);
        goto out;
    }
    expires = s.expires_at ? s.expires_at
                           : now_of(c->client) + c->duration;
    if (install(c, s.access_key_id, s.access_key_secret, s.security_token,
                expires)) {
        oom(msg);
        goto out;
    }
    say(c->client, "credentials: assumed %s for %s", c->role_arn,
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
    char what[LINE_BUF];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    fail(msg, "%s: %s (set by %s)", c->where, what, c->setby);
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
    char nm[NAME_BUF];
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
                  show(nm, code->valuestring));
        goto out;
    }
    for (size_t i = 0; i < 4; i++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, fields[i]);

        if (!cJSON_IsString(it) || !*it->valuestring ||
            strlen(it->valuestring) > FIELD_MAX) {
            http_fail(c, msg, "the answer has no usable %s", fields[i]);
            goto out;
        }
        v[i] = it->valuestring;
    }
    expires = clock_parse_utc(v[3]);
    if (expires == (time_t)-1) {
        http_fail(c, msg, "the answer's Expiration \"%s\" is not a UTC "
                  "time like 2024-01-02T03:04:05Z", show(nm, v[3]));
        goto out;
    }
    if (expires <= now_of(c->client)) {
        http_fail(c, msg, "the credentials it gave expired at %s",
                  show(nm, v[3]));
        goto out;
    }
    if (install(c, v[0], v[1], v[2], expires)) {
        oom(msg);
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
    char nm[NAME_BUF];
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
        oom(msg);
        goto out;
    }
    ts = http_call(c, "PUT", buf_str(&url), &headers, true, &resp, &terr);
    body = trim(body_text(&resp));
    if (ts == TRANSPORT_OK && resp.status == 200 && token_ok(body)) {
        token = strdup(body);
        if (!token) {
            oom(msg);
            goto out;
        }
    } else {
        char why[LINE_BUF];

        if (ts != TRANSPORT_OK)
            snprintf(why, sizeof(why), "%s: %s", transport_phrase(ts),
                     buf_str(&terr));
        else if (resp.status != 200)
            snprintf(why, sizeof(why), "HTTP %ld", resp.status);
        else
            snprintf(why, sizeof(why), "the token is not usable");
        if (env_true("ALIBABA_CLOUD_IMDSV1_DISABLED")) {
            http_fail(c, msg, "no IMDSv2 token (%s), and "
                      "ALIBABA_CLOUD_IMDSV1_DISABLED=true rules out IMDSv1",
                      why);
            goto out;
        }
        say(c->client, "%s: no IMDSv2 token (%s); trying IMDSv1", c->where,
            why);
    }
    kvlist_free(&headers);
    if (token && kvlist_add(&headers, "X-aliyun-ecs-metadata-token",
                            token)) {
        oom(msg);
        goto out;
    }

    if (!c->role) {
        buf_reset(&url);
        if (buf_printf(&url, "%s" MD_CREDS_PATH, c->url) != BUF_OK) {
            oom(msg);
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
            http_fail(c, msg, "the role name it gave (\"%s\") is not a RAM "
                      "role name", show(nm, body));
            goto out;
        }
        if (sdup(&c->role, body)) {
            oom(msg);
            goto out;
        }
    }

    buf_reset(&url);
    if (buf_printf(&url, "%s" MD_CREDS_PATH "%s", c->url, c->role)
        != BUF_OK) {
        oom(msg);
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
    say(c->client, "credentials: fetched role %s from %s", c->role,
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
    say(c->client, "credentials: fetched from %s", c->where);
    rc = 0;
out:
    kvlist_free(&headers);
    buf_wipe(&resp.body);
    buf_wipe(&terr);
    return rc;
}

static int fetch(struct creds *c, struct buf *msg)
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

/* --- reading files ------------------------------------------------------- */

static void warn_mode(struct ctx *x, const char *shown, mode_t mode)
{
    char line[LINE_BUF];
    const char *who;

    if (!x->o->warn)
        return;
    if (mode & 004)
        who = "readable by others";
    else if (mode & 040)
        who = "readable by its group";
    else
        who = "open to its group or others";
    snprintf(line, sizeof(line), "%s is %s (mode %04o): run chmod 600 %s",
             shown, who, (unsigned)(mode & 07777), shown);
    x->o->warn(x->o->warn_ctx, line);
}

/* Reads a credentials file whole into *data (to wipe and free).  Returns
 * 0, 1 when there is no such file, or -1 with msg set. */
static int file_read(struct ctx *x, const char *path, const char *shown,
                     char **data, size_t *len)
{
    struct stat st;
    char *p = NULL;
    size_t size = 0, got = 0;
    int fd, rc = -1;

    *data = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO put in place of the file must not hang us. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 1;
        return fail(x->msg, "%s: cannot open: %s", shown, strerror(errno));
    }
    if (fstat(fd, &st)) {
        fail(x->msg, "%s: cannot read: %s", shown, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(x->msg, "%s: not a regular file", shown);
        goto out;
    }
    if (st.st_size > (off_t)FILE_MAX) {
        fail(x->msg, "%s: larger than 1 MiB", shown);
        goto out;
    }
    if (st.st_mode & 077)
        warn_mode(x, shown, st.st_mode);
    size = (size_t)st.st_size;
    p = malloc(size + 1);
    if (!p) {
        oom(x->msg);
        goto out;
    }
    /* The size from fstat bounds the read even if the file grows. */
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fail(x->msg, "%s: cannot read: %s", shown, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    p[got] = '\0';
    *data = p;
    *len = got;
    p = NULL;
    rc = 0;
out:
    if (p) {
        wipe_mem(p, size + 1);
        free(p);
    }
    close(fd);
    return rc;
}

/* Loads config.json.  Returns 0, 1 when there is none, or -1. */
static int cfg_load(struct ctx *x)
{
    const cJSON *profiles, *current, *it;
    char *data = NULL;
    size_t len = 0, off = 0;
    int rc = -1, i = 0;

    if (x->cfg_state != FILE_UNTRIED)
        return x->cfg_state == FILE_LOADED ? 0 : 1;
    if (!x->cfg_path) {
        x->cfg_state = FILE_MISSING;
        return 1;
    }
    rc = file_read(x, x->cfg_path, x->cfg_shown, &data, &len);
    if (rc) {
        if (rc == 1)
            x->cfg_state = FILE_MISSING;
        goto out;
    }
    rc = -1;
    if (memchr(data, '\0', len)) {
        fail(x->msg, "%s: not a text file (it holds a NUL byte)",
             x->cfg_shown);
        goto out;
    }
    x->cfg = json_parse(data, len, &off);
    if (!x->cfg) {
        size_t line, col;

        text_line_col(data, off, &line, &col);
        fail(x->msg, "%s:%zu:%zu: not valid JSON", x->cfg_shown, line, col);
        goto out;
    }
    if (!cJSON_IsObject(x->cfg)) {
        fail(x->msg, "%s: not a JSON object", x->cfg_shown);
        goto out;
    }
    current = cJSON_GetObjectItemCaseSensitive(x->cfg, "current");
    if (current && !cJSON_IsString(current) && !cJSON_IsNull(current)) {
        fail(x->msg, "%s: field \"current\" must be a string",
             x->cfg_shown);
        goto out;
    }
    profiles = cJSON_GetObjectItemCaseSensitive(x->cfg, "profiles");
    if (profiles && !cJSON_IsArray(profiles) && !cJSON_IsNull(profiles)) {
        fail(x->msg, "%s: field \"profiles\" must be an array",
             x->cfg_shown);
        goto out;
    }
    if (cJSON_GetArraySize(profiles) > PROFILES_MAX) {
        fail(x->msg, "%s: more than %d profiles", x->cfg_shown,
             PROFILES_MAX);
        goto out;
    }
    cJSON_ArrayForEach(it, profiles) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");

        if (!cJSON_IsObject(it)) {
            fail(x->msg, "%s: profiles[%d] is not an object", x->cfg_shown,
                 i);
            goto out;
        }
        if (!cJSON_IsString(name)) {
            fail(x->msg, "%s: profiles[%d]: field \"name\" is missing or "
                 "not a string", x->cfg_shown, i);
            goto out;
        }
        i++;
    }
    x->cfg_state = FILE_LOADED;
    rc = 0;
out:
    if (data) {
        wipe_mem(data, len);
        free(data);
    }
    return rc;
}

static const cJSON *cfg_profile(const struct ctx *x, const char *name)
{
    const cJSON *it;

    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(x->cfg,
                                                            "profiles")) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");

        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
            return it;
    }
    return NULL;
}

/* The INI parser's refusal as one line. */
static int ini_fail(struct ctx *x, const struct ini_error *e)
{
    const char *shown = e->name;
    size_t line = e->line;

    switch (e->code) {
    case INI_LINE_TOO_LONG:
        return fail(x->msg, "%s:%zu: line longer than %zu bytes", shown,
                    line, e->limit);
    case INI_NUL:
        return fail(x->msg, "%s:%zu: a NUL byte in the line", shown, line);
    case INI_TOO_MANY:
        return fail(x->msg, "%s:%zu: more than %zu entries", shown, line,
                    e->limit);
    case INI_UNCLOSED:
        return fail(x->msg, "%s:%zu: expected \"]\" at the end of the "
                    "section header", shown, line);
    case INI_EMPTY_SECTION:
        return fail(x->msg, "%s:%zu: empty section name", shown, line);
    case INI_NOT_KEY_VALUE:
        return fail(x->msg, "%s:%zu: expected \"key = value\"", shown,
                    line);
    case INI_OUTSIDE_SECTION:
        return fail(x->msg, "%s:%zu: \"key = value\" before any "
                    "[section]", shown, line);
    case INI_NOMEM:
    case INI_OK:
    default:
        return oom(x->msg);
    }
}

/* Loads the INI file.  Returns 0, 1 when there is none, or -1. */
static int ini_load(struct ctx *x)
{
    struct ini_error e;
    char *data = NULL;
    size_t len = 0;
    int rc;

    if (x->ini_state != FILE_UNTRIED)
        return x->ini_state == FILE_LOADED ? 0 : 1;
    if (!x->ini_path) {
        x->ini_state = FILE_MISSING;
        return 1;
    }
    rc = file_read(x, x->ini_path, x->ini_shown, &data, &len);
    if (rc == 1)
        x->ini_state = FILE_MISSING;
    if (rc)
        goto out;
    rc = ini_parse(&x->ini, x->ini_shown, data, len, &e);
    if (rc == 0)
        x->ini_state = FILE_LOADED;
    else
        ini_fail(x, &e);
out:
    if (data) {
        wipe_mem(data, len);
        free(data);
    }
    return rc;
}

/* --- building credentials from a source ---------------------------------- */

/* A required field: returns it, or NULL with "<where>: field "F" is
 * missing". */
static const char *need(struct ctx *x, const char *where, const char *v,
                        const char *field)
{
    if (!v)
        fail(x->msg, "%s: field \"%s\" is missing", where, field);
    return v;
}

static int build_static(struct ctx *x, const char *source,
                        const char *region, const char *id,
                        const char *secret, const char *token,
                        struct creds **out)
{
    struct creds *c = creds_new(KIND_STATIC, x);

    *out = NULL;
    if (!c || sdup(&c->source, source) || sdup(&c->region, region) ||
        install(c, id, secret, token, 0)) {
        creds_free(c);
        return oom(x->msg);
    }
    *out = c;
    return 0;
}

/* The STS endpoint, as the CLI picks it (the client's own override is
 * applied when calling): the profile's, $ALIBABA_CLOUD_STS_ENDPOINT
 * (scheme and trailing "/" dropped: always https), then the region's. */
static char *sts_endpoint(const char *profile_ep, const char *sts_region)
{
    const char *ep = profile_ep ? profile_ep
                                : env("ALIBABA_CLOUD_STS_ENDPOINT");
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
static int build_assume(struct ctx *x, struct creds *inner,
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
        return oom(x->msg);
    }
    c->inner = inner;
    c->duration = duration;
    if (sdup(&c->source, source) || sdup(&c->label, label) ||
        sdup(&c->region, region) || sdup(&c->role_arn, role_arn) ||
        sdup(&c->session, session) || sdup(&c->external_id, external_id) ||
        !(c->sts_endpoint = sts_endpoint(sts_ep, sts_region))) {
        creds_free(c);
        return oom(x->msg);
    }
    if (fetch(c, x->msg)) {
        creds_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

static int build_metadata(struct ctx *x, const char *source,
                          const char *setby, const char *region,
                          const char *role, struct creds **out)
{
    struct creds *c = creds_new(KIND_METADATA, x);

    *out = NULL;
    if (!c || sdup(&c->source, source) || sdup(&c->setby, setby) ||
        sdup(&c->region, region) || sdup(&c->role, role) ||
        sdup(&c->url, x->md_base) ||
        !(c->where = concat("ECS metadata service at ", x->md_base))) {
        creds_free(c);
        return oom(x->msg);
    }
    if (fetch(c, x->msg)) {
        creds_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

/* The URI for people: user info and query (which may carry a secret)
 * become "...", a fragment is dropped. */
static char *uri_shown(const char *uri, char **userinfo, char **query)
{
    const char *auth = strstr(uri, "://"), *end, *at = NULL, *q;
    struct buf b;

    *userinfo = NULL;
    *query = NULL;
    buf_init(&b, 8192);
    auth = auth ? auth + 3 : uri;
    end = auth + strcspn(auth, "/?#");
    for (const char *p = auth; p < end; p++)
        if (*p == '@')
            at = p;
    if (buf_add(&b, uri, (size_t)(auth - uri)) != BUF_OK)
        goto fail;
    if (at) {
        *userinfo = strndup(auth, (size_t)(at - auth));
        if (!*userinfo || buf_adds(&b, "...") != BUF_OK)
            goto fail;
        auth = at;
    }
    q = end + strcspn(end, "?#");
    if (buf_add(&b, auth, (size_t)(q - auth)) != BUF_OK)
        goto fail;
    if (*q == '?') {
        size_t ql = strcspn(q + 1, "#");

        *query = strndup(q + 1, ql);
        if (!*query || (ql && buf_adds(&b, "?...") != BUF_OK))
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

static int build_uri(struct ctx *x, const char *uri, const char *source,
                     const char *setby, const char *region,
                     struct creds **out)
{
    struct creds *c = NULL;
    char *shown = NULL, *src = NULL;
    int rc = -1;

    *out = NULL;
    if (strncmp(uri, "http://", 7) != 0 && strncmp(uri, "https://", 8) != 0)
        return fail(x->msg, "credentials URI: not an http:// or https:// "
                    "URL (set by %s)", setby);
    c = creds_new(KIND_URI, x);
    if (!c || !(shown = uri_shown(uri, &c->elide[0], &c->elide[1])) ||
        !(c->where = concat("credentials URI ", shown)) ||
        sdup(&c->url, uri) || sdup(&c->setby, setby) ||
        sdup(&c->region, region)) {
        oom(x->msg);
        goto out;
    }
    if (!source) {
        struct buf b;

        buf_init(&b, 8192);
        if (buf_printf(&b, "credentials URI (%s)", shown) != BUF_OK) {
            buf_free(&b);
            oom(x->msg);
            goto out;
        }
        src = buf_take(&b);
        source = src;
    }
    if (!source || sdup(&c->source, source)) {
        oom(x->msg);
        goto out;
    }
    if (fetch(c, x->msg))
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

/* --- the CLI's config.json ----------------------------------------------- */

static const char *const profile_strings[] = {
    "mode", "access_key_id", "access_key_secret", "sts_token", "sts_region",
    "sts_endpoint", "ram_role_name", "ram_role_arn", "ram_session_name",
    "external_id", "source_profile", "private_key", "key_pair_name",
    "region_id", "process_command", "credentials_uri", "oidc_provider_arn",
    "oidc_token_file", "cloud_sso_sign_in_url", "bearer_token"
};

/* The CLI's modes, spelled as it spells them (NormalizeMode matches
 * them ignoring case). */
static const char *const cli_modes[] = {
    "AK", "StsToken", "RamRoleArn", "EcsRamRole", "RsaKeyPair",
    "RamRoleArnWithRoleName", "ChainableRamRoleArn", "External",
    "CredentialsURI", "OIDC", "CloudSSO", "OAuth", "BearerToken",
    "Anonymous"
};

/* A string field; absent, null and "" all count as not given. */
static const char *pstr(const cJSON *p, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(p, key);

    return cJSON_IsString(it) && *it->valuestring ? it->valuestring : NULL;
}

static int profile_check_types(struct ctx *x, const cJSON *p,
                               const char *shown_name)
{
    const cJSON *it;

    for (size_t i = 0; i < sizeof(profile_strings) /
                               sizeof(profile_strings[0]); i++) {
        it = cJSON_GetObjectItemCaseSensitive(p, profile_strings[i]);
        if (!it || cJSON_IsNull(it))
            continue;
        if (!cJSON_IsString(it))
            return fail(x->msg, "%s: profile \"%s\": field \"%s\" must be a "
                        "string", x->cfg_shown, shown_name,
                        profile_strings[i]);
        if (strlen(it->valuestring) > FIELD_MAX)
            return fail(x->msg, "%s: profile \"%s\": field \"%s\" is longer "
                        "than %u bytes", x->cfg_shown, shown_name,
                        profile_strings[i], FIELD_MAX);
    }
    it = cJSON_GetObjectItemCaseSensitive(p, "expired_seconds");
    if (it && !cJSON_IsNull(it) && !cJSON_IsNumber(it))
        return fail(x->msg, "%s: profile \"%s\": field \"expired_seconds\" "
                    "must be a number", x->cfg_shown, shown_name);
    return 0;
}

/* The profile's mode, spelled canonically, or guessed from its fields
 * as the CLI does when "mode" is empty.  NULL: no guess. */
static const char *profile_mode(const cJSON *p, const char **raw)
{
    const char *m = pstr(p, "mode");

    *raw = m;
    if (m) {
        for (size_t i = 0; i < sizeof(cli_modes) / sizeof(cli_modes[0]);
             i++)
            if (strcasecmp(m, cli_modes[i]) == 0)
                return cli_modes[i];
        return NULL;
    }
    if (pstr(p, "access_key_id") && pstr(p, "access_key_secret")) {
        if (pstr(p, "sts_token"))
            return "StsToken";
        if (pstr(p, "ram_role_arn"))
            return "RamRoleArn";
        return "AK";
    }
    if (pstr(p, "private_key") && pstr(p, "key_pair_name"))
        return "RsaKeyPair";
    if (pstr(p, "ram_role_name"))
        return "EcsRamRole";
    if (pstr(p, "process_command"))
        return "External";
    if (pstr(p, "oidc_provider_arn") && pstr(p, "oidc_token_file") &&
        pstr(p, "ram_role_arn"))
        return "OIDC";
    if (pstr(p, "cloud_sso_sign_in_url"))
        return "CloudSSO";
    if (pstr(p, "bearer_token"))
        return "BearerToken";
    return NULL;
}

static int profile_duration(struct ctx *x, const cJSON *p,
                            const char *shown_name, long *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(p, "expired_seconds");
    double v = cJSON_IsNumber(it) ? it->valuedouble : 0;

    /* 0 is what the CLI writes when it was never set (omitempty). */
    if (v == 0) {
        *out = DURATION_DEFAULT;
        return 0;
    }
    /* In range first: only then is the cast to long defined. */
    if (!(v >= DURATION_MIN && v <= DURATION_MAX) || v != (double)(long)v)
        return fail(x->msg, "%s: profile \"%s\": field \"expired_seconds\" "
                    "must be a whole number from %ld to %ld", x->cfg_shown,
                    shown_name, DURATION_MIN, DURATION_MAX);
    *out = (long)v;
    return 0;
}

static int cfg_build(struct ctx *x, const char *name, int depth,
                     const char **chain, struct creds **out);

static int cfg_chain(struct ctx *x, const cJSON *p, const char *where,
                     const char *name, int depth, const char **chain,
                     struct creds **inner)
{
    const char *src = need(x, where, pstr(p, "source_profile"),
                           "source_profile");
    char nm[NAME_BUF];
    struct buf loop;
    int rc = -1;

    *inner = NULL;
    buf_init(&loop, 4096);
    if (!src)
        goto out;
    chain[depth] = name;
    for (int i = 0; i <= depth; i++) {
        if (strcmp(chain[i], src) != 0)
            continue;
        for (int j = i; j <= depth; j++)
            buf_printf(&loop, "\"%s\" -> ", show(nm, chain[j]));
        buf_printf(&loop, "\"%s\"", show(nm, src));
        fail(x->msg, "%s: source_profile makes a cycle: %s", where,
             buf_str(&loop));
        goto out;
    }
    if (depth + 1 >= CHAIN_MAX) {
        fail(x->msg, "%s: source_profile chain is longer than %d profiles",
             where, CHAIN_MAX);
        goto out;
    }
    if (!cfg_profile(x, src)) {
        fail(x->msg, "%s: source_profile \"%s\" not found", where,
             show(nm, src));
        goto out;
    }
    rc = cfg_build(x, src, depth + 1, chain, inner);
out:
    buf_free(&loop);
    return rc;
}

/* Builds credentials from config.json's profile NAME (which exists);
 * chain holds the names above it in a ChainableRamRoleArn chain. */
static int cfg_build(struct ctx *x, const char *name, int depth,
                     const char **chain, struct creds **out)
{
    const cJSON *p = cfg_profile(x, name);
    const char *mode, *raw, *region, *sts_region;
    const char *id = NULL, *secret = NULL;
    struct creds *inner = NULL;
    char nm[NAME_BUF], where[LINE_BUF], label[LABEL_BUF], source[LINE_BUF];
    char setby[LINE_BUF + 48];
    long duration = 0;

    *out = NULL;
    show(nm, name);
    if (profile_check_types(x, p, nm))
        return -1;
    mode = profile_mode(p, &raw);
    if (!mode && !raw)
        return fail(x->msg, "%s: profile \"%s\": field \"mode\" is missing "
                    "and no credentials show which it would be",
                    x->cfg_shown, nm);
    region = pstr(p, "region_id");
    if (region && !names_region_ok(region))
        return fail(x->msg, "%s: profile \"%s\": field \"region_id\" must "
                    "match [a-zA-Z0-9-]+", x->cfg_shown, nm);
    sts_region = pstr(p, "sts_region");
    if (sts_region && !names_region_ok(sts_region))
        return fail(x->msg, "%s: profile \"%s\": field \"sts_region\" must "
                    "match [a-zA-Z0-9-]+", x->cfg_shown, nm);
    if (mode) {
        snprintf(label, sizeof(label), "profile \"%s\" (%s)", nm, mode);
        snprintf(where, sizeof(where), "%s: %s", x->cfg_shown, label);
        snprintf(source, sizeof(source), "%s in %s", label, x->cfg_shown);
    }

    if (mode && strcmp(mode, "AK") == 0) {
        if (!(id = need(x, where, pstr(p, "access_key_id"),
                        "access_key_id")) ||
            !(secret = need(x, where, pstr(p, "access_key_secret"),
                            "access_key_secret")))
            return -1;
        return build_static(x, source, region, id, secret, NULL, out);
    }
    if (mode && strcmp(mode, "StsToken") == 0) {
        const char *token;

        if (!(id = need(x, where, pstr(p, "access_key_id"),
                        "access_key_id")) ||
            !(secret = need(x, where, pstr(p, "access_key_secret"),
                            "access_key_secret")) ||
            !(token = need(x, where, pstr(p, "sts_token"), "sts_token")))
            return -1;
        return build_static(x, source, region, id, secret, token, out);
    }
    if (mode && (strcmp(mode, "RamRoleArn") == 0 ||
                 strcmp(mode, "ChainableRamRoleArn") == 0)) {
        const char *arn, *session;

        if (strcmp(mode, "RamRoleArn") == 0) {
            if (!(id = need(x, where, pstr(p, "access_key_id"),
                            "access_key_id")) ||
                !(secret = need(x, where, pstr(p, "access_key_secret"),
                                "access_key_secret")))
                return -1;
        }
        if (!(arn = need(x, where, pstr(p, "ram_role_arn"),
                         "ram_role_arn")) ||
            !(session = need(x, where, pstr(p, "ram_session_name"),
                             "ram_session_name")) ||
            profile_duration(x, p, nm, &duration))
            return -1;
        if (strcmp(mode, "RamRoleArn") == 0) {
            if (build_static(x, source, NULL, id, secret, NULL, &inner))
                return -1;
        } else if (cfg_chain(x, p, where, name, depth, chain, &inner)) {
            return -1;
        }
        return build_assume(x, inner, source, label, region, arn, session,
                            duration, pstr(p, "external_id"),
                            pstr(p, "sts_endpoint"), sts_region, out);
    }
    if (mode && strcmp(mode, "EcsRamRole") == 0) {
        const char *role = pstr(p, "ram_role_name");

        if (role && !names_role_ok(role))
            return fail(x->msg, "%s: field \"ram_role_name\" is not a RAM "
                        "role name", where);
        return build_metadata(x, source, source, region, role, out);
    }
    if (mode && strcmp(mode, "CredentialsURI") == 0) {
        const char *uri = pstr(p, "credentials_uri");
        const char *dis = env("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");

        if (dis && (strcmp(dis, "1") == 0 || strcasecmp(dis, "true") == 0))
            return fail(x->msg, "%s: CredentialsURI is turned off by "
                        "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", where);
        if (uri) {
            snprintf(setby, sizeof(setby), "%s", source);
        } else if ((uri = env("ALIBABA_CLOUD_CREDENTIALS_URI")) != NULL) {
            snprintf(setby, sizeof(setby), "ALIBABA_CLOUD_CREDENTIALS_URI "
                     "for %s", source);
        } else {
            return fail(x->msg, "%s: field \"credentials_uri\" is missing "
                        "(and ALIBABA_CLOUD_CREDENTIALS_URI is not set)",
                        where);
        }
        return build_uri(x, uri, source, setby, region, out);
    }
    return fail(x->msg, "profile mode %s is not supported (file %s, profile "
                "\"%s\"); supported: " CFG_MODES,
                mode ? mode : show(label, raw), x->cfg_shown, nm);
}

/* --- the SDKs' INI file -------------------------------------------------- */

static int ini_build(struct ctx *x, const char *section, struct creds **out)
{
    const struct ini *ini = &x->ini;
    const char *type, *id, *secret;
    struct creds *inner = NULL;
    char nm[NAME_BUF], tp[NAME_BUF];
    char where[LINE_BUF], label[LABEL_BUF], source[LINE_BUF];
    const char *sts_region = env("ALIBABA_CLOUD_STS_REGION");

    *out = NULL;
    show(nm, section);
    type = ini_get(ini, section, "type");
    if (!type)
        return fail(x->msg, "%s: section [%s]: field \"type\" is missing",
                    x->ini_shown, nm);
    snprintf(label, sizeof(label), "section [%s] (%s)", nm, show(tp, type));
    snprintf(where, sizeof(where), "%s: %s", x->ini_shown, label);
    snprintf(source, sizeof(source), "%s in %s", label, x->ini_shown);
    if (strcmp(type, "access_key") == 0 || strcmp(type, "sts") == 0) {
        const char *token = NULL;

        if (!(id = need(x, where, ini_get(ini, section, "access_key_id"),
                        "access_key_id")) ||
            !(secret = need(x, where,
                            ini_get(ini, section, "access_key_secret"),
                            "access_key_secret")))
            return -1;
        if (strcmp(type, "sts") == 0 &&
            !(token = need(x, where, ini_get(ini, section, "security_token"),
                           "security_token")))
            return -1;
        return build_static(x, source, NULL, id, secret, token, out);
    }
    if (strcmp(type, "ram_role_arn") == 0) {
        const char *arn, *session, *exp;
        long duration = DURATION_DEFAULT;

        if (!(id = need(x, where, ini_get(ini, section, "access_key_id"),
                        "access_key_id")) ||
            !(secret = need(x, where,
                            ini_get(ini, section, "access_key_secret"),
                            "access_key_secret")) ||
            !(arn = need(x, where, ini_get(ini, section, "role_arn"),
                         "role_arn")) ||
            !(session = need(x, where,
                             ini_get(ini, section, "role_session_name"),
                             "role_session_name")))
            return -1;
        exp = ini_get(ini, section, "role_session_expiration");
        if (exp) {
            char *end;

            errno = 0;
            duration = strtol(exp, &end, 10);
            if (errno || *end || end == exp)
                return fail(x->msg, "%s: field \"role_session_expiration\" "
                            "must be a number", where);
            if (duration < DURATION_MIN || duration > DURATION_MAX)
                return fail(x->msg, "%s: field \"role_session_expiration\" "
                            "must be between %ld and %ld", where,
                            DURATION_MIN, DURATION_MAX);
        }
        if (sts_region && !names_region_ok(sts_region))
            return fail(x->msg, "ALIBABA_CLOUD_STS_REGION must match "
                        "[a-zA-Z0-9-]+");
        if (build_static(x, source, NULL, id, secret, NULL, &inner))
            return -1;
        return build_assume(x, inner, source, label, NULL, arn, session,
                            duration, NULL, NULL, sts_region, out);
    }
    if (strcmp(type, "ecs_ram_role") == 0) {
        const char *role = ini_get(ini, section, "role_name");

        if (role && !names_role_ok(role))
            return fail(x->msg, "%s: field \"role_name\" is not a RAM role "
                        "name", where);
        return build_metadata(x, source, source, NULL, role, out);
    }
    return fail(x->msg, "profile type %s is not supported (file %s, section "
                "[%s]); supported: " INI_TYPES, tp, x->ini_shown, nm);
}

/* --- the chain ----------------------------------------------------------- */

static int ctx_init(struct ctx *x, const struct creds_options *o,
                    struct buf *msg)
{
    const char *home = env("HOME"), *cfg, *ini, *md;

    memset(x, 0, sizeof(*x));
    x->o = o;
    x->msg = msg;
    cfg = env("ALIBABA_CLOUD_CONFIG_FILE");
    ini = env("ALIBABA_CLOUD_CREDENTIALS_FILE");
    md = o->metadata_endpoint && *o->metadata_endpoint
             ? o->metadata_endpoint : env("LINKROLE_METADATA_ENDPOINT");
    if (cfg || home)
        x->cfg_path = cfg ? strdup(cfg) : concat(home, CFG_DEFAULT);
    if (ini || home)
        x->ini_path = ini ? strdup(ini) : concat(home, INI_DEFAULT);
    x->cfg_shown = x->cfg_path ? tilde(x->cfg_path)
                               : strdup("~" CFG_DEFAULT);
    x->ini_shown = x->ini_path ? tilde(x->ini_path)
                               : strdup("~" INI_DEFAULT);
    x->md_base = strdup(md ? md : CREDS_METADATA_ENDPOINT);
    if (((cfg || home) && !x->cfg_path) || ((ini || home) && !x->ini_path) ||
        !x->cfg_shown || !x->ini_shown || !x->md_base)
        return oom(msg);
    /* "http://host/" and "http://host" are the same service. */
    for (size_t n = strlen(x->md_base); n > 0 && x->md_base[n - 1] == '/';)
        x->md_base[--n] = '\0';
    return 0;
}

static void ctx_free(struct ctx *x)
{
    free(x->cfg_path);
    free(x->cfg_shown);
    free(x->ini_path);
    free(x->ini_shown);
    free(x->md_base);
    json_delete_wiped(x->cfg);
    ini_free(&x->ini);
}

static int from_env(struct ctx *x, struct creds **out)
{
    const char *id = env("ALIBABA_CLOUD_ACCESS_KEY_ID");
    const char *secret = env("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    const char *token = env("ALIBABA_CLOUD_SECURITY_TOKEN");

    *out = NULL;
    if (!id && !secret)
        return 1;
    if (!secret)
        return fail(x->msg, "ALIBABA_CLOUD_ACCESS_KEY_ID is set but "
                    "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not");
    if (!id)
        return fail(x->msg, "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but "
                    "ALIBABA_CLOUD_ACCESS_KEY_ID is not");
    return build_static(x, token ? "environment (ALIBABA_CLOUD_ACCESS_KEY_ID"
                                   ", ALIBABA_CLOUD_SECURITY_TOKEN)"
                                 : "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)",
                        NULL, id, secret, token, out);
}

static int from_metadata_env(struct ctx *x, const char *role,
                             struct creds **out)
{
    char source[NAME_BUF + 64], nm[NAME_BUF];

    if (!names_role_ok(role))
        return fail(x->msg, "ALIBABA_CLOUD_ECS_METADATA (\"%s\") is not a "
                    "RAM role name", show(nm, role));
    snprintf(source, sizeof(source), "ECS metadata service (role %s)", role);
    return build_metadata(x, source, "ALIBABA_CLOUD_ECS_METADATA", NULL,
                          role, out);
}

enum creds_status creds_resolve(const struct creds_options *o,
                                struct creds **out, struct buf *err)
{
    struct ctx x;
    struct buf msg;
    const char *profile, *current, *md_role, *uri;
    const char *chain[CHAIN_MAX + 1];
    const char *cfg_why = "no such file", *ini_why = "no such file";
    const char *md_why = "not set";
    char nm[NAME_BUF];
    enum creds_status st = CREDS_ERROR;
    int rc;

    *out = NULL;
    buf_init(&msg, MSG_MAX);
    if (ctx_init(&x, o, &msg))
        goto out;
    profile = o->profile && *o->profile ? o->profile
                                        : env("ALIBABA_CLOUD_PROFILE");

    /* a. A profile chosen by name must exist in one of the files. */
    if (profile) {
        if ((rc = cfg_load(&x)) < 0)
            goto out;
        if (rc == 0 && cfg_profile(&x, profile)) {
            st = cfg_build(&x, profile, 0, chain, out) ? CREDS_ERROR
                                                       : CREDS_OK;
            goto out;
        }
        if ((rc = ini_load(&x)) < 0)
            goto out;
        if (rc == 0 && ini_has(&x.ini, profile)) {
            st = ini_build(&x, profile, out) ? CREDS_ERROR : CREDS_OK;
            goto out;
        }
        fail(&msg, "profile \"%s\" not found in %s or %s",
             show(nm, profile), x.cfg_shown, x.ini_shown);
        goto out;
    }

    /* b. The environment. */
    if ((rc = from_env(&x, out)) <= 0) {
        st = rc ? CREDS_ERROR : CREDS_OK;
        goto out;
    }

    /* c. The CLI's current profile. */
    if (env_true("ALIBABA_CLOUD_CLI_PROFILE_DISABLED")) {
        cfg_why = "skipped: ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true";
    } else if (!x.cfg_path) {
        cfg_why = "HOME is not set";
    } else if ((rc = cfg_load(&x)) < 0) {
        goto out;
    } else if (rc == 0) {
        current = pstr(x.cfg, "current");
        /* A config without "current" means the CLI's "default". */
        if (!current && cfg_profile(&x, "default"))
            current = "default";
        if (current && !cfg_profile(&x, current)) {
            fail(&msg, "%s: the current profile \"%s\" does not exist",
                 x.cfg_shown, show(nm, current));
            goto out;
        }
        if (current) {
            st = cfg_build(&x, current, 0, chain, out) ? CREDS_ERROR
                                                       : CREDS_OK;
            goto out;
        }
        cfg_why = "no current profile";
    }

    /* d. The INI file's [default]. */
    if (!x.ini_path) {
        ini_why = "HOME is not set";
    } else if ((rc = ini_load(&x)) < 0) {
        goto out;
    } else if (rc == 0) {
        if (ini_has(&x.ini, "default")) {
            st = ini_build(&x, "default", out) ? CREDS_ERROR : CREDS_OK;
            goto out;
        }
        ini_why = "no [default] section";
    }

    /* e. The metadata service, then a credentials URI. */
    md_role = env("ALIBABA_CLOUD_ECS_METADATA");
    if (md_role && env_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED")) {
        md_why = "ignored: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true";
    } else if (md_role) {
        st = from_metadata_env(&x, md_role, out) ? CREDS_ERROR : CREDS_OK;
        goto out;
    }
    if ((uri = env("ALIBABA_CLOUD_CREDENTIALS_URI")) != NULL) {
        st = build_uri(&x, uri, NULL, "ALIBABA_CLOUD_CREDENTIALS_URI", NULL,
                       out) ? CREDS_ERROR : CREDS_OK;
        goto out;
    }

    fail(&msg, "no credentials found; looked at: "
         "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET "
         "(not set); %s (%s); %s (%s); ALIBABA_CLOUD_ECS_METADATA (%s); "
         "ALIBABA_CLOUD_CREDENTIALS_URI (not set)",
         x.cfg_shown, cfg_why, x.ini_shown, ini_why, md_why);
    st = CREDS_NONE;
out:
    if (st != CREDS_OK) {
        creds_free(*out);
        *out = NULL;
        buf_adds(err, buf_len(&msg) ? buf_str(&msg) : "out of memory");
    }
    ctx_free(&x);
    buf_wipe(&msg);
    return st;
}

/* --- using them ---------------------------------------------------------- */

const char *creds_source(const struct creds *c)
{
    return c ? c->source : NULL;
}

const char *creds_region(const struct creds *c)
{
    return c ? c->region : NULL;
}

const char *creds_access_key_id(const struct creds *c)
{
    return c ? c->id : NULL;
}

int creds_get(void *ctx, struct sign_creds *out, struct buf *err)
{
    struct creds *c = ctx;
    struct buf msg;
    char when[32];
    time_t now;
    int rc = -1;

    buf_init(&msg, MSG_MAX);
    if (!c) {
        buf_adds(err, "no credentials");
        goto out;
    }
    now = now_of(c->client);
    if (c->kind != KIND_STATIC && c->expires &&
        now + CREDS_REFRESH_BEFORE_S >= c->expires &&
        (now >= c->retry_at || now >= c->expires)) {
        if (clock_format_utc(c->expires, when))
            snprintf(when, sizeof(when), "%lld", (long long)c->expires);
        if (fetch(c, &msg) == 0) {
            say(c->client, "credentials from %s refreshed", c->source);
        } else if (now < c->expires) {
            /* Still good for a while: keep going, try again later. */
            c->retry_at = now + REFRESH_RETRY_S;
            say(c->client, "credentials from %s could not be refreshed "
                "(%s); using the current ones, valid until %s", c->source,
                buf_str(&msg), when);
        } else {
            buf_printf(err, "credentials from %s expired at %s and could "
                       "not be refreshed: %s", c->source, when,
                       buf_str(&msg));
            goto out;
        }
    }
    out->access_key_id = c->id;
    out->access_key_secret = c->secret;
    out->security_token = c->token;
    rc = 0;
out:
    buf_wipe(&msg);
    return rc;
}

const char *creds_pick_region(const char *flag, const struct creds *c)
{
    const char *r;

    if (flag && *flag)
        return flag;
    if ((r = creds_region(c)) != NULL)
        return r;
    if ((r = env("ALIBABA_CLOUD_REGION_ID")) != NULL)
        return r;
    return API_DEFAULT_REGION;
}
