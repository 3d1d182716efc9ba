/* directory — the Resource Directory of the simulated account.
 *
 * linkrole-sim --directory N makes the account the management account of
 * a directory of N members, all alike from run to run: member i is
 * account "1%015u", "member-%04u", in a folder by i % 3, invited when
 * i % 25 is 0 or 12 (the first without the access role), holding
 * PolarDB's role when i % 7 is 3.  Each member is a struct sim_account
 * of its own, with its own lock, roles and sessions, sharing the
 * management account's catalogue; what ListAccounts shows is worked out
 * from i, so a member costs its roles and little else.  A session in a
 * member has a key id that names the member, so a request signed with it
 * goes straight to that member's lock. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/file.h"
#include "core/wipe.h"
#include "sim/internal.h"
#include "sim/limits.h"

/* "STS.M" and six digits of the member's index, then random letters. */
#define DIRECTORY_KEY_PREFIX "STS.M"
#define DIRECTORY_KEY_DIGITS 6
#define DIRECTORY_KEY_RANDOM 21
/* When the directory was made, as its members' JoinTime says. */
#define DIRECTORY_CREATED 1704067200    /* 2024-01-01T00:00:00Z */
#define DIRECTORY_POLARDB "polardb.aliyuncs.com"
#define DIRECTORY_POLARDB_ROLE "AliyunServiceRoleForPolarDB"

void directory_member_id(unsigned i, char *out, size_t size)
{
    snprintf(out, size, "1%015u", i);
}

unsigned directory_member_of(const struct sim_account *a,
                             const char *account, size_t len)
{
    unsigned long i = 0;

    if (!a->dir || len != 16 || account[0] != '1')
        return 0;
    for (size_t k = 1; k < len; k++) {
        if (account[k] < '0' || account[k] > '9')
            return 0;
        i = i * 10 + (unsigned long)(account[k] - '0');
        if (i > DIRECTORY_MEMBERS_MAX)
            return 0;
    }
    return i >= 1 && i <= a->dir->count ? (unsigned)i : 0;
}

int directory_session_key(unsigned i, char *out, size_t size)
{
    char tail[DIRECTORY_KEY_RANDOM + 1];

    if (ids_alnum(tail, DIRECTORY_KEY_RANDOM))
        return -1;
    return snprintf(out, size, DIRECTORY_KEY_PREFIX "%0*u%s",
                    DIRECTORY_KEY_DIGITS, i, tail) < (int)size ? 0 : -1;
}

/* The member a key id names, or 0. */
static unsigned directory_key_member(const struct sim_account *a,
                                     const char *id, size_t len)
{
    size_t pre = strlen(DIRECTORY_KEY_PREFIX);
    unsigned i = 0;

    if (len < pre + DIRECTORY_KEY_DIGITS ||
        strncmp(id, DIRECTORY_KEY_PREFIX, pre) != 0)
        return 0;
    for (size_t k = pre; k < pre + DIRECTORY_KEY_DIGITS; k++) {
        if (id[k] < '0' || id[k] > '9')
            return 0;
        i = i * 10 + (unsigned)(id[k] - '0');
    }
    return i >= 1 && i <= a->dir->count ? i : 0;
}

/* AccessKeyId=... in a query or form text: at its start or after "&". */
static const char *directory_form_key(const char *text, size_t len,
                                      size_t *key_len)
{
    static const char name[] = "AccessKeyId=";
    size_t n = sizeof(name) - 1;

    for (size_t at = 0; at + n <= len; at++)
        if ((at == 0 || text[at - 1] == '&') &&
            strncmp(text + at, name, n) == 0) {
            const char *v = text + at + n;
            size_t left = len - at - n, k = 0;

            while (k < left && v[k] != '&')
                k++;
            *key_len = k;
            return v;
        }
    return NULL;
}

