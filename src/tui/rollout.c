/* rollout — one service-linked role (or the DBS activation) in every
 * member account of the Resource Directory (app/rollout): first the
 * plan (what each account has, nothing changed), then, once the user
 * says yes, the run, with one row per account as k9s shows pods: state
 * in its colour, attempts, the error code; / filters, Enter shows an
 * account's failure and what to do about it.
 *
 * The directory is read (rollout_new) on the worker thread; the
 * engine's own threads do the rest.  A watch job on the worker waits
 * for the next change and wakes the loop with it, so the screen never
 * blocks and a test's :wait follows the run; once only slow accounts
 * are left, the loop's timer polls instead (and :wait returns, so a
 * test can look at the screen mid-run).  rolloutview.c draws it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/i18n.h"
#include "app/rollout.h"
#include "app/scrub.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/lineedit.h"
#include "tui/jobs.h"
#include "tui/rolloutview.h"
#include "tui/state.h"
#include "tui/widgets.h"

#define RO_FILTER_MAX 256
/* A watch job waits this long for a change; one that saw none while
 * no account was waiting for a worker hands over to the timer. */
#define RO_WATCH_MS 1500
#define RO_WATCH_STEP_MS 20
#define RO_TICK_MS 250

enum ro_job_kind { RO_JOB_NEW, RO_JOB_WATCH };

/* A tui_job first, so jobs_wake and jobs_free take it as one. */
struct ro_job {
    struct tui_job job;
    enum ro_job_kind what;
    struct session *session;
    struct ro_run *run;
    size_t seen_finished;       /* RO_JOB_WATCH: the count it left */
    bool changed;               /* RO_JOB_WATCH: something did */
};

static struct rollout_scr *ro_of(const struct tui *t)
{
    return t->state[SCREEN_ROLLOUT];
}

/* --- runs and jobs ------------------------------------------------------ */

static void ro_run_free(struct ro_run *run)
{
    if (!run)
        return;
    run->cancel = 1;
    if (run->r) {
        rollout_wait(run->r);
        rollout_free(run->r);
    }
    if (run->made) {
        rollout_wait(run->made);
        rollout_free(run->made);
    }
    free(run->service);
    free(run->suffix);
    free(run->description);
    free(run);
}

/* Frees the runs that are neither shown nor used by a job and whose
 * workers have stopped (the list is walked on the main thread only). */
static void ro_reap(struct rollout_scr *s)
{
    struct ro_run **p = &s->runs;

    while (*p) {
        struct ro_run *run = *p;
        struct rollout_progress pr;

        if (run != s->run && !run->jobs && run->r) {
            rollout_progress(run->r, &pr);
            if (pr.ended) {
                *p = run->next;
                ro_run_free(run);
                continue;
            }
        }
        p = &run->next;
    }
}

static void ro_job_run(struct worker_job *job)
{
    struct ro_job *j = (struct ro_job *)job;
    struct ro_run *run = j->run;

    if (j->what == RO_JOB_NEW) {
        struct rollout_config cfg;
        struct buf msg;

        memset(&cfg, 0, sizeof(cfg));
        cfg.target.dbs = run->dbs;
        cfg.target.service = run->service;
        cfg.target.suffix = run->suffix;
        cfg.target.description = run->description;
        cfg.scope.all = true;
        cfg.plan = run->plan;
        cfg.cancel = &run->cancel;
        /* The session's client is this thread's while the job runs (as
         * jobs.c's are); its cancel flag, this job's. */
        j->job.client->cancel = &j->job.cancel;
        run->rc = rollout_new(j->session, &cfg, &run->made, &run->err);
        if (run->rc) {
            /* The cloud's message may echo what was sent. */
            scrub_error(&run->err);
            return;
        }
        buf_init(&msg, sizeof(run->msg) - 1);
        run->rc = rollout_start(run->made, &msg);
        snprintf(run->msg, sizeof(run->msg), "%s", buf_str(&msg));
        buf_free(&msg);
        if (run->rc) {
            rollout_free(run->made);
            run->made = NULL;
        }
        return;
    }
    /* The watch: back at the first change, or after RO_WATCH_MS. */
    for (long waited = 0; waited < RO_WATCH_MS && !j->job.cancel;
         waited += RO_WATCH_STEP_MS) {
        struct rollout_progress p;

        rollout_progress(run->r, &p);
        if (p.ended || p.finished != j->seen_finished) {
            j->changed = true;
            return;
        }
        clock_sleep_ms(RO_WATCH_STEP_MS, &j->job.cancel);
    }
}

