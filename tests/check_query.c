/* check_query.c - the query parser: query string -> tree, one table row
 * per case, malformed input included; what the tree builds in Xapian; how
 * phrases match across punctuation in a real index; and prefix* expanded
 * against an index, one database or two shards. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>

#include "testutil.h"

#include "indexdoc.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"
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
    /* sousuo.7: "-" excludes from its own group, OR binds loosest. */
    { "zebra OR giraffe -stripes",
      "OR(TEXT\"zebra\" NOT(TEXT\"giraffe\" TEXT\"stripes\"))" },
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
    /* One-digit months and days, as people type them. */
    { "date:2024-4", "DATE\"2024-04\"..\"2024-04\"" },
    { "date:2024-4-7", "DATE\"2024-04-07\"..\"2024-04-07\"" },
    { "date:2024-04-7", "DATE\"2024-04-07\"..\"2024-04-07\"" },
    { "date:2024-4-17", "DATE\"2024-04-17\"..\"2024-04-17\"" },
    { "date:2024-4..2024-12", "DATE\"2024-04\"..\"2024-12\"" },
    { "date:2023-9-1..2024-3-31", "DATE\"2023-09-01\"..\"2024-03-31\"" },
    { "date:..2024-4", "DATE\"\"..\"2024-04\"" },
    { "date:2024-4-7..", "DATE\"2024-04-07\"..\"\"" },
    { "date:2024-2-29", "DATE\"2024-02-29\"..\"2024-02-29\"" },
    { "date:2000-2-29", "DATE\"2000-02-29\"..\"2000-02-29\"" },
    /* Ends compared as far as both go. */
    { "date:2024..2024-5", "DATE\"2024\"..\"2024-05\"" },
    { "date:2024-4-30..2024-4", "DATE\"2024-04-30\"..\"2024-04\"" },
    /* Not of a date's characters: text, as before. */
    { "date:2024-4x", "TEXT\"2024-4x\"" },
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

/* A date: value that names no date is an error, not a search that
 * silently finds nothing. */
static const struct {
    const char *q, *err;
} date_errors[] = {
    { "date:2024-13", "date:2024-13: there is no month 13" },
    { "date:2024-0", "date:2024-0: there is no month 0" },
    { "date:2024-00-10", "date:2024-00-10: there is no month 0" },
    { "date:2024-2-30", "date:2024-2-30: February 2024 has 29 days" },
    { "date:2023-2-29", "date:2023-2-29: February 2023 has 28 days" },
    { "date:1900-02-29", "date:1900-02-29: February 1900 has 28 days" },
    { "date:2024-4-31", "date:2024-4-31: April 2024 has 30 days" },
    { "date:2024-4-0", "date:2024-4-0: there is no day 0" },
    { "date:2024-12-32", "date:2024-12-32: there is no day 32" },
    { "date:2023-9..2024-13", "date:2023-9..2024-13: there is no month 13" },
    { "date:2024-2-30..", "date:2024-2-30..: February 2024 has 29 days" },
    { "date:2025..2024", "date:2025..2024: the range ends before it starts" },
    { "date:2024-5..2024-4-30",
      "date:2024-5..2024-4-30: the range ends before it starts" },
    { "date:2024-004", "date:2024-004: not a date: write YYYY, YYYY-MM or "
                       "YYYY-MM-DD, or a range such as 2023-9..2024-3" },
    { "date:20240417", "date:20240417: not a date: write YYYY, YYYY-MM or "
                       "YYYY-MM-DD, or a range such as 2023-9..2024-3" },
    { "date:2024...2025", "date:2024...2025: not a date: write YYYY, "
                          "YYYY-MM or YYYY-MM-DD, or a range such as "
                          "2023-9..2024-3" },
    { "date:0..99999999999999999999999999999999999999999",
      "date:0..9999999999999999999999999999999999999...: not a date: "
      "write YYYY, YYYY-MM or YYYY-MM-DD, or a range such as "
      "2023-9..2024-3" },
    /* Anywhere in the query; the first one is named. */
    { "forces date:2024-13 ext:md date:2024-2-30",
      "date:2024-13: there is no month 13" },
    { "a OR (b -date:2024-4-31)", "date:2024-4-31: April 2024 has 30 days" },
};

