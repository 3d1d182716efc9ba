/* creds_fixture — see creds_fixture.h. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "creds_fixture.h"

/* Every secret in the fixtures and the scripted answers. */
static const char *const secrets[] = {
    "FxDefaultSecret0001", "FxStsSecret0001", "FxStsToken0001",
    "FxOpsSecret0001", "FxUriQuerySecret0001", "FxLowerSecret0001",
    "FxLowerToken0001", "FxGuessSecret0001", "FxGuessToken0001",
    "FxBadRegionSecret0001", "FxIniDefaultSecret0001", "FxIniStsSecret0001",
    "FxIniStsToken0001", "FxIniRoleSecret0001", "FxBearerSecret0001",
    "FxNoTypeSecret0001", "FxBadIniSecret0001", "FxOtherSecret0001",
    "FxAssumedSecret0001", "FxAssumedToken0001", "FxAssumedSecret0002",
    "FxAssumedToken0002", "FxMetaSecret0001", "FxMetaToken0001",
    "FxImdsToken0001", "FxEnvSecret0001", "FxEnvToken0001",
    "FxUserinfoSecret", "FxEnvUriSecret0001", "FxAssumedSecret0003",
    "FxAssumedToken0003", "FxOidcToken0001", "FxOidcToken0002",
};

/* --- a scripted transport ------------------------------------------------ */

struct script script;

static int fake_send(struct transport *t, const struct http_request *req,
                     struct http_response *resp, struct buf *err)
{
    struct record *r;
    const struct step *st;

    (void)t;
    assert_true(script.used < script.n);
    st = &script.steps[script.used];
    r = &script.req[script.used++];
    snprintf(r->method, sizeof(r->method), "%s", req->method);
    snprintf(r->url, sizeof(r->url), "%s", req->url);
    r->headers[0] = '\0';
    for (size_t i = 0; req->headers && i < req->headers->count; i++) {
        size_t len = strlen(r->headers);

        snprintf(r->headers + len, sizeof(r->headers) - len, "%s: %s\n",
                 req->headers->items[i].key, req->headers->items[i].value);
    }
    snprintf(r->body, sizeof(r->body), "%.*s", (int)req->body_len,
             req->body ? req->body : "");
    r->plain_http_ok = req->plain_http_ok;
    r->direct = req->direct;
    r->connect_timeout_ms = req->connect_timeout_ms;
    r->timeout_ms = req->timeout_ms;
    if (st->status != TRANSPORT_OK) {
        buf_adds(err, "scripted failure");
        return st->status;
    }
    resp->status = st->http;
    buf_adds(&resp->body, st->body);
    return TRANSPORT_OK;
}

static const struct transport_ops fake_ops = { fake_send, NULL };
struct transport fake = { &fake_ops, NULL };

void push(int status, long http, const char *body)
{
    struct step *st = &script.steps[script.n++];

    st->status = status;
    st->http = http;
    st->body = body;
}

/* --- the world: clock, client, log, what the chain said, HOME ---------- */

time_t fake_now;
struct api_client client;
char seen[65536];
char warned[4096];
char logged[16384];
char home[512];
char fixtures[1024];
struct creds_problem problem;
struct note_copy notes[NOTES_MAX];
size_t nnotes;
struct creds_warning warnings[4];
size_t nwarnings;
void (*note_hook)(const struct creds_note *n);
void (*warn_hook)(const struct creds_warning *w);

static time_t clock_now(void)
{
    return fake_now;
}

static void append(char *dst, size_t size, const char *line)
{
    size_t len = strlen(dst);

    snprintf(dst + len, size - len, "%s\n", line);
}

void see(const char *line)
{
    if (line)
        append(seen, sizeof(seen), line);
}

void see_problem(const struct creds_problem *p)
{
    see(p->file);
    see(p->profile);
    see(p->mode);
    see(p->field);
    see(p->value);
    see(p->url);
    see(p->variable);
    see(p->source);
    see(p->remote_code);
    see(p->detail);
    for (size_t i = 0; i < p->nnames; i++)
        see(p->names[i]);
    for (size_t i = 0; i < p->ntried; i++)
        see(p->tried[i].file);
    for (size_t i = 0; i < p->nexpired; i++) {
        see(p->expired[i].source);
        see(p->expired[i].at);
    }
}

