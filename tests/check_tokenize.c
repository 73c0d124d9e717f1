/* check_tokenize.c - the tokenizer: golden streams, properties, query side,
 * fast paths against libunistring, pathological inputs. */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <unictype.h>
#include <unistr.h>
#include <uniwbrk.h>

#include "buf.h"
#include "cjk.h"
#include "fold.h"
#include "tokenize.h"
#include "wbreak.h"

#include "tokenize-cases.h"

#define N_CASES (sizeof tok_cases / sizeof tok_cases[0])
#define PROP_SEED 20240417u
#define PROP_ROUNDS 3000

static struct tokenizer *
new_tz(const char *stem)
{
    struct tokenizer *tz = NULL;
    char *msg = NULL;
    sousuo_status_t st = tokenizer_new(stem, &tz, &msg);

    ck_assert_msg(st == SOUSUO_OK, "tokenizer_new(%s): %s",
                  stem ? stem : "NULL", msg ? msg : "?");
    free(msg);
    return tz;
}

static char *
dump(struct tokenizer *tz, unsigned mode, const char *s, size_t n)
{
    struct buf b = BUF_INIT;
    char *r;

    tok_dump(tz, mode, s, n, &b);
    ck_assert(!b.err);
    r = buf_detach(&b, NULL);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* ---- the table -------------------------------------------------------- */

START_TEST(t_case)
{
    const struct tok_case *c = &tok_cases[_i];
    size_t n = c->len ? c->len : strlen(c->in);
    struct tokenizer *tz = new_tz(c->stem);
    struct tokenizer *slow = new_tz(c->stem);
    char *got, *got_slow;

    tokenizer_set_flags(slow, TOK_F_NO_FASTPATH);
    got = dump(tz, c->mode, c->in, n);
    ck_assert_msg(strcmp(got, c->want) == 0, "%s:\n want: %s\n  got: %s",
                  c->name, c->want, got);
    got_slow = dump(slow, c->mode, c->in, n);
    ck_assert_msg(strcmp(got_slow, c->want) == 0,
                  "%s (no fast path):\n want: %s\n  got: %s", c->name, c->want,
                  got_slow);
    free(got_slow);
    tokenizer_set_flags(slow, TOK_F_SLOW_FOLD);
    got_slow = dump(slow, c->mode, c->in, n);
    ck_assert_msg(strcmp(got_slow, c->want) == 0,
                  "%s (slow fold):\n want: %s\n  got: %s", c->name, c->want,
                  got_slow);
    free(got);
    free(got_slow);
    tokenizer_free(tz);
    tokenizer_free(slow);
}
END_TEST

/* ---- API --------------------------------------------------------------- */

static int
count_cb(void *ctx, const struct tok *t)
{
    (void)t;
    ++*(size_t *)ctx;
    return 0;
}

static int
stop_cb(void *ctx, const struct tok *t)
{
    (void)t;
    return ++*(size_t *)ctx == 3 ? 42 : 0;
}

START_TEST(t_api)
{
    struct tokenizer *tz = NULL;
    char *msg = NULL;
    size_t count = 0;

    ck_assert_int_eq(tokenizer_new("klingon", &tz, &msg), SOUSUO_INVAL);
    ck_assert_ptr_null(tz);
    ck_assert_ptr_nonnull(msg);
    ck_assert_msg(strstr(msg, "klingon") != NULL, "%s", msg);
    free(msg);
    tokenizer_free(NULL);

    tz = new_tz(NULL);
    ck_assert_str_eq(tokenizer_id(tz), "sousuo-tok/4 stem=english");
    ck_assert_int_eq(tokenize(tz, TOK_DOCUMENT, "a b c d", 7, stop_cb, &count),
                     42);
    ck_assert_uint_eq(count, 3);
    ck_assert_int_eq(tokenize(NULL, TOK_DOCUMENT, "a", 1, count_cb, &count),
                     TOK_ERR_INVAL);
    ck_assert_int_eq(tokenize(tz, TOK_DOCUMENT, "a", 1, NULL, NULL),
                     TOK_ERR_INVAL);
    ck_assert_int_eq(tokenize(tz, 7, "a", 1, count_cb, &count), TOK_ERR_INVAL);
    ck_assert_int_eq(tokenize(tz, TOK_DOCUMENT, NULL, 0, count_cb, &count), 0);
    tokenizer_free(tz);

    tz = new_tz("none");
    ck_assert_str_eq(tokenizer_id(tz), "sousuo-tok/4 stem=none");
    tokenizer_free(tz);
    tz = new_tz("");
    ck_assert_str_eq(tokenizer_id(tz), "sousuo-tok/4 stem=none");
    tokenizer_free(tz);
    tz = new_tz("french");
    ck_assert_str_eq(tokenizer_id(tz), "sousuo-tok/4 stem=french");
    tokenizer_free(tz);
}
END_TEST

/* ---- long terms and linear time ------------------------------------------ */

struct collect {
    size_t n, cap;
    struct tok *v;
    struct buf terms; /* each term followed by NUL; v[i].term is an offset */
};

static int
collect_cb(void *ctx, const struct tok *t)
{
    struct collect *c = ctx;

    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
        ck_assert_ptr_nonnull(c->v);
    }
    c->v[c->n] = *t;
    c->v[c->n].term = (const char *)(uintptr_t)c->terms.len;
    buf_add(&c->terms, t->term, t->term_len);
    buf_addch(&c->terms, '\0');
    ck_assert(!c->terms.err);
    c->n++;
    return 0;
}

