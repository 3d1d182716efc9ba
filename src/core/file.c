/* file — see file.h. */
#include "config.h"

#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/wipe.h"

static enum file_status file_read_flags(const char *path, int flags,
                                        size_t max, char **data,
                                        size_t *len, unsigned *mode,
                                        int *errnum)
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
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | flags);
    if (fd < 0) {
        *errnum = errno;
        if (errno == ENOENT || errno == ENOTDIR)
            return FILE_ABSENT;
        /* O_NOFOLLOW's way of saying "a symlink". */
        if ((flags & O_NOFOLLOW) && errno == ELOOP)
            return FILE_NOT_REGULAR;
        return FILE_OPEN;
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

enum file_status file_read(const char *path, size_t max, char **data,
                           size_t *len, unsigned *mode, int *errnum)
{
    return file_read_flags(path, 0, max, data, len, mode, errnum);
}

enum file_status file_read_nofollow(const char *path, size_t max,
                                    char **data, size_t *len,
                                    unsigned *mode, int *errnum)
{
    return file_read_flags(path, O_NOFOLLOW, max, data, len, mode, errnum);
}

static enum file_put put_fail(int *errnum, enum file_put rc, int e)
{
    *errnum = e;
    return rc;
}

/* What is at path now, judged without following a link or opening it
 * (opening a device can have effects of its own: a tape rewinds). */
static enum file_put put_check_path(const char *path, int *errnum)
{
    struct stat st;

    if (lstat(path, &st)) {
        if (errno == ENOENT)
            return FILE_PUT_OK;
        return put_fail(errnum, FILE_PUT_ERROR, errno);
    }
    if (S_ISLNK(st.st_mode))
        return put_fail(errnum, FILE_PUT_LINK, ELOOP);
    if (!S_ISREG(st.st_mode))
        return put_fail(errnum, FILE_PUT_NOT_REGULAR, EINVAL);
    return FILE_PUT_OK;
}

enum file_put file_replaceable(const char *path, int *errnum)
{
    int dummy;

    if (!errnum)
        errnum = &dummy;
    *errnum = 0;
    return put_check_path(path, errnum);
}

static int put_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0) {
            errno = ENOSPC;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The rename is durable once the directory is on disk too; a cache or a
 * state file is no worse off if this fails, so it is not an error. */
static void put_sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int fd;

    if (!slash) {
        dir = strdup(".");
    } else if (slash == path) {
        dir = strdup("/");
    } else {
        dir = strndup(path, (size_t)(slash - path));
    }
    if (!dir)
        return;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

enum file_put file_replace(const char *path, const void *data, size_t len,
                           int *errnum)
{
    enum file_put rc;
    size_t n = strlen(path);
    char *tmp;
    int fd, dummy;

    if (!errnum)
        errnum = &dummy;
    *errnum = 0;
    rc = put_check_path(path, errnum);
    if (rc != FILE_PUT_OK)
        return rc;
    tmp = malloc(n + sizeof(".XXXXXX"));
    if (!tmp)
        return put_fail(errnum, FILE_PUT_NOMEM, ENOMEM);
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".XXXXXX", sizeof(".XXXXXX"));
    /* mkostemp creates the name exclusively, mode 0600: nothing planted
     * under a guessed name is ever opened. */
    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        rc = put_fail(errnum, FILE_PUT_ERROR, errno);
        goto out_free;
    }
    if (put_all(fd, data, len) || fsync(fd)) {
        rc = put_fail(errnum, FILE_PUT_ERROR, errno);
        close(fd);
        goto out_unlink;
    }
    if (close(fd)) {
        rc = put_fail(errnum, FILE_PUT_ERROR, errno);
        goto out_unlink;
    }
    /* rename() replaces whatever is at path, a link included, and never
     * writes through it: a link planted since the check is simply gone. */
    if (rename(tmp, path)) {
        rc = put_fail(errnum, FILE_PUT_ERROR, errno);
        goto out_unlink;
    }
    put_sync_dir(path);
    rc = FILE_PUT_OK;
    goto out_free;
out_unlink:
    unlink(tmp);
out_free:
    free(tmp);
    return rc;
}

