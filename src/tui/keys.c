/* keys — the actions, the key names and the key table (see keys.h). */
#include "config.h"

#include "tui/keys.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "tui/screens.h"

/* How a binding shows: in the footer, in the help overlay; whether it
 * holds only while a request is in flight; and whether it holds only
 * while no text field has focus (a plain letter, which is text there). */
#define KEYS_FOOT 1u
#define KEYS_HELP 2u
#define KEYS_BUSY 4u
#define KEYS_NOTEXT 8u
#define KEYS_TEXT 16u       /* only while a text field has focus */

struct keys_binding {
    const char *keys;       /* names, space-separated; the first is shown */
    enum tui_action action;
    uint32_t screens;       /* SCREEN_BIT()s */
    unsigned flags;         /* KEYS_FOOT, KEYS_HELP, KEYS_BUSY */
    const char *label;      /* shown instead of the first key's name */
    const char *brief;      /* the footer's word, when not the action's */
    const char *help;       /* the help line, when not the action's */
};

#define PICKER SCREEN_BIT(SCREEN_PICKER)
#define FORM SCREEN_BIT(SCREEN_FORM)
#define RESULT SCREEN_BIT(SCREEN_RESULT)
#define PROMPT SCREEN_BIT(SCREEN_PROMPT)
#define ERROR SCREEN_BIT(SCREEN_ERROR)
#define NOCREDS SCREEN_BIT(SCREEN_NOCREDS)
#define DBS SCREEN_BIT(SCREEN_DBS)
#define ROLES SCREEN_BIT(SCREEN_ROLES)
#define DELETE SCREEN_BIT(SCREEN_DELETE)
#define ROLLOUT SCREEN_BIT(SCREEN_ROLLOUT)
/* Every screen, those added later too: their global keys come free. */
#define ALL UINT32_MAX
#define TEXT (PICKER | FORM | PROMPT)
#define EDIT (FORM | PROMPT)
#define LIST (PICKER | RESULT | ERROR | ROLES | DELETE | ROLLOUT)
#define FOOT KEYS_FOOT
#define HELP KEYS_HELP
#define BUSY KEYS_BUSY
#define NOTEXT KEYS_NOTEXT
#define INTEXT KEYS_TEXT

/* The first binding of a key for a screen wins, so the more particular
 * ones come first (Esc cancels while busy, before Esc goes back).  The
 * footer and the help overlay list keys in this order. */
