/* rolloutview — the rollout screen drawn (see rolloutview.h). */
#include "config.h"

#include "tui/rolloutview.h"

#include <stdio.h>
#include <string.h>

#include "app/exit.h"
#include "app/i18n.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/text.h"
#include "tui/state.h"

#define RO_ID_COLS 16
#define RO_TRIES_COLS 5
#define RO_STATE_MAX 14

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
    if (s->phase <= RO_ASK || (s->run && s->run->plan))
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
    int y = 3;

    if (!run)
        return;
    if (run->msg[0])
        snprintf(buf, sizeof(buf), "%s", run->msg);
    else
        snprintf(buf, sizeof(buf), _("The directory could not be read: "
                 "%s: %s"), run->err.code[0] ? run->err.code : run->err.action,
                 run->err.message[0] ? run->err.message : run->err.detail);
    y += draw_wrap(y, 1, cols - 2, rows - 8, DRAW_ERROR, buf);
    draw_wrap(y + 1, 1, cols - 2, 3, DRAW_DIM, _("A rollout starts from the "
              "management account of a Resource Directory (its credentials "
              "or a role in it). Esc goes back."));
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

void rolloutview_draw(struct tui *t, struct rollout_scr *s, int rows,
                      int cols)
{
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
