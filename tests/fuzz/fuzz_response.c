/* fuzz_response — every answer the API layer maps, on any bytes.
 *
 * First api_parse_role_response, the entry point api.h keeps for this:
 * a GetRole / CreateServiceLinkedRole body and the trust policy (JSON in
 * a JSON string) inside it.  Then the same bytes come back as the body of
 * every typed call through a transport that answers from memory, so the
 * mapping of ListRoles, deletion tasks, DBS, STS and of error bodies sees
 * them too; and once after a lost answer, which makes a create look its
 * role up with GetRole.  No call may pass a secret to the transport or a
 * log.  Each call is signed, which costs more than the mapping, so one
 * input does not try every call with every status: the HTTP status (a
 * success, a client error, a server error) and the signature version
 * rotate through the calls from a point the input's bytes choose. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/explain.h"
#include "app/slr.h"
#include "cloud/api.h"
#include "cloud/transport.h"
#include "core/buf.h"
#include "core/text.h"
#include "fuzz.h"

#define FUZZ_KEY_ID "LTAIfuzzKeyId0001"
/* With a "~", which no fixed text in api.c has: see may_echo. */
#define FUZZ_SECRET "fuzz~Secret~NeverSent~0123"
#define FUZZ_TOKEN "fuzzStsToken0123"

/* What the in-memory transport answers. */
struct canned {
    const uint8_t *data;
    size_t size;
    long status;
    int lost;               /* answers still to lose (ambiguous) */
    unsigned turn;          /* picks the next call's status and signing */
};

static const long statuses[] = { 200, 400, 503 };

/* Whether an answer could spell the secret itself, for messages and
 * logs that quote what the cloud said: only with a "~" or a \u escape.
 * What is sent is checked whatever the answer. */
static bool may_echo;

static bool has_secret(const char *s)
{
    return s && strstr(s, FUZZ_SECRET) != NULL;
}

static bool leaks_secret(const char *s)
{
    return !may_echo && has_secret(s);
}

static int canned_send(struct transport *t, const struct http_request *req,
                       struct http_response *resp, struct buf *err)
{
    struct canned *c = t->ctx;

    FUZZ_CHECK(req->method && req->url);
    FUZZ_CHECK(!has_secret(req->url));
    for (size_t i = 0; req->headers && i < req->headers->count; i++)
        FUZZ_CHECK(!has_secret(req->headers->items[i].value));
    if (c->lost > 0) {
        c->lost--;
        buf_printf(err, "timed out");
        return TRANSPORT_AMBIGUOUS;
    }
    resp->status = c->status;
    buf_reset(&resp->body);
    switch (buf_add(&resp->body, c->data, c->size)) {
    case BUF_OK:
        return TRANSPORT_OK;
    case BUF_TOOBIG:
        buf_printf(err, "too big");
        return TRANSPORT_TOO_BIG;
    default:
        buf_printf(err, "out of memory");
        return TRANSPORT_INTERNAL;
    }
}

static const struct transport_ops canned_ops = { canned_send, NULL };

static int creds_get(void *ctx, struct sign_creds *creds, struct buf *err)
{
    (void)ctx;
    (void)err;
    creds->access_key_id = FUZZ_KEY_ID;
    creds->access_key_secret = FUZZ_SECRET;
    creds->security_token = FUZZ_TOKEN;
    return 0;
}

static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    FUZZ_CHECK(line != NULL && !leaks_secret(line));
}

/* Every note, worded as --verbose shows it. */
static void note_line(void *ctx, const struct api_note *n)
{
    struct buf line;

    (void)ctx;
    buf_init(&line, 1u << 16);
    FUZZ_CHECK(explain_note(&line, n) == BUF_OK);
    log_line(NULL, buf_str(&line));
    buf_free(&line);
}

/* Sets up the next call: its answer's status and how it is signed. */
static void aim(struct api_client *c, struct canned *canned)
{
    canned->status = statuses[canned->turn % 3];
    c->signature = canned->turn % 2 ? 1 : 3;
    canned->turn++;
}

static bool terminated(const char *field, size_t size)
{
    return memchr(field, '\0', size) != NULL;
}

/* What every call's error must look like, whatever it answered. */
static void check_error(int rc, const struct api_error *err)
{
    FUZZ_CHECK(rc == 0 || rc == -1);
    FUZZ_CHECK(terminated(err->action, sizeof(err->action)) &&
               terminated(err->code, sizeof(err->code)) &&
               terminated(err->message, sizeof(err->message)) &&
               terminated(err->request_id, sizeof(err->request_id)) &&
               terminated(err->recommend, sizeof(err->recommend)) &&
               terminated(err->detail, sizeof(err->detail)));
    for (int f = 0; f < API_DENIED_COUNT; f++)
        FUZZ_CHECK(terminated(err->denied[f], sizeof(err->denied[f])));
    if (rc == 0)
        FUZZ_CHECK(err->kind == API_ERR_NONE);
    else
        FUZZ_CHECK(err->kind != API_ERR_NONE);
    FUZZ_CHECK(!leaks_secret(err->detail) && !leaks_secret(err->message));
}

static void check_strv(char **v, size_t n)
{
    FUZZ_CHECK(n == 0 || v != NULL);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(v[i] != NULL);
}

