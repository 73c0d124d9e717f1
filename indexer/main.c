/* sousuo-index - build or update a sousuo index over folders of articles.
 *
 * main.c only parses options, finds the root and the index, and turns the
 * run's outcome into messages and an exit status (0 ok, 1 some files
 * failed, 2 fatal, 130 interrupted).  The work is in update.c.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "extract.h"
#include "schema.h"
#include "sousuo.h"
#include "stdfds.h"
#include "tokenize.h"
#include "abort.h"
#include "named.h"
#include "progress.h"
#include "runlock.h"
#include "shards.h"
#include "update.h"
#include "walk.h"
#include "xapian-shim.h"

/* More than a run ever holds in memory at once anyway. */
#define BATCH_MAX 1000000000

static volatile sig_atomic_t stop_requested;

static void
on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void
usage(FILE *f)
{
    fputs(
"Usage: sousuo-index [OPTION]... [PATH]...\n"
"Index the files and folders PATH (default: the current folder) for\n"
"sousuo-search.  The index lives in .sousuo/ at the root: the nearest\n"
"folder at or above the first PATH that already has one, else that PATH\n"
"itself, or a file's folder (or --index); a new one is made only for a\n"
"folder or a file that can be indexed.  Runs are incremental: unchanged\n"
"files are skipped, changed ones replaced and vanished ones removed.\n"
"\n"
"Formats: plain text (.txt, .text, no extension), Markdown (.md,\n"
".markdown), HTML (.html, .htm, .xhtml);\n"
"UTF-8, UTF-16 with BOM, GB18030, Big5, Shift_JIS, EUC-JP, ISO-2022-JP,\n"
"EUC-KR, windows-1252.\n"
"\n"
"Options:\n"
"  -i, --index DIR      use the index in DIR\n"
"      --full           re-read every file; over the whole root, rebuild\n"
"                       the index from scratch\n"
"  -x, --exclude GLOB   skip files and folders matching GLOB (repeatable)\n"
"      --encoding ENC   read every file as ENC (an iconv name), now and in\n"
"                       later runs; auto: detect again\n"
"      --stem LANG      stemming language of a new index (english; none)\n"
"      --batch N        commit every N changed documents (default 2000)\n"
"      --max-size SIZE  skip files larger than SIZE bytes (suffixes K, M, G;\n"
"                       default 64M; 0: no limit)\n"
"      --shards N       keep the index as N shard databases written in\n"
"                       parallel (default: as the index is; a new one 1);\n"
"                       changing N needs --full (doc/scale-out.md)\n"
"      --compact        compact the index with Xapian's compactor (merges\n"
"                       shards into one database) and exit\n"
"      --no-compact     do not compact a new or rebuilt one-database index\n"
"                       at the end of the run (done by default: it halves\n"
"                       the index and takes about 5% of the build time);\n"
"                       implies --jobs 1\n"
"  -j, --jobs N         writers for a new or rebuilt one-database index,\n"
"                       which build parts in parallel that the compaction\n"
"                       merges (default: the number of cores, at most 4)\n"
"      --wait SECONDS   if another sousuo-index holds the index, wait up\n"
"                       to SECONDS for it (default 0: fail at once)\n"
"  -v, --verbose        name each file and what was done with it\n"
"  -q, --quiet          print nothing but errors\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"Exit status: 0 done, 1 some files could not be read or indexed (or,\n"
"with no index, none named can be), 2 fatal error, 130 interrupted\n"
"(what was committed stays; run again to finish).\n",
        f);
}

/* Writers for a build from scratch: one per core, at most 4 (each holds
 * a batch in memory; only 2 cores were there to measure on). */
static unsigned
default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > 4 ? 4 : (unsigned)n;
}

/* The index is complete either way: a failure (a full disk, say) only
 * leaves it as built, so it is a warning, not an error. */
