/* picker — the service catalogue as a filtered, ranked list with the
 * selected service's details beside it (wide) or below it (narrow). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/i18n.h"
#include "core/text.h"
#include "tui/app.h"

#define PICKER_WIDE_COLS 110
#define PICKER_DETAIL_ROWS 8

void picker_refilter(struct app *a)
{
    const struct catalog *c = &a->session.catalog;

    a->nhits = catalog_search(c, a->filter, a->hits);
    /* The best match is what Enter should take after each keystroke. */
    a->sel = 0;
    a->top = 0;
}

/* Rows the list gets, for paging and scrolling. */
static int picker_list_rows(int rows, int cols)
{
    int n = rows - 4;   /* header, search, headings, footer */

    if (cols < PICKER_WIDE_COLS)
        n -= PICKER_DETAIL_ROWS + 1;
    return n > 1 ? n : 1;
}

static const char *picker_suffix_text(enum catalog_suffix s)
{
    switch (s) {
    case CATALOG_SUFFIX_ACCEPTED:
        return _("accepted");
    case CATALOG_SUFFIX_REFUSED:
        return _("refused (the preset name only)");
    case CATALOG_SUFFIX_UNKNOWN:
        break;
    }
    return _("not known (the cloud decides)");
}

static void picker_details(struct app *a, const struct catalog_entry *e,
                           int y, int x, int w, int maxrows)
{
    const char *desc = slr_description(e, a->opts->lang);
    int end = y + maxrows, lw = 13;

    draw_put(y++, x, w, DRAW_TITLE, app_product(a, e));
    draw_field(y++, x, w, lw, _("Service"), DRAW_NORMAL, e->service_name);
    draw_field(y++, x, w, lw, _("Role"), DRAW_NORMAL, e->role_name);
    if (y < end)
        draw_field(y++, x, w, lw, _("Policy"), DRAW_NORMAL,
                 e->policy_name ? e->policy_name : "-");
    if (y < end)
        draw_field(y++, x, w, lw, _("Suffix"), DRAW_NORMAL,
                 picker_suffix_text(e->custom_suffix));
    if (y < end && app_existing(a, e)) {
        char buf[256];

        snprintf(buf, sizeof(buf), _("\u2713 %s exists in this account"),
                 app_existing(a, e));
        draw_field(y++, x, w, lw, _("Status"), DRAW_OK, buf);
    }
    if (y < end && slr_is_dbs(e))
        draw_field(y++, x, w, lw, _("Set-up"), DRAW_OK,
                 _("guided: Enter starts the DBS activation guide"));
    if (y < end && e->purpose) {
        draw_put(y, x, lw, DRAW_DIM, _("Purpose"));
        y += draw_wrap(y, x + lw, w - lw, end - y, DRAW_NORMAL, e->purpose);
    }
    if (y < end && desc) {
        draw_put(y, x, lw, DRAW_DIM, _("Description"));
        draw_wrap(y, x + lw, w - lw, end - y, DRAW_NORMAL, desc);
    }
}

void picker_draw(struct app *a, int rows, int cols)
{
    bool wide = cols >= PICKER_WIDE_COLS;
    int lw = wide ? cols * 3 / 5 : cols;
    int nlist = picker_list_rows(rows, cols);
    int w1 = (lw - 2) * 3 / 10, w2 = (lw - 2) * 7 / 20;
    int w3 = lw - 2 - w1 - w2 - 2;
    char count[64];
    int x;

    app_header(a, cols);
    a->list_cols = lw;
    x = draw_put(1, 0, cols, DRAW_TITLE, _("Search: "));
    x += draw_put(1, x, cols - x - 12, DRAW_NORMAL, a->filter);
    draw_cursor(1, x);
    snprintf(count, sizeof(count), "%zu/%zu", a->nhits,
             a->session.catalog.count);
    draw_put(1, lw - (int)strlen(count) - 1, (int)strlen(count), DRAW_DIM,
           count);
    draw_fill(2, 0, lw, DRAW_DIM, "");
    draw_put(2, 2, w1, DRAW_DIM, _("Product"));
    draw_put(2, 2 + w1 + 1, w2, DRAW_DIM, _("Service"));
    draw_put(2, 2 + w1 + w2 + 2, w3, DRAW_DIM, _("Role"));
    if (a->sel < a->top)
        a->top = a->sel;
    if (a->sel >= a->top + (size_t)nlist)
        a->top = a->sel - (size_t)nlist + 1;
    for (int r = 0; r < nlist && a->top + (size_t)r < a->nhits; r++) {
        size_t i = a->top + (size_t)r;
        const struct catalog_entry *e =
            &a->session.catalog.entries[a->hits[i].index];
        enum draw_role role = i == a->sel ? DRAW_SELECT : DRAW_NORMAL;
        int y = 3 + r;

        draw_fill(y, 0, lw, role, i == a->sel ? ">" : "");
        if (app_existing(a, e))
            draw_put(y, 1, 1, i == a->sel ? role : DRAW_OK, "\u2713");
        draw_put(y, 2, w1, role, app_product(a, e));
        draw_put(y, 2 + w1 + 1, w2, role, e->service_name);
        draw_put(y, 2 + w1 + w2 + 2, w3, role, e->role_name);
        if (slr_is_dbs(e))
            draw_put(y, lw - 8, 7, i == a->sel ? role : DRAW_BADGE, _("guided"));
    }
    if (a->nhits == 0)
        draw_put(4, 2, lw - 2, DRAW_WARNING,
               _("No service matches; Backspace or C-u edits the search."));
    if (a->nhits > 0) {
        const struct catalog_entry *e =
            &a->session.catalog.entries[a->hits[a->sel].index];

        if (wide)
            picker_details(a, e, 1, lw + 2, cols - lw - 3, rows - 3);
        else
            picker_details(a, e, rows - 1 - PICKER_DETAIL_ROWS, 1, cols - 2,
                           PICKER_DETAIL_ROWS);
    }
    if (!wide)
        draw_fill(rows - 2 - PICKER_DETAIL_ROWS, 0, cols, DRAW_DIM, "");
    widgets_footer(KEYS_SCR_PICKER, rows, cols);
}

