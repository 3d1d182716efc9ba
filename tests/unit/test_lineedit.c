/* Unit tests for core/lineedit, the model behind the form's CustomSuffix
 * and Description fields.  Every case checks the exact text and cursor
 * byte offset after each step, because a cursor one byte off is a cursor
 * inside a character. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <string.h>

#include "core/lineedit.h"
#include "core/text.h"

#define CJK "\xE4\xB8\xAD"          /* U+4E2D, 2 columns */
#define CJK2 "\xE6\x96\x87"         /* U+6587, 2 columns */
#define EMOJI "\xF0\x9F\x98\x80"    /* U+1F600, 2 columns */
#define ACUTE "\xCC\x81"            /* U+0301 combining, 0 columns */
#define ROLE "AliyunServiceRoleForPolarDB_My-Suffix"

#define BIG 4096

static int setup_locale(void **state)
{
    (void)state;
    return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

static void expect(const struct lineedit *e, const char *text, size_t cursor)
{
    assert_string_equal(e->text, text);
    assert_int_equal(e->len, strlen(text));
    assert_int_equal(e->cursor, cursor);
}

static void start(struct lineedit *e, size_t max, const char *text)
{
    assert_int_equal(lineedit_init(e, max), 0);
    assert_int_equal(lineedit_set(e, text), 0);
}

static size_t insert_str(struct lineedit *e, const char *s)
{
    return lineedit_insert(e, s, strlen(s));
}

/* --- basics --------------------------------------------------------------- */

static void test_empty_field_has_nothing_to_do(void **state)
{
    struct lineedit e;

    (void)state;
    assert_int_equal(lineedit_init(&e, BIG), 0);
    expect(&e, "", 0);
    assert_int_equal(e.max, BIG);
    lineedit_left(&e);
    lineedit_right(&e);
    lineedit_word_left(&e);
    lineedit_word_right(&e);
    expect(&e, "", 0);
    assert_false(lineedit_backspace(&e));
    assert_false(lineedit_delete(&e));
    assert_false(lineedit_delete_word_back(&e));
    assert_false(lineedit_kill_to_start(&e));
    assert_false(lineedit_kill_to_end(&e));
    assert_int_equal(lineedit_cursor_cols(&e), 0);
    assert_int_equal(lineedit_scroll(&e, 10), 0);
    lineedit_free(&e);
}

static void test_insert_ascii_at_cursor(void **state)
{
    struct lineedit e;

    (void)state;
    assert_int_equal(lineedit_init(&e, BIG), 0);
    assert_int_equal(insert_str(&e, "Suffix"), 6);
    expect(&e, "Suffix", 6);
    lineedit_home(&e);
    assert_int_equal(insert_str(&e, "My-"), 3);
    expect(&e, "My-Suffix", 3);
    lineedit_end(&e);
    expect(&e, "My-Suffix", 9);
    /* Longer than the first allocation, so the text has to grow. */
    assert_int_equal(insert_str(&e, "-0123456789012345678901234567890123"),
                     35);
    expect(&e, "My-Suffix-0123456789012345678901234567890123", 44);
    lineedit_free(&e);
}

static void test_set_replaces_and_puts_cursor_at_end(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, 4, "abc");
    expect(&e, "abc", 3);
    /* Too long: refused, and nothing changes. */
    lineedit_home(&e);
    assert_int_equal(lineedit_set(&e, "abcde"), -1);
    expect(&e, "abc", 0);
    assert_int_equal(lineedit_set(&e, "wxyz"), 0);
    expect(&e, "wxyz", 4);
    /* A value loaded from elsewhere is kept as given, so the rules can
     * point at what is wrong with it. */
    assert_int_equal(lineedit_set(&e, "a\tb"), 0);
    expect(&e, "a\tb", 3);
    lineedit_free(&e);
}

/* --- characters ----------------------------------------------------------- */

