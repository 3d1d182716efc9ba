/* term — the terminal's lifecycle and themes (see term.h). */
#include "config.h"

#include "tui/term.h"

#include <curses.h>
#include <term.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/i18n.h"

/* File-local because the signal handlers need it. */
static struct {
    SCREEN *screen;
    FILE *in, *out;         /* what newterm was given (script: null) */
    bool active;            /* curses owns the terminal */
    bool script;
    int saved_stderr;       /* the real fd 2 while parked */
    int parked_stderr;      /* the temporary file fd 2 writes to */
    attr_t attrs[DRAW_ROLE_COUNT];
    int frame_fd;           /* LINKROLE_FRAME_FD, or -1 */
    unsigned long frames;   /* frames drawn since term_open */
} term = { .saved_stderr = -1, .parked_stderr = -1, .frame_fd = -1 };

/* The escape delay: see term_open. */
#define TERM_ESCDELAY_MS 100
/* The wheel turned down: button 5, where curses has one. */
#ifdef BUTTON5_PRESSED
#define TERM_WHEEL_DOWN BUTTON5_PRESSED
#else
#define TERM_WHEEL_DOWN 0
#endif

static volatile sig_atomic_t term_caught;
static volatile sig_atomic_t term_continued;

_Static_assert(TERM_KEY_PASTE_BEGIN > KEY_MAX &&
               TERM_KEY_PASTE_END > KEY_MAX, "paste keys are curses' own");

/* Bracketed paste (xterm's mode 2004): the terminal wraps what is
 * pasted in ESC [ 200 ~ ... ESC [ 201 ~, so a pasted line break is
 * never an Enter.  Terminals that lack it ignore the request. */
static const char term_paste_on[] = "\033[?2004h";
static const char term_paste_off[] = "\033[?2004l";

/* Async-signal-safe: the suspend and crash paths use it too. */
static void term_paste_mode(bool on)
{
    const char *s = on ? term_paste_on : term_paste_off;
    ssize_t ignored;

    if (term.script || !term.out)
        return;
    ignored = write(fileno(term.out), s, strlen(s));
    (void)ignored;
}

/* curses' own Ctrl-Z handler (it gives the terminal back and takes it
 * again), which term_on_tstp wraps. */
static void (*term_curses_tstp)(int);

/* --- themes ------------------------------------------------------------ */

struct term_theme_entry {
    short fg, bg;
    attr_t color_attr;
    attr_t mono_attr;
};

