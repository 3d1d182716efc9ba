/* thread — see thread.h. */
#include "config.h"

#include "core/thread.h"

#include <signal.h>

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg,
                 bool detached)
{
    sigset_t all, old;
    pthread_attr_t attr;
    pthread_t spare;
    int e;

    sigfillset(&all);
    e = pthread_attr_init(&attr);
    if (e)
        return e;
    if (detached)
        e = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* The new thread inherits the mask in force when it is made. */
    if (!e)
        e = pthread_sigmask(SIG_SETMASK, &all, &old);
    if (!e) {
        e = pthread_create(t ? t : &spare, &attr, fn, arg);
        (void)pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    (void)pthread_attr_destroy(&attr);
    return e;
}
