/* Tests for src/core/catalog.c: loading, validation messages, search. */
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

#include "core/catalog.h"

#define ENTRY(svc, role, product) \
    "{\"service_name\":\"" svc "\",\"role_name\":\"" role \
    "\",\"product\":\"" product "\"}"

static const char *bundled_path(void)
{
    const char *p = getenv("LINKROLE_CATALOG");

    return p && *p ? p : "data/services.json";
}

/* Parses text expecting failure; returns the message (static storage). */
static const char *parse_error(const char *text)
{
    static char msg[512];
    struct catalog c;
    struct buf err;

    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&c, text, strlen(text), "cat.json", &err),
                     -1);
    assert_int_equal(c.count, 0);
    assert_null(c.entries);
    snprintf(msg, sizeof(msg), "%s", buf_str(&err));
    buf_free(&err);
    return msg;
}

static void parse_ok(struct catalog *c, const char *text)
{
    struct buf err;

    buf_init(&err, 4096);
    if (catalog_parse(c, text, strlen(text), "cat.json", &err))
        fail_msg("unexpected error: %s", buf_str(&err));
    buf_free(&err);
}

/* --- the bundled file ----------------------------------------------------- */

static void test_bundled_loads(void **state)
{
    struct catalog c;
    struct buf err;
    const struct catalog_entry *e;

    (void)state;
    buf_init(&err, 4096);
    if (catalog_load(&c, bundled_path(), &err))
        fail_msg("%s", buf_str(&err));
    assert_int_equal(c.count, 220);
    e = catalog_find(&c, "polardb.aliyuncs.com");
    assert_non_null(e);
    assert_string_equal(e->role_name, "AliyunServiceRoleForPolarDB");
    assert_string_equal(e->product, "PolarDB");
    assert_string_equal(e->policy_name, "AliyunServiceRolePolicyForPolarDB");
    assert_int_equal(e->custom_suffix, CATALOG_SUFFIX_UNKNOWN);
    e = catalog_find(&c, "dbs.aliyuncs.com");
    assert_non_null(e);
    assert_string_equal(e->role_name, "AliyunServiceRoleForDBS");
    assert_non_null(e->description_zh);
    catalog_free(&c);
    buf_free(&err);
}

static void test_bundled_polar_finds_polardb_first(void **state)
{
    struct catalog c;
    struct catalog_hit *hits;
    struct buf err;
    size_t n;

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_load(&c, bundled_path(), &err), 0);
    hits = calloc(c.count, sizeof(*hits));
    assert_non_null(hits);
    n = catalog_search(&c, "polar", hits);
    assert_true(n >= 2);
    assert_string_equal(c.entries[hits[0].index].service_name,
                        "polardb.aliyuncs.com");
    n = catalog_search(&c, "POLARDB", hits);
    assert_string_equal(c.entries[hits[0].index].product, "PolarDB");
    free(hits);
    catalog_free(&c);
    buf_free(&err);
}

/* Characters that exist only in Simplified writing, common in product
 * names and in the preset descriptions: a Traditional text holding one
 * was copied, not translated. */
static const char *const simplified_only[] = {
    "云", "数", "据", "库", "务", "关", "联", "访", "问", "产", "资",
    "络", "应", "实", "储", "网", "监", "码", "计", "开", "发", "为",
    "这", "个", "们", "对", "设", "备", "证", "书", "负", "载", "录",
    "审", "运", "维", "费", "视", "边", "节", "点", "钥", "户", "专"
};

static void assert_traditional(const struct catalog_entry *e, const char *s)
{
    for (size_t i = 0; i < sizeof(simplified_only) / sizeof(*simplified_only);
         i++)
        if (strstr(s, simplified_only[i]))
            fail_msg("%s: \"%s\" has the Simplified %s", e->service_name, s,
                     simplified_only[i]);
}

/* Every bundled service has a Taiwan name, a Taiwan description
 * wherever it has a description in another language (a few services
 * have none in any: no source gives one), and both Chinese purposes
 * wherever it has a purpose. */
