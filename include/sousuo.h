/* sousuo.h - public C API of libsousuo, a CJK-aware full-text searcher.
 *
 * Plain C11; also compiles as C++.  No Xapian or C++ type appears here.
 * Every function that can fail returns a sousuo_status_t.  Strings returned
 * by the library belong to the object they came from unless said otherwise;
 * strings documented as "caller frees" are released with sousuo_free().
 */
#ifndef SOUSUO_H
#define SOUSUO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SOUSUO_API __attribute__((visibility("default")))
#else
#define SOUSUO_API
#endif

/** Version of the library as "MAJOR.MINOR.PATCH". */
#define SOUSUO_VERSION_STRING "0.1.0"

/* One table generates the enum, sousuo_status_str() and
 * sousuo_status_name(), so the three never drift apart. */
#define SOUSUO_STATUS_MAP(X)                                          \
    X(OK, "ok", "success")                                            \
    X(NOMEM, "nomem", "out of memory")                                \
    X(INVAL, "inval", "invalid argument")                             \
    X(NOINDEX, "noindex", "no index found")                           \
    X(LOCKED, "locked", "index is locked by another writer")          \
    X(CORRUPT, "corrupt", "index is corrupt or of an unknown format") \
    X(MODIFIED, "modified", "index changed while reading; reopen")    \
    X(MISMATCH, "mismatch", "index was built by another tokenizer")   \
    X(QUERY, "query", "query syntax error")                           \
    X(IO, "io", "input/output error")                                 \
    X(BACKEND, "backend", "Xapian error")

/** Status codes returned by every fallible call. */
typedef enum {
#define SOUSUO_X_(name, short_name, text) SOUSUO_##name,
    SOUSUO_STATUS_MAP(SOUSUO_X_)
#undef SOUSUO_X_
    SOUSUO_STATUS_LAST
} sousuo_status_t;

/** A short English description of @p status ("success", ...).
 *  Never NULL; unknown values give "unknown status". */
SOUSUO_API const char *sousuo_status_str(sousuo_status_t status);

/** A stable lower-case identifier of @p status ("ok", "locked", ...),
 *  used as the error "code" of the JSON outputs.  Never NULL. */
SOUSUO_API const char *sousuo_status_name(sousuo_status_t status);

/** The library version, e.g. "0.1.0" (of the library actually linked). */
SOUSUO_API const char *sousuo_version(void);

/** Release memory that the library documents as "caller frees".
 *  NULL is allowed. */
SOUSUO_API void sousuo_free(void *p);

/* ---- searching an index ------------------------------------------------
 *
 * Thread safety: a sousuo_index_t and what it returns may be used by one
 * thread at a time; open one handle per thread to search in parallel.
 * Results are copied into C memory and outlive sousuo_index_close().
 */

/** An open, read-only index. */
typedef struct sousuo_index sousuo_index_t;
/** One page of hits; owns every string it returns. */
typedef struct sousuo_results sousuo_results_t;

/** Values of sousuo_search_opts_t.matches. */
enum {
    SOUSUO_MATCHES_NONE = 0,
    SOUSUO_MATCHES_ALL = 1,
    SOUSUO_MATCHES_SNIPPET = 2
};

