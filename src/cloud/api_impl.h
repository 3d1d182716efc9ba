/* api_impl — what the pieces of the API client share (api.c: requests,
 * retries and helpers; api_read.c: answers mapped to structs; api_calls.c:
 * the calls).  Only src/cloud/api*.c include this: no JSON tree leaves
 * the module. */
#ifndef LINKROLE_API_IMPL_H
#define LINKROLE_API_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "cloud/api.h"
#include "core/kv.h"

/* Room for a request or an answer being worked on. */
#define API_WORK_MAX (1u << 20)

/* One call of an API action. */
struct api_call {
    enum api_product product;
    const char *action;
    struct kvlist params;
    /* Safe to send again after an ambiguous failure. */
    bool idempotent;
};

void api_call_init(struct api_call *call, enum api_product p,
                   const char *action, bool idempotent);
/* Adds a parameter unless value is NULL or "".  Returns 0, or -1 with
 * err set (out of memory). */
int api_param(struct api_call *call, struct api_error *err, const char *key,
              const char *value);
/* Sends a call, retrying what is safe to retry.  On success returns 0
 * with *root (to cJSON_Delete) and res filled. */
int api_call_send(struct api_client *c, const struct api_call *call,
                  cJSON **root, struct api_result *res,
                  struct api_error *err);

/* The base URL of product p inside a VPC (api_vpc.c): 0, 1 when it has
 * no VPC host (the public one is used), or -1 out of memory. */
int api_vpc_endpoint(enum api_product p, const char *region,
                     struct buf *out);

/* Tells the client's note hook (--verbose), if it has one. */
void api_tell(const struct api_client *c, const struct api_note *n);

/* Errors: what went wrong (subject and detail may be NULL). */
void api_copy_field(char *dst, size_t size, const char *src);
void api_error_set(struct api_error *err, enum api_error_kind kind,
                   enum api_why why, const char *subject,
                   const char *detail);
void api_error_nomem(struct api_error *err);
void api_error_missing(struct api_error *err, const char *what);

/* Reading answers: a member by name (also in lower camel case), its
 * string, a copy of it (*dst NULL when absent or null; 0, or
 * API_TAKE_NOMEM, or API_TAKE_WRONG_TYPE when it is there but not a
 * string), and "true"/true. */
enum { API_TAKE_NOMEM = -1, API_TAKE_WRONG_TYPE = -2 };
const cJSON *api_member(const cJSON *obj, const char *name);
const char *api_text(const cJSON *obj, const char *name);
int api_take(const cJSON *obj, const char *name, char **dst);
/* The readers the calls use: where is the path of obj in the answer
 * ("Role", "Roles.Role[2]", NULL at the top), so that an error names the
 * field ("Role.RoleId").  Each returns 0, or -1 with err set: out of
 * memory, or API_WHY_WRONG_TYPE for a member present with a type the
 * API never sends there.  Absent and null members give NULL. */
void api_error_wrong_type(struct api_error *err, const char *where,
                          const char *name);
int api_take_field(const cJSON *obj, const char *where, const char *name,
                   char **dst, struct api_error *err);
int api_object_field(const cJSON *obj, const char *where, const char *name,
                     const cJSON **out, struct api_error *err);
int api_array_field(const cJSON *obj, const char *where, const char *name,
                    const cJSON **out, struct api_error *err);
bool api_truthy(const cJSON *it);
char *api_dup(const char *s);
void api_free_strv(char **v, size_t n);
int api_push_str(char ***v, size_t *n, const char *s);

/* Roles (api_read.c): obj read as the role at where ("Role"); -1 with
 * err set on failure. */
int api_role_read(struct api_role *r, const cJSON *obj, const char *where,
                  struct api_error *err);
void api_role_free(struct api_role *r);
/* The Role member of an answer; a missing Role, RoleName or Arn means
 * the answer is not what the API sends. */
int api_role_answer(const cJSON *root, struct api_role_result *out,
                    struct api_error *err);
void api_result_free(struct api_result *r);
/* A GetServiceLinkedRoleTemplate answer (api_read.c); -1 with err set. */
int api_slr_template_answer(const cJSON *root, struct api_slr_template *out,
                            struct api_error *err);

#endif
