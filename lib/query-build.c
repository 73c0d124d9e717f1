/* query-build.c - a parsed query tree -> a Xapian query, with the same
 * tokenizer the index was built with; and the units snippets highlight.
 *
 * A text of one word searches its stem (Z, and ZS in titles): "forces"
 * finds "force".  A text that splits into several positions (a CJK run,
 * "Five-Year", "使用strace") is a phrase of exact terms: per position the
 * glue term if there is one, else the CJK bigram, else the word; a CJK
 * unigram already covered by the previous bigram or glue is left out and
 * the phrase window spans the positions, so the phrase matches exactly the
 * texts that contain the query's characters in order.  The span includes
 * the tokenizer's gaps (tokenize.h): "e-mail" is e@0 mail@2, a window of
 * 3, which "e-mail" in a document fills while "e mail" (e@0 mail@1,
 * window 2) no longer matches it.  Xapian 1.4 has no phrase with fixed
 * offsets: a window larger than the term count only asks for the terms
 * in order within it, so "e-mail" also matches "e mail" and "e x mail".
 * Every text matches in the body or, boosted, in the title.
 *
 * A CJK unigram has a position in the index only as the first or last
 * character of its run (indexdoc.c); a phrase holds one only for a
 * one-character run X of the query.  Next to a word, a number or a gap,
 * X in a matching text is at the edge of its run.  Next to another run
 * after white space, the text may have them glued ("中国 人" matches
 * 中国人民, "할 수 있다" 할수있다) and X inside its run: then X followed
 * by a run starting with Y is X OR XY (the bigram at X's position), and
 * a chain ending with X after a run ending with W also matches the
 * phrase of the glued form ending with WX (elem_q, glued_q).  Neither
 * adds weight.  What no longer matches are texts that only Xapian's loose
 * window let through, with X inside a run where the query has it
 * elsewhere: "中国 国" (中国@0 国@2, window 3) matched 中国人民 at 中国@0
 * 国@1; text that holds what the query says still matches.  The
 * proximity boost (near_q, off by default) reads plain unigrams: a
 * character inside a run no longer counts there.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact.h"
#include "extract.h" /* date_month_days */
#include "query.h"
#include "schema.h"

/* The tokens of one text, copied out of the tokenizer's callback. */
struct toks {
    struct qtok { enum tok_kind kind; uint32_t pos; size_t off, len; } *v;
    size_t n, cap;
    struct buf terms; /* all term bytes, back to back */
    int nomem;
};

static int
collect(void *ctx, const struct tok *t)
{
    struct toks *ts = ctx;

    if (ts->n == ts->cap) {
        size_t cap = ts->cap ? ts->cap * 2 : 32;
        struct qtok *v = realloc(ts->v, cap * sizeof *v);
        if (!v) {
            ts->nomem = 1;
            return 1;
        }
        ts->v = v;
        ts->cap = cap;
    }
    if (ts->n && t->pos >= ts->v[0].pos + QUERY_MAX_PHRASE)
        return 0; /* bounded work for a 100 KB CJK "word" */
    ts->v[ts->n].kind = t->kind;
    ts->v[ts->n].pos = t->pos;
    ts->v[ts->n].off = ts->terms.len;
    ts->v[ts->n].len = t->term_len;
    buf_add(&ts->terms, t->term, t->term_len);
    ts->n++;
    return ts->terms.err ? (ts->nomem = 1) : 0;
}

static void
toks_free(struct toks *ts)
{
    free(ts->v);
    buf_free(&ts->terms);
}

static const char *
term_of(const struct toks *ts, const struct qtok *t)
{
    return ts->terms.data + t->off;
}

static int
is_base(enum tok_kind k)
{
    return k == TOK_WORD || k == TOK_NUMBER || k == TOK_CJK_UNI;
}

/* The phrase chain: indexes into ts->v, see the comment at the top. */
static size_t
chain(const struct toks *ts, size_t *out, uint32_t *first, uint32_t *last)
{
    size_t i = 0, n = 0;
    int prev_covers = 0; /* previous pick was a bigram or glue */
    uint32_t prev_pos = 0;

    while (i < ts->n) {
        uint32_t pos = ts->v[i].pos;
        size_t best = (size_t)-1, j;

        for (j = i; j < ts->n && ts->v[j].pos == pos; j++) {
            enum tok_kind k = ts->v[j].kind;
            if (k == TOK_GLUE)
                best = j;
            else if (k == TOK_CJK_BI &&
                     (best == (size_t)-1 || ts->v[best].kind != TOK_GLUE))
                best = j;
            else if (is_base(k) && best == (size_t)-1)
                best = j;
        }
        i = j;
        if (best == (size_t)-1)
            continue;
        if (ts->v[best].kind == TOK_CJK_UNI && prev_covers &&
            prev_pos + 1 == pos)
            continue;
        if (!n)
            *first = pos;
        *last = pos;
        out[n++] = best;
        prev_covers = ts->v[best].kind == TOK_CJK_BI ||
                      ts->v[best].kind == TOK_GLUE;
        prev_pos = pos;
    }
    return n;
}