static void test_bundled_has_zh_tw(void **state)
{
    struct catalog c;
    struct buf err;

    (void)state;
    buf_init(&err, 4096);
    if (catalog_load(&c, bundled_path(), &err))
        fail_msg("%s", buf_str(&err));
    for (size_t i = 0; i < c.count; i++) {
        const struct catalog_entry *e = &c.entries[i];

        if (!e->product_zh || !*e->product_zh || !e->product_zh_tw ||
            !*e->product_zh_tw)
            fail_msg("%s: no product_zh or product_zh_tw", e->service_name);
        assert_traditional(e, e->product_zh_tw);
        if ((e->description_en || e->description_zh) &&
            (!e->description_zh_tw || !*e->description_zh_tw))
            fail_msg("%s: no description_zh_tw", e->service_name);
        if (e->description_zh_tw)
            assert_traditional(e, e->description_zh_tw);
        if (e->purpose && (!e->purpose_zh || !*e->purpose_zh ||
                           !e->purpose_zh_tw || !*e->purpose_zh_tw))
            fail_msg("%s: no purpose_zh or purpose_zh_tw", e->service_name);
        if (e->purpose_zh_tw)
            assert_traditional(e, e->purpose_zh_tw);
    }
    catalog_free(&c);
    buf_free(&err);
}

/* 数据库 (Simplified) and 資料庫 (Taiwan: another word, not another way
 * of writing the same characters) both find Database Backup. */
static void test_bundled_search_in_both_scripts(void **state)
{
    static const char *const queries[] = {
        "\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93",      /* 数据库 */
        "\xe8\xb3\x87\xe6\x96\x99\xe5\xba\xab",      /* 資料庫 */
        "\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93\xe5\xa4\x87\xe4\xbb\xbd",
        "\xe8\xb3\x87\xe6\x96\x99\xe5\xba\xab\xe5\x82\x99\xe4\xbb\xbd"
    };
    struct catalog c;
    struct catalog_hit *hits;
    struct buf err;

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_load(&c, bundled_path(), &err), 0);
    hits = calloc(c.count, sizeof(*hits));
    assert_non_null(hits);
    for (size_t q = 0; q < sizeof(queries) / sizeof(*queries); q++) {
        size_t n = catalog_search(&c, queries[q], hits);
        bool dbs = false;

        for (size_t i = 0; i < n; i++)
            dbs |= strcmp(c.entries[hits[i].index].service_name,
                          "dbs.aliyuncs.com") == 0;
        if (!dbs)
            fail_msg("\"%s\" does not find dbs.aliyuncs.com", queries[q]);
        /* The whole name ranks first. */
        if (q >= 2)
            assert_string_equal(c.entries[hits[0].index].service_name,
                                "dbs.aliyuncs.com");
    }
    free(hits);
    catalog_free(&c);
    buf_free(&err);
}

/* --- search --------------------------------------------------------------- */

static const char ranking[] =
    "[" ENTRY("ruleengine-polardb.iot.aliyuncs.com",
              "AliyunServiceRoleForIoTRuleenginePolarDB", "IoT Platform") ","
    ENTRY("apolar.aliyuncs.com", "AliyunServiceRoleForApolar", "Apolarity") ","
    ENTRY("polardb.aliyuncs.com", "AliyunServiceRoleForPolarDB", "PolarDB") ","
    ENTRY("polar.aliyuncs.com", "AliyunServiceRoleForPolar", "Polar") ","
    ENTRY("x.aliyuncs.com", "AliyunServiceRoleForX", "Something Polar") ","
    ENTRY("backup.polar.aliyuncs.com", "AliyunServiceRoleForY", "Y") ","
    "{\"service_name\":\"cn.aliyuncs.com\",\"role_name\":\"R\","
    "\"product\":\"Chinese\",\"product_zh\":\"\xe4\xba\x91\xe6\x95\xb0"
    "\xe6\x8d\xae\xe5\xba\x93 PolarDB\"}"
    "]";

