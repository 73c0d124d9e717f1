/* sousuo-eval - grade a ranked run against relevance judgments:
 * MRR@k, success@k, P@k, recall@k and nDCG@k from TREC qrels and a TREC
 * run (or qid<TAB>rank<TAB>docid lines).  Exit 0, or 2 on an error. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

#define MAX_KS 32

static void
usage(FILE *f)
{
    fputs(
"Usage: sousuo-eval [OPTION]... QRELS RUN\n"
"Grade the ranking RUN against the judgments QRELS and print, for each\n"
"cut-off K, MRR@K, success@K, P@K, recall@K and nDCG@K averaged over the\n"
"judged queries (a query the run has no hits for counts as 0).\n"
"\n"
"  QRELS   TREC qrels: 'qid iteration docid relevance' per line;\n"
"          relevance > 0 is relevant, and the gain of nDCG\n"
"  RUN     a TREC run: 'qid Q0 docid rank score tag' per line (what\n"
"          sousuo-search --batch FILE --trec TAG prints), or\n"
"          'qid<TAB>rank<TAB>docid'; hits are ordered by rank\n"
"          Either may be - for standard input.\n"
"\n"
"Options:\n"
"  -k, --cutoff K     a cut-off (repeatable; default 1, 5 and 10)\n"
"  -q, --per-query    also print each query's values\n"
"  -h, --help         show this help\n"
"  -V, --version      show the version\n"
"\n"
"Output: one 'metric<TAB>qid<TAB>value' line each, qid 'all' for the\n"
"means.  Exit status: 0 done, 2 error (bad input names the file and\n"
"line).\n",
        f);
}

struct printer {
    const unsigned *ks;
    size_t nks;
    int per_query;
    size_t nq, nohits;
    double (*sum)[5];
};

static const char *const names[5] = { "MRR", "success", "P", "recall",
                                      "nDCG" };

static void
put_row(const char *name, unsigned k, const char *qid, double v)
{
    char label[32];

    snprintf(label, sizeof label, "%s@%u", name, k);
    printf("%s\t%s\t%.4f\n", label, qid, v);
}

static void
on_query(void *ctx, const char *qid, size_t nhits, const struct ev_metrics *m)
{
    struct printer *p = ctx;
    size_t j;

    p->nq++;
    if (!nhits)
        p->nohits++;
    for (j = 0; j < p->nks; j++) {
        double v[5] = { m[j].rr, m[j].success, m[j].prec, m[j].recall,
                        m[j].ndcg };
        int t;

        for (t = 0; t < 5; t++) {
            p->sum[j][t] += v[t];
            if (p->per_query)
                put_row(names[t], p->ks[j], qid, v[t]);
        }
    }
}

static int
read_file(struct ev_data *d, int kind, const char *name, char *err)
{
    FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
    int rc;

    if (!f) {
        snprintf(err, EV_ERR_MAX, "cannot read '%s': %s", name,
                 strerror(errno));
        return -1;
    }
    rc = ev_read(d, kind, f, strcmp(name, "-") ? name : "(stdin)", err);
    if (f != stdin)
        fclose(f);
    return rc;
}

static int
parse_k(const char *s, unsigned *out)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-' || v == 0 || v > 1000000) {
        fprintf(stderr, "sousuo-eval: -k needs a number from 1 to 1000000, "
                        "not '%s'\n", s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "cutoff", required_argument, NULL, 'k' },
        { "per-query", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    unsigned ks[MAX_KS];
    size_t nks = 0, j;
    struct printer p;
    struct ev_data d;
    double sum[MAX_KS][5];
    char err[EV_ERR_MAX];
    long unjudged;
    int c, rc = 2;

    memset(&p, 0, sizeof p);
    memset(&d, 0, sizeof d);
    memset(sum, 0, sizeof sum);
    while ((c = getopt_long(argc, argv, "k:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            if (nks == MAX_KS) {
                fprintf(stderr, "sousuo-eval: at most %d cut-offs\n",
                        MAX_KS);
                return 2;
            }
            if (parse_k(optarg, &ks[nks]))
                return 2;
            nks++;
            break;
        case 'q': p.per_query = 1; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("sousuo-eval %s\n", PACKAGE_VERSION); return 0;
        default:
            fputs("Try 'sousuo-eval --help'.\n", stderr);
            return 2;
        }
    }
    if (argc - optind != 2) {
        fputs("sousuo-eval: expected two files: QRELS RUN\n"
              "Try 'sousuo-eval --help'.\n", stderr);
        return 2;
    }
    if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-")) {
        fputs("sousuo-eval: only one of QRELS and RUN can be -\n", stderr);
        return 2;
    }
    if (!nks) {
        ks[0] = 1, ks[1] = 5, ks[2] = 10;
        nks = 3;
    }
    if (read_file(&d, 0, argv[optind], err) ||
        read_file(&d, 1, argv[optind + 1], err) ||
        ev_prepare(&d, argv[optind], err)) {
        fprintf(stderr, "sousuo-eval: %s\n", err);
        goto out;
    }
    p.ks = ks;
    p.nks = nks;
    p.sum = sum;
    unjudged = ev_evaluate(&d, ks, nks, on_query, &p);
    if (unjudged < 0) {
        fputs("sousuo-eval: out of memory\n", stderr);
        goto out;
    }
    if (!p.nq) {
        fprintf(stderr, "sousuo-eval: %s: no query has a relevant document "
                        "(relevance > 0)\n", argv[optind]);
        goto out;
    }
    if (unjudged)
        fprintf(stderr, "sousuo-eval: note: %ld quer%s of the run %s no "
                        "judgments and %s ignored\n", unjudged,
                unjudged == 1 ? "y" : "ies", unjudged == 1 ? "has" : "have",
                unjudged == 1 ? "is" : "are");
    printf("queries\tall\t%zu\n", p.nq);
    printf("no_hits\tall\t%zu\n", p.nohits);
    for (j = 0; j < nks; j++) {
        int t;

        for (t = 0; t < 5; t++)
            put_row(names[t], ks[j], "all", sum[j][t] / (double)p.nq);
    }
    rc = 0;
out:
    if (fflush(stdout) != 0 && rc == 0) {
        perror("sousuo-eval: write error");
        rc = 2;
    }
    ev_free(&d);
    return rc;
}
