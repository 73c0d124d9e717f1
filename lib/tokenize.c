/* tokenize.c - UAX #29 words + CJK runs -> folded terms; see tokenize.h. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>
#include <uniwbrk.h>

#include "cjk.h"
#include "fold.h"
#include "tokenize.h"
#include "wbreak.h"
#include "xapian-shim.h"

/* Bumped whenever the token stream of some input changes.
 * 3: a position gap where units are apart by more than white space.
 * 4: invisible characters (default ignorables) no longer split words;
 *    a line break between Han/kana does not end a CJK run; symbols such
 *    as ㎏ ™ ㍿ give the terms of their NFKC form. */
#define TOKENIZER_NAME "sousuo-tok/4"

/* Stemming costs ~200 ns (~2,500 instructions) a word; words are Zipf-
 * distributed, so a direct-mapped cache of folded word -> stem removes
 * most calls: on a 100 MB zh/ja/en documentation corpus 16384 slots
 * (768 KB) hit 96.8% of the words, 4096 slots only 94.6%. */
#define STEM_CACHE_SIZE 16384 /* power of two */
#define STEM_CACHE_WORD 23    /* longer words and stems bypass the cache */

/* Scratch buffers larger than this are released after each call. */
#define KEEP_SCRATCH (4u << 20)

struct stem_slot {
    unsigned char wlen, slen; /* wlen 0: empty slot */
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
};

struct tokenizer {
    sx_stemmer *stemmer;     /* NULL: no stems */
    int suffix_stemmer;      /* english: only changes words ending [a-z'] */
    unsigned flags;
    char id[96];
    struct buf clean;        /* the input with invalid bytes made spaces */
    char *brk;               /* u8_wordbreaks() result */
    size_t brk_cap;
    struct buf tmp;          /* fold_utf8() scratch */
    struct buf word;         /* folded word */
    struct buf stem;         /* its stem */
    struct buf unit[2];      /* folded CJK characters, current and previous */
    struct buf pair;         /* bigram or glue term */
    struct buf left;         /* term of the unit left of a possible glue */
    struct edit *ed;         /* how tz->clean differs from the input */
    size_t ed_cap, ed_hint;
    struct stem_slot *cache; /* STEM_CACHE_SIZE slots */
    struct wb_ascii wb;      /* ASCII word-break rules */
    struct sx_error err;
};

/* The bytes [c0, c1) of the prepared text stand for the bytes [o0, o1) of
 * the input: a deletion has c0 == c1.  Elsewhere the two differ by a
 * constant offset (invalid bytes become spaces in place). */
struct edit {
    size_t c0, c1, o0, o1;
};

/* One call of tokenize(). */
struct state {
    struct tokenizer *tz;
    const unsigned char *s; /* valid UTF-8 (the input or tz->clean) */
    const unsigned char *orig; /* the input: tells invalid bytes from spaces */
    size_t n;               /* bytes at s */
    size_t ned;             /* tz->ed[0, ned): 0 if s is the input */
    tok_cb cb;
    void *ctx;
    uint32_t pos;           /* position of the next unit */
    int any;                /* a unit was emitted; it ended at prev_end */
    size_t prev_end;
    int fast, fold;         /* fast paths allowed; fold terms */
    int fast_fold;          /* fold ASCII and common CJK without libunistring */
    /* The last unit that may glue to what follows it. */
    enum { LEFT_NONE, LEFT_WORD, LEFT_CJK } left;
    size_t left_start, left_end;
    uint32_t left_pos;
};

/* A CJK character and its folded term. */
struct unit {
    size_t start, end;
    const char *term;
    size_t len;
    int raw; /* term is the source bytes s[start, end) */
    uint32_t pos;
};

/* ---- UTF-8 ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (avail >= 1 bytes), 0 if the
 * byte at p does not start one: overlongs, surrogates, code points above
 * U+10FFFF, truncated sequences and stray continuation bytes. */
