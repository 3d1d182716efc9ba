/* text — see text.h. */
#include "config.h"

#include "core/text.h"

#include <string.h>
#include <wchar.h>

/* The replacement character U+FFFD in UTF-8. */
#define TEXT_REPLACEMENT_UTF8 "\xEF\xBF\xBD"

/* One character as text_fill shows it: the bytes to emit and their width. */
struct text_unit {
    const char *bytes;
    size_t len;     /* bytes taken from the input */
    size_t out_len; /* bytes of .bytes to emit */
    size_t cols;
};

size_t text_decode(const char *s, size_t len, uint32_t *cp, bool *valid)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char lo = 0x80, hi = 0xBF;
    uint32_t c;
    size_t n, i;

    if (len == 0) {
        n = 0;
        c = 0;
        goto bad;
    }
    c = p[0];
    if (c < 0x80) {
        n = 1;
        goto good;
    }
    /* The second byte's range is what rules out overlong forms (E0, F0),
     * surrogates (ED) and code points above U+10FFFF (F4); see the table
     * of well-formed sequences in the Unicode standard, chapter 3. */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        c &= 0x0F;
        if (p[0] == 0xE0)
            lo = 0xA0;
        else if (p[0] == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        c &= 0x07;
        if (p[0] == 0xF0)
            lo = 0x90;
        else if (p[0] == 0xF4)
            hi = 0x8F;
    } else {
        n = 1;
        goto bad;
    }
    if (len < n || p[1] < lo || p[1] > hi) {
        n = 1;
        goto bad;
    }
    c = (c << 6) | (p[1] & 0x3Fu);
    for (i = 2; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            n = 1;
            goto bad;
        }
        c = (c << 6) | (p[i] & 0x3Fu);
    }
good:
    if (cp)
        *cp = c;
    if (valid)
        *valid = true;
    return n;
bad:
    /* Only one byte is consumed, so a damaged sequence never swallows the
     * valid character that follows it. */
    if (cp)
        *cp = n ? TEXT_REPLACEMENT : 0;
    if (valid)
        *valid = false;
    return n;
}

bool text_valid(const char *s, size_t len)
{
    size_t off = 0, n;
    bool ok = true;

    while (off < len) {
        n = text_decode(s + off, len - off, NULL, &ok);
        if (!ok)
            return false;
        off += n;
    }
    return true;
}

size_t text_chars(const char *s, size_t len)
{
    size_t off = 0, count = 0;

    while (off < len) {
        off += text_decode(s + off, len - off, NULL, NULL);
        count++;
    }
    return count;
}

bool text_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

