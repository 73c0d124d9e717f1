/* xapian-shim.h - the C face of libxapian 1.4, for everything above the shim.
 *
 * Only lib/xapian-shim.cc is C++.  Every function here catches every
 * exception and returns a sousuo_status_t; when @p err is not NULL it also
 * receives a readable message.  Text crosses as (pointer, length); strings
 * come back copied into a caller's struct buf.  Handles are opaque and every
 * constructor has a NULL-safe free.
 */
#ifndef SOUSUO_XAPIAN_SHIM_H
#define SOUSUO_XAPIAN_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "sousuo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Xapian caps a term at 245 bytes (including its prefix); longer terms
 * must be cut by the caller on a character boundary. */
#define SX_MAX_TERM 245

struct sx_error {
    sousuo_status_t code;
    char msg[256];
    /* 1 when a remote shard failed (Xapian's NetworkError, its timeout
     * included, or no shard reachable): no commit races that, so trying
     * again only waits for the remote timeout (10 s) once more. */
    int network;
};

typedef struct sx_db sx_db;
typedef struct sx_doc sx_doc;
typedef struct sx_query sx_query;
typedef struct sx_enquire sx_enquire;
typedef struct sx_mset sx_mset;
typedef struct sx_stemmer sx_stemmer;

typedef unsigned sx_docid;

/* ---- databases ------------------------------------------------------- */

enum sx_open_flags {
    SX_OPEN = 0,              /* open an existing database */
    SX_CREATE = 1,            /* create, failing if it exists */
    SX_CREATE_OR_OPEN = 2,    /* open, creating if missing */
    SX_CREATE_OR_OVERWRITE = 3,
    SX_NO_SYNC = 0x10,        /* skip fsync on commit (fast bulk builds) */
    SX_DANGEROUS = 0x20       /* update in place: only for unseen fresh builds */
};

/* A writable database at @p path; a second writer gets SOUSUO_LOCKED. */
sousuo_status_t sx_db_open_writable(const char *path, unsigned flags,
                                    sx_db **out, struct sx_error *err);
/* A read-only database: a database folder or a stub file listing shards
 * (local paths or "remote HOST:PORT" lines: Xapian 1.4 stub syntax, read
 * as sx_shards_open() says; any shard that fails fails the open). */
sousuo_status_t sx_db_open(const char *path, sx_db **out,
                           struct sx_error *err);
/* Search @p shard together with @p db (read-only handles only). */
sousuo_status_t sx_db_add_shard(sx_db *db, const sx_db *shard,
                                struct sx_error *err);
/* Closing a writer commits pending changes (as Xapian does) but cannot
 * report a failure: call sx_db_commit() first. */
void sx_db_close(sx_db *db);

sousuo_status_t sx_db_commit(sx_db *db, struct sx_error *err);
sousuo_status_t sx_db_begin_transaction(sx_db *db, int flushed,
                                        struct sx_error *err);
sousuo_status_t sx_db_commit_transaction(sx_db *db, struct sx_error *err);
sousuo_status_t sx_db_cancel_transaction(sx_db *db, struct sx_error *err);

/* Reopen at the latest revision; *changed (may be NULL) says if it moved. */
sousuo_status_t sx_db_reopen(sx_db *db, int *changed, struct sx_error *err);
/* The database's uuid: another database made at the same path differs. */
sousuo_status_t sx_db_uuid(sx_db *db, struct buf *out,
                           struct sx_error *err);
/* The revision of a single database (not for several shards). */
sousuo_status_t sx_db_revision(sx_db *db, uint64_t *rev,
                               struct sx_error *err);

/* The most document data (sx_doc_set_data) a database is given.  Glass,
 * with its 8 KiB blocks, splits a document's data into at most 65,535
 * items of about 2,030 bytes: data over about 133 MB (after zlib)
 * makes Xapian throw "Can't handle insanely large tags", and, as on any
 * failure in add_document()/replace_document(), discard every change
 * since the last commit.  Data over the limit is refused first. */
#define SX_DOC_DATA_MAX ((size_t)120 << 20)
size_t sx_doc_data_max(void);
/* Lower the limit for the whole process, before any thread writes (the
 * test suite's SOUSUO_TEST_DOC_DATA_MAX); 0 or more than SX_DOC_DATA_MAX
 * sets SX_DOC_DATA_MAX. */
void sx_set_doc_data_max(size_t max);

/* Add or replace a document.  SOUSUO_INVAL when it cannot be stored as it
 * is (its data over sx_doc_data_max()): refused before anything is
 * written, so the changes not committed yet stay.  Any other failure
 * comes from Xapian, which has then discarded them all. */
