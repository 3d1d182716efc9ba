/* result — the role that was made (or found): its fields, who may assume
 * it, and its trust policy pretty-printed (or the same role as Terraform
 * and the aliyun CLI would make it); copy the ARN, save the response. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/i18n.h"
#include "app/slr.h"
#include "core/buf.h"
#include "core/equiv.h"
#include "core/jsonview.h"
#include "core/text.h"
#include "tui/equivview.h"
#include "tui/jobs.h"
#include "tui/state.h"
#include "tui/widgets.h"

#define RESULT_LABEL_COLS 21

struct result {
    struct api_role_result role;
    bool existed;               /* it was there before: nothing changed */
    const char *banner;         /* its N_() format; NULL: the usual one */
    char banner_arg[256];       /* the banner's %s */
    bool show_equiv;            /* Terraform and CLI instead of the policy */
    struct equivview equiv;
    struct jsonview json;       /* the trust policy, when it parsed */
    bool have_json;
    struct scroll scroll;
    enum screen_id back;        /* where Back leads */
    const struct catalog_entry *entry;  /* the role's service, if known */
    /* What the form asked for (R rolls the same out); NULL otherwise. */
    char *service, *suffix, *description;
};

static struct result *result_of(const struct tui *t)
{
    return t->state[SCREEN_RESULT];
}

static enum draw_role result_token_role(enum jsonview_style s)
{
    switch (s) {
    case JSONVIEW_KEY:
        return DRAW_JSON_KEY;
    case JSONVIEW_STRING:
        return DRAW_JSON_STRING;
    case JSONVIEW_NUMBER:
        return DRAW_JSON_NUMBER;
    case JSONVIEW_LITERAL:
        return DRAW_JSON_LITERAL;
    case JSONVIEW_PUNCT:
        break;
    }
    return DRAW_JSON_PUNCT;
}

/* Where the policy's lines go, for scroll_draw. */
struct result_json_place {
    const struct jsonview *json;
    int x, w;
};

static void result_json_line(const void *ctx, size_t i, int y)
{
    const struct result_json_place *at = ctx;
    const struct jsonview_line *l = &at->json->lines[i];
    int used = 0;

    for (size_t k = 0; k < l->ntokens && used < at->w; k++) {
        const struct jsonview_token *tok = &l->tokens[k];
        char *s = strndup(l->text + tok->start, tok->len);

        if (!s)
            return;
        used += draw_put(y, at->x + used, at->w - used,
                         result_token_role(tok->style), s);
        free(s);
    }
}

static void result_banner(const struct result *r, int y, int cols)
{
    const char *name = r->role.role.role_name;
    char buf[1024];

    if (r->banner) {
        char text[1000];

        /* Worded now: the language may have changed since. */
        draw_words(text, sizeof(text), r->banner, r->banner_arg, NULL);
        snprintf(buf, sizeof(buf), " %s", text);
        draw_fill(y, 0, cols, r->existed ? DRAW_BADGE : DRAW_OK, buf);
    } else if (r->existed) {
        snprintf(buf, sizeof(buf), " %s",
                 _("Already exists: nothing was changed; this is the "
                   "existing role (GetRole)"));
        draw_fill(y, 0, cols, DRAW_BADGE, buf);
    } else {
        snprintf(buf, sizeof(buf), _(" Created %s"),
                 name ? name : _("the role"));
        draw_fill(y, 0, cols, DRAW_OK, buf);
    }
}

/* The trust policy, or the other tools' commands, in height rows. */
static void result_view(struct result *r, int y, int w, int height)
{
    const struct api_role *role = &r->role.role;
    struct result_json_place at = { &r->json, 3, w - 2 };
    size_t total;
    char buf[256];

    if (r->show_equiv) {
        draw_put(y++, 1, w, DRAW_TITLE, _("The same role, made by other "
                                          "tools (t: back to the trust "
                                          "policy)"));
        equivview_draw(&r->equiv, y, 1, w, height);
        return;
    }
    total = r->have_json ? r->json.nlines : 0;
    if (height < 1) {
        draw_put(y, 1, w, DRAW_TITLE, _("Trust policy (a taller window "
                                        "shows it)"));
        return;
    }
    scroll_clamp(&r->scroll, total, height);
    if (total > (size_t)height)
        snprintf(buf, sizeof(buf), _("Trust policy (lines %zu-%zu of %zu)"),
                 r->scroll.top + 1, r->scroll.top + (size_t)height, total);
    else
        snprintf(buf, sizeof(buf), "%s", _("Trust policy"));
    draw_put(y++, 1, w, DRAW_TITLE, buf);
    scroll_draw(&r->scroll, total, y, height, result_json_line, &at);
    if (!r->have_json)
        draw_wrap(y, 3, w - 2, height, DRAW_NORMAL,
                  role->policy_document ? role->policy_document
                                        : _("(none)"));
}

