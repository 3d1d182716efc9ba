/* Tests for src/sim/limits: the simulator's own statement of the API's
 * limits, at their edges.
 *
 * These are the numbers the client's checks are measured against, so
 * every boundary is tried from both sides: 63/64/65 characters of a role
 * name, 1024/1025 characters of a description made of one-, two-, three-
 * and four-byte characters, and broken UTF-8, which must never make text
 * shorter than its valid part. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sim/limits.h"

/* 27 characters, as in the catalogue. */
#define POLARDB_ROLE "AliyunServiceRoleForPolarDB"

/* n copies of unit into a new string. */
static char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);

    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

/* head followed by tail, in a new string. */
static char *join(const char *head, const char *tail)
{
    size_t h = strlen(head), t = strlen(tail);
    char *s = malloc(h + t + 1);

    assert_non_null(s);
    memcpy(s, head, h);
    memcpy(s + h, tail, t + 1);
    return s;
}

static size_t chars(const char *s)
{
    return limits_chars(s, strlen(s));
}

static void chars_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(chars(""), 0);
    assert_int_equal(chars("abc"), 3);
    assert_int_equal(chars("\xc3\xa9"), 1);                 /* é */
    assert_int_equal(chars("\xe4\xb8\xad\xe6\x96\x87"), 2); /* 中文 */
    assert_int_equal(chars("\xf0\x9f\x98\x80"), 1);         /* U+1F600 */
    assert_int_equal(chars("\xf4\x8f\xbf\xbf"), 1);         /* U+10FFFF */
    assert_int_equal(chars("\xef\xbf\xbd"), 1);             /* U+FFFD */
    /* An embedded NUL is a character when the length says so. */
    assert_int_equal(limits_chars("a\0b", 3), 3);
}

static void chars_counts_each_broken_byte_once(void **state)
{
    (void)state;
    /* A lone continuation byte, and bytes that never start anything. */
    assert_int_equal(chars("\x80"), 1);
    assert_int_equal(chars("a\xff" "b"), 3);
    assert_int_equal(chars("\xfe\xf8\xf5"), 3);
    /* A sequence cut short: its bytes, and the character after it. */
    assert_int_equal(chars("\xe4\xb8"), 2);
    assert_int_equal(chars("\xe4\xb8" "a"), 3);
    assert_int_equal(chars("\xe4\xb8\xe6\x96\x87"), 3);
    /* Overlong forms, surrogates and code points past U+10FFFF. */
    assert_int_equal(chars("\xc0\x80"), 2);
    assert_int_equal(chars("\xc1\xbf"), 2);
    assert_int_equal(chars("\xe0\x80\xaf"), 3);
    assert_int_equal(chars("\xf0\x80\x80\xaf"), 4);
    assert_int_equal(chars("\xed\xa0\x80"), 3);
    assert_int_equal(chars("\xed\xbf\xbf"), 3);
    assert_int_equal(chars("\xf4\x90\x80\x80"), 4);
    /* The largest code points below the surrogates are fine. */
    assert_int_equal(chars("\xed\x9f\xbf"), 1);             /* U+D7FF */
    assert_int_equal(chars("\xee\x80\x80"), 1);             /* U+E000 */
    /* A length that ends inside a sequence cuts it. */
    assert_int_equal(limits_chars("\xe4\xb8\xad", 2), 2);
}

static void suffix_length_counts_name_underscore_and_suffix(void **state)
{
    char *s63 = repeat("a", 35), *s64 = repeat("a", 36),
         *s65 = repeat("a", 37);

    (void)state;
    assert_int_equal(chars(POLARDB_ROLE), 27);
    /* 27 + "_" + 35 = 63, + 36 = 64, + 37 = 65. */
    assert_int_equal(limits_suffix(POLARDB_ROLE, s63), LIMITS_OK);
    assert_int_equal(limits_suffix(POLARDB_ROLE, s64), LIMITS_OK);
    assert_int_equal(limits_suffix(POLARDB_ROLE, s65), LIMITS_TOO_LONG);
    free(s63);
    free(s64);
    free(s65);
}

static void suffix_length_edges_of_the_role_name(void **state)
{
    char *n62 = repeat("R", 62), *n63 = repeat("R", 63),
         *n64 = repeat("R", 64), *a63 = repeat("a", 63),
         *a64 = repeat("a", 64);

    (void)state;
    assert_int_equal(limits_suffix(n62, "a"), LIMITS_OK);
    assert_int_equal(limits_suffix(n62, "ab"), LIMITS_TOO_LONG);
    assert_int_equal(limits_suffix(n63, "a"), LIMITS_TOO_LONG);
    assert_int_equal(limits_suffix(n64, "a"), LIMITS_TOO_LONG);
    /* Without a role name only the "_" and the suffix count. */
    assert_int_equal(limits_suffix(NULL, a63), LIMITS_OK);
    assert_int_equal(limits_suffix(NULL, a64), LIMITS_TOO_LONG);
    free(n62);
    free(n63);
    free(n64);
    free(a63);
    free(a64);
}

