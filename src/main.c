/* linkrole — argv to a subcommand (or, later, the terminal UI). */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"

enum {
    OPT_HELP = 1,
    OPT_VERSION,
    OPT_OUTPUT,
    OPT_CATALOG,
    OPT_LANG,
    OPT_SEARCH
};

static const struct opt_spec global_options[] = {
    { "help", 'h', false, OPT_HELP },
    { "version", 'V', false, OPT_VERSION },
    { "output", 'o', true, OPT_OUTPUT },
    { "catalog", 0, true, OPT_CATALOG },
    { "lang", 0, true, OPT_LANG },
    { NULL, 0, false, 0 }
};

static const struct opt_spec services_options[] = {
    { "search", 's', true, OPT_SEARCH },
    { NULL, 0, false, 0 }
};

static const char usage_text[] =
    "Usage: linkrole [OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "Create Alibaba Cloud service-linked roles and activate Database Backup\n"
    "(DBS), from scripts or (in a later version) a terminal UI.\n"
    "\n"
    "Commands:\n"
    "  services [NAME]   the services that support service-linked roles:\n"
    "                    all of them, those matching --search TERM, or one\n"
    "                    service's details\n"
    "  help [COMMAND]    this help, or a command's\n"
    "\n"
    "Not built yet in this version (they say so when run): the terminal UI\n"
    "(linkrole with no command), create, dbs-init, get, delete, list, whoami\n"
    "and dbs.\n"
    "\n"
    "Options, before or after the command:\n"
    "  -o, --output FORMAT  text (the default, for people) or json (for\n"
    "                       scripts)\n"
    "      --catalog FILE   read the service catalogue from FILE instead of\n"
    "                       the bundled one\n"
    "      --lang LANG      en or zh: the language of product names (default:\n"
    "                       zh when the locale is zh_*, else en)\n"
    "  -h, --help           show help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "Exit codes:\n"
    "  0  done\n"
    "  1  the cloud refused the request\n"
    "  2  bad usage, invalid input or an unreadable catalogue (nothing sent)\n"
    "  3  credentials missing or rejected\n"
    "  4  network, TLS or timeout\n"
    "  5  internal error\n"
    "\n"
    "Environment:\n"
    "  LINKROLE_CATALOG     the service catalogue, like --catalog\n"
    "\n"
    "Files:\n"
    "  " LINKROLE_PKGDATADIR "/services.json\n"
    "                       the bundled service catalogue\n"
    "\n"
    "More: man linkrole, or 'linkrole help COMMAND'.\n";

static const char services_help[] =
    "Usage: linkrole services [--search TERM] [--output text|json]\n"
    "       linkrole services NAME [--output text|json]\n"
    "\n"
    "The cloud services that support service-linked roles, from the bundled\n"
    "catalogue: product, service name (the ServiceName to create a role\n"
    "for) and the role's preset name.\n"
    "\n"
    "  -s, --search TERM    only the services matching TERM, best match\n"
    "                       first; matches product, service name and role\n"
    "                       name, ignoring case; several words must all\n"
    "                       match\n"
    "  NAME                 one service's details: purpose, descriptions,\n"
    "                       policy, whether a custom suffix is known to be\n"
    "                       accepted, and the source; NAME is a service name\n"
    "                       or a role name\n"
    "  -o, --output FORMAT  text (an aligned table; on a terminal, long\n"
    "                       product names are cut to fit) or json (every\n"
    "                       field, for scripts)\n"
    "      --lang zh        show the Chinese product names\n"
    "\n"
    "Examples:\n"
    "  linkrole services --search polar\n"
    "  linkrole services polardb.aliyuncs.com\n"
    "  linkrole services --output json | jq -r '.[].service_name'\n";

struct command {
    const char *name;
    int (*run)(const struct cli_options *o);
    const struct opt_spec *options;
    const char *help;
};

static const struct command commands[] = {
    { "services", cli_services, services_options, services_help },
};

/* Planned commands: asked for by name, they say plainly that they are not
 * built rather than "unknown command". */
