/* tui — the terminal UI: pick a service, fill in the form, read the
 * result.  The one entry point main.c calls when no command is given. */
#ifndef LINKROLE_TUI_H
#define LINKROLE_TUI_H

#include <stdbool.h>

#include "app/options.h"

/* The screen the UI starts on. */
enum tui_first {
    TUI_FIRST_SERVICES,     /* linkrole: the services */
    TUI_FIRST_DBS,          /* linkrole dbs: the DBS guide */
    TUI_FIRST_ROLES         /* linkrole roles: the roles in the account */
};

/* Runs the UI, starting on first; returns the exit code.  Refuses (exit
 * 2, one line on stderr) when stdin or stdout is not a terminal or TERM
 * cannot address the cursor.  o may be changed (demo mode chosen on the
 * way). */
int tui_run(struct options *o, enum tui_first first);

#endif
