/* api_read — Alibaba Cloud answers mapped to structs: roles and their
 * trust policies (a JSON document inside a JSON string), and freeing
 * what the calls return. */
#include "config.h"

#include "cloud/api_impl.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "core/wipe.h"

static void trust_free(struct api_trust_policy *t)
{
    api_free_strv(t->services, t->nservices);
    api_free_strv(t->actions, t->nactions);
    free(t->pretty);
    memset(t, 0, sizeof(*t));
}

/* A string or an array of strings, appended to v. */
static int strings_of(const cJSON *it, char ***v, size_t *n)
{
    const cJSON *e;

    if (cJSON_IsString(it))
        return api_push_str(v, n, it->valuestring);
    cJSON_ArrayForEach(e, it)
        if (cJSON_IsString(e) && api_push_str(v, n, e->valuestring))
            return -1;
    return 0;
}

/* The trust policy is JSON inside a JSON string; a document that does not
 * parse is kept as text, with nothing read from it. */
static int trust_parse(struct api_trust_policy *t, const char *doc)
{
    cJSON *root;
    const cJSON *stmts, *s;
    struct buf pretty;
    int rc = -1;

    memset(t, 0, sizeof(*t));
    if (!doc)
        return 0;
    root = json_parse(doc, strlen(doc), NULL);
    if (!root)
        return 0;
    buf_init(&pretty, API_WORK_MAX);
    stmts = cJSON_GetObjectItemCaseSensitive(root, "Statement");
    cJSON_ArrayForEach(s, stmts) {
        const cJSON *principal = cJSON_GetObjectItemCaseSensitive(s,
                                                                  "Principal");

        if (strings_of(cJSON_GetObjectItemCaseSensitive(principal,
                                                        "Service"),
                       &t->services, &t->nservices) ||
            strings_of(cJSON_GetObjectItemCaseSensitive(s, "Action"),
                       &t->actions, &t->nactions))
            goto out;
    }
    if (json_pretty(&pretty, doc, strlen(doc), 2) == 0) {
        /* The writer ends documents with a newline; a field does not. */
        if (pretty.len && pretty.data[pretty.len - 1] == '\n')
            pretty.data[--pretty.len] = '\0';
        t->pretty = buf_take(&pretty);
        if (!t->pretty)
            goto out;
    }
    rc = 0;
out:
    buf_free(&pretty);
    cJSON_Delete(root);
    return rc;
}

void api_role_free(struct api_role *r)
{
    free(r->role_id);
    free(r->role_name);
    free(r->arn);
    free(r->description);
    free(r->create_date);
    free(r->update_date);
    free(r->role_principal_name);
    free(r->policy_document);
    free(r->deletion_task_id);
    free(r->deletion_task_date);
    trust_free(&r->trust);
    memset(r, 0, sizeof(*r));
}

/* LatestDeletionTask {DeletionTaskId, CreateDate}: GetRole's only. */
static int api_role_read_task(struct api_role *r, const cJSON *obj,
                              const char *where, struct api_error *err)
{
    const cJSON *task;
    char path[128];

    if (api_object_field(obj, where, "LatestDeletionTask", &task, err))
        return -1;
    if (!task)
        return 0;
    snprintf(path, sizeof(path), "%s%sLatestDeletionTask",
             where ? where : "", where ? "." : "");
    return api_take_field(task, path, "DeletionTaskId", &r->deletion_task_id,
                          err) ||
           api_take_field(task, path, "CreateDate", &r->deletion_task_date,
                          err) ? -1 : 0;
}

int api_role_read(struct api_role *r, const cJSON *obj, const char *where,
                  struct api_error *err)
{
    const cJSON *slr = api_member(obj, "IsServiceLinkedRole");
    const cJSON *msd = api_member(obj, "MaxSessionDuration");

