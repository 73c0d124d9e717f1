/* extract.h - file bytes -> UTF-8 text + title + date (txt, md, html).
 *
 * The indexer reads a file into memory and calls extract_buffer(); what
 * comes back in struct extract is what gets tokenized, stored and shown in
 * snippets, so line:column of a hit are computed on extract.text.
 *
 * Formats, chosen by extension (extract_format_for_path):
 *   text      .txt .text and names without an extension.  text = the
 *             decoded bytes unchanged (lines kept); title = the first line
 *             that holds a letter, digit or non-ASCII character, trimmed,
 *             unless it is longer than EXTRACT_TITLE_MAX or ends with "."
 *             or "。" (then it is the text's first sentence: no title).
 *   markdown  .md .markdown.  text = the Markdown source as is (syntax is
 *             NOT stripped, so line:column match the file); title = the
 *             top-level `title` (or `Title`) scalar of a leading YAML (---)
 *             front matter as libyaml reads it (quotes, escapes, folded
 *             and literal block scalars, comments; invalid YAML, or a
 *             null, list or mapping title, gives none), or the `title =`
 *             of a TOML (+++) one; else the first ATX (`# Title`) or
 *             setext heading outside fenced code and HTML blocks, as
 *             plain text: its source lines (at most 16 KiB) parsed by
 *             libcmark, keeping text and code, link text (not the URL),
 *             image alt text, entities decoded, backslash escapes removed,
 *             inline HTML dropped; or the <h1> of an HTML block before it
 *             (in the first 64 KiB of the body, read by gumbo); else the
 *             first line as for text.
 *   html      .htm .html .xhtml, parsed with gumbo (HTML5).  title =
 *             <title>, else the first <h1>; text = the document minus
 *             head, script, style, noscript, template, iframe, svg and
 *             math (elements with a `hidden` attribute are kept: scripts
 *             reveal them).  The text keeps the page's lines, so that
 *             line:column of a match are the file's: each word is on its
 *             source line (markup-only lines become empty lines), and the
 *             column map (colmap below) says how far right of its place
 *             in the text each piece is in the file - unless a character
 *             reference saved bytes before it on the line (it is that
 *             much to the left), or gumbo moved it out of source order
 *             (then it is on the current line, apart).  foo<b>bar</b> is
 *             one word.  Block elements
 *             (p, div, li, br, ...) and white space separate words, a
 *             table cell starts with a tab, <pre>/<textarea> keep their
 *             spaces, entities are decoded.  The date prefers <meta>
 *             article:published_time, date, DC.date...,
 *             itemprop=datePublished.  Documents over
 *             4 MiB or 200,000 tags, or nested deeper than 256 elements
 *             (gumbo is quadratic in time on deep nesting, and takes ~600
 *             bytes per tag), are read by a linear tag scanner instead:
 *             same rules, but no <h1> title fallback and no <meta> date, and
 *             spaces where the markup was instead of a column map (up to
 *             256 of them: one space for more).
 *
 * Encodings (see encoding.h for the full heuristic):
 *   1. a byte-order mark: UTF-8 (dropped), UTF-16LE, UTF-16BE;
 *   2. force_encoding, when given (it wins over everything but its own BOM);
 *   3. the whole input is valid UTF-8 -> UTF-8;
 *   4. HTML only: <meta charset> / http-equiv Content-Type / <?xml
 *      encoding?> in the first 4 KiB, unless the sample decoded that way
 *      has errors and the detector's choice (5) has none;
 *   5. otherwise every candidate (UTF-8, GB18030, Big5, Big5-HKSCS,
 *      Shift_JIS, EUC-JP, EUC-KR, windows-1252) decodes a 64 KiB sample
 *      from just before the first non-ASCII byte and is scored: -8 per
 *      decoding error, and for each non-ASCII character how typical it is
 *      of the candidate's language (common hanzi/kanji of that charset's
 *      level-1 set and the most frequent of them, kanji without kana only
 *      if most are common ones, the 2350 KS X 1001 hangul plus a bonus for
 *      the most frequent syllables, Latin letters next to ASCII letters for
 *      windows-1252; CJK inside Latin words counts against); see
 *      encoding.h.  Highest score wins; ties go to the order above.
 *   A few CJK characters can be ambiguous (4 kanji without kana may read
 *   as EUC-KR).  bench/bench-detect.sh measures it on fragments of the
 *   bench corpus: 94-100% right for legacy fragments of 6 to 600
 *   characters, by class.
 *   Invalid sequences become U+FFFD (counted in `replaced`), so are NUL
 *   characters; the text is always valid UTF-8.  BOM-less UTF-16 is not
 *   detected (its NUL bytes make it binary).
 *
 * Binary: with a UTF-16 BOM (or a forced UTF-16), a zero 16-bit unit in the
 * first 8 KiB; otherwise a known binary signature (ELF, PNG, JPEG, GIF, PDF,
 * ZIP, gzip, xz, zstd), a NUL byte in the first 8 KiB, or more than 10% of
 * the first 8 KiB being control bytes other than TAB LF VT FF CR ESC.
 * Binary input gives format EXTRACT_BINARY, empty text and title, encoding
 * "", and SOUSUO_OK.
 *
 * Time and memory are linear in the input.  Extra memory: the text (1x the
 * input for UTF-8, up to 1.5x for CJK legacy encodings, 3x for bytes that
 * are all invalid); for HTML also the decoded page and gumbo's tree within
 * the limits above (measured on 200 MB single-line files: 1.0x, 1.5x and
 * 1.7x for UTF-8 text, GB18030 text and tag-dense HTML; 1 s, 2 s, 12 s).
 * Nothing reads past len.  Thread-safe.
 *
 * A change to what comes out for the same bytes (text, title, headings,
 * date) bumps EXTRACT_VERSION in schema.h, so that existing indexes
 * re-read every file once.
 */
