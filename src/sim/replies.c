/* replies — what the simulated account answers, in the gateway's shapes.
 *
 * Errors carry RequestId, HostId (the Host header as received), Code,
 * Message and Recommend naming the product, as Alibaba's gateway writes
 * them; roles are written in the member order of the API pages' samples,
 * which differs between CreateServiceLinkedRole, GetRole and ListRoles. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

#define MSG_INTERNAL \
    "The request processing has failed due to some unknown error, " \
    "exception or failure."

struct product {
    const char *version;
    const char *name;
    const char *endpoint;
};

static const struct product reply_products[] = {
    { "2020-03-31", "ResourceManager", "resourcemanager.aliyuncs.com" },
    { "2015-05-01", "Ram", "ram.aliyuncs.com" },
    { "2019-03-06", "Dbs", "dbs-api.cn-hangzhou.aliyuncs.com" },
    { "2015-04-01", "Sts", "sts.aliyuncs.com" },
};

/* --- error bodies --------------------------------------------------------- */

static const struct product *reply_product(const char *version)
{
    for (size_t i = 0; version && i < sizeof(reply_products) /
                                          sizeof(reply_products[0]); i++)
        if (strcmp(version, reply_products[i].version) == 0)
            return &reply_products[i];
    return NULL;
}

static const char *reply_host(const struct sim_request *req,
                              const struct product *p)
{
    const char *host = req->headers ? kvlist_get_case(req->headers, "Host")
                                    : NULL;

    if (host && *host)
        return host;
    return p ? p->endpoint : "linkrole-sim";
}

/* The AccessDeniedDetail the gateway adds to a RAM refusal, for the
 * action the request named ("ram:GetRole"); the diagnostic is a fixed
 * stand-in, base64 as the real one is. */
struct denied {
    const char *action;     /* the API action the request named */
    const char *owner;      /* the account */
    const char *principal;  /* the RAM user's name */
};

static void reply_denied(struct json_writer *w, const struct product *p,
                         const struct denied *d)
{
    const char *action = d->action;

    struct buf auth;

    buf_init(&auth, 1024);
    if (buf_printf(&auth, "%s:%s",
                   p && strcmp(p->name, "Dbs") == 0 ? "dbs"
                   : p && strcmp(p->name, "Sts") == 0 ? "sts" : "ram",
                   action && *action ? action : "*") != BUF_OK)
        w->error = BUF_NOMEM;
    json_key(w, "AccessDeniedDetail");
    json_begin_object(w);
    reply_pair(w, "PolicyType", "AccountLevelIdentityBasedPolicy");
    reply_pair(w, "AuthPrincipalOwnerId", d->owner);
    reply_pair(w, "EncodedDiagnosticMessage",
               "AQEAAAAAbGlua3JvbGUtc2ltIGRpYWdub3N0aWM=");
    reply_pair(w, "AuthPrincipalType", "SubUser");
    reply_pair(w, "AuthPrincipalDisplayName", d->principal);
    reply_pair(w, "NoPermissionType", "ImplicitDeny");
    reply_pair(w, "AuthAction", buf_str(&auth));
    json_end_object(w);
    buf_free(&auth);
}

static int reply_error_body(struct buf *out, const char *request_id,
                            const char *host, const struct product *p,
                            const char *code, const char *message,
                            const struct denied *denied)
{
    struct json_writer w;
    struct buf url;
    int rc;

    buf_init(&url, 1024);
    buf_reset(out);
    /* Codes are letters and dots: they need no escaping in a URL. */
    if (buf_printf(&url, "https://api.aliyun.com/troubleshoot?q=%s",
                   code) != BUF_OK ||
        (p && buf_printf(&url, "&product=%s", p->name) != BUF_OK)) {
        buf_free(&url);
        return -1;
    }
    json_writer_init(&w, out, 0);
    json_begin_object(&w);
    reply_pair(&w, "RequestId", request_id);
    reply_pair(&w, "HostId", host);
    reply_pair(&w, "Code", code);
    reply_pair(&w, "Message", message);
    reply_pair(&w, "Recommend", buf_str(&url));
    if (denied)
        reply_denied(&w, p, denied);
    json_end_object(&w);
    rc = json_writer_finish(&w);
    buf_free(&url);
    return rc ? -1 : 0;
}

/* The request's Version and Action, from V3 headers or a V1 query. */
static const char *request_param(const struct sim_request *req,
                                 const char *header, const char *param)
{
    const char *v = NULL;

    if (req->headers)
        v = kvlist_get_case(req->headers, header);
    if (!v && req->query)
        v = kvlist_get(req->query, param);
    return v;
}

static int error_body(struct buf *out, const struct sim_request *req,
                      const char *code, const char *message, bool denied)
{
    char id[ACCOUNT_REQUEST_ID_LEN + 1];
    const struct product *p;
    struct denied d = { NULL, SIM_DEMO_ACCOUNT_ID, "linkrole-sim-user" };

    p = reply_product(request_param(req, "x-acs-version", "Version"));
    d.action = request_param(req, "x-acs-action", "Action");
    account_request_id(id);
    return reply_error_body(out, id, reply_host(req, p), p, code, message,
                            denied ? &d : NULL);
}

int account_error_body(struct buf *out, const struct sim_request *req,
                       const char *code, const char *message)
{
    return error_body(out, req, code, message, false);
}

