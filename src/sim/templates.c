/* templates — GetServiceLinkedRoleTemplate, and the one place the
 * simulator decides whether a service takes a CustomSuffix.
 *
 * CreateServiceLinkedRole asks templates_multiple_roles(), the same
 * question the template answers as MultipleRolesAllowed, so the two can
 * never disagree.  The rule is the simulator's own statement, never the
 * client's core/rules:
 *
 *   - a service named with --refuse-suffix (sim_account_refuse_suffix)
 *     refuses one;
 *   - otherwise what the catalogue states (custom_suffix true/false);
 *   - otherwise only the handful below allow more than one role.
 *
 * The handful is invented for testing, not copied from the cloud: it
 * gives the tests services of both kinds (PolarDB and HDR are the ones
 * the tests create with a suffix). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sim/internal.h"

static const char *const templates_multiple[] = {
    "polardb.aliyuncs.com",
    "hdr.aliyuncs.com",
    "elasticsearch.aliyuncs.com",
    "servicecatalog.aliyuncs.com",
    "csb.aliyuncs.com",
};
static const size_t templates_nmultiple =
    sizeof(templates_multiple) / sizeof(templates_multiple[0]);

size_t sim_templates_multiple(const char *const **names)
{
    if (names)
        *names = templates_multiple;
    return templates_nmultiple;
}

bool templates_multiple_roles(const struct sim_account *a,
                              const struct catalog_entry *e)
{
    /* A service's template is the same in every account: members of a
     * directory follow --refuse-suffix as given to the management
     * account (set up before any request, so read without its lock). */
    const struct sim_account *root = a->master ? a->master : a;

    if (kvlist_get_case(&root->refused, e->service_name))
        return false;
    if (e->custom_suffix == CATALOG_SUFFIX_REFUSED)
        return false;
    if (e->custom_suffix == CATALOG_SUFFIX_ACCEPTED)
        return true;
    for (size_t i = 0; i < templates_nmultiple; i++)
        if (strcasecmp(e->service_name, templates_multiple[i]) == 0)
            return true;
    return false;
}

/* The system policy: the catalogue's, or the name the cloud gives one
 * ("AliyunServiceRoleFor<X>" -> "AliyunServiceRolePolicyFor<X>"). */
static int templates_policy(struct buf *out, const struct catalog_entry *e)
{
    static const char role[] = "AliyunServiceRoleFor";

    if (e->policy_name && *e->policy_name)
        return buf_adds(out, e->policy_name);
    if (strncmp(e->role_name, role, sizeof(role) - 1) == 0)
        return buf_printf(out, "AliyunServiceRolePolicyFor%s",
                          e->role_name + sizeof(role) - 1);
    return buf_printf(out, "%sPolicy", e->role_name);
}

static void templates_description(struct json_writer *w, const char *lang,
                                  const char *text)
{
    json_begin_object(w);
    reply_pair(w, "Description", text);
    reply_pair(w, "Language", lang);
    json_end_object(w);
}

void api_ram_slr_template(struct call *c)
{
    const char *service = dispatch_param(c, "ServiceName");
    const struct catalog_entry *e;
    struct buf en, zh, ja, policy;
    struct json_writer w;

    buf_init(&en, 8192);
    buf_init(&zh, 8192);
    buf_init(&ja, 8192);
    buf_init(&policy, 1024);
    if (!service) {
        reply_missing(c, "ServiceName");
        goto out;
    }
    e = c->a->catalog ? catalog_find(c->a->catalog, service) : NULL;
    if (!e) {
        reply_error(c, 404, "EntityNotExist.Service",
                    "The service does not exist.");
        goto out;
    }
    /* en and zh-CN: the catalogue's preset where it has one; ja (and
     * zh-CN without one) made up after the same pattern. */
    if (api_ram_default_description(&en, e) ||
        (e->description_zh && *e->description_zh
             ? buf_adds(&zh, e->description_zh)
             : buf_printf(&zh, "%s\xe7\x9a\x84\xe6\x9c\x8d\xe5\x8a\xa1"
                          "\xe5\x85\xb3\xe8\x81\x94\xe8\xa7\x92\xe8\x89\xb2",
                          e->product_zh && *e->product_zh ? e->product_zh
                                                          : e->product)) ||
        buf_printf(&ja, "%s\xe3\x81\xae\xe3\x82\xb5\xe3\x83\xbc\xe3\x83\x93"
                   "\xe3\x82\xb9\xe3\x83\xaa\xe3\x83\xb3\xe3\x82\xaf"
                   "\xe3\x83\xad\xe3\x83\xbc\xe3\x83\xab", e->product) ||
        templates_policy(&policy, e)) {
        reply_internal(c);
        goto out;
    }
    reply_begin(c, &w);
    reply_pair(&w, "RequestId", c->request_id);
    json_key(&w, "ServiceLinkedRoleTemplate");
    json_begin_object(&w);
    reply_pair(&w, "ServiceName", e->service_name);
    reply_pair(&w, "RoleNamePrefix", e->role_name);
    reply_pair(&w, "SystemPolicyName", buf_str(&policy));
    json_key(&w, "MultipleRolesAllowed");
    json_bool(&w, templates_multiple_roles(c->a, e));
    json_key(&w, "RoleDescriptions");
    json_begin_object(&w);
    json_key(&w, "RoleDescription");
    json_begin_array(&w);
    templates_description(&w, "en", buf_str(&en));
    templates_description(&w, "zh-CN", buf_str(&zh));
    templates_description(&w, "ja", buf_str(&ja));
    json_end_array(&w);
    json_end_object(&w);
    json_end_object(&w);
    reply_end(c, &w);
out:
    buf_free(&en);
    buf_free(&zh);
    buf_free(&ja);
    buf_free(&policy);
}
