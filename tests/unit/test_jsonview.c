/* Unit tests for core/jsonview, the trust-policy view.  Each case spells
 * out every line and every token in it ("P" punctuation, "K" key, "S"
 * string, "N" number, "L" literal, then the token's exact text), and every
 * view any case builds is checked for the invariant the UI draws by:
 * tokens cover the line from its first byte to its last, in order, with
 * no gap, no overlap and no control byte. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/jsonview.h"

#define BIG (1u << 20)

#define CJK "\xE4\xB8\xAD\xE6\x96\x87"  /* 中文 */
#define EMOJI "\xF0\x9F\x98\x80"         /* U+1F600 */

#define TRUST_POLICY \
    "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\"," \
    "\"Principal\":{\"Service\":[\"polardb.aliyuncs.com\"]}}]," \
    "\"Version\":\"1\"}"

/* One expected line: its tokens, each a style letter and the text. */
#define LINE(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* --- helpers -------------------------------------------------------------- */

static char style_letter(enum jsonview_style style)
{
    switch (style) {
    case JSONVIEW_PUNCT:
        return 'P';
    case JSONVIEW_KEY:
        return 'K';
    case JSONVIEW_STRING:
        return 'S';
    case JSONVIEW_NUMBER:
        return 'N';
    case JSONVIEW_LITERAL:
        return 'L';
    }
    return '?';
}

/* The invariant every line of every view must keep. */
static void check_coverage(const struct jsonview *v)
{
    assert_non_null(v->lines);
    assert_true(v->nlines > 0);
    for (size_t i = 0; i < v->nlines; i++) {
        const struct jsonview_line *line = &v->lines[i];
        size_t len, at = 0;

        assert_non_null(line->text);
        assert_non_null(line->tokens);
        len = strlen(line->text);
        assert_true(len > 0);
        assert_true(line->ntokens > 0);
        for (size_t t = 0; t < line->ntokens; t++) {
            const struct jsonview_token *tok = &line->tokens[t];

            assert_int_not_equal(style_letter(tok->style), '?');
            assert_int_equal(tok->start, at);
            assert_true(tok->len > 0);
            /* Runs of one style are one token. */
            if (t > 0)
                assert_int_not_equal(tok->style, line->tokens[t - 1].style);
            at += tok->len;
        }
        assert_int_equal(at, len);
        for (size_t b = 0; b < len; b++) {
            unsigned char c = (unsigned char)line->text[b];

            assert_true(c >= 0x20 && c != 0x7F);
            /* U+0080..U+009F, the C1 controls, as UTF-8. */
            if (c == 0xC2 && b + 1 < len) {
                unsigned char d = (unsigned char)line->text[b + 1];

                assert_false(d >= 0x80 && d <= 0x9F);
            }
        }
    }
}

static void check_lines(const struct jsonview *v,
                        const char *const *const *want, size_t nwant)
{
    check_coverage(v);
    assert_int_equal(v->nlines, nwant);
    for (size_t i = 0; i < nwant; i++) {
        const struct jsonview_line *line = &v->lines[i];
        size_t t = 0;

        for (; want[i][t]; t++) {
            const char *spec = want[i][t];
            const struct jsonview_token *tok;

            assert_true(t < line->ntokens);
            tok = &line->tokens[t];
            assert_int_equal(style_letter(tok->style), spec[0]);
            assert_int_equal(tok->len, strlen(spec + 1));
            assert_memory_equal(line->text + tok->start, spec + 1, tok->len);
        }
        assert_int_equal(line->ntokens, t);
    }
}

static void build_ok(struct jsonview *v, const char *text)
{
    assert_int_equal(jsonview_build(v, text, strlen(text)), 0);
    check_coverage(v);
}

static void build_fails(const char *text, size_t len)
{
    struct jsonview v;

    assert_int_equal(jsonview_build(&v, text, len), -1);
    assert_null(v.lines);
    assert_int_equal(v.nlines, 0);
    jsonview_free(&v);
}