START_TEST(t_date_errors)
{
    struct qnode *n = (struct qnode *)1;
    char *err = NULL;
    sousuo_status_t st;

    st = query_parse(tz, date_errors[_i].q, strlen(date_errors[_i].q), &n,
                     NULL, &err);
    ck_assert_msg(st == SOUSUO_QUERY, "'%s' gave %s", date_errors[_i].q,
                  sousuo_status_name(st));
    ck_assert_ptr_null(n);
    ck_assert_str_eq(err, date_errors[_i].err);
    free(err);
    /* Without a message wanted: the same answer, nothing leaked. */
    ck_assert_int_eq(query_parse(tz, date_errors[_i].q,
                                 strlen(date_errors[_i].q), &n, NULL, NULL),
                     SOUSUO_QUERY);
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
    /* Punctuation leaves a position gap (tokenize.h) that the window
     * spans: e@0 mail@2. */
    { "e-mail", "Query(((e PHRASE 3 mail) OR 2 * (Se PHRASE 3 Smail)))" },
    { "\"e mail\"", "Query(((e PHRASE 2 mail) OR 2 * (Se PHRASE 2 Smail)))" },
    { "\"end. the\"",
      "Query(((end PHRASE 3 the) OR 2 * (Send PHRASE 3 Sthe)))" },
    /* 中国@0 人民@3: the unigrams 国 and 民 are covered by bigrams. */
    { "中国，人民",
      "Query(((中国 PHRASE 4 人民) OR 2 * (S中国 PHRASE 4 S人民)))" },
    { "\"Linux，系统\"",
      "Query(((linux PHRASE 3 系统) OR 2 * (Slinux PHRASE 3 S系统)))" },
    /* A one-character run after white space may be inside a run of the
     * text, glued on: then the bigram with the next run's first character
     * sits at its position, or, at the end, the glued form matches. */
    { "\"할 수 있다\"",
      "Query((((할 OR 0 * 할수) PHRASE 3 (수 OR 0 * 수있) PHRASE 3 있다) OR 2 * ((S할 OR 0 * S할수) PHRASE 3 (S수 OR 0 * S수있) PHRASE 3 S있다)))" },
    { "\"中国 人\"",
      "Query((((中国 AND 人) FILTER ((中国 PHRASE 3 人) OR (中国 PHRASE 2 国人))) OR 2 * ((S中国 AND S人) FILTER ((S中国 PHRASE 3 S人) OR (S中国 PHRASE 2 S国人)))))" },
    { "\"中 人\"",
      "Query((((中 AND 人) FILTER ((中 PHRASE 2 人) OR 中人)) OR 2 * ((S中 AND S人) FILTER ((S中 PHRASE 2 S人) OR S中人))))" },
    /* Next to a word or a gap it is at the edge of its run. */
    { "\"2024 年\"", "Query(((2024 PHRASE 2 年) OR 2 * (S2024 PHRASE 2 S年)))" },
    { "\"中国，人\"", "Query(((中国 PHRASE 4 人) OR 2 * (S中国 PHRASE 4 S人)))" },
    { "prod*", "Query((WILDCARD SYNONYM prod OR 2 * WILDCARD SYNONYM Sprod))" },
    { "ext:md", "Query((<alldocuments> FILTER 0 * Emd))" },
    { "a -b", "Query(((Za OR 2 * ZSa) AND_NOT (Zb OR 2 * ZSb)))" },
    { "title:forces", "Query(ZSforc)" },
    { "nqpf date:2024",
      "Query(((Znqpf OR 2 * ZSnqpf) FILTER VALUE_RANGE 1 20240000 20241231))" },
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

/* ---- phrases across punctuation, in a real index ----------------------- */

static char *tmp, *dbpath;

static void
index_setup(void)
{
    static const char *const docs[][2] = {
        { "dash.txt", "Send an e-mail. The end. The story goes on." },
        { "space.txt", "Send an e mail. At the end the story goes on." },
        { "zh-comma.txt", "中国，人民" },
        { "zh-run.txt", "中国人民" },
        { "zh-space.txt", "中国 人民" },
        { "mixed.txt", "使用strace调试，Linux系统" },
        /* 生 and 수 inside runs, where no unigram has a position. */
        { "dx-inner.txt", "他是大学生们" },
        { "dx-space.txt", "大学 生活" },
        { "dx-comma.txt", "大学，生活" },
        { "ko-glued.txt", "우리는할수있다고" },
        { "ko-space.txt", "할 수 있다" },
        { "ko-half.txt", "할수 있다" },
        { "ko-other.txt", "할 수가 없다" },
        { "year-glued.txt", "2024年度" },
        { "year-apart.txt", "2024 去年度" },
    };
    sx_db *db;
    struct sx_error e;
    struct buf id = BUF_INIT;
    size_t i;

    setup();
    tmp = tu_tmpdir();
    dbpath = tu_path(tmp, ".sousuo");
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_CREATE, &db, &e),
                     SOUSUO_OK);
    for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        struct indexdoc in;
        sx_doc *doc;

        memset(&in, 0, sizeof in);
        in.relpath = docs[i][0];
        in.relpath_len = strlen(docs[i][0]);
        in.text = docs[i][1];
        in.text_len = strlen(docs[i][1]);
        ck_assert_int_eq(indexdoc_build(tz, &in, &doc, NULL, NULL, &e), SOUSUO_OK);
        indexdoc_idterm(in.relpath, in.relpath_len, &id);
        ck_assert_int_eq(sx_db_replace_document(db, id.data, id.len, doc,
                                                NULL, &e),
                         SOUSUO_OK);
        sx_doc_free(doc);
    }
    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER, tokenizer_id(tz),
                                        strlen(tokenizer_id(tz)), &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_STEM, "english", 7, &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    buf_free(&id);
}

