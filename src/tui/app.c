/* app — the terminal UI's state, its background jobs and the wiring of
 * the screens to the loop. */
#include "config.h"

#include "tui/tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/exit.h"
#include "app/i18n.h"
#include "app/scrub.h"
#include "core/equiv.h"
#include "core/text.h"
#include "tui/app.h"
#include "tui/loop.h"
#include "tui/term.h"

/* Long enough to see the progress line, short enough not to bore. */
#define APP_DEMO_DELAY_MS 600

void app_error(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("linkrole: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void app_job_free(struct app_job *j)
{
    if (!j)
        return;
    free(j->service);
    free(j->suffix);
    free(j->description);
    free(j->role_name);
    api_role_result_free(&j->role);
    api_identity_free(&j->id);
    api_dbs_init_free(&j->dbs);
    for (size_t i = 0; i < j->nnames; i++)
        free(j->names[i]);
    free(j->names);
    free(j);
}

static void app_job_discard(struct worker_job *job)
{
    app_job_free((struct app_job *)job);
}

static void app_job_cancel(struct worker_job *job)
{
    ((struct app_job *)job)->cancel = 1;
}

/* Every role name in the account. */
static void app_job_list(struct app_job *j)
{
    struct slr_role_list l;

    j->rc = slr_list(j->client, &l, &j->err);
    if (j->rc)
        return;
    j->names = calloc(l.count + 1, sizeof(*j->names));
    if (!j->names)
        j->rc = -1;
    for (size_t i = 0; j->names && i < l.count; i++)
        if (l.roles[i].role_name &&
            (j->names[j->nnames] = strdup(l.roles[i].role_name)))
            j->nnames++;
    slr_role_list_free(&l);
}

/* On the worker thread: touches nothing but the job and the client,
 * which only this thread uses once the UI runs. */
static void app_job_run(struct worker_job *job)
{
    struct app_job *j = (struct app_job *)job;

    j->client->cancel = &j->cancel;
    switch (j->kind) {
    case APP_JOB_LIST:
        app_job_list(j);
        break;
    case APP_JOB_IDENTITY:
    case APP_JOB_DBS_IDENTITY:
        j->rc = api_caller_identity(j->client, &j->id, &j->err);
        break;
    case APP_JOB_DBS_GET:
        j->rc = api_get_role(j->client, j->role_name, &j->role, &j->err);
        break;
    case APP_JOB_DBS_INIT:
        j->rc = slr_dbs_init(j->client, &j->dbs, &j->err);
        break;
    case APP_JOB_CREATE: {
        /* The role is there already: show it rather than an error. */
        struct slr_create_request req = { j->service, j->suffix,
                                          j->description, j->role_name,
                                          true };

        j->rc = slr_create(j->client, &req, &j->role, &j->outcome,
                           &j->err);
        break;
    }
    }
    /* The cloud's message may echo what was sent: scrubbed here, beside
     * the secrets in use (the list changes with each fetch). */
    if (j->rc)
        scrub_error(&j->err);
}

static struct app_job *app_job_new(struct app *a, enum app_job_kind kind)
{
    struct app_job *j = calloc(1, sizeof(*j));

    if (!j)
        return NULL;
    j->base.run = app_job_run;
    j->kind = kind;
    j->client = &a->session.client;
    return j;
}

static char *app_strdup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

long app_elapsed_ms(const struct app *a)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - a->started.tv_sec) * 1000 +
           (now.tv_nsec - a->started.tv_nsec) / 1000000;
}

void app_submit(struct app *a)
{
    struct app_job *j = app_job_new(a, APP_JOB_CREATE);
    char name[1100];

    form_role_name(a, name, sizeof(name));
    if (j) {
        j->service = strdup(a->entry->service_name);
        j->suffix = app_strdup_or_null(a->suffix.text);
        j->description = app_strdup_or_null(a->desc.text);
        j->role_name = strdup(name);
    }
    if (!j || !j->service || !j->role_name ||
        (a->suffix.len && !j->suffix) || (a->desc.len && !j->description)) {
        app_job_free(j);
        snprintf(a->status, sizeof(a->status), "out of memory");
        a->status_role = DRAW_ERROR;
        return;
    }
    a->current = j;
    a->busy = true;
    a->status[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &a->started);
    worker_submit_first(a->worker, &j->base);
}

