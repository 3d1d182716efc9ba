/* identity — who a set of credentials is, in a few words for people:
 * "user alice", "role Admin, session ci-42", "root", from what
 * GetCallerIdentity answered (already made safe by app/safe). */
#ifndef LINKROLE_IDENTITY_H
#define LINKROLE_IDENTITY_H

#include "cloud/api.h"
#include "core/buf.h"

/* Names longer than this many bytes are cut, with "...". */
#define IDENTITY_NAME_MAX 64

/* Appends the words for id: read from its Arn (user/NAME,
 * assumed-role/ROLE/SESSION, root), else its IdentityType, else "?".
 * Returns a buf status. */
int identity_words(struct buf *out, const struct api_identity *id);

#endif
