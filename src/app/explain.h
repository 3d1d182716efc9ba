/* explain — a failed call, worded for people.
 *
 * cloud/ reports a failure as a kind, a reason code and fields (or the
 * cloud's own Code and Message); this turns it into the one line, the
 * hint, the minimal RAM policy and the exit code that both front ends
 * show.  Everything that came from outside is scrubbed first. */
#ifndef LINKROLE_EXPLAIN_H
#define LINKROLE_EXPLAIN_H

#include "cloud/api.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/url.h"

struct explanation {
    struct api_error e;     /* the failure, every field scrubbed */
    int exit_code;
    /* The Code for -o json: the cloud's, or Linkrole.Network, ... */
    const char *json_code;
    struct buf line;        /* "GetRole refused: EntityNotExist.Role (HTTP
                             * 404): ..." or "... failed: ..." */
    struct buf message;     /* the cloud's Message, or what happened */
    struct buf hint;        /* what to do; may be empty */
    struct buf policy;      /* a RAM policy that allows it; may be empty */
    /* The answer's AccessDeniedDetail on one line ("AuthAction=...,
     * NoPermissionType=..."); may be empty. */
    struct buf denied;
    /* e.recommend is kept only when it is a link that is safe to show
     * and follow: https://, printable ASCII, no space; else "". */
};

void explain_init(struct explanation *x);
void explain_free(struct explanation *x);

/* Fills x for e, a failed call about service and role (either may be
 * NULL).  Returns x->exit_code. */
int explain_error(struct explanation *x, const struct api_error *e,
                  const char *service, const char *role);

/* What happened, when the cloud did not speak (e->kind is not
 * API_ERR_CLOUD), scrubbed.  Returns 0 or -1 (no room). */
int explain_detail(struct buf *out, const struct api_error *e);

/* The verb of a failed call, as the CLI's line and the UI's title use
 * it: "refused" when the cloud refused the request (permission, input,
 * credentials), "failed" for its own trouble (a 5xx answer, a rate
 * limit: a later try may pass) and for every failure it did not
 * answer. */
const char *explain_verb(const struct api_error *e);

/* Appends " (after N attempts)" when the call was tried more than once
 * (nothing otherwise).  Returns a buf status. */
int explain_attempts(struct buf *out, const struct api_error *e);

/* A few words for a failed background call, from its class, for a
 * header: "wrong key (SignatureDoesNotMatch)", "throttled
 * (Throttling.User)", "no ram:ListRoles permission", "offline", ...
 * Scrubbed.  Returns a buf status. */
int explain_brief(struct buf *out, const struct api_error *e);

/* A word or two after the action's name in a title: "refused",
 * "cancelled", "failed: the outcome is not known", ... */
const char *explain_title(const struct api_error *e);

/* What a transport's failure means (status is a transport_status), with
 * host (may be NULL) and the transport's own line (may be NULL or "").
 * Not scrubbed.  Returns a buf status. */
int explain_transport(struct buf *out, int status, const char *host,
                      const char *detail);

/* One line for --verbose, for what an API call is doing.  Returns a buf
 * status. */
int explain_note(struct buf *out, const struct api_note *n);
/* The api_client's note hook: words n and hands the line to the
 * client's log (ctx is the struct api_client). */
void explain_note_log(void *ctx, const struct api_note *n);

/* Why a URL was refused. */
const char *explain_url(enum url_problem p);

/* Why file_read or file_read_nofollow gave st (not FILE_READ_OK: errnum
 * as it set it) for path, read with max bytes at most: one line into
 * err. */
void explain_file_read(struct buf *err, const char *path,
                       enum file_status st, int errnum, size_t max);

#endif
