/* pace — the pacing a rollout's clients share (one per rollout): per
 * API action a token bucket whose rate adapts.  A throttled answer makes
 * every client of that action wait out the retry-after it asked for, and
 * cuts the rate to half of what was being sent; answers without
 * throttling let it grow back a little each (AIMD, as TCP does it).
 * Thread-safe; waits are taken in short steps that watch the cancel
 * flag. */
#ifndef LINKROLE_PACE_H
#define LINKROLE_PACE_H

#include <signal.h>
#include <stdbool.h>

#include "cloud/api.h"

/* The rate an action starts at and the bounds it moves within (calls
 * per second). */
#define PACE_RATE_START 200.0
#define PACE_RATE_MIN 1.0
#define PACE_RATE_MAX 2000.0
/* Without retry-after, a throttled action pauses this long. */
#define PACE_PAUSE_MS 1000u

/* The clock, for tests: now in ms (monotonic) and a sleep that may
 * return early; NULL members: the real ones. */
struct pace_clock {
    long long (*now_ms)(void *ctx);
    void (*sleep_ms)(void *ctx, long ms);
    void *ctx;
};

struct pace;

/* NULL when out of memory.  clock may be NULL; cancel may be NULL. */
struct pace *pace_new(const struct pace_clock *clock,
                      const volatile sig_atomic_t *cancel);
void pace_free(struct pace *p);

/* Waits until action may be sent.  Returns 0, or -1 when cancel was
 * set meanwhile. */
int pace_before(struct pace *p, enum api_product product,
                const char *action);
/* Tells of an answer to action. */
void pace_after(struct pace *p, enum api_product product,
                const char *action, bool throttled, unsigned retry_after_ms);

/* The hooks for an api_client (api.h's struct api_pacer). */
struct api_pacer pace_hook(struct pace *p);

/* The current rate of action (PACE_RATE_START when never seen), and how
 * many throttled answers every action got in all: for tests and the
 * benchmark's figures. */
double pace_rate(struct pace *p, enum api_product product,
                 const char *action);
unsigned long pace_throttles(struct pace *p);

#endif
