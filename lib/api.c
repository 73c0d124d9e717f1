/* api.c - the public search API of sousuo.h: open an index, run a query
 * (retrying after a concurrent commit), collect hits with snippets. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api-private.h"
#include "buf.h"
#include "docdata.h"
#include "explain.h"
#include "indexdoc.h"
#include "query.h"
#include "rank-knobs.h"
#include "root.h"
#include "schema.h"
#include "snippet.h"
#include "sousuo.h"
#include "tokenize.h"
#include "order.h"
#include "xapian-shim.h"

/* How often a search is rerun after the index changed under it. */
#define MODIFIED_RETRIES 100 /* each retry starts at the newest revision:
                                * this only bounds a pathological writer */

/* A reader that races a commit sees DatabaseModifiedError or, having read
 * a block the writer had just reused, sometimes DatabaseCorruptError or
 * a bare DatabaseError ("EOF reading block 1683490145"): all go away at
 * the newest revision.  Corruption that stays after a few reopens that
 * found no newer revision is real (tests/cli/T120); stale counts those.
 * A slow reader (1,000 hits under ASan) can race several commits in a
 * row, so reopens that moved do not count. */
static int
retryable(sousuo_status_t st, const struct sx_error *e, int stale)
{
    /* A remote shard that failed (down, or not answering in Xapian's
     * 10 s) raced no commit: another try only costs its timeout again. */
    if (st != SOUSUO_MODIFIED && e->network)
        return 0;
    return st == SOUSUO_MODIFIED ||
           ((st == SOUSUO_CORRUPT || st == SOUSUO_BACKEND) && stale < 5);
}


struct hit {
    char *data; /* the stored record (dd points into it), or the path */
    size_t data_len;
    char *colmap; /* SLOT_COLMAP (docdata.h), NULL if none */
    size_t colmap_len;
    int path_only; /* data is only the path (SOUSUO_MATCHES_NONE) */
    struct docdata dd;
    char *path, *title, *date, *lang;
    char *explain; /* "TERM=WEIGHT ..." when asked for, else NULL */
    unsigned rank;
    double score;
    sousuo_match_t *m;
    size_t nm, ws, we;
};

struct sousuo_results {
    struct hit *h;
    size_t n;
    unsigned long long total;
    int total_exact; /* total is a count, not Xapian's estimate */
    int partial;
    char *suggestion;
    char *missing; /* shards left out (down), one per line, or NULL */
};

void
sousuo_search_opts_init(sousuo_search_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->title_boost = 0.0;
    o->snippet_width = 160;
    o->partial = 1;
    o->matches = SOUSUO_MATCHES_ALL;
    /* Chosen on bench/eval.sh's known-item queries: doc/ranking.md. */
    /* Off: +0.06 MRR on keyword queries, but 17x the p95 latency of
     * common English words (every candidate's positions are read). */
    o->proximity = 0;
    o->proximity_slack = 4;
    o->bm25_k1 = 1.0; /* Xapian's defaults: nothing better was found */
    o->bm25_b = 0.5;
    o->exact_boost = 30;
}

static void
set_errmsg(char **errmsg, const char *msg)
{
    if (errmsg)
        *errmsg = strdup(msg);
}

