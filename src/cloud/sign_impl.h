/* sign_impl — what sign.c and sign_rpc.c share, and nothing else sees. */
#ifndef LINKROLE_SIGN_IMPL_H
#define LINKROLE_SIGN_IMPL_H

#include <stddef.h>
#include <string.h>

/* RFC 3986's unreserved bytes, which percent-encoding keeps: 1 for
 * A-Z a-z 0-9 - _ . ~ (a table: the encoders look up every byte). */
extern const unsigned char sign_unreserved_table[256];

static inline int sign_unreserved(unsigned char c)
{
    return sign_unreserved_table[c];
}

/* A header value without its surrounding blanks, as it is signed. */
static inline void sign_trim(const char *s, const char **start, size_t *len)
{
    size_t n = strlen(s);

    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *start = s;
    *len = n;
}

#endif
