/* session — what a command or the UI works with: the service catalogue,
 * the API client wired to a transport and to credentials, the region and
 * --dry-run.
 *
 * The client never knows the simulator: main.c plugs the demo in with
 * session_set_demo, and --demo then opens that instead of the network
 * and the credential chain.  Nothing here prints; messages come back in
 * a buffer for the front end to show, and the log and warnings go to
 * the front end's hooks, already scrubbed of secrets. */
#ifndef LINKROLE_SESSION_H
#define LINKROLE_SESSION_H

#include <stdbool.h>

#include "app/options.h"
#include "cloud/api.h"
#include "cloud/transport.h"
#include "core/buf.h"
#include "core/catalog.h"

/* How --demo is opened: a transport to a simulated account in this
 * process and the AccessKey it accepts (the session copies the key).
 * *handle goes back to close.  Returns 0, or -1 with a reason in err. */
struct session_demo {
    int (*open)(const struct catalog *catalog, long delay_ms,
                struct transport **transport, const char **key_id,
                const char **key_secret, void **handle, struct buf *err);
    void (*close)(void *handle);
    /* Another transport to the same simulated account (a rollout's
     * workers each have one).  Returns 0, or -1 with a reason in err. */
    int (*transport)(void *handle, struct transport **t, struct buf *err);
};

/* Where the session's lines go; any may be NULL (then they are dropped).
 * log: one line per attempt, retry and answer (--verbose); warn: what the
 * user should know but that does not stop anything (a config file others
 * can read).  Lines are scrubbed before they are handed over. */
struct session_hooks {
    void (*log)(void *ctx, const char *line);
    void (*warn)(void *ctx, const char *line);
    void *ctx;
};

struct creds;

struct session {
    struct api_client client;
    struct transport *transport;
    struct catalog catalog;
    bool have_catalog;
    char creds_source[256];     /* "environment (ALIBABA_CLOUD_...)", ...:
                                 * for people, session_source() */
    char access_key_id[128];
    const char *region;         /* points at region_id, or NULL */
    char region_id[64];         /* flag, profile, environment or default;
                                 * lower-cased */
    struct buf dry_run;         /* --dry-run: what would have been sent */
    struct session_hooks hooks;
    void *demo;                 /* the demo's handle, when --demo */
    char *demo_key_id, *demo_key_secret;
    struct creds *creds;        /* the chain's answer otherwise */
};

/* session_open's answer when --dry-run stopped at the request that would
 * fetch the credentials (AssumeRole): s->dry_run holds it, msg says why
 * nothing more follows, and the command is done. */
#define SESSION_DRY_RUN_ONLY 100

/* Plugs the demo in (main.c, once, before any session opens). */
void session_set_demo(const struct session_demo *demo);

/* Finds and loads the catalogue (--catalog, LINKROLE_CATALOG, the
 * installed copy, data/services.json beside the program).  Returns 0, or
 * -1 with one line in msg. */
int session_load_catalog(const struct options *o, struct catalog *c,
                         struct buf *msg);

/* Sets s up for o: the catalogue (when need_catalog or --demo), the
 * transport, the credentials, the region.  Returns EXIT_DONE, or
 * SESSION_DRY_RUN_ONLY, or an exit code with one line in msg (then s
 * holds nothing to close).  hooks may be NULL. */
int session_open(struct session *s, const struct options *o,
                 bool need_catalog, const struct session_hooks *hooks,
                 struct buf *msg);
void session_close(struct session *s);
/* A new transport of the kind s uses (libcurl with the same timeouts, or
 * the demo's), for a thread of its own: a transport is used by one
 * thread at a time.  Returns 0, or -1 with one line in msg. */
int session_transport_new(struct session *s, struct transport **t,
                          struct buf *msg);

/* Where the credentials come from, in the language of the moment (the
 * demo's words follow a live switch). */
const char *session_source(const struct session *s);

#endif