static const struct term_theme_entry term_theme[DRAW_ROLE_COUNT] = {
    [DRAW_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
    [DRAW_HEADER] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
    [DRAW_FOOTER] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
    [DRAW_FOOTER_KEY] = { COLOR_WHITE, COLOR_CYAN, A_BOLD,
                          A_REVERSE | A_BOLD },
    [DRAW_SELECT] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
    [DRAW_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
    [DRAW_WARNING] = { COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE },
    [DRAW_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
    [DRAW_DIM] = { -1, -1, A_DIM, A_DIM },
    [DRAW_BADGE] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
    [DRAW_TITLE] = { -1, -1, A_BOLD, A_BOLD },
    [DRAW_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
    [DRAW_FIELD_FOCUS] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL,
                           A_UNDERLINE | A_BOLD },
    [DRAW_BUTTON] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE },
    [DRAW_BUTTON_OFF] = { -1, -1, A_DIM, A_DIM },
    [DRAW_JSON_KEY] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
    [DRAW_JSON_STRING] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
    [DRAW_JSON_PUNCT] = { -1, -1, A_DIM, A_NORMAL },
    [DRAW_JSON_NUMBER] = { COLOR_MAGENTA, -1, A_NORMAL, A_UNDERLINE },
    [DRAW_JSON_LITERAL] = { COLOR_YELLOW, -1, A_NORMAL, A_UNDERLINE },
};

static bool term_no_color_env(void)
{
    const char *v = getenv("NO_COLOR");

    /* The convention: present and not empty. */
    return v && *v;
}

static void term_theme_init(bool no_color)
{
    bool mono = no_color || term_no_color_env() || !has_colors();

    if (!mono && start_color() == ERR)
        mono = true;
    if (!mono)
        use_default_colors();
    for (int r = 0; r < DRAW_ROLE_COUNT; r++) {
        const struct term_theme_entry *t = &term_theme[r];

        if (mono || (t->fg == -1 && t->bg == -1) ||
            COLOR_PAIRS <= DRAW_ROLE_COUNT) {
            term.attrs[r] = mono ? t->mono_attr : t->color_attr;
            continue;
        }
        init_pair((short)r, t->fg, t->bg);
        term.attrs[r] = t->color_attr | COLOR_PAIR(r);
    }
}

/* --- signals ----------------------------------------------------------- */

static void term_stderr_restore(void)
{
    if (term.saved_stderr >= 0) {
        dup2(term.saved_stderr, STDERR_FILENO);
        close(term.saved_stderr);
        term.saved_stderr = -1;
    }
}

/* The terminal given back from a signal handler, as the process goes
 * down.  Not strictly async-signal-safe (endwin), but a restored terminal
 * is worth the risk then. */
static void term_restore_dying(void)
{
    if (term.active) {
        endwin();
        term_paste_mode(false);
        term.active = false;
    }
    term_stderr_restore();
}

static void term_on_fatal(int sig)
{
    term_restore_dying();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void term_on_signal(int sig)
{
    term_caught = sig;
}

static void term_on_cont(int sig)
{
    (void)sig;
    term_continued = 1;
}

/* Ctrl-Z: the shell gets a terminal without bracketed paste, and the UI
 * gets it back on fg. */
static void term_on_tstp(int sig)
{
    term_paste_mode(false);
    if (term_curses_tstp)
        term_curses_tstp(sig);
    term_paste_mode(true);
}

static void term_signals_install(void)
{
    static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                 SIGSYS, SIGQUIT };
    static const int ending[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa, old;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: poll must wake up to see the flag. */
    sa.sa_handler = term_on_signal;
    for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++)
        sigaction(ending[i], &sa, NULL);
    /* After Ctrl-Z and fg: no SIGWINCH comes, yet the size may differ. */
    sa.sa_handler = term_on_cont;
    sigaction(SIGCONT, &sa, NULL);
    /* curses installed its Ctrl-Z handler in newterm (when SIGTSTP was
     * not ignored): wrap it.  It puts back what was there after the
     * stop, which is this wrapper. */
    if (!term.script && sigaction(SIGTSTP, NULL, &old) == 0 &&
        !(old.sa_flags & SA_SIGINFO) && old.sa_handler != SIG_DFL &&
        old.sa_handler != SIG_IGN && old.sa_handler != term_on_tstp) {
        term_curses_tstp = old.sa_handler;
        sa.sa_handler = term_on_tstp;
        sa.sa_mask = old.sa_mask;
        sa.sa_flags = old.sa_flags;
        sigaction(SIGTSTP, &sa, NULL);
    }
    sa.sa_handler = term_on_fatal;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
        sigaction(fatal[i], &sa, NULL);
}

static void term_signals_remove(void)
{
    static const int all[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                               SIGSYS, SIGQUIT, SIGINT, SIGTERM, SIGHUP,
                               SIGCONT };

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        signal(all[i], SIG_DFL);
    /* curses' handler again, for endwin and delscreen to remove. */
    if (term_curses_tstp) {
        signal(SIGTSTP, term_curses_tstp);
        term_curses_tstp = NULL;
    }
}

/* While the UI waits for something it cannot interrupt (the session being
 * opened: a credential helper, STS, the metadata service), Ctrl-C, TERM
 * and HUP end the program at once, the terminal restored first, with the
 * status the loop gives them (128 + the signal), rather than setting a
 * flag nobody reads until the wait is over.  What was said on stderr
 * meanwhile is not replayed: the user asked to leave. */
static void term_on_wait_signal(int sig)
{
    term_restore_dying();
    /* The loop's way out, and its status: 128 + the signal. */
    _exit(128 + sig);
}

void term_wait_begin(void)
{
    static const int ending[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = term_on_wait_signal;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++)
        sigaction(ending[i], &sa, NULL);
}

void term_wait_end(void)
{
    static const int ending[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = term_on_signal;
    for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++)
        sigaction(ending[i], &sa, NULL);
}

int term_signal(void)
{
    return term_caught;
}

bool term_resumed(void)
{
    bool was = term_continued != 0;

    term_continued = 0;
    return was;
}

/* --- stderr ------------------------------------------------------------ */

/* Anything written to fd 2 while curses draws would scribble over the
 * screen: park it in an unlinked file and replay it afterwards. */
static void term_stderr_park(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    int fd;

    snprintf(path, sizeof(path), "%s/linkrole-stderr.XXXXXX",
             dir && *dir ? dir : "/tmp");
    fd = mkstemp(path);
    if (fd < 0)
        return;
    unlink(path);
    fflush(stderr);
    term.saved_stderr = dup(STDERR_FILENO);
    if (term.saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0) {
        if (term.saved_stderr >= 0)
            close(term.saved_stderr);
        term.saved_stderr = -1;
        close(fd);
        return;
    }
    term.parked_stderr = fd;
}

static void term_stderr_replay(void)
{
    char chunk[4096];
    ssize_t n;

    fflush(stderr);
    term_stderr_restore();
    if (term.parked_stderr < 0)
        return;
    if (lseek(term.parked_stderr, 0, SEEK_SET) == 0)
        while ((n = read(term.parked_stderr, chunk, sizeof(chunk))) > 0)
            if (write(STDERR_FILENO, chunk, (size_t)n) != n)
                break;
    close(term.parked_stderr);
    term.parked_stderr = -1;
}

/* --- the frame hook ---------------------------------------------------- */

/* The descriptor LINKROLE_FRAME_FD names, or -1 when it is unset or
 * bad: not a number, 0 to 2 (the terminal and the parked stderr: a
 * frame line there would be drawn on the screen), not open, or not open
 * for writing.  A bad value is ignored: the UI runs as without it. */
static int term_frame_fd_parse(void)
{
    const char *v = getenv("LINKROLE_FRAME_FD");
    long fd = 0;
    int fl;

    if (!v || !*v)
        return -1;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || fd > INT_MAX / 10)
            return -1;
        fd = fd * 10 + (*p - '0');
    }
    if (fd <= STDERR_FILENO || fd > INT_MAX)
        return -1;
    fl = fcntl((int)fd, F_GETFL);
    if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
        return -1;
    /* A reader that stops reading must never stop the UI, and what the
     * UI starts (an editor, a credential helper) does not inherit it. */
    if (fcntl((int)fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    fl = fcntl((int)fd, F_GETFD);
    if (fl < 0 || fcntl((int)fd, F_SETFD, fl | FD_CLOEXEC) < 0)
        return -1;
    return (int)fd;
}

void term_frame_done(unsigned long keys, const char *screen)
{
    char line[128];
    int n;

    if (term.frame_fd < 0)
        return;
    term.frames++;
    n = snprintf(line, sizeof(line), "frame %lu keys %lu %s\n", term.frames,
                 keys, screen ? screen : "-");
    if (n <= 0 || (size_t)n >= sizeof(line))
        return;
    /* One write, so a line is never split by another (a pipe writes up
     * to PIPE_BUF bytes at once).  No room: this line is dropped; the
     * reader gone (EPIPE: SIGPIPE is ignored) or any other error: no
     * more lines. */
    if (write(term.frame_fd, line, (size_t)n) < 0 && errno != EAGAIN &&
        errno != EWOULDBLOCK && errno != EINTR)
        term.frame_fd = -1;
}

/* --- lifecycle --------------------------------------------------------- */

/* The cursor keys, Home and End as terminals send them, whatever TERM
 * says: tmux and screen send ESC [ 1 ~ and ESC [ 4 ~ for Home and End
 * even where TERM is xterm-256color (whose description has ESC O H and
 * ESC O F), rxvt ESC [ 7 ~ and ESC [ 8 ~; and a terminal that ignores
 * the keypad mode curses asks for sends ESC [ A where the description
 * says ESC O A.  Unnamed, these would be unknown sequences, dropped.  A
 * sequence the description already gives a key (Find and Select, on a
 * VT220's keypad) keeps it; loop.c maps those. */
static void term_keys_define(void)
{
    static const struct {
        const char *seq;
        int key;
    } keys[] = {
        { "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME },
        { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
        { "\033[4~", KEY_END }, { "\033[8~", KEY_END },
        { "\033[F", KEY_END }, { "\033OF", KEY_END },
        { "\033[A", KEY_UP }, { "\033OA", KEY_UP },
        { "\033[B", KEY_DOWN }, { "\033OB", KEY_DOWN },
        { "\033[C", KEY_RIGHT }, { "\033OC", KEY_RIGHT },
        { "\033[D", KEY_LEFT }, { "\033OD", KEY_LEFT },
    };

    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (key_defined(keys[i].seq) == 0)
            define_key(keys[i].seq, keys[i].key);
}

static bool term_usable(const char *name, struct buf *why)
{
    int err = 0;
    const char *cup;

    if (!name || !*name) {
        buf_printf(why, "%s", _("the terminal UI needs TERM to name the "
                   "terminal type (it is not set); or use a command such "
                   "as 'linkrole services' (see 'linkrole --help')"));
        return false;
    }
    if (setupterm(name, -1, &err) != OK) {
        buf_printf(why, _("the terminal UI does not know the terminal type "
                   "TERM=%.64s; or use a command such as 'linkrole "
                   "services' (see 'linkrole --help')"), name);
        return false;
    }
    cup = tigetstr("cup");
    if (!cup || cup == (const char *)-1) {
        buf_printf(why, _("the terminal TERM=%.64s cannot move the cursor, "
                   "which the terminal UI needs; use a command such as "
                   "'linkrole services' (see 'linkrole --help')"), name);
        del_curterm(cur_term);
        return false;
    }
    del_curterm(cur_term);
    return true;
}

int term_check(const struct term_config *cfg, struct buf *why)
{
    if (cfg->script)
        return 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        buf_printf(why, "%s", _("the terminal UI needs a terminal on stdin "
                   "and stdout; for scripts use the commands: 'linkrole "
                   "services', 'linkrole create', ... (see 'linkrole "
                   "--help')"));
        return -1;
    }
    return term_usable(getenv("TERM"), why) ? 0 : -1;
}

static void term_close_atexit(void)
{
    term_close();
}

int term_open(const struct term_config *cfg, struct buf *why)
{
    static bool atexit_done;
    const char *name = getenv("TERM");

    term.script = cfg->script != NULL;
    if (term.script) {
        /* Headless: drawn on the null device, size from LINES/COLUMNS. */
        if (!name || !*name || !term_usable(name, why)) {
            buf_reset(why);
            name = "xterm";
        }
        term.out = fopen("/dev/null", "w");
        term.in = fopen("/dev/null", "r");
        if (!term.out || !term.in) {
            buf_printf(why, _("cannot open /dev/null: %s"), strerror(errno));
            goto fail;
        }
    } else {
        if (term_check(cfg, why))
            return -1;
        term.out = stdout;
        term.in = stdin;
    }
    fflush(stdout);
    term_stderr_park();
    term.screen = newterm(name, term.out, term.in);
    if (!term.screen) {
        term_stderr_replay();
        buf_printf(why, _("cannot start the terminal UI on TERM=%.64s"),
                   name);
        goto fail;
    }
    set_term(term.screen);
    term.active = true;
    if (!atexit_done) {
        atexit(term_close_atexit);
        atexit_done = true;
    }
    term_signals_install();
    /* How long curses waits for the rest of an escape sequence before
     * it calls the ESC alone the Esc key.  Over ssh or a slow link a
     * sequence arrives split (ESC, then "[A" 80 ms later): 100 ms keeps
     * it one key and still feels immediate.  ESCDELAY, curses' own
     * variable (read in newterm), wins when set: set_escdelay would
     * override it. */
    if (!getenv("ESCDELAY") || !*getenv("ESCDELAY"))
        set_escdelay(TERM_ESCDELAY_MS);
    /* cbreak, not raw: Ctrl-C stays SIGINT, which ends the loop cleanly. */
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    /* Presses, not clicks: a click waits for the release. */
    mouseinterval(0);
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | TERM_WHEEL_DOWN, NULL);
    term_theme_init(cfg->no_color);
    /* The markers of a paste become two keys of their own. */
    define_key("\033[200~", TERM_KEY_PASTE_BEGIN);
    define_key("\033[201~", TERM_KEY_PASTE_END);
    term_keys_define();
    term_paste_mode(true);
    term.frame_fd = term_frame_fd_parse();
    term.frames = 0;
    return 0;
fail:
    if (term.script) {
        if (term.out)
            fclose(term.out);
        if (term.in)
            fclose(term.in);
    }
    term.out = term.in = NULL;
    return -1;
}

void term_close(void)
{
    if (!term.screen)
        return;
    if (term.active) {
        mousemask(0, NULL);
        curs_set(1);
        endwin();
        term_paste_mode(false);
        /* What the UI never read (the rest of a paste still arriving)
         * must not run in the shell. */
        if (!term.script)
            tcflush(fileno(term.in), TCIFLUSH);
        term.active = false;
    }
    term_signals_remove();
    delscreen(term.screen);
    term.screen = NULL;
    if (term.script) {
        fclose(term.out);
        fclose(term.in);
    }
    term.out = term.in = NULL;
    term_stderr_replay();
}

bool term_headless(void)
{
    return term.script;
}

/* --- primitives for draw.c --------------------------------------------- */

int term_rows(void)
{
    return LINES;
}

int term_cols(void)
{
    return COLS;
}

void term_erase(void)
{
    erase();
}

void term_show(void)
{
    curs_set(0);
    refresh();
}

void term_text(int y, int x, enum draw_role role, const char *text)
{
    attrset((unsigned)role < DRAW_ROLE_COUNT ? term.attrs[role] : A_NORMAL);
    mvaddstr(y, x, text);
    attrset(A_NORMAL);
}

void term_clear_row(int y)
{
    /* The window's background, as erase() leaves every row. */
    if (y >= 0 && y < LINES && move(y, 0) == OK)
        clrtoeol();
}

int term_send(const char *bytes, size_t n)
{
    if (!term.out)
        return -1;
    fflush(term.out);
    return write(fileno(term.out), bytes, n) == (ssize_t)n ? 0 : -1;
}