static size_t search(const struct catalog *c, const char *q,
                     const char **names, size_t max)
{
    struct catalog_hit hits[16];
    size_t n = catalog_search(c, q, hits);

    assert_true(n <= 16);
    for (size_t i = 0; i < n && i < max; i++)
        names[i] = c->entries[hits[i].index].service_name;
    return n;
}

static void test_search_ranks_exact_prefix_word_substring(void **state)
{
    struct catalog c;
    const char *names[16];
    size_t n;

    (void)state;
    parse_ok(&c, ranking);
    n = search(&c, "polar", names, 16);
    assert_int_equal(n, 7);
    /* Whole product "Polar", product prefix "PolarDB", a word of the
     * product "Something Polar", then a word of the service name (the IoT
     * entry and "backup.polar" tie, so catalogue order decides), then
     * the mere substring in "Apolarity" and, later in the catalogue, in
     * the Chinese name "云数据库 PolarDB" (case ignored there too). */
    assert_string_equal(names[0], "polar.aliyuncs.com");
    assert_string_equal(names[1], "polardb.aliyuncs.com");
    assert_string_equal(names[2], "x.aliyuncs.com");
    assert_string_equal(names[3], "ruleengine-polardb.iot.aliyuncs.com");
    assert_string_equal(names[4], "backup.polar.aliyuncs.com");
    assert_string_equal(names[5], "apolar.aliyuncs.com");
    assert_string_equal(names[6], "cn.aliyuncs.com");
    catalog_free(&c);
}

static void test_search_terms_all_must_match(void **state)
{
    struct catalog c;
    const char *names[16];

    (void)state;
    parse_ok(&c, ranking);
    assert_int_equal(search(&c, "  polar   iot ", names, 16), 1);
    assert_string_equal(names[0], "ruleengine-polardb.iot.aliyuncs.com");
    assert_int_equal(search(&c, "polar nothing-like-this", names, 16), 0);
    catalog_free(&c);
}

static void test_search_matches_role_name_and_case(void **state)
{
    struct catalog c;
    const char *names[16];

    (void)state;
    parse_ok(&c, ranking);
    assert_int_equal(search(&c, "ROLEFORAPOLAR", names, 16), 1);
    assert_string_equal(names[0], "apolar.aliyuncs.com");
    catalog_free(&c);
}

static void test_search_empty_query_keeps_order(void **state)
{
    struct catalog c;
    const char *names[16];

    (void)state;
    parse_ok(&c, ranking);
    assert_int_equal(search(&c, "", names, 16), 7);
    assert_string_equal(names[0], "ruleengine-polardb.iot.aliyuncs.com");
    assert_string_equal(names[6], "cn.aliyuncs.com");
    assert_int_equal(search(&c, "   ", names, 16), 7);
    catalog_free(&c);
}

static void test_search_chinese_product_name(void **state)
{
    struct catalog c;
    const char *names[16];

    (void)state;
    parse_ok(&c, ranking);
    assert_int_equal(search(&c, "\xe6\x95\xb0\xe6\x8d\xae", names, 16), 1);
    assert_string_equal(names[0], "cn.aliyuncs.com");
    catalog_free(&c);
}

/* Both Chinese names are searched, whatever the language shown, with
 * ASCII case ignored inside them; a missing one is no match. */
static const char scripts[] =
    "[{\"service_name\":\"dbs.x\",\"role_name\":\"Dbs\","
    "\"product\":\"Database Backup\","
    "\"product_zh\":\"\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93\xe5\xa4\x87"
    "\xe4\xbb\xbd\",\"product_zh_tw\":\"\xe8\xb3\x87\xe6\x96\x99\xe5\xba"
    "\xab\xe5\x82\x99\xe4\xbb\xbd\"},"
    "{\"service_name\":\"cn.x\",\"role_name\":\"Cn\",\"product\":\"Cn\","
    "\"product_zh\":\"\xe4\xba\x91\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93 "
    "RDS\"},"
    "{\"service_name\":\"tw.x\",\"role_name\":\"Tw\",\"product\":\"Tw\","
    "\"product_zh_tw\":\"\xe9\x9b\xb2\xe7\xab\xaf\xe8\xb3\x87\xe6\x96\x99"
    "\xe5\xba\xab Zq\"},"
    "{\"service_name\":\"none.x\",\"role_name\":\"None\","
    "\"product\":\"None\"}]";

