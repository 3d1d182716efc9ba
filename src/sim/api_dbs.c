/* api_dbs — Database Backup (2019-03-06): InitializeDbsServiceLinkedRole.
 *
 * DBS answers 200 with its own error fields (Success as a string,
 * ErrorCode, ErrMessage quoting the RAM call behind it), in the shape of
 * the API page's sample; "already exists" is Success "true" with an
 * ErrorCode, which clients must take as done. */
#include "config.h"

#include "sim/internal.h"

#define API_DBS_ROLE "AliyunServiceRoleForDBS"
#define API_DBS_SERVICE "dbs.aliyuncs.com"

static void api_dbs_reply(struct call *c, const char *success,
                          const char *code, const char *message)
{
    char inner[ACCOUNT_REQUEST_ID_LEN + 1];
    struct json_writer w;
    struct buf text;

    buf_init(&text, 4096);
    reply_begin(c, &w);
    reply_pair(&w, "Data", "null");
    reply_pair(&w, "RequestId", c->request_id);
    reply_pair(&w, "Success", success);
    if (code) {
        account_request_id(inner);
        if (buf_printf(&text, "%s : %s\r\nRequestId : %s", code, message,
                       inner) != BUF_OK)
            w.error = BUF_NOMEM;
        reply_pair(&w, "ErrorCode", code);
        reply_pair(&w, "ErrMessage", buf_str(&text));
        c->code = code;
    }
    reply_end(c, &w);
    buf_free(&text);
}

void api_dbs_init(struct call *c)
{
    struct sim_account *a = c->a;
    const struct catalog_entry *e;
    struct buf text;

    buf_init(&text, 64 * 1024);
    if (store_role_find(a, API_DBS_ROLE)) {
        api_dbs_reply(c, "true", "EntityAlreadyExists.Role",
                      "The role already exists:" API_DBS_ROLE);
        goto out;
    }
    if (a->nroles >= a->role_limit) {
        api_dbs_reply(c, "false", "LimitExceeded.Role",
                      "The maximum number of roles is exceeded.");
        goto out;
    }
    e = a->catalog ? catalog_find(a->catalog, API_DBS_SERVICE) : NULL;
    if ((e ? api_ram_default_description(&text, e)
           : buf_adds(&text, "Service Linked Role for Database Backup "
                      "Service. Database Backup Service will use this role "
                      "to access your resources in other services.")) ||
        !store_role_add(a, API_DBS_ROLE, API_DBS_SERVICE, buf_str(&text),
                        NULL, c->now, NULL)) {
        reply_internal(c);
        goto out;
    }
    c->dirty = true;
    api_dbs_reply(c, "true", NULL, NULL);
out:
    buf_free(&text);
}
