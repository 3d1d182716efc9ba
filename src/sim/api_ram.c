/* api_ram — the simulated account's roles, through ResourceManager
 * (2020-03-31) and RAM (2015-05-01).
 *
 * CreateServiceLinkedRole names a role after the catalogue entry of its
 * service and judges CustomSuffix and Description by sim/limits and the
 * service's template (templates.c), never by the client's rules.
 * Deletion is asynchronous as documented: the first
 * status query finds the task running, the next one finished (or failed,
 * for a role marked in use). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/internal.h"
#include "sim/limits.h"

#define API_RAM_MARKER_PREFIX "sim-"
#define API_RAM_MARKER_MAX 999999999L

int api_ram_default_description(struct buf *out,
                                const struct catalog_entry *e)
{
    if (e && e->description_en)
        return buf_adds(out, e->description_en);
    if (e)
        return buf_printf(out, "Service Linked Role for %s. %s will use "
                          "this role to access your resources in other "
                          "services.", e->product, e->product);
    return buf_adds(out, "Service Linked Role");
}

/* The refusals of CustomSuffix and Description, in the order the API
 * checks them.  Returns true when one was answered. */
static bool api_ram_refuse_params(struct call *c,
                                  const struct catalog_entry *e,
                                  const char *suffix, const char *desc)
{
    /* The template's word (templates.c), never a rule of its own. */
    bool refuses = !templates_multiple_roles(c->a, e);
    enum limits_verdict v;

    if (suffix && refuses) {
        reply_error(c, 400, "InvalidParameter.CustomSuffix.NotAllowed",
                    "Custom suffix is not allowed for this Service Linked "
                    "Role.");
        return true;
    }
    v = suffix ? limits_suffix(e->role_name, suffix) : LIMITS_OK;
    if (v == LIMITS_BAD_CHARS) {
        reply_error(c, 400, "InvalidParameter.CustomSuffix.InvalidChars",
                    "The parameter CustomSuffix contains invalid "
                    "characters.");
        return true;
    }
    if (v == LIMITS_TOO_LONG) {
        reply_error(c, 400, "InvalidParameter.CustomSuffix.Length",
                    "The maximum length of the parameter CustomSuffix is "
                    "exceeded.");
        return true;
    }
    if (desc && limits_description(desc) == LIMITS_TOO_LONG) {
        reply_error(c, 400, "InvalidParameter.Description.Length",
                    "The maximum length of the description is exceeded. It "
                    "must not exceed 1024 characters.");
        return true;
    }
    if (desc && !suffix && refuses) {
        reply_error(c, 400, "InvalidParameter.Description.NotAllowed",
                    "Custom description is not allowed for default service "
                    "linked role.");
        return true;
    }
    return false;
}

void api_ram_create_slr(struct call *c)
{
    struct sim_account *a = c->a;
    const char *service = dispatch_param(c, "ServiceName");
    const char *suffix = dispatch_param(c, "CustomSuffix");
    const char *desc = dispatch_param(c, "Description");
    const struct catalog_entry *e;
    struct json_writer w;
    struct buf name, text;
    struct sim_role *r;

    buf_init(&name, 4096);
    buf_init(&text, 64 * 1024);
    if (!service) {
        reply_missing(c, "ServiceName");
        goto out;
    }
    e = a->catalog ? catalog_find(a->catalog, service) : NULL;
    if (!e) {
        reply_error(c, 404, "EntityNotExist.Service",
                    "The service does not exist.");
        goto out;
    }
    if (api_ram_refuse_params(c, e, suffix, desc))
        goto out;
    if ((suffix ? buf_printf(&name, "%s_%s", e->role_name, suffix)
                : buf_adds(&name, e->role_name)) != BUF_OK) {
        reply_internal(c);
        goto out;
    }
    if (store_role_find(a, buf_str(&name))) {
        reply_error(c, 409, "EntityAlreadyExists.Role",
                    "The role already exists.");
        goto out;
    }
    if (a->nroles >= a->role_limit) {
        reply_error(c, 409, "LimitExceeded.Role",
                    "The maximum number of roles is exceeded.");
        goto out;
    }
    if (desc ? buf_adds(&text, desc) : api_ram_default_description(&text, e)) {
        reply_internal(c);
        goto out;
    }
    r = store_role_add(a, buf_str(&name), e->service_name, buf_str(&text),
                       NULL, c->now, NULL);
    if (!r) {
        reply_internal(c);
        goto out;
    }
    c->dirty = true;
    reply_begin(c, &w);
    json_key(&w, "Role");
    reply_role(&w, a, r, ROLE_CREATED);
    reply_pair(&w, "RequestId", c->request_id);
    reply_end(c, &w);
out:
    buf_free(&name);
    buf_free(&text);
}