static void test_search_both_scripts(void **state)
{
    struct catalog c;
    const char *names[16];

    (void)state;
    parse_ok(&c, scripts);
    /* 数据库: the Simplified names. */
    assert_int_equal(search(&c, "\xe6\x95\xb0\xe6\x8d\xae\xe5\xba\x93",
                            names, 16), 2);
    assert_string_equal(names[0], "dbs.x");
    assert_string_equal(names[1], "cn.x");
    /* 資料庫: the Taiwan names. */
    assert_int_equal(search(&c, "\xe8\xb3\x87\xe6\x96\x99\xe5\xba\xab",
                            names, 16), 2);
    assert_string_equal(names[0], "dbs.x");
    assert_string_equal(names[1], "tw.x");
    /* The whole Taiwan name first; with a second term in Latin letters,
     * any case. */
    assert_int_equal(search(&c, "\xe8\xb3\x87\xe6\x96\x99\xe5\xba\xab\xe5"
                            "\x82\x99\xe4\xbb\xbd", names, 16), 1);
    assert_string_equal(names[0], "dbs.x");
    assert_int_equal(search(&c, "\xe8\xb3\x87\xe6\x96\x99\xe5\xba\xab ZQ",
                            names, 16), 1);
    assert_string_equal(names[0], "tw.x");
    /* Terms in the two scripts must each match one of the names. */
    assert_int_equal(search(&c, "\xe6\x95\xb0\xe6\x8d\xae \xe8\xb3\x87"
                            "\xe6\x96\x99", names, 16), 1);
    assert_string_equal(names[0], "dbs.x");
    catalog_free(&c);
}

static void test_zh_tw_fields_optional(void **state)
{
    struct catalog c;

    (void)state;
    parse_ok(&c, scripts);
    assert_non_null(c.entries[0].product_zh_tw);
    assert_null(c.entries[0].description_zh_tw);
    assert_null(c.entries[0].purpose_zh);
    assert_null(c.entries[0].purpose_zh_tw);
    assert_null(c.entries[1].product_zh_tw);
    assert_null(c.entries[3].product_zh);
    assert_null(c.entries[3].product_zh_tw);
    catalog_free(&c);
}

/* Where only the role name matches, a word starting at a change from a
 * lower-case to a capital letter ("...RoleForIot|Polar") outranks the
 * same letters inside a word ("...RoleForXpolar", "...ForYPOLAR"), even
 * when it comes later in the catalogue. */
static void test_search_word_starts_at_case_change(void **state)
{
    static const char cat[] = "["
        ENTRY("a.aliyuncs.com", "AliyunServiceRoleForXpolar", "A") ","
        ENTRY("b.aliyuncs.com", "AliyunServiceRoleForYPOLAR", "B") ","
        ENTRY("c.aliyuncs.com", "AliyunServiceRoleForIotPolar", "C") ","
        ENTRY("d.aliyuncs.com", "AliyunServiceRoleFor3Polar", "D") "]";
    struct catalog c;
    const char *names[16];

    (void)state;
    parse_ok(&c, cat);
    assert_int_equal(search(&c, "polar", names, 16), 4);
    assert_string_equal(names[0], "c.aliyuncs.com");
    /* A digit is no lower-case letter: "3Polar" is one word. */
    assert_string_equal(names[1], "a.aliyuncs.com");
    assert_string_equal(names[2], "b.aliyuncs.com");
    assert_string_equal(names[3], "d.aliyuncs.com");
    /* "For" starts a word of every role name: ties, in catalogue order. */
    assert_int_equal(search(&c, "for", names, 16), 4);
    assert_string_equal(names[0], "a.aliyuncs.com");
    assert_string_equal(names[3], "d.aliyuncs.com");
    catalog_free(&c);
}

/* The kind of match ranks first (whole field, prefix, word, inside a
 * word); the same kind ranks by the field it is in -- product, then
 * service name, then role name -- whatever the catalogue order; equal
 * scores keep catalogue order. */