static void
compact_after_build(const char *index_dir, int verbose)
{
    char *summary = NULL, *errmsg = NULL;

    if (shards_compact(index_dir, &summary, &errmsg) != SOUSUO_OK)
        fprintf(stderr, "sousuo-index: warning: the index is complete but "
                        "was not compacted: %s\n", errmsg);
    else if (verbose)
        fprintf(stderr, "sousuo-index: %s\n", summary);
    free(summary);
    free(errmsg);
}

/* Is there time left before deadline to try again after a pause?  The
 * pause varies with the pid so that several waiting runs do not retry
 * in step; a signal cuts it short and ends the wait. */
static int
wait_again(const struct timespec *deadline)
{
    struct timespec now, pause;

    clock_gettime(CLOCK_MONOTONIC, &now);
    if (stop_requested || now.tv_sec > deadline->tv_sec ||
        (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec))
        return 0;
    pause.tv_sec = 0;
    pause.tv_nsec = (50 + getpid() % 50) * 1000000L;
    nanosleep(&pause, NULL);
    return !stop_requested;
}

/* After a wait for a lock ended with ST: 1 if it was taken, else say why
 * (ERRMSG), with *RC 130 if a signal ended the wait. */
static int
waited(sousuo_status_t st, const char *errmsg, int *rc)
{
    if (st == SOUSUO_LOCKED && stop_requested) {
        fputs("sousuo-index: interrupted while waiting for the lock\n",
              stderr);
        *rc = 130;
        return 0;
    }
    if (st != SOUSUO_OK) {
        fprintf(stderr, "sousuo-index: %s\n", errmsg);
        return 0;
    }
    return 1;
}

static int
is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* An absolute, symlink-free path for p (which must exist). */
static char *
absolute(const char *p)
{
    char *r = realpath(p, NULL);

    if (!r)
        fprintf(stderr, "sousuo-index: %s: %s\n", p, strerror(errno));
    return r;
}

/* p with its folder resolved and its last name as given (a link not
 * followed), or NULL. */
static char *
own_name(const char *p)
{
    struct buf b = BUF_INIT;
    const char *slash = strrchr(p, '/');
    char *dir, *r;

    dir = slash ? strndup(p, slash == p ? 1 : (size_t)(slash - p))
                : strdup(".");
    r = dir ? realpath(dir, NULL) : NULL;
    if (r)
        buf_addf(&b, "%s/%s", strcmp(r, "/") ? r : "", slash ? slash + 1 : p);
    free(dir);
    free(r);
    if (b.len && !b.err)
        return buf_detach(&b, NULL);
    buf_free(&b);
    return NULL;
}

/* A symlink to a file, named, is indexed under its own name, as the walk
 * of its folder indexes it: resolving it would update the target's
 * document instead, or make an index in the folder of a target outside
 * the tree.  NULL when p is not such a link. */
static char *
file_link(const char *p)
{
    struct stat lst, st;

    if (lstat(p, &lst) != 0 || !S_ISLNK(lst.st_mode) || stat(p, &st) != 0 ||
        S_ISDIR(st.st_mode))
        return NULL;
    return own_name(p);
}

/* Like absolute(), but a path that no longer exists is fine: the run
 * then removes what the index had there (an editor deleting a file, or a
 * folder with files in it, calls sousuo-index on them).  Its longest
 * existing ancestor is resolved and the missing names are appended as
 * given: they name nothing, so there is no link to follow; "." and ".."
 * among them could not be resolved so, and are an error. */
