/* buf — see buf.h. */
#include "config.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/wipe.h"

void buf_init(struct buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void buf_free(struct buf *b)
{
    free(b->data);
    buf_init(b, b->max);
}

void buf_wipe(struct buf *b)
{
    if (b->data)
        wipe_mem(b->data, b->cap);
    buf_free(b);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Makes room for len more bytes plus the NUL. */
static int buf_reserve(struct buf *b, size_t len)
{
    size_t need, cap;
    char *p;

    if (len > b->max - b->len)
        return BUF_TOOBIG;
    /* Room for the NUL too, without wrapping when max is unbounded. */
    if (len >= ((size_t)-1) - b->len)
        return BUF_NOMEM;
    need = b->len + len + 1;
    if (need <= b->cap)
        return BUF_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    if (b->max < (size_t)-1 && cap > b->max + 1)
        cap = b->max + 1;
    p = realloc(b->data, cap);
    if (!p)
        return BUF_NOMEM;
    b->data = p;
    b->cap = cap;
    return BUF_OK;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
    int rc = buf_reserve(b, len);

    if (rc != BUF_OK)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return BUF_OK;
}

int buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_addc(struct buf *b, char c)
{
    return buf_add(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list again;
    int n, rc;

    va_copy(again, ap);
    n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0)
        return BUF_NOMEM;
    rc = buf_reserve(b, (size_t)n);
    if (rc != BUF_OK)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return BUF_OK;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *buf_str(const struct buf *b)
{
    return b->data ? b->data : "";
}

size_t buf_len(const struct buf *b)
{
    return b->len;
}

char *buf_take(struct buf *b)
{
    char *p = b->data;

    if (!p)
        p = calloc(1, 1);
    buf_init(b, b->max);
    return p;
}
