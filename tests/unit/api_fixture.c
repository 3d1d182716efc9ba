/* The scripted transport of api_fixture.h. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_fixture.h"

static int fake_send(struct transport *t, const struct http_request *req,
                     struct http_response *resp, struct buf *err)
{
    struct script *s = t->ctx;
    const struct step *st;
    const char *action = NULL, *auth = NULL, *accept = NULL;

    assert_true(s->used < s->nsteps);
    st = &s->steps[s->used];
    for (size_t i = 0; i < req->headers->count; i++) {
        if (strcmp(req->headers->items[i].key, "x-acs-action") == 0)
            action = req->headers->items[i].value;
        if (strcmp(req->headers->items[i].key, "Authorization") == 0)
            auth = req->headers->items[i].value;
        if (strcasecmp(req->headers->items[i].key, "Accept") == 0)
            accept = req->headers->items[i].value;
    }
    snprintf(s->urls[s->used], sizeof(s->urls[0]), "%s", req->url);
    snprintf(s->actions[s->used], sizeof(s->actions[0]), "%s",
             action ? action : "");
    snprintf(s->auth[s->used], sizeof(s->auth[0]), "%s", auth ? auth : "");
    snprintf(s->accept[s->used], sizeof(s->accept[0]), "%s",
             accept ? accept : "");
    s->timeouts[s->used] = req->timeout_ms;
    fake_mono += s->step_ms;
    s->used++;
    if (st->status != TRANSPORT_OK) {
        buf_printf(err, "scripted failure");
        return st->status;
    }
    resp->status = st->http;
    snprintf(resp->retry_after, sizeof(resp->retry_after), "%s",
             s->retry_after[s->used - 1] ? s->retry_after[s->used - 1]
                                         : "");
    buf_adds(&resp->body, st->body);
    return TRANSPORT_OK;
}

static const struct transport_ops fake_ops = { fake_send, NULL };

static int creds_get(void *ctx, struct sign_creds *c, struct buf *err)
{
    (void)err;
    c->access_key_id = "LTAItestkey0001";
    c->access_key_secret = SECRET;
    c->security_token = ctx ? TOKEN : NULL;
    return 0;
}

char log_text[16384];

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    strncat(log_text, line, sizeof(log_text) - strlen(log_text) - 2);
    strcat(log_text, "\n");
}

/* Notes are kept as "KIND action field|field|...", every string field
 * in, so a test can look for a code and for a secret alike. */
static void note_line(void *ctx, const struct api_note *n)
{
    static const char *const kinds[] = { "attempt", "refused", "ok",
                                         "no-answer", "retry" };
    char line[2048];

    (void)ctx;
    snprintf(line, sizeof(line), "%s %s %s|%s|%s|%s", kinds[n->kind],
             n->action ? n->action : "", n->host ? n->host : "",
             n->code ? n->code : "", n->request_id ? n->request_id : "",
             n->detail ? n->detail : "");
    if (n->kind == API_NOTE_RETRY)
        snprintf(line + strlen(line), sizeof(line) - strlen(line),
                 "|wait=%u%s", n->wait_ms, n->asked ? "|asked" : "");
    log_line(NULL, line);
}

long long fake_mono;

static long long read_fake_mono(void)
{
    return fake_mono;
}

static time_t fixed_now(void)
{
    return (time_t)1704164645; /* 2024-01-02T03:04:05Z */
}

struct fixture *fixture_new(bool with_token)
{
    struct fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    f->t.ops = &fake_ops;
    f->t.ctx = &f->script;
    api_client_init(&f->c);
    f->c.transport = &f->t;
    f->c.creds.get = creds_get;
    f->c.creds.ctx = with_token ? (void *)1 : NULL;
    f->c.retry_base_ms = 1;
    f->c.log = log_line;
    f->c.note = note_line;
    f->c.now = fixed_now;
    f->c.mono_ms = read_fake_mono;
    fake_mono = 1000000;
    log_text[0] = '\0';
    return f;
}

void push(struct fixture *f, int status, long http, const char *body)
{
    struct step *st = &f->script.steps[f->script.nsteps++];

    st->status = status;
    st->http = http;
    st->body = body;
}

void push_after(struct fixture *f, long http, const char *body,
                const char *retry_after)
{
    push(f, TRANSPORT_OK, http, body);
    f->script.retry_after[f->script.nsteps - 1] = retry_after;
}

const char role_body[] =
    "{\"RequestId\":\"REQ-1\",\"Role\":{\"RoleName\":"
    "\"AliyunServiceRoleForPolarDB\",\"RoleId\":\"3283324098106712\","
    "\"Arn\":\"acs:ram::1234567890123456:role/aliyunserviceroleforpolardb\","
    "\"Description\":\"d\",\"CreateDate\":\"2024-01-02T03:04:10Z\","
    "\"IsServiceLinkedRole\":true,\"RolePrincipalName\":"
    "\"AliyunServiceRoleForPolarDB@role.1234.onaliyunservice.com\","
    "\"AssumeRolePolicyDocument\":\"{\\\"Statement\\\":[{\\\"Action\\\":"
    "\\\"sts:AssumeRole\\\",\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":"
    "{\\\"Service\\\":[\\\"polardb.aliyuncs.com\\\"]}}],\\\"Version\\\":"
    "\\\"1\\\"}\"}}";

const char old_role_body[] =
    "{\"RequestId\":\"REQ-2\",\"Role\":{\"RoleName\":"
    "\"AliyunServiceRoleForPolarDB\",\"Arn\":\"acs:ram::1:role/x\","
    "\"CreateDate\":\"2020-06-30T08:14:16Z\"}}";

const char throttled[] =
    "{\"RequestId\":\"T1\",\"Code\":\"Throttling.User\",\"Message\":"
    "\"Request was denied due to user flow control.\"}";
