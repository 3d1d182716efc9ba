/* http — see http.h. */
#include "config.h"

#include "cloud/http.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/thread.h"
#include "core/url.h"

/* The oldest libcurl whose options this file sets (configure's check of
 * the headers asks the same): 7.66.0. */
#define HTTP_LIBCURL_MIN 0x074200

/* The libcurl functions this file calls, resolved from the library at
 * the first request.  curl.h's own names are macros with type checks
 * under GCC; these are called through the table, so every option value
 * below is given its exact type (long, curl_off_t, a pointer). */
#define HTTP_CURL_FUNCTIONS(X)                                              \
    X(CURLcode, global_init, (long))                                        \
    X(void, global_cleanup, (void))                                         \
    X(curl_version_info_data *, version_info, (CURLversion))                \
    X(CURL *, easy_init, (void))                                            \
    X(void, easy_cleanup, (CURL *))                                         \
    X(void, easy_reset, (CURL *))                                           \
    X(CURLcode, easy_setopt, (CURL *, CURLoption, ...))                     \
    X(CURLcode, easy_getinfo, (CURL *, CURLINFO, ...))                      \
    X(CURLcode, easy_perform, (CURL *))                                     \
    X(const char *, easy_strerror, (CURLcode))                              \
    X(struct curl_slist *, slist_append, (struct curl_slist *, const char *)) \
    X(void, slist_free_all, (struct curl_slist *))

#define HTTP_CURL_FIELD(ret, name, args) ret(*name) args;
struct curl_api {
    HTTP_CURL_FUNCTIONS(HTTP_CURL_FIELD)
};
#undef HTTP_CURL_FIELD

#define HTTP_CURL_SYMBOL(ret, name, args) \
    { "curl_" #name, offsetof(struct curl_api, name) },
static const struct {
    const char *symbol;
    size_t offset;
} curl_symbols[] = { HTTP_CURL_FUNCTIONS(HTTP_CURL_SYMBOL) };
#undef HTTP_CURL_SYMBOL

/* Loaded once per process, by the first thread that sends; then read
 * only.  The library stays mapped for the process's life (never
 * dlclose'd: a transport may be in use in another thread until exit). */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static struct curl_api curl;
static atomic_bool curl_ready;
static char curl_why[512];  /* why not, when !curl_ready */

/* The tests' choice of library; never in a process that the dynamic
 * loader itself treats as privileged (it ignores LD_LIBRARY_PATH there
 * too). */
static const char *libcurl_override(void)
{
#ifdef HAVE_SECURE_GETENV
    return secure_getenv("LINKROLE_LIBCURL");
#else
    return getenv("LINKROLE_LIBCURL");
#endif
}

static void curl_load(void)
{
    const char *name = libcurl_override();
    curl_version_info_data *v;
    void *lib;
    const char *e;

    if (!name || !*name)
        name = LINKROLE_LIBCURL_SONAME;
    /* Bound lazily, as a linked library is: binding the whole tree up
     * front costs a request about 5% (doc/performance.md). */
    lib = dlopen(name, RTLD_LAZY | RTLD_LOCAL);
    if (!lib) {
        e = dlerror();
        snprintf(curl_why, sizeof(curl_why), "%s", e ? e : name);
        return;
    }
    for (size_t i = 0; i < sizeof(curl_symbols) / sizeof(curl_symbols[0]);
         i++) {
        void *sym = dlsym(lib, curl_symbols[i].symbol);

        if (!sym) {
            snprintf(curl_why, sizeof(curl_why), "%s: no %s", name,
                     curl_symbols[i].symbol);
            goto unusable;
        }
        /* POSIX: a function's address fits in a void *. */
        memcpy((char *)&curl + curl_symbols[i].offset, &sym, sizeof(sym));
    }
    v = curl.version_info(CURLVERSION_NOW);
    if (!v || v->version_num < HTTP_LIBCURL_MIN) {
        snprintf(curl_why, sizeof(curl_why),
                 "%s: version %s, 7.66.0 or later needed", name,
                 v && v->version ? v->version : "?");
        goto unusable;
    }
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        /* Left loaded: what it set up before failing is its own. */
        snprintf(curl_why, sizeof(curl_why), "%s: curl_global_init failed",
                 name);
        return;
    }
    atomic_store(&curl_ready, true);
    return;
unusable:
    /* Nothing of it was called but the version: safe to unload. */
    dlclose(lib);
}

