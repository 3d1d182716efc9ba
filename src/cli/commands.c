/* commands — the command line's one table (see commands.h). */
#include "config.h"

#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "cli/cli.h"
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
    commands_usage_top, commands_usage_more, commands_usage_creds, NULL
};

/* The installed path is no msgid (xgettext cannot see a macro's value). */
const char commands_usage_path[] = "  " LINKROLE_PKGDATADIR "/services.json\n";

const char commands_usage_end[] = N_(
    "                       the bundled service catalogue\n"
    "\n"
    "More: man linkrole, or 'linkrole help COMMAND'.\n");

/* TRANSLATORS: as linkrole --help: options, metavariables and examples
 * unchanged, columns kept in display columns. */
static const char services_help[] = N_(
    "Usage: linkrole services [--search TERM] [--output text|json]\n"
    "       linkrole services NAME [--live] [--output text|json]\n"
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
    "      --live           with NAME: ask the cloud for the service's own\n"
    "                       rules (RAM GetServiceLinkedRoleTemplate, no\n"
    "                       permission needed): whether a suffix is\n"
    "                       accepted, the role-name prefix, the system\n"
    "                       policy and the preset description in your\n"
    "                       language; when the call fails, the error and\n"
    "                       the catalogue's view are printed and the exit\n"
    "                       status is the error's\n"
    "  -o, --output FORMAT  text (an aligned table; on a terminal, long\n"
    "                       product names are cut to fit) or json (every\n"
    "                       field, for scripts)\n"
    "      --lang zh_CN     show the product names in Chinese (zh_TW:\n"
    "                       Traditional)\n"
    "\n"
    "Examples:\n"
    "  linkrole services --search polar\n"
    "  linkrole services polardb.aliyuncs.com\n"
    "  linkrole services polardb.aliyuncs.com --live\n"
    "  linkrole services --output json | jq -r '.[].service_name'\n");

static const char create_help[] = N_(
    "Usage: linkrole create --service NAME [--suffix SUFFIX]\n"
    "                       [--description TEXT] [--exist-ok] [--no-check]\n"
    "\n"
    "Creates the service-linked role of a cloud service\n"
    "(ResourceManager CreateServiceLinkedRole) and shows its RoleName, Arn,\n"
    "RoleId and trust policy.\n"
    "\n"
    "      --service NAME      the service, e.g. polardb.aliyuncs.com (see\n"
    "                          'linkrole services --search TERM')\n"
    "      --suffix SUFFIX     a custom suffix: the role is then named\n"
    "                          <RoleName>_<SUFFIX>; letters, digits, \".\" and\n"
    "                          \"-\", 64 characters in all; only some services\n"
    "                          accept one\n"
    "      --description TEXT  1-1024 characters; only with services that\n"
    "                          accept a suffix (others keep their preset)\n"
    "      --exist-ok          when the role exists already, show it and\n"
    "                          exit 0 instead of failing\n"
    "      --no-check          send the suffix and description unchecked\n"
    "                          (for when Alibaba's rules change before\n"
    "                          linkrole's); the cloud still judges them\n"
    "      --print terraform|aliyun\n"
    "                          print the Terraform resource or the aliyun\n"
    "                          command that makes this role, instead of\n"
    "                          creating it: nothing is sent (no credentials\n"
    "                          needed); the checks still apply\n"
    "\n"
    "The suffix and description are checked before anything is sent (exit\n"
    "2); a service whose suffix the cloud refused before is noted (the\n"
    "cloud is asked anyway). With --output json, prints the API's answer.\n"
    "\n"
    "Examples:\n"
    "  linkrole create --service polardb.aliyuncs.com\n"
    "  linkrole --demo create --service polardb.aliyuncs.com --suffix Example\n");

static const char get_help[] = N_(
    "Usage: linkrole get ROLE [--print terraform|aliyun]\n"
    "\n"
    "Shows a role (ResourceManager GetRole): RoleName, Arn, RoleId,\n"
    "RolePrincipalName, Description, dates, MaxSessionDuration, the\n"
    "LatestDeletionTask if a deletion was ever started, whether it is\n"
    "service-linked, and the trust policy, pretty-printed, with a reading\n"
    "of who may assume it.  ROLE may be the role's ARN,\n"
    "acs:ram::ACCOUNT:role/NAME (the cloud lower-cases NAME there; the role\n"
    "is found whatever the case).\n"
    "\n"
    "      --print terraform|aliyun\n"
    "                  instead, the role as 'linkrole export' writes it: a\n"
    "                  Terraform resource and its import block, or the\n"
    "                  aliyun command that makes it\n");

