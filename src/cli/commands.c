/* commands — the command line's one table (see commands.h). */
#include "config.h"

#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "app/rollout.h"
#include "cli/cli.h"
#include "cli/help.h"
#include "cloud/api.h"
#include "core/names.h"
#include "core/url.h"

const struct opt_spec commands_global_options[] = {
    { "help", 'h', false, OPT_HELP },
    { "version", 'V', false, OPT_VERSION },
    { "output", 'o', true, OPT_OUTPUT },
    { "catalog", 0, true, OPT_CATALOG },
    { "lang", 0, true, OPT_LANG },
    { "demo", 0, false, OPT_DEMO },
    { "endpoint", 0, true, OPT_ENDPOINT },
    { "region", 0, true, OPT_REGION },
    { "signature", 0, true, OPT_SIGNATURE },
    { "dry-run", 0, false, OPT_DRY_RUN },
    { "timeout", 0, true, OPT_TIMEOUT },
    { "verbose", 'v', false, OPT_VERBOSE },
    { "profile", 'p', true, OPT_PROFILE },
    { "no-color", 0, false, OPT_NO_COLOR },
    { "journal-required", 0, false, OPT_JOURNAL_REQUIRED },
    { NULL, 0, false, 0 }
};

static const struct opt_spec services_options[] = {
    { "search", 's', true, OPT_SEARCH },
    { "live", 0, false, OPT_LIVE },
    { NULL, 0, false, 0 }
};

static const struct opt_spec create_options[] = {
    { "service", 0, true, OPT_SERVICE },
    { "suffix", 0, true, OPT_SUFFIX },
    { "description", 0, true, OPT_DESCRIPTION },
    { "exist-ok", 0, false, OPT_EXIST_OK },
    { "no-check", 0, false, OPT_NO_CHECK },
    { "print", 0, true, OPT_PRINT },
    { NULL, 0, false, 0 }
};

/* get and dbs-init: --print only. */
static const struct opt_spec print_options[] = {
    { "print", 0, true, OPT_PRINT },
    { NULL, 0, false, 0 }
};

static const struct opt_spec export_options[] = {
    { "service", 0, true, OPT_SERVICE },
    { "format", 0, true, OPT_FORMAT },
    { "rollout", 0, false, OPT_ROLLOUT },
    { "dbs", 0, false, OPT_DBS },
    { "suffix", 0, true, OPT_SUFFIX },
    { "description", 0, true, OPT_DESCRIPTION },
    { "accounts", 0, true, OPT_ACCOUNTS },
    { "folder", 0, true, OPT_FOLDER },
    { "exclude", 0, true, OPT_EXCLUDE },
    { NULL, 0, false, 0 }
};

static const struct opt_spec delete_options[] = {
    { "no-wait", 0, false, OPT_NO_WAIT },
    { "yes", 'y', false, OPT_YES },
    { NULL, 0, false, 0 }
};

static const struct opt_spec list_options[] = {
    { "all", 0, false, OPT_ALL },
    { NULL, 0, false, 0 }
};

static const struct opt_spec log_options[] = {
    { "account", 0, true, OPT_ACCOUNT },
    { "service", 0, true, OPT_SERVICE },
    { "since", 0, true, OPT_SINCE },
    { NULL, 0, false, 0 }
};

static const struct opt_spec rollout_options[] = {
    { "service", 0, true, OPT_SERVICE },
    { "suffix", 0, true, OPT_SUFFIX },
    { "description", 0, true, OPT_DESCRIPTION },
    { "dbs", 0, false, OPT_DBS },
    { "accounts", 0, true, OPT_ACCOUNTS },
    { "folder", 0, true, OPT_FOLDER },
    { "exclude", 0, true, OPT_EXCLUDE },
    { "concurrency", 'j', true, OPT_CONCURRENCY },
    { "plan", 0, false, OPT_PLAN },
    { "resume", 0, false, OPT_RESUME },
    { "yes", 'y', false, OPT_YES },
    { NULL, 0, false, 0 }
};

static const struct opt_spec no_options[] = {
    { NULL, 0, false, 0 }
};

/* TRANSLATORS: every help text of this file: keep option names,
 * metavariables (NAME, FILE...), commands and examples as they are; keep
 * each option at its column and its description at the description
 * column, counted in display columns (a CJK character takes 2); no line
 * wider than the widest line of the English. */
