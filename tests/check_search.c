/* check_search.c - the stored record, snippets and line/columns, and the
 * public search API over a real index built in a temp dir. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>
#include <unigbrk.h>
#include <uniwidth.h>

#include "docdata.h"
#include "indexdoc.h"
#include "schema.h"
#include "snippet.h"
#include "sousuo.h"
#include "testutil.h"
#include "tokenize.h"
#include "xapian-shim.h"

/* ---- docdata ----------------------------------------------------------- */

/* Which sousuo.schema values a reader and a writer accept. */
START_TEST(t_schema_cmp)
{
    ck_assert_int_lt(schema_cmp("1"), 0);
    ck_assert_int_lt(schema_cmp("2"), 0);
    ck_assert_int_eq(schema_cmp("3"), 0);
    ck_assert_int_eq(schema_cmp(SCHEMA_VERSION), 0);
    ck_assert_int_gt(schema_cmp("5"), 0);
    ck_assert_int_gt(schema_cmp("40"), 0);
    ck_assert_int_gt(schema_cmp("99999999999999999999"), 0);
    ck_assert_int_gt(schema_cmp("4a"), 0);
    ck_assert_int_gt(schema_cmp("-4"), 0);
    ck_assert_int_eq(schema_cmp(""), 0);
    ck_assert_int_eq(schema_cmp(NULL), 0);
}
END_TEST

START_TEST(t_docdata_roundtrip)
{
    static const char path[] = "dir/new\nline\377.txt", text[] = "a\0b\n新";
    struct docdata in = { path, sizeof path - 1, "T", 1, "2024-04-17", 10,
                          "zh", 2, text, sizeof text - 1 }, out;
    struct buf b = BUF_INIT, h = BUF_INIT;

    docdata_encode(&in, &b);
    ck_assert_int_eq(docdata_decode(b.data, b.len, &out), 0);
    ck_assert_uint_eq(out.path_len, sizeof path - 1);
    ck_assert_int_eq(memcmp(out.path, path, sizeof path - 1), 0);
    ck_assert_uint_eq(out.text_len, sizeof text - 1);
    ck_assert_int_eq(memcmp(out.text, text, sizeof text - 1), 0);
    ck_assert_int_eq(memcmp(out.date, "2024-04-17", 10), 0);
    /* The head the indexer writes (then the text, then ",") is the same
     * record. */
    docdata_encode_head(&in, &h);
    ck_assert_uint_eq(h.len + sizeof text - 1 + 1, b.len);
    ck_assert_int_eq(memcmp(h.data, b.data, h.len), 0);
    ck_assert_int_eq(memcmp(b.data + h.len, text, sizeof text - 1), 0);
    ck_assert_int_eq(b.data[b.len - 1], ',');
    buf_free(&h);
    /* Truncated, extended or foreign records are refused. */
    ck_assert_int_eq(docdata_decode(b.data, b.len - 1, &out), -1);
    buf_addch(&b, 'x');
    ck_assert_int_eq(docdata_decode(b.data, b.len, &out), -1);
    ck_assert_int_eq(docdata_decode("sousuo/1\n99999999999999999999999:", 33,
                                    &out), -1);
    ck_assert_int_eq(docdata_decode("hello", 5, &out), -1);
    buf_free(&b);
}
END_TEST

/* ---- line and columns ---------------------------------------------------- */

START_TEST(t_linecol)
{
    /* line 2 is "ab新😀x": 😀 is 4 bytes, 1 code point, 2 UTF-16 units. */
    static const char t[] = "first line\r\nab新\xf0\x9f\x98\x80x\nlast";
    struct linecol lc;
    size_t x = strlen("first line\r\nab新\xf0\x9f\x98\x80");

    snippet_linecol(t, sizeof t - 1, x, &lc);
    ck_assert_uint_eq(lc.line, 2);
    ck_assert_uint_eq(lc.byte_col, 2 + 3 + 4 + 1);
    ck_assert_uint_eq(lc.char_col, 2 + 1 + 1 + 1);
    ck_assert_uint_eq(lc.utf16_col, 2 + 1 + 2 + 1);
    ck_assert_uint_eq(lc.line_start, 12);
    ck_assert_uint_eq(lc.line_end, x + 1);
    snippet_linecol(t, sizeof t - 1, 0, &lc);
    ck_assert_uint_eq(lc.line, 1);
    ck_assert_uint_eq(lc.byte_col, 1);
    ck_assert_uint_eq(lc.line_end, 10); /* the \r is not part of the line */
    snippet_linecol(t, sizeof t - 1, sizeof t - 1, &lc);
    ck_assert_uint_eq(lc.line, 3);
    ck_assert_uint_eq(lc.byte_col, 5);
}
END_TEST

/* A from-scratch reference for line/columns: count everything again. */
static void
ref_linecol(const char *t, size_t off, struct linecol *lc)
{
    size_t i, start = 0, line = 1, cps, u16;

    for (i = 0; i < off; i++)
        if (t[i] == '\n') {
            line++;
            start = i + 1;
        }
    snippet_units(t + start, off - start, &cps, &u16);
    lc->line = line;
    lc->byte_col = off - start + 1;
    lc->char_col = cps + 1;
    lc->utf16_col = u16 + 1;
    lc->line_start = start;
}

START_TEST(t_linecol_incremental_equals_reference)
{
    static const char *const pieces[] = { "ab", "新", "\xf0\x9f\x98\x80",
                                          "\n", "\r\n", " ", "x", "산" };
    unsigned seed = 42;
    int round;

    for (round = 0; round < 200; round++) {
        struct buf t = BUF_INIT;
        size_t offs[64], n = 0, k;
        struct linecol inc, ref;
        int j;

        for (j = 0; j < 60; j++) {
            if (n < 64 && rand_r(&seed) % 3 == 0)
                offs[n++] = t.len; /* a character boundary */
            buf_addstr(&t, pieces[rand_r(&seed) % 8]);
        }
        snippet_linecol_init(&inc);
        for (k = 0; k < n; k++) {
            snippet_linecol_next(t.data, t.len, offs[k], &inc);
            ref_linecol(t.data, offs[k], &ref);
            ck_assert_uint_eq(inc.line, ref.line);
            ck_assert_uint_eq(inc.byte_col, ref.byte_col);
            ck_assert_uint_eq(inc.char_col, ref.char_col);
            ck_assert_uint_eq(inc.utf16_col, ref.utf16_col);
            ck_assert_uint_eq(inc.line_start, ref.line_start);
            ck_assert(inc.line_end >= offs[k] && inc.line_end <= t.len);
            ck_assert(inc.line_end == t.len || t.data[inc.line_end] == '\n' ||
                      t.data[inc.line_end] == '\r');
        }
        buf_free(&t);
    }
}
END_TEST

/* ---- snippets ------------------------------------------------------------ */

static struct tokenizer *tz;

static void
tz_setup(void)
{
    ck_assert_int_eq(tokenizer_new("english", &tz, NULL), SOUSUO_OK);
}

static void
tz_teardown(void)
{
    tokenizer_free(tz);
}

/* Matches of query q in text, as "start-end start-end ..." */
static char *
matches(const char *q, const char *text, size_t width, struct snippet *keep)
{
    struct qnode *n = NULL;
    struct snip_query sq;
    struct snippet sn;
    struct buf b = BUF_INIT;
    size_t i;

    ck_assert_int_eq(query_parse(tz, q, strlen(q), &n, NULL, NULL), SOUSUO_OK);
    snip_query_init(&sq, n, tz);
    ck_assert_int_eq(snippet_find(tz, &sq, text, strlen(text), width, 0, &sn),
                     SOUSUO_OK);
    for (i = 0; i < sn.nm; i++)
        buf_addf(&b, "%s%zu-%zu", i ? " " : "", sn.m[i].start, sn.m[i].end);
    if (keep)
        *keep = sn;
    else
        snippet_free(&sn);
    snip_query_free(&sq);
    query_free(n);
    return buf_detach(&b, NULL);
}

static const struct {
    const char *q, *text, *expect;
} match_cases[] = {
    /* A word matches its inflections through the stem. */
    /* Snowball: forces, forced, forceful and force all stem to "forc". */
    { "force", "Forces forced a forceful force.", "0-6 7-13 16-24 25-30" },
    { "\"forces\"", "Forces forced a force.", "0-6" },
    { "prod*", "production and products, not a pro", "0-10 15-23" },
    /* A CJK run matches where its characters stand in a row. */
    { "生产力", "新质生产力和生产关系", "6-15" },
    { "生产", "新质生产力和生产关系", "6-12 18-24" },
    { "AI芯片", "AI芯片与AI 芯片", "0-8 11-20" },
    { "\"new quality\"", "a new quality, new and quality", "2-13" },
    /* What is excluded is not highlighted. */
    { "force -quality", "force quality", "0-5" },
    { "zzz", "nothing here", "" },
};

START_TEST(t_match_table)
{
    char *got = matches(match_cases[_i].q, match_cases[_i].text, 80, NULL);

    ck_assert_msg(strcmp(got, match_cases[_i].expect) == 0,
                  "'%s' in '%s': got '%s', expected '%s'", match_cases[_i].q,
                  match_cases[_i].text, got, match_cases[_i].expect);
    free(got);
}
END_TEST

/* u8_grapheme_breaks() over the whole text: u8_grapheme_next() looks at
 * two characters only, and would pass a window that cuts a flag or a ZWJ
 * sequence. */
static int
is_grapheme_boundary(const char *text, size_t len, size_t off)
{
    char *p;
    int r;

    if (off == 0 || off >= len)
        return off <= len;
    p = malloc(len);
    ck_assert_ptr_nonnull(p);
    u8_grapheme_breaks((const uint8_t *)text, len, p);
    r = p[off];
    free(p);
    return r;
}

