/* tui — the terminal UI: pick a service, fill in the form, read the
 * result.  The one entry point main.c calls when no command is given. */
#ifndef LINKROLE_TUI_H
#define LINKROLE_TUI_H

#include <stdbool.h>

#include "app/options.h"

/* Runs the UI, starting with the DBS guide when dbs_guide (linkrole
 * dbs); returns the exit code.  Refuses (exit 2, one line on
 * stderr) when stdin or stdout is not a terminal or TERM cannot address
 * the cursor.  o may be changed (demo mode chosen on the way). */
int tui_run(struct options *o, bool dbs_guide);

#endif
