/* root.h - the folder an index's stored paths are relative to, now. */
#ifndef SOUSUO_ROOT_H
#define SOUSUO_ROOT_H

#include "xapian-shim.h"

/* The root of the index at index_path, open as db, given its recorded
 * root (which is freed if replaced) and its META_IN_ROOT value.  An
 * index that is its tree's .sousuo ("1") has that tree as its root
 * wherever the tree is now: moved or copied, hits must name the files
 * there.  The folder is the one that holds index_path as given (a
 * symlinked .sousuo is not followed to its target), index_path being the
 * .sousuo folder or a file in it (its stub XAPIANDB, a shard).  Else, or when its
 * stub lists remote shards (their tree is on another machine:
 * sx_db_local()), the recorded root.  NULL on no memory (root is then
 * freed). */
char *root_now(const char *index_path, const sx_db *db, const char *in_root,
               char *root);

#endif