static const struct keys_binding keys_table[] = {
    { "Esc", TUI_ACT_CANCEL, ALL, BUSY | FOOT | HELP, NULL, NULL, NULL },
    { "Enter", TUI_ACT_OPEN, PICKER, FOOT | HELP, NULL, N_("form"),
      N_("open the form (a \u2713 service: its role)") },
    { "Enter", TUI_ACT_OPEN, ROLES, FOOT | HELP, NULL, N_("details"),
      N_("show the selected role (GetRole)") },
    { "Enter", TUI_ACT_OPEN, FORM, FOOT | HELP, NULL, N_("next/create"),
      N_("next field; on [ Create ], send the request") },
    { "Enter", TUI_ACT_OPEN, DBS, FOOT | HELP, NULL, N_("continue"),
      N_("confirm the step shown, or start the guide again after it stopped") },
    { "Enter", TUI_ACT_OPEN, PROMPT, FOOT | HELP, NULL, N_("save"),
      N_("write the file") },
    /* The rollout: Enter shows an account, or says yes when asked. */
    { "Enter", TUI_ACT_OPEN, ROLLOUT, FOOT | HELP, NULL, N_("details"),
      N_("the account selected: its error and the fix; on a question, "
         "yes") },
    { "C-j KpEnter", TUI_ACT_OPEN,
      PICKER | FORM | DBS | PROMPT | ROLES | ROLLOUT, 0, NULL,
      NULL, NULL },
    { "Tab", TUI_ACT_NEXT, FORM, FOOT | HELP, NULL, NULL, NULL },
    { "S-Tab", TUI_ACT_PREV, FORM, HELP, NULL, NULL, NULL },
    { "Up", TUI_ACT_UP, LIST | FORM, FOOT | HELP, N_("Up/Down"), NULL,
      NULL },
    { "Down", TUI_ACT_DOWN, LIST | FORM, 0, NULL, NULL, NULL },
    /* Emacs' and vi's moves, as in tig, htop and less. */
    { "C-p", TUI_ACT_UP, LIST | FORM, 0, NULL, NULL, NULL },
    { "C-n", TUI_ACT_DOWN, LIST | FORM, 0, NULL, NULL, NULL },
    { "j", TUI_ACT_DOWN, LIST, HELP | NOTEXT, N_("j/k"), NULL,
      N_("down / up, as Down / Up (also C-n / C-p)") },
    { "k", TUI_ACT_UP, LIST, NOTEXT, NULL, NULL, NULL },
    { "g", TUI_ACT_HOME, LIST, HELP | NOTEXT, N_("g/G"), NULL,
      N_("first / last row, as Home / End") },
    { "G", TUI_ACT_END, LIST, NOTEXT, NULL, NULL, NULL },
    { "/", TUI_ACT_SEARCH, PICKER, FOOT | HELP | NOTEXT, NULL, NULL,
      NULL },
    { "/", TUI_ACT_SEARCH, ROLES, FOOT | HELP | NOTEXT, NULL, N_("filter"),
      N_("type into the filter") },
    { "/", TUI_ACT_SEARCH, ROLLOUT, FOOT | HELP | NOTEXT, NULL,
      N_("filter"), N_("filter the accounts by id, name, state or code") },
    { "y", TUI_ACT_CONFIRM, ROLLOUT, FOOT | HELP | NOTEXT, NULL,
      N_("go ahead"), N_("after the plan: go ahead (asks first, with the "
                         "counts); yes to a question") },
    { "d", TUI_ACT_DELETE_ROLE, ROLES, FOOT | HELP | NOTEXT, NULL, NULL,
      NULL },
    { "R", TUI_ACT_ROLLOUT, ROLES, FOOT | HELP | NOTEXT, NULL, NULL,
      NULL },
    { "r", TUI_ACT_ROLES, ROLES, FOOT | HELP | NOTEXT, NULL, N_("reload"),
      N_("list the roles again (ListRoles)") },
    { "F2", TUI_ACT_ROLES, ROLES, 0, NULL, NULL, NULL },
    { "F2", TUI_ACT_ROLES, PICKER | RESULT, FOOT | HELP, N_("F2/r"), NULL,
      N_("the service-linked roles in this account") },
    { "r", TUI_ACT_ROLES, PICKER | RESULT, NOTEXT, NULL, NULL, NULL },
    { "n", TUI_ACT_ROLE_NEW, RESULT, HELP, NULL, NULL, NULL },
    /* Pairs share a help line, so the overlay fits 24 rows. */
    { "PgUp", TUI_ACT_PAGE_UP, LIST, HELP, N_("PgUp/PgDn"), NULL,
      N_("a page up / down") },
    { "PgDn", TUI_ACT_PAGE_DOWN, LIST, 0, NULL, NULL, NULL },
    { "Home", TUI_ACT_HOME, LIST | EDIT, HELP, N_("Home/End"), NULL,
      N_("first / last row; start / end of the field (also C-a / C-e)") },
    { "End", TUI_ACT_END, LIST | EDIT, 0, NULL, NULL, NULL },
    { "C-a", TUI_ACT_HOME, EDIT, 0, NULL, NULL, NULL },
    { "C-e", TUI_ACT_END, EDIT, 0, NULL, NULL, NULL },
    { "Left", TUI_ACT_LEFT, EDIT, HELP, N_("Left/Right"), NULL, NULL },
    { "Right", TUI_ACT_RIGHT, EDIT, 0, NULL, NULL, NULL },
    { "Backspace C-? C-h", TUI_ACT_BACKSPACE, TEXT, HELP, NULL, NULL,
      NULL },
    { "Delete", TUI_ACT_DELETE, EDIT, HELP, NULL, NULL, NULL },
    { "C-w", TUI_ACT_WORD_BACK, TEXT, FOOT | HELP, NULL, NULL, NULL },
    { "C-u", TUI_ACT_KILL_START, TEXT, FOOT | HELP, NULL, NULL, NULL },
    { "C-k", TUI_ACT_KILL_END, EDIT, HELP, NULL, NULL, NULL },
    /* The roles screen's filter: not in the footer, which keeps its
     * room for the list's keys. */
    { "Backspace C-? C-h", TUI_ACT_BACKSPACE, ROLES | ROLLOUT, HELP, NULL,
      NULL, NULL },
    { "C-w", TUI_ACT_WORD_BACK, ROLES | ROLLOUT, HELP, NULL, NULL, NULL },
    { "C-u", TUI_ACT_KILL_START, ROLES | ROLLOUT, HELP, NULL, NULL, NULL },
    { "t", TUI_ACT_EQUIV, RESULT, FOOT | HELP, NULL, NULL, NULL },
    { "Tab", TUI_ACT_NEXT, RESULT, HELP, NULL, NULL,
      N_("on the Terraform / aliyun view: the next snippet, which c copies "
         "and s saves alone") },
    { "S-Tab", TUI_ACT_PREV, RESULT, 0, NULL, NULL, NULL },
    { "s", TUI_ACT_SAVE, RESULT, FOOT | HELP, NULL, NULL, NULL },
    { "c", TUI_ACT_COPY, RESULT, FOOT | HELP, NULL, NULL, NULL },
    { "r", TUI_ACT_RETRY, ERROR, FOOT | HELP, NULL, NULL, NULL },
    { "e", TUI_ACT_EDIT, ERROR, FOOT | HELP, NULL, NULL, NULL },
    { "c", TUI_ACT_COPY, ERROR, FOOT | HELP, NULL, N_("copy"),
      N_("copy the RAM policy shown to the clipboard (OSC 52)") },
    { "s", TUI_ACT_SAVE, ERROR, FOOT | HELP, NULL, N_("save"),
      N_("save the RAM policy shown to a file") },
    { "b", TUI_ACT_BACK, RESULT | ERROR, FOOT | HELP, NULL, NULL,
      N_("back to the services, or to the roles screen") },
    { "Esc", TUI_ACT_BACK, FORM | DBS | PROMPT, FOOT | HELP, NULL, NULL,
      NULL },
    { "Esc", TUI_ACT_BACK, RESULT | ERROR, HELP, NULL, NULL, NULL },
    { "Esc", TUI_ACT_BACK, ROLES, FOOT | HELP, NULL, NULL,
      N_("leave the filter, then clear it, then back to the services") },
    { "Esc", TUI_ACT_BACK, PICKER, FOOT | HELP, NULL, N_("list"),
      N_("clear the search; on an empty one, leave it for the list, "
         "where j, k, g, G, / and q work") },
    { "Esc", TUI_ACT_BACK, ROLLOUT, FOOT | HELP, NULL, NULL,
      N_("close the account, leave or clear the filter; while the rollout "
         "runs, ask whether to stop it; else back") },
    { "q", TUI_ACT_BACK, ROLLOUT, HELP | NOTEXT, NULL, NULL,
      N_("as Esc: while the rollout runs, asks first") },
    { "d", TUI_ACT_DEMO, NOCREDS, FOOT | HELP, NULL, NULL, NULL },
    /* Deleting a role: asked first, "keep" the choice Enter takes
     * until another is made; then followed to its end. */
    { "d", TUI_ACT_DELETE_ROLE, RESULT, FOOT | HELP | NOTEXT, NULL, NULL,
      NULL },
    { "R", TUI_ACT_ROLLOUT, RESULT, FOOT | HELP | NOTEXT, NULL, NULL,
      NULL },
    { "d", TUI_ACT_DELETE_ROLE, DELETE, HELP, NULL, NULL,
      N_("ask again, after a failed or stopped deletion") },
    { "Enter", TUI_ACT_OPEN, DELETE, FOOT | HELP, NULL, N_("choose"),
      N_("the highlighted choice: keep (the default) or delete") },
    { "Left", TUI_ACT_LEFT, DELETE, HELP, N_("Left/Right"), NULL,
      N_("highlight the other choice (also Tab)") },
    { "Right", TUI_ACT_RIGHT, DELETE, 0, NULL, NULL, NULL },
    { "Tab", TUI_ACT_NEXT, DELETE, 0, NULL, NULL, NULL },
    { "S-Tab", TUI_ACT_PREV, DELETE, 0, NULL, NULL, NULL },
    { "y", TUI_ACT_CONFIRM, DELETE, HELP, NULL, NULL,
      N_("yes: delete the role (when asked)") },
    { "n", TUI_ACT_BACK, DELETE, HELP, NULL, NULL,
      N_("no: keep the role, back (when asked)") },
    { "c", TUI_ACT_COPY, DELETE, HELP, NULL, NULL,
      N_("copy a failed deletion's resources (OSC 52)") },
    { "s", TUI_ACT_SAVE, DELETE, HELP, NULL, NULL,
      N_("save a failed deletion's resources to a file") },
    /* One help line for both (the overlay must fit 24 rows). */
    { "b Esc", TUI_ACT_BACK, DELETE, FOOT | HELP, N_("b/Esc"), NULL,
      N_("back; stops following a deletion (it goes on)") },
    /* Wherever no text field has focus (in one, they are text).  Not
     * on the form, whose button is a step of filling it in: a q typed
     * ahead while the request is sent must not end the program. */
    { "q", TUI_ACT_QUIT, ALL & ~(FORM | PROMPT | ROLLOUT),
      FOOT | HELP | NOTEXT,
      NULL, NULL, NULL },
    { "!", TUI_ACT_PROBLEM, ALL & ~ERROR, HELP | NOTEXT, NULL, NULL,
      NULL },
    { "?", TUI_ACT_HELP, ALL, FOOT | HELP | NOTEXT, NULL, NULL, NULL },
    { "F1", TUI_ACT_HELP, TEXT, FOOT | HELP | INTEXT, NULL, NULL, NULL },
    { "F1", TUI_ACT_HELP, ALL, HELP, NULL, NULL, NULL },
    /* Every screen, while typing too (a function key is never text);
     * L where letters are not text. */
    { "F3", TUI_ACT_LANG, ALL, HELP, N_("F3/L"), NULL, NULL },
    { "L", TUI_ACT_LANG, ALL, NOTEXT, NULL, NULL, NULL },
    { "C-l", TUI_ACT_REDRAW, ALL, HELP, NULL, NULL, NULL },
    { "C-c", TUI_ACT_QUIT, ALL, HELP, NULL, NULL, NULL },
};

