/* Tests for the use cases of src/app: what both front ends call.  The
 * scripted transport of api_fixture plays the cloud: a create whose answer
 * is lost is checked with GetRole before it is sent again, an existing
 * role is accepted only when asked, every page of roles is read, a
 * deletion is driven step by step; and the words for people (problems of
 * a request, failures, the trust policy, dates) are the ones the front
 * ends show, with no secret and no control byte in them. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api_fixture.h"
#include "app/explain.h"
#include "app/refusals.h"
#include "app/scrub.h"
#include "app/slr.h"
#include "cloud/transport.h"

static const char catalog_text[] =
    "{\"schema\":1,\"services\":["
    "{\"service_name\":\"polardb.aliyuncs.com\","
    "\"role_name\":\"AliyunServiceRoleForPolarDB\",\"product\":\"PolarDB\","
    "\"product_zh\":\"云数据库 PolarDB\",\"custom_suffix\":true},"
    "{\"service_name\":\"dbs.aliyuncs.com\","
    "\"role_name\":\"AliyunServiceRoleForDBS\","
    "\"product\":\"Database Backup\",\"custom_suffix\":false},"
    "{\"service_name\":\"ecs.aliyuncs.com\","
    "\"role_name\":\"AliyunServiceRoleForECS\",\"product\":\"ECS\","
    "\"custom_suffix\":null}]}";

static void load(struct catalog *c)
{
    struct buf err;

    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(c, catalog_text, strlen(catalog_text),
                                   "test.json", &err), 0);
    buf_free(&err);
}

/* --- names ------------------------------------------------------------ */

static void test_role_name(void **state)
{
    struct catalog c;
    char out[128], tiny[8];
    const struct catalog_entry *e;

    (void)state;
    load(&c);
    e = catalog_find(&c, "polardb.aliyuncs.com");
    assert_int_equal(slr_role_name(out, sizeof(out), e, NULL), 0);
    assert_string_equal(out, "AliyunServiceRoleForPolarDB");
    assert_int_equal(slr_role_name(out, sizeof(out), e, ""), 0);
    assert_string_equal(out, "AliyunServiceRoleForPolarDB");
    assert_int_equal(slr_role_name(out, sizeof(out), e, "Ex"), 0);
    assert_string_equal(out, "AliyunServiceRoleForPolarDB_Ex");
    /* Not known, or not fitting: no name at all rather than a wrong one. */
    assert_int_equal(slr_role_name(out, sizeof(out), NULL, "Ex"), -1);
    assert_string_equal(out, "");
    assert_int_equal(slr_role_name(tiny, sizeof(tiny), e, NULL), -1);
    assert_string_equal(tiny, "");
    catalog_free(&c);
}

static void test_role_to_service(void **state)
{
    struct catalog c;
    const struct catalog_entry *e;

    (void)state;
    load(&c);
    e = slr_service_of(&c, "aliyunservicerolefordbs");
    assert_non_null(e);
    assert_string_equal(e->service_name, "dbs.aliyuncs.com");
    e = slr_service_of(&c, "AliyunServiceRoleForPolarDB_Prod");
    assert_non_null(e);
    assert_true(slr_role_is_of(e, "AliyunServiceRoleForPolarDB"));
    /* A longer preset that starts the same is another service's. */
    assert_null(slr_service_of(&c, "AliyunServiceRoleForPolarDBX"));
    assert_null(slr_service_of(&c, NULL));
    assert_true(slr_is_dbs(catalog_find(&c, SLR_DBS_SERVICE)));
    assert_false(slr_is_dbs(catalog_find(&c, "ecs.aliyuncs.com")));
    assert_string_equal(slr_dbs_role(&c), "AliyunServiceRoleForDBS");
    assert_string_equal(slr_dbs_role(NULL), SLR_DBS_ROLE);
    assert_string_equal(slr_product(e, LANG_ZH_CN), "云数据库 PolarDB");
    assert_string_equal(slr_product(catalog_find(&c, "ecs.aliyuncs.com"),
                                    LANG_ZH_CN), "ECS");
    catalog_free(&c);
}

/* --- the catalogue in each language ------------------------------------ */

