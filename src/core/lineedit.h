/* lineedit — the text of a one-line input field and its cursor.
 *
 * A pure model (no curses): the form's CustomSuffix and Description fields
 * keep their text here, edited by character (UTF-8 aware: the cursor never
 * lands inside a character), with the moves a shell line editor has, and a
 * hard maximum so a long paste cannot grow without bound. */
#ifndef LINKROLE_LINEEDIT_H
#define LINKROLE_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

struct lineedit {
    char *text;         /* always NUL-terminated, valid or not as typed */
    size_t len;         /* bytes */
    size_t cap;
    size_t max;         /* largest len accepted, in bytes */
    size_t cursor;      /* byte offset, always at a character boundary */
};

/* max: the most bytes the field may hold.  Returns 0 or -1 (no memory). */
int lineedit_init(struct lineedit *e, size_t max);
void lineedit_free(struct lineedit *e);
/* Replaces the text with s as given (not filtered, so the field's rules
 * can point at what is wrong with a value loaded from elsewhere); the
 * cursor goes to the end.  Returns 0, -1 when out of memory or when s is
 * longer than max (then nothing changes). */
int lineedit_set(struct lineedit *e, const char *s);

/* Inserts s[0..len) at the cursor, dropping control characters (a
 * pasted line break -- LF, CR or CR LF -- or tab becomes one space) and
 * bytes that are not UTF-8,
 * and cutting at max on a character boundary.  s must not point into
 * e->text.  Returns how many bytes were inserted (0 also when out of
 * memory). */
size_t lineedit_insert(struct lineedit *e, const char *s, size_t len);

/* A "character" for moving and deleting is a code point with the
 * zero-width ones after it (combining marks), so the cursor never sits
 * where it would look the same as one step on.  Words are runs of ASCII
 * letters and digits and of anything beyond ASCII; '_', '-', '.' and
 * spaces separate them. */
void lineedit_left(struct lineedit *e);        /* one character */
void lineedit_right(struct lineedit *e);
void lineedit_home(struct lineedit *e);
void lineedit_end(struct lineedit *e);
void lineedit_word_left(struct lineedit *e);   /* to the start of a word */
void lineedit_word_right(struct lineedit *e);  /* past the end of a word */
bool lineedit_backspace(struct lineedit *e);   /* the character before */
bool lineedit_delete(struct lineedit *e);      /* the character at */
bool lineedit_delete_word_back(struct lineedit *e);   /* Ctrl-W */
bool lineedit_kill_to_start(struct lineedit *e);      /* Ctrl-U */
bool lineedit_kill_to_end(struct lineedit *e);        /* Ctrl-K */

/* Columns of text before the cursor (for placing the terminal cursor),
 * and the first byte to show so that the cursor fits in width columns
 * (horizontal scrolling of a long value). */
size_t lineedit_cursor_cols(const struct lineedit *e);
size_t lineedit_scroll(const struct lineedit *e, size_t width);

#endif
