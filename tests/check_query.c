/* check_query.c - the query parser: query string -> tree, one table row
 * per case, malformed input included; and what the tree builds in Xapian. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"

#include "query.h"
#include "tokenize.h"

static struct tokenizer *tz;

static void
setup(void)
{
    ck_assert_int_eq(tokenizer_new("english", &tz, NULL), SOUSUO_OK);
}

static void
teardown(void)
{
    tokenizer_free(tz);
}

/* expect NULL: the query has nothing searchable (SOUSUO_QUERY). */
static const struct {
    const char *q, *expect;
} cases[] = {
    { "new", "TEXT\"new\"" },
    { "new quality", "AND(TEXT\"new\" TEXT\"quality\")" },
    { "a OR b", "OR(TEXT\"a\" TEXT\"b\")" },
    { "a OR b c", "OR(TEXT\"a\" AND(TEXT\"b\" TEXT\"c\"))" },
    { "a b OR c", "OR(AND(TEXT\"a\" TEXT\"b\") TEXT\"c\")" },
    { "A OR B OR C", "OR(TEXT\"A\" TEXT\"B\" TEXT\"C\")" },
    { "a AND b", "AND(TEXT\"a\" TEXT\"b\")" },
    { "a -b", "NOT(TEXT\"a\" TEXT\"b\")" },
    { "a NOT b", "NOT(TEXT\"a\" TEXT\"b\")" },
    { "-b", "NOT(ALL TEXT\"b\")" },
    { "a -b -c", "NOT(TEXT\"a\" TEXT\"b\" TEXT\"c\")" },
    { "a b -c", "NOT(AND(TEXT\"a\" TEXT\"b\") TEXT\"c\")" },
    { "(a OR b) c", "AND(OR(TEXT\"a\" TEXT\"b\") TEXT\"c\")" },
    { "((a))", "TEXT\"a\"" },
    { "\"new quality\"", "PHRASE\"new quality\"" },
    { "\xe2\x80\x9c新质生产力\xe2\x80\x9d", "PHRASE\"新质生产力\"" },
    { "新质生产力", "TEXT\"新质生产力\"" },
    { "中华民族的伟大复兴 产业链",
      "AND(TEXT\"中华民族的伟大复兴\" TEXT\"产业链\")" },
    { "CPU使用率 2024年", "AND(TEXT\"CPU使用率\" TEXT\"2024年\")" },
    { "Five-Year", "TEXT\"Five-Year\"" },
    { "prod*", "PREFIX\"prod\"" },
    { "x*", "PREFIX\"x\"" },
    { "title:forces", "FIELD:title(TEXT\"forces\")" },
    { "title:\"new quality\"", "FIELD:title(PHRASE\"new quality\")" },
    { "title:(a OR b)", "FIELD:title(OR(TEXT\"a\" TEXT\"b\"))" },
    { "path:docs", "FIELD:path\"docs\"" },
    { "path:\"my docs\"", "FIELD:path\"my docs\"" },
    { "ext:md", "FIELD:ext\"md\"" },
    { "lang:zh", "FIELD:lang\"zh\"" },
    { "date:2024", "DATE\"2024\"..\"2024\"" },
    { "date:2024-04-17", "DATE\"2024-04-17\"..\"2024-04-17\"" },
    { "date:2023-09..2024-03", "DATE\"2023-09\"..\"2024-03\"" },
    { "date:..2024", "DATE\"\"..\"2024\"" },
    { "date:2023..", "DATE\"2023\"..\"\"" },
    { "date:yesterday", "TEXT\"yesterday\"" },
    { "forces date:2024 ext:txt",
      "AND(TEXT\"forces\" DATE\"2024\"..\"2024\" FIELD:ext\"txt\")" },
    { "nqpf -path:old", "NOT(TEXT\"nqpf\" FIELD:path\"old\")" },
    /* Operators are upper-case ASCII only. */
    { "or", "TEXT\"or\"" },
    { "a or b", "AND(TEXT\"a\" TEXT\"or\" TEXT\"b\")" },
    { "a not b", "AND(TEXT\"a\" TEXT\"not\" TEXT\"b\")" },
    { "或 和 不", "AND(TEXT\"或\" TEXT\"和\" TEXT\"不\")" },
    { "Or", "TEXT\"Or\"" },
    /* White space: ASCII, tabs, newlines, the ideographic space. */
    { "a\xe3\x80\x80" "b", "AND(TEXT\"a\" TEXT\"b\")" },
    { "a\tb\nc", "AND(TEXT\"a\" TEXT\"b\" TEXT\"c\")" },
    /* Malformed: a best-effort reading. */
    { "a OR", "TEXT\"a\"" },
    { "OR a", "TEXT\"a\"" },
    { "a NOT", "TEXT\"a\"" },
    { "a AND OR b", "OR(TEXT\"a\" TEXT\"b\")" },
    { "a NOT NOT b", "NOT(TEXT\"a\" TEXT\"b\")" },
    { "(a", "TEXT\"a\"" },
    { "a)", "TEXT\"a\"" },
    { "a) b", "AND(TEXT\"a\" TEXT\"b\")" },
    { "a (b", "AND(TEXT\"a\" TEXT\"b\")" },
    { ")a(", "TEXT\"a\"" },
    { "\"unclosed phrase", "PHRASE\"unclosed phrase\"" },
    { "a - b", "AND(TEXT\"a\" TEXT\"b\")" },
    { "-\"a b\"", "NOT(ALL PHRASE\"a b\")" },
    { "-(a b)", "NOT(ALL AND(TEXT\"a\" TEXT\"b\"))" },
    { "!!! a ???", "TEXT\"a\"" },
    /* Nothing searchable. */
    { "", NULL },
    { "   ", NULL },
    { "OR", NULL },
    { "AND", NULL },
    { "NOT", NULL },
    { "(", NULL },
    { ")", NULL },
    { "()", NULL },
    { "\"\"", NULL },
    { "!!! ???", NULL },
    { "-", NULL },
    { "*", NULL },
    { "title:", NULL },
    { "path:", NULL },
    { "\xf0\x9f\x98\x80\xe2\x80\x8d", NULL }, /* emoji + ZWJ */
    { "\xff\xfe\xc0", NULL },                 /* invalid UTF-8 only */
};

