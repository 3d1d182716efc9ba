/* jobs — the UI's API calls, run one at a time on the worker thread.
 *
 * A job says which call to make and what to do with the answer (done,
 * called on the main thread); the loop polls jobs_fd beside the terminal
 * and calls jobs_wake.  What the user waits for is "the request in
 * flight" (t->busy, cancelled with Esc); the rest is background work. */
#ifndef LINKROLE_TUI_JOBS_H
#define LINKROLE_TUI_JOBS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/slr.h"
#include "cloud/api.h"
#include "tui/worker.h"

struct tui;

enum job_kind {
    JOB_IDENTITY,           /* GetCallerIdentity */
    JOB_LIST,               /* every role name in the account */
    JOB_CREATE,             /* the form's request */
    JOB_GET_ROLE,           /* GetRole role_name */
    JOB_DBS_INIT,           /* InitializeDbsServiceLinkedRole */
    JOB_DELETE,             /* DeleteServiceLinkedRole role_name */
    JOB_DELETE_POLL,        /* GetServiceLinkedRoleDeletionStatus */
    JOB_TEMPLATE            /* GetServiceLinkedRoleTemplate service */
};

struct tui_job {
    struct worker_job base;     /* first: the worker hands this back */
    enum job_kind kind;
    /* On the main thread, with the answer; the job is freed after. */
    void (*done)(struct tui *t, struct tui_job *j);
    struct api_client *client;
    char *service, *suffix, *description, *role_name;   /* what to ask */
    int rc;
    struct api_error err;
    struct api_role_result role;
    enum slr_outcome outcome;
    struct api_identity id;
    struct api_dbs_init dbs;
    /* JOB_DELETE: the task started; JOB_DELETE_POLL: a copy of the
     * deletion followed (the worker's own), then its next state. */
    struct slr_deletion deletion;
    struct api_slr_template tpl;    /* JOB_TEMPLATE */
    bool tpl_disk;              /* JOB_TEMPLATE: the disk cache first */
    char **names;               /* JOB_LIST: role names */
    size_t nnames;
    struct slr_role_list list;  /* JOB_LIST: the roles, whole */
    int from;                   /* JOB_GET_ROLE: the screen that asked */
    /* The client's cancel flag points here while this job runs, so Esc
     * cancels this job and no other. */
    volatile sig_atomic_t cancel;
};

/* Starts the worker thread.  Returns 0 or -1. */
int jobs_open(struct tui *t);
/* The first frame is on the screen (or a script runs): the jobs queued
 * before it may run now. */
void jobs_drawn(struct tui *t);
/* Cancels what runs, stops the worker and frees every job not done. */
void jobs_close(struct tui *t);

/* A job of kind for t's session; NULL when out of memory. */
struct tui_job *jobs_new(struct tui *t, enum job_kind kind,
                         void (*done)(struct tui *t, struct tui_job *j));
void jobs_free(struct tui_job *j);
/* A new job asking what j asked (its kind, done and parameters), with
 * j's error kept for showing (err); not queued.  NULL when out of
 * memory. */
struct tui_job *jobs_again(struct tui *t, const struct tui_job *j);
/* Queues background work. */
void jobs_queue(struct tui *t, struct tui_job *j);
/* Sends the user's request, ahead of background work: t->busy until it
 * is done. */
void jobs_start(struct tui *t, struct tui_job *j);
/* Cancels the user's request (Esc). */
void jobs_cancel(struct tui *t);
/* Hands every finished job to its done, then frees it. */
void jobs_wake(struct tui *t);

/* One timer, for what is done at a time rather than on an answer (the
 * next poll of a deletion): fire runs on the main thread once ms have
 * passed, from the loop, which ticks (redraws) while one is set.  A new
 * one replaces the one set; jobs_after_cancel drops it. */
void jobs_after(struct tui *t, long ms, void (*fire)(struct tui *t));
void jobs_after_cancel(struct tui *t);
/* Milliseconds until the timer is due (0: it is), or -1: none set. */
long jobs_timer_wait(const struct tui *t);
/* Runs the timer when it is due, or at once (now); returns whether it
 * ran. */
bool jobs_timer_run(struct tui *t, bool now);

/* Readable when a job is done (-1 before the worker starts). */
int jobs_fd(const struct tui *t);
/* Jobs queued, running, or done but not yet handed back. */
size_t jobs_pending(const struct tui *t);
/* Milliseconds since the user's request was sent. */
long jobs_elapsed_ms(const struct tui *t);

#endif
