/* Unit tests for core/json, the streaming writer behind every JSON the
 * front ends print.  Outputs are compared as whole strings, because
 * scripts and golden files depend on the exact layout; where the output
 * is meant to be valid JSON it is also read back with cJSON, so a layout
 * that merely looks right but does not parse cannot pass. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/kv.h"

#define BIG (1u << 20)

#define CJK "\xE4\xB8\xAD\xE6\x96\x87"  /* 中文 */
#define EMOJI "\xF0\x9F\x98\x80"         /* U+1F600 */
#define FFFD "\xEF\xBF\xBD"              /* U+FFFD, as cJSON decodes it */

/* --- helpers -------------------------------------------------------------- */

/* The document most cases use: every kind of value, nesting, and both
 * empty containers. */
static void write_sample(struct json_writer *w)
{
    json_begin_object(w);
    json_key(w, "name");
    json_string(w, "linkrole");
    json_key(w, "count");
    json_int(w, 3);
    json_key(w, "tags");
    json_begin_array(w);
    json_string(w, "a");
    json_string(w, "b");
    json_end_array(w);
    json_key(w, "empty_obj");
    json_begin_object(w);
    json_end_object(w);
    json_key(w, "empty_arr");
    json_begin_array(w);
    json_end_array(w);
    json_key(w, "nested");
    json_begin_object(w);
    json_key(w, "ok");
    json_bool(w, true);
    json_key(w, "none");
    json_null(w);
    json_key(w, "list");
    json_begin_array(w);
    json_begin_object(w);
    json_key(w, "id");
    json_int(w, -7);
    json_end_object(w);
    json_end_array(w);
    json_end_object(w);
    json_end_object(w);
}

/* Parses text with cJSON; fails the case when it is not JSON. */
static cJSON *parse_back(const char *text)
{
    cJSON *root = cJSON_Parse(text);

    assert_non_null(root);
    return root;
}

/* Quotes s alone and returns the result in out (caller frees out). */
static void quote_into(struct buf *out, const char *s)
{
    buf_init(out, BIG);
    assert_int_equal(json_quote(out, s), BUF_OK);
}

/* Quotes s, compares the text, then checks cJSON reads back decoded. */
static void check_quote(const char *s, const char *want_json,
                        const char *want_decoded)
{
    struct buf out;
    cJSON *v;

    quote_into(&out, s);
    assert_string_equal(buf_str(&out), want_json);
    v = parse_back(buf_str(&out));
    assert_true(cJSON_IsString(v));
    assert_string_equal(cJSON_GetStringValue(v), want_decoded);
    cJSON_Delete(v);
    buf_free(&out);
}

/* --- layout --------------------------------------------------------------- */

static void test_pretty_nested_document(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    write_sample(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out),
                        "{\n"
                        "  \"name\": \"linkrole\",\n"
                        "  \"count\": 3,\n"
                        "  \"tags\": [\n"
                        "    \"a\",\n"
                        "    \"b\"\n"
                        "  ],\n"
                        "  \"empty_obj\": {},\n"
                        "  \"empty_arr\": [],\n"
                        "  \"nested\": {\n"
                        "    \"ok\": true,\n"
                        "    \"none\": null,\n"
                        "    \"list\": [\n"
                        "      {\n"
                        "        \"id\": -7\n"
                        "      }\n"
                        "    ]\n"
                        "  }\n"
                        "}\n");
    buf_free(&out);
}

static void test_pretty_document_parses_back(void **state)
{
    struct json_writer w;
    struct buf out;
    cJSON *root, *nested, *item;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    write_sample(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    root = parse_back(buf_str(&out));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "name")),
        "linkrole");
    item = cJSON_GetObjectItemCaseSensitive(root, "count");
    assert_true(cJSON_IsNumber(item));
    assert_int_equal(item->valueint, 3);
    item = cJSON_GetObjectItemCaseSensitive(root, "tags");
    assert_int_equal(cJSON_GetArraySize(item), 2);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(item, 1)),
                        "b");
    item = cJSON_GetObjectItemCaseSensitive(root, "empty_obj");
    assert_true(cJSON_IsObject(item));
    assert_null(item->child);
    item = cJSON_GetObjectItemCaseSensitive(root, "empty_arr");
    assert_true(cJSON_IsArray(item));
    assert_int_equal(cJSON_GetArraySize(item), 0);
    nested = cJSON_GetObjectItemCaseSensitive(root, "nested");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(nested,
                                                              "ok")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(nested,
                                                              "none")));
    item = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(nested,
                                                               "list"), 0);
    assert_int_equal(
        cJSON_GetObjectItemCaseSensitive(item, "id")->valueint, -7);
    cJSON_Delete(root);
    buf_free(&out);
}

