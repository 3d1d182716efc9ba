/* sign — see sign.h. */
#include "config.h"

#include "cloud/sign.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "core/clock.h"
#include "core/wipe.h"

#define SIGN_WORK_MAX (1u << 20)

static int is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == '~';
}

int sign_encode(struct buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[3];
        int rc;

        if (is_unreserved(c)) {
            rc = buf_addc(out, (char)c);
        } else {
            esc[0] = '%';
            esc[1] = hex[c >> 4];
            esc[2] = hex[c & 0x0f];
            rc = buf_add(out, esc, sizeof(esc));
        }
        if (rc != BUF_OK)
            return -1;
    }
    return 0;
}

int sign_encodes(struct buf *out, const char *s)
{
    return sign_encode(out, s, strlen(s));
}

int sign_hmac(const char *digest, const void *key, size_t key_len,
              const void *msg, size_t msg_len, unsigned char *mac,
              size_t *mac_len)
{
    EVP_MAC *impl = NULL;
    EVP_MAC_CTX *ctx = NULL;
    OSSL_PARAM params[2];
    static const unsigned char no_key[1];
    int rc = -1;

    impl = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (!impl)
        goto out;
    ctx = EVP_MAC_CTX_new(impl);
    if (!ctx)
        goto out;
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                 (char *)(uintptr_t)digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    /* OpenSSL refuses a NULL key; an empty secret is still a valid key. */
    if (!EVP_MAC_init(ctx, key_len ? key : no_key, key_len, params))
        goto out;
    if (!EVP_MAC_update(ctx, msg, msg_len))
        goto out;
    if (!EVP_MAC_final(ctx, mac, mac_len, EVP_MAX_MD_SIZE))
        goto out;
    rc = 0;
out:
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(impl);
    return rc;
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
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    static const char digits[] = "0123456789abcdef";

    if (!EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) ||
        md_len != 32)
        return -1;
    for (unsigned int i = 0; i < md_len; i++) {
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

int sign_nonce(char *out)
{
    unsigned char raw[SIGN_NONCE_LEN / 2];
    static const char digits[] = "0123456789abcdef";

    if (RAND_bytes(raw, sizeof(raw)) != 1)
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

/* Header values are trimmed of surrounding blanks before signing. */
static void trim(const char *s, const char **start, size_t *len)
{
    size_t n = strlen(s);

    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *start = s;
    *len = n;
}

/* Lower-cased names, trimmed values, sorted by name then value. */
static int canonical_headers(struct kvlist *out, const struct kvlist *in)
{
    for (size_t i = 0; i < in->count; i++) {
        const char *value;
        size_t value_len;
        size_t key_len = strlen(in->items[i].key);
        char *key;

        trim(in->items[i].value, &value, &value_len);
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

int sign_rpc_v3(const struct sign_rpc *req, const struct sign_creds *creds,
                struct buf *query, struct kvlist *headers)
{
    struct kvlist signed_list;
    struct buf auth;
    char date[SIGN_TIMESTAMP_LEN + 1];
    char hash[65];
    const char *body = req->body ? req->body : "";
    struct sign_v3_input in;
    int rc = -1;

    kvlist_init(&signed_list);
    buf_init(&auth, SIGN_WORK_MAX);
    if (sign_timestamp(req->now, date) ||
        sign_sha256_hex(body, strlen(body), hash))
        goto out;
    if (kvlist_add(&signed_list, "host", req->host) ||
        kvlist_add(&signed_list, "x-acs-action", req->action) ||
        kvlist_add(&signed_list, "x-acs-version", req->version) ||
        kvlist_add(&signed_list, "x-acs-date", date) ||
        kvlist_add(&signed_list, "x-acs-signature-nonce", req->nonce) ||
        kvlist_add(&signed_list, "x-acs-content-sha256", hash))
        goto out;
    if (*body && req->content_type &&
        kvlist_add(&signed_list, "content-type", req->content_type))
        goto out;
    if (creds->security_token &&
        (kvlist_add(&signed_list, "x-acs-accesskey-id",
                    creds->access_key_id) ||
         kvlist_add(&signed_list, "x-acs-security-token",
                    creds->security_token)))
        goto out;
    kvlist_sort(&signed_list);

    in.method = req->method;
    in.uri = "/";
    in.query = req->params;
    in.headers = &signed_list;
    in.payload_hash = hash;
    if (sign_v3_authorization(&auth, &in, creds->access_key_id,
                              creds->access_key_secret))
        goto out;
    if (sign_canonical_query(query, req->params))
        goto out;
    for (size_t i = 0; i < signed_list.count; i++)
        if (kvlist_add(headers, signed_list.items[i].key,
                       signed_list.items[i].value))
            goto out;
    if (kvlist_add(headers, "Authorization", buf_str(&auth)))
        goto out;
    rc = 0;
out:
    kvlist_free(&signed_list);
    buf_free(&auth);
    return rc;
}

int sign_rpc_v1(const struct sign_rpc *req, const struct sign_creds *creds,
                struct buf *query, struct buf *string_to_sign)
{
    struct kvlist all;
    struct buf sts, sig;
    char date[SIGN_TIMESTAMP_LEN + 1];
    const struct kvlist *params = req->params;
    int rc = -1;

    kvlist_init(&all);
    buf_init(&sts, SIGN_WORK_MAX);
    buf_init(&sig, SIGN_WORK_MAX);
    /* linkrole sends V1 parameters in the query only. */
    if (req->body && *req->body)
        goto out;
    if (sign_timestamp(req->now, date))
        goto out;
    for (size_t i = 0; params && i < params->count; i++)
        if (kvlist_add(&all, params->items[i].key, params->items[i].value))
            goto out;
    if (kvlist_add(&all, "AccessKeyId", creds->access_key_id) ||
        kvlist_add(&all, "Action", req->action) ||
        kvlist_add(&all, "Format", "JSON") ||
        kvlist_add(&all, "SignatureMethod", "HMAC-SHA1") ||
        kvlist_add(&all, "SignatureNonce", req->nonce) ||
        kvlist_add(&all, "SignatureVersion", "1.0") ||
        kvlist_add(&all, "Timestamp", date) ||
        kvlist_add(&all, "Version", req->version))
        goto out;
    if (creds->security_token &&
        kvlist_add(&all, "SecurityToken", creds->security_token))
        goto out;
    if (sign_v1_string_to_sign(&sts, req->method, &all) ||
        sign_v1_signature(&sig, creds->access_key_secret, buf_str(&sts)))
        goto out;
    if (kvlist_add(&all, "Signature", buf_str(&sig)) ||
        sign_canonical_query(query, &all))
        goto out;
    if (string_to_sign &&
        buf_add(string_to_sign, buf_str(&sts), buf_len(&sts)) != BUF_OK)
        goto out;
    rc = 0;
out:
    kvlist_free(&all);
    buf_wipe(&sts);
    buf_free(&sig);
    return rc;
}
