/* keys — the key table: which key means which action on which screen,
 * and the words the footer and the help overlay show for it.
 *
 * Screens never see a raw key: the loop turns keys into actions through
 * this one table, which also writes the footer and the help overlay. */
#ifndef LINKROLE_TUI_KEYS_H
#define LINKROLE_TUI_KEYS_H

#include <stdbool.h>
#include <wchar.h>

/* Screens, as bits, for the key table. */
enum {
    KEYS_SCR_PICKER = 1u << 0,
    KEYS_SCR_FORM = 1u << 1,
    KEYS_SCR_RESULT = 1u << 2,
    KEYS_SCR_ERROR = 1u << 3,
    KEYS_SCR_NOCREDS = 1u << 4,
    KEYS_SCR_BUSY = 1u << 5,    /* a request in flight (form, guide) */
    KEYS_SCR_DBS = 1u << 6,
    KEYS_SCR_PROMPT = 1u << 7,  /* a one-line question (save to: PATH) */
    KEYS_SCR_ALL = 0xff
};

enum tui_action {
    TUI_ACT_NONE,
    TUI_ACT_QUIT,
    TUI_ACT_HELP,
    TUI_ACT_REDRAW,
    TUI_ACT_UP,
    TUI_ACT_DOWN,
    TUI_ACT_PAGE_UP,
    TUI_ACT_PAGE_DOWN,
    TUI_ACT_HOME,
    TUI_ACT_END,
    TUI_ACT_LEFT,
    TUI_ACT_RIGHT,
    TUI_ACT_OPEN,       /* Enter */
    TUI_ACT_BACK,       /* Esc */
    TUI_ACT_NEXT,       /* Tab */
    TUI_ACT_PREV,       /* Shift-Tab */
    TUI_ACT_BACKSPACE,
    TUI_ACT_DELETE,
    TUI_ACT_WORD_BACK,  /* Ctrl-W */
    TUI_ACT_KILL_START, /* Ctrl-U */
    TUI_ACT_KILL_END,   /* Ctrl-K */
    TUI_ACT_DEMO,
    TUI_ACT_CANCEL,     /* Esc while busy */
    TUI_ACT_INSERT,     /* a printable character, in tui_input.ch */
    TUI_ACT_SAVE,
    TUI_ACT_COPY,
    TUI_ACT_EQUIV,
    TUI_ACT_CLICK,      /* mouse button 1 at tui_input.y, .x */
    TUI_ACT_RESIZE
};

struct tui_input {
    enum tui_action action;
    wchar_t ch;
    int y, x;           /* TUI_ACT_CLICK */
};

/* The action of a key on screen: key is a curses KEY_* code (or 0), ch
 * a character. */
enum tui_action keys_lookup(unsigned screen, int key, int ch);
/* The footer: the keys of this screen, from the key table. */
void keys_footer(unsigned screen);
/* The help overlay: every key of this screen and what it does. */
void keys_help(unsigned screen);

#endif