int text_cp_cols(uint32_t cp)
{
    int w;

    if (text_is_control(cp) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 1;
    w = wcwidth((wchar_t)cp);
    /* -1 is an unassigned code point: the terminal shows some glyph for it,
     * and guessing one column is what keeps the rest of the line aligned. */
    if (w < 0)
        return 1;
    return w > 2 ? 2 : w;
}

size_t text_ncols(const char *s, size_t len)
{
    size_t off = 0, cols = 0;
    uint32_t cp;
    bool ok;

    while (off < len) {
        off += text_decode(s + off, len - off, &cp, &ok);
        cols += ok ? (size_t)text_cp_cols(cp) : 1;
    }
    return cols;
}

size_t text_cols(const char *s)
{
    return s ? text_ncols(s, strlen(s)) : 0;
}

size_t text_fit(const char *s, size_t cols, size_t *used)
{
    size_t off = 0, taken = 0, len, n, w;
    uint32_t cp;
    bool ok;

    len = s ? strlen(s) : 0;
    while (off < len) {
        n = text_decode(s + off, len - off, &cp, &ok);
        w = ok ? (size_t)text_cp_cols(cp) : 1;
        /* A zero-width character always fits, so combining marks stay with
         * the base before them; the loop stops at the first base that does
         * not fit, and with it its marks. */
        if (w > cols - taken)
            break;
        taken += w;
        off += n;
    }
    if (used)
        *used = taken;
    return off;
}

/* Punctuation a line must not start with, or end with (UAX #14's
 * closing and opening classes, the part CJK text and these messages
 * use). */
static bool text_no_break_before(uint32_t cp)
{
    static const uint32_t close[] = {
        ',', '.', ';', ':', '!', '?', ')', ']', '}', '%',
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F,
        0xFF09, 0xFF3D, 0xFF5D, 0x300D, 0x300F, 0x3011, 0x3009, 0x300B,
        0x3015, 0x3017, 0x2019, 0x201D, 0x2026, 0xFF05, 0x30FC,
    };

    for (size_t i = 0; i < sizeof(close) / sizeof(close[0]); i++)
        if (cp == close[i])
            return true;
    return false;
}

static bool text_no_break_after(uint32_t cp)
{
    static const uint32_t open[] = {
        '(', '[', '{', 0xFF08, 0xFF3B, 0xFF5B, 0x300C, 0x300E, 0x3010,
        0x3008, 0x300A, 0x3014, 0x3016, 0x2018, 0x201C,
    };

    for (size_t i = 0; i < sizeof(open) / sizeof(open[0]); i++)
        if (cp == open[i])
            return true;
    return false;
}

/* The line of s that ends at end (its trailing spaces dropped); the next
 * starts after the spaces there, and after one newline. */
static size_t text_wrap_end(const char *s, size_t end, const char **next)
{
    size_t from = end;

    while (s[from] == ' ')
        from++;
    if (s[from] == '\n')
        from++;
    while (end > 0 && s[end - 1] == ' ')
        end--;
    if (next)
        *next = s + from;
    return end;
}

size_t text_wrap(const char *s, size_t cols, const char **next)
{
    size_t len, off = 0, taken = 0, brk = 0, n, w;
    uint32_t prev = 0, cp;
    bool ok;

    if (!s || !*s) {
        if (next)
            *next = s;
        return 0;
    }
    len = strlen(s);
    while (off < len) {
        n = text_decode(s + off, len - off, &cp, &ok);
        w = ok ? (size_t)text_cp_cols(cp) : 1;
        if (ok && cp == '\n')
            return text_wrap_end(s, off, next);
        if (cp == ' ') {
            if (off > 0 && prev != ' ')
                brk = off;                  /* before a run of spaces */
        } else if (off > 0 && w > 0 && prev != ' ' &&
                   (w == 2 || text_cp_cols(prev) == 2) &&
                   !text_no_break_before(cp) && !text_no_break_after(prev)) {
            brk = off;                      /* between CJK characters */
        }
        /* Spaces never overflow: a line that ends in them drops them. */
        if (cp != ' ' && taken + w > cols)
            return text_wrap_end(s, brk ? brk : off ? off : n, next);
        taken += w;
        prev = cp;
        off += n;
    }
    return text_wrap_end(s, len, next);
}

/* How s[0..len) starts, as text_fill shows it. */
static void text_unit_next(const char *s, size_t len, bool ascii,
                           struct text_unit *u)
{
    uint32_t cp;
    bool ok;

    u->len = text_decode(s, len, &cp, &ok);
    if (ok && !text_is_control(cp) && (!ascii || cp < 0x80)) {
        u->bytes = s;
        u->out_len = u->len;
        u->cols = ascii ? 1 : (size_t)text_cp_cols(cp);
    } else if (ascii) {
        u->bytes = "?";
        u->out_len = 1;
        u->cols = 1;
    } else {
        u->bytes = TEXT_REPLACEMENT_UTF8;
        u->out_len = sizeof TEXT_REPLACEMENT_UTF8 - 1;
        u->cols = 1;
    }
}

static int text_add_spaces(struct buf *out, size_t n)
{
    static const char spaces[] = "                                ";
    size_t chunk;
    int rc = BUF_OK;

    while (n > 0 && rc == BUF_OK) {
        chunk = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        rc = buf_add(out, spaces, chunk);
        n -= chunk;
    }
    return rc;
}

int text_fill(struct buf *out, const char *s, size_t cols, bool pad,
              bool ascii)
{
    const char *ellipsis = ascii ? "..." : "\xE2\x80\xA6";
    size_t ellipsis_cols = ascii ? 3 : 1;
    size_t start = out->len, off, len, total = 0, budget, taken = 0;
    struct text_unit u;
    bool cut;
    int rc = BUF_OK;

    if (!s)
        s = "";
    len = strlen(s);
    for (off = 0; off < len; off += u.len) {
        text_unit_next(s + off, len - off, ascii, &u);
        total += u.cols;
    }
    cut = total > cols;
    if (cut && cols < ellipsis_cols) {
        /* Too narrow for "...": as many dots as fit still say "cut". */
        while (taken < cols && rc == BUF_OK) {
            rc = buf_addc(out, '.');
            taken++;
        }
        goto out;
    }
    budget = cut ? cols - ellipsis_cols : cols;
    for (off = 0; off < len && rc == BUF_OK; off += u.len) {
        text_unit_next(s + off, len - off, ascii, &u);
        if (u.cols > budget - taken)
            break;
        rc = buf_add(out, u.bytes, u.out_len);
        taken += u.cols;
    }
    if (rc != BUF_OK)
        goto out;
    if (cut) {
        rc = buf_adds(out, ellipsis);
        if (rc != BUF_OK)
            goto out;
        /* A wide character that would straddle the cut leaves a gap; it
         * is filled after the ellipsis so the ellipsis stays next to the
         * text it shortens. */
        rc = text_add_spaces(out, budget - taken);
    } else if (pad) {
        rc = text_add_spaces(out, cols - taken);
    }
out:
    if (rc != BUF_OK && out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}

/* Columns s[0..len) takes, as text_fill would show it. */
static size_t text_shown_cols(const char *s, size_t len, bool ascii)
{
    struct text_unit u;
    size_t total = 0;

    for (size_t off = 0; off < len; off += u.len) {
        text_unit_next(s + off, len - off, ascii, &u);
        total += u.cols;
    }
    return total;
}

int text_fill_middle(struct buf *out, const char *s, size_t cols, bool pad,
                     bool ascii)
{
    const char *ellipsis = ascii ? "..." : "\xE2\x80\xA6";
    size_t ellipsis_cols = ascii ? 3 : 1;
    size_t start = out->len, off, len, total, head, tail, taken = 0, seen;
    struct text_unit u;
    int rc = BUF_OK;

    if (!s)
        s = "";
    len = strlen(s);
    total = text_shown_cols(s, len, ascii);
    /* Whole, or too narrow for more than dots: text_fill's answer. */
    if (total <= cols || cols <= ellipsis_cols)
        return text_fill(out, s, cols, pad, ascii);
    head = (cols - ellipsis_cols + 1) / 2;
    for (off = 0; off < len && rc == BUF_OK; off += u.len) {
        text_unit_next(s + off, len - off, ascii, &u);
        if (u.cols > head - taken)
            break;
        rc = buf_add(out, u.bytes, u.out_len);
        taken += u.cols;
    }
    if (rc == BUF_OK)
        rc = buf_adds(out, ellipsis);
    /* The end gets what the start left: its first unit is the earliest
     * from which the rest fits. */
    tail = cols - ellipsis_cols - taken;
    for (seen = taken; off < len; off += u.len) {
        if (total - seen <= tail)
            break;
        text_unit_next(s + off, len - off, ascii, &u);
        seen += u.cols;
    }
    for (; off < len && rc == BUF_OK; off += u.len) {
        text_unit_next(s + off, len - off, ascii, &u);
        rc = buf_add(out, u.bytes, u.out_len);
        taken += u.cols;
    }
    if (rc == BUF_OK)
        rc = text_add_spaces(out, cols - ellipsis_cols - taken);
    if (rc != BUF_OK && out->data) {
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}

void text_line_col(const char *text, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

int text_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
