/* report — see report.h. */
#include "config.h"

#include "app/report.h"

#include <stdarg.h>
#include <stdio.h>

#include "app/i18n.h"
#include "app/scrub.h"
#include "core/buf.h"

#define REPORT_MAX (1u << 20)

void report_error(const char *fmt, ...)
{
    struct buf line, safe;
    va_list ap;
    int rc;

    buf_init(&line, REPORT_MAX);
    buf_init(&safe, REPORT_MAX);
    va_start(ap, fmt);
    rc = buf_vprintf(&line, fmt, ap);
    va_end(ap);
    /* Whatever the message quotes (an argument as typed, a field of an
     * answer, a file's name) is made safe here, once for every message:
     * no control byte but the line break, no secret in use. */
    if (rc == BUF_OK)
        rc = scrub_text(&safe, buf_str(&line)) ? BUF_NOMEM : BUF_OK;
    fflush(stdout);
    fprintf(stderr, "linkrole: %s\n",
            rc == BUF_OK ? buf_str(&safe)
                         : _("(a message too long to show)"));
    buf_wipe(&line);
    buf_wipe(&safe);
}
