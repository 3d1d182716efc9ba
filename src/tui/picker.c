/* picker — the service catalogue as a filtered, ranked list with the
 * selected service's details beside it (wide) or below it (narrow). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "app/slr.h"
#include "core/lineedit.h"
#include "core/text.h"
#include "tui/jobs.h"
#include "tui/state.h"
#include "tui/templates.h"
#include "tui/widgets.h"

#define PICKER_WIDE_COLS 110
#define PICKER_DETAIL_ROWS 8

struct picker_wants {
    int product, service, role;
};

struct picker {
    struct lineedit filter;     /* the search, a catalog_search query */
    /* The search has no focus: plain letters are keys (j, k, q, /).
     * It starts with focus, so typing a name finds it at once. */
    bool browsing;
    struct catalog_filter *search; /* the catalogue's, kept across keys */
    const struct catalog_hit *hits; /* the search's, best first */
    struct list list;           /* of hits */
    int list_cols;              /* the list's width, for clicks */
    struct picker_wants wants;  /* the columns' widths, per language */
};

static struct picker *picker_of(const struct tui *t)
{
    return t->state[SCREEN_PICKER];
}

/* Ties in the search's rank (and an empty search) are ordered by the
 * product as the user reads it, then the service: the catalogue's own
 * order is no order a reader sees, least of all in Chinese.  Sorted once
 * per language, never on a keystroke.  Returns 0 or -1. */
static struct picker_wants picker_wants(const struct tui *t);

static int picker_rank(struct tui *t)
{
    const struct catalog *c = &t->session.catalog;
    size_t n = c->count ? c->count : 1;
    const char **products = malloc(n * sizeof(*products));
    size_t *order = malloc(n * sizeof(*order));
    int rc = -1;

    if (!products || !order)
        goto out;
    for (size_t i = 0; i < c->count; i++)
        products[i] = tui_product(t, &c->entries[i]);
    if (catalog_sort_by(c, products, order) == 0)
        rc = catalog_filter_order(picker_of(t)->search, order);
    picker_of(t)->wants = picker_wants(t);
out:
    free(products);
    free(order);
    return rc;
}

static void picker_refilter(struct tui *t)
{
    struct picker *p = picker_of(t);
    size_t n = catalog_filter_run(p->search, p->filter.text, &p->hits);

    /* The best match is what Enter should take after each keystroke. */
    list_reset(&p->list, n);
}

/* The selected service's template is asked for in the background. */
static void picker_want(struct tui *t)
{
    struct picker *p = picker_of(t);

    if (p->list.count)
        templates_want(t, t->session.catalog.entries[
                              p->hits[p->list.sel].index].service_name);
}

/* Rows the list gets, for paging and scrolling. */
static int picker_list_rows(int rows, int cols)
{
    int n = rows - 4;   /* header, search, headings, footer */

    if (cols < PICKER_WIDE_COLS)
        n -= PICKER_DETAIL_ROWS + 1;
    return n > 1 ? n : 1;
}

/* What the cloud's rules say of a suffix for e, or NULL when they are
 * not known (then the catalogue speaks). */
static const char *picker_suffix_rules(const struct tui *t,
                                       const struct catalog_entry *e,
                                       enum draw_role *role)
{
    const struct api_slr_template *tpl;