static void on_log(void *ctx, const char *line)
{
    (void)ctx;
    append(logged, sizeof(logged), line);
    see(line);
}

static void on_warn(void *ctx, const struct creds_warning *w)
{
    (void)ctx;
    see(w->file);
    if (nwarnings < sizeof(warnings) / sizeof(warnings[0]))
        warnings[nwarnings++] = *w;
    if (warn_hook)
        warn_hook(w);
}

#define COPY(dst, s) snprintf((dst), sizeof(dst), "%s", (s) ? (s) : "")

static void on_note(void *ctx, const struct creds_note *n)
{
    struct note_copy *c;

    (void)ctx;
    see(n->source);
    see(n->profile);
    see(n->mode);
    see(n->role);
    see(n->url);
    see(n->detail);
    see(n->until);
    if (n->why)
        see_problem(n->why);
    if (note_hook)
        note_hook(n);
    assert_true(nnotes < NOTES_MAX);
    c = &notes[nnotes++];
    memset(c, 0, sizeof(*c));
    c->code = n->code;
    COPY(c->source, n->source);
    c->origin = n->origin;
    COPY(c->profile, n->profile);
    COPY(c->mode, n->mode);
    COPY(c->role, n->role);
    c->service = n->service;
    COPY(c->url, n->url);
    c->transport = n->transport;
    c->http_status = n->http_status;
    COPY(c->detail, n->detail);
    COPY(c->until, n->until);
    if (n->why) {
        c->has_why = true;
        c->why = *n->why;
    }
}

const struct note_copy *find_note(enum creds_note_code code)
{
    for (size_t i = 0; i < nnotes; i++)
        if (notes[i].code == code)
            return &notes[i];
    return NULL;
}

void notes_reset(void)
{
    nnotes = 0;
}

