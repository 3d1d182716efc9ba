/* url — just enough URL handling for API endpoints.
 *
 * Endpoints are given as "https://host", "http://127.0.0.1:8080" or
 * "host" (https assumed); requests need the scheme (to refuse plain HTTP
 * off loopback) and the authority (the signed Host header). */
#ifndef LINKROLE_URL_H
#define LINKROLE_URL_H

#include <stddef.h>

#define URL_PART_MAX 256

struct url {
    char scheme[8];                 /* "https" or "http" */
    char host[URL_PART_MAX];        /* without brackets for IPv6 */
    char authority[URL_PART_MAX];   /* host[:port], as in a Host header */
    unsigned port;                  /* 0 when not given */
    const char *rest;               /* path and query in the input, or "" */
};

/* Splits s.  A missing scheme means https; only http and https are
 * accepted; user info ("user@") is refused.  Returns 0, or -1 with a
 * short reason in *why. */
int url_parse(struct url *u, const char *s, const char **why);

#endif
