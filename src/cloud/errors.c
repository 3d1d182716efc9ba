/* errors — see errors.h. */
#include "config.h"

#include "cloud/errors.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/json.h"

/* Names quoted into a hint are cut here: real role and service names are
 * at most 64 characters, so anything longer is not worth a screenful. */
#define NAME_SHOWN_MAX 96

/* The role InitializeDbsServiceLinkedRole makes; its answer does not
 * always say so, but the hint should still name something to look at. */
#define DBS_ROLE "AliyunServiceRoleForDBS"

/* A SignatureDoesNotMatch message ends with the string the server signed,
 * after this phrase. */
#define SERVER_SIGNED "string to sign is"

/* One documented code.  A prefix row also covers the code's family
 * ("Throttling" covers "Throttling.User"), but only at a dot: that is how
 * Alibaba Cloud spells sub-codes, and "ThrottlingX" would be a new code
 * we know nothing about. */
struct errors_rule {
    const char *code;
    bool prefix;
    enum errors_class cls;
    const char *text;       /* the hint, or the fixed part that say uses */
    /* Writes a hint that depends on the failed call (ctx is never NULL);
     * NULL when text is the whole hint. */
    int (*say)(struct buf *out, const struct errors_rule *r,
               const struct errors_context *ctx);
};

static int say_signature(struct buf *out, const struct errors_rule *r,
                         const struct errors_context *ctx);
static int say_permission(struct buf *out, const struct errors_rule *r,
                          const struct errors_context *ctx);
static int say_exists(struct buf *out, const struct errors_rule *r,
                      const struct errors_context *ctx);
static int say_role(struct buf *out, const struct errors_rule *r,
                    const struct errors_context *ctx);
static int say_service(struct buf *out, const struct errors_rule *r,
                       const struct errors_context *ctx);

/* Order does not matter: an exact row wins, then the longest prefix.
 * Texts are addressed to whoever ran linkrole, who may not be the one
 * who can fix it, so each says who has to act. */
