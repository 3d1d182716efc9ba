/* suggest — "did you mean" for service names (see suggest.h). */
#include "config.h"

#include "app/suggest.h"

#include "cloud/creds.h"
#include "core/names.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Whether the first label of service (up to the first '.') is given. */
static bool first_label_is(const char *service, const char *given)
{
    const char *dot = strchr(service, '.');
    size_t n = dot ? (size_t)(dot - service) : strlen(service);

    return strlen(given) == n && strncasecmp(service, given, n) == 0;
}

bool suggest_service_wanted(const char *given)
{
    return given && *given && !(names_service_ok(given) && strchr(given, '.'));
}

const struct catalog_entry *suggest_service(const struct catalog *c,
                                            const char *given)
{
    const struct catalog_entry *e;

    if (!c || !given || !*given || catalog_find(c, given))
        return NULL;
    if ((e = catalog_lookup(c, given)))
        return e;
    for (size_t i = 0; i < c->count; i++)
        if (first_label_is(c->entries[i].service_name, given))
            return &c->entries[i];
    for (size_t i = 0; i < c->count; i++)
        if (strcasecmp(c->entries[i].product, given) == 0)
            return &c->entries[i];
    return NULL;
}

const char *suggest_role_from_arn(const char *arg, char *out, size_t size)
{
    static const char prefix[] = "acs:ram::";
    const char *p, *name;
    size_t n;

    if (strncmp(arg, prefix, sizeof(prefix) - 1) != 0)
        return NULL;
    p = arg + sizeof(prefix) - 1;
    if (!*p || strspn(p, "0123456789") != strcspn(p, ":"))
        return NULL;
    p += strcspn(p, ":");
    if (strncmp(p, ":role/", 6) != 0)
        return NULL;
    name = p + 6;
    /* A path (role/path/NAME): the name is the last part. */
    if (strrchr(name, '/'))
        name = strrchr(name, '/') + 1;
    n = strlen(name);
    if (n == 0 || n >= size)
        return NULL;
    memcpy(out, name, n + 1);
    return out;
}

void suggest_profiles(struct buf *out)
{
    struct buf all;
    const char *text, *line, *end;

    buf_init(&all, 1 << 20);
    creds_profile_names(&all);
    text = buf_str(&all);
    /* A name in both files once. */
    for (line = text; *line; line = end + 1) {
        size_t n;
        const char *seen;
        bool dup = false;

        if (!(end = strchr(line, '\n')))
            break;
        n = (size_t)(end - line) + 1;
        for (seen = text; seen < line; seen = strchr(seen, '\n') + 1)
            if (strncmp(seen, line, n) == 0) {
                dup = true;
                break;
            }
        if (!dup)
            buf_add(out, line, n);
    }
    buf_free(&all);
}
