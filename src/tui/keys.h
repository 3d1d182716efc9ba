/* keys — the actions, the key names, and the one key table: which key
 * means which action on which screen, and the words the footer and the
 * help overlay show for it.
 *
 * Screens never see a raw key: the loop turns keys into actions here.
 * Keys are named once ("Enter", "C-w", "PgDn", "F1", "q"); the table and
 * the test scripts' <Name> both go through those names.  No curses:
 * loop.c turns curses' codes into these keys. */
#ifndef LINKROLE_TUI_KEYS_H
#define LINKROLE_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "app/i18n.h"

/* A key is a character (its code point) or one of these named keys,
 * numbered above Unicode so the two never meet. */
enum keys_named {
    KEYS_UP = 0x110000,
    KEYS_DOWN,
    KEYS_LEFT,
    KEYS_RIGHT,
    KEYS_PGUP,
    KEYS_PGDN,
    KEYS_HOME,
    KEYS_END,
    KEYS_BACKSPACE,
    KEYS_DELETE,
    KEYS_BTAB,          /* Shift-Tab */
    KEYS_KP_ENTER,      /* the keypad's Enter */
    KEYS_F0,            /* KEYS_F(n): the function key Fn, 1 to 12 */
    KEYS_NAMED_END = KEYS_F0 + 13
};
#define KEYS_F(n) (KEYS_F0 + (n))
#define KEYS_CTRL(c) ((c) & 0x1f)

/* The actions, declared once: X(NAME, the footer's word, the help line).
 * A binding may say something more precise for its screen. */
#define TUI_ACTIONS(X)                                                    \
    X(QUIT, N_("quit"), N_("quit"))                                       \
    X(HELP, N_("help"), N_("this help"))                                  \
    X(REDRAW, N_("repaint"), N_("repaint the screen"))                    \
    X(UP, N_("move"), N_("move the selection, scroll, or change field"))  \
    X(DOWN, N_("move"), N_("move the selection, scroll, or change field"))\
    X(PAGE_UP, N_("page up"), N_("a page up"))                            \
    X(PAGE_DOWN, N_("page down"), N_("a page down"))                      \
    X(HOME, N_("first"), N_("first row / start of the field (also C-a)")) \
    X(END, N_("last"), N_("last row / end of the field (also C-e)"))      \
    X(LEFT, N_("left"), N_("move in the field"))                          \
    X(RIGHT, N_("right"), N_("move in the field"))                        \
    X(OPEN, N_("open"), N_("open what is selected"))                      \
    X(BACK, N_("back"), N_("back"))                                       \
    X(NEXT, N_("next"), N_("next field"))                                 \
    X(PREV, N_("previous"), N_("previous field"))                         \
    X(BACKSPACE, N_("delete"), N_("delete the character before the "     \
                                  "cursor"))                              \
    X(DELETE, N_("delete"), N_("delete the character at the cursor"))     \
    X(WORD_BACK, N_("word"), N_("delete the word before the cursor"))     \
    X(KILL_START, N_("clear"), N_("delete to the start"))                 \
    X(KILL_END, N_("clear"), N_("delete to the end"))                     \
    X(DEMO, N_("demo"), N_("demo mode: a simulated account"))             \
    X(CANCEL, N_("cancel"), N_("cancel the request in flight"))           \
    X(SAVE, N_("save"), N_("save the full response (JSON) to a file"))    \
    X(COPY, N_("copy ARN"), N_("copy the ARN to the clipboard (OSC 52)")) \
    X(EQUIV, N_("tf/cli"), N_("show the Terraform resource and aliyun "   \
                              "CLI command (again: the trust policy)"))   \
    X(INSERT, N_("type"), N_("type text into the field"))                 \
    X(PASTE, N_("paste"), N_("pasted text goes into the field; line "     \
                             "breaks and tabs become spaces"))            \
    X(CLICK, N_("click"), N_("select, or press, what is under the "       \
                             "pointer"))                                  \
    X(SEARCH, N_("search"), N_("type into the search"))                   \
    X(ROLES, N_("roles"), N_("the service-linked roles in this account")) \
    X(DELETE_ROLE, N_("delete"), N_("delete this role (asks first)"))     \
    X(CONFIRM, N_("yes"), N_("yes: do what is asked"))                    \
    X(ROLE_NEW, N_("another"), N_("make another role of this service "    \
                                  "(with a suffix)"))                     \
    X(RETRY, N_("retry"), N_("send the same request again"))              \
    X(EDIT, N_("edit"), N_("back to where the request was made, "         \
                           "everything typed kept"))                      \
    X(ROLLOUT, N_("roll out"), N_("roll this role out to every account " \
                                  "of the Resource Directory"))           \
    X(PROBLEM, N_("why"), N_("why a background call failed (header)"))  \
    X(LANG, N_("language"), N_("language: English, Simplified, "          \
                               "Traditional Chinese"))