static const struct errors_rule rules[] = {
    /* --- credentials ------------------------------------------------ */
    {"InvalidAccessKeyId", true, ERRORS_CREDENTIALS,
     "Alibaba Cloud does not know this AccessKeyId. Check the key ID in "
     "your environment or aliyun CLI profile; the key may have been "
     "deleted.", NULL},
    {"InvalidAccessKeyId.Inactive", false, ERRORS_CREDENTIALS,
     "This AccessKey is disabled. Enable it in the RAM console, or use "
     "another AccessKey.", NULL},
    {"Forbidden.AccessKeyDisabled", false, ERRORS_CREDENTIALS,
     "This AccessKey is disabled. Enable it in the RAM console, or use "
     "another AccessKey.", NULL},
    {"SignatureDoesNotMatch", false, ERRORS_CREDENTIALS,
     "The AccessKeySecret does not match the AccessKeyId (or the request "
     "was changed on the way).", say_signature},
    {"IncompleteSignature", false, ERRORS_CREDENTIALS,
     "The request's signature was incomplete. Check that the AccessKeyId "
     "and secret have no stray spaces or line breaks, and that no proxy "
     "rewrites requests.", NULL},
    {"InvalidSecurityToken", true, ERRORS_CREDENTIALS,
     "The STS security token was refused. Get fresh temporary credentials, "
     "or unset ALIBABA_CLOUD_SECURITY_TOKEN if you meant to use a "
     "permanent AccessKey.", NULL},
    {"InvalidSecurityToken.Expired", false, ERRORS_CREDENTIALS,
     "The STS security token has expired. Get fresh temporary credentials "
     "(assume the role again) and retry.", NULL},
    {"InvalidSecurityToken.MismatchWithAccessKey", false, ERRORS_CREDENTIALS,
     "The STS security token belongs to another AccessKeyId. Use the "
     "AccessKeyId, secret and token from the same STS answer.", NULL},
    {"InvalidSecurityToken.Malformed", false, ERRORS_CREDENTIALS,
     "The STS security token is damaged (cut short, or with extra "
     "characters). Copy it again in full, or get fresh temporary "
     "credentials.", NULL},

    /* --- clock ------------------------------------------------------ */
    {"InvalidTimeStamp.Expired", false, ERRORS_CLOCK,
     "This computer's clock is more than 15 minutes off UTC. Check that "
     "NTP is running (timedatectl status) and the time zone is right.",
     NULL},
    {"IllegalTimestamp", false, ERRORS_CLOCK,
     "The server refused the request's timestamp. Check that this "
     "computer's clock and time zone are right (timedatectl status).",
     NULL},

    /* --- retryable -------------------------------------------------- */
    /* The nonce is fresh on every signing, so a repeat is a replayed or
     * duplicated request: sending it again, newly signed, is the cure. */
    {"SignatureNonceUsed", false, ERRORS_RETRYABLE,
     "The server had already seen this request's nonce, so it took the "
     "request for a replay. linkrole retried; if this persists, wait a "
     "minute and try again.", NULL},
    {"Throttling", true, ERRORS_RETRYABLE,
     "Too many requests: Alibaba Cloud is limiting the call rate. "
     "linkrole retried; wait a minute and try again.", NULL},
    {"ServiceUnavailable", false, ERRORS_RETRYABLE,
     "The Alibaba Cloud service is unavailable for now. linkrole retried; "
     "wait a few minutes and try again.", NULL},
    {"InternalError", false, ERRORS_RETRYABLE,
     "Alibaba Cloud had an internal error. linkrole retried; wait and try "
     "again, and quote the RequestId if you contact support.", NULL},

    /* --- permission ------------------------------------------------- */
    {"NoPermission", false, ERRORS_PERMISSION,
     "Your RAM user or role is not allowed to make this call", say_permission},
    {"Forbidden", false, ERRORS_PERMISSION,
     "Your RAM user or role is not allowed to make this call", say_permission},
    {"Request.Forbidden", false, ERRORS_PERMISSION,
     "Your RAM user or role is not allowed to make this call", say_permission},

    /* --- existing and missing things -------------------------------- */
    {"EntityAlreadyExists.Role", false, ERRORS_ALREADY_EXISTS,
     "The role already exists", say_exists},
    {"EntityNotExist", true, ERRORS_NOT_FOUND,
     "Alibaba Cloud could not find what the request names; its message "
     "says what.", NULL},
    {"EntityNotExist.Role", false, ERRORS_NOT_FOUND,
     "There is no role named %s in this account. Check the name: "
     "`linkrole services --search <word>` shows each service's role name.",
     say_role},
    {"EntityNotExist.ServiceLinkedRole", false, ERRORS_NOT_FOUND,
     "The role %s exists but is not a service-linked role, so "
     "DeleteServiceLinkedRole cannot remove it. Delete it with RAM "
     "DeleteRole (console or aliyun CLI) if you mean to.", say_role},
    /* The caller named a service that does not exist, which is a matter
     * of input, not of a missing resource. */
    {"EntityNotExist.Service", false, ERRORS_INVALID_INPUT,
     "Alibaba Cloud has no service named %s. Find the right name with "
     "`linkrole services --search <word>`.", say_service},
    {"LimitExceeded.Role", false, ERRORS_OTHER,
     "The account has used up its RAM role quota, which service-linked "
     "roles count against. Delete roles no longer needed, or request a "
     "higher quota in the Quota Center.", NULL},

    /* --- input ------------------------------------------------------ */
    {"InvalidParameter", true, ERRORS_INVALID_INPUT,
     "Alibaba Cloud refused one of the request's parameters; its message "
     "says which.", NULL},
    {"InvalidParameter.CustomSuffix.NotAllowed", false, ERRORS_INVALID_INPUT,
     "This service accepts no CustomSuffix: create its role with the "
     "suffix left empty.", NULL},
    {"InvalidParameter.CustomSuffix.InvalidChars", false,
     ERRORS_INVALID_INPUT,
     "The CustomSuffix may contain only letters, digits, \".\" and \"-\".",
     NULL},
    {"InvalidParameter.CustomSuffix.Length", false, ERRORS_INVALID_INPUT,
     "The role name with its suffix (<role>_<suffix>) may be at most 64 "
     "characters: use a shorter CustomSuffix.", NULL},
    {"InvalidParameter.Description.Length", false, ERRORS_INVALID_INPUT,
     "The Description must be 1 to 1024 characters: shorten it.", NULL},
    {"InvalidParameter.Description.NotAllowed", false, ERRORS_INVALID_INPUT,
     "This service's role keeps its preset description (only roles that "
     "accept a suffix take one): leave the Description empty.", NULL},
    {"InvalidParameter.RoleName.InvalidChars", false, ERRORS_INVALID_INPUT,
     "A role name may contain only letters, digits, \".\" and \"-\".",
     NULL},
    {"InvalidParameter.RoleName.Length", false, ERRORS_INVALID_INPUT,
     "A role name must be 1 to 64 characters.", NULL},
    /* linkrole always sends what each call requires, so this points at
     * linkrole itself or at an API that changed under it. */
    {"MissingParameter", true, ERRORS_INVALID_INPUT,
     "The request lacked a parameter the server requires (its message "
     "says which). This is likely a linkrole bug: please report it.",
     NULL},

    /* --- other ------------------------------------------------------ */
    {"InvalidAction.NotFound", false, ERRORS_OTHER,
     "The endpoint does not offer this API action. Check the region or "
     "endpoint setting: not every product is served everywhere.", NULL},
};

