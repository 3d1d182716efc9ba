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
    out->created = rc == 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_role_result_free(out);
    return rc;
}

static int deletion_read(struct api_deletion *d, const cJSON *root)
{
    const cJSON *reason = api_member(root, "Reason");
    const cJSON *usages = api_member(api_member(reason, "RoleUsages"),
                                     "RoleUsage");
    const cJSON *u;

    if (api_take(root, "DeletionTaskId", &d->task_id) ||
        api_take(root, "Status", &d->status) ||
        api_take(reason, "Message", &d->reason))
        return -1;
    cJSON_ArrayForEach(u, usages) {
        const char *region = api_text(u, "Region");
        const cJSON *res = api_member(api_member(u, "Resources"), "Resource");
        const cJSON *r;

        cJSON_ArrayForEach(r, res) {
            char line[512];

            if (!cJSON_IsString(r))
                continue;
            snprintf(line, sizeof(line), "%s: %s", region ? region : "-",
                     r->valuestring);
            if (api_push_str(&d->usages, &d->nusages, line))
                return -1;
        }
    }
    return 0;
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
    if (deletion_read(out, root)) {
        api_error_nomem(err);
        goto out;
    }
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
    if (deletion_read(out, root)) {
        api_error_nomem(err);
        goto out;
    }
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
    const cJSON *list, *it;
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
    /* The XML-shaped JSON nests the list as Roles.Role[]. */
    list = api_member(api_member(root, "Roles"), "Role");
    n = (size_t)cJSON_GetArraySize(list);
    out->roles = calloc(n ? n : 1, sizeof(*out->roles));
    if (!out->roles) {
        api_error_nomem(err);
        goto out;
    }
    cJSON_ArrayForEach(it, list) {
        if (!cJSON_IsObject(it))
            continue;
        if (api_role_read(&out->roles[out->count], it)) {
            out->count++;
            api_error_nomem(err);
            goto out;
        }
        out->count++;
    }
    out->truncated = api_truthy(api_member(root, "IsTruncated"));
    if (api_take(root, "Marker", &out->marker)) {
        api_error_nomem(err);
        goto out;
    }
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
    /* Initialising twice answers "already exists": safe to resend. */
    api_call_init(&call, API_DBS, "InitializeDbsServiceLinkedRole", true);
    if (api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (api_take(root, "ErrorCode", &out->error_code) ||
        api_take(root, "ErrMessage", &out->err_message)) {
        api_error_nomem(err);
        goto out;
    }
    if (!out->error_code && api_take(root, "ErrCode", &out->error_code)) {
        api_error_nomem(err);
        goto out;
    }
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
    if (api_take(root, "IdentityType", &out->identity_type) ||
        api_take(root, "AccountId", &out->account_id) ||
        api_take(root, "UserId", &out->user_id) ||
        api_take(root, "RoleId", &out->role_id) ||
        api_take(root, "PrincipalId", &out->principal_id) ||
        api_take(root, "Arn", &out->arn)) {
        api_error_nomem(err);
        goto out;
    }
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
    struct api_call call;
    cJSON *root = NULL;
    const cJSON *cred;
    char duration[32];
    int rc = -1;

    memset(out, 0, sizeof(*out));
    api_call_init(&call, API_STS, "AssumeRole", true);
    snprintf(duration, sizeof(duration), "%ld",
             duration_seconds > 0 ? duration_seconds : 3600);
    if (api_param(&call, err, "RoleArn", role_arn) ||
        api_param(&call, err, "RoleSessionName", session_name) ||
        api_param(&call, err, "DurationSeconds", duration) ||
        api_param(&call, err, "ExternalId", external_id) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    cred = api_member(root, "Credentials");
    if (api_take(cred, "AccessKeyId", &out->access_key_id) ||
        api_take(cred, "AccessKeySecret", &out->access_key_secret) ||
        api_take(cred, "SecurityToken", &out->security_token) ||
        api_take(cred, "Expiration", &out->expiration) ||
        api_take(api_member(root, "AssumedRoleUser"), "Arn",
                 &out->assumed_role_arn)) {
        api_error_nomem(err);
        goto out;
    }
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