struct builder {
    struct tokenizer *tz;
    const struct query_opts *opts;
    struct sx_error *err;
    struct buf tmp;
    unsigned wildcards; /* prefix* expansions built so far */
};

static sousuo_status_t
term_q(struct builder *b, const char *pfx, const char *t, size_t n,
       sx_query **out)
{
    buf_reset(&b->tmp);
    buf_addstr(&b->tmp, pfx);
    buf_add(&b->tmp, t, n);
    if (b->tmp.err)
        return SOUSUO_NOMEM;
    return sx_query_term(b->tmp.data, b->tmp.len, 1, 0, out, b->err);
}

/* The term a then b, as the tokenizer forms a bigram. */
static sousuo_status_t
pair_q(struct builder *b, const char *pfx, const struct toks *ts,
       const struct qtok *x, const struct qtok *y, sx_query **out)
{
    buf_reset(&b->tmp);
    buf_addstr(&b->tmp, pfx);
    buf_add(&b->tmp, term_of(ts, x), x->len);
    buf_add(&b->tmp, term_of(ts, y), y->len);
    if (b->tmp.err)
        return SOUSUO_NOMEM;
    return sx_query_term(b->tmp.data, b->tmp.len, 1, 0, out, b->err);
}

/* The CJK unigram at pos, or NULL. */
static const struct qtok *
uni_at(const struct toks *ts, uint32_t pos)
{
    size_t i;

    for (i = 0; i < ts->n && ts->v[i].pos <= pos; i++)
        if (ts->v[i].pos == pos && ts->v[i].kind == TOK_CJK_UNI)
            return &ts->v[i];
    return NULL;
}

static sousuo_status_t
combine(struct builder *b, enum sx_op op, sx_query **qs, size_t n,
        unsigned window, sx_query **out)
{
    sousuo_status_t st = sx_query_combine(op, qs, n, window, out, b->err);
    size_t i;

    for (i = 0; i < n; i++)
        sx_query_free(qs[i]);
    return st;
}

/* One element of a phrase.  The index keeps a CJK unigram's position
 * only at either end of its run (indexdoc.c), but a query's one-character
 * run X followed after white space by a run starting with Y also matches
 * text where they are glued, and there X may be inside a run: then the
 * bigram XY sits at X's position.  So such an X is X OR XY, XY adding no
 * weight (a text with XY has X). */
static sousuo_status_t
elem_q(struct builder *b, const struct toks *ts, size_t k, const char *pfx,
       sx_query **out)
{
    const struct qtok *x = &ts->v[k], *y;
    sx_query *pair[2] = { NULL, NULL }, *bi = NULL;
    sousuo_status_t st;

    st = term_q(b, pfx, term_of(ts, x), x->len, &pair[0]);
    if (st != SOUSUO_OK || x->kind != TOK_CJK_UNI ||
        !(y = uni_at(ts, x->pos + 1))) {
        *out = pair[0];
        return st;
    }
    st = pair_q(b, pfx, ts, x, y, &bi);
    if (st == SOUSUO_OK)
        st = sx_query_scale(bi, 0, &pair[1], b->err);
    sx_query_free(bi);
    if (st != SOUSUO_OK) {
        sx_query_free(pair[0]);
        return st;
    }
    return combine(b, SX_OP_OR, pair, 2, 0, out);
}

/* The phrase of the chain idx[0..n) spanning first..last; element
 * plain (if < n) is its term alone. */
static sousuo_status_t
phrase_q(struct builder *b, const struct toks *ts, const size_t *idx,
         size_t n, uint32_t first, uint32_t last, const char *pfx,
         size_t plain, sx_query **out)
{
    sx_query *parts[QUERY_MAX_PHRASE + 1] = { NULL };
    sousuo_status_t st = SOUSUO_OK;
    size_t i;

    for (i = 0; i < n && st == SOUSUO_OK; i++)
        st = i == plain ? term_q(b, pfx, term_of(ts, &ts->v[idx[i]]),
                                 ts->v[idx[i]].len, &parts[i])
                        : elem_q(b, ts, idx[i], pfx, &parts[i]);
    if (st != SOUSUO_OK) {
        while (i-- > 1)
            sx_query_free(parts[i - 1]);
        return st;
    }
    if (n == 1) {
        *out = parts[0];
        return SOUSUO_OK;
    }
    return combine(b, SX_OP_PHRASE, parts, n, last - first + 1, out);
}

