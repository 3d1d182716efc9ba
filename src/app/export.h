/* export — the account's service-linked roles as code.
 *
 * `linkrole export` and the `--print` of create, get and dbs-init: roles
 * as Terraform (alicloud_resource_manager_service_linked_role resources,
 * with import blocks for roles that exist), as aliyun CLI commands, or
 * as JSON.  The service and the custom suffix are worked out from each
 * role's name with the catalogue; a role it does not know is written as
 * a comment saying why.  The text itself is core/equiv's. */
#ifndef LINKROLE_EXPORT_H
#define LINKROLE_EXPORT_H

#include <stddef.h>

#include "app/options.h"
#include "cloud/api.h"
#include "core/buf.h"
#include "core/catalog.h"

/* Which roles an export takes: every service-linked one, or only those
 * of service (when not NULL), or only those named (nnames > 0; ASCII
 * case ignored, as RAM does). */
struct export_filter {
    const char *service;
    const char *const *names;
    size_t nnames;
};

struct export_result {
    size_t exported;            /* roles written as code */
    size_t unknown;             /* written as a comment: not catalogued */
    /* Names asked for that the account does not hold (pointers into the
     * filter's names); missing_count of them. */
    const char *missing[OPTIONS_ARGS_MAX];
    size_t missing_count;
};

/* The roles (as app/slr lists or gets them: made safe) that filter
 * takes, appended to out in format (EXPORT_TERRAFORM when
 * EXPORT_DEFAULT).  region is the DBS activation's (aliyun format).
 * Returns 0, or -1 when out of memory (out as it was). */
int export_roles(struct buf *out, const struct catalog *c,
                 const struct api_role *roles, size_t count,
                 const struct export_filter *filter,
                 enum export_format format, const char *region,
                 struct export_result *res);

/* What create would send (nothing is): the resource, or the aliyun
 * command; json is not a format here.  role_name may be NULL.  Returns
 * 0, or -1 when out of memory. */
int export_create(struct buf *out, enum export_format format,
                  const char *service, const char *suffix,
                  const char *description);
struct rollout;

/* What export --rollout wrote. */
struct export_rollout_result {
    size_t providers;           /* member accounts with a provider */
    size_t resources;           /* roles: one per such account */
    size_t imports;             /* of which exist already */
    size_t left_out;            /* accounts written as a comment */
};

/* A rollout plan (every row ended: EXISTS, WOULD_CREATE, or why not) as
 * Terraform: per member account that can be entered, a provider
 * "alicloud" with alias m_<account id>, region and an assume_role block
 * of its ResourceDirectoryAccountAccessRole, the role's resource in it,
 * and an import block where the role exists; every other account a
 * comment saying why, with the fix.  Returns 0, or -1 when out of
 * memory (out as it was). */
int export_rollout(struct buf *out, struct rollout *plan,
                   const char *service, const char *suffix,
                   const char *description, const char *region,
                   struct export_rollout_result *res);

/* What dbs-init would send (nothing is), in region. */
int export_dbs_init(struct buf *out, enum export_format format,
                    const char *region);

#endif
