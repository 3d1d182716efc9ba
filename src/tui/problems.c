/* problems — background calls that failed (see problems.h). */
#include "config.h"

#include "tui/problems.h"

#include "app/explain.h"
#include "app/i18n.h"
#include "cloud/errors.h"
#include "core/buf.h"
#include "tui/jobs.h"
#include "tui/state.h"

void problems_set(struct tui *t, enum tui_problem p,
                  const struct tui_job *j)
{
    struct tui_job *copy = jobs_again(t, j);

    /* Out of memory: the old failure is still a failure to show. */
    if (!copy)
        return;
    jobs_free(t->problems.failed[p]);
    t->problems.failed[p] = copy;
}

void problems_clear(struct tui *t, enum tui_problem p)
{
    jobs_free(t->problems.failed[p]);
    t->problems.failed[p] = NULL;
}

void problems_free(struct tui *t)
{
    for (int p = 0; p < TUI_PROBLEM_COUNT; p++)
        problems_clear(t, (enum tui_problem)p);
}

bool problems_has(const struct tui *t, enum tui_problem p)
{
    return t->problems.failed[p] != NULL;
}

const struct tui_job *problems_first(const struct tui *t)
{
    for (int p = 0; p < TUI_PROBLEM_COUNT; p++)
        if (t->problems.failed[p])
            return t->problems.failed[p];
    return NULL;
}

bool problems_brief(const struct tui *t, struct buf *out)
{
    const struct tui_job *j = problems_first(t);

    if (!j)
        return false;
    /* The key that shows why, and a mark the monochrome theme keeps. */
    buf_adds(out, "! ");
    /* "no ram:ListRoles permission" names the action already; a
     * template's action name is longer than what it is for. */
    if (j->kind == JOB_TEMPLATE)
        buf_printf(out, "%s: ", _("the cloud's rules"));
    else if (j->err.action[0] &&
        !(j->err.kind == API_ERR_CLOUD &&
          errors_classify(j->err.code) == ERRORS_PERMISSION &&
          errors_ram_action(j->err.action)))
        buf_printf(out, "%s: ", j->err.action);
    explain_brief(out, &j->err);
    return true;
}

bool problems_show(struct tui *t)
{
    const struct tui_job *j = problems_first(t);

    if (!j) {
        tui_say(t, DRAW_OK, N_("No background call has failed."));
        return false;
    }
    error_show_job(t, j);
    return true;
}