sousuo_status_t sx_db_add_document(sx_db *db, const sx_doc *doc,
                                   sx_docid *docid, struct sx_error *err);
/* Replace the documents indexed by @p uterm with @p doc (adds if none). */
sousuo_status_t sx_db_replace_document(sx_db *db, const char *uterm,
                                       size_t len, const sx_doc *doc,
                                       sx_docid *docid, struct sx_error *err);
sousuo_status_t sx_db_delete_document(sx_db *db, const char *uterm,
                                      size_t len, struct sx_error *err);
/* The first document indexed by @p term, or *docid = 0 if none. */
sousuo_status_t sx_db_find_term(sx_db *db, const char *term, size_t len,
                                sx_docid *docid, struct sx_error *err);
/* Copy a stored document's data / value slot into @p out (replaced). */
sousuo_status_t sx_db_document_data(sx_db *db, sx_docid docid,
                                    struct buf *out, struct sx_error *err);
sousuo_status_t sx_db_document_value(sx_db *db, sx_docid docid,
                                     unsigned slot, struct buf *out,
                                     struct sx_error *err);

/* Change one value slot of a stored document (writers), e.g. a new mtime
 * for unchanged content: cheaper than rebuilding the document. */
sousuo_status_t sx_db_set_document_value(sx_db *db, sx_docid docid,
                                         unsigned slot, const char *val,
                                         size_t len, struct sx_error *err);

sousuo_status_t sx_db_doccount(sx_db *db, uint64_t *n, struct sx_error *err);
sousuo_status_t sx_db_avlength(sx_db *db, double *avlen,
                               struct sx_error *err);
/* 1 when no shard of db is remote: a lookup costs no round trip.  Told
 * by the stub's lines: "auto", "glass", "chert" (and a plain database)
 * are local, "remote" is not, even when sx_shards_open() left it out. */
int sx_db_local(const sx_db *db);
/* The databases db reads, in order: the one database, or each that its
 * stub lists (a stub listed by an "auto" line: its databases; with
 * sx_shards_db(), the live ones).  Reads through db (metadata above)
 * answer from the first alone; these ask one shard. */
size_t sx_db_shard_count(const sx_db *db);
/* Shard i's name for messages: its path (resolved against the stub's
 * folder) or, remote, its stub line; "" when there is no shard i. */
const char *sx_db_shard_name(const sx_db *db, size_t i);
sousuo_status_t sx_db_shard_metadata(sx_db *db, size_t i, const char *key,
                                     struct buf *out, struct sx_error *err);
sousuo_status_t sx_db_shard_doccount(sx_db *db, size_t i, uint64_t *n,
                                     struct sx_error *err);
sousuo_status_t sx_db_termfreq(sx_db *db, const char *term, size_t len,
                               uint64_t *n, struct sx_error *err);

/* Call @p cb for each term starting with @p prefix, in byte order; a
 * non-zero return stops the walk (and is not an error). */
typedef int (*sx_term_cb)(void *ctx, const char *term, size_t len,
                          uint64_t termfreq);
sousuo_status_t sx_db_allterms(sx_db *db, const char *prefix, size_t len,
                               sx_term_cb cb, void *ctx,
                               struct sx_error *err);

/* Metadata (writers may set; readers get, empty if unset). */
sousuo_status_t sx_db_set_metadata(sx_db *db, const char *key,
                                   const char *val, size_t len,
                                   struct sx_error *err);
sousuo_status_t sx_db_get_metadata(sx_db *db, const char *key,
                                   struct buf *out, struct sx_error *err);

/* Spelling: add a word (writers); suggest a correction (empty if none). */
sousuo_status_t sx_db_add_spelling(sx_db *db, const char *word, size_t len,
                                   unsigned freqinc, struct sx_error *err);
sousuo_status_t sx_db_spelling_suggestion(sx_db *db, const char *word,
                                          size_t len, unsigned max_edit,
                                          struct buf *out,
                                          struct sx_error *err);

/* ---- scale-out: compaction and shards that may be down ----------------- */

/* Compact the database at @p src (a folder, or a stub: its shards are
 * merged, docids renumbered in order, metadata from the first shard)
 * into @p dest, which must not exist yet.  When @p dest is @p src and
 * src is a stub folder, Xapian writes the merged database next to the
 * stub and replaces the stub atomically to list only it. */
sousuo_status_t sx_db_compact(const char *src, const char *dest,
                              struct sx_error *err);
/* The same for @p n databases at once, in that order (a merge of parts
 * that no stub lists yet). */
sousuo_status_t sx_db_compact_all(const char *const *srcs, size_t n,
                                  const char *dest, struct sx_error *err);

