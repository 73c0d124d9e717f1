/* update.c - the incremental indexing run; see update.h.
 *
 * Two threads share the work (both cores): a producer walks the paths,
 * decides against a read-only snapshot of the last committed revision
 * which files changed, reads, extracts, tokenizes and builds their Xapian
 * documents; the calling thread is the single Xapian writer and commits in
 * batches.  A bounded queue (queue.h) joins them.
 *
 * Memory stays a few times the largest file read (issue 8): files over
 * opts.max_size are not read, a file is read up to its size at open, a
 * binary one no further than its head, and a file is read only when its
 * bytes and those still held by any writer of the process fit in
 * FLIGHT_BYTES, or nothing else is held.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "extract.h"
#include "hash.h"
#include "indexdoc.h"
#include "queue.h"
#include "root.h"
#include "runlock.h"
#include "schema.h"
#include "shards.h"
#include "strset.h"
#include "tokenize.h"
#include "update.h"
#include "walk.h"
#include "xapian-shim.h"

#define QUEUE_ITEMS 256
#define QUEUE_BYTES (64u << 20)
#define FLIGHT_BYTES QUEUE_BYTES /* see flight below */
/* What a built document holds per distinct term (Xapian's term map entry
 * and position list), besides its text: documents of 5,000 terms in
 * 17 KB of text filled the 256 queue slots with 190 MB when the budget
 * counted text bytes alone. */
#define DOC_TERM_BYTES 150
#define TMP_KEEP (1u << 20) /* a read buffer up to this is kept for the next */

/* One change for the writer. */
struct op {
    enum { OP_DOC, OP_TOUCH } kind;
    int existed;
    sx_docid docid;   /* OP_TOUCH */
    sx_doc *doc;      /* OP_DOC */
    struct buf key;   /* OP_DOC: the id term; OP_TOUCH: the new stat value */
    struct buf spell; /* OP_DOC: words for the spelling table */
    size_t bytes;     /* text bytes, for batching */
    size_t terms;     /* OP_DOC: distinct terms, for big_doc() and batching */
    size_t cost;      /* its memory, roughly, for the queue budget */
    char rel[];       /* relative path, for messages */
};

struct update {
    struct update_opts opts;
    struct update_stats stats;
    size_t root_len;
    struct buf scopes;    /* relative paths to walk, each NUL-terminated */
    struct buf unmatched; /* scopes gone that named no document here */
    struct buf errmsg;
    int fatal;            /* a fatal error was recorded in errmsg */
    pthread_mutex_t msg_lock; /* errmsg and stderr lines from both threads */
    pthread_mutex_t snap_lock; /* no commit while the producer reads */

    /* The writer (calling thread). */
    sx_db *db;
    struct sx_error err;
    size_t pending_docs, pending_bytes, pending_terms;
    int changed;          /* this run wrote something */
    int dirty;            /* something was written since the last commit */
    unsigned long doc_errors; /* documents the index refused (writer's) */
    char tokenizer_id[128];
    int reextract;        /* an older extractor made the index's documents:
                           * re-read every file (META_EXTRACTOR) */
    int64_t start_ns;     /* when the run began, on the clock that stamps
                           * files' mtimes (see racy()) */

    /* The producer thread. */
    sx_db *snap;          /* read-only: the last committed revision */
    struct tokenizer *tz;
    struct sx_error perr;
    struct strset seen;   /* relative paths whose document stays */
    struct strset visited; /* files handled, when scopes may overlap */
    int overlap;          /* more than one scope: a file may come twice */
    uint64_t files_seen;  /* for the progress line */
    struct buf keep;      /* unreadable folders: what is below them stays */
    struct buf tmp, val;
    struct queue q;
    atomic_int abort;     /* the writer failed: stop producing */
    uint64_t reserved;    /* of flight.bytes, for the file being read */
};

/* Bytes of the files being read and built and of the documents queued
 * or being written, over all the updates of the process (the shards of
 * a run run in parallel), so that a big file is not read while another
 * is still held: memory is the process's.  cv is signalled as they go. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t cv;
    uint64_t bytes;
} flight = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };

static void
set_fatal(struct update *u, const char *fmt, const char *a, const char *b)
{
    pthread_mutex_lock(&u->msg_lock);
    if (!u->fatal) {
        buf_reset(&u->errmsg);
        buf_addf(&u->errmsg, fmt, a, b);
        u->fatal = 1;
    }
    pthread_mutex_unlock(&u->msg_lock);
}

/* Only called by the reading thread, which also draws the progress. */
static void
warn(struct update *u, const char *rel, const char *what)
{
    pthread_mutex_lock(&u->msg_lock);
    if (u->opts.progress)
        progress_done(u->opts.progress); /* a line of its own */
    fprintf(stderr, "sousuo-index: %s: %s\n", rel, what);
    pthread_mutex_unlock(&u->msg_lock);
}

static void
note(struct update *u, const char *what, const char *rel)
{
    if (u->opts.verbose) {
        pthread_mutex_lock(&u->msg_lock);
        fprintf(stderr, "%s %s\n", what, rel);
        pthread_mutex_unlock(&u->msg_lock);
    }
}

/* Is every file to be read, changed or not?  With --full, and when the
 * index's documents are an older extractor's. */
static int
reread_all(const struct update *u)
{
    return u->opts.full || u->reextract;
}

/* The file's path relative to the root ("" for the root itself). */
static const char *
relpath(const struct update *u, const char *abspath)
{
    const char *rel = abspath + u->root_len;

    while (*rel == '/')
        rel++;
    return rel;
}

static int64_t
mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* Could the file change again, after it was read, and keep its mtime?
 * Yes if its mtime is not older than the run: a file system stamps a
 * change with the kernel's coarse clock, so two writes in one tick (a few
 * ms) get one mtime, and a second save of the same size would look
 * unchanged.  Such a stat value is stored marked racy, and the next run
 * reads the file again (its hash tells whether to index it).  A file
 * dated in the future is read again each run; that is the price. */
static int
racy(const struct update *u, const struct stat *st)
{
    return mtime_ns(st) >= u->start_ns;
}

/* What read_file() did. */
enum read_result { READ_OK, READ_ERROR, READ_TOO_LARGE, READ_BINARY };

/* Append bytes from fd to out until it holds want bytes or the file ends.
 * Returns 0, or -1 with errno set. */