static const char *
term_of(const struct collect *c, size_t i)
{
    return c->terms.data + (uintptr_t)c->v[i].term;
}

static void
collect_free(struct collect *c)
{
    free(c->v);
    buf_free(&c->terms);
    memset(c, 0, sizeof *c);
}

static void
run(struct tokenizer *tz, unsigned mode, const char *s, size_t n,
    struct collect *c)
{
    memset(c, 0, sizeof *c);
    buf_init(&c->terms);
    ck_assert_int_eq(tokenize(tz, mode, s, n, collect_cb, c), 0);
}

/* s repeated to fill n bytes (n a multiple of strlen(s)). */
static char *
repeat(const char *prefix, const char *s, size_t n)
{
    size_t pl = strlen(prefix), sl = strlen(s), i;
    char *r = malloc(pl + n + 1);

    ck_assert_ptr_nonnull(r);
    memcpy(r, prefix, pl);
    for (i = 0; i + sl <= n; i += sl)
        memcpy(r + pl + i, s, sl);
    r[pl + i] = '\0';
    return r;
}

START_TEST(t_long_terms)
{
    struct tokenizer *tz = new_tz("none");
    struct collect c;
    char *s;
    size_t i;

    /* 300 ASCII letters: cut to 240. */
    s = repeat("", "a", 300);
    run(tz, TOK_DOCUMENT, s, 300, &c);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_uint_eq(c.v[0].term_len, TOK_MAX_TERM);
    ck_assert_uint_eq(c.v[0].end, 300);
    collect_free(&c);
    free(s);

    /* a + 100 three-byte letters (Georgian): cut to 1 + 79 * 3 = 238. */
    s = repeat("a", "ა", 300);
    run(tz, TOK_DOCUMENT, s, strlen(s), &c);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_uint_eq(c.v[0].term_len, 238);
    ck_assert_ptr_null(u8_check((const uint8_t *)term_of(&c, 0), 238));
    collect_free(&c);
    free(s);

    /* 中 + 300 letters: the glue is 中 + 237 letters. */
    s = repeat("中", "a", 300);
    run(tz, TOK_DOCUMENT, s, strlen(s), &c);
    ck_assert_uint_eq(c.n, 3);
    ck_assert_int_eq(c.v[1].kind, TOK_GLUE);
    ck_assert_uint_eq(c.v[1].term_len, TOK_MAX_TERM);
    ck_assert(memcmp(term_of(&c, 1), "中aaa", 6) == 0);
    ck_assert_uint_eq(c.v[1].end, 303);
    collect_free(&c);
    free(s);

    /* A CJK character with 200 combining marks: cut, span keeps all. */
    s = repeat("漢", "\xCC\x81", 400);
    run(tz, TOK_DOCUMENT, s, strlen(s), &c);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_uint_le(c.v[0].term_len, TOK_MAX_TERM);
    ck_assert_uint_eq(c.v[0].end, 403);
    for (i = 0; i < c.n; i++)
        ck_assert_ptr_null(
            u8_check((const uint8_t *)term_of(&c, i), c.v[i].term_len));
    collect_free(&c);
    free(s);
    tokenizer_free(tz);
}
END_TEST

/* 1 MB inputs: only completion and the token count are asserted (timing
 * is the benchmark's business; this must pass under ASan and valgrind). */
