/* runlock.h - one sousuo-index run at a time over a whole index.
 *
 * Xapian locks each database, but a build from scratch, a --full rebuild
 * and --compact write new databases and then swap the stub: before the
 * first database exists, and across the swap, no Xapian lock covers the
 * index, so two such runs each swapped in a set of their own and broke
 * it.  Every run therefore first takes a lock on a file in the index
 * folder and holds it until it ends.  Searchers never take it.
 */
#ifndef SOUSUO_INDEXER_RUNLOCK_H
#define SOUSUO_INDEXER_RUNLOCK_H

#include "sousuo.h"

#define RUNLOCK_NAME "sousuo.lock" /* in the index folder */

struct runlock;

/* Take the run lock of the index in @p index_dir (flock(2) on its
 * RUNLOCK_NAME, made if missing).  With @p create a missing folder is
 * made, as a new index needs it; without, there is no index to lock and
 * *out is NULL.  SOUSUO_LOCKED when another run holds it.  On failure
 * *errmsg (caller frees) says why. */
sousuo_status_t runlock_take(const char *index_dir, int create,
                             struct runlock **out, char **errmsg);

/* Release the lock (NULL-safe).  A lock file this run made goes too when
 * the folder holds no index after all (the run failed before making
 * one, or it was a folder of the user's): safe under the lock, since
 * runlock_take() retries when the file it locked is no longer the one
 * named RUNLOCK_NAME. */
void runlock_release(struct runlock *l);

#endif
