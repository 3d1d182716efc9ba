/* Known-answer tests for src/cloud/sign.c: the published V1 and V3
 * vectors, and the canonical forms (query, headers) they rest on.
 *
 * Every published vector gets its own named case, and every vector also
 * gets a "every input byte matters" case that flips each byte of each
 * input in turn and checks the result no longer matches: a signer that
 * skipped a parameter, a header or part of the key would pass the first
 * kind of case only by accident, never the second.  Sources of the
 * vectors: doc/signing.md.  Whole requests and the primitives (HMAC,
 * hashing, encoding, clock, nonce): test_sign_primitives.c. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/sign.h"

#define MAX_PAIRS 16
#define BIG (1u << 20)

/* --- helpers -------------------------------------------------------------- */

static void fill_list(struct kvlist *l, const char *const *pairs)
{
    kvlist_init(l);
    for (size_t i = 0; pairs[i]; i += 2)
        assert_int_equal(kvlist_add(l, pairs[i], pairs[i + 1]), 0);
}

static size_t count_pairs(const char *const *pairs)
{
    size_t n = 0;

    while (pairs[2 * n])
        n++;
    return n;
}

/* A mutable copy of a pair list, so single bytes can be flipped. */
struct pairs_copy {
    char *items[2 * MAX_PAIRS + 1];
};

static void copy_pairs(struct pairs_copy *c, const char *const *pairs)
{
    size_t i;

    for (i = 0; pairs[i]; i++) {
        c->items[i] = strdup(pairs[i]);
        assert_non_null(c->items[i]);
    }
    c->items[i] = NULL;
}

static void free_pairs(struct pairs_copy *c)
{
    for (size_t i = 0; c->items[i]; i++)
        free(c->items[i]);
}

/* Calls visit once for each byte of each string in strs (NULL-ended),
 * with that byte flipped, restoring it afterwards. */
static void flip_each_byte(char **strs, void (*visit)(void *), void *arg)
{
    for (size_t i = 0; strs[i]; i++) {
        size_t len = strlen(strs[i]);

        for (size_t j = 0; j < len; j++) {
            char saved = strs[i][j];

            /* Keep the byte non-zero so the string keeps its length. */
            strs[i][j] = (char)(saved ^ (saved == 0x01 ? 0x03 : 0x01));
            visit(arg);
            strs[i][j] = saved;
        }
    }
}

/* --- V1 ------------------------------------------------------------------- */

struct v1_vector {
    const char *method;
    const char *secret;
    const char *params[2 * MAX_PAIRS + 1];
    const char *canonical;      /* NULL when the source gives none */
    const char *string_to_sign; /* likewise */
    const char *signature;
};

static const struct v1_vector v1_official = {
    "GET", "testsecret",
    { "AccessKeyId", "testid", "Action", "DescribeDedicatedHosts",
      "Format", "JSON", "RegionId", "cn-beijing",
      "SignatureMethod", "HMAC-SHA1",
      "SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb",
      "SignatureVersion", "1.0", "Timestamp", "2023-03-13T08:34:30Z",
      "Version", "2014-05-26", NULL },
    "AccessKeyId=testid&Action=DescribeDedicatedHosts&Format=JSON"
    "&RegionId=cn-beijing&SignatureMethod=HMAC-SHA1"
    "&SignatureNonce=edb2b34af0af9a6d14deaf7c1a5315eb&SignatureVersion=1.0"
    "&Timestamp=2023-03-13T08%3A34%3A30Z&Version=2014-05-26",
    "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDedicatedHosts"
    "%26Format%3DJSON%26RegionId%3Dcn-beijing%26SignatureMethod"
    "%3DHMAC-SHA1%26SignatureNonce%3Dedb2b34af0af9a6d14deaf7c1a5315eb"
    "%26SignatureVersion%3D1.0%26Timestamp%3D2023-03-13T08%253A34%253A30Z"
    "%26Version%3D2014-05-26",
    "9NaGiOspFP5UPcwX8Iwt2YJXXuk="
};

