/* exact.c - exact-match terms for titles and headings; see exact.h. */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "exact.h"
#include "hash.h"
#include "schema.h"

struct key {
    struct buf *out;
    size_t pfx_len;
};

static int
add_base(void *ctx, const struct tok *t)
{
    struct key *k = ctx;

    if (t->kind != TOK_WORD && t->kind != TOK_NUMBER &&
        t->kind != TOK_CJK_UNI)
        return 0;
    /* Leading numbers are section numbers ("9.1.2. screen"), not words
     * a reader types. */
    if (t->kind == TOK_NUMBER && k->out->len == k->pfx_len)
        return 0;
    if (k->out->len > k->pfx_len)
        buf_addch(k->out, ' ');
    buf_add(k->out, t->term, t->term_len);
    return k->out->err ? 1 : 0;
}

sousuo_status_t
exact_term(struct tokenizer *tz, enum tok_mode mode, const char *pfx,
           const char *s, size_t n, struct buf *out)
{
    struct key k = { out, strlen(pfx) };
    uint64_t h;

    buf_reset(out);
    buf_addstr(out, pfx);
    if (tokenize(tz, mode, s, n, add_base, &k) != 0 || out->err)
        return SOUSUO_NOMEM;
    if (out->len > ID_TERM_MAX) {
        size_t cut = ID_TERM_MAX - 17;

        /* The key alone: one text gives one hash whatever the prefix. */
        h = fnv1a64(FNV64_INIT, out->data + k.pfx_len, out->len - k.pfx_len);
        while (cut > k.pfx_len &&
               ((unsigned char)out->data[cut] & 0xC0) == 0x80)
            cut--; /* not inside a UTF-8 character */
        out->len = cut;
        buf_addf(out, "#%016" PRIx64, h);
    }
    return out->err ? SOUSUO_NOMEM : SOUSUO_OK;
}
