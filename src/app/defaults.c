/* defaults — see config.h. */
#include "config.h"

#include "app/defaults.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/i18n.h"
#include "app/report.h"
#include "cloud/creds.h"
#include "cloud/creds_prefs.h"
#include "core/file.h"
#include "core/names.h"

#define ESCAPE_DELAY_MAX 10000L

void defaults_values_clear(struct defaults_values *v)
{
    memset(v, 0, sizeof(*v));
    v->output = v->signature = v->lang = v->color = -1;
    v->escape_delay = -1;
}

static int parse_output(const char *s)
{
    if (strcmp(s, "text") == 0)
        return OUTPUT_TEXT;
    if (strcmp(s, "json") == 0)
        return OUTPUT_JSON;
    return -1;
}

static int parse_color(const char *s)
{
    if (!strcmp(s, "never") || !strcmp(s, "no") || !strcmp(s, "false"))
        return 0;
    if (!strcmp(s, "auto") || !strcmp(s, "always") || !strcmp(s, "yes") ||
        !strcmp(s, "true"))
        return 1;
    return -1;
}

static char *trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* One "key = value": 0, 1 for an unknown key, -1 with err set. */
static int set_key(struct defaults_values *v, const char *where,
                   const char *key, const char *val, struct buf *err)
{
    char *end = NULL;
    long n;

    if (strcmp(key, "profile") == 0) {
        if (!*val || strlen(val) >= sizeof(v->profile))
            goto bad_profile;
        strcpy(v->profile, val);
    } else if (strcmp(key, "region") == 0) {
        if (!names_region_ok(val) || strlen(val) >= sizeof(v->region)) {
            buf_printf(err, _("%s: region takes a region id such as "
                              "cn-hangzhou, not '%s'"), where, val);
            return -1;
        }
        strcpy(v->region, val);
    } else if (strcmp(key, "output") == 0) {
        if ((v->output = parse_output(val)) < 0) {
            buf_printf(err, _("%s: output takes text or json, not '%s'"),
                       where, val);
            return -1;
        }
    } else if (strcmp(key, "signature") == 0) {
        if (!strcmp(val, "v3") || !strcmp(val, "3")) {
            v->signature = 3;
        } else if (!strcmp(val, "v1") || !strcmp(val, "1")) {
            v->signature = 1;
        } else {
            buf_printf(err, _("%s: signature takes v3 or v1, not '%s'"),
                       where, val);
            return -1;
        }
    } else if (strcmp(key, "language") == 0) {
        if ((v->lang = i18n_parse_lang(val)) < 0) {
            buf_printf(err, _("%s: language takes en, zh_CN or zh_TW, not '%s'"),
                       where, val);
            return -1;
        }
    } else if (strcmp(key, "color") == 0 || strcmp(key, "colour") == 0) {
        if ((v->color = parse_color(val)) < 0) {
            buf_printf(err, _("%s: %s takes auto, always or never, not "
                              "'%s'"), where, key, val);
            return -1;
        }
    } else if (strcmp(key, "escape_delay") == 0) {
        errno = 0;
        n = strtol(val, &end, 10);
        if (!*val || *end || errno || n < 0 || n > ESCAPE_DELAY_MAX) {
            buf_printf(err, _("%s: escape_delay takes milliseconds, 0 to "
                              "%ld, not '%s'"), where, ESCAPE_DELAY_MAX, val);
            return -1;
        }
        v->escape_delay = n;
    } else {
        return 1;
    }
    return 0;
bad_profile:
    buf_printf(err, _("%s: profile takes a profile name (at most %zu "
                      "bytes), not '%s'"), where, sizeof(v->profile) - 1,
               val);
    return -1;
}

int defaults_parse(struct defaults_values *v, const char *name,
                 const char *text, size_t len, struct buf *warn,
                 struct buf *err)
{
    char line[1024], where[4200];
    size_t lineno = 0, pos = 0;

    defaults_values_clear(v);
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        char *s, *eq, *key, *val;
        int rc;

        lineno++;
        snprintf(where, sizeof(where), "%s:%zu", name, lineno);
        if (n >= sizeof(line) || memchr(text + pos, '\0', n)) {
            if (n >= sizeof(line))
                buf_printf(err, _("%s: line longer than %zu bytes"), where,
                           sizeof(line) - 1);
            else
                buf_printf(err, _("%s: a NUL byte in the line"), where);
            return -1;
        }
        memcpy(line, text + pos, n);
        line[n] = '\0';
        pos += n + 1;
        s = trim(line);
        if (!*s || *s == '#' || *s == ';')
            continue;
        eq = strchr(s, '=');
        if (*s == '[' || !eq || eq == s) {
            buf_printf(err, _("%s: expected 'key = value' (keys: profile, "
                              "region, output, signature, language, color, "
                              "escape_delay)"), where);
            return -1;
        }
        *eq = '\0';
        key = trim(s);
        val = eq + 1;
        /* A comment may follow the value after a blank. */
        for (char *c = val; *c; c++)
            if ((*c == '#' || *c == ';') && c > val &&
                (c[-1] == ' ' || c[-1] == '\t')) {
                *c = '\0';
                break;
            }
        val = trim(val);
        rc = set_key(v, where, key, val, err);
        if (rc < 0)
            return -1;
        if (rc > 0)
            buf_printf(warn, _("%s: unknown key '%s' ignored\n"), where, key);
    }
    return 0;
}

