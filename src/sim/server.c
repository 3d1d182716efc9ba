/* linkrole-sim — the simulated account over HTTP, on a loopback address.
 *
 * One port serves every product: the account dispatches on Action and
 * Version, not on the Host header, so a test points every endpoint here.
 * libmicrohttpd runs a thread per connection; the account locks itself.
 * Faults (--fault) make the failures a client must survive repeatable:
 * they are counted per request, never drawn at random.  Paths under
 * /latest/ and /credentials are the unsigned ECS metadata service and
 * credentials URI, when the options turn them on. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/catalog.h"
#include "sim/account.h"
#include "sim/sim.h"
#include "sim/verify.h"

#ifndef LINKROLE_PKGDATADIR
#define LINKROLE_PKGDATADIR "/usr/local/share/linkrole"
#endif

#define SERVER_NAME "linkrole-sim"
#define SERVER_BODY_MAX (1u << 20)
/* A chunked upload past the cap is read and dropped up to here, so the
 * client still gets its 413; beyond it the connection is closed. */
#define SERVER_DISCARD_MAX (64u << 20)
#define SERVER_ANSWER_MAX (4u << 20)
#define SERVER_OVERSIZE (2u << 20)
#define SERVER_FAULTS_MAX 32
#define SERVER_LATENCY_MAX 600000L
#define SERVER_CONNECTIONS_MAX 128u
#define SERVER_TIMEOUT_S 60u
#define SERVER_JSON "application/json;charset=utf-8"
#define SERVER_TEXT "text/plain;charset=utf-8"
#define SERVER_TICK_MS 50L

#define EXIT_USAGE 2

enum fault_kind {
    FAULT_NONE,
    FAULT_LATENCY,
    FAULT_500,
    FAULT_503,
    FAULT_THROTTLE,
    FAULT_RESET_BEFORE,
    FAULT_RESET,
    FAULT_TRUNCATE,
    FAULT_NONJSON,
    FAULT_OVERSIZE,
    FAULT_REPLAY
};

static const struct {
    const char *name;
    enum fault_kind kind;
} fault_names[] = {
    { "latency", FAULT_LATENCY },
    { "500", FAULT_500 },
    { "503", FAULT_503 },
    { "throttle", FAULT_THROTTLE },
    { "reset", FAULT_RESET },
    { "reset-after", FAULT_RESET },
    { "reset-before", FAULT_RESET_BEFORE },
    { "truncate", FAULT_TRUNCATE },
    { "truncate-after", FAULT_TRUNCATE },
    { "nonjson", FAULT_NONJSON },
    { "oversize", FAULT_OVERSIZE },
    { "replay", FAULT_REPLAY },
};

struct fault {
    enum fault_kind kind;
    const char *name;
    long ms;                        /* latency */
    unsigned long when;             /* a count or a percentage */
    bool percent;
    bool always;
};

struct server {
    struct sim_account *account;
    struct fault faults[SERVER_FAULTS_MAX];
    size_t nfaults;
    bool verbose;
    pthread_mutex_t lock;           /* guards requests */
    unsigned long requests;
};

/* Set once a signal asks us to stop. */
static atomic_bool server_stopping;

/* One request, from its first line to its answer. */
struct conn {
    char *uri;                      /* as received, query included */
    struct buf body;
    size_t received;
    bool started;
    bool too_big;
};

/* --- usage ---------------------------------------------------------------- */

