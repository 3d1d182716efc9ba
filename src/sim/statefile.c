/* statefile — the simulated account on disk (sim_config.state_path).
 *
 * The file holds the account id and the roles; deletion tasks, STS
 * sessions and nonces live in memory only.  It is read at start and
 * rewritten atomically (temporary file + rename) after every change, as
 * JSON:
 *
 *   {
 *     "schema": 1,
 *     "account_id": "1234567890123456",     1-32 digits
 *     "roles": [
 *       {
 *         "role_id": "31234567890123456",   1-32 digits
 *         "role_name": "AliyunServiceRoleForDBS",
 *                                           1-64 of A-Z a-z 0-9 . - _ @
 *         "service_linked": true,
 *         "service_name": "dbs.aliyuncs.com",
 *                                           required when service_linked
 *         "description": "...",             optional: a default
 *         "assume_role_policy_document": "...",
 *                                           optional: trusts the service
 *                                           (or, for other roles, the
 *                                           account), must be JSON
 *         "create_date": "2024-01-02T03:04:05Z",
 *         "update_date": "2024-01-02T03:04:05Z"   optional: create_date
 *       }
 *     ],
 *     "directory": { "members": 500 },     optional: a Resource Directory
 *                                           of 1-100000 members (it must
 *                                           agree with --directory)
 *     "members": [                          optional: each member's roles
 *       {
 *         "account_id": "1000000000000001", a member of the directory
 *         "display_name": "member-0001",    written, not read
 *         "roles": [ ... ]                  as above; they replace the
 *       }                                   member's preset roles
 *     ]
 *   }
 *
 * A directory's file is written with every member (jq:
 * .members[] | {account_id, roles}), at most every 200 ms while requests
 * come and when the account is freed (linkrole-sim: on SIGINT/SIGTERM),
 * not after each change: one write is O(members).  A member missing from
 * the file keeps its preset roles.
 *
 * Only a state file can make a role with "service_linked": false; it is
 * what DeleteServiceLinkedRole's EntityNotExist.ServiceLinkedRole is for.
 * Unknown members are ignored; everything else is checked, and a problem
 * is reported as "<file>: roles[2]: ...". */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/file.h"
#include "core/text.h"
#include "sim/internal.h"
#include "sim/limits.h"


static void statefile_say(struct buf *err, const char *path, long index,
                          const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void statefile_say(struct buf *err, const char *path, long index,
                          const char *fmt, ...)
{
    va_list ap;

    buf_reset(err);
    if (index >= 0)
        buf_printf(err, "%s: roles[%ld]: ", path, index);
    else
        buf_printf(err, "%s: ", path);
    va_start(ap, fmt);
    buf_vprintf(err, fmt, ap);
    va_end(ap);
}

/* A string member: NULL when absent or null (and optional); -1 with a
 * message when it is something else. */
static int statefile_text(const cJSON *obj, const char *key, bool required,
                          const char **out, struct buf *err,
                          const char *path, long index)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

    *out = NULL;
    if (!item || cJSON_IsNull(item)) {
        if (!required)
            return 0;
        statefile_say(err, path, index, "\"%s\" is missing", key);
        return -1;
    }
    if (!cJSON_IsString(item) || !item->valuestring) {
        statefile_say(err, path, index, "\"%s\" must be a string", key);
        return -1;
    }
    *out = item->valuestring;
    return 0;
}

/* A date member (already known to be a string, or NULL) into *t. */
static int statefile_date(const char *text, const char *key, time_t *t,
                          struct buf *err, const char *path, long index)
{
    if (!text)
        return 0;
    *t = clock_parse_utc(text);
    if (*t == (time_t)-1) {
        statefile_say(err, path, index, "\"%s\" must look like "
                      "2024-01-02T03:04:05Z", key);
        return -1;
    }
    return 0;
}

