/* picker — the service catalogue as a filtered, ranked list with the
 * selected service's details beside it (wide) or below it (narrow). */
#include "config.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "app/slr.h"
#include "core/lineedit.h"
#include "core/text.h"
#include "core/thread.h"
#include "tui/jobs.h"
#include "tui/state.h"
#include "tui/templates.h"
#include "tui/widgets.h"

#define PICKER_WIDE_COLS 110
#define PICKER_DETAIL_ROWS 8
/* Above this many services, the first frame's rows are chosen alone
 * (catalog_sort_top, PICKER_RANK_TOP of them: more than a terminal has
 * rows) and the whole order is sorted on a thread meanwhile, settled
 * before the picker's first key (picker_settle). */
#define PICKER_RANK_NOW 4096
#define PICKER_RANK_TOP 1024

/* Columns each column wants: its longest text in the catalogue (the
 * role's with the badge beside DBS's), so the columns do not move as the
 * search narrows the list. */
struct picker_wants {
    int product, service, role;
};

/* What every row of a frame depends on: when any of it changes, every
 * row is painted again. */
struct picker_look {
    int rows, cols, lw, w1, w2, w3;
    enum lang lang;
    bool none;                  /* no service matches */
    bool have_existing, list_problem;
};

/* What the details of the selection show beyond the catalogue's words:
 * when it changes, the rows the details take are painted again.  A
 * template, once known, is kept for the run (templates.h), so its
 * address stands for its words. */
struct picker_about {
    char status[512];           /* the status line (picker_status_text) */
    size_t sel;                 /* the entry's index + 1; 0: none */
    enum tpl_state tpl_state;
    const struct api_slr_template *tpl;
    char exists[160];           /* the role of it that exists, cut */
};

/* What one row of the list showed. */
struct picker_shown {
    size_t entry;               /* the entry's index + 1; 0: none */
    bool selected, exists;
};

/* The whole order, being sorted on its thread: products and order are
 * the thread's until it is joined; the catalogue is read only. */
struct picker_ranking {
    pthread_t thread;
    const struct catalog *c;
    const char **products;
    size_t *order;
    int rc;
};

struct picker {
    struct lineedit filter;     /* the search, a catalog_search query */
    /* The search has no focus: plain letters are keys (j, k, q, /).
     * It starts with focus, so typing a name finds it at once. */
    bool browsing;
    struct catalog_filter *search; /* the catalogue's, kept across keys */
    struct picker_ranking *ranking; /* the whole order, on its way */
    const struct catalog_hit *hits; /* the search's, best first */
    struct list list;           /* of hits */
    int list_cols;              /* the list's width, for clicks */
    /* The wants, measured once for a catalogue in a language: measuring
     * every name of a large catalogue on each keystroke cost more than
     * the search. */
    struct picker_wants wants;
    const struct catalog_entry *wants_of;   /* NULL: not measured */
    size_t wants_count;
    enum lang wants_lang;
    /* The last frame, so that the next one, drawn over it, paints only
     * the rows that change (draw.h): the query line, the count, the
     * rows whose entry or selection changed, the details when the
     * selection did, and the header, status line and footer. */
    struct picker_look look;
    struct picker_about about;
    struct picker_shown *shown, *now;   /* by screen row */
    unsigned char *paint;               /* the rows painted, by row */
    bool partial;                       /* this frame paints only those */
    int memo_rows;                      /* rows the three hold */
    bool kept;                          /* look, about and shown are the
                                         * last frame's */
};

static struct picker *picker_of(const struct tui *t)
{
    return t->state[SCREEN_PICKER];
}

static void *picker_ranking_main(void *arg)
{
    struct picker_ranking *r = arg;

    r->rc = catalog_sort_by(r->c, r->products, r->order);
    return NULL;
}

static void picker_refilter_keep(struct tui *t);

/* Waits for the whole order, if it is on its way, and takes it (apply)
 * or drops it. */
