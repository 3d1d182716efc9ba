/* fuzz_creds — what the credential chain's fuzz targets share.
 *
 * fuzz_config.c (the CLI's config.json and the SDKs' INI file) and
 * fuzz_metadata.c (answers of the ECS metadata service and of a
 * credentials URI) run the real chain, creds_resolve and creds_current,
 * as linkrole does: the files are written from the input into a private
 * directory that ALIBABA_CLOUD_CONFIG_FILE and ALIBABA_CLOUD_CREDENTIALS_FILE
 * name, and every HTTP request the chain makes (STS, metadata, URI) is
 * answered by a scripted transport from the input's records:
 *
 *     HEAD "\n" BODY
 *
 * HEAD is an HTTP status ("200"), or "!" and a transport status ("!2":
 * TRANSPORT_AMBIGUOUS), and a record without "\n" is a 200 with that
 * body.  Once the records run out, every request fails to connect.  The
 * clock is fixed, so expiry times replay alike.  Links cloud and core
 * only. */
#ifndef LINKROLE_FUZZ_CREDS_H
#define LINKROLE_FUZZ_CREDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloud/api.h"
#include "cloud/creds.h"
#include "cloud/transport.h"
#include "core/buf.h"
#include "fuzz.h"

#define FC_RECORD_SEP '\x1E'
#define FC_ANSWERS_MAX 8
#define FC_NOW ((time_t)1704164645)     /* 2024-01-02T03:04:05Z */

struct fc_span {
    const char *p;
    size_t len;
};

/* The transport's answers for one input. */
static struct fc_span fc_answers[FC_ANSWERS_MAX];
static size_t fc_nanswers, fc_used;
/* Which answers went to a request for keys (STS, a role's credentials
 * from the metadata service, a credentials URI): only theirs are
 * secrets; a role name or a token is not. */
static bool fc_for_keys[FC_ANSWERS_MAX];

static bool fc_asks_keys(const char *url)
{
    const char *md = strstr(url, "/security-credentials/");

    if (strncmp(url, "http://127.0.0.1:8", 18) == 0 && url[18] != '0')
        return true;            /* STS */
    if (strstr(url, "127.0.0.1:9/credentials"))
        return true;            /* the credentials URI */
    return md && md[sizeof("/security-credentials/") - 1] != '\0';
}

static int fc_send(struct transport *t, const struct http_request *req,
                   struct http_response *resp, struct buf *err)
{
    const char *p, *nl;
    size_t len;

    (void)t;
    (void)err;
    FUZZ_CHECK(req->method && req->url);
    if (fc_used >= fc_nanswers)
        return TRANSPORT_CONNECT;
    p = fc_answers[fc_used].p;
    len = fc_answers[fc_used].len;
    fc_for_keys[fc_used] = fc_asks_keys(req->url);
    fc_used++;
    nl = memchr(p, '\n', len);
    resp->status = 200;
    if (nl) {
        char head[16];
        size_t n = (size_t)(nl - p);

        if (n >= sizeof(head))
            n = sizeof(head) - 1;
        memcpy(head, p, n);
        head[n] = '\0';
        len -= (size_t)(nl + 1 - p);
        p = nl + 1;
        if (head[0] == '!') {
            int st = atoi(head + 1);

            /* Only the failures a transport reports; never OK. */
            return st >= TRANSPORT_CONNECT && st <= TRANSPORT_INTERNAL
                       ? st : TRANSPORT_CONNECT;
        }
        resp->status = strtol(head, NULL, 10);
    }
    if (buf_add(&resp->body, p, len) != BUF_OK)
        return TRANSPORT_TOO_BIG;
    return TRANSPORT_OK;
}

static const struct transport_ops fc_ops = { fc_send, NULL };
static struct transport fc_transport = { &fc_ops, NULL };

static time_t fc_now(void)
{
    return FC_NOW;
}

/* Splits data into up to max records at FC_RECORD_SEP; returns how many
 * (at least 1). */
