/* Pieces every subcommand shares: messages, output, opening the session
 * and reporting a failed call. */
#include "config.h"

#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "app/scrub.h"
#include "core/buf.h"
#include "core/json.h"

/* Set once a write met a closed pipe (EPIPE; SIGPIPE is ignored). */
static bool output_closed;

int cli_write(const char *s, size_t len)
{
    if (output_closed)
        return -1;
    if (fwrite(s, 1, len, stdout) != len || fflush(stdout) != 0) {
        /* `linkrole services | head -1`: the reader is done, which is
         * no failure of ours; nothing to say. */
        if (errno == EPIPE) {
            output_closed = true;
            return -1;
        }
        report_error(_("cannot write the output: %s"), strerror(errno));
        return -1;
    }
    return 0;
}

bool cli_output_closed(void)
{
    return output_closed;
}

int cli_write_buf(struct buf *out, bool failed)
{
    int rc;

    if (failed) {
        buf_free(out);
        report_error(_("out of memory"));
        return EXIT_INTERNAL;
    }
    rc = cli_write(buf_str(out), buf_len(out));
    buf_free(out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
}

/* The session's lines arrive scrubbed. */
static void cli_log_line(void *ctx, const char *line)
{
    (void)ctx;
    report_error("%s", line);
}

static void cli_warn_line(void *ctx, const char *line)
{
    (void)ctx;
    report_error(_("warning: %s"), line);
}

/* For --dry-run: what would have been sent.  Returns an exit code. */
static int cli_print_dry_run(const struct session *s)
{
    struct buf out;
    int rc;

    buf_init(&out, 2u << 20);
    if (scrub_text(&out, buf_str(&s->dry_run))) {
        buf_free(&out);
        return EXIT_INTERNAL;
    }
    rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc ? EXIT_INTERNAL : EXIT_DONE;
}

static void cli_error_json(const struct explanation *x);

/* Credentials that could not be had (STS out of reach included) fail
 * like any request under --output json: with an error object. */
static void cli_open_error_json(int rc, const char *msg)
{
    struct explanation x;
    struct api_error e;

    memset(&e, 0, sizeof(e));
    e.kind = rc == EXIT_NETWORK ? API_ERR_NETWORK : API_ERR_CREDENTIALS;
    e.why = API_WHY_CREDENTIALS;
    explain_init(&x);
    explain_error(&x, &e, NULL, NULL);
    /* The whole message: e.detail would cut a long one short. */
    buf_reset(&x.message);
    buf_adds(&x.message, msg);
    cli_error_json(&x);
    explain_free(&x);
}

bool cli_open(struct session *s, const struct options *o, bool need_catalog,
              int *exit_code)
{
    struct session_hooks hooks = { o->verbose ? cli_log_line : NULL,
                                   cli_warn_line, NULL };
    struct buf msg;
    int rc;

    buf_init(&msg, 1u << 16);
    rc = session_open(s, o, need_catalog, &hooks, &msg);
    if (rc == EXIT_DONE) {
        buf_free(&msg);
        return true;
    }
    if (rc == SESSION_DRY_RUN_ONLY) {
        rc = cli_print_dry_run(s);
        report_error("%s", buf_str(&msg));
        session_close(s);
    } else {
        report_error("%s", buf_str(&msg));
        if (o->output == OUTPUT_JSON &&
            (rc == EXIT_CREDENTIALS || rc == EXIT_NETWORK))
            cli_open_error_json(rc, buf_str(&msg));
    }
    buf_free(&msg);
    *exit_code = rc;
    return false;
}

int cli_print_response(const char *body)
{
    struct buf out;
    int rc;

    buf_init(&out, 8u << 20);
    if (json_pretty(&out, body, strlen(body), 2)) {
        /* Not JSON after all: show it as it came, made safe. */
        buf_reset(&out);
        if (scrub_text(&out, body) || buf_addc(&out, '\n') != BUF_OK) {
            buf_free(&out);
            return -1;
        }
    }
    rc = cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
    return rc;
}

static void cli_error_json(const struct explanation *x)
{
    const struct api_error *e = &x->e;
    struct buf out;
    struct json_writer w;

    buf_init(&out, 1u << 20);
    json_writer_init(&w, &out, 2);
    json_begin_object(&w);
    json_key(&w, "Error");
    json_begin_object(&w);
    json_key(&w, "Action");
    json_string(&w, e->action);
    json_key(&w, "Code");
    json_string(&w, x->json_code);
    json_key(&w, "Message");
    json_string(&w, buf_str(&x->message));
    if (e->kind == API_ERR_CLOUD) {
        json_key(&w, "HttpStatus");
        json_int(&w, e->http_status);
        json_key(&w, "RequestId");
        json_string(&w, e->request_id[0] ? e->request_id : NULL);
        if (e->recommend[0]) {
            json_key(&w, "Recommend");
            json_string(&w, e->recommend);
        }
        if (buf_len(&x->denied)) {
            json_key(&w, "AccessDeniedDetail");
            json_begin_object(&w);
            for (int f = 0; f < API_DENIED_COUNT; f++) {
                if (!e->denied[f][0])
                    continue;
                json_key(&w, api_denied_name((enum api_denied_field)f));
                json_string(&w, e->denied[f]);
            }
            json_end_object(&w);
        }
    }
    json_key(&w, "Attempts");
    json_int(&w, e->attempts);
    if (buf_len(&x->hint)) {
        json_key(&w, "Hint");
        json_string(&w, buf_str(&x->hint));
    }
    if (buf_len(&x->policy)) {
        json_key(&w, "Policy");
        json_string(&w, buf_str(&x->policy));
    }
    json_end_object(&w);
    json_end_object(&w);
    if (json_writer_finish(&w) == 0)
        cli_write(buf_str(&out), buf_len(&out));
    buf_free(&out);
}

int cli_report_error(const struct options *o, const struct session *s,
                     const struct api_error *e, const char *service_name,
                     const char *role_name)
{
    struct explanation x;
    int code;

    if (e->kind == API_ERR_DRY_RUN)
        return cli_print_dry_run(s);
    explain_init(&x);
    code = explain_error(&x, e, service_name, role_name);
    report_error("%s", buf_str(&x.line));
    if (buf_len(&x.hint))
        fprintf(stderr, _("  hint: %s\n"), buf_str(&x.hint));
    if (buf_len(&x.denied))
        fprintf(stderr, _("  AccessDeniedDetail: %s\n"),
                buf_str(&x.denied));
    if (x.e.request_id[0])
        fprintf(stderr, _("  RequestId: %s\n"), x.e.request_id);
    if (x.e.recommend[0])
        fprintf(stderr, _("  Recommend: %s\n"), x.e.recommend);
    if (buf_len(&x.policy))
        fprintf(stderr, _("  A RAM policy that allows it:\n%s"),
                buf_str(&x.policy));
    if (o->output == OUTPUT_JSON)
        cli_error_json(&x);
    explain_free(&x);
    return code;
}
