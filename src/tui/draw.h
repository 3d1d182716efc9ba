/* draw — what screens draw with: text measured in columns, clipped,
 * wrapped and made safe, in semantic colour roles.
 *
 * No curses here: cells reach the terminal through term.c's primitives,
 * so a screen can be drawn into a fake terminal in a unit test. */
#ifndef LINKROLE_TUI_DRAW_H
#define LINKROLE_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

/* Semantic colour roles; each theme (term.c) maps them to attributes. */
enum draw_role {
    DRAW_NORMAL,
    DRAW_HEADER,
    DRAW_FOOTER,
    DRAW_FOOTER_KEY,
    DRAW_SELECT,
    DRAW_ERROR,
    DRAW_WARNING,
    DRAW_OK,
    DRAW_DIM,
    DRAW_BADGE,
    DRAW_TITLE,
    DRAW_FIELD,
    DRAW_FIELD_FOCUS,
    DRAW_BUTTON,
    DRAW_BUTTON_OFF,
    DRAW_JSON_KEY,
    DRAW_JSON_STRING,
    DRAW_JSON_PUNCT,
    DRAW_JSON_NUMBER,
    DRAW_JSON_LITERAL,
    DRAW_ROLE_COUNT
};

/* Text, clipped to the screen; measured in columns and made safe
 * (controls become U+FFFD).  Returns the columns drawn. */
int draw_put(int y, int x, int width, enum draw_role role, const char *text);
/* Like draw_put, but text too long loses its middle, not its end
 * (text_fill_middle): for names whose end tells them apart. */
int draw_put_middle(int y, int x, int width, enum draw_role role,
                    const char *text);
/* Like draw_put but fills the whole width with the role's background. */
void draw_fill(int y, int x, int width, enum draw_role role,
               const char *text);
/* Word-wraps text into width columns from row y, at most maxrows rows;
 * returns the rows used. */
int draw_wrap(int y, int x, int width, int maxrows, enum draw_role role,
              const char *text);
/* The first row draw_wrap would make of s in width columns: its byte
 * length, and where the rest starts (after the spaces it broke at). */
size_t draw_wrap_piece(const char *s, int width, const char **next);
/* The rows draw_wrap would take for text (at most maxrows). */
int draw_wrap_rows(int width, int maxrows, const char *text);
/* The columns a block of "label  value" rows gives its labels: the
 * widest of labels (N_() texts, a NULL ends them) as translated now,
 * and a space, but at least min. */
int draw_label_cols(int min, const char *const *labels);
/* A sentence kept as its N_() text and its values, worded when drawn so
 * it follows the language: fmt translated, its %s (or %1$s, %2$s) made
 * a then b, %% a '%'; into out of size bytes. */
void draw_words(char *out, size_t size, const char *fmt, const char *a,
                const char *b);
/* A fixed-width label then a value, with the label dim. */
void draw_field(int y, int x, int width, int label_cols, const char *label,
                enum draw_role role, const char *value);

/* The terminal cursor: hidden at the start of each frame, shown where
 * the last draw_cursor of the frame put it. */
void draw_frame_begin(void);
void draw_cursor(int y, int x);
/* Whether the cursor shows this frame, and where. */
bool draw_cursor_at(int *y, int *x);

/* Frames drawn over the last one.  loop.c erases the screen before a
 * frame (draw_frame_reuse(false)) unless the screen drawn last asked
 * for its frame to be kept (draw_frame_keep) and nothing since calls
 * for a clean one (another screen, the help, a new size, Ctrl-L); then
 * the new frame starts over the last one's cells (reuse true), and the
 * screen repaints only the rows that changed: draw_only_rows(rows, n)
 * blanks each row y with rows[y] non-zero and clips every draw_* call to
 * them until draw_only_rows(NULL, 0).  curses sends the terminal what
 * differs, and no longer compares the rows left alone. */
void draw_frame_reuse(bool reuse);
bool draw_frame_reused(void);
void draw_frame_keep(void);
bool draw_frame_kept(void);
void draw_only_rows(const unsigned char *rows, int n);

/* A spinner frame for the elapsed milliseconds. */
const char *draw_spinner(long elapsed_ms);
/* Puts text on the terminal's clipboard (OSC 52), which most terminal
 * emulators and tmux honour.  Returns 0, or -1 when it cannot be sent. */
int draw_osc52(const char *text);

#endif
