/* indexdoc.c - build a document's terms, values and data; see indexdoc.h
 * and doc/schema.md for what goes where. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "docdata.h"
#include "exact.h"
#include "hash.h"
#include "indexdoc.h"
#include "langguess.h"
#include "schema.h"

struct build {
    sx_doc *doc;
    struct sx_error *err;
    sousuo_status_t st;
    const char *word_pfx; /* "" for body, S for title */
    const char *stem_pfx; /* Z for body, ZS for title */
    struct buf term;
    struct buf *spell;
    int title;          /* the title pass: body terms too (TITLE_WDF) */
    uint32_t title_pos; /* where the title's body positions start */
    uint32_t last_pos;  /* the body pass's last position */
    uint32_t postings;  /* positional postings of the body pass */
    int truncated;      /* the body pass stopped at a limit */
    /* The previous token, and a CJK unigram held until the next token
     * tells whether it ends its run (on_token). */
    enum tok_kind prev_kind;
    uint32_t prev_pos;
    int have_prev, held;
    struct tok held_tok;
    struct buf held_term;
};

/* on_token's return when a limit stops the body pass. */
#define STOP_AT_LIMIT 2

static int
add_term(struct build *b, const char *pfx, const struct tok *t,
         uint32_t pos, unsigned wdf, int positional)
{
    buf_reset(&b->term);
    buf_addstr(&b->term, pfx);
    buf_add(&b->term, t->term, t->term_len);
    if (b->term.err) {
        b->st = SOUSUO_NOMEM;
        return 1;
    }
    /* Stems serve ranked word queries, never phrases: no positions
     * (as Xapian's TermGenerator does). */
    if (t->kind == TOK_STEM || !positional)
        b->st = sx_doc_add_term(b->doc, b->term.data, b->term.len, wdf,
                                b->err);
    else
        b->st = sx_doc_add_posting(b->doc, b->term.data, b->term.len, pos,
                                   wdf, b->err);
    return b->st != SOUSUO_OK;
}

/* Words worth suggesting: 3..40 bytes of letters, no digits. */
static int
spellable(const struct tok *t)
{
    size_t i;

    if (t->kind != TOK_WORD || t->term_len < 3 || t->term_len > 40)
        return 0;
    for (i = 0; i < t->term_len; i++) {
        unsigned char c = (unsigned char)t->term[i];
        if (c < 0x80 && (c < 'a' || c > 'z'))
            return 0;
    }
    return 1;
}

/* One token's terms: in the body, or in the title (S) and in the body at
 * the title's positions. */
static int
add_token(struct build *b, const struct tok *t, int positional)
{
    int stem = t->kind == TOK_STEM;

    if (add_term(b, stem ? b->stem_pfx : b->word_pfx, t,
                 t->pos + BODY_FIRST_POS, 1, positional))
        return 1;
    if (b->title)
        return add_term(b, stem ? PFX_STEM : "", t, t->pos + b->title_pos,
                        TITLE_WDF, positional);
    return 0;
}

/* The held unigram, with a position only when it ends its run. */
static int
flush_held(struct build *b, int last)
{
    b->held = 0;
    return add_token(b, &b->held_tok, last);
}

/* A CJK unigram gets a position only as the first or last character of
 * its run: a phrase needs it only where the query has it as a run of one
 * character, and the text's run then either ends there or goes on with
 * the bigrams the query also looks for (query-build.c).  That saves a
 * third of all positions.  Its wdf is the same either way. */
static int
on_token(void *ctx, const struct tok *t)
{
    struct build *b = ctx;
    int inner;

    /* A bigram at the held unigram's position continues its run. */
    if (b->held && flush_held(b, !(t->kind == TOK_CJK_BI &&
                                   t->pos == b->held_tok.pos)))
        return 1;
    /* Checked before every body token, so where a document stops depends
     * on its text alone (a rerun builds the same terms).  Every token but
     * a stem counts, positional or not, so the cut stays where it was. */
    if (!b->title && (b->postings >= INDEXDOC_MAX_POSTINGS ||
                      sx_doc_term_count(b->doc) >= INDEXDOC_MAX_TERMS)) {
        b->truncated = 1;
        return STOP_AT_LIMIT;
    }
    if (!b->title && t->kind != TOK_STEM)
        b->postings++;
    /* The bigram just before a unigram ends at it: not the run's first. */
    inner = t->kind == TOK_CJK_UNI && b->have_prev &&
            b->prev_kind == TOK_CJK_BI && b->prev_pos + 1 == t->pos;
    b->prev_kind = t->kind;
    b->prev_pos = t->pos;
    b->have_prev = 1;
    if (inner) {
        buf_reset(&b->held_term);
        buf_add(&b->held_term, t->term, t->term_len);
        if (b->held_term.err) {
            b->st = SOUSUO_NOMEM;
            return 1;
        }
        b->held_tok = *t;
        b->held_tok.term = b->held_term.data;
        b->held = 1;
    } else if (add_token(b, t, 1)) {
        return 1;
    }
    if (b->title)
        return 0;
    if (t->pos > b->last_pos)
        b->last_pos = t->pos;
    if (b->spell && spellable(t)) {
        buf_add(b->spell, t->term, t->term_len);
        buf_addch(b->spell, '\0');
    }
    return 0;
}

