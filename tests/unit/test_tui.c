/* Unit tests for the terminal UI without a terminal: the key names, the
 * actions and the key table, the table of screens, and screens' handlers
 * and drawing.  Links the TUI's curses-free files; the four primitives
 * of term.c that draw.c writes through are faked (tui_fixture.c), into a
 * grid of cells the tests read back. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "app/options.h"
#include "cloud/api.h"
#include "core/catalog.h"
#include "core/text.h"
#include "tui/draw.h"
#include "tui/jobs.h"
#include "tui/keys.h"
#include "tui/screens.h"
#include "tui/state.h"
#include "tui/term.h"
#include "tui/widgets.h"
#include "tui/worker.h"
#include "tui_fixture.h"


/* --- keys ---------------------------------------------------------------- */

static void test_key_names_round_trip(void **state)
{
    static const char *const names[] = {
        "Enter", "Esc", "Tab", "S-Tab", "Backspace", "BS", "Delete", "Del",
        "Up", "Down", "Left", "Right", "PgUp", "PgDn", "Home", "End",
        "KpEnter", "F1", "F9", "F12", "C-a", "C-w", "C-z", "C-?", "C-@",
        "C-[", "Space", "lt", "q", "?", "~", "\xC3\xA9", "\xE5\xA4\x87",
    };
    char name[24];

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        int key = keys_parse(names[i], strlen(names[i]));

        assert_true(key >= 0);
        keys_name(key, name, sizeof(name));
        assert_int_equal(keys_parse(name, strlen(name)), key);
    }
    /* Every control character, every ASCII one, every named key. */
    for (int key = 1; key < KEYS_NAMED_END; key = key == 127 ? KEYS_UP
                                                             : key + 1) {
        if (key >= KEYS_F0 && key < KEYS_F(1))
            continue;
        if (key > KEYS_F(12))
            break;
        keys_name(key, name, sizeof(name));
        assert_int_equal(keys_parse(name, strlen(name)), key);
    }
    assert_int_equal(keys_parse("Enter", 5), '\r');
    assert_int_equal(keys_parse("Esc", 3), 27);
    assert_int_equal(keys_parse("C-w", 3), 23);
    assert_int_equal(keys_parse("BS", 2), KEYS_BACKSPACE);
    assert_string_equal(keys_name(KEYS_BACKSPACE, name, sizeof(name)),
                        "Backspace");
    assert_string_equal(keys_name(27, name, sizeof(name)), "Esc");
    assert_string_equal(keys_name(KEYS_F(1), name, sizeof(name)), "F1");
}

