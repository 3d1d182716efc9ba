/* options — what the user asked for, whichever front end runs.
 *
 * main.c fills this from the command line and the environment; the
 * session, the use cases and both front ends read it.  Pointers point
 * into argv or the environment and live as long as the process. */
#ifndef LINKROLE_OPTIONS_H
#define LINKROLE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "cloud/api.h"

enum output_format { OUTPUT_TEXT, OUTPUT_JSON };
/* The languages linkrole speaks: English, Simplified Chinese (mainland),
 * Traditional Chinese (Taiwan and Hong Kong wording). */
enum lang { LANG_EN, LANG_ZH_CN, LANG_ZH_TW };
/* export --format, and --print of create, get and dbs-init */
enum export_format { EXPORT_DEFAULT, EXPORT_TERRAFORM, EXPORT_ALIYUN,
                     EXPORT_JSON };

#define OPTIONS_ARGS_MAX 16

/* struct options' given: which settings the command line set, so the
 * defaults (app/config.h) fill only the others. */
enum {
    OPTIONS_GIVEN_PROFILE = 1u << 0,
    OPTIONS_GIVEN_REGION = 1u << 1,
    OPTIONS_GIVEN_OUTPUT = 1u << 2,
    OPTIONS_GIVEN_SIGNATURE = 1u << 3,
    OPTIONS_GIVEN_LANG = 1u << 4,
    OPTIONS_GIVEN_COLOR = 1u << 5
};

struct options {
    const char *catalog_path;  /* --catalog */
    enum output_format output; /* --output */
    enum lang lang;            /* --lang, or from the locale */
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
    bool live;                 /* services NAME --live */
    const char *service;       /* create --service */
    const char *suffix;        /* create --suffix */
    const char *description;   /* create --description */
    bool exist_ok;             /* create --exist-ok */
    bool no_check;             /* create --no-check */
    bool no_wait;              /* delete --no-wait */
    bool yes;                  /* delete --yes: no question */
    bool all;                  /* list --all */
    enum export_format format; /* export --format */
    enum export_format print;  /* --print: EXPORT_DEFAULT when not */
    bool journal_required;     /* --journal-required */
    const char *log_account;   /* log --account */
    const char *log_since;     /* log --since */
    /* rollout, and export --rollout: which member accounts of the
     * Resource Directory, as given (comma-separated ids) */
    bool rollout;              /* export --rollout */
    bool dbs;                  /* rollout --dbs: the DBS activation */
    const char *accounts;      /* --accounts all|ID,...; NULL: all */
    const char *folder;        /* --folder ID: its subtree only */
    const char *exclude;       /* --exclude ID,... */
    unsigned concurrency;      /* --concurrency 1..64; 0: the default */
    bool plan;                 /* rollout --plan: look, change nothing */
    bool resume;               /* rollout --resume */
    const char *args[OPTIONS_ARGS_MAX]; /* positional, after the command */
    size_t nargs;
    unsigned given;            /* OPTIONS_GIVEN_*: set on the command line */
};

#endif
