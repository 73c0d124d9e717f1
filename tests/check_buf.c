/* check_buf.c - the growable buffer: invariants, detach, formatting. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"

#include "buf.h"

START_TEST(t_init_is_empty_string)
{
    struct buf b = BUF_INIT;

    ck_assert_ptr_nonnull(b.data);
    ck_assert_str_eq(b.data, "");
    ck_assert_uint_eq(b.len, 0);
    buf_free(&b); /* freeing an unused buffer is a no-op */
    ck_assert_str_eq(b.data, "");
}
END_TEST

START_TEST(t_add_grows_and_keeps_nul)
{
    struct buf b = BUF_INIT;
    size_t i;

    for (i = 0; i < 1000; i++)
        buf_add(&b, "ab", 2);
    ck_assert_uint_eq(b.len, 2000);
    ck_assert_int_eq(b.data[2000], '\0');
    ck_assert_int_eq(b.err, 0);
    ck_assert_int_eq(memcmp(b.data + 1998, "ab", 2), 0);
    buf_free(&b);
}
END_TEST

START_TEST(t_embedded_nul)
{
    struct buf b = BUF_INIT;

    buf_add(&b, "a\0b", 3);
    ck_assert_uint_eq(b.len, 3);
    ck_assert_int_eq(b.data[1], '\0');
    ck_assert_int_eq(b.data[2], 'b');
    buf_free(&b);
}
END_TEST

START_TEST(t_addf)
{
    struct buf b = BUF_INIT;

    buf_addstr(&b, "n=");
    buf_addf(&b, "%d/%s", 42, "x");
    buf_addch(&b, '!');
    ck_assert_str_eq(b.data, "n=42/x!");
    buf_reset(&b);
    ck_assert_str_eq(b.data, "");
    buf_addf(&b, "%0300d", 7); /* longer than the first allocation */
    ck_assert_uint_eq(b.len, 300);
    buf_free(&b);
}
END_TEST

START_TEST(t_detach_transfers_ownership)
{
    struct buf b = BUF_INIT;
    size_t len = 99;
    char *p;

    p = buf_detach(&b, &len); /* empty buffer still gives memory */
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(len, 0);
    free(p);
    buf_addstr(&b, "hello");
    p = buf_detach(&b, &len);
    ck_assert_str_eq(p, "hello");
    ck_assert_uint_eq(len, 5);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(b.data, "");
    free(p);
}
END_TEST

START_TEST(t_empty_is_never_written)
{
    struct buf a = BUF_INIT, b;

    /* Resetting a buffer that owns nothing leaves the shared "" alone
     * (it is read-only: a write would crash here). */
    buf_init(&b);
    buf_reset(&a);
    buf_reset(&b);
    ck_assert_str_eq(a.data, "");
    ck_assert_uint_eq(b.len, 0);
    buf_add(&b, "x", 1);
    buf_reset(&b);
    ck_assert_str_eq(b.data, "");
    buf_free(&b);
}
END_TEST

START_TEST(t_sticky_error)
{
    struct buf b = BUF_INIT;

    buf_addstr(&b, "x");
    /* An impossible size sets err; later appends are ignored. */
    ck_assert_int_eq(buf_grow(&b, (size_t)-1), -1);
    ck_assert_int_ne(b.err, 0);
    buf_addstr(&b, "y");
    ck_assert_str_eq(b.data, "x");
    ck_assert_ptr_null(buf_detach(&b, NULL));
    ck_assert_int_eq(b.err, 0); /* detach resets */
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("buf");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, t_init_is_empty_string);
    tcase_add_test(tc, t_add_grows_and_keeps_nul);
    tcase_add_test(tc, t_embedded_nul);
    tcase_add_test(tc, t_addf);
    tcase_add_test(tc, t_detach_transfers_ownership);
    tcase_add_test(tc, t_sticky_error);
    tcase_add_test(tc, t_empty_is_never_written);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
