/* abort.h - a clear message and exit status 2 when Xapian aborts while
 * sousuo-index writes (sx_set_abort_handler). */
#ifndef SOUSUO_INDEXER_ABORT_H
#define SOUSUO_INDEXER_ABORT_H

/* From now on an abort inside Xapian prints one line naming the cause
 * (the disk holding @p index_dir is full, or unknown) and exits 2. */
void abort_handler_install(const char *index_dir);

#endif
