/* snippet.c - matches, the best window, line/column; see snippet.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwbrk.h>
#include <uniwidth.h>

#include "snippet.h"

static void add_one(struct snip_query *sq, const struct qunit *u);

/* For partial hits (snip_query_init_partial) a run of three or more
 * characters, found nowhere whole, is also looked for as its
 * neighbouring pairs: the bigrams the fallback matched on. */
static void
add_unit(void *ctx, const struct qunit *u)
{
    struct snip_query *sq = ctx;
    struct qunit pair;
    size_t i;

    add_one(sq, u);
    if (!sq->partial || u->n < 3 || u->prefix || u->stem ||
        u->span != u->n - 1)
        return;
    for (i = 0; i + 1 < u->n; i++) {
        memset(&pair, 0, sizeof pair);
        pair.n = 2;
        pair.terms = u->terms + i;
        pair.lens = u->lens + i;
        pair.span = 1;
        add_one(sq, &pair);
    }
}

static void
add_one(struct snip_query *sq, const struct qunit *u)
{
    struct snip_unit *v, *nu;
    size_t i;

    if (sq->nomem)
        return;
    v = realloc(sq->u, (sq->n + 1) * sizeof *v);
    if (!v) {
        sq->nomem = 1;
        return;
    }
    sq->u = v;
    nu = &v[sq->n];
    memset(nu, 0, sizeof *nu);
    nu->terms = calloc(u->n, sizeof *nu->terms);
    nu->lens = calloc(u->n, sizeof *nu->lens);
    if (!nu->terms || !nu->lens) {
        free(nu->terms);
        free(nu->lens);
        sq->nomem = 1;
        return;
    }
    sq->n++;
    nu->n = u->n;
    nu->prefix = u->prefix;
    nu->span = u->span;
    for (i = 0; i < u->n; i++) {
        nu->terms[i] = strndup(u->terms[i], u->lens[i]);
        nu->lens[i] = u->lens[i];
        if (!nu->terms[i])
            sq->nomem = 1;
    }
    if (u->stem) {
        nu->stem = strndup(u->stem, u->stem_len);
        nu->stem_len = u->stem_len;
        if (!nu->stem)
            sq->nomem = 1;
    }
}

void
snip_query_init(struct snip_query *sq, const struct qnode *q,
                struct tokenizer *tz)
{
    memset(sq, 0, sizeof *sq);
    query_units(q, tz, add_unit, sq);
}

void
snip_query_init_partial(struct snip_query *sq, const struct qnode *q,
                        struct tokenizer *tz)
{
    memset(sq, 0, sizeof *sq);
    sq->partial = 1;
    query_units(q, tz, add_unit, sq);
}

void
snip_query_free(struct snip_query *sq)
{
    size_t i, j;

    for (i = 0; i < sq->n; i++) {
        for (j = 0; j < sq->u[i].n; j++)
            free(sq->u[i].terms[j]);
        free(sq->u[i].terms);
        free(sq->u[i].lens);
        free(sq->u[i].stem);
    }
    free(sq->u);
    memset(sq, 0, sizeof *sq);
}

/* The document's base tokens in position order, each with its stem. */
struct dtok {
    uint32_t pos;
    size_t start, end;
    size_t term_off, term_len, stem_off, stem_len;
};

struct doc {
    struct dtok *v;
    size_t n, cap;
    struct buf terms;
    int nomem;
    size_t base_off;   /* byte offset of the chunk being tokenized */
    uint32_t base_pos; /* position of its first token */
};

static int
doc_collect(void *ctx, const struct tok *t)
{
    struct doc *d = ctx;
    struct dtok *x;

    uint32_t pos = t->pos + d->base_pos;

    if (t->kind == TOK_STEM) {
        if (d->n && d->v[d->n - 1].pos == pos) {
            d->v[d->n - 1].stem_off = d->terms.len;
            d->v[d->n - 1].stem_len = t->term_len;
            buf_add(&d->terms, t->term, t->term_len);
        }
        return d->terms.err ? (d->nomem = 1) : 0;
    }
    if (t->kind != TOK_WORD && t->kind != TOK_NUMBER && t->kind != TOK_CJK_UNI)
        return 0;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        struct dtok *v = realloc(d->v, cap * sizeof *v);
        if (!v)
            return d->nomem = 1;
        d->v = v;
        d->cap = cap;
    }
    x = &d->v[d->n++];
    x->pos = pos;
    x->start = t->start + d->base_off;
    x->end = t->end + d->base_off;
    x->term_off = d->terms.len;
    x->term_len = t->term_len;
    x->stem_len = 0;
    buf_add(&d->terms, t->term, t->term_len);
    return d->terms.err ? (d->nomem = 1) : 0;
}

