/* api_calls — the calls: ResourceManager, RAM, DBS and STS, each built,
 * sent through api_call_send and read into its struct. */
#include "config.h"

#include "cloud/api_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/wipe.h"

int api_get_role(struct api_client *c, const char *role_name,
                 struct api_role_result *out, struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    api_call_init(&call, API_RESOURCEMANAGER, "GetRole", true);
    if (api_param(&call, err, "RoleName", role_name))
        goto out;
    if (api_call_send(c, &call, &root, &out->r, err))
        goto out;
    rc = api_role_answer(root, out, err);
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_role_result_free(out);
    return rc;
}

int api_create_service_linked_role(struct api_client *c,
                                   const char *service_name,
                                   const char *custom_suffix,
                                   const char *description,
                                   struct api_role_result *out,
                                   struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    api_call_init(&call, API_RESOURCEMANAGER, "CreateServiceLinkedRole", false);
    if (api_param(&call, err, "ServiceName", service_name) ||
        api_param(&call, err, "CustomSuffix", custom_suffix) ||
        api_param(&call, err, "Description", description) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    rc = api_role_answer(root, out, err);
    /* A 200 without the role in it: the role may well be made, so this
     * is a lost answer, for the caller's check, not a plain failure. */
    if (rc && err->kind == API_ERR_RESPONSE)
        err->kind = API_ERR_AMBIGUOUS;
    out->created = rc == 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_role_result_free(out);
    return rc;
}

/* The roles' users a refused deletion names, as "region: resource"
 * lines: Reason.RoleUsages.RoleUsage[] each with Region and
 * Resources.Resource[] (strings). */
static int usages_read(struct api_deletion *d, const cJSON *reason,
                       struct api_error *err)
{
    const cJSON *usages, *list, *u;
    int i = 0;

    if (api_object_field(reason, "Reason", "RoleUsages", &usages, err) ||
        api_array_field(usages, "Reason.RoleUsages", "RoleUsage", &list,
                        err))
        return -1;
    cJSON_ArrayForEach(u, list) {
        const cJSON *resources, *res, *r;
        char where[96], *region = NULL;
        int j = 0, rc = -1;

        snprintf(where, sizeof(where), "Reason.RoleUsages.RoleUsage[%d]",
                 i++);
        if (!cJSON_IsObject(u)) {
            api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE, where,
                          NULL);
            return -1;
        }
        if (api_take_field(u, where, "Region", &region, err) ||
            api_object_field(u, where, "Resources", &resources, err))
            goto next;
        strncat(where, ".Resources", sizeof(where) - strlen(where) - 1);
        if (api_array_field(resources, where, "Resource", &res, err))
            goto next;
        cJSON_ArrayForEach(r, res) {
            char line[512];

            if (!cJSON_IsString(r)) {
                char path[sizeof(where) + 24];

                snprintf(path, sizeof(path), "%s.Resource[%d]", where, j);
                api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE,
                              path, NULL);
                goto next;
            }
            j++;
            snprintf(line, sizeof(line), "%s: %s", region ? region : "-",
                     r->valuestring);
            if (api_push_str(&d->usages, &d->nusages, line)) {
                api_error_nomem(err);
                goto next;
            }
        }
        rc = 0;
next:
        free(region);
        if (rc)
            return -1;
    }
    return 0;
}

/* A deletion's answer; -1 with err set. */
static int deletion_read(struct api_deletion *d, const cJSON *root,
                         struct api_error *err)
{
    const cJSON *reason;

    if (api_take_field(root, NULL, "DeletionTaskId", &d->task_id, err) ||
        api_take_field(root, NULL, "Status", &d->status, err) ||
        api_object_field(root, NULL, "Reason", &reason, err) ||
        api_take_field(reason, "Reason", "Message", &d->reason, err))
        return -1;
    return usages_read(d, reason, err);
}

