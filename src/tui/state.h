/* state — struct tui, what every screen of the terminal UI shares: the
 * session, the header, the roles already in the account, the refused
 * suffixes, the request in flight and the status line.
 *
 * What only one screen needs is that screen's own (t->state[id], a
 * struct declared in its file); screens.h says how they are wired. */
#ifndef LINKROLE_TUI_STATE_H
#define LINKROLE_TUI_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/options.h"
#include "app/refusals.h"
#include "app/session.h"
#include "app/slr.h"
#include "core/catalog.h"
#include "tui/draw.h"
#include "tui/problems.h"
#include "tui/screens.h"

struct tui_templates;

enum tui_identity { TUI_ID_LOADING, TUI_ID_OK, TUI_ID_FAILED };

struct tui {
    struct options *opts;
    struct session session;
    bool have_session;
    enum screen_id screen;      /* the one shown */
    bool start_roles;           /* linkrole roles: start on the roles */
    bool quit;
    int rows, cols;             /* of the last frame, for paging */
    void *state[SCREEN_COUNT];  /* each screen's own */

    /* The header: whose account this is (GetCallerIdentity). */
    enum tui_identity id_state;
    char account[64];
    /* Who (GetCallerIdentity's answer): worded when drawn, "user alice",
     * "root" (app/identity), so the words follow the language. */
    struct api_identity id;
    /* Role names in the account (ListRoles, in the background). */
    char **existing;
    size_t nexisting;
    bool have_existing;
    /* Every role in the account, whole (the roles screen): fetched with
     * the names above, again once a role was made here (roles_stale);
     * roles_gen counts the lists, so the screen knows a new one came. */
    struct slr_role_list roles;
    bool have_roles, roles_stale, roles_loading;
    unsigned roles_gen;
    char roles_problem[512];    /* why the last ListRoles failed, or "" */
    /* Background calls that failed, for the header and `!`. */
    struct tui_problems problems;
    /* The cloud's rules for each service (templates.h); a failure to
     * read one is a background problem. */
    struct tui_templates *templates;
    /* Services whose suffix the cloud refused. */
    struct refusals refusals;

    /* Background work, and the user's request in flight (jobs.h). */
    struct worker *worker;
    bool drawn;                 /* the first frame is shown (jobs_drawn) */
    struct tui_job *current;    /* the user's request, until it is done */
    bool busy;                  /* a create or a guide step in flight */
    long long started_ms;       /* clock_mono_ms() when it was sent */
    /* The one timer (jobs_after): when, and what then; NULL: none. */
    long long timer_due_ms;
    void (*timer)(struct tui *t);

    /* The status line: how the last request or action ended.  Said
     * with tui_say, it is kept as its N_() text and values and worded
     * when drawn (tui_status_text), so it follows the language. */
    char status[512];
    enum draw_role status_role;
    const char *status_msgid;   /* NULL: status is the text as made */
    char status_arg[2][400];
    const char *status_what;    /* an N_() text for the first %s, or NULL */
};

/* Sets t up for o, every screen's state made.  Returns 0, or -1 (no
 * memory: then tui_free still frees what was made). */
int tui_init(struct tui *t, struct options *o);
void tui_free(struct tui *t);
/* Opens the session (the real one, or the demo).  Returns EXIT_DONE, or
 * SESSION_DRY_RUN_ONLY, or the exit code with the reason printed (the
 * UI has not started yet). */
int tui_open_session(struct tui *t);
/* Opens the session if need be, starts the background work (the
 * account, the roles in it) and shows the services.  Returns 0 or -1. */
int tui_start(struct tui *t);

/* The header row. */
void tui_header(const struct tui *t, int cols);
/* The product name in the chosen language. */
const char *tui_product(const struct tui *t, const struct catalog_entry *e);
/* The name of e's role in the account, if it has one (the preset name,
 * or the preset name with a suffix), or NULL. */
const char *tui_existing(const struct tui *t, const struct catalog_entry *e);
/* A role made here is in the account now. */
void tui_existing_add(struct tui *t, const char *name);
/* Whether a role of this name is in the account (ASCII case ignored). */
bool tui_role_exists(const struct tui *t, const char *name);
/* Lists the account's roles again in the background (ListRoles, every
 * page), unless that is under way. */
void tui_roles_fetch(struct tui *t);
/* A role deleted here is no longer in the account. */
void tui_existing_remove(struct tui *t, const char *name);

/* The next language (English, Simplified, Traditional Chinese, English
 * again) for messages and the catalogue's names, the shared words made
 * again in it; the status line says which it is. */
void tui_lang_next(struct tui *t);

/* Sets the status line, or clears it.  tui_status's text is made now,
 * in the language of now; tui_say's (msgid an N_() text whose %s are a
 * then b, see draw_words) is worded each time it is drawn. */
void tui_status(struct tui *t, enum draw_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tui_say_words(struct tui *t, enum draw_role role, const char *msgid,
                   const char *a, const char *b);
void tui_say(struct tui *t, enum draw_role role, const char *msgid);
/* The same, the first value an N_() text (what was saved or copied:
 * "the response") itself worded when drawn. */
void tui_say_what(struct tui *t, enum draw_role role, const char *msgid,
                  const char *what, const char *b);
void tui_status_clear(struct tui *t);
/* The status line's text as it is to be drawn now ("" when none). */
const char *tui_status_text(struct tui *t);

#endif
