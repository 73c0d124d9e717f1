/* shards.c - runs over an index of N shards; see shards.h.
 *
 * The layout lives in the index folder: either a plain Xapian database
 * (one shard) or a stub, XAPIANDB, listing local shard databases by name.
 * Each shard gets a whole update run of its own (update.c: a reading
 * thread and a writer), which walks every path but takes only the files
 * that hash to it; the shards share nothing but the signal flag, so N runs
 * go in parallel without locks between them.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "runlock.h"
#include "schema.h"
#include "shards.h"
#include "xapian-shim.h"

/* ---- layout ----------------------------------------------------------- */

struct layout {
    int exists;       /* an index is there (plain or stub) */
    int stub;         /* a stub folder, else a plain database */
    unsigned n;       /* shards */
    char **name;      /* stub names ("shard0"); the folder itself if plain */
    char **dir;       /* the shard databases' paths */
};

static void
layout_free(struct layout *l)
{
    unsigned k;

    for (k = 0; k < l->n; k++) {
        free(l->name[k]);
        free(l->dir[k]);
    }
    free(l->name);
    free(l->dir);
    memset(l, 0, sizeof *l);
}

int
shards_dir_has(const char *dir, const char *name)
{
    struct buf b = BUF_INIT;
    struct stat st;
    int r;

    buf_addf(&b, "%s/%s", dir, name);
    r = !b.err && lstat(b.data, &st) == 0;
    buf_free(&b);
    return r;
}

static int
layout_add(struct layout *l, const char *index_dir, const char *name)
{
    char **nn = realloc(l->name, (l->n + 1) * sizeof *nn);
    char **dd;
    struct buf b = BUF_INIT;

    if (!nn)
        return -1;
    l->name = nn;
    dd = realloc(l->dir, (l->n + 1) * sizeof *dd);
    if (!dd)
        return -1;
    l->dir = dd;
    if (strcmp(name, ".") == 0) /* a plain index: the folder itself */
        buf_addstr(&b, index_dir);
    else if (name[0] == '/')
        buf_addstr(&b, name);
    else
        buf_addf(&b, "%s/%s", index_dir, name);
    l->name[l->n] = strdup(name);
    l->dir[l->n] = buf_detach(&b, NULL);
    if (!l->name[l->n] || !l->dir[l->n]) {
        free(l->name[l->n]);
        free(l->dir[l->n]);
        return -1;
    }
    l->n++;
    return 0;
}

/* Read what index_dir holds.  Xapian's order: a database in the folder
 * wins over a stub beside it. */
static sousuo_status_t
layout_read(const char *index_dir, struct layout *l, struct buf *msg)
{
    struct buf path = BUF_INIT, line = BUF_INIT;
    FILE *f;
    int c;
    unsigned lineno = 0;
    sousuo_status_t st = SOUSUO_OK;

    memset(l, 0, sizeof *l);
    if (shards_dir_has(index_dir, "iamglass")) {
        l->exists = 1;
        return layout_add(l, index_dir, ".") ? SOUSUO_NOMEM : SOUSUO_OK;
    }
    if (!shards_dir_has(index_dir, STUB_NAME))
        return SOUSUO_OK;
    l->exists = l->stub = 1;
    buf_addf(&path, "%s/%s", index_dir, STUB_NAME);
    if (path.err || !(f = fopen(path.data, "r"))) {
        buf_addf(msg, "cannot read %s: %s", path.data, strerror(errno));
        buf_free(&path);
        return SOUSUO_IO;
    }
    do {
        char *p, *arg;

        buf_reset(&line);
        while ((c = getc(f)) != EOF && c != '\n')
            buf_addch(&line, (char)c);
        lineno++;
        for (p = line.data; *p == ' ' || *p == '\t'; p++)
            ;
        while (line.len && strchr(" \t\r", line.data[line.len - 1]))
            line.data[--line.len] = '\0';
        if (!*p || *p == '#')
            continue;
        arg = p + strcspn(p, " \t");
        if (*arg)
            *arg++ = '\0';
        arg += strspn(arg, " \t");
        if (strcmp(p, "remote") == 0) {
            buf_addf(msg, "index '%s' lists remote shards: sousuo-index "
                          "writes local shards only (doc/scale-out.md)",
                     index_dir);
            st = SOUSUO_INVAL;
        } else if ((strcmp(p, "auto") && strcmp(p, "glass")) || !*arg) {
            buf_addf(msg, "%s:%u: not a line sousuo-index understands",
                     path.data, lineno);
            st = SOUSUO_CORRUPT;
        } else if (l->n >= SHARDS_MAX) {
            buf_addf(msg, "%s lists more than %d shards", path.data,
                     SHARDS_MAX);
            st = SOUSUO_INVAL;
        } else if (layout_add(l, index_dir, arg)) {
            st = SOUSUO_NOMEM;
        }
    } while (c != EOF && st == SOUSUO_OK);
    if (st == SOUSUO_OK && (line.err || ferror(f))) {
        buf_addf(msg, "cannot read %s", path.data);
        st = SOUSUO_IO;
    }
    fclose(f);
    if (st == SOUSUO_OK && l->n == 0) {
        buf_addf(msg, "%s lists no shard", path.data);
        st = SOUSUO_CORRUPT;
    }
    buf_free(&path);
    buf_free(&line);
    return st;
}