/* The view must show what json_pretty prints for the same document. */
static void check_same_as_pretty(const struct jsonview *v, const char *text)
{
    struct buf pretty, joined;

    buf_init(&pretty, BIG);
    buf_init(&joined, BIG);
    assert_int_equal(json_pretty(&pretty, text, strlen(text), 2), 0);
    for (size_t i = 0; i < v->nlines; i++) {
        assert_int_equal(buf_adds(&joined, v->lines[i].text), BUF_OK);
        assert_int_equal(buf_addc(&joined, '\n'), BUF_OK);
    }
    assert_string_equal(buf_str(&joined), buf_str(&pretty));
    buf_free(&pretty);
    buf_free(&joined);
}

/* --- layout --------------------------------------------------------------- */

static void test_trust_policy_line_by_line(void **state)
{
    const char *const *const want[] = {
        LINE("P{"),
        LINE("P  ", "K\"Statement\"", "P: ["),
        LINE("P    {"),
        LINE("P      ", "K\"Action\"", "P: ", "S\"sts:AssumeRole\"", "P,"),
        LINE("P      ", "K\"Effect\"", "P: ", "S\"Allow\"", "P,"),
        LINE("P      ", "K\"Principal\"", "P: {"),
        LINE("P        ", "K\"Service\"", "P: ["),
        LINE("P          ", "S\"polardb.aliyuncs.com\""),
        LINE("P        ]"),
        LINE("P      }"),
        LINE("P    }"),
        LINE("P  ],"),
        LINE("P  ", "K\"Version\"", "P: ", "S\"1\""),
        LINE("P}"),
    };
    struct jsonview v;

    (void)state;
    build_ok(&v, TRUST_POLICY);
    check_lines(&v, want, sizeof want / sizeof want[0]);
    assert_string_equal(v.lines[3].text,
                        "      \"Action\": \"sts:AssumeRole\",");
    check_same_as_pretty(&v, TRUST_POLICY);
    jsonview_free(&v);
    assert_null(v.lines);
    assert_int_equal(v.nlines, 0);
}

/* The length is what counts, not a NUL, and whitespace around the
 * document is fine. */
static void test_length_bounds_the_text(void **state)
{
    static const char text[] = " \n{\"a\":1}\r\n\t XXXX";
    const char *const *const want[] = {
        LINE("P{"),
        LINE("P  ", "K\"a\"", "P: ", "N1"),
        LINE("P}"),
    };
    struct jsonview v;

    (void)state;
    assert_int_equal(jsonview_build(&v, text, sizeof text - 6), 0);
    check_lines(&v, want, sizeof want / sizeof want[0]);
    jsonview_free(&v);
}

static void test_empty_containers_stay_on_one_line(void **state)
{
    static const char text[] = "{\"a\":{},\"b\":[],\"c\":[{},[ ]],\"d\":{}}";
    const char *const *const want[] = {
        LINE("P{"),
        LINE("P  ", "K\"a\"", "P: {},"),
        LINE("P  ", "K\"b\"", "P: [],"),
        LINE("P  ", "K\"c\"", "P: ["),
        LINE("P    {},"),
        LINE("P    []"),
        LINE("P  ],"),
        LINE("P  ", "K\"d\"", "P: {}"),
        LINE("P}"),
    };
    const char *const *const want_obj[] = { LINE("P{}") };
    const char *const *const want_arr[] = { LINE("P[]") };
    struct jsonview v;

    (void)state;
    build_ok(&v, text);
    check_lines(&v, want, sizeof want / sizeof want[0]);
    check_same_as_pretty(&v, text);
    jsonview_free(&v);

    build_ok(&v, " {\n} ");
    check_lines(&v, want_obj, 1);
    jsonview_free(&v);
    build_ok(&v, "[]");
    check_lines(&v, want_arr, 1);
    jsonview_free(&v);
}

