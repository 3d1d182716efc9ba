/* Unit tests for app/deletion: the words of deleting a role, shared by
 * the CLI's delete and the UI's delete screen. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "app/deletion.h"

/* Writable, as the API layer's strings are (-Wwrite-strings). */
static char u1[] = "cn-hangzhou: rds-1", u2[] = "cn-hangzhou: rds-2",
            u3[] = "cn-beijing: polar-9";
static char *usages_two_regions[] = { u1, u2, u3 };
static char st_failed[] = "FAILED", st_reason[] = "in use by rds.aliyuncs.com.",
            st_task[] = "task/acs-service-role/x/1";

static struct api_deletion failed(char **usages, size_t n)
{
    struct api_deletion d;

    memset(&d, 0, sizeof(d));
    d.status = st_failed;
    d.reason = st_reason;
    d.task_id = st_task;
    d.usages = usages;
    d.nusages = n;
    return d;
}

/* Resources are grouped under their region, in the order given. */
static void test_usages_by_region(void **state)
{
    struct api_deletion d = failed(usages_two_regions, 3);
    struct buf b;

    (void)state;
    assert_int_equal(deletion_regions(&d), 2);
    buf_init(&b, 4096);
    assert_int_equal(deletion_usages(&b, &d, "> "), 0);
    assert_string_equal(buf_str(&b), "> cn-hangzhou\n"
                                     ">   rds-1\n"
                                     ">   rds-2\n"
                                     "> cn-beijing\n"
                                     ">   polar-9\n");
    buf_reset(&b);
    assert_int_equal(deletion_usages_title(&b, &d), 0);
    assert_string_equal(buf_str(&b),
                        "Still in use by 3 resources in 2 regions:");
    buf_free(&b);
}

/* A region that comes back later is a group of its own again; a line
 * without "region: " is a resource of no region. */
static void test_usages_odd(void **state)
{
    static char a1[] = "a: 1", b2[] = "b: 2", a3[] = "a: 3", bare[] = "bare";
    char *u[] = { a1, b2, a3, bare };
    struct api_deletion d = failed(u, 4);
    struct buf b;

    (void)state;
    assert_int_equal(deletion_regions(&d), 4);
    buf_init(&b, 4096);
    assert_int_equal(deletion_usages(&b, &d, ""), 0);
    assert_string_equal(buf_str(&b), "a\n  1\nb\n  2\na\n  3\n"
                                     "(no region)\n  bare\n");
    buf_reset(&b);
    d.nusages = 1;
    assert_int_equal(deletion_usages_title(&b, &d), 0);
    assert_string_equal(buf_str(&b), "Still in use by 1 resource in 1 "
                                     "region:");
    buf_free(&b);
}

/* What is copied and saved: everything, the hint last. */
static void test_report(void **state)
{
    struct api_deletion d = failed(usages_two_regions, 3);
    struct buf b;

    (void)state;
    buf_init(&b, 4096);
    assert_int_equal(deletion_report(&b, "AliyunServiceRoleForRDS", &d), 0);
    assert_true(strncmp(buf_str(&b), "Not deleted: the deletion of "
                                     "AliyunServiceRoleForRDS ended "
                                     "FAILED\n", 65) == 0);
    assert_non_null(strstr(buf_str(&b), "Reason: in use by "
                                        "rds.aliyuncs.com.\n"));
    assert_non_null(strstr(buf_str(&b), "  cn-beijing\n    polar-9\n"));
    assert_non_null(strstr(buf_str(&b), deletion_hint()));
    /* Out of room: -1, never a half-told report as a success. */
    buf_free(&b);
    buf_init(&b, 40);
    assert_int_equal(deletion_report(&b, "AliyunServiceRoleForRDS", &d), -1);
    buf_free(&b);
}

static void test_consequence(void **state)
{
    static char service[] = "polardb.aliyuncs.com", product[] = "PolarDB",
                product_zh[] = "云数据库 PolarDB",
                policy[] = "AliyunServiceRolePolicyForPolarDB",
                purpose[] = "binding private domain names";
    struct catalog_entry e;
    struct buf b;

    (void)state;
    memset(&e, 0, sizeof(e));
    e.service_name = service;
    e.product = product;
    e.product_zh = product_zh;
    e.policy_name = policy;
    e.purpose = purpose;
    buf_init(&b, 4096);
    assert_int_equal(deletion_consequence(&b, &e, "AliyunServiceRoleFor"
                                          "PolarDB", LANG_EN), 0);
    assert_non_null(strstr(buf_str(&b), "PolarDB (polardb.aliyuncs.com) "
                                        "can no longer act in this "
                                        "account"));
    assert_non_null(strstr(buf_str(&b), "AliyunServiceRolePolicyFor"
                                        "PolarDB"));
    assert_non_null(strstr(buf_str(&b), "binding private domain names"));
    buf_reset(&b);
    assert_int_equal(deletion_service(&b, &e, LANG_ZH_CN), 0);
    assert_string_equal(buf_str(&b), "云数据库 PolarDB "
                                     "(polardb.aliyuncs.com)");
    buf_reset(&b);
    assert_int_equal(deletion_consequence(&b, NULL, "AliyunServiceRoleForX",
                                          LANG_EN), 0);
    assert_non_null(strstr(buf_str(&b), "the service it is linked to"));
    buf_reset(&b);
    assert_int_equal(deletion_follow(&b, "R"), 0);
    assert_non_null(strstr(buf_str(&b), "'linkrole delete R'"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usages_by_region),
        cmocka_unit_test(test_usages_odd),
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_consequence),
    };

    return cmocka_run_group_tests_name("deletion", tests, NULL, NULL);
}
