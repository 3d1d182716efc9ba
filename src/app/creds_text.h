/* creds_text — the credential chain's problems, warnings and notes in
 * words, for both front ends.
 *
 * cloud/creds returns codes and fields; every sentence about them is
 * written here, once, through the i18n marker.  Text from outside (an STS
 * message, a transport error) is quoted as it came: the front end makes
 * what it prints safe, as it does for every other text. */
#ifndef LINKROLE_CREDS_TEXT_H
#define LINKROLE_CREDS_TEXT_H

#include "cloud/creds.h"
#include "core/buf.h"

/* Each appends one line (no "\n") to out.  Returns BUF_OK, or a buf
 * error when out is full or memory runs out (out may then hold part of
 * the line). */
int creds_problem_text(struct buf *out, const struct creds_problem *p);
int creds_warning_text(struct buf *out, const struct creds_warning *w);
int creds_note_text(struct buf *out, const struct creds_note *n);

/* A creds_options.note that words each note into an api_client's log
 * (ctx: that const struct api_client *; nothing when it has no log). */
void creds_text_log(void *ctx, const struct creds_note *n);

/* api_creds_source.get for a struct creds (ctx): its current keys, or
 * -1 with the problem worded into err (-2 when STS could not be
 * reached). */
int creds_text_get(void *ctx, struct sign_creds *out, struct buf *err);

#endif
