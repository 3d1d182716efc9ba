/* Tests for src/cloud/creds.c: every source and mode of the chain, the
 * precedence between them, the exact requests to STS, the ECS metadata
 * service and credentials URIs (through a scripted transport and a fake
 * clock), refreshing, file permission warnings, every malformed file's
 * message, and that no secret from the fixtures reaches any message,
 * source text, warning or log line.  Fixtures are in the formats the
 * aliyun CLI and the SDKs write: tests/fixtures/creds/. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cloud/creds.h"

#define MAX_STEPS 8
#define T0 ((time_t)1704164645)            /* 2024-01-02T03:04:05Z */
#define T0_PLUS_1H ((time_t)1704168245)    /* 2024-01-02T04:04:05Z */
#define MD "http://127.0.0.1:9"
#define STS_SIM "http://127.0.0.1:8"

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
    "FxAssumedToken0003",
};

/* --- a scripted transport ------------------------------------------------ */

struct step {
    int status;                 /* TRANSPORT_* */
    long http;
    const char *body;
};

struct record {
    char method[8];
    char url[2048];
    char headers[4096];         /* "name: value\n" each */
    bool plain_http_ok;
    long connect_timeout_ms, timeout_ms;
};

static struct {
    struct step steps[MAX_STEPS];
    size_t n, used;
    struct record req[MAX_STEPS];
} script;

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
    r->plain_http_ok = req->plain_http_ok;
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
static struct transport fake = { &fake_ops, NULL };

static void push(int status, long http, const char *body)
{
    struct step *st = &script.steps[script.n++];

    st->status = status;
    st->http = http;
    st->body = body;
}

/* --- the world: clock, client, log, warnings, HOME ----------------------- */

static time_t fake_now;
static struct api_client client;
static char seen[65536];        /* every line a user could see */
static char warned[4096];
static char logged[16384];
static char home[512];
static char fixtures[1024];

static time_t clock_now(void)
{
    return fake_now;
}

static void append(char *dst, size_t size, const char *line)
{
    size_t len = strlen(dst);

    snprintf(dst + len, size - len, "%s\n", line);
}

static void see(const char *line)
{
    if (line)
        append(seen, sizeof(seen), line);
}

static void on_log(void *ctx, const char *line)
{
    (void)ctx;
    append(logged, sizeof(logged), line);
    see(line);
}

