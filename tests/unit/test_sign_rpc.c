/* Tests for src/cloud/sign_rpc.c, the signer every request of linkrole
 * goes through: it builds the canonical forms in one bounded buffer of
 * its own, so each case here checks it against the general forms of
 * sign.c (the ones the published vectors of test_sign_vectors.c pin
 * down, and the simulator verifies with) over awkward inputs; that a
 * request too large for the buffer is refused whole (SIGN_TOO_BIG,
 * nothing written), never truncated; and that threads signing at once,
 * from the very first signature of the process (when OpenSSL's
 * algorithms are fetched), all get the right answer. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/sign.h"

#define BIG (1u << 20)
#define FIXTURE_TIME ((time_t)1704164645) /* 2024-01-02T03:04:05Z */

/* --- threads first: the process's first signatures ------------------------ */

#define THREADS 8
#define ROUNDS 200

/* The V3 fixture of test_sign_primitives.c (doc/signing.md). */
static const char v3_expected[] =
    "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;"
    "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
    "Signature="
    "17357532e95b48ff4b2b23df93a532522b241614457aeadb6a262cd32a41d6df";

static pthread_barrier_t start_line;

static void *sign_rounds(void *arg)
{
    struct kvlist params, headers;
    struct sign_rpc req = { "POST", "resourcemanager.aliyuncs.com",
                            "CreateServiceLinkedRole", "2020-03-31", NULL,
                            NULL, NULL, FIXTURE_TIME, "nonce-0001" };
    const struct sign_creds creds = { "testid", "testsecret", NULL };
    struct buf query;
    long bad = 0;

    (void)arg;
    kvlist_init(&params);
    if (kvlist_add(&params, "ServiceName", "dbs.aliyuncs.com") ||
        kvlist_add(&params, "CustomSuffix", "My Suffix*"))
        return (void *)1;
    req.params = &params;
    buf_init(&query, BIG);
    kvlist_init(&headers);
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < ROUNDS; i++) {
        const char *auth;

        buf_reset(&query);
        kvlist_free(&headers);
        if (sign_rpc_v3(&req, &creds, &query, &headers) != 0 ||
            !(auth = kvlist_get(&headers, "Authorization")) ||
            strcmp(auth, v3_expected) != 0)
            bad++;
    }
    buf_free(&query);
    kvlist_free(&headers);
    kvlist_free(&params);
    return (void *)(intptr_t)bad;
}

static void test_threads_sign_at_once(void **state)
{
    pthread_t t[THREADS];

    (void)state;
    assert_int_equal(pthread_barrier_init(&start_line, NULL, THREADS), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, sign_rounds, NULL), 0);
    for (int i = 0; i < THREADS; i++) {
        void *bad = NULL;

        assert_int_equal(pthread_join(t[i], &bad), 0);
        assert_int_equal((intptr_t)bad, 0);
    }
    pthread_barrier_destroy(&start_line);
}

/* --- the same as the general forms ---------------------------------------- */

struct rpc_case {
    const char *name;
    const char *const *params;      /* pairs, NULL-ended */
    size_t many;                    /* and this many more, generated */
    const char *body;
    const char *content_type;
    const char *token;
    const char *host;
};

static const char *const awkward[] = {
    "Description", "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 50% *+/~!'()",
    "ServiceName", "polardb.aliyuncs.com",
    "Empty", "",
    "Dup", "b",
    "Dup", "a",
    "a", "lower sorts after upper",
    "Z", "=&?#[]@",
    NULL
};

static const char *const plain[] = { "RoleName", "Some-Role_1.x~", NULL };