START_TEST(t_parse_table)
{
    struct qnode *n = NULL;
    struct buf dump = BUF_INIT;
    char *err = NULL;
    sousuo_status_t st;

    st = query_parse(tz, cases[_i].q, strlen(cases[_i].q), &n, NULL, &err);
    if (!cases[_i].expect) {
        ck_assert_msg(st == SOUSUO_QUERY, "'%s' gave %s", cases[_i].q,
                      sousuo_status_name(st));
        ck_assert_ptr_null(n);
        ck_assert_str_eq(err, "the query has no words to search for");
    } else {
        ck_assert_msg(st == SOUSUO_OK, "'%s' gave %s", cases[_i].q,
                      sousuo_status_name(st));
        query_dump(n, &dump);
        ck_assert_msg(strcmp(dump.data, cases[_i].expect) == 0,
                      "'%s': got %s, expected %s", cases[_i].q, dump.data,
                      cases[_i].expect);
    }
    free(err);
    buf_free(&dump);
    query_free(n);
}
END_TEST

START_TEST(t_deep_nesting_is_bounded)
{
    struct buf q = BUF_INIT, dump = BUF_INIT;
    struct qnode *n = NULL;
    int i, truncated = 0;

    for (i = 0; i < 1000; i++)
        buf_addch(&q, '(');
    buf_addstr(&q, "a");
    for (i = 0; i < 1000; i++)
        buf_addch(&q, ')');
    ck_assert_int_eq(query_parse(tz, q.data, q.len, &n, &truncated, NULL),
                     SOUSUO_OK);
    query_dump(n, &dump);
    ck_assert_str_eq(dump.data, "TEXT\"a\"");
    ck_assert_int_eq(truncated, 1);
    query_free(n);
    buf_free(&q);
    buf_free(&dump);
}
END_TEST

