/* rank-knobs.h - the ranking knobs of sousuo_search_opts_t with their
 * ranges: one table for sousuo_search()'s check (api.c) and for
 * sousuo-search --rank (searcher/main.c), so the two never disagree. */
#ifndef SOUSUO_RANK_KNOBS_H
#define SOUSUO_RANK_KNOBS_H

#include <stddef.h>

#include "sousuo.h"

struct rank_knob {
    const char *key;   /* its --rank name: "b" */
    const char *field; /* its sousuo_search_opts_t member: "bm25_b" */
    double lo, hi;     /* allowed, both included */
    size_t offset;     /* of the member */
    int is_unsigned;   /* an unsigned member, else a double */
};

extern const struct rank_knob rank_knobs[];
extern const size_t rank_knobs_n;

/* 1 when v is a value of the knob: in its range (so not NaN) and, for
 * an unsigned member, whole (slack=1.5 is no slack). */
int rank_knob_ok(const struct rank_knob *k, double v);

/* The knob's value in *o. */
double rank_knob_get(const struct rank_knob *k, const sousuo_search_opts_t *o);

/* Set the knob in *o to v (rank_knob_ok: checked by the caller). */
void rank_knob_set(const struct rank_knob *k, sousuo_search_opts_t *o,
                   double v);

#endif