int app_run_job(struct app *a, enum app_job_kind kind, const char *role_name)
{
    struct app_job *j = app_job_new(a, kind);

    if (!j)
        return -1;
    if (role_name && !(j->role_name = strdup(role_name))) {
        app_job_free(j);
        return -1;
    }
    a->current = j;
    a->busy = true;
    clock_gettime(CLOCK_MONOTONIC, &a->started);
    worker_submit_first(a->worker, &j->base);
    return 0;
}

void app_cancel(struct app *a)
{
    struct app_job *j = a->current;

    if (!a->busy || !j)
        return;
    j->cancel = 1;
    /* Not started yet: it ends now, as cancelled. */
    if (worker_withdraw(a->worker, &j->base)) {
        j->rc = -1;
        j->err.kind = API_ERR_CANCELLED;
    }
}

void app_back_to_picker(struct app *a)
{
    a->screen = APP_PICKER;
    a->scroll = 0;
}

const char *app_product(const struct app *a, const struct catalog_entry *e)
{
    return slr_product(e, a->opts->lang);
}

void app_header(struct app *a, int cols)
{
    char left[512], right[128];
    int x = 0, rw;

    draw_fill(0, 0, cols, DRAW_HEADER, "");
    x += draw_put(0, x, cols, DRAW_HEADER, " linkrole ");
    if (a->opts->demo) {
        x += draw_put(0, x, cols - x, DRAW_BADGE, " DEMO ");
        x++;
    }
    switch (a->id_state) {
    case APP_ID_OK:
        snprintf(left, sizeof(left), _("account %s"), a->account);
        break;
    case APP_ID_FAILED:
        snprintf(left, sizeof(left), "%s", _("account unknown"));
        break;
    case APP_ID_LOADING:
        snprintf(left, sizeof(left), "%s", _("account ..."));
        break;
    }
    if (!a->have_session)
        snprintf(left, sizeof(left), "%s", _("no credentials"));
    snprintf(right, sizeof(right), _(" region %s "),
             a->have_session && a->session.region ? a->session.region : "-");
    rw = (int)text_cols(right);
    x += draw_put(0, x, cols - x - rw, DRAW_HEADER, left);
    if (a->have_session && x + 3 < cols - rw) {
        x += draw_put(0, x, cols - x - rw, DRAW_HEADER, " | ");
        draw_put(0, x, cols - x - rw - 1, DRAW_HEADER, a->session.creds_source);
    }
    draw_put(0, cols - rw, rw, DRAW_HEADER, right);
}

static void app_existing_free(struct app *a)
{
    for (size_t i = 0; i < a->nexisting; i++)
        free(a->existing[i]);
    free(a->existing);
    a->existing = NULL;
    a->nexisting = 0;
}

/* A role made here is in the account now: mark it without asking. */
static void app_existing_add(struct app *a, const char *name)
{
    char **grown;

    if (!name || !a->have_existing)
        return;
    for (size_t i = 0; i < a->nexisting; i++)
        if (strcasecmp(a->existing[i], name) == 0)
            return;
    grown = realloc(a->existing, (a->nexisting + 1) * sizeof(*grown));
    if (!grown)
        return;
    a->existing = grown;
    if ((a->existing[a->nexisting] = strdup(name)))
        a->nexisting++;
}

const char *app_existing(const struct app *a, const struct catalog_entry *e)
{
    for (size_t i = 0; i < a->nexisting; i++)
        if (slr_role_is_of(e, a->existing[i]))
            return a->existing[i];
    return NULL;
}