static void usage(FILE *out)
{
    fputs(
"Usage: linkrole-sim [OPTION]...\n"
"Serve a simulated Alibaba Cloud account over HTTP on a loopback address:\n"
"ResourceManager, RAM, DBS and STS calls, with V3 and V1 signatures,\n"
"timestamps and nonces checked.  One port serves every product.\n"
"\n"
"  --listen ADDR:PORT       where to listen (default 127.0.0.1:0, any free\n"
"                           port); only loopback addresses (127.x.x.x,\n"
"                           localhost) are accepted\n"
"  --access-key ID:SECRET   an access key of the account's owner\n"
"                           (repeatable); without one, the built-in demo\n"
"                           key is served:\n"
"                             id     " SIM_DEMO_ACCESS_KEY_ID "\n"
"                             secret " SIM_DEMO_ACCESS_KEY_SECRET "\n"
"  --user NAME:ID:SECRET    a RAM user with no permissions (repeatable):\n"
"                           every call but GetCallerIdentity is refused\n"
"  --assumable-role ARN     a role AssumeRole accepts (repeatable); roles\n"
"                           of the account itself are always accepted\n"
"  --refuse-suffix SERVICE  a service refusing CustomSuffix (repeatable)\n"
"  --in-use ROLE            a role whose deletion fails as in use\n"
"                           (repeatable)\n"
"  --role-limit N           roles the account may hold (default 1000)\n"
"  --clock-offset SECONDS   added to the real clock (may be negative)\n"
"  --state FILE             load the account from FILE (if it exists) and\n"
"                           save it there after every change\n"
"  --catalog FILE           the service catalogue; default\n"
"                           $LINKROLE_CATALOG, then the installed\n"
"                           services.json, then data/services.json beside\n"
"                           this program\n"
"  --fault SPEC             inject a fault (repeatable), see below\n"
"  --metadata-role NAME     serve the ECS metadata service under /latest/\n"
"                           for an instance whose RAM role is NAME\n"
"  --imds both|v2|v1        its session tokens: optional (both, the\n"
"                           default), required (v2: 401 without one) or\n"
"                           refused (v1: the token PUT answers 403)\n"
"  --credentials-uri        serve GET /credentials as a credentials URI\n"
"  --session-seconds N      lifetime of the sessions those two hand out,\n"
"                           and of AssumeRole's without DurationSeconds\n"
"                           (1-43200, default 3600)\n"
"  --verbose                log one line per request to stderr (method,\n"
"                           action or unsigned path, status, code; never\n"
"                           a secret or token)\n"
"  --help                   show this help and exit\n"
"  --version                show the version and exit\n"
"\n", out);
    /* In two pieces: C11 compilers need only take 4095 bytes in one. */
    fputs(
"The first line on standard output is \"listening on http://ADDR:PORT\".\n"
"The account id is " SIM_DEMO_ACCOUNT_ID " unless the state file says\n"
"otherwise.  SIGINT or SIGTERM stops the server.\n"
"\n"
"The metadata service and the credentials URI are unsigned, as the real\n"
"ones are; each fetch of credentials is a new STS session:\n"
"  PUT /latest/api/token   a token, given the header\n"
"                          X-aliyun-ecs-metadata-token-ttl-seconds: 1-21600\n"
"  GET /latest/meta-data/ram/security-credentials/       the role name\n"
"  GET /latest/meta-data/ram/security-credentials/NAME   its credentials\n"
"  GET /credentials        credentials\n"
"A token, when sent, goes in X-aliyun-ecs-metadata-token.\n"
"\n"
"A fault SPEC is KIND[=ARG][@WHEN].  WHEN is N (the first N requests) or\n"
"N% (spread evenly: 50% is every 2nd request, 10% every 10th); without\n"
"it, every request.  Requests are counted from 1 for all faults alike;\n"
"latencies add up, and of the other faults the first that applies wins.\n"
"  latency=MS      wait MS milliseconds, then answer normally\n"
"  500, 503        InternalError / ServiceUnavailable; the account never\n"
"                  sees the request\n"
"  throttle        400 Throttling.User; the account never sees it\n"
"  reset           the account processes the request, then the connection\n"
"                  is closed without an answer: a create whose answer is\n"
"                  lost (reset-after is the same)\n"
"  reset-before    close the connection without an answer; the account\n"
"                  never sees the request\n"
"  truncate        the account processes the request; the answer announces\n"
"                  its whole length but only half of the body is sent\n"
"                  (truncate-after is the same)\n"
"  nonjson         200 with an HTML body; the account never sees it\n"
"  oversize        200 with a 2 MiB JSON body; the account never sees it\n"
"  replay          the account processes the request twice and the second\n"
"                  answer is sent (SignatureNonceUsed, normally)\n"
"\n"
"Exit status: 0 after a clean stop, 1 when it cannot listen or load the\n"
"catalogue or the state file, 2 for bad usage.\n", out);
}

/* --- faults --------------------------------------------------------------- */

