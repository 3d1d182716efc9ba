/* widgets — the pieces every screen is built from (see widgets.h). */
#include "config.h"

#include "tui/widgets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app/i18n.h"
#include "core/text.h"
#include "tui/draw.h"
#include "tui/keys.h"

void list_reset(struct list *l, size_t count)
{
    l->count = count;
    l->sel = 0;
    l->top = 0;
}

static void list_move(struct list *l, long delta)
{
    long sel = (long)l->sel + delta;

    if (l->count == 0)
        return;
    if (sel < 0)
        sel = 0;
    if (sel >= (long)l->count)
        sel = (long)l->count - 1;
    l->sel = (size_t)sel;
}

bool list_handle(struct list *l, enum tui_action action, int page)
{
    switch (action) {
    case TUI_ACT_UP:
        list_move(l, -1);
        return true;
    case TUI_ACT_DOWN:
        list_move(l, 1);
        return true;
    case TUI_ACT_PAGE_UP:
        list_move(l, -page);
        return true;
    case TUI_ACT_PAGE_DOWN:
        list_move(l, page);
        return true;
    case TUI_ACT_HOME:
        list_move(l, -(long)l->count);
        return true;
    case TUI_ACT_END:
        list_move(l, (long)l->count);
        return true;
    default:
        return false;
    }
}

enum list_click list_click(struct list *l, long row, int height)
{
    if (row < 0 || row >= height || l->top + (size_t)row >= l->count)
        return LIST_MISSED;
    if (l->top + (size_t)row == l->sel)
        return LIST_CHOSEN;
    l->sel = l->top + (size_t)row;
    return LIST_SELECTED;
}

void list_draw(struct list *l, int y, int height,
               void (*row)(const void *ctx, size_t i, int y, bool selected),
               const void *ctx)
{
    if (height < 1)
        return;
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + (size_t)height)
        l->top = l->sel - (size_t)height + 1;
    for (int r = 0; r < height && l->top + (size_t)r < l->count; r++)
        row(ctx, l->top + (size_t)r, y + r, l->top + (size_t)r == l->sel);
}

bool scroll_handle(struct scroll *s, enum tui_action action)
{
    size_t page = s->height > 2 ? (size_t)s->height - 1 : 1;

    switch (action) {
    case TUI_ACT_UP:
        if (s->top > 0)
            s->top--;
        return true;
    case TUI_ACT_DOWN:
        s->top++;
        return true;
    case TUI_ACT_PAGE_UP:
        s->top = s->top > page ? s->top - page : 0;
        return true;
    case TUI_ACT_PAGE_DOWN:
        s->top += page;
        return true;
    case TUI_ACT_HOME:
        s->top = 0;
        return true;
    case TUI_ACT_END:
        s->top = SIZE_MAX / 2;
        return true;
    default:
        return false;
    }
}

void scroll_clamp(struct scroll *s, size_t total, int height)
{
    /* A negative height (a tiny terminal) shows the start. */
    size_t max = height > 0 && total > (size_t)height
                     ? total - (size_t)height : 0;

    s->height = height > 0 ? height : 0;
    if (s->top > max)
        s->top = max;
}

void scroll_draw(struct scroll *s, size_t total, int y, int height,
                 void (*line)(const void *ctx, size_t i, int y),
                 const void *ctx)
{
    scroll_clamp(s, total, height);
    for (int i = 0; i < height && s->top + (size_t)i < total; i++)
        line(ctx, s->top + (size_t)i, y + i);
}

size_t scroll_text_lines(const char *text)
{
    size_t n = 0;

    for (const char *p = text; *p; n++) {
        p += strcspn(p, "\n");
        p += *p == '\n';
    }
    return n;
}

void scroll_draw_text(struct scroll *s, const char *text, int y, int x,
                      int w, int height, enum draw_role role)
{
    const char *p = text;
    size_t line = 0;

    scroll_clamp(s, scroll_text_lines(text), height);
    while (*p && line < s->top + (size_t)(height > 0 ? height : 0)) {
        size_t n = strcspn(p, "\n");

        if (line >= s->top) {
            char *one = strndup(p, n);

            if (!one)
                return;
            draw_put(y + (int)(line - s->top), x, w, role, one);
            free(one);
        }
        line++;
        p += n + (p[n] == '\n');
    }
}

/* More than any screen binds. */
#define WIDGETS_KEYS_MAX 48

void widgets_footer(unsigned screen, bool busy, bool text, int rows,
                    int cols)
{
    struct keys_shown keys[WIDGETS_KEYS_MAX];
    size_t n = keys_footer(screen, busy, text, keys, WIDGETS_KEYS_MAX);
    int x = 0, y = rows - 1;

    draw_fill(y, 0, cols, DRAW_FOOTER, "");
    for (size_t i = 0; i < n && x < cols; i++) {
        x += 1;
        x += draw_put(y, x, cols - x, DRAW_FOOTER_KEY, keys[i].key);
        x += 1;
        x += draw_put(y, x, cols - x, DRAW_FOOTER, _(keys[i].text));
        x += 1;
    }
}

