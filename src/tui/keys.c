/* keys — the key table (see keys.h). */
#include "config.h"

#include "tui/keys.h"

#include <curses.h>

#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/term.h"

#define KEYS_CTRL(c) ((c) & 0x1f)

/* One table: the loop maps keys with it, the footer and the help overlay
 * are written from it.  key is a curses KEY_* code, ch a character; a
 * label makes the entry show in the footer. */
struct keys_binding {
    int key;
    int ch;
    enum tui_action action;
    unsigned screens;
    const char *label;      /* footer and help: the key's name */
    const char *brief;      /* footer: one word */
    const char *help;       /* help overlay: what it does */
};

#define TEXT_SCR (KEYS_SCR_PICKER | KEYS_SCR_FORM | KEYS_SCR_PROMPT)
#define EDIT_SCR (KEYS_SCR_FORM | KEYS_SCR_PROMPT)
#define LIST_SCR (KEYS_SCR_PICKER | KEYS_SCR_RESULT | KEYS_SCR_ERROR)

static const struct keys_binding keys_bindings[] = {
    { 0, 27, TUI_ACT_CANCEL, KEYS_SCR_BUSY, "Esc", "cancel",
      "cancel the request in flight" },
    { 0, '\r', TUI_ACT_OPEN, KEYS_SCR_PICKER, "Enter", "form",
      "open the form for the selected service" },
    { 0, '\r', TUI_ACT_OPEN, KEYS_SCR_FORM, "Enter", "next/create",
      "next field; on [ Create ], send the request" },
    { 0, '\r', TUI_ACT_OPEN, KEYS_SCR_DBS, "Enter", "continue",
      "confirm the step shown, or open the role at the end" },
    { 0, '\r', TUI_ACT_OPEN, KEYS_SCR_PROMPT, "Enter", "save",
      "write the file" },
    { 0, '\n', TUI_ACT_OPEN,
      KEYS_SCR_PICKER | KEYS_SCR_FORM | KEYS_SCR_DBS | KEYS_SCR_PROMPT, NULL,
      NULL, NULL },
    { KEY_ENTER, 0, TUI_ACT_OPEN,
      KEYS_SCR_PICKER | KEYS_SCR_FORM | KEYS_SCR_DBS | KEYS_SCR_PROMPT, NULL,
      NULL, NULL },
    { 0, '\t', TUI_ACT_NEXT, KEYS_SCR_FORM, "Tab", "next", "next field" },
    { KEY_BTAB, 0, TUI_ACT_PREV, KEYS_SCR_FORM, NULL, NULL,
      "previous field" },
    { KEY_UP, 0, TUI_ACT_UP, LIST_SCR | KEYS_SCR_FORM, "Up/Down", "move",
      "move the selection, scroll, or change field" },
    { KEY_DOWN, 0, TUI_ACT_DOWN, LIST_SCR | KEYS_SCR_FORM, NULL, NULL, NULL },
    { KEY_PPAGE, 0, TUI_ACT_PAGE_UP, LIST_SCR, NULL, NULL,
      "a page up" },
    { KEY_NPAGE, 0, TUI_ACT_PAGE_DOWN, LIST_SCR, NULL, NULL,
      "a page down" },
    { KEY_HOME, 0, TUI_ACT_HOME, LIST_SCR | EDIT_SCR, NULL, NULL,
      "first row / start of the field (also C-a)" },
    { KEY_END, 0, TUI_ACT_END, LIST_SCR | EDIT_SCR, NULL, NULL,
      "last row / end of the field (also C-e)" },
    { 0, KEYS_CTRL('a'), TUI_ACT_HOME, EDIT_SCR, NULL, NULL, NULL },
    { 0, KEYS_CTRL('e'), TUI_ACT_END, EDIT_SCR, NULL, NULL, NULL },
    { KEY_LEFT, 0, TUI_ACT_LEFT, EDIT_SCR, NULL, NULL,
      "move in the field" },
    { KEY_RIGHT, 0, TUI_ACT_RIGHT, EDIT_SCR, NULL, NULL, NULL },
    { KEY_BACKSPACE, 0, TUI_ACT_BACKSPACE, TEXT_SCR, NULL, NULL,
      "delete the character before the cursor" },
    { 0, 127, TUI_ACT_BACKSPACE, TEXT_SCR, NULL, NULL, NULL },
    { 0, KEYS_CTRL('h'), TUI_ACT_BACKSPACE, TEXT_SCR, NULL, NULL, NULL },
    { KEY_DC, 0, TUI_ACT_DELETE, EDIT_SCR, NULL, NULL,
      "delete the character at the cursor" },
    { 0, KEYS_CTRL('w'), TUI_ACT_WORD_BACK, TEXT_SCR, "C-w", "word",
      "delete the word before the cursor" },
    { 0, KEYS_CTRL('u'), TUI_ACT_KILL_START, TEXT_SCR, "C-u", "clear",
      "delete to the start" },
    { 0, KEYS_CTRL('k'), TUI_ACT_KILL_END, EDIT_SCR, NULL, NULL,
      "delete to the end" },
    { 0, 't', TUI_ACT_EQUIV, KEYS_SCR_RESULT, "t", "tf/cli",
      "show the Terraform resource and aliyun CLI command (again: the "
      "trust policy)" },
    { 0, 's', TUI_ACT_SAVE, KEYS_SCR_RESULT, "s", "save",
      "save the full response (JSON) to a file" },
    { 0, 'c', TUI_ACT_COPY, KEYS_SCR_RESULT, "c", "copy ARN",
      "copy the ARN to the clipboard (OSC 52)" },
    { 0, 'b', TUI_ACT_BACK, KEYS_SCR_RESULT | KEYS_SCR_ERROR, "b", "back",
      "back to the services" },
    { 0, 27, TUI_ACT_BACK, KEYS_SCR_FORM | KEYS_SCR_DBS | KEYS_SCR_PROMPT, "Esc",
      "back", "back" },
    { 0, 27, TUI_ACT_BACK, KEYS_SCR_RESULT | KEYS_SCR_ERROR, NULL, NULL,
      "back" },
    { 0, 27, TUI_ACT_BACK, KEYS_SCR_PICKER, "Esc", "quit",
      "clear the search; quit when it is empty" },
    { 0, 'd', TUI_ACT_DEMO, KEYS_SCR_NOCREDS, "d", "demo",
      "demo mode: a simulated account" },
    { 0, 'q', TUI_ACT_QUIT,
      KEYS_SCR_RESULT | KEYS_SCR_ERROR | KEYS_SCR_NOCREDS | KEYS_SCR_DBS,
      "q", "quit", "quit" },
    { 0, '?', TUI_ACT_HELP, LIST_SCR | KEYS_SCR_NOCREDS | KEYS_SCR_DBS, "?",
      "help", "this help" },
    { KEY_F(1), 0, TUI_ACT_HELP, KEYS_SCR_FORM, "F1", "help", "this help" },
    { KEY_F(1), 0, TUI_ACT_HELP, KEYS_SCR_ALL, NULL, NULL, "this help" },
    { 0, KEYS_CTRL('l'), TUI_ACT_REDRAW, KEYS_SCR_ALL, NULL, NULL,
      "repaint the screen" },
    { 0, KEYS_CTRL('c'), TUI_ACT_QUIT, KEYS_SCR_ALL, NULL, NULL, "quit" },
};

