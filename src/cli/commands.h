/* commands — the command line's one table: every option (global, and
 * each command's), every command with its help, and what an option does
 * to struct options.  main.c parses argv with it and dispatches; the
 * help texts, and what is generated from the table, read it too. */
#ifndef LINKROLE_CLI_COMMANDS_H
#define LINKROLE_CLI_COMMANDS_H

#include "app/options.h"
#include "cli/opts.h"
#include "core/buf.h"

enum {
    OPT_HELP = 1,
    OPT_VERSION,
    OPT_OUTPUT,
    OPT_CATALOG,
    OPT_LANG,
    OPT_DEMO,
    OPT_ENDPOINT,
    OPT_REGION,
    OPT_SIGNATURE,
    OPT_DRY_RUN,
    OPT_TIMEOUT,
    OPT_VERBOSE,
    OPT_PROFILE,
    OPT_SEARCH,
    OPT_SERVICE,
    OPT_SUFFIX,
    OPT_DESCRIPTION,
    OPT_EXIST_OK,
    OPT_NO_CHECK,
    OPT_NO_WAIT,
    OPT_ALL,
    OPT_LIVE,
    OPT_NO_COLOR,
    OPT_FORMAT,
    OPT_PRINT,
    OPT_YES,
    OPT_JOURNAL_REQUIRED,
    OPT_ACCOUNT,
    OPT_SINCE,
    OPT_DBS,
    OPT_ACCOUNTS,
    OPT_FOLDER,
    OPT_EXCLUDE,
    OPT_CONCURRENCY,
    OPT_PLAN,
    OPT_RESUME,
    OPT_ROLLOUT
};

struct command {
    const char *name;
    int (*run)(const struct options *o);
    const struct opt_spec *options;
    const char *help;
};

/* The options that hold anywhere on the line; the commands, ended by a
 * row whose name is NULL. */
extern const struct opt_spec commands_global_options[];
extern const struct command commands_table[];

/* The command called name, or NULL; its options (NULL when unknown). */
const struct command *commands_find(const char *name);
const struct opt_spec *commands_options(const char *name);
/* The command (or "help", "dbs") closest to name, within two edits or
 * one that name begins, for "did you mean"; NULL when none is close. */
const char *commands_closest(const char *name);
/* The help of `linkrole help help`. */
extern const char commands_help_help[];
/* The values option id takes, for completion: words separated by
 * spaces, "@WHAT" for the names `linkrole __complete WHAT` prints, or
 * NULL when any value goes. */
const char *commands_option_values(int id);

/* What option id with value does to the struct options at ctx (the
 * opts_parser's on_option).  Returns 0, or -1 with err set. */
int commands_on_option(void *ctx, int id, const char *value,
                       struct buf *err);
/* LINKROLE_ENDPOINT's entries (copy is cut up).  0, or -1 with err. */
int commands_endpoints_from_env(struct options *o, char *copy,
                                struct buf *err);

/* linkrole --help, in parts printed one after the other: the N_() texts
 * of commands_usage (NULL ends them), then the installed catalogue's path
 * as it is, then commands_usage_end (N_() too); and the help of the UI's
 * DBS guide (`linkrole dbs`, not a command of the table). */
extern const char *const commands_usage[];
extern const char commands_usage_path[];
extern const char commands_usage_end[];
extern const char commands_dbs_help[];

#endif
