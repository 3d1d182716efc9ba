/* dbs — the DBS guide: five visible steps from "are these credentials
 * good" to "AliyunServiceRoleForDBS exists", where "already activated" is
 * a success like any other. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "core/text.h"
#include "app/slr.h"
#include "cloud/errors.h"
#include "tui/jobs.h"
#include "tui/state.h"

/* The guide's steps, in order. */
enum dbs_step {
    DBS_STEP_CREDS,         /* GetCallerIdentity */
    DBS_STEP_CHECK,         /* GetRole AliyunServiceRoleForDBS */
    DBS_STEP_CONFIRM,       /* explain, and ask */
    DBS_STEP_INIT,          /* InitializeDbsServiceLinkedRole */
    DBS_STEP_VERIFY,        /* GetRole again */
    DBS_STEP_COUNT
};

enum dbs_state { DBS_TODO, DBS_RUNNING, DBS_OK, DBS_SKIPPED, DBS_FAILED };

struct dbs {
    enum dbs_step step;
    enum dbs_state state[DBS_STEP_COUNT];
    /* Each step's note: an N_() format worded when drawn (so it follows
     * the language) with its two %s; NULL: arg[0] as it is. */
    const char *note[DBS_STEP_COUNT];
    char arg[DBS_STEP_COUNT][2][128];
    bool already;               /* it was activated before the guide */
};

static struct dbs *dbs_of(const struct tui *t)
{
    return t->state[SCREEN_DBS];
}

static const char *const dbs_titles[DBS_STEP_COUNT] = {
    N_("Check the credentials"),
    N_("Is DBS activated?"),
    N_("Confirm"),
    N_("Activate DBS"),
    N_("Verify"),
};

static const char *dbs_role(const struct tui *t)
{
    return slr_dbs_role(&t->session.catalog);
}

static void dbs_note(struct dbs *d, enum dbs_step s, enum dbs_state st,
                     const char *note, const char *a, const char *b)
{
    d->state[s] = st;
    d->note[s] = note;
    snprintf(d->arg[s][0], sizeof(d->arg[s][0]), "%s", a ? a : "");
    snprintf(d->arg[s][1], sizeof(d->arg[s][1]), "%s", b ? b : "");
}

/* Step s's note in the language of now. */
static void dbs_note_text(const struct dbs *d, int s, char *out,
                          size_t size)
{
    if (d->note[s])
        draw_words(out, size, d->note[s], d->arg[s][0], d->arg[s][1]);
    else
        snprintf(out, size, "%s", d->arg[s][0]);
}

static void dbs_job_done(struct tui *t, struct tui_job *j);

/* Runs step s's call, or stops the guide with what went wrong. */
static void dbs_run(struct tui *t, enum dbs_step s)
{
    static const enum job_kind kinds[DBS_STEP_COUNT] = {
        JOB_IDENTITY, JOB_GET_ROLE, JOB_GET_ROLE, JOB_DBS_INIT, JOB_GET_ROLE
    };
    struct dbs *d = dbs_of(t);
    struct tui_job *j;

    d->step = s;
    if (s == DBS_STEP_CONFIRM) {
        dbs_note(d, s, DBS_RUNNING, N_("waiting for you: Enter to go on"),
                 NULL, NULL);
        return;
    }
    dbs_note(d, s, DBS_RUNNING, NULL, "...", NULL);
    j = jobs_new(t, kinds[s], dbs_job_done);
    if (j && kinds[s] == JOB_GET_ROLE &&
        !(j->role_name = strdup(dbs_role(t)))) {
        jobs_free(j);
        j = NULL;
    }
    if (!j) {
        dbs_note(d, s, DBS_FAILED, N_("out of memory"), NULL, NULL);
        return;
    }
    jobs_start(t, j);
}

void dbs_start(struct tui *t)
{
    struct dbs *d = dbs_of(t);

    for (int s = 0; s < DBS_STEP_COUNT; s++)
        dbs_note(d, (enum dbs_step)s, DBS_TODO, NULL, NULL, NULL);
    d->already = false;
    tui_status_clear(t);
    screens_show(t, SCREEN_DBS);
    dbs_run(t, DBS_STEP_CREDS);
}

/* The end: the role, in the result pane, under the guide's banner. */
static void dbs_finish(struct tui *t, struct tui_job *j)
{
    struct dbs *d = dbs_of(t);
    char banner[256];

    snprintf(banner, sizeof(banner), "%s", dbs_role(t));
    result_show(t, j, d->already,
                d->already ? N_("DBS was already activated: %s exists, "
                                "nothing was changed")
                           : N_("DBS activated: %s was created and verified"),
                banner);
}

