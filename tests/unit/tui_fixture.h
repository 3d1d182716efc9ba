/* tui_fixture — a fake terminal and a UI to drive, shared by the
 * TUI's unit tests (test_tui.c, test_tui_errors.c).
 *
 * setup makes t: the catalogue ($LINKROLE_CATALOG), no session, the
 * picker shown, an 80x24 fake terminal; teardown frees it. */
#ifndef LINKROLE_TUI_FIXTURE_H
#define LINKROLE_TUI_FIXTURE_H

#include "app/options.h"
#include "tui/screens.h"
#include "tui/state.h"

#define FAKE_ROWS 60
#define FAKE_COLS 160

struct tui_fake {
    int rows, cols;
    /* Each cell's character in UTF-8; "" right of a wide character. */
    char cell[FAKE_ROWS][FAKE_COLS][8];
    char sent[512];             /* the last term_send */
};
extern struct tui_fake fake;
extern struct options opts;
extern struct tui t;

void fake_clear(int rows, int cols);
/* Row y as text, trailing spaces trimmed (a static buffer). */
const char *fake_row(int y);
/* The first row holding text, or -1. */
int fake_find(const char *text);

/* The last term_send; the row of the frame drawn now that shows the
 * selection (">"), or -1. */
const char *fake_sent(void);
int selected_row(void);

int setup(void **state);
int teardown(void **state);
/* A frame, as the loop draws it. */
void frame(void);
/* One key by its name, as the loop hands it to the screen. */
enum tui_reaction press(const char *name);
/* Text typed, character by character; returns the last reaction. */
enum tui_reaction type(const char *s);

#endif