#define OLD_ECS_PARAMS(ts)                                                  \
    { "AccessKeyId", "testid", "Action", "DescribeRegions",                 \
      "Format", "XML", "SignatureMethod", "HMAC-SHA1",                      \
      "SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",             \
      "SignatureVersion", "1.0", ts, "2016-02-23T12:46:24Z",                \
      "Version", "2014-05-26", NULL }

static const struct v1_vector v1_old_get = {
    "GET", "testsecret", OLD_ECS_PARAMS("Timestamp"), NULL,
    "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
    "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce"
    "%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
    "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
};

static const struct v1_vector v1_old_post = {
    "POST", "testsecret", OLD_ECS_PARAMS("Timestamp"), NULL, NULL,
    "MxbnVAM4w6sft9xjVpe/GCKueuk="
};

static const struct v1_vector v1_old_timestamp_spelling = {
    "GET", "testsecret", OLD_ECS_PARAMS("TimeStamp"), NULL, NULL,
    "CT9X0VtwR86fNWSnsc6v8YGOjuE="
};

static const struct v1_vector v1_darabonba = {
    "GET", "secret", { "query", "test", "body", "test", NULL },
    "body=test&query=test", "GET&%2F&body%3Dtest%26query%3Dtest",
    "XlUyV4sXjOuX5FnjUz9IF9tm5rU="
};

#define GO_SDK_PARAMS                                                       \
    "Version", "", "Action", "", "Format", "JSON", "Timestamp", "mock date", \
    "SignatureMethod", "HMAC-SHA1", "SignatureType", "",                    \
    "SignatureVersion", "1.0", "SignatureNonce", "MOCK_UUID",               \
    "AccessKeyId", "accessKeyId", "RegionId", "regionId"

static const struct v1_vector v1_go_sdk = {
    "GET", "accessKeySecret", { GO_SDK_PARAMS, NULL }, NULL, NULL,
    "7loPmFjvDnzOVnQeQNj85S6nFGY="
};

static const struct v1_vector v1_go_sdk_sts = {
    "GET", "accessKeySecret",
    { GO_SDK_PARAMS, "SecurityToken", "accessKeyStsToken", NULL }, NULL,
    NULL, "5Nxdcler+ihqWqv0Hr2On4PsBf4="
};

/* Computes the V1 signature of the given inputs into sig. */
static void v1_compute(const char *method, const char *secret,
                       const char *const *pairs, struct buf *sig)
{
    struct kvlist params;
    struct buf sts;

    fill_list(&params, pairs);
    buf_init(&sts, BIG);
    assert_int_equal(sign_v1_string_to_sign(&sts, method, &params), 0);
    assert_int_equal(sign_v1_signature(sig, secret, buf_str(&sts)), 0);
    buf_free(&sts);
    kvlist_free(&params);
}

static void test_v1_vector(void **state)
{
    const struct v1_vector *v = *state;
    struct kvlist params;
    struct buf out;

    fill_list(&params, v->params);
    buf_init(&out, BIG);
    if (v->canonical) {
        assert_int_equal(sign_canonical_query(&out, &params), 0);
        assert_string_equal(buf_str(&out), v->canonical);
        buf_reset(&out);
    }
    assert_int_equal(sign_v1_string_to_sign(&out, v->method, &params), 0);
    if (v->string_to_sign)
        assert_string_equal(buf_str(&out), v->string_to_sign);
    buf_reset(&out);
    v1_compute(v->method, v->secret, v->params, &out);
    assert_string_equal(buf_str(&out), v->signature);
    buf_free(&out);
    kvlist_free(&params);
}

struct v1_mutation {
    const struct v1_vector *v;
    char *method;
    char *secret;
    struct pairs_copy pairs;
    size_t tried;
};

