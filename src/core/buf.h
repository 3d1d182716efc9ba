/* buf — a growable byte buffer with a hard maximum size.
 *
 * Every parser of outside data in linkrole reads into one of these, so a
 * hostile or broken peer can never make us allocate without bound.  The
 * contents are always NUL-terminated, so buf_str() is a valid C string. */
#ifndef LINKROLE_BUF_H
#define LINKROLE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data;      /* NULL until the first append */
    size_t len;      /* bytes in use, not counting the terminating NUL */
    size_t cap;      /* bytes allocated */
    size_t max;      /* largest len ever allowed */
};

/* Outcome of an append: the buffer is unchanged when it fails. */
enum buf_status {
    BUF_OK = 0,
    BUF_NOMEM = -1,  /* allocation failed */
    BUF_TOOBIG = -2  /* the append would pass the maximum */
};

void buf_init(struct buf *b, size_t max);
/* Frees the memory; the buffer can be used again afterwards. */
void buf_free(struct buf *b);
/* Like buf_free, but overwrites the bytes first (secrets). */
void buf_wipe(struct buf *b);
/* Empties the buffer and keeps the memory. */
void buf_reset(struct buf *b);

int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* The contents as a C string; "" for an empty buffer, never NULL. */
const char *buf_str(const struct buf *b);
size_t buf_len(const struct buf *b);
/* Hands the allocation to the caller (free() it) and empties the buffer.
 * Returns a fresh empty string for an empty buffer, NULL when out of memory. */
char *buf_take(struct buf *b);

#endif
