/* delete_stub — a stand-in for the delete screen (delete.c), which
 * another branch writes: this branch only says deletion is not here.
 * The merge drops this file for delete.c. */
#include "config.h"

#include "app/i18n.h"
#include "tui/state.h"

void delete_open(struct tui *t, const char *role_name)
{
    (void)role_name;
    tui_status(t, DRAW_WARNING, "%s",
               _("deletion is not built in this branch"));
}