static const struct rpc_case cases[] = {
    { "awkward parameters", awkward, 0, NULL, NULL, NULL,
      "resourcemanager.aliyuncs.com" },
    { "awkward parameters, STS", awkward, 0, NULL, NULL,
      "CAIS+token/with=chars", "resourcemanager.aliyuncs.com" },
    { "a form body, blanks around a header value", plain, 0,
      "RoleName=x", "  application/x-www-form-urlencoded\t", NULL,
      " 127.0.0.1:8080 " },
    { "no parameters", NULL, 0, NULL, NULL, NULL, "ram.aliyuncs.com" },
    { "more parameters than the stack holds", plain, 100, NULL, NULL,
      "tok", "sts.aliyuncs.com" },
    /* The canonical forms start in a 4 KiB buffer on the stack and move
     * to the heap when they outgrow it: here V1's query fits it and its
     * string to sign, encoded from the query in the same buffer, moves
     * midway; below, the query itself moves. */
    { "a request that outgrows the stack while V1 encodes its query",
      plain, 150, NULL, NULL, NULL, "ram.aliyuncs.com" },
    { "a request that outgrows the stack in its query", awkward, 700, NULL,
      NULL, "tok", "ram.aliyuncs.com" },
};

static void case_params(struct kvlist *l, const struct rpc_case *c)
{
    kvlist_init(l);
    for (size_t i = 0; c->params && c->params[i]; i += 2)
        assert_int_equal(kvlist_add(l, c->params[i], c->params[i + 1]), 0);
    for (size_t i = 0; i < c->many; i++) {
        char k[32], v[32];

        snprintf(k, sizeof(k), "P%03zu", (i * 37) % 101);
        snprintf(v, sizeof(v), "v %zu/%zu", i, c->many);
        assert_int_equal(kvlist_add(l, k, v), 0);
    }
}

static void case_request(struct sign_rpc *req, const struct rpc_case *c,
                         const struct kvlist *params, const char *nonce)
{
    req->method = "POST";
    req->host = c->host;
    req->action = "CreateServiceLinkedRole";
    req->version = "2020-03-31";
    req->params = params;
    req->body = c->body;
    req->content_type = c->content_type;
    req->now = FIXTURE_TIME;
    req->nonce = nonce;
}

static void test_v3_same_as_general(void **state)
{
    const struct rpc_case *c = *state;
    const struct sign_creds creds = { "STS.id", "the secret", c->token };
    struct kvlist params, headers, signed_list;
    struct sign_rpc req;
    struct sign_v3_input in;
    struct buf query, want_query, want_auth;
    char hash[65];
    const char *body = c->body ? c->body : "";
    size_t i;

    case_params(&params, c);
    case_request(&req, c, &params, "f00dfeed");
    kvlist_init(&headers);
    buf_init(&query, BIG);
    assert_int_equal(sign_rpc_v3(&req, &creds, &query, &headers), 0);

    /* The general way: every header in a list, sign_v3_authorization. */
    assert_int_equal(sign_sha256_hex(body, strlen(body), hash), 0);
    kvlist_init(&signed_list);
    assert_int_equal(kvlist_add(&signed_list, "Host", c->host), 0);
    assert_int_equal(kvlist_add(&signed_list, "x-acs-action",
                                req.action), 0);
    assert_int_equal(kvlist_add(&signed_list, "x-acs-version",
                                req.version), 0);
    assert_int_equal(kvlist_add(&signed_list, "x-acs-date",
                                "2024-01-02T03:04:05Z"), 0);
    assert_int_equal(kvlist_add(&signed_list, "x-acs-signature-nonce",
                                "f00dfeed"), 0);
    assert_int_equal(kvlist_add(&signed_list, "x-acs-content-sha256",
                                hash), 0);
    if (*body && c->content_type)
        assert_int_equal(kvlist_add(&signed_list, "Content-Type",
                                    c->content_type), 0);
    if (c->token) {
        assert_int_equal(kvlist_add(&signed_list, "x-acs-accesskey-id",
                                    creds.access_key_id), 0);
        assert_int_equal(kvlist_add(&signed_list, "x-acs-security-token",
                                    c->token), 0);
    }
    in.method = "POST";
    in.uri = "/";
    in.query = &params;
    in.headers = &signed_list;
    in.payload_hash = hash;
    buf_init(&want_auth, BIG);
    buf_init(&want_query, BIG);
    assert_int_equal(sign_v3_authorization(&want_auth, &in,
                                           creds.access_key_id,
                                           creds.access_key_secret), 0);
    assert_int_equal(sign_canonical_query(&want_query, &params), 0);
    assert_string_equal(buf_str(&query), buf_str(&want_query));
    assert_string_equal(kvlist_get(&headers, "Authorization"),
                        buf_str(&want_auth));
    /* Every signed header is sent, as given, names in byte order, and
     * the Authorization last. */
    assert_int_equal(headers.count, signed_list.count + 1);
    for (i = 0; i + 1 < headers.count; i++) {
        const char *sent = kvlist_get_case(&signed_list,
                                           headers.items[i].key);

        assert_non_null(sent);
        assert_string_equal(headers.items[i].value, sent);
        if (i)
            assert_true(strcmp(headers.items[i - 1].key,
                               headers.items[i].key) < 0);
    }
    assert_string_equal(headers.items[i].key, "Authorization");
    buf_free(&query);
    buf_free(&want_query);
    buf_free(&want_auth);
    kvlist_free(&params);
    kvlist_free(&headers);
    kvlist_free(&signed_list);
}

