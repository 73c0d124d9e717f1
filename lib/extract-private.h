/* extract-private.h - what extract.c, html.c, html-scan.c and markdown.c
 * share.  All text here is valid UTF-8 given as (pointer, length). */
#ifndef SOUSUO_EXTRACT_PRIVATE_H
#define SOUSUO_EXTRACT_PRIVATE_H

#include <stddef.h>

#include "buf.h"
#include "encoding.h"
#include "sousuo.h"

/* extract.c: replace TITLE by S[0..N) with ASCII white space collapsed to
 * one space, trimmed (also U+00A0, U+3000) and cut to EXTRACT_TITLE_MAX
 * bytes between grapheme clusters (a cluster longer than that: between
 * characters). */
void extract_title_set(struct buf *title, const char *s, size_t n);
/* extract.c: the plain-text title, from the first line with a letter,
 * digit or non-ASCII character. */
void extract_text_title(const char *s, size_t n, struct buf *title);

/* markdown.c: the Markdown title (YAML or TOML front matter, ATX or
 * setext heading as plain text, an HTML block's <h1>, else the first line
 * as for text; see extract.h). */
void md_title(const char *s, size_t n, struct buf *title);

/* html.c: append the text of the HTML document S[0..N) to TEXT, set TITLE,
 * HEADINGS (see struct extract) and DATE from <meta> if present (else DATE
 * is left alone). */
sousuo_status_t html_extract(const char *s, size_t n, struct buf *text,
                             struct buf *title, struct buf *headings,
                             struct buf *colmap, char date[11]);
/* html.c: append S[0..N) - text without '<' but with character references
 * - to OUT with the references decoded by gumbo, white space kept. */
sousuo_status_t html_decode_refs(const char *s, size_t n, struct buf *out);

/* html-scan.c: the encoding named by <meta charset>, <meta http-equiv=
 * Content-Type content="...charset=..."> or <?xml encoding?> in the first
 * 4 KiB of the raw bytes P[0..LEN), or NULL.  UTF-16 labels give UTF-8
 * (a real UTF-16 page has a BOM, and the meta was readable as ASCII). */
const struct enc *html_sniff_charset(const char *p, size_t len);
/* html-scan.c: by a linear scan of S[0..N), an upper bound of the element
 * nesting depth (void and auto-closing elements known) and the number of
 * tags. */
void html_measure(const char *s, size_t n, size_t *max_depth, size_t *tags);
/* html-scan.c: the linear fallback for documents too big or too deep for
 * gumbo: text and title with html_extract()'s rules, minus the tree. */
sousuo_status_t html_flatten(const char *s, size_t n, struct buf *text,
                             struct buf *title);

/* html-scan.c: both HTML paths keep the text on its source lines, so that
 * line:column of a match in the text is where it is in the file.  Columns
 * are bytes, 0-based here.  The gumbo path says how far right each piece
 * of text is in the file in a column map (docdata.h); the linear fallback,
 * which decodes character references after placing text, with spaces. */
struct html_sync {
    const char *src;  /* the page */
    size_t n;
    size_t at;        /* the source offset last located */
    size_t line;      /* its line */
    size_t lstart;    /* the offset where that line starts */
    size_t out_line;  /* where the text written so far ends */
    size_t out_col;
    struct buf *cmap; /* the column map, or NULL: spaces instead */
    size_t cmap_prev; /* its last entry's text offset */
    size_t add;       /* what the map adds from there on (0 on a new line) */
};
/* Spaces written at most to move text to its column in the file, outside
 * pre: more (tags over a long line) costs more than the column is worth. */
#define HTML_PAD_MAX 256
/* A page's column map stops growing here (a page of words each in a tag
 * of its own, with 2 to 4 bytes per entry: a million of them). */
#define HTML_COLMAP_MAX (4u << 20)
void html_sync_init(struct html_sync *y, const char *s, size_t n,
                    struct buf *cmap);
/* *LINE and *COL of source offset OFF; 0 if OFF is before the last offset
 * located (the tree is out of source order there) or past the end. */
int html_sync_locate(struct html_sync *y, size_t off, size_t *line,
                     size_t *col);
/* Before text that belongs at LINE:COL: the newlines that put it on its
 * line, SEP if the line has text already, and its column: with a map, an
 * entry when what it adds changes; else spaces (SEP their first byte, a
 * tab for a cell), unless more than PADMAX are needed (SEP alone then).
 * PADMAX 0: the column is unknown, leave it.  SEP 0: the text continues
 * the word before it: nothing is written, only the map may say where the
 * piece is on the same line. */
void html_sync_place(struct html_sync *y, struct buf *out, size_t line,
                     size_t col, char sep, size_t padmax);
/* Count S[0..N), text just written, in the output position. */
void html_sync_wrote(struct html_sync *y, const char *s, size_t n);

/* Elements by name (lower-case), for both HTML paths. */
int html_is_block(const char *name, size_t n);
int html_is_skipped(const char *name, size_t n);

#endif
