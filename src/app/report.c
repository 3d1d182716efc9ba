/* report — see report.h. */
#include "config.h"

#include "app/report.h"

#include <stdarg.h>
#include <stdio.h>

void report_error(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("linkrole: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
