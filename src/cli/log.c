/* linkrole log and --demo reset: what linkrole keeps in its state
 * directory. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "app/demo.h"
#include "app/i18n.h"

int cli_reset(const struct options *o)
{
    struct buf msg;
    int rc = EXIT_DONE;

    if (!o->demo) {
        report_error(_("reset starts the demo account over: use "
                       "'linkrole --demo reset'"));
        return EXIT_USAGE;
    }
    if (o->nargs) {
        report_error(_("reset takes no arguments"));
        return EXIT_USAGE;
    }
    buf_init(&msg, 8192);
    if (demo_reset(&msg)) {
        report_error("%s", buf_str(&msg));
        rc = EXIT_INTERNAL;
    }
    buf_free(&msg);
    return rc;
}
