/* worker — the background thread and its self-pipe. */
#include "config.h"

#include "tui/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

struct worker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct worker_job *queue, *done;    /* FIFO lists */
    struct worker_job *running;
    size_t pending;
    bool stop;
    bool held;      /* jobs wait in the queue until worker_release */
    int pipe_r, pipe_w;
};

static void worker_append(struct worker_job **list, struct worker_job *job)
{
    job->next = NULL;
    while (*list)
        list = &(*list)->next;
    *list = job;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;

    for (;;) {
        struct worker_job *job;
        ssize_t n;

        pthread_mutex_lock(&w->lock);
        while ((!w->queue || w->held) && !w->stop)
            pthread_cond_wait(&w->wake, &w->lock);
        if (w->stop) {
            pthread_mutex_unlock(&w->lock);
            break;
        }
        job = w->queue;
        w->queue = job->next;
        w->running = job;
        pthread_mutex_unlock(&w->lock);

        job->run(job);

        pthread_mutex_lock(&w->lock);
        w->running = NULL;
        worker_append(&w->done, job);
        pthread_mutex_unlock(&w->lock);
        /* A full pipe already means "something is done". */
        do
            n = write(w->pipe_w, "x", 1);
        while (n < 0 && errno == EINTR);
    }
    return NULL;
}

struct worker *worker_new(bool held)
{
    struct worker *w = calloc(1, sizeof(*w));
    int fds[2] = { -1, -1 };
    sigset_t block, old;

    if (!w)
        return NULL;
    if (pipe(fds))
        goto fail;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    w->pipe_r = fds[0];
    w->pipe_w = fds[1];
    w->held = held;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    /* Signals must interrupt the main loop's poll, not this thread. */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGWINCH);
    sigaddset(&block, SIGTSTP);
    sigaddset(&block, SIGCONT);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    if (pthread_create(&w->thread, NULL, worker_main, w)) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->wake);
        goto fail;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return w;
fail:
    if (fds[0] >= 0) {
        close(fds[0]);
        close(fds[1]);
    }
    free(w);
    return NULL;
}

void worker_release(struct worker *w)
{
    pthread_mutex_lock(&w->lock);
    if (w->held) {
        w->held = false;
        pthread_cond_signal(&w->wake);
    }
    pthread_mutex_unlock(&w->lock);
}

void worker_free(struct worker *w, void (*discard)(struct worker_job *))
{
    struct worker_job *lists[2];

    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    lists[0] = w->queue;
    lists[1] = w->done;
    for (int i = 0; i < 2; i++) {
        while (lists[i]) {
            struct worker_job *next = lists[i]->next;

            if (discard)
                discard(lists[i]);
            lists[i] = next;
        }
    }
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    close(w->pipe_r);
    close(w->pipe_w);
    free(w);
}

int worker_fd(const struct worker *w)
{
    return w->pipe_r;
}

void worker_submit(struct worker *w, struct worker_job *job)
{
    pthread_mutex_lock(&w->lock);
    worker_append(&w->queue, job);
    w->pending++;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

void worker_submit_first(struct worker *w, struct worker_job *job)
{
    pthread_mutex_lock(&w->lock);
    job->next = w->queue;
    w->queue = job;
    w->pending++;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

bool worker_withdraw(struct worker *w, struct worker_job *job)
{
    struct worker_job **p;
    bool found = false;
    ssize_t n;

    pthread_mutex_lock(&w->lock);
    for (p = &w->queue; *p; p = &(*p)->next)
        if (*p == job) {
            *p = job->next;
            worker_append(&w->done, job);
            found = true;
            break;
        }
    pthread_mutex_unlock(&w->lock);
    if (found)
        do
            n = write(w->pipe_w, "x", 1);
        while (n < 0 && errno == EINTR);
    return found;
}

struct worker_job *worker_take(struct worker *w)
{
    struct worker_job *job;
    char drain[64];

    while (read(w->pipe_r, drain, sizeof(drain)) > 0)
        ;
    pthread_mutex_lock(&w->lock);
    job = w->done;
    if (job) {
        w->done = job->next;
        job->next = NULL;
        w->pending--;
    }
    pthread_mutex_unlock(&w->lock);
    return job;
}

void worker_cancel_running(struct worker *w,
                           void (*cancel)(struct worker_job *))
{
    pthread_mutex_lock(&w->lock);
    if (w->running)
        cancel(w->running);
    pthread_mutex_unlock(&w->lock);
}

size_t worker_pending(struct worker *w)
{
    size_t n;

    pthread_mutex_lock(&w->lock);
    n = w->pending;
    pthread_mutex_unlock(&w->lock);
    return n;
}
