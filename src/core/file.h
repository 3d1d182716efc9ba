/* file — reading and writing a named file whole, safely.
 *
 * Reading: the catalogue, the credentials files, the refused-suffix cache
 * and the simulator's state are opened without blocking (a FIFO put in a
 * file's place must not hang the program), refused unless they are a
 * regular file, and bounded in size before a byte is read (a device or a
 * huge file never fills memory).
 *
 * Writing: every file linkrole writes goes through one of the three
 * writers below.  None follows a symbolic link at the path, none writes
 * into anything but a regular file (a FIFO would block, a device would
 * take the bytes), and a file they create is 0600: what linkrole writes
 * may name an account's roles, which is nobody else's business. */
#ifndef LINKROLE_FILE_H
#define LINKROLE_FILE_H

#include <stdbool.h>
#include <stddef.h>

enum file_status {
    FILE_READ_OK = 0,
    FILE_ABSENT,       /* no such file (ENOENT, ENOTDIR) */
    FILE_OPEN,          /* cannot open it: *errnum says why */
    FILE_NOT_REGULAR,   /* a directory, FIFO, device or socket (or, for
                           file_read_nofollow, a symlink: *errnum ELOOP) */
    FILE_TOO_BIG,       /* more than max bytes */
    FILE_READ,          /* a read failed: *errnum says why */
    FILE_NOMEM
};

/* Reads path whole.  On FILE_READ_OK, *data holds the bytes and a NUL after
 * them (free() it; wipe it first if it may hold a secret) and *len their
 * count, and *mode (may be NULL) the file's st_mode.  On FILE_OPEN and
 * FILE_READ, *errnum (may be NULL) is errno.  Whatever was read before a
 * failure is wiped. */
enum file_status file_read(const char *path, size_t max, char **data,
                           size_t *len, unsigned *mode, int *errnum);

/* The same for a file linkrole wrote itself (a cache, a state file): a
 * symbolic link at path is not followed but refused, as FILE_NOT_REGULAR
 * with *errnum ELOOP, so a link planted there cannot make linkrole read
 * (and later write) whatever it names. */
enum file_status file_read_nofollow(const char *path, size_t max,
                                    char **data, size_t *len,
                                    unsigned *mode, int *errnum);

enum file_put {
    FILE_PUT_OK = 0,
    FILE_PUT_LINK,        /* path is a symbolic link: not followed */
    FILE_PUT_NOT_REGULAR, /* path is a directory, FIFO, device, socket */
    FILE_PUT_EXISTS,      /* file_create: path is already there */
    FILE_PUT_ERROR,       /* a system call failed: *errnum says why */
    FILE_PUT_NOMEM,
    FILE_PUT_MODE         /* file_append_line: others may read the file */
};

/* Replaces path's content with data[0..len), atomically: a temporary file
 * (0600) in the same directory is written, fsync'd and renamed over path,
 * so a crash or a full disk leaves the old content or the new, never half
 * of it.  A symlink or a non-regular file at path is refused and left as
 * it is.  On every failure the temporary file is gone.  *errnum (may be
 * NULL) is errno for FILE_PUT_ERROR (ELOOP, EEXIST or EINVAL otherwise,
 * so a caller may word any status with strerror). */
enum file_put file_replace(const char *path, const void *data, size_t len,
                           int *errnum);

/* Creates path, which must not exist yet (not even as a dangling link),
 * mode 0600, and writes data[0..len) into it.  A half-written file is
 * removed again. */
enum file_put file_create(const char *path, const void *data, size_t len,
                          int *errnum);

/* Whether file_replace would write at path: FILE_PUT_OK when nothing is
 * there or a regular file is, FILE_PUT_LINK or FILE_PUT_NOT_REGULAR (what
 * it refuses), FILE_PUT_ERROR when it cannot tell (*errnum says why).  So
 * a caller asks "overwrite?" only about what could be overwritten. */
enum file_put file_replaceable(const char *path, int *errnum);

/* Appends data[0..len) to path, creating it (0600) if it is missing: not
 * through a symlink, only to a regular file, and with one O_APPEND write
 * so two processes appending at once do not interleave a line. */
enum file_put file_append(const char *path, const void *data, size_t len,
                          int *errnum);

/* The same for a journal: one write() of the whole line, then fsync, and
 * a file whose mode gives group or others any right is refused
 * (FILE_PUT_MODE, nothing written) rather than added to. */
enum file_put file_append_line(const char *path, const void *data,
                               size_t len, int *errnum);

/* linkrole's cache directory, $XDG_CACHE_HOME/linkrole (else
 * ~/.cache/linkrole; relative values are ignored), made 0700 when create
 * is true.  out gets "" when there is none, or it cannot be made. */
void file_cache_dir(char *out, size_t size, bool create);
/* linkrole's state directory, $XDG_STATE_HOME/linkrole (else
 * ~/.local/state/linkrole), the same way: the journal and the demo's
 * account live there. */
void file_state_dir(char *out, size_t size, bool create);

#endif
