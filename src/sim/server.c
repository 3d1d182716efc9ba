/* linkrole-sim — the simulated account over HTTP, on a loopback address.
 *
 * One port serves every product: the account dispatches on Action and
 * Version, not on the Host header, so a test points every endpoint here.
 * libmicrohttpd runs a thread per connection; the account locks itself.
 * Faults (--fault) make the failures a client must survive repeatable:
 * they are counted per request, never drawn at random.  Paths under
 * /latest/ and /credentials are the unsigned ECS metadata service and
 * credentials URI, when the options turn them on.  --latency delays every
 * answer before the account is reached, outside any lock, so requests
 * overlap; --rate-limit refuses calls beyond a rate per calling account.
 * The command line is server_opts.c's, what a fault means
 * server_fault.c's, the rates server_rate.c's. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/catalog.h"
#include "core/clock.h"
#include "core/file.h"
#include "sim/account.h"
#include "sim/server_answer.h"
#include "sim/limits.h"
#include "sim/server.h"
#include "sim/sim.h"
#include "sim/verify.h"

#define SERVER_BODY_MAX (1u << 20)
/* A chunked upload past the cap is read and dropped up to here, so the
 * client still gets its 413; beyond it the connection is closed. */
#define SERVER_DISCARD_MAX (64u << 20)
#define SERVER_ANSWER_MAX (4u << 20)
#define SERVER_CONNECTIONS_MAX 128u
#define SERVER_TIMEOUT_S 60u

struct server {
    struct sim_account *account;
    const struct fault *faults;
    size_t nfaults;
    /* --fault-file: its faults as last read, counted from then, and what
     * the file was then (read again when that changes).  Under lock. */
    const char *fault_file;
    struct fault file_faults[SERVER_FAULTS_MAX];
    size_t nfile_faults;
    unsigned long file_requests;
    unsigned long file_action_seen[SERVER_FAULTS_MAX];
    struct stat file_stat;
    bool file_seen;
    bool verbose;
    long latency_ms;                /* --latency */
    struct server_rates *rates;     /* --rate-limit; NULL: none */
    pthread_mutex_t lock;           /* guards requests, seen, the file's */
    unsigned long requests;
    unsigned long seen[SERVER_FAULTS_MAX];  /* a targeted fault's action */
};

/* Set once a signal asks us to stop: a latency fault's sleep watches it.
 * Written by the main thread only, read by the connections' threads. */
static volatile sig_atomic_t server_stopping;

/* One request, from its first line to its answer. */
struct conn {
    char *uri;                      /* as received, query included */
    struct buf body;
    size_t received;
    bool started;
    bool too_big;
};

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
    if (f && f->kind == FAULT_DBS_ALREADY_FALSE &&
        server_fault_dbs_false(&resp.body)) {
        buf_wipe(&resp.body);
        return MHD_NO;
    }
    if (f && f->kind == FAULT_REPEAT_MARKER &&
        server_fault_repeat_marker(&resp.body, kvlist_get(req->query, "Marker"))) {
        buf_wipe(&resp.body);
        return MHD_NO;
    }
    /* Answers that hand out credentials are left alone, so the client
     * can still sign what it sends next (AssumeRole's refusals are
     * echoed into). */
    if (f && f->kind == FAULT_ECHO && !outcome.plain_text &&
        !outcome.path[0] &&
        (resp.status != 200 || strcmp(outcome.action, "AssumeRole") != 0)) {
        const char *token = kvlist_get_case(req->headers,
                                            "x-acs-security-token");

        if (!token)
            token = kvlist_get(req->query, "SecurityToken");
        server_fault_echo(&resp.body, f->text, token);
    }
    type = outcome.plain_text ? SERVER_TEXT : SERVER_JSON;
    /* For reset this is the answer the client never gets. */
    log_line(s, req->method, outcome.path[0] ? outcome.path : outcome.action,
             resp.status, outcome.code, f);
    /* What a handler noted about the request (never a secret), on a
     * line of its own so the line above keeps its shape. */
    if (s->verbose && outcome.note[0])
        fprintf(stderr, "%s:   %s\n", SERVER_NAME, outcome.note);
    if (f && f->kind == FAULT_RESET)
        ret = MHD_NO;
    else if (f && f->kind == FAULT_TRUNCATE)
        ret = (enum MHD_Result)respond_cut(con, (unsigned int)resp.status, type, &resp.body);
    else if (f && f->kind == FAULT_500_AFTER)
        ret = (enum MHD_Result)respond_error(con, req, 500, "InternalError",
                            "The request processing has failed due to "
                            "some unknown error, exception or failure.");
    else if (f && f->kind == FAULT_502_AFTER)
        ret = (enum MHD_Result)respond(con, 502, "text/html", server_html,
                      server_html_len);
    else if (f && f->kind == FAULT_504_AFTER)
        ret = (enum MHD_Result)respond(con, 504, "text/html", server_html_504,
                      server_html_504_len);
    else if (f && f->kind == FAULT_NONJSON_AFTER)
        ret = (enum MHD_Result)respond(con, MHD_HTTP_OK, "text/html", server_html,
                      server_html_len);
    else
        ret = (enum MHD_Result)respond(con, (unsigned int)resp.status, type,
                      buf_str(&resp.body), buf_len(&resp.body));
    buf_wipe(&resp.body);
    return ret;
}

