/* suggest — "did you mean": the catalogue's service name for what a
 * person typed instead of one (a short name, a product or a role name). */
#ifndef LINKROLE_APP_SUGGEST_H
#define LINKROLE_APP_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalog.h"

/* Whether a suggestion can be wanted for given at all: not when it has the
 * shape of a service name already (lower case, digits, '.', '-', and a
 * dot), which no rule of suggest_service turns into another name.  Lets a
 * caller skip loading the catalogue in the common case. */
bool suggest_service_wanted(const char *given);
/* The entry given most likely means when it is not a service name of c:
 * the service or role name in another case ("AliyunServiceRoleForPolarDB"),
 * the service name's first label ("polardb"), or the product ("PolarDB"),
 * ignoring ASCII case.  NULL when given is a service name of c or nothing
 * matches. */
const struct catalog_entry *suggest_service(const struct catalog *c,
                                            const char *given);

/* The role name of an ARN "acs:ram::ACCOUNT:role/NAME" (copied into out,
 * size bytes), or NULL when arg is not such an ARN.  The cloud lower-cases
 * the name in ARNs; its GetRole finds a role whatever the case. */
const char *suggest_role_from_arn(const char *arg, char *out, size_t size);

/* The credential profiles' names (the aliyun CLI's config.json and the
 * credentials INI file), one a line, for completion. */
void suggest_profiles(struct buf *out);

#endif
