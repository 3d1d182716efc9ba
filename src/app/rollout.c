/* rollout — see rollout.h.  This file lists the directory's accounts
 * into rows, keeps the counts and words the rows; rollout_run.c runs
 * the workers. */
#include "config.h"

#include "app/rollout_impl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "app/exit.h"
#include "app/hints.h"
#include "app/i18n.h"
#include "app/journal.h"
#include "app/slr.h"
#include "core/clock.h"

/* Bounds that hold whatever a server answers: pages of one listing,
 * accounts in all, folders walked and their depth (the directory
 * allows five levels under the root). */
#define ROLLOUT_PAGES_MAX 2100
#define ROLLOUT_LISTED_MAX 100000
#define ROLLOUT_FOLDERS_MAX 5000
#define ROLLOUT_DEPTH_MAX 8

/* --- states ----------------------------------------------------------- */

static const char *const state_names[ROLLOUT_STATE_COUNT] = {
    [ROLLOUT_PENDING] = "pending",
    [ROLLOUT_RUNNING] = "running",
    [ROLLOUT_EXISTS] = "exists",
    [ROLLOUT_WOULD_CREATE] = "would-create",
    [ROLLOUT_CREATED] = "created",
    [ROLLOUT_EXISTED] = "existed",
    [ROLLOUT_SKIPPED] = "skipped",
    [ROLLOUT_NO_ENTRY] = "no-entry",
    [ROLLOUT_REFUSED] = "refused",
    [ROLLOUT_BUSY] = "busy",
    [ROLLOUT_FAILED] = "failed",
    [ROLLOUT_CANCELLED] = "cancelled",
};

static const char *const state_texts[ROLLOUT_STATE_COUNT] = {
    /* TRANSLATORS: the states of one account in a rollout's table;
     * short words. */
    [ROLLOUT_PENDING] = N_("pending"),
    [ROLLOUT_RUNNING] = N_("running"),
    [ROLLOUT_EXISTS] = N_("exists"),
    [ROLLOUT_WOULD_CREATE] = N_("would create"),
    [ROLLOUT_CREATED] = N_("created"),
    [ROLLOUT_EXISTED] = N_("existed"),
    [ROLLOUT_SKIPPED] = N_("skipped (done before)"),
    [ROLLOUT_NO_ENTRY] = N_("no entry"),
    [ROLLOUT_REFUSED] = N_("refused"),
    [ROLLOUT_BUSY] = N_("busy"),
    [ROLLOUT_FAILED] = N_("failed"),
    [ROLLOUT_CANCELLED] = N_("cancelled"),
};

bool rollout_state_done(enum rollout_state s)
{
    return s == ROLLOUT_CREATED || s == ROLLOUT_EXISTED ||
           s == ROLLOUT_SKIPPED || s == ROLLOUT_EXISTS;
}

const char *rollout_state_name(enum rollout_state s)
{
    return (unsigned)s < ROLLOUT_STATE_COUNT ? state_names[s] : "?";
}

const char *rollout_state_text(enum rollout_state s)
{
    return (unsigned)s < ROLLOUT_STATE_COUNT ? _(state_texts[s]) : "?";
}

void rollout_set_state(struct rollout *r, size_t i, enum rollout_state st)
{
    r->counts[r->rows[i].state]--;
    r->rows[i].state = st;
    r->counts[st]++;
}

/* --- the accounts listed ---------------------------------------------- */

/* A set of the ids seen (64-bit hashes: a listing's check for pages
 * that bring nothing new, and for folders walked twice). */
struct seen {
    uint64_t *slots;
    size_t room, used;
};

static uint64_t hash_of(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h ? h : 1;
}

/* 1 when id is new, 0 when seen, -1 out of memory. */
static int seen_add(struct seen *s, const char *id)
{
    uint64_t h = hash_of(id);
    size_t i;

    if ((s->used + 1) * 2 > s->room) {
        size_t room = s->room ? s->room * 2 : 1024;
        uint64_t *slots = calloc(room, sizeof(*slots));

        if (!slots)
            return -1;
        for (size_t k = 0; k < s->room; k++) {
            if (!s->slots[k])
                continue;
            for (i = (size_t)s->slots[k] & (room - 1); slots[i];
                 i = (i + 1) & (room - 1))
                ;
            slots[i] = s->slots[k];
        }
        free(s->slots);
        s->slots = slots;
        s->room = room;
    }
    for (i = (size_t)h & (s->room - 1); s->slots[i];
         i = (i + 1) & (s->room - 1))
        if (s->slots[i] == h)
            return 0;
    s->slots[i] = h;
    s->used++;
    return 1;
}