static void on_warn(void *ctx, const char *line)
{
    (void)ctx;
    append(warned, sizeof(warned), line);
    see(line);
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
};

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void empty_home(void)
{
    char path[600];

    snprintf(path, sizeof(path), "%s/.aliyun", home);
    nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    snprintf(path, sizeof(path), "%s/.alibabacloud", home);
    nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    snprintf(path, sizeof(path), "%s/other", home);
    nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static int group_setup(void **state)
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

static int group_teardown(void **state)
{
    (void)state;
    nftw(home, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
        unsetenv(env_names[i]);
    setenv("HOME", home, 1);
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
    return 0;
}

/* Whatever a test did, nothing a user could see holds a secret. */
static int teardown(void **state)
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
static void put_file(const char *fixture, const char *dir, const char *name,
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

static void put_config(const char *fixture)
{
    put_file(fixture, ".aliyun", "config.json", 0600);
}

static void put_ini(const char *fixture)
{
    put_file(fixture, ".alibabacloud", "credentials", 0600);
}

static enum creds_status resolve_opts(const struct creds_options *o,
                                      struct creds **c, struct buf *err)
{
    enum creds_status st;

    buf_init(err, 8192);
    st = creds_resolve(o, c, err);
    see(buf_str(err));
    if (st == CREDS_OK) {
        see(creds_source(*c));
        see(creds_access_key_id(*c));
    }
    return st;
}

static enum creds_status resolve(const char *profile, struct creds **c,
                                 struct buf *err)
{
    struct creds_options o;

    memset(&o, 0, sizeof(o));
    o.profile = profile;
    o.client = &client;
    o.metadata_endpoint = MD;
    o.warn = on_warn;
    return resolve_opts(&o, c, err);
}

/* Resolves, expecting failure with exactly this message. */
static void expect_error(const char *profile, enum creds_status want,
                         const char *message)
{
    struct creds *c = NULL;
    struct buf err;

    assert_int_equal(resolve(profile, &c, &err), want);
    assert_null(c);
    assert_string_equal(buf_str(&err), message);
    buf_free(&err);
}

static void expect_keys(struct creds *c, const char *id, const char *secret,
                        const char *token)
{
    struct sign_creds s;
    struct buf err;

    buf_init(&err, 4096);
    assert_int_equal(creds_get(c, &s, &err), 0);
    assert_string_equal(s.access_key_id, id);
    assert_string_equal(s.access_key_secret, secret);
    if (token)
        assert_string_equal(s.security_token, token);
    else
        assert_null(s.security_token);
    buf_free(&err);
}

/* --- canned answers ------------------------------------------------------ */

static const char sts_answer[] =
    "{\"RequestId\":\"STS-1\",\"AssumedRoleUser\":{\"Arn\":"
    "\"acs:ram::1234567890123456:role/ops/linkrole-ops\",\"AssumedRoleId\":"
    "\"3001:linkrole-ops\"},\"Credentials\":{\"AccessKeyId\":"
    "\"STS.FxAssumed0001\",\"AccessKeySecret\":\"FxAssumedSecret0001\","
    "\"SecurityToken\":\"FxAssumedToken0001\",\"Expiration\":"
    "\"2024-01-02T04:04:05Z\"}}";

static const char sts_answer2[] =
    "{\"RequestId\":\"STS-2\",\"AssumedRoleUser\":{\"Arn\":\"a\","
    "\"AssumedRoleId\":\"b\"},\"Credentials\":{\"AccessKeyId\":"
    "\"STS.FxAssumed0002\",\"AccessKeySecret\":\"FxAssumedSecret0002\","
    "\"SecurityToken\":\"FxAssumedToken0002\",\"Expiration\":"
    "\"2024-01-02T05:04:05Z\"}}";

static const char sts_answer3[] =
    "{\"RequestId\":\"STS-3\",\"AssumedRoleUser\":{\"Arn\":\"a\","
    "\"AssumedRoleId\":\"b\"},\"Credentials\":{\"AccessKeyId\":"
    "\"STS.FxAssumed0003\",\"AccessKeySecret\":\"FxAssumedSecret0003\","
    "\"SecurityToken\":\"FxAssumedToken0003\",\"Expiration\":"
    "\"2024-01-02T06:04:05Z\"}}";

static const char sts_refused[] =
    "{\"RequestId\":\"STS-E\",\"Code\":\"EntityNotExist.Role\",\"Message\":"
    "\"The role not exists: acs:ram::1234567890123456:role/ops.\"}";

static const char md_answer[] =
    "{\n  \"AccessKeyId\" : \"STS.FxMeta0001\",\n  \"AccessKeySecret\" : "
    "\"FxMetaSecret0001\",\n  \"Expiration\" : \"2024-01-02T09:04:05Z\",\n"
    "  \"SecurityToken\" : \"FxMetaToken0001\",\n  \"LastUpdated\" : "
    "\"2024-01-02T03:04:05Z\",\n  \"Code\" : \"Success\"\n}";

#define MD_EXPIRES ((time_t)1704186245)    /* 2024-01-02T09:04:05Z */

static const char uri_answer[] =
    "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.FxMeta0001\","
    "\"AccessKeySecret\":\"FxMetaSecret0001\",\"SecurityToken\":"
    "\"FxMetaToken0001\",\"Expiration\":\"2024-01-02T09:04:05Z\"}";

/* ================================================================== */
/* the environment                                                     */
/* ================================================================== */

static void test_env_access_key_pair(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");
    assert_string_equal(creds_access_key_id(c), "LTAI5tFxEnv0001");
    assert_null(creds_region(c));
    expect_keys(c, "LTAI5tFxEnv0001", "FxEnvSecret0001", NULL);
    assert_int_equal(script.used, 0);
    creds_free(c);
    buf_free(&err);
}

static void test_env_security_token_named_in_source(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.FxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "FxEnvToken0001", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID, "
                        "ALIBABA_CLOUD_SECURITY_TOKEN)");
    expect_keys(c, "STS.FxEnv0001", "FxEnvSecret0001", "FxEnvToken0001");
    creds_free(c);
    buf_free(&err);
}

static void test_env_half_pair_names_missing_variable(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    expect_error(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ACCESS_KEY_ID is set but "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not");
    unsetenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    expect_error(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID is not");
    /* An empty variable counts as unset. */
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "", 1);
    expect_error(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID is not");
}

/* ================================================================== */
/* precedence                                                          */
/* ================================================================== */

static void test_explicit_profile_beats_env(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve("sts", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"sts\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxStsKey0001", "FxStsSecret0001", "FxStsToken0001");
    assert_string_equal(creds_region(c), "cn-shanghai");
    creds_free(c);
    buf_free(&err);
}

static void test_profile_variable_selects_profile(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_PROFILE", "sts", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"sts\" (StsToken) in "
                                         "~/.aliyun/config.json");
    creds_free(c);
    buf_free(&err);
    /* --profile beats the variable. */
    assert_int_equal(resolve("default", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    creds_free(c);
    buf_free(&err);
}

static void test_explicit_profile_config_before_ini(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve("default", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "LTAI5tFxDefault0001", "FxDefaultSecret0001", NULL);
    creds_free(c);
    buf_free(&err);
}

static void test_explicit_profile_found_in_ini(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve("only-ini", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "section [only-ini] (sts) in "
                                         "~/.alibabacloud/credentials");
    expect_keys(c, "STS.FxIniStsKey0001", "FxIniStsSecret0001",
                "FxIniStsToken0001");
    assert_null(creds_region(c));
    creds_free(c);
    buf_free(&err);
}

static void test_explicit_profile_not_found(void **state)
{
    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    expect_error("nosuch", CREDS_ERROR,
                 "profile \"nosuch\" not found in ~/.aliyun/config.json or "
                 "~/.alibabacloud/credentials");
    /* Neither file existing is the same answer. */
    empty_home();
    expect_error("nosuch", CREDS_ERROR,
                 "profile \"nosuch\" not found in ~/.aliyun/config.json or "
                 "~/.alibabacloud/credentials");
}

static void test_env_beats_config_current(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)");
    creds_free(c);
    buf_free(&err);
}

static void test_config_current_beats_ini(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"default\" (AK) in "
                                         "~/.aliyun/config.json");
    assert_string_equal(creds_region(c), "cn-hangzhou");
    creds_free(c);
    buf_free(&err);
}

static void test_cli_profile_disabled_skips_config(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    creds_free(c);
    buf_free(&err);
}

static void test_ini_default_beats_metadata(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_ini("credentials.ini");
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:1234/c", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    expect_keys(c, "LTAI5tFxIniDefault01", "FxIniDefaultSecret0001", NULL);
    assert_int_equal(script.used, 0);
    creds_free(c);
    buf_free(&err);
}

static void test_ini_without_default_falls_through(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_ini("credentials-only-other.ini");
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "ECS metadata service (role FxEcsRole)");
    creds_free(c);
    buf_free(&err);
}

static void test_metadata_variable_beats_credentials_uri(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "http://127.0.0.1:1234/c", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "ECS metadata service (role FxEcsRole)");
    assert_int_equal(script.used, 2);
    assert_string_equal(script.req[1].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxEcsRole");
    creds_free(c);
    buf_free(&err);
    /* Turned off, the URI is next. */
    setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true", 1);
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c),
                        "credentials URI (http://127.0.0.1:1234/c)");
    creds_free(c);
    buf_free(&err);
}