START_TEST(t_window_never_splits_graphemes)
{
    struct buf text = BUF_INIT;
    struct snippet sn;
    char *got;
    int i;

    /* Family emoji (ZWJ sequences), combining accents and CJK around the
     * match, for every window width from 1 to 60 columns. */
    for (i = 0; i < 20; i++)
        buf_addstr(&text, "e\xcc\x81\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91"
                          "\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7字 ");
    buf_addstr(&text, "target word here. ");
    for (i = 0; i < 20; i++)
        buf_addstr(&text, "a\xcc\x88\xcc\x81 漢字 ");
    for (i = 1; i <= 60; i++) {
        got = matches("target", text.data, (size_t)i, &sn);
        ck_assert_str_ne(got, "");
        ck_assert_msg(is_grapheme_boundary(text.data, text.len, sn.win_start),
                      "width %d: start %zu splits a grapheme", i, sn.win_start);
        ck_assert_msg(is_grapheme_boundary(text.data, text.len, sn.win_end),
                      "width %d: end %zu splits a grapheme", i, sn.win_end);
        ck_assert_uint_le(sn.win_start, sn.m[0].start);
        ck_assert_uint_ge(sn.win_end, sn.m[0].end);
        snippet_free(&sn);
        free(got);
    }
    buf_free(&text);
}
END_TEST

/* A text written as whole grapheme clusters, with where each one starts:
 * the expected boundaries, known without asking libunistring. */
struct clusters {
    struct buf text;
    unsigned char starts[4096]; /* starts[i]: a cluster starts at byte i */
};

static void
cl_add(struct clusters *c, const char *cluster)
{
    ck_assert_uint_lt(c->text.len + strlen(cluster), sizeof c->starts);
    c->starts[c->text.len] = 1;
    buf_addstr(&c->text, cluster);
    c->starts[c->text.len] = 1;
}

static void
cl_chars(struct clusters *c, const char *ascii)
{
    char one[2] = { 0, 0 };

    for (; *ascii; ascii++) {
        one[0] = *ascii;
        cl_add(c, one);
    }
}

#define FAMILY "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d" \
               "\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6" /* 👨‍👩‍👧‍👦 */
#define RI_C "\xf0\x9f\x87\xa8"
#define RI_N "\xf0\x9f\x87\xb3"
#define RI_J "\xf0\x9f\x87\xaf"
#define RI_P "\xf0\x9f\x87\xb5"

/* A byte of a word in check_windows' texts: their non-ASCII clusters
 * are all letters (with marks). */
