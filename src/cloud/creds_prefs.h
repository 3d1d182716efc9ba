/* creds_prefs — the display preferences an aliyun CLI profile keeps
 * (output_format, language), for linkrole's defaults.
 *
 * Read quietly: a missing or broken config.json gives nothing here, since
 * the credential chain words its problems when it reads the same file. */
#ifndef LINKROLE_CREDS_PREFS_H
#define LINKROLE_CREDS_PREFS_H

#include <stddef.h>

struct creds_prefs {
    char output[16];    /* output_format as written, "" when not given */
    char language[16];  /* language as written, "" when not given */
};

/* The prefs of the profile called profile (NULL: the file's "current",
 * else "default") in ALIBABA_CLOUD_CONFIG_FILE or ~/.aliyun/config.json.
 * *out is cleared first; absent fields stay "". */
void creds_prefs_read(const char *profile, struct creds_prefs *out);

#endif
