/* sign — see sign.h. */
/* SHA256_Init and its kin, deprecated by OpenSSL 3: why, below. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "config.h"

#include "cloud/sign.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "cloud/sign_impl.h"
#include "core/clock.h"
#include "core/wipe.h"

#define SIGN_WORK_MAX (1u << 20)

#define SIGN_U1(c) [c] = 1
#define SIGN_U10(c) SIGN_U1(c), SIGN_U1(c + 1), SIGN_U1(c + 2),             \
    SIGN_U1(c + 3), SIGN_U1(c + 4), SIGN_U1(c + 5), SIGN_U1(c + 6),        \
    SIGN_U1(c + 7), SIGN_U1(c + 8), SIGN_U1(c + 9)
#define SIGN_U26(c) SIGN_U10(c), SIGN_U10(c + 10), SIGN_U1(c + 20),         \
    SIGN_U1(c + 21), SIGN_U1(c + 22), SIGN_U1(c + 23), SIGN_U1(c + 24),    \
    SIGN_U1(c + 25)
const unsigned char sign_unreserved_table[256] = {
    SIGN_U10('0'), SIGN_U26('A'), SIGN_U26('a'),
    SIGN_U1('-'), SIGN_U1('_'), SIGN_U1('.'), SIGN_U1('~')
};
#undef SIGN_U26
#undef SIGN_U10
#undef SIGN_U1

int sign_encode(struct buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;

    /* Runs of kept bytes are copied at once. */
    while (i < len) {
        size_t run = i;

        while (run < len && sign_unreserved((unsigned char)s[run]))
            run++;
        if (run > i && buf_add(out, s + i, run - i) != BUF_OK)
            return -1;
        if (run < len) {
            unsigned char c = (unsigned char)s[run];
            char esc[3] = { '%', hex[c >> 4], hex[c & 0x0f] };

            if (buf_add(out, esc, sizeof(esc)) != BUF_OK)
                return -1;
            run++;
        }
        i = run;
    }
    return 0;
}

int sign_encodes(struct buf *out, const char *s)
{
    return sign_encode(out, s, strlen(s));
}

/* The digests come from OpenSSL's own SHA-1 and SHA-256 functions, not
 * through EVP: OpenSSL 3 marks them deprecated in favour of EVP, but EVP
 * looks its algorithms up in the provider store, which cost a process's
 * first signature 1.2 ms (as much as everything else a `get` does
 * besides loading libcurl) and every signature after it about two
 * microseconds more than the hashing (doc/performance.md, "Signing").
 * These run the same assembly (SHA-NI where the processor has it), keep
 * no state between calls, and so need no lock and no fetch.  HMAC is
 * RFC 2104 over them.  Should an OpenSSL drop them, this is the one
 * place to change. */
union md_ctx {
    SHA_CTX sha1;
    SHA256_CTX sha256;
};

struct md {
    size_t len;                     /* the digest's bytes */
    void (*init)(union md_ctx *);
    void (*update)(union md_ctx *, const void *, size_t);
    void (*final)(union md_ctx *, unsigned char *);
};

#define MD_BLOCK 64 /* SHA-1's and SHA-256's block, in bytes */

static void sha1_init(union md_ctx *c) { SHA1_Init(&c->sha1); }
static void sha1_update(union md_ctx *c, const void *p, size_t n)
{
    SHA1_Update(&c->sha1, p, n);
}
static void sha1_final(union md_ctx *c, unsigned char *out)
{
    SHA1_Final(out, &c->sha1);
}
static void sha256_init(union md_ctx *c) { SHA256_Init(&c->sha256); }
static void sha256_update(union md_ctx *c, const void *p, size_t n)
{
    SHA256_Update(&c->sha256, p, n);
}
static void sha256_final(union md_ctx *c, unsigned char *out)
{
    SHA256_Final(out, &c->sha256);
}

static const struct md md_sha1 = { 20, sha1_init, sha1_update, sha1_final };
static const struct md md_sha256 = { 32, sha256_init, sha256_update,
                                     sha256_final };

int sign_hmac(const char *digest, const void *key, size_t key_len,
              const void *msg, size_t msg_len, unsigned char *mac,
              size_t *mac_len)
{
    const struct md *md;
    unsigned char k[MD_BLOCK], pad[MD_BLOCK], inner[32];
    union md_ctx ctx;

    if (strcasecmp(digest, "SHA256") == 0)
        md = &md_sha256;
    else if (strcasecmp(digest, "SHA1") == 0)
        md = &md_sha1;
    else
        return -1;
    memset(k, 0, sizeof(k));
    if (key_len > MD_BLOCK) {
        md->init(&ctx);
        md->update(&ctx, key, key_len);
        md->final(&ctx, k);
    } else if (key_len) {
        memcpy(k, key, key_len);
    }
    for (size_t i = 0; i < MD_BLOCK; i++)
        pad[i] = k[i] ^ 0x36;
    md->init(&ctx);
    md->update(&ctx, pad, MD_BLOCK);
    md->update(&ctx, msg, msg_len);
    md->final(&ctx, inner);
    for (size_t i = 0; i < MD_BLOCK; i++)
        pad[i] = k[i] ^ 0x5c;
    md->init(&ctx);
    md->update(&ctx, pad, MD_BLOCK);
    md->update(&ctx, inner, md->len);
    md->final(&ctx, mac);
    *mac_len = md->len;
    /* The key, its pads and the hash states all derive from a secret. */
    wipe_mem(k, sizeof(k));
    wipe_mem(pad, sizeof(pad));
    wipe_mem(inner, sizeof(inner));
    wipe_mem(&ctx, sizeof(ctx));
    return 0;
}

