/* update.c - the incremental indexing run; see update.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "extract.h"
#include "hash.h"
#include "indexdoc.h"
#include "schema.h"
#include "strset.h"
#include "tokenize.h"
#include "update.h"
#include "walk.h"
#include "xapian-shim.h"

struct update {
    struct update_opts opts;
    struct update_stats stats;
    sx_db *db;
    struct tokenizer *tz;
    struct strset seen;   /* relative paths whose document stays */
    struct buf scopes;    /* relative paths walked, each NUL-terminated */
    struct buf keep;      /* unreadable folders: what is below them stays */
    size_t root_len;
    size_t pending_docs, pending_bytes;
    struct buf tmp, val, spell, errmsg;
    struct sx_error err;
    int fatal;
};

static sousuo_status_t
fail(struct update *u, sousuo_status_t st, const char *fmt, const char *arg)
{
    buf_reset(&u->errmsg);
    buf_addf(&u->errmsg, fmt, arg, u->err.msg);
    u->fatal = 1;
    return st;
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

static void
note(const struct update *u, const char *what, const char *rel)
{
    if (u->opts.verbose)
        fprintf(stderr, "%s %s\n", what, rel);
}

static sousuo_status_t
commit_batch(struct update *u)
{
    sousuo_status_t st = sx_db_commit(u->db, &u->err);

    if (st != SOUSUO_OK)
        return fail(u, st, "cannot commit to the index%s: %s", "");
    u->pending_docs = u->pending_bytes = 0;
    return SOUSUO_OK;
}

/* Read a whole file.  Returns 0, or -1 with errno set. */
static int
read_file(const char *path, struct buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    ssize_t n;

    buf_reset(out);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0 && st.st_size > 0 &&
        buf_grow(out, (size_t)st.st_size) < 0) {
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    for (;;) {
        if (buf_grow(out, 65536) < 0) {
            close(fd);
            errno = ENOMEM;
            return -1;
        }
        n = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        out->len += (size_t)n;
    }
    out->data[out->len] = '\0';
    if (n < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return close(fd);
}

static int64_t
mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static sousuo_status_t
add_spelling(struct update *u)
{
    const char *p = u->spell.data, *end = p + u->spell.len;
    sousuo_status_t st = SOUSUO_OK;

    while (p < end && st == SOUSUO_OK) {
        size_t n = strlen(p);
        st = sx_db_add_spelling(u->db, p, n, 1, &u->err);
        p += n + 1;
    }
    buf_reset(&u->spell);
    return st;
}

/* Index one changed file (content already in u->tmp). */
static sousuo_status_t
index_content(struct update *u, const char *path, const char *rel,
              const struct stat *st, uint64_t hash, int existed)
{
    struct extract ex;
    struct indexdoc in;
    sx_doc *doc = NULL;
    char *emsg = NULL;
    sousuo_status_t s;

    memset(&ex, 0, sizeof ex);
    s = extract_buffer(path, u->tmp.data, u->tmp.len, u->opts.encoding, &ex,
                       &emsg);
    if (s != SOUSUO_OK) {
        fprintf(stderr, "sousuo-index: %s: %s\n", rel,
                emsg ? emsg : sousuo_status_str(s));
        free(emsg);
        u->stats.errors++;
        return SOUSUO_OK;
    }
    if (ex.format == EXTRACT_BINARY || ex.format == EXTRACT_UNSUPPORTED) {
        /* Not marked seen: a file that turned binary leaves the index. */
        if (ex.format == EXTRACT_BINARY)
            u->stats.binary++;
        else
            u->stats.unsupported++;
        note(u, "skip-binary", rel);
        extract_free(&ex);
        return SOUSUO_OK;
    }
    memset(&in, 0, sizeof in);
    in.relpath = rel;
    in.relpath_len = strlen(rel);
    in.title = ex.title;
    in.title_len = strlen(ex.title);
    in.text = ex.text;
    in.text_len = ex.text_len;
    in.date = ex.date;
    in.size = (uint64_t)st->st_size;
    in.mtime_ns = mtime_ns(st);
    in.hash = hash;
    s = indexdoc_build(u->tz, &in, &doc, &u->spell, &u->err);
    if (s == SOUSUO_OK) {
        indexdoc_idterm(rel, in.relpath_len, &u->val);
        s = sx_db_replace_document(u->db, u->val.data, u->val.len, doc, NULL,
                                   &u->err);
    }
    if (s == SOUSUO_OK)
        s = add_spelling(u);
    sx_doc_free(doc);
    u->pending_bytes += ex.text_len;
    extract_free(&ex);
    if (s != SOUSUO_OK)
        return fail(u, s, "cannot write %s to the index: %s", rel);
    if (strset_add(&u->seen, rel, in.relpath_len) < 0)
        return fail(u, SOUSUO_NOMEM, "out of memory (%s)%s", rel);
    if (existed)
        u->stats.updated++;
    else
        u->stats.added++;
    note(u, existed ? "update" : "add", rel);
    u->pending_docs++;
    if (u->pending_docs >= u->opts.batch_docs ||
        u->pending_bytes >= u->opts.batch_bytes)
        return commit_batch(u);
    return SOUSUO_OK;
}

/* Mark rel as staying in the index.  0, or 1 to stop the walk. */
static int
keep_doc(struct update *u, const char *rel, size_t len)
{
    if (strset_add(&u->seen, rel, len) < 0) {
        fail(u, SOUSUO_NOMEM, "out of memory (%s)%s", rel);
        return 1;
    }
    return 0;
}

static int
on_file(void *ctx, const char *path, const struct stat *st)
{
    struct update *u = ctx;
    const char *rel = relpath(u, path);
    size_t rel_len = strlen(rel);
    sx_docid docid = 0;
    uint64_t hash;
    char hex[17];
    sousuo_status_t s;

    if (u->opts.stop && *u->opts.stop)
        return 1;
    if (extract_format_for_path(path) == EXTRACT_UNSUPPORTED) {
        u->stats.unsupported++;
        note(u, "skip-format", rel);
        return 0;
    }
    indexdoc_idterm(rel, rel_len, &u->val);
    s = sx_db_find_term(u->db, u->val.data, u->val.len, &docid, &u->err);
    if (s != SOUSUO_OK)
        return fail(u, s, "cannot read the index at %s: %s", rel), 1;
    if (docid && !u->opts.full) {
        indexdoc_stat_value((uint64_t)st->st_size, mtime_ns(st), &u->tmp);
        s = sx_db_document_value(u->db, docid, SLOT_STAT, &u->val, &u->err);
        if (s != SOUSUO_OK)
            return fail(u, s, "cannot read the index at %s: %s", rel), 1;
        if (u->val.len == u->tmp.len &&
            memcmp(u->val.data, u->tmp.data, u->tmp.len) == 0) {
            u->stats.unchanged++;
            return keep_doc(u, rel, rel_len); /* not even opened */
        }
    }
    if (read_file(path, &u->tmp) != 0) {
        /* Keep what the index had: an unreadable file loses nothing. */
        fprintf(stderr, "sousuo-index: %s: %s\n", rel, strerror(errno));
        u->stats.errors++;
        return keep_doc(u, rel, rel_len);
    }
    u->stats.bytes += u->tmp.len;
    hash = fnv1a64(FNV64_INIT, u->tmp.data, u->tmp.len);
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
    if (docid && !u->opts.full) {
        s = sx_db_document_value(u->db, docid, SLOT_HASH, &u->val, &u->err);
        if (s != SOUSUO_OK)
            return fail(u, s, "cannot read the index at %s: %s", rel), 1;
        if (u->val.len == 16 && memcmp(u->val.data, hex, 16) == 0) {
            /* Touched, same bytes: record the new mtime, skip the work. */
            indexdoc_stat_value((uint64_t)st->st_size, mtime_ns(st), &u->val);
            s = sx_db_set_document_value(u->db, docid, SLOT_STAT, u->val.data,
                                         u->val.len, &u->err);
            if (s != SOUSUO_OK)
                return fail(u, s, "cannot write %s to the index: %s", rel), 1;
            u->stats.touched++;
            u->pending_docs++;
            note(u, "touch", rel);
            return keep_doc(u, rel, rel_len);
        }
    }
    return index_content(u, path, rel, st, hash, docid != 0) == SOUSUO_OK
               ? 0 : 1;
}

static int
on_error(void *ctx, const char *path, int errnum)
{
    struct update *u = ctx;
    const char *rel = relpath(u, path);

    fprintf(stderr, "sousuo-index: %s: %s\n", *rel ? rel : path,
            strerror(errnum));
    u->stats.errors++;
    /* Whatever the index had below an unreadable entry stays. */
    buf_add(&u->keep, rel, strlen(rel) + 1);
    return u->keep.err ? 1 : 0;
}

/* Is rel equal to or below one of the NUL-separated prefixes in list? */
static int
under_any(const struct buf *list, const char *rel, size_t len)
{
    const char *p = list->data, *end = p + list->len;

    for (; p < end; p += strlen(p) + 1) {
        size_t n = strlen(p);
        if (n == 0 ||
            (len >= n && memcmp(rel, p, n) == 0 && (len == n || rel[n] == '/')))
            return 1;
    }
    return 0;
}

static void
set_meta_str(struct update *u, const char *key, const char *val,
             sousuo_status_t *st)
{
    if (*st == SOUSUO_OK)
        *st = sx_db_set_metadata(u->db, key, val, strlen(val), &u->err);
}

sousuo_status_t
update_open(const struct update_opts *opts, struct update **out,
            char **errmsg)
{
    struct update *u = calloc(1, sizeof *u);
    sousuo_status_t st;
    uint64_t ndocs = 0;
    char *tzerr = NULL;
    struct buf stem = BUF_INIT;

    *out = NULL;
    *errmsg = NULL;
    if (!u) {
        *errmsg = strdup("out of memory");
        return SOUSUO_NOMEM;
    }
    u->opts = *opts;
    if (!u->opts.batch_docs)
        u->opts.batch_docs = 2000;
    if (!u->opts.batch_bytes)
        u->opts.batch_bytes = 64u << 20;
    u->root_len = strlen(opts->root);
    buf_init(&u->scopes);
    buf_init(&u->keep);
    buf_init(&u->tmp);
    buf_init(&u->val);
    buf_init(&u->spell);
    buf_init(&u->errmsg);

    st = sx_db_open_writable(opts->index_dir,
                             opts->full ? SX_CREATE_OR_OVERWRITE
                                        : SX_CREATE_OR_OPEN,
                             &u->db, &u->err);
    if (st == SOUSUO_LOCKED) {
        fail(u, st, "cannot open index '%s': locked by another "
                    "sousuo-index (%s)", opts->index_dir);
        goto out;
    }
    if (st != SOUSUO_OK) {
        fail(u, st, "cannot open index '%s': %s", opts->index_dir);
        goto out;
    }
    st = sx_db_doccount(u->db, &ndocs, &u->err);
    if (st == SOUSUO_OK)
        st = sx_db_get_metadata(u->db, META_STEM, &stem, &u->err);
    if (st != SOUSUO_OK) {
        fail(u, st, "cannot read index '%s': %s", opts->index_dir);
        goto out;
    }
    /* An index keeps the stemming language it was built with. */
    if (!u->opts.stem)
        u->opts.stem = stem.len ? stem.data : "english";
    st = tokenizer_new(u->opts.stem, &u->tz, &tzerr);
    if (st != SOUSUO_OK) {
        buf_reset(&u->errmsg);
        buf_addf(&u->errmsg, "cannot use stemming language '%s': %s",
                 u->opts.stem, tzerr ? tzerr : sousuo_status_str(st));
        u->fatal = 1;
        goto out;
    }
    if (ndocs) {
        st = sx_db_get_metadata(u->db, META_TOKENIZER, &u->val, &u->err);
        if (st == SOUSUO_OK && strcmp(u->val.data, tokenizer_id(u->tz)) != 0) {
            buf_reset(&u->errmsg);
            buf_addf(&u->errmsg,
                     "index '%s' was built by tokenizer '%s', this is '%s': "
                     "re-index with sousuo-index --full",
                     opts->index_dir, u->val.data, tokenizer_id(u->tz));
            st = SOUSUO_MISMATCH;
            u->fatal = 1;
            goto out;
        }
    }
    /* Every committed revision carries what readers need to check. */
    set_meta_str(u, META_SCHEMA, SCHEMA_VERSION, &st);
    set_meta_str(u, META_TOKENIZER, tokenizer_id(u->tz), &st);
    set_meta_str(u, META_STEM, u->opts.stem, &st);
    set_meta_str(u, META_ROOT, opts->root, &st);
    if (st != SOUSUO_OK)
        fail(u, st, "cannot write index '%s': %s", opts->index_dir);
out:
    /* opts.stem may point into stem: keep a copy the run owns. */
    if (u->opts.stem == stem.data)
        u->opts.stem = NULL;
    buf_free(&stem);
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

sousuo_status_t
update_add_path(struct update *u, const char *abspath)
{
    struct walk_opts wo = { u->opts.excludes, 0 };
    const char *rel = relpath(u, abspath);

    if (strncmp(abspath, u->opts.root, u->root_len) != 0 ||
        (abspath[u->root_len] && abspath[u->root_len] != '/')) {
        buf_reset(&u->errmsg);
        buf_addf(&u->errmsg, "%s is outside the index root %s", abspath,
                 u->opts.root);
        return SOUSUO_INVAL;
    }
    buf_add(&u->scopes, rel, strlen(rel) + 1);
    walk(abspath, &wo, on_file, on_error, u);
    if (u->fatal)
        return SOUSUO_BACKEND;
    return SOUSUO_OK;
}

struct vanished {
    struct update *u;
    struct buf ids; /* id terms to delete, NUL-separated */
    sousuo_status_t st;
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
    if (docid && under_any(&u->scopes, u->val.data, u->val.len) &&
        !under_any(&u->keep, u->val.data, u->val.len) &&
        !strset_has(&u->seen, u->val.data, u->val.len)) {
        buf_add(&v->ids, term, len);
        buf_addch(&v->ids, '\0');
        note(u, "remove", u->val.data);
    }
    return 0;
}

sousuo_status_t
update_finish(struct update *u)
{
    struct vanished v = { u, BUF_INIT, SOUSUO_OK };
    const char *p, *end;
    char stamp[32];
    time_t now = time(NULL);
    sousuo_status_t st;

    st = sx_db_allterms(u->db, PFX_ID, strlen(PFX_ID), on_id_term, &v,
                        &u->err);
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
    if (st != SOUSUO_OK)
        return fail(u, st, "cannot remove vanished files%s: %s", "");
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    set_meta_str(u, META_UPDATED, stamp, &st);
    if (st != SOUSUO_OK)
        return fail(u, st, "cannot write index metadata%s: %s", "");
    return commit_batch(u);
}

sousuo_status_t
update_commit(struct update *u)
{
    return commit_batch(u);
}

const struct update_stats *
update_stats(const struct update *u)
{
    return &u->stats;
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
    tokenizer_free(u->tz);
    strset_free(&u->seen);
    buf_free(&u->scopes);
    buf_free(&u->keep);
    buf_free(&u->tmp);
    buf_free(&u->val);
    buf_free(&u->spell);
    buf_free(&u->errmsg);
    free(u);
}
