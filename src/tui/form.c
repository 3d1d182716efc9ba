/* form — CustomSuffix and Description, checked on every keystroke, with
 * a live preview of the role name and a Create button that says why it
 * is disabled; it sends the request and waits for the answer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "app/slr.h"
#include "core/lineedit.h"
#include "core/rules.h"
#include "core/text.h"
#include "tui/jobs.h"
#include "tui/state.h"
#include "tui/templates.h"
#include "tui/widgets.h"

/* The labels' columns at least (the widest translated label decides). */
#define FORM_LABEL_COLS 14
#define FORM_COUNTER_COLS 11
/* Bytes: enough for 1024 four-byte characters and then some, so the
 * rules can say "too long" rather than the field going deaf. */
#define FORM_DESC_MAX 8192
#define FORM_SUFFIX_MAX 512

enum form_focus { FORM_FOCUS_SUFFIX, FORM_FOCUS_DESC, FORM_FOCUS_BUTTON };

struct form {
    const struct catalog_entry *entry;
    struct lineedit suffix, desc;
    enum form_focus focus;
    struct rules_report report;
    bool refused_before;        /* the cloud refused a suffix before */
    /* Create was pressed with a suffix or a description before the
     * cloud's rules came: sent (or refused) when they do. */
    bool waiting;
    int focus_row[3];           /* where each focus stop was drawn */
    int button_x, button_w;     /* and the button's columns, for clicks */
    /* The name it would make is taken, and Enter on the button was
     * pressed once: the next one sends. */
    bool confirmed;
};

static struct form *form_of(const struct tui *t)
{
    return t->state[SCREEN_FORM];
}

/* The role name the form would create, into out (size bytes): "?"
 * when it is not known. */
static void form_role_name(const struct form *f, char *out, size_t size)
{
    if (slr_role_name(out, size, f->entry, f->suffix.text))
        snprintf(out, size, "?");
}

/* The cloud's template for the form's service, when it is known. */
static const struct api_slr_template *form_template(const struct tui *t)
{
    const struct api_slr_template *tpl;

    templates_get(t, form_of(t)->entry->service_name, &tpl, NULL);
    return tpl;
}

/* Whether the cloud's rules allow one role only: no suffix, and no
 * description either. */
static bool form_single(const struct tui *t)
{
    const struct api_slr_template *tpl = form_template(t);

    return tpl && !tpl->multiple_roles_allowed;
}

/* Whether a focus stop takes focus: a field the cloud's rules close
 * does not, unless it holds text typed before they came (to be
 * cleared). */
static bool form_focusable(const struct tui *t, enum form_focus i)
{
    const struct form *f = form_of(t);

    if (i == FORM_FOCUS_BUTTON || !form_single(t))
        return true;
    return (i == FORM_FOCUS_SUFFIX ? f->suffix.len : f->desc.len) > 0;
}

/* Moves the focus by step (1 or 2 of 3) to the next stop that takes
 * it; the button always does. */
static void form_move(struct tui *t, int step)
{
    struct form *f = form_of(t);

    do
        f->focus = (enum form_focus)((f->focus + step) % 3);
    while (!form_focusable(t, f->focus));
}

static void form_check(struct tui *t)
{
    struct form *f = form_of(t);
    const struct api_slr_template *tpl = form_template(t);

    slr_check(f->entry, f->suffix.text, f->desc.text, &t->refusals,
              &f->report, &f->refused_before);
    if (tpl)
        slr_check_template(tpl, f->suffix.text, f->desc.text, &f->report);
    f->confirmed = false;
}

/* Whether the role the form would make is in the account already. */
static bool form_taken(const struct tui *t, const struct form *f)
{
    char name[1100];

    form_role_name(f, name, sizeof(name));
    return tui_role_exists(t, name);
}

void form_open(struct tui *t, const struct catalog_entry *e)
{
    struct form *f = form_of(t);

    f->entry = e;
    lineedit_set(&f->suffix, "");
    lineedit_set(&f->desc, "");
    f->focus = FORM_FOCUS_SUFFIX;
    f->waiting = false;
    tui_status_clear(t);
    screens_show(t, SCREEN_FORM);
    /* Asked again if it failed: the link may be back. */
    templates_retry(t, e->service_name);
    if (!form_focusable(t, f->focus))
        form_move(t, 1);
    form_check(t);
}

