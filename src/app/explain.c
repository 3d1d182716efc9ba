/* explain — see explain.h. */
#include "config.h"

#include "app/explain.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "app/exit.h"
#include "app/hints.h"
#include "app/i18n.h"
#include "app/scrub.h"
#include "cloud/errors.h"
#include "cloud/sign.h"
#include "cloud/transport.h"
#include "core/json.h"

#define EXPLAIN_MAX (1u << 16)

int exit_code_of(const struct api_error *e)
{
    switch (e->kind) {
    case API_ERR_NONE:
    case API_ERR_DRY_RUN:
        return EXIT_DONE;
    case API_ERR_CLOUD:
        switch (errors_classify(e->code)) {
        case ERRORS_CREDENTIALS:
            return EXIT_CREDENTIALS;
        case ERRORS_RETRYABLE:
            /* Still throttled or failing after every retry: not a no,
             * a "later" (a reused nonce is ours to cure, not busy). */
            return strcmp(e->code, "SignatureNonceUsed") == 0
                       ? EXIT_REFUSED : EXIT_BUSY;
        default:
            return EXIT_REFUSED;
        }
    case API_ERR_NETWORK:
    case API_ERR_AMBIGUOUS:
    case API_ERR_RESPONSE:
        return EXIT_NETWORK;
    case API_ERR_CREDENTIALS:
        return EXIT_CREDENTIALS;
    case API_ERR_USAGE:
        return EXIT_USAGE;
    case API_ERR_CANCELLED:
        return EXIT_REFUSED;
    case API_ERR_INTERNAL:
        break;
    }
    return EXIT_INTERNAL;
}

const char *explain_url(enum url_problem p)
{
    switch (p) {
    case URL_OK:
        return "";
    case URL_SCHEME:
        return _("only http:// and https:// are supported");
    case URL_NO_HOST:
        return _("no host");
    case URL_HOST_LONG:
        return _("host too long");
    case URL_USERINFO:
        return _("user names in URLs are not supported");
    case URL_BRACKET:
        return _("unclosed [ in the host");
    case URL_AFTER_BRACKET:
        return _("junk after ]");
    case URL_HOST_CHAR:
        return _("bad character in the host");
    case URL_PORT_EMPTY:
        return _("empty port");
    case URL_PORT:
        return _("bad port");
    case URL_PORT_RANGE:
        return _("port out of range");
    case URL_PATH:
        return _("no path allowed");
    }
    return _("not a URL");
}

void explain_file_read(struct buf *err, const char *path,
                       enum file_status st, int errnum, size_t max)
{
    switch (st) {
    case FILE_NOT_REGULAR:
        if (errnum == ELOOP)
            buf_printf(err, _("%s: a symbolic link, which linkrole does not "
                              "follow (put the file itself there)"), path);
        else
            buf_printf(err, _("%s: not a regular file (a directory, FIFO "
                              "or device)"), path);
        break;
    case FILE_TOO_BIG:
        if (max % (1u << 20) == 0)
            buf_printf(err, _("%s: larger than %zu MiB"), path, max >> 20);
        else
            buf_printf(err, _("%s: larger than %zu bytes"), path, max);
        break;
    case FILE_NOMEM:
        buf_printf(err, _("out of memory"));
        break;
    case FILE_ABSENT:
        buf_printf(err, _("%s: cannot open: %s"), path, strerror(ENOENT));
        break;
    default:
        buf_printf(err, _("%s: cannot read it: %s"), path,
                   strerror(errnum ? errnum : EIO));
        break;
    }
}

