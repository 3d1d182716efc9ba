/* journal_done — which accounts the journal shows done, read once for a
 * whole rollout (journal.h): looking each account up in the file would
 * read it once per account. */
#include "config.h"

#include "app/journal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/i18n.h"
#include "app/journal_log.h"

#define DONE_ACCOUNT_MAX 64

struct done_entry {
    char account[DONE_ACCOUNT_MAX];
    char intent[JOURNAL_ID_MAX];/* the last unsure intent's id */
    size_t seq;                 /* its place in the journal */
    bool done;                  /* a successful outcome */
    bool unsure;                /* an intent without a known outcome */
};

struct journal_done_set {
    struct done_entry *entries; /* sorted by account, one each */
    size_t count;
};

static int entry_cmp(const void *a, const void *b)
{
    const struct done_entry *x = a, *y = b;
    int c = strcmp(x->account, y->account);

    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int account_cmp(const void *a, const void *b)
{
    return strcmp(((const struct done_entry *)a)->account,
                  ((const struct done_entry *)b)->account);
}

static const struct done_entry *find(const struct journal_done_set *s,
                                     const char *account)
{
    struct done_entry key;

    if (!s || !account || strlen(account) >= sizeof(key.account))
        return NULL;
    memset(&key, 0, sizeof(key));
    strcpy(key.account, account);
    return bsearch(&key, s->entries, s->count, sizeof(key), account_cmp);
}

int journal_done_read(const char *path, const char *action,
                      const char *role, struct journal_done_set **out,
                      struct buf *msg)
{
    struct journal_log log;
    struct journal_done_set *s;
    size_t n = 0;
    int rc = -1;

    *out = NULL;
    memset(&log, 0, sizeof(log));
    s = calloc(1, sizeof(*s));
    if (!s)
        goto nomem;
    if (path && *path &&
        journal_read(path, &(struct journal_filter){ NULL, NULL, 0 }, &log,
                     msg))
        goto out;
    s->entries = calloc(log.count ? log.count : 1, sizeof(*s->entries));
    if (!s->entries)
        goto nomem;
    for (size_t i = 0; i < log.count; i++) {
        const struct journal_record *r = &log.records[i];

        if (!r->account || !*r->account ||
            strlen(r->account) >= DONE_ACCOUNT_MAX || !r->action ||
            strcmp(r->action, action) != 0 || !r->role ||
            strcasecmp(r->role, role) != 0)
            continue;
        strcpy(s->entries[n].account, r->account);
        s->entries[n].seq = i;
        s->entries[n].done = r->result == JOURNAL_OK;
        /* A request abandoned when the run was stopped may have been
         * carried out all the same: as unsure as no outcome at all. */
        s->entries[n].unsure = r->result == JOURNAL_UNKNOWN ||
                               (r->result == JOURNAL_FAILED && r->error &&
                                strcmp(r->error, "cancelled") == 0);
        if (s->entries[n].unsure && r->id &&
            strlen(r->id) < sizeof(s->entries[n].intent))
            strcpy(s->entries[n].intent, r->id);
        n++;
    }
    qsort(s->entries, n, sizeof(*s->entries), entry_cmp);
    /* One entry per account: done if any attempt was, unsure if one
     * was and none is known done. */
    s->count = 0;
    for (size_t i = 0; i < n; i++) {
        struct done_entry *last = s->count ? &s->entries[s->count - 1]
                                           : NULL;

        if (last && strcmp(last->account, s->entries[i].account) == 0) {
            last->done |= s->entries[i].done;
            if (s->entries[i].unsure) {
                last->unsure = true;
                memcpy(last->intent, s->entries[i].intent,
                       sizeof(last->intent));
            }
        } else {
            s->entries[s->count++] = s->entries[i];
        }
    }
    for (size_t i = 0; i < s->count; i++)
        if (s->entries[i].done)
            s->entries[i].unsure = false;
    *out = s;
    s = NULL;
    rc = 0;
    goto out;
nomem:
    buf_adds(msg, _("out of memory"));
out:
    journal_log_free(&log);
    journal_done_free(s);
    return rc;
}

bool journal_done_has(const struct journal_done_set *s, const char *account)
{
    const struct done_entry *e = find(s, account);

    return e && e->done;
}

bool journal_done_unsure(const struct journal_done_set *s,
                         const char *account)
{
    const struct done_entry *e = find(s, account);

    return e && e->unsure;
}

const char *journal_done_intent(const struct journal_done_set *s,
                                const char *account)
{
    const struct done_entry *e = find(s, account);

    return e && e->unsure && e->intent[0] ? e->intent : NULL;
}

size_t journal_done_count(const struct journal_done_set *s)
{
    size_t n = 0;

    for (size_t i = 0; s && i < s->count; i++)
        n += s->entries[i].done;
    return n;
}

void journal_done_free(struct journal_done_set *s)
{
    if (!s)
        return;
    free(s->entries);
    free(s);
}

bool journal_done(const char *account, const char *action, const char *role)
{
    struct journal_done_set *s = NULL;
    struct buf msg;
    char path[4200];
    bool done;

    buf_init(&msg, 4096);
    journal_file(path, sizeof(path));
    done = journal_done_read(path, action, role, &s, &msg) == 0 &&
           journal_done_has(s, account);
    journal_done_free(s);
    buf_free(&msg);
    return done;
}
