/* journal_log — reading the journal back for `linkrole log`.
 *
 * Each intent is paired with its outcome by id; an intent with none is
 * "outcome unknown" (the process ended between the two), and comes with
 * the command that checks.  Lines that are not the journal's (cut short,
 * edited, not JSON) are skipped and counted, never fatal.  Every text is
 * made safe to print (control bytes replaced, secrets masked). */
#ifndef LINKROLE_JOURNAL_LOG_H
#define LINKROLE_JOURNAL_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"

enum journal_result { JOURNAL_OK, JOURNAL_FAILED, JOURNAL_UNKNOWN };

struct journal_record {
    char *id, *time, *account, *identity, *region, *action, *service,
        *role, *suffix, *description;
    enum journal_result result;
    char *request_id, *role_id, *error, *done_time;
    char *check;                /* JOURNAL_UNKNOWN: the command that checks */
};

struct journal_filter {
    const char *account;        /* NULL: any */
    const char *service;        /* NULL: any */
    time_t since;               /* 0: from the start */
};

struct journal_log {
    struct journal_record *records;
    size_t count;
    size_t skipped;             /* lines that could not be read */
};

/* --since: "2026-12-01", "2026-12-01T10:00:00Z", or a duration back from
 * now ("90s", "30m", "12h", "7d", "2w").  Returns 0, or -1. */
int journal_parse_since(const char *s, time_t now, time_t *out);

/* Reads the journal at path.  A missing file is an empty log.  Returns 0,
 * or -1 with one line in msg (a file that cannot be read at all). */
int journal_read(const char *path, const struct journal_filter *f,
                 struct journal_log *out, struct buf *msg);
void journal_log_free(struct journal_log *l);

/* The log as text (one entry a line or two) or as a JSON array. */
int journal_format_text(struct buf *out, const struct journal_log *l);
int journal_format_json(struct buf *out, const struct journal_log *l);

#endif