static struct ro_job *ro_job_new(struct tui *t, enum ro_job_kind what,
                                 struct ro_run *run,
                                 void (*done)(struct tui *, struct tui_job *))
{
    struct ro_job *j = calloc(1, sizeof(*j));

    if (!j)
        return NULL;
    j->job.base.run = ro_job_run;
    j->job.kind = JOB_IDENTITY;     /* none of jobs.c's: run is ours */
    j->job.done = done;
    j->job.client = &t->session.client;
    j->what = what;
    j->session = &t->session;
    j->run = run;
    return j;
}

/* The rows that match the filter, the selection kept on its account. */
static void ro_refilter(struct tui *t)
{
    struct rollout_scr *s = ro_of(t);
    size_t n = s->run && s->run->r ? rollout_count(s->run->r) : 0;
    size_t keep = s->nshown ? s->shown[s->list.sel] : 0, sel = 0, k = 0;
    const char *f = s->filter.text;
    struct rollout_row row;

    if (n > s->cap) {
        size_t *p = realloc(s->shown, n * sizeof(*p));

        if (!p) {
            tui_say(t, DRAW_ERROR, N_("out of memory"));
            return;
        }
        s->shown = p;
        s->cap = n;
    }
    for (size_t i = 0; i < n; i++) {
        if (*f) {
            if (rollout_row(s->run->r, i, &row))
                break;
            if (!strcasestr(row.account_id, f) &&
                !strcasestr(row.display_name, f) &&
                !strcasestr(row.code, f) &&
                !strcasestr(rollout_state_name(row.state), f) &&
                !strcasestr(rollout_state_text(row.state), f))
                continue;
        }
        if (i == keep)
            sel = k;
        s->shown[k++] = i;
    }
    s->nshown = k;
    s->list.count = k;
    s->list.sel = k ? sel : 0;
}

static void ro_watch(struct tui *t);

/* What the run says now: the counts, the rows shown, the phase. */
static void ro_refresh(struct tui *t)
{
    struct rollout_scr *s = ro_of(t);

    if (!s->run || !s->run->r)
        return;
    rollout_progress(s->run->r, &s->prog);
    if (s->filter.len)
        ro_refilter(t);
    if (!s->prog.ended)
        return;
    switch (s->phase) {
    case RO_PLANNING:
        s->phase = RO_PLANNED;
        break;
    case RO_RUNNING:
    case RO_STOP_ASK:
    case RO_STOPPING:
        s->phase = RO_ENDED;
        t->roles_stale = true;
        break;
    default:
        break;
    }
    ro_reap(s);
}

/* The timer, while only slow accounts are left: polls, and hands back
 * to a watch job once something moved. */
static void ro_tick(struct tui *t)
{
    struct rollout_scr *s = ro_of(t);
    size_t before = s->prog.finished;

    if (!s->run || !s->run->r || s->watching)
        return;
    ro_refresh(t);
    if (s->prog.ended)
        return;
    if (s->prog.finished != before)
        ro_watch(t);
    else
        jobs_after(t, RO_TICK_MS, ro_tick);
}

static void ro_watched(struct tui *t, struct tui_job *job)
{
    struct ro_job *j = (struct ro_job *)job;
    struct rollout_scr *s = ro_of(t);

    j->run->jobs--;
    if (j->run != s->run) {
        ro_reap(s);
        return;
    }
    s->watching = false;
    ro_refresh(t);
    if (s->prog.ended)
        return;
    /* Nothing moved for a while and nothing waits for a worker: the
     * accounts in flight are slow ones; the timer follows them. */
    if (!j->changed && !s->prog.counts[ROLLOUT_PENDING]) {
        jobs_after(t, RO_TICK_MS, ro_tick);
        return;
    }
    ro_watch(t);
}

static void ro_watch(struct tui *t)
{
    struct rollout_scr *s = ro_of(t);
    struct ro_job *j;

    if (s->watching || !s->run || !s->run->r)
        return;
    j = ro_job_new(t, RO_JOB_WATCH, s->run, ro_watched);
    if (!j) {
        jobs_after(t, RO_TICK_MS, ro_tick);
        return;
    }
    j->seen_finished = s->prog.finished;
    s->watching = true;
    s->run->jobs++;
    jobs_queue(t, &j->job);
}

