/* cli — the subcommands, and what they share with main.c.
 *
 * Each subcommand is a function of the parsed options that prints to
 * stdout (results) and stderr (messages) and returns an exit code. */
#ifndef LINKROLE_CLI_H
#define LINKROLE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalog.h"

/* Exit codes, documented in --help and linkrole(1). */
enum {
    EXIT_DONE = 0,          /* done */
    EXIT_REFUSED = 1,       /* the cloud refused */
    EXIT_USAGE = 2,         /* bad usage or invalid input, nothing sent */
    EXIT_CREDENTIALS = 3,   /* credentials missing or rejected */
    EXIT_NETWORK = 4,       /* network, TLS or timeout */
    EXIT_INTERNAL = 5       /* internal error */
};

enum cli_output { CLI_OUTPUT_TEXT, CLI_OUTPUT_JSON };
enum cli_lang { CLI_LANG_EN, CLI_LANG_ZH };

#define CLI_ARGS_MAX 16

struct cli_options {
    const char *catalog_path;  /* --catalog */
    enum cli_output output;    /* --output */
    enum cli_lang lang;        /* --lang, or from the locale */
    bool help;
    bool version;
    const char *search;        /* services --search */
    const char *args[CLI_ARGS_MAX]; /* positional, after the command */
    size_t nargs;
};

/* Prints "linkrole: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Finds and loads the catalogue: --catalog, then $LINKROLE_CATALOG, then
 * the installed copy, then data/services.json beside an uninstalled
 * binary.  Prints the reason and returns -1 on failure. */
int cli_load_catalog(const struct cli_options *o, struct catalog *c);

/* Writes s to stdout; returns 0, or -1 (with a message) when it fails. */
int cli_write(const char *s, size_t len);

int cli_services(const struct cli_options *o);

#endif
