/* What the commands that talk to the cloud share: wiring the client to a
 * transport and credentials, and reporting failures. */
#include "config.h"

#include "cli/cli.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "app/creds_text.h"
#include "cloud/creds.h"
#include "cloud/errors.h"
#include "cloud/http.h"
#include "core/json.h"
#include "core/names.h"
#include "core/text.h"
#include "core/wipe.h"
#include "sim/sim.h"

#define REDACT_MAX 8

/* Secrets in use: any text printed is scrubbed of them, whatever path it
 * took (a server may echo what it was sent).  The list holds copies, so
 * refreshed credentials can be freed while another thread (the UI's
 * worker) prints; the lock covers only list changes and scans. */
static char *redact_list[REDACT_MAX];
static size_t redact_count;
static pthread_mutex_t redact_lock = PTHREAD_MUTEX_INITIALIZER;

/* Called with redact_lock held. */
static void redact_register(const char *secret)
{
    if (secret && strlen(secret) >= 4 && redact_count < REDACT_MAX) {
        char *copy = strdup(secret);

        if (copy)
            redact_list[redact_count++] = copy;
    }
}

/* Called with redact_lock held. */
static void redact_forget(void)
{
    while (redact_count > 0) {
        char *s = redact_list[--redact_count];

        wipe_free(s);
    }
}

/* Appends s made safe to print: no control bytes, no secret, and no
 * SecurityToken value in an echoed V1 string-to-sign. */
static int safe_text(struct buf *out, const char *s)
{
    struct buf tmp;
    const char *p;
    int rc = -1;

    buf_init(&tmp, 1u << 20);
    if (text_fill(&tmp, s, text_cols(s), false, false) != BUF_OK)
        goto out;
    pthread_mutex_lock(&redact_lock);
    for (size_t i = 0; i < redact_count; i++) {
        char *hit;

        while ((hit = strstr(tmp.data ? tmp.data : "", redact_list[i]))) {
            size_t n = strlen(redact_list[i]);

            memset(hit, '*', n);
        }
    }
    pthread_mutex_unlock(&redact_lock);
    p = buf_str(&tmp);
    for (;;) {
        const char *tok = strstr(p, "SecurityToken%3D");
        const char *end;

        if (!tok)
            break;
        tok += strlen("SecurityToken%3D");
        if (buf_add(out, p, (size_t)(tok - p)) != BUF_OK ||
            buf_adds(out, "<redacted>") != BUF_OK)
            goto out;
        end = strstr(tok, "%26");
        p = end ? end : tok + strlen(tok);
    }
    if (buf_adds(out, p) != BUF_OK)
        goto out;
    rc = 0;
out:
    buf_wipe(&tmp);
    return rc;
}

/* safe_text for text of several lines: each line made safe, newlines kept. */
static int safe_lines(struct buf *out, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        char *line = strndup(s, n);
        int rc;

        if (!line)
            return -1;
        rc = safe_text(out, line);
        free(line);
        if (rc || (s[n] == '\n' && buf_addc(out, '\n') != BUF_OK))
            return -1;
        s += n + (s[n] == '\n');
    }
    return 0;
}

int cli_safe_text(struct buf *out, const char *s)
{
    return safe_lines(out, s ? s : "");
}

void cli_mask_key(char *out, size_t size, const char *key_id)
{
    size_t len = key_id ? strlen(key_id) : 0;

    if (len == 0)
        snprintf(out, size, "(none)");
    else if (len <= 8)
        snprintf(out, size, "****");
    else
        snprintf(out, size, "%.4s****%s", key_id, key_id + len - 4);
}

/* --- the demo key -------------------------------------------------------------- */

struct env_creds {
    char *id;
    char *secret;
    char *token;
};

static int env_creds_get(void *ctx, struct sign_creds *creds,
                         struct buf *err)
{
    const struct env_creds *e = ctx;

    (void)err;
    creds->access_key_id = e->id;
    creds->access_key_secret = e->secret;
    creds->security_token = e->token;
    return 0;
}

static void env_creds_free(struct env_creds *e)
{
    if (!e)
        return;
    free(e->id);
    wipe_free(e->secret);
    wipe_free(e->token);
    free(e);
}

