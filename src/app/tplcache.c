/* tplcache — see tplcache.h. */
#include "config.h"

#include "app/tplcache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/safe.h"
#include "app/slr.h"
#include "core/file.h"
#include "core/json.h"
#include "core/names.h"

#define TPLCACHE_FILE "templates"
/* Fetch times before 2020 or after 2200 are not times linkrole wrote. */
#define TPLCACHE_TIME_MIN 1577836800LL
#define TPLCACHE_TIME_MAX 7258118400LL

static void tplcache_file(char *out, size_t size, bool create)
{
    char dir[4200];

    file_cache_dir(dir, sizeof(dir), create);
    if (!dir[0] ||
        (size_t)snprintf(out, size, "%s/%s", dir, TPLCACHE_FILE) >= size)
        out[0] = '\0';
}

void tplcache_path(char *out, size_t size)
{
    tplcache_file(out, size, false);
}

static struct tplcache_entry *tplcache_slot(struct tplcache *c,
                                            const char *service)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->entries[i].t.service_name, service) == 0)
            return &c->entries[i];
    return NULL;
}

const struct tplcache_entry *tplcache_find(const struct tplcache *c,
                                           const char *service)
{
    for (size_t i = 0; service && i < c->count; i++)
        if (strcmp(c->entries[i].t.service_name, service) == 0)
            return &c->entries[i];
    return NULL;
}

int tplcache_put(struct tplcache *c, const char *service,
                 const struct api_slr_template *t, time_t now)
{
    struct tplcache_entry *e;

    if (!names_service_ok(service) ||
        strlen(service) >= sizeof(e->t.service_name))
        return -1;
    e = tplcache_slot(c, service);
    if (!e) {
        struct tplcache_entry *grown;

        if (c->count >= TPLCACHE_MAX)
            return -1;
        grown = realloc(c->entries, (c->count + 1) * sizeof(*grown));
        if (!grown)
            return -1;
        c->entries = grown;
        e = &c->entries[c->count++];
    }
    memset(e, 0, sizeof(*e));
    e->t = *t;
    /* The answer as received stays with the caller's copy. */
    memset(&e->t.r, 0, sizeof(e->t.r));
    snprintf(e->t.service_name, sizeof(e->t.service_name), "%s", service);
    e->fetched = now;
    return 0;
}

/* One line; -1 when anything in it is not what tplcache_save writes. */
static int tplcache_line(struct tplcache *c, char *line)
{
    char *tab1 = strchr(line, '\t'), *tab2, *end;
    struct api_slr_template t;
    struct api_error err;
    long long when;
    int rc;

    if (!tab1 || !(tab2 = strchr(tab1 + 1, '\t')))
        return -1;
    *tab1 = *tab2 = '\0';
    errno = 0;
    when = strtoll(tab1 + 1, &end, 10);
    if (errno || end == tab1 + 1 || *end || when < TPLCACHE_TIME_MIN ||
        when > TPLCACHE_TIME_MAX || !names_service_ok(line))
        return -1;
    /* The API's own reader: types checked, texts bounded. */
    if (api_parse_slr_template(tab2 + 1, strlen(tab2 + 1), &t, &err))
        return -1;
    safe_slr_template(&t);
    /* A template filed under another service's name is not trusted. */
    rc = (t.service_name[0] && strcmp(t.service_name, line) != 0) ? -1
         : tplcache_put(c, line, &t, (time_t)when);
    api_slr_template_free(&t);
    return rc;
}

enum tplcache_load tplcache_parse(struct tplcache *c, const char *text,
                                  size_t len)
{
    const char *p = text, *end = text + len;
    bool dropped = false;

    memset(c, 0, sizeof(*c));
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        char *line;

        if (n > 0) {
            /* A NUL would cut the line short unseen: not ours. */
            if (memchr(p, '\0', n) || !(line = malloc(n + 1))) {
                dropped = true;
            } else {
                memcpy(line, p, n);
                line[n] = '\0';
                if (tplcache_line(c, line))
                    dropped = true;
                free(line);
            }
        }
        p = nl ? nl + 1 : end;
    }
    return dropped ? TPLCACHE_PARTLY : TPLCACHE_OK;
}

