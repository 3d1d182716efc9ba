/* fuzz — what every fuzz target shares.
 *
 * Each tests/fuzz/fuzz_*.c is a libFuzzer target: run.sh links it with
 * clang's -fsanitize=fuzzer, and replay.c gives it a main() so `make
 * check` runs its committed corpus under the normal and the sanitizer
 * builds.  An invariant that does not hold aborts, which both count as a
 * crash. */
#ifndef LINKROLE_FUZZ_H
#define LINKROLE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The entry point libFuzzer (or replay.c) calls once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* assert() vanishes under NDEBUG; a fuzz target must never lose its
 * checks to a build flag. */
#define FUZZ_CHECK(cond)                                                  \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,    \
                    __LINE__, #cond);                                     \
            abort();                                                      \
        }                                                                 \
    } while (0)

/* A NUL-terminated copy of data[0..size), for APIs that take a C string
 * (which then ends at the first NUL byte, as it would for them).  NULL
 * when out of memory: the target then skips the input. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (!s)
        return NULL;
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
