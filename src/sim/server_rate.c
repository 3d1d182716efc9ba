/* server_rate — linkrole-sim's --rate-limit: token buckets per calling
 * account and action, as the gateway's flow control.
 *
 * A bucket holds at most N calls and fills at N a second, so a burst of
 * N goes at once and then one every 1/N s; a call that finds it empty is
 * refused with the time until one would go (x-acs-retry-after).  Buckets
 * are made for every account up front (the management account and each
 * member) and share one short lock: nothing waits in it. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/limits.h"
#include "sim/server.h"

struct bucket {
    double tokens;
    struct timespec last;
    bool used;
};

struct server_rates {
    pthread_mutex_t lock;
    struct server_rate rates[SERVER_RATES_MAX];
    size_t count;
    unsigned accounts;              /* members + 1 */
    struct bucket *buckets;         /* [accounts * count] */
};

int server_rate_parse(const char *spec, struct server_rate *r)
{
    const char *eq = strchr(spec, '=');
    size_t n = eq ? (size_t)(eq - spec) : 0;
    long v;

    memset(r, 0, sizeof(*r));
    if (n == 0 || n >= sizeof(r->action) ||
        strspn(spec, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
            != n)
        return -1;
    v = limits_count(eq + 1, 1, 1000000);
    if (v < 0)
        return -1;
    memcpy(r->action, spec, n);
    r->action[n] = '\0';
    r->per_second = v;
    return 0;
}

struct server_rates *server_rates_new(const struct server_rate *rates,
                                      size_t count, unsigned members)
{
    struct server_rates *rs;

    if (count > SERVER_RATES_MAX)
        return NULL;
    rs = calloc(1, sizeof(*rs));
    if (!rs)
        return NULL;
    rs->count = count;
    rs->accounts = members + 1;
    memcpy(rs->rates, rates, count * sizeof(*rates));
    rs->buckets = calloc((size_t)rs->accounts * (count ? count : 1),
                         sizeof(*rs->buckets));
    if (!rs->buckets || pthread_mutex_init(&rs->lock, NULL)) {
        free(rs->buckets);
        free(rs);
        return NULL;
    }
    return rs;
}

long server_rates_take(struct server_rates *rs, unsigned account,
                       const char *action)
{
    struct timespec now;
    struct bucket *b;
    double rate, elapsed;
    long wait = 0;
    size_t i;

    if (!rs || !action || account >= rs->accounts)
        return 0;
    for (i = 0; i < rs->count; i++)
        if (strcmp(rs->rates[i].action, action) == 0)
            break;
    if (i == rs->count)
        return 0;
    rate = (double)rs->rates[i].per_second;
    clock_gettime(CLOCK_MONOTONIC, &now);
    pthread_mutex_lock(&rs->lock);
    b = &rs->buckets[(size_t)account * rs->count + i];
    if (!b->used) {
        b->used = true;
        b->tokens = rate;
    } else {
        elapsed = (double)(now.tv_sec - b->last.tv_sec) +
                  (double)(now.tv_nsec - b->last.tv_nsec) / 1e9;
        b->tokens += elapsed * rate;
        if (b->tokens > rate)
            b->tokens = rate;
    }
    b->last = now;
    if (b->tokens >= 1.0) {
        b->tokens -= 1.0;
    } else {
        /* Rounded up, and never 0: 0 would say "now". */
        wait = (long)((1.0 - b->tokens) / rate * 1000.0) + 1;
    }
    pthread_mutex_unlock(&rs->lock);
    return wait;
}

void server_rates_free(struct server_rates *rs)
{
    if (!rs)
        return;
    pthread_mutex_destroy(&rs->lock);
    free(rs->buckets);
    free(rs);
}
