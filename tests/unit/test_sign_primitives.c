/* Known-answer tests for src/cloud/sign.c: whole RPC requests (V1 and V3,
 * on self-computed fixtures) and the primitives they are built from:
 * HMAC (RFC 2202, RFC 4231, the SDKs' Base64 cases), SHA-256,
 * percent-encoding, the timestamp and the nonce.  Sources of the
 * vectors: doc/signing.md.  The published V1 and V3 vectors, byte by
 * byte: test_sign_vectors.c. */
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

/* The same few lines as in test_sign_vectors.c: each test program is
 * linked on its own. */
static void fill_list(struct kvlist *l, const char *const *pairs)
{
    kvlist_init(l);
    for (size_t i = 0; pairs[i]; i += 2)
        assert_int_equal(kvlist_add(l, pairs[i], pairs[i + 1]), 0);
}

/* --- whole RPC requests (self-computed fixtures, doc/signing.md) --------- */

/* 2024-01-02T03:04:05Z */
#define FIXTURE_TIME ((time_t)1704164645)

struct rpc_vector {
    int scheme;                 /* 1 or 3 */
    const char *action;
    const char *params[2 * MAX_PAIRS + 1];
    const char *body;
    const char *nonce;
    const char *access_key_id;
    const char *token;
    const char *string_to_sign; /* V1, NULL to skip */
    const char *expected;       /* V1 Signature, V3 Authorization */
};

static const struct rpc_vector rpc_v1_create = {
    1, "CreateServiceLinkedRole", { "ServiceName", "dbs.aliyuncs.com", NULL },
    NULL, "nonce-0001", "testid", NULL,
    "POST&%2F&AccessKeyId%3Dtestid%26Action%3DCreateServiceLinkedRole"
    "%26Format%3DJSON%26ServiceName%3Ddbs.aliyuncs.com%26SignatureMethod"
    "%3DHMAC-SHA1%26SignatureNonce%3Dnonce-0001%26SignatureVersion%3D1.0"
    "%26Timestamp%3D2024-01-02T03%253A04%253A05Z%26Version%3D2020-03-31",
    "LgrR+nwxq1vmCDGmpikkm/W+tIA="
};

static const struct rpc_vector rpc_v1_create_sts = {
    1, "CreateServiceLinkedRole", { "ServiceName", "dbs.aliyuncs.com", NULL },
    NULL, "nonce-0001", "testid", "sts-token/+=", NULL,
    "8VBEOTAw+Z+fJrjPNphYCD7BpxU="
};

static const struct rpc_vector rpc_v3_create = {
    3, "CreateServiceLinkedRole",
    { "ServiceName", "dbs.aliyuncs.com", "CustomSuffix", "My Suffix*", NULL },
    NULL, "nonce-0001", "testid", NULL, NULL,
    "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;"
    "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
    "Signature="
    "17357532e95b48ff4b2b23df93a532522b241614457aeadb6a262cd32a41d6df"
};

static const struct rpc_vector rpc_v3_create_sts = {
    3, "CreateServiceLinkedRole", { "ServiceName", "dbs.aliyuncs.com", NULL },
    NULL, "nonce-0001", "STS.testid", "sts-token/+=", NULL,
    "ACS3-HMAC-SHA256 Credential=STS.testid,SignedHeaders=host;"
    "x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;"
    "x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature="
    "d83d720c511dbad9df0884aa5a7b1f75eb875ef9858c2e773994bc07ffdae65a"
};

static const struct rpc_vector rpc_v3_delete_form = {
    3, "DeleteServiceLinkedRole", { NULL },
    "RoleName=AliyunServiceRoleForDBS", "nonce-0002", "testid", NULL, NULL,
    "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;"
    "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
    "x-acs-version,Signature="
    "2cb061a7ed37b3037e6ffba4bb48ef24fb55b58d4a38d89c476ea2fad14b01c1"
};

