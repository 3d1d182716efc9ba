/* rollout — one service-linked role (or the DBS activation) in every
 * member account of a Resource Directory, concurrently and resumably.
 *
 * The management account's session lists the directory (ListAccounts, or
 * a folder's subtree); a bounded pool of workers then takes one account
 * at a time: STS AssumeRole into its ResourceDirectoryAccountAccessRole
 * (refreshed before it expires), GetRole, and when the role is missing
 * the create use case of app/slr (lost-answer check included) or the DBS
 * activation.  Each worker has its own transport; every client shares
 * one pacer (app/pace), so throttling in one account slows them all.
 * Every change is journalled with the member's account and the
 * rollout's id, so a run resumed after a crash skips what was done and
 * checks again what was in flight.  Memory grows with the concurrency,
 * not with the number of accounts: a row is a few fixed fields.
 *
 * Both front ends drive it the same way: rollout_new (lists the
 * accounts), rollout_start (returns at once), rollout_progress and
 * rollout_row while it runs, rollout_wait, rollout_free.  Everything a
 * row holds is safe to print (app/safe.h). */
#ifndef LINKROLE_ROLLOUT_H
#define LINKROLE_ROLLOUT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "cloud/api.h"
#include "core/buf.h"

struct session;

#define ROLLOUT_ACCESS_ROLE "ResourceDirectoryAccountAccessRole"
#define ROLLOUT_CONCURRENCY_DEFAULT 8
#define ROLLOUT_CONCURRENCY_MAX 64

/* Where an account stands.  The first group is a plan's answer (nothing
 * changed); the second a run's. */
enum rollout_state {
    ROLLOUT_PENDING,        /* not started yet */
    ROLLOUT_RUNNING,        /* a worker has it */
    ROLLOUT_EXISTS,         /* plan: the role is there already */
    ROLLOUT_WOULD_CREATE,   /* plan: the role would be made */
    ROLLOUT_CREATED,        /* made by this run */
    ROLLOUT_EXISTED,        /* run: it was there already */
    ROLLOUT_SKIPPED,        /* --resume: the journal says done earlier */
    ROLLOUT_NO_ENTRY,       /* AssumeRole of the access role refused:
                             * code says why (an invited account
                             * without ROLLOUT_ACCESS_ROLE, ...) */
    ROLLOUT_REFUSED,        /* the cloud refused GetRole or the create */
    ROLLOUT_BUSY,           /* throttled or 5xx after every retry */
    ROLLOUT_FAILED,         /* no answer, an unreadable one, internal */
    ROLLOUT_CANCELLED,      /* stopped before it ended */
    ROLLOUT_STATE_COUNT
};

/* Whether an account in state s ends holding the role. */
bool rollout_state_done(enum rollout_state s);
/* A short stable name for JSON and logs: "pending", "would-create",
 * "no-entry", ... (never translated). */
const char *rollout_state_name(enum rollout_state s);
/* The state in the reader's language, for tables. */
const char *rollout_state_text(enum rollout_state s);

/* What goes into each account. */
struct rollout_target {
    bool dbs;                   /* the DBS activation (service ignored) */
    const char *service;        /* "polardb.aliyuncs.com" */
    const char *suffix;         /* NULL or "" for none */
    const char *description;    /* NULL or "" for none */
};

/* Which accounts: all, or those listed, or a folder's subtree (folder
 * and accounts may be combined: the listed ones within the folder);
 * exclude is taken out last.  The management account itself is never a
 * target (it is not entered through the access role). */
struct rollout_scope {
    bool all;
    const char *const *accounts;
    size_t naccounts;
    const char *folder;         /* NULL: the whole directory */
    const char *const *exclude;
    size_t nexclude;
};

struct rollout_config {
    struct rollout_target target;
    struct rollout_scope scope;
    unsigned concurrency;       /* 1..ROLLOUT_CONCURRENCY_MAX; 0: default */
    bool plan;                  /* look only: EXISTS / WOULD_CREATE / NO_ENTRY */
    bool resume;                /* skip the accounts the journal shows done
                                 * for this target */
    /* Set (by a signal handler or another thread) to stop: no account is
     * started after it, the calls in flight are abandoned (their
     * accounts end CANCELLED; a create in flight stays in the journal
     * as an intent, checked again by --resume). */
    const volatile sig_atomic_t *cancel;
};

/* One account's row, copied out (safe to print, fixed room). */
struct rollout_row {
    char account_id[32];
    char display_name[128];
    char folder_id[64];
    char join_method[16];       /* "created", "invited", as listed */
    enum rollout_state state;
    int attempts;               /* API attempts spent on this account */
    char role_name[128];
    char role_id[64];           /* CREATED / EXISTED / EXISTS */
    char code[128];             /* the error Code, or a word for the
                                 * error's kind; "" when none */
    char message[256];          /* the cloud's message, made safe */
    char request_ids[256];      /* the last calls' request ids, ", " */
    long long ms;               /* time the account took */
};

struct rollout_progress {
    size_t total;
    size_t finished;            /* no longer PENDING or RUNNING */
    size_t counts[ROLLOUT_STATE_COUNT];
    long long elapsed_ms;
    double per_second;          /* accounts finished per second */
    bool ended;                 /* every worker has stopped */
    char rollout_id[40];        /* the journal's id for this run */
};

struct rollout;

/* Checks cfg, reads the directory (GetResourceDirectory, then
 * ListAccounts page by page or the folder's subtree) with the
 * session's client and makes the rows, all PENDING (SKIPPED for
 * --resume's done ones).  Returns 0, or -1 with err (the directory
 * could not be read: not a management account, no permission, ...). */
int rollout_new(struct session *s, const struct rollout_config *cfg,
                struct rollout **out, struct api_error *err);
/* Starts the workers and returns.  Returns 0, or -1 with one line in
 * msg (no transport, no thread: nothing was started). */
int rollout_start(struct rollout *r, struct buf *msg);
/* Waits until every worker has stopped. */
void rollout_wait(struct rollout *r);
void rollout_free(struct rollout *r);

/* The counts now (safe to call from any thread while it runs). */
void rollout_progress(struct rollout *r, struct rollout_progress *p);
size_t rollout_count(const struct rollout *r);
/* Row i (from 0) as it is now.  Returns 0, or -1 past the last. */
int rollout_row(struct rollout *r, size_t i, struct rollout_row *row);
/* The directory's id and the management account, as read. */
const char *rollout_directory_id(const struct rollout *r);
const char *rollout_master_account(const struct rollout *r);
/* The role's name in every account ("" for a service the catalogue
 * does not know). */
const char *rollout_role_name(const struct rollout *r);

/* Throttled answers the rollout's calls got in all (the shared
 * pacer's count; 0 before rollout_start): for --verbose and the
 * benchmark. */
unsigned long rollout_throttles(struct rollout *r);

/* What the user should do about a row's failure, in the reader's
 * language ("" when nothing to say): for NO_ENTRY, how to give the
 * account the access role (an invited account lacks it); for the
 * others, the hint app/hints has for the code. */
const char *rollout_row_hint(const struct rollout_row *row, struct buf *tmp);

/* The exit code of a finished run: EXIT_DONE when every account ends
 * with the role (or for a plan), EXIT_REFUSED when some were refused
 * (NO_ENTRY included), EXIT_BUSY when the rest failed only for busy
 * reasons, EXIT_NETWORK when some failed otherwise, 130 (as a shell
 * reports SIGINT) when it was stopped. */
int rollout_exit_code(const struct rollout_progress *p, bool plan);

#endif
