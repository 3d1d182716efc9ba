/* refusals — see refusals.h. */
#include "config.h"

#include "app/refusals.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/names.h"

#define REFUSALS_FILE "refused-suffix"
/* A file larger than this is not one linkrole wrote. */
#define REFUSALS_FILE_MAX (256u << 10)

/* The directory, created when create is true; "" when there is none. */
static void refusals_dir(char *out, size_t size, bool create)
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

void refusals_path(char *out, size_t size)
{
    char dir[4200];

    refusals_dir(dir, sizeof(dir), false);
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

void refusals_load(struct refusals *r)
{
    char path[4300], line[256];
    struct stat st;
    FILE *f = NULL;
    int fd;

    memset(r, 0, sizeof(*r));
    refusals_path(path, sizeof(path));
    if (!path[0])
        return;
    /* Not through a symlink, and only a plain file of sane size: a FIFO
     * would block, a device would read forever. */
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
        (size_t)st.st_size > REFUSALS_FILE_MAX || !(f = fdopen(fd, "r"))) {
        close(fd);
        return;
    }
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        /* Anything else in the file is ignored, not trusted. */
        if (names_service_ok(line) && !refusals_has(r, line) &&
            refusals_push(r, line))
            break;
    }
    fclose(f);
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
    struct stat st;
    int fd, n;

    if (!names_service_ok(service) || refusals_has(r, service) ||
        refusals_push(r, service))
        return;
    refusals_dir(dir, sizeof(dir), true);
    if (!dir[0] ||
        (size_t)snprintf(path, sizeof(path), "%s/%s", dir, REFUSALS_FILE) >=
            sizeof(path))
        return;
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
                        O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd < 0)
        return;
    n = snprintf(line, sizeof(line), "%s\n", service);
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && n > 0 &&
        (size_t)n < sizeof(line) && write(fd, line, (size_t)n) != n) {
        /* A cache: a short write only means less is remembered. */
    }
    close(fd);
}

void refusals_free(struct refusals *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->services[i]);
    free(r->services);
    r->services = NULL;
    r->count = 0;
}