START_TEST(t_pathological)
{
    static const struct {
        const char *prefix, *unit;
        size_t tokens;
    } p[] = {
        { "", "a", 2 },                 /* 1 MB without a break: word+stem */
        { "", "é", 2 },                 /* the same, slow fold path */
        { "a", "\xCC\x81", 2 },         /* a + 1 MB of combining marks */
        { "", "\xCC\x81", 0 },          /* combining marks alone */
        { "漢", "\xCC\x81", 1 },        /* one CJK character, 1 MB long */
        { "", "漢", 349525 + 349524 },  /* one CJK run: unigrams + bigrams */
        { "", "a\xCC\x81", 2 },
        { "", "\xFF", 0 },              /* all invalid */
        { "", "\xE2\x80\x8D", 0 },      /* ZWJ */
        { "", "ab'", 2 },               /* UAX #29 joins ab'ab'ab'... */
        { "", "a ", 2 * 524288 },       /* many short words */
    };
    const size_t mb = 1 << 20;
    struct tokenizer *tz = new_tz(NULL);
    size_t i;

    for (i = 0; i < sizeof p / sizeof p[0]; i++) {
        size_t ul = strlen(p[i].unit), count = 0;
        char *s = repeat(p[i].prefix, p[i].unit, mb / ul * ul);

        ck_assert_int_eq(tokenize(tz, TOK_DOCUMENT, s, strlen(s), count_cb,
                                  &count),
                         0);
        ck_assert_msg(count == p[i].tokens, "case %zu: %zu tokens, want %zu",
                      i, count, p[i].tokens);
        free(s);
    }
    tokenizer_free(tz);
}
END_TEST

/* ---- fast paths against libunistring ------------------------------------ */

/* Every code point the CJK fast path passes through unfolded really is
 * unchanged by NFKC + case folding; every base folds to something. */
START_TEST(t_cjk_fast_identity)
{
    struct buf tmp = BUF_INIT, out = BUF_INIT;
    uint32_t c;
    size_t ids = 0;

    for (c = 0x1100; c <= 0x3FFFD; c++) {
        uint8_t enc[4];
        int l;

        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        if (!cjk_is_base(c)) {
            ck_assert_msg(!cjk_fold_is_identity(c), "U+%04X", (unsigned)c);
            continue;
        }
        ck_assert_msg(!uc_is_property_default_ignorable_code_point(c),
                      "base U+%04X is default-ignorable", (unsigned)c);
        l = u8_uctomb(enc, c, sizeof enc);
        ck_assert_int_gt(l, 0);
        ck_assert_int_eq(fold_utf8((const char *)enc, (size_t)l, &tmp, &out),
                         0);
        ck_assert_msg(out.len > 0, "U+%04X folds to nothing", (unsigned)c);
        if (cjk_fold_is_identity(c)) {
            ids++;
            ck_assert_msg(out.len == (size_t)l
                              && memcmp(out.data, enc, (size_t)l) == 0,
                          "U+%04X is not its own fold", (unsigned)c);
        }
    }
    ck_assert_uint_gt(ids, 150000);
    buf_free(&tmp);
    buf_free(&out);
}
END_TEST

/* The block ranges cover every letter that libunistring's tables put in
 * the Han, Hiragana, Katakana and Hangul scripts. */
START_TEST(t_cjk_covers_scripts)
{
    const uc_script_t *han = uc_script_byname("Han");
    const uc_script_t *hira = uc_script_byname("Hiragana");
    const uc_script_t *kata = uc_script_byname("Katakana");
    const uc_script_t *hang = uc_script_byname("Hangul");
    uint32_t c;

    ck_assert(han && hira && kata && hang);
    for (c = 0; c <= 0x10FFFF; c++) {
        const uc_script_t *s;
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        if (!uc_is_general_category_withtable(
                c, UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_Nl))
            continue;
        s = uc_script(c);
        if (s != han && s != hira && s != kata && s != hang)
            continue;
        if (uc_is_property_default_ignorable_code_point(c))
            continue;
        ck_assert_msg(cjk_is_base(c), "U+%04X (%s) is not CJK", (unsigned)c,
                      s->name);
    }
}
END_TEST

/* ---- properties on random input ------------------------------------------ */

static uint32_t rng;

