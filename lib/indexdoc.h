/* indexdoc.h - one file's extracted text -> one Xapian document.
 *
 * Pure function of its inputs (no database access), so documents can be
 * built on one thread and written on another.
 */
#ifndef SOUSUO_INDEXDOC_H
#define SOUSUO_INDEXDOC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "tokenize.h"
#include "xapian-shim.h"

struct indexdoc {
    const char *relpath; size_t relpath_len; /* relative to the index root */
    const char *title; size_t title_len;
    const char *headings; size_t headings_len; /* NUL-terminated lines */
    const char *text; size_t text_len;       /* UTF-8 */
    const char *colmap; size_t colmap_len;   /* docdata.h; may be empty */
    const char *date;                         /* "YYYY-MM-DD" / "YYYY-MM" / "YYYY" / "" */
    uint64_t size;
    int64_t mtime_ns;
    uint64_t ino;                             /* the file's inode; 0: unknown */
    int racy;     /* mtime not older than the run: a same-size change in
                   * the same clock tick would keep it (read it again) */
    uint64_t hash;                            /* FNV-1a 64 of the file bytes */
};

/* What one document's body may index, so that the writer's memory stays
 * bounded whatever a file holds.  Xapian keeps about 450 bytes per
 * distinct term of a document being added (its term map, then the
 * inverter's posting and position changes) and about 7 per positional
 * posting: 10 MB of random CJK (3.5 M distinct bigrams) took 1.56 GB
 * without these limits, 162 MB with them.  The whole 35 MB Chinese half
 * of the bench corpus, taken as one text, has 156,000 distinct terms; its
 * biggest document 14,677 and 190,363 positions.  Past either limit the
 * rest of the body is stored (snippets show it, up to INDEXDOC_MAX_STORED)
 * but not searchable, and cut->terms says so; the title and headings are
 * indexed all the same.  (Lucene's maxFieldLength, 10,000 tokens by
 * default until 3.x, made that trade.)  bench/bench-hostile.sh, cases
 * cjk-run, cjk-long and cjk-mixed, measures the peaks. */
#define INDEXDOC_MAX_TERMS 250000u
#define INDEXDOC_MAX_POSTINGS 12000000u /* 12 M words (more than the 64 MB
                                           of --max-size hold) or 6 M CJK
                                           characters (unigram + bigram) */

/* The most text a document stores, for snippets and line:column: its
 * data must fit what the backend takes (sx_doc_data_max(): Xapian failed
 * on a file of 183 MB of random CJK, and with it the whole run), and the
 * writer holds it more than once (our document, Xapian's copy, zlib's).
 * A longer text is stored up to its last line end in the last 64 KiB
 * before the limit, else up to a character boundary, so the part stored
 * reads as it did; the text is indexed all the same (up to the limits
 * above), so a word past the cut finds the document but has no snippet
 * of its own.  Slot SLOT_TEXT_LEN then records the whole text's length.
 * A file of the default --max-size (64M) in valid UTF-8 never meets it. */
#define INDEXDOC_MAX_STORED ((size_t)64 << 20)

/* What indexdoc_build() left out. */
struct indexdoc_cut {
    int terms;         /* the body went past INDEXDOC_MAX_TERMS or
                        * INDEXDOC_MAX_POSTINGS: its end is not searchable */
    int stored;        /* only the text's first stored_len bytes are stored */
    size_t stored_len; /* bytes of the text stored */
};

/* Build the document.  Latin words that should feed the spelling
 * dictionary are appended to @p spell, each followed by a NUL (the writer
 * adds them; the spelling table needs the database).  @p spell may be NULL.
 * *@p cut (if not NULL) tells what the limits above left out. */
sousuo_status_t indexdoc_build(struct tokenizer *tz, const struct indexdoc *in,
                               sx_doc **out, struct buf *spell,
                               struct indexdoc_cut *cut,
                               struct sx_error *err);

/* The unique id term of a relative path: Q + path, or for a path too long
 * for a term, its first bytes + "#" + 16 hex digits of its hash. */
void indexdoc_idterm(const char *relpath, size_t len, struct buf *out);

/* The SLOT_STAT value: "<size> <mtime-ns> <inode>", or without the inode
 * when ino is 0.  The inode tells a symlink switched to another file of
 * the same size and time.  A racy value ends " racy", which no file's
 * stat matches, so the next run reads the file again (git's "racy
 * clean" entries). */
void indexdoc_stat_value(uint64_t size, int64_t mtime_ns, uint64_t ino,
                         int racy, struct buf *out);

#endif
