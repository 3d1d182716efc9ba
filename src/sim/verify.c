/* verify — see verify.h. */
#include "config.h"

#include "sim/verify.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "cloud/sign.h"
#include "core/clock.h"
#include "core/text.h"

/* Scratch space for canonical forms; requests are capped well below. */
#define VERIFY_WORK_MAX (4u << 20)

#define VERIFY_FORM_TYPE "application/x-www-form-urlencoded"

/* Headers a V3 signature must cover: without them a signed request could
 * be replayed with another action, time, nonce or body. */
static const char *const verify_v3_required[] = {
    "host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
    "x-acs-signature-nonce", "x-acs-version"
};

void verify_request_init(struct verify_request *vr)
{
    memset(vr, 0, sizeof(*vr));
    vr->scheme = VERIFY_SCHEME_NONE;
    kvlist_init(&vr->params);
}

void verify_request_free(struct verify_request *vr)
{
    kvlist_free(&vr->params);
    free(vr->access_key_id);
    free(vr->signature);
    free(vr->signed_headers);
    verify_request_init(vr);
}

/* --- decoding ------------------------------------------------------------- */

int verify_decode(struct buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (c == '+') {
            c = ' ';
        } else if (c == '%' && i + 2 < len && text_hex_digit(s[i + 1]) >= 0 &&
                   text_hex_digit(s[i + 2]) >= 0) {
            c = (char)(text_hex_digit(s[i + 1]) * 16 + text_hex_digit(s[i + 2]));
            i += 2;
        }
        if (buf_addc(out, c) != BUF_OK)
            return -1;
    }
    return 0;
}

int verify_split_params(struct kvlist *out, const char *s, size_t len)
{
    struct buf key, value;
    size_t start = 0;
    int rc = -1;

    buf_init(&key, len + 1);
    buf_init(&value, len + 1);
    while (start < len) {
        const char *piece = s + start;
        const char *amp = memchr(piece, '&', len - start);
        size_t n = amp ? (size_t)(amp - piece) : len - start;
        const char *eq = memchr(piece, '=', n);
        size_t key_len = eq ? (size_t)(eq - piece) : n;

        start += n + 1;
        /* "a=1&&b=2" and "=x" carry nothing a signer would have sent. */
        if (key_len == 0)
            continue;
        buf_reset(&key);
        buf_reset(&value);
        if (verify_decode(&key, piece, key_len))
            goto out;
        if (eq && verify_decode(&value, eq + 1, n - key_len - 1))
            goto out;
        if (kvlist_addn(out, buf_str(&key), buf_len(&key), buf_str(&value),
                        buf_len(&value)))
            goto out;
    }
    rc = 0;
out:
    buf_wipe(&key);
    buf_wipe(&value);
    return rc;
}

bool verify_is_form(const struct kvlist *headers)
{
    const char *ct = kvlist_get_case(headers, "Content-Type");
    size_t n = strlen(VERIFY_FORM_TYPE);

    if (!ct)
        return false;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    if (strncasecmp(ct, VERIFY_FORM_TYPE, n) != 0)
        return false;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t';
}

/* --- time ----------------------------------------------------------------- */

int verify_time(const struct verify_request *vr, time_t now)
{
    long long skew = (long long)vr->timestamp - (long long)now;

    if (skew > VERIFY_WINDOW_SECONDS || skew < -VERIFY_WINDOW_SECONDS)
        return VERIFY_EXPIRED;
    return VERIFY_OK;
}

/* --- parsing -------------------------------------------------------------- */

static const char *header_get(const struct sim_request *req,
                              const char *name)
{
    return req->headers ? kvlist_get_case(req->headers, name) : NULL;
}

static char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Takes "Name=value" from one comma-separated piece of the Authorization
 * header into *dst; a second one of the same name is garbled. */
static int take_auth_piece(const char *piece, size_t n, const char *name,
                           char **dst, bool *seen)
{
    size_t name_len = strlen(name);

    if (n < name_len || strncmp(piece, name, name_len) != 0)
        return 0;
    if (*seen)
        return -1;
    *seen = true;
    *dst = dup_range(piece + name_len, n - name_len);
    return *dst ? 1 : -2;
}

/* Splits "ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..";
 * tolerates blanks after the commas as some clients write them. */
