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
 * test can look at the screen mid-run). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/exit.h"
#include "app/i18n.h"
#include "app/rollout.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/lineedit.h"
#include "core/text.h"
#include "tui/jobs.h"
#include "tui/state.h"
#include "tui/widgets.h"

#define RO_FILTER_MAX 256
/* A watch job waits this long for a change; one that saw none while
 * no account was waiting for a worker hands over to the timer. */
#define RO_WATCH_MS 1500
#define RO_WATCH_STEP_MS 20
#define RO_TICK_MS 250
#define RO_ID_COLS 16
#define RO_TRIES_COLS 5
#define RO_STATE_MAX 14
/* Rows above the list: header, banner, two summary rows, the filter,
 * the headings; below it: the status row and the footer. */
#define RO_LIST_Y 6

enum ro_phase {
    RO_LISTING,         /* the plan's rollout_new in flight */
    RO_PLANNING,        /* the plan runs */
    RO_PLANNED,         /* the plan ended: y asks */
    RO_ASK,             /* "go ahead?" */
    RO_STARTING,        /* the run's rollout_new in flight */
    RO_RUNNING,
    RO_STOP_ASK,        /* "stop?" while it runs on */
    RO_STOPPING,        /* cancelled: waiting for the workers */
    RO_ENDED,
    RO_FAILED           /* the directory could not be read */
};

/* One rollout with what it keeps pointers to; owned by the screen (the
 * jobs only borrow it), freed once its workers stopped. */
struct ro_run {
    struct rollout *r;
    volatile sig_atomic_t cancel;
    char *service, *suffix, *description;
    bool dbs, plan;
    int rc;                     /* of rollout_new and rollout_start */
    struct api_error err;
    char msg[512];              /* rollout_start's reason */
    int jobs;                   /* jobs using it (main thread's count) */
    struct ro_run *next;        /* the screen's list */
};

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

struct rollout_scr {
    enum ro_phase phase;
    enum screen_id from;
    bool dbs;
    char *service, *suffix, *description;
    struct ro_run *run;         /* the one shown (NULL: none yet) */
    struct ro_run *runs;        /* every one not yet freed */
    bool watching;              /* a watch job is queued */
    bool stop_asked;            /* the user stopped it */
    bool detail;                /* an account's pane instead of the list */
    size_t detail_i;            /* its row */
    struct lineedit filter;
    bool filtering;
    size_t *shown;              /* rows that match, by index */
    size_t nshown, cap;
    struct list list;
    struct rollout_progress prog;
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
    if (run->r) {
        run->cancel = 1;
        rollout_wait(run->r);
        rollout_free(run->r);
    }
    free(run->service);
    free(run->suffix);
    free(run->description);
    free(run);
}

/* Frees the runs that are neither shown nor used by a job and whose
 * workers have stopped (the list is walked on the main thread only). */
