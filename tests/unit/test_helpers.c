/* Unit tests for the one-home helpers of core: the UTC timestamp parser
 * and writer (core/clock), the identifier rules (core/names), URL parts
 * (core/url) and finding the catalogue (core/catalog_locate).  Each was
 * written several times before, with different rules; these pin the one
 * set of rules every caller now shares. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/names.h"
#include "core/url.h"
#include "core/wipe.h"

static void test_clock_parses_the_cloud_format(void **state)
{
    (void)state;
    assert_int_equal(clock_parse_utc("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(clock_parse_utc("2024-01-02T03:04:05Z"), 1704164645);
    /* Fractions of a second are read past, as some APIs send them. */
    assert_int_equal(clock_parse_utc("2024-01-02T03:04:05.123Z"),
                     1704164645);
    /* A leap day that exists. */
    assert_true(clock_parse_utc("2024-02-29T12:00:00Z") != (time_t)-1);
}

static void test_clock_refuses_what_is_not_the_format(void **state)
{
    static const char *const bad[] = {
        "", "2024-01-02", "2024-01-02T03:04:05", "2024-01-02 03:04:05Z",
        "2024-01-02T03:04:05+08:00", "2024-1-02T03:04:05Z",
        "2024-01-02T03:04:05Zjunk", "2024-13-02T03:04:05Z",
        "2024-00-02T03:04:05Z", "2024-01-32T03:04:05Z",
        "2023-02-29T00:00:00Z", "2024-02-31T00:00:00Z",
        "2024-01-02T24:00:00Z", "2024-01-02T03:60:00Z",
        "2024-01-02T03:04:60Z", "1969-12-31T23:59:59Z",
        "2024-01-02T03:04:05.Z", "+024-01-02T03:04:05Z", "2024-01-02T03:04:0xZ",
    };

    (void)state;
    assert_int_equal(clock_parse_utc(NULL), (time_t)-1);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (clock_parse_utc(bad[i]) != (time_t)-1)
            fail_msg("accepted \"%s\"", bad[i]);
    }
}

static void test_clock_writes_and_reads_back(void **state)
{
    char out[CLOCK_UTC_LEN + 1];

    (void)state;
    assert_int_equal(clock_format_utc(1704164645, out), 0);
    assert_string_equal(out, "2024-01-02T03:04:05Z");
    assert_int_equal(clock_parse_utc(out), 1704164645);
    assert_int_equal(clock_format_utc(0, out), 0);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    /* Written by hand, held to strftime over leap days, year ends and
     * every hour of a few centuries, and read back. */
    for (time_t t = -86400; t < (time_t)253402300800; t += 3599 * 5 + 86400 * 37) {
        char want[64];
        struct tm tm;

        assert_non_null(gmtime_r(&t, &tm));
        strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
        assert_int_equal(clock_format_utc(t, out), 0);
        assert_string_equal(out, want);
        if (t >= 0)
            assert_int_equal(clock_parse_utc(out), t);
    }
    assert_int_equal(clock_format_utc((time_t)253402300800, out), -1);
    assert_int_equal(clock_format_utc((time_t)-62167219201, out), -1);
}

static void test_clock_sleep_ends_on_cancel(void **state)
{
    volatile sig_atomic_t cancel = 1;
    long long t0 = clock_mono_ms();

    (void)state;
    /* Already cancelled: returns at once rather than after 10 s. */
    assert_int_equal(clock_sleep_ms(10000, &cancel), -1);
    assert_true(clock_mono_ms() - t0 < 5000);
    cancel = 0;
    assert_int_equal(clock_sleep_ms(1, &cancel), 0);
    assert_int_equal(clock_sleep_ms(0, NULL), 0);
}

static void test_names_service(void **state)
{
    char long_name[NAMES_SERVICE_MAX + 2];

    (void)state;
    assert_true(names_service_ok("polardb.aliyuncs.com"));
    assert_true(names_service_ok("a-b.c"));
    assert_false(names_service_ok(NULL));
    assert_false(names_service_ok(""));
    assert_false(names_service_ok("polardb"));              /* no dot */
    assert_false(names_service_ok("PolarDB.aliyuncs.com")); /* upper */
    assert_false(names_service_ok("polardb.aliyuncs.com/x"));
    assert_false(names_service_ok("polar db.aliyuncs.com"));
    assert_false(names_service_ok("polardb.aliyuncs.com\x1b[2J"));
    /* At most NAMES_SERVICE_MAX bytes. */
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[1] = '.';
    long_name[NAMES_SERVICE_MAX] = '\0';
    assert_true(names_service_ok(long_name));
    long_name[NAMES_SERVICE_MAX] = 'a';
    long_name[NAMES_SERVICE_MAX + 1] = '\0';
    assert_false(names_service_ok(long_name));
    /* The counted form reads len bytes, whatever follows them. */
    assert_true(names_service_okn("polardb.aliyuncs.com\"}", 20));
    assert_false(names_service_okn("polardb.aliyuncs.com", 7));
    assert_false(names_service_okn("a.b\0c", 5));
    assert_false(names_service_okn("a.b", 0));
}

