/* Tests for src/cloud/http.c's reading of libcurl's outcomes: once the
 * request went out, an answer libcurl cannot use (no status line, a
 * garbled one, a header line too long to keep) is a network failure the
 * request may have reached the server through, never "nothing was sent"
 * nor an out-of-memory of ours. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curl/curl.h>

#include "cloud/http.h"
#include "cloud/transport.h"

static void test_broken_replies_are_ambiguous(void **state)
{
    (void)state;
    /* No status line: libcurl refuses HTTP/0.9. */
    assert_int_equal(http_classify(CURLE_UNSUPPORTED_PROTOCOL, true, false),
                     TRANSPORT_AMBIGUOUS);
    /* A garbled status line. */
    assert_int_equal(http_classify(CURLE_WEIRD_SERVER_REPLY, true, false),
                     TRANSPORT_AMBIGUOUS);
    /* A 300 KB header line: out of memory or a receive error, by
     * version. */
    assert_int_equal(http_classify(CURLE_OUT_OF_MEMORY, true, false),
                     TRANSPORT_AMBIGUOUS);
    assert_int_equal(http_classify(CURLE_RECV_ERROR, true, false),
                     TRANSPORT_AMBIGUOUS);
    assert_int_equal(http_classify(CURLE_BAD_CONTENT_ENCODING, true, false),
                     TRANSPORT_AMBIGUOUS);
}

static void test_before_sending(void **state)
{
    (void)state;
    assert_int_equal(http_classify(CURLE_OK, true, false), TRANSPORT_OK);
    assert_int_equal(http_classify(CURLE_COULDNT_CONNECT, false, false),
                     TRANSPORT_CONNECT);
    assert_int_equal(http_classify(CURLE_OPERATION_TIMEDOUT, false, false),
                     TRANSPORT_CONNECT);
    assert_int_equal(http_classify(CURLE_OPERATION_TIMEDOUT, true, false),
                     TRANSPORT_AMBIGUOUS);
    assert_int_equal(http_classify(CURLE_UNSUPPORTED_PROTOCOL, false, false),
                     TRANSPORT_BAD_URL);
    assert_int_equal(http_classify(CURLE_URL_MALFORMAT, false, false),
                     TRANSPORT_BAD_URL);
    /* Out of memory before anything went out is ours. */
    assert_int_equal(http_classify(CURLE_OUT_OF_MEMORY, false, false),
                     TRANSPORT_INTERNAL);
    assert_int_equal(http_classify(CURLE_PEER_FAILED_VERIFICATION, true,
                                   false), TRANSPORT_TLS);
    assert_int_equal(http_classify(CURLE_WRITE_ERROR, true, true),
                     TRANSPORT_TOO_BIG);
    assert_int_equal(http_classify(CURLE_ABORTED_BY_CALLBACK, true, false),
                     TRANSPORT_CANCELLED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_broken_replies_are_ambiguous),
        cmocka_unit_test(test_before_sending),
    };

    return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
