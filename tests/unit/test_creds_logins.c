/* Tests of the logins besides keys (src/cloud/creds_oidc.c, creds_sso.c,
 * and their words in src/app/creds_text.c): the exact AssumeRoleWithOIDC
 * request (unsigned, the token in the body), the token file read again
 * at each refresh, the token kept out of every message and of --dry-run,
 * and CloudSSO/OAuth keys that only a new login renews.  External runs
 * real commands: tests/cli/logins.sh has it. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/creds_text.h"
#include "creds_fixture.h"
#include "creds_words.h"

#define ROLE "acs:ram::1234567890123456:role/rrsa"
#define PROVIDER "acs:ram::1234567890123456:oidc-provider/ack"
#define TOKEN1 "eyJhbGciOiJSUzI1NiJ9.FxOidcToken0001.c2ln"
#define TOKEN2 "eyJhbGciOiJSUzI1NiJ9.FxOidcToken0002.c2ln"
#define ENV_SOURCE "environment (ALIBABA_CLOUD_ROLE_ARN, OIDC)"

static char token_path[700];

/* Writes the token file (text as given, newline and all). */
static void put_token(const char *text)
{
    FILE *f;

    snprintf(token_path, sizeof(token_path), "%s/other/token", home);
    {
        char dir[700];

        snprintf(dir, sizeof(dir), "%s/other", home);
        mkdir(dir, 0700);
    }
    f = fopen(token_path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void oidc_env(void)
{
    setenv("ALIBABA_CLOUD_ROLE_ARN", ROLE, 1);
    setenv("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", PROVIDER, 1);
    setenv("ALIBABA_CLOUD_OIDC_TOKEN_FILE", token_path, 1);
}

static void test_oidc_env_request(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_token(TOKEN1 "\n");
    oidc_env();
    setenv("ALIBABA_CLOUD_ROLE_SESSION_NAME", "rrsa-session", 1);
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), ENV_SOURCE);
    assert_int_equal(script.used, 1);
    assert_string_equal(script.req[0].method, "POST");
    /* The action in the query, unsigned: no key, no signature. */
    assert_string_equal(script.req[0].url,
                        STS_SIM "/?Action=AssumeRoleWithOIDC&Format=JSON"
                        "&Version=2015-04-01"
                        "&Timestamp=2024-01-02T03%3A04%3A05Z");
    assert_null(strstr(script.req[0].headers, "Authorization"));
    assert_null(strstr(script.req[0].url, "AccessKeyId"));
    assert_non_null(strstr(script.req[0].headers, "Content-Type: "
                           "application/x-www-form-urlencoded\n"));
    /* The token in the body, its newline trimmed. */
    assert_string_equal(script.req[0].body,
                        "DurationSeconds=3600"
                        "&OIDCProviderArn=acs%3Aram%3A%3A1234567890123456"
                        "%3Aoidc-provider%2Fack"
                        "&OIDCToken=" TOKEN1
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole"
                        "%2Frrsa&RoleSessionName=rrsa-session");
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    creds_free(c);
}

static void test_oidc_token_read_at_each_refresh(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_token(TOKEN1);
    oidc_env();
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    /* The cluster rotates the token; the refresh sends the new one. */
    put_token(TOKEN2);
    fake_now = T0_PLUS_1H - CREDS_REFRESH_BEFORE_S;
    push(TRANSPORT_OK, 200, sts_answer2);
    expect_keys(c, "STS.FxAssumed0002", "FxAssumedSecret0002",
                "FxAssumedToken0002");
    assert_int_equal(script.used, 2);
    assert_non_null(strstr(script.req[1].body, "&OIDCToken=" TOKEN2 "&"));
    assert_null(strstr(script.req[1].body, TOKEN1));
    assert_non_null(find_note(CREDS_N_REFRESHED));
    creds_free(c);
}

static void test_oidc_refusal_hides_the_token(void **state)
{
    char answer[512];

    (void)state;
    put_token(TOKEN1);
    oidc_env();
    /* A server that quotes the token back in its refusal.  From the
     * environment, an implicit source, each failure is passed over and
     * listed: the words are the reason given there. */
    snprintf(answer, sizeof(answer),
             "{\"Code\":\"AuthenticationFail.OIDCToken.Expired\","
             "\"Message\":\"This JsonWebToken is expired: %s\"}", TOKEN1);
    push(TRANSPORT_OK, 401, answer);
    expect_passed_over_words(NULL,
                 "the OIDC role of ALIBABA_CLOUD_ROLE_ARN: AssumeRoleWithOIDC "
                 "refused: AuthenticationFail.OIDCToken.Expired: This "
                 "JsonWebToken is expired: ...");
    /* Unreachable: the network's fault (exit 4), not the login's. */
    push(TRANSPORT_CONNECT, 0, "");
    expect_passed_over_words(NULL,
                 "the OIDC role of ALIBABA_CLOUD_ROLE_ARN: AssumeRoleWithOIDC "
                 "at " STS_SIM " failed: scripted failure");
    assert_true(problem.unreachable);
    /* A gateway's page, and an answer without the keys. */
    push(TRANSPORT_OK, 502, "<html>Bad Gateway</html>");
    expect_passed_over_words(NULL,
                 "the OIDC role of ALIBABA_CLOUD_ROLE_ARN: AssumeRoleWithOIDC "
                 "at " STS_SIM " failed: HTTP 502");
    assert_true(problem.unreachable);
    push(TRANSPORT_OK, 200, "{\"RequestId\": \"r\", \"Credentials\": "
         "{\"AccessKeyId\": \"STS.x\"}}");
    expect_passed_over_words(NULL,
                 "the OIDC role of ALIBABA_CLOUD_ROLE_ARN: AssumeRoleWithOIDC "
                 "at " STS_SIM ": the answer has no usable "
                 "Credentials.AccessKeySecret");
}

