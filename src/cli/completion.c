/* linkrole completion SHELL, and "did you mean" for --service — the
 * completion scripts for bash, zsh (native, for compsys) and fish,
 * generated from the command table (cli/commands.c), and the hidden
 * `linkrole __complete WHAT` that the scripts ask for the names they
 * cannot know in advance (services from the catalogue, roles from the
 * local journal, profiles from the credential files). */
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

/* zsh: a native script for compsys, written from the same table:
 * _arguments for the options (globals everywhere, each command's after
 * it), _describe for the commands, and the help texts' own words as the
 * descriptions zsh shows beside them. */

/* s as it may stand inside a single-quoted _arguments or _describe
 * word: quotes closed and reopened, brackets made parentheses (a "]"
 * would end an option's description), backslashes dropped. */
static void add_zsh_text(struct buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len && s[i]; i++) {
        if (s[i] == '\'')
            add(out, "'\\''");
        else if (s[i] == '[')
            add(out, "(");
        else if (s[i] == ']')
            add(out, ")");
        else if (s[i] != '\\' && s[i] != '\n')
            add(out, "%c", s[i]);
    }
}

/* The clause that starts at p, for a description: its lines joined, up
 * to the end of the sentence or a colon or semicolon, cut at a comma
 * or parenthesis to fit 72 columns, no parenthesis left open. */
static void zsh_clause(struct buf *out, const char *text, const char *p)
{
    const char *bol = p;
    char line[512];
    size_t n = 0, open = 0, col;

    while (bol > text && bol[-1] != '\n')
        bol--;
    col = (size_t)(p - bol);
    for (; *p && n + 1 < sizeof(line); p++) {
        if (*p == '\n') {
            const char *q = p + 1;

            while (*q == ' ')
                q++;
            /* A blank line, the next option's, or a line less indented
             * (the next item's). */
            if (*q == '\n' || *q == '-' || !*q || (size_t)(q - p - 1) < col)
                break;
        }
        if (strchr(".;:", *p) && (!p[1] || p[1] == ' ' || p[1] == '\n') &&
            !(*p == '.' && p - bol >= 3 && strncmp(p - 3, "e.g", 3) == 0))
            break;
        if (*p != ' ' && *p != '\n')
            line[n++] = *p;
        else if (n && line[n - 1] != ' ')
            line[n++] = ' ';
    }
    if (n > 72) {
        size_t cut = 0;

        for (size_t i = 1; i < 72; i++)
            if ((line[i] == ',' || line[i] == '(') && line[i - 1] != ' ' &&
                line[i + (line[i] == ',')] == ' ')
                cut = i;
            else if (line[i] == ' ' && line[i + 1] == '(')
                cut = i;
        n = cut ? cut : 72;
    }
    for (size_t i = 0; i < n; i++)
        if (line[i] == '(')
            open = i ? i : n;
        else if (line[i] == ')')
            open = 0;
    if (open)
        n = open;
    while (n && strchr(" ,", line[n - 1]))
        n--;
    add_zsh_text(out, line, n);
}

/* A command's summary: the first clause of its help's first paragraph
 * (after the Usage lines). */
static void zsh_summary(struct buf *out, const char *help)
{
    const char *p = strstr(help, "\n\n");

    zsh_clause(out, help, p ? p + 2 : help);
}

/* Where text describes option --name ("  -x, --name VALUE  what it
 * does"): the start of what it does, or NULL. */
static const char *zsh_option_text(const char *text, const char *name)
{
    size_t len = strlen(name);

    for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l) {
        const char *p = l, *gap, *eol;

        while (*p == ' ')
            p++;
        if (p[0] == '-' && p[1] && p[1] != '-' && p[2] == ',' && p[3] == ' ')
            p += 4;
        if (p[0] != '-' || p[1] != '-' || strncmp(p + 2, name, len) != 0 ||
            (p[2 + len] != ' ' && p[2 + len] != '\n'))
            continue;
        eol = strchr(p, '\n');
        gap = strstr(p, "  ");
        if (!gap || (eol && gap > eol))
            gap = eol;          /* the words are on the next line */
        if (!gap)
            return NULL;
        while (*gap == ' ' || *gap == '\n')
            gap++;
        return gap;
    }
    return NULL;
}

/* "[what it does]" for option name, from help (then the global usage).
 * A value's own line ("--format json  ...") is no description. */
static void zsh_option_help(struct buf *out, const char *help,
                            const char *name)
{
    const char *text = help, *p = help ? zsh_option_text(help, name) : NULL;

    for (size_t i = 0; !p && commands_usage[i]; i++)
        p = zsh_option_text(text = commands_usage[i], name);
    if (!p || *p == '(')
        return;
    add(out, "[");
    zsh_clause(out, text, p);
    add(out, "]");
}

