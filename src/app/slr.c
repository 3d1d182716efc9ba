/* slr — see slr.h. */
#include "config.h"

#include "app/slr.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "app/journal.h"
#include "app/safe.h"
#include "app/scrub.h"
#include "cloud/errors.h"
#include "core/clock.h"
#include "core/text.h"

/* Whether a role found after a lost answer was made by this run is
 * judged from its CreateDate, which is the cloud's clock, against our
 * start, which is ours.  The two can differ by up to the signature's
 * timestamp tolerance (15 minutes: a request signed further off is
 * refused, so ours got through only within it), and the cloud takes a
 * moment to make the role.  So a role made after our start less both is
 * ours; only one made before that cannot be. */
#define SLR_CLOCK_TOLERANCE_S (15 * 60)
#define SLR_CREATED_SLACK_S 120
#define SLR_POLL_FIRST_MS 500L
#define SLR_POLL_MAX_MS 5000L
#define SLR_PAGE_ROLES 100u

/* A failed call's error, made safe where it is produced (as every
 * answer is, safe.h); returns -1 for the caller to return. */
static int slr_unsafe_error(struct api_error *err)
{
    scrub_error(err);
    return -1;
}

/* --- the catalogue, for people -------------------------------------- */

/* The first of texts (count of them) that is there and not empty, else
 * the last one as it is (NULL or ""). */
static const char *slr_first_text(const char *const *texts, size_t count)
{
    for (size_t i = 0; i + 1 < count; i++)
        if (texts[i] && *texts[i])
            return texts[i];
    return texts[count - 1];
}

/* A catalogue text in lang: zh_TW falls back to zh_CN (a user's own
 * catalogue may have no Taiwan wording; Simplified still reads better
 * to a Chinese reader than English), zh_CN to English. */
static const char *slr_catalog_text(enum lang lang, const char *en,
                                    const char *zh_cn, const char *zh_tw)
{
    const char *const tw[] = { zh_tw, zh_cn, en };

    switch (lang) {
    case LANG_ZH_TW:
        return slr_first_text(tw, 3);
    case LANG_ZH_CN:
        return slr_first_text(tw + 1, 2);
    case LANG_EN:
        break;
    }
    return en;
}

const char *slr_product(const struct catalog_entry *e, enum lang lang)
{
    return slr_catalog_text(lang, e->product, e->product_zh,
                            e->product_zh_tw);
}

const char *slr_purpose(const struct catalog_entry *e, enum lang lang)
{
    return slr_catalog_text(lang, e->purpose, e->purpose_zh,
                            e->purpose_zh_tw);
}

const char *slr_description(const struct catalog_entry *e, enum lang lang)
{
    return slr_catalog_text(lang, e->description_en, e->description_zh,
                            e->description_zh_tw);
}

bool slr_is_dbs(const struct catalog_entry *e)
{
    return e && strcmp(e->service_name, SLR_DBS_SERVICE) == 0;
}

const char *slr_dbs_role(const struct catalog *c)
{
    const struct catalog_entry *e = c ? catalog_find(c, SLR_DBS_SERVICE)
                                      : NULL;

    return e ? e->role_name : SLR_DBS_ROLE;
}

/* --- names ---------------------------------------------------------- */

int slr_role_name(char *out, size_t size, const struct catalog_entry *e,
                  const char *suffix)
{
    int n;

    if (size)
        out[0] = '\0';
    if (!e || !size)
        return -1;
    n = suffix && *suffix ? snprintf(out, size, "%s_%s", e->role_name, suffix)
                          : snprintf(out, size, "%s", e->role_name);
    if (n < 0 || (size_t)n >= size) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}

bool slr_role_is_of(const struct catalog_entry *e, const char *role)
{
    size_t n = strlen(e->role_name);

    return role && strncasecmp(role, e->role_name, n) == 0 &&
           (role[n] == '\0' || role[n] == '_');
}

