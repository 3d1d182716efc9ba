/* rules — see rules.h. */
#include "config.h"

#include "core/rules.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

/* Room for a message before it is cut to RULES_MESSAGE_MAX. */
#define RULES_SCRATCH 256

/* Room for how a character is shown, e.g. "byte 0xFF, not UTF-8". */
#define RULES_SHOW_MAX 32

/* Adds a problem unless the report is full.  The message is formatted
 * from parts already made printable, then cut at a character boundary. */
static void rules_add(struct rules_report *r, enum rules_field field,
                      size_t offset, size_t index, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void rules_add(struct rules_report *r, enum rules_field field,
                      size_t offset, size_t index, const char *fmt, ...)
{
    char scratch[RULES_SCRATCH];
    struct rules_problem *p;
    va_list ap;
    size_t n;
    int rc;

    if (r->count >= RULES_MAX_PROBLEMS)
        return;
    va_start(ap, fmt);
    rc = vsnprintf(scratch, sizeof scratch, fmt, ap);
    va_end(ap);
    if (rc < 0)
        scratch[0] = '\0';
    n = strlen(scratch);
    if (n > RULES_MESSAGE_MAX - 1) {
        n = RULES_MESSAGE_MAX - 1;
        /* Step back over continuation bytes so no character is split. */
        while (n > 0 && ((unsigned char)scratch[n] & 0xC0) == 0x80)
            n--;
    }
    p = &r->problems[r->count++];
    p->field = field;
    p->offset = offset;
    p->index = index;
    memcpy(p->message, scratch, n);
    p->message[n] = '\0';
}

/* Shows the character at s in a message without ever copying a raw
 * control, non-ASCII or invalid byte into it. */
static void rules_show_char(char *dst, size_t size, const char *s,
                            size_t len)
{
    uint32_t cp;
    bool ok;

    text_decode(s, len, &cp, &ok);
    if (!ok)
        snprintf(dst, size, "byte 0x%02X, not UTF-8", (unsigned char)s[0]);
    else if (cp == ' ')
        snprintf(dst, size, "space");
    else if (cp == '"')
        snprintf(dst, size, "'\"'");
    else if (cp > 0x20 && cp < 0x7F)
        snprintf(dst, size, "\"%c\"", (char)cp);
    else if (cp == '\t')
        snprintf(dst, size, "tab, U+0009");
    else if (cp == '\n')
        snprintf(dst, size, "line break, U+000A");
    else if (cp == '\r')
        snprintf(dst, size, "carriage return, U+000D");
    else if (cp == 0x1B)
        snprintf(dst, size, "escape, U+001B");
    else
        snprintf(dst, size, "U+%04lX", (unsigned long)cp);
}

static bool rules_suffix_char_ok(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= '0' && cp <= '9') || cp == '.' || cp == '-';
}

/* Catalogue names are trusted to be plain ASCII, but a message must stay
 * printable even if one is not. */
static bool rules_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
            return false;
    return true;
}

static void rules_add_suffix_length(struct rules_report *r,
                                    const char *role_name, size_t base,
                                    size_t chars, size_t offset,
                                    size_t index)
{
    const size_t max = RULES_ROLE_NAME_MAX;
    size_t total = base + 1 + chars;
    char probe[RULES_SCRATCH];
    int n;

    if (!role_name) {
        rules_add(r, RULES_SUFFIX, offset, index,
                  "too long: %zu characters; a suffix can have at most %zu",
                  chars, max - 1);
        return;
    }
    n = -1;
    if (rules_printable(role_name))
        n = snprintf(probe, sizeof probe,
                     "role name would be %zu characters (%s_ + %zu); "
                     "the limit is %zu", total, role_name, chars, max);
    /* A long preset name would push the limit out of the message; the
     * numbers alone say the same. */
    if (n < 0 || (size_t)n >= RULES_MESSAGE_MAX)
        rules_add(r, RULES_SUFFIX, offset, index,
                  "role name would be %zu characters (%zu + \"_\" + %zu); "
                  "the limit is %zu", total, base, chars, max);
    else
        rules_add(r, RULES_SUFFIX, offset, index, "%s", probe);
}

static void rules_check_suffix(const char *role_name, const char *suffix,
                               struct rules_report *r)
{
    size_t len = strlen(suffix), chars = text_chars(suffix, len);
    size_t base = 0, limit, off, index, n;
    char shown[RULES_SHOW_MAX];
    bool bad_seen = false, ok;
    uint32_t cp;

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
            rules_show_char(shown, sizeof shown, suffix + off, len - off);
            rules_add(r, RULES_SUFFIX, off, index,
                      "character %zu (%s) is not allowed: use letters, "
                      "digits, \".\" or \"-\"", index + 1, shown);
            bad_seen = true;
        }
        /* Point at the first character past the limit, so the form can
         * mark what has to go. */
        if (index == limit)
            rules_add_suffix_length(r, role_name, base, chars, off, index);
    }
}

static void rules_check_description(const char *desc,
                                    struct rules_report *r)
{
    size_t len = strlen(desc), off, index, n;
    bool bad_seen = false, control_seen = false, ok;
    char shown[RULES_SHOW_MAX];
    uint32_t cp;

    r->description_chars = text_chars(desc, len);
    for (off = 0, index = 0; off < len; off += n, index++) {
        n = text_decode(desc + off, len - off, &cp, &ok);
        if (!ok && !bad_seen) {
            rules_add(r, RULES_DESCRIPTION, off, index,
                      "not valid UTF-8 at byte offset %zu (0x%02X)", off,
                      (unsigned char)desc[off]);
            bad_seen = true;
        } else if (ok && text_is_control(cp) && !control_seen) {
            rules_show_char(shown, sizeof shown, desc + off, len - off);
            rules_add(r, RULES_DESCRIPTION, off, index,
                      "character %zu (%s) is not allowed: no control "
                      "characters", index + 1, shown);
            control_seen = true;
        }
        if (index == RULES_DESCRIPTION_MAX)
            rules_add(r, RULES_DESCRIPTION, off, index,
                      "too long: %zu characters; the limit is %d",
                      r->description_chars, RULES_DESCRIPTION_MAX);
    }
}

size_t rules_check(const char *role_name, const char *suffix,
                   const char *description, struct rules_report *report)
{
    memset(report, 0, sizeof *report);
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
