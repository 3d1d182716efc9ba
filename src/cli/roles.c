/* linkrole create, get, delete and list: service-linked roles. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/deletion.h"
#include "app/i18n.h"
#include "app/refusals.h"
#include "app/tplcache.h"
#include "app/scrub.h"
#include "app/slr.h"
#include "app/suggest.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/names.h"
#include "core/text.h"

#define OUT_MAX (8u << 20)

/* --- printing a role ----------------------------------------------------- */

static int field(struct buf *out, const char *label, const char *value)
{
    if (!value || !*value)
        return 0;
    if (buf_adds(out, "  ") != BUF_OK ||
        text_fill(out, label, 21, true, false) != BUF_OK ||
        text_fill(out, value, text_cols(value), false, false) != BUF_OK ||
        buf_addc(out, '\n') != BUF_OK)
        return -1;
    return 0;
}

/* The document, indented, one line at a time (each made safe). */
static int policy_lines(struct buf *out, const char *doc)
{
    while (*doc) {
        size_t n = strcspn(doc, "\n");
        char *copy = strndup(doc, n);
        int bad;

        if (!copy)
            return -1;
        bad = buf_adds(out, "  ") != BUF_OK ||
              text_fill(out, copy, text_cols(copy), false, false) ||
              buf_addc(out, '\n') != BUF_OK;
        free(copy);
        if (bad)
            return -1;
        doc += n + (doc[n] == '\n');
    }
    return 0;
}

static int role_text(struct buf *out, const char *headline,
                     const struct api_role *r, const char *request_id)
{
    char created[128], updated[128], longest[64], task[128];

    slr_date_text(created, sizeof(created), r->create_date);
    slr_date_text(updated, sizeof(updated), r->update_date);
    slr_duration_text(longest, sizeof(longest), r->max_session_duration);
    slr_date_text(task, sizeof(task), r->deletion_task_date);
    if (text_fill(out, headline, text_cols(headline), false, false) ||
        buf_adds(out, "\n\n") != BUF_OK ||
        field(out, "RoleName", r->role_name) ||
        field(out, "Arn", r->arn) ||
        field(out, "RoleId", r->role_id) ||
        field(out, "RolePrincipalName", r->role_principal_name) ||
        field(out, "Description", r->description) ||
        field(out, "CreateDate", r->create_date ? created : NULL) ||
        field(out, "UpdateDate", r->update_date ? updated : NULL) ||
        field(out, "MaxSessionDuration",
              r->max_session_duration > 0 ? longest : NULL) ||
        field(out, "LatestDeletionTask", r->deletion_task_id) ||
        field(out, "", r->deletion_task_id && r->deletion_task_date
                           ? task : NULL) ||
        field(out, "IsServiceLinkedRole",
              r->is_service_linked ? "true" : "false") ||
        field(out, "RequestId", request_id))
        return -1;
    if (!r->policy_document)
        return 0;
    if (buf_printf(out, "\n%s ", _("Trust policy:")) != BUF_OK ||
        slr_trust_sentence(out, &r->trust) || buf_addc(out, '\n') != BUF_OK)
        return -1;
    return policy_lines(out, r->trust.pretty ? r->trust.pretty
                                             : r->policy_document);
}

static int print_role(const struct options *o, const char *headline,
                      const struct api_role_result *res)
{
    struct buf out;
    int rc;

    if (o->output == OUTPUT_JSON)
        return cli_print_response(res->r.response) ? EXIT_INTERNAL
                                                   : EXIT_DONE;
    buf_init(&out, OUT_MAX);
    if (role_text(&out, headline, &res->role, res->r.request_id)) {
        buf_free(&out);
        report_error(_("out of memory"));
        return EXIT_INTERNAL;
    }
    rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
}

/* --- create -------------------------------------------------------------- */

/* Problems of the request, one line each, before anything is sent. */
static int report_problems(const struct rules_report *r)
{
    struct buf text;

    buf_init(&text, 4096);
    for (size_t i = 0; i < r->count; i++) {
        buf_reset(&text);
        slr_problem_text(&text, r, i);
        report_error("%s: %s", rules_field_name(r->problems[i].field),
                  buf_str(&text));
    }
    buf_free(&text);
    return EXIT_USAGE;
}

