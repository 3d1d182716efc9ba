/* rules — see rules.h. */
#include "config.h"

#include "core/rules.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/text.h"

struct rules_problem *rules_add(struct rules_report *r,
                                enum rules_field field,
                                enum rules_kind kind)
{
    struct rules_problem *p;

    if (r->count >= RULES_MAX_PROBLEMS)
        return NULL;
    p = &r->problems[r->count++];
    memset(p, 0, sizeof(*p));
    p->field = field;
    p->kind = kind;
    return p;
}

/* A problem at s + off (character index index), remembering the
 * character there. */
static void rules_add_at(struct rules_report *r, enum rules_field field,
                         enum rules_kind kind, const char *s, size_t len,
                         size_t off, size_t index)
{
    struct rules_problem *p = rules_add(r, field, kind);

    if (!p)
        return;
    p->offset = off;
    p->index = index;
    text_decode(s + off, len - off, &p->cp, &p->valid);
    p->byte = (unsigned char)s[off];
}

static bool rules_suffix_char_ok(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= '0' && cp <= '9') || cp == '.' || cp == '-';
}

static void rules_check_suffix(const char *role_name, const char *suffix,
                               struct rules_report *r)
{
    size_t len = strlen(suffix), chars = text_chars(suffix, len);
    size_t base = 0, limit, off, index, n;
    bool bad_seen = false, ok;
    uint32_t cp;

    r->suffix_chars = chars;
    if (role_name) {
        base = text_chars(role_name, strlen(role_name));
        r->role_name_len = base + 1 + chars;
    }
    /* Without a role name, the suffix alone and its "_" must fit. */
    limit = base + 1 < RULES_ROLE_NAME_MAX ? RULES_ROLE_NAME_MAX - 1 - base
                                           : 0;
    for (off = 0, index = 0; off < len; off += n, index++) {
        n = text_decode(suffix + off, len - off, &cp, &ok);
        if (!bad_seen && !(ok && rules_suffix_char_ok(cp))) {
            rules_add_at(r, RULES_SUFFIX, RULES_BAD_CHAR, suffix, len, off,
                         index);
            bad_seen = true;
        }
        /* Point at the first character past the limit, so the form can
         * mark what has to go. */
        if (index == limit)
            rules_add_at(r, RULES_SUFFIX,
                         role_name ? RULES_NAME_TOO_LONG
                                   : RULES_SUFFIX_TOO_LONG,
                         suffix, len, off, index);
    }
}

static void rules_check_description(const char *desc,
                                    struct rules_report *r)
{
    size_t len = strlen(desc), off, index, n;
    bool bad_seen = false, control_seen = false, ok;
    uint32_t cp;

    r->description_chars = text_chars(desc, len);
    for (off = 0, index = 0; off < len; off += n, index++) {
        n = text_decode(desc + off, len - off, &cp, &ok);
        if (!ok && !bad_seen) {
            rules_add_at(r, RULES_DESCRIPTION, RULES_NOT_UTF8, desc, len,
                         off, index);
            bad_seen = true;
        } else if (ok && text_is_control(cp) && !control_seen) {
            rules_add_at(r, RULES_DESCRIPTION, RULES_BAD_CHAR, desc, len,
                         off, index);
            control_seen = true;
        }
        if (index == RULES_DESCRIPTION_MAX)
            rules_add_at(r, RULES_DESCRIPTION, RULES_TOO_LONG, desc, len,
                         off, index);
    }
}

size_t rules_check(const char *role_name, const char *suffix,
                   const char *description, struct rules_report *report)
{
    memset(report, 0, sizeof *report);
    report->role_name = role_name;
    if (role_name)
        report->role_name_len = text_chars(role_name, strlen(role_name));
    if (suffix && *suffix)
        rules_check_suffix(role_name, suffix, report);
    if (description && *description)
        rules_check_description(description, report);
    return report->count;
}

const char *rules_field_name(enum rules_field field)
{
    switch (field) {
    case RULES_SUFFIX:
        return "CustomSuffix";
    case RULES_DESCRIPTION:
        return "Description";
    }
    return "?";
}