/* The name of shard k of a new set of n, generation gen; n == 0 names
 * the one database of a compaction. */
static void
set_name(char *name, size_t size, const char *base, unsigned n, unsigned k,
         unsigned gen)
{
    if (n && gen > 1)
        snprintf(name, size, "%s%u-%u", base, k, gen);
    else if (n)
        snprintf(name, size, "%s%u", base, k);
    else if (gen > 1)
        snprintf(name, size, "%s-%u", base, gen);
    else
        snprintf(name, size, "%s", base);
}

/* Names for n new shards (or one database when n is 0) that no entry of
 * index_dir has yet: shard0.. or shard0-2.., compact or compact-2.. */
static sousuo_status_t
fresh_names(const char *index_dir, const char *base, unsigned n,
            struct layout *out)
{
    unsigned gen, k, m = n ? n : 1;
    char name[64];

    memset(out, 0, sizeof *out);
    for (gen = 1; gen < 1000; gen++) {
        for (k = 0; k < m; k++) {
            set_name(name, sizeof name, base, n, k, gen);
            if (shards_dir_has(index_dir, name))
                break;
        }
        if (k < m)
            continue;
        for (k = 0; k < m; k++) {
            set_name(name, sizeof name, base, n, k, gen);
            if (layout_add(out, index_dir, name)) {
                layout_free(out);
                return SOUSUO_NOMEM;
            }
        }
        out->stub = 1;
        return SOUSUO_OK;
    }
    return SOUSUO_INVAL;
}

/* Make the stub list exactly l's shards, atomically: write a temporary
 * file, flush it to disk, rename it over the old stub, sync the folder. */
static sousuo_status_t
stub_write(const char *index_dir, const struct layout *l, struct buf *msg)
{
    struct buf tmp = BUF_INIT, dst = BUF_INIT, text = BUF_INIT;
    sousuo_status_t st = SOUSUO_OK;
    unsigned k;
    int fd;

    buf_addf(&tmp, "%s/%s.tmp", index_dir, STUB_NAME);
    buf_addf(&dst, "%s/%s", index_dir, STUB_NAME);
    buf_addstr(&text, "# sousuo index: one Xapian database per line "
                      "(doc/scale-out.md)\n");
    for (k = 0; k < l->n; k++)
        buf_addf(&text, "glass %s\n", l->name[k]);
    if (tmp.err || dst.err || text.err)
        st = SOUSUO_NOMEM;
    fd = st ? -1 : open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        0644);
    if (!st && (fd < 0 || write(fd, text.data, text.len) != (ssize_t)text.len ||
                fsync(fd) != 0 || close(fd) != 0 ||
                rename(tmp.data, dst.data) != 0)) {
        buf_addf(msg, "cannot write %s: %s", dst.data, strerror(errno));
        st = SOUSUO_IO;
        unlink(tmp.data);
    }
    if (!st && (fd = open(index_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(fd);
        close(fd);
    }
    buf_free(&tmp);
    buf_free(&dst);
    buf_free(&text);
    return st;
}

/* Is this a file Xapian keeps in a database folder? */
static int
xapian_file(const char *name)
{
    size_t n = strlen(name);

    return strcmp(name, "flintlock") == 0 || strcmp(name, "iamglass") == 0 ||
           (n > 6 && strcmp(name + n - 6, ".glass") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".tmp") == 0);
}

/* Delete the database in dir: its Xapian files, then the folder unless
 * it is the index folder itself (a plain index turning into a stub) or
 * holds something else.  A shard's folder may hold a run lock too, made
 * by a run refused there; the index folder's is held, and stays.
 * Failures only leave files behind. */