/* The cloud's template for o->service as remembered on disk (fetched by
 * the UI or 'services NAME --live' less than a day ago; nothing is
 * fetched here, so a create costs no extra call): whether it forbids the
 * suffix or description given, the problems added to report. */
static bool cli_template_refuses(const struct options *o,
                                 struct api_client *c,
                                 struct rules_report *report)
{
    struct api_slr_template t;
    struct api_error err;
    bool refuses = false;

    if (o->demo || ((!o->suffix || !*o->suffix) &&
                    (!o->description || !*o->description)))
        return false;
    if (tplcache_get(c, o->service, true, false, &t, &err) ==
            TPLCACHE_GOT_DISK &&
        slr_check_template(&t, o->suffix, o->description, report)) {
        report_error(_("by the cloud's rules for %s (its template, "
                    "remembered): one role only, under its preset name"),
                     o->service);
        refuses = true;
    }
    api_slr_template_free(&t);
    return refuses;
}

/* create --print: checked as a create is, then printed; not sent. */
static int create_print(const struct options *o)
{
    struct catalog cat;
    struct rules_report report;
    struct buf msg;
    int rc;

    buf_init(&msg, 4096);
    if (session_load_catalog(o, &cat, &msg)) {
        report_error("%s", buf_str(&msg));
        buf_free(&msg);
        return EXIT_USAGE;
    }
    buf_free(&msg);
    if (slr_check(catalog_find(&cat, o->service), o->suffix, o->description,
                  NULL, &report, NULL) && !o->no_check)
        rc = report_problems(&report);
    else
        rc = cli_print_create(o);
    catalog_free(&cat);
    return rc;
}

int cli_create(const struct options *o)
{
    struct session s;
    struct rules_report report;
    struct refusals refusals;
    struct slr_create_request req;
    struct api_role_result res;
    struct api_error err;
    enum slr_outcome outcome;
    const struct catalog_entry *entry;
    char expected[128], headline[160];
    bool refused_before = false;
    struct cli_spinner spin;
    int rc, bad;

    if (!o->service) {
        report_error(_("create needs --service NAME (see 'linkrole services "
                    "--search TERM' for names)"));
        return EXIT_USAGE;
    }
    if (o->nargs) {
        report_error(_("create takes no arguments; did you mean --service "
                    "%s?"), o->args[0]);
        return EXIT_USAGE;
    }
    if (cli_service_suggested(o))
        return EXIT_USAGE;
    if (!names_service_ok(o->service)) {
        report_error(_("'%s' is not a service name: service names look like "
                    "polardb.aliyuncs.com (lower-case letters, digits, "
                    "\".\" and \"-\")"), o->service);
        return EXIT_USAGE;
    }
    if (o->print)
        return create_print(o);
    if (!cli_open(&s, o, true, &rc))
        return rc;
    refusals_load(&refusals);
    entry = catalog_find(&s.catalog, o->service);
    if (!entry)
        report_error(_("note: %s is not in the catalogue; sending it anyway "
                    "(the cloud knows best)"), o->service);
    if (slr_check(entry, o->suffix, o->description, &refusals, &report,
                  &refused_before) && !o->no_check) {
        rc = report_problems(&report);
        goto out;
    }
    if (!o->no_check && cli_template_refuses(o, &s.client, &report)) {
        rc = report_problems(&report);
        goto out;
    }
    if (refused_before && o->suffix && *o->suffix)
        report_error(_("note: the cloud refused a custom suffix for %s before; "
                    "sending it anyway"), o->service);
    memset(&req, 0, sizeof(req));
    req.service = o->service;
    req.suffix = o->suffix;
    req.description = o->description;
    req.role_name = slr_role_name(expected, sizeof(expected), entry,
                                  o->suffix) == 0 ? expected : NULL;
    req.exist_ok = o->exist_ok;
    cli_spinner_start(&spin, o, _("creating the role"));
    bad = slr_create(&s.client, &req, &res, &outcome, &err);
    cli_spinner_stop(&spin);
    if (bad) {
        if (err.kind == API_ERR_CLOUD &&
            strcmp(err.code, "InvalidParameter.CustomSuffix.NotAllowed") == 0)
            refusals_add(&refusals, o->service);
        rc = cli_report_error(o, &s, &err, o->service, req.role_name);
        goto out;
    }
    switch (outcome) {
    case SLR_CREATED:
        snprintf(headline, sizeof(headline), _("Created %s"),
                 res.role.role_name);
        rc = print_role(o, headline, &res);
        break;
    case SLR_EXISTED:
        rc = print_role(o, _("Already exists (nothing was changed)"), &res);
        if (o->output == OUTPUT_JSON)
            report_error(_("%s already exists; nothing was changed"),
                      expected);
        break;
    case SLR_EXISTED_UNNAMED:
        report_error(_("the role already exists (its name is not known here, "
                    "so it is not shown)"));
        rc = EXIT_DONE;
        break;
    }
    api_role_result_free(&res);
out:
    refusals_free(&refusals);
    session_close(&s);
    return rc;
}

