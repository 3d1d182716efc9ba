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
/* name as a Terraform identifier (a resource's local name): ASCII
 * letters lower-cased, digits kept, any other character an '_', "slr_"
 * before a leading digit ("slr" for NULL or "").  Appended to out;
 * 0, or -1 when out of room (out as it was). */
int equiv_tf_name(struct buf *out, const char *name);
/* The resource as equiv_terraform makes it, under the local name label
 * (an identifier, e.g. from equiv_tf_name), then an import block
 * (Terraform 1.5+) whose id is "<service_name>:<role_name>", so that
 * terraform plan adopts the existing role.  0 or -1 as above. */
int equiv_terraform_import(struct buf *out, const char *label,
                           const char *service_name, const char *suffix,
                           const char *description, const char *role_name);
/* "# text\n", good for HCL and the shell alike: control characters
 * and bytes that are not UTF-8 become '?'.  0 or -1 as above. */
int equiv_comment(struct buf *out, const char *text);
/* A provider "alicloud" configuration named alias (an identifier) in
 * region (cn-hangzhou when NULL or ""), which assumes role_arn: how
 * Terraform reaches a member account.  0 or -1 as above. */
int equiv_tf_provider(struct buf *out, const char *alias, const char *region,
                      const char *role_arn);
/* The resource under label, made with provider alicloud.<alias>, and
 * when import_role is given (the role exists) an import block through
 * the same provider whose id is "<service_name>:<import_role>".  0 or
 * -1 as above. */
int equiv_terraform_in(struct buf *out, const char *label,
                       const char *alias, const char *service_name,
                       const char *suffix, const char *description,
                       const char *import_role);
/* The DBS activation: aliyun dbs InitializeDbsServiceLinkedRole, in
 * region (cn-hangzhou when NULL or ""). */
int equiv_aliyun_cli_dbs(struct buf *out, const char *region);

#endif