#define KEYS_NBINDINGS (sizeof(keys_bindings) / sizeof(keys_bindings[0]))

enum tui_action keys_lookup(unsigned screen, int key, int ch)
{
    for (size_t i = 0; i < KEYS_NBINDINGS; i++) {
        const struct keys_binding *b = &keys_bindings[i];

        if (!(b->screens & screen))
            continue;
        if ((key && b->key == key) || (!key && b->ch && b->ch == ch))
            return b->action;
    }
    return TUI_ACT_NONE;
}

void keys_footer(unsigned screen)
{
    int x = 0, y = term_rows() - 1;

    draw_fill(y, 0, term_cols(), DRAW_FOOTER, "");
    for (size_t i = 0; i < KEYS_NBINDINGS && x < term_cols(); i++) {
        const struct keys_binding *b = &keys_bindings[i];
        bool shadowed = false;

        if (!b->label || !(b->screens & screen))
            continue;
        /* Busy: Esc cancels, so "Esc back" would be a lie. */
        for (size_t j = 0; j < i; j++)
            if (keys_bindings[j].ch == b->ch && keys_bindings[j].key == b->key &&
                (keys_bindings[j].screens & screen))
                shadowed = true;
        if (shadowed)
            continue;
        x += 1;
        x += draw_put(y, x, term_cols() - x, DRAW_FOOTER_KEY, b->label);
        x += 1;
        x += draw_put(y, x, term_cols() - x, DRAW_FOOTER, b->brief);
        x += 1;
    }
}

/* The help overlay names keys the footer leaves out. */
static const char *keys_label(const struct keys_binding *b, char *out,
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

void keys_help(unsigned screen)
{
    int w = term_cols() - 8 < 70 ? term_cols() - 8 : 70, h = term_rows() - 4;
    int x0 = (term_cols() - w) / 2, y0 = 2, y = y0 + 2;

    for (int r = 0; r < h; r++)
        draw_fill(y0 + r, x0, w, DRAW_NORMAL, "");
    draw_fill(y0, x0, w, DRAW_HEADER, " Keys on this screen");
    for (size_t i = 0; i < KEYS_NBINDINGS && y < y0 + h - 1; i++) {
        const struct keys_binding *b = &keys_bindings[i];
        const char *name = b->label;
        char keyname[32];
        bool seen = false;

        if (!b->help || !(b->screens & screen))
            continue;
        for (size_t j = 0; j < i; j++)
            if (keys_bindings[j].help &&
                strcmp(keys_bindings[j].help, b->help) == 0 &&
                (keys_bindings[j].screens & screen))
                seen = true;
        if (seen)
            continue;
        if (!name)
            name = keys_label(b, keyname, sizeof(keyname));
        draw_put(y, x0 + 2, 12, DRAW_TITLE, name);
        draw_put(y, x0 + 15, w - 17, DRAW_NORMAL, b->help);
        y++;
    }
    draw_fill(y0 + h - 1, x0, w, DRAW_FOOTER, " any key closes this help");
}

