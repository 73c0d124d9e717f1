/* metrics.c - read TREC qrels and runs, compute MRR, success, precision,
 * recall and nDCG at cut-offs (see metrics.h and sousuo-eval(1)). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

/* Most fields a line is split into; more are reported as "too many". */
#define EV_MAXF 8

static void
say(char *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, EV_ERR_MAX, fmt, ap);
    va_end(ap);
}

static int
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
           c == '\f';
}

struct field {
    const char *s;
    size_t n;
};

/* Split on runs of white space; return the number of fields (at most
 * EV_MAXF + 1, which means "more"). */
static size_t
split_ws(const char *s, size_t len, struct field *f)
{
    size_t i = 0, nf = 0;

    while (i < len) {
        size_t j;

        while (i < len && is_ws(s[i]))
            i++;
        if (i == len)
            break;
        for (j = i; j < len && !is_ws(s[j]); j++)
            ;
        if (nf == EV_MAXF + 1)
            return nf;
        if (nf < EV_MAXF) {
            f[nf].s = s + i;
            f[nf].n = j - i;
        }
        nf++;
        i = j;
    }
    return nf;
}

/* A whole field as a long; 0 on success. */
static int
to_long(const struct field *f, long *out)
{
    char buf[32], *end;
    long v;

    if (f->n == 0 || f->n >= sizeof buf)
        return -1;
    memcpy(buf, f->s, f->n);
    buf[f->n] = '\0';
    errno = 0;
    v = strtol(buf, &end, 10);
    if (*end || errno)
        return -1;
    *out = v;
    return 0;
}

static int
to_double(const struct field *f)
{
    char buf[64], *end;
    double v;

    if (f->n == 0 || f->n >= sizeof buf)
        return -1;
    memcpy(buf, f->s, f->n);
    buf[f->n] = '\0';
    v = strtod(buf, &end);
    return *end || !isfinite(v) ? -1 : 0;
}

/* Length without trailing white space; -1 if the line holds a NUL. */
static int
clean(const char *line, size_t *len, char *err)
{
    if (memchr(line, '\0', *len)) {
        say(err, "NUL byte in the line");
        return -1;
    }
    while (*len && is_ws(line[*len - 1]))
        (*len)--;
    return 0;
}

static int
blank(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (!is_ws(s[i]))
            return 0;
    return 1;
}

/* Show at most 40 bytes of a bad field in a message. */
#define SHOW(f) (int)((f)->n > 40 ? 40 : (f)->n), (f)->s

int
ev_add_qrels_line(struct ev_data *d, const char *line, size_t len,
                  unsigned long lineno, char *err)
{
    struct field f[EV_MAXF];
    struct ev_qrel *q;
    size_t nf;
    long rel;

    if (clean(line, &len, err))
        return -1;
    if (blank(line, len))
        return 1;
    nf = split_ws(line, len, f);
    if (nf != 4) {
        say(err, "expected 4 fields (qid iteration docid relevance), "
                 "found %s%zu", nf > EV_MAXF ? "over " : "",
            nf > EV_MAXF ? (size_t)EV_MAXF : nf);
        return -1;
    }
    if (to_long(&f[3], &rel)) {
        say(err, "relevance '%.*s' is not an integer", SHOW(&f[3]));
        return -1;
    }
    if (d->nqrels == d->capqrels) {
        size_t cap = d->capqrels ? 2 * d->capqrels : 256;
        void *p = realloc(d->qrels, cap * sizeof *d->qrels);

        if (!p)
            goto nomem;
        d->qrels = p;
        d->capqrels = cap;
    }
    q = &d->qrels[d->nqrels];
    q->qid = strndup(f[0].s, f[0].n);
    q->docid = strndup(f[2].s, f[2].n);
    q->rel = rel;
    q->line = lineno;
    if (!q->qid || !q->docid) {
        free(q->qid);
        free(q->docid);
        goto nomem;
    }
    d->nqrels++;
    return 0;
nomem:
    say(err, "out of memory");
    return -1;
}

/* The three-column form: qid<TAB>rank<TAB>docid (the docid may hold
 * spaces).  1 if LINE has that shape, filled into F; the rank is not
 * checked. */
static int
tab3(const char *line, size_t len, struct field *f)
{
    const char *t1 = memchr(line, '\t', len), *t2;

    if (!t1 || !(t2 = memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - line))))
        return 0;
    if (memchr(t2 + 1, '\t', len - (size_t)(t2 + 1 - line)))
        return 0;
    f[0].s = line;
    f[0].n = (size_t)(t1 - line);
    f[1].s = t1 + 1;
    f[1].n = (size_t)(t2 - t1 - 1);
    f[2].s = t2 + 1;
    f[2].n = len - (size_t)(t2 + 1 - line);
    return 1;
}

