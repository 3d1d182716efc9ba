/* Unit tests for issue 11's points 3 and 4 in the terminal UI, without a
 * terminal (tui_fixture): a background failure in the header and the
 * picker, `!` opening it, the error pane's title (the verb by class, the
 * attempts), its r, e, c and s, and the form kept after e. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "tui/jobs.h"
#include "tui/problems.h"
#include "tui_fixture.h"

/* A failed call in the background: the header says why in a few words,
 * the picker does not pretend no role exists, ! opens the error pane,
 * whose title counts the attempts and whose e goes back; a failed create
 * keeps the form as typed. */
static void test_background_problem(void **state)
{
    struct tui_job *j = jobs_new(&t, JOB_LIST, NULL);
    const char *s;

    (void)state;
    assert_non_null(j);
    j->rc = -1;
    j->err.kind = API_ERR_CLOUD;
    j->err.http_status = 403;
    j->err.attempts = 1;
    snprintf(j->err.action, sizeof(j->err.action), "ListRoles");
    snprintf(j->err.code, sizeof(j->err.code), "NoPermission");
    t.have_session = true;
    problems_set(&t, TUI_PROBLEM_LIST, j);
    frame();
    assert_non_null(strstr(fake_row(0), "! no ram:ListRoles permission"));
    assert_true(fake_find("existing roles unknown") > 0);
    /* In the search, ! is text; from the list it opens the pane. */
    assert_int_equal(press("Esc"), TUI_REDRAW);
    assert_int_equal(press("!"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_ERROR);
    frame();
    assert_string_equal(fake_row(1), " ListRoles refused");
    assert_non_null(strstr(fake_row(23), "r retry"));
    assert_non_null(strstr(fake_row(23), "e edit"));
    /* c copies the policy; s asks where to save it, over the pane. */
    assert_int_equal(press("c"), TUI_REDRAW);
    assert_true(strncmp(fake.sent, "\033]52;c;", 7) == 0);
    assert_int_equal(press("s"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_PROMPT);
    frame();
    assert_non_null(strstr(fake_row(22), "policy-ListRoles.json"));
    assert_int_equal(press("Esc"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_ERROR);
    assert_int_equal(press("e"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_PICKER);
    /* Throttled on every try: "failed", and how many tries. */
    snprintf(j->err.code, sizeof(j->err.code), "Throttling.User");
    j->err.http_status = 400;
    j->err.attempts = 4;
    problems_set(&t, TUI_PROBLEM_LIST, j);
    press("!");
    frame();
    assert_string_equal(fake_row(1),
                        " ListRoles failed (after 4 attempts)");
    assert_non_null(strstr(fake_row(0), "! ListRoles: throttled"));
    problems_clear(&t, TUI_PROBLEM_LIST);
    press("b");
    frame();
    assert_null(strstr(fake_row(0), "!"));
    assert_int_equal(fake_find("existing roles unknown"), -1);
    /* A create that failed: e is the form again, as typed. */
    press("/");
    type("polar");
    press("Enter");
    type("abc");
    press("Tab");
    type("For the team");
    j->kind = JOB_CREATE;
    snprintf(j->err.action, sizeof(j->err.action),
             "CreateServiceLinkedRole");
    error_show_job(&t, j);
    assert_int_equal(t.screen, SCREEN_ERROR);
    assert_int_equal(press("e"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_FORM);
    frame();
    s = fake_row(fake_find("Description"));
    assert_non_null(strstr(s, "For the team"));
    assert_true(fake_find("AliyunServiceRoleForPolarDB_abc") > 0);
    jobs_free(j);
}

/* Who the credentials are, in the header: what the server sent is drawn
 * safe (no control byte reaches the terminal), a long name is cut with
 * "..." and the region still fits; on a narrow terminal a failure's
 * reason wins over the name. */
static void test_header_identity(void **state)
{
    struct tui_job *j = jobs_new(&t, JOB_IDENTITY, NULL);
    const char *row;

    (void)state;
    assert_non_null(j);
    t.have_session = true;
    t.id_state = TUI_ID_OK;
    snprintf(t.account, sizeof(t.account), "1234567890123456");
    /* Worded when drawn (app/identity), from the Arn as it came. */
    t.id.arn = strdup("acs:ram::1234567890123456:user/\033]52;c;ZXZpbA=="
                      "\007al\033[2Jice-with-a-name-far-too-long-for-any-"
                      "header-row-at-all");
    assert_non_null(t.id.arn);
    frame();
    row = fake_row(0);
    assert_null(strchr(row, '\033'));
    assert_null(strchr(row, '\007'));
    assert_non_null(strstr(row, "account 1234567890123456, user "));
    assert_non_null(strstr(row, "..."));
    /* 60 columns, the least the UI draws at, and a failure: its reason
     * and the account number are whole, the words around it gone. */
    j->rc = -1;
    j->err.kind = API_ERR_CLOUD;
    j->err.http_status = 403;
    snprintf(j->err.action, sizeof(j->err.action), "ListRoles");
    snprintf(j->err.code, sizeof(j->err.code), "NoPermission");
    problems_set(&t, TUI_PROBLEM_LIST, j);
    t.cols = 60;
    frame();
    row = fake_row(0);
    assert_non_null(strstr(row, "! no ram:ListRoles permission"));
    assert_non_null(strstr(row, " 1234567890123456 "));
    jobs_free(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_background_problem, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_header_identity, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
