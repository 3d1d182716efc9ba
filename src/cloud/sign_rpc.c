/* sign_rpc — whole RPC requests, signed V3 or V1 (see sign.h).
 *
 * Every call linkrole sends comes through here, so the canonical forms
 * are built in one buffer of SIGN_REQUEST_MAX bytes, allocated once per
 * signature: the sorted parameters are pointers on the stack, the
 * headers a fixed list, and nothing is copied into a list of its own
 * before it is written.  The general forms of sign.c (any headers, in
 * any case, duplicates merged) stay what the simulator verifies with;
 * tests/unit/test_sign_rpc.c checks the two agree. */
#include "config.h"

#include "cloud/sign.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cloud/sign_impl.h"
#include "core/wipe.h"

/* Sorted on the stack up to this many parameters; more take one
 * allocation. */
#define PAIRS_ON_STACK 32

struct pair {
    const char *key;
    const char *value;
};

/* Parameters to sort: a kvlist's pairs and a few more, by pointer. */
struct pairs {
    struct pair *v;
    size_t n, cap;
    struct pair stack[PAIRS_ON_STACK];
};

static int pairs_init(struct pairs *ps, const struct kvlist *params,
                      size_t extra)
{
    size_t count = params ? params->count : 0;

    ps->n = 0;
    if (count > SIZE_MAX / sizeof(*ps->v) - extra)
        return -1;
    ps->cap = count + extra;
    ps->v = ps->cap <= PAIRS_ON_STACK ? ps->stack
                                      : malloc(ps->cap * sizeof(*ps->v));
    if (!ps->v)
        return -1;
    for (size_t i = 0; i < count; i++)
        ps->v[ps->n++] = (struct pair){ params->items[i].key,
                                        params->items[i].value };
    return 0;
}

/* Room for it was asked for in pairs_init. */
static void pairs_add(struct pairs *ps, const char *key, const char *value)
{
    if (ps->n < ps->cap)
        ps->v[ps->n++] = (struct pair){ key, value };
}

static void pairs_free(struct pairs *ps)
{
    if (ps->v != ps->stack)
        free(ps->v);
}

/* By key in byte order, then by value: as sign_canonical_query. */
static int pair_cmp(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    return c ? c : strcmp(x->value, y->value);
}

static void pairs_sort(struct pairs *ps)
{
    qsort(ps->v, ps->n, sizeof(*ps->v), pair_cmp);
}

/* The one buffer.  A write that does not fit sets over and is dropped,
 * as is every write after it, so the caller checks once, at the end
 * (canon_status); a byte is always left for the NUL.  It starts on the
 * stack, which holds any request linkrole makes, and moves to the heap,
 * up to SIGN_REQUEST_MAX, only for a bigger one (a 64 KiB malloc and
 * free per signature cost a third of a signature).  The stack copy stays
 * as it was until canon_close, so a pointer into it, which a write may
 * take as its source, is still good after the move.  high is the most
 * ever written, for the wipe: the buffer holds a token, and for V1 the
 * secret. */
#define CANON_STACK 4096

struct canon {
    char *p;
    size_t len, high, cap;
    bool over, nomem;
    char *heap;
    char stack[CANON_STACK];
};

static void canon_open(struct canon *c)
{
    c->p = c->stack;
    c->cap = sizeof(c->stack);
    c->len = c->high = 0;
    c->over = c->nomem = false;
    c->heap = NULL;
}

static __attribute__((noinline)) bool canon_grow(struct canon *c,
                                                 size_t n)
{
    if (c->heap || n >= SIGN_REQUEST_MAX - c->len)
        return false;
    c->heap = malloc(SIGN_REQUEST_MAX);
    if (!c->heap) {
        c->nomem = true;
        return false;
    }
    memcpy(c->heap, c->stack, c->len);
    c->p = c->heap;
    c->cap = SIGN_REQUEST_MAX;
    return true;
}

static inline __attribute__((always_inline)) void
canon_put(struct canon *c, const void *s, size_t n)
{
    if (__builtin_expect(c->over || n >= c->cap - c->len, 0) &&
        (c->over || !canon_grow(c, n))) {
        c->over = true;
        return;
    }
    memcpy(c->p + c->len, s, n);
    c->len += n;
    if (c->len > c->high)
        c->high = c->len;
}

/* 0, SIGN_TOO_BIG, or -1 when the move to the heap found no memory. */
static int canon_status(const struct canon *c)
{
    return !c->over ? 0 : c->nomem ? -1 : SIGN_TOO_BIG;
}

