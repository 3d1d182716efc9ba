/* server_answer — linkrole-sim's answers, as the gateway writes them, and
 * the broken ones its faults ask for. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <microhttpd.h>

#include "sim/account.h"
#include "sim/server_answer.h"

#define SERVER_OVERSIZE (2u << 20)

int respond(struct MHD_Connection *con,
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

int respond_error(struct MHD_Connection *con,
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

/* The faults of issue 10: a refusal as the gateway really sends it --
 * Forbidden.RAM with its AccessDeniedDetail, a throttle that says when
 * to come back (x-acs-retry-after, in milliseconds as the SDKs read it),
 * or any Code at all. */
int respond_fault_code(struct MHD_Connection *con,
                                          const struct sim_request *req,
                                          const struct fault *f)
{
    struct MHD_Response *r = NULL;
    struct buf body;
    char after[32];
    unsigned int status = 400;
    enum MHD_Result ret = MHD_NO;
    int rc;

    buf_init(&body, SERVER_ANSWER_MAX);
    if (f->kind == FAULT_FORBIDDEN_RAM) {
        status = 403;
        rc = account_denied_body(&body, req);
    } else if (f->kind == FAULT_RETRY_AFTER) {
        rc = account_error_body(&body, req, "Throttling.User",
                                "Request was denied due to user flow "
                                "control.");
    } else {
        status = (unsigned int)f->ms;
        rc = account_error_body(&body, req, f->text,
                                "An error injected by linkrole-sim.");
    }
    if (rc == 0)
        r = MHD_create_response_from_buffer(buf_len(&body),
                                            (void *)(uintptr_t)buf_str(&body),
                                            MHD_RESPMEM_MUST_COPY);
    if (!r)
        goto out;
    snprintf(after, sizeof(after), "%ld", f->ms);
    if (MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                                SERVER_JSON) == MHD_YES &&
        (f->kind != FAULT_RETRY_AFTER ||
         MHD_add_response_header(r, "x-acs-retry-after", after) == MHD_YES))
        ret = MHD_queue_response(con, status, r);
    MHD_destroy_response(r);
out:
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

int respond_cut(struct MHD_Connection *con,
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

int respond_oversize(struct MHD_Connection *con)
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

const char server_html[] =
    "<html><head><title>502 Bad Gateway</title></head>\n"
    "<body><h1>502 Bad Gateway</h1><p>" SERVER_NAME
    ": injected fault</p></body></html>\n";
const char server_html_504[] =
    "<html><head><title>504 Gateway Time-out</title></head>\n"
    "<body><h1>504 Gateway Time-out</h1><p>" SERVER_NAME
    ": injected fault</p></body></html>\n";

const size_t server_html_len = sizeof(server_html) - 1;
const size_t server_html_504_len = sizeof(server_html_504) - 1;