static int
eq(const struct doc *d, size_t off, size_t len, const char *s, size_t n)
{
    return len == n && memcmp(d->terms.data + off, s, n) == 0;
}

/* Does unit u match at document token i? Returns the last token index + 1
 * of the match, or 0. */
static size_t
match_at(const struct doc *d, size_t i, const struct snip_unit *u)
{
    const struct dtok *t = &d->v[i];
    size_t k;

    if (u->prefix)
        return t->term_len >= u->lens[0] &&
                       memcmp(d->terms.data + t->term_off, u->terms[0],
                              u->lens[0]) == 0
                   ? i + 1 : 0;
    if (u->n == 1)
        return eq(d, t->term_off, t->term_len, u->terms[0], u->lens[0]) ||
                       (u->stem && t->stem_len &&
                        eq(d, t->stem_off, t->stem_len, u->stem, u->stem_len))
                   ? i + 1 : 0;
    /* Positions rise by one or more from token to token: a span no longer
     * than the query's is adjacency where the query has no gap. */
    if (i + u->n > d->n || d->v[i + u->n - 1].pos - t->pos > u->span)
        return 0;
    for (k = 0; k < u->n; k++) {
        if (!eq(d, d->v[i + k].term_off, d->v[i + k].term_len, u->terms[k],
                u->lens[k]))
            return 0;
    }
    return i + u->n;
}

/* Display columns of text[a, b): East Asian wide characters count two. */
static size_t
columns(const char *text, size_t a, size_t b)
{
    const uint8_t *s = (const uint8_t *)text + a, *end = (const uint8_t *)text + b;
    size_t cols = 0;

    while (s < end) {
        ucs4_t c;
        int n = u8_mbtouc(&c, s, (size_t)(end - s));
        int w = uc_width(c, "UTF-8");

        cols += w > 0 ? (size_t)w : (c == '\t' ? 1 : 0);
        s += n > 0 ? n : 1;
    }
    return cols;
}

/* Can the grapheme cluster rules look back across c?  UAX #29 GB11 joins
 * Extended_Pictographic Extend* ZWJ to a following Extended_Pictographic,
 * and GB12/GB13 pair regional indicators from the start of their run. */
static int
gb_context(ucs4_t c)
{
    int p = uc_graphemeclusterbreak_property(c);

    return p == GBP_RI || p == GBP_EXTEND || p == GBP_ZWJ ||
           uc_is_property_extended_pictographic(c);
}

/* The last grapheme cluster boundary at or before off, a character start.
 *
 * u8_grapheme_next() and u8_grapheme_prev() decide each boundary from the
 * two characters around it alone (libunistring 1.0: its manual says they
 * do not handle emoji), so they cut a ZWJ sequence such as a family emoji
 * after a ZWJ (GB11) and a run of flags between the two regional
 * indicators of a flag (GB12, GB13).  Their boundaries include every true
 * one; u8_grapheme_breaks() applies the whole rules and tells which are
 * true, given the text from a point that no rule looks back across: the
 * character before the run of gb_context() characters that ends at off. */
static size_t
grapheme_floor(const char *text, size_t len, size_t off)
{
    const uint8_t *s = (const uint8_t *)text;

    while (off > 0 && off < len) {
        const uint8_t *q = s + off, *b;
        int k = u8_mblen(q, len - off);
        char small[64], *p;
        size_t from, n, i;
        ucs4_t c;

        while ((b = u8_prev(&c, q, s)) && gb_context(c))
            q = b;
        from = (size_t)((b ? b : q) - s);
        n = off + (k > 0 ? (size_t)k : 1) - from;
        p = n <= sizeof small ? small : malloc(n);
        if (!p)
            return off; /* no memory: a boundary by the pairwise rules */
        u8_grapheme_breaks(s + from, n, p);
        for (i = off - from; i > 0 && !p[i]; i--)
            ;
        if (p != small)
            free(p);
        if (i > 0 || !b)
            return from + i;
        off = from; /* none after it: is that character's start one? */
    }
    return off;
}

