/* creds_file — reading a credentials file: bounded, regular files only,
 * never blocking on a FIFO, and a warning when others may read it. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/wipe.h"

static void warn_mode(struct creds_ctx *x, const char *shown, mode_t mode)
{
    struct creds_warning w;

    if (!x->o->warn)
        return;
    memset(&w, 0, sizeof(w));
    w.code = CREDS_W_FILE_OPEN_TO_OTHERS;
    CREDS_PUT(w.file, shown);
    w.mode = (unsigned)(mode & 07777);
    x->o->warn(x->o->warn_ctx, &w);
}

/* A problem with the file as a whole. */
static int file_problem(struct creds_ctx *x, enum creds_problem_code code,
                        const char *shown, int errnum)
{
    struct creds_at at = { shown, CREDS_FROM_NONE, NULL, NULL };

    creds_problem(x->p, code, &at);
    x->p->errnum = errnum;
    return -1;
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
        return file_problem(x, CREDS_E_FILE_OPEN, shown, errno);
    }
    if (fstat(fd, &st)) {
        file_problem(x, CREDS_E_FILE_READ, shown, errno);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        file_problem(x, CREDS_E_FILE_NOT_REGULAR, shown, 0);
        goto out;
    }
    if (st.st_size > (off_t)CREDS_FILE_MAX) {
        file_problem(x, CREDS_E_FILE_TOO_BIG, shown, 0);
        x->p->limit = CREDS_FILE_MAX;
        goto out;
    }
    if (st.st_mode & 077)
        warn_mode(x, shown, st.st_mode);
    size = (size_t)st.st_size;
    p = malloc(size + 1);
    if (!p) {
        creds_oom(x->p);
        goto out;
    }
    /* The size from fstat bounds the read even if the file grows. */
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            file_problem(x, CREDS_E_FILE_READ, shown, errno);
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

