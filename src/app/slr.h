/* slr — the use cases of service-linked roles, once for both front ends.
 *
 * The CLI runs them in a blocking call and prints; the UI runs them on
 * its worker thread and draws.  Either way the same functions decide the
 * role's name, judge a request, create (accepting an existing role, and
 * checking with GetRole before a lost create is sent again), list every
 * page, delete in begin/poll steps, activate DBS, and word what a role
 * and a refused request mean.
 *
 * What they return is safe to print (app/safe.h): every field that came
 * from outside, and every field of an error, is scrubbed of control
 * bytes and of the secrets in use before it leaves here. */
#ifndef LINKROLE_SLR_H
#define LINKROLE_SLR_H

#include <stdbool.h>
#include <stddef.h>

#include "app/options.h"
#include "app/refusals.h"
#include "cloud/api.h"
#include "core/buf.h"
#include "core/catalog.h"
#include "core/rules.h"

/* Database Backup: its role is made by its own API. */
#define SLR_DBS_SERVICE "dbs.aliyuncs.com"
#define SLR_DBS_ROLE "AliyunServiceRoleForDBS"
#define SLR_DBS_POLICY "AliyunServiceRolePolicyForDBS"

/* ListRoles pages read at most (of 100 roles each). */
#define SLR_LIST_PAGES_MAX 100

/* --- the catalogue, for people -------------------------------------- */

/* The product's name, what the role is for (purpose) and the role's
 * preset description in lang: for zh_TW the Taiwan text, else the
 * Simplified one, else the English one; for zh_CN the Simplified one,
 * else the English one (empty texts count as missing). */
const char *slr_product(const struct catalog_entry *e, enum lang lang);
const char *slr_purpose(const struct catalog_entry *e, enum lang lang);
const char *slr_description(const struct catalog_entry *e, enum lang lang);
/* Whether e is DBS, activated by its own guide and API. */
bool slr_is_dbs(const struct catalog_entry *e);
/* DBS's role name: the catalogue's, else SLR_DBS_ROLE. */
const char *slr_dbs_role(const struct catalog *c);

/* --- names ---------------------------------------------------------- */

/* The name a role will get: "<preset>" or "<preset>_<suffix>" (suffix
 * NULL or "" for none).  Returns 0, or -1 when e is NULL (the name is
 * not known here) or it does not fit (out is then ""). */
int slr_role_name(char *out, size_t size, const struct catalog_entry *e,
                  const char *suffix);
/* Whether role is e's: its preset name, or that name with a suffix
 * (ASCII case ignored, as RAM does). */
bool slr_role_is_of(const struct catalog_entry *e, const char *role);
/* The entry role belongs to, or NULL. */
const struct catalog_entry *slr_service_of(const struct catalog *c,
                                           const char *role);
/* Whether r is service-linked (or named like one). */
bool slr_is_service_linked(const struct api_role *r);

/* --- judging a request before it is sent ----------------------------- */

/* The documented rules (core/rules), plus the catalogue's word that e
 * takes no suffix (RULES_NOT_ACCEPTED).  e may be NULL (a service the
 * catalogue does not know: only the rules).  *refused_before (may be
 * NULL) tells whether the cloud refused a suffix for it earlier
 * (refusals may be NULL).  Returns report->count. */
size_t slr_check(const struct catalog_entry *e, const char *suffix,
                 const char *description, const struct refusals *refusals,
                 struct rules_report *report, bool *refused_before);
/* What the cloud's own template adds to a check already made (report):
 * where it allows no more than one role, a suffix is not accepted, nor
 * a description (the API takes one only where a CustomSuffix is
 * allowed).  Returns report->count. */
size_t slr_check_template(const struct api_slr_template *t,
                          const char *suffix, const char *description,
                          struct rules_report *report);
/* Problem i of r in words: short, no trailing dot, the offending
 * character shown as "_" or U+XXXX (never raw).  Returns 0 or -1. */
int slr_problem_text(struct buf *out, const struct rules_report *r,
                     size_t i);

/* --- create ---------------------------------------------------------- */

enum slr_outcome {
    SLR_CREATED,
    SLR_EXISTED,            /* it was there: out holds it (GetRole) */
    SLR_EXISTED_UNNAMED     /* it was there, but its name is not known
                             * here, so it was not fetched */
};

struct slr_create_request {
    const char *service;
    const char *suffix;         /* NULL or "" for none */
    const char *description;    /* NULL or "" for none */
    /* The name the role will get (slr_role_name), or NULL when not
     * known: then a lost answer cannot be checked, and an existing role
     * cannot be shown. */
    const char *role_name;
    bool exist_ok;              /* an existing role is a success */
};

/* CreateServiceLinkedRole.  A request whose answer is lost is checked
 * with GetRole before it is sent again, so a role is never made twice
 * nor a made role reported as failed.  Returns 0 with *outcome set, or
 * -1 with err. */
