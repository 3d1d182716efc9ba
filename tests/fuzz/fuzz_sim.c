/* fuzz_sim — the simulated account's request handling, on any bytes.
 *
 * linkrole-sim answers whatever reaches its port, so sim_handle must
 * survive any method, path, query, headers and body.  An input is up to
 * RECORDS_MAX requests separated by the byte 0x1E; each request is up to
 * six fields separated by NUL bytes (missing ones are empty):
 *
 *     MODE \0 METHOD \0 PATH \0 QUERY \0 HEADERS \0 BODY
 *
 * QUERY is a raw query string, split and percent-decoded as the server
 * does; HEADERS holds "Name: value" lines; BODY runs to the end of the
 * request and may hold NUL bytes.  MODE "raw" (or anything unknown) sends
 * the request as it is, so the signature checks themselves are fuzzed.
 * "v3" and "v1" sign it first as the account's owner, "user" as a RAM
 * user without permissions (V3), taking Action and Version out of QUERY
 * (GetCallerIdentity by default): then every API handler behind the
 * checks sees fuzzed parameters too, and a sequence of requests reaches
 * stateful paths (create, get, delete, deletion status).  Extra HEADERS
 * go out unsigned, after signing; a signed request goes to "/".
 *
 * Nothing is switched off: the harness signs as an honest client would,
 * with the account's clock and a fresh nonce.  The account is made anew
 * for each input, so no state carries from one input to the next and a
 * crash replays from its input alone; the catalogue is parsed once. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "cloud/sign.h"
#include "core/buf.h"
#include "core/catalog.h"
#include "core/kv.h"
#include "sim/sim.h"
#include "sim/verify.h"
#include "fuzz.h"

#define RECORDS_MAX 8
#define RECORD_SEP '\x1E'
#define FIELDS 6
#define HOST "127.0.0.1:9"
#define OWNER_ID "LTAIfuzzOwner0001"
#define OWNER_SECRET "fuzzOwnerSecret0123456789abcdef"
#define USER_ID "LTAIfuzzUser0001"
#define USER_SECRET "fuzzUserSecret0123456789abcdef"
#define ASSUMABLE_ARN "acs:ram::" SIM_DEMO_ACCOUNT_ID ":role/fuzzrole"
#define ANSWER_MAX (4u << 20)

enum field { F_MODE, F_METHOD, F_PATH, F_QUERY, F_HEADERS, F_BODY };

struct span {
    const char *p;
    size_t len;
};

static const char catalog_text[] =
    "{\"schema\": 1, \"services\": ["
    "{\"service_name\": \"polardb.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForPolarDB\","
    " \"product\": \"PolarDB\", \"description_en\": \"PolarDB role.\","
    " \"custom_suffix\": null},"
    "{\"service_name\": \"ecs.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForECS\", \"product\": \"ECS\","
    " \"custom_suffix\": false},"
    "{\"service_name\": \"dbs.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForDBS\", \"product\": \"DBS\"},"
    "{\"service_name\": \"hdr.aliyuncs.com\","
    " \"role_name\": \"AliyunServiceRoleForHDR\", \"product\": \"HDR\","
    " \"custom_suffix\": true}"
    "]}";

static struct catalog catalog;

static const struct catalog *catalog_once(void)
{
    static bool done;

    if (!done) {
        struct buf err;

        buf_init(&err, 4096);
        if (catalog_parse(&catalog, catalog_text, sizeof(catalog_text) - 1,
                          "fuzz", &err)) {
            fprintf(stderr, "fuzz_sim: %s\n", buf_str(&err));
            abort();
        }
        buf_free(&err);
        done = true;
    }
    return &catalog;
}

/* An account with an owner key, a user without permissions, a role to
 * assume, the metadata service and a credentials URI: every endpoint
 * answers for real. */
static struct sim_account *account_make(void)
{
    struct sim_config cfg;
    struct sim_account *a;
    struct buf err;

    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = catalog_once();
    buf_init(&err, 4096);
    a = sim_account_new(&cfg, &err);
    buf_free(&err);
    if (!a)
        return NULL;
    if (sim_account_add_key(a, OWNER_ID, OWNER_SECRET) ||
        sim_account_add_user(a, "fuzzuser", USER_ID, USER_SECRET) ||
        sim_account_add_assumable_role(a, ASSUMABLE_ARN) ||
        sim_account_mark_in_use(a, "AliyunServiceRoleForHDR") ||
        sim_account_set_metadata_role(a, "FuzzEcsRole", SIM_IMDS_BOTH) ||
        sim_account_enable_credentials_uri(a)) {
        sim_account_free(a);
        return NULL;
    }
    return a;
}

/* One field as a C string (a field never holds a NUL, but BODY). */
static char *span_str(struct span s)
{
    char *p = malloc(s.len + 1);

    if (!p)
        return NULL;
    if (s.len)
        memcpy(p, s.p, s.len);
    p[s.len] = '\0';
    return p;
}

