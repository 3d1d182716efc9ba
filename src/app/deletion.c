/* deletion — the words of deleting a role (see deletion.h). */
#include "config.h"

#include "app/deletion.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/i18n.h"
#include "app/slr.h"

int deletion_service(struct buf *out, const struct catalog_entry *e,
                     enum lang lang)
{
    if (!e)
        return buf_adds(out, _("a service the catalogue does not know")) ==
                       BUF_OK
                   ? 0 : -1;
    return buf_printf(out, "%s (%s)", slr_product(e, lang),
                      e->service_name) == BUF_OK ? 0 : -1;
}

int deletion_consequence(struct buf *out, const struct catalog_entry *e,
                         const char *role, enum lang lang)
{
    int rc;

    if (!e)
        return buf_printf(out, _("Without %s, the service it is linked to "
                                 "can no longer act in this account with "
                                 "the role's permissions: whatever the "
                                 "service does with them may stop "
                                 "working."), role) == BUF_OK ? 0 : -1;
    if (e->policy_name)
        /* TRANSLATORS: the role (first %s), the product (second) and its
         * service name (third), then the policy attached to the role. */
        rc = buf_printf(out, _("Without %s, %s (%s) can no longer act in "
                               "this account with the role's permissions, "
                               "those of %s: whatever it does with them "
                               "may stop working."),
                        role, slr_product(e, lang), e->service_name,
                        e->policy_name);
    else
        /* TRANSLATORS: the role (first %s), the product (second) and its
         * service name (third). */
        rc = buf_printf(out, _("Without %s, %s (%s) can no longer act in "
                               "this account with the role's permissions: "
                               "whatever it does with them may stop "
                               "working."),
                        role, slr_product(e, lang), e->service_name);
    if (rc == BUF_OK && slr_purpose(e, lang))
        rc = buf_printf(out, _(" The catalogue says it uses them for: "
                               "%s."), slr_purpose(e, lang));
    if (rc == BUF_OK)
        rc = buf_adds(out, _(" The cloud refuses the deletion while "
                             "resources still use the role, and names "
                             "them."));
    return rc == BUF_OK ? 0 : -1;
}

/* The region of a usage line ("region: resource") and its length; the
 * resource after it. */
static size_t deletion_region_len(const char *line, const char **resource)
{
    const char *sep = strstr(line, ": ");

    if (!sep) {
        *resource = line;
        return 0;
    }
    *resource = sep + 2;
    return (size_t)(sep - line);
}

/* Whether usage i names a region other than usage i - 1's. */
static bool deletion_new_region(const struct api_deletion *d, size_t i)
{
    const char *ra, *rb;
    size_t a, b;

    if (i == 0)
        return true;
    a = deletion_region_len(d->usages[i - 1], &ra);
    b = deletion_region_len(d->usages[i], &rb);
    return a != b || strncmp(d->usages[i - 1], d->usages[i], a) != 0;
}

size_t deletion_regions(const struct api_deletion *d)
{
    size_t n = 0;

    for (size_t i = 0; i < d->nusages; i++)
        n += deletion_new_region(d, i);
    return n;
}

int deletion_usages_title(struct buf *out, const struct api_deletion *d)
{
    size_t regions = deletion_regions(d);
    char res[128];

    if (!d->nusages)
        return buf_adds(out, _("The cloud named no resource that uses the "
                               "role.")) == BUF_OK ? 0 : -1;
    snprintf(res, sizeof(res),
             _n("%zu resource", "%zu resources", d->nusages), d->nusages);
    return buf_printf(out, _n("Still in use by %s in %zu region:",
                              "Still in use by %s in %zu regions:",
                              regions), res, regions) == BUF_OK ? 0 : -1;
}

int deletion_usages(struct buf *out, const struct api_deletion *d,
                    const char *indent)
{
    int rc = BUF_OK;

    for (size_t i = 0; rc == BUF_OK && i < d->nusages; i++) {
        const char *resource;
        size_t n = deletion_region_len(d->usages[i], &resource);

        if (deletion_new_region(d, i) && n)
            rc = buf_printf(out, "%s%.*s\n", indent, (int)n, d->usages[i]);
        else if (deletion_new_region(d, i))
            rc = buf_printf(out, "%s%s\n", indent, _("(no region)"));
        if (rc == BUF_OK)
            rc = buf_printf(out, "%s  %s\n", indent, resource);
    }
    return rc == BUF_OK ? 0 : -1;
}

const char *deletion_hint(void)
{
    return _("Release these resources (or end the service's use of them), "
             "then delete the role again.");
}

int deletion_report(struct buf *out, const char *role,
                    const struct api_deletion *d)
{
    int rc;

    rc = buf_adds(out, _("Not deleted: "));
    if (rc == BUF_OK && deletion_ended(out, role, d->status))
        rc = BUF_NOMEM;
    if (rc == BUF_OK)
        rc = buf_addc(out, '\n');
    if (rc == BUF_OK && d->reason)
        rc = buf_printf(out, _("Reason: %s\n"), d->reason);
    if (rc == BUF_OK && d->task_id)
        rc = buf_printf(out, _("Task: %s\n"), d->task_id);
    if (rc == BUF_OK && deletion_usages_title(out, d) == 0)
        rc = buf_addc(out, '\n');
    else
        rc = BUF_NOMEM;
    if (rc == BUF_OK && deletion_usages(out, d, "  "))
        rc = BUF_NOMEM;
    if (rc == BUF_OK && d->nusages)
        rc = buf_printf(out, "%s\n", deletion_hint());
    return rc == BUF_OK ? 0 : -1;
}

int deletion_follow(struct buf *out, const char *role)
{
    return buf_printf(out, _("Follow it with the console, or run 'linkrole "
                             "delete %s' again to wait for it."), role) ==
                   BUF_OK
               ? 0 : -1;
}

int deletion_progress(struct buf *out, const char *role, const char *status)
{
    return buf_printf(out, _("Deleting %s: %s"), role,
                      status ? status : "-") == BUF_OK ? 0 : -1;
}

int deletion_ended(struct buf *out, const char *role, const char *status)
{
    return buf_printf(out, _("the deletion of %s ended %s"), role,
                      status ? status : "-") == BUF_OK ? 0 : -1;
}

int deletion_done(struct buf *out, const char *role)
{
    return buf_printf(out, _("Deleted %s"), role) == BUF_OK ? 0 : -1;
}
