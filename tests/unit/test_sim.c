/* Tests for src/sim: the simulated account as a client sees it.
 *
 * Requests are signed with cloud/sign exactly as the client signs them
 * and go through the in-process transport, so the URL is taken apart the
 * way linkrole-sim takes it apart.  Every tampering must be caught with
 * the documented code, and every answer is checked field by field against
 * the shapes in reference/seeds. */
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
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cloud/sign.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "sim/sim.h"
#include "sim/verify.h"

#define ACCT SIM_DEMO_ACCOUNT_ID
#define HOST "127.0.0.1:9"
#define RM "2020-03-31"
#define RAM "2015-05-01"
#define DBS "2019-03-06"
#define STS "2015-04-01"
#define KEY_ID "testid"
#define KEY_SECRET "testsecret"
#define USER_ID "LTAIuser0001"
#define USER_SECRET "usersecret"
#define BODY_MAX (4u << 20)
#define MISMATCH_PREFIX \
    "Specified signature is not matched with our calculation. server " \
    "string to sign is:"
#define POLARDB_ROLE "AliyunServiceRoleForPolarDB"
#define POLARDB_DESC \
    "Service Linked Role for PolarDB. PolarDB will use this role to " \
    "access your resources in other services."

static const char test_catalog[] =
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

struct fx {
    struct catalog cat;
    struct sim_account *a;
    struct transport *t;
    char dir[64];
};

/* One call: who signs it, how, and what it carries. */
struct call {
    const char *method;             /* NULL: POST */
    const char *action;
    const char *version;
    const char *const *params;      /* name, value, ..., NULL */
    const char *key_id;             /* NULL: KEY_ID / KEY_SECRET */
    const char *secret;
    const char *token;
    long skew;                      /* seconds from the account's clock */
    const char *nonce;              /* NULL: a fresh one */
    const char *form;               /* a form body (V3) */
};

struct reply {
    long status;
    char *text;
    cJSON *json;
};

/* --- fixture -------------------------------------------------------------- */

static struct fx *fx_make(const char *state_path, bool owner_key)
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

static void fx_free(struct fx *f)
{
    transport_destroy(f->t);
    sim_account_free(f->a);
    catalog_free(&f->cat);
    free(f);
}

static int setup(void **state)
{
    *state = fx_make(NULL, true);
    return 0;
}

static int teardown(void **state)
{
    fx_free(*state);
    return 0;
}

/* --- requests ------------------------------------------------------------- */

static void reply_free(struct reply *r)
{
    cJSON_Delete(r->json);
    free(r->text);
    memset(r, 0, sizeof(*r));
}

static void fill_params(struct kvlist *l, const char *const *pairs)
{
    for (size_t i = 0; pairs && pairs[i]; i += 2)
        assert_int_equal(kvlist_add(l, pairs[i], pairs[i + 1]), 0);
}

/* Any answer; r->json is NULL when the body is not JSON. */
static void send_any(struct fx *f, const char *method, const char *url,
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

static void send_raw(struct fx *f, const char *method, const char *url,
                     const struct kvlist *headers, const char *body,
                     struct reply *r)
{
    send_any(f, method, url, headers, body, r);
    if (!r->json)
        fail_msg("not JSON: %s", r->text);
}

/* Builds a V3 request as the client does: url and headers. */
static void v3_build(struct fx *f, const struct call *c, struct buf *url,
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

static void v3_call(struct fx *f, const struct call *c, struct reply *r)
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
static void v1_params(struct fx *f, const struct call *c, const char *format,
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
static void v1_sign(const char *method, const char *secret,
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
static void v1_call(struct fx *f, const struct call *c, struct reply *r)
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

/* --- reading answers ------------------------------------------------------ */

/* The item at a dotted path ("Role.Arn"), or NULL. */
static const cJSON *jget(const cJSON *root, const char *path)
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

static const char *jstr(const cJSON *root, const char *path)
{
    const cJSON *item = jget(root, path);

    return cJSON_IsString(item) ? item->valuestring : NULL;
}

static void assert_jstr(const struct reply *r, const char *path,
                        const char *want)
{
    const char *got = jstr(r->json, path);

    if (!got)
        fail_msg("%s missing in %s", path, r->text);
    assert_string_equal(got, want);
}

static bool looks_like_request_id(const char *s)
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

static void assert_ok(const struct reply *r)
{
    if (r->status != 200)
        fail_msg("expected 200, got %ld: %s", r->status, r->text);
    assert_true(looks_like_request_id(jstr(r->json, "RequestId")));
}

/* A gateway error: status, Code, and the rest of the documented shape
 * but HostId (which echoes the Host header). */
static void assert_error_code(const struct reply *r, long status,
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

static void assert_error(const struct reply *r, long status,
                         const char *code)
{
    assert_error_code(r, status, code);
    assert_jstr(r, "HostId", HOST);
}

static void create_role(struct fx *f, const char *const *params,
                        struct reply *r)
{
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = params };

    v3_call(f, &c, r);
}

static void simple_call(struct fx *f, const char *action,
                        const char *version, const char *const *params,
                        struct reply *r)
{
    struct call c = { .action = action, .version = version,
                      .params = params };

    v3_call(f, &c, r);
}

/* Replaces the first occurrence of from in s (same length or shorter). */
static void replace_in(char *s, const char *from, const char *to)
{
    char *p = strstr(s, from);
    size_t fl = strlen(from), tl = strlen(to);

    assert_non_null(p);
    assert_true(tl <= fl);
    memcpy(p, to, tl);
    memmove(p + tl, p + fl, strlen(p + fl) + 1);
}

static void replace_all(char *s, const char *from, const char *to)
{
    while (strstr(s, from))
        replace_in(s, from, to);
}

/* The V3 string to sign the client computed for headers it sent. */
static void client_v3_sts(const char *method, const char *const *params,
                          const struct kvlist *sent, const char *body,
                          struct buf *sts)
{
    struct kvlist query, headers;
    struct sign_v3_input in;
    struct buf canonical;
    char hash[65];

    kvlist_init(&query);
    kvlist_init(&headers);
    buf_init(&canonical, BODY_MAX);
    fill_params(&query, params);
    for (size_t i = 0; i < sent->count; i++)
        if (strcmp(sent->items[i].key, "Authorization") != 0)
            assert_int_equal(kvlist_add(&headers, sent->items[i].key,
                                        sent->items[i].value), 0);
    assert_int_equal(sign_sha256_hex(body ? body : "",
                                     body ? strlen(body) : 0, hash), 0);
    in.method = method;
    in.uri = "/";
    in.query = &query;
    in.headers = &headers;
    in.payload_hash = hash;
    assert_int_equal(sign_v3_canonical_request(&canonical, NULL, &in), 0);
    assert_int_equal(sign_v3_string_to_sign(sts, buf_str(&canonical)), 0);
    kvlist_free(&query);
    kvlist_free(&headers);
    buf_free(&canonical);
}

/* --- authentication: accepted --------------------------------------------- */

static const char *const polardb[] = {
    "ServiceName", "polardb.aliyuncs.com", NULL
};

static void v3_signed_request_is_accepted(void **state)
{
    struct fx *f = *state;
    struct reply r;

    simple_call(f, "GetCallerIdentity", STS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "Account");
    reply_free(&r);
}

static void v3_get_request_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .method = "GET", .action = "GetCallerIdentity",
                      .version = STS };
    struct reply r;

    v3_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
}

static void v3_capitalised_host_header_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    for (size_t i = 0; i < headers.count; i++)
        if (strcmp(headers.items[i].key, "host") == 0)
            headers.items[i].key[0] = 'H';
    assert_non_null(kvlist_get(&headers, "Host"));
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void v3_form_body_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .form = "ServiceName=polardb.aliyuncs.com&"
                              "Description=From%20a%20form%20body" };
    struct reply r;

    v3_call(f, &c, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", POLARDB_ROLE);
    assert_jstr(&r, "Role.Description", "From a form body");
    reply_free(&r);
}

static void v1_query_get_and_post_are_accepted(void **state)
{
    struct fx *f = *state;
    struct call get = { .method = "GET", .action = "GetCallerIdentity",
                        .version = STS };
    struct call post = { .method = "POST", .action = "GetRole",
                         .version = RAM,
                         .params = (const char *const[]){
                             "RoleName", POLARDB_ROLE, NULL } };
    struct reply r;

    v1_call(f, &get, &r);
    assert_ok(&r);
    assert_jstr(&r, "Arn", "acs:ram::" ACCT ":root");
    reply_free(&r);
    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    v1_call(f, &post, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", POLARDB_ROLE);
    reply_free(&r);
}

static void v1_form_body_like_pop_core_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = (const char *const[]){
                          "ServiceName", "hdr.aliyuncs.com",
                          "CustomSuffix", "pop-core",
                          "Description", "Made by (pop-core) *style*",
                          NULL } };
    struct kvlist all, headers;
    struct buf body;
    struct reply r;

    kvlist_init(&all);
    kvlist_init(&headers);
    buf_init(&body, BODY_MAX);
    v1_params(f, &c, "JSON", &all);
    v1_sign("POST", KEY_SECRET, &all, &body, NULL);
    assert_int_equal(kvlist_add(&headers, "Host", HOST), 0);
    assert_int_equal(kvlist_add(&headers, "Content-Type",
                                "application/x-www-form-urlencoded"), 0);
    assert_int_equal(kvlist_add(&headers, "x-acs-action", c.action), 0);
    send_raw(f, "POST", "http://" HOST "/", &headers, buf_str(&body), &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", "AliyunServiceRoleForHDR_pop-core");
    assert_jstr(&r, "Role.Description", "Made by (pop-core) *style*");
    reply_free(&r);
    kvlist_free(&all);
    kvlist_free(&headers);
    buf_free(&body);
}

static void typed_sdk_unencoded_marks_are_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = (const char *const[]){
                          "ServiceName", "hdr.aliyuncs.com",
                          "CustomSuffix", "typed",
                          "Description", "it's (really) *fine*!",
                          NULL } };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    /* What the typed clients put on the wire. */
    replace_all(url.data, "%2A", "*");
    replace_all(url.data, "%27", "'");
    replace_all(url.data, "%28", "(");
    replace_all(url.data, "%29", ")");
    replace_all(url.data, "%21", "!");
    url.len = strlen(url.data);
    assert_non_null(strstr(buf_str(&url), "it's%20(really)%20*fine*!"));
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Description", "it's (really) *fine*!");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void typed_sdk_v1_lower_case_format_is_accepted(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS,
                      .params = (const char *const[]){
                          "Extra", "a*b(c)'d!", NULL } };
    struct kvlist all;
    struct buf query, url;
    struct reply r;

    kvlist_init(&all);
    buf_init(&query, BODY_MAX);
    buf_init(&url, BODY_MAX);
    v1_params(f, &c, "json", &all);
    v1_sign("POST", KEY_SECRET, &all, &query, NULL);
    replace_all(query.data, "%2A", "*");
    replace_all(query.data, "%28", "(");
    replace_all(query.data, "%29", ")");
    replace_all(query.data, "%27", "'");
    replace_all(query.data, "%21", "!");
    assert_int_equal(buf_printf(&url, "http://" HOST "/?%s", query.data),
                     BUF_OK);
    send_raw(f, "POST", buf_str(&url), NULL, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "Account");
    reply_free(&r);
    kvlist_free(&all);
    buf_free(&query);
    buf_free(&url);
}