START_TEST(t_huge_query_is_cut)
{
    struct buf q = BUF_INIT;
    struct qnode *n = NULL;
    int truncated = 0;

    while (q.len < 100 * 1024)
        buf_addstr(&q, "word ");
    ck_assert_int_eq(query_parse(tz, q.data, q.len, &n, &truncated, NULL),
                     SOUSUO_OK);
    ck_assert_int_eq(n->kind, Q_AND);
    ck_assert_uint_eq(n->nkids, QUERY_MAX_UNITS);
    ck_assert_int_eq(truncated, 1);
    query_free(n);
    buf_free(&q);
}
END_TEST

/* What the tree becomes in Xapian: the parts the design depends on. */
static char *
built(const char *q)
{
    struct qnode *n = NULL;
    sx_query *x = NULL;
    struct buf d = BUF_INIT;

    ck_assert_int_eq(query_parse(tz, q, strlen(q), &n, NULL, NULL), SOUSUO_OK);
    ck_assert_int_eq(query_build(n, tz, NULL, &x, NULL), SOUSUO_OK);
    ck_assert_int_eq(sx_query_describe(x, &d, NULL), SOUSUO_OK);
    sx_query_free(x);
    query_free(n);
    return buf_detach(&d, NULL);
}

static const struct {
    const char *q, *expect;
} builds[] = {
    /* A lone word: its stem in the body, or in the title, boosted. */
    { "forces", "Query((Zforc OR 2 * ZSforc))" },
    /* Quoted: the exact word. */
    { "\"forces\"", "Query((forces OR 2 * Sforces))" },
    /* A CJK run: a phrase of its bigrams. */
    { "产业链", "Query(((产业 PHRASE 2 业链) OR 2 * (S产业 PHRASE 2 S业链)))" },
    /* One CJK character: its unigram. */
    { "链", "Query((链 OR 2 * S链))" },
    /* Script changes: glue terms, the window spans the positions. */
    { "AI芯片", "Query(((ai芯 PHRASE 2 芯片) OR 2 * (Sai芯 PHRASE 2 S芯片)))" },
    { "使用strace",
      "Query(((使用 PHRASE 3 用strace PHRASE 3 strace) OR 2 * (S使用 PHRASE 3 S用strace PHRASE 3 Sstrace)))" },
    { "\"使用 strace\"",
      "Query(((使用 PHRASE 3 strace) OR 2 * (S使用 PHRASE 3 Sstrace)))" },
    { "prod*", "Query((WILDCARD SYNONYM prod OR 2 * WILDCARD SYNONYM Sprod))" },
    { "ext:md", "Query((<alldocuments> FILTER 0 * Emd))" },
    { "a -b", "Query(((Za OR 2 * ZSa) AND_NOT (Zb OR 2 * ZSb)))" },
    { "title:forces", "Query(ZSforc)" },
    { "nqpf date:2024",
      "Query(((Znqpf OR 2 * ZSnqpf) FILTER VALUE_RANGE 1 20240000 20249999))" },
};

START_TEST(t_build_table)
{
    char *got = built(builds[_i].q);

    ck_assert_msg(strcmp(got, builds[_i].expect) == 0,
                  "'%s': got %s, expected %s", builds[_i].q, got,
                  builds[_i].expect);
    free(got);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("parse");
    TCase *tb = tcase_create("build");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, t_parse_table, 0, sizeof cases / sizeof *cases);
    tcase_add_test(tc, t_deep_nesting_is_bounded);
    tcase_add_test(tc, t_huge_query_is_cut);
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(tb, setup, teardown);
    tcase_add_loop_test(tb, t_build_table, 0, sizeof builds / sizeof *builds);
    suite_add_tcase(s, tb);
    return tu_run(s);
}
