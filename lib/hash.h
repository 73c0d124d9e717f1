/* hash.h - FNV-1a 64: content hashes and long-id suffixes.  Not for
 * security; stable across machines and versions (stored in indexes). */
#ifndef SOUSUO_HASH_H
#define SOUSUO_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FNV64_INIT UINT64_C(0xcbf29ce484222325)

static inline uint64_t
fnv1a64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;

    while (n--) {
        h ^= *s++;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

#endif
