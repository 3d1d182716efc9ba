/* journal_log — the journal read back (see journal_log.h). */
#include "config.h"

#include "app/journal_log.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "app/scrub.h"
#include "core/clock.h"
#include "core/file.h"
#include "core/json.h"
#include "core/kv.h"

#define JOURNAL_READ_MAX (64u << 20)

int journal_parse_since(const char *s, time_t now, time_t *out)
{
    char full[32], *end;
    long n;
    time_t t;

    if (!s || !*s)
        return -1;
    if (isdigit((unsigned char)s[0]) && strlen(s) == 10 && s[4] == '-') {
        snprintf(full, sizeof(full), "%sT00:00:00Z", s);
        s = full;
    }
    if (strlen(s) == CLOCK_UTC_LEN && (t = clock_parse_utc(s)) != (time_t)-1) {
        *out = t;
        return 0;
    }
    n = strtol(s, &end, 10);
    if (end == s || n < 0 || end[0] == '\0' || end[1] != '\0')
        return -1;
    switch (end[0]) {
    case 's':
        break;
    case 'm':
        n *= 60;
        break;
    case 'h':
        n *= 3600;
        break;
    case 'd':
        n *= 86400;
        break;
    case 'w':
        n *= 7 * 86400;
        break;
    default:
        return -1;
    }
    *out = now - n;
    return 0;
}

/* A member's string, made safe to print; "" when absent.  NULL only
 * when out of memory. */
static char *field(const struct kvlist *o, const char *key)
{
    const char *v = kvlist_get(o, key);
    struct buf b;
    char *s;

    buf_init(&b, 8192);
    if (v && scrub_text(&b, v)) {
        buf_free(&b);
        return NULL;
    }
    s = strdup(buf_str(&b));
    buf_free(&b);
    return s;
}

static void record_free(struct journal_record *r)
{
    char **all[] = { &r->id, &r->time, &r->account, &r->identity,
                     &r->region, &r->action, &r->service, &r->role,
                     &r->suffix, &r->description, &r->request_id,
                     &r->role_id, &r->error, &r->done_time, &r->check };

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        free(*all[i]);
        *all[i] = NULL;
    }
}

/* The command that tells what became of r. */
static char *check_of(const struct journal_record *r)
{
    char line[1024];

    if (r->role[0])
        snprintf(line, sizeof(line), "linkrole get %s", r->role);
    else
        snprintf(line, sizeof(line), "linkrole list");
    return strdup(line);
}

static int intent_of(const struct kvlist *o, struct journal_record *r)
{
    memset(r, 0, sizeof(*r));
    r->result = JOURNAL_UNKNOWN;
    if (!(r->id = field(o, "id")) || !(r->time = field(o, "time")) ||
        !(r->account = field(o, "account")) ||
        !(r->identity = field(o, "identity")) ||
        !(r->region = field(o, "region")) ||
        !(r->action = field(o, "action")) ||
        !(r->service = field(o, "service")) ||
        !(r->role = field(o, "role")) || !(r->suffix = field(o, "suffix")) ||
        !(r->description = field(o, "description")) ||
        !(r->check = check_of(r)))
        return -1;
    return 0;
}

static int outcome_to(const struct kvlist *o, struct journal_record *r)
{
    const char *ok = kvlist_get(o, "ok");
    char *account;

    /* A second outcome for one id (an edited file): the last counts. */
    free(r->request_id);
    free(r->role_id);
    free(r->error);
    free(r->done_time);
    r->request_id = r->role_id = r->error = r->done_time = NULL;
    if (!(r->request_id = field(o, "request_id")) ||
        !(r->role_id = field(o, "role_id")) ||
        !(r->error = field(o, "error")) ||
        !(r->done_time = field(o, "time")) || !(account = field(o, "account")))
        return -1;
    if (!r->account[0] && account[0]) {
        free(r->account);
        r->account = account;
    } else {
        free(account);
    }
    r->result = ok && strcmp(ok, "true") == 0 ? JOURNAL_OK : JOURNAL_FAILED;
    /* A request sent whose answer never came, nor GetRole's word after
     * it (app/slr.c): as unknown as no outcome at all. */
    if (r->result == JOURNAL_FAILED && strcmp(r->error, "unconfirmed") == 0) {
        r->result = JOURNAL_UNKNOWN;
    } else {
        free(r->check);
        r->check = NULL;
    }
    return 0;
}

/* The record of id, latest first (an outcome follows its intent). */
static struct journal_record *find(struct journal_log *l, const char *id)
{
    for (size_t i = l->count; i-- > 0;)
        if (strcmp(l->records[i].id, id) == 0)
            return &l->records[i];
    return NULL;
}

