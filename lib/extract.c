/* extract.c - file bytes -> struct extract: format by extension, binary
 * test, encoding (encoding.c), then the format's reader (html.c,
 * markdown.c, plain text here) and the date (date.c); see extract.h. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unigbrk.h>

#include "buf.h"
#include "encoding.h"
#include "extract-private.h"
#include "extract.h"

#define BINARY_SCAN 8192
/* The longest byte-order mark is 3 bytes: the scan then still fits. */
_Static_assert(EXTRACT_SNIFF_LEN >= BINARY_SCAN + 3, "EXTRACT_SNIFF_LEN");

enum extract_format
extract_format_for_path(const char *path)
{
    static const struct {
        const char *ext;
        enum extract_format format;
    } exts[] = {
        { "txt", EXTRACT_TEXT },      { "text", EXTRACT_TEXT },
        { "md", EXTRACT_MARKDOWN },   { "markdown", EXTRACT_MARKDOWN },
        { "htm", EXTRACT_HTML },      { "html", EXTRACT_HTML },
        { "xhtml", EXTRACT_HTML },
    };
    const char *base, *dot;
    size_t i;

    if (!path)
        return EXTRACT_TEXT;
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    if (!dot || dot == base || dot[1] == '\0')
        return EXTRACT_TEXT;
    for (i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot + 1, exts[i].ext) == 0)
            return exts[i].format;
    return EXTRACT_UNSUPPORTED;
}

int
extract_encoding_supported(const char *name)
{
    return enc_lookup(name) != NULL;
}

/* ---- titles --------------------------------------------------------- */

/* Length of a Unicode space (U+00A0, U+3000, U+FEFF) at S, or 0. */
static size_t
uspace(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        return 3;
    return 0;
}

static int
ascii_space(unsigned char c)
{
    return c <= 0x20 || c == 0x7F; /* white space and other controls */
}

void
extract_title_set(struct buf *title, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t k, cut;
    int space = 0;

    if (title->len) /* BUF_INIT's shared "" is never written to */
        buf_reset(title);
    while (p < end) {
        if (ascii_space(*p)) {
            space = 1;
            p++;
            continue;
        }
        if (!title->len && (k = uspace(p, (size_t)(end - p))) != 0) {
            p += k; /* leading Unicode spaces */
            continue;
        }
        if (space && title->len)
            buf_addch(title, ' ');
        space = 0;
        buf_add(title, p, 1);
        p++;
        /* Enough to see the whole character after the cut. */
        if (title->len > EXTRACT_TITLE_MAX + 8)
            break;
    }
    if (title->err)
        return;
    if (title->len > EXTRACT_TITLE_MAX) {
        /* Cut between grapheme clusters (UAX #29), so that an accent, a
         * flag's second half or a joined emoji does not go without the
         * rest: the last boundary within the limit.  u8_grapheme_breaks,
         * not u8_grapheme_next: only it sees regional indicator pairs and
         * emoji joined by U+200D.  The last character may be cut short
         * by the loop above; it is left out. */
        const uint8_t *d = (const uint8_t *)title->data;
        char brk[EXTRACT_TITLE_MAX + 9];
        size_t m = title->len, lead = m - 1;

        while (lead > 0 && (d[lead] & 0xC0) == 0x80)
            lead--;
        if (lead + (d[lead] >= 0xF0 ? 4 : d[lead] >= 0xE0 ? 3
                                        : d[lead] >= 0xC0 ? 2 : 1) > m)
            m = lead;
        if (m > sizeof brk)
            m = sizeof brk;
        u8_grapheme_breaks(d, m, brk);
        cut = EXTRACT_TITLE_MAX;
        while (cut > 0 && !brk[cut])
            cut--;
        if (!cut) { /* one cluster longer than the limit: a character */
            cut = EXTRACT_TITLE_MAX;
            while (cut > 0 && (d[cut] & 0xC0) == 0x80)
                cut--;
        }
        title->len = cut;
    }
    /* Trailing spaces, ASCII or Unicode. */
    for (;;) {
        unsigned char *d = (unsigned char *)title->data;
        size_t len = title->len;

        if (len && d[len - 1] == ' ')
            title->len--;
        else if (len >= 2 && uspace(d + len - 2, 2) == 2)
            title->len -= 2;
        else if (len >= 3 && uspace(d + len - 3, 3) == 3)
            title->len -= 3;
        else
            break;
    }
    if (title->cap)
        title->data[title->len] = '\0';
}

/* A line worth a title: it has an ASCII letter or digit, or a non-ASCII
 * character that is not a space (not "=====" or "* * *"). */
static int
has_content(const unsigned char *s, size_t n)
{
    size_t i = 0, k;

    while (i < n) {
        unsigned char c = s[i];

        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            return 1;
        if (c >= '0' && c <= '9')
            return 1;
        if (c >= 0x80) {
            if ((k = uspace(s + i, n - i)) == 0)
                return 1;
            i += k;
            continue;
        }
        i++;
    }
    return 0;
}