/* The rows the help's lines take wrapped in text_w columns. */
static int widgets_help_rows(const struct keys_shown *keys, size_t n,
                             int text_w)
{
    int need = 0;

    for (size_t i = 0; i < n; i++) {
        int r = draw_wrap_rows(text_w, 1000, _(keys[i].text));

        need += r > 0 ? r : 1;
    }
    return need;
}

void widgets_help(unsigned screen, bool busy, bool text, int rows,
                  int cols)
{
    struct keys_shown keys[WIDGETS_KEYS_MAX];
    size_t n = keys_help(screen, busy, text, keys, WIDGETS_KEYS_MAX), i;
    int w = cols - 8 < 70 ? cols - 8 : 70, h = rows - 4;
    int x0 = (cols - w) / 2, y0 = 2, y;

    /* A screen with many keys gets the whole terminal rather than lose
     * the last ones (a title row, a blank, the lines, the closing row). */
    if (widgets_help_rows(keys, n, w - 17) + 3 > h) {
        w = cols;
        h = rows;
        x0 = y0 = 0;
    }
    y = y0 + 2;
    for (int r = 0; r < h; r++)
        draw_fill(y0 + r, x0, w, DRAW_NORMAL, "");
    draw_fill(y0, x0, w, DRAW_HEADER, _(" Keys on this screen"));
    /* A long line wraps under itself: a cut one hid what a key does. */
    for (i = 0; i < n; i++) {
        int need = draw_wrap_rows(w - 17, 1000, _(keys[i].text));

        if (y + (need > 0 ? need : 1) > y0 + h - 1)
            break;
        draw_put(y, x0 + 2, 12, DRAW_TITLE, keys[i].key);
        draw_wrap(y, x0 + 15, w - 17, need, DRAW_NORMAL, _(keys[i].text));
        y += need > 0 ? need : 1;
    }
    /* Still too many: say so rather than end the list as if complete. */
    if (i < n)
        draw_fill(y0 + h - 1, x0, w, DRAW_FOOTER,
                  _(" more keys: enlarge the terminal (any key "
                    "closes this)"));
    else
        draw_fill(y0 + h - 1, x0, w, DRAW_FOOTER,
                  _(" any key closes this help"));
}

int widgets_status(int y, int cols, int maxrows, enum draw_role role,
                   const char *text)
{
    int n = draw_wrap_rows(cols - 2, maxrows, text);

    for (int r = 0; r < n; r++)
        draw_fill(y - n + 1 + r, 0, cols, DRAW_NORMAL, "");
    draw_wrap(y - n + 1, 1, cols - 2, n, role, text);
    return n;
}

void field_draw(int y, int x, int w, const struct lineedit *e,
                enum draw_role role, unsigned flags)
{
    size_t start = lineedit_scroll(e, (size_t)(w - 1));

    if (flags & FIELD_FILL)
        draw_fill(y, x, w, role, e->text + start);
    else
        draw_put(y, x, w, role, e->text + start);
    if (flags & FIELD_CURSOR)
        draw_cursor(y, x + (int)(lineedit_cursor_cols(e) -
                                 text_ncols(e->text, start)));
}

bool field_edit(struct lineedit *e, const struct tui_input *in)
{
    switch (in->action) {
    case TUI_ACT_INSERT: {
        char mb[8];
        mbstate_t st;
        size_t n;

        memset(&st, 0, sizeof(st));
        n = wcrtomb(mb, in->ch, &st);
        if (n != (size_t)-1)
            lineedit_insert(e, mb, n);
        break;
    }
    case TUI_ACT_PASTE:
        /* Filtered there: a line break is a space, control bytes go. */
        lineedit_insert(e, in->text, in->len);
        break;
    case TUI_ACT_BACKSPACE:
        lineedit_backspace(e);
        break;
    case TUI_ACT_DELETE:
        lineedit_delete(e);
        break;
    case TUI_ACT_LEFT:
        lineedit_left(e);
        break;
    case TUI_ACT_RIGHT:
        lineedit_right(e);
        break;
    case TUI_ACT_HOME:
        lineedit_home(e);
        break;
    case TUI_ACT_END:
        lineedit_end(e);
        break;
    case TUI_ACT_WORD_BACK:
        lineedit_delete_word_back(e);
        break;
    case TUI_ACT_KILL_START:
        lineedit_kill_to_start(e);
        break;
    case TUI_ACT_KILL_END:
        lineedit_kill_to_end(e);
        break;
    default:
        return false;
    }
    return true;
}
