/* strset.c - see strset.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strset.h"

static struct strset_slot *
find(const struct strset *set, const char *s, size_t len)
{
    size_t i = (size_t)fnv1a64(FNV64_INIT, s, len) & (set->cap - 1);

    while (set->slot[i].s &&
           !(set->slot[i].len == len && memcmp(set->slot[i].s, s, len) == 0))
        i = (i + 1) & (set->cap - 1);
    return &set->slot[i];
}

int
strset_has(const struct strset *set, const char *s, size_t len)
{
    return set->cap && find(set, s, len)->s != NULL;
}

int
strset_add(struct strset *set, const char *s, size_t len)
{
    struct strset_slot *slot;
    size_t i;

    if ((set->n + 1) * 2 > set->cap) {
        struct strset bigger = { NULL, set->cap ? set->cap * 2 : 256, 0 };

        bigger.slot = calloc(bigger.cap, sizeof *bigger.slot);
        if (!bigger.slot)
            return -1;
        for (i = 0; i < set->cap; i++)
            if (set->slot[i].s) {
                *find(&bigger, set->slot[i].s, set->slot[i].len) = set->slot[i];
                bigger.n++;
            }
        free(set->slot);
        *set = bigger;
    }
    slot = find(set, s, len);
    if (slot->s)
        return 0;
    if (!(slot->s = malloc(len + 1)))
        return -1;
    memcpy(slot->s, s, len);
    slot->s[len] = '\0';
    slot->len = len;
    set->n++;
    return 1;
}

void
strset_free(struct strset *set)
{
    size_t i;

    for (i = 0; i < set->cap; i++)
        free(set->slot[i].s);
    free(set->slot);
    set->slot = NULL;
    set->cap = set->n = 0;
}