/* A path ("task/acs-service-role/SERVICE/ROLE/ID") in rows of width
 * columns, broken after a '/' where it can be, so each part stays whole
 * (a part longer than a row is cut).  Returns the rows used. */
static int result_wrap_path(int y, int x, int width, int maxrows,
                            enum draw_role role, const char *path)
{
    int used = 0;

    while (*path && used < maxrows) {
        size_t end = 0, fit = 0;

        /* The longest run of whole parts that fits. */
        while (path[end]) {
            size_t next = end + strcspn(path + end, "/");
            char *part;
            int cols;

            next += path[next] == '/';
            if (!(part = strndup(path, next)))
                return used;
            cols = (int)text_cols(part);
            free(part);
            if (cols > width)
                break;
            fit = end = next;
        }
        if (fit == 0)
            fit = strlen(path);
        {
            char *line = strndup(path, fit);

            if (!line)
                return used;
            draw_put(y + used, x, width, role, line);
            free(line);
        }
        used++;
        path += fit;
    }
    return used;
}

/* What GetRole says and CreateServiceLinkedRole does not: each shown
 * when the answer has it.  Returns the next row. */
static int result_get_fields(const struct api_role *role, int y, int w)
{
    int lw = RESULT_LABEL_COLS;
    char buf[1024], date[256];

    if (role->update_date) {
        slr_date_text(buf, sizeof(buf), role->update_date);
        draw_field(y++, 1, w, lw, "UpdateDate", DRAW_NORMAL, buf);
    }
    if (role->max_session_duration > 0) {
        slr_duration_text(buf, sizeof(buf), role->max_session_duration);
        draw_field(y++, 1, w, lw, "MaxSessionDuration", DRAW_NORMAL, buf);
    }
    if (role->deletion_task_id || role->deletion_task_date) {
        slr_date_text(date, sizeof(date), role->deletion_task_date);
        snprintf(buf, sizeof(buf), _("made %s"), date);
        draw_field(y++, 1, w, lw, "LatestDeletionTask", DRAW_WARNING, buf);
        if (role->deletion_task_id)
            y += result_wrap_path(y, 1 + lw, w - lw, 3, DRAW_NORMAL,
                                  role->deletion_task_id);
    }
    return y;
}

void result_draw_body(struct tui *t, int rows, int cols)
{
    struct result *r = result_of(t);
    const struct api_role *role = &r->role.role;
    char buf[1024];
    int y = 1, lw = RESULT_LABEL_COLS, w = cols - 2;
    struct buf sentence;

    tui_header(t, cols);
    /* A short window keeps its rows for the policy: no blank ones. */
    bool tight = rows < 30;

    result_banner(r, y++, cols);
    y += !tight;
    draw_field(y++, 1, w, lw, "RoleName", DRAW_TITLE, role->role_name);
    /* Long values wrap rather than lose their ends. */
    draw_put(y, 1, lw, DRAW_DIM, "Arn");
    y += draw_wrap(y, 1 + lw, w - lw, 2, DRAW_NORMAL,
                   role->arn ? role->arn : "-");
    draw_field(y++, 1, w, lw, "RoleId", DRAW_NORMAL, role->role_id);
    draw_put(y, 1, lw, DRAW_DIM, "RolePrincipalName");
    y += draw_wrap(y, 1 + lw, w - lw, 2, DRAW_NORMAL,
                   role->role_principal_name ? role->role_principal_name
                                             : "-");
    if (role->description) {
        draw_put(y, 1, lw, DRAW_DIM, "Description");
        y += draw_wrap(y, 1 + lw, w - lw, tight ? 2 : 4, DRAW_NORMAL,
                       role->description);
    }
    slr_date_text(buf, sizeof(buf), role->create_date);
    draw_field(y++, 1, w, lw, "CreateDate", DRAW_NORMAL, buf);
    y = result_get_fields(role, y, w);
    draw_field(y++, 1, w, lw, "IsServiceLinkedRole", DRAW_NORMAL,
               role->is_service_linked ? "true" : "false");
    draw_field(y++, 1, w, lw, "RequestId", DRAW_DIM,
               r->role.r.request_id ? r->role.r.request_id : "-");
    y += !tight;
    buf_init(&sentence, sizeof(buf));
    slr_trust_sentence(&sentence, &role->trust);
    draw_put(y++, 1, w, DRAW_OK, buf_str(&sentence));
    buf_free(&sentence);
    /* The last two rows are the status line (or the prompt) and the
     * footer. */
    result_view(r, y, w, rows - 2 - (y + 1));
}

