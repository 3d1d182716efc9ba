/* sim_fixture — see sim_fixture.h. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cloud/sign.h"
#include "sim_fixture.h"

const char test_catalog[] =
    "{\"schema\": 1, \"services\": ["
    "{\"service_name\": \"polardb.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForPolarDB\", \"product\": "
    "\"PolarDB\", \"description_en\": \"" POLARDB_DESC "\","
    " \"custom_suffix\": null},"
    "{\"service_name\": \"ecs.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForECS\", \"product\": \"ECS\","
    " \"custom_suffix\": false},"
    "{\"service_name\": \"dbs.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForDBS\", \"product\": \"DBS\","
    " \"description_en\": \"DBS role.\"},"
    "{\"service_name\": \"hdr.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForHDR\", \"product\": \"HDR\","
    " \"custom_suffix\": true}"
    "]}";

const char *const polardb[] = {
    "ServiceName", "polardb.aliyuncs.com", NULL
};

/* --- the account ---------------------------------------------------------- */

struct fx *fx_make(const char *state_path, bool owner_key)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct sim_config cfg;
    struct buf err;

    assert_non_null(f);
    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&f->cat, test_catalog,
                                   strlen(test_catalog), "test", &err), 0);
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &f->cat;
    cfg.state_path = state_path;
    f->a = sim_account_new(&cfg, &err);
    if (!f->a)
        fail_msg("sim_account_new: %s", buf_str(&err));
    if (owner_key)
        assert_int_equal(sim_account_add_key(f->a, KEY_ID, KEY_SECRET), 0);
    assert_int_equal(sim_account_add_user(f->a, "alice", USER_ID,
                                          USER_SECRET), 0);
    f->t = sim_transport_new(f->a, 0);
    assert_non_null(f->t);
    buf_free(&err);
    return f;
}

void fx_free(struct fx *f)
{
    transport_destroy(f->t);
    sim_account_free(f->a);
    catalog_free(&f->cat);
    free(f);
}

int setup(void **state)
{
    *state = fx_make(NULL, true);
    return 0;
}

int teardown(void **state)
{
    fx_free(*state);
    return 0;
}

/* --- requests ------------------------------------------------------------- */

void reply_free(struct reply *r)
{
    cJSON_Delete(r->json);
    free(r->text);
    memset(r, 0, sizeof(*r));
}

void fill_params(struct kvlist *l, const char *const *pairs)
{
    for (size_t i = 0; pairs && pairs[i]; i += 2)
        assert_int_equal(kvlist_add(l, pairs[i], pairs[i + 1]), 0);
}

/* Any answer; r->json is NULL when the body is not JSON. */
void send_any(struct fx *f, const char *method, const char *url,
              const struct kvlist *headers, const char *body,
              struct reply *r)
{
    struct http_request req;
    struct http_response resp;
    struct buf err;

    memset(&req, 0, sizeof(req));
    req.method = method;
    req.url = url;
    req.headers = headers;
    req.body = body;
    req.body_len = body ? strlen(body) : 0;
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&err, 4096);
    if (transport_send(f->t, &req, &resp, &err) != TRANSPORT_OK)
        fail_msg("transport: %s", buf_str(&err));
    r->status = resp.status;
    r->text = buf_take(&resp.body);
    assert_non_null(r->text);
    r->json = cJSON_Parse(r->text);
    buf_free(&resp.body);
    buf_free(&err);
}

void send_raw(struct fx *f, const char *method, const char *url,
              const struct kvlist *headers, const char *body,
              struct reply *r)
{
    send_any(f, method, url, headers, body, r);
    if (!r->json)
        fail_msg("not JSON: %s", r->text);
}

/* Builds a V3 request as the client does: url and headers. */
void v3_build(struct fx *f, const struct call *c, struct buf *url,
              struct kvlist *headers)
{
    struct kvlist params;
    struct sign_rpc rpc;
    struct sign_creds creds;
    struct buf query;
    char nonce[SIGN_NONCE_LEN + 1];