static char *
absolute_or_gone(const char *p)
{
    struct buf tail = BUF_INIT, b = BUF_INIT, t;
    char *cur, *name, *r = file_link(p);
    size_t n;

    if (r)
        return r;
    r = realpath(p, NULL);
    if (r || !walk_gone_errno(errno) || !(cur = strdup(p)))
        return r ? r : absolute(p);
    while (!r && walk_gone_errno(errno)) {
        for (n = strlen(cur); n > 1 && cur[n - 1] == '/'; n--)
            cur[n - 1] = '\0';
        name = strrchr(cur, '/');
        name = name ? name + 1 : cur;
        if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            break;
        buf_reset(&b);
        buf_addf(&b, "/%s%s", name, tail.len ? tail.data : "");
        t = tail;
        tail = b;
        b = t;
        if (name == cur)
            strcpy(cur, ".");
        else
            name[name - 1 == cur ? 0 : -1] = '\0';
        r = realpath(cur, NULL);
    }
    free(cur);
    buf_reset(&b);
    if (r && !tail.err)
        buf_addf(&b, "%s%s", strcmp(r, "/") ? r : "", tail.data);
    free(r);
    buf_free(&tail);
    if (b.len && !b.err)
        return buf_detach(&b, NULL);
    buf_free(&b);
    return absolute(p);
}

/* Does the named path p exist (as a link, even a dangling one)? */
static int
exists(const char *p)
{
    struct stat st;

    return lstat(p, &st) == 0 || !walk_gone_errno(errno);
}

/* Where to look for the index of path p (absolute): p if it is a folder,
 * else its nearest existing folder.  *deep tells whether that is above
 * p's own folder (gone too): only an index already there may take p. */
static char *
nearest_dir(const char *p, int *deep)
{
    char *d = strdup(p), *slash;
    size_t own = (size_t)(strrchr(p, '/') - p);

    while (d && strlen(d) > 1 && !is_dir(d) &&
           (slash = strrchr(d, '/')) != NULL)
        *(slash == d ? slash + 1 : slash) = '\0';
    *deep = d && strlen(d) < (own ? own : 1);
    return d;
}

/* The path the run takes for p: under the root by the names p was given
 * (named.h), else resolved, as a path outside the root or for a new
 * index is. */
static char *
run_path(const char *p, const struct walk_opts *wo)
{
    char *l = named_logical(p), *r = l ? named_under_root(l, wo) : NULL;

    free(l);
    return r ? r : absolute_or_gone(p);
}

/* When p names a link to a folder that the walk reaches under its own
 * name, run_path() gives that folder; this gives the link's own path
 * (else NULL).  The walk does not enter it, so a run given it removes
 * what the index still has under the link's name, as a walk of its
 * folder does: say, the document of the file the link pointed to before
 * that file was replaced by a folder. */
static char *
own_link_path(const char *p, const struct walk_opts *wo)
{
    char *l = named_logical(p), *slash, *dir, *r = NULL;
    struct buf b = BUF_INIT;

    if (!l || !(slash = strrchr(l, '/')) || !slash[1]) {
        free(l);
        return NULL;
    }
    *slash = '\0';
    dir = named_under_root(*l ? l : "/", wo);
    if (dir) {
        buf_addf(&b, "%s/%s", strcmp(dir, "/") ? dir : "", slash + 1);
        if (!b.err && walk_link_into_tree(wo, b.data))
            r = buf_detach(&b, NULL);
    }
    buf_free(&b);
    free(dir);
    free(l);
    return r;
}

/* A named path as the index is found from it (absolute_or_gone()); a
 * link that loops as its own name in its folder, which is there, so that
 * the other paths named are indexed and only the link is an error
 * (run_path() says so), whether it is named first or not. */
static char *
root_path(const char *p)
{
    struct stat st;

    if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode) && stat(p, &st) != 0 &&
        errno == ELOOP)
        return own_name(p);
    return absolute_or_gone(p);
}

/* SOUSUO_TEST_DOC_DATA_MAX=N (bytes) lowers the most data a document may
 * store (xapian-shim.h), so that tests reach what a file of hundreds of
 * MB meets (its text stored only in part, or refused) with a few KB.
 * For the test suite only; ignored unless a positive number. */
static void
test_hooks(void)
{
    const char *v = getenv("SOUSUO_TEST_DOC_DATA_MAX");
    unsigned long long n;
    char *end;

    if (!v || *v < '0' || *v > '9')
        return;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (!*end && !errno && n > 0 && n < SX_DOC_DATA_MAX)
        sx_set_doc_data_max((size_t)n);
}

