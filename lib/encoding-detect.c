/* encoding-detect.c - guess the encoding of text that is not valid UTF-8
 * by decoding a sample with every candidate and scoring how much the
 * result looks like text of the candidate's language; see encoding.h. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <unistr.h>

#include "encoding.h"
#include "encoding-frequent.h"

#define SAMPLE_MAX (64 * 1024)
#define SAMPLE_CONTEXT 16 /* ASCII bytes kept before the first other */

/* Candidates in tie-break order. */
static const struct enc *const candidates[] = {
    &enc_utf8,  &enc_gb18030, &enc_big5,  &enc_big5hkscs,
    &enc_sjis,  &enc_eucjp,   &enc_euckr, &enc_cp1252,
};

/* ---- character sets, built once ------------------------------------- */

#define HAN_FIRST 0x4E00u /* CJK Unified Ideographs */
#define HAN_LAST 0x9FFFu
#define HANGUL_FIRST 0xAC00u /* Hangul Syllables */
#define HANGUL_LAST 0xD7A3u

#define HAN_BYTES ((HAN_LAST - HAN_FIRST + 1 + 7) / 8)
#define HANGUL_BYTES ((HANGUL_LAST - HANGUL_FIRST + 1 + 7) / 8)

static uint8_t gb_level1[HAN_BYTES];   /* GB2312 level 1: B0A1-D7F9 */
static uint8_t big5_level1[HAN_BYTES]; /* Big5 level 1: A440-C67E */
static uint8_t jis_level1[HAN_BYTES];  /* JIS X 0208 level 1: B0A1-CFD3 */
static uint8_t ks_hangul[HANGUL_BYTES]; /* KS X 1001: B0A1-C8FE */
static uint8_t ko_frequent[HANGUL_BYTES];
static uint8_t zh_frequent[HAN_BYTES], ja_frequent[HAN_BYTES];
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;

/* Frequent Korean syllables: common native words and endings, then the
 * readings of the most common Sino-Korean morphemes. */
static const char ko_frequent_text[] =
    "이다는의에하고가을지기로서한대사자도리적어나를인"
    "시수정해부있아으게보라구주상들전국제일과내성장만"
    "여우동식학위조생것거마경니면간소문화요진원용실발"
    "연신관방세했데물개던모행안비스야민치할중미공러각"
    "결현계선무유날히터된말그회본며명교단법통체분음산"
    "반점드저되까르없같또때운심입속합감업당름영강금황"
    "군차초양석외후노출직작약표건설태득최배녀형술김박"
    "손청목토호임타월남북활은좋습께었겠였더럼왜누뭐네"
    "예알봤왔갔려럽올밖잘못좀많큰새곳집밥길몸눈맛힘돈"
    "밤꽃받번년권량론력련령례료류률립망매맥멸몰밀바백"
    "범변별병복봉불빈살삼색섬송숙순숭승십악암압앙애액"
    "억언얼엄역열염엽오옥온옹와완왕욕울웅육윤율응익잉"
    "잔재쟁절접족존종좌죄죽준즉증질징착찬참창채책처척"
    "천철첨촉촌총추축춘충취측층칙친칠침칭쾌탁탄탈탐탑"
    "탕택퇴투특파판팔패편평폐포폭품풍피필함항핵향허헌"
    "험혁혈협혜혹혼홍확환획횡효훈휘휴흉흑흔흥희"
    ;

static int
has(const uint8_t *set, ucs4_t first, ucs4_t last, ucs4_t c)
{
    return c >= first && c <= last &&
           (set[(c - first) >> 3] >> ((c - first) & 7) & 1);
}

static void
put(uint8_t *set, ucs4_t first, ucs4_t last, ucs4_t c)
{
    if (c >= first && c <= last)
        set[(c - first) >> 3] |= (uint8_t)(1u << ((c - first) & 7));
}

/* Decode every double-byte code LEAD1..LEAD2 x (TRAIL ranges) up to LAST
 * with E and put the results in SET.  A newline after each pair keeps one
 * unassigned code from shifting the next. */
