/* cli — the subcommands, and what they share with main.c.
 *
 * Each subcommand is a function of the parsed options that prints to
 * stdout (results) and stderr (messages) and returns an exit code. */
#ifndef LINKROLE_CLI_H
#define LINKROLE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "cloud/api.h"
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
    bool demo;                 /* --demo: the in-process simulated account */
    long demo_delay_ms;        /* added to each demo answer (the TUI's) */
    bool no_color;             /* --no-color: the TUI's monochrome theme */
    bool dry_run;              /* --dry-run */
    bool verbose;              /* --verbose */
    const char *region;        /* --region */
    const char *profile;       /* --profile */
    int signature;             /* --signature: 3 (default) or 1 */
    long timeout_ms;           /* --timeout, 0 for the default */
    /* --endpoint / LINKROLE_ENDPOINT: base URL per product, NULL: public */
    const char *endpoint[API_PRODUCT_COUNT];
    const char *search;        /* services --search */
    const char *service;       /* create --service */
    const char *suffix;        /* create --suffix */
    const char *description;   /* create --description */
    bool exist_ok;             /* create --exist-ok */
    bool no_check;             /* create --no-check */
    bool no_wait;              /* delete --no-wait */
    bool all;                  /* list --all */
    const char *args[CLI_ARGS_MAX]; /* positional, after the command */
    size_t nargs;
};

/* What a command that talks to the cloud works with: the client wired to
 * the chosen transport and credentials, and where they came from. */
struct creds;
struct env_creds;

struct cli_session {
    struct api_client client;
    struct transport *transport;
    struct catalog catalog;
    bool have_catalog;
    char creds_source[256];     /* "environment (ALIBABA_CLOUD_...)", ... */
    char access_key_id[128];
    const char *region;         /* flag, profile, environment or default */
    char region_id[64];         /* ... lower-cased: what region points to */
    struct buf dry_run;
    /* --dry-run stopped while fetching credentials: dry_run holds that
     * request, and the command has nothing more to sign. */
    bool dry_run_only;
    void *sim;                  /* the demo account, when --demo */
    struct env_creds *demo_creds;
    struct creds *creds;        /* the chain's answer otherwise */
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
int cli_create(const struct cli_options *o);
int cli_get(const struct cli_options *o);
int cli_delete(const struct cli_options *o);
int cli_list(const struct cli_options *o);
int cli_dbs_init(const struct cli_options *o);
int cli_whoami(const struct cli_options *o);

/* cli_session_open's answer when it did the whole job itself: --dry-run
 * stopped at the request that would fetch the credentials, and printed
 * it.  The command then ends with EXIT_DONE. */
#define CLI_SESSION_ENDED 100

/* Sets up s for o: catalogue (when need_catalog), transport, credentials.
 * Prints the reason and returns an exit code other than EXIT_DONE when it
 * cannot, or CLI_SESSION_ENDED. */
int cli_session_open(struct cli_session *s, const struct cli_options *o,
                     bool need_catalog);
void cli_session_close(struct cli_session *s);

/* Reports a failed call: text on stderr (code, message, hint, RequestId,
 * and for permission errors the RAM policy), and with --output json an
 * {"Error": ...} object on stdout.  Returns the exit code. */
int cli_report_error(const struct cli_options *o, const struct api_error *e,
                     const char *service_name, const char *role_name);
/* For --dry-run: prints what would have been sent; returns EXIT_DONE. */
int cli_print_dry_run(const struct cli_session *s);

/* Prints a response body as the aliyun CLI does (two-space JSON). */
int cli_print_response(const char *body);

/* Appends s made safe to show: controls replaced, and no secret in use
 * (a server may echo what it was sent).  For the terminal UI, which shows
 * the cloud's messages on screen.  Returns 0 or -1 (out of room). */
int cli_safe_text(struct buf *out, const char *s);

/* "LTAI****abcd": enough to recognise a key, too little to use it. */
void cli_mask_key(char *out, size_t size, const char *key_id);

#endif
