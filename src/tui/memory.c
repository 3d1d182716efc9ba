/* memory — services whose CustomSuffix the cloud refused, remembered
 * across runs in $XDG_CACHE_HOME/linkrole/refused-suffix (one service
 * name a line).  A cache: when it cannot be read or written, the UI
 * simply knows less. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/names.h"
#include "tui/app.h"

#define MEMORY_FILE "refused-suffix"
#define MEMORY_MAX 1024u    /* services remembered, at most */

/* The directory, created when create is true; "" when there is none. */
static void memory_dir(char *out, size_t size, bool create)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char base[4096];

    out[0] = '\0';
    if (xdg && xdg[0] == '/')
        snprintf(base, sizeof(base), "%s", xdg);
    else if (home && home[0] == '/')
        snprintf(base, sizeof(base), "%s/.cache", home);
    else
        return;
    if (create && mkdir(base, 0700) && errno != EEXIST)
        return;
    if ((size_t)snprintf(out, size, "%s/linkrole", base) >= size) {
        out[0] = '\0';
        return;
    }
    if (create && mkdir(out, 0700) && errno != EEXIST)
        out[0] = '\0';
}

void memory_path(char *out, size_t size)
{
    char dir[4200];

    memory_dir(dir, sizeof(dir), false);
    if (!dir[0] ||
        (size_t)snprintf(out, size, "%s/%s", dir, MEMORY_FILE) >= size)
        out[0] = '\0';
}

static int memory_push(struct app *a, const char *service)
{
    char **grown;

    if (a->nrefused >= MEMORY_MAX)
        return -1;
    grown = realloc(a->refused, (a->nrefused + 1) * sizeof(*grown));
    if (!grown)
        return -1;
    a->refused = grown;
    if (!(a->refused[a->nrefused] = strdup(service)))
        return -1;
    a->nrefused++;
    return 0;
}

void memory_load(struct app *a)
{
    char path[4300], line[256];
    FILE *f;

    memory_path(path, sizeof(path));
    if (!path[0] || !(f = fopen(path, "r")))
        return;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        /* Anything else in the file is ignored, not trusted. */
        if (names_service_ok(line) && !memory_has(a, line) &&
            memory_push(a, line))
            break;
    }
    fclose(f);
}

bool memory_has(const struct app *a, const char *service)
{
    for (size_t i = 0; i < a->nrefused; i++)
        if (strcmp(a->refused[i], service) == 0)
            return true;
    return false;
}

void memory_add(struct app *a, const char *service)
{
    char dir[4200], path[4300];
    FILE *f;

    if (!names_service_ok(service) || memory_has(a, service) ||
        memory_push(a, service))
        return;
    memory_dir(dir, sizeof(dir), true);
    if (!dir[0] ||
        (size_t)snprintf(path, sizeof(path), "%s/%s", dir, MEMORY_FILE) >=
            sizeof(path))
        return;
    f = fopen(path, "a");
    if (!f)
        return;
    fprintf(f, "%s\n", service);
    fclose(f);
}

void memory_free(struct app *a)
{
    for (size_t i = 0; i < a->nrefused; i++)
        free(a->refused[i]);
    free(a->refused);
    a->refused = NULL;
    a->nrefused = 0;
}