static const char delete_help[] = N_(
    "Usage: linkrole delete ROLE [--no-wait] [--yes]\n"
    "\n"
    "Deletes a service-linked role (DeleteServiceLinkedRole) and polls\n"
    "GetServiceLinkedRoleDeletionStatus until the task ends, with a progress\n"
    "line on stderr.  A role still in use is not deleted: the task ends\n"
    "FAILED and the resources using it are listed (exit 1).  ROLE may be\n"
    "the role's ARN, acs:ram::ACCOUNT:role/NAME, in any case.\n"
    "When stdin and stderr are a terminal, it first asks (on stderr) whether\n"
    "to delete, naming the role and what its service may stop doing; only\n"
    "y or yes goes on, anything else keeps the role (exit 1).  With no\n"
    "terminal (a script) it does not ask.\n"
    "\n"
    "      --no-wait   start the deletion, print the task id and exit\n"
    "  -y, --yes       do not ask\n");

static const char list_help[] = N_(
    "Usage: linkrole list [--all]\n"
    "\n"
    "Lists the service-linked roles in the account (RAM ListRoles, every\n"
    "page), with the service each belongs to when the catalogue knows it.\n"
    "\n"
    "      --all   every role, not only the service-linked ones\n"
    "\n"
    "With --output json: {\"Roles\": [{\"RoleName\", \"RoleId\", \"Arn\",\n"
    "\"CreateDate\", \"Description\", \"ServiceName\"}]}.\n");

static const char roles_help[] = N_(
    "Usage: linkrole roles [--all]\n"
    "\n"
    "On a terminal, opens the terminal UI on its roles screen: every\n"
    "service-linked role in the account with its product, create date and\n"
    "whether the catalogue knows it; / filters, Enter shows a role\n"
    "(GetRole), d deletes one.  When stdout is not a terminal (a pipe, a\n"
    "file), or with --all or --output json, prints what 'linkrole list'\n"
    "prints, for scripts.\n");

static const char dbs_init_help[] = N_(
    "Usage: linkrole dbs-init [--region REGION] [--print terraform|aliyun]\n"
    "\n"
    "Activates Database Backup (DBS): InitializeDbsServiceLinkedRole creates\n"
    "AliyunServiceRoleForDBS, which DBS uses to reach RDS, MongoDB, Redis,\n"
    "PolarDB and databases on ECS.  \"Already activated\" is a success.\n"
    "The region picks the DBS endpoint (default cn-hangzhou).\n"
    "\n"
    "      --print terraform|aliyun\n"
    "                  print the Terraform resource of the DBS role, or the\n"
    "                  aliyun command that activates DBS (in --region, else\n"
    "                  cn-hangzhou), instead: nothing is sent\n");

const char commands_dbs_help[] = N_(
    "Usage: linkrole dbs [--region REGION] [--demo]\n"
    "\n"
    "Activates Database Backup (DBS) in the terminal UI, step by step:\n"
    "checks the credentials (GetCallerIdentity), whether\n"
    "AliyunServiceRoleForDBS exists (GetRole), explains what the role lets\n"
    "DBS do and asks to confirm, calls InitializeDbsServiceLinkedRole, and\n"
    "verifies with GetRole.  \"Already activated\" is a success.  Needs a\n"
    "terminal; for scripts use 'linkrole dbs-init'.\n");

static const char export_help[] = N_(
    "Usage: linkrole export [--service NAME] [ROLE...]\n"
    "                       [--format terraform|aliyun|json]\n"
    "\n"
    "Writes the account's service-linked roles (RAM ListRoles, every page)\n"
    "as code, to adopt an existing account into infrastructure as code in\n"
    "one step: every one of them, those of --service NAME, or the roles\n"
    "named.  The service and the custom suffix are worked out from each\n"
    "role's name with the catalogue; the description is kept where the role\n"
    "has a suffix (the API takes one nowhere else).  A role the catalogue\n"
    "does not know is written as a comment saying so (and counted on\n"
    "stderr), never dropped silently.\n"
    "\n"
    "      --format terraform  (the default) one\n"
    "                          alicloud_resource_manager_service_linked_role\n"
    "                          resource per role, named after the role, and\n"
    "                          an import block (Terraform 1.5 or later) with\n"
    "                          the id \"<service_name>:<role_name>\"\n"
    "      --format aliyun     one 'aliyun resourcemanager\n"
    "                          CreateServiceLinkedRole' command per role\n"
    "                          ('aliyun dbs InitializeDbsServiceLinkedRole'\n"
    "                          for DBS), every value quoted for the shell\n"
    "      --format json       {\"Roles\": [{\"RoleName\", \"ServiceName\",\n"
    "                          \"CustomSuffix\", \"Description\",\n"
    "                          \"ImportId\"}]}; also what --output json\n"
    "                          asks for when --format is not given\n"
    "      --service NAME      only the roles of this service\n"
    "  ROLE...                 only these roles (at most 16); one the\n"
    "                          account does not hold is an error (exit 1)\n"
    "                          after the others are written\n"
    "\n"
    "Examples:\n"
    "  linkrole export > roles.tf && terraform plan\n"
    "  linkrole export --service polardb.aliyuncs.com --format aliyun\n");