int explain_transport(struct buf *out, int status, const char *host,
                      const char *detail)
{
    const char *d = detail && *detail ? detail : _("no answer");
    int rc;

    switch (status) {
    case TRANSPORT_TOO_BIG:
        return host && *host
                   ? buf_printf(out, _("the answer from %s is larger than "
                                       "%u KiB"), host,
                                TRANSPORT_BODY_MAX >> 10)
                   : buf_printf(out, _("the answer is larger than %u KiB"),
                                TRANSPORT_BODY_MAX >> 10);
    case TRANSPORT_INSECURE:
        return buf_printf(out, _("refusing plain http:// to %s: only "
                                 "loopback addresses may be reached "
                                 "without TLS"), host && *host ? host : "?");
    case TRANSPORT_BAD_URL:
        return buf_adds(out, _("not a URL a request can be sent to"));
    case TRANSPORT_CANCELLED:
        return buf_adds(out, _("cancelled"));
    case TRANSPORT_PROXY: {
        /* detail: the proxy (no password, no blank: cloud/http.c), a
         * space, then libcurl's words. */
        const char *sp = strchr(d, ' ');
        int plen = sp ? (int)(sp - d) : (int)strlen(d);
        const char *why = sp ? sp + 1 : _("no answer");

        return host && *host
                   ? buf_printf(out, _("cannot go through the proxy %.*s "
                                       "(from https_proxy, http_proxy or "
                                       "ALL_PROXY) to %s: %s"),
                                plen, d, host, why)
                   : buf_printf(out, _("cannot go through the proxy %.*s "
                                       "(from https_proxy, http_proxy or "
                                       "ALL_PROXY): %s"), plen, d, why);
    }
    case TRANSPORT_INTERNAL:
        return buf_adds(out, _("internal error (out of memory?)"));
    case TRANSPORT_UNAVAILABLE:
        /* detail: the library's file and the loader's words. */
        return buf_printf(out, _("cannot load libcurl, which linkrole "
                                 "sends its requests with: %s (on Debian "
                                 "and Ubuntu it is in the package "
                                 "libcurl4)"), d);
    default:
        break;
    }
    switch (status) {
    case TRANSPORT_CONNECT:
        rc = host && *host ? buf_printf(out, _("cannot connect to %s: %s"),
                                        host, d)
                           : buf_printf(out, _("cannot connect: %s"), d);
        break;
    case TRANSPORT_AMBIGUOUS:
        rc = host && *host ? buf_printf(out, _("no complete answer from %s: "
                                               "%s"), host, d)
                           : buf_printf(out, _("no complete answer: %s"), d);
        break;
    case TRANSPORT_TLS:
        rc = host && *host ? buf_printf(out, _("TLS with %s failed: %s"),
                                        host, d)
                           : buf_printf(out, _("TLS failed: %s"), d);
        if (rc == BUF_OK)
            rc = buf_adds(out, _(" (linkrole always verifies the "
                                 "certificate: check the CA certificates, "
                                 "or whether a proxy intercepts TLS)"));
        break;
    default:
        rc = buf_printf(out, _("the request failed: %s"), d);
        break;
    }
    return rc;
}

static const char *explain_retry(const struct api_note *n)
{
    switch (n->retry) {
    case API_RETRY_CODE:
        return n->code && *n->code ? n->code : _("server error");
    case API_RETRY_SERVER_ERROR:
        return _("server error");
    case API_RETRY_CONNECT:
        return _("no connection");
    case API_RETRY_INCOMPLETE:
        return _("no complete answer");
    }
    return "?";
}

int explain_note(struct buf *out, const struct api_note *n)
{
    bool rid = n->request_id && *n->request_id;

    switch (n->kind) {
    case API_NOTE_ATTEMPT:
        return buf_printf(out, _("%s %s (attempt %d of %d)"), n->action,
                          n->host, n->attempt, n->attempts);
    case API_NOTE_REFUSED:
        return rid ? buf_printf(out, _("%s: HTTP %ld %s RequestId %s"),
                                n->action, n->http_status, n->code,
                                n->request_id)
                   : buf_printf(out, _("%s: HTTP %ld %s"), n->action,
                                n->http_status, n->code);
    case API_NOTE_OK:
        return rid ? buf_printf(out, _("%s: HTTP %ld ok RequestId %s"),
                                n->action, n->http_status, n->request_id)
                   : buf_printf(out, _("%s: HTTP %ld ok"), n->action,
                                n->http_status);
    case API_NOTE_NO_ANSWER: {
        int rc = buf_printf(out, "%s: ", n->action);

        return rc == BUF_OK ? explain_transport(out, n->transport, NULL,
                                                n->detail)
                            : rc;
    }
    case API_NOTE_RETRY:
        return n->asked
                   ? buf_printf(out, _("%s: retrying in %u ms (%s; the "
                                       "wait x-acs-retry-after asked "
                                       "for)"), n->action, n->wait_ms,
                                explain_retry(n))
                   : buf_printf(out, _("%s: retrying in %u ms (%s)"),
                                n->action, n->wait_ms, explain_retry(n));
    }
    return BUF_OK;
}