/* --- get ----------------------------------------------------------------- */

/* The role name of an ARN argument (get and delete). */
static char arn_role[80];

static const char *one_role_arg(const struct options *o, const char *cmd)
{
    if (o->nargs != 1) {
        report_error(_("%s needs exactly one role name, e.g. 'linkrole %s "
                    "AliyunServiceRoleForPolarDB'"), cmd, cmd);
        return NULL;
    }
    /* An ARN (acs:ram::ACCOUNT:role/NAME) names its role. */
    if (suggest_role_from_arn(o->args[0], arn_role, sizeof(arn_role))) {
        if (names_role_ok(arn_role))
            return arn_role;
    } else if (names_role_ok(o->args[0])) {
        return o->args[0];
    }
    report_error(_("'%s' is not a role name: 1-64 letters, digits, \".\", "
                "\"-\" or \"_\" (or its ARN, acs:ram::ACCOUNT:role/NAME)"),
                o->args[0]);
    return NULL;
}

int cli_get(const struct options *o)
{
    struct session s;
    struct api_role_result res;
    struct api_error err;
    const char *name = one_role_arg(o, "get");
    struct cli_spinner spin;
    int rc, bad;

    if (!name)
        return EXIT_USAGE;
    if (!cli_open(&s, o, o->print != EXPORT_DEFAULT, &rc))
        return rc;
    cli_spinner_start(&spin, o, _("reading the role"));
    bad = slr_get(&s.client, name, &res, &err);
    cli_spinner_stop(&spin);
    if (bad == 0) {
        rc = o->print ? cli_print_role(o, &s, &res.role)
                      : print_role(o, res.role.role_name, &res);
        api_role_result_free(&res);
    } else {
        rc = cli_report_error(o, &s, &err, NULL, name);
    }
    session_close(&s);
    return rc;
}

/* --- delete -------------------------------------------------------------- */

/* The progress line: rewritten in place on a terminal, one line per
 * change of status otherwise. */
static void progress(const char *name, const char *status, long secs,
                     const char **last)
{
    struct buf line;

    buf_init(&line, 4096);
    deletion_progress(&line, name, status);
    if (isatty(STDERR_FILENO)) {
        fprintf(stderr, "\r%s (%lds)\033[K", buf_str(&line), secs);
        fflush(stderr);
    } else if (!*last || strcmp(*last, status) != 0) {
        fprintf(stderr, "%s\n", buf_str(&line));
    }
    buf_free(&line);
    *last = status;
}

static void progress_end(void)
{
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
}

static int deletion_failed(const struct options *o, const char *name,
                           const struct api_deletion *d)
{
    struct buf safe, list;

    progress_end();
    if (o->output == OUTPUT_JSON)
        cli_print_response(d->r.response);
    buf_init(&safe, 1u << 16);
    buf_init(&list, 1u << 20);
    deletion_ended(&safe, name, d->status);
    if (d->reason) {
        buf_adds(&safe, ": ");
        buf_adds(&safe, d->reason);
    }
    report_error("%s", buf_str(&safe));
    /* The words and the grouping by region are the UI's too
     * (app/deletion); the fields came made safe from app/slr. */
    if (d->nusages && deletion_usages_title(&list, d) == 0 &&
        buf_addc(&list, '\n') == BUF_OK &&
        deletion_usages(&list, d, "    ") == 0)
        fprintf(stderr, "  %s", buf_str(&list));
    if (d->nusages)
        fprintf(stderr, _("  hint: %s\n"), deletion_hint());
    buf_free(&list);
    buf_free(&safe);
    return EXIT_REFUSED;
}

