/* state — what every screen shares (see state.h). */
#include "config.h"

#include "tui/state.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/exit.h"
#include "app/explain.h"
#include "app/i18n.h"
#include "app/identity.h"
#include "app/report.h"
#include "app/scrub.h"
#include "app/slr.h"
#include "core/text.h"
#include "tui/jobs.h"
#include "tui/templates.h"

/* Long enough to see the progress line, short enough not to bore. */
#define TUI_DEMO_DELAY_MS 600

int tui_init(struct tui *t, struct options *o)
{
    memset(t, 0, sizeof(*t));
    t->opts = o;
    t->screen = SCREEN_NOCREDS;
    return screens_init(t);
}

static void tui_existing_free(struct tui *t)
{
    for (size_t i = 0; i < t->nexisting; i++)
        free(t->existing[i]);
    free(t->existing);
    t->existing = NULL;
    t->nexisting = 0;
}

void tui_free(struct tui *t)
{
    jobs_close(t);
    problems_free(t);
    tui_existing_free(t);
    slr_role_list_free(&t->roles);
    refusals_free(&t->refusals);
    templates_free(t);
    api_identity_free(&t->id);
    screens_done(t);
    if (t->have_session)
        session_close(&t->session);
    t->have_session = false;
}

static void tui_warn_line(void *ctx, const char *line)
{
    (void)ctx;
    report_error(_("warning: %s"), line);
}

/* No log hook: nothing may write to the terminal while curses draws. */
int tui_open_session(struct tui *t)
{
    struct session_hooks hooks = { NULL, tui_warn_line, NULL };
    struct buf msg;
    int rc;

    if (t->opts->demo && !getenv("LINKROLE_TUI_SCRIPT") &&
        !t->opts->demo_delay_ms)
        t->opts->demo_delay_ms = TUI_DEMO_DELAY_MS;
    buf_init(&msg, 4096);
    rc = session_open(&t->session, t->opts, true, &hooks, &msg);
    if (rc == SESSION_DRY_RUN_ONLY) {
        /* --dry-run with credentials that must be fetched: the request
         * that would fetch them is all there is to show. */
        struct buf safe;

        buf_init(&safe, 2u << 20);
        if (scrub_text(&safe, buf_str(&t->session.dry_run)) == 0)
            fputs(buf_str(&safe), stdout);
        buf_free(&safe);
        session_close(&t->session);
        report_error("%s", buf_str(&msg));
    } else if (rc != EXIT_DONE) {
        report_error("%s", buf_str(&msg));
    } else {
        t->have_session = true;
    }
    buf_free(&msg);
    return rc;
}

static void tui_identity_done(struct tui *t, struct tui_job *j)
{

    /* A retry cancelled leaves what was known as it was. */
    if (j->rc && j->err.kind == API_ERR_CANCELLED)
        return;
    t->id_state = j->rc ? TUI_ID_FAILED : TUI_ID_OK;
    if (j->rc) {
        problems_set(t, TUI_PROBLEM_IDENTITY, j);
        return;
    }
    problems_clear(t, TUI_PROBLEM_IDENTITY);
    snprintf(t->account, sizeof(t->account), "%s",
             j->id.account_id ? j->id.account_id : "?");
    api_identity_free(&t->id);
    t->id = j->id;
    memset(&j->id, 0, sizeof(j->id));
}

/* Why the last ListRoles failed, in the language of now. */
static void tui_roles_problem(struct tui *t, const struct api_error *e)
{
    struct explanation x;

    explain_init(&x);
    explain_error(&x, e, NULL, NULL);
    snprintf(t->roles_problem, sizeof(t->roles_problem), "%s",
             buf_str(&x.line));
    explain_free(&x);
}

static void tui_list_done(struct tui *t, struct tui_job *j)
{
    t->roles_loading = false;
    if (j->rc && j->err.kind == API_ERR_CANCELLED)
        return;
    if (j->rc) {
        problems_set(t, TUI_PROBLEM_LIST, j);
        tui_roles_problem(t, &j->err);
        return;
    }
    problems_clear(t, TUI_PROBLEM_LIST);
    t->roles_problem[0] = '\0';
    slr_role_list_free(&t->roles);
    t->roles = j->list;
    memset(&j->list, 0, sizeof(j->list));
    t->have_roles = true;
    t->roles_stale = false;
    t->roles_gen++;
    tui_existing_free(t);
    t->existing = j->names;
    t->nexisting = j->nnames;
    t->have_existing = true;
    j->names = NULL;
    j->nnames = 0;
}