static void demo_key_serves_an_account_without_owner_keys(void **state)
{
    struct fx *f = fx_make(NULL, false);
    struct call c = { .action = "GetCallerIdentity", .version = STS,
                      .key_id = SIM_DEMO_ACCESS_KEY_ID,
                      .secret = SIM_DEMO_ACCESS_KEY_SECRET };
    struct reply r;

    (void)state;
    v3_call(f, &c, &r);
    assert_ok(&r);
    assert_jstr(&r, "AccountId", ACCT);
    reply_free(&r);
    fx_free(f);
}

static void demo_key_is_refused_once_owner_keys_exist(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS,
                      .key_id = SIM_DEMO_ACCESS_KEY_ID,
                      .secret = SIM_DEMO_ACCESS_KEY_SECRET };
    struct reply r;

    v3_call(f, &c, &r);
    assert_error(&r, 404, "InvalidAccessKeyId.NotFound");
    assert_jstr(&r, "Message", "Specified access key is not found.");
    reply_free(&r);
}

/* --- authentication: refused ---------------------------------------------- */

static void tampered_param_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = polardb };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    replace_in(url.data, "polardb", "polardc");
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void added_param_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = polardb };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    assert_int_equal(buf_adds(&url, "&CustomSuffix=x"), BUF_OK);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void tampered_header_is_refused(void **state)
{
    static const char *const names[] = {
        "x-acs-signature-nonce", "x-acs-action", "x-acs-version",
        "x-acs-content-sha256", "host"
    };
    struct fx *f = *state;

    for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS };
        struct kvlist headers;
        struct buf url;
        struct reply r;
        bool changed = false;

        kvlist_init(&headers);
        buf_init(&url, BODY_MAX);
        v3_build(f, &c, &url, &headers);
        for (size_t i = 0; i < headers.count; i++)
            if (strcmp(headers.items[i].key, names[n]) == 0) {
                headers.items[i].value[0] ^= 1;
                changed = true;
            }
        assert_true(changed);
        send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
        /* A changed action or version names another API; the signature
         * is still what catches it. */
        assert_error_code(&r, 400, "SignatureDoesNotMatch");
        reply_free(&r);
        kvlist_free(&headers);
        buf_free(&url);
    }
}

static void tampered_date_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist headers;
    struct buf url;
    struct reply r;
    char *date;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    date = (char *)(uintptr_t)kvlist_get(&headers, "x-acs-date");
    assert_non_null(date);
    /* One second off: still inside the window, so only the signature
     * can tell. */
    date[18] = date[18] == '0' ? '1' : (char)(date[18] - 1);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void tampered_body_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "DeleteServiceLinkedRole", .version = RM,
                      .form = "RoleName=AliyunServiceRoleForPolarDB" };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    send_raw(f, "POST", buf_str(&url), &headers,
             "RoleName=AliyunServiceRoleForPolarDC", &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void wrong_secret_v3_shows_server_string_to_sign(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = polardb, .secret = "not-the-secret" };
    struct kvlist headers;
    struct buf url, sts, want;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    buf_init(&sts, BODY_MAX);
    buf_init(&want, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    client_v3_sts("POST", polardb, &headers, NULL, &sts);
    assert_true(strncmp(buf_str(&sts), "ACS3-HMAC-SHA256\n", 17) == 0);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    assert_int_equal(buf_printf(&want, "%s%s", MISMATCH_PREFIX,
                                buf_str(&sts)), BUF_OK);
    assert_jstr(&r, "Message", buf_str(&want));
    assert_jstr(&r, "Recommend", "https://api.aliyun.com/troubleshoot?q="
                "SignatureDoesNotMatch&product=ResourceManager");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
    buf_free(&sts);
    buf_free(&want);
}

static void wrong_secret_v1_shows_server_string_to_sign(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist all;
    struct buf query, url, sts, want;
    struct reply r;

    kvlist_init(&all);
    buf_init(&query, BODY_MAX);
    buf_init(&url, BODY_MAX);
    buf_init(&sts, BODY_MAX);
    buf_init(&want, BODY_MAX);
    v1_params(f, &c, "JSON", &all);
    v1_sign("GET", "wrong", &all, &query, &sts);
    assert_true(strncmp(buf_str(&sts), "GET&%2F&AccessKeyId%3Dtestid", 28) ==
                0);
    assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                buf_str(&query)), BUF_OK);
    send_raw(f, "GET", buf_str(&url), NULL, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    assert_int_equal(buf_printf(&want, "%s%s", MISMATCH_PREFIX,
                                buf_str(&sts)), BUF_OK);
    assert_jstr(&r, "Message", buf_str(&want));
    reply_free(&r);
    kvlist_free(&all);
    buf_free(&query);
    buf_free(&url);
    buf_free(&sts);
    buf_free(&want);
}

static void v1_method_is_part_of_the_signature(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist all;
    struct buf query, url;
    struct reply r;

    kvlist_init(&all);
    buf_init(&query, BODY_MAX);
    buf_init(&url, BODY_MAX);
    v1_params(f, &c, "JSON", &all);
    v1_sign("GET", KEY_SECRET, &all, &query, NULL);
    assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                buf_str(&query)), BUF_OK);
    send_raw(f, "POST", buf_str(&url), NULL, NULL, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    assert_true(strstr(jstr(r.json, "Message"), "is:POST&%2F&") != NULL);
    reply_free(&r);
    kvlist_free(&all);
    buf_free(&query);
    buf_free(&url);
}

static void unknown_key_is_not_found(void **state)
{
    struct fx *f = *state;
    struct call v3 = { .action = "GetCallerIdentity", .version = STS,
                       .key_id = "LTAInobody" };
    struct reply r;

    v3_call(f, &v3, &r);
    assert_error(&r, 404, "InvalidAccessKeyId.NotFound");
    assert_jstr(&r, "Message", "Specified access key is not found.");
    reply_free(&r);
    v1_call(f, &v3, &r);
    assert_error(&r, 404, "InvalidAccessKeyId.NotFound");
    reply_free(&r);
}

static void missing_authorization_pieces_are_incomplete(void **state)
{
    struct fx *f = *state;
    static const char *const cuts[][2] = {
        { "Credential=testid,", "" },
        { "SignedHeaders=", "Signed=" },
        { ",Signature=", ",Sig=" },
        { "ACS3-HMAC-SHA256 ", "ACS3-HMAC-SHA256" },
        /* host signed no more: a request could be sent anywhere. */
        { "SignedHeaders=host;", "SignedHeaders=" },
    };

    for (size_t n = 0; n <= sizeof(cuts) / sizeof(cuts[0]); n++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS };
        struct kvlist headers;
        struct buf url;
        struct reply r;
        char *auth;

        kvlist_init(&headers);
        buf_init(&url, BODY_MAX);
        v3_build(f, &c, &url, &headers);
        auth = (char *)(uintptr_t)kvlist_get(&headers, "Authorization");
        assert_non_null(auth);
        if (n < sizeof(cuts) / sizeof(cuts[0]))
            replace_in(auth, cuts[n][0], cuts[n][1]);
        else
            kvlist_del(&headers, "Authorization");
        send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
        assert_error(&r, 400, "IncompleteSignature");
        assert_jstr(&r, "Message", "The request signature does not conform "
                    "to Aliyun standards.");
        reply_free(&r);
        kvlist_free(&headers);
        buf_free(&url);
    }
}