unsigned directory_route(const struct sim_account *a,
                         const struct sim_request *req)
{
    const char *auth, *id = NULL, *cred;
    size_t len = 0;

    if (!a->dir)
        return 0;
    auth = kvlist_get_case(req->headers, "Authorization");
    cred = auth ? strstr(auth, "Credential=") : NULL;
    if (cred) {
        id = cred + strlen("Credential=");
        len = strcspn(id, ", ");
    } else {
        id = kvlist_get(req->query, "AccessKeyId");
        len = id ? strlen(id) : 0;
        if (!id && req->body)
            id = directory_form_key(req->body, req->body_len, &len);
    }
    return id ? directory_key_member(a, id, len) : 0;
}

/* Member i's preset roles: the access role (trusting the management
 * account) unless invited without it, and PolarDB's for i % 7 == 3. */
static int directory_member_roles(struct sim_account *m,
                                  const struct sim_account *master,
                                  unsigned i, time_t created)
{
    const struct catalog_entry *e;
    char who[LIMITS_ID_DIGITS_MAX + 32];
    char *policy;
    struct buf desc;
    int rc = -1;

    buf_init(&desc, 64 * 1024);
    if (i % 25 != 0) {
        snprintf(who, sizeof(who), "acs:ram::%s:root", master->account_id);
        policy = store_trust_policy("RAM", who);
        if (!policy ||
            !store_role_add(m, DIRECTORY_ACCESS_ROLE, NULL,
                            "Resource Directory account access role",
                            policy, created, NULL)) {
            free(policy);
            goto out;
        }
        free(policy);
    }
    if (i % 7 == 3) {
        e = m->catalog ? catalog_find(m->catalog, DIRECTORY_POLARDB) : NULL;
        if ((e ? api_ram_default_description(&desc, e)
               : buf_adds(&desc, "Service Linked Role for PolarDB")) ||
            !store_role_add(m, e ? e->role_name : DIRECTORY_POLARDB_ROLE,
                            DIRECTORY_POLARDB, buf_str(&desc), NULL, created,
                            NULL))
            goto out;
    }
    rc = 0;
out:
    buf_free(&desc);
    return rc;
}

static struct sim_account *directory_member_new(struct sim_account *a,
                                                unsigned i, time_t created)
{
    char id[LIMITS_ID_DIGITS_MAX + 1];
    struct sim_account *m = calloc(1, sizeof(*m));

    if (!m)
        return NULL;
    if (pthread_mutex_init(&m->lock, NULL)) {
        free(m);
        return NULL;
    }
    kvlist_init(&m->assumable);
    kvlist_init(&m->refused);
    kvlist_init(&m->in_use);
    directory_member_id(i, id, sizeof(id));
    m->master = a;
    m->member_index = i;
    m->catalog = a->catalog;
    m->role_limit = a->role_limit;
    m->session_seconds = a->session_seconds;
    m->next_seq = 1;
    m->account_id = strdup(id);
    m->nonces = verify_nonces_new(VERIFY_NONCES_MAX);
    if (!m->account_id || !m->nonces ||
        directory_member_roles(m, a, i, created)) {
        sim_account_free(m);
        return NULL;
    }
    return m;
}

int directory_make(struct sim_account *a, unsigned count)
{
    struct sim_directory *d;

    if (a->dir || a->master || count < 1 || count > DIRECTORY_MEMBERS_MAX)
        return -1;
    d = calloc(1, sizeof(*d));
    if (!d)
        return -1;
    d->members = calloc(count, sizeof(*d->members));
    if (!d->members || pthread_mutex_init(&d->save_lock, NULL)) {
        free(d->members);
        free(d);
        return -1;
    }
    d->created = DIRECTORY_CREATED;
    atomic_init(&d->dirty, false);
    for (unsigned i = 1; i <= count; i++) {
        d->members[i - 1] = directory_member_new(a, i, d->created);
        if (!d->members[i - 1]) {
            d->count = i - 1;
            directory_free(d);
            return -1;
        }
    }
    d->count = count;
    a->dir = d;
    return 0;
}

