/* ui — the curses boundary: terminal lifecycle, the event loop, colour
 * roles and themes, the key → action table, and drawing helpers.
 *
 * Screens never see a raw key: the loop turns keys into actions through
 * one table, which also writes the footer and the help overlay.  The
 * terminal is restored on every way out, signals included.  With
 * LINKROLE_TUI_SCRIPT set, keys come from a file and the screen is drawn
 * on the null device, so the UI is tested without a terminal. */
#ifndef LINKROLE_TUI_UI_H
#define LINKROLE_TUI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "core/buf.h"

#define UI_MIN_COLS 60
#define UI_MIN_LINES 16

/* Semantic colour roles; each theme maps them to attributes. */
enum ui_role {
    UI_NORMAL,
    UI_HEADER,
    UI_FOOTER,
    UI_FOOTER_KEY,
    UI_SELECT,
    UI_ERROR,
    UI_WARNING,
    UI_OK,
    UI_DIM,
    UI_BADGE,
    UI_TITLE,
    UI_FIELD,
    UI_FIELD_FOCUS,
    UI_BUTTON,
    UI_BUTTON_OFF,
    UI_JSON_KEY,
    UI_JSON_STRING,
    UI_JSON_PUNCT,
    UI_JSON_NUMBER,
    UI_JSON_LITERAL,
    UI_ROLE_COUNT
};

/* Screens, as bits, for the key table. */
enum {
    UI_SCR_PICKER = 1u << 0,
    UI_SCR_FORM = 1u << 1,
    UI_SCR_RESULT = 1u << 2,
    UI_SCR_ERROR = 1u << 3,
    UI_SCR_NOCREDS = 1u << 4,
    UI_SCR_BUSY = 1u << 5,      /* a request in flight (form, guide) */
    UI_SCR_DBS = 1u << 6,
    UI_SCR_PROMPT = 1u << 7,    /* a one-line question (save to: PATH) */
    UI_SCR_ALL = 0xff
};

enum ui_action {
    UI_ACT_NONE,
    UI_ACT_QUIT,
    UI_ACT_HELP,
    UI_ACT_REDRAW,
    UI_ACT_UP,
    UI_ACT_DOWN,
    UI_ACT_PAGE_UP,
    UI_ACT_PAGE_DOWN,
    UI_ACT_HOME,
    UI_ACT_END,
    UI_ACT_LEFT,
    UI_ACT_RIGHT,
    UI_ACT_OPEN,        /* Enter */
    UI_ACT_BACK,        /* Esc */
    UI_ACT_NEXT,        /* Tab */
    UI_ACT_PREV,        /* Shift-Tab */
    UI_ACT_BACKSPACE,
    UI_ACT_DELETE,
    UI_ACT_WORD_BACK,   /* Ctrl-W */
    UI_ACT_KILL_START,  /* Ctrl-U */
    UI_ACT_KILL_END,    /* Ctrl-K */
    UI_ACT_DEMO,
    UI_ACT_CANCEL,      /* Esc while busy */
    UI_ACT_INSERT,      /* a printable character, in ui_input.ch */
    UI_ACT_SAVE,
    UI_ACT_COPY,
    UI_ACT_EQUIV,
    UI_ACT_CLICK,       /* mouse button 1 at ui_input.y, .x */
    UI_ACT_RESIZE
};

struct ui_input {
    enum ui_action action;
    wchar_t ch;
    int y, x;           /* UI_ACT_CLICK */
};

/* What the loop needs from the program. */
struct ui_app {
    void *ctx;
    /* The current screen's bit (UI_SCR_*), and whether it takes text. */
    unsigned (*screen)(void *ctx, bool *text);
    void (*draw)(void *ctx, int rows, int cols);
    void (*handle)(void *ctx, const struct ui_input *in);
    /* Readable when background work finished (-1: none yet); then
     * wake() is called. */
    int (*wake_fd)(void *ctx);
    void (*wake)(void *ctx);
    /* Background work pending: the loop animates, and :wait waits. */
    bool (*busy)(void *ctx);
    bool (*done)(void *ctx);
};

struct ui_config {
    bool no_color;      /* --no-color */
    const char *script; /* LINKROLE_TUI_SCRIPT, or NULL */
};

/* Whether the UI can start here: terminals on stdin and stdout, a TERM
 * with cursor addressing.  Returns 0, or -1 with one line in why. */
int ui_check(const struct ui_config *cfg, struct buf *why);
/* Takes the terminal (stderr is parked in a file until ui_close).
 * Returns 0, or -1 with one line in why. */
int ui_open(const struct ui_config *cfg, struct buf *why);
/* Gives the terminal back and replays what was written to stderr. */
void ui_close(void);
/* Runs until app->done() or a terminating signal.  Returns 0, 128 + N
 * when signal N ended it (a lost terminal counts as SIGHUP), or -1 for a
 * bad script. */
int ui_run(const struct ui_app *app);

/* Drawing, clipped to the screen; text is measured in columns and made
 * safe (controls become U+FFFD).  Returns the columns drawn. */
int ui_put(int y, int x, int width, enum ui_role role, const char *text);
/* Like ui_put but fills the whole width with the role's background. */
void ui_put_fill(int y, int x, int width, enum ui_role role,
                 const char *text);
/* Word-wraps text into width columns from row y, at most maxrows rows;
 * returns the rows used. */
int ui_wrap(int y, int x, int width, int maxrows, enum ui_role role,
            const char *text);
/* Rows text would take when wrapped to width (up to limit). */
int ui_wrap_rows(const char *text, int width, int limit);
void ui_cursor(int y, int x);   /* show the cursor there for this frame */
/* A fixed-width label then a value, with the label dim. */
void ui_field(int y, int x, int width, int label_cols, const char *label,
              enum ui_role role, const char *value);

/* The footer: the keys of this screen, from the key table. */
void ui_footer(unsigned screen);
/* A spinner frame for the elapsed milliseconds. */
const char *ui_spinner(long elapsed_ms);
/* Puts text on the terminal's clipboard (OSC 52), which most terminal
 * emulators and tmux honour.  Returns 0, or -1 when it cannot be sent. */
int ui_osc52(const char *text);
bool ui_mono(void);

#endif
