/* Tests for src/core/catalog_fast.c: the fast reader gives what the full
 * parser gives (the same entries, or the same message), on files made to
 * be awkward and on thousands of mutations of one; and it does take the
 * files it is for, so that a change that makes it stand aside from
 * everything fails here rather than only in the benchmark. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/catalog_impl.h"
#include "core/file.h"

#define ENTRY(svc, role, product) \
    "{\"service_name\":\"" svc "\",\"role_name\":\"" role \
    "\",\"product\":\"" product "\"}"

/* What a test expects of the fast reader. */
enum want {
    TAKES,      /* reads it (OK, or FAILED for duplicates) */
    DEFERS,     /* leaves it to the full parser */
    EITHER
};

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void assert_same_entries(const struct catalog *x,
                                const struct catalog *y)
{
    assert_int_equal(x->count, y->count);
    for (size_t i = 0; i < x->count; i++) {
        struct catalog_entry *a = &x->entries[i], *b = &y->entries[i];

        for (size_t f = 0; f < CATALOG_FIELDS; f++)
            if (!same_text(*catalog_slot(a, f), *catalog_slot(b, f)))
                fail_msg("entry %zu, %s: \"%s\" and \"%s\"", i + 1,
                         catalog_fields[f].key,
                         *catalog_slot(a, f) ? *catalog_slot(a, f) : "(null)",
                         *catalog_slot(b, f) ? *catalog_slot(b, f)
                                             : "(null)");
        assert_int_equal(a->custom_suffix, b->custom_suffix);
    }
}

/* Reads text[0..len) with both readers and with catalog_parse; they
 * must agree.  Returns what the fast reader did. */
static enum catalog_read agree(const char *text, size_t len, enum want want)
{
    struct catalog fast, full, parsed;
    struct buf fast_err, full_err, parsed_err;
    enum catalog_read r;
    int full_rc, parsed_rc;
    /* The readers get bytes that are not NUL-terminated, as the file
     * reader's are not promised to be. */
    char *copy = malloc(len ? len : 1);

    assert_non_null(copy);
    memcpy(copy, text, len);
    buf_init(&fast_err, 4096);
    buf_init(&full_err, 4096);
    buf_init(&parsed_err, 4096);
    r = catalog_read_fast(&fast, copy, len, "cat.json", &fast_err);
    full_rc = catalog_read_full(&full, copy, len, "cat.json", &full_err);
    parsed_rc = catalog_parse(&parsed, copy, len, "cat.json", &parsed_err);
    /* The fast reader never writes into the caller's bytes. */
    assert_memory_equal(copy, text, len);
    switch (r) {
    case CATALOG_READ_OK:
        if (full_rc != 0)
            fail_msg("fast reader took what the full parser refuses: %s",
                     buf_str(&full_err));
        assert_same_entries(&fast, &full);
        break;
    case CATALOG_READ_FAILED:
        assert_int_equal(full_rc, -1);
        assert_string_equal(buf_str(&fast_err), buf_str(&full_err));
        assert_null(fast.entries);
        assert_int_equal(fast.count, 0);
        break;
    case CATALOG_READ_DEFER:
        assert_null(fast.entries);
        assert_int_equal(fast.count, 0);
        break;
    }
    assert_int_equal(parsed_rc, full_rc);
    if (full_rc == 0)
        assert_same_entries(&parsed, &full);
    else
        assert_string_equal(buf_str(&parsed_err), buf_str(&full_err));
    if (want == TAKES && r == CATALOG_READ_DEFER)
        fail_msg("the fast reader left this to the full parser: %.*s",
                 (int)(len < 300 ? len : 300), text);
    if (want == DEFERS && r != CATALOG_READ_DEFER)
        fail_msg("the fast reader took this: %.*s",
                 (int)(len < 300 ? len : 300), text);
    catalog_free(&fast);
    catalog_free(&full);
    catalog_free(&parsed);
    buf_free(&fast_err);
    buf_free(&full_err);
    buf_free(&parsed_err);
    free(copy);
    return r;
}