static void v1_mutated_must_differ(void *arg)
{
    struct v1_mutation *m = arg;
    struct buf sig;

    buf_init(&sig, BIG);
    v1_compute(m->method, m->secret, (const char *const *)m->pairs.items,
               &sig);
    assert_string_not_equal(buf_str(&sig), m->v->signature);
    buf_free(&sig);
    m->tried++;
}

static void test_v1_every_byte(void **state)
{
    struct v1_mutation m;
    char *strs[2 * MAX_PAIRS + 3];
    size_t n = 0, bytes = 0;

    m.v = *state;
    m.method = strdup(m.v->method);
    m.secret = strdup(m.v->secret);
    assert_non_null(m.method);
    assert_non_null(m.secret);
    copy_pairs(&m.pairs, m.v->params);
    m.tried = 0;
    strs[n++] = m.method;
    strs[n++] = m.secret;
    for (size_t i = 0; m.pairs.items[i]; i++)
        strs[n++] = m.pairs.items[i];
    strs[n] = NULL;
    for (size_t i = 0; strs[i]; i++)
        bytes += strlen(strs[i]);
    flip_each_byte(strs, v1_mutated_must_differ, &m);
    assert_int_equal(m.tried, bytes);
    assert_true(count_pairs(m.v->params) > 0);
    free_pairs(&m.pairs);
    free(m.method);
    free(m.secret);
}

/* --- V3 ------------------------------------------------------------------- */

struct v3_vector {
    const char *method;
    const char *uri;
    const char *query[2 * MAX_PAIRS + 1];
    const char *headers[2 * MAX_PAIRS + 1];
    const char *payload_hash;
    const char *access_key_id;
    const char *secret;
    const char *canonical;   /* NULL when the source gives none */
    const char *hashed;      /* likewise */
    const char *authorization;
};

static const struct v3_vector v3_official = {
    "POST", "/",
    { "ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
      "RegionId", "cn-shanghai", NULL },
    { "host", "ecs.cn-shanghai.aliyuncs.com",
      "x-acs-action", "RunInstances", "x-acs-version", "2014-05-26",
      "x-acs-date", "2023-10-26T10:22:32Z",
      "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d",
      "x-acs-content-sha256", SIGN_EMPTY_SHA256, NULL },
    SIGN_EMPTY_SHA256, "YourAccessKeyId", "YourAccessKeySecret",
    "POST\n/\n"
    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"
    "&RegionId=cn-shanghai\n"
    "host:ecs.cn-shanghai.aliyuncs.com\n"
    "x-acs-action:RunInstances\n"
    "x-acs-content-sha256:" SIGN_EMPTY_SHA256 "\n"
    "x-acs-date:2023-10-26T10:22:32Z\n"
    "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
    "x-acs-version:2014-05-26\n\n"
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;"
    "x-acs-signature-nonce;x-acs-version\n" SIGN_EMPTY_SHA256,
    "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
    "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;"
    "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
    "x-acs-version,Signature="
    "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
};

static const struct v3_vector v3_darabonba = {
    "GET", "/", { "test", "ok", "empty", "", NULL },
    { "x-acs-test", "http", "x-acs-TEST", "https", NULL },
    "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
    "acesskey", "secret",
    "GET\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n"
    "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
    NULL,
    "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,"
    "Signature=d16b30a7699ae9e43875b13195b2f81bcc3ed10c14a9b5eb780e51619aa50be1"
};

static void v3_compute(const char *method, const char *uri,
                       const char *const *query, const char *const *headers,
                       const char *payload_hash, const char *ak,
                       const char *secret, struct buf *auth)
{
    struct kvlist q, h;
    struct sign_v3_input in;

    fill_list(&q, query);
    fill_list(&h, headers);
    in.method = method;
    in.uri = uri;
    in.query = &q;
    in.headers = &h;
    in.payload_hash = payload_hash;
    assert_int_equal(sign_v3_authorization(auth, &in, ak, secret), 0);
    kvlist_free(&q);
    kvlist_free(&h);
}

