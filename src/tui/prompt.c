/* prompt — "Save the response to: PATH" under the result pane: the
 * response (secrets masked, as everywhere linkrole prints), written to a
 * new file (never over one). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "core/file.h"
#include "core/lineedit.h"
#include "tui/state.h"
#include "tui/widgets.h"

#define PROMPT_PATH_MAX 4096

struct prompt {
    struct lineedit path;
};

static struct prompt *prompt_of(const struct tui *t)
{
    return t->state[SCREEN_PROMPT];
}

void prompt_open(struct tui *t, const char *name)
{
    lineedit_set(&prompt_of(t)->path, name);
    tui_status_clear(t);
    screens_show(t, SCREEN_PROMPT);
}

static void prompt_draw(struct tui *t, int rows, int cols)
{
    int w = cols - 2, x;

    /* Why the last Enter wrote nothing, above the question: the pane
     * gives up a row for it. */
    if (t->status[0]) {
        result_draw_body(t, rows - 1, cols);
        draw_put(rows - 3, 1, w, t->status_role, t->status);
    } else {
        result_draw_body(t, rows, cols);
    }
    x = draw_put(rows - 2, 1, w, DRAW_TITLE, _("Save the response to: "));
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
    const char *body = result_response(t);
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
        text[len] = '\n';
        if (file_create(path, text, len + 1, &errnum) == FILE_PUT_OK)
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
    tui_status(t, DRAW_OK, _("Saved the response to %.200s"), path);
    return true;
}

static enum tui_reaction prompt_handle(struct tui *t,
                                       const struct tui_input *in)
{
    switch (in->action) {
    case TUI_ACT_BACK:
        tui_status_clear(t);
        return TUI_BACK;
    case TUI_ACT_OPEN:
        /* Saved: back to the result pane, which says so. */
        return prompt_save(t) ? TUI_BACK : TUI_REDRAW;
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
    return lineedit_init(&prompt_of(t)->path, PROMPT_PATH_MAX);
}

static void prompt_done(struct tui *t)
{
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