/* The task started; --no-wait says so and stops. */
static int deletion_started(const struct options *o, const char *name,
                            const struct slr_deletion *d)
{
    struct buf task, follow, line;
    int rc;

    if (o->output == OUTPUT_JSON)
        return cli_print_response(d->last.r.response) ? EXIT_INTERNAL
                                                      : EXIT_DONE;
    buf_init(&task, 4096);
    buf_init(&follow, 4096);
    scrub_text(&task, d->last.task_id);
    deletion_follow(&follow, name);
    buf_init(&line, 4096);
    buf_printf(&line, _("Deletion of %s started: task %s\n%s\n"), name,
               buf_str(&task), buf_str(&follow));
    rc = cli_write(buf_str(&line), buf_len(&line)) ? EXIT_INTERNAL
                                                   : EXIT_DONE;
    buf_free(&line);
    buf_free(&follow);
    buf_free(&task);
    return rc;
}

/* The cloud lower-cases role names in ARNs: the role's own name, as
 * GetRole (which ignores case) gives it, for the deletion. */
static void resolve_arn_role(struct session *s)
{
    struct api_role_result res;
    struct api_error err;

    if (slr_get(&s->client, arn_role, &res, &err) == 0) {
        if (res.role.role_name)
            snprintf(arn_role, sizeof(arn_role), "%s", res.role.role_name);
        api_role_result_free(&res);
    }
}

int cli_delete(const struct options *o)
{
    struct session s;
    struct slr_deletion d;
    struct api_error err;
    const char *name = one_role_arg(o, "delete");
    const char *last = NULL;
    struct cli_spinner spin;
    int rc, bad;

    if (!name)
        return EXIT_USAGE;
    if (cli_asks(o) && !cli_confirm_delete(o, name))
        return EXIT_REFUSED;
    if (!cli_open(&s, o, false, &rc))
        return rc;
    if (name == arn_role)
        resolve_arn_role(&s);
    cli_spinner_start(&spin, o, _("starting the deletion"));
    bad = slr_delete_begin(&s.client, name, &d, &err);
    cli_spinner_stop(&spin);
    if (bad) {
        rc = cli_report_error(o, &s, &err, NULL, name);
        goto out;
    }
    if (o->no_wait) {
        rc = deletion_started(o, name, &d);
        goto out;
    }
    for (;;) {
        long secs = (long)((clock_mono_ms() - d.started_ms) / 1000);

        if (slr_delete_poll(&s.client, &d, &err)) {
            progress_end();
            rc = cli_report_error(o, &s, &err, NULL, name);
            break;
        }
        if (d.state == SLR_DELETION_DONE) {
            progress_end();
            if (o->output == OUTPUT_JSON) {
                rc = cli_print_response(d.last.r.response) ? EXIT_INTERNAL
                                                           : EXIT_DONE;
            } else {
                struct buf done;

                buf_init(&done, 4096);
                deletion_done(&done, name);
                rc = buf_addc(&done, '\n') != BUF_OK ||
                     cli_write(buf_str(&done), buf_len(&done))
                         ? EXIT_INTERNAL : EXIT_DONE;
                buf_free(&done);
            }
            break;
        }
        if (d.state == SLR_DELETION_FAILED) {
            rc = deletion_failed(o, name, &d.last);
            break;
        }
        progress(name, d.status, secs, &last);
        if (d.state == SLR_DELETION_TIMED_OUT) {
            struct buf task;

            progress_end();
            buf_init(&task, 4096);
            scrub_text(&task, d.last.task_id);
            report_error(_("the deletion of %s is still in progress after %d "
                        "minutes; task %s"), name, SLR_DELETION_MAX_S / 60,
                      buf_str(&task));
            buf_free(&task);
            rc = EXIT_NETWORK;
            break;
        }
        clock_sleep_ms(d.wait_ms, NULL);
    }
out:
    slr_deletion_free(&d);
    session_close(&s);
    return rc;
}

/* --- list ---------------------------------------------------------------- */