/* What each API action needs in a RAM policy.  slr marks the two actions
 * whose permission can be narrowed with the ram:ServiceName condition. */
struct errors_action {
    const char *api;
    const char *ram;        /* NULL: the call needs no permission */
    bool slr;
};

static const struct errors_action actions[] = {
    {"CreateServiceLinkedRole", "ram:CreateServiceLinkedRole", true},
    {"DeleteServiceLinkedRole", "ram:DeleteServiceLinkedRole", true},
    {"GetServiceLinkedRoleDeletionStatus",
     "ram:GetServiceLinkedRoleDeletionStatus", false},
    {"GetRole", "ram:GetRole", false},
    {"ListRoles", "ram:ListRoles", false},
    {"InitializeDbsServiceLinkedRole", "dbs:InitializeDbsServiceLinkedRole",
     false},
    {"AssumeRole", "sts:AssumeRole", false},
    /* STS documents "no authorization for this operation". */
    {"GetCallerIdentity", NULL, false},
};

static const struct errors_rule *find_rule(const char *code)
{
    const struct errors_rule *best = NULL;
    size_t best_len = 0;

    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const struct errors_rule *r = &rules[i];
        size_t n = strlen(r->code);

        if (strcmp(code, r->code) == 0)
            return r;
        if (r->prefix && n > best_len && strncmp(code, r->code, n) == 0 &&
            code[n] == '.') {
            best = r;
            best_len = n;
        }
    }
    return best;
}

static const struct errors_action *find_action(const char *api_action)
{
    if (!api_action)
        return NULL;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(api_action, actions[i].api) == 0)
            return &actions[i];
    return NULL;
}

/* Undoes a partial hint or policy, so a failure leaves out as it was, as a
 * failed buf append does. */
static void restore(struct buf *out, size_t len)
{
    out->len = len;
    if (out->data)
        out->data[len] = '\0';
}

static bool name_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
           c == '@';
}

/* Appends a role or service name, which came from the user or the server.
 * Both are validated elsewhere, but a hint ends up on a terminal, so
 * anything a real name cannot hold (controls, quotes, spaces, non-ASCII)
 * becomes "?" here, and a name longer than max bytes is cut with "...". */
static int add_name(struct buf *out, const char *s, size_t max)
{
    size_t i;
    int rc = BUF_OK;

    for (i = 0; i < max && s[i] && rc == BUF_OK; i++) {
        unsigned char c = (unsigned char)s[i];

        rc = buf_addc(out, name_char(c) ? (char)c : '?');
    }
    if (rc == BUF_OK && s[i])
        rc = buf_adds(out, "...");
    return rc;
}

/* Appends text with its one "%s" replaced by name; the texts are ours, but
 * they are not printf formats, so that a stray "%" can never misbehave. */
static int add_with_name(struct buf *out, const char *text, const char *name)
{
    const char *slot = strstr(text, "%s");
    int rc;

    if (!slot)
        return buf_adds(out, text);
    rc = buf_add(out, text, (size_t)(slot - text));
    if (rc == BUF_OK)
        rc = add_name(out, name, NAME_SHOWN_MAX);
    if (rc == BUF_OK)
        rc = buf_adds(out, slot + 2);
    return rc;
}

static bool present(const char *s)
{
    return s && *s;
}

/* The role the failed call was about, if the hint can tell. */
static const char *role_of(const struct errors_context *ctx)
{
    if (present(ctx->role_name))
        return ctx->role_name;
    if (present(ctx->action) &&
        strcmp(ctx->action, "InitializeDbsServiceLinkedRole") == 0)
        return DBS_ROLE;
    return NULL;
}

static int say_signature(struct buf *out, const struct errors_rule *r,
                         const struct errors_context *ctx)
{
    int rc = buf_adds(out, r->text);

    /* Only the presence of the server's string is used: the string itself
     * can carry the AccessKeyId and belongs in a debug log, not a hint. */
    if (rc == BUF_OK && present(ctx->message) &&
        strstr(ctx->message, SERVER_SIGNED))
        rc = buf_adds(out, " The server's message shows the string it "
                      "signed: if the secret is right, something on the "
                      "way (a proxy?) changed the request.");
    return rc;
}

