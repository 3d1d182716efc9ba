/* server — what the pieces of linkrole-sim share (the program, not
 * libsim).
 *
 * server.c is the HTTP side (libmicrohttpd, answers, faults applied to
 * requests, main); server_opts.c reads the command line and sets the
 * account up from it; server_fault.c says what a --fault SPEC means and
 * which requests it hits. */
#ifndef LINKROLE_SIM_SERVER_H
#define LINKROLE_SIM_SERVER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

#include "sim/sim.h"

#define SERVER_NAME "linkrole-sim"
#define SERVER_EXIT_USAGE 2
#define SERVER_FAULTS_MAX 32

enum fault_kind {
    FAULT_NONE,
    FAULT_LATENCY,
    FAULT_500,
    FAULT_503,
    FAULT_THROTTLE,
    FAULT_RESET_BEFORE,
    FAULT_RESET,
    FAULT_TRUNCATE,
    FAULT_NONJSON,
    FAULT_OVERSIZE,
    FAULT_REPLAY,
    /* The account processes the request, then the answer is a bad one:
     * the work is done, the client cannot know it. */
    FAULT_500_AFTER,
    FAULT_502_AFTER,
    FAULT_504_AFTER,
    FAULT_NONJSON_AFTER,
    /* A ListRoles answer hands back the Marker it was asked with. */
    FAULT_REPEAT_MARKER,
    /* 200 with JSON that has nothing but a RequestId. */
    FAULT_EMPTY,
    FAULT_ECHO,
    /* 403 Forbidden.RAM with an AccessDeniedDetail naming the action. */
    FAULT_FORBIDDEN_RAM,
    /* 400 Throttling.User with x-acs-retry-after: MS. */
    FAULT_RETRY_AFTER,
    /* An error answer with any Code (and status): code=CODE[:STATUS]. */
    FAULT_CODE,
    /* DBS's "already activated" with Success "false", as some regions
     * answer it. */
    FAULT_DBS_ALREADY_FALSE
};

/* Room for a fault's argument (echo's text is the longest). */
#define FAULT_ARG_MAX 256

struct fault {
    enum fault_kind kind;
    const char *name;
    long ms;                        /* latency, retry-after; code: the
                                     * HTTP status */
    char text[FAULT_ARG_MAX];       /* echo; code: the Code */
    unsigned long when;             /* a count or a percentage */
    /* /ACTION: only that action's requests, counted among themselves
     * ("" for every request, counted all together). */
    char action[64];
    /* #ACCOUNT: only requests acting in that account (a member of the
     * directory, or the management account), counted among themselves
     * ("" for any). */
    char account[40];
    bool percent;
    bool always;
};

/* --- server_fault.c ------------------------------------------------------- */

/* Reads KIND[=ARG][@WHEN][/ACTION][#ACCOUNT] into f.  Returns 0, or -1
 * for a bad spec. */
int server_fault_parse(const char *spec, struct fault *f);
/* Whether f hits request n (counted from 1). */
bool server_fault_applies(const struct fault *f, unsigned long n);
/* The echo fault: every string value of the JSON answer in body gets
 * " " and text appended, "{token}" in text standing for token (the
 * request's SecurityToken; "" without one).  An answer that is not JSON
 * is left alone.  Returns 0, or -1 when out of room (body unchanged). */
int server_fault_echo(struct buf *body, const char *text,
                      const char *token);

/* The repeat-marker fault: the answer's Marker becomes the one the
 * request gave.  Returns 0 (also when nothing changed) or -1. */
int server_fault_repeat_marker(struct buf *body, const char *given);
/* The dbs-already-false fault: DBS's "already activated" says Success
 * "false".  Returns 0 (also when nothing changed) or -1. */
int server_fault_dbs_false(struct buf *body);

/* The faults of a --fault-file: its specs, one a line ('#' starts a
 * comment line), into out (room for max).  Returns how many, or -1 with
 * the bad line's number in *line (out then holds nothing of use). */
int server_fault_read(const char *text, struct fault *out, size_t max,
                      size_t *line);

/* --- server_rate.c: --rate-limit ---------------------------------------- */

#define SERVER_RATES_MAX 32

/* ACTION=N: N calls a second of that action per calling account. */
struct server_rate {
    char action[64];
    long per_second;
};

struct server_rates;

/* Reads ACTION=N (N 1-1000000) into r.  Returns 0 or -1. */
int server_rate_parse(const char *spec, struct server_rate *r);
/* Token buckets for accounts 0 (the management account, or one without
 * a directory) to members.  Returns NULL when out of memory. */
struct server_rates *server_rates_new(const struct server_rate *rates,
                                      size_t count, unsigned members);
/* Takes a call of action by account: 0 when it may go, else the
 * milliseconds until it could (the answer's x-acs-retry-after). */
long server_rates_take(struct server_rates *rs, unsigned account,
                       const char *action);
void server_rates_free(struct server_rates *rs);

/* --- server_opts.c -------------------------------------------------------- */

struct server_opts {
    const char *listen;
    const char *state;
    const char *catalog;
    long clock_offset;
    unsigned long role_limit;
    const char *metadata_role;
    int imds_mode;                  /* enum sim_imds */
    bool imds_given;
    bool credentials_uri;
    long session_seconds;           /* 0: the account's default */
    const char *oidc_token_file;    /* NULL: any JWT-shaped token */
    bool verbose;
    struct fault faults[SERVER_FAULTS_MAX];
    size_t nfaults;
    const char *fault_file;         /* NULL: none */
    unsigned directory;             /* --directory N; 0: none */
    long latency_ms;                /* --latency MS */
    struct server_rate rates[SERVER_RATES_MAX];
    size_t nrates;
    /* Repeated options, kept as given until the account exists. */
    const char **keys, **users, **roles, **refused, **in_use;
    size_t nkeys, nusers, nroles, nrefused, nin_use;
};

/* Reads argv into o (which the caller has zeroed).  Returns 0, 1 when
 * --help or --version was answered, or SERVER_EXIT_USAGE after saying
 * what is wrong. */
int server_opts_parse(int argc, char **argv, struct server_opts *o);
/* Adds the keys, users, roles and settings o names to the account.
 * Returns 0 or SERVER_EXIT_USAGE. */
int server_opts_apply(struct sim_account *a, const struct server_opts *o);
void server_opts_free(struct server_opts *o);
/* "ADDRESS:PORT" (or "localhost:PORT") into sin.  Returns 0 or -1. */
int server_opts_listen(const char *spec, struct sockaddr_in *sin);
bool server_opts_loopback(const struct sockaddr_in *sin);
/* "linkrole-sim: <message>" and a pointer to --help, on stderr. */
void server_bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