static sousuo_status_t
add_text(struct tokenizer *tz, struct build *b, const char *text, size_t len)
{
    int rc;

    b->have_prev = 0;
    rc = tokenize(tz, TOK_DOCUMENT, text, len, on_token, b);
    /* Held at the end of the text: its run's last character. */
    if (b->held && b->st == SOUSUO_OK)
        flush_held(b, 1);
    b->held = 0;
    if (b->st != SOUSUO_OK)
        return b->st;
    if (rc == STOP_AT_LIMIT && b->truncated)
        return SOUSUO_OK;
    if (rc != 0) {
        if (b->err) {
            b->err->code = SOUSUO_NOMEM;
            snprintf(b->err->msg, sizeof b->err->msg, "tokenizer failed");
        }
        return SOUSUO_NOMEM;
    }
    return SOUSUO_OK;
}

static sousuo_status_t
add_prefixed(sx_doc *doc, const char *pfx, const char *s, size_t n,
             struct buf *tmp, struct sx_error *err)
{
    buf_reset(tmp);
    buf_addstr(tmp, pfx);
    buf_add(tmp, s, n > ID_TERM_MAX ? ID_TERM_MAX : n);
    if (tmp->err)
        return SOUSUO_NOMEM;
    return sx_doc_add_boolean_term(doc, tmp->data, tmp->len, err);
}

/* XE for the whole title (wdf EXACT_TITLE_WDF) and for each heading
 * (wdf 1, so a heading that repeats counts more) (exact.h).  One prefix
 * for both: a query looks up one term, not two. */
static sousuo_status_t
add_exact(struct tokenizer *tz, sx_doc *doc, const struct indexdoc *in,
          struct buf *tmp, struct sx_error *err)
{
    sousuo_status_t st = SOUSUO_OK;
    const char *p = in->headings, *end = p ? p + in->headings_len : NULL;

    if (in->title_len) {
        st = exact_term(tz, TOK_DOCUMENT, PFX_EXACT, in->title,
                        in->title_len, tmp);
        if (st == SOUSUO_OK && tmp->len > strlen(PFX_EXACT))
            st = sx_doc_add_term(doc, tmp->data, tmp->len, EXACT_TITLE_WDF,
                                 err);
    }
    /* A page of a million headings would cost as much as a million words. */
    for (; p && p < end && st == SOUSUO_OK; p += strlen(p) + 1) {
        if (sx_doc_term_count(doc) >= INDEXDOC_MAX_TERMS)
            break;
        st = exact_term(tz, TOK_DOCUMENT, PFX_EXACT, p, strlen(p), tmp);
        if (st == SOUSUO_OK && tmp->len > strlen(PFX_EXACT))
            st = sx_doc_add_term(doc, tmp->data, tmp->len, 1, err);
    }
    return st;
}

/* P terms for every folder of the path and the path itself, E for the
 * extension. */
static sousuo_status_t
add_path_terms(sx_doc *doc, const char *path, size_t len, struct buf *tmp,
               struct sx_error *err)
{
    sousuo_status_t st = SOUSUO_OK;
    const char *base = path, *dot = NULL;
    size_t i;