static struct env_creds *env_creds_new(const char *id, const char *secret,
                                       const char *token)
{
    struct env_creds *e = calloc(1, sizeof(*e));

    if (!e)
        return NULL;
    e->id = strdup(id);
    e->secret = strdup(secret);
    e->token = token && *token ? strdup(token) : NULL;
    if (!e->id || !e->secret || (token && *token && !e->token)) {
        env_creds_free(e);
        return NULL;
    }
    return e;
}

static void log_line(void *ctx, const char *line)
{
    struct buf safe;

    (void)ctx;
    buf_init(&safe, 1u << 16);
    if (safe_text(&safe, line) == 0)
        fprintf(stderr, "linkrole: %s\n", buf_str(&safe));
    buf_free(&safe);
}

/* Secrets rotate when assumed-role or metadata credentials are refreshed,
 * so the list of what to scrub from output follows each fetch. */
static int session_creds_get(void *ctx, struct sign_creds *out,
                             struct buf *err)
{
    if (creds_text_get(ctx, out, err))
        return -1;
    pthread_mutex_lock(&redact_lock);
    redact_forget();
    redact_register(out->access_key_secret);
    redact_register(out->security_token);
    pthread_mutex_unlock(&redact_lock);
    return 0;
}

static void warn_line(void *ctx, const struct creds_warning *w)
{
    struct buf line;

    (void)ctx;
    buf_init(&line, 4096);
    if (creds_warning_text(&line, w) == BUF_OK)
        cli_error("warning: %s", buf_str(&line));
    buf_free(&line);
}