static enum catalog_read agree_str(const char *text, enum want want)
{
    return agree(text, strlen(text), want);
}

static const char *bundled_path(void)
{
    const char *p = getenv("LINKROLE_CATALOG");

    return p && *p ? p : "data/services.json";
}

static void test_bundled_is_read_fast(void **state)
{
    char *text = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(file_read(bundled_path(), CATALOG_FILE_MAX, &text, &len,
                               NULL, NULL), FILE_READ_OK);
    assert_int_equal(agree(text, len, TAKES), CATALOG_READ_OK);
    free(text);
}

/* Escapes JSON allows in text, \u sequences in either case, surrogate
 * pairs (four bytes of UTF-8), and the same characters raw. */
static void test_escapes(void **state)
{
    static const char *const ok[] = {
        "[" ENTRY("a.x", "A", "say \\\"hi\\\" \\\\ a\\/b") "]",
        "[" ENTRY("a.x", "A", "caf\\u00e9 caf\\u00E9 caf\xc3\xa9") "]",
        "[" ENTRY("a.x", "A", "\\u4e91\\u6570\\u636e\\u5e93") "]",
        "[" ENTRY("a.x", "A", "\\uD83D\\uDE00 \\ud83d\\ude00 "
                  "\xf0\x9f\x98\x80") "]",
        "[" ENTRY("a.x", "A", "\\uDBFF\\uDFFF max") "]",
        "[" ENTRY("a.x", "A", "\\u0041\\u007e\\u00a0\\u20ac\\uffff") "]",
        "[" ENTRY("a.x", "A", "\\u00e9") "]",
        "[" ENTRY("a\\u002ex", "\\u0041", "escaped names") "]",
        "[" ENTRY("a.x", "A", "x\\\\u0000y") "]",
        /* Escapes in values nobody reads, and in the names' values. */
        "[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":\"P\","
        "\"other\":\"\\n\\t\\b\\f\\r\\u001b\\ud800\\udc00\"}]",
        "{\"comment\":\"\\u00e9\\n\",\"services\":[" ENTRY("a.x", "A", "P")
        "]}",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
        agree_str(ok[i], TAKES);
}

/* What the full parser refuses or reads leniently: the fast reader
 * leaves it, and the answer is the full parser's. */
static void test_hostile_strings(void **state)
{
    static const char *const bad[] = {
        "[" ENTRY("a.x", "A", "line\\nbreak") "]",
        "[" ENTRY("a.x", "A", "esc\\u001b[2J") "]",
        "[" ENTRY("a.x", "A", "c1\\u009b2J") "]",
        "[" ENTRY("a.x", "A", "del\\u007f") "]",
        "[" ENTRY("a.x", "A", "del\x7f") "]",
        "[" ENTRY("a.x", "A", "nul\\u0000") "]",
        "[" ENTRY("a.x", "A", "lone \\ud800 high") "]",
        "[" ENTRY("a.x", "A", "lone \\udc00 low") "]",
        "[" ENTRY("a.x", "A", "\\ud800\\u0041 unpaired") "]",
        "[" ENTRY("a.x", "A", "\\ud800\\ud800 two highs") "]",
        "[" ENTRY("a.x", "A", "\\ud800") "]",
        "[" ENTRY("a.x", "A", "short \\u12") "]",
        "[" ENTRY("a.x", "A", "bad hex \\u12G4 read as NUL") "]",
        "[" ENTRY("a.x", "A", "unknown \\x41 escape") "]",
        "[" ENTRY("a.x", "A", "bad \xc3( utf-8") "]",
        "[" ENTRY("a.x", "A", "overlong \xc0\xaf") "]",
        "[" ENTRY("a.x", "A", "surrogate \xed\xa0\x80 in UTF-8") "]",
        "[" ENTRY("a.x", "A", "cut \xe4\xba") "]",
        "[" ENTRY("a.x", "A", "raw\ttab") "]",
        "[" ENTRY("a.x", "A", "\xf4\x90\x80\x80 past U+10FFFF") "]",
        "[{\"service\\u005fname\":\"a.x\",\"role_name\":\"A\","
        "\"product\":\"escaped member name\"}]",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        agree_str(bad[i], DEFERS);
}

/* Not a string in the field, nulls, defaults, duplicate members (the
 * first one counts, as cJSON finds it). */
static void test_members(void **state)
{
    (void)state;
    agree_str("[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":"
              "\"P\",\"product_zh\":null,\"note\":null,\"custom_suffix\":"
              "true}," ENTRY("b.x", "B", "Q") ",{\"service_name\":\"c.x\","
              "\"role_name\":\"C\",\"product\":\"R\",\"custom_suffix\":"
              "false},{\"service_name\":\"d.x\",\"role_name\":\"D\","
              "\"product\":\"S\",\"custom_suffix\":null}]", TAKES);
    agree_str("[{\"service_name\":\"a.x\",\"service_name\":\"b.x\","
              "\"role_name\":\"A\",\"product\":\"P\",\"product\":7,"
              "\"custom_suffix\":true,\"custom_suffix\":\"yes\"}]", TAKES);
    agree_str("[{\"product_zh\":null,\"product_zh\":\"x\",\"service_name\":"
              "\"a.x\",\"role_name\":\"A\",\"product\":\"P\"}]", TAKES);
    agree_str("[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":"
              "null}]", DEFERS);
    agree_str("[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":"
              "\"\"}]", DEFERS);
    agree_str("[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":"
              "\"P\",\"purpose\":[]}]", DEFERS);
    agree_str("[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":"
              "\"P\",\"custom_suffix\":1}]", DEFERS);
    agree_str("[{\"service_name\":\"A.X\",\"role_name\":\"A\",\"product\":"
              "\"P\"}]", DEFERS);
    agree_str("[{\"service_name\":\"a.x\",\"role_name\":\"A B\","
              "\"product\":\"P\"}]", DEFERS);
    agree_str("[{}]", DEFERS);
    agree_str("[" ENTRY("a.x", "A", "P") ",7]", DEFERS);
    agree_str("[]", DEFERS);
}

/* The top level: the object with its schema (first member of a name
 * counts), the bare array, what surrounds them. */
static void test_document(void **state)
{
    (void)state;
    agree_str("{\"schema\":1,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              TAKES);
    agree_str("{\"services\":[" ENTRY("a.x", "A", "P") "],\"schema\":1}",
              TAKES);
    agree_str("{\"services\":[" ENTRY("a.x", "A", "P") "]}", TAKES);
    agree_str("{\"schema\":1,\"schema\":2,\"services\":["
              ENTRY("a.x", "A", "P") "],\"services\":7}", TAKES);
    agree_str(" \r\n\t[" ENTRY("a.x", "A", "P") "] \n\t\r ", TAKES);
    agree_str("{\"x\":{\"a\":[1,-2.5e+3,0,1E9,true,false,null,\"s\",{}],"
              "\"b\":[]},\"services\":[" ENTRY("a.x", "A", "P") "]}", TAKES);
    agree_str("{\"schema\":2,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              DEFERS);
    agree_str("{\"schema\":1.0,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              DEFERS);
    agree_str("{\"schema\":\"1\",\"services\":[" ENTRY("a.x", "A", "P")
              "]}", DEFERS);
    agree_str("{\"schema\":1}", DEFERS);
    agree_str("{\"services\":{}}", DEFERS);
    agree_str("{\"services\":[]}", DEFERS);
    agree_str("42", DEFERS);
    agree_str("", DEFERS);
    agree_str("[" ENTRY("a.x", "A", "P") "] x", DEFERS);
    agree_str("[" ENTRY("a.x", "A", "P") "", DEFERS);
    agree_str("[" ENTRY("a.x", "A", "P") ",]", DEFERS);
    agree_str("\xef\xbb\xbf[" ENTRY("a.x", "A", "P") "]", DEFERS);
    agree_str("\f[" ENTRY("a.x", "A", "P") "]", DEFERS);
    agree_str("[\v" ENTRY("a.x", "A", "P") "]", DEFERS);
    /* Numbers cJSON reads and JSON does not write. */
    agree_str("{\"n\":01,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              DEFERS);
    agree_str("{\"n\":+1,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              DEFERS);
    agree_str("{\"n\":1.,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              DEFERS);
    agree_str("{\"n\":-,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              DEFERS);
    agree_str("{\"n\":1e,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              DEFERS);
    agree_str("{\"n\":nul,\"services\":[" ENTRY("a.x", "A", "P") "]}",
              DEFERS);
}

/* Nesting in a value nobody reads: shallow is read, deep is cJSON's
 * (which stops at 1000). */
static void test_nesting(void **state)
{
    struct buf b;

    (void)state;
    for (size_t depth = 1; depth <= 1100; depth += depth < 70 ? 1 : 500) {
        buf_init(&b, 1u << 20);
        buf_adds(&b, "{\"deep\":");
        for (size_t i = 0; i < depth; i++)
            buf_adds(&b, i % 2 ? "{\"k\":" : "[");
        buf_adds(&b, "1");
        for (size_t i = depth; i-- > 0;)
            buf_adds(&b, i % 2 ? "}" : "]");
        buf_adds(&b, ",\"services\":[" ENTRY("a.x", "A", "P") "]}");
        agree(buf_str(&b), buf_len(&b), depth < 60 ? TAKES
                                        : depth > 70 ? DEFERS : EITHER);
        buf_free(&b);
    }
}

/* Text at and past the 4096-byte limit, raw and escaped. */
static void test_huge_strings(void **state)
{
    static const struct {
        size_t count;
        const char *unit;
        enum want want;
    } cases[] = {
        { 4096, "a", TAKES },
        { 4097, "a", DEFERS },
        { 2048, "\xc3\xa9", TAKES },
        { 2048, "\\u00e9", TAKES },        /* 4096 bytes once read */
        { 2049, "\\u00e9", DEFERS },
        { 1024, "\\ud83d\\ude00", TAKES },
        { 1025, "\\ud83d\\ude00", DEFERS },
        { 4096, "\\\"", TAKES },
        { 60000, "\\/", DEFERS },
        { 100000, "b", DEFERS },
    };
    struct buf b;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        buf_init(&b, 4u << 20);
        buf_adds(&b, "[{\"service_name\":\"a.x\",\"role_name\":\"A\","
                     "\"product\":\"P\",\"purpose\":\"");
        for (size_t k = 0; k < cases[i].count; k++)
            buf_adds(&b, cases[i].unit);
        buf_adds(&b, "\",\"note\":\"");
        for (size_t k = 0; k < cases[i].count; k++)
            buf_adds(&b, "z");
        buf_adds(&b, "\"}]");
        /* note as long as purpose: past the limit, both are refused. */
        agree(buf_str(&b), buf_len(&b),
              cases[i].count > 4096 ? DEFERS : cases[i].want);
        buf_free(&b);
    }
}

/* Duplicates are the fast reader's to report, in the same words. */
static void test_duplicates(void **state)
{
    (void)state;
    assert_int_equal(agree_str("[" ENTRY("a.x", "A", "P") ","
                               ENTRY("b.x", "B", "P") ","
                               ENTRY("a.x", "C", "P") "]", TAKES),
                     CATALOG_READ_FAILED);
    assert_int_equal(agree_str("[" ENTRY("a.x", "RoleA", "P") ","
                               ENTRY("b.x", "ROLEA", "P") "]", TAKES),
                     CATALOG_READ_FAILED);
    /* The same names, one written with escapes. */
    assert_int_equal(agree_str("[" ENTRY("a.x", "A", "P") ","
                               ENTRY("a\\u002ex", "B", "P") "]", TAKES),
                     CATALOG_READ_FAILED);
    assert_int_equal(agree_str("[" ENTRY("a.x", "Ro\\u006ceLongerThanEight",
                                         "P") ","
                               ENTRY("b.x", "ROLELONGERTHANEIGHT", "P") "]",
                               TAKES),
                     CATALOG_READ_FAILED);
    /* Several: the first entry that repeats an earlier one. */
    assert_int_equal(agree_str("[" ENTRY("z.x", "A", "P") ","
                               ENTRY("b.x", "B", "P") ","
                               ENTRY("b.x", "C", "P") ","
                               ENTRY("z.x", "D", "P") ","
                               ENTRY("b.x", "E", "P") "]", TAKES),
                     CATALOG_READ_FAILED);
}

/* The full parser's answer on a duplicate names the first entry, in
 * file order, that repeats an earlier one. */
static void test_duplicate_message(void **state)
{
    struct catalog c;
    struct buf err;
    static const char text[] = "[" ENTRY("z.x", "A", "P") ","
        ENTRY("b.x", "B", "P") "," ENTRY("b.x", "C", "P") ","
        ENTRY("z.x", "D", "P") "]";

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&c, text, strlen(text), "cat.json", &err),
                     -1);
    assert_string_equal(buf_str(&err), "cat.json: entry 3: duplicate "
                        "service_name \"b.x\" (also entry 2)");
    buf_free(&err);
}

/* A catalogue with every kind of text the fast reader takes, then a few
 * thousand mutations of it (bytes changed, removed, repeated; cut at
 * every length): whatever each is, the readers agree. */
static const char seed[] =
    "{\n  \"schema\": 1,\n  \"note\": [1, -2.5e3, {\"k\": null}],\n"
    "  \"services\": [\n"
    "    {\"service_name\": \"polardb.aliyuncs.com\", \"role_name\": "
    "\"AliyunServiceRoleForPolarDB\", \"product\": \"PolarDB\", "
    "\"product_zh\": \"\xe4\xba\x91\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93 "
    "PolarDB\", \"product_zh_tw\": \"\\u96f2\\u7aef PolarDB\", "
    "\"purpose\": \"Preset SLR (\\\"polardb\\\"): \\ud83d\\ude00\", "
    "\"custom_suffix\": null, \"source\": \"a\\/b\", \"x\": true},\n"
    "    {\"service_name\": \"dbs.aliyuncs.com\", \"role_name\": "
    "\"AliyunServiceRoleForDBS\", \"product\": \"Database Backup\", "
    "\"custom_suffix\": false, \"note\": \"caf\\u00e9\"}\n"
    "  ]\n}\n";

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static void test_mutations(void **state)
{
    static const char alphabet[] = "\"\\{}[]:,u0aAdD9e.- \n\t\x01\x80\xc3"
                                   "\xed\xf0\xff";
    char text[sizeof(seed) * 2];
    size_t len, taken = 0, runs = 6000;

    (void)state;
    assert_int_equal(agree(seed, sizeof(seed) - 1, TAKES), CATALOG_READ_OK);
    for (size_t cut = 0; cut < sizeof(seed) - 1; cut++)
        agree(seed, cut, EITHER);
    for (size_t r = 0; r < runs; r++) {
        size_t edits = 1 + rng() % 3;

        memcpy(text, seed, sizeof(seed) - 1);
        len = sizeof(seed) - 1;
        for (size_t k = 0; k < edits; k++) {
            size_t at = rng() % len;
            char c = rng() % 2 ? alphabet[rng() % (sizeof(alphabet) - 1)]
                               : (char)rng();

            switch (rng() % 3) {
            case 0:
                text[at] = c;
                break;
            case 1:
                memmove(text + at, text + at + 1, len - at - 1);
                len--;
                break;
            default:
                memmove(text + at + 1, text + at, len - at);
                text[at] = c;
                len++;
                break;
            }
        }
        if (agree(text, len, EITHER) != CATALOG_READ_DEFER)
            taken++;
    }
    /* Most single edits land in text or are refused by both: the fast
     * reader takes a good share (a failure here means it stands aside
     * from too much). */
    if (taken < runs / 10)
        fail_msg("the fast reader took only %zu of %zu mutations", taken,
                 runs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_is_read_fast),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_hostile_strings),
        cmocka_unit_test(test_members),
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_huge_strings),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_duplicate_message),
        cmocka_unit_test(test_mutations),
    };

    return cmocka_run_group_tests_name("catalog_fast", tests, NULL, NULL);
}
