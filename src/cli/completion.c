/* linkrole completion SHELL, and "did you mean" for --service — a completion script generated from the
 * command table (cli/commands.c), and the hidden `linkrole __complete
 * WHAT` that the script asks for the names it cannot know in advance
 * (services from the catalogue, roles from the local journal). */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "app/journal.h"
#include "app/journal_log.h"
#include "app/suggest.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "core/catalog.h"

/* Whether an append failed (out of memory): the script is not printed. */
static bool failed;

static void add(struct buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add(struct buf *out, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (buf_vprintf(out, fmt, ap) < 0)
        failed = true;
    va_end(ap);
}

/* Whether option name was in the global table or a command's table
 * before t (so the script names each option once). */
static bool named_before(const struct opt_spec *t, const char *name)
{
    const struct opt_spec *g = commands_global_options;

    if (t == g)
        return false;
    for (size_t k = 0; g[k].name; k++)
        if (strcmp(g[k].name, name) == 0)
            return true;
    for (const struct command *c = commands_table; c->name; c++) {
        if (c->options == t)
            return false;
        for (size_t k = 0; c->options && c->options[k].name; k++)
            if (strcmp(c->options[k].name, name) == 0)
                return true;
    }
    return false;
}

/* "--name -n" for every option of t, each followed by a space. */
static void option_words(struct buf *out, const struct opt_spec *t)
{
    for (size_t i = 0; t && t[i].name; i++) {
        add(out, "--%s ", t[i].name);
        if (t[i].short_name)
            add(out, "-%c ", t[i].short_name);
    }
}

/* The case arms for the options of t that take a value. */
static void value_arms(struct buf *out, const struct opt_spec *t)
{
    for (size_t i = 0; t && t[i].name; i++) {
        const char *v;

        if (!t[i].takes_value || named_before(t, t[i].name))
            continue;
        v = commands_option_values(t[i].id);
        add(out, "    --%s", t[i].name);
        if (t[i].short_name)
            add(out, "|-%c", t[i].short_name);
        if (!v)
            add(out, ") return ;;\n");
        else if (v[0] == '@')
            add(out, ") COMPREPLY=($(compgen -W \"$(\"${COMP_WORDS[0]}\" "
                       "__complete %s 2>/dev/null)\" -- \"$cur\")); return ;;\n",
                       v + 1);
        else
            add(out, ") COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); "
                       "return ;;\n", v);
    }
}

/* "--name|-n|" for every option of t that takes a value. */
static void value_taking(struct buf *out, const struct opt_spec *t)
{
    for (size_t k = 0; t && t[k].name; k++)
        if (t[k].takes_value && !named_before(t, t[k].name)) {
            add(out, "--%s|", t[k].name);
            if (t[k].short_name)
                add(out, "-%c|", t[k].short_name);
        }
}

static void bash_script(struct buf *out)
{
    const struct opt_spec *g = commands_global_options;
    const struct command *c;

    add(out, "# bash completion for linkrole (linkrole completion "
               "bash)\n_linkrole()\n{\n"
               "  local cur=${COMP_WORDS[COMP_CWORD]} "
               "prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
               "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
               "    case ${COMP_WORDS[i]} in\n      ");
    /* The options whose value is the next word. */
    add(out, "--*=*) ;;\n      ");
    value_taking(out, g);
    for (c = commands_table; c->name; c++)
        value_taking(out, c->options);
    add(out, "--linkrole-none) ((i++)) ;;\n"
               "      -*) ;;\n"
               "      *) [[ -z $cmd ]] && cmd=${COMP_WORDS[i]} ;;\n"
               "    esac\n  done\n"
               "  case $prev in\n");
    value_arms(out, g);
    for (c = commands_table; c->name; c++)
        value_arms(out, c->options);
    add(out, "  esac\n  if [[ $cur == -* ]]; then\n"
               "    local words=\"");
    option_words(out, g);
    add(out, "\"\n    case $cmd in\n");
    for (c = commands_table; c->name; c++) {
        if (c->name[0] == '_' || !c->options || !c->options[0].name)
            continue;
        add(out, "      %s) words+=\" ", c->name);
        option_words(out, c->options);
        add(out, "\" ;;\n");
    }
    add(out, "    esac\n"
               "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
               "    return\n  fi\n"
               "  local commands=\"help dbs ");
    for (c = commands_table; c->name; c++)
        if (c->name[0] != '_')
            add(out, "%s ", c->name);
    add(out, "\"\n  case $cmd in\n"
               "    '') COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\")) ;;\n"
               "    help) COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\")) ;;\n"
               "    completion) COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\")) ;;\n"
               "    services) COMPREPLY=($(compgen -W \"$(\"${COMP_WORDS[0]}\" "
               "__complete services 2>/dev/null)\" -- \"$cur\")) ;;\n"
               "    get|delete) COMPREPLY=($(compgen -W \"$(\"${COMP_WORDS[0]}\" "
               "__complete roles 2>/dev/null)\" -- \"$cur\")) ;;\n"
               "  esac\n}\ncomplete -F _linkrole linkrole\n");
}

static bool opt_named(const struct opt_spec *t, const char *name)
{
    for (size_t k = 0; t[k].name; k++)
        if (strcmp(t[k].name, name) == 0)
            return true;
    return false;
}

/* fish: the options of t, offered where cond holds. */
static void fish_options(struct buf *out, const struct opt_spec *t,
                         const char *cond)
{
    for (size_t i = 0; t && t[i].name; i++) {
        const char *v;

        if (t != commands_global_options &&
            opt_named(commands_global_options, t[i].name))
            continue;
        add(out, "complete -c linkrole -n '%s' -l %s", cond, t[i].name);
        if (t[i].short_name)
            add(out, " -s %c", t[i].short_name);
        if (t[i].takes_value) {
            v = commands_option_values(t[i].id);
            if (v && v[0] == '@')
                add(out, " -x -a '(linkrole __complete %s 2>/dev/null)'",
                    v + 1);
            else if (v)
                add(out, " -x -a '%s'", v);
            else
                add(out, " -r");
        }
        add(out, "\n");
    }
}

static void fish_script(struct buf *out)
{
    const struct command *c;

    add(out, "# fish completion for linkrole (linkrole completion fish)\n"
        "complete -c linkrole -f\n");
    add(out, "complete -c linkrole -n '__fish_use_subcommand' -a 'help dbs");
    for (c = commands_table; c->name; c++)
        if (c->name[0] != '_')
            add(out, " %s", c->name);
    add(out, "'\n");
    fish_options(out, commands_global_options, "true");
    for (c = commands_table; c->name; c++) {
        char cond[96];

        if (c->name[0] == '_')
            continue;
        snprintf(cond, sizeof(cond), "__fish_seen_subcommand_from %s",
                 c->name);
        fish_options(out, c->options, cond);
    }
    add(out, "complete -c linkrole -n '__fish_seen_subcommand_from get "
        "delete' -a '(linkrole __complete roles 2>/dev/null)'\n"
        "complete -c linkrole -n '__fish_seen_subcommand_from services' "
        "-a '(linkrole __complete services 2>/dev/null)'\n"
        "complete -c linkrole -n '__fish_seen_subcommand_from completion' "
        "-a 'bash zsh fish'\n");
}

/* zsh: the bash script, through zsh's bashcompinit. */
static void zsh_script(struct buf *out)
{
    add(out, "#compdef linkrole\n"
        "# zsh completion for linkrole (linkrole completion zsh): the bash\n"
        "# completion, through bashcompinit.\n"
        "autoload -U +X bashcompinit && bashcompinit\n");
    bash_script(out);
}

int cli_completion(const struct options *o)
{
    struct buf out;

    if (o->nargs != 1 || (strcmp(o->args[0], "bash") != 0 &&
                          strcmp(o->args[0], "zsh") != 0 &&
                          strcmp(o->args[0], "fish") != 0)) {
        report_error(_("completion takes the name of a shell: bash, zsh or "
                       "fish"));
        return EXIT_USAGE;
    }
    buf_init(&out, 1 << 16);
    if (strcmp(o->args[0], "fish") == 0)
        fish_script(&out);
    else if (strcmp(o->args[0], "zsh") == 0)
        zsh_script(&out);
    else
        bash_script(&out);
    return cli_write_buf(&out, failed);
}

/* The service names of the catalogue, one a line. */
static int complete_services(const struct options *o, struct buf *out)
{
    struct catalog cat = { NULL, 0 };
    struct buf msg;

    buf_init(&msg, 512);
    if (session_load_catalog(o, &cat, &msg)) {
        buf_free(&msg);
        return -1;
    }
    buf_free(&msg);
    for (size_t i = 0; i < cat.count; i++)
        add(out, "%s\n", cat.entries[i].service_name);
    catalog_free(&cat);
    return 0;
}

/* The role names of the local journal, one a line (none without one). */
static int complete_roles(const struct options *o, struct buf *out)
{
    char path[4200];
    struct journal_filter f = { NULL, NULL, 0 };
    struct journal_log log = { NULL, 0, 0 };
    struct buf msg;

    journal_path(path, sizeof(path), o->demo, false);
    if (!path[0])
        return 0;
    buf_init(&msg, 512);
    if (journal_read(path, &f, &log, &msg) == 0)
        for (size_t i = 0; i < log.count; i++)
            if (log.records[i].role && *log.records[i].role &&
                !strpbrk(log.records[i].role, " \t\n\r\"'$`\\"))
                add(out, "%s\n", log.records[i].role);
    journal_log_free(&log);
    buf_free(&msg);
    return 0;
}

int cli_complete(const struct options *o)
{
    struct buf out;
    int rc = -1;

    buf_init(&out, 1 << 14);
    if (o->nargs == 1 && strcmp(o->args[0], "services") == 0)
        rc = complete_services(o, &out);
    else if (o->nargs == 1 && strcmp(o->args[0], "roles") == 0)
        rc = complete_roles(o, &out);
    else if (o->nargs == 1 && strcmp(o->args[0], "profiles") == 0) {
        suggest_profiles(&out);
        rc = 0;
    }
    if (rc == 0 && !failed)
        rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc ? EXIT_USAGE : EXIT_DONE;
}

bool cli_service_suggested(const struct options *o)
{
    struct catalog cat = { NULL, 0 };
    const struct catalog_entry *e;
    struct buf msg;
    bool said = false;

    if (!o->service)
        return false;
    buf_init(&msg, 512);
    if (session_load_catalog(o, &cat, &msg) == 0 &&
        (e = suggest_service(&cat, o->service))) {
        report_error(_("--service takes a service name, not '%s'; did you "
                       "mean %s?"), o->service, e->service_name);
        said = true;
    }
    buf_free(&msg);
    catalog_free(&cat);
    return said;
}
