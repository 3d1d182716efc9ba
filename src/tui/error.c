/* error — a failed call: the cloud's code and message (or what went
 * wrong on the way), a hint, and the RAM policy that would allow it; r
 * sends the same request again, e goes back to where it was made with
 * everything typed kept, b goes back to the services; c copies the
 * policy and s saves it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "app/refusals.h"
#include "tui/jobs.h"
#include "tui/state.h"
#include "tui/widgets.h"

/* The labels' columns at least (the widest translated label decides). */
#define ERROR_LABEL_COLS 12

struct error {
    struct explanation x;       /* scrubbed when it was explained */
    struct scroll scroll;       /* of the policy */
    /* The request that failed, to send again (r): a copy never queued
     * itself, so its done is the one that made it.  NULL: none. */
    struct tui_job *again;
    enum screen_id from;        /* where e goes back to */
    /* What the failure was about, to explain it again in another
     * language ("": not known). */
    char service[128], role[256];
    unsigned shown;             /* error_show calls, so a retry's done
                                 * can tell whether it showed one */
};

static struct error *error_of(const struct tui *t)
{
    return t->state[SCREEN_ERROR];
}

void error_show(struct tui *t, const struct api_error *e,
                const char *service, const char *role_name)
{
    struct error *er = error_of(t);

    explain_error(&er->x, e, service, role_name);
    snprintf(er->service, sizeof(er->service), "%s", service ? service : "");
    snprintf(er->role, sizeof(er->role), "%s", role_name ? role_name : "");
    er->scroll.top = 0;
    er->shown++;
    jobs_free(er->again);
    er->again = NULL;
    /* Shown again after a retry: e still goes where it went. */
    if (t->screen != SCREEN_ERROR && t->screen != SCREEN_PROMPT)
        er->from = t->screen;
    screens_show(t, SCREEN_ERROR);
}

static void error_again_done(struct tui *t, struct tui_job *j);

void error_show_job(struct tui *t, const struct tui_job *j)
{
    struct error *er = error_of(t);
    void (*done)(struct tui *, struct tui_job *) =
        er->again ? er->again->done : NULL;

    error_show(t, &j->err, j->service, j->role_name);
    er->again = jobs_again(t, j);
    /* A retry's own job: the request's done stays the one to call. */
    if (er->again && er->again->done == error_again_done)
        er->again->done = done;
}

/* The answer to r: the request's own done decides (the result pane, the
 * error pane again); if it showed nothing, a failure is shown here and a
 * success goes back to where the request was made. */
static void error_again_done(struct tui *t, struct tui_job *j)
{
    struct error *er = error_of(t);
    void (*done)(struct tui *, struct tui_job *) =
        er->again ? er->again->done : NULL;
    unsigned shown = er->shown;

    if (done)
        done(t, j);
    if (er->shown != shown || t->screen != SCREEN_ERROR)
        return;
    if (j->rc && j->err.kind == API_ERR_CANCELLED) {
        if (!t->status[0])
            tui_say(t, DRAW_WARNING, N_("Cancelled: r sends it "
                                                "again"));
        return;
    }
    if (j->rc) {
        error_show_job(t, j);
        return;
    }
    screens_show(t, er->from);
    if (er->x.e.action[0])
        tui_say_words(t, DRAW_OK, N_("%s went through this time"),
                      er->x.e.action, NULL);
    else
        tui_say_what(t, DRAW_OK, N_("%s went through this time"),
                     N_("The request"), NULL);
}

static void error_retry(struct tui *t)
{
    struct error *er = error_of(t);
    struct tui_job *j;

    if (t->busy)
        return;
    if (!er->again) {
        tui_say(t, DRAW_WARNING, N_("This request cannot be sent "
                                            "again from here: e goes back "
                                            "to where it was made"));
        return;
    }
    if (!(j = jobs_again(t, er->again))) {
        tui_say(t, DRAW_ERROR, N_("out of memory"));
        return;
    }
    j->done = error_again_done;
    tui_status_clear(t);
    jobs_start(t, j);
}

