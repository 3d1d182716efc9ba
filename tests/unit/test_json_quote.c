/* Tests for json_quote (src/core/json.c): quoting runs of plain text at
 * once writes exactly what quoting one character at a time wrote.  The
 * reference below is the per-character quoting as it was; the two must
 * agree on hostile strings (controls, quotes, backslashes, DEL, C1,
 * U+2028, every kind of invalid UTF-8) and on random ones, and fail
 * alike when the buffer's maximum is reached.  And the writer's
 * indentation, now one append, is what it was. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "core/text.h"

/* The quoting before runs: one character at a time. */
static int ref_quote(struct buf *out, const char *s)
{
    size_t len = strlen(s), off = 0;
    int rc = buf_addc(out, '"');

    while (rc == BUF_OK && off < len) {
        uint32_t cp;
        bool valid;
        size_t n = text_decode(s + off, len - off, &cp, &valid);

        if (!valid)
            rc = buf_adds(out, "\\ufffd");
        else if (cp == '"')
            rc = buf_adds(out, "\\\"");
        else if (cp == '\\')
            rc = buf_adds(out, "\\\\");
        else if (cp == '\n')
            rc = buf_adds(out, "\\n");
        else if (cp == '\r')
            rc = buf_adds(out, "\\r");
        else if (cp == '\t')
            rc = buf_adds(out, "\\t");
        else if (text_is_control(cp))
            rc = buf_printf(out, "\\u%04x", (unsigned)cp);
        else
            rc = buf_add(out, s + off, n);
        off += n;
    }
    if (rc == BUF_OK)
        rc = buf_addc(out, '"');
    return rc;
}

/* Both quotings of s, with room for max bytes (0: plenty). */
static void agree_max(const char *s, size_t max)
{
    struct buf got, want;
    int rc_got, rc_want;

    buf_init(&got, max ? max : 1u << 22);
    buf_init(&want, max ? max : 1u << 22);
    /* Something before, as in a document. */
    buf_adds(&got, "x:");
    buf_adds(&want, "x:");
    rc_got = json_quote(&got, s);
    rc_want = ref_quote(&want, s);
    assert_int_equal(rc_got, rc_want);
    if (rc_want == BUF_OK) {
        assert_int_equal(buf_len(&got), buf_len(&want));
        assert_memory_equal(buf_str(&got), buf_str(&want), buf_len(&want));
    }
    buf_free(&got);
    buf_free(&want);
}

static void agree(const char *s)
{
    agree_max(s, 0);
}

static void test_hostile(void **state)
{
    static const char *const cases[] = {
        "", "plain", "say \"hi\"", "back\\slash\\", "\\\"\\\"",
        "\x01\x02\x1f", "tab\there", "line\nbreak\r\n", "\b\f",
        "esc\x1b[2J", "del\x7f", "\x7f\x7f", "c1 \xc2\x80 \xc2\x9b \xc2\x9f",
        "nbsp \xc2\xa0", "line sep \xe2\x80\xa8 para sep \xe2\x80\xa9",
        "\xe4\xba\x91\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93",
        "emoji \xf0\x9f\x98\x80 end", "bad \xc3( byte", "\xff\xfe\xfd",
        "overlong \xc0\xaf \xe0\x80\xaf", "surrogate \xed\xa0\x80",
        "past max \xf4\x90\x80\x80", "cut at end \xe4\xba",
        "cut \xf0\x9f\x98", "\x80 lone continuation", "\xc2",
        "mixed \"\xe2\x80\xa8\x01\xc2\x85\\\xf0\x9f\x98\x80\xc3(",
        "U+FFFF \xef\xbf\xbf and U+FFFD \xef\xbf\xbd",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
        agree(cases[i]);
}

static uint64_t rng_state = 0x853c49e6748fea9bu;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Random strings: any bytes, and strings built from awkward pieces so
 * that runs start and end next to every kind of escape. */
static void test_random(void **state)
{
    static const char *const pieces[] = {
        "a", "plain text ", "\"", "\\", "\n", "\t", "\x01", "\x7f",
        "\xc2\x80", "\xc2\xa0", "\xe2\x80\xa8", "\xe4\xba\x91",
        "\xf0\x9f\x98\x80", "\xc3", "\xe4\xba", "\xff", "\xed\xa0\x80", "/"
    };
    char s[600];

    (void)state;
    for (int r = 0; r < 20000; r++) {
        size_t len = rng() % 200;

        for (size_t i = 0; i < len; i++) {
            s[i] = (char)(1 + rng() % 255);
        }
        s[len] = '\0';
        agree(s);
        len = 0;
        for (size_t k = rng() % 30; k-- > 0;) {
            const char *p = pieces[rng() % (sizeof(pieces) / sizeof(*pieces))];
            size_t n = strlen(p);

            memcpy(s + len, p, n);
            len += n;
        }
        s[len] = '\0';
        agree(s);
    }
}

/* Out of room: the same error, at every maximum. */
static void test_room(void **state)
{
    static const char s[] = "ab\"c\xe4\xba\x91\x01 long enough to be cut "
                            "\xf0\x9f\x98\x80\\";

    (void)state;
    for (size_t max = 1; max < 80; max++)
        agree_max(s, max);
}

/* A long string of plain text, and one of Chinese text. */
static void test_long(void **state)
{
    size_t n = 1u << 20;
    char *s = malloc(n + 1);

    (void)state;
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)('a' + i % 26);
    s[n] = '\0';
    agree(s);
    for (size_t i = 0; i + 3 <= n; i += 3)
        memcpy(s + i, "\xe4\xba\x91", 3);
    s[n - n % 3] = '\0';
    agree(s);
    free(s);
}

/* The writer's indentation, written in one append now: deep and wide
 * (past the 64 spaces it writes at once) it is still depth x indent. */
static void test_indentation(void **state)
{
    struct json_writer w;
    struct buf out;
    const char *p;
    int depth = 0;

    (void)state;
    buf_init(&out, 1u << 20);
    json_writer_init(&w, &out, 5);
    for (int i = 0; i < JSON_DEPTH_MAX; i++)
        json_begin_array(&w);
    json_string(&w, "x");
    for (int i = 0; i < JSON_DEPTH_MAX; i++)
        json_end_array(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    /* Each line: its depth times five spaces, then a bracket or "x". */
    p = buf_str(&out);
    for (int line = 0; *p; line++) {
        size_t spaces = strspn(p, " ");
        int want = line <= JSON_DEPTH_MAX ? line : 2 * JSON_DEPTH_MAX - line;

        assert_int_equal(spaces, (size_t)want * 5);
        depth = want;
        p = strchr(p, '\n');
        assert_non_null(p);
        p++;
    }
    assert_int_equal(depth, 0);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_room),
        cmocka_unit_test(test_long),
        cmocka_unit_test(test_indentation),
    };

    return cmocka_run_group_tests_name("json_quote", tests, NULL, NULL);
}
