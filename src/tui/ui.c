/* ui — the only place that owns the terminal (see ui.h). */
#include "config.h"

#include "tui/ui.h"

#include <curses.h>
#include <term.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/text.h"

#define UI_TICK_MS 100
/* Consecutive "readable but nothing read" wake-ups before the terminal
 * counts as gone (a hung-up pty reads as readable forever). */
#define UI_LOST_STREAK 50

/* File-local because the signal handlers need it. */
static struct {
    SCREEN *screen;
    FILE *in, *out;         /* what newterm was given (script: null) */
    bool active;            /* curses owns the terminal */
    bool script;
    bool mono;
    bool help;              /* the help overlay is up */
    int saved_stderr;       /* the real fd 2 while parked */
    int parked_stderr;      /* the temporary file fd 2 writes to */
    int cursor_y, cursor_x; /* -1: hidden this frame */
    attr_t attrs[UI_ROLE_COUNT];
} ui = { .saved_stderr = -1, .parked_stderr = -1 };

static volatile sig_atomic_t ui_signal;
static volatile sig_atomic_t ui_resumed;

/* --- themes ------------------------------------------------------------ */

struct ui_theme_entry {
    short fg, bg;
    attr_t color_attr;
    attr_t mono_attr;
};

static const struct ui_theme_entry ui_theme[UI_ROLE_COUNT] = {
    [UI_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
    [UI_HEADER] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
    [UI_FOOTER] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
    [UI_FOOTER_KEY] = { COLOR_WHITE, COLOR_CYAN, A_BOLD,
                        A_REVERSE | A_BOLD },
    [UI_SELECT] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
    [UI_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
    [UI_WARNING] = { COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE },
    [UI_OK] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
    [UI_DIM] = { -1, -1, A_DIM, A_DIM },
    [UI_BADGE] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD },
    [UI_TITLE] = { -1, -1, A_BOLD, A_BOLD },
    [UI_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
    [UI_FIELD_FOCUS] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL,
                         A_UNDERLINE | A_BOLD },
    [UI_BUTTON] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE },
    [UI_BUTTON_OFF] = { -1, -1, A_DIM, A_DIM },
    [UI_JSON_KEY] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
    [UI_JSON_STRING] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
    [UI_JSON_PUNCT] = { -1, -1, A_DIM, A_NORMAL },
    [UI_JSON_NUMBER] = { COLOR_MAGENTA, -1, A_NORMAL, A_UNDERLINE },
    [UI_JSON_LITERAL] = { COLOR_YELLOW, -1, A_NORMAL, A_UNDERLINE },
};

static bool ui_no_color_env(void)
{
    const char *v = getenv("NO_COLOR");

    /* The convention: present and not empty. */
    return v && *v;
}

static void ui_theme_init(bool no_color)
{
    ui.mono = no_color || ui_no_color_env() || !has_colors();
    if (!ui.mono && start_color() == ERR)
        ui.mono = true;
    if (!ui.mono)
        use_default_colors();
    for (int r = 0; r < UI_ROLE_COUNT; r++) {
        const struct ui_theme_entry *t = &ui_theme[r];

        if (ui.mono || (t->fg == -1 && t->bg == -1) ||
            COLOR_PAIRS <= UI_ROLE_COUNT) {
            ui.attrs[r] = ui.mono ? t->mono_attr : t->color_attr;
            continue;
        }
        init_pair((short)r, t->fg, t->bg);
        ui.attrs[r] = t->color_attr | COLOR_PAIR(r);
    }
}

bool ui_mono(void)
{
    return ui.mono;
}

/* --- lifecycle --------------------------------------------------------- */

static void ui_stderr_restore(void)
{
    if (ui.saved_stderr >= 0) {
        dup2(ui.saved_stderr, STDERR_FILENO);
        close(ui.saved_stderr);
        ui.saved_stderr = -1;
    }
}

/* Async-signal-safe: endwin is not strictly, but the process is going
 * down anyway and a restored terminal is worth the risk. */
static void ui_on_fatal(int sig)
{
    if (ui.active) {
        endwin();
        ui.active = false;
    }
    ui_stderr_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void ui_on_signal(int sig)
{
    ui_signal = sig;
}

static void ui_on_cont(int sig)
{
    (void)sig;
    ui_resumed = 1;
}

static void ui_signals_install(void)
{
    static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                 SIGSYS, SIGQUIT };
    static const int ending[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: poll must wake up to see the flag. */
    sa.sa_handler = ui_on_signal;
    for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++)
        sigaction(ending[i], &sa, NULL);
    /* After Ctrl-Z and fg: no SIGWINCH comes, yet the size may differ. */
    sa.sa_handler = ui_on_cont;
    sigaction(SIGCONT, &sa, NULL);
    sa.sa_handler = ui_on_fatal;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
        sigaction(fatal[i], &sa, NULL);
}

