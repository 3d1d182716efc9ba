/* prompt — "Save the response to: PATH" under the result pane: the
 * response (secrets masked, as everywhere linkrole prints) as indented
 * JSON, or one snippet of the Terraform / aliyun view as it is shown.
 * A file already there is replaced only after "overwrite? y/n"; the
 * status line says where the file went (the full path) or why not. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/i18n.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/json.h"
#include "core/lineedit.h"
#include "core/text.h"
#include "tui/state.h"
#include "tui/widgets.h"

#define PROMPT_PATH_MAX 4096
/* The most of a path the status line shows: what fits its wrapped rows
 * (and its buffer) on any terminal; a longer one loses its middle, so
 * the file's name still shows. */
#define PROMPT_SHOWN_COLS 100

struct prompt {
    struct lineedit path;
    char *text;                 /* what to save; NULL: the response */
    const char *what;           /* "the response", "the Terraform ..." */
    bool confirm;               /* asking whether to replace the file */
    char full[PROMPT_PATH_MAX + 16];  /* the path asked about */
    char shown[PROMPT_SHOWN_COLS * 4 + 8];  /* full, as the status shows it */
    enum screen_id from;        /* the screen it was opened on */
};

static struct prompt *prompt_of(const struct tui *t)
{
    return t->state[SCREEN_PROMPT];
}

static void prompt_start(struct tui *t, const char *name, char *text,
                         const char *what)
{
    struct prompt *p = prompt_of(t);

    free(p->text);
    p->text = text;
    if (t->screen != SCREEN_PROMPT)
        p->from = t->screen;
    p->what = what;
    p->confirm = false;
    lineedit_set(&p->path, name);
    tui_status_clear(t);
    screens_show(t, SCREEN_PROMPT);
}

void prompt_open(struct tui *t, const char *name)
{
    prompt_start(t, name, NULL, N_("the response"));
}

int prompt_open_text(struct tui *t, const char *name, const char *what,
                     const char *text)
{
    char *copy = strdup(text ? text : "");

    if (!copy)
        return -1;
    prompt_start(t, name, copy, what);
    return 0;
}

/* The screen the prompt was opened on, under it: the result pane
 * without its last two rows; another screen in rows less its footer,
 * the prompt's row cleared. */
static void prompt_draw_under(struct tui *t, int rows, int cols)
{
    enum screen_id from = prompt_of(t)->from;

    if (from == SCREEN_RESULT || !screens_get(from)) {
        result_draw_body(t, rows, cols);
        return;
    }
    screens_get(from)->draw(t, rows - 1, cols);
    draw_fill(rows - 2, 0, cols, DRAW_NORMAL, "");
}

/* Back where it was opened: the result pane is the screen's own back. */
static enum tui_reaction prompt_back(struct tui *t)
{
    enum screen_id from = prompt_of(t)->from;

    if (from == SCREEN_RESULT || !screens_get(from))
        return TUI_BACK;
    screens_show(t, from);
    return TUI_REDRAW;
}

static void prompt_draw(struct tui *t, int rows, int cols)
{
    int w = cols - 2, x;

    /* Why the last Enter wrote nothing, above the question: the pane
     * gives up a row for it. */
    prompt_draw_under(t, t->status[0] ? rows - 1 : rows, cols);
    if (t->status[0])
        widgets_status(rows - 3, cols, 3, t->status_role,
                 tui_status_text(t));
    if (prompt_of(t)->confirm) {
        x = draw_put(rows - 2, 1, w, DRAW_WARNING, _("Overwrite it? y/n (n or Esc: another name) "));
        draw_cursor(rows - 2, 1 + x);
        return;
    }
    {
        char label[160];

        snprintf(label, sizeof(label), _("Save %s to: "),
                 _(prompt_of(t)->what));
        x = draw_put(rows - 2, 1, w, DRAW_TITLE, label);
    }
    field_draw(rows - 2, 1 + x, w - x, &prompt_of(t)->path,
               DRAW_FIELD_FOCUS, FIELD_FILL | FIELD_CURSOR);
}