void explain_note_log(void *ctx, const struct api_note *n)
{
    const struct api_client *c = ctx;
    struct buf line;

    if (!c || !c->log)
        return;
    buf_init(&line, EXPLAIN_MAX);
    if (explain_note(&line, n) == BUF_OK)
        c->log(c->log_ctx, buf_str(&line));
    buf_free(&line);
}

/* The words for e's reason, before scrubbing. */
static int explain_raw(struct buf *out, const struct api_error *e)
{
    switch (e->why) {
    case API_WHY_NONE:
        return buf_adds(out, e->detail);
    case API_WHY_NOMEM:
        return buf_adds(out, _("out of memory"));
    case API_WHY_NO_NONCE:
        return buf_adds(out, _("no random numbers for a nonce"));
    case API_WHY_SIGN:
        return buf_adds(out, _("could not sign the request"));
    case API_WHY_TOO_BIG_TO_SIGN:
        return buf_printf(out, _("the %s request is too large to sign "
                                 "(over %u KiB with its parameters); "
                                 "nothing was sent"),
                          e->subject, SIGN_REQUEST_MAX >> 10);
    case API_WHY_DRY_RUN:
        return buf_adds(out, _("dry run: nothing was sent"));
    case API_WHY_NO_ENDPOINT:
        return buf_printf(out, _("no %s endpoint is known for region %s; "
                                 "give one with --endpoint %s=URL"),
                          e->subject, e->detail, e->subject);
    case API_WHY_BAD_ENDPOINT:
        return buf_printf(out, _("bad %s endpoint '%s': %s"), e->subject,
                          e->detail, explain_url((enum url_problem)e->reason));
    case API_WHY_NOT_JSON:
        if (e->subject[0] && e->reason == JSON_REFUSAL_NUL)
            return buf_printf(out, _("%s answered HTTP %ld with a NUL "
                                     "character (\\u0000) in a string; "
                                     "the answer is refused rather than "
                                     "read cut short"), e->subject,
                              e->http_status);
        if (e->subject[0] && e->reason == JSON_REFUSAL_CONTROL)
            return buf_printf(out, _("%s answered HTTP %ld with a raw "
                                     "control character in a string, "
                                     "which is not JSON"), e->subject,
                              e->http_status);
        if (!e->subject[0])
            return buf_adds(out, _("not JSON"));
        return buf_printf(out, _("%s answered HTTP %ld with something that "
                                 "is not the API's JSON"), e->subject,
                          e->http_status);
    case API_WHY_MISSING:
        return buf_printf(out, _("the answer has no %s"), e->subject);
    case API_WHY_WRONG_TYPE:
        return buf_printf(out, _("the answer is not what the API sends: "
                                 "%s has the wrong JSON type"), e->subject);
    case API_WHY_TWICE:
        return buf_adds(out, _("the request arrived twice "
                               "(SignatureNonceUsed); the first copy may "
                               "have been carried out"));
    case API_WHY_TRANSPORT:
        return explain_transport(out, e->reason, e->subject, e->detail);
    case API_WHY_CREDENTIALS:
        return buf_adds(out, e->detail[0] ? e->detail
                                          : _("no credentials"));
    case API_WHY_UNCONFIRMED:
        return buf_printf(out, _("the create request got no answer, and "
                                 "GetRole could not tell whether %s exists "
                                 "(%s); check with 'linkrole get %s'"),
                          e->subject, e->detail, e->subject);
    case API_WHY_BAD_STATUS:
        return e->http_status
                   ? buf_printf(out, _("%s answered with HTTP status %ld, "
                                       "which the API never sends"),
                                e->subject, e->http_status)
                   : buf_printf(out, _("%s answered without an HTTP "
                                       "status"), e->subject);
    case API_WHY_MARKER_REPEATED:
        return buf_printf(out, _("page %d of the answer repeats a Marker "
                                 "given before, so the list would never "
                                 "end; stopped"), e->reason);
    case API_WHY_SERVER_ERROR:
        return e->code[0] && strncmp(e->code, "HTTP", 4) != 0
                   ? buf_printf(out, _("%s answered HTTP %ld %s; the "
                                       "request may have been carried out"),
                                e->subject, e->http_status, e->code)
                   : buf_printf(out, _("%s answered HTTP %ld; the request "
                                       "may have been carried out"),
                                e->subject, e->http_status);
    }
    return buf_adds(out, e->detail);
}