/* The fault file again, if it changed since it was last read (it is
 * looked at before every request: a test lifts a fault by emptying it).
 * Under s->lock. */
static void server_fault_file(struct server *s)
{
    struct fault read[SERVER_FAULTS_MAX];
    struct stat st;
    char *text = NULL;
    size_t len, line;
    int n;

    if (!s->fault_file)
        return;
    if (stat(s->fault_file, &st)) {
        s->nfile_faults = 0;
        s->file_seen = false;
        return;
    }
    if (s->file_seen && st.st_ino == s->file_stat.st_ino &&
        st.st_size == s->file_stat.st_size &&
        st.st_mtim.tv_sec == s->file_stat.st_mtim.tv_sec &&
        st.st_mtim.tv_nsec == s->file_stat.st_mtim.tv_nsec)
        return;
    s->file_stat = st;
    s->file_seen = true;
    if (file_read(s->fault_file, 1u << 16, &text, &len, NULL, NULL) !=
        FILE_READ_OK) {
        fprintf(stderr, "%s: cannot read the fault file %s; its faults "
                "are kept\n", SERVER_NAME, s->fault_file);
        return;
    }
    n = server_fault_read(text, read, SERVER_FAULTS_MAX, &line);
    free(text);
    if (n < 0) {
        fprintf(stderr, "%s: %s:%zu: a bad fault (see --help); the faults "
                "read before are kept\n", SERVER_NAME, s->fault_file, line);
        return;
    }
    memcpy(s->file_faults, read, (size_t)n * sizeof(read[0]));
    s->nfile_faults = (size_t)n;
    s->file_requests = 0;
    memset(s->file_action_seen, 0, sizeof(s->file_action_seen));
    if (s->verbose)
        fprintf(stderr, "%s: %zu fault(s) from %s\n", SERVER_NAME,
                s->nfile_faults, s->fault_file);
}

/* Faults of one list against a request of action (NULL: not known): a
 * fault kept to one action counts that action's requests (seen[i]), the
 * others count n.  Every latency that applies adds to *latency; the
 * first other fault that applies is copied to *chosen, unless found
 * already.  Returns whether one was. */
static bool server_scan_faults(const struct fault *list, size_t count,
                               unsigned long *seen, unsigned long n,
                               const char *action, const char *acting,
                               long *latency, struct fault *chosen,
                               bool found)
{
    for (size_t i = 0; i < count; i++) {
        const struct fault *one = &list[i];
        bool targeted = one->action[0] || one->account[0];

        if (one->action[0] && (!action || strcmp(one->action, action) != 0))
            continue;
        if (one->account[0] && strcmp(one->account, acting) != 0)
            continue;
        if (targeted)
            seen[i]++;
        if (!server_fault_applies(one, targeted ? seen[i] : n))
            continue;
        if (one->kind == FAULT_LATENCY) {
            *latency += one->ms;
        } else if (!found) {
            *chosen = *one;
            found = true;
        }
    }
    return found;
}

/* The fault that hits req, copied to *chosen (the fault file may change
 * under another request), the --fault options before the file's; false
 * for none.  *latency gets every latency that applies. */
static bool server_pick_fault(struct server *s, const struct sim_request *req,
                              const char *acting, long *latency,
                              struct fault *chosen)
{
    const char *action = peek_subject(req);
    bool found;

    pthread_mutex_lock(&s->lock);
    found = server_scan_faults(s->faults, s->nfaults, s->seen, ++s->requests,
                               action, acting, latency, chosen, false);
    server_fault_file(s);
    found = server_scan_faults(s->file_faults, s->nfile_faults,
                               s->file_action_seen, ++s->file_requests,
                               action, acting, latency, chosen, found);
    pthread_mutex_unlock(&s->lock);
    return found;
}

