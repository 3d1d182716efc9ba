/* fuzz_ini — the INI text of the SDKs' credentials file (core/ini).
 *
 * The whole input is the file.  Parsed or refused, never more than its
 * bounds: on success every entry is a section or a key in one, with
 * names and values free of line breaks and NULs and lookups agreeing
 * with the entries; on failure the ini is empty and the error names a
 * line within the text. */
#include "config.h"

#include "core/ini.h"
#include "fuzz.h"

static size_t lines_in(const uint8_t *data, size_t size)
{
    size_t n = 1;

    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

static void check_text(const char *s)
{
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(strchr(s, '\n') == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ini ini = { 0 };
    struct ini_error err;

    memset(&err, 0, sizeof(err));
    if (ini_parse(&ini, "fuzz.ini", (const char *)data, size, &err)) {
        FUZZ_CHECK(ini.count == 0 && ini.items == NULL);
        FUZZ_CHECK(err.code != INI_OK);
        FUZZ_CHECK(err.line <= lines_in(data, size));
        if (err.code != INI_NOMEM && err.code != INI_TOO_MANY)
            FUZZ_CHECK(err.line >= 1);
        return 0;
    }
    FUZZ_CHECK(ini.count <= INI_ENTRIES_MAX);
    for (size_t i = 0; i < ini.count; i++) {
        const struct ini_entry *e = &ini.items[i];

        check_text(e->section);
        FUZZ_CHECK(*e->section);
        FUZZ_CHECK(ini_has(&ini, e->section));
        if (!e->key) {
            FUZZ_CHECK(e->value == NULL);
            continue;
        }
        check_text(e->key);
        check_text(e->value);
        FUZZ_CHECK(*e->key);
        /* The last value of a repeated key wins, and an empty one reads
         * as absent. */
        {
            const char *got = ini_get(&ini, e->section, e->key);
            const char *last = NULL;

            for (size_t j = 0; j < ini.count; j++)
                if (ini.items[j].key &&
                    strcmp(ini.items[j].section, e->section) == 0 &&
                    strcmp(ini.items[j].key, e->key) == 0)
                    last = ini.items[j].value;
            if (last && *last)
                FUZZ_CHECK(got && strcmp(got, last) == 0);
            else
                FUZZ_CHECK(got == NULL);
        }
    }
    ini_free(&ini);
    FUZZ_CHECK(ini.count == 0);
    return 0;
}
