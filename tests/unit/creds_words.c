/* creds_words — see creds_words.h. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/creds_text.h"
#include "creds_fixture.h"
#include "creds_words.h"

static void word_note(const struct creds_note *n)
{
    struct buf b;
    size_t len = strlen(logged);

    buf_init(&b, 8192);
    assert_int_equal(creds_note_text(&b, n), BUF_OK);
    see(buf_str(&b));
    snprintf(logged + len, sizeof(logged) - len, "%s\n", buf_str(&b));
    buf_free(&b);
}

static void word_warning(const struct creds_warning *w)
{
    struct buf b;
    size_t len = strlen(warned);

    buf_init(&b, 8192);
    assert_int_equal(creds_warning_text(&b, w), BUF_OK);
    see(buf_str(&b));
    snprintf(warned + len, sizeof(warned) - len, "%s\n", buf_str(&b));
    buf_free(&b);
}

int words_setup(void **state)
{
    int rc = setup(state);

    note_hook = word_note;
    warn_hook = word_warning;
    return rc;
}

void expect_text(const struct creds_problem *p, const char *message)
{
    struct buf b;

    buf_init(&b, 1u << 16);
    assert_int_equal(creds_problem_text(&b, p), BUF_OK);
    see(buf_str(&b));
    if (message)
        assert_string_equal(buf_str(&b), message);
    buf_free(&b);
}

void expect_words(const char *profile, enum creds_status want,
                  const char *message)
{
    struct creds *c = NULL;

    assert_int_equal(resolve(profile, &c), want);
    assert_null(c);
    expect_text(&problem, message);
}

void expect_passed_over_words(const char *profile, const char *message)
{
    expect_text(expect_passed_over(profile, CREDS_E_NONE), message);
}
