/* cjk.h - which code points make up CJK runs.
 *
 * The answer comes from fixed block ranges, not from libunistring's script
 * tables, so it never depends on the library's Unicode version: an
 * ideograph newer than the tables (Extension H, U+31350..) is still CJK,
 * and every machine splits text the same way.
 *
 * A CJK run is a maximal sequence of CJK characters.  A character ("unit")
 * is a base code point (cjk_is_base) followed by the code points that
 * attach to it (cjk_attaches): combining marks, variation selectors, kana
 * voicing marks, and Hangul jamo that continue a syllable.
 */
#ifndef SOUSUO_CJK_H
#define SOUSUO_CJK_H

#include <stdint.h>

/* Hangul syllable types of UAX #29 (Hangul_Syllable_Type). */
enum cjk_hangul { CJK_H_NONE = 0, CJK_H_L, CJK_H_V, CJK_H_T, CJK_H_LV,
                  CJK_H_LVT };

/* Non-zero if @p c starts a CJK character: Han (URO, Extensions A-J and
 * all of planes 2 and 3, compatibility ideographs, radicals, 々 〆 〇 〻,
 * Hangzhou numerals), Hiragana, Katakana (with half-width forms, small
 * kana and the prolonged sound mark ー), kana supplements, and Hangul
 * (syllables, jamo, compatibility and half-width jamo).  Fillers and other
 * default-ignorable code points are never bases. */
int cjk_is_base(uint32_t c);

/* The Hangul_Syllable_Type of @p c (CJK_H_NONE for everything else). */
enum cjk_hangul cjk_hangul_type(uint32_t c);

/* Non-zero if @p c continues a CJK character whose last code point has
 * Hangul type @p prev: any combining mark (general category M, which
 * includes the variation selectors), the kana voicing marks U+3099..309C
 * and U+FF9E..FF9F, and the jamo sequences L+(L|V|LV|LVT), (LV|V)+(V|T),
 * (LVT|T)+T of UAX #29. */
int cjk_attaches(enum cjk_hangul prev, uint32_t c);

/* Non-zero if a unit that is the single code point @p c is unchanged by
 * NFKC and case folding (checked exhaustively by the tests), so the
 * tokenizer may use its bytes as the term without calling libunistring. */
int cjk_fold_is_identity(uint32_t c);

#endif