static int parse_authorization(const char *auth, struct verify_request *vr)
{
    const char *p = auth + strlen(SIGN_V3_ALGORITHM);
    bool seen_cred = false, seen_names = false, seen_sig = false;

    if (!is_blank(*p))
        return VERIFY_INCOMPLETE;
    while (*p) {
        const char *comma;
        size_t n;
        int got;

        while (is_blank(*p))
            p++;
        comma = strchr(p, ',');
        n = comma ? (size_t)(comma - p) : strlen(p);
        while (n && is_blank(p[n - 1]))
            n--;
        got = take_auth_piece(p, n, "Credential=", &vr->access_key_id,
                              &seen_cred);
        if (!got)
            got = take_auth_piece(p, n, "SignedHeaders=",
                                  &vr->signed_headers, &seen_names);
        if (!got)
            got = take_auth_piece(p, n, "Signature=", &vr->signature,
                                  &seen_sig);
        if (got == -2)
            return VERIFY_NOMEM;
        if (got <= 0)
            return VERIFY_INCOMPLETE;
        p = comma ? comma + 1 : p + n;
        while (is_blank(*p))
            p++;
    }
    if (!vr->access_key_id || !*vr->access_key_id || !vr->signed_headers ||
        !*vr->signed_headers || !vr->signature || !*vr->signature)
        return VERIFY_INCOMPLETE;
    for (char *c = vr->signed_headers; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return VERIFY_OK;
}

/* True when name is one of the ";"-separated names in list. */
static bool list_has(const char *list, const char *name)
{
    size_t n = strlen(name);

    while (*list) {
        const char *semi = strchr(list, ';');
        size_t len = semi ? (size_t)(semi - list) : strlen(list);

        if (len == n && strncmp(list, name, n) == 0)
            return true;
        if (!semi)
            break;
        list = semi + 1;
    }
    return false;
}

static bool header_present(const struct sim_request *req, const char *name,
                           size_t len)
{
    for (size_t i = 0; req->headers && i < req->headers->count; i++) {
        const char *key = req->headers->items[i].key;

        if (strlen(key) == len && strncasecmp(key, name, len) == 0)
            return true;
    }
    return false;
}

static int parse_v3(const struct sim_request *req, struct verify_request *vr,
                    const char *auth)
{
    const char *date, *list;
    int rc;

    vr->scheme = VERIFY_SCHEME_V3;
    vr->action = header_get(req, "x-acs-action");
    vr->version = header_get(req, "x-acs-version");
    vr->security_token = header_get(req, "x-acs-security-token");
    rc = parse_authorization(auth, vr);
    if (rc != VERIFY_OK)
        return rc;
    vr->nonce = header_get(req, "x-acs-signature-nonce");
    if (!vr->nonce || !*vr->nonce)
        return VERIFY_INCOMPLETE;
    date = header_get(req, "x-acs-date");
    if (!date || !*date)
        return VERIFY_NO_TIMESTAMP;
    vr->timestamp = clock_parse_utc(date);
    if (vr->timestamp == (time_t)-1)
        return VERIFY_BAD_TIMESTAMP;
    for (size_t i = 0; i < sizeof(verify_v3_required) /
                               sizeof(verify_v3_required[0]); i++)
        if (!list_has(vr->signed_headers, verify_v3_required[i]))
            return VERIFY_INCOMPLETE;
    if (vr->security_token &&
        !list_has(vr->signed_headers, "x-acs-security-token"))
        return VERIFY_INCOMPLETE;
    /* Every signed header must have arrived. */
    list = vr->signed_headers;
    while (*list) {
        const char *semi = strchr(list, ';');
        size_t len = semi ? (size_t)(semi - list) : strlen(list);

        if (len == 0 || !header_present(req, list, len))
            return VERIFY_INCOMPLETE;
        if (!semi)
            break;
        list = semi + 1;
    }
    return VERIFY_OK;
}

static size_t count_key(const struct kvlist *l, const char *key)
{
    size_t n = 0;

    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].key, key) == 0)
            n++;
    return n;
}

