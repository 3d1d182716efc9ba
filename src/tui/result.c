/* result — the role that was made (or found), the error pane, and the
 * no-credentials screen. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/i18n.h"
#include "core/text.h"
#include "tui/app.h"

#define RESULT_LABEL_COLS 21

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

static void result_json_line(const struct jsonview_line *l, int y, int x,
                             int w)
{
    int used = 0;

    for (size_t i = 0; i < l->ntokens && used < w; i++) {
        const struct jsonview_token *t = &l->tokens[i];
        char *tok = strndup(l->text + t->start, t->len);

        if (!tok)
            return;
        used += draw_put(y, x + used, w - used, result_token_role(t->style),
                       tok);
        free(tok);
    }
}

/* Clamps the scroll of a view of total lines in height rows. */
static size_t result_clamp(size_t *scroll, size_t total, int height)
{
    size_t max = total > (size_t)height ? total - (size_t)height : 0;

    if (*scroll > max)
        *scroll = max;
    return max;
}

/* Lines of text (a view of several), from the scroll position. */
static size_t result_text_lines(const char *text, size_t scroll, int y,
                                int x, int w, int height, enum draw_role role)
{
    size_t line = 0;
    const char *p = text;

    while (*p) {
        size_t n = strcspn(p, "\n");

        if (line >= scroll && line < scroll + (size_t)height) {
            char *s = strndup(p, n);

            if (s) {
                draw_put(y + (int)(line - scroll), x, w, role, s);
                free(s);
            }
        }
        line++;
        p += n + (p[n] == '\n');
    }
    return line;
}

void result_draw(struct app *a, int rows, int cols)
{
    const struct api_role *r = &a->role.role;
    char buf[1024];
    int y = 1, lw = RESULT_LABEL_COLS, w = cols - 2, height;
    size_t total;

    app_header(a, cols);
    if (a->banner[0]) {
        snprintf(buf, sizeof(buf), " %s", a->banner);
        draw_fill(y++, 0, cols, a->existed ? DRAW_BADGE : DRAW_OK, buf);
    } else if (a->existed) {
        snprintf(buf, sizeof(buf), " %s",
                 _("Already exists: nothing was changed; this is the "
                   "existing role (GetRole)"));
        draw_fill(y++, 0, cols, DRAW_BADGE, buf);
    } else {
        snprintf(buf, sizeof(buf), _(" Created %s"),
                 r->role_name ? r->role_name : _("the role"));
        draw_fill(y++, 0, cols, DRAW_OK, buf);
    }
    y++;
    draw_field(y++, 1, w, lw, "RoleName", DRAW_TITLE, r->role_name);
    /* Long values wrap rather than lose their ends. */
    draw_put(y, 1, lw, DRAW_DIM, "Arn");
    y += draw_wrap(y, 1 + lw, w - lw, 2, DRAW_NORMAL, r->arn ? r->arn : "-");
    draw_field(y++, 1, w, lw, "RoleId", DRAW_NORMAL, r->role_id);
    draw_put(y, 1, lw, DRAW_DIM, "RolePrincipalName");
    y += draw_wrap(y, 1 + lw, w - lw, 2, DRAW_NORMAL,
                 r->role_principal_name ? r->role_principal_name : "-");
    slr_date_text(buf, sizeof(buf), r->create_date);
    draw_field(y++, 1, w, lw, "CreateDate", DRAW_NORMAL, buf);
    draw_field(y++, 1, w, lw, "IsServiceLinkedRole", DRAW_NORMAL,
             r->is_service_linked ? "true" : "false");
    draw_field(y++, 1, w, lw, "RequestId", DRAW_DIM,
             a->role.r.request_id ? a->role.r.request_id : "-");
    y++;
    {
        struct buf sentence;

        buf_init(&sentence, sizeof(buf));
        slr_trust_sentence(&sentence, &r->trust);
        draw_put(y++, 1, w, DRAW_OK, buf_str(&sentence));
        buf_free(&sentence);
    }
    /* The last rows: a status line, or the save prompt. */
    height = rows - 2 - (y + 1);
    if (a->show_equiv) {
        total = result_text_lines(buf_str(&a->equiv), 0, 0, 0, 0, 0,
                                  DRAW_NORMAL);
        result_clamp(&a->scroll, total, height);
        draw_put(y++, 1, w, DRAW_TITLE, _("The same role, made by other tools "
                                      "(t: back to the trust policy)"));
        result_text_lines(buf_str(&a->equiv), a->scroll, y, 3, w - 2, height,
                          DRAW_JSON_STRING);
    } else {
        total = a->have_json ? a->json.nlines : 0;
        result_clamp(&a->scroll, total, height);
        if (total > (size_t)height)
            snprintf(buf, sizeof(buf), _("Trust policy (lines %zu-%zu of %zu)"),
                     a->scroll + 1, a->scroll + (size_t)height, total);
        else
            snprintf(buf, sizeof(buf), "%s", _("Trust policy"));
        draw_put(y++, 1, w, DRAW_TITLE, buf);
        for (int i = 0; i < height && a->scroll + (size_t)i < total; i++)
            result_json_line(&a->json.lines[a->scroll + (size_t)i], y + i, 3,
                             w - 2);
        if (!a->have_json)
            draw_wrap(y, 3, w - 2, height, DRAW_NORMAL,
                    r->policy_document ? r->policy_document : _("(none)"));
    }
    if (a->prompt) {
        int x = draw_put(rows - 2, 1, w, DRAW_TITLE, _("Save the response to: "));

        form_edit_field(a, rows - 2, 1 + x, w - x, &a->path, true);
        widgets_footer(KEYS_SCR_PROMPT, rows, cols);
        return;
    }
    if (a->status[0])
        draw_put(rows - 2, 1, w, a->status_role, a->status);
    widgets_footer(KEYS_SCR_RESULT, rows, cols);
}

