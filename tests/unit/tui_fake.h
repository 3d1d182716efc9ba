/* tui_fake — what the TUI's unit tests share: a fake terminal (term.c's
 * primitives drawing into a grid of cells) and a UI with the catalogue
 * ($LINKROLE_CATALOG) and no session, on the picker at 80x24, with the
 * keys handed over as the loop hands them. */
#ifndef LINKROLE_TEST_TUI_FAKE_H
#define LINKROLE_TEST_TUI_FAKE_H

#include "app/options.h"
#include "tui/screens.h"
#include "tui/state.h"

extern struct options opts;
extern struct tui t;

/* cmocka's setup and teardown of t. */
int setup(void **state);
int teardown(void **state);

/* The grid: cleared to rows x cols; row y as text, trailing spaces
 * trimmed; the first row holding text, or -1; the last term_send. */
void fake_clear(int rows, int cols);
const char *fake_row(int y);
int fake_find(const char *text);
const char *fake_sent(void);

/* A frame, as the loop draws it. */
void frame(void);
/* One key by its name; text typed, character by character (the last
 * reaction). */
enum tui_reaction press(const char *name);
enum tui_reaction type(const char *s);
/* The row of a frame drawn now that shows the selection (">"), or -1. */
int selected_row(void);

#endif
