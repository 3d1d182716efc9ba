/* rolloutview — the rollout screen's state (rollout.c runs it) and its
 * drawing: the banner, the counts, the rows of the accounts in their
 * colours, an account's pane, the question or how it ended.  Only
 * rollout.c and rolloutview.c include it. */
#ifndef LINKROLE_TUI_ROLLOUTVIEW_H
#define LINKROLE_TUI_ROLLOUTVIEW_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/rollout.h"
#include "core/lineedit.h"
#include "tui/screens.h"
#include "tui/widgets.h"

struct tui;

/* Rows above the list: header, banner, two summary rows, the filter,
 * the headings; below it: the status row and the footer. */
#define RO_LIST_Y 6

enum ro_phase {
    RO_LISTING,         /* the plan's rollout_new in flight */
    RO_PLANNING,        /* the plan runs */
    RO_PLANNED,         /* the plan ended: y asks */
    RO_ASK,             /* "go ahead?" */
    RO_STARTING,        /* the run's rollout_new in flight */
    RO_RUNNING,
    RO_STOP_ASK,        /* "stop?" while it runs on */
    RO_STOPPING,        /* cancelled: waiting for the workers */
    RO_ENDED,
    RO_FAILED           /* the directory could not be read */
};

/* One rollout with what it keeps pointers to; owned by the screen (the
 * jobs only borrow it), freed once its workers stopped. */
struct ro_run {
    struct rollout *r;          /* the main thread's, once it started */
    /* rollout_new's, written by the job that makes it; ro_started takes
     * it on the main thread (so r is never seen half made). */
    struct rollout *made;
    volatile sig_atomic_t cancel;
    char *service, *suffix, *description;
    bool dbs, plan;
    int rc;                     /* of rollout_new and rollout_start */
    struct api_error err;
    char msg[512];              /* rollout_start's reason */
    int jobs;                   /* jobs using it (main thread's count) */
    struct ro_run *next;        /* the screen's list */
};

struct rollout_scr {
    enum ro_phase phase;
    enum screen_id from;
    bool dbs;
    char *service, *suffix, *description;
    struct ro_run *run;         /* the one shown (NULL: none yet) */
    struct ro_run *runs;        /* every one not yet freed */
    bool watching;              /* a watch job is queued */
    bool stop_asked;            /* the user stopped it */
    bool detail;                /* an account's pane instead of the list */
    size_t detail_i;            /* its row */
    struct lineedit filter;
    bool filtering;
    size_t *shown;              /* rows that match, by index */
    size_t nshown, cap;
    struct list list;
    struct rollout_progress prog;
};

/* The screen but the footer, for s (t's rollout screen). */
void rolloutview_draw(struct tui *t, struct rollout_scr *s, int rows,
                      int cols);

#endif
