/* Unit tests for core/rules: CustomSuffix characters and the 64-character
 * role name, and the 1-1024 character Description. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <string.h>

#include "app/slr.h"
#include "core/rules.h"

#define ROLE "AliyunServiceRoleForPolarDB" /* 27 characters */
#define CJK "\xE4\xB8\xAD"                 /* U+4E2D */
#define EMOJI "\xF0\x9F\x98\x80"           /* U+1F600 */
#define E_ACUTE "\xC3\xA9"                 /* U+00E9 */

#define BAD_SUFFIX_CHAR(n, shown) \
    "character " n " (" shown ") is not allowed: use letters, digits, " \
    "\".\" or \"-\""

/* Large enough for 1025 four-byte characters and some change. */
static char big[8192];

static int setup_locale(void **state)
{
    (void)state;
    return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

/* Writes prefix, then unit n times, then suffix into big. */
static const char *repeat(const char *prefix, const char *unit, size_t n,
                          const char *suffix)
{
    size_t plen = strlen(prefix), ulen = strlen(unit), slen = strlen(suffix);
    size_t i, off;

    assert_true(plen + ulen * n + slen < sizeof big);
    memcpy(big, prefix, plen);
    off = plen;
    for (i = 0; i < n; i++, off += ulen)
        memcpy(big + off, unit, ulen);
    memcpy(big + off, suffix, slen + 1);
    return big;
}

static void check_problem(const struct rules_report *r, size_t i,
                          enum rules_field field, size_t offset,
                          size_t index, const char *message)
{
    assert_true(i < r->count);
    assert_int_equal(r->problems[i].field, field);
    assert_int_equal(r->problems[i].offset, offset);
    assert_int_equal(r->problems[i].index, index);
    {
        struct buf text;

        buf_init(&text, 4096);
        assert_int_equal(slr_problem_text(&text, r, i), 0);
        assert_string_equal(buf_str(&text), message);
        buf_free(&text);
    }
}

static void check_printable(const struct rules_report *r)
{
    const unsigned char *m;
    size_t i;

    for (i = 0; i < r->count; i++) {
        struct buf text;

        buf_init(&text, 4096);
        assert_int_equal(slr_problem_text(&text, r, i), 0);
        m = (const unsigned char *)buf_str(&text);
        /* Short enough to stand under a form field. */
        assert_true(strlen((const char *)m) < 96);
        assert_true(m[0] != '\0');
        for (; *m; m++) {
            assert_true(*m >= 0x20);
            assert_true(*m <= 0x7E);
        }
        buf_free(&text);
    }
}

static void test_field_names(void **state)
{
    (void)state;
    assert_string_equal(rules_field_name(RULES_SUFFIX), "CustomSuffix");
    assert_string_equal(rules_field_name(RULES_DESCRIPTION), "Description");
}

static void test_nothing_given(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, NULL, &r), 0);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.role_name_len, 27);
    assert_int_equal(r.description_chars, 0);
}

static void test_empty_suffix_and_description_mean_none(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "", "", &r), 0);
    assert_int_equal(r.role_name_len, 27);
    assert_int_equal(r.description_chars, 0);
    assert_int_equal(rules_check(NULL, "", NULL, &r), 0);
    assert_int_equal(r.role_name_len, 0);
}

static void test_report_is_reset(void **state)
{
    struct rules_report r;

    (void)state;
    memset(&r, 0xAB, sizeof r);
    assert_int_equal(rules_check(ROLE, "ok", "fine", &r), 0);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.role_name_len, 30);
    assert_int_equal(r.description_chars, 4);
}

static void test_suffix_total_63(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, repeat("", "a", 35, ""), NULL, &r),
                     0);
    assert_int_equal(r.role_name_len, 63);
}

static void test_suffix_total_64(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, repeat("", "a", 36, ""), NULL, &r),
                     0);
    assert_int_equal(r.role_name_len, 64);
}

static void test_suffix_total_65(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, repeat("", "a", 37, ""), NULL, &r),
                     1);
    assert_int_equal(r.role_name_len, 65);
    /* Points at the first character that does not fit. */
    check_problem(&r, 0, RULES_SUFFIX, 36, 36,
                  "role name would be 65 characters "
                  "(AliyunServiceRoleForPolarDB_ + 37); the limit is 64");
}

static void test_suffix_long_role_name_message_uses_numbers(void **state)
{
    struct rules_report r;
    char role[61];

    (void)state;
    memset(role, 'R', 60);
    role[60] = '\0';
    assert_int_equal(rules_check(role, "abcd", NULL, &r), 1);
    assert_int_equal(r.role_name_len, 65);
    check_problem(&r, 0, RULES_SUFFIX, 3, 3,
                  "role name would be 65 characters (60 + \"_\" + 4); "
                  "the limit is 64");
}

