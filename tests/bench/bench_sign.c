/* bench_sign — what one request signature costs.
 *
 * Every call linkrole makes, and every request the simulator checks, is
 * signed or verified once.  Prints, for a fixed CreateServiceLinkedRole
 * call (the one tests/bench/sdk_bench.js has the official SDK's signer
 * sign): the first V3 signature of the process (OpenSSL's algorithms
 * are fetched in it), then microseconds a signature and signatures a
 * second for V3 (ACS3-HMAC-SHA256) and V1 (the RPC HMAC-SHA1
 * signature), each the mean of ITERATIONS after a warm-up, and what a
 * nonce costs.  Asserts nothing.
 *
 *   bench_sign [ITERATIONS]     (default 20000)
 *
 * tests/bench/side.sh reads the one line naming sign_rpc_v3: keep its
 * "N us/signature" and keep it the only such line. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cloud/sign.h"
#include "core/buf.h"
#include "core/kv.h"

#include "bench.h"

#define ITERATIONS 20000
#define WARMUP 500
#define WORK_MAX (1u << 16)
#define FIXED_TIME ((time_t)1704164645) /* 2024-01-02T03:04:05Z */

/* A fixed CreateServiceLinkedRole call, as the create screen sends it. */
static void request_init(struct sign_rpc *req, const struct kvlist *params)
{
    req->method = "POST";
    req->host = "resourcemanager.aliyuncs.com";
    req->action = "CreateServiceLinkedRole";
    req->version = "2020-03-31";
    req->params = params;
    req->body = NULL;
    req->content_type = NULL;
    req->now = FIXED_TIME;
    req->nonce = "3f1c9b0e6a7d4e2f8b5a1c0d9e8f7a6b";
}

/* One signature of the scheme (3 or 1), the outputs reset first, as a
 * caller building a fresh request would. */
static int sign_once(int scheme, const struct sign_rpc *req,
                     const struct sign_creds *creds, struct buf *query,
                     struct kvlist *headers)
{
    buf_reset(query);
    kvlist_free(headers);
    return scheme == 3 ? sign_rpc_v3(req, creds, query, headers)
                       : sign_rpc_v1(req, creds, query, NULL);
}

/* The mean microseconds of a signature over n, after a warm-up; a
 * negative figure when signing failed. */
static double time_scheme(int scheme, const struct sign_rpc *req,
                          const struct sign_creds *creds, long n)
{
    struct buf query;
    struct kvlist headers;
    uint64_t start;
    double us = -1;

    buf_init(&query, WORK_MAX);
    kvlist_init(&headers);
    for (int i = 0; i < WARMUP; i++)
        if (sign_once(scheme, req, creds, &query, &headers) != 0)
            goto out;
    start = bench_now_ns();
    for (long i = 0; i < n; i++)
        if (sign_once(scheme, req, creds, &query, &headers) != 0)
            goto out;
    us = bench_us_since(start) / (double)n;
out:
    buf_free(&query);
    kvlist_free(&headers);
    return us;
}

int main(int argc, char **argv)
{
    /* Made-up keys of the real shapes; nothing here is a credential. */
    const struct sign_creds creds = {
        "LTAI5tBenchmarkKeyId0000", "BenchmarkSecretNotARealSecret000",
        NULL
    };
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : ITERATIONS;
    char nonce[SIGN_NONCE_LEN + 1];
    struct kvlist params, headers;
    struct sign_rpc req;
    struct buf query;
    uint64_t start;
    double first, v3, v1, nonce_us;
    int rc = 1;

    if (n <= 0) {
        fprintf(stderr, "usage: bench_sign [ITERATIONS]\n");
        return 2;
    }
    kvlist_init(&params);
    kvlist_init(&headers);
    buf_init(&query, WORK_MAX);
    if (kvlist_add(&params, "ServiceName", "polardb.aliyuncs.com") ||
        kvlist_add(&params, "CustomSuffix", "bench") ||
        kvlist_add(&params, "Description", "linkrole benchmark role")) {
        fprintf(stderr, "bench_sign: out of memory\n");
        goto out;
    }
    request_init(&req, &params);

    start = bench_now_ns();
    if (sign_once(3, &req, &creds, &query, &headers) != 0) {
        fprintf(stderr, "bench_sign: sign_rpc_v3 failed\n");
        goto out;
    }
    first = bench_us_since(start);
    printf("bench_sign: the process's first V3 signature: %.1f us "
           "(OpenSSL's algorithms fetched in it)\n", first);

    v3 = time_scheme(3, &req, &creds, n);
    v1 = time_scheme(1, &req, &creds, n);
    if (v3 <= 0 || v1 <= 0) {
        fprintf(stderr, "bench_sign: signing failed\n");
        goto out;
    }
    printf("bench_sign: sign_rpc_v3 (ACS3-HMAC-SHA256) "
           "CreateServiceLinkedRole: %.2f us/signature, %.0f signatures/s "
           "(%ld iterations)\n", v3, 1e6 / v3, n);
    printf("bench_sign: sign_rpc_v1 (RPC, HMAC-SHA1) "
           "CreateServiceLinkedRole: %.2f us/signature, %.0f signatures/s "
           "(%ld iterations)\n", v1, 1e6 / v1, n);

    start = bench_now_ns();
    for (long i = 0; i < n; i++)
        if (sign_nonce(nonce) != 0) {
            fprintf(stderr, "bench_sign: sign_nonce failed\n");
            goto out;
        }
    nonce_us = bench_us_since(start) / (double)n;
    printf("bench_sign: sign_nonce: %.2f us/nonce (%ld iterations)\n",
           nonce_us, n);
    rc = 0;
out:
    buf_free(&query);
    kvlist_free(&headers);
    kvlist_free(&params);
    return rc;
}
