/* Unit tests for core/buf: the growable buffer every parser of outside
 * data reads into.  The hard maximum is what keeps a hostile peer from
 * making us allocate without bound, so most cases are about its edges. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define BIG (1u << 20)

static void test_empty_buffer_is_empty_string(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, BIG);
    assert_non_null(buf_str(&b));
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_len(&b), 0);
    /* Nothing is allocated until something is appended. */
    assert_null(b.data);
    assert_int_equal(b.max, BIG);
    buf_free(&b);
    assert_string_equal(buf_str(&b), "");
}

static void test_add_appends(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, BIG);
    assert_int_equal(buf_adds(&b, "hello"), BUF_OK);
    assert_int_equal(buf_addc(&b, ','), BUF_OK);
    assert_int_equal(buf_add(&b, " world!!", 6), BUF_OK);
    assert_int_equal(buf_adds(&b, ""), BUF_OK);
    assert_int_equal(buf_add(&b, NULL, 0), BUF_OK);
    assert_string_equal(buf_str(&b), "hello, world");
    assert_int_equal(buf_len(&b), 12);
    buf_free(&b);
}

/* Binary data goes in as is; the terminator comes after len. */
static void test_add_keeps_embedded_nul(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, BIG);
    assert_int_equal(buf_add(&b, "a\0b", 3), BUF_OK);
    assert_int_equal(buf_len(&b), 3);
    assert_memory_equal(b.data, "a\0b", 4);
    assert_string_equal(buf_str(&b), "a");
    buf_free(&b);
}

/* An empty append still gives a real, terminated allocation. */
static void test_add_nothing_to_empty_buffer(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, BIG);
    assert_int_equal(buf_adds(&b, ""), BUF_OK);
    assert_non_null(b.data);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_len(&b), 0);
    buf_free(&b);
}

static void test_printf_appends(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, BIG);
    assert_int_equal(buf_adds(&b, "x="), BUF_OK);
    assert_int_equal(buf_printf(&b, "%d %s %05.1f", -42, "ok", 2.5),
                     BUF_OK);
    assert_int_equal(buf_printf(&b, "%s", ""), BUF_OK);
    assert_string_equal(buf_str(&b), "x=-42 ok 002.5");
    assert_int_equal(buf_len(&b), 14);
    buf_free(&b);
}

/* Many small appends cross many reallocations; every byte must survive
 * each move. */
static void test_printf_grows_across_many_appends(void **state)
{
    enum { N = 5000 };
    struct buf b;
    char *want = malloc(N * 6 + 1);
    size_t off = 0;

    (void)state;
    assert_non_null(want);
    buf_init(&b, BIG);
    for (int i = 0; i < N; i++) {
        assert_int_equal(buf_printf(&b, "%05d,", i), BUF_OK);
        off += (size_t)snprintf(want + off, 7, "%05d,", i);
        assert_int_equal(buf_len(&b), off);
    }
    assert_int_equal(buf_len(&b), (size_t)N * 6);
    assert_true(b.cap > buf_len(&b));
    assert_string_equal(buf_str(&b), want);
    assert_int_equal(strlen(buf_str(&b)), (size_t)N * 6);
    free(want);
    buf_free(&b);
}

static int call_vprintf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int call_vprintf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

static void test_vprintf_appends(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, BIG);
    assert_int_equal(call_vprintf(&b, "[%s:%u]", "a", 7u), BUF_OK);
    assert_int_equal(call_vprintf(&b, "[%c]", 'z'), BUF_OK);
    assert_string_equal(buf_str(&b), "[a:7][z]");
    buf_free(&b);
}

static void test_exactly_max_fits(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 8);
    assert_int_equal(buf_adds(&b, "abcd"), BUF_OK);
    assert_int_equal(buf_adds(&b, "efgh"), BUF_OK);
    assert_string_equal(buf_str(&b), "abcdefgh");
    assert_int_equal(buf_len(&b), 8);
    /* The allocation is bounded by the maximum too, not only len. */
    assert_true(b.cap <= 9);
    buf_free(&b);
}

