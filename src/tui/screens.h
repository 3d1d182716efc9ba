/* screens — the table of screens, as tig's view_ops: each screen is a
 * row {id, name, its state, draw, handle, takes_text, back}, and the
 * loop knows screens only through it.
 *
 * Adding a screen: its file NAME.c (its state struct, its draw and handle,
 * and its row, `const struct screen NAME_screen`), one line in SCREENS
 * below, and its keys in keys.c. */
#ifndef LINKROLE_TUI_SCREENS_H
#define LINKROLE_TUI_SCREENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/keys.h"

struct api_error;
struct catalog_entry;
struct tui;
struct tui_job;

/* The screens, one line each: the id's name, and NAME, whose NAME.c
 * defines NAME_screen. */
#define SCREENS(X)          \
    X(NOCREDS, nocreds)     \
    X(PICKER, picker)       \
    X(FORM, form)           \
    X(RESULT, result)       \
    X(PROMPT, prompt)       \
    X(ERROR, error)         \
    X(DBS, dbs)             \
    X(ROLES, roles)         \
    X(DELETE, delete)       \
    X(ROLLOUT, rollout)

enum screen_id {
#define SCREENS_ENUM(id, name) SCREEN_##id,
    SCREENS(SCREENS_ENUM)
#undef SCREENS_ENUM
    SCREEN_COUNT
};

/* The key table names sets of screens as 32-bit masks (keys.c), and
 * UINT32_MAX is every screen, also one added later. */
#define SCREEN_MAX 32
#define SCREEN_BIT(id) ((uint32_t)1 << (id))
_Static_assert(SCREEN_COUNT <= SCREEN_MAX, "a screen mask has 32 bits");

/* What a handler says should happen (htop's Htop_Reaction); the screen
 * table carries it out, so handlers never switch screens or end the
 * program themselves. */
enum tui_reaction {
    TUI_NONE,       /* the action meant nothing here */
    TUI_REDRAW,     /* the state changed: draw it */
    TUI_BACK,       /* leave for the screen's back screen */
    TUI_QUIT        /* end the program */
};

struct screen {
    enum screen_id id;
    const char *name;               /* for messages and tests */
    /* The screen's own state, t->state[id]: state_size bytes, zeroed,
     * then init (which may be NULL) returns 0 or -1 (no memory); done
     * (NULL too) frees what init and the screen took. */
    size_t state_size;
    int (*init)(struct tui *t);
    void (*done)(struct tui *t);
    /* Draws the screen but the footer (drawn from the key table). */
    void (*draw)(struct tui *t, int rows, int cols);
    enum tui_reaction (*handle)(struct tui *t, const struct tui_input *in);
    /* Whether typed characters are text for it now; NULL: never. */
    bool (*takes_text)(const struct tui *t);
    enum screen_id back;            /* where TUI_BACK leads */
    /* The language changed: words the screen keeps in its state are
     * made again in the new one (NULL: it keeps none). */
    void (*relang)(struct tui *t);
};

#define SCREENS_EXTERN(id, name) extern const struct screen name##_screen;
SCREENS(SCREENS_EXTERN)
#undef SCREENS_EXTERN

/* The row of id (NULL when there is none). */
const struct screen *screens_get(enum screen_id id);
/* Makes every screen's state (0, or -1: no memory), and frees them. */
int screens_init(struct tui *t);
void screens_done(struct tui *t);

/* Shows screen id from now on. */
void screens_show(struct tui *t, enum screen_id id);
/* The screen shown: whether it takes text now; its frame (the screen,
 * then the footer); an action for it, whose reaction is carried out
 * (Quit quits on every screen) and returned. */
bool screens_takes_text(const struct tui *t);
void screens_draw(struct tui *t, int rows, int cols);
enum tui_reaction screens_handle(struct tui *t, const struct tui_input *in);
/* Switches to the next language (English, Simplified, Traditional
 * Chinese, English again) and makes every screen's words again. */
void screens_lang_next(struct tui *t);

/* What screens ask of each other. */
int picker_load(struct tui *t);     /* the catalogue is there: 0 or -1 */
void form_open(struct tui *t, const struct catalog_entry *e);
/* The template of service came (or failed): a Create held for it goes
 * on (templates.c calls this). */
void form_rules_arrived(struct tui *t, const char *service);
void dbs_start(struct tui *t);
/* The role j fetched or made, with existed and a banner: banner (an
 * N_() format with one %s, worded when drawn, so it follows the
 * language) about arg; NULL: the usual one. */
void result_show(struct tui *t, struct tui_job *j, bool existed,
                 const char *banner, const char *arg);
/* The result pane without its last two rows (the prompt draws there). */
void result_draw_body(struct tui *t, int rows, int cols);
/* The result pane just shown came from back (where Back leads) and is
 * of catalogue entry e (NULL: not known; else n offers another role of
 * it). */
void result_from(struct tui *t, enum screen_id back,
                 const struct catalog_entry *e);
/* Where the result pane's Back leads. */
enum screen_id result_back(const struct tui *t);
/* Fetches role (GetRole) as the user's request and shows it in the
 * result pane, whose Back leads to back (its entry: the catalogue's for
 * the role's name). */
void roles_show_role(struct tui *t, const char *role, enum screen_id back);
/* The roles screen, the list fetched again when a role was made since. */
void roles_open(struct tui *t);
/* The response the role came in, as received (NULL when none). */
const char *result_response(const struct tui *t);
/* Asks where to save the response, suggesting name. */
void prompt_open(struct tui *t, const char *name);
/* Asks where to save text (copied), suggesting name; what (N_() text)
 * says what it is: "Save WHAT to:".  Works from any screen: it is drawn
 * under the question, and Esc or a saved file goes back to it, whose
 * status line then says where the file went.  Returns -1 when out of
 * memory. */
int prompt_open_text(struct tui *t, const char *name, const char *what,
                     const char *text);
/* Asks before deleting role_name, then deletes it and follows the
 * deletion to its end; back leads to the screen shown now. */
void delete_open(struct tui *t, const char *role_name);
/* Rolls service's role (with suffix and description, NULL or "" for
 * none; or, dbs, the DBS activation) out to every member account of
 * the Resource Directory: the plan first, then the run once confirmed;
 * back leads to the screen shown now. */
void rollout_open(struct tui *t, bool dbs, const char *service,
                  const char *suffix, const char *description);
void error_show(struct tui *t, const struct api_error *e,
                const char *service, const char *role_name);
/* The same for j's failure, and r sends j's request again (a copy of it,
 * answered by j's done); e goes back to the screen shown before. */
void error_show_job(struct tui *t, const struct tui_job *j);

#endif
