/* names — see names.h. */
#include "config.h"

#include "core/names.h"

#include <string.h>

enum {
    NC_LOWER = 1,       /* a-z 0-9 */
    NC_UPPER = 2,       /* A-Z */
    NC_DOT = 4,
    NC_DASH = 8,
    NC_UNDERSCORE = 16
};

#define NC1(c, k) [c] = k
#define NC10(c, k) NC1(c, k), NC1(c + 1, k), NC1(c + 2, k), NC1(c + 3, k),   \
    NC1(c + 4, k), NC1(c + 5, k), NC1(c + 6, k), NC1(c + 7, k),              \
    NC1(c + 8, k), NC1(c + 9, k)
#define NC26(c, k) NC10(c, k), NC10(c + 10, k), NC1(c + 20, k),             \
    NC1(c + 21, k), NC1(c + 22, k), NC1(c + 23, k), NC1(c + 24, k),         \
    NC1(c + 25, k)
/* What each byte may be in a name: one look-up a byte. */
static const unsigned char name_class[256] = {
    NC10('0', NC_LOWER), NC26('a', NC_LOWER), NC26('A', NC_UPPER),
    NC1('.', NC_DOT), NC1('-', NC_DASH), NC1('_', NC_UNDERSCORE)
};
#undef NC26
#undef NC10
#undef NC1

static bool names_alnum(char c)
{
    return name_class[(unsigned char)c] & (NC_LOWER | NC_UPPER);
}

/* One pass each, no branch a byte: every entry of a catalogue of
 * 100,000 services has both names checked before the picker's first
 * frame. */
bool names_service_okn(const char *s, size_t len)
{
    unsigned seen = 0, bad = 0;

    if (len == 0 || len > NAMES_SERVICE_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned k = name_class[(unsigned char)s[i]];

        seen |= k;
        bad |= !(k & (NC_LOWER | NC_DOT | NC_DASH));
    }
    return !bad && (seen & NC_DOT);
}

bool names_service_ok(const char *s)
{
    return s && names_service_okn(s, strnlen(s, NAMES_SERVICE_MAX + 1));
}

bool names_role_okn(const char *s, size_t len)
{
    unsigned bad = 0;

    if (len == 0 || len > NAMES_ROLE_MAX ||
        (s[0] == '.' && (len == 1 || (len == 2 && s[1] == '.'))))
        return false;
    for (size_t i = 0; i < len; i++)
        bad |= !name_class[(unsigned char)s[i]];
    return !bad;
}

bool names_role_ok(const char *s)
{
    return s && names_role_okn(s, strnlen(s, NAMES_ROLE_MAX + 1));
}

bool names_region_ok(const char *s)
{
    size_t len = s ? strlen(s) : 0;

    if (len == 0 || len > NAMES_REGION_MAX)
        return false;
    for (; *s; s++)
        if (!(names_alnum(*s) || *s == '-'))
            return false;
    return true;
}

int names_region_lower(char *out, size_t size, const char *region)
{
    size_t len = region ? strlen(region) : 0;

    if (size == 0)
        return -1;
    out[0] = '\0';
    if (!names_region_ok(region) || len >= size)
        return -1;
    for (size_t i = 0; i <= len; i++)
        out[i] = (char)(region[i] >= 'A' && region[i] <= 'Z'
                            ? region[i] - 'A' + 'a' : region[i]);
    return 0;
}