/* Core files would hold the secrets this process is about to read. */
static void no_core_dumps(void)
{
    struct rlimit none = { 0, 0 };

    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static int open_demo(struct cli_session *s, const struct cli_options *o,
                     struct buf *err)
{
    struct sim_config cfg = { NULL, &s->catalog, 0, 0, NULL };
    struct sim_account *acct = sim_account_new(&cfg, err);
    struct env_creds *creds;

    if (!acct || sim_account_add_key(acct, SIM_DEMO_ACCESS_KEY_ID,
                                     SIM_DEMO_ACCESS_KEY_SECRET)) {
        cli_error("cannot set up the demo account: %s",
                  buf_len(err) ? buf_str(err) : "out of memory");
        sim_account_free(acct);
        return EXIT_INTERNAL;
    }
    s->sim = acct;
    s->transport = sim_transport_new(acct, o->demo_delay_ms);
    creds = env_creds_new(SIM_DEMO_ACCESS_KEY_ID, SIM_DEMO_ACCESS_KEY_SECRET,
                          NULL);
    if (!s->transport || !creds) {
        env_creds_free(creds);
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    s->demo_creds = creds;
    s->client.transport = s->transport;
    s->client.creds.get = env_creds_get;
    s->client.creds.ctx = creds;
    snprintf(s->creds_source, sizeof(s->creds_source),
             "the demo account (--demo; nothing leaves this computer)");
    snprintf(s->access_key_id, sizeof(s->access_key_id), "%s", creds->id);
    return EXIT_DONE;
}

static int open_cloud(struct cli_session *s, const struct cli_options *o,
                      struct buf *err)
{
    struct creds_options co;
    struct creds_problem problem;
    enum creds_status st;

    s->transport = http_transport_new(0, o->timeout_ms);
    if (!s->transport) {
        cli_error("out of memory");
        return EXIT_INTERNAL;
    }
    s->client.transport = s->transport;
    memset(&co, 0, sizeof(co));
    co.profile = o->profile;
    co.client = &s->client;
    co.warn = warn_line;
    co.note = creds_text_log;
    co.note_ctx = &s->client;
    st = creds_resolve(&co, &s->creds, &problem);
    if (st != CREDS_OK) {
        if (buf_len(&s->dry_run)) {
            /* --dry-run stopped at the request that fetches the
             * credentials (AssumeRole): that is what would go first. */
            s->dry_run_only = true;
            return EXIT_DONE;
        }
        creds_problem_text(err, &problem);
        {
            /* The message may quote a server (AssumeRole refused: ...). */
            struct buf safe;

            buf_init(&safe, 1u << 16);
            safe_text(&safe, buf_str(err));
            if (st == CREDS_NONE)
                cli_error("no credentials: %s; or try --demo",
                          buf_str(&safe));
            else
                cli_error("%s", buf_str(&safe));
            buf_free(&safe);
        }
        return EXIT_CREDENTIALS;
    }
    s->client.creds.get = session_creds_get;
    s->client.creds.ctx = s->creds;
    snprintf(s->creds_source, sizeof(s->creds_source), "%s",
             creds_source(s->creds));
    snprintf(s->access_key_id, sizeof(s->access_key_id), "%s",
             creds_access_key_id(s->creds));
    return EXIT_DONE;
}

int cli_session_open(struct cli_session *s, const struct cli_options *o,
                     bool need_catalog)
{
    struct buf err;
    int rc = EXIT_INTERNAL;

    memset(s, 0, sizeof(*s));
    no_core_dumps();
    buf_init(&err, 4096);
    buf_init(&s->dry_run, 1u << 20);
    api_client_init(&s->client);
    if (need_catalog || o->demo) {
        if (cli_load_catalog(o, &s->catalog)) {
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
    if (o->verbose)
        s->client.log = log_line;

    rc = o->demo ? open_demo(s, o, &err) : open_cloud(s, o, &err);
    if (rc != EXIT_DONE)
        goto out;
    if (s->dry_run_only) {
        cli_print_dry_run(s);
        cli_error("(dry run: the credentials come from the request above, "
                  "so nothing after it can be signed)");
        rc = CLI_SESSION_ENDED;
        goto out;
    }
    /* Region ids are lower case, whoever typed them. */
    if (names_region_lower(s->region_id, sizeof(s->region_id),
                           o->demo ? (o->region ? o->region
                                                : API_DEFAULT_REGION)
                                   : creds_pick_region(o->region, s->creds))) {
        cli_error("'%s' is not a region id (such as cn-hangzhou)",
                  o->demo ? o->region : creds_pick_region(o->region,
                                                          s->creds));
        rc = EXIT_USAGE;
        goto out;
    }
    s->region = s->region_id;
    s->client.region = s->region;
out:
    buf_wipe(&err);
    if (rc != EXIT_DONE)
        cli_session_close(s);
    return rc;
}

void cli_session_close(struct cli_session *s)
{
    creds_free(s->creds);
    s->creds = NULL;
    transport_destroy(s->transport);
    s->transport = NULL;
    sim_account_free(s->sim);
    s->sim = NULL;
    env_creds_free(s->demo_creds);
    s->demo_creds = NULL;
    pthread_mutex_lock(&redact_lock);
    redact_forget();
    pthread_mutex_unlock(&redact_lock);
    if (s->have_catalog)
        catalog_free(&s->catalog);
    s->have_catalog = false;
    buf_free(&s->dry_run);
}

/* --- output ------------------------------------------------------------------ */

int cli_print_response(const char *body)
{
    struct buf out;
    int rc;

    buf_init(&out, 8u << 20);
    if (json_pretty(&out, body, strlen(body), 2)) {
        /* Not JSON after all: show it as it came, made safe. */
        buf_reset(&out);
        if (safe_lines(&out, body) || buf_addc(&out, '\n') != BUF_OK) {
            buf_free(&out);
            return -1;
        }
    }
    rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc;
}

int cli_print_dry_run(const struct cli_session *s)
{
    struct buf out;
    int rc;

    buf_init(&out, 2u << 20);
    if (safe_lines(&out, buf_str(&s->dry_run))) {
        buf_free(&out);
        return EXIT_INTERNAL;
    }
    rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
}

static int exit_code_of(const struct api_error *e)
{
    switch (e->kind) {
    case API_ERR_NONE:
    case API_ERR_DRY_RUN:
        return EXIT_DONE;
    case API_ERR_CLOUD:
        return errors_classify(e->code) == ERRORS_CREDENTIALS
                   ? EXIT_CREDENTIALS : EXIT_REFUSED;
    case API_ERR_NETWORK:
    case API_ERR_AMBIGUOUS:
    case API_ERR_RESPONSE:
        return EXIT_NETWORK;
    case API_ERR_CREDENTIALS:
        return EXIT_CREDENTIALS;
    case API_ERR_USAGE:
        return EXIT_USAGE;
    case API_ERR_CANCELLED:
        return EXIT_REFUSED;
    case API_ERR_INTERNAL:
        break;
    }
    return EXIT_INTERNAL;
}

static void error_json(const struct api_error *e, const char *hint,
                       const char *policy)
{
    struct buf out, safe;
    struct json_writer w;

    buf_init(&out, 1u << 20);
    buf_init(&safe, 1u << 20);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_key(&w, "Error");
    json_begin_object(&w);
    json_key(&w, "Action");
    json_string(&w, e->action);
    if (e->kind == API_ERR_CLOUD) {
        json_key(&w, "Code");
        json_string(&w, e->code);
        json_key(&w, "Message");
        safe_text(&safe, e->message);
        json_string(&w, buf_str(&safe));
        json_key(&w, "HttpStatus");
        json_int(&w, e->http_status);
        json_key(&w, "RequestId");
        json_string(&w, e->request_id[0] ? e->request_id : NULL);
    } else {
        json_key(&w, "Code");
        json_string(&w, e->kind == API_ERR_AMBIGUOUS ? "Linkrole.Ambiguous"
                        : e->kind == API_ERR_RESPONSE ? "Linkrole.BadResponse"
                        : e->kind == API_ERR_CREDENTIALS
                            ? "Linkrole.NoCredentials"
                        : "Linkrole.Network");
        json_key(&w, "Message");
        safe_text(&safe, e->detail);
        json_string(&w, buf_str(&safe));
    }
    json_key(&w, "Attempts");
    json_int(&w, e->attempts);
    if (hint && *hint) {
        json_key(&w, "Hint");
        json_string(&w, hint);
    }
    if (policy && *policy) {
        json_key(&w, "Policy");
        json_string(&w, policy);
    }
    json_end_object(&w);
    json_end_object(&w);
    if (json_writer_finish(&w) == 0)
        cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    buf_free(&safe);
}

int cli_report_error(const struct cli_options *o, const struct api_error *e,
                     const char *service_name, const char *role_name)
{
    struct errors_context ctx = { e->action, service_name, role_name,
                                  e->message };
    struct buf msg, hint, policy;
    int code = exit_code_of(e);

    buf_init(&msg, 1u << 16);
    buf_init(&hint, 1u << 16);
    buf_init(&policy, 1u << 16);
    if (e->kind == API_ERR_CLOUD) {
        errors_hint(&hint, e->code, &ctx);
        if (errors_classify(e->code) == ERRORS_PERMISSION)
            errors_policy(&policy, e->action, service_name);
        buf_printf(&msg, "%s refused: %s", e->action, e->code);
        if (e->http_status)
            buf_printf(&msg, " (HTTP %ld)", e->http_status);
        if (e->message[0]) {
            buf_adds(&msg, ": ");
            safe_text(&msg, e->message);
        }
        if (e->attempts > 1)
            buf_printf(&msg, " (after %d attempts)", e->attempts);
    } else {
        buf_printf(&msg, "%s failed: ", e->action[0] ? e->action : "request");
        safe_text(&msg, e->detail);
        if (e->attempts > 1)
            buf_printf(&msg, " (after %d attempts)", e->attempts);
    }
    cli_error("%s", buf_str(&msg));
    if (buf_len(&hint))
        fprintf(stderr, "  hint: %s\n", buf_str(&hint));
    if (e->request_id[0])
        fprintf(stderr, "  RequestId: %s\n", e->request_id);
    if (buf_len(&policy))
        fprintf(stderr, "  A RAM policy that allows it:\n%s", buf_str(&policy));
    if (o->output == CLI_OUTPUT_JSON)
        error_json(e, buf_str(&hint), buf_str(&policy));
    buf_free(&msg);
    buf_free(&hint);
    buf_free(&policy);
    return code;
}