static int statefile_role(struct sim_account *a, const cJSON *obj,
                          long index, const char *path, struct buf *err)
{
    const char *id, *name, *service, *desc, *policy, *created, *updated;
    const cJSON *linked;
    cJSON *parsed;
    time_t t_created = 0, t_updated;
    struct sim_role *r;

    if (!cJSON_IsObject(obj)) {
        statefile_say(err, path, index, "must be an object");
        return -1;
    }
    if (statefile_text(obj, "role_id", true, &id, err, path, index) ||
        statefile_text(obj, "role_name", true, &name, err, path, index) ||
        statefile_text(obj, "service_name", false, &service, err, path,
                       index) ||
        statefile_text(obj, "description", false, &desc, err, path, index) ||
        statefile_text(obj, "assume_role_policy_document", false, &policy,
                       err, path, index) ||
        statefile_text(obj, "create_date", true, &created, err, path,
                       index) ||
        statefile_text(obj, "update_date", false, &updated, err, path,
                       index))
        return -1;
    if (!limits_id_ok(id)) {
        statefile_say(err, path, index, "\"role_id\" must be 1-%u digits",
                      LIMITS_ID_DIGITS_MAX);
        return -1;
    }
    if (!limits_role_name_ok(name)) {
        statefile_say(err, path, index, "\"role_name\" must be 1-%d "
                      "letters, digits, \".\", \"-\", \"_\" or \"@\"",
                      LIMITS_ROLE_NAME_MAX);
        return -1;
    }
    if (store_role_find(a, name)) {
        statefile_say(err, path, index, "role \"%s\" appears twice", name);
        return -1;
    }
    if (store_role_id_taken(a, id)) {
        statefile_say(err, path, index, "role id %s appears twice", id);
        return -1;
    }
    linked = cJSON_GetObjectItemCaseSensitive(obj, "service_linked");
    if (!cJSON_IsBool(linked)) {
        statefile_say(err, path, index,
                      "\"service_linked\" must be true or false");
        return -1;
    }
    if (cJSON_IsTrue(linked) && (!service || !*service)) {
        statefile_say(err, path, index, "a service-linked role needs "
                      "\"service_name\"");
        return -1;
    }
    if (!cJSON_IsTrue(linked))
        service = NULL;
    if (statefile_date(created, "create_date", &t_created, err, path,
                       index))
        return -1;
    t_updated = t_created;
    if (statefile_date(updated, "update_date", &t_updated, err, path,
                       index))
        return -1;
    if (policy) {
        parsed = json_parse(policy, strlen(policy), NULL);
        if (!cJSON_IsObject(parsed)) {
            cJSON_Delete(parsed);
            statefile_say(err, path, index, "\"assume_role_policy_document\""
                          " must hold a JSON object");
            return -1;
        }
        cJSON_Delete(parsed);
    }
    if (!desc || !*desc)
        desc = service ? "Service Linked Role" : "Role";
    r = store_role_add(a, name, service, desc, policy, t_created, id);
    if (!r) {
        statefile_say(err, path, index, "out of memory");
        return -1;
    }
    r->updated = t_updated;
    return 0;
}

/* One member of "members": its roles replace the preset ones. */
static int statefile_member(struct sim_account *a, const cJSON *obj,
                            long index, const char *path, struct buf *err)
{
    const cJSON *acct, *roles, *item;
    struct sim_account *m;
    struct buf where;
    unsigned i;
    long k = 0;
    int rc = -1;

    buf_init(&where, 8192);
    acct = cJSON_GetObjectItemCaseSensitive(obj, "account_id");
    roles = cJSON_GetObjectItemCaseSensitive(obj, "roles");
    if (!cJSON_IsObject(obj) || !cJSON_IsString(acct) ||
        !acct->valuestring || !cJSON_IsArray(roles)) {
        statefile_say(err, path, -1, "members[%ld]: must be an object with "
                      "\"account_id\" and \"roles\"", index);
        goto out;
    }
    i = directory_member_of(a, acct->valuestring, strlen(acct->valuestring));
    if (!i) {
        statefile_say(err, path, -1, "members[%ld]: \"%.40s\" is no "
                      "member of the directory", index, acct->valuestring);
        goto out;
    }
    m = a->dir->members[i - 1];
    for (size_t r = 0; r < m->nroles; r++)
        store_role_clear(&m->roles[r]);
    m->nroles = 0;
    /* Problems are said as "<file>: members[3]: roles[0]: ...". */
    if (buf_printf(&where, "%s: members[%ld]", path, index) != BUF_OK) {
        statefile_say(err, path, -1, "out of memory");
        goto out;
    }
    cJSON_ArrayForEach(item, roles) {
        if (statefile_role(m, item, k, buf_str(&where), err))
            goto out;
        k++;
    }
    rc = 0;
out:
    buf_free(&where);
    return rc;
}