    switch (templates_get(t, e->service_name, &tpl, NULL)) {
    case TPL_KNOWN:
        if (tpl->multiple_roles_allowed)
            return _("accepted (the cloud's rules)");
        *role = DRAW_DIM;
        return _("not accepted (the cloud's rules): the preset name only");
    case TPL_LOADING:
        if (e->custom_suffix != CATALOG_SUFFIX_UNKNOWN)
            break;
        *role = DRAW_DIM;
        return _("not known yet: reading the cloud's rules ...");
    case TPL_FAILED:
        if (e->custom_suffix != CATALOG_SUFFIX_UNKNOWN)
            break;
        *role = DRAW_WARNING;
        return _("not known: the cloud's rules could not be read");
    case TPL_UNKNOWN:
        break;
    }
    return NULL;
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

static void picker_details(const struct tui *t,
                           const struct catalog_entry *e, int y, int x, int w,
                           int maxrows)
{
    const struct api_slr_template *tpl;
    const char *desc = NULL, *suffix;
    static const char *const labels[] = {
        N_("Service"), N_("Role"), N_("Policy"), N_("Suffix"), N_("Status"),
        N_("Set-up"), N_("Purpose"), N_("Description"), NULL
    };
    enum draw_role suffix_role = DRAW_NORMAL;
    int end = y + maxrows, lw = draw_label_cols(13, labels);

    /* The cloud's own preset, in the user's language, when known. */
    if (templates_get(t, e->service_name, &tpl, NULL) != TPL_KNOWN)
        tpl = NULL;
    desc = slr_preset_description(tpl, e, t->opts->lang);
    suffix = picker_suffix_rules(t, e, &suffix_role);
    if (!suffix)
        suffix = picker_suffix_text(e->custom_suffix);

    draw_put(y++, x, w, DRAW_TITLE, tui_product(t, e));
    draw_field(y++, x, w, lw, _("Service"), DRAW_NORMAL, e->service_name);
    /* The whole name, on a second row if need be: the list may have
     * cut it. */
    draw_put(y, x, lw, DRAW_DIM, _("Role"));
    y += draw_wrap(y, x + lw, w - lw, 2, DRAW_NORMAL, e->role_name);
    if (y < end)
        draw_field(y++, x, w, lw, _("Policy"), DRAW_NORMAL,
                 e->policy_name ? e->policy_name : "-");
    if (y < end)
        draw_field(y++, x, w, lw, _("Suffix"), suffix_role, suffix);
    if (y < end && !t->have_existing &&
        problems_has(t, TUI_PROBLEM_LIST)) {
        draw_field(y++, x, w, lw, _("Status"), DRAW_WARNING,
                   _("existing roles unknown: ListRoles failed (! why)"));
    } else if (y < end && tui_existing(t, e)) {
        char buf[256];

        snprintf(buf, sizeof(buf), _("\u2713 %s exists in this account"),
                 tui_existing(t, e));
        draw_field(y++, x, w, lw, _("Status"), DRAW_OK, buf);
    }
    if (y < end && slr_is_dbs(e))
        draw_field(y++, x, w, lw, _("Set-up"), DRAW_OK,
                 _("guided: Enter starts the DBS activation guide"));
    if (y < end && slr_purpose(e, t->opts->lang)) {
        draw_put(y, x, lw, DRAW_DIM, _("Purpose"));
        y += draw_wrap(y, x + lw, w - lw, end - y, DRAW_NORMAL,
                       slr_purpose(e, t->opts->lang));
    }
    if (y < end && desc) {
        draw_put(y, x, lw, DRAW_DIM, _("Description"));
        draw_wrap(y, x + lw, w - lw, end - y, DRAW_NORMAL, desc);
    }
}

/* The columns of the list, and what one row is drawn from. */
struct picker_row {
    const struct tui *t;
    const struct picker *p;
    int lw, w1, w2, w3;
};

/* The DBS row's badge, in the role column's last cells: the role name
 * there gets the cells before it, so neither paints over the other. */
static const char *picker_badge(void)
{
    return _("guided");
}

/* Columns each column wants: its longest text in the catalogue (the
 * role's with the badge beside DBS's), so the columns do not move as the
 * search narrows the list.  Measured once per language (picker_rank):
 * at 10,000 services measuring every name takes milliseconds, too long
 * for every frame. */
static int picker_clamp_cols(size_t w)
{
    return w < 1000 ? (int)w : 1000;
}

static struct picker_wants picker_wants(const struct tui *t)
{
    const struct catalog *c = &t->session.catalog;
    size_t p = 0, s = 0, r = 0, bw = text_cols(picker_badge()) + 1;

