/* server_opts — linkrole-sim's command line: --help, the options, and
 * setting the account up from them.
 *
 * Options are read and checked for form before the account exists; the
 * repeated ones are kept as given and applied to it afterwards.  A secret
 * given on the command line is copied only to be split, and the copy is
 * wiped. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wipe.h"
#include "sim/limits.h"
#include "sim/server.h"

enum {
    OPT_LISTEN = 256, OPT_ACCESS_KEY, OPT_USER, OPT_ASSUMABLE, OPT_REFUSE,
    OPT_IN_USE, OPT_ROLE_LIMIT, OPT_CLOCK, OPT_STATE, OPT_CATALOG,
    OPT_FAULT, OPT_METADATA_ROLE, OPT_IMDS, OPT_CREDENTIALS_URI,
    OPT_SESSION_SECONDS, OPT_VERBOSE, OPT_HELP, OPT_VERSION,
    OPT_OIDC_TOKEN_FILE, OPT_FAULT_FILE, OPT_DIRECTORY, OPT_LATENCY,
    OPT_RATE_LIMIT
};

static void server_opts_usage(FILE *out)
{
    fputs(
"Usage: linkrole-sim [OPTION]...\n"
"Serve a simulated Alibaba Cloud account over HTTP on a loopback address:\n"
"ResourceManager, RAM, DBS and STS calls, with V3 and V1 signatures,\n"
"timestamps and nonces checked.  One port serves every product.\n"
"\n"
"  --listen ADDR:PORT       where to listen (default 127.0.0.1:0, any free\n"
"                           port); only loopback addresses (127.x.x.x,\n"
"                           localhost) are accepted\n"
"  --access-key ID:SECRET   an access key of the account's owner\n"
"                           (repeatable); without one, the built-in demo\n"
"                           key is served:\n"
"                             id     " SIM_DEMO_ACCESS_KEY_ID "\n"
"                             secret " SIM_DEMO_ACCESS_KEY_SECRET "\n"
"  --user NAME:ID:SECRET    a RAM user with no permissions (repeatable):\n"
"                           every call but GetCallerIdentity is refused\n"
"  --assumable-role ARN     a role AssumeRole accepts (repeatable); roles\n"
"                           of the account itself are always accepted\n"
"  --refuse-suffix SERVICE  a service refusing CustomSuffix (repeatable)\n"
"  --in-use ROLE[:N]        a role whose deletion fails as in use, by N\n"
"                           resources over up to 4 regions (default 1;\n"
"                           repeatable)\n"
"  --role-limit N           roles the account may hold (default 1000)\n"
"  --clock-offset SECONDS   added to the real clock (may be negative)\n"
"  --state FILE             load the account from FILE (if it exists) and\n"
"                           save it there after every change (0600; a\n"
"                           symlink, FIFO or device there is refused)\n"
"  --catalog FILE           the service catalogue; default\n"
"                           $LINKROLE_CATALOG, then the installed\n"
"                           services.json, then data/services.json beside\n"
"                           this program\n"
"  --fault SPEC             inject a fault (repeatable), see below\n"
"  --fault-file FILE        more faults, one SPEC a line (blank lines and\n"
"                           lines starting with # are skipped), read again\n"
"                           whenever FILE changes: a test can add or lift a\n"
"                           fault while a client runs.  A missing or empty\n"
"                           FILE is no fault; a FILE with a bad line keeps\n"
"                           the faults it had (and the line is logged)\n"
"  --metadata-role NAME     serve the ECS metadata service under /latest/\n"
"                           for an instance whose RAM role is NAME\n"
"  --imds both|v2|v1        its session tokens: optional (both, the\n"
"                           default), required (v2: 401 without one) or\n"
"                           refused (v1: the token PUT answers 403)\n"
"  --credentials-uri        serve GET /credentials as a credentials URI\n"
"  --session-seconds N      lifetime of the sessions those two hand out,\n"
"                           and of AssumeRole's without DurationSeconds\n"
"                           (1-43200, default 3600); the longest an\n"
"                           AssumeRoleWithOIDC session lasts\n"
"  --oidc-token-file FILE   AssumeRoleWithOIDC (unsigned) takes only the\n"
"                           token now in FILE, then writes a new one there\n"
"                           (as a cluster rotates it); without this, any\n"
"                           token of three dot-separated parts is taken\n"
"  --verbose                log one line per request to stderr (method,\n"
"                           action or unsigned path, status, code; never\n"
"                           a secret or token)\n"
"  --help                   show this help and exit\n"
"  --version                show the version and exit\n"
"\n", out);
    /* In pieces: C11 compilers need only take 4095 bytes in one. */
    fputs(
"Resource Directory, latency and rate limits:\n"
"  --directory N            make the account the management account of a\n"
"                           Resource Directory of N members (1-100000),\n"
"                           the same every run.  Member i (from 1) is\n"
"                           account 1%015u, named member-%04u, in folder\n"
"                           Production (fd-SimProd001) when i%3 is 0,\n"
"                           Development (fd-SimDevl001) when 1, Sandbox\n"
"                           (fd-SimSand001, inside Development) when 2;\n"
"                           the root is r-SimRt1, the directory rd-SimDir1.\n"
"                           JoinMethod is \"invited\" when i%25 is 0 (no\n"
"                           ResourceDirectoryAccountAccessRole: AssumeRole\n"
"                           answers 404 EntityNotExist.Role) or 12, else\n"
"                           \"created\".  Members with i%7 == 3 already hold\n"
"                           AliyunServiceRoleForPolarDB.  The owner (or a\n"
"                           session of the account) enters a member by\n"
"                           AssumeRole of acs:ram::MEMBER:role/\n"
"                           ResourceDirectoryAccountAccessRole; the session\n"
"                           acts in that member.  With --state, the file\n"
"                           holds every member's roles, written at most\n"
"                           every 200 ms and at exit\n"
"  --latency MS             delay every answer by MS milliseconds (0-600000);\n"
"                           requests wait side by side, not for each other\n"
"  --rate-limit ACTION=N    at most N calls of ACTION a second per calling\n"
"                           account (the member a session acts in, or the\n"
"                           management account); beyond it, 400\n"
"                           Throttling.User with x-acs-retry-after (ms until\n"
"                           a call would go).  Repeatable; no limit by\n"
"                           default\n"
"\n", out);
    fputs(
"The first line on standard output is \"listening on http://ADDR:PORT\".\n"
"The account id is " SIM_DEMO_ACCOUNT_ID " unless the state file says\n"
"otherwise.  SIGINT or SIGTERM stops the server.\n"
"\n"
"The metadata service and the credentials URI are unsigned, as the real\n"
"ones are; each fetch of credentials is a new STS session:\n"
"  PUT /latest/api/token   a token, given the header\n"
"                          X-aliyun-ecs-metadata-token-ttl-seconds: 1-21600\n"
"  GET /latest/meta-data/ram/security-credentials/       the role name\n"
"  GET /latest/meta-data/ram/security-credentials/NAME   its credentials\n"
"  GET /credentials        credentials\n"
"A token, when sent, goes in X-aliyun-ecs-metadata-token.\n"
"\n"
"A fault SPEC is KIND[=ARG][@WHEN][/ACTION][#ACCOUNT].  WHEN is N (the first N\n"
"requests) or N% (spread evenly: 50% is every 2nd request, 10% every\n"
"10th); without it, every request.  Requests are counted from 1 for all\n"
"faults alike; latencies add up, and of the other faults the first that\n"
"applies wins (--fault options before the fault file's).  The fault\n"
"file's WHEN counts requests from the last time the file was read.\n"
"/ACTION (letters only) keeps a fault to that API action's requests,\n"
"counted among themselves, e.g. throttle/GetServiceLinkedRoleTemplate.\n"
"#ACCOUNT (digits) keeps it to requests acting in that account (a member\n"
"of the directory, by the session that signs them, or the management\n"
"account), counted among themselves, e.g. 500@2#1000000000000004.\n"
"  latency=MS      wait MS milliseconds, then answer normally\n"
"  500, 503        InternalError / ServiceUnavailable; the account never\n"
"                  sees the request\n"
"  throttle        400 Throttling.User; the account never sees it\n"
"  reset           the account processes the request, then the connection\n"
"                  is closed without an answer: a create whose answer is\n"
"                  lost (reset-after is the same)\n"
"  reset-before    close the connection without an answer; the account\n"
"                  never sees the request\n"
"  truncate        the account processes the request; the answer announces\n"
"                  its whole length but only half of the body is sent\n"
"                  (truncate-after is the same)\n"
"  nonjson         200 with an HTML body; the account never sees it\n"
"  oversize        200 with a 2 MiB JSON body; the account never sees it\n"
"  replay          the account processes the request twice and the second\n"
"                  answer is sent (SignatureNonceUsed, normally)\n"
"  500-after       the account processes the request, then the answer is\n"
"                  500 InternalError (502-after, 504-after: a gateway's\n"
"                  HTML page; nonjson-after: 200 with an HTML body)\n"
"  repeat-marker   a ListRoles answer gives back the Marker it was asked\n"
"                  with, so paging never advances\n"
"  empty           200 with JSON holding only a RequestId; the account\n"
"                  never sees the request\n"
"  forbidden-ram   403 Forbidden.RAM with an AccessDeniedDetail naming the\n"
"                  request's action; the account never sees it\n"
"  retry-after=MS  400 Throttling.User with x-acs-retry-after: MS\n"
"                  (milliseconds); the account never sees it\n"
"  code=CODE[:STATUS]\n"
"                  an error answer with any CODE (letters, digits, dots)\n"
"                  and STATUS (400-599, default 400), with its Recommend:\n"
"                  code=MissingSecurityToken, code=ServiceBusy:503\n"
"  dbs-already-false\n"
"                  DBS's \"already activated\" answer (ErrorCode\n"
"                  EntityAlreadyExists.Role) says Success \"false\"\n"
"  echo=TEXT       the account processes the request, and every string\n"
"                  value of its JSON answer (success or error) gets \" TEXT\"\n"
"                  appended, \"{token}\" standing for the request's own\n"
"                  SecurityToken: a server echoing secrets and escape\n"
"                  sequences.  AssumeRole's credentials and the unsigned\n"
"                  endpoints are left alone.  TEXT holds no \"@\"\n"
"\n"
"Exit status: 0 after a clean stop, 1 when it cannot listen or load the\n"
"catalogue or the state file, 2 for bad usage.\n", out);
}