static void test_compact_document(void **state)
{
    struct json_writer w;
    struct buf out;
    cJSON *root;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    write_sample(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out),
                        "{\"name\":\"linkrole\",\"count\":3,"
                        "\"tags\":[\"a\",\"b\"],\"empty_obj\":{},"
                        "\"empty_arr\":[],\"nested\":{\"ok\":true,"
                        "\"none\":null,\"list\":[{\"id\":-7}]}}\n");
    root = parse_back(buf_str(&out));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "name")),
        "linkrole");
    cJSON_Delete(root);
    buf_free(&out);
}

static void test_top_level_array(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_begin_array(&w);
    json_int(&w, 1);
    json_begin_array(&w);
    json_end_array(&w);
    json_string(&w, "x");
    json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out), "[\n  1,\n  [],\n  \"x\"\n]\n");
    buf_free(&out);
}

static void test_top_level_scalar(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_string(&w, "only");
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out), "\"only\"\n");
    buf_free(&out);
}

/* The writer appends; what was in the buffer before stays. */
static void test_writer_appends_to_buffer(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(buf_adds(&out, "before "), BUF_OK);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out), "before {}\n");
    buf_free(&out);
}

/* --- strings -------------------------------------------------------------- */

static void test_escape_quote_backslash_newline_tab(void **state)
{
    (void)state;
    check_quote("say \"hi\"\\n", "\"say \\\"hi\\\"\\\\n\"", "say \"hi\"\\n");
    check_quote("a\nb\tc\rd", "\"a\\nb\\tc\\rd\"", "a\nb\tc\rd");
    /* "/" needs no escape and gets none. */
    check_quote("a/b", "\"a/b\"", "a/b");
    check_quote("", "\"\"", "");
}

/* Other controls use the \u00XX form with lower-case hex, backspace and
 * form feed included (no \b or \f short forms), and DEL too. */
static void test_escape_other_controls(void **state)
{
    (void)state;
    check_quote("\x01", "\"\\u0001\"", "\x01");
    check_quote("\x08\x0c", "\"\\u0008\\u000c\"", "\x08\x0c");
    check_quote("esc\x1b[0m", "\"esc\\u001b[0m\"", "esc\x1b[0m");
    check_quote("\x1f", "\"\\u001f\"", "\x1f");
    check_quote("del\x7f", "\"del\\u007f\"", "del\x7f");
    /* Space is the first byte that goes through as is. */
    check_quote(" ~", "\" ~\"", " ~");
}

static void test_utf8_kept_as_is(void **state)
{
    (void)state;
    check_quote(CJK, "\"" CJK "\"", CJK);
    check_quote(EMOJI, "\"" EMOJI "\"", EMOJI);
    check_quote("caf\xC3\xA9 " CJK " " EMOJI "!",
                "\"caf\xC3\xA9 " CJK " " EMOJI "!\"",
                "caf\xC3\xA9 " CJK " " EMOJI "!");
}

/* One \ufffd per bad byte: a damaged sequence never swallows the valid
 * text after it. */
static void test_invalid_utf8_becomes_replacement(void **state)
{
    (void)state;
    check_quote("a\xFF" "b", "\"a\\ufffdb\"", "a" FFFD "b");
    /* Truncated 中 (E4 B8 AD without its last byte). */
    check_quote("\xE4\xB8", "\"\\ufffd\\ufffd\"", FFFD FFFD);
    check_quote("\xE4\xB8z", "\"\\ufffd\\ufffdz\"", FFFD FFFD "z");
    /* Overlong NUL, a lone surrogate, above U+10FFFF, lone continuation. */
    check_quote("\xC0\x80", "\"\\ufffd\\ufffd\"", FFFD FFFD);
    check_quote("\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\"",
                FFFD FFFD FFFD);
    check_quote("\xF4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"",
                FFFD FFFD FFFD FFFD);
    check_quote("\x80" CJK, "\"\\ufffd" CJK "\"", FFFD CJK);
}

static void test_writer_string_escapes_keys_and_values(void **state)
{
    struct json_writer w;
    struct buf out;
    cJSON *root;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_key(&w, "k\"1");
    json_string(&w, "v\n" CJK "\xFF");
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out),
                        "{\n  \"k\\\"1\": \"v\\n" CJK "\\ufffd\"\n}\n");
    root = parse_back(buf_str(&out));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "k\"1")),
        "v\n" CJK FFFD);
    cJSON_Delete(root);
    buf_free(&out);
}