/* "directory" and "members", when the file has them. */
static int statefile_directory(struct sim_account *a, const cJSON *root,
                               const char *path, struct buf *err)
{
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive(root, "directory");
    const cJSON *members = cJSON_GetObjectItemCaseSensitive(root, "members");
    const cJSON *n, *item;
    unsigned count;
    long index = 0;

    if (!dir) {
        if (members)
            statefile_say(err, path, -1, "\"members\" without "
                          "\"directory\"");
        return members ? -1 : 0;
    }
    n = cJSON_GetObjectItemCaseSensitive(dir, "members");
    if (!cJSON_IsObject(dir) || !cJSON_IsNumber(n) || n->valuedouble < 1 ||
        n->valuedouble > SIM_DIRECTORY_MAX ||
        n->valuedouble != (double)(unsigned)n->valuedouble) {
        statefile_say(err, path, -1, "\"directory\" must be {\"members\": "
                      "1-%u}", SIM_DIRECTORY_MAX);
        return -1;
    }
    count = (unsigned)n->valuedouble;
    if ((a->want_members && a->want_members != count) ||
        (a->dir && a->dir->count != count)) {
        statefile_say(err, path, -1, "holds a directory of %u members, "
                      "not %u", count,
                      a->dir ? a->dir->count : a->want_members);
        return -1;
    }
    if (!a->dir && directory_make(a, count)) {
        statefile_say(err, path, -1, "out of memory");
        return -1;
    }
    if (members && !cJSON_IsArray(members)) {
        statefile_say(err, path, -1, "\"members\" must be an array");
        return -1;
    }
    cJSON_ArrayForEach(item, members) {
        if (statefile_member(a, item, index, path, err))
            return -1;
        index++;
    }
    return 0;
}

int statefile_load(struct sim_account *a, struct buf *err)
{
    const char *path = a->state_path;
    char *text = NULL;
    size_t len = 0;
    int errn = 0, rc = -1;

    /* Not through a symlink (the file is rewritten, and a link would
     * send that elsewhere), never blocking on a FIFO, bounded. */
    switch (file_read_nofollow(path, STATEFILE_MAX, &text, &len, NULL,
                               &errn)) {
    case FILE_READ_OK:
        rc = statefile_parse(a, text, len, path, err);
        break;
    case FILE_ABSENT:
        /* No file yet is a new account; a path through a file is not. */
        if (errn == ENOENT)
            rc = 0;
        else
            statefile_say(err, path, -1, "%s", strerror(errn));
        break;
    case FILE_NOT_REGULAR:
        statefile_say(err, path, -1, "%s", errn == ELOOP
                      ? "a symbolic link, not followed: name the file "
                        "itself"
                      : "not a regular file");
        break;
    case FILE_TOO_BIG:
        statefile_say(err, path, -1, "larger than 256 MiB");
        break;
    case FILE_NOMEM:
        statefile_say(err, path, -1, "out of memory");
        break;
    case FILE_OPEN:
    case FILE_READ:
        statefile_say(err, path, -1, "%s", strerror(errn));
        break;
    }
    free(text);
    return rc;
}

