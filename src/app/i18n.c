/* i18n — gettext bound to linkrole's own choice of language. */
#include "config.h"

#include "app/i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static enum lang current = LANG_EN;

static const char *const codes[] = {
    [LANG_EN] = "en", [LANG_ZH_CN] = "zh_CN", [LANG_ZH_TW] = "zh_TW",
};

const char *i18n_lang_code(enum lang lang)
{
    return (unsigned)lang < sizeof(codes) / sizeof(codes[0]) ? codes[lang]
                                                             : "en";
}

/* Whether s[0..n) is word, in any case. */
static int lang_is(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* The language of s[0..n) (a locale name or a tag: its part before '.',
 * '@' or ':'), or -1. */
static int parse_n(const char *s, size_t n)
{
    size_t cut = strcspn(s, ".@:");
    const char *r;                 /* the region or script after "zh_" */
    size_t rn;

    if (cut < n)
        n = cut;
    if (n >= 2 && strncasecmp(s, "en", 2) == 0 &&
        (n == 2 || s[2] == '_' || s[2] == '-'))
        return LANG_EN;
    if (n < 2 || strncasecmp(s, "zh", 2) != 0 ||
        (n > 2 && s[2] != '_' && s[2] != '-'))
        return -1;
    /* Traditional script where it is written: Taiwan, Hong Kong, Macau. */
    rn = n > 3 ? n - 3 : 0;
    r = rn ? s + 3 : s;
    if (lang_is(r, rn, "TW") || lang_is(r, rn, "HK") || lang_is(r, rn, "MO") ||
        lang_is(r, rn, "Hant") || (rn > 5 && strncasecmp(r, "Hant-", 5) == 0))
        return LANG_ZH_TW;
    return LANG_ZH_CN;
}

int i18n_parse_lang(const char *s)
{
    return s && *s ? parse_n(s, strlen(s)) : -1;
}

static int locale_names_one(const char *s)
{
    return s && *s && strcmp(s, "C") && strcmp(s, "POSIX") &&
           strncmp(s, "C.", 2);
}

int i18n_lang_from_env(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    const char *loc = NULL, *s;

    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]) && !loc; i++) {
        s = getenv(vars[i]);
        if (s && *s)
            loc = s;
    }
    /* As gettext decides: a C locale asks for the program's own words
     * (scripts set LC_ALL=C for that), and LANGUAGE is not read then. */
    if (!locale_names_one(loc))
        return -1;
    /* LANGUAGE is a list of preferences: the first one linkrole speaks. */
    s = getenv("LANGUAGE");
    while (s && *s) {
        size_t n = strcspn(s, ":");
        int l = parse_n(s, n);

        if (l >= 0)
            return l;
        s += n + (s[n] == ':');
    }
    return parse_n(loc, strlen(loc));
}

#ifdef ENABLE_NLS
/* gettext's documented way to drop the translations it has cached. */
extern int _nl_msg_cat_cntr;

/* The build tree's catalogues when this program is the one the build made
 * (the README runs ./linkrole uninstalled), else the installed ones. */
static const char *locale_dir(void)
{
#ifdef LINKROLE_BUILD_DIR
    static char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    size_t b = strlen(LINKROLE_BUILD_DIR);

    if (n > 0 && (size_t)n > b && strncmp(exe, LINKROLE_BUILD_DIR, b) == 0 &&
        exe[b] == '/' && !strchr(exe + b + 1, '/'))
        return LINKROLE_BUILD_DIR "/locale";
#endif
    return LOCALEDIR;
}
#endif

void i18n_init(void)
{
    int l;

    /* The catalogue and the cloud speak UTF-8 whatever the locale says;
     * measuring text needs a UTF-8 LC_CTYPE, and a system without the
     * user's locale still gets one.  Only the two categories used are
     * loaded (numbers and dates are written as the cloud writes them):
     * all of them cost every command a dozen files, 0.1 ms. */
    if (!setlocale(LC_CTYPE, "") ||
        strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    (void)setlocale(LC_MESSAGES, "");
#ifdef ENABLE_NLS
    bindtextdomain(PACKAGE, locale_dir());
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
#endif
    l = i18n_lang_from_env();
    i18n_use(l >= 0 ? (enum lang)l : LANG_EN);
}

void i18n_use(enum lang lang)
{
    current = lang;
#ifdef ENABLE_NLS
    /* gettext reads LANGUAGE only when LC_MESSAGES is not the C locale. */
    {
        const char *m = setlocale(LC_MESSAGES, NULL);

        if (!locale_names_one(m))
            setlocale(LC_MESSAGES, "C.UTF-8");
    }
    setenv("LANGUAGE", i18n_lang_code(lang), 1);
    ++_nl_msg_cat_cntr;
#endif
}

enum lang i18n_lang(void)
{
    return current;
}
