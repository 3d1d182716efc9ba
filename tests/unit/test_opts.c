/* Unit tests for cli/opts, the command-line parser.  Each case runs a
 * whole argv through opts_parse with small option tables of its own and a
 * callback that records every option it is handed, then checks the
 * result, the positionals, the recorded calls and the exact message. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/opts.h"
#include "core/buf.h"

#define ARGS_MAX 16
#define ARG_LEN 64
#define CALLS_MAX 16
#define POSITIONAL_MAX 4

/* Spelled out: the refusing callback's message names the number. */
enum {
    OPT_OUTPUT = 1,
    OPT_HELP = 2,
    OPT_VERBOSE = 3,
    OPT_REGION = 4,
    OPT_SEARCH = 5,
    OPT_ALL = 6,
    OPT_SUFFIX = 7
};

static const struct opt_spec global_options[] = {
    { "output", 'o', true, OPT_OUTPUT },
    { "help", 'h', false, OPT_HELP },
    { "verbose", 'v', false, OPT_VERBOSE },
    { "region", 0, true, OPT_REGION },
    { NULL, 0, false, 0 }
};

static const struct opt_spec services_options[] = {
    { "search", 's', true, OPT_SEARCH },
    { "all", 0, false, OPT_ALL },
    { NULL, 0, false, 0 }
};

static const struct opt_spec create_options[] = {
    { "suffix", 0, true, OPT_SUFFIX },
    { NULL, 0, false, 0 }
};

static const struct opt_spec *command_options(const char *command)
{
    if (strcmp(command, "services") == 0)
        return services_options;
    if (strcmp(command, "create") == 0)
        return create_options;
    return NULL;
}

/* What the callback saw, in order.  Values are copied: the parser may
 * hand out pointers into argv, which each run rebuilds. */
struct record {
    size_t count;
    int ids[CALLS_MAX];
    bool has_value[CALLS_MAX];
    char values[CALLS_MAX][ARG_LEN];
    int refuse_id;             /* this option makes the callback fail */
};

static int on_option(void *ctx, int id, const char *value, struct buf *err)
{
    struct record *r = ctx;

    assert_true(r->count < CALLS_MAX);
    r->ids[r->count] = id;
    r->has_value[r->count] = value != NULL;
    snprintf(r->values[r->count], ARG_LEN, "%s", value ? value : "");
    r->count++;
    if (id == r->refuse_id) {
        buf_reset(err);
        buf_printf(err, "option %d refused", id);
        return -1;
    }
    return 0;
}

/* One parse: argv[0] is "linkrole", args follows (NULL-ended). */
struct run {
    char storage[ARGS_MAX][ARG_LEN];
    char *argv[ARGS_MAX + 1];
    const char *positional[POSITIONAL_MAX];
    size_t count;
    struct record rec;
    struct buf err;
    int rc;
};

static const struct opts_parser parser = {
    global_options, command_options, on_option, NULL
};

/* Parses args with base's tables, room for max positionals, and a
 * callback that fails on refuse_id (0: on nothing). */
static void run_full(struct run *r, const struct opts_parser *base,
                     size_t max, int refuse_id, const char *const *args)
{
    struct opts_parser p = *base;
    int argc = 0;

    memset(r, 0, sizeof(*r));
    buf_init(&r->err, 4096);
    r->rec.refuse_id = refuse_id;
    p.ctx = &r->rec;
    snprintf(r->storage[argc], ARG_LEN, "linkrole");
    r->argv[argc] = r->storage[argc];
    argc++;
    for (size_t i = 0; args[i]; i++) {
        assert_true(argc < ARGS_MAX);
        assert_true(strlen(args[i]) < ARG_LEN);
        snprintf(r->storage[argc], ARG_LEN, "%s", args[i]);
        r->argv[argc] = r->storage[argc];
        argc++;
    }
    r->argv[argc] = NULL;
    assert_true(max <= POSITIONAL_MAX);
    /* Not 0, so a parser that forgot to set it is caught. */
    r->count = 12345;
    r->rc = opts_parse(&p, argc, r->argv, r->positional, max, &r->count,
                       &r->err);
}