static void
db_remove(const char *dir, int keep_dir)
{
    struct buf p = BUF_INIT;
    struct dirent *de;
    DIR *d = opendir(dir);

    if (!d)
        return;
    /* iamglass first: without it the rest is no database to anyone. */
    buf_addf(&p, "%s/iamglass", dir);
    unlink(p.data);
    while ((de = readdir(d)) != NULL) {
        if (!xapian_file(de->d_name) &&
            (keep_dir || strcmp(de->d_name, RUNLOCK_NAME) != 0))
            continue;
        buf_reset(&p);
        buf_addf(&p, "%s/%s", dir, de->d_name);
        if (!p.err)
            unlink(p.data);
    }
    closedir(d);
    if (!keep_dir)
        rmdir(dir);
    buf_free(&p);
}

/* After the stub changed: databases of ours that it does not list, left
 * by a rebuild or compaction that was killed, go too. */
static void
remove_strays(const char *index_dir, const struct layout *keep)
{
    struct buf p = BUF_INIT;
    struct dirent *de;
    struct stat st;
    DIR *d = opendir(index_dir);
    unsigned k;

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, "shard", 5) != 0 &&
            strncmp(de->d_name, "part", 4) != 0 &&
            strncmp(de->d_name, "compact", 7) != 0)
            continue;
        for (k = 0; k < keep->n && strcmp(keep->name[k], de->d_name); k++)
            ;
        buf_reset(&p);
        buf_addf(&p, "%s/%s", index_dir, de->d_name);
        if (k == keep->n && !p.err && lstat(p.data, &st) == 0 &&
            S_ISDIR(st.st_mode))
            db_remove(p.data, 0);
    }
    closedir(d);
    buf_free(&p);
}

/* Is l the parts of a build from scratch (part0, part1, ...)? */
static int
is_parts(const struct layout *l)
{
    return l->n > 1 && strncmp(l->name[0], "part", 4) == 0;
}

/* May a new sharded index be made in dir?  Only when it is missing,
 * empty, or holds what a killed first run leaves (Xapian files, shard
 * folders, the run lock): never litter a folder of the user's. */
static int
dir_is_free(const char *dir)
{
    struct dirent *de;
    DIR *d = opendir(dir);
    int ok = 1;

    if (!d)
        return errno == ENOENT;
    while (ok && (de = readdir(d)) != NULL)
        ok = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
             xapian_file(de->d_name) ||
             strcmp(de->d_name, RUNLOCK_NAME) == 0 ||
             strncmp(de->d_name, "shard", 5) == 0 ||
             strncmp(de->d_name, "part", 4) == 0;
    closedir(d);
    return ok;
}

/* ---- a run ------------------------------------------------------------ */

static sousuo_status_t merge_into_one(const char *index_dir,
                                      const struct layout *src,
                                      struct layout *out, struct buf *msg,
                                      struct buf *summary);

struct shard {
    struct update *u;
    volatile sig_atomic_t *stop;
    int stopped;           /* the run stopped early on the signal */
    sousuo_status_t st;
    pthread_t thread;
    char meta[32];
};

struct shards {
    struct update_opts opts;
    struct layout cur;     /* what the index is now */
    struct layout next;    /* a new shard count: built beside cur */
    int rebuild;           /* next is being built */
    sx_db **locks;         /* rebuild: writers held on cur's shards */
    struct shard *sh;
    unsigned n;            /* shards of this run */
    _Atomic uint64_t bytes;
    struct buf msg;
    int failed;            /* some shard's run failed */
    int stopped;           /* some shard stopped on the signal */
    int fresh;             /* the run writes every document anew */
    int merge;             /* the shards are parts, merged at the end */
    unsigned long unmatched; /* gone paths that named no document */
};

unsigned
shards_count(const struct shards *s)
{
    return s->n;
}

int
shards_rebuilding(const struct shards *s)
{
    return s->rebuild;
}

int
shards_fresh(const struct shards *s)
{
    return s->fresh;
}

int
shards_merging(const struct shards *s)
{
    return s->merge;
}

int
shards_reextracting(const struct shards *s)
{
    unsigned k;

    for (k = 0; k < s->n; k++)
        if (s->sh[k].u && update_reextracting(s->sh[k].u))
            return 1;
    return 0;
}

int
shards_stopped(const struct shards *s)
{
    return s->stopped;
}

const char *
shards_errmsg(const struct shards *s)
{
    return s->msg.data;
}