static int
is_dir(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- a stub replaced under a reader -------------------------------------
 *
 * sousuo-index replaces an index behind a stub by building the new
 * databases beside the old (under names it may have used before),
 * renaming a new stub over the old one, then deleting the old databases
 * (indexer/shards.c).  A reader that read the old stub then finds a file
 * or folder it names gone, or half made anew: DatabaseNotFoundError,
 * DatabaseOpeningError ("Couldn't open .../postlist.glass to read (No
 * such file or directory)"), "EOF reading block 0".  That is no missing
 * or corrupt index but a newer one, which a second read of the stub
 * finds.  What tells the two apart is the stub: a new one (or a database
 * folder's new version file, or the folder made anew) since the attempt
 * began.  A failure with the stub unchanged is reported as it is. */

/* How often, and for how long, an open is retried after a replacement:
 * each retry reads the newest stub, so this only bounds a writer that
 * replaces the index faster than it can be opened. */
#define REPLACED_RETRIES 50
#define REPLACED_MS 2000

struct stamp {
    int ok;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtim, ctim;
};

/* What path is now: the folder itself (made anew?), its stub and a
 * database's version file in it; or the stub file path names. */
struct path_sig {
    struct stamp at, stub, version;
};

struct race {
    struct path_sig sig; /* path when the last attempt began */
    unsigned retries;
    struct timespec start;
    int spent; /* replaced too often: give up */
};

static void
stamp_of(const char *p, int whole, struct stamp *s)
{
    struct stat st;

    memset(s, 0, sizeof *s);
    if (!p || stat(p, &st) != 0)
        return;
    s->ok = 1;
    s->dev = st.st_dev;
    s->ino = st.st_ino;
    /* A folder's times change with any file made in it: only which
     * folder it is counts. */
    if (!whole && S_ISDIR(st.st_mode))
        return;
    s->size = st.st_size;
    s->mtim = st.st_mtim;
    s->ctim = st.st_ctim;
}

static void
path_sig(const char *path, struct path_sig *sig)
{
    struct buf b = BUF_INIT;

    stamp_of(path, 0, &sig->at);
    buf_addf(&b, "%s/XAPIANDB", path);
    stamp_of(b.err ? NULL : b.data, 1, &sig->stub);
    buf_reset(&b);
    buf_addf(&b, "%s/iamglass", path);
    stamp_of(b.err ? NULL : b.data, 1, &sig->version);
    buf_free(&b);
}

static int
stamp_same(const struct stamp *a, const struct stamp *b)
{
    return a->ok == b->ok && a->dev == b->dev && a->ino == b->ino &&
           a->size == b->size && a->mtim.tv_sec == b->mtim.tv_sec &&
           a->mtim.tv_nsec == b->mtim.tv_nsec &&
           a->ctim.tv_sec == b->ctim.tv_sec &&
           a->ctim.tv_nsec == b->ctim.tv_nsec;
}

static void
race_start(struct race *r, const char *path)
{
    memset(r, 0, sizeof *r);
    path_sig(path, &r->sig);
    clock_gettime(CLOCK_MONOTONIC, &r->start);
}

/* After a failed open (or reopen) of path with err: was the index
 * replaced meanwhile, so that what failed may be the stub read before?
 * Then 1: try again, which reads the stub anew.  0 when it was not, and
 * when the retries are spent (r->spent). */
static int
race_lost(struct race *r, const char *path, const struct sx_error *err)
{
    struct path_sig now;
    struct timespec t;
    long long ms;
    int same;

    if (err->code == SOUSUO_NOMEM || err->code == SOUSUO_INVAL)
        return 0;
    path_sig(path, &now);
    same = stamp_same(&now.at, &r->sig.at) &&
           stamp_same(&now.stub, &r->sig.stub) &&
           stamp_same(&now.version, &r->sig.version);
    r->sig = now;
    if (same)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &t);
    ms = (long long)(t.tv_sec - r->start.tv_sec) * 1000 +
         (t.tv_nsec - r->start.tv_nsec) / 1000000;
    r->spent = ++r->retries > REPLACED_RETRIES || ms > REPLACED_MS;
    return !r->spent;
}

sousuo_status_t
sousuo_index_find(const char *start, char **index_path, char **errmsg)
{
    struct buf b = BUF_INIT;
    char *dir;
    int e;

    if (errmsg)
        *errmsg = NULL;
    if (!index_path || !start) {
        if (index_path)
            *index_path = NULL;
        set_errmsg(errmsg, !start ? "sousuo_index_find: the start folder is "
                                    "NULL"
                                  : "sousuo_index_find: the output pointer "
                                    "is NULL");
        return SOUSUO_INVAL;
    }
    *index_path = NULL;
    dir = realpath(start, NULL);
    if (!dir) {
        /* No such folder has no index at or above it either. */
        e = errno;
        buf_addf(&b, "no index for '%s': %s", start,
                 e == ENOENT || e == ENOTDIR ? "no such file or folder"
                                              : strerror(e));
        set_errmsg(errmsg, b.data);
        buf_free(&b);
        return e == ENOENT || e == ENOTDIR ? SOUSUO_NOINDEX
               : e == ENOMEM             ? SOUSUO_NOMEM
                                         : SOUSUO_IO;
    }
    if (!is_dir(dir))
        *strrchr(dir, '/') = '\0';
    for (;;) {
        buf_reset(&b);
        buf_addf(&b, "%s/%s", dir, INDEX_DIRNAME);
        if (b.err)
            break;
        if (is_dir(b.data)) {
            free(dir);
            *index_path = buf_detach(&b, NULL);
            return *index_path ? SOUSUO_OK : SOUSUO_NOMEM;
        }
        if (!*dir)
            break;
        *strrchr(dir, '/') = '\0';
    }
    buf_reset(&b);
    buf_addf(&b, "no index found in '%s' or any folder above it; create one "
                 "with: sousuo-index FOLDER", start);
    set_errmsg(errmsg, b.data);
    buf_free(&b);
    free(dir);
    return SOUSUO_NOINDEX;
}

static sousuo_status_t
fail_open(sousuo_index_t *ix, sousuo_status_t st, char **errmsg)
{
    set_errmsg(errmsg, ix->errmsg.len ? ix->errmsg.data
                                      : sousuo_status_str(st));
    sousuo_index_close(ix);
    return st;
}

/* What check_shards() found: the first shard with documents whose
 * schema this sousuo does not read (bad, its value in schema), and the
 * first whose tokenizer is not the first database's (bad_tok, its value
 * in tok); SIZE_MAX for none. */
struct shard_check {
    size_t bad, bad_tok;
    struct buf schema, tok;
};

/* Every shard has its own metadata and a read through a stub answers
 * from the first alone, so a shard built by another sousuo would go
 * unseen.  An empty shard is taken as it is, as an empty index is.
 * first_tok: the tokenizer of the first database, which the caller
 * compares with its own. */
static sousuo_status_t
check_shards(sousuo_index_t *ix, const char *first_tok,
             struct shard_check *c)
{
    size_t i, n = sx_db_shard_count(ix->db);
    uint64_t docs;
    sousuo_status_t st = SOUSUO_OK;
    int schema_ok, tok_ok;

    c->bad = c->bad_tok = SIZE_MAX;
    for (i = 0; i < n && st == SOUSUO_OK; i++) {
        if (c->bad == SIZE_MAX)
            st = sx_db_shard_metadata(ix->db, i, META_SCHEMA, &c->schema,
                                      &ix->err);
        if (st == SOUSUO_OK && c->bad_tok == SIZE_MAX)
            st = sx_db_shard_metadata(ix->db, i, META_TOKENIZER, &c->tok,
                                      &ix->err);
        if (st != SOUSUO_OK)
            break;
        schema_ok = c->bad != SIZE_MAX || schema_cmp(c->schema.data) == 0;
        tok_ok = c->bad_tok != SIZE_MAX || strcmp(c->tok.data, first_tok) == 0;
        if (schema_ok && tok_ok)
            continue;
        st = sx_db_shard_doccount(ix->db, i, &docs, &ix->err);
        if (st != SOUSUO_OK || !docs)
            continue;
        if (!schema_ok)
            c->bad = i;
        if (!tok_ok)
            c->bad_tok = i;
        if (c->bad != SIZE_MAX && c->bad_tok != SIZE_MAX)
            break;
    }
    return st;
}

/* What a reader checks on open; the root goes to ix->errmsg for now.
 * The shards' schemas and tokenizers: check_shards(). */
static sousuo_status_t
read_meta(sousuo_index_t *ix, struct buf *stem, struct buf *tok,
          struct shard_check *c, struct buf *in_root, uint64_t *ndocs)
{
    sousuo_status_t st;

    buf_reset(stem);
    buf_reset(tok);
    buf_reset(&c->schema);
    buf_reset(&c->tok);
    buf_reset(in_root);
    buf_reset(&ix->errmsg);
    buf_reset(&ix->updated);
    st = sx_db_get_metadata(ix->db, META_STEM, stem, &ix->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(ix->db, META_TOKENIZER, tok, &ix->err);
    if (st == SOUSUO_OK)
        st = check_shards(ix, tok->data, c);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(ix->db, META_ROOT, &ix->errmsg, &ix->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(ix->db, META_IN_ROOT, in_root, &ix->err);
    if (st == SOUSUO_OK)
        st = sx_db_doccount(ix->db, ndocs, &ix->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(ix->db, META_UPDATED, &ix->updated, &ix->err);
    return st;
}

sousuo_status_t
sousuo_index_open(const char *path, unsigned flags, sousuo_index_t **out,
                  char **errmsg)
{
    sousuo_index_t *ix;
    struct buf stem = BUF_INIT, tok = BUF_INIT, in_root = BUF_INIT;
    struct shard_check c = { SIZE_MAX, SIZE_MAX, BUF_INIT, BUF_INIT };
    uint64_t ndocs = 0;
    char *tzerr = NULL;
    sousuo_status_t st;
    int attempt, opened = 0;
    struct race race;

    if (errmsg)
        *errmsg = NULL;
    if (!out) {
        set_errmsg(errmsg, "invalid argument");
        return SOUSUO_INVAL;
    }
    *out = NULL;
    if (!path || (flags & ~(unsigned)SOUSUO_OPEN_ALLOW_PARTIAL)) {
        set_errmsg(errmsg, "invalid argument");
        return SOUSUO_INVAL;
    }
    ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->path = strdup(path))) {
        free(ix);
        set_errmsg(errmsg, "out of memory");
        return SOUSUO_NOMEM;
    }
    buf_init(&ix->errmsg);
    buf_init(&ix->updated);
    /* A commit while Xapian opens the tables or while the metadata is
     * read shows as MODIFIED (or CORRUPT): open again.  So does a
     * database the stub listed that a new stub replaced (race_lost()). */
    race_start(&race, path);
    for (attempt = 0;; attempt++) {
        if (flags & SOUSUO_OPEN_ALLOW_PARTIAL) {
            /* Each shard on its own, so a remote one that is down is
             * left out instead of failing the open (doc/scale-out.md). */
            st = sx_shards_open(path, &ix->shards, &ix->err);
            if (st == SOUSUO_OK)
                st = sx_shards_db(ix->shards, &ix->db, &ix->err);
        } else {
            st = sx_db_open(path, &ix->db, &ix->err);
        }
        opened = st == SOUSUO_OK;
        if (st == SOUSUO_OK)
            st = read_meta(ix, &stem, &tok, &c, &in_root, &ndocs);
        if (st == SOUSUO_OK)
            break;
        if (!race_lost(&race, path, &ix->err) &&
            (race.spent || attempt >= MODIFIED_RETRIES ||
             !retryable(st, &ix->err, attempt)))
            break;
        sx_db_close(ix->db);
        ix->db = NULL;
        sx_shards_free(ix->shards);
        ix->shards = NULL;
    }
    if (!opened) {
        struct buf in = BUF_INIT;

        /* The tree's folder named instead of its index: say where. */
        buf_addf(&in, "%s/%s", path, INDEX_DIRNAME);
        if (race.spent) {
            /* Not missing, not corrupt: replaced again and again. */
            st = SOUSUO_MODIFIED;
            buf_addf(&ix->errmsg, "cannot open index '%s': it was replaced "
                                  "%u times while being opened; try again "
                                  "(%s)", path, race.retries, ix->err.msg);
        } else if (st == SOUSUO_NOINDEX && !in.err && is_dir(in.data))
            buf_addf(&ix->errmsg, "cannot open index '%s': no index there, "
                                  "but there is one in '%s'", path, in.data);
        else
            buf_addf(&ix->errmsg, "cannot open index '%s': %s%s", path,
                     st == SOUSUO_NOINDEX ? "no index there; create one "
                                            "with sousuo-index" : "",
                     st == SOUSUO_NOINDEX ? "" : ix->err.msg);
        buf_free(&in);
        buf_free(&stem); /* an earlier attempt may have read them */
        buf_free(&tok);
        buf_free(&c.schema);
        buf_free(&c.tok);
        buf_free(&in_root);
        return fail_open(ix, st, errmsg);
    }
    if (st == SOUSUO_OK) {
        ix->root = buf_detach(&ix->errmsg, NULL);
        /* Moved or copied with its tree: the tree as it is now. */
        if (ix->root)
            ix->root = root_now(path, ix->db, in_root.data, ix->root);
        st = tokenizer_new(stem.len ? stem.data : "english", &ix->tz, &tzerr);
        if (st != SOUSUO_OK)
            buf_addf(&ix->errmsg, "cannot open index '%s': %s", path,
                     tzerr ? tzerr : sousuo_status_str(st));
    } else {
        buf_reset(&ix->errmsg);
        buf_addf(&ix->errmsg, "cannot read index '%s': %s", path,
                 ix->err.msg);
    }
    /* Index- and query-time analysis must agree, or searches silently
     * find nothing: refuse instead, in every shard.  The first database's
     * tokenizer (the one read through a stub) is compared with ours, every
     * other shard's with the first's (check_shards()). */
    if (st == SOUSUO_OK && ndocs && strcmp(tok.data, tokenizer_id(ix->tz))) {
        buf_addf(&ix->errmsg,
                 "index '%s' was built by tokenizer '%s' but this is '%s': "
                 "re-index with sousuo-index --full", path, tok.data,
                 tokenizer_id(ix->tz));
        st = SOUSUO_MISMATCH;
    }
    if (st == SOUSUO_OK && c.bad_tok != SIZE_MAX) {
        buf_addf(&ix->errmsg,
                 "shard '%s' of index '%s' was built by tokenizer '%s' but "
                 "this is '%s': re-index with sousuo-index --full",
                 sx_db_shard_name(ix->db, c.bad_tok), path, c.tok.data,
                 tokenizer_id(ix->tz));
        st = SOUSUO_MISMATCH;
    }
    /* The same for the layout: queries are built for this schema, in
     * every shard. */
    if (st == SOUSUO_OK && c.bad != SIZE_MAX) {
        if (sx_db_shard_count(ix->db) > 1)
            buf_addf(&ix->errmsg, "shard '%s' of ",
                     sx_db_shard_name(ix->db, c.bad));
        buf_addf(&ix->errmsg,
                 "index '%s' has schema %s; this sousuo reads schemas %d to "
                 "%s: %s", path, c.schema.data, SCHEMA_OLDEST, SCHEMA_VERSION,
                 schema_cmp(c.schema.data) < 0
                     ? "re-index with sousuo-index --full"
                     : "use the newer sousuo that wrote it, or re-index "
                       "with sousuo-index --full");
        st = SOUSUO_MISMATCH;
    }
    buf_free(&stem);
    buf_free(&tok);
    buf_free(&c.schema);
    buf_free(&c.tok);
    buf_free(&in_root);
    free(tzerr);
    if (st != SOUSUO_OK)
        return fail_open(ix, st, errmsg);
    if (!ix->root)
        ix->root = strdup("");
    *out = ix;
    return SOUSUO_OK;
}

const char *
sousuo_index_errmsg(const sousuo_index_t *ix)
{
    return ix ? ix->errmsg.data : "no index";
}

void
api_call_begin(sousuo_index_t *ix, struct buf *last)
{
    *last = ix->errmsg;
    buf_init(&ix->errmsg);
}

sousuo_status_t
api_call_end(sousuo_index_t *ix, struct buf *last, sousuo_status_t st)
{
    if (st == SOUSUO_OK) {
        buf_free(&ix->errmsg);
        ix->errmsg = *last;
    } else {
        buf_free(last);
        if (!ix->errmsg.len)
            buf_addstr(&ix->errmsg, sousuo_status_str(st));
    }
    return st;
}

const char *
sousuo_index_root(const sousuo_index_t *ix)
{
    return ix && ix->root ? ix->root : "";
}

static sousuo_status_t
doccount(sousuo_index_t *ix, unsigned long long *n)
{
    uint64_t v = 0;
    sousuo_status_t st;

    if (!n) {
        buf_addstr(&ix->errmsg, "sousuo_index_doccount: the output pointer "
                                "is NULL");
        return SOUSUO_INVAL;
    }
    st = sx_db_doccount(ix->db, &v, &ix->err);
    *n = v;
    if (st != SOUSUO_OK)
        buf_addf(&ix->errmsg, "cannot count the documents of index '%s': %s",
                 ix->path, ix->err.msg);
    return st;
}

sousuo_status_t
sousuo_index_doccount(sousuo_index_t *ix, unsigned long long *n)
{
    struct buf last;

    if (!ix)
        return SOUSUO_INVAL;
    api_call_begin(ix, &last);
    return api_call_end(ix, &last, doccount(ix, n));
}

/* Xapian's reopen() keeps reading a database that was deleted (its
 * files stay open) and cannot see one made anew at the path, which may
 * even have the same revision: so open what is at the path and compare
 * uuids.  *moved is 1 when ix now holds the new database; with none
 * there, an error.  Remote shards are not probed: a connection per call
 * is not cheap, and a remote database is not deleted under a path. */
static sousuo_status_t
replaced(sousuo_index_t *ix, int *moved)
{
    struct buf was = BUF_INIT, now = BUF_INIT;
    sousuo_index_t *fresh = NULL, tmp;
    sx_db *probe = NULL;
    char *msg = NULL;
    sousuo_status_t st;

    *moved = 0;
    if (!sx_db_local(ix->db))
        return SOUSUO_OK;
    st = sx_db_open(ix->path, &probe, &ix->err);
    if (st == SOUSUO_OK)
        st = sx_db_uuid(probe, &now, &ix->err);
    if (st == SOUSUO_OK)
        st = sx_db_uuid(ix->db, &was, &ix->err);
    sx_db_close(probe);
    if (st == SOUSUO_OK && !now.err && !was.err &&
        strcmp(now.data, was.data)) {
        st = sousuo_index_open(ix->path,
                               ix->shards ? SOUSUO_OPEN_ALLOW_PARTIAL : 0,
                               &fresh, &msg);
        if (st == SOUSUO_OK) {
            tmp = *ix;
            *ix = *fresh;
            *fresh = tmp;
            sousuo_index_close(fresh);
            *moved = 1;
        } else {
            buf_addstr(&ix->errmsg, msg ? msg : sousuo_status_str(st));
        }
        free(msg);
    } else if (st != SOUSUO_OK) {
        buf_addf(&ix->errmsg, "cannot reopen index '%s': %s", ix->path,
                 st == SOUSUO_NOINDEX ? "no index there any more"
                                      : ix->err.msg);
    }
    buf_free(&was);
    buf_free(&now);
    return st;
}

static sousuo_status_t
reopen(sousuo_index_t *ix, int *changed)
{
    sousuo_status_t st;
    struct race race;
    int moved;

    /* The probe may read a stub that a new one replaces before the
     * databases it lists are opened, and the handle's own databases may
     * be deleted once a new stub lists others: both find files gone, and
     * the stub read again names the newer index (race_lost()). */
    race_start(&race, ix->path);
    for (;;) {
        buf_reset(&ix->errmsg);
        moved = 0;
        st = replaced(ix, &moved);
        if (st == SOUSUO_OK && !moved) {
            st = sx_db_reopen(ix->db, &moved, &ix->err);
            if (st == SOUSUO_OK && moved)
                st = sx_db_get_metadata(ix->db, META_UPDATED, &ix->updated,
                                        &ix->err);
            if (st != SOUSUO_OK)
                buf_addf(&ix->errmsg, "cannot reopen index '%s': %s",
                         ix->path, ix->err.msg);
        }
        if (st == SOUSUO_OK || !race_lost(&race, ix->path, &ix->err))
            break;
    }
    if (race.spent) {
        st = SOUSUO_MODIFIED;
        buf_reset(&ix->errmsg);
        buf_addf(&ix->errmsg, "cannot reopen index '%s': it was replaced %u "
                              "times while being reopened; try again (%s)",
                 ix->path, race.retries, ix->err.msg);
    }
    if (st == SOUSUO_OK && changed)
        *changed = moved;
    return st;
}

sousuo_status_t
sousuo_index_reopen(sousuo_index_t *ix, int *changed)
{
    struct buf last;

    if (changed)
        *changed = 0;
    if (!ix)
        return SOUSUO_INVAL;
    api_call_begin(ix, &last);
    return api_call_end(ix, &last, reopen(ix, changed));
}

const char *
sousuo_index_updated(const sousuo_index_t *ix)
{
    return ix ? ix->updated.data : "";
}

void
sousuo_index_close(sousuo_index_t *ix)
{
    if (!ix)
        return;
    sx_db_close(ix->db);
    sx_shards_free(ix->shards);
    tokenizer_free(ix->tz);
    buf_free(&ix->errmsg);
    buf_free(&ix->updated);
    free(ix->path);
    free(ix->root);
    free(ix);
}

/* ---- results ------------------------------------------------------------ */

/* Free every hit of r and make it empty (r itself stays). */
static void
results_reset(sousuo_results_t *r)
{
    size_t i;

    for (i = 0; i < r->n; i++) {
        free(r->h[i].data);
        free(r->h[i].colmap);
        free(r->h[i].path);
        free(r->h[i].title);
        free(r->h[i].date);
        free(r->h[i].lang);
        free(r->h[i].explain);
        free(r->h[i].m);
    }
    free(r->h);
    r->h = NULL;
    r->n = 0;
    r->total = 0;
    r->total_exact = 0;
}

void
sousuo_results_free(sousuo_results_t *r)
{
    if (!r)
        return;
    results_reset(r);
    free(r->suggestion);
    free(r->missing);
    free(r);
}

size_t
sousuo_results_count(const sousuo_results_t *r)
{
    return r ? r->n : 0;
}

unsigned long long
sousuo_results_total(const sousuo_results_t *r)
{
    return r ? r->total : 0;
}

int
sousuo_results_total_exact(const sousuo_results_t *r)
{
    return r ? r->total_exact : 0;
}

int
sousuo_results_partial(const sousuo_results_t *r)
{
    return r ? r->partial : 0;
}

const char *
sousuo_results_suggestion(const sousuo_results_t *r)
{
    return r ? r->suggestion : NULL;
}

const char *
sousuo_results_missing(const sousuo_results_t *r)
{
    return r ? r->missing : NULL;
}

const char *
sousuo_index_missing(const sousuo_index_t *ix)
{
    return ix ? sx_shards_down(ix->shards) : "";
}

#define HIT(r, i) (&(r)->h[i])

const char *
sousuo_results_path(const sousuo_results_t *r, size_t i)
{
    return r && i < r->n ? HIT(r, i)->path : NULL;
}

const char *
sousuo_results_title(const sousuo_results_t *r, size_t i)
{
    return r && i < r->n ? HIT(r, i)->title : NULL;
}

const char *
sousuo_results_date(const sousuo_results_t *r, size_t i)
{
    return r && i < r->n ? HIT(r, i)->date : NULL;
}

const char *
sousuo_results_lang(const sousuo_results_t *r, size_t i)
{
    return r && i < r->n ? HIT(r, i)->lang : NULL;
}

unsigned
sousuo_results_rank(const sousuo_results_t *r, size_t i)
{
    return r && i < r->n ? HIT(r, i)->rank : 0;
}

double
sousuo_results_score(const sousuo_results_t *r, size_t i)
{
    return r && i < r->n ? HIT(r, i)->score : 0.0;
}

const char *
sousuo_results_text(const sousuo_results_t *r, size_t i, size_t *len)
{
    if (!r || i >= r->n) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = HIT(r, i)->dd.text_len;
    return HIT(r, i)->dd.text ? HIT(r, i)->dd.text : "";
}

void
sousuo_results_window(const sousuo_results_t *r, size_t i, size_t *start,
                      size_t *end)
{
    if (start)
        *start = r && i < r->n ? HIT(r, i)->ws : 0;
    if (end)
        *end = r && i < r->n ? HIT(r, i)->we : 0;
}

size_t
sousuo_results_nmatches(const sousuo_results_t *r, size_t i)
{
    return r && i < r->n ? HIT(r, i)->nm : 0;
}

const char *
sousuo_results_explain(const sousuo_results_t *r, size_t i)
{
    return r && i < r->n ? HIT(r, i)->explain : NULL;
}

const sousuo_match_t *
sousuo_results_match(const sousuo_results_t *r, size_t i, size_t k)
{
    if (!r || i >= r->n || k >= HIT(r, i)->nm)
        return NULL;
    return &HIT(r, i)->m[k];
}

/* ---- searching ------------------------------------------------------------ */

/* Run q once: fill r with the page of hits.  May return SOUSUO_MODIFIED. */
static sousuo_status_t
run_once(sousuo_index_t *ix, const sx_query *q,
         const sousuo_search_opts_t *o, sousuo_results_t *r)
{
    sx_enquire *e = NULL;
    sx_mset *m = NULL;
    struct buf data = BUF_INIT;
    sousuo_status_t st;
    struct order_key *order = NULL;
    size_t i, n, norder = 0;
    size_t want = (size_t)o->offset + o->limit, asked;
    int path_only;

    st = sx_enquire_new(ix->db, &e, &ix->err);
    if (st == SOUSUO_OK)
        st = sx_enquire_set_bm25(e, o->bm25_k1, 0, 1, o->bm25_b, 0.5,
                                 &ix->err);
    if (st == SOUSUO_OK)
        st = sx_enquire_set_query(e, q, &ix->err);
    /* A few hits more than the page, to see whether a tie crosses its
     * edge.  If one does, once more for every document down to the tie's
     * weight: the whole tie comes, and the matcher skips lighter documents
     * from the start (order.h).  Doubling the page instead reran
     * expensive phrases up to 5 times (7 ms at p99). */
    asked = want < UINT_MAX / 2 - ORDER_LOOKAHEAD ? want + ORDER_LOOKAHEAD
                                                  : UINT_MAX / 2;
    if (st == SOUSUO_OK)
        st = sx_enquire_mset(e, 0, (unsigned)asked,
                             o->exact_total ? UINT_MAX / 2 : 0, &m, &ix->err);
    if (st == SOUSUO_OK)
        r->total = sx_mset_estimated(m);
    if (st == SOUSUO_OK)
        r->total_exact = sx_mset_exact(m);
    if (st == SOUSUO_OK && order_tied_edge(m, want, asked)) {
        double floor = order_tie_floor(m, want);

        sx_mset_free(m);
        m = NULL;
        st = sx_enquire_set_min_weight(e, floor, &ix->err);
        if (st == SOUSUO_OK)
            st = sx_enquire_mset(e, 0, UINT_MAX / 2, 0, &m, &ix->err);
    }
    if (st == SOUSUO_OK)
        st = order_mset(m, SLOT_PATH, o->offset, want, &order, &ix->err);
    if (st != SOUSUO_OK)
        goto out;
    n = norder = sx_mset_size(m);
    n = n > o->offset ? n - o->offset : 0;
    if (n > o->limit)
        n = o->limit;
    /* Ranking only: the path is a value, no need to read (and inflate)
     * the whole stored text; ties have it already, the rest of the page
     * comes in one pass over the values.  Explain needs no more than
     * the path either (its id term). */
    path_only = !o->matches;
    if (path_only && n)
        st = order_read_paths(m, SLOT_PATH, order, o->offset, o->offset + n,
                              &ix->err);
    r->h = st == SOUSUO_OK ? calloc(n ? n : 1, sizeof *r->h) : NULL;
    if (!r->h) {
        st = st == SOUSUO_OK ? SOUSUO_NOMEM : st;
        goto out;
    }
    for (i = 0; i < n; i++) {
        struct hit *h = &r->h[i];
        struct order_key *ok = &order[o->offset + i];
        size_t k = ok->idx;

        h->path_only = path_only;
        if (path_only) {
            h->data = ok->path; /* taken over */
            h->data_len = ok->len;
            ok->path = NULL;
        } else {
            st = sx_mset_data(m, k, &data, &ix->err);
            if (st != SOUSUO_OK)
                break;
            h->data = buf_detach(&data, &h->data_len);
        }
        h->rank = o->offset + (unsigned)i + 1;
        h->score = sx_mset_weight(m, k);
        if (!h->data) {
            st = SOUSUO_NOMEM;
            break;
        }
        r->n = i + 1; /* counted before any read that can fail: freed */
        if (!path_only && o->matches) {
            st = sx_mset_value(m, k, SLOT_COLMAP, &data, &ix->err);
            if (st != SOUSUO_OK)
                break;
            if (data.len)
                h->colmap = buf_detach(&data, &h->colmap_len);
        }
        if (o->explain) {
            struct docdata dd;
            struct buf id = BUF_INIT, why = BUF_INIT;

            memset(&dd, 0, sizeof dd);
            dd.path = h->data;
            dd.path_len = h->data_len;
            if (path_only || docdata_decode(h->data, h->data_len, &dd) == 0) {
                indexdoc_idterm(dd.path, dd.path_len, &id);
                st = explain_hit(ix->db, m, k, id.data, id.len,
                                 o, &why, &ix->err);
                h->explain = buf_detach(&why, NULL);
            }
            buf_free(&id);
            buf_free(&why);
            if (st != SOUSUO_OK)
                break;
        }
    }
out:
    order_free(order, norder);
    buf_free(&data);
    sx_mset_free(m);
    sx_enquire_free(e);
    return st;
}

/* SOUSUO_OPEN_ALLOW_PARTIAL, after a failed search: leave out the remote
 * shards that no longer answer.  1 when some were and others are left
 * (the search is worth running again). */
static int
drop_dead_shards(sousuo_index_t *ix)
{
    unsigned dropped = 0;
    sx_db *db = NULL;

    if (!ix->shards ||
        sx_shards_probe(ix->shards, &dropped, NULL) != SOUSUO_OK ||
        !dropped || sx_shards_db(ix->shards, &db, NULL) != SOUSUO_OK)
        return 0;
    sx_db_close(ix->db);
    ix->db = db;
    return 1;
}

/* Build and run tree's query, reopening and rerunning when a writer
 * committed meanwhile (or without the shards that went down, when that
 * is allowed).  Each attempt builds the query anew: prefix* expands
 * against the database (query-build.c), whose terms may have changed,
 * and the expansion fails as a search does. */
static sousuo_status_t
run(sousuo_index_t *ix, const struct qnode *tree,
    const struct query_opts *qo, const sousuo_search_opts_t *o,
    sousuo_results_t *r)
{
    struct query_opts bo = *qo;
    sousuo_status_t st = SOUSUO_OK, rst;
    int attempt, stale = 0, moved;

    for (attempt = 0; attempt <= MODIFIED_RETRIES; attempt++) {
        sx_query *q = NULL;

        bo.db = ix->db;
        st = query_build(tree, ix->tz, &bo, &q, &ix->err);
        if (st == SOUSUO_OK)
            st = run_once(ix, q, o, r);
        sx_query_free(q);
        if (st != SOUSUO_OK && !retryable(st, &ix->err, stale) &&
            drop_dead_shards(ix)) {
            results_reset(r);
            continue;
        }
        if (!retryable(st, &ix->err, stale))
            break;
        results_reset(r);
        /* Reopening can race the writer too: then just try again. */
        moved = 0;
        rst = sx_db_reopen(ix->db, &moved, &ix->err);
        if (rst != SOUSUO_OK && !retryable(rst, &ix->err, stale)) {
            st = rst;
            break;
        }
        stale = moved ? 0 : stale + 1;
    }
    return st;
}

static char *
cstr(const char *s, size_t n)
{
    return strndup(s ? s : "", s ? n : 0);
}

/* Decode each hit's record and find its matches. */
static sousuo_status_t
finish_hits(sousuo_index_t *ix, sousuo_results_t *r, const struct qnode *tree,
            const sousuo_search_opts_t *o)
{
    struct snip_query sq;
    sousuo_status_t st = SOUSUO_OK;
    size_t i, k;

    memset(&sq, 0, sizeof sq);
    if (o->matches)
        (r->partial ? snip_query_init_partial : snip_query_init)(&sq, tree,
                                                                 ix->tz);
    if (sq.nomem) {
        snip_query_free(&sq);
        return SOUSUO_NOMEM;
    }
    for (i = 0; i < r->n && st == SOUSUO_OK; i++) {
        struct hit *h = &r->h[i];
        struct snippet sn;
        struct linecol lc;
        struct colmap cm;

        if (h->path_only) {
            memset(&h->dd, 0, sizeof h->dd);
            h->dd.path = h->data;
            h->dd.path_len = h->data_len;
        } else if (docdata_decode(h->data, h->data_len, &h->dd) != 0) {
            memset(&h->dd, 0, sizeof h->dd); /* not ours: show it bare */
        } else {
            /* The text is the record's last field: its ',' becomes the
             * NUL sousuo_results_text() promises.  Nothing decodes the
             * record again (explain did before, in run_once()). */
            h->data[(size_t)(h->dd.text - h->data) + h->dd.text_len] = '\0';
        }
        h->path = cstr(h->dd.path, h->dd.path_len);
        h->title = cstr(h->dd.title, h->dd.title_len);
        h->date = cstr(h->dd.date, h->dd.date_len);
        h->lang = cstr(h->dd.lang, h->dd.lang_len);
        if (!h->path || !h->title || !h->date || !h->lang) {
            st = SOUSUO_NOMEM;
            break;
        }
        if (!o->matches)
            continue;
        st = snippet_find(ix->tz, &sq, h->dd.text, h->dd.text_len,
                          o->snippet_width,
                          o->matches == SOUSUO_MATCHES_SNIPPET ? 32 : 0, &sn);
        if (st != SOUSUO_OK)
            break;
        h->ws = sn.win_start;
        h->we = sn.win_end;
        h->m = calloc(sn.nm ? sn.nm : 1, sizeof *h->m);
        if (!h->m) {
            snippet_free(&sn);
            st = SOUSUO_NOMEM;
            break;
        }
        /* Matches come in text order: one pass finds every line. */
        snippet_linecol_init(&lc);
        colmap_init(&cm, h->colmap, h->colmap_len);
        for (k = 0; k < sn.nm; k++) {
            sousuo_match_t *m = &h->m[k];
            size_t add;

            m->start = sn.m[k].start;
            m->end = sn.m[k].end;
            snippet_linecol_next(h->dd.text, h->dd.text_len, m->start, &lc);
            m->line = lc.line;
            m->byte_col = lc.byte_col;
            m->char_col = lc.char_col;
            m->utf16_col = lc.utf16_col;
            /* The map counts markup in bytes: one code point (one
             * UTF-16 unit) each, as the fallback's spaces do. */
            add = colmap_add(&cm, h->dd.text, h->dd.text_len, m->start);
            m->byte_col += add;
            m->char_col += add;
            m->utf16_col += add;
            m->line_start = lc.line_start;
            m->line_end = lc.line_end;
        }
        h->nm = sn.nm;
        snippet_free(&sn);
    }
    snip_query_free(&sq);
    return st;
}

/* The partial form of a query: nodes that share the tree's (partial_tree
 * sets them; partial_free() frees the arrays only). */
struct partial {
    struct qnode any, all, not;
    struct qnode **words, **kids, **notkids;
};

static int
partial_filter(const struct qnode *n)
{
    return n->kind == Q_DATE ||
           (n->kind == Q_FIELD && strcmp(n->field, "title") != 0);
}

/* An AND's top-level words, each searched on its own, ORed (searched
 * with query_opts.relaxed), still filtered by its filters; one unquoted
 * text is itself (a CJK run's bigrams, or a hyphenated word's parts,
 * any of them).  NULL when the query has no such form; an OR is partial
 * already, and turning it into one would make its filters alternatives. */
static const struct qnode *
partial_and(const struct qnode *tree, struct partial *p)
{
    size_t i, nw = 0, nf = 0;

    if (tree->kind == Q_TEXT)
        return tree;
    if (tree->kind != Q_AND || tree->nkids < 2)
        return NULL;
    p->words = malloc(tree->nkids * sizeof *p->words);
    p->kids = malloc((tree->nkids + 1) * sizeof *p->kids);
    if (!p->words || !p->kids)
        return NULL;
    for (i = 0; i < tree->nkids; i++) {
        struct qnode *k = tree->kids[i];

        if (k->kind == Q_TEXT || k->kind == Q_PHRASE || k->kind == Q_PREFIX)
            p->words[nw++] = k;
        else if (partial_filter(k))
            p->kids[1 + nf++] = k;
        else
            return NULL;
    }
    if (!nw)
        return NULL;
    p->any = *tree;
    p->any.kind = Q_OR;
    p->any.kids = p->words;
    p->any.nkids = nw;
    if (!nf)
        return &p->any;
    p->kids[0] = nw > 1 ? &p->any : p->words[0];
    p->all = *tree;
    p->all.kids = p->kids;
    p->all.nkids = nf + 1;
    return &p->all;
}

/* "The best partial matches" when no document has every word: the
 * words' partial form, filters kept, -words still excluded. */
static const struct qnode *
partial_tree(const struct qnode *tree, struct partial *p)
{
    const struct qnode *pos;

    memset(p, 0, sizeof *p);
    if (tree->kind != Q_NOT)
        return partial_and(tree, p);
    pos = partial_and(tree->kids[0], p);
    if (!pos || !(p->notkids = malloc(tree->nkids * sizeof *p->notkids)))
        return NULL;
    memcpy(p->notkids, tree->kids, tree->nkids * sizeof *p->notkids);
    p->notkids[0] = (struct qnode *)pos;
    p->not = *tree;
    p->not.kids = p->notkids;
    return &p->not;
}

static void
partial_free(struct partial *p)
{
    free(p->words);
    free(p->kids);
    free(p->notkids);
}

/* Where word stands on its own in query, at or after *from: not inside
 * a quoted phrase, not a filter's value ("title:word"), not part of a
 * longer word.  NULL if nowhere.  *quoted is the quote parity at *from
 * (1: inside a phrase) and is carried along, not recounted from the start
 * for each candidate (quadratic on a 100 KB query); when the word is
 * found, *from and *quoted move past it, for the next word's search. */
static const char *
find_word(const char *query, const char **from, int *quoted,
          const char *word)
{
    size_t n = strlen(word);
    const char *at, *q = *from;
    int inq = *quoted;

    for (at = strstr(*from, word); at; at = strstr(at + 1, word)) {
        unsigned char before = at > query ? (unsigned char)at[-1] : ' ';
        unsigned char after = (unsigned char)at[n];

        for (; q < at; q++)
            inq ^= *q == '"';
        if (!inq && before != ':' && !isalnum(before) && before < 0x80 &&
            !isalnum(after) && after < 0x80) {
            for (; q < at + n; q++)
                inq ^= *q == '"';
            *from = q;
            *quoted = inq;
            return at;
        }
    }
    return NULL;
}

struct matched {
    sousuo_index_t *ix;
    struct buf term;
    int any;
};

static int
matched_tok(void *ctx, const struct tok *t)
{
    struct matched *m = ctx;
    uint64_t freq = 0;

    if (t->kind != TOK_WORD && t->kind != TOK_STEM)
        return 0;
    buf_reset(&m->term);
    if (t->kind == TOK_STEM)
        buf_addstr(&m->term, PFX_STEM);
    buf_add(&m->term, t->term, t->term_len);
    if (!m->term.err &&
        sx_db_termfreq(m->ix->db, m->term.data, m->term.len, &freq,
                       &m->ix->err) == SOUSUO_OK && freq)
        m->any = 1;
    return m->any;
}

/* Does some document have the word, as itself or through its stem (the
 * search matches both: "force" finds "forces")? */
static int
word_matches(sousuo_index_t *ix, const char *word)
{
    struct matched m = { ix, BUF_INIT, 0 };

    tokenize(ix->tz, TOK_QUERY, word, strlen(word), matched_tok, &m);
    buf_free(&m.term);
    return m.any;
}

/* "Did you mean": replace each top-level word (of an AND or an OR, or
 * the positive side of a NOT) that no document has, neither as itself
 * nor through its stem, by the spelling dictionary's suggestion.  NULL
 * when nothing changes, or when a word of an AND that no document has
 * gets no suggestion: the suggested query would find nothing too. */
static char *
suggest(sousuo_index_t *ix, const struct qnode *tree, const char *query)
{
    const struct qnode *const *kids = &tree;
    size_t nkids = 1, i;
    struct buf out = BUF_INIT, s = BUF_INIT;
    int changed = 0, quoted = 0;
    const char *rest = query, *from;

    if (tree->kind == Q_NOT)
        tree = tree->kids[0];
    kids = &tree;
    if (tree->kind == Q_AND || tree->kind == Q_OR) {
        kids = (const struct qnode *const *)tree->kids;
        nkids = tree->nkids;
    }
    for (i = 0; i < nkids; i++) {
        const struct qnode *k = kids[i];
        const char *at;
        size_t n, j;

        if (k->kind != Q_TEXT)
            continue;
        n = strlen(k->text);
        /* Only plain Latin words are checked. */
        for (j = 0; j < n && (unsigned char)k->text[j] < 0x80 &&
                    k->text[j] != '*'; j++)
            ;
        if (j < n || n < 3)
            continue;
        buf_reset(&s);
        for (j = 0; j < n; j++)
            buf_addch(&s, k->text[j] >= 'A' && k->text[j] <= 'Z'
                              ? (char)(k->text[j] + 32) : k->text[j]);
        if (word_matches(ix, k->text))
            continue;
        if (sx_db_spelling_suggestion(ix->db, s.data, s.len, 2, &s,
                                      &ix->err) != SOUSUO_OK || !s.len) {
            if (tree->kind == Q_OR)
                continue;
            changed = 0;
            break;
        }
        from = rest;
        at = find_word(query, &from, &quoted, k->text);
        if (!at)
            continue;
        buf_add(&out, rest, (size_t)(at - rest));
        buf_add(&out, s.data, s.len);
        rest = from;
        changed = 1;
    }
    buf_addstr(&out, rest);
    buf_free(&s);
    if (!changed) {
        buf_free(&out);
        return NULL;
    }
    return buf_detach(&out, NULL);
}

/* v with the fewest digits that read back as v: %g alone rounds to 6, so
 * 100.0001 would show as the 100 it is refused for exceeding. */
static const char *
shortest_g(double v, char *s, size_t n)
{
    int prec;

    for (prec = 6; prec < 17; prec++) {
        snprintf(s, n, "%.*g", prec, v);
        if (strtod(s, NULL) == v)
            return s;
    }
    snprintf(s, n, "%.17g", v);
    return s;
}

/* The ranking knobs in the ranges sousuo-search --rank allows (one
 * table: rank-knobs.c).  Out of range, NaN or infinite, a knob would
 * re-rank silently or score NaN, which then shows in the explanation
 * ("term=nan"), no JSON number. */
static int
check_opts(sousuo_index_t *ix, const sousuo_search_opts_t *o)
{
    size_t i;

    for (i = 0; i < rank_knobs_n; i++) {
        const struct rank_knob *k = &rank_knobs[i];
        double v = rank_knob_get(k, o);

        if (!rank_knob_ok(k, v)) {
            char s[32];

            buf_addf(&ix->errmsg, "sousuo_search: opts.%s is %s; it must "
                                  "be from %g to %g", k->field,
                     shortest_g(v, s, sizeof s), k->lo, k->hi);
            return -1;
        }
    }
    if (o->matches != SOUSUO_MATCHES_NONE && o->matches != SOUSUO_MATCHES_ALL &&
        o->matches != SOUSUO_MATCHES_SNIPPET) {
        buf_addf(&ix->errmsg, "sousuo_search: opts.matches is %d; it must "
                              "be SOUSUO_MATCHES_NONE (0), _ALL (1) or "
                              "_SNIPPET (2)", o->matches);
        return -1;
    }
    return 0;
}

static sousuo_status_t
search(sousuo_index_t *ix, const char *query,
       const sousuo_search_opts_t *opts, sousuo_results_t **out)
{
    sousuo_search_opts_t defaults;
    struct query_opts qo = { 0, 0, 0, 0, 0, NULL };
    struct qnode *tree = NULL;
    sousuo_results_t *r = NULL;
    char *perr = NULL;
    sousuo_status_t st;

    if (!query || !out) {
        buf_addf(&ix->errmsg, "sousuo_search: %s is NULL",
                 !query ? "the query" : "the output pointer");
        return SOUSUO_INVAL;
    }
    if (!opts) {
        sousuo_search_opts_init(&defaults);
        opts = &defaults;
    }
    if (check_opts(ix, opts) != 0)
        return SOUSUO_INVAL;
    qo.title_boost = opts->title_boost;
    qo.proximity = opts->proximity;
    qo.prox_slack = opts->proximity_slack;
    qo.exact = opts->exact_boost;
    st = query_parse(ix->tz, query, strlen(query), &tree, NULL, &perr);
    if (st != SOUSUO_OK) {
        buf_addstr(&ix->errmsg, perr ? perr : sousuo_status_str(st));
        free(perr);
        return st;
    }
    r = calloc(1, sizeof *r);
    if (!r) {
        st = SOUSUO_NOMEM;
        goto out;
    }
    st = run(ix, tree, &qo, opts, r);
    /* Nothing matches every word: a misspelt word is the likely cause. */
    if (st == SOUSUO_OK && r->total == 0)
        r->suggestion = suggest(ix, tree, query);
    if (st == SOUSUO_OK && r->total == 0 && opts->partial) {
        struct query_opts pqo = { opts->title_boost, 0, 0, 1, 0, NULL };
        struct partial p;
        const struct qnode *pt = partial_tree(tree, &p);

        if (pt) {
            results_reset(r);
            st = run(ix, pt, &pqo, opts, r);
            r->partial = r->total > 0;
        }
        partial_free(&p);
    }
    if (st == SOUSUO_OK)
        st = finish_hits(ix, r, tree, opts);
    if (st == SOUSUO_OK && *sousuo_index_missing(ix) &&
        !(r->missing = strdup(sousuo_index_missing(ix))))
        st = SOUSUO_NOMEM;
out:
    if (st != SOUSUO_OK) {
        if (!ix->errmsg.len)
            buf_addf(&ix->errmsg, "search failed: %s",
                     ix->err.msg[0] ? ix->err.msg : sousuo_status_str(st));
        sousuo_results_free(r);
        r = NULL;
    }
    query_free(tree);
    *out = r;
    return st;
}

sousuo_status_t
sousuo_search(sousuo_index_t *ix, const char *query,
              const sousuo_search_opts_t *opts, sousuo_results_t **out)
{
    struct buf last;

    if (out)
        *out = NULL;
    if (!ix)
        return SOUSUO_INVAL;
    api_call_begin(ix, &last);
    return api_call_end(ix, &last, search(ix, query, opts, out));
}
