/* Tests for the simulator's GetServiceLinkedRoleTemplate: a template for
 * every catalogue service, and CreateServiceLinkedRole refusing a
 * CustomSuffix (and a Description) exactly where the template says
 * MultipleRolesAllowed is false, for every service of the real
 * catalogue. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sim_fixture.h"

static const char *catalog_path(void)
{
    const char *p = getenv("LINKROLE_CATALOG");

    return p && *p ? p : "data/services.json";
}

/* An account on the shipped catalogue, owner key only. */
static struct fx *fx_catalogue(void)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct sim_config cfg;
    struct buf err;

    assert_non_null(f);
    buf_init(&err, 4096);
    if (catalog_load(&f->cat, catalog_path(), &err))
        fail_msg("catalog_load: %s", buf_str(&err));
    memset(&cfg, 0, sizeof(cfg));
    cfg.catalog = &f->cat;
    f->a = sim_account_new(&cfg, &err);
    if (!f->a)
        fail_msg("sim_account_new: %s", buf_str(&err));
    assert_int_equal(sim_account_add_key(f->a, KEY_ID, KEY_SECRET), 0);
    f->t = sim_transport_new(f->a, 0);
    assert_non_null(f->t);
    buf_free(&err);
    return f;
}

static bool template_of(struct fx *f, const char *service,
                        const struct catalog_entry *e)
{
    const char *const params[] = { "ServiceName", service, NULL };
    const cJSON *allowed, *list, *d;
    struct reply r;
    bool multiple;
    int langs = 0;

    simple_call(f, "GetServiceLinkedRoleTemplate", RAM, params, &r);
    assert_ok(&r);
    assert_jstr(&r, "ServiceLinkedRoleTemplate.ServiceName",
                e->service_name);
    assert_jstr(&r, "ServiceLinkedRoleTemplate.RoleNamePrefix",
                e->role_name);
    assert_non_null(jstr(r.json, "ServiceLinkedRoleTemplate."
                                 "SystemPolicyName"));
    if (e->policy_name)
        assert_jstr(&r, "ServiceLinkedRoleTemplate.SystemPolicyName",
                    e->policy_name);
    allowed = jget(r.json, "ServiceLinkedRoleTemplate.MultipleRolesAllowed");
    assert_true(cJSON_IsBool(allowed));
    multiple = cJSON_IsTrue(allowed);
    list = jget(r.json, "ServiceLinkedRoleTemplate.RoleDescriptions."
                        "RoleDescription");
    assert_true(cJSON_IsArray(list));
    cJSON_ArrayForEach(d, list) {
        const char *lang = jstr(d, "Language"), *text = jstr(d, "Description");

        assert_non_null(lang);
        assert_non_null(text);
        assert_true(*text != '\0');
        if (strcmp(lang, "en") == 0 && e->description_en)
            assert_string_equal(text, e->description_en);
        if (strcmp(lang, "zh-CN") == 0 && e->description_zh)
            assert_string_equal(text, e->description_zh);
        langs |= strcmp(lang, "en") == 0 ? 1 :
                 strcmp(lang, "zh-CN") == 0 ? 2 :
                 strcmp(lang, "ja") == 0 ? 4 : 8;
    }
    assert_int_equal(langs, 7);
    reply_free(&r);
    return multiple;
}

/* For every service: the template's MultipleRolesAllowed, then a create
 * with a suffix (refused iff false) and one with only a Description
 * (likewise). */
static void templates_and_refusals_agree(void **state)
{
    struct fx *f = fx_catalogue();
    size_t allowed = 0;

    (void)state;
    /* One the account refuses on top of the catalogue's word. */
    assert_int_equal(sim_account_refuse_suffix(f->a, "hdr.aliyuncs.com"), 0);
    assert_true(f->cat.count > 100);
    for (size_t i = 0; i < f->cat.count; i++) {
        const struct catalog_entry *e = &f->cat.entries[i];
        const char *const with_suffix[] = {
            "ServiceName", e->service_name, "CustomSuffix", "tmpl", NULL };
        const char *const with_desc[] = {
            "ServiceName", e->service_name, "Description", "mine", NULL };
        bool multiple = template_of(f, e->service_name, e);
        struct reply r;

        if (strcmp(e->service_name, "hdr.aliyuncs.com") == 0)
            assert_false(multiple);
        create_role(f, with_suffix, &r);
        if (multiple) {
            allowed++;
            assert_ok(&r);
        } else {
            assert_error(&r, 400, "InvalidParameter.CustomSuffix.NotAllowed");
        }
        reply_free(&r);
        create_role(f, with_desc, &r);
        if (multiple)
            assert_ok(&r);
        else
            assert_error(&r, 400, "InvalidParameter.Description.NotAllowed");
        reply_free(&r);
    }
    /* The documented handful, less the one refused above. */
    assert_int_equal(allowed, sim_templates_multiple(NULL) - 1);
    fx_free(f);
}

static void unknown_service_is_entity_not_exist(void **state)
{
    struct fx *f = *state;
    struct reply r;

    simple_call(f, "GetServiceLinkedRoleTemplate", RAM,
                (const char *const[]){ "ServiceName", "nothing.aliyuncs.com",
                                       NULL }, &r);
    assert_error(&r, 404, "EntityNotExist.Service");
    reply_free(&r);
    simple_call(f, "GetServiceLinkedRoleTemplate", RAM, NULL, &r);
    assert_error(&r, 400, "MissingParameter.ServiceName");
    reply_free(&r);
}

/* No RAM permission needed: a user without any is answered. */
static void anyone_may_ask(void **state)
{
    struct fx *f = *state;
    struct call c = { .action = "GetServiceLinkedRoleTemplate",
                      .version = RAM, .params = polardb,
                      .key_id = USER_ID, .secret = USER_SECRET };
    struct reply r;

    v3_call(f, &c, &r);
    assert_ok(&r);
    assert_true(cJSON_IsTrue(jget(r.json, "ServiceLinkedRoleTemplate."
                                          "MultipleRolesAllowed")));
    reply_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(templates_and_refusals_agree),
        T(unknown_service_is_entity_not_exist),
        T(anyone_may_ask),
    };

    return cmocka_run_group_tests_name("sim_templates", tests, NULL, NULL);
}
