/* export — see export.h. */
#include "config.h"

#include "app/export.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/i18n.h"
#include "app/rollout.h"
#include "app/slr.h"
#include "core/equiv.h"
#include "core/json.h"

/* One role, worked out: its service and custom suffix (NULL when it has
 * none), and the description it is made with (only where a suffix is:
 * the API takes a description nowhere else). */
struct export_role {
    const struct api_role *r;
    const struct catalog_entry *e;  /* NULL: not in the catalogue */
    const char *suffix;
    const char *description;
};

static void export_work_out(const struct catalog *c, const struct api_role *r,
                            struct export_role *out)
{
    size_t n;

    memset(out, 0, sizeof(*out));
    out->r = r;
    out->e = slr_service_of(c, r->role_name);
    if (!out->e)
        return;
    n = strlen(out->e->role_name);
    if (r->role_name[n] == '_' && r->role_name[n + 1]) {
        out->suffix = r->role_name + n + 1;
        if (r->description && *r->description)
            out->description = r->description;
    }
}

static bool export_named(const struct export_filter *f, const char *name,
                         bool *seen)
{
    bool hit = false;

    for (size_t i = 0; i < f->nnames; i++)
        if (strcasecmp(f->names[i], name) == 0) {
            seen[i] = true;
            hit = true;
        }
    return hit;
}

static bool export_takes(const struct export_filter *f,
                         const struct export_role *x, bool *seen)
{
    if (!x->r->role_name || !*x->r->role_name)
        return false;
    if (f && f->nnames)
        return export_named(f, x->r->role_name, seen);
    if (!slr_is_service_linked(x->r))
        return false;
    if (f && f->service)
        return x->e && strcasecmp(x->e->service_name, f->service) == 0;
    return true;
}

/* label, made unique among the labels given so far (used, nused): a
 * second "x" becomes "x_2", and so on.  Returns BUF_OK or an error. */
static int export_label(struct buf *label, const char *role_name,
                        char **used, size_t *nused)
{
    size_t base;
    int rc = equiv_tf_name(label, role_name) ? BUF_TOOBIG : BUF_OK;
    char *copy;

    base = label->len;
    for (unsigned k = 2; rc == BUF_OK; k++) {
        bool clash = false;

        for (size_t i = 0; i < *nused && !clash; i++)
            clash = strcmp(used[i], buf_str(label)) == 0;
        if (!clash)
            break;
        label->len = base;
        label->data[base] = '\0';
        rc = buf_printf(label, "_%u", k);
    }
    if (rc != BUF_OK)
        return rc;
    copy = strdup(buf_str(label));
    if (!copy)
        return BUF_NOMEM;
    used[(*nused)++] = copy;
    return BUF_OK;
}

static int export_unknown(struct buf *out, const char *role_name)
{
    struct buf line;
    int rc;

    buf_init(&line, out->max);
    rc = buf_printf(&line, _("%s: not in linkrole's catalogue, so its "
                             "service is not known here; not exported"),
                    role_name);
    rc = rc == BUF_OK ? equiv_comment(out, buf_str(&line)) : -1;
    buf_free(&line);
    return rc;
}

static int export_one(struct buf *out, enum export_format format,
                      const struct export_role *x, const char *region,
                      char **used, size_t *nused)
{
    struct buf label;
    int rc;

    if (!x->e)
        return export_unknown(out, x->r->role_name);
    if (format == EXPORT_ALIYUN)
        return slr_is_dbs(x->e) ? equiv_aliyun_cli_dbs(out, region)
               : equiv_aliyun_cli(out, x->e->service_name, x->suffix,
                                  x->description);
    buf_init(&label, out->max);
    rc = export_label(&label, x->r->role_name, used, nused) == BUF_OK
         ? equiv_terraform_import(out, buf_str(&label), x->e->service_name,
                                  x->suffix, x->description,
                                  x->r->role_name)
         : -1;
    if (rc == 0)
        rc = buf_addc(out, '\n') == BUF_OK ? 0 : -1;
    buf_free(&label);
    return rc;
}

static int export_json_one(struct json_writer *w, const struct export_role *x)
{
    struct buf id;
    int rc = 0;

    buf_init(&id, w->out ? w->out->max : 0);
    json_begin_object(w);
    json_key(w, "RoleName");
    json_string(w, x->r->role_name);
    json_key(w, "ServiceName");
    json_string(w, x->e ? x->e->service_name : NULL);
    json_key(w, "CustomSuffix");
    json_string(w, x->suffix);
    json_key(w, "Description");
    json_string(w, x->description);
    json_key(w, "ImportId");
    if (!x->e)
        json_null(w);
    else if (buf_printf(&id, "%s:%s", x->e->service_name,
                        x->r->role_name) == BUF_OK)
        json_string(w, buf_str(&id));
    else
        rc = -1;
    json_end_object(w);
    buf_free(&id);
    return rc;
}

int export_roles(struct buf *out, const struct catalog *c,
                 const struct api_role *roles, size_t count,
                 const struct export_filter *filter,
                 enum export_format format, const char *region,
                 struct export_result *res)
{
    size_t start = out->len, nused = 0;
    bool seen[OPTIONS_ARGS_MAX] = { false };
    char **used = calloc(count ? count : 1, sizeof(*used));
    struct json_writer w;
    int rc = used ? 0 : -1;