    memset(r, 0, sizeof(*r));
    if (api_take_field(obj, where, "RoleId", &r->role_id, err) ||
        api_take_field(obj, where, "RoleName", &r->role_name, err) ||
        api_take_field(obj, where, "Arn", &r->arn, err) ||
        api_take_field(obj, where, "Description", &r->description, err) ||
        api_take_field(obj, where, "CreateDate", &r->create_date, err) ||
        api_take_field(obj, where, "UpdateDate", &r->update_date, err) ||
        api_take_field(obj, where, "RolePrincipalName",
                       &r->role_principal_name, err) ||
        api_take_field(obj, where, "AssumeRolePolicyDocument",
                       &r->policy_document, err) ||
        api_role_read_task(r, obj, where, err))
        return -1;
    r->is_service_linked = api_truthy(slr);
    /* Seconds, 3600-43200 in practice; anything a long cannot hold is
     * not a duration (and casting it would be undefined). */
    if (cJSON_IsNumber(msd) && msd->valuedouble >= 0 &&
        msd->valuedouble <= 1e9)
        r->max_session_duration = (long)msd->valuedouble;
    else if (cJSON_IsString(msd))
        r->max_session_duration = strtol(msd->valuestring, NULL, 10);
    if (trust_parse(&r->trust, r->policy_document)) {
        api_error_nomem(err);
        return -1;
    }
    return 0;
}

void api_result_free(struct api_result *r)
{
    free(r->request_id);
    free(r->response);
    r->request_id = NULL;
    r->response = NULL;
}

/* The Role member of an answer, read; a missing Role or RoleName means
 * the answer is not what the API sends. */
int api_role_answer(const cJSON *root, struct api_role_result *out,
                    struct api_error *err)
{
    const cJSON *role;

    if (api_object_field(root, NULL, "Role", &role, err))
        return -1;
    if (!role) {
        api_error_missing(err, "Role");
        return -1;
    }
    if (api_role_read(&out->role, role, "Role", err))
        return -1;
    if (!out->role.role_name || !out->role.arn) {
        api_error_missing(err, "Role.RoleName or Role.Arn");
        return -1;
    }
    return 0;
}

int api_parse_role_response(const char *body, size_t len,
                            struct api_role_result *out,
                            struct api_error *err)
{
    cJSON *root = json_parse(body, len, NULL);
    int rc = -1;

    memset(out, 0, sizeof(*out));
    memset(err, 0, sizeof(*err));
    if (!root || !cJSON_IsObject(root)) {
        api_error_set(err, API_ERR_RESPONSE, API_WHY_NOT_JSON, NULL, NULL);
        goto out;
    }
    rc = api_role_answer(root, out, err);
out:
    cJSON_Delete(root);
    if (rc)
        api_role_result_free(out);
    return rc;
}

void api_role_result_free(struct api_role_result *r)
{
    api_result_free(&r->r);
    api_role_free(&r->role);
    r->created = false;
}

void api_deletion_free(struct api_deletion *d)
{
    api_result_free(&d->r);
    free(d->task_id);
    free(d->status);
    free(d->reason);
    api_free_strv(d->usages, d->nusages);
    memset(d, 0, sizeof(*d));
}

void api_role_page_free(struct api_role_page *p)
{
    api_result_free(&p->r);
    for (size_t i = 0; i < p->count; i++)
        api_role_free(&p->roles[i]);
    free(p->roles);
    free(p->marker);
    memset(p, 0, sizeof(*p));
}

void api_dbs_init_free(struct api_dbs_init *d)
{
    api_result_free(&d->r);
    free(d->error_code);
    free(d->err_message);
    memset(d, 0, sizeof(*d));
}

void api_identity_free(struct api_identity *id)
{
    api_result_free(&id->r);
    free(id->identity_type);
    free(id->account_id);
    free(id->user_id);
    free(id->role_id);
    free(id->principal_id);
    free(id->arn);
    memset(id, 0, sizeof(*id));
}

void api_sts_credentials_free(struct api_sts_credentials *s)
{
    if (s->r.response)
        wipe_mem(s->r.response, strlen(s->r.response));
    api_result_free(&s->r);
    free(s->access_key_id);
    wipe_free(s->access_key_secret);
    wipe_free(s->security_token);
    free(s->expiration);
    free(s->assumed_role_arn);
    memset(s, 0, sizeof(*s));
}

/* --- GetServiceLinkedRoleTemplate ---------------------------------------- */

/* A string member copied into dst (cut at its room); "" when absent. */
static int text_field(const cJSON *obj, const char *where, const char *name,
                      char *dst, size_t size, struct api_error *err)
{
    char *s = NULL;

    dst[0] = '\0';
    if (api_take_field(obj, where, name, &s, err))
        return -1;
    if (s)
        api_copy_field(dst, size, s);
    free(s);
    return 0;
}

/* MultipleRolesAllowed: a JSON boolean, or "true"/"false" as the
 * XML-shaped gateways send booleans; anything else is not the API's.
 * Returns 1 when absent. */
