/* check_query.c - the query parser: query string -> tree, one table row
 * per case, malformed input included; what the tree builds in Xapian; and
 * how phrases match across punctuation in a real index. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        ck_assert_int_eq(indexdoc_build(tz, &in, &doc, NULL, &e), SOUSUO_OK);
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

    ck_assert_str_eq(tokenizer_id(tz), "sousuo-tok/3 stem=english");
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

int
main(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("parse");
    TCase *tb = tcase_create("build");
    TCase *tp = tcase_create("phrase");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, t_parse_table, 0, sizeof cases / sizeof *cases);
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
    suite_add_tcase(s, tp);
    return tu_run(s);
}