/* A chain that ends with a one-character run X after white space and a
 * run ending with W also matches WX glued, and there the text's X may be
 * inside its run, with no term of the query at its position.  The phrase
 * of the glued form (..., WX) finds those.  When the chain ends so, *out
 * is (its terms) FILTER (phrase OR glued phrase): the weight stays the
 * terms' (a text with WX has X); else NULL.  When W is a run of one, the
 * phrase takes W alone: W inside a run is glued to X, which the glued
 * form covers.  Xapian 1.4 checks both phrases on every document with
 * all the terms: such a query takes 2-3x the time of the phrase alone
 * (up to 6x with a very common X: "ファイル を" 0.44 -> 2.9 ms). */
static sousuo_status_t
glued_q(struct builder *b, const struct toks *ts, const size_t *idx,
        size_t n, uint32_t first, uint32_t last, const char *pfx,
        sx_query **out)
{
    const struct qtok *x = &ts->v[idx[n - 1]], *w;
    sx_query *parts[QUERY_MAX_PHRASE + 1], *pair[2] = { NULL, NULL };
    sx_query *alt[2] = { NULL, NULL };
    sousuo_status_t st = SOUSUO_OK;
    size_t m = n - 1, i = 0;

    *out = NULL;
    if (x->kind != TOK_CJK_UNI || !(w = uni_at(ts, last - 1)))
        return SOUSUO_OK;
    if (ts->v[idx[m - 1]].pos == last - 1)
        m--;
    st = phrase_q(b, ts, idx, n, first, last, pfx, m < n - 1 ? m : n,
                  &alt[0]);
    for (; i < m && st == SOUSUO_OK; i++)
        st = elem_q(b, ts, idx[i], pfx, &parts[i]);
    if (st == SOUSUO_OK && (st = pair_q(b, pfx, ts, w, x, &parts[i])) ==
                               SOUSUO_OK)
        i++;
    if (st != SOUSUO_OK) {
        while (i)
            sx_query_free(parts[--i]);
        sx_query_free(alt[0]);
        return st;
    }
    if (m)
        st = combine(b, SX_OP_PHRASE, parts, m + 1, last - first, &alt[1]);
    else
        alt[1] = parts[0];
    for (i = 0; i < n && st == SOUSUO_OK; i++)
        st = term_q(b, pfx, term_of(ts, &ts->v[idx[i]]), ts->v[idx[i]].len,
                    &parts[i]);
    if (st != SOUSUO_OK) {
        while (i-- > 1)
            sx_query_free(parts[i - 1]);
        sx_query_free(alt[0]);
        sx_query_free(alt[1]);
        return st;
    }
    st = combine(b, SX_OP_AND, parts, n, 0, &pair[0]);
    if (st == SOUSUO_OK)
        st = combine(b, SX_OP_OR, alt, 2, 0, &pair[1]);
    else {
        sx_query_free(alt[0]);
        sx_query_free(alt[1]);
    }
    if (st == SOUSUO_OK)
        return combine(b, SX_OP_FILTER, pair, 2, 0, out);
    sx_query_free(pair[0]);
    return st;
}

struct flat {
    struct builder *b;
    sx_query *v[QUERY_MAX_EXPANSION];
    size_t n;
    sousuo_status_t st;
};

static int
flat_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    struct flat *f = ctx;

    (void)freq;
    f->st = sx_query_term(term, len, 1, 0, &f->v[f->n], f->b->err);
    if (f->st != SOUSUO_OK)
        return 1;
    return ++f->n == QUERY_MAX_EXPANSION;
}

/* The terms starting with b->tmp as one flat OR: Xapian 1.4's phrase
 * takes only terms or an OR of terms, not the nested synonyms of
 * sx_query_expand_prefix().  Past QUERY_MAX_EXPANSION the first in byte
 * order are kept. */
static sousuo_status_t
flat_expand(struct builder *b, sx_query **out)
{
    struct flat *f = calloc(1, sizeof *f);
    sousuo_status_t st;

    if (!f)
        return SOUSUO_NOMEM;
    f->b = b;
    st = sx_db_allterms(b->opts->db, b->tmp.data, b->tmp.len, flat_term, f,
                        b->err);
    if (st == SOUSUO_OK)
        st = f->st;
    if (st == SOUSUO_OK && f->n == 0)
        st = sx_query_match_nothing(out, b->err);
    else if (st == SOUSUO_OK && f->n == 1)
        *out = f->v[0];
    else if (st == SOUSUO_OK)
        st = combine(b, SX_OP_OR, f->v, f->n, 0, out);
    else
        while (f->n)
            sx_query_free(f->v[--f->n]);
    free(f);
    return st;
}

/* prefix*: the terms that start with it.  A prefix of several pieces
 * (e-mail*, new q*, ai 芯片*) is their phrase with the last piece
 * expanded, not the first piece's expansion; a last piece of CJK is
 * searched as itself, its text already matching inside longer runs. */