static void ui_signals_remove(void)
{
    static const int all[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                               SIGSYS, SIGQUIT, SIGINT, SIGTERM, SIGHUP,
                               SIGCONT };

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        signal(all[i], SIG_DFL);
}

/* Anything written to fd 2 while curses draws would scribble over the
 * screen: park it in an unlinked file and replay it afterwards. */
static void ui_stderr_park(void)
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
    ui.saved_stderr = dup(STDERR_FILENO);
    if (ui.saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0) {
        if (ui.saved_stderr >= 0)
            close(ui.saved_stderr);
        ui.saved_stderr = -1;
        close(fd);
        return;
    }
    ui.parked_stderr = fd;
}

static void ui_stderr_replay(void)
{
    char chunk[4096];
    ssize_t n;

    fflush(stderr);
    ui_stderr_restore();
    if (ui.parked_stderr < 0)
        return;
    if (lseek(ui.parked_stderr, 0, SEEK_SET) == 0)
        while ((n = read(ui.parked_stderr, chunk, sizeof(chunk))) > 0)
            if (write(STDERR_FILENO, chunk, (size_t)n) != n)
                break;
    close(ui.parked_stderr);
    ui.parked_stderr = -1;
}

static bool ui_term_usable(const char *term, struct buf *why)
{
    int err = 0;
    const char *cup;

    if (!term || !*term) {
        buf_printf(why, "the terminal UI needs TERM to name the terminal "
                   "type (it is not set); or use a command such as "
                   "'linkrole services' (see 'linkrole --help')");
        return false;
    }
    if (setupterm(term, -1, &err) != OK) {
        buf_printf(why, "the terminal UI does not know the terminal type "
                   "TERM=%.64s; or use a command such as 'linkrole "
                   "services' (see 'linkrole --help')", term);
        return false;
    }
    cup = tigetstr("cup");
    if (!cup || cup == (const char *)-1) {
        buf_printf(why, "the terminal TERM=%.64s cannot move the cursor, "
                   "which the terminal UI needs; use a command such as "
                   "'linkrole services' (see 'linkrole --help')", term);
        del_curterm(cur_term);
        return false;
    }
    del_curterm(cur_term);
    return true;
}

int ui_check(const struct ui_config *cfg, struct buf *why)
{
    if (cfg->script)
        return 0;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        buf_printf(why, "the terminal UI needs a terminal on stdin and "
                   "stdout; for scripts use the commands: 'linkrole "
                   "services', 'linkrole create', ... (see 'linkrole "
                   "--help')");
        return -1;
    }
    return ui_term_usable(getenv("TERM"), why) ? 0 : -1;
}

static void ui_close_atexit(void)
{
    ui_close();
}

int ui_open(const struct ui_config *cfg, struct buf *why)
{
    static bool atexit_done;
    const char *term = getenv("TERM");

    ui.script = cfg->script != NULL;
    if (ui.script) {
        /* Headless: drawn on the null device, size from LINES/COLUMNS. */
        if (!term || !*term || !ui_term_usable(term, why)) {
            buf_reset(why);
            term = "xterm";
        }
        ui.out = fopen("/dev/null", "w");
        ui.in = fopen("/dev/null", "r");
        if (!ui.out || !ui.in) {
            buf_printf(why, "cannot open /dev/null: %s", strerror(errno));
            goto fail;
        }
    } else {
        if (ui_check(cfg, why))
            return -1;
        ui.out = stdout;
        ui.in = stdin;
    }
    fflush(stdout);
    ui_stderr_park();
    ui.screen = newterm(term, ui.out, ui.in);
    if (!ui.screen) {
        ui_stderr_replay();
        buf_printf(why, "cannot start the terminal UI on TERM=%.64s", term);
        goto fail;
    }
    set_term(ui.screen);
    ui.active = true;
    if (!atexit_done) {
        atexit(ui_close_atexit);
        atexit_done = true;
    }
    ui_signals_install();
    /* Esc must answer at once; 25 ms still tells it from a sequence. */
    set_escdelay(25);
    /* cbreak, not raw: Ctrl-C stays SIGINT, which ends the loop cleanly. */
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    /* Presses, not clicks: a click waits for the release. */
    mouseinterval(0);
    mousemask(BUTTON1_PRESSED, NULL);
    ui_theme_init(cfg->no_color);
    ui.help = false;
    return 0;
fail:
    if (ui.script) {
        if (ui.out)
            fclose(ui.out);
        if (ui.in)
            fclose(ui.in);
    }
    ui.out = ui.in = NULL;
    return -1;
}