static void
free_run(struct shards *s)
{
    unsigned k;

    for (k = 0; s->sh && k < s->n; k++)
        update_close(s->sh[k].u);
    for (k = 0; s->locks && k < s->cur.n; k++)
        sx_db_close(s->locks[k]);
    free(s->sh);
    free(s->locks);
    layout_free(&s->cur);
    layout_free(&s->next);
    buf_free(&s->msg);
    free(s);
}

static sousuo_status_t
fail(struct shards *s, sousuo_status_t st, char **errmsg)
{
    *errmsg = strdup(s->msg.len ? s->msg.data : sousuo_status_str(st));
    free_run(s);
    return st;
}

/* Hold the write lock of every current shard while a new set is built,
 * so no other sousuo-index changes what is being replaced. */
static sousuo_status_t
lock_current(struct shards *s)
{
    struct sx_error e;
    unsigned k;
    sousuo_status_t st;

    s->locks = calloc(s->cur.n, sizeof *s->locks);
    if (!s->locks)
        return SOUSUO_NOMEM;
    for (k = 0; k < s->cur.n; k++) {
        st = sx_db_open_writable(s->cur.dir[k], SX_OPEN, &s->locks[k], &e);
        if (st == SOUSUO_LOCKED) {
            buf_addf(&s->msg, "cannot open index '%s': locked by another "
                              "sousuo-index (%s)", s->cur.dir[k], e.msg);
            return st;
        }
        if (st != SOUSUO_OK) {
            buf_addf(&s->msg, "cannot open index '%s': %s", s->cur.dir[k],
                     e.msg);
            return st;
        }
    }
    return SOUSUO_OK;
}

/* Release the writers held on the current databases and delete them
 * (the index folder itself stays when it was a plain index). */
static void
drop_current(struct shards *s)
{
    unsigned k;

    for (k = 0; s->locks && k < s->cur.n; k++)
        sx_db_close(s->locks[k]);
    free(s->locks);
    s->locks = NULL;
    for (k = 0; k < s->cur.n; k++)
        db_remove(s->cur.dir[k], !s->cur.stub);
}

sousuo_status_t
shards_open(const struct update_opts *opts, unsigned want,
            struct shards **out, char **errmsg)
{
    struct shards *s = calloc(1, sizeof *s);
    const struct layout *use;
    sousuo_status_t st;
    unsigned k, count, parts = 0;
    int cur_parts, new_stub = 0;

