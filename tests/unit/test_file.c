/* Unit tests for core/file's writers and its no-follow reader: every file
 * linkrole writes (the refused-suffix cache, the simulator's state, a
 * saved response) goes through them, so these pin what a hostile file at
 * the path can and cannot do: a symlink is never followed, a FIFO never
 * blocks, a device never takes bytes, and what is created is 0600. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"

struct dir {
    char path[64];
};

static int dir_setup(void **state)
{
    struct dir *d = calloc(1, sizeof(*d));

    if (!d)
        return -1;
    snprintf(d->path, sizeof(d->path), "/tmp/linkrole-filetest.XXXXXX");
    if (!mkdtemp(d->path)) {
        free(d);
        return -1;
    }
    /* A permissive umask: the 0600 must come from the writer. */
    umask(0);
    *state = d;
    return 0;
}

static int dir_teardown(void **state)
{
    struct dir *d = *state;
    DIR *dh = opendir(d->path);
    struct dirent *e;
    char p[512];

    while (dh && (e = readdir(dh)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof(p), "%s/%s", d->path, e->d_name);
        unlink(p);
    }
    if (dh)
        closedir(dh);
    rmdir(d->path);
    free(d);
    umask(022);
    return 0;
}

static const char *at(const struct dir *d, const char *name)
{
    static char p[4][512];
    static int k;

    k = (k + 1) % 4;
    snprintf(p[k], sizeof(p[k]), "%s/%s", d->path, name);
    return p[k];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The file's content, compared whole. */
static void assert_content(const char *path, const char *want)
{
    char *data = NULL;
    size_t len = 0;

    assert_int_equal(file_read(path, 1 << 20, &data, &len, NULL, NULL),
                     FILE_READ_OK);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(data, want, len);
    free(data);
}

static unsigned mode_of(const char *path)
{
    struct stat st;

    assert_int_equal(lstat(path, &st), 0);
    return (unsigned)st.st_mode & 07777;
}

/* How many entries the directory holds: no temporary file may be left. */
static int entries(const struct dir *d)
{
    DIR *dh = opendir(d->path);
    struct dirent *e;
    int n = 0;

    assert_non_null(dh);
    while ((e = readdir(dh)) != NULL)
        n += e->d_name[0] != '.';
    closedir(dh);
    return n;
}

static void test_replace_creates_0600_and_replaces(void **state)
{
    const struct dir *d = *state;
    const char *p = at(d, "state.json");
    int errnum = -1;

    assert_int_equal(file_replace(p, "one\n", 4, &errnum), FILE_PUT_OK);
    assert_int_equal(errnum, 0);
    assert_content(p, "one\n");
    assert_int_equal(mode_of(p), 0600);
    assert_int_equal(file_replace(p, "two", 3, NULL), FILE_PUT_OK);
    assert_content(p, "two");
    assert_int_equal(file_replace(p, "", 0, NULL), FILE_PUT_OK);
    assert_content(p, "");
    assert_int_equal(entries(d), 1);
}

static void test_replace_refuses_a_symlink(void **state)
{
    const struct dir *d = *state;
    const char *victim = at(d, "victim"), *link = at(d, "state.json");
    char target[512];
    ssize_t n;
    int errnum = 0;

    put(victim, "precious\n");
    assert_int_equal(symlink(victim, link), 0);
    assert_int_equal(file_replace(link, "evil", 4, &errnum), FILE_PUT_LINK);
    assert_int_equal(errnum, ELOOP);
    assert_content(victim, "precious\n");
    /* The link itself is left as it was. */
    n = readlink(link, target, sizeof(target) - 1);
    assert_true(n > 0);
    target[n] = '\0';
    assert_string_equal(target, victim);
    assert_int_equal(entries(d), 2);
}

static void test_replace_refuses_fifo_and_directory(void **state)
{
    const struct dir *d = *state;
    const char *fifo = at(d, "fifo"), *sub = at(d, "sub");

    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(file_replace(fifo, "x", 1, NULL),
                     FILE_PUT_NOT_REGULAR);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(file_replace(sub, "x", 1, NULL),
                     FILE_PUT_NOT_REGULAR);
    assert_int_equal(rmdir(sub), 0);
    assert_int_equal(entries(d), 1);
}

static void test_replace_in_a_missing_directory(void **state)
{
    const struct dir *d = *state;
    int errnum = 0;

    assert_int_equal(file_replace(at(d, "no/such"), "x", 1, &errnum),
                     FILE_PUT_ERROR);
    assert_int_equal(errnum, ENOENT);
    assert_int_equal(entries(d), 0);
}

static void test_create_never_over_anything(void **state)
{
    const struct dir *d = *state;
    const char *p = at(d, "saved.json"), *link = at(d, "link");
    const char *absent = at(d, "absent");
    int errnum = 0;

    assert_int_equal(file_create(p, "{}\n", 3, &errnum), FILE_PUT_OK);
    assert_content(p, "{}\n");
    assert_int_equal(mode_of(p), 0600);
    assert_int_equal(file_create(p, "again", 5, &errnum), FILE_PUT_EXISTS);
    assert_int_equal(errnum, EEXIST);
    assert_content(p, "{}\n");
    /* A dangling link: its target is not created through it. */
    assert_int_equal(symlink(absent, link), 0);
    assert_int_equal(file_create(link, "x", 1, NULL), FILE_PUT_EXISTS);
    assert_int_equal(access(absent, F_OK), -1);
    assert_int_equal(entries(d), 2);
}

static void test_append_creates_0600_and_appends(void **state)
{
    const struct dir *d = *state;
    const char *p = at(d, "refused-suffix");

    assert_int_equal(file_append(p, "a\n", 2, NULL), FILE_PUT_OK);
    assert_int_equal(mode_of(p), 0600);
    assert_int_equal(file_append(p, "b\n", 2, NULL), FILE_PUT_OK);
    assert_content(p, "a\nb\n");
}

static void test_append_refuses_links_fifos_devices(void **state)
{
    const struct dir *d = *state;
    const char *victim = at(d, "victim"), *link = at(d, "refused-suffix");
    const char *fifo = at(d, "fifo"), *zero = at(d, "zero");
    int errnum = 0;

    put(victim, "precious\n");
    assert_int_equal(symlink(victim, link), 0);
    assert_int_equal(file_append(link, "x\n", 2, &errnum), FILE_PUT_LINK);
    assert_int_equal(errnum, ELOOP);
    assert_content(victim, "precious\n");
    /* A FIFO nobody reads: refused at once, not waited on. */
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(file_append(fifo, "x\n", 2, NULL),
                     FILE_PUT_NOT_REGULAR);
    assert_int_equal(symlink("/dev/null", zero), 0);
    assert_int_equal(file_append(zero, "x\n", 2, NULL), FILE_PUT_LINK);
    assert_int_equal(file_append("/dev/null", "x\n", 2, NULL),
                     FILE_PUT_NOT_REGULAR);
}

static void test_read_nofollow(void **state)
{
    const struct dir *d = *state;
    const char *p = at(d, "real"), *link = at(d, "link");
    const char *zero = at(d, "zero");
    char *data = NULL;
    size_t len = 0;
    int errnum = 0;

    put(p, "hello");
    assert_int_equal(symlink(p, link), 0);
    assert_int_equal(file_read_nofollow(p, 64, &data, &len, NULL, &errnum),
                     FILE_READ_OK);
    assert_string_equal(data, "hello");
    free(data);
    assert_int_equal(file_read_nofollow(link, 64, &data, &len, NULL,
                                        &errnum),
                     FILE_NOT_REGULAR);
    assert_int_equal(errnum, ELOOP);
    assert_null(data);
    /* The plain reader follows: the catalogue may well be a link. */
    assert_int_equal(file_read(link, 64, &data, &len, NULL, NULL),
                     FILE_READ_OK);
    free(data);
    /* /dev/zero through a link: refused before a byte is read. */
    assert_int_equal(symlink("/dev/zero", zero), 0);
    assert_int_equal(file_read_nofollow(zero, 64, &data, &len, NULL, NULL),
                     FILE_NOT_REGULAR);
    assert_int_equal(file_read(zero, 64, &data, &len, NULL, NULL),
                     FILE_NOT_REGULAR);
}

/* file_replaceable says what file_replace would do, writing nothing. */
static void test_replaceable(void **state)
{
    const struct dir *d = *state;
    const char *p = at(d, "new.json"), *link = at(d, "link.json");
    const char *sub = at(d, "sub"), *under = at(d, "new.json/x");
    char missing[600];
    int errnum = -1;

    assert_int_equal(file_replaceable(p, &errnum), FILE_PUT_OK);
    assert_int_equal(errnum, 0);
    put(p, "there\n");
    assert_int_equal(file_replaceable(p, NULL), FILE_PUT_OK);
    assert_int_equal(symlink(p, link), 0);
    assert_int_equal(file_replaceable(link, &errnum), FILE_PUT_LINK);
    assert_int_equal(errnum, ELOOP);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(file_replaceable(sub, NULL), FILE_PUT_NOT_REGULAR);
    /* A missing directory: nothing there (file_replace then says why). */
    snprintf(missing, sizeof(missing), "%s/no/such", d->path);
    assert_int_equal(file_replaceable(missing, NULL), FILE_PUT_OK);
    /* Cannot tell: a file where a directory should be. */
    assert_int_equal(file_replaceable(under, &errnum), FILE_PUT_ERROR);
    assert_int_equal(errnum, ENOTDIR);
    assert_content(p, "there\n");
    rmdir(sub);
    unlink(link);
}

#define T(f) cmocka_unit_test_setup_teardown(f, dir_setup, dir_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_replace_creates_0600_and_replaces),
        T(test_replace_refuses_a_symlink),
        T(test_replace_refuses_fifo_and_directory),
        T(test_replace_in_a_missing_directory),
        T(test_create_never_over_anything),
        T(test_append_creates_0600_and_appends),
        T(test_append_refuses_links_fifos_devices),
        T(test_read_nofollow),
        T(test_replaceable),
    };

    return cmocka_run_group_tests_name("file", tests, NULL, NULL);
}
