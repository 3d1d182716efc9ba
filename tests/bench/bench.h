/* bench — the clock the benchmarks read.
 *
 * CLOCK_MONOTONIC rather than the wall clock, so an NTP step in the middle
 * of a run cannot produce a negative or inflated figure.  Header-only:
 * each benchmark is one program and needs nothing else. */
#ifndef LINKROLE_BENCH_H
#define LINKROLE_BENCH_H

#include <stdint.h>
#include <time.h>

/* Nanoseconds since an arbitrary fixed point; only differences mean
 * anything.  0 if the clock cannot be read (never on Linux). */
static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Microseconds from start (a bench_now_ns() value) to now. */
static inline double bench_us_since(uint64_t start)
{
    return (double)(bench_now_ns() - start) / 1e3;
}

#endif