static void test_suffix_role_name_already_at_limit(void **state)
{
    struct rules_report r;
    char role[65];

    (void)state;
    memset(role, 'R', 64);
    role[64] = '\0';
    assert_int_equal(rules_check(role, NULL, NULL, &r), 0);
    assert_int_equal(r.role_name_len, 64);
    assert_int_equal(rules_check(role, "a", NULL, &r), 1);
    assert_int_equal(r.role_name_len, 66);
    check_problem(&r, 0, RULES_SUFFIX, 0, 0,
                  "role name would be 66 characters (64 + \"_\" + 1); "
                  "the limit is 64");
}

static void test_suffix_unprintable_role_name_stays_out(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check("Bad\x1BRole", repeat("", "a", 60, ""),
                                 NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 55, 55,
                  "role name would be 69 characters (8 + \"_\" + 60); "
                  "the limit is 64");
    check_printable(&r);
}

static void test_suffix_allowed_characters(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "Prod.v2-EU9", NULL, &r), 0);
    assert_int_equal(r.role_name_len, 39);
    /* The documentation does not forbid a leading or trailing "." or "-". */
    assert_int_equal(rules_check(ROLE, "-a.", NULL, &r), 0);
    assert_int_equal(rules_check(ROLE, ".-", NULL, &r), 0);
}

static void test_suffix_underscore(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "a_b", NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 1, 1, BAD_SUFFIX_CHAR("2", "\"_\""));
    assert_int_equal(r.role_name_len, 31);
}

static void test_suffix_space(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "my role", NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 2, 2, BAD_SUFFIX_CHAR("3", "space"));
}

static void test_suffix_quote_character(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "\"x\"", NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 0, 0, BAD_SUFFIX_CHAR("1", "'\"'"));
}

static void test_suffix_non_ascii(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "caf" E_ACUTE, NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 3, 3, BAD_SUFFIX_CHAR("4", "U+00E9"));
    assert_int_equal(r.role_name_len, 32);
    assert_int_equal(rules_check(ROLE, "x" EMOJI, NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 1, 1,
                  BAD_SUFFIX_CHAR("2", "U+1F600"));
    assert_int_equal(rules_check(ROLE, CJK, NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 0, 0, BAD_SUFFIX_CHAR("1", "U+4E2D"));
    check_printable(&r);
}

static void test_suffix_control_byte(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "a\x1B[2J", NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 1, 1,
                  BAD_SUFFIX_CHAR("2", "escape, U+001B"));
    assert_int_equal(rules_check(ROLE, "\x01", NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 0, 0, BAD_SUFFIX_CHAR("1", "U+0001"));
    check_printable(&r);
}

static void test_suffix_invalid_utf8(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "ab\xFF", NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 2, 2,
                  BAD_SUFFIX_CHAR("3", "byte 0xFF, not UTF-8"));
    check_printable(&r);
}

static void test_suffix_only_first_bad_character(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, "ok_b c!", NULL, &r), 1);
    check_problem(&r, 0, RULES_SUFFIX, 2, 2, BAD_SUFFIX_CHAR("3", "\"_\""));
}

static void test_suffix_bad_character_and_too_long(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, repeat("", "_", 37, ""), NULL, &r),
                     2);
    check_problem(&r, 0, RULES_SUFFIX, 0, 0, BAD_SUFFIX_CHAR("1", "\"_\""));
    check_problem(&r, 1, RULES_SUFFIX, 36, 36,
                  "role name would be 65 characters "
                  "(AliyunServiceRoleForPolarDB_ + 37); the limit is 64");
}

static void test_suffix_without_role_name(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(NULL, repeat("", "a", 63, ""), NULL, &r),
                     0);
    assert_int_equal(r.role_name_len, 0);
    assert_int_equal(rules_check(NULL, repeat("", "a", 64, ""), NULL, &r),
                     1);
    assert_int_equal(r.role_name_len, 0);
    check_problem(&r, 0, RULES_SUFFIX, 63, 63,
                  "too long: 64 characters; a suffix can have at most 63");
}

static void test_suffix_length_counts_characters(void **state)
{
    struct rules_report r;

    (void)state;
    /* 64 two-byte characters: the limit is in characters, not bytes. */
    assert_int_equal(rules_check(NULL, repeat("", E_ACUTE, 64, ""), NULL,
                                 &r), 2);
    check_problem(&r, 0, RULES_SUFFIX, 0, 0, BAD_SUFFIX_CHAR("1", "U+00E9"));
    check_problem(&r, 1, RULES_SUFFIX, 126, 63,
                  "too long: 64 characters; a suffix can have at most 63");
}

