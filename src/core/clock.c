/* clock — see clock.h. */
#include "config.h"

#include "core/clock.h"

#include <errno.h>
#include <string.h>

#define CLOCK_STEP_MS 10L

/* n decimal digits at s into *out; -1 when one is not a digit. */
static int clock_digits(const char *s, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

time_t clock_parse_utc(const char *s)
{
    int year, mon, day, hour, min, sec;
    struct tm tm, back;
    const char *p;
    time_t t;

    if (!s || strnlen(s, CLOCK_UTC_LEN) < CLOCK_UTC_LEN)
        return (time_t)-1;
    if (clock_digits(s, 4, &year) || s[4] != '-' ||
        clock_digits(s + 5, 2, &mon) || s[7] != '-' ||
        clock_digits(s + 8, 2, &day) || s[10] != 'T' ||
        clock_digits(s + 11, 2, &hour) || s[13] != ':' ||
        clock_digits(s + 14, 2, &min) || s[16] != ':' ||
        clock_digits(s + 17, 2, &sec))
        return (time_t)-1;
    p = s + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return (time_t)-1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (p[0] != 'Z' || p[1] != '\0')
        return (time_t)-1;
    if (year < 1970 || mon < 1 || mon > 12 || day < 1 || day > 31 ||
        hour > 23 || min > 59 || sec > 59)
        return (time_t)-1;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec;
    t = timegm(&tm);
    /* timegm turns 31 February into 3 March: such a date is garbled. */
    if (t == (time_t)-1 || !gmtime_r(&t, &back) || back.tm_mday != day)
        return (time_t)-1;
    return t;
}

/* n decimal digits of v, zero-padded, at out. */
static void clock_put_digits(char *out, int v, int n)
{
    while (n--) {
        out[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

int clock_format_utc(time_t t, char *out)
{
    struct tm tm;
    int year;

    /* By hand: every request signs a timestamp, and strftime, which
     * consults the locale, cost as much as hashing the request. */
    if (!gmtime_r(&t, &tm))
        return -1;
    year = tm.tm_year + 1900;
    if (year < 0 || year > 9999)
        return -1;
    memcpy(out, "0000-00-00T00:00:00Z", CLOCK_UTC_LEN + 1);
    clock_put_digits(out, year, 4);
    clock_put_digits(out + 5, tm.tm_mon + 1, 2);
    clock_put_digits(out + 8, tm.tm_mday, 2);
    clock_put_digits(out + 11, tm.tm_hour, 2);
    clock_put_digits(out + 14, tm.tm_min, 2);
    clock_put_digits(out + 17, tm.tm_sec, 2);
    return 0;
}

long long clock_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int clock_sleep_ms(long ms, const volatile sig_atomic_t *cancel)
{
    while (ms > 0) {
        long step = ms < CLOCK_STEP_MS ? ms : CLOCK_STEP_MS;
        struct timespec ts = { 0, step * 1000000L };

        if (cancel && *cancel)
            return -1;
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            if (cancel && *cancel)
                return -1;
        ms -= step;
    }
    return cancel && *cancel ? -1 : 0;
}