/* Loads libcurl if no thread has yet; false (with err saying why) when
 * it cannot be. */
static bool curl_loaded(struct buf *err)
{
    if (pthread_once(&curl_once, curl_load) != 0) {
        buf_adds(err, "pthread_once failed");
        return false;
    }
    if (!atomic_load(&curl_ready)) {
        buf_adds(err, curl_why);
        return false;
    }
    return true;
}

bool http_loaded(void)
{
    return atomic_load(&curl_ready);
}

static atomic_bool preload_started;
static pthread_t preload_thread;
static bool preload_running;    /* made, and not yet joined */

static void *preload_main(void *arg)
{
    (void)arg;
    (void)pthread_once(&curl_once, curl_load);
    return NULL;
}

void http_preload(void)
{
    if (atomic_exchange(&preload_started, true))
        return;
    /* Failing, the first send loads the library as it always did. */
    preload_running = thread_start(&preload_thread, preload_main, NULL,
                                   false) == 0;
}

void http_global_cleanup(void)
{
    /* The loading thread is joined, not only waited for: exit's
     * handlers (OpenSSL's among them) must not run beside it, and what
     * OpenSSL keeps per thread is freed as the thread ends, before
     * them. */
    if (preload_running) {
        (void)pthread_join(preload_thread, NULL);
        preload_running = false;
    }
    if (http_loaded())
        curl.global_cleanup();
}

struct http_ctx {
    CURL *easy;             /* made at the first send, then kept, so
                             * connections are reused */
    long connect_timeout_ms;
    long timeout_ms;
};

/* What the callbacks of one transfer share. */
struct transfer {
    struct http_response *resp;
    const volatile sig_atomic_t *cancel;
    bool too_big;
};

