/* api_rd — ResourceManager (2020-03-31): the Resource Directory.
 *
 * GetResourceDirectory, ListAccounts, ListAccountsForParent and
 * ListFoldersForParent over the directory directory.c makes.  Nothing
 * here is stored: a member's folder, join method and path follow from
 * its index, so listing never takes a member's lock.  The listing calls
 * are the management account's (a member is refused Rd.NoMasterRole);
 * an account without a directory gets EntityNotExists.ResourceDirectory
 * as the API reference words it. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/json.h"
#include "sim/internal.h"
#include "sim/limits.h"

#define RD_DIRECTORY_ID "rd-SimDir1"
#define RD_ROOT_ID "r-SimRt1"
#define RD_MASTER_NAME "management-account"
#define RD_PAGE_SIZE_DEFAULT 10L
#define RD_PAGE_SIZE_MAX 100L
#define RD_PAGE_NUMBER_MAX 100000000L

/* The folders: ids fixed, parents by index (-1: the root). */
static const struct rd_folder {
    const char *id;
    const char *name;
    int parent;
} rd_folders[] = {
    { "fd-SimProd001", "Production", -1 },
    { "fd-SimDevl001", "Development", -1 },
    { "fd-SimSand001", "Sandbox", 1 },
};
#define RD_NFOLDERS (sizeof(rd_folders) / sizeof(rd_folders[0]))

/* Member i's folder: Production (i % 3 == 0), Development, Sandbox. */
static size_t rd_folder_of(unsigned i)
{
    return i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 2;
}

static const char *rd_join_method(unsigned i)
{
    return i % 25 == 0 || i % 25 == 12 ? "invited" : "created";
}

/* The management account behind c, or NULL having answered. */
static struct sim_account *rd_master(struct call *c, bool listing)
{
    struct sim_account *a = c->a;

    if (a->master && !listing)
        return a->master;
    if (a->master) {
        reply_error(c, 403, "Rd.NoMasterRole",
                    "Login account is not RD management or co-management "
                    "role.");
        return NULL;
    }
    if (!a->dir) {
        reply_error(c, 404, "EntityNotExists.ResourceDirectory",
                    "The resource directory for the account is not "
                    "enabled.");
        return NULL;
    }
    return a;
}

void api_rd_get_directory(struct call *c)
{
    const struct sim_account *m = rd_master(c, false);
    char created[CLOCK_UTC_LEN + 1];
    struct json_writer w;

    if (!m)
        return;
    reply_time(m->dir->created, created);
    reply_begin(c, &w);
    reply_pair(&w, "RequestId", c->request_id);
    json_key(&w, "ResourceDirectory");
    json_begin_object(&w);
    reply_pair(&w, "ResourceDirectoryId", RD_DIRECTORY_ID);
    reply_pair(&w, "MasterAccountId", m->account_id);
    reply_pair(&w, "MasterAccountName", RD_MASTER_NAME);
    reply_pair(&w, "RootFolderId", RD_ROOT_ID);
    reply_pair(&w, "CreateTime", created);
    json_end_object(&w);
    reply_end(c, &w);
}

/* PageNumber and PageSize, defaults 1 and 10.  Returns 0, or -1 having
 * answered. */
static int rd_paging(struct call *c, long *page, long *size)
{
    const char *p = dispatch_param(c, "PageNumber");
    const char *s = dispatch_param(c, "PageSize");

    *page = p ? limits_count(p, 1, RD_PAGE_NUMBER_MAX) : 1;
    *size = s ? limits_count(s, 1, RD_PAGE_SIZE_MAX) : RD_PAGE_SIZE_DEFAULT;
    if (*page < 0) {
        reply_error(c, 400, "InvalidParameter.PageNumber",
                    "The specified PageNumber is invalid.");
        return -1;
    }
    if (*size < 0) {
        reply_error(c, 400, "InvalidParameter.PageSize",
                    "The specified PageSize is invalid. Valid values: 1 "
                    "to 100.");
        return -1;
    }
    return 0;
}

/* ParentFolderId: -1 for the root, the folder's index, or -2 having
 * answered (missing, malformed, unknown). */