static void test_null_string_is_null(void **state)
{
    struct json_writer w;
    struct buf out;
    cJSON *root;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    json_begin_object(&w);
    json_key(&w, "note");
    json_string(&w, NULL);
    json_key(&w, "list");
    json_begin_array(&w);
    json_string(&w, NULL);
    json_null(&w);
    json_end_array(&w);
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out),
                        "{\"note\":null,\"list\":[null,null]}\n");
    root = parse_back(buf_str(&out));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root,
                                                              "note")));
    cJSON_Delete(root);
    buf_free(&out);
}

/* --- scalars -------------------------------------------------------------- */

static void test_bools(void **state)
{
    struct json_writer w;
    struct buf out;
    cJSON *root;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    json_begin_array(&w);
    json_bool(&w, true);
    json_bool(&w, false);
    json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out), "[true,false]\n");
    root = parse_back(buf_str(&out));
    assert_true(cJSON_IsTrue(cJSON_GetArrayItem(root, 0)));
    assert_true(cJSON_IsFalse(cJSON_GetArrayItem(root, 1)));
    cJSON_Delete(root);
    buf_free(&out);
}

static void test_ints(void **state)
{
    struct json_writer w;
    struct buf out;
    cJSON *root;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    json_begin_array(&w);
    json_int(&w, 0);
    json_int(&w, 42);
    json_int(&w, -1);
    json_int(&w, -1234567890123LL);
    json_int(&w, LLONG_MAX);
    json_int(&w, LLONG_MIN);
    json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(buf_str(&out),
                        "[0,42,-1,-1234567890123,9223372036854775807,"
                        "-9223372036854775808]\n");
    root = parse_back(buf_str(&out));
    assert_int_equal(cJSON_GetArraySize(root), 6);
    assert_int_equal(cJSON_GetArrayItem(root, 2)->valueint, -1);
    /* -2^63 is exact in a double. */
    assert_true(cJSON_GetArrayItem(root, 5)->valuedouble ==
                -9223372036854775808.0);
    assert_true(cJSON_GetArrayItem(root, 3)->valuedouble ==
                -1234567890123.0);
    cJSON_Delete(root);
    buf_free(&out);
}

/* --- misuse --------------------------------------------------------------- */

static void test_key_outside_object_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_key(&w, "loose");
    json_string(&w, "v");
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

static void test_end_without_begin_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);

    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_begin_array(&w);
    json_end_array(&w);
    json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

static void test_unfinished_document_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_key(&w, "a");
    json_int(&w, 1);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);

    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    json_begin_array(&w);
    json_begin_array(&w);
    json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

static void test_key_without_value_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_key(&w, "dangling");
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);

    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_key(&w, "a");
    json_key(&w, "b");
    json_int(&w, 1);
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

/* The first error sticks: later, correct calls do not clear it. */
static void test_error_is_sticky(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    json_end_array(&w);
    json_begin_object(&w);
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

/* A full buffer is reported as the buffer's own error. */
static void test_buffer_limit_is_reported(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, 8);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_key(&w, "much too long a key");
    json_int(&w, 1);
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), BUF_TOOBIG);
    assert_true(buf_len(&out) <= 8);
    buf_free(&out);
}

/* --- depth ---------------------------------------------------------------- */

static void test_depth_max_fits(void **state)
{
    struct json_writer w;
    struct buf out;
    char want[2 * JSON_DEPTH_MAX + 2];
    cJSON *root, *v;
    int depth = 0;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    for (int i = 0; i < JSON_DEPTH_MAX; i++)
        json_begin_array(&w);
    for (int i = 0; i < JSON_DEPTH_MAX; i++)
        json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    memset(want, '[', JSON_DEPTH_MAX);
    memset(want + JSON_DEPTH_MAX, ']', JSON_DEPTH_MAX);
    want[2 * JSON_DEPTH_MAX] = '\n';
    want[2 * JSON_DEPTH_MAX + 1] = '\0';
    assert_string_equal(buf_str(&out), want);
    root = parse_back(buf_str(&out));
    for (v = root; v && cJSON_IsArray(v); v = v->child)
        depth++;
    assert_int_equal(depth, JSON_DEPTH_MAX);
    cJSON_Delete(root);
    buf_free(&out);
}

static void test_depth_past_max_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 2);
    for (int i = 0; i < JSON_DEPTH_MAX; i++) {
        json_begin_object(&w);
        json_key(&w, "k");
    }
    json_begin_array(&w);
    json_end_array(&w);
    for (int i = 0; i < JSON_DEPTH_MAX; i++)
        json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

