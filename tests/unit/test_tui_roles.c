/* Unit tests of the roles screen and the form's taken-name warning
 * (issue 11, point 2), on the fake terminal of tui_fixture.c. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/slr.h"
#include "cloud/api.h"
#include "tui/screens.h"
#include "tui/state.h"
#include "tui_fixture.h"

static void roles_add(const char *name, bool slr, const char *created)
{
    struct api_role *r = &t.roles.roles[t.roles.count++];

    r->role_name = strdup(name);
    r->create_date = strdup(created);
    r->is_service_linked = slr;
    assert_non_null(r->role_name);
    assert_non_null(r->create_date);
}

static void test_roles_screen(void **state)
{
    int y;

    (void)state;
    t.roles.roles = calloc(4, sizeof(*t.roles.roles));
    assert_non_null(t.roles.roles);
    roles_add("AliyunServiceRoleForPolarDB", true, "2024-01-02T03:04:05Z");
    roles_add("AliyunServiceRoleForQuasarX", true, "2026-01-01T00:00:00Z");
    roles_add("ops-admin", false, "2023-05-05T05:05:05Z");
    roles_add("AliyunServiceRoleForActionTrail", true, "2024-03-04T05:06:07Z");
    t.have_roles = true;
    t.roles_gen++;
    roles_open(&t);
    assert_int_equal(t.screen, SCREEN_ROLES);
    frame();
    /* Service-linked roles only, the catalogue's by product, the
     * others after them. */
    assert_non_null(strstr(fake_row(1), " 3/3"));
    assert_int_equal(fake_find("ops-admin"), -1);
    assert_true(strncmp(fake_row(3), "> ActionTrail", 13) == 0);
    assert_non_null(strstr(fake_row(3), "2024-03-04 05:06 known"));
    y = fake_find("AliyunServiceRoleForQuasarX");
    assert_int_equal(y, 5);
    assert_non_null(strstr(fake_row(y), "2026-01-01 00:00 unknown"));
    /* j, k, G move while the filter has no focus. */
    assert_false(screens_takes_text(&t));
    assert_int_equal(press("G"), TUI_REDRAW);
    assert_int_equal(selected_row(), 5);
    assert_int_equal(press("k"), TUI_REDRAW);
    assert_int_equal(selected_row(), 4);
    /* / focuses the filter, which narrows as it is typed. */
    assert_int_equal(press("/"), TUI_REDRAW);
    assert_true(screens_takes_text(&t));
    type("pol");
    frame();
    assert_non_null(strstr(fake_row(1), " 1/3"));
    assert_int_equal(fake_find("ActionTrail"), -1);
    type("x");
    frame();
    assert_int_equal(fake_find("No role matches"), 4);
    /* Esc leaves the filter, then clears it, then goes back. */
    assert_int_equal(press("Esc"), TUI_REDRAW);
    assert_false(screens_takes_text(&t));
    assert_int_equal(press("Esc"), TUI_REDRAW);
    frame();
    assert_non_null(strstr(fake_row(1), " 3/3"));
    /* d hands the role to the delete screen, whose Esc comes back. */
    assert_int_equal(press("d"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_DELETE);
    press("Esc");
    assert_int_equal(t.screen, SCREEN_ROLES);
    assert_int_equal(press("Esc"), TUI_BACK);
    assert_int_equal(t.screen, SCREEN_PICKER);
    /* F2 opens it again from the picker. */
    assert_int_equal(press("F2"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_ROLES);
}

/* The form says when the name it would make is taken, and Enter on
 * Create asks once more. */
static void test_form_name_taken(void **state)
{
    const struct catalog_entry *e;

    (void)state;
    t.have_existing = true;
    tui_existing_add(&t, "AliyunServiceRoleForPolarDB");
    e = slr_service_of(&t.session.catalog, "AliyunServiceRoleForPolarDB");
    assert_non_null(e);
    form_open(&t, e);
    frame();
    assert_true(fake_find("already in this account") > 0);
    press("Tab");
    press("Tab");
    assert_int_equal(press("Enter"), TUI_REDRAW);
    assert_false(t.busy);
    frame();
    assert_true(fake_find("Enter again sends it anyway") > 0);
    /* A suffix makes another name: no warning. */
    press("S-Tab");
    press("S-Tab");
    type("Team");
    frame();
    assert_int_equal(fake_find("already in this account"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roles_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_form_name_taken, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
