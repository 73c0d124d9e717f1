/* explain.h - why a hit matched: the BM25 weight each matched term
 * contributes to it, as Xapian computes it. */
#ifndef SOUSUO_EXPLAIN_H
#define SOUSUO_EXPLAIN_H

#include "buf.h"
#include "sousuo.h"
#include "xapian-shim.h"

/* Append to @p out, for hit @p i of @p m (whose unique id term is
 * @p idterm), one "TERM=WEIGHT" per matched term, space-separated, best
 * first, then "boosts=WEIGHT" for what the proximity and exact-title
 * boosts add (the rest of the hit's score), if anything.  Title terms
 * (S, ZS) are scaled by opts->title_boost as in the query, BM25 uses
 * opts' k1 and b.  Each weight is the term's query alone, filtered to the
 * hit. */
sousuo_status_t explain_hit(sx_db *db, const sx_mset *m, size_t i,
                            const char *idterm, size_t idlen,
                            const sousuo_search_opts_t *opts,
                            struct buf *out, struct sx_error *err);

#endif
