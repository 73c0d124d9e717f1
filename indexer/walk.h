/* walk.h - recursive folder walk for sousuo-index.
 *
 * Entries are visited in byte order of their names (deterministic on every
 * machine).  Hidden entries (".name", which covers .sousuo and .git) and
 * entries matching an --exclude glob are skipped.  Symlinks are followed,
 * but for one to a folder that the walk of walk_opts.root reaches under
 * its own name; a folder already visited (same device and inode) is not
 * entered again, which ends symlink loops and avoids indexing a tree
 * twice.
 */
#ifndef SOUSUO_WALK_H
#define SOUSUO_WALK_H

#include <sys/stat.h>

struct walk_opts {
    const char *const *excludes; /* NULL-terminated fnmatch globs, or NULL */
    int follow_hidden;           /* also walk ".name" entries (not .sousuo) */
    /* The folder the relative paths that globs see start from (the index
     * root), so that a glob means the same whichever folder a run names;
     * NULL or not above the starting path: the starting path. */
    const char *root;
    /* A folder never walked, whatever its name: the index's own (--index
     * may put it in the tree under any name), or NULL. */
    const char *skip;
};

/* Called for each entry that is not a folder: its path as given +
 * relative parts, and its stat.  Devices, fifos and sockets come too (a
 * run says it skips them); only regular files may be read.  So does a
 * symlink to nothing below the starting path, with its lstat (S_ISLNK):
 * a broken link is common, not an error.  A non-zero return stops the walk and is returned.  An entry removed while
 * the walk goes (ENOENT, ENOTDIR) is left out, without a call. */
typedef int (*walk_file_cb)(void *ctx, const char *path,
                            const struct stat *st);
/* Called for an entry that cannot be read (errno set); non-zero stops. */
typedef int (*walk_error_cb)(void *ctx, const char *path, int errnum);

/* Walk PATH (a file or a folder).  Returns 0, or the first non-zero
 * callback return. */
int walk(const char *path, const struct walk_opts *opts, walk_file_cb on_file,
         walk_error_cb on_error, void *ctx);

/* Does NAME (a file or folder name) or the relative PATH match any glob?
 * IS_DIR: it is a folder (for globs ending in "/"). */
int walk_excluded(const struct walk_opts *opts, const char *name,
                  const char *relpath, int is_dir);

/* Is PATH a link to a folder that the walk of opts->root reaches under
 * its own name, and so does not follow?  (A named path goes by the
 * same rule: named.h.) */
int walk_link_into_tree(const struct walk_opts *opts, const char *path);

/* Does errnum (of stat or lstat) say a path is no longer there?  ENOTDIR:
 * a file now stands where its path had a folder.  A tree changes while
 * it is walked or named; what went is no error (its documents are
 * removed). */
int walk_gone_errno(int errnum);

#endif
