/* loop — the event loop: the terminal, the worker's pipe and signals
 * polled together, keys turned into actions and handed to the screen,
 * one frame drawn after each batch.
 *
 * script.c drives the same dispatch from a file of keys instead of the
 * terminal (LINKROLE_TUI_SCRIPT), for headless tests. */
#ifndef LINKROLE_TUI_LOOP_H
#define LINKROLE_TUI_LOOP_H

#include <stddef.h>

struct tui;

/* Runs until the UI quits or a terminating signal.  Returns 0, 128 + N
 * when signal N ended it (a lost terminal counts as SIGHUP), or -1 for a
 * bad script. */
int loop_run(struct tui *t);

/* For script.c: one frame; one key (keys.h); a click; a resize to the
 * size curses has now; and the worker's news, if any. */
void loop_frame(struct tui *t);
void loop_key(struct tui *t, int key);
/* Keys read together (one burst, see loop.c): each key, then the end
 * of the burst.  loop_key is a burst of one key. */
void loop_burst_key(struct tui *t, int key);
void loop_burst_end(struct tui *t);
/* A bracketed paste: its start and end markers, or the whole of it,
 * text[0..len), at once.  Pasted text only ever goes into the field
 * that has the focus; it never presses a key. */
void loop_paste_begin(struct tui *t);
void loop_paste_end(struct tui *t);
void loop_paste(struct tui *t, const char *text, size_t len);
/* Frees what the loop kept; loop_run calls it on its way out. */
void loop_done(void);
void loop_click(struct tui *t, int y, int x);
void loop_resize(void);
void loop_wake(struct tui *t);

/* script.c: runs the keys in path, headless.  Returns 0 or -1. */
int script_run(struct tui *t, const char *path);

#endif