static void test_moves_step_over_cjk_and_emoji(void **state)
{
    static const size_t stops[] = { 0, 1, 4, 8, 9 };
    static const size_t cols[] = { 0, 1, 3, 5, 6 };
    struct lineedit e;

    (void)state;
    start(&e, BIG, "a" CJK EMOJI "b");
    assert_int_equal(e.len, 9);
    for (size_t i = 5; i-- > 0;) {
        assert_int_equal(e.cursor, stops[i]);
        assert_int_equal(lineedit_cursor_cols(&e), cols[i]);
        lineedit_left(&e);
    }
    assert_int_equal(e.cursor, 0);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(e.cursor, stops[i]);
        lineedit_right(&e);
    }
    assert_int_equal(e.cursor, 9);
    lineedit_free(&e);
}

static void test_backspace_and_delete_whole_characters(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "a" CJK EMOJI "b");
    lineedit_left(&e);
    assert_true(lineedit_backspace(&e));
    expect(&e, "a" CJK "b", 4);
    assert_true(lineedit_backspace(&e));
    expect(&e, "ab", 1);
    assert_true(lineedit_delete(&e));
    expect(&e, "a", 1);
    assert_false(lineedit_delete(&e));
    assert_true(lineedit_backspace(&e));
    expect(&e, "", 0);
    assert_false(lineedit_backspace(&e));
    lineedit_free(&e);
}

static void test_insert_cjk_in_the_middle(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "ab");
    lineedit_left(&e);
    assert_int_equal(insert_str(&e, CJK EMOJI), 7);
    expect(&e, "a" CJK EMOJI "b", 8);
    assert_int_equal(lineedit_cursor_cols(&e), 5);
    lineedit_free(&e);
}

/* A combining mark belongs to the character before it: the cursor never
 * stops between them, where it would look the same as after the mark. */
static void test_combining_mark_moves_with_its_base(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "xe" ACUTE "y");
    assert_int_equal(e.len, 5);
    lineedit_left(&e);
    assert_int_equal(e.cursor, 4);
    assert_int_equal(lineedit_cursor_cols(&e), 2);
    lineedit_left(&e);
    assert_int_equal(e.cursor, 1);
    lineedit_right(&e);
    assert_int_equal(e.cursor, 4);
    assert_true(lineedit_backspace(&e));
    expect(&e, "xy", 1);
    assert_true(lineedit_delete(&e));
    expect(&e, "x", 1);
    lineedit_free(&e);
}

static void test_combining_mark_typed_after_base(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "ey");
    lineedit_left(&e);
    assert_int_equal(insert_str(&e, ACUTE), 2);
    expect(&e, "e" ACUTE "y", 3);
    lineedit_left(&e);
    assert_int_equal(e.cursor, 0);
    lineedit_free(&e);
}

/* A base typed in front of a mark that had none takes the mark, and the
 * cursor goes past both. */
static void test_base_typed_before_lone_mark(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, ACUTE "x");
    lineedit_home(&e);
    lineedit_right(&e);
    assert_int_equal(e.cursor, 2);
    lineedit_home(&e);
    assert_int_equal(insert_str(&e, "e"), 1);
    expect(&e, "e" ACUTE "x", 3);
    lineedit_free(&e);
}

/* Deleting what stood between stray bytes can make them one character;
 * the cursor must not be left inside it. */
static void test_delete_that_joins_bytes_keeps_cursor_on_boundary(
    void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "\xE4x\xB8\xAD");
    lineedit_home(&e);
    lineedit_right(&e);
    assert_int_equal(e.cursor, 1);
    assert_true(lineedit_delete(&e));
    expect(&e, CJK, 3);
    assert_int_equal(lineedit_cursor_cols(&e), 2);
    lineedit_free(&e);
}

/* --- words ---------------------------------------------------------------- */

static void test_word_left_stops_at_separators(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, ROLE);
    assert_int_equal(e.cursor, 37);
    lineedit_word_left(&e);
    assert_int_equal(e.cursor, 31);     /* Suffix */
    lineedit_word_left(&e);
    assert_int_equal(e.cursor, 28);     /* My */
    lineedit_word_left(&e);
    assert_int_equal(e.cursor, 0);
    lineedit_word_left(&e);
    assert_int_equal(e.cursor, 0);
    /* From inside a word: to its start. */
    e.cursor = 34;
    lineedit_word_left(&e);
    assert_int_equal(e.cursor, 31);
    lineedit_free(&e);
}