static void test_nothing_found_lists_what_was_tried(void **state)
{
    (void)state;
    expect_error(NULL, CREDS_NONE,
                 "no credentials found; looked at: "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set); "
                 "~/.aliyun/config.json (no such file); "
                 "~/.alibabacloud/credentials (no such file); "
                 "ALIBABA_CLOUD_ECS_METADATA (not set); "
                 "ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
    put_ini("credentials-only-other.ini");
    expect_error(NULL, CREDS_NONE,
                 "no credentials found; looked at: "
                 "ALIBABA_CLOUD_ACCESS_KEY_ID and "
                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set); "
                 "~/.aliyun/config.json (no such file); "
                 "~/.alibabacloud/credentials (no [default] section); "
                 "ALIBABA_CLOUD_ECS_METADATA (not set); "
                 "ALIBABA_CLOUD_CREDENTIALS_URI (not set)");
}

static void test_file_variables_override_paths(void **state)
{
    struct creds *c = NULL;
    struct buf err;
    char cfg[1200], ini[1200];

    (void)state;
    /* Straight from the fixture directory: not under HOME, so the path
     * is shown as it is. */
    snprintf(cfg, sizeof(cfg), "%s/config.json", fixtures);
    snprintf(ini, sizeof(ini), "%s/credentials.ini", fixtures);
    setenv("ALIBABA_CLOUD_CONFIG_FILE", cfg, 1);
    setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", ini, 1);
    assert_int_equal(resolve("lower", &c, &err), CREDS_OK);
    {
        char want[1400];

        snprintf(want, sizeof(want), "profile \"lower\" (StsToken) in %s",
                 cfg);
        assert_string_equal(creds_source(c), want);
    }
    creds_free(c);
    buf_free(&err);
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("role", &c, &err), CREDS_OK);
    {
        char want[1400];

        snprintf(want, sizeof(want), "section [role] (ram_role_arn) in %s",
                 ini);
        assert_string_equal(creds_source(c), want);
    }
    creds_free(c);
    buf_free(&err);
}

/* ================================================================== */
/* config.json modes                                                   */
/* ================================================================== */

