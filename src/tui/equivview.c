/* equivview — see equivview.h. */
#include "config.h"

#include "tui/equivview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "tui/draw.h"

/* Continued rows of a wrapped line are indented this much more, so they
 * read as one command. */
#define EQUIVVIEW_CONTINUED 4

/* One row on the screen: a title, a blank, or a piece of a line. */
struct equivview_row {
    const char *s;          /* NULL: a title (of snippet k) or a blank */
    size_t n;
    int indent;
    int k;                  /* the snippet, -1 for a blank row */
};

struct equivview_rows {
    struct equivview_row *row;
    size_t count;
    const struct equivview *v;
    int x, w;
};

void equivview_init(struct equivview *v)
{
    memset(v, 0, sizeof(*v));
    for (int k = 0; k < EQUIVVIEW_COUNT; k++)
        buf_init(&v->snip[k], 1u << 16);
}

void equivview_free(struct equivview *v)
{
    for (int k = 0; k < EQUIVVIEW_COUNT; k++)
        buf_free(&v->snip[k]);
}

void equivview_reset(struct equivview *v)
{
    for (int k = 0; k < EQUIVVIEW_COUNT; k++)
        buf_reset(&v->snip[k]);
    v->sel = 0;
    memset(v->title_row, 0, sizeof(v->title_row));
    v->scroll.top = 0;
}

const char *equivview_title(enum equivview_kind k)
{
    return k == EQUIVVIEW_TERRAFORM ? _("Terraform") : _("aliyun CLI");
}

const char *equivview_what(enum equivview_kind k)
{
    return k == EQUIVVIEW_TERRAFORM ? N_("the Terraform snippet")
                                    : N_("the aliyun CLI command");
}

void equivview_file_name(enum equivview_kind k, const char *role_name,
                         char *out, size_t size)
{
    snprintf(out, size, "%s.%s", role_name && *role_name ? role_name
                                                        : "role",
             k == EQUIVVIEW_TERRAFORM ? "tf" : "sh");
}

static int equivview_add(struct equivview_rows *r, size_t cap,
                         struct equivview_row row)
{
    if (r->count >= cap)
        return -1;
    r->row[r->count++] = row;
    return 0;
}

/* The rows of every snippet at width w (counted when r->row is NULL).
 * Each line of a snippet is wrapped by draw_wrap_piece; its pieces after
 * the first are indented. */
static size_t equivview_layout(const struct equivview *v, int w,
                               struct equivview_rows *r, size_t cap)
{
    size_t n = 0;

    for (int k = 0; k < EQUIVVIEW_COUNT; k++) {
        const char *s = buf_str(&v->snip[k]);

        if (k > 0) {
            if (r->row)
                equivview_add(r, cap, (struct equivview_row){ NULL, 0, 0,
                                                              -1 });
            n++;
        }
        if (r->row)
            equivview_add(r, cap, (struct equivview_row){ NULL, 0, 0, k });
        n++;
        while (*s) {
            const char *eol = strchr(s, '\n');
            size_t len = eol ? (size_t)(eol - s) : strlen(s);
            char *line = strndup(s, len);
            const char *p = line;
            int indent = 2;

            if (!line)
                return n;
            do {
                const char *next;
                int room = w - indent > 8 ? w - indent : 8;
                size_t piece = draw_wrap_piece(p, room, &next);

                if (r->row)
                    equivview_add(r, cap, (struct equivview_row){
                        s + (p - line), piece, indent, k });
                n++;
                if (next == p)
                    break;
                p = next;
                indent = 2 + EQUIVVIEW_CONTINUED;
            } while (*p);
            free(line);
            s += len + (eol ? 1 : 0);
        }
    }
    return n;
}

static void equivview_row_draw(const void *ctx, size_t i, int y)
{
    const struct equivview_rows *r = ctx;
    const struct equivview_row *row = &r->row[i];
    char title[200], *piece;

    if (row->k < 0)
        return;
    if (!row->s) {
        bool sel = (size_t)row->k == r->v->sel;

        snprintf(title, sizeof(title), sel ? _("> %s  (c copies it, s "
                 "saves it; Tab: the next)") : "  %s",
                 equivview_title((enum equivview_kind)row->k));
        draw_put(y, r->x, r->w, sel ? DRAW_SELECT : DRAW_TITLE, title);
        return;
    }
    piece = strndup(row->s, row->n);
    if (!piece)
        return;
    draw_put(y, r->x + row->indent, r->w - row->indent, DRAW_JSON_STRING,
             piece);
    free(piece);
}

void equivview_draw(struct equivview *v, int y, int x, int w, int height)
{
    struct equivview_rows r = { NULL, 0, v, x, w };
    size_t total = equivview_layout(v, w, &r, 0);

    r.row = calloc(total + 1, sizeof(*r.row));
    if (!r.row)
        return;
    equivview_layout(v, w, &r, total + 1);
    for (size_t i = 0; i < r.count; i++)
        if (!r.row[i].s && r.row[i].k >= 0)
            v->title_row[r.row[i].k] = i;
    scroll_draw(&v->scroll, r.count, y, height, equivview_row_draw, &r);
    free(r.row);
}

bool equivview_handle(struct equivview *v, enum tui_action action)
{
    switch (action) {
    case TUI_ACT_NEXT:
    case TUI_ACT_PREV:
        if (action == TUI_ACT_NEXT)
            v->sel = v->sel + 1 < EQUIVVIEW_COUNT ? v->sel + 1 : 0;
        else
            v->sel = v->sel > 0 ? v->sel - 1 : EQUIVVIEW_COUNT - 1;
        /* Its title at the top (where the last frame put it); drawing
         * clamps. */
        v->scroll.top = v->title_row[v->sel];
        return true;
    default:
        return scroll_handle(&v->scroll, action);
    }
}
