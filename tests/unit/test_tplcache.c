/* Tests for app/tplcache: the templates remembered on disk round-trip;
 * a broken or hostile file is never trusted (each line checked by the
 * API's reader, its texts made safe, a symlink or oversized file left
 * unread); the file is written 0600 and never through a link. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/slr.h"
#include "app/tplcache.h"

static char dir[64], path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/linkrole-tplcache-XXXXXX");
    assert_non_null(mkdtemp(dir));
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(path, sizeof(path), "%s/linkrole/templates", dir);
    return 0;
}

static int teardown(void **state)
{
    char sub[96];

    (void)state;
    unlink(path);
    snprintf(sub, sizeof(sub), "%s/linkrole", dir);
    rmdir(sub);
    rmdir(dir);
    return 0;
}

static void a_template(struct api_slr_template *t, const char *prefix,
                       bool multiple)
{
    memset(t, 0, sizeof(*t));
    snprintf(t->role_name_prefix, sizeof(t->role_name_prefix), "%s", prefix);
    snprintf(t->system_policy_name, sizeof(t->system_policy_name),
             "Policy%s", prefix);
    t->multiple_roles_allowed = multiple;
    t->ndescriptions = 2;
    snprintf(t->descriptions[0].language, 16, "en");
    snprintf(t->descriptions[0].description, 64, "line\nwith \"quotes\"");
    snprintf(t->descriptions[1].language, 16, "zh-CN");
    snprintf(t->descriptions[1].description, 64, "\xe8\xa7\x92\xe8\x89\xb2");
}

static void test_round_trip(void **state)
{
    struct tplcache c = { NULL, 0 }, back;
    struct api_slr_template t;
    const struct tplcache_entry *e;
    struct stat st;
    int errnum;

    (void)state;
    assert_int_equal(tplcache_load(&back), TPLCACHE_OK);   /* no file */
    assert_int_equal(back.count, 0);
    a_template(&t, "AliyunServiceRoleForPolarDB", true);
    assert_int_equal(tplcache_put(&c, "polardb.aliyuncs.com", &t,
                                  1764000000), 0);
    a_template(&t, "AliyunServiceRoleForAdcp", false);
    assert_int_equal(tplcache_put(&c, "adcp.aliyuncs.com", &t, 1764000001),
                     0);
    /* A second put replaces. */
    assert_int_equal(tplcache_put(&c, "adcp.aliyuncs.com", &t, 1764000002),
                     0);
    assert_int_equal(c.count, 2);
    assert_int_equal(tplcache_put(&c, "not a service", &t, 1764000002), -1);
    assert_int_equal(tplcache_save(&c, &errnum), 0);
    assert_int_equal(lstat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(tplcache_load(&back), TPLCACHE_OK);
    assert_int_equal(back.count, 2);
    e = tplcache_find(&back, "adcp.aliyuncs.com");
    assert_non_null(e);
    assert_int_equal(e->fetched, 1764000002);
    assert_false(e->t.multiple_roles_allowed);
    assert_string_equal(e->t.role_name_prefix, "AliyunServiceRoleForAdcp");
    assert_string_equal(e->t.descriptions[1].description,
                        "\xe8\xa7\x92\xe8\x89\xb2");
    assert_string_equal(e->t.descriptions[0].description,
                        "line\nwith \"quotes\"");
    e = tplcache_find(&back, "polardb.aliyuncs.com");
    assert_non_null(e);
    assert_true(e->t.multiple_roles_allowed);
    assert_null(tplcache_find(&back, "ecs.aliyuncs.com"));
    tplcache_free(&back);
    tplcache_free(&c);
}

#define GOOD "{\"ServiceLinkedRoleTemplate\":{\"RoleNamePrefix\":\"P\"," \
             "\"MultipleRolesAllowed\":true}}"

static void test_hostile_lines_dropped(void **state)
{
    static const char text[] =
        "ok.aliyuncs.com\t1764000000\t" GOOD "\n"
        "wrong.aliyuncs.com\t1764000000\t{\"ServiceLinkedRoleTemplate\":"
        "{\"RoleNamePrefix\":7,\"MultipleRolesAllowed\":true}}\n"
        "flag.aliyuncs.com\t1764000000\t{\"ServiceLinkedRoleTemplate\":"
        "{\"RoleNamePrefix\":\"P\",\"MultipleRolesAllowed\":\"maybe\"}}\n"
        "bad name\t1764000000\t" GOOD "\n"
        "time.aliyuncs.com\t12\t" GOOD "\n"
        "time2.aliyuncs.com\t99999999999999999999999\t" GOOD "\n"
        "other.aliyuncs.com\t1764000000\t{\"ServiceLinkedRoleTemplate\":"
        "{\"ServiceName\":\"ok.aliyuncs.com\",\"RoleNamePrefix\":\"X\","
        "\"MultipleRolesAllowed\":false}}\n"
        "notjson.aliyuncs.com\t1764000000\t{\n"
        "esc.aliyuncs.com\t1764000000\t{\"ServiceLinkedRoleTemplate\":"
        "{\"RoleNamePrefix\":\"P\\u001b[2J\",\"MultipleRolesAllowed\":"
        "true}}\n"
        "no tabs at all\n";
    struct tplcache c;
    const struct tplcache_entry *e;

    (void)state;
    assert_int_equal(tplcache_parse(&c, text, sizeof(text) - 1),
                     TPLCACHE_PARTLY);
    assert_int_equal(c.count, 2);
    assert_non_null(tplcache_find(&c, "ok.aliyuncs.com"));
    assert_true(tplcache_find(&c, "ok.aliyuncs.com")->t.
                    multiple_roles_allowed);
    e = tplcache_find(&c, "esc.aliyuncs.com");
    assert_non_null(e);
    assert_null(strchr(e->t.role_name_prefix, '\033'));
    tplcache_free(&c);

    /* A NUL inside a line: the line is not ours. */
    assert_int_equal(tplcache_parse(&c, "ok.aliyuncs.com\t1764000000\t{\0}",
                                    30), TPLCACHE_PARTLY);
    assert_int_equal(c.count, 0);
    tplcache_free(&c);
}