static sousuo_status_t
prefix_q(struct builder *b, const struct toks *ts, const char *pfx,
         sx_query **out)
{
    size_t idx[QUERY_MAX_PHRASE + 1], n, i;
    sx_query *parts[QUERY_MAX_PHRASE + 1] = { NULL };
    uint32_t first = 0, last = 0;
    const struct qtok *t;
    sousuo_status_t st = SOUSUO_OK;

    n = chain(ts, idx, &first, &last);
    /* Each expansion walks every term with its prefix: past
     * QUERY_MAX_WILDCARDS of them a query's time would grow with the
     * index, so the rest match nothing. */
    if (n == 0 || b->wildcards >= QUERY_MAX_WILDCARDS)
        return sx_query_match_nothing(out, b->err);
    t = &ts->v[idx[n - 1]];
    if (n > 1 && (t->kind == TOK_CJK_UNI || t->kind == TOK_CJK_BI))
        return phrase_q(b, ts, idx, n, first, last, pfx, n, out);
    b->wildcards++;
    for (i = 0; i + 1 < n && st == SOUSUO_OK; i++)
        st = elem_q(b, ts, idx[i], pfx, &parts[i]);
    if (st == SOUSUO_OK) {
        buf_reset(&b->tmp);
        buf_addstr(&b->tmp, pfx);
        buf_add(&b->tmp, term_of(ts, t), t->len);
        if (b->tmp.err)
            st = SOUSUO_NOMEM;
        /* Expanded here against the whole index, not by each shard: a
         * Xapian wildcard would weigh the terms with each shard's own
         * statistics and rank unlike one database (issue 9). */
        else if (b->opts->db && n > 1)
            st = flat_expand(b, &parts[i]);
        else if (b->opts->db)
            st = sx_query_expand_prefix(b->opts->db, b->tmp.data, b->tmp.len,
                                        QUERY_MAX_EXPANSION, &parts[i],
                                        b->err);
        else
            st = sx_query_wildcard(b->tmp.data, b->tmp.len,
                                   QUERY_MAX_EXPANSION, &parts[i], b->err);
        i++;
    }
    if (st != SOUSUO_OK) {
        while (i)
            sx_query_free(parts[--i]);
        return st;
    }
    if (n == 1) {
        *out = parts[0];
        return SOUSUO_OK;
    }
    /* Without a database (a parse-only build) the last piece is a Xapian
     * wildcard, which a 1.4 phrase refuses: the pieces are ANDed. */
    if (!b->opts->db)
        return combine(b, SX_OP_AND, parts, n, 0, out);
    return combine(b, SX_OP_PHRASE, parts, n, last - first + 1, out);
}

/* One text in one field (pfx "" body, "S" title; stem_pfx Z / ZS). */
static sousuo_status_t
text_q(struct builder *b, const struct toks *ts, enum qkind kind,
       const char *pfx, const char *stem_pfx, sx_query **out)
{
    size_t idx[QUERY_MAX_PHRASE + 1], n, i;
    sx_query *parts[QUERY_MAX_PHRASE + 1];
    uint32_t first = 0, last = 0;
    sousuo_status_t st = SOUSUO_OK;

    *out = NULL;
    if (kind == Q_PREFIX)
        return prefix_q(b, ts, pfx, out);
    n = chain(ts, idx, &first, &last);
    if (n == 0)
        return sx_query_match_nothing(out, b->err);
    if (n == 1 && kind == Q_TEXT) {
        /* A lone word searches its stem when it has one. */
        for (i = 0; i < ts->n; i++)
            if (ts->v[i].kind == TOK_STEM)
                return term_q(b, stem_pfx, term_of(ts, &ts->v[i]),
                              ts->v[i].len, out);
    }
    /* The fallback for a CJK run nothing has whole: the documents with
     * most of its bigrams first (BM25 adds their weights). */
    if (n > 1 && b->opts->relaxed && kind == Q_TEXT) {
        for (i = 0; i < n && st == SOUSUO_OK; i++)
            st = term_q(b, pfx, term_of(ts, &ts->v[idx[i]]),
                        ts->v[idx[i]].len, &parts[i]);
        if (st != SOUSUO_OK) {
            while (i-- > 1)
                sx_query_free(parts[i - 1]);
            return st;
        }
        return combine(b, SX_OP_OR, parts, n, 0, out);
    }
    if (n == 1)
        return term_q(b, pfx, term_of(ts, &ts->v[idx[0]]), ts->v[idx[0]].len,
                      out);
    st = glued_q(b, ts, idx, n, first, last, pfx, out);
    if (st == SOUSUO_OK && !*out)
        st = phrase_q(b, ts, idx, n, first, last, pfx, n, out);
    return st;
}

/* A text searched in the body (which holds the title's words too) and,
 * when title_boost > 0, in the title with that weight on top; or
 * (title_only) in the title alone. */
