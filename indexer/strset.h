/* strset.h - a set of byte strings (open addressing), for the paths a run
 * has seen. */
#ifndef SOUSUO_STRSET_H
#define SOUSUO_STRSET_H

#include <stddef.h>

struct strset {
    struct strset_slot { char *s; size_t len; } *slot;
    size_t cap, n;
};

#define STRSET_INIT { NULL, 0, 0 }

/* 1 added, 0 already present, -1 out of memory. */
int strset_add(struct strset *set, const char *s, size_t len);
int strset_has(const struct strset *set, const char *s, size_t len);
void strset_free(struct strset *set);

#endif