static void suffix_length_counts_characters_not_bytes(void **state)
{
    /* Ten "Ä" are 20 bytes but 10 characters: 10 + 1 + 53 = 64. */
    char *base = repeat("\xc3\x84", 10), *s53 = repeat("x", 53),
         *s54 = repeat("x", 54);

    (void)state;
    assert_int_equal(limits_suffix(base, s53), LIMITS_OK);
    assert_int_equal(limits_suffix(base, s54), LIMITS_TOO_LONG);
    free(base);
    free(s53);
    free(s54);
}

static void suffix_characters(void **state)
{
    static const char *const good[] = {
        "a", "Z", "0", ".", "-", "Dev-1.a", "A.b-C9"
    };
    static const char *const bad[] = {
        "a_b", "a b", "a@b", "\xc3\xa4", "a/b", "a*", "\x80", "a\tb",
        "%41", "+"
    };
    char *long_bad = repeat("_", 100);

    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_int_equal(limits_suffix(POLARDB_ROLE, good[i]), LIMITS_OK);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(limits_suffix(POLARDB_ROLE, bad[i]),
                         LIMITS_BAD_CHARS);
    /* Characters are judged before the length. */
    assert_int_equal(limits_suffix(POLARDB_ROLE, long_bad),
                     LIMITS_BAD_CHARS);
    assert_int_equal(limits_suffix(POLARDB_ROLE, ""), LIMITS_EMPTY);
    assert_int_equal(limits_suffix(POLARDB_ROLE, NULL), LIMITS_EMPTY);
    free(long_bad);
}

/* A description of n copies of unit must get want. */
static void assert_description(const char *unit, size_t n,
                               enum limits_verdict want)
{
    char *s = repeat(unit, n);

    if (limits_description(s) != want)
        fail_msg("%zu x \"%s\": expected verdict %d, got %d", n, unit,
                 (int)want, (int)limits_description(s));
    free(s);
}

static void description_1024_characters_of_any_width(void **state)
{
    static const char *const units[] = {
        "a", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80"
    };

    (void)state;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        assert_description(units[i], 1, LIMITS_OK);
        assert_description(units[i], 1023, LIMITS_OK);
        assert_description(units[i], 1024, LIMITS_OK);
        assert_description(units[i], 1025, LIMITS_TOO_LONG);
    }
    assert_int_equal(limits_description(""), LIMITS_EMPTY);
    assert_int_equal(limits_description(NULL), LIMITS_EMPTY);
}

static void description_counts_characters_not_bytes(void **state)
{
    /* 1023 ASCII and one "é": 1025 bytes, 1024 characters. */
    char *ascii = repeat("a", 1023), *s = join(ascii, "\xc3\xa9");

    (void)state;
    assert_int_equal(strlen(s), 1025);
    assert_int_equal(limits_description(s), LIMITS_OK);
    free(s);
    /* And the other way: 1024 characters in 4096 bytes fit. */
    s = repeat("\xf0\x9f\x98\x80", 1024);
    assert_int_equal(strlen(s), 4096);
    assert_int_equal(limits_description(s), LIMITS_OK);
    free(s);
    free(ascii);
}

static void description_with_broken_utf8(void **state)
{
    char *head = repeat("\xe4\xb8\xad", 1023), *s;

    (void)state;
    /* A broken byte is one character: 1023 + 1 fits, 1024 + 1 not. */
    s = join(head, "\xff");
    assert_int_equal(limits_description(s), LIMITS_OK);
    free(s);
    s = join(head, "\xe4\xb8\xad\xff");
    assert_int_equal(limits_description(s), LIMITS_TOO_LONG);
    free(s);
    /* A cut sequence is as many characters as bytes: never fewer. */
    s = join(head, "\xe4\xb8");
    assert_int_equal(limits_description(s), LIMITS_TOO_LONG);
    free(s);
    /* 1025 lone continuation bytes are 1025 characters. */
    free(head);
    head = repeat("\x80", 1025);
    assert_int_equal(limits_description(head), LIMITS_TOO_LONG);
    head[1024] = '\0';
    assert_int_equal(limits_description(head), LIMITS_OK);
    free(head);
}