static void test_config_mode_case_and_guess(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    assert_int_equal(resolve("lower", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"lower\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxLowerKey0001", "FxLowerSecret0001",
                "FxLowerToken0001");
    assert_string_equal(creds_region(c), "eu-central-1");
    creds_free(c);
    buf_free(&err);
    /* mode "": an AK pair with an sts_token is StsToken. */
    assert_int_equal(resolve("guess", &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"guess\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxGuessKey0001", "FxGuessSecret0001",
                "FxGuessToken0001");
    creds_free(c);
    buf_free(&err);
}

static void test_config_ram_role_arn_request(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    assert_int_equal(script.used, 1);
    assert_string_equal(script.req[0].method, "POST");
    /* The client's STS override wins over the profile's sts_region. */
    assert_string_equal(script.req[0].url,
                        STS_SIM "/?DurationSeconds=1800&ExternalId=ext-ops-1"
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fops"
                        "&RoleSessionName=linkrole-ops");
    assert_non_null(strstr(script.req[0].headers, "x-acs-action: "
                                                  "AssumeRole\n"));
    assert_non_null(strstr(script.req[0].headers,
                           "Credential=LTAI5tFxOps0001,"));
    assert_null(strstr(script.req[0].headers, "x-acs-security-token"));
    assert_string_equal(creds_source(c), "profile \"ops\" (RamRoleArn) in "
                                         "~/.aliyun/config.json");
    assert_string_equal(creds_region(c), "cn-beijing");
    assert_string_equal(creds_access_key_id(c), "STS.FxAssumed0001");
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    creds_free(c);
    buf_free(&err);
}

static void test_sts_endpoint_precedence(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    client.endpoint[API_STS] = NULL;
    /* The profile's sts_endpoint beats its sts_region (https, no "/"). */
    push(TRANSPORT_OK, 200, sts_answer);
    setenv("ALIBABA_CLOUD_STS_ENDPOINT", "sts.example.com", 1);
    assert_int_equal(resolve("ops-vpc", &c, &err), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        "https://sts-vpc.cn-hangzhou.aliyuncs.com/"
                        "?DurationSeconds=3600"
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole%2Fvpc"
                        "&RoleSessionName=vpc");
    creds_free(c);
    buf_free(&err);
    /* Then $ALIBABA_CLOUD_STS_ENDPOINT, even over sts_region. */
    push(TRANSPORT_OK, 200, sts_answer);
    setenv("ALIBABA_CLOUD_STS_ENDPOINT", "http://sts.example.com/", 1);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    assert_int_equal(strncmp(script.req[1].url, "https://sts.example.com/?",
                             25), 0);
    creds_free(c);
    buf_free(&err);
    /* Then sts_region. */
    unsetenv("ALIBABA_CLOUD_STS_ENDPOINT");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    assert_int_equal(strncmp(script.req[2].url,
                             "https://sts.cn-shanghai.aliyuncs.com/?", 38),
                     0);
    creds_free(c);
    buf_free(&err);
    /* Then the global endpoint. */
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops-plain", &c, &err), CREDS_OK);
    assert_int_equal(strncmp(script.req[3].url, "https://sts.aliyuncs.com/?",
                             26), 0);
    creds_free(c);
    buf_free(&err);
}

static void test_assume_role_refused_message(void **state)
{
    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 404, sts_refused);
    expect_error("ops", CREDS_ERROR,
                 "profile \"ops\" (RamRoleArn): AssumeRole refused: "
                 "EntityNotExist.Role: The role not exists: "
                 "acs:ram::1234567890123456:role/ops.");
    push(TRANSPORT_CONNECT, 0, NULL);
    expect_error("ops", CREDS_ERROR,
                 "profile \"ops\" (RamRoleArn): AssumeRole at " STS_SIM
                 " failed: scripted failure");
}

static void test_chainable_ram_role_arn(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    push(TRANSPORT_OK, 200, sts_answer2);
    assert_int_equal(resolve("chain", &c, &err), CREDS_OK);
    assert_int_equal(script.used, 2);
    /* First the source profile's role, with its access key ... */
    assert_non_null(strstr(script.req[0].url, "RoleSessionName=linkrole-ops"));
    assert_non_null(strstr(script.req[0].headers,
                           "Credential=LTAI5tFxOps0001,"));
    /* ... then ours, with what that gave. */
    assert_string_equal(script.req[1].url,
                        STS_SIM "/?DurationSeconds=3600"
                        "&RoleArn=acs%3Aram%3A%3A6543210987654321%3Arole"
                        "%2Fdeploy&RoleSessionName=linkrole-chain");
    assert_non_null(strstr(script.req[1].headers,
                           "Credential=STS.FxAssumed0001,"));
    assert_non_null(strstr(script.req[1].headers,
                           "x-acs-security-token: FxAssumedToken0001\n"));
    assert_string_equal(creds_source(c), "profile \"chain\" "
                                         "(ChainableRamRoleArn) in "
                                         "~/.aliyun/config.json");
    assert_string_equal(creds_region(c), "ap-southeast-1");
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    creds_free(c);
    buf_free(&err);
}

static void test_chain_cycle_is_reported(void **state)
{
    (void)state;
    put_config("config-cycle.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"c\" (ChainableRamRoleArn)"
                 ": source_profile makes a cycle: \"b\" -> \"c\" -> \"b\"");
    assert_int_equal(script.used, 0);
}

static void test_ecs_ram_role_imdsv2_requests(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, "FxImdsToken0001\n");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c, &err), CREDS_OK);
    assert_int_equal(script.used, 2);
    assert_string_equal(script.req[0].method, "PUT");
    assert_string_equal(script.req[0].url, MD "/latest/api/token");
    assert_string_equal(script.req[0].headers,
                        "X-aliyun-ecs-metadata-token-ttl-seconds: 21600\n");
    assert_string_equal(script.req[1].method, "GET");
    assert_string_equal(script.req[1].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxEcsRole");
    assert_string_equal(script.req[1].headers,
                        "X-aliyun-ecs-metadata-token: FxImdsToken0001\n");
    for (int i = 0; i < 2; i++) {
        assert_true(script.req[i].plain_http_ok);
        assert_int_equal(script.req[i].connect_timeout_ms, 1000);
        assert_int_equal(script.req[i].timeout_ms, 2000);
    }
    assert_string_equal(creds_source(c), "profile \"ecs\" (EcsRamRole) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    creds_free(c);
    buf_free(&err);
}

static void test_ecs_imdsv1_fallback(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 403, "forbidden");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c, &err), CREDS_OK);
    assert_string_equal(script.req[1].method, "GET");
    assert_string_equal(script.req[1].headers, "");
    assert_non_null(strstr(logged, "no IMDSv2 token (HTTP 403); trying "
                                   "IMDSv1"));
    creds_free(c);
    buf_free(&err);
    /* A transport failure on the PUT falls back the same way. */
    push(TRANSPORT_AMBIGUOUS, 0, NULL);
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c, &err), CREDS_OK);
    assert_string_equal(script.req[3].headers, "");
    creds_free(c);
    buf_free(&err);
}

static void test_ecs_imdsv1_disabled(void **state)
{
    (void)state;
    put_config("config.json");
    setenv("ALIBABA_CLOUD_IMDSV1_DISABLED", "true", 1);
    push(TRANSPORT_OK, 404, "not found");
    expect_error("ecs", CREDS_ERROR,
                 "ECS metadata service at " MD ": no IMDSv2 token (HTTP 404), "
                 "and ALIBABA_CLOUD_IMDSV1_DISABLED=true rules out IMDSv1 "
                 "(set by profile \"ecs\" (EcsRamRole) in "
                 "~/.aliyun/config.json)");
    assert_int_equal(script.used, 1);
}

static void test_ecs_role_discovered(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "  FxFoundRole\n");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs-discover", &c, &err), CREDS_OK);
    assert_string_equal(script.req[1].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/");
    assert_string_equal(script.req[1].headers,
                        "X-aliyun-ecs-metadata-token: FxImdsToken0001\n");
    assert_string_equal(script.req[2].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/FxFoundRole");
    creds_free(c);
    buf_free(&err);
    /* No role attached. */
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "\n");
    expect_error("ecs-discover", CREDS_ERROR,
                 "ECS metadata service at " MD ": this instance has no RAM "
                 "role attached (set by profile \"ecs-discover\" "
                 "(EcsRamRole) in ~/.aliyun/config.json)");
}

static void test_ecs_unreachable_message(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    push(TRANSPORT_CONNECT, 0, NULL);
    push(TRANSPORT_CONNECT, 0, NULL);
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": cannot connect: scripted "
                 "failure (set by ALIBABA_CLOUD_ECS_METADATA)");
}

