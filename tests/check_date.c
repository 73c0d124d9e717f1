/* check_date.c - date_find(): one table row per case. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"

#include "extract.h"

static const struct row {
    const char *text;
    const char *expect; /* "" = no date */
} rows[] = {
    /* The forms we read. */
    { "Published on April 17th 2024", "2024-04-17" },
    { "28 January 2025", "2025-01-28" },
    { "2024-04-17", "2024-04-17" },
    { "updated 2024/4/7 by the editors", "2024-04-07" },
    { "updated 2024-4-7 by the editors", "2024-04-07" },
    { "2024-04-17T10:00:00Z", "2024-04-17" },
    { "发布时间：2024年4月17日 10:00", "2024-04-17" },
    { "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94年"
      "\xEF\xBC\x94月\xEF\xBC\x91\xEF\xBC\x97日", "2024-04-17" },
    { "2024 年 4 月 17 日", "2024-04-17" },
    { "게시일: 2024년 4월 17일", "2024-04-17" },
    { "本文写于2024年4月，修改于", "2024-04" },
    { "2024年的经济形势", "2024" },
    { "News from April 2024", "2024-04" },
    { "Wednesday, April 17, 2024", "2024-04-17" },
    { "Apr. 1st, 2024", "2024-04-01" },
    { "Sept 3 2023", "2023-09-03" },
    { "Sep. 30th, 2023", "2023-09-30" },
    { "17th of April, 2024", "2024-04-17" },
    { "17-Apr-2024 12:00", "2024-04-17" },
    { "PUBLISHED MAY 2 2022", "2022-05-02" },
    { "on 2 May 2022.", "2022-05-02" },
    { "February 29, 2024", "2024-02-29" },
    { "29 February 2000", "2000-02-29" },
    { "December 31st, 2099", "2099-12-31" },
    { "January\xC2\xA0" "5,\xC2\xA0" "2021", "2021-01-05" },
    /* A full date anywhere in the window beats an earlier month. */
    { "In September 2023 we began. Published on April 17th 2024.",
      "2024-04-17" },
    { "Mar 2024 and then 2024-03-05", "2024-03-05" },
    /* Invalid dates are rejected as a whole, not read as a month. */
    { "February 29, 2023", "" },
    { "30 February 2024", "" },
    { "31 April 2024", "" },
    { "April 31, 2024", "" },
    { "2024-02-30", "" },
    { "2024-13-01", "" },
    { "2024-00-10", "" },
    { "2024年2月30日", "" },
    { "2024年13月", "" },
    { "April 0, 2024", "" },
    /* Ambiguous or implausible forms. */
    { "4/17/2024", "" },
    { "17/04/2024", "" },
    { "04.17.2024", "" },
    { "1850-01-01", "" },
    { "2150-01-01", "" },
    { "12024-04-17", "" },
    { "2024-04-170", "" },
    { "ver2024-04-17", "" },
    /* Not month names. */
    { "you may 2024 be well", "" },
    { "Marching 2024", "" },
    { "mAY 2024", "" },
    { "April 17", "" },
    { "Maybe 2024", "" },
    { "the 2024 season", "" },
    { "", "" },
};

START_TEST(t_row)
{
    const struct row *r = &rows[_i];
    char out[11] = "garbage";
    int found = date_find(r->text, strlen(r->text), out);

    ck_assert_msg(strcmp(out, r->expect) == 0, "'%s': got '%s', want '%s'",
                  r->text, out, r->expect);
    ck_assert_int_eq(found, r->expect[0] != '\0');
}
END_TEST

/* The input is (pointer, length): a heap copy of exactly LEN bytes lets
 * ASan catch any read past the end. */
START_TEST(t_never_reads_past_len)
{
    static const char *const texts[] = {
        "2024-04-17", "April 17th 2024", "2024年4月17日", "17 April 2024",
        "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94年",
        "Sept. 3rd, 2023",
    };
    size_t t, cut;

    for (t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        size_t n = strlen(texts[t]);

        for (cut = 0; cut <= n; cut++) {
            char *copy = malloc(cut ? cut : 1);
            char out[11];

            ck_assert_ptr_nonnull(copy);
            memcpy(copy, texts[t], cut);
            date_find(copy, cut, out);
            ck_assert_uint_le(strlen(out), 10);
            free(copy);
        }
    }
    /* A truncated day is a shorter day, not garbage. */
    {
        char out[11];

        ck_assert_int_eq(date_find("2024-04-17", 9, out), 1);
        ck_assert_str_eq(out, "2024-04-01");
    }
}
END_TEST

START_TEST(t_scan_window)
{
    size_t pad = EXTRACT_DATE_SCAN + 10, n;
    char *s = malloc(pad + 32), out[11];

    ck_assert_ptr_nonnull(s);
    memset(s, 'x', pad);
    s[pad - 1] = ' ';
    strcpy(s + pad, "April 17, 2024");
    n = strlen(s);
    ck_assert_int_eq(date_find(s, n, out), 0);
    ck_assert_str_eq(out, "");
    /* Starting inside the window, it may end past it. */
    memset(s, ' ', pad);
    strcpy(s + EXTRACT_DATE_SCAN - 3, "April 17, 2024");
    ck_assert_int_eq(date_find(s, strlen(s), out), 1);
    ck_assert_str_eq(out, "2024-04-17");
    free(s);
}
END_TEST

START_TEST(t_random_bytes)
{
    unsigned seed = 20240417, i, k;
    char buf[256], out[11];

    for (i = 0; i < 20000; i++) {
        size_t n = (size_t)(rand_r(&seed) % sizeof buf);

        for (k = 0; k < n; k++) {
            /* Mostly digits, separators and month letters. */
            static const char alphabet[] = "0123456789-/ ,.AaprilMJnuy\xE5"
                                           "\xB9\xB4\xE6\x9C\x88\x97\xA5";
            buf[k] = alphabet[rand_r(&seed) % (sizeof alphabet - 1)];
        }
        date_find(buf, n, out);
        ck_assert_uint_le(strlen(out), 10);
    }
}
END_TEST

/* The calendar both the text scanner and the query's date: check. */
START_TEST(t_month_days)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31 };
    int m;

    for (m = 1; m <= 12; m++)
        ck_assert_int_eq(date_month_days(2023, m), days[m - 1]);
    ck_assert_int_eq(date_month_days(2024, 2), 29);
    ck_assert_int_eq(date_month_days(2000, 2), 29);
    ck_assert_int_eq(date_month_days(1900, 2), 28);
    ck_assert_int_eq(date_month_days(2100, 2), 28);
    ck_assert_int_eq(date_month_days(2024, 0), 0);
    ck_assert_int_eq(date_month_days(2024, 13), 0);
    ck_assert_int_eq(date_month_days(2024, -1), 0);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, t_row, 0, (int)(sizeof rows / sizeof rows[0]));
    tcase_add_test(tc, t_never_reads_past_len);
    tcase_add_test(tc, t_scan_window);
    tcase_add_test(tc, t_random_bytes);
    tcase_add_test(tc, t_month_days);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
