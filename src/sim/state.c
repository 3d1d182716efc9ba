/* state — the simulated account's life: made, set up, freed.
 *
 * Everything sim.h offers to set an account up (keys, users, assumable
 * roles, refusals, the clock, the unsigned endpoints) takes the account's
 * one lock, so linkrole-sim may change it while serving; the arrays grow
 * through state_grow. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wipe.h"
#include "sim/internal.h"
#include "sim/limits.h"

#define STATE_DEFAULT_ROLE_LIMIT 1000u
#define STATE_USER_ID_DIGITS 16
/* An ECS instance id is "i-" and this many lower-case letters and
 * digits. */
#define STATE_INSTANCE_ID_CHARS 20

time_t state_now(const struct sim_account *a)
{
    const struct sim_account *root = a->master ? a->master : a;

    return time(NULL) + (time_t)root->clock_offset;
}

void *state_grow(void *items, size_t *cap, size_t count, size_t size)
{
    size_t ncap;
    void *p;

    if (count < *cap)
        return items;
    ncap = *cap ? *cap * 2 : 8;
    if (ncap > SIZE_MAX / size)
        return NULL;
    p = realloc(items, ncap * size);
    if (!p)
        return NULL;
    *cap = ncap;
    return p;
}

struct sim_account *sim_account_new(const struct sim_config *cfg,
                                    struct buf *err)
{
    struct sim_account *a = calloc(1, sizeof(*a));
    const char *acct = cfg->account_id ? cfg->account_id
                                       : SIM_DEMO_ACCOUNT_ID;

    if (!a) {
        buf_printf(err, "out of memory");
        return NULL;
    }
    if (pthread_mutex_init(&a->lock, NULL)) {
        free(a);
        buf_printf(err, "cannot create a mutex");
        return NULL;
    }
    kvlist_init(&a->assumable);
    kvlist_init(&a->refused);
    kvlist_init(&a->in_use);
    a->catalog = cfg->catalog;
    a->clock_offset = cfg->clock_offset;
    a->role_limit = cfg->role_limit ? cfg->role_limit
                                    : STATE_DEFAULT_ROLE_LIMIT;
    a->next_seq = 1;
    a->session_seconds = LIMITS_DURATION_DEFAULT;
    atomic_init(&a->in_flight, 0);
    atomic_init(&a->in_flight_max, 0);
    if (!limits_id_ok(acct)) {
        buf_printf(err, "account id must be 1-%u digits",
                   LIMITS_ID_DIGITS_MAX);
        goto fail;
    }
    a->account_id = strdup(acct);
    a->nonces = verify_nonces_new(VERIFY_NONCES_MAX);
    if (!a->account_id || !a->nonces) {
        buf_printf(err, "out of memory");
        goto fail;
    }
    if (cfg->state_path) {
        a->state_path = strdup(cfg->state_path);
        if (!a->state_path) {
            buf_printf(err, "out of memory");
            goto fail;
        }
    }
    if (cfg->directory_members > SIM_DIRECTORY_MAX) {
        buf_printf(err, "a directory has 1-%u members", SIM_DIRECTORY_MAX);
        goto fail;
    }
    a->want_members = cfg->directory_members;
    /* The file may name the management account, whose id the members'
     * access roles trust, and make the directory itself. */
    if (a->state_path && statefile_load(a, err))
        goto fail;
    if (a->want_members && !a->dir) {
        if (directory_make(a, a->want_members)) {
            buf_printf(err, "out of memory");
            goto fail;
        }
        /* A new directory is in the file from the start, so a test can
         * read its members before anything changed. */
        atomic_store(&a->dir->dirty, a->state_path != NULL);
    }
    return a;
fail:
    sim_account_free(a);
    return NULL;
}