/* Where the cloud's refusal of a suffix is remembered; returns the rows
 * it took. */
static int error_remembered(int y, int x, int w)
{
    char path[4300], buf[1200];

    refusals_path(path, sizeof(path));
    if (path[0])
        snprintf(buf, sizeof(buf), _("Remembered in %.900s: the form will "
                                     "say so for this service next time."),
                 path);
    else
        snprintf(buf, sizeof(buf), "%s", _("Remembered: the form will say "
                                           "so for this service next "
                                           "time."));
    return draw_wrap(y, x, w, 2, DRAW_DIM, buf);
}

/* The title: "ListRoles failed (after 4 attempts)", or the request in
 * flight again. */
static void error_title(struct tui *t, const struct api_error *e, int y,
                        int cols)
{
    struct buf title;

    buf_init(&title, 1200);
    if (t->busy) {
        long ms = jobs_elapsed_ms(t);

        buf_printf(&title, _(" %s Sending %s again ... %ld.%lds  (Esc "
                             "cancels)"), draw_spinner(ms),
                   e->action[0] ? e->action : _("the request"), ms / 1000,
                   (ms % 1000) / 100);
        draw_fill(y, 0, cols, DRAW_WARNING, buf_str(&title));
    } else {
        buf_printf(&title, " %s %s",
                   e->action[0] ? e->action : _("The request"),
                   explain_title(e));
        explain_attempts(&title, e);
        draw_fill(y, 0, cols, DRAW_ERROR, buf_str(&title));
    }
    buf_free(&title);
}

static void error_draw(struct tui *t, int rows, int cols)
{
    struct error *er = error_of(t);
    const struct api_error *e = &er->x.e;
    const char *p = buf_str(&er->x.message);
    static const char *const labels[] = {
        N_("HTTP status"), N_("Message"), N_("Detail"), N_("Denied"),
        N_("Hint"), NULL
    };
    int y = 1, lw = draw_label_cols(ERROR_LABEL_COLS, labels);
    int w = cols - 2, bottom = rows - 1;
    char buf[1200];

    tui_header(t, cols);
    error_title(t, e, y++, cols);
    y++;
    if (e->kind == API_ERR_CLOUD) {
        draw_field(y++, 1, w, lw, "Code", DRAW_ERROR, e->code);
        if (e->http_status) {
            snprintf(buf, sizeof(buf), "%ld", e->http_status);
            draw_field(y++, 1, w, lw, _("HTTP status"), DRAW_NORMAL, buf);
        }
    }
    draw_put(y, 1, lw, DRAW_DIM,
             e->kind == API_ERR_CLOUD ? _("Message") : _("Detail"));
    y += draw_wrap(y, 1 + lw, w - lw, 3, DRAW_NORMAL, p[0] ? p : "-");
    draw_field(y++, 1, w, lw, "RequestId", DRAW_DIM,
               e->request_id[0] ? e->request_id : "-");
    if (e->recommend[0]) {
        /* Wrapped, not cut: a link is no use without its end. */
        draw_put(y, 1, lw, DRAW_DIM, "Recommend");
        y += draw_wrap(y, 1 + lw, w - lw, 2, DRAW_NORMAL, e->recommend);
    }
    if (buf_len(&er->x.denied)) {
        draw_put(y, 1, lw, DRAW_DIM, _("Denied"));
        y += draw_wrap(y, 1 + lw, w - lw, 3, DRAW_NORMAL,
                       buf_str(&er->x.denied));
    }
    if (buf_len(&er->x.hint)) {
        /* A refusal with an AccessDeniedDetail has a sentence more. */
        draw_put(y, 1, lw, DRAW_DIM, _("Hint"));
        y += draw_wrap(y, 1 + lw, w - lw, buf_len(&er->x.denied) ? 5 : 4,
                       DRAW_WARNING, buf_str(&er->x.hint));
    }
    if (strcmp(e->code, "InvalidParameter.CustomSuffix.NotAllowed") == 0)
        y += error_remembered(y, 1 + lw, w - lw);
    /* How the last r or c or s ended, above the footer. */
    if (t->status[0]) {
        bottom = rows - 2;
        draw_put(bottom, 1, w, t->status_role,
                 tui_status_text(t));
    }
    if (!buf_len(&er->x.policy))
        return;
    y++;
    draw_put(y++, 1, w, DRAW_TITLE, _("A RAM policy that allows it (attach "
                                      "it to this user, or ask an "
                                      "administrator):"));
    /* Down to the row above the status line or the footer. */
    scroll_draw_text(&er->scroll, buf_str(&er->x.policy), y, 3, w - 2,
                     bottom - y, DRAW_JSON_STRING);
}

