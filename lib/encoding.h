/* encoding.h - source encodings: names, byte-order marks, detection and
 * conversion to UTF-8 with U+FFFD for invalid input.  Used by extract.c.
 *
 * Detection heuristic (enc_detect), for input that is not valid UTF-8:
 *   - candidates, in tie-break order: UTF-8, GB18030, Big5 (CP950),
 *     Big5-HKSCS, Shift_JIS, EUC-JP, EUC-KR, windows-1252;
 *   - each decodes the same sample: up to 64 KiB from 16 bytes before the
 *     first byte >= 0x80 (ASCII is identical in all of them; a character
 *     cut off by the sample's end is not an error, one at the input's end
 *     is);
 *   - score = -8 per invalid sequence or C1 control character (what
 *     EUC-JP and EUC-KR make of bytes they have no use for), plus per
 *     other non-ASCII character:
 *       Chinese (GB18030, Big5, Big5-HKSCS): +2 for a hanzi of that
 *         charset's level-1 set (GB2312 level 1, Big5 level 1: the common
 *         characters), +1 more for the 500 most frequent hanzi of the
 *         bench corpus's Chinese (encoding-frequent.h), -1 for any other
 *         hanzi, kana, hangul or symbol;
 *       Japanese (Shift_JIS, EUC-JP): +3 per kana, +1 per kanji of the 500
 *         most frequent of the bench corpus's Japanese, +2 per JIS level-1
 *         kanji when kana are at least 10% of kana + kanji or, without
 *         kana, at least 2 and a third of the kanji are frequent ones (a
 *         misreading's kanji are random), else 0; -1 for other kanji,
 *         hangul, symbols; half-width katakana 0;
 *       Korean (EUC-KR): +2 per KS X 1001 hangul syllable, +2 more for the
 *         ~300 most frequent ones, 0 per hanja, -1 for other hangul (UHC
 *         extensions), kana, symbols;
 *       all CJK: +1 for CJK/full-width punctuation, box drawing and
 *         geometric shapes; -2 for private use; nothing for a character
 *         the same as the one before it (a table's ──── read as another
 *         charset is one hanzi over and over);
 *         -3 per character of a run of 1-3 CJK letters inside a Latin
 *         word, an ASCII letter before it and a lower-case one after
 *         ("na簿ve": Latin UTF-8 with a stray byte, read as GB18030);
 *       UTF-8: +3 per character, +2 more per accented Latin letter next
 *         to an ASCII letter;
 *       windows-1252: +2 per accented Latin letter next to an ASCII letter,
 *         +1 per Latin-1 symbol or typographic mark between ASCII
 *         characters, else -1; not a candidate at all when the sample has
 *         valid multi-byte UTF-8 characters, at least one per 4 invalid
 *         sequences (UTF-8 with bad bytes, which keeps its text);
 *   - the highest score wins, ties in the order above.
 * The level-1 and KS X 1001 sets are decoded once with iconv itself, so
 * they are exactly what the converter produces.
 * Valid UTF-8 is not guessed at, but for ISO-2022-JP (enc_detect_utf8).
 */
#ifndef SOUSUO_ENCODING_H
#define SOUSUO_ENCODING_H

#include <stddef.h>

#include "buf.h"
#include "sousuo.h"

struct enc {
    const char *name;  /* reported name, e.g. "Shift_JIS" */
    const char *iconv; /* name for iconv_open(); NULL = UTF-8 (no iconv) */
    unsigned unit;     /* code unit: 1, or 2 for UTF-16 */
    int lang;          /* ENC_LANG_*: what the detector expects */
};

enum { ENC_LANG_NONE, ENC_LANG_ZH, ENC_LANG_JA, ENC_LANG_KO, ENC_LANG_LATIN };

extern const struct enc enc_utf8, enc_utf16le, enc_utf16be, enc_gb18030,
    enc_big5, enc_big5hkscs, enc_sjis, enc_eucjp, enc_iso2022jp, enc_euckr,
    enc_cp1252;

/* The encoding called NAME (case, '-', '_', '.', ' ' ignored; common
 * aliases such as gbk, sjis, cp949, latin1), or NULL.  "utf-16" gives
 * enc_utf16le: the caller honours a BOM first.  NAME may be NULL. */
const struct enc *enc_lookup(const char *name);

/* The encoding whose byte-order mark starts P[0..LEN), with *BOM_LEN set
 * to its length; NULL (and *BOM_LEN = 0) if none. */
const struct enc *enc_bom(const char *p, size_t len, size_t *bom_len);

/* 1 if P[0..LEN) is entirely valid UTF-8. */
int enc_is_utf8(const char *p, size_t len);

/* Guess the encoding of P[0..LEN) (see the heuristic above).  Never NULL;
 * pure ASCII gives enc_utf8. */
const struct enc *enc_detect(const char *p, size_t len);

/* For P[0..LEN) that is valid UTF-8: enc_iso2022jp when it is 7-bit text
 * with an escape into JIS X 0208 or 0212 (ESC $ B, ESC $ @, ESC $ ( D)
 * and its first 64 KiB decode as ISO-2022-JP without error, else
 * enc_utf8.  (ISO-2022-JP never sets the high bit, so it is always valid
 * UTF-8, and enc_detect never sees it.) */
const struct enc *enc_detect_utf8(const char *p, size_t len);

/* Number of invalid sequences when decoding the detector's sample of
 * P[0..LEN) as E. */
unsigned enc_sample_errors(const struct enc *e, const char *p, size_t len);

/* Append P[0..LEN) decoded from E to OUT as UTF-8.  Each invalid or
 * truncated sequence, and each U+0000, becomes U+FFFD and adds 1 to
 * *REPLACED (REPLACED may be NULL).  With FINAL 0, a sequence cut off by
 * the end of P is dropped silently (P is a sample of a longer text).
 * Returns SOUSUO_OK, SOUSUO_NOMEM (OUT's sticky error is then set) or
 * SOUSUO_INVAL (iconv cannot open E). */
sousuo_status_t enc_decode(const struct enc *e, const char *p, size_t len,
                           int final, struct buf *out, unsigned *replaced);

#endif
