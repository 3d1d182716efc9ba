/* templates — the cloud's rules for each service in the UI
 * (GetServiceLinkedRoleTemplate): asked for in the background when a
 * service is selected, from the disk cache when it is fresh
 * (app/tplcache), and kept for the run.
 *
 * One template is fetched at a time; a service selected while one is on
 * its way is fetched next (the last selected wins), so running through
 * the list does not queue a call per row.  A failure is kept in
 * t->tpl_err (t->tpl_failed) for the header. */
#ifndef LINKROLE_TUI_TEMPLATES_H
#define LINKROLE_TUI_TEMPLATES_H

#include "cloud/api.h"

struct tui;

enum tpl_state {
    TPL_UNKNOWN,        /* not asked for */
    TPL_LOADING,        /* asked for, on its way */
    TPL_KNOWN,
    TPL_FAILED          /* the call failed: the catalogue's word stands */
};

/* Asks for service's template unless it is known, failed or on its
 * way.  Does nothing before the worker runs. */
void templates_want(struct tui *t, const char *service);
/* Where service's template stands; *out (may be NULL) is it when
 * TPL_KNOWN, else NULL.  *err (may be NULL) is why when TPL_FAILED. */
/* The same, and asks again for one that failed. */
void templates_retry(struct tui *t, const char *service);
enum tpl_state templates_get(const struct tui *t, const char *service,
                             const struct api_slr_template **out,
                             const struct api_error **err);
void templates_free(struct tui *t);

#endif
