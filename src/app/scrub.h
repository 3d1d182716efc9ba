/* scrub — what linkrole prints holds no secret and no control byte.
 *
 * A server may echo what it was sent (a SecurityToken in an error
 * message, a V1 string-to-sign with the token in it), so every text that
 * reaches a terminal, a file or a log passes here: controls become
 * U+FFFD and the secrets in use now become "*".  The list of secrets is
 * process-wide (the UI's worker prints while the main thread refreshes
 * credentials) and holds copies under a lock. */
#ifndef LINKROLE_SCRUB_H
#define LINKROLE_SCRUB_H

#include <stddef.h>

#include "cloud/api.h"
#include "core/buf.h"

/* The secrets in use from now on (either may be NULL); replaces the
 * previous ones, which are wiped. */
void scrub_remember(const char *secret, const char *token);
/* Also masks secret from now on (NULL and short ones are ignored): a
 * secret the credential chain read or received, which may sign a
 * request of its own (AssumeRole) before any of the caller's.  Kept
 * beside those of scrub_remember, the most recent SCRUB_ALSO_MAX. */
#define SCRUB_ALSO_MAX 16
void scrub_also(const char *secret);
/* Wipes and forgets every remembered secret, of both lists. */
void scrub_forget(void);

/* Appends s (NULL counts as "") made safe: line breaks kept, every other
 * control replaced, secrets masked, and the SecurityToken value of an
 * echoed V1 query replaced by <redacted>.  Returns 0 or -1 (no room). */
int scrub_text(struct buf *out, const char *s);

/* Appends s (NULL counts as "") with the secrets masked and the echoed
 * token cut as above, and nothing else changed: for text whose controls
 * are escaped later (JSON).  Returns 0 or -1. */
int scrub_secrets(struct buf *out, const char *s);

/* Appends body, an answer as received, with every secret masked: a JSON
 * body is parsed and written again (one line, keys in order, controls
 * escaped as \u001b), its strings and keys masked after their escapes
 * are undone; anything else is scrub_text'ed.  Returns 0 or -1. */
int scrub_json(struct buf *out, const char *body);

/* Makes every field of e that came from outside (Code, Message,
 * RequestId, Recommend, AccessDeniedDetail, the detail) safe in place, so either front end
 * may print any of them. */
void scrub_error(struct api_error *e);

/* "LTAI****abcd": enough to recognise a key, too little to use it. */
void scrub_mask_key(char *out, size_t size, const char *key_id);

#endif