/* A --max-size: bytes, or K, M or G (powers of 1024).  0 or -1. */
static int
parse_size(const char *s, uint64_t *out)
{
    unsigned long long n;
    char *end;
    int shift = 0;

    if (*s < '0' || *s > '9') /* strtoull takes "-1" and " 1" */
        return -1;
    errno = 0;
    n = strtoull(s, &end, 10);
    if (errno)
        return -1;
    switch (*end) {
    case 'K': case 'k': shift = 10; end++; break;
    case 'M': case 'm': shift = 20; end++; break;
    case 'G': case 'g': shift = 30; end++; break;
    }
    if (*end || n > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)n << shift;
    return 0;
}

/* A count option: digits only (strtoul would take " 5", "+5" and "-1",
 * the last as a huge number), from min to max.  0, or -1. */
static int
parse_count(const char *s, unsigned long min, unsigned long max,
            unsigned long *out)
{
    unsigned long n;
    char *end;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    n = strtoul(s, &end, 10);
    if (*end || errno || n < min || n > max)
        return -1;
    *out = n;
    return 0;
}

/* Is index_dir (named by --index) root's own .sousuo?  Such an index
 * moves with its tree (META_IN_ROOT).  It may not exist yet. */
static int
is_index_of(const char *index_dir, const char *root)
{
    struct buf b = BUF_INIT;
    char *ix = absolute_or_gone(index_dir);
    int same;

    buf_addf(&b, "%s/%s", strcmp(root, "/") ? root : "", INDEX_DIRNAME);
    same = ix && !b.err && strcmp(ix, b.data) == 0;
    free(ix);
    buf_free(&b);
    return same;
}

/* Why absolute path p, named for a new index, would add nothing to it
 * (NULL: it would, or it is gone, which the run reports itself). */
static const char *
not_indexable(const char *p, uint64_t max_size)
{
    struct stat st;

    if (stat(p, &st) != 0)
        return errno == ELOOP ? "is a link that loops" : NULL;
    if (S_ISDIR(st.st_mode))
        return NULL;
    if (!S_ISREG(st.st_mode))
        return "is a device, FIFO or socket, never read";
    if (extract_format_for_path(p) == EXTRACT_UNSUPPORTED)
        return "is not a format sousuo-index reads";
    if (max_size && (uint64_t)st.st_size > max_size)
        return "is larger than --max-size";
    return NULL;
}

/* Before a new index is made: is there something to put in it?  A folder
 * always is (an empty index of it is what was asked for), files only if
 * one can be read.  Every path must lie under the root, the first one's:
 * else the run fails for the others after making an index for the first
 * alone.  1, said on stderr, when none should be made. */
static int
refuse_new_index(char **paths, int n, const char *root, uint64_t max_size)
{
    size_t len = strlen(root);
    const char *why = NULL;
    char *p;
    int i, any = 0;

    for (i = 0; i < n; i++) {
        if (!(p = root_path(paths[i])))
            return 1;
        if (strncmp(p, root, len) != 0 || (p[len] && p[len] != '/')) {
            fprintf(stderr, "sousuo-index: %s is outside %s, where a new "
                            "index would go (name their common folder "
                            "first); no index made\n", p, *root ? root : "/");
            free(p);
            return 1;
        }
        if (!any && !(why = not_indexable(p, max_size)))
            any = 1;
        free(p);
    }
    if (n == 0 || any)
        return 0;
    if (n == 1)
        fprintf(stderr, "sousuo-index: %s %s; with no index to update, "
                        "none was made\n", paths[0], why);
    else
        fputs("sousuo-index: no path named is a folder or a file to "
              "index; with no index to update, none was made\n", stderr);
    return 1;
}