static void canon_close(struct canon *c)
{
    wipe_mem(c->stack, c->high < CANON_STACK ? c->high : CANON_STACK);
    if (c->heap) {
        wipe_mem(c->heap, c->high);
        free(c->heap);
        c->heap = NULL;
    }
}

static void canon_puts(struct canon *c, const char *s)
{
    canon_put(c, s, strlen(s));
}

static void canon_putc(struct canon *c, char ch)
{
    canon_put(c, &ch, 1);
}

/* Percent-encoded as sign_encode, runs of kept bytes copied at once. */
static void canon_encode(struct canon *c, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;

    while (i < n && !c->over) {
        size_t run = i;

        while (run < n && sign_unreserved((unsigned char)s[run]))
            run++;
        canon_put(c, s + i, run - i);
        if (run < n) {
            unsigned char b = (unsigned char)s[run];
            char esc[3] = { '%', hex[b >> 4], hex[b & 0x0f] };

            canon_put(c, esc, sizeof(esc));
            run++;
        }
        i = run;
    }
}

static void canon_query(struct canon *c, const struct pairs *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        if (i)
            canon_putc(c, '&');
        canon_encode(c, ps->v[i].key, strlen(ps->v[i].key));
        canon_putc(c, '=');
        canon_encode(c, ps->v[i].value, strlen(ps->v[i].value));
    }
}

/* The bytes from start to the end, NUL-terminated (room is kept). */
static const char *canon_str(struct canon *c, size_t start)
{
    c->p[c->len] = '\0';
    return c->p + start;
}

static void hex_into(char *out, const unsigned char *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0x0f];
    }
    out[2 * len] = '\0';
}

/* The headers a V3 RPC request signs, in byte order of their names
 * (lower case, each once), so no sorting or merging is needed. */
static size_t v3_headers(struct pair *h, const struct sign_rpc *req,
                         const struct sign_creds *creds, const char *body,
                         const char *date, const char *hash)
{
    size_t n = 0;

    if (*body && req->content_type)
        h[n++] = (struct pair){ "content-type", req->content_type };
    h[n++] = (struct pair){ "host", req->host };
    if (creds->security_token)
        h[n++] = (struct pair){ "x-acs-accesskey-id", creds->access_key_id };
    h[n++] = (struct pair){ "x-acs-action", req->action };
    h[n++] = (struct pair){ "x-acs-content-sha256", hash };
    h[n++] = (struct pair){ "x-acs-date", date };
    if (creds->security_token)
        h[n++] = (struct pair){ "x-acs-security-token",
                                creds->security_token };
    h[n++] = (struct pair){ "x-acs-signature-nonce", req->nonce };
    h[n++] = (struct pair){ "x-acs-version", req->version };
    return n;
}

#define V3_HEADERS_MAX 9

int sign_rpc_v3(const struct sign_rpc *req, const struct sign_creds *creds,
                struct buf *query, struct kvlist *headers)
{
    const char *body = req->body ? req->body : "";
    char date[SIGN_TIMESTAMP_LEN + 1], hash[65], canonical_hash[65];
    char to_sign[sizeof(SIGN_V3_ALGORITHM) + 65];
    char signature[2 * EVP_MAX_MD_SIZE + 1];
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0, nh, qstart, qlen, names, names_len, auth;
    struct pair h[V3_HEADERS_MAX];
    struct pairs ps;
    struct canon c;
    int rc = -1;

    if (pairs_init(&ps, req->params, 0))
        return -1;
    canon_open(&c);
    pairs_sort(&ps);
    if (sign_timestamp(req->now, date) ||
        sign_sha256_hex(body, strlen(body), hash))
        goto out;
    nh = v3_headers(h, req, creds, body, date, hash);

    canon_puts(&c, req->method);
    canon_puts(&c, "\n/\n");
    qstart = c.len;
    canon_query(&c, &ps);
    qlen = c.len - qstart;
    canon_putc(&c, '\n');
    for (size_t i = 0; i < nh; i++) {
        const char *value;
        size_t value_len;

        sign_trim(h[i].value, &value, &value_len);
        canon_puts(&c, h[i].key);
        canon_putc(&c, ':');
        canon_put(&c, value, value_len);
        canon_putc(&c, '\n');
    }
    canon_putc(&c, '\n');
    names = c.len;
    for (size_t i = 0; i < nh; i++) {
        if (i)
            canon_putc(&c, ';');
        canon_puts(&c, h[i].key);
    }
    names_len = c.len - names;
    canon_putc(&c, '\n');
    canon_puts(&c, hash);
    if (canon_status(&c)) {
        rc = canon_status(&c);
        goto out;
    }