static void test_key_names_unknown(void **state)
{
    static const char *const bad[] = {
        "", "Nosuchkey", "C-", "C-ab", "C-1", "F0", "F13", "F01", "Fx",
        "enter", "ab", "\x01", "\xff",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(keys_parse(bad[i], strlen(bad[i])), -1);
}

static void test_actions_have_words(void **state)
{
    (void)state;
    for (int a = 1; a < TUI_ACT_COUNT; a++) {
        assert_non_null(keys_action_name((enum tui_action)a));
        assert_true(keys_action_brief((enum tui_action)a) &&
                    *keys_action_brief((enum tui_action)a));
        assert_true(keys_action_help((enum tui_action)a) &&
                    *keys_action_help((enum tui_action)a));
    }
    assert_string_equal(keys_action_name(TUI_ACT_QUIT), "QUIT");
    assert_null(keys_action_help(TUI_ACT_COUNT));
}

/* Two rows that hold on one screen and bind one key must mean the same,
 * except a row that holds only while busy, which comes first on
 * purpose (Esc cancels, rather than going back). */
static void test_bindings_do_not_clash(void **state)
{
    struct keys_row a, b;

    (void)state;
    for (size_t i = 0; i < keys_rows(); i++) {
        assert_true(keys_row(i, &a));
        assert_int_not_equal(a.action, TUI_ACT_NONE);
        assert_true(a.keys[0] > 0);
        for (size_t j = i + 1; j < keys_rows(); j++) {
            assert_true(keys_row(j, &b));
            if (!(a.screens & b.screens) || a.action == b.action)
                continue;
            if (a.busy_only && !b.busy_only)
                continue;
            for (int k = 0; k < KEYS_PER_BINDING && a.keys[k]; k++)
                for (int l = 0; l < KEYS_PER_BINDING && b.keys[l]; l++)
                    if (a.keys[k] == b.keys[l])
                        fail_msg("rows %zu and %zu bind one key to %s and "
                                 "%s on one screen", i, j,
                                 keys_action_name(a.action),
                                 keys_action_name(b.action));
        }
    }
}

/* Each row of the table takes effect on some screen. */
static void test_bindings_all_reachable(void **state)
{
    struct keys_row r;

    (void)state;
    for (size_t i = 0; i < keys_rows(); i++) {
        bool reached = false;

        assert_true(keys_row(i, &r));
        for (int s = 0; s < SCREEN_COUNT && !reached; s++)
            for (int k = 0; k < KEYS_PER_BINDING && r.keys[k]; k++)
                if ((r.screens & SCREEN_BIT(s)) &&
                    keys_lookup((unsigned)s, r.busy_only, r.keys[k]) ==
                        r.action)
                    reached = true;
        if (!reached)
            fail_msg("row %zu (%s) never takes effect", i,
                     keys_action_name(r.action));
    }
}

/* Ctrl-C, F1 and Ctrl-L hold on every screen there can be: a mask of 8
 * bits once left a ninth screen without them. */
static void test_global_keys_on_every_screen(void **state)
{
    (void)state;
    for (unsigned s = 0; s < SCREEN_MAX; s++)
        for (int busy = 0; busy <= 1; busy++) {
            assert_int_equal(keys_lookup(s, busy, KEYS_CTRL('c')),
                             TUI_ACT_QUIT);
            assert_int_equal(keys_lookup(s, busy, KEYS_F(1)), TUI_ACT_HELP);
            assert_int_equal(keys_lookup(s, busy, KEYS_CTRL('l')),
                             TUI_ACT_REDRAW);
        }
    /* ... and nothing beyond. */
    assert_int_equal(keys_lookup(SCREEN_MAX, false, KEYS_CTRL('c')),
                     TUI_ACT_NONE);
}

/* The language switch: F3 on every screen, while typing too; L where
 * letters are keys.  It goes English, Simplified, Traditional Chinese,
 * English, the catalogue's language with it, and says so. */
static void test_lang_switch(void **state)
{
    struct tui_input in;
    char out[16];

    (void)state;
    for (unsigned s = 0; s < SCREEN_COUNT; s++)
        for (int busy = 0; busy <= 1; busy++) {
            assert_int_equal(keys_input(s, busy, true, KEYS_F(3), &in),
                             TUI_ACT_LANG);
            assert_int_equal(keys_input(s, busy, false, KEYS_F(3), &in),
                             TUI_ACT_LANG);
            assert_int_equal(keys_input(s, busy, false, 'L', &in),
                             TUI_ACT_LANG);
            assert_int_equal(keys_input(s, busy, true, 'L', &in),
                             TUI_ACT_INSERT);
        }
    opts.lang = LANG_EN;
    t.status[0] = '\0';
    assert_int_equal(press("F3"), TUI_REDRAW);
    assert_int_equal(opts.lang, LANG_ZH_CN);
    assert_int_equal(i18n_lang(), LANG_ZH_CN);
    assert_true(t.status[0] != '\0');
    press("F3");
    assert_int_equal(opts.lang, LANG_ZH_TW);
    assert_int_equal(i18n_lang(), LANG_ZH_TW);
    press("F3");
    assert_int_equal(opts.lang, LANG_EN);
    assert_int_equal(i18n_lang(), LANG_EN);
    /* Sentences kept as their text and values, worded when drawn. */
    draw_words(out, sizeof(out), "%s and %s", "a", "b");
    assert_string_equal(out, "a and b");
    draw_words(out, sizeof(out), "%2$s, %1$s", "a", "b");
    assert_string_equal(out, "b, a");
    draw_words(out, sizeof(out), "100%% %s", "x", NULL);
    assert_string_equal(out, "100% x");
    draw_words(out, 5, "%s", "abcdefgh", NULL);
    assert_string_equal(out, "abcd");
}

static void test_footer_and_help(void **state)
{
    struct keys_shown shown[48];
    size_t n;

    (void)state;
    /* Busy on the form: Esc cancels, and "Esc back" is not offered. */
    n = keys_footer(SCREEN_FORM, true, true, shown, 48);
    assert_true(n > 0);
    assert_string_equal(shown[0].key, "Esc");
    assert_string_equal(shown[0].text, "cancel");
    for (size_t i = 1; i < n; i++)
        assert_string_not_equal(shown[i].key, "Esc");
    n = keys_footer(SCREEN_FORM, false, true, shown, 48);
    assert_string_equal(shown[0].key, "Enter");
    assert_string_equal(shown[0].text, "next/create");
    /* Help: every key named, one line per text. */
    n = keys_help(SCREEN_RESULT, false, false, shown, 48);
    for (size_t i = 0; i < n; i++) {
        assert_true(shown[i].key[0] != '\0');
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(shown[i].text, shown[j].text);
    }
}

/* The keys terminal users expect (issue 11): plain letters are keys
 * where no text field has focus and text where one has; control keys
 * are keys everywhere. */
static void test_keys_as_users_expect(void **state)
{
    static const struct {
        const char *key;
        enum tui_action action;
    } list[] = {
        { "j", TUI_ACT_DOWN }, { "k", TUI_ACT_UP }, { "g", TUI_ACT_HOME },
        { "G", TUI_ACT_END }, { "C-n", TUI_ACT_DOWN }, { "C-p", TUI_ACT_UP },
        { "PgUp", TUI_ACT_PAGE_UP }, { "PgDn", TUI_ACT_PAGE_DOWN },
        { "Home", TUI_ACT_HOME }, { "End", TUI_ACT_END },
        { "q", TUI_ACT_QUIT }, { "?", TUI_ACT_HELP },
    };
    static const unsigned lists[] = { SCREEN_PICKER, SCREEN_RESULT,
                                      SCREEN_ERROR };
    struct tui_input in;
    struct keys_shown shown[48];
    size_t n;
    bool f1 = false, q = false;

    (void)state;
    for (size_t s = 0; s < sizeof(lists) / sizeof(lists[0]); s++)
        for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
            int key = keys_parse(list[i].key, strlen(list[i].key));

            assert_int_equal(keys_input(lists[s], false, false, key, &in),
                             list[i].action);
        }
    /* In the search, letters are text; C-n and C-p still move. */
    for (const char *c = "jkgGq?/"; *c; c++) {
        assert_int_equal(keys_input(SCREEN_PICKER, false, true, *c, &in),
                         TUI_ACT_INSERT);
        assert_int_equal(in.ch, *c);
    }
    assert_int_equal(keys_input(SCREEN_PICKER, false, true, KEYS_CTRL('n'),
                                &in), TUI_ACT_DOWN);
    assert_int_equal(keys_input(SCREEN_PICKER, false, false, '/', &in),
                     TUI_ACT_SEARCH);
    /* ? and q where nothing takes text. */
    for (unsigned s = 0; s < SCREEN_COUNT; s++) {
        if (s == SCREEN_FORM || s == SCREEN_PROMPT)
            continue;
        /* The rollout screen's q is its Esc: while the rollout runs, it
         * asks whether to stop it rather than end the program. */
        assert_int_equal(keys_input(s, false, false, 'q', &in),
                         s == SCREEN_ROLLOUT ? TUI_ACT_BACK : TUI_ACT_QUIT);
        assert_int_equal(keys_input(s, false, false, '?', &in),
                         TUI_ACT_HELP);
    }
    /* The form's q is never a quit: typed ahead while it sends. */
    assert_int_equal(keys_input(SCREEN_FORM, true, false, 'q', &in),
                     TUI_ACT_NONE);
    /* The help names Esc "Esc" and offers F1 where ? is text. */
    n = keys_help(SCREEN_PICKER, false, true, shown, 48);
    for (size_t i = 0; i < n; i++) {
        assert_string_not_equal(shown[i].key, "C-[");
        f1 = f1 || strcmp(shown[i].key, "F1") == 0;
        q = q || strcmp(shown[i].key, "q") == 0;
    }
    assert_true(f1);
    assert_false(q);
    n = keys_footer(SCREEN_PICKER, false, false, shown, 48);
    f1 = q = false;
    for (size_t i = 0; i < n; i++) {
        f1 = f1 || strcmp(shown[i].key, "?") == 0;
        q = q || strcmp(shown[i].key, "q") == 0;
    }
    assert_true(f1 && q);
}

