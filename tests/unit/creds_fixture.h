/* creds_fixture — the world the credential tests run in: a scripted
 * transport that records each request, a fake clock, a private HOME with
 * the fixture files of tests/fixtures/creds/ copied in, copies of what
 * the chain said (problems, warnings, notes), and a record of every text
 * a user could see, searched for the fixtures' secrets after each test.
 * Shared by tests/unit/test_creds_*.c.  Links only cloud and core. */
#ifndef LINKROLE_CREDS_FIXTURE_H
#define LINKROLE_CREDS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "cloud/creds.h"

#define MAX_STEPS 8
#define T0 ((time_t)1704164645)            /* 2024-01-02T03:04:05Z */
#define T0_PLUS_1H ((time_t)1704168245)    /* 2024-01-02T04:04:05Z */
#define MD_EXPIRES ((time_t)1704186245)    /* 2024-01-02T09:04:05Z */
#define MD "http://127.0.0.1:9"
#define STS_SIM "http://127.0.0.1:8"

/* --- a scripted transport --- */

struct step {
    int status;                 /* TRANSPORT_* */
    long http;
    const char *body;
};

struct record {
    char method[8];
    char url[2048];
    char headers[4096];         /* "name: value\n" each */
    char body[8192];            /* the request body, "" for none */
    bool plain_http_ok;
    bool direct;                /* never through a proxy */
    long connect_timeout_ms, timeout_ms;
};

struct script {
    struct step steps[MAX_STEPS];
    size_t n, used;
    struct record req[MAX_STEPS];
};

extern struct script script;
extern struct transport fake;

/* Queues the next answer. */
void push(int status, long http, const char *body);

/* --- the world --- */

extern time_t fake_now;
extern struct api_client client;
extern char seen[65536];        /* every text a user could see */
extern char logged[16384];      /* the client's log, and worded notes */
extern char warned[4096];       /* worded warnings (see warn_hook) */
extern char home[512];
extern char fixtures[1024];

/* The last problem: of resolve(), or of expect_keys()' creds_current. */
extern struct creds_problem problem;

/* What the chain said while resolving and refreshing, copied. */
#define NOTES_MAX 16
struct note_copy {
    enum creds_note_code code;
    char source[CREDS_SHOWN_MAX];
    enum creds_origin origin;
    char profile[CREDS_NAME_MAX], mode[CREDS_NAME_MAX];
    char role[256];
    enum creds_service service;
    char url[CREDS_SHOWN_MAX];
    int transport;
    long http_status;
    char detail[CREDS_SHOWN_MAX];
    char until[32];
    bool has_why;
    struct creds_problem why;
};
extern struct note_copy notes[NOTES_MAX];
extern size_t nnotes;
extern struct creds_warning warnings[4];
extern size_t nwarnings;

/* Set by a test that words what it is told (test_creds_text): called
 * with each note and warning as it comes. */
extern void (*note_hook)(const struct creds_note *n);
extern void (*warn_hook)(const struct creds_warning *w);

/* Adds a line, or every text field of a problem, to `seen`. */
void see(const char *line);
void see_problem(const struct creds_problem *p);
/* The first note with this code since the test began (NULL: none). */
const struct note_copy *find_note(enum creds_note_code code);
/* Forgets the notes so far. */
void notes_reset(void);

/* cmocka group and test fixtures: a private HOME, a clean environment,
 * the scripted transport, the clock at T0; teardown fails the test when
 * any secret of the fixtures reached `seen`. */
int group_setup(void **state);
int group_teardown(void **state);
int setup(void **state);
int teardown(void **state);

/* Removes the credential files from HOME. */
void empty_home(void);
/* Copies a fixture to HOME/dir/name with the given mode. */
void put_file(const char *fixture, const char *dir, const char *name,
              mode_t mode);
void put_config(const char *fixture);
void put_ini(const char *fixture);
/* Writes text as HOME/.alibabacloud/credentials or .aliyun/config.json. */
void write_ini(const char *text);
void write_config(const char *text, size_t len);
void write_config_s(const char *text);

/* Options as resolve() uses them: the fake client, MD, the hooks. */
void options_init(struct creds_options *o, const char *profile);
/* Resolves, leaving the problem in `problem`. */
enum creds_status resolve_opts(const struct creds_options *o,
                               struct creds **c);
enum creds_status resolve(const char *profile, struct creds **c);
/* Resolves, expecting failure with this status and code: returns the
 * problem for the test to check its fields. */
const struct creds_problem *expect_problem(const char *profile,
                                           enum creds_status want,
                                           enum creds_problem_code code);
/* Nothing found, and the first source passed over as unusable met code
 * (CREDS_E_NONE: any); `problem` becomes that reason, as a problem. */
const struct creds_problem *expect_passed_over(const char *profile,
                                              enum creds_problem_code code);
/* The problem is at this place (NULL: ""): the file, and the profile
 * or section of that origin in it, with its mode or type. */
void assert_at(const struct creds_problem *p, const char *file,
               enum creds_origin origin, const char *profile,
               const char *mode);
/* The keys creds_current gives now. */
void expect_keys(struct creds *c, const char *id, const char *secret,
                 const char *token);

/* --- canned answers --- */

extern const char sts_answer[];     /* STS.FxAssumed0001, until T0 + 1h */
extern const char sts_answer2[];    /* STS.FxAssumed0002, until T0 + 2h */
extern const char sts_answer3[];    /* STS.FxAssumed0003, until T0 + 3h */
extern const char sts_refused[];    /* EntityNotExist.Role */
extern const char md_answer[];      /* STS.FxMeta0001, until MD_EXPIRES */
extern const char uri_answer[];     /* the same, as a credentials URI */

#endif