static size_t fc_split(const uint8_t *data, size_t size, struct fc_span *out,
                       size_t max)
{
    const char *p = (const char *)data, *end = p + size;
    size_t n = 0;

    while (n < max) {
        const char *sep = memchr(p, FC_RECORD_SEP, (size_t)(end - p));

        out[n].p = p;
        out[n].len = sep ? (size_t)(sep - p) : (size_t)(end - p);
        n++;
        if (!sep)
            break;
        p = sep + 1;
    }
    return n;
}

static char fc_dir[512];

static void fc_cleanup(void)
{
    char path[600];

    snprintf(path, sizeof(path), "%s/config.json", fc_dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/credentials", fc_dir);
    unlink(path);
    rmdir(fc_dir);
}

/* A private directory for the two files, and an environment in which the
 * chain looks only there (and where the input's records say). */
static void fc_setup_once(void)
{
    static bool done;
    static const char *const clear[] = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_PROFILE",
        "ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "ALIBABA_CLOUD_ECS_METADATA",
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED", "ALIBABA_CLOUD_IMDSV1_DISABLED",
        "ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_REGION_ID",
        "ALIBABA_CLOUD_STS_REGION", "ALIBABA_CLOUD_STS_ENDPOINT",
        "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "LINKROLE_METADATA_ENDPOINT",
        /* the aliases of creds_env_pick, which the chain reads too */
        "ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET",
        "ALIBABACLOUD_SECURITY_TOKEN", "ALICLOUD_ACCESS_KEY_ID",
        "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN",
        "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY",
        "ALIBABACLOUD_REGION_ID", "ALICLOUD_REGION_ID", "ALICLOUD_REGION",
        "ALIBABACLOUD_PROFILE", "ALICLOUD_PROFILE",
    };
    char path[600];

    if (done)
        return;
    done = true;
    /* $TMPDIR when set (run.sh points it into its own directory, which
     * it removes, so a crash that skips atexit leaves nothing behind);
     * else memory-backed when there is one: thousands of writes a
     * second. */
    snprintf(fc_dir, sizeof(fc_dir), "%.480s/linkrole-fuzz.XXXXXX",
             getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR")
             : access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(fc_dir)) {
        perror("fuzz_creds: mkdtemp");
        abort();
    }
    atexit(fc_cleanup);
    for (size_t i = 0; i < sizeof(clear) / sizeof(clear[0]); i++)
        unsetenv(clear[i]);
    setenv("HOME", fc_dir, 1);
    snprintf(path, sizeof(path), "%s/config.json", fc_dir);
    setenv("ALIBABA_CLOUD_CONFIG_FILE", path, 1);
    snprintf(path, sizeof(path), "%s/credentials", fc_dir);
    setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", path, 1);
}

/* Writes s as the file NAME in the directory, or removes it (s NULL). */
static void fc_file(const char *name, const struct fc_span *s)
{
    char path[600];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", fc_dir, name);
    if (!s) {
        unlink(path);
        return;
    }
    f = fopen(path, "wb");
    if (!f) {
        perror("fuzz_creds: fopen");
        abort();
    }
    if (s->len)
        fwrite(s->p, 1, s->len, f);
    if (fclose(f)) {
        perror("fuzz_creds: fclose");
        abort();
    }
}

static void fc_client(struct api_client *cl)
{
    memset(cl, 0, sizeof(*cl));
    cl->transport = &fc_transport;
    cl->endpoint[API_STS] = "http://127.0.0.1:8";
    cl->signature = 3;
    cl->max_retries = 1;
    cl->retry_base_ms = 0;
    cl->now = fc_now;
}

/* A text field of a problem: ends inside its array. */
#define FC_FIELD_ENDS(f) FUZZ_CHECK(memchr((f), '\0', sizeof(f)) != NULL)

/* A name shown to people (a profile, mode, field, value, variable): cut
 * and cleaned of C0 controls and DEL by creds_show.  Paths, URLs and the
 * text of other services are only bounded here: creds.h leaves making
 * them safe to the front end's one safe-text pass. */
static void fc_clean(const char *s, size_t size, const char *what)
{
    FUZZ_CHECK(memchr(s, '\0', size) != NULL);
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            fprintf(stderr, "fuzz_creds: a control byte in %s\n", what);
            FUZZ_CHECK(!"names are shown without control bytes");
        }
}

#define FC_CLEAN(f) fc_clean((f), sizeof(f), #f)