void ui_close(void)
{
    if (!ui.screen)
        return;
    if (ui.active) {
        mousemask(0, NULL);
        curs_set(1);
        endwin();
        ui.active = false;
    }
    ui_signals_remove();
    delscreen(ui.screen);
    ui.screen = NULL;
    if (ui.script) {
        fclose(ui.out);
        fclose(ui.in);
    }
    ui.out = ui.in = NULL;
    ui_stderr_replay();
}

/* --- drawing ----------------------------------------------------------- */

static attr_t ui_attr(enum ui_role role)
{
    return (unsigned)role < UI_ROLE_COUNT ? ui.attrs[role] : A_NORMAL;
}

int ui_put(int y, int x, int width, enum ui_role role, const char *text)
{
    struct buf b;
    size_t used = 0;

    if (y < 0 || y >= LINES || x < 0 || x >= COLS || width <= 0)
        return 0;
    if (width > COLS - x)
        width = COLS - x;
    buf_init(&b, 1u << 16);
    if (text_fill(&b, text, (size_t)width, false, false) == BUF_OK) {
        used = text_cols(buf_str(&b));
        attrset(ui_attr(role));
        mvaddstr(y, x, buf_str(&b));
        attrset(A_NORMAL);
    }
    buf_free(&b);
    return (int)used;
}

void ui_put_fill(int y, int x, int width, enum ui_role role,
                 const char *text)
{
    int used;

    if (y < 0 || y >= LINES || x < 0 || x >= COLS || width <= 0)
        return;
    if (width > COLS - x)
        width = COLS - x;
    used = ui_put(y, x, width, role, text);
    attrset(ui_attr(role));
    for (int i = used; i < width; i++)
        mvaddch(y, x + i, ' ');
    attrset(A_NORMAL);
}

/* The next wrapped line of text: its byte length, and where the line
 * after it starts. */
static size_t ui_wrap_line(const char *s, int width, const char **next)
{
    size_t fit = text_fit(s, (size_t)width, NULL);
    size_t cut = fit;

    if (fit == 0 && *s)
        fit = cut = text_decode(s, strlen(s), NULL, NULL);
    for (size_t i = 0; i < fit; i++)
        if (s[i] == '\n') {
            *next = s + i + 1;
            return i;
        }
    if (s[fit] && s[fit] != ' ' && s[fit] != '\n') {
        /* Break at the last space when there is one. */
        for (size_t i = fit; i > 0; i--)
            if (s[i - 1] == ' ') {
                cut = i - 1;
                break;
            }
    }
    *next = s + cut;
    while (**next == ' ')
        (*next)++;
    if (**next == '\n' && cut == fit)
        (*next)++;
    return cut;
}

static int ui_wrap_do(int y, int x, int width, int maxrows,
                      enum ui_role role, const char *text, bool draw)
{
    const char *s = text ? text : "";
    int rows = 0;

    if (width <= 0)
        return 0;
    while (*s && rows < maxrows) {
        const char *next;
        size_t n = ui_wrap_line(s, width, &next);

        if (draw) {
            char *line = strndup(s, n);

            if (!line)
                return rows;
            ui_put(y + rows, x, width, role, line);
            free(line);
        }
        rows++;
        if (next == s)
            break;
        s = next;
    }
    return rows;
}

int ui_wrap(int y, int x, int width, int maxrows, enum ui_role role,
            const char *text)
{
    return ui_wrap_do(y, x, width, maxrows, role, text, true);
}

int ui_wrap_rows(const char *text, int width, int limit)
{
    return ui_wrap_do(0, 0, width, limit, UI_NORMAL, text, false);
}

void ui_field(int y, int x, int width, int label_cols, const char *label,
              enum ui_role role, const char *value)
{
    ui_put(y, x, label_cols, UI_DIM, label);
    if (width > label_cols)
        ui_put(y, x + label_cols, width - label_cols, role, value);
}

void ui_cursor(int y, int x)
{
    ui.cursor_y = y;
    ui.cursor_x = x;
}

int ui_osc52(const char *text)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text), n = 0;
    char *seq = malloc(len / 3 * 4 + 16);
    int rc = -1;

    if (!seq || !ui.out)
        goto out;
    n += (size_t)sprintf(seq, "\033]52;c;");
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16;

        if (i + 1 < len)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        seq[n++] = b64[(v >> 18) & 63];
        seq[n++] = b64[(v >> 12) & 63];
        seq[n++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
        seq[n++] = i + 2 < len ? b64[v & 63] : '=';
    }
    seq[n++] = '\a';
    /* After curses' own output, so the sequence is not split. */
    fflush(ui.out);
    if (write(fileno(ui.out), seq, n) == (ssize_t)n)
        rc = 0;