/* What a listing carries from page to page. */
struct lister {
    struct rollout *r;
    struct seen accounts;
    bool *named_found;          /* per scope.accounts entry */
    size_t room;
};

static bool in_list(const char *id, const char *const *list, size_t n,
                    size_t *at)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] && strcmp(list[i], id) == 0) {
            if (at)
                *at = i;
            return true;
        }
    return false;
}

static void copy_text(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* A new row for id, PENDING.  Returns it, or NULL out of memory. */
static struct rollout_row *row_add(struct lister *L, const char *id)
{
    struct rollout *r = L->r;
    struct rollout_row *row;

    if (r->count == L->room) {
        size_t room = L->room ? L->room * 2 : 256;
        struct rollout_row *grown = realloc(r->rows, room * sizeof(*grown));

        if (!grown)
            return NULL;
        r->rows = grown;
        L->room = room;
    }
    row = &r->rows[r->count++];
    memset(row, 0, sizeof(*row));
    copy_text(row->account_id, sizeof(row->account_id), id);
    copy_text(row->role_name, sizeof(row->role_name), r->role_name);
    row->state = ROLLOUT_PENDING;
    return row;
}

/* Whether a listed account is a target; adds its row if so.  Returns 0
 * or -1 out of memory. */
static int consider(struct lister *L, const struct api_rd_account *a)
{
    const struct rollout_scope *sc = &L->r->cfg.scope;
    struct rollout_row *row;
    size_t at;

    if (strcmp(a->account_id, L->r->master) == 0 ||
        in_list(a->account_id, sc->exclude, sc->nexclude, NULL))
        return 0;
    if (!sc->all && sc->naccounts) {
        if (!in_list(a->account_id, sc->accounts, sc->naccounts, &at))
            return 0;
        if (L->named_found[at])
            return 0;
        L->named_found[at] = true;
    }
    if (!(row = row_add(L, a->account_id)))
        return -1;
    copy_text(row->display_name, sizeof(row->display_name),
              a->display_name);
    copy_text(row->folder_id, sizeof(row->folder_id), a->folder_id);
    copy_text(row->join_method, sizeof(row->join_method), a->join_method);
    return 0;
}

/* Paging that would not end: the server repeats itself or never stops. */
static void endless(struct api_error *err, const char *action, long page)
{
    memset(err, 0, sizeof(*err));
    err->kind = API_ERR_RESPONSE;
    err->why = API_WHY_MARKER_REPEATED;
    err->reason = (int)page;
    copy_text(err->action, sizeof(err->action), action);
}

/* Every page of the accounts of parent (NULL: the whole directory). */
static int list_accounts(struct lister *L, const char *parent,
                         struct api_error *err)
{
    struct api_client *c = &L->r->s->client;
    const char *action = parent ? "ListAccountsForParent" : "ListAccounts";

    for (long page = 1;; page++) {
        struct api_rd_account_page pg;
        size_t fresh = 0;
        int rc = 0;

        if (page > ROLLOUT_PAGES_MAX) {
            endless(err, action, page);
            return -1;
        }
        if (api_list_accounts(c, parent, page, API_RD_PAGE_SIZE_MAX, &pg,
                              err))
            return -1;
        for (size_t i = 0; i < pg.count && rc == 0; i++) {
            int n = seen_add(&L->accounts, pg.accounts[i].account_id);

            if (n < 0 || (n > 0 && consider(L, &pg.accounts[i])))
                rc = -1;
            fresh += n > 0;
        }
        if (rc) {
            api_rd_account_page_free(&pg);
            rollout_nomem(err);
            return -1;
        }
        if (L->accounts.used > ROLLOUT_LISTED_MAX ||
            (pg.count > 0 && fresh == 0)) {
            api_rd_account_page_free(&pg);
            endless(err, action, page);
            return -1;
        }
        /* A short page is the last: TotalCount is not trusted, an
         * empty page ends it whatever it claims. */
        rc = pg.count < API_RD_PAGE_SIZE_MAX;
        api_rd_account_page_free(&pg);
        if (rc)
            return 0;
    }
}

struct folder_todo {
    char id[64];
    int depth;
};

/* The folder and every folder under it (a cycle or a repeat is walked
 * once), each folder's accounts listed. */
static int list_subtree(struct lister *L, const char *folder,
                        struct api_error *err)
{
    struct api_client *c = &L->r->s->client;
    struct folder_todo *todo;
    struct seen folders = { NULL, 0, 0 };
    size_t head = 0, tail = 0;
    int rc = -1;

    todo = calloc(ROLLOUT_FOLDERS_MAX, sizeof(*todo));
    if (!todo || seen_add(&folders, folder) < 0) {
        rollout_nomem(err);
        goto out;
    }
    copy_text(todo[tail].id, sizeof(todo[tail].id), folder);
    todo[tail++].depth = 0;
    while (head < tail) {
        struct folder_todo *f = &todo[head++];

        if (list_accounts(L, f->id, err))
            goto out;
        if (f->depth >= ROLLOUT_DEPTH_MAX)
            continue;
        for (long page = 1;; page++) {
            struct api_rd_folder_page pg;
            size_t fresh = 0;
            bool last;

            if (page > ROLLOUT_PAGES_MAX) {
                endless(err, "ListFoldersForParent", page);
                goto out;
            }
            if (api_list_folders(c, f->id, page, API_RD_PAGE_SIZE_MAX, &pg,
                                 err))
                goto out;
            for (size_t i = 0; i < pg.count; i++) {
                int n = seen_add(&folders, pg.folders[i].folder_id);

                if (n < 0) {
                    api_rd_folder_page_free(&pg);
                    rollout_nomem(err);
                    goto out;
                }
                if (n == 0)
                    continue;
                fresh++;
                if (tail == ROLLOUT_FOLDERS_MAX) {
                    api_rd_folder_page_free(&pg);
                    endless(err, "ListFoldersForParent", page);
                    goto out;
                }
                copy_text(todo[tail].id, sizeof(todo[tail].id),
                          pg.folders[i].folder_id);
                todo[tail++].depth = f->depth + 1;
            }
            last = pg.count < API_RD_PAGE_SIZE_MAX ||
                   (pg.count > 0 && fresh == 0);
            api_rd_folder_page_free(&pg);
            if (last)
                break;
        }
    }
    rc = 0;
out:
    free(folders.slots);
    free(todo);
    return rc;
}

/* --- making a rollout --------------------------------------------------- */

static void make_id(char *out, size_t size)
{
    char when[CLOCK_UTC_LEN + 1], compact[24];
    unsigned char rnd[3] = { 0, 0, 0 };
    size_t k = 0;

    clock_format_utc(time(NULL), when);
    for (const char *p = when; *p && k + 1 < sizeof(compact); p++)
        if (*p != '-' && *p != ':')
            compact[k++] = *p;
    compact[k] = '\0';
    if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
        long long m = clock_mono_ms() ^ (long long)getpid();

        rnd[0] = (unsigned char)m;
        rnd[1] = (unsigned char)(m >> 8);
        rnd[2] = (unsigned char)(m >> 16);
    }
    snprintf(out, size, "ro-%.20s-%02x%02x%02x", compact, rnd[0], rnd[1],
             rnd[2]);
}