void sim_account_free(struct sim_account *a)
{
    if (!a)
        return;
    /* What changed since the last save of a directory is kept. */
    if (a->dir && a->state_path)
        directory_save(a, true);
    directory_free(a->dir);
    for (size_t i = 0; i < a->nkeys; i++) {
        free(a->keys[i].id);
        wipe_free(a->keys[i].secret);
        free(a->keys[i].user_name);
        free(a->keys[i].user_id);
    }
    free(a->keys);
    for (size_t i = 0; i < a->nsessions; i++)
        store_session_clear(&a->sessions[i]);
    free(a->sessions);
    for (size_t i = 0; i < a->nroles; i++)
        store_role_clear(&a->roles[i]);
    free(a->roles);
    for (size_t i = 0; i < a->ntasks; i++)
        store_task_clear(&a->tasks[i]);
    free(a->tasks);
    kvlist_free(&a->assumable);
    kvlist_free(&a->refused);
    kvlist_free(&a->in_use);
    verify_nonces_free(a->nonces);
    for (size_t i = 0; i < a->ntokens; i++)
        wipe_free(a->tokens[i].token);
    free(a->tokens);
    free(a->metadata_role);
    free(a->metadata_role_id);
    free(a->instance_id);
    free(a->uri_role_id);
    free(a->oidc_token_file);
    free(a->account_id);
    free(a->state_path);
    pthread_mutex_destroy(&a->lock);
    free(a);
}

static int state_key_add(struct sim_account *a, const char *user_name,
                         const char *id, const char *secret)
{
    struct sim_key *keys, k = { NULL, NULL, NULL, NULL };
    char user_id[STATE_USER_ID_DIGITS + 1];

    if (!id || !*id || !secret || !*secret ||
        (user_name && !*user_name))
        return -1;
    for (size_t i = 0; i < a->nkeys; i++)
        if (strcmp(a->keys[i].id, id) == 0)
            return -1;
    keys = state_grow(a->keys, &a->keys_cap, a->nkeys, sizeof(*a->keys));
    if (!keys)
        return -1;
    a->keys = keys;
    k.id = strdup(id);
    k.secret = strdup(secret);
    if (user_name) {
        k.user_name = strdup(user_name);
        if (ids_digits(user_id, STATE_USER_ID_DIGITS) == 0)
            k.user_id = strdup(user_id);
    }
    if (!k.id || !k.secret || (user_name && (!k.user_name || !k.user_id))) {
        free(k.id);
        wipe_free(k.secret);
        free(k.user_name);
        free(k.user_id);
        return -1;
    }
    a->keys[a->nkeys++] = k;
    return 0;
}