out:
    free(seq);
    return rc;
}

const char *ui_spinner(long elapsed_ms)
{
    static const char *const frames[] = { "|", "/", "-", "\\" };

    return frames[(elapsed_ms / UI_TICK_MS) % 4];
}

/* --- keys -------------------------------------------------------------- */

#define UI_CTRL(c) ((c) & 0x1f)

/* One table: the loop maps keys with it, the footer and the help overlay
 * are written from it.  key is a curses KEY_* code, ch a character; a
 * label makes the entry show in the footer. */
struct ui_binding {
    int key;
    int ch;
    enum ui_action action;
    unsigned screens;
    const char *label;      /* footer and help: the key's name */
    const char *brief;      /* footer: one word */
    const char *help;       /* help overlay: what it does */
};

#define TEXT_SCR (UI_SCR_PICKER | UI_SCR_FORM | UI_SCR_PROMPT)
#define EDIT_SCR (UI_SCR_FORM | UI_SCR_PROMPT)
#define LIST_SCR (UI_SCR_PICKER | UI_SCR_RESULT | UI_SCR_ERROR)

static const struct ui_binding ui_bindings[] = {
    { 0, 27, UI_ACT_CANCEL, UI_SCR_BUSY, "Esc", "cancel",
      "cancel the request in flight" },
    { 0, '\r', UI_ACT_OPEN, UI_SCR_PICKER, "Enter", "form",
      "open the form for the selected service" },
    { 0, '\r', UI_ACT_OPEN, UI_SCR_FORM, "Enter", "next/create",
      "next field; on [ Create ], send the request" },
    { 0, '\r', UI_ACT_OPEN, UI_SCR_DBS, "Enter", "continue",
      "confirm the step shown, or open the role at the end" },
    { 0, '\r', UI_ACT_OPEN, UI_SCR_PROMPT, "Enter", "save",
      "write the file" },
    { 0, '\n', UI_ACT_OPEN,
      UI_SCR_PICKER | UI_SCR_FORM | UI_SCR_DBS | UI_SCR_PROMPT, NULL,
      NULL, NULL },
    { KEY_ENTER, 0, UI_ACT_OPEN,
      UI_SCR_PICKER | UI_SCR_FORM | UI_SCR_DBS | UI_SCR_PROMPT, NULL,
      NULL, NULL },
    { 0, '\t', UI_ACT_NEXT, UI_SCR_FORM, "Tab", "next", "next field" },
    { KEY_BTAB, 0, UI_ACT_PREV, UI_SCR_FORM, NULL, NULL,
      "previous field" },
    { KEY_UP, 0, UI_ACT_UP, LIST_SCR | UI_SCR_FORM, "Up/Down", "move",
      "move the selection, scroll, or change field" },
    { KEY_DOWN, 0, UI_ACT_DOWN, LIST_SCR | UI_SCR_FORM, NULL, NULL, NULL },
    { KEY_PPAGE, 0, UI_ACT_PAGE_UP, LIST_SCR, NULL, NULL,
      "a page up" },
    { KEY_NPAGE, 0, UI_ACT_PAGE_DOWN, LIST_SCR, NULL, NULL,
      "a page down" },
    { KEY_HOME, 0, UI_ACT_HOME, LIST_SCR | EDIT_SCR, NULL, NULL,
      "first row / start of the field (also C-a)" },
    { KEY_END, 0, UI_ACT_END, LIST_SCR | EDIT_SCR, NULL, NULL,
      "last row / end of the field (also C-e)" },
    { 0, UI_CTRL('a'), UI_ACT_HOME, EDIT_SCR, NULL, NULL, NULL },
    { 0, UI_CTRL('e'), UI_ACT_END, EDIT_SCR, NULL, NULL, NULL },
    { KEY_LEFT, 0, UI_ACT_LEFT, EDIT_SCR, NULL, NULL,
      "move in the field" },
    { KEY_RIGHT, 0, UI_ACT_RIGHT, EDIT_SCR, NULL, NULL, NULL },
    { KEY_BACKSPACE, 0, UI_ACT_BACKSPACE, TEXT_SCR, NULL, NULL,
      "delete the character before the cursor" },
    { 0, 127, UI_ACT_BACKSPACE, TEXT_SCR, NULL, NULL, NULL },
    { 0, UI_CTRL('h'), UI_ACT_BACKSPACE, TEXT_SCR, NULL, NULL, NULL },
    { KEY_DC, 0, UI_ACT_DELETE, EDIT_SCR, NULL, NULL,
      "delete the character at the cursor" },
    { 0, UI_CTRL('w'), UI_ACT_WORD_BACK, TEXT_SCR, "C-w", "word",
      "delete the word before the cursor" },
    { 0, UI_CTRL('u'), UI_ACT_KILL_START, TEXT_SCR, "C-u", "clear",
      "delete to the start" },
    { 0, UI_CTRL('k'), UI_ACT_KILL_END, EDIT_SCR, NULL, NULL,
      "delete to the end" },
    { 0, 't', UI_ACT_EQUIV, UI_SCR_RESULT, "t", "tf/cli",
      "show the Terraform resource and aliyun CLI command (again: the "
      "trust policy)" },
    { 0, 's', UI_ACT_SAVE, UI_SCR_RESULT, "s", "save",
      "save the full response (JSON) to a file" },
    { 0, 'c', UI_ACT_COPY, UI_SCR_RESULT, "c", "copy ARN",
      "copy the ARN to the clipboard (OSC 52)" },
    { 0, 'b', UI_ACT_BACK, UI_SCR_RESULT | UI_SCR_ERROR, "b", "back",
      "back to the services" },
    { 0, 27, UI_ACT_BACK, UI_SCR_FORM | UI_SCR_DBS | UI_SCR_PROMPT, "Esc",
      "back", "back" },
    { 0, 27, UI_ACT_BACK, UI_SCR_RESULT | UI_SCR_ERROR, NULL, NULL,
      "back" },
    { 0, 27, UI_ACT_BACK, UI_SCR_PICKER, "Esc", "quit",
      "clear the search; quit when it is empty" },
    { 0, 'd', UI_ACT_DEMO, UI_SCR_NOCREDS, "d", "demo",
      "demo mode: a simulated account" },
    { 0, 'q', UI_ACT_QUIT,
      UI_SCR_RESULT | UI_SCR_ERROR | UI_SCR_NOCREDS | UI_SCR_DBS,
      "q", "quit", "quit" },
    { 0, '?', UI_ACT_HELP, LIST_SCR | UI_SCR_NOCREDS | UI_SCR_DBS, "?",
      "help", "this help" },
    { KEY_F(1), 0, UI_ACT_HELP, UI_SCR_FORM, "F1", "help", "this help" },
    { KEY_F(1), 0, UI_ACT_HELP, UI_SCR_ALL, NULL, NULL, "this help" },
    { 0, UI_CTRL('l'), UI_ACT_REDRAW, UI_SCR_ALL, NULL, NULL,
      "repaint the screen" },
    { 0, UI_CTRL('c'), UI_ACT_QUIT, UI_SCR_ALL, NULL, NULL, "quit" },
};