static void dbs_failed(struct tui *t, struct tui_job *j)
{
    struct dbs *d = dbs_of(t);

    if (j->err.kind == API_ERR_CANCELLED) {
        dbs_note(d, d->step, DBS_FAILED, N_("cancelled; Enter starts again"),
                 NULL, NULL);
        return;
    }
    if (j->err.code[0])
        dbs_note(d, d->step, DBS_FAILED, NULL, j->err.code, NULL);
    else
        dbs_note(d, d->step, DBS_FAILED, N_("failed"), NULL, NULL);
    /* The hint and the policy name the service. */
    if (!j->service)
        j->service = strdup(SLR_DBS_SERVICE);
    error_show_job(t, j);
}

static void dbs_job_done(struct tui *t, struct tui_job *j)
{
    struct dbs *d = dbs_of(t);
    enum dbs_step s = d->step;

    if (s == DBS_STEP_CHECK && j->rc && j->err.kind == API_ERR_CLOUD &&
        errors_classify(j->err.code) == ERRORS_NOT_FOUND) {
        dbs_note(d, s, DBS_OK, N_("%s does not exist yet"), dbs_role(t),
                 NULL);
        dbs_run(t, DBS_STEP_CONFIRM);
        return;
    }
    if (j->rc) {
        dbs_failed(t, j);
        return;
    }
    switch (s) {
    case DBS_STEP_CREDS:
        dbs_note(d, s, DBS_OK, N_("account %s (%s)"),
                 j->id.account_id ? j->id.account_id : "?",
                 j->id.identity_type ? j->id.identity_type : "?");
        dbs_run(t, DBS_STEP_CHECK);
        break;
    case DBS_STEP_CHECK:
        /* It is there: DBS was activated before.  A success. */
        dbs_note(d, s, DBS_OK, N_("%s exists: already activated"),
                 dbs_role(t), NULL);
        dbs_note(d, DBS_STEP_CONFIRM, DBS_SKIPPED, N_("not needed"), NULL,
                 NULL);
        dbs_note(d, DBS_STEP_INIT, DBS_SKIPPED, N_("not needed"), NULL,
                 NULL);
        dbs_note(d, DBS_STEP_VERIFY, DBS_OK, N_("the role is there"), NULL,
                 NULL);
        d->already = true;
        dbs_finish(t, j);
        break;
    case DBS_STEP_INIT:
        if (j->dbs.already)
            d->already = true;
        dbs_note(d, s, DBS_OK, j->dbs.already
                                   ? N_("the cloud says: already activated")
                                   : N_("InitializeDbsServiceLinkedRole "
                                        "succeeded"),
                 NULL, NULL);
        dbs_run(t, DBS_STEP_VERIFY);
        break;
    case DBS_STEP_VERIFY:
        dbs_note(d, s, DBS_OK, N_("%s exists"), dbs_role(t), NULL);
        dbs_finish(t, j);
        break;
    case DBS_STEP_CONFIRM:
    case DBS_STEP_COUNT:
        break;
    }
}

static const char *dbs_mark(enum dbs_state st)
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

static enum draw_role dbs_mark_role(enum dbs_state st)
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

/* The endpoint the request will go to, and the note when the region
 * has none of its own (as dbs-init says it).  Returns the rows used. */
static int dbs_draw_endpoint(const struct tui *t, int y, int w)
{
    struct buf where, note, line;
    int used = 0, shared;

    buf_init(&where, 1024);
    buf_init(&note, 1024);
    buf_init(&line, 2048);
    /* The note names the host itself: one line fewer on a small
     * terminal. */
    shared = slr_dbs_endpoint(&t->session.client, &where, &note);
    if (shared)
        used += draw_wrap(y, 2, w, 4, DRAW_NORMAL, buf_str(&note));
    else if (buf_printf(&line, _("Endpoint: %s."), buf_str(&where)) ==
             BUF_OK)
        draw_put(y + used++, 2, w, DRAW_NORMAL, buf_str(&line));
    buf_free(&where);
    buf_free(&note);
    buf_free(&line);
    return used;
}

