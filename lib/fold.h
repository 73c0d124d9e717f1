/* fold.h - the normal form of a term: NFKC, then full case folding.
 *
 * Locale independent (libunistring is given no language), so every machine
 * builds the same terms.  Like ICU's NFKC_Casefold, default-ignorable code
 * points (soft hyphen, ZWJ/ZWNJ, variation selectors, fillers) are removed;
 * in addition the curly apostrophes U+2018/U+2019 become ASCII ' (as
 * Xapian's term generator does) and the spacing kana voicing marks
 * U+309B/309C become the combining U+3099/309A, so that か゛ folds to が.
 */
#ifndef SOUSUO_FOLD_H
#define SOUSUO_FOLD_H

#include <stddef.h>

#include "buf.h"

/* Fold the valid UTF-8 string @p s (@p n bytes) into @p out (replaced),
 * using @p tmp as scratch.  Returns 0, or -1 when out of memory. */
int fold_utf8(const char *s, size_t n, struct buf *tmp, struct buf *out);

/* ASCII lower-casing: the same result as fold_utf8() for ASCII input,
 * written to @p dst (n bytes).  Returns non-zero if the result holds a
 * letter. */
int fold_ascii(const char *s, size_t n, char *dst);

#endif