static void test_numbers(void **state)
{
    static const char text[] =
        "[0,-0,42,-7,1.5,1e3,-2.5e-3,0.1,12345678901234567890,"
        "9007199254740991,1e-7]";
    const char *const *const want[] = {
        LINE("P["),
        LINE("P  ", "N0", "P,"),
        LINE("P  ", "N-0", "P,"),
        LINE("P  ", "N42", "P,"),
        LINE("P  ", "N-7", "P,"),
        LINE("P  ", "N1.5", "P,"),
        LINE("P  ", "N1000", "P,"),
        LINE("P  ", "N-0.0025000000000000001", "P,"),
        LINE("P  ", "N0.10000000000000001", "P,"),
        LINE("P  ", "N1.2345678901234567e+19", "P,"),
        LINE("P  ", "N9007199254740991", "P,"),
        LINE("P  ", "N9.9999999999999995e-08"),
        LINE("P]"),
    };
    const char *const *const want_top[] = { LINE("N-12") };
    struct jsonview v;

    (void)state;
    build_ok(&v, text);
    check_lines(&v, want, sizeof want / sizeof want[0]);
    check_same_as_pretty(&v, text);
    jsonview_free(&v);

    build_ok(&v, "-12");
    check_lines(&v, want_top, 1);
    jsonview_free(&v);
}

/* cJSON reads these as infinity, which JSON cannot spell. */
static void test_number_out_of_range_is_refused(void **state)
{
    (void)state;
    build_fails("1e999", 5);
    build_fails("{\"a\":[-1e400]}", 14);
}

static void test_literals(void **state)
{
    static const char text[] = "{\"t\":true,\"f\":false,\"n\":[null]}";
    const char *const *const want[] = {
        LINE("P{"),
        LINE("P  ", "K\"t\"", "P: ", "Ltrue", "P,"),
        LINE("P  ", "K\"f\"", "P: ", "Lfalse", "P,"),
        LINE("P  ", "K\"n\"", "P: ["),
        LINE("P    ", "Lnull"),
        LINE("P  ]"),
        LINE("P}"),
    };
    const char *const *const want_top[] = { LINE("Lfalse") };
    const char *const *const want_str[] = { LINE("S\"x\"") };
    struct jsonview v;

    (void)state;
    build_ok(&v, text);
    check_lines(&v, want, sizeof want / sizeof want[0]);
    check_same_as_pretty(&v, text);
    jsonview_free(&v);

    build_ok(&v, "false");
    check_lines(&v, want_top, 1);
    jsonview_free(&v);
    build_ok(&v, "\"x\"");
    check_lines(&v, want_str, 1);
    jsonview_free(&v);
}

/* --- strings -------------------------------------------------------------- */

static void test_escapes_as_json_quote_writes_them(void **state)
{
    static const char text[] =
        "{\"k\\\"ey\\\\\":\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh"
        "\\u007fi\\/\\u00e9\"}";
    const char *const *const want[] = {
        LINE("P{"),
        LINE("P  ", "K\"k\\\"ey\\\\\"", "P: ",
             "S\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\\u007fi/\xC3\xA9\""),
        LINE("P}"),
    };
    struct jsonview v;

    (void)state;
    build_ok(&v, text);
    check_lines(&v, want, sizeof want / sizeof want[0]);
    check_same_as_pretty(&v, text);
    jsonview_free(&v);
}

static void test_unicode_is_shown_as_is(void **state)
{
    static const char text[] = "[\"" CJK EMOJI "\",\"\\u4e2d\"]";
    const char *const *const want[] = {
        LINE("P["),
        LINE("P  ", "S\"" CJK EMOJI "\"", "P,"),
        LINE("P  ", "S\"\xE4\xB8\xAD\""),
        LINE("P]"),
    };
    struct jsonview v;

    (void)state;
    build_ok(&v, text);
    check_lines(&v, want, sizeof want / sizeof want[0]);
    jsonview_free(&v);
}

/* A response is outside data: raw escape sequences, C1 controls and
 * broken UTF-8 in it must not reach the terminal as they are. */
static void test_hostile_control_characters_are_escaped(void **state)
{
    static const char text[] =
        "{\"\\u001b[2J\":\"\\u001b]0;pwned\\u0007\xC2\x9B" "31m\\u009b"
        "\\u001b\","
        "\"bad\":\"\xFF\xC0\xAF\xED\xA0\x80ok\x7f\"}";
    const char *const *const want[] = {
        LINE("P{"),
        LINE("P  ", "K\"\\u001b[2J\"", "P: ",
             "S\"\\u001b]0;pwned\\u0007\\u009b31m\\u009b\\u001b\"", "P,"),
        LINE("P  ", "K\"bad\"", "P: ",
             "S\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffdok\\u007f\""),
        LINE("P}"),
    };
    struct jsonview v;

    (void)state;
    build_ok(&v, text);
    check_lines(&v, want, sizeof want / sizeof want[0]);
    jsonview_free(&v);
}

