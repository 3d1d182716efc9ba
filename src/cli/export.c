/* linkrole export, and the --print of create, get and dbs-init. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "app/export.h"
#include "app/i18n.h"
#include "app/slr.h"
#include "core/names.h"

#define EXPORT_OUT_MAX (64u << 20)

/* The roles (count of them) in o->format, or the --print format when
 * o->print is set; missing names are an error (exit 1) after the rest
 * is printed. */
static int export_print(const struct options *o, const struct session *s,
                        const struct api_role *roles, size_t count,
                        const struct export_filter *f)
{
    struct export_result res;
    enum export_format format = o->print ? o->print : o->format;
    struct buf out;
    int rc;

    /* --output json, with no --format, asks for JSON too. */
    if (format == EXPORT_DEFAULT && o->output == OUTPUT_JSON)
        format = EXPORT_JSON;
    buf_init(&out, EXPORT_OUT_MAX);
    rc = cli_write_buf(&out, export_roles(&out, &s->catalog, roles, count,
                                          f, format, s->region, &res));
    if (res.unknown)
        report_error(_n("%zu role not in the catalogue was left out (see "
                        "the comments)",
                        "%zu roles not in the catalogue were left out (see "
                        "the comments)", res.unknown), res.unknown);
    for (size_t i = 0; i < res.missing_count; i++)
        report_error(_("%s: no such role in this account"), res.missing[i]);
    if (rc == EXIT_DONE && res.missing_count)
        rc = EXIT_REFUSED;
    return rc;
}

/* export --rollout: the plan of a rollout, as Terraform. */
static int export_rollout_run(const struct options *o)
{
    struct session s;
    struct rollout_config cfg;
    struct cli_rollout_scope scope;
    struct rollout_progress p;
    struct export_rollout_result res;
    struct rollout *r = NULL;
    struct buf out, msg;
    int rc;

    if (o->format == EXPORT_ALIYUN || o->format == EXPORT_JSON) {
        report_error(_("export --rollout writes Terraform only"));
        return EXIT_USAGE;
    }
    if ((rc = cli_rollout_check(o, true)) != EXIT_DONE)
        return rc;
    if (!cli_open(&s, o, true, &rc))
        return rc;
    buf_init(&msg, 1024);
    rc = cli_rollout_config(o, &s, &cfg, &scope);
    if (rc != EXIT_DONE)
        goto out;
    cfg.plan = true;
    if ((rc = cli_rollout_open(o, &s, &cfg, &r)) != EXIT_DONE)
        goto out;
    if (rollout_start(r, &msg)) {
        report_error("%s", buf_str(&msg));
        rc = EXIT_INTERNAL;
        goto out;
    }
    cli_rollout_follow(r, o);
    buf_init(&out, EXPORT_OUT_MAX);
    rc = cli_write_buf(&out, export_rollout(&out, r, o->service, o->suffix,
                                            o->description, s.region,
                                            &res) != 0);
    if (res.left_out)
        report_error(_n("%zu account could not be entered or checked and "
                        "was left out (see the comments)",
                        "%zu accounts could not be entered or checked and "
                        "were left out (see the comments)", res.left_out),
                     res.left_out);
    rollout_progress(r, &p);
    /* An account that cannot be entered is said in the file; one that
     * could not be checked fails the export (its file is incomplete). */
    if (rc == EXIT_DONE)
        rc = cli_rollout_exit(&p, true);
out:
    if (r)
        rollout_free(r);
    cli_rollout_scope_free(&scope);
    buf_free(&msg);
    session_close(&s);
    return rc;
}

int cli_export(const struct options *o)
{
    struct session s;
    struct slr_role_list l;
    struct api_error err;
    struct export_filter f;
    int rc;

    if (o->rollout)
        return export_rollout_run(o);
    if (o->dbs || o->accounts || o->folder || o->exclude ||
        (o->suffix && *o->suffix) || (o->description && *o->description)) {
        report_error(_("--suffix, --description, --accounts, --folder and "
                       "--exclude go with export --rollout"));
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < o->nargs; i++)
        if (!names_role_ok(o->args[i])) {
            report_error(_("'%s' is not a role name: 1-64 letters, digits, "
                           "\".\", \"-\" or \"_\""), o->args[i]);
            return EXIT_USAGE;
        }
    if (o->service && o->nargs) {
        report_error(_("export takes --service NAME or role names, not "
                       "both"));
        return EXIT_USAGE;
    }
    if (cli_service_suggested(o))
        return EXIT_USAGE;
    if (!cli_open(&s, o, true, &rc))
        return rc;
    if (o->service && !catalog_find(&s.catalog, o->service)) {
        report_error(_("%s is not in the catalogue (see 'linkrole services "
                       "--search TERM')"), o->service);
        rc = EXIT_USAGE;
        goto out;
    }
    if (slr_list(&s.client, &l, &err)) {
        rc = cli_report_error(o, &s, &err, NULL, NULL);
        goto out;
    }
    if (l.cut)
        report_error(_("more than %d pages of roles; exporting the first %d"),
                     SLR_LIST_PAGES_MAX, SLR_LIST_PAGES_MAX);
    memset(&f, 0, sizeof(f));
    f.service = o->service;
    f.names = o->args;
    f.nnames = o->nargs;
    rc = export_print(o, &s, l.roles, l.count, &f);
    slr_role_list_free(&l);
out:
    session_close(&s);
    return rc;
}

int cli_print_role(const struct options *o, const struct session *s,
                   const struct api_role *role)
{
    struct export_filter f;
    const char *name = role->role_name;

    memset(&f, 0, sizeof(f));
    f.names = &name;
    f.nnames = 1;
    return export_print(o, s, role, 1, &f);
}

int cli_print_create(const struct options *o)
{
    struct buf out;

    buf_init(&out, EXPORT_OUT_MAX);
    return cli_write_buf(&out, export_create(&out, o->print, o->service,
                                             o->suffix, o->description));
}

int cli_print_dbs_init(const struct options *o)
{
    struct buf out;

    buf_init(&out, EXPORT_OUT_MAX);
    return cli_write_buf(&out, export_dbs_init(&out, o->print, o->region));
}