static int list_json(const struct session *s, const struct slr_role_list *l,
                     bool all)
{
    struct buf out;
    struct json_writer w;
    int rc;

    buf_init(&out, OUT_MAX);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_key(&w, "Roles");
    json_begin_array(&w);
    for (size_t i = 0; i < l->count; i++) {
        const struct api_role *r = &l->roles[i];
        const struct catalog_entry *e;

        if (!all && !slr_is_service_linked(r))
            continue;
        e = slr_service_of(&s->catalog, r->role_name);
        json_begin_object(&w);
        json_key(&w, "RoleName");
        json_string(&w, r->role_name);
        json_key(&w, "RoleId");
        json_string(&w, r->role_id);
        json_key(&w, "Arn");
        json_string(&w, r->arn);
        json_key(&w, "CreateDate");
        json_string(&w, r->create_date);
        json_key(&w, "Description");
        json_string(&w, r->description);
        json_key(&w, "ServiceName");
        json_string(&w, e ? e->service_name : NULL);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    rc = json_writer_finish(&w) ? -1
         : cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
}

static int list_text(const struct session *s, const struct slr_role_list *l,
                     bool all)
{
    struct buf out;
    /* TRANSLATORS: the headings of 'linkrole list', columns aligned by
     * their display width (any width works). */
    const char *h_name = _("ROLE NAME"), *h_service = _("SERVICE");
    size_t w_name = text_cols(h_name), w_service = text_cols(h_service);
    size_t shown = 0;
    int rc;

    for (size_t i = 0; i < l->count; i++) {
        const struct api_role *r = &l->roles[i];
        const struct catalog_entry *e = slr_service_of(&s->catalog,
                                                       r->role_name);

        if (!all && !slr_is_service_linked(r))
            continue;
        if (text_cols(r->role_name) > w_name)
            w_name = text_cols(r->role_name);
        if (e && text_cols(e->service_name) > w_service)
            w_service = text_cols(e->service_name);
    }
    buf_init(&out, OUT_MAX);
    if (text_fill(&out, h_name, w_name + 2, true, false) ||
        text_fill(&out, h_service, w_service + 2, true, false) ||
        buf_printf(&out, "%s\n", _("CREATED")) != BUF_OK)
        goto nomem;
    for (size_t i = 0; i < l->count; i++) {
        const struct api_role *r = &l->roles[i];
        const struct catalog_entry *e = slr_service_of(&s->catalog,
                                                       r->role_name);
        const char *date = r->create_date ? r->create_date : "-";

        if (!all && !slr_is_service_linked(r))
            continue;
        shown++;
        if (text_fill(&out, r->role_name, w_name + 2, true, false) ||
            text_fill(&out, e ? e->service_name : "-", w_service + 2, true,
                      false) ||
            text_fill(&out, date, text_cols(date), false, false) ||
            buf_addc(&out, '\n') != BUF_OK)
            goto nomem;
    }
    if (shown == 0) {
        buf_free(&out);
        report_error(all ? _("no roles in this account")
                      : _("no service-linked roles in this account"));
        return EXIT_DONE;
    }
    rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
nomem:
    buf_free(&out);
    report_error(_("out of memory"));
    return EXIT_INTERNAL;
}

int cli_list(const struct options *o)
{
    struct session s;
    struct slr_role_list l;
    struct api_error err;
    struct cli_spinner spin;
    int rc, bad;

    if (o->nargs) {
        report_error(_("list takes no arguments"));
        return EXIT_USAGE;
    }
    if (!cli_open(&s, o, true, &rc))
        return rc;
    cli_spinner_start(&spin, o, _("listing the roles"));
    bad = slr_list(&s.client, &l, &err);
    cli_spinner_stop(&spin);
    if (bad) {
        rc = cli_report_error(o, &s, &err, NULL, NULL);
        goto out;
    }
    if (l.cut)
        report_error(_("more than %d pages of roles; showing the first %d"),
                  SLR_LIST_PAGES_MAX, SLR_LIST_PAGES_MAX);
    rc = o->output == OUTPUT_JSON ? list_json(&s, &l, o->all)
                                  : list_text(&s, &l, o->all);
    slr_role_list_free(&l);
out:
    session_close(&s);
    return rc;
}
