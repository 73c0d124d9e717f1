/* bench-tokenize.c - tokenizer throughput on real text (not a test).
 *
 *   bench/bench-tokenize [-r RUNS] [-s STEMLANG] [-c CONFIG] FILE|DIR...
 *
 * Reads every regular file under the arguments into memory first, then
 * tokenizes all of them RUNS times (default 5) on one thread in each of
 * these configurations and prints the median CPU time (and wall time):
 *   full        the real tokenizer (NFKC + case folding, stems)
 *   no-fold     TOK_F_NO_FOLD: terms are the raw bytes
 *   no-stem     stemming language "none"
 *   slow-fold   TOK_F_SLOW_FOLD: every term folded by libunistring
 *   no-fast     TOK_F_NO_FASTPATH: slow-fold, and u8_wordbreaks() on every
 *               stretch, no stem cache
 * The per-token cost of normalisation is (full - no-fold) / tokens with
 * the fast paths, (slow-fold - no-fold) / tokens with libunistring alone.
 * -c CONFIG runs only that configuration (for perf or callgrind).
 */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tokenize.h"

struct file {
    char *data;
    size_t len;
};

static const char usage[] =
    "usage: bench-tokenize [-r RUNS] [-s STEMLANG] [-c CONFIG] FILE|DIR...\n"
    "CONFIG: full, no-fold, no-stem, slow-fold, no-fast\n";

static struct file *files;
static size_t nfiles, capfiles, total_bytes;

static int
add_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    FILE *f;
    struct file *fl;

    (void)ftw;
    if (flag != FTW_F || !S_ISREG(st->st_mode) || st->st_size == 0)
        return 0;
    if (nfiles == capfiles) {
        capfiles = capfiles ? 2 * capfiles : 256;
        files = realloc(files, capfiles * sizeof *files);
        if (!files) {
            perror("bench-tokenize");
            exit(2);
        }
    }
    fl = &files[nfiles];
    fl->len = (size_t)st->st_size;
    fl->data = malloc(fl->len);
    f = fopen(path, "rb");
    if (!fl->data || !f) {
        fprintf(stderr, "bench-tokenize: %s: %s\n", path, strerror(errno));
        free(fl->data);
        if (f)
            fclose(f);
        return 0;
    }
    fl->len = fread(fl->data, 1, fl->len, f);
    fclose(f);
    total_bytes += fl->len;
    nfiles++;
    return 0;
}

struct counts {
    uint64_t tokens, term_bytes, kinds[6];
};

static int
count_tok(void *ctx, const struct tok *t)
{
    struct counts *c = ctx;

    c->tokens++;
    c->term_bytes += t->term_len;
    c->kinds[t->kind]++;
    return 0;
}

/* CPU time of this (single-threaded) process: on a shared machine it
 * measures one core's work, not the wait for a core. */
static double
cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
wall_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double last_wall; /* median wall time of the last measure() */

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median seconds of @p runs passes over all files. */
static double
measure(const char *stem, unsigned flags, int runs, struct counts *out)
{
    struct tokenizer *tz;
    char *msg = NULL;
    double t[64], w[64];
    int r;

    if (tokenizer_new(stem, &tz, &msg) != SOUSUO_OK) {
        fprintf(stderr, "bench-tokenize: %s\n", msg ? msg : "tokenizer_new");
        exit(2);
    }
    tokenizer_set_flags(tz, flags);
    for (r = 0; r < runs; r++) {
        struct counts c;
        double t0, w0;
        size_t i;

        memset(&c, 0, sizeof c);
        w0 = wall_now();
        t0 = cpu_now();
        for (i = 0; i < nfiles; i++) {
            int rc = tokenize(tz, TOK_DOCUMENT, files[i].data, files[i].len,
                              count_tok, &c);
            if (rc) {
                fprintf(stderr, "bench-tokenize: tokenize failed: %d\n", rc);
                exit(2);
            }
        }
        t[r] = cpu_now() - t0;
        w[r] = wall_now() - w0;
        *out = c;
    }
    tokenizer_free(tz);
    qsort(t, (size_t)runs, sizeof t[0], cmp_double);
    qsort(w, (size_t)runs, sizeof w[0], cmp_double);
    last_wall = w[runs / 2];
    return t[runs / 2];
}

static void
report(const char *name, double sec, double wall, const struct counts *c)
{
    printf("%-9s %7.3f s %7.1f MB/s %6.2f Mtok/s %6.1f ns/tok   "
           "(wall %.3f s, %.1f MB/s)\n",
           name, sec, (double)total_bytes / 1e6 / sec,
           (double)c->tokens / 1e6 / sec,
           sec * 1e9 / (double)(c->tokens ? c->tokens : 1), wall,
           (double)total_bytes / 1e6 / wall);
}

