/* api_rd — the Resource Directory calls of ResourceManager 2020-03-31:
 * GetResourceDirectory, ListAccounts / ListAccountsForParent and
 * ListFoldersForParent, each read into its struct of api.h.  Reads are
 * repeated like GetRole; a list's items are checked one by one, so a
 * member of the wrong type names its path ("Accounts.Account[3]"). */
#include "config.h"

#include "cloud/api_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A page's counters: a number, or a string of digits (some gateways
 * send those as text).  Absent: *dst stays -1.  Anything else is not
 * the API's answer. */
static int long_field(const cJSON *obj, const char *name, long *dst,
                      struct api_error *err)
{
    const cJSON *it = api_member(obj, name);

    *dst = -1;
    if (!it || cJSON_IsNull(it))
        return 0;
    if (cJSON_IsNumber(it) && isfinite(it->valuedouble) &&
        it->valuedouble >= 0 && it->valuedouble <= 1e12) {
        *dst = (long)it->valuedouble;
        return 0;
    }
    if (cJSON_IsString(it) && *it->valuestring &&
        strspn(it->valuestring, "0123456789") == strlen(it->valuestring) &&
        strlen(it->valuestring) <= 12) {
        *dst = strtol(it->valuestring, NULL, 10);
        return 0;
    }
    api_error_wrong_type(err, NULL, name);
    return -1;
}

static int page_params(struct api_call *call, struct api_error *err,
                       long page, long page_size)
{
    char num[24], size[24];

    if (page < 1 || page_size < 1 || page_size > API_RD_PAGE_SIZE_MAX) {
        api_error_set(err, API_ERR_USAGE, API_WHY_NONE, "PageSize", NULL);
        return -1;
    }
    snprintf(num, sizeof(num), "%ld", page);
    snprintf(size, sizeof(size), "%ld", page_size);
    return api_param(call, err, "PageNumber", num) ||
           api_param(call, err, "PageSize", size) ? -1 : 0;
}