/* Whether a request hit by f reaches the account at all. */
static bool server_reaches_account(const struct fault *f)
{
    switch (f->kind) {
    case FAULT_NONE:
    case FAULT_LATENCY:
    case FAULT_RESET:
    case FAULT_TRUNCATE:
    case FAULT_REPLAY:
    case FAULT_500_AFTER:
    case FAULT_502_AFTER:
    case FAULT_504_AFTER:
    case FAULT_NONJSON_AFTER:
    case FAULT_REPEAT_MARKER:
    case FAULT_ECHO:
    case FAULT_DBS_ALREADY_FALSE:
        return true;
    default:
        return false;
    }
}

static enum MHD_Result serve(struct server *s, struct MHD_Connection *con,
                             struct conn *c, const char *method)
{
    const struct fault *f = NULL;
    struct fault chosen, limited;
    char acting[LIMITS_ID_DIGITS_MAX + 8];
    unsigned member;
    long wait;
    struct kvlist headers, query;
    struct header_sink sink;
    struct sim_request req;
    const char *q = strchr(c->uri, '?');
    char *path = NULL;
    long latency = 0;
    enum MHD_Result ret = MHD_NO;

    kvlist_init(&headers);
    kvlist_init(&query);
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
    member = account_acting_in(s->account, &req, acting, sizeof(acting));
    if (server_pick_fault(s, &req, acting, &latency, &chosen))
        f = &chosen;
    /* Beyond --rate-limit, the gateway's answer, unless a fault answers
     * before the account would be reached. */
    wait = server_rates_take(s->rates, member, peek_subject(&req));
    if (wait > 0 && (!f || server_reaches_account(f))) {
        memset(&limited, 0, sizeof(limited));
        limited.kind = FAULT_RETRY_AFTER;
        limited.name = "rate-limit";
        limited.ms = wait;
        f = &limited;
    }
    /* Stopping the server is never held up by a latency. */
    clock_sleep_ms(latency + s->latency_ms, &server_stopping);
    switch (f ? f->kind : FAULT_NONE) {
    case FAULT_500:
        log_line(s, method, peek_subject(&req), 500, "InternalError", f);
        ret = (enum MHD_Result)respond_error(con, &req, 500, "InternalError",
                            "The request processing has failed due to "
                            "some unknown error, exception or failure.");
        break;
    case FAULT_503:
        log_line(s, method, peek_subject(&req), 503, "ServiceUnavailable",
                 f);
        ret = (enum MHD_Result)respond_error(con, &req, 503, "ServiceUnavailable",
                            "The request has failed due to a temporary "
                            "failure of the server.");
        break;
    case FAULT_THROTTLE:
        log_line(s, method, peek_subject(&req), 400, "Throttling.User", f);
        ret = (enum MHD_Result)respond_error(con, &req, 400, "Throttling.User",
                            "Request was denied due to user flow "
                            "control.");
        break;
    case FAULT_RESET_BEFORE:
        log_line(s, method, peek_subject(&req), 0, NULL, f);
        ret = MHD_NO;
        break;
    case FAULT_NONJSON:
        log_line(s, method, peek_subject(&req), 200, NULL, f);
        ret = (enum MHD_Result)respond(con, MHD_HTTP_OK, "text/html", server_html,
                      server_html_len);
        break;
    case FAULT_OVERSIZE:
        log_line(s, method, peek_subject(&req), 200, NULL, f);
        ret = (enum MHD_Result)respond_oversize(con);
        break;
    case FAULT_EMPTY: {
        char id[ACCOUNT_REQUEST_ID_LEN + 1], body[ACCOUNT_REQUEST_ID_LEN + 32];
        int len;

        account_request_id(id);
        len = snprintf(body, sizeof(body), "{\"RequestId\":\"%s\"}", id);
        log_line(s, method, peek_subject(&req), 200, NULL, f);
        ret = (enum MHD_Result)respond(con, MHD_HTTP_OK, SERVER_JSON, body, (size_t)len);
        break;
    }
    case FAULT_FORBIDDEN_RAM:
    case FAULT_RETRY_AFTER:
    case FAULT_CODE:
        log_line(s, method, peek_subject(&req),
                 f->kind == FAULT_FORBIDDEN_RAM ? 403
                 : f->kind == FAULT_CODE ? (int)f->ms : 400,
                 f->kind == FAULT_FORBIDDEN_RAM ? "Forbidden.RAM"
                 : f->kind == FAULT_CODE ? f->text : "Throttling.User", f);
        ret = (enum MHD_Result)respond_fault_code(con, &req, f);
        break;
    case FAULT_DBS_ALREADY_FALSE:
    case FAULT_NONE:
    case FAULT_LATENCY:
    case FAULT_RESET:
    case FAULT_TRUNCATE:
    case FAULT_REPLAY:
    case FAULT_500_AFTER:
    case FAULT_502_AFTER:
    case FAULT_504_AFTER:
    case FAULT_NONJSON_AFTER:
    case FAULT_REPEAT_MARKER:
    case FAULT_ECHO:
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
    ret = (enum MHD_Result)respond_error(con, &req, 413, "Request.EntityTooLarge",
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
    enum MHD_Result ret;
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
    sim_account_flight(s->account, true);
    ret = serve(s, con, c, method);
    sim_account_flight(s->account, false);
    return ret;
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

/* --catalog, $LINKROLE_CATALOG, the installed copy, the source tree's. */
static int server_catalog(struct catalog *cat, const char *given,
                          struct buf *err)
{
    struct buf path;
    int rc = -1;

    buf_init(&path, 2 * PATH_MAX + 64);
    if (catalog_locate(given, &path)) {
        if (buf_len(&path))
            buf_printf(err, "no service catalogue found (tried %s): use "
                       "--catalog FILE", buf_str(&path));
        else
            buf_printf(err, "no service catalogue found: use --catalog "
                       "FILE");
        goto out;
    }
    rc = catalog_load(cat, buf_str(&path), err);
out:
    buf_free(&path);
    return rc;
}

int main(int argc, char **argv)
{
    struct server_opts o;
    struct server s;
    struct catalog cat = { NULL, 0 };
    struct sim_config cfg;
    struct sim_account *a = NULL;
    struct MHD_Daemon *d = NULL;
    const union MHD_DaemonInfo *info;
    struct sockaddr_in sin;
    char addr[INET_ADDRSTRLEN];
    struct buf err;
    const struct timespec tick = { 0, 200L * 1000000L };
    sigset_t stop;
    int sig, rc;
    bool lock_made = false;

    memset(&o, 0, sizeof(o));
    memset(&s, 0, sizeof(s));
    buf_init(&err, 4096);
    rc = server_opts_parse(argc, argv, &o);
    if (rc) {
        rc = rc == 1 ? 0 : rc;
        goto out;
    }
    rc = SERVER_EXIT_USAGE;
    if (server_opts_listen(o.listen ? o.listen : "127.0.0.1:0", &sin)) {
        server_bad_usage("--listen wants ADDRESS:PORT, not \"%s\"",
                         o.listen);
        goto out;
    }
    if (!server_opts_loopback(&sin)) {
        server_bad_usage("--listen %s: only loopback addresses (127.x.x.x) "
                         "are allowed; the simulator is for tests and demos",
                         o.listen);
        goto out;
    }
    rc = 1;
    if (server_catalog(&cat, o.catalog, &err)) {
        fprintf(stderr, "%s: %s\n", SERVER_NAME, buf_str(&err));
        goto out;
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &cat;
    cfg.clock_offset = o.clock_offset;
    cfg.role_limit = o.role_limit;
    cfg.state_path = o.state;
    cfg.directory_members = o.directory;
    a = sim_account_new(&cfg, &err);
    if (!a) {
        fprintf(stderr, "%s: %s\n", SERVER_NAME, buf_str(&err));
        goto out;
    }
    rc = server_opts_apply(a, &o);
    if (rc)
        goto out;
    s.account = a;
    s.faults = o.faults;
    s.nfaults = o.nfaults;
    s.fault_file = o.fault_file;
    s.verbose = o.verbose;
    s.latency_ms = o.latency_ms;
    rc = 1;
    if (o.nrates &&
        !(s.rates = server_rates_new(o.rates, o.nrates,
                                     sim_account_members(a)))) {
        fprintf(stderr, "%s: out of memory\n", SERVER_NAME);
        goto out;
    }
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
    /* A directory's state file is written at most every 200 ms while
     * requests come; a quiet server writes what is left here. */
    while ((sig = sigtimedwait(&stop, NULL, &tick)) < 0) {
        if (sim_account_save(a))
            fprintf(stderr, "%s: cannot write the state file %s\n",
                    SERVER_NAME, o.state);
    }
    if (s.verbose)
        fprintf(stderr, "%s: at most %zu request(s) were in flight at "
                "once\n", SERVER_NAME,
                sim_account_count(a, SIM_COUNT_IN_FLIGHT_MAX));
    /* A connection asleep in a latency fault wakes up now, so the
     * daemon's threads can be joined at once. */
    server_stopping = 1;
    rc = 0;
out:
    if (d)
        MHD_stop_daemon(d);
    if (lock_made)
        pthread_mutex_destroy(&s.lock);
    sim_account_free(a);
    server_rates_free(s.rates);
    catalog_free(&cat);
    server_opts_free(&o);
    buf_free(&err);
    return rc;
}
