/* hints — see hints.h. */
#include "config.h"

#include "app/hints.h"

#include <stdbool.h>
#include <string.h>

#include "app/i18n.h"
#include "app/slr.h"
#include "cloud/errors.h"

/* Names quoted into a hint are cut here: real role and service names are
 * at most 64 characters, so anything longer is not worth a screenful. */
#define HINTS_NAME_MAX 96

/* A SignatureDoesNotMatch message ends with the string the server signed,
 * after this phrase. */
#define HINTS_SERVER_SIGNED "string to sign is"

struct hints_rule {
    const char *code;       /* as errors_family names it */
    const char *text;       /* the hint, or the fixed part that say uses */
    /* Writes a hint that depends on the failed call (ctx is never NULL);
     * NULL when text is the whole hint. */
    int (*say)(struct buf *out, const char *text,
               const struct hints_context *ctx);
};

static int hints_signature(struct buf *out, const char *text,
                           const struct hints_context *ctx);
static int hints_permission(struct buf *out, const char *text,
                            const struct hints_context *ctx);
static int hints_exists(struct buf *out, const char *text,
                        const struct hints_context *ctx);
static int hints_role(struct buf *out, const char *text,
                      const struct hints_context *ctx);
static int hints_service(struct buf *out, const char *text,
                         const struct hints_context *ctx);