static void ro_started(struct tui *t, struct tui_job *job)
{
    struct ro_job *j = (struct ro_job *)job;
    struct rollout_scr *s = ro_of(t);
    struct ro_run *run = j->run;

    run->jobs--;
    run->r = run->made;
    run->made = NULL;
    if (run != s->run) {
        ro_reap(s);
        return;
    }
    if (run->rc) {
        s->phase = RO_FAILED;
        return;
    }
    memset(&s->prog, 0, sizeof(s->prog));
    s->phase = run->plan ? RO_PLANNING : RO_RUNNING;
    list_reset(&s->list, 0);
    s->nshown = 0;
    ro_refilter(t);
    ro_refresh(t);
    ro_watch(t);
}

/* A new rollout of the screen's target (a plan or the run); the one
 * before, if any, is stopped and freed once its workers are. */
static void ro_begin(struct tui *t, bool plan)
{
    struct rollout_scr *s = ro_of(t);
    struct ro_run *run = calloc(1, sizeof(*run));
    struct ro_job *j = NULL;

    if (s->run)
        s->run->cancel = 1;
    s->run = NULL;
    s->watching = false;
    s->detail = false;
    s->stop_asked = false;
    jobs_after_cancel(t);
    if (run) {
        run->dbs = s->dbs;
        run->plan = plan;
        run->service = s->service ? strdup(s->service) : NULL;
        run->suffix = s->suffix ? strdup(s->suffix) : NULL;
        run->description = s->description ? strdup(s->description) : NULL;
        j = ro_job_new(t, RO_JOB_NEW, run, ro_started);
    }
    if (!j || (s->service && !run->service) ||
        (s->suffix && !run->suffix) ||
        (s->description && !run->description)) {
        free(j);
        ro_run_free(run);
        s->phase = RO_FAILED;
        tui_say(t, DRAW_ERROR, N_("out of memory"));
        return;
    }
    run->next = s->runs;
    s->runs = run;
    s->run = run;
    memset(&s->prog, 0, sizeof(s->prog));
    s->nshown = 0;
    list_reset(&s->list, 0);
    s->phase = plan ? RO_LISTING : RO_STARTING;
    tui_status_clear(t);
    run->jobs++;
    jobs_queue(t, &j->job);
}
static void rollout_draw(struct tui *t, int rows, int cols)
{
    rolloutview_draw(t, ro_of(t), rows, cols);
}

/* --- keys ------------------------------------------------------------- */

static enum tui_reaction ro_leave(struct tui *t, struct rollout_scr *s)
{
    if (s->run)
        s->run->cancel = 1;
    s->run = NULL;
    s->watching = false;
    jobs_after_cancel(t);
    ro_reap(s);
    tui_status_clear(t);
    screens_show(t, s->from);
    return TUI_REDRAW;
}

/* Esc: the pane, the filter, the question, then the screen. */
static enum tui_reaction ro_back(struct tui *t, struct rollout_scr *s)
{
    if (s->detail) {
        s->detail = false;
        return TUI_REDRAW;
    }
    if (s->filtering) {
        s->filtering = false;
        return TUI_REDRAW;
    }
    if (s->filter.len) {
        lineedit_set(&s->filter, "");
        ro_refilter(t);
        return TUI_REDRAW;
    }
    switch (s->phase) {
    case RO_ASK:
        s->phase = RO_PLANNED;
        return TUI_REDRAW;
    case RO_RUNNING:
        s->phase = RO_STOP_ASK;
        return TUI_REDRAW;
    case RO_STOP_ASK:
        s->phase = RO_RUNNING;
        return TUI_REDRAW;
    case RO_STOPPING:
    case RO_STARTING:
        return TUI_NONE;
    default:
        return ro_leave(t, s);
    }
}

static enum tui_reaction ro_yes(struct tui *t, struct rollout_scr *s)
{
    switch (s->phase) {
    case RO_PLANNED:
        s->phase = RO_ASK;
        return TUI_REDRAW;
    case RO_ASK:
        ro_begin(t, false);
        return TUI_REDRAW;
    case RO_STOP_ASK:
        s->stop_asked = true;
        s->phase = RO_STOPPING;
        if (s->run)
            s->run->cancel = 1;
        jobs_after_cancel(t);
        ro_watch(t);
        return TUI_REDRAW;
    default:
        return TUI_NONE;
    }
}