static const char whoami_help[] = N_(
    "Usage: linkrole whoami\n"
    "\n"
    "Shows where the credentials come from, the AccessKeyId (masked), the\n"
    "region, and who they belong to (STS GetCallerIdentity: account,\n"
    "identity type, ARN).  Needs no RAM permission: a good first check.\n");

static const char reset_help[] = N_(
    "Usage: linkrole --demo reset\n"
    "\n"
    "Starts the demo account over.  --demo keeps its simulated account in\n"
    "$XDG_STATE_HOME/linkrole/demo.json (default ~/.local/state), so a role\n"
    "made by 'linkrole --demo create' is still there for '--demo list' and\n"
    "'--demo delete'; reset removes that file.\n");

static const char completion_help[] = N_(
    "Usage: linkrole completion bash|zsh|fish\n"
    "\n"
    "Prints a completion script for linkrole: its commands, options\n"
    "and their values (--output, --signature, --lang, --format, --print),\n"
    "profile names (--profile) from the aliyun CLI's config.json and the\n"
    "credentials file, service names from the catalogue (--service,\n"
    "services NAME) and role names for get and delete from the local\n"
    "journal.  The script asks linkrole itself for those names, so it\n"
    "always agrees with it.  Try it with:\n"
    "  source <(linkrole completion bash)      (zsh: completion zsh)\n"
    "  linkrole completion fish | source\n");

static const char complete_help[] = N_(
    "Usage: linkrole __complete services|roles|profiles\n"
    "\n"
    "For the completion script: the catalogue's service names, the role\n"
    "names of the local journal, or the credential profiles' names, one a\n"
    "line.\n");

const char commands_help_help[] = N_(
    "Usage: linkrole help [COMMAND]\n"
    "\n"
    "Prints linkrole's help (the commands and the global options), or one\n"
    "command's: 'linkrole help create' is 'linkrole create --help'.\n"
    "'linkrole help help' prints this.\n");

static const char log_help[] = N_(
    "Usage: linkrole log [--account ID] [--service NAME]\n"
    "                    [--since DATE|DURATION] [-o json]\n"
    "\n"
    "Prints the journal: every create, delete and DBS activation linkrole\n"
    "sent, from the UI or a command, oldest first, with its outcome (the\n"
    "RoleId or the error code, and the RequestId).  Each change is written\n"
    "twice to $XDG_STATE_HOME/linkrole/journal.jsonl (default\n"
    "~/.local/state): an intent before the request is sent, the outcome\n"
    "after; a change whose process ended between the two shows as\n"
    "\"outcome unknown\" with the command that checks ('linkrole get\n"
    "ROLE').  --demo reads the demo's own journal, journal-demo.jsonl.\n"
    "\n"
    "  --account ID     only changes to this account\n"
    "  --service NAME   only changes for this service\n"
    "  --since WHEN     only changes since a date (2026-12-01,\n"
    "                   2026-12-01T10:00:00Z, UTC) or for a duration back\n"
    "                   from now (90s, 30m, 12h, 7d, 2w)\n"
    "\n"
    "The journal is 0600 (one with group or other rights is refused until\n"
    "chmod 600), appended to with one write and an fsync a line, and never\n"
    "holds a secret.  A journal that cannot be written is a warning, unless\n"
    "--journal-required (exit 7, nothing sent).  Unreadable lines are\n"
    "skipped and counted.\n");

const struct command commands_table[] = {
    { "services", cli_services, services_options, services_help },
    { "create", cli_create, create_options, create_help },
    { "get", cli_get, print_options, get_help },
    { "delete", cli_delete, delete_options, delete_help },
    { "list", cli_list, list_options, list_help },
    { "roles", cli_list, list_options, roles_help },
    { "dbs-init", cli_dbs_init, print_options, dbs_init_help },
    { "whoami", cli_whoami, no_options, whoami_help },
    { "export", cli_export, export_options, export_help },
    { "reset", cli_reset, no_options, reset_help },
    { "log", cli_log, log_options, log_help },
    { "completion", cli_completion, no_options, completion_help },
    { "__complete", cli_complete, no_options, complete_help },
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
    default:
        buf_printf(err, _("internal error: option %d not handled"), id);
        return -1;
    }
    return 0;
}
