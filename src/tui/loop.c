/* loop — the event loop and the dispatch of keys (see loop.h). */
#include "config.h"

#include "tui/loop.h"

#include <curses.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "app/i18n.h"
#include "core/buf.h"
#include "tui/draw.h"
#include "tui/jobs.h"
#include "tui/keys.h"
#include "tui/screens.h"
#include "tui/state.h"
#include "tui/term.h"
#include "tui/widgets.h"

#define LOOP_TICK_MS 100
#define LOOP_MIN_COLS 60
#define LOOP_MIN_LINES 16
/* Text held for the screen at once: far more than any field takes (the
 * longest, the description, holds 8 KiB), so a paste fills the field
 * and the rest of a huge one is read and dropped, never kept. */
#define LOOP_TEXT_MAX (64 * 1024)
/* A paste whose end marker never comes (a terminal that lost it) ends
 * after this long without input, so keys work again. */
#define LOOP_PASTE_IDLE_MS 1000
/* The wheel turned down: button 5, where curses has one. */
#ifdef BUTTON5_PRESSED
#define LOOP_WHEEL_DOWN BUTTON5_PRESSED
#else
#define LOOP_WHEEL_DOWN 0
#endif

/* Text arrives in bursts: what one wake-up reads.  A person types one
 * key per burst; a paste, or keys typed ahead while the UI was busy,
 * come as many.  The rule (doc/architecture.md): once printable text
 * went into a field in a burst, an Enter or Tab later in the same burst
 * is part of that text (a space), never a press -- so a paste without
 * bracketed paste cannot move to the Create button or press it. */
/* Where an escape sequence curses did not know stands (loop_escape). */
enum loop_esc {
    LOOP_ESC_NONE,
    LOOP_ESC_SEEN,          /* an ESC, the rest of its burst decides */
    LOOP_ESC_CSI,           /* ESC [ and its parameters: up to a final */
    LOOP_ESC_SS3            /* ESC O: one more byte */
};

static struct {
    bool help;              /* the help overlay is up */
    enum loop_esc esc;
    bool typed;             /* this burst put text into a field */
    bool pasting;           /* between the bracketed paste's markers */
    struct buf text;        /* typed or pasted, not yet given to the screen */
    unsigned long keys;     /* keys and clicks taken, for the frame hook */
    /* The last frame, when its screen asked to draw the next one over it
     * (draw_frame_keep): which screen, at which size. */
    bool kept;
    enum screen_id kept_screen;
    int kept_lines, kept_cols;
    bool clean;             /* the next frame starts from a blank screen */
} loop;