static int dup_opt(char **dst, const char *src)
{
    *dst = NULL;
    if (!src || !*src)
        return 0;
    *dst = strdup(src);
    return *dst ? 0 : -1;
}

void rollout_nomem(struct api_error *err)
{
    memset(err, 0, sizeof(*err));
    err->kind = API_ERR_INTERNAL;
    err->why = API_WHY_NOMEM;
}

static void usage_error(struct api_error *err, const char *what)
{
    memset(err, 0, sizeof(*err));
    err->kind = API_ERR_USAGE;
    err->why = API_WHY_NONE;
    copy_text(err->detail, sizeof(err->detail), what);
}

/* The role's name in every account. */
static void name_role(struct rollout *r)
{
    const struct catalog *cat = r->s->have_catalog ? &r->s->catalog : NULL;

    if (r->cfg.target.dbs) {
        copy_text(r->role_name, sizeof(r->role_name), slr_dbs_role(cat));
        return;
    }
    if (cat)
        (void)slr_role_name(r->role_name, sizeof(r->role_name),
                            catalog_find(cat, r->service), r->suffix);
}

/* --resume: the accounts the journal shows done are SKIPPED. */
static int mark_done(struct rollout *r, struct api_error *err)
{
    struct journal_done_set *done = NULL;
    struct buf msg;
    char path[4200];
    int rc = -1;

    if (!r->role_name[0])
        return 0;
    buf_init(&msg, 4096);
    journal_file(path, sizeof(path));
    if (journal_done_read(path,
                          r->cfg.target.dbs ? "InitializeDbsServiceLinkedRole"
                                            : "CreateServiceLinkedRole",
                          r->role_name, &done, &msg)) {
        usage_error(err, buf_str(&msg));
        err->kind = API_ERR_INTERNAL;
        goto out;
    }
    for (size_t i = 0; i < r->count; i++)
        if (r->rows[i].state == ROLLOUT_PENDING &&
            journal_done_has(done, r->rows[i].account_id))
            rollout_set_state(r, i, ROLLOUT_SKIPPED);
    /* The workers close the intents left in doubt once they know. */
    r->done = done;
    done = NULL;
    rc = 0;
out:
    journal_done_free(done);
    buf_free(&msg);
    return rc;
}

