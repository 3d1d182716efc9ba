/* Tests of what a profile configures beyond its keys (issue 10, point 5):
 * a session policy and a profile's sts_token in the AssumeRole request,
 * the STS endpoint's precedence with ALIBABA_CLOUD_STS_REGION and VPC
 * endpoints, the API's VPC hosts, and the warning and note about keys,
 * worded (src/cloud/creds_sts.c, creds_cli.c, creds_ini.c, creds_keys.c,
 * api_vpc.c; app/creds_text.c). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/creds_text.h"
#include "core/buf.h"
#include "creds_fixture.h"

#define INI_SHOWN "~/.alibabacloud/credentials"
#define ROLE "acs:ram::1234567890123456:role/ops"
#define KEYS "\"access_key_id\": \"LTAI5tFxOps0001\", " \
             "\"access_key_secret\": \"FxOpsSecret0001\", "

/* Variables this file's tests set, unset around each. */
static const char *const vars[] = {
    "ALIBABA_CLOUD_STS_REGION", "ALIBABA_CLOUD_STS_ENDPOINT",
    "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "ALIBABA_CLOUD_ENDPOINT_TYPE",
    "ALIBABACLOUD_ENDPOINT_TYPE", "ALICLOUD_ENDPOINT_TYPE",
    "ALIBABA_CLOUD_ROLE_SESSION_NAME"
};

static int my_setup(void **state)
{
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
    return setup(state);
}

static int my_teardown(void **state)
{
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        unsetenv(vars[i]);
    return teardown(state);
}

/* config.json with one profile "p": mode and the rest of its keys. */
static void one_profile(const char *mode, const char *keys)
{
    char text[8192];

    snprintf(text, sizeof(text),
             "{\"current\": \"p\", \"profiles\": [{\"name\": \"p\", "
             "\"mode\": \"%s\", %s \"region_id\": \"cn-hangzhou\"}]}",
             mode, keys);
    write_config_s(text);
}

static void role_profile(const char *more)
{
    char keys[6000];

    snprintf(keys, sizeof(keys), KEYS "\"ram_role_arn\": \"" ROLE "\", "
             "\"ram_session_name\": \"s\", %s", more);
    one_profile("RamRoleArn", keys);
}

/* Resolves the current profile with an STS answer queued; the URL of
 * the AssumeRole request goes to url[size]. */
static enum creds_status assume(char *url, size_t size)
{
    struct creds *c = NULL;
    enum creds_status st;

    push(TRANSPORT_OK, 200, sts_answer);
    st = resolve(NULL, &c);
    snprintf(url, size, "%s", script.used ? script.req[0].url : "");
    creds_free(c);
    return st;
}

static void test_policy_sent(void **state)
{
    char url[2048];

    (void)state;
    role_profile("\"policy\": \"{\\\"Version\\\":\\\"1\\\"}\",");
    assert_int_equal(assume(url, sizeof(url)), CREDS_OK);
    assert_non_null(strstr(url, "&Policy=%7B%22Version%22%3A%221%22%7D&"));
    /* No policy, no Policy parameter. */
    memset(&script, 0, sizeof(script));
    role_profile("");
    assert_int_equal(assume(url, sizeof(url)), CREDS_OK);
    assert_null(strstr(url, "Policy="));
}

static void test_policy_refused_before_sending(void **state)
{
    const struct creds_problem *p;
    char big[3000], more[3100];

    (void)state;
    role_profile("\"policy\": \"[1, 2]\",");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_NOT_POLICY);
    assert_at(p, "~/.aliyun/config.json", CREDS_FROM_CONFIG, "p",
              "RamRoleArn");
    assert_string_equal(p->field, "policy");
    assert_int_equal(script.used, 0);

    memset(big, 'x', 2100);
    big[2100] = '\0';
    snprintf(more, sizeof(more), "\"policy\": \"{\\\"x\\\": \\\"%s\\\"}\",",
             big);
    role_profile(more);
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_TOO_LONG);
    assert_string_equal(p->field, "policy");
    assert_int_equal(p->limit, 2048);
    assert_int_equal(script.used, 0);

    empty_home();
    write_ini("[default]\ntype = ram_role_arn\naccess_key_id = LTAI5tFxIni1\n"
              "access_key_secret = FxIniSecret1\nrole_arn = " ROLE "\n"
              "role_session_name = s\npolicy = {\"Version\": \"1\"\n");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_NOT_POLICY);
    assert_at(p, "~/.alibabacloud/credentials", CREDS_FROM_INI, "default",
              "ram_role_arn");
}