enum file_put file_create(const char *path, const void *data, size_t len,
                          int *errnum)
{
    int fd, dummy;

    if (!errnum)
        errnum = &dummy;
    *errnum = 0;
    /* O_EXCL fails on anything at path, a dangling link included. */
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
                        O_NOCTTY, 0600);
    if (fd < 0)
        return put_fail(errnum, errno == EEXIST ? FILE_PUT_EXISTS
                                                : FILE_PUT_ERROR, errno);
    if (put_all(fd, data, len)) {
        *errnum = errno;
        close(fd);
        unlink(path);
        return FILE_PUT_ERROR;
    }
    if (close(fd)) {
        *errnum = errno;
        unlink(path);
        return FILE_PUT_ERROR;
    }
    return FILE_PUT_OK;
}

/* One write() for the whole line: with O_APPEND the kernel then puts it
 * at the end in one piece, whoever else appends.  A short write (a full
 * disk) is an error, not a reason to write the rest elsewhere. */
static int append_once(int fd, const void *data, size_t len)
{
    ssize_t n;

    do
        n = write(fd, data, len);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    if ((size_t)n != len) {
        errno = ENOSPC;
        return -1;
    }
    return 0;
}

static enum file_put append_to(const char *path, const void *data,
                               size_t len, bool journal, int *errnum)
{
    enum file_put rc;
    struct stat st;
    int fd, dummy;

    if (!errnum)
        errnum = &dummy;
    *errnum = 0;
    rc = put_check_path(path, errnum);
    if (rc != FILE_PUT_OK)
        return rc;
    /* Checked again on what was opened: O_NOFOLLOW refuses a link that
     * appeared since, O_NONBLOCK keeps a FIFO from blocking the open,
     * and fstat judges the file actually written to. */
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
                        O_CLOEXEC | O_NOCTTY, 0600);
    if (fd < 0) {
        if (errno == ELOOP)
            return put_fail(errnum, FILE_PUT_LINK, ELOOP);
        /* ENXIO: a FIFO nobody reads. */
        if (errno == ENXIO)
            return put_fail(errnum, FILE_PUT_NOT_REGULAR, EINVAL);
        return put_fail(errnum, FILE_PUT_ERROR, errno);
    }
    if (fstat(fd, &st)) {
        rc = put_fail(errnum, FILE_PUT_ERROR, errno);
    } else if (!S_ISREG(st.st_mode)) {
        rc = put_fail(errnum, FILE_PUT_NOT_REGULAR, EINVAL);
    } else if (journal && (st.st_mode & 077)) {
        rc = put_fail(errnum, FILE_PUT_MODE, EPERM);
    } else if (journal ? append_once(fd, data, len) : put_all(fd, data, len)) {
        rc = put_fail(errnum, FILE_PUT_ERROR, errno);
    } else if (journal && fsync(fd)) {
        rc = put_fail(errnum, FILE_PUT_ERROR, errno);
    }
    if (close(fd) && rc == FILE_PUT_OK)
        rc = put_fail(errnum, FILE_PUT_ERROR, errno);
    return rc;
}

enum file_put file_append(const char *path, const void *data, size_t len,
                          int *errnum)
{
    return append_to(path, data, len, false, errnum);
}

enum file_put file_append_line(const char *path, const void *data,
                               size_t len, int *errnum)
{
    return append_to(path, data, len, true, errnum);
}

void file_cache_dir(char *out, size_t size, bool create)
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

void file_state_dir(char *out, size_t size, bool create)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char base[4096];

    out[0] = '\0';
    if (xdg && xdg[0] == '/') {
        snprintf(base, sizeof(base), "%s", xdg);
    } else if (home && home[0] == '/') {
        /* ~/.local may not exist yet on a fresh account. */
        snprintf(base, sizeof(base), "%s/.local", home);
        if (create && mkdir(base, 0700) && errno != EEXIST)
            return;
        snprintf(base, sizeof(base), "%s/.local/state", home);
    } else {
        return;
    }
    if (create && mkdir(base, 0700) && errno != EEXIST)
        return;
    if ((size_t)snprintf(out, size, "%s/linkrole", base) >= size) {
        out[0] = '\0';
        return;
    }
    if (create && mkdir(out, 0700) && errno != EEXIST)
        out[0] = '\0';
}