static void run_parse(struct run *r, const struct opts_parser *base,
                      size_t max, const char *const *args)
{
    run_full(r, base, max, 0, args);
}

static void run_args(struct run *r, const char *const *args)
{
    run_full(r, &parser, POSITIONAL_MAX, 0, args);
}

static void done(struct run *r)
{
    buf_free(&r->err);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void check_call(const struct run *r, size_t i, int id,
                       const char *value)
{
    assert_true(i < r->rec.count);
    assert_int_equal(r->rec.ids[i], id);
    if (value) {
        assert_true(r->rec.has_value[i]);
        assert_string_equal(r->rec.values[i], value);
    } else {
        assert_false(r->rec.has_value[i]);
    }
}

static void check_error(const struct run *r, const char *message)
{
    assert_int_equal(r->rc, -1);
    assert_string_equal(buf_str(&r->err), message);
}

/* --- where options may go ------------------------------------------------- */

static void test_no_arguments(void **state)
{
    struct run r;

    (void)state;
    run_parse(&r, &parser, POSITIONAL_MAX, (const char *const[]){ NULL });
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.rec.count, 0);
    done(&r);
}

static void test_global_option_before_command(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("--output", "json", "services"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.positional[0], "services");
    assert_int_equal(r.rec.count, 1);
    check_call(&r, 0, OPT_OUTPUT, "json");
    done(&r);
}

static void test_global_option_after_command(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("services", "--search", "polar", "--output", "json"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.positional[0], "services");
    assert_int_equal(r.rec.count, 2);
    check_call(&r, 0, OPT_SEARCH, "polar");
    check_call(&r, 1, OPT_OUTPUT, "json");
    done(&r);
}

static void test_command_option_after_command(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("services", "--all", "-s", "rds"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.rec.count, 2);
    check_call(&r, 0, OPT_ALL, NULL);
    check_call(&r, 1, OPT_SEARCH, "rds");
    done(&r);
}

/* Before the command, nobody knows whose options "--search" would be. */
static void test_command_option_before_command_is_unknown(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("--search", "polar", "services"));
    check_error(&r, "unknown option '--search' (see 'linkrole --help')");
    assert_int_equal(r.rec.count, 0);
    done(&r);
}

/* Each command sees its own options only. */
static void test_other_commands_option_is_unknown(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("create", "--all"));
    check_error(&r, "unknown option '--all' (see 'linkrole create --help')");
    done(&r);

    run_args(&r, ARGS("create", "--suffix", "x"));
    assert_int_equal(r.rc, 0);
    check_call(&r, 0, OPT_SUFFIX, "x");
    done(&r);
}

static void test_no_command_options_callback(void **state)
{
    struct opts_parser p = { global_options, NULL, on_option, NULL };
    struct run r;

    (void)state;
    run_parse(&r, &p, POSITIONAL_MAX,
              ARGS("services", "-v", "--search", "x"));
    check_error(&r,
                "unknown option '--search' (see 'linkrole services --help')");
    assert_int_equal(r.rec.count, 1);
    check_call(&r, 0, OPT_VERBOSE, NULL);
    done(&r);
}

/* Options reach the callback in command-line order, repeats included. */
static void test_options_reported_in_order(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("-v", "services", "--output=text", "arg1", "-v",
                      "--output", "json", "arg2"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 3);
    assert_string_equal(r.positional[0], "services");
    assert_string_equal(r.positional[1], "arg1");
    assert_string_equal(r.positional[2], "arg2");
    assert_int_equal(r.rec.count, 4);
    check_call(&r, 0, OPT_VERBOSE, NULL);
    check_call(&r, 1, OPT_OUTPUT, "text");
    check_call(&r, 2, OPT_VERBOSE, NULL);
    check_call(&r, 3, OPT_OUTPUT, "json");
    done(&r);
}

/* --- values --------------------------------------------------------------- */

static void test_long_option_equals_value(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("--output=json", "--region=cn-hangzhou"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 0);
    assert_int_equal(r.rec.count, 2);
    check_call(&r, 0, OPT_OUTPUT, "json");
    check_call(&r, 1, OPT_REGION, "cn-hangzhou");
    done(&r);
}