static void test_v3_vector(void **state)
{
    const struct v3_vector *v = *state;
    struct kvlist q, h;
    struct sign_v3_input in;
    struct buf canonical, sts, auth;
    char expected_sts[100];

    fill_list(&q, v->query);
    fill_list(&h, v->headers);
    in.method = v->method;
    in.uri = v->uri;
    in.query = &q;
    in.headers = &h;
    in.payload_hash = v->payload_hash;
    buf_init(&canonical, BIG);
    buf_init(&sts, BIG);
    buf_init(&auth, BIG);
    assert_int_equal(sign_v3_canonical_request(&canonical, NULL, &in), 0);
    if (v->canonical)
        assert_string_equal(buf_str(&canonical), v->canonical);
    assert_int_equal(sign_v3_string_to_sign(&sts, buf_str(&canonical)), 0);
    if (v->hashed) {
        snprintf(expected_sts, sizeof(expected_sts), "ACS3-HMAC-SHA256\n%s",
                 v->hashed);
        assert_string_equal(buf_str(&sts), expected_sts);
    }
    v3_compute(v->method, v->uri, v->query, v->headers, v->payload_hash,
               v->access_key_id, v->secret, &auth);
    assert_string_equal(buf_str(&auth), v->authorization);
    buf_free(&canonical);
    buf_free(&sts);
    buf_free(&auth);
    kvlist_free(&q);
    kvlist_free(&h);
}

struct v3_mutation {
    const struct v3_vector *v;
    char *method, *uri, *payload_hash, *secret;
    struct pairs_copy query, headers;
    size_t tried;
};

static void v3_mutated_must_differ(void *arg)
{
    struct v3_mutation *m = arg;
    struct buf auth;

    buf_init(&auth, BIG);
    v3_compute(m->method, m->uri, (const char *const *)m->query.items,
               (const char *const *)m->headers.items, m->payload_hash,
               m->v->access_key_id, m->secret, &auth);
    assert_string_not_equal(buf_str(&auth), m->v->authorization);
    buf_free(&auth);
    m->tried++;
}

static void test_v3_every_byte(void **state)
{
    struct v3_mutation m;
    char *strs[4 * MAX_PAIRS + 6];
    size_t n = 0;

    m.v = *state;
    m.method = strdup(m.v->method);
    m.uri = strdup(m.v->uri);
    m.payload_hash = strdup(m.v->payload_hash);
    m.secret = strdup(m.v->secret);
    assert_true(m.method && m.uri && m.payload_hash && m.secret);
    copy_pairs(&m.query, m.v->query);
    copy_pairs(&m.headers, m.v->headers);
    m.tried = 0;
    strs[n++] = m.method;
    strs[n++] = m.uri;
    strs[n++] = m.payload_hash;
    strs[n++] = m.secret;
    for (size_t i = 0; m.query.items[i]; i++)
        strs[n++] = m.query.items[i];
    for (size_t i = 0; m.headers.items[i]; i++) {
        /* Header names are case-insensitive: flipping bit 0 of a letter
         * still changes it, so every byte of them counts too. */
        strs[n++] = m.headers.items[i];
    }
    strs[n] = NULL;
    flip_each_byte(strs, v3_mutated_must_differ, &m);
    assert_true(m.tried > 100);
    free_pairs(&m.query);
    free_pairs(&m.headers);
    free(m.method);
    free(m.uri);
    free(m.payload_hash);
    free(m.secret);
}

/* --- canonical forms ----------------------------------------------------- */

static void test_canonical_query_empty(void **state)
{
    struct kvlist l;
    struct buf out;

    (void)state;
    kvlist_init(&l);
    buf_init(&out, BIG);
    assert_int_equal(sign_canonical_query(&out, &l), 0);
    assert_string_equal(buf_str(&out), "");
    assert_int_equal(sign_canonical_query(&out, NULL), 0);
    buf_free(&out);
}

