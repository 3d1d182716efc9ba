/* delete — deleting a service-linked role: a question first (the role,
 * its service, and what the service can no longer do without it; "keep"
 * is the choice Enter takes until the user picks "delete"), then
 * DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus on the
 * worker thread, polled on the loop's timer with a progress line, until
 * the task SUCCEEDED or FAILED; a FAILED one shows its reason and the
 * resources still using the role, which can be copied and saved. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/deletion.h"
#include "app/i18n.h"
#include "app/slr.h"
#include "core/buf.h"
#include "core/clock.h"
#include "tui/jobs.h"
#include "tui/state.h"
#include "tui/widgets.h"

/* The labels' columns at least (the widest translated label decides). */
#define DELETE_LABEL_COLS 12
#define DELETE_TEXT_MAX (1u << 20)

enum delete_phase {
    DELETE_ASK,             /* the question */
    DELETE_SENDING,         /* DeleteServiceLinkedRole in flight */
    DELETE_FOLLOWING,       /* the task runs: polled on the timer */
    DELETE_DONE,            /* SUCCEEDED */
    DELETE_FAILED,          /* FAILED (or another end): the reason */
    DELETE_STOPPED          /* no longer followed: note says why */
};

struct delete {
    char *role;
    char *task;                         /* the task's id, made safe */
    const struct catalog_entry *entry;  /* NULL: not in the catalogue */
    enum screen_id from;                /* where back leads */
    enum delete_phase phase;
    bool yes;                           /* "delete" highlighted */
    struct slr_deletion del;            /* the task, once it started */
    struct tui_job *pending;            /* the poll in flight, if any */
    long long started_ms, ended_ms;
    /* DELETE_STOPPED: why, worded when drawn (the language may change):
     * the kind, and the seconds it had run then. */
    enum delete_stop { STOP_NOMEM, STOP_UNREAD, STOP_TIMED_OUT,
                       STOP_CANCELLED, STOP_BY_USER } stop;
    double stop_s;
    struct buf report;                  /* a failure whole: copy, save */
    struct buf list;                    /* its resources, by region */
    struct scroll scroll;
};

static struct delete *delete_of(const struct tui *t)
{
    return t->state[SCREEN_DELETE];
}

static long delete_elapsed_ms(const struct delete *d)
{
    long long end = d->ended_ms ? d->ended_ms : clock_mono_ms();

    return (long)(end - d->started_ms);
}

/* --- drawing ------------------------------------------------------------ */

static int delete_label_cols(void)
{
    static const char *const labels[] = {
        N_("Role"), N_("Service"), N_("Task"), N_("Reason"), NULL
    };

    return draw_label_cols(DELETE_LABEL_COLS, labels);
}

/* Why the deletion is no longer followed, and how to follow it. */
static void delete_note(const struct delete *d, char *out, size_t size)
{
    struct buf follow;
    char why[512];

    switch (d->stop) {
    case STOP_NOMEM:
        snprintf(why, sizeof(why), "%s", _("Out of memory: the deletion is "
                 "no longer followed, but goes on in the cloud."));
        break;
    case STOP_UNREAD:
        snprintf(why, sizeof(why), "%s", _("The deletion's status could not "
                 "be read, so it is no longer followed; it goes on in the "
                 "cloud."));
        break;
    case STOP_TIMED_OUT:
        snprintf(why, sizeof(why), _("Still %s after %d minutes: no longer "
                 "followed; it goes on in the cloud."), d->del.status,
                 SLR_DELETION_MAX_S / 60);
        break;
    case STOP_BY_USER:
        snprintf(why, sizeof(why), "%s", _("Stopped following: the deletion "
                 "goes on in the cloud."));
        break;
    case STOP_CANCELLED:
        snprintf(why, sizeof(why), _("Cancelled after %.1fs: "
                 "DeleteServiceLinkedRole may have reached the cloud all the "
                 "same ('linkrole get %s' tells whether the role is still "
                 "there)."), d->stop_s, d->role);
        break;
    }
    buf_init(&follow, 2048);
    deletion_follow(&follow, d->role);
    snprintf(out, size, "%s %s", why, buf_str(&follow));
    buf_free(&follow);
}