static sousuo_status_t
text_node_q(struct builder *b, const struct qnode *node, int title_only,
            sx_query **out)
{
    struct toks ts;
    sx_query *parts[2] = { NULL, NULL }, *title = NULL;
    sousuo_status_t st;

    memset(&ts, 0, sizeof ts);
    buf_init(&ts.terms);
    tokenize(b->tz, TOK_QUERY, node->text, strlen(node->text), collect, &ts);
    if (ts.nomem) {
        toks_free(&ts);
        return SOUSUO_NOMEM;
    }
    if (!title_only && b->opts->title_boost <= 0) {
        /* The body terms hold the title's words too (schema.h). */
        st = text_q(b, &ts, node->kind, "", PFX_STEM, out);
        toks_free(&ts);
        return st;
    }
    st = text_q(b, &ts, node->kind, PFX_TITLE, PFX_TITLE_STEM, &title);
    if (st == SOUSUO_OK && title_only) {
        *out = title;
        title = NULL;
    } else if (st == SOUSUO_OK) {
        st = sx_query_scale(title, b->opts->title_boost, &parts[1], b->err);
        if (st == SOUSUO_OK)
            st = text_q(b, &ts, node->kind, "", PFX_STEM, &parts[0]);
        if (st == SOUSUO_OK)
            st = combine(b, SX_OP_OR, parts, 2, 0, out);
        else {
            sx_query_free(parts[0]);
            sx_query_free(parts[1]);
        }
    }
    sx_query_free(title);
    toks_free(&ts);
    return st;
}

/* A date: value is the days [lo, hi]; the slot holds YYYYMMDD, or
 * YYYYMM00 / YYYY0000 for a document dated only to its month / year.
 * Such a document matches when its whole month / year lies inside the
 * range, as date:2022 matches it and date:2022-06 does not.  So the
 * value range starts at lo, lowered to YYYYMM00 when lo is a month's
 * 1st and to YYYY0000 when it is 1 January, and ends at hi, less hi's
 * YYYYMM00 unless hi is its month's last day and hi's YYYY0000 unless
 * it is 31 December: those come before hi yet end after it. */
static void
date_parts(const char *d, int *y, int *m, int *day)
{
    *y = atoi(d);
    *m = strlen(d) >= 7 ? atoi(d + 5) : 0;
    *day = strlen(d) >= 10 ? atoi(d + 8) : 0;
}

static sousuo_status_t
date_q(struct builder *b, const struct qnode *n, sx_query **out)
{
    char lo[40] = "", hi[40] = "", ex[2][40]; /* 8 bytes used */
    size_t nex = 0, i;
    int y, m, d;
    sx_query *qs[2] = { NULL, NULL };
    sousuo_status_t st;

    if (*n->lo) {
        date_parts(n->lo, &y, &m, &d); /* days from the 1st / January */
        snprintf(lo, sizeof lo, "%04d%02d%02d", y, m > 1 || d > 1 ? m : 0,
                 d > 1 ? d : 0);
    }
    if (*n->hi) {
        date_parts(n->hi, &y, &m, &d);
        if (!m)
            m = 12;
        if (!d)
            d = date_month_days(y, m);
        snprintf(hi, sizeof hi, "%04d%02d%02d", y, m, d);
        if (d != date_month_days(y, m))
            snprintf(ex[nex++], sizeof ex[0], "%04d%02d00", y, m);
        if (m != 12 || d != 31)
            snprintf(ex[nex++], sizeof ex[0], "%04d0000", y);
    }
    st = sx_query_value_range(SLOT_DATE, lo, *n->lo ? 8 : 0, hi,
                              *n->hi ? 8 : 0, out, b->err);
    for (i = 0; i < nex && st == SOUSUO_OK; i++) {
        qs[0] = *out;
        *out = NULL;
        st = sx_query_value_range(SLOT_DATE, ex[i], 8, ex[i], 8, &qs[1],
                                  b->err);
        if (st != SOUSUO_OK) {
            sx_query_free(qs[0]);
            break;
        }
        st = combine(b, SX_OP_AND_NOT, qs, 2, 0, out);
    }
    return st;
}

static int
is_filter(const struct qnode *n)
{
    return n->kind == Q_DATE ||
           (n->kind == Q_FIELD && strcmp(n->field, "title") != 0);
}

static sousuo_status_t build(struct builder *b, const struct qnode *n,
                             int title_only, sx_query **out);

