/* names — see names.h. */
#include "config.h"

#include "core/names.h"

#include <string.h>

static bool names_lower_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool names_alnum(char c)
{
    return names_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

bool names_service_ok(const char *s)
{
    size_t len = s ? strlen(s) : 0;

    if (len == 0 || len > NAMES_SERVICE_MAX || !strchr(s, '.'))
        return false;
    for (; *s; s++)
        if (!(names_lower_alnum(*s) || *s == '.' || *s == '-'))
            return false;
    return true;
}

bool names_role_ok(const char *s)
{
    size_t len = s ? strlen(s) : 0;

    if (len == 0 || len > NAMES_ROLE_MAX || strcmp(s, ".") == 0 ||
        strcmp(s, "..") == 0)
        return false;
    for (; *s; s++)
        if (!(names_alnum(*s) || *s == '.' || *s == '-' || *s == '_'))
            return false;
    return true;
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