static int
word_byte(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Between end and fill only blanks and the start of a word that goes on
 * past fill: the part of a word that a window ending at fill would cut. */
static int
leaves_out_cut_word(const char *text, size_t len, size_t end, size_t fill)
{
    size_t i = end;

    while (i < fill && (text[i] == ' ' || text[i] == '\n'))
        i++;
    if (i == fill)
        return 0;
    for (; i < fill; i++)
        if (!word_byte(text[i]))
            return 0;
    return fill < len && word_byte(text[fill]);
}

/* For every width from 1 to 80 columns, q's window in c starts and ends
 * where a cluster does, holds the match, and ends no earlier than it must
 * (the next cluster would not fit). */
static void
check_windows(const char *q, struct clusters *c)
{
    size_t w, next, fill;

    for (w = 1; w <= 80; w++) {
        struct snippet sn;
        char *got = matches(q, c->text.data, w, &sn);

        ck_assert_str_ne(got, "");
        ck_assert_msg(c->starts[sn.win_start],
                      "'%s' width %zu: start %zu cuts a cluster: '%s'", q, w,
                      sn.win_start, c->text.data + sn.win_start);
        ck_assert_msg(c->starts[sn.win_end],
                      "'%s' width %zu: end %zu cuts a cluster: '%.*s'", q, w,
                      sn.win_end, (int)sn.win_end, c->text.data);
        ck_assert_uint_le(sn.win_start, sn.m[0].start);
        ck_assert_uint_ge(sn.win_end, sn.m[0].end);
        /* fill: where the window would end if it took every cluster
         * that fits; it may end sooner only to leave a cut word out. */
        fill = sn.win_end;
        for (;;) {
            for (next = fill + 1; next < c->text.len && !c->starts[next];
                 next++)
                ;
            if (fill >= c->text.len ||
                u8_width((const uint8_t *)c->text.data + sn.win_start,
                         next - sn.win_start, "UTF-8") > (int)w)
                break;
            fill = next;
        }
        if (fill > sn.win_end)
            ck_assert_msg(leaves_out_cut_word(c->text.data, c->text.len,
                                              sn.win_end, fill),
                          "'%s' width %zu: the window stops short at %zu", q,
                          w, sn.win_end);
        snippet_free(&sn);
        free(got);
    }
}

/* The window for q in c at one width, as text. */
static char *
window_text(const char *q, struct clusters *c, size_t width)
{
    struct snippet sn;
    char *got = matches(q, c->text.data, width, &sn);
    char *s = strndup(c->text.data + sn.win_start, sn.win_end - sn.win_start);

    snippet_free(&sn);
    free(got);
    return s;
}

/* _i: 0, the match then family emoji, which the window's end reaches;
 * 1, family emoji then the match, with no sentence start near, so the
 * window starts a few clusters back. */
START_TEST(t_window_keeps_zwj_sequences)
{
    struct clusters c;
    char *s;
    int i;

    memset(&c, 0, sizeof c);
    if (_i == 0)
        cl_chars(&c, "wombat ");
    for (i = 0; i < 20; i++) {
        cl_chars(&c, "xxx");
        cl_add(&c, FAMILY);
    }
    if (_i == 1)
        cl_chars(&c, " wombat");
    check_windows("wombat", &c);
    if (_i == 0) {
        /* 15 columns: "wombat xxx" and the family's 8 (four emoji, two
         * columns each) do not fit, so the family stays out whole. */
        s = window_text("wombat", &c, 15);
        ck_assert_str_eq(s, "wombat xxx");
    } else {
        /* Two steps back (width / 8) land inside the last family: the
         * window starts at its start. */
        s = window_text("wombat", &c, 16);
        ck_assert_str_eq(s, FAMILY " wombat");
    }
    free(s);
    buf_free(&c.text);
}
END_TEST

/* Regional indicators pair from the start of their run: a flag is two of
 * them and a lone last one is a cluster of its own, so a window edge in
 * the run falls after an even number of them.  _i: bit 0, the flags
 * after the match (the window's end among them) or before it (its start);
 * bit 1, an odd number of indicators. */
START_TEST(t_window_keeps_flags)
{
    int before = _i & 1, odd = _i >> 1, i;
    const char *q = before ? "possum" : "quokka";
    struct clusters c;
    char *s;

    memset(&c, 0, sizeof c);
    if (!before)
        cl_chars(&c, "quokka ");
    for (i = 0; i < 60; i++)
        cl_add(&c, i % 2 ? RI_J RI_P : RI_C RI_N); /* 🇨🇳🇯🇵... */
    if (odd)
        cl_add(&c, RI_C);
    cl_chars(&c, before ? " possum" : " end");
    check_windows(q, &c);
    if (!before) {
        /* 16 columns: quokka, a space and four flags (two columns each),
         * not the first indicator of a fifth. */
        s = window_text(q, &c, 16);
        ck_assert_str_eq(s, "quokka " RI_C RI_N RI_J RI_P RI_C RI_N RI_J RI_P);
    } else {
        /* The match ends the text, so the window fills its width back
         * from it, one indicator at a time: 16 columns are " possum" and
         * four flags, not the second indicator of a fifth; 24 are
         * " possum", the lone indicator and eight flags. */
        s = window_text(q, &c, odd ? 24 : 16);
        ck_assert_str_eq(s, odd ? RI_C RI_N RI_J RI_P RI_C RI_N RI_J RI_P
                                  RI_C RI_N RI_J RI_P RI_C RI_N RI_J RI_P
                                  RI_C " possum"
                                : RI_C RI_N RI_J RI_P RI_C RI_N RI_J RI_P
                                  " possum");
    }
    free(s);
    buf_free(&c.text);
}
END_TEST

/* Letters with one or two combining marks, a spacing one (one column of
 * its own) and a Hangul syllable of conjoining jamo: _i 0 before the
 * match, 1 after it. */
START_TEST(t_window_keeps_combining_marks)
{
    struct clusters c;
    int i;

    memset(&c, 0, sizeof c);
    if (_i == 1)
        cl_chars(&c, "numbat ");
    for (i = 0; i < 30; i++) {
        cl_add(&c, "e\xcc\x81\xcc\x88");                     /* e U+0301 U+0308 */
        cl_add(&c, "a\xcc\xa3");                             /* a U+0323 */
        cl_add(&c, "\xe0\xa4\x95\xe0\xa4\xbf");             /* कि */
        cl_add(&c, "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8"); /* 각, 3 jamo */
        cl_chars(&c, i % 5 == 4 ? ", " : "");
    }
    if (_i == 0)
        cl_chars(&c, " numbat");
    check_windows("numbat", &c);
    buf_free(&c.text);
}
END_TEST

/* Does a window edge at off cut an ASCII word? */
static int
ascii_cut(const char *text, size_t off)
{
    return off > 0 && text[off] && isalnum((unsigned char)text[off - 1]) &&
           isalnum((unsigned char)text[off]);
}

#define LOREM_80 "lorem ipsum dolor sit amet consectetur adipiscing elit sed do " \
                 "eiusmod tempor in"
#define LONG_WORD "wombat Pneumonoultramicroscopicsilicovolcanoconiosis"
#define EDGE_WORDS "wrenword can't won\u2019t e.g. 3.14159 and 1,000,000 end"

/* The window for q in text at width is want. */
static void
expect_window(const char *q, const char *text, size_t width,
              const char *want)
{
    struct snippet sn;
    char *got = matches(q, text, width, &sn);
    char *s = strndup(text + sn.win_start, sn.win_end - sn.win_start);

    ck_assert_msg(strcmp(s, want) == 0, "'%s' at width %zu: got '%s'", q,
                  width, s);
    free(s);
    snippet_free(&sn);
    free(got);
}

/* A window's edges fall between words, not inside one ("The Big Te"),
 * at every width, without losing its match; a word too long to fit
 * (a URL) and CJK text, which has no spaces, are still cut where the
 * width ends. */
START_TEST(t_window_edges_at_words)
{
    static const char *const texts[] = {
        "The Open Source AI model launched in late January by a start-up, "
        "sent shockwaves through the global tech sector. The Big Tech "
        "companies were left scrambling for a response at the emergence.",
        "many enterprises and governments shockwaves across the wide "
        "world of computing hardware vendors",
    };
    struct snippet sn;
    struct buf apos = BUF_INIT;
    size_t t, w;
    char *got;

    for (t = 0; t < 40; t++)
        buf_addstr(&apos, "lorem ");
    buf_addstr(&apos, "don't yyyyyyyyyyyyyy finchword");
    for (t = 0; t < 40; t++)
        buf_addstr(&apos, " lorem");
    for (t = 0; t < sizeof texts / sizeof *texts; t++)
        for (w = 10; w <= 120; w++) {
            got = matches("shockwaves", texts[t], w, &sn);
            ck_assert_str_eq(got, t ? "33-43" : "70-80");
            ck_assert_msg(!ascii_cut(texts[t], sn.win_start),
                          "text %zu width %zu: start %zu cuts a word", t, w,
                          sn.win_start);
            ck_assert_msg(!ascii_cut(texts[t], sn.win_end),
                          "text %zu width %zu: end %zu cuts a word", t, w,
                          sn.win_end);
            ck_assert_uint_le(sn.win_start, sn.m[0].start);
            ck_assert_uint_ge(sn.win_end, sn.m[0].end);
            snippet_free(&sn);
            free(got);
        }
    /* 123 columns would end inside "emergence". */
    expect_window("shockwaves", texts[0], 123,
                  "start-up, sent shockwaves through the global tech sector. "
                  "The Big Tech companies were left scrambling for a response "
                  "at the");
    /* Five characters back from the match is inside "governments". */
    expect_window("shockwaves", texts[1], 40,
                  "shockwaves across the wide world of");
    /* A cut more than WORD_CUT_MAX characters into a word stays; one
     * closer to its start leaves the word out. */
    expect_window("wombat", LONG_WORD, 40,
                  "wombat Pneumonoultramicroscopicsilicovol");
    expect_window("wombat", LONG_WORD, 20, "wombat");
    /* Han: any character boundary will do. */
    expect_window("新质", "新质生产力是由技术革命性突破生产要素创新性配置", 10,
                  "新质生产力");
    /* A run of katakana is a word: two characters back from 削除 is
     * inside ファイル, so the window starts at the match. */
    expect_window("削除", "説明書のデフォルトファイル削除の手順を説明する。"
                          "ここから先は長い文章が続きます。",
                  16, "削除の手順を説明");
    /* Words as the tokenizer has them (UAX #29): an apostrophe, a
     * decimal point or a thousands separator does not end one. */
    expect_window("wrenword", EDGE_WORDS, 13, "wrenword");
    expect_window("wrenword", EDGE_WORDS, 19, "wrenword can't");
    expect_window("wrenword", EDGE_WORDS, 29, "wrenword can't won\u2019t e.g.");
    expect_window("wrenword", EDGE_WORDS, 45,
                  "wrenword can't won\u2019t e.g. 3.14159 and");
    /* Twenty characters back from finchword is inside don't. */
    got = matches("finchword", apos.data, 160, &sn);
    ck_assert_msg(strncmp(apos.data + sn.win_start, "yyy", 3) == 0,
                  "starts at '%.10s'", apos.data + sn.win_start);
    snippet_free(&sn);
    free(got);
    buf_free(&apos);
    /* Hangul is written with spaces: its words stay whole. */
    expect_window("한국어", "한국어 문서를 검색합니다", 12,
                  "한국어"); /* not 한국어 문서 */
}
END_TEST

/* A period after an abbreviation ends no sentence: a window of the
 * whole line starts at its start, not after "Mr." or "e.g.". */
START_TEST(t_window_abbreviations)
{
    expect_window("abbr2word",
                  "We met Mr. Jones and abbr2word together in the park.", 160,
                  "We met Mr. Jones and abbr2word together in the park.");
    expect_window("egword", "See e.g. the examples and egword there.", 160,
                  "See e.g. the examples and egword there.");
    /* A sentence end still is one. */
    expect_window("thirdword",
                  "Far away is the first part. " LOREM_80 ". Then thirdword.",
                  60, "Then thirdword.");
}
END_TEST

/* A match near the text's end: the window still uses its width, starting
 * earlier (it started width/8 before the match and could only grow
 * forward, so it showed "river gamma cloud quagga end" of a long text);
 * at a sentence start when one is in reach. */
START_TEST(t_window_fills_back_at_text_end)
{
    struct buf text = BUF_INIT;
    struct snippet sn;
    size_t t;
    char *got;

    for (t = 0; t < 100; t++)
        buf_addstr(&text, t % 3 ? "river " : "gamma ");
    buf_addstr(&text, "quagga end\n");
    got = matches("quagga", text.data, 60, &sn);
    ck_assert_uint_ge(sn.win_end, text.len - 1);
    ck_assert_msg(sn.win_end - sn.win_start >= 50,
                  "window '%.*s' has room for 60 columns",
                  (int)(sn.win_end - sn.win_start), text.data + sn.win_start);
    ck_assert_msg(!ascii_cut(text.data, sn.win_start), "start cuts a word");
    snippet_free(&sn);
    free(got);
    buf_free(&text);
    expect_window("quagga",
                  "Far away words here. Second sentence of words then the "
                  "word quagga end.", 60,
                  "Second sentence of words then the word quagga end.");
    expect_window("quagga", "Short. quagga end.", 60, "Short. quagga end.");
    /* 26 columns back from the end would start inside the first 生产:
     * that match is left out whole. */
    expect_window("生产 关系", "生产中中中中中中中中生产关系", 26,
                  "中中中中中中中中生产关系");
}
END_TEST

START_TEST(t_chunked_scan_finds_every_match)
{
    struct buf text = BUF_INIT;
    struct qnode *n = NULL;
    struct snip_query sq;
    struct snippet sn;
    int i;

    /* 10,000 lines, about 350 KB: many 16 KB chunks, and the phrase
     * crosses every other newline, so some instances straddle a chunk
     * edge. */
    for (i = 0; i < 5000; i++)
        buf_addstr(&text, "filler words and alpha\nbeta 中文字 more\n");
    ck_assert_int_eq(query_parse(tz, "\"alpha beta\"", 12, &n, NULL, NULL),
                     SOUSUO_OK);
    snip_query_init(&sq, n, tz);
    ck_assert_int_eq(snippet_find(tz, &sq, text.data, text.len, 80, 0, &sn),
                     SOUSUO_OK);
    ck_assert_uint_eq(sn.nm, SNIPPET_MAX_MATCHES < 5000 ? SNIPPET_MAX_MATCHES
                                                        : 5000);
    snippet_free(&sn);
    /* Enough for a snippet: stop after the first chunk with 32. */
    ck_assert_int_eq(snippet_find(tz, &sq, text.data, text.len, 80, 32, &sn),
                     SOUSUO_OK);
    ck_assert_uint_ge(sn.nm, 32);
    ck_assert_uint_lt(sn.nm, 1000);
    ck_assert_uint_eq(sn.m[0].start, strlen("filler words and "));
    snippet_free(&sn);
    snip_query_free(&sq);
    query_free(n);
    buf_free(&text);
}
END_TEST

/* Hard-wrapped CJK: the run goes on across the line breaks, so no chunk
 * may end at one. */
START_TEST(t_chunked_scan_keeps_wrapped_cjk)
{
    struct buf text = BUF_INIT;
    struct qnode *n = NULL;
    struct snip_query sq;
    struct snippet sn;
    int i;

    for (i = 0; i < 3000; i++)
        buf_addstr(&text, "我们在深度\n学习方面取得突破\n");
    ck_assert_int_eq(query_parse(tz, "深度学习", strlen("深度学习"), &n, NULL,
                                 NULL),
                     SOUSUO_OK);
    snip_query_init(&sq, n, tz);
    ck_assert_int_eq(snippet_find(tz, &sq, text.data, text.len, 80, 0, &sn),
                     SOUSUO_OK);
    ck_assert_uint_eq(sn.nm, SNIPPET_MAX_MATCHES < 3000 ? SNIPPET_MAX_MATCHES
                                                        : 3000);
    /* 深度\n学习: the highlight covers the line break. */
    ck_assert_uint_eq(sn.m[0].start, strlen("我们在"));
    ck_assert_uint_eq(sn.m[0].end, strlen("我们在深度\n学习"));
    snippet_free(&sn);
    snip_query_free(&sq);
    query_free(n);
    buf_free(&text);
}
END_TEST

START_TEST(t_window_prefers_sentence_start_and_most_matches)
{
    static const char text[] =
        "Nothing to see here at all. Other words entirely fill this part. "
        "Quality appears once. Then a sentence with quality and forces "
        "and quality again.";
    struct snippet sn;
    char *got = matches("quality forces", text, 60, &sn);

    /* The window holds both words: it starts at that sentence. */
    ck_assert_int_eq(strncmp(text + sn.win_start, "Then a sentence", 15), 0);
    snippet_free(&sn);
    free(got);
}
END_TEST

/* ---- what a document stores ------------------------------------------------ */

/* A text longer than the data the backend takes (lowered here to 200
 * bytes) is stored up to its last line end, else a character boundary,
 * and its whole length kept in SLOT_TEXT_LEN; its words past the cut are
 * indexed all the same.  A text that fits is stored whole. */
static const struct {
    const char *text;
    size_t stored; /* 0: the whole text */
} cut_cases[] = {
    { "first line\n"
      "中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中"
      "中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中"
      " tailword", 11 },
    { "中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中"
      "中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中中"
      " tailword", 1 /* a whole number of characters, under the limit */ },
    { "short text tailword", 0 },
};

START_TEST(t_stored_text_cut)
{
    const char *text = cut_cases[_i].text;
    char *dir = tu_tmpdir(), *path = tu_path(dir, "db");
    struct indexdoc in;
    struct indexdoc_cut cut;
    struct docdata dd;
    struct buf data = BUF_INIT, val = BUF_INIT;
    struct sx_error e;
    sx_docid id = 0;
    sx_doc *doc;
    sx_db *db;
    uint64_t freq = 0;
    char len[24];

    tz_setup();
    sx_set_doc_data_max(200);
    memset(&in, 0, sizeof in);
    in.relpath = "a.txt";
    in.relpath_len = 5;
    in.title = "";
    in.text = text;
    in.text_len = strlen(text);
    ck_assert_int_eq(indexdoc_build(tz, &in, &doc, NULL, &cut, &e), SOUSUO_OK);
    sx_set_doc_data_max(0);
    ck_assert_int_eq(cut.terms, 0);
    if (cut_cases[_i].stored == 0) {
        ck_assert_int_eq(cut.stored, 0);
        ck_assert_uint_eq(cut.stored_len, in.text_len);
    } else {
        ck_assert_int_eq(cut.stored, 1);
        ck_assert_uint_lt(cut.stored_len, 200);
        if (cut_cases[_i].stored > 1)
            ck_assert_uint_eq(cut.stored_len, cut_cases[_i].stored);
        else /* after "中" (3 bytes) after "中"... */
            ck_assert_uint_eq(cut.stored_len % 3, 0);
    }
    ck_assert_int_eq(sx_db_open_writable(path, SX_CREATE, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_replace_document(db, "Qa.txt", 6, doc, &id, &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_document_data(db, id, &data, &e), SOUSUO_OK);
    ck_assert_int_eq(docdata_decode(data.data, data.len, &dd), 0);
    ck_assert_uint_eq(dd.text_len, cut.stored_len);
    ck_assert_int_eq(memcmp(dd.text, text, dd.text_len), 0);
    ck_assert_int_eq(sx_db_document_value(db, id, SLOT_TEXT_LEN, &val, &e),
                     SOUSUO_OK);
    snprintf(len, sizeof len, "%zu", in.text_len);
    ck_assert_str_eq(val.data, cut.stored ? len : "");
    ck_assert_int_eq(sx_db_termfreq(db, "tailword", 8, &freq, &e), SOUSUO_OK);
    ck_assert_uint_eq(freq, 1); /* indexed, stored or not */
    buf_free(&data);
    buf_free(&val);
    sx_doc_free(doc);
    sx_db_close(db);
    tz_teardown();
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* ---- the search API over a real index ------------------------------------ */

static char *tmp, *dbpath;

static void
add(sx_db *db, const char *path, const char *title, const char *text,
    const char *date)
{
    struct indexdoc in;
    sx_doc *doc;
    struct buf id = BUF_INIT;
    struct sx_error e;

    memset(&in, 0, sizeof in);
    in.relpath = path;
    in.relpath_len = strlen(path);
    in.title = title;
    in.title_len = strlen(title);
    in.text = text;
    in.text_len = strlen(text);
    in.date = date;
    ck_assert_int_eq(indexdoc_build(tz, &in, &doc, NULL, NULL, &e), SOUSUO_OK);
    indexdoc_idterm(path, strlen(path), &id);
    ck_assert_int_eq(sx_db_replace_document(db, id.data, id.len, doc, NULL, &e),
                     SOUSUO_OK);
    sx_doc_free(doc);
    buf_free(&id);
}

/* A new test index at dbpath, open for writing. */
static sx_db *
new_index(void)
{
    sx_db *db;
    struct sx_error e;

    tz_setup();
    tmp = tu_tmpdir();
    dbpath = tu_path(tmp, ".sousuo");
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_CREATE, &db, &e), SOUSUO_OK);
    return db;
}

/* The metadata a reader checks: this tokenizer, english stems. */
static void
reader_meta(sx_db *db)
{
    struct sx_error e;

    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER, tokenizer_id(tz),
                                        strlen(tokenizer_id(tz)), &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_STEM, "english", 7, &e),
                     SOUSUO_OK);
}