static const struct hints_rule hints_rules[] = {
    /* --- credentials ------------------------------------------------ */
    {"InvalidAccessKeyId",
     N_("Alibaba Cloud does not know this AccessKeyId. Check the key ID in "
        "your environment or aliyun CLI profile; the key may have been "
        "deleted."), NULL},
    {"InvalidAccessKeyId.Inactive",
     N_("This AccessKey is disabled. Enable it in the RAM console, or use "
        "another AccessKey."), NULL},
    {"Forbidden.AccessKeyDisabled",
     N_("This AccessKey is disabled. Enable it in the RAM console, or use "
        "another AccessKey."), NULL},
    {"SignatureDoesNotMatch",
     N_("The AccessKeySecret does not match the AccessKeyId (or the "
        "request was changed on the way)."), hints_signature},
    {"IncompleteSignature",
     N_("The request's signature was incomplete. Check that the "
        "AccessKeyId and secret have no stray spaces or line breaks, and "
        "that no proxy rewrites requests."), NULL},
    {"InvalidSecurityToken",
     N_("The STS security token was refused. Get fresh temporary "
        "credentials, or unset ALIBABA_CLOUD_SECURITY_TOKEN if you meant "
        "to use a permanent AccessKey."), NULL},
    {"InvalidSecurityToken.Expired",
     N_("The STS security token has expired. Get fresh temporary "
        "credentials (assume the role again) and retry."), NULL},
    {"InvalidSecurityToken.MismatchWithAccessKey",
     N_("The STS security token belongs to another AccessKeyId. Use the "
        "AccessKeyId, secret and token from the same STS answer."), NULL},
    {"InvalidSecurityToken.Malformed",
     N_("The STS security token is damaged (cut short, or with extra "
        "characters). Copy it again in full, or get fresh temporary "
        "credentials."), NULL},
    {"MissingSecurityToken",
     N_("The AccessKey is a temporary (STS) one, but no security token "
        "was sent with it. Set ALIBABA_CLOUD_SECURITY_TOKEN (or the "
        "profile's sts_token) from the same STS answer, or use a permanent "
        "AccessKey."), NULL},

    /* --- clock ------------------------------------------------------ */
    {"InvalidTimeStamp.Expired",
     N_("This computer's clock is more than 15 minutes off UTC. Check "
        "that NTP is running (timedatectl status) and the time zone is "
        "right."), NULL},
    {"IllegalTimestamp",
     N_("The server refused the request's timestamp. Check that this "
        "computer's clock and time zone are right (timedatectl status)."),
     NULL},

    /* --- retryable -------------------------------------------------- */
    {"SignatureNonceUsed",
     N_("The server had already seen this request's nonce, so it took the "
        "request for a replay. linkrole retried; if this persists, wait a "
        "minute and try again."), NULL},
    {"Throttling",
     N_("Too many requests: Alibaba Cloud is limiting the call rate. "
        "linkrole retried; wait a minute and try again."), NULL},
    {"ServiceUnavailable",
     N_("The Alibaba Cloud service is unavailable for now. linkrole "
        "retried; wait a few minutes and try again."), NULL},
    {"InternalError",
     N_("Alibaba Cloud had an internal error. linkrole retried; wait and "
        "try again, and quote the RequestId if you contact support."),
     NULL},
    {"UnknownError",
     N_("Alibaba Cloud failed without saying why. linkrole retried; wait "
        "and try again, and quote the RequestId if you contact support."),
     NULL},
    {"ServiceBusy",
     N_("The Alibaba Cloud service is busy. linkrole retried; wait a few "
        "minutes and try again."), NULL},
    {"SystemBusy",
     N_("The Alibaba Cloud system is busy. linkrole retried; wait a few "
        "minutes and try again."), NULL},

    /* --- permission ------------------------------------------------- */
    {"NoPermission", NULL, hints_permission},
    {"Forbidden", NULL, hints_permission},
    {"Request.Forbidden", NULL, hints_permission},

    /* --- existing and missing things -------------------------------- */
    {"EntityAlreadyExists.Role", NULL, hints_exists},
    {"EntityNotExist",
     N_("Alibaba Cloud could not find what the request names; its message "
        "says what."), NULL},
    {"EntityNotExist.Role",
     N_("There is no role named %s in this account. Check the name: "
        "`linkrole services --search <word>` shows each service's role "
        "name."), hints_role},
    {"EntityNotExist.ServiceLinkedRole",
     N_("The role %s exists but is not a service-linked role, so "
        "DeleteServiceLinkedRole cannot remove it. Delete it with RAM "
        "DeleteRole (console or aliyun CLI) if you mean to."), hints_role},
    {"EntityNotExist.Service",
     N_("Alibaba Cloud has no service named %s. Find the right name with "
        "`linkrole services --search <word>`."), hints_service},
    {"LimitExceeded.Role",
     N_("The account has used up its RAM role quota, which service-linked "
        "roles count against. Delete roles no longer needed, or request a "
        "higher quota in the Quota Center."), NULL},

    /* --- the Resource Directory (rollout) ------------------------- */
    {"EntityNotExists.ResourceDirectory",
     N_("This account has no Resource Directory: a rollout runs with the "
        "credentials of the directory's management account. Enable the "
        "directory in the Resource Management console, or use the "
        "management account's credentials."), NULL},
    {"EntityNotExists.Folder",
     N_("The directory has no folder with this ID. The folders are listed "
        "in the Resource Management console (their IDs start with fd-)."),
     NULL},
    {"Rd.NoMasterRole",
     N_("These credentials belong to a member of the directory, not to its "
        "management account or a delegated administrator: only those can "
        "list its accounts. Use the management account's credentials."),
     NULL},

    /* --- input ------------------------------------------------------ */
    {"InvalidParameter",
     N_("Alibaba Cloud refused one of the request's parameters; its "
        "message says which."), NULL},
    {"InvalidParameter.CustomSuffix.NotAllowed",
     N_("This service accepts no CustomSuffix: create its role with the "
        "suffix left empty."), NULL},
    {"InvalidParameter.CustomSuffix.InvalidChars",
     N_("The CustomSuffix may contain only letters, digits, \".\" and "
        "\"-\"."), NULL},
    {"InvalidParameter.CustomSuffix.Length",
     N_("The role name with its suffix (<role>_<suffix>) may be at most 64 "
        "characters: use a shorter CustomSuffix."), NULL},
    {"InvalidParameter.Description.Length",
     N_("The Description must be 1 to 1024 characters: shorten it."),
     NULL},
    {"InvalidParameter.Description.NotAllowed",
     N_("This service's role keeps its preset description (only roles "
        "that accept a suffix take one): leave the Description empty."),
     NULL},
    {"InvalidParameter.RoleName.InvalidChars",
     N_("A role name may contain only letters, digits, \".\" and \"-\"."),
     NULL},
    {"InvalidParameter.RoleName.Length",
     N_("A role name must be 1 to 64 characters."), NULL},
    {"MissingParameter",
     N_("The request lacked a parameter the server requires (its message "
        "says which). This is likely a linkrole bug: please report it."),
     NULL},

    /* --- other ------------------------------------------------------ */
    {"InvalidAction.NotFound",
     N_("The endpoint does not offer this API action. Check the region or "
        "endpoint setting: not every product is served everywhere."),
     NULL},
};

static bool hints_present(const char *s)
{
    return s && *s;
}

/* Appends text with its one "%s" replaced by name; the texts are ours,
 * but they are not printf formats, so that a stray "%" (a translation's,
 * say) can never misbehave. */
