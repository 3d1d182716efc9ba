/* bench_presign — the signed request `linkrole create` or `linkrole get`
 * would send, as arguments for curl, so that tests/bench/side.sh can time
 * a bare curl sending the very same request.
 *
 *   bench_presign ENDPOINT create SERVICE [SUFFIX]
 *   bench_presign ENDPOINT get ROLE
 *
 * The request is built, signed (V3, a fresh nonce and the current time)
 * and handed to a transport by the project's own API code (cloud/api.c),
 * exactly as linkrole does; the transport here sends nothing but prints
 * what it was given, one curl argument a line:
 *
 *   -X / POST / -H / "name: value" (each header) / the URL
 *
 * The keys come from ALIBABA_CLOUD_ACCESS_KEY_ID and
 * ALIBABA_CLOUD_ACCESS_KEY_SECRET.  The secret itself is never printed;
 * the Authorization header (which holds only an HMAC made with it) is,
 * since curl must send it.  Exits 0 when the request was printed, 1 when
 * it could not be built, 2 on a usage error. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/api.h"
#include "cloud/transport.h"
#include "core/buf.h"
#include "core/kv.h"

struct capture {
    int printed;
};

/* One curl argument a line: a line break inside one cannot be said. */
static int one_line(const char *s)
{
    return strpbrk(s, "\r\n") == NULL;
}

static int capture_send(struct transport *t, const struct http_request *req,
                        struct http_response *resp, struct buf *err)
{
    struct capture *cap = t->ctx;

    (void)resp;
    if (req->body && req->body_len) {
        buf_printf(err, "a request with a body (curl would need --data)");
        return TRANSPORT_INTERNAL;
    }
    if (!one_line(req->method) || !one_line(req->url)) {
        buf_printf(err, "a line break in the method or URL");
        return TRANSPORT_INTERNAL;
    }
    for (size_t i = 0; i < req->headers->count; i++)
        if (!one_line(req->headers->items[i].key) ||
            !one_line(req->headers->items[i].value)) {
            buf_printf(err, "a line break in a header");
            return TRANSPORT_INTERNAL;
        }
    printf("-X\n%s\n", req->method);
    for (size_t i = 0; i < req->headers->count; i++) {
        const struct kv *h = &req->headers->items[i];

        /* "name;" is how curl is told to send a header with no value. */
        if (*h->value)
            printf("-H\n%s: %s\n", h->key, h->value);
        else
            printf("-H\n%s;\n", h->key);
    }
    printf("%s\n", req->url);
    cap->printed = fflush(stdout) == 0;
    /* Nothing was sent: the API layer must not take this for an answer
     * (and, with no retries, does not ask again). */
    buf_printf(err, "printed, not sent");
    return TRANSPORT_INTERNAL;
}

static const struct transport_ops capture_ops = { capture_send, NULL };

static int env_creds(void *ctx, struct sign_creds *creds, struct buf *err)
{
    (void)ctx;
    creds->access_key_id = getenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    creds->access_key_secret = getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    creds->security_token = NULL;
    if (!creds->access_key_id || !*creds->access_key_id ||
        !creds->access_key_secret || !*creds->access_key_secret) {
        buf_printf(err, "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                        "ALIBABA_CLOUD_ACCESS_KEY_SECRET must be set");
        return -1;
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_presign ENDPOINT create SERVICE [SUFFIX]\n"
                    "       bench_presign ENDPOINT get ROLE\n");
}

int main(int argc, char **argv)
{
    struct capture cap = { 0 };
    struct transport transport = { &capture_ops, &cap };
    struct api_client client;
    struct api_role_result result;
    struct api_error err;

    if (argc < 4 ||
        (strcmp(argv[2], "create") == 0 ? argc > 5
         : strcmp(argv[2], "get") == 0 ? argc != 4 : 1)) {
        usage();
        return 2;
    }
    api_client_init(&client);
    client.transport = &transport;
    client.creds.get = env_creds;
    client.endpoint[API_RESOURCEMANAGER] = argv[1];
    client.max_retries = 0;
    memset(&err, 0, sizeof(err));
    if (strcmp(argv[2], "create") == 0)
        api_create_service_linked_role(&client, argv[3],
                                       argc > 4 ? argv[4] : NULL, NULL,
                                       &result, &err);
    else
        api_get_role(&client, argv[3], &result, &err);
    api_role_result_free(&result);
    if (!cap.printed) {
        /* What the API layer keeps of a failure before sending: a host,
         * the credentials' complaint, never a secret. */
        fprintf(stderr, "bench_presign: no request was made: %s %s %s\n",
                err.subject, err.detail, err.message);
        return 1;
    }
    return 0;
}