/** Search options; fill with sousuo_search_opts_init() then change. */
typedef struct {
    unsigned offset;      /**< hits to skip (default 0) */
    unsigned limit;       /**< hits to return (default 10) */
    double title_boost;   /**< extra weight of a title match (0.0, at
                               most 100): the
                               title's words already count 8 times in
                               the body terms (doc/schema.md); > 0 adds
                               a separate title match, slower */
    unsigned snippet_width; /**< snippet width in display columns (160) */
    int partial;          /**< when nothing matches every word, return the
                               best partial matches (default 1) */
    int exact_total;      /**< make sousuo_results_total() exact instead of
                               an estimate (slower on large results; 0) */
    int explain;          /**< compute sousuo_results_explain() (0) */
    int matches;          /**< SOUSUO_MATCHES_ALL (default): every match
                               with its line/columns, and the snippet;
                               SOUSUO_MATCHES_SNIPPET: stop reading a long
                               text once the snippet has what it needs
                               (faster; the match list may be partial);
                               SOUSUO_MATCHES_NONE: no matches, no snippet,
                               and the stored text is not read: paths,
                               ranks, scores and counts only (title, date,
                               lang and text are "") */
    double proximity;     /**< extra weight for documents where the words
                               of a multi-word query occur close together;
                               0 turns it off (see doc/ranking.md); 0..100 */
    unsigned proximity_slack; /**< "close": within the query's terms plus
                               this many positions; 0..64 */
    double bm25_k1;       /**< BM25 term-frequency saturation, 0..100 */
    double bm25_b;        /**< BM25 document-length normalisation, 0..1 */
    double exact_boost;   /**< extra weight for a document whose whole
                               title or one of its headings is the query;
                               0..1000 */
} sousuo_search_opts_t;
/* The ranges are sousuo-search --rank's: sousuo_search() refuses a value
 * outside them (NaN and infinities too), or a matches that is none of
 * the SOUSUO_MATCHES_ values, with SOUSUO_INVAL and a message naming
 * the option. */

/** One match of the query in a hit's stored text. */
typedef struct {
    size_t start, end;        /**< byte offsets in the text */
    size_t line;              /**< 1-based line of start */
    size_t byte_col;          /**< 1-based byte column (Vim, ripgrep) */
    size_t char_col;          /**< 1-based code point column */
    size_t utf16_col;         /**< 1-based UTF-16 column (LSP editors) */
    size_t line_start, line_end; /**< byte range of that line */
} sousuo_match_t;

/** Set @p opts to the defaults. */
SOUSUO_API void sousuo_search_opts_init(sousuo_search_opts_t *opts);

/** Find the index for @p start (a folder or file): the nearest
 *  ".sousuo" folder at or above it, like git finds ".git".
 *  On success *index_path (caller frees with sousuo_free) is its path.
 *  Returns SOUSUO_NOINDEX when there is none, @p start not existing
 *  included; *errmsg (caller frees, may be NULL) then says which command
 *  creates one, or names the missing @p start.  SOUSUO_INVAL when
 *  @p start or @p index_path is NULL, SOUSUO_IO when @p start cannot be
 *  read (permissions). */
SOUSUO_API sousuo_status_t sousuo_index_find(const char *start,
                                             char **index_path,
                                             char **errmsg);

/** sousuo_index_open() flag: when the index is a stub listing remote
 *  shards, search the ones that answer and leave out those that are down
 *  (at the open or later), instead of failing; sousuo_index_missing() and
 *  sousuo_results_missing() name them.  See doc/scale-out.md. */
#define SOUSUO_OPEN_ALLOW_PARTIAL 1u

/** Open the index at @p path (a ".sousuo" folder, or a Xapian stub file
 *  listing shards) read-only.  @p flags is 0 or SOUSUO_OPEN_ALLOW_PARTIAL.
 *  On failure *out is
 *  NULL and *errmsg (caller frees, may be NULL) says why.  Returns
 *  SOUSUO_NOINDEX, SOUSUO_CORRUPT, SOUSUO_MISMATCH (built by another
 *  tokenizer: re-index with sousuo-index --full), SOUSUO_NOMEM,
 *  SOUSUO_BACKEND.  An index that sousuo-index replaces while it is
 *  opened (a new stub, the databases the old one listed deleted) is
 *  read again, not reported missing or corrupt; SOUSUO_MODIFIED only
 *  when it was replaced again and again for 2 seconds. */
SOUSUO_API sousuo_status_t sousuo_index_open(const char *path,
                                             unsigned flags,
                                             sousuo_index_t **out,
                                             char **errmsg);

/** The message of the last failed call on @p ix ("" if none); every
 *  call on a handle that fails sets it, SOUSUO_INVAL included, and a
 *  call that succeeds leaves it as it was. */
