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
    int rc;

    if (res)
        res++;
    if (res && strncmp(res, "user/", 5) == 0 && res[5]) {
        rc = buf_adds(out, _("user "));
        return rc == BUF_OK ? identity_name(out, res + 5, strlen(res + 5))
                            : rc;
    }
    if (res && strncmp(res, "assumed-role/", 13) == 0 && res[13]) {
        res += 13;
        slash = strchr(res, '/');
        rc = buf_adds(out, _("role "));
        if (rc == BUF_OK)
            rc = identity_name(out, res, slash ? (size_t)(slash - res)
                                               : strlen(res));
        if (rc == BUF_OK && slash && slash[1]) {
            rc = buf_adds(out, _(", session "));
            if (rc == BUF_OK)
                rc = identity_name(out, slash + 1, strlen(slash + 1));
        }
        return rc;
    }
    if (res && strcmp(res, "root") == 0)
        return buf_adds(out, _("root"));
    if (id->identity_type && *id->identity_type)
        return identity_name(out, id->identity_type,
                             strlen(id->identity_type));
    return buf_adds(out, "?");
}