static size_t
utf8_valid(const unsigned char *p, size_t avail)
{
    unsigned char b = p[0];
    size_t need, i;
    unsigned char lo = 0x80, hi = 0xBF;

    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        need = 2;
    else if (b >= 0xE0 && b <= 0xEF)
        need = 3;
    else if (b >= 0xF0 && b <= 0xF4)
        need = 4;
    else
        return 0;
    if (b == 0xE0)
        lo = 0xA0;
    else if (b == 0xED)
        hi = 0x9F;
    else if (b == 0xF0)
        lo = 0x90;
    else if (b == 0xF4)
        hi = 0x8F;
    if (avail < need || p[1] < lo || p[1] > hi)
        return 0;
    for (i = 2; i < need; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

/* Decode valid UTF-8. */
static inline uint32_t
utf8_get(const unsigned char *p, size_t *l)
{
    unsigned char b = p[0];

    if (b < 0x80) {
        *l = 1;
        return b;
    }
    if (b < 0xE0) {
        *l = 2;
        return ((uint32_t)(b & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if (b < 0xF0) {
        *l = 3;
        return ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6)
               | (p[2] & 0x3F);
    }
    *l = 4;
    return ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12)
           | ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

/* The longest prefix of the valid UTF-8 string s that has at most max
 * bytes and ends on a character boundary. */
static size_t
utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static int
utf8_has_letter(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;

    while (p < end) {
        size_t l;
        uint32_t c = utf8_get(p, &l);
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                return 1;
        } else if (uc_is_general_category_withtable(c, UC_CATEGORY_MASK_L)) {
            return 1;
        }
        p += l;
    }
    return 0;
}

/* ---- creation ---------------------------------------------------------- */

sousuo_status_t
tokenizer_new(const char *stem_lang, struct tokenizer **out, char **errmsg)
{
    struct tokenizer *tz;
    sousuo_status_t st;
    size_t i;

    if (errmsg)
        *errmsg = NULL;
    if (!out)
        return SOUSUO_INVAL;
    *out = NULL;
    if (!stem_lang)
        stem_lang = "english";
    if (!*stem_lang)
        stem_lang = "none";
    if (strlen(stem_lang) > 40) {
        if (errmsg)
            *errmsg = strdup("stemming language name too long");
        return SOUSUO_INVAL;
    }
    tz = calloc(1, sizeof *tz);
    if (!tz)
        goto nomem;
    buf_init(&tz->clean);
    buf_init(&tz->tmp);
    buf_init(&tz->word);
    buf_init(&tz->stem);
    buf_init(&tz->unit[0]);
    buf_init(&tz->unit[1]);
    buf_init(&tz->pair);
    buf_init(&tz->left);
    wb_ascii_init(&tz->wb);
    snprintf(tz->id, sizeof tz->id, "%s stem=%s", TOKENIZER_NAME, stem_lang);
    for (i = 0; tz->id[i]; i++)
        if (tz->id[i] >= 'A' && tz->id[i] <= 'Z')
            tz->id[i] += 'a' - 'A';
    if (strcmp(stem_lang, "none") != 0) {
        memset(&tz->err, 0, sizeof tz->err);
        st = sx_stemmer_new(stem_lang, &tz->stemmer, &tz->err);
        if (st != SOUSUO_OK) {
            if (errmsg) {
                char msg[400];
                snprintf(msg, sizeof msg, "unknown stemming language '%s': %s",
                         stem_lang, tz->err.msg);
                *errmsg = strdup(msg);
            }
            tokenizer_free(tz);
            return st;
        }
        tz->suffix_stemmer = strcmp(stem_lang, "english") == 0
                             || strcmp(stem_lang, "en") == 0;
        tz->cache = calloc(STEM_CACHE_SIZE, sizeof *tz->cache);
        if (!tz->cache) {
            tokenizer_free(tz);
            goto nomem;
        }
    }
    *out = tz;
    return SOUSUO_OK;
nomem:
    if (errmsg)
        *errmsg = strdup("out of memory");
    return SOUSUO_NOMEM;
}

void
tokenizer_free(struct tokenizer *tz)
{
    if (!tz)
        return;
    sx_stemmer_free(tz->stemmer);
    buf_free(&tz->clean);
    buf_free(&tz->tmp);
    buf_free(&tz->word);
    buf_free(&tz->stem);
    buf_free(&tz->unit[0]);
    buf_free(&tz->unit[1]);
    buf_free(&tz->pair);
    buf_free(&tz->left);
    free(tz->brk);
    free(tz->ed);
    free(tz->cache);
    free(tz);
}

const char *
tokenizer_id(const struct tokenizer *tz)
{
    return tz ? tz->id : TOKENIZER_NAME;
}

void
tokenizer_set_flags(struct tokenizer *tz, unsigned flags)
{
    if (tz)
        tz->flags = flags;
}

/* ---- offsets in the input -------------------------------------------- */

/* The last edit whose c0 is at most x (or below x if @p strict), or NULL. */
static const struct edit *
edit_before(const struct state *st, size_t x, int strict)
{
    const struct edit *e = st->tz->ed;
    size_t lo = 0, hi = st->ned, h = st->tz->ed_hint;

    /* Tokens come in text order: try where the last lookup ended. */
#define BEFORE(k) (e[k].c0 < x || (!strict && e[k].c0 == x))
    if (h < hi && BEFORE(h)) {
        if (h + 1 == hi || !BEFORE(h + 1))
            return &e[h];
        if (h + 2 == hi || !BEFORE(h + 2)) {
            st->tz->ed_hint = h + 1;
            return &e[h + 1];
        }
    }
#undef BEFORE
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e[mid].c0 < x || (!strict && e[mid].c0 == x))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return NULL;
    st->tz->ed_hint = lo - 1;
    return &e[lo - 1];
}

/* The input offset of a token that starts at x in st->s: after whatever
 * was deleted just before it; an expanded character's start. */
static size_t
map_start(const struct state *st, size_t x)
{
    const struct edit *e = edit_before(st, x, 0);

    if (!e)
        return x;
    if (x < e->c1)
        return e->o0;
    return e->o1 + (x - e->c1);
}

/* The input offset of a token that ends at x (> 0) in st->s: before
 * whatever was deleted just after it; an expanded character's end. */
static size_t
map_end(const struct state *st, size_t x)
{
    const struct edit *e = edit_before(st, x, 1);

    if (!e)
        return x;
    if (x <= e->c1)
        return e->o1;
    return e->o1 + (x - e->c1);
}

/* The input byte that the byte at x of st->s comes from; inside an
 * expanded character the byte itself (so its spaces are white space). */
static inline unsigned char
orig_at(const struct state *st, size_t x)
{
    const struct edit *e;

    if (!st->ned || !(e = edit_before(st, x, 0)))
        return st->orig[x];
    if (x < e->c1)
        return st->s[x];
    return st->orig[e->o1 + (x - e->c1)];
}

/* ---- emitting ---------------------------------------------------------- */

static int
emit(struct state *st, const char *term, size_t len, uint32_t pos,
     size_t start, size_t end, enum tok_kind kind)
{
    struct tok t;

    len = utf8_cut(term, len, TOK_MAX_TERM);
    if (len == 0)
        return 0;
    t.term = term;
    t.term_len = len;
    t.pos = pos;
    t.start = start;
    t.end = end;
    if (st->ned) {
        /* Mostly both ends lie in the stretch after the last edit seen. */
        const struct edit *e = &st->tz->ed[st->tz->ed_hint];
        if (start >= e->c1 && start > e->c0
            && (st->tz->ed_hint + 1 == st->ned || end < e[1].c0)) {
            t.start = e->o1 + (start - e->c1);
            t.end = e->o1 + (end - e->c1);
        } else {
            t.start = map_start(st, start);
            t.end = map_end(st, end);
        }
    }
    t.kind = kind;
    return st->cb(st->ctx, &t);
}

/* Emit a + b (each already cut) as one term. */
static int
emit_pair(struct state *st, const char *a, size_t alen, const char *b,
          size_t blen, uint32_t pos, size_t start, size_t end,
          enum tok_kind kind)
{
    struct buf *p = &st->tz->pair;

    buf_reset(p);
    buf_add(p, a, alen);
    buf_add(p, b, blen);
    if (p->err)
        return TOK_ERR_NOMEM;
    return emit(st, p->data, p->len, pos, start, end, kind);
}

static void
next_pos(struct state *st)
{
    if (st->pos < UINT32_MAX)
        st->pos++;
}

/* The stem of the folded word w into *stem. */
static int
stem_word(struct state *st, const char *w, size_t n, const char **stem,
          size_t *slen)
{
    struct tokenizer *tz = st->tz;
    struct stem_slot *slot = NULL;
    sousuo_status_t rc;

    if (st->fast && tz->suffix_stemmer) {
        /* Snowball English leaves words under 3 characters alone, and all
         * its rules (and exceptions) need a final letter or apostrophe: a
         * word ending otherwise (r1, x86, 2nd_, café) is its own stem.
         * The tests check this against the stemmer. */
        unsigned char last = (unsigned char)w[n - 1];
        if (n < 3 || !((last >= 'a' && last <= 'z') || last == '\'')) {
            *stem = w;
            *slen = n;
            return 0;
        }
    }
    if (st->fast && n <= STEM_CACHE_WORD) {
        uint32_t h = 2166136261u;
        size_t i;
        for (i = 0; i < n; i++)
            h = (h ^ (unsigned char)w[i]) * 16777619u;
        slot = &tz->cache[h & (STEM_CACHE_SIZE - 1)];
        if (slot->wlen == n && memcmp(slot->word, w, n) == 0) {
            *stem = slot->stem;
            *slen = slot->slen;
            return 0;
        }
    }
    rc = sx_stem(tz->stemmer, w, n, &tz->stem, &tz->err);
    if (rc != SOUSUO_OK)
        return -(int)rc;
    *stem = tz->stem.data;
    *slen = tz->stem.len;
    if (slot && tz->stem.len <= STEM_CACHE_WORD) {
        slot->wlen = (unsigned char)n;
        slot->slen = (unsigned char)tz->stem.len;
        memcpy(slot->word, w, n);
        memcpy(slot->stem, tz->stem.data, tz->stem.len);
    }
    return 0;
}

/* Byte classes for the ASCII fast path of segmentation. */
#define C_ALNUM 1 /* [0-9A-Za-z] */
#define C_SEP 2   /* space, \t, \n, \v, \f, \r */
static const unsigned char ascii_class[128] = {
    ['\t'] = C_SEP, ['\n'] = C_SEP, ['\v'] = C_SEP, ['\f'] = C_SEP,
    ['\r'] = C_SEP, [' '] = C_SEP,
    ['0'] = C_ALNUM, ['1'] = C_ALNUM, ['2'] = C_ALNUM, ['3'] = C_ALNUM,
    ['4'] = C_ALNUM, ['5'] = C_ALNUM, ['6'] = C_ALNUM, ['7'] = C_ALNUM,
    ['8'] = C_ALNUM, ['9'] = C_ALNUM,
#define L2(a, b) [a] = C_ALNUM, [b] = C_ALNUM
    L2('A', 'a'), L2('B', 'b'), L2('C', 'c'), L2('D', 'd'), L2('E', 'e'),
    L2('F', 'f'), L2('G', 'g'), L2('H', 'h'), L2('I', 'i'), L2('J', 'j'),
    L2('K', 'k'), L2('L', 'l'), L2('M', 'm'), L2('N', 'n'), L2('O', 'o'),
    L2('P', 'p'), L2('Q', 'q'), L2('R', 'r'), L2('S', 's'), L2('T', 't'),
    L2('U', 'u'), L2('V', 'v'), L2('W', 'w'), L2('X', 'x'), L2('Y', 'y'),
    L2('Z', 'z'),
#undef L2
};

static inline int
is_class(unsigned char b, int cls)
{
    return b < 0x80 && ascii_class[b] == cls;
}

/* Is s[a, b) all white space (Unicode White_Space)?  An invalid byte,
 * a space in tz->clean, counts as the U+FFFD it stands for: no. */
static int
only_space(const struct state *st, size_t a, size_t b)
{
    const unsigned char *s = st->s;

    while (a < b) {
        size_t l;

        if (s[a] < 0x80) {
            if (!is_class(s[a], C_SEP) || orig_at(st, a) != s[a])
                return 0;
            a++;
            continue;
        }
        if (!uc_is_property_white_space(utf8_get(s + a, &l)))
            return 0;
        a += l;
    }
    return 1;
}

/* Before the unit (word, number or CJK run) that starts at @p start: skip
 * a position when anything but white space stands between it and the last
 * unit (punctuation, symbols, emoji, invalid bytes), so that phrases match
 * only words apart by white space: "end the" is not in "end. the".  What
 * UAX #29 keeps inside a word (don't, U.S.A, 3.14) is no separator. */
static inline void
gap_before(struct state *st, size_t start)
{
    size_t a = st->prev_end;

    /* Most units touch the last one or follow it after one space. */
    if (!st->any || a == start || (a + 1 == start && orig_at(st, a) == ' '))
        return;
    if (!only_space(st, a, start))
        next_pos(st);
}

/* ---- words ------------------------------------------------------------- */

/* The word or number s[i, k): all ASCII if @p ascii. */
static int
do_word(struct state *st, size_t i, size_t k, int ascii)
{
    struct tokenizer *tz = st->tz;
    const char *src = (const char *)st->s + i;
    size_t n = utf8_cut(src, k - i, TOK_FOLD_MAX);
    const char *term;
    size_t len;
    int letter, rc;

    if (!st->fold) {
        term = src;
        len = utf8_cut(src, n, TOK_MAX_TERM);
        letter = utf8_has_letter(term, len);
    } else if (ascii && st->fast_fold) {
        /* ASCII folds byte for byte: fold only what is kept. */
        len = n < TOK_MAX_TERM ? n : TOK_MAX_TERM;
        if (buf_grow(&tz->word, len) < 0)
            return TOK_ERR_NOMEM;
        letter = fold_ascii(src, len, tz->word.data);
        tz->word.len = len;
        tz->word.data[len] = '\0';
        term = tz->word.data;
    } else {
        if (fold_utf8(src, n, &tz->tmp, &tz->word) < 0)
            return TOK_ERR_NOMEM;
        term = tz->word.data;
        len = utf8_cut(term, tz->word.len, TOK_MAX_TERM);
        letter = utf8_has_letter(term, len);
    }
    if (len == 0)
        return 0; /* only default-ignorables: part of the separator */
    gap_before(st, i);
    if (st->left == LEFT_CJK && st->left_end == i) {
        rc = emit_pair(st, tz->left.data, tz->left.len, term, len,
                       st->left_pos, st->left_start, k, TOK_GLUE);
        if (rc)
            return rc;
    }
    rc = emit(st, term, len, st->pos, i, k, letter ? TOK_WORD : TOK_NUMBER);
    if (rc)
        return rc;
    if (letter && tz->stemmer) {
        const char *stem;
        size_t slen;
        rc = stem_word(st, term, len, &stem, &slen);
        if (rc == 0)
            rc = emit(st, stem, slen, st->pos, i, k, TOK_STEM);
        if (rc)
            return rc;
    }
    /* Keep the term only if a CJK character follows at once. */
    st->left = LEFT_NONE;
    if (k < st->n && st->s[k] >= 0xE1) {
        size_t l;
        if (cjk_is_base(utf8_get(st->s + k, &l))) {
            buf_reset(&tz->left);
            buf_add(&tz->left, term, len);
            if (tz->left.err)
                return TOK_ERR_NOMEM;
            st->left = LEFT_WORD;
            st->left_start = i;
            st->left_end = k;
            st->left_pos = st->pos;
        }
    }
    st->any = 1;
    st->prev_end = k;
    next_pos(st);
    return 0;
}

/* ---- CJK runs ---------------------------------------------------------- */

/* Fold the CJK character u (source bytes already in u->start/end) into
 * u->term, using tz->unit[slot] when it is not its own term. */
static int
fold_unit(struct state *st, struct unit *u, uint32_t first, int single,
          int slot)
{
    const char *src = (const char *)st->s + u->start;
    size_t n = utf8_cut(src, u->end - u->start, TOK_FOLD_MAX);
    struct buf *b = &st->tz->unit[slot];

    if (!st->fold
        || (st->fast_fold && single && cjk_fold_is_identity(first))) {
        u->term = src;
        u->len = utf8_cut(src, n, TOK_MAX_TERM);
        u->raw = u->len == u->end - u->start;
        return 0;
    }
    if (fold_utf8(src, n, &st->tz->tmp, b) < 0)
        return TOK_ERR_NOMEM;
    u->term = b->data;
    u->len = utf8_cut(b->data, b->len, TOK_MAX_TERM);
    u->raw = 0;
    return 0;
}

/* The CJK run starting at s[i]; *endp receives its end. */
static int
do_run(struct state *st, size_t i, size_t *endp)
{
    struct tokenizer *tz = st->tz;
    const unsigned char *s = st->s;
    size_t n = st->n, k = i, l;
    struct unit prev, cur;
    int slot = 0, first = 1, rc;
    uint32_t c = utf8_get(s + k, &l);

    /* Inside the run characters touch: no gap but before it. */
    gap_before(st, i);
    memset(&prev, 0, sizeof prev);
    for (;;) {
        uint32_t base = c;
        enum cjk_hangul h = cjk_hangul_type(c);
        int single = 1;

        /* One character: a base and what attaches to it. */
        cur.start = k;
        k += l;
        while (k < n) {
            c = utf8_get(s + k, &l);
            if (!cjk_attaches(h, c))
                break;
            h = cjk_hangul_type(c);
            single = 0;
            k += l;
        }
        cur.end = k;
        cur.pos = st->pos;
        rc = fold_unit(st, &cur, base, single, slot);
        if (rc)
            return rc;
        slot ^= 1;

        if (first) {
            if (st->left == LEFT_WORD && st->left_end == cur.start) {
                rc = emit_pair(st, tz->left.data, tz->left.len, cur.term,
                               cur.len, st->left_pos, st->left_start,
                               cur.end, TOK_GLUE);
                if (rc)
                    return rc;
            }
            first = 0;
        } else if (prev.raw && cur.raw) {
            /* Both are their own bytes, and adjacent: no copy. */
            rc = emit(st, (const char *)s + prev.start, cur.end - prev.start,
                      prev.pos, prev.start, cur.end, TOK_CJK_BI);
            if (rc)
                return rc;
        } else {
            rc = emit_pair(st, prev.term, prev.len, cur.term, cur.len,
                           prev.pos, prev.start, cur.end, TOK_CJK_BI);
            if (rc)
                return rc;
        }
        rc = emit(st, cur.term, cur.len, cur.pos, cur.start, cur.end,
                  TOK_CJK_UNI);
        if (rc)
            return rc;
        next_pos(st);
        prev = cur;
        /* c is the code point at k (if any) that did not attach. */
        if (k >= n || !cjk_is_base(c))
            break;
    }
    *endp = k;
    st->any = 1;
    st->prev_end = k;
    st->left = LEFT_NONE;
    if (k < n && !is_class(s[k], C_SEP)) {
        buf_reset(&tz->left);
        buf_add(&tz->left, prev.term, prev.len);
        if (tz->left.err)
            return TOK_ERR_NOMEM;
        st->left = LEFT_CJK;
        st->left_start = prev.start;
        st->left_end = k;
        st->left_pos = prev.pos;
    }
    return 0;
}

/* ---- the walk ---------------------------------------------------------- */

/* Invisible to tokenization: the Default_Ignorable_Code_Point characters
 * (soft hyphen, zero-width space and joiners, word joiner, BOM, bidi
 * controls, fillers, tags) that are not marks.  Marks among them
 * (variation selectors, CGJ) already attach to the character before.
 * Written out (the tests compare it with libunistring) to keep table
 * lookups off the path of every non-ASCII character. */
static inline int
is_invisible(uint32_t c)
{
    if (c < 0x10000)
        return c == 0xAD || c == 0x61C || c == 0x115F || c == 0x1160
               || c == 0x180E || (c >= 0x200B && c <= 0x200F)
               || (c >= 0x202A && c <= 0x202E)
               || (c >= 0x2060 && c <= 0x206F) || c == 0x3164
               || c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF0 && c <= 0xFFF8);
    return (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A)
           || (c >= 0xE0000 && c <= 0xE0FFF && !(c >= 0xE0100 && c <= 0xE01EF));
}

/* Han, kana and the other East Asian wide CJK bases, not Hangul. */
static int
is_wide_cjk(uint32_t c)
{
    if (c >= 0x4E00 && c <= 0x9FFF)
        return 1;
    return cjk_is_base(c) && cjk_hangul_type(c) == CJK_H_NONE
           && !(c >= 0x3131 && c <= 0x318E) && !(c >= 0xFFA0 && c <= 0xFFDC);
}

/* After a wide CJK character: the length of the white space at s[p] if it
 * is [ \t]* (LF | CRLF) [ \t]* followed by a wide CJK character (CSS Text
 * 3 removes such a segment break), else 0. */
static size_t
cjk_line_break(const unsigned char *s, size_t n, size_t p)
{
    size_t q = p, l;

    while (q < n && (s[q] == ' ' || s[q] == '\t'))
        q++;
    if (q + 1 < n && s[q] == '\r' && s[q + 1] == '\n')
        q += 2;
    else if (q < n && s[q] == '\n')
        q++;
    else
        return 0;
    while (q < n && (s[q] == ' ' || s[q] == '\t'))
        q++;
    if (q >= n || s[q] < 0xE1 || !utf8_valid(s + q, n - q)
        || !is_wide_cjk(utf8_get(s + q, &l)))
        return 0;
    return q - p;
}

/* Blocks that hold symbols whose NFKC form has letters or digits: ₨,
 * Letterlike Symbols to Enclosed Alphanumerics, Kanbun, Enclosed CJK and
 * CJK Compatibility, ﷼, Enclosed (Ideographic) Supplements.  The tests
 * check that no symbol outside them has such a form. */
static inline int
maybe_compat(uint32_t c)
{
    return (c >= 0x2100 && c <= 0x24FF) || (c >= 0x3190 && c <= 0x319F)
           || (c >= 0x3200 && c <= 0x33FF) || c == 0x20A8 || c == 0xFDFC
           || (c >= 0x1F100 && c <= 0x1F2FF);
}

/* If the symbol c (the l bytes at p) is a compatibility character whose
 * NFKC form has a letter or digit (㎏ kg, ™ tm, ㍿ 株式会社, ℃ °c), put
 * that form, folded, in tz->word with a space on each side that is not a
 * CJK character, and return 1; else 0, or -1 when out of memory. */
static int
compat_form(struct tokenizer *tz, uint32_t c, const unsigned char *p,
            size_t l)
{
    struct buf *w = &tz->word;
    const unsigned char *q, *end;
    size_t k;
    int found = 0;
    uint32_t d;

    if (uc_is_general_category_withtable(c, UC_CATEGORY_MASK_L
                                                | UC_CATEGORY_MASK_N
                                                | UC_CATEGORY_MASK_M))
        return 0;
    if (fold_utf8((const char *)p, l, &tz->tmp, &tz->pair) < 0)
        return -1;
    q = (const unsigned char *)tz->pair.data;
    end = q + tz->pair.len;
    while (q < end && !found) {
        d = utf8_get(q, &k);
        found = uc_is_general_category_withtable(
            d, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_N);
        q += k;
    }
    if (!found)
        return 0;
    q = (const unsigned char *)tz->pair.data;
    buf_reset(w);
    if (!cjk_is_base(utf8_get(q, &k)))
        buf_addch(w, ' ');
    buf_add(w, q, (size_t)(end - q));
    for (k = tz->pair.len - 1; k > 0 && (q[k] & 0xC0) == 0x80; k--)
        ;
    if (!cjk_is_base(utf8_get(q + k, &l)))
        buf_addch(w, ' ');
    return w->err ? -1 : 1;
}

/* The prepared text in tz->clean, from here on different from the input:
 * copy what was left of the input before @p at. */
static void
prep_flush(struct state *st, int *build, size_t *from, size_t at)
{
    struct buf *out = &st->tz->clean;

    if (!*build) {
        buf_reset(out);
        *build = 1;
    }
    buf_add(out, st->orig + *from, at - *from);
    *from = at;
}

/* Replace the input bytes [o0, o1) by the n bytes at r (n may be 0). */
static int
prep_edit(struct state *st, int *build, size_t *from, size_t o0, size_t o1,
          const char *r, size_t n)
{
    struct tokenizer *tz = st->tz;
    struct buf *out = &tz->clean;
    struct edit *e;

    prep_flush(st, build, from, o0);
    if (n == 0 && st->ned && tz->ed[st->ned - 1].c0 == out->len
        && tz->ed[st->ned - 1].c1 == out->len
        && tz->ed[st->ned - 1].o1 == o0) {
        tz->ed[st->ned - 1].o1 = o1; /* one more deletion */
        *from = o1;
        return 0;
    }
    if (st->ned == tz->ed_cap) {
        size_t cap = tz->ed_cap ? 2 * tz->ed_cap : 16;
        e = realloc(tz->ed, cap * sizeof *e);
        if (!e)
            return -1;
        tz->ed = e;
        tz->ed_cap = cap;
    }
    e = &tz->ed[st->ned++];
    e->c0 = out->len;
    buf_add(out, r, n);
    e->c1 = out->len;
    e->o0 = o0;
    e->o1 = o1;
    *from = o1;
    return 0;
}

/* Prepare the input for the walk: st->s and st->n receive valid UTF-8
 * where each byte of an invalid sequence is a space (offsets stay those of
 * the input), invisible characters are gone, and so is a line break (with
 * the spaces and tabs around it) between two wide CJK characters;
 * compatibility symbols are replaced by their folded NFKC form
 * (compat_form()).  tz->ed records where.
 * Text without either is used as it is. */
static int
prepare_input(struct state *st, const char *text, size_t len)
{
    struct tokenizer *tz = st->tz;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, from = 0, l;
    int build = 0, wide = 0; /* the last character kept is wide CJK */

    st->ned = 0;
    tz->ed_hint = 0;
    while (i < len) {
        uint32_t c;

        if (s[i] < 0x80) {
            uint64_t v;
            if (wide && is_class(s[i], C_SEP)) {
                size_t w = cjk_line_break(s, len, i);
                wide = 0;
                if (w) {
                    if (prep_edit(st, &build, &from, i, i + w, NULL, 0) < 0)
                        return TOK_ERR_NOMEM;
                    i += w;
                    continue;
                }
            }
            wide = 0;
            while (i + 8 <= len) {
                memcpy(&v, s + i, 8);
                if (v & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            while (i < len && s[i] < 0x80)
                i++;
            continue;
        }
        if ((l = utf8_valid(s + i, len - i)) == 0) {
            prep_flush(st, &build, &from, i);
            buf_addch(&tz->clean, ' ');
            from = ++i;
            wide = 0;
            continue;
        }
        c = utf8_get(s + i, &l);
        if (c >= 0x3400 && c <= 0x9FFF) { /* most CJK text */
            wide = 1;
            i += l;
            continue;
        }
        if (c >= 0x3041 && c <= 0x30FF) { /* kana: no table lookup */
            if (c >= 0x3099 && c <= 0x309C)
                ; /* voicing marks attach */
            else
                wide = c != 0x3097 && c != 0x3098 && c != 0x30A0
                       && c != 0x30FB;
            i += l;
            continue;
        }
        if (cjk_is_base(c)) { /* never invisible, never a symbol */
            wide = is_wide_cjk(c);
            i += l;
            continue;
        }
        if (is_invisible(c)) {
            if (prep_edit(st, &build, &from, i, i + l, NULL, 0) < 0)
                return TOK_ERR_NOMEM;
            i += l;
            continue;
        }
        if (maybe_compat(c)) {
            int r = compat_form(tz, c, s + i, l);
            if (r < 0
                || (r > 0 && prep_edit(st, &build, &from, i, i + l,
                                       tz->word.data, tz->word.len) < 0))
                return TOK_ERR_NOMEM;
            if (r > 0) {
                wide = 0;
                i += l;
                continue;
            }
        }
        /* Marks keep what the character they attach to was. */
        if (wide && !cjk_attaches(CJK_H_NONE, c))
            wide = 0;
        i += l;
    }
    if (!build) {
        st->s = s;
        st->n = len;
        return 0;
    }
    prep_flush(st, &build, &from, len);
    if (tz->clean.err)
        return TOK_ERR_NOMEM;
    st->s = (const unsigned char *)tz->clean.data;
    st->n = tz->clean.len;
    return 0;
}

/* Is there a UAX #29 boundary at p (0 < p < n) whatever the text around
 * it?  True after an ASCII space or control of C_SEP followed by an ASCII
 * character, except inside space+space (WB3d) and CR+LF (WB3).  No rule
 * looks across such a boundary (a space is no letter, number or mid
 * character, and ends any regional-indicator sequence), so u8_wordbreaks()
 * on the text between two of them gives the same breaks as on all of it. */
static inline int
hard_boundary(const unsigned char *s, size_t p)
{
    unsigned char a = s[p - 1], b = s[p];

    return is_class(a, C_SEP) && b < 0x80 && !(a == ' ' && b == ' ')
           && !(a == '\r' && b == '\n');
}

/* The segments of s[c0, c1) given its word breaks in brk[0, c1 - c0). */
static int
walk_segments(struct state *st, size_t c0, size_t c1, const char *brk)
{
    const unsigned char *s = st->s;
    size_t i = c0;
    int rc;

    while (i < c1) {
        size_t k = i, l;
        int ascii = 1, alnum = 0, emoji = 0;

        do {
            uint32_t c = utf8_get(s + k, &l);
            if (c < 0x80) {
                alnum |= ascii_class[c] == C_ALNUM;
            } else {
                ascii = 0;
                /* The half-width voicing marks are letters (Lm) that UAX #29
                 * attaches like marks: they do not make a word ("\0ﾞ"). */
                if (!alnum && c != 0xFF9E && c != 0xFF9F
                    && uc_is_general_category_withtable(
                        c, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_N))
                    alnum = 1;
                if (c == 0x20E3) /* combining enclosing keycap: emoji */
                    emoji = 1;
            }
            k += l;
        } while (k < c1 && !brk[k - c0]);
        if (alnum && !emoji) {
            rc = do_word(st, i, k, ascii);
            if (rc)
                return rc;
        }
        i = k;
    }
    return 0;
}

/* The segments of the all-ASCII s[c0, c1). */
static int
walk_ascii(struct state *st, size_t c0, size_t c1)
{
    const unsigned char *s = st->s + c0;
    size_t n = c1 - c0, i = 0, j, k;
    int rc;

    while (i < n) {
        k = wb_ascii_next(&st->tz->wb, s, n, i);
        for (j = i; j < k && ascii_class[s[j]] != C_ALNUM; j++)
            ;
        if (j < k) {
            rc = do_word(st, c0 + i, c0 + k, 1);
            if (rc)
                return rc;
        }
        i = k;
    }
    return 0;
}

/* u8_wordbreaks() of s[c0, c1), then its segments. */
static int
walk_unicode(struct state *st, size_t c0, size_t c1)
{
    struct tokenizer *tz = st->tz;
    size_t n = c1 - c0;

    if (tz->brk_cap < n) {
        char *p = realloc(tz->brk, n);
        if (!p)
            return TOK_ERR_NOMEM;
        tz->brk = p;
        tz->brk_cap = n;
    }
    u8_wordbreaks(st->s + c0, n, tz->brk);
    return walk_segments(st, c0, c1, tz->brk);
}

/* The stretch s[a, b) between CJK runs: its UAX #29 word boundaries are
 * those of u8_wordbreaks() on exactly these bytes (so CJK characters act
 * like "Other" for them, whatever UAX #29 says of Hangul, Katakana or 々).
 *
 * Fast path: cut it into chunks at hard boundaries.  The commonest chunk,
 * an ASCII word followed by spaces, is one segment; an all-ASCII chunk is
 * cut by wb_ascii_next(); any other chunk gets u8_wordbreaks() on exactly
 * its bytes.  Without fast paths the stretch is one chunk (the reference
 * the tests compare with). */
static int
walk_stretch(struct state *st, size_t a, size_t b)
{
    const unsigned char *s = st->s;
    size_t c0 = a;
    int rc;

    if (!st->fast)
        return walk_unicode(st, a, b);
    while (c0 < b) {
        size_t p = c0, wend, c1;
        int ascii = 1; /* s[c0, p) is ASCII */

        while (p < b && is_class(s[p], C_ALNUM))
            p++;
        wend = p;
        while (p < b && is_class(s[p], C_SEP))
            p++;
        if (p == b || (p > wend && hard_boundary(s, p))) {
            /* [c0, wend) is a whole ASCII word (or empty). */
            if (wend > c0) {
                rc = do_word(st, c0, wend, 1);
                if (rc)
                    return rc;
            }
            c0 = p;
            continue;
        }
        for (c1 = p + 1; c1 < b && !hard_boundary(s, c1); c1++)
            ascii &= s[c1 - 1] < 0x80;
        ascii &= s[c1 - 1] < 0x80;
        rc = ascii ? walk_ascii(st, c0, c1) : walk_unicode(st, c0, c1);
        if (rc)
            return rc;
        c0 = c1;
    }
    return 0;
}

/* Alternate CJK runs and the stretches between them. */
static int
walk(struct state *st)
{
    const unsigned char *s = st->s;
    size_t n = st->n, i = 0, e, l;
    int rc;

    while (i < n) {
        if (s[i] >= 0xE1 && cjk_is_base(utf8_get(s + i, &l))) {
            rc = do_run(st, i, &i);
            if (rc)
                return rc;
            continue;
        }
        /* Only lead bytes from 0xE1 (U+1100) can start a CJK base. */
        for (e = i + 1; e < n; e++)
            if (s[e] >= 0xE1 && cjk_is_base(utf8_get(s + e, &l)))
                break;
        rc = walk_stretch(st, i, e);
        if (rc)
            return rc;
        i = e;
    }
    return 0;
}

int
tokenize(struct tokenizer *tz, unsigned mode, const char *text, size_t len,
         tok_cb cb, void *ctx)
{
    struct state st;
    int rc;

    if (!tz || !cb || (!text && len)
        || (mode != TOK_DOCUMENT && mode != TOK_QUERY))
        return TOK_ERR_INVAL;
    if (len == 0)
        return 0;
    memset(&st, 0, sizeof st);
    st.tz = tz;
    st.cb = cb;
    st.ctx = ctx;
    st.fast = !(tz->flags & TOK_F_NO_FASTPATH);
    st.fold = !(tz->flags & TOK_F_NO_FOLD);
    st.fast_fold = st.fast && !(tz->flags & TOK_F_SLOW_FOLD);
    st.left = LEFT_NONE;
    st.orig = (const unsigned char *)text;
    rc = prepare_input(&st, text, len);
    if (rc == 0 && st.n)
        rc = walk(&st);
    if (tz->brk_cap > KEEP_SCRATCH) {
        free(tz->brk);
        tz->brk = NULL;
        tz->brk_cap = 0;
    }
    if (tz->clean.cap > KEEP_SCRATCH)
        buf_free(&tz->clean);
    if (tz->ed_cap * sizeof *tz->ed > KEEP_SCRATCH) {
        free(tz->ed);
        tz->ed = NULL;
        tz->ed_cap = 0;
    }
    return rc;
}

/* ---- dump -------------------------------------------------------------- */

static int
dump_one(void *ctx, const struct tok *t)
{
    static const char mark[] = { [TOK_WORD] = 0,    [TOK_NUMBER] = '#',
                                 [TOK_STEM] = '~',  [TOK_CJK_UNI] = 0,
                                 [TOK_CJK_BI] = '=', [TOK_GLUE] = '^' };
    struct buf *out = ctx;
    size_t i;

    if (out->len)
        buf_addch(out, ' ');
    for (i = 0; i < t->term_len; i++) {
        unsigned char c = (unsigned char)t->term[i];
        if (c <= 0x20 || c == 0x7F || c == '\\')
            buf_addf(out, "\\x%02X", c);
        else
            buf_addch(out, (char)c);
    }
    buf_addf(out, "@%lu[%zu,%zu)", (unsigned long)t->pos, t->start, t->end);
    if (mark[t->kind])
        buf_addch(out, mark[t->kind]);
    return out->err ? TOK_ERR_NOMEM : 0;
}

void
tok_dump(struct tokenizer *tz, unsigned mode, const char *text, size_t len,
         struct buf *out)
{
    struct buf tmp = BUF_INIT;
    int rc = tokenize(tz, mode, text, len, dump_one, &tmp);

    if (rc)
        buf_addf(&tmp, "%s!error=%d", tmp.len ? " " : "", rc);
    buf_add(out, tmp.data, tmp.len);
    if (tmp.err)
        out->err = 1;
    buf_free(&tmp);
}