SOUSUO_API const char *sousuo_index_errmsg(const sousuo_index_t *ix);

/** The folder the stored paths are relative to: the one the index was
 *  built for, or, for an index in a folder named .sousuo whose tree was
 *  moved or copied since, the folder that holds it now. */
SOUSUO_API const char *sousuo_index_root(const sousuo_index_t *ix);

/** The stub lines of the shards left out so far, one per line ("" if
 *  none; only with SOUSUO_OPEN_ALLOW_PARTIAL).  Belongs to @p ix. */
SOUSUO_API const char *sousuo_index_missing(const sousuo_index_t *ix);

/** Number of documents, at the revision last read. */
SOUSUO_API sousuo_status_t sousuo_index_doccount(sousuo_index_t *ix,
                                                 unsigned long long *n);

/** Move @p ix to the latest committed revision (cheap when there is
 *  none); *changed (may be NULL) says whether it moved.  Works for
 *  stubs of several shards too.  An index deleted and made anew at its
 *  path, or replaced by sousuo-index --full, is opened afresh (changed);
 *  with none there, SOUSUO_NOINDEX.  As sousuo_index_open(), it reads
 *  an index replaced meanwhile again (SOUSUO_MODIFIED only when that
 *  went on for 2 seconds).  On failure @p ix stays as it was. */
SOUSUO_API sousuo_status_t sousuo_index_reopen(sousuo_index_t *ix,
                                               int *changed);

/** UTC time of the last sousuo-index run that changed the index,
 *  "YYYY-MM-DDTHH:MM:SSZ", as of the revision last read ("" if unknown). */
SOUSUO_API const char *sousuo_index_updated(const sousuo_index_t *ix);

/** Index terms for as-you-type completion. */
typedef struct sousuo_terms sousuo_terms_t;

/** The (at most @p limit) most frequent words, numbers and CJK strings of
 *  the index that start with @p prefix (folded as the tokenizer folds,
 *  so "Prod" and "ｐｒｏｄ" complete alike; a CJK prefix completes to
 *  the bigrams that start with it; never a glue term such as "ai芯"
 *  of "AI芯片", lib/tokenize.h).  *out is freed with
 *  sousuo_terms_free().  SOUSUO_QUERY when the prefix has nothing to
 *  complete. */
SOUSUO_API sousuo_status_t sousuo_complete(sousuo_index_t *ix,
                                           const char *prefix,
                                           unsigned limit,
                                           sousuo_terms_t **out);
/** Number of completions in @p t. */
SOUSUO_API size_t sousuo_terms_count(const sousuo_terms_t *t);
/** Term @p i, most frequent first (belongs to @p t). */
SOUSUO_API const char *sousuo_terms_term(const sousuo_terms_t *t, size_t i);
/** How many documents have term @p i. */
SOUSUO_API unsigned long long sousuo_terms_freq(const sousuo_terms_t *t,
                                                size_t i);
/** Free @p t (NULL allowed). */
SOUSUO_API void sousuo_terms_free(sousuo_terms_t *t);

/** Close @p ix (NULL allowed). */
SOUSUO_API void sousuo_index_close(sousuo_index_t *ix);

/** Run @p query (sousuo's query language, UTF-8; see sousuo(7)).
 *  @p opts may be NULL for defaults.  When the index changes under the
 *  search, it is reopened and the whole query run again.  Returns
 *  SOUSUO_QUERY for a query with nothing to search, SOUSUO_INVAL (NULL
 *  @p query or @p out, an option out of its range),
 *  SOUSUO_NOMEM, SOUSUO_BACKEND; the message is sousuo_index_errmsg(). */
SOUSUO_API sousuo_status_t sousuo_search(sousuo_index_t *ix,
                                         const char *query,
                                         const sousuo_search_opts_t *opts,
                                         sousuo_results_t **out);

/** Hits in this page. */
SOUSUO_API size_t sousuo_results_count(const sousuo_results_t *r);
/** Estimated number of matching documents in the whole index. */
SOUSUO_API unsigned long long sousuo_results_total(const sousuo_results_t *r);
/** 1 if sousuo_results_total() is a count, not an estimate (Xapian knew
 *  its bounds to agree, or exact_total was set). */
