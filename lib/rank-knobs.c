/* rank-knobs.c - the ranking knobs and their ranges; see rank-knobs.h. */
#include "config.h"

#include "rank-knobs.h"

#define KNOB(key, field, lo, hi, u) \
    { key, #field, lo, hi, offsetof(sousuo_search_opts_t, field), u }

const struct rank_knob rank_knobs[] = {
    KNOB("title", title_boost, 0, 100, 0),
    KNOB("prox", proximity, 0, 100, 0),
    KNOB("slack", proximity_slack, 0, 64, 1),
    KNOB("k1", bm25_k1, 0, 100, 0),
    KNOB("b", bm25_b, 0, 1, 0),
    KNOB("exact", exact_boost, 0, 1000, 0),
};

const size_t rank_knobs_n = sizeof rank_knobs / sizeof rank_knobs[0];

int
rank_knob_ok(const struct rank_knob *k, double v)
{
    /* In range first: the cast of v is then defined. */
    return v >= k->lo && v <= k->hi &&
           (!k->is_unsigned || v == (double)(unsigned)v);
}

double
rank_knob_get(const struct rank_knob *k, const sousuo_search_opts_t *o)
{
    const char *p = (const char *)o + k->offset;

    return k->is_unsigned ? (double)*(const unsigned *)(const void *)p
                          : *(const double *)(const void *)p;
}

void
rank_knob_set(const struct rank_knob *k, sousuo_search_opts_t *o, double v)
{
    char *p = (char *)o + k->offset;

    if (k->is_unsigned)
        *(unsigned *)(void *)p = (unsigned)v;
    else
        *(double *)(void *)p = v;
}
