/* app — the state of the terminal UI, shared by its screens.
 *
 * Each screen is a draw function of this state and a handler of actions
 * (picker.c, form.c, result.c); app.c wires them to the loop in loop.c
 * and to the background worker.  Screens draw through draw.h; only
 * term.c, loop.c, script.c and keys.c touch curses. */
#ifndef LINKROLE_TUI_APP_H
#define LINKROLE_TUI_APP_H

#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include "app/explain.h"
#include "app/options.h"
#include "app/refusals.h"
#include "app/session.h"
#include "app/slr.h"
#include "cloud/api.h"
#include "core/catalog.h"
#include "core/jsonview.h"
#include "core/lineedit.h"
#include "core/rules.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/widgets.h"
#include "tui/worker.h"

enum app_screen {
    APP_NOCREDS,
    APP_PICKER,
    APP_FORM,
    APP_RESULT,
    APP_ERROR,
    APP_DBS
};

/* The DBS guide's steps, in order. */
enum dbs_step {
    DBS_STEP_CREDS,         /* GetCallerIdentity */
    DBS_STEP_CHECK,         /* GetRole AliyunServiceRoleForDBS */
    DBS_STEP_CONFIRM,       /* explain, and ask */
    DBS_STEP_INIT,          /* InitializeDbsServiceLinkedRole */
    DBS_STEP_VERIFY,        /* GetRole again */
    DBS_STEP_COUNT
};

enum dbs_state { DBS_TODO, DBS_RUNNING, DBS_OK, DBS_SKIPPED, DBS_FAILED };

enum app_job_kind {
    APP_JOB_IDENTITY,       /* the header's account */
    APP_JOB_CREATE,         /* the form's request */
    APP_JOB_DBS_IDENTITY,
    APP_JOB_DBS_GET,
    APP_JOB_DBS_INIT,
    APP_JOB_LIST            /* the roles in the account, for the picker */
};

/* One API call for the worker; its answer is read on the main thread. */
struct app_job {
    struct worker_job base;     /* first: the worker hands this back */
    enum app_job_kind kind;
    struct api_client *client;
    char *service, *suffix, *description, *role_name;
    int rc;
    struct api_error err;
    struct api_role_result role;
    enum slr_outcome outcome;
    struct api_identity id;
    struct api_dbs_init dbs;
    char **names;               /* APP_JOB_LIST: role names */
    size_t nnames;
    /* The client's cancel flag points here while this job runs, so Esc
     * cancels this job and no other. */
    volatile sig_atomic_t cancel;
};

enum app_identity { APP_ID_LOADING, APP_ID_OK, APP_ID_FAILED };

enum app_form_focus { APP_FOCUS_SUFFIX, APP_FOCUS_DESC, APP_FOCUS_BUTTON };

struct app {
    struct options *opts;
    struct session session;
    bool have_session;
    char nocreds[512];          /* why there are no credentials */
    enum app_screen screen;
    bool quit;
    int rows, cols;             /* of the last frame */

    enum app_identity id_state;
    char account[64];
    /* Role names in the account (ListRoles, in the background). */
    char **existing;
    size_t nexisting;
    bool have_existing;
    /* Services whose suffix the cloud refused. */
    struct refusals refusals;

    /* picker */
    char filter[CATALOG_QUERY_MAX];
    struct catalog_hit *hits;
    size_t nhits, sel, top;
    int list_cols;              /* the list's width, for clicks */

    /* form */
    const struct catalog_entry *entry;
    struct lineedit suffix, desc;
    enum app_form_focus focus;
    struct rules_report report;
    bool refused_before;        /* the cloud refused a suffix before */
    int focus_row[3];           /* where each focus stop was drawn */

    /* the request in flight */
    struct worker *worker;
    struct app_job *current;    /* the user's request, until it is done */
    bool busy;                  /* a create or a guide step in flight */
    struct timespec started;
    char status[256];           /* "cancelled", ... under the form */
    enum draw_role status_role;

    /* the DBS guide */
    enum dbs_step dbs_step;
    enum dbs_state dbs_state[DBS_STEP_COUNT];
    char dbs_note[DBS_STEP_COUNT][160];
    bool dbs_already;           /* it was activated before the guide */
    bool dbs_finished;

    /* result / error */
    struct api_role_result role;
    bool have_role, existed;
    char banner[256];           /* the result's banner, "" for the default */
    bool show_equiv;            /* Terraform and CLI instead of the policy */
    struct buf equiv;
    bool prompt;                /* asking where to save the response */
    struct lineedit path;
    struct jsonview json;
    bool have_json;
    size_t scroll;
    struct explanation error;   /* the error pane's */
};

/* picker.c */
void picker_refilter(struct app *a);
void picker_draw(struct app *a, int rows, int cols);
void picker_handle(struct app *a, const struct tui_input *in);

/* form.c; form_init returns 0 or -1 (no memory) */
int form_init(struct app *a);
void form_free(struct app *a);
void form_open(struct app *a, const struct catalog_entry *e);
void form_check(struct app *a);
/* The role name the form would create, into out (size bytes): "?"
 * when it is not known. */
void form_role_name(const struct app *a, char *out, size_t size);
void form_draw(struct app *a, int rows, int cols);
/* Applies an editing action to e; returns whether it was one. */
bool form_edit_text(struct lineedit *e, const struct tui_input *in);
/* Draws e as a field of w columns, the cursor in it when focus. */
void form_edit_field(struct app *a, int y, int x, int w,
                     const struct lineedit *e, bool focus);
void form_handle(struct app *a, const struct tui_input *in);

/* result.c: the result pane and the error pane */
void result_draw(struct app *a, int rows, int cols);
void result_handle(struct app *a, const struct tui_input *in);
void error_draw(struct app *a, int rows, int cols);
void error_handle(struct app *a, const struct tui_input *in);
void nocreds_draw(struct app *a, int rows, int cols);

/* onboard.c: the DBS guide */
void onboard_start(struct app *a);
void onboard_job_done(struct app *a, struct app_job *j);
void onboard_draw(struct app *a, int rows, int cols);
void onboard_handle(struct app *a, const struct tui_input *in);

/* app.c */
/* Queues one call; role_name for the GetRole kinds.  Returns 0 or -1. */
int app_run_job(struct app *a, enum app_job_kind kind, const char *role_name);
/* Shows the error pane for a failed call. */
void app_show_error(struct app *a, const struct api_error *e,
                    const char *service, const char *role_name);
/* Takes j's role into the result pane and shows it. */
void app_show_role(struct app *a, struct app_job *j);
void app_header(struct app *a, int cols);
/* Sends the form's request in the background. */
void app_submit(struct app *a);
void app_cancel(struct app *a);
void app_back_to_picker(struct app *a);
long app_elapsed_ms(const struct app *a);
/* The product name in the chosen language. */
const char *app_product(const struct app *a, const struct catalog_entry *e);
/* Prints "linkrole: <message>" to stderr (before or after the UI). */
void app_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The name of e's role in the account, if it has one (the preset name,
 * or the preset name with a suffix), or NULL. */
const char *app_existing(const struct app *a, const struct catalog_entry *e);

#endif
