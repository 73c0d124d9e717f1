/* metrics.h - ranking metrics from TREC qrels and a run (sousuo-eval).
 *
 * Relevance is graded: a judgment above 0 is relevant (MRR, success,
 * precision, recall), and its value is the gain of nDCG (linear gain,
 * 1/log2(rank + 1) discount, as trec_eval's ndcg_cut).  Ranks are the
 * positions 1, 2, ... of a query's hits sorted by the run's rank column
 * (ties in input order); a document listed twice counts once, at its
 * best rank. */
#ifndef SOUSUO_METRICS_H
#define SOUSUO_METRICS_H

#include <stddef.h>
#include <stdio.h>

/* One qrels line: qid, iteration (ignored), docid, relevance. */
struct ev_qrel {
    char *qid, *docid;
    long rel;
    unsigned long line;
};

/* One run line: qid, docid, rank; ORDER is its place in the input. */
struct ev_hit {
    char *qid, *docid;
    long rank;
    size_t order;
};

struct ev_data {
    struct ev_qrel *qrels;
    size_t nqrels, capqrels;
    struct ev_hit *hits;
    size_t nhits, caphits;
};

/* The metrics of one query at one cut-off K. */
struct ev_metrics {
    double rr;        /* 1/rank of the first relevant hit in the top K */
    double success;   /* 1 if a relevant hit is in the top K */
    double prec;      /* relevant hits in the top K / K */
    double recall;    /* relevant hits in the top K / relevant documents */
    double ndcg;      /* DCG@K / ideal DCG@K */
};

#define EV_ERR_MAX 512

/* Parse one line into D.  Return 0, 1 for a blank line (skipped), or -1
 * with a message (no file name, no line number) in ERR. */
int ev_add_qrels_line(struct ev_data *d, const char *line, size_t len,
                      unsigned long lineno, char *err);
int ev_add_run_line(struct ev_data *d, const char *line, size_t len,
                    char *err);

/* Read a whole file (KIND 0 = qrels, 1 = run).  On failure return -1 with
 * "NAME:LINE: what" (or "NAME: what") in ERR. */
int ev_read(struct ev_data *d, int kind, FILE *f, const char *name,
            char *err);

/* Sort the qrels and the run; a second judgment of the same document for
 * the same query is an error ("NAME:LINE: ..." with QRELS_NAME). */
int ev_prepare(struct ev_data *d, const char *qrels_name, char *err);

/* Metrics of one ranked list: RELS[i] is the judgment of the hit at rank
 * i + 1 (0 when unjudged), N hits; IDEAL holds the NIDEAL positive
 * judgments of the query sorted in decreasing order. */
void ev_metrics_at(const long *rels, size_t n, const long *ideal,
                   size_t nideal, unsigned k, struct ev_metrics *m);

/* Called for each judged query with at least one relevant document, in
 * qid byte order: M[j] holds the metrics at KS[j]; NHITS is the number of
 * distinct documents the run returned for it. */
typedef void (*ev_query_cb)(void *ctx, const char *qid, size_t nhits,
                            const struct ev_metrics *m);

/* Evaluate every judged query; return the number of run queries that
 * have no judgments (ignored), or -1 when out of memory. */
long ev_evaluate(const struct ev_data *d, const unsigned *ks, size_t nks,
                 ev_query_cb cb, void *ctx);

void ev_free(struct ev_data *d);

#endif