/* --- the table of screens ------------------------------------------------ */

static void test_screen_table(void **state)
{
    (void)state;
    assert_true(SCREEN_COUNT <= SCREEN_MAX);
    for (int i = 0; i < SCREEN_COUNT; i++) {
        const struct screen *s = screens_get((enum screen_id)i);

        assert_non_null(s);
        assert_int_equal(s->id, i);
        assert_true(s->name && *s->name);
        assert_non_null(s->draw);
        assert_non_null(s->handle);
        assert_true(s->state_size > 0);
        assert_non_null(t.state[i]);
        assert_true(s->back < SCREEN_COUNT);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(s->name, screens_get(j)->name);
    }
    assert_null(screens_get(SCREEN_COUNT));
}

static void test_quit_on_every_screen(void **state)
{
    struct tui_input quit = { .action = TUI_ACT_QUIT };

    (void)state;
    for (int i = 0; i < SCREEN_COUNT; i++) {
        t.quit = false;
        t.screen = (enum screen_id)i;
        assert_int_equal(screens_handle(&t, &quit), TUI_QUIT);
        assert_true(t.quit);
    }
}

/* --- screens ------------------------------------------------------------- */

static void test_picker_search(void **state)
{
    struct catalog_hit *hits;
    char count[32];
    size_t n;
    int y, x, last;

    (void)state;
    assert_true(screens_takes_text(&t));
    assert_int_equal(type("polar"), TUI_REDRAW);
    frame();
    assert_true(strncmp(fake_row(1), "Search: polar ", 14) == 0);
    assert_non_null(strstr(fake_row(1), " 2/220"));
    /* The cursor is where the lineedit says: after "polar". */
    assert_true(draw_cursor_at(&y, &x));
    assert_int_equal(y, 1);
    assert_int_equal(x, 13);
    /* C-w deletes the last term; terms are separated by spaces only. */
    type(" db-x");
    assert_int_equal(press("C-w"), TUI_REDRAW);
    frame();
    assert_true(strncmp(fake_row(1), "Search: polar ", 14) == 0);
    assert_int_equal(press("C-w"), TUI_REDRAW);
    frame();
    assert_true(strncmp(fake_row(1), "Search:  ", 9) == 0);
    /* Backspace takes a whole character, and what is left is searched
     * for (a byte of it left behind would match nothing); C-u takes
     * everything. */
    type("\xE5\xA4\x87\xE4\xBB\xBD");
    press("BS");
    frame();
    assert_true(strncmp(fake_row(1), "Search: \xE5\xA4\x87 ", 12) == 0);
    assert_true(draw_cursor_at(&y, &x));
    assert_int_equal(x, 10);
    hits = calloc(t.session.catalog.count + 1, sizeof(*hits));
    assert_non_null(hits);
    n = catalog_search(&t.session.catalog, "\xE5\xA4\x87", hits);
    free(hits);
    assert_true(n > 0);
    snprintf(count, sizeof(count), " %zu/220", n);
    assert_non_null(strstr(fake_row(1), count));
    assert_int_equal(fake_find("No service matches"), -1);
    press("BS");
    frame();
    assert_true(strncmp(fake_row(1), "Search:  ", 9) == 0);
    assert_non_null(strstr(fake_row(1), " 220/220"));
    assert_true(draw_cursor_at(&y, &x));
    assert_int_equal(x, 8);
    press("C-u");
    type("nosuchservice");
    frame();
    assert_non_null(strstr(fake_row(4), "No service matches"));
    /* Esc clears the search, then leaves it for the list: it never
     * quits (a stray escape sequence must not end the program). */
    assert_int_equal(press("Esc"), TUI_REDRAW);
    assert_false(t.quit);
    frame();
    assert_non_null(strstr(fake_row(1), "220/220"));
    assert_int_equal(press("Esc"), TUI_REDRAW);
    assert_false(t.quit);
    assert_false(screens_takes_text(&t));
    frame();
    assert_false(draw_cursor_at(&y, &x));
    /* In the list, letters are keys: j and G move, / goes back to the
     * search (where j is text again), q quits. */
    assert_int_equal(press("j"), TUI_REDRAW);
    assert_int_equal(selected_row(), 4);
    assert_int_equal(press("G"), TUI_REDRAW);
    last = selected_row();
    assert_true(last > 4);
    assert_int_equal(press("k"), TUI_REDRAW);
    assert_int_equal(selected_row(), last - 1);
    assert_int_equal(press("g"), TUI_REDRAW);
    assert_int_equal(selected_row(), 3);
    assert_int_equal(press("/"), TUI_REDRAW);
    assert_true(screens_takes_text(&t));
    press("j");
    frame();
    assert_true(strncmp(fake_row(1), "Search: j", 9) == 0);
    press("C-u");
    press("Esc");
    assert_int_equal(press("q"), TUI_QUIT);
    assert_true(t.quit);
}

