/* fuzz_url — the endpoint URL parser (core/url), which --endpoint,
 * LINKROLE_ENDPOINT, a profile's sts_endpoint and a credentials URI all
 * go through.
 *
 * The input is the URL, up to its first NUL.  url_split never fails and
 * its parts are pieces of the text in order; url_parse accepts only
 * http or https with a host, an optional port in range, and no user
 * info, and what it fills is bounded and consistent with the split. */
#include "config.h"

#include <ctype.h>

#include "core/url.h"
#include "fuzz.h"

static void check_span(const char *s, size_t len, struct url_span sp,
                       const char **last)
{
    if (sp.len == 0)
        return;
    FUZZ_CHECK(sp.p >= s && sp.p + sp.len <= s + len);
    /* Parts come in the order of the text and never overlap. */
    FUZZ_CHECK(sp.p >= *last);
    *last = sp.p + sp.len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    struct url_parts parts;
    struct url u;
    enum url_problem why = URL_OK;
    const char *last;
    size_t len;

    if (!s)
        return 0;
    len = strlen(s);
    url_split(s, &parts);
    last = s;
    check_span(s, len, parts.scheme, &last);
    check_span(s, len, parts.userinfo, &last);
    check_span(s, len, parts.authority, &last);
    check_span(s, len, parts.path, &last);
    check_span(s, len, parts.query, &last);
    check_span(s, len, parts.fragment, &last);
    FUZZ_CHECK(parts.has_query || parts.query.len == 0);
    FUZZ_CHECK(parts.has_fragment || parts.fragment.len == 0);
    FUZZ_CHECK(parts.has_userinfo || parts.userinfo.len == 0);

    memset(&u, 0, sizeof(u));
    if (url_parse(&u, s, &why) == 0) {
        FUZZ_CHECK(why == URL_OK);
        FUZZ_CHECK(strcmp(u.scheme, "https") == 0 ||
                   strcmp(u.scheme, "http") == 0);
        FUZZ_CHECK(memchr(u.host, '\0', sizeof(u.host)) != NULL);
        FUZZ_CHECK(memchr(u.authority, '\0', sizeof(u.authority)) != NULL);
        FUZZ_CHECK(u.host[0] != '\0');
        FUZZ_CHECK(u.port <= 65535);
        FUZZ_CHECK(!parts.has_userinfo);
        /* What goes into a Host header: no blank, no control byte. */
        for (const char *p = u.authority; *p; p++)
            FUZZ_CHECK(!isspace((unsigned char)*p) &&
                       (unsigned char)*p >= 0x20 && *p != 0x7f);
        FUZZ_CHECK(strstr(u.authority, u.host) != NULL);
        FUZZ_CHECK(u.rest != NULL);
        FUZZ_CHECK(u.rest >= s && u.rest <= s + len);
    } else {
        FUZZ_CHECK(why != URL_OK);
    }
    free(s);
    return 0;
}