int http_is_loopback(const char *host)
{
    struct in_addr v4;
    struct in6_addr v6;

    if (strcasecmp(host, "localhost") == 0)
        return 1;
    if (inet_pton(AF_INET, host, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, host, &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6);
    return 0;
}

/* The environment's proxy for a URL of this scheme, read as libcurl
 * reads it: http_proxy (lower case only, as libcurl does) for http://,
 * https_proxy else HTTPS_PROXY for https://, else all_proxy, else
 * ALL_PROXY; an empty variable counts as unset, as in libcurl.  NULL
 * when there is no proxy. */
static const char *env_proxy(const char *scheme)
{
    static const char *const for_http[] = { "http_proxy", "all_proxy",
                                            "ALL_PROXY", NULL };
    static const char *const for_https[] = { "https_proxy", "HTTPS_PROXY",
                                             "all_proxy", "ALL_PROXY",
                                             NULL };
    const char *const *names = strcmp(scheme, "https") == 0 ? for_https
                                                             : for_http;
    const char *v;

    for (; *names; names++)
        if ((v = getenv(*names)) != NULL && *v)
            return v;
    return NULL;
}

/* Whether one NO_PROXY entry (len bytes at e) covers host: the host
 * itself, a domain the host is in (a leading dot is optional), or for an
 * IPv4 host an address or a CIDR block.  As libcurl matches. */
static bool noproxy_entry(const char *e, size_t len, const char *host)
{
    char entry[256];
    char *slash;
    struct in_addr h, net;
    size_t hlen = strlen(host);

    while (len && *e == '.') {
        e++;
        len--;
    }
    if (len == 0 || len >= sizeof(entry))
        return false;
    memcpy(entry, e, len);
    entry[len] = '\0';
    if (inet_pton(AF_INET, host, &h) == 1) {
        unsigned long bits = 32;

        if ((slash = strchr(entry, '/')) != NULL) {
            char *end;

            *slash = '\0';
            bits = strtoul(slash + 1, &end, 10);
            if (*end || bits > 32)
                return false;
        }
        if (inet_pton(AF_INET, entry, &net) != 1)
            return false;
        if (bits == 0)
            return true;
        return ((ntohl(h.s_addr) ^ ntohl(net.s_addr)) >>
                (32 - bits)) == 0;
    }
    if (hlen == len)
        return strcasecmp(host, entry) == 0;
    return hlen > len && host[hlen - len - 1] == '.' &&
           strcasecmp(host + hlen - len, entry) == 0;
}

static bool env_noproxy(const char *host)
{
    const char *list = getenv("no_proxy");

    /* As libcurl: an empty no_proxy counts as unset. */
    if (!list || !*list)
        list = getenv("NO_PROXY");
    /* "*" alone covers every host; within a list it is no entry. */
    if (list && strcmp(list, "*") == 0)
        return true;
    while (list && *list) {
        size_t n;

        list += strspn(list, ", \t");
        n = strcspn(list, ", \t");
        if (n && noproxy_entry(list, n, host))
            return true;
        list += n;
    }
    return false;
}

/* A proxy URL as it may be shown: scheme://host[:port], without the
 * user and password it may carry, nor a path, nor a blank (a blank
 * ends it in TRANSPORT_PROXY's err). */
static void proxy_shown(char *dst, size_t size, const char *proxy)
{
    const char *sep = strstr(proxy, "://");
    const char *auth = sep ? sep + 3 : proxy;
    size_t alen = strcspn(auth, "/?# \t");
    const char *at = NULL;

    for (const char *p = auth; p < auth + alen; p++)
        if (*p == '@')
            at = p;
    if (at) {
        alen -= (size_t)(at + 1 - auth);
        auth = at + 1;
    }
    snprintf(dst, size, "%.*s://%.*s", sep ? (int)(sep - proxy) : 4,
             sep ? proxy : "http", (int)alen, auth);
}

void http_route(const struct http_request *req, const char *scheme,
                const char *host, struct http_route *out)
{
    const char *proxy;

    memset(out, 0, sizeof(*out));
    /* Loopback is this machine: a proxy (http_proxy, ALL_PROXY, whatever
     * NO_PROXY says) would carry the signed request, plain http:// and
     * its token included, off it.  The metadata service is the
     * instance's own: through a proxy it would answer for another
     * machine, or not at all. */
    out->direct = req->direct || http_is_loopback(host);
    if (out->direct)
        return;
    proxy = env_proxy(scheme);
    if (proxy && !env_noproxy(host))
        proxy_shown(out->proxy, sizeof(out->proxy), proxy);
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    struct transfer *t = arg;

    if (buf_add(&t->resp->body, data, size * n) != BUF_OK) {
        t->too_big = true;
        return 0;
    }
    return size * n;
}

/* Keeps the response headers the API layer reads.  Header lines arrive
 * one at a time, with their line break, for every response of the
 * transfer (a proxy's answer to CONNECT, a 100 Continue): each status
 * line starts over, so what is kept is the final answer's. */
static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    static const char name[] = "x-acs-retry-after:";
    struct transfer *t = arg;
    size_t len = size * n, skip = sizeof(name) - 1;
    char *dst = t->resp->retry_after;

    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        dst[0] = '\0';
        return len;
    }
    if (len <= skip || strncasecmp(data, name, skip) != 0)
        return len;
    while (skip < len && (data[skip] == ' ' || data[skip] == '\t'))
        skip++;
    while (len > skip && (data[len - 1] == '\r' || data[len - 1] == '\n' ||
                          data[len - 1] == ' ' || data[len - 1] == '\t'))
        len--;
    /* A value too long to be a number of milliseconds is not kept at
     * all: cut short, it would be another number. */
    if (len - skip >= TRANSPORT_HEADER_MAX) {
        dst[0] = '\0';
        return size * n;
    }
    memcpy(dst, data + skip, len - skip);
    dst[len - skip] = '\0';
    return size * n;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
                       curl_off_t ultotal, curl_off_t ulnow)
{
    const struct transfer *t = arg;

    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    return t->cancel && *t->cancel ? 1 : 0;
}

/* Whether anything of the request can have reached the server, and so
 * whether it is safe to send again.  Once the request went out, a failure
 * is the answer's: libcurl's words for a reply that is not HTTP (no status
 * line is HTTP/0.9, refused as an unsupported protocol; a garbled one is a
 * weird reply), for a header line too long to keep (out of memory, in
 * some versions) or for anything else it met reading it all mean the
 * server's answer was unusable -- a network failure, never "nothing was
 * sent" nor "out of memory" of ours. */
