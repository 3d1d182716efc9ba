/* cli — the subcommands, for scripts and people at a shell prompt.
 *
 * Each subcommand is a function of the parsed options that runs one use
 * case (app/) and formats what it returns: results on stdout, messages on
 * stderr, and an exit code (app/exit.h). */
#ifndef LINKROLE_CLI_H
#define LINKROLE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "app/exit.h"
#include "app/options.h"
#include "app/report.h"
#include "app/session.h"
#include "cloud/api.h"

/* Writes s to stdout; returns 0, or -1 (with a message) when it fails. */
int cli_write(const char *s, size_t len);

int cli_services(const struct options *o);
int cli_create(const struct options *o);
int cli_get(const struct options *o);
int cli_delete(const struct options *o);
int cli_list(const struct options *o);
int cli_dbs_init(const struct options *o);
int cli_whoami(const struct options *o);
int cli_reset(const struct options *o);
int cli_log(const struct options *o);

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