int account_denied_body(struct buf *out, const struct sim_request *req)
{
    return error_body(out, req, "Forbidden.RAM",
                      "User not authorized to operate on the specified "
                      "resource, or this API doesn't support RAM.", true);
}

void reply_error(struct call *c, int status, const char *code,
                 const char *message)
{
    const struct product *p = reply_product(c->vr.version);

    c->code = code;
    c->resp->status = status;
    if (reply_error_body(&c->resp->body, c->request_id,
                         reply_host(c->req, p), p, code, message, NULL))
        c->resp->status = 500;
}

void reply_denied_error(struct call *c, const char *code,
                        const char *message)
{
    const struct product *p = reply_product(c->vr.version);
    struct denied d = { c->vr.action, c->a->account_id,
                        c->key && c->key->user_name ? c->key->user_name
                                                    : "" };

    c->code = code;
    c->resp->status = 403;
    if (reply_error_body(&c->resp->body, c->request_id,
                         reply_host(c->req, p), p, code, message, &d))
        c->resp->status = 500;
}

void reply_internal(struct call *c)
{
    reply_error(c, 500, "InternalError", MSG_INTERNAL);
}

void reply_missing(struct call *c, const char *name)
{
    char message[160];

    /* The code is kept in the call: the log reads it after we return. */
    snprintf(c->code_text, sizeof(c->code_text), "MissingParameter.%s",
             name);
    snprintf(message, sizeof(message),
             "The input parameter \"%s\" that is mandatory for processing "
             "this request is not supplied.", name);
    reply_error(c, 400, c->code_text, message);
}

/* --- successful answers --------------------------------------------------- */

void reply_begin(struct call *c, struct json_writer *w)
{
    buf_reset(&c->resp->body);
    json_writer_init(w, &c->resp->body, 0);
    json_begin_object(w);
}

void reply_end(struct call *c, struct json_writer *w)
{
    json_end_object(w);
    if (json_writer_finish(w)) {
        reply_internal(c);
        return;
    }
    c->resp->status = 200;
}

void reply_pair(struct json_writer *w, const char *key, const char *value)
{
    json_key(w, key);
    json_string(w, value);
}

void reply_time(time_t t, char out[CLOCK_UTC_LEN + 1])
{
    if (clock_format_utc(t, out))
        out[0] = '\0';
}

char *reply_role_arn(const struct sim_account *a, const char *role_name)
{
    char *lower = ids_lower_dup(role_name);
    struct buf arn;
    char *s = NULL;

    buf_init(&arn, 1024);
    /* An SLR's ARN names it in lower case. */
    if (lower && buf_printf(&arn, "acs:ram::%s:role/%s", a->account_id,
                            lower) == BUF_OK)
        s = buf_take(&arn);
    buf_free(&arn);
    free(lower);
    return s;
}

static void reply_arn(struct json_writer *w, const struct sim_account *a,
                      const struct sim_role *r)
{
    char *arn = reply_role_arn(a, r->role_name);

    if (!arn)
        w->error = BUF_NOMEM;
    reply_pair(w, "Arn", arn ? arn : "");
    free(arn);
}

static void reply_principal(struct json_writer *w,
                            const struct sim_account *a,
                            const struct sim_role *r)
{
    struct buf name;

    buf_init(&name, 1024);
    if (buf_printf(&name, "%s@role.%s.onaliyunservice.com", r->role_name,
                   a->account_id) != BUF_OK)
        w->error = BUF_NOMEM;
    reply_pair(w, "RolePrincipalName", buf_str(&name));
    buf_free(&name);
}

void reply_role(struct json_writer *w, const struct sim_account *a,
                const struct sim_role *r, enum role_view view)
{
    char created[CLOCK_UTC_LEN + 1], updated[CLOCK_UTC_LEN + 1];
    const struct sim_task *task;

    reply_time(r->created, created);
    reply_time(r->updated, updated);
    json_begin_object(w);
    if (view == ROLE_CREATED) {
        reply_pair(w, "RoleName", r->role_name);
        reply_pair(w, "Description", r->description);
        reply_pair(w, "AssumeRolePolicyDocument", r->policy);
        reply_arn(w, a, r);
        json_key(w, "IsServiceLinkedRole");
        json_bool(w, r->service_linked);
        reply_pair(w, "CreateDate", created);
        reply_pair(w, "RoleId", r->role_id);
        reply_principal(w, a, r);
        json_end_object(w);
        return;
    }
    reply_pair(w, "RoleName", r->role_name);
    reply_pair(w, "RoleId", r->role_id);
    reply_arn(w, a, r);
    reply_pair(w, "Description", r->description);
    if (view == ROLE_GET)
        reply_pair(w, "AssumeRolePolicyDocument", r->policy);
    reply_pair(w, "CreateDate", created);
    reply_pair(w, "UpdateDate", updated);
    json_key(w, "MaxSessionDuration");
    json_int(w, ACCOUNT_MAX_SESSION);
    if (view == ROLE_GET) {
        json_key(w, "IsServiceLinkedRole");
        json_bool(w, r->service_linked);
        reply_principal(w, a, r);
        task = store_task_latest(a, r);
        if (task) {
            reply_time(task->created, created);
            json_key(w, "LatestDeletionTask");
            json_begin_object(w);
            reply_pair(w, "DeletionTaskId", task->id);
            reply_pair(w, "CreateDate", created);
            json_end_object(w);
        }
    }
    json_end_object(w);
}
