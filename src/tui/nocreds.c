/* nocreds — no credentials were found: where linkrole looked, and the
 * way into demo mode instead of an exit. */
#include "config.h"

#include "app/i18n.h"
#include "tui/state.h"

struct nocreds {
    /* Why the demo did not start (N_(), worded when drawn), or NULL. */
    const char *why;
};

static struct nocreds *nocreds_of(const struct tui *t)
{
    return t->state[SCREEN_NOCREDS];
}

static void nocreds_draw(struct tui *t, int rows, int cols)
{
    const struct nocreds *n = nocreds_of(t);
    int y = 2;

    (void)rows;
    tui_header(t, cols);
    draw_put(y++, 2, cols - 4, DRAW_ERROR, _("No credentials found."));
    y++;
    if (n->why)
        y += draw_wrap(y, 2, cols - 4, 6, DRAW_NORMAL, _(n->why)) + 1;
    y += draw_wrap(y, 2, cols - 4, 6, DRAW_NORMAL,
                   _("linkrole looks for them as the aliyun CLI does: "
                     "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                     "ALIBABA_CLOUD_ACCESS_KEY_SECRET, an aliyun CLI profile "
                     "(--profile), ~/.alibabacloud/credentials, or an ECS "
                     "instance's role.")) + 1;
    draw_put(y, 2, cols - 4, DRAW_TITLE,
             _("Press d for demo mode (a simulated account in this "
               "process), q to quit."));
}

static enum tui_reaction nocreds_handle(struct tui *t,
                                        const struct tui_input *in)
{
    struct nocreds *n = nocreds_of(t);

    if (in->action != TUI_ACT_DEMO)
        return TUI_NONE;
    t->opts->demo = true;
    if (tui_start(t))
        n->why = N_("The demo account could not be set up.");
    return TUI_REDRAW;
}

const struct screen nocreds_screen = {
    .id = SCREEN_NOCREDS,
    .name = "nocreds",
    .state_size = sizeof(struct nocreds),
    .draw = nocreds_draw,
    .handle = nocreds_handle,
    .back = SCREEN_NOCREDS,
};
