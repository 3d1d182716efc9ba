/* journal — the record of changes (see journal.h). */
#include "config.h"

#include "app/journal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/i18n.h"
#include "app/scrub.h"
#include "cloud/api.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/json.h"

#define JOURNAL_LINE_MAX 16384

/* One journal per process, set up by the session; the UI writes from
 * its worker thread, hence the lock. */
static struct {
    bool on;
    bool required;
    bool warned;
    char path[4200];
    char region[64];
    char identity[512];
    char account[64];
    void (*warn)(void *ctx, const char *line);
    void *warn_ctx;
    unsigned long serial;
} journal;
static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;

/* A rollout's worker writes for the member it is in, under the
 * rollout's id: its own, not the process's. */
static _Thread_local char thread_account[64];
static _Thread_local char thread_rollout[64];

void journal_path(char *out, size_t size, bool demo, bool create)
{
    char dir[4096];

    out[0] = '\0';
    file_state_dir(dir, sizeof(dir), create);
    if (!dir[0])
        return;
    if ((size_t)snprintf(out, size, "%s/%s", dir,
                         demo ? "journal-demo.jsonl" : "journal.jsonl") >=
        size)
        out[0] = '\0';
}

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* Why path cannot be written, in words, into msg. */
static void journal_why(struct buf *msg, const char *path, enum file_put rc,
                        int errnum)
{
    switch (rc) {
    case FILE_PUT_MODE:
        buf_printf(msg, _("%s: others may read the journal; refused "
                          "(chmod 600 %s)"), path, path);
        break;
    case FILE_PUT_LINK:
        buf_printf(msg, _("%s: a symbolic link, not followed"), path);
        break;
    case FILE_PUT_NOT_REGULAR:
        buf_printf(msg, _("%s: not a regular file"), path);
        break;
    default:
        buf_printf(msg, _("%s: %s"), path[0] ? path : _("the journal"),
                   errnum ? strerror(errnum) : _("cannot be written"));
        break;
    }
}

/* Can the journal be added to: 0, or the refusal in *rc and *errnum. */
static int journal_probe(const char *path, enum file_put *rc, int *errnum)
{
    struct stat st;

    *errnum = 0;
    if (!path[0]) {
        *rc = FILE_PUT_ERROR;
        *errnum = ENOENT;
        return -1;
    }
    if (lstat(path, &st)) {
        if (errno == ENOENT)
            return 0;
        *rc = FILE_PUT_ERROR;
        *errnum = errno;
        return -1;
    }
    *rc = S_ISLNK(st.st_mode)   ? FILE_PUT_LINK
          : !S_ISREG(st.st_mode) ? FILE_PUT_NOT_REGULAR
          : (st.st_mode & 077)   ? FILE_PUT_MODE
                                 : FILE_PUT_OK;
    return *rc == FILE_PUT_OK ? 0 : -1;
}

int journal_begin(const struct journal_setup *setup, struct buf *msg)
{
    enum file_put rc = FILE_PUT_OK;
    int errnum = 0, ret = 0;

    pthread_mutex_lock(&journal_lock);
    memset(&journal, 0, sizeof(journal));
    journal_path(journal.path, sizeof(journal.path), setup->demo, true);
    journal.required = setup->required;
    copy(journal.region, sizeof(journal.region), setup->region);
    copy(journal.identity, sizeof(journal.identity), setup->identity);
    journal.warn = setup->warn;
    journal.warn_ctx = setup->warn_ctx;
    journal.on = true;
    if (journal_probe(journal.path, &rc, &errnum)) {
        if (setup->required) {
            buf_adds(msg, _("--journal-required: "));
            journal_why(msg, journal.path, rc, errnum);
            journal.on = false;
            ret = -1;
        } else if (journal.warn && journal.path[0]) {
            /* Said now, while the front end can still print (the UI
             * has not taken the terminal yet); a write that fails later
             * is warned about only if this did not already. */
            struct buf why, w;

            buf_init(&why, 8192);
            buf_init(&w, 8400);
            journal_why(&why, journal.path, rc, errnum);
            buf_printf(&w, _("cannot write the journal: %s"), buf_str(&why));
            journal.warn(journal.warn_ctx, buf_str(&w));
            journal.warned = true;
            buf_free(&w);
            buf_free(&why);
        }
    }
    pthread_mutex_unlock(&journal_lock);
    return ret;
}

