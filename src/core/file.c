/* file — see file.h. */
#include "config.h"

#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/wipe.h"

enum file_status file_read(const char *path, size_t max, char **data,
                           size_t *len, unsigned *mode, int *errnum)
{
    enum file_status rc = FILE_READ;
    struct stat st;
    char *p = NULL;
    size_t size = 0, got = 0;
    int fd, dummy;

    if (!errnum)
        errnum = &dummy;
    *errnum = 0;
    *data = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO in the file's place must not hang us. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *errnum = errno;
        return errno == ENOENT || errno == ENOTDIR ? FILE_ABSENT
                                                   : FILE_OPEN;
    }
    if (fstat(fd, &st)) {
        *errnum = errno;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = FILE_NOT_REGULAR;
        goto out;
    }
    if (st.st_size < 0 || (unsigned long long)st.st_size > max) {
        rc = FILE_TOO_BIG;
        goto out;
    }
    size = (size_t)st.st_size;
    p = malloc(size + 1);
    if (!p) {
        rc = FILE_NOMEM;
        goto out;
    }
    /* The size from fstat bounds the read even if the file grows. */
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *errnum = errno;
            goto out;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    p[got] = '\0';
    *data = p;
    *len = got;
    if (mode)
        *mode = (unsigned)st.st_mode;
    p = NULL;
    rc = FILE_READ_OK;
out:
    if (p) {
        wipe_mem(p, size + 1);
        free(p);
    }
    close(fd);
    return rc;
}
