/* Tests for src/sim: what a request goes through before any API sees it.
 *
 * The timestamp window (15 minutes either way of the account's clock),
 * nonces spent only by requests that passed, the body size cap, and how
 * the in-process transport and the gateway rules take a request apart. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/sign.h"
#include "core/clock.h"
#include "sim/verify.h"
#include "sim_fixture.h"

/* --- timestamps ----------------------------------------------------------- */

static void v1_missing_or_garbled_timestamp(void **state)
{
    struct fx *f = *state;

    for (int garble = 0; garble < 2; garble++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS };
        struct kvlist all;
        struct buf query, url;
        struct reply r;

        kvlist_init(&all);
        buf_init(&query, BODY_MAX);
        buf_init(&url, BODY_MAX);
        v1_params(f, &c, "JSON", &all);
        if (garble)
            assert_int_equal(kvlist_set(&all, "Timestamp",
                                        "2024-02-30T03:04:05Z"), 0);
        else
            assert_int_equal(kvlist_del(&all, "Timestamp"), 1);
        v1_sign("GET", KEY_SECRET, &all, &query, NULL);
        assert_int_equal(buf_printf(&url, "http://" HOST "/?%s",
                                    buf_str(&query)), BUF_OK);
        send_raw(f, "GET", buf_str(&url), NULL, NULL, &r);
        assert_error(&r, 400, garble ? "InvalidTimeStamp.Format"
                                     : "IllegalTimestamp");
        reply_free(&r);
        kvlist_free(&all);
        buf_free(&query);
        buf_free(&url);
    }
}

static void clock_skew_beyond_15_minutes_is_expired(void **state)
{
    static const long skews[] = { 16 * 60, -16 * 60 };
    struct fx *f = *state;

    for (size_t i = 0; i < 2; i++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS,
                          .skew = skews[i] };
        struct reply r;

        v3_call(f, &c, &r);
        assert_error(&r, 400, "InvalidTimeStamp.Expired");
        assert_jstr(&r, "Message",
                    "Specified time stamp or date value is expired.");
        reply_free(&r);
        v1_call(f, &c, &r);
        assert_error(&r, 400, "InvalidTimeStamp.Expired");
        reply_free(&r);
    }
}

static void clock_skew_within_15_minutes_passes(void **state)
{
    static const long skews[] = { 14 * 60, -14 * 60 };
    struct fx *f = *state;

    for (size_t i = 0; i < 2; i++) {
        struct call c = { .action = "GetCallerIdentity", .version = STS,
                          .skew = skews[i] };
        struct reply r;

        v3_call(f, &c, &r);
        assert_ok(&r);
        reply_free(&r);
        v1_call(f, &c, &r);
        assert_ok(&r);
        reply_free(&r);
    }
}

static void clock_offset_moves_the_window(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    sim_account_set_clock_offset(f->a, 20 * 60);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "InvalidTimeStamp.Expired");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

/* --- nonces --------------------------------------------------------------- */

static void reused_nonce_is_refused(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetCallerIdentity", .version = STS,
                      .nonce = "once-only-0001" };
    struct kvlist headers;
    struct buf url;
    struct reply r;

    kvlist_init(&headers);
    buf_init(&url, BODY_MAX);
    v3_build(f, &c, &url, &headers);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_ok(&r);
    reply_free(&r);
    send_raw(f, "POST", buf_str(&url), &headers, NULL, &r);
    assert_error(&r, 400, "SignatureNonceUsed");
    assert_jstr(&r, "Message", "Specified signature nonce was used already.");
    reply_free(&r);
    /* A fresh signature with the same nonce is still a reuse, V1 too. */
    v3_call(f, &c, &r);
    assert_error(&r, 400, "SignatureNonceUsed");
    reply_free(&r);
    c.nonce = "once-only-0002";
    v1_call(f, &c, &r);
    assert_ok(&r);
    reply_free(&r);
    v1_call(f, &c, &r);
    assert_error(&r, 400, "SignatureNonceUsed");
    reply_free(&r);
    kvlist_free(&headers);
    buf_free(&url);
}

static void refused_request_does_not_spend_its_nonce(void **state)
{
    struct fx *f = *state;
    struct call bad = { .action = "GetCallerIdentity", .version = STS,
                        .nonce = "spent-or-not", .secret = "wrong" };
    struct call good = { .action = "GetCallerIdentity", .version = STS,
                         .nonce = "spent-or-not" };
    struct reply r;

    v3_call(f, &bad, &r);
    assert_error(&r, 400, "SignatureDoesNotMatch");
    reply_free(&r);
    v3_call(f, &good, &r);
    assert_ok(&r);
    reply_free(&r);
}

static void nonce_cache_forgets_oldest_when_full(void **state)
{
    struct verify_nonces *n = verify_nonces_new(3);
    time_t now = 1700000000;

    (void)state;
    assert_non_null(n);
    assert_int_equal(verify_nonce_use(n, "k", "a", now), VERIFY_OK);
    assert_int_equal(verify_nonce_use(n, "k", "b", now), VERIFY_OK);
    assert_int_equal(verify_nonce_use(n, "k", "c", now), VERIFY_OK);
    assert_int_equal(verify_nonce_use(n, "k", "a", now), VERIFY_NONCE_USED);
    assert_int_equal(verify_nonce_use(n, "other", "a", now), VERIFY_OK);
    /* "a" of k was the oldest: the fourth nonce pushed it out. */
    assert_int_equal(verify_nonce_use(n, "k", "a", now), VERIFY_OK);
    /* After 15 minutes everything is forgotten. */
    assert_int_equal(verify_nonce_use(n, "k", "c", now + 15 * 60),
                     VERIFY_OK);
    verify_nonces_free(n);
}

