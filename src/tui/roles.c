/* roles — the service-linked roles in the account (ListRoles, every
 * page): product, role name, create date and whether the catalogue knows
 * the role, filtered as the filter is typed; Enter shows one (GetRole in
 * the result pane), d deletes one (the delete screen). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/i18n.h"
#include "app/slr.h"
#include "core/lineedit.h"
#include "core/text.h"
#include "tui/jobs.h"
#include "tui/state.h"
#include "tui/widgets.h"

/* Bytes of the filter; a longer one is cut. */
#define ROLES_FILTER_MAX 256
/* "2024-01-02 03:04", the create date in the list. */
#define ROLES_DATE_COLS 16
#define ROLES_KNOWN_COLS 9

/* One service-linked role of t->roles, with its catalogue entry. */
struct roles_item {
    const struct api_role *role;
    const struct catalog_entry *entry;  /* NULL: the catalogue lacks it */
    const char *product;                /* "" when not known */
};

struct roles {
    struct lineedit filter;
    bool filtering;             /* the filter has focus: letters are text */
    unsigned gen;               /* t->roles_gen the items were made from */
    enum lang lang;             /* and the language of their products */
    struct roles_item *items;   /* the service-linked roles, sorted */
    size_t nitems;
    int name_cols;              /* the longest role name's columns */
    size_t *shown;              /* indexes of the items that match */
    struct list list;           /* of shown */
};

static struct roles *roles_of(const struct tui *t)
{
    return t->state[SCREEN_ROLES];
}

/* Rows the list gets: header, filter, headings, status, footer. */
static int roles_list_rows(int rows)
{
    return rows - 5 > 1 ? rows - 5 : 1;
}

static int roles_item_cmp(const void *a, const void *b)
{
    const struct roles_item *x = a, *y = b;
    int c;

    /* The catalogue's roles by product; the others after them. */
    if (!x->entry != !y->entry)
        return x->entry ? -1 : 1;
    c = strcasecmp(x->product, y->product);
    if (c)
        return c;
    return strcasecmp(x->role->role_name ? x->role->role_name : "",
                      y->role->role_name ? y->role->role_name : "");
}

/* Whether needle is in hay, ASCII case ignored. */
static bool roles_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; hay && *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

static bool roles_match(const struct roles_item *it, const char *filter)
{
    return !*filter || roles_contains(it->role->role_name, filter) ||
           roles_contains(it->product, filter) ||
           (it->entry && roles_contains(it->entry->service_name, filter));
}

static void roles_refilter(struct tui *t)
{
    struct roles *r = roles_of(t);
    const char *sel = NULL;
    size_t n = 0, keep = 0;

    /* The selected role stays selected when it still matches. */
    if (r->list.count)
        sel = r->items[r->shown[r->list.sel]].role->role_name;
    for (size_t i = 0; i < r->nitems; i++)
        if (roles_match(&r->items[i], r->filter.text)) {
            if (sel && r->items[i].role->role_name == sel)
                keep = n;
            r->shown[n++] = i;
        }
    list_reset(&r->list, n);
    r->list.sel = keep;
}

/* The items again from a new list of t->roles. */
static void roles_rebuild(struct tui *t)
{
    struct roles *r = roles_of(t);
    const struct slr_role_list *l = &t->roles;
    struct roles_item *items = calloc(l->count + 1, sizeof(*items));
    size_t *shown = calloc(l->count + 1, sizeof(*shown));

    r->gen = t->roles_gen;
    r->lang = t->opts->lang;
    if (!items || !shown) {
        free(items);
        free(shown);
        tui_say(t, DRAW_ERROR, N_("out of memory"));
        return;
    }
    free(r->items);
    free(r->shown);
    r->items = items;
    r->shown = shown;
    r->nitems = 0;
    r->name_cols = 0;
    list_reset(&r->list, 0);
    for (size_t i = 0; i < l->count; i++) {
        struct roles_item *it = &r->items[r->nitems];

        if (!l->roles[i].role_name || !slr_is_service_linked(&l->roles[i]))
            continue;
        it->role = &l->roles[i];
        it->entry = slr_service_of(&t->session.catalog, it->role->role_name);
        it->product = it->entry ? tui_product(t, it->entry) : "";
        if ((int)text_cols(it->role->role_name) > r->name_cols)
            r->name_cols = (int)text_cols(it->role->role_name);
        r->nitems++;
    }
    qsort(r->items, r->nitems, sizeof(*r->items), roles_item_cmp);
    roles_refilter(t);
}