/* The role, its service and the task; returns the next row. */
static int delete_fields(struct tui *t, const struct delete *d, int y,
                         int w)
{
    struct buf service;

    buf_init(&service, 4096);
    deletion_service(&service, d->entry, t->opts->lang);
    draw_field(y++, 1, w, delete_label_cols(), _("Role"), DRAW_TITLE,
               d->role);
    draw_field(y++, 1, w, delete_label_cols(), _("Service"), DRAW_NORMAL,
               buf_str(&service));
    buf_free(&service);
    /* A failure needs the rows for its list; its task is in what c
     * copies and s saves. */
    if (d->task && d->phase != DELETE_FAILED) {
        draw_put(y, 1, delete_label_cols(), DRAW_DIM, _("Task"));
        y += draw_wrap(y, 1 + delete_label_cols(), w - delete_label_cols(), 2,
                       DRAW_DIM, d->task);
    }
    return y;
}

static void delete_draw_ask(struct tui *t, struct delete *d, int y, int w)
{
    struct buf text;
    int x;

    buf_init(&text, 16384);
    deletion_consequence(&text, d->entry, d->role, t->opts->lang);
    y += draw_wrap(y, 1, w, 7, DRAW_NORMAL, buf_str(&text));
    buf_free(&text);
    y++;
    /* The highlighted choice has the marker too, for a terminal (and a
     * screen dump) without reverse video. */
    x = 1 + draw_put(y, 1, w, DRAW_NORMAL, d->yes ? "  " : "> ");
    x += draw_put(y, x, w - x, d->yes ? DRAW_NORMAL : DRAW_SELECT,
                  _("[ Keep the role ]"));
    x += draw_put(y, x, w - x, DRAW_NORMAL, d->yes ? "   > " : "     ");
    draw_put(y, x, w - x, d->yes ? DRAW_SELECT : DRAW_NORMAL,
             _("[ Delete the role ]"));
    y += 2;
    draw_wrap(y, 1, w, 2, DRAW_DIM,
              _("Enter takes the highlighted choice (keep, until another is "
                "chosen with Left/Right or Tab); y deletes, n or Esc keeps "
                "the role."));
}

static void delete_draw_progress(struct tui *t, struct delete *d, int y,
                                 int w)
{
    long ms = delete_elapsed_ms(d);
    const char *status = d->phase == DELETE_SENDING
                             ? _("starting (DeleteServiceLinkedRole)")
                             : d->del.status;
    struct buf line;

    (void)t;
    buf_init(&line, 4096);
    buf_printf(&line, "%s ", draw_spinner(ms));
    deletion_progress(&line, d->role, status);
    buf_printf(&line, "  %ld.%lds", ms / 1000, (ms % 1000) / 100);
    draw_put(y, 1, w, DRAW_WARNING, buf_str(&line));
    buf_free(&line);
    y += 2;
    draw_wrap(y, 1, w, 3, DRAW_DIM,
              d->phase == DELETE_SENDING
                  ? _("Esc cancels the request (it may have reached the "
                      "cloud already).")
                  : _("Esc stops following: the deletion goes on in the "
                      "cloud all the same."));
}

static void delete_draw_failed(struct delete *d, int y, int rows, int w)
{
    const struct api_deletion *last = &d->del.last;
    size_t total = scroll_text_lines(buf_str(&d->list));
    struct buf title;
    int height;

    if (last->reason) {
        draw_put(y, 1, delete_label_cols(), DRAW_DIM, _("Reason"));
        y += draw_wrap(y, 1 + delete_label_cols(), w - delete_label_cols(), 3,
                       DRAW_NORMAL, last->reason);
    }
    y++;
    /* Below the list: the hint (two rows), the keys, the status line and
     * the footer. */
    height = rows - 5 - (y + 1);
    if (height < 1)
        height = 1;
    scroll_clamp(&d->scroll, total, height);
    buf_init(&title, 1024);
    deletion_usages_title(&title, last);
    if (total > (size_t)height)
        buf_printf(&title, _(" (lines %zu-%zu of %zu)"), d->scroll.top + 1,
                   d->scroll.top + (size_t)height, total);
    draw_put(y++, 1, w, DRAW_TITLE, buf_str(&title));
    buf_free(&title);
    scroll_draw_text(&d->scroll, buf_str(&d->list), y, 3, w - 2, height,
                     DRAW_NORMAL);
    y = rows - 5;
    if (last->nusages)
        draw_wrap(y, 1, w, 2, DRAW_WARNING, deletion_hint());
    draw_put(rows - 3, 1, w, DRAW_DIM,
             _("c copies the reason and the resources, s saves them to a "
               "file."));
}

