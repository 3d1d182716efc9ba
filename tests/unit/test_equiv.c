/* Unit tests for core/equiv, the Terraform and aliyun CLI text the result
 * pane offers for copying.  Outputs are compared whole: a user pastes
 * them into a shell or a .tf file, where one wrong quote changes what
 * runs. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/buf.h"
#include "core/equiv.h"

#define BIG (1u << 20)

#define CJK "\xE4\xB8\xAD\xE6\x96\x87"  /* 中文 */

#define TF_TYPE "alicloud_resource_manager_service_linked_role"
#define TF_HEAD(label) "resource \"" TF_TYPE "\" \"" label "\" {\n"
#define TF_IMPORT "# terraform import " TF_TYPE "."
#define CLI_CREATE "aliyun resourcemanager CreateServiceLinkedRole "
#define CLI_DBS "aliyun dbs InitializeDbsServiceLinkedRole --region "

/* --- Terraform ------------------------------------------------------------ */

static void test_terraform_polardb_without_suffix(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_terraform(&out, "polardb.aliyuncs.com", NULL,
                                     NULL, "AliyunServiceRoleForPolarDB"),
                     0);
    assert_string_equal(buf_str(&out),
        TF_HEAD("polardb")
        "  service_name = \"polardb.aliyuncs.com\"\n"
        "}\n"
        TF_IMPORT "polardb polardb.aliyuncs.com:AliyunServiceRoleForPolarDB\n");
    buf_free(&out);
}

static void test_terraform_with_suffix_and_description(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_terraform(&out, "polardb.aliyuncs.com", "prod-1",
                                     "Ops \"prod\" ${env}\n" CJK,
                                     "AliyunServiceRoleForPolarDB_prod-1"),
                     0);
    assert_string_equal(buf_str(&out),
        TF_HEAD("polardb")
        "  service_name  = \"polardb.aliyuncs.com\"\n"
        "  custom_suffix = \"prod-1\"\n"
        "  description   = \"Ops \\\"prod\\\" $${env}\\n" CJK "\"\n"
        "}\n"
        TF_IMPORT "polardb "
        "polardb.aliyuncs.com:AliyunServiceRoleForPolarDB_prod-1\n");
    buf_free(&out);
}

/* The '=' lines up with the longest key present, not the longest that
 * could be. */
static void test_terraform_description_only_aligns_to_service_name(
    void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_terraform(&out, "dbs.aliyuncs.com", "",
                                     "backups", NULL), 0);
    assert_string_equal(buf_str(&out),
        TF_HEAD("dbs")
        "  service_name = \"dbs.aliyuncs.com\"\n"
        "  description  = \"backups\"\n"
        "}\n");
    buf_free(&out);
}

static void test_terraform_string_escapes(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_terraform(&out, "ecs.aliyuncs.com", NULL,
                                     "a\\b %{if} $${x} $$ 5$ 9% \t\r"
                                     "\x1b\x7f\xC2\x9B\xFF{",
                                     NULL), 0);
    assert_string_equal(buf_str(&out),
        TF_HEAD("ecs")
        "  service_name = \"ecs.aliyuncs.com\"\n"
        "  description  = \"a\\\\b %%{if} $$${x} $$ 5$ 9% \\t\\r"
        "\\u001B\\u007F\\u009B\\uFFFD{\"\n"
        "}\n");
    buf_free(&out);
}

/* Writes the Terraform text for service into out and checks its first
 * line names label. */
static void check_label(const char *service, const char *label)
{
    struct buf out, want;

    buf_init(&out, BIG);
    buf_init(&want, BIG);
    assert_int_equal(equiv_terraform(&out, service, NULL, NULL, NULL), 0);
    assert_int_equal(buf_printf(&want, "resource \"%s\" \"%s\" {\n",
                                TF_TYPE, label), BUF_OK);
    assert_memory_equal(buf_str(&out), buf_str(&want), buf_len(&want));
    buf_free(&out);
    buf_free(&want);
}

static void test_terraform_label_rules(void **state)
{
    (void)state;
    check_label("polardb.aliyuncs.com", "polardb");
    check_label("ruleengine-polardb.iot.aliyuncs.com", "ruleengine_polardb");
    check_label("PolarDB.AliyunCS.com", "polardb");
    check_label("3dmodel.aliyuncs.com", "slr_3dmodel");
    check_label("0", "slr_0");
    check_label("a+b c.d", "a_b_c");
    check_label("-x.y", "_x");
    /* One '_' per character, not per byte. */
    check_label(CJK ".aliyuncs.com", "__");
    check_label("", "slr");
    check_label(".aliyuncs.com", "slr");
}

