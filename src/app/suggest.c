/* suggest — "did you mean" for service names (see suggest.h). */
#include "config.h"

#include "app/suggest.h"

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
