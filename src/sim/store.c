/* store — what the simulated account holds: roles, deletion tasks and
 * STS sessions.
 *
 * Plain arrays in creation order (ListRoles pages by it); tasks and
 * sessions are bounded, forgetting the oldest or the first to expire, so
 * a long-running linkrole-sim cannot be made to grow without end.
 * Secrets of sessions are wiped when they go. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "cloud/sign.h"
#include "core/wipe.h"
#include "sim/internal.h"
#include "sim/limits.h"

#define STORE_SESSIONS_MAX 1024u
#define STORE_TASKS_MAX 1024u
#define STORE_TOKEN_BYTES 96
#define STORE_SECRET_CHARS 30
#define STORE_STS_ID_CHARS 28

/* --- roles ---------------------------------------------------------------- */

struct sim_role *store_role_find(struct sim_account *a, const char *name)
{
    for (size_t i = 0; i < a->nroles; i++)
        if (strcasecmp(a->roles[i].role_name, name) == 0)
            return &a->roles[i];
    return NULL;
}

bool store_role_id_taken(const struct sim_account *a, const char *id)
{
    for (size_t i = 0; i < a->nroles; i++)
        if (strcmp(a->roles[i].role_id, id) == 0)
            return true;
    return false;
}

void store_role_clear(struct sim_role *r)
{
    free(r->role_id);
    free(r->role_name);
    free(r->service_name);
    free(r->description);
    free(r->policy);
    memset(r, 0, sizeof(*r));
}

void store_role_remove(struct sim_account *a, struct sim_role *r)
{
    size_t i = (size_t)(r - a->roles);

    store_role_clear(r);
    memmove(&a->roles[i], &a->roles[i + 1],
            (a->nroles - i - 1) * sizeof(*a->roles));
    a->nroles--;
}

char *store_trust_policy(const char *kind, const char *who)
{
    struct json_writer w;
    struct buf out;
    char *s = NULL;

    buf_init(&out, 4096);
    json_writer_init(&w, &out, 0);
    json_begin_object(&w);
    json_key(&w, "Statement");
    json_begin_array(&w);
    json_begin_object(&w);
    reply_pair(&w, "Action", "sts:AssumeRole");
    reply_pair(&w, "Effect", "Allow");
    json_key(&w, "Principal");
    json_begin_object(&w);
    json_key(&w, kind);
    json_begin_array(&w);
    json_string(&w, who);
    json_end_array(&w);
    json_end_object(&w);
    json_end_object(&w);
    json_end_array(&w);
    reply_pair(&w, "Version", "1");
    json_end_object(&w);
    if (json_writer_finish(&w) == 0) {
        /* The writer ends a document with a newline; a policy string
         * carries none. */
        out.len--;
        out.data[out.len] = '\0';
        s = buf_take(&out);
    }
    buf_free(&out);
    return s;
}

static char *store_owner_policy(const struct sim_account *a)
{
    char who[LIMITS_ID_DIGITS_MAX + 32];

    snprintf(who, sizeof(who), "acs:ram::%s:root", a->account_id);
    return store_trust_policy("RAM", who);
}

struct sim_role *store_role_add(struct sim_account *a, const char *name,
                                const char *service, const char *description,
                                const char *policy, time_t created,
                                const char *role_id)
{
    struct sim_role *roles, *r;
    char id[ACCOUNT_ROLE_ID_DIGITS + 1];
    int tries = 0;

    roles = state_grow(a->roles, &a->roles_cap, a->nroles,
                       sizeof(*a->roles));
    if (!roles)
        return NULL;
    a->roles = roles;
    if (!role_id) {
        do {
            if (ids_digits(id, ACCOUNT_ROLE_ID_DIGITS) || ++tries > 100)
                return NULL;
        } while (store_role_id_taken(a, id));
        role_id = id;
    }
    r = &a->roles[a->nroles];
    memset(r, 0, sizeof(*r));
    r->role_id = strdup(role_id);
    r->role_name = strdup(name);
    r->service_name = service ? strdup(service) : NULL;
    r->description = strdup(description);
    if (policy)
        r->policy = strdup(policy);
    else if (service)
        r->policy = store_trust_policy("Service", service);
    else
        r->policy = store_owner_policy(a);
    if (!r->role_id || !r->role_name || (service && !r->service_name) ||
        !r->description || !r->policy) {
        store_role_clear(r);
        return NULL;
    }
    r->service_linked = service != NULL;
    r->created = created;
    r->updated = created;
    r->seq = a->next_seq++;
    a->nroles++;
    return r;
}

/* --- deletion tasks ------------------------------------------------------- */

void store_task_clear(struct sim_task *t)
{
    free(t->id);
    free(t->role_name);
    free(t->service_name);
    memset(t, 0, sizeof(*t));
}