int sim_account_add_key(struct sim_account *a, const char *id,
                        const char *secret)
{
    int rc;

    pthread_mutex_lock(&a->lock);
    rc = state_key_add(a, NULL, id, secret);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

int sim_account_add_user(struct sim_account *a, const char *user_name,
                         const char *id, const char *secret)
{
    int rc;

    if (!user_name)
        return -1;
    pthread_mutex_lock(&a->lock);
    rc = state_key_add(a, user_name, id, secret);
    pthread_mutex_unlock(&a->lock);
    return rc;
}

int sim_account_add_assumable_role(struct sim_account *a,
                                   const char *role_arn)
{
    char id[ACCOUNT_ROLE_ID_DIGITS + 1];
    const char *acct, *name;
    size_t acct_len;
    int rc = -1;

    if (!role_arn || limits_role_arn(role_arn, &acct, &acct_len, &name) ||
        acct_len > LIMITS_ID_DIGITS_MAX)
        return -1;
    pthread_mutex_lock(&a->lock);
    if (kvlist_get_case(&a->assumable, role_arn)) {
        rc = 0;
    } else if (ids_digits(id, ACCOUNT_ROLE_ID_DIGITS) == 0) {
        rc = kvlist_add(&a->assumable, role_arn, id);
    }
    pthread_mutex_unlock(&a->lock);
    return rc;
}

static int state_name_list_add(struct sim_account *a, struct kvlist *l,
                               const char *name)
{
    int rc = 0;

    if (!name || !*name)
        return -1;
    pthread_mutex_lock(&a->lock);
    if (!kvlist_get_case(l, name))
        rc = kvlist_add(l, name, "");
    pthread_mutex_unlock(&a->lock);
    return rc;
}

int sim_account_refuse_suffix(struct sim_account *a, const char *service)
{
    return state_name_list_add(a, &a->refused, service);
}

int sim_account_mark_in_use(struct sim_account *a, const char *role_name)
{
    const char *colon = strchr(role_name, ':');
    char *end = NULL, *name, count[16];
    long n = 1;
    int rc = 0;

    if (!colon)
        return state_name_list_add(a, &a->in_use, role_name);
    /* ROLE:N, N resources using it (':' is no character of a name). */
    n = strtol(colon + 1, &end, 10);
    if (colon == role_name || end == colon + 1 || *end || n < 1 ||
        n > SIM_IN_USE_MAX)
        return -1;
    snprintf(count, sizeof(count), "%ld", n);
    name = strndup(role_name, (size_t)(colon - role_name));
    if (!name)
        return -1;
    pthread_mutex_lock(&a->lock);
    if (!kvlist_get_case(&a->in_use, name))
        rc = kvlist_add(&a->in_use, name, count);
    pthread_mutex_unlock(&a->lock);
    free(name);
    return rc;
}

void sim_account_set_clock_offset(struct sim_account *a, long seconds)
{
    pthread_mutex_lock(&a->lock);
    a->clock_offset = seconds;
    pthread_mutex_unlock(&a->lock);
}

time_t sim_account_now(struct sim_account *a)
{
    time_t now;

    pthread_mutex_lock(&a->lock);
    now = state_now(a);
    pthread_mutex_unlock(&a->lock);
    return now;
}

int sim_account_set_metadata_role(struct sim_account *a,
                                  const char *role_name, int imds_mode)
{
    char role_id[ACCOUNT_ROLE_ID_DIGITS + 1];
    char instance[2 + STATE_INSTANCE_ID_CHARS + 1];
    char *name = NULL, *id = NULL, *inst = NULL;
    int rc = -1;

    if (imds_mode != SIM_IMDS_BOTH && imds_mode != SIM_IMDS_V2 &&
        imds_mode != SIM_IMDS_V1)
        return -1;
    if (role_name) {
        if (!limits_role_name_ok(role_name))
            return -1;
        memcpy(instance, "i-", 2);
        if (ids_digits(role_id, ACCOUNT_ROLE_ID_DIGITS) ||
            ids_alnum(instance + 2, STATE_INSTANCE_ID_CHARS))
            return -1;
        inst = ids_lower_dup(instance);
        name = strdup(role_name);
        id = strdup(role_id);
        if (!name || !id || !inst)
            goto out;
    }
    pthread_mutex_lock(&a->lock);
    free(a->metadata_role);
    free(a->metadata_role_id);
    free(a->instance_id);
    a->metadata_role = name;
    a->metadata_role_id = id;
    a->instance_id = inst;
    a->imds_mode = imds_mode;
    pthread_mutex_unlock(&a->lock);
    name = id = inst = NULL;
    rc = 0;
out:
    free(name);
    free(id);
    free(inst);
    return rc;
}

int sim_account_enable_credentials_uri(struct sim_account *a)
{
    char role_id[ACCOUNT_ROLE_ID_DIGITS + 1];
    char *id;

    if (ids_digits(role_id, ACCOUNT_ROLE_ID_DIGITS))
        return -1;
    id = strdup(role_id);
    if (!id)
        return -1;
    pthread_mutex_lock(&a->lock);
    if (!a->uri_role_id) {
        a->uri_role_id = id;
        id = NULL;
    }
    pthread_mutex_unlock(&a->lock);
    free(id);
    return 0;
}

void sim_account_set_session_seconds(struct sim_account *a, long seconds)
{
    pthread_mutex_lock(&a->lock);
    a->session_seconds = seconds >= 1 && seconds <= LIMITS_DURATION_MAX
                             ? seconds : LIMITS_DURATION_DEFAULT;
    pthread_mutex_unlock(&a->lock);
}

size_t sim_account_count(struct sim_account *a, enum sim_counter what)
{
    size_t n = 0;

    if (what == SIM_COUNT_IN_FLIGHT_MAX)
        return atomic_load(&a->in_flight_max);
    if ((unsigned)what >= ACCOUNT_COUNTERS)
        return 0;
    pthread_mutex_lock(&a->lock);
    n = a->counts[what];
    pthread_mutex_unlock(&a->lock);
    return n;
}

int sim_account_set_oidc_token_file(struct sim_account *a, const char *path)
{
    char *copy = strdup(path);

    if (!copy)
        return -1;
    pthread_mutex_lock(&a->lock);
    free(a->oidc_token_file);
    a->oidc_token_file = copy;
    pthread_mutex_unlock(&a->lock);
    return 0;
}
