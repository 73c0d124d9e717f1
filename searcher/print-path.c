/* print-path.c - show stored paths relative to where the user stands. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "print.h"

char *
print_path(const struct print_ctx *c, const char *relpath)
{
    struct buf b = BUF_INIT;
    size_t n = strlen(c->cwd);

    buf_addf(&b, "%s/%s", c->root, relpath);
    /* Below the current folder: drop it and the slash, as ripgrep does. */
    if (n > 1 && strncmp(b.data, c->cwd, n) == 0 && b.data[n] == '/') {
        char *rel = strdup(b.data + n + 1);
        buf_free(&b);
        return rel;
    }
    if (n == 1 && c->cwd[0] == '/') {
        char *rel = strdup(b.data + 1);
        buf_free(&b);
        return rel;
    }
    return buf_detach(&b, NULL);
}