/* The databases a stub lists, each opened on its own so that one remote
 * shard that cannot be reached does not fail the rest (Xapian's own stub
 * opening fails as a whole).  @p path is a stub file, a folder holding a
 * XAPIANDB stub, or a plain database (then the one shard).  Lines as
 * Xapian 1.4 reads them: "auto|glass|chert PATH" (relative to the stub's
 * folder; an "auto" line naming another stub stands for its databases),
 * "remote HOST:PORT", "remote :PROGRAM ARGS", "inmemory"; blank lines and
 * #comments skipped.  Only remote shards may be down (a NetworkError);
 * any other failure, or no live shard at all, fails the open. */
typedef struct sx_shards sx_shards;
sousuo_status_t sx_shards_open(const char *path, sx_shards **out,
                               struct sx_error *err);
/* A new read-only handle over the live shards (caller closes it). */
sousuo_status_t sx_shards_db(sx_shards *s, sx_db **out,
                             struct sx_error *err);
/* Connect again to each live remote shard; those that fail with a
 * NetworkError are dropped (call sx_shards_db() for a new handle).
 * *dropped gets how many. */
sousuo_status_t sx_shards_probe(sx_shards *s, unsigned *dropped,
                                struct sx_error *err);
/* The stub lines of the shards left out, one per line ("" if none). */
const char *sx_shards_down(const sx_shards *s);
void sx_shards_free(sx_shards *s);

/* Xapian 1.4.22 sometimes calls std::terminate() ("terminate called
 * without an active exception") when the disk fills while it writes a
 * revision.  A program that writes can turn that abort into its own
 * clear message: cb runs instead, and must not return (_exit).  The last
 * committed revision is intact then: Xapian commits atomically. */
void sx_set_abort_handler(void (*cb)(void));

/* ---- documents ------------------------------------------------------- */

sousuo_status_t sx_doc_new(sx_doc **out, struct sx_error *err);
void sx_doc_free(sx_doc *doc);
sousuo_status_t sx_doc_add_posting(sx_doc *doc, const char *term, size_t len,
                                   unsigned pos, unsigned wdfinc,
                                   struct sx_error *err);
sousuo_status_t sx_doc_add_term(sx_doc *doc, const char *term, size_t len,
                                unsigned wdfinc, struct sx_error *err);
sousuo_status_t sx_doc_add_boolean_term(sx_doc *doc, const char *term,
                                        size_t len, struct sx_error *err);
sousuo_status_t sx_doc_set_value(sx_doc *doc, unsigned slot, const char *val,
                                 size_t len, struct sx_error *err);
sousuo_status_t sx_doc_set_data(sx_doc *doc, const char *data, size_t len,
                                struct sx_error *err);
/* The data is the n spans one after the other: a big document's text goes
 * into Xapian's string without a joined copy of its own first. */
struct sx_span {
    const char *p;
    size_t n;
};
sousuo_status_t sx_doc_set_data_spans(sx_doc *doc, const struct sx_span *s,
                                      size_t n, struct sx_error *err);
/* How many distinct terms the document has so far (cheap: it is in memory). */
size_t sx_doc_term_count(const sx_doc *doc);

/* ---- queries ---------------------------------------------------------- */

enum sx_op {
    SX_OP_AND,
    SX_OP_OR,
    SX_OP_AND_NOT,
    SX_OP_AND_MAYBE,
    SX_OP_FILTER,
    SX_OP_PHRASE, /* terms in order within `window` positions */
    SX_OP_NEAR,   /* terms in any order within `window` positions */
    SX_OP_SYNONYM
};

/* Query handles are immutable values; combining copies its inputs, so the
 * caller frees what it built. */
sousuo_status_t sx_query_term(const char *term, size_t len, unsigned wqf,
                              unsigned pos, sx_query **out,
                              struct sx_error *err);
/* window: for PHRASE/NEAR, 0 means "as many positions as subqueries". */
sousuo_status_t sx_query_combine(enum sx_op op, sx_query *const *subs,
                                 size_t n, unsigned window, sx_query **out,
                                 struct sx_error *err);
sousuo_status_t sx_query_value_range(unsigned slot, const char *lo,
                                     size_t lo_len, const char *hi,
                                     size_t hi_len, sx_query **out,
                                     struct sx_error *err);
/* All terms that start with @p prefix (max_expansion 0 = no limit). */
sousuo_status_t sx_query_wildcard(const char *prefix, size_t len,
                                  unsigned max_expansion, sx_query **out,
                                  struct sx_error *err);
