/* check_metrics.c - sousuo-eval's metrics and input parsing, against
 * values worked out by hand (the arithmetic is in the comments). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "metrics.h"

#define TOL 1e-4

static void
expect(const struct ev_metrics *m, double rr, double s, double p, double r,
       double ndcg)
{
    ck_assert_double_eq_tol(m->rr, rr, TOL);
    ck_assert_double_eq_tol(m->success, s, TOL);
    ck_assert_double_eq_tol(m->prec, p, TOL);
    ck_assert_double_eq_tol(m->recall, r, TOL);
    ck_assert_double_eq_tol(m->ndcg, ndcg, TOL);
}

/* Hits judged 0, 1, 0, 2; the query has two relevant documents (2, 1). */
START_TEST(t_metrics_by_hand)
{
    static const long rels[] = { 0, 1, 0, 2 }, ideal[] = { 2, 1 };
    struct ev_metrics m;

    /* @1: the first hit is not relevant. */
    ev_metrics_at(rels, 4, ideal, 2, 1, &m);
    expect(&m, 0, 0, 0, 0, 0);
    /* @3: first relevant at rank 2; 1 of 3; 1 of 2 relevant.
     * DCG = 1/log2(3) = 0.63093; ideal = 2/log2(2) + 1/log2(3) = 2.63093;
     * nDCG = 0.23981. */
    ev_metrics_at(rels, 4, ideal, 2, 3, &m);
    expect(&m, 0.5, 1, 1.0 / 3, 0.5, 0.23981);
    /* @4: DCG = 0.63093 + 2/log2(5) = 0.63093 + 0.86135 = 1.49228;
     * nDCG = 1.49228 / 2.63093 = 0.56721; P = 2/4; recall 2/2. */
    ev_metrics_at(rels, 4, ideal, 2, 4, &m);
    expect(&m, 0.5, 1, 0.5, 1, 0.56721);
    /* @10: precision divides by K, not by the 4 hits returned. */
    ev_metrics_at(rels, 4, ideal, 2, 10, &m);
    expect(&m, 0.5, 1, 0.2, 1, 0.56721);
}
END_TEST

START_TEST(t_metrics_edges)
{
    static const long best[] = { 3, 0 }, ideal[] = { 3 };
    static const long neg[] = { -1, 1 }, ideal1[] = { 1 };
    struct ev_metrics m;

    /* No hits at all: every metric is 0. */
    ev_metrics_at(NULL, 0, ideal, 1, 10, &m);
    expect(&m, 0, 0, 0, 0, 0);
    /* The only relevant document first: perfect, whatever its grade. */
    ev_metrics_at(best, 2, ideal, 1, 5, &m);
    expect(&m, 1, 1, 0.2, 1, 1);
    /* A negative judgment is not relevant and adds no gain:
     * DCG = 1/log2(3) = 0.63093 over the ideal 1. */
    ev_metrics_at(neg, 2, ideal1, 1, 2, &m);
    expect(&m, 0.5, 1, 0.5, 1, 0.63093);
}
END_TEST

START_TEST(t_parse_qrels)
{
    struct ev_data d;
    char err[EV_ERR_MAX];
    const char *l;

    memset(&d, 0, sizeof d);
    l = "q1 0 doc/a.html 2\r\n";
    ck_assert_int_eq(ev_add_qrels_line(&d, l, strlen(l), 1, err), 0);
    ck_assert_str_eq(d.qrels[0].qid, "q1");
    ck_assert_str_eq(d.qrels[0].docid, "doc/a.html");
    ck_assert_int_eq(d.qrels[0].rel, 2);
    l = "  \t\n";
    ck_assert_int_eq(ev_add_qrels_line(&d, l, strlen(l), 2, err), 1);
    l = "q1 0 doc/a.html\n";
    ck_assert_int_eq(ev_add_qrels_line(&d, l, strlen(l), 3, err), -1);
    ck_assert_str_eq(err, "expected 4 fields (qid iteration docid "
                          "relevance), found 3");
    l = "q1 0 d x";
    ck_assert_int_eq(ev_add_qrels_line(&d, l, strlen(l), 4, err), -1);
    ck_assert_str_eq(err, "relevance 'x' is not an integer");
    l = "q1 0 d 1.5";
    ck_assert_int_eq(ev_add_qrels_line(&d, l, strlen(l), 5, err), -1);
    ck_assert_str_eq(err, "relevance '1.5' is not an integer");
    ck_assert_int_eq(ev_add_qrels_line(&d, "q1 0\0d 1", 8, 6, err), -1);
    ck_assert_str_eq(err, "NUL byte in the line");
    ck_assert_uint_eq(d.nqrels, 1);
    ev_free(&d);
}
END_TEST