    *out = NULL;
    *errmsg = NULL;
    if (!s) {
        *errmsg = strdup("out of memory");
        return SOUSUO_NOMEM;
    }
    s->opts = *opts;
    buf_init(&s->msg);
    atomic_init(&s->bytes, 0);
    st = layout_read(opts->index_dir, &s->cur, &s->msg);
    if (st != SOUSUO_OK)
        return fail(s, st, errmsg);
    s->fresh = !s->cur.exists || (opts->full && opts->whole_root);
    /* Parts of a build from scratch that a killed run left: one index
     * to the user, merged when a run completes. */
    cur_parts = s->cur.stub && is_parts(&s->cur);
    count = cur_parts ? 1 : s->cur.n;
    if (want > SHARDS_MAX) {
        buf_addf(&s->msg, "at most %d shards", SHARDS_MAX);
        return fail(s, SOUSUO_INVAL, errmsg);
    }
    if (!want)
        want = s->cur.exists ? count : 1;
    /* One database built from scratch: opts->jobs writers build parts in
     * parallel and the compaction at the end merges them (indexer/main.c).
     * A new index in a folder of other files stays one plain database. */
    if (want == 1 && s->fresh && opts->jobs > 1 &&
        (s->cur.exists || dir_is_free(opts->index_dir)))
        parts = opts->jobs > SHARDS_MAX ? SHARDS_MAX : opts->jobs;
    /* --full of an index behind a stub is a rebuild too: in place,
     * readers would see emptied databases fill up again, and a kill would
     * leave them so.  (Only a plain index, made with --no-compact, is
     * still rebuilt in place by --no-compact or --jobs 1.) */
    if (s->cur.exists &&
        (want != count || parts ||
         (s->cur.stub && opts->full && opts->whole_root))) {
        if (!opts->full || !opts->whole_root) {
            buf_addf(&s->msg, "index '%s' has %u shard%s; changing that to "
                              "%u rebuilds it: sousuo-index --full --shards "
                              "%u %s", opts->index_dir, count,
                     count == 1 ? "" : "s", want, want,
                     *opts->root ? opts->root : "/");
            return fail(s, SOUSUO_INVAL, errmsg);
        }
        /* Beside the index, which stays whole until the run completes. */
        s->rebuild = 1;
        st = parts ? fresh_names(opts->index_dir, "part", parts, &s->next)
                   : fresh_names(opts->index_dir, "shard", want, &s->next);
        if (st == SOUSUO_OK)
            st = lock_current(s);
        if (st != SOUSUO_OK)
            return fail(s, st, errmsg);
    } else if (!s->cur.exists && (want > 1 || parts)) {
        /* A new sharded index: its databases first, each with its
         * metadata committed (update_open), then the stub that makes them
         * the index, so that readers never find a stub that lists a
         * database not made yet.  Killed before the stub, the next run
         * starts anew beside what was left (fresh_names) and removes it
         * once its own stub is written (remove_strays); killed after it,
         * the next run continues, like a plain one. */
        if (!dir_is_free(opts->index_dir)) {
            buf_addf(&s->msg, "cannot make a sharded index in '%s': it "
                              "holds other files", opts->index_dir);
            return fail(s, SOUSUO_INVAL, errmsg);
        }
        if (mkdir(opts->index_dir, 0777) != 0 && errno != EEXIST) {
            buf_addf(&s->msg, "cannot create '%s': %s", opts->index_dir,
                     strerror(errno));
            return fail(s, SOUSUO_IO, errmsg);
        }
        st = parts ? fresh_names(opts->index_dir, "part", parts, &s->cur)
                   : fresh_names(opts->index_dir, "shard", want, &s->cur);
        if (st != SOUSUO_OK)
            return fail(s, st, errmsg);
        new_stub = 1;
    } else if (!s->cur.exists) {
        st = layout_add(&s->cur, opts->index_dir, ".") ? SOUSUO_NOMEM
                                                       : SOUSUO_OK;
        if (st != SOUSUO_OK)
            return fail(s, st, errmsg);
    }
    s->merge = parts || (cur_parts && !s->rebuild);
    use = s->rebuild ? &s->next : &s->cur;
    s->n = use->n;
    s->sh = calloc(s->n, sizeof *s->sh);
    if (!s->sh)
        return fail(s, SOUSUO_NOMEM, errmsg);
    for (k = 0; k < s->n; k++) {
        struct update_opts o = *opts;
        char *e = NULL;

        o.index_dir = use->dir[k];
        o.shard = k;
        o.nshards = s->n;
        if (use->stub) {
            snprintf(s->sh[k].meta, sizeof s->sh[k].meta, "%u/%u", k, s->n);
            o.shard_meta = s->sh[k].meta;
        }
        if (s->n > 1) {
            o.bytes_read = &s->bytes;
            if (k > 0)
                o.progress = NULL; /* one line, drawn by shard 0 */
        }
        s->sh[k].stop = opts->stop;
        st = update_open(&o, &s->sh[k].u, &e);
        if (st != SOUSUO_OK) {
            buf_reset(&s->msg);
            buf_addstr(&s->msg, e ? e : sousuo_status_str(st));
            free(e);
            if (s->rebuild) /* nothing of the new set is worth keeping */
                for (; ; k--) {
                    update_close(s->sh[k].u);
                    s->sh[k].u = NULL;
                    db_remove(s->next.dir[k], 0);
                    if (!k)
                        break;
                }
            return fail(s, st, errmsg);
        }
    }
    if (new_stub) {
        st = stub_write(opts->index_dir, &s->cur, &s->msg);
        if (st != SOUSUO_OK) {
            for (k = 0; k < s->n; k++) {
                update_close(s->sh[k].u);
                s->sh[k].u = NULL;
            }
            return fail(s, st, errmsg);
        }
        s->cur.exists = 1;
        /* What a run killed before its stub left: nothing lists it. */
        remove_strays(opts->index_dir, &s->cur);
    }
    *out = s;
    return SOUSUO_OK;
}

sousuo_status_t
shards_add_path(struct shards *s, const char *abspath)
{
    unsigned k;
    sousuo_status_t st = SOUSUO_OK;

    for (k = 0; k < s->n && st == SOUSUO_OK; k++)
        st = update_add_path(s->sh[k].u, abspath);
    if (st != SOUSUO_OK) {
        buf_reset(&s->msg);
        buf_addstr(&s->msg, update_errmsg(s->sh[k - 1].u));
    }
    return st;
}

/* One shard's whole run, as main() did it for the single database. */
static void *
run_one(void *arg)
{
    struct shard *sh = arg;
    struct update *u = sh->u;

    sh->st = update_run(u);
    if (sh->st != SOUSUO_OK) {
        update_commit(u); /* keep the batches that were complete */
        return NULL;
    }
    if (sh->stop && *sh->stop) {
        sh->stopped = 1;
        sh->st = update_commit(u);
        return NULL;
    }
    sh->st = update_finish(u);
    return NULL;
}

