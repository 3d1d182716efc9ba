/* Pieces every subcommand shares. */
#include "config.h"

#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int cli_load_catalog(const struct cli_options *o, struct catalog *c)
{
    struct buf path, err;
    int rc = -1;

    buf_init(&path, 8192);
    buf_init(&err, 4096);
    if (catalog_locate(o->catalog_path, &path)) {
        cli_error("no service catalogue found (looked for %s); name one "
                  "with --catalog FILE or LINKROLE_CATALOG", buf_str(&path));
        goto out;
    }
    if (catalog_load(c, buf_str(&path), &err)) {
        cli_error("%s", buf_str(&err));
        goto out;
    }
    rc = 0;
out:
    buf_free(&path);
    buf_free(&err);
    return rc;
}