static void check_role(const struct api_role *r)
{
    check_strv(r->trust.services, r->trust.nservices);
    check_strv(r->trust.actions, r->trust.nactions);
    if (r->trust.pretty) {
        size_t len = strlen(r->trust.pretty);

        /* json_pretty promises valid UTF-8 whatever the document held. */
        FUZZ_CHECK(text_valid(r->trust.pretty, len));
        FUZZ_CHECK(r->policy_document != NULL);
    }
}

static void parse_role(const uint8_t *data, size_t size)
{
    struct api_role_result out;
    struct api_error err;
    int rc;

    /* Not NUL-terminated: a read past len is caught. */
    rc = api_parse_role_response((const char *)data, size, &out, &err);
    check_error(rc, &err);
    if (rc == 0) {
        FUZZ_CHECK(out.role.role_name && out.role.arn);
        check_role(&out.role);
    } else {
        FUZZ_CHECK(err.kind == API_ERR_RESPONSE ||
                   err.kind == API_ERR_INTERNAL);
        FUZZ_CHECK(out.role.role_name == NULL && out.r.response == NULL);
    }
    api_role_result_free(&out);
}

static const struct slr_create_request fz_create = {
    "polardb.aliyuncs.com", "Fz", "fuzz", "AliyunServiceRoleForPolarDB_Fz",
    true
};
static const struct slr_create_request plain_create = {
    "polardb.aliyuncs.com", NULL, NULL, "AliyunServiceRoleForPolarDB", false
};

static void call_all(struct api_client *c, struct canned *k)
{
    struct api_role_result role;
    struct api_deletion del;
    struct api_role_page page;
    struct api_dbs_init dbs;
    struct api_identity id;
    struct api_sts_credentials sts;
    struct api_error err;
    enum slr_outcome outcome;
    int rc;

    aim(c, k);
    rc = slr_create(c, &fz_create, &role, &outcome, &err);
    check_error(rc, &err);
    if (rc == 0) {
        FUZZ_CHECK(role.role.role_name && role.role.arn);
        check_role(&role.role);
    }
    api_role_result_free(&role);

    aim(c, k);
    rc = api_get_role(c, "AliyunServiceRoleForPolarDB", &role, &err);
    check_error(rc, &err);
    if (rc == 0) {
        FUZZ_CHECK(role.role.role_name && role.role.arn);
        FUZZ_CHECK(role.r.response != NULL);
        check_role(&role.role);
    }
    api_role_result_free(&role);

    aim(c, k);
    rc = api_delete_service_linked_role(c, "AliyunServiceRoleForPolarDB",
                                        &del, &err);
    check_error(rc, &err);
    if (rc == 0) {
        FUZZ_CHECK(del.task_id != NULL);
        check_strv(del.usages, del.nusages);
    }
    api_deletion_free(&del);

    aim(c, k);
    rc = api_deletion_status(c, "task-fuzz", &del, &err);
    check_error(rc, &err);
    if (rc == 0) {
        FUZZ_CHECK(del.task_id && del.status);
        check_strv(del.usages, del.nusages);
    }
    api_deletion_free(&del);

    aim(c, k);
    rc = api_list_roles(c, "marker", 10, &page, &err);
    check_error(rc, &err);
    if (rc == 0) {
        FUZZ_CHECK(page.roles != NULL);
        FUZZ_CHECK(!page.truncated || page.marker);
        for (size_t i = 0; i < page.count; i++)
            check_role(&page.roles[i]);
    }
    api_role_page_free(&page);

    aim(c, k);
    rc = api_init_dbs(c, &dbs, &err);
    check_error(rc, &err);
    api_dbs_init_free(&dbs);

    aim(c, k);
    rc = api_caller_identity(c, &id, &err);
    check_error(rc, &err);
    if (rc == 0)
        FUZZ_CHECK(id.account_id && id.arn);
    api_identity_free(&id);

    aim(c, k);
    rc = api_assume_role(c, "acs:ram::1234567890123456:role/fuzz", "fuzz",
                         900, "ext", &sts, &err);
    check_error(rc, &err);
    if (rc == 0) {
        FUZZ_CHECK(sts.access_key_id && sts.access_key_secret &&
                   sts.security_token);
        /* The answer holds the secret: it is not kept. */
        FUZZ_CHECK(sts.r.response == NULL);
    }
    api_sts_credentials_free(&sts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct canned canned = { data, size, 200, 0, 0 };
    struct transport t = { &canned_ops, &canned };
    struct api_role_result role;
    struct api_client c;
    struct api_error err;
    enum slr_outcome outcome;
    int rc;

    may_echo = memchr(data, '~', size) != NULL ||
               memmem(data, size, "\\u", 2) != NULL;
    parse_role(data, size);

    for (size_t i = 0; i < size; i++)
        canned.turn += data[i];
    api_client_init(&c);
    c.transport = &t;
    c.creds.get = creds_get;
    c.log = log_line;
    c.note = note_line;
    /* One retry, with no pause between attempts: the retry and the
     * lookup-after-a-lost-answer paths run, and nothing sleeps. */
    c.max_retries = 1;
    c.retry_base_ms = 0;
    call_all(&c, &canned);

    /* The create's answer is lost; GetRole then reads the bytes. */
    canned.status = 200;
    canned.lost = 1;
    c.signature = 3;
    rc = slr_create(&c, &plain_create, &role, &outcome, &err);
    check_error(rc, &err);
    if (rc == 0)
        FUZZ_CHECK(role.role.role_name && role.role.arn);
    api_role_result_free(&role);
    return 0;
}
