/* jobs — the UI's API calls on the worker thread (see jobs.h). */
#include "config.h"

#include "tui/jobs.h"

#include <stdlib.h>
#include <string.h>

#include "app/scrub.h"
#include "app/tplcache.h"
#include "core/clock.h"
#include "tui/state.h"

void jobs_free(struct tui_job *j)
{
    if (!j)
        return;
    free(j->service);
    free(j->suffix);
    free(j->description);
    free(j->role_name);
    api_role_result_free(&j->role);
    api_identity_free(&j->id);
    api_dbs_init_free(&j->dbs);
    slr_deletion_free(&j->deletion);
    api_slr_template_free(&j->tpl);
    for (size_t i = 0; i < j->nnames; i++)
        free(j->names[i]);
    free(j->names);
    slr_role_list_free(&j->list);
    free(j);
}

static void jobs_discard(struct worker_job *job)
{
    jobs_free((struct tui_job *)job);
}

static void jobs_cancel_one(struct worker_job *job)
{
    ((struct tui_job *)job)->cancel = 1;
}

/* Every role in the account, and their names. */
static void jobs_list(struct tui_job *j)
{
    struct slr_role_list *l = &j->list;

    j->rc = slr_list(j->client, l, &j->err);
    if (j->rc)
        return;
    j->names = calloc(l->count + 1, sizeof(*j->names));
    if (!j->names)
        j->rc = -1;
    for (size_t i = 0; j->names && i < l->count; i++)
        if (l->roles[i].role_name &&
            (j->names[j->nnames] = strdup(l->roles[i].role_name)))
            j->nnames++;
}

/* On the worker thread: touches nothing but the job and the client,
 * which only this thread uses once the UI runs. */
static void jobs_run(struct worker_job *job)
{
    struct tui_job *j = (struct tui_job *)job;

    j->client->cancel = &j->cancel;
    switch (j->kind) {
    case JOB_LIST:
        jobs_list(j);
        break;
    case JOB_IDENTITY:
        j->rc = slr_whoami(j->client, &j->id, &j->err);
        break;
    case JOB_GET_ROLE:
        j->rc = slr_get(j->client, j->role_name, &j->role, &j->err);
        break;
    case JOB_DBS_INIT:
        j->rc = slr_dbs_init(j->client, &j->dbs, &j->err);
        break;
    case JOB_DELETE:
        j->rc = slr_delete_begin(j->client, j->role_name, &j->deletion,
                                 &j->err);
        break;
    case JOB_DELETE_POLL:
        j->rc = slr_delete_poll(j->client, &j->deletion, &j->err);
        break;
    case JOB_TEMPLATE:
        /* The worker is the only thread that reads or writes the cache
         * file. */
        j->rc = tplcache_get(j->client, j->service, j->tpl_disk, true,
                             &j->tpl, &j->err) == TPLCACHE_GOT_ERROR
                ? -1 : 0;
        break;
    case JOB_CREATE: {
        /* The role is there already: show it rather than an error. */
        struct slr_create_request req = { j->service, j->suffix,
                                          j->description, j->role_name,
                                          true };

        j->rc = slr_create(j->client, &req, &j->role, &j->outcome,
                           &j->err);
        break;
    }
    }
    /* The cloud's message may echo what was sent: scrubbed here, beside
     * the secrets in use (the list changes with each fetch). */
    if (j->rc)
        scrub_error(&j->err);
}

int jobs_open(struct tui *t)
{
    /* Before the first frame, the jobs queued (who am I, the roles) wait
     * for it: loading libcurl and connecting must not delay it. */
    if (!t->worker)
        t->worker = worker_new(!t->drawn);
    return t->worker ? 0 : -1;
}

void jobs_drawn(struct tui *t)
{
    if (t->drawn)
        return;
    t->drawn = true;
    if (t->worker)
        worker_release(t->worker);
}

void jobs_close(struct tui *t)
{
    if (!t->worker)
        return;
    worker_cancel_running(t->worker, jobs_cancel_one);
    worker_free(t->worker, jobs_discard);
    t->worker = NULL;
    t->current = NULL;
    t->busy = false;
}

struct tui_job *jobs_new(struct tui *t, enum job_kind kind,
                         void (*done)(struct tui *t, struct tui_job *j))
{
    struct tui_job *j = calloc(1, sizeof(*j));

    if (!j)
        return NULL;
    j->base.run = jobs_run;
    j->kind = kind;
    j->done = done;
    j->client = &t->session.client;
    return j;
}

static bool jobs_dup(char **to, const char *from)
{
    *to = from ? strdup(from) : NULL;
    return !from || *to;
}

struct tui_job *jobs_again(struct tui *t, const struct tui_job *j)
{
    struct tui_job *a = jobs_new(t, j->kind, j->done);

    if (!a)
        return NULL;
    a->err = j->err;
    a->rc = j->rc;
    if (!jobs_dup(&a->service, j->service) ||
        !jobs_dup(&a->suffix, j->suffix) ||
        !jobs_dup(&a->description, j->description) ||
        !jobs_dup(&a->role_name, j->role_name)) {
        jobs_free(a);
        return NULL;
    }
    return a;
}

void jobs_queue(struct tui *t, struct tui_job *j)
{
    worker_submit(t->worker, &j->base);
}

void jobs_start(struct tui *t, struct tui_job *j)
{
    t->current = j;
    t->busy = true;
    t->started_ms = clock_mono_ms();
    worker_submit_first(t->worker, &j->base);
}

void jobs_cancel(struct tui *t)
{
    struct tui_job *j = t->current;

    if (!t->busy || !j)
        return;
    j->cancel = 1;
    /* Not started yet: it ends now, as cancelled. */
    if (worker_withdraw(t->worker, &j->base)) {
        j->rc = -1;
        j->err.kind = API_ERR_CANCELLED;
    }
}

void jobs_wake(struct tui *t)
{
    struct worker_job *job;

    while (t->worker && (job = worker_take(t->worker))) {
        struct tui_job *j = (struct tui_job *)job;

        /* Its done may send the next request (the DBS guide's steps). */
        if (j == t->current) {
            t->current = NULL;
            t->busy = false;
        }
        if (j->done)
            j->done(t, j);
        jobs_free(j);
    }
}

int jobs_fd(const struct tui *t)
{
    return t->worker ? worker_fd(t->worker) : -1;
}

size_t jobs_pending(const struct tui *t)
{
    return t->worker ? worker_pending(t->worker) : 0;
}

long jobs_elapsed_ms(const struct tui *t)
{
    return (long)(clock_mono_ms() - t->started_ms);
}

void jobs_after(struct tui *t, long ms, void (*fire)(struct tui *t))
{
    t->timer_due_ms = clock_mono_ms() + (ms > 0 ? ms : 0);
    t->timer = fire;
}

void jobs_after_cancel(struct tui *t)
{
    t->timer = NULL;
}

long jobs_timer_wait(const struct tui *t)
{
    long long left;

    if (!t->timer)
        return -1;
    left = t->timer_due_ms - clock_mono_ms();
    return left > 0 ? (long)left : 0;
}

bool jobs_timer_run(struct tui *t, bool now)
{
    void (*fire)(struct tui *t) = t->timer;

    if (!fire || (!now && jobs_timer_wait(t) > 0))
        return false;
    /* Cleared first: fire may set the next one. */
    t->timer = NULL;
    fire(t);
    return true;
}
