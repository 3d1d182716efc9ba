/* creds_text — see creds_text.h.
 *
 * A problem is worded as "where: what": where names the file and the
 * profile or section in it, or the service and what asked for it; what
 * is the code's sentence.  The words are those linkrole has always
 * printed (tests/cli/creds.sh and tests/unit/test_creds_text*.c hold
 * them to it). */
#include "config.h"

#include "app/creds_text.h"

#include <stdlib.h>
#include <string.h>

#include "app/explain.h"
#include "app/i18n.h"
#include "core/ini.h"

/* Room for one part of a sentence (a place, a label, a reason). */
#define PART_MAX 4096

/* `profile "ops" (RamRoleArn)` or `section [default] (access_key)`, the
 * mode left out while unknown. */
static int label_text(struct buf *b, enum creds_origin origin,
                      const char *profile, const char *mode)
{
    bool ini = origin == CREDS_FROM_INI;

    if (origin == CREDS_FROM_OIDC)
        return buf_adds(b, _("the OIDC role of ALIBABA_CLOUD_ROLE_ARN"));
    if (mode && *mode)
        return buf_printf(b, ini ? _("section [%s] (%s)")
                                 : _("profile \"%s\" (%s)"), profile, mode);
    return buf_printf(b, ini ? _("section [%s]") : _("profile \"%s\""),
                      profile);
}

/* The file, then the profile or section in it when there is one. */
static int place_text(struct buf *b, const struct creds_problem *p)
{
    int rc = buf_adds(b, p->file);

    if (rc == BUF_OK && p->origin != CREDS_FROM_NONE) {
        rc = buf_adds(b, ": ");
        if (rc == BUF_OK)
            rc = label_text(b, p->origin, p->profile, p->mode);
    }
    return rc;
}

/* The service a fetch is from: "ECS metadata service at URL" or
 * "credentials URI URL". */
static int service_text(struct buf *b, enum creds_service service,
                        const char *url)
{
    if (service == CREDS_SERVICE_METADATA)
        return buf_printf(b, _("ECS metadata service at %s"), url);
    if (url && *url)
        return buf_printf(b, _("credentials URI %s"), url);
    return buf_adds(b, _("credentials URI"));
}

/* What asked for the fetch: a variable, a profile, or a variable for a
 * profile. */
static int setby_text(struct buf *b, const struct creds_problem *p)
{
    if (p->variable[0] && p->source[0])
        return buf_printf(b, _("%s for %s"), p->variable, p->source);
    return buf_adds(b, p->variable[0] ? p->variable : p->source);
}

/* A request that got no answer: how, and what the transport said. */
static int transport_text(struct buf *b, int ts, const char *detail)
{
    if (ts == CREDS_TRANSPORT_DRY_RUN)
        return buf_adds(b, _("cancelled: dry run: nothing was sent"));
    return explain_transport(b, ts, NULL, detail);
}

/* Why there is no IMDSv2 token: no answer, an HTTP status, or a token
 * that cannot go into a header. */
static int no_token_text(struct buf *b, int ts, long status,
                         const char *detail)
{
    if (ts != TRANSPORT_OK)
        return transport_text(b, ts, detail);
    if (status != 200)
        return buf_printf(b, _("HTTP %ld"), status);
    return buf_adds(b, _("the token is not usable"));
}

static const char *skip_text(enum creds_skip why)
{
    switch (why) {
    case CREDS_SKIP_NO_FILE:
        return _("no such file");
    case CREDS_SKIP_NO_HOME:
        return _("HOME is not set");
    case CREDS_SKIP_CLI_DISABLED:
        return _("skipped: ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true");
    case CREDS_SKIP_NO_CURRENT:
        return _("no current profile");
    case CREDS_SKIP_NO_DEFAULT:
        return _("no [default] section");
    case CREDS_SKIP_MD_DISABLED:
        return _("ignored: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true");
    case CREDS_SKIP_NO_PROFILE:
        return _("no such profile");
    case CREDS_SKIP_DRY_RUN:
        return _("not asked: --dry-run sends nothing");
    case CREDS_SKIP_UNUSABLE:
    case CREDS_SKIP_NOT_ON_ECS:     /* worded with their reason */
    case CREDS_SKIP_NOT_SET:
    default:
        return _("not set");
    }
}

static int problem_core(struct buf *out, const struct creds_problem *p);

/* Why a source was passed over, as its problem would have said it. */
static int reason_text(struct buf *b, const struct creds_tried *t)
{
    const struct creds_reason *r = &t->reason;
    struct creds_problem *p = calloc(1, sizeof(*p));
    int rc;

    if (!p)
        return buf_adds(b, _("out of memory"));
    creds_reason_problem(p, r);
    rc = problem_core(b, p);
    free(p);
    return rc;
}

