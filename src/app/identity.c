/* identity — see identity.h. */
#include "config.h"

#include "app/identity.h"

#include <string.h>

#include "app/i18n.h"

/* Appends len bytes of s, cut to IDENTITY_NAME_MAX with "...". */
static int identity_name(struct buf *out, const char *s, size_t len)
{
    if (len <= IDENTITY_NAME_MAX)
        return buf_add(out, s, len);
    /* Not inside a UTF-8 sequence. */
    len = IDENTITY_NAME_MAX;
    while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
        len--;
    return buf_add(out, s, len) == BUF_OK ? buf_adds(out, "...")
                                          : BUF_NOMEM;
}

int identity_words(struct buf *out, const struct api_identity *id)
{
    const char *arn = id->arn, *res = arn ? strrchr(arn, ':') : NULL;
    const char *slash;
    struct buf name, session;
    int rc = BUF_OK;

    if (res)
        res++;
    /* Each way of naming is one sentence with the names as placeholders,
     * so a translation can order the words as its language does. */
    buf_init(&name, 4 * IDENTITY_NAME_MAX);
    buf_init(&session, 4 * IDENTITY_NAME_MAX);
    if (res && strncmp(res, "user/", 5) == 0 && res[5]) {
        rc = identity_name(&name, res + 5, strlen(res + 5));
        if (rc == BUF_OK)
            /* TRANSLATORS: who the credentials are: %s is a RAM user
             * name. */
            rc = buf_printf(out, _("user %s"), buf_str(&name));
    } else if (res && strncmp(res, "assumed-role/", 13) == 0 && res[13]) {
        res += 13;
        slash = strchr(res, '/');
        rc = identity_name(&name, res, slash ? (size_t)(slash - res)
                                             : strlen(res));
        if (rc == BUF_OK && slash && slash[1]) {
            rc = identity_name(&session, slash + 1, strlen(slash + 1));
            if (rc == BUF_OK)
                /* TRANSLATORS: who the credentials are: a RAM role
                 * (first %s) assumed under a session name (second). */
                rc = buf_printf(out, _("role %s, session %s"),
                                buf_str(&name), buf_str(&session));
        } else if (rc == BUF_OK) {
            /* TRANSLATORS: who the credentials are: %s is a RAM role
             * name. */
            rc = buf_printf(out, _("role %s"), buf_str(&name));
        }
    } else if (res && strcmp(res, "root") == 0) {
        /* TRANSLATORS: who the credentials are: the Alibaba Cloud
         * account itself, not a RAM user. */
        rc = buf_adds(out, _("root"));
    } else if (id->identity_type && *id->identity_type) {
        rc = identity_name(out, id->identity_type,
                           strlen(id->identity_type));
    } else {
        rc = buf_adds(out, "?");
    }
    buf_free(&name);
    buf_free(&session);
    return rc;
}