#define UI_NBINDINGS (sizeof(ui_bindings) / sizeof(ui_bindings[0]))

static enum ui_action ui_lookup(unsigned screen, int key, int ch)
{
    for (size_t i = 0; i < UI_NBINDINGS; i++) {
        const struct ui_binding *b = &ui_bindings[i];

        if (!(b->screens & screen))
            continue;
        if ((key && b->key == key) || (!key && b->ch && b->ch == ch))
            return b->action;
    }
    return UI_ACT_NONE;
}

void ui_footer(unsigned screen)
{
    int x = 0, y = LINES - 1;

    ui_put_fill(y, 0, COLS, UI_FOOTER, "");
    for (size_t i = 0; i < UI_NBINDINGS && x < COLS; i++) {
        const struct ui_binding *b = &ui_bindings[i];
        bool shadowed = false;

        if (!b->label || !(b->screens & screen))
            continue;
        /* Busy: Esc cancels, so "Esc back" would be a lie. */
        for (size_t j = 0; j < i; j++)
            if (ui_bindings[j].ch == b->ch && ui_bindings[j].key == b->key &&
                (ui_bindings[j].screens & screen))
                shadowed = true;
        if (shadowed)
            continue;
        x += 1;
        x += ui_put(y, x, COLS - x, UI_FOOTER_KEY, b->label);
        x += 1;
        x += ui_put(y, x, COLS - x, UI_FOOTER, b->brief);
        x += 1;
    }
}

/* The help overlay names keys the footer leaves out. */
static const char *ui_key_label(const struct ui_binding *b, char *out,
                                size_t size)
{
    switch (b->key) {
    case KEY_HOME: return "Home";
    case KEY_END: return "End";
    case KEY_LEFT: return "Left/Right";
    case KEY_BACKSPACE: return "Backspace";
    case KEY_DC: return "Delete";
    case KEY_PPAGE: return "PgUp";
    case KEY_NPAGE: return "PgDn";
    case KEY_BTAB: return "S-Tab";
    default: break;
    }
    if (b->ch > 0 && b->ch < 32)
        snprintf(out, size, "C-%c", b->ch + 'a' - 1);
    else
        snprintf(out, size, "%lc", (wint_t)b->ch);
    return out;
}

