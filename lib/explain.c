/* explain.c - per-term BM25 parts of a hit; see explain.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "schema.h"

struct part {
    char *term;
    double w;
};

struct parts {
    struct part *v;
    size_t n;
    int nomem;
};

static int
collect(void *ctx, const char *term, size_t len, uint64_t freq)
{
    struct parts *p = ctx;
    struct part *v = realloc(p->v, (p->n + 1) * sizeof *v);

    (void)freq;
    if (!v || !(v[p->n].term = strndup(term, len))) {
        if (v)
            p->v = v;
        p->nomem = 1;
        return 1;
    }
    p->v = v;
    v[p->n++].w = 0;
    return 0;
}

static int
by_weight(const void *a, const void *b)
{
    const struct part *x = a, *y = b;

    return x->w < y->w ? 1 : x->w > y->w ? -1 : strcmp(x->term, y->term);
}

static int
has_prefix(const char *t, const char *pfx)
{
    return strncmp(t, pfx, strlen(pfx)) == 0;
}

static int
is_title(const char *t)
{
    return has_prefix(t, PFX_TITLE) || has_prefix(t, PFX_TITLE_STEM);
}

/* The exact title/heading terms weigh in through the boosts, not alone. */
static int
is_exact(const char *t)
{
    return has_prefix(t, PFX_EXACT);
}

/* The weight of term alone on the document with id term idterm. */
static sousuo_status_t
term_weight(sx_db *db, const char *term, const char *idterm, size_t idlen,
            double scale, const sousuo_search_opts_t *o, double *w,
            struct sx_error *err)
{
    sx_query *t = NULL, *id = NULL, *f = NULL, *s = NULL, *pair[2];
    sx_enquire *e = NULL;
    sx_mset *m = NULL;
    sousuo_status_t st;

    *w = 0;
    st = sx_query_term(term, strlen(term), 1, 0, &t, err);
    if (st == SOUSUO_OK)
        st = sx_query_term(idterm, idlen, 1, 0, &id, err);
    if (st == SOUSUO_OK)
        st = sx_query_scale(id, 0, &f, err);
    if (st == SOUSUO_OK)
        st = sx_query_scale(t, scale, &s, err);
    if (st == SOUSUO_OK) {
        pair[0] = s;
        pair[1] = f;
        sx_query_free(id);
        st = sx_query_combine(SX_OP_FILTER, pair, 2, 0, &id, err);
    }
    if (st == SOUSUO_OK)
        st = sx_enquire_new(db, &e, err);
    if (st == SOUSUO_OK)
        st = sx_enquire_set_bm25(e, o->bm25_k1, 0, 1, o->bm25_b, 0.5, err);
    if (st == SOUSUO_OK)
        st = sx_enquire_set_query(e, id, err);
    if (st == SOUSUO_OK)
        st = sx_enquire_mset(e, 0, 1, 0, &m, err);
    if (st == SOUSUO_OK && sx_mset_size(m))
        *w = sx_mset_weight(m, 0);
    sx_mset_free(m);
    sx_enquire_free(e);
    sx_query_free(t);
    sx_query_free(id);
    sx_query_free(f);
    sx_query_free(s);
    return st;
}

sousuo_status_t
explain_hit(sx_db *db, const sx_mset *m, size_t i, const char *idterm,
            size_t idlen, const sousuo_search_opts_t *o, struct buf *out,
            struct sx_error *err)
{
    struct parts p = { NULL, 0, 0 };
    sousuo_status_t st;
    double sum = 0, rest;
    size_t k, shown = 0;

    st = sx_mset_matching_terms(m, i, collect, &p, err);
    if (st == SOUSUO_OK && p.nomem)
        st = SOUSUO_NOMEM;
    for (k = 0; k < p.n && st == SOUSUO_OK; k++)
        if (!is_exact(p.v[k].term))
            st = term_weight(db, p.v[k].term, idterm, idlen,
                             is_title(p.v[k].term) ? o->title_boost : 1.0, o,
                             &p.v[k].w, err);
    if (st == SOUSUO_OK) {
        /* A hit that no weighted term matched ("x OR -y") has none:
         * qsort() must not see the NULL array. */
        if (p.n)
            qsort(p.v, p.n, sizeof *p.v, by_weight);
        for (k = 0; k < p.n; k++) {
            if (is_exact(p.v[k].term))
                continue;
            buf_addf(out, "%s%s=%.4f", shown++ ? " " : "", p.v[k].term,
                     p.v[k].w);
            sum += p.v[k].w;
        }
        /* The proximity and exact-title boosts reuse the terms above
         * (query-build.c): what they add is the rest of the score. */
        rest = sx_mset_weight(m, i) - sum;
        if (rest > 1e-9 * (sum > 1 ? sum : 1))
            buf_addf(out, "%sboosts=%.4f", shown ? " " : "", rest);
    }
    for (k = 0; k < p.n; k++)
        free(p.v[k].term);
    free(p.v);
    return st;
}
