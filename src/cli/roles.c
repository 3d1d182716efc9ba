/* linkrole create, get, delete and list: service-linked roles. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/names.h"
#include "core/rules.h"
#include "core/text.h"

#define OUT_MAX (8u << 20)
#define POLL_FIRST_MS 500u
#define POLL_MAX_MS 5000u
#define POLL_LIMIT_S 600
#define LIST_PAGES_MAX 100

/* --- printing a role ---------------------------------------------------------- */

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

/* "2024-01-02T03:04:05Z (2024-01-02 11:04:05 CST)" */
static void date_both(char *out, size_t size, const char *utc)
{
    struct tm tm, local;
    char when[64];
    const char *end;
    time_t t;

    snprintf(out, size, "%s", utc ? utc : "");
    if (!utc)
        return;
    memset(&tm, 0, sizeof(tm));
    end = strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end)
        return;
    t = timegm(&tm);
    if (!localtime_r(&t, &local) ||
        !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &local))
        return;
    snprintf(out, size, "%s (%s)", utc, when);
}

/* "polardb.aliyuncs.com may assume this role." */
static int trust_reading(struct buf *out, const struct api_trust_policy *t)
{
    if (t->nservices == 0)
        return buf_adds(out, "no cloud service is named in it.") == BUF_OK
                   ? 0 : -1;
    for (size_t i = 0; i < t->nservices; i++) {
        const char *sep = i == 0 ? "" : i + 1 == t->nservices ? " and " : ", ";

        if (buf_adds(out, sep) != BUF_OK ||
            text_fill(out, t->services[i], text_cols(t->services[i]), false,
                      false) != BUF_OK)
            return -1;
    }
    return buf_adds(out, " may assume this role.") == BUF_OK ? 0 : -1;
}

static int role_text(struct buf *out, const char *headline,
                     const struct api_role *r, const char *request_id)
{
    char created[128], updated[128];

    date_both(created, sizeof(created), r->create_date);
    date_both(updated, sizeof(updated), r->update_date);
    if (text_fill(out, headline, text_cols(headline), false, false) ||
        buf_adds(out, "\n\n") != BUF_OK ||
        field(out, "RoleName", r->role_name) ||
        field(out, "Arn", r->arn) ||
        field(out, "RoleId", r->role_id) ||
        field(out, "RolePrincipalName", r->role_principal_name) ||
        field(out, "Description", r->description) ||
        field(out, "CreateDate", created) ||
        field(out, "UpdateDate", updated) ||
        field(out, "IsServiceLinkedRole",
              r->is_service_linked ? "true" : "false") ||
        field(out, "RequestId", request_id))
        return -1;
    if (!r->policy_document)
        return 0;
    if (buf_adds(out, "\nTrust policy: ") != BUF_OK ||
        trust_reading(out, &r->trust) || buf_addc(out, '\n') != BUF_OK)
        return -1;
    {
        const char *doc = r->trust.pretty ? r->trust.pretty
                                          : r->policy_document;
        const char *line = doc;

        while (*line) {
            size_t n = strcspn(line, "\n");
            char *copy = strndup(line, n);
            int bad;

            if (!copy)
                return -1;
            bad = buf_adds(out, "  ") != BUF_OK ||
                  text_fill(out, copy, text_cols(copy), false, false) ||
                  buf_addc(out, '\n') != BUF_OK;
            free(copy);
            if (bad)
                return -1;
            line += n;
            if (*line)
                line++;
        }
    }
    return 0;
}