/* --- job completion ---------------------------------------------------- */

void app_show_error(struct app *a, const struct api_error *e,
                    const char *service, const char *role_name)
{
    explain_error(&a->error, e, service, role_name);
    a->scroll = 0;
    a->screen = APP_ERROR;
}

static void app_create_done(struct app *a, struct app_job *j)
{
    a->busy = false;
    if (j->rc && j->err.kind == API_ERR_CANCELLED) {
        snprintf(a->status, sizeof(a->status), _("Cancelled after %.1fs: "
                 "nothing more will be sent (the cloud may still have made "
                 "the role; 'linkrole get %s' tells)"),
                 (double)app_elapsed_ms(a) / 1000.0, j->role_name);
        a->status_role = DRAW_WARNING;
        return;
    }
    if (j->rc) {
        /* Remembered, so the form says so next time, in later runs too. */
        if (j->err.kind == API_ERR_CLOUD && j->service &&
            strcmp(j->err.code, "InvalidParameter.CustomSuffix.NotAllowed")
                == 0)
            refusals_add(&a->refusals, j->service);
        app_show_error(a, &j->err, j->service, j->role_name);
        return;
    }
    a->banner[0] = '\0';
    app_show_role(a, j);
}

/* The same role as Terraform and the aliyun CLI would make it. */
static void app_equiv(struct app *a, const struct app_job *j)
{
    const char *name = a->role.role.role_name;
    int rc;

    buf_reset(&a->equiv);
    rc = buf_printf(&a->equiv, "%s\n\n", _("Terraform:"));
    if (j->kind == APP_JOB_CREATE) {
        rc = rc || equiv_terraform(&a->equiv, j->service, j->suffix,
                                   j->description, name);
        rc = rc || buf_printf(&a->equiv, "\n%s\n\n", _("aliyun CLI:"));
        rc = rc || equiv_aliyun_cli(&a->equiv, j->service, j->suffix,
                                    j->description);
    } else {
        rc = rc || equiv_terraform(&a->equiv, SLR_DBS_SERVICE, NULL, NULL,
                                   name);
        rc = rc || buf_printf(&a->equiv, "\n%s\n\n", _("aliyun CLI:"));
        rc = rc || equiv_aliyun_cli_dbs(&a->equiv, a->session.region);
    }
    if (rc) {
        buf_reset(&a->equiv);
        buf_printf(&a->equiv, "%s\n", _("(out of room)"));
    }
}

void app_show_role(struct app *a, struct app_job *j)
{
    api_role_result_free(&a->role);
    a->role = j->role;
    memset(&j->role, 0, sizeof(j->role));
    a->have_role = true;
    a->existed = j->outcome != SLR_CREATED;
    app_existing_add(a, a->role.role.role_name);
    if (a->have_json)
        jsonview_free(&a->json);
    a->have_json = a->role.role.policy_document &&
                   jsonview_build(&a->json, a->role.role.policy_document,
                                  strlen(a->role.role.policy_document)) == 0;
    a->scroll = 0;
    a->show_equiv = false;
    a->prompt = false;
    a->status[0] = '\0';
    app_equiv(a, j);
    a->screen = APP_RESULT;
}

static void app_wake(void *ctx)
{
    struct app *a = ctx;
    struct worker_job *job;

    while ((job = worker_take(a->worker))) {
        struct app_job *j = (struct app_job *)job;

        if (j == a->current)
            a->current = NULL;
        if (j->kind == APP_JOB_LIST) {
            if (!j->rc) {
                app_existing_free(a);
                a->existing = j->names;
                a->nexisting = j->nnames;
                a->have_existing = true;
                j->names = NULL;
                j->nnames = 0;
            }
        } else if (j->kind == APP_JOB_IDENTITY) {
            a->id_state = j->rc ? APP_ID_FAILED : APP_ID_OK;
            if (!j->rc)
                snprintf(a->account, sizeof(a->account), "%s",
                         j->id.account_id ? j->id.account_id : "?");
        } else if (j->kind == APP_JOB_CREATE) {
            app_create_done(a, j);
        } else {
            onboard_job_done(a, j);
        }
        app_job_free(j);
    }
}