static void test_links_and_size(void **state)
{
    struct tplcache c = { NULL, 0 };
    struct api_slr_template t;
    char sub[96], target[128];
    FILE *f;
    int errnum;

    (void)state;
    snprintf(sub, sizeof(sub), "%s/linkrole", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(target, sizeof(target), "%s/elsewhere", dir);
    f = fopen(target, "w");
    assert_non_null(f);
    fprintf(f, "ok.aliyuncs.com\t1764000000\t%s\n", GOOD);
    fclose(f);
    assert_int_equal(symlink(target, path), 0);
    /* Not read through the link, and not written through it. */
    assert_int_equal(tplcache_load(&c), TPLCACHE_IGNORED);
    assert_int_equal(c.count, 0);
    a_template(&t, "P", true);
    assert_int_equal(tplcache_put(&c, "ok.aliyuncs.com", &t, 1764000000), 0);
    assert_int_equal(tplcache_save(&c, &errnum), -1);
    tplcache_free(&c);
    assert_int_equal(unlink(path), 0);
    unlink(target);

    /* Bigger than any file linkrole writes: left unread. */
    f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned i = 0; i <= TPLCACHE_FILE_MAX / 64; i++)
        fprintf(f, "ok.aliyuncs.com\t1764000000\t%s\n", GOOD);
    fclose(f);
    assert_int_equal(tplcache_load(&c), TPLCACHE_IGNORED);
    assert_int_equal(c.count, 0);
}

/* tplcache_get without fetching: a template fetched less than a day ago
 * is used, an older one (or one dated ahead of now) is not. */
static void test_get_fresh_only(void **state)
{
    struct tplcache c = { NULL, 0 };
    struct api_slr_template t, got;
    struct api_client client;
    struct api_error err;
    time_t now = time(NULL);
    int errnum;

    (void)state;
    api_client_init(&client);
    a_template(&t, "AliyunServiceRoleForFresh", false);
    assert_int_equal(tplcache_put(&c, "fresh.aliyuncs.com", &t, now - 60),
                     0);
    a_template(&t, "AliyunServiceRoleForStale", true);
    assert_int_equal(tplcache_put(&c, "stale.aliyuncs.com", &t,
                                  now - TPLCACHE_FRESH_S - 1), 0);
    assert_int_equal(tplcache_put(&c, "ahead.aliyuncs.com", &t, now + 3600),
                     0);
    assert_int_equal(tplcache_save(&c, &errnum), 0);
    tplcache_free(&c);

    assert_int_equal(tplcache_get(&client, "fresh.aliyuncs.com", true, false,
                                  &got, &err), TPLCACHE_GOT_DISK);
    assert_string_equal(got.role_name_prefix, "AliyunServiceRoleForFresh");
    assert_false(got.multiple_roles_allowed);
    api_slr_template_free(&got);
    assert_int_equal(tplcache_get(&client, "stale.aliyuncs.com", true, false,
                                  &got, &err), TPLCACHE_GOT_NONE);
    api_slr_template_free(&got);
    assert_int_equal(tplcache_get(&client, "ahead.aliyuncs.com", true, false,
                                  &got, &err), TPLCACHE_GOT_NONE);
    api_slr_template_free(&got);
    /* Without the disk, nothing is known. */
    assert_int_equal(tplcache_get(&client, "fresh.aliyuncs.com", false,
                                  false, &got, &err), TPLCACHE_GOT_NONE);
    api_slr_template_free(&got);
}

/* A template allowing one role forbids a suffix and a description, each
 * worded; one allowing several adds nothing. */
static void test_check_template(void **state)
{
    struct api_slr_template one, many;
    struct rules_report r;
    struct buf text;

    (void)state;
    a_template(&one, "AliyunServiceRoleForOne", false);
    a_template(&many, "AliyunServiceRoleForMany", true);
    rules_check("AliyunServiceRoleForOne", "mine", "text", &r);
    assert_int_equal(slr_check_template(&one, "mine", "text", &r), 2);
    assert_int_equal(r.problems[0].field, RULES_SUFFIX);
    assert_int_equal(r.problems[0].kind, RULES_NOT_ACCEPTED);
    assert_int_equal(r.problems[1].field, RULES_DESCRIPTION);
    buf_init(&text, 4096);
    assert_int_equal(slr_problem_text(&text, &r, 1), 0);
    assert_non_null(strstr(buf_str(&text), "description"));
    buf_free(&text);
    rules_check("AliyunServiceRoleForOne", "", "", &r);
    assert_int_equal(slr_check_template(&one, "", NULL, &r), 0);
    rules_check("AliyunServiceRoleForMany", "mine", "text", &r);
    assert_int_equal(slr_check_template(&many, "mine", "text", &r), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_fresh_only, setup,
                                        teardown),
        cmocka_unit_test(test_check_template),
        cmocka_unit_test(test_hostile_lines_dropped),
        cmocka_unit_test_setup_teardown(test_links_and_size, setup,
                                        teardown),
    };

    return cmocka_run_group_tests_name("tplcache", tests, NULL, NULL);
}