int api_delete_service_linked_role(struct api_client *c,
                                   const char *role_name,
                                   struct api_deletion *out,
                                   struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    /* A second deletion request for the same role starts another task,
     * which is harmless, so retrying after a lost answer is safe. */
    api_call_init(&call, API_RESOURCEMANAGER, "DeleteServiceLinkedRole", true);
    if (api_param(&call, err, "RoleName", role_name) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (deletion_read(out, root, err))
        goto out;
    if (!out->task_id) {
        api_error_missing(err, "DeletionTaskId");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_deletion_free(out);
    return rc;
}

int api_deletion_status(struct api_client *c, const char *task_id,
                        struct api_deletion *out, struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    api_call_init(&call, API_RESOURCEMANAGER,
                  "GetServiceLinkedRoleDeletionStatus", true);
    if (api_param(&call, err, "DeletionTaskId", task_id) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (deletion_read(out, root, err))
        goto out;
    if (!out->status) {
        api_error_missing(err, "Status");
        goto out;
    }
    if (!out->task_id && !(out->task_id = strdup(task_id))) {
        api_error_nomem(err);
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_deletion_free(out);
    return rc;
}

int api_list_roles(struct api_client *c, const char *marker,
                   unsigned max_items, struct api_role_page *out,
                   struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    const cJSON *roles, *list, *it;
    char items[16];
    size_t n;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    api_call_init(&call, API_RAM, "ListRoles", true);
    snprintf(items, sizeof(items), "%u", max_items ? max_items : 100);
    if (api_param(&call, err, "Marker", marker) ||
        api_param(&call, err, "MaxItems", items) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    /* The XML-shaped JSON nests the list as Roles.Role[]; anything else
     * there (a string, an object, items that are not roles) is not an
     * empty list but an answer that is not the API's. */
    if (api_object_field(root, NULL, "Roles", &roles, err) ||
        api_array_field(roles, "Roles", "Role", &list, err))
        goto out;
    n = (size_t)cJSON_GetArraySize(list);
    out->roles = calloc(n ? n : 1, sizeof(*out->roles));
    if (!out->roles) {
        api_error_nomem(err);
        goto out;
    }
    cJSON_ArrayForEach(it, list) {
        char where[48];

        snprintf(where, sizeof(where), "Roles.Role[%zu]", out->count);
        if (!cJSON_IsObject(it)) {
            api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE, where,
                          NULL);
            goto out;
        }
        /* Counted even when it fails: it may hold copies to free. */
        if (api_role_read(&out->roles[out->count++], it, where, err))
            goto out;
    }
    out->truncated = api_truthy(api_member(root, "IsTruncated"));
    if (api_take_field(root, NULL, "Marker", &out->marker, err))
        goto out;
    if (out->truncated && !out->marker) {
        api_error_missing(err, "Marker");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_role_page_free(out);
    return rc;
}

int api_init_dbs(struct api_client *c, struct api_dbs_init *out,
                 struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    /* Initialising twice answers "already exists", which would hide that
     * a lost first attempt made the role: not resent here, so the use
     * case can check with GetRole first (slr_dbs_init). */
    api_call_init(&call, API_DBS, "InitializeDbsServiceLinkedRole", false);
    if (api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (api_take_field(root, NULL, "ErrorCode", &out->error_code, err) ||
        api_take_field(root, NULL, "ErrMessage", &out->err_message, err))
        goto out;
    if (!out->error_code &&
        api_take_field(root, NULL, "ErrCode", &out->error_code, err))
        goto out;
    out->already = out->error_code &&
                   strcmp(out->error_code, "EntityAlreadyExists.Role") == 0;
    if (out->error_code && *out->error_code && !out->already) {
        err->kind = API_ERR_CLOUD;
        api_copy_field(err->code, sizeof(err->code), out->error_code);
        api_copy_field(err->message, sizeof(err->message), out->err_message);
        api_copy_field(err->request_id, sizeof(err->request_id),
                       out->r.request_id);
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_dbs_init_free(out);
    return rc;
}

int api_caller_identity(struct api_client *c, struct api_identity *out,
                        struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    api_call_init(&call, API_STS, "GetCallerIdentity", true);
    if (api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (api_take_field(root, NULL, "IdentityType", &out->identity_type,
                       err) ||
        api_take_field(root, NULL, "AccountId", &out->account_id, err) ||
        api_take_field(root, NULL, "UserId", &out->user_id, err) ||
        api_take_field(root, NULL, "RoleId", &out->role_id, err) ||
        api_take_field(root, NULL, "PrincipalId", &out->principal_id,
                       err) ||
        api_take_field(root, NULL, "Arn", &out->arn, err))
        goto out;
    if (!out->account_id || !out->arn) {
        api_error_missing(err, "AccountId or Arn");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_identity_free(out);
    return rc;
}

int api_assume_role(struct api_client *c, const char *role_arn,
                    const char *session_name, long duration_seconds,
                    const char *external_id,
                    struct api_sts_credentials *out, struct api_error *err)
{
    struct api_assume_args a = { role_arn, session_name, duration_seconds,
                                 external_id, NULL };

    return api_assume_role_with(c, &a, out, err);
}

int api_assume_role_with(struct api_client *c,
                         const struct api_assume_args *a,
                         struct api_sts_credentials *out,
                         struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    const cJSON *cred, *user;
    char duration[32];
    int rc = -1;

    memset(out, 0, sizeof(*out));
    api_call_init(&call, API_STS, "AssumeRole", true);
    snprintf(duration, sizeof(duration), "%ld",
             a->duration_seconds > 0 ? a->duration_seconds : 3600);
    if (api_param(&call, err, "RoleArn", a->role_arn) ||
        api_param(&call, err, "RoleSessionName", a->session_name) ||
        api_param(&call, err, "DurationSeconds", duration) ||
        api_param(&call, err, "ExternalId", a->external_id) ||
        api_param(&call, err, "Policy", a->policy) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (api_object_field(root, NULL, "Credentials", &cred, err) ||
        api_take_field(cred, "Credentials", "AccessKeyId",
                       &out->access_key_id, err) ||
        api_take_field(cred, "Credentials", "AccessKeySecret",
                       &out->access_key_secret, err) ||
        api_take_field(cred, "Credentials", "SecurityToken",
                       &out->security_token, err) ||
        api_take_field(cred, "Credentials", "Expiration",
                       &out->expiration, err) ||
        api_object_field(root, NULL, "AssumedRoleUser", &user, err) ||
        api_take_field(user, "AssumedRoleUser", "Arn",
                       &out->assumed_role_arn, err))
        goto out;
    /* An empty key is no key: signing with it only fails later, and
     * further from the answer that caused it. */
    if (!out->access_key_id || !*out->access_key_id ||
        !out->access_key_secret || !*out->access_key_secret ||
        !out->security_token || !*out->security_token) {
        api_error_missing(err, "Credentials");
        goto out;
    }
    out->expires_at = clock_parse_utc(out->expiration);
    if (out->expires_at == (time_t)-1)
        out->expires_at = 0;
    /* The raw answer holds the secret and the token: never keep it. */
    wipe_mem(out->r.response, strlen(out->r.response));
    free(out->r.response);
    out->r.response = NULL;
    rc = 0;
out:
    /* The parsed copies of the secret and token go too. */
    json_delete_wiped(root);
    kvlist_free(&call.params);
    if (rc)
        api_sts_credentials_free(out);
    return rc;
}

int api_get_slr_template(struct api_client *c, const char *service_name,
                         struct api_slr_template *out,
                         struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    /* A read: sending it again changes nothing, so it is retried. */
    api_call_init(&call, API_RAM, "GetServiceLinkedRoleTemplate", true);
    if (api_param(&call, err, "ServiceName", service_name) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    rc = api_slr_template_answer(root, out, err);
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_slr_template_free(out);
    return rc;
}