static int
read_upto(int fd, struct buf *out, size_t want)
{
    ssize_t n;

    /* Grown even for 0 bytes: the '\0' below must not go to the shared,
     * read-only empty string of an unused buffer (buf.h). */
    if (buf_grow(out, want > out->len ? want - out->len : 0) < 0) {
        errno = ENOMEM;
        return -1;
    }
    while (out->len < want) {
        n = read(fd, out->data + out->len, want - out->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break; /* it shrank: what is there is the file */
        out->len += (size_t)n;
    }
    out->data[out->len] = '\0';
    return 0;
}

/* Read the file at path into out as it was when opened: no more than the
 * size fstat() gives then, so that a file growing while it is read (a log,
 * `yes > f`) is read as a snapshot, not until memory runs out.  A file
 * over max_size bytes (0: no limit) is not read at all, one whose first
 * EXTRACT_SNIFF_LEN bytes are binary no further.  READ_ERROR sets errno. */
static enum read_result
read_file(const char *path, uint64_t max_size, const char *encoding,
          struct buf *out)
{
    /* O_NONBLOCK: a file swapped for a FIFO since the walk's stat() must
     * not block the run in open(). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), e;
    enum read_result r = READ_OK;
    struct stat st;
    size_t size;

    buf_reset(out);
    if (fd < 0)
        return READ_ERROR;
    if (fstat(fd, &st) != 0)
        goto fail;
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        goto fail;
    }
    if (max_size && (uint64_t)st.st_size > max_size) {
        close(fd);
        return READ_TOO_LARGE;
    }
    if ((uint64_t)st.st_size >= SIZE_MAX) {
        errno = EFBIG;
        goto fail;
    }
    size = (size_t)st.st_size;
    if (read_upto(fd, out, size < EXTRACT_SNIFF_LEN ? size : EXTRACT_SNIFF_LEN))
        goto fail;
    if (extract_is_binary(out->data, out->len, encoding))
        r = READ_BINARY;
    else if (read_upto(fd, out, size))
        goto fail;
    if (close(fd) != 0)
        return READ_ERROR;
    return r;
fail:
    e = errno;
    close(fd);
    errno = e;
    return READ_ERROR;
}

static void
op_free(struct op *op)
{
    if (!op)
        return;
    sx_doc_free(op->doc);
    buf_free(&op->key);
    buf_free(&op->spell);
    free(op);
}

static struct op *
op_new(int kind, const char *rel)
{
    size_t n = strlen(rel);
    struct op *op = calloc(1, sizeof *op + n + 1);

    if (!op)
        return NULL;
    op->kind = kind;
    buf_init(&op->key);
    buf_init(&op->spell);
    memcpy(op->rel, rel, n + 1);
    return op;
}

/* ---- the producer ------------------------------------------------------- */

/* Mark rel as staying in the index.  0, or 1 to stop the walk. */
static int
keep_doc(struct update *u, const char *rel)
{
    if (strset_add(&u->seen, rel, strlen(rel)) < 0) {
        set_fatal(u, "out of memory (%s)%s", rel, "");
        return 1;
    }
    return 0;
}

/* Reserve size bytes for reading and building a file, once they fit in
 * the budget or nothing else is in flight: a writer holding one big
 * document while a producer built the next took twice the memory of
 * either (issue 8). */
static void
flight_reserve(struct update *u, uint64_t size)
{
    pthread_mutex_lock(&flight.lock);
    while (flight.bytes && flight.bytes + size > FLIGHT_BYTES && !u->abort)
        pthread_cond_wait(&flight.cv, &flight.lock);
    flight.bytes += size;
    u->reserved = size;
    pthread_mutex_unlock(&flight.lock);
}

/* Replace the reservation by the n text bytes of the document sent. */
static void
flight_settle(struct update *u, size_t n)
{
    pthread_mutex_lock(&flight.lock);
    flight.bytes = flight.bytes - u->reserved + n;
    u->reserved = 0;
    pthread_cond_broadcast(&flight.cv);
    pthread_mutex_unlock(&flight.lock);
}

/* The writer freed a document of n text bytes. */
static void
flight_done(size_t n)
{
    pthread_mutex_lock(&flight.lock);
    flight.bytes -= n;
    pthread_cond_broadcast(&flight.cv);
    pthread_mutex_unlock(&flight.lock);
}

/* Hand op to the writer.  0, or 1 to stop the walk. */
static int
send(struct update *u, struct op *op)
{
    if (!op) {
        set_fatal(u, "out of memory%s%s", "", "");
        return 1;
    }
    flight_settle(u, op->cost);
    if (queue_push(&u->q, op, op->cost) != 0) {
        flight_done(op->cost);
        op_free(op);
        return 1; /* the writer stopped */
    }
    return 0;
}

/* Once a file's bytes are used: a big file's buffer goes now rather than
 * with the next file, one copy fewer at the peak. */
static void
release_tmp(struct update *u)
{
    if (u->tmp.cap > TMP_KEEP)
        buf_free(&u->tmp);
}

/* Say what the per-document limits left out of rel (indexdoc.h), and
 * count it once. */
static void
warn_cut(struct update *u, const char *rel, const struct indexdoc_cut *cut,
         size_t text_len)
{
    char msg[200];

    if (!cut->terms && !cut->stored)
        return;
    u->stats.truncated++;
    if (cut->terms) {
        snprintf(msg, sizeof msg, "truncated: only the start of its text is "
                 "searchable (limits: %u distinct terms, %u words)",
                 INDEXDOC_MAX_TERMS, INDEXDOC_MAX_POSTINGS);
        warn(u, rel, msg);
    }
    if (cut->stored) {
        snprintf(msg, sizeof msg, "truncated: only the first %zu of its "
                 "%zu bytes of text are stored; snippets show no match "
                 "past them", cut->stored_len, text_len);
        warn(u, rel, msg);
    }
}

/* Extract, tokenize and queue a changed file (its bytes in u->tmp). */
static int
produce_doc(struct update *u, const char *path, const char *rel,
            const struct stat *st, uint64_t hash, int existed)
{
    struct extract ex;
    struct indexdoc in;
    struct op *op;
    char *emsg = NULL;
    struct indexdoc_cut cut;
    sousuo_status_t s;

    memset(&ex, 0, sizeof ex);
    s = extract_buffer(path, u->tmp.data, u->tmp.len, u->opts.encoding, &ex,
                       &emsg);
    release_tmp(u);
    if (s != SOUSUO_OK) {
        warn(u, rel, emsg ? emsg : sousuo_status_str(s));
        free(emsg);
        u->stats.errors++;
        return keep_doc(u, rel);
    }
    if (ex.format == EXTRACT_BINARY || ex.format == EXTRACT_UNSUPPORTED) {
        /* Not marked seen: a file that turned binary leaves the index. */
        if (ex.format == EXTRACT_BINARY)
            u->stats.binary++;
        else
            u->stats.unsupported++;
        note(u, "skip-binary", rel);
        extract_free(&ex);
        return 0;
    }
    op = op_new(OP_DOC, rel);
    if (!op) {
        extract_free(&ex);
        return send(u, NULL);
    }
    op->existed = existed;
    memset(&in, 0, sizeof in);
    in.relpath = rel;
    in.relpath_len = strlen(rel);
    in.title = ex.title;
    in.title_len = strlen(ex.title);
    in.headings = ex.headings;
    in.headings_len = ex.headings_len;
    in.text = ex.text;
    in.text_len = ex.text_len;
    in.colmap = ex.colmap;
    in.colmap_len = ex.colmap_len;
    in.date = ex.date;
    in.size = (uint64_t)st->st_size;
    in.mtime_ns = mtime_ns(st);
    in.ino = (uint64_t)st->st_ino;
    in.racy = racy(u, st);
    in.hash = hash;
    s = indexdoc_build(u->tz, &in, &op->doc, &op->spell, &cut, &u->perr);
    if (s == SOUSUO_OK)
        warn_cut(u, rel, &cut, ex.text_len);
    indexdoc_idterm(rel, in.relpath_len, &op->key);
    op->bytes = ex.text_len;
    op->terms = op->doc ? sx_doc_term_count(op->doc) : 0;
    op->cost = op->bytes + op->terms * DOC_TERM_BYTES;
    extract_free(&ex);
    if (s != SOUSUO_OK || op->key.err || op->spell.err) {
        set_fatal(u, "cannot index %s: %s", rel,
                  s != SOUSUO_OK ? u->perr.msg : "out of memory");
        op_free(op);
        return 1;
    }
    if (keep_doc(u, rel))
        return 1;
    return send(u, op);
}

/* What the snapshot knows of rel: its docid (0 if none) and, into
 * u->val and *hash_hex, its stat and hash values.  The writer commits
 * while we read; once our revision is discarded, reopen and read again
 * (what a reopened snapshot says is still right: files this run already
 * wrote carry their new stat values). */
static sousuo_status_t
snap_lookup(struct update *u, const char *rel, sx_docid *docid,
            char hash_hex[17])
{
    sousuo_status_t s = SOUSUO_OK;
    int attempt;

    /* Our own writer cannot commit while we hold snap_lock, so after one
     * reopen the revision read stays readable (tests/cli/T120); the
     * retries are left for Xapian's own flushes and other writers. */
    pthread_mutex_lock(&u->snap_lock);
    for (attempt = 0; attempt < 5; attempt++) {
        *docid = 0;
        hash_hex[0] = '\0';
        indexdoc_idterm(rel, strlen(rel), &u->val);
        s = sx_db_find_term(u->snap, u->val.data, u->val.len, docid, &u->perr);
        if (s == SOUSUO_OK && *docid) {
            s = sx_db_document_value(u->snap, *docid, SLOT_HASH, &u->val,
                                     &u->perr);
            if (s == SOUSUO_OK && u->val.len == 16) {
                memcpy(hash_hex, u->val.data, 16);
                hash_hex[16] = '\0';
            }
            if (s == SOUSUO_OK)
                s = sx_db_document_value(u->snap, *docid, SLOT_STAT, &u->val,
                                         &u->perr);
        }
        if (s != SOUSUO_MODIFIED)
            break;
        s = sx_db_reopen(u->snap, NULL, &u->perr);
        if (s != SOUSUO_OK)
            break;
        s = SOUSUO_MODIFIED;
    }
    pthread_mutex_unlock(&u->snap_lock);
    return s;
}

/* Read a file that may have changed and hand what it holds to the
 * writer.  0, or 1 to stop the walk. */
static int
read_changed(struct update *u, const char *path, const char *rel,
             const struct stat *st, sx_docid docid, const char *old_hash)
{
    uint64_t hash;
    char hex[17];
    enum read_result r;

    r = read_file(path, u->opts.max_size, u->opts.encoding, &u->tmp);
    if (r == READ_ERROR && walk_gone_errno(errno)) {
        /* Removed since the walk saw it: not seen, so update_finish()
         * removes its document, as the next run would. */
        note(u, "vanished", rel);
        release_tmp(u);
        return 0;
    }
    if (r == READ_ERROR) {
        /* Keep what the index had: an unreadable file loses nothing. */
        warn(u, rel, strerror(errno));
        u->stats.errors++;
        return keep_doc(u, rel);
    }
    u->stats.bytes += u->tmp.len;
    if (u->opts.bytes_read)
        atomic_fetch_add(u->opts.bytes_read, u->tmp.len);
    /* Not marked seen: a file that grew too large or turned binary leaves
     * the index. */
    if (r == READ_TOO_LARGE) {
        u->stats.too_large++;
        note(u, "skip-too-large", rel);
        return 0;
    }
    if (r == READ_BINARY) {
        u->stats.binary++;
        note(u, "skip-binary", rel);
        return 0;
    }
    hash = fnv1a64(FNV64_INIT, u->tmp.data, u->tmp.len);
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
    if (docid && !reread_all(u) && strcmp(old_hash, hex) == 0) {
        /* Touched, same bytes: record the new mtime, skip the work. */
        struct op *op = op_new(OP_TOUCH, rel);

        release_tmp(u);
        if (op) {
            op->docid = docid;
            indexdoc_stat_value((uint64_t)st->st_size, mtime_ns(st),
                                (uint64_t)st->st_ino, racy(u, st), &op->key);
        }
        return keep_doc(u, rel) || send(u, op);
    }
    return produce_doc(u, path, rel, st, hash, docid != 0);
}

/* Does the stored stat value (in u->val) still describe st?  Size, mtime
 * and inode: a symlink switched to another file of the same size and
 * time has another inode.  A value without one (an older index) is
 * compared on size and mtime only, so that it is not read again. */
static int
stat_unchanged(struct update *u, const struct stat *st)
{
    const char *sp;

    indexdoc_stat_value((uint64_t)st->st_size, mtime_ns(st),
                        (uint64_t)st->st_ino, 0, &u->tmp);
    if (u->val.len == u->tmp.len &&
        memcmp(u->val.data, u->tmp.data, u->tmp.len) == 0)
        return 1;
    sp = memchr(u->val.data, ' ', u->val.len);
    if (!sp || memchr(sp + 1, ' ', u->val.len - (size_t)(sp + 1 - u->val.data)))
        return 0; /* not two fields: it has an inode, another one */
    indexdoc_stat_value((uint64_t)st->st_size, mtime_ns(st), 0, 0, &u->tmp);
    return u->val.len == u->tmp.len &&
           memcmp(u->val.data, u->tmp.data, u->tmp.len) == 0;
}

static int
on_file(void *ctx, const char *path, const struct stat *st)
{
    struct update *u = ctx;
    const char *rel = relpath(u, path);
    sx_docid docid = 0;
    char old_hash[17];
    sousuo_status_t s;
    int rc;

    if ((u->opts.stop && *u->opts.stop) || u->abort)
        return 1;
    if (u->opts.progress)
        progress_update(u->opts.progress, ++u->files_seen,
                        u->opts.bytes_read ? *u->opts.bytes_read
                                           : u->stats.bytes);
    /* Not marked seen: a link whose target went leaves the index. */
    if (S_ISLNK(st->st_mode)) {
        if (u->opts.shard == 0) { /* every shard walks it: count it once */
            u->stats.dangling++;
            note(u, "skip-dangling", rel);
        }
        return 0;
    }
    if (!S_ISREG(st->st_mode)) { /* never read: it could block or never end */
        if (u->opts.shard == 0) /* every shard walks it: say it once */
            note(u, "skip-special", rel);
        return 0;
    }
    if (shard_of(rel, strlen(rel), u->opts.nshards) != u->opts.shard)
        return 0; /* another shard's file */
    /* Named twice, or named with a folder that holds it: once only, or
     * the summary counts it twice. */
    if (u->overlap && (rc = strset_add(&u->visited, rel, strlen(rel))) <= 0) {
        if (rc == 0)
            return 0;
        set_fatal(u, "out of memory (%s)%s", rel, "");
        return 1;
    }
    if (extract_format_for_path(path) == EXTRACT_UNSUPPORTED) {
        u->stats.unsupported++;
        note(u, "skip-format", rel);
        return 0;
    }
    s = snap_lookup(u, rel, &docid, old_hash);
    if (s != SOUSUO_OK) {
        set_fatal(u, "cannot read the index at %s: %s", rel, u->perr.msg);
        return 1;
    }
    if (docid && !reread_all(u) && stat_unchanged(u, st)) {
        u->stats.unchanged++;
        return keep_doc(u, rel); /* not even opened */
    }
    /* Room for it in memory, unless it is to be skipped unread; what is
     * not handed to the writer is given back after. */
    flight_reserve(u, u->opts.max_size &&
                      (uint64_t)st->st_size > u->opts.max_size
                          ? 0 : (uint64_t)st->st_size);
    rc = read_changed(u, path, rel, st, docid, old_hash);
    flight_settle(u, 0);
    return rc;
}

/* Is errnum, from stat(path), a link whose target is missing (ENOTDIR:
 * a file stands where the target's path has a folder)? */
static int
is_dangling(const char *path, int errnum)
{
    struct stat st;

    return walk_gone_errno(errnum) && lstat(path, &st) == 0 &&
           S_ISLNK(st.st_mode);
}

/* Why path cannot be read.  A link named on the command line whose
 * target is missing says so: "No such file" of a name ls shows puzzles
 * (one met by the walk is skipped, see on_file()). */
static const char *
dangling_msg(struct update *u, const char *path, int errnum)
{
    char target[256];
    ssize_t n;

    if (!is_dangling(path, errnum))
        return strerror(errnum);
    n = readlink(path, target, sizeof target - 1);
    target[n > 0 ? n : 0] = '\0';
    buf_reset(&u->val);
    buf_addf(&u->val, "symbolic link to a missing target '%s'", target);
    return u->val.err ? strerror(errnum) : u->val.data;
}

static int
on_error(void *ctx, const char *path, int errnum)
{
    struct update *u = ctx;
    const char *rel = relpath(u, path);

    if (u->opts.shard == 0) { /* every shard walks it: say it once */
        warn(u, *rel ? rel : path, dangling_msg(u, path, errnum));
        u->stats.errors++;
    }
    /* Whatever the index had below an unreadable entry stays.  Not a
     * link whose target went: it leaves the index as when the walk meets
     * it (on_file()), so that naming it, as a save hook may after the
     * target was deleted, is still an error but keeps no stale text. */
    if (is_dangling(path, errnum))
        return 0;
    buf_add(&u->keep, rel, strlen(rel) + 1);
    return u->keep.err ? 1 : 0;
}

static void *
producer(void *arg)
{
    struct update *u = arg;
    struct walk_opts wo = { u->opts.excludes, 0, u->opts.root,
                            u->opts.own_dir };
    const char *p, *end = u->scopes.data + u->scopes.len;
    struct buf abs = BUF_INIT;

    u->overlap = u->scopes.len > strlen(u->scopes.data) + 1;
    for (p = u->scopes.data; p < end && !u->abort; p += strlen(p) + 1) {
        if (u->opts.stop && *u->opts.stop)
            break;
        struct stat st;

        buf_reset(&abs);
        buf_addf(&abs, "%s%s%s", u->opts.root, *p ? "/" : "", p);
        if (abs.err) {
            set_fatal(u, "out of memory%s%s", "", "");
            break;
        }
        if (lstat(abs.data, &st) != 0 && walk_gone_errno(errno))
            continue; /* gone: update_finish() removes what was there */
        if (walk(abs.data, &wo, on_file, on_error, u) != 0)
            break; /* stopped, aborted or failed */
    }
    buf_free(&abs);
    if (u->opts.progress)
        progress_done(u->opts.progress);
    queue_close(&u->q);
    return NULL;
}

/* ---- the writer ----------------------------------------------------------- */

static sousuo_status_t
commit_batch(struct update *u)
{
    sousuo_status_t st;

    pthread_mutex_lock(&u->snap_lock);
    st = sx_db_commit(u->db, &u->err);
    pthread_mutex_unlock(&u->snap_lock);
    if (st != SOUSUO_OK) {
        set_fatal(u, "cannot commit to the index%s: %s", "", u->err.msg);
        return st;
    }
    u->pending_docs = u->pending_bytes = u->pending_terms = 0;
    u->dirty = 0;
    return SOUSUO_OK;
}

/* Is op a big document?  Xapian holds its postings in memory until a
 * commit (about 450 bytes per distinct term: 110 MB at the 250,000 of
 * INDEXDOC_MAX_TERMS), so it is committed on its own, the batch before it
 * first, and once freed the memory goes back to the system before the
 * next file is read: each thread's malloc arena would keep it, while
 * another thread's grew for the next document. */
#define BIG_DOC_TERMS (INDEXDOC_MAX_TERMS / 4)

/* A batch's memory in Xapian grows with its (document, term) pairs, about
 * 100 bytes each, more than with its documents or bytes: 4,000 files of
 * 2,500 distinct words each peaked at 1.36 GB in batches of 2,000
 * documents (bench-hostile.sh, case cjk-mixed).  The bench corpus averages
 * 542 terms a document, so it now commits every 920 documents or so: in 4
 * interleaved runs as fast as with 2,000 (median 33.7 s against 36.6 s,
 * under load), at 152 MB peak instead of 270. */
#define BATCH_TERMS 500000u

/* This writer's share of a budget of the process (BATCH_TERMS, the
 * queue's bytes): the writers of a sharded run share it, so parallel
 * parts (shards.h) take no more memory than one writer. */
static size_t
per_writer(const struct update *u, size_t budget)
{
    return u->opts.nshards > 1 ? budget / u->opts.nshards : budget;
}

static int
big_doc(const struct update *u, const struct op *op)
{
    return op->bytes >= u->opts.batch_bytes / 4 || op->terms >= BIG_DOC_TERMS;
}

static void
give_back_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* A document the index could not take, for a reason of its own: refused
 * before Xapian saw it (SOUSUO_INVAL: its data over the backend's limit),
 * or failed in Xapian for want of memory when nothing else was waiting
 * for a commit, so that Xapian, which then discards all that is, lost
 * only it.  It is named and counted as an error, and the run goes on;
 * the index keeps what it had for the file, and the next run tries
 * again.  Returns 0 for any other failure: the index's own. */
static int
doc_refused(struct update *u, const struct op *op, sousuo_status_t st,
            int alone)
{
    if (st != SOUSUO_INVAL && !(st == SOUSUO_NOMEM && alone))
        return 0;
    pthread_mutex_lock(&u->msg_lock);
    if (u->opts.progress && u->opts.progress->enabled)
        fputs("\r\033[K", stderr); /* the reader redraws it */
    fprintf(stderr, "sousuo-index: %s: not indexed: %s\n", op->rel,
            u->err.msg);
    pthread_mutex_unlock(&u->msg_lock);
    u->doc_errors++;
    return 1;
}

static sousuo_status_t
apply(struct update *u, struct op *op)
{
    sousuo_status_t st;
    const char *p, *end;
    int alone;

    if (op->kind == OP_TOUCH) {
        st = sx_db_set_document_value(u->db, op->docid, SLOT_STAT,
                                      op->key.data, op->key.len, &u->err);
        if (st == SOUSUO_OK) {
            u->stats.touched++;
            note(u, "touch", op->rel);
        }
    } else {
        /* Alone since the last commit, a big document that fails in
         * Xapian takes nothing else with it. */
        if (u->dirty && big_doc(u, op)) {
            st = commit_batch(u);
            if (st != SOUSUO_OK)
                return st;
        }
        alone = !u->dirty;
        st = sx_db_replace_document(u->db, op->key.data, op->key.len, op->doc,
                                    NULL, &u->err);
        if (st != SOUSUO_OK && doc_refused(u, op, st, alone))
            return SOUSUO_OK;
        for (p = op->spell.data, end = p + op->spell.len;
             st == SOUSUO_OK && p < end; p += strlen(p) + 1)
            st = sx_db_add_spelling(u->db, p, strlen(p), 1, &u->err);
        if (st == SOUSUO_OK) {
            if (op->existed)
                u->stats.updated++;
            else
                u->stats.added++;
            note(u, op->existed ? "update" : "add", op->rel);
        }
    }
    if (st != SOUSUO_OK) {
        set_fatal(u, "cannot write %s to the index: %s", op->rel, u->err.msg);
        return st;
    }
    u->dirty = 1;
    u->pending_docs++;
    u->pending_bytes += op->bytes;
    u->pending_terms += op->terms;
    if (big_doc(u, op))
        return commit_batch(u);
    if (u->pending_docs >= u->opts.batch_docs ||
        u->pending_bytes >= u->opts.batch_bytes ||
        u->pending_terms >= per_writer(u, BATCH_TERMS))
        return commit_batch(u);
    return SOUSUO_OK;
}

sousuo_status_t
update_run(struct update *u)
{
    pthread_t thread;
    struct op *op;
    sousuo_status_t st = SOUSUO_OK;
    size_t bytes;
    int rc, big;

    /* The producer reads the last committed revision, which is what the
     * change test must compare with. */
    st = sx_db_open(u->opts.index_dir, &u->snap, &u->perr);
    if (st == SOUSUO_OK &&
        queue_init(&u->q, QUEUE_ITEMS, per_writer(u, QUEUE_BYTES)) != 0)
        st = SOUSUO_NOMEM;
    if (st != SOUSUO_OK) {
        set_fatal(u, "cannot read index '%s': %s", u->opts.index_dir,
                  st == SOUSUO_NOMEM ? "out of memory" : u->perr.msg);
        return st;
    }
    rc = pthread_create(&thread, NULL, producer, u);
    if (rc != 0) {
        queue_destroy(&u->q);
        set_fatal(u, "cannot start a thread%s: %s", "", strerror(rc));
        return SOUSUO_NOMEM;
    }
    while ((op = queue_pop(&u->q)) != NULL) {
        if (st == SOUSUO_OK && apply(u, op) != SOUSUO_OK) {
            st = SOUSUO_BACKEND;
            u->abort = 1;
            queue_close(&u->q); /* the producer stops; we drain */
        }
        bytes = op->cost;
        big = big_doc(u, op);
        op_free(op);
        if (big)
            give_back_memory();
        flight_done(bytes);
    }
    pthread_join(thread, NULL);
    u->stats.errors += u->doc_errors; /* the producer's count is done */
    u->doc_errors = 0;
    queue_destroy(&u->q);
    sx_db_close(u->snap);
    u->snap = NULL;
    if (st == SOUSUO_OK && u->fatal)
        st = SOUSUO_BACKEND;
    return st;
}

/* ---- the end of a run ----------------------------------------------------- */

/* Is rel equal to or below one of the NUL-separated prefixes in list? */
static int
under(const char *p, const char *rel, size_t len)
{
    size_t n = strlen(p);

    return n == 0 ||
           (len >= n && memcmp(rel, p, n) == 0 && (len == n || rel[n] == '/'));
}

static int
under_any(const struct buf *list, const char *rel, size_t len)
{
    const char *p = list->data, *end = p + list->len;

    for (; p < end; p += strlen(p) + 1)
        if (under(p, rel, len))
            return 1;
    return 0;
}

struct vanished {
    struct update *u;
    struct buf ids;      /* id terms to delete, NUL-separated */
    struct strset found; /* ids already listed (scopes may overlap) */
    sousuo_status_t st;
    const char *scope;   /* the scope being listed */
    int hit;             /* it has a document */
};

static int
on_id_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    struct vanished *v = ctx;
    struct update *u = v->u;
    sx_docid docid = 0;

    (void)freq;
    v->st = sx_db_find_term(u->db, term, len, &docid, &u->err);
    if (v->st == SOUSUO_OK && docid)
        v->st = sx_db_document_value(u->db, docid, SLOT_PATH, &u->val, &u->err);
    if (v->st != SOUSUO_OK)
        return 1;
    if (docid && under(v->scope, u->val.data, u->val.len))
        v->hit = 1;
    if (docid && under_any(&u->scopes, u->val.data, u->val.len) &&
        !under_any(&u->keep, u->val.data, u->val.len) &&
        !strset_has(&u->seen, u->val.data, u->val.len) &&
        strset_add(&v->found, term, len) == 1) {
        buf_add(&v->ids, term, len);
        buf_addch(&v->ids, '\0');
        note(u, "remove", u->val.data);
    }
    return 0;
}

/* Set a metadata value unless it already has it: a run that changes
 * nothing must write nothing (no new revision for readers to reopen). */
static void
set_meta_str(struct update *u, const char *key, const char *val,
             sousuo_status_t *st)
{
    if (*st == SOUSUO_OK)
        *st = sx_db_get_metadata(u->db, key, &u->val, &u->err);
    if (*st == SOUSUO_OK && strcmp(u->val.data, val) != 0) {
        *st = sx_db_set_metadata(u->db, key, val, strlen(val), &u->err);
        u->changed = u->dirty = 1;
    }
}

/* Is the scope rel no longer there? */
static int
gone(struct update *u, const char *rel)
{
    struct buf b = BUF_INIT;
    struct stat st;
    int r;

    buf_addf(&b, "%s/%s", u->opts.root, rel);
    r = !b.err && lstat(b.data, &st) != 0 && walk_gone_errno(errno);
    buf_free(&b);
    return r;
}

sousuo_status_t
update_finish(struct update *u)
{
    struct vanished v = { u, BUF_INIT, STRSET_INIT, SOUSUO_OK, NULL, 0 };
    struct buf pfx = BUF_INIT;
    const char *p, *end;
    char stamp[32];
    time_t now = time(NULL);
    sousuo_status_t st = SOUSUO_OK;

    /* Only the id terms under the walked paths: a one-file update reads
     * a handful of terms, not the whole index. */
    end = u->scopes.data + u->scopes.len;
    for (p = u->scopes.data; p < end && st == SOUSUO_OK && v.st == SOUSUO_OK;
         p += strlen(p) + 1) {
        buf_reset(&pfx);
        buf_addf(&pfx, "%s%s", PFX_ID, p);
        if (!*p) /* the root: every document */
            pfx.len = strlen(PFX_ID);
        else if (strlen(p) > ID_TERM_KEEP) /* on_id_term() checks the rest */
            pfx.len = strlen(PFX_ID) + ID_TERM_KEEP;
        v.scope = p;
        v.hit = 0;
        st = pfx.err ? SOUSUO_NOMEM
                     : sx_db_allterms(u->db, pfx.data, pfx.len, on_id_term,
                                      &v, &u->err);
        if (st == SOUSUO_OK && !v.hit && gone(u, p))
            buf_add(&u->unmatched, p, strlen(p) + 1);
    }
    buf_free(&pfx);
    strset_free(&v.found);
    if (st == SOUSUO_OK)
        st = v.st;
    if (st == SOUSUO_OK && v.ids.err)
        st = SOUSUO_NOMEM;
    for (p = v.ids.data, end = p + v.ids.len; st == SOUSUO_OK && p < end;
         p += strlen(p) + 1) {
        st = sx_db_delete_document(u->db, p, strlen(p), &u->err);
        u->stats.removed++;
    }
    buf_free(&v.ids);
    if (st != SOUSUO_OK) {
        set_fatal(u, "cannot remove vanished files%s: %s", "", u->err.msg);
        return st;
    }
    /* Every file of the tree was read again: the documents are now this
     * extractor's.  Only here, at the end of a complete run: a run killed
     * or stopped before leaves the old version, and the next run reads
     * every file again.  (A file that could not be read keeps its
     * document, as in any run; a run over part of the tree proves
     * nothing of the rest.) */
    if (u->reextract && u->opts.whole_root)
        set_meta_str(u, META_EXTRACTOR, EXTRACT_VERSION, &st);
    if (!u->changed && !u->stats.added && !u->stats.updated &&
        !u->stats.removed && !u->stats.touched)
        return SOUSUO_OK; /* nothing to commit: no new revision */
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    set_meta_str(u, META_UPDATED, stamp, &st);
    if (st != SOUSUO_OK) {
        set_fatal(u, "cannot write index metadata%s: %s", "", u->err.msg);
        return st;
    }
    return commit_batch(u);
}

/* ---- opening and closing -------------------------------------------------- */

/* A folder that a killed first run left while creating the database: it
 * has no revision file (iamglass), so nothing was ever committed, and
 * holds only Xapian's own files (and the run lock).  Safe to create
 * again; anything else is left alone. */
static int
never_committed(const char *dir)
{
    struct buf b = BUF_INIT;
    struct stat st;
    struct dirent *de;
    DIR *d;
    int only_ours = 1;

    buf_addf(&b, "%s/iamglass", dir);
    if (b.err || stat(b.data, &st) == 0 || errno != ENOENT) {
        buf_free(&b);
        return 0;
    }
    buf_free(&b);
    if (!(d = opendir(dir)))
        return 0;
    while (only_ours && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        only_ours = strcmp(de->d_name, ".") == 0 ||
                    strcmp(de->d_name, "..") == 0 ||
                    strcmp(de->d_name, "flintlock") == 0 ||
                    strcmp(de->d_name, RUNLOCK_NAME) == 0 ||
                    (n > 6 && strcmp(de->d_name + n - 6, ".glass") == 0) ||
                    (n > 4 && strcmp(de->d_name + n - 4, ".tmp") == 0);
    }
    closedir(d);
    return only_ours;
}

sousuo_status_t
update_open(const struct update_opts *opts, struct update **out,
            char **errmsg)
{
    struct update *u = calloc(1, sizeof *u);
    struct timespec now;
    sousuo_status_t st;
    uint64_t ndocs = 0;
    char *tzerr = NULL;
    struct buf stem = BUF_INIT, tok = BUF_INIT, shard = BUF_INIT,
               schema = BUF_INIT, extractor = BUF_INIT;

    *out = NULL;
    *errmsg = NULL;
    if (!u) {
        *errmsg = strdup("out of memory");
        return SOUSUO_NOMEM;
    }
    u->opts = *opts;
    /* Before any file is read.  COARSE: the clock mtimes come from (a
     * fine clock could be a tick ahead of a write's stamp). */
    clock_gettime(CLOCK_REALTIME_COARSE, &now);
    u->start_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
    if (!u->opts.batch_docs)
        u->opts.batch_docs = 2000;
    if (!u->opts.batch_bytes)
        u->opts.batch_bytes = 64u << 20;
    u->root_len = strlen(opts->root);
    pthread_mutex_init(&u->msg_lock, NULL);
    pthread_mutex_init(&u->snap_lock, NULL);
    buf_init(&u->scopes);
    buf_init(&u->keep);
    buf_init(&u->tmp);
    buf_init(&u->val);
    buf_init(&u->errmsg);

    /* --full over the whole root starts from an empty database (and an
     * empty spelling table); over a part, it only re-reads that part. */
    st = sx_db_open_writable(opts->index_dir,
                             opts->full && opts->whole_root
                                 ? SX_CREATE_OR_OVERWRITE : SX_CREATE_OR_OPEN,
                             &u->db, &u->err);
    if ((st == SOUSUO_NOINDEX || st == SOUSUO_CORRUPT) &&
        never_committed(opts->index_dir))
        st = sx_db_open_writable(opts->index_dir, SX_CREATE_OR_OVERWRITE,
                                 &u->db, &u->err);
    if (st == SOUSUO_LOCKED) {
        set_fatal(u, "cannot open index '%s': locked by another "
                     "sousuo-index (%s)", opts->index_dir, u->err.msg);
        goto out;
    }
    if (st != SOUSUO_OK) {
        set_fatal(u, "cannot open index '%s': %s", opts->index_dir,
                  u->err.msg);
        goto out;
    }
    st = sx_db_doccount(u->db, &ndocs, &u->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(u->db, META_STEM, &stem, &u->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(u->db, META_TOKENIZER, &tok, &u->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(u->db, META_SHARD, &shard, &u->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(u->db, META_SCHEMA, &schema, &u->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(u->db, META_EXTRACTOR, &extractor, &u->err);
    if (st != SOUSUO_OK) {
        set_fatal(u, "cannot read index '%s': %s", opts->index_dir,
                  u->err.msg);
        goto out;
    }
    /* A shard alone holds only its share of the paths: indexing into it
     * directly would add the others' documents to it. */
    if (!opts->shard_meta && shard.len && strcmp(shard.data, "0/1") != 0) {
        set_fatal(u, "'%s' is shard %s of a sharded index: index through "
                     "the folder that holds its stub", opts->index_dir,
                  shard.data);
        st = SOUSUO_INVAL;
        goto out;
    }
    if (opts->shard_meta && ndocs && shard.len &&
        strcmp(shard.data, opts->shard_meta) != 0) {
        buf_addf(&u->errmsg, "'%s' is shard %s but the stub lists it as "
                             "%s: rebuild with sousuo-index --full",
                 opts->index_dir, shard.data, opts->shard_meta);
        u->fatal = 1;
        st = SOUSUO_INVAL;
        goto out;
    }
    /* An index keeps the stemming language it was built with. */
    if (!u->opts.stem)
        u->opts.stem = stem.len ? stem.data : "english";
    st = tokenizer_new(u->opts.stem, &u->tz, &tzerr);
    if (st != SOUSUO_OK) {
        set_fatal(u, "cannot use stemming language '%s': %s", u->opts.stem,
                  tzerr ? tzerr : sousuo_status_str(st));
        goto out;
    }
    snprintf(u->tokenizer_id, sizeof u->tokenizer_id, "%s",
             tokenizer_id(u->tz));
    if (ndocs && strcmp(tok.data, u->tokenizer_id) != 0) {
        buf_addf(&u->errmsg,
                 "index '%s' was built by tokenizer '%s', this is '%s': "
                 "re-index with sousuo-index --full %s",
                 opts->index_dir, tok.data, u->tokenizer_id,
                 *opts->root ? opts->root : "/");
        u->fatal = 1;
        st = SOUSUO_MISMATCH;
        goto out;
    }
    /* Documents of two layouts in one index would answer queries built
     * for one of them wrongly. */
    if (ndocs && schema_cmp(schema.data) != 0) {
        buf_addf(&u->errmsg,
                 "index '%s' has schema %s; this sousuo-index updates "
                 "schemas %d to %s: %sre-index with sousuo-index --full %s",
                 opts->index_dir, schema.data, SCHEMA_OLDEST, SCHEMA_VERSION,
                 schema_cmp(schema.data) > 0
                     ? "use the newer sousuo-index that wrote it, or " : "",
                 *opts->root ? opts->root : "/");
        u->fatal = 1;
        st = SOUSUO_MISMATCH;
        goto out;
    }
    /* Every committed revision carries what readers need to check. */
    set_meta_str(u, META_SCHEMA, SCHEMA_VERSION, &st);
    set_meta_str(u, META_TOKENIZER, u->tokenizer_id, &st);
    set_meta_str(u, META_STEM, u->opts.stem, &st);
    set_meta_str(u, META_ROOT, opts->root, &st);
    set_meta_str(u, META_IN_ROOT, opts->index_in_root ? "1" : "0", &st);
    set_meta_str(u, META_ENCODING, opts->encoding ? opts->encoding : "", &st);
    if (opts->shard_meta)
        set_meta_str(u, META_SHARD, opts->shard_meta, &st);
    /* An empty index (a new one, a part or shard of a new one) gets
     * documents of this extractor only.  One whose documents an older
     * extractor made has every file re-read; its version is written at
     * the end (update_finish()).  A newer one's documents are left as
     * they are, and so is its version: this run does not downgrade
     * them. */
    if (!ndocs)
        set_meta_str(u, META_EXTRACTOR, EXTRACT_VERSION, &st);
    else if (extract_version(extractor.data, 1) < EXTRACT_VERSION_N)
        u->reextract = 1;
    /* Readers of a stub take the metadata from the first database it
     * lists.  A new shard or part commits it now, before any writer
     * commits documents: else a later shard's first batch can show
     * documents with no tokenizer to check them by. */
    if (st == SOUSUO_OK && opts->shard_meta) {
        uint64_t rev = 0;

        st = sx_db_revision(u->db, &rev, &u->err);
        if (st == SOUSUO_OK && rev == 0) {
            st = sx_db_commit(u->db, &u->err);
            u->dirty = st != SOUSUO_OK;
        }
    }
    if (st != SOUSUO_OK)
        set_fatal(u, "cannot write index '%s': %s", opts->index_dir,
                  u->err.msg);
out:
    u->opts.stem = NULL; /* may point into stem, freed below */
    buf_free(&stem);
    buf_free(&tok);
    buf_free(&shard);
    buf_free(&schema);
    buf_free(&extractor);
    free(tzerr);
    if (st != SOUSUO_OK) {
        *errmsg = strdup(u->errmsg.len ? u->errmsg.data
                                       : sousuo_status_str(st));
        update_close(u);
        return st;
    }
    *out = u;
    return SOUSUO_OK;
}

char *
update_stored_root(const char *index_dir)
{
    struct buf root = BUF_INIT, in_root = BUF_INIT;
    sx_db *db = NULL;
    char *r = NULL;
    int ok;

    ok = sx_db_open(index_dir, &db, NULL) == SOUSUO_OK &&
         sx_db_get_metadata(db, META_ROOT, &root, NULL) == SOUSUO_OK &&
         sx_db_get_metadata(db, META_IN_ROOT, &in_root, NULL) == SOUSUO_OK &&
         root.len > 0;
    /* As a searcher sees it (root.h): a tree moved with its index is
     * indexed where it is now. */
    if (ok && (r = buf_detach(&root, NULL)) != NULL)
        r = root_now(index_dir, db, in_root.data, r);
    sx_db_close(db);
    buf_free(&root);
    buf_free(&in_root);
    return r;
}

char *
update_stored_meta(const char *index_dir, const char *key)
{
    struct buf v = BUF_INIT;
    sx_db *db = NULL;
    char *r = NULL;

    if (sx_db_open(index_dir, &db, NULL) == SOUSUO_OK &&
        sx_db_get_metadata(db, key, &v, NULL) == SOUSUO_OK && v.len > 0)
        r = buf_detach(&v, NULL);
    sx_db_close(db);
    buf_free(&v);
    return r;
}

/* Is a folder of rel (or rel) the index or a .git folder?  A walk skips
 * them as hidden, but only below the paths it is given; their files are
 * never articles, however they are named. */
static int
in_store(const char *rel)
{
    size_t n;

    for (;; rel += n + 1) {
        n = strcspn(rel, "/");
        if ((n == strlen(INDEX_DIRNAME) && !memcmp(rel, INDEX_DIRNAME, n)) ||
            (n == 4 && !memcmp(rel, ".git", 4)))
            return 1;
        if (!rel[n])
            return 0;
    }
}

/* Is abspath the index's own folder or in it (--index DIR in the tree,
 * under any name)? */
static int
in_own_dir(const struct update *u, const char *abspath)
{
    const char *d = u->opts.own_dir;
    size_t n = d ? strlen(d) : 0;

    return n && strncmp(abspath, d, n) == 0 &&
           (abspath[n] == '\0' || abspath[n] == '/');
}

/* Is s one of the NUL-terminated strings laid end to end in b? */
static int
in_list(const struct buf *b, const char *s)
{
    const char *p = b->data, *end = p + b->len;

    for (; p < end; p += strlen(p) + 1)
        if (strcmp(p, s) == 0)
            return 1;
    return 0;
}

sousuo_status_t
update_add_path(struct update *u, const char *abspath)
{
    if (strncmp(abspath, u->opts.root, u->root_len) != 0 ||
        (abspath[u->root_len] && abspath[u->root_len] != '/')) {
        buf_reset(&u->errmsg);
        buf_addf(&u->errmsg, "%s is outside the index root %s", abspath,
                 u->opts.root);
        return SOUSUO_INVAL;
    }
    if (in_store(relpath(u, abspath)) || in_own_dir(u, abspath)) {
        if (u->opts.shard == 0) /* every shard is given it: say it once */
            note(u, "skip-hidden", relpath(u, abspath));
        return SOUSUO_OK;
    }
    if (in_list(&u->scopes, relpath(u, abspath)))
        return SOUSUO_OK; /* named twice */
    buf_add(&u->scopes, relpath(u, abspath), strlen(relpath(u, abspath)) + 1);
    return u->scopes.err ? SOUSUO_NOMEM : SOUSUO_OK;
}

sousuo_status_t
update_commit(struct update *u)
{
    return commit_batch(u);
}

int
update_reextracting(const struct update *u)
{
    return u->reextract;
}

const struct update_stats *
update_stats(const struct update *u)
{
    return &u->stats;
}

int
update_unmatched(const struct update *u, const char *rel)
{
    return in_list(&u->unmatched, rel);
}

const struct buf *
update_unmatched_list(const struct update *u)
{
    return &u->unmatched;
}

const char *
update_errmsg(const struct update *u)
{
    return u->errmsg.data;
}

void
update_close(struct update *u)
{
    if (!u)
        return;
    sx_db_close(u->db);
    sx_db_close(u->snap);
    tokenizer_free(u->tz);
    strset_free(&u->seen);
    strset_free(&u->visited);
    buf_free(&u->scopes);
    buf_free(&u->unmatched);
    buf_free(&u->keep);
    buf_free(&u->tmp);
    buf_free(&u->val);
    buf_free(&u->errmsg);
    pthread_mutex_destroy(&u->msg_lock);
    pthread_mutex_destroy(&u->snap_lock);
    free(u);
}
