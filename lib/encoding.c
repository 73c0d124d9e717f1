/* encoding.c - encoding names, byte-order marks and conversion to UTF-8
 * (iconv for legacy encodings, libunistring for UTF-8); see encoding.h. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>

#include <unistr.h>

#include "encoding.h"

const struct enc enc_utf8 = { "UTF-8", NULL, 1, ENC_LANG_NONE };
const struct enc enc_utf16le = { "UTF-16LE", "UTF-16LE", 2, ENC_LANG_NONE };
const struct enc enc_utf16be = { "UTF-16BE", "UTF-16BE", 2, ENC_LANG_NONE };
const struct enc enc_gb18030 = { "GB18030", "GB18030", 1, ENC_LANG_ZH };
/* Big5 as Windows writes it (CP950: with ／ at A1FE, € at A3E1), and the
 * Hong Kong superset, which lacks those two. */
const struct enc enc_big5 = { "Big5", "CP950", 1, ENC_LANG_ZH };
const struct enc enc_big5hkscs = { "Big5-HKSCS", "BIG5-HKSCS", 1,
                                   ENC_LANG_ZH };
/* CP932 is Shift_JIS as Windows writes it (NEC/IBM extensions). */
const struct enc enc_sjis = { "Shift_JIS", "CP932", 1, ENC_LANG_JA };
const struct enc enc_eucjp = { "EUC-JP", "EUC-JP", 1, ENC_LANG_JA };
/* ISO-2022-JP-2 is a superset of ISO-2022-JP (RFC 1468) that also takes
 * JIS X 0212, which some ISO-2022-JP writers use. */
const struct enc enc_iso2022jp = { "ISO-2022-JP", "ISO-2022-JP-2", 1,
                                   ENC_LANG_JA };
/* CP949 (Unified Hangul Code) is a superset of EUC-KR. */
const struct enc enc_euckr = { "EUC-KR", "CP949", 1, ENC_LANG_KO };
/* WHATWG decodes iso-8859-1 and us-ascii labels as windows-1252 too. */
const struct enc enc_cp1252 = { "windows-1252", "CP1252", 1, ENC_LANG_LATIN };

static const struct alias {
    const char *name; /* normalised: lower-case letters and digits only */
    const struct enc *enc;
} aliases[] = {
    { "utf8", &enc_utf8 },
    { "unicode11utf8", &enc_utf8 },
    { "utf16", &enc_utf16le },
    { "utf16le", &enc_utf16le },
    { "utf16be", &enc_utf16be },
    { "gb18030", &enc_gb18030 },
    { "gbk", &enc_gb18030 },
    { "gb2312", &enc_gb18030 },
    { "gb231280", &enc_gb18030 },
    { "csgb2312", &enc_gb18030 },
    { "euccn", &enc_gb18030 },
    { "xeuccn", &enc_gb18030 },
    { "xgbk", &enc_gb18030 },
    { "cp936", &enc_gb18030 },
    { "ms936", &enc_gb18030 },
    { "windows936", &enc_gb18030 },
    { "chinese", &enc_gb18030 },
    { "big5", &enc_big5 },
    { "big5hkscs", &enc_big5hkscs },
    { "hkscs", &enc_big5hkscs },
    { "csbig5", &enc_big5 },
    { "xxbig5", &enc_big5 },
    { "cp950", &enc_big5 },
    { "shiftjis", &enc_sjis },
    { "sjis", &enc_sjis },
    { "xsjis", &enc_sjis },
    { "csshiftjis", &enc_sjis },
    { "mskanji", &enc_sjis },
    { "cp932", &enc_sjis },
    { "ms932", &enc_sjis },
    { "windows31j", &enc_sjis },
    { "eucjp", &enc_eucjp },
    { "xeucjp", &enc_eucjp },
    { "ujis", &enc_eucjp },
    { "cseucpkdfmtjapanese", &enc_eucjp },
    { "iso2022jp", &enc_iso2022jp },
    { "csiso2022jp", &enc_iso2022jp },
    { "iso2022jp2", &enc_iso2022jp },
    { "csiso2022jp2", &enc_iso2022jp },
    { "jis", &enc_iso2022jp },
    { "euckr", &enc_euckr },
    { "cseuckr", &enc_euckr },
    { "cp949", &enc_euckr },
    { "uhc", &enc_euckr },
    { "windows949", &enc_euckr },
    { "ksc5601", &enc_euckr },
    { "ksc56011987", &enc_euckr },
    { "csksc56011987", &enc_euckr },
    { "korean", &enc_euckr },
    { "windows1252", &enc_cp1252 },
    { "cp1252", &enc_cp1252 },
    { "xcp1252", &enc_cp1252 },
    { "iso88591", &enc_cp1252 },
    { "iso885911987", &enc_cp1252 },
    { "csisolatin1", &enc_cp1252 },
    { "latin1", &enc_cp1252 },
    { "l1", &enc_cp1252 },
    { "ibm819", &enc_cp1252 },
    { "cp819", &enc_cp1252 },
    { "usascii", &enc_cp1252 },
    { "ascii", &enc_cp1252 },
};