void server_bad_usage(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", SERVER_NAME);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n",
            SERVER_NAME);
}

static bool server_opts_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

int server_opts_parse(int argc, char **argv, struct server_opts *o)
{
    static const struct option longopts[] = {
        { "listen", required_argument, NULL, OPT_LISTEN },
        { "access-key", required_argument, NULL, OPT_ACCESS_KEY },
        { "user", required_argument, NULL, OPT_USER },
        { "assumable-role", required_argument, NULL, OPT_ASSUMABLE },
        { "refuse-suffix", required_argument, NULL, OPT_REFUSE },
        { "in-use", required_argument, NULL, OPT_IN_USE },
        { "role-limit", required_argument, NULL, OPT_ROLE_LIMIT },
        { "clock-offset", required_argument, NULL, OPT_CLOCK },
        { "state", required_argument, NULL, OPT_STATE },
        { "catalog", required_argument, NULL, OPT_CATALOG },
        { "fault", required_argument, NULL, OPT_FAULT },
        { "fault-file", required_argument, NULL, OPT_FAULT_FILE },
        { "metadata-role", required_argument, NULL, OPT_METADATA_ROLE },
        { "imds", required_argument, NULL, OPT_IMDS },
        { "credentials-uri", no_argument, NULL, OPT_CREDENTIALS_URI },
        { "session-seconds", required_argument, NULL, OPT_SESSION_SECONDS },
        { "oidc-token-file", required_argument, NULL, OPT_OIDC_TOKEN_FILE },
        { "verbose", no_argument, NULL, OPT_VERBOSE },
        { "directory", required_argument, NULL, OPT_DIRECTORY },
        { "latency", required_argument, NULL, OPT_LATENCY },
        { "rate-limit", required_argument, NULL, OPT_RATE_LIMIT },
        { "help", no_argument, NULL, OPT_HELP },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 }
    };
    size_t max = (size_t)argc;
    long v;
    int opt;

    o->keys = calloc(max, sizeof(*o->keys));
    o->users = calloc(max, sizeof(*o->users));
    o->roles = calloc(max, sizeof(*o->roles));
    o->refused = calloc(max, sizeof(*o->refused));
    o->in_use = calloc(max, sizeof(*o->in_use));
    if (!o->keys || !o->users || !o->roles || !o->refused || !o->in_use) {
        fprintf(stderr, "%s: out of memory\n", SERVER_NAME);
        return SERVER_EXIT_USAGE;
    }
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_LISTEN:
            o->listen = optarg;
            break;
        case OPT_ACCESS_KEY:
            if (!strchr(optarg, ':') || *optarg == ':' ||
                !strchr(optarg, ':')[1]) {
                server_bad_usage("--access-key wants ID:SECRET");
                return SERVER_EXIT_USAGE;
            }
            o->keys[o->nkeys++] = optarg;
            break;
        case OPT_USER:
            o->users[o->nusers++] = optarg;
            break;
        case OPT_ASSUMABLE:
            o->roles[o->nroles++] = optarg;
            break;
        case OPT_REFUSE:
            o->refused[o->nrefused++] = optarg;
            break;
        case OPT_IN_USE:
            o->in_use[o->nin_use++] = optarg;
            break;
        case OPT_ROLE_LIMIT:
            if (!server_opts_long(optarg, 1, 1000000, &v)) {
                server_bad_usage("--role-limit wants a number from 1 to "
                                 "1000000, not \"%s\"", optarg);
                return SERVER_EXIT_USAGE;
            }
            o->role_limit = (unsigned long)v;
            break;
        case OPT_CLOCK:
            if (!server_opts_long(optarg, -3153600000L, 3153600000L, &v)) {
                server_bad_usage("--clock-offset wants seconds, not "
                                 "\"%s\"", optarg);
                return SERVER_EXIT_USAGE;
            }
            o->clock_offset = v;
            break;
        case OPT_STATE:
            o->state = optarg;
            break;
        case OPT_CATALOG:
            o->catalog = optarg;
            break;
        case OPT_FAULT:
            if (o->nfaults == SERVER_FAULTS_MAX) {
                server_bad_usage("too many --fault options");
                return SERVER_EXIT_USAGE;
            }
            if (server_fault_parse(optarg, &o->faults[o->nfaults])) {
                server_bad_usage("bad --fault \"%s\": see --help", optarg);
                return SERVER_EXIT_USAGE;
            }
            o->nfaults++;
            break;
        case OPT_FAULT_FILE:
            o->fault_file = optarg;
            break;
        case OPT_METADATA_ROLE:
            o->metadata_role = optarg;
            break;
        case OPT_IMDS:
            if (strcmp(optarg, "both") == 0) {
                o->imds_mode = SIM_IMDS_BOTH;
            } else if (strcmp(optarg, "v2") == 0) {
                o->imds_mode = SIM_IMDS_V2;
            } else if (strcmp(optarg, "v1") == 0) {
                o->imds_mode = SIM_IMDS_V1;
            } else {
                server_bad_usage("--imds wants both, v2 or v1, not "
                                 "\"%s\"", optarg);
                return SERVER_EXIT_USAGE;
            }
            o->imds_given = true;
            break;
        case OPT_CREDENTIALS_URI:
            o->credentials_uri = true;
            break;
        case OPT_SESSION_SECONDS:
            if (!server_opts_long(optarg, 1, 43200, &v)) {
                server_bad_usage("--session-seconds wants a number from 1 "
                                 "to 43200, not \"%s\"", optarg);
                return SERVER_EXIT_USAGE;
            }
            o->session_seconds = v;
            break;
        case OPT_OIDC_TOKEN_FILE:
            o->oidc_token_file = optarg;
            break;
        case OPT_VERBOSE:
            o->verbose = true;
            break;
        case OPT_DIRECTORY:
            if (!server_opts_long(optarg, 1, SIM_DIRECTORY_MAX, &v)) {
                server_bad_usage("--directory wants a number of members "
                                 "from 1 to %u, not \"%s\"",
                                 SIM_DIRECTORY_MAX, optarg);
                return SERVER_EXIT_USAGE;
            }
            o->directory = (unsigned)v;
            break;
        case OPT_LATENCY:
            if (!server_opts_long(optarg, 0, 600000, &v)) {
                server_bad_usage("--latency wants milliseconds from 0 to "
                                 "600000, not \"%s\"", optarg);
                return SERVER_EXIT_USAGE;
            }
            o->latency_ms = v;
            break;
        case OPT_RATE_LIMIT:
            if (o->nrates == SERVER_RATES_MAX ||
                server_rate_parse(optarg, &o->rates[o->nrates])) {
                server_bad_usage("bad --rate-limit \"%s\": ACTION=N, N "
                                 "calls a second (at most %d options)",
                                 optarg, SERVER_RATES_MAX);
                return SERVER_EXIT_USAGE;
            }
            o->nrates++;
            break;
        case OPT_HELP:
            server_opts_usage(stdout);
            return 1;
        case OPT_VERSION:
            printf("%s %s\n", SERVER_NAME, PACKAGE_VERSION);
            return 1;
        case ':':
            server_bad_usage("%s needs an argument", argv[optind - 1]);
            return SERVER_EXIT_USAGE;
        default:
            server_bad_usage("unknown option \"%s\"", argv[optind - 1]);
            return SERVER_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        server_bad_usage("unexpected argument \"%s\"", argv[optind]);
        return SERVER_EXIT_USAGE;
    }
    /* Alone it would change nothing, which is surely not what was meant. */
    if (o->imds_given && !o->metadata_role) {
        server_bad_usage("--imds needs --metadata-role");
        return SERVER_EXIT_USAGE;
    }
    return 0;
}

