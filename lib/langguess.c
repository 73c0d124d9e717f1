/* langguess.c - script counts decide the language; see langguess.h. */
#include "config.h"

#include <unictype.h>
#include <unistr.h>

#include "langguess.h"

#define SAMPLE (64 * 1024)

const char *
lang_guess(const char *text, size_t len)
{
    const uint8_t *s = (const uint8_t *)text;
    const uint8_t *end = s + (len < SAMPLE ? len : SAMPLE);
    size_t han = 0, kana = 0, hangul = 0, other = 0, cjk;

    while (s < end) {
        ucs4_t c;
        int n = u8_mbtouc(&c, s, (size_t)(end - s));

        s += n > 0 ? n : 1;
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                other++;
        } else if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0xff66 && c <= 0xff9f)) {
            kana++;
        } else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) ||
                   (c >= 0x3130 && c <= 0x318f)) {
            hangul++;
        } else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
                   (c >= 0x20000 && c <= 0x323af) || (c >= 0xf900 && c <= 0xfaff)) {
            han++;
        } else if (uc_is_general_category(c, UC_CATEGORY_L)) {
            other++;
        }
    }
    cjk = han + kana + hangul;
    if (cjk == 0 && other == 0)
        return "und";
    if (cjk * 3 < cjk + other)
        return "en";
    if (hangul > han && hangul > kana)
        return "ko";
    if (kana * 20 >= cjk)
        return "ja";
    return "zh";
}