static void test_oidc_dry_run(void **state)
{
    struct creds_options o;
    struct creds *c = NULL;
    struct buf d;

    (void)state;
    put_token(TOKEN1);
    oidc_env();
    buf_init(&d, 1u << 16);
    client.dry_run = &d;
    options_init(&o, NULL);
    assert_int_equal(resolve_opts(&o, &c), CREDS_ERROR);
    client.dry_run = NULL;
    assert_int_equal(script.used, 0);
    see(buf_str(&d));
    assert_non_null(strstr(buf_str(&d), "&OIDCToken=<redacted>&"));
    assert_null(strstr(buf_str(&d), "FxOidcToken"));
    buf_free(&d);
}

static void test_oidc_broken(void **state)
{
    char want[1200];

    (void)state;
    put_token(TOKEN1);
    oidc_env();
    unsetenv("ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
    expect_words(NULL, CREDS_ERROR,
                 "ALIBABA_CLOUD_OIDC_PROVIDER_ARN is not set, but the other "
                 "variables of an OIDC login (ALIBABA_CLOUD_ROLE_ARN, "
                 "ALIBABA_CLOUD_OIDC_PROVIDER_ARN, "
                 "ALIBABA_CLOUD_OIDC_TOKEN_FILE) are");
    /* The aliyun CLI's name stands in for it. */
    setenv("ALIBABACLOUD_OIDC_PROVIDER_ARN", PROVIDER, 1);
    put_token(" \n\t\n");
    snprintf(want, sizeof(want), "%s: the OIDC token file is empty",
             token_path);
    expect_words(NULL, CREDS_ERROR, want);
    strcat(token_path, ".gone");
    oidc_env();
    snprintf(want, sizeof(want), "%s: cannot open: No such file or "
             "directory", token_path);
    expect_words(NULL, CREDS_ERROR, want);
    assert_int_equal(script.used, 0);
}

static void test_oidc_profiles(void **state)
{
    struct creds *c = NULL;
    char text[2048];

    (void)state;
    put_token(TOKEN1);
    snprintf(text, sizeof(text),
             "{\"current\": \"rrsa\", \"profiles\": [{\"name\": \"rrsa\", "
             "\"mode\": \"OIDC\", \"oidc_provider_arn\": \"" PROVIDER "\", "
             "\"oidc_token_file\": \"%s\", \"ram_role_arn\": \"" ROLE "\", "
             "\"ram_session_name\": \"from-json\", \"expired_seconds\": "
             "900, \"region_id\": \"cn-shanghai\"}]}", token_path);
    write_config_s(text);
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"rrsa\" (OIDC) in "
                                         "~/.aliyun/config.json");
    assert_string_equal(creds_region(c), "cn-shanghai");
    assert_non_null(strstr(script.req[0].body, "DurationSeconds=900&"));
    assert_non_null(strstr(script.req[0].body,
                           "&RoleSessionName=from-json"));
    creds_free(c);
    /* A field missing is named. */
    snprintf(text, sizeof(text),
             "{\"profiles\": [{\"name\": \"rrsa\", \"mode\": \"OIDC\", "
             "\"oidc_token_file\": \"%s\", \"ram_role_arn\": \"" ROLE "\", "
             "\"ram_session_name\": \"s\"}]}", token_path);
    write_config_s(text);
    expect_words("rrsa", CREDS_ERROR,
                 CFG ": profile \"rrsa\" (OIDC): field \"oidc_provider_arn\" "
                 "is missing");
    empty_home();
    put_token(TOKEN1);
    snprintf(text, sizeof(text),
             "[default]\ntype = oidc_role_arn\nrole_arn = " ROLE "\n"
             "oidc_provider_arn = " PROVIDER "\noidc_token_file_path = %s\n",
             token_path);
    write_ini(text);
    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (oidc_role_arn) "
                                         "in ~/.alibabacloud/credentials");
    /* No role_session_name: one of linkrole's own. */
    assert_non_null(strstr(script.req[1].body,
                           "&RoleSessionName=linkrole-1704164645"));
    creds_free(c);
}