static int flag_field(const cJSON *obj, const char *where, const char *name,
                      bool *dst, struct api_error *err)
{
    const cJSON *it = api_member(obj, name);

    if (!it || cJSON_IsNull(it))
        return 1;
    if (cJSON_IsBool(it)) {
        *dst = cJSON_IsTrue(it);
        return 0;
    }
    if (cJSON_IsString(it) && (strcasecmp(it->valuestring, "true") == 0 ||
                               strcasecmp(it->valuestring, "false") == 0)) {
        *dst = strcasecmp(it->valuestring, "true") == 0;
        return 0;
    }
    api_error_wrong_type(err, where, name);
    return -1;
}

/* RoleDescriptions.RoleDescription[] of {Description, Language}. */
static int descriptions_read(struct api_slr_template *t, const cJSON *tpl,
                             struct api_error *err)
{
    static const char where[] = "ServiceLinkedRoleTemplate";
    const cJSON *descs, *list, *it;
    size_t i = 0;

    if (api_object_field(tpl, where, "RoleDescriptions", &descs, err) ||
        api_array_field(descs, "ServiceLinkedRoleTemplate.RoleDescriptions",
                        "RoleDescription", &list, err))
        return -1;
    cJSON_ArrayForEach(it, list) {
        char path[96];
        struct api_slr_description spare, *d;

        snprintf(path, sizeof(path),
                 "%s.RoleDescriptions.RoleDescription[%zu]", where, i++);
        if (!cJSON_IsObject(it)) {
            api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE, path,
                          NULL);
            return -1;
        }
        /* One past the room is read into spare and dropped, so a wrong
         * one is still caught. */
        d = t->ndescriptions < API_SLR_TEMPLATE_LANGS ?
            &t->descriptions[t->ndescriptions] : &spare;
        if (text_field(it, path, "Language", d->language,
                       sizeof(d->language), err) ||
            text_field(it, path, "Description", d->description,
                       sizeof(d->description), err))
            return -1;
        if (d != &spare)
            t->ndescriptions++;
    }
    return 0;
}

int api_slr_template_answer(const cJSON *root, struct api_slr_template *out,
                            struct api_error *err)
{
    static const char where[] = "ServiceLinkedRoleTemplate";
    const cJSON *tpl;
    int flag;

    if (api_object_field(root, NULL, where, &tpl, err))
        return -1;
    if (!tpl) {
        api_error_missing(err, where);
        return -1;
    }
    if (text_field(tpl, where, "ServiceName", out->service_name,
                   sizeof(out->service_name), err) ||
        text_field(tpl, where, "RoleNamePrefix", out->role_name_prefix,
                   sizeof(out->role_name_prefix), err) ||
        text_field(tpl, where, "SystemPolicyName", out->system_policy_name,
                   sizeof(out->system_policy_name), err))
        return -1;
    flag = flag_field(tpl, where, "MultipleRolesAllowed",
                      &out->multiple_roles_allowed, err);
    if (flag < 0 || descriptions_read(out, tpl, err))
        return -1;
    /* Without these two the template says nothing linkrole can use:
     * guessing "no suffix" would be a rule the cloud never stated. */
    if (flag > 0 || !out->role_name_prefix[0]) {
        api_error_missing(err, "ServiceLinkedRoleTemplate.RoleNamePrefix "
                               "or MultipleRolesAllowed");
        return -1;
    }
    return 0;
}

int api_parse_slr_template(const char *body, size_t len,
                           struct api_slr_template *out,
                           struct api_error *err)
{
    cJSON *root = json_parse(body, len, NULL);
    int rc = -1;

    memset(out, 0, sizeof(*out));
    memset(err, 0, sizeof(*err));
    if (!root || !cJSON_IsObject(root)) {
        api_error_set(err, API_ERR_RESPONSE, API_WHY_NOT_JSON, NULL, NULL);
        goto out;
    }
    rc = api_slr_template_answer(root, out, err);
out:
    cJSON_Delete(root);
    if (rc)
        api_slr_template_free(out);
    return rc;
}

const char *api_slr_template_description(const struct api_slr_template *t,
                                         const char *language)
{
    if (!t || !language)
        return NULL;
    for (size_t i = 0; i < t->ndescriptions; i++)
        if (strcmp(t->descriptions[i].language, language) == 0)
            return t->descriptions[i].description;
    return NULL;
}

void api_slr_template_free(struct api_slr_template *t)
{
    api_result_free(&t->r);
    memset(t, 0, sizeof(*t));
}