void api_ram_get_role(struct call *c)
{
    const char *name = dispatch_param(c, "RoleName");
    const struct sim_role *r;
    struct json_writer w;

    if (!name) {
        reply_missing(c, "RoleName");
        return;
    }
    r = store_role_find(c->a, name);
    if (!r) {
        reply_error(c, 404, "EntityNotExist.Role",
                    "The role does not exist.");
        return;
    }
    reply_begin(c, &w);
    reply_pair(&w, "RequestId", c->request_id);
    json_key(&w, "Role");
    reply_role(&w, c->a, r, ROLE_GET);
    reply_end(c, &w);
}

void api_ram_list_roles(struct call *c)
{
    const struct sim_account *a = c->a;
    const char *max_text = dispatch_param(c, "MaxItems");
    const char *marker = dispatch_param(c, "Marker");
    size_t prefix = strlen(API_RAM_MARKER_PREFIX), first = 0, end;
    long max = LIMITS_MAX_ITEMS_DEFAULT, after = 0;
    char next[64];
    struct json_writer w;

    if (max_text) {
        max = limits_count(max_text, LIMITS_MAX_ITEMS_MIN,
                           LIMITS_MAX_ITEMS_MAX);
        if (max < 0) {
            reply_error(c, 400, "InvalidParameter.MaxItems",
                        "The parameter MaxItems must be between 1 and "
                        "1000.");
            return;
        }
    }
    if (marker) {
        /* A marker is the creation sequence of the last role shown, so
         * deleting roles between pages skips or repeats nothing. */
        if (strncmp(marker, API_RAM_MARKER_PREFIX, prefix) != 0 ||
            (after = limits_count(marker + prefix, 1,
                                  API_RAM_MARKER_MAX)) < 0) {
            reply_error(c, 400, "InvalidParameter.Marker",
                        "The parameter Marker is invalid.");
            return;
        }
    }
    while (first < a->nroles && a->roles[first].seq <= (unsigned long)after)
        first++;
    end = first;
    while (end < a->nroles && end - first < (size_t)max)
        end++;
    reply_begin(c, &w);
    reply_pair(&w, "RequestId", c->request_id);
    json_key(&w, "IsTruncated");
    json_bool(&w, end < a->nroles);
    if (end < a->nroles) {
        snprintf(next, sizeof(next), "%s%lu", API_RAM_MARKER_PREFIX,
                 a->roles[end - 1].seq);
        reply_pair(&w, "Marker", next);
    }
    json_key(&w, "Roles");
    json_begin_object(&w);
    json_key(&w, "Role");
    json_begin_array(&w);
    for (size_t i = first; i < end; i++)
        reply_role(&w, a, &a->roles[i], ROLE_LISTED);
    json_end_array(&w);
    json_end_object(&w);
    reply_end(c, &w);
}

void api_ram_delete_slr(struct call *c)
{
    const char *name = dispatch_param(c, "RoleName");
    char uuid[ACCOUNT_REQUEST_ID_LEN + 1];
    const struct sim_role *r;
    struct json_writer w;
    struct buf id;

    buf_init(&id, 4096);
    if (!name) {
        reply_missing(c, "RoleName");
        goto out;
    }
    r = store_role_find(c->a, name);
    if (!r) {
        reply_error(c, 404, "EntityNotExist.Role",
                    "The role does not exist.");
        goto out;
    }
    if (!r->service_linked) {
        reply_error(c, 404, "EntityNotExist.ServiceLinkedRole",
                    "This role exists but is not a Service Linked Role.");
        goto out;
    }
    ids_uuid(uuid, false);
    if (buf_printf(&id, "task/acs-service-role/%s/%s/%s", r->service_name,
                   r->role_name, uuid) != BUF_OK ||
        !store_task_add(c->a, buf_str(&id), r, c->now)) {
        reply_internal(c);
        goto out;
    }
    reply_begin(c, &w);
    reply_pair(&w, "RequestId", c->request_id);
    reply_pair(&w, "DeletionTaskId", buf_str(&id));
    reply_end(c, &w);
out:
    buf_free(&id);
}

