/* journal-append PATH N TAG — appends N journal-shaped lines to PATH
 * with core/file's journal writer, as one process would: the helper of
 * tests/cli/journal.sh's concurrent-writer check (not installed). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/file.h"

int main(int argc, char **argv)
{
    char line[256];
    long n;

    if (argc != 4 || (n = strtol(argv[2], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: journal-append PATH N TAG\n");
        return 2;
    }
    for (long i = 0; i < n; i++) {
        /* Longer than a pipe's atomic write is not needed: O_APPEND on a
         * regular file keeps each write() whole. */
        int len = snprintf(line, sizeof(line),
                           "{\"id\":\"%s-%ld\",\"type\":\"stress\","
                           "\"pad\":\"%0100ld\"}\n", argv[3], i, i);

        if (len < 0 || (size_t)len >= sizeof(line) ||
            file_append_line(argv[1], line, (size_t)len, NULL) !=
                FILE_PUT_OK) {
            fprintf(stderr, "journal-append: line %ld failed\n", i);
            return 1;
        }
    }
    return 0;
}