#define KEYS_COUNT (sizeof(keys_table) / sizeof(keys_table[0]))

/* keys_table's names, resolved by keys_init; 0 ends a short list. */
static int keys_codes[KEYS_COUNT][KEYS_PER_BINDING];
static bool keys_ready;


/* The names that are not a character as itself, nor C-x, nor Fn.  The
 * first name of a key is the one shown. */
static const struct {
    const char *name;
    int key;
} keys_names[] = {
    { "Enter", '\r' }, { "Esc", 27 }, { "Tab", '\t' }, { "Space", ' ' },
    { "lt", '<' }, { "S-Tab", KEYS_BTAB }, { "Backspace", KEYS_BACKSPACE },
    { "BS", KEYS_BACKSPACE }, { "Delete", KEYS_DELETE },
    { "Del", KEYS_DELETE }, { "Up", KEYS_UP }, { "Down", KEYS_DOWN },
    { "Left", KEYS_LEFT }, { "Right", KEYS_RIGHT }, { "PgUp", KEYS_PGUP },
    { "PgDn", KEYS_PGDN }, { "Home", KEYS_HOME }, { "End", KEYS_END },
    { "KpEnter", KEYS_KP_ENTER },
};

#define KEYS_NNAMES (sizeof(keys_names) / sizeof(keys_names[0]))

