/* linkrole — argv to a subcommand, or to the terminal UI. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/defaults.h"
#include "app/demo.h"
#include "app/i18n.h"
#include "app/session.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "cloud/http.h"
#include "sim/sim.h"
#include "tui/tui.h"

/* --demo: the simulated account in this process, the management account
 * of a small Resource Directory.  The one place the program meets the
 * simulator: the session only knows this hook. */
#define DEMO_DIRECTORY_MEMBERS 12

/* What the demo's handle holds: the account, and the delay its
 * transports add (a rollout's workers each get one). */
struct demo_handle {
    struct sim_account *account;
    long delay_ms;
};

static int demo_open(const struct catalog *catalog, long delay_ms,
                     struct transport **transport, const char **key_id,
                     const char **key_secret, void **handle,
                     struct buf *err)
{
    char state[4200];
    struct sim_config cfg = { NULL, catalog, 0, 0, NULL,
                              DEMO_DIRECTORY_MEMBERS };
    struct demo_handle *h = calloc(1, sizeof(*h));
    struct sim_account *acct;

    if (!h) {
        buf_printf(err, "out of memory");
        return -1;
    }

    /* The account outlives the process (app/demo.h). */
    demo_state_path(state, sizeof(state), true);
    cfg.state_path = state[0] ? state : NULL;
    acct = sim_account_new(&cfg, err);
    if (!acct && cfg.state_path && buf_len(err))
        buf_printf(err, " (%s)", demo_reset_hint());
    if (!acct || sim_account_add_key(acct, SIM_DEMO_ACCESS_KEY_ID,
                                     SIM_DEMO_ACCESS_KEY_SECRET) ||
        !(*transport = sim_transport_new(acct, delay_ms))) {
        sim_account_free(acct);
        free(h);
        return -1;
    }
    h->account = acct;
    h->delay_ms = delay_ms;
    *key_id = SIM_DEMO_ACCESS_KEY_ID;
    *key_secret = SIM_DEMO_ACCESS_KEY_SECRET;
    *handle = h;
    return 0;
}

static int demo_transport(void *handle, struct transport **t,
                          struct buf *err)
{
    struct demo_handle *h = handle;

    *t = sim_transport_new(h->account, h->delay_ms);
    if (!*t) {
        buf_printf(err, "out of memory");
        return -1;
    }
    return 0;
}

static void demo_close(void *handle)
{
    struct demo_handle *h = handle;

    if (!h)
        return;
    sim_account_free(h->account);
    free(h);
}

static const struct session_demo demo_plug = { demo_open, demo_close,
                                               demo_transport };

static int print_text(const char *s)
{
    return cli_write(s, strlen(s)) ? EXIT_INTERNAL : EXIT_DONE;
}

/* Options some tools take for secrets.  linkrole refuses them by name, so
 * a secret typed there is explained rather than echoed as "unknown". */
static const char *const secret_options[] = {
    "--access-key-secret", "--secret", "--sts-token", "--security-token",
    "--access-key", "--access-key-id", "--password", "--token"
};

static bool refuse_secret_options(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        for (size_t k = 0; k < sizeof(secret_options) /
                                   sizeof(secret_options[0]); k++) {
            size_t n = strlen(secret_options[k]);

            if (strncmp(argv[i], secret_options[k], n) == 0 &&
                (argv[i][n] == '\0' || argv[i][n] == '=')) {
                report_error(_("%s: linkrole takes no keys or secrets on the "
                            "command line, where other users can read them "
                            "(ps); use ALIBABA_CLOUD_ACCESS_KEY_ID and "
                            "ALIBABA_CLOUD_ACCESS_KEY_SECRET, or an aliyun CLI "
                            "profile (--profile NAME)"), secret_options[k]);
                return true;
            }
        }
    }
    return false;
}

/* linkrole roles: the UI's roles screen on a terminal (or for the UI's
 * test scripts), the plain list for scripts. */
static bool roles_on_terminal(const struct options *o)
{
    const char *script = getenv("LINKROLE_TUI_SCRIPT");

    /* JSON asked for on this command line; a default of JSON (an aliyun
     * profile's output_format) does not keep the UI from opening. */
    if (o->all || (o->output == OUTPUT_JSON &&
                   (o->given & OPTIONS_GIVEN_OUTPUT)))
        return false;
    return isatty(STDOUT_FILENO) || (script && *script);
}