static void delete_banner(struct tui *t, const struct delete *d, int cols)
{
    struct buf b;
    enum draw_role role = DRAW_WARNING;

    (void)t;
    buf_init(&b, 4096);
    buf_addc(&b, ' ');
    switch (d->phase) {
    case DELETE_ASK:
        buf_printf(&b, _("Delete %s?"), d->role);
        break;
    case DELETE_SENDING:
    case DELETE_FOLLOWING:
        buf_printf(&b, _("Deleting %s"), d->role);
        break;
    case DELETE_DONE:
        deletion_done(&b, d->role);
        role = DRAW_OK;
        break;
    case DELETE_FAILED:
        /* TRANSLATORS: a banner's start; the sentence after it says
         * how the deletion task ended. */
        buf_adds(&b, _("Not deleted: "));
        deletion_ended(&b, d->role, d->del.last.status);
        role = DRAW_ERROR;
        break;
    case DELETE_STOPPED:
        buf_printf(&b, _("No longer following the deletion of %s"),
                   d->role);
        break;
    }
    draw_fill(1, 0, cols, role, buf_str(&b));
    buf_free(&b);
}

static void delete_draw(struct tui *t, int rows, int cols)
{
    struct delete *d = delete_of(t);
    int w = cols - 2, y;
    char buf[512], note[1200];

    tui_header(t, cols);
    delete_banner(t, d, cols);
    y = delete_fields(t, d, 3, w);
    switch (d->phase) {
    case DELETE_ASK:
        delete_draw_ask(t, d, y + 1, w);
        break;
    case DELETE_SENDING:
    case DELETE_FOLLOWING:
        delete_draw_progress(t, d, y + 1, w);
        break;
    case DELETE_DONE:
        snprintf(buf, sizeof(buf), _("The task SUCCEEDED after %.1fs: the "
                 "role is no longer in the account."),
                 (double)delete_elapsed_ms(d) / 1000.0);
        draw_wrap(y + 1, 1, w, 3, DRAW_OK, buf);
        break;
    case DELETE_FAILED:
        delete_draw_failed(d, y, rows, w);
        break;
    case DELETE_STOPPED:
        delete_note(d, note, sizeof(note));
        draw_wrap(y + 1, 1, w, 6, DRAW_NORMAL, note);
        break;
    }
    if (t->status[0])
        draw_put(rows - 2, 1, w, t->status_role,
                 tui_status_text(t));
}

/* --- the calls ---------------------------------------------------------- */

static const char *delete_service_name(const struct delete *d)
{
    return d->entry ? d->entry->service_name : NULL;
}

/* The deletion is no longer followed: note says why, and how to. */
static void delete_stop(struct tui *t, struct delete *d,
                        enum delete_stop why)
{
    jobs_after_cancel(t);
    d->pending = NULL;
    d->stop_s = (double)delete_elapsed_ms(d) / 1000.0;
    d->ended_ms = clock_mono_ms();
    d->phase = DELETE_STOPPED;
    d->stop = why;
}

static void delete_polled(struct tui *t, struct tui_job *j);

/* The timer: the next GetServiceLinkedRoleDeletionStatus. */
static void delete_tick(struct tui *t)
{
    struct delete *d = delete_of(t);
    struct tui_job *j;

    if (d->phase != DELETE_FOLLOWING || d->pending)
        return;
    j = jobs_new(t, JOB_DELETE_POLL, delete_polled);
    if (j) {
        /* The worker's own copy of what a poll needs. */
        j->deletion.task_id = strdup(d->del.task_id);
        j->deletion.state = d->del.state;
        j->deletion.status = d->del.status;
        j->deletion.started_ms = d->del.started_ms;
        j->deletion.wait_ms = d->del.wait_ms;
    }
    if (!j || !j->deletion.task_id) {
        jobs_free(j);
        delete_stop(t, d, STOP_NOMEM);
        return;
    }
    d->pending = j;
    jobs_queue(t, j);
}

static void delete_failed(struct delete *d)
{
    d->phase = DELETE_FAILED;
    d->scroll.top = 0;
    buf_reset(&d->report);
    buf_reset(&d->list);
    if (deletion_report(&d->report, d->role, &d->del.last) ||
        deletion_usages(&d->list, &d->del.last, ""))
        buf_adds(&d->list, _("(out of room)"));
}

