/* creds — finding credentials the way Alibaba Cloud's own tools do.
 *
 * The chain, first match wins: an explicitly chosen profile (--profile or
 * ALIBABA_CLOUD_PROFILE) from the aliyun CLI's config.json or the SDKs'
 * INI file; the ALIBABA_CLOUD_ACCESS_KEY_* environment; the CLI's current
 * profile; the INI file's [default]; ALIBABA_CLOUD_ECS_METADATA (the ECS
 * metadata service) and ALIBABA_CLOUD_CREDENTIALS_URI.  Profiles may
 * assume a role through STS (RamRoleArn, ChainableRamRoleArn) or fetch
 * credentials over HTTP (EcsRamRole, CredentialsURI); such credentials
 * are refreshed before they expire.  The source is always known, for
 * whoami and the UI's header.  Secrets are wiped when no longer needed
 * and never appear in a message. */
#ifndef LINKROLE_CREDS_H
#define LINKROLE_CREDS_H

#include <stdbool.h>
#include <time.h>

#include "cloud/api.h"
#include "cloud/sign.h"
#include "cloud/transport.h"
#include "core/buf.h"

/* Refresh expiring credentials when this little time is left. */
#define CREDS_REFRESH_BEFORE_S 180
#define CREDS_METADATA_ENDPOINT "http://100.100.100.200"

struct creds_options {
    const char *profile;            /* --profile; NULL: the environment's */
    /* How requests for STS, the metadata service and credentials URIs
     * are sent: the client's transport, endpoints (for sts), signature,
     * timeouts, log and clock (api_client fields; its creds are unused;
     * under dry_run, the first credential request is recorded there
     * instead of sent, and resolving fails).
     * It must outlive the struct creds, which uses it to refresh.  NULL:
     * only credentials that need no fetching can be resolved. */
    const struct api_client *client;
    /* Base URL of the ECS metadata service; NULL: $LINKROLE_METADATA_ENDPOINT,
     * else CREDS_METADATA_ENDPOINT. */
    const char *metadata_endpoint;
    /* Told about config files others may read (one line each). */
    void (*warn)(void *ctx, const char *line);
    void *warn_ctx;
};

enum creds_status {
    CREDS_OK = 0,
    CREDS_NONE = 1,     /* nothing anywhere in the chain */
    CREDS_ERROR = -1    /* a source is broken: err names file/profile/field */
};

struct creds;

/* Walks the chain.  On CREDS_OK *out is ready (credentials that need
 * fetching are fetched now, so a broken role or metadata service is
 * reported here); otherwise err holds one line. */
enum creds_status creds_resolve(const struct creds_options *o,
                                struct creds **out, struct buf *err);

/* Where they came from, e.g. `profile "ops" (RamRoleArn) in
 * ~/.aliyun/config.json`, `section [default] (access_key) in
 * ~/.alibabacloud/credentials`, `environment (ALIBABA_CLOUD_ACCESS_KEY_ID)`,
 * `ECS metadata service (role NAME)` or `credentials URI (URL)` (user
 * info and query shown as "...").  Never a secret. */
const char *creds_source(const struct creds *c);
/* The profile's region_id, or NULL. */
const char *creds_region(const struct creds *c);
/* The AccessKeyId in use (not secret; whoami masks it). */
const char *creds_access_key_id(const struct creds *c);

/* Current credentials, refreshed first when they expire within
 * CREDS_REFRESH_BEFORE_S; the pointers stay valid until the next call.
 * A failed refresh of still-valid credentials keeps them (the client's
 * log says why) and is tried again 30 s later; once they have expired,
 * it is an error.  The signature of api_creds_source.get. */
int creds_get(void *c, struct sign_creds *out, struct buf *err);

/* Wipes every secret and frees. */
void creds_free(struct creds *c);

/* The region, by precedence: flag, the credentials' profile,
 * ALIBABA_CLOUD_REGION_ID, then cn-hangzhou. */
const char *creds_pick_region(const char *flag, const struct creds *c);

#endif
