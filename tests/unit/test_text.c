/* Unit tests for core/text: the strict UTF-8 decoder, column widths under
 * C.UTF-8, text_fit and text_fill. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

#define CJK "\xE4\xB8\xAD"       /* U+4E2D, 2 columns */
#define EMOJI "\xF0\x9F\x98\x80" /* U+1F600, 2 columns */
#define ACUTE "\xCC\x81"         /* U+0301 combining acute, 0 columns */
#define E_ACUTE "\xC3\xA9"       /* U+00E9, 1 column */
#define FFFD "\xEF\xBF\xBD"
#define ELLIPSIS "\xE2\x80\xA6"

static int setup_locale(void **state)
{
    (void)state;
    return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

static void check_decode(const char *s, size_t len, size_t want_n,
                         uint32_t want_cp, bool want_valid)
{
    uint32_t cp = 0x12345;
    bool valid = !want_valid;

    assert_int_equal(text_decode(s, len, &cp, &valid), want_n);
    assert_int_equal(cp, want_cp);
    assert_int_equal(valid, want_valid);
}

static void check_invalid(const char *s, size_t len)
{
    check_decode(s, len, 1, TEXT_REPLACEMENT, false);
}

/* Runs text_fill on a fresh buffer and compares the whole result. */
static void check_fill(const char *s, size_t cols, bool pad, bool ascii,
                       const char *want)
{
    char got[256];
    struct buf b;
    int rc;

    buf_init(&b, 4096);
    rc = text_fill(&b, s, cols, pad, ascii);
    snprintf(got, sizeof got, "%s", buf_str(&b));
    buf_free(&b);
    assert_int_equal(rc, BUF_OK);
    assert_string_equal(got, want);
}

/* text_fill_middle, compared whole, and always exactly cols when cut. */
static void check_middle(const char *s, size_t cols, bool pad, bool ascii,
                         const char *want)
{
    char got[256];
    struct buf b;
    int rc;

    buf_init(&b, 4096);
    rc = text_fill_middle(&b, s, cols, pad, ascii);
    snprintf(got, sizeof got, "%s", buf_str(&b));
    buf_free(&b);
    assert_int_equal(rc, BUF_OK);
    assert_string_equal(got, want);
}

static void test_middle_whole_when_it_fits(void **state)
{
    (void)state;
    check_middle("AliyunServiceRoleForECS", 23, false, false,
                 "AliyunServiceRoleForECS");
    check_middle("abc", 5, true, false, "abc  ");
    check_middle("abc", 5, false, false, "abc");
    check_middle(NULL, 2, true, false, "  ");
}

static void test_middle_keeps_start_and_end(void **state)
{
    (void)state;
    /* 9 columns: 4 of the start, the ellipsis, 4 of the end. */
    check_middle("abcdefghijkl", 9, false, false, "abcd" ELLIPSIS "ijkl");
    /* 8: the start gets the odd column. */
    check_middle("abcdefghijkl", 8, false, false, "abcd" ELLIPSIS "jkl");
    /* Two names differing only at the end stay told apart. */
    check_middle("AliyunServiceRoleForDBSDataSync", 16, false, false,
                 "AliyunSe" ELLIPSIS "ataSync");
    check_middle("AliyunServiceRoleForDBSBackup", 16, false, false,
                 "AliyunSe" ELLIPSIS "SBackup");
    /* Never at the end alone. */
    check_middle("abcdef", 5, true, false, "ab" ELLIPSIS "ef");
}

static void test_middle_wide_characters(void **state)
{
    (void)state;
    /* Six CJK characters (12 columns) in 7: the start's 3 columns hold
     * one (a second would straddle), and the end gets the column it left
     * over: two. */
    check_middle(CJK CJK CJK CJK CJK CJK, 7, false, false,
                 CJK ELLIPSIS CJK CJK);
    /* In 6 the end has 3 columns for 2-column characters: a space fills
     * the one no character could, after them. */
    check_middle(CJK CJK CJK CJK CJK CJK, 6, false, false,
                 CJK ELLIPSIS CJK " ");
    check_middle("a" CJK CJK CJK "b", 6, false, false,
                 "a" CJK ELLIPSIS "b ");
    /* Emoji measure as wide as CJK. */
    check_middle(EMOJI EMOJI EMOJI EMOJI, 5, false, false,
                 EMOJI ELLIPSIS EMOJI);
}

static void test_middle_unsafe_and_ascii(void **state)
{
    (void)state;
    /* Controls never reach the terminal, on either side of the cut. */
    check_middle("\x1b[2Jabcdefgh\x07", 7, false, false,
                 FFFD "[2" ELLIPSIS "gh" FFFD);
    check_middle("abcdefghijkl", 9, false, true, "abc...jkl");
    check_middle(CJK "abcdefgh", 7, false, true, "?a...gh");
    /* Too narrow for start and end: text_fill's dots and ellipsis. */
    check_middle("abcdef", 1, false, false, ELLIPSIS);
    check_middle("abcdef", 2, false, true, "..");
}

static void test_middle_appends(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 4096);
    assert_int_equal(buf_adds(&b, "> "), BUF_OK);
    assert_int_equal(text_fill_middle(&b, "abcdefghij", 5, false, false),
                     BUF_OK);
    assert_string_equal(buf_str(&b), "> ab" ELLIPSIS "ij");
    buf_free(&b);
}

