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

/* A URL's parts as spans of the text (not decoded, not checked): what
 * is absent has len 0 (and query.len 0 with has_query false for no "?").
 * scheme://userinfo@authority/path?query#fragment */
struct url_span {
    const char *p;
    size_t len;
};

struct url_parts {
    struct url_span scheme;     /* without "://"; len 0 when there is none */
    struct url_span userinfo;   /* without the "@" */
    struct url_span authority;  /* host[:port] */
    struct url_span path;       /* from the "/" on */
    struct url_span query;      /* without the "?" */
    struct url_span fragment;   /* without the "#" */
    int has_userinfo, has_query, has_fragment;
};

/* Cuts s into parts; never fails (a string without "://" is all
 * authority, path, query and fragment). */
void url_split(const char *s, struct url_parts *parts);

/* Why a URL was refused (app/explain.c words them). */
enum url_problem {
    URL_OK,
    URL_SCHEME,         /* not http:// or https:// */
    URL_NO_HOST,
    URL_HOST_LONG,      /* URL_PART_MAX bytes or more */
    URL_USERINFO,       /* "user@" */
    URL_BRACKET,        /* "[" without "]" */
    URL_AFTER_BRACKET,  /* something other than ":port" after "]" */
    URL_HOST_CHAR,      /* a character no host name has */
    URL_PORT_EMPTY,
    URL_PORT,           /* not digits */
    URL_PORT_RANGE,     /* 0, or above 65535 */
    URL_PATH            /* for callers that take no path */
};

/* Splits s.  A missing scheme means https; only http and https are
 * accepted; user info ("user@") is refused.  Returns 0, or -1 with the
 * reason in *why (which may be NULL). */
int url_parse(struct url *u, const char *s, enum url_problem *why);

#endif