/* One line.  Returns 0, 1 when it is skipped, -1 out of memory. */
static int take_line(struct journal_log *l, const char *line, size_t len)
{
    struct kvlist fields, *o = &fields;
    const char *type, *id;
    struct journal_record *r, *grown;
    int rc = 1;

    kvlist_init(&fields);
    if (json_flat_object(line, len, &fields))
        goto out;
    type = kvlist_get(o, "type");
    id = kvlist_get(o, "id");
    if (!type || !id || !id[0])
        goto out;
    if (strcmp(type, "intent") == 0) {
        grown = realloc(l->records, (l->count + 1) * sizeof(*grown));
        if (!grown) {
            rc = -1;
            goto out;
        }
        l->records = grown;
        if (intent_of(o, &l->records[l->count])) {
            record_free(&l->records[l->count]);
            rc = -1;
            goto out;
        }
        l->count++;
        rc = 0;
    } else if (strcmp(type, "outcome") == 0) {
        r = find(l, id);
        if (r)
            rc = outcome_to(o, r) ? -1 : 0;
    }
out:
    kvlist_free(&fields);
    return rc;
}

static bool keep(const struct journal_record *r, const struct journal_filter *f)
{
    time_t t;

    if (f->account && strcmp(r->account, f->account) != 0)
        return false;
    if (f->service && strcasecmp(r->service, f->service) != 0)
        return false;
    if (f->since) {
        t = clock_parse_utc(r->time);
        if (t == (time_t)-1 || t < f->since)
            return false;
    }
    return true;
}

int journal_read(const char *path, const struct journal_filter *f,
                 struct journal_log *out, struct buf *msg)
{
    char *text = NULL;
    size_t len = 0, kept = 0;
    enum file_status st;
    int errnum = 0, rc = -1;

    memset(out, 0, sizeof(*out));
    st = file_read_nofollow(path, JOURNAL_READ_MAX, &text, &len, NULL,
                            &errnum);
    if (st == FILE_ABSENT)
        return 0;
    if (st != FILE_READ_OK) {
        explain_file_read(msg, path, st, errnum, JOURNAL_READ_MAX);
        return -1;
    }
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        int r;

        if (end > at) {
            r = take_line(out, text + at, end - at);
            if (r < 0) {
                buf_printf(msg, _("out of memory"));
                goto out;
            }
            out->skipped += (size_t)r;
        }
        at = end + 1;
    }
    for (size_t i = 0; i < out->count; i++) {
        if (keep(&out->records[i], f))
            out->records[kept++] = out->records[i];
        else
            record_free(&out->records[i]);
    }
    out->count = kept;
    rc = 0;
out:
    free(text);
    if (rc)
        journal_log_free(out);
    return rc;
}

void journal_log_free(struct journal_log *l)
{
    for (size_t i = 0; i < l->count; i++)
        record_free(&l->records[i]);
    free(l->records);
    memset(l, 0, sizeof(*l));
}

int journal_format_text(struct buf *out, const struct journal_log *l)
{
    for (size_t i = 0; i < l->count; i++) {
        const struct journal_record *r = &l->records[i];

        buf_printf(out, "%s  %s  %s", r->time, r->action,
                   r->role[0] ? r->role : "-");
        if (r->service[0])
            buf_printf(out, "  (%s)", r->service);
        buf_adds(out, "\n    ");
        switch (r->result) {
        case JOURNAL_OK:
            buf_adds(out, _("done"));
            if (r->role_id[0])
                buf_printf(out, "  RoleId %s", r->role_id);
            break;
        case JOURNAL_FAILED:
            buf_printf(out, _("failed: %s"), r->error);
            break;
        case JOURNAL_UNKNOWN:
            buf_printf(out, _("outcome unknown: check with '%s'"),
                       r->check);
            break;
        }
        if (r->request_id && r->request_id[0])
            buf_printf(out, "  RequestId %s", r->request_id);
        if (r->account[0])
            /* TRANSLATORS: a label and the account id, in a line of
             * 'linkrole log'; keep the two leading spaces. */
            buf_printf(out, _("  account %s"), r->account);
        if (r->region[0])
            /* TRANSLATORS: a label and the region id, in a line of
             * 'linkrole log'; keep the two leading spaces. */
            buf_printf(out, _("  region %s"), r->region);
        if (buf_addc(out, '\n') != BUF_OK)
            return -1;
    }
    return 0;
}

static void pair(struct json_writer *w, const char *key, const char *v)
{
    json_key(w, key);
    json_string(w, v && *v ? v : NULL);
}

int journal_format_json(struct buf *out, const struct journal_log *l)
{
    static const char *const results[] = { "ok", "failed", "unknown" };
    struct json_writer w;

    json_writer_init(&w, out, 2);
    json_begin_array(&w);
    for (size_t i = 0; i < l->count; i++) {
        const struct journal_record *r = &l->records[i];

        json_begin_object(&w);
        pair(&w, "id", r->id);
        pair(&w, "time", r->time);
        pair(&w, "account", r->account);
        pair(&w, "identity", r->identity);
        pair(&w, "region", r->region);
        pair(&w, "action", r->action);
        pair(&w, "service", r->service);
        pair(&w, "role", r->role);
        pair(&w, "suffix", r->suffix);
        pair(&w, "description", r->description);
        pair(&w, "outcome", results[r->result]);
        pair(&w, "request_id", r->request_id);
        pair(&w, "role_id", r->role_id);
        pair(&w, "error", r->error);
        pair(&w, "outcome_time", r->done_time);
        pair(&w, "check", r->check);
        json_end_object(&w);
    }
    json_end_array(&w);
    if (json_writer_finish(&w) || buf_addc(out, '\n') != BUF_OK)
        return -1;
    return 0;
}
