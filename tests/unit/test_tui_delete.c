/* Unit tests for the delete screen without a terminal, on the fake
 * terminal of tui_fixture.c: the question names the role and its
 * service, Enter takes "keep" until another choice is made, and n, b and
 * Esc keep the role. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/screens.h"
#include "tui/state.h"
#include "tui_fixture.h"

static bool shown(const char *text)
{
    return fake_find(text) >= 0;
}

static void test_question(void **state)
{
    (void)state;
    delete_open(&t, "AliyunServiceRoleForPolarDB");
    assert_int_equal(t.screen, SCREEN_DELETE);
    frame();
    assert_true(shown("Delete AliyunServiceRoleForPolarDB?"));
    assert_true(shown("PolarDB (polardb.aliyuncs.com)"));
    assert_true(shown("> [ Keep the role ]"));
    /* Enter at once: kept, back where it came from, nothing sent. */
    press("Enter");
    assert_int_equal(t.screen, SCREEN_PICKER);
    assert_false(t.busy);
}

static void test_choices(void **state)
{
    (void)state;
    delete_open(&t, "AliyunServiceRoleForPolarDB");
    press("Right");
    frame();
    assert_true(shown("> [ Delete the role ]"));
    assert_false(shown("> [ Keep the role ]"));
    press("Tab");
    frame();
    assert_true(shown("> [ Keep the role ]"));
    for (const char *k = "n\0b\0Esc\0"; *k; k += strlen(k) + 1) {
        delete_open(&t, "AliyunServiceRoleForPolarDB");
        press(k);
        assert_int_equal(t.screen, SCREEN_PICKER);
        assert_false(t.busy);
    }
}

/* A role the catalogue does not know is asked about all the same. */
static void test_unknown_service(void **state)
{
    (void)state;
    delete_open(&t, "SomeOtherRole");
    frame();
    assert_true(shown("Delete SomeOtherRole?"));
    assert_true(shown("a service the catalogue does not know"));
    /* No role: nothing to ask about. */
    delete_open(&t, "");
    press("Esc");
    assert_int_equal(t.screen, SCREEN_PICKER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_question, setup, teardown),
        cmocka_unit_test_setup_teardown(test_choices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_service, setup,
                                        teardown),
    };

    return cmocka_run_group_tests_name("tui_delete", tests, NULL, NULL);
}
