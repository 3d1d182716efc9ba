/* creds_file — reading a credentials file: bounded, regular files only,
 * never blocking on a FIFO, and a warning when others may read it. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/wipe.h"

static void warn_mode(struct creds_ctx *x, const char *shown, mode_t mode)
{
    char line[CREDS_LINE_BUF];
    const char *who;

    if (!x->o->warn)
        return;
    if (mode & 004)
        who = "readable by others";
    else if (mode & 040)
        who = "readable by its group";
    else
        who = "open to its group or others";
    snprintf(line, sizeof(line), "%s is %s (mode %04o): run chmod 600 %s",
             shown, who, (unsigned)(mode & 07777), shown);
    x->o->warn(x->o->warn_ctx, line);
}

int creds_file_read(struct creds_ctx *x, const char *path, const char *shown,
                    char **data, size_t *len)
{
    struct stat st;
    char *p = NULL;
    size_t size = 0, got = 0;
    int fd, rc = -1;

    *data = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO put in place of the file must not hang us. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 1;
        return creds_fail(x->msg, "%s: cannot open: %s", shown,
                          strerror(errno));
    }
    if (fstat(fd, &st)) {
        creds_fail(x->msg, "%s: cannot read: %s", shown, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        creds_fail(x->msg, "%s: not a regular file", shown);
        goto out;
    }
    if (st.st_size > (off_t)CREDS_FILE_MAX) {
        creds_fail(x->msg, "%s: larger than 1 MiB", shown);
        goto out;
    }
    if (st.st_mode & 077)
        warn_mode(x, shown, st.st_mode);
    size = (size_t)st.st_size;
    p = malloc(size + 1);
    if (!p) {
        creds_oom(x->msg);
        goto out;
    }
    /* The size from fstat bounds the read even if the file grows. */
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            creds_fail(x->msg, "%s: cannot read: %s", shown, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    p[got] = '\0';
    *data = p;
    *len = got;
    p = NULL;
    rc = 0;
out:
    if (p) {
        wipe_mem(p, size + 1);
        free(p);
    }
    close(fd);
    return rc;
}

