/* errors — see errors.h. */
#include "config.h"

#include "cloud/errors.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/json.h"

/* How a row matches a code. */
enum errors_match {
    EXACT,          /* the code itself */
    FAMILY,         /* the code, or the code and a dotted sub-code */
    CONTAINS        /* any code with the row's code inside it */
};

/* A code's family: the row of the table it matched. */
struct errors_rule {
    const char *code;
    enum errors_match match;
    enum errors_class cls;
};

/* Order does not matter: an exact row wins, then a "contains" row, then
 * the longest family.  A family row covers its sub-codes ("Forbidden"
 * covers "Forbidden.RAM"), but only at a dot: that is how Alibaba Cloud
 * spells them, and "ForbiddenX" would be a new code we know nothing
 * about.  Throttling is the one "contains" row: the SDKs take every code
 * with "Throttling" in it ("Throttling.User", "Request.Throttling",
 * "ServiceUnavailable.Throttling") for a rate limit, whatever comes
 * before it.  What each row means to a person is app/hints.c's
 * business. */
static const struct errors_rule rules[] = {
    /* --- credentials ------------------------------------------------ */
    {"InvalidAccessKeyId", FAMILY, ERRORS_CREDENTIALS},
    {"InvalidAccessKeyId.Inactive", EXACT, ERRORS_CREDENTIALS},
    {"Forbidden.AccessKeyDisabled", EXACT, ERRORS_CREDENTIALS},
    {"SignatureDoesNotMatch", EXACT, ERRORS_CREDENTIALS},
    {"IncompleteSignature", EXACT, ERRORS_CREDENTIALS},
    {"InvalidSecurityToken", FAMILY, ERRORS_CREDENTIALS},
    {"InvalidSecurityToken.Expired", EXACT, ERRORS_CREDENTIALS},
    {"InvalidSecurityToken.MismatchWithAccessKey", EXACT, ERRORS_CREDENTIALS},
    {"InvalidSecurityToken.Malformed", EXACT, ERRORS_CREDENTIALS},
    /* Signed with STS keys but sent without their token. */
    {"MissingSecurityToken", FAMILY, ERRORS_CREDENTIALS},

    /* --- clock ------------------------------------------------------ */
    {"InvalidTimeStamp.Expired", EXACT, ERRORS_CLOCK},
    {"IllegalTimestamp", EXACT, ERRORS_CLOCK},

    /* --- retryable -------------------------------------------------- */
    /* The nonce is fresh on every signing, so a repeat is a replayed or
     * duplicated request: sending it again, newly signed, is the cure. */
    {"SignatureNonceUsed", EXACT, ERRORS_RETRYABLE},
    {"Throttling", CONTAINS, ERRORS_RETRYABLE},
    {"ServiceUnavailable", EXACT, ERRORS_RETRYABLE},
    {"InternalError", EXACT, ERRORS_RETRYABLE},
    /* What the gateway answers when a backend is overloaded or failed
     * without saying how: a later attempt may well succeed. */
    {"UnknownError", EXACT, ERRORS_RETRYABLE},
    {"ServiceBusy", EXACT, ERRORS_RETRYABLE},
    {"SystemBusy", EXACT, ERRORS_RETRYABLE},

    /* --- permission ------------------------------------------------- */
    /* Every Forbidden.* and NoPermission.* code (the gateway's
     * Forbidden.RAM above all) is RAM saying no; the credentials ones
     * (Forbidden.AccessKeyDisabled) are exact rows, which win. */
    {"NoPermission", FAMILY, ERRORS_PERMISSION},
    {"Forbidden", FAMILY, ERRORS_PERMISSION},
    {"Request.Forbidden", EXACT, ERRORS_PERMISSION},

    /* --- existing and missing things -------------------------------- */
    {"EntityAlreadyExists.Role", EXACT, ERRORS_ALREADY_EXISTS},
    {"EntityNotExist", FAMILY, ERRORS_NOT_FOUND},
    {"EntityNotExist.Role", EXACT, ERRORS_NOT_FOUND},
    {"EntityNotExist.ServiceLinkedRole", EXACT, ERRORS_NOT_FOUND},
    /* The caller named a service that does not exist, which is a matter
     * of input, not of a missing resource. */
    {"EntityNotExist.Service", EXACT, ERRORS_INVALID_INPUT},
    {"LimitExceeded.Role", EXACT, ERRORS_OTHER},
    /* The Resource Directory spells it with an s. */
    {"EntityNotExists.ResourceDirectory", EXACT, ERRORS_NOT_FOUND},
    {"EntityNotExists.Folder", EXACT, ERRORS_NOT_FOUND},
    /* A member (or an account that is neither the management account
     * nor a delegated administrator) asked for the directory. */
    {"Rd.NoMasterRole", EXACT, ERRORS_PERMISSION},

    /* --- input ------------------------------------------------------ */
    {"InvalidParameter", FAMILY, ERRORS_INVALID_INPUT},
    {"InvalidParameter.CustomSuffix.NotAllowed", EXACT, ERRORS_INVALID_INPUT},
    {"InvalidParameter.CustomSuffix.InvalidChars", EXACT,
     ERRORS_INVALID_INPUT},
    {"InvalidParameter.CustomSuffix.Length", EXACT, ERRORS_INVALID_INPUT},
    {"InvalidParameter.Description.Length", EXACT, ERRORS_INVALID_INPUT},
    {"InvalidParameter.Description.NotAllowed", EXACT, ERRORS_INVALID_INPUT},
    {"InvalidParameter.RoleName.InvalidChars", EXACT, ERRORS_INVALID_INPUT},
    {"InvalidParameter.RoleName.Length", EXACT, ERRORS_INVALID_INPUT},
    /* linkrole always sends what each call requires, so this points at
     * linkrole itself or at an API that changed under it. */
    {"MissingParameter", FAMILY, ERRORS_INVALID_INPUT},

    /* --- other ------------------------------------------------------ */
    {"InvalidAction.NotFound", EXACT, ERRORS_OTHER},
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
    /* The Resource Directory reads a rollout starts with. */
    {"GetResourceDirectory", "resourcemanager:GetResourceDirectory", false},
    {"ListAccounts", "resourcemanager:ListAccounts", false},
    {"ListAccountsForParent", "resourcemanager:ListAccountsForParent", false},
    {"ListFoldersForParent", "resourcemanager:ListFoldersForParent", false},
    /* STS documents "no authorization for this operation". */
    {"GetCallerIdentity", NULL, false},
    /* The RAM API page lists no authorization for it. */
    {"GetServiceLinkedRoleTemplate", NULL, false},
};