static void
index_teardown(void)
{
    teardown();
    tu_rmtree(tmp);
    free(tmp);
    free(dbpath);
}

/* The matching paths, sorted by name (not by rank). */
static const struct {
    const char *q, *expect;
} phrase_cases[] = {
    /* Words apart by punctuation are no phrase... */
    { "\"e mail\"", "space.txt" },
    { "\"end the\"", "space.txt" },
    { "\"email\"", "" },
    /* ...but a query with the same punctuation matches them.  Xapian's
     * window only bounds the span: "e-mail" also finds "e mail". */
    { "e-mail", "dash.txt space.txt" },
    { "\"e-mail\"", "dash.txt space.txt" },
    { "\"end. the\"", "dash.txt space.txt" },
    { "\"end. The story\"", "dash.txt space.txt" },
    { "\"the story\"", "dash.txt space.txt" },
    /* Unquoted words need not be a phrase. */
    { "end the", "dash.txt space.txt" },
    /* CJK: a run matches only itself; punctuation between runs is a gap
     * that white space is not. */
    { "中国人民", "zh-run.txt" },
    { "\"中国 人民\"", "zh-run.txt zh-space.txt" },
    { "中国，人民", "zh-comma.txt zh-run.txt zh-space.txt" },
    /* Glue is untouched; after punctuation a word starts anew. */
    { "使用strace", "mixed.txt" },
    { "\"调试 Linux\"", "" },
    { "调试，Linux", "mixed.txt" },
    { "Linux系统", "mixed.txt" },
    /* A one-character run typed after a space matches spaced and glued
     * text, its character at a run's edge or inside. */
    { "\"大学 生\"", "dx-inner.txt dx-space.txt" },
    { "\"学 生\"", "dx-inner.txt dx-space.txt" },
    { "\"할 수 있다\"", "ko-glued.txt ko-half.txt ko-space.txt" },
    { "\"할 수\"", "ko-glued.txt ko-half.txt ko-other.txt ko-space.txt" },
    { "\"수 있다\"", "ko-glued.txt ko-half.txt ko-space.txt" },
    { "\"는 할 수 있 다 고\"", "ko-glued.txt" },
    { "\"우리는 할 수\"", "ko-glued.txt" },
    /* Next to a word: only where they are adjacent. */
    { "\"2024 年\"", "year-glued.txt" },
    { "\"年 2024\"", "" },
    { "2024 年", "year-apart.txt year-glued.txt" },
};

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(t_phrase_gaps)
{
    sousuo_index_t *ix;
    sousuo_results_t *r = NULL;
    struct buf got = BUF_INIT;
    const char *p[16];
    size_t n, i;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    ck_assert_msg(sousuo_search(ix, phrase_cases[_i].q, NULL, &r) == SOUSUO_OK,
                  "%s: %s", phrase_cases[_i].q, sousuo_index_errmsg(ix));
    n = sousuo_results_count(r);
    ck_assert_uint_le(n, 16);
    for (i = 0; i < n; i++)
        p[i] = sousuo_results_path(r, i);
    qsort(p, n, sizeof p[0], cmp_str);
    for (i = 0; i < n; i++)
        buf_addf(&got, "%s%s", i ? " " : "", p[i]);
    ck_assert_msg(strcmp(got.len ? got.data : "", phrase_cases[_i].expect) == 0,
                  "'%s': got '%s', expected '%s'", phrase_cases[_i].q,
                  got.len ? got.data : "", phrase_cases[_i].expect);
    buf_free(&got);
    sousuo_results_free(r);
    sousuo_index_close(ix);
}
END_TEST

/* Highlights agree with the index: a gap in the document breaks a phrase
 * typed without one; a query with a gap matches with or without it. */
static const struct {
    const char *q, *text, *expect;
} highlight_cases[] = {
    { "\"e mail\"", "an e-mail, an e mail", "14-20" },
    { "e-mail", "an e-mail, an e mail, e x mail", "3-9 14-20" },
    { "\"end the\"", "The end. The end the", "13-20" },
    { "中国，人民", "中国，人民。中国人民", "0-15 18-30" },
    { "中国人民", "中国，人民。中国人民", "18-30" },
};