static void test_word_right_stops_after_words(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, ROLE);
    lineedit_home(&e);
    lineedit_word_right(&e);
    assert_int_equal(e.cursor, 27);     /* end of ...PolarDB */
    lineedit_word_right(&e);
    assert_int_equal(e.cursor, 30);     /* end of My */
    lineedit_word_right(&e);
    assert_int_equal(e.cursor, 37);
    lineedit_word_right(&e);
    assert_int_equal(e.cursor, 37);
    e.cursor = 28;
    lineedit_word_right(&e);
    assert_int_equal(e.cursor, 30);
    lineedit_free(&e);
}

static void test_ctrl_w_takes_one_part_of_role_name(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, ROLE);
    assert_true(lineedit_delete_word_back(&e));
    expect(&e, "AliyunServiceRoleForPolarDB_My-", 31);
    assert_true(lineedit_delete_word_back(&e));
    expect(&e, "AliyunServiceRoleForPolarDB_", 28);
    assert_true(lineedit_delete_word_back(&e));
    expect(&e, "", 0);
    assert_false(lineedit_delete_word_back(&e));
    lineedit_free(&e);
}

static void test_ctrl_w_in_the_middle_keeps_the_rest(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "prod.db-backup v2");
    e.cursor = 14;                      /* after "backup" */
    assert_true(lineedit_delete_word_back(&e));
    expect(&e, "prod.db- v2", 8);
    assert_true(lineedit_delete_word_back(&e));
    expect(&e, "prod. v2", 5);
    lineedit_free(&e);
}

/* CJK has no spaces: a run of it is one word, split by ASCII marks. */
static void test_words_of_non_ascii_text(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, CJK CJK2 "-ab " EMOJI);
    lineedit_word_left(&e);
    assert_int_equal(e.cursor, 10);
    lineedit_word_left(&e);
    assert_int_equal(e.cursor, 7);
    lineedit_word_left(&e);
    assert_int_equal(e.cursor, 0);
    lineedit_word_right(&e);
    assert_int_equal(e.cursor, 6);
    lineedit_end(&e);
    assert_true(lineedit_delete_word_back(&e));
    expect(&e, CJK CJK2 "-ab ", 10);
    assert_true(lineedit_delete_word_back(&e));
    assert_true(lineedit_delete_word_back(&e));
    expect(&e, "", 0);
    lineedit_free(&e);
}

/* --- kills ---------------------------------------------------------------- */

static void test_kill_to_end_and_to_start(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "My-Suffix");
    e.cursor = 3;
    assert_true(lineedit_kill_to_end(&e));
    expect(&e, "My-", 3);
    assert_false(lineedit_kill_to_end(&e));
    assert_true(lineedit_kill_to_start(&e));
    expect(&e, "", 0);
    assert_false(lineedit_kill_to_start(&e));

    assert_int_equal(lineedit_set(&e, "abc" CJK "def"), 0);
    e.cursor = 6;
    assert_true(lineedit_kill_to_start(&e));
    expect(&e, "def", 0);
    lineedit_free(&e);
}

/* --- pasting -------------------------------------------------------------- */

static void test_paste_turns_breaks_into_spaces_and_drops_controls(
    void **state)
{
    static const char paste[] =
        "a\tb\nc\r\nd\x1b[1me\x7f\xC2\x9B" "f\x07";
    struct lineedit e;

    (void)state;
    assert_int_equal(lineedit_init(&e, BIG), 0);
    assert_int_equal(lineedit_insert(&e, paste, sizeof paste - 1), 12);
    expect(&e, "a b c d[1mef", 12);
    lineedit_free(&e);
}

/* Terminals paste a line break as CR (tmux, xterm) or CR LF: one space
 * each, so the words either side stay apart, never glued ("ab"). */
