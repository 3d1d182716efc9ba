/* creds_fixture — the world the credential tests run in: a scripted
 * transport that records each request, a fake clock, a private HOME with
 * the fixture files of tests/fixtures/creds/ copied in, and a record of
 * every line a user could see, searched for the fixtures' secrets after
 * each test.  Shared by tests/unit/test_creds_*.c. */
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
    bool plain_http_ok;
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
extern char seen[65536];        /* every line a user could see */
extern char warned[4096];
extern char logged[16384];
extern char home[512];
extern char fixtures[1024];

void see(const char *line);

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

/* Resolves (err is initialised here; the caller frees it). */
enum creds_status resolve_opts(const struct creds_options *o,
                               struct creds **c, struct buf *err);
enum creds_status resolve(const char *profile, struct creds **c,
                          struct buf *err);
/* Resolves, expecting failure with exactly this message. */
void expect_error(const char *profile, enum creds_status want,
                  const char *message);
/* The keys creds_get gives now. */
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