static void unsigned_security_header_is_incomplete(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    kvlist_del(&headers, "x-acs-signature-nonce");
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "IncompleteSignature");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void v1_missing_parameters_are_incomplete(void **state)
{
    static const char *const drop[] = {
        "AccessKeyId", "SignatureNonce", "SignatureMethod",
        "SignatureVersion"
    };
    struct fx *f = *state;

    for (size_t n = 0; n < sizeof(drop) / sizeof(drop[0]); n++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS };
        struct kvlist all;
        struct buf query, url;
        struct reply r;

        kvlist_init(&all);
        buf_init(&query, BODY_MAX);
        buf_init(&url, BODY_MAX);
        v1_params(f, &c, "JSON", &all);
        assert_int_equal(kvlist_del(&all, drop[n]), 1);
        v1_sign("GET", KEY_SECRET, &all, &query, NULL);
        assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                    buf_str(&query)), BUF_OK);
        send_raw(f, "GET", buf_str(&url), NULL, NULL, &r);
        assert_error(&r, 400, "IncompleteSignature");
        reply_free(&r);
        kvlist_free(&all);
        buf_free(&query);
        buf_free(&url);
    }
}

static void v1_missing_or_garbled_timestamp(void **state)
{
    struct fx *f = *state;

    for (int garble = 0; garble < 2; garble++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS };
        struct kvlist all;
        struct buf query, url;
        struct reply r;

        kvlist_init(&all);
        buf_init(&query, BODY_MAX);
        buf_init(&url, BODY_MAX);
        v1_params(f, &c, "JSON", &all);
        if (garble)
            assert_int_equal(kvlist_set(&all, "Timestamp",
                                        "2024-02-30T03:04:05Z"), 0);
        else
            assert_int_equal(kvlist_del(&all, "Timestamp"), 1);
        v1_sign("GET", KEY_SECRET, &all, &query, NULL);
        assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                    buf_str(&query)), BUF_OK);
        send_raw(f, "GET", buf_str(&url), NULL, NULL, &r);
        assert_error(&r, 400, garble ? "InvalidTimeStamp.Format"
                                     : "IllegalTimestamp");
        reply_free(&r);
        kvlist_free(&all);
        buf_free(&query);
        buf_free(&url);
    }
}

static void clock_skew_beyond_15_minutes_is_expired(void **state)
{
    static const long skews[] = { 16 * 60, -16 * 60 };
    struct fx *f = *state;

    for (size_t i = 0; i < 2; i++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS,
                          .skew = skews[i] };
        struct reply r;

        v3_call(f, &c, &r);
        assert_error(&r, 400, "InvalidTimeStamp.Expired");
        assert_jstr(&r, "Message",
                    "Specified time stamp or date value is expired.");
        reply_free(&r);
        v1_call(f, &c, &r);
        assert_error(&r, 400, "InvalidTimeStamp.Expired");
        reply_free(&r);
    }
}

static void clock_skew_within_15_minutes_passes(void **state)
{
    static const long skews[] = { 14 * 60, -14 * 60 };
    struct fx *f = *state;

    for (size_t i = 0; i < 2; i++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS,
                          .skew = skews[i] };
        struct reply r;

        v3_call(f, &c, &r);
        assert_ok(&r);
        reply_free(&r);
        v1_call(f, &c, &r);
        assert_ok(&r);
        reply_free(&r);
    }
}

