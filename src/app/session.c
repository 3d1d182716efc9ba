/* session — see session.h. */
#include "config.h"

#include "app/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "app/creds_text.h"
#include "app/exit.h"
#include "app/explain.h"
#include "app/i18n.h"
#include "app/journal.h"
#include "app/scrub.h"
#include "cloud/creds.h"
#include "cloud/http.h"
#include "core/file.h"
#include "core/names.h"
#include "core/wipe.h"

static const struct session_demo *session_demo_plug;

void session_set_demo(const struct session_demo *demo)
{
    session_demo_plug = demo;
}

int session_load_catalog(const struct options *o, struct catalog *c,
                         struct buf *msg)
{
    struct buf path;
    enum file_status st;
    char *text = NULL;
    size_t len = 0;
    int errnum = 0, rc = -1;

    buf_init(&path, 8192);
    if (catalog_locate(o->catalog_path, &path)) {
        buf_printf(msg, _("no service catalogue found (looked for %s); "
                          "name one with --catalog FILE or "
                          "LINKROLE_CATALOG"), buf_str(&path));
        goto out;
    }
    /* Read here rather than by catalog_load, so that the failure is
     * worded in the reader's language. */
    st = file_read(buf_str(&path), CATALOG_FILE_MAX, &text, &len, NULL,
                   &errnum);
    if (st != FILE_READ_OK)
        explain_file_read(msg, buf_str(&path), st, errnum, CATALOG_FILE_MAX);
    else if (catalog_parse(c, text, len, buf_str(&path), msg) == 0)
        rc = 0;
out:
    free(text);
    buf_free(&path);
    return rc;
}

/* A line for the front end's hook, scrubbed first. */
static void session_pass(void (*hook)(void *, const char *), void *ctx,
                         const char *line)
{
    struct buf safe;

    if (!hook)
        return;
    buf_init(&safe, 1u << 16);
    if (scrub_text(&safe, line) == 0)
        hook(ctx, buf_str(&safe));
    buf_wipe(&safe);
}

static void session_log(void *ctx, const char *line)
{
    struct session *s = ctx;

    session_pass(s->hooks.log, s->hooks.ctx, line);
}

static void session_warn(void *ctx, const struct creds_warning *w)
{
    struct session *s = ctx;
    struct buf line;

    buf_init(&line, 4096);
    if (creds_warning_text(&line, w) == BUF_OK)
        session_pass(s->hooks.warn, s->hooks.ctx, buf_str(&line));
    buf_free(&line);
}

/* Every secret the chain reads or receives is masked from then on, so a
 * refusal of its own AssumeRole that echoes the token it was signed with
 * is printed masked too. */
static void session_secret(void *ctx, const char *secret)
{
    (void)ctx;
    scrub_also(secret);
}

/* Secrets rotate when assumed-role or metadata credentials are refreshed,
 * so the list of what to scrub from output follows each fetch. */
static int session_creds_get(void *ctx, struct sign_creds *out,
                             struct buf *err)
{
    int rc = creds_text_get(ctx, out, err);

    if (rc)
        return rc;
    scrub_remember(out->access_key_secret, out->security_token);
    return 0;
}

static int session_demo_creds_get(void *ctx, struct sign_creds *out,
                                  struct buf *err)
{
    const struct session *s = ctx;

    (void)err;
    out->access_key_id = s->demo_key_id;
    out->access_key_secret = s->demo_key_secret;
    out->security_token = NULL;
    return 0;
}