    memset(res, 0, sizeof(*res));
    if (format == EXPORT_DEFAULT)
        format = EXPORT_TERRAFORM;
    if (format == EXPORT_JSON) {
        json_writer_init(&w, out, 2);
        json_begin_object(&w);
        json_key(&w, "Roles");
        json_begin_array(&w);
    }
    for (size_t i = 0; rc == 0 && i < count; i++) {
        struct export_role x;

        export_work_out(c, &roles[i], &x);
        if (!export_takes(filter, &x, seen))
            continue;
        if (x.e)
            res->exported++;
        else
            res->unknown++;
        if (format == EXPORT_JSON)
            rc = export_json_one(&w, &x);
        else
            rc = export_one(out, format, &x, region, used, &nused);
    }
    if (format == EXPORT_JSON) {
        json_end_array(&w);
        json_end_object(&w);
        if (rc == 0 && json_writer_finish(&w))
            rc = -1;
    }
    for (size_t i = 0; filter && i < filter->nnames; i++)
        if (!seen[i] && i < OPTIONS_ARGS_MAX)
            res->missing[res->missing_count++] = filter->names[i];
    for (size_t i = 0; i < nused; i++)
        free(used[i]);
    free(used);
    if (rc) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    return rc;
}

int export_create(struct buf *out, enum export_format format,
                  const char *service, const char *suffix,
                  const char *description)
{
    if (format == EXPORT_ALIYUN)
        return equiv_aliyun_cli(out, service, suffix, description);
    return equiv_terraform(out, service, suffix, description, NULL);
}

int export_dbs_init(struct buf *out, enum export_format format,
                    const char *region)
{
    if (format == EXPORT_ALIYUN)
        return equiv_aliyun_cli_dbs(out, region);
    return equiv_terraform(out, SLR_DBS_SERVICE, NULL, NULL, NULL);
}

/* An account the plan cannot enter or check: a comment with why and
 * what to do. */
static int export_rollout_skip(struct buf *out, const struct rollout_row *row)
{
    struct buf line, hint;
    const char *h;
    int rc;

    buf_init(&line, out->max);
    buf_init(&hint, 4096);
    h = rollout_row_hint(row, &hint);
    rc = buf_printf(&line, _("%s (%s): left out, %s: %s"), row->account_id,
                    row->display_name, rollout_state_text(row->state),
                    row->code[0] ? row->code : row->message);
    rc = rc == BUF_OK ? equiv_comment(out, buf_str(&line)) : -1;
    if (rc == 0 && h && *h)
        rc = equiv_comment(out, h);
    if (rc == 0)
        rc = buf_addc(out, '\n') == BUF_OK ? 0 : -1;
    buf_free(&hint);
    buf_free(&line);
    return rc;
}

static int export_rollout_one(struct buf *out, const struct rollout_row *row,
                              const char *role_name, const char *service,
                              const char *suffix, const char *description,
                              const char *region)
{
    struct buf alias, arn;
    bool exists = row->state == ROLLOUT_EXISTS;
    int rc = 0;

    buf_init(&alias, out->max);
    buf_init(&arn, out->max);
    if (buf_printf(&alias, "m_%s", row->account_id) != BUF_OK ||
        buf_printf(&arn, "acs:ram::%s:role/" ROLLOUT_ACCESS_ROLE,
                   row->account_id) != BUF_OK)
        rc = -1;
    if (rc == 0 && row->display_name[0])
        rc = equiv_comment(out, row->display_name);
    if (rc == 0)
        rc = equiv_tf_provider(out, buf_str(&alias), region, buf_str(&arn));
    if (rc == 0)
        rc = equiv_terraform_in(out, buf_str(&alias), buf_str(&alias),
                                service, suffix, description,
                                !exists ? NULL
                                : row->role_name[0] ? row->role_name
                                : role_name);
    if (rc == 0)
        rc = buf_addc(out, '\n') == BUF_OK ? 0 : -1;
    buf_free(&arn);
    buf_free(&alias);
    return rc;
}

int export_rollout(struct buf *out, struct rollout *plan,
                   const char *service, const char *suffix,
                   const char *description, const char *region,
                   struct export_rollout_result *res)
{
    size_t start = out->len, n = rollout_count(plan);
    const char *role_name = rollout_role_name(plan);
    struct rollout_row row;
    struct buf head;
    int rc;

    memset(res, 0, sizeof(*res));
    buf_init(&head, out->max);
    rc = buf_printf(&head, _("%s in the member accounts of the Resource "
                             "Directory %s (management account %s)"),
                    role_name, rollout_directory_id(plan),
                    rollout_master_account(plan)) == BUF_OK ? 0 : -1;
    if (rc == 0)
        rc = equiv_comment(out, buf_str(&head));
    if (rc == 0)
        rc = buf_addc(out, '\n') == BUF_OK ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n && rollout_row(plan, i, &row) == 0;
         i++) {
        if (row.state == ROLLOUT_EXISTS || row.state == ROLLOUT_WOULD_CREATE) {
            rc = export_rollout_one(out, &row, role_name, service, suffix,
                                    description, region);
            res->providers++;
            res->resources++;
            if (row.state == ROLLOUT_EXISTS)
                res->imports++;
        } else {
            rc = export_rollout_skip(out, &row);
            res->left_out++;
        }
    }
    buf_free(&head);
    if (rc) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    return rc;
}