START_TEST(t_highlight_gaps)
{
    struct qnode *n = NULL;
    struct snip_query sq;
    struct snippet sn;
    struct buf b = BUF_INIT;
    const char *q = highlight_cases[_i].q, *text = highlight_cases[_i].text;
    size_t i;

    ck_assert_int_eq(query_parse(tz, q, strlen(q), &n, NULL, NULL), SOUSUO_OK);
    snip_query_init(&sq, n, tz);
    ck_assert_int_eq(snippet_find(tz, &sq, text, strlen(text), 80, 0, &sn),
                     SOUSUO_OK);
    for (i = 0; i < sn.nm; i++)
        buf_addf(&b, "%s%zu-%zu", i ? " " : "", sn.m[i].start, sn.m[i].end);
    ck_assert_msg(strcmp(b.len ? b.data : "", highlight_cases[_i].expect) == 0,
                  "'%s' in '%s': got '%s', expected '%s'", q, text,
                  b.len ? b.data : "", highlight_cases[_i].expect);
    buf_free(&b);
    snippet_free(&sn);
    snip_query_free(&sq);
    query_free(n);
}
END_TEST

/* An index written by another version of the tokenizer (sousuo-tok/2
 * had no gaps) is refused with the way out, not searched wrongly. */
START_TEST(t_old_tokenizer_refused)
{
    sousuo_index_t *ix = NULL;
    sx_db *db;
    struct sx_error e;
    char *err = NULL;

    ck_assert_str_eq(tokenizer_id(tz), "sousuo-tok/4 stem=english");
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_OPEN, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER,
                                        "sousuo-tok/2 stem=english", 25, &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, &err),
                     SOUSUO_MISMATCH);
    ck_assert_ptr_null(ix);
    ck_assert_ptr_nonnull(strstr(err, "sousuo-tok/2"));
    ck_assert_ptr_nonnull(strstr(err, "re-index with sousuo-index --full"));
    sousuo_free(err);
}
END_TEST

/* ---- prefix* expanded against the index -------------------------------- */

/* The same documents in one database (one/) and split over two (two/,
 * a stub listing two/s0 and two/s1): pz<i> in one document each, pzhi and
 * pzlo in many; zq000..zq299, past QUERY_MAX_EXPANSION, where zq200..zq299
 * are in two documents and the others in one; kiwa/kiwb/kiwc in 3/1/2. */
#define PZ_DOCS 120
#define ZQ_TERMS 300

static char *xtmp;

static void
add_doc(sx_db *db, const char *path, const char *text)
{
    struct indexdoc in;
    struct buf id = BUF_INIT;
    struct sx_error e;
    sx_doc *doc;

    memset(&in, 0, sizeof in);
    in.relpath = path;
    in.relpath_len = strlen(path);
    in.text = text;
    in.text_len = strlen(text);
    ck_assert_int_eq(indexdoc_build(tz, &in, &doc, NULL, NULL, &e), SOUSUO_OK);
    indexdoc_idterm(in.relpath, in.relpath_len, &id);
    ck_assert_int_eq(sx_db_replace_document(db, id.data, id.len, doc, NULL,
                                            &e),
                     SOUSUO_OK);
    sx_doc_free(doc);
    buf_free(&id);
}

static sx_db *
new_db(const char *dir, const char *name)
{
    char *path = tu_path(dir, name);
    struct sx_error e;
    sx_db *db;

    ck_assert_int_eq(sx_db_open_writable(path, SX_CREATE, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER, tokenizer_id(tz),
                                        strlen(tokenizer_id(tz)), &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_STEM, "english", 7, &e),
                     SOUSUO_OK);
    free(path);
    return db;
}

static void
expand_setup(void)
{
    static const char *const kiw[] = { "kiwa", "kiwa kiwc", "kiwa kiwb kiwc" };
    sx_db *one, *part[2];
    struct buf text = BUF_INIT;
    char path[32], *two;
    struct sx_error e;
    size_t k = 0;
    int i, j;

    setup();
    xtmp = tu_tmpdir();
    two = tu_path(xtmp, "two");
    ck_assert_int_eq(mkdir(two, 0777), 0);
    one = new_db(xtmp, "one");
    part[0] = new_db(two, "s0");
    part[1] = new_db(two, "s1");
    for (i = 0; i < PZ_DOCS; i++, k++) {
        buf_reset(&text);
        buf_addf(&text, "pz%d filler", i);
        for (j = 0; j < i % 7; j++)
            buf_addstr(&text, " filler");
        if (i % 3 == 0)
            buf_addstr(&text, " pzhi");
        if (i % 11 == 0)
            buf_addstr(&text, " pzlo");
        snprintf(path, sizeof path, "pz%03d.txt", i);
        add_doc(one, path, text.data);
        add_doc(part[k % 2], path, text.data);
    }
    for (i = 0; i < ZQ_TERMS; i++, k++) {
        buf_reset(&text);
        buf_addf(&text, "zq%03d", i);
        if (i < ZQ_TERMS - 200)
            buf_addf(&text, " zq%03d", 200 + i);
        snprintf(path, sizeof path, "zq%03d.txt", i);
        add_doc(one, path, text.data);
        add_doc(part[k % 2], path, text.data);
    }
    for (i = 0; i < 3; i++, k++) {
        snprintf(path, sizeof path, "kiw%d.txt", i);
        add_doc(one, path, kiw[i]);
        add_doc(part[k % 2], path, kiw[i]);
    }
    for (i = 0; i < 2; i++) {
        ck_assert_int_eq(sx_db_commit(part[i], &e), SOUSUO_OK);
        sx_db_close(part[i]);
    }
    ck_assert_int_eq(sx_db_commit(one, &e), SOUSUO_OK);
    sx_db_close(one);
    ck_assert_int_eq(tu_write_file(two, "XAPIANDB", "glass s0\nglass s1\n",
                                   18),
                     0);
    buf_free(&text);
    free(two);
}