const struct enc *
enc_lookup(const char *name)
{
    char norm[32];
    size_t n = 0, i;

    if (!name)
        return NULL;
    for (; *name; name++) {
        unsigned char c = (unsigned char)*name;

        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (n + 1 >= sizeof norm)
                return NULL;
            norm[n++] = (char)c;
        } else if (c != '-' && c != '_' && c != '.' && c != ' ' && c != ':') {
            return NULL;
        }
    }
    norm[n] = '\0';
    for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(norm, aliases[i].name) == 0)
            return aliases[i].enc;
    return NULL;
}

const struct enc *
enc_bom(const char *p, size_t len, size_t *bom_len)
{
    const unsigned char *s = (const unsigned char *)p;

    *bom_len = 0;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *bom_len = 3;
        return &enc_utf8;
    }
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *bom_len = 2;
        return &enc_utf16le;
    }
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *bom_len = 2;
        return &enc_utf16be;
    }
    return NULL;
}

int
enc_is_utf8(const char *p, size_t len)
{
    return u8_check((const uint8_t *)p, len) == NULL;
}

static const char fffd[] = "\xEF\xBF\xBD";

/* Append N bytes of valid UTF-8, each NUL as U+FFFD. */
static void
add_valid(struct buf *out, const char *p, size_t n, unsigned *replaced)
{
    const char *nul;

    while (n && (nul = memchr(p, '\0', n)) != NULL) {
        buf_add(out, p, (size_t)(nul - p));
        buf_add(out, fffd, 3);
        (*replaced)++;
        n -= (size_t)(nul - p) + 1;
        p = nul + 1;
    }
    buf_add(out, p, n);
}

static sousuo_status_t
decode_utf8(const char *p, size_t len, int final, struct buf *out,
            unsigned *replaced)
{
    const uint8_t *s = (const uint8_t *)p, *end = s + len;

    while (s < end) {
        const uint8_t *bad = u8_check(s, (size_t)(end - s));
        ucs4_t uc;
        int k;

        add_valid(out, (const char *)s, (size_t)((bad ? bad : end) - s),
                  replaced);
        if (!bad)
            break;
        if (!final && u8_mbtoucr(&uc, bad, (size_t)(end - bad)) == -2)
            break; /* a character cut off by the end of a sample */
        k = u8_mbtouc(&uc, bad, (size_t)(end - bad));
        if (k < 1)
            k = 1;
        buf_add(out, fffd, 3);
        (*replaced)++;
        s = bad + k;
    }
    return out->err ? SOUSUO_NOMEM : SOUSUO_OK;
}

/* Replace the NULs that iconv wrote at OUT->data[from..] by U+FFFD. */
static void
fix_nuls(struct buf *out, size_t from, unsigned *replaced)
{
    size_t n = 0, i, j;
    char *s;

    for (s = out->data + from; (size_t)(s - out->data) < out->len; s++) {
        s = memchr(s, '\0', out->len - (size_t)(s - out->data));
        if (!s)
            break;
        n++;
    }
    if (!n || buf_grow(out, 2 * n) < 0)
        return;
    *replaced += (unsigned)n;
    /* Move from the end so every byte is moved once. */
    i = out->len;
    j = out->len + 2 * n;
    out->len = j;
    out->data[j] = '\0';
    while (i > from) {
        char c = out->data[--i];

        if (c == '\0') {
            out->data[--j] = fffd[2];
            out->data[--j] = fffd[1];
            out->data[--j] = fffd[0];
        } else {
            out->data[--j] = c;
        }
    }
}