static int
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* White space after white space: shown as nothing (a run shows as one
 * space), so it takes no column (indented text, HTML pages' empty
 * lines). */
static int
squeezed(const char *text, size_t off)
{
    return off > 0 && is_blank(text[off]) && is_blank(text[off - 1]);
}

/* Advance from a, a cluster boundary, while the window stays within width
 * columns; returns the end offset, a cluster boundary. */
static size_t
extend(const char *text, size_t len, size_t a, size_t width)
{
    const uint8_t *s = (const uint8_t *)text + a, *end = (const uint8_t *)text + len;
    size_t cols = 0;

    while (s < end) {
        const uint8_t *nx = u8_grapheme_next(s, end);
        size_t w;

        if (!nx || nx <= s)
            nx = s + 1;
        if (squeezed(text, (size_t)(s - (const uint8_t *)text))) {
            s = nx;
            continue;
        }
        w = columns(text, (size_t)(s - (const uint8_t *)text),
                    (size_t)(nx - (const uint8_t *)text));
        if (cols + w > width)
            break;
        cols += w;
        s = nx;
    }
    return grapheme_floor(text, len, (size_t)(s - (const uint8_t *)text));
}

/* Is the period at text[dot], followed by a space, an abbreviation's
 * rather than a sentence's end?  One letter before it (e.g., U.S.), a
 * title or a common short form (Mr. Jones, Fig. 3), or a lower-case word
 * after it (etc. and). */
static int
abbreviation(const char *text, size_t len, size_t dot)
{
    static const char *const forms[] = { "Mr", "Mrs", "Ms", "Dr", "Prof",
                                         "St", "Jr", "Sr", "vs", "etc",
                                         "No", "Fig", "Vol", "cf", "al" };
    size_t w = dot, n, i;

    while (w > 0 && ((text[w - 1] >= 'a' && text[w - 1] <= 'z') ||
                     (text[w - 1] >= 'A' && text[w - 1] <= 'Z')))
        w--;
    n = dot - w;
    if (n == 1)
        return 1;
    for (i = 0; i < sizeof forms / sizeof *forms; i++)
        if (strlen(forms[i]) == n && memcmp(text + w, forms[i], n) == 0)
            return 1;
    return dot + 2 < len && text[dot + 2] >= 'a' && text[dot + 2] <= 'z';
}

/* Is off just after a sentence end (or a line start)? */
static int
sentence_start(const char *text, size_t len, size_t off)
{
    static const char *const ends[] = { ". ", "! ", "? ", "\xe3\x80\x82",
                                        "\xef\xbc\x81", "\xef\xbc\x9f", "\n" };
    size_t i;

    if (off == 0)
        return 1;
    for (i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t n = strlen(ends[i]);
        if (off >= n && memcmp(text + off - n, ends[i], n) == 0)
            return i > 0 || !abbreviation(text, len, off - 2);
    }
    return 0;
}

/* The start of the grapheme cluster that ends at off, by the pairwise rules
 * (see grapheme_floor). */
static size_t
prev_grapheme(const char *text, size_t off)
{
    const uint8_t *s = (const uint8_t *)text;
    const uint8_t *p;
    ucs4_t uc;

    if (!off)
        return 0;
    /* u8_grapheme_prev() reads before the text when the character before
     * off is ill-formed (libunistring 1.0): step over one byte instead. */
    if (!u8_prev(&uc, s + off, s))
        return off - 1;
    p = u8_grapheme_prev(s + off, s);
    return p ? (size_t)(p - s) : 0;
}

/* Can a token run across the line break at text[nl]?  Only one between
 * two CJK characters (tokenize.h): never when the line before ends, or the
 * line after starts, with ASCII (a blank line included). */