/* The ECS metadata service as a source: named by its variable when
 * that was set, else found (or not) by asking the service. */
static int metadata_tried_text(struct buf *b, const struct creds_tried *t,
                               const char *why)
{
    if (t->why == CREDS_SKIP_NOT_ON_ECS)
        return buf_printf(b, _("the ECS metadata service (not on ECS: no "
                               "answer from %s)"), t->reason.url);
    if (t->variable[0])
        return buf_printf(b, _("%s (%s)"), t->variable, why);
    return buf_printf(b, _("the ECS metadata service (%s)"), why);
}

/* One source of the chain and why it gave nothing. */
static int tried_text(struct buf *b, const struct creds_tried *t)
{
    const char *why = skip_text(t->why);
    struct buf reason;
    int rc;

    if (t->why == CREDS_SKIP_UNUSABLE) {
        buf_init(&reason, PART_MAX);
        rc = buf_adds(&reason, _("passed over: "));
        if (rc == BUF_OK)
            rc = reason_text(&reason, t);
        if (rc == BUF_OK) {
            struct creds_tried shown = *t;

            /* Worded as any skip, its reason in place of the code's. */
            shown.why = CREDS_SKIP_NOT_SET;
            rc = t->origin == CREDS_FROM_METADATA
                     ? metadata_tried_text(b, &shown, buf_str(&reason))
                 : t->variable[0]
                     ? buf_printf(b, _("%s (%s)"), t->variable,
                                  buf_str(&reason))
                     : buf_printf(b, _("%s (%s)"), t->file,
                                  buf_str(&reason));
        }
        buf_free(&reason);
        return rc;
    }
    switch (t->origin) {
    case CREDS_FROM_ENV:
        return buf_printf(b, _("ALIBABA_CLOUD_ACCESS_KEY_ID and "
                               "ALIBABA_CLOUD_ACCESS_KEY_SECRET (%s)"), why);
    case CREDS_FROM_METADATA:
        return metadata_tried_text(b, t, why);
    case CREDS_FROM_OIDC:
        return buf_printf(b, _("ALIBABA_CLOUD_ROLE_ARN, "
                               "ALIBABA_CLOUD_OIDC_PROVIDER_ARN and "
                               "ALIBABA_CLOUD_OIDC_TOKEN_FILE (%s)"), why);
    case CREDS_FROM_URI:
        return buf_printf(b, _("ALIBABA_CLOUD_CREDENTIALS_URI (%s)"), why);
    case CREDS_FROM_CONFIG:
    case CREDS_FROM_INI:
    case CREDS_FROM_NONE:
    default:
        return buf_printf(b, _("%s (%s)"), t->file, why);
    }
}

/* "A or B", "A, B or C": the files a profile was looked for in. */
static int files_text(struct buf *b, const struct creds_problem *p)
{
    int rc = BUF_OK;

    for (size_t i = 0; rc == BUF_OK && i < p->ntried; i++) {
        if (i > 0)
            /* TRANSLATORS: ", " goes between the items of a list, " or "
             * before its last one. */
            rc = buf_adds(b, i + 1 == p->ntried ? _(" or ") : _(", "));
        if (rc == BUF_OK)
            rc = buf_adds(b, p->tried[i].file);
    }
    return rc;
}

static int ini_syntax_text(struct buf *out, const struct creds_problem *p)
{
    const char *f = p->file;
    size_t n = p->line;

    switch ((enum ini_status)p->ini) {
    case INI_LINE_TOO_LONG:
        return buf_printf(out, _("%s:%zu: line longer than %zu bytes"), f,
                          n, p->limit);
    case INI_NUL:
        return buf_printf(out, _("%s:%zu: a NUL byte in the line"), f, n);
    case INI_TOO_MANY:
        return buf_printf(out, _("%s:%zu: more than %zu entries"), f, n,
                          p->limit);
    case INI_UNCLOSED:
        return buf_printf(out, _("%s:%zu: expected \"]\" at the end of the "
                                 "section header"), f, n);
    case INI_EMPTY_SECTION:
        return buf_printf(out, _("%s:%zu: empty section name"), f, n);
    case INI_OUTSIDE_SECTION:
        return buf_printf(out, _("%s:%zu: \"key = value\" before any "
                                 "[section]"), f, n);
    case INI_NOT_KEY_VALUE:
    case INI_NOMEM:
    case INI_OK:
    default:
        return buf_printf(out, _("%s:%zu: expected \"key = value\""), f, n);
    }
}