static void test_add_past_max_fails_unchanged(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 8);
    assert_int_equal(buf_adds(&b, "abcd"), BUF_OK);
    assert_int_equal(buf_adds(&b, "efghi"), BUF_TOOBIG);
    assert_string_equal(buf_str(&b), "abcd");
    assert_int_equal(buf_len(&b), 4);
    assert_int_equal(buf_add(&b, "123456789", 9), BUF_TOOBIG);
    assert_string_equal(buf_str(&b), "abcd");
    assert_int_equal(buf_adds(&b, "efgh"), BUF_OK);
    assert_int_equal(buf_addc(&b, 'x'), BUF_TOOBIG);
    assert_string_equal(buf_str(&b), "abcdefgh");
    assert_int_equal(buf_len(&b), 8);
    buf_free(&b);
}

static void test_printf_past_max_fails_unchanged(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 10);
    assert_int_equal(buf_printf(&b, "%d", 12345), BUF_OK);
    assert_int_equal(buf_printf(&b, "%s", "678901"), BUF_TOOBIG);
    assert_string_equal(buf_str(&b), "12345");
    assert_int_equal(buf_len(&b), 5);
    assert_int_equal(buf_printf(&b, "%s", "67890"), BUF_OK);
    assert_string_equal(buf_str(&b), "1234567890");
    assert_int_equal(buf_printf(&b, "%s", ""), BUF_OK);
    assert_int_equal(buf_printf(&b, "%c", '!'), BUF_TOOBIG);
    assert_string_equal(buf_str(&b), "1234567890");
    buf_free(&b);
}

/* A maximum of zero allows only the empty string. */
static void test_max_zero(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    assert_int_equal(buf_adds(&b, ""), BUF_OK);
    assert_int_equal(buf_addc(&b, 'a'), BUF_TOOBIG);
    assert_int_equal(buf_printf(&b, "%d", 1), BUF_TOOBIG);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_len(&b), 0);
    buf_free(&b);
}

/* "No limit" is spelled (size_t)-1; the limit arithmetic must not wrap
 * for it, and an impossible length is still refused. */
static void test_max_size_t_works(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, (size_t)-1);
    for (int i = 0; i < 100; i++)
        assert_int_equal(buf_adds(&b, "0123456789"), BUF_OK);
    assert_int_equal(buf_printf(&b, "%s", "tail"), BUF_OK);
    assert_int_equal(buf_len(&b), 1004);
    assert_memory_equal(buf_str(&b) + 990, "0123456789tail", 15);
    /* One byte more than could ever fit: refused before anything is read
     * from the (deliberately bogus) source. */
    assert_int_equal(buf_add(&b, "", (size_t)-1 - 1003), BUF_TOOBIG);
    assert_int_equal(buf_len(&b), 1004);
    assert_int_equal(b.max, (size_t)-1);
    buf_free(&b);
}

/* Regression: with max (size_t)-1, a length of exactly max - len once made
 * "len + 1" wrap to 0 in buf_reserve, so the append was taken as fitting
 * and memcpy ran off the end.  The answer is a refusal, buffer unchanged. */
static void test_max_size_t_length_that_wraps_is_refused(void **state)
{
    struct buf b;
    int rc;

    (void)state;
    buf_init(&b, (size_t)-1);
    assert_int_equal(buf_adds(&b, "abcd"), BUF_OK);
    rc = buf_add(&b, "", (size_t)-1 - 4);
    assert_true(rc == BUF_NOMEM || rc == BUF_TOOBIG);
    assert_string_equal(buf_str(&b), "abcd");
    assert_int_equal(buf_len(&b), 4);
    buf_free(&b);
}