static enum tui_reaction error_copy(struct tui *t)
{
    struct error *er = error_of(t);

    if (!buf_len(&er->x.policy))
        tui_say(t, DRAW_WARNING, N_("No policy to copy: this "
                                            "failure is not a missing "
                                            "permission"));
    else if (draw_osc52(buf_str(&er->x.policy)) == 0)
        tui_say(t, DRAW_OK, N_("Copied the policy to the clipboard "
                                       "(OSC 52: the terminal must allow "
                                       "it)"));
    else
        tui_say(t, DRAW_ERROR, N_("Could not copy the policy"));
    return TUI_REDRAW;
}

static enum tui_reaction error_save(struct tui *t)
{
    struct error *er = error_of(t);
    char name[160];

    if (!buf_len(&er->x.policy)) {
        tui_say(t, DRAW_WARNING, N_("No policy to save: this "
                                            "failure is not a missing "
                                            "permission"));
        return TUI_REDRAW;
    }
    snprintf(name, sizeof(name), "policy-%.64s.json",
             er->x.e.action[0] ? er->x.e.action : "linkrole");
    if (prompt_open_text(t, name, N_("the RAM policy"),
                         buf_str(&er->x.policy)) != 0)
        tui_say(t, DRAW_ERROR, N_("out of memory"));
    return TUI_REDRAW;
}

static enum tui_reaction error_handle(struct tui *t,
                                      const struct tui_input *in)
{
    struct error *er = error_of(t);

    switch (in->action) {
    case TUI_ACT_CANCEL:
        jobs_cancel(t);
        return TUI_REDRAW;
    case TUI_ACT_BACK:
        tui_status_clear(t);
        return TUI_BACK;
    case TUI_ACT_RETRY:
        error_retry(t);
        return TUI_REDRAW;
    case TUI_ACT_EDIT:
        tui_status_clear(t);
        screens_show(t, screens_get(er->from) ? er->from : SCREEN_PICKER);
        return TUI_REDRAW;
    case TUI_ACT_COPY:
        return error_copy(t);
    case TUI_ACT_SAVE:
        return error_save(t);
    default:
        break;
    }
    return scroll_handle(&er->scroll, in->action) ? TUI_REDRAW : TUI_NONE;
}

static int error_init(struct tui *t)
{
    error_of(t)->from = SCREEN_PICKER;
    explain_init(&error_of(t)->x);
    return 0;
}

static void error_done(struct tui *t)
{
    struct error *er = error_of(t);

    explain_free(&er->x);
    jobs_free(er->again);
    er->again = NULL;
}

/* The explanation again, in the language of now (from the failure as it
 * was kept, scrubbed). */
static void error_relang(struct tui *t)
{
    struct error *er = error_of(t);
    struct api_error e = er->x.e;

    if (e.kind == API_ERR_NONE)
        return;
    explain_error(&er->x, &e, er->service[0] ? er->service : NULL,
                  er->role[0] ? er->role : NULL);
}

const struct screen error_screen = {
    .id = SCREEN_ERROR,
    .name = "error",
    .state_size = sizeof(struct error),
    .init = error_init,
    .done = error_done,
    .draw = error_draw,
    .handle = error_handle,
    .back = SCREEN_PICKER,
    .relang = error_relang,
};