static void test_ecs_default_endpoint_and_override(void **state)
{
    struct creds_options o;
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    memset(&o, 0, sizeof(o));
    o.client = &client;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c, &err), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        "http://100.100.100.200/latest/api/token");
    creds_free(c);
    buf_free(&err);
    setenv("LINKROLE_METADATA_ENDPOINT", "http://127.0.0.1:7/", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c, &err), CREDS_OK);
    assert_string_equal(script.req[2].url,
                        "http://127.0.0.1:7/latest/api/token");
    creds_free(c);
    buf_free(&err);
    /* The option beats the variable. */
    o.metadata_endpoint = MD;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve_opts(&o, &c, &err), CREDS_OK);
    assert_string_equal(script.req[4].url, MD "/latest/api/token");
    creds_free(c);
    buf_free(&err);
}

static void test_ecs_bad_answers(void **state)
{
    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Failed\",\"AccessKeyId\":\"x\"}");
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": the answer's Code is "
                 "\"Failed\", not \"Success\" (set by "
                 "ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\",\"AccessKeyId\":\"STS.x\","
         "\"AccessKeySecret\":\"FxMetaSecret0001\",\"Expiration\":"
         "\"2024-01-02T09:04:05Z\"}");
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": the answer has no usable "
                 "SecurityToken (set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 404, "<html>404</html>");
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": HTTP 404 for role "
                 "FxEcsRole (set by ALIBABA_CLOUD_ECS_METADATA)");
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "not json");
    expect_error(NULL, CREDS_ERROR,
                 "ECS metadata service at " MD ": the answer is not a JSON "
                 "object (set by ALIBABA_CLOUD_ECS_METADATA)");
    /* A role name that would change the URL's path is refused unsent. */
    setenv("ALIBABA_CLOUD_ECS_METADATA", "../x", 1);
    expect_error(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_ECS_METADATA (\"../x\") is not a RAM role "
                 "name");
    assert_int_equal(script.used, 8);
}

static void test_credentials_uri_profile(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve("uri", &c, &err), CREDS_OK);
    assert_string_equal(script.req[0].method, "GET");
    assert_string_equal(script.req[0].url, "http://127.0.0.1:1234/creds"
                                           "?token=FxUriQuerySecret0001");
    assert_false(script.req[0].plain_http_ok);
    assert_string_equal(creds_source(c), "profile \"uri\" (CredentialsURI) "
                                         "in ~/.aliyun/config.json");
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    creds_free(c);
    buf_free(&err);
    push(TRANSPORT_OK, 500, "oops");
    expect_error("uri", CREDS_ERROR,
                 "credentials URI http://127.0.0.1:1234/creds?...: HTTP 500 "
                 "(set by profile \"uri\" (CredentialsURI) in "
                 "~/.aliyun/config.json)");
    push(TRANSPORT_OK, 200, "{\"Code\":\"Success\"}");
    expect_error("uri", CREDS_ERROR,
                 "credentials URI http://127.0.0.1:1234/creds?...: the "
                 "answer has no usable AccessKeyId (set by profile \"uri\" "
                 "(CredentialsURI) in ~/.aliyun/config.json)");
    /* The switch the CLI honours turns the mode off. */
    setenv("ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS", "1", 1);
    expect_error("uri", CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"uri\" (CredentialsURI): "
                 "CredentialsURI is turned off by "
                 "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
}

/* A transport that quotes the whole URL in its error, to prove the
 * secret parts are cut from messages all the same. */
static int quoting_send(struct transport *t, const struct http_request *req,
                        struct http_response *resp, struct buf *err)
{
    (void)t;
    (void)resp;
    buf_printf(err, "could not reach %s", req->url);
    return TRANSPORT_CONNECT;
}

static const struct transport_ops quoting_ops = { quoting_send, NULL };

static void test_credentials_uri_variable_elides_secrets(void **state)
{
    struct transport quoting = { &quoting_ops, NULL };
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI",
           "http://u:FxUserinfoSecret@127.0.0.1:1234/creds"
           "?sig=FxEnvUriSecret0001#frag", 1);
    push(TRANSPORT_OK, 200, uri_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "credentials URI "
                                         "(http://...@127.0.0.1:1234/creds"
                                         "?...)");
    assert_false(script.req[0].plain_http_ok);
    assert_int_equal(script.req[0].connect_timeout_ms, 5000);
    creds_free(c);
    buf_free(&err);
    client.transport = &quoting;
    expect_error(NULL, CREDS_ERROR,
                 "credentials URI http://...@127.0.0.1:1234/creds?...: "
                 "cannot connect: could not reach "
                 "http://...@127.0.0.1:1234/creds?...#frag "
                 "(set by ALIBABA_CLOUD_CREDENTIALS_URI)");
    setenv("ALIBABA_CLOUD_CREDENTIALS_URI", "ftp://127.0.0.1/c", 1);
    expect_error(NULL, CREDS_ERROR,
                 "credentials URI: not an http:// or https:// URL (set by "
                 "ALIBABA_CLOUD_CREDENTIALS_URI)");
}

static void test_unsupported_modes(void **state)
{
    (void)state;
    put_config("config.json");
    expect_error("external", CREDS_ERROR,
                 "profile mode External is not supported (file "
                 "~/.aliyun/config.json, profile \"external\"); supported: "
                 "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, "
                 "CredentialsURI");
    expect_error("oidc", CREDS_ERROR,
                 "profile mode OIDC is not supported (file "
                 "~/.aliyun/config.json, profile \"oidc\"); supported: "
                 "AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, "
                 "CredentialsURI");
}

/* ================================================================== */
/* the INI file                                                        */
/* ================================================================== */