static void test_decode_ascii(void **state)
{
    (void)state;
    check_decode("A", 1, 1, 'A', true);
    check_decode("~rest", 5, 1, '~', true);
    check_decode("\x7F", 1, 1, 0x7F, true);
}

static void test_decode_nul_byte_is_a_character(void **state)
{
    (void)state;
    check_decode("\0x", 2, 1, 0, true);
}

static void test_decode_empty_returns_zero(void **state)
{
    uint32_t cp = 7;
    bool valid = true;

    (void)state;
    assert_int_equal(text_decode("", 0, &cp, &valid), 0);
    assert_int_equal(cp, 0);
    assert_false(valid);
    assert_int_equal(text_decode("abc", 0, NULL, NULL), 0);
}

static void test_decode_two_byte(void **state)
{
    (void)state;
    check_decode(E_ACUTE, 2, 2, 0xE9, true);
    check_decode("\xC2\x80", 2, 2, 0x80, true);
    check_decode("\xDF\xBF", 2, 2, 0x7FF, true);
}

static void test_decode_three_byte(void **state)
{
    (void)state;
    check_decode(CJK, 3, 3, 0x4E2D, true);
    check_decode("\xE0\xA0\x80", 3, 3, 0x800, true);
    check_decode("\xED\x9F\xBF", 3, 3, 0xD7FF, true);
    check_decode("\xEE\x80\x80", 3, 3, 0xE000, true);
    check_decode("\xEF\xBF\xBF", 3, 3, 0xFFFF, true);
}