    for (i = 0; i < len && st == SOUSUO_OK; i++) {
        if (path[i] == '/') {
            if (i)
                st = add_prefixed(doc, PFX_PATH, path, i, tmp, err);
            base = path + i + 1;
        }
    }
    /* The file itself, so that path: also takes a file's path. */
    if (st == SOUSUO_OK)
        st = add_prefixed(doc, PFX_PATH, path, len, tmp, err);
    for (i = (size_t)(base - path); i < len; i++)
        if (path[i] == '.')
            dot = path + i;
    if (st == SOUSUO_OK && dot && dot > base && dot + 1 < path + len) {
        char ext[16];
        size_t n = (size_t)(path + len - dot - 1);

        if (n < sizeof ext) {
            for (i = 0; i < n; i++) {
                char c = dot[1 + i];
                ext[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
            }
            st = add_prefixed(doc, PFX_EXT, ext, n, tmp, err);
        }
    }
    return st;
}

/* Y/M/D terms and the sortable date value from "YYYY[-MM[-DD]]". */
static sousuo_status_t
add_date(sx_doc *doc, const char *date, struct buf *tmp, struct sx_error *err)
{
    char v[9] = "00000000";
    size_t n = strlen(date);
    sousuo_status_t st;

    if (n != 4 && n != 7 && n != 10)
        return SOUSUO_OK;
    memcpy(v, date, 4);
    if (n >= 7)
        memcpy(v + 4, date + 5, 2);
    if (n == 10)
        memcpy(v + 6, date + 8, 2);
    st = add_prefixed(doc, PFX_YEAR, v, 4, tmp, err);
    if (st == SOUSUO_OK && n >= 7)
        st = add_prefixed(doc, PFX_MONTH, v, 6, tmp, err);
    if (st == SOUSUO_OK && n == 10)
        st = add_prefixed(doc, PFX_DAY, v, 8, tmp, err);
    if (st == SOUSUO_OK)
        st = sx_doc_set_value(doc, SLOT_DATE, v, 8, err);
    return st;
}

/* A cut stored text ends at a line end if one is this close before the
 * limit. */
#define CUT_LINE_BACK (64u << 10)

/* The most text bytes a document whose data head takes head_len bytes
 * may store: its data is the head, the text and ",".  When the head
 * alone is too big, no cut helps: the writer refuses the document. */
static size_t
stored_max(size_t head_len)
{
    size_t data_max = sx_doc_data_max();

    if (data_max <= head_len + 1 ||
        data_max - head_len - 1 >= INDEXDOC_MAX_STORED)
        return INDEXDOC_MAX_STORED;
    return data_max - head_len - 1;
}

/* How many bytes of text (UTF-8) to store, at most max: up to a line end
 * in its last CUT_LINE_BACK bytes, else up to a character boundary. */
static size_t
stored_len(const char *text, size_t len, size_t max)
{
    size_t n = max, stop;

    if (len <= max)
        return len;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    stop = n > CUT_LINE_BACK ? n - CUT_LINE_BACK : 0;
    for (size_t i = n; i > stop; i--)
        if (text[i - 1] == '\n')
            return i;
    return n;
}

/* The document data: the docdata head, then the text (up to what can be
 * stored: *cut says how much) and ",", without a copy of the text. */
static sousuo_status_t
set_data(sx_doc *doc, const struct indexdoc *in, const char *lang,
         struct buf *tmp, struct indexdoc_cut *cut, struct sx_error *err)
{
    struct docdata dd;
    struct sx_span rec[3];
    sousuo_status_t st;
    char n[24];