    kvlist_init(&params);
    buf_init(&query, BODY_MAX);
    fill_params(&params, c->params);
    assert_int_equal(sign_nonce(nonce), 0);
    memset(&rpc, 0, sizeof(rpc));
    rpc.method = c->method ? c->method : "POST";
    rpc.host = HOST;
    rpc.action = c->action;
    rpc.version = c->version;
    rpc.params = &params;
    rpc.body = c->form;
    rpc.content_type = c->form ? "application/x-www-form-urlencoded" : NULL;
    rpc.now = sim_account_now(f->a) + c->skew;
    rpc.nonce = c->nonce ? c->nonce : nonce;
    creds.access_key_id = c->key_id ? c->key_id : KEY_ID;
    creds.access_key_secret = c->secret ? c->secret : KEY_SECRET;
    creds.security_token = c->token;
    assert_int_equal(sign_rpc_v3(&rpc, &creds, &query, headers), 0);
    assert_int_equal(buf_printf(url, "http://" HOST "/?%s", buf_str(&query)),
                     BUF_OK);
    kvlist_free(&params);
    buf_free(&query);
}

void v3_call(struct fx *f, const struct call *c, struct reply *r)
{
    struct kvlist headers;
    struct buf url;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, c, &url, &headers);
    send_raw(f, c->method ? c->method : "POST", buf_str(&url), &headers,
             c->form, r);
    kvlist_free(&headers);
    buf_free(&url);
}

/* V1 parameters by hand, so tests can drop or change any of them. */
void v1_params(struct fx *f, const struct call *c, const char *format,
               struct kvlist *all)
{
    char date[SIGN_TIMESTAMP_LEN + 1], nonce[SIGN_NONCE_LEN + 1];

    assert_int_equal(sign_timestamp(sim_account_now(f->a) + c->skew, date),
                     0);
    assert_int_equal(sign_nonce(nonce), 0);
    fill_params(all, c->params);
    assert_int_equal(kvlist_add(all, "AccessKeyId",
                                c->key_id ? c->key_id : KEY_ID), 0);
    assert_int_equal(kvlist_add(all, "Action", c->action), 0);
    assert_int_equal(kvlist_add(all, "Format", format), 0);
    assert_int_equal(kvlist_add(all, "SignatureMethod", "HMAC-SHA1"), 0);
    assert_int_equal(kvlist_add(all, "SignatureNonce",
                                c->nonce ? c->nonce : nonce), 0);
    assert_int_equal(kvlist_add(all, "SignatureVersion", "1.0"), 0);
    assert_int_equal(kvlist_add(all, "Timestamp", date), 0);
    assert_int_equal(kvlist_add(all, "Version", c->version), 0);
    if (c->token)
        assert_int_equal(kvlist_add(all, "SecurityToken", c->token), 0);
}

/* Signs all (adding Signature) and writes it as a query string. */
void v1_sign(const char *method, const char *secret,
             struct kvlist *all, struct buf *query,
             struct buf *sts_out)
{
    struct buf sts, sig;

    buf_init(&sts, BODY_MAX);
    buf_init(&sig, 1024);
    assert_int_equal(sign_v1_string_to_sign(&sts, method, all), 0);
    assert_int_equal(sign_v1_signature(&sig, secret, buf_str(&sts)), 0);
    assert_int_equal(kvlist_add(all, "Signature", buf_str(&sig)), 0);
    assert_int_equal(sign_canonical_query(query, all), 0);
    if (sts_out)
        assert_int_equal(buf_adds(sts_out, buf_str(&sts)), BUF_OK);
    buf_free(&sts);
    buf_free(&sig);
}

/* V1 through the library's own sign_rpc_v1, parameters in the query. */
void v1_call(struct fx *f, const struct call *c, struct reply *r)
{
    struct kvlist params;
    struct sign_rpc rpc;
    struct sign_creds creds;
    struct buf query, url;
    char nonce[SIGN_NONCE_LEN + 1];
    const char *method = c->method ? c->method : "POST";

    kvlist_init(&params);
    buf_init(&query, BODY_MAX);
    buf_init(&url, BODY_MAX);
    fill_params(&params, c->params);
    assert_int_equal(sign_nonce(nonce), 0);
    memset(&rpc, 0, sizeof(rpc));
    rpc.method = method;
    rpc.host = HOST;
    rpc.action = c->action;
    rpc.version = c->version;
    rpc.params = &params;
    rpc.now = sim_account_now(f->a) + c->skew;
    rpc.nonce = c->nonce ? c->nonce : nonce;
    creds.access_key_id = c->key_id ? c->key_id : KEY_ID;
    creds.access_key_secret = c->secret ? c->secret : KEY_SECRET;
    creds.security_token = c->token;
    assert_int_equal(sign_rpc_v1(&rpc, &creds, &query, NULL), 0);
    assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                buf_str(&query)), BUF_OK);
    send_raw(f, method, buf_str(&url), NULL, NULL, r);
    kvlist_free(&params);
    buf_free(&query);
    buf_free(&url);
}