static void
fill(uint8_t *set, ucs4_t first, ucs4_t last, const struct enc *e,
     unsigned lead1, unsigned lead2, const unsigned (*trails)[2],
     unsigned ntrails, unsigned lastcode)
{
    struct buf raw = BUF_INIT, dec = BUF_INIT;
    unsigned lead, t, i;
    const uint8_t *s, *end;

    for (lead = lead1; lead <= lead2; lead++)
        for (i = 0; i < ntrails; i++)
            for (t = trails[i][0]; t <= trails[i][1]; t++) {
                char pair[3] = { (char)lead, (char)t, '\n' };

                if ((lead << 8 | t) > lastcode)
                    break;
                buf_add(&raw, pair, 3);
            }
    if (!raw.err && enc_decode(e, raw.data, raw.len, 1, &dec, NULL) == 0) {
        s = (const uint8_t *)dec.data;
        end = s + dec.len;
        while (s < end) {
            ucs4_t c;
            int k = u8_mbtouc(&c, s, (size_t)(end - s));

            put(set, first, last, c);
            s += k > 0 ? k : 1;
        }
    }
    buf_free(&raw);
    buf_free(&dec);
}

/* Put every character of the UTF-8 text in SET. */
static void
put_text(uint8_t *set, ucs4_t first, ucs4_t last, const char *text)
{
    const uint8_t *s = (const uint8_t *)text, *end = s + strlen(text);

    while (s < end) {
        ucs4_t c;
        int k = u8_mbtouc(&c, s, (size_t)(end - s));

        put(set, first, last, c);
        s += k > 0 ? k : 1;
    }
}

static void
build_sets(void)
{
    static const unsigned euc[1][2] = { { 0xA1, 0xFE } };
    static const unsigned big5[2][2] = { { 0x40, 0x7E }, { 0xA1, 0xFE } };

    fill(gb_level1, HAN_FIRST, HAN_LAST, &enc_gb18030, 0xB0, 0xD7, euc, 1,
         0xD7F9);
    fill(big5_level1, HAN_FIRST, HAN_LAST, &enc_big5, 0xA4, 0xC6, big5, 2,
         0xC67E);
    fill(jis_level1, HAN_FIRST, HAN_LAST, &enc_eucjp, 0xB0, 0xCF, euc, 1,
         0xCFD3);
    fill(ks_hangul, HANGUL_FIRST, HANGUL_LAST, &enc_euckr, 0xB0, 0xC8, euc, 1,
         0xC8FE);
    put_text(ko_frequent, HANGUL_FIRST, HANGUL_LAST, ko_frequent_text);
    put_text(zh_frequent, HAN_FIRST, HAN_LAST, zh_frequent_text);
    put_text(ja_frequent, HAN_FIRST, HAN_LAST, ja_frequent_text);
}

/* ---- scoring -------------------------------------------------------- */

struct tally {
    long err, nonascii;
    long han, gb1, big51, jis1; /* ideographs; of them in the level-1 sets */
    long zhf, jaf;              /* ideographs frequent in zh, in ja text */
    long kana, halfkana;
    long hangul, ks, frequent;  /* syllables and jamo; KS X 1001; frequent */
    long punct, pua;
    long latin, latinsym;       /* windows-1252: letters, marks near ASCII */
    long glued;      /* CJK inside a Latin word: "na簿ve", "M眉閘ler" */
    long run;        /* CJK characters in a row so far */
    int run_in_word; /* an ASCII letter came just before that run */
};