int sign_hex(struct buf *out, const unsigned char *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        char pair[2] = { hex[data[i] >> 4], hex[data[i] & 0x0f] };

        if (buf_add(out, pair, 2) != BUF_OK)
            return -1;
    }
    return 0;
}

int sign_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256_CTX ctx;
    static const char digits[] = "0123456789abcdef";

    /* What every request without a body hashes: no need to ask. */
    if (len == 0) {
        memcpy(hex, SIGN_EMPTY_SHA256, 65);
        return 0;
    }
    /* Not SHA256(), which OpenSSL 3 sends through EVP. */
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, data, len);
    SHA256_Final(md, &ctx);
    for (size_t i = 0; i < sizeof(md); i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 0x0f];
    }
    hex[64] = '\0';
    return 0;
}

int sign_base64(struct buf *out, const unsigned char *data, size_t len)
{
    char enc[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];

    /* Only MACs and digests are encoded here. */
    if (len > EVP_MAX_MD_SIZE)
        return -1;
    EVP_EncodeBlock((unsigned char *)enc, data, (int)len);
    return buf_adds(out, enc) == BUF_OK ? 0 : -1;
}

int sign_timestamp(time_t t, char *out)
{
    return clock_format_utc(t, out);
}

int sign_random(void *out, size_t len)
{
    unsigned char *p = out;

    /* The kernel's generator: no state of ours to seed, and nothing of
     * OpenSSL's to start (its DRBG cost a quarter of a get's
     * instructions). */
    while (len) {
        ssize_t n = getrandom(p, len, 0);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int sign_nonce(char *out)
{
    unsigned char raw[SIGN_NONCE_LEN / 2];
    static const char digits[] = "0123456789abcdef";

    if (sign_random(raw, sizeof(raw)))
        return -1;
    for (size_t i = 0; i < sizeof(raw); i++) {
        out[2 * i] = digits[raw[i] >> 4];
        out[2 * i + 1] = digits[raw[i] & 0x0f];
    }
    out[SIGN_NONCE_LEN] = '\0';
    return 0;
}

/* Sorting pointers keeps the caller's list untouched. */
static int kv_ptr_cmp(const void *a, const void *b)
{
    const struct kv *x = *(const struct kv *const *)a;
    const struct kv *y = *(const struct kv *const *)b;
    int c = strcmp(x->key, y->key);

    return c ? c : strcmp(x->value, y->value);
}

static const struct kv **sorted_view(const struct kvlist *l)
{
    const struct kv **v = calloc(l->count ? l->count : 1, sizeof(*v));

    if (!v)
        return NULL;
    for (size_t i = 0; i < l->count; i++)
        v[i] = &l->items[i];
    qsort(v, l->count, sizeof(*v), kv_ptr_cmp);
    return v;
}

int sign_canonical_query(struct buf *out, const struct kvlist *params)
{
    const struct kv **v = NULL;
    int rc = -1;

    if (!params || params->count == 0)
        return 0;
    v = sorted_view(params);
    if (!v)
        goto out;
    for (size_t i = 0; i < params->count; i++) {
        if ((i && buf_addc(out, '&') != BUF_OK) ||
            sign_encodes(out, v[i]->key) ||
            buf_addc(out, '=') != BUF_OK ||
            sign_encodes(out, v[i]->value))
            goto out;
    }
    rc = 0;
out:
    free(v);
    return rc;
}

int sign_v1_string_to_sign(struct buf *out, const char *method,
                           const struct kvlist *params)
{
    struct buf query;
    int rc = -1;

    buf_init(&query, SIGN_WORK_MAX);
    if (sign_canonical_query(&query, params))
        goto out;
    if (buf_adds(out, method) != BUF_OK || buf_adds(out, "&%2F&") != BUF_OK ||
        sign_encode(out, buf_str(&query), buf_len(&query)))
        goto out;
    rc = 0;
out:
    buf_wipe(&query);
    return rc;
}

int sign_v1_signature(struct buf *out, const char *secret,
                      const char *string_to_sign)
{
    struct buf key;
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0;
    int rc = -1;

    buf_init(&key, SIGN_WORK_MAX);
    if (buf_adds(&key, secret) != BUF_OK || buf_addc(&key, '&') != BUF_OK)
        goto out;
    if (sign_hmac("SHA1", buf_str(&key), buf_len(&key), string_to_sign,
                  strlen(string_to_sign), mac, &mac_len))
        goto out;
    rc = sign_base64(out, mac, mac_len);
out:
    buf_wipe(&key);
    wipe_mem(mac, sizeof(mac));
    return rc;
}

/* Lower-cased names, trimmed values, sorted by name then value. */
static int canonical_headers(struct kvlist *out, const struct kvlist *in)
{
    for (size_t i = 0; i < in->count; i++) {
        const char *value;
        size_t value_len;
        size_t key_len = strlen(in->items[i].key);
        char *key;

        sign_trim(in->items[i].value, &value, &value_len);
        if (kvlist_addn(out, in->items[i].key, key_len, value, value_len))
            return -1;
        for (key = out->items[out->count - 1].key; *key; key++)
            if (*key >= 'A' && *key <= 'Z')
                *key = (char)(*key - 'A' + 'a');
    }
    kvlist_sort(out);
    return 0;
}

int sign_v3_canonical_request(struct buf *out, struct buf *signed_headers,
                              const struct sign_v3_input *in)
{
    struct kvlist headers;
    struct buf names;
    int rc = -1;

    kvlist_init(&headers);
    buf_init(&names, SIGN_WORK_MAX);
    if (in->headers && canonical_headers(&headers, in->headers))
        goto out;
    if (buf_adds(out, in->method) != BUF_OK || buf_addc(out, '\n') ||
        buf_adds(out, in->uri) != BUF_OK || buf_addc(out, '\n') ||
        sign_canonical_query(out, in->query) || buf_addc(out, '\n'))
        goto out;
    for (size_t i = 0; i < headers.count; i++) {
        const char *name = headers.items[i].key;
        int first = i == 0 || strcmp(name, headers.items[i - 1].key) != 0;
        int last = i + 1 == headers.count ||
                   strcmp(name, headers.items[i + 1].key) != 0;

        if (first) {
            if ((names.len && buf_addc(&names, ';') != BUF_OK) ||
                buf_adds(&names, name) != BUF_OK ||
                buf_adds(out, name) != BUF_OK || buf_addc(out, ':'))
                goto out;
        } else if (buf_addc(out, ',') != BUF_OK) {
            goto out;
        }
        if (buf_adds(out, headers.items[i].value) != BUF_OK ||
            (last && buf_addc(out, '\n') != BUF_OK))
            goto out;
    }
    if (buf_addc(out, '\n') != BUF_OK ||
        buf_add(out, buf_str(&names), buf_len(&names)) != BUF_OK ||
        buf_addc(out, '\n') != BUF_OK ||
        buf_adds(out, in->payload_hash) != BUF_OK)
        goto out;
    if (signed_headers &&
        buf_add(signed_headers, buf_str(&names), buf_len(&names)) != BUF_OK)
        goto out;
    rc = 0;
out:
    kvlist_free(&headers);
    buf_free(&names);
    return rc;
}

int sign_v3_string_to_sign(struct buf *out, const char *canonical_request)
{
    char hash[65];

    if (sign_sha256_hex(canonical_request, strlen(canonical_request), hash))
        return -1;
    return buf_printf(out, "%s\n%s", SIGN_V3_ALGORITHM, hash) == BUF_OK ? 0
                                                                        : -1;
}

int sign_v3_signature(struct buf *out, const char *secret,
                      const char *string_to_sign)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0;
    int rc;

    if (sign_hmac("SHA256", secret, strlen(secret), string_to_sign,
                  strlen(string_to_sign), mac, &mac_len))
        return -1;
    rc = sign_hex(out, mac, mac_len);
    wipe_mem(mac, sizeof(mac));
    return rc;
}

int sign_v3_authorization(struct buf *out, const struct sign_v3_input *in,
                          const char *access_key_id, const char *secret)
{
    struct buf canonical, names, to_sign;
    int rc = -1;

    buf_init(&canonical, SIGN_WORK_MAX);
    buf_init(&names, SIGN_WORK_MAX);
    buf_init(&to_sign, SIGN_WORK_MAX);
    if (sign_v3_canonical_request(&canonical, &names, in) ||
        sign_v3_string_to_sign(&to_sign, buf_str(&canonical)))
        goto out;
    if (buf_printf(out, "%s Credential=%s,SignedHeaders=%s,Signature=",
                   SIGN_V3_ALGORITHM, access_key_id,
                   buf_str(&names)) != BUF_OK ||
        sign_v3_signature(out, secret, buf_str(&to_sign)))
        goto out;
    rc = 0;
out:
    buf_free(&canonical);
    buf_free(&names);
    buf_free(&to_sign);
    return rc;
}
