/* Tests of the profile files (src/cloud/creds_cli.c, creds_ini.c,
 * creds_file.c): the aliyun CLI's config.json and the SDKs' INI file in
 * the formats those tools write (tests/fixtures/creds/), the problem
 * (code, file, profile, field) of every malformed file, and permission
 * warnings.  The words are test_creds_text's. */
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

#include "core/ini.h"
#include "creds_fixture.h"

#define CFG "~/.aliyun/config.json"
#define INI "~/.alibabacloud/credentials"

/* Resolves, expecting the INI file to be refused at this line. */
static void expect_ini_syntax(enum ini_status code, size_t line)
{
    const struct creds_problem *p;

    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_INI_SYNTAX);
    assert_at(p, INI, CREDS_FROM_NONE, NULL, NULL);
    assert_int_equal(p->ini, code);
    assert_int_equal(p->line, line);
}

static void test_config_mode_case_and_guess(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_config("config.json");
    assert_int_equal(resolve("lower", &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"lower\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxLowerKey0001", "FxLowerSecret0001",
                "FxLowerToken0001");
    assert_string_equal(creds_region(c), "eu-central-1");
    creds_free(c);
    /* mode "": an AK pair with an sts_token is StsToken. */
    assert_int_equal(resolve("guess", &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"guess\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "STS.FxGuessKey0001", "FxGuessSecret0001",
                "FxGuessToken0001");
    creds_free(c);
}

static void test_unsupported_modes(void **state)
{
    const struct creds_problem *p;

    (void)state;
    write_config_s("{\"profiles\": [{\"name\": \"bearer\", \"mode\": "
                   "\"BearerToken\", \"bearer_token\": \"FxBearer0001\"}, "
                   "{\"name\": \"rsa\", \"mode\": \"RsaKeyPair\"}]}");
    p = expect_problem("bearer", CREDS_ERROR, CREDS_E_MODE_UNSUPPORTED);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "bearer", "BearerToken");
    p = expect_problem("rsa", CREDS_ERROR, CREDS_E_MODE_UNSUPPORTED);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "rsa", "RsaKeyPair");
}

static void test_chain_cycle_is_reported(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_config("config-cycle.json");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_CHAIN_CYCLE);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "c", "ChainableRamRoleArn");
    assert_int_equal(p->nnames, 3);
    assert_string_equal(p->names[0], "b");
    assert_string_equal(p->names[1], "c");
    assert_string_equal(p->names[2], "b");
    assert_int_equal(script.used, 0);
}

static void test_ini_types(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_ini("credentials.ini");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "section [default] (access_key) "
                                         "in ~/.alibabacloud/credentials");
    expect_keys(c, "LTAI5tFxIniDefault01", "FxIniDefaultSecret0001", NULL);
    creds_free(c);

    push(TRANSPORT_OK, 200, sts_answer);
    assert_int_equal(resolve("role", &c), CREDS_OK);
    assert_string_equal(script.req[0].url,
                        STS_SIM "/?DurationSeconds=900"
                        /* the section's policy narrows the session */
                        "&Policy=%7B%22Statement%22%3A%5B%7B%22Action%22%3A"
                        "%5B%22ram%3AGetRole%22%5D%2C%22Effect%22%3A%22"
                        "Allow%22%2C%22Resource%22%3A%22%2A%22%7D%5D%2C%22"
                        "Version%22%3A%221%22%7D"
                        "&RoleArn=acs%3Aram%3A%3A1234567890123456%3Arole"
                        "%2Fini-role&RoleSessionName=ini-session");
    assert_non_null(strstr(script.req[0].headers,
                           "Credential=LTAI5tFxIniRole0001,"));
    assert_string_equal(creds_source(c), "section [role] (ram_role_arn) in "
                                         "~/.alibabacloud/credentials");
    expect_keys(c, "STS.FxAssumed0001", "FxAssumedSecret0001",
                "FxAssumedToken0001");
    creds_free(c);

    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs", &c), CREDS_OK);
    assert_string_equal(script.req[2].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/"
                                           "FxIniEcsRole");
    assert_string_equal(creds_source(c), "section [ecs] (ecs_ram_role) in "
                                         "~/.alibabacloud/credentials");
    creds_free(c);

    push(TRANSPORT_OK, 200, "FxImdsToken0001");
    push(TRANSPORT_OK, 200, "FxFoundRole");
    push(TRANSPORT_OK, 200, md_answer);
    assert_int_equal(resolve("ecs-discover", &c), CREDS_OK);
    assert_string_equal(script.req[5].url, MD "/latest/meta-data/ram/"
                                           "security-credentials/"
                                           "FxFoundRole");
    creds_free(c);
}