/* Problems with a file as a whole. */
static int file_text(struct buf *out, const struct creds_problem *p)
{
    const char *f = p->file;

    switch (p->code) {
    case CREDS_E_FILE_OPEN:
        return buf_printf(out, _("%s: cannot open: %s"), f,
                          strerror(p->errnum));
    case CREDS_E_FILE_READ:
        return buf_printf(out, _("%s: cannot read: %s"), f,
                          strerror(p->errnum));
    case CREDS_E_FILE_NOT_REGULAR:
        return buf_printf(out, _("%s: not a regular file"), f);
    case CREDS_E_FILE_TOO_BIG:
        if (p->limit && p->limit % (1u << 20) == 0)
            return buf_printf(out, _("%s: larger than %zu MiB"), f,
                              p->limit >> 20);
        return buf_printf(out, _("%s: larger than %zu bytes"), f, p->limit);
    case CREDS_E_FILE_NUL:
        return buf_printf(out, _("%s: not a text file (it holds a NUL "
                                 "byte)"), f);
    case CREDS_E_JSON_SYNTAX:
        return buf_printf(out, _("%s:%zu:%zu: not valid JSON"), f, p->line,
                          p->column);
    case CREDS_E_JSON_NUL:
        return buf_printf(out, _("%s:%zu:%zu: a NUL character (\\u0000) in "
                                 "a string; linkrole refuses the file rather "
                                 "than read the value cut short"), f,
                          p->line, p->column);
    case CREDS_E_JSON_NOT_OBJECT:
        return buf_printf(out, _("%s: not a JSON object"), f);
    case CREDS_E_INI_SYNTAX:
        return ini_syntax_text(out, p);
    case CREDS_E_TOO_MANY_PROFILES:
        return buf_printf(out, _("%s: more than %zu profiles"), f, p->limit);
    case CREDS_E_PROFILE_NOT_OBJECT:
        return buf_printf(out, _("%s: profiles[%zu] is not an object"), f,
                          p->index);
    case CREDS_E_PROFILE_NO_NAME:
    default:
        return buf_printf(out, _("%s: profiles[%zu]: field \"name\" is "
                                 "missing or not a string"), f, p->index);
    }
}

/* Problems in a profile or section (or a field of the file): `at` is
 * where, already worded. */
static int profile_text(struct buf *out, const struct creds_problem *p,
                        const char *at)
{
    const char *fd = p->field;

    switch (p->code) {
    case CREDS_E_FIELD_MISSING:
        return buf_printf(out, _("%s: field \"%s\" is missing"), at, fd);
    case CREDS_E_FIELD_TYPE:
        if (p->want == CREDS_WANT_ARRAY)
            return buf_printf(out, _("%s: field \"%s\" must be an array"),
                              at, fd);
        if (p->want == CREDS_WANT_NUMBER)
            return buf_printf(out, _("%s: field \"%s\" must be a number"),
                              at, fd);
        if (p->want == CREDS_WANT_BOOL)
            return buf_printf(out, _("%s: field \"%s\" must be true or "
                                     "false"), at, fd);
        return buf_printf(out, _("%s: field \"%s\" must be a string"), at,
                          fd);
    case CREDS_E_FIELD_TOO_LONG:
        return buf_printf(out, _("%s: field \"%s\" is longer than %zu "
                                 "bytes"), at, fd, p->limit);
    case CREDS_E_FIELD_NOT_REGION:
        return buf_printf(out, _("%s: field \"%s\" must match "
                                 "[a-zA-Z0-9-]+"), at, fd);
    case CREDS_E_FIELD_NOT_ROLE:
        return buf_printf(out, _("%s: field \"%s\" is not a RAM role name"),
                          at, fd);
    case CREDS_E_FIELD_NOT_POLICY:
        return buf_printf(out, _("%s: field \"%s\" is not a RAM policy "
                                 "document (a JSON object, such as "
                                 "{\"Version\": \"1\", \"Statement\": "
                                 "[...]})"), at, fd);
    case CREDS_E_FIELD_NOT_WHOLE:
        return buf_printf(out, _("%s: field \"%s\" must be a whole number "
                                 "from %ld to %ld"), at, fd, p->min, p->max);
    case CREDS_E_FIELD_RANGE:
        return buf_printf(out, _("%s: field \"%s\" must be between %ld and "
                                 "%ld"), at, fd, p->min, p->max);
    case CREDS_E_MODE_UNKNOWN:
        return buf_printf(out, _("%s: field \"mode\" is missing and no "
                                 "credentials show which it would be"), at);
    case CREDS_E_URI_MISSING:
        return buf_printf(out, _("%s: field \"%s\" is missing (and "
                                 "ALIBABA_CLOUD_CREDENTIALS_URI is not "
                                 "set)"), at, fd);
    case CREDS_E_URI_TURNED_OFF:
        return buf_printf(out, _("%s: CredentialsURI is turned off by "
                                 "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS"),
                          at);
    case CREDS_E_CHAIN_CYCLE: {
        int rc = buf_printf(out, _("%s: source_profile makes a cycle: "), at);

        for (size_t i = 0; rc == BUF_OK && i < p->nnames; i++)
            rc = buf_printf(out, "%s\"%s\"", i ? " -> " : "", p->names[i]);
        return rc;
    }
    case CREDS_E_CHAIN_TOO_LONG:
        return buf_printf(out, _("%s: source_profile chain is longer than "
                                 "%zu profiles"), at, p->limit);
    case CREDS_E_SOURCE_NOT_FOUND:
    default:
        return buf_printf(out, _("%s: source_profile \"%s\" not found"), at,
                          p->value);
    }
}