/* The same terms, expanded here against @p db: every shard of a
 * multi-database then weighs the same terms alike, with the whole
 * database's statistics, where each shard expands and weighs an
 * sx_query_wildcard() on its own.  Past max_expansion (0 = no limit) the
 * most frequent terms of the whole database are kept, as
 * sx_query_wildcard() keeps a shard's; equal frequencies at the cut go
 * by byte order.  The terms are OP_SYNONYMs nested two by two, the least
 * frequent first (xapian-shim.cc says why); one term is the term alone,
 * none MatchNothing. */
sousuo_status_t sx_query_expand_prefix(sx_db *db, const char *prefix,
                                       size_t len, unsigned max_expansion,
                                       sx_query **out, struct sx_error *err);
sousuo_status_t sx_query_scale(const sx_query *q, double factor,
                               sx_query **out, struct sx_error *err);
sousuo_status_t sx_query_match_all(sx_query **out, struct sx_error *err);
sousuo_status_t sx_query_match_nothing(sx_query **out, struct sx_error *err);
/* Xapian's description of the query tree, for tests and --explain. */
sousuo_status_t sx_query_describe(const sx_query *q, struct buf *out,
                                  struct sx_error *err);
void sx_query_free(sx_query *q);

/* ---- searching -------------------------------------------------------- */

sousuo_status_t sx_enquire_new(sx_db *db, sx_enquire **out,
                               struct sx_error *err);
void sx_enquire_free(sx_enquire *e);
sousuo_status_t sx_enquire_set_query(sx_enquire *e, const sx_query *q,
                                     struct sx_error *err);
/* BM25 with Xapian's parameter names (defaults 1, 0, 1, 0.5, 0.5). */
sousuo_status_t sx_enquire_set_bm25(sx_enquire *e, double k1, double k2,
                                    double k3, double b, double min_normlen,
                                    struct sx_error *err);
/* Only documents of weight >= w match (Enquire::set_cutoff(0, w)): the
 * matcher can skip the others from the start. */
sousuo_status_t sx_enquire_set_min_weight(sx_enquire *e, double w,
                                          struct sx_error *err);
/* Equal weights are ordered by ascending docid (deterministic ties).
 * check_at_least: look at this many matches at least, so that
 * sx_mset_estimated() is exact up to it (0: Xapian's estimate). */
sousuo_status_t sx_enquire_mset(sx_enquire *e, unsigned first,
                                unsigned maxitems, unsigned check_at_least,
                                sx_mset **out, struct sx_error *err);

size_t sx_mset_size(const sx_mset *m);
uint64_t sx_mset_estimated(const sx_mset *m);
/* 1 when the estimate is exact (its lower and upper bounds agree). */
int sx_mset_exact(const sx_mset *m);
sx_docid sx_mset_docid(const sx_mset *m, size_t i);
unsigned sx_mset_rank(const sx_mset *m, size_t i);
double sx_mset_weight(const sx_mset *m, size_t i);
sousuo_status_t sx_mset_data(const sx_mset *m, size_t i, struct buf *out,
                             struct sx_error *err);
/* Value slot @p slot of hit #i, without reading the document's data. */
sousuo_status_t sx_mset_value(const sx_mset *m, size_t i, unsigned slot,
                              struct buf *out, struct sx_error *err);
/* Value slot @p slot of the hits idx[0..n): cb(ctx, idx[k], value,
 * bytes) once each, in docid order (an empty value when there is none);
 * a non-zero return stops with SOUSUO_NOMEM.  One value stream for all:
 * cheaper than sx_mset_value() per hit, more so the more hits. */
typedef int (*sx_value_cb)(void *ctx, size_t i, const char *v, size_t len);
sousuo_status_t sx_mset_values(const sx_mset *m, unsigned slot,
                               const size_t *idx, size_t n, sx_value_cb cb,
                               void *ctx, struct sx_error *err);
/* The query terms that hit #i and add weight to some hit, one call per
 * term (not those only filtered on or scaled by 0). */
sousuo_status_t sx_mset_matching_terms(const sx_mset *m, size_t i,
                                       sx_term_cb cb, void *ctx,
                                       struct sx_error *err);
void sx_mset_free(sx_mset *m);

/* ---- stemming --------------------------------------------------------- */

/* @p lang is a Snowball name ("english", "en", ...) or "none". */
sousuo_status_t sx_stemmer_new(const char *lang, sx_stemmer **out,
                               struct sx_error *err);
void sx_stemmer_free(sx_stemmer *s);
/* Stem one folded word into @p out (replaced). "none" copies the word. */
sousuo_status_t sx_stem(sx_stemmer *s, const char *word, size_t len,
                        struct buf *out, struct sx_error *err);

/* The libxapian version actually linked, e.g. "1.4.22". */
const char *sx_xapian_version(void);

#ifdef __cplusplus
}
#endif

#endif
