/* creds_names — the profile names of the aliyun CLI's config.json and of
 * the SDKs' credentials INI file, for completion (see creds.h). */
#include "config.h"

#include "cloud/creds_impl.h"

#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/json.h"
#include "core/wipe.h"

#define NAMES_FILE_MAX (1024 * 1024)

/* A name shown to a shell: letters, digits, ".", "-", "_", "@" only. */
static bool plain_name(const char *s, size_t n)
{
    if (n == 0 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789.-_@", s[i]) || s[i] == '\0')
            return false;
    return true;
}

static char *read_whole(const char *path, size_t *len)
{
    char *data = NULL;

    if (!path || file_read(path, NAMES_FILE_MAX, &data, len, NULL, NULL) !=
                     FILE_READ_OK)
        return NULL;
    return data;
}

static void free_wiped(char *data, size_t len)
{
    if (data) {
        wipe_mem(data, len);
        free(data);
    }
}

static void config_names(const char *path, struct buf *out)
{
    size_t len = 0;
    char *text = read_whole(path, &len);
    cJSON *root, *profiles, *it;

    if (!text)
        return;
    root = json_parse(text, len, NULL);
    free_wiped(text, len);
    if (!root)
        return;
    profiles = cJSON_GetObjectItemCaseSensitive(root, "profiles");
    if (!cJSON_IsArray(profiles)) {
        json_delete_wiped(root);
        return;
    }
    cJSON_ArrayForEach(it, profiles) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");

        if (cJSON_IsString(name) &&
            plain_name(name->valuestring, strlen(name->valuestring)))
            buf_printf(out, "%s\n", name->valuestring);
    }
    json_delete_wiped(root);
}

static void ini_names(const char *path, struct buf *out)
{
    size_t len = 0;
    char *text = read_whole(path, &len);

    if (!text)
        return;
    for (char *line = text; line && *line;) {
        char *end = strchr(line, '\n'), *close;

        if (end)
            *end = '\0';
        while (*line == ' ' || *line == '\t')
            line++;
        if (*line == '[' && (close = strchr(line, ']')) &&
            plain_name(line + 1, (size_t)(close - line - 1)))
            buf_printf(out, "%.*s\n", (int)(close - line - 1), line + 1);
        line = end ? end + 1 : NULL;
    }
    free_wiped(text, len);
}

void creds_profile_names(struct buf *out)
{
    const char *home = creds_env("HOME"), *cfg, *ini;
    char *cfg_path, *ini_path;

    cfg = creds_env("ALIBABA_CLOUD_CONFIG_FILE");
    ini = creds_env("ALIBABA_CLOUD_CREDENTIALS_FILE");
    cfg_path = cfg ? strdup(cfg)
                   : home ? creds_concat(home, "/.aliyun/config.json") : NULL;
    ini_path = ini ? strdup(ini)
                   : home ? creds_concat(home, "/.alibabacloud/credentials")
                          : NULL;
    config_names(cfg_path, out);
    ini_names(ini_path, out);
    free(cfg_path);
    free(ini_path);
}