static void test_decode_four_byte(void **state)
{
    (void)state;
    check_decode(EMOJI, 4, 4, 0x1F600, true);
    check_decode("\xF0\x90\x80\x80", 4, 4, 0x10000, true);
    check_decode("\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF, true);
}

static void test_decode_cp_and_valid_may_be_null(void **state)
{
    (void)state;
    assert_int_equal(text_decode(EMOJI, 4, NULL, NULL), 4);
    assert_int_equal(text_decode("\x80", 1, NULL, NULL), 1);
}

static void test_decode_rejects_overlong(void **state)
{
    (void)state;
    check_invalid("\xC0\x80", 2);
    check_invalid("\xC1\xBF", 2);
    check_invalid("\xE0\x80\x80", 3);
    check_invalid("\xE0\x9F\xBF", 3);
    check_invalid("\xF0\x80\x80\x80", 4);
    check_invalid("\xF0\x8F\xBF\xBF", 4);
}

static void test_decode_rejects_surrogates(void **state)
{
    (void)state;
    check_invalid("\xED\xA0\x80", 3);
    check_invalid("\xED\xBF\xBF", 3);
}

static void test_decode_rejects_above_max(void **state)
{
    (void)state;
    check_invalid("\xF4\x90\x80\x80", 4);
    check_invalid("\xF5\x80\x80\x80", 4);
    check_invalid("\xFF", 1);
    check_invalid("\xFE", 1);
}

static void test_decode_rejects_lone_continuation(void **state)
{
    (void)state;
    check_invalid("\x80", 1);
    check_invalid("\xBF" "A", 2);
}

static void test_decode_rejects_truncated(void **state)
{
    (void)state;
    check_invalid("\xE4\xB8", 2);
    check_invalid("\xF0\x9F\x98", 3);
    check_invalid("\xC3", 1);
    /* A sequence cut short by the next character, not by the end. */
    check_invalid("\xE4\xB8" "A", 3);
    /* len, not the NUL, bounds the input. */
    check_invalid(CJK, 2);
}

static void test_decode_invalid_consumes_one_byte(void **state)
{
    const char s[] = "\xE4\xB8" "A";
    size_t off = 0;
    uint32_t cp;
    bool valid;

    (void)state;
    off += text_decode(s + off, 3 - off, &cp, &valid);
    assert_int_equal(off, 1);
    assert_false(valid);
    off += text_decode(s + off, 3 - off, &cp, &valid);
    assert_int_equal(off, 2);
    assert_false(valid);
    off += text_decode(s + off, 3 - off, &cp, &valid);
    assert_int_equal(off, 3);
    assert_true(valid);
    assert_int_equal(cp, 'A');
}

static void test_valid(void **state)
{
    const char good[] = "a" E_ACUTE CJK EMOJI ACUTE;

    (void)state;
    assert_true(text_valid("", 0));
    assert_true(text_valid(good, strlen(good)));
    assert_false(text_valid("ab\xE4\xB8", 4));
    assert_false(text_valid("\xED\xA0\x80", 3));
    assert_false(text_valid("\xC0\x80", 2));
}

static void test_chars(void **state)
{
    const char mixed[] = "a" E_ACUTE CJK EMOJI ACUTE;

    (void)state;
    assert_int_equal(text_chars("", 0), 0);
    assert_int_equal(text_chars("hello", 5), 5);
    assert_int_equal(text_chars(mixed, strlen(mixed)), 5);
    /* Each invalid byte is one character. */
    assert_int_equal(text_chars("\xE4\xB8", 2), 2);
    assert_int_equal(text_chars("x\xF4\x90\x80\x80y", 6), 6);
}

static void test_cp_cols(void **state)
{
    (void)state;
    assert_int_equal(text_cp_cols('A'), 1);
    assert_int_equal(text_cp_cols(0xE9), 1);
    assert_int_equal(text_cp_cols(0x4E2D), 2);
    assert_int_equal(text_cp_cols(0xAC00), 2);   /* Hangul syllable */
    assert_int_equal(text_cp_cols(0x1F600), 2);
    assert_int_equal(text_cp_cols(0x0301), 0);
    assert_int_equal(text_cp_cols(TEXT_REPLACEMENT), 1);
}

static void test_cp_cols_controls_and_invalid_are_one(void **state)
{
    (void)state;
    assert_int_equal(text_cp_cols(0x00), 1);
    assert_int_equal(text_cp_cols('\t'), 1);
    assert_int_equal(text_cp_cols(0x1B), 1);
    assert_int_equal(text_cp_cols(0x7F), 1);
    assert_int_equal(text_cp_cols(0x85), 1);
    assert_int_equal(text_cp_cols(0xD800), 1);
    assert_int_equal(text_cp_cols(0x110000), 1);
    assert_int_equal(text_cp_cols(0x0378), 1);   /* unassigned */
}

static void test_cols(void **state)
{
    (void)state;
    assert_int_equal(text_cols(""), 0);
    assert_int_equal(text_cols(NULL), 0);
    assert_int_equal(text_cols("abc"), 3);
    assert_int_equal(text_cols(CJK CJK), 4);
    assert_int_equal(text_cols("a" CJK EMOJI "e" ACUTE), 6);
    assert_int_equal(text_cols("\x1B[31m"), 5);
    assert_int_equal(text_cols("\xE4\xB8"), 2);
}

static void test_ncols_respects_len(void **state)
{
    (void)state;
    assert_int_equal(text_ncols(CJK "abc", 4), 3);
    assert_int_equal(text_ncols(CJK "abc", 2), 2);  /* two invalid bytes */
    assert_int_equal(text_ncols("a\0b", 3), 3);
}

static void test_fit_ascii(void **state)
{
    size_t used = 99;

    (void)state;
    assert_int_equal(text_fit("hello", 3, &used), 3);
    assert_int_equal(used, 3);
    assert_int_equal(text_fit("hello", 10, &used), 5);
    assert_int_equal(used, 5);
    assert_int_equal(text_fit("hello", 0, &used), 0);
    assert_int_equal(used, 0);
    assert_int_equal(text_fit("hello", 2, NULL), 2);
    assert_int_equal(text_fit(NULL, 5, &used), 0);
    assert_int_equal(used, 0);
}

static void test_fit_wide_char_at_boundary(void **state)
{
    size_t used = 99;

    (void)state;
    assert_int_equal(text_fit("a" CJK "b", 2, &used), 1);
    assert_int_equal(used, 1);
    assert_int_equal(text_fit("a" CJK "b", 3, &used), 4);
    assert_int_equal(used, 3);
    assert_int_equal(text_fit(CJK, 1, &used), 0);
    assert_int_equal(used, 0);
}

static void test_fit_never_splits_emoji(void **state)
{
    size_t used = 99;

    (void)state;
    assert_int_equal(text_fit("ab" EMOJI "c", 3, &used), 2);
    assert_int_equal(used, 2);
    assert_int_equal(text_fit("ab" EMOJI "c", 4, &used), 6);
    assert_int_equal(used, 4);
}

static void test_fit_keeps_combining_marks(void **state)
{
    size_t used = 99;

    (void)state;
    /* "e" + U+0301 + U+0301 + "x": both marks stay with the "e". */
    assert_int_equal(text_fit("e" ACUTE ACUTE "x", 1, &used), 5);
    assert_int_equal(used, 1);
    /* Marks on a base that does not fit are dropped with it. */
    assert_int_equal(text_fit("a" CJK ACUTE, 2, &used), 1);
    assert_int_equal(used, 1);
}

static void test_fit_invalid_and_control_are_one_column(void **state)
{
    size_t used = 99;

    (void)state;
    assert_int_equal(text_fit("\xE4\xB8" "abc", 3, &used), 3);
    assert_int_equal(used, 3);
    assert_int_equal(text_fit("\t\x1B" "ab", 2, &used), 2);
    assert_int_equal(used, 2);
}

static void test_fill_pads_short_text(void **state)
{
    (void)state;
    check_fill("ab", 5, true, false, "ab   ");
    check_fill("ab", 5, false, false, "ab");
    check_fill("", 3, true, false, "   ");
    check_fill(NULL, 2, true, false, "  ");
    check_fill(CJK, 4, true, false, CJK "  ");
}

static void test_fill_exact_fit_has_no_ellipsis(void **state)
{
    (void)state;
    check_fill("abc", 3, true, false, "abc");
    check_fill(CJK CJK, 4, false, false, CJK CJK);
    check_fill("ab" EMOJI, 4, true, false, "ab" EMOJI);
}

static void test_fill_cuts_with_ellipsis(void **state)
{
    (void)state;
    check_fill("abcdef", 4, false, false, "abc" ELLIPSIS);
    check_fill("abcdef", 4, true, false, "abc" ELLIPSIS);
    check_fill("abcd", 3, true, false, "ab" ELLIPSIS);
}

static void test_fill_wide_char_at_boundary(void **state)
{
    (void)state;
    /* 6 columns into 4: room for one CJK and the ellipsis, then a gap. */
    check_fill(CJK CJK CJK, 4, false, false, CJK ELLIPSIS " ");
    check_fill(CJK CJK CJK, 5, false, false, CJK CJK ELLIPSIS);
    check_fill("a" EMOJI EMOJI, 3, true, false, "a" ELLIPSIS " ");
    check_fill(CJK "x", 2, false, false, ELLIPSIS " ");
}

static void test_fill_keeps_combining_marks(void **state)
{
    (void)state;
    check_fill("e" ACUTE, 1, true, false, "e" ACUTE);
    check_fill("abe" ACUTE "fgh", 4, false, false,
               "abe" ACUTE ELLIPSIS);
    check_fill("e" ACUTE "x", 3, true, false, "e" ACUTE "x ");
}

static void test_fill_cols_zero(void **state)
{
    (void)state;
    check_fill("abc", 0, true, false, "");
    check_fill("", 0, true, false, "");
    check_fill("abc", 0, true, true, "");
}

static void test_fill_cols_one(void **state)
{
    (void)state;
    check_fill("a", 1, true, false, "a");
    check_fill("ab", 1, true, false, ELLIPSIS);
    check_fill(CJK, 1, true, false, ELLIPSIS);
    check_fill("", 1, true, false, " ");
}

static void test_fill_replaces_controls(void **state)
{
    (void)state;
    check_fill("a\x1B[31mb", 10, false, false, "a" FFFD "[31mb");
    check_fill("\t\n\x7F", 3, false, false, FFFD FFFD FFFD);
    check_fill("\xC2\x85" "x", 2, false, false, FFFD "x");  /* C1 NEL */
    check_fill("\r", 1, true, false, FFFD);
}

static void test_fill_replaces_invalid_bytes(void **state)
{
    (void)state;
    check_fill("a\xFF" "b", 3, false, false, "a" FFFD "b");
    check_fill("\xE4\xB8", 3, true, false, FFFD FFFD " ");
    check_fill("\xED\xA0\x80", 3, false, false, FFFD FFFD FFFD);
}

static void test_fill_ascii_mode(void **state)
{
    (void)state;
    check_fill("h" E_ACUTE "llo w" E_ACUTE "rld", 8, false, true,
               "h?llo...");
    check_fill(CJK EMOJI, 4, true, true, "??  ");
    check_fill("e" ACUTE, 2, false, true, "e?");
    check_fill("a\x1B\xFF" "b", 4, false, true, "a??b");
    check_fill("abcdef", 5, true, true, "ab...");
    check_fill("abcdef", 6, true, true, "abcdef");
}

static void test_fill_ascii_narrower_than_ellipsis(void **state)
{
    (void)state;
    check_fill("abcdef", 3, true, true, "...");
    check_fill("abcdef", 2, true, true, "..");
    check_fill("abcdef", 1, true, true, ".");
    check_fill("ab", 2, true, true, "ab");
    check_fill("a", 2, true, true, "a ");
}

static void test_fill_appends(void **state)
{
    char got[64];
    struct buf b;
    int rc1, rc2;

    (void)state;
    buf_init(&b, 256);
    rc1 = buf_adds(&b, "|");
    rc2 = text_fill(&b, "ab", 3, true, false);
    snprintf(got, sizeof got, "%s", buf_str(&b));
    buf_free(&b);
    assert_int_equal(rc1, BUF_OK);
    assert_int_equal(rc2, BUF_OK);
    assert_string_equal(got, "|ab ");
}

static void test_fill_failure_leaves_buffer_unchanged(void **state)
{
    char got[64];
    size_t len;
    struct buf b;
    int rc;

    (void)state;
    buf_init(&b, 6);
    (void)buf_adds(&b, "xy");
    rc = text_fill(&b, "abc", 10, true, false);
    snprintf(got, sizeof got, "%s", buf_str(&b));
    len = buf_len(&b);
    buf_free(&b);
    assert_int_equal(rc, BUF_TOOBIG);
    assert_int_equal(len, 2);
    assert_string_equal(got, "xy");
}

/* Wraps s at cols into lines joined by '|'. */
static void wrapped(const char *s, size_t cols, const char *want)
{
    char got[512] = "";
    const char *next;

    while (s && *s) {
        size_t n = text_wrap(s, cols, &next);

        if (*got)
            strcat(got, "|");
        strncat(got, s, n);
        assert_true(next > s);     /* always advances */
        s = next;
    }
    assert_string_equal(got, want);
}

static void test_wrap_spaces(void **state)
{
    (void)state;
    wrapped("the role was created", 10, "the role|was|created");
    wrapped("abcde fgh", 5, "abcde|fgh");
    wrapped("ab cdefgh", 5, "ab|cdefg|h");
    wrapped("one  two   ", 3, "one|two");
    wrapped("short", 80, "short");
    wrapped("a\nb c\n\nd", 80, "a|b c||d");
    wrapped("abc \ndef", 3, "abc|def");
    wrapped("", 5, "");
}

static void test_wrap_cjk(void **state)
{
    (void)state;
    /* No spaces: breaks between the characters, 2 columns each. */
    wrapped("创建服务关联角色", 6, "创建服|务关联|角色");
    /* Never before closing punctuation: the character before goes with it. */
    wrapped("已创建角色。完成", 10, "已创建角|色。完成");
    wrapped("角色（ECS）已创建", 8, "角色|（ECS）|已创建");
    /* English words inside Chinese stay whole; a break on either side. */
    wrapped("请运行linkrole命令", 12, "请运行|linkrole命令");
    wrapped("请运行linkrole命令", 10, "请运行|linkrole命|令");
    wrapped("角色 AliyunServiceRoleForECS 已创建", 12,
            "角色|AliyunServic|eRoleForECS|已创建");
    /* Narrower than one wide character: one each, never stuck. */
    wrapped("创建", 1, "创|建");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_ascii),
        cmocka_unit_test(test_decode_nul_byte_is_a_character),
        cmocka_unit_test(test_decode_empty_returns_zero),
        cmocka_unit_test(test_decode_two_byte),
        cmocka_unit_test(test_decode_three_byte),
        cmocka_unit_test(test_decode_four_byte),
        cmocka_unit_test(test_decode_cp_and_valid_may_be_null),
        cmocka_unit_test(test_decode_rejects_overlong),
        cmocka_unit_test(test_decode_rejects_surrogates),
        cmocka_unit_test(test_decode_rejects_above_max),
        cmocka_unit_test(test_decode_rejects_lone_continuation),
        cmocka_unit_test(test_decode_rejects_truncated),
        cmocka_unit_test(test_decode_invalid_consumes_one_byte),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_chars),
        cmocka_unit_test(test_cp_cols),
        cmocka_unit_test(test_cp_cols_controls_and_invalid_are_one),
        cmocka_unit_test(test_cols),
        cmocka_unit_test(test_ncols_respects_len),
        cmocka_unit_test(test_fit_ascii),
        cmocka_unit_test(test_fit_wide_char_at_boundary),
        cmocka_unit_test(test_fit_never_splits_emoji),
        cmocka_unit_test(test_fit_keeps_combining_marks),
        cmocka_unit_test(test_fit_invalid_and_control_are_one_column),
        cmocka_unit_test(test_fill_pads_short_text),
        cmocka_unit_test(test_fill_exact_fit_has_no_ellipsis),
        cmocka_unit_test(test_fill_cuts_with_ellipsis),
        cmocka_unit_test(test_fill_wide_char_at_boundary),
        cmocka_unit_test(test_fill_keeps_combining_marks),
        cmocka_unit_test(test_fill_cols_zero),
        cmocka_unit_test(test_fill_cols_one),
        cmocka_unit_test(test_fill_replaces_controls),
        cmocka_unit_test(test_fill_replaces_invalid_bytes),
        cmocka_unit_test(test_fill_ascii_mode),
        cmocka_unit_test(test_fill_ascii_narrower_than_ellipsis),
        cmocka_unit_test(test_fill_appends),
        cmocka_unit_test(test_fill_failure_leaves_buffer_unchanged),
        cmocka_unit_test(test_middle_whole_when_it_fits),
        cmocka_unit_test(test_middle_keeps_start_and_end),
        cmocka_unit_test(test_middle_wide_characters),
        cmocka_unit_test(test_middle_unsafe_and_ascii),
        cmocka_unit_test(test_middle_appends),
        cmocka_unit_test(test_wrap_spaces),
        cmocka_unit_test(test_wrap_cjk),
    };

    return cmocka_run_group_tests_name("text", tests, setup_locale, NULL);
}
