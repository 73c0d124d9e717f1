/* exact.h - exact-match terms for titles and headings.
 *
 * A known-item query is often a document's whole title or one of its
 * headings ("ps コマンド", "General Glossary").  BM25 alone ranks a page
 * titled "Align Bottom" like one titled "Bottom"; one term per title and
 * heading, holding the whole text, lets the query ask for "exactly this"
 * (query-build.c adds it as an optional boost).  The key is the text's
 * base tokens (folded words, numbers, CJK characters) joined by one space,
 * without leading numbers (section numbers: "9.1.2. screen" is "screen"),
 * so punctuation, case, width and spacing do not matter, and the indexer
 * and the query get the same key from the same tokenizer.
 */
#ifndef SOUSUO_EXACT_H
#define SOUSUO_EXACT_H

#include "buf.h"
#include "tokenize.h"

/* out = pfx + the key of s[0..n), cut with a hash like long ids
 * (schema.h ID_TERM_MAX).  out->len == strlen(pfx) when s has no base
 * token.  SOUSUO_NOMEM or SOUSUO_OK. */
sousuo_status_t exact_term(struct tokenizer *tz, enum tok_mode mode,
                           const char *pfx, const char *s, size_t n,
                           struct buf *out);

#endif