static void picker_move(struct app *a, long delta)
{
    long sel = (long)a->sel + delta;

    if (a->nhits == 0)
        return;
    if (sel < 0)
        sel = 0;
    if (sel >= (long)a->nhits)
        sel = (long)a->nhits - 1;
    a->sel = (size_t)sel;
}

/* Edits the search text, which holds UTF-8; keeps it a valid query. */
static void picker_filter_edit(struct app *a, const struct tui_input *in)
{
    size_t len = strlen(a->filter);

    switch (in->action) {
    case TUI_ACT_INSERT: {
        char mb[8];
        mbstate_t st;
        size_t n;

        memset(&st, 0, sizeof(st));
        n = wcrtomb(mb, in->ch, &st);
        if (n == (size_t)-1 || len + n >= sizeof(a->filter))
            return;
        memcpy(a->filter + len, mb, n);
        a->filter[len + n] = '\0';
        break;
    }
    case TUI_ACT_BACKSPACE:
        while (len > 0) {
            len--;
            /* Stop at the first byte of a character. */
            if (((unsigned char)a->filter[len] & 0xc0) != 0x80)
                break;
        }
        a->filter[len] = '\0';
        break;
    case TUI_ACT_WORD_BACK:
        while (len > 0 && a->filter[len - 1] == ' ')
            len--;
        while (len > 0 && a->filter[len - 1] != ' ')
            len--;
        a->filter[len] = '\0';
        break;
    case TUI_ACT_KILL_START:
        a->filter[0] = '\0';
        break;
    default:
        return;
    }
    picker_refilter(a);
}

void picker_handle(struct app *a, const struct tui_input *in)
{
    int page = picker_list_rows(a->rows, a->cols);

    switch (in->action) {
    case TUI_ACT_QUIT:
        a->quit = true;
        break;
    case TUI_ACT_BACK:
        if (a->filter[0]) {
            a->filter[0] = '\0';
            picker_refilter(a);
        } else {
            a->quit = true;
        }
        break;
    case TUI_ACT_UP:
        picker_move(a, -1);
        break;
    case TUI_ACT_DOWN:
        picker_move(a, 1);
        break;
    case TUI_ACT_PAGE_UP:
        picker_move(a, -page);
        break;
    case TUI_ACT_PAGE_DOWN:
        picker_move(a, page);
        break;
    case TUI_ACT_HOME:
        picker_move(a, -(long)a->nhits);
        break;
    case TUI_ACT_END:
        picker_move(a, (long)a->nhits);
        break;
    case TUI_ACT_CLICK: {
        long row = (long)in->y - 3;

        if (row < 0 || row >= page || in->x >= a->list_cols ||
            a->top + (size_t)row >= a->nhits)
            break;
        /* A click selects; a click on the selection opens it. */
        if (a->top + (size_t)row != a->sel) {
            a->sel = a->top + (size_t)row;
            break;
        }
    }
        /* fall through */
    case TUI_ACT_OPEN:
        if (a->nhits == 0)
            break;
        /* DBS is activated through its own API, step by step. */
        if (slr_is_dbs(&a->session.catalog.entries[a->hits[a->sel].index]))
            onboard_start(a);
        else
            form_open(a, &a->session.catalog.entries[a->hits[a->sel].index]);
        break;
    default:
        picker_filter_edit(a, in);
        break;
    }
}
