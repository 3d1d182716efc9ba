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

int url_parse(struct url *u, const char *s, const char **why)
{
    const char *p = strstr(s, "://"), *auth, *end, *host_end, *colon;
    size_t len;

    memset(u, 0, sizeof(*u));
    if (p) {
        len = (size_t)(p - s);
        if (len == 5 && strncmp(s, "https", 5) == 0) {
            strcpy(u->scheme, "https");
        } else if (len == 4 && strncmp(s, "http", 4) == 0) {
            strcpy(u->scheme, "http");
        } else {
            *why = "only http:// and https:// are supported";
            return -1;
        }
        auth = p + 3;
    } else {
        strcpy(u->scheme, "https");
        auth = s;
    }
    end = auth + strcspn(auth, "/?#");
    u->rest = end;
    if (end == auth) {
        *why = "no host";
        return -1;
    }
    if ((size_t)(end - auth) >= URL_PART_MAX) {
        *why = "host too long";
        return -1;
    }
    if (memchr(auth, '@', (size_t)(end - auth))) {
        *why = "user names in URLs are not supported";
        return -1;
    }
    memcpy(u->authority, auth, (size_t)(end - auth));
    u->authority[end - auth] = '\0';

    if (auth[0] == '[') {
        host_end = memchr(auth, ']', (size_t)(end - auth));
        if (!host_end) {
            *why = "unclosed [ in the host";
            return -1;
        }
        memcpy(u->host, auth + 1, (size_t)(host_end - auth - 1));
        u->host[host_end - auth - 1] = '\0';
        colon = host_end + 1 < end && host_end[1] == ':' ? host_end + 1
                                                         : NULL;
        if (host_end + 1 < end && !colon) {
            *why = "junk after ]";
            return -1;
        }
        for (const char *c = u->host; *c; c++)
            if (!(host_char_ok(*c) || *c == ':')) {
                *why = "bad character in the host";
                return -1;
            }
    } else {
        colon = memchr(auth, ':', (size_t)(end - auth));
        host_end = colon ? colon : end;
        memcpy(u->host, auth, (size_t)(host_end - auth));
        u->host[host_end - auth] = '\0';
        for (const char *c = u->host; *c; c++)
            if (!host_char_ok(*c)) {
                *why = "bad character in the host";
                return -1;
            }
    }
    if (!u->host[0]) {
        *why = "no host";
        return -1;
    }
    if (colon) {
        unsigned long port = 0;
        const char *d = colon + 1;

        if (d == end) {
            *why = "empty port";
            return -1;
        }
        for (; d < end; d++) {
            if (*d < '0' || *d > '9') {
                *why = "bad port";
                return -1;
            }
            port = port * 10 + (unsigned long)(*d - '0');
            if (port > 65535) {
                *why = "port out of range";
                return -1;
            }
        }
        if (port == 0) {
            *why = "port out of range";
            return -1;
        }
        u->port = (unsigned)port;
    }
    return 0;
}