int statefile_parse(struct sim_account *a, const char *text, size_t len,
                    const char *path, struct buf *err)
{
    const cJSON *schema, *acct, *roles, *item;
    cJSON *root = NULL;
    size_t line, col, off = 0;
    long index = 0;
    int rc = -1;

    root = json_parse(text, len, &off);
    if (!root) {
        text_line_col(text, off, &line, &col);
        buf_reset(err);
        buf_printf(err, "%s:%zu:%zu: not valid JSON", path, line, col);
        goto out;
    }
    if (!cJSON_IsObject(root)) {
        statefile_say(err, path, -1, "must hold a JSON object");
        goto out;
    }
    schema = cJSON_GetObjectItemCaseSensitive(root, "schema");
    if (!cJSON_IsNumber(schema) || schema->valuedouble != 1.0) {
        statefile_say(err, path, -1, "\"schema\" must be 1");
        goto out;
    }
    acct = cJSON_GetObjectItemCaseSensitive(root, "account_id");
    if (!cJSON_IsString(acct) || !acct->valuestring ||
        !limits_id_ok(acct->valuestring)) {
        statefile_say(err, path, -1, "\"account_id\" must be a string of "
                      "1-%u digits", LIMITS_ID_DIGITS_MAX);
        goto out;
    }
    free(a->account_id);
    a->account_id = strdup(acct->valuestring);
    if (!a->account_id) {
        statefile_say(err, path, -1, "out of memory");
        goto out;
    }
    roles = cJSON_GetObjectItemCaseSensitive(root, "roles");
    if (!cJSON_IsArray(roles)) {
        statefile_say(err, path, -1, "\"roles\" must be an array");
        goto out;
    }
    cJSON_ArrayForEach(item, roles) {
        if (statefile_role(a, item, index, path, err))
            goto out;
        index++;
    }
    rc = statefile_directory(a, root, path, err);
out:
    cJSON_Delete(root);
    return rc;
}

static void statefile_roles(struct json_writer *w,
                            const struct sim_account *a)
{
    char created[CLOCK_UTC_LEN + 1], updated[CLOCK_UTC_LEN + 1];

    json_key(w, "roles");
    json_begin_array(w);
    for (size_t i = 0; i < a->nroles; i++) {
        const struct sim_role *r = &a->roles[i];

        reply_time(r->created, created);
        reply_time(r->updated, updated);
        json_begin_object(w);
        reply_pair(w, "role_id", r->role_id);
        reply_pair(w, "role_name", r->role_name);
        json_key(w, "service_linked");
        json_bool(w, r->service_linked);
        if (r->service_name)
            reply_pair(w, "service_name", r->service_name);
        reply_pair(w, "description", r->description);
        reply_pair(w, "assume_role_policy_document", r->policy);
        reply_pair(w, "create_date", created);
        reply_pair(w, "update_date", updated);
        json_end_object(w);
    }
    json_end_array(w);
}

int statefile_write(struct sim_account *a, struct buf *out)
{
    struct json_writer w;
    char name[32];

    json_writer_init(&w, out, 2);
    json_begin_object(&w);
    json_key(&w, "schema");
    json_int(&w, 1);
    reply_pair(&w, "account_id", a->account_id);
    statefile_roles(&w, a);
    if (a->dir) {
        json_key(&w, "directory");
        json_begin_object(&w);
        json_key(&w, "members");
        json_int(&w, a->dir->count);
        json_end_object(&w);
        json_key(&w, "members");
        json_begin_array(&w);
        /* Each member in its own lock, taken after the management
         * account's (the caller's). */
        for (unsigned i = 0; i < a->dir->count; i++) {
            struct sim_account *m = a->dir->members[i];

            snprintf(name, sizeof(name), "member-%04u", i + 1);
            pthread_mutex_lock(&m->lock);
            json_begin_object(&w);
            reply_pair(&w, "account_id", m->account_id);
            reply_pair(&w, "display_name", name);
            statefile_roles(&w, m);
            json_end_object(&w);
            pthread_mutex_unlock(&m->lock);
        }
        json_end_array(&w);
    }
    json_end_object(&w);
    return json_writer_finish(&w) ? -1 : 0;
}

/* core/file's replacer: a temporary file beside the state file, renamed
 * over it, so a crash leaves either the old state or the new one, and a
 * link or a FIFO at the path is refused rather than written through. */
int statefile_save(struct sim_account *a)
{
    struct buf text;
    int rc = -1;

    buf_init(&text, STATEFILE_MAX);
    if (statefile_write(a, &text) == 0 &&
        file_replace(a->state_path, buf_str(&text), buf_len(&text),
                     NULL) == FILE_PUT_OK)
        rc = 0;
    buf_free(&text);
    return rc;
}
