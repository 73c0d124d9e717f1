/* fuzz-snippet.c - the snippet builder (lib/snippet.h) on any bytes: the
 * first line is the query, the rest the document text (an input without a
 * newline is both).  Matches lie in the text, in document order, within
 * the limits; the window is inside the text and, on valid UTF-8, starts
 * and ends on character boundaries; line/column computed in one pass
 * (snippet_linecol_next) equal those computed for each offset alone. */
#include "config.h"

#include <string.h>

#include "encoding.h"
#include "fuzz.h"
#include "query.h"
#include "snippet.h"

static struct tokenizer *tz;

static void
free_all(void)
{
    tokenizer_free(tz);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (tokenizer_new("english", &tz, NULL) != SOUSUO_OK)
        abort();
    atexit(free_all);
    return 0;
}

static void
same_linecol(const struct linecol *a, const struct linecol *b)
{
    FUZZ_CHECK(a->line == b->line && a->byte_col == b->byte_col);
    FUZZ_CHECK(a->char_col == b->char_col && a->utf16_col == b->utf16_col);
    FUZZ_CHECK(a->line_start == b->line_start && a->line_end == b->line_end);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *nl = memchr(p, '\n', size);
    const char *text = nl ? nl + 1 : p;
    size_t qlen = nl ? (size_t)(nl - p) : size;
    size_t len = nl ? size - qlen - 1 : size;
    size_t width = 10 + size % 200, enough = size % 3 ? 0 : 1 + size % 5;
    struct qnode *tree = NULL;
    char *errmsg = NULL;
    struct snip_query sq;
    struct snippet sn;
    struct linecol inc, one;
    int utf8 = enc_is_utf8(text, len);
    size_t i;

    if (query_parse(tz, p, qlen, &tree, NULL, &errmsg) != SOUSUO_OK) {
        free(errmsg);
        return 0;
    }
    snip_query_init(&sq, tree, tz);
    FUZZ_CHECK(!sq.nomem);
    memset(&sn, 0, sizeof sn);
    FUZZ_CHECK(snippet_find(tz, &sq, text, len, width, enough, &sn) ==
               SOUSUO_OK);
    FUZZ_CHECK(sn.nm <= SNIPPET_MAX_MATCHES);
    FUZZ_CHECK(sn.win_start <= sn.win_end && sn.win_end <= len);
    if (utf8)
        FUZZ_CHECK(enc_is_utf8(text + sn.win_start, sn.win_end - sn.win_start));
    snippet_linecol_init(&inc);
    for (i = 0; i < sn.nm; i++) {
        const struct snip_match *m = &sn.m[i];

        FUZZ_CHECK(m->start < m->end && m->end <= len && m->unit < sq.n);
        FUZZ_CHECK(i == 0 || m->start >= sn.m[i - 1].start);
        snippet_linecol_next(text, len, m->start, &inc);
        snippet_linecol(text, len, m->start, &one);
        same_linecol(&inc, &one);
        FUZZ_CHECK(one.line_start <= m->start && m->start <= one.line_end);
        FUZZ_CHECK(one.byte_col == m->start - one.line_start + 1);
        FUZZ_CHECK(one.char_col <= one.byte_col &&
                   one.utf16_col <= one.byte_col);
    }
    snippet_free(&sn);
    snip_query_free(&sq);
    query_free(tree);
    return 0;
}