/* What a fetch from the metadata service or a credentials URI met. */
static int fetch_what(struct buf *b, const struct creds_problem *p)
{
    switch (p->code) {
    case CREDS_E_HTTP_NO_TRANSPORT:
        return buf_adds(b, _("no transport"));
    case CREDS_E_HTTP_TRANSPORT:
        return transport_text(b, p->transport, p->detail);
    case CREDS_E_HTTP_STATUS:
        return buf_printf(b, _("HTTP %ld"), p->http_status);
    case CREDS_E_MD_NO_TOKEN: {
        struct buf why;
        int rc;

        buf_init(&why, PART_MAX);
        rc = no_token_text(&why, p->transport, p->http_status, p->detail);
        if (rc == BUF_OK)
            rc = buf_printf(b, _("no IMDSv2 token (%s), and "
                                 "ALIBABA_CLOUD_IMDSV1_DISABLED=true rules "
                                 "out IMDSv1"), buf_str(&why));
        buf_free(&why);
        return rc;
    }
    case CREDS_E_MD_ROLE_STATUS:
        return buf_printf(b, _("HTTP %ld when asked for the instance's RAM "
                               "role"), p->http_status);
    case CREDS_E_MD_NO_ROLE:
        return buf_adds(b, _("this instance has no RAM role attached"));
    case CREDS_E_MD_BAD_ROLE:
        return buf_printf(b, _("the role name it gave (\"%s\") is not a RAM "
                               "role name"), p->value);
    case CREDS_E_MD_CREDS_STATUS:
        return buf_printf(b, _("HTTP %ld for role %s"), p->http_status,
                          p->value);
    case CREDS_E_MD_NOT_THERE: {
        struct buf why;
        int rc;

        buf_init(&why, PART_MAX);
        rc = transport_text(&why, p->transport, p->detail);
        if (rc == BUF_OK)
            rc = buf_printf(b, _("no answer (%s): not an ECS instance"),
                            buf_str(&why));
        buf_free(&why);
        return rc;
    }
    case CREDS_E_ANSWER_NOT_OBJECT:
        return buf_adds(b, _("the answer is not a JSON object"));
    case CREDS_E_ANSWER_NO_CODE:
        return buf_adds(b, _("the answer has no Code"));
    case CREDS_E_ANSWER_BAD_CODE:
        return buf_printf(b, _("the answer's Code is \"%s\", not "
                               "\"Success\""), p->value);
    case CREDS_E_ANSWER_NO_FIELD:
        return buf_printf(b, _("the answer has no usable %s"), p->field);
    case CREDS_E_ANSWER_BAD_TIME:
        return buf_printf(b, _("the answer's Expiration \"%s\" is not a UTC "
                               "time like 2024-01-02T03:04:05Z"), p->value);
    case CREDS_E_ANSWER_EXPIRED:
    default:
        return buf_printf(b, _("the credentials it gave expired at %s"),
                          p->value);
    }
}