/* A boolean filter: matches without adding weight. */
static sousuo_status_t
filter_q(struct builder *b, const struct qnode *n, sx_query **out)
{
    sx_query *q = NULL;
    sousuo_status_t st;

    if (n->kind == Q_DATE)
        return date_q(b, n, out);
    if (strcmp(n->field, "path") == 0) {
        size_t len = strlen(n->text);
        const char *v = n->text;
        while (len > 1 && v[len - 1] == '/')
            len--;
        while (len > 1 && v[0] == '.' && v[1] == '/')
            v += 2, len -= 2;
        /* path:. is the index root: the whole tree. */
        if (len == 1 && v[0] == '.')
            return sx_query_match_all(out, b->err);
        st = term_q(b, PFX_PATH, v, len, &q);
    } else {
        char val[64];
        const char *v = n->text;
        size_t i, len;

        if (*v == '.')
            v++;
        len = strlen(v) < sizeof val ? strlen(v) : sizeof val - 1;
        for (i = 0; i < len; i++)
            val[i] = v[i] >= 'A' && v[i] <= 'Z' ? (char)(v[i] + 32) : v[i];
        if (!len)
            return sx_query_match_nothing(out, b->err);
        st = term_q(b, strcmp(n->field, "ext") == 0 ? PFX_EXT : PFX_LANG,
                    val, len, &q);
    }
    if (st != SOUSUO_OK)
        return st;
    st = sx_query_scale(q, 0, out, b->err);
    sx_query_free(q);
    return st;
}

/* The proximity boost of an AND's texts (kids from index 0): the exact
 * terms of their weight chains, in the body, within a window of their
 * count plus opts->prox_slack; NULL *out when fewer than two texts.  It
 * is ORed to the AND (a document in the NEAR is in the AND too, see
 * exact_boost on AND_MAYBE), so documents with the words far apart still
 * match, only lower (issue 10). */
static sousuo_status_t
near_q(struct builder *b, const struct qnode *n, sx_query **out)
{
    sx_query *parts[QUERY_MAX_NEAR];
    size_t np = 0, texts = 0, i, k;
    sousuo_status_t st = SOUSUO_OK;

    *out = NULL;
    for (i = 0; i < n->nkids && st == SOUSUO_OK && np < QUERY_MAX_NEAR; i++) {
        const struct qnode *kid = n->kids[i];
        size_t idx[QUERY_MAX_PHRASE + 1], nc;
        uint32_t first = 0, last = 0;
        struct toks ts;

        if (kid->kind != Q_TEXT && kid->kind != Q_PHRASE)
            continue;
        memset(&ts, 0, sizeof ts);
        buf_init(&ts.terms);
        tokenize(b->tz, TOK_QUERY, kid->text, strlen(kid->text), collect, &ts);
        if (ts.nomem)
            st = SOUSUO_NOMEM;
        nc = st == SOUSUO_OK ? chain(&ts, idx, &first, &last) : 0;
        texts += nc > 0;
        for (k = 0; k < nc && st == SOUSUO_OK && np < QUERY_MAX_NEAR; k++) {
            st = term_q(b, "", term_of(&ts, &ts.v[idx[k]]), ts.v[idx[k]].len,
                        &parts[np]);
            np += st == SOUSUO_OK;
        }
        toks_free(&ts);
    }
    if (st == SOUSUO_OK && texts >= 2 && np >= 2) {
        sx_query *near = NULL;

        st = combine(b, SX_OP_NEAR, parts, np, (unsigned)np +
                     b->opts->prox_slack, &near);
        if (st == SOUSUO_OK)
            st = sx_query_scale(near, b->opts->proximity, out, b->err);
        sx_query_free(near);
        return st;
    }
    while (np)
        sx_query_free(parts[--np]);
    return st;
}

static sousuo_status_t
build_list(struct builder *b, const struct qnode *n, size_t from,
           int title_only, sx_query **qs, size_t *count, int filters)
{
    size_t i;
    sousuo_status_t st = SOUSUO_OK;

    *count = 0;
    for (i = from; i < n->nkids && st == SOUSUO_OK; i++) {
        if (filters >= 0 && is_filter(n->kids[i]) != filters)
            continue;
        st = build(b, n->kids[i], title_only, &qs[*count]);
        if (st == SOUSUO_OK)
            ++*count;
    }
    if (st != SOUSUO_OK)
        while (*count)
            sx_query_free(qs[--*count]);
    return st;
}