static void delete_polled(struct tui *t, struct tui_job *j)
{
    struct delete *d = delete_of(t);

    /* A poll answered after Esc stopped following: nothing to do. */
    if (j != d->pending)
        return;
    d->pending = NULL;
    if (j->rc) {
        delete_stop(t, d, STOP_UNREAD);
        error_show(t, &j->err, delete_service_name(d), d->role);
        return;
    }
    slr_deletion_free(&d->del);
    d->del = j->deletion;
    memset(&j->deletion, 0, sizeof(j->deletion));
    switch (d->del.state) {
    case SLR_DELETION_RUNNING:
        jobs_after(t, d->del.wait_ms, delete_tick);
        return;
    case SLR_DELETION_DONE:
        d->ended_ms = clock_mono_ms();
        d->phase = DELETE_DONE;
        tui_existing_remove(t, d->role);
        t->roles_stale = true;
        return;
    case SLR_DELETION_FAILED:
        d->ended_ms = clock_mono_ms();
        delete_failed(d);
        return;
    case SLR_DELETION_TIMED_OUT:
        delete_stop(t, d, STOP_TIMED_OUT);
        return;
    }
}

static void delete_begun(struct tui *t, struct tui_job *j)
{
    struct delete *d = delete_of(t);

    if (j->rc && j->err.kind == API_ERR_CANCELLED) {
        delete_stop(t, d, STOP_CANCELLED);
        return;
    }
    if (j->rc) {
        d->phase = DELETE_ASK;
        d->yes = false;
        error_show(t, &j->err, delete_service_name(d), d->role);
        return;
    }
    slr_deletion_free(&d->del);
    d->del = j->deletion;
    memset(&j->deletion, 0, sizeof(j->deletion));
    free(d->task);
    d->task = d->del.last.task_id ? strdup(d->del.last.task_id) : NULL;
    d->phase = DELETE_FOLLOWING;
    jobs_after(t, d->del.wait_ms, delete_tick);
}

/* The user said yes. */
static enum tui_reaction delete_start(struct tui *t, struct delete *d)
{
    struct tui_job *j;

    if (t->busy) {
        tui_say(t, DRAW_WARNING, N_("A request is in flight: "
                   "wait for it, or cancel it, first"));
        return TUI_REDRAW;
    }
    j = jobs_new(t, JOB_DELETE, delete_begun);
    if (j && !(j->role_name = strdup(d->role))) {
        jobs_free(j);
        j = NULL;
    }
    if (!j) {
        tui_say(t, DRAW_ERROR, N_("Out of memory: nothing sent"));
        return TUI_REDRAW;
    }
    tui_status_clear(t);
    d->phase = DELETE_SENDING;
    d->started_ms = clock_mono_ms();
    d->ended_ms = 0;
    jobs_start(t, j);
    return TUI_REDRAW;
}

/* --- keys ------------------------------------------------------------- */

static enum tui_reaction delete_leave(struct tui *t, struct delete *d)
{
    enum screen_id to = d->from;

    /* The result pane of a role that is gone has nothing to show: back
     * to where that pane was opened from. */
    if (d->phase == DELETE_DONE && to == SCREEN_RESULT)
        to = result_back(t) == SCREEN_ROLES ? SCREEN_ROLES : SCREEN_PICKER;
    if (to == SCREEN_ROLES) {
        roles_open(t);      /* lists the account again: the role is gone */
        return TUI_REDRAW;
    }
    tui_status_clear(t);
    screens_show(t, to);
    return TUI_REDRAW;
}

static enum tui_reaction delete_failed_handle(struct tui *t,
                                              struct delete *d,
                                              enum tui_action a)
{
    char name[300];

    switch (a) {
    case TUI_ACT_COPY:
        if (draw_osc52(buf_str(&d->report)) == 0)
            tui_say(t, DRAW_OK, N_("Copied the reason and the "
                       "resources to the clipboard (OSC 52: the terminal "
                       "must allow it)"));
        else
            tui_say(t, DRAW_ERROR, N_("Could not copy the list"));
        return TUI_REDRAW;
    case TUI_ACT_SAVE:
        snprintf(name, sizeof(name), "%s-in-use.txt", d->role);
        if (prompt_open_text(t, name, N_("the reason and the resources"),
                             buf_str(&d->report)) != 0)
            tui_say(t, DRAW_ERROR, N_("out of memory"));
        return TUI_REDRAW;
    default:
        return scroll_handle(&d->scroll, a) ? TUI_REDRAW : TUI_NONE;
    }
}