const struct catalog_entry *slr_service_of(const struct catalog *c,
                                           const char *role)
{
    for (size_t i = 0; c && role && i < c->count; i++)
        if (slr_role_is_of(&c->entries[i], role))
            return &c->entries[i];
    return NULL;
}

bool slr_is_service_linked(const struct api_role *r)
{
    return r->is_service_linked ||
           (r->role_name &&
            strncmp(r->role_name, "AliyunServiceRoleFor", 20) == 0);
}

/* --- judging a request ------------------------------------------------ */

size_t slr_check(const struct catalog_entry *e, const char *suffix,
                 const char *description, const struct refusals *refusals,
                 struct rules_report *report, bool *refused_before)
{
    bool has_suffix = suffix && *suffix;

    rules_check(e ? e->role_name : NULL, suffix, description, report);
    /* The catalogue knows this service refuses one: say so before the
     * cloud does. */
    if (e && has_suffix && e->custom_suffix == CATALOG_SUFFIX_REFUSED)
        rules_add(report, RULES_SUFFIX, RULES_NOT_ACCEPTED);
    if (refused_before)
        *refused_before = e && refusals_has(refusals, e->service_name);
    return report->count;
}

size_t slr_check_template(const struct api_slr_template *t,
                          const char *suffix, const char *description,
                          struct rules_report *report)
{
    bool suffix_known = false;

    if (t->multiple_roles_allowed)
        return report->count;
    /* The catalogue may have said so already. */
    for (size_t i = 0; i < report->count; i++)
        if (report->problems[i].field == RULES_SUFFIX &&
            report->problems[i].kind == RULES_NOT_ACCEPTED)
            suffix_known = true;
    if (suffix && *suffix && !suffix_known)
        rules_add(report, RULES_SUFFIX, RULES_NOT_ACCEPTED);
    if (description && *description)
        rules_add(report, RULES_DESCRIPTION, RULES_NOT_ACCEPTED);
    return report->count;
}

/* How a character is shown in a message: never raw. */
static int slr_show_char(struct buf *out, const struct rules_problem *p)
{
    if (!p->valid)
        return buf_printf(out, _("byte 0x%02X, not UTF-8"), p->byte);
    switch (p->cp) {
    case ' ':
        return buf_adds(out, _("space"));
    case '"':
        return buf_adds(out, "'\"'");
    case '\t':
        return buf_adds(out, _("tab, U+0009"));
    case '\n':
        return buf_adds(out, _("line break, U+000A"));
    case '\r':
        return buf_adds(out, _("carriage return, U+000D"));
    case 0x1B:
        return buf_adds(out, _("escape, U+001B"));
    default:
        break;
    }
    if (p->cp > 0x20 && p->cp < 0x7F)
        return buf_printf(out, "\"%c\"", (char)p->cp);
    return buf_printf(out, "U+%04lX", (unsigned long)p->cp);
}

/* Whether a role name can be quoted in a message as it is. */
static bool slr_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
            return false;
    return true;
}

/* A long preset name would push the limit out of a message that must
 * fit under a form field; the numbers alone say the same. */
#define SLR_PROBLEM_SHORT 96