static uint32_t
rnd(void)
{
    /* xorshift32: the same stream on every platform. */
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static const char *const pieces[] = {
    "a", "Z", "abc", "Word", "don't", "U.S.", "3.14", "2024", "_", "'", ".",
    " ", "  ", "\n", ",", "-", "@", "中", "国", "新质", "生产力", "々", "〆",
    "人々", "ー", "カタカナ", "ｶ", "ﾞ", "ｰ", "か", "゛", "\xE3\x82\x99",
    "한", "국어", "\xE1\x84\x92", "\xE1\x85\xA1", "\xE1\x86\xAB", "ㅋ",
    "ＡＩ", "２", "Ⅻ", "ﬁ", "ß", "İ", "Σ", "ς", "é", "\xCC\x81",
    "\xCC\x88", "😀", "\xE2\x80\x8D", "\xEF\xB8\x8F", "\xE2\x83\xA3", "🇨",
    "مرحبا", "שלום", "٢", "\xF0\xB1\x8D\x90", "\xF3\xA0\x84\x80", "⽇",
    "\xEF\xA4\x80", "\xC2\xAD", "\xE2\x80\x8B", "\xE3\x80\x80", "，", "。",
    "\xFF", "\x80", "\xC0\xAF", "\xED\xA0\x80", "\xE4\xB8", "\xF4\x90\x80\x80",
    "\xC3", "\xF0\x9F", "\0", "½", "²", "’", "\xC2\xA0", "\xE2\x80\xA8",
    "!", "「",
};

static size_t
random_input(char *s, size_t cap)
{
    size_t n = 0, want = rnd() % 64;

    if (rnd() % 8 == 0) {
        /* raw random bytes */
        want = rnd() % cap;
        for (n = 0; n < want; n++)
            s[n] = (char)(rnd() & 0xFF);
        return n;
    }
    while (want--) {
        const char *p = pieces[rnd() % (sizeof pieces / sizeof pieces[0])];
        size_t l = p[0] ? strlen(p) : 1;
        if (n + l > cap)
            break;
        memcpy(s + n, p, l);
        n += l;
    }
    return n;
}

/* The input in hex for failure messages (static buffer). */
static const char *
hex(const char *s, size_t n)
{
    static char out[2048];
    size_t i;

    for (i = 0; i < n && 3 * i + 4 < sizeof out; i++)
        snprintf(out + 3 * i, 4, "%02x ", (unsigned char)s[i]);
    out[3 * i] = '\0';
    return out;
}

/* Independent of the tokenizer: 1 where a character (or an invalid byte)
 * of the original starts, and at n. */
static void
char_starts(const unsigned char *s, size_t n, char *starts)
{
    size_t i = 0;

    memset(starts, 0, n + 1);
    while (i < n) {
        ucs4_t uc;
        int l = u8_mbtoucr(&uc, s + i, n - i);
        starts[i] = 1;
        i += l > 0 ? (size_t)l : 1;
    }
    starts[n] = 1;
}

/* Independent of the tokenizer: is s[a, b) all White_Space?  An invalid
 * byte stands for U+FFFD, which is not. */
static int
all_white(const unsigned char *s, size_t a, size_t b)
{
    while (a < b) {
        ucs4_t uc;
        int l = u8_mbtoucr(&uc, s + a, b - a);
        if (l <= 0
            || !(uc_is_property_white_space(uc)
                 || (uc_is_property_default_ignorable_code_point(uc)
                     && !uc_is_general_category(uc, UC_CATEGORY_M))))
            return 0;
        a += (size_t)l;
    }
    return 1;
}

static int
is_unit(enum tok_kind k)
{
    return k == TOK_WORD || k == TOK_NUMBER || k == TOK_CJK_UNI;
}

static int
add_term(void *ctx, const struct tok *t)
{
    struct buf *b = ctx;

    buf_add(b, t->term, t->term_len);
    buf_addch(b, ' ');
    return 0;
}

/* Every symbol (not a letter, number or mark) whose NFKC form has a letter
 * or digit gives the terms of that form, wherever it is in Unicode. */
START_TEST(t_compat_symbols_give_nfkc_terms)
{
    struct tokenizer *tz = new_tz("none");
    struct buf tmp = BUF_INIT, f = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
    uint32_t c;
    unsigned count = 0;

    for (c = 0x80; c < 0x110000; c++) {
        uint8_t s[4];
        int l, letter = 0;
        size_t i;

        if (c == 0x30000) /* planes 3 to 13: ideographs or unassigned */
            c = 0xE0000;
        if ((c >= 0xD800 && c <= 0xDFFF) || cjk_is_base(c)
            || uc_is_general_category(c, UC_CATEGORY_L)
            || uc_is_general_category(c, UC_CATEGORY_N)
            || uc_is_general_category(c, UC_CATEGORY_M))
            continue;
        l = u8_uctomb(s, c, sizeof s);
        ck_assert_int_eq(fold_utf8((const char *)s, (size_t)l, &tmp, &f), 0);
        for (i = 0; i < f.len;) {
            ucs4_t d;
            i += (size_t)u8_mbtouc(&d, (const uint8_t *)f.data + i, f.len - i);
            letter |= uc_is_general_category(d, UC_CATEGORY_L)
                      || uc_is_general_category(d, UC_CATEGORY_N);
        }
        if (!letter)
            continue;
        count++;
        buf_reset(&a);
        buf_reset(&b);
        ck_assert_int_eq(tokenize(tz, TOK_DOCUMENT, (const char *)s,
                                  (size_t)l, add_term, &a), 0);
        ck_assert_int_eq(tokenize(tz, TOK_DOCUMENT, f.data, f.len, add_term,
                                  &b), 0);
        ck_assert_msg(a.len > 0 && strcmp(a.data, b.data) == 0,
                      "U+%04X: '%s' but its NFKC form gives '%s'",
                      (unsigned)c, a.len ? a.data : "", b.data);
    }
    ck_assert_uint_gt(count, 600);
    buf_free(&tmp);
    buf_free(&f);
    buf_free(&a);
    buf_free(&b);
    tokenizer_free(tz);
}
END_TEST

/* Exactly the default ignorables that are not marks are invisible: the
 * CJK run 中<c>国 is 中国 for them and for nothing else (marks attach). */
START_TEST(t_invisible_is_default_ignorable)
{
    struct tokenizer *tz = new_tz("none");
    struct buf a = BUF_INIT;
    uint32_t c;

    for (c = 0x80; c < 0x110000; c++) {
        char s[16];
        uint8_t enc[4];
        int l, want;

        if (c == 0x30000)
            c = 0xE0000;
        if ((c >= 0xD800 && c <= 0xDFFF) || cjk_is_base(c)
            || uc_is_general_category(c, UC_CATEGORY_M))
            continue;
        want = uc_is_property_default_ignorable_code_point(c);
        l = u8_uctomb(enc, c, sizeof enc);
        memcpy(s, "中", 3);
        memcpy(s + 3, enc, (size_t)l);
        memcpy(s + 3 + l, "国", 3);
        buf_reset(&a);
        ck_assert_int_eq(tokenize(tz, TOK_DOCUMENT, s, (size_t)l + 6,
                                  add_term, &a), 0);
        ck_assert_msg((strcmp(a.data, "中 中国 国 ") == 0) == want,
                      "U+%04X: %s", (unsigned)c, a.data);
    }
    buf_free(&a);
    tokenizer_free(tz);
}
END_TEST

START_TEST(t_properties)
{
    struct tokenizer *tz = new_tz(NULL), *slow = new_tz(NULL);
    char s[512], starts[513];
    unsigned round;

    tokenizer_set_flags(slow, TOK_F_NO_FASTPATH);
    rng = PROP_SEED;
    printf("check_tokenize: property seed %u, %u rounds\n", PROP_SEED,
           PROP_ROUNDS);
    for (round = 0; round < PROP_ROUNDS; round++) {
        size_t n = random_input(s, sizeof s), i;
        struct collect c;
        char *d1, *d2, *d3, *dq;

        const struct tok *prev = NULL;

        run(tz, TOK_DOCUMENT, s, n, &c);
        char_starts((const unsigned char *)s, n, starts);
        for (i = 0; i < c.n; i++) {
            const struct tok *t = &c.v[i];
            /* The next unit is one position on, two across anything but
             * white space. */
            if (is_unit(t->kind)) {
                if (prev)
                    ck_assert_msg(
                        t->pos == prev->pos + 2 - all_white(
                            (const unsigned char *)s, prev->end, t->start),
                        "round %u: unit [%zu,%zu) at %u after %u: %s", round,
                        t->start, t->end, (unsigned)t->pos,
                        (unsigned)prev->pos, hex(s, n));
                prev = t;
            }
            ck_assert_msg(t->start < t->end && t->end <= n,
                          "round %u: span [%zu,%zu) of %zu", round, t->start,
                          t->end, n);
            ck_assert_msg(starts[t->start] && starts[t->end],
                          "round %u: span [%zu,%zu) not on characters", round,
                          t->start, t->end);
            ck_assert(t->term_len > 0 && t->term_len <= TOK_MAX_TERM);
            ck_assert_ptr_null(
                u8_check((const uint8_t *)term_of(&c, i), t->term_len));
            ck_assert_msg(!memchr(s + t->start, '\0', t->end - t->start),
                          "round %u: NUL inside token [%zu,%zu) of %s", round,
                          t->start, t->end, hex(s, n));
            if (i > 0)
                ck_assert_msg(t->pos >= c.v[i - 1].pos,
                              "round %u: position goes back", round);
        }
        collect_free(&c);
        d1 = dump(tz, TOK_DOCUMENT, s, n);
        d2 = dump(tz, TOK_DOCUMENT, s, n);
        d3 = dump(slow, TOK_DOCUMENT, s, n);
        dq = dump(tz, TOK_QUERY, s, n);
        ck_assert_msg(strcmp(d1, d2) == 0, "round %u: not repeatable", round);
        ck_assert_msg(strcmp(d1, d3) == 0,
                      "round %u: fast path differs:\n fast %s\n slow %s",
                      round, d1, d3);
        ck_assert_msg(strcmp(d1, dq) == 0, "round %u: query mode differs",
                      round);
        free(d1);
        free(d2);
        free(d3);
        free(dq);
    }
    tokenizer_free(tz);
    tokenizer_free(slow);
}
END_TEST

/* All printable ASCII words: the fast path equals libunistring. */
START_TEST(t_ascii_fast_equals_slow)
{
    struct tokenizer *tz = new_tz(NULL), *slow = new_tz(NULL);
    char s[96 * 3];
    size_t n = 0;
    int c;
    char *a, *b;

    tokenizer_set_flags(slow, TOK_F_NO_FASTPATH);
    for (c = 0x20; c < 0x7F; c++) {
        s[n++] = (char)c;
        s[n++] = 'A' + c % 26;
        s[n++] = (char)(c % 3 ? '0' + c % 10 : 'q');
    }
    a = dump(tz, TOK_DOCUMENT, s, n);
    b = dump(slow, TOK_DOCUMENT, s, n);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    tokenizer_free(tz);
    tokenizer_free(slow);
}
END_TEST

static char *
read_sample(const char *name, size_t *len)
{
    const char *top = getenv("abs_top_srcdir");
    char path[4096];
    FILE *f;
    char *data;
    long n;

    snprintf(path, sizeof path, "%s/corpus/%s", top ? top : "..", name);
    f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    ck_assert_int_gt(n, 0);
    rewind(f);
    data = malloc((size_t)n);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return data;
}

/* The sample articles and words that probe the stemming shortcut: every
 * fast path (ASCII folding, segmentation, stem cache and shortcut) gives
 * the stream of the reference path. */
START_TEST(t_samples_fast_equals_slow)
{
    static const char *const files[] = {
        "ciip-new-quality-productive-forces.txt",
        "nqpf-deepseek-national-rejuvenation.txt",
    };
    static const char words[] =
        "a an ox is us as yes sky skis news atlas dying 1st 2nd 3rd 4th r1 "
        "r2d2 x86 x86_64 ab1 abc_ abc' dogs' dog's it's café naïve ugly "
        "early only idly gently singly howe andes bias cosmos Y yy yay "
        "'tis o'neill e.g i.e. U.S. ies ied sses ss s us eed ed ing ly";
    struct tokenizer *tz = new_tz(NULL), *slow = new_tz(NULL);
    size_t i;
    char *a, *b;

    tokenizer_set_flags(slow, TOK_F_NO_FASTPATH);
    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t n;
        char *text = read_sample(files[i], &n);
        /* twice, so the second pass runs on a warm stem cache */
        free(dump(tz, TOK_DOCUMENT, text, n));
        a = dump(tz, TOK_DOCUMENT, text, n);
        b = dump(slow, TOK_DOCUMENT, text, n);
        ck_assert_msg(strcmp(a, b) == 0, "%s: fast path differs", files[i]);
        ck_assert_uint_gt(strlen(a), 10000);
        free(a);
        free(b);
        free(text);
    }
    a = dump(tz, TOK_DOCUMENT, words, strlen(words));
    b = dump(slow, TOK_DOCUMENT, words, strlen(words));
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    tokenizer_free(tz);
    tokenizer_free(slow);
}
END_TEST