static void test_v1_same_as_general(void **state)
{
    const struct rpc_case *c = *state;
    const struct sign_creds creds = { "id", "the secret", c->token };
    struct kvlist params, all;
    struct sign_rpc req;
    struct buf query, sts, want_sts, want_sig, want_query;

    case_params(&params, c);
    case_request(&req, c, &params, "f00dfeed");
    buf_init(&query, BIG);
    buf_init(&sts, BIG);
    if (c->body) {
        /* V1 is query only: a body is refused, not signed without. */
        assert_int_equal(sign_rpc_v1(&req, &creds, &query, &sts), -1);
        assert_int_equal(buf_len(&query), 0);
        buf_free(&query);
        buf_free(&sts);
        kvlist_free(&params);
        return;
    }
    assert_int_equal(sign_rpc_v1(&req, &creds, &query, &sts), 0);

    kvlist_init(&all);
    for (size_t i = 0; i < params.count; i++)
        assert_int_equal(kvlist_add(&all, params.items[i].key,
                                    params.items[i].value), 0);
    assert_int_equal(kvlist_add(&all, "AccessKeyId", "id"), 0);
    assert_int_equal(kvlist_add(&all, "Action", req.action), 0);
    assert_int_equal(kvlist_add(&all, "Format", "JSON"), 0);
    assert_int_equal(kvlist_add(&all, "SignatureMethod", "HMAC-SHA1"), 0);
    assert_int_equal(kvlist_add(&all, "SignatureNonce", "f00dfeed"), 0);
    assert_int_equal(kvlist_add(&all, "SignatureVersion", "1.0"), 0);
    assert_int_equal(kvlist_add(&all, "Timestamp",
                                "2024-01-02T03:04:05Z"), 0);
    assert_int_equal(kvlist_add(&all, "Version", req.version), 0);
    if (c->token)
        assert_int_equal(kvlist_add(&all, "SecurityToken", c->token), 0);
    buf_init(&want_sts, BIG);
    buf_init(&want_sig, BIG);
    buf_init(&want_query, BIG);
    assert_int_equal(sign_v1_string_to_sign(&want_sts, "POST", &all), 0);
    assert_int_equal(sign_v1_signature(&want_sig, "the secret",
                                       buf_str(&want_sts)), 0);
    assert_int_equal(kvlist_add(&all, "Signature", buf_str(&want_sig)), 0);
    assert_int_equal(sign_canonical_query(&want_query, &all), 0);
    assert_string_equal(buf_str(&sts), buf_str(&want_sts));
    assert_string_equal(buf_str(&query), buf_str(&want_query));
    buf_free(&query);
    buf_free(&sts);
    buf_free(&want_sts);
    buf_free(&want_sig);
    buf_free(&want_query);
    kvlist_free(&params);
    kvlist_free(&all);
}

/* --- too large to sign ----------------------------------------------------- */

/* A parameter of n bytes of c. */
static void one_big_param(struct kvlist *l, size_t n, char c)
{
    char *v = malloc(n + 1);

    assert_non_null(v);
    memset(v, c, n);
    v[n] = '\0';
    kvlist_init(l);
    assert_int_equal(kvlist_add(l, "Description", v), 0);
    free(v);
}