static int
is_alpha(ucs4_t c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int
is_latin_letter(ucs4_t c)
{
    return (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7) || c == 0x152 ||
           c == 0x153 || c == 0x160 || c == 0x161 || c == 0x178 ||
           c == 0x17D || c == 0x17E || c == 0x192;
}

static int
is_latin_mark(ucs4_t c)
{
    return (c >= 0xA0 && c <= 0xBF) || (c >= 0x2013 && c <= 0x2026) ||
           c == 0x2030 || c == 0x2039 || c == 0x203A || c == 0x20AC ||
           c == 0x2122 || c == 0x2C6 || c == 0x2DC;
}

/* Latin UTF-8 with a bad byte, read as a CJK encoding, puts a character
 * or two inside a Latin word: "na簿ve", "M眉閘ler".  Real CJK text
 * glued to Latin has longer runs, punctuation, or a new word after it
 * ("Python的API", "line來結束通話。該值指定了結束DTR"). */
static int
is_cjk_letter(ucs4_t c)
{
    return (c >= 0x3041 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
           (c >= HANGUL_FIRST && c <= HANGUL_LAST) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

static void
glued_run(struct tally *t, ucs4_t prev, ucs4_t c, ucs4_t next)
{
    if (!is_cjk_letter(c)) {
        t->run = 0;
        return;
    }
    if (t->run++ == 0)
        t->run_in_word = is_alpha(prev);
    if (t->run_in_word && t->run <= 3 && next >= 'a' && next <= 'z')
        t->glued += t->run;
}

static void
classify(struct tally *t, ucs4_t prev, ucs4_t c, ucs4_t next)
{
    glued_run(t, prev, c, next);
    if (c < 0x80 || c == 0xFFFD)
        return;
    if (c < 0xA0) { /* a C1 control: what EUC passes bytes it has no use for */
        t->err++;
        return;
    }
    /* A character repeated in a row scores nothing: a table's ──── read
     * wrong is one hanzi over and over (GB18030's ─ is Big5's 岸). */
    if (c == prev)
        return;
    t->nonascii++;
    if (is_latin_letter(c) && (is_alpha(prev) || is_alpha(next)))
        t->latin++;
    else if (is_latin_mark(c) && prev < 0x80 && next < 0x80)
        t->latinsym++;
    if (c >= HAN_FIRST && c <= HAN_LAST) {
        t->han++;
        t->gb1 += has(gb_level1, HAN_FIRST, HAN_LAST, c);
        t->big51 += has(big5_level1, HAN_FIRST, HAN_LAST, c);
        t->jis1 += has(jis_level1, HAN_FIRST, HAN_LAST, c);
        t->zhf += has(zh_frequent, HAN_FIRST, HAN_LAST, c);
        t->jaf += has(ja_frequent, HAN_FIRST, HAN_LAST, c);
    } else if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
               (c >= 0x20000 && c <= 0x3FFFF)) {
        t->han++;
    } else if ((c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FF) ||
               (c >= 0x31F0 && c <= 0x31FF)) {
        t->kana++;
    } else if (c >= 0xFF61 && c <= 0xFF9F) {
        t->halfkana++;
    } else if (c >= HANGUL_FIRST && c <= HANGUL_LAST) {
        t->hangul++;
        t->ks += has(ks_hangul, HANGUL_FIRST, HANGUL_LAST, c);
        t->frequent += has(ko_frequent, HANGUL_FIRST, HANGUL_LAST, c);
    } else if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F)) {
        t->hangul++;
    } else if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60) ||
               (c >= 0xFFE0 && c <= 0xFFEF) || (c >= 0x2010 && c <= 0x2027) ||
               (c >= 0x2030 && c <= 0x205E) || c == 0xB7 ||
               (c >= 0x2500 && c <= 0x25FF)) {
        /* Box drawing and geometric shapes (tables, ■ ○ ※): every CJK
         * charset has them, windows-1252 none. */
        t->punct++;
    } else if (c >= 0xE000 && c <= 0xF8FF) {
        t->pua++;
    }
}

static void
tally_text(struct tally *t, const char *p, size_t len)
{
    const uint8_t *s = (const uint8_t *)p, *end = s + len;
    ucs4_t prev = ' ', c, next;
    int k;

    if (s == end)
        return;
    k = u8_mbtouc(&c, s, len);
    s += k > 0 ? k : 1;
    while (c != (ucs4_t)-1) {
        if (s < end) {
            k = u8_mbtouc(&next, s, (size_t)(end - s));
            s += k > 0 ? k : 1;
        } else {
            next = (ucs4_t)-1;
        }
        classify(t, prev, c, next == (ucs4_t)-1 ? ' ' : next);
        prev = c;
        c = next;
    }
}

static long
score(const struct enc *e, const struct tally *t)
{
    /* Non-ASCII characters in none of the classes below: symbols, Latin,
     * Greek, Cyrillic, box drawing, C1 controls... */
    long other = t->nonascii - t->han - t->kana - t->halfkana - t->hangul -
                 t->punct - t->pua;
    long cjk = t->punct - 2 * t->pua - other - 3 * t->glued - 8 * t->err;
    long level1;

    switch (e->lang) {
    case ENC_LANG_ZH:
        level1 = e == &enc_gb18030 ? t->gb1 : t->big51;
        return cjk + 2 * level1 + t->zhf - (t->han - level1) - t->kana -
               t->halfkana - t->hangul;
    case ENC_LANG_JA:
        /* Kanji without kana are Japanese when their kanji are the common
         * ones; a misreading's are random, a third at most common. */
        return cjk + 3 * t->kana + t->jaf +
               (t->kana * 10 >= t->kana + t->han ||
                 (t->jaf >= 2 && 3 * t->jaf >= t->han)
                    ? 2 * t->jis1 : 0) -
               (t->han - t->jis1) - t->hangul;
    case ENC_LANG_KO:
        return cjk + 2 * t->ks + 2 * t->frequent - (t->hangul - t->ks) -
               t->kana - t->halfkana;
    case ENC_LANG_LATIN:
        return 2 * t->latin + t->latinsym -
               (t->nonascii - t->latin - t->latinsym) - 8 * t->err;
    default:
        return 3 * t->nonascii + 2 * t->latin - 8 * t->err;
    }
}