/* A named path that is gone and that no shard had a document under is
 * a mistake (a typo), not a deletion: an error, counted. */
static void
report_unmatched(struct shards *s)
{
    const struct buf *l = update_unmatched_list(s->sh[0].u);
    const char *p, *end = l->data + l->len;
    unsigned k;

    for (p = l->data; p < end; p += strlen(p) + 1) {
        for (k = 1; k < s->n && update_unmatched(s->sh[k].u, p); k++)
            ;
        if (k == s->n) {
            fprintf(stderr, "sousuo-index: %s: no such file or directory, "
                            "and nothing indexed there\n", p);
            s->unmatched++;
        }
    }
}

sousuo_status_t
shards_run(struct shards *s)
{
    unsigned k, started = 0;
    sousuo_status_t st = SOUSUO_OK;
    int rc;

    if (s->n == 1) {
        run_one(&s->sh[0]); /* no thread for the common case */
    } else {
        for (k = 0; k < s->n; k++) {
            rc = pthread_create(&s->sh[k].thread, NULL, run_one, &s->sh[k]);
            if (rc != 0) {
                s->sh[k].st = SOUSUO_NOMEM;
                buf_addf(&s->msg, "cannot start a thread: %s", strerror(rc));
                break;
            }
            started++;
        }
        for (k = 0; k < started; k++)
            pthread_join(s->sh[k].thread, NULL);
    }
    for (k = 0; k < s->n; k++) {
        s->stopped |= s->sh[k].stopped;
        if (s->sh[k].st != SOUSUO_OK && st == SOUSUO_OK) {
            st = s->sh[k].st;
            if (!s->msg.len)
                buf_addstr(&s->msg, update_errmsg(s->sh[k].u));
        }
    }
    s->failed = st != SOUSUO_OK;
    if (st == SOUSUO_OK && !s->stopped)
        report_unmatched(s);
    return st;
}

void
shards_stats(const struct shards *s, struct update_stats *t)
{
    unsigned k;

    memset(t, 0, sizeof *t);
    for (k = 0; k < s->n; k++) {
        const struct update_stats *x = update_stats(s->sh[k].u);

        t->added += x->added;
        t->updated += x->updated;
        t->removed += x->removed;
        t->unchanged += x->unchanged;
        t->touched += x->touched;
        t->unsupported += x->unsupported;
        t->binary += x->binary;
        t->too_large += x->too_large;
        t->dangling += x->dangling;
        t->truncated += x->truncated;
        t->errors += x->errors;
        t->bytes += x->bytes;
    }
    t->errors += s->unmatched;
}

sousuo_status_t
shards_close(struct shards *s, char **note, char **errmsg)
{
    sousuo_status_t st = SOUSUO_OK;
    struct layout one;
    struct buf b = BUF_INIT;
    int done, merged = 0;
    unsigned k;

    *note = *errmsg = NULL;
    if (!s)
        return SOUSUO_OK;
    memset(&one, 0, sizeof one);
    done = !s->failed && !s->stopped;
    if (done && s->merge) {
        /* Merged while the writers still hold the parts: no other run
         * can change them before they are replaced. */
        const struct layout *parts = s->rebuild ? &s->next : &s->cur;
        struct buf why = BUF_INIT;

        merged = merge_into_one(s->opts.index_dir, parts, &one, &why, &b) ==
                 SOUSUO_OK;
        if (!merged) {
            /* The parts are complete: the index is whole, and the next
             * run that completes merges them. */
            buf_reset(&b);
            buf_addf(&b, "warning: the index is complete but was not "
                         "compacted: %s", why.data);
        }
        buf_free(&why);
        *note = b.len ? buf_detach(&b, NULL) : NULL;
    }
    for (k = 0; k < s->n; k++) {
        update_close(s->sh[k].u); /* commits nothing new: all committed */
        s->sh[k].u = NULL;
    }
    if (merged) {
        if (s->rebuild)
            drop_current(s);
        for (k = 0; k < s->n; k++)
            db_remove((s->rebuild ? &s->next : &s->cur)->dir[k], 0);
        remove_strays(s->opts.index_dir, &one);
    } else if (s->rebuild && done) {
        /* The new set is complete: make it the index.  For a plain
         * index the switch is the removal of iamglass (a database in the
         * folder wins over the stub until then). */
        st = stub_write(s->opts.index_dir, &s->next, &s->msg);
        if (st == SOUSUO_OK) {
            drop_current(s);
            remove_strays(s->opts.index_dir, &s->next);
        }
    } else if (s->rebuild) {
        for (k = 0; k < s->next.n; k++)
            db_remove(s->next.dir[k], 0);
    }
    if (st != SOUSUO_OK)
        *errmsg = strdup(s->msg.data);
    layout_free(&one);
    buf_free(&b);
    free_run(s);
    return st;
}