int slr_problem_text(struct buf *out, const struct rules_report *r,
                     size_t i)
{
    const struct rules_problem *p = &r->problems[i];
    const size_t max = RULES_ROLE_NAME_MAX;
    struct buf shown;
    int rc = BUF_OK;

    buf_init(&shown, 256);
    switch (p->kind) {
    case RULES_BAD_CHAR:
        rc = slr_show_char(&shown, p);
        if (rc == BUF_OK)
            rc = buf_printf(out, p->field == RULES_SUFFIX
                                     ? _("character %zu (%s) is not "
                                         "allowed: use letters, digits, "
                                         "\".\" or \"-\"")
                                     : _("character %zu (%s) is not "
                                         "allowed: no control characters"),
                            p->index + 1, buf_str(&shown));
        break;
    case RULES_NAME_TOO_LONG: {
        size_t base = r->role_name_len - 1 - r->suffix_chars;

        if (r->role_name && slr_printable(r->role_name))
            rc = buf_printf(&shown, _("role name would be %zu characters "
                                      "(%s_ + %zu); the limit is %zu"),
                            r->role_name_len, r->role_name,
                            r->suffix_chars, max);
        if (rc == BUF_OK && buf_len(&shown) &&
            text_chars(buf_str(&shown), buf_len(&shown)) <
                SLR_PROBLEM_SHORT)
            rc = buf_adds(out, buf_str(&shown));
        else if (rc == BUF_OK)
            rc = buf_printf(out, _("role name would be %zu characters (%zu "
                                   "+ \"_\" + %zu); the limit is %zu"),
                            r->role_name_len, base, r->suffix_chars, max);
        break;
    }
    case RULES_SUFFIX_TOO_LONG:
        rc = buf_printf(out, _("too long: %zu characters; a suffix can "
                               "have at most %zu"), r->suffix_chars,
                        max - 1);
        break;
    case RULES_NOT_UTF8:
        rc = buf_printf(out, _("not valid UTF-8 at byte offset %zu "
                               "(0x%02X)"), p->offset, p->byte);
        break;
    case RULES_TOO_LONG:
        rc = buf_printf(out, _("too long: %zu characters; the limit is %d"),
                        r->description_chars, RULES_DESCRIPTION_MAX);
        break;
    case RULES_NOT_ACCEPTED:
        rc = buf_adds(out, p->field == RULES_DESCRIPTION
                      ? _("this service does not accept a description "
                          "(only where a custom suffix is allowed)")
                      : _("this service does not accept a custom "
                          "suffix"));
        break;
    }
    buf_free(&shown);
    return rc == BUF_OK ? 0 : -1;
}

/* --- create ---------------------------------------------------------- */