/* The problems of one field, joined, or "" when it has none. */
static void form_problems(const struct form *f, enum rules_field field,
                          char *out, size_t size)
{
    struct buf text;

    buf_init(&text, size - 1);
    for (size_t i = 0; i < f->report.count; i++) {
        if (f->report.problems[i].field != field)
            continue;
        if (buf_len(&text) && buf_adds(&text, "; ") != BUF_OK)
            break;
        if (slr_problem_text(&text, &f->report, i))
            break;
    }
    snprintf(out, size, "%s", buf_str(&text));
    buf_free(&text);
}

/* Why the cloud's rules could not be read, in a few words, made safe. */
static void form_tpl_reason(const struct api_error *e, char *out,
                            size_t size)
{
    struct explanation x;

    explain_init(&x);
    explain_error(&x, e, NULL, NULL);
    if (x.e.kind == API_ERR_CLOUD && x.e.code[0])
        snprintf(out, size, "%s", x.e.code);
    else
        snprintf(out, size, "%s", buf_str(&x.message));
    explain_free(&x);
}

/* The line under the CustomSuffix field: its problems, else what the
 * cloud's rules (or, without them, the catalogue) say of a suffix. */
static void form_suffix_hint(struct tui *t, int y, int x, int w)
{
    struct form *f = form_of(t);
    const struct api_slr_template *tpl;
    const struct api_error *err;
    enum tpl_state st = templates_get(t, f->entry->service_name, &tpl, &err);
    char buf[1200], why[600];

    form_problems(f, RULES_SUFFIX, buf, sizeof(buf));
    if (buf[0]) {
        /* Two rows (the one under it is free): the problem whole. */
        draw_wrap(y, x, w, 2, DRAW_ERROR, buf);
    } else if (tpl && !tpl->multiple_roles_allowed) {
        draw_put(y, x, w, DRAW_DIM,
                 _("not accepted: the cloud's rules allow only the preset "
                   "name"));
    } else if (f->refused_before) {
        draw_put(y, x, w, DRAW_WARNING,
                 _("the cloud refused a suffix for this service before: "
                   "leave it empty"));
    } else if (st == TPL_FAILED) {
        form_tpl_reason(err, why, sizeof(why));
        snprintf(buf, sizeof(buf), _("the cloud's rules for this service "
                 "could not be read: %s; the suffix will be checked when "
                 "sent"), why);
        /* Two rows: the reason is worth reading whole. */
        draw_wrap(y, x, w, 2, DRAW_WARNING, buf);
    } else if (f->entry->custom_suffix == CATALOG_SUFFIX_REFUSED) {
        draw_put(y, x, w, DRAW_WARNING,
                 _("this service refuses a custom suffix: leave it empty"));
    } else if (tpl) {
        draw_put(y, x, w, DRAW_DIM,
                 _("accepted (the cloud's rules): letters, digits, '.' "
                   "and '-'"));
    } else if (st == TPL_LOADING) {
        draw_put(y, x, w, DRAW_DIM,
                 _("optional: letters, digits, '.', '-'; reading the "
                   "cloud's rules"));
    } else {
        draw_put(y, x, w, DRAW_DIM,
                 _("optional: letters, digits, '.' and '-'"));
    }
}

/* The preset description: the template's in the user's language, else
 * the catalogue's; NULL when neither has one. */
static const char *form_preset(const struct tui *t)
{
    return slr_preset_description(form_template(t), form_of(t)->entry,
                                  t->opts->lang);
}

/* A field the cloud's rules close: greyed, empty, no cursor. */
static void form_field_draw(struct tui *t, int y, int x, int w,
                            struct lineedit *e, enum form_focus which)
{
    struct form *f = form_of(t);
    bool focus = f->focus == which;

    if (!form_focusable(t, which)) {
        draw_fill(y, x, w, DRAW_BUTTON_OFF, "");
        draw_put(y, x, w, DRAW_BUTTON_OFF, _("(not accepted)"));
        return;
    }
    field_draw(y, x, w, e, focus ? DRAW_FIELD_FOCUS : DRAW_FIELD,
               FIELD_FILL | (focus && !t->busy && !f->waiting
                             ? FIELD_CURSOR : 0));
}

/* The labels' columns: the widest label as translated now.  The two
 * fields are named as the API names them (CustomSuffix, Description). */
static int form_label_cols(void)
{
    static const char *const labels[] = {
        N_("Service"), N_("Role name"), N_("Preset"), NULL
    };

    return draw_label_cols(FORM_LABEL_COLS, labels);
}

