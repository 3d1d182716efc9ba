/* limits — see limits.h.
 *
 * UTF-8 is decoded here by value (RFC 3629: a lead byte says how many
 * bytes follow, the code point must need that many, and surrogates and
 * anything past U+10FFFF are not characters) rather than by the table of
 * byte ranges core/text uses, so that the two are not one mistake. */
#include "config.h"

#include "sim/limits.h"

#include <stdint.h>
#include <string.h>

#define LIMITS_COUNT_DIGITS_MAX 9

/* Bytes of the well-formed sequence at p (1-4), or 0 when none starts
 * there; avail is how many bytes may be looked at. */
static size_t limits_sequence(const unsigned char *p, size_t avail)
{
    /* The smallest code point that needs n bytes: a smaller one written
     * with n is an overlong form. */
    static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    uint32_t cp;
    size_t n;

    if (p[0] < 0x80)
        return 1;
    if ((p[0] & 0xE0) == 0xC0) {
        n = 2;
        cp = p[0] & 0x1Fu;
    } else if ((p[0] & 0xF0) == 0xE0) {
        n = 3;
        cp = p[0] & 0x0Fu;
    } else if ((p[0] & 0xF8) == 0xF0) {
        n = 4;
        cp = p[0] & 0x07u;
    } else {
        return 0;           /* a continuation byte, or F8-FF */
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

size_t limits_chars(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t off = 0, count = 0;

    while (off < len) {
        size_t n = limits_sequence(p + off, len - off);

        /* One byte at a time past a broken sequence, so the character
         * after it is still counted as one. */
        off += n ? n : 1;
        count++;
    }
    return count;
}

/* The characters RAM takes in role names, suffixes and session names
 * (extra: "_" and "@", which suffixes may not use). */
static bool limits_name_char(char c, bool extra)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || c == '.' || c == '-')
        return true;
    return extra && (c == '_' || c == '@');
}

static bool limits_name(const char *s, size_t min, size_t max, bool extra)
{
    size_t n = s ? strlen(s) : 0;

    if (n < min || n > max)
        return false;
    for (; *s; s++)
        if (!limits_name_char(*s, extra))
            return false;
    return true;
}

enum limits_verdict limits_suffix(const char *role_name, const char *suffix)
{
    size_t base;

    if (!suffix || !*suffix)
        return LIMITS_EMPTY;
    for (const char *c = suffix; *c; c++)
        if (!limits_name_char(*c, false))
            return LIMITS_BAD_CHARS;
    base = role_name ? limits_chars(role_name, strlen(role_name)) : 0;
    /* The service joins the two with "_", which counts too.  The suffix
     * is ASCII by now: its bytes are its characters. */
    if (base + 1 + strlen(suffix) > LIMITS_ROLE_NAME_MAX)
        return LIMITS_TOO_LONG;
    return LIMITS_OK;
}

enum limits_verdict limits_description(const char *description)
{
    if (!description || !*description)
        return LIMITS_EMPTY;
    if (limits_chars(description, strlen(description)) >
        LIMITS_DESCRIPTION_MAX)
        return LIMITS_TOO_LONG;
    return LIMITS_OK;
}

bool limits_role_name_ok(const char *name)
{
    return limits_name(name, 1, LIMITS_ROLE_NAME_MAX, true);
}

bool limits_session_name_ok(const char *name)
{
    return limits_name(name, LIMITS_SESSION_NAME_MIN,
                       LIMITS_SESSION_NAME_MAX, true);
}

bool limits_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;

    if (n == 0 || n > LIMITS_ID_DIGITS_MAX)
        return false;
    return strspn(id, "0123456789") == n;
}

int limits_role_arn(const char *arn, const char **account,
                    size_t *account_len, const char **name)
{
    static const char prefix[] = "acs:ram::";
    static const char role[] = ":role/";
    const char *acct, *colon;

    if (!arn || strncmp(arn, prefix, sizeof(prefix) - 1) != 0)
        return -1;
    acct = arn + sizeof(prefix) - 1;
    colon = strchr(acct, ':');
    if (!colon || colon == acct ||
        strspn(acct, "0123456789") != (size_t)(colon - acct) ||
        strncmp(colon, role, sizeof(role) - 1) != 0 ||
        !limits_role_name_ok(colon + sizeof(role) - 1))
        return -1;
    *account = acct;
    *account_len = (size_t)(colon - acct);
    *name = colon + sizeof(role) - 1;
    return 0;
}

long limits_count(const char *text, long min, long max)
{
    size_t n = text ? strlen(text) : 0;
    long v = 0;

    if (n == 0 || n > LIMITS_COUNT_DIGITS_MAX ||
        strspn(text, "0123456789") != n)
        return -1;
    for (const char *p = text; *p; p++)
        v = v * 10 + (*p - '0');
    return v >= min && v <= max ? v : -1;
}