    dd.path = in->relpath;
    dd.path_len = in->relpath_len;
    dd.title = in->title;
    dd.title_len = in->title_len;
    dd.date = in->date ? in->date : "";
    dd.date_len = strlen(dd.date);
    dd.lang = lang;
    dd.lang_len = strlen(lang);
    dd.text = in->text;
    dd.text_len = in->text_len;
    /* The whole length has at least the digits of any cut one. */
    docdata_encode_head(&dd, tmp);
    if (tmp->err)
        return SOUSUO_NOMEM;
    cut->stored_len = stored_len(in->text, in->text_len, stored_max(tmp->len));
    cut->stored = cut->stored_len < in->text_len;
    if (cut->stored) {
        dd.text_len = cut->stored_len;
        docdata_encode_head(&dd, tmp);
        snprintf(n, sizeof n, "%zu", in->text_len);
        st = sx_doc_set_value(doc, SLOT_TEXT_LEN, n, strlen(n), err);
        if (st != SOUSUO_OK)
            return st;
    }
    if (tmp->err)
        return SOUSUO_NOMEM;
    if (in->colmap_len) {
        st = sx_doc_set_value(doc, SLOT_COLMAP, in->colmap, in->colmap_len,
                              err);
        if (st != SOUSUO_OK)
            return st;
    }
    rec[0].p = tmp->data;
    rec[0].n = tmp->len;
    rec[1].p = in->text;
    rec[1].n = cut->stored_len;
    rec[2].p = ",";
    rec[2].n = 1;
    return sx_doc_set_data_spans(doc, rec, 3, err);
}

void
indexdoc_idterm(const char *relpath, size_t len, struct buf *out)
{
    buf_reset(out);
    buf_addstr(out, PFX_ID);
    if (len + strlen(PFX_ID) <= ID_TERM_MAX) {
        buf_add(out, relpath, len);
        return;
    }
    buf_add(out, relpath, ID_TERM_KEEP);
    buf_addf(out, "#%016" PRIx64, fnv1a64(FNV64_INIT, relpath, len));
}

void
indexdoc_stat_value(uint64_t size, int64_t mtime_ns, uint64_t ino,
                    int racy, struct buf *out)
{
    buf_reset(out);
    buf_addf(out, "%" PRIu64 " %" PRId64, size, mtime_ns);
    if (ino)
        buf_addf(out, " %" PRIu64, ino);
    if (racy)
        buf_addf(out, " racy");
}

sousuo_status_t
indexdoc_build(struct tokenizer *tz, const struct indexdoc *in, sx_doc **out,
               struct buf *spell, struct indexdoc_cut *cut,
               struct sx_error *err)
{
    struct build b;
    struct buf tmp = BUF_INIT;
    struct indexdoc_cut c = { 0, 0, 0 };
    const char *lang;
    char hex[17];
    sousuo_status_t st;

    *out = NULL;
    if (cut)
        *cut = c;
    memset(&b, 0, sizeof b);
    buf_init(&b.term);
    buf_init(&b.held_term);
    b.err = err;
    b.spell = spell;
    st = sx_doc_new(&b.doc, err);
    if (st != SOUSUO_OK)
        return st;

    b.word_pfx = "";
    b.stem_pfx = PFX_STEM;
    st = add_text(tz, &b, in->text, in->text_len);
    if (st == SOUSUO_OK && in->title_len) {
        b.word_pfx = PFX_TITLE;
        b.stem_pfx = PFX_TITLE_STEM;
        b.title = 1;
        b.title_pos = b.last_pos + BODY_FIRST_POS + TITLE_GAP;
        st = add_text(tz, &b, in->title, in->title_len);
    }
    if (st == SOUSUO_OK)
        st = add_exact(tz, b.doc, in, &tmp, err);
    lang = lang_guess(in->text, in->text_len);
    if (st == SOUSUO_OK) {
        indexdoc_idterm(in->relpath, in->relpath_len, &tmp);
        st = tmp.err ? SOUSUO_NOMEM
                     : sx_doc_add_boolean_term(b.doc, tmp.data, tmp.len, err);
    }
    if (st == SOUSUO_OK)
        st = add_path_terms(b.doc, in->relpath, in->relpath_len, &tmp, err);
    if (st == SOUSUO_OK)
        st = add_prefixed(b.doc, PFX_LANG, lang, strlen(lang), &tmp, err);
    if (st == SOUSUO_OK && in->date && *in->date)
        st = add_date(b.doc, in->date, &tmp, err);
    if (st == SOUSUO_OK) {
        indexdoc_stat_value(in->size, in->mtime_ns, in->ino, in->racy, &tmp);
        st = sx_doc_set_value(b.doc, SLOT_STAT, tmp.data, tmp.len, err);
    }
    if (st == SOUSUO_OK) {
        snprintf(hex, sizeof hex, "%016" PRIx64, in->hash);
        st = sx_doc_set_value(b.doc, SLOT_HASH, hex, 16, err);
    }
    if (st == SOUSUO_OK)
        st = sx_doc_set_value(b.doc, SLOT_PATH, in->relpath, in->relpath_len,
                              err);
    if (st == SOUSUO_OK)
        st = set_data(b.doc, in, lang, &tmp, &c, err);
    buf_free(&tmp);
    buf_free(&b.term);
    buf_free(&b.held_term);
    if (st != SOUSUO_OK) {
        sx_doc_free(b.doc);
        return st;
    }
    *out = b.doc;
    if (cut) {
        *cut = c;
        cut->terms = b.truncated;
    }
    return SOUSUO_OK;
}
