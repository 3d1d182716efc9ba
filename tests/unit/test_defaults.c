/* Tests for app/defaults: the config file's parser (file:line, the key,
 * the values it takes; unknown keys are warnings) and the precedence of
 * every setting, row by row: command line > environment > config file >
 * aliyun profile > built-in default. */
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
#include <unistd.h>

#include "app/defaults.h"
#include "app/i18n.h"

static int parse(struct defaults_values *v, const char *text,
                 struct buf *warn, struct buf *err)
{
    return defaults_parse(v, "cfg", text, strlen(text), warn, err);
}

static void test_parse_every_key(void **state)
{
    struct defaults_values v;
    struct buf warn, err;

    (void)state;
    buf_init(&warn, 4096);
    buf_init(&err, 4096);
    assert_int_equal(parse(&v, "\xef\xbb\xbf# linkrole\n; comment\n\n"
                               "profile = work\r\nregion=cn-shanghai\n"
                               "output = json\nsignature = v1\n"
                               "language = zh\ncolour = never\n"
                               "escape_delay = 25\n", &warn, &err), 0);
    assert_string_equal(v.profile, "work");
    assert_string_equal(v.region, "cn-shanghai");
    assert_int_equal(v.output, OUTPUT_JSON);
    assert_int_equal(v.signature, 1);
    assert_int_equal(v.lang, LANG_ZH_CN);
    assert_int_equal(v.color, 0);
    assert_int_equal(v.escape_delay, 25);
    assert_int_equal(buf_len(&warn), 0);
    assert_int_equal(parse(&v, "output = text   # or json\n"
                               "region = cn-beijing\t; there\n",
                           &warn, &err), 0);
    assert_int_equal(v.output, OUTPUT_TEXT);
    assert_string_equal(v.region, "cn-beijing");
    assert_int_equal(parse(&v, "color = auto\n", &warn, &err), 0);
    assert_int_equal(v.color, 1);
    assert_int_equal(v.output, -1);
    assert_int_equal(v.escape_delay, -1);
    buf_free(&warn);
    buf_free(&err);
}

static void test_parse_unknown_key_warns(void **state)
{
    struct defaults_values v;
    struct buf warn, err;

    (void)state;
    buf_init(&warn, 4096);
    buf_init(&err, 4096);
    assert_int_equal(parse(&v, "output = json\nfuture = 1\n", &warn, &err),
                     0);
    assert_int_equal(v.output, OUTPUT_JSON);
    assert_non_null(strstr(buf_str(&warn), "cfg:2: unknown key 'future'"));
    buf_free(&warn);
    buf_free(&err);
}

static void expect_error(const char *text, const char *want)
{
    struct defaults_values v;
    struct buf warn, err;

    buf_init(&warn, 4096);
    buf_init(&err, 4096);
    assert_int_equal(parse(&v, text, &warn, &err), -1);
    if (!strstr(buf_str(&err), want))
        fail_msg("'%s' gave '%s', not '%s'", text, buf_str(&err), want);
    buf_free(&warn);
    buf_free(&err);
}

static void test_parse_bad_values(void **state)
{
    (void)state;
    expect_error("\noutput = yaml\n", "cfg:2: output takes text or json");
    expect_error("signature = v2\n", "cfg:1: signature takes v3 or v1");
    expect_error("language = fr\n", "cfg:1: language takes en, zh_CN or zh_TW");
    expect_error("language = zhx\n", "cfg:1: language takes en, zh_CN or zh_TW");
    expect_error("colour = pink\n", "colour takes auto, always or never");
    expect_error("color = \n", "cfg:1: color takes auto, always or never");
    expect_error("escape_delay = -3\n", "escape_delay takes milliseconds");
    expect_error("escape_delay = 5ms\n", "escape_delay takes milliseconds");
    expect_error("region = not a region\n", "cfg:1: region takes");
    expect_error("profile =\n", "cfg:1: profile takes");
    expect_error("# x\njust words\n", "cfg:2: expected 'key = value'");
    expect_error("[section]\n", "cfg:1: expected 'key = value'");
}

