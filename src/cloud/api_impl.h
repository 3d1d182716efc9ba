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
 * string, a copy of it (*dst NULL when absent; -1 only when out of
 * memory), and "true"/true. */
const cJSON *api_member(const cJSON *obj, const char *name);
const char *api_text(const cJSON *obj, const char *name);
int api_take(const cJSON *obj, const char *name, char **dst);
bool api_truthy(const cJSON *it);
char *api_dup(const char *s);
void api_free_strv(char **v, size_t n);
int api_push_str(char ***v, size_t *n, const char *s);

/* Roles (api_read.c). */
int api_role_read(struct api_role *r, const cJSON *obj);
void api_role_free(struct api_role *r);
/* The Role member of an answer; a missing Role, RoleName or Arn means
 * the answer is not what the API sends. */
int api_role_answer(const cJSON *root, struct api_role_result *out,
                    struct api_error *err);
void api_result_free(struct api_result *r);

#endif