void create_role(struct fx *f, const char *const *params,
                 struct reply *r)
{
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = params };

    v3_call(f, &c, r);
}

void simple_call(struct fx *f, const char *action,
                 const char *version, const char *const *params,
                 struct reply *r)
{
    struct call c = { .action = action, .version = version,
                      .params = params };

    v3_call(f, &c, r);
}

/* --- reading answers ------------------------------------------------------ */

/* The item at a dotted path ("Role.Arn"), or NULL. */
const cJSON *jget(const cJSON *root, const char *path)
{
    char part[128];
    const cJSON *at = root;

    while (at && *path) {
        size_t n = strcspn(path, ".");

        assert_true(n < sizeof(part));
        memcpy(part, path, n);
        part[n] = '\0';
        at = cJSON_GetObjectItemCaseSensitive(at, part);
        path += n;
        if (*path == '.')
            path++;
    }
    return at;
}

const char *jstr(const cJSON *root, const char *path)
{
    const cJSON *item = jget(root, path);

    return cJSON_IsString(item) ? item->valuestring : NULL;
}

void assert_jstr(const struct reply *r, const char *path,
                 const char *want)
{
    const char *got = jstr(r->json, path);

    if (!got)
        fail_msg("%s missing in %s", path, r->text);
    assert_string_equal(got, want);
}

bool looks_like_request_id(const char *s)
{
    if (!s || strlen(s) != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;

        if (dash ? s[i] != '-'
                 : !((s[i] >= '0' && s[i] <= '9') ||
                     (s[i] >= 'A' && s[i] <= 'F')))
            return false;
    }
    return true;
}

void assert_ok(const struct reply *r)
{
    if (r->status != 200)
        fail_msg("expected 200, got %ld: %s", r->status, r->text);
    assert_true(looks_like_request_id(jstr(r->json, "RequestId")));
}

/* A gateway error: status, Code, and the rest of the documented shape
 * but HostId (which echoes the Host header). */
void assert_error_code(const struct reply *r, long status,
                       const char *code)
{
    const char *got = jstr(r->json, "Code");
    char recommend[256];

    if (!got || strcmp(got, code) != 0 || r->status != status)
        fail_msg("expected %ld %s, got %ld: %s", status, code, r->status,
                 r->text);
    assert_true(looks_like_request_id(jstr(r->json, "RequestId")));
    assert_non_null(jstr(r->json, "HostId"));
    assert_non_null(jstr(r->json, "Message"));
    snprintf(recommend, sizeof(recommend),
             "https://api.aliyun.com/troubleshoot?q=%s", code);
    assert_non_null(jstr(r->json, "Recommend"));
    assert_true(strncmp(jstr(r->json, "Recommend"), recommend,
                        strlen(recommend)) == 0);
}

void assert_error(const struct reply *r, long status,
                  const char *code)
{
    assert_error_code(r, status, code);
    assert_jstr(r, "HostId", HOST);
}

/* --- roles and sessions --------------------------------------------------- */

char *delete_role(struct fx *f, const char *name)
{
    struct reply r;
    char *task;

    simple_call(f, "DeleteServiceLinkedRole", RM, (const char *const[]){
        "RoleName", name, NULL }, &r);
    assert_ok(&r);
    task = strdup(jstr(r.json, "DeletionTaskId"));
    assert_non_null(task);
    reply_free(&r);
    return task;
}

void deletion_status(struct fx *f, const char *task, struct reply *r)
{
    simple_call(f, "GetServiceLinkedRoleDeletionStatus", RM,
                (const char *const[]){ "DeletionTaskId", task, NULL }, r);
}

void assume(struct fx *f, const char *arn, const char *duration,
            struct sts_creds *out, struct reply *r)
{
    simple_call(f, "AssumeRole", STS, (const char *const[]){
        "RoleArn", arn, "RoleSessionName", "ci-run",
        duration ? "DurationSeconds" : NULL, duration, NULL }, r);
    if (!out)
        return;
    assert_ok(r);
    out->id = strdup(jstr(r->json, "Credentials.AccessKeyId"));
    out->secret = strdup(jstr(r->json, "Credentials.AccessKeySecret"));
    out->token = strdup(jstr(r->json, "Credentials.SecurityToken"));
    assert_non_null(out->id);
    assert_non_null(out->secret);
    assert_non_null(out->token);
}

void sts_creds_free(struct sts_creds *c)
{
    free(c->id);
    free(c->secret);
    free(c->token);
}
