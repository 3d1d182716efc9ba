/* safe — see safe.h. */
#include "config.h"

#include "app/safe.h"

#include <stdlib.h>
#include <string.h>

#include "app/scrub.h"
#include "core/buf.h"
#include "core/wipe.h"

#define SAFE_MAX (8u << 20)

/* When scrubbing fails, the field must still not go out as it came:
 * every byte becomes "?", which needs no memory. */
static void safe_blank(char *s)
{
    memset(s, '?', strlen(s));
}

/* Replaces *s by what scrub (scrub_text or scrub_json) makes of it. */
static void safe_with(char **s, int (*scrub)(struct buf *, const char *))
{
    struct buf out;
    char *safe;

    if (!s || !*s)
        return;
    buf_init(&out, SAFE_MAX);
    if (scrub(&out, *s) || !(safe = buf_take(&out))) {
        buf_wipe(&out);
        safe_blank(*s);
        return;
    }
    /* The old text may hold a secret: gone before it is freed. */
    wipe_free(*s);
    *s = safe;
}

void safe_string(char **s)
{
    safe_with(s, scrub_text);
}

static void safe_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        safe_string(&v[i]);
}

void safe_result(struct api_result *r)
{
    safe_string(&r->request_id);
    safe_with(&r->response, scrub_json);
}

void safe_role(struct api_role *r)
{
    safe_string(&r->role_id);
    safe_string(&r->role_name);
    safe_string(&r->arn);
    safe_string(&r->description);
    safe_string(&r->create_date);
    safe_string(&r->update_date);
    safe_string(&r->role_principal_name);
    safe_string(&r->deletion_task_id);
    safe_string(&r->deletion_task_date);
    /* JSON inside a string: kept JSON (the UI lays it out again). */
    safe_with(&r->policy_document, scrub_json);
    safe_strv(r->trust.services, r->trust.nservices);
    safe_strv(r->trust.actions, r->trust.nactions);
    /* Several lines: scrub_text keeps the line breaks. */
    safe_string(&r->trust.pretty);
}

void safe_role_result(struct api_role_result *r)
{
    safe_result(&r->r);
    safe_role(&r->role);
}

void safe_deletion(struct api_deletion *d)
{
    safe_result(&d->r);
    safe_string(&d->task_id);
    safe_string(&d->status);
    safe_string(&d->reason);
    safe_strv(d->usages, d->nusages);
}

void safe_dbs_init(struct api_dbs_init *d)
{
    safe_result(&d->r);
    safe_string(&d->error_code);
    safe_string(&d->err_message);
}

void safe_identity(struct api_identity *id)
{
    safe_result(&id->r);
    safe_string(&id->identity_type);
    safe_string(&id->account_id);
    safe_string(&id->user_id);
    safe_string(&id->role_id);
    safe_string(&id->principal_id);
    safe_string(&id->arn);
}

/* A fixed-size field: scrubbed text, cut back into its room at a
 * character's start (scrubbing may have made it longer). */
static void safe_field(char *s, size_t size)
{
    struct buf out;
    size_t n;

    buf_init(&out, SAFE_MAX);
    if (scrub_text(&out, s)) {
        buf_wipe(&out);
        safe_blank(s);
        return;
    }
    n = out.len < size - 1 ? out.len : size - 1;
    /* Never half a UTF-8 sequence at the end. */
    if (n < out.len)
        while (n > 0 && ((unsigned char)out.data[n] & 0xC0) == 0x80)
            n--;
    memcpy(s, out.data ? out.data : "", n);
    s[n] = '\0';
    buf_wipe(&out);
}

void safe_slr_template(struct api_slr_template *t)
{
    safe_result(&t->r);
    safe_field(t->service_name, sizeof(t->service_name));
    safe_field(t->role_name_prefix, sizeof(t->role_name_prefix));
    safe_field(t->system_policy_name, sizeof(t->system_policy_name));
    for (size_t i = 0; i < t->ndescriptions; i++) {
        safe_field(t->descriptions[i].language,
                   sizeof(t->descriptions[i].language));
        safe_field(t->descriptions[i].description,
                   sizeof(t->descriptions[i].description));
    }
}
