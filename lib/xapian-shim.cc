/* xapian-shim.cc - the only C++ in sousuo: extern "C" wrappers over
 * libxapian 1.4.  See xapian-shim.h for the contract.
 *
 * Every entry point is a try block whose catch-all hands the exception to
 * sx_fail(), which classifies it (most-derived first, as notmuch does) into
 * a sousuo_status_t and a message.  No exception unwinds into C.
 */
#include "config.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <set>
#include <string>
#include <utility>
#include <vector>
#include <cstdlib>
#include <fstream>
#include <memory>

#include <sys/stat.h>

#include <xapian.h>

#include "xapian-shim.h"

struct sx_db {
    Xapian::Database *rd = nullptr;          /* always set: what to read */
    Xapian::WritableDatabase *wr = nullptr;  /* writers only (rd == wr) */
    bool local = true;             /* lists no remote shard (stub lines) */
    /* What rd reads, in order: the database itself, or each database its
     * stub lists (sharing rd's internals), so that each shard's metadata
     * can be checked: rd answers metadata from the first alone. */
    std::vector<Xapian::Database> shard;
    std::vector<std::string> shard_name; /* path, or "remote ..." line */
};

struct sx_doc {
    Xapian::Document doc;
    size_t data_len = 0; /* of doc's data: get_data() would copy it */
};

struct sx_query {
    Xapian::Query q;
};

struct sx_enquire {
    Xapian::Enquire enq;
    Xapian::Database db;
    explicit sx_enquire(const Xapian::Database &d) : enq(d), db(d) {}
};

struct sx_mset {
    Xapian::MSet mset;
    Xapian::Enquire enq; /* needed for matching terms */
    Xapian::Database db; /* for value streams */
    sx_mset(const Xapian::MSet &m, const Xapian::Enquire &e,
            const Xapian::Database &d)
        : mset(m), enq(e), db(d) {}
};

struct sx_stemmer {
    Xapian::Stem stem;
    bool none;
};

/* ---- errors ----------------------------------------------------------- */

static sousuo_status_t
sx_set(struct sx_error *err, sousuo_status_t code, const std::string &msg)
{
    if (err) {
        err->code = code;
        size_t n = msg.size() < sizeof err->msg - 1 ? msg.size()
                                                      : sizeof err->msg - 1;
        memcpy(err->msg, msg.data(), n);
        err->msg[n] = '\0';
        err->network = 0;
    }
    return code;
}

/* Xapian throws DatabaseLockError also when it may not create the lock
 * file ("Couldn't open lockfile: Permission denied"): not another writer
 * but a read-only index, which only the message (strerror()) tells. */
static bool
lock_refused(const std::string &msg)
{
    for (int e : { EACCES, EPERM, EROFS })
        if (msg.find(strerror(e)) != std::string::npos)
            return true;
    return false;
}

/* Call only from inside a catch block. */
static sousuo_status_t
sx_fail(struct sx_error *err)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return sx_set(err, lock_refused(e.get_msg()) ? SOUSUO_IO
                                                     : SOUSUO_LOCKED,
                      e.get_description());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return sx_set(err, SOUSUO_NOINDEX, e.get_description());
    } catch (const Xapian::DatabaseVersionError &e) {
        return sx_set(err, SOUSUO_CORRUPT, e.get_description());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return sx_set(err, SOUSUO_CORRUPT, e.get_description());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return sx_set(err, SOUSUO_MODIFIED, e.get_description());
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* Neither missing nor locked: a file of some other kind. */
        return sx_set(err, SOUSUO_CORRUPT, e.get_description());
    } catch (const Xapian::InvalidArgumentError &e) {
        return sx_set(err, SOUSUO_INVAL, e.get_description());
    } catch (const Xapian::NetworkError &e) {
        sx_set(err, SOUSUO_BACKEND, e.get_description());
        if (err)
            err->network = 1;
        return SOUSUO_BACKEND;
    } catch (const Xapian::Error &e) {
        return sx_set(err, SOUSUO_BACKEND, e.get_description());
    } catch (const std::bad_alloc &) {
        return sx_set(err, SOUSUO_NOMEM, "out of memory");
    } catch (const std::exception &e) {
        return sx_set(err, SOUSUO_BACKEND, e.what());
    } catch (...) {
        return sx_set(err, SOUSUO_BACKEND, "unknown C++ exception");
    }
}

static sousuo_status_t
sx_ok(struct sx_error *err)
{
    if (err) {
        err->code = SOUSUO_OK;
        err->msg[0] = '\0';
        err->network = 0;
    }
    return SOUSUO_OK;
}

static sousuo_status_t
sx_inval(struct sx_error *err, const char *what)
{
    return sx_set(err, SOUSUO_INVAL, what);
}

/* Copy a std::string into a caller's buffer, replacing its contents. */
static sousuo_status_t
sx_copy(struct buf *out, const std::string &s, struct sx_error *err)
{
    buf_reset(out);
    buf_add(out, s.data(), s.size());
    if (out->err)
        return sx_set(err, SOUSUO_NOMEM, "out of memory");
    return sx_ok(err);
}

#define SX_TRY try {
#define SX_CATCH                                                          \
    }                                                                     \
    catch (...)                                                           \
    {                                                                     \
        return sx_fail(err);                                              \
    }

/* A writer is required for this call. */
#define SX_NEED_WRITER(db)                                                \
    do {                                                                  \
        if (!(db) || !(db)->wr)                                           \
            return sx_inval(err, "database is not open for writing");     \
    } while (0)

/* ---- databases ------------------------------------------------------- */

static void (*abort_cb)(void);

static void
on_terminate()
{
    if (abort_cb)
        abort_cb();
    std::abort();
}

extern "C" void
sx_set_abort_handler(void (*cb)(void))
{
    abort_cb = cb;
    std::set_terminate(on_terminate);
}