/* ---- compaction --------------------------------------------------------- */

static uint64_t
du(const char *dir)
{
    struct buf p = BUF_INIT;
    struct dirent *de;
    struct stat st;
    uint64_t total = 0;
    DIR *d = opendir(dir);

    if (!d)
        return 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        buf_reset(&p);
        buf_addf(&p, "%s/%s", dir, de->d_name);
        if (p.err || lstat(p.data, &st) != 0)
            continue;
        total += S_ISDIR(st.st_mode) ? du(p.data) : (uint64_t)st.st_size;
    }
    closedir(d);
    buf_free(&p);
    return total;
}

/* Into v, the sousuo.extractor for the merge of src's databases: the
 * oldest of those with documents, "" when none has any.  Xapian's
 * compactor keeps the first database's value (or the only one there is),
 * but a shard whose run re-read every file must not vouch for another
 * whose run was killed (or that an older sousuo wrote). */
static sousuo_status_t
oldest_extractor(const struct layout *src, struct buf *v, struct sx_error *e)
{
    struct buf val = BUF_INIT;
    long oldest = 0, n;
    uint64_t docs = 0;
    sousuo_status_t st = SOUSUO_OK;
    sx_db *db;
    unsigned k;

    buf_reset(v);
    for (k = 0; k < src->n && st == SOUSUO_OK; k++) {
        db = NULL;
        st = sx_db_open(src->dir[k], &db, e);
        if (st == SOUSUO_OK)
            st = sx_db_doccount(db, &docs, e);
        if (st == SOUSUO_OK && docs)
            st = sx_db_get_metadata(db, META_EXTRACTOR, &val, e);
        sx_db_close(db);
        if (st != SOUSUO_OK || !docs)
            continue;
        n = extract_version(val.data, 1);
        if (!v->len || n < oldest) {
            oldest = n;
            buf_reset(v);
            if (val.len)
                buf_addstr(v, val.data);
            else
                buf_addf(v, "%ld", n);
        }
    }
    buf_free(&val);
    return st == SOUSUO_OK && v->err ? SOUSUO_NOMEM : st;
}

/* Compact the databases of src into one new database beside them, marked
 * as one database, and make the stub list only it (*out).  On failure
 * nothing of it is left. */
