/* opts — the command line: global options anywhere, command options after
 * the command.
 *
 * "linkrole --output json services --search polar" and "linkrole services
 * --search polar --output json" mean the same; "--name=value" and "--name
 * value" both work; "--" ends the options.  Unknown options get a message
 * that suggests the closest known one. */
#ifndef LINKROLE_OPTS_H
#define LINKROLE_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct opt_spec {
    const char *name;   /* long name without "--"; NULL ends a table */
    char short_name;    /* 0 for none */
    bool takes_value;
    int id;
};

struct opts_parser {
    const struct opt_spec *global;
    /* The options of a command, or NULL when it has none or is unknown. */
    const struct opt_spec *(*command_options)(const char *command);
    /* Called for each option in order; returns 0, or -1 with err set. */
    int (*on_option)(void *ctx, int id, const char *value, struct buf *err);
    void *ctx;
};

/* Parses argv[1..argc).  Arguments that are not options are stored, in
 * order, into positional (at most max; the first is the command).
 * Returns 0, or -1 with a one-line message in err. */
int opts_parse(const struct opts_parser *p, int argc, char **argv,
               const char **positional, size_t max, size_t *count,
               struct buf *err);

/* The edit distance from a to b (capped: names of 63 bytes or more are
 * (size_t)-1 apart), for "did you mean" suggestions. */
size_t opts_distance(const char *a, const char *b);

#endif
