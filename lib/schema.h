/* schema.h - how sousuo lays out an index in Xapian.
 *
 * The indexer, the searcher and embedders read the same definitions; the
 * prose version is doc/schema.md.  Prefixes follow Omega's conventions
 * (docs/termprefixes.rst); body terms are unprefixed and always case-folded,
 * so they never begin with an upper-case ASCII letter and cannot collide
 * with a prefix.
 */
#ifndef SOUSUO_SCHEMA_H
#define SOUSUO_SCHEMA_H

/* Bumped when the layout below changes incompatibly. */
#define SCHEMA_VERSION_N 4 /* 2: XT and XH terms; 3: title words in the
                            * body terms too (TITLE_WDF), XE for XT, XH;
                            * 4: CJK unigrams positional only at the
                            * ends of their run */
#define SCHEMA_STR_(x) #x
#define SCHEMA_STR(x) SCHEMA_STR_(x)
#define SCHEMA_VERSION SCHEMA_STR(SCHEMA_VERSION_N) /* as stored: "4" */
/* The oldest schema this code still searches and updates correctly: a
 * schema 3 index only has more positions than a schema 4 one. */
#define SCHEMA_OLDEST 3

/* Term prefixes. */
#define PFX_ID "Q"     /* unique id: Q + path relative to the root */
#define PFX_TITLE "S"  /* title terms, positional */
#define PFX_STEM "Z"   /* English (or configured) stem of a body word */
#define PFX_TITLE_STEM "ZS" /* stem of a title word */
#define PFX_PATH "P"   /* each folder of the path, and the path: Pdocs, Pdocs/a.md */
#define PFX_EXT "E"    /* extension, folded, without the dot: Etxt */
#define PFX_LANG "L"   /* language guess: Len Lzh Lja Lko */
#define PFX_YEAR "Y"   /* Y2024 */
#define PFX_MONTH "M"  /* M202404 */
#define PFX_DAY "D"    /* D20240417 */
#define PFX_EXACT "XE" /* the whole title, and each whole HTML heading, as
                          * one term each (exact.h) */
/* The title's XE counts 3 times, a heading's once: with 1, a page whose
 * heading only is the query ranked like the one titled so (bench/eval.sh:
 * description MRR@10 0.982 with 1, 0.989 with 3 or 6). */
#define EXACT_TITLE_WDF 3

/* Value slots. */
#define SLOT_STAT 0    /* "<size> <mtime-ns>[ <inode>]": incremental change
                        * test; no inode (older indexes): not compared */
#define SLOT_DATE 1    /* "YYYYMMDD" (or YYYYMM00 / YYYY0000): date ranges */
#define SLOT_HASH 2    /* 16 hex digits, FNV-1a 64 of the file bytes */
#define SLOT_PATH 3    /* the relative path: deterministic tie-breaks */
#define SLOT_TEXT_LEN 4 /* decimal bytes of the whole extracted text, set
                         * only when the data stores less of it
                         * (INDEXDOC_MAX_STORED) */
/* Slot 5 held extractor 3's column map of CJK text across tags, whose
 * entries ended at white space: neither written nor read any more. */
#define SLOT_COLMAP 6  /* HTML: the column map of the text (docdata.h),
                        * set only when it has entries */

/* Metadata keys. */
#define META_SCHEMA "sousuo.schema"       /* SCHEMA_VERSION */
#define META_TOKENIZER "sousuo.tokenizer" /* tokenizer_id() of the writer */
#define META_STEM "sousuo.stem"           /* stemming language of the index */
#define META_ROOT "sousuo.root"           /* absolute root the paths are relative to */
#define META_IN_ROOT "sousuo.in_root"     /* "1": the index is ROOT/.sousuo, so the
                                           * folder holding it is the root, even
                                           * after the tree moved */
#define META_UPDATED "sousuo.updated"     /* UTC time of the last run that changed it */
#define META_ENCODING "sousuo.encoding"   /* --encoding every file is read as, kept
                                           * for later runs; empty: detect */
#define META_EXTRACTOR "sousuo.extractor" /* EXTRACT_VERSION: every document
                                           * was extracted by this one or a
                                           * newer one */