static bool span_is(struct span s, const char *word)
{
    return s.len == strlen(word) && memcmp(s.p, word, s.len) == 0;
}

/* Splits a request into its fields: the first five NULs only, so BODY
 * keeps any after them. */
static void split_fields(const char *p, size_t len, struct span f[FIELDS])
{
    size_t k = 0;

    for (size_t i = 0; i < FIELDS; i++) {
        f[i].p = p + len;
        f[i].len = 0;
    }
    while (k < FIELDS - 1) {
        const char *nul = memchr(p, '\0', len);

        if (!nul)
            break;
        f[k].p = p;
        f[k].len = (size_t)(nul - p);
        len -= f[k].len + 1;
        p = nul + 1;
        k++;
    }
    f[k].p = p;
    f[k].len = len;
}

/* "Name: value" lines; a line without a colon or a name is dropped, as
 * an HTTP server would refuse it. */
static int parse_headers(struct span s, struct kvlist *out)
{
    const char *p = s.p, *end = s.p + s.len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *colon = memchr(p, ':', (size_t)(line_end - p));

        if (colon && colon > p) {
            const char *v = colon + 1;
            const char *v_end = line_end;

            if (v < v_end && *v == ' ')
                v++;
            if (v_end > v && v_end[-1] == '\r')
                v_end--;
            if (kvlist_addn(out, p, (size_t)(colon - p), v,
                            (size_t)(v_end - v)))
                return -1;
        }
        p = nl ? nl + 1 : end;
    }
    return 0;
}

/* Takes key out of params, into a copy (or a copy of fallback). */
static char *take_param(struct kvlist *params, const char *key,
                        const char *fallback)
{
    const char *v = kvlist_get(params, key);
    char *copy = strdup(v ? v : fallback);

    kvlist_del(params, key);
    return copy;
}

/* Signs the request in req's fields as an honest client would and fills
 * query (decoded) and headers.  Returns 0, or -1 when out of memory. */
static int sign_request(struct sim_account *a, int version, bool as_user,
                        const char *method, struct span f[FIELDS],
                        const char *body, unsigned seq,
                        struct kvlist *query, struct kvlist *headers)
{
    struct kvlist params;
    struct sign_rpc rpc;
    struct sign_creds creds;
    struct buf q;
    char nonce[64];
    char *action = NULL, *api_version = NULL;
    int rc = -1;

    kvlist_init(&params);
    buf_init(&q, ANSWER_MAX);
    if (verify_split_params(&params, f[F_QUERY].p, f[F_QUERY].len))
        goto out;
    action = take_param(&params, "Action", "GetCallerIdentity");
    api_version = take_param(&params, "Version", "2015-04-01");
    if (!action || !api_version)
        goto out;
    /* Counted, not random: the same input signs the same way. */
    snprintf(nonce, sizeof(nonce), "fuzz-nonce-%08u", seq);
    memset(&rpc, 0, sizeof(rpc));
    rpc.method = method;
    rpc.host = HOST;
    rpc.action = action;
    rpc.version = api_version;
    rpc.params = &params;
    rpc.now = sim_account_now(a);
    rpc.nonce = nonce;
    if (version == 3 && *body) {
        rpc.body = body;
        rpc.content_type = "application/x-www-form-urlencoded";
    }
    creds.access_key_id = as_user ? USER_ID : OWNER_ID;
    creds.access_key_secret = as_user ? USER_SECRET : OWNER_SECRET;
    creds.security_token = NULL;
    if (version == 1) {
        if (sign_rpc_v1(&rpc, &creds, &q, NULL) ||
            kvlist_add(headers, "Host", HOST))
            goto out;
    } else if (sign_rpc_v3(&rpc, &creds, &q, headers)) {
        goto out;
    }
    if (verify_split_params(query, buf_str(&q), buf_len(&q)))
        goto out;
    rc = 0;
out:
    free(action);
    free(api_version);
    kvlist_free(&params);
    buf_free(&q);
    return rc;
}

static bool plain_path(const char *path)
{
    return strncmp(path, "/latest/", 8) == 0 ||
           strcmp(path, "/credentials") == 0;
}

/* Whether hay[0..len) holds needle, in any case: the account lowercases
 * a role's name in its Arn, so an input that names a role after a secret
 * in capitals gets the secret itself back. */
