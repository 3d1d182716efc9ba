/* ini — the INI text of Alibaba's SDK credentials file.
 *
 * "[section]" lines and "key = value" lines, "#" and ";" comments, blank
 * lines, CRLF and a UTF-8 BOM, as the SDKs read them.  Parsed from memory
 * with bounded line length and entry count; a failure is a code and a
 * 1-based line number for the caller to word.  Values may be secrets, so
 * they are wiped when freed. */
#ifndef LINKROLE_INI_H
#define LINKROLE_INI_H

#include <stdbool.h>
#include <stddef.h>

/* Longest line, in bytes (without its "\n"). */
#define INI_LINE_MAX 16384u
/* Most entries: sections and keys together. */
#define INI_ENTRIES_MAX 4096u

enum ini_status {
    INI_OK = 0,
    INI_NOMEM,
    INI_LINE_TOO_LONG,      /* limit: INI_LINE_MAX */
    INI_NUL,                /* a NUL byte in the line */
    INI_TOO_MANY,           /* limit: INI_ENTRIES_MAX */
    INI_UNCLOSED,           /* "[name" without its "]" */
    INI_EMPTY_SECTION,      /* "[]" or "[ ]" */
    INI_NOT_KEY_VALUE,      /* no "=", or nothing before it */
    INI_OUTSIDE_SECTION     /* "key = value" before any [section] */
};

struct ini_error {
    enum ini_status code;
    const char *name;       /* the name given to ini_parse */
    size_t line;            /* 1-based; 0 when not about a line */
    size_t limit;           /* the bound passed, for the *_MAX codes */
};

/* One line that counts: a [section] (key NULL) or a key in it.  Names
 * and values are trimmed of blanks and kept otherwise verbatim: quotes
 * and a "#" after the value are part of it, as in the SDKs. */
struct ini_entry {
    char *section;
    char *key;
    char *value;
};

struct ini {
    struct ini_entry *items;    /* in file order */
    size_t count, cap;
};

/* Parses len bytes of text (which need not end in NUL or "\n") into ini,
 * which must be empty ({0}).  name is what the text is, for the caller's
 * messages (a path, say); it is only stored in *err.  Returns 0, or -1
 * with *err set and ini left empty. */
int ini_parse(struct ini *ini, const char *name, const char *text,
              size_t len, struct ini_error *err);

/* Wipes the values, frees everything and leaves ini empty. */
void ini_free(struct ini *ini);

/* True when a [section] line names it (repeating one is allowed: its
 * keys add up). */
bool ini_has(const struct ini *ini, const char *section);

/* The last value given to the key in the section (a repeated key
 * overrides), or NULL when absent or empty. */
const char *ini_get(const struct ini *ini, const char *section,
                    const char *key);

#endif