/* Only the first "=" splits; an empty value is still a value. */
static void test_long_option_equals_edge_values(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("services", "--search=a=b", "--search="));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.rec.count, 2);
    check_call(&r, 0, OPT_SEARCH, "a=b");
    check_call(&r, 1, OPT_SEARCH, "");
    done(&r);
}

static void test_long_option_separate_value(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("--region", "cn-shanghai", "whoami"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.positional[0], "whoami");
    check_call(&r, 0, OPT_REGION, "cn-shanghai");
    done(&r);
}

/* A separate value is taken as is, even when it looks like an option. */
static void test_separate_value_may_start_with_dash(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("services", "--search", "--help"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.rec.count, 1);
    check_call(&r, 0, OPT_SEARCH, "--help");
    done(&r);
}

static void test_short_option_separate_value(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("-o", "json", "services"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 1);
    check_call(&r, 0, OPT_OUTPUT, "json");
    done(&r);
}

static void test_short_option_attached_value(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("-ojson", "services", "-spolar"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 1);
    assert_int_equal(r.rec.count, 2);
    check_call(&r, 0, OPT_OUTPUT, "json");
    check_call(&r, 1, OPT_SEARCH, "polar");
    done(&r);
}

static void test_short_flag(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("-h"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.rec.count, 1);
    check_call(&r, 0, OPT_HELP, NULL);
    done(&r);
}

static void test_flag_with_value_is_error(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("--help=yes"));
    check_error(&r, "option '--help' takes no value");
    assert_int_equal(r.rec.count, 0);
    done(&r);

    run_args(&r, ARGS("services", "--all="));
    check_error(&r, "option '--all' takes no value");
    done(&r);
}

/* Short flags do not bundle, so "-hv" is one unknown option. */
static void test_short_flag_with_more_letters_is_unknown(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("-hv"));
    check_error(&r, "unknown option '-hv' (see 'linkrole --help')");
    assert_int_equal(r.rec.count, 0);
    done(&r);
}

static void test_missing_value_at_end_is_error(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("services", "--search"));
    check_error(&r, "option '--search' needs a value");
    assert_int_equal(r.rec.count, 0);
    done(&r);

    run_args(&r, ARGS("services", "-o"));
    check_error(&r, "option '--output' needs a value");
    done(&r);
}

/* --- positionals ---------------------------------------------------------- */

static void test_double_dash_ends_options(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("services", "-v", "--", "--help", "-x"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 3);
    assert_string_equal(r.positional[0], "services");
    assert_string_equal(r.positional[1], "--help");
    assert_string_equal(r.positional[2], "-x");
    assert_int_equal(r.rec.count, 1);
    check_call(&r, 0, OPT_VERBOSE, NULL);
    done(&r);
}

/* After "--", a second "--" is an argument like any other. */
static void test_double_dash_twice(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("--", "--"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 1);
    assert_string_equal(r.positional[0], "--");
    done(&r);
}

static void test_lone_dash_is_positional(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("create", "-", "--suffix", "s"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 2);
    assert_string_equal(r.positional[0], "create");
    assert_string_equal(r.positional[1], "-");
    check_call(&r, 0, OPT_SUFFIX, "s");
    done(&r);
}

static void test_positional_overflow_is_error(void **state)
{
    struct run r;

    (void)state;
    run_parse(&r, &parser, 2, ARGS("services", "one"));
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.count, 2);
    done(&r);

    run_parse(&r, &parser, 2, ARGS("services", "one", "two"));
    check_error(&r, "unexpected argument 'two'");
    assert_int_equal(r.count, 2);
    done(&r);

    run_parse(&r, &parser, 0, ARGS("services"));
    check_error(&r, "unexpected argument 'services'");
    assert_int_equal(r.count, 0);
    done(&r);
}

/* --- unknown options ------------------------------------------------------ */

static void test_unknown_long_suggests_closest(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("services", "--serch", "polar"));
    check_error(&r, "unknown option '--serch'; did you mean '--search'?");
    done(&r);

    run_args(&r, ARGS("services", "--serch=polar"));
    check_error(&r,
                "unknown option '--serch=polar'; did you mean '--search'?");
    done(&r);

    /* Global options are suggested too, with or without a command. */
    run_args(&r, ARGS("--outptu", "json"));
    check_error(&r, "unknown option '--outptu'; did you mean '--output'?");
    done(&r);
}

