/* text — UTF-8 decoding and measuring text in terminal columns.
 *
 * Everything that puts text in a column (the services table, every curses
 * screen) measures it here, so CJK and emoji line up and nothing is ever cut
 * in the middle of a character.  Widths follow wcwidth(3) of the current
 * locale (the program runs under a UTF-8 LC_CTYPE), which is what ncursesw
 * itself uses; bytes that are not valid UTF-8 and control characters are
 * shown as one column each (as U+FFFD). */
#ifndef LINKROLE_TEXT_H
#define LINKROLE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define TEXT_REPLACEMENT 0xFFFDu

/* Decodes one UTF-8 sequence from s[0..len).  Strict: overlong forms,
 * surrogates, code points above U+10FFFF and truncated sequences are
 * invalid.  Returns the number of bytes consumed (>= 1 when len > 0) and
 * stores the code point, or TEXT_REPLACEMENT with *valid = false for one
 * invalid byte.  Returns 0 only when len == 0 (then *cp = 0 and *valid =
 * false).  cp and valid may be NULL. */
size_t text_decode(const char *s, size_t len, uint32_t *cp, bool *valid);

/* True when s[0..len) is entirely valid UTF-8. */
bool text_valid(const char *s, size_t len);

/* Number of characters (code points; an invalid byte counts as one). */
size_t text_chars(const char *s, size_t len);

/* C0, DEL and C1: a character that moves the cursor or starts an escape
 * sequence, so never sent to a terminal as it is.  The one test of it. */
bool text_is_control(uint32_t cp);

/* Columns a code point takes: 0, 1 or 2.  Controls and invalid input: 1. */
int text_cp_cols(uint32_t cp);

/* Columns the whole string takes (NULL counts as ""). */
size_t text_cols(const char *s);
size_t text_ncols(const char *s, size_t len);

/* Longest prefix of s that fits in cols columns; returns its byte length
 * and, if used is not NULL, the columns it takes (less than cols when a
 * wide character would straddle the edge).  Never splits a character;
 * zero-width characters after the last fitting one stay with it. */
size_t text_fit(const char *s, size_t cols, size_t *used);

/* Appends s to out, made safe for a terminal (C0 and C1 controls, DEL and
 * invalid bytes become U+FFFD) and fitted to cols columns: when too long,
 * cut to exactly cols with an ellipsis "…" (a space after it fills the gap
 * a wide character would have straddled); when short, padded with spaces
 * to cols if pad is true.  When ascii is true, every non-ASCII character
 * becomes "?" too, and the ellipsis is "..." (or "." / ".." when cols is
 * 1 or 2).  s NULL counts as "".  Returns BUF_OK, or a buf error with out
 * left as it was. */
int text_fill(struct buf *out, const char *s, size_t cols, bool pad,
              bool ascii);

/* As text_fill, but a string too long for cols loses its middle rather
 * than its end: the start and the end are kept, "…" between them (the
 * start gets the odd column), so two long names that differ only at the
 * end (AliyunServiceRoleForXxxDataSync, ...Backup) stay told apart.  A
 * wide character that would straddle either side of the cut is left out
 * and its column filled with a space at the end, so the result is exactly
 * cols columns whenever it is cut. */
int text_fill_middle(struct buf *out, const char *s, size_t cols, bool pad,
                     bool ascii);

/* The first line of s when wrapped to cols columns: returns its byte
 * length (trailing spaces not counted) and sets *next to where the next
 * line starts (after the break's spaces or newline; at the end of s when
 * nothing is left).  A line ends at a newline; else it breaks after a
 * space, or between two characters where either is wide (CJK text has
 * no spaces), but never before closing punctuation (，。）… and ASCII
 * ,.;:!?)%) nor after opening punctuation (（「 and ASCII (); a word
 * longer than the line is cut where it must be.  At least one character
 * is taken, so repeated calls always advance. */
size_t text_wrap(const char *s, size_t cols, const char **next);

/* 1-based line and column of byte offset off in text (for messages about
 * a file: "FILE:LINE:COL: ..."); columns count bytes. */
void text_line_col(const char *text, size_t off, size_t *line, size_t *col);
/* The value of one hexadecimal digit (either case), or -1. */
int text_hex_digit(char c);

#endif
