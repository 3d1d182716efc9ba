/* onboard — the DBS guide: five visible steps from "are these
 * credentials good" to "AliyunServiceRoleForDBS exists", where "already
 * activated" is a success like any other. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/i18n.h"
#include "cloud/errors.h"
#include "tui/app.h"

static const char *const onboard_titles[DBS_STEP_COUNT] = {
    N_("Check the credentials"),
    N_("Is DBS activated?"),
    N_("Confirm"),
    N_("Activate DBS"),
    N_("Verify"),
};

static const char *onboard_role(const struct app *a)
{
    return slr_dbs_role(&a->session.catalog);
}

static void onboard_note(struct app *a, enum dbs_step s, enum dbs_state st,
                         const char *note)
{
    a->dbs_state[s] = st;
    snprintf(a->dbs_note[s], sizeof(a->dbs_note[s]), "%s", note);
}

/* Runs step s's call, or stops the guide with what went wrong. */
static void onboard_run(struct app *a, enum dbs_step s)
{
    static const enum app_job_kind kinds[DBS_STEP_COUNT] = {
        APP_JOB_DBS_IDENTITY, APP_JOB_DBS_GET, APP_JOB_DBS_GET,
        APP_JOB_DBS_INIT, APP_JOB_DBS_GET
    };

    a->dbs_step = s;
    if (s == DBS_STEP_CONFIRM) {
        onboard_note(a, s, DBS_RUNNING, _("waiting for you: Enter to go on"));
        return;
    }
    onboard_note(a, s, DBS_RUNNING, "...");
    if (app_run_job(a, kinds[s], kinds[s] == APP_JOB_DBS_GET
                                     ? onboard_role(a) : NULL))
        onboard_note(a, s, DBS_FAILED, _("out of memory"));
}

void onboard_start(struct app *a)
{
    for (int s = 0; s < DBS_STEP_COUNT; s++)
        onboard_note(a, (enum dbs_step)s, DBS_TODO, "");
    a->dbs_already = false;
    a->dbs_finished = false;
    a->status[0] = '\0';
    a->screen = APP_DBS;
    onboard_run(a, DBS_STEP_CREDS);
}

/* The end: the role, in the result pane, under the guide's banner. */
static void onboard_finish(struct app *a, struct app_job *j)
{
    a->dbs_finished = true;
    app_show_role(a, j);
    a->existed = a->dbs_already;
    snprintf(a->banner, sizeof(a->banner),
             a->dbs_already ? _("DBS was already activated: %s exists, "
                                "nothing was changed")
                            : _("DBS activated: %s was created and "
                                "verified"), onboard_role(a));
}

static void onboard_failed(struct app *a, struct app_job *j)
{
    enum dbs_step s = a->dbs_step;

    if (j->err.kind == API_ERR_CANCELLED) {
        onboard_note(a, s, DBS_FAILED, _("cancelled; Enter starts again"));
        return;
    }
    onboard_note(a, s, DBS_FAILED, j->err.code[0] ? j->err.code
                                                  : _("failed"));
    app_show_error(a, &j->err, SLR_DBS_SERVICE,
                   j->role_name ? j->role_name : NULL);
}

void onboard_job_done(struct app *a, struct app_job *j)
{
    enum dbs_step s = a->dbs_step;
    char note[160];

    a->busy = false;
    if (s == DBS_STEP_CHECK && j->rc && j->err.kind == API_ERR_CLOUD &&
        errors_classify(j->err.code) == ERRORS_NOT_FOUND) {
        snprintf(note, sizeof(note), _("%s does not exist yet"),
                 onboard_role(a));
        onboard_note(a, s, DBS_OK, note);
        onboard_run(a, DBS_STEP_CONFIRM);
        return;
    }
    if (j->rc) {
        onboard_failed(a, j);
        return;
    }
    switch (s) {
    case DBS_STEP_CREDS:
        snprintf(note, sizeof(note), _("account %s (%s)"),
                 j->id.account_id ? j->id.account_id : "?",
                 j->id.identity_type ? j->id.identity_type : "?");
        onboard_note(a, s, DBS_OK, note);
        onboard_run(a, DBS_STEP_CHECK);
        break;
    case DBS_STEP_CHECK:
        /* It is there: DBS was activated before.  A success. */
        snprintf(note, sizeof(note), _("%s exists: already activated"),
                 onboard_role(a));
        onboard_note(a, s, DBS_OK, note);
        onboard_note(a, DBS_STEP_CONFIRM, DBS_SKIPPED, _("not needed"));
        onboard_note(a, DBS_STEP_INIT, DBS_SKIPPED, _("not needed"));
        onboard_note(a, DBS_STEP_VERIFY, DBS_OK, _("the role is there"));
        a->dbs_already = true;
        onboard_finish(a, j);
        break;
    case DBS_STEP_INIT:
        if (j->dbs.already)
            a->dbs_already = true;
        onboard_note(a, s, DBS_OK, j->dbs.already
                                       ? _("the cloud says: already "
                                           "activated")
                                       : _("InitializeDbsServiceLinkedRole "
                                           "succeeded"));
        onboard_run(a, DBS_STEP_VERIFY);
        break;
    case DBS_STEP_VERIFY:
        snprintf(note, sizeof(note), _("%s exists"), onboard_role(a));
        onboard_note(a, s, DBS_OK, note);
        onboard_finish(a, j);
        break;
    case DBS_STEP_CONFIRM:
    case DBS_STEP_COUNT:
        break;
    }
}

