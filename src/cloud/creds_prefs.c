/* creds_prefs — see creds_prefs.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cloud/creds_prefs.h"
#include "core/file.h"
#include "core/json.h"
#include "core/wipe.h"

/* config.json holds keys: it is bounded as the credential chain bounds it. */
#define PREFS_FILE_MAX (1024u * 1024u)

static void copy_field(const cJSON *p, const char *key, char *out,
                       size_t size)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(p, key);

    if (cJSON_IsString(it) && strlen(it->valuestring) < size)
        strcpy(out, it->valuestring);
}

static const cJSON *find_profile(const cJSON *root, const char *name)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "profiles");
    const cJSON *p;

    cJSON_ArrayForEach(p, list) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");

        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
            return p;
    }
    return NULL;
}

void creds_prefs_read(const char *profile, struct creds_prefs *out)
{
    const char *env = getenv("ALIBABA_CLOUD_CONFIG_FILE");
    const char *home = getenv("HOME");
    char path[4096];
    char *data = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    const cJSON *cur, *p;

    memset(out, 0, sizeof(*out));
    if (env && *env)
        snprintf(path, sizeof(path), "%s", env);
    else if (home && *home)
        snprintf(path, sizeof(path), "%s/.aliyun/config.json", home);
    else
        return;
    if (file_read(path, PREFS_FILE_MAX, &data, &len, NULL, NULL) !=
        FILE_READ_OK)
        return;
    root = json_parse(data, len, NULL);
    if (!root)
        goto out;
    if (!profile || !*profile) {
        cur = cJSON_GetObjectItemCaseSensitive(root, "current");
        profile = cJSON_IsString(cur) && *cur->valuestring
                      ? cur->valuestring : "default";
    }
    p = find_profile(root, profile);
    if (p) {
        copy_field(p, "output_format", out->output, sizeof(out->output));
        copy_field(p, "language", out->language, sizeof(out->language));
    }
out:
    if (root)
        json_delete_wiped(root);
    if (data)
        wipe_mem(data, len);
    free(data);
}
