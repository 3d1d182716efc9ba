/* spinner — the elapsed time of a slow request, for a person (see cli.h).
 *
 * A thread of its own draws it, so the request (libcurl, retries and
 * their pauses) runs as it always does; the thread only sleeps, reads
 * the clock and writes one line to stderr under a lock that
 * cli_spinner_stop takes to clear that line. */
#include "config.h"

#include "cli/cli.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "app/i18n.h"
#include "core/clock.h"

#define SPINNER_AFTER_MS 1000
#define SPINNER_STEP_MS 100

static void *spinner_main(void *arg)
{
    static const char frames[] = "|/-\\";
    struct cli_spinner *sp = arg;
    unsigned frame = 0;

    for (;;) {
        long long ms;

        clock_sleep_ms(SPINNER_STEP_MS, NULL);
        pthread_mutex_lock(&sp->lock);
        if (sp->stop) {
            pthread_mutex_unlock(&sp->lock);
            break;
        }
        ms = clock_mono_ms() - sp->started_ms;
        if (ms >= SPINNER_AFTER_MS) {
            fprintf(stderr, "\r%c %s (%llds)\033[K", frames[frame++ % 4],
                    sp->label, ms / 1000);
            fflush(stderr);
            sp->shown = true;
        }
        pthread_mutex_unlock(&sp->lock);
    }
    return NULL;
}

void cli_spinner_start(struct cli_spinner *sp, const struct options *o,
                       const char *label)
{
    sp->running = false;
    sp->stop = false;
    sp->shown = false;
    sp->label = label;
    sp->started_ms = clock_mono_ms();
    /* For a person watching a terminal only: never in JSON, piped
     * output or --verbose's log lines. */
    if (o->output == OUTPUT_JSON || o->verbose || o->dry_run ||
        !isatty(STDERR_FILENO) || !isatty(STDOUT_FILENO))
        return;
    if (pthread_mutex_init(&sp->lock, NULL) != 0)
        return;
    if (pthread_create(&sp->thread, NULL, spinner_main, sp) != 0) {
        pthread_mutex_destroy(&sp->lock);
        return;
    }
    sp->running = true;
}

void cli_spinner_stop(struct cli_spinner *sp)
{
    if (!sp->running)
        return;
    pthread_mutex_lock(&sp->lock);
    sp->stop = true;
    if (sp->shown)
        fputs("\r\033[K", stderr);
    fflush(stderr);
    pthread_mutex_unlock(&sp->lock);
    pthread_join(sp->thread, NULL);
    pthread_mutex_destroy(&sp->lock);
    sp->running = false;
}