    for (size_t i = 0; i < c->count; i++) {
        const struct catalog_entry *e = &c->entries[i];
        size_t w = text_cols(e->role_name) + (slr_is_dbs(e) ? bw : 0);

        r = w > r ? w : r;
        w = text_cols(tui_product(t, e));
        p = w > p ? w : p;
        w = text_cols(e->service_name);
        s = w > s ? w : s;
    }
    return (struct picker_wants){ picker_clamp_cols(p), picker_clamp_cols(s),
                                  picker_clamp_cols(r) };
}

/* The role column gets what its names need when the list is wide enough
 * (its end is what tells two roles apart), but never more than leaves 36
 * columns, or three fifths, to the product and the service; what these
 * two do not need (short Chinese product names) goes back to it. */
static void picker_columns(const struct tui *t, struct picker_row *at)
{
    struct picker_wants want = picker_of(t)->wants;
    int avail = at->lw - 4, rest, spare;
    int cap = avail - 36 > avail * 2 / 5 ? avail - 36 : avail * 2 / 5;

    at->w3 = want.role < cap ? want.role : cap;
    rest = avail - at->w3;
    at->w1 = rest * 9 / 20 < want.product ? rest * 9 / 20 : want.product;
    at->w2 = rest - at->w1 < want.service ? rest - at->w1 : want.service;
    spare = rest - at->w1 - at->w2;
    /* The role first, then the service and the product, up to what each
     * wants; anything still left stays at the end of the role column. */
    at->w3 += spare < want.role - at->w3 ? spare : want.role - at->w3;
    spare = avail - at->w1 - at->w2 - at->w3;
    at->w2 += spare < want.service - at->w2 ? spare : want.service - at->w2;
    spare = avail - at->w1 - at->w2 - at->w3;
    at->w1 += spare < want.product - at->w1 ? spare : want.product - at->w1;
    at->w3 = avail - at->w1 - at->w2;
}

static void picker_row(const void *ctx, size_t i, int y, bool selected)
{
    const struct picker_row *at = ctx;
    const struct catalog_entry *e =
        &at->t->session.catalog.entries[at->p->hits[i].index];
    enum draw_role role = selected ? DRAW_SELECT : DRAW_NORMAL;
    int xr = 2 + at->w1 + at->w2 + 2, rw = at->w3;

    draw_fill(y, 0, at->lw, role, selected ? ">" : "");
    if (tui_existing(at->t, e))
        draw_put(y, 1, 1, selected ? role : DRAW_OK, "\u2713");
    draw_put(y, 2, at->w1, role, tui_product(at->t, e));
    draw_put(y, 2 + at->w1 + 1, at->w2, role, e->service_name);
    if (slr_is_dbs(e)) {
        int bw = (int)text_cols(picker_badge());

        rw -= bw + 1;
        draw_put(y, xr + at->w3 - bw, bw, selected ? role : DRAW_BADGE,
                 picker_badge());
    }
    /* Cut in the middle: AliyunServiceRoleFor… is what they share. */
    draw_put_middle(y, xr, rw, role, e->role_name);
}

/* The role a \u2713 row opens, while it is fetched. */
static void picker_status(struct tui *t, int y, int cols)
{
    char buf[512];

    if (t->busy && t->current && t->current->kind == JOB_GET_ROLE) {
        long ms = jobs_elapsed_ms(t);

        snprintf(buf, sizeof(buf), _("%s Fetching %s (GetRole) ... "
                 "%ld.%lds  (Esc cancels)"), draw_spinner(ms),
                 t->current->role_name ? t->current->role_name : "",
                 ms / 1000, (ms % 1000) / 100);
        draw_fill(y, 0, cols, DRAW_WARNING, buf);
    }
}

static void picker_draw(struct tui *t, int rows, int cols)
{
    struct picker *p = picker_of(t);
    bool wide = cols >= PICKER_WIDE_COLS;
    int lw = wide ? cols * 3 / 5 : cols;
    struct picker_row at = { t, p, lw, 0, 0, 0 };
    char count[64];
    int x;

    picker_columns(t, &at);
    tui_header(t, cols);
    p->list_cols = lw;
    x = draw_put(1, 0, cols, DRAW_TITLE, _("Search: "));
    field_draw(1, x, cols - x - 12, &p->filter, DRAW_NORMAL,
               p->browsing ? 0 : FIELD_CURSOR);
    snprintf(count, sizeof(count), "%zu/%zu", p->list.count,
             t->session.catalog.count);
    draw_put(1, lw - (int)strlen(count) - 1, (int)strlen(count), DRAW_DIM,
             count);
    draw_fill(2, 0, lw, DRAW_DIM, "");
    draw_put(2, 2, at.w1, DRAW_DIM, _("Product"));
    draw_put(2, 2 + at.w1 + 1, at.w2, DRAW_DIM, _("Service"));
    draw_put(2, 2 + at.w1 + at.w2 + 2, at.w3, DRAW_DIM, _("Role"));
    list_draw(&p->list, 3, picker_list_rows(rows, cols), picker_row, &at);
    if (p->list.count == 0) {
        draw_put(4, 2, lw - 2, DRAW_WARNING, _("No service matches; "
                 "Backspace or C-u edits the search."));
    } else {
        const struct catalog_entry *e =
            &t->session.catalog.entries[p->hits[p->list.sel].index];

        if (wide)
            picker_details(t, e, 1, lw + 2, cols - lw - 3, rows - 3);
        else
            picker_details(t, e, rows - 1 - PICKER_DETAIL_ROWS, 1, cols - 2,
                           PICKER_DETAIL_ROWS);
    }
    if (!wide)
        draw_fill(rows - 2 - PICKER_DETAIL_ROWS, 0, cols, DRAW_DIM, "");
    picker_status(t, rows - 2, cols);
}

/* C-w deletes the last search term.  catalog_search splits the query at
 * spaces only, so a term is "polar-db" whole (where the form's fields
 * take words as lineedit does). */
static void picker_delete_term(struct lineedit *e)
{
    while (e->cursor > 0 && e->text[e->cursor - 1] == ' ')
        lineedit_backspace(e);
    while (e->cursor > 0 && e->text[e->cursor - 1] != ' ')
        lineedit_backspace(e);
}

/* Enter on the selection: the form, the role that exists (a \u2713 row),
 * or the DBS guide. */
static enum tui_reaction picker_open(struct tui *t)
{
    struct picker *p = picker_of(t);
    const struct catalog_entry *e;