/* A line for --verbose, when the client keeps a log. */
static void slr_say(const struct api_client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void slr_say(const struct api_client *c, const char *fmt, ...)
{
    char line[512];
    va_list ap;

    if (!c->log)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    c->log(c->log_ctx, line);
}

/* The create request went out and no answer came back: whether the role
 * exists now, and whether this run made it.  *absent_seen is set once
 * GetRole has said the role does not exist: after that, a role found is
 * ours whatever its CreateDate says.  Returns 1 (made: out holds it), 0
 * (it does not exist: send again), or -1 with err set (it exists but is
 * older, or GetRole could not tell). */
static int slr_lost_answer(struct api_client *c, const char *action,
                           const char *role, time_t started,
                           bool *absent_seen, struct api_role_result *out,
                           struct api_error *err)
{
    struct api_role_result found;
    struct api_error check;
    time_t made;

    slr_say(c, _("%s: no answer; checking whether %s exists before trying "
                 "again"), action, role);
    if (api_get_role(c, role, &found, &check) == 0) {
        made = clock_parse_utc(found.role.create_date);
        if (*absent_seen ||
            (made != (time_t)-1 &&
             made + SLR_CLOCK_TOLERANCE_S + SLR_CREATED_SLACK_S >=
                 started)) {
            *out = found;
            out->created = true;
            return 1;
        }
        api_role_result_free(&found);
        err->kind = API_ERR_CLOUD;
        snprintf(err->code, sizeof(err->code), "EntityAlreadyExists.Role");
        snprintf(err->message, sizeof(err->message), "%s",
                 _("The role already exists (found with GetRole after the "
                   "create request got no answer)."));
        return -1;
    }
    if (check.kind == API_ERR_CLOUD &&
        strcmp(check.code, "EntityNotExist.Role") == 0) {
        *absent_seen = true;
        return 0;
    }
    err->kind = API_ERR_AMBIGUOUS;
    err->why = API_WHY_UNCONFIRMED;
    snprintf(err->subject, sizeof(err->subject), "%s", role);
    if (check.kind == API_ERR_CLOUD) {
        snprintf(err->detail, sizeof(err->detail), "%s", check.code);
    } else {
        struct buf why;

        buf_init(&why, sizeof(err->detail) * 2);
        explain_detail(&why, &check);
        snprintf(err->detail, sizeof(err->detail), "%s", buf_str(&why));
        buf_free(&why);
    }
    return -1;
}

/* The API call, and the lost-answer check around it. */
static int slr_send_create(struct api_client *c,
                           const struct slr_create_request *req,
                           struct api_role_result *out,
                           struct api_error *err)
{
    time_t started = c->now ? c->now() : time(NULL);
    bool absent_seen = false;

    for (int checks = 0;; checks++) {
        int found;

        if (api_create_service_linked_role(c, req->service, req->suffix,
                                           req->description, out,
                                           err) == 0)
            return 0;
        if (err->kind != API_ERR_AMBIGUOUS || !req->role_name ||
            checks >= c->max_retries)
            return -1;
        found = slr_lost_answer(c, "CreateServiceLinkedRole",
                                req->role_name, started, &absent_seen, out,
                                err);
        if (found > 0) {
            slr_say(c, _("CreateServiceLinkedRole: %s exists, created at "
                         "%s: this request made it"), req->role_name,
                    out->role.create_date);
            memset(err, 0, sizeof(*err));
            return 0;
        }
        if (found < 0)
            return -1;
        slr_say(c, _("CreateServiceLinkedRole: %s does not exist; sending "
                     "the request again"), req->role_name);
    }
}

static int slr_create_raw(struct api_client *c,
                          const struct slr_create_request *req,
                          struct api_role_result *out,
                          enum slr_outcome *outcome, struct api_error *err)
{
    struct api_error get_err;

    memset(out, 0, sizeof(*out));
    *outcome = SLR_CREATED;
    if (slr_send_create(c, req, out, err) == 0)
        return 0;
    if (!req->exist_ok || err->kind != API_ERR_CLOUD ||
        errors_classify(err->code) != ERRORS_ALREADY_EXISTS)
        return -1;
    if (!req->role_name) {
        *outcome = SLR_EXISTED_UNNAMED;
        memset(err, 0, sizeof(*err));
        return 0;
    }
    if (api_get_role(c, req->role_name, out, &get_err)) {
        *err = get_err;
        return -1;
    }
    *outcome = SLR_EXISTED;
    memset(err, 0, sizeof(*err));
    return 0;
}

/* --- list ------------------------------------------------------------ */

/* Moves page's roles to the end of l. */
static int slr_take_page(struct slr_role_list *l, struct api_role_page *p)
{
    struct api_role *grown;

    if (p->count == 0)
        return 0;
    grown = realloc(l->roles, (l->count + p->count) * sizeof(*grown));
    if (!grown)
        return -1;
    l->roles = grown;
    memcpy(l->roles + l->count, p->roles, p->count * sizeof(*grown));
    l->count += p->count;
    /* The page no longer owns them. */
    p->count = 0;
    return 0;
}

/* Whether marker is one of the n given before. */
static bool slr_marker_seen(char *const *seen, size_t n, const char *marker)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(seen[i], marker) == 0)
            return true;
    return false;
}

static int slr_list_raw(struct api_client *c, struct slr_role_list *out,
                        struct api_error *err)
{
    /* Every Marker sent so far: a server that hands one back again (or
     * never moves on) would have us read the same pages for ever. */
    char *seen[SLR_LIST_PAGES_MAX];
    size_t nseen = 0;
    const char *marker = NULL;
    int rc = -1;

