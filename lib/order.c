/* order.c - hits by weight, then path (order.h). */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "order.h"

/* How far from w a weight still ties with it. */
static double
slack(double w)
{
    return ORDER_TIE_EPS * (fabs(w) > 1.0 ? fabs(w) : 1.0);
}

static int
tie(double a, double b)
{
    return fabs(a - b) <= slack(fabs(a) > fabs(b) ? a : b);
}

int
order_tied_edge(const sx_mset *m, size_t want, size_t asked)
{
    size_t n = sx_mset_size(m);

    return want > 0 && n == asked && n > want &&
           tie(sx_mset_weight(m, want - 1), sx_mset_weight(m, n - 1));
}

double
order_tie_floor(const sx_mset *m, size_t want)
{
    double w = sx_mset_weight(m, want - 1);

    return w - slack(w);
}

static int
cmp_key(const void *pa, const void *pb)
{
    const struct order_key *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c;

    if (!tie(a->w, b->w))
        return a->w > b->w ? -1 : 1;
    if (!a->path || !b->path) /* a tie off the page: Xapian's order */
        return a->idx < b->idx ? -1 : a->idx > b->idx;
    c = memcmp(a->path, b->path, n);
    if (c == 0 && a->len != b->len)
        c = a->len < b->len ? -1 : 1;
    /* Same path twice (a file in two shards): Xapian's order. */
    return c ? c : (a->idx < b->idx ? -1 : a->idx > b->idx);
}

/* sx_value_cb: the path of key ctx[i]. */
static int
set_path(void *ctx, size_t i, const char *v, size_t len)
{
    struct order_key *k = (struct order_key *)ctx + i;

    k->path = malloc(len + 1);
    if (!k->path)
        return 1;
    memcpy(k->path, v, len);
    k->path[len] = '\0';
    k->len = len;
    return 0;
}

sousuo_status_t
order_mset(const sx_mset *m, unsigned slot, size_t from, size_t to,
           struct order_key **out, struct sx_error *err)
{
    size_t n = sx_mset_size(m), i, j, g, nt = 0;
    struct order_key *k = calloc(n ? n : 1, sizeof *k);
    size_t *tied = malloc((n ? n : 1) * sizeof *tied);
    sousuo_status_t st = k && tied ? SOUSUO_OK : SOUSUO_NOMEM;

    *out = NULL;
    for (i = 0; i < n && st == SOUSUO_OK; i++) {
        k[i].w = sx_mset_weight(m, i);
        k[i].idx = i;
    }
    for (i = 0; i < n && st == SOUSUO_OK; i = j + 1) {
        /* Hits i..j tie each with the next.  Sorting keeps such a run
         * in its place, so only one that reaches into [from, to) needs
         * its paths. */
        for (j = i; j + 1 < n && tie(k[j].w, k[j + 1].w); j++)
            ;
        if (j > i && i < to && j >= from)
            for (g = i; g <= j; g++)
                tied[nt++] = g;
    }
    if (st == SOUSUO_OK && nt)
        st = sx_mset_values(m, slot, tied, nt, set_path, k, err);
    free(tied);
    if (st != SOUSUO_OK) {
        order_free(k, n);
        return st;
    }
    qsort(k, n, sizeof *k, cmp_key);
    *out = k;
    return SOUSUO_OK;
}

/* sx_value_cb: the path of the key whose mset index is i. */
static int
set_path_of(void *ctx, size_t i, const char *v, size_t len)
{
    struct order_key **by_idx = ctx;

    return set_path(by_idx[i], 0, v, len);
}

sousuo_status_t
order_read_paths(const sx_mset *m, unsigned slot, struct order_key *k,
                 size_t from, size_t to, struct sx_error *err)
{
    size_t n = sx_mset_size(m), i, nr = 0;
    size_t *idx = malloc((to > from ? to - from : 1) * sizeof *idx);
    struct order_key **by_idx = calloc(n ? n : 1, sizeof *by_idx);
    sousuo_status_t st = idx && by_idx ? SOUSUO_OK : SOUSUO_NOMEM;

    for (i = from; i < to && st == SOUSUO_OK; i++) {
        if (k[i].path)
            continue;
        by_idx[k[i].idx] = &k[i];
        idx[nr++] = k[i].idx;
    }
    if (st == SOUSUO_OK && nr)
        st = sx_mset_values(m, slot, idx, nr, set_path_of, by_idx, err);
    free(idx);
    free(by_idx);
    return st;
}

void
order_free(struct order_key *k, size_t n)
{
    size_t i;

    for (i = 0; k && i < n; i++)
        free(k[i].path);
    free(k);
}