START_TEST(t_parse_run)
{
    struct ev_data d;
    char err[EV_ERR_MAX];
    const char *l;

    memset(&d, 0, sizeof d);
    l = "q1 Q0 zh/a.txt 3 12.5 sousuo\n";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), 0);
    ck_assert_str_eq(d.hits[0].docid, "zh/a.txt");
    ck_assert_int_eq(d.hits[0].rank, 3);
    /* sousuo-search --timings adds a seventh field. */
    l = "q1 Q0 b 4 1e-3 sousuo 0.912";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), 0);
    /* The tab form keeps spaces in the docid. */
    l = "q 2\t7\tmy docs/a b.txt\n";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), 0);
    ck_assert_str_eq(d.hits[2].qid, "q 2");
    ck_assert_str_eq(d.hits[2].docid, "my docs/a b.txt");
    ck_assert_int_eq(d.hits[2].rank, 7);
    ck_assert_uint_eq(d.hits[2].order, 2);
    l = "q1 Q0 d one 1.0 t";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), -1);
    ck_assert_str_eq(err, "rank 'one' is not an integer");
    l = "q1 Q0 d 1 nan t";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), -1);
    ck_assert_str_eq(err, "score 'nan' is not a number");
    l = "q1 Q0 d 1 1.0";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), -1);
    ck_assert_str_eq(err, "expected 'qid Q0 docid rank score tag' or "
                          "'qid<TAB>rank<TAB>docid', found 5 fields");
    l = "q1\t1\t";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), -1);
    /* Three tab fields: a bad rank is the fault, not the field count. */
    l = "q1\tx\ta";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), -1);
    ck_assert_str_eq(err, "rank 'x' is not an integer");
    ck_assert_uint_eq(d.nhits, 3);
    /* Two tabs among six fields: still the six-field form. */
    l = "q1\tQ0\td 5 1.0 t";
    ck_assert_int_eq(ev_add_run_line(&d, l, strlen(l), err), 0);
    ck_assert_str_eq(d.hits[3].docid, "d");
    ck_assert_int_eq(d.hits[3].rank, 5);
    ck_assert_uint_eq(d.nhits, 4);
    ev_free(&d);
}
END_TEST

