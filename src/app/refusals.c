/* refusals — see refusals.h. */
#include "config.h"

#include "app/refusals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/names.h"

#define REFUSALS_FILE "refused-suffix"
/* A file larger than this is not one linkrole wrote. */
#define REFUSALS_FILE_MAX (256u << 10)

void refusals_path(char *out, size_t size)
{
    char dir[4200];

    file_cache_dir(dir, sizeof(dir), false);
    if (!dir[0] ||
        (size_t)snprintf(out, size, "%s/%s", dir, REFUSALS_FILE) >= size)
        out[0] = '\0';
}

static int refusals_push(struct refusals *r, const char *service)
{
    char **grown;

    if (r->count >= REFUSALS_MAX)
        return -1;
    grown = realloc(r->services, (r->count + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    r->services = grown;
    if (!(r->services[r->count] = strdup(service)))
        return -1;
    r->count++;
    return 0;
}

void refusals_parse(struct refusals *r, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    char line[256];

    memset(r, 0, sizeof(*r));
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);

        /* Anything else in the file is ignored, not trusted: a line too
         * long for a service name, or one with a NUL, is not one. */
        if (n > 0 && p[n - 1] == '\r')
            n--;
        if (n < sizeof(line) && !memchr(p, '\0', n)) {
            memcpy(line, p, n);
            line[n] = '\0';
            if (names_service_ok(line) && !refusals_has(r, line) &&
                refusals_push(r, line))
                break;
        }
        p = nl ? nl + 1 : end;
    }
}

void refusals_load(struct refusals *r)
{
    char path[4300], *text = NULL;
    size_t len = 0;

    memset(r, 0, sizeof(*r));
    refusals_path(path, sizeof(path));
    if (!path[0])
        return;
    /* Not through a symlink, and only a plain file of sane size: a FIFO
     * would block, a device would read forever.  Anything else reads as
     * an empty cache. */
    if (file_read_nofollow(path, REFUSALS_FILE_MAX, &text, &len, NULL,
                           NULL) != FILE_READ_OK)
        return;
    refusals_parse(r, text, len);
    free(text);
}

bool refusals_has(const struct refusals *r, const char *service)
{
    for (size_t i = 0; r && service && i < r->count; i++)
        if (strcmp(r->services[i], service) == 0)
            return true;
    return false;
}

void refusals_add(struct refusals *r, const char *service)
{
    char dir[4200], path[4300], line[300];
    int n;

    if (!names_service_ok(service) || refusals_has(r, service) ||
        refusals_push(r, service))
        return;
    file_cache_dir(dir, sizeof(dir), true);
    if (!dir[0] ||
        (size_t)snprintf(path, sizeof(path), "%s/%s", dir, REFUSALS_FILE) >=
            sizeof(path))
        return;
    n = snprintf(line, sizeof(line), "%s\n", service);
    /* A cache: when it cannot be written (a link, a FIFO, a full disk)
     * linkrole only remembers less. */
    if (n > 0 && (size_t)n < sizeof(line))
        (void)file_append(path, line, (size_t)n, NULL);
}

void refusals_free(struct refusals *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->services[i]);
    free(r->services);
    r->services = NULL;
    r->count = 0;
}