/* The accounts named that the listing did not hold: rows that say so. */
static int add_unlisted(struct lister *L)
{
    const struct rollout_scope *sc = &L->r->cfg.scope;

    if (sc->all || !sc->naccounts)
        return 0;
    for (size_t i = 0; i < sc->naccounts; i++) {
        struct rollout_row *row;

        if (L->named_found[i] || !sc->accounts[i] ||
            strcmp(sc->accounts[i], L->r->master) == 0 ||
            in_list(sc->accounts[i], sc->exclude, sc->nexclude, NULL) ||
            in_list(sc->accounts[i], sc->accounts, i, NULL))
            continue;
        if (!(row = row_add(L, sc->accounts[i])))
            return -1;
        row->state = ROLLOUT_NO_ENTRY;
        copy_text(row->code, sizeof(row->code),
                  sc->folder ? "NotInFolder" : "NotInDirectory");
    }
    return 0;
}

static int read_directory(struct rollout *r, struct api_error *err)
{
    struct api_directory d;

    if (api_get_resource_directory(&r->s->client, &d, err))
        return -1;
    copy_text(r->directory_id, sizeof(r->directory_id), d.directory_id);
    copy_text(r->master, sizeof(r->master), d.master_account_id);
    api_directory_free(&d);
    return 0;
}

int rollout_new(struct session *s, const struct rollout_config *cfg,
                struct rollout **out, struct api_error *err)
{
    struct rollout *r;
    struct lister L;
    int rc = -1;

    *out = NULL;
    memset(&L, 0, sizeof(L));
    memset(err, 0, sizeof(*err));
    if (cfg->concurrency > ROLLOUT_CONCURRENCY_MAX) {
        usage_error(err, "concurrency");
        return -1;
    }
    if (!cfg->target.dbs &&
        (!cfg->target.service || !*cfg->target.service)) {
        usage_error(err, "service");
        return -1;
    }
    r = calloc(1, sizeof(*r));
    if (!r) {
        rollout_nomem(err);
        return -1;
    }
    r->s = s;
    r->cfg = *cfg;
    if (!r->cfg.concurrency)
        r->cfg.concurrency = ROLLOUT_CONCURRENCY_DEFAULT;
    if (pthread_mutex_init(&r->lock, NULL)) {
        free(r);
        rollout_nomem(err);
        return -1;
    }
    pthread_mutex_init(&r->creds_lock, NULL);
    pthread_cond_init(&r->wake, NULL);
    if (dup_opt(&r->service, cfg->target.service) ||
        dup_opt(&r->suffix, cfg->target.suffix) ||
        dup_opt(&r->description, cfg->target.description)) {
        rollout_nomem(err);
        goto out;
    }
    r->cfg.target.service = r->service;
    r->cfg.target.suffix = r->suffix;
    r->cfg.target.description = r->description;
    /* The lists of the scope stay the caller's: they are read here
     * only. */
    name_role(r);
    make_id(r->id, sizeof(r->id));
    if (read_directory(r, err))
        goto out;
    L.r = r;
    if (cfg->scope.naccounts &&
        !(L.named_found = calloc(cfg->scope.naccounts, sizeof(bool)))) {
        rollout_nomem(err);
        goto out;
    }
    if ((cfg->scope.folder && *cfg->scope.folder)
            ? list_subtree(&L, cfg->scope.folder, err)
            : list_accounts(&L, NULL, err))
        goto out;
    if (add_unlisted(&L)) {
        rollout_nomem(err);
        goto out;
    }
    r->cfg.scope.accounts = NULL;
    r->cfg.scope.exclude = NULL;
    r->cfg.scope.folder = NULL;
    r->cfg.scope.naccounts = r->cfg.scope.nexclude = 0;
    r->passes = calloc(r->count ? r->count : 1, 1);
    if (!r->passes) {
        rollout_nomem(err);
        goto out;
    }
    for (size_t i = 0; i < r->count; i++)
        r->counts[r->rows[i].state]++;
    if (cfg->resume && mark_done(r, err))
        goto out;
    *out = r;
    r = NULL;
    rc = 0;
out:
    free(L.accounts.slots);
    free(L.named_found);
    rollout_free(r);
    return rc;
}

