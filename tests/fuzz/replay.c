/* replay.c - main() for a fuzz target without libFuzzer: runs it once on
 * every file named on the command line (a folder: every file in it, in
 * name order).  Without arguments it runs the committed inputs,
 * $abs_top_srcdir/tests/fuzz/seeds/NAME and regress/NAME, which is how
 * `make check` turns the corpora into a regression test under gcc,
 * sanitizers and valgrind.  Exit status 0, or 1 when an input could not be
 * read or no seed was found; a failing input aborts. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME must name the target"
#endif

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t len = 0, cap = 0, got;

    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    do {
        if (len == cap) {
            uint8_t *p = realloc(data, cap = cap ? 2 * cap : 4096);
            if (!p) {
                fprintf(stderr, "replay: %s: out of memory\n", path);
                free(data);
                fclose(f);
                return -1;
            }
            data = p;
        }
        got = fread(data + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        fprintf(stderr, "replay: %s: read error\n", path);
        free(data);
        fclose(f);
        return -1;
    }
    fclose(f);
    /* A copy of exactly len bytes, so a read past the end is caught. */
    {
        uint8_t *exact = malloc(len ? len : 1);
        if (!exact) {
            free(data);
            return -1;
        }
        if (len)
            memcpy(exact, data, len);
        free(data);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
    }
    return 0;
}

static int
cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs PATH (a file or a folder); adds the inputs run to *n. */
static int
run_path(const char *path, unsigned *n)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t nn = 0, i;
    int rc = 0;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (run_file(path) != 0)
            return -1;
        ++*n;
        return 0;
    }
    if (!(d = opendir(path))) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((e = readdir(d))) {
        char **p;
        if (e->d_name[0] == '.')
            continue;
        p = realloc(names, (nn + 1) * sizeof *names);
        if (!p || !(p[nn] = malloc(strlen(path) + strlen(e->d_name) + 2))) {
            names = p ? p : names;
            rc = -1;
            break;
        }
        names = p;
        sprintf(names[nn++], "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, nn, sizeof *names, cmp);
    for (i = 0; i < nn; i++) {
        if (rc == 0 && run_path(names[i], n) != 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int
main(int argc, char **argv)
{
    unsigned n = 0;
    int rc = 0, i;

    LLVMFuzzerInitialize(&argc, &argv);
    if (argc > 1) {
        for (i = 1; i < argc; i++)
            if (run_path(argv[i], &n) != 0)
                rc = 1;
    } else {
        const char *top = getenv("abs_top_srcdir");
        char path[4096];
        struct stat st;

        if (!top) {
            fprintf(stderr, "replay: give files, or set abs_top_srcdir\n");
            return 1;
        }
        snprintf(path, sizeof path, "%s/tests/fuzz/seeds/%s", top, FUZZ_NAME);
        if (run_path(path, &n) != 0)
            rc = 1;
        if (n == 0) {
            fprintf(stderr, "replay: no seeds in %s\n", path);
            rc = 1;
        }
        snprintf(path, sizeof path, "%s/tests/fuzz/regress/%s", top,
                 FUZZ_NAME);
        if (stat(path, &st) == 0 && run_path(path, &n) != 0)
            rc = 1;
    }
    printf("%s: %u inputs replayed\n", FUZZ_NAME, n);
    return rc;
}