static void clock_offset_moves_the_window(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    sim_account_set_clock_offset(f->a, 20 * 60);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "InvalidTimeStamp.Expired");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void reused_nonce_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS,
                      .nonce = "once-only-0001" };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureNonceUsed");
    assert_jstr(&r, "Message", "Specified signature nonce was used already.");
    reply_free(&r);
    /* A fresh signature with the same nonce is still a reuse, V1 too. */
    v3_call(f, &c, &r);
    assert_error(&r, 400, "SignatureNonceUsed");
    reply_free(&r);
    c.nonce = "once-only-0002";
    v1_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    v1_call(f, &c, &r);
    assert_error(&r, 400, "SignatureNonceUsed");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void refused_request_does_not_spend_its_nonce(void **state)
{
    struct fx *f = *state;
    struct call bad = { .action = "GetCallerIdentity", .version = STS,
                        .nonce = "spent-or-not", .secret = "wrong" };
    struct call good = { .action = "GetCallerIdentity", .version = STS,
                         .nonce = "spent-or-not" };
    struct reply r;

    v3_call(f, &bad, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    v3_call(f, &good, &r);
    assert_ok(&r);
    reply_free(&r);
}

static void nonce_cache_forgets_oldest_when_full(void **state)
{
    struct verify_nonces *n = verify_nonces_new(3);
    time_t now = 1700000000;

    (void)state;
    assert_non_null(n);
    assert_int_equal(verify_nonce_use(n, "k", "a", now), VERIFY_OK);
    assert_int_equal(verify_nonce_use(n, "k", "b", now), VERIFY_OK);
    assert_int_equal(verify_nonce_use(n, "k", "c", now), VERIFY_OK);
    assert_int_equal(verify_nonce_use(n, "k", "a", now), VERIFY_NONCE_USED);
    assert_int_equal(verify_nonce_use(n, "other", "a", now), VERIFY_OK);
    /* "a" of k was the oldest: the fourth nonce pushed it out. */
    assert_int_equal(verify_nonce_use(n, "k", "a", now), VERIFY_OK);
    /* After 15 minutes everything is forgotten. */
    assert_int_equal(verify_nonce_use(n, "k", "c", now + 15 * 60),
                     VERIFY_OK);
    verify_nonces_free(n);
}

static void unknown_action_is_not_found(void **state)
{
    struct fx *f = *state;
    struct reply r;

    simple_call(f, "CreateRole", RM, NULL, &r);
    assert_error(&r, 404, "InvalidAction.NotFound");
    assert_jstr(&r, "Message", "Specified api is not found, please check "
                "your url and method.");
    reply_free(&r);
    simple_call(f, "GetCallerIdentity", "2099-01-01", NULL, &r);
    assert_error(&r, 404, "InvalidAction.NotFound");
    reply_free(&r);
}

/* --- CreateServiceLinkedRole ---------------------------------------------- */

static void create_slr_answers_the_documented_shape(void **state)
{
    struct fx *f = *state;
    struct reply r;
    const char *policy, *date, *id;
    cJSON *doc;
    const cJSON *svc;

    create_role(f, polardb, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", POLARDB_ROLE);
    assert_jstr(&r, "Role.Arn",
                "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb");
    assert_jstr(&r, "Role.Description", POLARDB_DESC);
    assert_jstr(&r, "Role.RolePrincipalName",
                POLARDB_ROLE "@role." ACCT ".onaliyunservice.com");
    assert_true(cJSON_IsTrue(jget(r.json, "Role.IsServiceLinkedRole")));
    id = jstr(r.json, "Role.RoleId");
    assert_non_null(id);
    assert_true(strlen(id) >= 16 && strlen(id) <= 19);
    assert_true(strspn(id, "0123456789") == strlen(id));
    date = jstr(r.json, "Role.CreateDate");
    assert_true(date && strlen(date) == 20 && date[10] == 'T' &&
                date[19] == 'Z');
    policy = jstr(r.json, "Role.AssumeRolePolicyDocument");
    assert_string_equal(policy,
        "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":"
        "\"Allow\",\"Principal\":{\"Service\":[\"polardb.aliyuncs.com\"]}}],"
        "\"Version\":\"1\"}");
    doc = cJSON_Parse(policy);
    assert_non_null(doc);
    svc = jget(cJSON_GetArrayItem(jget(doc, "Statement"), 0),
               "Principal.Service");
    assert_true(cJSON_IsArray(svc));
    assert_int_equal(cJSON_GetArraySize(svc), 1);
    assert_string_equal(cJSON_GetArrayItem(svc, 0)->valuestring,
                        "polardb.aliyuncs.com");
    cJSON_Delete(doc);
    /* The seed's key order: Role first, its RoleName first. */
    assert_true(strncmp(r.text, "{\"Role\":{\"RoleName\":", 19) == 0);
    reply_free(&r);
}

static void create_slr_with_suffix_and_description(void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, (const char *const[]){
        "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", "Dev-1.a",
        "Description", "Ünïcode ok", NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", POLARDB_ROLE "_Dev-1.a");
    assert_jstr(&r, "Role.Arn",
                "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb_dev-1.a");
    assert_jstr(&r, "Role.Description", "Ünïcode ok");
    reply_free(&r);
    /* The default role is another role. */
    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
}

static void create_slr_without_service_name_is_missing_parameter(
    void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, NULL, &r);
    assert_error(&r, 400, "MissingParameter.ServiceName");
    reply_free(&r);
}

static void create_slr_unknown_service_does_not_exist(void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, (const char *const[]){
        "ServiceName", "nothing.aliyuncs.com", NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Service");
    assert_jstr(&r, "Message", "The service does not exist.");
    reply_free(&r);
}

static void create_slr_suffix_not_allowed(void **state)
{
    struct fx *f = *state;
    struct reply r;

    /* custom_suffix: false in the catalogue. */
    create_role(f, (const char *const[]){
        "ServiceName", "ecs.aliyuncs.com", "CustomSuffix", "x", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.CustomSuffix.NotAllowed");
    assert_jstr(&r, "Message",
                "Custom suffix is not allowed for this Service Linked Role.");
    reply_free(&r);
    /* Refused by the account even though the catalogue does not know. */
    assert_int_equal(sim_account_refuse_suffix(f->a, "polardb.aliyuncs.com"),
                     0);
    create_role(f, (const char *const[]){
        "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", "x", NULL },
        &r);
    assert_error(&r, 400, "InvalidParameter.CustomSuffix.NotAllowed");
    reply_free(&r);
}

static void create_slr_suffix_invalid_chars(void **state)
{
    static const char *const bad[] = { "a_b", "a b", "ä", "a/b", "a*" };
    struct fx *f = *state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct reply r;

        create_role(f, (const char *const[]){
            "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", bad[i],
            NULL }, &r);
        assert_error(&r, 400, "InvalidParameter.CustomSuffix.InvalidChars");
        reply_free(&r);
    }
}

static void create_slr_suffix_too_long(void **state)
{
    struct fx *f = *state;
    /* 27 + 1 + 36 = 64 fits; one more does not. */
    char fits[37], over[38];
    struct reply r;

    memset(fits, 'a', 36);
    fits[36] = '\0';
    memset(over, 'a', 37);
    over[37] = '\0';
    assert_int_equal(strlen(POLARDB_ROLE), 27);
    create_role(f, (const char *const[]){
        "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", over, NULL },
        &r);
    assert_error(&r, 400, "InvalidParameter.CustomSuffix.Length");
    reply_free(&r);
    create_role(f, (const char *const[]){
        "ServiceName", "polardb.aliyuncs.com", "CustomSuffix", fits, NULL },
        &r);
    assert_ok(&r);
    assert_int_equal(strlen(jstr(r.json, "Role.RoleName")), 64);
    reply_free(&r);
}

static void create_slr_description_counts_characters(void **state)
{
    struct fx *f = *state;
    /* 1024 CJK characters are 3072 bytes and still fit. */
    char *fits = malloc(1025 * 3 + 1), *over;
    struct reply r;

    assert_non_null(fits);
    for (size_t i = 0; i < 1025; i++)
        memcpy(fits + 3 * i, "\xe4\xb8\xad", 3);
    fits[1025 * 3] = '\0';
    over = strdup(fits);
    assert_non_null(over);
    fits[1024 * 3] = '\0';
    create_role(f, (const char *const[]){
        "ServiceName", "hdr.aliyuncs.com", "CustomSuffix", "over",
        "Description", over, NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.Description.Length");
    reply_free(&r);
    create_role(f, (const char *const[]){
        "ServiceName", "hdr.aliyuncs.com", "CustomSuffix", "fits",
        "Description", fits, NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Description", fits);
    reply_free(&r);
    free(fits);
    free(over);
}

static void create_slr_description_without_suffix_not_allowed(void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, (const char *const[]){
        "ServiceName", "ecs.aliyuncs.com", "Description", "mine", NULL },
        &r);
    assert_error(&r, 400, "InvalidParameter.Description.NotAllowed");
    assert_jstr(&r, "Message", "Custom description is not allowed for "
                "default service linked role.");
    reply_free(&r);
}

static void create_slr_twice_already_exists(void **state)
{
    struct fx *f = *state;
    struct reply r;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    create_role(f, polardb, &r);
    assert_error(&r, 409, "EntityAlreadyExists.Role");
    assert_jstr(&r, "Message", "The role already exists.");
    reply_free(&r);
}

static void create_slr_beyond_role_limit(void **state)
{
    struct catalog cat;
    struct sim_config cfg;
    struct sim_account *a;
    struct buf err;
    struct fx f;
    struct reply r;

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&cat, test_catalog, strlen(test_catalog),
                                   "test", &err), 0);
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &cat;
    cfg.role_limit = 2;
    a = sim_account_new(&cfg, &err);
    assert_non_null(a);
    assert_int_equal(sim_account_add_key(a, KEY_ID, KEY_SECRET), 0);
    memset(&f, 0, sizeof(f));
    f.a = a;
    f.t = sim_transport_new(a, 0);
    create_role(&f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    create_role(&f, (const char *const[]){
        "ServiceName", "hdr.aliyuncs.com", NULL }, &r);
    assert_ok(&r);
    reply_free(&r);
    create_role(&f, (const char *const[]){
        "ServiceName", "hdr.aliyuncs.com", "CustomSuffix", "three", NULL },
        &r);
    assert_error(&r, 409, "LimitExceeded.Role");
    assert_jstr(&r, "Message", "The maximum number of roles is exceeded.");
    reply_free(&r);
    transport_destroy(f.t);
    sim_account_free(a);
    catalog_free(&cat);
    buf_free(&err);
}

/* --- GetRole, ListRoles --------------------------------------------------- */

static void get_role_rm_and_ram(void **state)
{
    static const char *const versions[] = { RM, RAM };
    struct fx *f = *state;
    struct reply created, r;

    create_role(f, polardb, &created);
    assert_ok(&created);
    for (size_t i = 0; i < 2; i++) {
        simple_call(f, "GetRole", versions[i], (const char *const[]){
            "RoleName", "aliyunserviceroleforpolardb", NULL }, &r);
        assert_ok(&r);
        assert_jstr(&r, "Role.RoleName", POLARDB_ROLE);
        assert_jstr(&r, "Role.RoleId", jstr(created.json, "Role.RoleId"));
        assert_jstr(&r, "Role.Arn", jstr(created.json, "Role.Arn"));
        assert_jstr(&r, "Role.CreateDate",
                    jstr(created.json, "Role.CreateDate"));
        assert_jstr(&r, "Role.UpdateDate",
                    jstr(created.json, "Role.CreateDate"));
        assert_jstr(&r, "Role.AssumeRolePolicyDocument",
                    jstr(created.json, "Role.AssumeRolePolicyDocument"));
        assert_int_equal(jget(r.json, "Role.MaxSessionDuration")->valueint,
                         3600);
        assert_true(strncmp(r.text, "{\"RequestId\":", 13) == 0);
        reply_free(&r);
    }
    reply_free(&created);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", "NoSuchRole", NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    assert_jstr(&r, "Message", "The role does not exist.");
    reply_free(&r);
    simple_call(f, "GetRole", RAM, NULL, &r);
    assert_error(&r, 400, "MissingParameter.RoleName");
    reply_free(&r);
}

static void list_roles_pages_with_marker(void **state)
{
    static const char *const suffixes[] = { NULL, "b", "c" };
    struct fx *f = *state;
    const cJSON *roles;
    char *marker;
    struct reply r;

    for (size_t i = 0; i < 3; i++) {
        create_role(f, (const char *const[]){
            "ServiceName", "polardb.aliyuncs.com",
            suffixes[i] ? "CustomSuffix" : NULL, suffixes[i], NULL }, &r);
        assert_ok(&r);
        reply_free(&r);
    }
    simple_call(f, "ListRoles", RAM, NULL, &r);
    assert_ok(&r);
    assert_true(cJSON_IsFalse(jget(r.json, "IsTruncated")));
    assert_null(jget(r.json, "Marker"));
    assert_int_equal(cJSON_GetArraySize(jget(r.json, "Roles.Role")), 3);
    reply_free(&r);

    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "MaxItems", "2", NULL }, &r);
    assert_ok(&r);
    assert_true(cJSON_IsTrue(jget(r.json, "IsTruncated")));
    roles = jget(r.json, "Roles.Role");
    assert_int_equal(cJSON_GetArraySize(roles), 2);
    assert_string_equal(jstr(cJSON_GetArrayItem(roles, 0), "RoleName"),
                        POLARDB_ROLE);
    assert_string_equal(jstr(cJSON_GetArrayItem(roles, 1), "RoleName"),
                        POLARDB_ROLE "_b");
    assert_int_equal(jget(cJSON_GetArrayItem(roles, 1),
                          "MaxSessionDuration")->valueint, 3600);
    marker = strdup(jstr(r.json, "Marker"));
    assert_non_null(marker);
    reply_free(&r);

    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "MaxItems", "2", "Marker", marker, NULL }, &r);
    assert_ok(&r);
    assert_true(cJSON_IsFalse(jget(r.json, "IsTruncated")));
    assert_null(jget(r.json, "Marker"));
    roles = jget(r.json, "Roles.Role");
    assert_int_equal(cJSON_GetArraySize(roles), 1);
    assert_string_equal(jstr(cJSON_GetArrayItem(roles, 0), "RoleName"),
                        POLARDB_ROLE "_c");
    reply_free(&r);
    free(marker);

    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "MaxItems", "0", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.MaxItems");
    reply_free(&r);
    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "MaxItems", "1001", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.MaxItems");
    reply_free(&r);
    simple_call(f, "ListRoles", RAM, (const char *const[]){
        "Marker", "garbage", NULL }, &r);
    assert_error(&r, 400, "InvalidParameter.Marker");
    reply_free(&r);
}

/* --- deletion ------------------------------------------------------------- */

static char *delete_role(struct fx *f, const char *name)
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

static void deletion_status(struct fx *f, const char *task, struct reply *r)
{
    simple_call(f, "GetServiceLinkedRoleDeletionStatus", RM,
                (const char *const[]){ "DeletionTaskId", task, NULL }, r);
}

static void delete_slr_in_progress_then_succeeded(void **state)
{
    static const char prefix[] =
        "task/acs-service-role/polardb.aliyuncs.com/" POLARDB_ROLE "/";
    struct fx *f = *state;
    struct reply r;
    char *task;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    task = delete_role(f, POLARDB_ROLE);
    assert_true(strncmp(task, prefix, strlen(prefix)) == 0);
    assert_int_equal(strlen(task), strlen(prefix) + 36);
    deletion_status(f, task, &r);
    assert_ok(&r);
    assert_jstr(&r, "Status", "IN_PROGRESS");
    assert_null(jget(r.json, "Reason"));
    reply_free(&r);
    /* Still there while the task runs. */
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.LatestDeletionTask.DeletionTaskId", task);
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_ok(&r);
    assert_jstr(&r, "Status", "SUCCEEDED");
    reply_free(&r);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_jstr(&r, "Status", "SUCCEEDED");
    reply_free(&r);
    free(task);
}

static void delete_slr_in_use_fails_with_usages(void **state)
{
    struct fx *f = *state;
    const cJSON *usage;
    struct reply r;
    char *task;

    create_role(f, polardb, &r);
    assert_ok(&r);
    reply_free(&r);
    assert_int_equal(sim_account_mark_in_use(f->a, POLARDB_ROLE), 0);
    task = delete_role(f, POLARDB_ROLE);
    deletion_status(f, task, &r);
    assert_jstr(&r, "Status", "IN_PROGRESS");
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_ok(&r);
    assert_jstr(&r, "Status", "FAILED");
    assert_jstr(&r, "Reason.Message",
                "Service-Linked Role acs:ram::" ACCT
                ":role/aliyunserviceroleforpolardb cannot be deleted as it "
                "is in use by polardb.aliyuncs.com.");
    usage = cJSON_GetArrayItem(jget(r.json, "Reason.RoleUsages.RoleUsage"),
                               0);
    assert_non_null(usage);
    assert_string_equal(jstr(usage, "Region"), "cn-hangzhou");
    assert_int_equal(cJSON_GetArraySize(jget(usage, "Resources.Resource")),
                     1);
    reply_free(&r);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_ok(&r);
    reply_free(&r);
    free(task);
}

static void delete_errors(void **state)
{
    struct fx *f = *state;
    struct reply r;

    simple_call(f, "DeleteServiceLinkedRole", RM, (const char *const[]){
        "RoleName", "Nobody", NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    simple_call(f, "DeleteServiceLinkedRole", RM, NULL, &r);
    assert_error(&r, 400, "MissingParameter.RoleName");
    reply_free(&r);
    deletion_status(f, "task/acs-service-role/x/y/z", &r);
    assert_error(&r, 404, "EntityNotExist.DeletionTask");
    reply_free(&r);
}

/* --- DBS ------------------------------------------------------------------ */

static void dbs_init_twice(void **state)
{
    static const char prefix[] =
        "EntityAlreadyExists.Role : The role already exists:"
        "AliyunServiceRoleForDBS\r\nRequestId : ";
    struct fx *f = *state;
    const char *msg;
    struct reply r;

    simple_call(f, "InitializeDbsServiceLinkedRole", DBS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "Data", "null");
    assert_jstr(&r, "Success", "true");
    assert_null(jget(r.json, "ErrorCode"));
    reply_free(&r);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", "AliyunServiceRoleForDBS", NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Description", "DBS role.");
    assert_true(strstr(jstr(r.json, "Role.AssumeRolePolicyDocument"),
                       "[\"dbs.aliyuncs.com\"]") != NULL);
    reply_free(&r);
    simple_call(f, "InitializeDbsServiceLinkedRole", DBS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "Data", "null");
    assert_jstr(&r, "Success", "true");
    assert_jstr(&r, "ErrorCode", "EntityAlreadyExists.Role");
    msg = jstr(r.json, "ErrMessage");
    assert_non_null(msg);
    assert_true(strncmp(msg, prefix, strlen(prefix)) == 0);
    assert_true(looks_like_request_id(msg + strlen(prefix)));
    assert_true(strncmp(r.text, "{\"Data\":\"null\",\"RequestId\":", 27) ==
                0);
    reply_free(&r);
}

/* --- permissions and identities ------------------------------------------- */

static void ram_user_has_no_permission(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                      .params = polardb, .key_id = USER_ID,
                      .secret = USER_SECRET };
    struct reply r;

    v3_call(f, &c, &r);
    assert_error(&r, 403, "NoPermission");
    assert_jstr(&r, "Message", "You are not authorized to do this action. "
                "You should be authorized by RAM.");
    reply_free(&r);
    c.action = "ListRoles";
    c.version = RAM;
    c.params = NULL;
    v1_call(f, &c, &r);
    assert_error(&r, 403, "NoPermission");
    reply_free(&r);
    c.action = "InitializeDbsServiceLinkedRole";
    c.version = DBS;
    v3_call(f, &c, &r);
    assert_error(&r, 403, "Request.Forbidden");
    assert_jstr(&r, "Message", "Have no Permissions");
    reply_free(&r);
}

static void caller_identity_of_root_and_user(void **state)
{
    struct fx *f = *state;
    struct call user = { .action = "GetCallerIdentity", .version = STS,
                         .key_id = USER_ID, .secret = USER_SECRET };
    struct reply r;
    const char *uid;

    simple_call(f, "GetCallerIdentity", STS, NULL, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "Account");
    assert_jstr(&r, "AccountId", ACCT);
    assert_jstr(&r, "UserId", ACCT);
    assert_jstr(&r, "PrincipalId", ACCT);
    assert_jstr(&r, "Arn", "acs:ram::" ACCT ":root");
    assert_null(jget(r.json, "RoleId"));
    reply_free(&r);
    v3_call(f, &user, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "RAMUser");
    assert_jstr(&r, "AccountId", ACCT);
    assert_jstr(&r, "Arn", "acs:ram::" ACCT ":user/alice");
    uid = jstr(r.json, "UserId");
    assert_non_null(uid);
    assert_true(strspn(uid, "0123456789") == strlen(uid));
    assert_jstr(&r, "PrincipalId", uid);
    reply_free(&r);
}

struct sts_creds {
    char *id, *secret, *token;
};

static void assume(struct fx *f, const char *arn, const char *duration,
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

static void sts_creds_free(struct sts_creds *c)
{
    free(c->id);
    free(c->secret);
    free(c->token);
}

static void assume_role_then_call_with_sts_key(void **state)
{
    static const char arn[] = "acs:ram::1111222233334444:role/deployer";
    struct fx *f = *state;
    struct sts_creds creds;
    struct reply r;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    char *role_id;
    time_t now = sim_account_now(f->a);
    time_t expires;

    assert_int_equal(sim_account_add_assumable_role(f->a, arn), 0);
    assume(f, arn, NULL, &creds, &r);
    assert_true(strncmp(creds.id, "STS.", 4) == 0);
    assert_jstr(&r, "AssumedRoleUser.Arn",
                "acs:ram::1111222233334444:assumed-role/deployer/ci-run");
    assert_non_null(strstr(jstr(r.json, "AssumedRoleUser.AssumedRoleId"),
                           ":ci-run"));
    expires = clock_parse_utc(jstr(r.json, "Credentials.Expiration"));
    assert_true(expires != (time_t)-1);
    assert_true(expires >= now + 3600 && expires <= now + 3610);
    role_id = strdup(jstr(r.json, "AssumedRoleUser.AssumedRoleId"));
    assert_non_null(role_id);
    *strchr(role_id, ':') = '\0';
    reply_free(&r);

    c.key_id = creds.id;
    c.secret = creds.secret;
    c.token = creds.token;
    v3_call(f, &c, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "AssumedRoleUser");
    assert_jstr(&r, "AccountId", "1111222233334444");
    assert_jstr(&r, "RoleId", role_id);
    assert_jstr(&r, "Arn",
                "acs:ram::1111222233334444:assumed-role/deployer/ci-run");
    assert_null(jget(r.json, "UserId"));
    reply_free(&r);
    v1_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    /* A session has full rights. */
    c.action = "CreateServiceLinkedRole";
    c.version = RM;
    c.params = polardb;
    v3_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    free(role_id);
    sts_creds_free(&creds);
}

static void assume_role_of_the_account_and_refusals(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assume(f, "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb", NULL,
           NULL, &r);
    assert_error(&r, 404, "EntityNotExist.Role");
    reply_free(&r);
    create_role(f, polardb, &r);
    reply_free(&r);
    assume(f, "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb", "900",
           NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    assume(f, "acs:ram::" ACCT ":role/aliyunserviceroleforpolardb", "899",
           NULL, &r);
    assert_error(&r, 400, "InvalidParameter.DurationSeconds");
    reply_free(&r);
    assume(f, "arn:aws:iam::1:role/x", NULL, NULL, &r);
    assert_error(&r, 400, "InvalidParameter.RoleArn");
    reply_free(&r);
    simple_call(f, "AssumeRole", STS, NULL, &r);
    assert_error(&r, 400, "MissingParameter.RoleArn");
    reply_free(&r);
}

static void sts_token_must_match_and_not_expire(void **state)
{
    static const char arn[] = "acs:ram::1111222233334444:role/deployer";
    struct fx *f = *state;
    struct sts_creds creds;
    struct reply r;
    struct call c = { .action = "GetCallerIdentity", .version = STS };

    assert_int_equal(sim_account_add_assumable_role(f->a, arn), 0);
    assume(f, arn, "900", &creds, &r);
    reply_free(&r);
    c.key_id = creds.id;
    c.secret = creds.secret;
    c.token = "CAISnot-the-token";
    v3_call(f, &c, &r);
    assert_error(&r, 400, "InvalidSecurityToken.MismatchWithAccessKey");
    reply_free(&r);
    c.token = NULL;
    v1_call(f, &c, &r);
    assert_error(&r, 400, "InvalidSecurityToken.MismatchWithAccessKey");
    reply_free(&r);
    c.token = creds.token;
    sim_account_set_clock_offset(f->a, 901);
    v3_call(f, &c, &r);
    assert_error(&r, 400, "InvalidSecurityToken.Expired");
    reply_free(&r);
    sts_creds_free(&creds);
}

/* --- unsigned endpoints: ECS metadata and a credentials URI --------------- */

#define IMDS_HOST "http://100.100.100.200"
#define IMDS_TOKEN "/latest/api/token"
#define IMDS_ROLES "/latest/meta-data/ram/security-credentials/"
#define IMDS_ROLE "EcsInstanceRole"
#define IMDS_CREDS IMDS_ROLES IMDS_ROLE
#define TTL_HEADER "X-aliyun-ecs-metadata-token-ttl-seconds"
#define TOKEN_HEADER "X-aliyun-ecs-metadata-token"

/* An unsigned request as a credentials client sends it: no signature,
 * ttl and token as headers when given. */
static void send_unsigned(struct fx *f, const char *method, const char *path,
                          const char *ttl, const char *token,
                          struct reply *r)
{
    struct kvlist headers;
    struct buf url;

    kvlist_init(&headers);
    buf_init(&url, 4096);
    assert_int_equal(buf_printf(&url, IMDS_HOST "%s", path), BUF_OK);
    if (ttl)
        assert_int_equal(kvlist_add(&headers, TTL_HEADER, ttl), 0);
    if (token)
        assert_int_equal(kvlist_add(&headers, TOKEN_HEADER, token), 0);
    send_any(f, method, buf_str(&url), &headers, NULL, r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void assert_status(const struct reply *r, long status)
{
    if (r->status != status)
        fail_msg("expected %ld, got %ld: %s", status, r->status, r->text);
}

/* A token from PUT /latest/api/token, which must succeed. */
static char *imds_token(struct fx *f, const char *ttl)
{
    struct reply r;
    char *token;

    send_unsigned(f, "PUT", IMDS_TOKEN, ttl, NULL, &r);
    assert_status(&r, 200);
    token = strdup(r.text);
    assert_non_null(token);
    reply_free(&r);
    return token;
}

/* Credentials from a metadata or credentials-URI answer. */
static void creds_of(const struct reply *r, struct sts_creds *out)
{
    assert_status(r, 200);
    assert_non_null(r->json);
    out->id = strdup(jstr(r->json, "AccessKeyId"));
    out->secret = strdup(jstr(r->json, "AccessKeySecret"));
    out->token = strdup(jstr(r->json, "SecurityToken"));
    assert_non_null(out->id);
    assert_non_null(out->secret);
    assert_non_null(out->token);
    assert_true(strncmp(out->id, "STS.", 4) == 0);
}

/* GetCallerIdentity signed with c, into r. */
static void whoami_with(struct fx *f, const struct sts_creds *c,
                        struct reply *r)
{
    struct call call = { .action = "GetCallerIdentity", .version = STS,
                         .key_id = c->id, .secret = c->secret,
                         .token = c->token };

    v3_call(f, &call, r);
}

static void assert_expires_in(const struct reply *r, const char *path,
                              time_t now, long seconds)
{
    time_t t;

    assert_non_null(jstr(r->json, path));
    t = clock_parse_utc(jstr(r->json, path));
    assert_true(t != (time_t)-1);
    if (t < now + seconds || t > now + seconds + 10)
        fail_msg("%s is %lld s away, not %ld", path,
                 (long long)(t - now), seconds);
}

static void unsigned_endpoints_are_off_by_default(void **state)
{
    static const char *const paths[] = {
        IMDS_ROLES, IMDS_CREDS, "/latest/meta-data/instance-id",
        "/credentials",
    };
    struct fx *f = *state;
    struct reply r;

    send_unsigned(f, "PUT", IMDS_TOKEN, "60", NULL, &r);
    assert_status(&r, 404);
    assert_string_equal(r.text, "Not Found\n");
    reply_free(&r);
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        send_unsigned(f, "GET", paths[i], NULL, NULL, &r);
        assert_status(&r, 404);
        /* Told apart by path, never taken for an unsigned RPC call. */
        assert_null(r.json);
        reply_free(&r);
    }
    /* Tries are counted even so: a test can see a client try. */
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_TOKEN), 1);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_ROLE_LIST), 1);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_CREDENTIALS), 1);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_CREDENTIALS_URI), 1);
    /* Other paths are still signed RPC. */
    send_any(f, "GET", IMDS_HOST "/latest", NULL, NULL, &r);
    assert_error_code(&r, 400, "IncompleteSignature");
    reply_free(&r);
}

