/* wbreak.h - UAX #29 word breaks of pure ASCII text, fast.
 *
 * The same result as libunistring's u8_wordbreaks() on ASCII (checked by
 * the tests), at a fraction of its cost: no Extend, Format, ZWJ, regional
 * indicator, Hebrew or Katakana character can occur, so rule WB4 and the
 * rules about those drop out and the rest is a table of class pairs.
 */
#ifndef SOUSUO_WBREAK_H
#define SOUSUO_WBREAK_H

#include <stddef.h>

#define WB_ASCII_CLASSES 12

/* The break rule for each pair of ASCII word-break classes. */
struct wb_ascii {
    unsigned char pairs[WB_ASCII_CLASSES][WB_ASCII_CLASSES];
};

void wb_ascii_init(struct wb_ascii *wb);

/* The first word break after position i (< n) of the n bytes at s, or
 * n: where u8_wordbreaks(s, n, p) has the first p[k] = 1 with k > i.
 * Every byte of s must be below 0x80. */
size_t wb_ascii_next(const struct wb_ascii *wb, const unsigned char *s,
                     size_t n, size_t i);

#endif
