/* root.c - the folder an index's stored paths are relative to, now; see
 * root.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "root.h"
#include "schema.h"

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
    for (base = n; base > 0 && index_path[base - 1] != '/'; base--)
        ;
    if (n - base != strlen(INDEX_DIRNAME) ||
        memcmp(index_path + base, INDEX_DIRNAME, n - base) != 0)
        return root;
    /* The folder part, as given ("" is the current folder). */
    dir = base ? strndup(index_path, base) : strdup(".");
    real = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!real)
        return root; /* cannot tell: the recorded root */
    free(root);
    return real;
}