static void test_paste_carriage_returns_are_line_breaks(void **state)
{
    static const char paste[] = "Pasted\rsome\r\ndescription\r\r";
    struct lineedit e;

    (void)state;
    assert_int_equal(lineedit_init(&e, BIG), 0);
    assert_int_equal(lineedit_insert(&e, paste, sizeof paste - 1), 25);
    expect(&e, "Pasted some description  ", 25);
    lineedit_free(&e);
}

static void test_paste_drops_invalid_bytes(void **state)
{
    static const char paste[] = "ok\xFF\xE4\xB8x\xED\xA0\x80" CJK "\xC0\xAF";
    struct lineedit e;

    (void)state;
    assert_int_equal(lineedit_init(&e, BIG), 0);
    assert_int_equal(lineedit_insert(&e, paste, sizeof paste - 1), 6);
    expect(&e, "okx" CJK, 6);
    assert_true(text_valid(e.text, e.len));
    lineedit_free(&e);
}

/* The length given is what is inserted, NUL bytes and all (dropped). */
static void test_paste_uses_length_not_nul(void **state)
{
    struct lineedit e;

    (void)state;
    assert_int_equal(lineedit_init(&e, BIG), 0);
    assert_int_equal(lineedit_insert(&e, "ab\0cd", 5), 4);
    expect(&e, "abcd", 4);
    assert_int_equal(lineedit_insert(&e, "xyz", 1), 1);
    expect(&e, "abcdx", 5);
    lineedit_free(&e);
}

static void test_paste_of_only_controls_inserts_nothing(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "ab");
    lineedit_home(&e);
    assert_int_equal(insert_str(&e, "\x1b\x07\x7f"), 0);
    expect(&e, "ab", 0);
    lineedit_free(&e);
}

/* --- the maximum ---------------------------------------------------------- */

static void test_insert_cuts_at_max_on_a_boundary(void **state)
{
    struct lineedit e;

    (void)state;
    assert_int_equal(lineedit_init(&e, 5), 0);
    assert_int_equal(insert_str(&e, "ab" CJK), 5);
    expect(&e, "ab" CJK, 5);
    assert_int_equal(insert_str(&e, "c"), 0);
    expect(&e, "ab" CJK, 5);
    lineedit_free(&e);

    /* 中 needs 3 bytes with 2 left: the paste stops there rather than
     * skip it and take "d", which would change what was pasted. */
    assert_int_equal(lineedit_init(&e, 4), 0);
    assert_int_equal(insert_str(&e, "ab" CJK "d"), 2);
    expect(&e, "ab", 2);
    assert_int_equal(insert_str(&e, "x"), 1);
    expect(&e, "abx", 3);
    assert_int_equal(insert_str(&e, EMOJI), 0);
    expect(&e, "abx", 3);
    lineedit_free(&e);
}

static void test_max_counts_bytes_after_filtering(void **state)
{
    struct lineedit e;

    (void)state;
    assert_int_equal(lineedit_init(&e, 3), 0);
    assert_int_equal(insert_str(&e, "a\x1b\x1b\xFF" "bcd"), 3);
    expect(&e, "abc", 3);
    lineedit_free(&e);
}

static void test_insert_in_the_middle_of_a_full_field(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, 6, "abcd");
    lineedit_home(&e);
    assert_int_equal(insert_str(&e, CJK), 0);
    expect(&e, "abcd", 0);
    assert_int_equal(insert_str(&e, "xyz"), 2);
    expect(&e, "xyabcd", 2);
    lineedit_free(&e);
}

/* --- display -------------------------------------------------------------- */

static void test_cursor_cols_counts_columns(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "a" CJK EMOJI "e" ACUTE);
    assert_int_equal(lineedit_cursor_cols(&e), 6);
    lineedit_left(&e);
    assert_int_equal(lineedit_cursor_cols(&e), 5);
    /* A stray byte shows as U+FFFD, one column. */
    assert_int_equal(lineedit_set(&e, "\xFF" "a"), 0);
    assert_int_equal(lineedit_cursor_cols(&e), 2);
    lineedit_free(&e);
}

