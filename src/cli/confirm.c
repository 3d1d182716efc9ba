/* confirm — delete's question to a person at a terminal (see cli.h). */
#include "config.h"

#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/deletion.h"
#include "app/i18n.h"
#include "app/report.h"
#include "app/scrub.h"
#include "app/session.h"
#include "app/slr.h"
#include "core/buf.h"
#include "core/catalog.h"

bool cli_asks(const struct options *o)
{
    return !o->yes && !o->dry_run && isatty(STDIN_FILENO) &&
           isatty(STDERR_FILENO);
}

/* Whether the answer line says yes: "y" or "yes", any case, spaces
 * around allowed. */
static bool answer_yes(const char *line)
{
    size_t len;

    while (*line == ' ' || *line == '\t')
        line++;
    len = strcspn(line, " \t\r\n");
    return (len == 1 && strncasecmp(line, "y", 1) == 0) ||
           (len == 3 && strncasecmp(line, "yes", 3) == 0);
}

bool cli_confirm(const char *question)
{
    char line[256];
    bool yes = false;

    fprintf(stderr, _("%s [y/N] "), question);
    fflush(stderr);
    if (fgets(line, sizeof(line), stdin))
        yes = answer_yes(line);
    else
        fputc('\n', stderr);
    return yes;
}

bool cli_confirm_delete(const struct options *o, const char *role)
{
    struct catalog cat = { NULL, 0 };
    struct buf what, safe, msg;
    const struct catalog_entry *e = NULL;
    char line[256];
    bool yes = false;

    buf_init(&what, 1u << 16);
    buf_init(&safe, 1u << 16);
    buf_init(&msg, 4096);
    /* The words are the UI's (app/deletion); a catalogue that cannot be
     * read only makes them vaguer. */
    if (session_load_catalog(o, &cat, &msg) == 0)
        e = slr_service_of(&cat, role);
    if (deletion_service(&what, e, o->lang) == 0 &&
        buf_adds(&what, "\n  ") == BUF_OK &&
        deletion_consequence(&what, e, role, o->lang) == 0 &&
        scrub_text(&safe, buf_str(&what)) == 0)
        /* The catalogue's words may come from any --catalog file:
         * no raw control byte reaches the terminal. */
        fprintf(stderr, _("Delete %s?\n  %s\n"), role, buf_str(&safe));
    else
        fprintf(stderr, _("Delete %s?\n"), role);
    fprintf(stderr, _("Delete it? [y/N] "));
    fflush(stderr);
    if (fgets(line, sizeof(line), stdin))
        yes = answer_yes(line);
    else
        fputc('\n', stderr);
    if (!yes)
        report_error(_("not deleted: %s is kept"), role);
    catalog_free(&cat);
    buf_free(&msg);
    buf_free(&safe);
    buf_free(&what);
    return yes;
}
