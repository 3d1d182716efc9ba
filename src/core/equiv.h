/* equiv — the same role, the way other tools would make it.
 *
 * The result pane shows what a user would write for Terraform
 * (alicloud_resource_manager_service_linked_role) and for the aliyun CLI
 * to get the same role, so a hand-made role can be put under management
 * or scripted.  Pure text generation; values are quoted for their
 * language. */
#ifndef LINKROLE_EQUIV_H
#define LINKROLE_EQUIV_H

#include "core/buf.h"

/* suffix and description may be NULL (or "": not given either).
 * role_name (the role's actual name) is used for the import line, which
 * is left out when it is NULL or "".  Each returns 0, or -1 when out of
 * room, with out then left as it was.  Every line ends in '\n'. */
int equiv_terraform(struct buf *out, const char *service_name,
                    const char *suffix, const char *description,
                    const char *role_name);
int equiv_aliyun_cli(struct buf *out, const char *service_name,
                     const char *suffix, const char *description);
/* The DBS activation: aliyun dbs InitializeDbsServiceLinkedRole, in
 * region (cn-hangzhou when NULL or ""). */
int equiv_aliyun_cli_dbs(struct buf *out, const char *region);

#endif
