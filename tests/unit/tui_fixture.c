/* tui_fixture — the terminal UI without a terminal, for the TUI's unit
 * tests: the primitives of term.c that draw.c writes through,
 * faked into a grid of cells the tests read back, and a UI with the
 * catalogue and no session, driven key by key (see tui_fixture.h). */
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

#include "core/text.h"
#include "tui/term.h"
#include "tui_fixture.h"

/* --- a fake terminal ----------------------------------------------------- */

struct tui_fake fake;

int term_rows(void)
{
    return fake.rows;
}

int term_cols(void)
{
    return fake.cols;
}

void term_text(int y, int x, enum draw_role role, const char *text)
{
    const char *p = text;

    (void)role;
    assert_true(y >= 0 && y < fake.rows && x >= 0);
    while (*p && x < fake.cols) {
        uint32_t cp;
        size_t n = text_decode(p, strlen(p), &cp, NULL);
        int w = text_cp_cols(cp);

        assert_true(n < sizeof(fake.cell[0][0]));
        if (w > 0) {
            memcpy(fake.cell[y][x], p, n);
            fake.cell[y][x][n] = '\0';
            if (w == 2 && x + 1 < fake.cols)
                fake.cell[y][x + 1][0] = '\0';
            x += w;
        }
        p += n;
    }
}

void term_clear_row(int y)
{
    assert_true(y >= 0 && y < fake.rows);
    for (int x = 0; x < fake.cols; x++)
        snprintf(fake.cell[y][x], sizeof(fake.cell[y][x]), " ");
}

int term_send(const char *bytes, size_t n)
{
    snprintf(fake.sent, sizeof(fake.sent), "%.*s", (int)n, bytes);
    return 0;
}

void fake_clear(int rows, int cols)
{
    fake.rows = rows;
    fake.cols = cols;
    for (int y = 0; y < FAKE_ROWS; y++)
        for (int x = 0; x < FAKE_COLS; x++)
            snprintf(fake.cell[y][x], sizeof(fake.cell[y][x]), " ");
    fake.sent[0] = '\0';
}

/* Row y as text, trailing spaces trimmed. */
const char *fake_row(int y)
{
    static char row[FAKE_COLS * 8];
    size_t n = 0;

    row[0] = '\0';
    for (int x = 0; x < fake.cols; x++) {
        size_t len = strlen(fake.cell[y][x]);

        memcpy(row + n, fake.cell[y][x], len);
        n += len;
    }
    while (n > 0 && row[n - 1] == ' ')
        n--;
    row[n] = '\0';
    return row;
}

/* --- a UI with the catalogue and no session ------------------------------ */

struct options opts;
struct tui t;

int setup(void **state)
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
    fake_clear(24, 80);
    t.rows = 24;
    t.cols = 80;
    return 0;
}

int teardown(void **state)
{
    (void)state;
    tui_free(&t);
    catalog_free(&t.session.catalog);
    return 0;
}

/* The first row holding text, or -1. */
int fake_find(const char *text)
{
    for (int y = 0; y < fake.rows; y++)
        if (strstr(fake_row(y), text))
            return y;
    return -1;
}

/* A frame, as the loop draws it. */
void frame(void)
{
    fake_clear(t.rows, t.cols);
    draw_frame_begin();
    screens_draw(&t, t.rows, t.cols);
}

/* One key by its name, as the loop hands it to the screen. */
enum tui_reaction press(const char *name)
{
    struct tui_input in;
    int key = keys_parse(name, strlen(name));

    assert_true(key > 0);
    keys_input(t.screen, t.busy, screens_takes_text(&t), key, &in);
    if (in.action == TUI_ACT_NONE)
        return TUI_NONE;
    return screens_handle(&t, &in);
}

/* Text typed, character by character; returns the last reaction. */
enum tui_reaction type(const char *s)
{
    enum tui_reaction r = TUI_NONE;

    while (*s) {
        size_t n = text_decode(s, strlen(s), NULL, NULL);
        char one[8];

        snprintf(one, sizeof(one), "%.*s", (int)n, s);
        r = press(one);
        s += n;
    }
    return r;
}

const char *fake_sent(void)
{
    return fake.sent;
}

int selected_row(void)
{
    frame();
    for (int y = 0; y < t.rows; y++)
        if (fake_row(y)[0] == '>')
            return y;
    return -1;
}