static int rd_parent(struct call *c)
{
    const char *id = dispatch_param(c, "ParentFolderId");
    size_t n;

    if (!id) {
        reply_missing(c, "ParentFolderId");
        return -2;
    }
    if (strcmp(id, RD_ROOT_ID) == 0)
        return -1;
    for (size_t i = 0; i < RD_NFOLDERS; i++)
        if (strcmp(id, rd_folders[i].id) == 0)
            return (int)i;
    /* "r-" and 6, or "fd-" and 10, letters and digits. */
    n = strlen(id);
    if (!((n == 8 && strncmp(id, "r-", 2) == 0) ||
          (n == 13 && strncmp(id, "fd-", 3) == 0)) ||
        id[strspn(id + 1, "abcdefghijklmnopqrstuvwxyz"
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") + 1]) {
        reply_error(c, 400, "InvalidParameter.ParentFolderId",
                    "The specified ParentFolderId is invalid.");
        return -2;
    }
    reply_error(c, 404, "EntityNotExists.Folder",
                "The specified folder does not exist.");
    return -2;
}

/* Whether member i (account id, name) matches QueryKeyword: a part of
 * either, ignoring case, as the API's fuzzy match does at least. */
static bool rd_matches(const char *keyword, const char *id, const char *name)
{
    size_t k;

    if (!keyword)
        return true;
    k = strlen(keyword);
    for (const char *s = id; *s; s++)
        if (strncasecmp(s, keyword, k) == 0)
            return true;
    for (const char *s = name; *s; s++)
        if (strncasecmp(s, keyword, k) == 0)
            return true;
    return false;
}

static void rd_account(struct json_writer *w, unsigned i, const char *id,
                       const char *name, const char *joined)
{
    const struct rd_folder *f = &rd_folders[rd_folder_of(i)];
    char path[160];

    if (f->parent >= 0)
        snprintf(path, sizeof(path), "%s/%s/%s/%s/%s", RD_DIRECTORY_ID,
                 RD_ROOT_ID, rd_folders[f->parent].id, f->id, id);
    else
        snprintf(path, sizeof(path), "%s/%s/%s/%s", RD_DIRECTORY_ID,
                 RD_ROOT_ID, f->id, id);
    json_begin_object(w);
    reply_pair(w, "AccountId", id);
    reply_pair(w, "DisplayName", name);
    reply_pair(w, "FolderId", f->id);
    reply_pair(w, "ResourceDirectoryId", RD_DIRECTORY_ID);
    reply_pair(w, "Status", "CreateSuccess");
    reply_pair(w, "Type", "ResourceAccount");
    reply_pair(w, "JoinMethod", rd_join_method(i));
    reply_pair(w, "JoinTime", joined);
    reply_pair(w, "ModifyTime", joined);
    reply_pair(w, "ResourceDirectoryPath", path);
    json_end_object(w);
}

/* One page of the members in folder (-1: all; -2: the root's own, of
 * which there are none) that match QueryKeyword. */
static void rd_list(struct call *c, int folder)
{
    const struct sim_account *m = c->a;
    const char *keyword = dispatch_param(c, "QueryKeyword");
    char id[LIMITS_ID_DIGITS_MAX + 1], name[32];
    char joined[CLOCK_UTC_LEN + 1];
    struct json_writer w;
    long page, size, total = 0, first;

    if (rd_paging(c, &page, &size))
        return;
    first = (page - 1) * size;
    reply_time(m->dir->created, joined);
    reply_begin(c, &w);
    reply_pair(&w, "RequestId", c->request_id);
    json_key(&w, "Accounts");
    json_begin_object(&w);
    json_key(&w, "Account");
    json_begin_array(&w);
    for (unsigned i = 1; folder != -2 && i <= m->dir->count; i++) {
        bool shown;

        if (folder >= 0 && rd_folder_of(i) != (size_t)folder)
            continue;
        /* Written out only when needed: paging through 100000 members
         * page by page stays cheap. */
        shown = total >= first && total < first + size;
        if (keyword || shown) {
            directory_member_id(i, id, sizeof(id));
            snprintf(name, sizeof(name), "member-%04u", i);
            if (!rd_matches(keyword, id, name))
                continue;
        }
        if (shown)
            rd_account(&w, i, id, name, joined);
        total++;
    }
    json_end_array(&w);
    json_end_object(&w);
    json_key(&w, "TotalCount");
    json_int(&w, total);
    json_key(&w, "PageNumber");
    json_int(&w, page);
    json_key(&w, "PageSize");
    json_int(&w, size);
    reply_end(c, &w);
}

void api_rd_list_accounts(struct call *c)
{
    if (rd_master(c, true))
        rd_list(c, -1);
}

void api_rd_list_accounts_for_parent(struct call *c)
{
    int parent;

    if (!rd_master(c, true))
        return;
    parent = rd_parent(c);
    if (parent == -2)
        return;
    /* The root holds folders only. */
    rd_list(c, parent == -1 ? -2 : parent);
}

void api_rd_list_folders(struct call *c)
{
    const struct sim_account *m;
    char created[CLOCK_UTC_LEN + 1];
    struct json_writer w;
    long page, size, total = 0, first;
    int parent;

    m = rd_master(c, true);
    if (!m)
        return;
    parent = rd_parent(c);
    if (parent == -2 || rd_paging(c, &page, &size))
        return;
    first = (page - 1) * size;
    reply_time(m->dir->created, created);
    reply_begin(c, &w);
    reply_pair(&w, "RequestId", c->request_id);
    json_key(&w, "Folders");
    json_begin_object(&w);
    json_key(&w, "Folder");
    json_begin_array(&w);
    for (size_t i = 0; i < RD_NFOLDERS; i++) {
        if (rd_folders[i].parent != parent)
            continue;
        if (total >= first && total < first + size) {
            json_begin_object(&w);
            reply_pair(&w, "FolderId", rd_folders[i].id);
            reply_pair(&w, "FolderName", rd_folders[i].name);
            reply_pair(&w, "CreateTime", created);
            json_end_object(&w);
        }
        total++;
    }
    json_end_array(&w);
    json_end_object(&w);
    json_key(&w, "TotalCount");
    json_int(&w, total);
    json_key(&w, "PageNumber");
    json_int(&w, page);
    json_key(&w, "PageSize");
    json_int(&w, size);
    reply_end(c, &w);
}