static void rpc_request(struct sign_rpc *req, const struct rpc_vector *v,
                        const struct kvlist *params)
{
    req->method = "POST";
    req->host = "resourcemanager.aliyuncs.com";
    req->action = v->action;
    req->version = "2020-03-31";
    req->params = params;
    req->body = v->body;
    req->content_type = v->body ? "application/x-www-form-urlencoded" : NULL;
    req->now = FIXTURE_TIME;
    req->nonce = v->nonce;
}

static void test_rpc_vector(void **state)
{
    const struct rpc_vector *v = *state;
    struct kvlist params, headers;
    struct sign_rpc req;
    struct sign_creds creds = { v->access_key_id, "testsecret", v->token };
    struct buf query, sts;

    fill_list(&params, v->params);
    kvlist_init(&headers);
    buf_init(&query, BIG);
    buf_init(&sts, BIG);
    rpc_request(&req, v, &params);
    if (v->scheme == 1) {
        struct buf want;

        assert_int_equal(sign_rpc_v1(&req, &creds, &query, &sts), 0);
        if (v->string_to_sign)
            assert_string_equal(buf_str(&sts), v->string_to_sign);
        /* The Signature travels percent-encoded in the query. */
        buf_init(&want, BIG);
        assert_int_equal(buf_adds(&want, "Signature="), 0);
        assert_int_equal(sign_encodes(&want, v->expected), 0);
        assert_non_null(strstr(buf_str(&query), buf_str(&want)));
        buf_free(&want);
    } else {
        assert_int_equal(sign_rpc_v3(&req, &creds, &query, &headers), 0);
        assert_string_equal(kvlist_get(&headers, "Authorization"),
                            v->expected);
    }
    buf_free(&query);
    buf_free(&sts);
    kvlist_free(&params);
    kvlist_free(&headers);
}

/* The hashed canonical request of the self-computed V3 fixture, and the
 * exact query and headers a V3 request carries. */
static void test_rpc_v3_request_shape(void **state)
{
    struct kvlist params, headers;
    struct sign_rpc req;
    struct sign_creds creds = { "testid", "testsecret", NULL };
    struct buf query;
    static const char *const want[] = {
        "host", "resourcemanager.aliyuncs.com",
        "x-acs-action", "CreateServiceLinkedRole",
        "x-acs-content-sha256", SIGN_EMPTY_SHA256,
        "x-acs-date", "2024-01-02T03:04:05Z",
        "x-acs-signature-nonce", "nonce-0001",
        "x-acs-version", "2020-03-31", NULL
    };
    size_t i;

    (void)state;
    fill_list(&params, rpc_v3_create.params);
    kvlist_init(&headers);
    buf_init(&query, BIG);
    rpc_request(&req, &rpc_v3_create, &params);
    assert_int_equal(sign_rpc_v3(&req, &creds, &query, &headers), 0);
    assert_string_equal(buf_str(&query),
                        "CustomSuffix=My%20Suffix%2A"
                        "&ServiceName=dbs.aliyuncs.com");
    for (i = 0; want[2 * i]; i++) {
        assert_string_equal(headers.items[i].key, want[2 * i]);
        assert_string_equal(headers.items[i].value, want[2 * i + 1]);
    }
    assert_string_equal(headers.items[i].key, "Authorization");
    assert_int_equal(headers.count, i + 1);
    buf_free(&query);
    kvlist_free(&params);
    kvlist_free(&headers);
}