static void
expand_teardown(void)
{
    teardown();
    tu_rmtree(xtmp);
    free(xtmp);
}

static sx_db *
open_db(const char *name)
{
    char *path = tu_path(xtmp, name);
    sx_db *db = NULL;

    ck_assert_int_eq(sx_db_open(path, &db, NULL), SOUSUO_OK);
    free(path);
    return db;
}

/* q built against db (NULL: Xapian's wildcard), body terms only. */
static sx_query *
build_with(const char *q, sx_db *db)
{
    struct query_opts qo;
    struct qnode *n = NULL;
    sx_query *x = NULL;
    struct sx_error e;

    memset(&qo, 0, sizeof qo);
    qo.db = db;
    ck_assert_int_eq(query_parse(tz, q, strlen(q), &n, NULL, NULL), SOUSUO_OK);
    ck_assert_msg(query_build(n, tz, &qo, &x, &e) == SOUSUO_OK, "%s: %s", q,
                  e.msg);
    query_free(n);
    return x;
}

static char *
described(const char *q, sx_db *db)
{
    sx_query *x = build_with(q, db);
    struct buf d = BUF_INIT;

    ck_assert_int_eq(sx_query_describe(x, &d, NULL), SOUSUO_OK);
    sx_query_free(x);
    return buf_detach(&d, NULL);
}

