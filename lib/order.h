/* order.h - the order of hits, the same however the index is split.
 *
 * Xapian breaks ties between equal weights by docid, and docids depend
 * on how the index is split into shards (Xapian interleaves them), on
 * compaction and on the order files were indexed.  Sorting equal weights
 * by path inside Xapian (Enquire::set_sort_by_relevance_then_value) reads
 * the path of every candidate: a third of the block reads of a ranking
 * query (bench/bench-search.sh).  Instead Xapian ranks by weight alone,
 * the group of hits tied at the page's edge is completed (order_tied_edge,
 * order_tie_floor), and only the hits fetched are sorted by (weight,
 * path).  Weights within ORDER_TIE_EPS (relative) count as equal: shards
 * sum a document's term weights in another order, which moves the last
 * bits.
 */
#ifndef SOUSUO_ORDER_H
#define SOUSUO_ORDER_H

#include <stddef.h>

#include "xapian-shim.h"

#define ORDER_TIE_EPS 1e-9
/* Hits asked beyond the page: a tie that reaches at most 3 hits past it
 * needs no second run.  Each hit asked for lowers the weight the
 * matcher must beat: of bench-search's 700 queries 24 rerun with 4 (6
 * with 16, 83 with 1), and p95 is 12-20% under 16's.  Any value gives
 * the same order. */
#define ORDER_LOOKAHEAD 4

/* 1 when the mset asked for @p asked hits got them all and its last one
 * ties with hit #want-1, the last of the page: more hits may tie, so ask
 * again for all hits down to order_tie_floor().  0 otherwise (the page's
 * tie group is complete). */
int order_tied_edge(const sx_mset *m, size_t want, size_t asked);

/* The lowest weight that ties with hit #want-1 of m (want > 0). */
double order_tie_floor(const sx_mset *m, size_t want);

struct order_key {
    double w;
    size_t idx;   /* the hit's index in the mset */
    char *path;   /* value slot @p slot if it was read (a tie), else NULL */
    size_t len;
};

/* *out = m's hits, by descending weight, then ascending path (value slot
 * @p slot) for ties that reach into hits [from, to) (the page); a tie
 * wholly outside keeps Xapian's order and reads no path.  order_free()
 * frees it. */
sousuo_status_t order_mset(const sx_mset *m, unsigned slot, size_t from,
                           size_t to, struct order_key **out,
                           struct sx_error *err);
/* Read the path of each of k[from..to) (sorted keys of m) that has none
 * yet, all through one value stream. */
sousuo_status_t order_read_paths(const sx_mset *m, unsigned slot,
                                 struct order_key *k, size_t from, size_t to,
                                 struct sx_error *err);
void order_free(struct order_key *k, size_t n);

#endif
