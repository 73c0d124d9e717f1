/* named.c - a path named to sousuo-index, taken as it was named; see
 * named.h. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "named.h"
#include "schema.h"

static int
is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Take the last name off path b ("" is "/"). */
static void
drop_name(struct buf *b)
{
    if (!b->len)
        return; /* "/..", which is "/" */
    while (b->len && b->data[b->len - 1] != '/')
        b->len--;
    if (b->len)
        b->len--;
    b->data[b->len] = '\0';
}

char *
named_logical(const char *p)
{
    struct buf b = BUF_INIT;
    char *cwd;
    size_t n;

    if (*p != '/') {
        if (!(cwd = getcwd(NULL, 0)))
            return NULL;
        buf_addstr(&b, strcmp(cwd, "/") ? cwd : "");
        free(cwd);
    }
    for (; *p; p += n) {
        while (*p == '/')
            p++;
        n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            drop_name(&b);
        else if (n && !(n == 1 && p[0] == '.')) {
            buf_addch(&b, '/');
            buf_add(&b, p, n);
        }
    }
    if (!b.len)
        buf_addch(&b, '/');
    if (b.err) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

char *
named_find_root(const char *logical)
{
    struct buf d = BUF_INIT, ix = BUF_INIT;
    char *r = NULL;

    buf_addstr(&d, strcmp(logical, "/") ? logical : "");
    if (!d.err && d.len && !is_dir(d.data))
        drop_name(&d); /* a file, or gone: from its folder */
    while (!d.err && !r) {
        buf_reset(&ix);
        buf_addf(&ix, "%s/%s", d.data, INDEX_DIRNAME);
        if (ix.err)
            break;
        if (is_dir(ix.data))
            r = realpath(d.len ? d.data : "/", NULL);
        else if (!d.len)
            break;
        else
            drop_name(&d);
    }
    buf_free(&d);
    buf_free(&ix);
    return r;
}

/* Is folder p (a path of LOGICAL up to a name) the root?  -1: there is
 * no such folder, nor any below it. */
static int
is_root(const char *p, const char *root)
{
    char *r = realpath(p, NULL);
    int same;

    if (!r)
        return errno == ENOENT || errno == ENOTDIR ? -1 : 0;
    same = strcmp(r, *root ? root : "/") == 0;
    free(r);
    return same;
}

char *
named_under_root(const char *logical, const struct walk_opts *wo)
{
    struct buf b = BUF_INIT;
    char *pre = strdup(logical), *r;
    size_t i = 0, n;
    int k = 0;

    /* The first folder of LOGICAL that is the root; the names after it
     * are taken as the walk takes them, below. */
    while (pre && (k = is_root(i ? pre : "/", wo->root)) == 0 &&
           logical[i]) {
        pre[i] = '/';
        n = strcspn(logical + i + 1, "/");
        i += 1 + n;
        pre[i] = '\0';
    }
    if (!pre || k != 1) {
        free(pre);
        return NULL;
    }
    free(pre);
    buf_addstr(&b, wo->root);
    for (logical += i; *logical && !b.err; logical += n) {
        n = strcspn(++logical, "/");
        buf_addch(&b, '/');
        buf_add(&b, logical, n);
        /* As the walk names it: a link to a walked folder of the tree
         * by that folder's real name. */
        if (!b.err && walk_link_into_tree(wo, b.data) &&
            (r = realpath(b.data, NULL)) != NULL) {
            buf_reset(&b);
            buf_addstr(&b, strcmp(r, "/") ? r : "");
            free(r);
        }
    }
    if (!b.len)
        buf_addch(&b, '/');
    if (b.err) {
        buf_free(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}
