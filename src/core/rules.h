/* rules — what Alibaba Cloud accepts in CreateServiceLinkedRole.
 *
 * Pure checks of the optional CustomSuffix and Description against the
 * documented rules (letters, digits, "." and "-" in the suffix; the full
 * role name "<RoleName>_<Suffix>" at most 64 characters; a Description of
 * 1 to 1024 characters).  The result is a list of problems, each tied to a
 * field and a position, so the form can show them under the field as the
 * user types and the subcommands can refuse before anything is sent. */
#ifndef LINKROLE_RULES_H
#define LINKROLE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RULES_ROLE_NAME_MAX 64
#define RULES_DESCRIPTION_MAX 1024
#define RULES_MAX_PROBLEMS 8

enum rules_field {
    RULES_SUFFIX,
    RULES_DESCRIPTION
};

/* What is wrong; app/ words it (rules_text in app/slr.h). */
enum rules_kind {
    RULES_BAD_CHAR,         /* a character the field does not allow */
    RULES_NAME_TOO_LONG,    /* <RoleName>_<Suffix> over 64 characters */
    RULES_SUFFIX_TOO_LONG,  /* no role name known: the suffix alone */
    RULES_NOT_UTF8,         /* a byte that is not UTF-8 */
    RULES_TOO_LONG,         /* the description over 1024 characters */
    RULES_NOT_ACCEPTED      /* the service takes no suffix at all (added
                             * by app/, which knows the service) */
};

/* offset and index count from 0; the character is the one at offset. */
struct rules_problem {
    enum rules_field field;
    enum rules_kind kind;
    size_t offset;              /* byte offset in the field's text */
    size_t index;               /* character index (code points) */
    uint32_t cp;                /* the character, when valid */
    bool valid;                 /* false: not UTF-8, byte holds it */
    unsigned char byte;
};

/* Each kind of problem is reported once, at its first occurrence: for the
 * suffix, the first character not allowed and the first one past the
 * length limit; for the description, the first invalid UTF-8 byte, the
 * first control character and the first character past 1024.  Within a
 * field, problems are in order of position. */
struct rules_report {
    struct rules_problem problems[RULES_MAX_PROBLEMS];
    size_t count;
    const char *role_name;    /* as given to rules_check (may be NULL) */
    size_t suffix_chars;      /* characters in the suffix */
    size_t role_name_len;     /* characters of the resulting role name */
    size_t description_chars; /* characters in the description */
};

/* Checks suffix and description for a role whose preset name is
 * role_name.  NULL or "" means "not given" for either field.  role_name
 * may be NULL when the service is not in the catalogue: then the suffix
 * alone is checked against 64 - 1 (for the "_") and role_name_len is 0.
 * Always fills report; returns report->count. */
size_t rules_check(const char *role_name, const char *suffix,
                   const char *description, struct rules_report *report);

/* The field's name as the API spells it: "CustomSuffix" or
 * "Description". */
const char *rules_field_name(enum rules_field field);

/* Adds a problem unless the report is full; returns it, or NULL. */
struct rules_problem *rules_add(struct rules_report *r,
                                enum rules_field field,
                                enum rules_kind kind);

#endif