static void role_names(void **state)
{
    char *n63 = repeat("a", 63), *n64 = repeat("a", 64),
         *n65 = repeat("a", 65);

    (void)state;
    assert_true(limits_role_name_ok("a"));
    assert_true(limits_role_name_ok(n63));
    assert_true(limits_role_name_ok(n64));
    assert_false(limits_role_name_ok(n65));
    assert_true(limits_role_name_ok(POLARDB_ROLE "_Dev-1.a"));
    assert_true(limits_role_name_ok("ops@example.x"));
    assert_false(limits_role_name_ok(""));
    assert_false(limits_role_name_ok(NULL));
    assert_false(limits_role_name_ok("a b"));
    assert_false(limits_role_name_ok("a/b"));
    assert_false(limits_role_name_ok("\xc3\xa4"));
    free(n63);
    free(n64);
    free(n65);
}

static void session_names(void **state)
{
    char *n64 = repeat("s", 64), *n65 = repeat("s", 65);

    (void)state;
    assert_false(limits_session_name_ok("s"));
    assert_true(limits_session_name_ok("ci"));
    assert_true(limits_session_name_ok("ci-run_1.a@b"));
    assert_true(limits_session_name_ok(n64));
    assert_false(limits_session_name_ok(n65));
    assert_false(limits_session_name_ok("ci run"));
    assert_false(limits_session_name_ok(NULL));
    free(n64);
    free(n65);
}

static void ids(void **state)
{
    char *d32 = repeat("7", 32), *d33 = repeat("7", 33);

    (void)state;
    assert_true(limits_id_ok("1"));
    assert_true(limits_id_ok("1234567890123456"));
    assert_true(limits_id_ok(d32));
    assert_false(limits_id_ok(d33));
    assert_false(limits_id_ok(""));
    assert_false(limits_id_ok(NULL));
    assert_false(limits_id_ok("12a"));
    assert_false(limits_id_ok("-1"));
    free(d32);
    free(d33);
}

static void role_arns(void **state)
{
    static const char *const bad[] = {
        "arn:aws:iam::1:role/x", "acs:ram:::role/x", "acs:ram::12a:role/x",
        "acs:ram::1:user/x", "acs:ram::1:role/", "acs:ram::1:role/a b",
        "acs:ram::1", "acs:ram::", "", "ACS:RAM::1:role/x"
    };
    const char *acct = NULL, *name = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(limits_role_arn("acs:ram::1111222233334444:role/"
                                     "deployer", &acct, &len, &name), 0);
    assert_int_equal(len, 16);
    assert_true(strncmp(acct, "1111222233334444", len) == 0);
    assert_string_equal(name, "deployer");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (limits_role_arn(bad[i], &acct, &len, &name) != -1)
            fail_msg("\"%s\" was taken for a role ARN", bad[i]);
    assert_int_equal(limits_role_arn(NULL, &acct, &len, &name), -1);
}

static void counts(void **state)
{
    (void)state;
    assert_int_equal(limits_count("1", 1, 1000), 1);
    assert_int_equal(limits_count("1000", 1, 1000), 1000);
    assert_int_equal(limits_count("0100", 1, 1000), 100);
    assert_int_equal(limits_count("0", 1, 1000), -1);
    assert_int_equal(limits_count("1001", 1, 1000), -1);
    assert_int_equal(limits_count("999999999", 1, 999999999L), 999999999L);
    assert_int_equal(limits_count("1000000000", 1, 2000000000L), -1);
    assert_int_equal(limits_count("", 0, 10), -1);
    assert_int_equal(limits_count(NULL, 0, 10), -1);
    assert_int_equal(limits_count("+1", 0, 10), -1);
    assert_int_equal(limits_count("-1", -5, 10), -1);
    assert_int_equal(limits_count(" 1", 0, 10), -1);
    assert_int_equal(limits_count("1 ", 0, 10), -1);
    assert_int_equal(limits_count("60s", 0, 100), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chars_counts_code_points),
        cmocka_unit_test(chars_counts_each_broken_byte_once),
        cmocka_unit_test(suffix_length_counts_name_underscore_and_suffix),
        cmocka_unit_test(suffix_length_edges_of_the_role_name),
        cmocka_unit_test(suffix_length_counts_characters_not_bytes),
        cmocka_unit_test(suffix_characters),
        cmocka_unit_test(description_1024_characters_of_any_width),
        cmocka_unit_test(description_counts_characters_not_bytes),
        cmocka_unit_test(description_with_broken_utf8),
        cmocka_unit_test(role_names),
        cmocka_unit_test(session_names),
        cmocka_unit_test(ids),
        cmocka_unit_test(role_arns),
        cmocka_unit_test(counts),
    };

    return cmocka_run_group_tests_name("sim_limits", tests, NULL, NULL);
}
