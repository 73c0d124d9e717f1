/* fuzz-tokenize.c - the tokenizer (lib/tokenize.h) on any bytes.
 *
 * Checks what tokenize.h promises for every token (spans inside the
 * input, terms of 1..TOK_MAX_TERM bytes of valid UTF-8, positions that
 * never decrease, a stem right after its word) and that the fast path
 * gives exactly the reference output (TOK_F_NO_FASTPATH). */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "encoding.h"
#include "fuzz.h"
#include "tokenize.h"

static struct tokenizer *fast, *ref;

struct state {
    size_t len;
    uint32_t pos;
    int have;
    struct tok prev;
};

static int
check_tok(void *ctx, const struct tok *t)
{
    struct state *s = ctx;

    FUZZ_CHECK(t->term_len >= 1 && t->term_len <= TOK_MAX_TERM);
    FUZZ_CHECK(enc_is_utf8(t->term, t->term_len));
    FUZZ_CHECK(t->start < t->end && t->end <= s->len);
    FUZZ_CHECK(!s->have || t->pos >= s->pos);
    if (t->kind == TOK_STEM)
        FUZZ_CHECK(s->have && s->prev.kind == TOK_WORD && s->prev.pos == t->pos);
    s->pos = t->pos;
    s->prev = *t;
    s->have = 1;
    return 0;
}

static void
free_all(void)
{
    tokenizer_free(fast);
    tokenizer_free(ref);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (tokenizer_new("english", &fast, NULL) != SOUSUO_OK ||
        tokenizer_new("english", &ref, NULL) != SOUSUO_OK)
        abort();
    tokenizer_set_flags(ref, TOK_F_NO_FASTPATH);
    atexit(free_all);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    unsigned modes[2] = { TOK_DOCUMENT, TOK_QUERY };
    size_t i;

    for (i = 0; i < 2; i++) {
        struct state s;
        struct buf a = BUF_INIT, b = BUF_INIT;

        memset(&s, 0, sizeof s);
        s.len = size;
        FUZZ_CHECK(tokenize(fast, modes[i], text, size, check_tok, &s) == 0);
        tok_dump(fast, modes[i], text, size, &a);
        tok_dump(ref, modes[i], text, size, &b);
        FUZZ_CHECK(!a.err && !b.err);
        if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0) {
            fprintf(stderr, "fast: %s\nref:  %s\n", a.data, b.data);
            FUZZ_CHECK(!"fast path differs from the reference");
        }
        buf_free(&a);
        buf_free(&b);
    }
    return 0;
}