static void picker_settle(struct tui *t, bool apply)
{
    struct picker *p = picker_of(t);
    struct picker_ranking *r = p->ranking;

    if (!r)
        return;
    (void)pthread_join(r->thread, NULL);
    p->ranking = NULL;
    if (apply && r->rc == 0 && catalog_filter_order(p->search, r->order) == 0)
        picker_refilter_keep(t);
    free(r->products);
    free(r->order);
    free(r);
}

/* Starts sorting the whole order on a thread; takes products when it
 * does (true). */
static bool picker_rank_later(struct picker *p, const struct catalog *c,
                              const char **products)
{
    struct picker_ranking *r = calloc(1, sizeof(*r));

    if (!r)
        return false;
    r->c = c;
    r->products = products;
    r->order = malloc(c->count * sizeof(*r->order));
    if (!r->order || thread_start(&r->thread, picker_ranking_main, r,
                                  false) != 0) {
        free(r->order);
        free(r);
        return false;
    }
    p->ranking = r;
    return true;
}

/* Ties in the search's rank (and an empty search) are ordered by the
 * product as the user reads it, then the service: the catalogue's own
 * order is no order a reader sees, least of all in Chinese.  Sorted once
 * per language, never on a keystroke.  Returns 0 or -1. */
static int picker_rank(struct tui *t)
{
    struct picker *p = picker_of(t);
    const struct catalog *c = &t->session.catalog;
    size_t n = c->count ? c->count : 1;
    const char **products = malloc(n * sizeof(*products));
    size_t *order = malloc(n * sizeof(*order));
    int rc = -1;

    picker_settle(t, false);
    if (!products || !order)
        goto out;
    for (size_t i = 0; i < c->count; i++)
        products[i] = tui_product(t, &c->entries[i]);
    if (c->count > PICKER_RANK_NOW && picker_rank_later(p, c, products)) {
        rc = catalog_sort_top(c, p->ranking->products, PICKER_RANK_TOP,
                              order);
        products = NULL;
    } else {
        rc = catalog_sort_by(c, products, order);
    }
    if (rc == 0)
        rc = catalog_filter_order(p->search, order);
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

static int picker_clamp_cols(size_t w)
{
    return w < 1000 ? (int)w : 1000;
}

static struct picker_wants picker_wants(const struct tui *t)
{
    struct picker *pk = picker_of(t);
    const struct catalog *c = &t->session.catalog;
    size_t p = 0, s = 0, r = 0, bw;

    if (pk->wants_of && pk->wants_of == c->entries &&
        pk->wants_count == c->count && pk->wants_lang == t->opts->lang)
        return pk->wants;
    bw = text_cols(picker_badge()) + 1;

    /* A name is measured only when its bytes could beat the widest so
     * far: a column takes at least one byte (a character two columns
     * wide, U+1100 and up, takes three in UTF-8; one text_cols cannot
     * decode is one column a byte), so one no longer in bytes is no
     * wider.  Most of a large catalogue is then a strlen. */
    for (size_t i = 0; i < c->count; i++) {
        const struct catalog_entry *e = &c->entries[i];
        const char *product = tui_product(t, e);
        size_t dbs = slr_is_dbs(e) ? bw : 0, w;

        if (strlen(e->role_name) + dbs > r &&
            (w = text_cols(e->role_name) + dbs) > r)
            r = w;
        if (strlen(product) > p && (w = text_cols(product)) > p)
            p = w;
        if (strlen(e->service_name) > s &&
            (w = text_cols(e->service_name)) > s)
            s = w;
    }
    pk->wants = (struct picker_wants){ picker_clamp_cols(p),
                                       picker_clamp_cols(s),
                                       picker_clamp_cols(r) };
    pk->wants_of = c->entries;
    pk->wants_count = c->count;
    pk->wants_lang = t->opts->lang;
    return pk->wants;
}

/* The role column gets what its names need when the list is wide enough
 * (its end is what tells two roles apart), but never more than leaves 36
 * columns, or three fifths, to the product and the service; what these
 * two do not need (short Chinese product names) goes back to it. */
static void picker_columns(const struct tui *t, struct picker_row *at)
{
    struct picker_wants want = picker_wants(t);
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

/* The role a \u2713 row opens, while it is fetched: the status line's
 * text into buf (empty when there is none). */
static void picker_status_text(const struct tui *t, char *buf, size_t size)
{
    buf[0] = '\0';
    if (t->busy && t->current && t->current->kind == JOB_GET_ROLE) {
        long ms = jobs_elapsed_ms(t);

        snprintf(buf, size, _("%s Fetching %s (GetRole) ... "
                 "%ld.%lds  (Esc cancels)"), draw_spinner(ms),
                 t->current->role_name ? t->current->role_name : "",
                 ms / 1000, (ms % 1000) / 100);
    }
}

/* --- painting only what changed ---------------------------------------- */

/* The list's rows as list_draw lays them out, noted rather than drawn. */
struct picker_note {
    const struct tui *t;
    const struct picker *p;
    struct picker_shown *now;
};

static void picker_note_row(const void *ctx, size_t i, int y, bool selected)
{
    const struct picker_note *n = ctx;
    size_t idx = n->p->hits[i].index;

    n->now[y].entry = idx + 1;
    n->now[y].selected = selected;
    n->now[y].exists =
        tui_existing(n->t, &n->t->session.catalog.entries[idx]) != NULL;
}

static int picker_memo_size(struct picker *p, int rows)
{
    struct picker_shown *a, *b;
    unsigned char *c;

    if (rows <= p->memo_rows)
        return 0;
    a = realloc(p->shown, (size_t)rows * sizeof(*a));
    if (a)
        p->shown = a;
    b = realloc(p->now, (size_t)rows * sizeof(*b));
    if (b)
        p->now = b;
    c = realloc(p->paint, (size_t)rows);
    if (c)
        p->paint = c;
    if (!a || !b || !c)
        return -1;
    p->memo_rows = rows;
    return 0;
}

static void picker_look_of(const struct tui *t, int rows, int cols,
                           const struct picker_row *at,
                           struct picker_look *look,
                           struct picker_about *about)
{
    const struct picker *p = picker_of(t);

    memset(look, 0, sizeof(*look));
    look->rows = rows;
    look->cols = cols;
    look->lw = at->lw;
    look->w1 = at->w1;
    look->w2 = at->w2;
    look->w3 = at->w3;
    look->lang = t->opts->lang;
    look->none = p->list.count == 0;
    look->have_existing = t->have_existing;
    look->list_problem = problems_has(t, TUI_PROBLEM_LIST);
    memset(about, 0, sizeof(*about));
    picker_status_text(t, about->status, sizeof(about->status));
    if (p->list.count) {
        const struct catalog_entry *e =
            &t->session.catalog.entries[p->hits[p->list.sel].index];

        about->sel = p->hits[p->list.sel].index + 1;
        about->tpl_state = templates_get(t, e->service_name, &about->tpl,
                                         NULL);
        if (tui_existing(t, e))
            snprintf(about->exists, sizeof(about->exists), "%s",
                     tui_existing(t, e));
    }
}

/* Before the frame is drawn: which rows it paints.  Over the last
 * frame, only those that change; else every row. */
static void picker_paint_rows(struct tui *t, int rows, int cols,
                              const struct picker_row *at, bool wide)
{
    struct picker *p = picker_of(t);
    struct picker_note note = { t, p, NULL };
    struct picker_look look;
    struct picker_about about;
    bool over = draw_frame_reused(), same, details, status;
    int first = wide ? 1 : rows - 1 - PICKER_DETAIL_ROWS;
    int last = wide ? rows - 3 : rows - 2;

    p->partial = false;
    picker_look_of(t, rows, cols, at, &look, &about);
    if (rows < 1 || picker_memo_size(p, rows)) {
        /* No room to remember: the frame is drawn whole, over a blank
         * screen. */
        p->kept = false;
        p->about = about;
        for (int y = 0; over && y < rows; y++)
            draw_fill(y, 0, cols, DRAW_NORMAL, "");
        return;
    }
    note.now = p->now;
    memset(p->now, 0, (size_t)rows * sizeof(*p->now));
    list_draw(&p->list, 3, picker_list_rows(rows, cols), picker_note_row,
              &note);
    same = over && p->kept && memcmp(&look, &p->look, sizeof(look)) == 0;
    status = !same || strcmp(about.status, p->about.status) != 0;
    details = !same || memcmp(&about.sel, &p->about.sel,
                              sizeof(about) -
                              offsetof(struct picker_about, sel)) != 0;
    /* The header and the query line (with the count) always: they are
     * short, and what they show has many sources.  The footer too
     * (screens.c draws it after the screen). */
    for (int y = 0; y < rows; y++)
        p->paint[y] = !same || y <= 1 || y == rows - 1 ||
                      (status && y == rows - 2) ||
                      (details && y >= first && y <= last) ||
                      memcmp(&p->now[y], &p->shown[y], sizeof(p->now[y]));
    p->look = look;
    p->about = about;
    p->partial = over;
    if (over)
        draw_only_rows(p->paint, rows);
}

/* Whether this frame paints any row of first..last. */
static bool picker_paints(const struct picker *p, int first, int last)
{
    if (!p->partial)
        return true;
    for (int y = first < 0 ? 0 : first; y <= last && y < p->memo_rows; y++)
        if (p->paint[y])
            return true;
    return false;
}

/* After the frame: it is what the next one starts from, when the
 * picker is the screen shown (not drawn under a question). */
static void picker_paint_done(struct tui *t, int rows)
{
    struct picker *p = picker_of(t);
    struct picker_shown *swap = p->shown;

    p->kept = t->screen == SCREEN_PICKER && rows >= 1 &&
              rows <= p->memo_rows;
    if (!p->kept)
        return;
    p->shown = p->now;
    p->now = swap;
    draw_frame_keep();
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
    picker_paint_rows(t, rows, cols, &at, wide);
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

        /* Worded only when a row of them is painted. */
        if (wide && picker_paints(p, 1, rows - 3))
            picker_details(t, e, 1, lw + 2, cols - lw - 3, rows - 3);
        else if (!wide && picker_paints(p, rows - 1 - PICKER_DETAIL_ROWS,
                                        rows - 2))
            picker_details(t, e, rows - 1 - PICKER_DETAIL_ROWS, 1, cols - 2,
                           PICKER_DETAIL_ROWS);
    }
    if (!wide)
        draw_fill(rows - 2 - PICKER_DETAIL_ROWS, 0, cols, DRAW_DIM, "");
    if (p->about.status[0])
        draw_fill(rows - 2, 0, cols, DRAW_WARNING, p->about.status);
    picker_paint_done(t, rows);
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
    enum tui_reaction r;

    /* Every key reads the whole order. */
    picker_settle(t, true);
    r = picker_handle_one(t, in);

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

    picker_settle(t, false);
    catalog_filter_free(p->search);
    p->hits = NULL;
    p->wants_of = NULL;
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

    picker_settle(t, false);
    lineedit_free(&p->filter);
    catalog_filter_free(p->search);
    free(p->shown);
    free(p->now);
    free(p->paint);
}

static bool picker_takes_text(const struct tui *t)
{
    return !picker_of(t)->browsing;
}

/* The search again, over a new order: the selected service kept. */
static void picker_refilter_keep(struct tui *t)
{
    struct picker *p = picker_of(t);
    size_t sel = p->list.count ? p->hits[p->list.sel].index : 0;
    bool had = p->list.count > 0;

    picker_refilter(t);
    for (size_t i = 0; had && i < p->list.count; i++)
        if (p->hits[i].index == sel)
            p->list.sel = i;
}

/* The products are sorted as the user reads them: again in the new
 * language, the selected service kept. */
static void picker_relang(struct tui *t)
{
    struct picker *p = picker_of(t);

    /* The products' and the badge's words are measured again. */
    p->wants_of = NULL;
    if (!p->search || !t->have_session || picker_rank(t))
        return;
    picker_refilter_keep(t);
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
