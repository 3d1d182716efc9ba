/* draw — layout of text on the terminal (see draw.h). */
#include "config.h"

#include "tui/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "core/buf.h"
#include "core/text.h"
#include "tui/term.h"

/* One spinner frame per tick of the event loop. */
#define DRAW_SPIN_MS 100

static struct {
    int cursor_y, cursor_x;     /* -1: hidden this frame */
    bool reuse;                 /* the frame starts over the last one */
    bool keep;                  /* the screen asked to keep this frame */
    const unsigned char *only;  /* the rows drawn on (NULL: all) */
    int only_n;
} draw = { -1, -1, false, false, NULL, 0 };

/* Clips a span to the screen and to the rows drawn this frame: false
 * when nothing of it shows. */
static bool draw_clip(int y, int x, int *width)
{
    int rows = term_rows(), cols = term_cols();

    if (y < 0 || y >= rows || x < 0 || x >= cols || *width <= 0)
        return false;
    if (draw.only && (y >= draw.only_n || !draw.only[y]))
        return false;
    if (*width > cols - x)
        *width = cols - x;
    return true;
}

/* text in width columns at y, x, cut by fill (text_fill cuts at the end,
 * text_fill_middle in the middle); the columns it took. */
static int draw_put_with(int y, int x, int width, enum draw_role role,
                         const char *text,
                         int (*fill)(struct buf *, const char *, size_t,
                                     bool, bool))
{
    struct buf b;
    size_t used = 0;

    if (!draw_clip(y, x, &width))
        return 0;
    buf_init(&b, 1u << 16);
    if (fill(&b, text, (size_t)width, false, false) == BUF_OK) {
        used = text_cols(buf_str(&b));
        term_text(y, x, role, buf_str(&b));
    }
    buf_free(&b);
    return (int)used;
}

int draw_put(int y, int x, int width, enum draw_role role, const char *text)
{
    return draw_put_with(y, x, width, role, text, text_fill);
}

int draw_put_middle(int y, int x, int width, enum draw_role role,
                    const char *text)
{
    return draw_put_with(y, x, width, role, text, text_fill_middle);
}

void draw_fill(int y, int x, int width, enum draw_role role,
               const char *text)
{
    char spaces[256];
    int used;

    if (!draw_clip(y, x, &width))
        return;
    used = draw_put(y, x, width, role, text);
    /* The rest of the span in the role's background, a chunk at a time. */
    while (used < width) {
        int n = width - used < (int)sizeof(spaces) - 1
                    ? width - used : (int)sizeof(spaces) - 1;

        memset(spaces, ' ', (size_t)n);
        spaces[n] = '\0';
        term_text(y, x + used, role, spaces);
        used += n;
    }
}

/* The next wrapped line of text: its byte length, and where the line
 * after it starts (core/text.c's rules: spaces, and between CJK
 * characters). */
static size_t draw_wrap_line(const char *s, int width, const char **next)
{
    return text_wrap(s, (size_t)width, next);
}

int draw_wrap(int y, int x, int width, int maxrows, enum draw_role role,
              const char *text)
{
    const char *s = text ? text : "";
    int rows = 0;

    if (width <= 0)
        return 0;
    while (*s && rows < maxrows) {
        const char *next;
        size_t n = draw_wrap_line(s, width, &next);
        char *line = strndup(s, n);

        if (!line)
            return rows;
        draw_put(y + rows, x, width, role, line);
        free(line);
        rows++;
        if (next == s)
            break;
        s = next;
    }
    return rows;
}

size_t draw_wrap_piece(const char *s, int width, const char **next)
{
    return draw_wrap_line(s, width, next);
}

int draw_wrap_rows(int width, int maxrows, const char *text)
{
    const char *s = text ? text : "";
    int rows = 0;

    if (width <= 0)
        return 0;
    while (*s && rows < maxrows) {
        const char *next;

        draw_wrap_line(s, width, &next);
        rows++;
        if (next == s)
            break;
        s = next;
    }
    return rows;
}

int draw_label_cols(int min, const char *const *labels)
{
    int w = min;

    for (; *labels; labels++) {
        int c = (int)text_cols(_(*labels)) + 1;

        w = c > w ? c : w;
    }
    return w;
}

void draw_words(char *out, size_t size, const char *fmt, const char *a,
                const char *b)
{
    const char *vals[2] = { a ? a : "", b ? b : "" };
    const char *p = _(fmt);
    struct buf o;
    int next = 0;

    /* Whole, then cut to size by snprintf. */
    buf_init(&o, 1u << 16);
    while (*p) {
        const char *pct = strchr(p, '%');
        int n = -1;

        if (!pct) {
            buf_adds(&o, p);
            break;
        }
        buf_add(&o, p, (size_t)(pct - p));
        if (pct[1] == 's') {
            n = next++;
            p = pct + 2;
        } else if ((pct[1] == '1' || pct[1] == '2') && pct[2] == '$' &&
                   pct[3] == 's') {
            n = pct[1] - '1';
            p = pct + 4;
        } else {
            /* %% and anything else: the character after it. */
            if (pct[1])
                buf_add(&o, pct + 1, 1);
            p = pct + (pct[1] ? 2 : 1);
        }
        if (n >= 0 && n < 2)
            buf_adds(&o, vals[n]);
    }
    snprintf(out, size, "%s", buf_str(&o));
    buf_free(&o);
}

void draw_field(int y, int x, int width, int label_cols, const char *label,
                enum draw_role role, const char *value)
{
    draw_put(y, x, label_cols, DRAW_DIM, label);
    if (width > label_cols)
        draw_put(y, x + label_cols, width - label_cols, role, value);
}

void draw_frame_begin(void)
{
    draw.cursor_y = draw.cursor_x = -1;
}

void draw_cursor(int y, int x)
{
    draw.cursor_y = y;
    draw.cursor_x = x;
}

bool draw_cursor_at(int *y, int *x)
{
    *y = draw.cursor_y;
    *x = draw.cursor_x;
    return draw.cursor_y >= 0;
}

void draw_frame_reuse(bool reuse)
{
    draw.reuse = reuse;
    draw.keep = false;
    draw.only = NULL;
    draw.only_n = 0;
}

bool draw_frame_reused(void)
{
    return draw.reuse;
}

void draw_frame_keep(void)
{
    draw.keep = true;
}

bool draw_frame_kept(void)
{
    return draw.keep;
}

void draw_only_rows(const unsigned char *rows, int n)
{
    draw.only = rows;
    draw.only_n = rows ? n : 0;
    /* Blank, as the screen is after the erase this frame skipped. */
    for (int y = 0; rows && y < n && y < term_rows(); y++)
        if (rows[y])
            term_clear_row(y);
}

const char *draw_spinner(long elapsed_ms)
{
    static const char *const frames[] = { "|", "/", "-", "\\" };

    return frames[(elapsed_ms / DRAW_SPIN_MS) % 4];
}

int draw_osc52(const char *text)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text), n = 0;
    char *seq = malloc(len / 3 * 4 + 16);
    int rc = -1;

    if (!seq)
        goto out;
    n += (size_t)sprintf(seq, "\033]52;c;");
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16;

        if (i + 1 < len)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        seq[n++] = b64[(v >> 18) & 63];
        seq[n++] = b64[(v >> 12) & 63];
        seq[n++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
        seq[n++] = i + 2 < len ? b64[v & 63] : '=';
    }
    seq[n++] = '\a';
    rc = term_send(seq, n);
out:
    free(seq);
    return rc;
}
