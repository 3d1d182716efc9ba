/* fuzz_defaults — linkrole's own config file (app/defaults).
 *
 * The whole input is the file.  Read or refused, never more: what is
 * read is in range (an output format, 3 or 1, a language, a colour, a
 * delay of at most 10 s; profile and region as long as their buffers),
 * and every warning and error starts with the file's name and a line of
 * the text. */
#include "config.h"

#include "app/defaults.h"
#include "fuzz.h"

static size_t lines_in(const uint8_t *data, size_t size)
{
    size_t n = 1;

    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

/* Each line of msg reads "fuzz.conf:N: ..." with 1 <= N <= max. */
static void check_located(const char *msg, size_t max)
{
    while (*msg) {
        char *end = NULL;
        unsigned long n;

        FUZZ_CHECK(strncmp(msg, "fuzz.conf:", 10) == 0);
        n = strtoul(msg + 10, &end, 10);
        FUZZ_CHECK(n >= 1 && n <= max && *end == ':');
        msg = strchr(msg, '\n');
        if (!msg)
            break;
        msg++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct defaults_values v;
    struct buf warn, err;
    size_t max = lines_in(data, size);
    int rc;

    buf_init(&warn, 1u << 20);
    buf_init(&err, 1u << 20);
    rc = defaults_parse(&v, "fuzz.conf", (const char *)data, size, &warn,
                        &err);
    if (rc) {
        FUZZ_CHECK(rc == -1 && buf_len(&err) > 0);
        check_located(buf_str(&err), max);
    } else {
        FUZZ_CHECK(buf_len(&err) == 0);
        FUZZ_CHECK(v.output == -1 || v.output == OUTPUT_TEXT ||
                   v.output == OUTPUT_JSON);
        FUZZ_CHECK(v.signature == -1 || v.signature == 3 ||
                   v.signature == 1);
        FUZZ_CHECK(v.lang == -1 || v.lang == LANG_EN || v.lang == LANG_ZH_CN ||
                   v.lang == LANG_ZH_TW);
        FUZZ_CHECK(v.color >= -1 && v.color <= 1);
        FUZZ_CHECK(v.escape_delay >= -1 && v.escape_delay <= 10000);
        FUZZ_CHECK(memchr(v.profile, '\0', sizeof(v.profile)) != NULL);
        FUZZ_CHECK(memchr(v.region, '\0', sizeof(v.region)) != NULL);
    }
    check_located(buf_str(&warn), max);
    buf_free(&warn);
    buf_free(&err);
    return 0;
}
