/* loop — the event loop: the terminal, the worker's pipe and signals
 * polled together, keys turned into actions and handed to the screen,
 * one frame drawn after each batch.
 *
 * script.c drives the same dispatch from a file of keys instead of the
 * terminal (LINKROLE_TUI_SCRIPT), for headless tests. */
#ifndef LINKROLE_TUI_LOOP_H
#define LINKROLE_TUI_LOOP_H

#include <stdbool.h>
#include <wchar.h>

#include "tui/keys.h"

/* What the loop needs from the program. */
struct loop_app {
    void *ctx;
    /* The current screen's bit (KEYS_SCR_*), and whether it takes text. */
    unsigned (*screen)(void *ctx, bool *text);
    void (*draw)(void *ctx, int rows, int cols);
    void (*handle)(void *ctx, const struct tui_input *in);
    /* Readable when background work finished (-1: none yet); then
     * wake() is called. */
    int (*wake_fd)(void *ctx);
    void (*wake)(void *ctx);
    /* Background work pending: the loop animates, and :wait waits. */
    bool (*busy)(void *ctx);
    bool (*done)(void *ctx);
};

/* Runs until app->done() or a terminating signal.  Returns 0, 128 + N
 * when signal N ended it (a lost terminal counts as SIGHUP), or -1 for a
 * bad script. */
int loop_run(const struct loop_app *app);

/* For script.c: one frame; one key (keys.h); a click; a resize to the
 * size curses has now; and the worker's news, if any. */
void loop_frame(const struct loop_app *app);
void loop_key(const struct loop_app *app, int key);
void loop_click(const struct loop_app *app, int y, int x);
void loop_resize(const struct loop_app *app);
void loop_wake(const struct loop_app *app);

/* script.c: runs the keys in path, headless.  Returns 0 or -1. */
int script_run(const struct loop_app *app, const char *path);

#endif