/* What the guide waits for: "Press Enter to activate DBS". */
static void dbs_draw_confirm(const struct tui *t, int y, int w)
{
    const struct catalog_entry *e = catalog_find(&t->session.catalog,
                                                 SLR_DBS_SERVICE);
    char buf[512];

    snprintf(buf, sizeof(buf), _("DBS needs the service-linked role %s to "
                                 "reach your databases."), dbs_role(t));
    y += draw_wrap(y, 2, w, 2, DRAW_NORMAL, buf);
    if (e && slr_purpose(e, t->opts->lang))
        y += draw_wrap(y, 2, w, 4, DRAW_DIM, slr_purpose(e, t->opts->lang));
    y++;
    snprintf(buf, sizeof(buf), _("Policy: %s.  Region: %s."),
             e && e->policy_name ? e->policy_name : SLR_DBS_POLICY,
             t->session.region ? t->session.region : "-");
    draw_put(y++, 2, w, DRAW_NORMAL, buf);
    y += dbs_draw_endpoint(t, y, w);
    y++;
    draw_wrap(y, 2, w, 2, DRAW_TITLE,
              _("Press Enter to activate DBS "
                "(InitializeDbsServiceLinkedRole), Esc to go back."));
}

static void dbs_draw(struct tui *t, int rows, int cols)
{
    const struct dbs *d = dbs_of(t);
    int y = 2, w = cols - 4, tw = 26;
    char buf[512];

    (void)rows;
    tui_header(t, cols);
    draw_put(y++, 2, w, DRAW_TITLE, _("Activate Database Backup (DBS)"));
    y++;
    /* The notes line up after the widest step's title, as translated
     * (26 columns at least, as in English). */
    for (int s = 0; s < DBS_STEP_COUNT; s++) {
        snprintf(buf, sizeof(buf), "%d. %s", s + 1, _(dbs_titles[s]));
        if ((int)text_cols(buf) + 1 > tw)
            tw = (int)text_cols(buf) + 1;
    }
    for (int s = 0; s < DBS_STEP_COUNT; s++) {
        enum dbs_state st = d->state[s];

        draw_put(y, 2, 3, dbs_mark_role(st), dbs_mark(st));
        snprintf(buf, sizeof(buf), "%d. %s", s + 1, _(dbs_titles[s]));
        draw_put(y, 6, tw, s == (int)d->step ? DRAW_TITLE : DRAW_NORMAL,
                 buf);
        dbs_note_text(d, s, buf, sizeof(buf));
        draw_put(y++, 7 + tw, cols - 8 - tw,
                 st == DBS_FAILED ? DRAW_ERROR : DRAW_DIM, buf);
    }
    y++;
    if (t->busy) {
        long ms = jobs_elapsed_ms(t);

        snprintf(buf, sizeof(buf), _("%s %s ... %ld.%lds  (Esc cancels)"),
                 draw_spinner(ms), _(dbs_titles[d->step]), ms / 1000,
                 (ms % 1000) / 100);
        draw_put(y, 2, w, DRAW_WARNING, buf);
    } else if (d->step == DBS_STEP_CONFIRM &&
               d->state[DBS_STEP_CONFIRM] == DBS_RUNNING) {
        dbs_draw_confirm(t, y, w);
    } else if (d->state[d->step] == DBS_FAILED) {
        draw_put(y, 2, w, DRAW_ERROR, _("The guide stopped here; Enter "
                                        "starts it again, Esc goes back."));
    }
}

static enum tui_reaction dbs_handle(struct tui *t, const struct tui_input *in)
{
    struct dbs *d = dbs_of(t);

    switch (in->action) {
    case TUI_ACT_CANCEL:
        jobs_cancel(t);
        return TUI_REDRAW;
    case TUI_ACT_BACK:
        return t->busy ? TUI_NONE : TUI_BACK;
    case TUI_ACT_OPEN:
        if (t->busy)
            return TUI_NONE;
        if (d->step == DBS_STEP_CONFIRM &&
            d->state[DBS_STEP_CONFIRM] == DBS_RUNNING) {
            dbs_note(d, DBS_STEP_CONFIRM, DBS_OK, N_("confirmed"), NULL,
                     NULL);
            dbs_run(t, DBS_STEP_INIT);
            return TUI_REDRAW;
        }
        if (d->state[d->step] == DBS_FAILED) {
            dbs_start(t);
            return TUI_REDRAW;
        }
        return TUI_NONE;
    default:
        return TUI_NONE;
    }
}

const struct screen dbs_screen = {
    .id = SCREEN_DBS,
    .name = "dbs",
    .state_size = sizeof(struct dbs),
    .draw = dbs_draw,
    .handle = dbs_handle,
    .back = SCREEN_PICKER,
};