/* One service per gap a user's own catalogue may have. */
static const char langs_text[] =
    "[{\"service_name\":\"all.x\",\"role_name\":\"All\",\"product\":\"All\","
    "\"product_zh\":\"数据库\",\"product_zh_tw\":\"資料庫\","
    "\"description_en\":\"en\",\"description_zh\":\"简体\","
    "\"description_zh_tw\":\"繁體\",\"purpose\":\"use\","
    "\"purpose_zh\":\"用途\",\"purpose_zh_tw\":\"用途繁\"},"
    "{\"service_name\":\"cn.x\",\"role_name\":\"Cn\",\"product\":\"Cn\","
    "\"product_zh\":\"数据库\",\"description_en\":\"en\","
    "\"description_zh\":\"简体\",\"product_zh_tw\":null,"
    "\"purpose\":\"use\",\"purpose_zh\":\"访问\",\"purpose_zh_tw\":null},"
    "{\"service_name\":\"empty.x\",\"role_name\":\"Empty\","
    "\"product\":\"Empty\",\"product_zh\":\"\",\"product_zh_tw\":\"\","
    "\"description_en\":\"en\",\"description_zh_tw\":\"\","
    "\"purpose\":\"use\",\"purpose_zh\":\"\",\"purpose_zh_tw\":\"\"},"
    "{\"service_name\":\"none.x\",\"role_name\":\"None\","
    "\"product\":\"None\"}]";

static void test_catalogue_text_falls_back(void **state)
{
    struct catalog c;
    struct buf err;
    const struct catalog_entry *all, *cn, *empty, *none;

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&c, langs_text, strlen(langs_text),
                                   "langs.json", &err), 0);
    all = catalog_find(&c, "all.x");
    cn = catalog_find(&c, "cn.x");
    empty = catalog_find(&c, "empty.x");
    none = catalog_find(&c, "none.x");

    assert_string_equal(slr_product(all, LANG_EN), "All");
    assert_string_equal(slr_product(all, LANG_ZH_CN), "数据库");
    assert_string_equal(slr_product(all, LANG_ZH_TW), "資料庫");
    assert_string_equal(slr_description(all, LANG_EN), "en");
    assert_string_equal(slr_description(all, LANG_ZH_CN), "简体");
    assert_string_equal(slr_description(all, LANG_ZH_TW), "繁體");
    assert_string_equal(slr_purpose(all, LANG_EN), "use");
    assert_string_equal(slr_purpose(all, LANG_ZH_CN), "用途");
    assert_string_equal(slr_purpose(all, LANG_ZH_TW), "用途繁");
    /* No Taiwan text: the Simplified one, then the English one. */
    assert_string_equal(slr_product(cn, LANG_ZH_TW), "数据库");
    assert_string_equal(slr_description(cn, LANG_ZH_TW), "简体");
    assert_string_equal(slr_purpose(cn, LANG_ZH_TW), "访问");
    assert_string_equal(slr_purpose(cn, LANG_ZH_CN), "访问");
    /* An empty text is no text. */
    assert_string_equal(slr_product(empty, LANG_ZH_TW), "Empty");
    assert_string_equal(slr_product(empty, LANG_ZH_CN), "Empty");
    assert_string_equal(slr_description(empty, LANG_ZH_TW), "en");
    assert_string_equal(slr_purpose(empty, LANG_ZH_TW), "use");
    assert_string_equal(slr_purpose(empty, LANG_ZH_CN), "use");
    assert_string_equal(slr_product(none, LANG_ZH_TW), "None");
    assert_null(slr_description(none, LANG_ZH_TW));
    assert_null(slr_description(none, LANG_ZH_CN));
    assert_null(slr_purpose(none, LANG_ZH_TW));
    assert_null(slr_purpose(none, LANG_EN));
    catalog_free(&c);
    buf_free(&err);
}