void defaults_from_env(struct defaults_values *v)
{
    const char *s;

    defaults_values_clear(v);
    s = creds_env_pick(CREDS_VAR_PROFILE, NULL);
    if (s && strlen(s) < sizeof(v->profile))
        strcpy(v->profile, s);
    s = creds_env_pick(CREDS_VAR_REGION, NULL);
    if (s && strlen(s) < sizeof(v->region))
        strcpy(v->region, s);
    s = getenv("NO_COLOR");
    if (s && *s)
        v->color = 0;
    v->lang = i18n_lang_from_env();
    s = getenv("ESCDELAY");
    if (s && *s)
        v->escape_delay = strtol(s, NULL, 10);
}

void defaults_decide(struct options *o, const struct defaults_values *env,
                   const struct defaults_values *file,
                   const struct defaults_values *aliyun, long *escape_delay)
{
    const struct defaults_values *lv[3] = { env, file, aliyun };

    *escape_delay = -1;
    for (int i = 2; i >= 0; i--) {
        const struct defaults_values *v = lv[i];

        if (!v)
            continue;
        /* The environment's profile and region stay where the session
         * and the credential chain read them. */
        if (i > 0 && *v->profile && !(o->given & OPTIONS_GIVEN_PROFILE) &&
            !*env->profile)
            o->profile = v->profile;
        if (i > 0 && *v->region && !(o->given & OPTIONS_GIVEN_REGION) &&
            !*env->region)
            o->region = v->region;
        if (v->output >= 0 && !(o->given & OPTIONS_GIVEN_OUTPUT))
            o->output = (enum output_format)v->output;
        if (v->signature > 0 && !(o->given & OPTIONS_GIVEN_SIGNATURE))
            o->signature = v->signature;
        if (v->color >= 0 && !(o->given & OPTIONS_GIVEN_COLOR))
            o->no_color = v->color == 0;
        if (i == 1 && v->escape_delay >= 0 && env->escape_delay < 0)
            *escape_delay = v->escape_delay;
    }
    /* The language is the one setting where linkrole's config file comes
     * before the environment: the locale is the system's general choice,
     * `language` in linkrole's file a deliberate one.  The aliyun
     * profile's comes last, as `aliyun configure` writes "en" unasked. */
    if (!(o->given & OPTIONS_GIVEN_LANG)) {
        if (file && file->lang >= 0)
            o->lang = (enum lang)file->lang;
        else if (env && env->lang >= 0)
            o->lang = (enum lang)env->lang;
        else if (aliyun && aliyun->lang >= 0)
            o->lang = (enum lang)aliyun->lang;
    }
}

void defaults_path(char *out, size_t size)
{
    const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

    if (x && x[0] == '/')
        snprintf(out, size, "%s/linkrole/config", x);
    else if (home && *home)
        snprintf(out, size, "%s/.config/linkrole/config", home);
    else if (size)
        out[0] = '\0';
}

static int read_file(const char *path, struct defaults_values *v,
                     struct buf *err)
{
    struct buf warn;
    char *data = NULL;
    size_t len = 0;
    int errnum = 0, rc = -1;

    switch (file_read_nofollow(path, DEFAULTS_FILE_MAX, &data, &len, NULL,
                               &errnum)) {
    case FILE_READ_OK:
        break;
    case FILE_ABSENT:
        return 0;
    case FILE_NOT_REGULAR:
        buf_printf(err, errnum == ELOOP
                            ? _("%s: a symbolic link; linkrole reads its "
                                "config file only where it is (copy the "
                                "file there)")
                            : _("%s: not a regular file (a directory, FIFO "
                                "or device)"), path);
        return -1;
    case FILE_TOO_BIG:
        buf_printf(err, _("%s: larger than %u bytes: not a config file"),
                   path, DEFAULTS_FILE_MAX);
        return -1;
    case FILE_NOMEM:
        buf_printf(err, _("out of memory"));
        return -1;
    default:
        buf_printf(err, _("%s: cannot read it: %s"), path, strerror(errnum));
        return -1;
    }
    buf_init(&warn, 65536);
    rc = defaults_parse(v, path, data, len, &warn, err);
    if (buf_len(&warn)) {
        const char *l = buf_str(&warn), *nl;

        for (; (nl = strchr(l, '\n')) != NULL; l = nl + 1)
            report_error(_("warning: %.*s"), (int)(nl - l), l);
    }
    buf_free(&warn);
    free(data);
    return rc;
}

int defaults_load(struct options *o, struct buf *err)
{
    static struct defaults_values file;
    static char delay[32];
    struct defaults_values env, aliyun;
    struct creds_prefs prefs;
    char path[4200];
    long escape_delay;

    defaults_values_clear(&file);
    defaults_from_env(&env);
    defaults_path(path, sizeof(path));
    if (*path && read_file(path, &file, err))
        return -1;
    defaults_values_clear(&aliyun);
    creds_prefs_read(o->profile ? o->profile
                     : *env.profile ? env.profile
                     : *file.profile ? file.profile : NULL, &prefs);
    aliyun.output = parse_output(prefs.output);
    aliyun.lang = i18n_parse_lang(prefs.language);
    defaults_decide(o, &env, &file, &aliyun, &escape_delay);
    if (escape_delay >= 0) {
        snprintf(delay, sizeof(delay), "%ld", escape_delay);
        setenv("ESCDELAY", delay, 1);
    }
    return 0;
}