int api_get_resource_directory(struct api_client *c,
                               struct api_directory *out,
                               struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    const cJSON *rd;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    api_call_init(&call, API_RESOURCEMANAGER, "GetResourceDirectory", true);
    if (api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (api_object_field(root, NULL, "ResourceDirectory", &rd, err))
        goto out;
    if (!rd) {
        api_error_missing(err, "ResourceDirectory");
        goto out;
    }
    if (api_take_field(rd, "ResourceDirectory", "ResourceDirectoryId",
                       &out->directory_id, err) ||
        api_take_field(rd, "ResourceDirectory", "MasterAccountId",
                       &out->master_account_id, err) ||
        api_take_field(rd, "ResourceDirectory", "MasterAccountName",
                       &out->master_account_name, err) ||
        api_take_field(rd, "ResourceDirectory", "RootFolderId",
                       &out->root_folder_id, err))
        goto out;
    if (!out->directory_id || !*out->directory_id ||
        !out->master_account_id || !*out->master_account_id) {
        api_error_missing(err,
                          "ResourceDirectory.ResourceDirectoryId or "
                          "MasterAccountId");
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_directory_free(out);
    return rc;
}

static void rd_account_free(struct api_rd_account *a)
{
    free(a->account_id);
    free(a->display_name);
    free(a->folder_id);
    free(a->status);
    free(a->type);
    free(a->join_method);
    free(a->path);
    memset(a, 0, sizeof(*a));
}

static int rd_account_read(struct api_rd_account *a, const cJSON *obj,
                           const char *where, struct api_error *err)
{
    if (!cJSON_IsObject(obj)) {
        api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE, where,
                      NULL);
        return -1;
    }
    if (api_take_field(obj, where, "AccountId", &a->account_id, err) ||
        api_take_field(obj, where, "DisplayName", &a->display_name, err) ||
        api_take_field(obj, where, "FolderId", &a->folder_id, err) ||
        api_take_field(obj, where, "Status", &a->status, err) ||
        api_take_field(obj, where, "Type", &a->type, err) ||
        api_take_field(obj, where, "JoinMethod", &a->join_method, err) ||
        api_take_field(obj, where, "ResourceDirectoryPath", &a->path, err))
        return -1;
    if (!a->account_id || !*a->account_id) {
        char path[160];

        snprintf(path, sizeof(path), "%s.AccountId", where);
        api_error_missing(err, path);
        return -1;
    }
    return 0;
}

/* The list at Outer.Inner[] of an answer (absent: none), its size in
 * *n; -1 with err set when it is not an array of an object. */
static int list_at(const cJSON *root, const char *outer, const char *inner,
                   const cJSON **list, size_t *n, struct api_error *err)
{
    const cJSON *box;

    *list = NULL;
    *n = 0;
    if (api_object_field(root, NULL, outer, &box, err) ||
        (box && api_array_field(box, outer, inner, list, err)))
        return -1;
    if (*list)
        *n = (size_t)cJSON_GetArraySize(*list);
    return 0;
}

static int page_counts(const cJSON *root, long *total, long *page,
                       long *size, struct api_error *err)
{
    return long_field(root, "TotalCount", total, err) ||
           long_field(root, "PageNumber", page, err) ||
           long_field(root, "PageSize", size, err) ? -1 : 0;
}

int api_list_accounts(struct api_client *c, const char *parent_folder_id,
                      long page, long page_size,
                      struct api_rd_account_page *out,
                      struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    const cJSON *list, *it;
    size_t n;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    memset(err, 0, sizeof(*err));
    api_call_init(&call, API_RESOURCEMANAGER,
                  parent_folder_id ? "ListAccountsForParent" : "ListAccounts",
                  true);
    if (parent_folder_id && !*parent_folder_id) {
        api_error_set(err, API_ERR_USAGE, API_WHY_NONE, "ParentFolderId",
                      NULL);
        goto out;
    }
    if (api_param(&call, err, "ParentFolderId", parent_folder_id) ||
        page_params(&call, err, page, page_size) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (page_counts(root, &out->total_count, &out->page_number,
                    &out->page_size, err) ||
        list_at(root, "Accounts", "Account", &list, &n, err))
        goto out;
    /* More than was asked for is not a page of this call. */
    if (n > (size_t)page_size) {
        api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE,
                      "Accounts.Account", NULL);
        goto out;
    }
    out->accounts = calloc(n ? n : 1, sizeof(*out->accounts));
    if (!out->accounts) {
        api_error_nomem(err);
        goto out;
    }
    cJSON_ArrayForEach(it, list) {
        char where[48];

        snprintf(where, sizeof(where), "Accounts.Account[%zu]", out->count);
        /* Counted even when it fails: it may hold copies to free. */
        if (rd_account_read(&out->accounts[out->count++], it, where, err))
            goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_rd_account_page_free(out);
    return rc;
}

int api_list_folders(struct api_client *c, const char *parent_folder_id,
                     long page, long page_size,
                     struct api_rd_folder_page *out, struct api_error *err)
{
    struct api_call call;
    cJSON *root = NULL;
    const cJSON *list, *it;
    size_t n;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    memset(err, 0, sizeof(*err));
    api_call_init(&call, API_RESOURCEMANAGER, "ListFoldersForParent", true);
    if (!parent_folder_id || !*parent_folder_id) {
        api_error_set(err, API_ERR_USAGE, API_WHY_NONE, "ParentFolderId",
                      NULL);
        goto out;
    }
    if (api_param(&call, err, "ParentFolderId", parent_folder_id) ||
        page_params(&call, err, page, page_size) ||
        api_call_send(c, &call, &root, &out->r, err))
        goto out;
    if (page_counts(root, &out->total_count, &out->page_number,
                    &out->page_size, err) ||
        list_at(root, "Folders", "Folder", &list, &n, err))
        goto out;
    if (n > (size_t)page_size) {
        api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE,
                      "Folders.Folder", NULL);
        goto out;
    }
    out->folders = calloc(n ? n : 1, sizeof(*out->folders));
    if (!out->folders) {
        api_error_nomem(err);
        goto out;
    }
    cJSON_ArrayForEach(it, list) {
        char where[48];
        struct api_rd_folder *f = &out->folders[out->count++];

        snprintf(where, sizeof(where), "Folders.Folder[%zu]",
                 out->count - 1);
        if (!cJSON_IsObject(it)) {
            api_error_set(err, API_ERR_RESPONSE, API_WHY_WRONG_TYPE, where,
                          NULL);
            goto out;
        }
        if (api_take_field(it, where, "FolderId", &f->folder_id, err) ||
            api_take_field(it, where, "FolderName", &f->folder_name, err))
            goto out;
        if (!f->folder_id || !*f->folder_id) {
            char path[64];

            snprintf(path, sizeof(path), "%s.FolderId", where);
            api_error_missing(err, path);
            goto out;
        }
    }
    rc = 0;
out:
    cJSON_Delete(root);
    kvlist_free(&call.params);
    if (rc)
        api_rd_folder_page_free(out);
    return rc;
}

void api_directory_free(struct api_directory *d)
{
    api_result_free(&d->r);
    free(d->directory_id);
    free(d->master_account_id);
    free(d->master_account_name);
    free(d->root_folder_id);
    memset(d, 0, sizeof(*d));
}

void api_rd_account_page_free(struct api_rd_account_page *p)
{
    api_result_free(&p->r);
    for (size_t i = 0; i < p->count; i++)
        rd_account_free(&p->accounts[i]);
    free(p->accounts);
    memset(p, 0, sizeof(*p));
}

void api_rd_folder_page_free(struct api_rd_folder_page *p)
{
    api_result_free(&p->r);
    for (size_t i = 0; i < p->count; i++) {
        free(p->folders[i].folder_id);
        free(p->folders[i].folder_name);
    }
    free(p->folders);
    memset(p, 0, sizeof(*p));
}