static void ro_reap(struct rollout_scr *s, const struct ro_run *busy)
{
    struct ro_run **p = &s->runs;

    while (*p) {
        struct ro_run *run = *p;
        struct rollout_progress pr;

        if (run != s->run && run != busy && !run->jobs && run->r) {
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
        run->rc = rollout_new(j->session, &cfg, &run->r, &run->err);
        if (run->rc)
            return;
        buf_init(&msg, sizeof(run->msg) - 1);
        run->rc = rollout_start(run->r, &msg);
        snprintf(run->msg, sizeof(run->msg), "%s", buf_str(&msg));
        buf_free(&msg);
        if (run->rc) {
            rollout_free(run->r);
            run->r = NULL;
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
    ro_reap(s, NULL);
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
        ro_reap(s, NULL);
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
    if (run != s->run) {
        ro_reap(s, NULL);
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

/* --- drawing ------------------------------------------------------------ */

static enum draw_role ro_state_role(enum rollout_state st)
{
    switch (st) {
    case ROLLOUT_EXISTS:
    case ROLLOUT_CREATED:
    case ROLLOUT_EXISTED:
    case ROLLOUT_SKIPPED:
        return DRAW_OK;
    case ROLLOUT_WOULD_CREATE:
        return DRAW_TITLE;
    case ROLLOUT_RUNNING:
    case ROLLOUT_BUSY:
        return DRAW_WARNING;
    case ROLLOUT_NO_ENTRY:
    case ROLLOUT_REFUSED:
    case ROLLOUT_FAILED:
        return DRAW_ERROR;
    case ROLLOUT_PENDING:
    case ROLLOUT_CANCELLED:
    case ROLLOUT_STATE_COUNT:
        break;
    }
    return DRAW_DIM;
}

/* The widest state as translated now, but at most RO_STATE_MAX (a
 * longer one is cut: the pane has it whole). */
static int ro_state_cols(void)
{
    int w = 5;

    for (int i = 0; i < ROLLOUT_STATE_COUNT; i++)
        if ((int)text_cols(rollout_state_text((enum rollout_state)i)) > w)
            w = (int)text_cols(rollout_state_text((enum rollout_state)i));
    return w < RO_STATE_MAX ? w : RO_STATE_MAX;
}

struct ro_place {
    struct rollout *r;
    const size_t *shown;
    int cols, name_w, state_w, code_w;
};

static void ro_row_draw(const void *ctx, size_t i, int y, bool selected)
{
    const struct ro_place *at = ctx;
    struct rollout_row row;
    enum draw_role role = selected ? DRAW_SELECT : DRAW_NORMAL;
    char tries[16];
    int x = 2;

    draw_fill(y, 0, at->cols, role, selected ? ">" : "");
    if (rollout_row(at->r, at->shown[i], &row))
        return;
    draw_put(y, x, RO_ID_COLS, role, row.account_id);
    x += RO_ID_COLS + 1;
    draw_put(y, x, at->name_w, role, row.display_name);
    x += at->name_w + 1;
    draw_put(y, x, at->state_w, selected ? role : ro_state_role(row.state),
             rollout_state_text(row.state));
    x += at->state_w + 1;
    snprintf(tries, sizeof(tries), "%*d", RO_TRIES_COLS - 1, row.attempts);
    draw_put(y, x, RO_TRIES_COLS, selected ? role : DRAW_DIM,
             row.attempts ? tries : "");
    x += RO_TRIES_COLS + 1;
    draw_put(y, x, at->code_w, selected ? role : DRAW_ERROR, row.code);
}

/* "created 6  existed 3  no entry 1": the states that have accounts. */
static void ro_counts(const struct rollout_progress *p, struct buf *b)
{
    static const enum rollout_state order[] = {
        ROLLOUT_EXISTS, ROLLOUT_WOULD_CREATE, ROLLOUT_CREATED,
        ROLLOUT_EXISTED, ROLLOUT_SKIPPED, ROLLOUT_NO_ENTRY,
        ROLLOUT_REFUSED, ROLLOUT_BUSY, ROLLOUT_FAILED, ROLLOUT_CANCELLED,
        ROLLOUT_RUNNING, ROLLOUT_PENDING
    };

    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (p->counts[order[i]])
            buf_printf(b, "%s%s %zu", buf_len(b) ? "  " : "",
                       rollout_state_text(order[i]), p->counts[order[i]]);
}

static void ro_banner(struct rollout_scr *s, int cols)
{
    struct buf b;
    const char *name = s->run && s->run->r ? rollout_role_name(s->run->r)
                                           : "";
    const char *what = s->dbs ? _("the DBS activation")
                       : name[0] ? name : s->service;
    enum draw_role role;
    int x, w;

    buf_init(&b, 2048);
    buf_addc(&b, ' ');
    if (s->phase <= RO_ASK)
        buf_printf(&b, _("Plan: %s in every member account"), what);
    else
        buf_printf(&b, _("Rollout: %s in every member account"), what);
    role = s->phase == RO_FAILED ? DRAW_ERROR : DRAW_TITLE;
    draw_fill(1, 0, cols, role, buf_str(&b));
    x = (int)text_cols(buf_str(&b));
    /* The directory at the right, where there is room. */
    buf_reset(&b);
    if (s->run && s->run->r && rollout_directory_id(s->run->r)[0])
        buf_printf(&b, _("directory %s"), rollout_directory_id(s->run->r));
    w = (int)text_cols(buf_str(&b));
    if (w && cols - 1 - w > x + 2)
        draw_put(1, cols - 1 - w, w, role, buf_str(&b));
    buf_free(&b);
}

static void ro_summary(struct rollout_scr *s, int cols)
{
    const struct rollout_progress *p = &s->prog;
    struct buf b;

    buf_init(&b, 2048);
    if (s->phase == RO_LISTING || s->phase == RO_STARTING) {
        buf_printf(&b, "%s ", draw_spinner(clock_mono_ms() % 100000));
        buf_adds(&b, _("Reading the directory (ListAccounts) ..."));
        draw_put(2, 1, cols - 2, DRAW_WARNING, buf_str(&b));
        buf_free(&b);
        return;
    }
    if (s->phase == RO_FAILED) {
        buf_free(&b);
        return;
    }
    buf_printf(&b, _("%zu/%zu done"), p->finished, p->total);
    buf_printf(&b, "   %.1f/s   %.1fs", p->per_second,
               (double)p->elapsed_ms / 1000.0);
    draw_put(2, 1, cols - 2, p->ended ? DRAW_NORMAL : DRAW_WARNING,
             buf_str(&b));
    buf_reset(&b);
    ro_counts(p, &b);
    draw_put(3, 1, cols - 2, DRAW_NORMAL, buf_str(&b));
    buf_free(&b);
}

/* The failure of the directory's read, in the list's place. */
static void ro_draw_failed(struct rollout_scr *s, int rows, int cols)
{
    struct ro_run *run = s->run;
    char buf[1200];

    if (!run)
        return;
    if (run->msg[0])
        snprintf(buf, sizeof(buf), "%s", run->msg);
    else
        snprintf(buf, sizeof(buf), _("The directory could not be read: "
                 "%s: %s"), run->err.code[0] ? run->err.code : run->err.action,
                 run->err.message[0] ? run->err.message : run->err.detail);
    draw_wrap(3, 1, cols - 2, rows - 6, DRAW_ERROR, buf);
}

static int ro_label_cols(void)
{
    static const char *const labels[] = {
        N_("Account"), N_("Name"), N_("Folder"), N_("Joined"), N_("State"),
        N_("Attempts"), N_("Role"), N_("RoleId"), N_("Code"),
        N_("Message"), N_("Requests"), NULL
    };

    return draw_label_cols(12, labels);
}

/* One account, whole: its failure and what to do about it. */
static void ro_draw_detail(struct rollout_scr *s, int rows, int cols)
{
    struct rollout_row row;
    struct buf tmp;
    const char *hint;
    int lw = ro_label_cols(), w = cols - 2, y = 2;
    char n[32];

    if (!s->run || !s->run->r ||
        rollout_row(s->run->r, s->detail_i, &row))
        return;
    draw_field(y++, 1, w, lw, _("Account"), DRAW_TITLE, row.account_id);
    draw_field(y++, 1, w, lw, _("Name"), DRAW_NORMAL, row.display_name);
    draw_field(y++, 1, w, lw, _("Folder"), DRAW_NORMAL,
               row.folder_id[0] ? row.folder_id : "-");
    draw_field(y++, 1, w, lw, _("Joined"), DRAW_NORMAL,
               row.join_method[0] ? row.join_method : "-");
    draw_field(y++, 1, w, lw, _("State"), ro_state_role(row.state),
               rollout_state_text(row.state));
    snprintf(n, sizeof(n), "%d", row.attempts);
    draw_field(y++, 1, w, lw, _("Attempts"), DRAW_NORMAL, n);
    if (row.role_name[0])
        draw_field(y++, 1, w, lw, _("Role"), DRAW_NORMAL, row.role_name);
    if (row.role_id[0])
        draw_field(y++, 1, w, lw, _("RoleId"), DRAW_NORMAL, row.role_id);
    draw_field(y++, 1, w, lw, _("Code"), DRAW_ERROR,
               row.code[0] ? row.code : "-");
    draw_put(y, 1, lw, DRAW_DIM, _("Message"));
    y += draw_wrap(y, 1 + lw, w - lw, 4, DRAW_NORMAL,
                   row.message[0] ? row.message : "-");
    draw_put(y, 1, lw, DRAW_DIM, _("Requests"));
    y += draw_wrap(y, 1 + lw, w - lw, 3, DRAW_DIM,
                   row.request_ids[0] ? row.request_ids : "-");
    y++;
    buf_init(&tmp, 4096);
    hint = rollout_row_hint(&row, &tmp);
    if (hint && hint[0] && y < rows - 2)
        draw_wrap(y, 1, w, rows - 2 - y, DRAW_WARNING, hint);
    buf_free(&tmp);
}

static void ro_draw_list(struct rollout_scr *s, int rows, int cols)
{
    struct ro_place at = { s->run ? s->run->r : NULL, s->shown, cols, 0,
                           ro_state_cols(), 0 };
    int rest = cols - 2 - RO_ID_COLS - 1 - at.state_w - 1 -
               RO_TRIES_COLS - 1;
    int height = rows - 2 - RO_LIST_Y, x;
    char count[64];

    at.name_w = rest * 2 / 5 < 8 ? 8 : rest * 2 / 5;
    at.code_w = rest - at.name_w - 1;
    x = draw_put(4, 0, cols, DRAW_TITLE, _(" Filter: "));
    field_draw(4, x, cols - x - 14, &s->filter, DRAW_NORMAL,
               s->filtering ? FIELD_CURSOR : 0);
    snprintf(count, sizeof(count), "%zu/%zu", s->nshown, s->prog.total);
    draw_put(4, cols - (int)strlen(count) - 1, (int)strlen(count), DRAW_DIM,
             count);
    draw_fill(5, 0, cols, DRAW_DIM, "");
    x = 2;
    draw_put(5, x, RO_ID_COLS, DRAW_DIM, _("Account"));
    x += RO_ID_COLS + 1;
    draw_put(5, x, at.name_w, DRAW_DIM, _("Name"));
    x += at.name_w + 1;
    draw_put(5, x, at.state_w, DRAW_DIM, _("State"));
    x += at.state_w + 1;
    draw_put(5, x, RO_TRIES_COLS, DRAW_DIM, _("Tries"));
    x += RO_TRIES_COLS + 1;
    if (at.code_w > 0)
        draw_put(5, x, at.code_w, DRAW_DIM, _("Code"));
    if (at.r && height > 0)
        list_draw(&s->list, RO_LIST_Y, height, ro_row_draw, &at);
    if (at.r && s->prog.total && !s->nshown && height > 0)
        draw_put(RO_LIST_Y, 2, cols - 4, DRAW_WARNING, _("No account "
                 "matches; Backspace or C-u edits the filter, Esc clears "
                 "it."));
}

/* The row above the footer: the question, or how it went. */
static void ro_status(struct tui *t, struct rollout_scr *s, int rows,
                      int cols)
{
    const struct rollout_progress *p = &s->prog;
    size_t make = p->counts[ROLLOUT_WOULD_CREATE];
    char buf[1024];
    enum draw_role role = DRAW_NORMAL;
    int code;

    buf[0] = '\0';
    switch (s->phase) {
    case RO_PLANNED:
        snprintf(buf, sizeof(buf), _n("%zu account would get the role: y "
                 "goes ahead (asks first), Esc goes back.",
                 "%zu accounts would get the role: y goes ahead (asks "
                 "first), Esc goes back.", make), make);
        role = DRAW_OK;
        break;
    case RO_ASK:
        if (p->counts[ROLLOUT_NO_ENTRY])
            snprintf(buf, sizeof(buf), _n("Go ahead in %zu account (%zu "
                     "cannot be entered)? y/Enter: yes, Esc: no",
                     "Go ahead in %zu accounts (%zu cannot be entered)? "
                     "y/Enter: yes, Esc: no", make), make,
                     p->counts[ROLLOUT_NO_ENTRY]);
        else
            snprintf(buf, sizeof(buf), _n("Go ahead in %zu account? "
                     "y/Enter: yes, Esc: no", "Go ahead in %zu accounts? "
                     "y/Enter: yes, Esc: no", make), make);
        role = DRAW_SELECT;
        break;
    case RO_STOP_ASK:
        snprintf(buf, sizeof(buf), "%s", _("Stop the rollout? Accounts in "
                 "flight end cancelled. y/Enter: stop, Esc: go on"));
        role = DRAW_SELECT;
        break;
    case RO_RUNNING:
        snprintf(buf, sizeof(buf), "%s", _("Running: Enter shows an "
                 "account, / filters, Esc or q stops (asks first)."));
        role = DRAW_DIM;
        break;
    case RO_STOPPING:
        snprintf(buf, sizeof(buf), "%s", _("Stopping: waiting for the "
                 "calls in flight ..."));
        role = DRAW_WARNING;
        break;
    case RO_ENDED:
        code = rollout_exit_code(p, false);
        role = code == EXIT_DONE ? DRAW_OK
               : code == EXIT_BUSY || code == 130 ? DRAW_WARNING
               : DRAW_ERROR;
        if (code == 130 || s->stop_asked)
            snprintf(buf, sizeof(buf), _n("Stopped: %zu account cancelled; "
                     "'linkrole rollout --resume' finishes the rest.",
                     "Stopped: %zu accounts cancelled; 'linkrole rollout "
                     "--resume' finishes the rest.",
                     p->counts[ROLLOUT_CANCELLED]),
                     p->counts[ROLLOUT_CANCELLED]);
        else if (code == EXIT_DONE)
            snprintf(buf, sizeof(buf), "%s", _("Ended: every account has "
                     "the role."));
        else
            snprintf(buf, sizeof(buf), _n("Ended: %zu account does not "
                     "have the role; Enter on its row says why.",
                     "Ended: %zu accounts do not have the role; Enter on "
                     "a row says why.", p->total - p->counts[ROLLOUT_CREATED]
                     - p->counts[ROLLOUT_EXISTED]
                     - p->counts[ROLLOUT_SKIPPED]),
                     p->total - p->counts[ROLLOUT_CREATED] -
                         p->counts[ROLLOUT_EXISTED] -
                         p->counts[ROLLOUT_SKIPPED]);
        break;
    default:
        break;
    }
    if (t->status[0] && s->phase != RO_ASK && s->phase != RO_STOP_ASK) {
        snprintf(buf, sizeof(buf), "%s", tui_status_text(t));
        role = t->status_role;
    }
    if (buf[0])
        widgets_status(rows - 2, cols, 2, role, buf);
}

static void rollout_draw(struct tui *t, int rows, int cols)
{
    struct rollout_scr *s = ro_of(t);

    /* The counts as of this frame (the engine's threads move on). */
    if (s->run && s->run->r)
        rollout_progress(s->run->r, &s->prog);
    tui_header(t, cols);
    ro_banner(s, cols);
    if (s->phase == RO_FAILED) {
        ro_draw_failed(s, rows, cols);
    } else if (s->detail) {
        ro_draw_detail(s, rows, cols);
    } else {
        ro_summary(s, cols);
        ro_draw_list(s, rows, cols);
    }
    ro_status(t, s, rows, cols);
}

/* --- keys ------------------------------------------------------------- */

static enum tui_reaction ro_leave(struct tui *t, struct rollout_scr *s)
{
    if (s->run)
        s->run->cancel = 1;
    s->run = NULL;
    s->watching = false;
    jobs_after_cancel(t);
    ro_reap(s, NULL);
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
        s->filtering = false;
        if (s->phase == RO_ASK || s->phase == RO_STOP_ASK)
            return ro_yes(t, s);
        if (s->detail || !s->nshown)
            return TUI_REDRAW;
        s->detail = true;
        s->detail_i = s->shown[s->list.sel];
        return TUI_REDRAW;
    case TUI_ACT_SEARCH:
        if (s->detail)
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