static void test_description_not_given(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, NULL, &r), 0);
    assert_int_equal(rules_check(ROLE, NULL, "", &r), 0);
    assert_int_equal(r.description_chars, 0);
}

static void test_description_plain_text(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL,
                                 "PolarDB " CJK CJK " backups.", &r), 0);
    assert_int_equal(r.description_chars, 19);
}

static void test_description_1024_ascii_valid(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, repeat("", "d", 1024, ""),
                                 &r), 0);
    assert_int_equal(r.description_chars, 1024);
}

static void test_description_1025_ascii_too_long(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, repeat("", "d", 1025, ""),
                                 &r), 1);
    assert_int_equal(r.description_chars, 1025);
    check_problem(&r, 0, RULES_DESCRIPTION, 1024, 1024,
                  "too long: 1025 characters; the limit is 1024");
}

static void test_description_1024_cjk_valid(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, repeat("", CJK, 1024, ""),
                                 &r), 0);
    assert_int_equal(r.description_chars, 1024);
}

static void test_description_1025_cjk_too_long(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, repeat("", CJK, 1025, ""),
                                 &r), 1);
    assert_int_equal(r.description_chars, 1025);
    check_problem(&r, 0, RULES_DESCRIPTION, 3072, 1024,
                  "too long: 1025 characters; the limit is 1024");
}

static void test_description_emoji_is_one_character(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, repeat("", EMOJI, 1024, ""),
                                 &r), 0);
    assert_int_equal(r.description_chars, 1024);
    assert_int_equal(rules_check(ROLE, NULL, repeat("", EMOJI, 1025, ""),
                                 &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 4096, 1024,
                  "too long: 1025 characters; the limit is 1024");
    /* The tab after an emoji is character 3 but byte 5. */
    assert_int_equal(rules_check(ROLE, NULL, "a" EMOJI "\t", &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 5, 2,
                  "character 3 (tab, U+0009) is not allowed: no control "
                  "characters");
}

static void test_description_invalid_utf8_offset(void **state)
{
    struct rules_report r;

    (void)state;
    /* Two CJK characters, then a sequence cut short at byte 6. */
    assert_int_equal(rules_check(ROLE, NULL, CJK CJK "\xE4\xB8" " ok", &r),
                     1);
    check_problem(&r, 0, RULES_DESCRIPTION, 6, 2,
                  "not valid UTF-8 at byte offset 6 (0xE4)");
    assert_int_equal(r.description_chars, 7);
}

static void test_description_invalid_utf8_reported_once(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL,
                                 "x\xC0\x80 \xED\xA0\x80 \xF4\x90\x80\x80",
                                 &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 1, 1,
                  "not valid UTF-8 at byte offset 1 (0xC0)");
    check_printable(&r);
}

static void test_description_tab(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, "a\tb", &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 1, 1,
                  "character 2 (tab, U+0009) is not allowed: no control "
                  "characters");
}

static void test_description_newline(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, "line one\nline two", &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 8, 8,
                  "character 9 (line break, U+000A) is not allowed: no "
                  "control characters");
}

static void test_description_escape(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, "\x1B[31mred", &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 0, 0,
                  "character 1 (escape, U+001B) is not allowed: no control "
                  "characters");
    check_printable(&r);
}

static void test_description_del_and_c1(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, "x\x7F", &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 1, 1,
                  "character 2 (U+007F) is not allowed: no control "
                  "characters");
    assert_int_equal(rules_check(ROLE, NULL, CJK "\xC2\x85", &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 3, 1,
                  "character 2 (U+0085) is not allowed: no control "
                  "characters");
    /* U+00A0 is just past C1 and allowed. */
    assert_int_equal(rules_check(ROLE, NULL, "x\xC2\xA0y", &r), 0);
}

static void test_description_control_reported_once(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL, "a\r\nb\tc\x1B", &r), 1);
    check_problem(&r, 0, RULES_DESCRIPTION, 1, 1,
                  "character 2 (carriage return, U+000D) is not allowed: "
                  "no control characters");
}

static void test_description_each_kind_once_in_order(void **state)
{
    struct rules_report r;

    (void)state;
    assert_int_equal(rules_check(ROLE, NULL,
                                 repeat("ok\x01\xFF", "a", 1030, "\t\xFE"),
                                 &r), 3);
    assert_int_equal(r.description_chars, 1036);
    check_problem(&r, 0, RULES_DESCRIPTION, 2, 2,
                  "character 3 (U+0001) is not allowed: no control "
                  "characters");
    check_problem(&r, 1, RULES_DESCRIPTION, 3, 3,
                  "not valid UTF-8 at byte offset 3 (0xFF)");
    check_problem(&r, 2, RULES_DESCRIPTION, 1024, 1024,
                  "too long: 1036 characters; the limit is 1024");
}