static void imds_token_put_and_ttl_bounds(void **state)
{
    static const char *const bad[] = { "0", "21601", "-5", "60s", "", NULL };
    struct fx *f = *state;
    struct reply r;
    char *one, *two;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    one = imds_token(f, "1");
    two = imds_token(f, "21600");
    assert_true(strlen(one) >= 32);
    assert_true(strspn(one, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                            "vwxyz0123456789") == strlen(one));
    assert_string_not_equal(one, two);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        send_unsigned(f, "PUT", IMDS_TOKEN, bad[i], NULL, &r);
        assert_status(&r, 400);
        reply_free(&r);
    }
    send_unsigned(f, "GET", IMDS_TOKEN, "60", NULL, &r);
    assert_status(&r, 405);
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_TOKEN), 9);
    free(one);
    free(two);
}

static void imds_lists_the_role_and_nothing_else(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 200);
    assert_string_equal(r.text, IMDS_ROLE);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_ROLES "SomeOtherRole", NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS "/extra", NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    send_unsigned(f, "GET", "/latest/meta-data/ram/security-credentials",
                  NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    send_unsigned(f, "PUT", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 405);
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_ROLE_LIST), 2);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_CREDENTIALS), 2);
}

static void imds_credentials_have_the_documented_fields(void **state)
{
    static const char *const order[] = {
        "AccessKeyId", "AccessKeySecret", "Expiration", "SecurityToken",
        "LastUpdated", "Code",
    };
    struct fx *f = *state;
    struct sts_creds one, two;
    const cJSON *item;
    struct reply r;
    time_t now = sim_account_now(f->a);
    char *token;
    size_t i = 0;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    token = imds_token(f, "21600");
    send_unsigned(f, "GET", IMDS_CREDS, NULL, token, &r);
    creds_of(&r, &one);
    assert_jstr(&r, "Code", "Success");
    assert_expires_in(&r, "Expiration", now, 3600);
    assert_expires_in(&r, "LastUpdated", now, 0);
    cJSON_ArrayForEach(item, r.json) {
        assert_true(i < sizeof(order) / sizeof(order[0]));
        assert_string_equal(item->string, order[i++]);
    }
    assert_int_equal(i, sizeof(order) / sizeof(order[0]));
    reply_free(&r);
    /* Every fetch is a new session, so a refresh shows. */
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    creds_of(&r, &two);
    assert_string_not_equal(one.id, two.id);
    assert_string_not_equal(one.token, two.token);
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_IMDS_CREDENTIALS), 2);
    sts_creds_free(&one);
    sts_creds_free(&two);
    free(token);
}

