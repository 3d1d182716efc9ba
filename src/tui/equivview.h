/* equivview — the result pane's "same role, made by other tools" view:
 * the Terraform resource and the aliyun CLI command as snippets, each
 * wrapped to the width (a command is never cut) and each selectable, so
 * that c copies and s saves the selected one alone. */
#ifndef LINKROLE_TUI_EQUIVVIEW_H
#define LINKROLE_TUI_EQUIVVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "tui/widgets.h"

enum equivview_kind { EQUIVVIEW_TERRAFORM, EQUIVVIEW_CLI, EQUIVVIEW_COUNT };

struct equivview {
    struct buf snip[EQUIVVIEW_COUNT];   /* the text, as copied and saved */
    size_t sel;                          /* the selected snippet */
    struct scroll scroll;                /* over the wrapped rows */
    size_t title_row[EQUIVVIEW_COUNT];   /* each title's row, last drawn */
};

void equivview_init(struct equivview *v);
void equivview_free(struct equivview *v);
/* Empties both snippets and selects the first, scrolled to the top. */
void equivview_reset(struct equivview *v);
/* Its title, translated: "Terraform", "aliyun CLI". */
const char *equivview_title(enum equivview_kind k);
/* What saving it is called ("the Terraform snippet"), N_() text. */
const char *equivview_what(enum equivview_kind k);
/* A file name for it: ROLE.tf, ROLE.sh. */
void equivview_file_name(enum equivview_kind k, const char *role_name,
                         char *out, size_t size);
/* Draws the snippets from row y, x, in w columns and height rows. */
void equivview_draw(struct equivview *v, int y, int x, int w, int height);
/* Tab / S-Tab select the next / previous snippet (brought into view);
 * the moves scroll.  Returns whether action was one of them. */
bool equivview_handle(struct equivview *v, enum tui_action action);

#endif
