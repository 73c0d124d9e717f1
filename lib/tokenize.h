/* tokenize.h - the one tokenizer for indexing, querying and snippets.
 *
 * Push model (SQLite FTS5): tokenize() calls back once per token, in
 * order.  Every token carries its folded term, a position and its byte span
 * in the ORIGINAL input.  Several tokens may share a position.
 *
 * Invisible characters.  Default_Ignorable_Code_Point characters that are
 * not marks (U+00AD soft hyphen, U+200B..200F, U+2060..206F word joiner
 * etc., U+FEFF, bidi controls, fillers, tags; NFKC_Casefold removes them)
 * are not there for segmentation: the word or CJK run goes on across them
 * with no position gap (人工<U+200B>智能 has the bigram 工智, zero<U+200B>width
 * is the word zerowidth), and the token's span covers them when they are
 * inside it (not when they lead or trail it).  Marks among them (variation
 * selectors, CGJ) stay: they attach to the character before.  A ZWJ in an
 * emoji sequence goes too; emoji make no words either way.
 *
 * Line breaks.  As in CSS Text 3 (segment breaks), a line break (LF or
 * CRLF, with the spaces and tabs around it on those two lines) between
 * two wide CJK characters - Han, kana and the rest of cjk.h but Hangul -
 * is not there either: 深度\n学习 is one run with the bigram 度学, its span
 * [3,10) covering the break.  A blank line, a break next to Hangul (Korean
 * puts spaces between words) or next to anything else ends the run.
 *
 * Compatibility symbols.  A character that is not a letter, number or
 * mark but whose NFKC form has a letter or digit (㎏ -> kg, ㎡ -> m2,
 * ™ -> tm, ℃ -> °c, ㍿ -> 株式会社, ㈱ -> (株); see maybe_compat() in
 * tokenize.c, checked over all of Unicode by the tests) is replaced by its
 * folded NFKC form before segmentation; every token from that form spans
 * the whole original character.  Where the form does not start (end) with
 * a CJK character, a space stands before (after) it: the symbol is a word
 * of its own, so 5㎏ gives 5@0 kg@1 (not NFKC's one word 5kg, which the
 * query kg would not find) and Acme™ acme@0 tm@1, while ㍿山田 is the one
 * run 株式会社山田.  The query 5㎏ gives the same tokens, so it matches.
 *
 * Splitting.  Invalid UTF-8 (overlong, surrogate, truncated, stray
 * continuation byte, 0xC0/0xC1/0xF5..0xFF) counts as U+FFFD, one byte at a
 * time, and separates tokens like a space; NUL separates too.  First the
 * text is cut into CJK runs (cjk.h: Han with all extension blocks,
 * Hiragana, Katakana incl. half-width and ー, Hangul, 々 〆 〻) and the
 * stretches between them; each stretch is cut at the UAX #29 word
 * boundaries that u8_wordbreaks() finds in exactly that stretch.  So CJK
 * characters separate words whatever UAX #29 says of them (`人々abc` is
 * the run 人々 and the word abc; `한국.com` gives com, not .com).  The
 * fast path computes the same boundaries in chunks between spaces, without
 * libunistring for pure ASCII; the tests compare it with the reference.
 *
 * Words.  A non-CJK segment is a token only if it holds a letter or a
 * number (general category L or N, not counting the half-width voicing
 * marks U+FF9E/FF9F that UAX #29 attaches like marks); emoji, ZWJ
 * sequences, keycaps (U+20E3), punctuation and other symbols give nothing.
 * Its term is fold_utf8() of the segment (NFKC + full case folding, fixed
 * language; fold.h), with an ASCII fast path of identical output: ＡＩ -> ai, Ⅻ -> xii, ﬁ -> fi,
 * Straße -> strasse, don’t -> don't.  A folded term without any letter is
 * a TOK_NUMBER (2024, 3.14, 1,000, ½); otherwise it is a TOK_WORD followed
 * by a colocated TOK_STEM (the Snowball stem of the folded word, emitted
 * even when equal to it; never with stem language "none").  One position
 * per word or number.
 *
 * CJK.  A CJK character is a base code point plus the marks that attach
 * to it (cjk.h).  Every character gives a TOK_CJK_UNI at its own position;
 * every adjacent pair a TOK_CJK_BI at the position of its first character;
 * a one-character run gives its unigram only.  Unigram and bigram terms are
 * folded like words (ｶﾀｶﾅ -> カタカナ, compatibility ideographs -> unified);
 * a bigram's term is its two unigrams' terms back to back.  (The index
 * keeps a unigram's position only at either end of its run: indexdoc.c.)
 * Positions run on across script changes: in `CPU使用率` cpu is 0, 使 1.
 *
 * Gaps.  When anything but white space (Unicode White_Space) stands
 * between two units (words, numbers, CJK runs) - punctuation, symbols,
 * emoji, invalid bytes, NUL - the second one's position is one more than
 * usual, however long the separator: `end. the` gives end@0 the@2,
 * `e-mail` e@0 mail@2, `中国，人民` 中@0 国@1 人@3 民@4.  A phrase query
 * carries the same gaps (query-build.c), so "end the" does not match
 * `end. the` while "end. the" and "e-mail" still match themselves.  What
 * UAX #29 keeps inside a word is no separator (don't, U.S.A, 3.14, a_b);
 * characters of a CJK run and glued units touch, so never have a gap.
 *
 * Glue.  Where a CJK run and a word or number touch with no byte between
 * them, a TOK_GLUE token sits at the LEFT unit's position, colocated with
 * it.  Its term is the left unit's term followed by the right unit's term,
 * where a unit is one CJK character on the CJK side and the whole folded
 * word on the other side; its span covers both units:
 *     使用strace -> ... 用@1 用strace@1(glue) strace@2 ...
 *     AI芯片     -> ai@0 ai芯@0(glue) 芯@1 ...
 *     2024年     -> 2024@0 2024年@0(glue) 年@1
 * `使用 strace` has no glue.  So a query phrase [使用, 用strace] matches only
 * the glued text while [使用, strace] (positions 0 and 2) matches both.
 *
 * Lengths.  Terms longer than TOK_MAX_TERM bytes are cut on a character
 * boundary.  A word or CJK character is folded from at most its first
 * TOK_FOLD_MAX bytes (then cut), so any input takes linear time.
 *
 * Order.  Positions never decrease.  At one position: a word, its stem,
 * then a glue to the right; a unigram, the bigram starting there, then a
 * glue to the right.
 *
 * Modes.  TOK_QUERY gives exactly the tokens of TOK_DOCUMENT: the query
 * parser decides how to combine them (a CJK string of two or more
 * characters becomes a phrase of its bigrams).
 */