static void imds_credentials_sign_as_the_assumed_role(void **state)
{
    static const char prefix[] =
        "acs:ram::" ACCT ":assumed-role/" IMDS_ROLE "/i-";
    struct fx *f = *state;
    struct sts_creds creds;
    struct reply r;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    const char *arn, *role_id;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    creds_of(&r, &creds);
    reply_free(&r);
    whoami_with(f, &creds, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "AssumedRoleUser");
    assert_jstr(&r, "AccountId", ACCT);
    arn = jstr(r.json, "Arn");
    assert_non_null(arn);
    if (strncmp(arn, prefix, strlen(prefix)) != 0)
        fail_msg("unexpected Arn %s", arn);
    role_id = jstr(r.json, "RoleId");
    assert_non_null(role_id);
    assert_true(strspn(role_id, "0123456789") == strlen(role_id));
    reply_free(&r);
    /* V1 too, and with full rights. */
    c.key_id = creds.id;
    c.secret = creds.secret;
    c.token = creds.token;
    v1_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    c.action = "CreateServiceLinkedRole";
    c.version = RM;
    c.params = polardb;
    v3_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    sts_creds_free(&creds);
}

static void imds_v2_only_wants_a_valid_token(void **state)
{
    struct fx *f = *state;
    struct reply r;
    char *token, *brief;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_V2), 0);
    send_unsigned(f, "GET", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 401);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 401);
    reply_free(&r);
    token = imds_token(f, "60");
    brief = imds_token(f, "1");
    send_unsigned(f, "GET", IMDS_ROLES, NULL, token, &r);
    assert_status(&r, 200);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, token, &r);
    assert_status(&r, 200);
    assert_jstr(&r, "Code", "Success");
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, "not-a-token", &r);
    assert_status(&r, 401);
    reply_free(&r);
    /* Tokens expire by the account's clock. */
    sim_account_set_clock_offset(f->a, 2);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, brief, &r);
    assert_status(&r, 401);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, token, &r);
    assert_status(&r, 200);
    reply_free(&r);
    sim_account_set_clock_offset(f->a, 61);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, token, &r);
    assert_status(&r, 401);
    reply_free(&r);
    free(token);
    free(brief);
}

static void imds_both_answers_v1_but_checks_a_sent_token(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 200);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, "forged", &r);
    assert_status(&r, 401);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_ROLES, NULL, "forged", &r);
    assert_status(&r, 401);
    reply_free(&r);
}

static void imds_v1_only_refuses_the_token_put(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_V1), 0);
    send_unsigned(f, "PUT", IMDS_TOKEN, "21600", NULL, &r);
    assert_status(&r, 403);
    reply_free(&r);
    /* The client falls back to plain GETs, which are answered. */
    send_unsigned(f, "GET", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 200);
    assert_string_equal(r.text, IMDS_ROLE);
    reply_free(&r);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 200);
    assert_jstr(&r, "Code", "Success");
    reply_free(&r);
    /* No token was handed out, so a sent one is not looked at. */
    send_unsigned(f, "GET", IMDS_CREDS, NULL, "whatever", &r);
    assert_status(&r, 200);
    reply_free(&r);
}

