/* tui — the entry point: the session, the terminal and the loop, put
 * together and taken apart in order. */
#include "config.h"

#include "tui/tui.h"

#include <stdbool.h>
#include <stdlib.h>

#include "app/exit.h"
#include "app/i18n.h"
#include "app/report.h"
#include "core/buf.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/loop.h"
#include "tui/screens.h"
#include "tui/state.h"
#include "tui/term.h"

/* The first frame, drawn before the session is opened: finding the keys
 * may mean running a credential helper or asking STS or the metadata
 * service, which can take seconds, and the terminal should not sit
 * blank meanwhile. */
static void tui_splash(void)
{
    int rows = term_rows(), cols = term_cols();

    term_erase();
    draw_fill(0, 0, cols, DRAW_HEADER, " linkrole ");
    if (rows > 2)
        draw_put(2, 2, cols - 2, DRAW_NORMAL,
                 _("Finding the credentials to sign with..."));
    if (rows > 4)
        draw_put(3, 2, cols - 2, DRAW_DIM,
                 _("(a credential helper, STS or the instance's metadata "
                   "service can take a few seconds)"));
    if (rows > 1)
        draw_fill(rows - 1, 0, cols, DRAW_FOOTER, _(" Ctrl-C: quit"));
    term_show();
    term_frame_done(0, "splash");
}

int tui_run(struct options *o, enum tui_first first)
{
    struct tui t;
    struct term_config cfg = { o->no_color, getenv("LINKROLE_TUI_SCRIPT") };
    struct buf why;
    int rc, made;
    /* A script, the demo and --dry-run open their session before the
     * terminal: nothing there waits on the network, and --dry-run prints
     * the request it would send on stdout. */
    bool splash;

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
    splash = !cfg.script && !o->demo && !o->dry_run;
    if (splash) {
        if (term_open(&cfg, &why)) {
            report_error("%s", buf_str(&why));
            rc = EXIT_USAGE;
            goto out;
        }
        tui_splash();
        term_wait_begin();
    }
    rc = tui_open_session(&t);
    if (splash)
        term_wait_end();
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
    if (!splash && term_open(&cfg, &why)) {
        report_error("%s", buf_str(&why));
        rc = EXIT_USAGE;
        goto out;
    }
    rc = loop_run(&t);
    rc = rc < 0 ? EXIT_USAGE : rc;
out:
    /* Gives the terminal back (if taken) and replays what was said on
     * stderr meanwhile: a session that could not be opened says why. */
    term_close();
    tui_free(&t);
    buf_free(&why);
    return rc;
}