/* Random ASCII (all UAX #29 classes of ASCII, some non-ASCII letters and
 * marks): the chunked word breaks equal u8_wordbreaks() on the whole text. */
START_TEST(t_ascii_breaks)
{
    static const char alpha[] = "aZq09 .,;:'\"_-@\t\r\n\v\f()/";
    static const char *const extra[] = { "é", "\xCC\x81", "\xC2\xAD", "中",
                                         "ｶ", "א", "\xE2\x80\x8D", "🇨" };
    struct tokenizer *tz = new_tz(NULL), *slow = new_tz(NULL);
    char s[256];
    unsigned round;

    tokenizer_set_flags(slow, TOK_F_NO_FASTPATH);
    rng = PROP_SEED + 1;
    for (round = 0; round < 20000; round++) {
        size_t n = 0, want = rnd() % 40;
        char *a, *b;

        while (n < want) {
            if (rnd() % 16 == 0) {
                const char *e = extra[rnd() % (sizeof extra / sizeof extra[0])];
                memcpy(s + n, e, strlen(e));
                n += strlen(e);
            } else {
                s[n++] = alpha[rnd() % (sizeof alpha - 1)];
            }
        }
        a = dump(tz, TOK_DOCUMENT, s, n);
        b = dump(slow, TOK_DOCUMENT, s, n);
        ck_assert_msg(strcmp(a, b) == 0, "round %u: %s\n fast %s\n slow %s",
                      round, hex(s, n), a, b);
        free(a);
        free(b);
    }
    tokenizer_free(tz);
    tokenizer_free(slow);
}
END_TEST