static void metadata_role_setting_checks_and_turns_off(void **state)
{
    struct fx *f = *state;
    struct reply r;

    assert_int_equal(sim_account_set_metadata_role(f->a, "", SIM_IMDS_BOTH),
                     -1);
    assert_int_equal(sim_account_set_metadata_role(f->a, "a b",
                                                   SIM_IMDS_BOTH), -1);
    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE, 7), -1);
    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_V2), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 401);
    reply_free(&r);
    assert_int_equal(sim_account_set_metadata_role(f->a, NULL,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
}

static void short_sessions_expire_and_refresh(void **state)
{
    static const char arn[] = "acs:ram::1111222233334444:role/deployer";
    struct fx *f = *state;
    struct sts_creds one, two;
    struct reply r;
    time_t now = sim_account_now(f->a);

    sim_account_set_session_seconds(f->a, 60);
    assert_int_equal(sim_account_set_metadata_role(f->a, IMDS_ROLE,
                                                   SIM_IMDS_BOTH), 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    creds_of(&r, &one);
    assert_expires_in(&r, "Expiration", now, 60);
    reply_free(&r);
    whoami_with(f, &one, &r);
    assert_ok(&r);
    reply_free(&r);
    sim_account_set_clock_offset(f->a, 61);
    whoami_with(f, &one, &r);
    assert_error(&r, 400, "InvalidSecurityToken.Expired");
    reply_free(&r);
    /* A refresh is a new key, good for another 60 s of the moved clock. */
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    creds_of(&r, &two);
    assert_expires_in(&r, "Expiration", now + 61, 60);
    reply_free(&r);
    assert_string_not_equal(one.id, two.id);
    whoami_with(f, &two, &r);
    assert_ok(&r);
    reply_free(&r);
    /* AssumeRole without DurationSeconds follows the setting too. */
    assert_int_equal(sim_account_add_assumable_role(f->a, arn), 0);
    assume(f, arn, NULL, NULL, &r);
    assert_ok(&r);
    assert_expires_in(&r, "Credentials.Expiration", now + 61, 60);
    reply_free(&r);
    assume(f, arn, "900", NULL, &r);
    assert_expires_in(&r, "Credentials.Expiration", now + 61, 900);
    reply_free(&r);
    /* Out of range restores the default. */
    sim_account_set_session_seconds(f->a, 0);
    send_unsigned(f, "GET", IMDS_CREDS, NULL, NULL, &r);
    assert_expires_in(&r, "Expiration", now + 61, 3600);
    reply_free(&r);
    sts_creds_free(&one);
    sts_creds_free(&two);
}

static void credentials_uri_enabled_and_disabled(void **state)
{
    static const char *const order[] = {
        "Code", "AccessKeyId", "AccessKeySecret", "SecurityToken",
        "Expiration",
    };
    struct fx *f = *state;
    struct sts_creds one, two;
    const cJSON *item;
    struct reply r;
    time_t now = sim_account_now(f->a);
    size_t i = 0;

    send_unsigned(f, "GET", "/credentials", NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    assert_int_equal(sim_account_enable_credentials_uri(f->a), 0);
    /* The metadata service stays off. */
    send_unsigned(f, "GET", IMDS_ROLES, NULL, NULL, &r);
    assert_status(&r, 404);
    reply_free(&r);
    send_unsigned(f, "GET", "/credentials", NULL, NULL, &r);
    creds_of(&r, &one);
    assert_jstr(&r, "Code", "Success");
    assert_expires_in(&r, "Expiration", now, 3600);
    cJSON_ArrayForEach(item, r.json) {
        assert_true(i < sizeof(order) / sizeof(order[0]));
        assert_string_equal(item->string, order[i++]);
    }
    assert_int_equal(i, sizeof(order) / sizeof(order[0]));
    reply_free(&r);
    send_unsigned(f, "GET", "/credentials?x=1", NULL, NULL, &r);
    creds_of(&r, &two);
    assert_string_not_equal(one.id, two.id);
    reply_free(&r);
    send_unsigned(f, "POST", "/credentials", NULL, NULL, &r);
    assert_status(&r, 405);
    reply_free(&r);
    send_unsigned(f, "GET", "/credentials/", NULL, NULL, &r);
    assert_error_code(&r, 400, "IncompleteSignature");
    reply_free(&r);
    whoami_with(f, &one, &r);
    assert_ok(&r);
    assert_jstr(&r, "IdentityType", "AssumedRoleUser");
    assert_jstr(&r, "Arn", "acs:ram::" ACCT ":assumed-role/"
                "linkrole-sim-credentials-uri/credentials-uri");
    reply_free(&r);
    assert_int_equal(sim_account_count(f->a, SIM_COUNT_CREDENTIALS_URI), 4);
    sts_creds_free(&one);
    sts_creds_free(&two);
}

/* --- the state file ------------------------------------------------------- */

static char *temp_dir(void)
{
    char tmpl[] = "/tmp/test_sim.XXXXXX";
    char *d = mkdtemp(tmpl);

    assert_non_null(d);
    d = strdup(d);
    assert_non_null(d);
    return d;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");

    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static void state_file_round_trip(void **state)
{
    char *dir = temp_dir();
    char path[256];
    struct fx *f;
    struct reply r;
    char *role_id, *task;
    FILE *fp;
    char text[8192];
    size_t n;
    cJSON *doc;

    (void)state;
    snprintf(path, sizeof(path), "%s/state.json", dir);
    f = fx_make(path, true);
    create_role(f, polardb, &r);
    assert_ok(&r);
    role_id = strdup(jstr(r.json, "Role.RoleId"));
    reply_free(&r);
    simple_call(f, "InitializeDbsServiceLinkedRole", DBS, NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    fx_free(f);

    fp = fopen(path, "r");
    assert_non_null(fp);
    n = fread(text, 1, sizeof(text) - 1, fp);
    fclose(fp);
    text[n] = '\0';
    doc = cJSON_Parse(text);
    assert_non_null(doc);
    assert_int_equal(jget(doc, "schema")->valueint, 1);
    assert_string_equal(jstr(doc, "account_id"), ACCT);
    assert_int_equal(cJSON_GetArraySize(jget(doc, "roles")), 2);
    cJSON_Delete(doc);

    f = fx_make(path, true);
    simple_call(f, "GetRole", RM, (const char *const[]){
        "RoleName", POLARDB_ROLE, NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleId", role_id);
    reply_free(&r);
    /* Deleting is saved too. */
    task = delete_role(f, POLARDB_ROLE);
    deletion_status(f, task, &r);
    reply_free(&r);
    deletion_status(f, task, &r);
    assert_jstr(&r, "Status", "SUCCEEDED");
    reply_free(&r);
    fx_free(f);
    f = fx_make(path, true);
    simple_call(f, "ListRoles", RAM, NULL, &r);
    assert_int_equal(cJSON_GetArraySize(jget(r.json, "Roles.Role")), 1);
    assert_string_equal(jstr(cJSON_GetArrayItem(jget(r.json, "Roles.Role"),
                                                0), "RoleName"),
                        "AliyunServiceRoleForDBS");
    reply_free(&r);
    fx_free(f);
    free(task);
    free(role_id);
    unlink(path);
    rmdir(dir);
    free(dir);
}

static void state_file_keeps_its_account_id_and_plain_roles(void **state)
{
    char *dir = temp_dir();
    char path[256];
    struct fx *f;
    struct reply r;

    (void)state;
    snprintf(path, sizeof(path), "%s/state.json", dir);
    write_text(path,
        "{\"schema\": 1, \"account_id\": \"5555000011112222\", \"roles\": ["
        "{\"role_id\": \"300000000000000001\", \"role_name\": \"Deployer\","
        " \"service_linked\": false, \"create_date\": "
        "\"2024-01-02T03:04:05Z\"}]}");
    f = fx_make(path, true);
    simple_call(f, "GetCallerIdentity", STS, NULL, &r);
    assert_jstr(&r, "AccountId", "5555000011112222");
    reply_free(&r);
    simple_call(f, "GetRole", RAM, (const char *const[]){
        "RoleName", "Deployer", NULL }, &r);
    assert_ok(&r);
    assert_jstr(&r, "Role.Arn", "acs:ram::5555000011112222:role/deployer");
    assert_jstr(&r, "Role.CreateDate", "2024-01-02T03:04:05Z");
    assert_true(cJSON_IsFalse(jget(r.json, "Role.IsServiceLinkedRole")));
    reply_free(&r);
    simple_call(f, "DeleteServiceLinkedRole", RM, (const char *const[]){
        "RoleName", "Deployer", NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.ServiceLinkedRole");
    assert_jstr(&r, "Message",
                "This role exists but is not a Service Linked Role.");
    reply_free(&r);
    fx_free(f);
    unlink(path);
    rmdir(dir);
    free(dir);
}

static void broken_state_file_names_file_and_problem(void **state)
{
    static const struct {
        const char *text;
        const char *problem;
    } cases[] = {
        { "{\"schema\": 1,\n \"roles\": [", ":2:" },
        { "[]", "must hold a JSON object" },
        { "{\"schema\": 2, \"account_id\": \"1\", \"roles\": []}",
          "\"schema\" must be 1" },
        { "{\"schema\": 1, \"account_id\": \"12ab\", \"roles\": []}",
          "\"account_id\" must be a string of 1-32 digits" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": {}}",
          "\"roles\" must be an array" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": [{\"role_id\":"
          " \"1\", \"service_linked\": true, \"service_name\": \"a\","
          " \"create_date\": \"2024-01-02T03:04:05Z\"}]}",
          "roles[0]: \"role_name\" is missing" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": [{\"role_id\":"
          " \"1\", \"role_name\": \"R\", \"service_linked\": true,"
          " \"create_date\": \"2024-01-02T03:04:05Z\"}]}",
          "roles[0]: a service-linked role needs \"service_name\"" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": [{\"role_id\":"
          " \"1\", \"role_name\": \"R\", \"service_linked\": false,"
          " \"create_date\": \"yesterday\"}]}",
          "roles[0]: \"create_date\" must look like" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": ["
          "{\"role_id\": \"1\", \"role_name\": \"R\", \"service_linked\":"
          " false, \"create_date\": \"2024-01-02T03:04:05Z\"},"
          "{\"role_id\": \"2\", \"role_name\": \"r\", \"service_linked\":"
          " false, \"create_date\": \"2024-01-02T03:04:05Z\"}]}",
          "roles[1]: role \"r\" appears twice" },
        { "{\"schema\": 1, \"account_id\": \"1\", \"roles\": [{\"role_id\":"
          " \"1\", \"role_name\": \"bad name\", \"service_linked\": false,"
          " \"create_date\": \"2024-01-02T03:04:05Z\"}]}",
          "roles[0]: \"role_name\" must be" },
    };
    char *dir = temp_dir();
    char path[256];
    struct catalog cat;
    struct sim_config cfg;
    struct buf err;

    (void)state;
    snprintf(path, sizeof(path), "%s/broken.json", dir);
    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&cat, test_catalog, strlen(test_catalog),
                                   "test", &err), 0);
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &cat;
    cfg.state_path = path;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        write_text(path, cases[i].text);
        buf_reset(&err);
        assert_null(sim_account_new(&cfg, &err));
        if (strncmp(buf_str(&err), path, strlen(path)) != 0 ||
            !strstr(buf_str(&err), cases[i].problem))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, buf_str(&err),
                     cases[i].problem);
    }
    /* A directory is not a state file either. */
    cfg.state_path = dir;
    buf_reset(&err);
    assert_null(sim_account_new(&cfg, &err));
    assert_true(strncmp(buf_str(&err), dir, strlen(dir)) == 0);
    catalog_free(&cat);
    buf_free(&err);
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* --- transport and helpers ------------------------------------------------ */

static void inproc_cancel_and_bad_url(void **state)
{
    struct fx *f = *state;
    struct transport *slow = sim_transport_new(f->a, 5000);
    volatile sig_atomic_t cancel = 1;
    struct http_request req;
    struct http_response resp;
    struct buf err;

    assert_non_null(slow);
    memset(&req, 0, sizeof(req));
    req.method = "POST";
    req.url = "http://" HOST "/";
    req.cancel = &cancel;
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&err, 4096);
    assert_int_equal(transport_send(slow, &req, &resp, &err),
                     TRANSPORT_CANCELLED);
    req.cancel = NULL;
    req.timeout_ms = 20;
    assert_int_equal(transport_send(slow, &req, &resp, &err),
                     TRANSPORT_AMBIGUOUS);
    req.url = "ftp://" HOST "/";
    assert_int_equal(transport_send(f->t, &req, &resp, &err),
                     TRANSPORT_BAD_URL);
    transport_destroy(slow);
    buf_free(&resp.body);
    buf_free(&err);
}

static void oversized_request_body_is_refused(void **state)
{
    struct fx *f = *state;
    struct kvlist headers;
    struct reply r;
    char *body = malloc((1u << 20) + 2);

    assert_non_null(body);
    memset(body, 'a', (1u << 20) + 1);
    body[(1u << 20) + 1] = '\0';
    kvlist_init(&headers);
    assert_int_equal(kvlist_add(&headers, "Host", HOST), 0);
    send_raw(f, "POST", "http://" HOST "/", &headers, body, &r);
    assert_error(&r, 413, "Request.EntityTooLarge");
    reply_free(&r);
    kvlist_free(&headers);
    free(body);
}

static void decode_and_split_follow_gateway_rules(void **state)
{
    static const char q[] = "a=1&&b=x%2Ay+z&c&=skip&d=%zz%4";
    struct kvlist l;

    (void)state;
    kvlist_init(&l);
    assert_int_equal(verify_split_params(&l, q, strlen(q)), 0);
    assert_int_equal(l.count, 4);
    assert_string_equal(kvlist_get(&l, "a"), "1");
    assert_string_equal(kvlist_get(&l, "b"), "x*y z");
    assert_string_equal(kvlist_get(&l, "c"), "");
    assert_string_equal(kvlist_get(&l, "d"), "%zz%4");
    kvlist_free(&l);
    /* The timestamps signed requests carry (core/clock's parser). */
    assert_int_equal((long long)clock_parse_utc("2024-01-02T03:04:05Z"),
                     1704164645LL);
    assert_int_equal((long long)clock_parse_utc("2024-01-02T03:04:05.123Z"),
                     1704164645LL);
    assert_int_equal((long long)clock_parse_utc("2024-01-02 03:04:05Z"), -1);
    assert_int_equal((long long)clock_parse_utc("2024-01-02T03:04:05"), -1);
    assert_int_equal((long long)clock_parse_utc("2023-02-29T03:04:05Z"), -1);
    assert_int_equal((long long)clock_parse_utc("+024-01-02T03:04:05Z"), -1);
}

static void installed_catalogue_knows_dbs(void **state)
{
    const char *path = getenv("LINKROLE_CATALOG");
    struct catalog cat;
    struct sim_config cfg;
    struct sim_account *a;
    struct buf err;
    struct fx f;
    struct reply r;

    (void)state;
    if (!path || !*path)
        skip();
    buf_init(&err, 4096);
    if (catalog_load(&cat, path, &err))
        fail_msg("%s", buf_str(&err));
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &cat;
    a = sim_account_new(&cfg, &err);
    assert_non_null(a);
    memset(&f, 0, sizeof(f));
    f.a = a;
    f.t = sim_transport_new(a, 0);
    {
        struct call c = { .action = "CreateServiceLinkedRole", .version = RM,
                          .params = (const char *const[]){
                              "ServiceName", "dbs.aliyuncs.com", NULL },
                          .key_id = SIM_DEMO_ACCESS_KEY_ID,
                          .secret = SIM_DEMO_ACCESS_KEY_SECRET };

        v3_call(&f, &c, &r);
    }
    assert_ok(&r);
    assert_jstr(&r, "Role.RoleName", "AliyunServiceRoleForDBS");
    assert_jstr(&r, "Role.Description", catalog_find(&cat,
                "dbs.aliyuncs.com")->description_en);
    reply_free(&r);
    transport_destroy(f.t);
    sim_account_free(a);
    catalog_free(&cat);
    buf_free(&err);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(v3_signed_request_is_accepted),
        T(v3_get_request_is_accepted),
        T(v3_capitalised_host_header_is_accepted),
        T(v3_form_body_is_accepted),
        T(v1_query_get_and_post_are_accepted),
        T(v1_form_body_like_pop_core_is_accepted),
        T(typed_sdk_unencoded_marks_are_accepted),
        T(typed_sdk_v1_lower_case_format_is_accepted),
        cmocka_unit_test(demo_key_serves_an_account_without_owner_keys),
        T(demo_key_is_refused_once_owner_keys_exist),
        T(tampered_param_is_refused),
        T(added_param_is_refused),
        T(tampered_header_is_refused),
        T(tampered_date_is_refused),
        T(tampered_body_is_refused),
        T(wrong_secret_v3_shows_server_string_to_sign),
        T(wrong_secret_v1_shows_server_string_to_sign),
        T(v1_method_is_part_of_the_signature),
        T(unknown_key_is_not_found),
        T(missing_authorization_pieces_are_incomplete),
        T(unsigned_security_header_is_incomplete),
        T(v1_missing_parameters_are_incomplete),
        T(v1_missing_or_garbled_timestamp),
        T(clock_skew_beyond_15_minutes_is_expired),
        T(clock_skew_within_15_minutes_passes),
        T(clock_offset_moves_the_window),
        T(reused_nonce_is_refused),
        T(refused_request_does_not_spend_its_nonce),
        cmocka_unit_test(nonce_cache_forgets_oldest_when_full),
        T(unknown_action_is_not_found),
        T(create_slr_answers_the_documented_shape),
        T(create_slr_with_suffix_and_description),
        T(create_slr_without_service_name_is_missing_parameter),
        T(create_slr_unknown_service_does_not_exist),
        T(create_slr_suffix_not_allowed),
        T(create_slr_suffix_invalid_chars),
        T(create_slr_suffix_too_long),
        T(create_slr_description_counts_characters),
        T(create_slr_description_without_suffix_not_allowed),
        T(create_slr_twice_already_exists),
        cmocka_unit_test(create_slr_beyond_role_limit),
        T(get_role_rm_and_ram),
        T(list_roles_pages_with_marker),
        T(delete_slr_in_progress_then_succeeded),
        T(delete_slr_in_use_fails_with_usages),
        T(delete_errors),
        T(dbs_init_twice),
        T(ram_user_has_no_permission),
        T(caller_identity_of_root_and_user),
        T(assume_role_then_call_with_sts_key),
        T(assume_role_of_the_account_and_refusals),
        T(sts_token_must_match_and_not_expire),
        T(unsigned_endpoints_are_off_by_default),
        T(imds_token_put_and_ttl_bounds),
        T(imds_lists_the_role_and_nothing_else),
        T(imds_credentials_have_the_documented_fields),
        T(imds_credentials_sign_as_the_assumed_role),
        T(imds_v2_only_wants_a_valid_token),
        T(imds_both_answers_v1_but_checks_a_sent_token),
        T(imds_v1_only_refuses_the_token_put),
        T(metadata_role_setting_checks_and_turns_off),
        T(short_sessions_expire_and_refresh),
        T(credentials_uri_enabled_and_disabled),
        cmocka_unit_test(state_file_round_trip),
        cmocka_unit_test(state_file_keeps_its_account_id_and_plain_roles),
        cmocka_unit_test(broken_state_file_names_file_and_problem),
        T(inproc_cancel_and_bad_url),
        T(oversized_request_body_is_refused),
        cmocka_unit_test(decode_and_split_follow_gateway_rules),
        cmocka_unit_test(installed_catalogue_knows_dbs),
    };

    return cmocka_run_group_tests_name("sim", tests, NULL, NULL);
}