enum tui_action {
    TUI_ACT_NONE,
#define KEYS_ACTION_ENUM(name, brief, help) TUI_ACT_##name,
    TUI_ACTIONS(KEYS_ACTION_ENUM)
#undef KEYS_ACTION_ENUM
    TUI_ACT_COUNT
};

/* What a screen's handler is given. */
struct tui_input {
    enum tui_action action;
    wchar_t ch;         /* TUI_ACT_INSERT: the character */
    int y, x;           /* TUI_ACT_CLICK: where */
    /* TUI_ACT_PASTE: len bytes of text as it came (UTF-8, maybe with
     * line breaks and control bytes, which the field filters), valid
     * only during the call. */
    const char *text;
    size_t len;
};

/* Resolves the table's key names once, at start-up.  Returns 0, or -1
 * when a name is unknown (a mistake in the table). */
int keys_init(void);

/* A key from its name, len bytes at name: "Enter", "Esc", "Tab",
 * "S-Tab", "Backspace" (or "BS"), "Delete" (or "Del"), "Up", "PgDn",
 * "F1".."F12", "C-a".."C-z" and "C-?" (DEL), "Space", "lt" (<), or one
 * character as itself.  Returns the key, or -1. */
int keys_parse(const char *name, size_t len);
/* A key's name as keys_parse reads it (the first of its names), into
 * out of size bytes.  Returns out. */
const char *keys_name(int key, char *out, size_t size);

/* The action a key has on screen (a screen_id, screens.h), while a
 * request is in flight (busy) or not, and no text field has focus;
 * TUI_ACT_NONE when it has none. */
enum tui_action keys_lookup(unsigned screen, bool busy, int key);

/* What key means on screen: its action from the table, or else, where
 * the screen takes text (text), the printable character typed
 * (TUI_ACT_INSERT).  While a text field has focus, the bindings of
 * plain letters (j, k, q, ?, /) step aside so the letters are text.
 * Fills in and returns in->action. */
enum tui_action keys_input(unsigned screen, bool busy, bool text, int key,
                           struct tui_input *in);

/* An action's name ("QUIT"), footer word and help line (untranslated:
 * N_() strings, for _() where they are shown). */
const char *keys_action_name(enum tui_action a);
const char *keys_action_brief(enum tui_action a);
const char *keys_action_help(enum tui_action a);

/* The table's rows as keys_init resolved them, for the unit test's
 * checks (no key lost, no binding shadowed by mistake). */
#define KEYS_PER_BINDING 4
struct keys_row {
    enum tui_action action;
    uint32_t screens;           /* SCREEN_BIT()s */
    bool busy_only;             /* only while a request is in flight */
    bool no_text;               /* only while no text field has focus */
    int keys[KEYS_PER_BINDING]; /* 0 ends a short list */
};
size_t keys_rows(void);
/* Row i (i < keys_rows()); false before keys_init. */
bool keys_row(size_t i, struct keys_row *out);

/* One key as the footer or the help overlay shows it. */
struct keys_shown {
    char key[24];           /* "Enter", "Up/Down", "C-w" */
    const char *text;       /* the footer's word or the help line (N_) */
};

/* The footer of screen: its keys in table order, each key once (the
 * first binding of a key wins, so a busy screen shows "Esc cancel", not
 * "Esc back").  Returns how many were stored in out (at most max). */
size_t keys_footer(unsigned screen, bool busy, bool text,
                   struct keys_shown *out, size_t max);
/* The help overlay of screen: every key that does something there, each
 * help line once.  text: whether a text field has focus (see
 * keys_input). */
size_t keys_help(unsigned screen, bool busy, bool text,
                 struct keys_shown *out, size_t max);

#endif