static void test_picker_list(void **state)
{
    struct tui_input click = { .action = TUI_ACT_CLICK, .y = 4, .x = 5 };

    (void)state;
    type("polar");
    frame();
    assert_true(strncmp(fake_row(3), ">", 1) == 0);
    /* Down moves the selection; a click selects, a second opens. */
    assert_int_equal(press("Down"), TUI_REDRAW);
    frame();
    assert_true(strncmp(fake_row(4), ">", 1) == 0);
    assert_int_equal(press("Up"), TUI_REDRAW);
    assert_int_equal(screens_handle(&t, &click), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_PICKER);
    assert_int_equal(screens_handle(&t, &click), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_FORM);
    /* Below the list: nothing. */
    t.screen = SCREEN_PICKER;
    click.y = 12;
    assert_int_equal(screens_handle(&t, &click), TUI_NONE);
}

/* The first row shown selected, and the product it names. */
static void assert_best_selected(const char *product)
{
    frame();
    assert_true(strncmp(fake_row(3), "> ", 2) == 0);
    assert_non_null(strstr(fake_row(3), product));
    for (int y = 4; y < 12; y++)
        assert_false(fake_row(y)[0] == '>');
}

/* After every change of the search the best match is selected again,
 * wherever the selection was moved to. */
static void test_picker_selection_returns_to_best(void **state)
{
    struct tui_input paste = { .action = TUI_ACT_PASTE, .text = "d",
                               .len = 1 };

    (void)state;
    type("polar");
    assert_best_selected("PolarDB");
    press("Down");
    frame();
    assert_true(strncmp(fake_row(4), ">", 1) == 0);
    type("d");
    assert_best_selected("PolarDB");
    press("End");
    press("BS");
    assert_best_selected("PolarDB");
    press("Down");
    screens_handle(&t, &paste);
    assert_best_selected("PolarDB");
    press("Down");
    press("C-w");
    assert_best_selected("");
    press("Down");
    press("Down");
    type("iot");
    assert_best_selected("IoT");
}