    if (sign_sha256_hex(c.p, c.len, canonical_hash))
        goto out;
    memcpy(to_sign, SIGN_V3_ALGORITHM "\n", sizeof(SIGN_V3_ALGORITHM));
    memcpy(to_sign + sizeof(SIGN_V3_ALGORITHM), canonical_hash, 65);
    if (sign_hmac("SHA256", creds->access_key_secret,
                  strlen(creds->access_key_secret), to_sign,
                  strlen(to_sign), mac, &mac_len))
        goto out;
    hex_into(signature, mac, mac_len);

    /* The Authorization value goes after the canonical request, whose
     * signed header names it repeats. */
    auth = c.len;
    canon_puts(&c, SIGN_V3_ALGORITHM " Credential=");
    canon_puts(&c, creds->access_key_id);
    canon_puts(&c, ",SignedHeaders=");
    canon_put(&c, c.p + names, names_len);
    canon_puts(&c, ",Signature=");
    canon_puts(&c, signature);
    if (canon_status(&c)) {
        rc = canon_status(&c);
        goto out;
    }
    if (buf_add(query, c.p + qstart, qlen) != BUF_OK)
        goto out;
    for (size_t i = 0; i < nh; i++)
        if (kvlist_add(headers, h[i].key, h[i].value))
            goto out;
    if (kvlist_add(headers, "Authorization", canon_str(&c, auth)))
        goto out;
    rc = 0;
out:
    canon_close(&c);
    wipe_mem(mac, sizeof(mac));
    pairs_free(&ps);
    return rc;
}

/* The common parameters V1 adds, and room for SecurityToken and the
 * Signature. */
#define V1_EXTRA 10

int sign_rpc_v1(const struct sign_rpc *req, const struct sign_creds *creds,
                struct buf *query, struct buf *string_to_sign)
{
    char date[SIGN_TIMESTAMP_LEN + 1];
    char signature[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t mac_len = 0, qlen, sts, sts_len, key, key_len;
    struct pairs ps;
    struct canon c;
    int rc = -1;

    /* linkrole sends V1 parameters in the query only. */
    if (req->body && *req->body)
        return -1;
    if (pairs_init(&ps, req->params, V1_EXTRA))
        return -1;
    canon_open(&c);
    if (sign_timestamp(req->now, date))
        goto out;
    pairs_add(&ps, "AccessKeyId", creds->access_key_id);
    pairs_add(&ps, "Action", req->action);
    pairs_add(&ps, "Format", "JSON");
    pairs_add(&ps, "SignatureMethod", "HMAC-SHA1");
    pairs_add(&ps, "SignatureNonce", req->nonce);
    pairs_add(&ps, "SignatureVersion", "1.0");
    pairs_add(&ps, "Timestamp", date);
    pairs_add(&ps, "Version", req->version);
    if (creds->security_token)
        pairs_add(&ps, "SecurityToken", creds->security_token);
    pairs_sort(&ps);

    /* The canonical query, then METHOD&%2F&enc(it) after it, then the
     * key (the secret and "&"). */
    canon_query(&c, &ps);
    qlen = c.len;
    sts = c.len;
    canon_puts(&c, req->method);
    canon_puts(&c, "&%2F&");
    canon_encode(&c, c.p, qlen);
    sts_len = c.len - sts;
    key = c.len;
    canon_puts(&c, creds->access_key_secret);
    canon_putc(&c, '&');
    key_len = c.len - key;
    if (canon_status(&c)) {
        rc = canon_status(&c);
        goto out;
    }
    if (sign_hmac("SHA1", c.p + key, key_len, c.p + sts, sts_len, mac,
                  &mac_len) ||
        mac_len > EVP_MAX_MD_SIZE)
        goto out;
    EVP_EncodeBlock((unsigned char *)signature, mac, (int)mac_len);
    if (string_to_sign &&
        buf_add(string_to_sign, c.p + sts, sts_len) != BUF_OK)
        goto out;

    /* The query sent: the same parameters and the Signature. */
    wipe_mem(c.p + key, key_len);
    c.len = 0;
    pairs_add(&ps, "Signature", signature);
    pairs_sort(&ps);
    canon_query(&c, &ps);
    if (canon_status(&c)) {
        rc = canon_status(&c);
        goto out;
    }
    if (buf_add(query, c.p, c.len) != BUF_OK)
        goto out;
    rc = 0;
out:
    canon_close(&c);
    wipe_mem(mac, sizeof(mac));
    pairs_free(&ps);
    return rc;
}
