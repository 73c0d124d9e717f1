/* root.c - the folder an index's stored paths are relative to, now; see
 * root.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "root.h"
#include "schema.h"

/* Does the stub of the index folder dir list a remote database?  (Xapian
 * stub lines: "glass NAME", "remote ..."; a plain database has none.) */
static int
lists_remote(const char *dir)
{
    struct buf p = BUF_INIT;
    char line[512];
    int remote = 0;
    FILE *f;

    buf_addf(&p, "%s/XAPIANDB", dir);
    f = p.err ? NULL : fopen(p.data, "r");
    buf_free(&p);
    while (f && !remote && fgets(line, sizeof line, f))
        remote = strncmp(line, "remote", 6) == 0;
    if (f)
        fclose(f);
    return remote;
}

char *
root_now(const char *index_path, const char *in_root, char *root)
{
    size_t n = strlen(index_path), base;
    char *dir, *real;

    /* Remote shards' tree is on another machine: the recorded root. */
    if (strcmp(in_root, "1") != 0 || lists_remote(index_path))
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