/* What creds.h promises of every problem. */
static void fc_check_problem(const struct creds_problem *p)
{
    FUZZ_CHECK(p->nnames <= CREDS_CHAIN_MAX + 1);
    FUZZ_CHECK(p->ntried <= CREDS_TRIED_MAX);
    FUZZ_CHECK(p->nexpired <= CREDS_CHAIN_MAX);
    FC_CLEAN(p->profile);
    FC_CLEAN(p->mode);
    FC_CLEAN(p->field);
    FC_CLEAN(p->value);
    FC_CLEAN(p->variable);
    for (size_t i = 0; i < p->nnames; i++)
        FC_CLEAN(p->names[i]);
    FC_FIELD_ENDS(p->file);
    FC_FIELD_ENDS(p->url);
    FC_FIELD_ENDS(p->source);
    FC_FIELD_ENDS(p->remote_code);
    FC_FIELD_ENDS(p->detail);
    for (size_t i = 0; i < p->ntried; i++)
        FC_FIELD_ENDS(p->tried[i].file);
    for (size_t i = 0; i < p->nexpired; i++) {
        FC_FIELD_ENDS(p->expired[i].source);
        FC_FIELD_ENDS(p->expired[i].at);
    }
}

/* Everything the chain gave to be shown during one input, one field a
 * line: searched for secrets afterwards. */
static char fc_shown[1u << 16];
static size_t fc_shown_len;

static void fc_show(const char *s)
{
    size_t n = strlen(s);

    if (fc_shown_len + n + 2 > sizeof(fc_shown))
        return;
    memcpy(fc_shown + fc_shown_len, s, n);
    fc_shown_len += n;
    fc_shown[fc_shown_len++] = '\n';
    fc_shown[fc_shown_len] = '\0';
}

static void fc_show_problem(const struct creds_problem *p)
{
    const char *fields[] = { p->file, p->profile, p->mode, p->field,
                             p->value, p->url, p->variable, p->source,
                             p->remote_code, p->detail };

    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        fc_show(fields[i]);
    for (size_t i = 0; i < p->nnames; i++)
        fc_show(p->names[i]);
    for (size_t i = 0; i < p->ntried; i++)
        fc_show(p->tried[i].file);
    for (size_t i = 0; i < p->nexpired; i++)
        fc_show(p->expired[i].source);
}

/* Resolves, then asks for the keys twice (the second may refresh), and
 * checks what each step promises; what it would show is kept in
 * fc_shown. */
static void fc_run(void)
{
    struct api_client cl;
    struct creds_options o;
    struct creds_problem p;
    struct creds *c = NULL;
    struct sign_creds keys;
    enum creds_status st;

    fc_shown_len = 0;
    fc_shown[0] = '\0';
    memset(fc_for_keys, 0, sizeof(fc_for_keys));
    fc_client(&cl);
    memset(&o, 0, sizeof(o));
    o.client = &cl;
    o.metadata_endpoint = "http://127.0.0.1:9";
    /* A fuzzed process_command must never run. */
    o.no_commands = true;
    memset(&p, 0, sizeof(p));
    st = creds_resolve(&o, &c, &p);
    FUZZ_CHECK(st == CREDS_OK || st == CREDS_NONE || st == CREDS_ERROR);
    fc_check_problem(&p);
    fc_show_problem(&p);
    if (st != CREDS_OK) {
        FUZZ_CHECK(c == NULL);
        FUZZ_CHECK(p.code != CREDS_E_NONE);
        return;
    }
    FUZZ_CHECK(c != NULL);
    FUZZ_CHECK(creds_source(c) != NULL);
    fc_show(creds_source(c));
    for (int i = 0; i < 2; i++) {
        memset(&p, 0, sizeof(p));
        memset(&keys, 0, sizeof(keys));
        if (creds_current(c, &keys, &p) == 0) {
            FUZZ_CHECK(keys.access_key_id && *keys.access_key_id);
            FUZZ_CHECK(keys.access_key_secret && *keys.access_key_secret);
        } else {
            FUZZ_CHECK(p.code != CREDS_E_NONE);
        }
        fc_check_problem(&p);
        fc_show_problem(&p);
    }
    creds_free(c);
}

#endif