static void test_parse_nul_byte(void **state)
{
    static const char text[] = "output = js\0on\n";
    struct defaults_values v;
    struct buf warn, err;

    (void)state;
    buf_init(&warn, 4096);
    buf_init(&err, 4096);
    assert_int_equal(defaults_parse(&v, "cfg", text, sizeof(text) - 1,
                                    &warn, &err), -1);
    assert_non_null(strstr(buf_str(&err), "cfg:1: a NUL byte"));
    buf_free(&warn);
    buf_free(&err);
}

/* Levels: 0 command line, 1 environment, 2 config file, 3 aliyun. */
static void levels(struct defaults_values lv[4])
{
    for (int i = 0; i < 4; i++)
        defaults_values_clear(&lv[i]);
}

static void decide(struct options *o, struct defaults_values lv[4],
                   long *delay)
{
    defaults_decide(o, &lv[1], &lv[2], &lv[3], delay);
}

/* For each setting, each level set from `from` down: the highest wins. */
static void test_precedence_output_lang_signature_color(void **state)
{
    (void)state;
    for (int from = 0; from <= 4; from++) {
        struct defaults_values lv[4];
        struct options o;
        long delay;

        memset(&o, 0, sizeof(o));
        levels(lv);
        /* Each level says something different: level i says value i. */
        if (from == 0) {
            o.given = OPTIONS_GIVEN_OUTPUT | OPTIONS_GIVEN_LANG |
                      OPTIONS_GIVEN_SIGNATURE | OPTIONS_GIVEN_COLOR;
            o.output = OUTPUT_JSON;
            o.lang = LANG_ZH_CN;
            o.signature = 1;
            o.no_color = true;
        }
        for (int i = from > 1 ? from : 1; i < 4; i++) {
            lv[i].output = i % 2 ? OUTPUT_TEXT : OUTPUT_JSON;
            lv[i].lang = i % 2 ? LANG_EN : LANG_ZH_CN;
            lv[i].signature = i % 2 ? 3 : 1;
            lv[i].color = i % 2 ? 1 : 0;
        }
        decide(&o, lv, &delay);
        switch (from) {
        case 0:
            assert_int_equal(o.output, OUTPUT_JSON);
            assert_int_equal(o.lang, LANG_ZH_CN);
            assert_int_equal(o.signature, 1);
            assert_true(o.no_color);
            break;
        case 1:   /* the environment (level 1: text, en, v3, colour);
                   * the language is the config file's (level 2: zh) */
            assert_int_equal(o.output, OUTPUT_TEXT);
            assert_int_equal(o.lang, LANG_ZH_CN);
            assert_int_equal(o.signature, 3);
            assert_false(o.no_color);
            break;
        case 2:   /* the config file (level 2: json, zh, v1, never) */
            assert_int_equal(o.output, OUTPUT_JSON);
            assert_int_equal(o.lang, LANG_ZH_CN);
            assert_int_equal(o.signature, 1);
            assert_true(o.no_color);
            break;
        case 3:   /* the aliyun profile (level 3: text, en, v3) */
            assert_int_equal(o.output, OUTPUT_TEXT);
            assert_int_equal(o.lang, LANG_EN);
            assert_int_equal(o.signature, 3);
            assert_false(o.no_color);
            break;
        default:  /* built in: what main set before, untouched */
            assert_int_equal(o.output, OUTPUT_TEXT);
            assert_int_equal(o.lang, LANG_EN);
            assert_int_equal(o.signature, 0);
            assert_false(o.no_color);
        }
    }
}

/* The language alone: --lang > config file > locale > aliyun profile. */
static void test_language_order(void **state)
{
    struct defaults_values lv[4];
    struct options o;
    long delay;

    (void)state;
    memset(&o, 0, sizeof(o));
    levels(lv);
    lv[1].lang = LANG_ZH_TW;   /* the locale */
    lv[3].lang = LANG_EN;      /* aliyun configure's unasked "en" */
    decide(&o, lv, &delay);
    assert_int_equal(o.lang, LANG_ZH_TW);
    lv[2].lang = LANG_ZH_CN;   /* the config file */
    decide(&o, lv, &delay);
    assert_int_equal(o.lang, LANG_ZH_CN);
    lv[1].lang = lv[2].lang = -1;
    decide(&o, lv, &delay);
    assert_int_equal(o.lang, LANG_EN);
    o.given = OPTIONS_GIVEN_LANG;
    o.lang = LANG_ZH_TW;
    lv[2].lang = LANG_EN;
    decide(&o, lv, &delay);
    assert_int_equal(o.lang, LANG_ZH_TW);
}