/* An INI role section without role_session_name takes the SDKs'
 * ALIBABA_CLOUD_ROLE_SESSION_NAME, else a name of linkrole's own, as the
 * official library does (tests/interop/credlib found the difference). */
static void test_ini_session_name(void **state)
{
    char url[4096];

    (void)state;
    write_ini("[default]\ntype = ram_role_arn\n"
              "access_key_id = LTAI5tFxOps0001\n"
              "access_key_secret = FxOpsSecret0001\nrole_arn = " ROLE "\n");
    setenv("ALIBABA_CLOUD_ROLE_SESSION_NAME", "from-env", 1);
    assert_int_equal(assume(url, sizeof(url)), CREDS_OK);
    assert_non_null(strstr(url, "RoleSessionName=from-env"));
    unsetenv("ALIBABA_CLOUD_ROLE_SESSION_NAME");
    memset(&script, 0, sizeof(script));
    assert_int_equal(assume(url, sizeof(url)), CREDS_OK);
    assert_non_null(strstr(url, "RoleSessionName=linkrole-"));
    /* The section's own name wins over the variable. */
    write_ini("[default]\ntype = ram_role_arn\n"
              "access_key_id = LTAI5tFxOps0001\n"
              "access_key_secret = FxOpsSecret0001\nrole_arn = " ROLE "\n"
              "role_session_name = own\n");
    setenv("ALIBABA_CLOUD_ROLE_SESSION_NAME", "from-env", 1);
    memset(&script, 0, sizeof(script));
    assert_int_equal(assume(url, sizeof(url)), CREDS_OK);
    assert_non_null(strstr(url, "RoleSessionName=own"));
}

static void test_sts_token_signs_assume_role(void **state)
{
    struct creds *c = NULL;

    (void)state;
    one_profile("RamRoleArn",
                "\"access_key_id\": \"STS.FxStsKey0001\", "
                "\"access_key_secret\": \"FxStsSecret0001\", "
                "\"sts_token\": \"FxStsToken0001\", "
                "\"ram_role_arn\": \"" ROLE "\", \"ram_session_name\": \"s\",");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_non_null(strstr(script.req[0].headers,
                           "x-acs-security-token: FxStsToken0001\n"));
    assert_non_null(strstr(script.req[0].headers,
                           "Credential=STS.FxStsKey0001,"));
    creds_free(c);
    /* A plain key pair signs alone. */
    memset(&script, 0, sizeof(script));
    role_profile("");
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_null(strstr(script.req[0].headers, "x-acs-security-token"));
    creds_free(c);
}

/* The STS host of the AssumeRole the current profile sends. */
static void expect_sts_url(const char *want)
{
    char url[2048];

    memset(&script, 0, sizeof(script));
    assert_int_equal(assume(url, sizeof(url)), CREDS_OK);
    assert_int_equal(strncmp(url, want, strlen(want)), 0);
    assert_int_equal(url[strlen(want)], '/');
}