static sousuo_status_t
merge_into_one(const char *index_dir, const struct layout *src,
               struct layout *out, struct buf *msg, struct buf *summary)
{
    struct sx_error e;
    struct timespec t0, t1;
    struct buf extractor = BUF_INIT;
    sx_db *db = NULL;
    uint64_t before = 0, after;
    sousuo_status_t st;
    unsigned k;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = fresh_names(index_dir, "compact", 0, out);
    if (st != SOUSUO_OK) {
        buf_addf(msg, "no free name for a database in '%s'", index_dir);
        return st;
    }
    for (k = 0; k < src->n; k++)
        before += du(src->dir[k]);
    st = oldest_extractor(src, &extractor, &e);
    /* Written where no reader looks until the stub names it. */
    if (st == SOUSUO_OK)
        st = sx_db_compact_all((const char *const *)src->dir, src->n,
                               out->dir[0], &e);
    if (st == SOUSUO_OK)
        st = sx_db_open_writable(out->dir[0], SX_OPEN, &db, &e);
    /* One database now: no longer "shard K of N". */
    if (st == SOUSUO_OK)
        st = sx_db_set_metadata(db, META_SHARD, "0/1", 3, &e);
    if (st == SOUSUO_OK && extractor.len)
        st = sx_db_set_metadata(db, META_EXTRACTOR, extractor.data,
                                extractor.len, &e);
    if (st == SOUSUO_OK)
        st = sx_db_commit(db, &e);
    sx_db_close(db);
    buf_free(&extractor);
    if (st != SOUSUO_OK)
        buf_addf(msg, "cannot compact '%s': %s", index_dir, e.msg);
    else
        st = stub_write(index_dir, out, msg);
    if (st != SOUSUO_OK) {
        db_remove(out->dir[0], 0);
        layout_free(out);
        return st;
    }
    after = du(out->dir[0]);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    buf_addf(summary, "%s: compacted %u database%s into %s: %.1f MB -> "
                      "%.1f MB in %.2f s", index_dir, src->n,
             src->n == 1 ? "" : "s", out->name[0], (double)before / 1e6,
             (double)after / 1e6,
             (double)(t1.tv_sec - t0.tv_sec) +
                 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return SOUSUO_OK;
}

sousuo_status_t
shards_refuse_file(const char *index_dir, char **errmsg)
{
    struct buf msg = BUF_INIT;
    struct stat st;
    char line[256];
    int remote = 0;
    FILE *f;

    *errmsg = NULL;
    if (stat(index_dir, &st) != 0 || S_ISDIR(st.st_mode))
        return SOUSUO_OK;
    if ((f = fopen(index_dir, "r")) != NULL) {
        while (!remote && fgets(line, sizeof line, f))
            remote = strncmp(line + strspn(line, " \t"), "remote", 6) == 0 &&
                     strchr(" \t", line[strspn(line, " \t") + 6]);
        fclose(f);
    }
    if (remote)
        buf_addf(&msg, "'%s' is a stub that lists remote shards: "
                       "sousuo-index writes local shards only; run it on "
                       "the index where the files are (doc/scale-out.md)",
                 index_dir);
    else
        buf_addf(&msg, "'%s' is a file, not an index folder: sousuo-index "
                       "writes index folders only (a stub file is for "
                       "searching; update the index it lists)", index_dir);
    *errmsg = buf_detach(&msg, NULL);
    return SOUSUO_INVAL;
}

/* A database marked shard K of N (N > 1) alone holds only its share of
 * the paths: compacted on its own it would become a database of its own,
 * which the stub does not list, and the sharded index would lose it.  As
 * update.c refuses to index into it, refuse, naming the index to use. */
static sousuo_status_t
refuse_lone_shard(const char *index_dir, sx_db *db, struct buf *msg)
{
    struct buf shard = BUF_INIT, parent = BUF_INIT;
    struct sx_error e;
    size_t n = strlen(index_dir);
    sousuo_status_t st;

    st = sx_db_get_metadata(db, META_SHARD, &shard, &e);
    if (st != SOUSUO_OK) {
        buf_addf(msg, "cannot read index '%s': %s", index_dir, e.msg);
    } else if (shard.len && strcmp(shard.data, "0/1") != 0) {
        while (n > 1 && index_dir[n - 1] == '/')
            n--;
        while (n > 0 && index_dir[n - 1] != '/')
            n--;
        if (!n)
            buf_addstr(&parent, ".");
        else
            buf_add(&parent, index_dir, n > 1 ? n - 1 : 1);
        if (!parent.err && shards_dir_has(parent.data, STUB_NAME))
            buf_addf(msg, "'%s' is shard %s of a sharded index: compact "
                          "the whole index with sousuo-index --index '%s' "
                          "--compact", index_dir, shard.data, parent.data);
        else
            buf_addf(msg, "'%s' is shard %s of a sharded index: compact "
                          "the folder that holds its stub", index_dir,
                     shard.data);
        st = SOUSUO_INVAL;
    }
    buf_free(&shard);
    buf_free(&parent);
    return st;
}

sousuo_status_t
shards_compact(const char *index_dir, char **summary, char **errmsg)
{
    struct shards *s = calloc(1, sizeof *s);
    struct buf b = BUF_INIT;
    sousuo_status_t st;

    *summary = *errmsg = NULL;
    if (!s) {
        *errmsg = strdup("out of memory");
        return SOUSUO_NOMEM;
    }
    buf_init(&s->msg);
    st = layout_read(index_dir, &s->cur, &s->msg);
    if (st == SOUSUO_OK && !s->cur.exists) {
        buf_addf(&s->msg, "no index in '%s' to compact", index_dir);
        st = SOUSUO_NOINDEX;
    }
    if (st == SOUSUO_OK)
        st = lock_current(s);
    if (st == SOUSUO_OK && !s->cur.stub)
        st = refuse_lone_shard(index_dir, s->locks[0], &s->msg);
    if (st == SOUSUO_OK)
        st = merge_into_one(index_dir, &s->cur, &s->next, &s->msg, &b);
    if (st != SOUSUO_OK) {
        buf_free(&b);
        return fail(s, st, errmsg);
    }
    drop_current(s);
    remove_strays(index_dir, &s->next);
    *summary = buf_detach(&b, NULL);
    free_run(s);
    return SOUSUO_OK;
}
