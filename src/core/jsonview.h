/* jsonview — JSON text as lines of styled tokens, for the trust-policy
 * view.
 *
 * Pretty-prints (two-space indent, keys in document order) into lines the
 * UI draws token by token in distinct colours and scrolls; a UI that
 * cannot colour still gets the same text.  No curses here. */
#ifndef LINKROLE_JSONVIEW_H
#define LINKROLE_JSONVIEW_H

#include <stddef.h>

enum jsonview_style {
    JSONVIEW_PUNCT,     /* { } [ ] : , and indentation */
    JSONVIEW_KEY,       /* "Statement" (with its quotes) */
    JSONVIEW_STRING,    /* string values, with quotes */
    JSONVIEW_NUMBER,
    JSONVIEW_LITERAL    /* true, false, null */
};

struct jsonview_token {
    enum jsonview_style style;
    size_t start;       /* byte offset into the line's text */
    size_t len;
};

struct jsonview_line {
    char *text;                     /* the whole line, NUL-terminated */
    struct jsonview_token *tokens;  /* in order, covering the text */
    size_t ntokens;
};

struct jsonview {
    struct jsonview_line *lines;
    size_t nlines;
};

/* Parses text[0..len) and lays it out.  Returns 0, or -1 when it is not
 * JSON, is nested too deep, or memory runs out (v is then empty).
 * Strings are shown with JSON escapes, so control characters never reach
 * the terminal. */
int jsonview_build(struct jsonview *v, const char *text, size_t len);
void jsonview_free(struct jsonview *v);

#endif
