/* opts — see opts.h. */
#include "config.h"

#include "cli/opts.h"

#include <string.h>

#include "app/i18n.h"

static const struct opt_spec *find_long(const struct opt_spec *t,
                                        const char *name, size_t len)
{
    for (; t && t->name; t++)
        if (strlen(t->name) == len && strncmp(t->name, name, len) == 0)
            return t;
    return NULL;
}

static const struct opt_spec *find_short(const struct opt_spec *t, char c)
{
    for (; t && t->name; t++)
        if (t->short_name && t->short_name == c)
            return t;
    return NULL;
}

/* Edit distance, capped: only small distances matter for suggestions. */
static size_t distance(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b), row[64], prev, tmp;

    if (alen >= 63 || blen >= 63)
        return (size_t)-1;
    for (size_t j = 0; j <= blen; j++)
        row[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= blen; j++) {
            size_t best = prev + (a[i - 1] != b[j - 1]);

            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            tmp = row[j];
            row[j] = best;
            prev = tmp;
        }
    }
    return row[blen];
}

size_t opts_distance(const char *a, const char *b)
{
    return distance(a, strlen(a), b);
}

static const char *suggest(const struct opt_spec *const *tables, size_t n,
                           const char *name, size_t len)
{
    const char *best = NULL;
    size_t best_d = 3;

    for (size_t i = 0; i < n; i++)
        for (const struct opt_spec *t = tables[i]; t && t->name; t++) {
            size_t d = distance(name, len, t->name);

            if (d < best_d) {
                best_d = d;
                best = t->name;
            }
        }
    return best;
}

static void say_unknown(struct buf *err, const struct opt_spec *const *tables,
                        size_t n, const char *arg, const char *command)
{
    const char *hint = NULL;

    if (arg[1] == '-') {
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);

        hint = suggest(tables, n, arg + 2, len);
    }
    buf_reset(err);
    if (hint)
        buf_printf(err, _("unknown option '%s'; did you mean '--%s'?"), arg,
                   hint);
    else if (command)
        buf_printf(err, _("unknown option '%s' (see 'linkrole %s --help')"),
                   arg, command);
    else
        buf_printf(err, _("unknown option '%s' (see 'linkrole --help')"),
                   arg);
}

int opts_parse(const struct opts_parser *p, int argc, char **argv,
               const char **positional, size_t max, size_t *count,
               struct buf *err)
{
    const struct opt_spec *tables[2] = { p->global, NULL };
    size_t ntables = 1;
    const char *command = NULL;
    bool options_done = false;

    *count = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const struct opt_spec *spec = NULL;
        const char *value = NULL;

        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            if (*count == max) {
                buf_reset(err);
                buf_printf(err, _("unexpected argument '%s'"), arg);
                return -1;
            }
            positional[(*count)++] = arg;
            if (!command) {
                command = arg;
                tables[1] = p->command_options ? p->command_options(arg)
                                               : NULL;
                ntables = tables[1] ? 2 : 1;
            }
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (arg[1] == '-') {
            const char *eq = strchr(arg + 2, '=');
            size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);

            for (size_t t = 0; t < ntables && !spec; t++)
                spec = find_long(tables[t], arg + 2, len);
            if (spec && eq) {
                if (!spec->takes_value) {
                    buf_reset(err);
                    buf_printf(err, _("option '--%s' takes no value"),
                               spec->name);
                    return -1;
                }
                value = eq + 1;
            }
        } else {
            for (size_t t = 0; t < ntables && !spec; t++)
                spec = find_short(tables[t], arg[1]);
            if (spec && arg[2] != '\0') {
                if (!spec->takes_value) {
                    spec = NULL;
                } else {
                    value = arg + 2;
                }
            }
        }
        if (!spec) {
            say_unknown(err, tables, ntables, arg, command);
            return -1;
        }
        if (spec->takes_value && !value) {
            if (i + 1 >= argc) {
                buf_reset(err);
                buf_printf(err, _("option '--%s' needs a value"), spec->name);
                return -1;
            }
            value = argv[++i];
        }
        if (p->on_option(p->ctx, spec->id, value, err))
            return -1;
    }
    return 0;
}