static sousuo_status_t
build(struct builder *b, const struct qnode *n, int title_only,
      sx_query **out)
{
    sx_query **qs = NULL, *pair[2];
    size_t nq = 0, nf = 0;
    sousuo_status_t st;

    *out = NULL;
    switch (n->kind) {
    case Q_TEXT:
    case Q_PHRASE:
    case Q_PREFIX:
        return text_node_q(b, n, title_only, out);
    case Q_ALL:
        return sx_query_match_all(out, b->err);
    case Q_DATE:
        return filter_q(b, n, out);
    case Q_FIELD:
        if (strcmp(n->field, "title") == 0)
            return build(b, n->kids[0], 1, out);
        return filter_q(b, n, out);
    default:
        break;
    }
    qs = calloc(n->nkids + 1, sizeof *qs);
    if (!qs)
        return SOUSUO_NOMEM;
    if (n->kind == Q_OR) {
        st = build_list(b, n, 0, title_only, qs, &nq, -1);
        if (st == SOUSUO_OK)
            st = combine(b, SX_OP_OR, qs, nq, 0, out);
    } else if (n->kind == Q_NOT) {
        st = build(b, n->kids[0], title_only, &pair[0]);
        if (st == SOUSUO_OK) {
            st = build_list(b, n, 1, title_only, qs, &nq, -1);
            if (st == SOUSUO_OK)
                st = combine(b, SX_OP_OR, qs, nq, 0, &pair[1]);
            if (st == SOUSUO_OK)
                st = combine(b, SX_OP_AND_NOT, pair, 2, 0, out);
            else
                sx_query_free(pair[0]);
        }
    } else {
        /* AND: scoring parts (plus the proximity boost), then filters
         * that add no weight. */
        st = build_list(b, n, 0, title_only, qs, &nq, 0);
        if (st == SOUSUO_OK)
            st = nq ? combine(b, SX_OP_AND, qs, nq, 0, &pair[0])
                    : sx_query_match_all(&pair[0], b->err);
        if (st == SOUSUO_OK && nq >= 2 && !title_only &&
            b->opts->proximity > 0) {
            sx_query *boost[2] = { pair[0], NULL };

            st = near_q(b, n, &boost[1]);
            if (st == SOUSUO_OK && boost[1])
                st = combine(b, SX_OP_OR, boost, 2, 0, &pair[0]);
            else if (st != SOUSUO_OK)
                sx_query_free(pair[0]);
        }
        if (st == SOUSUO_OK) {
            st = build_list(b, n, 0, title_only, qs, &nf, 1);
            if (st == SOUSUO_OK && nf) {
                st = combine(b, SX_OP_AND, qs, nf, 0, &pair[1]);
                if (st == SOUSUO_OK)
                    st = combine(b, SX_OP_FILTER, pair, 2, 0, out);
                else
                    sx_query_free(pair[0]);
            } else if (st == SOUSUO_OK) {
                *out = pair[0];
            } else {
                sx_query_free(pair[0]);
            }
        }
    }
    free(qs);
    return st;
}

/* A query of plain texts only (one, or an AND of them): their text, one
 * space between, into out.  0 when the query has anything else. */
static int
plain_text(const struct qnode *n, struct buf *out)
{
    size_t i, k = 0;

    if (n->kind == Q_TEXT || n->kind == Q_PHRASE) {
        buf_addstr(out, n->text);
        return 1;
    }
    if (n->kind != Q_AND)
        return 0;
    for (i = 0; i < n->nkids; i++) {
        if (n->kids[i]->kind != Q_TEXT && n->kids[i]->kind != Q_PHRASE)
            return 0;
        if (k++)
            buf_addch(out, ' ');
        buf_addstr(out, n->kids[i]->text);
    }
    return 1;
}

/* The same for the positive words of a query with filters or -words
 * ("kubernetes path:notes", "kubernetes -zebra"): their text, 1 when
 * there are filters or exclusions to keep out of the boost. */
static int
filtered_text(const struct qnode *n, struct buf *out)
{
    size_t i, k = 0;

    if (n->kind == Q_NOT) {
        if (plain_text(n->kids[0], out))
            return 1;
        buf_reset(out);
        return filtered_text(n->kids[0], out);
    }
    if (n->kind != Q_AND)
        return 0;
    for (i = 0; i < n->nkids; i++) {
        if (is_filter(n->kids[i]))
            continue;
        if (n->kids[i]->kind != Q_TEXT && n->kids[i]->kind != Q_PHRASE)
            return 0;
        if (k++)
            buf_addch(out, ' ');
        buf_addstr(out, n->kids[i]->text);
    }
    return k > 0;
}

/* *q = *q OR exact * XE<key>: a document whose whole title or a heading
 * is the query's text ranks higher (exact.h).  Such a document has the
 * query's words, so OR adds no hit; AND_MAYBE would say so too, but
 * Xapian 1.4 prunes it wrongly: with get_mset(0, 10) it lost top hits
 * that get_mset(0, 100) ranks (42 of bench/eval.sh's 1,793 known-item
 * top-10s differed). */
