/* stdfds.h - make sure fds 0, 1 and 2 are open before anything else is.
 *
 * A program started with a standard fd closed would get that number from
 * its next open(): the index's database file could then be read as the
 * query list, or an error message written into it.  gnulib's stdopen().
 */
#ifndef SOUSUO_STDFDS_H
#define SOUSUO_STDFDS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Open each closed one of fds 0, 1, 2 on /dev/null, in the mode that
 * makes its use fail (0 write-only, 1 and 2 read-only), so a read of a
 * closed stdin or a write to a closed stdout fails with EBADF as it would
 * have, instead of silently succeeding.  Call first thing in main().
 * Returns 0, or -1 with errno set when /dev/null could not be opened. */
int stdfds_open(void);

#ifdef __cplusplus
}
#endif

#endif