/* wb_ascii_next() against u8_wordbreaks() on random ASCII, all classes. */
START_TEST(t_wb_ascii)
{
    static const char alpha[] = "aZ09 .,;:'\"_-@\t\r\n\v\f()/\x01\x7F";
    struct wb_ascii wb;
    unsigned char s[48];
    char brk[48];
    unsigned round;

    wb_ascii_init(&wb);
    rng = PROP_SEED + 2;
    for (round = 0; round < 100000; round++) {
        size_t n = 1 + rnd() % sizeof s, i, k;

        for (i = 0; i < n; i++)
            s[i] = (unsigned char)alpha[rnd() % (sizeof alpha - 1)];
        u8_wordbreaks(s, n, brk);
        for (i = 0; i < n; i++) {
            for (k = i + 1; k < n && !brk[k]; k++)
                ;
            ck_assert_msg(wb_ascii_next(&wb, s, n, i) == k,
                          "round %u, from %zu: %s", round, i,
                          hex((const char *)s, n));
        }
    }
}
END_TEST

/* ---- the query side ------------------------------------------------------ */

/* Does the phrase of q's bigram (and glue) terms occur at consecutive
 * positions in d? */
static int
phrase_in(const struct collect *d, const struct collect *q, int kinds)
{
    const char *terms[64];
    size_t n = 0, i, j;

    for (i = 0; i < q->n && n < 64; i++)
        if ((1 << q->v[i].kind) & kinds)
            terms[n++] = term_of(q, i);
    if (n == 0)
        return 0;
    for (i = 0; i < d->n; i++) {
        uint32_t p = d->v[i].pos;
        size_t k = 0;
        if (strcmp(term_of(d, i), terms[0]) != 0)
            continue;
        for (k = 1; k < n; k++) {
            int found = 0;
            for (j = 0; j < d->n; j++)
                if (d->v[j].pos == p + k && strcmp(term_of(d, j), terms[k]) == 0
                    && ((1 << d->v[j].kind) & kinds))
                    found = 1;
            if (!found)
                break;
        }
        if (k == n)
            return 1;
    }
    return 0;
}