/* The import ID is one shell word; ':' needs no quotes, a space does, and
 * a control character would end the comment line. */
static void test_terraform_import_id_quoting(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_terraform(&out, "polardb.aliyuncs.com", NULL,
                                     NULL, "Role It's\nX"), 0);
    assert_string_equal(buf_str(&out),
        TF_HEAD("polardb")
        "  service_name = \"polardb.aliyuncs.com\"\n"
        "}\n"
        TF_IMPORT "polardb 'polardb.aliyuncs.com:Role It'\\''s?X'\n");
    buf_free(&out);
}

/* --- aliyun CLI ----------------------------------------------------------- */

static void test_cli_polardb_without_suffix(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_aliyun_cli(&out, "polardb.aliyuncs.com", NULL,
                                      NULL), 0);
    assert_string_equal(buf_str(&out),
                        CLI_CREATE "--ServiceName polardb.aliyuncs.com\n");
    buf_reset(&out);
    /* Empty counts as not given: the API refuses an empty suffix. */
    assert_int_equal(equiv_aliyun_cli(&out, "polardb.aliyuncs.com", "", ""),
                     0);
    assert_string_equal(buf_str(&out),
                        CLI_CREATE "--ServiceName polardb.aliyuncs.com\n");
    buf_free(&out);
}

static void test_cli_quotes_single_quote_and_spaces(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_aliyun_cli(&out, "polardb.aliyuncs.com", "prod-1",
                                      "it's the DB role"), 0);
    assert_string_equal(buf_str(&out),
                        CLI_CREATE "--ServiceName polardb.aliyuncs.com "
                        "--CustomSuffix prod-1 "
                        "--Description 'it'\\''s the DB role'\n");
    buf_free(&out);
}

static void test_cli_quotes_what_the_shell_would_expand(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_aliyun_cli(&out, "polardb.aliyuncs.com", "a_b.c",
                                      "$HOME `id`; \"x\"\\\n" CJK "''"), 0);
    assert_string_equal(buf_str(&out),
                        CLI_CREATE "--ServiceName polardb.aliyuncs.com "
                        "--CustomSuffix a_b.c "
                        "--Description '$HOME `id`; \"x\"\\\n" CJK
                        "'\\'''\\'''\n");
    buf_free(&out);
}

/* --- DBS ------------------------------------------------------------------ */

static void test_cli_dbs_line(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_aliyun_cli_dbs(&out, NULL), 0);
    assert_string_equal(buf_str(&out), CLI_DBS "cn-hangzhou\n");
    buf_reset(&out);
    assert_int_equal(equiv_aliyun_cli_dbs(&out, "ap-southeast-1"), 0);
    assert_string_equal(buf_str(&out), CLI_DBS "ap-southeast-1\n");
    buf_reset(&out);
    assert_int_equal(equiv_aliyun_cli_dbs(&out, "cn hangzhou;rm"), 0);
    assert_string_equal(buf_str(&out), CLI_DBS "'cn hangzhou;rm'\n");
    buf_free(&out);
}

/* --- the buffer ----------------------------------------------------------- */

static void test_output_is_appended(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(buf_adds(&out, "$ "), BUF_OK);
    assert_int_equal(equiv_aliyun_cli_dbs(&out, "cn-beijing"), 0);
    assert_string_equal(buf_str(&out), "$ " CLI_DBS "cn-beijing\n");
    buf_free(&out);
}

/* Fills out with "keep" under a maximum that leaves room bytes. */
static void keep_with_room(struct buf *out, size_t room)
{
    buf_init(out, 4 + room);
    assert_int_equal(buf_adds(out, "keep"), BUF_OK);
}

static void check_kept(struct buf *out)
{
    assert_string_equal(buf_str(out), "keep");
    assert_int_equal(buf_len(out), 4);
    buf_free(out);
}

/* Out of room part-way: what was there before is left exactly as it
 * was, not with half a command after it. */
