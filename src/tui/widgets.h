/* widgets — the pieces every screen is built from: the list, the scroll
 * view, the one-line text field (on core/lineedit), the footer and the help
 * overlay (both written from the key table).
 *
 * Drawn through draw.h only, so they work in the unit tests' fake
 * terminal too. */
#ifndef LINKROLE_TUI_WIDGETS_H
#define LINKROLE_TUI_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/lineedit.h"
#include "tui/draw.h"
#include "tui/keys.h"

/* list: count rows, one of them selected, seen through a window that
 * follows the selection. */
struct list {
    size_t count;
    size_t sel;                 /* the selected row (0 when empty) */
    size_t top;                 /* the first row shown */
};
enum list_click {
    LIST_MISSED,                /* no row there */
    LIST_SELECTED,              /* the row clicked is selected now */
    LIST_CHOSEN                 /* the selection was clicked again */
};
/* A new list of count rows: the first selected. */
void list_reset(struct list *l, size_t count);
/* Up, Down, PgUp, PgDn (page rows), Home and End move the selection;
 * returns whether action was one of them. */
bool list_handle(struct list *l, enum tui_action action, int page);
/* A click on row (0: the first row shown) of a window of height. */
enum list_click list_click(struct list *l, long row, int height);
/* Brings the selection into a window of height rows from y, then draws
 * each row shown by row(ctx, index, y, selected). */
void list_draw(struct list *l, int y, int height,
               void (*row)(const void *ctx, size_t i, int y, bool selected),
               const void *ctx);

/* scroll: many lines seen through a few rows.  Moves go beyond the end
 * freely; drawing clamps, once the height is known. */
struct scroll {
    size_t top;                 /* the first line shown */
    int height;                 /* rows it had when last drawn */
};
/* Up, Down, PgUp, PgDn (the rows last drawn, less one kept for context),
 * Home and End; returns whether action was one of them. */
bool scroll_handle(struct scroll *s, enum tui_action action);
/* Keeps top where the last line of total is at most at the bottom of
 * height rows. */
void scroll_clamp(struct scroll *s, size_t total, int height);
/* Clamps, then draws lines [top, top + height) of total from row y, each
 * by line(ctx, index, row). */
void scroll_draw(struct scroll *s, size_t total, int y, int height,
                 void (*line)(const void *ctx, size_t i, int y),
                 const void *ctx);
/* The lines of text (the last one may lack its newline), and drawing
 * them as scroll_draw does, at x in w columns, in role. */
size_t scroll_text_lines(const char *text);
void scroll_draw_text(struct scroll *s, const char *text, int y, int x,
                      int w, int height, enum draw_role role);

/* field: a lineedit shown in one row, scrolled to keep the cursor in
 * view.  FIELD_FILL paints the whole width in the role (a box to type
 * in); FIELD_CURSOR puts the terminal cursor where the lineedit says. */
#define FIELD_FILL 1u
#define FIELD_CURSOR 2u
void field_draw(int y, int x, int w, const struct lineedit *e,
                enum draw_role role, unsigned flags);
/* Applies an editing action to e; returns whether it was one. */
bool field_edit(struct lineedit *e, const struct tui_input *in);

/* A status message whose last row is y, wrapped upwards over at most
 * maxrows rows (each cleared first) rather than cut: a saved file's path
 * is shown whole.  Returns the rows it took. */
int widgets_status(int y, int cols, int maxrows, enum draw_role role,
                   const char *text);

/* The footer on the last row: the keys of screen (a screen_id), busy
 * (a request in flight) or not, a text field with focus (text) or not. */
void widgets_footer(unsigned screen, bool busy, bool text, int rows,
                    int cols);
/* The help overlay over the screen: every key of screen, each help line
 * wrapped under its key rather than cut. */
void widgets_help(unsigned screen, bool busy, bool text, int rows,
                  int cols);

#endif