int explain_detail(struct buf *out, const struct api_error *e)
{
    struct buf raw;
    int rc;

    buf_init(&raw, EXPLAIN_MAX);
    rc = explain_raw(&raw, e) == BUF_OK ? scrub_text(out, buf_str(&raw))
                                        : -1;
    buf_free(&raw);
    return rc;
}

/* Whether the cloud answered with a refusal of the request itself, as
 * opposed to its own trouble (a 5xx, a rate limit), which a later try
 * may not meet. */
static bool explain_refusal(const struct api_error *e)
{
    return e->kind == API_ERR_CLOUD && e->http_status < 500 &&
           errors_classify(e->code) != ERRORS_RETRYABLE;
}

const char *explain_verb(const struct api_error *e)
{
    return explain_refusal(e) ? _("refused") : _("failed");
}

int explain_attempts(struct buf *out, const struct api_error *e)
{
    if (e->attempts <= 1)
        return BUF_OK;
    return buf_printf(out, _n(" (after %d attempt)", " (after %d attempts)",
                              e->attempts), e->attempts);
}

/* The brief reason of a refusal, from its class. */
static int explain_brief_cloud(struct buf *out, const struct api_error *e)
{
    const char *ram = errors_ram_action(e->action);

    switch (errors_classify(e->code)) {
    case ERRORS_CREDENTIALS:
        if (strncmp(e->code, "InvalidSecurityToken", 20) == 0 ||
            strcmp(e->code, "MissingSecurityToken") == 0)
            return buf_printf(out, _("bad or expired token (%s)"), e->code);
        return buf_printf(out, _("wrong key (%s)"), e->code);
    case ERRORS_PERMISSION:
        return ram ? buf_printf(out, _("no %s permission"), ram)
                   : buf_printf(out, _("not allowed (%s)"), e->code);
    case ERRORS_RETRYABLE:
        if (errors_throttled(e->code))
            return buf_printf(out, _("throttled (%s)"), e->code);
        return buf_printf(out, _("server error (%s)"), e->code);
    case ERRORS_CLOCK:
        return buf_printf(out, _("clock skew (%s)"), e->code);
    default:
        break;
    }
    if (e->http_status >= 500)
        return buf_printf(out, _("server error (%s)"), e->code);
    return buf_printf(out, _("refused (%s)"), e->code);
}

int explain_brief(struct buf *out, const struct api_error *err)
{
    struct api_error e = *err;
    struct buf raw;
    int rc;

    scrub_error(&e);
    buf_init(&raw, EXPLAIN_MAX);
    switch (e.kind) {
    case API_ERR_CLOUD:
        rc = explain_brief_cloud(&raw, &e);
        break;
    case API_ERR_NETWORK:
        if (e.why == API_WHY_TRANSPORT && e.reason == TRANSPORT_TLS)
            rc = buf_adds(&raw, _("TLS failed"));
        else if (e.why == API_WHY_TRANSPORT && e.reason == TRANSPORT_PROXY)
            rc = buf_adds(&raw, _("the proxy failed"));
        else
            rc = buf_adds(&raw, _("offline"));
        break;
    case API_ERR_AMBIGUOUS:
        rc = buf_adds(&raw, _("no complete answer"));
        break;
    case API_ERR_RESPONSE:
        rc = buf_adds(&raw, _("an answer that is not the API's"));
        break;
    case API_ERR_CREDENTIALS:
        rc = buf_adds(&raw, _("no usable credentials"));
        break;
    case API_ERR_CANCELLED:
        rc = buf_adds(&raw, _("cancelled"));
        break;
    default:
        rc = buf_adds(&raw, _("failed"));
        break;
    }
    /* The code came from outside: scrubbed again as a whole. */
    if (rc == BUF_OK)
        rc = scrub_text(out, buf_str(&raw)) ? BUF_NOMEM : BUF_OK;
    buf_free(&raw);
    return rc;
}

