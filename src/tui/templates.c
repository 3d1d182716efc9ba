/* templates — the cloud's rules per service, in the UI (templates.h). */
#include "config.h"

#include "tui/templates.h"

#include <stdlib.h>
#include <string.h>

#include "tui/jobs.h"
#include "tui/problems.h"
#include "tui/screens.h"
#include "tui/state.h"

struct tpl_slot {
    char *service;
    enum tpl_state state;
    struct api_slr_template *t;     /* when TPL_KNOWN */
    struct api_error err;           /* when TPL_FAILED */
};

struct tui_templates {
    struct tpl_slot *slots;
    size_t count;
    bool running;                   /* a template job is on its way */
    size_t next;                    /* the slot to fetch after it */
    bool have_next;
};

static struct tpl_slot *templates_find(const struct tui_templates *s,
                                       const char *service)
{
    for (size_t i = 0; s && i < s->count; i++)
        if (strcmp(s->slots[i].service, service) == 0)
            return &s->slots[i];
    return NULL;
}

static struct tpl_slot *templates_slot(struct tui *t, const char *service)
{
    struct tui_templates *s = t->templates;
    struct tpl_slot *slot, *grown;

    if (!s && !(s = t->templates = calloc(1, sizeof(*s))))
        return NULL;
    if ((slot = templates_find(s, service)))
        return slot;
    grown = realloc(s->slots, (s->count + 1) * sizeof(*grown));
    if (!grown)
        return NULL;
    s->slots = grown;
    slot = &s->slots[s->count];
    memset(slot, 0, sizeof(*slot));
    if (!(slot->service = strdup(service)))
        return NULL;
    s->count++;
    return slot;
}

static void templates_start(struct tui *t, struct tpl_slot *slot);

static void templates_done(struct tui *t, struct tui_job *j)
{
    struct tui_templates *s = t->templates;
    struct tpl_slot *slot = templates_find(s, j->service);

    s->running = false;
    if (slot) {
        if (j->rc == 0 && (slot->t = malloc(sizeof(*slot->t)))) {
            *slot->t = j->tpl;
            /* The answer as received stays with the job, freed there. */
            memset(&slot->t->r, 0, sizeof(slot->t->r));
            slot->state = TPL_KNOWN;
            problems_clear(t, TUI_PROBLEM_TEMPLATE);
        } else {
            slot->state = TPL_FAILED;
            slot->err = j->err;
            if (j->rc == 0) {
                /* Came, but no room to keep it: as good as lost. */
                memset(&slot->err, 0, sizeof(slot->err));
                slot->err.kind = API_ERR_INTERNAL;
            }
            if (j->rc && j->err.kind != API_ERR_CANCELLED)
                problems_set(t, TUI_PROBLEM_TEMPLATE, j);
        }
    }
    if (s->have_next) {
        s->have_next = false;
        templates_start(t, &s->slots[s->next]);
    }
    form_rules_arrived(t, j->service);
}

static void templates_start(struct tui *t, struct tpl_slot *slot)
{
    struct tui_job *j = jobs_new(t, JOB_TEMPLATE, templates_done);

    if (j)
        j->service = strdup(slot->service);
    if (!j || !j->service) {
        jobs_free(j);
        slot->state = TPL_FAILED;
        memset(&slot->err, 0, sizeof(slot->err));
        slot->err.kind = API_ERR_INTERNAL;
        return;
    }
    /* The demo's templates are not the cloud's: never remembered. */
    j->tpl_disk = !t->opts->demo;
    slot->state = TPL_LOADING;
    t->templates->running = true;
    jobs_queue(t, j);
}

void templates_want(struct tui *t, const char *service)
{
    struct tui_templates *s;
    struct tpl_slot *slot;

    if (!t->worker || !service || !(slot = templates_slot(t, service)))
        return;
    s = t->templates;
    if (slot->state != TPL_UNKNOWN)
        return;
    if (!s->running) {
        templates_start(t, slot);
        return;
    }
    /* One waits at most: the one asked for last.  The one it replaces
     * is asked for again when it is selected again. */
    if (s->have_next)
        s->slots[s->next].state = TPL_UNKNOWN;
    s->next = (size_t)(slot - s->slots);
    s->have_next = true;
    slot->state = TPL_LOADING;
}

void templates_retry(struct tui *t, const char *service)
{
    struct tpl_slot *slot = templates_find(t->templates, service);

    if (slot && slot->state == TPL_FAILED)
        slot->state = TPL_UNKNOWN;
    templates_want(t, service);
}

enum tpl_state templates_get(const struct tui *t, const char *service,
                             const struct api_slr_template **out,
                             const struct api_error **err)
{
    const struct tpl_slot *slot =
        service ? templates_find(t->templates, service) : NULL;
    enum tpl_state st = slot ? slot->state : TPL_UNKNOWN;

    if (out)
        *out = st == TPL_KNOWN ? slot->t : NULL;
    if (err)
        *err = st == TPL_FAILED ? &slot->err : NULL;
    return st;
}

void templates_free(struct tui *t)
{
    struct tui_templates *s = t->templates;

    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++) {
        free(s->slots[i].service);
        if (s->slots[i].t)
            api_slr_template_free(s->slots[i].t);
        free(s->slots[i].t);
    }
    free(s->slots);
    free(s);
    t->templates = NULL;
}