static int
break_may_join(const char *text, size_t a, size_t nl, size_t scan)
{
    size_t p = nl, q = nl + 1;

    while (p > a && (text[p - 1] == ' ' || text[p - 1] == '\t'
                     || text[p - 1] == '\r'))
        p--;
    while (q < scan && (text[q] == ' ' || text[q] == '\t'))
        q++;
    return p > a && q < scan && (unsigned char)text[p - 1] >= 0x80
           && (unsigned char)text[q] >= 0x80;
}

/* The end of the chunk that starts at a: SNIPPET_CHUNK bytes on, then to
 * the end of that line, or of a later one when a CJK run may go on across
 * the break.  No token, bigram or glue crosses such a line end, so chunks
 * tokenize as the whole text does. */
static size_t
chunk_end(const char *text, size_t a, size_t scan)
{
    const char *nl;
    size_t from;

    if (scan - a <= SNIPPET_CHUNK)
        return scan;
    from = a + SNIPPET_CHUNK;
    while ((nl = memchr(text + from, '\n', scan - from)) != NULL) {
        size_t at = (size_t)(nl - text);
        if (!break_may_join(text, a, at, scan))
            return at + 1;
        from = at + 1;
    }
    return scan;
}

/* Record the match of the first unit that matches at token i. */
static int
match_token(const struct doc *d, size_t i, const struct snip_query *sq,
            struct snippet *out, unsigned char *unit_seen)
{
    size_t u;

    for (u = 0; u < sq->n; u++) {
        size_t last = match_at(d, i, &sq->u[u]);
        struct snip_match *m;

        if (!last)
            continue;
        if (u < 64)
            unit_seen[u] = 1;
        /* Overlapping matches (a phrase and one of its words, the pairs of
         * a CJK run a partial hit matched on) are one highlight: spans in
         * document order that never overlap, as editors apply them. */
        if (out->nm && d->v[i].start < out->m[out->nm - 1].end) {
            if (d->v[last - 1].end > out->m[out->nm - 1].end)
                out->m[out->nm - 1].end = d->v[last - 1].end;
            break;
        }
        m = realloc(out->m, (out->nm + 1) * sizeof *m);
        if (!m)
            return -1;
        out->m = m;
        m[out->nm].start = d->v[i].start;
        m[out->nm].end = d->v[last - 1].end;
        m[out->nm].unit = u;
        out->nm++;
        break; /* one match per starting token */
    }
    return 0;
}

/* The columns that text[a, b), from cluster boundaries, takes in a
 * window (as extend() counts them). */
static size_t
shown_columns(const char *text, size_t a, size_t b)
{
    const uint8_t *s = (const uint8_t *)text + a, *end = (const uint8_t *)text + b;
    size_t cols = 0;

    while (s < end) {
        const uint8_t *nx = u8_grapheme_next(s, end);

        if (!nx || nx <= s)
            nx = s + 1;
        if (!squeezed(text, (size_t)(s - (const uint8_t *)text)))
            cols += columns(text, (size_t)(s - (const uint8_t *)text),
                            (size_t)(nx - (const uint8_t *)text));
        s = nx;
    }
    return cols;
}

/* Does a window edge at off cut a word?  Words as UAX #29 has them, as
 * the tokenizer does (don't, 3.14159, 1,000,000, a run of katakana, a
 * Hangul word), found by u8_wordbreaks() over the few characters around
 * off, which is all its rules look at (flags aside, which are no word).
 * Han and hiragana break between every two characters: any of their
 * boundaries will do.  A run of white space is no word either. */
#define WORD_CONTEXT 48

static int
cuts_word(const char *text, size_t len, size_t off)
{
    size_t a, b, n;
    char p[2 * WORD_CONTEXT + 8];

    if (off == 0 || off >= len || is_blank(text[off]) ||
        is_blank(text[off - 1]))
        return 0;
    /* Each end moves at most 3 bytes to a character's start, outward, so
     * that a < off < b and b - a fits p even in a long run of stray
     * continuation bytes (invalid UTF-8, which the fuzzer feeds). */
    a = off > WORD_CONTEXT ? off - WORD_CONTEXT : 0;
    for (n = 0; n < 3 && a > 0 && is_continuation(text[a]); n++)
        a--;
    b = len - off > WORD_CONTEXT ? off + WORD_CONTEXT : len;
    for (n = 0; n < 3 && b < len && is_continuation(text[b]); n++)
        b++;
    u8_wordbreaks((const uint8_t *)text + a, b - a, p);
    return !p[off - a];
}