/* Regressions: the writer once forgot which kind of container was open
 * and whether the top level already held a value, so these produced
 * invalid JSON while json_writer_finish returned 0. */
static void test_mismatched_end_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    json_begin_array(&w);
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

static void test_key_in_array_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    json_begin_array(&w);
    json_key(&w, "k");
    json_int(&w, 1);
    json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

static void test_value_without_key_in_object_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    json_begin_object(&w);
    json_int(&w, 1);
    json_end_object(&w);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

static void test_second_top_level_value_is_error(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    json_writer_init(&w, &out, 0);
    json_int(&w, 1);
    json_int(&w, 2);
    assert_int_equal(json_writer_finish(&w), -1);
    buf_free(&out);
}

/* json.h: error is "first buf error, or -1 for misuse"; a later misuse
 * overwrites an earlier BUF_TOOBIG today. */
static void test_first_error_is_kept(void **state)
{
    struct json_writer w;
    struct buf out;

    (void)state;
    buf_init(&out, 1);
    json_writer_init(&w, &out, 0);
    json_begin_array(&w);
    json_string(&w, "does not fit");
    json_end_array(&w);
    json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), BUF_TOOBIG);
    buf_free(&out);
}

static void test_pretty_refuses_text_after_the_document(void **state)
{
    struct buf out;
    size_t at = 0;

    (void)state;
    buf_init(&out, 1024);
    assert_int_equal(json_pretty(&out, "{} x", 4, 2), -1);
    assert_int_equal(json_pretty(&out, "\"s\".", 4, 2), -1);
    assert_int_equal(json_pretty(&out, "{}  \n", 5, 2), 0);
    assert_string_equal(buf_str(&out), "{}\n");
    assert_null(json_parse("[1] ]", 5, &at));
    assert_int_equal(at, 4);
    buf_free(&out);
}

/* --- strictness: raw controls and NUL (issue 9, defect 15) ----------------- */

static void test_parse_refuses_raw_controls_in_strings(void **state)
{
    static const char *const bad[] = {
        "{\"RoleId\":\"1\x01" "2\"}", "[\"tab\there\"]", "[\"nl\nx\"]",
        "{\"k\x1b\":1}", "[\"\x1f\"]",
    };
    size_t at = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(json_refusal(bad[i], strlen(bad[i]), NULL),
                         JSON_REFUSAL_CONTROL);
        assert_null(json_parse(bad[i], strlen(bad[i]), NULL));
    }
    assert_null(json_parse("[\"ab\x07\"]", 7, &at));
    assert_int_equal(at, 4);
    /* Between tokens, line breaks and tabs are blanks as ever. */
    assert_int_equal(json_refusal("{\n\t\"a\" :\r\n 1}", 13, NULL),
                     JSON_REFUSAL_NONE);
}

static void test_parse_refuses_escaped_nul_rather_than_cut(void **state)
{
    const char *doc = "{\"RoleId\":\"1\\u00002\"}";
    struct buf out;
    size_t at = 0;

    (void)state;
    buf_init(&out, 1024);
    assert_int_equal(json_refusal(doc, strlen(doc), &at), JSON_REFUSAL_NUL);
    assert_int_equal(at, 12);
    assert_null(json_parse(doc, strlen(doc), NULL));
    /* Never "1": the field is not read short, the answer is refused. */
    assert_int_equal(json_pretty(&out, doc, strlen(doc), 0), -1);
    /* A NUL byte is refused anywhere, inside a string or not. */
    assert_null(json_parse("[\"a\0b\"]", 7, NULL));
    assert_null(json_parse("[1]\0", 4, NULL));
    buf_free(&out);
}

static void test_parse_keeps_what_only_looks_like_nul(void **state)
{
    /* An escaped backslash followed by "u0000" is text, and \u0001 is a
     * control JSON allows escaped (the writer escapes it again). */
    const char *doc = "[\"\\\\u0000\",\"\\u0001\",\"\\u00000\"]";
    struct buf out;

    (void)state;
    buf_init(&out, 1024);
    assert_int_equal(json_refusal(doc, 10, NULL), JSON_REFUSAL_NONE);
    assert_non_null(strstr(doc, "\\u00000"));
    assert_int_equal(json_refusal(doc, strlen(doc), NULL), JSON_REFUSAL_NUL);
    assert_int_equal(json_pretty(&out, "[\"\\\\u0000\",\"\\u001b[31m\"]",
                                 24, 0), 0);
    assert_string_equal(buf_str(&out), "[\"\\\\u0000\",\"\\u001b[31m\"]\n");
    buf_free(&out);
}

