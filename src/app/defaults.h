/* defaults — linkrole's own defaults file, and the one place where every
 * default is decided.
 *
 * $XDG_CONFIG_HOME/linkrole/config (else ~/.config/linkrole/config) holds
 * "key = value" lines: profile, region, output, signature, language,
 * color (or colour) and escape_delay.  Precedence, for each setting:
 * command line > environment > this file > the aliyun CLI profile
 * (output_format, language) > the built-in default; except the language,
 * where this file comes before the locale's environment variables
 * (command line > this file > LANGUAGE, LC_ALL, LC_MESSAGES, LANG > the
 * aliyun profile > en). */
#ifndef LINKROLE_APP_DEFAULTS_H
#define LINKROLE_APP_DEFAULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/options.h"
#include "core/buf.h"

/* Largest config file read, in bytes. */
#define DEFAULTS_FILE_MAX (64u * 1024u)

/* One level's values; -1 (or "") means "this level does not say". */
struct defaults_values {
    char profile[128];
    char region[64];
    int output;          /* enum output_format, or -1 */
    int signature;       /* 3 or 1, or -1 */
    int lang;            /* enum lang, or -1 */
    int color;           /* 0: never, 1: auto, or -1 */
    long escape_delay;   /* milliseconds, or -1 */
};

void defaults_values_clear(struct defaults_values *v);

/* Parses the text of a config file called name.  An unknown key is a
 * warning added to warn (one line each); a syntax error or a bad value
 * is -1 with err set to "name:line: ..." naming the key and the values
 * it takes. */
int defaults_parse(struct defaults_values *v, const char *name,
                 const char *text, size_t len, struct buf *warn,
                 struct buf *err);

/* What the environment says: ALIBABA_CLOUD_PROFILE, ALIBABA_CLOUD_REGION_ID
 * (and their aliases), NO_COLOR, LANGUAGE / LC_ALL / LC_MESSAGES / LANG
 * (a C or POSIX locale says nothing), ESCDELAY. */
void defaults_from_env(struct defaults_values *v);

/* Fills what the command line did not give (o->given) from env, then
 * file, then aliyun, else the built-in default.  Pure: sets only *o and
 * *escape_delay (-1: leave curses' own). */
void defaults_decide(struct options *o, const struct defaults_values *env,
                   const struct defaults_values *file,
                   const struct defaults_values *aliyun, long *escape_delay);

/* The whole thing, called once by main after the command line is
 * parsed: reads the file (path: defaults_path) and the aliyun profile,
 * decides, sets ESCDELAY for the UI.  Warnings are reported; 0, or -1
 * with err set (exit 2). */
int defaults_load(struct options *o, struct buf *err);

/* Where the config file is: "" when neither XDG_CONFIG_HOME (absolute)
 * nor HOME is set. */
void defaults_path(char *out, size_t size);

#endif
