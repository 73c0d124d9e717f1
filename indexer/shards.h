/* shards.h - an index as N shard databases behind a Xapian stub.
 *
 * A plain index is one Xapian database in the index folder.  A sharded one
 * is a folder holding shard databases (shard0, shard1, ...) and a Xapian
 * stub file, XAPIANDB, that lists them ("glass shard0"); Xapian opens the
 * folder as the union of the shards, so sousuo-search needs nothing new.
 * A document lives in shard fnv1a64(relative path) % N, so incremental
 * runs find it where they left it; each shard has its own writer (and
 * lock), and the N writers run in parallel.  doc/scale-out.md.
 */
#ifndef SOUSUO_SHARDS_H
#define SOUSUO_SHARDS_H

#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "sousuo.h"
#include "update.h"

#define STUB_NAME "XAPIANDB"      /* Xapian's name for a stub in a folder */
#define META_SHARD "sousuo.shard" /* "K/N" in shard K of a stub of N */
#define SHARDS_MAX 64

/* 1 if DIR/NAME is there (a link counts as itself). */
int shards_dir_has(const char *dir, const char *name);

/* The shard of a relative path among n (0 when n <= 1).  Never change:
 * existing indexes depend on it. */
static inline unsigned
shard_of(const char *rel, size_t len, unsigned n)
{
    return n > 1 ? (unsigned)(fnv1a64(FNV64_INIT, rel, len) % n) : 0;
}

struct shards;

/* Open the index for a run: read its layout, decide the shard count
 * (@p want, or 0 to keep what the index has; a new index gets 1), and
 * open one writer per shard.  Changing the count of an existing index
 * needs opts->full over the whole root, and builds the new shards beside
 * the old ones, switching the stub only when they are complete.
 * A one-database index built from scratch (new, or opts->full over the
 * whole root) is written as opts->jobs parts (part0, part1, ...) in
 * parallel, beside the old index if there is one; the caller merges them
 * with shards_compact() (shards_merging()).
 * On failure *errmsg (caller frees) says why. */
sousuo_status_t shards_open(const struct update_opts *opts, unsigned want,
                            struct shards **out, char **errmsg);
/* update_add_path() for every shard. */
sousuo_status_t shards_add_path(struct shards *s, const char *abspath);
/* Run every shard (in parallel when there are several), then remove
 * vanished files and commit; after a failure or *opts.stop, commit what
 * was complete (update.h).  Returns the first failure. */
sousuo_status_t shards_run(struct shards *s);
/* The totals over all shards. */
void shards_stats(const struct shards *s, struct update_stats *out);
unsigned shards_count(const struct shards *s);
/* 1 when this run changes the shard count (all or nothing). */
int shards_rebuilding(const struct shards *s);
/* 1 when this run writes every document anew: a new index, or --full
 * over the whole root. */
int shards_fresh(const struct shards *s);
/* 1 when the run's databases are parts of one index, built in parallel
 * (opts->jobs) or left by a killed run that built them: compacting them
 * into one database completes the run (shards_compact()). */
int shards_merging(const struct shards *s);
/* 1 when an older extractor made the documents of a shard, whose files
 * this run therefore all reads again (update_reextracting()). */
int shards_reextracting(const struct shards *s);
/* 1 when a shard stopped early on *opts.stop (committed, not finished). */
int shards_stopped(const struct shards *s);
/* The first failure's message ("" if none). */
const char *shards_errmsg(const struct shards *s);
/* Finish the run (a new shard count becomes the index only now, and only
 * after a complete run) and free everything.  After a complete run of
 * parts (shards_merging()), merge them into one database: *note (caller
 * frees) then says what the compaction did, or, when it failed, is a
 * warning (the parts stay, complete, and the next run merges them). */
sousuo_status_t shards_close(struct shards *s, char **note, char **errmsg);

/* SOUSUO_INVAL, and *errmsg (caller frees) saying why, when @p index_dir
 * is a file: a stub file lists databases (remote ones, often) that
 * sousuo-index cannot write as one index, and it would make a folder
 * there.  SOUSUO_OK (*errmsg NULL) for a folder or nothing yet. */
sousuo_status_t shards_refuse_file(const char *index_dir, char **errmsg);

/* Compact the index in @p index_dir with Xapian's compactor: a plain
 * index shrinks, a sharded one is merged into one database.  The result
 * is written beside the old databases and replaces them at once (the
 * stub is renamed into place), so readers see the old index or the new
 * one, never a mix.  *summary or *errmsg (caller frees) says what
 * happened. */
sousuo_status_t shards_compact(const char *index_dir, char **summary,
                               char **errmsg);

#endif
