/* linkrole log and --demo reset: what linkrole keeps in its state
 * directory. */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/demo.h"
#include "app/i18n.h"
#include "app/journal.h"
#include "app/journal_log.h"

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

int cli_log(const struct options *o)
{
    struct journal_filter f = { o->log_account, o->service, 0 };
    struct journal_log log;
    struct buf out, msg;
    char path[4200];
    int rc = EXIT_DONE;

    if (o->nargs) {
        report_error(_("log takes no arguments"));
        return EXIT_USAGE;
    }
    if (o->log_since &&
        journal_parse_since(o->log_since, time(NULL), &f.since)) {
        report_error(_("--since takes a date (2026-12-01, "
                       "2026-12-01T10:00:00Z) or a duration back from now "
                       "(30m, 12h, 7d), not '%s'"), o->log_since);
        return EXIT_USAGE;
    }
    journal_path(path, sizeof(path), o->demo, false);
    if (!path[0]) {
        report_error(_("no state directory: set XDG_STATE_HOME or HOME"));
        return EXIT_USAGE;
    }
    buf_init(&msg, 8192);
    if (journal_read(path, &f, &log, &msg)) {
        report_error("%s", buf_str(&msg));
        buf_free(&msg);
        return EXIT_INTERNAL;
    }
    buf_free(&msg);
    if (log.skipped)
        report_error(_n("warning: %zu line of %s could not be read "
                              "and was skipped",
                              "warning: %zu lines of %s could not be read "
                              "and were skipped", log.skipped),
                     log.skipped, path);
    buf_init(&out, 1u << 26);
    if (o->output == OUTPUT_JSON ? journal_format_json(&out, &log)
                                 : journal_format_text(&out, &log)) {
        report_error(_("out of memory"));
        rc = EXIT_INTERNAL;
    } else if (cli_write(buf_str(&out), buf_len(&out))) {
        rc = EXIT_INTERNAL;
    }
    buf_free(&out);
    journal_log_free(&log);
    return rc;
}