static void ui_help_draw(unsigned screen)
{
    int w = COLS - 8 < 70 ? COLS - 8 : 70, h = LINES - 4;
    int x0 = (COLS - w) / 2, y0 = 2, y = y0 + 2;

    for (int r = 0; r < h; r++)
        ui_put_fill(y0 + r, x0, w, UI_NORMAL, "");
    ui_put_fill(y0, x0, w, UI_HEADER, " Keys on this screen");
    for (size_t i = 0; i < UI_NBINDINGS && y < y0 + h - 1; i++) {
        const struct ui_binding *b = &ui_bindings[i];
        const char *name = b->label;
        char keyname[32];
        bool seen = false;

        if (!b->help || !(b->screens & screen))
            continue;
        for (size_t j = 0; j < i; j++)
            if (ui_bindings[j].help &&
                strcmp(ui_bindings[j].help, b->help) == 0 &&
                (ui_bindings[j].screens & screen))
                seen = true;
        if (seen)
            continue;
        if (!name)
            name = ui_key_label(b, keyname, sizeof(keyname));
        ui_put(y, x0 + 2, 12, UI_TITLE, name);
        ui_put(y, x0 + 15, w - 17, UI_NORMAL, b->help);
        y++;
    }
    ui_put_fill(y0 + h - 1, x0, w, UI_FOOTER, " any key closes this help");
}

/* --- the loop ---------------------------------------------------------- */

static void ui_too_small(void)
{
    char msg[256];

    snprintf(msg, sizeof(msg), "Terminal too small: %dx%d. linkrole needs "
             "at least %dx%d; enlarge the window, or press Ctrl-C to quit.",
             COLS, LINES, UI_MIN_COLS, UI_MIN_LINES);
    ui_wrap(0, 0, COLS, LINES, UI_WARNING, msg);
}

