/* Unit tests for core/ini: the SDK credentials file's syntax, parsed from
 * memory.  Every refusal is a code and a line number; the bounds (line
 * length, entry count) are what keep a hostile file from costing memory
 * without limit.  Links only src/core/libcore.a. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ini.h"

/* Parses a C string, expecting success. */
static void parse_ok(struct ini *ini, const char *text)
{
    struct ini_error err;

    memset(ini, 0, sizeof(*ini));
    if (ini_parse(ini, "t.ini", text, strlen(text), &err))
        fail_msg("refused (code %d, line %zu)", (int)err.code, err.line);
}

/* Parses len bytes, expecting a refusal with this code at this line. */
static void parse_bad_n(const char *text, size_t len, enum ini_status code,
                        size_t line)
{
    struct ini ini = { 0 };
    struct ini_error err;

    assert_int_equal(ini_parse(&ini, "t.ini", text, len, &err), -1);
    assert_int_equal(err.code, code);
    assert_int_equal(err.line, line);
    assert_string_equal(err.name, "t.ini");
    /* Nothing half-parsed is left behind. */
    assert_int_equal(ini.count, 0);
    assert_null(ini.items);
}

static void parse_bad(const char *text, enum ini_status code, size_t line)
{
    parse_bad_n(text, strlen(text), code, line);
}

static void test_sections_and_keys(void **state)
{
    struct ini ini;

    (void)state;
    parse_ok(&ini, "[default]\ntype = access_key\naccess_key_id = id1\n"
                   "\n[other]\ntype=sts\n");
    assert_int_equal(ini.count, 5);
    assert_string_equal(ini.items[0].section, "default");
    assert_null(ini.items[0].key);
    assert_null(ini.items[0].value);
    assert_true(ini_has(&ini, "default"));
    assert_true(ini_has(&ini, "other"));
    assert_false(ini_has(&ini, "type"));
    assert_false(ini_has(&ini, "Default"));
    assert_string_equal(ini_get(&ini, "default", "type"), "access_key");
    assert_string_equal(ini_get(&ini, "default", "access_key_id"), "id1");
    assert_string_equal(ini_get(&ini, "other", "type"), "sts");
    assert_null(ini_get(&ini, "other", "access_key_id"));
    assert_null(ini_get(&ini, "nosuch", "type"));
    assert_null(ini_get(&ini, "default", "TYPE"));
    ini_free(&ini);
    assert_int_equal(ini.count, 0);
    assert_null(ini.items);
}

static void test_blanks_are_trimmed(void **state)
{
    struct ini ini;

    (void)state;
    parse_ok(&ini, "  [ role ]  \n\tkey\t=\t v a l \t\n"
                   "empty =\n  spaced key = x\n");
    assert_true(ini_has(&ini, "role"));
    assert_string_equal(ini_get(&ini, "role", "key"), "v a l");
    /* An empty value counts as absent. */
    assert_null(ini_get(&ini, "role", "empty"));
    assert_string_equal(ini_get(&ini, "role", "spaced key"), "x");
    ini_free(&ini);
}

static void test_duplicates(void **state)
{
    struct ini ini;

    (void)state;
    /* A repeated key: the last wins.  A repeated section: its keys add
     * up, and the last value wins across both. */
    parse_ok(&ini, "[a]\nk = 1\nk = 2\nx = first\n[b]\nk = b\n[a]\n"
                   "k = 3\ny = second\n");
    assert_string_equal(ini_get(&ini, "a", "k"), "3");
    assert_string_equal(ini_get(&ini, "a", "x"), "first");
    assert_string_equal(ini_get(&ini, "a", "y"), "second");
    assert_string_equal(ini_get(&ini, "b", "k"), "b");
    /* A later empty value overrides an earlier one, too. */
    ini_free(&ini);
    parse_ok(&ini, "[a]\nk = 1\nk =\n");
    assert_null(ini_get(&ini, "a", "k"));
    ini_free(&ini);
}

static void test_comments(void **state)
{
    struct ini ini;

    (void)state;
    parse_ok(&ini, "# hash\n; semicolon\n   # indented\n[s]\n#k = 1\n"
                   ";k = 2\nk = 3 # kept ; too\n");
    assert_int_equal(ini.count, 2);
    /* Only a whole line is a comment: after a value it is the value. */
    assert_string_equal(ini_get(&ini, "s", "k"), "3 # kept ; too");
    ini_free(&ini);
}

static void test_quotes_are_kept(void **state)
{
    struct ini ini;

    (void)state;
    /* The SDKs do not unquote, so neither do we. */
    parse_ok(&ini, "[s]\nq = \"quoted value\"\nsq = 'x'\n");
    assert_string_equal(ini_get(&ini, "s", "q"), "\"quoted value\"");
    assert_string_equal(ini_get(&ini, "s", "sq"), "'x'");
    ini_free(&ini);
}

static void test_equals_in_value_and_empty_text(void **state)
{
    struct ini ini;

    (void)state;
    parse_ok(&ini, "[s]\npolicy = {\"a\":\"b=c\"}\n");
    assert_string_equal(ini_get(&ini, "s", "policy"), "{\"a\":\"b=c\"}");
    ini_free(&ini);
    parse_ok(&ini, "");
    assert_int_equal(ini.count, 0);
    ini_free(&ini);
    parse_ok(&ini, "\n\n   \n");
    assert_int_equal(ini.count, 0);
    ini_free(&ini);
}

