/* clock — the cloud's UTC timestamps, and waiting.
 *
 * Alibaba Cloud writes times as "2024-01-02T03:04:05Z" (CreateDate,
 * Expiration, the signed Timestamp): one strict parser and one writer
 * serve the client, the credential chain and the simulator.  Waiting is
 * in short steps so that a cancel flag (Esc, Ctrl-C) ends it at once. */
#ifndef LINKROLE_CLOCK_H
#define LINKROLE_CLOCK_H

#include <signal.h>
#include <time.h>

/* "yyyy-MM-ddTHH:mm:ssZ" */
#define CLOCK_UTC_LEN 20

/* Parses "yyyy-MM-ddTHH:mm:ss[.fraction]Z" (the fraction is ignored).
 * Strict: every digit where the format has one, real calendar dates only
 * (no 31 February), years from 1970.  Returns the time, or (time_t)-1. */
time_t clock_parse_utc(const char *s);

/* Writes t as "yyyy-MM-ddTHH:mm:ssZ" into out[CLOCK_UTC_LEN + 1].
 * Returns 0, or -1 when t has no such form. */
int clock_format_utc(time_t t, char *out);

/* Milliseconds of the monotonic clock, for measuring how long things
 * take (never for dates). */
long long clock_mono_ms(void);

/* Sleeps ms milliseconds, in steps of at most 10 ms while cancel (which
 * may be NULL) is watched.  Signals do not cut it short.  Returns 0, or
 * -1 as soon as *cancel is set. */
int clock_sleep_ms(long ms, const volatile sig_atomic_t *cancel);

#endif