/* A first line is a title, not the start of the text, when it is short
 * enough to keep whole and does not end like a sentence ("." or "。"):
 * a lede paragraph cut at 200 bytes made a poor title. */
static int
title_like(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n > EXTRACT_TITLE_MAX)
        return 0;
    if (n >= 1 && s[n - 1] == '.')
        return 0;
    if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x82", 3) == 0)
        return 0;
    return 1;
}

void
extract_text_title(const char *s, size_t n, struct buf *title)
{
    size_t i = 0;

    if (title->len) /* BUF_INIT's shared "" is never written to */
        buf_reset(title);
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;

        if (has_content((const unsigned char *)s + i, end - i)) {
            if (title_like(s + i, end - i))
                extract_title_set(title, s + i, end - i);
            return; /* only the first line with content can be the title */
        }
        i = end + 1;
    }
}

/* ---- binary --------------------------------------------------------- */

static int
is_binary(const char *raw, size_t rawlen, const char *p, size_t n, int utf16)
{
    static const struct {
        const char *magic;
        size_t len;
    } magics[] = {
        { "\x7F" "ELF", 4 },             { "\x89PNG\r\n\x1A\n", 8 },
        { "\xFF\xD8\xFF", 3 },           { "GIF87a", 6 },
        { "GIF89a", 6 },                 { "%PDF-", 5 },
        { "PK\x03\x04", 4 },             { "\x1F\x8B", 2 },
        { "\xFD" "7zXZ\0", 6 },          { "\x28\xB5\x2F\xFD", 4 },
        { "7z\xBC\xAF\x27\x1C", 6 },     { "Rar!\x1A\x07", 6 },
        { "\0asm", 4 },                  { "\xCA\xFE\xBA\xBE", 4 },
        { "\xCF\xFA\xED\xFE", 4 },
    };
    size_t i, ctl = 0;

    if (n > BINARY_SCAN)
        n = BINARY_SCAN;
    if (utf16) {
        for (i = 0; i + 1 < n; i += 2)
            if (!p[i] && !p[i + 1])
                return 1;
        return 0;
    }
    for (i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (rawlen >= magics[i].len &&
            memcmp(raw, magics[i].magic, magics[i].len) == 0)
            return 1;
    if (memchr(p, '\0', n))
        return 1;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];

        if ((c < 0x20 && !(c >= '\t' && c <= '\r') && c != 0x1B) || c == 0x7F)
            ctl++;
    }
    return ctl * 10 > n;
}

/* ---- the whole ------------------------------------------------------ */

static int
blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The date in an HTML page's text, found as in its words alone: the text
 * has empty lines and spaces where the markup was (html.c), which would
 * push a date out of the EXTRACT_DATE_SCAN bytes looked at.  A run of
 * white space counts as one character (a newline if it has one). */
static sousuo_status_t
html_date(const char *s, size_t n, char date[11])
{
    struct buf b = BUF_INIT;
    size_t i = 0;

    while (i < n && b.len < EXTRACT_DATE_SCAN + 256) {
        size_t j = i;
        int nl = 0;

        while (j < n && blank(s[j]))
            nl |= s[j++] == '\n';
        if (j > i) {
            if (i > 0) /* leading white space is not kept either */
                buf_addch(&b, j - i == 1 ? s[i] : nl ? '\n' : ' ');
            i = j;
            continue;
        }
        while (j < n && !blank(s[j]))
            j++;
        buf_add(&b, s + i, j - i);
        i = j;
    }
    if (b.err) {
        buf_free(&b);
        return SOUSUO_NOMEM;
    }
    date_find(b.data, b.len, date);
    buf_free(&b);
    return SOUSUO_OK;
}