static void test_form(void **state)
{
    (void)state;
    type("polar");
    assert_int_equal(press("Enter"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_FORM);
    assert_true(screens_takes_text(&t));
    type("abc_x");
    frame();
    assert_non_null(strstr(fake_row(6), "is not allowed"));
    press("BS");
    press("BS");
    frame();
    assert_int_equal(fake_find("Role name     "
                               "AliyunServiceRoleForPolarDB_abc "), 11);
    /* To the button: no more text. */
    assert_int_equal(press("Tab"), TUI_REDRAW);
    assert_int_equal(press("Tab"), TUI_REDRAW);
    assert_false(screens_takes_text(&t));
    assert_int_equal(type("x"), TUI_NONE);
    /* Esc goes back to the services, keeping the search. */
    assert_int_equal(press("Esc"), TUI_BACK);
    assert_int_equal(t.screen, SCREEN_PICKER);
    frame();
    assert_true(strncmp(fake_row(1), "Search: polar ", 14) == 0);
}

/* Enter (and the other keys that press it, and a click) on a Create
 * button disabled by a problem sends nothing. */
static void test_form_disabled_create_sends_nothing(void **state)
{
    static const char *const presses[] = { "Enter", "KpEnter", "C-j" };
    struct tui_input click = { .action = TUI_ACT_CLICK, .y = 13, .x = 17 };

    (void)state;
    type("polar");
    press("Enter");
    type("abc_x");
    press("Tab");
    press("Tab");
    frame();
    assert_non_null(strstr(fake_row(13), "[ Create ]   disabled: fix the "
                                         "CustomSuffix first"));
    for (size_t i = 0; i < sizeof(presses) / sizeof(presses[0]); i++) {
        press(presses[i]);
        assert_false(t.busy);
        assert_null(t.current);
        assert_int_equal(jobs_pending(&t), 0);
        assert_int_equal(t.screen, SCREEN_FORM);
    }
    screens_handle(&t, &click);
    assert_false(t.busy);
    assert_int_equal(jobs_pending(&t), 0);
    /* The same with only the description wrong (too long). */
    press("Tab");
    press("C-u");
    type("abc");
    press("Tab");
    for (int i = 0; i < 1030; i++)
        press("x");
    press("Tab");
    frame();
    assert_non_null(strstr(fake_row(13), "disabled: fix the Description"));
    press("Enter");
    assert_false(t.busy);
    assert_int_equal(jobs_pending(&t), 0);
}

/* Pasted text goes into the focused field whole, its line breaks and
 * tabs as spaces: never to the next field, never to the button. */
static void test_form_paste_is_text_only(void **state)
{
    static const char lines[] = "Pasted\nsome description\n\n";
    struct tui_input paste = { .action = TUI_ACT_PASTE, .text = lines,
                               .len = sizeof(lines) - 1 };

    (void)state;
    type("polar");
    press("Enter");
    assert_int_equal(screens_handle(&t, &paste), TUI_REDRAW);
    frame();
    assert_int_equal(fake_find("CustomSuffix  Pasted some description  "), 5);
    assert_non_null(strstr(fake_row(8), "0/1024"));
    assert_false(t.busy);
    /* On the button a paste does nothing at all. */
    press("Tab");
    press("Tab");
    press("C-u");
    assert_int_equal(screens_handle(&t, &paste), TUI_NONE);
    assert_false(t.busy);
    assert_int_equal(jobs_pending(&t), 0);
    /* On the picker it is the search, never Enter. */
    assert_int_equal(press("Esc"), TUI_BACK);
    press("C-u");
    paste.text = "polar\r\n";
    paste.len = 7;
    assert_int_equal(screens_handle(&t, &paste), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_PICKER);
    frame();
    assert_true(strncmp(fake_row(1), "Search: polar ", 14) == 0);
}

static const char result_body[] =
    "{\"RequestId\":\"REQ-1\",\"Role\":{\"RoleName\":"
    "\"AliyunServiceRoleForPolarDB\",\"RoleId\":\"3283324098106712\","
    "\"Arn\":\"acs:ram::1234567890123456:role/aliyunserviceroleforpolardb\","
    "\"CreateDate\":\"2024-01-02T03:04:10Z\",\"IsServiceLinkedRole\":true,"
    "\"AssumeRolePolicyDocument\":\"{\\\"Statement\\\":[{\\\"Action\\\":"
    "\\\"sts:AssumeRole\\\",\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":"
    "{\\\"Service\\\":[\\\"polardb.aliyuncs.com\\\"]}}],\\\"Version\\\":"
    "\\\"1\\\"}\"}}";

static void test_result_and_prompt(void **state)
{
    struct tui_job *j = jobs_new(&t, JOB_CREATE, NULL);
    struct api_error err;

    (void)state;
    t.have_existing = true;
    assert_non_null(j);
    j->service = strdup("polardb.aliyuncs.com");
    assert_non_null(j->service);
    assert_int_equal(api_parse_role_response(result_body,
                                             strlen(result_body), &j->role,
                                             &err), 0);
    result_show(&t, j, false, NULL, NULL);
    jobs_free(j);
    assert_int_equal(t.screen, SCREEN_RESULT);
    assert_false(screens_takes_text(&t));
    frame();
    assert_string_equal(fake_row(1), " Created AliyunServiceRoleForPolarDB");
    assert_non_null(strstr(fake_row(23), "t tf/cli"));
    /* Scrolling the policy; t shows the other tools' commands. */
    assert_int_equal(press("PgDn"), TUI_REDRAW);
    assert_int_equal(press("t"), TUI_REDRAW);
    frame();
    assert_true(fake_find("made by other tools") > 0);
    assert_true(fake_find("> Terraform") > 0);
    /* Back on the trust policy, c copies the ARN with OSC 52 (on the
     * other tools' view it copies a snippet: fixes.sh). */
    assert_int_equal(press("t"), TUI_REDRAW);
    assert_int_equal(press("c"), TUI_REDRAW);
    assert_true(strncmp(fake_sent(), "\033]52;c;", 7) == 0);
    /* s asks where to save: a screen of its own, taking text. */
    assert_int_equal(press("s"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_PROMPT);
    assert_true(screens_takes_text(&t));
    frame();
    assert_string_equal(fake_row(22), " Save the response to: "
                        "AliyunServiceRoleForPolarDB.json");
    assert_int_equal(press("Esc"), TUI_BACK);
    assert_int_equal(t.screen, SCREEN_RESULT);
    assert_int_equal(press("b"), TUI_BACK);
    assert_int_equal(t.screen, SCREEN_PICKER);
    assert_non_null(tui_existing(&t, catalog_find(&t.session.catalog,
                                                  "polardb.aliyuncs.com")));
}

/* prompt_open_text from another screen: drawn over it, back to it on Esc
 * and once saved (fixes.sh has the question before a replace). */
static void test_prompt_from_any_screen(void **state)
{
    char dir[] = "/tmp/test_tui.XXXXXX", path[128];

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/policy.json", dir);
    assert_int_equal(prompt_open_text(&t, "x", N_("the policy"), "{}"), 0);
    frame();
    assert_true(fake_find("Save the policy to: x") > 0);
    assert_int_equal(press("Esc"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_PICKER);
    assert_int_equal(prompt_open_text(&t, "", N_("the policy"), "{}"), 0);
    type(path);
    assert_int_equal(press("Enter"), TUI_REDRAW);
    assert_int_equal(t.screen, SCREEN_PICKER);
    assert_non_null(strstr(t.status, path));
    assert_int_equal(access(path, R_OK), 0);
    unlink(path);
    rmdir(dir);
}

/* A page is the view's own height (less a line kept for context),
 * whatever the terminal's size. */
static void test_scroll_pages_by_the_view(void **state)
{
    struct scroll sc = { 0, 0 };

    (void)state;
    /* Not drawn yet: a page of one line. */
    assert_true(scroll_handle(&sc, TUI_ACT_PAGE_DOWN));
    assert_int_equal(sc.top, 1);
    sc.top = 0;
    scroll_clamp(&sc, 100, 10);
    assert_true(scroll_handle(&sc, TUI_ACT_PAGE_DOWN));
    assert_int_equal(sc.top, 9);
    assert_true(scroll_handle(&sc, TUI_ACT_PAGE_DOWN));
    assert_int_equal(sc.top, 18);
    assert_true(scroll_handle(&sc, TUI_ACT_PAGE_UP));
    assert_int_equal(sc.top, 9);
    assert_true(scroll_handle(&sc, TUI_ACT_END));
    scroll_clamp(&sc, 100, 10);
    assert_int_equal(sc.top, 90);
    assert_false(scroll_handle(&sc, TUI_ACT_OPEN));
    /* A view with no rows (a tiny terminal) shows the start. */
    scroll_clamp(&sc, 100, -3);
    assert_int_equal(sc.top, 0);
}

static void test_error_pane(void **state)
{
    struct api_error e;

    (void)state;
    memset(&e, 0, sizeof(e));
    e.kind = API_ERR_CLOUD;
    e.http_status = 403;
    snprintf(e.action, sizeof(e.action), "CreateServiceLinkedRole");
    snprintf(e.code, sizeof(e.code), "NoPermission");
    error_show(&t, &e, "polardb.aliyuncs.com", NULL);
    assert_int_equal(t.screen, SCREEN_ERROR);
    frame();
    assert_string_equal(fake_row(1), " CreateServiceLinkedRole refused");
    assert_int_equal(press("Down"), TUI_REDRAW);
    assert_int_equal(press("t"), TUI_NONE);
    assert_int_equal(press("Esc"), TUI_BACK);
    assert_int_equal(t.screen, SCREEN_PICKER);
}

/* --- the worker held until the first frame ------------------------------ */

struct counted_job {
    struct worker_job base;
    int runs;
};

static void counted_run(struct worker_job *job)
{
    ((struct counted_job *)job)->runs++;
}

/* Whether the worker's pipe says a job is done within ms. */
static bool worker_done_within(struct worker *w, int ms)
{
    struct pollfd p = { worker_fd(w), POLLIN, 0 };

    return poll(&p, 1, ms) == 1;
}

static void test_worker_held_until_released(void **state)
{
    struct worker *w = worker_new(true);
    struct counted_job job = { .base = { .run = counted_run } };

    (void)state;
    assert_non_null(w);
    worker_submit(w, &job.base);
    /* Held: nothing runs, however long it waits (here a quarter second;
     * a held worker never runs it, so this cannot fail by slowness). */
    assert_false(worker_done_within(w, 250));
    assert_int_equal(job.runs, 0);
    worker_release(w);
    worker_release(w); /* twice is harmless */
    /* A generous bound against a hang, not a speed check. */
    assert_true(worker_done_within(w, 30000));
    assert_ptr_equal(worker_take(w), &job.base);
    assert_int_equal(job.runs, 1);
    worker_free(w, NULL);
}

static void test_worker_not_held_runs_at_once(void **state)
{
    struct worker *w = worker_new(false);
    struct counted_job job = { .base = { .run = counted_run } };

    (void)state;
    assert_non_null(w);
    worker_submit(w, &job.base);
    assert_true(worker_done_within(w, 30000));
    assert_ptr_equal(worker_take(w), &job.base);
    assert_int_equal(job.runs, 1);
    worker_free(w, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worker_held_until_released),
        cmocka_unit_test(test_worker_not_held_runs_at_once),
        cmocka_unit_test_setup_teardown(test_key_names_round_trip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_key_names_unknown, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_actions_have_words, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bindings_do_not_clash, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bindings_all_reachable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_global_keys_on_every_screen,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_lang_switch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_footer_and_help, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_screen_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quit_on_every_screen, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_picker_search, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_picker_list, setup, teardown),
        cmocka_unit_test(test_keys_as_users_expect),
        cmocka_unit_test_setup_teardown(test_picker_selection_returns_to_best,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_form, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_form_disabled_create_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_form_paste_is_text_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_result_and_prompt, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_prompt_from_any_screen, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_scroll_pages_by_the_view,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_pane, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
