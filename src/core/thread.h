/* thread — a thread that takes no signal.
 *
 * A helper thread (libcurl's loading, a sort) must never be the one a
 * process-directed signal is delivered to: the main thread's handlers
 * and its poll() are what the signals are for.  The new thread starts
 * with every signal blocked; the caller's mask is left as it was. */
#ifndef LINKROLE_THREAD_H
#define LINKROLE_THREAD_H

#include <pthread.h>
#include <stdbool.h>

/* pthread_create with every signal blocked in the new thread, detached
 * when asked (then *t may be NULL).  Returns 0 or an errno value. */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg,
                 bool detached);

#endif
