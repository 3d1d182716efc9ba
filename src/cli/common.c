/* Pieces every subcommand shares. */
#include "config.h"

#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("linkrole: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_write(const char *s, size_t len)
{
    if (fwrite(s, 1, len, stdout) != len || fflush(stdout) != 0) {
        cli_error("cannot write the output: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* data/services.json next to the binary, for a build that is not
 * installed (the README's commands run ./linkrole from the tree). */
static int beside_binary(char *out, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;

    if (n <= 0)
        return -1;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    if ((size_t)snprintf(out, size, "%s/data/services.json", exe) >= size)
        return -1;
    return 0;
}

int cli_load_catalog(const struct cli_options *o, struct catalog *c)
{
    const char *env = getenv("LINKROLE_CATALOG");
    const char *installed = LINKROLE_PKGDATADIR "/services.json";
    char local[PATH_MAX];
    const char *path = NULL;
    struct buf err;
    int rc = -1;

    buf_init(&err, 4096);
    if (o->catalog_path)
        path = o->catalog_path;
    else if (env && *env)
        path = env;
    else if (access(installed, F_OK) == 0)
        path = installed;
    else if (beside_binary(local, sizeof(local)) == 0 &&
             access(local, F_OK) == 0)
        path = local;
    if (!path) {
        cli_error("no service catalogue found (looked for %s and "
                  "data/services.json beside the program); name one with "
                  "--catalog FILE or LINKROLE_CATALOG", installed);
        goto out;
    }
    if (catalog_load(c, path, &err)) {
        cli_error("%s", buf_str(&err));
        goto out;
    }
    rc = 0;
out:
    buf_free(&err);
    return rc;
}
