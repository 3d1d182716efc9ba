/* journal — an append-only record of every change linkrole asks for.
 *
 * For each create, delete and DBS activation, one JSON line before the
 * request is sent (the intent: time, account, identity, region, action,
 * service, role name, suffix, description) and one after (the outcome:
 * request id, role id or error code), paired by an id.  A crash between
 * the two leaves an intent alone, which `linkrole log` shows as "outcome
 * unknown".  The lines go to $XDG_STATE_HOME/linkrole/journal.jsonl
 * (journal-demo.jsonl for --demo), 0600, one write() and an fsync each,
 * every value scrubbed of the secrets in use.
 *
 * The use cases (app/slr.c) write it, so the CLI and the UI both do; the
 * session sets it up.  A journal that cannot be written is a warning
 * (the session's warn hook), unless --journal-required. */
#ifndef LINKROLE_JOURNAL_H
#define LINKROLE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

#define JOURNAL_ID_MAX 48

/* The journal's file: journal.jsonl, or journal-demo.jsonl when demo;
 * the directory made (0700) when create.  "" when there is no state
 * directory. */
void journal_path(char *out, size_t size, bool demo, bool create);

struct journal_setup {
    bool demo;
    bool required;              /* --journal-required */
    const char *region;
    const char *identity;       /* where the credentials come from, the
                                 * AccessKeyId masked */
    void (*warn)(void *ctx, const char *line);
    void *warn_ctx;
};

/* Makes the journal ready for this process.  With required, checks that
 * it can be written (the directory, the file's mode) and returns -1 with
 * one line in msg when it cannot; else 0 (a problem is warned about when
 * the first line is written). */
int journal_begin(const struct journal_setup *setup, struct buf *msg);
/* Stops journaling (session_close). */
void journal_end(void);
/* The account, once known (GetCallerIdentity, an ARN): later lines
 * name it. */
void journal_set_account(const char *account);

/* For the calling thread only (a rollout's worker): the lines it writes
 * name account instead of the process's, and carry "rollout": rollout_id
 * (either NULL to clear).  Lines of other threads are unchanged. */
void journal_set_thread(const char *account, const char *rollout_id);

/* Whether the journal holds a successful outcome of action (a create or
 * the DBS activation) for role in account: what --resume skips.  Reads
 * the file as it is; false when it cannot be read. */
bool journal_done(const char *account, const char *action,
                  const char *role);

/* The file the journal is written to (journal_begin's), or the default
 * one before it; "" when there is none. */
void journal_file(char *out, size_t size);

/* What --resume needs of the journal, read once (journal_done.c):
 * for one action and role, the accounts with a successful outcome, and
 * those with an intent whose outcome is unknown, or abandoned when a
 * run was stopped (to check again). */
struct journal_done_set;
/* Returns 0 (an absent journal is an empty set), or -1 with one line
 * in msg. */
int journal_done_read(const char *path, const char *action,
                      const char *role, struct journal_done_set **out,
                      struct buf *msg);
bool journal_done_has(const struct journal_done_set *s,
                      const char *account);
bool journal_done_unsure(const struct journal_done_set *s,
                         const char *account);
/* The id of the last unsure intent for account (an intent alone, or
 * one whose request was abandoned: "cancelled"), for the outcome a
 * check writes once it knows; NULL when there is none. */
const char *journal_done_intent(const struct journal_done_set *s,
                                const char *account);
size_t journal_done_count(const struct journal_done_set *s);
void journal_done_free(struct journal_done_set *s);

struct journal_entry {
    char id[JOURNAL_ID_MAX];    /* "" when nothing was written */
};

/* The intent line.  Returns 0 (written, or not and only warned about),
 * or -1 when --journal-required and it could not be written: then the
 * request must not be sent (msg says why). */
int journal_intent(struct journal_entry *e, const char *action,
                   const char *service, const char *role,
                   const char *suffix, const char *description,
                   struct buf *msg);
/* The outcome line for e (nothing when e's intent was not written).
 * error_code NULL or "" for a success. */
void journal_outcome(const struct journal_entry *e, const char *request_id,
                     const char *role_id, const char *arn,
                     const char *error_code);

/* For the use cases: the outcome of a call that failed with e (its
 * Code, else a word for its kind), and the error a refused intent is
 * reported as (nothing was sent). */
struct api_error;
void journal_failed(const struct journal_entry *j, const struct api_error *e);
void journal_refusal(struct api_error *err, const char *action,
                     const struct buf *msg);

#endif
