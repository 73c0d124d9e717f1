/* root.c - the folder an index's stored paths are relative to, now; see
 * root.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "root.h"
#include "schema.h"

/* Is the last component of path[0, n) (no trailing '/') .sousuo?  *base
 * gets where that component starts. */
static int
ends_in_index_dir(const char *path, size_t n, size_t *base)
{
    size_t b;

    for (b = n; b > 0 && path[b - 1] != '/'; b--)
        ;
    *base = b;
    return n - b == strlen(INDEX_DIRNAME) &&
           memcmp(path + b, INDEX_DIRNAME, n - b) == 0;
}

char *
root_now(const char *index_path, const sx_db *db, const char *in_root,
         char *root)
{
    size_t n = strlen(index_path), base;
    char *dir, *real;

    /* Remote shards' tree is on another machine: the recorded root. */
    if (strcmp(in_root, "1") != 0 || !sx_db_local(db))
        return root;
    while (n > 1 && index_path[n - 1] == '/')
        n--;
    /* The .sousuo folder itself, or a file in it: its stub XAPIANDB or
     * one of its shards. */
    if (!ends_in_index_dir(index_path, n, &base)) {
        n = base;
        while (n > 1 && index_path[n - 1] == '/')
            n--;
        if (n == 0 || !ends_in_index_dir(index_path, n, &base))
            return root;
    }
    /* The folder part, as given ("" is the current folder). */
    dir = base ? strndup(index_path, base) : strdup(".");
    real = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!real)
        return root; /* cannot tell: the recorded root */
    free(root);
    return real;
}