static void loop_flush(struct tui *t);

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
    bool small = loop_too_small();
    /* Drawn over the last frame when its screen asked for that, and it
     * is the same screen at the same size with nothing over it: the
     * screen repaints what changed (draw.h).  Else from a blank one. */
    bool over = loop.kept && !loop.clean && !small && !loop.help &&
                t->screen == loop.kept_screen && LINES == loop.kept_lines &&
                COLS == loop.kept_cols;
    int y, x;

    if (!over)
        erase();
    draw_frame_reuse(over);
    draw_frame_begin();
    if (small) {
        loop_too_small_draw();
        draw_frame_begin();
    } else {
        screens_draw(t, LINES, COLS);
        draw_only_rows(NULL, 0);
        if (loop.help) {
            widgets_help(t->screen, t->busy, screens_takes_text(t), LINES,
                         COLS);
            draw_frame_begin();
        }
    }
    loop.kept = draw_frame_kept() && !small && !loop.help;
    loop.kept_screen = t->screen;
    loop.kept_lines = LINES;
    loop.kept_cols = COLS;
    loop.clean = false;
    if (draw_cursor_at(&y, &x)) {
        move(y, x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    refresh();
    /* curses has written the frame and flushed it: now it is on the
     * terminal (LINKROLE_FRAME_FD, for the benchmarks). */
    term_frame_done(loop.keys, screens_get(t->screen)
                                   ? screens_get(t->screen)->name : NULL);
}

void loop_click(struct tui *t, int y, int x)
{
    struct tui_input in = { .action = TUI_ACT_CLICK, .y = y, .x = x };

    loop.keys++;
    if (loop.pasting)
        return;
    loop_flush(t);
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
    loop.clean = true;
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
    /* Where the terminal description names ESC [ 1 ~ and ESC [ 4 ~ Find
     * and Select (VT220 keypads), they are what tmux sends for Home and
     * End. */
    { KEY_FIND, KEYS_HOME }, { KEY_SELECT, KEYS_END },
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

/* An action (not text) for the screen shown. */
static void loop_act(struct tui *t, const struct tui_input *in)
{
    /* Any key closes the help; Ctrl-C still quits. */
    if (loop.help) {
        loop.help = false;
        if (in->action != TUI_ACT_QUIT)
            return;
    }
    /* Too small to draw a screen: only Ctrl-C and Ctrl-L work. */
    if (loop_too_small() && in->action != TUI_ACT_QUIT &&
        in->action != TUI_ACT_REDRAW)
        return;
    switch (in->action) {
    case TUI_ACT_NONE:
        return;
    case TUI_ACT_HELP:
        loop.help = true;
        return;
    case TUI_ACT_REDRAW:
        /* Ctrl-L: the terminal and the frame made again from nothing. */
        clearok(curscr, TRUE);
        loop.clean = true;
        return;
    default:
        screens_handle(t, in);
    }
}

/* Hands the text held to the screen as one paste, when it still takes
 * text (it always does: nothing else ran since the text was held, but
 * a paste over the help or a too-small screen is dropped). */
static void loop_flush(struct tui *t)
{
    struct tui_input in = { .action = TUI_ACT_PASTE };

    if (!buf_len(&loop.text))
        return;
    in.text = buf_str(&loop.text);
    in.len = buf_len(&loop.text);
    /* Copying a line takes its line break along: that one is dropped,
     * the others become spaces (in lineedit_insert). */
    while (in.len && (in.text[in.len - 1] == '\r' ||
                      in.text[in.len - 1] == '\n'))
        in.len--;
    if (!loop.help && !loop_too_small() && screens_takes_text(t))
        screens_handle(t, &in);
    buf_reset(&loop.text);
}

/* Holds key's character (its UTF-8 bytes) for the screen; past
 * LOOP_TEXT_MAX the rest is dropped. */
static void loop_hold(int key)
{
    char mb[MB_LEN_MAX];
    mbstate_t st;
    size_t n;

    if (!loop.text.max)
        buf_init(&loop.text, LOOP_TEXT_MAX);
    memset(&st, 0, sizeof(st));
    n = key >= 0 && key < KEYS_UP ? wcrtomb(mb, (wchar_t)key, &st)
                                  : (size_t)-1;
    if (n != (size_t)-1)
        (void)buf_add(&loop.text, mb, n);
}

/* Enter and Tab: what moves on or presses a button, and what a pasted
 * line break or tab arrives as. */
static bool loop_is_break(int key)
{
    return key == '\r' || key == '\n' || key == '\t' ||
           key == KEYS_KP_ENTER || key == KEYS_BTAB;
}

static void loop_burst_deliver(struct tui *t, int key)
{
    struct tui_input in;
    bool text = screens_takes_text(t);

    keys_input(t->screen, t->busy, text, key, &in);
    if (in.action == TUI_ACT_INSERT && !loop.help) {
        loop_hold(key);
        loop.typed = true;
        return;
    }
    if (loop.typed && loop_is_break(key)) {
        /* Came with the text: part of it (a space), or nothing. */
        if (text)
            loop_hold(key == '\t' || key == KEYS_BTAB ? '\t' : '\r');
        return;
    }
    loop_flush(t);
    loop_act(t, &in);
}

/* Escape sequences curses does not know (ESC [ 9 9 ~, ESC [ 1 ; 9 Z,
 * a key of a terminal it was not told about) come as ESC and then their
 * bytes, all in one burst: curses has read them all before it gives up
 * on the sequence.  They are dropped whole, so they neither press Esc
 * nor type "[99~".  An ESC alone at the end of its burst is the Esc key
 * (loop_burst_end); one a sequence split over a slow link left behind
 * has waited the escape delay (term.c) before it got here.  Returns
 * whether key was taken here. */
static bool loop_escape(struct tui *t, int key)
{
    switch (loop.esc) {
    case LOOP_ESC_NONE:
        if (key != 27)
            return false;
        loop.esc = LOOP_ESC_SEEN;
        return true;
    case LOOP_ESC_SEEN:
        loop.esc = LOOP_ESC_NONE;
        if (key == '[') {
            loop.esc = LOOP_ESC_CSI;
            return true;
        }
        if (key == 'O') {
            loop.esc = LOOP_ESC_SS3;
            return true;
        }
        /* Esc pressed, then a key of its own typed ahead (Esc q), or
         * Alt and a character, which is the same bytes. */
        loop_burst_deliver(t, 27);
        return loop_escape(t, key);
    case LOOP_ESC_CSI:
        /* Parameter and intermediate bytes, then one final byte. */
        if (key >= 0x20 && key <= 0x3f)
            return true;
        loop.esc = LOOP_ESC_NONE;
        return key >= 0x40 && key <= 0x7e;
    case LOOP_ESC_SS3:
        loop.esc = LOOP_ESC_NONE;
        return key < KEYS_UP;
    }
    return false;
}

void loop_burst_key(struct tui *t, int key)
{
    loop.keys++;
    if (loop.pasting) {
        /* Everything pasted is text; the field filters it. */
        loop_hold(key);
        return;
    }
    if (!loop_escape(t, key))
        loop_burst_deliver(t, key);
}

void loop_burst_end(struct tui *t)
{
    if (loop.pasting)
        return;
    /* An ESC nothing followed: the Esc key.  A sequence cut short
     * (ESC [ 1 without its final byte) waits for the rest. */
    if (loop.esc == LOOP_ESC_SEEN) {
        loop.esc = LOOP_ESC_NONE;
        loop_burst_deliver(t, 27);
    }
    loop_flush(t);
    loop.typed = false;
}

void loop_key(struct tui *t, int key)
{
    loop_burst_key(t, key);
    loop_burst_end(t);
}

void loop_paste_begin(struct tui *t)
{
    loop_flush(t);
    loop.pasting = true;
}

void loop_paste_end(struct tui *t)
{
    if (!loop.pasting)
        return;
    loop.pasting = false;
    loop_flush(t);
    /* An Enter right behind the paste came with it. */
    loop.typed = true;
}

void loop_paste(struct tui *t, const char *text, size_t len)
{
    loop_paste_begin(t);
    if (!loop.text.max)
        buf_init(&loop.text, LOOP_TEXT_MAX);
    (void)buf_add(&loop.text, text, len < LOOP_TEXT_MAX ? len
                                                        : LOOP_TEXT_MAX);
    loop_paste_end(t);
    loop_burst_end(t);
}

void loop_done(void)
{
    buf_free(&loop.text);
    loop.pasting = loop.typed = false;
    loop.kept = false;
    loop.esc = LOOP_ESC_NONE;
}

/* What get_wch read: a key, a click, a new size, or a bracketed
 * paste's marker. */
static void loop_input(struct tui *t, int r, wint_t wc)
{
    MEVENT ev;
    int key;

    if (r == KEY_CODE_YES && wc == TERM_KEY_PASTE_BEGIN) {
        loop_paste_begin(t);
        return;
    }
    if (r == KEY_CODE_YES && wc == TERM_KEY_PASTE_END) {
        loop_paste_end(t);
        return;
    }
    if (r == KEY_CODE_YES && wc == KEY_MOUSE) {
        if (getmouse(&ev) != OK)
            return;
        if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
            loop_click(t, ev.y, ev.x);
        /* The wheel moves as Up and Down do. */
        else if (ev.bstate & BUTTON4_PRESSED)
            loop_burst_key(t, KEYS_UP);
        else if (ev.bstate & LOOP_WHEEL_DOWN)
            loop_burst_key(t, KEYS_DOWN);
        return;
    }
    if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
        loop_resize();
        return;
    }
    /* Inside a paste, a character is text whatever it is; a key curses
     * named (the pasted bytes looked like one) is dropped. */
    if (loop.pasting) {
        if (r != KEY_CODE_YES)
            loop_burst_key(t, (int)wc);
        return;
    }
    key = loop_key_of(r, wc);
    if (key >= 0)
        loop_burst_key(t, key);
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

/* poll said the terminal is readable and curses read nothing.  Either
 * the bytes are the start of a sequence curses holds until the rest
 * comes, or the terminal is gone: then read(2) answers 0 (end of file)
 * or EIO.  Heavy input is never loss: FIONREAD sees bytes waiting
 * without taking one. */
static bool loop_tty_gone(void)
{
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
    unsigned char c;
    int avail = 0;
    ssize_t r;

    if (ioctl(STDIN_FILENO, FIONREAD, &avail) == 0 && avail > 0)
        return false;
    if (poll(&p, 1, 0) <= 0)
        return false;
    if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
        return true;
    /* Readable with nothing waiting: this read cannot block. */
    r = read(STDIN_FILENO, &c, 1);
    if (r == 0 || (r < 0 && errno == EIO))
        return true;
    /* A key came in between: curses reads it next. */
    if (r == 1)
        ungetch(c);
    return false;
}

int loop_run(struct tui *t)
{
    const char *script = getenv("LINKROLE_TUI_SCRIPT");
    int rc = 0;

    loop.help = false;
    loop.kept = false;
    if (term_headless()) {
        jobs_drawn(t);
        rc = script_run(t, script ? script : "/dev/null");
        goto out;
    }
    loop_frame(t);
    jobs_drawn(t);
    while (!t->quit) {
        int fd = jobs_fd(t);
        struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 },
                               { fd, POLLIN, 0 } };
        int n, got = 0, r, wait = -1;
        long timer;
        wint_t wc;

        if (term_signal())
            break;
        /* While pasting, a timeout means the paste's end was lost. */
        if (loop.pasting)
            wait = LOOP_PASTE_IDLE_MS;
        else if (jobs_pending(t))
            wait = LOOP_TICK_MS;
        /* A timer set: ticks for the spinner, and wakes when due. */
        if (!loop.pasting && (timer = jobs_timer_wait(t)) >= 0)
            wait = timer < LOOP_TICK_MS ? (int)timer : LOOP_TICK_MS;
        n = poll(p, fd >= 0 ? 2 : 1, wait);
        if (n < 0 && errno != EINTR) {
            rc = 128 + SIGHUP;
            goto out;
        }
        if (term_signal())
            break;
        if (term_resumed())
            loop_resume();
        if (n > 0 && fd >= 0 && (p[1].revents & POLLIN))
            jobs_wake(t);
        jobs_timer_run(t, false);
        /* The terminal went away: end rather than spin. */
        if (n > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
            rc = 128 + SIGHUP;
            goto out;
        }
        /* Also after EINTR: SIGWINCH becomes KEY_RESIZE here. */
        while (!t->quit && (r = get_wch(&wc)) != ERR) {
            got++;
            loop_input(t, r, wc);
        }
        if (n > 0 && (p[0].revents & POLLIN) && !got && loop_tty_gone()) {
            rc = 128 + SIGHUP;
            goto out;
        }
        /* A paste that stopped short of its end marker. */
        if (n == 0 && loop.pasting && !got)
            loop_paste_end(t);
        loop_burst_end(t);
        loop_frame(t);
    }
    rc = term_signal() ? 128 + term_signal() : 0;
out:
    loop_done();
    return rc;
}