/* "2024-01-02T03:04:05Z" as "2024-01-02 03:04" (UTC); else as it came. */
static void roles_date(char *out, size_t size, const char *iso)
{
    if (!iso) {
        snprintf(out, size, "-");
        return;
    }
    snprintf(out, size, "%s", iso);
    if (strlen(out) >= ROLES_DATE_COLS && out[10] == 'T') {
        out[10] = ' ';
        out[ROLES_DATE_COLS] = '\0';
    }
}

struct roles_place {
    const struct roles *r;
    int w1, w2, cols;
    int date_w, known_w;        /* as wide as their translated words */
};

/* A column as wide as the widest of its words (N_() texts, NULL ends
 * them) as translated now, at least min. */
static int roles_col(int min, const char *const *words)
{
    int w = min;

    for (; *words; words++)
        if ((int)text_cols(_(*words)) > w)
            w = (int)text_cols(_(*words));
    return w;
}

static void roles_row(const void *ctx, size_t i, int y, bool selected)
{
    const struct roles_place *at = ctx;
    const struct roles_item *it = &at->r->items[at->r->shown[i]];
    enum draw_role role = selected ? DRAW_SELECT : DRAW_NORMAL;
    int x = 2;
    char date[64];

    draw_fill(y, 0, at->cols, role, selected ? ">" : "");
    draw_put(y, x, at->w1, it->entry ? role : (selected ? role : DRAW_DIM),
             it->entry ? it->product : "-");
    x += at->w1 + 1;
    draw_put_middle(y, x, at->w2, role, it->role->role_name);
    x += at->w2 + 1;
    roles_date(date, sizeof(date), it->role->create_date);
    draw_put(y, x, at->date_w, role, date);
    x += at->date_w + 1;
    draw_put(y, x, at->known_w,
             selected ? role : (it->entry ? DRAW_OK : DRAW_WARNING),
             it->entry ? _("known") : _("unknown"));
}

/* The row above the footer: the request in flight, how the last action
 * ended, or why the list is missing. */
static void roles_status(struct tui *t, int y, int cols)
{
    char buf[600];

    if (t->busy) {
        long ms = jobs_elapsed_ms(t);

        snprintf(buf, sizeof(buf), _("%s Fetching %s (GetRole) ... "
                 "%ld.%lds  (Esc cancels)"), draw_spinner(ms),
                 t->current && t->current->role_name
                     ? t->current->role_name : "",
                 ms / 1000, (ms % 1000) / 100);
        draw_put(y, 1, cols - 2, DRAW_WARNING, buf);
    } else if (t->status[0]) {
        draw_put(y, 1, cols - 2, t->status_role,
                 tui_status_text(t));
    } else if (t->roles_problem[0] && t->have_roles) {
        /* The list shown is the one before. */
        snprintf(buf, sizeof(buf), _("r lists again: %s"),
                 t->roles_problem);
        draw_put(y, 1, cols - 2, DRAW_ERROR, buf);
    } else if (t->roles_loading && t->have_roles) {
        draw_put(y, 1, cols - 2, DRAW_DIM,
                 _("Listing the roles again (ListRoles) ..."));
    }
}