static void test_ini_bad_sections(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_ini("credentials.ini");
    p = expect_problem("bearer", CREDS_ERROR, CREDS_E_MODE_UNSUPPORTED);
    assert_at(p, INI, CREDS_FROM_INI, "bearer", "bearer");
    p = expect_problem("incomplete", CREDS_ERROR, CREDS_E_FIELD_MISSING);
    assert_at(p, INI, CREDS_FROM_INI, "incomplete", "access_key");
    assert_string_equal(p->field, "access_key_secret");
    p = expect_problem("notype", CREDS_ERROR, CREDS_E_FIELD_MISSING);
    assert_at(p, INI, CREDS_FROM_INI, "notype", NULL);
    assert_string_equal(p->field, "type");
}

static void test_ini_syntax_error_line(void **state)
{
    (void)state;
    put_ini("credentials-bad.ini");
    expect_ini_syntax(INI_NOT_KEY_VALUE, 7);
}

static void test_ini_syntax_rules(void **state)
{
    struct creds *c = NULL;

    (void)state;
    write_ini("key = value\n");
    expect_ini_syntax(INI_OUTSIDE_SECTION, 1);
    write_ini("# c\n[default\n");
    expect_ini_syntax(INI_UNCLOSED, 2);
    write_ini("[ ]\n");
    expect_ini_syntax(INI_EMPTY_SECTION, 1);
    write_ini("[default]\n = x\n");
    expect_ini_syntax(INI_NOT_KEY_VALUE, 2);
    /* CRLF, a BOM, blanks around "=", a repeated key (the last wins),
     * and a value kept verbatim after trimming. */
    write_ini("\xef\xbb\xbf; sdk file\r\n[default]\r\ntype=access_key\r\n"
              "access_key_id =  LTAI5tFxEnv0001 \r\n"
              "access_key_secret\t=\tFxOtherSecret0001\r\n"
              "access_key_secret = FxEnvSecret0001 # not a comment\r\n");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    expect_keys(c, "LTAI5tFxEnv0001", "FxEnvSecret0001 # not a comment",
                NULL);
    creds_free(c);
}

static void test_config_bad_json_position(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_config("config-bad-json.json");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_JSON_SYNTAX);
    assert_at(p, CFG, CREDS_FROM_NONE, NULL, NULL);
    assert_int_equal(p->line, 3);
    assert_int_equal(p->column, 13);
    /* The same when the profile is asked for by name. */
    p = expect_problem("default", CREDS_ERROR, CREDS_E_JSON_SYNTAX);
    assert_int_equal(p->line, 3);
    assert_int_equal(p->column, 13);
}

static void test_config_missing_field(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_config("config-missing-field.json");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_MISSING);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "ops", "RamRoleArn");
    assert_string_equal(p->field, "ram_session_name");
}

static void test_config_wrong_type(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_config("config-wrong-type.json");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_TYPE);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "ops", NULL);
    assert_string_equal(p->field, "expired_seconds");
    assert_int_equal(p->want, CREDS_WANT_NUMBER);
}

static void test_config_current_names_missing_profile(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_config("config-bad-current.json");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_CURRENT_NOT_FOUND);
    assert_string_equal(p->file, CFG);
    assert_string_equal(p->profile, "nope");
}

static void test_config_bad_region(void **state)
{
    const struct creds_problem *p;

    (void)state;
    put_config("config.json");
    p = expect_problem("bad-region", CREDS_ERROR, CREDS_E_FIELD_NOT_REGION);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "bad-region", NULL);
    assert_string_equal(p->field, "region_id");
}