static void test_rpc_v3_hashed_canonical(void **state)
{
    struct kvlist q, h;
    struct sign_v3_input in;
    struct buf canonical, sts;

    (void)state;
    fill_list(&q, rpc_v3_create.params);
    fill_list(&h, (const char *const[]){
        "host", "resourcemanager.aliyuncs.com",
        "x-acs-action", "CreateServiceLinkedRole",
        "x-acs-version", "2020-03-31", "x-acs-date", "2024-01-02T03:04:05Z",
        "x-acs-signature-nonce", "nonce-0001",
        "x-acs-content-sha256", SIGN_EMPTY_SHA256, NULL });
    in.method = "POST";
    in.uri = "/";
    in.query = &q;
    in.headers = &h;
    in.payload_hash = SIGN_EMPTY_SHA256;
    buf_init(&canonical, BIG);
    buf_init(&sts, BIG);
    assert_int_equal(sign_v3_canonical_request(&canonical, NULL, &in), 0);
    assert_int_equal(sign_v3_string_to_sign(&sts, buf_str(&canonical)), 0);
    assert_string_equal(buf_str(&sts),
        "ACS3-HMAC-SHA256\n"
        "49dba39e1c9ad4e7232fb27b9f9a33b6371bd5520ff095d0a124a37f041cb27e");
    buf_free(&canonical);
    buf_free(&sts);
    kvlist_free(&q);
    kvlist_free(&h);
}

static void test_rpc_v3_form_payload_hash(void **state)
{
    char hex[65];
    static const char body[] = "RoleName=AliyunServiceRoleForDBS";

    (void)state;
    assert_int_equal(sign_sha256_hex(body, strlen(body), hex), 0);
    assert_string_equal(
        hex, "029a30b1a9ec82e8d3ba003f7721b337c5627278c766316413f7d2e969259a0d");
}

static void test_rpc_v1_refuses_body(void **state)
{
    struct sign_rpc req;
    struct sign_creds creds = { "testid", "testsecret", NULL };
    struct buf query;

    (void)state;
    buf_init(&query, BIG);
    rpc_request(&req, &rpc_v3_delete_form, NULL);
    assert_int_equal(sign_rpc_v1(&req, &creds, &query, NULL), -1);
    buf_free(&query);
}

/* --- HMAC primitives ------------------------------------------------------ */

struct hmac_vector {
    const char *digest;
    const char *key_hex;
    size_t key_repeat;
    const char *data_text;      /* or: */
    const char *data_hex;
    size_t data_repeat;
    const char *expected_hex;   /* a prefix when the RFC truncates */
};

static size_t unhex_repeat(const char *hex, size_t repeat, unsigned char *out,
                           size_t max)
{
    size_t n = 0, len = strlen(hex) / 2;

    for (size_t r = 0; r < repeat; r++)
        for (size_t i = 0; i < len; i++) {
            unsigned int byte;

            assert_true(n < max);
            assert_int_equal(sscanf(hex + 2 * i, "%2x", &byte), 1);
            out[n++] = (unsigned char)byte;
        }
    return n;
}

static void test_hmac_vector(void **state)
{
    const struct hmac_vector *v = *state;
    unsigned char key[256], data[256], mac[64];
    size_t key_len, data_len, mac_len = 0;
    struct buf hex;

    key_len = unhex_repeat(v->key_hex, v->key_repeat, key, sizeof(key));
    if (v->data_text) {
        data_len = strlen(v->data_text);
        memcpy(data, v->data_text, data_len);
    } else {
        data_len = unhex_repeat(v->data_hex, v->data_repeat, data,
                                sizeof(data));
    }
    assert_int_equal(sign_hmac(v->digest, key, key_len, data, data_len, mac,
                               &mac_len), 0);
    assert_int_equal(mac_len, strcmp(v->digest, "SHA1") == 0 ? 20 : 32);
    buf_init(&hex, BIG);
    assert_int_equal(sign_hex(&hex, mac, strlen(v->expected_hex) / 2), 0);
    assert_string_equal(buf_str(&hex), v->expected_hex);
    buf_free(&hex);
}

