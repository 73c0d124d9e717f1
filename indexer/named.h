/* named.h - a path named to sousuo-index, taken as it was named.
 *
 * An editor saves a file by the path it was opened by.  Through a link
 * to a folder out of the tree, that path finds the tree's index and is
 * the name the walk gives the file (walk.h); its real path would find
 * another folder, with no index or the wrong one.  So the index is looked
 * for along the path as named, as a shell's logical path goes, and a
 * path under it keeps its links' names, but those the walk resolves.
 */
#ifndef SOUSUO_NAMED_H
#define SOUSUO_NAMED_H

#include "walk.h"

/* P made absolute against the current folder, "." and ".." taken off by
 * their names (as cd does), links kept.  NULL on no memory or no current
 * folder. */
char *named_logical(const char *p);

/* The real path of the nearest folder at or above LOGICAL (from
 * named_logical()) that holds an index, looked for along LOGICAL as
 * given; NULL if none (or no memory). */
char *named_find_root(const char *logical);

/* The path the run takes for LOGICAL: the root's path (wo->root, "" for
 * "/") and LOGICAL's names below the first of its folders that is the
 * root, as the walk names them: a link the walk does not follow
 * (walk_link_into_tree()) is resolved, any other kept.  NULL when no
 * folder of LOGICAL is the root (or no memory). */
char *named_under_root(const char *logical, const struct walk_opts *wo);

#endif
