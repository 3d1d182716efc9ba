/* lineedit — see lineedit.h.
 *
 * The unit the cursor moves by is a base character together with the
 * zero-width characters after it (combining marks, joiners): a cursor
 * between "e" and U+0301 would sit on the same cell as the one after the
 * mark, so a key press there would seem to do nothing.  The text is at
 * most max bytes, so finding the unit before an offset by walking from
 * the start is cheap, and it is the only way that is always right when
 * the text holds bytes that are not UTF-8. */
#include "config.h"

#include "core/lineedit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Room for short values without growing; the form's fields are short. */
#define LINEEDIT_FIRST_CAP 32

/* One code point (or invalid byte) at s[0..len): its length and
 * columns.  len must be > 0. */
static size_t lineedit_cp(const char *s, size_t len, uint32_t *cp,
                          bool *valid, size_t *cols)
{
    size_t n = text_decode(s, len, cp, valid);

    *cols = *valid ? (size_t)text_cp_cols(*cp) : 1;
    return n;
}

/* End of the unit that starts at off (off < e->len). */
static size_t lineedit_unit_end(const struct lineedit *e, size_t off)
{
    uint32_t cp;
    bool valid;
    size_t cols;

    off += lineedit_cp(e->text + off, e->len - off, &cp, &valid, &cols);
    while (off < e->len) {
        size_t n = lineedit_cp(e->text + off, e->len - off, &cp, &valid,
                               &cols);

        if (!valid || cols != 0)
            break;
        off += n;
    }
    return off;
}

/* Start of the unit that ends at or contains off - 1 (0 when off is 0). */
static size_t lineedit_unit_before(const struct lineedit *e, size_t off)
{
    size_t start = 0, end;

    while (start < off) {
        end = lineedit_unit_end(e, start);
        if (end >= off)
            break;
        start = end;
    }
    return start;
}

/* Letters and digits make words, and so does anything beyond ASCII (CJK
 * has no spaces to split on); '_', '-', '.', spaces and the like split
 * them, so Ctrl-W takes back one part of "ServiceRole_My-Suffix". */
static bool lineedit_is_word(const struct lineedit *e, size_t off)
{
    unsigned char c = (unsigned char)e->text[off];

    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z');
}

/* An edit can join bytes that were invalid apart into one character, or
 * put a base before marks that had none: moves the cursor to the end of
 * the unit it fell into, so it is on a boundary again. */
static void lineedit_snap(struct lineedit *e)
{
    size_t off = 0, end;

    while (off < e->len) {
        end = lineedit_unit_end(e, off);
        if (off >= e->cursor)
            break;
        if (end >= e->cursor) {
            e->cursor = end;
            break;
        }
        off = end;
    }
}

/* Makes room for need bytes of text plus the NUL. */
static int lineedit_reserve(struct lineedit *e, size_t need)
{
    size_t cap;
    char *p;

    if (need >= SIZE_MAX)
        return -1;
    if (need + 1 <= e->cap)
        return 0;
    cap = e->cap ? e->cap : LINEEDIT_FIRST_CAP;
    while (cap < need + 1)
        cap = cap > SIZE_MAX / 2 ? need + 1 : cap * 2;
    /* Never more than the field can hold. */
    if (e->max < SIZE_MAX && cap > e->max + 1)
        cap = e->max + 1;
    p = realloc(e->text, cap);
    if (!p)
        return -1;
    e->text = p;
    e->cap = cap;
    return 0;
}

/* Removes text[from..to) and leaves the cursor at from. */
static void lineedit_cut(struct lineedit *e, size_t from, size_t to)
{
    memmove(e->text + from, e->text + to, e->len - to + 1);
    e->len -= to - from;
    e->cursor = from;
    lineedit_snap(e);
}

int lineedit_init(struct lineedit *e, size_t max)
{
    e->text = NULL;
    e->len = 0;
    e->cap = 0;
    e->max = max;
    e->cursor = 0;
    if (lineedit_reserve(e, 0) != 0)
        return -1;
    e->text[0] = '\0';
    return 0;
}

void lineedit_free(struct lineedit *e)
{
    free(e->text);
    e->text = NULL;
    e->len = 0;
    e->cap = 0;
    e->cursor = 0;
}

int lineedit_set(struct lineedit *e, const char *s)
{
    size_t n = strlen(s);

    if (n > e->max || lineedit_reserve(e, n) != 0)
        return -1;
    /* s may point into the text itself. */
    memmove(e->text, s, n);
    e->text[n] = '\0';
    e->len = n;
    e->cursor = n;
    return 0;
}

/* What s[0..len) starts with once filtered: the bytes to insert (NULL
 * for none) and how many to take from s. */