    memset(out, 0, sizeof(*out));
    for (int page = 0;; page++) {
        struct api_role_page p;
        bool more;

        if (page == SLR_LIST_PAGES_MAX) {
            out->cut = true;
            break;
        }
        if (api_list_roles(c, marker, SLR_PAGE_ROLES, &p, err))
            goto out;
        if (p.truncated && slr_marker_seen(seen, nseen, p.marker)) {
            api_role_page_free(&p);
            memset(err, 0, sizeof(*err));
            err->kind = API_ERR_RESPONSE;
            err->why = API_WHY_MARKER_REPEATED;
            err->reason = page + 1;
            err->attempts = 1;
            snprintf(err->action, sizeof(err->action), "ListRoles");
            goto out;
        }
        more = p.truncated;
        if (slr_take_page(out, &p) ||
            (more && !(seen[nseen] = strdup(p.marker)))) {
            api_role_page_free(&p);
            memset(err, 0, sizeof(*err));
            err->kind = API_ERR_INTERNAL;
            err->why = API_WHY_NOMEM;
            snprintf(err->action, sizeof(err->action), "ListRoles");
            goto out;
        }
        api_role_page_free(&p);
        if (!more)
            break;
        marker = seen[nseen++];
    }
    rc = 0;
out:
    for (size_t i = 0; i < nseen; i++)
        free(seen[i]);
    if (rc)
        slr_role_list_free(out);
    return rc;
}

int slr_create(struct api_client *c, const struct slr_create_request *req,
               struct api_role_result *out, enum slr_outcome *outcome,
               struct api_error *err)
{
    struct journal_entry j = { "" };
    struct buf msg;
    int rc;

    /* The journal's intent goes first: a crash after sending leaves it
     * without an outcome, which says "check". */
    buf_init(&msg, 8192);
    if (!c->dry_run &&
        journal_intent(&j, "CreateServiceLinkedRole", req->service,
                       req->role_name, req->suffix, req->description,
                       &msg)) {
        journal_refusal(err, "CreateServiceLinkedRole", &msg);
        buf_free(&msg);
        return -1;
    }
    buf_free(&msg);
    rc = slr_create_raw(c, req, out, outcome, err);
    if (rc) {
        journal_failed(&j, err);
        return slr_unsafe_error(err);
    }
    journal_outcome(&j, out->r.request_id, out->role.role_id, out->role.arn,
                    NULL);
    safe_role_result(out);
    return 0;
}

int slr_list(struct api_client *c, struct slr_role_list *out,
             struct api_error *err)
{
    if (slr_list_raw(c, out, err))
        return slr_unsafe_error(err);
    for (size_t i = 0; i < out->count; i++)
        safe_role(&out->roles[i]);
    return 0;
}

void slr_role_list_free(struct slr_role_list *l)
{
    struct api_role_page page;

    /* A page frees roles as the API layer made them. */
    memset(&page, 0, sizeof(page));
    page.roles = l->roles;
    page.count = l->count;
    api_role_page_free(&page);
    memset(l, 0, sizeof(*l));
}

/* --- delete ---------------------------------------------------------- */

int slr_delete_begin(struct api_client *c, const char *role,
                     struct slr_deletion *d, struct api_error *err)
{
    struct journal_entry j = { "" };
    struct buf msg;

    memset(d, 0, sizeof(*d));
    d->state = SLR_DELETION_RUNNING;
    d->status = "NOT_STARTED";
    d->wait_ms = SLR_POLL_FIRST_MS;
    d->started_ms = clock_mono_ms();
    buf_init(&msg, 8192);
    if (!c->dry_run &&
        journal_intent(&j, "DeleteServiceLinkedRole", NULL, role, NULL, NULL,
                       &msg)) {
        journal_refusal(err, "DeleteServiceLinkedRole", &msg);
        buf_free(&msg);
        return -1;
    }
    buf_free(&msg);
    if (api_delete_service_linked_role(c, role, &d->last, err)) {
        journal_failed(&j, err);
        return slr_unsafe_error(err);
    }
    /* The outcome of the request: the task it started. */
    journal_outcome(&j, d->last.r.request_id, NULL, NULL, NULL);
    d->have_last = true;
    /* The id as the cloud gave it, for the polls; d->last's copy is
     * the one made safe to print. */
    d->task_id = strdup(d->last.task_id);
    safe_deletion(&d->last);
    if (!d->task_id) {
        memset(err, 0, sizeof(*err));
        err->kind = API_ERR_INTERNAL;
        err->why = API_WHY_NOMEM;
        return -1;
    }
    return 0;
}