static void test_crlf_bom_and_last_line(void **state)
{
    struct ini ini;

    (void)state;
    parse_ok(&ini, "\xef\xbb\xbf[default]\r\ntype = access_key\r\n"
                   "id = v\r\nlast = no newline");
    assert_true(ini_has(&ini, "default"));
    assert_string_equal(ini_get(&ini, "default", "type"), "access_key");
    assert_string_equal(ini_get(&ini, "default", "id"), "v");
    assert_string_equal(ini_get(&ini, "default", "last"), "no newline");
    ini_free(&ini);
    /* CRLF lines are still counted one by one. */
    parse_bad("[a]\r\n\r\nbroken\r\n", INI_NOT_KEY_VALUE, 3);
    /* A BOM only counts at the very start: later, it is part of a key. */
    parse_ok(&ini, "[a]\n\xef\xbb\xbfk = v\n");
    assert_null(ini_get(&ini, "a", "k"));
    assert_string_equal(ini_get(&ini, "a", "\xef\xbb\xbfk"), "v");
    ini_free(&ini);
}

static void test_syntax_errors_name_the_line(void **state)
{
    (void)state;
    parse_bad("key = value\n", INI_OUTSIDE_SECTION, 1);
    parse_bad("# c\n; c\n\nkey = value\n", INI_OUTSIDE_SECTION, 4);
    parse_bad("# c\n[default\n", INI_UNCLOSED, 2);
    parse_bad("[\n", INI_UNCLOSED, 1);
    parse_bad("[ ]\n", INI_EMPTY_SECTION, 1);
    parse_bad("[]\n", INI_EMPTY_SECTION, 1);
    parse_bad("[default]\n = x\n", INI_NOT_KEY_VALUE, 2);
    parse_bad("[default]\ntype = sts\nno equals here\n", INI_NOT_KEY_VALUE,
              3);
    /* A missing "=" is named before a missing section. */
    parse_bad("no equals\n", INI_NOT_KEY_VALUE, 1);
}

static void test_nul_byte(void **state)
{
    static const char text[] = "[a]\nk = v\nx = a\0b\ny = 1\n";

    (void)state;
    parse_bad_n(text, sizeof(text) - 1, INI_NUL, 3);
    /* Even in a comment. */
    parse_bad_n("[a]\n# \0\n", 7, INI_NUL, 2);
}

static void test_overlong_line(void **state)
{
    size_t n = INI_LINE_MAX + 1;
    char *text = malloc(n + 16);
    struct ini ini = { 0 };
    struct ini_error err;

    (void)state;
    assert_non_null(text);
    memcpy(text, "[a]\n", 4);
    memset(text + 4, '#', n);
    memcpy(text + 4 + n, "\n", 2);
    assert_int_equal(ini_parse(&ini, "big", text, strlen(text), &err), -1);
    assert_int_equal(err.code, INI_LINE_TOO_LONG);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.limit, INI_LINE_MAX);
    /* Exactly the limit is fine. */
    memset(text + 4, '#', INI_LINE_MAX);
    memcpy(text + 4 + INI_LINE_MAX, "\n", 2);
    parse_ok(&ini, text);
    ini_free(&ini);
    free(text);
}

static void test_huge_file(void **state)
{
    size_t cap = (INI_ENTRIES_MAX + 10) * 16 + 32, n = 0;
    char *text = malloc(cap);
    struct ini ini = { 0 };
    struct ini_error err;

    (void)state;
    assert_non_null(text);
    n += (size_t)snprintf(text, cap, "[s]\n");
    for (unsigned i = 1; i < INI_ENTRIES_MAX; i++)
        n += (size_t)snprintf(text + n, cap - n, "k%u = %u\n", i, i);
    /* Exactly the limit of entries is fine ... */
    parse_ok(&ini, text);
    assert_int_equal(ini.count, INI_ENTRIES_MAX);
    assert_string_equal(ini_get(&ini, "s", "k4095"), "4095");
    ini_free(&ini);
    /* ... comments and blanks do not count ... */
    n += (size_t)snprintf(text + n, cap - n, "# more\n\n");
    parse_ok(&ini, text);
    ini_free(&ini);
    /* ... one more entry is refused, at its line. */
    snprintf(text + n, cap - n, "one = more\n");
    assert_int_equal(ini_parse(&ini, "huge", text, strlen(text), &err), -1);
    assert_int_equal(err.code, INI_TOO_MANY);
    assert_int_equal(err.line, INI_ENTRIES_MAX + 3);
    assert_int_equal(err.limit, INI_ENTRIES_MAX);
    assert_int_equal(ini.count, 0);
    free(text);
}

static void test_text_need_not_be_terminated(void **state)
{
    static const char text[] = "[a]\nk = value-and-more";
    struct ini ini = { 0 };
    struct ini_error err;

    (void)state;
    /* Only len bytes are read: the value stops where the length does. */
    assert_int_equal(ini_parse(&ini, "t", text, 13, &err), 0);
    assert_string_equal(ini_get(&ini, "a", "k"), "value");
    ini_free(&ini);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sections_and_keys),
        cmocka_unit_test(test_blanks_are_trimmed),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_quotes_are_kept),
        cmocka_unit_test(test_equals_in_value_and_empty_text),
        cmocka_unit_test(test_crlf_bom_and_last_line),
        cmocka_unit_test(test_syntax_errors_name_the_line),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_overlong_line),
        cmocka_unit_test(test_huge_file),
        cmocka_unit_test(test_text_need_not_be_terminated),
    };

    return cmocka_run_group_tests_name("ini", tests, NULL, NULL);
}