static void test_too_big_is_refused_whole(void **state)
{
    static const struct rpc_case c = { "big", NULL, 0, NULL, NULL, "tok",
                                       "resourcemanager.aliyuncs.com" };
    const struct sign_creds creds = { "id", "the secret", "tok" };
    struct kvlist params, headers;
    struct sign_rpc req;
    struct buf query, sts;

    (void)state;
    kvlist_init(&headers);
    buf_init(&query, BIG);
    buf_init(&sts, BIG);

    /* 20 KiB of letters: far from the bound either way. */
    one_big_param(&params, 20u * 1024u, 'a');
    case_request(&req, &c, &params, "n");
    assert_int_equal(sign_rpc_v3(&req, &creds, &query, &headers), 0);
    assert_true(buf_len(&query) > 20u * 1024u);
    buf_reset(&query);
    kvlist_free(&headers);
    assert_int_equal(sign_rpc_v1(&req, &creds, &query, &sts), 0);
    buf_reset(&query);
    buf_reset(&sts);
    kvlist_free(&params);

    /* 20 KiB of blanks: 60 KiB encoded fits V3's one encoding, not V1's
     * string to sign, which encodes the query again (%2520). */
    one_big_param(&params, 20u * 1024u, ' ');
    case_request(&req, &c, &params, "n");
    assert_int_equal(sign_rpc_v3(&req, &creds, &query, &headers), 0);
    buf_reset(&query);
    kvlist_free(&headers);
    assert_int_equal(sign_rpc_v1(&req, &creds, &query, &sts), SIGN_TOO_BIG);
    assert_int_equal(buf_len(&query), 0);
    assert_int_equal(buf_len(&sts), 0);
    kvlist_free(&params);

    /* Past the bound: refused, nothing written. */
    one_big_param(&params, SIGN_REQUEST_MAX, 'a');
    case_request(&req, &c, &params, "n");
    assert_int_equal(sign_rpc_v3(&req, &creds, &query, &headers),
                     SIGN_TOO_BIG);
    assert_int_equal(buf_len(&query), 0);
    assert_int_equal(headers.count, 0);
    assert_int_equal(sign_rpc_v1(&req, &creds, &query, &sts), SIGN_TOO_BIG);
    assert_int_equal(buf_len(&query), 0);
    kvlist_free(&params);

    buf_free(&query);
    buf_free(&sts);
}

/* --- randomness ------------------------------------------------------------- */

static void test_random_bytes(void **state)
{
    unsigned char a[64], b[64], zero[64];
    char nonces[64][SIGN_NONCE_LEN + 1];

    (void)state;
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    memset(zero, 0, sizeof(zero));
    assert_int_equal(sign_random(a, sizeof(a)), 0);
    assert_int_equal(sign_random(b, sizeof(b)), 0);
    assert_memory_not_equal(a, zero, sizeof(a));
    assert_memory_not_equal(a, b, sizeof(a));
    assert_int_equal(sign_random(a, 0), 0);
    for (size_t i = 0; i < 64; i++) {
        assert_int_equal(sign_nonce(nonces[i]), 0);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(nonces[i], nonces[j]);
    }
}

int main(void)
{
    struct CMUnitTest tests[2 * sizeof(cases) / sizeof(cases[0]) + 3];
    char names[2 * sizeof(cases) / sizeof(cases[0])][128];
    size_t n = 0, k = 0;

    /* First: the algorithms are fetched while these threads race. */
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_threads_sign_at_once);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(names[k], sizeof(names[k]), "V3 as the general form: %s",
                 cases[i].name);
        tests[n++] = (struct CMUnitTest){ names[k++], test_v3_same_as_general,
                                          NULL, NULL,
                                          (void *)(uintptr_t)&cases[i] };
        snprintf(names[k], sizeof(names[k]), "V1 as the general form: %s",
                 cases[i].name);
        tests[n++] = (struct CMUnitTest){ names[k++], test_v1_same_as_general,
                                          NULL, NULL,
                                          (void *)(uintptr_t)&cases[i] };
    }
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(
        test_too_big_is_refused_whole);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_random_bytes);
    return _cmocka_run_group_tests("sign_rpc", tests, n, NULL, NULL);
}