static int hints_with_name(struct buf *out, const char *text,
                           const char *name)
{
    const char *slot = strstr(text, "%s");
    int rc;

    if (!slot)
        return buf_adds(out, text);
    rc = buf_add(out, text, (size_t)(slot - text));
    if (rc == BUF_OK)
        rc = errors_add_name(out, name, HINTS_NAME_MAX);
    if (rc == BUF_OK)
        rc = buf_adds(out, slot + 2);
    return rc;
}

/* The role the failed call was about, if the hint can tell. */
static const char *hints_role_of(const struct hints_context *ctx)
{
    if (hints_present(ctx->role_name))
        return ctx->role_name;
    /* DBS's answer does not always name its role, but the hint should
     * still name something to look at. */
    if (hints_present(ctx->action) &&
        strcmp(ctx->action, "InitializeDbsServiceLinkedRole") == 0)
        return SLR_DBS_ROLE;
    return NULL;
}

static int hints_signature(struct buf *out, const char *text,
                           const struct hints_context *ctx)
{
    int rc = buf_adds(out, text);

    /* Only the presence of the server's string is used: the string itself
     * can carry the AccessKeyId and belongs in a debug log, not a hint. */
    if (rc == BUF_OK && hints_present(ctx->message) &&
        strstr(ctx->message, HINTS_SERVER_SIGNED))
        rc = buf_adds(out, _(" The server's message shows the string it "
                             "signed: if the secret is right, something "
                             "on the way (a proxy?) changed the request."));
    return rc;
}

static int hints_permission(struct buf *out, const char *text,
                            const struct hints_context *ctx)
{
    const char *ram = errors_ram_action(ctx->action);
    struct buf cond;
    int rc;

    (void)text;
    if (!ram)
        return buf_adds(out, _("Your RAM user or role is not allowed to "
                               "make this call: ask an administrator to "
                               "check the RAM policies attached to it."));
    buf_init(&cond, 1024);
    rc = BUF_OK;
    if (hints_present(ctx->service_name) &&
        errors_ram_condition(ctx->action))
        rc = errors_add_name(&cond, ctx->service_name, HINTS_NAME_MAX);
    if (rc == BUF_OK && buf_len(&cond))
        rc = buf_printf(out, _("Your RAM user or role is not allowed to "
                               "make this call: ask an administrator to "
                               "grant %s (condition ram:ServiceName = "
                               "%s)."), ram, buf_str(&cond));
    else if (rc == BUF_OK)
        rc = buf_printf(out, _("Your RAM user or role is not allowed to "
                               "make this call: ask an administrator to "
                               "grant %s."), ram);
    buf_free(&cond);
    return rc;
}

static int hints_exists(struct buf *out, const char *text,
                        const struct hints_context *ctx)
{
    const char *role = hints_role_of(ctx);

    (void)text;
    if (!role)
        return buf_adds(out, _("The role already exists: `linkrole get "
                               "<role name>` shows it, or run again with "
                               "--exist-ok to accept it."));
    return hints_with_name(out, _("The role already exists: `linkrole get "
                                  "%s` shows it, or run again with "
                                  "--exist-ok to accept it."), role);
}

static int hints_role(struct buf *out, const char *text,
                      const struct hints_context *ctx)
{
    const char *role = hints_role_of(ctx);

    /* TRANSLATORS: stands for a role name the hint could not tell. */
    return hints_with_name(out, text, role ? role : _("<role name>"));
}

static int hints_service(struct buf *out, const char *text,
                         const struct hints_context *ctx)
{
    return hints_with_name(out, text,
                           hints_present(ctx->service_name)
                               ? ctx->service_name
                               /* TRANSLATORS: stands for a service name
                                * the hint could not tell. */
                               : _("<service name>"));
}

int hints_for(struct buf *out, const char *code,
              const struct hints_context *ctx)
{
    static const struct hints_context none;
    const char *family = errors_family(code);
    size_t mark = out->len;

    if (!family)
        return 0;
    if (!ctx)
        ctx = &none;
    for (size_t i = 0; i < sizeof(hints_rules) / sizeof(hints_rules[0]);
         i++) {
        const struct hints_rule *r = &hints_rules[i];
        const char *text = r->text ? _(r->text) : NULL;
        int rc;

        if (strcmp(r->code, family) != 0)
            continue;
        rc = r->say ? r->say(out, text, ctx) : buf_adds(out, text);
        if (rc != BUF_OK) {
            out->len = mark;
            if (out->data)
                out->data[mark] = '\0';
            return -1;
        }
        return 0;
    }
    return 0;
}