static void template_with(struct api_slr_template *t, const char *en,
                          const char *zh_cn)
{
    memset(t, 0, sizeof(*t));
    if (en) {
        snprintf(t->descriptions[t->ndescriptions].language,
                 sizeof(t->descriptions[0].language), "en");
        snprintf(t->descriptions[t->ndescriptions].description,
                 sizeof(t->descriptions[0].description), "%s", en);
        t->ndescriptions++;
    }
    if (zh_cn) {
        snprintf(t->descriptions[t->ndescriptions].language,
                 sizeof(t->descriptions[0].language), "zh-CN");
        snprintf(t->descriptions[t->ndescriptions].description,
                 sizeof(t->descriptions[0].description), "%s", zh_cn);
        t->ndescriptions++;
    }
}

/* The cloud has no zh-TW: zh_TW shows our Taiwan text, then the cloud's
 * Simplified one; the other languages keep the cloud's words first. */
static void test_preset_description_order(void **state)
{
    struct catalog c;
    struct buf err;
    struct api_slr_template t;
    const struct catalog_entry *all, *cn, *none;

    (void)state;
    buf_init(&err, 4096);
    assert_int_equal(catalog_parse(&c, langs_text, strlen(langs_text),
                                   "langs.json", &err), 0);
    all = catalog_find(&c, "all.x");
    cn = catalog_find(&c, "cn.x");
    none = catalog_find(&c, "none.x");
    template_with(&t, "cloud en", "cloud zh");

    assert_string_equal(slr_template_description(&t, LANG_ZH_TW), "cloud zh");
    assert_string_equal(slr_template_description(&t, LANG_ZH_CN), "cloud zh");
    assert_string_equal(slr_template_description(&t, LANG_EN), "cloud en");

    assert_string_equal(slr_preset_description(&t, all, LANG_ZH_TW), "繁體");
    assert_string_equal(slr_preset_description(&t, all, LANG_ZH_CN),
                        "cloud zh");
    assert_string_equal(slr_preset_description(&t, all, LANG_EN), "cloud en");
    assert_string_equal(slr_preset_description(&t, cn, LANG_ZH_TW),
                        "cloud zh");
    assert_string_equal(slr_preset_description(&t, none, LANG_ZH_TW),
                        "cloud zh");
    assert_string_equal(slr_preset_description(&t, NULL, LANG_ZH_TW),
                        "cloud zh");
    /* No template (not fetched): the catalogue alone. */
    assert_string_equal(slr_preset_description(NULL, all, LANG_ZH_TW), "繁體");
    assert_string_equal(slr_preset_description(NULL, cn, LANG_ZH_TW), "简体");
    assert_string_equal(slr_preset_description(NULL, all, LANG_ZH_CN), "简体");
    assert_null(slr_preset_description(NULL, none, LANG_ZH_TW));
    assert_null(slr_preset_description(NULL, NULL, LANG_EN));
    /* A template with only English. */
    template_with(&t, "cloud en", NULL);
    assert_string_equal(slr_template_description(&t, LANG_ZH_TW), "cloud en");
    assert_string_equal(slr_preset_description(&t, cn, LANG_ZH_TW),
                        "cloud en");
    assert_string_equal(slr_preset_description(&t, all, LANG_ZH_TW), "繁體");
    catalog_free(&c);
    buf_free(&err);
}

/* --- judging a request -------------------------------------------------- */

static char text_of[4096];

static const char *problem(const struct rules_report *r, size_t i)
{
    struct buf b;

    buf_init(&b, sizeof(text_of) - 1);
    assert_int_equal(slr_problem_text(&b, r, i), 0);
    snprintf(text_of, sizeof(text_of), "%s", buf_str(&b));
    buf_free(&b);
    return text_of;
}

static void test_check_catalogue_refusal(void **state)
{
    struct catalog c;
    struct rules_report r;
    bool before = true;

    (void)state;
    load(&c);
    /* DBS takes no suffix: said before anything is sent. */
    assert_int_equal(slr_check(catalog_find(&c, "dbs.aliyuncs.com"), "x",
                               NULL, NULL, &r, &before), 1);
    assert_false(before);
    assert_int_equal(r.problems[0].field, RULES_SUFFIX);
    assert_int_equal(r.problems[0].kind, RULES_NOT_ACCEPTED);
    assert_string_equal(problem(&r, 0),
                        "this service does not accept a custom suffix");
    /* Without a suffix there is nothing to refuse. */
    assert_int_equal(slr_check(catalog_find(&c, "dbs.aliyuncs.com"), NULL,
                               NULL, NULL, &r, NULL), 0);
    /* Unknown to the catalogue: the rules alone. */
    assert_int_equal(slr_check(NULL, "a_b", NULL, NULL, &r, NULL), 1);
    assert_string_equal(problem(&r, 0), "character 2 (\"_\") is not "
                        "allowed: use letters, digits, \".\" or \"-\"");
    catalog_free(&c);
}

