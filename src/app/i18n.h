/* i18n — the one marker of text meant for people, and the language it is
 * read in.
 *
 * Every sentence a person reads (labels, messages, hints, help) is
 * written inside _() where it is used, or N_() where it is only named
 * (a table of strings translated later, at the point of use), and plural
 * sentences go through _n(singular, plural, n).  xgettext finds them by
 * these names (po/Makevars).  Only app/, cli/, tui/ and main.c word
 * things: core/ and cloud/ return codes and fields.
 *
 * The language is linkrole's own decision (--lang, the config file, the
 * locale), made once at start and changed live by the TUI: i18n_use()
 * points gettext at it whatever locales the system has installed. */
#ifndef LINKROLE_I18N_H
#define LINKROLE_I18N_H

#include "app/options.h"

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define _n(singular, plural, n) ngettext(singular, plural, n)
#else
#define _(s) (s)
#define _n(singular, plural, n) ((n) == 1 ? (singular) : (plural))
#endif
#define N_(s) s

/* Sets the locale (a UTF-8 LC_CTYPE even when the system lacks the
 * user's locale), binds the message catalogues (the build tree's when
 * the program runs from it) and reads the language the environment
 * asks for. */
void i18n_init(void);

/* Messages are in LANG from now on; text already shown is the caller's
 * to redraw. */
void i18n_use(enum lang lang);
enum lang i18n_lang(void);

/* "en", "zh", "zh_CN", "zh-CN", "zh_TW", "zh-TW", "zh_HK", "zh_Hant"...
 * (any case, with or without ".UTF-8"): the language, or -1. */
int i18n_parse_lang(const char *s);

/* What LANGUAGE, LC_ALL, LC_MESSAGES and LANG ask for: the first of them
 * that names a language linkrole speaks (LANGUAGE is a list), or -1 when
 * none does (unset, C or POSIX, or a language it does not speak). */
int i18n_lang_from_env(void);

/* The code of a language as the user types it: "en", "zh_CN", "zh_TW". */
const char *i18n_lang_code(enum lang lang);

#endif
