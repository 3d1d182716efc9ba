/* tui — the entry point: the session, the terminal and the loop, put
 * together and taken apart in order. */
#include "config.h"

#include "tui/tui.h"

#include <stdlib.h>

#include "app/exit.h"
#include "app/i18n.h"
#include "app/report.h"
#include "core/buf.h"
#include "tui/keys.h"
#include "tui/loop.h"
#include "tui/screens.h"
#include "tui/state.h"
#include "tui/term.h"

int tui_run(struct options *o, enum tui_first first)
{
    struct tui t;
    struct term_config cfg = { o->no_color, getenv("LINKROLE_TUI_SCRIPT") };
    struct buf why;
    int rc, made;

    if (cfg.script && !*cfg.script)
        cfg.script = NULL;
    buf_init(&why, 4096);
    made = tui_init(&t, o);
    t.start_roles = first == TUI_FIRST_ROLES;
    if (term_check(&cfg, &why)) {
        report_error("%s", buf_str(&why));
        rc = EXIT_USAGE;
        goto out;
    }
    if (made) {
        report_error("%s", _("out of memory"));
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (keys_init()) {
        report_error("%s", _("internal error: the key table names a key that "
                          "does not exist"));
        rc = EXIT_INTERNAL;
        goto out;
    }
    rc = tui_open_session(&t);
    if ((rc == EXIT_CREDENTIALS || rc == EXIT_NETWORK) && !o->demo) {
        /* Offer the demo rather than fail: the reason was printed (STS
         * out of reach, exit 4 for a command, is no keys to use here
         * either). */
        screens_show(&t, SCREEN_NOCREDS);
    } else if (rc != EXIT_DONE) {
        if (rc == SESSION_DRY_RUN_ONLY)
            rc = EXIT_DONE;
        goto out;
    } else if (tui_start(&t)) {
        report_error("%s", _("cannot start the terminal UI: out of memory"));
        rc = EXIT_INTERNAL;
        goto out;
    } else if (first == TUI_FIRST_DBS) {
        dbs_start(&t);
    }
    if (term_open(&cfg, &why)) {
        report_error("%s", buf_str(&why));
        rc = EXIT_USAGE;
        goto out;
    }
    rc = loop_run(&t);
    term_close();
    rc = rc < 0 ? EXIT_USAGE : rc;
out:
    tui_free(&t);
    buf_free(&why);
    return rc;
}