static void form_draw(struct tui *t, int rows, int cols)
{
    struct form *f = form_of(t);
    const struct catalog_entry *e = f->entry;
    int lw = form_label_cols(), fx = lw + 1, bw;
    int fw = cols - fx - FORM_COUNTER_COLS - 2;
    char buf[1200], name[1100];
    const char *preset = form_preset(t);
    bool valid = f->report.count == 0;
    bool single = form_single(t);
    bool focus;
    int y = 2;

    tui_header(t, cols);
    snprintf(buf, sizeof(buf), _("Create the service-linked role of %s"),
             tui_product(t, e));
    draw_put(y++, 1, cols - 2, DRAW_TITLE, buf);
    draw_field(y++, 1, cols - 2, lw, _("Service"), DRAW_NORMAL,
               e->service_name);
    y++;

    /* CustomSuffix */
    focus = f->focus == FORM_FOCUS_SUFFIX;
    f->focus_row[FORM_FOCUS_SUFFIX] = y;
    draw_put(y, 1, lw,
             focus ? DRAW_TITLE : single ? DRAW_DIM : DRAW_NORMAL,
             "CustomSuffix");
    form_field_draw(t, y, fx, fw, &f->suffix, FORM_FOCUS_SUFFIX);
    snprintf(buf, sizeof(buf), "%zu/%d", f->report.role_name_len,
             RULES_ROLE_NAME_MAX);
    draw_put(y++, fx + fw + 1, FORM_COUNTER_COLS,
             f->report.role_name_len > RULES_ROLE_NAME_MAX ? DRAW_ERROR
                                                           : DRAW_DIM,
             buf);
    form_suffix_hint(t, y, fx, cols - fx - 1);
    y += 2;

    /* Description */
    focus = f->focus == FORM_FOCUS_DESC;
    f->focus_row[FORM_FOCUS_DESC] = y;
    draw_put(y, 1, lw,
             focus ? DRAW_TITLE : single ? DRAW_DIM : DRAW_NORMAL,
             "Description");
    form_field_draw(t, y, fx, fw, &f->desc, FORM_FOCUS_DESC);
    snprintf(buf, sizeof(buf), "%zu/%d", f->report.description_chars,
             RULES_DESCRIPTION_MAX);
    draw_put(y++, fx + fw + 1, FORM_COUNTER_COLS,
             f->report.description_chars > RULES_DESCRIPTION_MAX
                 ? DRAW_ERROR : DRAW_DIM,
             buf);
    form_problems(f, RULES_DESCRIPTION, buf, sizeof(buf));
    if (buf[0])
        draw_wrap(y, fx, cols - fx - 1, 2, DRAW_ERROR, buf);
    else if (single)
        draw_put(y, fx, cols - fx - 1, DRAW_DIM,
                 _("not accepted: only where a custom suffix is allowed"));
    else
        draw_put(y, fx, cols - fx - 1, DRAW_DIM,
                 _("optional: 1-1024 characters; empty keeps the preset"));
    y += 2;

    /* The name the role will get, as typed. */
    form_role_name(f, name, sizeof(name));
    draw_put(y, 1, lw, DRAW_NORMAL, _("Role name"));
    snprintf(buf, sizeof(buf), "%zu/%d", f->report.role_name_len,
             RULES_ROLE_NAME_MAX);
    draw_put(y, fx, fw, valid ? DRAW_OK : DRAW_ERROR, name);
    draw_put(y, fx + fw + 1, FORM_COUNTER_COLS, DRAW_DIM, buf);
    if (valid && form_taken(t, f))
        draw_put(y + 1, fx, cols - fx - 1, DRAW_WARNING,
                 f->confirmed
                     ? _("already in this account: Enter again sends it "
                         "anyway")
                     : _("already in this account: a suffix makes "
                         "another role"));
    y += 2;

    /* The button, and why it cannot be pressed: after it, at least
     * where the English one leaves it. */
    focus = f->focus == FORM_FOCUS_BUTTON;
    f->focus_row[FORM_FOCUS_BUTTON] = y;
    f->button_x = fx;
    f->button_w = (int)text_cols(_("[ Create ]"));
    bw = f->button_w + 3 > 13 ? f->button_w + 3 : 13;
    if (valid && !t->busy && !f->waiting) {
        draw_put(y, fx, bw - 1, focus ? DRAW_BUTTON : DRAW_TITLE,
                 _("[ Create ]"));
        draw_put(y, fx + bw, cols - fx - bw - 1, DRAW_DIM,
                 focus ? _("Enter sends the request") : "");
    } else {
        draw_put(y, fx, bw - 1, DRAW_BUTTON_OFF, _("[ Create ]"));
        if (t->busy) {
            draw_put(y, fx + bw, cols - fx - bw - 1, DRAW_DIM,
                     _("disabled: a request is in flight"));
        } else if (f->waiting) {
            draw_put(y, fx + bw, cols - fx - bw - 1, DRAW_DIM,
                     _("held: waiting for the cloud's rules"));
        } else {
            struct buf why;

            buf_init(&why, sizeof(buf));
            slr_problem_text(&why, &f->report, 0);
            snprintf(buf, sizeof(buf), _("disabled: fix the %s first (%s)"),
                     rules_field_name(f->report.problems[0].field),
                     buf_str(&why));
            buf_free(&why);
            draw_put(y, fx + bw, cols - fx - bw - 1, DRAW_ERROR, buf);
        }
    }
    if (focus && !t->busy && !f->waiting)
        draw_cursor(y, fx + 2);
    y += 2;

    /* The request in flight, or how the last one ended. */
    if (t->busy) {
        long ms = jobs_elapsed_ms(t);

        snprintf(buf, sizeof(buf), _("%s Creating %s ... %ld.%lds  (Esc "
                 "cancels)"), draw_spinner(ms), name, ms / 1000,
                 (ms % 1000) / 100);
        draw_put(y, 1, cols - 2, DRAW_WARNING, buf);
    } else if (f->waiting) {
        draw_put(y, 1, cols - 2, DRAW_WARNING,
                 _("Waiting for the cloud's rules before sending ...  (Esc "
                   "cancels)"));
    } else if (t->status[0]) {
        draw_put(y, 1, cols - 2, t->status_role,
                 tui_status_text(t));
    }
    y += 2;

    /* What an empty Description leaves the role with. */
    if (preset && y < rows - 2) {
        draw_put(y, 1, lw, DRAW_DIM, _("Preset"));
        draw_wrap(y, fx, cols - fx - 1, rows - 2 - y < 3 ? rows - 2 - y : 3,
                  DRAW_DIM, preset);
    }
}