/* Runs the command the positional arguments name. */
static int dispatch(struct options *o, const char **positional,
                    size_t npositional)
{
    const struct command *cmd;
    const char *name;
    int rc;

    if (o->version) {
        if ((rc = print_text(PACKAGE_NAME " " PACKAGE_VERSION "\n")) != EXIT_DONE)
            return rc;
        return print_text(_("Licensed under the Apache License, Version 2.0 "
                            "(the LICENSE file, installed beside the README).\n"));
    }
    name = npositional ? positional[0] : NULL;
    if (name && strcmp(name, "help") == 0) {
        if (npositional > 2) {
            report_error(_("help takes at most one command name"));
            return EXIT_USAGE;
        }
        name = npositional == 2 ? positional[1] : NULL;
        o->help = true;
        npositional = name ? 1 : 0;
    }
    if (!name) {
        if (o->help) {
            for (size_t i = 0; commands_usage[i]; i++)
                if ((rc = print_text(_(commands_usage[i]))) != EXIT_DONE)
                    return rc;
            /* The path is no msgid: as it is, between two parts. */
            if ((rc = print_text(commands_usage_path)) != EXIT_DONE)
                return rc;
            return print_text(_(commands_usage_end));
        }
        return tui_run(o, TUI_FIRST_SERVICES);
    }
    if (strcmp(name, "dbs") == 0) {
        if (o->help)
            return print_text(_(commands_dbs_help));
        if (npositional > 1) {
            report_error(_("dbs takes no arguments"));
            return EXIT_USAGE;
        }
        return tui_run(o, TUI_FIRST_DBS);
    }
    if (strcmp(name, "help") == 0 && o->help)
        return print_text(_(commands_help_help));
    cmd = commands_find(name);
    if (!cmd) {
        const char *close = commands_closest(name);

        if (close)
            report_error(_("unknown command '%s'; did you mean %s? (see "
                           "'linkrole --help')"), name, close);
        else
            report_error(_("unknown command '%s' (see 'linkrole --help')"),
                         name);
        return EXIT_USAGE;
    }
    if (o->help)
        return print_text(_(cmd->help));
    if (strcmp(name, "roles") == 0 && roles_on_terminal(o)) {
        if (npositional > 1) {
            report_error(_("roles takes no arguments"));
            return EXIT_USAGE;
        }
        return tui_run(o, TUI_FIRST_ROLES);
    }
    for (size_t i = 1; i < npositional; i++)
        o->args[o->nargs++] = positional[i];
    return cmd->run(o);
}

int main(int argc, char **argv)
{
    struct options o;
    const char *positional[OPTIONS_ARGS_MAX + 1];
    size_t npositional = 0;
    struct opts_parser parser = { commands_global_options, commands_options,
                                  commands_on_option, &o };
    struct buf err;
    const char *env_endpoint;
    char *env_copy = NULL;
    int rc;

    i18n_init();
    /* A lost pipe is seen as EPIPE by cli_write, which ends quietly. */
    signal(SIGPIPE, SIG_IGN);
    memset(&o, 0, sizeof(o));
    o.lang = i18n_lang();
    session_set_demo(&demo_plug);
    if (refuse_secret_options(argc, argv))
        return EXIT_USAGE;
    buf_init(&err, 4096);
    env_endpoint = getenv("LINKROLE_ENDPOINT");
    if (env_endpoint && *env_endpoint) {
        env_copy = strdup(env_endpoint);
        if (!env_copy || commands_endpoints_from_env(&o, env_copy, &err)) {
            report_error("%s", env_copy ? buf_str(&err) : _("out of memory"));
            free(env_copy);
            buf_free(&err);
            return EXIT_USAGE;
        }
    }
    if (opts_parse(&parser, argc, argv, positional, OPTIONS_ARGS_MAX + 1,
                   &npositional, &err)) {
        /* --lang, when it came before the mistake: the message was worded
         * in the language of the moment, so it is worded again (the same
         * line fails the same way) in the one asked for. */
        if (o.lang != i18n_lang()) {
            struct options again;

            memset(&again, 0, sizeof(again));
            parser.ctx = &again;
            i18n_use(o.lang);
            buf_reset(&err);
            (void)opts_parse(&parser, argc, argv, positional,
                             OPTIONS_ARGS_MAX + 1, &npositional, &err);
        }
        report_error("%s", buf_str(&err));
        buf_free(&err);
        free(env_copy);
        return EXIT_USAGE;
    }
    /* --help reads the config file too, for its language; only a
     * command that uses the rest stops at a broken file. */
    if (defaults_load(&o, &err) && !o.help && !o.version) {
        report_error("%s", buf_str(&err));
        buf_free(&err);
        free(env_copy);
        return EXIT_USAGE;
    }
    i18n_use(o.lang);
    buf_free(&err);
    rc = dispatch(&o, positional, npositional);
    /* libcurl is loaded at the first request (cloud/http.h): only a
     * command that sent one has it to clean up. */
    http_global_cleanup();
    /* The reader of stdout is done (`| head`): no failure. */
    if (rc == EXIT_INTERNAL && cli_output_closed())
        rc = EXIT_DONE;
    free(env_copy);
    return rc;
}

