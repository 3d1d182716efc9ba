/* worker — one background thread that runs jobs one at a time.
 *
 * The UI never blocks on the network: a job (an API call) runs here, and
 * its completion is signalled through a self-pipe the event loop polls
 * beside the terminal.  No curses here. */
#ifndef LINKROLE_TUI_WORKER_H
#define LINKROLE_TUI_WORKER_H

#include <stdbool.h>
#include <stddef.h>

/* Embed as the first member of the caller's job struct. */
struct worker_job {
    void (*run)(struct worker_job *job);    /* on the worker thread */
    struct worker_job *next;                /* the worker's */
};

struct worker;

/* Returns NULL when the pipe or the thread cannot be made.  The thread
 * has the terminal signals blocked, so they reach the main thread. */
struct worker *worker_new(bool held);
/* A worker made held runs nothing until this (the UI's first frame comes
 * before the first request and its network set-up). */
void worker_release(struct worker *w);
/* Stops the thread after the job in flight (cancel it first) and hands
 * every job not yet taken back through discard. */
void worker_free(struct worker *w, void (*discard)(struct worker_job *));

/* The read end of the self-pipe: readable when a job is done. */
int worker_fd(const struct worker *w);
void worker_submit(struct worker *w, struct worker_job *job);
/* The same, ahead of every queued job (what the user is waiting for
 * goes before background work). */
void worker_submit_first(struct worker *w, struct worker_job *job);
/* Takes job out of the queue if it has not started, handing it back as
 * finished (the caller then says how it ended).  Returns whether it did. */
bool worker_withdraw(struct worker *w, struct worker_job *job);
/* A finished job (oldest first), or NULL; drains the pipe. */
struct worker_job *worker_take(struct worker *w);
/* Calls cancel(job) for the job running now, if any (under the lock, so
 * the job cannot be handed back meanwhile). */
void worker_cancel_running(struct worker *w,
                           void (*cancel)(struct worker_job *));
/* Jobs queued, running or finished but not yet taken. */
size_t worker_pending(struct worker *w);

#endif
