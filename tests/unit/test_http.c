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

#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

static const char *const proxy_vars[] = {
    "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
    "ALL_PROXY", "no_proxy", "NO_PROXY"
};

static void clear_proxies(void)
{
    for (size_t i = 0; i < sizeof(proxy_vars) / sizeof(proxy_vars[0]); i++)
        unsetenv(proxy_vars[i]);
}

/* Every proxy variable set, NO_PROXY naming nothing of ours. */
static void all_proxies(void)
{
    for (size_t i = 0; i < 6; i++)
        setenv(proxy_vars[i], "http://user:pw@127.0.0.1:3128", 1);
    setenv("NO_PROXY", "example.com", 1);
    setenv("no_proxy", "example.com", 1);
}

static struct http_request request(bool direct)
{
    struct http_request r;

    memset(&r, 0, sizeof(r));
    r.method = "GET";
    r.direct = direct;
    r.plain_http_ok = direct;
    return r;
}

/* The metadata service (direct) never goes through a proxy, whatever
 * the environment says; with the flag off the same request would. */
static void test_metadata_goes_direct(void **state)
{
    struct http_request md = request(true), plain = request(false);
    struct http_route r;

    (void)state;
    all_proxies();
    http_route(&md, "http", "100.100.100.200", &r);
    assert_true(r.direct);
    assert_string_equal(r.proxy, "");
    http_route(&plain, "http", "100.100.100.200", &r);
    assert_false(r.direct);
    assert_string_equal(r.proxy, "http://127.0.0.1:3128");
    /* Loopback goes direct without the flag (a credentials URI there). */
    http_route(&plain, "http", "127.0.0.1", &r);
    assert_true(r.direct);
    http_route(&plain, "https", "localhost", &r);
    assert_true(r.direct);
    clear_proxies();
}

/* API requests honour the proxy variables as libcurl reads them, and
 * the proxy is shown without its user and password. */
static void test_api_requests_take_the_proxy(void **state)
{
    struct http_request api = request(false);
    struct http_route r;
    const char *host = "resourcemanager.aliyuncs.com";

    (void)state;
    clear_proxies();
    http_route(&api, "https", host, &r);
    assert_false(r.direct);
    assert_string_equal(r.proxy, "");

    setenv("HTTPS_PROXY", "http://alice:s3cret@proxy.corp:8080/", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "http://proxy.corp:8080");
    setenv("https_proxy", "proxy.lower:3128", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "http://proxy.lower:3128");

    /* NO_PROXY: a domain (with or without its dot), "*", a list. */
    setenv("NO_PROXY", ".aliyuncs.com", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "");
    setenv("NO_PROXY", "aliyuncs.com", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "");
    setenv("NO_PROXY", "example.com, manager.aliyuncs.com", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "http://proxy.lower:3128");
    setenv("NO_PROXY", "example.com,*", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "http://proxy.lower:3128");
    setenv("NO_PROXY", "*", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "");
    setenv("NO_PROXY", "10.0.0.0/8", 1);
    http_route(&api, "https", "10.1.2.3", &r);
    assert_string_equal(r.proxy, "");
    http_route(&api, "https", "11.1.2.3", &r);
    assert_string_equal(r.proxy, "http://proxy.lower:3128");
    clear_proxies();

    /* http:// reads http_proxy in lower case only (as libcurl does),
     * then ALL_PROXY. */
    setenv("HTTP_PROXY", "http://upper:1", 1);
    http_route(&api, "http", host, &r);
    assert_string_equal(r.proxy, "");
    setenv("ALL_PROXY", "socks5h://u:p@socks.corp:1080", 1);
    http_route(&api, "http", host, &r);
    assert_string_equal(r.proxy, "socks5h://socks.corp:1080");
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "socks5h://socks.corp:1080");
    /* An empty variable counts as unset, as in libcurl (checked against
     * curl 7.88: https_proxy= HTTPS_PROXY=P uses P; no_proxy= NO_PROXY=*
     * goes direct). */
    setenv("https_proxy", "", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "socks5h://socks.corp:1080");
    setenv("HTTPS_PROXY", "http://p:1", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "http://p:1");
    setenv("no_proxy", "", 1);
    setenv("NO_PROXY", "*", 1);
    http_route(&api, "https", host, &r);
    assert_string_equal(r.proxy, "");
    clear_proxies();
}

/* A port on loopback that refuses connections: bound, never listening
 * (kept open by the caller). */
static int refusing_port(int *fd)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);

    *fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(*fd >= 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(*fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(getsockname(*fd, (struct sockaddr *)&a, &len), 0);
    return ntohs(a.sin_port);
}

/* A proxy nobody answers at: TRANSPORT_PROXY naming it, without the
 * password.  libcurl connects to the proxy only (it does not resolve
 * the API's host itself), so nothing leaves loopback. */
static void test_unreachable_proxy_is_named(void **state)
{
    struct http_request api = request(false);
    struct http_response resp;
    struct transport *t;
    struct buf err;
    char proxy[128], shown[128];
    int fd, port;

    (void)state;
    clear_proxies();
    port = refusing_port(&fd);
    snprintf(proxy, sizeof(proxy), "http://bob:hunter2@127.0.0.1:%d", port);
    snprintf(shown, sizeof(shown), "http://127.0.0.1:%d", port);
    setenv("HTTPS_PROXY", proxy, 1);
    api.method = "POST";
    api.url = "https://resourcemanager.aliyuncs.com/";
    buf_init(&resp.body, TRANSPORT_BODY_MAX);
    buf_init(&err, 4096);
    t = http_transport_new(5000, 5000);
    assert_non_null(t);
    assert_int_equal(transport_send(t, &api, &resp, &err), TRANSPORT_PROXY);
    /* The proxy, a space, then libcurl's words. */
    assert_int_equal(strncmp(buf_str(&err), shown, strlen(shown)), 0);
    assert_int_equal(buf_str(&err)[strlen(shown)], ' ');
    assert_null(strstr(buf_str(&err), "hunter2"));
    transport_destroy(t);
    buf_free(&resp.body);
    buf_free(&err);
    close(fd);
    clear_proxies();
}

/* First of all: nothing has loaded libcurl yet.  A preload loads it with
 * no request sent, on a thread of its own that leaves the caller's
 * signal mask as it was; the cleanup at exit waits for a load still
 * running (exit's handlers must not run beside it), so right after a
 * preload it finds the library loaded, and a second preload is
 * nothing. */
static void test_preload_then_exit(void **state)
{
    sigset_t before, after;

    (void)state;
    assert_false(http_loaded());
    assert_int_equal(pthread_sigmask(SIG_SETMASK, NULL, &before), 0);
    http_preload();
    assert_int_equal(pthread_sigmask(SIG_SETMASK, NULL, &after), 0);
    for (int sig = 1; sig < NSIG; sig++)
        assert_int_equal(sigismember(&before, sig) == 1,
                         sigismember(&after, sig) == 1);
    http_global_cleanup();
    assert_true(http_loaded());
    http_preload();
    http_global_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preload_then_exit),
        cmocka_unit_test(test_broken_replies_are_ambiguous),
        cmocka_unit_test(test_before_sending),
        cmocka_unit_test(test_metadata_goes_direct),
        cmocka_unit_test(test_api_requests_take_the_proxy),
        cmocka_unit_test(test_unreachable_proxy_is_named),
    };

    return cmocka_run_group_tests_name("http", tests, NULL, NULL);
}
