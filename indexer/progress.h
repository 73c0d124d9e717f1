/* progress.h - one self-rewriting status line on a terminal:
 * files and MB done, rates and an ETA.  Silent unless enabled (stderr is
 * a TTY and not --quiet). */
#ifndef SOUSUO_PROGRESS_H
#define SOUSUO_PROGRESS_H

#include <stdint.h>
#include <time.h>

#include "walk.h"

struct progress {
    int enabled;
    uint64_t total_files; /* from progress_count(); 0 = unknown */
    struct timespec start, last;
    int drawn;
};

void progress_init(struct progress *p, int enabled);
/* Count the files under path that a run may visit (stat only). */
void progress_count(struct progress *p, const char *path,
                    const struct walk_opts *wo);
/* Redraw if the last draw is 250 ms old. */
void progress_update(struct progress *p, uint64_t files, uint64_t bytes);
/* Clear the line. */
void progress_done(struct progress *p);

#endif
