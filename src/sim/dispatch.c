/* dispatch — one request through the simulated account.
 *
 * Finds the account the request acts in (a member of the directory when
 * its key is a member's session, else the account itself) and takes that
 * account's lock alone for the whole request (the HTTP server calls in
 * from a thread per connection), tells the unsigned endpoints apart by
 * path, has everything else authenticated, then runs the handler that
 * Action and Version name, refusing RAM users (who have no policy at
 * all) everything but GetCallerIdentity.  A change to the roles is saved
 * before the answer leaves; with a directory, at most every
 * DIRECTORY_SAVE_MS (directory.c). */
#include "config.h"

#include <string.h>

#include "sim/internal.h"

struct api {
    const char *version;
    const char *action;
    void (*fn)(struct call *c);
    bool anyone;                    /* no permission needed */
    bool dbs;                       /* DBS words its refusal differently */
};

static const struct api dispatch_apis[] = {
    { "2020-03-31", "CreateServiceLinkedRole", api_ram_create_slr,
      false, false },
    { "2020-03-31", "GetRole", api_ram_get_role, false, false },
    { "2020-03-31", "DeleteServiceLinkedRole", api_ram_delete_slr,
      false, false },
    { "2020-03-31", "GetServiceLinkedRoleDeletionStatus",
      api_ram_deletion_status, false, false },
    /* RAM carries CreateServiceLinkedRole too, with the same parameters. */
    { "2015-05-01", "CreateServiceLinkedRole", api_ram_create_slr,
      false, false },
    { "2015-05-01", "GetRole", api_ram_get_role, false, false },
    { "2015-05-01", "ListRoles", api_ram_list_roles, false, false },
    /* The RAM page lists no authorization: any signed caller. */
    { "2015-05-01", "GetServiceLinkedRoleTemplate", api_ram_slr_template,
      true, false },
    { "2019-03-06", "InitializeDbsServiceLinkedRole", api_dbs_init,
      false, true },
    { "2015-04-01", "GetCallerIdentity", api_sts_caller_identity,
      true, false },
    { "2015-04-01", "AssumeRole", api_sts_assume_role, false, false },
    { "2020-03-31", "GetResourceDirectory", api_rd_get_directory,
      false, false },
    { "2020-03-31", "ListAccounts", api_rd_list_accounts, false, false },
    { "2020-03-31", "ListAccountsForParent", api_rd_list_accounts_for_parent,
      false, false },
    { "2020-03-31", "ListFoldersForParent", api_rd_list_folders,
      false, false },
    /* Unsigned: the OIDC token is the proof (auth.c lets it through). */
    { "2015-04-01", "AssumeRoleWithOIDC", api_sts_assume_role_oidc,
      true, false },
};

const char *dispatch_param(const struct call *c, const char *name)
{
    const char *v = kvlist_get(&c->vr.params, name);

    return v && *v ? v : NULL;
}

static void dispatch_api(struct call *c)
{
    const struct api *api = NULL;

    for (size_t i = 0; i < sizeof(dispatch_apis) / sizeof(dispatch_apis[0]);
         i++)
        if (c->vr.action && c->vr.version &&
            strcmp(c->vr.action, dispatch_apis[i].action) == 0 &&
            strcmp(c->vr.version, dispatch_apis[i].version) == 0)
            api = &dispatch_apis[i];
    if (!api) {
        reply_error(c, 404, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and "
                    "method.");
        return;
    }
    if (c->key && c->key->user_name && !api->anyone) {
        if (api->dbs)
            reply_error(c, 403, "Request.Forbidden", "Have no Permissions");
        else
            reply_denied_error(c, "NoPermission",
                               "You are not authorized to do this action. "
                               "You should be authorized by RAM.");
        return;
    }
    api->fn(c);
}

void account_log_field(char *dst, size_t size, const char *src)
{
    size_t n = 0;

    if (size == 0)
        return;
    for (; src && *src && n + 1 < size; src++)
        dst[n++] = (*src > 0x20 && *src < 0x7f) ? *src : '?';
    if (n == 0 && size > 1)
        dst[n++] = '-';
    dst[n] = '\0';
}

void account_handle(struct sim_account *a, const struct sim_request *req,
                    struct sim_response *resp,
                    struct account_outcome *outcome)
{
    bool unsigned_path = account_unsigned_path(req->path);
    unsigned member = unsigned_path ? 0 : directory_route(a, req);
    struct sim_account *target = member ? a->dir->members[member - 1] : a;
    struct call c;

    memset(&c, 0, sizeof(c));
    c.a = target;
    c.req = req;
    c.resp = resp;
    verify_request_init(&c.vr);
    pthread_mutex_lock(&target->lock);
    c.now = state_now(target);
    account_request_id(c.request_id);
    buf_reset(&resp->body);
    resp->status = 500;
    /* The unsigned endpoints are told apart by path alone, before any
     * signature is looked for. */
    if (unsigned_path) {
        metadata_serve(&c);
    } else if (auth_check(&c) == 0) {
        dispatch_api(&c);
        if (c.dirty && a->dir)
            atomic_store(&a->dir->dirty, true);
        else if (c.dirty && a->state_path && statefile_save(a))
            reply_internal(&c);
    }
    if (outcome) {
        account_log_field(outcome->action, sizeof(outcome->action),
                          c.vr.action);
        account_log_field(outcome->code, sizeof(outcome->code), c.code);
        outcome->path[0] = '\0';
        if (unsigned_path)
            account_log_field(outcome->path, sizeof(outcome->path),
                              req->path);
        outcome->plain_text = c.plain;
        _Static_assert(sizeof(outcome->note) == sizeof(c.note), "note");
        memcpy(outcome->note, c.note, sizeof(outcome->note));
    }
    pthread_mutex_unlock(&target->lock);
    verify_request_free(&c.vr);
    if (a->dir)
        directory_save(a, false);
}

void sim_handle(struct sim_account *a, const struct sim_request *req,
                struct sim_response *resp)
{
    account_handle(a, req, resp, NULL);
}
