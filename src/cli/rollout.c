/* linkrole rollout: one role (or the DBS activation) in every member
 * account of a Resource Directory (app/rollout does the work; this file
 * checks the options, asks, and hands over to cli/rollout_report.c). */
#include "config.h"

#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "app/slr.h"
#include "core/names.h"
#include "core/rules.h"

/* Set by the first Ctrl-C; the second one ends the process. */
static volatile sig_atomic_t rollout_cancel;

static void rollout_on_sigint(int sig)
{
    (void)sig;
    rollout_cancel = 1;
}

/* An account id as the directory writes them: digits only. */
static bool rollout_id_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n >= sizeof(((struct rollout_row *)0)->account_id))
        return false;
    return strspn(s, "0123456789") == n;
}

/* value cut at commas into scope's list k; every piece must be an
 * account id.  Returns 0, or -1 with the problem reported. */
static int rollout_ids(const char *value, const char *option,
                       struct cli_rollout_scope *scope, int k)
{
    size_t max = 1;
    char *save = NULL, *tok;

    for (const char *p = value; *p; p++)
        if (*p == ',')
            max++;
    scope->copy[k] = strdup(value);
    scope->ids[k] = calloc(max, sizeof(*scope->ids[k]));
    if (!scope->copy[k] || !scope->ids[k]) {
        report_error(_("out of memory"));
        return -1;
    }
    for (tok = strtok_r(scope->copy[k], ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save)) {
        if (!rollout_id_ok(tok)) {
            report_error(_("%s: '%s' is not an account id (digits, such as "
                           "1234567890123456)"), option, tok);
            return -1;
        }
        scope->ids[k][scope->n[k]++] = tok;
    }
    if (scope->n[k] == 0) {
        report_error(_("%s needs account ids, separated by commas"), option);
        return -1;
    }
    return 0;
}

void cli_rollout_scope_free(struct cli_rollout_scope *scope)
{
    for (int k = 0; k < 2; k++) {
        free(scope->copy[k]);
        free(scope->ids[k]);
    }
    memset(scope, 0, sizeof(*scope));
}

/* The problems slr_check found, one line each (nothing was sent). */
static int rollout_problems(const struct rules_report *r)
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

int cli_rollout_config(const struct options *o, const struct session *s,
                       struct rollout_config *cfg,
                       struct cli_rollout_scope *scope)
{
    const struct catalog_entry *e;
    struct rules_report report;

    memset(cfg, 0, sizeof(*cfg));
    memset(scope, 0, sizeof(*scope));
    cfg->target.dbs = o->dbs;
    if (!o->dbs) {
        e = catalog_find(&s->catalog, o->service);
        if (!e)
            report_error(_("note: %s is not in the catalogue; sending it "
                           "anyway (the cloud knows best)"), o->service);
        if (slr_check(e, o->suffix, o->description, NULL, &report, NULL))
            return rollout_problems(&report);
        cfg->target.service = o->service;
        cfg->target.suffix = o->suffix;
        cfg->target.description = o->description;
    }
    cfg->scope.all = !o->accounts || strcmp(o->accounts, "all") == 0;
    if (!cfg->scope.all) {
        if (rollout_ids(o->accounts, "--accounts", scope, 0))
            return EXIT_USAGE;
        cfg->scope.accounts = scope->ids[0];
        cfg->scope.naccounts = scope->n[0];
    }
    if (o->exclude) {
        if (rollout_ids(o->exclude, "--exclude", scope, 1))
            return EXIT_USAGE;
        cfg->scope.exclude = scope->ids[1];
        cfg->scope.nexclude = scope->n[1];
    }
    cfg->scope.folder = o->folder;
    cfg->concurrency = o->concurrency ? o->concurrency
                                      : ROLLOUT_CONCURRENCY_DEFAULT;
    cfg->plan = o->plan;
    cfg->resume = o->resume;
    cfg->cancel = &rollout_cancel;
    return EXIT_DONE;
}

int cli_rollout_open(const struct options *o, struct session *s,
                     const struct rollout_config *cfg, struct rollout **r)
{
    struct api_error err;

    memset(&err, 0, sizeof(err));
    if (rollout_new(s, cfg, r, &err) == 0)
        return EXIT_DONE;
    *r = NULL;
    /* The hints word the directory's own codes (no directory, no such
     * folder, not the management account). */
    return cli_report_error(o, s, &err, NULL, NULL);
}

/* Checks what rollout and export --rollout need of the command line
 * alone (before the session): a usage error is reported, exit 2. */