static void form_create_done(struct tui *t, struct tui_job *j)
{
    if (j->rc && j->err.kind == API_ERR_CANCELLED) {
        tui_status(t, DRAW_WARNING, _("Cancelled after %.1fs: nothing more "
                   "will be sent (the cloud may still have made the role; "
                   "'linkrole get %s' tells)"),
                   (double)jobs_elapsed_ms(t) / 1000.0, j->role_name);
        return;
    }
    if (j->rc) {
        /* Remembered, so the form says so next time, in later runs too. */
        if (j->err.kind == API_ERR_CLOUD && j->service &&
            strcmp(j->err.code, "InvalidParameter.CustomSuffix.NotAllowed")
                == 0)
            refusals_add(&t->refusals, j->service);
        error_show_job(t, j);
        return;
    }
    result_show(t, j, j->outcome != SLR_CREATED, NULL, NULL);
}

static char *form_strdup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

/* Sends the form's request in the background. */
static void form_submit(struct tui *t)
{
    struct form *f = form_of(t);
    struct tui_job *j = jobs_new(t, JOB_CREATE, form_create_done);
    char name[1100];

    form_role_name(f, name, sizeof(name));
    if (j) {
        j->service = strdup(f->entry->service_name);
        j->suffix = form_strdup_or_null(f->suffix.text);
        j->description = form_strdup_or_null(f->desc.text);
        j->role_name = strdup(name);
    }
    if (!j || !j->service || !j->role_name ||
        (f->suffix.len && !j->suffix) || (f->desc.len && !j->description)) {
        jobs_free(j);
        tui_say(t, DRAW_ERROR, N_("out of memory"));
        return;
    }
    tui_status_clear(t);
    jobs_start(t, j);
}

static struct lineedit *form_field(struct form *f)
{
    switch (f->focus) {
    case FORM_FOCUS_SUFFIX:
        return &f->suffix;
    case FORM_FOCUS_DESC:
        return &f->desc;
    case FORM_FOCUS_BUTTON:
        break;
    }
    return NULL;
}

/* Create pressed: sent now, or held until the cloud's rules for the
 * service come when a suffix or a description would be judged by them;
 * but first asked once more when the name is taken. */