static void test_config_shapes_and_bounds(void **state)
{
    char *big;
    size_t n, len;
    const struct creds_problem *p;

    (void)state;
    write_config_s("[]");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_JSON_NOT_OBJECT);
    assert_at(p, CFG, CREDS_FROM_NONE, NULL, NULL);
    write_config_s("{\"current\":1}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_TYPE);
    assert_at(p, CFG, CREDS_FROM_NONE, NULL, NULL);
    assert_string_equal(p->field, "current");
    assert_int_equal(p->want, CREDS_WANT_STRING);
    write_config_s("{\"profiles\":{}}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_TYPE);
    assert_string_equal(p->field, "profiles");
    assert_int_equal(p->want, CREDS_WANT_ARRAY);
    write_config_s("{\"profiles\":[{\"name\":\"a\"},3]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_PROFILE_NOT_OBJECT);
    assert_at(p, CFG, CREDS_FROM_NONE, NULL, NULL);
    assert_int_equal(p->index, 1);
    write_config_s("{\"profiles\":[{\"name\":\"a\"},{\"name\":2}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_PROFILE_NO_NAME);
    assert_int_equal(p->index, 1);
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"AK\",\"access_key_id\":7}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_TYPE);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "a", NULL);
    assert_string_equal(p->field, "access_key_id");
    assert_int_equal(p->want, CREDS_WANT_STRING);
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\"}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_MODE_UNKNOWN);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "a", NULL);
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"RamRoleArn\",\"access_key_id\":\"k\","
                   "\"access_key_secret\":\"FxOpsSecret0001\","
                   "\"ram_role_arn\":\"r\",\"ram_session_name\":\"s\","
                   "\"expired_seconds\":60}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_NOT_WHOLE);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "a", NULL);
    assert_string_equal(p->field, "expired_seconds");
    assert_int_equal(p->min, 900);
    assert_int_equal(p->max, 43200);
    write_config_s("{\"current\":\"a\",\"profiles\":[{\"name\":\"a\","
                   "\"mode\":\"ChainableRamRoleArn\",\"ram_role_arn\":\"r\","
                   "\"ram_session_name\":\"s\",\"source_profile\":\"z\"}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_SOURCE_NOT_FOUND);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "a", "ChainableRamRoleArn");
    assert_string_equal(p->value, "z");
    /* No "current": the CLI's "default" profile, if there is one. */
    write_config_s("{\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
                   "\"access_key_id\":\"k\"}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FIELD_MISSING);
    assert_at(p, CFG, CREDS_FROM_CONFIG, "default", "AK");
    assert_string_equal(p->field, "access_key_secret");

    /* Over 1 MiB. */
    len = (1u << 20) + 1;
    big = malloc(len);
    assert_non_null(big);
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    write_config(big, len);
    free(big);
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FILE_TOO_BIG);
    assert_at(p, CFG, CREDS_FROM_NONE, NULL, NULL);
    assert_int_equal(p->limit, 1u << 20);
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
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_TOO_MANY_PROFILES);
    assert_int_equal(p->limit, 256);
}

static void test_config_not_a_file(void **state)
{
    char path[700];
    const struct creds_problem *p;

    (void)state;
    snprintf(path, sizeof(path), "%s/.aliyun", home);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/.aliyun/config.json", home);
    assert_int_equal(mkdir(path, 0700), 0);
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_FILE_NOT_REGULAR);
    assert_at(p, CFG, CREDS_FROM_NONE, NULL, NULL);
}

static void test_permission_warnings(void **state)
{
    struct creds *c = NULL;

    (void)state;
    put_file("config.json", ".aliyun", "config.json", 0644);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0640);
    /* Asked for by name and only in the INI file: both files read. */
    assert_int_equal(resolve("only-ini", &c), CREDS_OK);
    assert_int_equal(nwarnings, 2);
    assert_int_equal(warnings[0].code, CREDS_W_FILE_OPEN_TO_OTHERS);
    assert_string_equal(warnings[0].file, CFG);
    assert_int_equal(warnings[0].mode, 0644);
    assert_int_equal(warnings[1].code, CREDS_W_FILE_OPEN_TO_OTHERS);
    assert_string_equal(warnings[1].file, INI);
    assert_int_equal(warnings[1].mode, 0640);
    creds_free(c);
    nwarnings = 0;
    put_file("config.json", ".aliyun", "config.json", 0600);
    put_file("credentials.ini", ".alibabacloud", "credentials", 0600);
    assert_int_equal(resolve("only-ini", &c), CREDS_OK);
    assert_int_equal(nwarnings, 0);
    creds_free(c);
}

/* --- keys given twice (issue 9, defect 14) --------------------------------- */

/* The aliyun CLI reads config.json with Go's encoding/json: a key given
 * twice takes its last value, and keys match whatever their ASCII case. */
static void test_config_duplicate_keys_last_wins(void **state)
{
    struct creds *c = NULL;

    (void)state;
    write_config_s(
        "{\"current\":\"first\",\"current\":\"second\",\"profiles\":["
        "{\"name\":\"first\",\"mode\":\"AK\",\"access_key_id\":\"LTAIdupA\","
        "\"access_key_secret\":\"DupSecretA01\"},"
        "{\"name\":\"second\",\"mode\":\"AK\",\"access_key_id\":\"LTAIdupB\","
        "\"access_key_secret\":\"DupSecretB01\","
        "\"access_key_secret\":\"DupSecretB02\","
        "\"access_key_secret\":\"DupSecretB03\"}]}");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"second\" (AK) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "LTAIdupB", "DupSecretB03", NULL);
    creds_free(c);
    /* One warning per key, naming the file (and the profile). */
    assert_int_equal(nwarnings, 2);
    assert_int_equal(warnings[0].code, CREDS_W_DUPLICATE_KEY);
    assert_string_equal(warnings[0].file, CFG);
    assert_string_equal(warnings[0].field, "current");
    assert_string_equal(warnings[0].profile, "");
    assert_int_equal(warnings[1].code, CREDS_W_DUPLICATE_KEY);
    assert_string_equal(warnings[1].field, "access_key_secret");
    assert_string_equal(warnings[1].profile, "second");
}

static void test_config_duplicate_keys_any_case(void **state)
{
    struct creds *c = NULL;

    (void)state;
    /* "Mode" is the CLI's "mode"; the last of them (StsToken) holds. */
    write_config_s(
        "{\"Current\":\"p\",\"profiles\":[{\"name\":\"p\",\"mode\":\"AK\","
        "\"Access_Key_Id\":\"LTAIcase\",\"access_key_secret\":\"CaseSec01\","
        "\"STS_TOKEN\":\"CaseTok01\",\"Mode\":\"StsToken\"}]}");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    assert_string_equal(creds_source(c), "profile \"p\" (StsToken) in "
                                         "~/.aliyun/config.json");
    expect_keys(c, "LTAIcase", "CaseSec01", "CaseTok01");
    creds_free(c);
    assert_int_equal(nwarnings, 1);
    assert_string_equal(warnings[0].field, "mode");
    assert_string_equal(warnings[0].profile, "p");
}

static void test_config_duplicate_profiles(void **state)
{
    struct creds *c = NULL;

    (void)state;
    /* A second "profiles" replaces the first, as Go decodes it; of two
     * profiles with one name the CLI's GetProfile takes the first. */
    write_config_s(
        "{\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
        "\"access_key_id\":\"LTAIgone\",\"access_key_secret\":\"GoneSec01\"}],"
        "\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\","
        "\"access_key_id\":\"LTAIkept\",\"access_key_secret\":\"KeptSec01\"},"
        "{\"name\":\"default\",\"mode\":\"AK\",\"access_key_id\":\"LTAIsecond\","
        "\"access_key_secret\":\"SecondSec01\"},"
        "{\"name\":\"x\",\"name\":\"default\",\"mode\":\"AK\","
        "\"access_key_id\":\"LTAIthird\",\"access_key_secret\":\"ThirdSec1\"}"
        "]}");
    assert_int_equal(resolve(NULL, &c), CREDS_OK);
    expect_keys(c, "LTAIkept", "KeptSec01", NULL);
    creds_free(c);
    assert_int_equal(nwarnings, 3);
    assert_int_equal(warnings[0].code, CREDS_W_DUPLICATE_KEY);
    assert_string_equal(warnings[0].field, "profiles");
    assert_int_equal(warnings[1].code, CREDS_W_DUPLICATE_KEY);
    assert_string_equal(warnings[1].field, "name");
    assert_string_equal(warnings[1].profile, "default");
    /* Three profiles named "default": said once. */
    assert_int_equal(warnings[2].code, CREDS_W_DUPLICATE_PROFILE);
    assert_string_equal(warnings[2].profile, "default");
}

/* RFC 8259: no raw control character inside a string (Go's decoder, and
 * so the aliyun CLI, refuses them too); and a \u0000 would cut the value
 * short in C, so the file is refused, saying where (issue 9, defect 15). */
static void test_config_controls_and_nul(void **state)
{
    const struct creds_problem *p;

    (void)state;
    write_config_s("{\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\",\n"
                   "\"access_key_id\":\"LTAI\tx\",\"access_key_secret\":\"s\"}"
                   "]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_JSON_SYNTAX);
    assert_int_equal(p->line, 2);
    assert_int_equal(p->column, 22);
    write_config_s("{\"profiles\":[{\"name\":\"default\",\"mode\":\"AK\",\n"
                   "\"access_key_id\":\"LTAIx\",\n"
                   "\"access_key_secret\":\"Cut\\u0000Here\"}]}");
    p = expect_problem(NULL, CREDS_ERROR, CREDS_E_JSON_NUL);
    assert_at(p, CFG, CREDS_FROM_NONE, NULL, NULL);
    assert_int_equal(p->line, 3);
    assert_int_equal(p->column, 25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_config_mode_case_and_guess),
        T(test_unsupported_modes),
        T(test_chain_cycle_is_reported),
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
        T(test_permission_warnings),
        T(test_config_duplicate_keys_last_wins),
        T(test_config_duplicate_keys_any_case),
        T(test_config_duplicate_profiles),
        T(test_config_controls_and_nul),
#undef T
    };

    return cmocka_run_group_tests_name("creds_files", tests, group_setup,
                                       group_teardown);
}