static void test_ini_types(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_ini("credentials.ini");
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    expect_keys(c, "LTAI5tFxIniDefault01", "FxIniDefaultSecret0001", NULL);
    creds_free(c);
    buf_free(&err);

    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("role", &c, &err), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        STS_SIM "/?DurationSeconds=900"
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole"
                        "%2Fini-role&RoleSessionName=ini-session");
    assert_non_null(strstr(script.req[0].headers,
                           "Credential=LTAI5tFxIniRole0001,"));
    assert_string_equal(creds_source(c), "section [role] (ram_role_arn) in "
                                         "~/.alibabacloud/credentials");
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    creds_free(c);
    buf_free(&err);

    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c, &err), CREDS_OK);
    assert_string_equal(script.req[2].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/"
                                           "FxIniEcsRole");
    assert_string_equal(creds_source(c), "section [ecs] (ecs_ram_role) in "
                                         "~/.alibabacloud/credentials");
    creds_free(c);
    buf_free(&err);

    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "FxFoundRole");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs-discover", &c, &err), CREDS_OK);
    assert_string_equal(script.req[5].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/"
                                           "FxFoundRole");
    creds_free(c);
    buf_free(&err);
}

static void test_ini_bad_sections(void **state)
{
    (void)state;
    put_ini("credentials.ini");
    expect_error("bearer", CREDS_ERROR,
                 "profile type bearer is not supported (file "
                 "~/.alibabacloud/credentials, section [bearer]); "
                 "supported: access_key, sts, ram_role_arn, ecs_ram_role");
    expect_error("incomplete", CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [incomplete] "
                 "(access_key): field \"access_key_secret\" is missing");
    expect_error("notype", CREDS_ERROR,
                 "~/.alibabacloud/credentials: section [notype]: field "
                 "\"type\" is missing");
}

static void test_ini_syntax_error_line(void **state)
{
    (void)state;
    put_ini("credentials-bad.ini");
    expect_error(NULL, CREDS_ERROR,
                 "~/.alibabacloud/credentials:7: expected \"key = value\"");
}

/* Writes text to HOME/.alibabacloud/credentials. */
static void write_ini(const char *text)
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

static void test_ini_syntax_rules(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    write_ini("key = value\n");
    expect_error(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:1: "
                                    "\"key = value\" before any [section]");
    write_ini("# c\n[default\n");
    expect_error(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:2: "
                                    "expected \"]\" at the end of the "
                                    "section header");
    write_ini("[ ]\n");
    expect_error(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:1: "
                                    "empty section name");
    write_ini("[default]\n = x\n");
    expect_error(NULL, CREDS_ERROR, "~/.alibabacloud/credentials:2: "
                                    "expected \"key = value\"");
    /* CRLF, a BOM, blanks around "=", a repeated key (the last wins),
     * and a value kept verbatim after trimming. */
    write_ini("\xef\xbb\xbf; sdk file\r\n[default]\r\ntype=access_key\r\n"
              "access_key_id =  LTAI5tFxEnv0001 \r\n"
              "access_key_secret\t=\tFxOtherSecret0001\r\n"
              "access_key_secret = FxEnvSecret0001 # not a comment\r\n");
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    expect_keys(c, "LTAI5tFxEnv0001", "FxEnvSecret0001 # not a comment",
                NULL);
    creds_free(c);
    buf_free(&err);
}

/* ================================================================== */
/* broken config.json                                                  */
/* ================================================================== */

static void test_config_bad_json_position(void **state)
{
    (void)state;
    put_config("config-bad-json.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json:3:13: not valid JSON");
    /* The same when the profile is asked for by name. */
    expect_error("default", CREDS_ERROR,
                 "~/.aliyun/config.json:3:13: not valid JSON");
}

static void test_config_missing_field(void **state)
{
    (void)state;
    put_config("config-missing-field.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"ops\" (RamRoleArn): field "
                 "\"ram_session_name\" is missing");
}

static void test_config_wrong_type(void **state)
{
    (void)state;
    put_config("config-wrong-type.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"ops\": field "
                 "\"expired_seconds\" must be a number");
}

static void test_config_current_names_missing_profile(void **state)
{
    (void)state;
    put_config("config-bad-current.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: the current profile \"nope\" does "
                 "not exist");
}

static void test_config_bad_region(void **state)
{
    (void)state;
    put_config("config.json");
    expect_error("bad-region", CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"bad-region\": field "
                 "\"region_id\" must match [a-zA-Z0-9-]+");
}

/* Writes text to HOME/.aliyun/config.json. */
static void write_config(const char *text, size_t len)
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

static void write_config_s(const char *text)
{
    write_config(text, strlen(text));
}

static void test_config_shapes_and_bounds(void **state)
{
    char *big;
    size_t n, len;

    (void)state;
    write_config_s("[]");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: not a JSON "
                                    "object");
    write_config_s("{\"current\":1}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: field "
                                    "\"current\" must be a string");
    write_config_s("{\"profiles\":{}}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: field "
                                    "\"profiles\" must be an array");
    write_config_s("{\"profiles\":[{\"name\":\"a\"},3]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profiles[1] is "
                                    "not an object");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"AK\",\"access_key_id\":7}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"access_key_id\" must be a "
                                    "string");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\"}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"mode\" is missing and no "
                                    "credentials show which it would be");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"RamRoleArn\",\"access_key_id\":\"k\","
                   "\"access_key_secret\":\"FxOpsSecret0001\","
                   "\"ram_role_arn\":\"r\",\"ram_session_name\":\"s\","
                   "\"expired_seconds\":60}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\": "
                                    "field \"expired_seconds\" must be a "
                                    "whole number from 900 to 43200");
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"ChainableRamRoleArn\",\"ram_role_arn\":\"r\","
                   "\"ram_session_name\":\"s\",\"source_profile\":\"z\"}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile \"a\" "
                                    "(ChainableRamRoleArn): source_profile "
                                    "\"z\" not found");
    /* No "current": the CLI's "default" profile, if there is one. */
    write_config_s("{\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
                   "\"access_key_id\":\"k\"}]}");
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: profile "
                                    "\"default\" (AK): field "
                                    "\"access_key_secret\" is missing");

    /* Over 1 MiB. */
    len = (1u << 20) + 1;
    big = malloc(len);
    assert_non_null(big);
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    write_config(big, len);
    free(big);
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: larger than "
                                    "1 MiB");
    /* More than 256 profiles. */
    big = malloc(300 * 16 + 64);
    assert_non_null(big);
    n = (size_t)sprintf(big, "{\"profiles\":[");
    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(big + n, "%s{\"name\":\"p%d\"}", i ? "," : "",
                             i);
    sprintf(big + n, "]}");
    write_config_s(big);
    free(big);
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: more than 256 "
                                    "profiles");
}

