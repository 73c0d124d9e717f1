/* complete.c - sousuo_complete(): index terms by prefix, most frequent
 * first, for as-you-type completion. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "api-private.h"
#include "cjk.h"
#include "schema.h"

/* Terms visited at most per call: bounded time for a one-letter prefix
 * over a large index. */
#define COMPLETE_SCAN_MAX 200000

struct sousuo_terms {
    struct term { char *s; unsigned long long freq; } *v;
    size_t n, cap;
    unsigned limit;
    size_t scanned;
    int nomem;
};

static int
by_freq(const void *a, const void *b)
{
    const struct term *x = a, *y = b;

    if (x->freq != y->freq)
        return x->freq < y->freq ? 1 : -1;
    return strcmp(x->s, y->s);
}

/* Keep the limit best; the array holds up to 2 * limit, then is cut. */
/* A glue term (lib/tokenize.h: "ai芯" of AI芯片) joins a CJK character
 * to a word of another script, for phrases; no one types it as a word,
 * so it is no completion. */
static int
is_glue(const char *term, size_t len)
{
    const uint8_t *s = (const uint8_t *)term, *end = s + len;
    int cjk = 0, other = 0;
    ucs4_t c;

    while (s < end) {
        int k = u8_mbtouc(&c, s, (size_t)(end - s));

        if (cjk_is_base(c))
            cjk = 1;
        else if (!uc_is_general_category(c, UC_CATEGORY_M))
            other = 1;
        s += k > 0 ? k : 1;
    }
    return cjk && other;
}

static int
on_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    struct sousuo_terms *t = ctx;

    if (++t->scanned > COMPLETE_SCAN_MAX)
        return 1;
    if (is_glue(term, len))
        return 0;
    if (t->n == t->cap) {
        size_t i;

        if (t->n >= 2 * (size_t)t->limit) {
            qsort(t->v, t->n, sizeof *t->v, by_freq);
            for (i = t->limit; i < t->n; i++)
                free(t->v[i].s);
            t->n = t->limit;
        } else {
            size_t cap = t->cap ? t->cap * 2 : 32;
            struct term *v = realloc(t->v, cap * sizeof *v);
            if (!v)
                return t->nomem = 1;
            t->v = v;
            t->cap = cap;
        }
    }
    if (!(t->v[t->n].s = strndup(term, len)))
        return t->nomem = 1;
    t->v[t->n++].freq = freq;
    return 0;
}

/* The folded form of the prefix: its first token's term, or for two
 * CJK characters their bigram.  A prefix of several pieces (e-m,
 * new q, ai芯, 新质生) is no term's prefix: the index holds each piece
 * as its own term, and completing the first piece alone would offer
 * words that do not start with the text typed. */
struct pfx {
    struct buf term, bi;
    uint32_t pos0;
    int n, several;
};

static int
prefix_token(void *ctx, const struct tok *tk)
{
    struct pfx *p = ctx;

    if (p->n++ == 0) {
        p->pos0 = tk->pos;
        buf_add(&p->term, tk->term, tk->term_len);
        return 0;
    }
    if (tk->pos == p->pos0 && tk->kind == TOK_CJK_BI)
        buf_add(&p->bi, tk->term, tk->term_len);
    else if (tk->pos == p->pos0 + 1 && tk->kind == TOK_CJK_UNI && p->bi.len)
        return 0; /* the bigram's second character */
    else if (tk->pos != p->pos0)
        return p->several = 1;
    return 0;
}

static sousuo_status_t
complete(sousuo_index_t *ix, const char *prefix, unsigned limit,
         sousuo_terms_t **out)
{
    struct sousuo_terms *t;
    struct buf folded = BUF_INIT;
    struct pfx pp;
    sousuo_status_t st;
    int nomem;

    if (!prefix || !out) {
        buf_addf(&ix->errmsg, "sousuo_complete: %s is NULL",
                 !prefix ? "the prefix" : "the output pointer");
        return SOUSUO_INVAL;
    }
    memset(&pp, 0, sizeof pp);
    buf_init(&pp.term);
    buf_init(&pp.bi);
    tokenize(ix->tz, TOK_QUERY, prefix, strlen(prefix), prefix_token, &pp);
    if (!pp.several && pp.bi.len)
        buf_add(&folded, pp.bi.data, pp.bi.len);
    else if (!pp.several && pp.term.len)
        buf_add(&folded, pp.term.data, pp.term.len);
    nomem = folded.err || pp.term.err || pp.bi.err;
    buf_free(&pp.bi);
    buf_free(&pp.term);
    if (nomem) {
        buf_free(&folded);
        return SOUSUO_NOMEM;
    }
    if (pp.several) { /* see struct pfx */
        buf_free(&folded);
        return (*out = calloc(1, sizeof **out)) ? SOUSUO_OK : SOUSUO_NOMEM;
    }
    if (!folded.len) {
        buf_addstr(&ix->errmsg, "nothing to complete");
        buf_free(&folded);
        return SOUSUO_QUERY;
    }
    t = calloc(1, sizeof *t);
    if (!t) {
        buf_free(&folded);
        return SOUSUO_NOMEM;
    }
    /* At most limit, as the header says: 0 asks for none. */
    t->limit = limit;
    if (!limit) {
        buf_free(&folded);
        *out = t;
        return SOUSUO_OK;
    }
    st = sx_db_allterms(ix->db, folded.data, folded.len, on_term, t, &ix->err);
    if (st == SOUSUO_MODIFIED && sx_db_reopen(ix->db, NULL, &ix->err) == SOUSUO_OK) {
        sousuo_terms_t *again = calloc(1, sizeof *again);
        sousuo_terms_free(t);
        t = again;
        if (!t) {
            buf_free(&folded);
            return SOUSUO_NOMEM;
        }
        t->limit = limit;
        st = sx_db_allterms(ix->db, folded.data, folded.len, on_term, t,
                            &ix->err);
    }
    buf_free(&folded);
    if (st == SOUSUO_OK && t->nomem)
        st = SOUSUO_NOMEM;
    if (st != SOUSUO_OK) {
        buf_addf(&ix->errmsg, "completion failed: %s", ix->err.msg);
        sousuo_terms_free(t);
        return st;
    }
    if (t->n) /* v is NULL when nothing matched: no qsort(NULL, ...) */
        qsort(t->v, t->n, sizeof *t->v, by_freq);
    while (t->n > t->limit)
        free(t->v[--t->n].s);
    *out = t;
    return SOUSUO_OK;
}

sousuo_status_t
sousuo_complete(sousuo_index_t *ix, const char *prefix, unsigned limit,
                sousuo_terms_t **out)
{
    struct buf last;

    if (out)
        *out = NULL;
    if (!ix)
        return SOUSUO_INVAL;
    api_call_begin(ix, &last);
    return api_call_end(ix, &last, complete(ix, prefix, limit, out));
}

size_t
sousuo_terms_count(const sousuo_terms_t *t)
{
    return t ? t->n : 0;
}

const char *
sousuo_terms_term(const sousuo_terms_t *t, size_t i)
{
    return t && i < t->n ? t->v[i].s : NULL;
}

unsigned long long
sousuo_terms_freq(const sousuo_terms_t *t, size_t i)
{
    return t && i < t->n ? t->v[i].freq : 0;
}

void
sousuo_terms_free(sousuo_terms_t *t)
{
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->n; i++)
        free(t->v[i].s);
    free(t->v);
    free(t);
}