/* --- the loop's callbacks ---------------------------------------------- */

static unsigned app_screen_bit(void *ctx, bool *text)
{
    struct app *a = ctx;

    *text = false;
    switch (a->screen) {
    case APP_NOCREDS:
        return KEYS_SCR_NOCREDS;
    case APP_PICKER:
        *text = true;
        return KEYS_SCR_PICKER;
    case APP_FORM:
        *text = !a->busy && a->focus != APP_FOCUS_BUTTON;
        return a->busy ? KEYS_SCR_FORM | KEYS_SCR_BUSY : KEYS_SCR_FORM;
    case APP_RESULT:
        *text = a->prompt;
        return a->prompt ? KEYS_SCR_PROMPT : KEYS_SCR_RESULT;
    case APP_ERROR:
        return KEYS_SCR_ERROR;
    case APP_DBS:
        return a->busy ? KEYS_SCR_DBS | KEYS_SCR_BUSY : KEYS_SCR_DBS;
    }
    return 0;
}

static void app_draw(void *ctx, int rows, int cols)
{
    struct app *a = ctx;

    a->rows = rows;
    a->cols = cols;
    switch (a->screen) {
    case APP_NOCREDS:
        nocreds_draw(a, rows, cols);
        break;
    case APP_PICKER:
        picker_draw(a, rows, cols);
        break;
    case APP_FORM:
        form_draw(a, rows, cols);
        break;
    case APP_RESULT:
        result_draw(a, rows, cols);
        break;
    case APP_ERROR:
        error_draw(a, rows, cols);
        break;
    case APP_DBS:
        onboard_draw(a, rows, cols);
        break;
    }
}

static int app_start(struct app *a);

static void app_handle(void *ctx, const struct tui_input *in)
{
    struct app *a = ctx;

    switch (a->screen) {
    case APP_NOCREDS:
        if (in->action == TUI_ACT_QUIT) {
            a->quit = true;
        } else if (in->action == TUI_ACT_DEMO) {
            a->opts->demo = true;
            if (app_start(a))
                snprintf(a->nocreds, sizeof(a->nocreds), "%s",
                         _("The demo account could not be set up."));
        }
        break;
    case APP_PICKER:
        picker_handle(a, in);
        break;
    case APP_FORM:
        form_handle(a, in);
        break;
    case APP_RESULT:
        result_handle(a, in);
        break;
    case APP_ERROR:
        error_handle(a, in);
        break;
    case APP_DBS:
        onboard_handle(a, in);
        break;
    }
}

/* The worker appears late when demo mode is chosen on the way. */
static int app_wake_fd(void *ctx)
{
    struct app *a = ctx;

    return a->worker ? worker_fd(a->worker) : -1;
}

static bool app_busy(void *ctx)
{
    struct app *a = ctx;

    return a->worker && worker_pending(a->worker) > 0;
}

static bool app_done(void *ctx)
{
    return ((struct app *)ctx)->quit;
}

static void app_warn_line(void *ctx, const char *line)
{
    (void)ctx;
    app_error(_("warning: %s"), line);
}

/* Opens the session (the real one, or the demo after the no-credentials
 * screen).  Returns EXIT_DONE, or the exit code with the reason printed
 * (the UI has not started yet).  No log hook: nothing may write to the
 * terminal while curses draws. */