/* The _arguments action for option o's value. */
static void zsh_action(struct buf *out, const struct opt_spec *o)
{
    const char *v = commands_option_values(o->id);

    if (v && v[0] == '@')
        add(out, ":%s:_linkrole_names %s", v + 1, v + 1);
    else if (v)
        add(out, ":%s:(%s)", o->name, v);
    else if (o->id == OPT_CATALOG)
        add(out, ":file:_files");
    else
        add(out, ":%s: ", o->name);
}

/* One _arguments spec per spelling of every option of t ("--name=" and
 * "-x+" when it takes a value, each excluding the other). */
static void zsh_specs(struct buf *out, const struct opt_spec *t,
                      const char *help, const char *indent)
{
    for (size_t i = 0; t && t[i].name; i++) {
        char ex[64];

        if (t != commands_global_options &&
            opt_named(commands_global_options, t[i].name))
            continue;
        if (t[i].short_name)
            snprintf(ex, sizeof(ex), "(-%c --%s)", t[i].short_name,
                     t[i].name);
        else
            ex[0] = '\0';
        for (int spelling = t[i].short_name ? 0 : 1; spelling < 2;
             spelling++) {
            add(out, "%s'%s", indent, ex);
            if (spelling == 0)
                add(out, "-%c%s", t[i].short_name, t[i].takes_value ? "+" : "");
            else
                add(out, "--%s%s", t[i].name, t[i].takes_value ? "=" : "");
            zsh_option_help(out, help, t[i].name);
            if (t[i].takes_value)
                zsh_action(out, &t[i]);
            add(out, "' \\\n");
        }
    }
}

/* The words after a command that are not options, as bash_script's. */
static const char *zsh_operands(const char *name)
{
    if (strcmp(name, "help") == 0)
        return "':command:_linkrole_commands'";
    if (strcmp(name, "completion") == 0)
        return "':shell:(bash zsh fish)'";
    if (strcmp(name, "services") == 0)
        return "':service:_linkrole_names services'";
    if (strcmp(name, "get") == 0 || strcmp(name, "delete") == 0)
        return "':role:_linkrole_names roles'";
    if (strcmp(name, "export") == 0)
        return "'*:role:_linkrole_names roles'";
    return NULL;
}

static void zsh_script(struct buf *out)
{
    const struct command *c;

    add(out, "#compdef linkrole\n"
        "# zsh completion for linkrole (linkrole completion zsh), written "
        "from its\n# option table.  Installed in $fpath, or sourced after "
        "compinit.\n\n"
        "# _linkrole_names [OPTION...] WHAT: the names `linkrole __complete "
        "WHAT`\n# prints (_arguments puts its own options first).\n"
        "_linkrole_names() {\n"
        "  local what=${argv[-1]} expl\n  local -a names\n"
        "  names=(${(f)\"$(_call_program $what "
        "${(q)${_linkrole_prog:-linkrole}} __complete $what "
        "2>/dev/null)\"})\n"
        "  _wanted $what expl $what compadd -a - names\n}\n\n"
        "_linkrole_commands() {\n  local -a commands\n  commands=(\n"
        "    'help:");
    zsh_summary(out, commands_help_help);
    add(out, "'\n    'dbs:");
    zsh_summary(out, commands_dbs_help);
    add(out, "'\n");
    for (c = commands_table; c->name; c++) {
        if (c->name[0] == '_')
            continue;
        add(out, "    '%s:", c->name);
        zsh_summary(out, c->help);
        add(out, "'\n");
    }
    add(out, "  )\n  _describe -t commands 'linkrole command' commands\n}\n\n"
        "_linkrole() {\n"
        "  local curcontext=$curcontext state state_descr line ret=1\n"
        "  local _linkrole_prog=${words[1]}\n"
        "  typeset -A opt_args\n"
        "  local -a globals\n  globals=(\n");
    zsh_specs(out, commands_global_options, NULL, "    ");
    add(out, "  )\n"
        "  _arguments -C -s $globals ': :_linkrole_commands' "
        "'*:: :->args' && ret=0\n"
        "  [[ $state == args ]] || return ret\n"
        "  curcontext=${curcontext%%:*:*}:linkrole-$words[1]:\n"
        "  case $words[1] in\n"
        "    help) _arguments -s $globals %s && ret=0 ;;\n",
        zsh_operands("help"));
    for (c = commands_table; c->name; c++) {
        const char *ops = zsh_operands(c->name);

        if (c->name[0] == '_')
            continue;
        add(out, "    %s)\n      _arguments -s $globals \\\n", c->name);
        zsh_specs(out, c->options, c->help, "        ");
        add(out, "        %s && ret=0 ;;\n", ops ? ops : "");
    }
    add(out, "    *) _arguments -s $globals && ret=0 ;;\n"
        "  esac\n  return ret\n}\n\n"
        "# Autoloaded from $fpath: complete now; sourced: register.\n"
        "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
        "  _linkrole \"$@\"\nelse\n  compdef _linkrole linkrole\nfi\n");
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

    /* A name shaped like a service name needs no catalogue here (it is
     * read again, whole, by the command itself). */
    if (!suggest_service_wanted(o->service))
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