int slr_delete_poll(struct api_client *c, struct slr_deletion *d,
                    struct api_error *err)
{
    const char *st;

    if (d->have_last)
        api_deletion_free(&d->last);
    d->have_last = false;
    if (api_deletion_status(c, d->task_id, &d->last, err))
        return slr_unsafe_error(err);
    d->have_last = true;
    safe_deletion(&d->last);
    st = d->last.status;
    if (strcmp(st, "SUCCEEDED") == 0) {
        d->state = SLR_DELETION_DONE;
    } else if (strcmp(st, "IN_PROGRESS") == 0 ||
               strcmp(st, "NOT_STARTED") == 0) {
        d->status = strcmp(st, "IN_PROGRESS") == 0 ? "IN_PROGRESS"
                                                   : "NOT_STARTED";
        d->state = clock_mono_ms() - d->started_ms >
                           SLR_DELETION_MAX_S * 1000LL
                       ? SLR_DELETION_TIMED_OUT : SLR_DELETION_RUNNING;
    } else {
        d->state = SLR_DELETION_FAILED;
    }
    return 0;
}

void slr_deletion_free(struct slr_deletion *d)
{
    if (d->have_last)
        api_deletion_free(&d->last);
    free(d->task_id);
    memset(d, 0, sizeof(*d));
}

/* --- DBS ------------------------------------------------------------- */

/* Like a create, an activation whose answer is lost (or is a 5xx, or
 * unreadable) is checked with GetRole before it is sent again.  Sending
 * it again is then safe -- DBS answers a role that exists with "already
 * activated" -- but that answer must not hide that this run made it. */
static int slr_dbs_init_raw(struct api_client *c, struct api_dbs_init *out,
                            struct api_error *err)
{
    static const char action[] = "InitializeDbsServiceLinkedRole";
    time_t started = c->now ? c->now() : time(NULL);
    bool absent_seen = false, ours = false;

    for (int checks = 0;; checks++) {
        struct api_role_result role;
        int found;

        if (api_init_dbs(c, out, err) == 0) {
            if (ours || absent_seen)
                out->already = false;
            return 0;
        }
        if (err->kind != API_ERR_AMBIGUOUS || checks >= c->max_retries)
            return -1;
        found = slr_lost_answer(c, action, SLR_DBS_ROLE, started,
                                &absent_seen, &role, err);
        if (found > 0) {
            api_role_result_free(&role);
            ours = true;
        } else if (found < 0 && (err->kind != API_ERR_CLOUD ||
                                 errors_classify(err->code) !=
                                     ERRORS_ALREADY_EXISTS)) {
            return -1;
        }
        slr_say(c, _("%s: sending the request again, now that GetRole has "
                     "told whether %s exists"), action, SLR_DBS_ROLE);
    }
}

int slr_dbs_init(struct api_client *c, struct api_dbs_init *out,
                 struct api_error *err)
{
    struct journal_entry j = { "" };
    struct buf msg;

    buf_init(&msg, 8192);
    if (!c->dry_run &&
        journal_intent(&j, "InitializeDbsServiceLinkedRole",
                       SLR_DBS_SERVICE, SLR_DBS_ROLE, NULL, NULL, &msg)) {
        journal_refusal(err, "InitializeDbsServiceLinkedRole", &msg);
        buf_free(&msg);
        return -1;
    }
    buf_free(&msg);
    if (slr_dbs_init_raw(c, out, err)) {
        journal_failed(&j, err);
        return slr_unsafe_error(err);
    }
    journal_outcome(&j, out->r.request_id, NULL, NULL, NULL);
    safe_dbs_init(out);
    return 0;
}

int slr_dbs_endpoint(const struct api_client *c, struct buf *where,
                     struct buf *note)
{
    const char *host;