static int app_open_session(struct app *a)
{
    struct session_hooks hooks = { NULL, app_warn_line, NULL };
    struct buf msg;
    int rc;

    if (a->opts->demo && !getenv("LINKROLE_TUI_SCRIPT") &&
        !a->opts->demo_delay_ms)
        a->opts->demo_delay_ms = APP_DEMO_DELAY_MS;
    buf_init(&msg, 4096);
    rc = session_open(&a->session, a->opts, true, &hooks, &msg);
    if (rc == SESSION_DRY_RUN_ONLY) {
        /* --dry-run with credentials that must be fetched: the request
         * that would fetch them is all there is to show. */
        struct buf safe;

        buf_init(&safe, 2u << 20);
        if (scrub_text(&safe, buf_str(&a->session.dry_run)) == 0)
            fputs(buf_str(&safe), stdout);
        buf_free(&safe);
        session_close(&a->session);
        app_error("%s", buf_str(&msg));
    } else if (rc != EXIT_DONE) {
        app_error("%s", buf_str(&msg));
    } else {
        a->have_session = true;
    }
    buf_free(&msg);
    return rc;
}

static int app_start(struct app *a)
{
    struct app_job *j;

    if (!a->have_session && app_open_session(a) != EXIT_DONE)
        return -1;
    a->hits = calloc(a->session.catalog.count + 1, sizeof(*a->hits));
    a->worker = worker_new();
    if (!a->hits || !a->worker)
        return -1;
    picker_refilter(a);
    refusals_load(&a->refusals);
    a->screen = APP_PICKER;
    a->id_state = APP_ID_LOADING;
    j = app_job_new(a, APP_JOB_IDENTITY);
    if (!j)
        return -1;
    worker_submit(a->worker, &j->base);
    j = app_job_new(a, APP_JOB_LIST);
    if (!j)
        return -1;
    worker_submit(a->worker, &j->base);
    return 0;
}

static void app_free(struct app *a)
{
    if (a->worker)
        worker_cancel_running(a->worker, app_job_cancel);
    worker_free(a->worker, app_job_discard);
    app_existing_free(a);
    refusals_free(&a->refusals);
    free(a->hits);
    form_free(a);
    api_role_result_free(&a->role);
    if (a->have_json)
        jsonview_free(&a->json);
    explain_free(&a->error);
    buf_free(&a->equiv);
    if (a->have_session)
        session_close(&a->session);
}

int tui_run(struct options *o, bool dbs_guide)
{
    struct app a;
    struct term_config cfg = { o->no_color, getenv("LINKROLE_TUI_SCRIPT") };
    struct loop_app loop = { &a, app_screen_bit, app_draw, app_handle,
                           app_wake_fd, app_wake, app_busy, app_done };
    struct buf why;
    int rc;

    if (cfg.script && !*cfg.script)
        cfg.script = NULL;
    buf_init(&why, 4096);
    memset(&a, 0, sizeof(a));
    a.opts = o;
    explain_init(&a.error);
    buf_init(&a.equiv, 1u << 16);
    if (term_check(&cfg, &why)) {
        app_error("%s", buf_str(&why));
        rc = EXIT_USAGE;
        goto out;
    }
    if (form_init(&a)) {
        app_error("%s", _("out of memory"));
        rc = EXIT_INTERNAL;
        goto out;
    }
    rc = app_open_session(&a);
    if (rc == EXIT_CREDENTIALS && !o->demo) {
        /* Offer the demo rather than fail: the reason was printed. */
        a.screen = APP_NOCREDS;
    } else if (rc != EXIT_DONE) {
        if (rc == SESSION_DRY_RUN_ONLY)
            rc = EXIT_DONE;
        goto out;
    } else if (app_start(&a)) {
        app_error("%s", _("cannot start the terminal UI: out of memory"));
        rc = EXIT_INTERNAL;
        goto out;
    } else if (dbs_guide) {
        onboard_start(&a);
    }
    if (term_open(&cfg, &why)) {
        app_error("%s", buf_str(&why));
        rc = EXIT_USAGE;
        goto out;
    }
    rc = loop_run(&loop);
    term_close();
    rc = rc < 0 ? EXIT_USAGE : rc;
out:
    app_free(&a);
    buf_free(&why);
    return rc;
}