static void test_names_role(void **state)
{
    char long_name[NAMES_ROLE_MAX + 2];

    (void)state;
    assert_true(names_role_ok("AliyunServiceRoleForPolarDB"));
    assert_true(names_role_ok("AliyunServiceRoleForPolarDB_Ex.am-ple"));
    assert_false(names_role_ok(NULL));
    assert_false(names_role_ok(""));
    assert_false(names_role_ok("."));
    assert_false(names_role_ok(".."));
    assert_false(names_role_ok("a/b"));
    assert_false(names_role_ok("a b"));
    assert_false(names_role_ok("role@x"));
    assert_false(names_role_ok("r\xc3\xb4le"));
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[NAMES_ROLE_MAX] = '\0';
    assert_true(names_role_ok(long_name));
    long_name[NAMES_ROLE_MAX] = 'a';
    long_name[NAMES_ROLE_MAX + 1] = '\0';
    assert_false(names_role_ok(long_name));
    assert_true(names_role_okn("AliyunServiceRoleForX\"", 21));
    assert_false(names_role_okn("..x", 2));
    assert_false(names_role_okn(".x", 1));
    assert_true(names_role_okn("..x", 3));
    assert_false(names_role_okn("a\0b", 3));
}

static void test_names_region(void **state)
{
    char out[16];

    (void)state;
    assert_true(names_region_ok("cn-hangzhou"));
    /* The same region, however it was typed: a flag and a profile agree. */
    assert_true(names_region_ok("CN-Hangzhou"));
    assert_int_equal(names_region_lower(out, sizeof(out), "CN-Hangzhou"), 0);
    assert_string_equal(out, "cn-hangzhou");
    assert_false(names_region_ok(""));
    assert_false(names_region_ok("cn_hangzhou"));
    assert_false(names_region_ok("cn-hangzhou.evil.com"));
    assert_int_equal(names_region_lower(out, sizeof(out), "cn hangzhou"), -1);
    assert_string_equal(out, "");
    /* Too long for out: refused, not cut. */
    assert_int_equal(names_region_lower(out, sizeof(out),
                                        "ap-southeast-1234567"), -1);
    assert_string_equal(out, "");
}

static void span_is(struct url_span s, const char *want)
{
    if (s.len != strlen(want) || strncmp(s.p ? s.p : "", want, s.len) != 0)
        fail_msg("span \"%.*s\", want \"%s\"", (int)s.len, s.p ? s.p : "",
                 want);
}

static void test_url_split_every_part(void **state)
{
    struct url_parts u;

    (void)state;
    url_split("http://user:pw@host:8080/a/b?x=1&y=2#frag", &u);
    span_is(u.scheme, "http");
    assert_true(u.has_userinfo);
    span_is(u.userinfo, "user:pw");
    span_is(u.authority, "host:8080");
    span_is(u.path, "/a/b");
    assert_true(u.has_query);
    span_is(u.query, "x=1&y=2");
    assert_true(u.has_fragment);
    span_is(u.fragment, "frag");

    url_split("host", &u);
    assert_null(u.scheme.p);
    span_is(u.authority, "host");
    span_is(u.path, "");
    assert_false(u.has_query);
    assert_false(u.has_userinfo);

    /* The last "@" of the authority ends the user info; an "@" in the
     * query is not user info. */
    url_split("https://a@b@c/p?q=@", &u);
    span_is(u.userinfo, "a@b");
    span_is(u.authority, "c");
    url_split("https://c/p?q=a@b", &u);
    assert_false(u.has_userinfo);
    span_is(u.query, "q=a@b");
    /* "://" in the path is not a scheme. */
    url_split("host/x://y", &u);
    assert_null(u.scheme.p);
    span_is(u.authority, "host");
    span_is(u.path, "/x://y");
    url_split("https://h?", &u);
    assert_true(u.has_query);
    span_is(u.query, "");
}

