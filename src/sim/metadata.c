/* metadata — the unsigned endpoints: ECS metadata and a credentials URI.
 *
 * Neither is signed on a real system: the metadata service trusts the
 * network (only the instance reaches 100.100.100.200) and a credentials
 * URI trusts whoever runs it.  So they are answered before
 * authentication, in plain text (JSON only for credentials), never with a
 * gateway error: clients look at the status alone.  Each credentials
 * fetch is a new STS session, so a client's refresh can be seen. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/wipe.h"
#include "sim/internal.h"
#include "sim/limits.h"

#define METADATA_PREFIX "/latest/"
#define METADATA_TOKEN_PATH "/latest/api/token"
#define METADATA_ROLES_PATH "/latest/meta-data/ram/security-credentials/"
#define METADATA_URI_PATH "/credentials"
#define METADATA_TTL_HEADER "X-aliyun-ecs-metadata-token-ttl-seconds"
#define METADATA_TOKEN_HEADER "X-aliyun-ecs-metadata-token"
#define METADATA_TTL_MAX 21600L
#define METADATA_TOKEN_CHARS 56
#define METADATA_TOKENS_MAX 256u
#define METADATA_URI_ROLE "linkrole-sim-credentials-uri"
#define METADATA_URI_SESSION "credentials-uri"

bool account_unsigned_path(const char *path)
{
    return path && (strncmp(path, METADATA_PREFIX,
                            sizeof(METADATA_PREFIX) - 1) == 0 ||
                    strcmp(path, METADATA_URI_PATH) == 0);
}

/* code is for the log only; the body is the HTTP reason phrase. */
static void metadata_plain(struct call *c, int status, const char *code,
                           const char *text)
{
    c->code = code;
    c->plain = true;
    c->resp->status = status;
    buf_reset(&c->resp->body);
    if (buf_adds(&c->resp->body, text) != BUF_OK ||
        (status != 200 && buf_adds(&c->resp->body, "\n") != BUF_OK))
        c->resp->status = 500;
}

static bool metadata_method_is(const struct call *c, const char *method)
{
    return c->req->method && strcmp(c->req->method, method) == 0;
}

static const char *metadata_header(const struct call *c, const char *name)
{
    return c->req->headers ? kvlist_get_case(c->req->headers, name) : NULL;
}

/* Makes room for one more token, dropping expired ones first (or, when
 * none has expired, the one that would expire first). */
static int metadata_token_room(struct sim_account *a, time_t now)
{
    struct imds_token *tokens;
    size_t kept = 0, victim = 0;

    for (size_t i = 0; i < a->ntokens; i++) {
        if (now >= a->tokens[i].expires)
            wipe_free(a->tokens[i].token);
        else
            a->tokens[kept++] = a->tokens[i];
    }
    a->ntokens = kept;
    if (a->ntokens >= METADATA_TOKENS_MAX) {
        for (size_t i = 1; i < a->ntokens; i++)
            if (a->tokens[i].expires < a->tokens[victim].expires)
                victim = i;
        wipe_free(a->tokens[victim].token);
        a->tokens[victim] = a->tokens[--a->ntokens];
    }
    tokens = state_grow(a->tokens, &a->tokens_cap, a->ntokens,
                        sizeof(*a->tokens));
    if (!tokens)
        return -1;
    a->tokens = tokens;
    return 0;
}

/* Whether the request's token (if any) lets it through in this mode.  A
 * v1-only service hands out no tokens, so it pays a sent one no heed. */
static bool metadata_token_ok(const struct call *c)
{
    const struct sim_account *a = c->a;
    const char *token = metadata_header(c, METADATA_TOKEN_HEADER);

    if (a->imds_mode == SIM_IMDS_V1)
        return true;
    if (!token)
        return a->imds_mode == SIM_IMDS_BOTH;
    for (size_t i = 0; i < a->ntokens; i++)
        if (c->now < a->tokens[i].expires &&
            auth_same_secret(token, a->tokens[i].token))
            return true;
    return false;
}

static void metadata_token_put(struct call *c)
{
    struct sim_account *a = c->a;
    const char *ttl_text = metadata_header(c, METADATA_TTL_HEADER);
    char token[METADATA_TOKEN_CHARS + 1];
    struct imds_token *t;
    long ttl;

    if (!metadata_method_is(c, "PUT")) {
        metadata_plain(c, 405, "MethodNotAllowed", "Method Not Allowed");
        return;
    }
    if (a->imds_mode == SIM_IMDS_V1) {
        metadata_plain(c, 403, "TokenDisabled", "Forbidden");
        return;
    }
    ttl = ttl_text ? limits_count(ttl_text, 1, METADATA_TTL_MAX) : -1;
    if (ttl < 0) {
        metadata_plain(c, 400, "InvalidTokenTTL", "Bad Request");
        return;
    }
    if (ids_alnum(token, METADATA_TOKEN_CHARS) ||
        metadata_token_room(a, c->now)) {
        metadata_plain(c, 500, "InternalError", "Internal Server Error");
        goto out;
    }
    t = &a->tokens[a->ntokens];
    t->token = strdup(token);
    if (!t->token) {
        metadata_plain(c, 500, "InternalError", "Internal Server Error");
        goto out;
    }
    t->expires = c->now + ttl;
    a->ntokens++;
    metadata_plain(c, 200, NULL, token);
out:
    wipe_mem(token, sizeof(token));
}

