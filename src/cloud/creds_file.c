/* creds_file — reading a credentials file (core/file: bounded, regular
 * files only, never blocking on a FIFO), and a warning when others may
 * read it. */
#include "config.h"

#include "cloud/creds_impl.h"

#include <string.h>
#include <sys/stat.h>

#include "core/file.h"

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
    unsigned mode = 0;
    int errnum = 0;

    switch (file_read(path, CREDS_FILE_MAX, data, len, &mode, &errnum)) {
    case FILE_READ_OK:
        if (mode & 077)
            warn_mode(x, shown, (mode_t)mode);
        return 0;
    case FILE_ABSENT:
        return 1;
    case FILE_OPEN:
        return file_problem(x, CREDS_E_FILE_OPEN, shown, errnum);
    case FILE_NOT_REGULAR:
        return file_problem(x, CREDS_E_FILE_NOT_REGULAR, shown, 0);
    case FILE_TOO_BIG:
        file_problem(x, CREDS_E_FILE_TOO_BIG, shown, 0);
        x->p->limit = CREDS_FILE_MAX;
        return -1;
    case FILE_NOMEM:
        return creds_oom(x->p);
    case FILE_READ:
        break;
    }
    return file_problem(x, CREDS_E_FILE_READ, shown, errnum);
}
