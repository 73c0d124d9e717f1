/* fold.c - NFKC + case folding of one term; see fold.h. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "fold.h"

int
fold_ascii(const char *s, size_t n, char *dst)
{
    int letter = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
            letter = 1;
        } else if (c >= 'a' && c <= 'z') {
            letter = 1;
        }
        dst[i] = (char)c;
    }
    return letter;
}

/* Copy @p s to @p tmp without default-ignorable code points, with the
 * curly apostrophes and spacing voicing marks replaced (see fold.h). */
static void
prefold(const uint8_t *s, size_t n, struct buf *tmp)
{
    const uint8_t *end = s + n;

    buf_reset(tmp);
    while (s < end) {
        ucs4_t c;
        int l = u8_mbtouc(&c, s, (size_t)(end - s));
        uint8_t enc[6];
        int m;

        if (c < 0x80) {
            buf_addch(tmp, (char)c);
        } else if (c == 0x2018 || c == 0x2019) {
            buf_addch(tmp, '\'');
        } else if (c == 0x309B || c == 0x309C) {
            m = u8_uctomb(enc, c - 2, sizeof enc);
            buf_add(tmp, enc, (size_t)m);
        } else if (!uc_is_property_default_ignorable_code_point(c)) {
            buf_add(tmp, s, (size_t)l);
        }
        s += l;
    }
}

int
fold_utf8(const char *s, size_t n, struct buf *tmp, struct buf *out)
{
    uint8_t *r;
    size_t len;

    prefold((const uint8_t *)s, n, tmp);
    buf_reset(out);
    if (tmp->err)
        return -1;
    if (tmp->len == 0)
        return 0;
    /* Let libunistring write into out's storage when it fits. */
    if (buf_grow(out, tmp->len * 2 + 16) < 0)
        return -1;
    len = out->cap - 1;
    r = u8_casefold((const uint8_t *)tmp->data, tmp->len, NULL, UNINORM_NFKC,
                    (uint8_t *)out->data, &len);
    if (!r)
        return -1;
    if (r != (uint8_t *)out->data) {
        buf_add(out, r, len);
        free(r);
        return out->err ? -1 : 0;
    }
    out->len = len;
    out->data[len] = '\0';
    return 0;
}