    if (p->list.count == 0 || t->busy)
        return TUI_NONE;
    e = &t->session.catalog.entries[p->hits[p->list.sel].index];
    /* DBS is activated through its own API, step by step (its guide
     * sees an existing role itself). */
    if (slr_is_dbs(e))
        dbs_start(t);
    else if (tui_existing(t, e))
        roles_show_role(t, tui_existing(t, e), SCREEN_PICKER);
    else
        form_open(t, e);
    return TUI_REDRAW;
}

static enum tui_reaction picker_handle_one(struct tui *t,
                                           const struct tui_input *in);

static enum tui_reaction picker_handle(struct tui *t,
                                       const struct tui_input *in)
{
    enum tui_reaction r = picker_handle_one(t, in);

    if (r == TUI_REDRAW && t->screen == SCREEN_PICKER)
        picker_want(t);
    return r;
}

static enum tui_reaction picker_handle_one(struct tui *t,
                                           const struct tui_input *in)
{
    struct picker *p = picker_of(t);
    int page = picker_list_rows(t->rows, t->cols);

    switch (in->action) {
    case TUI_ACT_CANCEL:
        jobs_cancel(t);
        return TUI_REDRAW;
    case TUI_ACT_ROLES:
        roles_open(t);
        return TUI_REDRAW;
    case TUI_ACT_BACK:
        /* Esc clears the search first, then leaves it for the list; it
         * never quits, so a stray or split escape sequence cannot end
         * the program (q does, from the list). */
        if (p->filter.len == 0) {
            p->browsing = true;
            return TUI_REDRAW;
        }
        lineedit_set(&p->filter, "");
        picker_refilter(t);
        return TUI_REDRAW;
    case TUI_ACT_SEARCH:
        p->browsing = false;
        return TUI_REDRAW;
    case TUI_ACT_CLICK:
        if (in->x >= p->list_cols)
            return TUI_NONE;
        /* A click selects; a click on the selection opens it. */
        switch (list_click(&p->list, (long)in->y - 3, page)) {
        case LIST_MISSED:
            return TUI_NONE;
        case LIST_SELECTED:
            return TUI_REDRAW;
        case LIST_CHOSEN:
            break;
        }
        return picker_open(t);
    case TUI_ACT_OPEN:
        return picker_open(t);
    default:
        if (list_handle(&p->list, in->action, page))
            return TUI_REDRAW;
        /* Typed text, Backspace, C-w, C-u: a new search. */
        if (in->action == TUI_ACT_WORD_BACK)
            picker_delete_term(&p->filter);
        else if (!field_edit(&p->filter, in))
            return TUI_NONE;
        picker_refilter(t);
        return TUI_REDRAW;
    }
}

int picker_load(struct tui *t)
{
    struct picker *p = picker_of(t);

    catalog_filter_free(p->search);
    p->hits = NULL;
    p->search = catalog_filter_new(&t->session.catalog);
    if (!p->search || picker_rank(t))
        return -1;
    picker_refilter(t);
    picker_want(t);
    return 0;
}

static int picker_init(struct tui *t)
{
    /* Bytes, like the catalogue's query; a longer search is cut. */
    return lineedit_init(&picker_of(t)->filter, CATALOG_QUERY_MAX - 1);
}

static void picker_done(struct tui *t)
{
    struct picker *p = picker_of(t);

    lineedit_free(&p->filter);
    catalog_filter_free(p->search);
}

static bool picker_takes_text(const struct tui *t)
{
    return !picker_of(t)->browsing;
}

/* The products are sorted as the user reads them: again in the new
 * language, the selected service kept. */
static void picker_relang(struct tui *t)
{
    struct picker *p = picker_of(t);
    size_t sel = p->list.count ? p->hits[p->list.sel].index : 0;
    bool had = p->list.count > 0;

    if (!p->search || !t->have_session || picker_rank(t))
        return;
    picker_refilter(t);
    for (size_t i = 0; had && i < p->list.count; i++)
        if (p->hits[i].index == sel)
            p->list.sel = i;
}

const struct screen picker_screen = {
    .id = SCREEN_PICKER,
    .name = "picker",
    .state_size = sizeof(struct picker),
    .init = picker_init,
    .done = picker_done,
    .draw = picker_draw,
    .handle = picker_handle,
    .takes_text = picker_takes_text,
    .back = SCREEN_PICKER,
    .relang = picker_relang,
};
