/* snippet.h - where a query matches in a document's stored text, the
 * window shown for it, and line/column positions for editors.
 *
 * Matching uses the document tokenizer on the stored text, so highlights
 * agree with what the index matched: a word matches the same word or any
 * word with the same stem; a phrase or CJK run matches its terms as
 * consecutive words and characters whose positions span no more than in
 * the query (punctuation lengthens a span, tokenize.h: "e-mail" matches
 * e-mail and e mail, as the index does); word* matches words that start
 * so.
 */
#ifndef SOUSUO_SNIPPET_H
#define SOUSUO_SNIPPET_H

#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "sousuo.h"
#include "tokenize.h"

/* Only this much of a document is scanned for matches (bounded time per
 * hit); matches beyond it are not highlighted. */
#define SNIPPET_SCAN_MAX (8u << 20)
#define SNIPPET_MAX_MATCHES 4096
/* Text is tokenized in chunks of about this many bytes, cut after a
 * newline, so that a search can stop early. */
#define SNIPPET_CHUNK (16u << 10)

/* The query's units, copied out of query_units(). */
struct snip_query {
    struct snip_unit {
        char **terms;
        size_t *lens, n;
        uint32_t span; /* qunit.span */
        char *stem;
        size_t stem_len;
        int prefix;
    } *u;
    size_t n;
    int nomem;
    int partial; /* also the pairs of a long CJK run */
};

void snip_query_init(struct snip_query *sq, const struct qnode *q,
                     struct tokenizer *tz);
/* For partial hits: a CJK run is also its pairs of characters. */
void snip_query_init_partial(struct snip_query *sq, const struct qnode *q,
                             struct tokenizer *tz);
void snip_query_free(struct snip_query *sq);

struct snip_match {
    size_t start, end; /* byte span in the text */
    size_t unit;       /* which unit of the query */
};

struct snippet {
    struct snip_match *m; /* in document order */
    size_t nm;
    size_t win_start, win_end; /* the window to show, bytes */
};

/* Find matches and choose a window of about @p width display columns
 * (CJK characters count two).  Never splits a grapheme cluster; prefers
 * to start at a sentence start. */
/* enough: 0 finds every match; N stops scanning (at a chunk end, see
 * SNIPPET_CHUNK) once every unit has matched or N matches were found,
 * which is all a snippet needs. */
sousuo_status_t snippet_find(struct tokenizer *tz, const struct snip_query *sq,
                             const char *text, size_t len, size_t width,
                             size_t enough, struct snippet *out);
void snippet_free(struct snippet *s);

/* 1-based line and columns of byte offset @p off in text. */
struct linecol {
    size_t line;
    size_t byte_col;  /* bytes since the line start, + 1 (Vim, ripgrep) */
    size_t char_col;  /* code points since the line start, + 1 */
    size_t utf16_col; /* UTF-16 units since the line start, + 1 (LSP) */
    size_t line_start, line_end; /* byte range of the line, no newline */
    size_t at;        /* offset this describes (for _next) */
    size_t end_of;    /* line_start that line_end was found for */
};
void snippet_linecol(const char *text, size_t len, size_t off,
                     struct linecol *lc);
/* The same for ascending offsets, in one pass over the text: start with
 * snippet_linecol_init(), then call _next() with each offset in order. */
void snippet_linecol_init(struct linecol *lc);
void snippet_linecol_next(const char *text, size_t len, size_t off,
                          struct linecol *lc);

/* Code points and UTF-16 units in text[0, off). */
void snippet_units(const char *text, size_t off, size_t *cps,
                   size_t *utf16);

#endif