static const char *const env_names[] = {
    "ALIBABA_CLOUD_PROFILE", "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_CONFIG_FILE", "ALIBABA_CLOUD_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
    "ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_STS_ENDPOINT",
    "ALIBABA_CLOUD_STS_REGION", "ALIBABA_CLOUD_IMDSV1_DISABLED",
    "ALIBABA_CLOUD_REGION_ID", "LINKROLE_METADATA_ENDPOINT",
    "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
    "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS",
    "ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET",
    "ALIBABACLOUD_SECURITY_TOKEN", "ALICLOUD_ACCESS_KEY_ID",
    "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECURITY_TOKEN",
    "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALIBABACLOUD_REGION_ID",
    "ALICLOUD_REGION_ID", "ALICLOUD_REGION", "ALIBABACLOUD_PROFILE",
    "ALICLOUD_PROFILE", "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    "ALIBABA_CLOUD_ROLE_SESSION_NAME", "ALIBABACLOUD_ROLE_ARN",
    "ALIBABACLOUD_OIDC_PROVIDER_ARN", "ALIBABACLOUD_OIDC_TOKEN_FILE",
};

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void empty_home(void)
{
    char path[600];

    snprintf(path, sizeof(path), "%s/.aliyun", home);
    nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    snprintf(path, sizeof(path), "%s/.alibabacloud", home);
    nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    snprintf(path, sizeof(path), "%s/other", home);
    nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int group_setup(void **state)
{
    const char *top = getenv("top_srcdir");
    const char *tmp = getenv("TMPDIR");

    (void)state;
    snprintf(fixtures, sizeof(fixtures), "%s/tests/fixtures/creds",
             top && *top ? top : ".");
    snprintf(home, sizeof(home), "%s/linkrole-creds-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(home) ? 0 : -1;
}

int group_teardown(void **state)
{
    (void)state;
    nftw(home, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
        unsetenv(env_names[i]);
    setenv("HOME", home, 1);
    /* The chain would ask the (scripted) metadata service whether this
     * is an ECS instance: a test that wants that turns this off. */
    setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true", 1);
    empty_home();
    memset(&script, 0, sizeof(script));
    fake.ctx = NULL;
    api_client_init(&client);
    client.transport = &fake;
    client.endpoint[API_STS] = STS_SIM;
    client.max_retries = 0;
    client.retry_base_ms = 1;
    client.log = on_log;
    client.now = clock_now;
    fake_now = T0;
    seen[0] = warned[0] = logged[0] = '\0';
    memset(&problem, 0, sizeof(problem));
    nnotes = nwarnings = 0;
    note_hook = NULL;
    warn_hook = NULL;
    return 0;
}

/* Whatever a test did, nothing a user could see holds a secret. */
int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
        /* Named by number: the test's own output is searched too. */
        if (strstr(seen, secrets[i]))
            fail_msg("secrets[%zu] appears in a message, source, warning "
                     "or log line", i);
    }
    return 0;
}

/* Copies a fixture to dir/name under HOME with the given mode. */
void put_file(const char *fixture, const char *dir, const char *name,
                     mode_t mode)
{
    char src[1200], dst[1200], data[1 << 16];
    FILE *in, *out;
    size_t n;

    snprintf(dst, sizeof(dst), "%s/%s", home, dir);
    assert_true(mkdir(dst, 0700) == 0 || errno == EEXIST);
    snprintf(src, sizeof(src), "%s/%s", fixtures, fixture);
    snprintf(dst, sizeof(dst), "%s/%s/%s", home, dir, name);
    in = fopen(src, "rb");
    if (!in)
        fail_msg("cannot open fixture %s", src);
    out = fopen(dst, "wb");
    assert_non_null(out);
    n = fread(data, 1, sizeof(data), in);
    assert_int_equal(fwrite(data, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(chmod(dst, mode), 0);
}

void put_config(const char *fixture)
{
    put_file(fixture, ".aliyun", "config.json", 0600);
}

void put_ini(const char *fixture)
{
    put_file(fixture, ".alibabacloud", "credentials", 0600);
}

void options_init(struct creds_options *o, const char *profile)
{
    memset(o, 0, sizeof(*o));
    o->profile = profile;
    o->client = &client;
    o->metadata_endpoint = MD;
    o->warn = on_warn;
    o->note = on_note;
}

enum creds_status resolve_opts(const struct creds_options *o,
                               struct creds **c)
{
    enum creds_status st;

    st = creds_resolve(o, c, &problem);
    see_problem(&problem);
    if (st == CREDS_OK) {
        assert_int_equal(problem.code, CREDS_E_NONE);
        see(creds_source(*c));
        see(creds_access_key_id(*c));
    }
    return st;
}

enum creds_status resolve(const char *profile, struct creds **c)
{
    struct creds_options o;

    options_init(&o, profile);
    return resolve_opts(&o, c);
}

const struct creds_problem *expect_passed_over(const char *profile,
                                              enum creds_problem_code code)
{
    struct creds *c = NULL;
    const struct creds_reason *r = NULL;

    assert_int_equal(resolve(profile, &c), CREDS_NONE);
    assert_null(c);
    assert_int_equal(problem.code, CREDS_E_NOTHING_FOUND);
    for (size_t i = 0; !r && i < problem.ntried; i++)
        if (problem.tried[i].why == CREDS_SKIP_UNUSABLE ||
            problem.tried[i].why == CREDS_SKIP_NOT_ON_ECS)
            r = &problem.tried[i].reason;
    assert_non_null(r);
    if (code != CREDS_E_NONE)
        assert_int_equal(r->code, code);
    /* The reason, as the problem the source would have been. */
    {
        struct creds_reason copy = *r;

        creds_reason_problem(&problem, &copy);
    }
    see_problem(&problem);
    return &problem;
}

const struct creds_problem *expect_problem(const char *profile,
                                           enum creds_status want,
                                           enum creds_problem_code code)
{
    struct creds *c = NULL;

    assert_int_equal(resolve(profile, &c), want);
    assert_null(c);
    assert_int_equal(problem.code, code);
    return &problem;
}

void assert_at(const struct creds_problem *p, const char *file,
               enum creds_origin origin, const char *profile,
               const char *mode)
{
    assert_string_equal(p->file, file ? file : "");
    assert_int_equal(p->origin, origin);
    assert_string_equal(p->profile, profile ? profile : "");
    assert_string_equal(p->mode, mode ? mode : "");
}

void expect_keys(struct creds *c, const char *id, const char *secret,
                 const char *token)
{
    struct sign_creds s;

    assert_int_equal(creds_current(c, &s, &problem), 0);
    assert_string_equal(s.access_key_id, id);
    assert_string_equal(s.access_key_secret, secret);
    if (token)
        assert_string_equal(s.security_token, token);
    else
        assert_null(s.security_token);
}

/* --- canned answers ------------------------------------------------------ */

const char sts_answer[] =
    "{\"RequestId\":\"STS-1\",\"AssumedRoleUser\":{\"Arn\":"
    "\"acs:ram::1234567890123456:role/ops/linkrole-ops\",\"AssumedRoleId\":"
    "\"3001:linkrole-ops\"},\"Credentials\":{\"AccessKeyId\":"
    "\"STS.FxAssumed0001\",\"AccessKeySecret\":\"FxAssumedSecret0001\","
    "\"SecurityToken\":\"FxAssumedToken0001\",\"Expiration\":"
    "\"2024-01-02T04:04:05Z\"}}";

const char sts_answer2[] =
    "{\"RequestId\":\"STS-2\",\"AssumedRoleUser\":{\"Arn\":\"a\","
    "\"AssumedRoleId\":\"b\"},\"Credentials\":{\"AccessKeyId\":"
    "\"STS.FxAssumed0002\",\"AccessKeySecret\":\"FxAssumedSecret0002\","
    "\"SecurityToken\":\"FxAssumedToken0002\",\"Expiration\":"
    "\"2024-01-02T05:04:05Z\"}}";

const char sts_answer3[] =
    "{\"RequestId\":\"STS-3\",\"AssumedRoleUser\":{\"Arn\":\"a\","
    "\"AssumedRoleId\":\"b\"},\"Credentials\":{\"AccessKeyId\":"
    "\"STS.FxAssumed0003\",\"AccessKeySecret\":\"FxAssumedSecret0003\","
    "\"SecurityToken\":\"FxAssumedToken0003\",\"Expiration\":"
    "\"2024-01-02T06:04:05Z\"}}";

const char sts_refused[] =
    "{\"RequestId\":\"STS-E\",\"Code\":\"EntityNotExist.Role\",\"Message\":"
    "\"The role not exists: acs:ram::1234567890123456:role/ops.\"}";

const char md_answer[] =
    "{\n  \"AccessKeyId\" : \"STS.FxMeta0001\",\n  \"AccessKeySecret\" : "
    "\"FxMetaSecret0001\",\n  \"Expiration\" : \"2024-01-02T09:04:05Z\",\n"
    "  \"SecurityToken\" : \"FxMetaToken0001\",\n  \"LastUpdated\" : "
    "\"2024-01-02T03:04:05Z\",\n  \"Code\" : \"Success\"\n}";

const char uri_answer[] =
    "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.FxMeta0001\","
    "\"AccessKeySecret\":\"FxMetaSecret0001\",\"SecurityToken\":"
    "\"FxMetaToken0001\",\"Expiration\":\"2024-01-02T09:04:05Z\"}";

/* --- writing files --- */

/* Writes text to HOME/.alibabacloud/credentials. */
void write_ini(const char *text)
{
    char path[700];
    FILE *f;

    snprintf(path, sizeof(path), "%s/.alibabacloud", home);
    assert_true(mkdir(path, 0700) == 0 || errno == EEXIST);
    snprintf(path, sizeof(path), "%s/.alibabacloud/credentials", home);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, 0600), 0);
}

/* Writes text to HOME/.aliyun/config.json. */
void write_config(const char *text, size_t len)
{
    char path[700];
    FILE *f;

    snprintf(path, sizeof(path), "%s/.aliyun", home);
    assert_true(mkdir(path, 0700) == 0 || errno == EEXIST);
    snprintf(path, sizeof(path), "%s/.aliyun/config.json", home);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, 0600), 0);
}

void write_config_s(const char *text)
{
    write_config(text, strlen(text));
}
