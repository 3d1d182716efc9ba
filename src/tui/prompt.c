/* prompt — "Save the response to: PATH" under the result pane: the
 * response (secrets masked, as everywhere linkrole prints), written to a
 * new file (never over one).  Another screen may have a text of its own
 * saved the same way ("Save to: PATH" under that screen). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/lineedit.h"
#include "tui/state.h"
#include "tui/widgets.h"

#define PROMPT_PATH_MAX 4096

struct prompt {
    struct lineedit path;
    char *text;                 /* what to save; NULL: the response */
    enum screen_id under;       /* drawn beneath, and back to */
};

static struct prompt *prompt_of(const struct tui *t)
{
    return t->state[SCREEN_PROMPT];
}

void prompt_open(struct tui *t, const char *name)
{
    struct prompt *p = prompt_of(t);

    free(p->text);
    p->text = NULL;
    p->under = SCREEN_RESULT;
    lineedit_set(&p->path, name);
    tui_status_clear(t);
    screens_show(t, SCREEN_PROMPT);
}

void prompt_open_text(struct tui *t, const char *name, const char *text,
                      enum screen_id under)
{
    struct prompt *p = prompt_of(t);
    char *copy = strdup(text);

    if (!copy) {
        tui_status(t, DRAW_ERROR, "%s", _("Out of memory: nothing saved"));
        return;
    }
    prompt_open(t, name);
    p->text = copy;
    p->under = under;
}

/* The screen beneath: the result pane without its last two rows, or
 * another screen whole (the question then covers its status row). */
static void prompt_draw_under(struct tui *t, int rows, int cols)
{
    const struct screen *s = screens_get(prompt_of(t)->under);

    if (prompt_of(t)->under == SCREEN_RESULT || !s)
        result_draw_body(t, rows, cols);
    else
        s->draw(t, rows, cols);
}

static void prompt_draw(struct tui *t, int rows, int cols)
{
    int w = cols - 2, x;

    /* Why the last Enter wrote nothing, above the question: the pane
     * gives up a row for it. */
    if (t->status[0]) {
        prompt_draw_under(t, rows - 1, cols);
        draw_put(rows - 3, 1, w, t->status_role, t->status);
    } else {
        prompt_draw_under(t, rows, cols);
    }
    draw_fill(rows - 2, 0, cols, DRAW_NORMAL, "");
    x = draw_put(rows - 2, 1, w, DRAW_TITLE,
                 prompt_of(t)->text ? _("Save to: ")
                                    : _("Save the response to: "));
    field_draw(rows - 2, 1 + x, w - x, &prompt_of(t)->path,
               DRAW_FIELD_FOCUS, FIELD_FILL | FIELD_CURSOR);
}

/* Writes the response (secrets already masked by app/safe), through
 * core/file's creator: never over an existing file or through a link, and
 * 0600 (an answer names the account's roles).  Returns whether it was
 * written. */
static bool prompt_save(struct tui *t)
{
    const char *home = getenv("HOME"), *path = prompt_of(t)->path.text;
    const char *body = prompt_of(t)->text ? prompt_of(t)->text
                                          : result_response(t);
    char full[4200], *text;
    size_t len;
    int errnum = 0;

    if (!path[0])
        return false;
    if (strncmp(path, "~/", 2) == 0 && home) {
        snprintf(full, sizeof(full), "%s/%s", home, path + 2);
        path = full;
    }
    if (!body)
        body = "{}";
    len = strlen(body);
    text = malloc(len + 2);
    if (!text) {
        errnum = ENOMEM;
    } else {
        memcpy(text, body, len);
        /* One line break at the end, not two. */
        if (!len || text[len - 1] != '\n')
            text[len++] = '\n';
        if (file_create(path, text, len, &errnum) == FILE_PUT_OK)
            errnum = 0;
        else if (!errnum)
            errnum = EIO;
        free(text);
    }
    if (errnum) {
        tui_status(t, DRAW_ERROR, _("cannot write %.160s: %s"), path,
                   strerror(errnum));
        return false;
    }
    if (prompt_of(t)->text)
        tui_status(t, DRAW_OK, _("Saved to %.200s"), path);
    else
        tui_status(t, DRAW_OK, _("Saved the response to %.200s"), path);
    return true;
}

/* Back to the screen the prompt was opened on. */
static enum tui_reaction prompt_back(struct tui *t)
{
    if (prompt_of(t)->under == SCREEN_RESULT)
        return TUI_BACK;
    screens_show(t, prompt_of(t)->under);
    return TUI_REDRAW;
}

static enum tui_reaction prompt_handle(struct tui *t,
                                       const struct tui_input *in)
{
    switch (in->action) {
    case TUI_ACT_BACK:
        tui_status_clear(t);
        return prompt_back(t);
    case TUI_ACT_OPEN:
        /* Saved: back to the result pane, which says so. */
        return prompt_save(t) ? prompt_back(t) : TUI_REDRAW;
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
    prompt_of(t)->under = SCREEN_RESULT;
    return lineedit_init(&prompt_of(t)->path, PROMPT_PATH_MAX);
}

static void prompt_done(struct tui *t)
{
    free(prompt_of(t)->text);
    lineedit_free(&prompt_of(t)->path);
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
