/* file — reading a named file whole, safely.
 *
 * The catalogue and the credentials files are read here: opened without
 * blocking (a FIFO put in a file's place must not hang the program),
 * refused unless they are a regular file, and bounded in size before a
 * byte is read (a device or a huge file never fills memory). */
#ifndef LINKROLE_FILE_H
#define LINKROLE_FILE_H

#include <stddef.h>

enum file_status {
    FILE_READ_OK = 0,
    FILE_ABSENT,       /* no such file (ENOENT, ENOTDIR) */
    FILE_OPEN,          /* cannot open it: *errnum says why */
    FILE_NOT_REGULAR,   /* a directory, FIFO, device or socket */
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

#endif