static const char *lineedit_filter(const char *s, size_t len, size_t *take,
                                   size_t *put)
{
    uint32_t cp;
    bool valid;

    *take = text_decode(s, len, &cp, &valid);
    *put = 0;
    if (!valid)
        return NULL;
    /* A pasted line break or tab still separates the words around it.
     * Terminals paste a line break as CR (tmux, xterm) or CR LF: either
     * is one space, as LF is. */
    if (cp == '\r' && len > 1 && s[1] == '\n')
        return NULL;
    if (cp == '\t' || cp == '\n' || cp == '\r') {
        *put = 1;
        return " ";
    }
    if (text_is_control(cp))
        return NULL;
    *put = *take;
    return s;
}

size_t lineedit_insert(struct lineedit *e, const char *s, size_t len)
{
    size_t off, take, put, n = 0, done, room = e->max - e->len;
    const char *bytes;
    char *at;

    /* First count what fits, so the text moves only once. */
    for (off = 0; off < len; off += take) {
        bytes = lineedit_filter(s + off, len - off, &take, &put);
        if (!bytes)
            continue;
        if (put > room - n)
            break;
        n += put;
    }
    if (n == 0 || lineedit_reserve(e, e->len + n) != 0)
        return 0;
    at = e->text + e->cursor;
    memmove(at + n, at, e->len - e->cursor + 1);
    /* The same walk again stops exactly where the count did. */
    for (off = 0, done = 0; done < n; off += take) {
        bytes = lineedit_filter(s + off, len - off, &take, &put);
        if (bytes) {
            memcpy(at + done, bytes, put);
            done += put;
        }
    }
    e->len += n;
    e->cursor += n;
    lineedit_snap(e);
    return n;
}

void lineedit_left(struct lineedit *e)
{
    e->cursor = lineedit_unit_before(e, e->cursor);
}

void lineedit_right(struct lineedit *e)
{
    if (e->cursor < e->len)
        e->cursor = lineedit_unit_end(e, e->cursor);
}

void lineedit_home(struct lineedit *e)
{
    e->cursor = 0;
}

void lineedit_end(struct lineedit *e)
{
    e->cursor = e->len;
}

/* Where a move (or Ctrl-W) one word back from the cursor lands: the start
 * of the last word that begins before the cursor. */
static size_t lineedit_word_start(const struct lineedit *e)
{
    size_t off = 0, end, run = 0, found = 0;
    bool in_word = false;

    while (off < e->cursor) {
        end = lineedit_unit_end(e, off);
        if (lineedit_is_word(e, off)) {
            if (!in_word)
                run = off;
            found = run;
            in_word = true;
        } else {
            in_word = false;
        }
        off = end;
    }
    return found;
}

void lineedit_word_left(struct lineedit *e)
{
    e->cursor = lineedit_word_start(e);
}

void lineedit_word_right(struct lineedit *e)
{
    size_t off = e->cursor;

    while (off < e->len && !lineedit_is_word(e, off))
        off = lineedit_unit_end(e, off);
    while (off < e->len && lineedit_is_word(e, off))
        off = lineedit_unit_end(e, off);
    e->cursor = off;
}

bool lineedit_backspace(struct lineedit *e)
{
    if (e->cursor == 0)
        return false;
    lineedit_cut(e, lineedit_unit_before(e, e->cursor), e->cursor);
    return true;
}

bool lineedit_delete(struct lineedit *e)
{
    if (e->cursor >= e->len)
        return false;
    lineedit_cut(e, e->cursor, lineedit_unit_end(e, e->cursor));
    return true;
}

bool lineedit_delete_word_back(struct lineedit *e)
{
    if (e->cursor == 0)
        return false;
    lineedit_cut(e, lineedit_word_start(e), e->cursor);
    return true;
}

bool lineedit_kill_to_start(struct lineedit *e)
{
    if (e->cursor == 0)
        return false;
    lineedit_cut(e, 0, e->cursor);
    return true;
}

bool lineedit_kill_to_end(struct lineedit *e)
{
    if (e->cursor >= e->len)
        return false;
    lineedit_cut(e, e->cursor, e->len);
    return true;
}

size_t lineedit_cursor_cols(const struct lineedit *e)
{
    return text_ncols(e->text, e->cursor);
}

size_t lineedit_scroll(const struct lineedit *e, size_t width)
{
    size_t off = 0, cols;

    if (width == 0)
        return e->cursor;
    cols = text_ncols(e->text, e->cursor);
    /* Drop whole units from the left until the cursor's own cell fits. */
    while (cols >= width && off < e->cursor) {
        size_t end = lineedit_unit_end(e, off);

        cols -= text_ncols(e->text + off, end - off);
        off = end;
    }
    return off;
}