static const char commands_usage_top[] = N_(
    "Usage: linkrole [OPTIONS]                 the terminal UI\n"
    "       linkrole [OPTIONS] COMMAND [ARGS]  a command, for scripts\n"
    "\n"
    "Create Alibaba Cloud service-linked roles and activate Database Backup\n"
    "(DBS), from a terminal UI (no command: pick a service, fill in the\n"
    "suffix and description, read the result) or from scripts.\n"
    "\n"
    "Commands:\n"
    "  create --service NAME [--suffix S] [--description D] [--exist-ok]\n"
    "                    create a service-linked role\n"
    "  dbs-init          activate DBS: create AliyunServiceRoleForDBS\n"
    "  get ROLE          show a role: ARN, RoleId, trust policy\n"
    "  delete ROLE       delete a service-linked role and wait for it\n"
    "  list              the service-linked roles in the account\n"
    "  roles             the same; on a terminal, the UI's roles screen\n"
    "  whoami            whose credentials these are\n"
    "  export [--service NAME] [ROLE...] [--format terraform|aliyun|json]\n"
    "                    the account's service-linked roles as Terraform\n"
    "                    (with import blocks), aliyun commands or JSON\n"
    "  rollout --service NAME | --dbs [--plan] [--folder ID] [--accounts ...]\n"
    "                    the role (or DBS) in every member account of a\n"
    "                    Resource Directory, concurrently, resumably\n"
    "  export --rollout --service NAME\n"
    "                    Terraform for every member account: a provider\n"
    "                    alias each, the role, import blocks\n");

