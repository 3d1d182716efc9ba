/* http — the libcurl transport: HTTPS to Alibaba Cloud (or plain HTTP to
 * a loopback address, for linkrole-sim).
 *
 * Certificate and host verification are always on; libcurl prints
 * nothing; responses are capped at TRANSPORT_BODY_MAX; proxies come from
 * the usual environment variables (https_proxy, no_proxy, ...), except
 * for loopback hosts and requests marked direct (the metadata service),
 * which are always reached directly.  The only
 * file that includes curl.h, and the only one that calls libcurl. */
#ifndef LINKROLE_HTTP_H
#define LINKROLE_HTTP_H

#include <stdbool.h>

#include "cloud/transport.h"

#define HTTP_CONNECT_TIMEOUT_MS 10000L
#define HTTP_TIMEOUT_MS 30000L

/* libcurl is not linked: it is loaded (dlopen) at the first request a
 * transport of this file sends, once per process whichever thread sends
 * first, so a command that sends nothing never maps it nor its
 * dependencies (doc/performance.md, "Start-up: libcurl").  The library
 * is LINKROLE_LIBCURL_SONAME ("libcurl.so.4", from configure), or the
 * file the environment variable LINKROLE_LIBCURL names (for the tests).
 * When it cannot be loaded, every send returns TRANSPORT_UNAVAILABLE
 * with err naming the library and what the loader said. */

/* Whether libcurl has been loaded and initialised in this process. */
bool http_loaded(void);
/* Starts loading libcurl on a thread of its own (every signal blocked;
 * http_global_cleanup joins it), for a command about to send: its
 * dynamic loading and initialisation, the larger part of a request's
 * cost on a fast network (doc/performance.md), then overlap with what
 * the command does before sending (the catalogue, credentials, the
 * journal's fsync), and the first send finds it loaded, or waits for
 * it.  A second call does nothing. */
void http_preload(void);
/* curl_global_cleanup, if libcurl was loaded: at exit, once no
 * transport is in use; the preload's thread is joined first.  Called
 * by the thread that started the preload, or after it has ended. */
void http_global_cleanup(void);

/* A transport with these default timeouts (0: the defaults above).
 * Returns NULL when out of memory. */
struct transport *http_transport_new(long connect_timeout_ms,
                                     long timeout_ms);

/* What a finished libcurl transfer's code (a CURLcode) means, as a
 * transport_status; sent: whether the request went out; too_big: whether
 * our body callback refused the answer as too large.  Exposed for the
 * tests. */
int http_classify(int code, bool sent, bool too_big);

/* True for hosts that may be spoken to over plain HTTP: 127.0.0.0/8,
 * ::1 and "localhost". */
int http_is_loopback(const char *host);

/* How a request goes: directly (req->direct, or a loopback host), or
 * through the proxy the environment names for it (shown without user or
 * password; "" when none applies, NO_PROXY included).  Exposed for the
 * tests: http_send sets libcurl's options from it. */
struct http_route {
    bool direct;
    char proxy[256];
};
void http_route(const struct http_request *req, const char *scheme,
                const char *host, struct http_route *out);

#endif