/* ev_read names the file and the line of the first bad line. */
START_TEST(t_read_errors)
{
    static char text[] = "q1 Q0 a 1 1.0 t\n\nq1 Q0 b 2 x t\nq1 Q0 c 3 1 t\n";
    static char qrels[] = "q1 0 a 1\nq2 0 b 1\nq1 0 a 0\n";
    struct ev_data d;
    char err[EV_ERR_MAX];
    FILE *f;

    memset(&d, 0, sizeof d);
    f = fmemopen(text, strlen(text), "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(ev_read(&d, 1, f, "run.txt", err), -1);
    fclose(f);
    ck_assert_str_eq(err, "run.txt:3: score 'x' is not a number");
    ck_assert_uint_eq(d.nhits, 1);
    ev_free(&d);

    f = fmemopen(qrels, strlen(qrels), "r");
    ck_assert_int_eq(ev_read(&d, 0, f, "q.txt", err), 0);
    fclose(f);
    ck_assert_int_eq(ev_prepare(&d, "q.txt", err), -1);
    ck_assert_str_eq(err, "q.txt:3: a second judgment of 'a' for query "
                          "'q1' (the first is on line 1)");
    ev_free(&d);
}
END_TEST

struct seen {
    char qid[8][16];
    size_t nhits[8];
    struct ev_metrics m[8];
    size_t n;
};

static void
collect(void *ctx, const char *qid, size_t nhits, const struct ev_metrics *m)
{
    struct seen *s = ctx;

    ck_assert_uint_lt(s->n, 8);
    snprintf(s->qid[s->n], sizeof s->qid[0], "%s", qid);
    s->nhits[s->n] = nhits;
    s->m[s->n++] = m[0];
}

static void
add(struct ev_data *d, int kind, const char *l)
{
    char err[EV_ERR_MAX];
    int rc = kind ? ev_add_run_line(d, l, strlen(l), err)
                  : ev_add_qrels_line(d, l, strlen(l), 1, err);

    ck_assert_msg(rc == 0, "%s: %s", l, err);
}

/* The whole path: ordering by rank (not by input order or score), ties
 * in input order, a document listed twice, unjudged and judged-only
 * queries. */
START_TEST(t_evaluate)
{
    static const unsigned k10[] = { 10 };
    struct ev_data d;
    struct seen s;
    char err[EV_ERR_MAX];

    memset(&d, 0, sizeof d);
    memset(&s, 0, sizeof s);
    add(&d, 0, "q2 0 d9 1");
    add(&d, 0, "q1 0 d1 1");
    add(&d, 0, "q1 0 d2 2");
    add(&d, 0, "q1 0 d4 0");
    add(&d, 0, "q3 0 x 0");          /* no relevant document: skipped */
    add(&d, 1, "q1 Q0 d1 5 9.0 t");  /* listed first, ranked last */
    add(&d, 1, "q1 Q0 d3 1 1.0 t");
    add(&d, 1, "q1 Q0 d2 2 1.0 t");
    add(&d, 1, "q1 Q0 d3 3 1.0 t");  /* again: counts once, at rank 1 */
    add(&d, 1, "q2\t1\tzz");
    add(&d, 1, "q2\t1\td9");         /* tie: after zz, its input order */
    add(&d, 1, "qz Q0 d1 1 1.0 t");  /* no judgments */
    ck_assert_int_eq(ev_prepare(&d, "qrels", err), 0);
    ck_assert_int_eq(ev_evaluate(&d, k10, 1, collect, &s), 1);
    ck_assert_uint_eq(s.n, 2);
    ck_assert_str_eq(s.qid[0], "q1");
    ck_assert_str_eq(s.qid[1], "q2");
    /* q1: d3 (0), d2 (2), d1 (1).  rr 1/2; P 2/10; recall 2/2.
     * DCG = 2/log2(3) + 1/log2(4) = 1.26186 + 0.5 = 1.76186;
     * ideal = 2 + 1/log2(3) = 2.63093; nDCG = 0.66968. */
    ck_assert_uint_eq(s.nhits[0], 3);
    expect(&s.m[0], 0.5, 1, 0.2, 1, 0.66968);
    /* q2: zz, d9.  nDCG = (1/log2(3)) / 1 = 0.63093. */
    ck_assert_uint_eq(s.nhits[1], 2);
    expect(&s.m[1], 0.5, 1, 0.1, 1, 0.63093);
    ev_free(&d);
}
END_TEST

/* A judged query absent from the run counts, with zeros. */
START_TEST(t_evaluate_no_hits)
{
    static const unsigned k1[] = { 1 };
    struct ev_data d;
    struct seen s;
    char err[EV_ERR_MAX];

    memset(&d, 0, sizeof d);
    memset(&s, 0, sizeof s);
    add(&d, 0, "a 0 d 1");
    add(&d, 0, "b 0 e 1");
    add(&d, 1, "b Q0 e 1 1 t");
    ck_assert_int_eq(ev_prepare(&d, "qrels", err), 0);
    ck_assert_int_eq(ev_evaluate(&d, k1, 1, collect, &s), 0);
    ck_assert_uint_eq(s.n, 2);
    ck_assert_uint_eq(s.nhits[0], 0);
    expect(&s.m[0], 0, 0, 0, 0, 0);
    expect(&s.m[1], 1, 1, 1, 1, 1);
    ev_free(&d);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("metrics");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, t_metrics_by_hand);
    tcase_add_test(tc, t_metrics_edges);
    tcase_add_test(tc, t_parse_qrels);
    tcase_add_test(tc, t_parse_run);
    tcase_add_test(tc, t_read_errors);
    tcase_add_test(tc, t_evaluate);
    tcase_add_test(tc, t_evaluate_no_hits);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