static sx_db *
index_setup(void)
{
    sx_db *db = new_index();
    struct sx_error e;

    add(db, "zh/policy.txt", "新质生产力", "新质生产力是产业链升级的关键。\n第二行提到产业。", "2024-03");
    add(db, "ja/news.md", "半導体のニュース", "東京で半導体の新工場が稼働した。人々は喜んだ。", "2025-01-28");
    add(db, "en/forces.txt", "Productive forces",
        "New quality productive forces drive growth.\nThe forces are new.", "2024-04-17");
    add(db, "en/other.txt", "", "Growth of production and quality control.", "");
    reader_meta(db);
    ck_assert_int_eq(sx_db_set_metadata(db, META_ROOT, "/root", 5, &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    return db;
}

static void
api_setup(void)
{
    sx_db_close(index_setup());
}

static void
api_teardown(void)
{
    tz_teardown();
    tu_rmtree(tmp);
    free(tmp);
    free(dbpath);
}

static char *
paths(sousuo_index_t *ix, const char *q, sousuo_results_t **keep)
{
    sousuo_results_t *r = NULL;
    struct buf b = BUF_INIT;
    size_t i;

    ck_assert_msg(sousuo_search(ix, q, NULL, &r) == SOUSUO_OK, "%s: %s", q,
                  sousuo_index_errmsg(ix));
    for (i = 0; i < sousuo_results_count(r); i++)
        buf_addf(&b, "%s%s", i ? " " : "", sousuo_results_path(r, i));
    if (keep)
        *keep = r;
    else
        sousuo_results_free(r);
    return buf_detach(&b, NULL);
}

static const struct {
    const char *q, *expect;
} search_cases[] = {
    { "产业链", "zh/policy.txt" },
    { "产业", "zh/policy.txt" },
    { "链升", "zh/policy.txt" },
    { "业链升级", "zh/policy.txt" },
    { "链产", "" },
    { "半導体", "ja/news.md" },
    { "人々", "ja/news.md" },
    { "東京 半導体", "ja/news.md" },
    /* "production" stems like "productive"; the title match ranks first. */
    { "productive", "en/forces.txt en/other.txt" },
    /* One "quality" each: the shorter document ranks first. */
    { "quality", "en/other.txt en/forces.txt" },
    { "quality -forces", "en/other.txt" },
    { "\"quality control\"", "en/other.txt" },
    { "\"control quality\"", "" },
    { "title:forces", "en/forces.txt" },
    { "ext:md", "ja/news.md" },
    { "path:en", "en/forces.txt en/other.txt" },
    { "path:en/other.txt", "en/other.txt" },
    /* Relative to the index root: "." is all of it. */
    { "path:./en", "en/forces.txt en/other.txt" },
    { "path:. growth", "en/other.txt en/forces.txt" },
    { "path:./ growth", "en/other.txt en/forces.txt" },
    { "lang:zh", "zh/policy.txt" },
    { "lang:ja", "ja/news.md" },
    /* Equal weights come in path order (order.h). */
    { "date:2024", "en/forces.txt zh/policy.txt" },
    { "date:2024-04..2025", "en/forces.txt ja/news.md" },
    { "date:..2024-03", "zh/policy.txt" },
    /* One-digit months and days. */
    { "date:2024-4", "en/forces.txt" },
    { "date:2024-4-17", "en/forces.txt" },
    { "date:2024-4-16", "" },
    { "date:2024-4..2025", "en/forces.txt ja/news.md" },
    { "date:..2024-3", "zh/policy.txt" },
    { "date:2024-3..2025-1-28", "en/forces.txt ja/news.md zh/policy.txt" },
    { "growth date:2024", "en/forces.txt" },
    { "produc*", "en/forces.txt en/other.txt" },
    /* A prefix of several pieces: their phrase, the last one expanded. */
    { "quality-contr*", "en/other.txt" },
    { "quality-produc*", "en/forces.txt" },
};

/* Query q on the test index finds exactly expect (paths by rank). */
static void
expect_paths(const char *q, const char *expect)
{
    sousuo_index_t *ix;
    char *err = NULL, *got;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, &err), SOUSUO_OK);
    got = paths(ix, q, NULL);
    ck_assert_msg(strcmp(got, expect) == 0, "'%s': got '%s', expected '%s'",
                  q, got, expect);
    free(got);
    sousuo_index_close(ix);
}

START_TEST(t_search_table)
{
    expect_paths(search_cases[_i].q, search_cases[_i].expect);
}
END_TEST

/* Documents dated only to a year or a month match a range that holds
 * their whole year / month, as date:2022 holds 2022 and date:2022-06
 * does not. */
static void
dates_setup(void)
{
    sx_db *db = new_index();
    struct sx_error e;

    add(db, "y.md", "", "Year only.", "2022");
    add(db, "m.md", "", "Month only.", "2021-07");
    add(db, "d.md", "", "A day.", "2022-06-15");
    reader_meta(db);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
}

static const struct {
    const char *q, *expect;
} date_cases[] = {
    { "date:2022", "d.md y.md" },
    { "date:2022-06", "d.md" },
    { "date:2021-07", "m.md" },
    { "date:2021", "m.md" },
    { "date:2022-01..2022-12", "d.md y.md" },
    { "date:2022-01-01..2022-12-31", "d.md y.md" },
    { "date:2022-01-01..2022-12-30", "d.md" },
    { "date:2022-01-02..2022-12-31", "d.md" },
    { "date:2022-01-01..", "d.md y.md" },
    { "date:2022-01-02..", "d.md" },
    { "date:2022..", "d.md y.md" },
    { "date:..2022", "d.md m.md y.md" },
    { "date:..2022-12-30", "d.md m.md" },
    { "date:..2021-07-31", "m.md" },
    { "date:..2021-07-30", "" },
    { "date:2021-12-31..2022-01-01", "" },
    { "date:2021-07-01..2021-07-31", "m.md" },
    { "date:2021-07-01..2021-07-30", "" },
    { "date:2021-07-02..2021-07-31", "" },
    { "date:2021-06-30..2021-07-01", "" },
    { "date:2021-06..2021-07", "m.md" },
    { "date:2021-08..2022-06-15", "d.md" },
    { "date:2021-07..2022", "d.md m.md y.md" },
};

/* ---- what the tokenizer must find end to end --------------------------- */

static void
tok_index_setup(void)
{
    sx_db *db = new_index();
    struct sx_error e;

    add(db, "inv.txt", "",
        "人工\xE2\x80\x8B智能 数据\xC2\xAD挖掘 机器\xE2\x81\xA0学习 "
        "zero\xE2\x80\x8Bwidth hyph\xC2\xAD" "enated", "");
    add(db, "compat.txt", "", "重さは5㎏、面積は10㎡、㍿山田商店、Acme™", "");
    add(db, "wrap.txt", "", "标题\n\n我们在深度\r\n  学习方面取得突破\n\n한국\n어", "");
    reader_meta(db);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
}

static const struct {
    const char *q, *expect;
} tok_search_cases[] = {
    /* Invisible characters do not split words or CJK runs. */
    { "人工智能", "inv.txt" },
    { "数据挖掘", "inv.txt" },
    { "机器学习", "inv.txt" },
    { "zerowidth", "inv.txt" },
    { "hyphenated", "inv.txt" },
    { "人工\xE2\x80\x8B智能", "inv.txt" },
    /* A line break between Han/kana does not end the run. */
    { "深度学习", "wrap.txt" },
    { "在深度学习方面", "wrap.txt" },
    /* Compatibility symbols give the terms of their NFKC form. */
    { "kg", "compat.txt" },
    { "\"5 kg\"", "compat.txt" },
    { "5㎏", "compat.txt" },
    { "㎏", "compat.txt" },
    { "m2", "compat.txt" },
    { "株式会社", "compat.txt" },
    { "株式会社山田", "compat.txt" },
    { "tm", "compat.txt" },
    { "acme", "compat.txt" },
};

