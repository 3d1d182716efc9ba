/* demo — the demo account's file (see demo.h). */
#include "config.h"

#include "app/demo.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/i18n.h"
#include "core/file.h"

void demo_state_path(char *out, size_t size, bool create)
{
    char dir[4096];

    out[0] = '\0';
    file_state_dir(dir, sizeof(dir), create);
    if (!dir[0])
        return;
    if ((size_t)snprintf(out, size, "%s/demo.json", dir) >= size)
        out[0] = '\0';
}

int demo_reset(struct buf *msg)
{
    char path[4200];
    struct stat st;

    demo_state_path(path, sizeof(path), false);
    if (!path[0])
        return 0;
    /* Whatever is there (a link planted in its place included) goes:
     * unlink never follows a link, and a directory is left alone. */
    if (lstat(path, &st)) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 0;
        buf_printf(msg, _("%s: %s"), path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        buf_printf(msg, _("%s: a directory, not the demo account: remove "
                          "it by hand"), path);
        return -1;
    }
    if (unlink(path)) {
        buf_printf(msg, _("%s: %s"), path, strerror(errno));
        return -1;
    }
    return 0;
}

const char *demo_reset_hint(void)
{
    return _("'linkrole --demo reset' starts the demo account over");
}