static bool has_nocase(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; n && i + n <= len; i++)
        if (strncasecmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

static bool has(const struct buf *b, const char *needle)
{
    return memmem(buf_str(b), buf_len(b), needle, strlen(needle)) != NULL;
}

static bool says(const char *s, const char *needle)
{
    return has_nocase(s, strlen(s), needle);
}

/* Whether the request itself spells s somewhere, in any case, decoded as
 * the account decodes it: an answer may quote a request (HostId is the
 * Host header), and the fuzzer is good at finding the secrets it is
 * compared with. */
static bool request_says(const struct sim_request *req, const char *s)
{
    const struct kvlist *lists[2] = { req->query, req->headers };
    struct buf decoded;
    bool found;

    if (says(req->path, s) || says(req->method, s))
        return true;
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->count; i++)
            if (says(lists[l]->items[i].key, s) ||
                says(lists[l]->items[i].value, s))
                return true;
    if (has_nocase(req->body, req->body_len, s))
        return true;
    buf_init(&decoded, req->body_len + 1);
    /* Out of memory counts as "said": no false alarm. */
    found = verify_decode(&decoded, req->body, req->body_len) != 0 ||
            has_nocase(buf_str(&decoded), buf_len(&decoded), s);
    buf_free(&decoded);
    return found;
}

/* Which secrets the input itself has spelled so far, in this request or
 * an earlier one: a role named after a secret is stored, and ListRoles
 * or GetRole later echoes it without the request that reads it saying
 * it.  Only a secret the input never gave must never come out. */
struct said {
    bool owner, user;
};

/* What sim.h promises of every answer. */
static void check_answer(const struct sim_request *req,
                         const struct sim_response *resp, struct said *said)
{
    said->owner = said->owner || request_says(req, OWNER_SECRET);
    said->user = said->user || request_says(req, USER_SECRET);
    FUZZ_CHECK(resp->status >= 100 && resp->status <= 599);
    /* The keys' secrets never leave the account. */
    FUZZ_CHECK(!has(&resp->body, OWNER_SECRET) || said->owner);
    FUZZ_CHECK(!has(&resp->body, USER_SECRET) || said->user);
    if (!plain_path(req->path)) {
        /* Errors are JSON answers, with a RequestId like the gateway's. */
        cJSON *json = cJSON_ParseWithLength(buf_str(&resp->body),
                                            buf_len(&resp->body));

        FUZZ_CHECK(cJSON_IsObject(json));
        FUZZ_CHECK(cJSON_IsString(
            cJSON_GetObjectItemCaseSensitive(json, "RequestId")));
        cJSON_Delete(json);
    }
}

static void run_request(struct sim_account *a, const char *p, size_t len,
                        unsigned seq, struct said *said)
{
    struct span f[FIELDS];
    struct kvlist query, headers;
    struct sim_request req;
    struct sim_response resp;
    char *method = NULL, *path = NULL, *body = NULL;
    int version = 0;
    bool as_user = false;

    split_fields(p, len, f);
    kvlist_init(&query);
    kvlist_init(&headers);
    buf_init(&resp.body, ANSWER_MAX);
    resp.status = 0;
    if (span_is(f[F_MODE], "v3")) {
        version = 3;
    } else if (span_is(f[F_MODE], "v1")) {
        version = 1;
    } else if (span_is(f[F_MODE], "user")) {
        version = 3;
        as_user = true;
    }
    method = f[F_METHOD].len ? span_str(f[F_METHOD]) : strdup("POST");
    path = f[F_PATH].len && !version ? span_str(f[F_PATH]) : strdup("/");
    body = span_str(f[F_BODY]);
    if (!method || !path || !body)
        goto out;
    if (version) {
        if (sign_request(a, version, as_user, method, f, body, seq, &query,
                         &headers))
            goto out;
    } else if (verify_split_params(&query, f[F_QUERY].p, f[F_QUERY].len)) {
        goto out;
    }
    if (parse_headers(f[F_HEADERS], &headers))
        goto out;
    /* A server always has a Host; libcurl sends one. */
    if (!kvlist_get_case(&headers, "Host") &&
        kvlist_add(&headers, "Host", HOST))
        goto out;

    memset(&req, 0, sizeof(req));
    req.method = method;
    req.path = path;
    req.query = &query;
    req.headers = &headers;
    req.body = body;
    /* Signed bodies are what was signed: up to the first NUL. */
    req.body_len = version ? strlen(body) : f[F_BODY].len;
    sim_handle(a, &req, &resp);
    check_answer(&req, &resp, said);
out:
    free(method);
    free(path);
    free(body);
    kvlist_free(&query);
    kvlist_free(&headers);
    buf_free(&resp.body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    struct sim_account *a = account_make();
    struct said said = { false, false };
    unsigned seq = 0;

    if (!a)
        return 0;
    while (seq < RECORDS_MAX) {
        const char *sep = memchr(p, RECORD_SEP, (size_t)(end - p));
        size_t len = sep ? (size_t)(sep - p) : (size_t)(end - p);

        run_request(a, p, len, seq++, &said);
        if (!sep)
            break;
        p = sep + 1;
    }
    sim_account_free(a);
    return 0;
}