struct sim_task *store_task_add(struct sim_account *a, const char *id,
                                const struct sim_role *r, time_t now)
{
    struct sim_task *tasks, *t;

    if (a->ntasks >= STORE_TASKS_MAX) {
        store_task_clear(&a->tasks[0]);
        memmove(&a->tasks[0], &a->tasks[1],
                (a->ntasks - 1) * sizeof(*a->tasks));
        a->ntasks--;
    }
    tasks = state_grow(a->tasks, &a->tasks_cap, a->ntasks,
                       sizeof(*a->tasks));
    if (!tasks)
        return NULL;
    a->tasks = tasks;
    t = &a->tasks[a->ntasks];
    memset(t, 0, sizeof(*t));
    t->id = strdup(id);
    t->role_name = strdup(r->role_name);
    t->service_name = strdup(r->service_name);
    if (!t->id || !t->role_name || !t->service_name) {
        store_task_clear(t);
        return NULL;
    }
    t->created = now;
    t->status = TASK_IN_PROGRESS;
    a->ntasks++;
    return t;
}

struct sim_task *store_task_find(struct sim_account *a, const char *id)
{
    struct sim_task *t = NULL;

    for (size_t i = 0; i < a->ntasks; i++)
        if (strcmp(a->tasks[i].id, id) == 0)
            t = &a->tasks[i];
    return t;
}

const struct sim_task *store_task_latest(const struct sim_account *a,
                                         const struct sim_role *r)
{
    const struct sim_task *t = NULL;

    for (size_t i = 0; i < a->ntasks; i++)
        if (strcasecmp(a->tasks[i].role_name, r->role_name) == 0)
            t = &a->tasks[i];
    return t;
}

/* --- STS sessions --------------------------------------------------------- */

void store_session_clear(struct sim_session *s)
{
    free(s->key_id);
    wipe_free(s->secret);
    wipe_free(s->token);
    free(s->account_id);
    free(s->role_id);
    free(s->role_name);
    free(s->session_name);
    memset(s, 0, sizeof(*s));
}

/* Makes room for one more session, dropping the one that expires first
 * (an expired one, when there is any). */
static int store_session_room(struct sim_account *a)
{
    struct sim_session *sessions;
    size_t victim = 0;

    if (a->nsessions >= STORE_SESSIONS_MAX) {
        for (size_t i = 1; i < a->nsessions; i++)
            if (a->sessions[i].expires < a->sessions[victim].expires)
                victim = i;
        store_session_clear(&a->sessions[victim]);
        memmove(&a->sessions[victim], &a->sessions[victim + 1],
                (a->nsessions - victim - 1) * sizeof(*a->sessions));
        a->nsessions--;
    }
    sessions = state_grow(a->sessions, &a->sessions_cap, a->nsessions,
                          sizeof(*a->sessions));
    if (!sessions)
        return -1;
    a->sessions = sessions;
    return 0;
}

static int store_session_make(const struct sim_account *a,
                              struct sim_session *s, const char *acct,
                              size_t acct_len, const char *role_id,
                              const char *role_name, const char *session_name,
                              time_t expires)
{
    char id[STORE_STS_ID_CHARS + 1], secret[STORE_SECRET_CHARS + 1];
    unsigned char raw[STORE_TOKEN_BYTES];
    struct buf token;
    int rc = -1;

    buf_init(&token, 1024);
    memset(s, 0, sizeof(*s));
    /* Real tokens are Base64 with "+", "/" and "=": they test encoding. */
    if (ids_alnum(id, STORE_STS_ID_CHARS) ||
        ids_alnum(secret, STORE_SECRET_CHARS) ||
        RAND_bytes(raw, sizeof(raw)) != 1 ||
        buf_adds(&token, "CAIS") != BUF_OK)
        goto out;
    for (size_t i = 0; i < sizeof(raw); i += 48)
        if (sign_base64(&token, raw + i, 48))
            goto out;
    s->key_id = malloc(4 + sizeof(id));
    /* A member's key names the member (directory.c); no other key may
     * look like one. */
    if (id[0] == 'M')
        id[0] = 'N';
    if (s->key_id && a->member_index &&
        directory_session_key(a->member_index, s->key_id, 4 + sizeof(id))) {
        free(s->key_id);
        s->key_id = NULL;
    } else if (s->key_id && !a->member_index) {
        snprintf(s->key_id, 4 + sizeof(id), "STS.%s", id);
    }
    s->secret = strdup(secret);
    s->token = buf_take(&token);
    s->account_id = strndup(acct, acct_len);
    s->role_id = strdup(role_id);
    s->role_name = strdup(role_name);
    s->session_name = strdup(session_name);
    s->expires = expires;
    if (s->key_id && s->secret && s->token && s->account_id && s->role_id &&
        s->role_name && s->session_name)
        rc = 0;
out:
    wipe_mem(secret, sizeof(secret));
    wipe_mem(raw, sizeof(raw));
    buf_wipe(&token);
    if (rc)
        store_session_clear(s);
    return rc;
}

const struct sim_session *store_session_add(struct sim_account *a,
                                            const char *account,
                                            size_t account_len,
                                            const char *role_id,
                                            const char *role_name,
                                            const char *session_name,
                                            time_t expires)
{
    if (store_session_room(a) ||
        store_session_make(a, &a->sessions[a->nsessions], account,
                           account_len,
                           role_id, role_name, session_name, expires))
        return NULL;
    return &a->sessions[a->nsessions++];
}
