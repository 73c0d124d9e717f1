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
    const char *date;                         /* "YYYY-MM-DD" / "YYYY-MM" / "YYYY" / "" */
    uint64_t size;
    int64_t mtime_ns;
    uint64_t hash;                            /* FNV-1a 64 of the file bytes */
};

/* Build the document.  Latin words that should feed the spelling
 * dictionary are appended to @p spell, each followed by a NUL (the writer
 * adds them; the spelling table needs the database).  @p spell may be NULL. */
sousuo_status_t indexdoc_build(struct tokenizer *tz, const struct indexdoc *in,
                               sx_doc **out, struct buf *spell,
                               struct sx_error *err);

/* The unique id term of a relative path: Q + path, or for a path too long
 * for a term, its first bytes + "#" + 16 hex digits of its hash. */
void indexdoc_idterm(const char *relpath, size_t len, struct buf *out);

/* The SLOT_STAT value: "<size> <mtime-ns>". */
void indexdoc_stat_value(uint64_t size, int64_t mtime_ns, struct buf *out);

#endif
