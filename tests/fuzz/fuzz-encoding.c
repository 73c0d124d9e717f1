/* fuzz-encoding.c - the encoding detectors and decoders (encoding.h, and
 * the <meta charset> sniffer of html-scan.c) and date_find() on any
 * bytes.  Every decoder's output is valid UTF-8, final or not; a valid
 * UTF-8 input decodes as UTF-8 to itself (NULs aside); the sniffer and
 * the detector name real encodings. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "buf.h"
#include "encoding.h"
#include "extract-private.h"
#include "extract.h"
#include "fuzz.h"

static const struct enc *const all[] = {
    &enc_utf8, &enc_utf16le, &enc_utf16be, &enc_gb18030, &enc_big5,
    &enc_big5hkscs, &enc_sjis, &enc_eucjp, &enc_euckr, &enc_cp1252,
};
#define NALL (sizeof all / sizeof *all)

static int
known(const struct enc *e)
{
    size_t i;

    for (i = 0; i < NALL; i++)
        if (e == all[i])
            return 1;
    return 0;
}

static void
decode(const struct enc *e, const char *p, size_t n, int final)
{
    struct buf out = BUF_INIT;
    unsigned replaced = 0;

    FUZZ_CHECK(enc_decode(e, p, n, final, &out, &replaced) == SOUSUO_OK);
    FUZZ_CHECK(!out.err && enc_is_utf8(out.data, out.len));
    FUZZ_CHECK(strlen(out.data) == out.len); /* U+0000 became U+FFFD */
    if (e == &enc_utf8 && final && enc_is_utf8(p, n) && !memchr(p, 0, n))
        FUZZ_CHECK(replaced == 0 && out.len == n &&
                   memcmp(out.data, p, n) == 0);
    buf_free(&out);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const struct enc *e, *bom, *meta;
    size_t bom_len = 7, i;
    char date[11];

    bom = enc_bom(p, size, &bom_len);
    FUZZ_CHECK(bom ? known(bom) && bom_len > 0 && bom_len <= size
                   : bom_len == 0);
    e = enc_detect(p, size);
    FUZZ_CHECK(e && known(e));
    meta = html_sniff_charset(p, size);
    FUZZ_CHECK(!meta || known(meta));
    for (i = 0; i < NALL; i++)
        (void)enc_sample_errors(all[i], p, size);
    decode(e, p, size, 1);
    decode(&enc_utf8, p, size, 1);
    /* One more decoder per input, as a sample (final 0) or whole. */
    decode(all[size % NALL], p, size, (size / NALL) % 2);

    if (date_find(p, size, date)) {
        size_t n = strlen(date);
        FUZZ_CHECK(n == 4 || n == 7 || n == 10);
        for (i = 0; i < n; i++)
            FUZZ_CHECK(i == 4 || i == 7 ? date[i] == '-'
                                        : isdigit((unsigned char)date[i]));
    } else {
        FUZZ_CHECK(date[0] == '\0');
    }
    return 0;
}
