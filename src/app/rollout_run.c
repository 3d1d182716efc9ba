/* rollout_run — the rollout's workers (see rollout.h).  Each has its
 * own transport, a management client (the session's, paced) and a
 * member client whose credentials are an STS session in the account
 * being worked on, renewed before they run out.  The rows are written
 * under the rollout's lock; everything a row takes from outside is made
 * safe first. */
#include "config.h"

#include "app/rollout_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "app/journal.h"
#include "app/scrub.h"
#include "app/slr.h"
#include "cloud/errors.h"
#include "core/clock.h"
#include "core/wipe.h"

/* How long an idle worker sleeps before it looks for work (or the
 * cancel flag) again, when others may still put accounts back. */
#define ROLLOUT_IDLE_MS 50

struct rollout_worker {
    struct rollout *r;
    pthread_t thread;
    bool running;
    struct transport *transport;
    struct api_client mgmt;         /* the session's credentials */
    struct api_client member;       /* an STS session in account */
    char *key_id, *key_secret, *key_token;  /* the session's, copied */
    char account[32];
    struct api_sts_credentials sts;
    bool have_sts;
    int attempts;                   /* on the current account */
    char request_ids[256];
};

/* What one account came to. */
struct outcome {
    enum rollout_state state;
    char role_id[64];
    char code[128];
    char message[256];
};

static bool cancelled(const struct rollout *r)
{
    return r->cfg.cancel && *r->cfg.cancel;
}

/* Copies an id that came from a server, keeping only what ids are made
 * of (anything else becomes "?"). */
static void copy_id(char *dst, size_t size, const char *src)
{
    size_t k = 0;

    for (; src && *src && k + 1 < size; src++) {
        char c = *src;
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                  (c >= 'a' && c <= 'z') || c == '-' || c == '_' ||
                  c == '.' || c == ':' || c == '/';

        dst[k++] = ok ? c : '?';
    }
    dst[k] = '\0';
}

/* Copies a text into a fixed room, cut (if it must be) where a UTF-8
 * character starts. */
static void copy_cut(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);

    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* --- credentials ------------------------------------------------------ */