int tui_start(struct tui *t)
{
    struct tui_job *j;

    if (!t->have_session && tui_open_session(t) != EXIT_DONE)
        return -1;
    if (jobs_open(t) || picker_load(t))
        return -1;
    refusals_load(&t->refusals);
    screens_show(t, SCREEN_PICKER);
    t->id_state = TUI_ID_LOADING;
    if (!(j = jobs_new(t, JOB_IDENTITY, tui_identity_done)))
        return -1;
    jobs_queue(t, j);
    tui_roles_fetch(t);
    if (!t->roles_loading)
        return -1;
    /* Also when the demo was chosen on the way (no credentials). */
    if (t->start_roles)
        roles_open(t);
    return 0;
}

void tui_roles_fetch(struct tui *t)
{
    struct tui_job *j;

    if (t->roles_loading || !t->worker)
        return;
    if (!(j = jobs_new(t, JOB_LIST, tui_list_done)))
        return;
    t->roles_loading = true;
    jobs_queue(t, j);
}

const char *tui_product(const struct tui *t, const struct catalog_entry *e)
{
    return slr_product(e, t->opts->lang);
}

/* Draws s in at most w columns, its end cut with "..." when it does not
 * fit.  Returns the columns drawn. */
static int tui_header_put(int x, int w, enum draw_role role, const char *s)
{
    char cut[512];
    size_t n;

    if (w <= 0)
        return 0;
    if ((int)text_cols(s) <= w)
        return draw_put(0, x, w, role, s);
    n = w > 3 ? text_fit(s, (size_t)w - 3, NULL) : 0;
    if (n >= sizeof(cut) - 4)
        n = sizeof(cut) - 4;
    snprintf(cut, sizeof(cut), "%.*s%s", (int)n, s, w > 3 ? "..." : "");
    return draw_put(0, x, w, role, cut);
}

/* " linkrole  account N, user NAME  ! ListRoles: ...  | env  region R ":
 * when the row is short, the region goes first, then the source; who
 * is cut before the problem is, which is the point of showing it. */
void tui_header(const struct tui *t, int cols)
{
    char left[512], right[128];
    struct buf problem, who;
    int x = 0, rw, lw, pw = 0, avail, keep;
    bool have_problem;

    draw_fill(0, 0, cols, DRAW_HEADER, "");
    x += draw_put(0, x, cols, DRAW_HEADER, " linkrole ");
    if (t->opts->demo) {
        x += draw_put(0, x, cols - x, DRAW_BADGE, _(" DEMO "));
        x++;
    }
    switch (t->id_state) {
    case TUI_ID_OK:
        buf_init(&who, 159);
        identity_words(&who, &t->id);
        if (buf_len(&who))
            snprintf(left, sizeof(left), _("account %s, %s"), t->account,
                     buf_str(&who));
        else
            snprintf(left, sizeof(left), _("account %s"), t->account);
        buf_free(&who);
        break;
    case TUI_ID_FAILED:
        snprintf(left, sizeof(left), "%s", _("account unknown"));
        break;
    case TUI_ID_LOADING:
        snprintf(left, sizeof(left), "%s", _("account ..."));
        break;
    }
    if (!t->have_session)
        snprintf(left, sizeof(left), "%s", _("no credentials"));
    buf_init(&problem, 400);
    have_problem = problems_brief(t, &problem);
    if (have_problem)
        pw = (int)text_cols(buf_str(&problem)) + 1;
    snprintf(right, sizeof(right), _(" region %s "),
             t->have_session && t->session.region ? t->session.region : "-");
    rw = (int)text_cols(right);
    lw = (int)text_cols(left);
    /* The region gives way to who and the problem. */
    if (x + lw + pw + rw > cols && have_problem)
        rw = 0;
    avail = cols - x - rw;
    /* The problem gives way to the account number, never cut; when
     * both do not fit, the words around the number go first. */
    keep = t->id_state == TUI_ID_OK && t->have_session
               ? (int)text_cols(t->account) : lw;
    if (pw > avail - keep)
        pw = avail - keep > 0 ? avail - keep : 0;
    if (have_problem && keep < lw && lw > avail - pw) {
        snprintf(left, sizeof(left), _("account %s"), t->account);
        if ((int)text_cols(left) > avail - pw)
            snprintf(left, sizeof(left), "%s", t->account);
    }
    x += tui_header_put(x, avail - pw, DRAW_HEADER, left);
    if (have_problem && pw > 2) {
        x += draw_put(0, x, 1, DRAW_HEADER, " ");
        x += tui_header_put(x, pw - 1, DRAW_WARNING, buf_str(&problem));
    }
    buf_free(&problem);
    /* The source only when a word of it fits. */
    if (t->have_session && x + 3 + 6 < cols - rw) {
        x += draw_put(0, x, cols - x - rw, DRAW_HEADER, " | ");
        draw_put(0, x, cols - x - rw - 1, DRAW_HEADER,
                 session_source(&t->session));
    }
    if (rw)
        draw_put(0, cols - rw, rw, DRAW_HEADER, right);
}