void directory_free(struct sim_directory *d)
{
    if (!d)
        return;
    for (unsigned i = 0; i < d->count; i++)
        sim_account_free(d->members[i]);
    free(d->members);
    pthread_mutex_destroy(&d->save_lock);
    free(d);
}

void directory_assume(struct call *c, unsigned member, const char *role_name,
                      const char *session_name, long duration)
{
    struct sim_account *m = c->a->dir->members[member - 1];
    const struct sim_role *r = NULL;
    const struct sim_session *s;

    pthread_mutex_lock(&m->lock);
    /* Only the access role trusts the management account; the others
     * trust a service or the member itself. */
    if (strcasecmp(role_name, DIRECTORY_ACCESS_ROLE) == 0)
        r = store_role_find(m, role_name);
    if (!r) {
        reply_error(c, 404, "EntityNotExist.Role",
                    "The specified Role not exists.");
        goto out;
    }
    s = store_session_add(m, m->account_id, strlen(m->account_id),
                          r->role_id, role_name, session_name,
                          c->now + duration);
    if (!s) {
        reply_internal(c);
        goto out;
    }
    api_sts_reply(c, s);
out:
    pthread_mutex_unlock(&m->lock);
}

static long directory_ms_since(const struct timespec *then,
                               const struct timespec *now)
{
    return (long)(now->tv_sec - then->tv_sec) * 1000 +
           (now->tv_nsec - then->tv_nsec) / 1000000;
}

int directory_save(struct sim_account *a, bool force)
{
    struct sim_directory *d = a->dir;
    struct timespec now;
    struct buf text;
    int rc = 0;

    if (!d || !a->state_path || !atomic_load(&d->dirty))
        return 0;
    if (force)
        pthread_mutex_lock(&d->save_lock);
    else if (pthread_mutex_trylock(&d->save_lock))
        return 0;       /* another thread is saving right now */
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!force && (d->saved.tv_sec || d->saved.tv_nsec) &&
        directory_ms_since(&d->saved, &now) < DIRECTORY_SAVE_MS) {
        pthread_mutex_unlock(&d->save_lock);
        return 0;
    }
    /* Cleared before the snapshot: a change made while it is taken
     * marks it again, and the next save has it. */
    atomic_store(&d->dirty, false);
    buf_init(&text, STATEFILE_MAX);
    pthread_mutex_lock(&a->lock);
    rc = statefile_write(a, &text);
    pthread_mutex_unlock(&a->lock);
    if (rc == 0 && file_replace(a->state_path, buf_str(&text),
                                buf_len(&text), NULL) != FILE_PUT_OK)
        rc = -1;
    if (rc)
        atomic_store(&d->dirty, true);
    d->saved = now;
    buf_free(&text);
    pthread_mutex_unlock(&d->save_lock);
    return rc;
}

unsigned account_acting_in(struct sim_account *a,
                           const struct sim_request *req, char *id,
                           size_t size)
{
    unsigned member = account_unsigned_path(req->path)
                          ? 0 : directory_route(a, req);

    /* The management account's id is set before any request. */
    if (member)
        directory_member_id(member, id, size);
    else
        snprintf(id, size, "%s", a->account_id);
    return member;
}

int sim_account_add_directory(struct sim_account *a, unsigned n)
{
    int rc;

    pthread_mutex_lock(&a->lock);
    rc = directory_make(a, n);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

unsigned sim_account_members(struct sim_account *a)
{
    return a->dir ? a->dir->count : 0;
}

int sim_account_save(struct sim_account *a)
{
    return directory_save(a, true);
}

void sim_account_flight(struct sim_account *a, bool begin)
{
    unsigned now, max;

    if (!begin) {
        atomic_fetch_sub(&a->in_flight, 1);
        return;
    }
    now = atomic_fetch_add(&a->in_flight, 1) + 1;
    max = atomic_load(&a->in_flight_max);
    while (now > max &&
           !atomic_compare_exchange_weak(&a->in_flight_max, &max, now))
        ;
}