/* --- reading it ------------------------------------------------------- */

size_t rollout_count(const struct rollout *r)
{
    return r->count;
}

int rollout_row(struct rollout *r, size_t i, struct rollout_row *row)
{
    if (i >= r->count)
        return -1;
    pthread_mutex_lock(&r->lock);
    *row = r->rows[i];
    pthread_mutex_unlock(&r->lock);
    return 0;
}

const char *rollout_directory_id(const struct rollout *r)
{
    return r->directory_id;
}

const char *rollout_master_account(const struct rollout *r)
{
    return r->master;
}

const char *rollout_role_name(const struct rollout *r)
{
    return r->role_name;
}

void rollout_progress(struct rollout *r, struct rollout_progress *p)
{
    long long now = clock_mono_ms();
    size_t worked;

    memset(p, 0, sizeof(*p));
    pthread_mutex_lock(&r->lock);
    p->total = r->count;
    memcpy(p->counts, r->counts, sizeof(p->counts));
    p->finished = r->count - r->counts[ROLLOUT_PENDING] -
                  r->counts[ROLLOUT_RUNNING];
    if (r->started)
        p->elapsed_ms = (r->ended ? r->ended_ms : now) - r->started_ms;
    p->ended = r->ended || !r->started;
    pthread_mutex_unlock(&r->lock);
    worked = p->finished - p->counts[ROLLOUT_SKIPPED];
    if (p->elapsed_ms > 0)
        p->per_second = (double)worked * 1000.0 / (double)p->elapsed_ms;
    copy_text(p->rollout_id, sizeof(p->rollout_id), r->id);
}

unsigned long rollout_throttles(struct rollout *r)
{
    return r->pace ? pace_throttles(r->pace) : 0;
}

const char *rollout_row_hint(const struct rollout_row *row, struct buf *tmp)
{
    struct hints_context ctx = { NULL, NULL, row->role_name, row->message };

    buf_reset(tmp);
    if (row->state == ROLLOUT_NO_ENTRY) {
        if (strcmp(row->code, "NotInDirectory") == 0)
            buf_printf(tmp, _("%s is not a member of this resource "
                              "directory."), row->account_id);
        else if (strcmp(row->code, "NotInFolder") == 0)
            buf_printf(tmp, _("%s is not in the folder given."),
                       row->account_id);
        else
            buf_printf(tmp, _("The management account cannot enter %s "
                              "through %s: an invited member has no such "
                              "role until its own administrator creates "
                              "it (trusting the management account) with "
                              "the right to manage RAM roles."),
                       row->account_id, ROLLOUT_ACCESS_ROLE);
        return buf_str(tmp);
    }
    if (!row->code[0] || rollout_state_done(row->state))
        return "";
    if (hints_for(tmp, row->code, &ctx))
        buf_reset(tmp);
    return buf_str(tmp);
}

int rollout_exit_code(const struct rollout_progress *p, bool plan)
{
    (void)plan;
    if (p->counts[ROLLOUT_CANCELLED] || p->counts[ROLLOUT_PENDING] ||
        p->counts[ROLLOUT_RUNNING])
        return 130;
    if (p->counts[ROLLOUT_REFUSED] || p->counts[ROLLOUT_NO_ENTRY])
        return EXIT_REFUSED;
    if (p->counts[ROLLOUT_FAILED])
        return EXIT_NETWORK;
    if (p->counts[ROLLOUT_BUSY])
        return EXIT_BUSY;
    return EXIT_DONE;
}

void rollout_free(struct rollout *r)
{
    if (!r)
        return;
    if (r->started && !r->joined)
        rollout_wait(r);
    pace_free(r->pace);
    journal_done_free(r->done);
    free(r->rows);
    free(r->passes);
    free(r->again);
    free(r->workers);
    free(r->service);
    free(r->suffix);
    free(r->description);
    pthread_cond_destroy(&r->wake);
    pthread_mutex_destroy(&r->creds_lock);
    pthread_mutex_destroy(&r->lock);
    free(r);
}
