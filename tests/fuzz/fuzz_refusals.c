/* fuzz_refusals — the refused-suffix cache file
 * ($XDG_CACHE_HOME/linkrole/refused-suffix, app/refusals).
 *
 * The whole input is the file's text.  Whatever it holds, what is
 * remembered is only valid service names, each once, at most
 * REFUSALS_MAX of them, and each one is found again. */
#include "config.h"

#include "app/refusals.h"
#include "core/names.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct refusals r;

    refusals_parse(&r, (const char *)data, size);
    FUZZ_CHECK(r.count <= REFUSALS_MAX);
    for (size_t i = 0; i < r.count; i++) {
        FUZZ_CHECK(names_service_ok(r.services[i]));
        FUZZ_CHECK(refusals_has(&r, r.services[i]));
        /* It was a whole line of the text. */
        FUZZ_CHECK(memmem(data, size, r.services[i],
                          strlen(r.services[i])) != NULL);
        for (size_t j = 0; j < i; j++)
            FUZZ_CHECK(strcmp(r.services[i], r.services[j]) != 0);
    }
    refusals_free(&r);
    FUZZ_CHECK(r.count == 0 && r.services == NULL);
    return 0;
}
