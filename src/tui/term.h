/* term — the terminal's lifecycle: taking it (or the null device for a
 * headless script), the colour themes, the signals, stderr parked while
 * curses draws, and giving it back on every way out.
 *
 * Besides loop.c and script.c, the one place that talks to curses: draw.c
 * reaches the screen only through the primitives at the end. */
#ifndef LINKROLE_TUI_TERM_H
#define LINKROLE_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "tui/draw.h"

struct term_config {
    bool no_color;      /* --no-color */
    const char *script; /* LINKROLE_TUI_SCRIPT, or NULL */
};

/* Whether the UI can start here: terminals on stdin and stdout, a TERM
 * with cursor addressing.  Returns 0, or -1 with one line in why. */
int term_check(const struct term_config *cfg, struct buf *why);
/* Takes the terminal (stderr is parked in a file until term_close).
 * Returns 0, or -1 with one line in why. */
int term_open(const struct term_config *cfg, struct buf *why);
/* Gives the terminal back and replays what was written to stderr. */
void term_close(void);
/* Whether the screen is drawn on the null device for a script. */
bool term_headless(void);

/* The key codes get_wch answers (with KEY_CODE_YES) for a bracketed
 * paste's start and end markers, ESC [ 200 ~ and ESC [ 201 ~: beyond
 * every code curses has (KEY_MAX, checked in term.c). */
#define TERM_KEY_PASTE_BEGIN 01001
#define TERM_KEY_PASTE_END 01002

/* The frame hook, for benchmarks and tests (doc/testing.md): when
 * LINKROLE_FRAME_FD named a file descriptor open for writing (3 or
 * more) at term_open, each call writes one line to it, "frame N keys K
 * SCREEN\n": the Nth frame, drawn and flushed to the terminal after the
 * loop had taken K keys, showing SCREEN.  The descriptor is made
 * non-blocking and close-on-exec; a line the reader has no room for is
 * dropped.  Without the variable, or with a bad value, it does nothing. */
void term_frame_done(unsigned long keys, const char *screen);

/* The terminating signal caught (SIGINT, SIGTERM, SIGHUP), or 0. */
int term_signal(void);
/* Whether the program was resumed (SIGCONT) since the last call. */
bool term_resumed(void);
/* Between these two, SIGINT, SIGTERM and SIGHUP restore the terminal and
 * end the program at once (a wait that cannot be interrupted otherwise). */
void term_wait_begin(void);
void term_wait_end(void);

/* The primitives draw.c builds on: the screen's size, text already made
 * safe and fitted, and raw bytes for the terminal (after curses' own
 * output, so neither is split).  term_send returns 0 or -1. */
int term_rows(void);
int term_cols(void);
/* A frame drawn outside the loop: cleared, then shown. */
void term_erase(void);
void term_show(void);
void term_text(int y, int x, enum draw_role role, const char *text);
/* Row y blank, as a frame starts from (for draw_only_rows). */
void term_clear_row(int y);
int term_send(const char *bytes, size_t n);

#endif
