/* form — CustomSuffix and Description, checked on every keystroke, with
 * a live preview of the role name and a Create button that says why it
 * is disabled. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "app/i18n.h"
#include "core/text.h"
#include "tui/app.h"

#define FORM_LABEL_COLS 14
#define FORM_COUNTER_COLS 11
/* Bytes: enough for 1024 four-byte characters and then some, so the
 * rules can say "too long" rather than the field going deaf. */
#define FORM_DESC_MAX 8192
#define FORM_SUFFIX_MAX 512
#define FORM_PATH_MAX 4096

void form_role_name(const struct app *a, char *out, size_t size)
{
    if (slr_role_name(out, size, a->entry, a->suffix.text))
        snprintf(out, size, "?");
}

void form_check(struct app *a)
{
    slr_check(a->entry, a->suffix.text, a->desc.text, &a->refusals,
              &a->report, &a->refused_before);
}

void form_open(struct app *a, const struct catalog_entry *e)
{
    a->entry = e;
    lineedit_set(&a->suffix, "");
    lineedit_set(&a->desc, "");
    a->focus = APP_FOCUS_SUFFIX;
    a->status[0] = '\0';
    a->screen = APP_FORM;
    form_check(a);
}

/* The problems of one field, joined, or "" when it has none. */
static void form_problems(const struct app *a, enum rules_field f,
                          char *out, size_t size)
{
    struct buf text;

    buf_init(&text, size - 1);
    for (size_t i = 0; i < a->report.count; i++) {
        if (a->report.problems[i].field != f)
            continue;
        if (buf_len(&text) && buf_adds(&text, "; ") != BUF_OK)
            break;
        if (slr_problem_text(&text, &a->report, i))
            break;
    }
    snprintf(out, size, "%s", buf_str(&text));
    buf_free(&text);
}

void form_draw(struct app *a, int rows, int cols)
{
    const struct catalog_entry *e = a->entry;
    int fx = FORM_LABEL_COLS + 1;
    int fw = cols - fx - FORM_COUNTER_COLS - 2;
    char buf[1200], name[1100];
    bool valid = a->report.count == 0;
    int y = 2;

    app_header(a, cols);
    snprintf(buf, sizeof(buf), _("Create the service-linked role of %s"),
             app_product(a, e));
    draw_put(y++, 1, cols - 2, DRAW_TITLE, buf);
    draw_field(y++, 1, cols - 2, FORM_LABEL_COLS, _("Service"), DRAW_NORMAL,
             e->service_name);
    y++;

    /* CustomSuffix */
    a->focus_row[APP_FOCUS_SUFFIX] = y;
    draw_put(y, 1, FORM_LABEL_COLS, a->focus == APP_FOCUS_SUFFIX ? DRAW_TITLE
                                                              : DRAW_NORMAL,
           "CustomSuffix");
    form_edit_field(a, y, fx, fw, &a->suffix, a->focus == APP_FOCUS_SUFFIX);
    snprintf(buf, sizeof(buf), "%zu/%d", a->report.role_name_len,
             RULES_ROLE_NAME_MAX);
    draw_put(y++, fx + fw + 1, FORM_COUNTER_COLS,
           a->report.role_name_len > RULES_ROLE_NAME_MAX ? DRAW_ERROR : DRAW_DIM,
           buf);
    form_problems(a, RULES_SUFFIX, buf, sizeof(buf));
    if (buf[0])
        draw_put(y, fx, cols - fx - 1, DRAW_ERROR, buf);
    else if (a->refused_before)
        draw_put(y, fx, cols - fx - 1, DRAW_WARNING,
               _("the cloud refused a suffix for this service before: "
                 "leave it empty"));
    else if (e->custom_suffix == CATALOG_SUFFIX_REFUSED)
        draw_put(y, fx, cols - fx - 1, DRAW_WARNING,
               _("this service refuses a custom suffix: leave it empty"));
    else
        draw_put(y, fx, cols - fx - 1, DRAW_DIM,
               _("optional: letters, digits, '.' and '-'"));
    y += 2;

    /* Description */
    a->focus_row[APP_FOCUS_DESC] = y;
    draw_put(y, 1, FORM_LABEL_COLS, a->focus == APP_FOCUS_DESC ? DRAW_TITLE
                                                            : DRAW_NORMAL,
           "Description");
    form_edit_field(a, y, fx, fw, &a->desc, a->focus == APP_FOCUS_DESC);
    snprintf(buf, sizeof(buf), "%zu/%d", a->report.description_chars,
             RULES_DESCRIPTION_MAX);
    draw_put(y++, fx + fw + 1, FORM_COUNTER_COLS,
           a->report.description_chars > RULES_DESCRIPTION_MAX ? DRAW_ERROR
                                                               : DRAW_DIM,
           buf);
    form_problems(a, RULES_DESCRIPTION, buf, sizeof(buf));
    if (buf[0])
        draw_put(y, fx, cols - fx - 1, DRAW_ERROR, buf);
    else
        draw_put(y, fx, cols - fx - 1, DRAW_DIM,
               _("optional: 1-1024 characters; empty keeps the preset"));
    y += 2;

    /* The name the role will get, as typed. */
    form_role_name(a, name, sizeof(name));
    draw_put(y, 1, FORM_LABEL_COLS, DRAW_NORMAL, _("Role name"));
    snprintf(buf, sizeof(buf), "%zu/%d", a->report.role_name_len,
             RULES_ROLE_NAME_MAX);
    draw_put(y, fx, fw, valid ? DRAW_OK : DRAW_ERROR, name);
    draw_put(y, fx + fw + 1, FORM_COUNTER_COLS, DRAW_DIM, buf);
    y += 2;

    /* The button, and why it cannot be pressed. */
    a->focus_row[APP_FOCUS_BUTTON] = y;
    if (valid && !a->busy) {
        draw_put(y, fx, 12, a->focus == APP_FOCUS_BUTTON ? DRAW_BUTTON
                                                       : DRAW_TITLE,
               _("[ Create ]"));
        draw_put(y, fx + 13, cols - fx - 14, DRAW_DIM,
               a->focus == APP_FOCUS_BUTTON ? _("Enter sends the request")
                                            : "");
    } else {
        draw_put(y, fx, 12, DRAW_BUTTON_OFF, _("[ Create ]"));
        if (a->busy) {
            draw_put(y, fx + 13, cols - fx - 14, DRAW_DIM,
                   _("disabled: a request is in flight"));
        } else {
            struct buf why;

            buf_init(&why, sizeof(buf));
            slr_problem_text(&why, &a->report, 0);
            snprintf(buf, sizeof(buf), _("disabled: fix the %s first (%s)"),
                     rules_field_name(a->report.problems[0].field),
                     buf_str(&why));
            buf_free(&why);
            draw_put(y, fx + 13, cols - fx - 14, DRAW_ERROR, buf);
        }
    }
    if (a->focus == APP_FOCUS_BUTTON && !a->busy)
        draw_cursor(y, fx + 2);
    y += 2;

    /* The request in flight, or how the last one ended. */
    if (a->busy) {
        long ms = app_elapsed_ms(a);

        snprintf(buf, sizeof(buf), _("%s Creating %s ... %ld.%lds  (Esc "
                 "cancels)"), draw_spinner(ms), name, ms / 1000,
                 (ms % 1000) / 100);
        draw_put(y, 1, cols - 2, DRAW_WARNING, buf);
    } else if (a->status[0]) {
        draw_put(y, 1, cols - 2, a->status_role, a->status);
    }
    (void)rows;
    widgets_footer(a->busy ? KEYS_SCR_FORM | KEYS_SCR_BUSY : KEYS_SCR_FORM, rows, cols);
}