static int dup_wiped(char **dst, const char *src)
{
    wipe_free(*dst);
    *dst = NULL;
    if (!src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

/* The session's credentials, fetched under a lock (a chain that renews
 * them is not made for several threads) and copied for this worker. */
static int mgmt_creds_get(void *ctx, struct sign_creds *out, struct buf *err)
{
    struct rollout_worker *w = ctx;
    struct rollout *r = w->r;
    struct sign_creds c;
    int rc;

    pthread_mutex_lock(&r->creds_lock);
    rc = r->s->client.creds.get(r->s->client.creds.ctx, &c, err);
    if (rc == 0 && (dup_wiped(&w->key_id, c.access_key_id) ||
                    dup_wiped(&w->key_secret, c.access_key_secret) ||
                    dup_wiped(&w->key_token, c.security_token))) {
        buf_printf(err, _("out of memory"));
        rc = -1;
    }
    pthread_mutex_unlock(&r->creds_lock);
    if (rc)
        return rc;
    out->access_key_id = w->key_id;
    out->access_key_secret = w->key_secret;
    out->security_token = w->key_token;
    return 0;
}

static void member_forget(struct rollout_worker *w)
{
    if (w->have_sts)
        api_sts_credentials_free(&w->sts);
    w->have_sts = false;
}

/* AssumeRole of the access role in w->account, signed by the session. */
static int member_assume(struct rollout_worker *w, struct api_error *err)
{
    char arn[160], name[64];

    member_forget(w);
    snprintf(arn, sizeof(arn), "acs:ram::%s:role/%s", w->account,
             ROLLOUT_ACCESS_ROLE);
    snprintf(name, sizeof(name), "linkrole-rollout-%s", w->account);
    if (api_assume_role(&w->mgmt, arn, name, ROLLOUT_SESSION_S, NULL,
                        &w->sts, err))
        return -1;
    w->have_sts = true;
    /* Whatever a member's answer echoes, these never show. */
    scrub_also(w->sts.access_key_secret);
    scrub_also(w->sts.security_token);
    return 0;
}

static time_t worker_now(const struct rollout_worker *w)
{
    return w->mgmt.now ? w->mgmt.now() : time(NULL);
}

/* The member session, assumed again when little of it is left. */
static int member_creds_get(void *ctx, struct sign_creds *out,
                            struct buf *err)
{
    struct rollout_worker *w = ctx;
    struct api_error e;

    if (!w->have_sts || (w->sts.expires_at &&
                         w->sts.expires_at - worker_now(w) <
                             ROLLOUT_RENEW_S)) {
        if (member_assume(w, &e)) {
            scrub_error(&e);
            if (e.kind == API_ERR_CLOUD)
                buf_printf(err, "AssumeRole: %s", e.code);
            else
                explain_detail(err, &e);
            return e.kind == API_ERR_NETWORK ? -2 : -1;
        }
    }
    out->access_key_id = w->sts.access_key_id;
    out->access_key_secret = w->sts.access_key_secret;
    out->security_token = w->sts.security_token;
    return 0;
}

/* Every attempt counts; the answers' request ids are kept, the last
 * ones that fit. */
static void worker_note(void *ctx, const struct api_note *n)
{
    struct rollout_worker *w = ctx;
    char id[128];
    size_t len, have, need;

    if (n->kind == API_NOTE_ATTEMPT) {
        w->attempts++;
        return;
    }
    if ((n->kind != API_NOTE_OK && n->kind != API_NOTE_REFUSED) ||
        !n->request_id || !*n->request_id)
        return;
    copy_id(id, sizeof(id), n->request_id);
    len = strlen(id);
    have = strlen(w->request_ids);
    need = have ? have + 2 + len : len;
    while (have && need >= sizeof(w->request_ids)) {
        /* Drops the oldest. */
        char *comma = strstr(w->request_ids, ", ");

        if (!comma) {
            w->request_ids[0] = '\0';
        } else {
            memmove(w->request_ids, comma + 2, strlen(comma + 2) + 1);
        }
        have = strlen(w->request_ids);
        need = have ? have + 2 + len : len;
    }
    if (need >= sizeof(w->request_ids))
        return;
    if (have)
        strcat(w->request_ids, ", ");
    strcat(w->request_ids, id);
}

/* --- one account ------------------------------------------------------ */

/* A word for an error's kind when the cloud gave no Code (as the
 * journal writes it). */
static const char *kind_word(const struct api_error *e)
{
    switch (e->kind) {
    case API_ERR_NETWORK:
        return "network";
    case API_ERR_AMBIGUOUS:
        return "unconfirmed";
    case API_ERR_RESPONSE:
        return "bad-answer";
    case API_ERR_CANCELLED:
        return "cancelled";
    case API_ERR_CREDENTIALS:
        return "credentials";
    default:
        return "failed";
    }
}

static enum rollout_state error_state(const struct api_error *e)
{
    switch (e->kind) {
    case API_ERR_CANCELLED:
        return ROLLOUT_CANCELLED;
    case API_ERR_CLOUD:
        return errors_classify(e->code) == ERRORS_RETRYABLE
                   ? ROLLOUT_BUSY : ROLLOUT_REFUSED;
    default:
        return ROLLOUT_FAILED;
    }
}

/* Masks every copy of secret in s (the member session's own: the
 * process-wide list of app/scrub keeps only the latest few, and a
 * worker's may have left it while the answer that echoes it is read). */
static void mask(char *s, const char *secret)
{
    size_t n = secret ? strlen(secret) : 0;
    char *at;

    if (n < 8)
        return;
    while ((at = strstr(s, secret)) != NULL)
        memset(at, '*', n);
}

/* o says what e was (e made safe first, while the member's secrets are
 * still known to scrub). */
static void failed(struct rollout_worker *w, struct outcome *o,
                   struct api_error *e, enum rollout_state state)
{
    struct buf why;

    if (w->have_sts) {
        const char *secrets[] = { w->sts.access_key_secret,
                                  w->sts.security_token };

        for (size_t k = 0; k < 2; k++) {
            mask(e->message, secrets[k]);
            mask(e->detail, secrets[k]);
            mask(e->code, secrets[k]);
        }
    }
    scrub_error(e);
    o->state = state;
    if (e->kind == API_ERR_CLOUD) {
        copy_cut(o->code, sizeof(o->code), e->code);
        copy_cut(o->message, sizeof(o->message), e->message);
        return;
    }
    copy_cut(o->code, sizeof(o->code), e->code[0] ? e->code : kind_word(e));
    buf_init(&why, 4096);
    if (explain_detail(&why, e) == 0)
        copy_cut(o->message, sizeof(o->message), buf_str(&why));
    buf_free(&why);
}

static void create_role(struct rollout_worker *w, struct outcome *o)
{
    struct rollout *r = w->r;
    struct api_error err;

    if (r->cfg.target.dbs) {
        struct api_dbs_init d;
        struct api_role_result role;

        if (slr_dbs_init(&w->member, &d, &err)) {
            failed(w, o, &err, error_state(&err));
            return;
        }
        o->state = d.already ? ROLLOUT_EXISTED : ROLLOUT_CREATED;
        api_dbs_init_free(&d);
        /* Its id, for the row: the activation's answer has none. */
        if (api_get_role(&w->member, r->role_name, &role, &err) == 0) {
            copy_id(o->role_id, sizeof(o->role_id), role.role.role_id);
            api_role_result_free(&role);
        }
        return;
    }
    {
        struct slr_create_request req = {
            r->cfg.target.service, r->cfg.target.suffix,
            r->cfg.target.description,
            r->role_name[0] ? r->role_name : NULL, true
        };
        struct api_role_result res;
        enum slr_outcome how;

        if (slr_create(&w->member, &req, &res, &how, &err)) {
            failed(w, o, &err, error_state(&err));
            return;
        }
        o->state = how == SLR_CREATED ? ROLLOUT_CREATED : ROLLOUT_EXISTED;
        copy_id(o->role_id, sizeof(o->role_id), res.role.role_id);
        api_role_result_free(&res);
    }
}

/* --resume: an intent an earlier run left in doubt for this account
 * gets the outcome GetRole has just told (the role there: done; absent:
 * not done, and made now), so the journal and `linkrole log` know. */
static void close_doubt(struct rollout_worker *w,
                        const struct api_role_result *found,
                        const char *absent_code)
{
    const char *id = w->r->done && !w->r->cfg.plan
                         ? journal_done_intent(w->r->done, w->account)
                         : NULL;
    struct journal_entry e;

    if (!id)
        return;
    snprintf(e.id, sizeof(e.id), "%s", id);
    if (found)
        journal_outcome(&e, found->r.request_id, found->role.role_id,
                        found->role.arn, NULL);
    else
        journal_outcome(&e, NULL, NULL, NULL, absent_code);
}

/* GetRole in the member, then the plan's answer or the create. */
static void check_role(struct rollout_worker *w, struct outcome *o)
{
    struct rollout *r = w->r;
    struct api_role_result res;
    struct api_error err;

    if (!r->role_name[0]) {
        /* A service the catalogue does not know: its role's name is
         * not known here, so only the create can tell. */
        if (r->cfg.plan)
            o->state = ROLLOUT_WOULD_CREATE;
        else
            create_role(w, o);
        return;
    }
    if (api_get_role(&w->member, r->role_name, &res, &err) == 0) {
        close_doubt(w, &res, NULL);
        o->state = r->cfg.plan ? ROLLOUT_EXISTS : ROLLOUT_EXISTED;
        copy_id(o->role_id, sizeof(o->role_id), res.role.role_id);
        api_role_result_free(&res);
        return;
    }
    if (err.kind != API_ERR_CLOUD ||
        strcmp(err.code, "EntityNotExist.Role") != 0) {
        failed(w, o, &err, error_state(&err));
        return;
    }
    close_doubt(w, NULL, err.code);
    if (r->cfg.plan)
        o->state = ROLLOUT_WOULD_CREATE;
    else
        create_role(w, o);
}

/* Whether AssumeRole's refusal keeps the worker out of the account for
 * good (NO_ENTRY), or the rest (busy, no answer). */
static enum rollout_state assume_state(const struct api_error *e)
{
    if (e->kind == API_ERR_CLOUD &&
        errors_classify(e->code) != ERRORS_RETRYABLE)
        return ROLLOUT_NO_ENTRY;
    return error_state(e);
}

/* Ends row i with o.  Called locked. */
static void finish(struct rollout_worker *w, size_t i,
                   const struct outcome *o, long long ms)
{
    struct rollout *r = w->r;
    struct rollout_row *row = &r->rows[i];
    enum rollout_state st = o->state;

    row->attempts += w->attempts;
    row->ms += ms;
    snprintf(row->role_id, sizeof(row->role_id), "%s", o->role_id);
    snprintf(row->code, sizeof(row->code), "%s", o->code);
    snprintf(row->message, sizeof(row->message), "%s", o->message);
    snprintf(row->request_ids, sizeof(row->request_ids), "%s",
             w->request_ids);
    if (st == ROLLOUT_BUSY && r->passes[i] < ROLLOUT_PASSES &&
        !cancelled(r)) {
        if (r->nagain == r->again_room) {
            size_t room = r->again_room ? r->again_room * 2 : 64;
            size_t *grown = realloc(r->again, room * sizeof(*grown));

            if (grown) {
                r->again = grown;
                r->again_room = room;
            }
        }
        if (r->nagain < r->again_room) {
            r->again[r->nagain++] = i;
            st = ROLLOUT_PENDING;
        }
    }
    rollout_set_state(r, i, st);
}

static void run_account(struct rollout_worker *w, size_t i)
{
    struct rollout *r = w->r;
    struct outcome o;
    struct api_error err;
    long long t0 = clock_mono_ms();

    memset(&o, 0, sizeof(o));
    w->attempts = 0;
    w->request_ids[0] = '\0';
    pthread_mutex_lock(&r->lock);
    snprintf(w->account, sizeof(w->account), "%s", r->rows[i].account_id);
    pthread_mutex_unlock(&r->lock);
    journal_set_thread(w->account, r->id);
    if (member_assume(w, &err))
        failed(w, &o, &err, assume_state(&err));
    else
        check_role(w, &o);
    journal_set_thread(NULL, NULL);
    member_forget(w);
    pthread_mutex_lock(&r->lock);
    finish(w, i, &o, clock_mono_ms() - t0);
    pthread_mutex_unlock(&r->lock);
}

/* --- the workers ------------------------------------------------------ */

/* The next account to work on, or -1 when there is none (and none can
 * come back).  Called locked; may wait. */
static long take(struct rollout *r)
{
    for (;;) {
        struct timespec until;

        if (cancelled(r))
            return -1;
        while (r->next < r->count) {
            size_t i = r->next++;

            if (r->rows[i].state == ROLLOUT_PENDING)
                return (long)i;
        }
        if (r->again_head < r->nagain)
            return (long)r->again[r->again_head++];
        if (r->busy_workers == 0)
            return -1;
        /* Another worker's account may come back busy. */
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += ROLLOUT_IDLE_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&r->wake, &r->lock, &until);
    }
}

static void *worker_main(void *arg)
{
    struct rollout_worker *w = arg;
    struct rollout *r = w->r;

    pthread_mutex_lock(&r->lock);
    for (;;) {
        long i = take(r);

        if (i < 0)
            break;
        rollout_set_state(r, (size_t)i, ROLLOUT_RUNNING);
        r->passes[i]++;
        r->busy_workers++;
        pthread_mutex_unlock(&r->lock);
        run_account(w, (size_t)i);
        pthread_mutex_lock(&r->lock);
        r->busy_workers--;
        pthread_cond_broadcast(&r->wake);
    }
    if (--r->live_workers == 0) {
        /* Stopped: what was never started ends cancelled. */
        for (size_t k = 0; k < r->count; k++)
            if (r->rows[k].state == ROLLOUT_PENDING)
                rollout_set_state(r, k, ROLLOUT_CANCELLED);
        r->ended = true;
        r->ended_ms = clock_mono_ms();
    }
    pthread_cond_broadcast(&r->wake);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

static void worker_setup(struct rollout *r, struct rollout_worker *w)
{
    w->r = r;
    w->mgmt = r->s->client;
    w->mgmt.transport = w->transport;
    w->mgmt.creds.get = mgmt_creds_get;
    w->mgmt.creds.ctx = w;
    w->mgmt.pacer = pace_hook(r->pace);
    w->mgmt.cancel = r->cfg.cancel;
    w->mgmt.dry_run = NULL;
    /* The front end's log is not made for several threads: a worker
     * keeps its counts and request ids instead. */
    w->mgmt.note = worker_note;
    w->mgmt.note_ctx = w;
    w->mgmt.log = NULL;
    w->mgmt.log_ctx = NULL;
    w->member = w->mgmt;
    w->member.creds.get = member_creds_get;
    w->member.creds.ctx = w;
}

static void workers_free(struct rollout *r)
{
    for (unsigned k = 0; k < r->nworkers; k++) {
        struct rollout_worker *w = &r->workers[k];

        member_forget(w);
        transport_destroy(w->transport);
        w->transport = NULL;
        wipe_free(w->key_id);
        wipe_free(w->key_secret);
        wipe_free(w->key_token);
        w->key_id = w->key_secret = w->key_token = NULL;
    }
}

int rollout_start(struct rollout *r, struct buf *msg)
{
    unsigned n = r->cfg.concurrency, started = 0;
    size_t pending = r->counts[ROLLOUT_PENDING];

    if (r->started) {
        buf_printf(msg, _("this rollout has already been started"));
        return -1;
    }
    if (r->s->client.dry_run) {
        buf_printf(msg, _("--dry-run does not apply to a rollout: use "
                          "--plan to see what it would do"));
        return -1;
    }
    if (!r->s->client.creds.get) {
        buf_printf(msg, _("no credentials"));
        return -1;
    }
    if (n > pending)
        n = (unsigned)pending;
    if (n) {
        r->pace = pace_new(NULL, r->cfg.cancel);
        r->workers = calloc(n, sizeof(*r->workers));
        if (!r->pace || !r->workers) {
            buf_printf(msg, _("out of memory"));
            return -1;
        }
    }
    r->nworkers = n;
    for (unsigned k = 0; k < n; k++) {
        if (session_transport_new(r->s, &r->workers[k].transport, msg)) {
            workers_free(r);
            return -1;
        }
        worker_setup(r, &r->workers[k]);
    }
    pthread_mutex_lock(&r->lock);
    r->started = true;
    r->started_ms = clock_mono_ms();
    r->live_workers = n;
    if (n == 0) {
        r->ended = true;
        r->ended_ms = r->started_ms;
    }
    pthread_mutex_unlock(&r->lock);
    for (unsigned k = 0; k < n; k++) {
        int e = pthread_create(&r->workers[k].thread, NULL, worker_main,
                               &r->workers[k]);

        if (e) {
            /* The ones started do the work; none at all is a failure. */
            pthread_mutex_lock(&r->lock);
            r->live_workers -= n - k;
            if (r->live_workers == 0) {
                r->ended = true;
                r->ended_ms = clock_mono_ms();
            }
            pthread_mutex_unlock(&r->lock);
            if (started == 0) {
                buf_printf(msg, _("cannot start a thread: %s"), strerror(e));
                r->started = false;
                r->ended = false;
                workers_free(r);
                return -1;
            }
            break;
        }
        r->workers[k].running = true;
        started++;
    }
    return 0;
}

void rollout_wait(struct rollout *r)
{
    if (!r->started || r->joined)
        return;
    for (unsigned k = 0; k < r->nworkers; k++)
        if (r->workers[k].running) {
            pthread_join(r->workers[k].thread, NULL);
            r->workers[k].running = false;
        }
    workers_free(r);
    r->joined = true;
}
