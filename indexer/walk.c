/* walk.c - recursive, sorted, loop-safe folder walk; see walk.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strset.h"
#include "walk.h"

struct walker {
    const struct walk_opts *opts;
    walk_file_cb on_file;
    walk_error_cb on_error;
    void *ctx;
    struct strset seen; /* folders entered, by (device, inode) */
    size_t root_len; /* bytes before relative names (walk_opts.root) */
    struct stat skip; /* walk_opts.skip, when skip.st_nlink */
};

/* One glob, read as gitignore reads it: a leading "/" or "./" anchors
 * it at the root, as a slash inside it does; a trailing "/" takes
 * folders only; else it matches a name at any depth. */
static int
glob_matches(const char *g, const char *name, const char *relpath,
             int is_dir)
{
    char pat[PATH_MAX];
    size_t n;
    int anchored = 0;

    for (;;) {
        if (g[0] == '/')
            g++;
        else if (g[0] == '.' && g[1] == '/')
            g += 2;
        else
            break;
        anchored = 1;
    }
    n = strlen(g);
    if (n >= sizeof pat)
        return 0; /* could match no path */
    memcpy(pat, g, n + 1);
    if (n && pat[n - 1] == '/') {
        if (!is_dir)
            return 0;
        while (n && pat[n - 1] == '/')
            pat[--n] = '\0';
    }
    if (!n)
        return 0;
    if (!anchored && !strchr(pat, '/'))
        return fnmatch(pat, name, 0) == 0;
    return relpath && fnmatch(pat, relpath, FNM_PATHNAME) == 0;
}

int
walk_excluded(const struct walk_opts *opts, const char *name,
              const char *relpath, int is_dir)
{
    const char *const *g;

    if (!opts || !opts->excludes)
        return 0;
    for (g = opts->excludes; *g; g++)
        if (glob_matches(*g, name, relpath, is_dir))
            return 1;
    return 0;
}

static int
report(struct walker *w, const char *path, int errnum)
{
    return w->on_error ? w->on_error(w->ctx, path, errnum) : 0;
}

int
walk_gone_errno(int errnum)
{
    return errnum == ENOENT || errnum == ENOTDIR;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walker *w, struct buf *path, const struct stat *st);

/* Would a walk of the root reach rel (a folder below it)? */
static int
walked(const struct walk_opts *opts, char *rel)
{
    char *slash, *name = rel;
    int ok = 1;

    while (ok && *name) {
        slash = strchr(name, '/');
        if (slash)
            *slash = '\0';
        ok = !(name[0] == '.' && (!opts->follow_hidden ||
                                  strcmp(name, ".sousuo") == 0)) &&
             !walk_excluded(opts, name, rel, 1);
        if (!slash)
            break;
        *slash = '/';
        name = slash + 1;
    }
    return ok;
}

/* Is path a link to a folder that the walk of the tree reaches under its
 * own name?  Then that is the one name of its files: followed, the link
 * would name them first (it may sort first) and a run naming a file by
 * its real path would add a second document. */
static int
link_into_tree(const struct walker *w, const char *path)
{
    struct stat lst;
    const char *root = w->opts ? w->opts->root : NULL;
    size_t n = root ? strlen(root) : 0;
    char *r;
    int in;

    while (n && root[n - 1] == '/')
        n--;
    if (!root || lstat(path, &lst) != 0 || !S_ISLNK(lst.st_mode) ||
        !(r = realpath(path, NULL)))
        return 0;
    in = strncmp(r, root, n) == 0 && (r[n] == '/' || r[n] == '\0') &&
         walked(w->opts, r + n + (r[n] == '/'));
    free(r);
    return in;
}

int
walk_link_into_tree(const struct walk_opts *opts, const char *path)
{
    struct walker w;
    struct stat st;

    memset(&w, 0, sizeof w);
    w.opts = opts;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
           link_into_tree(&w, path);
}

/* By device and inode: a name or a link could not hide it. */
static int
is_skipped(const struct walker *w, const struct stat *st)
{
    return w->skip.st_nlink && st->st_dev == w->skip.st_dev &&
           st->st_ino == w->skip.st_ino;
}

