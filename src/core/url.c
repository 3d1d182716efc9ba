/* url — see url.h. */
#include "config.h"

#include "core/url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int host_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

void url_split(const char *s, struct url_parts *parts)
{
    const char *p = strstr(s, "://"), *auth, *end, *at = NULL;

    memset(parts, 0, sizeof(*parts));
    /* A "://" after the first "/", "?" or "#" is not a scheme's. */
    if (p && (size_t)(p - s) <= strcspn(s, "/?#")) {
        parts->scheme.p = s;
        parts->scheme.len = (size_t)(p - s);
        auth = p + 3;
    } else {
        auth = s;
    }
    end = auth + strcspn(auth, "/?#");
    for (const char *c = auth; c < end; c++)
        if (*c == '@')
            at = c;
    if (at) {
        parts->has_userinfo = 1;
        parts->userinfo.p = auth;
        parts->userinfo.len = (size_t)(at - auth);
        auth = at + 1;
    }
    parts->authority.p = auth;
    parts->authority.len = (size_t)(end - auth);
    parts->path.p = end;
    parts->path.len = strcspn(end, "?#");
    p = end + parts->path.len;
    if (*p == '?') {
        parts->has_query = 1;
        parts->query.p = p + 1;
        parts->query.len = strcspn(p + 1, "#");
        p += 1 + parts->query.len;
    }
    if (*p == '#') {
        parts->has_fragment = 1;
        parts->fragment.p = p + 1;
        parts->fragment.len = strlen(p + 1);
    }
}

static int url_fail(enum url_problem *why, enum url_problem p)
{
    if (why)
        *why = p;
    return -1;
}

int url_parse(struct url *u, const char *s, enum url_problem *why)
{
    struct url_parts parts;
    const char *auth, *end, *host_end, *colon;

    memset(u, 0, sizeof(*u));
    if (why)
        *why = URL_OK;
    url_split(s, &parts);
    if (!parts.scheme.p) {
        strcpy(u->scheme, "https");
    } else if (parts.scheme.len == 5 && strncmp(s, "https", 5) == 0) {
        strcpy(u->scheme, "https");
    } else if (parts.scheme.len == 4 && strncmp(s, "http", 4) == 0) {
        strcpy(u->scheme, "http");
    } else {
        return url_fail(why, URL_SCHEME);
    }
    if (parts.has_userinfo) {
        return url_fail(why, URL_USERINFO);
    }
    auth = parts.authority.p;
    end = auth + parts.authority.len;
    u->rest = end;
    if (end == auth) {
        return url_fail(why, URL_NO_HOST);
    }
    if ((size_t)(end - auth) >= URL_PART_MAX) {
        return url_fail(why, URL_HOST_LONG);
    }
    memcpy(u->authority, auth, (size_t)(end - auth));
    u->authority[end - auth] = '\0';

    if (auth[0] == '[') {
        host_end = memchr(auth, ']', (size_t)(end - auth));
        if (!host_end) {
            return url_fail(why, URL_BRACKET);
        }
        memcpy(u->host, auth + 1, (size_t)(host_end - auth - 1));
        u->host[host_end - auth - 1] = '\0';
        colon = host_end + 1 < end && host_end[1] == ':' ? host_end + 1
                                                         : NULL;
        if (host_end + 1 < end && !colon) {
            return url_fail(why, URL_AFTER_BRACKET);
        }
        for (const char *c = u->host; *c; c++)
            if (!(host_char_ok(*c) || *c == ':')) {
                return url_fail(why, URL_HOST_CHAR);
            }
    } else {
        colon = memchr(auth, ':', (size_t)(end - auth));
        host_end = colon ? colon : end;
        memcpy(u->host, auth, (size_t)(host_end - auth));
        u->host[host_end - auth] = '\0';
        for (const char *c = u->host; *c; c++)
            if (!host_char_ok(*c)) {
                return url_fail(why, URL_HOST_CHAR);
            }
    }
    if (!u->host[0]) {
        return url_fail(why, URL_NO_HOST);
    }
    if (colon) {
        unsigned long port = 0;
        const char *d = colon + 1;

        if (d == end) {
            return url_fail(why, URL_PORT_EMPTY);
        }
        for (; d < end; d++) {
            if (*d < '0' || *d > '9') {
                return url_fail(why, URL_PORT);
            }
            port = port * 10 + (unsigned long)(*d - '0');
            if (port > 65535) {
                return url_fail(why, URL_PORT_RANGE);
            }
        }
        if (port == 0) {
            return url_fail(why, URL_PORT_RANGE);
        }
        u->port = (unsigned)port;
    }
    return 0;
}