extern "C" sousuo_status_t
sx_db_open_writable(const char *path, unsigned flags, sx_db **out,
                    struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!path)
        return sx_inval(err, "no database path");
    SX_TRY
        int action;
        switch (flags & 0x0f) {
        case SX_OPEN: action = Xapian::DB_OPEN; break;
        case SX_CREATE: action = Xapian::DB_CREATE; break;
        case SX_CREATE_OR_OPEN: action = Xapian::DB_CREATE_OR_OPEN; break;
        case SX_CREATE_OR_OVERWRITE:
            action = Xapian::DB_CREATE_OR_OVERWRITE;
            break;
        default: return sx_inval(err, "unknown open mode");
        }
        if (flags & SX_NO_SYNC)
            action |= Xapian::DB_NO_SYNC;
        if (flags & SX_DANGEROUS)
            action |= Xapian::DB_DANGEROUS;
        /* Glass is 1.4's default; name it so a future default can't
         * surprise existing indexes. */
        action |= Xapian::DB_BACKEND_GLASS;
        sx_db *db = new sx_db;
        try {
            db->wr = new Xapian::WritableDatabase(path, action);
        } catch (...) {
            delete db;
            throw;
        }
        db->rd = db->wr;
        db->local = true;
        db->shard.push_back(*db->wr);
        db->shard_name.push_back(path);
        *out = db;
        return sx_ok(err);
    SX_CATCH
}

static void sx_db_fill(sx_db *db, const std::string &path);

extern "C" sousuo_status_t
sx_db_open(const char *path, sx_db **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!path)
        return sx_inval(err, "no database path");
    SX_TRY
        sx_db *db = new sx_db;
        try {
            sx_db_fill(db, path);
        } catch (...) {
            delete db->rd;
            delete db;
            throw;
        }
        *out = db;
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_add_shard(sx_db *db, const sx_db *shard, struct sx_error *err)
{
    if (!db || !shard)
        return sx_inval(err, "no database");
    if (db->wr)
        return sx_inval(err, "cannot add shards to a writable database");
    SX_TRY
        db->rd->add_database(*shard->rd);
        db->shard.insert(db->shard.end(), shard->shard.begin(),
                         shard->shard.end());
        db->shard_name.insert(db->shard_name.end(),
                              shard->shard_name.begin(),
                              shard->shard_name.end());
        db->local = db->local && shard->local;
        return sx_ok(err);
    SX_CATCH
}

extern "C" void
sx_db_close(sx_db *db)
{
    if (!db)
        return;
    /* Only writers are closed explicitly (to release the lock now): a
     * reader may share its internals with another handle through
     * sx_db_add_shard(), and close() would close them there too. */
    if (db->wr) {
        try {
            db->wr->close();
        } catch (...) {
            /* Nothing to report to: callers commit first to see errors. */
        }
    }
    delete db->rd;
    delete db;
}