int
ev_add_run_line(struct ev_data *d, const char *line, size_t len, char *err)
{
    struct field f[EV_MAXF], tab_rank = { NULL, 0 };
    const struct field *qid, *doc, *rank;
    struct ev_hit *h;
    size_t nf;
    long r;
    int tabs;

    if (clean(line, &len, err))
        return -1;
    if (blank(line, len))
        return 1;
    tabs = tab3(line, len, f);
    if (tabs)
        tab_rank = f[1];
    if (tabs && to_long(&f[1], &r) == 0) {
        if (!f[0].n || !f[2].n || blank(f[0].s, f[0].n) ||
            blank(f[2].s, f[2].n)) {
            say(err, "empty qid or docid");
            return -1;
        }
        qid = &f[0];
        rank = &f[1];
        doc = &f[2];
    } else {
        /* Six fields; a seventh is sousuo-search --timings' latency. */
        nf = split_ws(line, len, f);
        /* Two tabs around no integer may still be six fields split by
         * tabs and spaces; when they are not, the rank is the fault. */
        if (tabs && nf != 6 && nf != 7) {
            say(err, "rank '%.*s' is not an integer", SHOW(&tab_rank));
            return -1;
        }
        if (nf != 6 && nf != 7) {
            say(err, "expected 'qid Q0 docid rank score tag' or "
                     "'qid<TAB>rank<TAB>docid', found %s%zu fields",
                nf > EV_MAXF ? "over " : "",
                nf > EV_MAXF ? (size_t)EV_MAXF : nf);
            return -1;
        }
        qid = &f[0];
        doc = &f[2];
        rank = &f[3];
        if (to_double(&f[4])) {
            say(err, "score '%.*s' is not a number", SHOW(&f[4]));
            return -1;
        }
    }
    if (to_long(rank, &r)) {
        say(err, "rank '%.*s' is not an integer", SHOW(rank));
        return -1;
    }
    if (d->nhits == d->caphits) {
        size_t cap = d->caphits ? 2 * d->caphits : 1024;
        void *p = realloc(d->hits, cap * sizeof *d->hits);

        if (!p)
            goto nomem;
        d->hits = p;
        d->caphits = cap;
    }
    h = &d->hits[d->nhits];
    h->qid = strndup(qid->s, qid->n);
    h->docid = strndup(doc->s, doc->n);
    h->rank = r;
    h->order = d->nhits;
    if (!h->qid || !h->docid) {
        free(h->qid);
        free(h->docid);
        goto nomem;
    }
    d->nhits++;
    return 0;
nomem:
    say(err, "out of memory");
    return -1;
}

int
ev_read(struct ev_data *d, int kind, FILE *f, const char *name, char *err)
{
    char *line = NULL, msg[EV_ERR_MAX];
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    int rc = 0;

    errno = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        int got;

        lineno++;
        got = kind == 0 ? ev_add_qrels_line(d, line, (size_t)n, lineno, msg)
                        : ev_add_run_line(d, line, (size_t)n, msg);
        if (got < 0) {
            say(err, "%s:%lu: %s", name, lineno, msg);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        say(err, "%s: read error: %s", name,
            strerror(errno ? errno : EIO));
        rc = -1;
    }
    free(line);
    return rc;
}

static int
cmp_qrel(const void *a, const void *b)
{
    const struct ev_qrel *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);

    if (!c)
        c = strcmp(x->docid, y->docid);
    if (!c)
        c = (x->line > y->line) - (x->line < y->line);
    return c;
}

static int
cmp_hit(const void *a, const void *b)
{
    const struct ev_hit *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);

    if (!c)
        c = (x->rank > y->rank) - (x->rank < y->rank);
    if (!c)
        c = (x->order > y->order) - (x->order < y->order);
    return c;
}

int
ev_prepare(struct ev_data *d, const char *qrels_name, char *err)
{
    size_t i;

    if (d->nqrels)
        qsort(d->qrels, d->nqrels, sizeof *d->qrels, cmp_qrel);
    if (d->nhits)
        qsort(d->hits, d->nhits, sizeof *d->hits, cmp_hit);
    for (i = 1; i < d->nqrels; i++) {
        const struct ev_qrel *a = &d->qrels[i - 1], *b = &d->qrels[i];

        if (!strcmp(a->qid, b->qid) && !strcmp(a->docid, b->docid)) {
            say(err, "%s:%lu: a second judgment of '%.80s' for query "
                     "'%.80s' (the first is on line %lu)", qrels_name,
                b->line, b->docid, b->qid, a->line);
            return -1;
        }
    }
    return 0;
}