/* The sample: at most SAMPLE_MAX bytes from a little before the first
 * non-ASCII byte (ASCII is the same in every candidate, and always a whole
 * character: a multi-byte character starts with a byte >= 0x80).  *FINAL
 * is 1 if the sample runs to the end of the input. */
static const char *
sample(const char *p, size_t len, size_t *n, int *final)
{
    size_t i = 0;

    while (i < len && !((unsigned char)p[i] & 0x80))
        i++;
    if (i == len) {
        *n = 0;
        *final = 1;
        return p + len;
    }
    i = i > SAMPLE_CONTEXT ? i - SAMPLE_CONTEXT : 0;
    *n = len - i < SAMPLE_MAX ? len - i : SAMPLE_MAX;
    *final = i + *n == len;
    return p + i;
}

unsigned
enc_sample_errors(const struct enc *e, const char *p, size_t len)
{
    struct buf out = BUF_INIT;
    unsigned errs = 0;
    size_t n;
    int final;

    p = sample(p, len, &n, &final);
    if (enc_decode(e, p, n, final, &out, &errs) != SOUSUO_OK)
        errs = (unsigned)-1;
    buf_free(&out);
    return errs;
}

const struct enc *
enc_detect(const char *p, size_t len)
{
    const struct enc *best = &enc_utf8;
    long best_score = 0;
    struct buf out = BUF_INIT;
    long u8chars = 0, u8errs = 0; /* valid non-ASCII, invalid as UTF-8 */
    size_t n, i;
    int final;

    p = sample(p, len, &n, &final);
    if (n == 0)
        return &enc_utf8;
    pthread_once(&sets_once, build_sets);
    for (i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        struct tally t;
        unsigned errs = 0;
        long s;

        /* Latin-1 text forms a valid multi-byte UTF-8 character only by
         * accident (an accented capital before a symbol); UTF-8 with a few
         * bad bytes has many, and read as windows-1252 is mojibake. */
        if (candidates[i] == &enc_cp1252 && u8chars && 4 * u8chars >= u8errs)
            continue;
        memset(&t, 0, sizeof t);
        if (out.len) /* BUF_INIT's shared "" is never written to */
            buf_reset(&out);
        if (enc_decode(candidates[i], p, n, final, &out, &errs) !=
            SOUSUO_OK) {
            buf_free(&out); /* clears a sticky error; skip this one */
            continue;
        }
        t.err = errs;
        tally_text(&t, out.data, out.len);
        s = score(candidates[i], &t);
        if (candidates[i] == &enc_utf8) {
            u8chars = t.nonascii;
            u8errs = t.err;
        }
        if (i == 0 || s > best_score) {
            best = candidates[i];
            best_score = s;
        }
    }
    buf_free(&out);
    return best;
}

/* An escape into a JIS two-byte set at p[i]. */
static int
jis_escape(const char *p, size_t len, size_t i)
{
    return i + 2 < len && p[i + 1] == '$' &&
           (p[i + 2] == 'B' || p[i + 2] == '@' ||
            (p[i + 2] == '(' && i + 3 < len && p[i + 3] == 'D'));
}

const struct enc *
enc_detect_utf8(const char *p, size_t len)
{
    const char *esc = memchr(p, 0x1B, len < SAMPLE_MAX ? len : SAMPLE_MAX);
    struct buf out = BUF_INIT;
    unsigned errs = 0;
    size_t i, n = len < SAMPLE_MAX ? len : SAMPLE_MAX;

    if (!esc)
        return &enc_utf8;
    for (i = 0; i < len; i++)
        if ((unsigned char)p[i] & 0x80)
            return &enc_utf8;
    for (i = (size_t)(esc - p); i < n && !jis_escape(p, n, i); i++)
        ;
    if (i == n)
        return &enc_utf8;
    if (enc_decode(&enc_iso2022jp, p, n, n == len, &out, &errs) != SOUSUO_OK)
        errs = 1;
    buf_free(&out);
    return errs ? &enc_utf8 : &enc_iso2022jp;
}