static void test_parse_lang_names(void **state)
{
    static const struct { const char *s; int lang; } rows[] = {
        { "en", LANG_EN }, { "en_GB.UTF-8", LANG_EN }, { "EN", LANG_EN },
        { "zh", LANG_ZH_CN }, { "zh_CN", LANG_ZH_CN },
        { "zh-CN", LANG_ZH_CN }, { "zh_CN.UTF-8", LANG_ZH_CN },
        { "zh_SG", LANG_ZH_CN }, { "zh-Hans", LANG_ZH_CN },
        { "zh_TW", LANG_ZH_TW }, { "zh-tw", LANG_ZH_TW },
        { "zh_TW.UTF-8", LANG_ZH_TW }, { "zh_HK.UTF-8", LANG_ZH_TW },
        { "zh_MO", LANG_ZH_TW }, { "zh_Hant", LANG_ZH_TW },
        { "zh-Hant-HK", LANG_ZH_TW },
        { "", -1 }, { "fr", -1 }, { "zhx", -1 }, { "z", -1 }, { "eng", -1 },
        { "C", -1 }, { "POSIX", -1 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        if (i18n_parse_lang(rows[i].s) != rows[i].lang)
            fail_msg("'%s' read as %d", rows[i].s,
                     i18n_parse_lang(rows[i].s));
    }
    assert_int_equal(i18n_parse_lang(NULL), -1);
    assert_string_equal(i18n_lang_code(LANG_ZH_TW), "zh_TW");
    assert_string_equal(i18n_lang_code(LANG_ZH_CN), "zh_CN");
    assert_string_equal(i18n_lang_code(LANG_EN), "en");
}

static void test_precedence_profile_region(void **state)
{
    struct defaults_values lv[4];
    struct options o;
    long delay;

    (void)state;
    /* The command line wins over all. */
    memset(&o, 0, sizeof(o));
    levels(lv);
    o.profile = "cmd";
    o.region = "cn-beijing";
    o.given = OPTIONS_GIVEN_PROFILE | OPTIONS_GIVEN_REGION;
    strcpy(lv[1].profile, "env");
    strcpy(lv[1].region, "cn-shenzhen");
    strcpy(lv[2].profile, "file");
    strcpy(lv[2].region, "cn-shanghai");
    decide(&o, lv, &delay);
    assert_string_equal(o.profile, "cmd");
    assert_string_equal(o.region, "cn-beijing");
    /* The environment wins over the file: left for the chain to read. */
    memset(&o, 0, sizeof(o));
    decide(&o, lv, &delay);
    assert_null(o.profile);
    assert_null(o.region);
    /* The file wins over the built-in default. */
    levels(lv);
    strcpy(lv[2].profile, "file");
    strcpy(lv[2].region, "cn-shanghai");
    decide(&o, lv, &delay);
    assert_string_equal(o.profile, "file");
    assert_string_equal(o.region, "cn-shanghai");
    /* Nothing says: built in (NULL: the chain's own default). */
    memset(&o, 0, sizeof(o));
    levels(lv);
    decide(&o, lv, &delay);
    assert_null(o.profile);
    assert_null(o.region);
}

static void test_precedence_escape_delay(void **state)
{
    struct defaults_values lv[4];
    struct options o;
    long delay;

    (void)state;
    memset(&o, 0, sizeof(o));
    levels(lv);
    lv[2].escape_delay = 40;
    decide(&o, lv, &delay);
    assert_int_equal(delay, 40);
    lv[1].escape_delay = 7;     /* ESCDELAY in the environment wins */
    decide(&o, lv, &delay);
    assert_int_equal(delay, -1);
    levels(lv);
    decide(&o, lv, &delay);
    assert_int_equal(delay, -1);
}

static void test_env_reading(void **state)
{
    struct defaults_values v;

    (void)state;
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "C.UTF-8", 1);
    unsetenv("NO_COLOR");
    unsetenv("ESCDELAY");
    defaults_from_env(&v);
    assert_int_equal(v.lang, -1);     /* a C locale says nothing */
    assert_int_equal(v.color, -1);
    setenv("LANG", "en_GB.UTF-8", 1);
    setenv("LANGUAGE", "zh_CN", 1);
    setenv("NO_COLOR", "1", 1);
    setenv("ESCDELAY", "9", 1);
    setenv("ALIBABA_CLOUD_PROFILE", "envp", 1);
    defaults_from_env(&v);
    assert_int_equal(v.lang, LANG_ZH_CN);
    assert_int_equal(v.color, 0);
    assert_int_equal(v.escape_delay, 9);
    assert_string_equal(v.profile, "envp");
    setenv("LC_ALL", "C", 1);   /* a C locale: LANGUAGE is not read */
    defaults_from_env(&v);
    assert_int_equal(v.lang, -1);
    unsetenv("LC_ALL");
    unsetenv("LANGUAGE");
    setenv("LC_MESSAGES", "zh_TW.UTF-8", 1);
    defaults_from_env(&v);
    assert_int_equal(v.lang, LANG_ZH_TW);
    setenv("LANGUAGE", "fr:zh_HK:en", 1);   /* the first one spoken */
    defaults_from_env(&v);
    assert_int_equal(v.lang, LANG_ZH_TW);
    setenv("LANGUAGE", "zh_CN:zh_TW", 1);
    defaults_from_env(&v);
    assert_int_equal(v.lang, LANG_ZH_CN);
    setenv("LANGUAGE", "de", 1);            /* none spoken: the locale's */
    setenv("LC_MESSAGES", "en_US.UTF-8", 1);
    defaults_from_env(&v);
    assert_int_equal(v.lang, LANG_EN);
    unsetenv("LANGUAGE");
    unsetenv("LC_MESSAGES");
}