static void test_url_parse_uses_the_split(void **state)
{
    struct url u;
    enum url_problem why = URL_OK;

    (void)state;
    assert_int_equal(url_parse(&u, "http://127.0.0.1:8080", &why), 0);
    assert_string_equal(u.scheme, "http");
    assert_string_equal(u.host, "127.0.0.1");
    assert_int_equal(u.port, 8080);
    assert_int_equal(why, URL_OK);
    assert_int_equal(url_parse(&u, "https://u@host", &why), -1);
    assert_int_equal(why, URL_USERINFO);
    assert_int_equal(url_parse(&u, "ftp://host", &why), -1);
    assert_int_equal(why, URL_SCHEME);
    assert_int_equal(url_parse(&u, "host:0", &why), -1);
    assert_int_equal(why, URL_PORT_RANGE);
    assert_int_equal(url_parse(&u, "host:x1", NULL), -1);
    assert_int_equal(url_parse(&u, "[::1]:443/", &why), 0);
    assert_string_equal(u.host, "::1");
    assert_string_equal(u.rest, "/");
}

static void test_catalog_locate_order(void **state)
{
    struct buf path;

    (void)state;
    buf_init(&path, 8192);
    setenv("LINKROLE_CATALOG", "/from/env.json", 1);
    assert_int_equal(catalog_locate("/given.json", &path), 0);
    assert_string_equal(buf_str(&path), "/given.json");
    assert_int_equal(catalog_locate(NULL, &path), 0);
    assert_string_equal(buf_str(&path), "/from/env.json");
    unsetenv("LINKROLE_CATALOG");
    /* Neither installed nor beside this test program (tests/unit/): the
     * answer names where it looked. */
    if (catalog_locate(NULL, &path) != 0) {
        assert_non_null(strstr(buf_str(&path), "services.json, "));
        assert_non_null(strstr(buf_str(&path), "/data/services.json"));
    }
    buf_free(&path);
}

/* Files read whole: only regular ones, never hanging on a FIFO, bounded
 * before a byte is read; the catalogue goes through it too. */
static void test_file_read(void **state)
{
    char dir[] = "/tmp/linkrole-file.XXXXXX", path[256], *data = NULL;
    struct catalog cat;
    struct buf err;
    unsigned mode = 0;
    size_t len = 0;
    int errnum = 0;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/ok", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("hello", f);
    fclose(f);
    chmod(path, 0640);
    assert_int_equal(file_read(path, 5, &data, &len, &mode, &errnum),
                     FILE_READ_OK);
    assert_int_equal(len, 5);
    assert_string_equal(data, "hello");
    assert_int_equal(mode & 0777, 0640);
    free(data);
    assert_int_equal(file_read(path, 4, &data, &len, NULL, NULL),
                     FILE_TOO_BIG);
    assert_null(data);
    snprintf(path, sizeof(path), "%s/none", dir);
    assert_int_equal(file_read(path, 64, &data, &len, NULL, NULL),
                     FILE_ABSENT);
    assert_int_equal(file_read(dir, 64, &data, &len, NULL, NULL),
                     FILE_NOT_REGULAR);
    assert_int_equal(file_read("/dev/zero", 64, &data, &len, NULL, NULL),
                     FILE_NOT_REGULAR);
    /* A FIFO with no writer: refused at once rather than waited on. */
    snprintf(path, sizeof(path), "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(file_read(path, 64, &data, &len, NULL, &errnum),
                     FILE_NOT_REGULAR);
    buf_init(&err, 4096);
    assert_int_equal(catalog_load(&cat, path, &err), -1);
    assert_non_null(strstr(buf_str(&err), "not a regular file"));
    buf_free(&err);
    unlink(path);
    snprintf(path, sizeof(path), "%s/ok", dir);
    unlink(path);
    rmdir(dir);
}

static void test_wipe(void **state)
{
    char secret[] = "LTAIsecretsecret";
    char *heap = strdup("token-token");

    (void)state;
    wipe_mem(secret, sizeof(secret) - 1);
    for (size_t i = 0; i < sizeof(secret) - 1; i++)
        assert_int_equal(secret[i], 0);
    wipe_mem(NULL, 4);
    wipe_free(heap);
    wipe_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_parses_the_cloud_format),
        cmocka_unit_test(test_clock_refuses_what_is_not_the_format),
        cmocka_unit_test(test_clock_writes_and_reads_back),
        cmocka_unit_test(test_clock_sleep_ends_on_cancel),
        cmocka_unit_test(test_names_service),
        cmocka_unit_test(test_names_role),
        cmocka_unit_test(test_names_region),
        cmocka_unit_test(test_url_split_every_part),
        cmocka_unit_test(test_url_parse_uses_the_split),
        cmocka_unit_test(test_catalog_locate_order),
        cmocka_unit_test(test_file_read),
        cmocka_unit_test(test_wipe),
    };

    return cmocka_run_group_tests_name("helpers", tests, NULL, NULL);
}