void tui_existing_add(struct tui *t, const char *name)
{
    char **grown;

    if (!name || !t->have_existing)
        return;
    for (size_t i = 0; i < t->nexisting; i++)
        if (strcasecmp(t->existing[i], name) == 0)
            return;
    grown = realloc(t->existing, (t->nexisting + 1) * sizeof(*grown));
    if (!grown)
        return;
    t->existing = grown;
    if ((t->existing[t->nexisting] = strdup(name)))
        t->nexisting++;
}

bool tui_role_exists(const struct tui *t, const char *name)
{
    for (size_t i = 0; name && i < t->nexisting; i++)
        if (strcasecmp(t->existing[i], name) == 0)
            return true;
    return false;
}

void tui_existing_remove(struct tui *t, const char *name)
{
    for (size_t i = 0; name && i < t->nexisting; i++)
        if (strcasecmp(t->existing[i], name) == 0) {
            free(t->existing[i]);
            t->existing[i] = t->existing[--t->nexisting];
            return;
        }
}

const char *tui_existing(const struct tui *t, const struct catalog_entry *e)
{
    for (size_t i = 0; i < t->nexisting; i++)
        if (slr_role_is_of(e, t->existing[i]))
            return t->existing[i];
    return NULL;
}

void tui_lang_next(struct tui *t)
{
    enum lang next = t->opts->lang == LANG_EN      ? LANG_ZH_CN
                     : t->opts->lang == LANG_ZH_CN ? LANG_ZH_TW
                                                   : LANG_EN;

    /* Messages, and the catalogue's product names and descriptions. */
    i18n_use(next);
    t->opts->lang = next;
    if (t->problems.failed[TUI_PROBLEM_LIST] && t->roles_problem[0])
        tui_roles_problem(t, &t->problems.failed[TUI_PROBLEM_LIST]->err);
    /* A status line said with tui_say is worded again when drawn; one
     * made whole in the language before (from values gone since) gives
     * way to saying which language this is. */
    if (!t->status_msgid)
        /* TRANSLATORS: shown when the user switches to this
         * translation's language: name the language of the translation
         * (e.g. 简体中文). */
        tui_say(t, DRAW_OK, N_("Language: English"));
}

void tui_status(struct tui *t, enum draw_role role, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(t->status, sizeof(t->status), fmt, ap);
    va_end(ap);
    t->status_role = role;
    t->status_msgid = NULL;
}

void tui_say_words(struct tui *t, enum draw_role role, const char *msgid,
                   const char *a, const char *b)
{
    t->status_msgid = msgid;
    t->status_what = NULL;
    t->status_role = role;
    snprintf(t->status_arg[0], sizeof(t->status_arg[0]), "%s", a ? a : "");
    snprintf(t->status_arg[1], sizeof(t->status_arg[1]), "%s", b ? b : "");
    tui_status_text(t);
}

void tui_say_what(struct tui *t, enum draw_role role, const char *msgid,
                  const char *what, const char *b)
{
    tui_say_words(t, role, msgid, NULL, b);
    t->status_what = what;
    tui_status_text(t);
}

void tui_say(struct tui *t, enum draw_role role, const char *msgid)
{
    tui_say_words(t, role, msgid, NULL, NULL);
}

void tui_status_clear(struct tui *t)
{
    t->status[0] = '\0';
    t->status_msgid = NULL;
}

const char *tui_status_text(struct tui *t)
{
    if (t->status_msgid)
        draw_words(t->status, sizeof(t->status), t->status_msgid,
                   t->status_what ? _(t->status_what) : t->status_arg[0],
                   t->status_arg[1]);
    return t->status;
}
