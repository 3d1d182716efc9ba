/* Unit tests for the delete screen without a terminal: the question
 * names the role and its service, Enter takes "keep" until another
 * choice is made, and n, b and Esc keep the role.  The four primitives
 * of term.c that draw.c writes through are faked here, as rows of text
 * (one byte a cell: what is checked here is ASCII). */
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

#include "app/options.h"
#include "core/catalog.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/screens.h"
#include "tui/state.h"
#include "tui/term.h"

#define ROWS 24
#define COLS 80

static char screen_rows[ROWS][COLS + 1];

int term_rows(void)
{
    return ROWS;
}

int term_cols(void)
{
    return COLS;
}

/* Each character one cell; a byte of a longer one shows as '?'. */
void term_text(int y, int x, enum draw_role role, const char *text)
{
    (void)role;
    if (y < 0 || y >= ROWS)
        return;
    for (const unsigned char *p = (const unsigned char *)text;
         *p && x < COLS; p++) {
        if ((*p & 0xC0) == 0x80)
            continue;
        screen_rows[y][x++] = *p < 0x80 ? (char)*p : '?';
    }
}

int term_send(const char *bytes, size_t n)
{
    (void)bytes;
    (void)n;
    return 0;
}

static struct options opts;
static struct tui t;

static void frame(void)
{
    for (int y = 0; y < ROWS; y++) {
        memset(screen_rows[y], ' ', COLS);
        screen_rows[y][COLS] = '\0';
    }
    draw_frame_begin();
    screens_draw(&t, ROWS, COLS);
}

static bool shown(const char *text)
{
    for (int y = 0; y < ROWS; y++)
        if (strstr(screen_rows[y], text))
            return true;
    return false;
}

static void press(const char *name)
{
    struct tui_input in;
    int key = keys_parse(name, strlen(name));

    assert_true(key > 0);
    keys_input(t.screen, t.busy, screens_takes_text(&t), key, &in);
    assert_int_not_equal(in.action, TUI_ACT_NONE);
    screens_handle(&t, &in);
}

static int setup(void **state)
{
    const char *path = getenv("LINKROLE_CATALOG");
    struct buf err;
    int rc;

    (void)state;
    if (!setlocale(LC_ALL, "C.UTF-8") || !path || keys_init())
        return -1;
    memset(&opts, 0, sizeof(opts));
    if (tui_init(&t, &opts))
        return -1;
    buf_init(&err, 4096);
    rc = catalog_load(&t.session.catalog, path, &err);
    buf_free(&err);
    if (rc || picker_load(&t))
        return -1;
    screens_show(&t, SCREEN_PICKER);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tui_free(&t);
    catalog_free(&t.session.catalog);
    return 0;
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