void journal_end(void)
{
    pthread_mutex_lock(&journal_lock);
    journal.on = false;
    pthread_mutex_unlock(&journal_lock);
}

void journal_set_account(const char *account)
{
    pthread_mutex_lock(&journal_lock);
    if (account && *account)
        copy(journal.account, sizeof(journal.account), account);
    pthread_mutex_unlock(&journal_lock);
}

void journal_set_thread(const char *account, const char *rollout_id)
{
    copy(thread_account, sizeof(thread_account), account);
    copy(thread_rollout, sizeof(thread_rollout), rollout_id);
}

void journal_file(char *out, size_t size)
{
    pthread_mutex_lock(&journal_lock);
    if (journal.path[0])
        copy(out, size, journal.path);
    else
        journal_path(out, size, false, false);
    pthread_mutex_unlock(&journal_lock);
}

/* A key and a string value, scrubbed of secrets (the writer escapes the
 * controls); NULL or "" is left out. */
static void pair(struct json_writer *w, struct buf *tmp, const char *key,
                 const char *value)
{
    if (!value || !*value)
        return;
    buf_reset(tmp);
    if (scrub_secrets(tmp, value)) {
        w->error = -1;
        return;
    }
    json_key(w, key);
    json_string(w, buf_str(tmp));
}

static void head(struct json_writer *w, struct buf *tmp, const char *id,
                 const char *type)
{
    char now[CLOCK_UTC_LEN + 1];

    clock_format_utc(time(NULL), now);
    json_begin_object(w);
    pair(w, tmp, "id", id);
    pair(w, tmp, "type", type);
    pair(w, tmp, "time", now);
}

/* Appends line (its newline added here).  Called with the lock held.
 * Returns 0, or -1 with the reason in msg (when msg) and warned about
 * once. */
static int journal_put(struct buf *line, struct buf *msg)
{
    enum file_put rc;
    int errnum = 0;
    struct buf why;

    /* The writer may end the document with a newline already. */
    if ((buf_len(line) == 0 || buf_str(line)[buf_len(line) - 1] != '\n') &&
        buf_addc(line, '\n') != BUF_OK)
        rc = FILE_PUT_NOMEM;
    else if (!journal.path[0])
        rc = FILE_PUT_ERROR, errnum = ENOENT;
    else
        rc = file_append_line(journal.path, buf_str(line), buf_len(line),
                              &errnum);
    if (rc == FILE_PUT_OK)
        return 0;
    buf_init(&why, 8192);
    journal_why(&why, journal.path, rc, errnum);
    if (msg)
        buf_printf(msg, _("cannot write the journal: %s"), buf_str(&why));
    if (!journal.warned && journal.warn && !journal.required) {
        struct buf w;

        buf_init(&w, 8400);
        buf_printf(&w, _("cannot write the journal: %s"), buf_str(&why));
        journal.warn(journal.warn_ctx, buf_str(&w));
        buf_free(&w);
    }
    journal.warned = true;
    buf_free(&why);
    return -1;
}

int journal_intent(struct journal_entry *e, const char *action,
                   const char *service, const char *role,
                   const char *suffix, const char *description,
                   struct buf *msg)
{
    struct buf line, tmp;
    struct json_writer w;
    int rc = 0;