/* No abbreviations: a prefix is unknown, but gets the full name. */
static void test_prefix_is_unknown_with_suggestion(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("--regio", "cn-beijing"));
    check_error(&r, "unknown option '--regio'; did you mean '--region'?");
    assert_int_equal(r.rec.count, 0);
    done(&r);
}

static void test_unknown_with_nothing_close_points_to_help(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("--frobnicate"));
    check_error(&r, "unknown option '--frobnicate' (see 'linkrole --help')");
    done(&r);

    run_args(&r, ARGS("services", "--frobnicate"));
    check_error(&r, "unknown option '--frobnicate' "
                    "(see 'linkrole services --help')");
    done(&r);

    run_args(&r, ARGS("-z"));
    check_error(&r, "unknown option '-z' (see 'linkrole --help')");
    done(&r);
}

/* Parsing stops at the first unknown option: nothing after it is seen. */
static void test_unknown_stops_parsing(void **state)
{
    struct run r;

    (void)state;
    run_args(&r, ARGS("-v", "--nope", "-h", "services"));
    assert_int_equal(r.rc, -1);
    assert_int_equal(r.rec.count, 1);
    check_call(&r, 0, OPT_VERBOSE, NULL);
    assert_int_equal(r.count, 0);
    done(&r);
}

/* --- the callback --------------------------------------------------------- */

static void test_callback_error_stops_parsing(void **state)
{
    struct run r;

    (void)state;
    run_full(&r, &parser, POSITIONAL_MAX, OPT_OUTPUT,
             ARGS("-v", "--output", "json", "services", "-h"));
    /* The callback's own message, untouched. */
    check_error(&r, "option 1 refused");
    /* -v and --output were seen; -h and the command never were. */
    assert_int_equal(r.rec.count, 2);
    check_call(&r, 0, OPT_VERBOSE, NULL);
    check_call(&r, 1, OPT_OUTPUT, "json");
    assert_int_equal(r.count, 0);
    done(&r);

    run_full(&r, &parser, POSITIONAL_MAX, OPT_SEARCH,
             ARGS("services", "--search", "x", "extra"));
    check_error(&r, "option 5 refused");
    assert_int_equal(r.count, 1);
    assert_string_equal(r.positional[0], "services");
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_arguments),
        cmocka_unit_test(test_global_option_before_command),
        cmocka_unit_test(test_global_option_after_command),
        cmocka_unit_test(test_command_option_after_command),
        cmocka_unit_test(test_command_option_before_command_is_unknown),
        cmocka_unit_test(test_other_commands_option_is_unknown),
        cmocka_unit_test(test_no_command_options_callback),
        cmocka_unit_test(test_options_reported_in_order),
        cmocka_unit_test(test_long_option_equals_value),
        cmocka_unit_test(test_long_option_equals_edge_values),
        cmocka_unit_test(test_long_option_separate_value),
        cmocka_unit_test(test_separate_value_may_start_with_dash),
        cmocka_unit_test(test_short_option_separate_value),
        cmocka_unit_test(test_short_option_attached_value),
        cmocka_unit_test(test_short_flag),
        cmocka_unit_test(test_flag_with_value_is_error),
        cmocka_unit_test(test_short_flag_with_more_letters_is_unknown),
        cmocka_unit_test(test_missing_value_at_end_is_error),
        cmocka_unit_test(test_double_dash_ends_options),
        cmocka_unit_test(test_double_dash_twice),
        cmocka_unit_test(test_lone_dash_is_positional),
        cmocka_unit_test(test_positional_overflow_is_error),
        cmocka_unit_test(test_unknown_long_suggests_closest),
        cmocka_unit_test(test_prefix_is_unknown_with_suggestion),
        cmocka_unit_test(test_unknown_with_nothing_close_points_to_help),
        cmocka_unit_test(test_unknown_stops_parsing),
        cmocka_unit_test(test_callback_error_stops_parsing),
    };

    return cmocka_run_group_tests_name("opts", tests, NULL, NULL);
}