/* The ring grows from a few entries to its bound as nonces come: every
 * nonce seen is still known after each doubling, and the bound holds. */
static void nonce_cache_grows_and_keeps(void **state)
{
    struct verify_nonces *n = verify_nonces_new(300);
    time_t now = 1700000000;
    char nonce[16];

    (void)state;
    assert_non_null(n);
    for (int i = 0; i < 300; i++) {
        snprintf(nonce, sizeof(nonce), "n%d", i);
        assert_int_equal(verify_nonce_use(n, "k", nonce, now), VERIFY_OK);
    }
    for (int i = 0; i < 300; i++) {
        snprintf(nonce, sizeof(nonce), "n%d", i);
        assert_int_equal(verify_nonce_use(n, "k", nonce, now),
                         VERIFY_NONCE_USED);
    }
    /* Full at 300: the next new one pushes out the oldest, n0. */
    assert_int_equal(verify_nonce_use(n, "k", "fresh", now), VERIFY_OK);
    assert_int_equal(verify_nonce_use(n, "k", "n1", now), VERIFY_NONCE_USED);
    assert_int_equal(verify_nonce_use(n, "k", "n0", now), VERIFY_OK);
    verify_nonces_free(n);
}

/* --- transport and helpers ------------------------------------------------ */

static void inproc_cancel_and_bad_url(void **state)
{
    struct fx *f = *state;
    struct transport *slow = sim_transport_new(f->a, 5000);
    volatile sig_atomic_t cancel = 1;
    struct http_request req;
    struct http_response resp;
    struct buf err;

    assert_non_null(slow);
    memset(&req, 0, sizeof(req));
    req.method = "POST";
    req.url = "http://" HOST "/";
    req.cancel = &cancel;
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&err, 4096);
    assert_int_equal(transport_send(slow, &req, &resp, &err),
                     TRANSPORT_CANCELLED);
    req.cancel = NULL;
    req.timeout_ms = 20;
    assert_int_equal(transport_send(slow, &req, &resp, &err),
                     TRANSPORT_AMBIGUOUS);
    req.url = "ftp://" HOST "/";
    assert_int_equal(transport_send(f->t, &req, &resp, &err),
                     TRANSPORT_BAD_URL);
    transport_destroy(slow);
    buf_free(&resp.body);
    buf_free(&err);
}

static void oversized_request_body_is_refused(void **state)
{
    struct fx *f = *state;
    struct kvlist headers;
    struct reply r;
    char *body = malloc((1u << 20) + 2);

    assert_non_null(body);
    memset(body, 'a', (1u << 20) + 1);
    body[(1u << 20) + 1] = '\0';
    kvlist_init(&headers);
    assert_int_equal(kvlist_add(&headers, "Host", HOST), 0);
    send_raw(f, "POST", "http://" HOST "/", &headers, body, &r);
    assert_error(&r, 413, "Request.EntityTooLarge");
    reply_free(&r);
    kvlist_free(&headers);
    free(body);
}

static void decode_and_split_follow_gateway_rules(void **state)
{
    static const char q[] = "a=1&&b=x%2Ay+z&c&=skip&d=%zz%4";
    struct kvlist l;

    (void)state;
    kvlist_init(&l);
    assert_int_equal(verify_split_params(&l, q, strlen(q)), 0);
    assert_int_equal(l.count, 4);
    assert_string_equal(kvlist_get(&l, "a"), "1");
    assert_string_equal(kvlist_get(&l, "b"), "x*y z");
    assert_string_equal(kvlist_get(&l, "c"), "");
    assert_string_equal(kvlist_get(&l, "d"), "%zz%4");
    kvlist_free(&l);
    /* The timestamps signed requests carry (core/clock's parser). */
    assert_int_equal((long long)clock_parse_utc("2024-01-02T03:04:05Z"),
                     1704164645LL);
    assert_int_equal((long long)clock_parse_utc("2024-01-02T03:04:05.123Z"),
                     1704164645LL);
    assert_int_equal((long long)clock_parse_utc("2024-01-02 03:04:05Z"), -1);
    assert_int_equal((long long)clock_parse_utc("2024-01-02T03:04:05"), -1);
    assert_int_equal((long long)clock_parse_utc("2023-02-29T03:04:05Z"), -1);
    assert_int_equal((long long)clock_parse_utc("+024-01-02T03:04:05Z"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(v1_missing_or_garbled_timestamp),
        T(clock_skew_beyond_15_minutes_is_expired),
        T(clock_skew_within_15_minutes_passes),
        T(clock_offset_moves_the_window),
        T(reused_nonce_is_refused),
        T(refused_request_does_not_spend_its_nonce),
        cmocka_unit_test(nonce_cache_forgets_oldest_when_full),
        cmocka_unit_test(nonce_cache_grows_and_keeps),
        T(inproc_cancel_and_bad_url),
        T(oversized_request_body_is_refused),
        cmocka_unit_test(decode_and_split_follow_gateway_rules),
    };

    return cmocka_run_group_tests_name("sim_requests", tests, NULL, NULL);
}