/* The path typed, with ~/ expanded and made absolute, so the status line
 * can say where the file went whatever the directory was.  Returns
 * whether it fits. */
static bool prompt_full_path(const char *path, char *out, size_t size)
{
    const char *home = getenv("HOME");
    char cwd[PROMPT_PATH_MAX];
    int n;

    if (strncmp(path, "~/", 2) == 0 && home && home[0])
        n = snprintf(out, size, "%s/%s", home, path + 2);
    else if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
        n = snprintf(out, size, "%s", path);
    else
        n = snprintf(out, size, "%s/%s", cwd, path);
    return n >= 0 && (size_t)n < size;
}

static void prompt_shown(struct prompt *p)
{
    struct buf b;

    buf_init(&b, sizeof(p->shown) - 1);
    if (text_fill_middle(&b, p->full, PROMPT_SHOWN_COLS, false, false) ==
        BUF_OK)
        snprintf(p->shown, sizeof(p->shown), "%s", buf_str(&b));
    else
        snprintf(p->shown, sizeof(p->shown), "%.*s", PROMPT_SHOWN_COLS,
                 p->full);
    buf_free(&b);
}

/* What goes in the file: a snippet as shown, the response re-indented
 * (two spaces, as the CLI prints it; as received when it is not JSON),
 * each with a final newline. */
static int prompt_body(const struct prompt *p, const struct tui *t,
                       struct buf *out)
{
    const char *body = p->text;

    if (!body) {
        body = result_response(t);
        if (!body)
            body = "{}";
        if (json_pretty(out, body, strlen(body), 2) != 0) {
            buf_reset(out);
            if (buf_adds(out, body) != BUF_OK)
                return -1;
        }
    } else if (buf_adds(out, body) != BUF_OK) {
        return -1;
    }
    if (out->len == 0 || out->data[out->len - 1] != '\n')
        return buf_addc(out, '\n') == BUF_OK ? 0 : -1;
    return 0;
}

enum prompt_outcome { PROMPT_SAVED, PROMPT_FAILED, PROMPT_ASK };

/* Says why nothing was written. */
static enum prompt_outcome prompt_refused(struct tui *t, enum file_put rc,
                                          int errnum)
{
    const char *full = prompt_of(t)->shown;

    if (rc == FILE_PUT_LINK)
        tui_say_words(t, DRAW_ERROR, N_("cannot write %s: it is a "
                      "symbolic link (linkrole does not follow one)"), full,
                      NULL);
    else if (rc == FILE_PUT_NOT_REGULAR)
        tui_say_words(t, DRAW_ERROR, N_("cannot write %s: it is not a "
                      "regular file"), full, NULL);
    else
        tui_say_words(t, DRAW_ERROR, N_("cannot write %s: %s"), full,
                      strerror(rc == FILE_PUT_NOMEM ? ENOMEM
                               : errnum ? errnum : EIO));
    return PROMPT_FAILED;
}

/* Writes the file through core/file: a new one by file_create, or, once
 * the user said y, over the old one by file_replace (atomic; neither
 * follows a link or writes into a FIFO or device).  Created 0600: an
 * answer names the account's roles.  Returns what happened, with the
 * status line saying it. */
static enum prompt_outcome prompt_save(struct tui *t, bool replace)
{
    struct prompt *p = prompt_of(t);
    enum file_put rc = FILE_PUT_ERROR;
    struct buf body;
    int errnum = 0;

