/* rollout_fixture — what test_rollout works with: the in-process
 * simulator with a Resource Directory of MEMBERS members, a session on
 * it, and transports that can throttle, lose answers after the work,
 * echo the session's token, shorten sessions, stop the run or lie about
 * the directory.  Include after <cmocka.h>. */
#ifndef LINKROLE_TESTS_ROLLOUT_FIXTURE_H
#define LINKROLE_TESTS_ROLLOUT_FIXTURE_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/rollout.h"
#include "app/session.h"
#include "core/catalog.h"
#include "sim/sim.h"

#define MEMBERS 30
#define KEY_ID "testowner"
#define KEY_SECRET "testownersecret"
#define POLARDB_ROLE "AliyunServiceRoleForPolarDB"
#define DBS_ROLE "AliyunServiceRoleForDBS"

enum lie { LIE_NONE, LIE_REPEAT, LIE_ENDLESS, LIE_TOTAL, LIE_CYCLE };

/* The simulated world and what the transports do to its traffic. */
struct world {
    struct catalog cat;
    struct sim_account *a;
    struct session s;
    char dir[64];
    char state[128];
    pthread_mutex_t lock;
    /* Faults, each for its first N requests. */
    int throttle_getrole;
    int lose_create;            /* done, then the connection drops */
    int fail_create_after;      /* done, then a gateway's HTML 500 */
    int cancel_after_getrole;
    int gateway_getrole;        /* a gateway's HTML 502 instead */
    int gateway_assume;
    bool short_sessions;        /* AssumeRole's Expiration: in 100 s */
    bool echo_token;            /* GetRole's refusal quotes the token */
    char token[2048];           /* the last one echoed */
    int assumes;
    enum lie lie;
    volatile sig_atomic_t cancel;
    /* What reached the simulator. */
    int creates_made;           /* CreateServiceLinkedRole answered 200 */
    int creates_refused;
    int getroles;
};

struct run {
    struct rollout *r;
    struct rollout_progress p;
};

/* Member i's account id (a static buffer per i). */
const char *member(unsigned i);
/* cmocka's: a new world in *state (a journal in a new state directory),
 * and its end. */
int setup(void **state);
int teardown(void **state);
/* A config for PolarDB's role in every account (plan or run). */
void config(struct rollout_config *c, bool plan);
/* Makes, starts and waits for a rollout of c, which is stopped by
 * w->cancel. */
void run(struct world *w, struct rollout_config *c, struct run *out);
const struct rollout_row *row_of(struct run *ru, const char *acct,
                                 struct rollout_row *row);
/* How many roles named role each member holds (the state file). */
void roles_in_state(struct world *w, const char *role,
                    int counts[MEMBERS + 1]);
bool has_polardb(unsigned i);
/* Every member holds role once, but the invited one without access. */
void check_all_hold(struct world *w, const char *role);
/* Makes PolarDB's role in member i directly (not through a rollout). */
void make_role(struct world *w, unsigned i);
/* The journal's lines holding every one of the n words. */
int journal_lines(const char *const *words, size_t n);

#endif
