/* abort.c - Xapian's std::terminate() as a one-line error (abort.h). */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "abort.h"
#include "xapian-shim.h"

/* Less free space than this on the index's disk: the abort came from the
 * disk filling (Xapian writes blocks of 8 KiB). */
#define FULL_BYTES (1024 * 1024)

static char dir[4096];

static void
on_abort(void)
{
    struct statvfs v;
    char line[4200];
    int full = dir[0] && statvfs(dir, &v) == 0 &&
               (unsigned long long)v.f_bavail * v.f_frsize < FULL_BYTES;
    int n;

    /* This runs from std::terminate() with Xapian half-way through a
     * write: no allocation, one write(2). */
    n = snprintf(line, sizeof line,
                 "sousuo-index: cannot write to the index %s: %s (Xapian "
                 "aborted; the last committed revision is intact)\n",
                 dir, full ? "No space left on device" : "internal error");
    if (n > 0)
        (void)!write(STDERR_FILENO, line,
                     (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    _exit(2);
}

void
abort_handler_install(const char *index_dir)
{
    size_t n = strlen(index_dir);

    if (n >= sizeof dir)
        n = sizeof dir - 1;
    memcpy(dir, index_dir, n);
    dir[n] = '\0';
    sx_set_abort_handler(on_abort);
}