#ifndef SOUSUO_EXTRACT_H
#define SOUSUO_EXTRACT_H

#include <stddef.h>

#include "sousuo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Titles are cut to at most this many bytes, between grapheme clusters
 * (UAX #29: "e" + U+0301 stays whole or goes whole). */
#define EXTRACT_TITLE_MAX 200
/* date_find() looks for a date starting in the first this many bytes. */
#define EXTRACT_DATE_SCAN 16384

enum extract_format {
    EXTRACT_TEXT,
    EXTRACT_MARKDOWN,
    EXTRACT_HTML,
    EXTRACT_UNSUPPORTED,
    EXTRACT_BINARY
};

struct extract {
    enum extract_format format;
    char *text;         /* valid UTF-8, NUL-terminated, owned; "" if none */
    size_t text_len;    /* bytes in text, without the NUL */
    char *title;        /* one line, valid UTF-8, owned; "" if none */
    char *headings;     /* HTML h1-h6 (gumbo path only), each one line as a
                         * title, NUL-terminated, back to back; owned; at
                         * most EXTRACT_MAX_HEADINGS; "" if none */
    size_t headings_len; /* bytes in headings, the NULs included */
    char *colmap;       /* HTML (gumbo path): the columns to add to the
                         * text's to get the file's (docdata.h); owned, ""
                         * if none */
    size_t colmap_len;
    char date[11];      /* "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" */
    const char *encoding; /* static: "UTF-8", "UTF-16LE", "UTF-16BE",
                           * "GB18030", "Big5" (decoded as CP950),
                           * "Big5-HKSCS", "Shift_JIS" (CP932), "EUC-JP",
                           * "EUC-KR" (CP949), "windows-1252"; "" for
                           * binary and unsupported input */
    unsigned replaced;  /* invalid sequences and NULs replaced by U+FFFD */
};

/* The format of PATH from its extension, compared without case: .txt
 * .text -> TEXT, .md .markdown -> MARKDOWN, .htm .html .xhtml -> HTML; no
 * extension (no dot after the last '/', or only a leading dot as in
 * ".profile", or a trailing dot) -> TEXT; anything else -> UNSUPPORTED.
 * PATH NULL -> TEXT. */
enum extract_format extract_format_for_path(const char *path);

/* Headings kept per document: enough for a long manual chapter. */
#define EXTRACT_MAX_HEADINGS 256

/* Decode and extract BYTES[0..LEN) (need not be NUL-terminated; NULL only
 * if LEN is 0).  PATH chooses the format (extract_format_for_path; NULL =
 * text); an UNSUPPORTED path gives format EXTRACT_UNSUPPORTED, empty text
 * and SOUSUO_OK without looking at the bytes.  FORCE_ENCODING NULL means
 * detect; otherwise a name extract_encoding_supported() accepts.
 *
 * *OUT is overwritten (not freed first).  On SOUSUO_OK every field is set,
 * text and title are never NULL; release with extract_free().  Content
 * never makes it fail.  Errors: SOUSUO_INVAL (OUT NULL, BYTES NULL with
 * LEN > 0, unknown FORCE_ENCODING), SOUSUO_NOMEM; then *OUT is empty (all
 * NULL/0) and, if ERRMSG is not NULL, *ERRMSG gets a message the caller
 * frees with free().  *ERRMSG is set to NULL on success. */
sousuo_status_t extract_buffer(const char *path, const char *bytes,
                               size_t len, const char *force_encoding,
                               struct extract *out, char **errmsg);

/* extract_is_binary() looks at no more than this many leading bytes. */
#define EXTRACT_SNIFF_LEN (8192 + 4)

/* 1 if BYTES[0..LEN) is binary by the rules above (what extract_buffer()
 * decides for a supported PATH), else 0.  Only the first EXTRACT_SNIFF_LEN
 * bytes matter, so a caller can read those, and the rest of a file only
 * when it is text.  FORCE_ENCODING as for extract_buffer() (an unknown one
 * counts as none).  BYTES may be NULL if LEN is 0. */
int extract_is_binary(const char *bytes, size_t len,
                      const char *force_encoding);

/* Free what EX owns and leave it empty.  NULL-safe; idempotent. */
void extract_free(struct extract *ex);

/* 1 if NAME (case, '-', '_' and '.' ignored) is an encoding extract_buffer
 * accepts as FORCE_ENCODING: utf-8, utf-16 (BOM, else little-endian),
 * utf-16le, utf-16be, gb18030 / gbk / gb2312 / cp936, big5 / cp950,
 * big5-hkscs, shift_jis / sjis / cp932 / windows-31j, euc-jp, euc-kr /
 * cp949 / uhc, windows-1252 / cp1252 / iso-8859-1 / latin1 / ascii.
 * 0 otherwise. */
int extract_encoding_supported(const char *name);

/* Find a publication-like date in TEXT[0..LEN), among matches starting in
 * the first EXTRACT_DATE_SCAN bytes: the first full date; if none, the
 * first year-month; if none, the first year.  Forms:
 *   2024-04-17  2024/04/17  (a time may follow: 2024-04-17T10:00Z)
 *   2024年4月17日  2024年4月 (-> 2024-04)  2024年 (-> 2024)
 *   2024년 4월 17일  (full-width digits and spaces between parts allowed)
 *   April 17th 2024  Apr. 17, 2024  Wednesday, April 17, 2024
 *   17 April 2024  17th of April, 2024  17-Apr-2024
 *   April 2024  (-> 2024-04)
 * English month names, full or abbreviated (Sept too), capitalised or in
 * capitals ("may 2024" is the verb); ordinal suffixes st/nd/rd/th.  Years
 * 1900-2099, months and days checked (Feb 29 only in leap years).
 * Numeric D/M/Y and M/D/Y forms are ambiguous and never matched; an
 * invalid date ("30 February 2024") is skipped whole, not read as a month.
 * Writes "YYYY-MM-DD", "YYYY-MM" or "YYYY" into OUT and returns 1; else
 * OUT = "" and 0.  Never reads past LEN. */
int date_find(const char *text, size_t len, char out[11]);

/* The days of month M (1-12) of year Y in the Gregorian calendar (29 for
 * February of a leap year); 0 when M is no month.  The query's date:
 * checks its values with it too. */
int date_month_days(int y, int m);

#ifdef __cplusplus
}
#endif

#endif /* SOUSUO_EXTRACT_H */
