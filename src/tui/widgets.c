/* widgets — the pieces every screen is built from (see widgets.h). */
#include "config.h"

#include "tui/widgets.h"

#include "app/i18n.h"
#include "tui/draw.h"
#include "tui/keys.h"

/* More than any screen binds. */
#define WIDGETS_KEYS_MAX 48

void widgets_footer(unsigned screen, int rows, int cols)
{
    struct keys_shown keys[WIDGETS_KEYS_MAX];
    size_t n = keys_footer(screen, keys, WIDGETS_KEYS_MAX);
    int x = 0, y = rows - 1;

    draw_fill(y, 0, cols, DRAW_FOOTER, "");
    for (size_t i = 0; i < n && x < cols; i++) {
        x += 1;
        x += draw_put(y, x, cols - x, DRAW_FOOTER_KEY, keys[i].key);
        x += 1;
        x += draw_put(y, x, cols - x, DRAW_FOOTER, _(keys[i].text));
        x += 1;
    }
}

void widgets_help(unsigned screen, int rows, int cols)
{
    struct keys_shown keys[WIDGETS_KEYS_MAX];
    size_t n = keys_help(screen, keys, WIDGETS_KEYS_MAX);
    int w = cols - 8 < 70 ? cols - 8 : 70, h = rows - 4;
    int x0 = (cols - w) / 2, y0 = 2, y = y0 + 2;

    for (int r = 0; r < h; r++)
        draw_fill(y0 + r, x0, w, DRAW_NORMAL, "");
    draw_fill(y0, x0, w, DRAW_HEADER, _(" Keys on this screen"));
    for (size_t i = 0; i < n && y < y0 + h - 1; i++) {
        draw_put(y, x0 + 2, 12, DRAW_TITLE, keys[i].key);
        draw_put(y, x0 + 15, w - 17, DRAW_NORMAL, _(keys[i].text));
        y++;
    }
    draw_fill(y0 + h - 1, x0, w, DRAW_FOOTER,
              _(" any key closes this help"));
}