static void roles_draw(struct tui *t, int rows, int cols)
{
    struct roles *r = roles_of(t);
    static const char *const dates[] = { N_("Created (UTC)"), NULL };
    static const char *const known[] = {
        N_("Catalogue"), N_("known"), N_("unknown"), NULL
    };
    struct roles_place at = { r, 0, 0, cols,
                              roles_col(ROLES_DATE_COLS, dates),
                              roles_col(ROLES_KNOWN_COLS, known) };
    int rest = cols - 2 - at.date_w - at.known_w - 3;
    int x;
    char count[64];

    if (r->gen != t->roles_gen || r->lang != t->opts->lang)
        roles_rebuild(t);
    /* The role's whole name where the width allows; the product gets
     * what is left, at least 10 columns. */
    at.w2 = r->name_cols > rest / 2 ? r->name_cols : rest / 2;
    if (at.w2 > rest - 10)
        at.w2 = rest - 10;
    at.w1 = rest - at.w2;
    tui_header(t, cols);
    x = draw_put(1, 0, cols, DRAW_TITLE, _("Service-linked roles  Filter: "));
    field_draw(1, x, cols - x - 12, &r->filter, DRAW_NORMAL,
               r->filtering ? FIELD_CURSOR : 0);
    snprintf(count, sizeof(count), "%zu/%zu", r->list.count, r->nitems);
    draw_put(1, cols - (int)strlen(count) - 1, (int)strlen(count), DRAW_DIM,
             count);
    draw_fill(2, 0, cols, DRAW_DIM, "");
    x = 2;
    draw_put(2, x, at.w1, DRAW_DIM, _("Product"));
    x += at.w1 + 1;
    draw_put(2, x, at.w2, DRAW_DIM, _("Role"));
    x += at.w2 + 1;
    draw_put(2, x, at.date_w, DRAW_DIM, _("Created (UTC)"));
    x += at.date_w + 1;
    draw_put(2, x, at.known_w, DRAW_DIM, _("Catalogue"));
    list_draw(&r->list, 3, roles_list_rows(rows), roles_row, &at);
    if (!t->have_roles && t->roles_loading) {
        draw_put(4, 2, cols - 4, DRAW_DIM,
                 _("Listing the roles in the account (ListRoles) ..."));
    } else if (!t->have_roles && t->roles_problem[0]) {
        char why[700];

        snprintf(why, sizeof(why), _("%s  (r lists again)"),
                 t->roles_problem);
        draw_wrap(4, 2, cols - 4, 6, DRAW_ERROR, why);
    }
    if (t->have_roles && r->nitems == 0)
        draw_wrap(4, 2, cols - 4, 3, DRAW_DIM,
                  _("No service-linked role in this account yet: Esc goes "
                    "back to the services, where Enter on one makes its "
                    "role."));
    else if (t->have_roles && r->list.count == 0)
        draw_put(4, 2, cols - 4, DRAW_WARNING, _("No role matches; "
                 "Backspace or C-u edits the filter."));
    roles_status(t, rows - 2, cols);
}

static void roles_get_done(struct tui *t, struct tui_job *j)
{
    enum screen_id back = (enum screen_id)j->from;
    const struct catalog_entry *e =
        slr_service_of(&t->session.catalog, j->role_name);
    char banner[256];

    if (j->rc && j->err.kind == API_ERR_CANCELLED) {
        tui_say(t, DRAW_WARNING, N_("Cancelled: nothing more will "
                   "be sent"));
        return;
    }
    if (j->rc) {
        error_show(t, &j->err, e ? e->service_name : NULL, j->role_name);
        return;
    }
    snprintf(banner, sizeof(banner), "%s",
             j->role.role.role_name ? j->role.role.role_name
                                    : j->role_name);
    result_show(t, j, true,
                back == SCREEN_PICKER && e && !slr_is_dbs(e)
                    ? N_("%s exists (GetRole); n makes another role of its "
                         "service")
                    : N_("%s is in this account (GetRole)"),
                banner);
    result_from(t, back, e);
}

void roles_show_role(struct tui *t, const char *role, enum screen_id back)
{
    struct tui_job *j;

    if (t->busy)
        return;
    j = jobs_new(t, JOB_GET_ROLE, roles_get_done);
    if (j)
        j->role_name = strdup(role);
    if (!j || !j->role_name) {
        jobs_free(j);
        tui_say(t, DRAW_ERROR, N_("out of memory"));
        return;
    }
    j->from = (int)back;
    tui_status_clear(t);
    jobs_start(t, j);
}

void roles_open(struct tui *t)
{
    if (!t->have_roles || t->roles_stale || t->roles_problem[0])
        tui_roles_fetch(t);
    tui_status_clear(t);
    screens_show(t, SCREEN_ROLES);
}