static int parse_v1(struct verify_request *vr)
{
    const char *value;

    vr->scheme = VERIFY_SCHEME_V1;
    vr->action = kvlist_get(&vr->params, "Action");
    vr->version = kvlist_get(&vr->params, "Version");
    /* Two signatures: which one was meant is anyone's guess. */
    if (count_key(&vr->params, "Signature") != 1)
        return VERIFY_INCOMPLETE;
    vr->signature = strdup(kvlist_get(&vr->params, "Signature"));
    if (!vr->signature)
        return VERIFY_NOMEM;
    /* Values live in their own allocations: the pointers taken above
     * survive the removal of another pair. */
    kvlist_del(&vr->params, "Signature");
    vr->security_token = kvlist_get(&vr->params, "SecurityToken");
    vr->nonce = kvlist_get(&vr->params, "SignatureNonce");
    value = kvlist_get(&vr->params, "AccessKeyId");
    if (!*vr->signature || !value || !*value)
        return VERIFY_INCOMPLETE;
    vr->access_key_id = strdup(value);
    if (!vr->access_key_id)
        return VERIFY_NOMEM;
    value = kvlist_get(&vr->params, "SignatureMethod");
    if (!value || strcmp(value, "HMAC-SHA1") != 0)
        return VERIFY_INCOMPLETE;
    value = kvlist_get(&vr->params, "SignatureVersion");
    if (!value || strcmp(value, "1.0") != 0)
        return VERIFY_INCOMPLETE;
    if (!vr->nonce || !*vr->nonce)
        return VERIFY_INCOMPLETE;
    value = kvlist_get(&vr->params, "Timestamp");
    if (!value || !*value)
        return VERIFY_NO_TIMESTAMP;
    vr->timestamp = clock_parse_utc(value);
    if (vr->timestamp == (time_t)-1)
        return VERIFY_BAD_TIMESTAMP;
    return VERIFY_OK;
}

int verify_parse(const struct sim_request *req, struct verify_request *vr)
{
    const char *auth = header_get(req, "Authorization");
    size_t alg_len = strlen(SIGN_V3_ALGORITHM);

    /* Both schemes sign the method: without one there is nothing to
     * check. */
    if (!req->method || !*req->method)
        return VERIFY_INCOMPLETE;
    for (size_t i = 0; req->query && i < req->query->count; i++)
        if (kvlist_add(&vr->params, req->query->items[i].key,
                       req->query->items[i].value))
            return VERIFY_NOMEM;
    /* pop-core sends every V1 parameter in a form body; form bodies may
     * carry API parameters under V3 too (covered by the body hash). */
    if (req->body_len && req->headers && verify_is_form(req->headers) &&
        verify_split_params(&vr->params, req->body, req->body_len))
        return VERIFY_NOMEM;
    if (auth && strncmp(auth, SIGN_V3_ALGORITHM, alg_len) == 0)
        return parse_v3(req, vr, auth);
    if (kvlist_get(&vr->params, "Signature"))
        return parse_v1(vr);
    /* Unsigned: still name the action in the error body when we can. */
    vr->action = header_get(req, "x-acs-action");
    if (!vr->action)
        vr->action = kvlist_get(&vr->params, "Action");
    vr->version = header_get(req, "x-acs-version");
    if (!vr->version)
        vr->version = kvlist_get(&vr->params, "Version");
    return VERIFY_INCOMPLETE;
}

/* --- signatures ----------------------------------------------------------- */