static void result_scroll(struct app *a, const struct tui_input *in)
{
    size_t page = a->rows > 20 ? (size_t)a->rows - 18 : 1;

    switch (in->action) {
    case TUI_ACT_UP:
        if (a->scroll > 0)
            a->scroll--;
        break;
    case TUI_ACT_DOWN:
        a->scroll++;
        break;
    case TUI_ACT_PAGE_UP:
        a->scroll = a->scroll > page ? a->scroll - page : 0;
        break;
    case TUI_ACT_PAGE_DOWN:
        a->scroll += page;
        break;
    case TUI_ACT_HOME:
        a->scroll = 0;
        break;
    case TUI_ACT_END:
        a->scroll = (size_t)-1 / 2;
        break;
    default:
        break;
    }
}

/* Writes the response as received; never over an existing file. */
static void result_save(struct app *a)
{
    const char *home = getenv("HOME"), *path = a->path.text;
    const char *body = a->role.r.response;
    char full[4200];
    FILE *f = NULL;
    int fd;

    if (!path[0])
        return;
    if (strncmp(path, "~/", 2) == 0 && home) {
        snprintf(full, sizeof(full), "%s/%s", home, path + 2);
        path = full;
    }
    a->status_role = DRAW_ERROR;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 || !(f = fdopen(fd, "w"))) {
        snprintf(a->status, sizeof(a->status), _("cannot write %.160s: %s"),
                 path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return;
    }
    fprintf(f, "%s\n", body ? body : "{}");
    if (fclose(f)) {
        snprintf(a->status, sizeof(a->status), _("cannot write %.160s: %s"),
                 path, strerror(errno));
        return;
    }
    snprintf(a->status, sizeof(a->status), _("Saved the response to %.200s"),
             path);
    a->status_role = DRAW_OK;
    a->prompt = false;
}

static void result_prompt(struct app *a, const struct tui_input *in)
{
    switch (in->action) {
    case TUI_ACT_QUIT:
        a->quit = true;
        break;
    case TUI_ACT_BACK:
        a->prompt = false;
        a->status[0] = '\0';
        break;
    case TUI_ACT_OPEN:
        result_save(a);
        break;
    default:
        form_edit_text(&a->path, in);
        break;
    }
}

void result_handle(struct app *a, const struct tui_input *in)
{
    char name[300];

    if (a->prompt) {
        result_prompt(a, in);
        return;
    }
    switch (in->action) {
    case TUI_ACT_QUIT:
        a->quit = true;
        break;
    case TUI_ACT_BACK:
        app_back_to_picker(a);
        break;
    case TUI_ACT_EQUIV:
        a->show_equiv = !a->show_equiv;
        a->scroll = 0;
        break;
    case TUI_ACT_SAVE:
        snprintf(name, sizeof(name), "%s.json",
                 a->role.role.role_name ? a->role.role.role_name : "role");
        lineedit_set(&a->path, name);
        a->prompt = true;
        a->status[0] = '\0';
        break;
    case TUI_ACT_COPY:
        if (a->role.role.arn && draw_osc52(a->role.role.arn) == 0) {
            snprintf(a->status, sizeof(a->status), "%s",
                     _("Copied the ARN to the clipboard (OSC 52: the "
                       "terminal must allow it)"));
            a->status_role = DRAW_OK;
        } else {
            snprintf(a->status, sizeof(a->status), "%s",
                     _("Could not copy the ARN"));
            a->status_role = DRAW_ERROR;
        }
        break;
    default:
        result_scroll(a, in);
        break;
    }
}