/* defaults_load reads the file XDG_CONFIG_HOME names and sets ESCDELAY
 * for curses unless the environment has it. */
static void test_load_sets_escdelay(void **state)
{
    char dir[] = "/tmp/test_defaults.XXXXXX", path[512];
    struct options o;
    struct buf err;
    FILE *f;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/linkrole", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/linkrole/config", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("escape_delay = 33\noutput = json\n", f);
    fclose(f);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("HOME", dir, 1);
    unsetenv("ESCDELAY");
    unsetenv("ALIBABA_CLOUD_PROFILE");
    buf_init(&err, 4096);
    memset(&o, 0, sizeof(o));
    assert_int_equal(defaults_load(&o, &err), 0);
    assert_string_equal(getenv("ESCDELAY"), "33");
    assert_int_equal(o.output, OUTPUT_JSON);
    setenv("ESCDELAY", "5", 1);
    assert_int_equal(defaults_load(&o, &err), 0);
    assert_string_equal(getenv("ESCDELAY"), "5");
    buf_free(&err);
    unlink(path);
    snprintf(path, sizeof(path), "%s/linkrole", dir);
    rmdir(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_every_key),
        cmocka_unit_test(test_parse_unknown_key_warns),
        cmocka_unit_test(test_parse_bad_values),
        cmocka_unit_test(test_parse_nul_byte),
        cmocka_unit_test(test_precedence_output_lang_signature_color),
        cmocka_unit_test(test_language_order),
        cmocka_unit_test(test_parse_lang_names),
        cmocka_unit_test(test_precedence_profile_region),
        cmocka_unit_test(test_precedence_escape_delay),
        cmocka_unit_test(test_env_reading),
        cmocka_unit_test(test_load_sets_escdelay),
    };

    return cmocka_run_group_tests_name("defaults", tests, NULL, NULL);
}