START_TEST(t_query_substrings)
{
    static const char *const runs[] = {
        "中华民族的伟大复兴", "新质生产力", "東京都に住む人々",
        "コンピューター",
        "한국어를배워요", "ｶﾀｶﾅﾃﾞｰﾀ",
    };
    struct tokenizer *tz = new_tz(NULL);
    size_t r;

    for (r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        const char *doc = runs[r];
        size_t dn = strlen(doc), chars[64], nc = 0, i, j;
        struct collect d;
        char text[512];

        /* the document: the run inside English text */
        snprintf(text, sizeof text, "In the text %s, see.", doc);
        run(tz, TOK_DOCUMENT, text, strlen(text), &d);
        for (i = 0; i < dn;) {
            chars[nc++] = i;
            i += (size_t)u8_mblen((const uint8_t *)doc + i, dn - i);
        }
        chars[nc] = dn;
        for (i = 0; i < nc; i++) {
            for (j = i + 2; j <= nc; j++) {
                struct collect q;
                size_t qn = chars[j] - chars[i];
                /* Half-width voiced marks attach: skip splits before them. */
                if (j < nc && (unsigned char)doc[chars[j]] == 0xEF
                    && (unsigned char)doc[chars[j] + 2] >= 0x9E
                    && (unsigned char)doc[chars[j] + 1] == 0xBE)
                    continue;
                if ((unsigned char)doc[chars[i]] == 0xEF
                    && (unsigned char)doc[chars[i] + 1] == 0xBE
                    && (unsigned char)doc[chars[i] + 2] >= 0x9E)
                    continue;
                run(tz, TOK_QUERY, doc + chars[i], qn, &q);
                /* one folded character (ﾃﾞ) gives just its unigram */
                ck_assert_msg(phrase_in(&d, &q, 1 << TOK_CJK_BI)
                                  || (q.n == 1
                                      && phrase_in(&d, &q, 1 << TOK_CJK_UNI)),
                              "%.*s not found in %s", (int)qn, doc + chars[i],
                              doc);
                collect_free(&q);
            }
        }
        collect_free(&d);
    }
    tokenizer_free(tz);
}
END_TEST