/* A window edge that cuts a word moves to the word's edge, inward, when
 * the word is at most this many characters (a long URL is cut). */
#define WORD_CUT_MAX 24

/* The window's start, when it cuts a word, moves on to the next word,
 * never past @p limit (the first match it shows). */
static void
start_at_word(const char *text, size_t len, size_t limit,
              struct snippet *out)
{
    size_t a = out->win_start, n;

    if (!cuts_word(text, len, a))
        return;
    for (n = 0; n < WORD_CUT_MAX && a < limit && cuts_word(text, len, a);
         n++) {
        const uint8_t *s = (const uint8_t *)text + a;
        const uint8_t *nx = u8_grapheme_next(s, (const uint8_t *)text + len);

        a = nx && nx > s ? (size_t)(nx - (const uint8_t *)text) : a + 1;
    }
    if (a > limit || (a < limit && cuts_word(text, len, a)))
        return;
    while (a < limit && is_blank(text[a]))
        a++;
    out->win_start = a;
}

/* The window's end, when it cuts a word, moves back to the word's start
 * (and before the blanks there), never before @p keep (the end of the
 * last match it shows). */
static void
end_at_word(const char *text, size_t len, size_t keep, struct snippet *out)
{
    size_t e = out->win_end, n;

    if (!cuts_word(text, len, e))
        return;
    for (n = 0; n < WORD_CUT_MAX && e > keep && cuts_word(text, len, e); n++)
        e = prev_grapheme(text, e);
    if (e < keep || cuts_word(text, len, e))
        return;
    while (e > keep && is_blank(text[e - 1]))
        e--;
    out->win_end = e;
}

/* The first match that the window's end cuts (out->nm if none). */
static size_t
cut_at_end(const struct snippet *out, size_t from)
{
    size_t k;

    for (k = from; k < out->nm && out->m[k].start < out->win_end; k++)
        if (out->m[k].end > out->win_end)
            return k;
    return out->nm;
}

/* A window never holds part of a match (whose highlight would cover half
 * a word or half of 宇宙): a match the end cuts is brought in whole by
 * moving the start on, never past the best match; when that cannot be
 * done the window ends before it.  A match that the start cuts is left
 * out. */
static void
whole_matches(const char *text, size_t len, size_t width, size_t best,
              struct snippet *out)
{
    size_t k, tries, need, freed, a;

    for (tries = 0; tries < 4; tries++) {
        k = cut_at_end(out, best + 1);
        if (k == out->nm)
            break;
        need = shown_columns(text, out->win_end, out->m[k].end);
        for (a = out->win_start, freed = 0;
             freed < need && a < out->m[best].start;) {
            const uint8_t *s = (const uint8_t *)text + a;
            const uint8_t *nx = u8_grapheme_next(s, (const uint8_t *)text + len);
            size_t b = nx && nx > s ? (size_t)(nx - (const uint8_t *)text) : a + 1;

            if (!squeezed(text, a))
                freed += columns(text, a, b);
            a = b;
        }
        if (freed < need || a > out->m[best].start)
            break;
        while (a < out->m[best].start && (text[a] == ' ' || text[a] == '\n'))
            a++;
        out->win_start = grapheme_floor(text, len, a);
        out->win_end = extend(text, len, out->win_start, width);
        if (out->win_end < out->m[best].end)
            out->win_end = out->m[best].end;
    }
    k = cut_at_end(out, best + 1);
    if (k < out->nm)
        out->win_end = out->m[k].start;
    for (k = 0; k < best; k++)
        if (out->m[k].start < out->win_start && out->m[k].end > out->win_start)
            out->win_start = out->m[k].end;
}

/* A window that reaches the text's end with columns to spare (the best
 * match is near the end) starts earlier, to show the room it has as it
 * would were the match mid-text: at the farthest sentence start in reach,
 * else as far back as the width allows (edges_at_words() then moves the
 * start off a cut word).  A window that already starts a sentence stays:
 * that is the start snippets prefer. */