int
main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "index", required_argument, NULL, 'i' },
        { "full", no_argument, NULL, 'F' },
        { "exclude", required_argument, NULL, 'x' },
        { "encoding", required_argument, NULL, 'E' },
        { "stem", required_argument, NULL, 'S' },
        { "batch", required_argument, NULL, 'B' },
        { "max-size", required_argument, NULL, 'M' },
        { "shards", required_argument, NULL, 'N' },
        { "compact", no_argument, NULL, 'C' },
        { "no-compact", no_argument, NULL, 'K' },
        { "jobs", required_argument, NULL, 'j' },
        { "wait", required_argument, NULL, 'W' },
        { "verbose", no_argument, NULL, 'v' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    struct update_opts opts;
    struct progress progress;
    struct shards *u = NULL;
    struct runlock *lock = NULL;
    struct update_stats stats;
    unsigned nshards = 0;
    int compact = 0, no_compact = 0, fresh, merge, max_size_given = 0;
    const char **excludes = calloc((size_t)argc + 1, sizeof *excludes);
    size_t nexcl = 0;
    char *index_dir = NULL, *root = NULL, *first = NULL, *errmsg = NULL;
    char *note = NULL, *stored_enc = NULL, *stored_stem = NULL;
    char *own_dir = NULL;
    const char *index_arg = NULL;
    struct buf b = BUF_INIT;
    struct sigaction sa;
    struct timespec t0, t1, deadline;
    unsigned long wait_secs = 0;
    int c, i, quiet = 0, rc = 2, npaths, deep = 0, new_index = 0;
    sousuo_status_t st = SOUSUO_OK;

    /* Before anything opens a file: with fd 2 closed, an error message
     * would be written into whatever database file got fd 2. */
    if (stdfds_open() == -1) {
        perror("sousuo-index: /dev/null");
        free(excludes);
        return 2;
    }
    memset(&opts, 0, sizeof opts);
    /* Peak memory is a few times the largest file read (issue 8). */
    opts.max_size = (uint64_t)64 << 20;
    test_hooks();
    if (!excludes) {
        fputs("sousuo-index: out of memory\n", stderr);
        return 2;
    }
    while ((c = getopt_long(argc, argv, "i:x:j:vqhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': index_arg = optarg; break;
        case 'F': opts.full = 1; break;
        case 'x': excludes[nexcl++] = optarg; break;
        case 'E': opts.encoding = optarg; break;
        case 'S': opts.stem = optarg; break;
        case 'B': {
            unsigned long n;
            if (parse_count(optarg, 1, BATCH_MAX, &n) != 0) {
                fprintf(stderr, "sousuo-index: --batch needs a number from "
                                "1 to %d, not '%s'\n", BATCH_MAX, optarg);
                goto out;
            }
            opts.batch_docs = n;
            break;
        }
        case 'M':
            if (parse_size(optarg, &opts.max_size) != 0) {
                fprintf(stderr, "sousuo-index: --max-size needs a size in "
                                "bytes such as 500000, 512K, 64M or 2G "
                                "(0: no limit), not '%s'\n", optarg);
                goto out;
            }
            max_size_given = 1;
            break;
        case 'N': {
            unsigned long n;
            if (parse_count(optarg, 1, SHARDS_MAX, &n) != 0) {
                fprintf(stderr, "sousuo-index: --shards needs a number from "
                                "1 to %d, not '%s'\n", SHARDS_MAX, optarg);
                goto out;
            }
            nshards = (unsigned)n;
            break;
        }
        case 'C': compact = 1; break;
        case 'K': no_compact = 1; break;
        case 'j': {
            unsigned long n;
            if (parse_count(optarg, 1, 64, &n) != 0) {
                fprintf(stderr, "sousuo-index: --jobs needs a number from 1 "
                                "to 64, not '%s'\n", optarg);
                goto out;
            }
            opts.jobs = (unsigned)n;
            break;
        }
        case 'W': {
            unsigned long n;
            if (parse_count(optarg, 0, 86400, &n) != 0) {
                fprintf(stderr, "sousuo-index: --wait needs a number of "
                                "seconds from 0 to 86400, not '%s'\n",
                        optarg);
                goto out;
            }
            wait_secs = n;
            break;
        }
        case 'v': opts.verbose = 1; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); rc = 0; goto out;
        case 'V': printf("sousuo-index %s\n", PACKAGE_VERSION); rc = 0; goto out;
        default:
            fputs("Try 'sousuo-index --help'.\n", stderr);
            goto out;
        }
    }
    opts.excludes = nexcl ? excludes : NULL;
    npaths = argc - optind;
    if (compact && (opts.full || nshards || nexcl || opts.encoding ||
                    opts.stem || max_size_given || npaths > 1 || opts.jobs ||
                    no_compact)) {
        fputs("sousuo-index: --compact takes no other option and at most "
              "one path (the index's folder)\n", stderr);
        goto out;
    }
    if (no_compact)
        opts.jobs = 1; /* parts only ever end merged */
    else if (!opts.jobs)
        opts.jobs = default_jobs();
    if (opts.encoding && strcasecmp(opts.encoding, "auto") != 0 &&
        !extract_encoding_supported(opts.encoding)) {
        fprintf(stderr, "sousuo-index: unknown or unsupported encoding "
                        "'%s'\n", opts.encoding);
        goto out;
    }

    /* Checked before anything is made: update_open() would find it bad
     * only once a new index was there, and leave it behind. */
    if (opts.stem) {
        struct tokenizer *tz = NULL;
        char *tzerr = NULL;

        st = tokenizer_new(opts.stem, &tz, &tzerr);
        tokenizer_free(tz);
        if (st != SOUSUO_OK) {
            fprintf(stderr, "sousuo-index: cannot use stemming language "
                            "'%s': %s\n", opts.stem,
                    tzerr ? tzerr : sousuo_status_str(st));
            free(tzerr);
            goto out;
        }
        free(tzerr);
    }

    /* The root: the index's recorded root, the nearest folder above the
     * first path with an index, or the first path itself. */
    first = root_path(npaths ? argv[optind] : ".");
    if (!first)
        goto out;
    if (index_arg) {
        if (shards_refuse_file(index_arg, &errmsg) != SOUSUO_OK) {
            fprintf(stderr, "sousuo-index: %s\n", errmsg);
            goto out;
        }
        if (!(index_dir = strdup(index_arg)))
            goto out;
        /* An existing index keeps its root: its paths are relative to
         * it, whatever path this run names. */
        root = update_stored_root(index_dir);
        new_index = !root;
        /* A new index for a path that is not there is a typo. */
        if (!root && (root = nearest_dir(first, &deep)) &&
            (deep || (npaths && !exists(argv[optind]))))
            goto gone;
        if (!npaths && !compact && !is_dir(index_arg))
            fprintf(stderr, "sousuo-index: creating index %s for %s\n",
                    index_dir, root);
    } else {
        char *named = named_logical(npaths ? argv[optind] : "."), *dir;

        /* The nearest index at or above the path as named (named.h),
         * else its real path's, as sousuo-search finds it. */
        root = named ? named_find_root(named) : NULL;
        free(named);
        dir = root ? NULL : nearest_dir(first, &deep);
        if (!root && dir &&
            sousuo_index_find(dir, &index_dir, NULL) == SOUSUO_OK) {
            root = strndup(index_dir, strlen(index_dir) -
                                          strlen("/" INDEX_DIRNAME));
            free(dir);
        } else if (!root) {
            root = dir;
            new_index = 1;
            /* No index to remove it from: a mistyped name, which must
             * not make an index in its folder. */
            if (root && (deep || (npaths && !exists(argv[optind]))))
                goto gone;
        }
        if (root && !index_dir) {
            buf_addf(&b, "%s/%s", strcmp(root, "/") ? root : "",
                     INDEX_DIRNAME);
            index_dir = buf_detach(&b, NULL);
        }
    }
    if (!root || !index_dir) {
        fputs("sousuo-index: out of memory\n", stderr);
        goto out;
    }
    if (strcmp(root, "/") == 0)
        root[0] = '\0'; /* so that root + "/" + rel is right */
    if (new_index && !compact &&
        refuse_new_index(argv + optind, npaths, root, opts.max_size)) {
        rc = 1;
        goto out;
    }
    /* One run at a time over the whole index (runlock.h), from before its
     * settings and layout are read: a run rebuilding it swaps them.  A
     * signal ends the wait (wait_again()); --compact then takes the
     * default action again, as a compaction leaves the index as it was
     * when killed. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)wait_secs;
    while ((st = runlock_take(index_dir, !compact, &lock, &errmsg)) ==
               SOUSUO_LOCKED && wait_again(&deadline)) {
        free(errmsg);
        errmsg = NULL;
    }
    if (!waited(st, errmsg, &rc))
        goto out;
    /* Like the stemming language, an index keeps its --encoding: an
     * editor's on-save update of one file does not pass it, and detection
     * would garble a file the user had to name the encoding of. */
    if (opts.encoding && strcasecmp(opts.encoding, "auto") == 0) {
        opts.encoding = NULL;
    } else if (!opts.encoding && !compact &&
               (stored_enc = update_stored_meta(index_dir, META_ENCODING)) !=
                   NULL) {
        if (extract_encoding_supported(stored_enc))
            opts.encoding = stored_enc;
        else
            fprintf(stderr, "sousuo-index: ignoring the index's unknown "
                            "encoding '%s'\n", stored_enc);
    }
    /* A --full rebuild starts new databases, which would otherwise get
     * the default stemming language instead of the index's own. */
    if (!opts.stem && !compact &&
        (stored_stem = update_stored_meta(index_dir, META_STEM)) != NULL)
        opts.stem = stored_stem;

    /* Does the run cover the whole root?  (--full then rebuilds.) */
    opts.whole_root = npaths == 0;
    for (i = optind; i < argc && !opts.whole_root; i++) {
        char *p = realpath(argv[i], NULL);
        opts.whole_root = p && strcmp(p, *root ? root : "/") == 0;
        free(p);
    }
    abort_handler_install(index_dir);
    if (compact) {
        char *summary = NULL;

        sa.sa_handler = SIG_DFL;
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        while ((st = shards_compact(index_dir, &summary, &errmsg)) ==
                   SOUSUO_LOCKED && wait_again(&deadline)) {
            free(errmsg);
            errmsg = NULL;
        }
        if (st != SOUSUO_OK) {
            fprintf(stderr, "sousuo-index: %s\n", errmsg);
            goto out;
        }
        if (!quiet)
            fprintf(stderr, "sousuo-index: %s\n", summary);
        free(summary);
        rc = 0;
        goto out;
    }
    opts.index_dir = index_dir;
    opts.index_in_root = !index_arg || is_index_of(index_dir, root);
    if (!(own_dir = absolute_or_gone(index_dir)))
        goto out;
    opts.own_dir = own_dir;
    opts.root = root;
    opts.stop = &stop_requested;
    opts.progress = &progress;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* The whole open is tried again, not just the lock: the run that held
     * it may have changed the layout meanwhile (merged parts, rebuilt
     * shards: doc/scale-out.md).  The files are read only once the lock
     * is held, so a save made while waiting is indexed as saved. */
    while ((st = shards_open(&opts, nshards, &u, &errmsg)) ==
               SOUSUO_LOCKED && wait_again(&deadline)) {
        free(errmsg);
        errmsg = NULL;
    }
    if (!waited(st, errmsg, &rc))
        goto out;
    /* Said once for all the shards. */
    if (!quiet && shards_reextracting(u))
        fputs(opts.whole_root
                  ? "sousuo-index: the index was made by an older "
                    "extractor; re-reading every file\n"
                  : "sousuo-index: the index was made by an older "
                    "extractor; re-reading every file given (a run over "
                    "the whole root updates the rest)\n", stderr);
    progress_init(&progress, !quiet && isatty(STDERR_FILENO));
    for (i = npaths ? optind : -1; i < argc; i++) {
        struct walk_opts wo = { opts.excludes, 0, opts.root, opts.own_dir };
        char *p = i < 0 ? strdup(first) : run_path(argv[i], &wo);
        char *lk = i < 0 || !p ? NULL : own_link_path(argv[i], &wo);

        if (!p) {
            rc = 1; /* named by absolute() */
        } else if (shards_add_path(u, p) != SOUSUO_OK ||
                   (lk && shards_add_path(u, lk) != SOUSUO_OK)) {
            fprintf(stderr, "sousuo-index: %s\n", shards_errmsg(u));
            rc = 1;
        } else {
            progress_count(&progress, p, &wo);
        }
        free(lk);
        free(p);
        if (i < 0)
            break;
    }
    /* Each shard commits what was complete, also after a failure or a
     * signal (update.h). */
    st = shards_run(u);
    if (st != SOUSUO_OK) {
        fprintf(stderr, "sousuo-index: %s\n", shards_errmsg(u));
        goto out;
    }
    if (shards_stopped(u)) {
        fprintf(stderr, shards_rebuilding(u)
                ? "sousuo-index: interrupted; a rebuild replaces the index "
                  "only when it is complete, so the index is as it was\n"
                : "sousuo-index: interrupted; the work done so far is "
                  "committed, run again to finish\n");
        rc = 130;
        goto out;
    }
    shards_stats(u, &stats);
    nshards = shards_count(u);
    fresh = shards_fresh(u);
    merge = shards_merging(u);
    st = shards_close(u, &note, &errmsg);
    u = NULL;
    if (note && (opts.verbose || strncmp(note, "warning:", 8) == 0))
        fprintf(stderr, "sousuo-index: %s\n", note);
    if (st != SOUSUO_OK) {
        fprintf(stderr, "sousuo-index: %s\n", errmsg);
        goto out;
    }
    /* A build from scratch commits many batches, each of which splits
     * the B-tree blocks it inserts into, so the tables end about half
     * full: compacting takes about 1 s on the 247 MB bench index and
     * halves it (bench/README.md).  Not for shards: it would merge them.
     * Parts built in parallel were merged by shards_close(). */
    if (!merge && fresh && nshards == 1 && !no_compact)
        compact_after_build(index_dir, opts.verbose);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    {
        const struct update_stats *s = &stats;
        char in_shards[32] = "";
        double secs = (double)(t1.tv_sec - t0.tv_sec) +
                      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

        if (nshards > 1 && !merge)
            snprintf(in_shards, sizeof in_shards, " (%u shards)", nshards);
        if (!quiet)
            fprintf(stderr,
                    "sousuo-index: %s: %lu added, %lu updated, %lu removed, "
                    "%lu unchanged, %lu touched; skipped %lu unsupported, "
                    "%lu too large, %lu binary, %lu dangling links; "
                    "%lu truncated; %lu errors; "
                    "%.1f MB read in %.2f s%s\n",
                    index_dir, s->added, s->updated, s->removed,
                    s->unchanged, s->touched, s->unsupported, s->too_large,
                    s->binary, s->dangling, s->truncated, s->errors,
                    (double)s->bytes / 1e6, secs,
                    in_shards);
        if (rc != 1)
            rc = s->errors ? 1 : 0;
    }
    goto out;
gone: /* as absolute() says it */
    fprintf(stderr, "sousuo-index: %s: %s\n", argv[optind], strerror(ENOENT));
out:
    free(note);
    if (u) {
        char *e2 = NULL, *n2 = NULL;
        shards_close(u, &n2, &e2);
        free(n2);
        free(e2);
    }
    runlock_release(lock); /* after the last write to the index */
    free(errmsg);
    free(excludes);
    free(stored_enc);
    free(stored_stem);
    free(index_dir);
    free(root);
    free(first);
    free(own_dir);
    buf_free(&b);
    return rc;
}