/* The extractor's version: bumped when what lib/extract.h makes of an
 * unchanged file changes (its text, title, headings or date) and indexes
 * should catch up without --full.  An incremental run over an index whose
 * sousuo.extractor is older re-reads every file it walks; one over the
 * whole root writes this version, but only once it is complete
 * (indexer/update.c).  Not a schema change: documents of either version
 * answer the same queries.
 *   1: an index without the key (written before it existed)
 *   2: an HTML page's text keeps the page's lines and columns (c7cda9e),
 *      and its date is looked for in the words (19d4c2e); UTF-8 text
 *      with a few bad bytes is no longer read as windows-1252
 *   3: titles are cut between grapheme clusters; a Markdown title is
 *      its heading's plain text (libcmark), its YAML front matter's title
 *      as YAML (libyaml), or a leading HTML block's <h1>; HTML: the
 *      column map (SLOT_COLMAP) of CJK text across tags, the first h1
 *      with text as the title, text moved out of a table no longer moves
 *      its cells' lines
 *   4: HTML text has no spaces where the markup was: the column map
 *      (now slot 6) says where every piece is on its line
 *   5: 7-bit text with escapes into JIS X 0208/0212 is read as
 *      ISO-2022-JP, not as ASCII */
#define EXTRACT_VERSION_N 5
#define EXTRACT_VERSION SCHEMA_STR(EXTRACT_VERSION_N) /* as stored: "5" */

/* The extractor version an index's sousuo.extractor value v stands for:
 * none in an index with documents is 1 (written before the key was),
 * none in an empty one this code's; a value that is not a number we
 * wrote counts as newer than any we know. */
static inline long
extract_version(const char *v, int has_docs)
{
    long n = 0;

    if (!v || !*v)
        return has_docs ? 1 : EXTRACT_VERSION_N;
    while (*v >= '0' && *v <= '9' && n < 100000)
        n = n * 10 + (*v++ - '0');
    return *v ? 100000 : n;
}

/* Where an index lives inside the folder it indexes. */
#define INDEX_DIRNAME ".sousuo"

/* Positions: body tokens start here; title tokens use their own space
 * (they carry a different prefix, so phrases never straddle the two).
 * Not 1: Xapian 1.4 finds position 0 in the empty position list of a
 * term stored without positions (a CJK unigram inside its run), so a
 * phrase whose first term is one and whose second is at position 1
 * matched.  No phrase window (<= QUERY_MAX_PHRASE) reaches 0 from here. */
#define BODY_FIRST_POS 64
/* A title's words are body terms too, each counted TITLE_WDF times (as
 * omindex does), at positions after the body's (TITLE_GAP apart, so no
 * phrase spans both): a word query then needs no title subquery, which
 * halved the block reads of CJK phrases.  8 is the best of 2, 3, 5, 8 on
 * bench/eval.sh (doc/ranking.md). */
#define TITLE_WDF 8
#define TITLE_GAP 8

/* Long unique ids are cut and suffixed with a hash (Omega's
 * hash_long_term) so that every path gets one distinct id term. */
#define ID_TERM_MAX 240
/* The bytes of the path such a cut id keeps, before "#" and 16 hex digits:
 * a document below a longer path can only be found by these. */
#define ID_TERM_KEEP (ID_TERM_MAX - (sizeof PFX_ID - 1) - 17)

/* An index's sousuo.schema against this code's: <0 older than
 * SCHEMA_OLDEST, >0 newer than SCHEMA_VERSION (a layout it does not
 * know), 0 usable.  An index with no schema (not written by sousuo) is
 * taken as it is. */
static inline int
schema_cmp(const char *v)
{
    long n = 0;

    if (!v || !*v)
        return 0;
    while (*v >= '0' && *v <= '9' && n < 100000)
        n = n * 10 + (*v++ - '0');
    if (*v)
        return 1; /* not a number we wrote */
    return n < SCHEMA_OLDEST ? -1 : n > SCHEMA_VERSION_N ? 1 : 0;
}

#endif