#ifndef SOUSUO_TOKENIZE_H
#define SOUSUO_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "sousuo.h"

/* Bytes; leaves room for a <=5-byte Xapian prefix under 245. */
#define TOK_MAX_TERM 240
/* Source bytes of one word or CJK character that are folded at most. */
#define TOK_FOLD_MAX 1024

enum tok_mode { TOK_DOCUMENT = 1, TOK_QUERY = 2 };

enum tok_kind {
    TOK_WORD,    /* folded word, has a letter */
    TOK_NUMBER,  /* folded word without letters: 2024, 3.14 */
    TOK_STEM,    /* stem of the TOK_WORD just before it, same position */
    TOK_CJK_UNI, /* one CJK character */
    TOK_CJK_BI,  /* two adjacent CJK characters, at the first one's position */
    TOK_GLUE     /* CJK char + word or word + CJK char with nothing between */
};

struct tok {
    const char *term; /* folded, NOT prefixed; valid only inside the callback */
    size_t term_len;  /* bytes, 1..TOK_MAX_TERM */
    uint32_t pos;     /* from 0; colocated tokens repeat a position */
    size_t start, end; /* byte span [start, end) in the ORIGINAL input */
    enum tok_kind kind;
};

/* Called once per token; a non-zero return stops tokenize(), which
 * returns that value.  Return positive values to tell them apart from
 * tokenize()'s own errors. */
typedef int (*tok_cb)(void *ctx, const struct tok *t);

/* Opaque; owns its fold buffers, stem cache and stemmer.  Not thread safe:
 * use one per thread. */
struct tokenizer;

/* Create a tokenizer stemming with Snowball language @p stem_lang
 * ("english", "french", ... as Xapian::Stem knows them; "none" or "" for no
 * stems; NULL means "english").  On failure *out is NULL and, when @p
 * errmsg is not NULL, *errmsg a message the caller frees with free().
 * Returns SOUSUO_OK, SOUSUO_NOMEM, SOUSUO_INVAL (unknown language) or
 * whatever the stemmer's creation returned. */
sousuo_status_t tokenizer_new(const char *stem_lang, struct tokenizer **out,
                              char **errmsg);

/* NULL-safe. */
void tokenizer_free(struct tokenizer *tz);

/* Errors of tokenize(): negated sousuo_status_t values. */
#define TOK_ERR_NOMEM (-(int)SOUSUO_NOMEM)
#define TOK_ERR_INVAL (-(int)SOUSUO_INVAL)

/* Tokenize @p len bytes at @p text (need not be NUL-terminated, may hold
 * NULs and invalid UTF-8; never read past @p len) in @p mode, calling @p cb
 * for each token.  Returns 0 when done, the callback's non-zero return if
 * it stopped early, TOK_ERR_NOMEM when out of memory, TOK_ERR_INVAL for a
 * NULL tokenizer or callback, NULL text with len > 0 or another mode, or
 * the negated status of a failed stemmer call.  Content never makes it
 * fail. */
int tokenize(struct tokenizer *tz, unsigned mode, const char *text,
             size_t len, tok_cb cb, void *ctx);

/* "sousuo-tok/4 stem=english": name, version (bumped on any change of
 * output) and options; stored in the index metadata.  Belongs to @p tz. */
const char *tokenizer_id(const struct tokenizer *tz);

/* Append the token stream of @p text to @p out in a compact form for tests
 * and --debug-tokens: tokens separated by one space, each
 *     TERM@POS[START,END)MARK
 * MARK is empty for TOK_WORD and TOK_CJK_UNI, '#' TOK_NUMBER, '~' TOK_STEM,
 * '=' TOK_CJK_BI, '^' TOK_GLUE.  In TERM, bytes <= 0x20, 0x7F and '\\' are
 * written as \xHH.  Example, "ＡＩ芯片" with stem=none:
 *     ai@0[0,6) ai芯@0[0,9)^ 芯@1[6,9) 芯片@1[6,12)= 片@2[9,12)
 * On a tokenizer error " !error=N" is appended; out->err reports memory. */
void tok_dump(struct tokenizer *tz, unsigned mode, const char *text,
              size_t len, struct buf *out);

/* For tests and benchmarks only. */
enum tok_flags {
    TOK_F_NO_FASTPATH = 1, /* the reference: libunistring folds every
                              term, u8_wordbreaks() cuts every stretch,
                              no stem cache or shortcut; same output */
    TOK_F_NO_FOLD = 2,     /* terms are the raw bytes: measures folding */
    TOK_F_SLOW_FOLD = 4    /* fold every term with libunistring (only):
                              output must not change */
};
void tokenizer_set_flags(struct tokenizer *tz, unsigned flags);

#endif
