/* rollout_impl — what the pieces of the rollout share (rollout.c: the
 * accounts listed, the rows, the counts and words; rollout_run.c: the
 * workers).  Only src/app/rollout*.c include this. */
#ifndef LINKROLE_ROLLOUT_IMPL_H
#define LINKROLE_ROLLOUT_IMPL_H

#include <pthread.h>

#include "app/pace.h"
#include "app/rollout.h"
#include "app/session.h"

/* How many times a BUSY account is taken up (the first included). */
#define ROLLOUT_PASSES 3
/* The member session's length, and how long before its end it is
 * renewed (STS AssumeRole). */
#define ROLLOUT_SESSION_S 3600
#define ROLLOUT_RENEW_S 300

struct rollout_worker;

struct rollout {
    struct session *s;
    struct rollout_config cfg;      /* its strings point at the copies */
    char *service, *suffix, *description;
    char role_name[128];
    char directory_id[64];
    char master[64];
    char id[40];

    pthread_mutex_t lock;           /* everything below */
    pthread_cond_t wake;            /* an account finished or came back */
    struct rollout_row *rows;
    unsigned char *passes;          /* per row: times taken up */
    size_t count;
    size_t next;                    /* the first row never taken */
    size_t *again;                  /* BUSY rows to take up again */
    size_t again_head, nagain, again_room;
    size_t counts[ROLLOUT_STATE_COUNT];
    unsigned busy_workers;          /* workers on an account now */
    unsigned live_workers;          /* workers not yet ended */
    long long started_ms, ended_ms;
    bool started, ended, joined;

    /* --resume: what the journal showed (read once, then only read). */
    struct journal_done_set *done;
    struct pace *pace;
    struct rollout_worker *workers;
    unsigned nworkers;
    pthread_mutex_t creds_lock;     /* the session's credentials */
};

/* err says: out of memory. */
void rollout_nomem(struct api_error *err);

/* Moves row i to state (counts kept right).  Called locked. */
void rollout_set_state(struct rollout *r, size_t i, enum rollout_state st);

#endif