static void test_search_ties_broken_by_field_then_order(void **state)
{
    static const char cat[] = "["
        ENTRY("one.aliyuncs.com", "AliyunServiceRoleForZeta", "One") ","
        ENTRY("x.zeta.aliyuncs.com", "AliyunServiceRoleForTwo", "Two") ","
        ENTRY("three.aliyuncs.com", "AliyunServiceRoleForThree",
              "Big Zeta") ","
        ENTRY("same1.aliyuncs.com", "AliyunServiceRoleForS1", "Same") ","
        ENTRY("same2.aliyuncs.com", "AliyunServiceRoleForS2", "Same") ","
        ENTRY("same3.aliyuncs.com", "AliyunServiceRoleForS3", "Same") ","
        ENTRY("zp.aliyuncs.com", "AliyunServiceRoleForZp", "Zetaplus") "]";
    struct catalog c;
    const char *names[16];

    (void)state;
    parse_ok(&c, cat);
    /* The kind first: a prefix (last in the catalogue) before words. */
    assert_int_equal(search(&c, "zeta", names, 16), 4);
    assert_string_equal(names[0], "zp.aliyuncs.com");
    assert_string_equal(names[1], "three.aliyuncs.com");
    assert_string_equal(names[2], "x.zeta.aliyuncs.com");
    assert_string_equal(names[3], "one.aliyuncs.com");
    assert_int_equal(search(&c, "same", names, 16), 3);
    assert_string_equal(names[0], "same1.aliyuncs.com");
    assert_string_equal(names[1], "same2.aliyuncs.com");
    assert_string_equal(names[2], "same3.aliyuncs.com");
    /* Two terms add up: a word and a prefix beat a prefix alone. */
    assert_int_equal(search(&c, "same s3", names, 16), 1);
    catalog_free(&c);
}

static void test_search_overlong_query_is_cut(void **state)
{
    struct catalog c;
    struct catalog_hit hits[16];
    char q[CATALOG_QUERY_MAX * 2];

    (void)state;
    parse_ok(&c, ranking);
    memset(q, 'a', sizeof(q) - 1);
    q[sizeof(q) - 1] = '\0';
    assert_int_equal(catalog_search(&c, q, hits), 0);
    catalog_free(&c);
}

static void test_lookup_by_service_or_role(void **state)
{
    struct catalog c;

    (void)state;
    parse_ok(&c, ranking);
    assert_non_null(catalog_lookup(&c, "POLARDB.aliyuncs.com"));
    assert_string_equal(
        catalog_lookup(&c, "aliyunservicerolefory")->service_name,
        "backup.polar.aliyuncs.com");
    assert_null(catalog_lookup(&c, "polardb"));
    assert_null(catalog_find(&c, "POLARDB.aliyuncs.com"));
    catalog_free(&c);
}

static void test_custom_suffix_values(void **state)
{
    struct catalog c;

    (void)state;
    parse_ok(&c, "[{\"service_name\":\"a.x\",\"role_name\":\"A\","
                 "\"product\":\"A\",\"custom_suffix\":true},"
                 "{\"service_name\":\"b.x\",\"role_name\":\"B\","
                 "\"product\":\"B\",\"custom_suffix\":false},"
                 "{\"service_name\":\"c.x\",\"role_name\":\"C\","
                 "\"product\":\"C\",\"custom_suffix\":null}]");
    assert_int_equal(c.entries[0].custom_suffix, CATALOG_SUFFIX_ACCEPTED);
    assert_int_equal(c.entries[1].custom_suffix, CATALOG_SUFFIX_REFUSED);
    assert_int_equal(c.entries[2].custom_suffix, CATALOG_SUFFIX_UNKNOWN);
    catalog_free(&c);
}

static void test_object_form_with_schema(void **state)
{
    struct catalog c;

    (void)state;
    parse_ok(&c, "{\"schema\":1,\"services\":[" ENTRY("a.x", "A", "A") "]}");
    assert_int_equal(c.count, 1);
    catalog_free(&c);
}