static void test_report_cap_holds_worst_case(void **state)
{
    struct rules_report r;
    char suffix[41];

    (void)state;
    /* Every kind of problem in both fields at once: each is reported
     * once, so the report stays well inside RULES_MAX_PROBLEMS. */
    memset(suffix, '_', 40);
    suffix[40] = '\0';
    assert_int_equal(rules_check(ROLE, suffix,
                                 repeat("\x1B\xFF", "\t", 2000, "\xFF"),
                                 &r), 5);
    assert_true(r.count <= RULES_MAX_PROBLEMS);
    assert_int_equal(r.problems[0].field, RULES_SUFFIX);
    assert_int_equal(r.problems[1].field, RULES_SUFFIX);
    assert_int_equal(r.problems[2].field, RULES_DESCRIPTION);
    assert_int_equal(r.problems[3].field, RULES_DESCRIPTION);
    assert_int_equal(r.problems[4].field, RULES_DESCRIPTION);
    assert_int_equal(r.problems[4].index, 1024);
    check_printable(&r);
}

static void test_messages_never_contain_raw_bytes(void **state)
{
    /* Each input is used as both suffix and description. */
    static const struct {
        const char *text;
        size_t problems;
    } cases[] = {
        { "\x01", 2 }, { "\x1B", 2 }, { "\x7F", 2 }, { "\xC2\x85", 2 },
        { "\xC2\x9F", 2 }, { "\xFF", 2 }, { "\xC0\x80", 2 },
        { "\xE4\xB8", 2 }, { "\xED\xA0\x80", 2 }, { "\t", 2 }, { "\n", 2 },
        { "\r", 2 }, { CJK, 1 }, { EMOJI, 1 }, { E_ACUTE, 1 }, { "\"", 1 },
        { "\\", 1 }, { "%s%n", 1 },
    };
    struct rules_report r;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(rules_check(ROLE, cases[i].text, cases[i].text, &r),
                         cases[i].problems);
        check_printable(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_names),
        cmocka_unit_test(test_nothing_given),
        cmocka_unit_test(test_empty_suffix_and_description_mean_none),
        cmocka_unit_test(test_report_is_reset),
        cmocka_unit_test(test_suffix_total_63),
        cmocka_unit_test(test_suffix_total_64),
        cmocka_unit_test(test_suffix_total_65),
        cmocka_unit_test(test_suffix_long_role_name_message_uses_numbers),
        cmocka_unit_test(test_suffix_role_name_already_at_limit),
        cmocka_unit_test(test_suffix_unprintable_role_name_stays_out),
        cmocka_unit_test(test_suffix_allowed_characters),
        cmocka_unit_test(test_suffix_underscore),
        cmocka_unit_test(test_suffix_space),
        cmocka_unit_test(test_suffix_quote_character),
        cmocka_unit_test(test_suffix_non_ascii),
        cmocka_unit_test(test_suffix_control_byte),
        cmocka_unit_test(test_suffix_invalid_utf8),
        cmocka_unit_test(test_suffix_only_first_bad_character),
        cmocka_unit_test(test_suffix_bad_character_and_too_long),
        cmocka_unit_test(test_suffix_without_role_name),
        cmocka_unit_test(test_suffix_length_counts_characters),
        cmocka_unit_test(test_description_not_given),
        cmocka_unit_test(test_description_plain_text),
        cmocka_unit_test(test_description_1024_ascii_valid),
        cmocka_unit_test(test_description_1025_ascii_too_long),
        cmocka_unit_test(test_description_1024_cjk_valid),
        cmocka_unit_test(test_description_1025_cjk_too_long),
        cmocka_unit_test(test_description_emoji_is_one_character),
        cmocka_unit_test(test_description_invalid_utf8_offset),
        cmocka_unit_test(test_description_invalid_utf8_reported_once),
        cmocka_unit_test(test_description_tab),
        cmocka_unit_test(test_description_newline),
        cmocka_unit_test(test_description_escape),
        cmocka_unit_test(test_description_del_and_c1),
        cmocka_unit_test(test_description_control_reported_once),
        cmocka_unit_test(test_description_each_kind_once_in_order),
        cmocka_unit_test(test_report_cap_holds_worst_case),
        cmocka_unit_test(test_messages_never_contain_raw_bytes),
    };

    return cmocka_run_group_tests_name("rules", tests, setup_locale, NULL);
}