static const char *const planned[] = {
    "create", "dbs-init", "get", "delete", "list", "whoami", "dbs"
};

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static const struct opt_spec *command_options(const char *name)
{
    const struct command *c = find_command(name);

    return c ? c->options : NULL;
}

static bool is_planned(const char *name)
{
    for (size_t i = 0; i < sizeof(planned) / sizeof(planned[0]); i++)
        if (strcmp(planned[i], name) == 0)
            return true;
    return false;
}

static int on_option(void *ctx, int id, const char *value, struct buf *err)
{
    struct cli_options *o = ctx;

    switch (id) {
    case OPT_HELP:
        o->help = true;
        break;
    case OPT_VERSION:
        o->version = true;
        break;
    case OPT_OUTPUT:
        if (strcmp(value, "text") == 0) {
            o->output = CLI_OUTPUT_TEXT;
        } else if (strcmp(value, "json") == 0) {
            o->output = CLI_OUTPUT_JSON;
        } else {
            buf_printf(err, "--output takes text or json, not '%s'", value);
            return -1;
        }
        break;
    case OPT_CATALOG:
        if (!*value) {
            buf_printf(err, "--catalog needs a file name");
            return -1;
        }
        o->catalog_path = value;
        break;
    case OPT_LANG:
        if (strcmp(value, "en") == 0) {
            o->lang = CLI_LANG_EN;
        } else if (strcmp(value, "zh") == 0) {
            o->lang = CLI_LANG_ZH;
        } else {
            buf_printf(err, "--lang takes en or zh, not '%s'", value);
            return -1;
        }
        break;
    case OPT_SEARCH:
        o->search = value;
        break;
    default:
        buf_printf(err, "internal error: option %d not handled", id);
        return -1;
    }
    return 0;
}

/* zh when the messages locale is Chinese, as gettext would decide. */
static enum cli_lang lang_from_locale(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);

        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? CLI_LANG_ZH : CLI_LANG_EN;
    }
    return CLI_LANG_EN;
}

static int print_text(const char *s)
{
    return cli_write(s, strlen(s)) ? EXIT_INTERNAL : EXIT_DONE;
}

int main(int argc, char **argv)
{
    struct cli_options o;
    const char *positional[CLI_ARGS_MAX + 1];
    size_t npositional = 0;
    struct opts_parser parser = { global_options, command_options,
                                  on_option, &o };
    const struct command *cmd;
    struct buf err;
    const char *name;
    int rc;

    /* The catalogue and the cloud speak UTF-8 whatever the locale says;
     * measuring text needs a UTF-8 LC_CTYPE. */
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    memset(&o, 0, sizeof(o));
    o.lang = lang_from_locale();
    buf_init(&err, 4096);
    if (opts_parse(&parser, argc, argv, positional, CLI_ARGS_MAX + 1,
                   &npositional, &err)) {
        cli_error("%s", buf_str(&err));
        buf_free(&err);
        return EXIT_USAGE;
    }
    buf_free(&err);

    if (o.version)
        return print_text(PACKAGE_NAME " " PACKAGE_VERSION "\n");
    name = npositional ? positional[0] : NULL;
    if (name && strcmp(name, "help") == 0) {
        if (npositional > 2) {
            cli_error("help takes at most one command name");
            return EXIT_USAGE;
        }
        name = npositional == 2 ? positional[1] : NULL;
        o.help = true;
        npositional = name ? 1 : 0;
    }
    if (!name) {
        if (o.help)
            return print_text(usage_text);
        cli_error("the terminal UI is not built yet in this version; use a "
                  "command such as 'linkrole services' (see 'linkrole "
                  "--help')");
        return EXIT_USAGE;
    }
    cmd = find_command(name);
    if (!cmd) {
        if (is_planned(name))
            cli_error("'%s' is not built yet in linkrole %s; see 'linkrole "
                      "--help' for what is", name, PACKAGE_VERSION);
        else
            cli_error("unknown command '%s' (see 'linkrole --help')", name);
        return EXIT_USAGE;
    }
    if (o.help)
        return print_text(cmd->help);
    for (size_t i = 1; i < npositional; i++)
        o.args[o.nargs++] = positional[i];
    rc = cmd->run(&o);
    return rc;
}