static void test_failure_leaves_buffer_unchanged(void **state)
{
    struct buf out;

    (void)state;
    /* Room for the resource line, not for the attributes. */
    keep_with_room(&out, strlen(TF_HEAD("polardb")) + 10);
    assert_int_equal(equiv_terraform(&out, "polardb.aliyuncs.com", "x", "y",
                                     "AliyunServiceRoleForPolarDB_x"), -1);
    check_kept(&out);
    /* Room for all but the import line. */
    keep_with_room(&out, strlen(TF_HEAD("polardb")
                                "  service_name = \"polardb.aliyuncs.com\"\n"
                                "}\n") + 5);
    assert_int_equal(equiv_terraform(&out, "polardb.aliyuncs.com", NULL,
                                     NULL, "AliyunServiceRoleForPolarDB"),
                     -1);
    check_kept(&out);
    keep_with_room(&out, strlen(CLI_CREATE "--ServiceName ") + 3);
    assert_int_equal(equiv_aliyun_cli(&out, "polardb.aliyuncs.com", NULL,
                                      NULL), -1);
    check_kept(&out);
    keep_with_room(&out, strlen(CLI_CREATE "--ServiceName polardb "
                                "--Description 'a"));
    assert_int_equal(equiv_aliyun_cli(&out, "polardb", NULL, "a b"), -1);
    check_kept(&out);
    keep_with_room(&out, strlen(CLI_DBS) + 3);
    assert_int_equal(equiv_aliyun_cli_dbs(&out, "cn-hangzhou"), -1);
    check_kept(&out);

    /* Fails on the very last byte (the newline) of an empty buffer. */
    buf_init(&out, strlen(CLI_DBS "cn-hangzhou"));
    assert_int_equal(equiv_aliyun_cli_dbs(&out, NULL), -1);
    assert_string_equal(buf_str(&out), "");
    assert_int_equal(buf_len(&out), 0);
    buf_free(&out);
}

/* --- export: a given name, import blocks, comments ------------------------ */

static void check_name(const char *role, const char *want)
{
    struct buf out;

    buf_init(&out, BIG);
    assert_int_equal(equiv_tf_name(&out, role), 0);
    assert_string_equal(buf_str(&out), want);
    buf_free(&out);
}

static void test_tf_name_rules(void **state)
{
    (void)state;
    check_name("AliyunServiceRoleForPolarDB", "aliyunserviceroleforpolardb");
    check_name("AliyunServiceRoleForPolarDB_a.b-c@d",
               "aliyunserviceroleforpolardb_a_b_c_d");
    check_name("9lives", "slr_9lives");
    check_name("", "slr");
    check_name(NULL, "slr");
    /* One '_' per character, a UTF-8 sequence counting as one. */
    check_name("x" CJK "\"${", "x_____");
}

static void test_terraform_import_block(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_terraform_import(&out, "r_a_b",
                                            "polardb.aliyuncs.com", "a.b",
                                            "say \"hi\" ${x}\n",
                                            "AliyunServiceRoleForPolarDB_a.b"),
                     0);
    assert_string_equal(buf_str(&out),
        TF_HEAD("r_a_b")
        "  service_name  = \"polardb.aliyuncs.com\"\n"
        "  custom_suffix = \"a.b\"\n"
        "  description   = \"say \\\"hi\\\" $${x}\\n\"\n"
        "}\n"
        "import {\n"
        "  to = " TF_TYPE ".r_a_b\n"
        "  id = \"polardb.aliyuncs.com:AliyunServiceRoleForPolarDB_a.b\"\n"
        "}\n");
    buf_free(&out);
}

static void test_terraform_import_id_escaped(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_terraform_import(&out, "x", "s", NULL, NULL,
                                            "a\"${b}\x01"), 0);
    assert_non_null(strstr(buf_str(&out),
                           "  id = \"s:a\\\"$${b}\\u0001\"\n"));
    buf_free(&out);
}

static void test_comment_line(void **state)
{
    struct buf out;

    (void)state;
    buf_init(&out, BIG);
    assert_int_equal(equiv_comment(&out, "a\nb\x1b[31m " CJK), 0);
    assert_string_equal(buf_str(&out), "# a?b?[31m " CJK "\n");
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terraform_polardb_without_suffix),
        cmocka_unit_test(test_terraform_with_suffix_and_description),
        cmocka_unit_test(
            test_terraform_description_only_aligns_to_service_name),
        cmocka_unit_test(test_terraform_string_escapes),
        cmocka_unit_test(test_terraform_label_rules),
        cmocka_unit_test(test_terraform_import_id_quoting),
        cmocka_unit_test(test_cli_polardb_without_suffix),
        cmocka_unit_test(test_cli_quotes_single_quote_and_spaces),
        cmocka_unit_test(test_cli_quotes_what_the_shell_would_expand),
        cmocka_unit_test(test_cli_dbs_line),
        cmocka_unit_test(test_output_is_appended),
        cmocka_unit_test(test_failure_leaves_buffer_unchanged),
        cmocka_unit_test(test_tf_name_rules),
        cmocka_unit_test(test_terraform_import_block),
        cmocka_unit_test(test_terraform_import_id_escaped),
        cmocka_unit_test(test_comment_line),
    };

    return cmocka_run_group_tests_name("equiv", tests, NULL, NULL);
}
