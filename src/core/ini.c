/* ini — see ini.h.
 *
 * Lines are read as spans of the caller's text, trimmed and copied out
 * only as entries, so no scratch copy of a secret is left behind. */
#include "config.h"

#include "core/ini.h"

#include <stdlib.h>
#include <string.h>

#include "core/wipe.h"

/* A stretch of the text. */
struct span {
    const char *p;
    size_t len;
};

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static struct span trim(struct span s)
{
    while (s.len > 0 && blank(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len > 0 && blank(s.p[s.len - 1]))
        s.len--;
    return s;
}

static char *span_dup(struct span s)
{
    char *d = malloc(s.len + 1);

    if (!d)
        return NULL;
    memcpy(d, s.p, s.len);
    d[s.len] = '\0';
    return d;
}

void ini_free(struct ini *ini)
{
    for (size_t i = 0; i < ini->count; i++) {
        free(ini->items[i].section);
        free(ini->items[i].key);
        wipe_free(ini->items[i].value);
    }
    free(ini->items);
    memset(ini, 0, sizeof(*ini));
}

/* Appends an entry; key and value are absent for a [section] line.
 * Returns 0, or -1 when out of memory. */
static int ini_add(struct ini *ini, struct span section,
                   const struct span *key, const struct span *value)
{
    struct ini_entry e = { NULL, NULL, NULL };

    if (ini->count == ini->cap) {
        size_t cap = ini->cap ? ini->cap * 2 : 16;
        struct ini_entry *grown = realloc(ini->items, cap * sizeof(*grown));

        if (!grown)
            return -1;
        ini->items = grown;
        ini->cap = cap;
    }
    e.section = span_dup(section);
    if (key)
        e.key = span_dup(*key);
    if (value)
        e.value = span_dup(*value);
    if (!e.section || (key && !e.key) || (value && !e.value)) {
        free(e.section);
        free(e.key);
        wipe_free(e.value);
        return -1;
    }
    ini->items[ini->count++] = e;
    return 0;
}

static int fail(struct ini *ini, struct ini_error *err,
                enum ini_status code, size_t line, size_t limit)
{
    ini_free(ini);
    err->code = code;
    err->line = line;
    err->limit = limit;
    return -1;
}

int ini_parse(struct ini *ini, const char *name, const char *text,
              size_t len, struct ini_error *err)
{
    struct span section = { NULL, 0 };
    size_t pos = 0, lineno = 0;

    memset(err, 0, sizeof(*err));
    err->name = name;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        struct span line = { text + pos, nl ? (size_t)(nl - (text + pos))
                                            : len - pos };
        struct span key, value;
        const char *eq;

        lineno++;
        pos += line.len + (nl ? 1 : 0);
        if (line.len > INI_LINE_MAX)
            return fail(ini, err, INI_LINE_TOO_LONG, lineno, INI_LINE_MAX);
        if (memchr(line.p, '\0', line.len))
            return fail(ini, err, INI_NUL, lineno, 0);
        line = trim(line);
        if (line.len == 0 || line.p[0] == '#' || line.p[0] == ';')
            continue;
        if (ini->count >= INI_ENTRIES_MAX)
            return fail(ini, err, INI_TOO_MANY, lineno, INI_ENTRIES_MAX);
        if (line.p[0] == '[') {
            struct span inner = { line.p + 1, line.len - 1 };

            if (line.len < 2 || line.p[line.len - 1] != ']')
                return fail(ini, err, INI_UNCLOSED, lineno, 0);
            inner.len--;
            section = trim(inner);
            if (section.len == 0)
                return fail(ini, err, INI_EMPTY_SECTION, lineno, 0);
            if (ini_add(ini, section, NULL, NULL))
                return fail(ini, err, INI_NOMEM, lineno, 0);
            continue;
        }
        eq = memchr(line.p, '=', line.len);
        if (!eq)
            return fail(ini, err, INI_NOT_KEY_VALUE, lineno, 0);
        key.p = line.p;
        key.len = (size_t)(eq - line.p);
        key = trim(key);
        value.p = eq + 1;
        value.len = (size_t)(line.p + line.len - value.p);
        value = trim(value);
        if (key.len == 0)
            return fail(ini, err, INI_NOT_KEY_VALUE, lineno, 0);
        if (!section.p)
            return fail(ini, err, INI_OUTSIDE_SECTION, lineno, 0);
        if (ini_add(ini, section, &key, &value))
            return fail(ini, err, INI_NOMEM, lineno, 0);
    }
    return 0;
}

bool ini_has(const struct ini *ini, const char *section)
{
    for (size_t i = 0; i < ini->count; i++)
        if (!ini->items[i].key && strcmp(ini->items[i].section, section) == 0)
            return true;
    return false;
}

const char *ini_get(const struct ini *ini, const char *section,
                    const char *key)
{
    const char *v = NULL;

    for (size_t i = 0; i < ini->count; i++)
        if (ini->items[i].key && strcmp(ini->items[i].key, key) == 0 &&
            strcmp(ini->items[i].section, section) == 0)
            v = ini->items[i].value;
    return v && *v ? v : NULL;
}