static void test_canonical_query_byte_order(void **state)
{
    struct kvlist l;
    struct buf out;

    (void)state;
    /* Upper case sorts before lower case; the caller's order is kept. */
    fill_list(&l, (const char *const[]){ "b", "1", "B", "2", "a", "3",
                                         "A", "4", NULL });
    buf_init(&out, BIG);
    assert_int_equal(sign_canonical_query(&out, &l), 0);
    assert_string_equal(buf_str(&out), "A=4&B=2&a=3&b=1");
    assert_string_equal(l.items[0].key, "b");
    buf_free(&out);
    kvlist_free(&l);
}

static void test_v3_header_trim_and_case(void **state)
{
    struct kvlist h;
    struct sign_v3_input in;
    struct buf out, names;

    (void)state;
    fill_list(&h, (const char *const[]){ "X-Acs-Date", "  2024 ",
                                         "Host", "\texample.com", NULL });
    in.method = "GET";
    in.uri = "/";
    in.query = NULL;
    in.headers = &h;
    in.payload_hash = SIGN_EMPTY_SHA256;
    buf_init(&out, BIG);
    buf_init(&names, BIG);
    assert_int_equal(sign_v3_canonical_request(&out, &names, &in), 0);
    assert_string_equal(buf_str(&out),
                        "GET\n/\n\nhost:example.com\nx-acs-date:2024\n\n"
                        "host;x-acs-date\n" SIGN_EMPTY_SHA256);
    assert_string_equal(buf_str(&names), "host;x-acs-date");
    buf_free(&out);
    buf_free(&names);
    kvlist_free(&h);
}

#define CASE(name, fn, vec) { name, fn, NULL, NULL, (void *)(uintptr_t)&(vec) }

int main(void)
{
    const struct CMUnitTest tests[] = {
        CASE("V1 official rpc-mechanism example (9NaGi...)", test_v1_vector,
             v1_official),
        CASE("V1 official example: every input byte matters",
             test_v1_every_byte, v1_official),
        CASE("V1 old ECS doc GET (OLeaid...)", test_v1_vector, v1_old_get),
        CASE("V1 old ECS doc GET: every input byte matters",
             test_v1_every_byte, v1_old_get),
        CASE("V1 old ECS doc POST (Mxbn...)", test_v1_vector, v1_old_post),
        CASE("V1 old ECS doc POST: every input byte matters",
             test_v1_every_byte, v1_old_post),
        CASE("V1 old doc spelled TimeStamp (CT9X...)", test_v1_vector,
             v1_old_timestamp_spelling),
        CASE("V1 old doc spelled TimeStamp: every input byte matters",
             test_v1_every_byte, v1_old_timestamp_spelling),
        CASE("V1 darabonba-openapi SDK (XlUy...)", test_v1_vector,
             v1_darabonba),
        CASE("V1 darabonba-openapi SDK: every input byte matters",
             test_v1_every_byte, v1_darabonba),
        CASE("V1 Go SDK with empty values (7loPm...)", test_v1_vector,
             v1_go_sdk),
        CASE("V1 Go SDK: every input byte matters", test_v1_every_byte,
             v1_go_sdk),
        CASE("V1 Go SDK with SecurityToken (5Nxdc...)", test_v1_vector,
             v1_go_sdk_sts),
        CASE("V1 Go SDK with SecurityToken: every input byte matters",
             test_v1_every_byte, v1_go_sdk_sts),
        CASE("V3 official example (7ea06492... / 06563a9e...)",
             test_v3_vector, v3_official),
        CASE("V3 official example: every input byte matters",
             test_v3_every_byte, v3_official),
        CASE("V3 darabonba-openapi SDK, merged headers (d16b30a7...)",
             test_v3_vector, v3_darabonba),
        CASE("V3 darabonba-openapi SDK: every input byte matters",
             test_v3_every_byte, v3_darabonba),
        cmocka_unit_test(test_canonical_query_empty),
        cmocka_unit_test(test_canonical_query_byte_order),
        cmocka_unit_test(test_v3_header_trim_and_case),
    };

    return cmocka_run_group_tests_name("sign vectors", tests, NULL, NULL);
}