static const char *onboard_mark(enum dbs_state st)
{
    switch (st) {
    case DBS_RUNNING:
        return "[>]";
    case DBS_OK:
        return "[x]";
    case DBS_SKIPPED:
        return "[-]";
    case DBS_FAILED:
        return "[!]";
    case DBS_TODO:
        break;
    }
    return "[ ]";
}

static enum draw_role onboard_mark_role(enum dbs_state st)
{
    switch (st) {
    case DBS_RUNNING:
        return DRAW_WARNING;
    case DBS_OK:
        return DRAW_OK;
    case DBS_FAILED:
        return DRAW_ERROR;
    case DBS_SKIPPED:
    case DBS_TODO:
        break;
    }
    return DRAW_DIM;
}

void onboard_draw(struct app *a, int rows, int cols)
{
    const struct catalog_entry *e = catalog_find(&a->session.catalog,
                                                 SLR_DBS_SERVICE);
    int y = 2, w = cols - 4;
    char buf[512];

    app_header(a, cols);
    draw_put(y++, 2, w, DRAW_TITLE, _("Activate Database Backup (DBS)"));
    y++;
    for (int s = 0; s < DBS_STEP_COUNT; s++) {
        enum dbs_state st = a->dbs_state[s];

        draw_put(y, 2, 3, onboard_mark_role(st), onboard_mark(st));
        snprintf(buf, sizeof(buf), "%d. %s", s + 1, _(onboard_titles[s]));
        draw_put(y, 6, 26, s == (int)a->dbs_step ? DRAW_TITLE : DRAW_NORMAL, buf);
        draw_put(y++, 33, cols - 34, st == DBS_FAILED ? DRAW_ERROR : DRAW_DIM,
               a->dbs_note[s]);
    }
    y++;
    if (a->busy) {
        long ms = app_elapsed_ms(a);

        snprintf(buf, sizeof(buf), _("%s %s ... %ld.%lds  (Esc cancels)"),
                 draw_spinner(ms), _(onboard_titles[a->dbs_step]), ms / 1000,
                 (ms % 1000) / 100);
        draw_put(y++, 2, w, DRAW_WARNING, buf);
    } else if (a->dbs_step == DBS_STEP_CONFIRM &&
               a->dbs_state[DBS_STEP_CONFIRM] == DBS_RUNNING) {
        snprintf(buf, sizeof(buf), _("DBS needs the service-linked role %s "
                                     "to reach your databases."),
                 onboard_role(a));
        y += draw_wrap(y, 2, w, 2, DRAW_NORMAL, buf);
        if (e && e->purpose)
            y += draw_wrap(y, 2, w, 4, DRAW_DIM, e->purpose);
        y++;
        snprintf(buf, sizeof(buf), _("Policy: %s.  Region: %s."),
                 e && e->policy_name ? e->policy_name : SLR_DBS_POLICY,
                 a->session.region ? a->session.region : "-");
        draw_put(y++, 2, w, DRAW_NORMAL, buf);
        y++;
        draw_wrap(y, 2, w, 2, DRAW_TITLE,
                _("Press Enter to activate DBS "
                  "(InitializeDbsServiceLinkedRole), Esc to go back."));
    } else if (a->dbs_state[a->dbs_step] == DBS_FAILED) {
        draw_put(y++, 2, w, DRAW_ERROR, _("The guide stopped here; Enter "
                                      "starts it again, Esc goes back."));
    }
    (void)rows;
    widgets_footer(a->busy ? KEYS_SCR_DBS | KEYS_SCR_BUSY : KEYS_SCR_DBS, rows, cols);
}

void onboard_handle(struct app *a, const struct tui_input *in)
{
    switch (in->action) {
    case TUI_ACT_QUIT:
        a->quit = true;
        break;
    case TUI_ACT_CANCEL:
        app_cancel(a);
        break;
    case TUI_ACT_BACK:
        if (!a->busy)
            app_back_to_picker(a);
        break;
    case TUI_ACT_OPEN:
        if (a->busy)
            break;
        if (a->dbs_step == DBS_STEP_CONFIRM &&
            a->dbs_state[DBS_STEP_CONFIRM] == DBS_RUNNING) {
            onboard_note(a, DBS_STEP_CONFIRM, DBS_OK, "confirmed");
            onboard_run(a, DBS_STEP_INIT);
        } else if (a->dbs_state[a->dbs_step] == DBS_FAILED) {
            onboard_start(a);
        }
        break;
    default:
        break;
    }
}