/* --- broken files: one message naming file, entry and field ------------- */

struct bad_case {
    const char *text;
    const char *message;
};

static void test_bad(void **state)
{
    const struct bad_case *b = *state;

    assert_string_equal(parse_error(b->text), b->message);
}

static const struct bad_case bad_syntax = {
    "{\"services\": [\n  {\"service_name\": \"a.x\",,}\n]}",
    "cat.json:2:27: not valid JSON"
};
static const struct bad_case bad_truncated = {
    "{\"services\": [\n", "cat.json:1:15: not valid JSON (the file ends too early)"
};
static const struct bad_case bad_trailing = {
    "[" ENTRY("a.x", "A", "A") "] x",
    "cat.json:1:56: not valid JSON" };
static const struct bad_case bad_empty = { "",
    "cat.json: the file is empty" };
static const struct bad_case bad_top = { "42",
    "cat.json: must be an object with a \"services\" array, or an array "
    "of entries" };
static const struct bad_case bad_no_services = { "{\"schema\":1}",
    "cat.json: no \"services\" array" };
static const struct bad_case bad_services_type = { "{\"services\":{}}",
    "cat.json: \"services\" must be an array of entries" };
static const struct bad_case bad_schema = { "{\"schema\":2,\"services\":[]}",
    "cat.json: unsupported \"schema\" (this linkrole reads schema 1)" };
static const struct bad_case bad_no_entries = { "[]",
    "cat.json: the catalogue lists no services" };
static const struct bad_case bad_entry_type = {
    "[" ENTRY("a.x", "A", "A") ", \"b.x\"]",
    "cat.json: entry 2: must be an object" };
static const struct bad_case bad_missing_field = {
    "[" ENTRY("a.x", "A", "A") ","
    "{\"service_name\":\"b.x\",\"product\":\"B\"}]",
    "cat.json: entry 2 (\"b.x\"): field \"role_name\" is missing" };
static const struct bad_case bad_missing_service = {
    "[{\"role_name\":\"B\",\"product\":\"B\"}]",
    "cat.json: entry 1: field \"service_name\" is missing" };
static const struct bad_case bad_wrong_type = {
    "[{\"service_name\":\"b.x\",\"role_name\":\"B\",\"product\":7}]",
    "cat.json: entry 1 (\"b.x\"): field \"product\" must be a string" };
static const struct bad_case bad_optional_type = {
    "[{\"service_name\":\"b.x\",\"role_name\":\"B\",\"product\":\"B\","
    "\"purpose\":[]}]",
    "cat.json: entry 1 (\"b.x\"): field \"purpose\" must be a string or "
    "null" };
static const struct bad_case bad_empty_required = {
    "[{\"service_name\":\"b.x\",\"role_name\":\"B\",\"product\":\"\"}]",
    "cat.json: entry 1 (\"b.x\"): field \"product\" is empty" };
static const struct bad_case bad_service_chars = {
    "[" ENTRY("Polar DB", "A", "A") "]",
    "cat.json: entry 1: field \"service_name\" must be a service identity "
    "such as \"polardb.aliyuncs.com\" (lower-case letters, digits, \".\" "
    "and \"-\")" };
static const struct bad_case bad_role_long = {
    "[" ENTRY("a.x",
              "AliyunServiceRoleForAVeryLongProductNameThatGoesOnAndOnAndOn12345",
              "A") "]",
    "cat.json: entry 1 (\"a.x\"): field \"role_name\" must be 1-64 "
    "letters, digits, \".\" or \"-\"" };
static const struct bad_case bad_control = {
    "[" ENTRY("a.x", "A", "Evil\\u001b[2J") "]",
    "cat.json: entry 1 (\"a.x\"): field \"product\" contains a control "
    "character" };
static const struct bad_case bad_utf8 = {
    /* cJSON passes bytes that are not UTF-8 through: the check is ours. */
    "[" ENTRY("a.x", "A", "Bad \xc3( \xff byte") "]",
    "cat.json: entry 1 (\"a.x\"): field \"product\" is not valid UTF-8" };
