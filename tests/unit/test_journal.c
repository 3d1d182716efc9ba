/* test_journal — the journal's --since forms and reading it back:
 * pairing by id, outcome unknown, filters, bad lines counted. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/journal_log.h"
#include "core/clock.h"

static void test_since(void **state)
{
    time_t t = 0, now = clock_parse_utc("2026-12-03T12:00:00Z");

    (void)state;
    assert_int_equal(journal_parse_since("2026-12-01", now, &t), 0);
    assert_true(t == clock_parse_utc("2026-12-01T00:00:00Z"));
    assert_int_equal(journal_parse_since("2026-12-01T10:00:00Z", now, &t), 0);
    assert_true(t == clock_parse_utc("2026-12-01T10:00:00Z"));
    assert_int_equal(journal_parse_since("90s", now, &t), 0);
    assert_true(t == now - 90);
    assert_int_equal(journal_parse_since("12h", now, &t), 0);
    assert_true(t == now - 12 * 3600);
    assert_int_equal(journal_parse_since("2w", now, &t), 0);
    assert_true(t == now - 14 * 86400);
    assert_int_equal(journal_parse_since("yesterday", now, &t), -1);
    assert_int_equal(journal_parse_since("5", now, &t), -1);
    assert_int_equal(journal_parse_since("5hh", now, &t), -1);
    assert_int_equal(journal_parse_since("-5h", now, &t), -1);
    assert_int_equal(journal_parse_since("", now, &t), -1);
}

static char *write_journal(const char *text)
{
    static char path[] = "/tmp/test_journal.XXXXXX";
    int fd;

    strcpy(path, "/tmp/test_journal.XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static const char journal_text[] =
    "{\"id\":\"a\",\"type\":\"intent\",\"time\":\"2026-12-01T00:00:00Z\","
    "\"account\":\"111\",\"action\":\"CreateServiceLinkedRole\","
    "\"service\":\"polardb.aliyuncs.com\",\"role\":\"RoleA\"}\n"
    "{\"id\":\"b\",\"type\":\"intent\",\"time\":\"2026-12-02T00:00:00Z\","
    "\"action\":\"DeleteServiceLinkedRole\",\"role\":\"RoleB\"}\n"
    "garbage\n"
    "{\"id\":\"a\",\"type\":\"outcome\",\"ok\":true,\"role_id\":\"42\","
    "\"request_id\":\"R1\"}\n"
    "{\"id\":\"c\",\"type\":\"intent\",\"time\":\"2026-12-03T00:00:00Z\","
    "\"account\":\"222\",\"action\":\"CreateServiceLinkedRole\","
    "\"service\":\"ecs.aliyuncs.com\",\"role\":\"RoleC\"}\n"
    "{\"id\":\"c\",\"type\":\"outcome\",\"ok\":false,\"error\":\"Nope\"}\n"
    "{\"id\":\"d\",\"type\":\"inte";

static void test_read_pairs(void **state)
{
    char *path = write_journal(journal_text);
    struct journal_filter f = { NULL, NULL, 0 };
    struct journal_log l;
    struct buf msg;

    (void)state;
    buf_init(&msg, 1024);
    assert_int_equal(journal_read(path, &f, &l, &msg), 0);
    assert_int_equal(l.count, 3);
    assert_int_equal(l.skipped, 2);
    assert_int_equal(l.records[0].result, JOURNAL_OK);
    assert_string_equal(l.records[0].role_id, "42");
    assert_int_equal(l.records[1].result, JOURNAL_UNKNOWN);
    assert_string_equal(l.records[1].check, "linkrole get RoleB");
    assert_int_equal(l.records[2].result, JOURNAL_FAILED);
    assert_string_equal(l.records[2].error, "Nope");
    journal_log_free(&l);

    f.account = "222";
    assert_int_equal(journal_read(path, &f, &l, &msg), 0);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.records[0].role, "RoleC");
    journal_log_free(&l);

    f.account = NULL;
    f.service = "PolarDB.aliyuncs.com";
    assert_int_equal(journal_read(path, &f, &l, &msg), 0);
    assert_int_equal(l.count, 1);
    assert_string_equal(l.records[0].role, "RoleA");
    journal_log_free(&l);

    f.service = NULL;
    f.since = clock_parse_utc("2026-12-02T00:00:00Z");
    assert_int_equal(journal_read(path, &f, &l, &msg), 0);
    assert_int_equal(l.count, 2);
    journal_log_free(&l);
    unlink(path);

    /* No journal yet: an empty log. */
    assert_int_equal(journal_read("/nonexistent/journal.jsonl", &f, &l, &msg),
                     0);
    assert_int_equal(l.count, 0);
    journal_log_free(&l);
    buf_free(&msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_since),
        cmocka_unit_test(test_read_pairs),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
