/* inproc — the transport --demo plugs in: the simulated account in this
 * process, reached through the same request the HTTP transport would send.
 *
 * The URL is taken apart as a server would (query split on "&" and "=",
 * percent-decoded by the same rules as linkrole-sim), so a request that
 * passes here passes over HTTP too.  The delay comes before the account
 * sees the request: a cancelled request was never processed. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/url.h"
#include "sim/sim.h"
#include "sim/verify.h"

/* Room for what the account answers before the transport's own cap. */
#define INPROC_ANSWER_MAX (4u << 20)

struct inproc {
    struct transport base;
    struct sim_account *account;
    long delay_ms;
};

/* The parts of an http(s) URL a server sees: the authority (for Host),
 * the path and the query.  Returns 0, or -1 for any other URL. */
static int inproc_url(const char *url, struct url_parts *u)
{
    url_split(url, u);
    if (!u->scheme.p ||
        !((u->scheme.len == 4 && strncasecmp(url, "http", 4) == 0) ||
          (u->scheme.len == 5 && strncasecmp(url, "https", 5) == 0)) ||
        u->authority.len == 0)
        return -1;
    return 0;
}

static int inproc_send(struct transport *t, const struct http_request *req,
                       struct http_response *resp, struct buf *err)
{
    struct inproc *ip = t->ctx;
    struct kvlist query, headers;
    struct sim_response answer;
    struct sim_request sreq;
    struct url_parts u;
    char *path = NULL;
    bool timed_out;
    long wait_ms;
    int rc = TRANSPORT_INTERNAL;

    /* In flight from here, the delay included, as over the wire. */
    sim_account_flight(ip->account, true);
    kvlist_init(&query);
    kvlist_init(&headers);
    buf_init(&answer.body, INPROC_ANSWER_MAX);
    answer.status = 0;
    resp->status = 0;
    /* The simulated account never asks a client to wait: only
     * linkrole-sim's retry-after fault does, over HTTP. */
    resp->retry_after[0] = '\0';
    if (!req->url || !req->method || inproc_url(req->url, &u)) {
        buf_printf(err, "not an http(s) URL");
        rc = TRANSPORT_BAD_URL;
        goto out;
    }
    /* A delay longer than the timeout is a timeout, as over the wire. */
    timed_out = req->timeout_ms > 0 && ip->delay_ms >= req->timeout_ms;
    wait_ms = timed_out ? req->timeout_ms : ip->delay_ms;
    if (clock_sleep_ms(wait_ms, req->cancel)) {
        buf_printf(err, "cancelled");
        rc = TRANSPORT_CANCELLED;
        goto out;
    }
    if (timed_out) {
        buf_printf(err, "timed out after %ld ms", req->timeout_ms);
        rc = TRANSPORT_AMBIGUOUS;
        goto out;
    }
    path = u.path.len ? strndup(u.path.p, u.path.len) : strdup("/");
    if (!path || verify_split_params(&query, u.query.p ? u.query.p : "",
                                     u.query.len)) {
        buf_printf(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; req->headers && i < req->headers->count; i++)
        if (kvlist_add(&headers, req->headers->items[i].key,
                       req->headers->items[i].value)) {
            buf_printf(err, "out of memory");
            goto out;
        }
    /* libcurl adds Host when the caller did not; so does this. */
    if (!kvlist_get_case(&headers, "Host") &&
        kvlist_addn(&headers, "Host", 4, u.authority.p, u.authority.len)) {
        buf_printf(err, "out of memory");
        goto out;
    }
    sreq.method = req->method;
    sreq.path = path;
    sreq.query = &query;
    sreq.headers = &headers;
    sreq.body = req->body ? req->body : "";
    sreq.body_len = req->body ? req->body_len : 0;
    sim_handle(ip->account, &sreq, &answer);
    resp->status = answer.status;
    if (buf_len(&answer.body) > TRANSPORT_BODY_MAX) {
        buf_printf(err, "response body larger than %u bytes",
                   TRANSPORT_BODY_MAX);
        rc = TRANSPORT_TOO_BIG;
        goto out;
    }
    buf_reset(&resp->body);
    switch (buf_add(&resp->body, buf_str(&answer.body),
                    buf_len(&answer.body))) {
    case BUF_OK:
        rc = TRANSPORT_OK;
        break;
    case BUF_TOOBIG:
        buf_printf(err, "response body larger than the buffer allows");
        rc = TRANSPORT_TOO_BIG;
        break;
    default:
        buf_printf(err, "out of memory");
        break;
    }
out:
    free(path);
    kvlist_free(&query);
    kvlist_free(&headers);
    buf_wipe(&answer.body);
    sim_account_flight(ip->account, false);
    return rc;
}

static void inproc_destroy(struct transport *t)
{
    free(t->ctx);
}

static const struct transport_ops inproc_ops = {
    .send = inproc_send,
    .destroy = inproc_destroy,
};

struct transport *sim_transport_new(struct sim_account *a, long delay_ms)
{
    struct inproc *ip;

    if (!a)
        return NULL;
    ip = calloc(1, sizeof(*ip));
    if (!ip)
        return NULL;
    ip->account = a;
    ip->delay_ms = delay_ms > 0 ? delay_ms : 0;
    ip->base.ops = &inproc_ops;
    ip->base.ctx = ip;
    return &ip->base;
}