static const struct bad_case bad_suffix_type = {
    "[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":\"A\","
    "\"custom_suffix\":\"yes\"}]",
    "cat.json: entry 1 (\"a.x\"): field \"custom_suffix\" must be true, "
    "false or null" };
static const struct bad_case bad_duplicate_service = {
    "[" ENTRY("a.x", "A", "A") "," ENTRY("b.x", "B", "B") ","
    ENTRY("a.x", "C", "C") "]",
    "cat.json: entry 3: duplicate service_name \"a.x\" (also entry 1)" };
static const struct bad_case bad_duplicate_role = {
    "[" ENTRY("a.x", "RoleA", "A") "," ENTRY("b.x", "ROLEA", "B") "]",
    "cat.json: entry 2: duplicate role_name \"ROLEA\" (also entry 1)" };

static const struct bad_case bad_zh_tw_type = {
    "[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":\"A\","
    "\"product_zh_tw\":7}]",
    "cat.json: entry 1 (\"a.x\"): field \"product_zh_tw\" must be a string "
    "or null" };
static const struct bad_case bad_zh_tw_desc_type = {
    "[" ENTRY("a.x", "A", "A") ","
    "{\"service_name\":\"b.x\",\"role_name\":\"B\",\"product\":\"B\","
    "\"description_zh_tw\":{\"zh\":\"x\"}}]",
    "cat.json: entry 2 (\"b.x\"): field \"description_zh_tw\" must be a "
    "string or null" };
static const struct bad_case bad_purpose_zh_tw_type = {
    "[" ENTRY("a.x", "A", "A") ","
    "{\"service_name\":\"b.x\",\"role_name\":\"B\",\"product\":\"B\","
    "\"purpose\":\"p\",\"purpose_zh\":\"\\u7528\",\"purpose_zh_tw\":[1]}]",
    "cat.json: entry 2 (\"b.x\"): field \"purpose_zh_tw\" must be a "
    "string or null" };
static const struct bad_case bad_purpose_zh_type = {
    "[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":\"A\","
    "\"purpose_zh\":true}]",
    "cat.json: entry 1 (\"a.x\"): field \"purpose_zh\" must be a string "
    "or null" };
static const struct bad_case bad_purpose_zh_tw_control = {
    "[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":\"A\","
    "\"purpose_zh_tw\":\"\\u7528\\u009b2J\"}]",
    "cat.json: entry 1 (\"a.x\"): field \"purpose_zh_tw\" contains a "
    "control character" };
static const struct bad_case bad_zh_tw_control = {
    "[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":\"A\","
    "\"description_zh_tw\":\"\\u9b54\\u001b]0;x\\u0007\"}]",
    "cat.json: entry 1 (\"a.x\"): field \"description_zh_tw\" contains a "
    "control character" };
static const struct bad_case bad_zh_tw_utf8 = {
    "[{\"service_name\":\"a.x\",\"role_name\":\"A\",\"product\":\"A\","
    "\"product_zh_tw\":\"\xe8\xb3\"}]",
    "cat.json: entry 1 (\"a.x\"): field \"product_zh_tw\" is not valid "
    "UTF-8" };

static char *write_temp(const char *text, size_t len)
{
    char *path = strdup("/tmp/linkrole-catalog-XXXXXX");
    int fd;

    assert_non_null(path);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static void test_load_missing_file(void **state)
{
    struct catalog c;
    struct buf err;

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_load(&c, "/nonexistent/services.json", &err),
                     -1);
    assert_string_equal(buf_str(&err), "/nonexistent/services.json: cannot "
                                       "open: No such file or directory");
    buf_free(&err);
}

static void test_load_names_the_file(void **state)
{
    struct catalog c;
    struct buf err;
    char *path = write_temp("[1]", 3);
    char want[256];

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_load(&c, path, &err), -1);
    snprintf(want, sizeof(want), "%s: entry 1: must be an object", path);
    assert_string_equal(buf_str(&err), want);
    unlink(path);
    free(path);
    buf_free(&err);
}

