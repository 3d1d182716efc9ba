/* bench_sign — what one request signature costs.
 *
 * Every call linkrole makes, and every request the simulator checks, is
 * signed or verified once, so this mostly shows that signing is never
 * the slow part of a request.  Prints figures, asserts nothing. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include "cloud/sign.h"
#include "core/buf.h"
#include "core/kv.h"

#include "bench.h"

#define ITERATIONS 20000
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

static int bench_v3(const struct sign_rpc *req,
                    const struct sign_creds *creds)
{
    struct buf query;
    struct kvlist headers;
    uint64_t start;
    int rc = -1;

    buf_init(&query, WORK_MAX);
    kvlist_init(&headers);
    start = bench_now_ns();
    for (int i = 0; i < ITERATIONS; i++) {
        /* Reset each time, as a caller building a fresh request would. */
        buf_reset(&query);
        kvlist_free(&headers);
        if (sign_rpc_v3(req, creds, &query, &headers) != 0) {
            fprintf(stderr, "bench_sign: sign_rpc_v3 failed\n");
            goto out;
        }
    }
    printf("bench_sign: sign_rpc_v3 (ACS3-HMAC-SHA256) "
           "CreateServiceLinkedRole: %.2f us/signature (%d iterations)\n",
           bench_us_since(start) / ITERATIONS, ITERATIONS);
    rc = 0;
out:
    buf_free(&query);
    kvlist_free(&headers);
    return rc;
}

static int bench_v1(const struct sign_rpc *req,
                    const struct sign_creds *creds)
{
    struct buf query;
    uint64_t start;
    int rc = -1;

    buf_init(&query, WORK_MAX);
    start = bench_now_ns();
    for (int i = 0; i < ITERATIONS; i++) {
        buf_reset(&query);
        if (sign_rpc_v1(req, creds, &query, NULL) != 0) {
            fprintf(stderr, "bench_sign: sign_rpc_v1 failed\n");
            goto out;
        }
    }
    printf("bench_sign: sign_rpc_v1 (HMAC-SHA1) "
           "CreateServiceLinkedRole: %.2f us/signature (%d iterations)\n",
           bench_us_since(start) / ITERATIONS, ITERATIONS);
    rc = 0;
out:
    buf_free(&query);
    return rc;
}

int main(void)
{
    /* Made-up keys of the real shapes; nothing here is a credential. */
    const struct sign_creds creds = {
        "LTAI5tBenchmarkKeyId0000", "BenchmarkSecretNotARealSecret000",
        NULL
    };
    struct kvlist params;
    struct sign_rpc req;
    int rc = 1;

    kvlist_init(&params);
    if (kvlist_add(&params, "ServiceName", "polardb.aliyuncs.com") ||
        kvlist_add(&params, "CustomSuffix", "bench") ||
        kvlist_add(&params, "Description", "linkrole benchmark role")) {
        fprintf(stderr, "bench_sign: out of memory\n");
        goto out;
    }
    request_init(&req, &params);
    if (bench_v3(&req, &creds) != 0 || bench_v1(&req, &creds) != 0)
        goto out;
    rc = 0;
out:
    kvlist_free(&params);
    return rc;
}
