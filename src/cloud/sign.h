/* sign — Alibaba Cloud request signatures, V3 and V1.
 *
 * V3 (ACS3-HMAC-SHA256) signs a canonical request built from the method,
 * the sorted query, the x-acs-* headers and the payload hash, and travels
 * in an Authorization header.  V1 (HMAC-SHA1, SignatureVersion=1.0, which
 * Alibaba's pages now call "V2") signs "METHOD&%2F&<encoded query>" with
 * the secret plus "&" as the key, and travels as a Signature parameter.
 * Both use the same RFC 3986 percent-encoding.  The clock and the nonce
 * are inputs, so every output can be checked against published vectors;
 * the simulator verifies requests with the same canonical forms.
 * (Facts: doc/signing.md.) */
#ifndef LINKROLE_SIGN_H
#define LINKROLE_SIGN_H

#include <stddef.h>
#include <time.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/kv.h"

#define SIGN_V3_ALGORITHM "ACS3-HMAC-SHA256"
#define SIGN_EMPTY_SHA256 \
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SIGN_TIMESTAMP_LEN CLOCK_UTC_LEN /* "2024-01-02T03:04:05Z" */
#define SIGN_NONCE_LEN 32     /* 16 random bytes in hex */

/* --- primitives ----------------------------------------------------------- */

/* Appends s[0..len) percent-encoded: A-Z a-z 0-9 - _ . ~ kept, every other
 * byte as %XY with upper-case hex (so space is %20, "*" is %2A). */
int sign_encode(struct buf *out, const char *s, size_t len);
int sign_encodes(struct buf *out, const char *s);

/* HMAC with digest "SHA1" or "SHA256" (RFC 2104 over OpenSSL's SHA-1 and
 * SHA-256 functions; another name is refused with -1).  mac must hold
 * EVP_MAX_MD_SIZE bytes; *mac_len receives the length.  Returns 0 or -1.
 * Keeps no state between calls: any thread may call it. */
int sign_hmac(const char *digest, const void *key, size_t key_len,
              const void *msg, size_t msg_len, unsigned char *mac,
              size_t *mac_len);
/* Lower-case hex SHA-256 of data into hex[65].  Returns 0 or -1. */
int sign_sha256_hex(const void *data, size_t len, char hex[65]);
/* Appends standard Base64 (with padding). */
int sign_base64(struct buf *out, const unsigned char *data, size_t len);
/* Appends lower-case hex. */
int sign_hex(struct buf *out, const unsigned char *data, size_t len);

/* "yyyy-MM-ddTHH:mm:ssZ" in UTC into out[SIGN_TIMESTAMP_LEN + 1]. */
int sign_timestamp(time_t t, char *out);
/* len random bytes from the kernel (getrandom).  Returns 0 or -1. */
int sign_random(void *out, size_t len);
/* A fresh nonce (sign_random, in hex) into out[SIGN_NONCE_LEN + 1]. */
int sign_nonce(char *out);

/* --- canonical forms ----------------------------------------------------- */

/* enc(k)=enc(v) pairs sorted by key in byte order and joined by "&";
 * an empty value gives "k=".  params is not modified. */
int sign_canonical_query(struct buf *out, const struct kvlist *params);

/* V1: METHOD + "&%2F&" + enc(canonical query). */
int sign_v1_string_to_sign(struct buf *out, const char *method,
                           const struct kvlist *params);
/* V1: Base64(HMAC-SHA1(secret + "&", string_to_sign)). */
int sign_v1_signature(struct buf *out, const char *secret,
                      const char *string_to_sign);

/* What a V3 signature covers.  headers holds exactly the headers to sign
 * (any case; values are trimmed, names lower-cased, duplicates merged as
 * sorted values joined by ","). */
struct sign_v3_input {
    const char *method;
    const char *uri;                /* "/" for RPC-style APIs */
    const struct kvlist *query;
    const struct kvlist *headers;
    const char *payload_hash;       /* lower-case hex SHA-256 of the body */
};

/* V3 canonical request; signed_headers (may be NULL) receives the
 * ";"-joined header names. */
int sign_v3_canonical_request(struct buf *out, struct buf *signed_headers,
                              const struct sign_v3_input *in);
/* "ACS3-HMAC-SHA256\n" + hex(SHA-256(canonical request)). */
int sign_v3_string_to_sign(struct buf *out, const char *canonical_request);
/* Lower-case hex HMAC-SHA256(secret, string_to_sign). */
int sign_v3_signature(struct buf *out, const char *secret,
                      const char *string_to_sign);
/* The whole Authorization header value for these inputs. */
int sign_v3_authorization(struct buf *out, const struct sign_v3_input *in,
                          const char *access_key_id, const char *secret);

/* --- whole RPC requests -------------------------------------------------- */

/* The most a request's canonical forms may take: sign_rpc_v3 and
 * sign_rpc_v1 build them in one buffer of this size (no allocation per
 * part), and refuse a request that does not fit with SIGN_TOO_BIG,
 * never signing part of it.  Far above what the API takes in a URL. */
#define SIGN_REQUEST_MAX (64u * 1024u)
#define SIGN_TOO_BIG (-2)

struct sign_creds {
    const char *access_key_id;
    const char *access_key_secret;
    const char *security_token;     /* NULL without STS */
};

/* An RPC-style API call before signing.  The API parameters go in the
 * query; body (with content_type) is only for form-encoded requests. */
struct sign_rpc {
    const char *method;             /* "POST" (what the SDKs send) or "GET" */
    const char *host;               /* the Host header: "host[:port]" */
    const char *action;
    const char *version;
    const struct kvlist *params;
    const char *body;               /* NULL or "" for none */
    const char *content_type;       /* for a body */
    time_t now;
    const char *nonce;
};

/* V3: query receives the canonical query string (what goes after "?"),
 * headers the headers to send (host, x-acs-*, content-type and
 * Authorization), in signing order.  Returns 0, SIGN_TOO_BIG, or -1
 * (out of memory, or OpenSSL failed). */
int sign_rpc_v3(const struct sign_rpc *req, const struct sign_creds *creds,
                struct buf *query, struct kvlist *headers);
/* V1: query receives the full query string, common parameters and the
 * Signature included; string_to_sign (may be NULL) what was signed.
 * Returns as sign_rpc_v3 (and -1 for a body: V1 is query only). */
int sign_rpc_v1(const struct sign_rpc *req, const struct sign_creds *creds,
                struct buf *query, struct buf *string_to_sign);

#endif
