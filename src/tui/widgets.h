/* widgets — the pieces every screen is built from: the footer and the
 * help overlay (both written from the key table).
 *
 * Drawn through draw.h only, so they work in the unit tests' fake
 * terminal too. */
#ifndef LINKROLE_TUI_WIDGETS_H
#define LINKROLE_TUI_WIDGETS_H

/* The footer on the last row: the keys of screen (KEYS_SCR_* bits). */
void widgets_footer(unsigned screen, int rows, int cols);
/* The help overlay over the screen: every key of screen. */
void widgets_help(unsigned screen, int rows, int cols);

#endif