/* The usage goes on (split for the compilers' string limit). */
static const char commands_usage_cmds[] = N_(
    "  reset             with --demo: start the demo account over\n"
    "  log [--account A] [--service S] [--since DATE|DURATION]\n"
    "                    the journal of changes made (create, delete,\n"
    "                    dbs-init), with their outcome\n"
    "  services [NAME]   the services that support service-linked roles:\n"
    "                    all of them, those matching --search TERM, or one\n"
    "                    service's details\n"
    "  help [COMMAND]    this help, or a command's\n"
    "  completion SHELL  a completion script for bash, zsh or fish\n"
    "\n"
    "  dbs               the terminal UI's guide that activates DBS\n"
    "\n"    "On a terminal, a request that takes over a second shows a spinner with\n"
    "the elapsed time on stderr (never with -o json or piped output), and\n"
    "delete asks first (--yes does not).\n"
    "\n"
    "Options, before or after the command:\n"
    "  -o, --output FORMAT  text (the default, for people) or json (for\n"
    "                       scripts: the API's answer, as the aliyun CLI\n"
    "                       prints it, any secret in use masked)\n"
    "      --demo           use a simulated account in this process: no\n"
    "                       credentials, nothing leaves the computer; it\n"
    "                       is kept in $XDG_STATE_HOME/linkrole/demo.json\n"
    "  -p, --profile NAME   use this profile of the aliyun CLI's config.json\n"
    "                       (or section of ~/.alibabacloud/credentials)\n"
    "      --region REGION  the region (default: the profile's region_id,\n"
    "                       then ALIBABA_CLOUD_REGION_ID, then cn-hangzhou);\n"
    "                       picks the DBS endpoint\n"
    "      --endpoint URL   send every request to URL, e.g.\n"
    "                       http://127.0.0.1:8080 (plain http only to\n"
    "                       loopback addresses)\n"
    "      --endpoint PRODUCT=URL\n"
    "                       the same for one product: resourcemanager, ram,\n"
    "                       sts or dbs (repeat for several)\n"
    "      --signature v3|v1\n"
    "                       ACS3-HMAC-SHA256 (v3, the default) or HMAC-SHA1\n"
    "      --timeout SECONDS\n"
    "                       give up on a request after this long, its\n"
    "                       retries and the waits between them included\n"
    "                       (default 30; connecting alone: 10)\n"
    "      --dry-run        print the signed request (signature and token\n"
    "                       redacted) instead of sending it\n"
    "  -v, --verbose        log each attempt, retry and answer to stderr\n"
    "      --catalog FILE   read the service catalogue from FILE instead of\n"
    "                       the bundled one\n"
    "      --lang LANG      en, zh_CN (zh) or zh_TW: the language of every\n"
    "                       message (default: the config file's, else the\n"
    "                       locale's)\n"
    "      --no-color       draw the terminal UI without colours (also when\n"
    "                       NO_COLOR is set and not empty)\n"
    "      --journal-required\n"
    "                       refuse to send a change when the journal\n"
    "                       ($XDG_STATE_HOME/linkrole/journal.jsonl) cannot\n"
    "                       be written (default: a warning)\n"
    "  -h, --help           show help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    );

/* C11 compilers need only take 4095-byte strings: the help is in two. */
static const char commands_usage_more[] = N_(
    "Requests that fail with *Throttling*, ServiceUnavailable,\n"
    "InternalError, UnknownError, ServiceBusy or SystemBusy, or that cannot\n"
    "connect, are retried up to 3 times with growing, jittered pauses, or\n"
    "the one x-acs-retry-after asks for.  A create whose answer is lost is\n"
    "checked with GetRole before it is sent again, so a role is never made\n"
    "twice.\n"
    "\n"
    "Defaults: $XDG_CONFIG_HOME/linkrole/config (profile, region, output,\n"
    "signature, language, color, escape_delay; man linkrole, FILES).\n"
    "Order: command line > environment > that file > aliyun profile >\n"
    "built-in.\n"
    "\n"
    "Exit codes:\n"
    "  0  done (an existing role counts with create --exist-ok; so does DBS\n"
    "     already activated)\n"
    "  1  the cloud refused the request (any other API error, including\n"
    "     \"already exists\" without --exist-ok)\n"
    "  2  bad usage or invalid input, caught before sending\n"
    "  3  credentials missing or rejected (InvalidAccessKeyId.*,\n"
    "     SignatureDoesNotMatch, InvalidSecurityToken.*,\n"
    "     MissingSecurityToken, Forbidden.AccessKeyDisabled)\n"
    "  4  network, TLS or timeout, or an answer that is not the API's\n"
    "  5  internal error\n"
    "  6  busy, try again later: throttled or a server error after every retry\n"
    "  7  --journal-required and the journal cannot be written: nothing\n"
    "     was sent\n"
    "A closed pipe (| head -1) exits 0; a --search with no match exits 1.\n"
    "\n");

/* One string would pass what a C compiler must take (4095 bytes). */
static const char commands_usage_creds[] = N_(
    "Credentials, the first that can be used (as the aliyun CLI and the\n"
    "SDKs find them):\n"
    "  1. --profile NAME or ALIBABA_CLOUD_PROFILE: that profile, from the\n"
    "     aliyun CLI's config.json or the SDKs' credentials file, and\n"
    "     nothing else\n"
    "  2. ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET\n"
    "     (+ ALIBABA_CLOUD_SECURITY_TOKEN)\n"
    "  3. an OIDC role (ACK RRSA): ALIBABA_CLOUD_ROLE_ARN +\n"
    "     ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE\n"
    "     (+ ALIBABA_CLOUD_ROLE_SESSION_NAME)\n"
    "  4. the current profile of ~/.aliyun/config.json\n"
    "     (ALIBABA_CLOUD_CONFIG_FILE): modes AK, StsToken, RamRoleArn,\n"
    "     ChainableRamRoleArn, EcsRamRole, CredentialsURI, OIDC,\n"
    "     CloudSSO, OAuth (the keys of the aliyun CLI's last login),\n"
    "     External (process_command, run without a shell; off when\n"
    "     ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=1)\n"
    "  5. [default] of ~/.alibabacloud/credentials\n"
    "     (ALIBABA_CLOUD_CREDENTIALS_FILE): types access_key, sts,\n"
    "     ram_role_arn, ecs_ram_role, oidc_role_arn\n"
    "  6. the ECS instance's role: ALIBABA_CLOUD_ECS_METADATA, else asked\n"
    "     of the metadata service (1 s at most off ECS; not when\n"
    "     ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)\n"
    "  7. ALIBABA_CLOUD_CREDENTIALS_URI\n"
    "A source that cannot be used (an unsupported mode, a failing\n"
    "service) is passed over, and --verbose says why; a broken file or\n"
    "profile stops with exit status 3.\n"
    "Aliases, read after the ALIBABA_CLOUD_* name, in this order:\n"
    "  ALIBABACLOUD_* then ALICLOUD_* forms of ACCESS_KEY_ID,\n"
    "  ACCESS_KEY_SECRET, SECURITY_TOKEN, REGION_ID and PROFILE; then\n"
    "  Terraform's ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY and\n"
    "  ALICLOUD_REGION (doc/credentials.md has the table)\n"
    "Secrets are never taken as options and never printed; 'linkrole\n"
    "whoami' shows which source is used.\n"
    "\n"
    "Environment:\n"
    "  ALIBABA_CLOUD_REGION_ID  the region, when neither --region nor the\n"
    "                       profile gives one\n"
    "  LINKROLE_ENDPOINT    like --endpoint; several entries separated by\n"
    "                       commas; options win\n"
    "  LINKROLE_CATALOG     the service catalogue, like --catalog\n"
    "  ALIBABA_CLOUD_STS_REGION  where roles are assumed (sts.REGION),\n"
    "                       after a profile's sts_endpoint and sts_region\n"
    "  ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true or\n"
    "  ALIBABA_CLOUD_ENDPOINT_TYPE=vpc  VPC endpoints (as a profile's\n"
    "                       endpoint_type \"vpc\"): sts-vpc.REGION,\n"
    "                       resourcemanager-vpc, ram-vpc\n"
    "  https_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY\n"
    "                       the proxy for API requests, as curl reads\n"
    "                       them; the ECS metadata service and loopback\n"
    "                       are always reached directly\n"
    "  SSL_CERT_FILE, SSL_CERT_DIR\n"
    "                       the CAs to trust instead of the system's (a\n"
    "                       TLS-inspecting proxy's CA), as OpenSSL reads them\n"
    "\n"
    "Files:\n");

const char *const commands_usage[] = {
    commands_usage_top, commands_usage_cmds, commands_usage_more,
    commands_usage_creds, NULL
};

/* The installed path is no msgid (xgettext cannot see a macro's value). */
const char commands_usage_path[] = "  " LINKROLE_PKGDATADIR "/services.json\n";

const char commands_usage_end[] = N_(
    "                       the bundled service catalogue\n"
    "\n"
    "More: man linkrole, or 'linkrole help COMMAND'.\n");

const struct command commands_table[] = {
    { "services", cli_services, services_options, help_services },
    { "create", cli_create, create_options, help_create },
    { "get", cli_get, print_options, help_get },
    { "delete", cli_delete, delete_options, help_delete },
    { "list", cli_list, list_options, help_list },
    { "roles", cli_list, list_options, help_roles },
    { "dbs-init", cli_dbs_init, print_options, help_dbs_init },
    { "whoami", cli_whoami, no_options, help_whoami },
    { "export", cli_export, export_options, help_export },
    { "rollout", cli_rollout, rollout_options, help_rollout },
    { "reset", cli_reset, no_options, help_reset },
    { "log", cli_log, log_options, help_log },
    { "completion", cli_completion, no_options, help_completion },
    { "__complete", cli_complete, no_options, help_complete },
    { NULL, NULL, NULL, NULL }
};

const struct command *commands_find(const char *name)
{
    for (size_t i = 0; commands_table[i].name; i++)
        if (strcmp(commands_table[i].name, name) == 0)
            return &commands_table[i];
    return NULL;
}

const char *commands_closest(const char *name)
{
    static const char *const others[] = { "help", "dbs" };
    const char *best = NULL;
    size_t best_d = 3, n = strlen(name);

    for (size_t i = 0;; i++) {
        const char *c = i < 2 ? others[i] : commands_table[i - 2].name;
        size_t d;

        if (!c)
            break;
        if (c[0] == '_')
            continue;
        d = opts_distance(name, c);
        if (n >= 2 && strncmp(c, name, n) == 0 && d > 1)
            d = 2;
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

/* The regions of the DBS SDKs' endpoint map (cloud/api.c), separated
 * by spaces. */
static const char *region_words(void)
{
    static char words[1024];
    size_t used = 0;
    const char *r;

    if (words[0])
        return words;
    for (size_t i = 0; (r = api_dbs_region(i)) != NULL; i++) {
        int n = snprintf(words + used, sizeof(words) - used, "%s%s",
                         used ? " " : "", r);

        if (n < 0 || (size_t)n >= sizeof(words) - used) {
            words[used] = '\0';
            break;
        }
        used += (size_t)n;
    }
    return words;
}

const char *commands_option_values(int id)
{
    switch (id) {
    case OPT_OUTPUT:
        return "text json";
    case OPT_LANG:
        return "en zh_CN zh_TW zh";
    case OPT_SIGNATURE:
        return "v3 v1";
    case OPT_FORMAT:
        return "terraform aliyun json";
    case OPT_PRINT:
        return "terraform aliyun";
    case OPT_SERVICE:
        return "@services";
    case OPT_PROFILE:
        return "@profiles";
    case OPT_REGION:
        return region_words();
    default:
        return NULL;
    }
}

const struct opt_spec *commands_options(const char *name)
{
    const struct command *c = commands_find(name);

    return c ? c->options : NULL;
}

/* "URL" for every product, or "PRODUCT=URL" for one. */
static int set_endpoint(struct options *o, const char *value,
                        const char *from, struct buf *err)
{
    const char *eq = strchr(value, '=');
    const char *url = value;
    enum url_problem why = URL_OK;
    int product = -1;
    struct url u;

    if (eq) {
        char name[32];
        size_t len = (size_t)(eq - value);

        if (len >= sizeof(name)) {
            buf_printf(err, _("%s: unknown product in '%s' (resourcemanager, "
                         "ram, sts or dbs)"), from, value);
            return -1;
        }
        memcpy(name, value, len);
        name[len] = '\0';
        product = api_product_from_name(name);
        if (product < 0) {
            buf_printf(err, _("%s: unknown product '%s' (resourcemanager, ram, "
                         "sts or dbs)"), from, name);
            return -1;
        }
        url = eq + 1;
    }
    if (url_parse(&u, url, &why) || (*u.rest && strcmp(u.rest, "/") != 0)) {
        buf_printf(err, _("%s: '%s' is not an endpoint URL (%s)"), from, url,
                   explain_url(why == URL_OK ? URL_PATH : why));
        return -1;
    }
    for (int p = 0; p < API_PRODUCT_COUNT; p++)
        if (product < 0 || p == product)
            o->endpoint[p] = url;
    return 0;
}

/* LINKROLE_ENDPOINT: entries like --endpoint, separated by commas. */
int commands_endpoints_from_env(struct options *o, char *copy,
                                 struct buf *err)
{
    char *save = NULL;

    for (char *tok = strtok_r(copy, ", ", &save); tok;
         tok = strtok_r(NULL, ", ", &save))
        if (set_endpoint(o, tok, "LINKROLE_ENDPOINT", err))
            return -1;
    return 0;
}

int commands_on_option(void *ctx, int id, const char *value,
                       struct buf *err)
{
    struct options *o = ctx;

    switch (id) {
    case OPT_HELP:
        o->help = true;
        break;
    case OPT_VERSION:
        o->version = true;
        break;
    case OPT_OUTPUT:
        o->given |= OPTIONS_GIVEN_OUTPUT;
        if (strcmp(value, "text") == 0) {
            o->output = OUTPUT_TEXT;
        } else if (strcmp(value, "json") == 0) {
            o->output = OUTPUT_JSON;
        } else {
            buf_printf(err, _("--output takes text or json, not '%s'"), value);
            return -1;
        }
        break;
    case OPT_CATALOG:
        if (!*value) {
            buf_printf(err, _("--catalog needs a file name"));
            return -1;
        }
        o->catalog_path = value;
        break;
    case OPT_LANG: {
        int l = i18n_parse_lang(value);

        o->given |= OPTIONS_GIVEN_LANG;
        if (l < 0) {
            buf_printf(err, _("--lang takes en, zh_CN or zh_TW (zh is "
                              "zh_CN), not '%s'"), value);
            return -1;
        }
        o->lang = (enum lang)l;
        break;
    }
    case OPT_DEMO:
        o->demo = true;
        break;
    case OPT_ENDPOINT:
        return set_endpoint(o, value, "--endpoint", err);
    case OPT_REGION:
        o->given |= OPTIONS_GIVEN_REGION;
        if (!names_region_ok(value)) {
            buf_printf(err, _("--region takes a region id such as cn-hangzhou, "
                         "not '%s'"), value);
            return -1;
        }
        o->region = value;
        break;
    case OPT_SIGNATURE:
        o->given |= OPTIONS_GIVEN_SIGNATURE;
        if (strcmp(value, "v3") == 0 || strcmp(value, "3") == 0) {
            o->signature = 3;
        } else if (strcmp(value, "v1") == 0 || strcmp(value, "1") == 0) {
            o->signature = 1;
        } else {
            buf_printf(err, _("--signature takes v3 or v1, not '%s'"), value);
            return -1;
        }
        break;
    case OPT_DRY_RUN:
        o->dry_run = true;
        break;
    case OPT_TIMEOUT: {
        char *end = NULL;
        double secs = strtod(value, &end);

        if (!*value || *end || !(secs > 0) || secs > 3600) {
            buf_printf(err, _("--timeout takes seconds (more than 0, at most "
                         "3600), not '%s'"), value);
            return -1;
        }
        o->timeout_ms = (long)(secs * 1000);
        if (o->timeout_ms == 0)
            o->timeout_ms = 1;
        break;
    }
    case OPT_VERBOSE:
        o->verbose = true;
        break;
    case OPT_PROFILE:
        o->given |= OPTIONS_GIVEN_PROFILE;
        if (!*value) {
            buf_printf(err, _("--profile needs a profile name"));
            return -1;
        }
        o->profile = value;
        break;
    case OPT_SEARCH:
        o->search = value;
        break;
    case OPT_SERVICE:
        o->service = value;
        break;
    case OPT_SUFFIX:
        o->suffix = value;
        break;
    case OPT_DESCRIPTION:
        o->description = value;
        break;
    case OPT_EXIST_OK:
        o->exist_ok = true;
        break;
    case OPT_NO_CHECK:
        o->no_check = true;
        break;
    case OPT_NO_WAIT:
        o->no_wait = true;
        break;
    case OPT_ALL:
        o->all = true;
        break;
    case OPT_LIVE:
        o->live = true;
        break;
    case OPT_NO_COLOR:
        o->given |= OPTIONS_GIVEN_COLOR;
        o->no_color = true;
        break;
    case OPT_FORMAT:
        if (strcmp(value, "terraform") == 0) {
            o->format = EXPORT_TERRAFORM;
        } else if (strcmp(value, "aliyun") == 0) {
            o->format = EXPORT_ALIYUN;
        } else if (strcmp(value, "json") == 0) {
            o->format = EXPORT_JSON;
        } else {
            buf_printf(err, _("--format takes terraform, aliyun or json, not "
                         "'%s'"), value);
            return -1;
        }
        break;
    case OPT_PRINT:
        if (strcmp(value, "terraform") == 0) {
            o->print = EXPORT_TERRAFORM;
        } else if (strcmp(value, "aliyun") == 0) {
            o->print = EXPORT_ALIYUN;
        } else {
            buf_printf(err, _("--print takes terraform or aliyun, not '%s'"),
                       value);
            return -1;
        }
        break;
    case OPT_YES:
        o->yes = true;
        break;
    case OPT_JOURNAL_REQUIRED:
        o->journal_required = true;
        break;
    case OPT_ACCOUNT:
        o->log_account = value;
        break;
    case OPT_SINCE:
        o->log_since = value;
        break;
    case OPT_DBS:
        o->dbs = true;
        break;
    case OPT_ROLLOUT:
        o->rollout = true;
        break;
    case OPT_ACCOUNTS:
        o->accounts = value;
        break;
    case OPT_FOLDER:
        if (!*value) {
            buf_printf(err, _("--folder needs a folder id (fd-...)"));
            return -1;
        }
        o->folder = value;
        break;
    case OPT_EXCLUDE:
        o->exclude = value;
        break;
    case OPT_CONCURRENCY: {
        char *end = NULL;
        long n = strtol(value, &end, 10);

        if (!*value || *end || n < 1 || n > ROLLOUT_CONCURRENCY_MAX) {
            buf_printf(err, _("--concurrency takes a number of accounts at "
                              "once from 1 to %d, not '%s'"),
                       ROLLOUT_CONCURRENCY_MAX, value);
            return -1;
        }
        o->concurrency = (unsigned)n;
        break;
    }
    case OPT_PLAN:
        o->plan = true;
        break;
    case OPT_RESUME:
        o->resume = true;
        break;
    default:
        buf_printf(err, _("internal error: option %d not handled"), id);
        return -1;
    }
    return 0;
}
