/* loop — the event loop and the dispatch of keys (see loop.h). */
#include "config.h"

#include "tui/loop.h"

#include <curses.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/i18n.h"
#include "tui/draw.h"
#include "tui/term.h"

#define LOOP_TICK_MS 100
/* Consecutive "readable but nothing read" wake-ups before the terminal
 * counts as gone (a hung-up pty reads as readable forever). */
#define LOOP_LOST_STREAK 50
#define LOOP_MIN_COLS 60
#define LOOP_MIN_LINES 16

static struct {
    bool help;              /* the help overlay is up */
} loop;

static bool loop_too_small(void)
{
    return COLS < LOOP_MIN_COLS || LINES < LOOP_MIN_LINES;
}

static void loop_too_small_draw(void)
{
    char msg[256];

    snprintf(msg, sizeof(msg), _("Terminal too small: %dx%d. linkrole "
             "needs at least %dx%d; enlarge the window, or press Ctrl-C to "
             "quit."), COLS, LINES, LOOP_MIN_COLS, LOOP_MIN_LINES);
    draw_wrap(0, 0, COLS, LINES, DRAW_WARNING, msg);
}

void loop_frame(const struct loop_app *app)
{
    bool text;
    unsigned screen = app->screen(app->ctx, &text);
    int y, x;

    erase();
    draw_frame_begin();
    if (loop_too_small()) {
        loop_too_small_draw();
        draw_frame_begin();
    } else {
        app->draw(app->ctx, LINES, COLS);
        if (loop.help) {
            keys_help(screen);
            draw_frame_begin();
        }
    }
    if (draw_cursor_at(&y, &x)) {
        move(y, x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    refresh();
}

void loop_click(const struct loop_app *app, int y, int x)
{
    struct tui_input in = { TUI_ACT_CLICK, 0, y, x };

    if (loop.help) {
        loop.help = false;
        return;
    }
    if (!loop_too_small())
        app->handle(app->ctx, &in);
}

void loop_resize(const struct loop_app *app)
{
    struct tui_input in = { TUI_ACT_RESIZE, 0, 0, 0 };

    /* Everything is laid out again from LINES and COLS. */
    clearok(curscr, TRUE);
    app->handle(app->ctx, &in);
}

void loop_key(const struct loop_app *app, int r, wint_t wc)
{
    struct tui_input in = { TUI_ACT_NONE, 0, 0, 0 };
    int key = r == KEY_CODE_YES ? (int)wc : 0;
    int ch = r == KEY_CODE_YES ? 0 : (int)wc;
    bool text = false;
    unsigned screen = app->screen(app->ctx, &text);

    if (key == KEY_MOUSE) {
        MEVENT ev;

        if (getmouse(&ev) == OK &&
            (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
            loop_click(app, ev.y, ev.x);
        return;
    }
    if (key == KEY_RESIZE) {
        loop_resize(app);
        return;
    }
    in.action = keys_lookup(screen, key, ch);
    /* Any key closes the help; Ctrl-C still quits. */
    if (loop.help) {
        loop.help = false;
        if (in.action != TUI_ACT_QUIT)
            return;
    }
    if (loop_too_small()) {
        if (in.action == TUI_ACT_QUIT || in.action == TUI_ACT_REDRAW)
            app->handle(app->ctx, &in);
        return;
    }
    if (in.action == TUI_ACT_NONE && text && !key && ch >= 32 &&
        ch != 127 && !(ch >= 0x80 && ch < 0xa0)) {
        in.action = TUI_ACT_INSERT;
        in.ch = (wchar_t)ch;
    }
    switch (in.action) {
    case TUI_ACT_NONE:
        return;
    case TUI_ACT_HELP:
        loop.help = true;
        return;
    case TUI_ACT_REDRAW:
        clearok(curscr, TRUE);
        return;
    default:
        app->handle(app->ctx, &in);
    }
}

void loop_wake(const struct loop_app *app)
{
    int fd = app->wake_fd(app->ctx);
    struct pollfd p = { fd, POLLIN, 0 };

    if (fd >= 0 && poll(&p, 1, 0) > 0)
        app->wake(app->ctx);
}

/* Back from Ctrl-Z: lay out again at the terminal's size now. */
static void loop_resume(const struct loop_app *app)
{
    struct winsize ws;

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
        ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
    loop_resize(app);
}

int loop_run(const struct loop_app *app)
{
    const char *script = getenv("LINKROLE_TUI_SCRIPT");
    int streak = 0;

    loop.help = false;
    if (term_headless())
        return script_run(app, script ? script : "/dev/null");
    loop_frame(app);
    while (!app->done(app->ctx)) {
        int fd = app->wake_fd(app->ctx);
        struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 },
                               { fd, POLLIN, 0 } };
        int n, got = 0, r;
        wint_t wc;

        if (term_signal())
            break;
        n = poll(p, fd >= 0 ? 2 : 1,
                 app->busy(app->ctx) ? LOOP_TICK_MS : -1);
        if (n < 0 && errno != EINTR)
            return 128 + SIGHUP;
        if (term_signal())
            break;
        if (term_resumed())
            loop_resume(app);
        if (n > 0 && fd >= 0 && (p[1].revents & POLLIN))
            app->wake(app->ctx);
        /* The terminal went away: end rather than spin. */
        if (n > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
            return 128 + SIGHUP;
        /* Also after EINTR: SIGWINCH becomes KEY_RESIZE here. */
        while (!app->done(app->ctx) && (r = get_wch(&wc)) != ERR) {
            got++;
            loop_key(app, r, wc);
        }
        if (n > 0 && (p[0].revents & POLLIN) && !got) {
            if (++streak >= LOOP_LOST_STREAK)
                return 128 + SIGHUP;
        } else {
            streak = 0;
        }
        loop_frame(app);
    }
    return term_signal() ? 128 + term_signal() : 0;
}
