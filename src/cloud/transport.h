/* transport — one way to send an HTTP request and get the answer.
 *
 * The API layer builds and signs a request and hands it to a transport;
 * which transport it is (libcurl to the real cloud or to linkrole-sim, or
 * the simulated account in this process for --demo) is main.c's choice.
 * A transport reports *how* it failed precisely enough for the API layer
 * to know whether the request may have reached the server. */
#ifndef LINKROLE_TRANSPORT_H
#define LINKROLE_TRANSPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/kv.h"

/* Response bodies larger than this are refused. */
#define TRANSPORT_BODY_MAX (1u << 20)

struct http_request {
    const char *method;             /* "POST", "GET" or "PUT" */
    const char *url;                /* scheme://host[:port]/path[?query] */
    const struct kvlist *headers;   /* sent as given */
    const char *body;               /* NULL for none */
    size_t body_len;
    long connect_timeout_ms;        /* 0: the transport's default */
    long timeout_ms;                /* whole request; 0: default */
    /* Set (from a signal handler or another thread) to abandon the
     * request; NULL when it cannot be cancelled. */
    const volatile sig_atomic_t *cancel;
    /* Plain http:// is refused off loopback unless this is set: only the
     * ECS metadata service (100.100.100.200, HTTP by design) sets it. */
    bool plain_http_ok;
    /* Never through a proxy, whatever http_proxy, HTTPS_PROXY, ALL_PROXY
     * or NO_PROXY say: the ECS metadata service sets it (a proxy would
     * answer for another machine, or carry its token off this one).
     * Loopback hosts are always reached directly. */
    bool direct;
};

/* Room for a response header value the API layer reads. */
#define TRANSPORT_HEADER_MAX 32

struct http_response {
    long status;                    /* HTTP status, 0 when none came */
    struct buf body;                /* capped at TRANSPORT_BODY_MAX */
    /* The final answer's x-acs-retry-after header (the milliseconds a
     * throttled client should wait), trimmed, as received; "" when it
     * had none or an overlong one.  Every transport sets it on every
     * send, so callers need not. */
    char retry_after[TRANSPORT_HEADER_MAX];
};

enum transport_status {
    TRANSPORT_OK = 0,
    /* Nothing reached the server (resolve, connect refused): safe to
     * retry any request. */
    TRANSPORT_CONNECT,
    /* The request may have been processed: a timeout or a broken
     * connection after it was sent, a body cut short. */
    TRANSPORT_AMBIGUOUS,
    TRANSPORT_TLS,                  /* certificate or TLS failure */
    TRANSPORT_TOO_BIG,              /* body over TRANSPORT_BODY_MAX */
    TRANSPORT_BAD_URL,              /* not a URL a request can go to */
    TRANSPORT_INSECURE,             /* http:// off loopback, refused */
    TRANSPORT_CANCELLED,
    TRANSPORT_INTERNAL,
    /* The proxy the environment names could not be resolved or
     * reached, or refused the tunnel: nothing reached the server; err
     * holds the proxy, as scheme://host:port without a user or
     * password (and no blank), a space, then what the layer below
     * said. */
    TRANSPORT_PROXY,
    /* The library the transport sends with cannot be loaded (libcurl
     * missing, too old, or broken): nothing was sent, and nothing will
     * be in this process.  err names the library and says why. */
    TRANSPORT_UNAVAILABLE
};

struct transport;

struct transport_ops {
    /* Sends req; fills resp (whose body the caller has buf_init'ed) and
     * returns a transport_status.  On failure err receives what the
     * layer below said (libcurl's own words, about the host only, never
     * a header), or nothing: the status is what counts, and app/ words
     * it (explain_transport). */
    int (*send)(struct transport *t, const struct http_request *req,
                struct http_response *resp, struct buf *err);
    void (*destroy)(struct transport *t);
};

struct transport {
    const struct transport_ops *ops;
    void *ctx;
};

static inline int transport_send(struct transport *t,
                                 const struct http_request *req,
                                 struct http_response *resp, struct buf *err)
{
    return t->ops->send(t, req, resp, err);
}

static inline void transport_destroy(struct transport *t)
{
    if (t && t->ops->destroy)
        t->ops->destroy(t);
}

/* A short name for a status, for logs: "ok", "connect", ... */
const char *transport_status_name(int status);

#endif