/* A CloudSSO profile whose keys last until `until`. */
static void sso_config(const char *mode, long long until)
{
    char text[1024];

    snprintf(text, sizeof(text),
             "{\"current\": \"sso\", \"profiles\": [{\"name\": \"sso\", "
             "\"mode\": \"%s\", \"cloud_sso_sign_in_url\": "
             "\"https://signin.example.com/d\", \"access_key_id\": "
             "\"STS.FxAssumed0001\", \"access_key_secret\": "
             "\"FxAssumedSecret0001\", \"sts_token\": \"FxAssumedToken0001\", "
             "\"sts_expiration\": %lld}]}", mode, until);
    write_config_s(text);
}

static void test_login_keys(void **state)
{
    struct creds *c = NULL;
    struct sign_creds s;

    (void)state;
    sso_config("CloudSSO", (long long)T0_PLUS_1H);
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"sso\" (CloudSSO) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    /* Near the end they are kept, with a note, as nothing can renew
     * them; once past it, a login is what is needed. */
    fake_now = T0_PLUS_1H - 60;
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    assert_non_null(find_note(CREDS_N_KEPT));
    fake_now = T0_PLUS_1H;
    assert_int_equal(creds_current(c, &s, &problem), -1);
    expect_text(&problem,
                "credentials from profile \"sso\" (CloudSSO) in "
                "~/.aliyun/config.json expired at 2024-01-02T04:04:05Z and "
                "could not be refreshed: " CFG ": profile \"sso\" (CloudSSO): "
                "the keys of the last aliyun CLI login are good only until "
                "2024-01-02T04:04:05Z; log in again: aliyun configure --mode "
                "CloudSSO --profile sso");
    assert_int_equal(script.used, 0);
    creds_free(c);
    /* Expired already, or within the margin: the login, at once. */
    fake_now = T0;
    sso_config("OAuth", (long long)T0 + CREDS_REFRESH_BEFORE_S);
    expect_words("sso", CREDS_ERROR,
                 CFG ": profile \"sso\" (OAuth): the keys of the last aliyun "
                 "CLI login are good only until 2024-01-02T03:07:05Z; log in "
                 "again: aliyun configure --mode OAuth --profile sso");
    assert_int_equal(problem.code, CREDS_E_LOGIN_EXPIRED);
    /* As the current profile, it is passed over, with the same words
     * among the reasons (the chain goes on to the INI file). */
    expect_passed_over_words(NULL,
                 CFG ": profile \"sso\" (OAuth): the keys of the last aliyun "
                 "CLI login are good only until 2024-01-02T03:07:05Z; log in "
                 "again: aliyun configure --mode OAuth --profile sso");
    assert_int_equal(problem.code, CREDS_E_LOGIN_EXPIRED);
    write_config_s("{\"profiles\": [{\"name\": \"sso\", \"mode\": "
                   "\"CloudSSO\", \"sts_expiration\": \"soon\"}]}");
    expect_words("sso", CREDS_ERROR,
                 CFG ": profile \"sso\" (CloudSSO): field \"sts_expiration\" "
                 "must be a number");
}

static void test_external_words(void **state)
{
    struct creds_problem p;

    (void)state;
    memset(&p, 0, sizeof(p));
    p.origin = CREDS_FROM_CONFIG;
    snprintf(p.file, sizeof(p.file), CFG);
    snprintf(p.profile, sizeof(p.profile), "ext");
    snprintf(p.mode, sizeof(p.mode), "External");
    snprintf(p.value, sizeof(p.value), "helper");
    p.code = CREDS_E_EXT_STATUS;
    p.min = 2;
    expect_text(&p, CFG ": profile \"ext\" (External): process_command "
                    "helper failed with exit status 2 (run it by hand to "
                    "see its messages)");
    p.max = 9;
    expect_text(&p, CFG ": profile \"ext\" (External): process_command "
                    "helper was ended by signal 9 (run it by hand to see "
                    "its messages)");
    p.code = CREDS_E_EXT_TIMEOUT;
    p.limit = 10;
    expect_text(&p, CFG ": profile \"ext\" (External): process_command "
                    "helper did not finish in 10 s and was stopped");
    p.code = CREDS_E_EXT_NO_FIELD;
    snprintf(p.field, sizeof(p.field), "access_key_secret");
    expect_text(&p, CFG ": profile \"ext\" (External): process_command "
                    "helper printed no usable \"access_key_secret\"");
    p.code = CREDS_E_EXT_TURNED_OFF;
    expect_text(&p, CFG ": profile \"ext\" (External): External is turned "
                    "off by ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, words_setup, teardown)
        T(test_oidc_env_request),
        T(test_oidc_token_read_at_each_refresh),
        T(test_oidc_refusal_hides_the_token),
        T(test_oidc_dry_run),
        T(test_oidc_broken),
        T(test_oidc_profiles),
        T(test_login_keys),
        T(test_external_words),
#undef T
    };

    return cmocka_run_group_tests_name("creds_logins", tests, group_setup,
                                       group_teardown);
}