/* The role selected, or NULL. */
static const char *roles_selected(const struct roles *r)
{
    return r->list.count ? r->items[r->shown[r->list.sel]].role->role_name
                         : NULL;
}

/* R: the selected role in every member account of the directory, with
 * its suffix and description. */
static void roles_rollout(struct tui *t, const struct roles_item *it)
{
    const char *name = it->role->role_name;
    const char *suffix = NULL;
    size_t n;

    if (it->entry && slr_is_dbs(it->entry)) {
        rollout_open(t, true, NULL, NULL, NULL);
        return;
    }
    n = it->entry ? strlen(it->entry->role_name) : 0;
    if (it->entry && strncasecmp(name, it->entry->role_name, n) == 0 &&
        name[n] == '_')
        suffix = name + n + 1;
    rollout_open(t, false, it->entry ? it->entry->service_name : NULL,
                 suffix, it->role->description);
}

static enum tui_reaction roles_handle(struct tui *t,
                                      const struct tui_input *in)
{
    struct roles *r = roles_of(t);
    int page = roles_list_rows(t->rows);
    const char *sel;

    /* A new list may have come since the last frame. */
    if (r->gen != t->roles_gen || r->lang != t->opts->lang)
        roles_rebuild(t);
    sel = roles_selected(r);

    switch (in->action) {
    case TUI_ACT_CANCEL:
        jobs_cancel(t);
        return TUI_REDRAW;
    case TUI_ACT_BACK:
        /* Esc leaves the filter, then clears it, then goes back. */
        if (r->filtering) {
            r->filtering = false;
            return TUI_REDRAW;
        }
        if (r->filter.len) {
            lineedit_set(&r->filter, "");
            roles_refilter(t);
            return TUI_REDRAW;
        }
        return t->busy ? TUI_NONE : TUI_BACK;
    case TUI_ACT_SEARCH:
        r->filtering = true;
        return TUI_REDRAW;
    case TUI_ACT_ROLES:
        tui_status_clear(t);
        tui_roles_fetch(t);
        return TUI_REDRAW;
    case TUI_ACT_OPEN:
        r->filtering = false;
        if (sel)
            roles_show_role(t, sel, SCREEN_ROLES);
        return TUI_REDRAW;
    case TUI_ACT_DELETE_ROLE:
        if (!sel || t->busy)
            return TUI_NONE;
        delete_open(t, sel);
        return TUI_REDRAW;
    case TUI_ACT_ROLLOUT:
        if (!sel || t->busy)
            return TUI_NONE;
        roles_rollout(t, &r->items[r->shown[r->list.sel]]);
        return TUI_REDRAW;
    case TUI_ACT_CLICK:
        switch (list_click(&r->list, (long)in->y - 3, page)) {
        case LIST_MISSED:
            return TUI_NONE;
        case LIST_SELECTED:
            return TUI_REDRAW;
        case LIST_CHOSEN:
            break;
        }
        if (sel)
            roles_show_role(t, roles_selected(r), SCREEN_ROLES);
        return TUI_REDRAW;
    default:
        if (list_handle(&r->list, in->action, page))
            return TUI_REDRAW;
        if (!r->filtering || !field_edit(&r->filter, in))
            return TUI_NONE;
        roles_refilter(t);
        return TUI_REDRAW;
    }
}

static int roles_init(struct tui *t)
{
    return lineedit_init(&roles_of(t)->filter, ROLES_FILTER_MAX);
}

static void roles_done(struct tui *t)
{
    struct roles *r = roles_of(t);

    lineedit_free(&r->filter);
    free(r->items);
    free(r->shown);
}

static bool roles_takes_text(const struct tui *t)
{
    return roles_of(t)->filtering && !t->busy;
}

const struct screen roles_screen = {
    .id = SCREEN_ROLES,
    .name = "roles",
    .state_size = sizeof(struct roles),
    .init = roles_init,
    .done = roles_done,
    .draw = roles_draw,
    .handle = roles_handle,
    .takes_text = roles_takes_text,
    .back = SCREEN_PICKER,
};
