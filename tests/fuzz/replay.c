/* replay — a main() for one fuzz target, so `make check` runs its corpus.
 *
 * Built once per target with FUZZ_NAME set ("catalog", ...): every file
 * in $top_srcdir/tests/fuzz/corpus/FUZZ_NAME/ (dot-files skipped, in name
 * order) goes through LLVMFuzzerTestOneInput, and each gets a TAP line.
 * A crash or a failed invariant aborts, which the test driver reports;
 * under the sanitizer build, so does any memory error or leak.  Files
 * named on the command line are run instead, to replay one reproducer
 * without clang. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME must name the target, e.g. -DFUZZ_NAME='\"catalog\"'"
#endif

/* Corpus files are seeds, not data sets: anything larger is a mistake. */
#define REPLAY_FILE_MAX (16u << 20)

struct names {
    char **v;
    size_t n, cap;
};

static int names_add(struct names *l, const char *s)
{
    char *copy;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        char **v = realloc(l->v, cap * sizeof(*v));

        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    copy = strdup(s);
    if (!copy)
        return -1;
    l->v[l->n++] = copy;
    return 0;
}

static void names_free(struct names *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static int name_cmp(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;

    return strcmp(*x, *y);
}

/* Reads a whole file into an allocation of exactly its size (one byte
 * for an empty file), so the sanitizers see any read past the end, as
 * they do under libFuzzer.  Returns NULL with errno set. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    struct stat st;
    size_t got;

    if (!f)
        return NULL;
    if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) ||
        st.st_size > (off_t)REPLAY_FILE_MAX) {
        errno = errno ? errno : EINVAL;
        goto out;
    }
    data = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (!data)
        goto out;
    got = fread(data, 1, (size_t)st.st_size, f);
    if (got != (size_t)st.st_size) {
        free(data);
        data = NULL;
        errno = EIO;
        goto out;
    }
    *size = got;
out:
    fclose(f);
    return data;
}

/* The corpus directory's regular files, dot-files left out, sorted. */
static int list_corpus(const char *dir, struct names *out)
{
    DIR *d = opendir(dir);
    struct dirent *ent;

    if (!d)
        return -1;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        if (names_add(out, ent->d_name)) {
            closedir(d);
            errno = ENOMEM;
            return -1;
        }
    }
    closedir(d);
    if (out->n)
        qsort(out->v, out->n, sizeof(*out->v), name_cmp);
    return 0;
}

/* Runs one file; returns 0 when it could be read (the target itself
 * never fails: it aborts). */
static int run_one(const char *path, const char *shown, size_t k)
{
    size_t size = 0;
    uint8_t *data;

    errno = 0;
    data = read_file(path, &size);
    if (!data) {
        printf("not ok %zu - %s # cannot read: %s\n", k, shown,
               strerror(errno));
        return -1;
    }
    /* Said before the run, so a crash's output names its input. */
    fprintf(stderr, "# running %s (%zu bytes)\n", shown, size);
    fflush(stderr);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    printf("ok %zu - %s\n", k, shown);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    const char *top = getenv("top_srcdir");
    struct names files = { NULL, 0, 0 };
    char *dir = NULL, *path = NULL;
    size_t dir_len;
    int failed = 0;

    if (argc > 1) {
        printf("1..%d\n", argc - 1);
        for (int i = 1; i < argc; i++)
            if (run_one(argv[i], argv[i], (size_t)i))
                failed = 1;
        return failed;
    }
    if (!top || !*top)
        top = ".";
    dir_len = strlen(top) + sizeof("/tests/fuzz/corpus/" FUZZ_NAME);
    dir = malloc(dir_len);
    if (!dir) {
        printf("Bail out! out of memory\n");
        return 1;
    }
    snprintf(dir, dir_len, "%s/tests/fuzz/corpus/%s", top, FUZZ_NAME);
    if (list_corpus(dir, &files)) {
        printf("Bail out! %s: %s\n", dir, strerror(errno));
        failed = 1;
        goto out;
    }
    if (files.n == 0) {
        printf("1..0 # SKIP %s holds no inputs\n", dir);
        goto out;
    }
    printf("1..%zu\n", files.n);
    for (size_t i = 0; i < files.n; i++) {
        size_t len = dir_len + strlen(files.v[i]) + 1;
        char shown[512];

        free(path);
        path = malloc(len);
        if (!path) {
            printf("Bail out! out of memory\n");
            failed = 1;
            goto out;
        }
        snprintf(path, len, "%s/%s", dir, files.v[i]);
        snprintf(shown, sizeof(shown), "%s/%s", FUZZ_NAME, files.v[i]);
        if (run_one(path, shown, i + 1))
            failed = 1;
    }
out:
    free(path);
    free(dir);
    names_free(&files);
    return failed;
}