static bool same_secret_text(const char *a, const char *b)
{
    size_t n = strlen(a);

    return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

static int check_v1(const struct verify_request *vr,
                    const struct sim_request *req, const char *secret,
                    struct buf *server_sts)
{
    struct buf sts, sig;
    int rc = VERIFY_NOMEM;

    buf_init(&sts, VERIFY_WORK_MAX);
    buf_init(&sig, VERIFY_WORK_MAX);
    if (sign_v1_string_to_sign(&sts, req->method, &vr->params) ||
        sign_v1_signature(&sig, secret, buf_str(&sts)))
        goto out;
    if (same_secret_text(buf_str(&sig), vr->signature)) {
        rc = VERIFY_OK;
        goto out;
    }
    rc = VERIFY_MISMATCH;
    if (buf_add(server_sts, buf_str(&sts), buf_len(&sts)) != BUF_OK)
        rc = VERIFY_NOMEM;
out:
    buf_free(&sts);
    buf_wipe(&sig);
    return rc;
}

/* The received values of exactly the headers SignedHeaders names (every
 * copy of each, so sign merges duplicates as the client did). */
static int signed_header_values(const struct verify_request *vr,
                                const struct sim_request *req,
                                struct kvlist *out)
{
    for (size_t i = 0; req->headers && i < req->headers->count; i++) {
        const struct kv *h = &req->headers->items[i];
        char *lower = strdup(h->key);
        bool wanted;

        if (!lower)
            return -1;
        for (char *c = lower; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        wanted = list_has(vr->signed_headers, lower);
        free(lower);
        if (wanted && kvlist_add(out, h->key, h->value))
            return -1;
    }
    return 0;
}

static int check_v3(const struct verify_request *vr,
                    const struct sim_request *req, const char *secret,
                    struct buf *server_sts)
{
    struct kvlist headers;
    struct kvlist no_query;
    struct buf canonical, sts, sig;
    struct sign_v3_input in;
    char hash[65];
    const char *claimed;
    char *received = NULL;
    int rc = VERIFY_NOMEM;

    kvlist_init(&headers);
    kvlist_init(&no_query);
    buf_init(&canonical, VERIFY_WORK_MAX);
    buf_init(&sts, VERIFY_WORK_MAX);
    buf_init(&sig, VERIFY_WORK_MAX);
    if (sign_sha256_hex(req->body ? req->body : "", req->body_len, hash) ||
        signed_header_values(vr, req, &headers))
        goto out;
    in.method = req->method;
    in.uri = req->path && *req->path ? req->path : "/";
    /* The decoded query, re-encoded by sign: never the raw text. */
    in.query = req->query ? req->query : &no_query;
    in.headers = &headers;
    in.payload_hash = hash;
    if (sign_v3_canonical_request(&canonical, NULL, &in) ||
        sign_v3_string_to_sign(&sts, buf_str(&canonical)) ||
        sign_v3_signature(&sig, secret, buf_str(&sts)))
        goto out;
    received = strdup(vr->signature);
    if (!received)
        goto out;
    for (char *c = received; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    /* A body that is not the one hashed in the header is as bad as a
     * wrong signature: the payload line above already differs. */
    claimed = header_get(req, "x-acs-content-sha256");
    if (claimed && strcasecmp(claimed, hash) == 0 &&
        same_secret_text(buf_str(&sig), received)) {
        rc = VERIFY_OK;
        goto out;
    }
    rc = VERIFY_MISMATCH;
    if (buf_add(server_sts, buf_str(&sts), buf_len(&sts)) != BUF_OK)
        rc = VERIFY_NOMEM;
out:
    free(received);
    kvlist_free(&headers);
    buf_free(&canonical);
    buf_free(&sts);
    buf_wipe(&sig);
    return rc;
}

int verify_signature(const struct verify_request *vr,
                     const struct sim_request *req, const char *secret,
                     struct buf *server_sts)
{
    switch (vr->scheme) {
    case VERIFY_SCHEME_V3:
        return check_v3(vr, req, secret, server_sts);
    case VERIFY_SCHEME_V1:
        return check_v1(vr, req, secret, server_sts);
    case VERIFY_SCHEME_NONE:
        break;
    }
    return VERIFY_MISMATCH;
}

/* --- nonces --------------------------------------------------------------- */

#define NONCE_NONE SIZE_MAX

/* Entries hold a digest of key id and nonce, so a long nonce costs no
 * more memory than a short one. */
struct nonce_entry {
    unsigned char digest[32];
    time_t seen;
    size_t next;                    /* next in the bucket, or NONCE_NONE */
};

/* The ring starts this small and doubles up to max as nonces come, so
 * an account that sees a few requests (a directory's member) costs a few
 * kilobytes, not max entries. */
#define NONCE_FIRST_CAP 64

struct verify_nonces {
    struct nonce_entry *ring;       /* oldest at head; allocated on use */
    size_t max, cap, head, count;   /* cap: the ring's room, <= max */
    size_t *buckets;
    size_t nbuckets;                /* a power of two, >= cap */
};

struct verify_nonces *verify_nonces_new(size_t max)
{
    struct verify_nonces *n = calloc(1, sizeof(*n));

    if (!n)
        return NULL;
    n->max = max ? max : 1;
    return n;
}

void verify_nonces_free(struct verify_nonces *n)
{
    if (!n)
        return;
    free(n->ring);
    free(n->buckets);
    free(n);
}

static size_t nonce_bucket(const struct verify_nonces *n,
                           const unsigned char *digest)
{
    uint64_t h = 0;

    for (int i = 0; i < 8; i++)
        h = (h << 8) | digest[i];
    return (size_t)(h & (n->nbuckets - 1));
}

static void nonce_forget_oldest(struct verify_nonces *n)
{
    size_t victim = n->head;
    size_t *link = &n->buckets[nonce_bucket(n, n->ring[victim].digest)];

    while (*link != NONCE_NONE && *link != victim)
        link = &n->ring[*link].next;
    if (*link == victim)
        *link = n->ring[victim].next;
    n->head = (n->head + 1) % n->cap;
    n->count--;
}

/* Makes the ring room for cap entries (the ones it holds kept, oldest
 * first) and the buckets to match.  Returns 0 or -1 (n unchanged). */
static int nonce_resize(struct verify_nonces *n, size_t cap)
{
    size_t nbuckets = 1;
    struct nonce_entry *ring;
    size_t *buckets;

    while (nbuckets < cap)
        nbuckets *= 2;
    ring = calloc(cap, sizeof(*ring));
    buckets = malloc(nbuckets * sizeof(*buckets));
    if (!ring || !buckets) {
        free(ring);
        free(buckets);
        return -1;
    }
    for (size_t i = 0; i < nbuckets; i++)
        buckets[i] = NONCE_NONE;
    for (size_t i = 0; i < n->count; i++)
        ring[i] = n->ring[(n->head + i) % n->cap];
    free(n->ring);
    free(n->buckets);
    n->ring = ring;
    n->buckets = buckets;
    n->cap = cap;
    n->nbuckets = nbuckets;
    n->head = 0;
    for (size_t i = 0; i < n->count; i++) {
        size_t b = nonce_bucket(n, ring[i].digest);

        ring[i].next = buckets[b];
        buckets[b] = i;
    }
    return 0;
}

/* Room for one more entry: the ring made, or grown while under max.
 * Returns 0 or -1. */
static int nonce_alloc(struct verify_nonces *n)
{
    if (!n->ring)
        return nonce_resize(n, n->max < NONCE_FIRST_CAP ? n->max
                                                        : NONCE_FIRST_CAP);
    if (n->count == n->cap && n->cap < n->max)
        return nonce_resize(n, n->cap > n->max / 2 ? n->max : n->cap * 2);
    return 0;
}

int verify_nonce_use(struct verify_nonces *n, const char *access_key_id,
                     const char *nonce, time_t now)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    EVP_MD_CTX *md = NULL;
    size_t bucket, slot;
    int rc = VERIFY_NOMEM;

    if (nonce_alloc(n))
        goto out;
    md = EVP_MD_CTX_new();
    /* The NUL keeps "ab"+"c" apart from "a"+"bc". */
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
        !EVP_DigestUpdate(md, access_key_id, strlen(access_key_id) + 1) ||
        !EVP_DigestUpdate(md, nonce, strlen(nonce)) ||
        !EVP_DigestFinal_ex(md, digest, &digest_len) || digest_len != 32)
        goto out;
    while (n->count && (long long)n->ring[n->head].seen <=
                           (long long)now - VERIFY_WINDOW_SECONDS)
        nonce_forget_oldest(n);
    bucket = nonce_bucket(n, digest);
    for (size_t i = n->buckets[bucket]; i != NONCE_NONE; i = n->ring[i].next)
        if (memcmp(n->ring[i].digest, digest, 32) == 0) {
            rc = VERIFY_NONCE_USED;
            goto out;
        }
    /* Full: the oldest goes, so memory stays bounded under any load. */
    if (n->count == n->cap)
        nonce_forget_oldest(n);
    slot = (n->head + n->count) % n->cap;
    memcpy(n->ring[slot].digest, digest, 32);
    n->ring[slot].seen = now;
    n->ring[slot].next = n->buckets[bucket];
    n->buckets[bucket] = slot;
    n->count++;
    rc = VERIFY_OK;
out:
    EVP_MD_CTX_free(md);
    return rc;
}