static void test_check_remembered_refusal(void **state)
{
    struct catalog c;
    struct rules_report r;
    struct refusals mem = { NULL, 0 };
    char dir[] = "/tmp/linkrole-slr.XXXXXX", path[4300];
    bool before = false;

    (void)state;
    load(&c);
    assert_non_null(mkdtemp(dir));
    setenv("XDG_CACHE_HOME", dir, 1);
    refusals_add(&mem, "polardb.aliyuncs.com");
    refusals_add(&mem, "not a service\x1b[2J");
    refusals_free(&mem);
    refusals_load(&mem);
    assert_int_equal(mem.count, 1);
    assert_int_equal(slr_check(catalog_find(&c, "polardb.aliyuncs.com"),
                               "Ex", NULL, &mem, &r, &before), 0);
    /* A warning, not a refusal: the cloud may have changed its mind. */
    assert_true(before);
    refusals_free(&mem);

    /* A symlink in its place is neither read nor written through. */
    refusals_path(path, sizeof(path));
    assert_int_equal(unlink(path), 0);
    assert_int_equal(symlink("/etc/passwd", path), 0);
    refusals_load(&mem);
    assert_int_equal(mem.count, 0);
    refusals_add(&mem, "ecs.aliyuncs.com");
    assert_int_equal(mem.count, 1);
    refusals_free(&mem);
    {
        struct stat st;

        assert_int_equal(lstat(path, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
    }
    unlink(path);
    {
        char sub[4300];

        snprintf(sub, sizeof(sub), "%s/linkrole", dir);
        rmdir(sub);
    }
    rmdir(dir);
    unsetenv("XDG_CACHE_HOME");
    catalog_free(&c);
}

/* --- create ----------------------------------------------------------- */

static const struct slr_create_request polardb = {
    "polardb.aliyuncs.com", NULL, NULL, "AliyunServiceRoleForPolarDB", false
};

static void test_create_lost_answer_role_found(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;

    (void)state;
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    push(f, TRANSPORT_OK, 200, role_body);   /* GetRole: just created */
    assert_int_equal(slr_create(&f->c, &polardb, &r, &outcome, &e), 0);
    assert_int_equal(f->script.used, 2);
    assert_string_equal(f->script.actions[1], "GetRole");
    assert_true(r.created);
    assert_string_equal(r.role.role_id, "3283324098106712");
    api_role_result_free(&r);
    free(f);
}

static void test_create_lost_answer_role_absent_resends(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;

    (void)state;
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    push(f, TRANSPORT_OK, 404, "{\"Code\":\"EntityNotExist.Role\"}");
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(slr_create(&f->c, &polardb, &r, &outcome, &e), 0);
    assert_string_equal(f->script.actions[2], "CreateServiceLinkedRole");
    assert_int_equal(f->script.used, 3);
    api_role_result_free(&r);
    free(f);
}

static void test_create_lost_answer_old_role_is_already_exists(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;

    (void)state;
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    push(f, TRANSPORT_OK, 200, old_role_body);
    assert_int_equal(slr_create(&f->c, &polardb, &r, &outcome, &e), -1);
    assert_int_equal(e.kind, API_ERR_CLOUD);
    assert_string_equal(e.code, "EntityAlreadyExists.Role");
    free(f);
}

static void test_create_lost_answer_without_name_is_ambiguous(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;

    (void)state;
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    {
        struct slr_create_request unnamed = { "x.aliyuncs.com", NULL, NULL,
                                              NULL, false };

        assert_int_equal(slr_create(&f->c, &unnamed, &r, &outcome, &e),
                         -1);
    }
    assert_int_equal(e.kind, API_ERR_AMBIGUOUS);
    assert_int_equal(f->script.used, 1);
    free(f);
}

static void test_create_replayed_is_checked(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;

    (void)state;
    push(f, TRANSPORT_OK, 400, "{\"Code\":\"SignatureNonceUsed\"}");
    push(f, TRANSPORT_OK, 200, role_body);
    assert_int_equal(slr_create(&f->c, &polardb, &r, &outcome, &e), 0);
    assert_string_equal(f->script.actions[1], "GetRole");
    api_role_result_free(&r);
    free(f);
}

static void test_create_exists_only_with_exist_ok(void **state)
{
    struct fixture *f = fixture_new(false);
    struct slr_create_request req = polardb;
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;
    static const char exists[] =
        "{\"RequestId\":\"X\",\"Code\":\"EntityAlreadyExists.Role\"}";

    (void)state;
    push(f, TRANSPORT_OK, 409, exists);
    assert_int_equal(slr_create(&f->c, &req, &r, &outcome, &e), -1);
    assert_string_equal(e.code, "EntityAlreadyExists.Role");
    assert_int_equal(f->script.used, 1);

    req.exist_ok = true;
    push(f, TRANSPORT_OK, 409, exists);
    push(f, TRANSPORT_OK, 200, old_role_body);
    assert_int_equal(slr_create(&f->c, &req, &r, &outcome, &e), 0);
    assert_int_equal(outcome, SLR_EXISTED);
    assert_string_equal(f->script.actions[2], "GetRole");
    assert_string_equal(r.role.create_date, "2020-06-30T08:14:16Z");
    api_role_result_free(&r);

    /* Its name is not known: accepted, but nothing to fetch. */
    req.role_name = NULL;
    push(f, TRANSPORT_OK, 409, exists);
    assert_int_equal(slr_create(&f->c, &req, &r, &outcome, &e), 0);
    assert_int_equal(outcome, SLR_EXISTED_UNNAMED);
    assert_int_equal(f->script.used, 4);
    free(f);
}

static void test_create_lost_answer_unconfirmed(void **state)
{
    struct fixture *f = fixture_new(false);
    struct api_role_result r;
    struct api_error e;
    enum slr_outcome outcome;
    struct buf why;

    (void)state;
    push(f, TRANSPORT_AMBIGUOUS, 0, NULL);
    push(f, TRANSPORT_OK, 403, "{\"Code\":\"NoPermission\"}");
    assert_int_equal(slr_create(&f->c, &polardb, &r, &outcome, &e), -1);
    /* Never sent again: whether it was made is not known. */
    assert_int_equal(f->script.used, 2);
    assert_int_equal(e.kind, API_ERR_AMBIGUOUS);
    assert_int_equal(e.why, API_WHY_UNCONFIRMED);
    buf_init(&why, 4096);
    assert_int_equal(explain_detail(&why, &e), 0);
    assert_string_equal(buf_str(&why),
                        "the create request got no answer, and GetRole could "
                        "not tell whether AliyunServiceRoleForPolarDB exists "
                        "(NoPermission); check with 'linkrole get "
                        "AliyunServiceRoleForPolarDB'");
    buf_free(&why);
    free(f);
}

/* --- list ------------------------------------------------------------- */

static void test_list_every_page(void **state)
{
    struct fixture *f = fixture_new(false);
    struct slr_role_list l;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200,
         "{\"IsTruncated\":true,\"Marker\":\"m1\",\"Roles\":{\"Role\":["
         "{\"RoleName\":\"A\"},{\"RoleName\":\"B\"}]}}");
    push(f, TRANSPORT_OK, 200,
         "{\"IsTruncated\":false,\"Roles\":{\"Role\":[{\"RoleName\":\"C\","
         "\"IsServiceLinkedRole\":true}]}}");
    assert_int_equal(slr_list(&f->c, &l, &e), 0);
    assert_int_equal(l.count, 3);
    assert_false(l.cut);
    assert_string_equal(l.roles[0].role_name, "A");
    assert_string_equal(l.roles[2].role_name, "C");
    assert_true(slr_is_service_linked(&l.roles[2]));
    assert_false(slr_is_service_linked(&l.roles[0]));
    assert_non_null(strstr(f->script.urls[1], "Marker=m1"));
    slr_role_list_free(&l);

    /* A failing page: nothing half-read is returned. */
    push(f, TRANSPORT_OK, 200,
         "{\"IsTruncated\":true,\"Marker\":\"m1\",\"Roles\":{\"Role\":[]}}");
    push(f, TRANSPORT_OK, 403, "{\"Code\":\"NoPermission\"}");
    assert_int_equal(slr_list(&f->c, &l, &e), -1);
    assert_int_equal(l.count, 0);
    assert_null(l.roles);
    assert_string_equal(e.code, "NoPermission");
    free(f);
}

/* --- delete ----------------------------------------------------------- */

static void test_delete_in_steps(void **state)
{
    struct fixture *f = fixture_new(false);
    struct slr_deletion d;
    struct api_error e;

    (void)state;
    push(f, TRANSPORT_OK, 200, "{\"DeletionTaskId\":\"task-1\"}");
    push(f, TRANSPORT_OK, 200, "{\"Status\":\"IN_PROGRESS\"}");
    push(f, TRANSPORT_OK, 200, "{\"Status\":\"SUCCEEDED\"}");
    assert_int_equal(slr_delete_begin(&f->c, "R", &d, &e), 0);
    assert_string_equal(d.task_id, "task-1");
    assert_int_equal(d.state, SLR_DELETION_RUNNING);
    assert_int_equal(slr_delete_poll(&f->c, &d, &e), 0);
    assert_int_equal(d.state, SLR_DELETION_RUNNING);
    assert_string_equal(d.status, "IN_PROGRESS");
    assert_non_null(strstr(f->script.urls[1], "DeletionTaskId=task-1"));
    assert_int_equal(slr_delete_poll(&f->c, &d, &e), 0);
    assert_int_equal(d.state, SLR_DELETION_DONE);
    slr_deletion_free(&d);

    push(f, TRANSPORT_OK, 200, "{\"DeletionTaskId\":\"task-2\"}");
    push(f, TRANSPORT_OK, 200,
         "{\"Status\":\"FAILED\",\"Reason\":{\"Message\":\"in use\","
         "\"RoleUsages\":{\"RoleUsage\":[{\"Region\":\"cn-hangzhou\","
         "\"Resources\":{\"Resource\":[\"db-1\"]}}]}}}");
    assert_int_equal(slr_delete_begin(&f->c, "R", &d, &e), 0);
    assert_int_equal(slr_delete_poll(&f->c, &d, &e), 0);
    assert_int_equal(d.state, SLR_DELETION_FAILED);
    assert_string_equal(d.last.reason, "in use");
    assert_int_equal(d.last.nusages, 1);
    assert_string_equal(d.last.usages[0], "cn-hangzhou: db-1");
    slr_deletion_free(&d);
    free(f);
}

/* --- words ------------------------------------------------------------ */

static void test_trust_sentence(void **state)
{
    static char svc_a[] = "a.aliyuncs.com", hostile[] = "b\x1b[2Jc";
    static char a[] = "a", b_[] = "b", c[] = "c";
    char *two[] = { svc_a, hostile };
    char *three[] = { a, b_, c };
    struct api_trust_policy t;
    struct buf b;

    (void)state;
    buf_init(&b, 4096);
    memset(&t, 0, sizeof(t));
    assert_int_equal(slr_trust_sentence(&b, &t), 0);
    assert_string_equal(buf_str(&b), "No cloud service may assume this "
                        "role: its trust policy names none.");
    buf_reset(&b);
    t.services = two;
    t.nservices = 2;
    assert_int_equal(slr_trust_sentence(&b, &t), 0);
    /* A hostile name reaches the terminal without its escape. */
    assert_null(strchr(buf_str(&b), 0x1b));
    assert_non_null(strstr(buf_str(&b), "a.aliyuncs.com and b"));
    buf_reset(&b);
    t.services = three;
    t.nservices = 3;
    assert_int_equal(slr_trust_sentence(&b, &t), 0);
    assert_string_equal(buf_str(&b), "a, b and c may assume this role.");
    buf_free(&b);
}

static void test_date_text(void **state)
{
    char out[128];

    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    slr_date_text(out, sizeof(out), "2024-01-02T03:04:05Z");
    assert_string_equal(out, "2024-01-02T03:04:05Z (2024-01-02 03:04:05 UTC)");
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    slr_date_text(out, sizeof(out), "2024-01-02T03:04:05Z");
    assert_string_equal(out, "2024-01-02T03:04:05Z (2024-01-02 11:04:05 CST)");
    slr_date_text(out, sizeof(out), "yesterday\x1b[2J");
    assert_null(strchr(out, 0x1b));
    slr_date_text(out, sizeof(out), NULL);
    assert_string_equal(out, "-");
    setenv("TZ", "UTC", 1);
    tzset();
}

static void test_explain_words_every_reason(void **state)
{
    struct api_error e;
    struct explanation x;

    (void)state;
    explain_init(&x);
    memset(&e, 0, sizeof(e));
    snprintf(e.action, sizeof(e.action), "InitializeDbsServiceLinkedRole");
    e.kind = API_ERR_USAGE;
    e.why = API_WHY_NO_ENDPOINT;
    snprintf(e.subject, sizeof(e.subject), "dbs");
    snprintf(e.detail, sizeof(e.detail), "mars-north-1");
    assert_int_equal(explain_error(&x, &e, NULL, NULL), 2);
    assert_string_equal(buf_str(&x.line),
                        "InitializeDbsServiceLinkedRole failed: no dbs "
                        "endpoint is known for region mars-north-1; give one "
                        "with --endpoint dbs=URL");
    assert_string_equal(x.json_code, "Linkrole.Network");

    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_NETWORK;
    e.why = API_WHY_TRANSPORT;
    e.reason = TRANSPORT_TLS;
    e.attempts = 1;
    snprintf(e.subject, sizeof(e.subject), "h");
    snprintf(e.detail, sizeof(e.detail), "bad cert");
    assert_int_equal(explain_error(&x, &e, NULL, NULL), 4);
    assert_non_null(strstr(buf_str(&x.line), "TLS with h failed: bad cert "
                           "(linkrole always verifies the certificate"));
    e.reason = TRANSPORT_TOO_BIG;
    e.subject[0] = '\0';
    explain_error(&x, &e, NULL, NULL);
    assert_string_equal(buf_str(&x.message),
                        "the answer is larger than 1024 KiB");
    snprintf(e.subject, sizeof(e.subject), "host:1");
    e.reason = TRANSPORT_INSECURE;
    explain_error(&x, &e, NULL, NULL);
    assert_string_equal(buf_str(&x.message),
                        "refusing plain http:// to host:1: only loopback "
                        "addresses may be reached without TLS");
    e.reason = TRANSPORT_CONNECT;
    explain_error(&x, &e, NULL, NULL);
    assert_string_equal(buf_str(&x.message),
                        "cannot connect to host:1: bad cert");

    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_RESPONSE;
    e.why = API_WHY_MISSING;
    e.attempts = 2;
    snprintf(e.action, sizeof(e.action), "GetRole");
    snprintf(e.subject, sizeof(e.subject), "Role");
    assert_int_equal(explain_error(&x, &e, NULL, NULL), 4);
    assert_string_equal(buf_str(&x.line), "GetRole failed: the answer has "
                        "no Role (after 2 attempts)");
    assert_string_equal(x.json_code, "Linkrole.BadResponse");

    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_USAGE;
    e.why = API_WHY_BAD_ENDPOINT;
    e.reason = URL_PORT_RANGE;
    snprintf(e.subject, sizeof(e.subject), "ram");
    snprintf(e.detail, sizeof(e.detail), "host:0");
    explain_error(&x, &e, NULL, NULL);
    assert_string_equal(buf_str(&x.message),
                        "bad ram endpoint 'host:0': port out of range");
    explain_free(&x);
}

static void test_explain_cloud_error_scrubbed(void **state)
{
    struct api_error e;
    struct explanation x;

    (void)state;
    scrub_remember("SuperSecretValue", "TokenTokenToken");
    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_CLOUD;
    e.http_status = 403;
    snprintf(e.action, sizeof(e.action), "CreateServiceLinkedRole");
    snprintf(e.code, sizeof(e.code), "NoPermission\x1b[31m");
    snprintf(e.message, sizeof(e.message), "you sent TokenTokenToken");
    snprintf(e.request_id, sizeof(e.request_id), "R\x1b]0;x\a");
    explain_init(&x);
    assert_int_equal(explain_error(&x, &e, "polardb.aliyuncs.com", NULL), 1);
    assert_null(strchr(buf_str(&x.line), 0x1b));
    assert_null(strstr(buf_str(&x.line), "TokenTokenToken"));
    assert_null(strchr(x.e.request_id, 0x1b));
    assert_null(strchr(x.e.code, 0x1b));
    assert_non_null(strstr(buf_str(&x.line), "(HTTP 403)"));
    explain_free(&x);

    snprintf(e.code, sizeof(e.code), "NoPermission");
    explain_init(&x);
    explain_error(&x, &e, "polardb.aliyuncs.com", NULL);
    assert_non_null(strstr(buf_str(&x.hint),
                           "grant ram:CreateServiceLinkedRole (condition "
                           "ram:ServiceName = polardb.aliyuncs.com)"));
    assert_non_null(strstr(buf_str(&x.policy), "\"ram:ServiceName\""));
    explain_free(&x);
    scrub_forget();
}

static void test_scrub(void **state)
{
    struct buf b;
    char masked[32];

    (void)state;
    buf_init(&b, 4096);
    scrub_remember("SuperSecretValue", NULL);
    assert_int_equal(scrub_text(&b, "a SuperSecretValue b\nline two\x07"),
                     0);
    assert_string_equal(buf_str(&b),
                        "a **************** b\nline two\xef\xbf\xbd");
    buf_reset(&b);
    assert_int_equal(scrub_text(&b, "x&SecurityToken%3Dabc%2Fdef%26y=1"),
                     0);
    assert_string_equal(buf_str(&b), "x&SecurityToken%3D<redacted>%26y=1");
    scrub_forget();
    buf_reset(&b);
    assert_int_equal(scrub_text(&b, "SuperSecretValue"), 0);
    assert_string_equal(buf_str(&b), "SuperSecretValue");
    buf_free(&b);
    scrub_mask_key(masked, sizeof(masked), "LTAI5tAbCdEfGhIj");
    assert_string_equal(masked, "LTAI****GhIj");
    scrub_mask_key(masked, sizeof(masked), "short");
    assert_string_equal(masked, "****");
    scrub_mask_key(masked, sizeof(masked), NULL);
    assert_string_equal(masked, "(none)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_role_name),
        cmocka_unit_test(test_role_to_service),
        cmocka_unit_test(test_catalogue_text_falls_back),
        cmocka_unit_test(test_preset_description_order),
        cmocka_unit_test(test_check_catalogue_refusal),
        cmocka_unit_test(test_check_remembered_refusal),
        cmocka_unit_test(test_create_lost_answer_role_found),
        cmocka_unit_test(test_create_lost_answer_role_absent_resends),
        cmocka_unit_test(test_create_lost_answer_old_role_is_already_exists),
        cmocka_unit_test(test_create_lost_answer_without_name_is_ambiguous),
        cmocka_unit_test(test_create_replayed_is_checked),
        cmocka_unit_test(test_create_exists_only_with_exist_ok),
        cmocka_unit_test(test_create_lost_answer_unconfirmed),
        cmocka_unit_test(test_list_every_page),
        cmocka_unit_test(test_delete_in_steps),
        cmocka_unit_test(test_trust_sentence),
        cmocka_unit_test(test_date_text),
        cmocka_unit_test(test_explain_words_every_reason),
        cmocka_unit_test(test_explain_cloud_error_scrubbed),
        cmocka_unit_test(test_scrub),
    };

    return cmocka_run_group_tests_name("slr", tests, NULL, NULL);
}