/* A copy of an option's value, to be cut into fields at the ":"s.  The
 * whole copy is wiped when it goes, the secret past the cuts included
 * (wipe_free would stop at the first cut). */
struct server_copy {
    char *text;
    size_t len;
};

static void server_copy_forget(struct server_copy *c)
{
    if (c->text) {
        wipe_mem(c->text, c->len);
        free(c->text);
    }
    c->text = NULL;
    c->len = 0;
}

static char *server_copy_take(struct server_copy *c, const char *value)
{
    server_copy_forget(c);
    c->text = strdup(value);
    c->len = c->text ? strlen(c->text) : 0;
    return c->text;
}

int server_opts_apply(struct sim_account *a, const struct server_opts *o)
{
    struct server_copy copy = { NULL, 0 };
    char *id, *secret;
    int rc = SERVER_EXIT_USAGE;

    for (size_t i = 0; i < o->nkeys; i++) {
        if (!server_copy_take(&copy, o->keys[i]))
            goto out;
        /* server_opts_parse made sure of the ":". */
        secret = strchr(copy.text, ':');
        *secret++ = '\0';
        if (sim_account_add_key(a, copy.text, secret)) {
            server_bad_usage("cannot add access key \"%s\" (a duplicate?)",
                             copy.text);
            goto out;
        }
    }
    if (o->nkeys == 0 && sim_account_add_key(a, SIM_DEMO_ACCESS_KEY_ID,
                                             SIM_DEMO_ACCESS_KEY_SECRET))
        goto out;
    for (size_t i = 0; i < o->nusers; i++) {
        if (!server_copy_take(&copy, o->users[i]))
            goto out;
        id = strchr(copy.text, ':');
        secret = id ? strchr(id + 1, ':') : NULL;
        if (!secret) {
            server_bad_usage("--user wants NAME:ID:SECRET");
            goto out;
        }
        *id++ = '\0';
        *secret++ = '\0';
        if (sim_account_add_user(a, copy.text, id, secret)) {
            server_bad_usage("cannot add user \"%s\" (empty field or "
                             "duplicate key?)", copy.text);
            goto out;
        }
    }
    for (size_t i = 0; i < o->nroles; i++)
        if (sim_account_add_assumable_role(a, o->roles[i])) {
            server_bad_usage("--assumable-role wants "
                             "acs:ram::ACCOUNT:role/NAME, not \"%s\"",
                             o->roles[i]);
            goto out;
        }
    for (size_t i = 0; i < o->nrefused; i++)
        if (sim_account_refuse_suffix(a, o->refused[i]))
            goto out;
    for (size_t i = 0; i < o->nin_use; i++)
        if (sim_account_mark_in_use(a, o->in_use[i])) {
            server_bad_usage("--in-use wants ROLE or ROLE:N (N from 1 to "
                             "%d), not \"%s\"", SIM_IN_USE_MAX,
                             o->in_use[i]);
            goto out;
        }
    if (o->metadata_role &&
        sim_account_set_metadata_role(a, o->metadata_role, o->imds_mode)) {
        server_bad_usage("--metadata-role wants a role name (1-64 of A-Z "
                         "a-z 0-9 . - _ @), not \"%s\"", o->metadata_role);
        goto out;
    }
    if (o->credentials_uri && sim_account_enable_credentials_uri(a))
        goto out;
    if (o->session_seconds)
        sim_account_set_session_seconds(a, o->session_seconds);
    if (o->oidc_token_file &&
        sim_account_set_oidc_token_file(a, o->oidc_token_file))
        goto out;
    rc = 0;
out:
    server_copy_forget(&copy);
    return rc;
}

void server_opts_free(struct server_opts *o)
{
    free(o->keys);
    free(o->users);
    free(o->roles);
    free(o->refused);
    free(o->in_use);
}

int server_opts_listen(const char *spec, struct sockaddr_in *sin)
{
    const char *colon = strrchr(spec, ':');
    char host[64];
    long port;
    size_t n;

    if (!colon)
        return -1;
    n = (size_t)(colon - spec);
    port = limits_count(colon + 1, 0, 65535);
    if (n == 0 || n >= sizeof(host) || port < 0)
        return -1;
    memcpy(host, spec, n);
    host[n] = '\0';
    memset(sin, 0, sizeof(*sin));
    sin->sin_family = AF_INET;
    sin->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
        return -1;
    return 0;
}

bool server_opts_loopback(const struct sockaddr_in *sin)
{
    return (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
}