/* The hit that spans a line break: its line and column are those of its
 * first character, its highlight covers the break. */
START_TEST(t_hit_across_line_break)
{
    sousuo_index_t *ix;
    sousuo_results_t *r;
    const sousuo_match_t *m;
    const char *text;
    char *got;
    size_t len;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    got = paths(ix, "深度学习", &r);
    ck_assert_str_eq(got, "wrap.txt");
    ck_assert_uint_eq(sousuo_results_nmatches(r, 0), 1);
    m = sousuo_results_match(r, 0, 0);
    ck_assert_uint_eq(m->line, 3);
    ck_assert_uint_eq(m->char_col, 4);
    text = sousuo_results_text(r, 0, &len);
    ck_assert_uint_eq(m->end - m->start, strlen("深度\r\n  学习"));
    ck_assert_int_eq(memcmp(text + m->start, "深度\r\n  学习", m->end - m->start),
                     0);
    sousuo_results_free(r);
    free(got);
    sousuo_index_close(ix);
}
END_TEST

START_TEST(t_tokenizer_end_to_end)
{
    expect_paths(tok_search_cases[_i].q, tok_search_cases[_i].expect);
}
END_TEST

START_TEST(t_date_ranges_contain)
{
    expect_paths(date_cases[_i].q, date_cases[_i].expect);
}
END_TEST

START_TEST(t_hit_fields_and_matches)
{
    sousuo_index_t *ix;
    sousuo_results_t *r;
    const sousuo_match_t *m;
    const char *text;
    char *got;
    size_t len, ws, we, ws2, we2;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    ck_assert_str_eq(sousuo_index_root(ix), "/root");
    got = paths(ix, "产业", &r);
    ck_assert_str_eq(sousuo_results_title(r, 0), "新质生产力");
    ck_assert_str_eq(sousuo_results_date(r, 0), "2024-03");
    ck_assert_str_eq(sousuo_results_lang(r, 0), "zh");
    ck_assert_uint_eq(sousuo_results_rank(r, 0), 1);
    ck_assert(sousuo_results_score(r, 0) > 0);
    /* 产业 in line 1 (产业链) and line 2 (提到产业). */
    ck_assert_uint_eq(sousuo_results_nmatches(r, 0), 2);
    m = sousuo_results_match(r, 0, 1);
    ck_assert_uint_eq(m->line, 2);
    ck_assert_uint_eq(m->char_col, 6);
    ck_assert_uint_eq(m->byte_col, 16);
    ck_assert_int_eq(memcmp(sousuo_results_text(r, 0, &len) + m->start,
                            "产业", 6), 0);
    /* The text is a C string of len bytes, with or without len. */
    text = sousuo_results_text(r, 0, &len);
    ck_assert_uint_gt(len, 0);
    ck_assert_int_eq(text[len], '\0');
    ck_assert_uint_eq(strlen(text), len);
    ck_assert_ptr_eq(sousuo_results_text(r, 0, NULL), text);
    /* Either window pointer may be NULL; each alone gets its value. */
    sousuo_results_window(r, 0, &ws, &we);
    ck_assert_uint_lt(ws, we);
    ck_assert_uint_le(we, len);
    ws2 = we2 = 12345;
    sousuo_results_window(r, 0, NULL, &we2);
    sousuo_results_window(r, 0, &ws2, NULL);
    ck_assert_uint_eq(ws2, ws);
    ck_assert_uint_eq(we2, we);
    sousuo_results_window(r, 0, NULL, NULL);
    sousuo_results_window(r, 99, NULL, &we2);
    ck_assert_uint_eq(we2, 0);
    ck_assert_ptr_null(sousuo_results_match(r, 0, 2));
    ck_assert_ptr_null(sousuo_results_path(r, 1));
    sousuo_results_free(r);
    free(got);
    sousuo_index_close(ix);
}
END_TEST

START_TEST(t_ranking_only_reads_no_text)
{
    sousuo_index_t *ix;
    sousuo_results_t *r = NULL, *full = NULL;
    sousuo_search_opts_t o;
    size_t i, len = 99;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    sousuo_search_opts_init(&o);
    ck_assert_int_eq(sousuo_search(ix, "quality OR 产业", &o, &full), SOUSUO_OK);
    o.matches = SOUSUO_MATCHES_NONE;
    ck_assert_int_eq(sousuo_search(ix, "quality OR 产业", &o, &r), SOUSUO_OK);
    ck_assert_uint_eq(sousuo_results_count(r), 3);
    for (i = 0; i < sousuo_results_count(r); i++) {
        /* Same ranking, same paths; nothing read from the text. */
        ck_assert_str_eq(sousuo_results_path(r, i),
                         sousuo_results_path(full, i));
        ck_assert_double_eq(sousuo_results_score(r, i),
                            sousuo_results_score(full, i));
        ck_assert_str_eq(sousuo_results_title(r, i), "");
        ck_assert_str_eq(sousuo_results_text(r, i, &len), "");
        ck_assert_uint_eq(len, 0);
        ck_assert_uint_eq(sousuo_results_nmatches(r, i), 0);
    }
    sousuo_results_free(r);
    sousuo_results_free(full);
    /* Explain takes the id term from the path alone: the same
     * explanations, still no text. */
    o.explain = 1;
    ck_assert_int_eq(sousuo_search(ix, "quality OR 产业", &o, &r), SOUSUO_OK);
    o.matches = SOUSUO_MATCHES_ALL;
    ck_assert_int_eq(sousuo_search(ix, "quality OR 产业", &o, &full),
                     SOUSUO_OK);
    ck_assert_uint_eq(sousuo_results_count(r), 3);
    for (i = 0; i < sousuo_results_count(r); i++) {
        ck_assert_ptr_nonnull(sousuo_results_explain(r, i));
        ck_assert_str_eq(sousuo_results_explain(r, i),
                         sousuo_results_explain(full, i));
        ck_assert_str_eq(sousuo_results_title(r, i), "");
        ck_assert_str_eq(sousuo_results_lang(r, i), "");
        ck_assert_str_eq(sousuo_results_text(r, i, &len), "");
        ck_assert_uint_eq(len, 0);
    }
    sousuo_results_free(r);
    sousuo_results_free(full);
    sousuo_index_close(ix);
}
END_TEST

START_TEST(t_partial_and_suggestion)
{
    sousuo_index_t *ix;
    sousuo_results_t *r;
    char *got;
    size_t i;
    sx_db *db;
    struct sx_error e;

    /* Spelling data comes from the indexer; add some by hand. */
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_OPEN, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_add_spelling(db, "productive", 10, 1, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_add_spelling(db, "quality", 7, 1, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);

    /* No document has both: each document with either, and say so. */
    got = paths(ix, "quality 半導体", &r);
    ck_assert_int_eq(sousuo_results_partial(r), 1);
    ck_assert_uint_eq(sousuo_results_count(r), 3);
    ck_assert_ptr_nonnull(strstr(got, "en/forces.txt"));
    ck_assert_ptr_nonnull(strstr(got, "en/other.txt"));
    ck_assert_ptr_nonnull(strstr(got, "ja/news.md"));
    sousuo_results_free(r);
    free(got);

    /* Filters stay filters and -words stay out in the fallback, the
     * CJK near miss's too. */
    {
        static const char *const cases[][2] = {
            { "quality 半導体 path:en", "en/other.txt en/forces.txt" },
            { "quality 半導体 -growth", "ja/news.md" },
            { "quality 半導体 lang:ja -zzqx", "ja/news.md" },
            { "新质生产率 path:zh", "zh/policy.txt" },
            { "新质生产率 -产业", "" },
        };
        size_t i;

        for (i = 0; i < sizeof cases / sizeof *cases; i++) {
            got = paths(ix, cases[i][0], &r);
            ck_assert_msg(!strcmp(got, cases[i][1]), "%s: got '%s'",
                          cases[i][0], got);
            ck_assert_int_eq(sousuo_results_partial(r), *cases[i][1] != 0);
            sousuo_results_free(r);
            free(got);
        }
    }

    /* A CJK near miss is located by the pairs it matched on. */
    got = paths(ix, "新质生产率", &r);
    ck_assert_str_eq(got, "zh/policy.txt");
    ck_assert_int_eq(sousuo_results_partial(r), 1);
    ck_assert_uint_ge(sousuo_results_nmatches(r, 0), 1);
    ck_assert_uint_eq(sousuo_results_match(r, 0, 0)->line, 1);
    /* ...its overlapping pairs 新质 质生 生产 as one highlight: the
     * spans of a hit never overlap. */
    ck_assert_uint_eq(sousuo_results_match(r, 0, 0)->start, 0);
    ck_assert_uint_eq(sousuo_results_match(r, 0, 0)->end,
                      strlen("新质生产"));
    for (i = 1; i < sousuo_results_nmatches(r, 0); i++)
        ck_assert_uint_ge(sousuo_results_match(r, 0, i)->start,
                          sousuo_results_match(r, 0, i - 1)->end);
    sousuo_results_free(r);
    free(got);

    got = paths(ix, "prodcutive", &r);
    ck_assert_str_eq(got, "");
    ck_assert_int_eq(sousuo_results_partial(r), 0);
    ck_assert_str_eq(sousuo_results_suggestion(r), "productive");
    sousuo_results_free(r);
    free(got);

    /* The word is replaced where it stands alone: not in a filter's
     * value or a quoted phrase before it; in an OR too. */
    {
        static const char *const cases[][2] = {
            { "title:prodcutive prodcutive", "title:prodcutive productive" },
            { "\"zzqx prodcutive\" prodcutive",
              "\"zzqx prodcutive\" productive" },
            { "prodcutive OR zzqxw", "productive OR zzqxw" },
            { "(prodcutivezzzz OR prodcutive)",
              "(prodcutivezzzz OR productive)" },
            /* force matches through its stem: left as it is. */
            { "force prodcutive", "force productive" },
            { "prodcutive -growth", "productive -growth" },
            /* Several words: each after the one before, the quotes
             * counted across them. */
            { "qualty \"zzqx qualty\" qualty",
              "quality \"zzqx qualty\" quality" },
            { "\"qualty\" qualty \"a qualty prodcutive\" prodcutive",
              "\"qualty\" quality \"a qualty prodcutive\" productive" },
        };
        size_t i;

        for (i = 0; i < sizeof cases / sizeof *cases; i++) {
            got = paths(ix, cases[i][0], &r);
            ck_assert_msg(sousuo_results_suggestion(r) &&
                              !strcmp(sousuo_results_suggestion(r),
                                      cases[i][1]),
                          "%s: got %s", cases[i][0],
                          sousuo_results_suggestion(r)
                              ? sousuo_results_suggestion(r) : "NULL");
            sousuo_results_free(r);
            free(got);
        }
    }
    /* No suggestion that would find nothing either. */
    {
        static const char *const none[] = { "force zzqxnothing",
                                            "(prodcutivezzzz prodcutive)" };
        size_t i;

        for (i = 0; i < sizeof none / sizeof *none; i++) {
            got = paths(ix, none[i], &r);
            ck_assert_msg(!sousuo_results_suggestion(r), "%s: got %s",
                          none[i], sousuo_results_suggestion(r));
            sousuo_results_free(r);
            free(got);
        }
    }
    sousuo_index_close(ix);
}
END_TEST

START_TEST(t_search_survives_concurrent_commits)
{
    sousuo_index_t *ix;
    sx_db *db;
    struct sx_error e;
    char *got, name[32];
    int i;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    got = paths(ix, "quality", NULL);
    free(got);
    /* Many commits behind the reader's back overwrite the revision it
     * read; the search reopens and runs again instead of failing. */
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_OPEN, &db, &e), SOUSUO_OK);
    for (i = 0; i < 30; i++) {
        snprintf(name, sizeof name, "en/extra%02d.txt", i);
        add(db, name, "", "quality quality quality extra text", "");
        ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    }
    got = paths(ix, "quality", NULL);
    ck_assert_ptr_nonnull(strstr(got, "en/forces.txt"));
    free(got);
    sx_db_close(db);
    sousuo_index_close(ix);
}
END_TEST