static void result_draw(struct tui *t, int rows, int cols)
{
    result_draw_body(t, rows, cols);
    if (t->status[0])
        widgets_status(rows - 2, cols, 3, t->status_role,
                 tui_status_text(t));
}

/* The same role as Terraform and the aliyun CLI would make it. */
static void result_equiv(struct tui *t, struct result *r,
                         const struct tui_job *j)
{
    struct buf *tf = &r->equiv.snip[EQUIVVIEW_TERRAFORM];
    struct buf *cli = &r->equiv.snip[EQUIVVIEW_CLI];
    const char *name = r->role.role.role_name;
    int rc;

    equivview_reset(&r->equiv);
    if (j->kind == JOB_CREATE) {
        rc = equiv_terraform(tf, j->service, j->suffix, j->description,
                             name);
        rc = rc || equiv_aliyun_cli(cli, j->service, j->suffix,
                                    j->description);
    } else {
        rc = equiv_terraform(tf, SLR_DBS_SERVICE, NULL, NULL, name);
        rc = rc || equiv_aliyun_cli_dbs(cli, t->session.region);
    }
    if (rc) {
        equivview_reset(&r->equiv);
        buf_printf(tf, "%s\n", _("(out of room)"));
    }
}

void result_show(struct tui *t, struct tui_job *j, bool existed,
                 const char *banner, const char *arg)
{
    struct result *r = result_of(t);
    const char *policy;

    api_role_result_free(&r->role);
    r->role = j->role;
    memset(&j->role, 0, sizeof(j->role));
    r->existed = existed;
    r->banner = banner;
    snprintf(r->banner_arg, sizeof(r->banner_arg), "%s", arg ? arg : "");
    tui_existing_add(t, r->role.role.role_name);
    if (r->have_json)
        jsonview_free(&r->json);
    policy = r->role.role.policy_document;
    r->have_json = policy &&
                   jsonview_build(&r->json, policy, strlen(policy)) == 0;
    r->scroll.top = 0;
    r->show_equiv = false;
    r->back = SCREEN_PICKER;
    r->entry = NULL;
    free(r->service);
    free(r->suffix);
    free(r->description);
    r->service = r->suffix = r->description = NULL;
    /* Out of memory: R takes what the role says instead. */
    if (j->kind == JOB_CREATE && j->service) {
        r->service = strdup(j->service);
        r->suffix = j->suffix ? strdup(j->suffix) : NULL;
        r->description = j->description ? strdup(j->description) : NULL;
    }
    /* A role made here: the roles screen lists the account again. */
    if (!existed)
        t->roles_stale = true;
    tui_status_clear(t);
    result_equiv(t, r, j);
    screens_show(t, SCREEN_RESULT);
}

void result_from(struct tui *t, enum screen_id back,
                 const struct catalog_entry *e)
{
    struct result *r = result_of(t);

    r->back = back;
    r->entry = e;
}

enum screen_id result_back(const struct tui *t)
{
    return result_of(t)->back;
}

const char *result_response(const struct tui *t)
{
    return result_of(t)->role.r.response;
}

/* R: the role shown, in every member account of the directory. */
static void result_rollout(struct tui *t, struct result *r)
{
    const char *name = r->role.role.role_name;
    const struct catalog_entry *e = r->entry;
    const char *suffix = NULL;
    size_t n;

    if (r->service) {
        rollout_open(t, false, r->service, r->suffix, r->description);
        return;
    }
    if (!e && name)
        e = slr_service_of(&t->session.catalog, name);
    if (e && slr_is_dbs(e)) {
        rollout_open(t, true, NULL, NULL, NULL);
        return;
    }
    /* "<preset>_<suffix>": the same suffix in every account. */
    n = e ? strlen(e->role_name) : 0;
    if (e && name && strncasecmp(name, e->role_name, n) == 0 &&
        name[n] == '_')
        suffix = name + n + 1;
    rollout_open(t, false, e ? e->service_name : NULL, suffix,
                 r->role.role.description);
}