SOUSUO_API int sousuo_results_total_exact(const sousuo_results_t *r);
/** 1 if no document matched every word and these are the best partial
 *  matches. */
SOUSUO_API int sousuo_results_partial(const sousuo_results_t *r);
/** A corrected query ("did you mean") when no document matched every
 *  word and a word looked misspelt, else NULL. */
SOUSUO_API const char *sousuo_results_suggestion(const sousuo_results_t *r);
/** The shards these results leave out because they were down (stub
 *  lines, one per line), or NULL when every shard answered. */
SOUSUO_API const char *sousuo_results_missing(const sousuo_results_t *r);

/* Accessors for hit @p i (0-based, < sousuo_results_count()); out of
 * range they return NULL (strings) or 0.  Strings belong to @p r. */
/** The hit's path, relative to sousuo_index_root(). */
SOUSUO_API const char *sousuo_results_path(const sousuo_results_t *r, size_t i);
/** Its title ("" if none). */
SOUSUO_API const char *sousuo_results_title(const sousuo_results_t *r, size_t i);
/** Its date: "YYYY-MM-DD", "YYYY-MM", "YYYY" or "". */
SOUSUO_API const char *sousuo_results_date(const sousuo_results_t *r, size_t i);
/** Its language guess: "en" (Latin script), "zh", "ja", "ko" or "und". */
SOUSUO_API const char *sousuo_results_lang(const sousuo_results_t *r, size_t i);
/** 1-based rank in the whole result list (offset included). */
SOUSUO_API unsigned sousuo_results_rank(const sousuo_results_t *r, size_t i);
/** BM25 weight (title matches boosted); higher is better. */
SOUSUO_API double sousuo_results_score(const sousuo_results_t *r, size_t i);
/** The stored text of the hit, NUL-terminated; *len (if @p len is not
 *  NULL) gets its length in bytes.  Text the indexer stored holds no NUL
 *  bytes, but an index another program wrote may: use *len, not strlen(),
 *  as the length.  "" when the search did not read the text
 *  (SOUSUO_MATCHES_NONE). */
SOUSUO_API const char *sousuo_results_text(const sousuo_results_t *r,
                                           size_t i, size_t *len);
/** The snippet window as byte offsets [start, end) into the text; either
 *  pointer may be NULL.  Both 0 when out of range. */
SOUSUO_API void sousuo_results_window(const sousuo_results_t *r, size_t i,
                                      size_t *start, size_t *end);
/** Why hit @p i matched: "TERM=WEIGHT ..." for each matched index term,
 *  best first, each the BM25 weight that term alone gives the hit (title
 *  terms, prefixed S and ZS, include the title boost).  NULL unless
 *  opts.explain was set. */
SOUSUO_API const char *sousuo_results_explain(const sousuo_results_t *r,
                                              size_t i);
/** How many matches of the query were located in the text (all of them
 *  with SOUSUO_MATCHES_ALL, at most 4096). */
SOUSUO_API size_t sousuo_results_nmatches(const sousuo_results_t *r,
                                          size_t i);
/** Match @p k of hit @p i, in document order; NULL when out of range. */
SOUSUO_API const sousuo_match_t *sousuo_results_match(
    const sousuo_results_t *r, size_t i, size_t k);
/** Free @p r (NULL allowed). */
SOUSUO_API void sousuo_results_free(sousuo_results_t *r);

/** Print how sousuo tokenizes @p text (len bytes) as JSON, one token per
 *  array element, with @p stem_lang stemming ("english", "none"; NULL =
 *  english).  *out (caller frees with sousuo_free) gets the JSON. */
SOUSUO_API sousuo_status_t sousuo_debug_tokens(const char *text, size_t len,
                                               const char *stem_lang,
                                               char **out);

#ifdef __cplusplus
}
#endif

#endif /* SOUSUO_H */