/* Core files would hold the secrets this process is about to read. */
static void session_no_core_dumps(void)
{
    struct rlimit none = { 0, 0 };

    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static int session_open_demo(struct session *s, const struct options *o,
                             struct buf *msg)
{
    const char *id = NULL, *secret = NULL;
    struct buf why;
    int rc = EXIT_INTERNAL;

    buf_init(&why, 4096);
    if (!session_demo_plug) {
        buf_printf(msg, _("the demo is not available in this build"));
        goto out;
    }
    if (session_demo_plug->open(&s->catalog, o->demo_delay_ms,
                                &s->transport, &id, &secret, &s->demo,
                                &why)) {
        buf_printf(msg, _("cannot set up the demo account: %s"),
                   buf_len(&why) ? buf_str(&why) : _("out of memory"));
        goto out;
    }
    s->demo_key_id = strdup(id);
    s->demo_key_secret = strdup(secret);
    if (!s->demo_key_id || !s->demo_key_secret) {
        buf_printf(msg, _("out of memory"));
        goto out;
    }
    s->client.transport = s->transport;
    s->client.creds.get = session_demo_creds_get;
    s->client.creds.ctx = s;
    /* Kept in English (what -o json prints); session_source() words it
     * in the language of the moment. */
    snprintf(s->creds_source, sizeof(s->creds_source), "%s",
             N_("the demo account (--demo; nothing leaves this computer)"));
    snprintf(s->access_key_id, sizeof(s->access_key_id), "%s", id);
    rc = EXIT_DONE;
out:
    buf_free(&why);
    return rc;
}

const char *session_source(const struct session *s)
{
    return s->demo ? _(s->creds_source) : s->creds_source;
}

static int session_open_cloud(struct session *s, const struct options *o,
                              struct buf *msg)
{
    struct creds_options co;
    struct creds_problem problem;
    enum creds_status st;
    struct buf err, safe;
    int rc = EXIT_CREDENTIALS;

    s->transport = http_transport_new(0, o->timeout_ms);
    if (!s->transport) {
        buf_printf(msg, _("out of memory"));
        return EXIT_INTERNAL;
    }
    s->client.transport = s->transport;
    memset(&co, 0, sizeof(co));
    co.profile = o->profile;
    co.client = &s->client;
    co.warn = session_warn;
    co.warn_ctx = s;
    co.note = creds_text_log;
    co.note_ctx = &s->client;
    co.secret = session_secret;
    co.secret_ctx = NULL;
    buf_init(&err, 4096);
    st = creds_resolve(&co, &s->creds, &problem);
    if (st != CREDS_OK) {
        if (buf_len(&s->dry_run)) {
            /* --dry-run stopped at the request that fetches the
             * credentials (AssumeRole): that is what would go first. */
            buf_printf(msg, _("(dry run: the credentials come from the "
                              "request above, so nothing after it can be "
                              "signed)"));
            rc = SESSION_DRY_RUN_ONLY;
            goto out;
        }
        /* STS out of reach is the network's fault, not the keys'. */
        if (problem.unreachable)
            rc = EXIT_NETWORK;
        creds_problem_text(&err, &problem);
        /* The message may quote a server (AssumeRole refused: ...). */
        buf_init(&safe, 1u << 16);
        if (scrub_text(&safe, buf_str(&err)) == 0) {
            if (st == CREDS_NONE)
                /* TRANSLATORS: %s says where linkrole looked and why each
                 * place gave nothing. */
                buf_printf(msg, _("no credentials: %s; or try --demo"),
                           buf_str(&safe));
            else
                buf_adds(msg, buf_str(&safe));
        }
        buf_wipe(&safe);
        goto out;
    }
    s->client.creds.get = session_creds_get;
    s->client.creds.ctx = s->creds;
    /* The profile in use (or the environment) may ask for VPC hosts. */
    s->client.vpc = creds_vpc(s->creds);
    snprintf(s->creds_source, sizeof(s->creds_source), "%s",
             creds_source(s->creds));
    snprintf(s->access_key_id, sizeof(s->access_key_id), "%s",
             creds_access_key_id(s->creds));
    rc = EXIT_DONE;
out:
    buf_wipe(&err);
    return rc;
}

/* The region by precedence, lower-cased, into s->region_id. */
static int session_region(struct session *s, const struct options *o,
                          struct buf *msg)
{
    const char *picked = o->demo ? (o->region ? o->region
                                              : API_DEFAULT_REGION)
                                 : creds_pick_region(o->region, s->creds);

    if (names_region_lower(s->region_id, sizeof(s->region_id), picked)) {
        struct buf safe;

        buf_init(&safe, 1u << 16);
        if (scrub_text(&safe, picked) == 0)
            buf_printf(msg, _("not a region id (such as cn-hangzhou): %s"),
                       buf_str(&safe));
        buf_free(&safe);
        return EXIT_USAGE;
    }
    s->region = s->region_id;
    s->client.region = s->region;
    return EXIT_DONE;
}

/* The journal of this session's changes (app/journal.h). */
static int session_journal(struct session *s, const struct options *o,
                           struct buf *msg)
{
    char masked[64], identity[512];
    struct journal_setup j;

    if (o->demo) {
        snprintf(identity, sizeof(identity), "demo");
    } else {
        scrub_mask_key(masked, sizeof(masked), s->access_key_id);
        snprintf(identity, sizeof(identity), "%s %s", masked,
                 s->creds_source);
    }
    memset(&j, 0, sizeof(j));
    j.demo = o->demo;
    j.required = o->journal_required;
    j.region = s->region;
    j.identity = identity;
    j.warn = s->hooks.warn;
    j.warn_ctx = s->hooks.ctx;
    return journal_begin(&j, msg);
}

int session_open(struct session *s, const struct options *o,
                 bool need_catalog, const struct session_hooks *hooks,
                 struct buf *msg)
{
    int rc = EXIT_INTERNAL;

    memset(s, 0, sizeof(*s));
    session_no_core_dumps();
    if (hooks)
        s->hooks = *hooks;
    buf_init(&s->dry_run, 1u << 20);
    api_client_init(&s->client);
    /* A command that opens a session for the cloud sends: libcurl loads
     * on another thread while the catalogue, the credentials and the
     * journal are seen to here. */
    if (!o->demo && !o->dry_run)
        http_preload();
    if (need_catalog || o->demo) {
        if (session_load_catalog(o, &s->catalog, msg)) {
            rc = EXIT_USAGE;
            goto out;
        }
        s->have_catalog = true;
    }
    for (int p = 0; p < API_PRODUCT_COUNT; p++)
        s->client.endpoint[p] = o->endpoint[p];
    s->client.signature = o->signature ? o->signature : 3;
    s->client.timeout_ms = o->timeout_ms;
    if (o->timeout_ms && o->timeout_ms < HTTP_CONNECT_TIMEOUT_MS)
        s->client.connect_timeout_ms = o->timeout_ms;
    if (o->dry_run)
        s->client.dry_run = &s->dry_run;
    if (s->hooks.log) {
        s->client.log = session_log;
        s->client.log_ctx = s;
        s->client.note = explain_note_log;
        s->client.note_ctx = &s->client;
    }
    rc = o->demo ? session_open_demo(s, o, msg)
                 : session_open_cloud(s, o, msg);
    if (rc != EXIT_DONE)
        goto out;
    rc = session_region(s, o, msg);
    if (rc == EXIT_DONE && !o->dry_run && session_journal(s, o, msg))
        rc = EXIT_JOURNAL;
out:
    if (rc != EXIT_DONE && rc != SESSION_DRY_RUN_ONLY)
        session_close(s);
    return rc;
}

void session_close(struct session *s)
{
    journal_end();
    creds_free(s->creds);
    s->creds = NULL;
    transport_destroy(s->transport);
    s->transport = NULL;
    if (s->demo && session_demo_plug)
        session_demo_plug->close(s->demo);
    s->demo = NULL;
    free(s->demo_key_id);
    wipe_free(s->demo_key_secret);
    s->demo_key_id = s->demo_key_secret = NULL;
    scrub_forget();
    if (s->have_catalog)
        catalog_free(&s->catalog);
    s->have_catalog = false;
    buf_free(&s->dry_run);
}

int session_transport_new(struct session *s, struct transport **t,
                          struct buf *msg)
{
    struct buf why;
    int rc = -1;

    *t = NULL;
    if (s->demo) {
        if (!session_demo_plug || !session_demo_plug->transport) {
            buf_printf(msg, _("the demo cannot open another connection "
                              "in this build"));
            return -1;
        }
        buf_init(&why, 4096);
        if (session_demo_plug->transport(s->demo, t, &why) == 0 && *t)
            rc = 0;
        else
            buf_printf(msg, _("cannot open another connection to the "
                              "demo account: %s"), buf_str(&why));
        buf_free(&why);
        return rc;
    }
    /* The session's own transport was made with --timeout alone; the
     * client keeps it, and the connect bound derived from it. */
    *t = http_transport_new(0, s->client.timeout_ms);
    if (!*t) {
        buf_printf(msg, _("out of memory"));
        return -1;
    }
    return 0;
}