/* 使用strace typed without a space matches only the glued text; with a
 * space it matches both. */
START_TEST(t_query_glue)
{
    struct tokenizer *tz = new_tz(NULL);
    struct collect glued, spaced, q1, q2;
    const int glue_phrase = (1 << TOK_CJK_BI) | (1 << TOK_GLUE);
    const int word_phrase = (1 << TOK_CJK_BI) | (1 << TOK_WORD);

    run(tz, TOK_DOCUMENT, "我们使用strace调试。",
        strlen("我们使用strace调试。"), &glued);
    run(tz, TOK_DOCUMENT, "我们使用 strace 调试。",
        strlen("我们使用 strace 调试。"), &spaced);
    run(tz, TOK_QUERY, "使用strace", strlen("使用strace"), &q1);
    run(tz, TOK_QUERY, "使用 strace", strlen("使用 strace"), &q2);
    /* q1 as [使用, 用strace] */
    ck_assert(phrase_in(&glued, &q1, glue_phrase));
    ck_assert(!phrase_in(&spaced, &q1, glue_phrase));
    /* q2's bigram and word sit two positions apart in both documents */
    ck_assert_uint_eq(q2.n, 5);
    ck_assert_str_eq(term_of(&q2, 1), "使用");
    ck_assert_uint_eq(q2.v[3].pos, 2);
    ck_assert(!phrase_in(&glued, &q2, word_phrase)); /* not adjacent */
    collect_free(&glued);
    collect_free(&spaced);
    collect_free(&q1);
    collect_free(&q2);
    tokenizer_free(tz);
}
END_TEST

/* Folding does not depend on the locale. */
START_TEST(t_locale_independent)
{
    static const char text[] = "İstanbul DIŞ";
    static const char want[] =
        "i\xCC\x87stanbul@0[0,9) i\xCC\x87stanbul@0[0,9)~ "
        "di\xC5\x9F@1[10,14) di\xC5\x9F@1[10,14)~";
    struct tokenizer *tz = new_tz(NULL);
    char *a, *b;

    setlocale(LC_ALL, "C");
    a = dump(tz, TOK_DOCUMENT, text, strlen(text));
    if (!setlocale(LC_ALL, "tr_TR.UTF-8"))
        setlocale(LC_ALL, "C.UTF-8");
    b = dump(tz, TOK_DOCUMENT, text, strlen(text));
    setlocale(LC_ALL, "C");
    /* Full folding, no Turkish rule: İ is i + combining dot above. */
    ck_assert_str_eq(a, want);
    ck_assert_str_eq(b, want);
    free(a);
    free(b);
    tokenizer_free(tz);
}
END_TEST

static Suite *
tokenize_suite(void)
{
    Suite *s = suite_create("tokenize");
    TCase *tc = tcase_create("table");

    tcase_add_loop_test(tc, t_case, 0, (int)N_CASES);
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_add_test(tc, t_api);
    tcase_add_test(tc, t_locale_independent);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, t_long_terms);
    tcase_add_test(tc, t_pathological);
    suite_add_tcase(s, tc);

    tc = tcase_create("fastpath");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, t_cjk_fast_identity);
    tcase_add_test(tc, t_cjk_covers_scripts);
    tcase_add_test(tc, t_ascii_fast_equals_slow);
    tcase_add_test(tc, t_ascii_breaks);
    tcase_add_test(tc, t_wb_ascii);
    tcase_add_test(tc, t_samples_fast_equals_slow);
    suite_add_tcase(s, tc);

    tc = tcase_create("properties");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, t_properties);
    tcase_add_test(tc, t_compat_symbols_give_nfkc_terms);
    tcase_add_test(tc, t_invisible_is_default_ignorable);
    suite_add_tcase(s, tc);

    tc = tcase_create("query");
    tcase_add_test(tc, t_query_substrings);
    tcase_add_test(tc, t_query_glue);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    SRunner *sr = srunner_create(tokenize_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