/* "<service>: <what> (set by <who>)", and STS's "<profile>: ..." */
static int fetch_text(struct buf *out, const struct creds_problem *p)
{
    struct buf where, what, who;
    const char *action = p->field[0] ? p->field : "AssumeRole";
    int rc;

    buf_init(&where, PART_MAX);
    buf_init(&what, PART_MAX);
    buf_init(&who, PART_MAX);
    if (p->service == CREDS_SERVICE_STS) {
        rc = label_text(&where, p->origin, p->profile, p->mode);
        if (rc != BUF_OK)
            goto out;
        if (p->code == CREDS_E_STS_NO_TRANSPORT)
            rc = buf_printf(out, _("%s: cannot call STS: no transport"),
                            buf_str(&where));
        else if (p->code == CREDS_E_STS_REFUSED && p->detail[0])
            rc = buf_printf(out, _("%s: %s refused: %s: %s"),
                            buf_str(&where), action, p->remote_code,
                            p->detail);
        else if (p->code == CREDS_E_STS_REFUSED)
            rc = buf_printf(out, _("%s: %s refused: %s"),
                            buf_str(&where), action, p->remote_code);
        else if (p->code == CREDS_E_HTTP_STATUS)
            rc = buf_printf(out, _("%s: %s at %s failed: HTTP %ld"),
                            buf_str(&where), action, p->url,
                            p->http_status);
        else if (p->code == CREDS_E_ANSWER_NO_FIELD)
            rc = buf_printf(out, _("%s: %s at %s: the answer has no usable "
                                   "%s"), buf_str(&where),
                            "AssumeRoleWithOIDC", p->url, p->field);
        else
            rc = buf_printf(out, _("%s: %s at %s failed: %s"),
                            buf_str(&where), action, p->url, p->detail);
        goto out;
    }
    rc = setby_text(&who, p);
    if (rc != BUF_OK)
        goto out;
    if (p->code == CREDS_E_URI_SCHEME) {
        rc = buf_printf(out, _("credentials URI: not an http:// or https:// "
                               "URL (set by %s)"), buf_str(&who));
        goto out;
    }
    rc = service_text(&where, p->service, p->url);
    if (rc == BUF_OK)
        rc = fetch_what(&what, p);
    /* Nothing set it when the chain asked the metadata service itself. */
    if (rc == BUF_OK && !buf_len(&who))
        rc = buf_printf(out, _("%s: %s"), buf_str(&where), buf_str(&what));
    else if (rc == BUF_OK)
        rc = buf_printf(out, _("%s: %s (set by %s)"), buf_str(&where),
                        buf_str(&what), buf_str(&who));
out:
    buf_free(&where);
    buf_free(&what);
    buf_free(&who);
    return rc;
}

/* The logins the aliyun CLI keeps (CloudSSO, OAuth) and External
 * commands: `at` is where, already worded; the program is p->value. */
static int login_text(struct buf *out, const struct creds_problem *p,
                      const char *at)
{
    const char *prog = p->value;

    switch (p->code) {
    case CREDS_E_LOGIN_EXPIRED:
        if (p->value[0])
            return buf_printf(out, _("%s: the keys of the last aliyun CLI "
                                     "login are good only until %s; log in "
                                     "again: aliyun configure --mode %s "
                                     "--profile %s"), at, p->value, p->mode,
                              p->profile);
        return buf_printf(out, _("%s: no keys from an aliyun CLI login; log "
                                 "in: aliyun configure --mode %s --profile "
                                 "%s"), at, p->mode, p->profile);
    case CREDS_E_EXT_TURNED_OFF:
        return buf_printf(out, _("%s: External is turned off by "
                                 "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS"),
                          at);
    case CREDS_E_EXT_SPLIT:
        return buf_printf(out, _("%s: field \"process_command\" cannot be "
                                 "split into words (an open quote or a "
                                 "trailing backslash?)"), at);
    case CREDS_E_EXT_START:
        if (!p->errnum)
            return buf_printf(out, _("%s: process_command %s was not run"),
                              at, prog);
        return buf_printf(out, _("%s: cannot run process_command %s: %s"),
                          at, prog, strerror(p->errnum));
    case CREDS_E_EXT_STATUS:
        if (p->max)
            return buf_printf(out, _("%s: process_command %s was ended by "
                                     "signal %ld (run it by hand to see its "
                                     "messages)"), at, prog, p->max);
        return buf_printf(out, _("%s: process_command %s failed with exit "
                                 "status %ld (run it by hand to see its "
                                 "messages)"), at, prog, p->min);
    case CREDS_E_EXT_TIMEOUT:
        if (!p->limit)
            return buf_printf(out, _("%s: process_command %s was "
                                     "cancelled"), at, prog);
        return buf_printf(out, _("%s: process_command %s did not finish in "
                                 "%zu s and was stopped"), at, prog,
                          p->limit);
    case CREDS_E_EXT_TOO_BIG:
        return buf_printf(out, _("%s: process_command %s printed more than "
                                 "%zu bytes and was stopped"), at, prog,
                          p->limit);
    case CREDS_E_EXT_NOT_JSON:
        return buf_printf(out, _("%s: process_command %s did not print a "
                                 "JSON object"), at, prog);
    case CREDS_E_EXT_NO_FIELD:
        return buf_printf(out, _("%s: process_command %s printed no usable "
                                 "\"%s\""), at, prog, p->field);
    case CREDS_E_EXT_MODE:
    default:
        return buf_printf(out, _("%s: process_command printed mode \"%s\"; "
                                 "linkrole takes AK or StsToken"), at,
                          p->value);
    }
}