static void test_load_refuses_huge_file(void **state)
{
    struct catalog c;
    struct buf err;
    char *path = write_temp("[", 1);
    char want[256];

    (void)state;
    assert_int_equal(truncate(path, CATALOG_FILE_MAX + 1), 0);
    buf_init(&err, 4096);
    assert_int_equal(catalog_load(&c, path, &err), -1);
    snprintf(want, sizeof(want), "%s: larger than 16 MiB, not a catalogue",
             path);
    assert_string_equal(buf_str(&err), want);
    unlink(path);
    free(path);
    buf_free(&err);
}

static void test_load_directory(void **state)
{
    struct catalog c;
    struct buf err;

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_load(&c, "/", &err), -1);
    assert_string_equal(buf_str(&err), "/: not a regular file");
    buf_free(&err);
}

#define BAD(name, vec) { name, test_bad, NULL, NULL, (void *)(uintptr_t)&(vec) }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_loads),
        cmocka_unit_test(test_bundled_polar_finds_polardb_first),
        cmocka_unit_test(test_bundled_has_zh_tw),
        cmocka_unit_test(test_bundled_search_in_both_scripts),
        cmocka_unit_test(test_search_ranks_exact_prefix_word_substring),
        cmocka_unit_test(test_search_terms_all_must_match),
        cmocka_unit_test(test_search_matches_role_name_and_case),
        cmocka_unit_test(test_search_empty_query_keeps_order),
        cmocka_unit_test(test_search_chinese_product_name),
        cmocka_unit_test(test_search_both_scripts),
        cmocka_unit_test(test_zh_tw_fields_optional),
        cmocka_unit_test(test_search_word_starts_at_case_change),
        cmocka_unit_test(test_search_ties_broken_by_field_then_order),
        cmocka_unit_test(test_search_overlong_query_is_cut),
        cmocka_unit_test(test_lookup_by_service_or_role),
        cmocka_unit_test(test_custom_suffix_values),
        cmocka_unit_test(test_object_form_with_schema),
        BAD("bad: JSON syntax error has line and column", bad_syntax),
        BAD("bad: truncated file", bad_truncated),
        BAD("bad: text after the JSON document", bad_trailing),
        BAD("bad: empty file", bad_empty),
        BAD("bad: top level not an object", bad_top),
        BAD("bad: no services array", bad_no_services),
        BAD("bad: services not an array", bad_services_type),
        BAD("bad: unknown schema", bad_schema),
        BAD("bad: no entries", bad_no_entries),
        BAD("bad: entry not an object", bad_entry_type),
        BAD("bad: missing role_name", bad_missing_field),
        BAD("bad: missing service_name", bad_missing_service),
        BAD("bad: wrong type", bad_wrong_type),
        BAD("bad: wrong type of optional field", bad_optional_type),
        BAD("bad: empty required field", bad_empty_required),
        BAD("bad: service_name characters", bad_service_chars),
        BAD("bad: role_name too long", bad_role_long),
        BAD("bad: control character in text", bad_control),
        BAD("bad: text that is not UTF-8", bad_utf8),
        BAD("bad: custom_suffix type", bad_suffix_type),
        BAD("bad: duplicate service_name", bad_duplicate_service),
        BAD("bad: duplicate role_name", bad_duplicate_role),
        BAD("bad: product_zh_tw not a string", bad_zh_tw_type),
        BAD("bad: description_zh_tw not a string", bad_zh_tw_desc_type),
        BAD("bad: purpose_zh_tw not a string", bad_purpose_zh_tw_type),
        BAD("bad: purpose_zh not a string", bad_purpose_zh_type),
        BAD("bad: purpose_zh_tw holds a C1 control",
            bad_purpose_zh_tw_control),
        BAD("bad: control character in description_zh_tw", bad_zh_tw_control),
        BAD("bad: product_zh_tw not UTF-8", bad_zh_tw_utf8),
        cmocka_unit_test(test_load_missing_file),
        cmocka_unit_test(test_load_names_the_file),
        cmocka_unit_test(test_load_refuses_huge_file),
        cmocka_unit_test(test_load_directory),
    };

    return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