static void form_press(struct tui *t)
{
    struct form *f = form_of(t);
    enum tpl_state st;

    if (t->busy || f->waiting || f->report.count)
        return;
    /* A name already in the account: asked once more (a second Enter). */
    if (form_taken(t, f) && !f->confirmed) {
        f->confirmed = true;
        return;
    }
    f->confirmed = false;
    st = templates_get(t, f->entry->service_name, NULL, NULL);
    if ((st == TPL_UNKNOWN || st == TPL_LOADING) &&
        (f->suffix.len || f->desc.len)) {
        templates_want(t, f->entry->service_name);
        /* Only while they are on their way (not when they could not
         * even be asked for). */
        if (templates_get(t, f->entry->service_name, NULL, NULL) ==
            TPL_LOADING) {
            tui_status_clear(t);
            f->waiting = true;
            return;
        }
    }
    form_submit(t);
}

void form_rules_arrived(struct tui *t, const char *service)
{
    struct form *f = form_of(t);

    if (!f->entry || strcmp(f->entry->service_name, service) != 0)
        return;
    form_check(t);
    if (!form_focusable(t, f->focus))
        form_move(t, 1);
    if (!f->waiting)
        return;
    f->waiting = false;
    if (t->screen != SCREEN_FORM)
        return;
    if (f->report.count) {
        struct buf why;

        buf_init(&why, 1024);
        slr_problem_text(&why, &f->report, 0);
        tui_status(t, DRAW_ERROR, _("Not sent, by the cloud's rules: %s"),
                   buf_str(&why));
        buf_free(&why);
        return;
    }
    /* Allowed, or the rules could not be read: the cloud judges. */
    form_submit(t);
}

static enum tui_reaction form_click(struct tui *t, const struct tui_input *in)
{
    struct form *f = form_of(t);

    if (t->busy || f->waiting)
        return TUI_NONE;
    for (int i = 0; i < 3; i++)
        if (in->y == f->focus_row[i]) {
            if (!form_focusable(t, (enum form_focus)i))
                return TUI_NONE;
            f->focus = (enum form_focus)i;
            /* A click on an enabled button presses it. */
            if (i == FORM_FOCUS_BUTTON && in->x >= f->button_x &&
                in->x < f->button_x + f->button_w)
                form_press(t);
            return TUI_REDRAW;
        }
    return TUI_NONE;
}

static enum tui_reaction form_handle(struct tui *t, const struct tui_input *in)
{
    struct form *f = form_of(t);
    struct lineedit *e;

    if (!form_focusable(t, f->focus))
        form_move(t, 1);
    e = form_field(f);
    switch (in->action) {
    case TUI_ACT_CANCEL:
        jobs_cancel(t);
        return TUI_REDRAW;
    case TUI_ACT_BACK:
        if (f->waiting) {
            /* Esc stops the wait; what was typed stays. */
            f->waiting = false;
            tui_say(t, DRAW_WARNING, N_("Not sent: cancelled while "
                       "waiting for the cloud's rules"));
            return TUI_REDRAW;
        }
        return t->busy ? TUI_NONE : TUI_BACK;
    case TUI_ACT_NEXT:
    case TUI_ACT_DOWN:
        form_move(t, 1);
        return TUI_REDRAW;
    case TUI_ACT_PREV:
    case TUI_ACT_UP:
        form_move(t, 2);
        return TUI_REDRAW;
    case TUI_ACT_CLICK:
        return form_click(t, in);
    case TUI_ACT_OPEN:
        if (f->focus != FORM_FOCUS_BUTTON)
            form_move(t, 1);
        else
            form_press(t);
        return TUI_REDRAW;
    default:
        break;
    }
    if (!e || t->busy || f->waiting || !field_edit(e, in))
        return TUI_NONE;
    tui_status_clear(t);
    form_check(t);
    /* A field the rules close, cleared: it takes no more text. */
    if (!form_focusable(t, f->focus))
        form_move(t, 1);
    return TUI_REDRAW;
}

static bool form_takes_text(const struct tui *t)
{
    const struct form *f = form_of(t);

    return !t->busy && !f->waiting && f->focus != FORM_FOCUS_BUTTON &&
           form_focusable(t, f->focus);
}

static int form_init(struct tui *t)
{
    struct form *f = form_of(t);

    if (lineedit_init(&f->suffix, FORM_SUFFIX_MAX) ||
        lineedit_init(&f->desc, FORM_DESC_MAX))
        return -1;
    return 0;
}

static void form_done(struct tui *t)
{
    struct form *f = form_of(t);

    lineedit_free(&f->suffix);
    lineedit_free(&f->desc);
}

const struct screen form_screen = {
    .id = SCREEN_FORM,
    .name = "form",
    .state_size = sizeof(struct form),
    .init = form_init,
    .done = form_done,
    .draw = form_draw,
    .handle = form_handle,
    .takes_text = form_takes_text,
    .back = SCREEN_PICKER,
};