static int print_role(const struct cli_options *o, const char *headline,
                      const struct api_role_result *res)
{
    struct buf out;
    int rc;

    if (o->output == CLI_OUTPUT_JSON)
        return cli_print_response(res->r.response) ? EXIT_INTERNAL
                                                   : EXIT_DONE;
    buf_init(&out, OUT_MAX);
    if (role_text(&out, headline, &res->role, res->r.request_id)) {
        buf_free(&out);
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
}

/* --- create -------------------------------------------------------------------- */

/* Problems from rules.c, one line each, before anything is sent. */
static int report_problems(const struct rules_report *r)
{
    for (size_t i = 0; i < r->count; i++)
        cli_error("%s: %s", rules_field_name(r->problems[i].field),
                  r->problems[i].message);
    return EXIT_USAGE;
}

int cli_create(const struct cli_options *o)
{
    struct cli_session s;
    struct rules_report report;
    struct api_role_result res;
    struct api_error err;
    const struct catalog_entry *entry;
    char expected[128];
    const char *base = NULL;
    int rc;

    if (!o->service) {
        cli_error("create needs --service NAME (see 'linkrole services "
                  "--search TERM' for names)");
        return EXIT_USAGE;
    }
    if (o->nargs) {
        cli_error("create takes no arguments; did you mean --service %s?",
                  o->args[0]);
        return EXIT_USAGE;
    }
    if (!names_service_ok(o->service)) {
        cli_error("'%s' is not a service name: service names look like "
                  "polardb.aliyuncs.com (lower-case letters, digits, \".\" "
                  "and \"-\")", o->service);
        return EXIT_USAGE;
    }
    rc = cli_session_open(&s, o, true);
    if (rc != EXIT_DONE)
        return rc == CLI_SESSION_ENDED ? EXIT_DONE : rc;
    entry = catalog_find(&s.catalog, o->service);
    if (entry) {
        base = entry->role_name;
    } else {
        cli_error("note: %s is not in the catalogue; sending it anyway "
                  "(the cloud knows best)", o->service);
    }
    if (!o->no_check && rules_check(base, o->suffix, o->description,
                                    &report)) {
        rc = report_problems(&report);
        goto out;
    }
    if (!o->no_check && entry && o->suffix && *o->suffix &&
        entry->custom_suffix == CATALOG_SUFFIX_REFUSED) {
        cli_error("CustomSuffix: %s does not accept a custom suffix; create "
                  "%s without --suffix", o->service, entry->role_name);
        rc = EXIT_USAGE;
        goto out;
    }
    expected[0] = '\0';
    if (base)
        snprintf(expected, sizeof(expected), "%s%s%s", base,
                 o->suffix && *o->suffix ? "_" : "",
                 o->suffix ? o->suffix : "");

    if (api_create_service_linked_role(&s.client, o->service, o->suffix,
                                       o->description,
                                       base ? expected : NULL, &res,
                                       &err) == 0) {
        char headline[160];

        snprintf(headline, sizeof(headline), "Created %s",
                 res.role.role_name);
        rc = print_role(o, headline, &res);
        api_role_result_free(&res);
        goto out;
    }
    if (err.kind == API_ERR_DRY_RUN) {
        rc = cli_print_dry_run(&s);
        goto out;
    }
    if (o->exist_ok && err.kind == API_ERR_CLOUD &&
        strcmp(err.code, "EntityAlreadyExists.Role") == 0) {
        struct api_error get_err;

        if (!base) {
            cli_error("the role already exists (its name is not known "
                      "here, so it is not shown)");
            rc = EXIT_DONE;
            goto out;
        }
        if (api_get_role(&s.client, expected, &res, &get_err)) {
            rc = cli_report_error(o, &get_err, o->service, expected);
            goto out;
        }
        rc = print_role(o, "Already exists (nothing was changed)", &res);
        if (o->output == CLI_OUTPUT_JSON)
            cli_error("%s already exists; nothing was changed", expected);
        api_role_result_free(&res);
        goto out;
    }
    rc = cli_report_error(o, &err, o->service, base ? expected : NULL);
out:
    cli_session_close(&s);
    return rc;
}

/* --- get ------------------------------------------------------------------------ */

static const char *one_role_arg(const struct cli_options *o, const char *cmd)
{
    if (o->nargs != 1) {
        cli_error("%s needs exactly one role name, e.g. 'linkrole %s "
                  "AliyunServiceRoleForPolarDB'", cmd, cmd);
        return NULL;
    }
    if (!names_role_ok(o->args[0])) {
        cli_error("'%s' is not a role name: 1-64 letters, digits, \".\", "
                  "\"-\" or \"_\"", o->args[0]);
        return NULL;
    }
    return o->args[0];
}

int cli_get(const struct cli_options *o)
{
    struct cli_session s;
    struct api_role_result res;
    struct api_error err;
    const char *name = one_role_arg(o, "get");
    int rc;

    if (!name)
        return EXIT_USAGE;
    rc = cli_session_open(&s, o, false);
    if (rc != EXIT_DONE)
        return rc == CLI_SESSION_ENDED ? EXIT_DONE : rc;
    if (api_get_role(&s.client, name, &res, &err) == 0) {
        rc = print_role(o, res.role.role_name, &res);
        api_role_result_free(&res);
    } else if (err.kind == API_ERR_DRY_RUN) {
        rc = cli_print_dry_run(&s);
    } else {
        rc = cli_report_error(o, &err, NULL, name);
    }
    cli_session_close(&s);
    return rc;
}

/* --- delete ----------------------------------------------------------------------- */

/* The progress line: rewritten in place on a terminal, one line per
 * change of status otherwise. */
static void progress(const char *name, const char *status, long secs,
                     const char **last)
{
    if (isatty(STDERR_FILENO)) {
        fprintf(stderr, "\rDeleting %s: %s (%lds)\033[K", name, status, secs);
        fflush(stderr);
    } else if (!*last || strcmp(*last, status) != 0) {
        fprintf(stderr, "Deleting %s: %s\n", name, status);
    }
    *last = status;
}

static void progress_end(void)
{
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
}

static int deletion_failed(const struct cli_options *o, const char *name,
                           const struct api_deletion *d)
{
    progress_end();
    if (o->output == CLI_OUTPUT_JSON)
        cli_print_response(d->r.response);
    cli_error("the deletion of %s ended %s%s%s", name, d->status,
              d->reason ? ": " : "", d->reason ? d->reason : "");
    if (d->nusages)
        fprintf(stderr, "  in use by:\n");
    for (size_t i = 0; i < d->nusages; i++)
        fprintf(stderr, "    %s\n", d->usages[i]);
    if (d->nusages)
        fprintf(stderr, "  hint: release these resources (or the service's "
                        "use of them), then delete the role again\n");
    return EXIT_REFUSED;
}

int cli_delete(const struct cli_options *o)
{
    struct cli_session s;
    struct api_deletion task, st;
    struct api_error err;
    const char *name = one_role_arg(o, "delete");
    const char *last = NULL;
    unsigned wait = POLL_FIRST_MS;
    time_t started;
    int rc;

    if (!name)
        return EXIT_USAGE;
    rc = cli_session_open(&s, o, false);
    if (rc != EXIT_DONE)
        return rc == CLI_SESSION_ENDED ? EXIT_DONE : rc;
    if (api_delete_service_linked_role(&s.client, name, &task, &err)) {
        rc = err.kind == API_ERR_DRY_RUN ? cli_print_dry_run(&s)
                                         : cli_report_error(o, &err, NULL,
                                                            name);
        goto out;
    }
    if (o->no_wait) {
        if (o->output == CLI_OUTPUT_JSON) {
            rc = cli_print_response(task.r.response) ? EXIT_INTERNAL
                                                     : EXIT_DONE;
        } else {
            printf("Deletion of %s started: task %s\n"
                   "Follow it with the console, or run 'linkrole delete %s' "
                   "again to wait for it.\n", name, task.task_id, name);
            rc = fflush(stdout) ? EXIT_INTERNAL : EXIT_DONE;
        }
        api_deletion_free(&task);
        goto out;
    }
    started = time(NULL);
    for (;;) {
        long secs = (long)(time(NULL) - started);

        if (api_deletion_status(&s.client, task.task_id, &st, &err)) {
            progress_end();
            rc = cli_report_error(o, &err, NULL, name);
            break;
        }
        if (strcmp(st.status, "SUCCEEDED") == 0) {
            progress_end();
            if (o->output == CLI_OUTPUT_JSON) {
                rc = cli_print_response(st.r.response) ? EXIT_INTERNAL
                                                       : EXIT_DONE;
            } else {
                printf("Deleted %s\n", name);
                rc = fflush(stdout) ? EXIT_INTERNAL : EXIT_DONE;
            }
            api_deletion_free(&st);
            break;
        }
        if (strcmp(st.status, "IN_PROGRESS") != 0 &&
            strcmp(st.status, "NOT_STARTED") != 0) {
            rc = deletion_failed(o, name, &st);
            api_deletion_free(&st);
            break;
        }
        progress(name, strcmp(st.status, "IN_PROGRESS") == 0
                           ? "IN_PROGRESS" : "NOT_STARTED", secs, &last);
        api_deletion_free(&st);
        if (secs > POLL_LIMIT_S) {
            progress_end();
            cli_error("the deletion of %s is still in progress after %d "
                      "minutes; task %s", name, POLL_LIMIT_S / 60,
                      task.task_id);
            rc = EXIT_NETWORK;
            break;
        }
        clock_sleep_ms((long)wait, NULL);
        wait = wait * 3 / 2 > POLL_MAX_MS ? POLL_MAX_MS : wait * 3 / 2;
    }
    api_deletion_free(&task);
out:
    cli_session_close(&s);
    return rc;
}

/* --- list ----------------------------------------------------------------------- */

/* The service a role belongs to, from the catalogue: its preset name,
 * possibly followed by "_<suffix>". */
static const struct catalog_entry *service_of(const struct catalog *c,
                                              const char *role)
{
    for (size_t i = 0; i < c->count; i++) {
        const char *base = c->entries[i].role_name;
        size_t n = strlen(base);

        if (strncasecmp(role, base, n) == 0 &&
            (role[n] == '\0' || role[n] == '_'))
            return &c->entries[i];
    }
    return NULL;
}

static bool looks_service_linked(const struct api_role *r)
{
    return r->is_service_linked ||
           (r->role_name &&
            strncmp(r->role_name, "AliyunServiceRoleFor", 20) == 0);
}

struct listed {
    struct api_role_page *pages;
    size_t npages;
};

static int list_json(const struct cli_session *s, const struct listed *l,
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
    for (size_t p = 0; p < l->npages; p++)
        for (size_t i = 0; i < l->pages[p].count; i++) {
            const struct api_role *r = &l->pages[p].roles[i];
            const struct catalog_entry *e;

            if (!all && !looks_service_linked(r))
                continue;
            e = service_of(&s->catalog, r->role_name);
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

static int list_text(const struct cli_session *s, const struct listed *l,
                     bool all)
{
    struct buf out;
    size_t w_name = 9, w_service = 7, shown = 0;
    int rc;

    for (size_t p = 0; p < l->npages; p++)
        for (size_t i = 0; i < l->pages[p].count; i++) {
            const struct api_role *r = &l->pages[p].roles[i];
            const struct catalog_entry *e = service_of(&s->catalog,
                                                       r->role_name);

            if (!all && !looks_service_linked(r))
                continue;
            if (text_cols(r->role_name) > w_name)
                w_name = text_cols(r->role_name);
            if (e && text_cols(e->service_name) > w_service)
                w_service = text_cols(e->service_name);
        }
    buf_init(&out, OUT_MAX);
    if (text_fill(&out, "ROLE NAME", w_name + 2, true, false) ||
        text_fill(&out, "SERVICE", w_service + 2, true, false) ||
        buf_adds(&out, "CREATED\n") != BUF_OK)
        goto nomem;
    for (size_t p = 0; p < l->npages; p++)
        for (size_t i = 0; i < l->pages[p].count; i++) {
            const struct api_role *r = &l->pages[p].roles[i];
            const struct catalog_entry *e = service_of(&s->catalog,
                                                       r->role_name);

            if (!all && !looks_service_linked(r))
                continue;
            shown++;
            if (text_fill(&out, r->role_name, w_name + 2, true, false) ||
                text_fill(&out, e ? e->service_name : "-", w_service + 2,
                          true, false) ||
                text_fill(&out, r->create_date ? r->create_date : "-",
                          text_cols(r->create_date ? r->create_date : "-"),
                          false, false) ||
                buf_addc(&out, '\n') != BUF_OK)
                goto nomem;
        }
    if (shown == 0) {
        buf_free(&out);
        cli_error("no %sroles in this account", all ? "" : "service-linked ");
        return EXIT_DONE;
    }
    rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
nomem:
    buf_free(&out);
    cli_error("out of memory");
    return EXIT_INTERNAL;
}

int cli_list(const struct cli_options *o)
{
    struct cli_session s;
    struct listed l = { NULL, 0 };
    struct api_error err;
    int rc;

    if (o->nargs) {
        cli_error("list takes no arguments");
        return EXIT_USAGE;
    }
    rc = cli_session_open(&s, o, true);
    if (rc != EXIT_DONE)
        return rc == CLI_SESSION_ENDED ? EXIT_DONE : rc;
    for (;;) {
        const char *marker = l.npages ? l.pages[l.npages - 1].marker : NULL;
        struct api_role_page *grown;

        if (l.npages == LIST_PAGES_MAX) {
            cli_error("more than %d pages of roles; showing the first %d",
                      LIST_PAGES_MAX, LIST_PAGES_MAX);
            break;
        }
        grown = realloc(l.pages, (l.npages + 1) * sizeof(*l.pages));
        if (!grown) {
            cli_error("out of memory");
            rc = EXIT_INTERNAL;
            goto out;
        }
        l.pages = grown;
        if (api_list_roles(&s.client, marker, 100, &l.pages[l.npages],
                           &err)) {
            rc = err.kind == API_ERR_DRY_RUN ? cli_print_dry_run(&s)
                                             : cli_report_error(o, &err,
                                                                NULL, NULL);
            goto out;
        }
        if (!l.pages[l.npages++].truncated)
            break;
    }
    rc = o->output == CLI_OUTPUT_JSON ? list_json(&s, &l, o->all)
                                      : list_text(&s, &l, o->all);
out:
    for (size_t p = 0; p < l.npages; p++)
        api_role_page_free(&l.pages[p]);
    free(l.pages);
    cli_session_close(&s);
    return rc;
}