static sousuo_status_t
exact_boost(struct builder *b, const struct qnode *n, sx_query **q)
{
    struct buf text = BUF_INIT, key = BUF_INIT;
    sx_query *term = NULL, *boost[2], *keep = NULL;
    sousuo_status_t st = SOUSUO_OK;
    int filtered = 0;

    if (!plain_text(n, &text)) {
        buf_reset(&text);
        filtered = filtered_text(n, &text);
        if (!filtered && !text.err)
            goto out;
    }
    if (text.err) {
        st = SOUSUO_NOMEM;
        goto out;
    }
    st = exact_term(b->tz, TOK_QUERY, PFX_EXACT, text.data, text.len, &key);
    if (st != SOUSUO_OK || key.len == strlen(PFX_EXACT))
        goto out;
    /* Most queries are no title: then the term adds no weight (BM25's k2
     * is 0, so the query's length weighs nothing) and checking here is
     * one lookup, where Xapian's stats and postlist take two (not worth
     * a round trip to a remote shard). */
    if (b->opts->db && sx_db_local(b->opts->db)) {
        uint64_t freq = 0;

        st = sx_db_termfreq(b->opts->db, key.data, key.len, &freq, b->err);
        if (st != SOUSUO_OK || !freq)
            goto out;
    }
    st = sx_query_term(key.data, key.len, 1, 0, &term, b->err);
    if (st == SOUSUO_OK)
        st = sx_query_scale(term, b->opts->exact, &boost[1], b->err);
    /* With filters or -words, OR would let the boost term bring in
     * documents they keep out: the whole query filters the sum. */
    if (st == SOUSUO_OK && filtered) {
        st = sx_query_scale(*q, 1, &keep, b->err);
        if (st != SOUSUO_OK)
            sx_query_free(boost[1]);
    }
    if (st == SOUSUO_OK) {
        boost[0] = *q;
        *q = NULL;
        st = combine(b, SX_OP_OR, boost, 2, 0, q);
    }
    if (st == SOUSUO_OK && keep) {
        boost[0] = *q;
        boost[1] = keep;
        keep = NULL;
        *q = NULL;
        st = combine(b, SX_OP_FILTER, boost, 2, 0, q);
    }
    sx_query_free(keep);
out:
    sx_query_free(term);
    buf_free(&text);
    buf_free(&key);
    return st;
}

sousuo_status_t
query_build(const struct qnode *n, struct tokenizer *tz,
            const struct query_opts *opts, sx_query **out,
            struct sx_error *err)
{
    static const struct query_opts defaults = { 2.0, 0, 0, 0, 0, NULL };
    struct builder b = { tz, opts ? opts : &defaults, err, BUF_INIT, 0 };
    sousuo_status_t st;
    sx_query *pair[2];

    *out = NULL;
    if (!n)
        return SOUSUO_INVAL;
    if (is_filter(n)) {
        /* A filter alone matches everything it lets through. */
        st = sx_query_match_all(&pair[0], err);
        if (st == SOUSUO_OK) {
            st = build(&b, n, 0, &pair[1]);
            if (st == SOUSUO_OK)
                st = combine(&b, SX_OP_FILTER, pair, 2, 0, out);
            else
                sx_query_free(pair[0]);
        }
    } else {
        st = build(&b, n, 0, out);
    }
    if (st == SOUSUO_OK && b.opts->exact > 0)
        st = exact_boost(&b, n, out);
    buf_free(&b.tmp);
    return st;
}

static void
units(const struct qnode *n, struct tokenizer *tz, query_unit_cb cb,
      void *ctx)
{
    struct toks ts;
    const char *terms[QUERY_MAX_PHRASE + 1];
    size_t lens[QUERY_MAX_PHRASE + 1], i, k = 0;
    uint32_t first = 0;
    struct qunit u;

    switch (n->kind) {
    case Q_NOT: /* what is excluded is not highlighted */
        units(n->kids[0], tz, cb, ctx);
        return;
    case Q_TEXT:
    case Q_PHRASE:
    case Q_PREFIX:
        break;
    default:
        for (i = 0; i < n->nkids; i++)
            units(n->kids[i], tz, cb, ctx);
        return;
    }
    memset(&ts, 0, sizeof ts);
    buf_init(&ts.terms);
    tokenize(tz, TOK_QUERY, n->text, strlen(n->text), collect, &ts);
    memset(&u, 0, sizeof u);
    for (i = 0; i < ts.n && !ts.nomem; i++) {
        if (is_base(ts.v[i].kind) && k < QUERY_MAX_PHRASE) {
            if (k == 0)
                first = ts.v[i].pos;
            terms[k] = term_of(&ts, &ts.v[i]);
            u.span = ts.v[i].pos - first;
            lens[k++] = ts.v[i].len;
        } else if (ts.v[i].kind == TOK_STEM && n->kind == Q_TEXT) {
            u.stem = term_of(&ts, &ts.v[i]);
            u.stem_len = ts.v[i].len;
        }
    }
    if (k) {
        u.n = k;
        u.terms = terms;
        u.lens = lens;
        u.prefix = n->kind == Q_PREFIX;
        if (k > 1)
            u.stem = NULL;
        cb(ctx, &u);
    }
    toks_free(&ts);
}

void
query_units(const struct qnode *n, struct tokenizer *tz, query_unit_cb cb,
            void *ctx)
{
    if (n)
        units(n, tz, cb, ctx);
}