static void
fill_back(const char *text, size_t len, size_t width, struct snippet *out)
{
    size_t a = out->win_start, cols, sent = 0, k;
    int found = 0;

    if (out->win_end < len || a == 0 || sentence_start(text, len, a))
        return;
    cols = shown_columns(text, a, out->win_end);
    while (a > 0) {
        size_t p = prev_grapheme(text, a);
        size_t w = squeezed(text, p) ? 0 : columns(text, p, a);

        if (cols + w > width)
            break;
        cols += w;
        a = p;
        if (sentence_start(text, len, a)) {
            sent = a;
            found = 1;
        }
    }
    if (found)
        a = sent;
    while (a < out->win_start && is_blank(text[a]))
        a++;
    /* The steps back are pairwise (prev_grapheme); a cluster's real start
     * may be one step further back, and a column over: then one on. */
    a = grapheme_floor(text, len, a);
    if (a < out->win_start && shown_columns(text, a, out->win_end) > width) {
        size_t b = a; /* the next true boundary: u8_grapheme_next() is
                       * pairwise too, and pairs a run of flags whole */

        do {
            b++;
            while (b < len && is_continuation(text[b]))
                b++;
        } while (b < out->win_start && grapheme_floor(text, len, b) != b);
        a = b;
    }
    /* A match the new start cuts is left out, as whole_matches() does. */
    for (k = 0; k < out->nm && out->m[k].start < out->win_start; k++)
        if (out->m[k].start < a && out->m[k].end > a)
            a = out->m[k].end;
    if (a < out->win_start)
        out->win_start = a;
}

/* Window edges at whole words, the matches it shows kept whole.  A start
 * moved on lets the end reach further, within the width. */
static void
edges_at_words(const char *text, size_t len, size_t width,
               struct snippet *out)
{
    size_t k, limit = out->win_end, keep, was = out->win_start;

    for (k = 0; k < out->nm; k++)
        if (out->m[k].start >= out->win_start && out->m[k].start < limit)
            limit = out->m[k].start;
    start_at_word(text, len, limit, out);
    if (out->win_start != was) {
        size_t end = extend(text, len, out->win_start, width);

        if (end > out->win_end) {
            out->win_end = end;
            k = cut_at_end(out, 0);
            if (k < out->nm)
                out->win_end = out->m[k].start;
        }
    }
    keep = out->win_start;
    for (k = 0; k < out->nm; k++)
        if (out->m[k].start >= out->win_start &&
            out->m[k].end <= out->win_end && out->m[k].end > keep)
            keep = out->m[k].end;
    end_at_word(text, len, keep, out);
}

sousuo_status_t
snippet_find(struct tokenizer *tz, const struct snip_query *sq,
             const char *text, size_t len, size_t width, size_t enough,
             struct snippet *out)
{
    struct doc d;
    size_t scan = len < SNIPPET_SCAN_MAX ? len : SNIPPET_SCAN_MAX;
    size_t i = 0, j, u, best = 0, best_score = 0, back, a, lim, at = 0;
    size_t maxn = 1;
    unsigned char unit_seen[64] = { 0 };
    int nomem;

    memset(out, 0, sizeof *out);
    memset(&d, 0, sizeof d);
    buf_init(&d.terms);
    for (u = 0; u < sq->n; u++)
        if (sq->u[u].n > maxn)
            maxn = sq->u[u].n;
    while (sq->n && at < scan && !d.nomem && out->nm < SNIPPET_MAX_MATCHES) {
        size_t b = chunk_end(text, at, scan), seen = 0;
        int last = b >= scan;

        d.base_off = at;
        d.base_pos = d.n ? d.v[d.n - 1].pos + 1 : 0;
        tokenize(tz, TOK_DOCUMENT, text + at, b - at, doc_collect, &d);
        /* A phrase may run into the next chunk: match its start later. */
        for (; i < d.n && (last || i + maxn <= d.n) && !d.nomem &&
               out->nm < SNIPPET_MAX_MATCHES; i++)
            if (match_token(&d, i, sq, out, unit_seen) != 0)
                d.nomem = 1;
        at = b;
        for (u = 0; u < sq->n && u < 64; u++)
            seen += unit_seen[u];
        if (enough && (out->nm >= enough || seen == sq->n || seen == 64))
            break;
    }
    nomem = d.nomem;
    free(d.v);
    buf_free(&d.terms);
    if (nomem) {
        snippet_free(out);
        return SOUSUO_NOMEM;
    }