static void test_config_not_a_file(void **state)
{
    char path[700];

    (void)state;
    snprintf(path, sizeof(path), "%s/.aliyun", home);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/.aliyun/config.json", home);
    assert_int_equal(mkdir(path, 0700), 0);
    expect_error(NULL, CREDS_ERROR, "~/.aliyun/config.json: not a regular "
                                    "file");
}

/* ================================================================== */
/* refreshing                                                          */
/* ================================================================== */

static void test_refresh_before_expiry(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    fake_now = T0_PLUS_1H - CREDS_REFRESH_BEFORE_S - 1;
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 1);
    fake_now = T0_PLUS_1H - CREDS_REFRESH_BEFORE_S;
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    assert_int_equal(script.used, 2);
    /* Refreshed with the profile's own access key again. */
    assert_non_null(strstr(script.req[1].headers,
                           "Credential=LTAI5tFxOps0001,"));
    assert_string_equal(creds_access_key_id(c), "STS.FxAssumed0002");
    assert_non_null(strstr(logged, "credentials from profile \"ops\" "
                                   "(RamRoleArn) in ~/.aliyun/config.json "
                                   "refreshed"));
    creds_free(c);
    buf_free(&err);
}

static void test_refresh_failure_keeps_valid_keys(void **state)
{
    struct creds *c = NULL;
    struct sign_creds s;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("ops", &c, &err), CREDS_OK);
    buf_free(&err);
    fake_now = T0_PLUS_1H - 100;
    push(TRANSPORT_OK, 404, sts_refused);
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 2);
    assert_non_null(strstr(logged, "credentials from profile \"ops\" "
                                   "(RamRoleArn) in ~/.aliyun/config.json "
                                   "could not be refreshed (profile \"ops\" "
                                   "(RamRoleArn): AssumeRole refused: "
                                   "EntityNotExist.Role: The role not "
                                   "exists: acs:ram::1234567890123456:role/"
                                   "ops.); using the current ones, valid "
                                   "until 2024-01-02T04:04:05Z"));
    /* Not asked again at once ... */
    fake_now += 10;
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 2);
    /* ... but 30 s later. */
    fake_now += 20;
    push(TRANSPORT_CONNECT, 0, NULL);
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_int_equal(script.used, 3);
    /* Expired and still failing: an error. */
    fake_now = T0_PLUS_1H;
    push(TRANSPORT_OK, 404, sts_refused);
    buf_init(&err, 4096);
    assert_int_equal(creds_get(c, &s, &err), -1);
    see(buf_str(&err));
    assert_string_equal(buf_str(&err),
                        "credentials from profile \"ops\" (RamRoleArn) in "
                        "~/.aliyun/config.json expired at "
                        "2024-01-02T04:04:05Z and could not be refreshed: "
                        "profile \"ops\" (RamRoleArn): AssumeRole refused: "
                        "EntityNotExist.Role: The role not exists: "
                        "acs:ram::1234567890123456:role/ops.");
    buf_free(&err);
    /* Once the service is back, so are the credentials. */
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    creds_free(c);
}

static void test_metadata_refresh(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    setenv("ALIBABA_CLOUD_ECS_METADATA", "FxEcsRole", 1);
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    fake_now = MD_EXPIRES - 60;
    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, uri_answer);
    expect_keys(c, "STS.FxMeta0001", "FxMetaSecret0001", "FxMetaToken0001");
    assert_int_equal(script.used, 4);
    assert_string_equal(script.req[2].method, "PUT");
    assert_string_equal(script.req[3].headers,
                        "X-aliyun-ecs-metadata-token: FxImdsToken0001\n");
    creds_free(c);
    buf_free(&err);
}

static void test_chain_refreshes_inner_first(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    push(TRANSPORT_OK, 200, sts_answer);
    push(TRANSPORT_OK, 200, sts_answer2);
    assert_int_equal(resolve("chain", &c, &err), CREDS_OK);
    /* The outer link is about to expire, the inner one has: refreshing
     * the outer makes the inner refresh first, with the profile's own
     * key, and the outer is then signed with the new inner keys. */
    fake_now = T0_PLUS_1H + 3600 - 10;
    push(TRANSPORT_OK, 200, sts_answer3);
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    assert_int_equal(script.used, 4);
    assert_non_null(strstr(script.req[2].url, "RoleSessionName=linkrole-ops"));
    assert_non_null(strstr(script.req[2].headers,
                           "Credential=LTAI5tFxOps0001,"));
    assert_non_null(strstr(script.req[3].headers,
                           "Credential=STS.FxAssumed0003,"));
    creds_free(c);
    buf_free(&err);
}

/* ================================================================== */
/* hygiene                                                             */
/* ================================================================== */