int
main(int argc, char **argv)
{
    const char *stem = "english";
    struct counts full, nofold, nostem, slowfold, nofast;
    double t_full, t_nofold, t_nostem, t_slowfold, t_nofast;
    double w_full, w_nofold, w_nostem, w_slowfold, w_nofast;
    const char *only = NULL;
    double folded;
    int runs = 5, opt, i;

    while ((opt = getopt(argc, argv, "c:r:s:")) != -1) {
        switch (opt) {
        case 'r':
            runs = atoi(optarg);
            if (runs < 1 || runs > 64)
                runs = 5;
            break;
        case 's':
            stem = optarg;
            break;
        case 'c':
            only = optarg;
            break;
        default:
            fprintf(stderr, "%s", usage);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    for (i = optind; i < argc; i++)
        if (nftw(argv[i], add_file, 16, FTW_PHYS) != 0)
            fprintf(stderr, "bench-tokenize: %s: %s\n", argv[i],
                    strerror(errno));
    if (total_bytes == 0) {
        fprintf(stderr, "bench-tokenize: no input\n");
        return 2;
    }
    printf("input: %zu files, %.1f MB; median of %d runs, one thread, "
           "CPU time\n",
           nfiles, (double)total_bytes / 1e6, runs);

    if (!only || strcmp(only, "full") == 0) {
        t_full = measure(stem, 0, runs, &full);
        w_full = last_wall;
    }
    if (only) {
        /* One configuration, e.g. under callgrind. */
        static const struct {
            const char *name;
            unsigned flags;
        } cf[] = { { "no-fold", TOK_F_NO_FOLD }, { "no-stem", 0 },
                   { "slow-fold", TOK_F_SLOW_FOLD },
                   { "no-fast", TOK_F_NO_FASTPATH } };
        size_t j;

        if (strcmp(only, "full") == 0) {
            report("full", t_full, w_full, &full);
            return 0;
        }
        for (j = 0; j < sizeof cf / sizeof cf[0]; j++) {
            if (strcmp(only, cf[j].name) == 0) {
                struct counts c;
                double t = measure(j == 1 ? "none" : stem, cf[j].flags, runs,
                                   &c);
                report(cf[j].name, t, last_wall, &c);
                return 0;
            }
        }
        fprintf(stderr, "%s", usage);
        return 2;
    }
    t_nofold = measure(stem, TOK_F_NO_FOLD, runs, &nofold);
    w_nofold = last_wall;
    t_nostem = measure("none", 0, runs, &nostem);
    w_nostem = last_wall;
    t_slowfold = measure(stem, TOK_F_SLOW_FOLD, runs, &slowfold);
    w_slowfold = last_wall;
    t_nofast = measure(stem, TOK_F_NO_FASTPATH, runs, &nofast);
    w_nofast = last_wall;

    printf("tokens: %llu (word %llu, number %llu, stem %llu, cjk-uni %llu, "
           "cjk-bi %llu, glue %llu)\n",
           (unsigned long long)full.tokens,
           (unsigned long long)full.kinds[TOK_WORD],
           (unsigned long long)full.kinds[TOK_NUMBER],
           (unsigned long long)full.kinds[TOK_STEM],
           (unsigned long long)full.kinds[TOK_CJK_UNI],
           (unsigned long long)full.kinds[TOK_CJK_BI],
           (unsigned long long)full.kinds[TOK_GLUE]);
    report("full", t_full, w_full, &full);
    report("no-fold", t_nofold, w_nofold, &nofold);
    report("no-stem", t_nostem, w_nostem, &nostem);
    report("slow-fold", t_slowfold, w_slowfold, &slowfold);
    report("no-fast", t_nofast, w_nofast, &nofast);
    /* Words, numbers and CJK characters are folded; stems, bigrams and
     * glue are made of folded terms. */
    folded = (double)(full.kinds[TOK_WORD] + full.kinds[TOK_NUMBER]
                      + full.kinds[TOK_CJK_UNI]);
    printf("normalisation (NFKC + case folding), per folded word or CJK "
           "character:\n"
           "  with the fast paths    %6.1f ns (%.0f%% of the time)\n"
           "  libunistring for all   %6.1f ns\n",
           (t_full - t_nofold) * 1e9 / folded,
           100.0 * (t_full - t_nofold) / t_full,
           (t_slowfold - t_nofold) * 1e9 / folded);
    printf("stemming (%s, cached), per word: %.1f ns\n", stem,
           (t_full - t_nostem) * 1e9
               / (double)(full.kinds[TOK_WORD] ? full.kinds[TOK_WORD] : 1));
    printf("all fast paths (folding, segmentation, stems) save %.1f ns per "
           "token\n",
           (t_nofast - t_full) * 1e9 / (double)full.tokens);
    for (i = 0; i < (int)nfiles; i++)
        free(files[i].data);
    free(files);
    return 0;
}