static int say_permission(struct buf *out, const struct errors_rule *r,
                          const struct errors_context *ctx)
{
    const struct errors_action *a = find_action(ctx->action);
    int rc = buf_adds(out, r->text);

    if (rc != BUF_OK)
        return rc;
    if (!a || !a->ram)
        return buf_adds(out, ": ask an administrator to check the RAM "
                        "policies attached to it.");
    rc = buf_printf(out, ": ask an administrator to grant %s", a->ram);
    if (rc == BUF_OK && a->slr && present(ctx->service_name)) {
        rc = buf_adds(out, " (condition ram:ServiceName = ");
        if (rc == BUF_OK)
            rc = add_name(out, ctx->service_name, NAME_SHOWN_MAX);
        if (rc == BUF_OK)
            rc = buf_addc(out, ')');
    }
    if (rc == BUF_OK)
        rc = buf_addc(out, '.');
    return rc;
}

static int say_exists(struct buf *out, const struct errors_rule *r,
                      const struct errors_context *ctx)
{
    const char *role = role_of(ctx);
    int rc = buf_adds(out, r->text);

    if (rc == BUF_OK)
        rc = buf_adds(out, ": `linkrole get ");
    if (rc == BUF_OK)
        rc = role ? add_name(out, role, NAME_SHOWN_MAX)
                  : buf_adds(out, "<role name>");
    if (rc == BUF_OK)
        rc = buf_adds(out, "` shows it, or run again with --exist-ok to "
                      "accept it.");
    return rc;
}

static int say_role(struct buf *out, const struct errors_rule *r,
                    const struct errors_context *ctx)
{
    const char *role = role_of(ctx);

    return add_with_name(out, r->text, role ? role : "<role name>");
}

static int say_service(struct buf *out, const struct errors_rule *r,
                       const struct errors_context *ctx)
{
    return add_with_name(out, r->text,
                         present(ctx->service_name) ? ctx->service_name
                                                    : "<service name>");
}

enum errors_class errors_classify(const char *code)
{
    const struct errors_rule *r = find_rule(code);

    return r ? r->cls : ERRORS_OTHER;
}

int errors_hint(struct buf *out, const char *code,
                const struct errors_context *ctx)
{
    static const struct errors_context none;
    const struct errors_rule *r = find_rule(code);
    size_t mark = out->len;
    int rc;

    if (!r)
        return 0;
    if (!ctx)
        ctx = &none;
    rc = r->say ? r->say(out, r, ctx) : buf_adds(out, r->text);
    if (rc != BUF_OK) {
        restore(out, mark);
        return -1;
    }
    return 0;
}

const char *errors_ram_action(const char *api_action)
{
    const struct errors_action *a = find_action(api_action);

    return a ? a->ram : NULL;
}

int errors_policy(struct buf *out, const char *api_action,
                  const char *service_name)
{
    const struct errors_action *a = find_action(api_action);
    size_t mark = out->len;
    struct buf name;
    struct json_writer w;
    int rc = -1;

    buf_init(&name, SIZE_MAX);
    if (!a || !a->ram) {
        rc = 1;
        goto out;
    }
    /* The same cleaning as in hints: an administrator pastes this into
     * the console, and a name no service can have would only mislead. */
    if (a->slr && present(service_name) &&
        add_name(&name, service_name, SIZE_MAX) != BUF_OK)
        goto out;

    json_writer_init(&w, out, 2);
    json_begin_object(&w);
    json_key(&w, "Version");
    json_string(&w, "1");
    json_key(&w, "Statement");
    json_begin_array(&w);
    json_begin_object(&w);
    json_key(&w, "Effect");
    json_string(&w, "Allow");
    json_key(&w, "Action");
    json_string(&w, a->ram);
    json_key(&w, "Resource");
    json_string(&w, "*");
    if (buf_len(&name) > 0) {
        json_key(&w, "Condition");
        json_begin_object(&w);
        json_key(&w, "StringEquals");
        json_begin_object(&w);
        json_key(&w, "ram:ServiceName");
        json_string(&w, buf_str(&name));
        json_end_object(&w);
        json_end_object(&w);
    }
    json_end_object(&w);
    json_end_array(&w);
    json_end_object(&w);
    if (json_writer_finish(&w) != 0)
        goto out;
    rc = 0;
out:
    if (rc < 0)
        restore(out, mark);
    buf_free(&name);
    return rc;
}