int http_classify(int code, bool sent, bool too_big)
{
    switch ((CURLcode)code) {
    case CURLE_OK:
        return TRANSPORT_OK;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        return TRANSPORT_CONNECT;
    case CURLE_OPERATION_TIMEDOUT:
        /* Before the request went out (connect or TLS set-up), a timeout
         * is as safe to retry as a refused connection. */
        return sent ? TRANSPORT_AMBIGUOUS : TRANSPORT_CONNECT;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
        return TRANSPORT_AMBIGUOUS;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
        return TRANSPORT_TLS;
    case CURLE_WRITE_ERROR:
        if (too_big)
            return TRANSPORT_TOO_BIG;
        break;
    case CURLE_ABORTED_BY_CALLBACK:
        return TRANSPORT_CANCELLED;
    case CURLE_URL_MALFORMAT:
        return TRANSPORT_BAD_URL;
    case CURLE_UNSUPPORTED_PROTOCOL:
        /* http_send lets only http:// and https:// URLs through, so once
         * the request is out this is the reply (HTTP/0.9: no status
         * line). */
        return sent ? TRANSPORT_AMBIGUOUS : TRANSPORT_BAD_URL;
    default:
        break;
    }
    return sent ? TRANSPORT_AMBIGUOUS : TRANSPORT_INTERNAL;
}

/* Whether the request was (at least partly) sent: libcurl had a
 * connection ready for it, or counted bytes of it. */
static bool request_sent(CURL *easy)
{
    curl_off_t pretransfer = 0;
    long request_size = 0;

    curl.easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
    curl.easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_size);
    return pretransfer > 0 || request_size > 0;
}

static int http_send(struct transport *tr, const struct http_request *req,
                     struct http_response *resp, struct buf *err)
{
    struct http_ctx *ctx = tr->ctx;
    CURL *easy;
    struct curl_slist *headers = NULL, *more;
    struct transfer t = { resp, req->cancel, false };
    char errbuf[CURL_ERROR_SIZE] = "";
    struct buf line;
    struct url u;
    struct http_route route;
    CURLcode rc;
    int status = TRANSPORT_INTERNAL;

    buf_init(&line, 1u << 16);
    resp->status = 0;
    resp->retry_after[0] = '\0';
    if (url_parse(&u, req->url, NULL)) {
        status = TRANSPORT_BAD_URL;
        goto out;
    }
    if (strcmp(u.scheme, "http") != 0 && strcmp(u.scheme, "https") != 0) {
        status = TRANSPORT_BAD_URL;
        goto out;
    }
    if (strcmp(u.scheme, "http") == 0 && !req->plain_http_ok &&
        !http_is_loopback(u.host)) {
        status = TRANSPORT_INSECURE;
        goto out;
    }
    if (!curl_loaded(err)) {
        status = TRANSPORT_UNAVAILABLE;
        goto out;
    }
    if (!ctx->easy && !(ctx->easy = curl.easy_init()))
        goto nomem;
    easy = ctx->easy;
    http_route(req, u.scheme, u.host, &route);
    for (size_t i = 0; req->headers && i < req->headers->count; i++) {
        buf_reset(&line);
        if (buf_printf(&line, "%s: %s", req->headers->items[i].key,
                       req->headers->items[i].value) != BUF_OK)
            goto nomem;
        more = curl.slist_append(headers, buf_str(&line));
        if (!more)
            goto nomem;
        headers = more;
    }
    /* No "Expect: 100-continue" round trip, and no content type libcurl
     * would invent for an empty POST (it is not signed). */
    more = curl.slist_append(headers, "Expect:");
    if (!more)
        goto nomem;
    headers = more;
    if (!req->body || req->body_len == 0) {
        more = curl.slist_append(headers, "Content-Type:");
        if (!more)
            goto nomem;
        headers = more;
    }

