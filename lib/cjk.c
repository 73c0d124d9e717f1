/* cjk.c - CJK script classification by block ranges; see cjk.h. */
#include "config.h"

#include <unictype.h>

#include "cjk.h"

struct range {
    uint32_t lo, hi;
};

/* Base code points of CJK characters, sorted.  Unassigned code points
 * inside the ideograph blocks count as CJK on purpose (future ideographs). */
static const struct range bases[] = {
    { 0x1100, 0x115E },   /* Hangul jamo: leading consonants (115F filler) */
    { 0x1161, 0x11FF },   /* vowels and trailing consonants (1160 filler) */
    { 0x2E80, 0x2EFF },   /* CJK Radicals Supplement */
    { 0x2F00, 0x2FDF },   /* Kangxi Radicals (NFKC maps them to ideographs) */
    { 0x3005, 0x3007 },   /* 々 〆 〇 */
    { 0x3021, 0x3029 },   /* Hangzhou numerals */
    { 0x3031, 0x3035 },   /* vertical kana repeat marks */
    { 0x3038, 0x303C },   /* 〸 〹 〺 〻 〼 */
    { 0x3041, 0x3096 },   /* Hiragana */
    { 0x309D, 0x309F },   /* ゝ ゞ ゟ */
    { 0x30A1, 0x30FA },   /* Katakana */
    { 0x30FC, 0x30FF },   /* ー ヽ ヾ ヿ */
    { 0x3131, 0x3163 },   /* Hangul compatibility jamo (3164 filler) */
    { 0x3165, 0x318E },
    { 0x31F0, 0x31FF },   /* Katakana phonetic extensions */
    { 0x3400, 0x4DBF },   /* Extension A */
    { 0x4E00, 0x9FFF },   /* URO */
    { 0xA960, 0xA97F },   /* Hangul Jamo Extended-A */
    { 0xAC00, 0xD7A3 },   /* Hangul syllables */
    { 0xD7B0, 0xD7FF },   /* Hangul Jamo Extended-B */
    { 0xF900, 0xFAFF },   /* CJK Compatibility Ideographs */
    { 0xFF66, 0xFF9D },   /* half-width Katakana, incl. ｰ (FF70) */
    { 0xFFA1, 0xFFBE },   /* half-width Hangul (FFA0 filler) */
    { 0xFFC2, 0xFFC7 },
    { 0xFFCA, 0xFFCF },
    { 0xFFD2, 0xFFD7 },
    { 0xFFDA, 0xFFDC },
    { 0x16FE3, 0x16FE3 }, /* old Chinese iteration mark */
    { 0x1AFF0, 0x1B16F }, /* Kana Extended-B, Supplement, Extended-A, small */
    { 0x20000, 0x2FFFD }, /* plane 2: Extensions B-F, I, compat supplement */
    { 0x30000, 0x3FFFD }, /* plane 3: Extensions G, H, J */
};

/* Single code points that NFKC + case folding leave alone. */
static const struct range identities[] = {
    { 0x3005, 0x3007 },
    { 0x3041, 0x3096 },
    { 0x309D, 0x309E },
    { 0x30A1, 0x30FA },
    { 0x30FC, 0x30FE },
    { 0x3400, 0x4DBF },
    { 0x4E00, 0x9FFF },
    { 0xAC00, 0xD7A3 },
    { 0x20000, 0x2F7FF },
    { 0x2FA20, 0x2FFFD },
    { 0x30000, 0x3FFFD },
};

static int
in_ranges(const struct range *r, size_t n, uint32_t c)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < r[mid].lo)
            hi = mid;
        else if (c > r[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

int
cjk_is_base(uint32_t c)
{
    if (c < 0x1100)
        return 0;
    if (c >= 0x4E00 && c <= 0x9FFF)
        return 1;
    return in_ranges(bases, sizeof bases / sizeof bases[0], c);
}

enum cjk_hangul
cjk_hangul_type(uint32_t c)
{
    if (c < 0x1100)
        return CJK_H_NONE;
    if (c >= 0xAC00 && c <= 0xD7A3)
        return (c - 0xAC00) % 28 == 0 ? CJK_H_LV : CJK_H_LVT;
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0xA960 && c <= 0xA97C))
        return CJK_H_L;
    if ((c >= 0x1160 && c <= 0x11A7) || (c >= 0xD7B0 && c <= 0xD7C6))
        return CJK_H_V;
    if ((c >= 0x11A8 && c <= 0x11FF) || (c >= 0xD7CB && c <= 0xD7FB))
        return CJK_H_T;
    return CJK_H_NONE;
}

int
cjk_attaches(enum cjk_hangul prev, uint32_t c)
{
    enum cjk_hangul h;

    if (c < 0x0300)
        return 0;
    if ((c >= 0x3099 && c <= 0x309C) || c == 0xFF9E || c == 0xFF9F)
        return 1;
    if (prev != CJK_H_NONE && (h = cjk_hangul_type(c)) != CJK_H_NONE) {
        switch (prev) {
        case CJK_H_L:
            return h != CJK_H_T;
        case CJK_H_V:
        case CJK_H_LV:
            return h == CJK_H_V || h == CJK_H_T;
        case CJK_H_T:
        case CJK_H_LVT:
            return h == CJK_H_T;
        default:
            return 0;
        }
    }
    /* Ideographs and kana are never marks: skip the table lookup. */
    if (c >= 0x3400 && c <= 0x9FFF)
        return 0;
    return uc_is_general_category_withtable(c, UC_CATEGORY_MASK_M);
}

int
cjk_fold_is_identity(uint32_t c)
{
    if (c >= 0x4E00 && c <= 0x9FFF)
        return 1;
    return in_ranges(identities, sizeof identities / sizeof identities[0], c);
}