int keys_parse(const char *name, size_t len)
{
    uint32_t cp;
    bool valid;

    for (size_t i = 0; i < KEYS_NNAMES; i++)
        if (strlen(keys_names[i].name) == len &&
            strncmp(keys_names[i].name, name, len) == 0)
            return keys_names[i].key;
    /* C-a .. C-z, and the other control characters in caret notation
     * (C-@, C-[, C-\, C-], C-^, C-_, and C-? for DEL). */
    if (len == 3 && name[0] == 'C' && name[1] == '-') {
        if (name[2] >= 'a' && name[2] <= 'z')
            return KEYS_CTRL(name[2]);
        if (name[2] >= '@' && name[2] <= '_')
            return KEYS_CTRL(name[2]);
        if (name[2] == '?')
            return 127;
        return -1;
    }
    if (len >= 2 && len <= 3 && name[0] == 'F') {
        int n = 0;

        for (size_t i = 1; i < len; i++) {
            if (name[i] < '0' || name[i] > '9')
                return -1;
            n = n * 10 + (name[i] - '0');
        }
        return n >= 1 && n <= 12 && name[1] != '0' ? KEYS_F(n) : -1;
    }
    /* One printable character: itself. */
    if (len > 0 && text_decode(name, len, &cp, &valid) == len && valid &&
        !text_is_control(cp))
        return (int)cp;
    return -1;
}