static void test_take_hands_over_memory(void **state)
{
    struct buf b;
    char *data, *p;

    (void)state;
    buf_init(&b, 64);
    assert_int_equal(buf_adds(&b, "secret-free text"), BUF_OK);
    data = b.data;
    p = buf_take(&b);
    /* The same allocation, not a copy. */
    assert_ptr_equal(p, data);
    assert_string_equal(p, "secret-free text");
    assert_null(b.data);
    assert_int_equal(buf_len(&b), 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.max, 64);
    assert_string_equal(buf_str(&b), "");
    /* The emptied buffer works again, with its maximum. */
    assert_int_equal(buf_adds(&b, "again"), BUF_OK);
    assert_string_equal(buf_str(&b), "again");
    free(p);
    buf_free(&b);
}

static void test_take_empty_gives_empty_string(void **state)
{
    struct buf b;
    char *p;

    (void)state;
    buf_init(&b, 64);
    p = buf_take(&b);
    assert_non_null(p);
    assert_string_equal(p, "");
    free(p);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(b.max, 64);
    buf_free(&b);
}

static void test_reset_keeps_memory(void **state)
{
    struct buf b;
    char *data;
    size_t cap;

    (void)state;
    buf_init(&b, 64);
    buf_reset(&b);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_adds(&b, "first contents"), BUF_OK);
    data = b.data;
    cap = b.cap;
    buf_reset(&b);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_len(&b), 0);
    assert_ptr_equal(b.data, data);
    assert_int_equal(b.cap, cap);
    assert_int_equal(buf_adds(&b, "second"), BUF_OK);
    assert_string_equal(buf_str(&b), "second");
    assert_ptr_equal(b.data, data);
    buf_free(&b);
}

/* The limit counts what is in the buffer now, not what ever was. */
static void test_reset_restores_room(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 4);
    assert_int_equal(buf_adds(&b, "abcd"), BUF_OK);
    assert_int_equal(buf_addc(&b, 'e'), BUF_TOOBIG);
    buf_reset(&b);
    assert_int_equal(buf_adds(&b, "wxyz"), BUF_OK);
    assert_string_equal(buf_str(&b), "wxyz");
    buf_free(&b);
}

/* Whether the bytes were overwritten cannot be observed without reading
 * freed memory; what can be checked is that wipe leaves the same empty,
 * reusable buffer as free. */
static void test_wipe_empties_and_reuses(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 32);
    buf_wipe(&b);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_adds(&b, "AccessKeySecret"), BUF_OK);
    buf_wipe(&b);
    assert_null(b.data);
    assert_int_equal(buf_len(&b), 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.max, 32);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_adds(&b, "reused"), BUF_OK);
    assert_string_equal(buf_str(&b), "reused");
    buf_wipe(&b);
}

static void test_free_keeps_max(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 3);
    assert_int_equal(buf_adds(&b, "abc"), BUF_OK);
    buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.max, 3);
    assert_int_equal(buf_adds(&b, "abcd"), BUF_TOOBIG);
    assert_int_equal(buf_adds(&b, "xyz"), BUF_OK);
    assert_string_equal(buf_str(&b), "xyz");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_buffer_is_empty_string),
        cmocka_unit_test(test_add_appends),
        cmocka_unit_test(test_add_keeps_embedded_nul),
        cmocka_unit_test(test_add_nothing_to_empty_buffer),
        cmocka_unit_test(test_printf_appends),
        cmocka_unit_test(test_printf_grows_across_many_appends),
        cmocka_unit_test(test_vprintf_appends),
        cmocka_unit_test(test_exactly_max_fits),
        cmocka_unit_test(test_add_past_max_fails_unchanged),
        cmocka_unit_test(test_printf_past_max_fails_unchanged),
        cmocka_unit_test(test_max_zero),
        cmocka_unit_test(test_max_size_t_works),
        cmocka_unit_test(test_max_size_t_length_that_wraps_is_refused),
        cmocka_unit_test(test_take_hands_over_memory),
        cmocka_unit_test(test_take_empty_gives_empty_string),
        cmocka_unit_test(test_reset_keeps_memory),
        cmocka_unit_test(test_reset_restores_room),
        cmocka_unit_test(test_wipe_empties_and_reuses),
        cmocka_unit_test(test_free_keeps_max),
    };

    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