static void test_permission_warnings(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_file("config.json", ".aliyun", "config.json", 0644);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0640);
    /* Asked for by name and only in the INI file: both files read. */
    assert_int_equal(resolve("only-ini", &c, &err), CREDS_OK);
    assert_string_equal(warned,
                        "~/.aliyun/config.json is readable by others (mode "
                        "0644): run chmod 600 ~/.aliyun/config.json\n"
                        "~/.alibabacloud/credentials is readable by its group "
                        "(mode 0640): run chmod 600 "
                        "~/.alibabacloud/credentials\n");
    creds_free(c);
    buf_free(&err);
    warned[0] = '\0';
    put_file("config.json", ".aliyun", "config.json", 0600);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0600);
    assert_int_equal(resolve("only-ini", &c, &err), CREDS_OK);
    assert_string_equal(warned, "");
    creds_free(c);
    buf_free(&err);
}

static void test_pick_region(void **state)
{
    struct creds *c = NULL;
    struct buf err;

    (void)state;
    put_config("config.json");
    assert_int_equal(resolve("sts", &c, &err), CREDS_OK);
    assert_string_equal(creds_pick_region("us-west-1", c), "us-west-1");
    setenv("ALIBABA_CLOUD_REGION_ID", "ap-south-1", 1);
    assert_string_equal(creds_pick_region(NULL, c), "cn-shanghai");
    assert_string_equal(creds_pick_region("", c), "cn-shanghai");
    assert_string_equal(creds_pick_region(NULL, NULL), "ap-south-1");
    unsetenv("ALIBABA_CLOUD_REGION_ID");
    assert_string_equal(creds_pick_region(NULL, NULL), "cn-hangzhou");
    creds_free(c);
    buf_free(&err);
    /* Credentials without a region fall through to the variable. */
    setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI5tFxEnv0001", 1);
    setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "FxEnvSecret0001", 1);
    setenv("ALIBABA_CLOUD_REGION_ID", "ap-south-1", 1);
    assert_int_equal(resolve(NULL, &c, &err), CREDS_OK);
    assert_null(creds_region(c));
    assert_string_equal(creds_pick_region(NULL, c), "ap-south-1");
    creds_free(c);
    buf_free(&err);
}

static void test_no_secret_anywhere(void **state)
{
    static const char *const profiles[] = {
        "default", "sts", "ops", "ops-vpc", "chain", "ecs", "uri", "lower",
        "guess", "external", "oidc", "bad-region", "only-ini", "role",
        "bearer", "incomplete", "notype", "nosuch",
    };

    (void)state;
    put_file("config.json", ".aliyun", "config.json", 0644);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0644);
    /* Every profile, against a service that always fails: every
     * message, source and warning lands in `seen`, which teardown
     * searches for each secret. */
    for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
        struct creds *c = NULL;
        struct buf err;

        memset(&script, 0, sizeof(script));
        for (int k = 0; k < MAX_STEPS; k++)
            push(TRANSPORT_OK, 400, sts_refused);
        if (resolve(profiles[i], &c, &err) == CREDS_OK)
            creds_free(c);
        buf_free(&err);
    }
    put_config("config-wrong-type.json");
    expect_error(NULL, CREDS_ERROR,
                 "~/.aliyun/config.json: profile \"ops\": field "
                 "\"expired_seconds\" must be a number");
    put_ini("credentials-bad.ini");
    expect_error("x", CREDS_ERROR,
                 "~/.alibabacloud/credentials:7: expected \"key = value\"");
    assert_true(strlen(seen) > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_env_access_key_pair),
        T(test_env_security_token_named_in_source),
        T(test_env_half_pair_names_missing_variable),
        T(test_explicit_profile_beats_env),
        T(test_profile_variable_selects_profile),
        T(test_explicit_profile_config_before_ini),
        T(test_explicit_profile_found_in_ini),
        T(test_explicit_profile_not_found),
        T(test_env_beats_config_current),
        T(test_config_current_beats_ini),
        T(test_cli_profile_disabled_skips_config),
        T(test_ini_default_beats_metadata),
        T(test_ini_without_default_falls_through),
        T(test_metadata_variable_beats_credentials_uri),
        T(test_nothing_found_lists_what_was_tried),
        T(test_file_variables_override_paths),
        T(test_config_mode_case_and_guess),
        T(test_config_ram_role_arn_request),
        T(test_sts_endpoint_precedence),
        T(test_assume_role_refused_message),
        T(test_chainable_ram_role_arn),
        T(test_chain_cycle_is_reported),
        T(test_ecs_ram_role_imdsv2_requests),
        T(test_ecs_imdsv1_fallback),
        T(test_ecs_imdsv1_disabled),
        T(test_ecs_role_discovered),
        T(test_ecs_unreachable_message),
        T(test_ecs_default_endpoint_and_override),
        T(test_ecs_bad_answers),
        T(test_credentials_uri_profile),
        T(test_credentials_uri_variable_elides_secrets),
        T(test_unsupported_modes),
        T(test_ini_types),
        T(test_ini_bad_sections),
        T(test_ini_syntax_error_line),
        T(test_ini_syntax_rules),
        T(test_config_bad_json_position),
        T(test_config_missing_field),
        T(test_config_wrong_type),
        T(test_config_current_names_missing_profile),
        T(test_config_bad_region),
        T(test_config_shapes_and_bounds),
        T(test_config_not_a_file),
        T(test_refresh_before_expiry),
        T(test_refresh_failure_keeps_valid_keys),
        T(test_metadata_refresh),
        T(test_chain_refreshes_inner_first),
        T(test_permission_warnings),
        T(test_pick_region),
        T(test_no_secret_anywhere),
#undef T
    };

    return cmocka_run_group_tests_name("creds", tests, group_setup,
                                       group_teardown);
}