const char *keys_name(int key, char *out, size_t size)
{
    mbstate_t st;
    char mb[MB_LEN_MAX];
    size_t n;

    for (size_t i = 0; i < KEYS_NNAMES; i++)
        if (keys_names[i].key == key) {
            snprintf(out, size, "%s", keys_names[i].name);
            return out;
        }
    if (key >= KEYS_F(1) && key <= KEYS_F(12)) {
        snprintf(out, size, "F%d", key - KEYS_F0);
    } else if (key >= 0 && key < 32) {
        snprintf(out, size, "C-%c", key >= 1 && key <= 26 ? key + 'a' - 1
                                                          : key + '@');
    } else if (key == 127) {
        snprintf(out, size, "C-?");
    } else {
        memset(&st, 0, sizeof(st));
        n = key >= 0 && key < KEYS_UP ? wcrtomb(mb, (wchar_t)key, &st)
                                      : (size_t)-1;
        if (n == (size_t)-1)
            snprintf(out, size, "?");
        else
            snprintf(out, size, "%.*s", (int)n, mb);
    }
    return out;
}

int keys_init(void)
{
    for (size_t i = 0; i < KEYS_COUNT; i++) {
        const char *s = keys_table[i].keys;
        int n = 0;

        memset(keys_codes[i], 0, sizeof(keys_codes[i]));
        while (*s) {
            size_t len = strcspn(s, " ");
            int key = keys_parse(s, len);

            /* 0 (C-@) would end the list: no binding may use it. */
            if (key <= 0 || n == KEYS_PER_BINDING)
                return -1;
            keys_codes[i][n++] = key;
            s += len;
            s += strspn(s, " ");
        }
        if (n == 0)
            return -1;
    }
    keys_ready = true;
    return 0;
}

size_t keys_rows(void)
{
    return KEYS_COUNT;
}

bool keys_row(size_t i, struct keys_row *out)
{
    if (!keys_ready || i >= KEYS_COUNT)
        return false;
    out->action = keys_table[i].action;
    out->screens = keys_table[i].screens;
    out->busy_only = (keys_table[i].flags & KEYS_BUSY) != 0;
    out->no_text = (keys_table[i].flags & KEYS_NOTEXT) != 0;
    memcpy(out->keys, keys_codes[i], sizeof(out->keys));
    return true;
}


static const struct {
    const char *name, *brief, *help;
} keys_actions[TUI_ACT_COUNT] = {
    [TUI_ACT_NONE] = { "NONE", NULL, NULL },
#define KEYS_ACTION_ROW(id, b, h) [TUI_ACT_##id] = { #id, b, h },
    TUI_ACTIONS(KEYS_ACTION_ROW)
#undef KEYS_ACTION_ROW
};

const char *keys_action_name(enum tui_action a)
{
    return (unsigned)a < TUI_ACT_COUNT ? keys_actions[a].name : NULL;
}

const char *keys_action_brief(enum tui_action a)
{
    return (unsigned)a < TUI_ACT_COUNT ? keys_actions[a].brief : NULL;
}