static void ui_frame(const struct ui_app *app)
{
    bool text;
    unsigned screen = app->screen(app->ctx, &text);

    erase();
    ui.cursor_y = ui.cursor_x = -1;
    if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
        ui_too_small();
        ui.cursor_y = -1;
    } else {
        app->draw(app->ctx, LINES, COLS);
        if (ui.help) {
            ui_help_draw(screen);
            ui.cursor_y = -1;
        }
    }
    if (ui.cursor_y >= 0) {
        move(ui.cursor_y, ui.cursor_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    refresh();
}

static void ui_click(const struct ui_app *app, int y, int x)
{
    struct ui_input in = { UI_ACT_CLICK, 0, y, x };

    if (ui.help) {
        ui.help = false;
        return;
    }
    if (COLS >= UI_MIN_COLS && LINES >= UI_MIN_LINES)
        app->handle(app->ctx, &in);
}

/* One key: r is get_wch's answer (OK or KEY_CODE_YES). */
static void ui_dispatch(const struct ui_app *app, int r, wint_t wc)
{
    struct ui_input in = { UI_ACT_NONE, 0, 0, 0 };
    int key = r == KEY_CODE_YES ? (int)wc : 0;
    int ch = r == KEY_CODE_YES ? 0 : (int)wc;
    bool text = false;
    unsigned screen = app->screen(app->ctx, &text);

    if (key == KEY_MOUSE) {
        MEVENT ev;

        if (getmouse(&ev) == OK &&
            (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
            ui_click(app, ev.y, ev.x);
        return;
    }
    if (key == KEY_RESIZE) {
        /* Everything is laid out again from LINES and COLS. */
        clearok(curscr, TRUE);
        in.action = UI_ACT_RESIZE;
        app->handle(app->ctx, &in);
        return;
    }
    in.action = ui_lookup(screen, key, ch);
    /* Any key closes the help; Ctrl-C still quits. */
    if (ui.help) {
        ui.help = false;
        if (in.action != UI_ACT_QUIT)
            return;
    }
    if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
        if (in.action == UI_ACT_QUIT || in.action == UI_ACT_REDRAW)
            app->handle(app->ctx, &in);
        return;
    }
    if (in.action == UI_ACT_NONE && text && !key && ch >= 32 && ch != 127 &&
        !(ch >= 0x80 && ch < 0xa0)) {
        in.action = UI_ACT_INSERT;
        in.ch = (wchar_t)ch;
    }
    switch (in.action) {
    case UI_ACT_NONE:
        return;
    case UI_ACT_HELP:
        ui.help = true;
        return;
    case UI_ACT_REDRAW:
        clearok(curscr, TRUE);
        return;
    default:
        app->handle(app->ctx, &in);
    }
}

static void ui_wake(const struct ui_app *app)
{
    int ui_fd = app->wake_fd(app->ctx);
    struct pollfd p = { ui_fd, POLLIN, 0 };

    if (ui_fd >= 0 && poll(&p, 1, 0) > 0)
        app->wake(app->ctx);
}

/* --- scripts (headless tests) ------------------------------------------ */

struct ui_keyname {
    const char *name;
    int key;
    int ch;
};

static const struct ui_keyname ui_keynames[] = {
    { "Enter", 0, '\r' }, { "Esc", 0, 27 }, { "Tab", 0, '\t' },
    { "S-Tab", KEY_BTAB, 0 }, { "BS", KEY_BACKSPACE, 0 },
    { "Backspace", KEY_BACKSPACE, 0 }, { "Del", KEY_DC, 0 },
    { "Up", KEY_UP, 0 }, { "Down", KEY_DOWN, 0 }, { "Left", KEY_LEFT, 0 },
    { "Right", KEY_RIGHT, 0 }, { "PgUp", KEY_PPAGE, 0 },
    { "PgDn", KEY_NPAGE, 0 }, { "Home", KEY_HOME, 0 }, { "End", KEY_END, 0 },
    { "F1", KEY_F(1), 0 }, { "Space", 0, ' ' }, { "lt", 0, '<' },
};

static int ui_script_dump(const char *path)
{
    FILE *f = fopen(path, "w");
    wchar_t *row = calloc((size_t)COLS + 1, sizeof(*row));
    char *bytes = malloc(((size_t)COLS + 1) * MB_LEN_MAX);
    int rc = -1;

    if (!f || !row || !bytes)
        goto out;
    for (int y = 0; y < LINES; y++) {
        size_t n;

        row[0] = L'\0';
        if (mvinnwstr(y, 0, row, COLS) == ERR)
            row[0] = L'\0';
        n = wcstombs(bytes, row, ((size_t)COLS + 1) * MB_LEN_MAX);
        if (n == (size_t)-1)
            n = 0;
        while (n > 0 && bytes[n - 1] == ' ')
            n--;
        bytes[n] = '\0';
        fprintf(f, "%s\n", bytes);
    }
    rc = 0;
out:
    if (f && fclose(f))
        rc = -1;
    free(row);
    free(bytes);
    return rc;
}

/* The attributes of every cell, one letter each: C a colour pair, R
 * reverse, B bold, U underline, . none (trailing dots trimmed) — so the
 * monochrome theme has a golden file of its own. */
static int ui_script_attrs(const char *path)
{
    FILE *f = fopen(path, "w");
    char *row = malloc((size_t)COLS + 1);
    int rc = -1;

    if (!f || !row)
        goto out;
    for (int y = 0; y < LINES; y++) {
        int n = 0;

        for (int x = 0; x < COLS; x++) {
            /* The wide-character read: inch() garbles the attributes of
             * cells holding non-ASCII text. */
            cchar_t cell;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t a = 0;
            short pair = 0;

            if (mvin_wch(y, x, &cell) == ERR ||
                getcchar(&cell, wch, &a, &pair, NULL) == ERR) {
                a = 0;
                pair = 0;
            }
            row[x] = pair ? 'C'
                     : (a & A_REVERSE) ? 'R'
                     : (a & A_BOLD) ? 'B'
                     : (a & A_UNDERLINE) ? 'U' : '.';
            if (row[x] != '.')
                n = x + 1;
        }
        row[n] = '\0';
        fprintf(f, "%s\n", row);
    }
    rc = 0;
out:
    if (f && fclose(f))
        rc = -1;
    free(row);
    return rc;
}

/* Waits until no background work is pending (at most 30 s). */
static int ui_script_wait(const struct ui_app *app)
{
    for (int i = 0; i < 300 && app->busy(app->ctx); i++) {
        int ui_fd = app->wake_fd(app->ctx);
        struct pollfd p = { ui_fd, POLLIN, 0 };

        if (poll(&p, 1, UI_TICK_MS) > 0)
            app->wake(app->ctx);
        ui_frame(app);
    }
    return app->busy(app->ctx) ? -1 : 0;
}

/* A <Name> at s (after the '<'): the key, and its length up to '>'. */
static int ui_script_key(const struct ui_app *app, const char *s,
                         size_t *used)
{
    const char *end = strchr(s, '>');
    size_t n;
    int w, h;

    if (!end)
        return -1;
    n = (size_t)(end - s);
    *used = n + 2;
    if (sscanf(s, "Click %d %d>", &w, &h) == 2 && w >= 0 && h >= 0) {
        ui_click(app, h, w);
        return 0;
    }
    if (sscanf(s, "Resize %d %d>", &w, &h) == 2 && w > 0 && h > 0) {
        resize_term(h, w);
        ui_dispatch(app, KEY_CODE_YES, KEY_RESIZE);
        return 0;
    }
    if (n == 3 && s[0] == 'C' && s[1] == '-' && s[2] >= 'a' && s[2] <= 'z') {
        ui_dispatch(app, OK, (wint_t)UI_CTRL(s[2]));
        return 0;
    }
    for (size_t i = 0; i < sizeof(ui_keynames) / sizeof(ui_keynames[0]);
         i++) {
        const struct ui_keyname *k = &ui_keynames[i];

        if (strlen(k->name) == n && strncmp(k->name, s, n) == 0) {
            if (k->key)
                ui_dispatch(app, KEY_CODE_YES, (wint_t)k->key);
            else
                ui_dispatch(app, OK, (wint_t)k->ch);
            return 0;
        }
    }
    return -1;
}

static int ui_script_line(const struct ui_app *app, const char *line)
{
    const char *s = line;

    if (line[0] == '#' || line[0] == '\0')
        return 0;
    if (strcmp(line, ":wait") == 0)
        return ui_script_wait(app);
    if (strncmp(line, ":dump ", 6) == 0) {
        ui_frame(app);
        return ui_script_dump(line + 6);
    }
    if (strncmp(line, ":attrs ", 7) == 0) {
        ui_frame(app);
        return ui_script_attrs(line + 7);
    }
    if (line[0] == ':')
        return -1;
    while (*s && !app->done(app->ctx)) {
        size_t used = 1;

        if (*s == '<') {
            if (ui_script_key(app, s + 1, &used))
                return -1;
        } else {
            mbstate_t st;
            wchar_t wc;
            size_t n;

            memset(&st, 0, sizeof(st));
            n = mbrtowc(&wc, s, strlen(s), &st);
            if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
                return -1;
            used = n;
            ui_dispatch(app, OK, (wint_t)wc);
        }
        s += used;
        ui_wake(app);
        ui_frame(app);
    }
    return 0;
}

static int ui_script_run(const struct ui_app *app, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int rc = 0, lineno = 0;

    if (!f) {
        fprintf(stderr, "linkrole: cannot read the UI script %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    ui_frame(app);
    while (!app->done(app->ctx) && fgets(line, sizeof(line), f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (ui_script_line(app, line)) {
            fprintf(stderr, "linkrole: %s:%d: cannot run '%s'\n", path,
                    lineno, line);
            rc = -1;
            break;
        }
        if (ui_signal)
            break;
    }
    fclose(f);
    return rc;
}

/* Back from Ctrl-Z: lay out again at the terminal's size now. */
static void ui_resume(const struct ui_app *app)
{
    struct winsize ws;

    ui_resumed = 0;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
        ws.ws_col > 0 && (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
    ui_dispatch(app, KEY_CODE_YES, KEY_RESIZE);
}

int ui_run(const struct ui_app *app)
{
    const char *script = getenv("LINKROLE_TUI_SCRIPT");
    int streak = 0;

    if (ui.script)
        return ui_script_run(app, script ? script : "/dev/null");
    ui_frame(app);
    while (!app->done(app->ctx)) {
        int ui_fd = app->wake_fd(app->ctx);
        struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 },
                               { ui_fd, POLLIN, 0 } };
        int n, got = 0, r;
        wint_t wc;

        if (ui_signal)
            break;
        n = poll(p, ui_fd >= 0 ? 2 : 1,
                 app->busy(app->ctx) ? UI_TICK_MS : -1);
        if (n < 0 && errno != EINTR)
            return 128 + SIGHUP;
        if (ui_signal)
            break;
        if (ui_resumed)
            ui_resume(app);
        if (n > 0 && ui_fd >= 0 && (p[1].revents & POLLIN))
            app->wake(app->ctx);
        /* The terminal went away: end rather than spin. */
        if (n > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
            return 128 + SIGHUP;
        /* Also after EINTR: SIGWINCH becomes KEY_RESIZE here. */
        while (!app->done(app->ctx) && (r = get_wch(&wc)) != ERR) {
            got++;
            ui_dispatch(app, r, wc);
        }
        if (n > 0 && (p[0].revents & POLLIN) && !got) {
            if (++streak >= UI_LOST_STREAK)
                return 128 + SIGHUP;
        } else {
            streak = 0;
        }
        ui_frame(app);
    }
    return ui_signal ? 128 + ui_signal : 0;
}
