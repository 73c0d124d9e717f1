/* query.h - sousuo's query language: string -> tree -> Xapian query.
 *
 * Syntax (doc/sousuo.7):
 *   a b          both (implicit AND), ranked by BM25
 *   a OR b       either;  a AND b  both (explicit)
 *   -a, NOT a    without a
 *   ( ... )      grouping
 *   "a b"        exact phrase (also “a b”); CJK runs are phrases unquoted
 *   prod*        Latin word prefix
 *   title:x path:dir ext:md lang:zh date:2024 date:2023-09..2024-03
 * Operators are upper-case ASCII only: "or", "not" and 或 are words.
 *
 * Malformed input never fails: unbalanced quotes close at the end,
 * unbalanced parentheses are closed or ignored, lone operators are
 * dropped, nesting deeper than QUERY_MAX_DEPTH is flattened, and only the
 * first QUERY_MAX_UNITS words are read.  The errors are a query with
 * nothing searchable in it and a date: value that is no date (2024-13,
 * 2024-2-30, 2025..2024; any value of digits, '-' and '.' that is not
 * YYYY[-M[M][-D[D]]], or two of them around ".."): searching for it would
 * silently find nothing.
 */
#ifndef SOUSUO_QUERY_H
#define SOUSUO_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "sousuo.h"
#include "tokenize.h"
#include "xapian-shim.h"

#define QUERY_MAX_DEPTH 32
#define QUERY_MAX_UNITS 256
#define QUERY_MAX_PHRASE 64 /* positions of one phrase that are used */
#define QUERY_MAX_WILDCARDS 16 /* prefix* expansions (body and title) */
#define QUERY_MAX_EXPANSION 256 /* terms of one expansion: past it, the
                                   most frequent (xapian-shim.h) */

enum qkind {
    Q_AND,     /* children all */
    Q_OR,      /* children any */
    Q_NOT,     /* first child without the others */
    Q_TEXT,    /* bare text: one word, or a phrase if it splits (CJK) */
    Q_PHRASE,  /* quoted text: exact, no stemming */
    Q_PREFIX,  /* text* */
    Q_FIELD,   /* field:child (title) or a boolean filter (path ext lang) */
    Q_DATE,    /* date:lo..hi, lo/hi "YYYY[-MM[-DD]]" (zero-padded, a
                  valid date) or "" (open) */
    Q_ALL      /* everything (a query of only NOT parts) */
};

struct qnode {
    enum qkind kind;
    char *text;              /* TEXT PHRASE PREFIX: the text; FIELD: value */
    char *field;             /* FIELD: "title" "path" "ext" "lang" */
    char *lo, *hi;           /* DATE */
    struct qnode **kids;
    size_t nkids;
};

struct query_opts {
    double title_boost;      /* weight of a separate title match (S, ZS
                                terms) on top of the body's; 0: none (the
                                body terms hold the title's words too,
                                schema.h TITLE_WDF) */
    double proximity;        /* > 0: weight of the "words close together"
                                boost of an AND of texts (query-build.c) */
    unsigned prox_slack;     /* its window: the terms plus this many */
    int relaxed;             /* unquoted multi-term texts (a CJK run) match
                                any of their terms: the partial fallback */
    double exact;            /* > 0: weight of the boost for documents
                                whose title or a heading is exactly the
                                query's text (exact.h) */
    sx_db *db;               /* prefix* expands against it, the same for
                                every shard; NULL: a Xapian wildcard that
                                each shard expands and weighs on its own
                                (doc/scale-out.md) */
};

/* At most this many terms take part in the proximity boost. */
#define QUERY_MAX_NEAR 16

/* Parse @p q (len bytes).  *out is NULL when nothing searchable is left
 * or a date: value is no date; then SOUSUO_QUERY is returned and *errmsg
 * (caller frees) says so.
 * *truncated (may be NULL) is set when limits cut the query. */
sousuo_status_t query_parse(struct tokenizer *tz, const char *q, size_t len,
                            struct qnode **out, int *truncated,
                            char **errmsg);
void query_free(struct qnode *n);

/* A one-line rendering of the tree for tests and --explain, e.g.
 *   AND(TEXT"new" OR(TEXT"a" TEXT"b") NOT(ALL TEXT"c")) */
void query_dump(const struct qnode *n, struct buf *out);

/* Turn the tree into a Xapian query with the index's tokenizer. */
sousuo_status_t query_build(const struct qnode *n, struct tokenizer *tz,
                            const struct query_opts *opts, sx_query **out,
                            struct sx_error *err);

/* What snippets highlight: each searched text (not under NOT) as a unit. */
struct qunit {
    size_t n;                  /* base terms (words, numbers, CJK chars) */
    const char *const *terms;  /* in position order, folded */
    const size_t *lens;
    uint32_t span;             /* last term's position - first's: n - 1,
                                  more across punctuation (tokenize.h) */
    const char *stem;          /* a lone word's stem, else NULL */
    size_t stem_len;
    int prefix;                /* terms[0] is a prefix (word*) */
};
typedef void (*query_unit_cb)(void *ctx, const struct qunit *u);
void query_units(const struct qnode *n, struct tokenizer *tz,
                 query_unit_cb cb, void *ctx);

#endif