enum tplcache_load tplcache_load(struct tplcache *c)
{
    char path[4300], *text = NULL;
    size_t len = 0;
    int errnum = 0;
    enum file_status st;
    enum tplcache_load rc;

    memset(c, 0, sizeof(*c));
    tplcache_path(path, sizeof(path));
    if (!path[0])
        return TPLCACHE_OK;
    st = file_read_nofollow(path, TPLCACHE_FILE_MAX, &text, &len, NULL,
                            &errnum);
    if (st != FILE_READ_OK)
        return st == FILE_ABSENT ? TPLCACHE_OK : TPLCACHE_IGNORED;
    rc = tplcache_parse(c, text, len);
    free(text);
    return rc;
}

/* One entry, as the API's answer on one line. */
static void tplcache_answer(struct json_writer *w,
                            const struct api_slr_template *t)
{
    json_begin_object(w);
    json_key(w, "ServiceLinkedRoleTemplate");
    json_begin_object(w);
    json_key(w, "ServiceName");
    json_string(w, t->service_name);
    json_key(w, "RoleNamePrefix");
    json_string(w, t->role_name_prefix);
    json_key(w, "SystemPolicyName");
    json_string(w, t->system_policy_name);
    json_key(w, "MultipleRolesAllowed");
    json_bool(w, t->multiple_roles_allowed);
    json_key(w, "RoleDescriptions");
    json_begin_object(w);
    json_key(w, "RoleDescription");
    json_begin_array(w);
    for (size_t i = 0; i < t->ndescriptions; i++) {
        json_begin_object(w);
        json_key(w, "Description");
        json_string(w, t->descriptions[i].description);
        json_key(w, "Language");
        json_string(w, t->descriptions[i].language);
        json_end_object(w);
    }
    json_end_array(w);
    json_end_object(w);
    json_end_object(w);
    json_end_object(w);
}

int tplcache_save(const struct tplcache *c, int *errnum)
{
    char path[4300];
    struct buf out;
    int rc = -1;

    *errnum = 0;
    tplcache_file(path, sizeof(path), true);
    if (!path[0])
        return -1;
    buf_init(&out, TPLCACHE_FILE_MAX);
    for (size_t i = 0; i < c->count; i++) {
        struct json_writer w;

        if (buf_printf(&out, "%s\t%lld\t", c->entries[i].t.service_name,
                       (long long)c->entries[i].fetched) != BUF_OK)
            goto out;
        json_writer_init(&w, &out, 0);
        tplcache_answer(&w, &c->entries[i].t);
        if (json_writer_finish(&w) != 0)
            goto out;
        /* The writer may end a document with a newline of its own. */
        if (out.len && out.data[out.len - 1] != '\n' &&
            buf_addc(&out, '\n') != BUF_OK)
            goto out;
    }
    rc = file_replace(path, out.data ? out.data : "", out.len, errnum) ==
         FILE_PUT_OK ? 0 : -1;
out:
    buf_free(&out);
    return rc;
}

void tplcache_free(struct tplcache *c)
{
    free(c->entries);
    c->entries = NULL;
    c->count = 0;
}

enum tplcache_get tplcache_get(struct api_client *c, const char *service,
                               bool use_disk, bool fetch,
                               struct api_slr_template *out,
                               struct api_error *err)
{
    struct tplcache cache = { NULL, 0 };
    const struct tplcache_entry *e;
    enum tplcache_get got;
    time_t now = time(NULL);
    int errnum;

    memset(out, 0, sizeof(*out));
    if (use_disk) {
        (void)tplcache_load(&cache);
        e = tplcache_find(&cache, service);
        /* A time ahead of now is a clock set back: not trusted fresh. */
        if (e && e->fetched <= now && now - e->fetched < TPLCACHE_FRESH_S) {
            *out = e->t;
            got = TPLCACHE_GOT_DISK;
            goto out;
        }
    }
    if (!fetch) {
        got = TPLCACHE_GOT_NONE;
        goto out;
    }
    if (slr_template(c, service, out, err)) {
        got = TPLCACHE_GOT_ERROR;
        goto out;
    }
    got = TPLCACHE_GOT_CLOUD;
    if (use_disk && tplcache_put(&cache, service, out, now) == 0)
        (void)tplcache_save(&cache, &errnum);
out:
    tplcache_free(&cache);
    return got;
}