static const struct errors_rule *find_rule(const char *code)
{
    const struct errors_rule *family = NULL, *contains = NULL;
    size_t family_len = 0;

    if (!code)
        return NULL;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const struct errors_rule *r = &rules[i];
        size_t n = strlen(r->code);

        if (strcmp(code, r->code) == 0)
            return r;
        if (r->match == CONTAINS && strstr(code, r->code))
            contains = r;
        if (r->match == FAMILY && n > family_len &&
            strncmp(code, r->code, n) == 0 && code[n] == '.') {
            family = r;
            family_len = n;
        }
    }
    return contains ? contains : family;
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

int errors_add_name(struct buf *out, const char *s, size_t max)
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

enum errors_class errors_classify(const char *code)
{
    const struct errors_rule *r = find_rule(code);

    return r ? r->cls : ERRORS_OTHER;
}

bool errors_throttled(const char *code)
{
    const struct errors_rule *r = find_rule(code);

    return r && strcmp(r->code, "Throttling") == 0;
}

const char *errors_family(const char *code)
{
    const struct errors_rule *r = find_rule(code);

    return r ? r->code : NULL;
}

bool errors_ram_condition(const char *api_action)
{
    const struct errors_action *a = find_action(api_action);

    return a && a->slr;
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
    if (a->slr && service_name && *service_name &&
        errors_add_name(&name, service_name, SIZE_MAX) != BUF_OK)
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
