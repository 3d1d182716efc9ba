/* ids — the identifiers the simulated account makes up.
 *
 * Role ids and user ids (digits), STS key ids, secrets and tokens
 * (letters and digits), request ids and deletion task ids (UUID-shaped),
 * all from OpenSSL's random source; and the lower-case spelling of role
 * names that ARNs use. */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "core/wipe.h"
#include "sim/internal.h"

#define IDS_RAW_MAX 64

int ids_digits(char *out, size_t n)
{
    unsigned char raw[IDS_RAW_MAX];

    if (n == 0 || n > sizeof(raw) || RAND_bytes(raw, (int)n) != 1)
        return -1;
    out[0] = (char)('1' + raw[0] % 9);
    for (size_t i = 1; i < n; i++)
        out[i] = (char)('0' + raw[i] % 10);
    out[n] = '\0';
    wipe_mem(raw, sizeof(raw));
    return 0;
}

int ids_alnum(char *out, size_t n)
{
    static const char set[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char raw[IDS_RAW_MAX];

    if (n > sizeof(raw) || RAND_bytes(raw, (int)n) != 1)
        return -1;
    for (size_t i = 0; i < n; i++)
        out[i] = set[raw[i] % (sizeof(set) - 1)];
    out[n] = '\0';
    /* Some of these become secrets and tokens. */
    wipe_mem(raw, sizeof(raw));
    return 0;
}

void ids_uuid(char out[ACCOUNT_REQUEST_ID_LEN + 1], bool upper)
{
    static atomic_ulong counter;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned char raw[16];
    size_t o = 0;

    if (RAND_bytes(raw, sizeof(raw)) != 1) {
        /* Still unique within this process without a random source. */
        unsigned long n = atomic_fetch_add(&counter, 1) + 1;

        memset(raw, 0, sizeof(raw));
        for (int i = 0; i < 8; i++)
            raw[15 - i] = (unsigned char)(n >> (8 * i));
    }
    for (size_t i = 0; i < sizeof(raw); i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = digits[raw[i] >> 4];
        out[o++] = digits[raw[i] & 0x0f];
    }
    out[o] = '\0';
}

void account_request_id(char out[ACCOUNT_REQUEST_ID_LEN + 1])
{
    ids_uuid(out, true);
}

char *ids_lower_dup(const char *s)
{
    char *p = strdup(s);

    if (!p)
        return NULL;
    for (char *c = p; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return p;
}