/* --- refusals ------------------------------------------------------------- */

static void test_invalid_json_is_refused(void **state)
{
    static const char *const bad[] = {
        "", " ", "{", "}", "[1,]", "{\"a\":}", "{\"a\" 1}", "{a:1}",
        "'a'", "nul", "[1] [2]", "{} x", "\"open", "[\"a\",]",
        /* Raw controls in a string are not JSON (RFC 8259), and a NUL
         * would cut the string short. */
        "[\"\x1b[2J\"]", "{\"a\":\"\x07\"}", "[\"1\\u00002\"]",
    };

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        build_fails(bad[i], strlen(bad[i]));
    build_fails(NULL, 0);
    /* A NUL inside the length is not whitespace. */
    build_fails("{}\0", 3);
}

/* Writes depth nested arrays into out. */
static void nest(char *out, int depth)
{
    memset(out, '[', (size_t)depth);
    memset(out + depth, ']', (size_t)depth);
    out[2 * depth] = '\0';
}

static void test_depth_limit(void **state)
{
    char text[2 * (JSON_DEPTH_MAX + 1) + 1];
    char inner[2 * JSON_DEPTH_MAX + 3];
    struct jsonview v;

    (void)state;
    nest(text, JSON_DEPTH_MAX);
    build_ok(&v, text);
    /* 31 lines open, one "[]", 31 close. */
    assert_int_equal(v.nlines, 2 * JSON_DEPTH_MAX - 1);
    snprintf(inner, sizeof inner, "%*s[]", 2 * (JSON_DEPTH_MAX - 1), "");
    assert_string_equal(v.lines[JSON_DEPTH_MAX - 1].text, inner);
    assert_int_equal(v.lines[JSON_DEPTH_MAX - 1].ntokens, 1);
    assert_string_equal(v.lines[v.nlines - 1].text, "]");
    check_same_as_pretty(&v, text);
    jsonview_free(&v);

    nest(text, JSON_DEPTH_MAX + 1);
    build_fails(text, strlen(text));
}

/* Scalars inside the deepest container do not count as a level. */
static void test_depth_limit_counts_containers_only(void **state)
{
    char text[16 * JSON_DEPTH_MAX];
    struct jsonview v;
    size_t off = 0;

    (void)state;
    for (int i = 0; i < JSON_DEPTH_MAX; i++)
        off += (size_t)snprintf(text + off, sizeof text - off, "{\"k\":");
    off += (size_t)snprintf(text + off, sizeof text - off, "true");
    for (int i = 0; i < JSON_DEPTH_MAX; i++)
        off += (size_t)snprintf(text + off, sizeof text - off, "}");
    build_ok(&v, text);
    assert_int_equal(v.nlines, 2 * JSON_DEPTH_MAX + 1);
    assert_int_equal(v.lines[JSON_DEPTH_MAX].ntokens, 4);
    check_same_as_pretty(&v, text);
    jsonview_free(&v);

    /* One more object around the same value is one too many. */
    memmove(text + 5, text, off + 1);
    memcpy(text, "{\"k\":", 5);
    off += 5;
    text[off++] = '}';
    text[off] = '\0';
    build_fails(text, off);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trust_policy_line_by_line),
        cmocka_unit_test(test_length_bounds_the_text),
        cmocka_unit_test(test_empty_containers_stay_on_one_line),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_number_out_of_range_is_refused),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_escapes_as_json_quote_writes_them),
        cmocka_unit_test(test_unicode_is_shown_as_is),
        cmocka_unit_test(test_hostile_control_characters_are_escaped),
        cmocka_unit_test(test_invalid_json_is_refused),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_depth_limit_counts_containers_only),
    };

    return cmocka_run_group_tests_name("jsonview", tests, NULL, NULL);
}