static void test_scroll_ascii(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "abcdefghij");
    /* The cursor's cell is the last of the 4: "hij" and the cursor. */
    assert_int_equal(lineedit_scroll(&e, 4), 7);
    assert_int_equal(lineedit_scroll(&e, 11), 0);
    assert_int_equal(lineedit_scroll(&e, 10), 1);
    assert_int_equal(lineedit_scroll(&e, 1), 10);
    assert_int_equal(lineedit_scroll(&e, 0), 10);
    e.cursor = 3;
    assert_int_equal(lineedit_scroll(&e, 4), 0);
    e.cursor = 4;
    assert_int_equal(lineedit_scroll(&e, 4), 1);
    lineedit_home(&e);
    assert_int_equal(lineedit_scroll(&e, 1), 0);
    lineedit_free(&e);
}

static void test_scroll_with_wide_characters(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, CJK CJK2 CJK CJK2);          /* 8 columns */
    assert_int_equal(lineedit_scroll(&e, 5), 6);
    assert_int_equal(lineedit_scroll(&e, 4), 9);
    assert_int_equal(lineedit_scroll(&e, 9), 0);
    assert_int_equal(lineedit_scroll(&e, 8), 3);
    lineedit_left(&e);
    assert_int_equal(lineedit_scroll(&e, 5), 3);

    /* Width 3 cannot hold 中 and b and the cursor: only b is shown. */
    assert_int_equal(lineedit_set(&e, "a" CJK "b"), 0);
    assert_int_equal(lineedit_scroll(&e, 3), 4);
    assert_int_equal(lineedit_scroll(&e, 4), 1);
    assert_int_equal(lineedit_scroll(&e, 2), 4);
    lineedit_free(&e);
}

static void test_scroll_keeps_marks_with_their_base(void **state)
{
    struct lineedit e;

    (void)state;
    start(&e, BIG, "ae" ACUTE "b");
    assert_int_equal(lineedit_scroll(&e, 3), 1);
    assert_int_equal(lineedit_scroll(&e, 2), 4);
    lineedit_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_field_has_nothing_to_do),
        cmocka_unit_test(test_insert_ascii_at_cursor),
        cmocka_unit_test(test_set_replaces_and_puts_cursor_at_end),
        cmocka_unit_test(test_moves_step_over_cjk_and_emoji),
        cmocka_unit_test(test_backspace_and_delete_whole_characters),
        cmocka_unit_test(test_insert_cjk_in_the_middle),
        cmocka_unit_test(test_combining_mark_moves_with_its_base),
        cmocka_unit_test(test_combining_mark_typed_after_base),
        cmocka_unit_test(test_base_typed_before_lone_mark),
        cmocka_unit_test(
            test_delete_that_joins_bytes_keeps_cursor_on_boundary),
        cmocka_unit_test(test_word_left_stops_at_separators),
        cmocka_unit_test(test_word_right_stops_after_words),
        cmocka_unit_test(test_ctrl_w_takes_one_part_of_role_name),
        cmocka_unit_test(test_ctrl_w_in_the_middle_keeps_the_rest),
        cmocka_unit_test(test_words_of_non_ascii_text),
        cmocka_unit_test(test_kill_to_end_and_to_start),
        cmocka_unit_test(
            test_paste_turns_breaks_into_spaces_and_drops_controls),
        cmocka_unit_test(test_paste_carriage_returns_are_line_breaks),
        cmocka_unit_test(test_paste_drops_invalid_bytes),
        cmocka_unit_test(test_paste_uses_length_not_nul),
        cmocka_unit_test(test_paste_of_only_controls_inserts_nothing),
        cmocka_unit_test(test_insert_cuts_at_max_on_a_boundary),
        cmocka_unit_test(test_max_counts_bytes_after_filtering),
        cmocka_unit_test(test_insert_in_the_middle_of_a_full_field),
        cmocka_unit_test(test_cursor_cols_counts_columns),
        cmocka_unit_test(test_scroll_ascii),
        cmocka_unit_test(test_scroll_with_wide_characters),
        cmocka_unit_test(test_scroll_keeps_marks_with_their_base),
    };

    return cmocka_run_group_tests_name("lineedit", tests, setup_locale,
                                       NULL);
}