static enum tui_reaction rollout_handle(struct tui *t,
                                        const struct tui_input *in)
{
    struct rollout_scr *s = ro_of(t);
    int page = t->rows - 2 - RO_LIST_Y;

    if (page < 1)
        page = 1;
    switch (in->action) {
    case TUI_ACT_BACK:
        return ro_back(t, s);
    case TUI_ACT_CONFIRM:
        return ro_yes(t, s);
    case TUI_ACT_OPEN:
        /* Enter ends the typing first: it never answers a question
         * meant for the filter. */
        if (s->filtering) {
            s->filtering = false;
            return TUI_REDRAW;
        }
        if (s->phase == RO_ASK || s->phase == RO_STOP_ASK)
            return ro_yes(t, s);
        if (s->detail || !s->nshown)
            return TUI_REDRAW;
        s->detail = true;
        s->detail_i = s->shown[s->list.sel];
        return TUI_REDRAW;
    case TUI_ACT_SEARCH:
        if (s->detail || s->phase == RO_ASK || s->phase == RO_STOP_ASK)
            return TUI_NONE;
        s->filtering = true;
        return TUI_REDRAW;
    case TUI_ACT_CLICK:
        if (s->detail)
            return TUI_NONE;
        switch (list_click(&s->list, (long)in->y - RO_LIST_Y, page)) {
        case LIST_MISSED:
            return TUI_NONE;
        case LIST_SELECTED:
            return TUI_REDRAW;
        case LIST_CHOSEN:
            break;
        }
        s->detail = true;
        s->detail_i = s->shown[s->list.sel];
        return TUI_REDRAW;
    default:
        if (s->detail)
            return TUI_NONE;
        if (list_handle(&s->list, in->action, page))
            return TUI_REDRAW;
        if (!s->filtering || !field_edit(&s->filter, in))
            return TUI_NONE;
        ro_refilter(t);
        return TUI_REDRAW;
    }
}

static bool rollout_takes_text(const struct tui *t)
{
    return ro_of(t)->filtering;
}

static bool ro_set(char **to, const char *from)
{
    free(*to);
    *to = from && from[0] ? strdup(from) : NULL;
    return !from || !from[0] || *to;
}

void rollout_open(struct tui *t, bool dbs, const char *service,
                  const char *suffix, const char *description)
{
    struct rollout_scr *s = ro_of(t);

    if (!dbs && (!service || !service[0])) {
        tui_say(t, DRAW_WARNING, N_("R: the service of this role is not "
                   "known, so it cannot be rolled out"));
        return;
    }
    if (!ro_set(&s->service, dbs ? NULL : service) ||
        !ro_set(&s->suffix, dbs ? NULL : suffix) ||
        !ro_set(&s->description, dbs ? NULL : description)) {
        tui_say(t, DRAW_ERROR, N_("out of memory"));
        return;
    }
    s->dbs = dbs;
    if (t->screen != SCREEN_ROLLOUT)
        s->from = t->screen;
    s->filtering = false;
    lineedit_set(&s->filter, "");
    screens_show(t, SCREEN_ROLLOUT);
    ro_begin(t, true);
}

static int rollout_init(struct tui *t)
{
    struct rollout_scr *s = ro_of(t);

    s->from = SCREEN_PICKER;
    return lineedit_init(&s->filter, RO_FILTER_MAX);
}

/* After jobs_close: no job runs, so every run is the screen's alone. */
static void rollout_done(struct tui *t)
{
    struct rollout_scr *s = ro_of(t);

    for (struct ro_run *run = s->runs; run; run = run->next)
        run->cancel = 1;
    while (s->runs) {
        struct ro_run *run = s->runs;

        s->runs = run->next;
        ro_run_free(run);
    }
    s->run = NULL;
    lineedit_free(&s->filter);
    free(s->shown);
    free(s->service);
    free(s->suffix);
    free(s->description);
}

/* The filter matches the states' names in the language of now. */
static void rollout_relang(struct tui *t)
{
    if (ro_of(t)->filter.len)
        ro_refilter(t);
}

const struct screen rollout_screen = {
    .id = SCREEN_ROLLOUT,
    .name = "rollout",
    .state_size = sizeof(struct rollout_scr),
    .init = rollout_init,
    .done = rollout_done,
    .draw = rollout_draw,
    .handle = rollout_handle,
    .takes_text = rollout_takes_text,
    .back = SCREEN_PICKER,
    .relang = rollout_relang,
};