#define KEY25 "0102030405060708090a0b0c0d0e0f10111213141516171819"
static const struct hmac_vector rfc2202[] = {
    { "SHA1", "0b", 20, "Hi There", NULL, 0,
      "b617318655057264e28bc0b6fb378c8ef146be00" },
    { "SHA1", "4a656665", 1, "what do ya want for nothing?", NULL, 0,
      "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
    { "SHA1", "aa", 20, NULL, "dd", 50,
      "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
    { "SHA1", KEY25, 1, NULL, "cd", 50,
      "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
    { "SHA1", "0c", 20, "Test With Truncation", NULL, 0,
      "4c1a03424b55e07fe7f27be1" },
    { "SHA1", "aa", 80,
      "Test Using Larger Than Block-Size Key - Hash Key First", NULL, 0,
      "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
    { "SHA1", "aa", 80,
      "Test Using Larger Than Block-Size Key and Larger Than One "
      "Block-Size Data", NULL, 0,
      "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
};

static const struct hmac_vector rfc4231[] = {
    { "SHA256", "0b", 20, "Hi There", NULL, 0,
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
    { "SHA256", "4a656665", 1, "what do ya want for nothing?", NULL, 0,
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
    { "SHA256", "aa", 20, NULL, "dd", 50,
      "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
    { "SHA256", KEY25, 1, NULL, "cd", 50,
      "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
    { "SHA256", "0c", 20, "Test With Truncation", NULL, 0,
      "a3b6167473100ee06e0c796c2955552b" },
    { "SHA256", "aa", 131,
      "Test Using Larger Than Block-Size Key - Hash Key First", NULL, 0,
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
    { "SHA256", "aa", 131,
      "This is a test using a larger than block-size key and a larger than "
      "block-size data. The key needs to be hashed before being used by the "
      "HMAC algorithm.", NULL, 0,
      "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
};

struct hmac_b64_vector {
    const char *message;
    const char *key;
    const char *base64;
};

static void test_hmac_sha1_base64(void **state)
{
    const struct hmac_b64_vector *v = *state;
    unsigned char mac[64];
    size_t mac_len = 0;
    struct buf out;

    assert_int_equal(sign_hmac("SHA1", v->key, strlen(v->key), v->message,
                               strlen(v->message), mac, &mac_len), 0);
    buf_init(&out, BIG);
    assert_int_equal(sign_base64(&out, mac, mac_len), 0);
    assert_string_equal(buf_str(&out), v->base64);
    buf_free(&out);
}

static const struct hmac_b64_vector hmac_source = {
    "source", "secret", "Jv4yi8SobFhg5t1C7nWLbhBSFZQ="
};
static const struct hmac_b64_vector hmac_zhongwen = {
    "\xe4\xb8\xad\xe6\x96\x87", "secret", "CqCYIa39h9SSWuXnTz8F5hh9UPA="
};
static const struct hmac_b64_vector hmac_zhongwen_unicode = {
    "\xe4\xb8\xad\xe6\x96\x87unicode", "secret",
    "szlfHs3WVaO/HgY3Cg7/uyXDaRw="
};
/* RFC 2202 case 2 again, as Base64 (what V1 puts on the wire). */
static const struct hmac_b64_vector hmac_jefe = {
    "what do ya want for nothing?", "Jefe", "7/zfauXrL6LSdBbV8YTfnCWafHk="
};

static void test_hmac_empty_key(void **state)
{
    unsigned char mac[64];
    size_t mac_len = 0;
    struct buf hex;

    (void)state;
    /* HMAC-SHA256 with an empty key and message (a well-known value). */
    assert_int_equal(sign_hmac("SHA256", "", 0, "", 0, mac, &mac_len), 0);
    buf_init(&hex, BIG);
    assert_int_equal(sign_hex(&hex, mac, mac_len), 0);
    assert_string_equal(buf_str(&hex),
        "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    buf_free(&hex);
}

static void test_hmac_unknown_digest(void **state)
{
    unsigned char mac[64];
    size_t mac_len = 0;

    (void)state;
    assert_int_equal(sign_hmac("NOT-A-DIGEST", "k", 1, "m", 1, mac, &mac_len),
                     -1);
}

/* --- hashing, encoding, clock, nonce ------------------------------------- */

static void test_sha256_empty(void **state)
{
    char hex[65];

    (void)state;
    assert_int_equal(sign_sha256_hex("", 0, hex), 0);
    assert_string_equal(hex, SIGN_EMPTY_SHA256);
}

static void test_sha256_test(void **state)
{
    char hex[65];

    (void)state;
    assert_int_equal(sign_sha256_hex("test", 4, hex), 0);
    assert_string_equal(
        hex, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
}

struct encode_vector {
    const char *in;
    const char *out;
};

static void test_encode(void **state)
{
    const struct encode_vector *v = *state;
    struct buf out;

    buf_init(&out, BIG);
    assert_int_equal(sign_encodes(&out, v->in), 0);
    assert_string_equal(buf_str(&out), v->out);
    buf_free(&out);
}

static const struct encode_vector enc_darabonba = {
    " ~/*-+", "%20~%2F%2A-%2B"
};
static const struct encode_vector enc_utf8 = {
    "\xe4\xb8\xad \xe6\x96\x87+~*", "%E4%B8%AD%20%E6%96%87%2B~%2A"
};
static const struct encode_vector enc_timestamp = {
    "2023-03-13T08:34:30Z", "2023-03-13T08%3A34%3A30Z"
};
static const struct encode_vector enc_slash = { "/", "%2F" };
static const struct encode_vector enc_unreserved = {
    "ABCXYZabcxyz0189-_.~", "ABCXYZabcxyz0189-_.~"
};
static const struct encode_vector enc_reserved = {
    "!#$&'()+,:;=?@[]%\"<>\\^`{|}",
    "%21%23%24%26%27%28%29%2B%2C%3A%3B%3D%3F%40%5B%5D%25%22%3C%3E%5C%5E"
    "%60%7B%7C%7D"
};
static const struct encode_vector enc_bytes = {
    "\x01\x7f\x80\xff", "%01%7F%80%FF"
};

static void test_encode_embedded_nul(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(sign_encode(&out, "a\0b", 3), 0);
    assert_string_equal(buf_str(&out), "a%00b");
    buf_free(&out);
}

static void test_encode_official_url_signature(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(sign_encodes(&out, "9NaGiOspFP5UPcwX8Iwt2YJXXuk="), 0);
    assert_string_equal(buf_str(&out), "9NaGiOspFP5UPcwX8Iwt2YJXXuk%3D");
    buf_free(&out);
}

static void test_encode_respects_buffer_limit(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, 4);
    assert_int_equal(sign_encodes(&out, "ab"), 0);
    assert_int_equal(sign_encodes(&out, " "), -1);
    assert_string_equal(buf_str(&out), "ab");
    buf_free(&out);
}

static void test_timestamp_utc(void **state)
{
    char ts[SIGN_TIMESTAMP_LEN + 1];

    (void)state;
    assert_int_equal(sign_timestamp(FIXTURE_TIME, ts), 0);
    assert_string_equal(ts, "2024-01-02T03:04:05Z");
    assert_int_equal(sign_timestamp(0, ts), 0);
    assert_string_equal(ts, "1970-01-01T00:00:00Z");
}

static void test_nonce_fresh_hex(void **state)
{
    char a[SIGN_NONCE_LEN + 1], b[SIGN_NONCE_LEN + 1];

    (void)state;
    assert_int_equal(sign_nonce(a), 0);
    assert_int_equal(sign_nonce(b), 0);
    assert_int_equal(strlen(a), SIGN_NONCE_LEN);
    assert_int_equal(strspn(a, "0123456789abcdef"), SIGN_NONCE_LEN);
    assert_string_not_equal(a, b);
}

#define CASE(name, fn, vec) { name, fn, NULL, NULL, (void *)(uintptr_t)&(vec) }

int main(void)
{
    const struct CMUnitTest tests[] = {
        CASE("fixture V1 CreateServiceLinkedRole POST (LgrR...)",
             test_rpc_vector, rpc_v1_create),
        CASE("fixture V1 CreateServiceLinkedRole + SecurityToken (8VBEO...)",
             test_rpc_vector, rpc_v1_create_sts),
        CASE("fixture V3 CreateServiceLinkedRole with suffix (17357532...)",
             test_rpc_vector, rpc_v3_create),
        CASE("fixture V3 CreateServiceLinkedRole + STS headers (d83d720c...)",
             test_rpc_vector, rpc_v3_create_sts),
        CASE("fixture V3 DeleteServiceLinkedRole form body (2cb061a7...)",
             test_rpc_vector, rpc_v3_delete_form),
        cmocka_unit_test(test_rpc_v3_hashed_canonical),
        cmocka_unit_test(test_rpc_v3_request_shape),
        cmocka_unit_test(test_rpc_v3_form_payload_hash),
        cmocka_unit_test(test_rpc_v1_refuses_body),
        CASE("RFC 2202 HMAC-SHA1 case 1", test_hmac_vector, rfc2202[0]),
        CASE("RFC 2202 HMAC-SHA1 case 2", test_hmac_vector, rfc2202[1]),
        CASE("RFC 2202 HMAC-SHA1 case 3", test_hmac_vector, rfc2202[2]),
        CASE("RFC 2202 HMAC-SHA1 case 4", test_hmac_vector, rfc2202[3]),
        CASE("RFC 2202 HMAC-SHA1 case 5 (truncated)", test_hmac_vector,
             rfc2202[4]),
        CASE("RFC 2202 HMAC-SHA1 case 6", test_hmac_vector, rfc2202[5]),
        CASE("RFC 2202 HMAC-SHA1 case 7", test_hmac_vector, rfc2202[6]),
        CASE("RFC 4231 HMAC-SHA256 case 1", test_hmac_vector, rfc4231[0]),
        CASE("RFC 4231 HMAC-SHA256 case 2", test_hmac_vector, rfc4231[1]),
        CASE("RFC 4231 HMAC-SHA256 case 3", test_hmac_vector, rfc4231[2]),
        CASE("RFC 4231 HMAC-SHA256 case 4", test_hmac_vector, rfc4231[3]),
        CASE("RFC 4231 HMAC-SHA256 case 5 (truncated)", test_hmac_vector,
             rfc4231[4]),
        CASE("RFC 4231 HMAC-SHA256 case 6", test_hmac_vector, rfc4231[5]),
        CASE("RFC 4231 HMAC-SHA256 case 7", test_hmac_vector, rfc4231[6]),
        CASE("HMAC-SHA1 Base64 credentials-go (source)",
             test_hmac_sha1_base64, hmac_source),
        CASE("HMAC-SHA1 Base64 credentials-go (UTF-8)",
             test_hmac_sha1_base64, hmac_zhongwen),
        CASE("HMAC-SHA1 Base64 python SDK (UTF-8 + ASCII)",
             test_hmac_sha1_base64, hmac_zhongwen_unicode),
        CASE("HMAC-SHA1 Base64 RFC 2202 case 2", test_hmac_sha1_base64,
             hmac_jefe),
        cmocka_unit_test(test_hmac_empty_key),
        cmocka_unit_test(test_hmac_unknown_digest),
        cmocka_unit_test(test_sha256_empty),
        cmocka_unit_test(test_sha256_test),
        CASE("percent-encode darabonba example", test_encode, enc_darabonba),
        CASE("percent-encode UTF-8 example", test_encode, enc_utf8),
        CASE("percent-encode timestamp", test_encode, enc_timestamp),
        CASE("percent-encode slash", test_encode, enc_slash),
        CASE("percent-encode keeps unreserved", test_encode, enc_unreserved),
        CASE("percent-encode reserved ASCII", test_encode, enc_reserved),
        CASE("percent-encode raw bytes", test_encode, enc_bytes),
        cmocka_unit_test(test_encode_embedded_nul),
        cmocka_unit_test(test_encode_official_url_signature),
        cmocka_unit_test(test_encode_respects_buffer_limit),
        cmocka_unit_test(test_timestamp_utc),
        cmocka_unit_test(test_nonce_fresh_hex),
    };

    return cmocka_run_group_tests_name("sign primitives", tests, NULL, NULL);
}
