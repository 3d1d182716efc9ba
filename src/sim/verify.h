/* verify — how the simulated account decides who sent a request.
 *
 * Works out the scheme (a V3 Authorization header, or a V1 Signature
 * parameter in the query or a form body), gathers the API parameters, and
 * recomputes the signature through cloud/sign over canonical forms rebuilt
 * from the decoded values, never from the raw text (SDKs disagree on
 * which characters to escape).  The timestamp window and the nonce cache
 * live here too; what each failure is called on the wire is account.c's
 * business. */
#ifndef LINKROLE_SIM_VERIFY_H
#define LINKROLE_SIM_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"
#include "core/kv.h"
#include "sim/sim.h"

/* A timestamp may be this far from the server's clock either way, and a
 * nonce is remembered this long. */
#define VERIFY_WINDOW_SECONDS (15 * 60)
/* Nonces remembered at most; the oldest is forgotten first. */
#define VERIFY_NONCES_MAX 65536u

enum verify_scheme {
    VERIFY_SCHEME_NONE,
    VERIFY_SCHEME_V3,
    VERIFY_SCHEME_V1
};

enum verify_status {
    VERIFY_OK = 0,
    VERIFY_INCOMPLETE,      /* no or garbled signature pieces */
    VERIFY_NO_TIMESTAMP,    /* x-acs-date / Timestamp missing */
    VERIFY_BAD_TIMESTAMP,   /* present but not yyyy-MM-ddTHH:mm:ssZ */
    VERIFY_EXPIRED,         /* outside the window */
    VERIFY_MISMATCH,        /* the signature is not ours */
    VERIFY_NONCE_USED,
    VERIFY_NOMEM
};

/* What verify_parse found.  The const char * fields point into params or
 * into the request's headers, so they live as long as both do; every
 * field is NULL when absent. */
struct verify_request {
    enum verify_scheme scheme;
    /* API parameters, decoded: the query plus a form body.  For V1 every
     * parameter but Signature (all of them are signed). */
    struct kvlist params;
    const char *action;
    const char *version;
    const char *security_token;
    const char *nonce;
    time_t timestamp;
    /* Owned: the V3 Credential is only part of a header. */
    char *access_key_id;
    /* Owned: the signature as received. */
    char *signature;
    /* Owned, V3 only: the signed header names, lower-cased, ";"-joined. */
    char *signed_headers;
};

void verify_request_init(struct verify_request *vr);
void verify_request_free(struct verify_request *vr);

/* Reads the scheme, credentials and parameters of req.  Returns a
 * verify_status; on failure vr holds whatever was found before it (the
 * action and version, when known, for error bodies and logs). */
int verify_parse(const struct sim_request *req, struct verify_request *vr);

/* Recomputes the signature of a parsed request with secret.  Returns
 * VERIFY_OK, VERIFY_MISMATCH (server_sts then holds the server's string to
 * sign) or VERIFY_NOMEM.  The comparison takes constant time. */
int verify_signature(const struct verify_request *vr,
                     const struct sim_request *req, const char *secret,
                     struct buf *server_sts);

/* VERIFY_OK when the timestamp is within the window around now. */
int verify_time(const struct verify_request *vr, time_t now);

/* The nonces seen in the last VERIFY_WINDOW_SECONDS, per access key. */
struct verify_nonces;

struct verify_nonces *verify_nonces_new(size_t max);
void verify_nonces_free(struct verify_nonces *n);
/* VERIFY_OK and remembers the nonce, or VERIFY_NONCE_USED when this key
 * used it within the window, or VERIFY_NOMEM. */
int verify_nonce_use(struct verify_nonces *n, const char *access_key_id,
                     const char *nonce, time_t now);

/* --- helpers shared with the transports ----------------------------------- */

/* Appends s[0..len) percent-decoded: "%XY" becomes a byte and "+" a space
 * (form and gateway semantics); a "%" not followed by two hex digits is
 * kept as it is. */
int verify_decode(struct buf *out, const char *s, size_t len);

/* Splits "k=v&k2=v2" (a query or a form body) into decoded pairs appended
 * to out; a name without "=" gets an empty value, empty pieces are
 * skipped.  Returns 0 or -1 (out of memory). */
int verify_split_params(struct kvlist *out, const char *s, size_t len);

/* True when the headers say the body is application/x-www-form-urlencoded
 * (any case, parameters after ";" allowed). */
bool verify_is_form(const struct kvlist *headers);

#endif
