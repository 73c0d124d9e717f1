/* fuzz-extract-html.c - the HTML extractor on any bytes: extract_buffer()
 * as page.html (gumbo, checks in extract-check.c), and the linear
 * fallback html_flatten() that only documents over 4 MiB or deeper than
 * 256 elements reach, on the same text decoded to UTF-8.
 * regress/extract-html/numeric-ref-*: gumbo 0.10.1 decodes &#xE2ffffff;
 * to stray bytes, which html.c passed on in text and title. */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "encoding.h"
#include "extract-check.h"
#include "extract-private.h"
#include "extract.h"
#include "fuzz.h"

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
    struct buf utf8 = BUF_INIT, text = BUF_INIT, title = BUF_INIT;
    size_t depth = 0, tags = 0;

    fuzz_extract("page.html", (const char *)data, size);

    FUZZ_CHECK(enc_decode(&enc_utf8, (const char *)data, size, 1, &utf8,
                          NULL) == SOUSUO_OK);
    FUZZ_CHECK(enc_is_utf8(utf8.data, utf8.len));
    html_measure(utf8.data, utf8.len, &depth, &tags);
    FUZZ_CHECK(tags <= utf8.len && depth <= tags);
    FUZZ_CHECK(html_flatten(utf8.data, utf8.len, &text, &title) == SOUSUO_OK);
    FUZZ_CHECK(enc_is_utf8(text.data, text.len));
    FUZZ_CHECK(enc_is_utf8(title.data, title.len));
    FUZZ_CHECK(title.len <= EXTRACT_TITLE_MAX);
    buf_free(&utf8);
    buf_free(&text);
    buf_free(&title);
    return 0;
}