/* A new session with full rights: the client must see a refresh as a new
 * key id.  Returns NULL when out of memory. */
static const struct sim_session *metadata_session(struct call *c,
                                                  const char *role_id,
                                                  const char *role_name,
                                                  const char *session_name)
{
    struct sim_account *a = c->a;

    return store_session_add(a, a->account_id, strlen(a->account_id),
                             role_id, role_name, session_name,
                             c->now + a->session_seconds);
}

/* The metadata service's shape (imds) or a credentials URI's: the same
 * members, in the order each is documented with. */
static void metadata_credentials(struct call *c, const struct sim_session *s,
                                 bool imds)
{
    char expires[CLOCK_UTC_LEN + 1], updated[CLOCK_UTC_LEN + 1];
    struct json_writer w;

    reply_time(s->expires, expires);
    reply_time(c->now, updated);
    reply_begin(c, &w);
    if (!imds)
        reply_pair(&w, "Code", "Success");
    reply_pair(&w, "AccessKeyId", s->key_id);
    reply_pair(&w, "AccessKeySecret", s->secret);
    if (imds) {
        reply_pair(&w, "Expiration", expires);
        reply_pair(&w, "SecurityToken", s->token);
        reply_pair(&w, "LastUpdated", updated);
        reply_pair(&w, "Code", "Success");
    } else {
        reply_pair(&w, "SecurityToken", s->token);
        reply_pair(&w, "Expiration", expires);
    }
    reply_end(c, &w);
}

static void metadata_service(struct call *c)
{
    struct sim_account *a = c->a;
    const char *path = c->req->path;
    const char *role = NULL;
    const struct sim_session *s;
    const struct sim_role *r;
    bool token_path = strcmp(path, METADATA_TOKEN_PATH) == 0;

    /* Counted even when off: a test may want to see a client try. */
    if (token_path) {
        a->counts[SIM_COUNT_IMDS_TOKEN]++;
    } else if (strncmp(path, METADATA_ROLES_PATH,
                       sizeof(METADATA_ROLES_PATH) - 1) == 0) {
        role = path + sizeof(METADATA_ROLES_PATH) - 1;
        a->counts[*role ? SIM_COUNT_IMDS_CREDENTIALS
                        : SIM_COUNT_IMDS_ROLE_LIST]++;
    }
    if (!a->metadata_role || (!token_path && !role)) {
        metadata_plain(c, 404, "NotFound", "Not Found");
        return;
    }
    if (token_path) {
        metadata_token_put(c);
        return;
    }
    if (!metadata_method_is(c, "GET")) {
        metadata_plain(c, 405, "MethodNotAllowed", "Method Not Allowed");
        return;
    }
    if (!metadata_token_ok(c)) {
        metadata_plain(c, 401, "InvalidToken", "Unauthorized");
        return;
    }
    if (!*role) {
        metadata_plain(c, 200, NULL, a->metadata_role);
        return;
    }
    if (strcmp(role, a->metadata_role) != 0) {
        metadata_plain(c, 404, "NotFound", "Not Found");
        return;
    }
    /* The role may also exist in the account; then it keeps its id. */
    r = store_role_find(a, role);
    s = metadata_session(c, r ? r->role_id : a->metadata_role_id,
                         a->metadata_role, a->instance_id);
    if (!s) {
        metadata_plain(c, 500, "InternalError", "Internal Server Error");
        return;
    }
    metadata_credentials(c, s, true);
}

static void metadata_credentials_uri(struct call *c)
{
    struct sim_account *a = c->a;
    const struct sim_session *s;

    a->counts[SIM_COUNT_CREDENTIALS_URI]++;
    if (!a->uri_role_id) {
        metadata_plain(c, 404, "NotFound", "Not Found");
        return;
    }
    if (!metadata_method_is(c, "GET")) {
        metadata_plain(c, 405, "MethodNotAllowed", "Method Not Allowed");
        return;
    }
    s = metadata_session(c, a->uri_role_id, METADATA_URI_ROLE,
                         METADATA_URI_SESSION);
    if (!s) {
        metadata_plain(c, 500, "InternalError", "Internal Server Error");
        return;
    }
    metadata_credentials(c, s, false);
}

void metadata_serve(struct call *c)
{
    if (strcmp(c->req->path, METADATA_URI_PATH) == 0)
        metadata_credentials_uri(c);
    else
        metadata_service(c);
}