/* --- the error pane ---------------------------------------------------- */

void error_draw(struct app *a, int rows, int cols)
{
    const struct api_error *e = &a->error.e;
    char buf[1200];
    int y = 1, lw = 12, w = cols - 2, height;
    size_t total = 0, lines = 0;
    const char *p;

    app_header(a, cols);
    snprintf(buf, sizeof(buf), " %s %s",
             e->action[0] ? e->action : _("The request"), explain_title(e));
    draw_fill(y++, 0, cols, DRAW_ERROR, buf);
    y++;
    if (e->kind == API_ERR_CLOUD) {
        draw_field(y++, 1, w, lw, "Code", DRAW_ERROR, e->code);
        if (e->http_status) {
            snprintf(buf, sizeof(buf), "%ld", e->http_status);
            draw_field(y++, 1, w, lw, _("HTTP status"), DRAW_NORMAL, buf);
        }
    }
    /* Made safe on the worker thread (app.c), beside the secrets. */
    p = buf_str(&a->error.message);
    draw_put(y, 1, lw, DRAW_DIM, e->kind == API_ERR_CLOUD ? _("Message")
                                                      : _("Detail"));
    y += draw_wrap(y, 1 + lw, w - lw, 3, DRAW_NORMAL, p[0] ? p : "-");
    draw_field(y++, 1, w, lw, "RequestId", DRAW_DIM,
             e->request_id[0] ? e->request_id : "-");
    if (buf_len(&a->error.hint)) {
        draw_put(y, 1, lw, DRAW_DIM, _("Hint"));
        y += draw_wrap(y, 1 + lw, w - lw, 4, DRAW_WARNING,
                     buf_str(&a->error.hint));
    }
    if (strcmp(e->code, "InvalidParameter.CustomSuffix.NotAllowed") == 0) {
        char path[4300];

        refusals_path(path, sizeof(path));
        if (path[0])
            snprintf(buf, sizeof(buf), _("Remembered in %.900s: the form "
                                         "will say so for this service "
                                         "next time."), path);
        else
            snprintf(buf, sizeof(buf), "%s", _("Remembered: the form will "
                                               "say so for this service "
                                               "next time."));
        y += draw_wrap(y, 1 + lw, w - lw, 2, DRAW_DIM, buf);
    }
    if (!buf_len(&a->error.policy)) {
        widgets_footer(KEYS_SCR_ERROR, rows, cols);
        return;
    }
    y++;
    for (p = buf_str(&a->error.policy); *p; p++)
        total += *p == '\n';
    height = rows - 1 - (y + 1);
    result_clamp(&a->scroll, total, height);
    draw_put(y++, 1, w, DRAW_TITLE, _("A RAM policy that allows it (attach it "
                                  "to this user, or ask an administrator):"));
    for (p = buf_str(&a->error.policy); *p && lines < a->scroll + (size_t)height;
         lines++) {
        size_t n = strcspn(p, "\n");

        if (lines >= a->scroll) {
            char *line = strndup(p, n);

            if (!line)
                break;
            draw_put(y++, 3, w - 2, DRAW_JSON_STRING, line);
            free(line);
        }
        p += n + (p[n] == '\n');
    }
    widgets_footer(KEYS_SCR_ERROR, rows, cols);
}

void error_handle(struct app *a, const struct tui_input *in)
{
    result_handle(a, in);
}

void nocreds_draw(struct app *a, int rows, int cols)
{
    int y = 2;

    (void)rows;
    app_header(a, cols);
    draw_put(y++, 2, cols - 4, DRAW_ERROR, _("No credentials found."));
    y++;
    if (a->nocreds[0])
        y += draw_wrap(y, 2, cols - 4, 6, DRAW_NORMAL, a->nocreds) + 1;
    y += draw_wrap(y, 2, cols - 4, 6, DRAW_NORMAL,
                 _("linkrole looks for them as the aliyun CLI does: "
                   "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                   "ALIBABA_CLOUD_ACCESS_KEY_SECRET, an aliyun CLI profile "
                   "(--profile), ~/.alibabacloud/credentials, or an ECS "
                   "instance's role.")) + 1;
    draw_put(y++, 2, cols - 4, DRAW_TITLE,
           _("Press d for demo mode (a simulated account in this process), "
             "q to quit."));
    widgets_footer(KEYS_SCR_NOCREDS, rows, cols);
}