static struct lineedit *form_field(struct app *a)
{
    switch (a->focus) {
    case APP_FOCUS_SUFFIX:
        return &a->suffix;
    case APP_FOCUS_DESC:
        return &a->desc;
    case APP_FOCUS_BUTTON:
        break;
    }
    return NULL;
}

bool form_edit_text(struct lineedit *e, const struct tui_input *in)
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

void form_edit_field(struct app *a, int y, int x, int w,
                     const struct lineedit *e, bool focus)
{
    size_t start = lineedit_scroll(e, (size_t)(w - 1));

    draw_fill(y, x, w, focus ? DRAW_FIELD_FOCUS : DRAW_FIELD,
                e->text + start);
    if (focus && !a->busy)
        draw_cursor(y, x + (int)(lineedit_cursor_cols(e) -
                               text_ncols(e->text, start)));
}

void form_handle(struct app *a, const struct tui_input *in)
{
    struct lineedit *e = form_field(a);

    switch (in->action) {
    case TUI_ACT_QUIT:
        a->quit = true;
        return;
    case TUI_ACT_CANCEL:
        app_cancel(a);
        return;
    case TUI_ACT_BACK:
        if (!a->busy)
            app_back_to_picker(a);
        return;
    case TUI_ACT_NEXT:
    case TUI_ACT_DOWN:
        a->focus = (enum app_form_focus)((a->focus + 1) % 3);
        return;
    case TUI_ACT_PREV:
    case TUI_ACT_UP:
        a->focus = (enum app_form_focus)((a->focus + 2) % 3);
        return;
    case TUI_ACT_CLICK:
        for (int f = 0; f < 3; f++)
            if (in->y == a->focus_row[f] && !a->busy) {
                a->focus = (enum app_form_focus)f;
                /* A click on an enabled button presses it. */
                if (f == APP_FOCUS_BUTTON && a->report.count == 0 &&
                    in->x >= FORM_LABEL_COLS + 1 &&
                    in->x < FORM_LABEL_COLS + 1 + 10)
                    app_submit(a);
            }
        return;
    case TUI_ACT_OPEN:
        if (a->focus != APP_FOCUS_BUTTON)
            a->focus = (enum app_form_focus)(a->focus + 1);
        else if (!a->busy && a->report.count == 0)
            app_submit(a);
        return;
    default:
        break;
    }
    if (e && !a->busy && form_edit_text(e, in)) {
        a->status[0] = '\0';
        form_check(a);
    }
}

int form_init(struct app *a)
{
    if (lineedit_init(&a->path, FORM_PATH_MAX))
        return -1;
    if (lineedit_init(&a->suffix, FORM_SUFFIX_MAX))
        return -1;
    if (lineedit_init(&a->desc, FORM_DESC_MAX)) {
        lineedit_free(&a->suffix);
        return -1;
    }
    return 0;
}

void form_free(struct app *a)
{
    lineedit_free(&a->path);
    lineedit_free(&a->suffix);
    lineedit_free(&a->desc);
}