void
ev_metrics_at(const long *rels, size_t n, const long *ideal, size_t nideal,
              unsigned k, struct ev_metrics *m)
{
    size_t i, found = 0;
    double dcg = 0, idcg = 0;

    memset(m, 0, sizeof *m);
    for (i = 0; i < n && i < k; i++) {
        if (rels[i] <= 0)
            continue;
        if (!found)
            m->rr = 1.0 / (double)(i + 1);
        found++;
        dcg += (double)rels[i] / log2((double)i + 2);
    }
    for (i = 0; i < nideal && i < k; i++)
        idcg += (double)ideal[i] / log2((double)i + 2);
    m->success = found ? 1 : 0;
    m->prec = k ? (double)found / k : 0;
    m->recall = nideal ? (double)found / (double)nideal : 0;
    m->ndcg = idcg > 0 ? dcg / idcg : 0;
}

/* First index in [lo, hi) of HITS whose qid is >= QID. */
static size_t
hits_from(const struct ev_hit *h, size_t lo, size_t hi, const char *qid)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(h[mid].qid, qid) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The judgment of DOCID among the qrels Q[0..n) (sorted by docid). */
static long
rel_of(const struct ev_qrel *q, size_t n, const char *docid)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(q[mid].docid, docid);

        if (!c)
            return q[mid].rel;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int
cmp_long_desc(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;

    return (x < y) - (x > y);
}

/* Sort hit pointers by docid, then by place in the ranking. */
static int
cmp_hitp_doc(const void *a, const void *b)
{
    const struct ev_hit *x = *(const struct ev_hit *const *)a;
    const struct ev_hit *y = *(const struct ev_hit *const *)b;
    int c = strcmp(x->docid, y->docid);

    return c ? c : (x > y) - (x < y);
}

long
ev_evaluate(const struct ev_data *d, const unsigned *ks, size_t nks,
            ev_query_cb cb, void *ctx)
{
    long *rels = NULL, *ideal = NULL, unjudged = 0;
    const struct ev_hit **bydoc = NULL;
    unsigned char *dup = NULL;
    struct ev_metrics *m = NULL;
    size_t i = 0, j, hit_lo = 0;

    rels = malloc((d->nhits + 1) * sizeof *rels);
    ideal = malloc((d->nqrels + 1) * sizeof *ideal);
    bydoc = malloc((d->nhits + 1) * sizeof *bydoc);
    dup = malloc(d->nhits + 1);
    m = malloc((nks + 1) * sizeof *m);
    if (!rels || !ideal || !bydoc || !dup || !m) {
        unjudged = -1;
        goto out;
    }
    while (i < d->nqrels) {
        const char *qid = d->qrels[i].qid;
        size_t end = i, nideal = 0, h0, h1, n = 0;

        while (end < d->nqrels && !strcmp(d->qrels[end].qid, qid))
            end++;
        for (j = i; j < end; j++)
            if (d->qrels[j].rel > 0)
                ideal[nideal++] = d->qrels[j].rel;
        h0 = hits_from(d->hits, hit_lo, d->nhits, qid);
        for (h1 = h0; h1 < d->nhits && !strcmp(d->hits[h1].qid, qid); h1++)
            ;
        hit_lo = h1;
        if (nideal) {
            /* A document listed twice counts at its best rank only. */
            for (j = h0; j < h1; j++)
                bydoc[j - h0] = &d->hits[j];
            qsort(bydoc, h1 - h0, sizeof *bydoc, cmp_hitp_doc);
            memset(dup, 0, h1 - h0);
            for (j = 1; j < h1 - h0; j++)
                if (!strcmp(bydoc[j]->docid, bydoc[j - 1]->docid))
                    dup[bydoc[j] - &d->hits[h0]] = 1;
            for (j = h0; j < h1; j++)
                if (!dup[j - h0])
                    rels[n++] = rel_of(&d->qrels[i], end - i,
                                       d->hits[j].docid);
            qsort(ideal, nideal, sizeof *ideal, cmp_long_desc);
            for (j = 0; j < nks; j++)
                ev_metrics_at(rels, n, ideal, nideal, ks[j], &m[j]);
            cb(ctx, qid, n, m);
        }
        i = end;
    }
    /* Run queries without any judgment. */
    for (i = 0; i < d->nhits; i = j) {
        size_t lo = 0, hi = d->nqrels;

        for (j = i; j < d->nhits && !strcmp(d->hits[j].qid, d->hits[i].qid);
             j++)
            ;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;

            if (strcmp(d->qrels[mid].qid, d->hits[i].qid) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == d->nqrels || strcmp(d->qrels[lo].qid, d->hits[i].qid))
            unjudged++;
    }
out:
    free(rels);
    free(ideal);
    free(bydoc);
    free(dup);
    free(m);
    return unjudged;
}

void
ev_free(struct ev_data *d)
{
    size_t i;

    for (i = 0; i < d->nqrels; i++) {
        free(d->qrels[i].qid);
        free(d->qrels[i].docid);
    }
    for (i = 0; i < d->nhits; i++) {
        free(d->hits[i].qid);
        free(d->hits[i].docid);
    }
    free(d->qrels);
    free(d->hits);
    memset(d, 0, sizeof *d);
}