    if (c->endpoint[API_DBS]) {
        buf_adds(where, c->endpoint[API_DBS]);
        return 0;
    }
    host = api_dbs_host(c->region);
    buf_adds(where, host);
    if (api_dbs_region_known(c->region))
        return 0;
    /* Not an error: the role is the account's, so any DBS endpoint makes
     * it; the person only learns which one is used, and why. */
    buf_printf(note, _("DBS has no endpoint of its own in region %s; "
                       "using %s (the DBS role belongs to the account, "
                       "not to a region)"), c->region, host);
    return 1;
}

/* --- get, whoami ----------------------------------------------------- */

int slr_get(struct api_client *c, const char *role,
            struct api_role_result *out, struct api_error *err)
{
    if (api_get_role(c, role, out, err))
        return slr_unsafe_error(err);
    safe_role_result(out);
    return 0;
}

int slr_whoami(struct api_client *c, struct api_identity *out,
               struct api_error *err)
{
    if (api_caller_identity(c, out, err))
        return slr_unsafe_error(err);
    safe_identity(out);
    /* The journal's later lines name the account (the UI asks first). */
    journal_set_account(out->account_id);
    return 0;
}

int slr_template(struct api_client *c, const char *service,
                 struct api_slr_template *out, struct api_error *err)
{
    if (api_get_slr_template(c, service, out, err))
        return slr_unsafe_error(err);
    safe_slr_template(out);
    return 0;
}

const char *slr_template_description(const struct api_slr_template *t,
                                     enum lang lang)
{
    /* The cloud writes no zh-TW: its zh-CN is the nearest it has. */
    const char *d = lang != LANG_EN ? api_slr_template_description(t, "zh-CN")
                                    : NULL;

    return d && *d ? d : api_slr_template_description(t, "en");
}

const char *slr_preset_description(const struct api_slr_template *t,
                                   const struct catalog_entry *e,
                                   enum lang lang)
{
    const char *d;

    /* zh_TW: our Taiwan wording of the preset before the cloud's
     * Simplified text (doc/catalog.md says why). */
    if (lang == LANG_ZH_TW && e && e->description_zh_tw &&
        *e->description_zh_tw)
        return e->description_zh_tw;
    d = t ? slr_template_description(t, lang) : NULL;
    if (d && *d)
        return d;
    d = e ? slr_description(e, lang) : NULL;
    return d && *d ? d : NULL;
}

/* --- words ----------------------------------------------------------- */

int slr_trust_sentence(struct buf *out, const struct api_trust_policy *t)
{
    struct buf names;
    int rc;

    if (t->nservices == 0)
        return buf_adds(out, _("No cloud service may assume this role: "
                               "its trust policy names none.")) == BUF_OK
                   ? 0 : -1;
    buf_init(&names, 1u << 16);
    rc = BUF_OK;
    for (size_t i = 0; i < t->nservices && rc == BUF_OK; i++) {
        /* TRANSLATORS: ", " goes between the items of a list, " and "
         * before its last one. */
        const char *sep = i == 0 ? ""
                          : i + 1 == t->nservices ? _(" and ") : _(", ");

        rc = buf_adds(&names, sep);
        if (rc == BUF_OK)
            rc = scrub_text(&names, t->services[i]) ? BUF_NOMEM : BUF_OK;
    }
    if (rc == BUF_OK)
        rc = buf_printf(out, _("%s may assume this role."), buf_str(&names));
    buf_free(&names);
    return rc == BUF_OK ? 0 : -1;
}

void slr_date_text(char *out, size_t size, const char *utc)
{
    struct tm local;
    char when[64];
    time_t t = clock_parse_utc(utc);
    struct buf safe;

    if (t != (time_t)-1 && localtime_r(&t, &local) &&
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &local)) {
        snprintf(out, size, "%s (%s)", utc, when);
        return;
    }
    buf_init(&safe, size);
    if (!utc || scrub_text(&safe, utc) || !buf_len(&safe))
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%s", buf_str(&safe));
    buf_free(&safe);
}

void slr_duration_text(char *out, size_t size, long seconds)
{
    snprintf(out, size, _("%lds (%.4g h)"), seconds, (double)seconds / 3600.0);
}
