/* runlock.c - the run lock of an index (runlock.h).
 *
 * flock(2), not fcntl(2) locks: it belongs to the open file, so nothing
 * else in the process that opens and closes the file (or a thread) can
 * drop it, and the kernel releases it when the run dies, however it dies.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "runlock.h"
#include "shards.h"

/* Enough for any number of runs removing the file one after another. */
#define TRIES_MAX 100

struct runlock {
    int fd;
    int made;   /* this run created the file */
    char *dir;  /* the index folder */
    char *path; /* its RUNLOCK_NAME */
};

static void
free_lock(struct runlock *l)
{
    if (!l)
        return;
    if (l->fd >= 0)
        close(l->fd);
    free(l->dir);
    free(l->path);
    free(l);
}

static sousuo_status_t
fail(struct runlock *l, sousuo_status_t st, struct buf *msg, char **errmsg)
{
    *errmsg = msg->len && !msg->err ? strdup(msg->data)
                                    : strdup(sousuo_status_str(st));
    buf_free(msg);
    free_lock(l);
    return st;
}

/* Open (making it if need be) the lock file: 0, or -1 with errno. */
static int
open_file(struct runlock *l)
{
    l->made = 0;
    /* Read-only is enough for flock(), and lets a user who may not write
     * the index get as far as Xapian's own, clearer, refusal. */
    l->fd = open(l->path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (l->fd >= 0) {
        l->made = 1;
        return 0;
    }
    if (errno != EEXIST)
        return -1;
    l->fd = open(l->path, O_RDONLY | O_CLOEXEC);
    return l->fd >= 0 ? 0 : -1;
}

sousuo_status_t
runlock_take(const char *index_dir, int create, struct runlock **out,
             char **errmsg)
{
    struct runlock *l = calloc(1, sizeof *l);
    struct buf msg = BUF_INIT, p = BUF_INIT;
    struct stat held, named;
    int tries;

    *out = NULL;
    *errmsg = NULL;
    if (!l)
        return fail(l, SOUSUO_NOMEM, &msg, errmsg);
    l->fd = -1;
    buf_addf(&p, "%s/%s", index_dir, RUNLOCK_NAME);
    l->path = buf_detach(&p, NULL);
    l->dir = strdup(index_dir);
    if (!l->path || !l->dir)
        return fail(l, SOUSUO_NOMEM, &msg, errmsg);
    for (tries = 0; tries < TRIES_MAX; tries++) {
        if (open_file(l) != 0) {
            if (errno != ENOENT)
                break;
            /* The folder is missing (or was removed just now by a run
             * that failed before making its index). */
            if (!create) {
                free_lock(l);
                return SOUSUO_OK;
            }
            if (mkdir(index_dir, 0777) != 0 && errno != EEXIST) {
                buf_addf(&msg, "cannot create '%s': %s", index_dir,
                         strerror(errno));
                return fail(l, SOUSUO_IO, &msg, errmsg);
            }
            continue;
        }
        if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EWOULDBLOCK) {
                buf_addf(&msg, "cannot open index '%s': locked by another "
                               "sousuo-index (%s)", index_dir, l->path);
                return fail(l, SOUSUO_LOCKED, &msg, errmsg);
            }
            if (errno != EINTR)
                break;
        } else if (fstat(l->fd, &held) == 0 && stat(l->path, &named) == 0 &&
                   held.st_dev == named.st_dev &&
                   held.st_ino == named.st_ino) {
            *out = l;
            return SOUSUO_OK;
        }
        /* The run that held it removed the file (runlock_release()):
         * this lock guards nothing any more. */
        close(l->fd);
        l->fd = -1;
    }
    buf_addf(&msg, "cannot lock index '%s': %s: %s", index_dir, l->path,
             tries < TRIES_MAX ? strerror(errno)
                               : "replaced again and again");
    return fail(l, SOUSUO_IO, &msg, errmsg);
}

void
runlock_release(struct runlock *l)
{
    if (!l)
        return;
    if (l->made && !shards_dir_has(l->dir, "iamglass") &&
        !shards_dir_has(l->dir, STUB_NAME))
        unlink(l->path);
    free_lock(l);
}
