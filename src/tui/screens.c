/* screens — the table of screens and the dispatch to them (see
 * screens.h). */
#include "config.h"

#include "tui/screens.h"

#include <stdlib.h>

#include "tui/state.h"
#include "tui/widgets.h"

/* The table, in the order of the ids. */
static const struct screen *const screens_table[SCREEN_COUNT] = {
#define SCREENS_ROW(id, name) [SCREEN_##id] = &name##_screen,
    SCREENS(SCREENS_ROW)
#undef SCREENS_ROW
};

const struct screen *screens_get(enum screen_id id)
{
    return (unsigned)id < SCREEN_COUNT ? screens_table[id] : NULL;
}

int screens_init(struct tui *t)
{
    for (int i = 0; i < SCREEN_COUNT; i++) {
        const struct screen *s = screens_table[i];

        t->state[i] = calloc(1, s->state_size ? s->state_size : 1);
        if (!t->state[i])
            return -1;
        if (s->init && s->init(t)) {
            /* done frees what a failed init made; then no done again. */
            if (s->done)
                s->done(t);
            free(t->state[i]);
            t->state[i] = NULL;
            return -1;
        }
    }
    return 0;
}

void screens_done(struct tui *t)
{
    for (int i = 0; i < SCREEN_COUNT; i++) {
        if (!t->state[i])
            continue;
        if (screens_table[i]->done)
            screens_table[i]->done(t);
        free(t->state[i]);
        t->state[i] = NULL;
    }
}

void screens_show(struct tui *t, enum screen_id id)
{
    if (screens_get(id))
        t->screen = id;
}

bool screens_takes_text(const struct tui *t)
{
    const struct screen *s = screens_table[t->screen];

    return s->takes_text && s->takes_text(t);
}

void screens_draw(struct tui *t, int rows, int cols)
{
    t->rows = rows;
    t->cols = cols;
    screens_table[t->screen]->draw(t, rows, cols);
    widgets_footer(t->screen, t->busy, screens_takes_text(t), rows, cols);
}

enum tui_reaction screens_handle(struct tui *t, const struct tui_input *in)
{
    const struct screen *s = screens_table[t->screen];
    enum tui_reaction r;

    /* Wherever it is pressed: the background's failure, if any (else
     * the status line says there is none). */
    if (in->action == TUI_ACT_PROBLEM) {
        problems_show(t);
        r = TUI_REDRAW;
    } else if (in->action == TUI_ACT_LANG) {
        screens_lang_next(t);
        r = TUI_REDRAW;
    } else
        r = in->action == TUI_ACT_QUIT ? TUI_QUIT : s->handle(t, in);
    switch (r) {
    case TUI_QUIT:
        t->quit = true;
        break;
    case TUI_BACK:
        screens_show(t, s->back);
        break;
    case TUI_NONE:
    case TUI_REDRAW:
        break;
    }
    return r;
}

void screens_lang_next(struct tui *t)
{
    tui_lang_next(t);
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (screens_table[i]->relang && t->state[i])
            screens_table[i]->relang(t);
}