/* c and s on the Terraform / aliyun view: the selected snippet alone. */
static enum tui_reaction result_snippet(struct tui *t, struct result *r,
                                        enum tui_action action)
{
    enum equivview_kind k = (enum equivview_kind)r->equiv.sel;
    const char *text = buf_str(&r->equiv.snip[k]);
    char name[300];

    if (action == TUI_ACT_SAVE) {
        equivview_file_name(k, r->role.role.role_name, name, sizeof(name));
        if (prompt_open_text(t, name, equivview_what(k), text) != 0)
            tui_say(t, DRAW_ERROR, N_("out of memory"));
        return TUI_REDRAW;
    }
    if (draw_osc52(text) == 0)
        tui_say_what(t, DRAW_OK, N_("Copied %s to the clipboard (OSC 52: "
                     "the terminal must allow it)"), equivview_what(k), NULL);
    else
        tui_say_what(t, DRAW_ERROR, N_("Could not copy %s"),
                     equivview_what(k), NULL);
    return TUI_REDRAW;
}

static enum tui_reaction result_handle(struct tui *t,
                                       const struct tui_input *in)
{
    struct result *r = result_of(t);
    const char *arn = r->role.role.arn;
    char name[300];

    if (r->show_equiv && (in->action == TUI_ACT_SAVE ||
                          in->action == TUI_ACT_COPY))
        return result_snippet(t, r, in->action);
    switch (in->action) {
    case TUI_ACT_BACK:
        if (r->back == SCREEN_ROLES) {
            roles_open(t);
            return TUI_REDRAW;
        }
        return TUI_BACK;
    case TUI_ACT_ROLES:
        roles_open(t);
        return TUI_REDRAW;
    case TUI_ACT_ROLE_NEW:
        /* Another role of the same service, with a suffix. */
        if (!r->entry || slr_is_dbs(r->entry)) {
            tui_say(t, DRAW_WARNING, N_("n: the service of this "
                       "role is not in the catalogue, or is made by its "
                       "own guide"));
            return TUI_REDRAW;
        }
        form_open(t, r->entry);
        return TUI_REDRAW;
    case TUI_ACT_ROLLOUT:
        result_rollout(t, r);
        return TUI_REDRAW;
    case TUI_ACT_EQUIV:
        r->show_equiv = !r->show_equiv;
        r->scroll.top = 0;
        r->equiv.scroll.top = 0;
        return TUI_REDRAW;
    case TUI_ACT_SAVE:
        snprintf(name, sizeof(name), "%s.json",
                 r->role.role.role_name ? r->role.role.role_name : "role");
        prompt_open(t, name);
        return TUI_REDRAW;
    case TUI_ACT_DELETE_ROLE:
        if (!r->role.role.role_name)
            return TUI_NONE;
        delete_open(t, r->role.role.role_name);
        return TUI_REDRAW;
    case TUI_ACT_COPY:
        if (arn && draw_osc52(arn) == 0)
            tui_say(t, DRAW_OK, N_("Copied the ARN to the clipboard "
                       "(OSC 52: the terminal must allow it)"));
        else
            tui_say(t, DRAW_ERROR, N_("Could not copy the ARN"));
        return TUI_REDRAW;
    default:
        if (r->show_equiv)
            return equivview_handle(&r->equiv, in->action) ? TUI_REDRAW
                                                           : TUI_NONE;
        return scroll_handle(&r->scroll, in->action) ? TUI_REDRAW
                                                    : TUI_NONE;
    }
}

static int result_init(struct tui *t)
{
    equivview_init(&result_of(t)->equiv);
    return 0;
}

static void result_done(struct tui *t)
{
    struct result *r = result_of(t);

    api_role_result_free(&r->role);
    if (r->have_json)
        jsonview_free(&r->json);
    equivview_free(&r->equiv);
    free(r->service);
    free(r->suffix);
    free(r->description);
}

const struct screen result_screen = {
    .id = SCREEN_RESULT,
    .name = "result",
    .state_size = sizeof(struct result),
    .init = result_init,
    .done = result_done,
    .draw = result_draw,
    .handle = result_handle,
    .back = SCREEN_PICKER,
};