/* Make room for at least EXTRA more bytes; 0 or -1. */
static int
room(struct buf *out, size_t extra)
{
    return buf_grow(out, extra < 64 ? 64 : extra);
}

/* Call iconv and account for the bytes written; returns its errno or 0.
 * IN NULL flushes the state of a stateful decoder. */
static int
convert(iconv_t cd, char **in, size_t *inleft, struct buf *out)
{
    char *o = out->data + out->len;
    size_t oleft = out->cap - out->len - 1, r;
    int err;

    errno = 0;
    r = iconv(cd, in, inleft, &o, &oleft);
    err = r == (size_t)-1 ? errno : 0;
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return err;
}

/* glibc loads a converter module on iconv_open() and unloads it on the
 * last iconv_close(), so every file would dlopen() and dlclose() up to 8
 * modules: one descriptor per encoding, opened once and never used or
 * closed, keeps them loaded. */
static const struct enc *const pinned_encs[] = {
    &enc_utf16le, &enc_utf16be, &enc_gb18030, &enc_big5,
    &enc_big5hkscs, &enc_sjis, &enc_eucjp, &enc_euckr, &enc_cp1252,
};
/* volatile: stores to an array nobody reads are otherwise dropped, and
 * valgrind then reports the descriptors as leaked. */
static iconv_t volatile enc__pinned[sizeof pinned_encs / sizeof pinned_encs[0]];

static void
pin_converters(void)
{
    size_t i;

    for (i = 0; i < sizeof pinned_encs / sizeof pinned_encs[0]; i++)
        enc__pinned[i] = iconv_open("UTF-8", pinned_encs[i]->iconv);
}

static sousuo_status_t
decode_iconv(const struct enc *e, const char *p, size_t len, int final,
             struct buf *out, unsigned *replaced)
{
    static pthread_once_t pin_once = PTHREAD_ONCE_INIT;
    iconv_t cd;
    char *in = (char *)p;
    size_t inleft = len, from = out->len;
    int err;

    pthread_once(&pin_once, pin_converters);
    cd = iconv_open("UTF-8", e->iconv);
    if (cd == (iconv_t)-1)
        return errno == ENOMEM ? SOUSUO_NOMEM : SOUSUO_INVAL;
    /* CJK needs 3 bytes of UTF-8 per 2 bytes of input; E2BIG asks more. */
    if (room(out, inleft + inleft / 2) < 0)
        goto out;
    while (inleft) {
        err = convert(cd, &in, &inleft, out);
        if (!err)
            break;
        if (err == E2BIG) {
            if (room(out, inleft * 2) < 0)
                goto out;
            continue;
        }
        if (err == EINVAL && !final)
            break; /* a character cut off by the end of a sample */
        /* EILSEQ, or EINVAL (truncated at the end): flush what a stateful
         * decoder holds, then one U+FFFD for one code unit. */
        if (room(out, 64) < 0 || convert(cd, NULL, NULL, out) == E2BIG)
            goto out;
        buf_add(out, fffd, 3);
        (*replaced)++;
        if (err == EINVAL) {
            inleft = 0;
        } else {
            size_t skip = inleft < e->unit ? inleft : e->unit;

            in += skip;
            inleft -= skip;
        }
    }
    /* Flush a stateful decoder, growing only when it asks: growing first
     * multiplied the capacity of a buffer reused for each candidate of
     * enc_detect() (4^7 times: 2 GB for a 64 KB sample). */
    while (convert(cd, NULL, NULL, out) == E2BIG &&
           room(out, 64 + out->cap) == 0)
        ;
    fix_nuls(out, from, replaced);
out:
    iconv_close(cd);
    return out->err ? SOUSUO_NOMEM : SOUSUO_OK;
}

sousuo_status_t
enc_decode(const struct enc *e, const char *p, size_t len, int final,
           struct buf *out, unsigned *replaced)
{
    unsigned dummy = 0;

    if (!replaced)
        replaced = &dummy;
    if (out->err)
        return SOUSUO_NOMEM;
    if (!e->iconv)
        return decode_utf8(p, len, final, out, replaced);
    return decode_iconv(e, p, len, final, out, replaced);
}