    curl.easy_reset(easy);
    curl.easy_setopt(easy, CURLOPT_URL, req->url);
    /* With headers of 7.85 or later and an older library at run time,
     * the option is refused and ignored: the scheme was checked above,
     * and redirects are never followed. */
#if LIBCURL_VERSION_NUM >= 0x075500
    curl.easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl.easy_setopt(easy, CURLOPT_PROTOCOLS,
                     (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
    curl.easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl.easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    /* The CAs to trust, where OpenSSL and Go (so the aliyun CLI) look:
     * behind a proxy that inspects TLS, its CA is added this way.
     * libcurl itself reads neither variable. */
    if (getenv("SSL_CERT_FILE") && *getenv("SSL_CERT_FILE"))
        curl.easy_setopt(easy, CURLOPT_CAINFO, getenv("SSL_CERT_FILE"));
    if (getenv("SSL_CERT_DIR") && *getenv("SSL_CERT_DIR"))
        curl.easy_setopt(easy, CURLOPT_CAPATH, getenv("SSL_CERT_DIR"));
    curl.easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(easy, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
    curl.easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    /* Otherwise libcurl reads the proxy from the environment itself.
     * "" turns the environment's proxy off, and "*" its NO_PROXY
     * matching, so nothing of the environment applies. */
    if (route.direct) {
        curl.easy_setopt(easy, CURLOPT_PROXY, "");
        curl.easy_setopt(easy, CURLOPT_NOPROXY, "*");
    }
    curl.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     req->connect_timeout_ms ? req->connect_timeout_ms
                                             : ctx->connect_timeout_ms);
    curl.easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                     req->timeout_ms ? req->timeout_ms : ctx->timeout_ms);
    curl.easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(easy, CURLOPT_WRITEDATA, &t);
    curl.easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(easy, CURLOPT_HEADERDATA, &t);
    curl.easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
    curl.easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl.easy_setopt(easy, CURLOPT_XFERINFODATA, &t);
    if (strcmp(req->method, "POST") == 0) {
        curl.easy_setopt(easy, CURLOPT_POST, 1L);
        curl.easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)(req->body ? req->body_len : 0));
        curl.easy_setopt(easy, CURLOPT_POSTFIELDS,
                         req->body ? req->body : "");
    } else if (strcmp(req->method, "GET") == 0) {
        curl.easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(req->method, "PUT") == 0) {
        /* A PUT with an in-memory body: POSTFIELDS, relabelled. */
        curl.easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         (curl_off_t)(req->body ? req->body_len : 0));
        curl.easy_setopt(easy, CURLOPT_POSTFIELDS,
                         req->body ? req->body : "");
        curl.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "PUT");
    } else {
        goto out;
    }

    rc = curl.easy_perform(easy);
    curl.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &resp->status);
    status = http_classify((int)rc, request_sent(easy), t.too_big);
    if (route.proxy[0] && rc != CURLE_OK) {
        long tunnel = 0;

        curl.easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &tunnel);
        /* Through a proxy, the only connection libcurl makes is to the
         * proxy; and a tunnel it refused carried nothing to the API.
         * Say which proxy, as the person set it (less any password),
         * then libcurl's words. */
        if (rc == CURLE_COULDNT_RESOLVE_PROXY ||
            rc == CURLE_COULDNT_CONNECT || (tunnel && tunnel != 200)) {
            buf_printf(err, "%s %s", route.proxy,
                       errbuf[0] ? errbuf : curl.easy_strerror(rc));
            status = TRANSPORT_PROXY;
            goto out;
        }
    }
    if (status != TRANSPORT_OK && status != TRANSPORT_TOO_BIG &&
        status != TRANSPORT_CANCELLED)
        /* curl's own words, about the host only: the URL's query may
         * carry a security token. */
        buf_adds(err, errbuf[0] ? errbuf : curl.easy_strerror(rc));
    goto out;
nomem:
    status = TRANSPORT_INTERNAL;
out:
    if (headers)
        curl.slist_free_all(headers);
    buf_wipe(&line);
    return status;
}

static void http_destroy(struct transport *tr)
{
    struct http_ctx *ctx = tr->ctx;

    if (ctx->easy)
        curl.easy_cleanup(ctx->easy);
    free(ctx);
    free(tr);
}

static const struct transport_ops http_ops = { http_send, http_destroy };

struct transport *http_transport_new(long connect_timeout_ms,
                                     long timeout_ms)
{
    struct transport *tr = calloc(1, sizeof(*tr));
    struct http_ctx *ctx = calloc(1, sizeof(*ctx));

    /* libcurl is loaded, and the handle made, at the first send. */
    if (!tr || !ctx)
        goto fail;
    ctx->connect_timeout_ms = connect_timeout_ms ? connect_timeout_ms
                                                 : HTTP_CONNECT_TIMEOUT_MS;
    ctx->timeout_ms = timeout_ms ? timeout_ms : HTTP_TIMEOUT_MS;
    tr->ops = &http_ops;
    tr->ctx = ctx;
    return tr;
fail:
    free(ctx);
    free(tr);
    return NULL;
}