/* q with the exact-title boost (exact.h) against db, described. */
static char *
described_exact(const char *q, sx_db *db)
{
    struct query_opts qo;
    struct qnode *n = NULL;
    sx_query *x = NULL;
    struct buf d = BUF_INIT;
    struct sx_error e;

    memset(&qo, 0, sizeof qo);
    qo.db = db;
    qo.exact = 30;
    ck_assert_int_eq(query_parse(tz, q, strlen(q), &n, NULL, NULL), SOUSUO_OK);
    ck_assert_int_eq(query_build(n, tz, &qo, &x, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_query_describe(x, &d, NULL), SOUSUO_OK);
    query_free(n);
    sx_query_free(x);
    return buf_detach(&d, NULL);
}

/* The exact-title boost looks its term up first where that costs no
 * round trip: in a local database, and so in a stub of local shards
 * (every default index is one).  No document has that title: no boost
 * term, the same query through the stub as in the one database. */
START_TEST(t_exact_boost_local_stub)
{
    sx_db *one = open_db("one"), *two = open_db("two");
    char *d1 = described_exact("pz1 filler", one);
    char *d2 = described_exact("pz1 filler", two);

    ck_assert_int_eq(sx_db_local(two), 1);
    ck_assert_ptr_null(strstr(d1, PFX_EXACT));
    ck_assert_str_eq(d2, d1);
    free(d1);
    free(d2);
    sx_db_close(one);
    sx_db_close(two);
}
END_TEST

/* Explicit synonyms of the terms, nested two by two, the least frequent
 * first (xapian-shim.h); no term: nothing; one: the term. */
START_TEST(t_expand_terms)
{
    sx_db *db = open_db("one");
    char *got;

    got = described("kiw*", db);
    ck_assert_str_eq(got, "Query(((kiwc SYNONYM kiwb) SYNONYM kiwa))");
    free(got);
    got = described("pzl*", db);
    ck_assert_str_eq(got, "Query(pzlo)");
    free(got);
    got = described("nosuchprefix*", db);
    ck_assert_str_eq(got, "Query()");
    free(got);
    got = described("kiw* OR pzl*", db);
    ck_assert_str_eq(got,
                     "Query((((kiwc SYNONYM kiwb) SYNONYM kiwa) OR pzlo))");
    free(got);
    /* Without a database: Xapian's wildcard, as before. */
    got = described("kiw*", NULL);
    ck_assert_str_eq(got, "Query(WILDCARD SYNONYM kiw)");
    free(got);
    sx_db_close(db);
}
END_TEST

/* Past QUERY_MAX_EXPANSION: the most frequent terms of the index, ties
 * at the cut in byte order; the same whatever the split. */
START_TEST(t_expand_limit)
{
    const char *const names[] = { "one", "two" };
    char term[16];
    int i, k;

    ck_assert_int_eq(QUERY_MAX_EXPANSION, 256);
    for (k = 0; k < 2; k++) {
        sx_db *db = open_db(names[k]);
        char *got = described("zq*", db);
        size_t n = 0;
        const char *p;

        for (p = got; (p = strstr(p, "zq")) != NULL; p++)
            n++;
        ck_assert_msg(n == QUERY_MAX_EXPANSION, "%s: %zu terms", names[k], n);
        /* zq200..zq299 (in two documents) and zq000..zq155. */
        for (i = 0; i < ZQ_TERMS; i++) {
            snprintf(term, sizeof term, "zq%03d", i);
            ck_assert_msg(!strstr(got, term) == (i >= 156 && i < 200),
                          "%s: %s", names[k], term);
        }
        free(got);
        sx_db_close(db);
    }
}
END_TEST

/* At most QUERY_MAX_WILDCARDS prefixes expand; the rest match nothing. */
START_TEST(t_expand_max_wildcards)
{
    sx_db *db = open_db("one");
    struct buf q = BUF_INIT;
    char *got;
    int i;

    for (i = 0; i <= QUERY_MAX_WILDCARDS; i++)
        buf_addf(&q, "%szq%03d*", i ? " OR " : "", i);
    got = described(q.data, db);
    ck_assert_ptr_nonnull(strstr(got, "zq015"));
    ck_assert_ptr_null(strstr(got, "zq016"));
    free(got);
    buf_free(&q);
    sx_db_close(db);
}
END_TEST

/* "path weight" per hit, by rank, for q over db. */
static char *
ranked(sx_db *db, const sx_query *q)
{
    sx_enquire *en;
    sx_mset *m;
    struct buf out = BUF_INIT, path = BUF_INIT;
    size_t i;

    ck_assert_int_eq(sx_enquire_new(db, &en, NULL), SOUSUO_OK);
    ck_assert_int_eq(sx_enquire_set_query(en, q, NULL), SOUSUO_OK);
    ck_assert_int_eq(sx_enquire_mset(en, 0, 1000, 0, &m, NULL), SOUSUO_OK);
    for (i = 0; i < sx_mset_size(m); i++) {
        ck_assert_int_eq(sx_mset_value(m, i, SLOT_PATH, &path, NULL),
                         SOUSUO_OK);
        buf_addf(&out, "%.*s %.9f\n", (int)path.len, path.data,
                 sx_mset_weight(m, i));
    }
    sx_mset_free(m);
    sx_enquire_free(en);
    buf_free(&path);
    return buf_detach(&out, NULL);
}

/* a and b are the same text; else the first line that differs (Check
 * cannot carry a long message). */
static void
assert_same(const char *what, const char *a, const char *b)
{
    size_t d = 0;

    while (a[d] && a[d] == b[d])
        d++;
    while (d > 0 && a[d - 1] != '\n')
        d--;
    ck_assert_msg(strcmp(a, b) == 0, "%s: from byte %zu, '%.100s' vs '%.100s'",
                  what, d, a + d, b + d);
}

/* Equal weights (pz* has them) come in docid order, which the split
 * changes: compare the lines sorted. */
static int
cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
sorted_lines(char *s)
{
    char *v[1024], *tok, *save = NULL;
    struct buf out = BUF_INIT;
    size_t n = 0, i;

    for (tok = strtok_r(s, "\n", &save); tok && n < 1024;
         tok = strtok_r(NULL, "\n", &save))
        v[n++] = tok;
    qsort(v, n, sizeof v[0], cmp_line);
    for (i = 0; i < n; i++)
        buf_addf(&out, "%s\n", v[i]);
    free(s);
    return buf_detach(&out, NULL);
}

/* Two shards weigh an expansion as one database does (issue 9); Xapian's
 * own wildcard, expanded and weighed in each shard, does not. */
START_TEST(t_expand_shards_rank_alike)
{
    static const char *const qs[] = { "pz*", "pz* filler", "zq*", "kiw*" };
    sx_db *one = open_db("one"), *two = open_db("two");
    size_t i;

    for (i = 0; i < sizeof qs / sizeof *qs; i++) {
        sx_query *q1 = build_with(qs[i], one), *q2 = build_with(qs[i], two);
        char *r1 = sorted_lines(ranked(one, q1));
        char *r2 = sorted_lines(ranked(two, q2));

        assert_same(qs[i], r1, r2);
        ck_assert_uint_gt(strlen(r1), 0);
        free(r1);
        free(r2);
        sx_query_free(q1);
        sx_query_free(q2);
    }
    {
        sx_query *w = build_with("pz*", NULL);
        char *r1 = sorted_lines(ranked(one, w));
        char *r2 = sorted_lines(ranked(two, w));

        ck_assert_msg(strcmp(r1, r2) != 0, "the wildcard ranked alike");
        free(r1);
        free(r2);
        sx_query_free(w);
    }
    sx_db_close(one);
    sx_db_close(two);
}
END_TEST

/* The public search passes its database to the builder. */
START_TEST(t_expand_search)
{
    const char *const names[] = { "one", "two" };
    struct buf got[2] = { BUF_INIT, BUF_INIT };
    size_t i, k;

    for (k = 0; k < 2; k++) {
        char *path = tu_path(xtmp, names[k]);
        sousuo_search_opts_t o;
        sousuo_index_t *ix;
        sousuo_results_t *r = NULL;

        sousuo_search_opts_init(&o);
        o.limit = 1000;
        o.matches = SOUSUO_MATCHES_NONE;
        ck_assert_int_eq(sousuo_index_open(path, 0, &ix, NULL), SOUSUO_OK);
        ck_assert_int_eq(sousuo_search(ix, "pz* filler", &o, &r), SOUSUO_OK);
        for (i = 0; i < sousuo_results_count(r); i++)
            buf_addf(&got[k], "%s %.9f\n", sousuo_results_path(r, i),
                     sousuo_results_score(r, i));
        sousuo_results_free(r);
        sousuo_index_close(ix);
        free(path);
    }
    ck_assert_uint_eq(got[0].len > 0, 1);
    assert_same("pz* filler", got[0].data, got[1].data);
    buf_free(&got[0]);
    buf_free(&got[1]);
}
END_TEST

/* ---- CJK unigram positions only at the edges of a run ------------------ */

/* Hits of the phrase of the given terms within window (0: their
 * count). */
static size_t
phrase_hits(sx_db *db, const char *const *terms, size_t n, unsigned window)
{
    sx_query *parts[4], *q;
    sx_enquire *en;
    sx_mset *m;
    size_t i, hits;

    for (i = 0; i < n; i++)
        ck_assert_int_eq(sx_query_term(terms[i], strlen(terms[i]), 1, 0,
                                       &parts[i], NULL), SOUSUO_OK);
    ck_assert_int_eq(sx_query_combine(n > 1 ? SX_OP_PHRASE : SX_OP_OR, parts,
                                      n, window, &q, NULL), SOUSUO_OK);
    ck_assert_int_eq(sx_enquire_new(db, &en, NULL), SOUSUO_OK);
    ck_assert_int_eq(sx_enquire_set_query(en, q, NULL), SOUSUO_OK);
    ck_assert_int_eq(sx_enquire_mset(en, 0, 10, 0, &m, NULL), SOUSUO_OK);
    hits = sx_mset_size(m);
    sx_mset_free(m);
    sx_enquire_free(en);
    sx_query_free(q);
    for (i = 0; i < n; i++)
        sx_query_free(parts[i]);
    return hits;
}

START_TEST(t_unigram_positions)
{
    static const struct {
        const char *t[3];
        size_t n, hits;
        unsigned w;
    } cases[] = {
        /* A bigram sits at its first character's position. */
        { { "甲", "乙丙" }, 2, 1, 0 },  /* the first character: positional */
        { { "乙丙", "丁" }, 2, 1, 3 },  /* the last */
        { { "甲", "乙" }, 2, 0, 0 },    /* 乙 inside: no position */
        { { "甲乙", "丙" }, 2, 0, 3 },  /* 丙 inside */
        { { "乙" }, 1, 1, 0 },          /* still a term */
        { { "甲乙", "乙丙", "丙丁" }, 3, 1, 0 },
        { { "丁", "戊" }, 2, 1, 0 },    /* 戊 a run of one */
        /* 乙 has no positions: Xapian 1.4 would find it at 0, just
         * before 甲 if the body began at 1 (schema.h BODY_FIRST_POS). */
        { { "乙", "甲" }, 2, 0, 0 },
        { { "丙", "甲" }, 2, 0, 3 },
        { { "S子", "S丑寅" }, 2, 1, 0 }, /* the title likewise */
        { { "S子", "S丑" }, 2, 0, 0 },
        { { "S丑寅", "S卯" }, 2, 1, 3 },
        { { "子", "丑寅" }, 2, 1, 0 },  /* and its body terms */
        { { "子", "丑" }, 2, 0, 0 },
    };
    char *path = tu_path(tmp, "edges");
    struct indexdoc in;
    struct buf id = BUF_INIT;
    struct sx_error e;
    sx_db *db;
    sx_doc *doc;
    double avlen = 0;
    size_t i;

    memset(&in, 0, sizeof in);
    in.relpath = "a.txt";
    in.relpath_len = 5;
    in.text = "甲乙丙丁 戊";
    in.text_len = strlen(in.text);
    ck_assert_int_eq(sx_db_open_writable(path, SX_CREATE, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(indexdoc_build(tz, &in, &doc, NULL, NULL, &e), SOUSUO_OK);
    indexdoc_idterm(in.relpath, in.relpath_len, &id);
    ck_assert_int_eq(sx_db_replace_document(db, id.data, id.len, doc, NULL,
                                            &e), SOUSUO_OK);
    sx_doc_free(doc);
    /* The document's length is its wdfs: 5 unigrams + 3 bigrams, with or
     * without positions. */
    ck_assert_int_eq(sx_db_avlength(db, &avlen, &e), SOUSUO_OK);
    ck_assert(avlen == 8);
    in.relpath = "b.txt";
    in.title = "子丑寅卯";
    in.title_len = strlen(in.title);
    in.text = "x";
    in.text_len = 1;
    ck_assert_int_eq(indexdoc_build(tz, &in, &doc, NULL, NULL, &e), SOUSUO_OK);
    indexdoc_idterm(in.relpath, in.relpath_len, &id);
    ck_assert_int_eq(sx_db_replace_document(db, id.data, id.len, doc, NULL,
                                            &e), SOUSUO_OK);
    sx_doc_free(doc);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    for (i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_msg(phrase_hits(db, cases[i].t, cases[i].n, cases[i].w) ==
                      cases[i].hits,
                      "case %zu", i);
    sx_db_close(db);
    buf_free(&id);
    free(path);
}
END_TEST

/* The alternatives for glued text add no weight: a hit weighs what the
 * AND of the phrase's own terms gives it. */
START_TEST(t_glued_weight)
{
    static const char *const qs[] = { "\"大学 生\"", "\"学 生\"",
                                      "\"할 수 있다\"", "\"할 수\"" };
    static const char *const plain[][3] = {
        { "大学", "生" }, { "学", "生" }, { "할", "수", "있다" }, { "할", "수" }
    };
    struct query_opts o;
    sx_db *db;
    size_t i, k;

    memset(&o, 0, sizeof o);
    ck_assert_int_eq(sx_db_open(dbpath, &db, NULL), SOUSUO_OK);
    for (i = 0; i < sizeof qs / sizeof *qs; i++) {
        struct qnode *n = NULL;
        sx_query *q = NULL, *parts[3], *and = NULL;
        char *got, *want, *line;
        size_t np = plain[i][2] ? 3 : 2;

        ck_assert_int_eq(query_parse(tz, qs[i], strlen(qs[i]), &n, NULL,
                                     NULL), SOUSUO_OK);
        ck_assert_int_eq(query_build(n, tz, &o, &q, NULL), SOUSUO_OK);
        for (k = 0; k < np; k++)
            ck_assert_int_eq(sx_query_term(plain[i][k], strlen(plain[i][k]),
                                           1, 0, &parts[k], NULL), SOUSUO_OK);
        ck_assert_int_eq(sx_query_combine(SX_OP_AND, parts, np, 0, &and,
                                          NULL), SOUSUO_OK);
        got = ranked(db, q);
        want = ranked(db, and);
        for (line = strtok(got, "\n"); line; line = strtok(NULL, "\n"))
            ck_assert_msg(strstr(want, line), "%s: %s not in %s", qs[i], line,
                          want);
        free(got);
        free(want);
        for (k = 0; k < np; k++)
            sx_query_free(parts[k]);
        sx_query_free(and);
        sx_query_free(q);
        query_free(n);
    }
    sx_db_close(db);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("parse");
    TCase *tb = tcase_create("build");
    TCase *tp = tcase_create("phrase");
    TCase *tx = tcase_create("expand");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, t_parse_table, 0, sizeof cases / sizeof *cases);
    tcase_add_loop_test(tc, t_date_errors, 0,
                        sizeof date_errors / sizeof *date_errors);
    tcase_add_test(tc, t_deep_nesting_is_bounded);
    tcase_add_test(tc, t_huge_query_is_cut);
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(tb, setup, teardown);
    tcase_add_loop_test(tb, t_build_table, 0, sizeof builds / sizeof *builds);
    suite_add_tcase(s, tb);
    tcase_add_checked_fixture(tp, index_setup, index_teardown);
    tcase_add_loop_test(tp, t_phrase_gaps, 0,
                        sizeof phrase_cases / sizeof *phrase_cases);
    tcase_add_loop_test(tp, t_highlight_gaps, 0,
                        sizeof highlight_cases / sizeof *highlight_cases);
    tcase_add_test(tp, t_old_tokenizer_refused);
    tcase_add_test(tp, t_unigram_positions);
    tcase_add_test(tp, t_glued_weight);
    suite_add_tcase(s, tp);
    tcase_add_checked_fixture(tx, expand_setup, expand_teardown);
    tcase_add_test(tx, t_expand_terms);
    tcase_add_test(tx, t_expand_limit);
    tcase_add_test(tx, t_expand_max_wildcards);
    tcase_add_test(tx, t_expand_shards_rank_alike);
    tcase_add_test(tx, t_expand_search);
    tcase_add_test(tx, t_exact_boost_local_stub);
    suite_add_tcase(s, tx);
    return tu_run(s);
}