static bool parse_ulong(const char *s, size_t len, unsigned long max,
                        unsigned long *out)
{
    unsigned long v = 0;

    if (len == 0 || len > 9)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

static int fault_parse(const char *spec, struct fault *f)
{
    const char *at = strrchr(spec, '@');
    size_t head = at ? (size_t)(at - spec) : strlen(spec);
    const char *eq = memchr(spec, '=', head);
    size_t name_len = eq ? (size_t)(eq - spec) : head;
    unsigned long v;

    memset(f, 0, sizeof(*f));
    f->always = true;
    for (size_t i = 0; i < sizeof(fault_names) / sizeof(fault_names[0]);
         i++)
        if (strlen(fault_names[i].name) == name_len &&
            strncmp(fault_names[i].name, spec, name_len) == 0) {
            f->kind = fault_names[i].kind;
            f->name = fault_names[i].name;
        }
    if (f->kind == FAULT_NONE)
        return -1;
    if (f->kind == FAULT_LATENCY) {
        if (!eq || !parse_ulong(eq + 1, head - name_len - 1,
                                SERVER_LATENCY_MAX, &v))
            return -1;
        f->ms = (long)v;
    } else if (eq) {
        return -1;
    }
    if (at) {
        size_t n = strlen(at + 1);

        f->always = false;
        if (n && at[n] == '%') {
            f->percent = true;
            if (!parse_ulong(at + 1, n - 1, 100, &f->when) || !f->when)
                return -1;
        } else if (!parse_ulong(at + 1, n, 999999999UL, &f->when) ||
                   !f->when) {
            return -1;
        }
    }
    return 0;
}

/* Whether a fault applies to request n (counted from 1).  A percentage p
 * hits whenever n * p / 100 reaches a new integer: evenly spread. */
static bool fault_applies(const struct fault *f, unsigned long n)
{
    if (f->always)
        return true;
    if (!f->percent)
        return n <= f->when;
    return (n * f->when) / 100 > ((n - 1) * f->when) / 100;
}

/* Sleeps in short steps so that stopping the server is never held up
 * by a latency fault. */
static void sleep_ms(long ms)
{
    while (ms > 0 && !atomic_load(&server_stopping)) {
        long step = ms < SERVER_TICK_MS ? ms : SERVER_TICK_MS;
        struct timespec ts = { 0, step * 1000000L };

        while (nanosleep(&ts, &ts) && errno == EINTR)
            ;
        ms -= step;
    }
}

/* --- answers -------------------------------------------------------------- */

static enum MHD_Result respond(struct MHD_Connection *con,
                               unsigned int status, const char *type,
                               const char *body, size_t len)
{
    struct MHD_Response *r;
    enum MHD_Result ret;

    r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
                                        MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type) !=
        MHD_YES) {
        MHD_destroy_response(r);
        return MHD_NO;
    }
    ret = MHD_queue_response(con, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result respond_error(struct MHD_Connection *con,
                                     const struct sim_request *req,
                                     unsigned int status, const char *code,
                                     const char *message)
{
    struct buf body;
    enum MHD_Result ret = MHD_NO;

    buf_init(&body, SERVER_ANSWER_MAX);
    if (account_error_body(&body, req, code, message) == 0)
        ret = respond(con, status, SERVER_JSON, buf_str(&body),
                      buf_len(&body));
    buf_free(&body);
    return ret;
}

/* A body cut short: the header announces all of it, half is sent, then
 * the connection breaks. */
struct cut {
    char *data;
    size_t len;
    size_t keep;
};

static ssize_t cut_read(void *cls, uint64_t pos, char *out, size_t max)
{
    struct cut *c = cls;
    size_t n;

    if (pos >= c->keep)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    n = c->keep - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(out, c->data + pos, n);
    return (ssize_t)n;
}

static void cut_free(void *cls)
{
    struct cut *c = cls;

    free(c->data);
    free(c);
}

static enum MHD_Result respond_cut(struct MHD_Connection *con,
                                   unsigned int status, const char *type,
                                   const struct buf *body)
{
    struct MHD_Response *r;
    enum MHD_Result ret;
    struct cut *c = calloc(1, sizeof(*c));

    if (!c)
        return MHD_NO;
    c->len = buf_len(body);
    c->keep = c->len / 2;
    c->data = malloc(c->len + 1);
    if (!c->data) {
        free(c);
        return MHD_NO;
    }
    memcpy(c->data, buf_str(body), c->len);
    r = MHD_create_response_from_callback(c->len, 4096, cut_read, c,
                                          cut_free);
    if (!r) {
        cut_free(c);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    ret = MHD_queue_response(con, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result respond_oversize(struct MHD_Connection *con)
{
    char id[ACCOUNT_REQUEST_ID_LEN + 1];
    struct MHD_Response *r;
    enum MHD_Result ret;
    char *body = malloc(SERVER_OVERSIZE);
    int head;

    if (!body)
        return MHD_NO;
    account_request_id(id);
    /* Valid JSON, so only the size can be what a client objects to. */
    head = snprintf(body, SERVER_OVERSIZE, "{\"RequestId\":\"%s\","
                    "\"Padding\":\"", id);
    memset(body + head, 'x', SERVER_OVERSIZE - (size_t)head - 2);
    memcpy(body + SERVER_OVERSIZE - 2, "\"}", 2);
    r = MHD_create_response_from_buffer(SERVER_OVERSIZE, body,
                                        MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, SERVER_JSON);
    ret = MHD_queue_response(con, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

static const char server_html[] =
    "<html><head><title>502 Bad Gateway</title></head>\n"
    "<body><h1>502 Bad Gateway</h1><p>" SERVER_NAME
    ": injected fault</p></body></html>\n";

/* --- requests ------------------------------------------------------------- */

struct header_sink {
    struct kvlist *list;
    bool failed;
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind,
                                      const char *key, const char *value)
{
    struct header_sink *sink = cls;

    (void)kind;
    if (kvlist_add(sink->list, key, value ? value : ""))
        sink->failed = true;
    return MHD_YES;
}

static void log_line(const struct server *s, const char *method,
                     const char *action, int status, const char *code,
                     const struct fault *f)
{
    char m[16], act[ACCOUNT_LOG_PATH_MAX], cd[ACCOUNT_LOG_FIELD_MAX];

    if (!s->verbose)
        return;
    account_log_field(m, sizeof(m), method);
    account_log_field(act, sizeof(act), action);
    account_log_field(cd, sizeof(cd), code);
    if (status > 0)
        fprintf(stderr, "%s: %s %s %d %s%s%s\n", SERVER_NAME, m, act,
                status, cd, f ? " fault=" : "", f ? f->name : "");
    else
        fprintf(stderr, "%s: %s %s - %s%s%s\n", SERVER_NAME, m, act, cd,
                f ? " fault=" : "", f ? f->name : "");
}

/* What the log names a request by, without the account: the path of an
 * unsigned endpoint (a role name at most, never a token), else the
 * action. */
static const char *peek_subject(const struct sim_request *req)
{
    const char *a;

    if (account_unsigned_path(req->path))
        return req->path;
    a = kvlist_get_case(req->headers, "x-acs-action");
    return a ? a : kvlist_get(req->query, "Action");
}

static enum MHD_Result serve_account(struct server *s,
                                     struct MHD_Connection *con,
                                     const struct sim_request *req,
                                     const struct fault *f)
{
    struct account_outcome outcome;
    struct sim_response resp;
    enum MHD_Result ret;
    const char *type;

    buf_init(&resp.body, SERVER_ANSWER_MAX);
    account_handle(s->account, req, &resp, &outcome);
    if (f && f->kind == FAULT_REPLAY)
        account_handle(s->account, req, &resp, &outcome);
    type = outcome.plain_text ? SERVER_TEXT : SERVER_JSON;
    /* For reset this is the answer the client never gets. */
    log_line(s, req->method, outcome.path[0] ? outcome.path : outcome.action,
             resp.status, outcome.code, f);
    if (f && f->kind == FAULT_RESET)
        ret = MHD_NO;
    else if (f && f->kind == FAULT_TRUNCATE)
        ret = respond_cut(con, (unsigned int)resp.status, type, &resp.body);
    else
        ret = respond(con, (unsigned int)resp.status, type,
                      buf_str(&resp.body), buf_len(&resp.body));
    buf_wipe(&resp.body);
    return ret;
}

static enum MHD_Result serve(struct server *s, struct MHD_Connection *con,
                             struct conn *c, const char *method)
{
    const struct fault *f = NULL;
    struct kvlist headers, query;
    struct header_sink sink;
    struct sim_request req;
    const char *q = strchr(c->uri, '?');
    char *path = NULL;
    unsigned long n;
    long latency = 0;
    enum MHD_Result ret = MHD_NO;

    kvlist_init(&headers);
    kvlist_init(&query);
    pthread_mutex_lock(&s->lock);
    n = ++s->requests;
    pthread_mutex_unlock(&s->lock);
    for (size_t i = 0; i < s->nfaults; i++) {
        if (!fault_applies(&s->faults[i], n))
            continue;
        if (s->faults[i].kind == FAULT_LATENCY)
            latency += s->faults[i].ms;
        else if (!f)
            f = &s->faults[i];
    }
    sink.list = &headers;
    sink.failed = false;
    MHD_get_connection_values(con, MHD_HEADER_KIND, collect_header, &sink);
    path = q ? strndup(c->uri, (size_t)(q - c->uri)) : strdup(c->uri);
    /* The raw query, split as the in-process transport splits it. */
    if (sink.failed || !path ||
        (q && verify_split_params(&query, q + 1, strcspn(q + 1, "#"))))
        goto out;
    req.method = method;
    req.path = path;
    req.query = &query;
    req.headers = &headers;
    req.body = buf_str(&c->body);
    req.body_len = buf_len(&c->body);
    sleep_ms(latency);
    switch (f ? f->kind : FAULT_NONE) {
    case FAULT_500:
        log_line(s, method, peek_subject(&req), 500, "InternalError", f);
        ret = respond_error(con, &req, 500, "InternalError",
                            "The request processing has failed due to "
                            "some unknown error, exception or failure.");
        break;
    case FAULT_503:
        log_line(s, method, peek_subject(&req), 503, "ServiceUnavailable",
                 f);
        ret = respond_error(con, &req, 503, "ServiceUnavailable",
                            "The request has failed due to a temporary "
                            "failure of the server.");
        break;
    case FAULT_THROTTLE:
        log_line(s, method, peek_subject(&req), 400, "Throttling.User", f);
        ret = respond_error(con, &req, 400, "Throttling.User",
                            "Request was denied due to user flow "
                            "control.");
        break;
    case FAULT_RESET_BEFORE:
        log_line(s, method, peek_subject(&req), 0, NULL, f);
        ret = MHD_NO;
        break;
    case FAULT_NONJSON:
        log_line(s, method, peek_subject(&req), 200, NULL, f);
        ret = respond(con, MHD_HTTP_OK, "text/html", server_html,
                      sizeof(server_html) - 1);
        break;
    case FAULT_OVERSIZE:
        log_line(s, method, peek_subject(&req), 200, NULL, f);
        ret = respond_oversize(con);
        break;
    case FAULT_NONE:
    case FAULT_LATENCY:
    case FAULT_RESET:
    case FAULT_TRUNCATE:
    case FAULT_REPLAY:
        ret = serve_account(s, con, &req, f);
        break;
    }
out:
    free(path);
    kvlist_free(&headers);
    kvlist_free(&query);
    return ret;
}

static enum MHD_Result respond_too_big(struct server *s,
                                       struct MHD_Connection *con,
                                       struct conn *c, const char *method)
{
    struct kvlist headers, none;
    struct header_sink sink;
    struct sim_request req;
    enum MHD_Result ret;

    kvlist_init(&headers);
    kvlist_init(&none);
    sink.list = &headers;
    sink.failed = false;
    MHD_get_connection_values(con, MHD_HEADER_KIND, collect_header, &sink);
    memset(&req, 0, sizeof(req));
    req.method = method;
    req.query = &none;
    req.headers = &headers;
    log_line(s, method, kvlist_get_case(&headers, "x-acs-action"), 413,
             "Request.EntityTooLarge", NULL);
    ret = respond_error(con, &req, 413, "Request.EntityTooLarge",
                        "The request body is larger than 1048576 bytes.");
    buf_free(&c->body);
    kvlist_free(&headers);
    return ret;
}

static enum MHD_Result server_access(void *cls, struct MHD_Connection *con,
                                     const char *url, const char *method,
                                     const char *version,
                                     const char *upload_data,
                                     size_t *upload_data_size, void **con_cls)
{
    struct server *s = cls;
    struct conn *c = *con_cls;
    const char *length;
    int rc;

    (void)url;
    (void)version;
    if (!c)
        return MHD_NO;      /* out of memory when the request began */
    if (!c->started) {
        c->started = true;
        /* A declared length over the cap is refused before any of the
         * body is read. */
        length = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length && strtoull(length, NULL, 10) > SERVER_BODY_MAX) {
            c->too_big = true;
            return respond_too_big(s, con, c, method);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        c->received += *upload_data_size;
        if (c->received > SERVER_DISCARD_MAX)
            return MHD_NO;
        if (!c->too_big) {
            rc = buf_add(&c->body, upload_data, *upload_data_size);
            if (rc == BUF_NOMEM)
                return MHD_NO;
            if (rc == BUF_TOOBIG) {
                c->too_big = true;
                buf_free(&c->body);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (c->too_big)
        return respond_too_big(s, con, c, method);
    return serve(s, con, c, method);
}

static void *server_uri_log(void *cls, const char *uri,
                            struct MHD_Connection *con)
{
    struct conn *c = calloc(1, sizeof(*c));

    (void)cls;
    (void)con;
    if (!c)
        return NULL;
    c->uri = strdup(uri ? uri : "/");
    if (!c->uri) {
        free(c);
        return NULL;
    }
    buf_init(&c->body, SERVER_BODY_MAX);
    return c;
}

static void server_completed(void *cls, struct MHD_Connection *con,
                             void **con_cls,
                             enum MHD_RequestTerminationCode toe)
{
    struct conn *c = *con_cls;

    (void)cls;
    (void)con;
    (void)toe;
    if (!c)
        return;
    buf_wipe(&c->body);
    free(c->uri);
    free(c);
    *con_cls = NULL;
}

/* --- set-up --------------------------------------------------------------- */

static int parse_listen(const char *spec, struct sockaddr_in *sin)
{
    const char *colon = strrchr(spec, ':');
    char host[64];
    unsigned long port;
    size_t n;

    if (!colon)
        return -1;
    n = (size_t)(colon - spec);
    if (n == 0 || n >= sizeof(host) ||
        !parse_ulong(colon + 1, strlen(colon + 1), 65535, &port))
        return -1;
    memcpy(host, spec, n);
    host[n] = '\0';
    memset(sin, 0, sizeof(*sin));
    sin->sin_family = AF_INET;
    sin->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
        return -1;
    return 0;
}

static bool is_loopback(const struct sockaddr_in *sin)
{
    return (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
}

/* --catalog, $LINKROLE_CATALOG, the installed copy, the source tree's. */
static int load_catalog(struct catalog *cat, const char *opt,
                        struct buf *err)
{
    const char *env = getenv("LINKROLE_CATALOG");
    char exe[PATH_MAX];
    struct buf path;
    char *slash;
    ssize_t n;
    int rc;

    if (opt)
        return catalog_load(cat, opt, err);
    if (env && *env)
        return catalog_load(cat, env, err);
    if (access(LINKROLE_PKGDATADIR "/services.json", R_OK) == 0)
        return catalog_load(cat, LINKROLE_PKGDATADIR "/services.json", err);
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0) {
        buf_printf(err, "no service catalogue found: use --catalog FILE");
        return -1;
    }
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    buf_init(&path, PATH_MAX + 64);
    if (buf_printf(&path, "%s/data/services.json", exe) != BUF_OK) {
        buf_free(&path);
        buf_printf(err, "no service catalogue found: use --catalog FILE");
        return -1;
    }
    if (access(buf_str(&path), R_OK) != 0) {
        buf_printf(err, "no service catalogue found (tried %s and %s): "
                   "use --catalog FILE", LINKROLE_PKGDATADIR "/services.json",
                   buf_str(&path));
        buf_free(&path);
        return -1;
    }
    rc = catalog_load(cat, buf_str(&path), err);
    buf_free(&path);
    return rc;
}

struct options {
    const char *listen;
    const char *state;
    const char *catalog;
    long clock_offset;
    unsigned long role_limit;
    const char *metadata_role;
    int imds_mode;                  /* enum sim_imds */
    bool imds_given;
    bool credentials_uri;
    long session_seconds;           /* 0: the account's default */
    bool verbose;
    /* Repeated options, kept as given until the account exists. */
    const char **keys, **users, **roles, **refused, **in_use;
    size_t nkeys, nusers, nroles, nrefused, nin_use;
};

enum {
    OPT_LISTEN = 256, OPT_ACCESS_KEY, OPT_USER, OPT_ASSUMABLE, OPT_REFUSE,
    OPT_IN_USE, OPT_ROLE_LIMIT, OPT_CLOCK, OPT_STATE, OPT_CATALOG,
    OPT_FAULT, OPT_METADATA_ROLE, OPT_IMDS, OPT_CREDENTIALS_URI,
    OPT_SESSION_SECONDS, OPT_VERBOSE, OPT_HELP, OPT_VERSION
};

static void bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void bad_usage(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", SERVER_NAME);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n",
            SERVER_NAME);
}

static bool parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* Returns 0, 1 (help or version was shown) or EXIT_USAGE. */
static int parse_options(int argc, char **argv, struct options *o,
                         struct server *s)
{
    static const struct option longopts[] = {
        { "listen", required_argument, NULL, OPT_LISTEN },
        { "access-key", required_argument, NULL, OPT_ACCESS_KEY },
        { "user", required_argument, NULL, OPT_USER },
        { "assumable-role", required_argument, NULL, OPT_ASSUMABLE },
        { "refuse-suffix", required_argument, NULL, OPT_REFUSE },
        { "in-use", required_argument, NULL, OPT_IN_USE },
        { "role-limit", required_argument, NULL, OPT_ROLE_LIMIT },
        { "clock-offset", required_argument, NULL, OPT_CLOCK },
        { "state", required_argument, NULL, OPT_STATE },
        { "catalog", required_argument, NULL, OPT_CATALOG },
        { "fault", required_argument, NULL, OPT_FAULT },
        { "metadata-role", required_argument, NULL, OPT_METADATA_ROLE },
        { "imds", required_argument, NULL, OPT_IMDS },
        { "credentials-uri", no_argument, NULL, OPT_CREDENTIALS_URI },
        { "session-seconds", required_argument, NULL, OPT_SESSION_SECONDS },
        { "verbose", no_argument, NULL, OPT_VERBOSE },
        { "help", no_argument, NULL, OPT_HELP },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 }
    };
    size_t max = (size_t)argc;
    long v;
    int opt;

    o->keys = calloc(max, sizeof(*o->keys));
    o->users = calloc(max, sizeof(*o->users));
    o->roles = calloc(max, sizeof(*o->roles));
    o->refused = calloc(max, sizeof(*o->refused));
    o->in_use = calloc(max, sizeof(*o->in_use));
    if (!o->keys || !o->users || !o->roles || !o->refused || !o->in_use) {
        fprintf(stderr, "%s: out of memory\n", SERVER_NAME);
        return EXIT_USAGE;
    }
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_LISTEN:
            o->listen = optarg;
            break;
        case OPT_ACCESS_KEY:
            if (!strchr(optarg, ':') || *optarg == ':' ||
                !strchr(optarg, ':')[1]) {
                bad_usage("--access-key wants ID:SECRET");
                return EXIT_USAGE;
            }
            o->keys[o->nkeys++] = optarg;
            break;
        case OPT_USER:
            o->users[o->nusers++] = optarg;
            break;
        case OPT_ASSUMABLE:
            o->roles[o->nroles++] = optarg;
            break;
        case OPT_REFUSE:
            o->refused[o->nrefused++] = optarg;
            break;
        case OPT_IN_USE:
            o->in_use[o->nin_use++] = optarg;
            break;
        case OPT_ROLE_LIMIT:
            if (!parse_long(optarg, 1, 1000000, &v)) {
                bad_usage("--role-limit wants a number from 1 to 1000000, "
                          "not \"%s\"", optarg);
                return EXIT_USAGE;
            }
            o->role_limit = (unsigned long)v;
            break;
        case OPT_CLOCK:
            if (!parse_long(optarg, -3153600000L, 3153600000L, &v)) {
                bad_usage("--clock-offset wants seconds, not \"%s\"",
                          optarg);
                return EXIT_USAGE;
            }
            o->clock_offset = v;
            break;
        case OPT_STATE:
            o->state = optarg;
            break;
        case OPT_CATALOG:
            o->catalog = optarg;
            break;
        case OPT_FAULT:
            if (s->nfaults == SERVER_FAULTS_MAX) {
                bad_usage("too many --fault options");
                return EXIT_USAGE;
            }
            if (fault_parse(optarg, &s->faults[s->nfaults])) {
                bad_usage("bad --fault \"%s\": see --help", optarg);
                return EXIT_USAGE;
            }
            s->nfaults++;
            break;
        case OPT_METADATA_ROLE:
            o->metadata_role = optarg;
            break;
        case OPT_IMDS:
            if (strcmp(optarg, "both") == 0) {
                o->imds_mode = SIM_IMDS_BOTH;
            } else if (strcmp(optarg, "v2") == 0) {
                o->imds_mode = SIM_IMDS_V2;
            } else if (strcmp(optarg, "v1") == 0) {
                o->imds_mode = SIM_IMDS_V1;
            } else {
                bad_usage("--imds wants both, v2 or v1, not \"%s\"",
                          optarg);
                return EXIT_USAGE;
            }
            o->imds_given = true;
            break;
        case OPT_CREDENTIALS_URI:
            o->credentials_uri = true;
            break;
        case OPT_SESSION_SECONDS:
            if (!parse_long(optarg, 1, 43200, &v)) {
                bad_usage("--session-seconds wants a number from 1 to "
                          "43200, not \"%s\"", optarg);
                return EXIT_USAGE;
            }
            o->session_seconds = v;
            break;
        case OPT_VERBOSE:
            o->verbose = true;
            break;
        case OPT_HELP:
            usage(stdout);
            return 1;
        case OPT_VERSION:
            printf("%s %s\n", SERVER_NAME, PACKAGE_VERSION);
            return 1;
        case ':':
            bad_usage("%s needs an argument", argv[optind - 1]);
            return EXIT_USAGE;
        default:
            bad_usage("unknown option \"%s\"", argv[optind - 1]);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        bad_usage("unexpected argument \"%s\"", argv[optind]);
        return EXIT_USAGE;
    }
    /* Alone it would change nothing, which is surely not what was meant. */
    if (o->imds_given && !o->metadata_role) {
        bad_usage("--imds needs --metadata-role");
        return EXIT_USAGE;
    }
    return 0;
}

/* Adds what the options name to the account.  Returns 0 or EXIT_USAGE. */
static int apply_options(struct sim_account *a, const struct options *o)
{
    char *copy = NULL;
    int rc = EXIT_USAGE;

    for (size_t i = 0; i < o->nkeys; i++) {
        char *secret;

        free(copy);
        copy = strdup(o->keys[i]);
        if (!copy)
            goto out;
        secret = strchr(copy, ':');
        *secret++ = '\0';
        if (sim_account_add_key(a, copy, secret)) {
            bad_usage("cannot add access key \"%s\" (a duplicate?)", copy);
            goto out;
        }
    }
    if (o->nkeys == 0 && sim_account_add_key(a, SIM_DEMO_ACCESS_KEY_ID,
                                             SIM_DEMO_ACCESS_KEY_SECRET))
        goto out;
    for (size_t i = 0; i < o->nusers; i++) {
        char *id, *secret;

        free(copy);
        copy = strdup(o->users[i]);
        if (!copy)
            goto out;
        id = strchr(copy, ':');
        secret = id ? strchr(id + 1, ':') : NULL;
        if (!secret) {
            bad_usage("--user wants NAME:ID:SECRET");
            goto out;
        }
        *id++ = '\0';
        *secret++ = '\0';
        if (sim_account_add_user(a, copy, id, secret)) {
            bad_usage("cannot add user \"%s\" (empty field or duplicate "
                      "key?)", copy);
            goto out;
        }
    }
    for (size_t i = 0; i < o->nroles; i++)
        if (sim_account_add_assumable_role(a, o->roles[i])) {
            bad_usage("--assumable-role wants acs:ram::ACCOUNT:role/NAME, "
                      "not \"%s\"", o->roles[i]);
            goto out;
        }
    for (size_t i = 0; i < o->nrefused; i++)
        if (sim_account_refuse_suffix(a, o->refused[i]))
            goto out;
    for (size_t i = 0; i < o->nin_use; i++)
        if (sim_account_mark_in_use(a, o->in_use[i]))
            goto out;
    if (o->metadata_role &&
        sim_account_set_metadata_role(a, o->metadata_role, o->imds_mode)) {
        bad_usage("--metadata-role wants a role name (1-64 of A-Z a-z 0-9 "
                  ". - _ @), not \"%s\"", o->metadata_role);
        goto out;
    }
    if (o->credentials_uri && sim_account_enable_credentials_uri(a))
        goto out;
    if (o->session_seconds)
        sim_account_set_session_seconds(a, o->session_seconds);
    rc = 0;
out:
    if (copy) {
        explicit_bzero(copy, strlen(copy));
        free(copy);
    }
    return rc;
}

static void options_free(struct options *o)
{
    free(o->keys);
    free(o->users);
    free(o->roles);
    free(o->refused);
    free(o->in_use);
}

int main(int argc, char **argv)
{
    struct options o;
    struct server s;
    struct catalog cat = { NULL, 0 };
    struct sim_config cfg;
    struct sim_account *a = NULL;
    struct MHD_Daemon *d = NULL;
    const union MHD_DaemonInfo *info;
    struct sockaddr_in sin;
    char addr[INET_ADDRSTRLEN];
    struct buf err;
    sigset_t stop;
    int sig, rc = EXIT_USAGE;
    bool lock_made = false;

    memset(&o, 0, sizeof(o));
    memset(&s, 0, sizeof(s));
    buf_init(&err, 4096);
    rc = parse_options(argc, argv, &o, &s);
    if (rc) {
        rc = rc == 1 ? 0 : rc;
        goto out;
    }
    rc = EXIT_USAGE;
    if (parse_listen(o.listen ? o.listen : "127.0.0.1:0", &sin)) {
        bad_usage("--listen wants ADDRESS:PORT, not \"%s\"", o.listen);
        goto out;
    }
    if (!is_loopback(&sin)) {
        bad_usage("--listen %s: only loopback addresses (127.x.x.x) are "
                  "allowed; the simulator is for tests and demos", o.listen);
        goto out;
    }
    rc = 1;
    if (load_catalog(&cat, o.catalog, &err)) {
        fprintf(stderr, "%s: %s\n", SERVER_NAME, buf_str(&err));
        goto out;
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &cat;
    cfg.clock_offset = o.clock_offset;
    cfg.role_limit = o.role_limit;
    cfg.state_path = o.state;
    a = sim_account_new(&cfg, &err);
    if (!a) {
        fprintf(stderr, "%s: %s\n", SERVER_NAME, buf_str(&err));
        goto out;
    }
    rc = apply_options(a, &o);
    if (rc)
        goto out;
    s.account = a;
    s.verbose = o.verbose;
    if (pthread_mutex_init(&s.lock, NULL)) {
        rc = 1;
        goto out;
    }
    lock_made = true;

    /* Threads MHD starts inherit this mask, so only sigwait below sees
     * the signals that stop us. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    rc = 1;
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
                         MHD_USE_THREAD_PER_CONNECTION,
                         0, NULL, NULL, server_access, &s,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
                         MHD_OPTION_URI_LOG_CALLBACK, server_uri_log, &s,
                         MHD_OPTION_NOTIFY_COMPLETED, server_completed, &s,
                         MHD_OPTION_CONNECTION_TIMEOUT, SERVER_TIMEOUT_S,
                         MHD_OPTION_CONNECTION_LIMIT, SERVER_CONNECTIONS_MAX,
                         MHD_OPTION_END);
    inet_ntop(AF_INET, &sin.sin_addr, addr, sizeof(addr));
    if (!d) {
        fprintf(stderr, "%s: cannot listen on %s:%u: %s\n", SERVER_NAME,
                addr, (unsigned)ntohs(sin.sin_port),
                errno ? strerror(errno) : "libmicrohttpd failed to start");
        goto out;
    }
    info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (!info || !info->port) {
        fprintf(stderr, "%s: cannot tell which port was bound\n",
                SERVER_NAME);
        goto out;
    }
    printf("listening on http://%s:%u\n", addr, (unsigned)info->port);
    fflush(stdout);
    while (sigwait(&stop, &sig) != 0)
        ;
    /* A connection asleep in a latency fault wakes up now, so the
     * daemon's threads can be joined at once. */
    atomic_store(&server_stopping, true);
    rc = 0;
out:
    if (d)
        MHD_stop_daemon(d);
    if (lock_made)
        pthread_mutex_destroy(&s.lock);
    sim_account_free(a);
    catalog_free(&cat);
    options_free(&o);
    buf_free(&err);
    return rc;
}