/* The regions a role in use has its users in: N resources spread over
 * them in blocks, so a long list has several regions. */
static const char *const api_ram_usage_regions[] = {
    "cn-hangzhou", "cn-beijing", "cn-shanghai", "ap-southeast-1",
};
#define API_RAM_USAGE_REGIONS \
    (sizeof(api_ram_usage_regions) / sizeof(api_ram_usage_regions[0]))

static void api_ram_failure_reason(struct json_writer *w,
                                   const struct sim_account *a,
                                   const struct sim_task *t,
                                   const struct sim_role *r)
{
    char *arn = reply_role_arn(a, t->role_name);
    const char *count = kvlist_get_case(&a->in_use, t->role_name);
    long n = count && *count ? strtol(count, NULL, 10) : 1;
    size_t regions = n < (long)API_RAM_USAGE_REGIONS
                         ? (size_t)n : API_RAM_USAGE_REGIONS;
    struct buf msg, res;

    buf_init(&msg, 4096);
    buf_init(&res, 256);
    if (!arn ||
        buf_printf(&msg, "Service-Linked Role %s cannot be deleted as it is "
                   "in use by %s.", arn, t->service_name) != BUF_OK)
        w->error = BUF_NOMEM;
    json_key(w, "Reason");
    json_begin_object(w);
    reply_pair(w, "Message", buf_str(&msg));
    json_key(w, "RoleUsages");
    json_begin_object(w);
    json_key(w, "RoleUsage");
    json_begin_array(w);
    for (size_t g = 0; g < regions; g++) {
        json_begin_object(w);
        reply_pair(w, "Region", api_ram_usage_regions[g]);
        json_key(w, "Resources");
        json_begin_object(w);
        json_key(w, "Resource");
        json_begin_array(w);
        /* Resource i is in region i * regions / n; the first one is
         * named as it always was. */
        for (long i = 0; i < n; i++) {
            if ((size_t)(i * (long)regions / n) != g)
                continue;
            buf_reset(&res);
            if ((i ? buf_printf(&res, "sim-%s-%ld", r ? r->role_id : "0",
                                i + 1)
                   : buf_printf(&res, "sim-%s", r ? r->role_id : "0")) !=
                BUF_OK)
                w->error = BUF_NOMEM;
            json_string(w, buf_str(&res));
        }
        json_end_array(w);
        json_end_object(w);
        json_end_object(w);
    }
    json_end_array(w);
    json_end_object(w);
    json_end_object(w);
    free(arn);
    buf_free(&msg);
    buf_free(&res);
}

void api_ram_deletion_status(struct call *c)
{
    struct sim_account *a = c->a;
    const char *id = dispatch_param(c, "DeletionTaskId");
    struct sim_task *t;
    struct sim_role *r;
    struct json_writer w;
    const char *status;

    if (!id) {
        reply_missing(c, "DeletionTaskId");
        return;
    }
    t = store_task_find(a, id);
    if (!t) {
        reply_error(c, 404, "EntityNotExist.DeletionTask",
                    "The deletion task does not exist.");
        return;
    }
    r = store_role_find(a, t->role_name);
    /* The first look finds the task running; the next one finished. */
    if (t->status == TASK_IN_PROGRESS && ++t->polls >= 2) {
        if (r && kvlist_get_case(&a->in_use, t->role_name)) {
            t->status = TASK_FAILED;
        } else {
            t->status = TASK_SUCCEEDED;
            if (r) {
                store_role_remove(a, r);
                r = NULL;
                c->dirty = true;
            }
        }
    }
    status = t->status == TASK_IN_PROGRESS ? "IN_PROGRESS"
             : t->status == TASK_SUCCEEDED ? "SUCCEEDED"
                                           : "FAILED";
    reply_begin(c, &w);
    reply_pair(&w, "RequestId", c->request_id);
    reply_pair(&w, "Status", status);
    if (t->status == TASK_FAILED)
        api_ram_failure_reason(&w, a, t, r);
    reply_end(c, &w);
}