const char *explain_title(const struct api_error *e)
{
    switch (e->kind) {
    case API_ERR_CLOUD:
        return explain_verb(e);
    case API_ERR_CANCELLED:
        return _("cancelled");
    case API_ERR_CREDENTIALS:
        return _("failed: no usable credentials");
    case API_ERR_AMBIGUOUS:
        return _("failed: the outcome is not known");
    default:
        break;
    }
    return _("failed");
}

static const char *explain_json_code(const struct api_error *e)
{
    switch (e->kind) {
    case API_ERR_CLOUD:
        return e->code;
    case API_ERR_AMBIGUOUS:
        return "Linkrole.Ambiguous";
    case API_ERR_RESPONSE:
        return "Linkrole.BadResponse";
    case API_ERR_CREDENTIALS:
        return "Linkrole.NoCredentials";
    default:
        break;
    }
    return "Linkrole.Network";
}

void explain_init(struct explanation *x)
{
    memset(x, 0, sizeof(*x));
    buf_init(&x->line, EXPLAIN_MAX);
    buf_init(&x->message, EXPLAIN_MAX);
    buf_init(&x->hint, EXPLAIN_MAX);
    buf_init(&x->policy, EXPLAIN_MAX);
    buf_init(&x->denied, EXPLAIN_MAX);
}

void explain_free(struct explanation *x)
{
    buf_free(&x->line);
    buf_free(&x->message);
    buf_free(&x->hint);
    buf_free(&x->policy);
    buf_free(&x->denied);
}

/* Whether a Recommend link from the server may be shown: someone may
 * click it, so only https:// (never javascript:, file: or plain http
 * that anything on the way can rewrite), and only printable ASCII
 * without spaces, so the link shown is the link followed and nothing in
 * it can pass for more text (the scrubber has already replaced any
 * control). */
static bool explain_link_ok(const char *s)
{
    static const char scheme[] = "https://";

    if (strncmp(s, scheme, sizeof(scheme) - 1) != 0 ||
        !s[sizeof(scheme) - 1])
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f)
            return false;
    return true;
}

/* e's AccessDeniedDetail (scrubbed) on one line, in the API's member
 * names: they are what RAM's documentation and console search for. */
static void explain_denied(struct buf *out, const struct api_error *e)
{
    for (int f = 0; f < API_DENIED_COUNT; f++) {
        if (!e->denied[f][0])
            continue;
        if (buf_len(out))
            buf_adds(out, ", ");
        buf_printf(out, "%s=%s", api_denied_name((enum api_denied_field)f),
                   e->denied[f]);
    }
}

int explain_error(struct explanation *x, const struct api_error *err,
                  const char *service, const char *role)
{
    struct api_error *e = &x->e;
    struct hints_context ctx;

    *e = *err;
    scrub_error(e);
    ctx.action = e->action;
    ctx.service_name = service;
    ctx.role_name = role;
    ctx.message = e->message;
    buf_reset(&x->line);
    buf_reset(&x->message);
    buf_reset(&x->hint);
    buf_reset(&x->policy);
    buf_reset(&x->denied);
    if (!explain_link_ok(e->recommend))
        e->recommend[0] = '\0';
    x->exit_code = exit_code_of(e);
    if (e->kind == API_ERR_CLOUD) {
        explain_denied(&x->denied, e);
        hints_for(&x->hint, e->code, &ctx);
        if (buf_len(&x->hint) && e->denied[API_DENIED_DIAGNOSTIC][0])
            buf_adds(&x->hint, _(" To see which policy decided, decode "
                                 "the EncodedDiagnosticMessage with RAM "
                                 "DecodeDiagnosticMessage."));
        if (errors_classify(e->code) == ERRORS_PERMISSION)
            errors_policy(&x->policy, e->action, service);
        buf_adds(&x->message, e->message);
        if (explain_refusal(e))
            buf_printf(&x->line, _("%s refused: %s"), e->action, e->code);
        else
            buf_printf(&x->line, _("%s failed: %s"), e->action, e->code);
        if (e->http_status)
            buf_printf(&x->line, " (HTTP %ld)", e->http_status);
        if (e->message[0])
            buf_printf(&x->line, ": %s", e->message);
    } else {
        explain_detail(&x->message, e);
        buf_printf(&x->line, _("%s failed: %s"),
                   e->action[0] ? e->action : _("request"),
                   buf_str(&x->message));
    }
    explain_attempts(&x->line, e);
    x->json_code = explain_json_code(e);
    return x->exit_code;
}