extern "C" sousuo_status_t
sx_db_commit(sx_db *db, struct sx_error *err)
{
    SX_NEED_WRITER(db);
    SX_TRY
        db->wr->commit();
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_begin_transaction(sx_db *db, int flushed, struct sx_error *err)
{
    SX_NEED_WRITER(db);
    SX_TRY
        db->wr->begin_transaction(flushed != 0);
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_commit_transaction(sx_db *db, struct sx_error *err)
{
    SX_NEED_WRITER(db);
    SX_TRY
        db->wr->commit_transaction();
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_cancel_transaction(sx_db *db, struct sx_error *err)
{
    SX_NEED_WRITER(db);
    SX_TRY
        db->wr->cancel_transaction();
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_reopen(sx_db *db, int *changed, struct sx_error *err)
{
    if (!db)
        return sx_inval(err, "no database");
    SX_TRY
        bool moved = db->rd->reopen();
        if (changed)
            *changed = moved ? 1 : 0;
        return sx_ok(err);
    SX_CATCH
}

/* Which database it is: a new one made at the same path has another
 * uuid even when its revision number is the same (several shards: their
 * uuids joined, as Xapian does). */
extern "C" sousuo_status_t
sx_db_uuid(sx_db *db, struct buf *out, struct sx_error *err)
{
    if (!db || !out)
        return sx_inval(err, "no database");
    SX_TRY
        return sx_copy(out, db->rd->get_uuid(), err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_revision(sx_db *db, uint64_t *rev, struct sx_error *err)
{
    if (!db || !rev)
        return sx_inval(err, "no database");
    SX_TRY
        *rev = db->rd->get_revision();
        return sx_ok(err);
    SX_CATCH
}

static size_t doc_data_max = SX_DOC_DATA_MAX;

extern "C" size_t
sx_doc_data_max(void)
{
    return doc_data_max;
}

extern "C" void
sx_set_doc_data_max(size_t max)
{
    doc_data_max = max && max < SX_DOC_DATA_MAX ? max : SX_DOC_DATA_MAX;
}

/* Refuse a document Xapian cannot store before it sees it: once inside,
 * its failure would discard every change since the last commit. */
static sousuo_status_t
sx_check_doc(const sx_doc *doc, struct sx_error *err)
{
    char msg[160];

    if (!doc)
        return sx_inval(err, "no document");
    if (doc->data_len <= doc_data_max)
        return sx_ok(err);
    snprintf(msg, sizeof msg, "its stored data (%zu bytes) is over the "
             "limit of %zu bytes", doc->data_len, doc_data_max);
    return sx_inval(err, msg);
}

/* Writing a document: SOUSUO_INVAL only for sx_check_doc()'s refusal,
 * which leaves the database as it was; what Xapian throws here it throws
 * after discarding the uncommitted changes, so it is never INVAL. */
#define SX_WRITE_CATCH                                                    \
    }                                                                     \
    catch (const Xapian::InvalidArgumentError &e)                         \
    {                                                                     \
        return sx_set(err, SOUSUO_BACKEND, e.get_description());          \
    }                                                                     \
    catch (...)                                                           \
    {                                                                     \
        return sx_fail(err);                                              \
    }

extern "C" sousuo_status_t
sx_db_add_document(sx_db *db, const sx_doc *doc, sx_docid *docid,
                   struct sx_error *err)
{
    SX_NEED_WRITER(db);
    sousuo_status_t st = sx_check_doc(doc, err);
    if (st != SOUSUO_OK)
        return st;
    SX_TRY
        Xapian::docid id = db->wr->add_document(doc->doc);
        if (docid)
            *docid = id;
        return sx_ok(err);
    SX_WRITE_CATCH
}

extern "C" sousuo_status_t
sx_db_replace_document(sx_db *db, const char *uterm, size_t len,
                       const sx_doc *doc, sx_docid *docid,
                       struct sx_error *err)
{
    SX_NEED_WRITER(db);
    if (!uterm || !len)
        return sx_inval(err, "no unique term");
    sousuo_status_t st = sx_check_doc(doc, err);
    if (st != SOUSUO_OK)
        return st;
    SX_TRY
        Xapian::docid id =
            db->wr->replace_document(std::string(uterm, len), doc->doc);
        if (docid)
            *docid = id;
        return sx_ok(err);
    SX_WRITE_CATCH
}

extern "C" sousuo_status_t
sx_db_delete_document(sx_db *db, const char *uterm, size_t len,
                      struct sx_error *err)
{
    SX_NEED_WRITER(db);
    if (!uterm || !len)
        return sx_inval(err, "no unique term");
    SX_TRY
        db->wr->delete_document(std::string(uterm, len));
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_find_term(sx_db *db, const char *term, size_t len, sx_docid *docid,
                struct sx_error *err)
{
    if (!db || !docid || (!term && len))
        return sx_inval(err, "no database or term");
    SX_TRY
        *docid = 0;
        std::string t(term ? term : "", len);
        Xapian::PostingIterator p = db->rd->postlist_begin(t);
        if (p != db->rd->postlist_end(t))
            *docid = *p;
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_document_data(sx_db *db, sx_docid docid, struct buf *out,
                    struct sx_error *err)
{
    if (!db || !out)
        return sx_inval(err, "no database or buffer");
    SX_TRY
        return sx_copy(out, db->rd->get_document(docid).get_data(), err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_document_value(sx_db *db, sx_docid docid, unsigned slot,
                     struct buf *out, struct sx_error *err)
{
    if (!db || !out)
        return sx_inval(err, "no database or buffer");
    SX_TRY
        return sx_copy(out, db->rd->get_document(docid).get_value(slot), err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_set_document_value(sx_db *db, sx_docid docid, unsigned slot,
                         const char *val, size_t len, struct sx_error *err)
{
    SX_NEED_WRITER(db);
    if (!val && len)
        return sx_inval(err, "no value");
    SX_TRY
        Xapian::Document doc = db->wr->get_document(docid);
        doc.add_value(slot, std::string(val ? val : "", len));
        db->wr->replace_document(docid, doc);
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_doccount(sx_db *db, uint64_t *n, struct sx_error *err)
{
    if (!db || !n)
        return sx_inval(err, "no database");
    SX_TRY
        *n = db->rd->get_doccount();
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_avlength(sx_db *db, double *avlen, struct sx_error *err)
{
    if (!db || !avlen)
        return sx_inval(err, "no database");
    SX_TRY
        *avlen = db->rd->get_avlength();
        return sx_ok(err);
    SX_CATCH
}

extern "C" int
sx_db_local(const sx_db *db)
{
    return db && db->local;
}

extern "C" size_t
sx_db_shard_count(const sx_db *db)
{
    return db ? db->shard.size() : 0;
}

extern "C" const char *
sx_db_shard_name(const sx_db *db, size_t i)
{
    return db && i < db->shard_name.size() ? db->shard_name[i].c_str() : "";
}

extern "C" sousuo_status_t
sx_db_shard_metadata(sx_db *db, size_t i, const char *key, struct buf *out,
                     struct sx_error *err)
{
    if (!db || i >= db->shard.size() || !key || !*key || !out)
        return sx_inval(err, "no such shard or metadata key");
    SX_TRY
        return sx_copy(out, db->shard[i].get_metadata(key), err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_shard_doccount(sx_db *db, size_t i, uint64_t *n, struct sx_error *err)
{
    if (!db || i >= db->shard.size() || !n)
        return sx_inval(err, "no such shard");
    SX_TRY
        *n = db->shard[i].get_doccount();
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_termfreq(sx_db *db, const char *term, size_t len, uint64_t *n,
               struct sx_error *err)
{
    if (!db || !n || (!term && len))
        return sx_inval(err, "no database or term");
    SX_TRY
        *n = db->rd->get_termfreq(std::string(term ? term : "", len));
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_allterms(sx_db *db, const char *prefix, size_t len, sx_term_cb cb,
               void *ctx, struct sx_error *err)
{
    if (!db || !cb || (!prefix && len))
        return sx_inval(err, "no database or callback");
    SX_TRY
        std::string p(prefix ? prefix : "", len);
        for (Xapian::TermIterator t = db->rd->allterms_begin(p);
             t != db->rd->allterms_end(p); ++t) {
            const std::string &term = *t;
            if (cb(ctx, term.data(), term.size(), t.get_termfreq()))
                break;
        }
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_set_metadata(sx_db *db, const char *key, const char *val, size_t len,
                   struct sx_error *err)
{
    SX_NEED_WRITER(db);
    if (!key || !*key || (!val && len))
        return sx_inval(err, "no metadata key");
    SX_TRY
        db->wr->set_metadata(key, std::string(val ? val : "", len));
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_get_metadata(sx_db *db, const char *key, struct buf *out,
                   struct sx_error *err)
{
    if (!db || !key || !*key || !out)
        return sx_inval(err, "no database or metadata key");
    SX_TRY
        return sx_copy(out, db->rd->get_metadata(key), err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_add_spelling(sx_db *db, const char *word, size_t len,
                   unsigned freqinc, struct sx_error *err)
{
    SX_NEED_WRITER(db);
    if (!word || !len)
        return sx_inval(err, "no word");
    SX_TRY
        db->wr->add_spelling(std::string(word, len), freqinc ? freqinc : 1);
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_db_spelling_suggestion(sx_db *db, const char *word, size_t len,
                          unsigned max_edit, struct buf *out,
                          struct sx_error *err)
{
    if (!db || !out || !word)
        return sx_inval(err, "no database or word");
    SX_TRY
        return sx_copy(out,
                       db->rd->get_spelling_suggestion(
                           std::string(word, len), max_edit ? max_edit : 2),
                       err);
    SX_CATCH
}

/* ---- scale-out: compaction and shards that may be down ----------------- */

extern "C" sousuo_status_t
sx_db_compact(const char *src, const char *dest, struct sx_error *err)
{
    return sx_db_compact_all(&src, 1, dest, err);
}

extern "C" sousuo_status_t
sx_db_compact_all(const char *const *srcs, size_t n, const char *dest,
                  struct sx_error *err)
{
    if (!srcs || !n || !dest)
        return sx_inval(err, "no database path");
    SX_TRY
        Xapian::Database db;
        for (size_t i = 0; i < n; i++) {
            if (!srcs[i])
                return sx_inval(err, "no database path");
            db.add_database(Xapian::Database(srcs[i]));
        }
        db.compact(dest);
        return sx_ok(err);
    SX_CATCH
}

/* One database a stub lists. */
struct sx_stub_entry {
    std::string type;   /* "auto" "glass" "chert" "inmemory" "remote" */
    std::string arg;    /* local: the path, resolved against the stub's
                           folder; remote: "HOST:PORT" or ":PROGRAM ARGS" */
    std::string line;   /* the line as written, trimmed */
    std::string where;  /* "STUB:LINENO", for errors */
    bool remote() const { return type == "remote"; }
    /* How a shard is named in messages: its path, or its line. */
    const std::string &name() const { return remote() ? line : arg; }
};

struct sx_shards {
    std::vector<Xapian::Database> live;
    std::vector<sx_stub_entry> entry; /* each live shard's */
    std::string down;                 /* stub lines of the dead, "\n"-ended */
};

static bool
sx_file_exists(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

static std::string
sx_trim(const std::string &s)
{
    size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

/* A new connection to the remote shard of stub line argument @p arg
 * ("HOST:PORT" or ":PROGRAM ARGS"); throws as Xapian does. */
static Xapian::Database
sx_remote_open(const std::string &arg, const std::string &where)
{
    if (arg[0] == ':') {
        size_t a = arg.find_first_of(" \t");
        std::string prog = arg.substr(1, a == std::string::npos
                                             ? std::string::npos : a - 1);
        std::string args = a == std::string::npos ? "" : sx_trim(arg.substr(a));
        return Xapian::Remote::open(prog, args);
    }
    size_t colon = arg.rfind(':');
    char *end = NULL;
    unsigned long port = colon == std::string::npos
                             ? 0 : strtoul(arg.c_str() + colon + 1, &end, 10);
    if (!port || port > 65535 || (end && *end))
        throw Xapian::DatabaseOpeningError(where + ": Bad line");
    return Xapian::Remote::open(arg.substr(0, colon), (unsigned)port);
}

/* The stub file behind @p path, or "" when path is a database itself
 * (Xapian's order: a database folder wins over a XAPIANDB inside it). */
static std::string
sx_stub_file(const std::string &path)
{
    struct stat st;

    if (stat(path.c_str(), &st) != 0)
        return "";
    if (S_ISDIR(st.st_mode)) {
        if (sx_file_exists(path + "/iamglass") ||
            sx_file_exists(path + "/iamchert") ||
            !sx_file_exists(path + "/XAPIANDB"))
            return "";
        return path + "/XAPIANDB";
    }
    /* A regular file: a text stub, or a single-file database (binary). */
    std::ifstream f(path);
    char head[64];
    f.read(head, sizeof head);
    for (std::streamsize i = 0; i < f.gcount(); i++)
        if (head[i] == '\0' || (unsigned char)head[i] < '\t')
            return "";
    return path;
}

/* Stubs that list stubs: deeper is taken for a loop. */
#define SX_STUB_DEPTH 8

/* Append the databases @p stub lists to @p out, in order, reading the
 * lines as Xapian 1.4's open_stub() does: "auto|glass|chert PATH"
 * (relative to the stub's folder), "remote HOST:PORT", "remote :PROGRAM
 * ARGS", "inmemory"; blank lines and #comments skipped; anything else
 * is a "Bad line".  An "auto" line that names another stub stands for
 * that stub's databases (Xapian flattens them the same way). */
static void
sx_stub_read(const std::string &stub, int depth,
             std::vector<sx_stub_entry> &out)
{
    std::ifstream f(stub);
    size_t slash = stub.rfind('/');
    std::string text, dir = slash == std::string::npos
                                ? "." : stub.substr(0, slash);
    unsigned lineno = 0;

    if (depth > SX_STUB_DEPTH)
        throw Xapian::DatabaseOpeningError(stub + ": stubs nested too deep");
    if (!f) {
        /* Gone since sx_stub_file() saw it: the index was deleted. */
        if (errno == ENOENT)
            throw Xapian::DatabaseNotFoundError("cannot read " + stub +
                                                ": " + strerror(errno));
        throw Xapian::DatabaseOpeningError("cannot read " + stub);
    }
    while (std::getline(f, text)) {
        sx_stub_entry e;
        size_t sp;

        lineno++;
        text = sx_trim(text);
        if (text.empty() || text[0] == '#')
            continue;
        sp = text.find_first_of(" \t");
        e.type = text.substr(0, sp);
        e.arg = sp == std::string::npos ? "" : sx_trim(text.substr(sp));
        e.line = text;
        e.where = stub + ":" + std::to_string(lineno);
        if (e.type == "inmemory" && e.arg.empty()) {
            out.push_back(e);
            continue;
        }
        if (e.arg.empty() ||
            (e.type != "remote" && e.type != "auto" && e.type != "glass" &&
             e.type != "chert"))
            throw Xapian::DatabaseOpeningError(e.where + ": Bad line");
        if (e.remote()) {
            out.push_back(e);
            continue;
        }
        if (e.arg[0] != '/')
            e.arg = dir + "/" + e.arg;
        std::string nested = e.type == "auto" ? sx_stub_file(e.arg) : "";
        if (!nested.empty())
            sx_stub_read(nested, depth + 1, out);
        else
            out.push_back(e);
    }
    /* Xapian 1.4 opens it as a database of no shards, which then fails
     * every search ("uninitialised Database"): say what is wrong now. */
    if (depth == 0 && out.empty())
        throw Xapian::DatabaseOpeningError(stub + ": lists no database");
}

/* Open one local database a stub lists; throws as Xapian does. */
static Xapian::Database
sx_local_open(const sx_stub_entry &e)
{
    if (e.type == "glass")
        return Xapian::Database(e.arg, Xapian::DB_BACKEND_GLASS);
    if (e.type == "chert")
        return Xapian::Database(e.arg, Xapian::DB_BACKEND_CHERT);
    if (e.type == "inmemory")
        return Xapian::Database(std::string(), Xapian::DB_BACKEND_INMEMORY);
    return Xapian::Database(e.arg);
}

/* Open one database a stub lists; throws as Xapian does, but a local
 * shard that is not there is no missing index (which would advise
 * making one) but a broken one: name the shard and the stub's line. */
static Xapian::Database
sx_stub_open(const sx_stub_entry &e)
{
    if (e.remote())
        return sx_remote_open(e.arg, e.where);
    try {
        return sx_local_open(e);
    } catch (const Xapian::DatabaseNotFoundError &x) {
        throw Xapian::DatabaseOpeningError(
            e.where + ": shard '" + e.arg + "' " +
            (sx_file_exists(e.arg) ? "is no database (" + x.get_msg() + ")"
                                   : "is missing"));
    }
}

/* sx_db_open(): a database, or the union of those its stub lists, each
 * kept as a shard of db.  Local unless a stub line is "remote". */
static void
sx_db_fill(sx_db *db, const std::string &path)
{
    std::string stub = sx_stub_file(path);

    if (stub.empty()) {
        db->rd = new Xapian::Database(path);
        db->shard.push_back(*db->rd);
        db->shard_name.push_back(path);
        return;
    }
    std::vector<sx_stub_entry> entries;
    sx_stub_read(stub, 0, entries);
    db->rd = new Xapian::Database();
    for (const sx_stub_entry &e : entries) {
        Xapian::Database d = sx_stub_open(e);
        db->rd->add_database(d);
        db->shard.push_back(d);
        db->shard_name.push_back(e.name());
        db->local = db->local && !e.remote();
    }
}

extern "C" sousuo_status_t
sx_shards_open(const char *path, sx_shards **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!path)
        return sx_inval(err, "no database path");
    SX_TRY
        std::unique_ptr<sx_shards> s(new sx_shards);
        std::string stub = sx_stub_file(path);
        std::vector<sx_stub_entry> entries;
        if (stub.empty()) {
            sx_stub_entry e;
            e.type = "auto";
            e.arg = e.where = path;
            e.line = std::string("auto ") + path;
            entries.push_back(e);
        } else {
            sx_stub_read(stub, 0, entries);
        }
        for (const sx_stub_entry &e : entries) {
            try {
                s->live.push_back(sx_stub_open(e));
            } catch (const Xapian::NetworkError &) {
                if (!e.remote())
                    throw;
                s->down += e.line + "\n";
                continue;
            }
            s->entry.push_back(e);
        }
        /* (A stub that lists nothing failed to read.) */
        if (s->live.empty()) {
            /* One line of the dead's stub lines (each "\n"-ended). */
            std::string down;
            for (char c : s->down)
                down += c == '\n' ? std::string(", ") : std::string(1, c);
            down.resize(down.size() - 2);
            sx_set(err, SOUSUO_BACKEND, "no shard can be reached: " + down);
            if (err)
                err->network = 1;
            return SOUSUO_BACKEND;
        }
        *out = s.release();
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_shards_db(sx_shards *s, sx_db **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!s || s->live.empty())
        return sx_inval(err, "no live shard");
    SX_TRY
        sx_db *db = new sx_db;
        try {
            db->rd = new Xapian::Database();
            for (const Xapian::Database &d : s->live)
                db->rd->add_database(d);
        } catch (...) {
            delete db->rd;
            delete db;
            throw;
        }
        db->wr = NULL;
        /* The dead are remote too: the stub lists them. */
        db->local = s->down.empty();
        for (size_t i = 0; i < s->live.size(); i++) {
            db->shard.push_back(s->live[i]);
            db->shard_name.push_back(s->entry[i].name());
            db->local = db->local && !s->entry[i].remote();
        }
        *out = db;
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_shards_probe(sx_shards *s, unsigned *dropped, struct sx_error *err)
{
    if (!s || !dropped)
        return sx_inval(err, "no shards");
    *dropped = 0;
    SX_TRY
        /* Every remote shard gets a new connection: after a failed
         * search the others' connections may still hold unread replies. */
        for (size_t i = s->live.size(); i-- > 0;) {
            if (!s->entry[i].remote())
                continue;
            try {
                s->live[i] = sx_remote_open(s->entry[i].arg,
                                            s->entry[i].where);
            } catch (const Xapian::NetworkError &) {
                s->down += s->entry[i].line + "\n";
                s->live.erase(s->live.begin() + (long)i);
                s->entry.erase(s->entry.begin() + (long)i);
                ++*dropped;
            }
        }
        return sx_ok(err);
    SX_CATCH
}

extern "C" const char *
sx_shards_down(const sx_shards *s)
{
    return s ? s->down.c_str() : "";
}

extern "C" void
sx_shards_free(sx_shards *s)
{
    delete s;
}

/* ---- documents ------------------------------------------------------- */

extern "C" sousuo_status_t
sx_doc_new(sx_doc **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    SX_TRY
        *out = new sx_doc;
        return sx_ok(err);
    SX_CATCH
}

extern "C" void
sx_doc_free(sx_doc *doc)
{
    delete doc;
}

extern "C" size_t
sx_doc_term_count(const sx_doc *doc)
{
    /* A new document's terms are all in memory: nothing here can throw. */
    return doc ? doc->doc.termlist_count() : 0;
}

/* Xapian accepts long terms in a Document but fails at commit time, far
 * from the cause; refuse them here instead. */
#define SX_CHECK_TERM(term, len)                                          \
    do {                                                                  \
        if (!(term) || !(len))                                            \
            return sx_inval(err, "empty term");                           \
        if ((len) > SX_MAX_TERM)                                          \
            return sx_inval(err, "term longer than 245 bytes");           \
    } while (0)

extern "C" sousuo_status_t
sx_doc_add_posting(sx_doc *doc, const char *term, size_t len, unsigned pos,
                   unsigned wdfinc, struct sx_error *err)
{
    if (!doc)
        return sx_inval(err, "no document");
    SX_CHECK_TERM(term, len);
    SX_TRY
        doc->doc.add_posting(std::string(term, len), pos, wdfinc);
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_doc_add_term(sx_doc *doc, const char *term, size_t len, unsigned wdfinc,
                struct sx_error *err)
{
    if (!doc)
        return sx_inval(err, "no document");
    SX_CHECK_TERM(term, len);
    SX_TRY
        doc->doc.add_term(std::string(term, len), wdfinc);
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_doc_add_boolean_term(sx_doc *doc, const char *term, size_t len,
                        struct sx_error *err)
{
    if (!doc)
        return sx_inval(err, "no document");
    SX_CHECK_TERM(term, len);
    SX_TRY
        doc->doc.add_boolean_term(std::string(term, len));
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_doc_set_value(sx_doc *doc, unsigned slot, const char *val, size_t len,
                 struct sx_error *err)
{
    if (!doc || (!val && len))
        return sx_inval(err, "no document or value");
    SX_TRY
        doc->doc.add_value(slot, std::string(val ? val : "", len));
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_doc_set_data_spans(sx_doc *doc, const struct sx_span *s, size_t n,
                      struct sx_error *err)
{
    size_t i, total = 0;

    if (!doc || (!s && n))
        return sx_inval(err, "no document or data");
    for (i = 0; i < n; i++) {
        if (!s[i].p && s[i].n)
            return sx_inval(err, "no data");
        total += s[i].n;
    }
    SX_TRY
        std::string data;
        data.reserve(total);
        for (i = 0; i < n; i++)
            data.append(s[i].p ? s[i].p : "", s[i].n);
        doc->doc.set_data(std::move(data));
        doc->data_len = total;
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_doc_set_data(sx_doc *doc, const char *data, size_t len,
                struct sx_error *err)
{
    struct sx_span one = { data, len };

    return sx_doc_set_data_spans(doc, &one, 1, err);
}

/* ---- queries ---------------------------------------------------------- */

static sousuo_status_t
sx_query_wrap(const Xapian::Query &q, sx_query **out, struct sx_error *err)
{
    *out = new sx_query{q};
    return sx_ok(err);
}

extern "C" sousuo_status_t
sx_query_term(const char *term, size_t len, unsigned wqf, unsigned pos,
              sx_query **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!term || !len)
        return sx_inval(err, "empty term");
    SX_TRY
        return sx_query_wrap(
            Xapian::Query(std::string(term, len), wqf ? wqf : 1, pos), out,
            err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_query_combine(enum sx_op op, sx_query *const *subs, size_t n,
                 unsigned window, sx_query **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!subs && n)
        return sx_inval(err, "no subqueries");
    SX_TRY
        Xapian::Query::op xop;
        switch (op) {
        case SX_OP_AND: xop = Xapian::Query::OP_AND; break;
        case SX_OP_OR: xop = Xapian::Query::OP_OR; break;
        case SX_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
        case SX_OP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
        case SX_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
        case SX_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
        case SX_OP_NEAR: xop = Xapian::Query::OP_NEAR; break;
        case SX_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
        default: return sx_inval(err, "unknown query operator");
        }
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++) {
            if (!subs[i])
                return sx_inval(err, "NULL subquery");
            v.push_back(subs[i]->q);
        }
        return sx_query_wrap(Xapian::Query(xop, v.begin(), v.end(), window),
                             out, err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_query_value_range(unsigned slot, const char *lo, size_t lo_len,
                     const char *hi, size_t hi_len, sx_query **out,
                     struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if ((!lo && lo_len) || (!hi && hi_len))
        return sx_inval(err, "no range bound");
    SX_TRY
        std::string l(lo ? lo : "", lo_len), h(hi ? hi : "", hi_len);
        /* An empty upper bound means "no upper bound". */
        if (h.empty())
            return sx_query_wrap(
                Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, l), out, err);
        return sx_query_wrap(
            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, l, h), out,
            err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_query_wildcard(const char *prefix, size_t len, unsigned max_expansion,
                  sx_query **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!prefix || !len)
        return sx_inval(err, "empty wildcard prefix");
    SX_TRY
        /* Past the limit, keep the most frequent expansions instead of
         * failing the whole query. */
        int limit = max_expansion ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                                  : Xapian::Query::WILDCARD_LIMIT_ERROR;
        return sx_query_wrap(Xapian::Query(Xapian::Query::OP_WILDCARD,
                                           std::string(prefix, len),
                                           max_expansion, limit),
                             out, err);
    SX_CATCH
}

/* Which of two candidate expansions is kept first: the more frequent,
 * then the earlier in byte order.  As a heap's order, the front is the
 * candidate a more frequent term replaces. */
typedef std::pair<Xapian::doccount, std::string> sx_expansion;

static bool
sx_kept_before(const sx_expansion &a, const sx_expansion &b)
{
    return a.first != b.first ? a.first > b.first : a.second < b.second;
}

/* A node of the synonym tree: its estimated term frequency, its query,
 * and when it was made (equal estimates: the older first). */
struct sx_syn_node {
    Xapian::doccount est;
    unsigned seq;
    Xapian::Query q;
};

/* As a heap's order, the front is the least frequent node. */
static bool
sx_syn_after(const sx_syn_node &a, const sx_syn_node &b)
{
    return a.est != b.est ? a.est > b.est : a.seq > b.seq;
}

extern "C" sousuo_status_t
sx_query_expand_prefix(sx_db *db, const char *prefix, size_t len,
                       unsigned max_expansion, sx_query **out,
                       struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!db)
        return sx_inval(err, "no database");
    if (!prefix || !len)
        return sx_inval(err, "empty wildcard prefix");
    SX_TRY
        std::string p(prefix, len);
        std::vector<sx_expansion> kept;
        /* One walk, as Xapian's OP_WILDCARD does in each shard; a
         * multi-database's term frequencies are the shards' sums. */
        for (Xapian::TermIterator t = db->rd->allterms_begin(p);
             t != db->rd->allterms_end(p); ++t) {
            Xapian::doccount tf = t.get_termfreq();
            if (!max_expansion || kept.size() < max_expansion) {
                kept.push_back(sx_expansion(tf, *t));
                if (max_expansion)
                    std::push_heap(kept.begin(), kept.end(), sx_kept_before);
            } else if (tf > kept.front().first) {
                /* Terms come in byte order: an equal frequency keeps the
                 * earlier term. */
                std::pop_heap(kept.begin(), kept.end(), sx_kept_before);
                kept.back() = sx_expansion(tf, *t);
                std::push_heap(kept.begin(), kept.end(), sx_kept_before);
            }
        }
        /* Xapian 1.4 weighs a synonym by a term frequency it estimates
         * over a binary OR tree, rounding at each node, and each shard
         * shapes that tree by its own frequencies: even a flat OP_SYNONYM
         * of many terms gets another weight in each shard.  So the tree
         * is fixed here, synonyms of two, built as Xapian builds it for
         * one database (the two least frequent nodes first, with its
         * estimate of a node): one database ranks as with
         * sx_query_wildcard(), and the tree is the cheapest to run. */
        std::sort(kept.begin(), kept.end()); /* seq: a fixed order */
        std::vector<sx_syn_node> heap;
        heap.reserve(kept.size());
        unsigned seq = 0;
        for (const sx_expansion &k : kept)
            heap.push_back(sx_syn_node{ k.first, seq++,
                                        Xapian::Query(k.second) });
        std::make_heap(heap.begin(), heap.end(), sx_syn_after);
        double n = db->rd->get_doccount();
        while (heap.size() > 1) {
            std::pop_heap(heap.begin(), heap.end(), sx_syn_after);
            sx_syn_node a = heap.back();
            heap.pop_back();
            std::pop_heap(heap.begin(), heap.end(), sx_syn_after);
            sx_syn_node &b = heap.back();
            double ea = a.est, eb = b.est;
            b.est = n > 0 ? Xapian::doccount(ea + eb - ea * eb / n + 0.5) : 0;
            b.seq = seq++;
            b.q = Xapian::Query(Xapian::Query::OP_SYNONYM, b.q, a.q);
            std::push_heap(heap.begin(), heap.end(), sx_syn_after);
        }
        return sx_query_wrap(heap.empty() ? Xapian::Query::MatchNothing
                                          : heap.front().q,
                             out, err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_query_scale(const sx_query *q, double factor, sx_query **out,
               struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!q)
        return sx_inval(err, "no query");
    SX_TRY
        return sx_query_wrap(
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor), out,
            err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_query_match_all(sx_query **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    SX_TRY
        return sx_query_wrap(Xapian::Query::MatchAll, out, err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_query_match_nothing(sx_query **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    SX_TRY
        return sx_query_wrap(Xapian::Query::MatchNothing, out, err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_query_describe(const sx_query *q, struct buf *out, struct sx_error *err)
{
    if (!q || !out)
        return sx_inval(err, "no query or buffer");
    SX_TRY
        return sx_copy(out, q->q.get_description(), err);
    SX_CATCH
}

extern "C" void
sx_query_free(sx_query *q)
{
    delete q;
}

/* ---- searching -------------------------------------------------------- */

extern "C" sousuo_status_t
sx_enquire_new(sx_db *db, sx_enquire **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!db)
        return sx_inval(err, "no database");
    SX_TRY
        sx_enquire *e = new sx_enquire(*db->rd);
        e->enq.set_weighting_scheme(Xapian::BM25Weight());
        e->enq.set_docid_order(Xapian::Enquire::ASCENDING);
        *out = e;
        return sx_ok(err);
    SX_CATCH
}

extern "C" void
sx_enquire_free(sx_enquire *e)
{
    delete e;
}

extern "C" sousuo_status_t
sx_enquire_set_query(sx_enquire *e, const sx_query *q, struct sx_error *err)
{
    if (!e || !q)
        return sx_inval(err, "no enquire or query");
    SX_TRY
        e->enq.set_query(q->q);
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_enquire_set_bm25(sx_enquire *e, double k1, double k2, double k3, double b,
                    double min_normlen, struct sx_error *err)
{
    if (!e)
        return sx_inval(err, "no enquire");
    SX_TRY
        e->enq.set_weighting_scheme(
            Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_enquire_set_min_weight(sx_enquire *e, double w, struct sx_error *err)
{
    if (!e)
        return sx_inval(err, "no enquire");
    SX_TRY
        e->enq.set_cutoff(0, w);
        return sx_ok(err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_enquire_mset(sx_enquire *e, unsigned first, unsigned maxitems,
                unsigned check_at_least, sx_mset **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!e)
        return sx_inval(err, "no enquire");
    SX_TRY
        Xapian::MSet m = e->enq.get_mset(first, maxitems, check_at_least);
        *out = new sx_mset(m, e->enq, e->db);
        return sx_ok(err);
    SX_CATCH
}

extern "C" size_t
sx_mset_size(const sx_mset *m)
{
    return m ? m->mset.size() : 0;
}

extern "C" uint64_t
sx_mset_estimated(const sx_mset *m)
{
    return m ? m->mset.get_matches_estimated() : 0;
}

extern "C" int
sx_mset_exact(const sx_mset *m)
{
    return m && m->mset.get_matches_lower_bound() ==
                    m->mset.get_matches_upper_bound();
}

/* MSet indexing and these getters do not throw for in-range i; the size
 * check keeps an out-of-range i from becoming undefined behaviour. */
extern "C" sx_docid
sx_mset_docid(const sx_mset *m, size_t i)
{
    if (!m || i >= m->mset.size())
        return 0;
    return *m->mset[Xapian::doccount(i)];
}

extern "C" unsigned
sx_mset_rank(const sx_mset *m, size_t i)
{
    if (!m || i >= m->mset.size())
        return 0;
    return m->mset[Xapian::doccount(i)].get_rank();
}

extern "C" double
sx_mset_weight(const sx_mset *m, size_t i)
{
    if (!m || i >= m->mset.size())
        return 0.0;
    return m->mset[Xapian::doccount(i)].get_weight();
}

extern "C" sousuo_status_t
sx_mset_data(const sx_mset *m, size_t i, struct buf *out,
             struct sx_error *err)
{
    if (!m || !out || i >= m->mset.size())
        return sx_inval(err, "no such hit");
    SX_TRY
        return sx_copy(out,
                       m->mset[Xapian::doccount(i)].get_document().get_data(),
                       err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_mset_value(const sx_mset *m, size_t i, unsigned slot, struct buf *out,
              struct sx_error *err)
{
    if (!m || !out || i >= m->mset.size())
        return sx_inval(err, "no such hit");
    SX_TRY
        /* The document is fetched lazily: only its values are read. */
        return sx_copy(out,
                       m->mset[Xapian::doccount(i)].get_document().get_value(
                           slot),
                       err);
    SX_CATCH
}

extern "C" sousuo_status_t
sx_mset_values(const sx_mset *m, unsigned slot, const size_t *idx, size_t n,
               sx_value_cb cb, void *ctx, struct sx_error *err)
{
    if (!m || !cb || (!idx && n))
        return sx_inval(err, "no mset, hits or callback");
    for (size_t k = 0; k < n; k++)
        if (idx[k] >= m->mset.size())
            return sx_inval(err, "no such hit");
    SX_TRY
        std::vector<std::pair<Xapian::docid, size_t>> order;
        order.reserve(n);
        for (size_t k = 0; k < n; k++)
            order.emplace_back(*m->mset[Xapian::doccount(idx[k])], idx[k]);
        std::sort(order.begin(), order.end());
        /* Hits in docid order, so each chunk of values is found and
         * decoded once; a missing value reads as empty (get_value). */
        Xapian::ValueIterator v = m->db.valuestream_begin(slot);
        const Xapian::ValueIterator end = m->db.valuestream_end(slot);
        for (const auto &o : order) {
            std::string val;
            if (v != end) {
                v.skip_to(o.first);
                if (v != end && v.get_docid() == o.first)
                    val = *v;
            }
            if (cb(ctx, o.second, val.data(), val.size()))
                return sx_set(err, SOUSUO_NOMEM, "out of memory");
        }
        return sx_ok(err);
    SX_CATCH
}

/* The terms of q that add weight somewhere (w) and those that only
 * match (nw): under a filter's or AND_NOT's right side or a scale of 0. */
static void
weighted_terms(const Xapian::Query &q, bool weighted,
               std::set<std::string> &w, std::set<std::string> &nw)
{
    Xapian::Query::op op = q.get_type();
    size_t n = q.get_num_subqueries(), k;

    if (op == Xapian::Query::LEAF_TERM) {
        Xapian::TermIterator t = q.get_terms_begin();
        if (t != q.get_terms_end())
            (weighted ? w : nw).insert(*t);
        return;
    }
    /* Xapian 1.4 does not tell the factor but by the description. */
    if (op == Xapian::Query::OP_SCALE_WEIGHT &&
        q.get_description().compare(0, 10, "Query(0 * ") == 0)
        weighted = false;
    for (k = 0; k < n; k++)
        weighted_terms(q.get_subquery(k),
                       weighted && !(k && (op == Xapian::Query::OP_FILTER ||
                                           op == Xapian::Query::OP_AND_NOT)),
                       w, nw);
}

extern "C" sousuo_status_t
sx_mset_matching_terms(const sx_mset *m, size_t i, sx_term_cb cb, void *ctx,
                       struct sx_error *err)
{
    if (!m || !cb || i >= m->mset.size())
        return sx_inval(err, "no such hit");
    SX_TRY
        std::set<std::string> w, nw;
        Xapian::MSetIterator it = m->mset[Xapian::doccount(i)];

        weighted_terms(m->enq.get_query(), true, w, nw);
        for (Xapian::TermIterator t = m->enq.get_matching_terms_begin(it);
             t != m->enq.get_matching_terms_end(it); ++t) {
            const std::string &term = *t;
            if (nw.count(term) && !w.count(term))
                continue;
            if (cb(ctx, term.data(), term.size(), 0))
                break;
        }
        return sx_ok(err);
    SX_CATCH
}

extern "C" void
sx_mset_free(sx_mset *m)
{
    delete m;
}

/* ---- stemming --------------------------------------------------------- */

extern "C" sousuo_status_t
sx_stemmer_new(const char *lang, sx_stemmer **out, struct sx_error *err)
{
    if (!out)
        return sx_inval(err, "no output handle");
    *out = NULL;
    if (!lang)
        lang = "english";
    SX_TRY
        sx_stemmer *s = new sx_stemmer;
        s->none = strcmp(lang, "none") == 0;
        if (!s->none) {
            try {
                s->stem = Xapian::Stem(lang);
            } catch (...) {
                delete s;
                throw;
            }
        }
        *out = s;
        return sx_ok(err);
    SX_CATCH
}

extern "C" void
sx_stemmer_free(sx_stemmer *s)
{
    delete s;
}

extern "C" sousuo_status_t
sx_stem(sx_stemmer *s, const char *word, size_t len, struct buf *out,
        struct sx_error *err)
{
    if (!s || !out || (!word && len))
        return sx_inval(err, "no stemmer, word or buffer");
    if (s->none) {
        buf_reset(out);
        buf_add(out, word, len);
        return out->err ? sx_set(err, SOUSUO_NOMEM, "out of memory")
                        : sx_ok(err);
    }
    SX_TRY
        return sx_copy(out, s->stem(std::string(word ? word : "", len)), err);
    SX_CATCH
}

extern "C" const char *
sx_xapian_version(void)
{
    return Xapian::version_string();
}
