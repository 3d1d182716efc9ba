/* pace — see pace.h. */
#include "config.h"

#include "app/pace.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

/* The actions a rollout calls are few; past this many, the others share
 * the last bucket (slower, never wrong). */
#define PACE_ACTIONS 24
/* What an unthrottled answer adds to the rate (calls per second). */
#define PACE_STEP 0.2
/* The longest a waiter sleeps before it looks at the clock and the
 * cancel flag again. */
#define PACE_NAP_MS 20L
/* A bucket holds at most this share of a second's calls: a short burst
 * after a quiet moment, never a second's worth at once. */
#define PACE_BURST 0.1

struct bucket {
    enum api_product product;
    char action[64];
    double rate;            /* calls per second allowed now */
    double tokens;
    long long refilled;     /* when tokens was last brought up to date */
    long long resume_at;    /* nothing is sent before (a retry-after) */
    long long cut_until;    /* throttles before this were one episode */
    long long window_start; /* the sending rate, measured by seconds */
    unsigned window_count;
    double sent_rate;       /* the last full second's */
};

struct pace {
    pthread_mutex_t lock;
    struct pace_clock clock;
    const volatile sig_atomic_t *cancel;
    struct bucket buckets[PACE_ACTIONS];
    size_t nbuckets;
    unsigned long throttles;
};

static long long real_now(void *ctx)
{
    (void)ctx;
    return clock_mono_ms();
}

static void real_sleep(void *ctx, long ms)
{
    const volatile sig_atomic_t *cancel = ctx;

    clock_sleep_ms(ms, cancel);
}

struct pace *pace_new(const struct pace_clock *clock,
                      const volatile sig_atomic_t *cancel)
{
    struct pace *p = calloc(1, sizeof(*p));

    if (!p)
        return NULL;
    if (pthread_mutex_init(&p->lock, NULL)) {
        free(p);
        return NULL;
    }
    p->cancel = cancel;
    p->clock.now_ms = real_now;
    p->clock.sleep_ms = real_sleep;
    /* The real sleep watches the cancel flag itself. */
    p->clock.ctx = (void *)(uintptr_t)cancel;
    if (clock && clock->now_ms && clock->sleep_ms)
        p->clock = *clock;
    return p;
}

void pace_free(struct pace *p)
{
    if (!p)
        return;
    pthread_mutex_destroy(&p->lock);
    free(p);
}

static double burst_of(double rate)
{
    double b = rate * PACE_BURST;

    return b < 1.0 ? 1.0 : b;
}

/* The bucket of an action, made on first use.  Called locked. */
static struct bucket *bucket_of(struct pace *p, enum api_product product,
                                const char *action, long long now)
{
    struct bucket *b;

    if (!action)
        action = "";
    for (size_t i = 0; i < p->nbuckets; i++) {
        b = &p->buckets[i];
        if (b->product == product && strcmp(b->action, action) == 0)
            return b;
    }
    if (p->nbuckets == PACE_ACTIONS)
        return &p->buckets[PACE_ACTIONS - 1];
    b = &p->buckets[p->nbuckets++];
    b->product = product;
    snprintf(b->action, sizeof(b->action), "%s", action);
    b->rate = PACE_RATE_START;
    b->tokens = burst_of(b->rate);
    b->refilled = now;
    b->window_start = now;
    return b;
}

static void refill(struct bucket *b, long long now)
{
    double cap = burst_of(b->rate);

    if (now > b->refilled) {
        b->tokens += (double)(now - b->refilled) * b->rate / 1000.0;
        b->refilled = now;
    }
    if (b->tokens > cap)
        b->tokens = cap;
}

/* Counts a call sent, for the measured rate a cut starts from. */
static void count_sent(struct bucket *b, long long now)
{
    if (now - b->window_start >= 1000) {
        b->sent_rate = (double)b->window_count * 1000.0 /
                       (double)(now - b->window_start);
        b->window_start = now;
        b->window_count = 0;
    }
    b->window_count++;
}

/* The rate calls were sent at over the last full second, or 0 before
 * one has passed (a few calls just after the start say nothing of the
 * rate the workers can reach). */
static double sent_rate(const struct bucket *b, long long now)
{
    if (now - b->window_start >= 1000)
        return (double)b->window_count * 1000.0 /
               (double)(now - b->window_start);
    return b->sent_rate;
}

static bool cancelled(const struct pace *p)
{
    return p->cancel && *p->cancel;
}

int pace_before(struct pace *p, enum api_product product,
                const char *action)
{
    for (;;) {
        long long now, wait;
        struct bucket *b;

        if (cancelled(p))
            return -1;
        pthread_mutex_lock(&p->lock);
        now = p->clock.now_ms(p->clock.ctx);
        b = bucket_of(p, product, action, now);
        refill(b, now);
        if (now < b->resume_at) {
            wait = b->resume_at - now;
        } else if (b->tokens >= 1.0) {
            b->tokens -= 1.0;
            count_sent(b, now);
            pthread_mutex_unlock(&p->lock);
            return 0;
        } else {
            wait = (long long)((1.0 - b->tokens) * 1000.0 / b->rate) + 1;
        }
        pthread_mutex_unlock(&p->lock);
        p->clock.sleep_ms(p->clock.ctx,
                          (long)(wait < PACE_NAP_MS ? wait : PACE_NAP_MS));
    }
}

void pace_after(struct pace *p, enum api_product product,
                const char *action, bool throttled, unsigned retry_after_ms)
{
    struct bucket *b;
    long long now;

    pthread_mutex_lock(&p->lock);
    now = p->clock.now_ms(p->clock.ctx);
    b = bucket_of(p, product, action, now);
    if (!throttled) {
        b->rate += PACE_STEP;
        if (b->rate > PACE_RATE_MAX)
            b->rate = PACE_RATE_MAX;
        goto out;
    }
    p->throttles++;
    {
        long long pause = retry_after_ms ? retry_after_ms : PACE_PAUSE_MS;

        if (now + pause > b->resume_at)
            b->resume_at = now + pause;
        /* The calls already in flight when the first refusal came are
         * refused too: one cut per episode, not one per answer. */
        if (now >= b->cut_until) {
            double sent = sent_rate(b, now);
            double base = sent > 0 && sent < b->rate ? sent : b->rate;

            b->rate = base / 2.0;
            if (b->rate < PACE_RATE_MIN)
                b->rate = PACE_RATE_MIN;
            b->cut_until = b->resume_at + 1000;
        }
        b->tokens = 0;
        b->refilled = b->resume_at;
    }
out:
    pthread_mutex_unlock(&p->lock);
}

static int hook_before(void *ctx, enum api_product product,
                       const char *action)
{
    return pace_before(ctx, product, action);
}

static void hook_after(void *ctx, enum api_product product,
                       const char *action, bool throttled,
                       unsigned retry_after_ms)
{
    pace_after(ctx, product, action, throttled, retry_after_ms);
}

struct api_pacer pace_hook(struct pace *p)
{
    struct api_pacer h = { hook_before, hook_after, p };

    return h;
}

double pace_rate(struct pace *p, enum api_product product,
                 const char *action)
{
    double rate = PACE_RATE_START;

    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->nbuckets; i++)
        if (p->buckets[i].product == product &&
            strcmp(p->buckets[i].action, action) == 0)
            rate = p->buckets[i].rate;
    pthread_mutex_unlock(&p->lock);
    return rate;
}

unsigned long pace_throttles(struct pace *p)
{
    unsigned long n;

    pthread_mutex_lock(&p->lock);
    n = p->throttles;
    pthread_mutex_unlock(&p->lock);
    return n;
}
