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
#include "tui/jobs.h"
#include "tui/keys.h"
#include "tui/state.h"
#include "tui/term.h"
#include "tui/widgets.h"

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

void loop_frame(struct tui *t)
{
    int y, x;

    erase();
    draw_frame_begin();
    if (loop_too_small()) {
        loop_too_small_draw();
        draw_frame_begin();
    } else {
        screens_draw(t, LINES, COLS);
        if (loop.help) {
            widgets_help(t->screen, t->busy, LINES, COLS);
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

void loop_click(struct tui *t, int y, int x)
{
    struct tui_input in = { TUI_ACT_CLICK, 0, y, x };

    if (loop.help) {
        loop.help = false;
        return;
    }
    if (!loop_too_small())
        screens_handle(t, &in);
}

void loop_resize(void)
{
    /* Everything is laid out again from LINES and COLS. */
    clearok(curscr, TRUE);
}

/* The named keys as curses codes them: the one place they meet. */
static const struct {
    int curses;
    int key;
} loop_keymap[] = {
    { KEY_UP, KEYS_UP }, { KEY_DOWN, KEYS_DOWN }, { KEY_LEFT, KEYS_LEFT },
    { KEY_RIGHT, KEYS_RIGHT }, { KEY_PPAGE, KEYS_PGUP },
    { KEY_NPAGE, KEYS_PGDN }, { KEY_HOME, KEYS_HOME }, { KEY_END, KEYS_END },
    { KEY_BACKSPACE, KEYS_BACKSPACE }, { KEY_DC, KEYS_DELETE },
    { KEY_BTAB, KEYS_BTAB }, { KEY_ENTER, KEYS_KP_ENTER },
};

/* The key curses read (r is get_wch's answer: OK or KEY_CODE_YES), or
 * -1 for one no binding can name. */
static int loop_key_of(int r, wint_t wc)
{
    if (r != KEY_CODE_YES)
        return (int)wc;
    if ((int)wc >= KEY_F(1) && (int)wc <= KEY_F(12))
        return KEYS_F((int)wc - KEY_F0);
    for (size_t i = 0; i < sizeof(loop_keymap) / sizeof(loop_keymap[0]);
         i++)
        if (loop_keymap[i].curses == (int)wc)
            return loop_keymap[i].key;
    return -1;
}

void loop_key(struct tui *t, int key)
{
    struct tui_input in;

    keys_input(t->screen, t->busy, screens_takes_text(t), key, &in);
    /* Any key closes the help; Ctrl-C still quits. */
    if (loop.help) {
        loop.help = false;
        if (in.action != TUI_ACT_QUIT)
            return;
    }
    /* Too small to draw a screen: only Ctrl-C and Ctrl-L work. */
    if (loop_too_small() && in.action != TUI_ACT_QUIT &&
        in.action != TUI_ACT_REDRAW)
        return;
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
        screens_handle(t, &in);
    }
}

/* What get_wch read: a key, a click or a new size. */
static void loop_input(struct tui *t, int r, wint_t wc)
{
    MEVENT ev;
    int key;

    if (r == KEY_CODE_YES && wc == KEY_MOUSE) {
        if (getmouse(&ev) == OK &&
            (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
            loop_click(t, ev.y, ev.x);
        return;
    }
    if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
        loop_resize();
        return;
    }
    key = loop_key_of(r, wc);
    if (key >= 0)
        loop_key(t, key);
}

void loop_wake(struct tui *t)
{
    int fd = jobs_fd(t);
    struct pollfd p = { fd, POLLIN, 0 };

    if (fd >= 0 && poll(&p, 1, 0) > 0)
        jobs_wake(t);
}

/* Back from Ctrl-Z: lay out again at the terminal's size now. */
static void loop_resume(void)
{
    struct winsize ws;

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
        ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
    loop_resize();
}

int loop_run(struct tui *t)
{
    const char *script = getenv("LINKROLE_TUI_SCRIPT");
    int streak = 0;

    loop.help = false;
    if (term_headless())
        return script_run(t, script ? script : "/dev/null");
    loop_frame(t);
    while (!t->quit) {
        int fd = jobs_fd(t);
        struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 },
                               { fd, POLLIN, 0 } };
        int n, got = 0, r;
        wint_t wc;

        if (term_signal())
            break;
        n = poll(p, fd >= 0 ? 2 : 1,
                 jobs_pending(t) ? LOOP_TICK_MS : -1);
        if (n < 0 && errno != EINTR)
            return 128 + SIGHUP;
        if (term_signal())
            break;
        if (term_resumed())
            loop_resume();
        if (n > 0 && fd >= 0 && (p[1].revents & POLLIN))
            jobs_wake(t);
        /* The terminal went away: end rather than spin. */
        if (n > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
            return 128 + SIGHUP;
        /* Also after EINTR: SIGWINCH becomes KEY_RESIZE here. */
        while (!t->quit && (r = get_wch(&wc)) != ERR) {
            got++;
            loop_input(t, r, wc);
        }
        if (n > 0 && (p[0].revents & POLLIN) && !got) {
            if (++streak >= LOOP_LOST_STREAK)
                return 128 + SIGHUP;
        } else {
            streak = 0;
        }
        loop_frame(t);
    }
    return term_signal() ? 128 + term_signal() : 0;
}
