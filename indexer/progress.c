/* progress.c - see progress.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "extract.h"
#include "progress.h"

static double
seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) +
           (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void
progress_init(struct progress *p, int enabled)
{
    memset(p, 0, sizeof *p);
    p->enabled = enabled;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    p->last = p->start;
}

static int
count_file(void *ctx, const char *path, const struct stat *st)
{
    if (S_ISREG(st->st_mode) &&
        extract_format_for_path(path) != EXTRACT_UNSUPPORTED)
        ((struct progress *)ctx)->total_files++;
    return 0;
}

void
progress_count(struct progress *p, const char *path,
               const struct walk_opts *wo)
{
    if (p->enabled)
        walk(path, wo, count_file, NULL, p);
}

void
progress_update(struct progress *p, uint64_t files, uint64_t bytes)
{
    struct timespec now;
    double t, rate;
    char eta[32] = "";

    if (!p->enabled)
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (p->drawn && seconds(&p->last, &now) < 0.25)
        return;
    p->last = now;
    t = seconds(&p->start, &now);
    rate = t > 0 ? (double)files / t : 0;
    if (p->total_files && rate > 0 && files <= p->total_files) {
        unsigned long left = (unsigned long)((double)(p->total_files - files) / rate);
        snprintf(eta, sizeof eta, ", ETA %lu:%02lu", left / 60, left % 60);
    }
    fprintf(stderr, "\r\033[Ksousuo-index: %llu", (unsigned long long)files);
    if (p->total_files)
        fprintf(stderr, "/%llu", (unsigned long long)p->total_files);
    fprintf(stderr, " files, %.1f MB, %.0f files/s, %.1f MB/s%s",
            (double)bytes / 1e6, rate, t > 0 ? (double)bytes / 1e6 / t : 0.0,
            eta);
    fflush(stderr);
    p->drawn = 1;
}

void
progress_done(struct progress *p)
{
    if (p->enabled && p->drawn)
        fputs("\r\033[K", stderr);
    p->drawn = 0;
}