int cli_rollout_check(const struct options *o, bool export)
{
    if (o->nargs) {
        report_error(_("rollout takes no arguments; did you mean --accounts "
                       "%s?"), o->args[0]);
        return EXIT_USAGE;
    }
    if (o->dbs && export) {
        report_error(_("export --rollout takes --service only: there is no "
                       "Terraform resource for the DBS activation (use "
                       "'linkrole rollout --dbs')"));
        return EXIT_USAGE;
    }
    if (o->dbs && (o->service || (o->suffix && *o->suffix) ||
                   (o->description && *o->description))) {
        report_error(_("--dbs takes no --service, --suffix or --description "
                       "(the DBS activation makes AliyunServiceRoleForDBS)"));
        return EXIT_USAGE;
    }
    if (!o->dbs && !o->service) {
        report_error(export
                     ? _("export --rollout needs --service NAME")
                     : _("rollout needs --service NAME or --dbs (see "
                         "'linkrole services --search TERM' for names)"));
        return EXIT_USAGE;
    }
    if (o->service && cli_service_suggested(o))
        return EXIT_USAGE;
    if (o->service && !names_service_ok(o->service)) {
        report_error(_("'%s' is not a service name: service names look like "
                       "polardb.aliyuncs.com (lower-case letters, digits, "
                       "\".\" and \"-\")"), o->service);
        return EXIT_USAGE;
    }
    return EXIT_DONE;
}

/* The plan's counts, and the question; true to go on. */
static bool rollout_ask(struct rollout *plan)
{
    struct rollout_progress p;
    struct buf q;
    bool yes;

    rollout_progress(plan, &p);
    /* Nothing would change: no question (the run says what is there). */
    if (p.counts[ROLLOUT_WOULD_CREATE] == 0)
        return true;
    buf_init(&q, 4096);
    buf_printf(&q, _("%s in the Resource Directory %s: %zu member accounts; "
                     "it would be created in %zu, %zu have it already, "
                     "%zu cannot be entered, %zu were done before.\n"
                     "Go ahead?"),
               rollout_role_name(plan), rollout_directory_id(plan), p.total,
               p.counts[ROLLOUT_WOULD_CREATE], p.counts[ROLLOUT_EXISTS],
               p.counts[ROLLOUT_NO_ENTRY] + p.counts[ROLLOUT_REFUSED] +
               p.counts[ROLLOUT_BUSY] + p.counts[ROLLOUT_FAILED],
               p.counts[ROLLOUT_SKIPPED]);
    yes = cli_confirm(buf_str(&q));
    buf_free(&q);
    if (!yes)
        report_error(_("nothing was changed"));
    return yes;
}

/* Runs r to its end, following it; an error starting is reported. */
static int rollout_run(struct rollout *r, const struct options *o)
{
    struct buf msg;
    int rc = EXIT_DONE;

    buf_init(&msg, 1024);
    if (rollout_start(r, &msg)) {
        report_error("%s", buf_str(&msg));
        rc = EXIT_INTERNAL;
    } else {
        cli_rollout_follow(r, o);
    }
    buf_free(&msg);
    return rc;
}

int cli_rollout(const struct options *o)
{
    struct session s;
    struct rollout_config cfg;
    struct cli_rollout_scope scope;
    struct rollout *r = NULL;
    struct sigaction sa, old;
    bool have_old = false;
    int rc;

    if ((rc = cli_rollout_check(o, false)) != EXIT_DONE)
        return rc;
    if (!cli_open(&s, o, true, &rc))
        return rc;
    rc = cli_rollout_config(o, &s, &cfg, &scope);
    if (rc != EXIT_DONE)
        goto out;
    rollout_cancel = 0;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = rollout_on_sigint;
    sa.sa_flags = (int)SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    have_old = sigaction(SIGINT, &sa, &old) == 0;
    if (!o->plan && cli_asks(o)) {
        struct rollout_config look = cfg;

        look.plan = true;
        if ((rc = cli_rollout_open(o, &s, &look, &r)) != EXIT_DONE)
            goto out;
        if ((rc = rollout_run(r, o)) != EXIT_DONE)
            goto out;
        if (rollout_cancel) {
            rc = 130;
            goto out;
        }
        if (!rollout_ask(r)) {
            rc = EXIT_DONE;
            goto out;
        }
        rollout_free(r);
        r = NULL;
    }
    if ((rc = cli_rollout_open(o, &s, &cfg, &r)) != EXIT_DONE)
        goto out;
    if ((rc = rollout_run(r, o)) != EXIT_DONE)
        goto out;
    rc = cli_rollout_summary(r, o, &cfg);
    if (rollout_cancel && rc != EXIT_INTERNAL) {
        struct rollout_progress p;

        rollout_progress(r, &p);
        report_error(_n("stopped: %zu account was not done; the same "
                        "command with --resume goes on",
                        "stopped: %zu accounts were not done; the same "
                        "command with --resume goes on",
                        p.counts[ROLLOUT_CANCELLED]),
                     p.counts[ROLLOUT_CANCELLED]);
        rc = 130;
    }
out:
    if (r)
        rollout_free(r);
    if (have_old)
        sigaction(SIGINT, &old, NULL);
    cli_rollout_scope_free(&scope);
    session_close(&s);
    return rc;
}