int slr_create(struct api_client *c, const struct slr_create_request *req,
               struct api_role_result *out, enum slr_outcome *outcome,
               struct api_error *err);

/* --- list ------------------------------------------------------------ */

struct slr_role_list {
    struct api_role *roles;
    size_t count;
    bool cut;                   /* more than SLR_LIST_PAGES_MAX pages */
};

/* Every role of the account (RAM ListRoles, page by page).  Returns 0,
 * or -1 with err (out is then empty). */
int slr_list(struct api_client *c, struct slr_role_list *out,
             struct api_error *err);
void slr_role_list_free(struct slr_role_list *l);

/* --- get, whoami ----------------------------------------------------- */

/* GetRole.  Returns 0, or -1 with err. */
int slr_get(struct api_client *c, const char *role,
            struct api_role_result *out, struct api_error *err);
/* GetCallerIdentity: who the credentials are.  Returns 0, or -1 with
 * err. */
int slr_whoami(struct api_client *c, struct api_identity *out,
               struct api_error *err);

/* --- the cloud's rules for a service --------------------------------- */

/* RAM GetServiceLinkedRoleTemplate for service, its texts made safe.
 * Returns 0, or -1 with err. */
int slr_template(struct api_client *c, const char *service,
                 struct api_slr_template *out, struct api_error *err);
/* The template's own preset description nearest lang, else the English
 * one, else NULL: zh_CN and zh_TW both read "zh-CN", since the cloud
 * sends only en, zh-CN and ja.  For output that quotes the cloud. */
const char *slr_template_description(const struct api_slr_template *t,
                                     enum lang lang);
/* The preset description to show a person, from the template t (NULL
 * when not fetched) and the catalogue entry e (NULL when unknown): for
 * zh_TW the catalogue's Taiwan text first, then as for the other
 * languages the template's (slr_template_description), then the
 * catalogue's (slr_description).  NULL when none has one. */
const char *slr_preset_description(const struct api_slr_template *t,
                                   const struct catalog_entry *e,
                                   enum lang lang);

/* --- delete, in steps ------------------------------------------------ */

enum slr_deletion_state {
    SLR_DELETION_RUNNING,
    SLR_DELETION_DONE,
    SLR_DELETION_FAILED,        /* the task ended otherwise: last says why */
    SLR_DELETION_TIMED_OUT      /* still running after SLR_DELETION_MAX_S */
};

#define SLR_DELETION_MAX_S 600

struct slr_deletion {
    /* As the cloud gave it, for the polls: never printed (last.task_id
     * is the copy made safe to print). */
    char *task_id;
    enum slr_deletion_state state;
    /* The last answer: the task's Status, Reason and RoleUsages. */
    struct api_deletion last;
    bool have_last;
    const char *status;         /* NOT_STARTED or IN_PROGRESS while running */
    long long started_ms;
    long wait_ms;               /* before the next poll */
};

/* DeleteServiceLinkedRole: starts the task.  Returns 0, or -1 with err;
 * *d is to be freed either way.  d->last holds the answer. */
int slr_delete_begin(struct api_client *c, const char *role,
                     struct slr_deletion *d, struct api_error *err);
/* One GetServiceLinkedRoleDeletionStatus; updates d->state, d->last and
 * d->wait_ms (growing from 0.5 s to 5 s).  Returns 0, or -1 with err. */
int slr_delete_poll(struct api_client *c, struct slr_deletion *d,
                    struct api_error *err);
void slr_deletion_free(struct slr_deletion *d);

/* --- DBS ------------------------------------------------------------- */

/* InitializeDbsServiceLinkedRole; "already activated" is a success with
 * out->already set.  An answer lost (or a 5xx, or unreadable) is checked
 * with GetRole before the request is sent again, as for a create, so a
 * role this run made is never reported as there before. */
int slr_dbs_init(struct api_client *c, struct api_dbs_init *out,
                 struct api_error *err);
/* Where InitializeDbsServiceLinkedRole goes for c: the --endpoint given
 * for dbs, else the host of c's region in the SDKs' map.  When the map
 * has no endpoint for the region (the shared Hangzhou one is used), a
 * one-line note saying so goes into note and 1 is returned; else 0. */
int slr_dbs_endpoint(const struct api_client *c, struct buf *where,
                     struct buf *note);

/* --- words ----------------------------------------------------------- */

/* "polardb.aliyuncs.com may assume this role." (names made safe). */
int slr_trust_sentence(struct buf *out, const struct api_trust_policy *t);
/* "2024-01-02T03:04:05Z (2024-01-02 11:04:05 CST)": the cloud's UTC
 * time and the local one; anything else as it came, made safe, or "-". */
void slr_date_text(char *out, size_t size, const char *utc);
/* MaxSessionDuration for people: "3600s (1 h)". */
void slr_duration_text(char *out, size_t size, long seconds);

#endif