    if (!replace && !prompt_full_path(p->path.text, p->full,
                                      sizeof(p->full))) {
        tui_say(t, DRAW_ERROR, N_("cannot write there: the path "
                   "is too long"));
        return PROMPT_FAILED;
    }
    prompt_shown(p);
    buf_init(&body, 1u << 24);
    if (prompt_body(p, t, &body) != 0) {
        rc = FILE_PUT_NOMEM;
        errnum = ENOMEM;
    } else if (replace) {
        rc = file_replace(p->full, body.data, body.len, &errnum);
    } else {
        rc = file_create(p->full, body.data, body.len, &errnum);
    }
    buf_free(&body);
    switch (rc) {
    case FILE_PUT_OK:
        tui_say_what(t, DRAW_OK, N_("Saved %s to %s"), p->what, p->shown);
        return PROMPT_SAVED;
    case FILE_PUT_EXISTS:
        /* Asked about only when y could replace it: a link or a
         * directory is refused now, as file_replace would. */
        rc = file_replaceable(p->full, &errnum);
        if (rc == FILE_PUT_OK) {
            tui_say_words(t, DRAW_WARNING, N_("%s already exists"),
                          p->shown, NULL);
            return PROMPT_ASK;
        }
        return prompt_refused(t, rc, errnum);
    case FILE_PUT_LINK:
    case FILE_PUT_NOT_REGULAR:
    case FILE_PUT_NOMEM:
    case FILE_PUT_MODE:
    case FILE_PUT_ERROR:
        break;
    }
    return prompt_refused(t, rc, errnum);
}

/* The one letter typed, or 0: a key typed alone may come as a burst of
 * one character (loop.c holds typed text together). */
static int prompt_letter(const struct tui_input *in)
{
    if (in->action == TUI_ACT_INSERT)
        return in->ch < 128 ? (int)in->ch : 0;
    if (in->action == TUI_ACT_PASTE && in->len == 1)
        return (unsigned char)in->text[0];
    return 0;
}

/* "Overwrite it? y/n": y replaces, n or Esc goes back to the path, with
 * the question's answer on the status line; other keys wait. */
static enum tui_reaction prompt_confirm(struct tui *t,
                                        const struct tui_input *in)
{
    struct prompt *p = prompt_of(t);
    int c = prompt_letter(in);

    if (c == 'y' || c == 'Y') {
        p->confirm = false;
        return prompt_save(t, true) == PROMPT_SAVED ? prompt_back(t)
                                                    : TUI_REDRAW;
    }
    if (in->action == TUI_ACT_BACK || c == 'n' || c == 'N') {
        p->confirm = false;
        tui_say_words(t, DRAW_WARNING, N_("Not overwritten: %s is as it "
                      "was; type another name"), p->shown, NULL);
        return TUI_REDRAW;
    }
    return TUI_NONE;
}

static enum tui_reaction prompt_handle(struct tui *t,
                                       const struct tui_input *in)
{
    struct prompt *p = prompt_of(t);

    if (p->confirm)
        return prompt_confirm(t, in);
    switch (in->action) {
    case TUI_ACT_BACK:
        tui_status_clear(t);
        return prompt_back(t);
    case TUI_ACT_OPEN:
        if (!p->path.text[0])
            return TUI_NONE;
        /* Saved: back to the screen it was opened on, which says so. */
        switch (prompt_save(t, false)) {
        case PROMPT_SAVED:
            return prompt_back(t);
        case PROMPT_ASK:
            p->confirm = true;
            break;
        case PROMPT_FAILED:
            break;
        }
        return TUI_REDRAW;
    default:
        if (!field_edit(&prompt_of(t)->path, in))
            return TUI_NONE;
        /* A new path: the last one's failure no longer applies. */
        tui_status_clear(t);
        return TUI_REDRAW;
    }
}

static bool prompt_takes_text(const struct tui *t)
{
    (void)t;
    return true;
}

static int prompt_init(struct tui *t)
{
    prompt_of(t)->from = SCREEN_RESULT;
    return lineedit_init(&prompt_of(t)->path, PROMPT_PATH_MAX);
}

static void prompt_done(struct tui *t)
{
    lineedit_free(&prompt_of(t)->path);
    free(prompt_of(t)->text);
}

const struct screen prompt_screen = {
    .id = SCREEN_PROMPT,
    .name = "prompt",
    .state_size = sizeof(struct prompt),
    .init = prompt_init,
    .done = prompt_done,
    .draw = prompt_draw,
    .handle = prompt_handle,
    .takes_text = prompt_takes_text,
    .back = SCREEN_RESULT,
};
