/* error — a failed call: the cloud's code and message (or what went
 * wrong on the way), a hint, and the RAM policy that would allow it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "app/refusals.h"
#include "tui/state.h"
#include "tui/widgets.h"

#define ERROR_LABEL_COLS 12

struct error {
    struct explanation x;       /* scrubbed when it was explained */
    struct scroll scroll;       /* of the policy */
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
    er->scroll.top = 0;
    screens_show(t, SCREEN_ERROR);
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

static void error_draw(struct tui *t, int rows, int cols)
{
    struct error *er = error_of(t);
    const struct api_error *e = &er->x.e;
    const char *p = buf_str(&er->x.message);
    int y = 1, lw = ERROR_LABEL_COLS, w = cols - 2;
    char buf[1200];

    tui_header(t, cols);
    snprintf(buf, sizeof(buf), " %s %s",
             e->action[0] ? e->action : _("The request"), explain_title(e));
    draw_fill(y++, 0, cols, DRAW_ERROR, buf);
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
    if (!buf_len(&er->x.policy))
        return;
    y++;
    draw_put(y++, 1, w, DRAW_TITLE, _("A RAM policy that allows it (attach "
                                      "it to this user, or ask an "
                                      "administrator):"));
    /* Down to the row above the footer. */
    scroll_draw_text(&er->scroll, buf_str(&er->x.policy), y, 3, w - 2,
                     rows - 1 - y, DRAW_JSON_STRING);
}

static enum tui_reaction error_handle(struct tui *t,
                                      const struct tui_input *in)
{
    if (in->action == TUI_ACT_BACK)
        return TUI_BACK;
    return scroll_handle(&error_of(t)->scroll, in->action) ? TUI_REDRAW
                                                          : TUI_NONE;
}

static int error_init(struct tui *t)
{
    explain_init(&error_of(t)->x);
    return 0;
}

static void error_done(struct tui *t)
{
    explain_free(&error_of(t)->x);
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
};