    /* The window with the most distinct units, then the most matches. */
    for (i = 0; i < out->nm; i++) {
        unsigned char seen[64] = { 0 };
        size_t distinct = 0, count = 0, score;

        lim = extend(text, len, out->m[i].start, width);
        for (j = i; j < out->nm && out->m[j].end <= lim; j++) {
            if (out->m[j].unit < 64 && !seen[out->m[j].unit]) {
                seen[out->m[j].unit] = 1;
                distinct++;
            }
            count++;
        }
        score = distinct * 1000 + count;
        if (score > best_score) {
            best_score = score;
            best = i;
        }
    }
    /* Start a little before the first match, at a sentence start when
     * one is within half the width, never inside a character or grapheme. */
    a = out->nm ? out->m[best].start : 0;
    back = a;
    for (i = 0; i < width / 2 && back > 0 &&
                !sentence_start(text, len, back);
         i += !squeezed(text, back))
        back = prev_grapheme(text, back);
    if (!sentence_start(text, len, back)) {
        /* No sentence start near: keep a few words of context. */
        back = a;
        for (i = 0; i < width / 8 && back > 0; i += !squeezed(text, back))
            back = prev_grapheme(text, back);
    }
    while (back < a && (text[back] == ' ' || text[back] == '\n'))
        back++;
    /* Once here, not at each step back: finding a boundary may look back
     * over a whole run of flags. */
    out->win_start = grapheme_floor(text, len, back);
    out->win_end = extend(text, len, out->win_start, width);
    if (out->nm && out->win_end < out->m[best].end)
        out->win_end = out->m[best].end; /* a match longer than the width */
    if (out->nm)
        whole_matches(text, len, width, best, out);
    fill_back(text, len, width, out);
    edges_at_words(text, len, width, out);
    return SOUSUO_OK;
}

void
snippet_free(struct snippet *s)
{
    free(s->m);
    memset(s, 0, sizeof *s);
}

void
snippet_units(const char *text, size_t off, size_t *cps, size_t *utf16)
{
    const uint8_t *s = (const uint8_t *)text, *end = s + off;
    size_t c = 0, w = 0;

    while (s < end) {
        ucs4_t uc;
        int n = u8_mbtouc(&uc, s, (size_t)(end - s));

        s += n > 0 ? n : 1;
        c++;
        w += uc >= 0x10000 ? 2 : 1;
    }
    *cps = c;
    *utf16 = w;
}

void
snippet_linecol_init(struct linecol *lc)
{
    memset(lc, 0, sizeof *lc);
    lc->line = 1;
    lc->end_of = (size_t)-1;
}

void
snippet_linecol_next(const char *text, size_t len, size_t off,
                     struct linecol *lc)
{
    size_t i, from, cps, u16;

    if (off > len)
        off = len;
    if (off < lc->at) /* not ascending: start over */
        snippet_linecol_init(lc);
    from = lc->at;
    for (i = lc->at; i < off; i++)
        if (text[i] == '\n') {
            lc->line++;
            lc->line_start = from = i + 1;
            lc->char_col = lc->utf16_col = 1;
        }
    /* Count on from the previous offset, or from the new line's start. */
    snippet_units(text + from, off - from, &cps, &u16);
    if (lc->char_col == 0)
        lc->char_col = lc->utf16_col = 1;
    lc->char_col += cps;
    lc->utf16_col += u16;
    lc->byte_col = off - lc->line_start + 1;
    lc->at = off;
    if (lc->end_of != lc->line_start || lc->line_end < off) {
        lc->end_of = lc->line_start;
        for (i = off; i < len && text[i] != '\n'; i++)
            ;
        while (i > lc->line_start && i > off && text[i - 1] == '\r')
            i--;
        lc->line_end = i;
    }
}

void
snippet_linecol(const char *text, size_t len, size_t off, struct linecol *lc)
{
    snippet_linecol_init(lc);
    snippet_linecol_next(text, len, off, lc);
}