static int
visit(struct walker *w, struct buf *path, const char *name)
{
    struct stat st;
    const char *rel = path->data + w->root_len;

    while (*rel == '/')
        rel++;
    if (name[0] == '.' && (!w->opts || !w->opts->follow_hidden ||
                           strcmp(name, ".sousuo") == 0))
        return 0;
    if (stat(path->data, &st) != 0) { /* an excluded one says nothing */
        int e = errno;

        if (walk_excluded(w->opts, name, rel, 0))
            return 0;
        if (walk_gone_errno(e) && lstat(path->data, &st) != 0)
            return 0; /* removed since the folder was listed */
        /* A dangling link: its target is missing, or a file stands
         * where the target's path has a folder (ENOTDIR). */
        if (walk_gone_errno(e) && S_ISLNK(st.st_mode))
            return w->on_file(w->ctx, path->data, &st);
        return report(w, path->data, e);
    }
    if (walk_excluded(w->opts, name, rel, S_ISDIR(st.st_mode)))
        return 0;
    if (S_ISDIR(st.st_mode))
        return is_skipped(w, &st) || link_into_tree(w, path->data)
                   ? 0 : walk_dir(w, path, &st);
    return w->on_file(w->ctx, path->data, &st); /* a file, or a fifo... */
}

static int
walk_dir(struct walker *w, struct buf *path, const struct stat *st)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i, len = path->len;
    struct { dev_t dev; ino_t ino; } key;
    int rc = 0, added;

    memset(&key, 0, sizeof key);
    key.dev = st->st_dev;
    key.ino = st->st_ino;
    added = strset_add(&w->seen, (const char *)&key, sizeof key);

    if (added < 0)
        return report(w, path->data, ENOMEM);
    if (added == 0)
        return 0; /* a loop or a second way into a folder already walked */
    d = opendir(path->data);
    if (!d) /* removed since it was seen: as if it never was */
        return walk_gone_errno(errno) ? 0 : report(w, path->data, errno);
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n == cap) {
            char **more = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
            if (!more) {
                rc = report(w, path->data, ENOMEM);
                goto out;
            }
            names = more;
        }
        if (!(names[n] = strdup(de->d_name))) {
            rc = report(w, path->data, ENOMEM);
            goto out;
        }
        n++;
    }
    if (n) /* an empty folder has no names array: qsort wants one */
        qsort(names, n, sizeof *names, by_name);
    for (i = 0; i < n && rc == 0; i++) {
        path->len = len;
        if (len && path->data[len - 1] != '/')
            buf_addch(path, '/');
        buf_addstr(path, names[i]);
        if (path->err) {
            rc = report(w, names[i], ENOMEM);
            break;
        }
        rc = visit(w, path, names[i]);
    }
out:
    path->len = len;
    path->data[len] = '\0';
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return rc;
}

/* Where relative names start in a path below START: after opts->root
 * when START is that folder or lies below it. */
static size_t
rel_start(const struct walk_opts *opts, const char *start, size_t len)
{
    size_t n;

    if (!opts || !opts->root)
        return len;
    n = strlen(opts->root);
    while (n > 1 && opts->root[n - 1] == '/')
        n--;
    if (strncmp(start, opts->root, n) == 0 &&
        (start[n] == '\0' || start[n] == '/' || n == 1))
        return n;
    return len;
}

int
walk(const char *start, const struct walk_opts *opts, walk_file_cb on_file,
     walk_error_cb on_error, void *ctx)
{
    struct walker w = { opts, on_file, on_error, ctx, STRSET_INIT, 0, { 0 } };

    struct buf path = BUF_INIT;
    struct stat st;
    int rc;

    if (!opts || !opts->skip || stat(opts->skip, &w.skip) != 0)
        memset(&w.skip, 0, sizeof w.skip);
    buf_addstr(&path, start);
    w.root_len = rel_start(opts, start, path.len);
    if (path.err)
        rc = report(&w, start, ENOMEM);
    else if (stat(start, &st) != 0)
        rc = report(&w, start, errno);
    else if (S_ISDIR(st.st_mode)) /* a link into the tree: as visit() */
        rc = is_skipped(&w, &st) || link_into_tree(&w, start)
                 ? 0 : walk_dir(&w, &path, &st);
    else
        rc = on_file(ctx, start, &st);
    buf_free(&path);
    strset_free(&w.seen);
    return rc;
}