static enum tui_reaction delete_handle(struct tui *t,
                                       const struct tui_input *in)
{
    struct delete *d = delete_of(t);

    switch (d->phase) {
    case DELETE_ASK:
        switch (in->action) {
        case TUI_ACT_LEFT:
        case TUI_ACT_RIGHT:
        case TUI_ACT_NEXT:
        case TUI_ACT_PREV:
            d->yes = !d->yes;
            return TUI_REDRAW;
        case TUI_ACT_OPEN:
            return d->yes ? delete_start(t, d) : delete_leave(t, d);
        case TUI_ACT_CONFIRM:
            return delete_start(t, d);
        case TUI_ACT_BACK:
            return delete_leave(t, d);
        default:
            return TUI_NONE;
        }
    case DELETE_SENDING:
        if (in->action != TUI_ACT_CANCEL && in->action != TUI_ACT_BACK)
            return TUI_NONE;
        jobs_cancel(t);
        return TUI_REDRAW;
    case DELETE_FOLLOWING:
        if (in->action != TUI_ACT_CANCEL && in->action != TUI_ACT_BACK)
            return TUI_NONE;
        delete_stop(t, d, STOP_BY_USER);
        return TUI_REDRAW;
    case DELETE_FAILED:
    case DELETE_STOPPED:
        /* Once the resources are released, or to follow it again: the
         * question once more. */
        if (in->action == TUI_ACT_DELETE_ROLE) {
            delete_open(t, d->role);
            return TUI_REDRAW;
        }
        if (in->action == TUI_ACT_BACK)
            return delete_leave(t, d);
        return d->phase == DELETE_FAILED
                   ? delete_failed_handle(t, d, in->action) : TUI_NONE;
    case DELETE_DONE:
        return in->action == TUI_ACT_BACK ? delete_leave(t, d) : TUI_NONE;
    }
    return TUI_NONE;
}

void delete_open(struct tui *t, const char *role_name)
{
    struct delete *d = delete_of(t);
    char *role = strdup(role_name ? role_name : "");

    if (!role || !role[0]) {
        free(role);
        tui_say(t, DRAW_ERROR, N_("No role to delete"));
        return;
    }
    jobs_after_cancel(t);
    free(d->role);
    free(d->task);
    d->task = NULL;
    slr_deletion_free(&d->del);
    buf_reset(&d->report);
    buf_reset(&d->list);
    d->role = role;
    d->entry = slr_service_of(&t->session.catalog, role);
    /* Opened again from its own prompt or the error pane: back still
     * leads where it first came from. */
    if (t->screen != SCREEN_DELETE && t->screen != SCREEN_PROMPT &&
        t->screen != SCREEN_ERROR)
        d->from = t->screen;
    d->phase = DELETE_ASK;
    d->yes = false;
    d->pending = NULL;
    d->started_ms = d->ended_ms = 0;
    d->scroll.top = 0;
    tui_status_clear(t);
    screens_show(t, SCREEN_DELETE);
}

static int delete_init(struct tui *t)
{
    struct delete *d = delete_of(t);

    buf_init(&d->report, DELETE_TEXT_MAX);
    buf_init(&d->list, DELETE_TEXT_MAX);
    d->from = SCREEN_PICKER;
    return 0;
}

static void delete_done(struct tui *t)
{
    struct delete *d = delete_of(t);

    free(d->role);
    free(d->task);
    slr_deletion_free(&d->del);
    buf_free(&d->report);
    buf_free(&d->list);
}

/* A failure's report and list, worded in the language of now. */
static void delete_relang(struct tui *t)
{
    struct delete *d = delete_of(t);
    size_t top = d->scroll.top;

    if (d->phase != DELETE_FAILED)
        return;
    delete_failed(d);
    d->scroll.top = top;
}

const struct screen delete_screen = {
    .id = SCREEN_DELETE,
    .name = "delete",
    .state_size = sizeof(struct delete),
    .init = delete_init,
    .done = delete_done,
    .draw = delete_draw,
    .handle = delete_handle,
    .back = SCREEN_PICKER,
    .relang = delete_relang,
};
