/* safe — every answer of a use case made safe where it is produced.
 *
 * Whatever a server sent (a role's fields, its trust policy, a deletion's
 * Status, Reason and RoleUsages, a task id, an identity, DBS's ErrorCode,
 * a RequestId, the body as received) is scrubbed once here, before any
 * front end sees it: text fields get no control byte and no secret in
 * use; the body stays JSON (its controls are escaped when written) with
 * every secret masked.  So the CLI's text, -o json and the UI all print
 * safe text without each remembering to. */
#ifndef LINKROLE_SAFE_H
#define LINKROLE_SAFE_H

#include "cloud/api.h"

/* Each makes every field of its struct that came from outside safe in
 * place.  A field that cannot be made safe (out of memory) is blanked
 * to "?" characters rather than left as it came.  NULL fields stay
 * NULL. */
void safe_string(char **s);
void safe_result(struct api_result *r);
void safe_role(struct api_role *r);
void safe_role_result(struct api_role_result *r);
void safe_deletion(struct api_deletion *d);
void safe_dbs_init(struct api_dbs_init *d);
void safe_identity(struct api_identity *id);
/* Its fixed-size texts too: scrubbed, and cut at their room again. */
void safe_slr_template(struct api_slr_template *t);

#endif
