/* update.h - one incremental indexing run over an index.
 *
 * Opens the index for writing (failing fast when another writer holds
 * the lock), walks paths, skips unchanged files without reading them,
 * replaces changed ones, removes vanished ones, and commits in batches so
 * that a kill at any moment leaves the last committed revision intact.
 */
#ifndef SOUSUO_UPDATE_H
#define SOUSUO_UPDATE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "progress.h"
#include "sousuo.h"

struct update_opts {
    const char *index_dir;          /* where the Xapian database lives */
    const char *root;               /* absolute; stored paths are relative to it */
    int index_in_root;              /* index_dir is root/.sousuo (or in it) */
    const char *own_dir;            /* the whole index folder, absolute:
                                       never indexed, whatever its name */
    const char *stem;               /* stemming language; NULL = the index's, else english */
    const char *encoding;           /* forced source encoding, or NULL */
    const char *const *excludes;    /* NULL-terminated globs, or NULL */
    int full;                       /* re-read every file, even unchanged */
    int whole_root;                 /* the run covers the root: with full,
                                       the database is created afresh */
    int verbose;                    /* name each file and what happened */
    uint64_t max_size;              /* skip files larger than this many
                                       bytes ("too large"); 0: no limit */
    size_t batch_docs;              /* commit after this many changed documents */
    size_t batch_bytes;             /* ... or this many bytes of text */
    volatile sig_atomic_t *stop;    /* set by a signal: commit and stop */
    struct progress *progress;      /* drawn by the reading thread, or NULL */
    /* Sharded runs (shards.h): this run takes only the paths of shard
     * `shard` of `nshards` (0 or 1: all); shard 0 alone reports folders
     * it cannot read (every shard walks them). */
    unsigned shard, nshards;
    const char *shard_meta;         /* "K/N" for metadata sousuo.shard, or
                                       NULL for a plain index */
    _Atomic uint64_t *bytes_read;   /* shared by the shards for the
                                       progress line, or NULL */
    unsigned jobs;                  /* writers for a one-database index
                                       built from scratch (shards.h) */
};

struct update_stats {
    unsigned long added, updated, removed, unchanged, touched;
    unsigned long unsupported, binary, too_large, errors;
    unsigned long dangling; /* symlinks to nothing, met by the walk */
    unsigned long truncated; /* indexed up to INDEXDOC_MAX_TERMS/_POS only */
    uint64_t bytes; /* bytes read from changed files */
};

struct update;

/* Open the index.  On failure *errmsg (caller frees) says why, e.g. that
 * the index is locked by another sousuo-index. */
sousuo_status_t update_open(const struct update_opts *opts,
                            struct update **out, char **errmsg);
/* The root recorded in an existing index (caller frees), or NULL. */
char *update_stored_root(const char *index_dir);
/* Metadata @p key of an existing index (caller frees), or NULL when it
 * has none or an empty one: what a rebuild from scratch must carry over
 * (META_STEM, META_ENCODING). */
char *update_stored_meta(const char *index_dir, const char *key);
/* Add an absolute file or folder path under the root to the run.
 * SOUSUO_INVAL (and update_errmsg) when it is outside the root. */
sousuo_status_t update_add_path(struct update *u, const char *abspath);
/* Walk the added paths and index what changed, on two threads; commits
 * every batch.  Stops early when *opts.stop is set. */
sousuo_status_t update_run(struct update *u);
/* Remove documents under the added paths that the run did not see, write
 * the run's metadata and commit.  Not called after an interruption. */
sousuo_status_t update_finish(struct update *u);
/* Commit what is pending (after an interruption). */
sousuo_status_t update_commit(struct update *u);
const struct update_stats *update_stats(const struct update *u);
/* 1 when an older extractor made the index's documents (schema.h,
 * EXTRACT_VERSION), so that the run re-reads every file. */
int update_reextracting(const struct update *u);
/* After update_finish(): was rel, an added path that is gone, without
 * any document in this index (so it named nothing)?  And all of them,
 * NUL-terminated. */
int update_unmatched(const struct update *u, const char *rel);
const struct buf *update_unmatched_list(const struct update *u);
/* The last fatal error message of u ("" if none). */
const char *update_errmsg(const struct update *u);
void update_close(struct update *u);

#endif
