/* cli — the subcommands, for scripts and people at a shell prompt.
 *
 * Each subcommand is a function of the parsed options that runs one use
 * case (app/) and formats what it returns: results on stdout, messages on
 * stderr, and an exit code (app/exit.h). */
#ifndef LINKROLE_CLI_H
#define LINKROLE_CLI_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/exit.h"
#include "app/options.h"
#include "app/report.h"
#include "app/rollout.h"
#include "app/session.h"
#include "cloud/api.h"

/* Writes s to stdout; returns 0, or -1 (with a message) when it fails.
 * A reader that closed the pipe (EPIPE) gets no message: see
 * cli_output_closed. */
int cli_write(const char *s, size_t len);

/* Writes out (when failed, an append ran out of memory: says so instead)
 * and frees it; returns EXIT_DONE or EXIT_INTERNAL. */
int cli_write_buf(struct buf *out, bool failed);

/* Whether stdout's reader went away (EPIPE): the command then ends with
 * EXIT_DONE, silently, as `... | head` expects. */
bool cli_output_closed(void);

/* Whether a command should ask a person first: stdin and stderr are a
 * terminal, and neither --yes nor --dry-run was given. */
bool cli_asks(const struct options *o);
/* delete's question on stderr: the role, its service and what the
 * service may stop doing (app/deletion's words), then "[y/N]"; reads a
 * line from stdin.  Returns true for y or yes (any case). */
bool cli_confirm_delete(const struct options *o, const char *role);
/* question (one or more lines) on stderr, then "[y/N]"; reads a line
 * from stdin.  Returns true for y or yes (any case). */
bool cli_confirm(const char *question);

/* A spinner with the elapsed time on stderr while a request runs, shown
 * after one second, only when stdout and stderr are terminals and not
 * with --output json, --verbose or --dry-run.  cli_spinner_stop clears
 * it (before the result is printed); it is safe to call when nothing
 * was started. */
struct cli_spinner {
    pthread_t thread;
    pthread_mutex_t lock;
    bool running, stop, shown;
    const char *label;
    long long started_ms;
};
void cli_spinner_start(struct cli_spinner *sp, const struct options *o,
                       const char *label);
void cli_spinner_stop(struct cli_spinner *sp);

int cli_services(const struct options *o);
int cli_create(const struct options *o);
int cli_get(const struct options *o);
int cli_delete(const struct options *o);
int cli_list(const struct options *o);
int cli_dbs_init(const struct options *o);
int cli_whoami(const struct options *o);
int cli_reset(const struct options *o);
int cli_log(const struct options *o);
int cli_completion(const struct options *o);
/* When --service is not a service name of the catalogue but names one
 * (a short name, a product, a role name): says "did you mean" and
 * returns true (a usage error). */
bool cli_service_suggested(const struct options *o);
int cli_complete(const struct options *o);
int cli_export(const struct options *o);
int cli_rollout(const struct options *o);

/* rollout and export --rollout (cli/rollout.c): the target and the
 * scope from the options, checked (a bad one is reported: exit 2) with
 * the session's catalogue.  The lists are cut from copies kept in
 * scope; cli_rollout_scope_free frees them.  Returns EXIT_DONE or the
 * exit code. */
/* What rollout (export false) or export --rollout (true) needs of the
 * command line alone; a usage error is reported (exit 2). */
int cli_rollout_check(const struct options *o, bool export);
struct cli_rollout_scope {
    char *copy[2];              /* --accounts, --exclude */
    const char **ids[2];
    size_t n[2];
};
int cli_rollout_config(const struct options *o, const struct session *s,
                       struct rollout_config *cfg,
                       struct cli_rollout_scope *scope);
void cli_rollout_scope_free(struct cli_rollout_scope *scope);
/* rollout_new, its failure reported (with what a missing directory
 * means).  Returns EXIT_DONE with *r, or the exit code. */
int cli_rollout_open(const struct options *o, struct session *s,
                     const struct rollout_config *cfg, struct rollout **r);

/* The report (cli/rollout_report.c).  cli_rollout_follow waits for the
 * run to end, redrawing a live block on stderr when it is a terminal;
 * cli_rollout_summary prints the end's counts and table, or the JSON
 * object, on stdout.  Exit codes (EXIT_DONE when printed). */
void cli_rollout_follow(struct rollout *r, const struct options *o);
int cli_rollout_summary(struct rollout *r, const struct options *o,
                        const struct rollout_config *cfg);
/* The exit code of a finished run (rollout_exit_code); for a plan, an
 * account that cannot be entered is an answer (0), one that could not
 * be looked at (refused, busy, no answer) is not. */
int cli_rollout_exit(const struct rollout_progress *p, bool plan);

/* --print (cli/export.c): the equivalent of a create or dbs-init, of
 * which nothing is sent, or of a role get fetched.  Exit codes. */
int cli_print_create(const struct options *o);
int cli_print_dbs_init(const struct options *o);
int cli_print_role(const struct options *o, const struct session *s,
                   const struct api_role *role);

/* Opens the session for a command, printing what goes wrong.  Returns
 * true when s is open (close it), or false with *exit_code the code the
 * command ends with (a message was printed, or --dry-run printed the
 * request that would fetch the credentials). */
bool cli_open(struct session *s, const struct options *o, bool need_catalog,
              int *exit_code);

/* Reports a failed call: text on stderr (the line, hint, RequestId, and
 * for permission errors the RAM policy), and with --output json an
 * {"Error": ...} object on stdout.  --dry-run's "failure" prints the
 * request instead.  Returns the exit code. */
int cli_report_error(const struct options *o, const struct session *s,
                     const struct api_error *e, const char *service_name,
                     const char *role_name);

/* Prints a response body as the aliyun CLI does (two-space JSON). */
int cli_print_response(const char *body);

#endif
