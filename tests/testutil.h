/* testutil.h - helpers shared by the Check suites. */
#ifndef SOUSUO_TESTUTIL_H
#define SOUSUO_TESTUTIL_H

#include <stddef.h>

/* A fresh empty directory under $TMPDIR (or /tmp); caller frees the path
 * and removes the tree with tu_rmtree(). Aborts the test on failure. */
char *tu_tmpdir(void);
/* rm -rf PATH (does not follow symlinks). */
void tu_rmtree(const char *path);
/* Write LEN bytes to DIR/NAME, creating it. Returns 0 or -1. */
int tu_write_file(const char *dir, const char *name, const char *data,
                  size_t len);
/* "DIR/NAME" in malloc'd memory. */
char *tu_path(const char *dir, const char *name);
/* Run suite s (CK_ENV verbosity), free it; the exit status for main. */
struct Suite;
int tu_run(struct Suite *s);

#endif
