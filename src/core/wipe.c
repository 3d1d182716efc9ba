/* wipe — see wipe.h. */
#include "config.h"

#include "core/wipe.h"

#include <stdlib.h>
#include <string.h>

void wipe_mem(void *p, size_t n)
{
    if (p && n)
        explicit_bzero(p, n);
}

void wipe_free(char *s)
{
    if (s) {
        wipe_mem(s, strlen(s));
        free(s);
    }
}