START_TEST(t_open_errors)
{
    sousuo_index_t *ix = (sousuo_index_t *)1;
    char *err = NULL, *missing = tu_path(tmp, "none");
    sx_db *db;
    struct sx_error e;

    /* No place for the handle: refused like other NULLs, no crash. */
    ck_assert_int_eq(sousuo_index_open(NULL, 0, NULL, NULL), SOUSUO_INVAL);
    ck_assert_int_eq(sousuo_index_open(dbpath, 0, NULL, NULL), SOUSUO_INVAL);
    ck_assert_int_eq(sousuo_index_open(missing, 0, &ix, &err), SOUSUO_NOINDEX);
    ck_assert_ptr_null(ix);
    ck_assert_ptr_nonnull(strstr(err, "sousuo-index"));
    sousuo_free(err);
    ck_assert_int_eq(sousuo_index_find(tmp, &err, NULL), SOUSUO_OK);
    ck_assert_str_eq(err, dbpath);
    sousuo_free(err);
    ck_assert_int_eq(sousuo_index_find("/", &err, NULL), SOUSUO_NOINDEX);
    ck_assert_ptr_null(err);
    /* No place for the path: refused, not a write to NULL. */
    ck_assert_int_eq(sousuo_index_find(tmp, NULL, NULL), SOUSUO_INVAL);
    ck_assert_int_eq(sousuo_index_find(tmp, NULL, &err), SOUSUO_INVAL);
    ck_assert_ptr_nonnull(strstr(err, "output pointer is NULL"));
    sousuo_free(err);
    {
        /* No such folder: no index for it either, and the message says
         * which folder is missing. */
        char *deeper = tu_path(missing, "deeper"), *path = (char *)1;

        ck_assert_int_eq(sousuo_index_find(deeper, &path, &err),
                         SOUSUO_NOINDEX);
        ck_assert_ptr_null(path);
        ck_assert_ptr_nonnull(strstr(err, deeper));
        ck_assert_ptr_nonnull(strstr(err, "no such file or folder"));
        sousuo_free(err);
        ck_assert_int_eq(sousuo_index_find("", &path, NULL), SOUSUO_NOINDEX);
        free(deeper);
    }

    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_OPEN, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER, "other/9", 7, &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, &err), SOUSUO_MISMATCH);
    ck_assert_ptr_nonnull(strstr(err, "re-index with sousuo-index --full"));
    sousuo_free(err);
    /* The right tokenizer, another schema: refused too. */
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_OPEN, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER, tokenizer_id(tz),
                                        strlen(tokenizer_id(tz)), &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_SCHEMA, "1", 1, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, &err), SOUSUO_MISMATCH);
    ck_assert_ptr_nonnull(strstr(err, "has schema 1; this sousuo reads schemas"));
    sousuo_free(err);
    ck_assert_int_eq(sousuo_index_open(dbpath, 0x100, &ix, NULL),
                     SOUSUO_INVAL);
    free(missing);
}
END_TEST

/* A second shard for a stub: one document, this sousuo's metadata but
 * the schema and tokenizer given (NULL: this sousuo's). */
static char *
second_shard_by(const char *schema, const char *tok)
{
    char *s2 = tu_path(tmp, "s2");
    struct sx_error e;
    sx_db *db;

    ck_assert_int_eq(sx_db_open_writable(s2, SX_CREATE_OR_OPEN, &db, &e),
                     SOUSUO_OK);
    add(db, "de/more.txt", "", "Quality matters.", "");
    if (!tok)
        tok = tokenizer_id(tz);
    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER, tok, strlen(tok),
                                        &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_SCHEMA, schema,
                                        strlen(schema), &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    return s2;
}

static char *
second_shard(const char *schema)
{
    return second_shard_by(schema, NULL);
}

/* Each shard of a stub has its own metadata, and reads through the stub
 * answer from the first: the schema is checked in every shard, and the
 * one that is too old or too new is named. */
START_TEST(t_every_shard_schema_checked)
{
    static const char *const bad[] = { "2", "99" };
    char *stub = tu_path(tmp, "stub"), *s2, *err = NULL;
    const char *text = "auto ../.sousuo\nauto ../s2\n";
    struct buf want = BUF_INIT;
    sousuo_index_t *ix;
    size_t i;

    ck_assert_int_eq(mkdir(stub, 0777), 0);
    ck_assert_int_eq(tu_write_file(stub, "XAPIANDB", text, strlen(text)), 0);
    s2 = second_shard(SCHEMA_VERSION);
    ck_assert_int_eq(sousuo_index_open(stub, 0, &ix, &err), SOUSUO_OK);
    free(paths(ix, "quality", NULL));
    sousuo_index_close(ix);
    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        free(second_shard(bad[i]));
        ck_assert_int_eq(sousuo_index_open(stub, 0, &ix, &err),
                         SOUSUO_MISMATCH);
        buf_reset(&want);
        buf_addf(&want, "shard '%s/../s2' of index '%s' has schema %s; "
                        "this sousuo reads schemas %d to %s: ", stub, stub,
                 bad[i], SCHEMA_OLDEST, SCHEMA_VERSION);
        ck_assert_msg(strncmp(err, want.data, want.len) == 0, "got: %s", err);
        sousuo_free(err);
    }
    /* An empty shard is taken as it is, as an empty index is. */
    tu_rmtree(s2);
    {
        struct sx_error e;
        sx_db *db;

        ck_assert_int_eq(sx_db_open_writable(s2, SX_CREATE, &db, &e),
                         SOUSUO_OK);
        ck_assert_int_eq(sx_db_set_metadata(db, META_SCHEMA, "2", 1, &e),
                         SOUSUO_OK);
        ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
        sx_db_close(db);
    }
    ck_assert_int_eq(sousuo_index_open(stub, 0, &ix, &err), SOUSUO_OK);
    sousuo_index_close(ix);
    buf_free(&want);
    free(s2);
    free(stub);
}
END_TEST

/* The tokenizer too is checked in every shard, not in the first alone
 * (the one reads through the stub answer from): a shard built by another
 * tokenizer is named.  An empty one is taken as it is. */