/* A map that upper-cases "secret" wherever it is. */
static int shout(void *ctx, struct buf *out, const char *s)
{
    const char *hit;

    (*(int *)ctx)++;
    while ((hit = strstr(s, "secret"))) {
        if (buf_add(out, s, (size_t)(hit - s)) != BUF_OK ||
            buf_adds(out, "SECRET") != BUF_OK)
            return -1;
        s = hit + 6;
    }
    return buf_adds(out, s) == BUF_OK ? 0 : -1;
}

static int give_up(void *ctx, struct buf *out, const char *s)
{
    (void)ctx;
    (void)out;
    (void)s;
    return -1;
}

static void test_pretty_map_rewrites_keys_and_values(void **state)
{
    /* The escapes are undone before the map sees the text. */
    const char *doc = "{\"a secret\":[\"sec\\u0072et\",1,true,null],"
                      "\"b\":{\"c\":\"\\u001bsecret\"}}";
    struct buf out;
    int calls = 0;

    (void)state;
    buf_init(&out, 4096);
    assert_int_equal(json_pretty_map(&out, doc, strlen(doc), 0, shout,
                                     &calls), 0);
    assert_string_equal(buf_str(&out),
                        "{\"a SECRET\":[\"SECRET\",1,true,null],"
                        "\"b\":{\"c\":\"\\u001bSECRET\"}}\n");
    assert_int_equal(calls, 5);
    buf_reset(&out);
    assert_int_equal(json_pretty_map(&out, doc, strlen(doc), 2, give_up,
                                     NULL), -1);
    assert_string_equal(buf_str(&out), "");
    buf_free(&out);
}

/* json_flat_object: a journal line's members, strings and booleans. */
static void test_flat_object(void **state)
{
    static const char line[] =
        "{\"id\":\"1-2-3\",\"ok\":false,\"n\":5,\"a\":[1],"
        "\"role\":\"R\\u001b\"}";
    struct kvlist l;

    (void)state;
    kvlist_init(&l);
    assert_int_equal(json_flat_object(line, sizeof(line) - 1, &l), 0);
    assert_string_equal(kvlist_get(&l, "id"), "1-2-3");
    assert_string_equal(kvlist_get(&l, "ok"), "false");
    assert_string_equal(kvlist_get(&l, "role"), "R\x1b");
    assert_null(kvlist_get(&l, "n"));
    assert_null(kvlist_get(&l, "a"));
    kvlist_free(&l);
    kvlist_init(&l);
    assert_int_equal(json_flat_object("[1]", 3, &l), -1);
    assert_int_equal(json_flat_object("{\"id\":", 6, &l), -1);
    kvlist_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pretty_refuses_text_after_the_document),
        cmocka_unit_test(test_parse_refuses_raw_controls_in_strings),
        cmocka_unit_test(test_parse_refuses_escaped_nul_rather_than_cut),
        cmocka_unit_test(test_parse_keeps_what_only_looks_like_nul),
        cmocka_unit_test(test_pretty_map_rewrites_keys_and_values),
        cmocka_unit_test(test_pretty_nested_document),
        cmocka_unit_test(test_pretty_document_parses_back),
        cmocka_unit_test(test_compact_document),
        cmocka_unit_test(test_top_level_array),
        cmocka_unit_test(test_top_level_scalar),
        cmocka_unit_test(test_writer_appends_to_buffer),
        cmocka_unit_test(test_escape_quote_backslash_newline_tab),
        cmocka_unit_test(test_escape_other_controls),
        cmocka_unit_test(test_utf8_kept_as_is),
        cmocka_unit_test(test_invalid_utf8_becomes_replacement),
        cmocka_unit_test(test_writer_string_escapes_keys_and_values),
        cmocka_unit_test(test_null_string_is_null),
        cmocka_unit_test(test_bools),
        cmocka_unit_test(test_ints),
        cmocka_unit_test(test_key_outside_object_is_error),
        cmocka_unit_test(test_end_without_begin_is_error),
        cmocka_unit_test(test_unfinished_document_is_error),
        cmocka_unit_test(test_key_without_value_is_error),
        cmocka_unit_test(test_error_is_sticky),
        cmocka_unit_test(test_buffer_limit_is_reported),
        cmocka_unit_test(test_depth_max_fits),
        cmocka_unit_test(test_depth_past_max_is_error),
        cmocka_unit_test(test_mismatched_end_is_error),
        cmocka_unit_test(test_key_in_array_is_error),
        cmocka_unit_test(test_value_without_key_in_object_is_error),
        cmocka_unit_test(test_second_top_level_value_is_error),
        cmocka_unit_test(test_first_error_is_kept),
        cmocka_unit_test(test_flat_object),
    };

    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