const char *keys_action_help(enum tui_action a)
{
    return (unsigned)a < TUI_ACT_COUNT ? keys_actions[a].help : NULL;
}


/* Whether binding i holds on screen, busy or not, a text field with
 * focus or not. */
static bool keys_holds(size_t i, unsigned screen, bool busy, bool text)
{
    const struct keys_binding *b = &keys_table[i];

    return screen < SCREEN_MAX && (b->screens & SCREEN_BIT(screen)) &&
           (busy || !(b->flags & KEYS_BUSY)) &&
           !(text && (b->flags & KEYS_NOTEXT)) &&
           (text || !(b->flags & KEYS_TEXT));
}

static bool keys_binds(size_t i, int key)
{
    for (int k = 0; k < KEYS_PER_BINDING && keys_codes[i][k]; k++)
        if (keys_codes[i][k] == key)
            return true;
    return false;
}

static enum tui_action keys_find(unsigned screen, bool busy, bool text,
                                 int key)
{
    if (!keys_ready && keys_init())
        return TUI_ACT_NONE;
    for (size_t i = 0; i < KEYS_COUNT; i++)
        if (keys_holds(i, screen, busy, text) && keys_binds(i, key))
            return keys_table[i].action;
    return TUI_ACT_NONE;
}

enum tui_action keys_lookup(unsigned screen, bool busy, int key)
{
    return keys_find(screen, busy, false, key);
}

enum tui_action keys_input(unsigned screen, bool busy, bool text, int key,
                           struct tui_input *in)
{
    in->action = keys_find(screen, busy, text, key);
    in->ch = 0;
    in->y = in->x = 0;
    in->text = NULL;
    in->len = 0;
    if (in->action == TUI_ACT_NONE && text && key >= 32 && key < KEYS_UP &&
        !text_is_control((uint32_t)key)) {
        in->action = TUI_ACT_INSERT;
        in->ch = (wchar_t)key;
    }
    return in->action;
}

static void keys_show(size_t i, const char *text, struct keys_shown *out)
{
    const struct keys_binding *b = &keys_table[i];

    if (b->label)
        snprintf(out->key, sizeof(out->key), "%s", _(b->label));
    else
        keys_name(keys_codes[i][0], out->key, sizeof(out->key));
    out->text = text;
}

size_t keys_footer(unsigned screen, bool busy, bool text,
                   struct keys_shown *out, size_t max)
{
    size_t n = 0;

    if (!keys_ready && keys_init())
        return 0;
    for (size_t i = 0; i < KEYS_COUNT && n < max; i++) {
        const struct keys_binding *b = &keys_table[i];
        bool shadowed = false;

        if (!(b->flags & KEYS_FOOT) || !keys_holds(i, screen, busy, text))
            continue;
        /* Busy: Esc cancels, so "Esc back" would be a lie. */
        for (size_t j = 0; j < i && !shadowed; j++)
            shadowed = keys_holds(j, screen, busy, text) &&
                       keys_binds(j, keys_codes[i][0]);
        if (!shadowed)
            keys_show(i, b->brief ? b->brief : keys_action_brief(b->action),
                      &out[n++]);
    }
    return n;
}

static const char *keys_help_text(size_t i)
{
    const struct keys_binding *b = &keys_table[i];

    return b->help ? b->help : keys_action_help(b->action);
}

size_t keys_help(unsigned screen, bool busy, bool text,
                 struct keys_shown *out, size_t max)
{
    size_t n = 0;

    if (!keys_ready && keys_init())
        return 0;
    for (size_t i = 0; i < KEYS_COUNT && n < max; i++) {
        const struct keys_binding *b = &keys_table[i];
        bool seen = false;

        if (!(b->flags & KEYS_HELP) || !keys_holds(i, screen, busy, text))
            continue;
        /* One line per help text: Up/Down, Home and C-a. */
        for (size_t j = 0; j < i && !seen; j++)
            seen = (keys_table[j].flags & KEYS_HELP) &&
                   keys_holds(j, screen, busy, text) &&
                   strcmp(keys_help_text(j), keys_help_text(i)) == 0;
        if (!seen)
            keys_show(i, keys_help_text(i), &out[n++]);
    }
    return n;
}