START_TEST(t_every_shard_tokenizer_checked)
{
    char *stub = tu_path(tmp, "stub"), *s2, *err = NULL;
    const char *text = "auto ../.sousuo\nauto ../s2\n";
    struct buf want = BUF_INIT;
    struct sx_error e;
    sousuo_index_t *ix;
    sx_db *db;

    ck_assert_int_eq(mkdir(stub, 0777), 0);
    ck_assert_int_eq(tu_write_file(stub, "XAPIANDB", text, strlen(text)), 0);
    s2 = second_shard_by(SCHEMA_VERSION, "other/9");
    ix = (sousuo_index_t *)1;
    ck_assert_int_eq(sousuo_index_open(stub, 0, &ix, &err), SOUSUO_MISMATCH);
    ck_assert_ptr_null(ix);
    buf_addf(&want, "shard '%s/../s2' of index '%s' was built by tokenizer "
                    "'other/9' but this is '%s': re-index with sousuo-index "
                    "--full", stub, stub, tokenizer_id(tz));
    ck_assert_str_eq(err, want.data);
    sousuo_free(err);
    /* Of another schema too: the tokenizer is what is named. */
    free(second_shard_by("2", "other/9"));
    ck_assert_int_eq(sousuo_index_open(stub, 0, &ix, &err), SOUSUO_MISMATCH);
    ck_assert_str_eq(err, want.data);
    sousuo_free(err);
    tu_rmtree(s2);
    ck_assert_int_eq(sx_db_open_writable(s2, SX_CREATE, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER, "other/9", 7, &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    ck_assert_int_eq(sousuo_index_open(stub, 0, &ix, &err), SOUSUO_OK);
    free(paths(ix, "quality", NULL));
    sousuo_index_close(ix);
    buf_free(&want);
    free(s2);
    free(stub);
}
END_TEST

/* An index that is its tree's .sousuo has that tree as its root, unless
 * its stub lists a remote shard (sx_db_local()): that tree is on another
 * machine, and the recorded root stays. */
START_TEST(t_root_of_a_stub)
{
    char *tree = tu_path(tmp, "tree"), *ixdir, *real, *stub;
    struct buf text = BUF_INIT;
    sousuo_index_t *ix;
    struct sx_error e;
    sx_db *db;

    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_OPEN, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, META_IN_ROOT, "1", 1, &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    ck_assert_int_eq(mkdir(tree, 0777), 0);
    ixdir = tu_path(tree, ".sousuo");
    ck_assert_int_eq(mkdir(ixdir, 0777), 0);
    buf_addf(&text, "glass %s\n", dbpath);
    ck_assert_int_eq(tu_write_file(ixdir, "XAPIANDB", text.data, text.len), 0);
    ck_assert_int_eq(sousuo_index_open(ixdir, 0, &ix, NULL), SOUSUO_OK);
    real = realpath(tree, NULL);
    ck_assert_str_eq(sousuo_index_root(ix), real);
    sousuo_index_close(ix);
    /* Opened through its stub file, or a path in it: the same tree. */
    stub = tu_path(ixdir, "XAPIANDB");
    ck_assert_int_eq(sousuo_index_open(stub, 0, &ix, NULL), SOUSUO_OK);
    ck_assert_str_eq(sousuo_index_root(ix), real);
    sousuo_index_close(ix);
    buf_reset(&text);
    buf_addf(&text, "%s//XAPIANDB", ixdir);
    ck_assert_int_eq(sousuo_index_open(text.data, 0, &ix, NULL), SOUSUO_OK);
    ck_assert_str_eq(sousuo_index_root(ix), real);
    sousuo_index_close(ix);
    buf_reset(&text);
    buf_addf(&text, "glass %s\n", dbpath);
    if (system("command -v xapian-progsrv >/dev/null 2>&1") == 0) {
        buf_reset(&text);
        buf_addf(&text, "remote :xapian-progsrv %s\n", dbpath);
        ck_assert_int_eq(tu_write_file(ixdir, "XAPIANDB", text.data,
                                       text.len), 0);
        ck_assert_int_eq(sousuo_index_open(ixdir, 0, &ix, NULL), SOUSUO_OK);
        ck_assert_str_eq(sousuo_index_root(ix), "/root");
        sousuo_index_close(ix);
    }
    buf_free(&text);
    free(stub);
    free(real);
    free(ixdir);
    free(tree);
}
END_TEST

START_TEST(t_complete_and_reopen)
{
    sousuo_index_t *ix;
    sousuo_terms_t *t = NULL;
    struct buf got = BUF_INIT;
    sx_db *db;
    struct sx_error e;
    size_t i;
    int changed = -1;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    /* Folded like the tokenizer folds: full-width, upper case. */
    ck_assert_int_eq(sousuo_complete(ix, "ＰＲＯＤ", 10, &t), SOUSUO_OK);
    for (i = 0; i < sousuo_terms_count(t); i++)
        buf_addf(&got, "%s:%llu ", sousuo_terms_term(t, i),
                 sousuo_terms_freq(t, i));
    ck_assert_str_eq(got.data, "production:1 productive:1 ");
    sousuo_terms_free(t);
    /* A CJK prefix completes to the bigrams (and glue) that start so. */
    buf_reset(&got);
    ck_assert_int_eq(sousuo_complete(ix, "产", 3, &t), SOUSUO_OK);
    for (i = 0; i < sousuo_terms_count(t); i++)
        buf_addf(&got, "%s ", sousuo_terms_term(t, i));
    ck_assert_str_eq(got.data, "产 产业 产力 ");
    sousuo_terms_free(t);
    /* At most limit: 0 gives none (as the server's "limit":0). */
    ck_assert_int_eq(sousuo_complete(ix, "prod", 0, &t), SOUSUO_OK);
    ck_assert_uint_eq(sousuo_terms_count(t), 0);
    sousuo_terms_free(t);
    /* Two CJK characters complete as their bigram; a prefix of several
     * pieces completes nothing rather than its first piece. */
    buf_reset(&got);
    ck_assert_int_eq(sousuo_complete(ix, "产业", 3, &t), SOUSUO_OK);
    for (i = 0; i < sousuo_terms_count(t); i++)
        buf_addf(&got, "%s ", sousuo_terms_term(t, i));
    ck_assert_str_eq(got.data, "产业 ");
    sousuo_terms_free(t);
    for (i = 0; i < 4; i++) {
        static const char *const several[] = { "quality-c", "new q",
                                               "产业链", "new产" };
        ck_assert_int_eq(sousuo_complete(ix, several[i], 3, &t), SOUSUO_OK);
        ck_assert_msg(sousuo_terms_count(t) == 0, "%s", several[i]);
        sousuo_terms_free(t);
    }
    ck_assert_int_eq(sousuo_complete(ix, "zzzqq", 3, &t), SOUSUO_OK);
    ck_assert_uint_eq(sousuo_terms_count(t), 0); /* nothing, no crash */
    sousuo_terms_free(t);
    ck_assert_int_eq(sousuo_complete(ix, "!!", 3, &t), SOUSUO_QUERY);
    ck_assert_ptr_null(t);

    ck_assert_str_eq(sousuo_index_updated(ix), "");
    ck_assert_int_eq(sousuo_index_reopen(ix, &changed), SOUSUO_OK);
    ck_assert_int_eq(changed, 0);
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_OPEN, &db, &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_set_metadata(db, "sousuo.updated",
                                        "2026-11-23T00:00:00Z", 20, &e),
                     SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    ck_assert_int_eq(sousuo_index_reopen(ix, &changed), SOUSUO_OK);
    ck_assert_int_eq(changed, 1);
    ck_assert_str_eq(sousuo_index_updated(ix), "2026-11-23T00:00:00Z");
    buf_free(&got);
    sousuo_index_close(ix);
}
END_TEST

START_TEST(t_reopen_follows_a_new_database)
{
    sousuo_index_t *ix;
    sx_db *db;
    struct sx_error e;
    unsigned long long n = 0;
    char *got;
    int changed = -1;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    /* Deleted, and another database made at the path with the same
     * revision: Xapian's own reopen() would keep the old files. */
    tu_rmtree(dbpath);
    ck_assert_int_eq(sousuo_index_reopen(ix, &changed), SOUSUO_NOINDEX);
    ck_assert_int_eq(changed, 0);
    ck_assert_ptr_nonnull(strstr(sousuo_index_errmsg(ix), "no index there"));
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_CREATE, &db, &e), SOUSUO_OK);
    add(db, "b.md", "", "bongo", "");
    ck_assert_int_eq(sx_db_set_metadata(db, META_TOKENIZER, tokenizer_id(tz),
                                        strlen(tokenizer_id(tz)), &e), SOUSUO_OK);
    ck_assert_int_eq(sx_db_commit(db, &e), SOUSUO_OK);
    sx_db_close(db);
    ck_assert_int_eq(sousuo_index_reopen(ix, &changed), SOUSUO_OK);
    ck_assert_int_eq(changed, 1);
    ck_assert_int_eq(sousuo_index_doccount(ix, &n), SOUSUO_OK);
    ck_assert_uint_eq(n, 1);
    got = paths(ix, "bongo", NULL);
    ck_assert_str_eq(got, "b.md");
    free(got);
    ck_assert_int_eq(sousuo_index_reopen(ix, &changed), SOUSUO_OK);
    ck_assert_int_eq(changed, 0); /* the same database: nothing new */
    sousuo_index_close(ix);
}
END_TEST

/* ---- a stub swapped under readers ---------------------------------------- */

/* What sousuo-index --full does to an index behind a stub, as fast as it
 * can: build the next database beside the current one ("compact" and
 * "compact-2" by turns, as fresh_names() picks them), rename a new stub
 * over the old one, then delete the old database. */
struct swapper {
    const char *dir;
    int g, gens; /* the last generation made, the last to make */
    atomic_int done;
    int failed;
};

static void *
swap_gens(void *arg)
{
    struct swapper *s = arg;
    static const char *const names[] = { "compact", "compact-2" };
    struct sx_error e;
    struct buf text = BUF_INIT;
    char *p, *old, *tmpf, *stub;
    sx_db *db;
    int g;

    tmpf = tu_path(s->dir, "XAPIANDB.tmp");
    stub = tu_path(s->dir, "XAPIANDB");
    for (g = s->g + 1; g <= s->gens && !s->failed; g++) {
        s->g = g;
        p = tu_path(s->dir, names[g % 2]);
        old = tu_path(s->dir, names[(g + 1) % 2]);
        if (sx_db_open_writable(p, SX_CREATE | SX_NO_SYNC, &db, &e) != 0) {
            s->failed = 1;
        } else {
            add(db, "en/race.txt", "", "productive race", "");
            reader_meta(db);
            s->failed = sx_db_commit(db, &e) != SOUSUO_OK;
            sx_db_close(db);
        }
        buf_reset(&text);
        buf_addf(&text, "glass %s\n", names[g % 2]);
        if (!s->failed &&
            (tu_write_file(s->dir, "XAPIANDB.tmp", text.data, text.len) ||
             rename(tmpf, stub)))
            s->failed = 1;
        tu_rmtree(old);
        free(p);
        free(old);
    }
    s->done = 1;
    buf_free(&text);
    free(tmpf);
    free(stub);
    return NULL;
}

/* A reader that read the old stub finds its database gone: that is no
 * missing and no corrupt index, but a newer one to read.  Both open and
 * reopen read the stub again and retry instead of failing. */
START_TEST(t_reopen_races_a_rebuild)
{
    char *dir = tu_path(tmp, "swapped"), *err = NULL;
    struct swapper s = { NULL, 0, 1, 0, 0 };
    sousuo_index_t *ix, *ix2;
    pthread_t th;
    int bad = 0, opened = 0, reopened = 0;
    sousuo_status_t st;
    char last[300] = "";

    ck_assert_int_eq(mkdir(dir, 0777), 0);
    s.dir = dir;
    swap_gens(&s);
    ck_assert_int_eq(s.failed, 0);
    ck_assert_int_eq(sousuo_index_open(dir, 0, &ix, NULL), SOUSUO_OK);
    s.gens = 100;
    s.done = 0;
    ck_assert_int_eq(pthread_create(&th, NULL, swap_gens, &s), 0);
    while (!s.done) {
        st = sousuo_index_reopen(ix, NULL);
        if (st != SOUSUO_OK) {
            bad++;
            snprintf(last, sizeof last, "reopen: %s: %s",
                     sousuo_status_name(st), sousuo_index_errmsg(ix));
        } else {
            reopened++;
        }
        st = sousuo_index_open(dir, 0, &ix2, &err);
        if (st != SOUSUO_OK) {
            bad++;
            snprintf(last, sizeof last, "open: %s: %s",
                     sousuo_status_name(st), err ? err : "");
            sousuo_free(err);
            err = NULL;
        } else {
            opened++;
        }
        sousuo_index_close(ix2);
    }
    pthread_join(th, NULL);
    ck_assert_int_eq(s.failed, 0);
    ck_assert_msg(bad == 0, "%d of %d failed; last: %s", bad,
                  opened + reopened + bad, last);
    free(paths(ix, "productive", NULL));
    sousuo_index_close(ix);
    free(dir);
}
END_TEST