    e->id[0] = '\0';
    pthread_mutex_lock(&journal_lock);
    if (!journal.on)
        goto out_unlocked;
    /* Time, process and a counter: unique across processes. */
    snprintf(e->id, sizeof(e->id), "%lld-%ld-%lu", (long long)time(NULL),
             (long)getpid(), ++journal.serial);
    buf_init(&line, JOURNAL_LINE_MAX);
    buf_init(&tmp, JOURNAL_LINE_MAX);
    json_writer_init(&w, &line, 0);
    head(&w, &tmp, e->id, "intent");
    pair(&w, &tmp, "account",
         thread_account[0] ? thread_account : journal.account);
    pair(&w, &tmp, "rollout", thread_rollout);
    pair(&w, &tmp, "identity", journal.identity);
    pair(&w, &tmp, "region", journal.region);
    pair(&w, &tmp, "action", action);
    pair(&w, &tmp, "service", service);
    pair(&w, &tmp, "role", role);
    pair(&w, &tmp, "suffix", suffix);
    pair(&w, &tmp, "description", description);
    json_end_object(&w);
    if (json_writer_finish(&w) || journal_put(&line, msg)) {
        e->id[0] = '\0';
        if (journal.required) {
            if (msg && !buf_len(msg))
                buf_printf(msg, _("cannot write the journal: %s"),
                           _("out of memory"));
            rc = -1;
        }
    }
    buf_free(&tmp);
    buf_free(&line);
out_unlocked:
    pthread_mutex_unlock(&journal_lock);
    return rc;
}

/* "acs:ram::ACCOUNT:role/NAME" → ACCOUNT into out. */
static void account_of(char *out, size_t size, const char *arn)
{
    const char *p = arn ? strstr(arn, "::") : NULL, *end;

    out[0] = '\0';
    if (!p || !(end = strchr(p + 2, ':')))
        return;
    if ((size_t)(end - (p + 2)) < size) {
        memcpy(out, p + 2, (size_t)(end - (p + 2)));
        out[end - (p + 2)] = '\0';
    }
}

void journal_outcome(const struct journal_entry *e, const char *request_id,
                     const char *role_id, const char *arn,
                     const char *error_code)
{
    struct buf line, tmp;
    struct json_writer w;
    char account[64];

    if (!e->id[0])
        return;
    account_of(account, sizeof(account), arn);
    pthread_mutex_lock(&journal_lock);
    /* A member's role says nothing of the process's own account. */
    if (thread_account[0])
        copy(account, sizeof(account), thread_account);
    else if (account[0] && !journal.account[0])
        copy(journal.account, sizeof(journal.account), account);
    buf_init(&line, JOURNAL_LINE_MAX);
    buf_init(&tmp, JOURNAL_LINE_MAX);
    json_writer_init(&w, &line, 0);
    head(&w, &tmp, e->id, "outcome");
    pair(&w, &tmp, "account", account);
    pair(&w, &tmp, "rollout", thread_rollout);
    json_key(&w, "ok");
    json_bool(&w, !error_code || !*error_code);
    pair(&w, &tmp, "request_id", request_id);
    pair(&w, &tmp, "role_id", role_id);
    pair(&w, &tmp, "error", error_code);
    json_end_object(&w);
    if (!json_writer_finish(&w))
        (void)journal_put(&line, NULL);
    buf_free(&tmp);
    buf_free(&line);
    pthread_mutex_unlock(&journal_lock);
}

void journal_failed(const struct journal_entry *j, const struct api_error *e)
{
    const char *code = e->code;

    if (!code[0]) {
        switch (e->kind) {
        case API_ERR_NETWORK:
            code = "network";
            break;
        case API_ERR_AMBIGUOUS:
            code = "unconfirmed";
            break;
        case API_ERR_RESPONSE:
            code = "bad-answer";
            break;
        case API_ERR_CANCELLED:
            code = "cancelled";
            break;
        default:
            code = "failed";
            break;
        }
    }
    journal_outcome(j, e->request_id, NULL, NULL, code);
}

void journal_refusal(struct api_error *err, const char *action,
                     const struct buf *msg)
{
    memset(err, 0, sizeof(*err));
    err->kind = API_ERR_INTERNAL;
    err->why = API_WHY_NONE;
    snprintf(err->action, sizeof(err->action), "%s", action);
    snprintf(err->detail, sizeof(err->detail), "%s", buf_str(msg));
}
