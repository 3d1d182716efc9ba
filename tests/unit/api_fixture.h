/* A scripted transport and an API client wired to it, for the tests of
 * cloud/api (test_api) and of the use cases above it (test_slr): each
 * request takes the next scripted answer, and the URL, action and
 * Authorization header of every request are kept for the test to look
 * at. */
#ifndef LINKROLE_TEST_API_FIXTURE_H
#define LINKROLE_TEST_API_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cloud/api.h"

#define SECRET "TopSecretValue-0123456789"
#define TOKEN "TokenValue/with+chars="
#define MAX_STEPS 8

/* One scripted answer: a transport status, or an HTTP answer. */
struct step {
    int status;                 /* TRANSPORT_* */
    long http;
    const char *body;
};

struct script {
    struct step steps[MAX_STEPS];
    /* Each answer's x-acs-retry-after header, or NULL (push_after). */
    const char *retry_after[MAX_STEPS];
    size_t nsteps, used;
    char urls[MAX_STEPS][2048];
    char actions[MAX_STEPS][64];
    char auth[MAX_STEPS][512];
    char accept[MAX_STEPS][64];     /* each request's Accept header */
    long timeouts[MAX_STEPS];       /* each request's timeout_ms */
    long step_ms;                   /* the fake clock moves this much
                                     * during each request */
};

/* The monotonic clock the fixture's client reads: it moves only by
 * script.step_ms per request, so time limits are tested without
 * waiting. */
extern long long fake_mono;

struct fixture {
    struct script script;
    struct transport t;
    struct api_client c;
};

/* What the client logged since fixture_new: its log lines, and its notes
 * as "KIND action host|code|request_id|detail" lines (kinds: attempt,
 * refused, ok, no-answer, retry); a retry's ends in "|wait=MS" and, when
 * the answer asked for that wait, "|asked". */
extern char log_text[16384];

/* A client at 2024-01-02T03:04:05Z, with a SecurityToken when
 * with_token; free() it. */
struct fixture *fixture_new(bool with_token);
void push(struct fixture *f, int status, long http, const char *body);
/* An HTTP answer with an x-acs-retry-after header. */
void push_after(struct fixture *f, long http, const char *body,
                const char *retry_after);

/* Answers: a fresh role (created 5 s after the fixture's "now"), a role
 * made long ago, and throttling. */
extern const char role_body[];
extern const char old_role_body[];
extern const char throttled[];

#endif