/* Ranking options out of the range sousuo-search --rank allows, NaN
 * or infinite are refused, naming the option: they would re-rank
 * silently or score NaN ("term=nan" in the explanation). */
START_TEST(t_bad_opts)
{
    static const char *const names[] = {
        "bm25_b", "bm25_b", "bm25_k1", "proximity", "proximity",
        "title_boost", "title_boost", "exact_boost", "proximity_slack",
        "matches"
    };
    sousuo_index_t *ix;
    sousuo_results_t *r = (sousuo_results_t *)1;
    sousuo_search_opts_t o;
    size_t i;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    for (i = 0; i < sizeof names / sizeof *names; i++) {
        sousuo_search_opts_init(&o);
        o.explain = 1;
        switch (i) {
        case 0: o.bm25_b = 5; break;
        case 1: o.bm25_b = NAN; break;
        case 2: o.bm25_k1 = -1; break;
        case 3: o.proximity = INFINITY; break;
        case 4: o.proximity = 1e308; break;
        case 5: o.title_boost = -INFINITY; break;
        case 6: o.title_boost = NAN; break;
        case 7: o.exact_boost = -0.5; break;
        case 8: o.proximity_slack = 65; break;
        default: o.matches = 7; break;
        }
        ck_assert_int_eq(sousuo_search(ix, "quality", &o, &r), SOUSUO_INVAL);
        ck_assert_ptr_null(r);
        ck_assert_msg(strncmp(sousuo_index_errmsg(ix), "sousuo_search: opts.",
                              20) == 0 &&
                      strncmp(sousuo_index_errmsg(ix) + 20, names[i],
                              strlen(names[i])) == 0 &&
                      strstr(sousuo_index_errmsg(ix), "must be"),
                      "case %zu: %s", i, sousuo_index_errmsg(ix));
    }
    /* Just over an edge: the message shows the value, not it rounded. */
    sousuo_search_opts_init(&o);
    o.title_boost = 100.0001;
    ck_assert_int_eq(sousuo_search(ix, "quality", &o, &r), SOUSUO_INVAL);
    ck_assert_str_eq(sousuo_index_errmsg(ix), "sousuo_search: opts.title_boost "
                     "is 100.0001; it must be from 0 to 100");
    o.title_boost = 100 + 1e-12;
    ck_assert_int_eq(sousuo_search(ix, "quality", &o, &r), SOUSUO_INVAL);
    ck_assert_str_eq(sousuo_index_errmsg(ix), "sousuo_search: opts.title_boost "
                     "is 100.000000000001; it must be from 0 to 100");
    /* The edges are allowed. */
    sousuo_search_opts_init(&o);
    o.bm25_b = 1;
    o.bm25_k1 = 0;
    o.proximity = 100;
    o.proximity_slack = 64;
    o.matches = SOUSUO_MATCHES_SNIPPET;
    ck_assert_int_eq(sousuo_search(ix, "quality", &o, &r), SOUSUO_OK);
    sousuo_results_free(r);
    sousuo_index_close(ix);
}
END_TEST

START_TEST(t_bad_queries)
{
    sousuo_index_t *ix;
    sousuo_results_t *r = (sousuo_results_t *)1;
    sousuo_terms_t *t;
    unsigned long long n;

    ck_assert_int_eq(sousuo_index_open(dbpath, 0, &ix, NULL), SOUSUO_OK);
    ck_assert_int_eq(sousuo_search(ix, "!!!", NULL, &r), SOUSUO_QUERY);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(sousuo_index_errmsg(ix),
                     "the query has no words to search for");
    /* Every failure says what was wrong, not the last failure's words. */
    ck_assert_int_eq(sousuo_search(ix, NULL, NULL, &r), SOUSUO_INVAL);
    ck_assert_str_eq(sousuo_index_errmsg(ix),
                     "sousuo_search: the query is NULL");
    ck_assert_int_eq(sousuo_search(ix, "!!!", NULL, &r), SOUSUO_QUERY);
    ck_assert_int_eq(sousuo_search(ix, "quality", NULL, NULL), SOUSUO_INVAL);
    ck_assert_str_eq(sousuo_index_errmsg(ix),
                     "sousuo_search: the output pointer is NULL");
    ck_assert_int_eq(sousuo_search(ix, "!!!", NULL, &r), SOUSUO_QUERY);
    ck_assert_int_eq(sousuo_complete(ix, NULL, 3, NULL), SOUSUO_INVAL);
    ck_assert_str_eq(sousuo_index_errmsg(ix),
                     "sousuo_complete: the prefix is NULL");
    ck_assert_int_eq(sousuo_index_doccount(ix, NULL), SOUSUO_INVAL);
    ck_assert_ptr_nonnull(strstr(sousuo_index_errmsg(ix), "NULL"));
    /* The last failure's message, until another call fails: calls
     * that succeed in between leave it. */
    ck_assert_int_eq(sousuo_search(ix, "!!!", NULL, &r), SOUSUO_QUERY);
    ck_assert_int_eq(sousuo_index_doccount(ix, &n), SOUSUO_OK);
    ck_assert_int_eq(sousuo_search(ix, "quality", NULL, &r), SOUSUO_OK);
    sousuo_results_free(r);
    ck_assert_int_eq(sousuo_complete(ix, "qual", 3, &t), SOUSUO_OK);
    sousuo_terms_free(t);
    ck_assert_int_eq(sousuo_index_reopen(ix, NULL), SOUSUO_OK);
    ck_assert_str_eq(sousuo_index_errmsg(ix),
                     "the query has no words to search for");
    /* No such date: an error that says why, not an empty result. */
    ck_assert_int_eq(sousuo_search(ix, "forces date:2024-2-30", NULL, &r),
                     SOUSUO_QUERY);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(sousuo_index_errmsg(ix),
                     "date:2024-2-30: February 2024 has 29 days");
    /* A language the indexer never assigns: an error, not nothing. */
    ck_assert_int_eq(sousuo_search(ix, "lang:fr", NULL, &r), SOUSUO_QUERY);
    ck_assert_str_eq(sousuo_index_errmsg(ix),
                     "lang:fr: unknown language: use zh, ja, ko, en "
                     "(Latin script) or und (undetermined)");
    /* "..": a date error, not "no words". */
    ck_assert_int_eq(sousuo_search(ix, "date:..", NULL, &r), SOUSUO_QUERY);
    ck_assert_str_eq(sousuo_index_errmsg(ix),
                     "date:..: a range needs a start, an end or both, such "
                     "as 2023..2024 or 2023..");
    sousuo_index_close(ix);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("search");
    TCase *tc = tcase_create("docdata");
    TCase *ts = tcase_create("snippet");
    TCase *ta = tcase_create("api");
    TCase *td = tcase_create("dates");
    TCase *tt = tcase_create("tokens");

    tcase_add_test(tc, t_docdata_roundtrip);
    tcase_add_test(tc, t_schema_cmp);
    tcase_add_test(tc, t_linecol);
    tcase_add_test(tc, t_linecol_incremental_equals_reference);
    tcase_add_loop_test(tc, t_stored_text_cut, 0,
                        sizeof cut_cases / sizeof *cut_cases);
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(ts, tz_setup, tz_teardown);
    tcase_add_loop_test(ts, t_match_table, 0,
                        sizeof match_cases / sizeof *match_cases);
    tcase_add_test(ts, t_window_never_splits_graphemes);
    tcase_add_loop_test(ts, t_window_keeps_zwj_sequences, 0, 2);
    tcase_add_loop_test(ts, t_window_keeps_flags, 0, 4);
    tcase_add_loop_test(ts, t_window_keeps_combining_marks, 0, 2);
    tcase_add_test(ts, t_window_edges_at_words);
    tcase_add_test(ts, t_window_abbreviations);
    tcase_add_test(ts, t_window_fills_back_at_text_end);
    tcase_add_test(ts, t_chunked_scan_finds_every_match);
    tcase_add_test(ts, t_chunked_scan_keeps_wrapped_cjk);
    tcase_add_test(ts, t_window_prefers_sentence_start_and_most_matches);
    suite_add_tcase(s, ts);
    tcase_add_checked_fixture(ta, api_setup, api_teardown);
    tcase_set_timeout(ta, 60);
    tcase_add_loop_test(ta, t_search_table, 0,
                        sizeof search_cases / sizeof *search_cases);
    tcase_add_test(ta, t_hit_fields_and_matches);
    tcase_add_test(ta, t_ranking_only_reads_no_text);
    tcase_add_test(ta, t_partial_and_suggestion);
    tcase_add_test(ta, t_search_survives_concurrent_commits);
    tcase_add_test(ta, t_open_errors);
    tcase_add_test(ta, t_every_shard_schema_checked);
    tcase_add_test(ta, t_every_shard_tokenizer_checked);
    tcase_add_test(ta, t_root_of_a_stub);
    tcase_add_test(ta, t_complete_and_reopen);
    tcase_add_test(ta, t_reopen_follows_a_new_database);
    tcase_add_test(ta, t_reopen_races_a_rebuild);
    tcase_add_test(ta, t_bad_queries);
    tcase_add_test(ta, t_bad_opts);
    suite_add_tcase(s, ta);
    tcase_add_checked_fixture(tt, tok_index_setup, api_teardown);
    tcase_add_loop_test(tt, t_tokenizer_end_to_end, 0,
                        (int)(sizeof tok_search_cases
                              / sizeof tok_search_cases[0]));
    tcase_add_test(tt, t_hit_across_line_break);
    tcase_add_checked_fixture(td, dates_setup, api_teardown);
    tcase_add_loop_test(td, t_date_ranges_contain, 0,
                        sizeof date_cases / sizeof *date_cases);
    suite_add_tcase(s, td);
    suite_add_tcase(s, tt);
    return tu_run(s);
}