static void test_sts_endpoint_rows(void **state)
{
    (void)state;
    client.endpoint[API_STS] = NULL;
    setenv("ALIBABA_CLOUD_STS_REGION", "cn-shenzhen", 1);
    role_profile("");
    expect_sts_url("https://sts.cn-shenzhen.aliyuncs.com");
    role_profile("\"sts_region\": \"cn-beijing\",");
    expect_sts_url("https://sts.cn-beijing.aliyuncs.com");
    setenv("ALIBABA_CLOUD_STS_ENDPOINT", "http://sts.env.test/", 1);
    expect_sts_url("https://sts.env.test");
    role_profile("\"sts_endpoint\": \"sts.mine.test\",");
    expect_sts_url("https://sts.mine.test");
    unsetenv("ALIBABA_CLOUD_STS_ENDPOINT");
    unsetenv("ALIBABA_CLOUD_STS_REGION");
    role_profile("");
    expect_sts_url("https://sts.aliyuncs.com");
    /* VPC, from the environment or the profile. */
    role_profile("\"sts_region\": \"cn-beijing\",");
    setenv("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "true", 1);
    expect_sts_url("https://sts-vpc.cn-beijing.aliyuncs.com");
    setenv("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "false", 1);
    expect_sts_url("https://sts.cn-beijing.aliyuncs.com");
    setenv("ALICLOUD_ENDPOINT_TYPE", "VPC", 1);
    expect_sts_url("https://sts-vpc.cn-beijing.aliyuncs.com");
    /* The first variable that is set decides. */
    setenv("ALIBABA_CLOUD_ENDPOINT_TYPE", "public", 1);
    expect_sts_url("https://sts.cn-beijing.aliyuncs.com");
    unsetenv("ALIBABA_CLOUD_ENDPOINT_TYPE");
    unsetenv("ALICLOUD_ENDPOINT_TYPE");
    role_profile("\"sts_region\": \"cn-beijing\", \"endpoint_type\": \"vpc\",");
    expect_sts_url("https://sts-vpc.cn-beijing.aliyuncs.com");
    role_profile("\"sts_region\": \"cn-beijing\", \"enable_vpc\": true,");
    expect_sts_url("https://sts-vpc.cn-beijing.aliyuncs.com");
}

static void test_creds_vpc(void **state)
{
    struct creds *c = NULL;

    (void)state;
    one_profile("AK", KEYS "\"endpoint_type\": \"vpc\",");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_true(creds_vpc(c));
    creds_free(c);
    one_profile("AK", KEYS);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_false(creds_vpc(c));
    setenv("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "TRUE", 1);
    assert_true(creds_vpc(c));
    assert_true(creds_vpc(NULL));
    creds_free(c);
    unsetenv("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED");
    one_profile("AK", KEYS "\"enable_vpc\": 1,");
    assert_int_equal(resolve(NULL, &c), CREDS_ERROR);
    assert_int_equal(problem.code, CREDS_E_FIELD_TYPE);
    assert_int_equal(problem.want, CREDS_WANT_BOOL);
    assert_string_equal(problem.field, "enable_vpc");
}

static void expect_endpoint(const struct api_client *cl, enum api_product p,
                            const char *want)
{
    struct buf b;

    buf_init(&b, 4096);
    assert_int_equal(api_endpoint(cl, p, &b), 0);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void test_api_vpc_hosts(void **state)
{
    struct api_client cl;

    (void)state;
    api_client_init(&cl);
    cl.region = "cn-beijing";
    expect_endpoint(&cl, API_RESOURCEMANAGER,
                    "https://resourcemanager.aliyuncs.com");
    cl.vpc = true;
    expect_endpoint(&cl, API_RESOURCEMANAGER,
                    "https://resourcemanager-vpc.aliyuncs.com");
    expect_endpoint(&cl, API_RAM, "https://ram-vpc.aliyuncs.com");
    expect_endpoint(&cl, API_STS, "https://sts-vpc.cn-beijing.aliyuncs.com");
    /* The DBS SDK's map wins over the network, as in the SDK. */
    expect_endpoint(&cl, API_DBS, "https://dbs-api.cn-hangzhou.aliyuncs.com");
    /* So does the STS SDK's, for the regions it maps. */
    cl.region = "ap-south-1";
    expect_endpoint(&cl, API_STS, "https://sts.aliyuncs.com");
    cl.region = NULL;
    expect_endpoint(&cl, API_STS, "https://sts-vpc.cn-hangzhou.aliyuncs.com");
    /* An endpoint given wins. */
    cl.endpoint[API_RAM] = "http://127.0.0.1:8";
    expect_endpoint(&cl, API_RAM, "http://127.0.0.1:8");
}

/* The warnings so far, worded, one a line. */
static void words_of_warnings(char *out, size_t size)
{
    struct buf b;

    buf_init(&b, 65536);
    for (size_t i = 0; i < nwarnings; i++) {
        assert_int_equal(creds_warning_text(&b, &warnings[i]), BUF_OK);
        assert_int_equal(buf_adds(&b, "\n"), BUF_OK);
    }
    snprintf(out, size, "%s", buf_str(&b));
    buf_free(&b);
}

static void test_unknown_keys(void **state)
{
    struct creds *c = NULL;
    char words[4096];

    (void)state;
    write_config_s("{\"current\": \"p\", \"Meta_Path\": \"\", \"colour\": 1, "
                   "\"profiles\": [{\"name\": \"p\", \"mode\": \"AK\", "
                   KEYS "\"regoin_id\": \"cn-beijing\", "
                   "\"output_format\": \"json\", \"Language\": \"en\"}]}");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    creds_free(c);
    assert_int_equal(nwarnings, 2);
    assert_int_equal(warnings[0].code, CREDS_W_UNKNOWN_KEY);
    assert_int_equal(warnings[0].origin, CREDS_FROM_CONFIG);
    assert_string_equal(warnings[0].profile, "");
    assert_string_equal(warnings[0].field, "colour");
    assert_string_equal(warnings[0].near, "");
    assert_string_equal(warnings[1].profile, "p");
    assert_string_equal(warnings[1].field, "regoin_id");
    assert_string_equal(warnings[1].near, "region_id");
    words_of_warnings(words, sizeof(words));
    assert_string_equal(words,
                        "~/.aliyun/config.json: unknown key \"colour\" is "
                        "not used\n"
                        "~/.aliyun/config.json: profile \"p\": unknown key "
                        "\"regoin_id\" is not used (did you mean "
                        "\"region_id\"?)\n");
    /* The profile in use: its keys linkrole leaves aside, in order. */
    assert_non_null(find_note(CREDS_N_UNUSED_KEYS));
    assert_string_equal(find_note(CREDS_N_UNUSED_KEYS)->detail,
                        "output_format, language");

    nwarnings = 0;
    notes_reset();
    empty_home();
    write_ini("[default]\ntype = access_key\naccess_key_id = LTAI5tFxIni1\n"
              "access_key_secret = FxIniSecret1\nproxy = http://p\n"
              "tpye = sts\ntpye = sts\n[x]\nhost = h\nfoo = 1\n");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    creds_free(c);
    words_of_warnings(words, sizeof(words));
    assert_string_equal(words,
                        "~/.alibabacloud/credentials: section [default]: "
                        "unknown key \"tpye\" is not used (did you mean "
                        "\"type\"?)\n"
                        "~/.alibabacloud/credentials: section [x]: unknown "
                        "key \"foo\" is not used\n");
    assert_string_equal(find_note(CREDS_N_UNUSED_KEYS)->detail, "proxy");
}

static size_t nunknown;
static struct creds_warning last_warning;

static void count_warning(const struct creds_warning *w)
{
    nunknown += w->code == CREDS_W_UNKNOWN_KEY;
    last_warning = *w;
}

static void test_unknown_keys_counted(void **state)
{
    struct creds *c = NULL;
    char text[4096] = "[default]\ntype = access_key\n"
                      "access_key_id = LTAI5tFxIni1\n"
                      "access_key_secret = FxIniSecret1\n";
    size_t n = strlen(text);
    struct buf b;

    (void)state;
    for (int i = 0; i < 20; i++)
        n += (size_t)snprintf(text + n, sizeof(text) - n, "k%02d = 1\n", i);
    write_ini(text);
    nunknown = 0;
    warn_hook = count_warning;
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    creds_free(c);
    assert_int_equal(nunknown, 16);
    assert_int_equal(last_warning.code, CREDS_W_UNKNOWN_KEYS_MORE);
    assert_int_equal(last_warning.count, 4);
    buf_init(&b, 4096);
    assert_int_equal(creds_warning_text(&b, &last_warning), BUF_OK);
    assert_string_equal(buf_str(&b), INI_SHOWN ": 4 more unknown keys are "
                                             "not used");
    buf_free(&b);
}

static void test_unused_note_worded(void **state)
{
    struct creds_note n;
    struct buf b;

    (void)state;
    memset(&n, 0, sizeof(n));
    n.code = CREDS_N_UNUSED_KEYS;
    n.source = "profile \"p\" (AK) in ~/.aliyun/config.json";
    n.detail = "output_format, site";
    buf_init(&b, 4096);
    assert_int_equal(creds_note_text(&b, &n), BUF_OK);
    assert_string_equal(buf_str(&b),
                        "credentials: profile \"p\" (AK) in "
                        "~/.aliyun/config.json: not used by linkrole "
                        "(settings of the aliyun CLI or the SDKs): "
                        "output_format, site");
    buf_free(&b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, my_setup, my_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_policy_sent),
        T(test_policy_refused_before_sending),
        T(test_ini_session_name),
        T(test_sts_token_signs_assume_role),
        T(test_sts_endpoint_rows),
        T(test_creds_vpc),
        T(test_api_vpc_hosts),
        T(test_unknown_keys),
        T(test_unknown_keys_counted),
        T(test_unused_note_worded),
    };

    return cmocka_run_group_tests_name("creds_profile", tests, group_setup,
                                       group_teardown);
}