static sousuo_status_t
fail(char **errmsg, sousuo_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static sousuo_status_t
fail(char **errmsg, sousuo_status_t st, const char *fmt, ...)
{
    struct buf b = BUF_INIT;
    va_list ap;

    if (errmsg) {
        va_start(ap, fmt);
        buf_vaddf(&b, fmt, ap);
        va_end(ap);
        *errmsg = buf_detach(&b, NULL); /* NULL if even that failed */
    }
    return st;
}

void
extract_free(struct extract *ex)
{
    if (!ex)
        return;
    free(ex->text);
    free(ex->title);
    free(ex->headings);
    free(ex->colmap);
    memset(ex, 0, sizeof *ex);
}

/* The encoding to decode with, and how many leading bytes (a BOM) to drop;
 * FORCED may be NULL. */
static const struct enc *
choose(const char *p, size_t n, const struct enc *forced, size_t *skip)
{
    size_t bomlen;
    const struct enc *bom = enc_bom(p, n, &bomlen);

    *skip = 0;
    if (forced) {
        if (bom && (bom == forced || (bom->unit == 2 && forced->unit == 2))) {
            *skip = bomlen;
            return bom;
        }
        return forced;
    }
    *skip = bomlen;
    return bom;
}

int
extract_is_binary(const char *bytes, size_t len, const char *force_encoding)
{
    const struct enc *e;
    size_t skip;

    if (!bytes) {
        bytes = "";
        len = 0;
    }
    e = choose(bytes, len, force_encoding ? enc_lookup(force_encoding) : NULL,
               &skip);
    return is_binary(bytes, len, bytes + skip, len - skip, e && e->unit == 2);
}

/* For input that is not valid UTF-8: an HTML page's own declaration, if
 * it decodes the sample cleanly or nothing else does; else the detector. */
static const struct enc *
detect(const char *p, size_t n, enum extract_format format)
{
    const struct enc *meta = NULL, *guess;

    if (format == EXTRACT_HTML)
        meta = html_sniff_charset(p, n);
    if (meta && enc_sample_errors(meta, p, n) == 0)
        return meta;
    guess = enc_detect(p, n);
    if (meta && enc_sample_errors(guess, p, n) != 0)
        return meta;
    return guess;
}

sousuo_status_t
extract_buffer(const char *path, const char *bytes, size_t len,
               const char *force_encoding, struct extract *out,
               char **errmsg)
{
    struct buf text = BUF_INIT, title = BUF_INIT, html = BUF_INIT;
    struct buf heads = BUF_INIT, cmap = BUF_INIT;
    const struct enc *forced = NULL, *e;
    enum extract_format format;
    sousuo_status_t st = SOUSUO_OK;
    const char *p;
    size_t skip, n;
    unsigned replaced = 0;
    char date[11] = "";

    if (errmsg)
        *errmsg = NULL;
    if (!out)
        return fail(errmsg, SOUSUO_INVAL, "extract: no output structure");
    memset(out, 0, sizeof *out);
    if (!bytes && len)
        return fail(errmsg, SOUSUO_INVAL, "%s: no input buffer",
                    path ? path : "input");
    if (!bytes)
        bytes = "";
    if (force_encoding && !(forced = enc_lookup(force_encoding)))
        return fail(errmsg, SOUSUO_INVAL,
                    "unknown encoding '%s' (supported: UTF-8, UTF-16, "
                    "UTF-16LE, UTF-16BE, GB18030, GBK, Big5, Shift_JIS, "
                    "EUC-JP, ISO-2022-JP, EUC-KR, windows-1252)",
                    force_encoding);
    format = extract_format_for_path(path);
    e = NULL;
    if (format != EXTRACT_UNSUPPORTED) {
        e = choose(bytes, len, forced, &skip);
        p = bytes + skip;
        n = len - skip;
        if (is_binary(bytes, len, p, n, e && e->unit == 2)) {
            format = EXTRACT_BINARY;
            e = NULL;
        } else {
            if (!e)
                e = enc_is_utf8(p, n) ? enc_detect_utf8(p, n)
                                      : detect(p, n, format);
            st = enc_decode(e, p, n, 1, &text, &replaced);
        }
    }
    if (st == SOUSUO_OK && format == EXTRACT_HTML) {
        st = html_extract(text.data, text.len, &html, &title, &heads, &cmap,
                          date);
        buf_free(&text);
        text = html;
    } else if (st == SOUSUO_OK && format == EXTRACT_MARKDOWN) {
        md_title(text.data, text.len, &title);
    } else if (st == SOUSUO_OK && format == EXTRACT_TEXT) {
        extract_text_title(text.data, text.len, &title);
    }
    if (st == SOUSUO_OK && !date[0] && format == EXTRACT_HTML)
        st = html_date(text.data, text.len, date);
    else if (st == SOUSUO_OK && !date[0])
        date_find(text.data, text.len, date);
    if (st == SOUSUO_OK && (text.err || title.err || heads.err || cmap.err))
        st = SOUSUO_NOMEM;
    if (st == SOUSUO_OK) {
        out->text = buf_detach(&text, &out->text_len);
        out->title = buf_detach(&title, NULL);
        out->headings = buf_detach(&heads, &out->headings_len);
        out->colmap = buf_detach(&cmap, &out->colmap_len);
        if (!out->text || !out->title || !out->headings || !out->colmap)
            st = SOUSUO_NOMEM;
    }
    buf_free(&text);
    buf_free(&title);
    buf_free(&heads);
    buf_free(&cmap);
    if (st != SOUSUO_OK) {
        extract_free(out);
        return fail(errmsg, st, "%s: %s", path ? path : "input",
                    st == SOUSUO_NOMEM ? "out of memory while extracting text"
                                       : "cannot convert from this encoding");
    }
    out->format = format;
    memcpy(out->date, date, sizeof date);
    out->encoding = e ? e->name : "";
    out->replaced = replaced;
    return SOUSUO_OK;
}
