/* problems — background calls that failed, so none fails silently.
 *
 * Each source of background work has a slot: its last failure (the job,
 * kept to be shown and sent again) until it succeeds.  The header shows
 * the first one in the warning colour, `!` opens the error pane for it,
 * and `r` there sends the same request again.  A new source is one line
 * in TUI_PROBLEMS and a problems_set / problems_clear in its done. */
#ifndef LINKROLE_TUI_PROBLEMS_H
#define LINKROLE_TUI_PROBLEMS_H

#include <stdbool.h>

struct buf;
struct tui;
struct tui_job;

/* The sources, in the order the header prefers them. */
#define TUI_PROBLEMS(X)     \
    X(IDENTITY)             \
    X(LIST)                 \
    X(TEMPLATE)

enum tui_problem {
#define TUI_PROBLEMS_ENUM(name) TUI_PROBLEM_##name,
    TUI_PROBLEMS(TUI_PROBLEMS_ENUM)
#undef TUI_PROBLEMS_ENUM
    TUI_PROBLEM_COUNT
};

struct tui_problems {
    struct tui_job *failed[TUI_PROBLEM_COUNT];  /* NULL: no problem */
};

/* p's call failed as j says (a copy is kept); or it went well. */
void problems_set(struct tui *t, enum tui_problem p,
                  const struct tui_job *j);
void problems_clear(struct tui *t, enum tui_problem p);
void problems_free(struct tui *t);
/* Whether p's last call failed. */
bool problems_has(const struct tui *t, enum tui_problem p);
/* The first failed call, or NULL. */
const struct tui_job *problems_first(const struct tui *t);
/* The header's words for the first problem: "ListRoles: no
 * ram:ListRoles permission".  Returns whether there is one. */
bool problems_brief(const struct tui *t, struct buf *out);
/* Opens the error pane for the first problem; returns whether there was
 * one (otherwise the status line says so). */
bool problems_show(struct tui *t);

#endif