/* The problem itself, without the expired links around it. */
static int problem_core(struct buf *out, const struct creds_problem *p)
{
    struct buf at;
    int rc = BUF_OK;

    switch (p->code) {
    case CREDS_E_NONE:
    case CREDS_E_NOMEM:
        return buf_adds(out, _("out of memory"));
    case CREDS_E_FILE_OPEN:
    case CREDS_E_FILE_READ:
    case CREDS_E_FILE_NOT_REGULAR:
    case CREDS_E_FILE_TOO_BIG:
    case CREDS_E_FILE_NUL:
    case CREDS_E_JSON_SYNTAX:
    case CREDS_E_JSON_NUL:
    case CREDS_E_JSON_NOT_OBJECT:
    case CREDS_E_INI_SYNTAX:
    case CREDS_E_TOO_MANY_PROFILES:
    case CREDS_E_PROFILE_NOT_OBJECT:
    case CREDS_E_PROFILE_NO_NAME:
        return file_text(out, p);
    case CREDS_E_FIELD_MISSING:
    case CREDS_E_FIELD_TYPE:
    case CREDS_E_FIELD_TOO_LONG:
    case CREDS_E_FIELD_NOT_REGION:
    case CREDS_E_FIELD_NOT_ROLE:
    case CREDS_E_FIELD_NOT_POLICY:
    case CREDS_E_FIELD_NOT_WHOLE:
    case CREDS_E_FIELD_RANGE:
    case CREDS_E_MODE_UNKNOWN:
    case CREDS_E_URI_MISSING:
    case CREDS_E_URI_TURNED_OFF:
    case CREDS_E_CHAIN_CYCLE:
    case CREDS_E_CHAIN_TOO_LONG:
    case CREDS_E_SOURCE_NOT_FOUND:
        buf_init(&at, PART_MAX);
        rc = place_text(&at, p);
        if (rc == BUF_OK)
            rc = profile_text(out, p, buf_str(&at));
        buf_free(&at);
        return rc;
    case CREDS_E_MODE_UNSUPPORTED:
        if (p->origin == CREDS_FROM_INI)
            return buf_printf(out, _("profile type %s is not supported "
                                     "(file %s, section [%s]); supported: "
                                     "%s"), p->mode, p->file, p->profile,
                              CREDS_INI_TYPES);
        return buf_printf(out, _("profile mode %s is not supported (file %s, "
                                 "profile \"%s\"); supported: %s"), p->mode,
                          p->file, p->profile, CREDS_CONFIG_MODES);
    case CREDS_E_PROFILE_NOT_FOUND:
        if (p->ntried == 2)
            return buf_printf(out, _("profile \"%s\" not found in %s or "
                                     "%s"), p->profile, p->tried[0].file,
                              p->tried[1].file);
        rc = buf_printf(out, _("profile \"%s\" not found in "), p->profile);
        return rc == BUF_OK ? files_text(out, p) : rc;
    case CREDS_E_CURRENT_NOT_FOUND:
        return buf_printf(out, _("%s: the current profile \"%s\" does not "
                                 "exist"), p->file, p->profile);
    case CREDS_E_NOTHING_FOUND:
        rc = buf_adds(out, _("no credentials found; looked at: "));
        for (size_t i = 0; rc == BUF_OK && i < p->ntried; i++) {
            if (i > 0)
                rc = buf_adds(out, "; ");
            if (rc == BUF_OK)
                rc = tried_text(out, &p->tried[i]);
        }
        return rc;
    case CREDS_E_ENV_NO_SECRET:
        return buf_printf(out, _("%s is set but "
                                 "ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"),
                          p->field[0] ? p->field
                                      : "ALIBABA_CLOUD_ACCESS_KEY_ID");
    case CREDS_E_ENV_NO_ID:
        return buf_printf(out, _("%s is set but ALIBABA_CLOUD_ACCESS_KEY_ID "
                                 "is not"),
                          p->field[0] ? p->field
                                      : "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    case CREDS_E_ENV_NOT_ROLE:
        return buf_printf(out, _("%s (\"%s\") is not a RAM role name"),
                          p->field, p->value);
    case CREDS_E_ENV_NOT_REGION:
        return buf_printf(out, _("%s must match [a-zA-Z0-9-]+"), p->field);
    case CREDS_E_NO_CREDENTIALS:
        return buf_adds(out, _("no credentials"));
    case CREDS_E_OIDC_ENV_MISSING:
        return buf_printf(out, _("%s is not set, but the other variables "
                                 "of an OIDC login (ALIBABA_CLOUD_ROLE_ARN, "
                                 "ALIBABA_CLOUD_OIDC_PROVIDER_ARN, "
                                 "ALIBABA_CLOUD_OIDC_TOKEN_FILE) are"),
                          p->field);
    case CREDS_E_OIDC_TOKEN_EMPTY:
        return buf_printf(out, _("%s: the OIDC token file is empty"),
                          p->file);
    case CREDS_E_LOGIN_EXPIRED:
    case CREDS_E_EXT_TURNED_OFF:
    case CREDS_E_EXT_SPLIT:
    case CREDS_E_EXT_START:
    case CREDS_E_EXT_STATUS:
    case CREDS_E_EXT_TIMEOUT:
    case CREDS_E_EXT_TOO_BIG:
    case CREDS_E_EXT_NOT_JSON:
    case CREDS_E_EXT_NO_FIELD:
    case CREDS_E_EXT_MODE:
        buf_init(&at, PART_MAX);
        rc = place_text(&at, p);
        if (rc == BUF_OK)
            rc = login_text(out, p, buf_str(&at));
        buf_free(&at);
        return rc;
    case CREDS_E_STS_NO_TRANSPORT:
    case CREDS_E_STS_REFUSED:
    case CREDS_E_STS_FAILED:
    case CREDS_E_URI_SCHEME:
    case CREDS_E_HTTP_NO_TRANSPORT:
    case CREDS_E_HTTP_TRANSPORT:
    case CREDS_E_HTTP_STATUS:
    case CREDS_E_MD_NO_TOKEN:
    case CREDS_E_MD_ROLE_STATUS:
    case CREDS_E_MD_NO_ROLE:
    case CREDS_E_MD_BAD_ROLE:
    case CREDS_E_MD_CREDS_STATUS:
    case CREDS_E_MD_NOT_THERE:
    case CREDS_E_ANSWER_NOT_OBJECT:
    case CREDS_E_ANSWER_NO_CODE:
    case CREDS_E_ANSWER_BAD_CODE:
    case CREDS_E_ANSWER_NO_FIELD:
    case CREDS_E_ANSWER_BAD_TIME:
    case CREDS_E_ANSWER_EXPIRED:
    default:
        return fetch_text(out, p);
    }
}

int creds_problem_text(struct buf *out, const struct creds_problem *p)
{
    struct buf inner, outer;
    int rc;

    if (p->nexpired == 0)
        return problem_core(out, p);
    /* Links that had expired wrap what went wrong, innermost first. */
    buf_init(&inner, out->max);
    buf_init(&outer, out->max);
    rc = problem_core(&inner, p);
    for (size_t i = p->nexpired; rc == BUF_OK && i-- > 0;) {
        buf_reset(&outer);
        rc = buf_printf(&outer, _("credentials from %s expired at %s and "
                                  "could not be refreshed: %s"),
                        p->expired[i].source, p->expired[i].at,
                        buf_str(&inner));
        if (rc == BUF_OK) {
            buf_reset(&inner);
            rc = buf_adds(&inner, buf_str(&outer));
        }
    }
    if (rc == BUF_OK)
        rc = buf_adds(out, buf_str(&inner));
    buf_free(&inner);
    buf_free(&outer);
    return rc;
}

/* A key nobody knows: where it is, then what it may have meant. */
static int unknown_key_text(struct buf *out, const struct creds_warning *w)
{
    const char *f = w->file;
    int rc;

    if (w->origin == CREDS_FROM_INI)
        rc = buf_printf(out, _("%s: section [%s]: unknown key \"%s\" is "
                               "not used"), f, w->profile, w->field);
    else if (w->profile[0])
        rc = buf_printf(out, _("%s: profile \"%s\": unknown key \"%s\" is "
                               "not used"), f, w->profile, w->field);
    else
        rc = buf_printf(out, _("%s: unknown key \"%s\" is not used"), f,
                        w->field);
    if (rc == BUF_OK && w->near[0])
        rc = buf_printf(out, _(" (did you mean \"%s\"?)"), w->near);
    return rc;
}

int creds_warning_text(struct buf *out, const struct creds_warning *w)
{
    const char *f = w->file;

    if (w->code == CREDS_W_UNKNOWN_KEY)
        return unknown_key_text(out, w);
    if (w->code == CREDS_W_UNKNOWN_KEYS_MORE)
        return buf_printf(out, _("%s: %zu more unknown keys are not used"),
                          f, w->count);

    if (w->code == CREDS_W_DUPLICATE_KEY && w->profile[0])
        return buf_printf(out, _("%s: profile \"%s\" gives \"%s\" more "
                                 "than once; the last one is used, as the "
                                 "aliyun CLI does"), f, w->profile,
                          w->field);
    if (w->code == CREDS_W_DUPLICATE_KEY)
        return buf_printf(out, _("%s: \"%s\" is given more than once; the "
                                 "last one is used, as the aliyun CLI "
                                 "does"), f, w->field);
    if (w->code == CREDS_W_DUPLICATE_PROFILE)
        return buf_printf(out, _("%s: more than one profile is named "
                                 "\"%s\"; the first one is used, as the "
                                 "aliyun CLI does"), f, w->profile);
    if (w->mode & 004)
        return buf_printf(out, _("%s is readable by others (mode %04o): run "
                                 "chmod 600 %s"), f, w->mode, f);
    if (w->mode & 040)
        return buf_printf(out, _("%s is readable by its group (mode %04o): "
                                 "run chmod 600 %s"), f, w->mode, f);
    return buf_printf(out, _("%s is open to its group or others (mode "
                             "%04o): run chmod 600 %s"), f, w->mode, f);
}

int creds_note_text(struct buf *out, const struct creds_note *n)
{
    struct buf part;
    int rc;

    buf_init(&part, PART_MAX);
    switch (n->code) {
    case CREDS_N_ASSUMED:
        rc = label_text(&part, n->origin, n->profile, n->mode);
        if (rc == BUF_OK)
            rc = buf_printf(out, _("credentials: assumed %s for %s"),
                            n->role, buf_str(&part));
        break;
    case CREDS_N_IMDSV1: {
        struct buf why;

        buf_init(&why, PART_MAX);
        rc = service_text(&part, n->service, n->url);
        if (rc == BUF_OK)
            rc = no_token_text(&why, n->transport, n->http_status,
                               n->detail);
        if (rc == BUF_OK)
            rc = buf_printf(out, _("%s: no IMDSv2 token (%s); trying "
                                   "IMDSv1"), buf_str(&part), buf_str(&why));
        buf_free(&why);
        break;
    }
    case CREDS_N_FETCHED_ROLE:
        rc = service_text(&part, n->service, n->url);
        if (rc == BUF_OK)
            rc = buf_printf(out, _("credentials: fetched role %s from %s"),
                            n->role, buf_str(&part));
        break;
    case CREDS_N_FETCHED:
        rc = service_text(&part, n->service, n->url);
        if (rc == BUF_OK)
            rc = buf_printf(out, _("credentials: fetched from %s"),
                            buf_str(&part));
        break;
    case CREDS_N_REFRESHED:
        rc = buf_printf(out, _("credentials from %s refreshed"), n->source);
        break;
    case CREDS_N_PASSED_OVER:
        rc = n->why ? problem_core(&part, n->why) : BUF_OK;
        if (rc == BUF_OK)
            rc = buf_printf(out, _("credentials: %s; passed over, trying "
                                   "the next source"), buf_str(&part));
        break;
    case CREDS_N_RAN:
        rc = label_text(&part, n->origin, n->profile, n->mode);
        if (rc == BUF_OK)
            rc = buf_printf(out, _("credentials: ran process_command %s for "
                                   "%s"), n->role, buf_str(&part));
        break;
    case CREDS_N_UNUSED_KEYS:
        rc = buf_printf(out, _("credentials: %s: not used by linkrole "
                               "(settings of the aliyun CLI or the SDKs): "
                               "%s"), n->source, n->detail);
        break;
    case CREDS_N_KEPT:
    default:
        rc = n->why ? creds_problem_text(&part, n->why) : BUF_OK;
        if (rc == BUF_OK)
            rc = buf_printf(out, _("credentials from %s could not be "
                                   "refreshed (%s); using the current ones, "
                                   "valid until %s"), n->source,
                            buf_str(&part), n->until ? n->until : "");
        break;
    }
    buf_free(&part);
    return rc;
}

void creds_text_log(void *ctx, const struct creds_note *n)
{
    const struct api_client *cl = ctx;
    struct buf line;

    if (!cl || !cl->log)
        return;
    buf_init(&line, PART_MAX);
    if (creds_note_text(&line, n) == BUF_OK)
        cl->log(cl->log_ctx, buf_str(&line));
    buf_free(&line);
}

int creds_text_get(void *ctx, struct sign_creds *out, struct buf *err)
{
    struct creds_problem p;
    struct buf line;
    size_t room;

    if (creds_current(ctx, out, &p) == 0)
        return 0;
    /* err may be small: a long line is cut to fit rather than lost. */
    buf_init(&line, 1u << 16);
    if (creds_problem_text(&line, &p) != BUF_OK)
        buf_adds(&line, _("out of memory"));
    room = err->max > err->len ? err->max - err->len : 0;
    buf_add(err, buf_str(&line), buf_len(&line) < room ? buf_len(&line)
                                                       : room);
    buf_free(&line);
    return p.unreachable ? -2 : -1;
}
