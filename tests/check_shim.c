/* check_shim.c - the Xapian shim against real databases in temp dirs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <check.h>

#include "testutil.h"
#include "xapian-shim.h"

static int collect_term(void *ctx, const char *t, size_t len, uint64_t freq);

static char *tmp;
static char *dbpath;

static void
setup(void)
{
    tmp = tu_tmpdir();
    dbpath = tu_path(tmp, "db");
}

static void
teardown(void)
{
    tu_rmtree(tmp);
    free(dbpath);
    free(tmp);
}

#define OK(call)                                                         \
    do {                                                                 \
        struct sx_error e_;                                              \
        sousuo_status_t s_;                                              \
        memset(&e_, 0, sizeof e_);                                       \
        s_ = (call);                                                     \
        ck_assert_msg(s_ == SOUSUO_OK, "%s: %s (%s)", #call,             \
                      sousuo_status_name(s_), e_.msg);                   \
    } while (0)
/* OK() passes its own error struct as `&e_`: calls use ERR. */
#define ERR (&e_)

/* A document: space-separated words as positional terms from 1, plus
 * the unique id term and a value. */
static sx_doc *
make_doc(const char *id, const char *words, const char *date)
{
    sx_doc *doc;
    char term[64];
    const char *p = words;
    unsigned pos = 1;

    OK(sx_doc_new(&doc, ERR));
    while (*p) {
        size_t n = strcspn(p, " ");
        if (n) {
            OK(sx_doc_add_posting(doc, p, n, pos++, 1, ERR));
        }
        p += n;
        p += strspn(p, " ");
    }
    snprintf(term, sizeof term, "Q%s", id);
    OK(sx_doc_add_boolean_term(doc, term, strlen(term), ERR));
    OK(sx_doc_set_data(doc, id, strlen(id), ERR));
    if (date)
        OK(sx_doc_set_value(doc, 1, date, strlen(date), ERR));
    return doc;
}

static void
put(sx_db *db, const char *id, const char *words, const char *date)
{
    sx_doc *doc = make_doc(id, words, date);
    char term[64];

    snprintf(term, sizeof term, "Q%s", id);
    OK(sx_db_replace_document(db, term, strlen(term), doc, NULL, ERR));
    sx_doc_free(doc);
}

/* Four small documents shared by the search tests. */
static sx_db *
make_corpus(void)
{
    sx_db *db;

    OK(sx_db_open_writable(dbpath, SX_CREATE_OR_OPEN, &db, ERR));
    put(db, "a", "new quality productive forces", "20240417");
    put(db, "b", "productive new forces quality forces forces", "20250128");
    put(db, "c", "quality control of production", "20230901");
    put(db, "d", "unrelated words entirely", NULL);
    OK(sx_db_commit(db, ERR));
    return db;
}

static sx_query *
term(const char *t)
{
    sx_query *q;

    OK(sx_query_term(t, strlen(t), 1, 0, &q, ERR));
    return q;
}

static sx_query *
combine2(enum sx_op op, sx_query *a, sx_query *b, unsigned window)
{
    sx_query *subs[2] = { a, b }, *q;

    OK(sx_query_combine(op, subs, 2, window, &q, ERR));
    sx_query_free(a);
    sx_query_free(b);
    return q;
}

/* Run q and return the ids (document data) in rank order, space-joined. */
static char *
ids(sx_db *db, sx_query *q)
{
    sx_enquire *e;
    sx_mset *m;
    struct buf out = BUF_INIT, data = BUF_INIT;
    size_t i;

    OK(sx_enquire_new(db, &e, ERR));
    OK(sx_enquire_set_query(e, q, ERR));
    OK(sx_enquire_mset(e, 0, 10, 0, &m, ERR));
    for (i = 0; i < sx_mset_size(m); i++) {
        OK(sx_mset_data(m, i, &data, ERR));
        ck_assert_uint_eq(sx_mset_rank(m, i), i);
        buf_addf(&out, "%s%s", i ? " " : "", data.data);
    }
    sx_mset_free(m);
    sx_enquire_free(e);
    sx_query_free(q);
    buf_free(&data);
    return buf_detach(&out, NULL);
}

#define ASSERT_IDS(db, q, expect)                                        \
    do {                                                                 \
        char *got_ = ids((db), (q));                                     \
        ck_assert_str_eq(got_, (expect));                                \
        free(got_);                                                      \
    } while (0)

START_TEST(t_create_count_stats)
{
    sx_db *db = make_corpus();
    uint64_t n;
    double avlen;

    OK(sx_db_doccount(db, &n, ERR));
    ck_assert_uint_eq(n, 4);
    OK(sx_db_termfreq(db, "quality", 7, &n, ERR));
    ck_assert_uint_eq(n, 3);
    OK(sx_db_termfreq(db, "absent", 6, &n, ERR));
    ck_assert_uint_eq(n, 0);
    OK(sx_db_avlength(db, &avlen, ERR));
    ck_assert_double_eq_tol(avlen, (4 + 6 + 4 + 3) / 4.0, 1e-9);
    sx_db_close(db);
}
END_TEST

START_TEST(t_bm25_ranks_by_frequency)
{
    sx_db *db = make_corpus();

    /* b has "forces" three times, a once; c and d not at all. */
    ASSERT_IDS(db, term("forces"), "b a");
    ASSERT_IDS(db, combine2(SX_OP_AND, term("quality"), term("forces"), 0),
               "b a");
    /* Boolean id terms weigh nothing: equal weights, ordered by docid. */
    ASSERT_IDS(db, combine2(SX_OP_OR, term("Qd"), term("Qc"), 0), "c d");
    ASSERT_IDS(db,
               combine2(SX_OP_AND_NOT, term("quality"), term("forces"), 0),
               "c");
    sx_db_close(db);
}
END_TEST

START_TEST(t_bm25_parameters_change_weights)
{
    sx_db *db = make_corpus();
    sx_enquire *e;
    sx_mset *m;
    sx_query *q = term("forces");
    double w_default, w_flat;

    OK(sx_enquire_new(db, &e, ERR));
    OK(sx_enquire_set_query(e, q, ERR));
    OK(sx_enquire_mset(e, 0, 10, 0, &m, ERR));
    w_default = sx_mset_weight(m, 0);
    sx_mset_free(m);
    /* k1 = 0 ignores within-document frequency: a and b tie. */
    OK(sx_enquire_set_bm25(e, 0, 0, 1, 0.5, 0.5, ERR));
    OK(sx_enquire_mset(e, 0, 10, 0, &m, ERR));
    w_flat = sx_mset_weight(m, 0);
    ck_assert_double_eq_tol(sx_mset_weight(m, 0), sx_mset_weight(m, 1),
                            1e-12);
    ck_assert(w_default != w_flat);
    ck_assert_uint_eq(sx_mset_estimated(m), 2);
    sx_mset_free(m);
    sx_enquire_free(e);
    sx_query_free(q);
    sx_db_close(db);
}
END_TEST

START_TEST(t_phrase_and_window)
{
    sx_db *db = make_corpus();

    /* "new quality" is adjacent and in order only in a. */
    ASSERT_IDS(db, combine2(SX_OP_PHRASE, term("new"), term("quality"), 0),
               "a");
    /* b has "new forces quality": in order within 3 positions. */
    ASSERT_IDS(db, combine2(SX_OP_PHRASE, term("new"), term("quality"), 3),
               "a b");
    ASSERT_IDS(db, combine2(SX_OP_PHRASE, term("quality"), term("new"), 0),
               "");
    /* NEAR ignores order. */
    ASSERT_IDS(db, combine2(SX_OP_NEAR, term("quality"), term("new"), 2),
               "a");
    sx_db_close(db);
}
END_TEST

START_TEST(t_matching_terms)
{
    sx_db *db = make_corpus();
    sx_enquire *e;
    sx_mset *m;
    sx_query *q = combine2(SX_OP_OR, term("control"), term("quality"), 0);
    struct buf got = BUF_INIT;

    OK(sx_enquire_new(db, &e, ERR));
    OK(sx_enquire_set_query(e, q, ERR));
    OK(sx_enquire_mset(e, 0, 1, 0, &m, ERR));
    ck_assert_uint_eq(sx_mset_size(m), 1);
    OK(sx_mset_matching_terms(m, 0, collect_term, &got, ERR));
    ck_assert_str_eq(got.data, "control quality ");
    ck_assert_uint_eq(sx_mset_docid(m, 0), 3);
    ck_assert_uint_eq(sx_mset_docid(m, 5), 0); /* out of range is safe */
    buf_free(&got);
    sx_mset_free(m);
    sx_enquire_free(e);
    sx_query_free(q);
    sx_db_close(db);
}
END_TEST

START_TEST(t_filter_value_range_wildcard_scale)
{
    sx_db *db = make_corpus();
    sx_query *q, *r;
    sx_enquire *e;
    sx_mset *m;
    double w1, w2;

    OK(sx_query_value_range(1, "2024", 4, "20249999", 8, &r, ERR));
    ASSERT_IDS(db, combine2(SX_OP_FILTER, term("quality"), r, 0), "a");
    OK(sx_query_value_range(1, "2024", 4, "", 0, &r, ERR)); /* open end */
    /* a is shorter than b, so its one "quality" weighs more. */
    ASSERT_IDS(db, combine2(SX_OP_FILTER, term("quality"), r, 0), "a b");
    ASSERT_IDS(db, combine2(SX_OP_FILTER, term("quality"), term("Qc"), 0),
               "c");
    /* Expansions combine as one synonym: a and c (4 words) tie above b
     * (6 words); the tie goes to the lower docid. */
    OK(sx_query_wildcard("produc", 6, 0, &q, ERR));
    ASSERT_IDS(db, q, "a c b");
    OK(sx_query_wildcard("zzz", 3, 10, &q, ERR));
    ASSERT_IDS(db, q, "");

    /* Scaling a query scales its weights. */
    q = term("control");
    OK(sx_enquire_new(db, &e, ERR));
    OK(sx_enquire_set_query(e, q, ERR));
    OK(sx_enquire_mset(e, 0, 1, 0, &m, ERR));
    w1 = sx_mset_weight(m, 0);
    sx_mset_free(m);
    OK(sx_query_scale(q, 2.5, &r, ERR));
    OK(sx_enquire_set_query(e, r, ERR));
    OK(sx_enquire_mset(e, 0, 1, 0, &m, ERR));
    w2 = sx_mset_weight(m, 0);
    ck_assert_double_eq_tol(w2, 2.5 * w1, 1e-9);
    sx_mset_free(m);
    sx_enquire_free(e);
    sx_query_free(q);
    sx_query_free(r);
    sx_db_close(db);
}
END_TEST

/* sx_value_cb: "idx=value " into the buf ctx. */
static int
add_value(void *ctx, size_t i, const char *v, size_t len)
{
    buf_addf(ctx, "%zu=%.*s ", i, (int)len, v);
    return 0;
}

/* One value stream reads what sx_mset_value() reads, hit by hit, in
 * docid order; a document without the value reads as empty. */
START_TEST(t_mset_values)
{
    sx_db *db = make_corpus();
    sx_enquire *e;
    sx_mset *m;
    sx_query *q;
    struct buf got = BUF_INIT, want = BUF_INIT, v = BUF_INIT;
    size_t idx[4], i, n;

    OK(sx_enquire_new(db, &e, ERR));
    OK(sx_query_match_all(&q, ERR));
    OK(sx_enquire_set_query(e, q, ERR));
    sx_query_free(q);
    OK(sx_enquire_mset(e, 0, 10, 0, &m, ERR));
    n = sx_mset_size(m);
    ck_assert_uint_eq(n, 4);
    for (i = 0; i < n; i++)
        idx[i] = n - 1 - i; /* backwards: the shim sorts by docid */
    OK(sx_mset_values(m, 1, idx, n, add_value, &got, ERR));
    for (sx_docid d = 1; d <= 4; d++)
        for (i = 0; i < n; i++)
            if (sx_mset_docid(m, i) == d) {
                OK(sx_mset_value(m, i, 1, &v, ERR));
                buf_addf(&want, "%zu=%s ", i, v.data);
            }
    ck_assert_str_eq(got.data, want.data);
    ck_assert_ptr_nonnull(strstr(got.data, "=20240417 "));
    ck_assert_ptr_nonnull(strstr(got.data, "= ")); /* d: no date */
    ck_assert_int_eq(sx_mset_values(m, 1, idx, 0, add_value, &got, NULL),
                     SOUSUO_OK);
    idx[0] = n;
    ck_assert_int_eq(sx_mset_values(m, 1, idx, 1, add_value, &got, NULL),
                     SOUSUO_INVAL);
    sx_mset_free(m);
    sx_enquire_free(e);
    buf_free(&got);
    buf_free(&want);
    buf_free(&v);
    sx_db_close(db);
}
END_TEST

START_TEST(t_match_all_nothing_describe)
{
    sx_db *db = make_corpus();
    sx_query *q;
    struct buf d = BUF_INIT;

    OK(sx_query_match_all(&q, ERR));
    ASSERT_IDS(db, q, "a b c d");
    OK(sx_query_match_nothing(&q, ERR));
    ASSERT_IDS(db, q, "");
    q = combine2(SX_OP_PHRASE, term("new"), term("quality"), 0);
    OK(sx_query_describe(q, &d, ERR));
    ck_assert_str_eq(d.data, "Query((new PHRASE 2 quality))");
    sx_query_free(q);
    buf_free(&d);
    sx_db_close(db);
}
END_TEST

START_TEST(t_replace_delete_find)
{
    sx_db *db = make_corpus();
    sx_docid id, id2;
    uint64_t n;
    struct buf v = BUF_INIT;

    OK(sx_db_find_term(db, "Qa", 2, &id, ERR));
    ck_assert_uint_eq(id, 1);
    OK(sx_db_document_value(db, id, 1, &v, ERR));
    ck_assert_str_eq(v.data, "20240417");
    /* Replacing keeps one document per unique term. */
    put(db, "a", "replacement text", NULL);
    OK(sx_db_commit(db, ERR));
    OK(sx_db_doccount(db, &n, ERR));
    ck_assert_uint_eq(n, 4);
    OK(sx_db_find_term(db, "Qa", 2, &id2, ERR));
    ck_assert_uint_eq(id2, id);
    ASSERT_IDS(db, term("replacement"), "a");
    ASSERT_IDS(db, combine2(SX_OP_PHRASE, term("new"), term("quality"), 0),
               "");
    OK(sx_db_set_document_value(db, id, 1, "19991231", 8, ERR));
    OK(sx_db_commit(db, ERR));
    OK(sx_db_document_value(db, id, 1, &v, ERR));
    ck_assert_str_eq(v.data, "19991231");
    ASSERT_IDS(db, term("replacement"), "a"); /* terms kept */
    OK(sx_db_delete_document(db, "Qb", 2, ERR));
    OK(sx_db_commit(db, ERR));
    OK(sx_db_doccount(db, &n, ERR));
    ck_assert_uint_eq(n, 3);
    OK(sx_db_find_term(db, "Qb", 2, &id, ERR));
    ck_assert_uint_eq(id, 0);
    ASSERT_IDS(db, term("forces"), "");
    buf_free(&v);
    sx_db_close(db);
}
END_TEST

/* The term count the indexer's limits read, and data given in spans. */
START_TEST(t_doc_term_count_and_data_spans)
{
    sx_db *db;
    sx_doc *doc;
    sx_docid id;
    struct sx_error e;
    struct buf v = BUF_INIT;
    struct sx_span sp[3] = { { "sousuo", 6 }, { NULL, 0 }, { "/1,", 3 } };

    OK(sx_doc_new(&doc, ERR));
    ck_assert_uint_eq(sx_doc_term_count(doc), 0);
    OK(sx_doc_add_posting(doc, "a", 1, 1, 1, ERR));
    OK(sx_doc_add_posting(doc, "a", 1, 2, 1, ERR));
    ck_assert_uint_eq(sx_doc_term_count(doc), 1); /* distinct terms */
    OK(sx_doc_add_term(doc, "Za", 2, 1, ERR));
    OK(sx_doc_add_boolean_term(doc, "Qx", 2, ERR));
    ck_assert_uint_eq(sx_doc_term_count(doc), 3);
    ck_assert_uint_eq(sx_doc_term_count(NULL), 0);
    OK(sx_doc_set_data_spans(doc, sp, 3, ERR));
    sp[1].n = 1; /* a length without bytes */
    ck_assert_int_eq(sx_doc_set_data_spans(doc, sp, 3, &e), SOUSUO_INVAL);
    OK(sx_db_open_writable(dbpath, SX_CREATE_OR_OPEN, &db, ERR));
    OK(sx_db_add_document(db, doc, &id, ERR));
    OK(sx_db_commit(db, ERR));
    OK(sx_db_document_data(db, id, &v, ERR));
    ck_assert_uint_eq(v.len, 9);
    ck_assert_int_eq(memcmp(v.data, "sousuo/1,", 9), 0);
    buf_free(&v);
    sx_doc_free(doc);
    sx_db_close(db);
}
END_TEST

/* Data over sx_doc_data_max() is refused before Xapian sees it, so the
 * changes not committed yet stay: Xapian, failing on such a document
 * (glass: "Can't handle insanely large tags"), would drop them all. */
START_TEST(t_doc_data_limit)
{
    sx_db *db = make_corpus();
    sx_doc *doc;
    struct sx_error e;
    uint64_t n;
    char big[100];

    ck_assert_uint_eq(sx_doc_data_max(), SX_DOC_DATA_MAX);
    put(db, "e", "pending document", NULL); /* not committed */
    sx_set_doc_data_max(50);
    ck_assert_uint_eq(sx_doc_data_max(), 50);
    doc = make_doc("f", "too big", NULL);
    memset(big, 'x', sizeof big);
    OK(sx_doc_set_data(doc, big, sizeof big, ERR));
    ck_assert_int_eq(sx_db_replace_document(db, "Qf", 2, doc, NULL, &e),
                     SOUSUO_INVAL);
    ck_assert_msg(strstr(e.msg, "(100 bytes) is over the limit of 50 bytes"),
                  "%s", e.msg);
    ck_assert_int_eq(sx_db_add_document(db, doc, NULL, &e), SOUSUO_INVAL);
    OK(sx_doc_set_data(doc, big, 50, ERR)); /* at the limit: taken */
    OK(sx_db_replace_document(db, "Qf", 2, doc, NULL, ERR));
    sx_set_doc_data_max(0);
    ck_assert_uint_eq(sx_doc_data_max(), SX_DOC_DATA_MAX);
    OK(sx_db_commit(db, ERR));
    OK(sx_db_doccount(db, &n, ERR));
    ck_assert_uint_eq(n, 6); /* the corpus's 4, e and f */
    sx_doc_free(doc);
    sx_db_close(db);
}
END_TEST

START_TEST(t_transactions)
{
    sx_db *db = make_corpus();
    uint64_t n;

    OK(sx_db_begin_transaction(db, 1, ERR));
    put(db, "e", "cancelled document", NULL);
    OK(sx_db_cancel_transaction(db, ERR));
    ASSERT_IDS(db, term("cancelled"), "");
    OK(sx_db_begin_transaction(db, 1, ERR));
    put(db, "f", "committed document", NULL);
    OK(sx_db_commit_transaction(db, ERR));
    ASSERT_IDS(db, term("committed"), "f");
    OK(sx_db_doccount(db, &n, ERR));
    ck_assert_uint_eq(n, 5);
    sx_db_close(db);
}
END_TEST

START_TEST(t_reader_reopen_sees_new_revision)
{
    sx_db *w = make_corpus(), *r;
    uint64_t n, rev1, rev2;
    int changed = -1;

    OK(sx_db_open(dbpath, &r, ERR));
    OK(sx_db_revision(r, &rev1, ERR));
    put(w, "e", "late arrival", NULL);
    OK(sx_db_commit(w, ERR));
    OK(sx_db_doccount(r, &n, ERR));
    ck_assert_uint_eq(n, 4); /* a reader keeps its snapshot */
    OK(sx_db_reopen(r, &changed, ERR));
    ck_assert_int_eq(changed, 1);
    OK(sx_db_doccount(r, &n, ERR));
    ck_assert_uint_eq(n, 5);
    OK(sx_db_revision(r, &rev2, ERR));
    ck_assert_uint_gt(rev2, rev1);
    OK(sx_db_reopen(r, &changed, ERR));
    ck_assert_int_eq(changed, 0);
    sx_db_close(r);
    sx_db_close(w);
}
END_TEST

START_TEST(t_second_writer_is_locked)
{
    sx_db *w = make_corpus(), *w2 = (sx_db *)1;
    struct sx_error e;

    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_CREATE_OR_OPEN, &w2, &e),
                     SOUSUO_LOCKED);
    ck_assert_ptr_null(w2);
    ck_assert_int_eq(e.code, SOUSUO_LOCKED);
    ck_assert_msg(strstr(e.msg, "lock") != NULL, "message: %s", e.msg);
    sx_db_close(w);
    /* Once the first writer is gone, the lock is free. */
    OK(sx_db_open_writable(dbpath, SX_OPEN, &w2, ERR));
    sx_db_close(w2);
}
END_TEST

START_TEST(t_open_missing_and_corrupt)
{
    sx_db *db = (sx_db *)1;
    struct sx_error e;
    char *sub;

    ck_assert_int_eq(sx_db_open(dbpath, &db, &e), SOUSUO_NOINDEX);
    ck_assert_ptr_null(db);
    ck_assert_str_ne(e.msg, "");
    ck_assert_int_eq(sx_db_open_writable(dbpath, SX_OPEN, &db, &e),
                     SOUSUO_NOINDEX);

    /* A plain file where a database should be. */
    ck_assert_int_eq(tu_write_file(tmp, "db", "not a database\n", 15), 0);
    ck_assert_int_eq(sx_db_open(dbpath, &db, &e), SOUSUO_CORRUPT);
    ck_assert_ptr_null(db);

    /* A glass directory whose version file is garbage. */
    sub = tu_path(tmp, "glass");
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    ck_assert_int_eq(tu_write_file(sub, "iamglass", "garbage bytes", 13), 0);
    ck_assert_int_eq(sx_db_open(sub, &db, &e), SOUSUO_CORRUPT);
    ck_assert_ptr_null(db);
    free(sub);
}
END_TEST

static int
have_progsrv(void)
{
    return system("command -v xapian-progsrv >/dev/null 2>&1") == 0;
}

/* Each shard has its own metadata; a read through the stub answers from
 * the first alone.  A stub line "auto STUB" stands for STUB's shards. */
START_TEST(t_stub_shards_metadata)
{
    char *s1 = tu_path(tmp, "s1"), *s2 = tu_path(tmp, "s2");
    char *in = tu_path(tmp, "in"), *stub = tu_path(tmp, "all.stub");
    struct buf v = BUF_INIT;
    const char *text;
    sx_db *w, *db;
    uint64_t n;

    OK(sx_db_open_writable(s1, SX_CREATE, &w, ERR));
    put(w, "x", "one", NULL);
    OK(sx_db_set_metadata(w, "k", "first", 5, ERR));
    OK(sx_db_commit(w, ERR));
    sx_db_close(w);
    OK(sx_db_open_writable(s2, SX_CREATE, &w, ERR));
    put(w, "y", "two", NULL);
    put(w, "z", "three", NULL);
    OK(sx_db_set_metadata(w, "k", "second", 6, ERR));
    OK(sx_db_commit(w, ERR));
    sx_db_close(w);
    ck_assert_int_eq(mkdir(in, 0777), 0);
    text = "# nested\n\nglass ../s2\n";
    ck_assert_int_eq(tu_write_file(in, "XAPIANDB", text, strlen(text)), 0);
    text = "auto s1\nauto in\n";
    ck_assert_int_eq(tu_write_file(tmp, "all.stub", text, strlen(text)), 0);

    OK(sx_db_open(stub, &db, ERR));
    OK(sx_db_get_metadata(db, "k", &v, ERR));
    ck_assert_str_eq(v.data, "first");
    ck_assert_uint_eq(sx_db_shard_count(db), 2);
    OK(sx_db_shard_metadata(db, 1, "k", &v, ERR));
    ck_assert_str_eq(v.data, "second");
    OK(sx_db_shard_doccount(db, 1, &n, ERR));
    ck_assert_uint_eq(n, 2);
    OK(sx_db_shard_doccount(db, 0, &n, ERR));
    ck_assert_uint_eq(n, 1);
    buf_reset(&v);
    buf_addf(&v, "%s/in/../s2", tmp);
    ck_assert_str_eq(sx_db_shard_name(db, 1), v.data);
    ck_assert_int_eq(sx_db_shard_metadata(db, 2, "k", &v, NULL), SOUSUO_INVAL);
    ck_assert_int_eq(sx_db_local(db), 1);
    OK(sx_db_doccount(db, &n, ERR));
    ck_assert_uint_eq(n, 3);
    sx_db_close(db);

    /* A plain database is its one shard. */
    OK(sx_db_open(s2, &db, ERR));
    ck_assert_uint_eq(sx_db_shard_count(db), 1);
    OK(sx_db_shard_metadata(db, 0, "k", &v, ERR));
    ck_assert_str_eq(v.data, "second");
    ck_assert_str_eq(sx_db_shard_name(db, 0), s2);
    sx_db_close(db);

    /* A stub that lists itself is refused, not followed forever. */
    text = "auto .\n";
    ck_assert_int_eq(tu_write_file(in, "XAPIANDB", text, strlen(text)), 0);
    ck_assert_int_eq(sx_db_open(stub, &db, NULL), SOUSUO_CORRUPT);
    ck_assert_ptr_null(db);

    /* A "remote" line is not local (xapian-progsrv: a remote shard
     * without a network). */
    if (have_progsrv()) {
        buf_reset(&v);
        buf_addf(&v, "auto s1\nremote :xapian-progsrv %s\n", s2);
        ck_assert_int_eq(tu_write_file(tmp, "all.stub", v.data, v.len), 0);
        OK(sx_db_open(stub, &db, ERR));
        ck_assert_int_eq(sx_db_local(db), 0);
        ck_assert_uint_eq(sx_db_shard_count(db), 2);
        buf_reset(&v);
        buf_addf(&v, "remote :xapian-progsrv %s", s2);
        ck_assert_str_eq(sx_db_shard_name(db, 1), v.data);
        OK(sx_db_shard_metadata(db, 1, "k", &v, ERR));
        ck_assert_str_eq(v.data, "second");
        OK(sx_db_doccount(db, &n, ERR));
        ck_assert_uint_eq(n, 3);
        sx_db_close(db);
    }
    buf_free(&v);
    free(s1);
    free(s2);
    free(in);
    free(stub);
}
END_TEST

START_TEST(t_stub_database_of_shards)
{
    char *s1 = tu_path(tmp, "s1"), *s2 = tu_path(tmp, "s2");
    char *stub = tu_path(tmp, "all.stub"), *sh = tu_path(tmp, "sh");
    sx_db *w, *db, *one, *two;
    uint64_t n;

    OK(sx_db_open_writable(s1, SX_CREATE, &w, ERR));
    put(w, "x", "shard one text", NULL);
    OK(sx_db_commit(w, ERR));
    sx_db_close(w);
    OK(sx_db_open_writable(s2, SX_CREATE, &w, ERR));
    put(w, "y", "shard two text", NULL);
    put(w, "z", "shard two more text", NULL);
    OK(sx_db_commit(w, ERR));
    sx_db_close(w);
    ck_assert_int_eq(tu_write_file(tmp, "all.stub", "auto s1\nauto s2\n", 16),
                     0);

    /* Its lines say where the shards are: these are local. */
    OK(sx_db_open(stub, &db, ERR));
    ck_assert_int_eq(sx_db_local(db), 1);
    ck_assert_uint_eq(sx_db_shard_count(db), 2);
    ck_assert_str_eq(sx_db_shard_name(db, 1), s2);
    ck_assert_str_eq(sx_db_shard_name(db, 2), "");
    sx_db_close(db);
    ck_assert_int_eq(mkdir(sh, 0777), 0); /* a folder with a XAPIANDB */
    ck_assert_int_eq(tu_write_file(sh, "XAPIANDB", "auto ../s1\n", 11), 0);
    OK(sx_db_open(sh, &db, ERR));
    ck_assert_int_eq(sx_db_local(db), 1);
    ck_assert_uint_eq(sx_db_shard_count(db), 1);
    sx_db_close(db);
    OK(sx_db_open(stub, &db, ERR));
    OK(sx_db_doccount(db, &n, ERR));
    ck_assert_uint_eq(n, 3);
    ASSERT_IDS(db, term("two"), "y z");
    ASSERT_IDS(db, term("text"), "x y z");
    sx_db_close(db);

    /* The same by adding shards by hand. */
    OK(sx_db_open(s1, &one, ERR));
    OK(sx_db_open(s2, &two, ERR));
    ck_assert_int_eq(sx_db_local(one), 1);
    OK(sx_db_add_shard(one, two, ERR));
    ck_assert_int_eq(sx_db_local(one), 1);
    OK(sx_db_doccount(one, &n, ERR));
    ck_assert_uint_eq(n, 3);
    sx_db_close(two);
    ASSERT_IDS(one, term("one"), "x");
    sx_db_close(one);
    free(s1);
    free(s2);
    free(stub);
    free(sh);
}
END_TEST

static int
collect_term(void *ctx, const char *t, size_t len, uint64_t freq)
{
    (void)freq;
    buf_add(ctx, t, len);
    buf_addch(ctx, ' ');
    return 0;
}

static int
stop_after_two(void *ctx, const char *t, size_t len, uint64_t freq)
{
    (void)t;
    (void)len;
    (void)freq;
    return ++*(int *)ctx == 2;
}

START_TEST(t_allterms_and_metadata)
{
    sx_db *db = make_corpus();
    struct buf got = BUF_INIT;
    int count = 0;

    OK(sx_db_allterms(db, "Q", 1, collect_term, &got, ERR));
    ck_assert_str_eq(got.data, "Qa Qb Qc Qd ");
    OK(sx_db_allterms(db, "", 0, stop_after_two, &count, ERR));
    ck_assert_int_eq(count, 2);
    OK(sx_db_set_metadata(db, "tokenizer", "tok/1", 5, ERR));
    OK(sx_db_commit(db, ERR));
    OK(sx_db_get_metadata(db, "tokenizer", &got, ERR));
    ck_assert_str_eq(got.data, "tok/1");
    OK(sx_db_get_metadata(db, "unset", &got, ERR));
    ck_assert_str_eq(got.data, "");
    buf_free(&got);
    sx_db_close(db);
}
END_TEST

START_TEST(t_spelling)
{
    sx_db *db = make_corpus();
    struct buf s = BUF_INIT;

    OK(sx_db_add_spelling(db, "productive", 10, 3, ERR));
    OK(sx_db_add_spelling(db, "production", 10, 1, ERR));
    OK(sx_db_commit(db, ERR));
    OK(sx_db_spelling_suggestion(db, "prodcutive", 10, 2, &s, ERR));
    ck_assert_str_eq(s.data, "productive");
    OK(sx_db_spelling_suggestion(db, "zzzzzzzz", 8, 2, &s, ERR));
    ck_assert_str_eq(s.data, "");
    buf_free(&s);
    sx_db_close(db);
}
END_TEST

START_TEST(t_stemmer)
{
    sx_stemmer *s;
    struct buf out = BUF_INIT;
    struct sx_error e;

    OK(sx_stemmer_new("english", &s, ERR));
    OK(sx_stem(s, "forces", 6, &out, ERR));
    ck_assert_str_eq(out.data, "forc");
    OK(sx_stem(s, "productive", 10, &out, ERR));
    ck_assert_str_eq(out.data, "product");
    sx_stemmer_free(s);
    OK(sx_stemmer_new("none", &s, ERR));
    OK(sx_stem(s, "forces", 6, &out, ERR));
    ck_assert_str_eq(out.data, "forces");
    sx_stemmer_free(s);
    s = (sx_stemmer *)1;
    ck_assert_int_eq(sx_stemmer_new("klingon", &s, &e), SOUSUO_INVAL);
    ck_assert_ptr_null(s);
    ck_assert_msg(strstr(e.msg, "klingon") != NULL, "message: %s", e.msg);
    buf_free(&out);
}
END_TEST

START_TEST(t_misuse_is_an_error_not_a_crash)
{
    sx_db *db = make_corpus(), *r;
    sx_doc *doc;
    sx_query *q = (sx_query *)1;
    struct sx_error e;
    char longterm[300];

    OK(sx_db_open(dbpath, &r, ERR));
    ck_assert_int_eq(sx_db_commit(r, &e), SOUSUO_INVAL);
    ck_assert_int_eq(sx_db_delete_document(r, "Qa", 2, &e), SOUSUO_INVAL);
    ck_assert_int_eq(sx_db_add_shard(db, r, &e), SOUSUO_INVAL);
    ck_assert_int_eq(sx_db_commit(NULL, NULL), SOUSUO_INVAL);
    ck_assert_int_eq(sx_query_term("", 0, 1, 0, &q, &e), SOUSUO_INVAL);
    ck_assert_ptr_null(q);
    memset(longterm, 'x', sizeof longterm);
    OK(sx_doc_new(&doc, ERR));
    ck_assert_int_eq(sx_doc_add_posting(doc, longterm, 246, 1, 1, &e),
                     SOUSUO_INVAL);
    OK(sx_doc_add_posting(doc, longterm, SX_MAX_TERM, 1, 1, ERR));
    OK(sx_db_add_document(db, doc, NULL, ERR));
    OK(sx_db_commit(db, ERR)); /* a 245-byte term is accepted by Xapian */
    sx_doc_free(doc);
    /* Every free accepts NULL. */
    sx_db_close(NULL);
    sx_doc_free(NULL);
    sx_query_free(NULL);
    sx_enquire_free(NULL);
    sx_mset_free(NULL);
    sx_stemmer_free(NULL);
    ck_assert_uint_eq(sx_mset_size(NULL), 0);
    sx_db_close(r);
    sx_db_close(db);
}
END_TEST

START_TEST(t_version)
{
    ck_assert_msg(strncmp(sx_xapian_version(), "1.4.", 4) == 0, "%s",
                  sx_xapian_version());
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("xapian-shim");
    TCase *tc = tcase_create("db");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, t_create_count_stats);
    tcase_add_test(tc, t_bm25_ranks_by_frequency);
    tcase_add_test(tc, t_bm25_parameters_change_weights);
    tcase_add_test(tc, t_phrase_and_window);
    tcase_add_test(tc, t_matching_terms);
    tcase_add_test(tc, t_filter_value_range_wildcard_scale);
    tcase_add_test(tc, t_mset_values);
    tcase_add_test(tc, t_match_all_nothing_describe);
    tcase_add_test(tc, t_replace_delete_find);
    tcase_add_test(tc, t_doc_term_count_and_data_spans);
    tcase_add_test(tc, t_doc_data_limit);
    tcase_add_test(tc, t_transactions);
    tcase_add_test(tc, t_reader_reopen_sees_new_revision);
    tcase_add_test(tc, t_second_writer_is_locked);
    tcase_add_test(tc, t_open_missing_and_corrupt);
    tcase_add_test(tc, t_stub_database_of_shards);
    tcase_add_test(tc, t_stub_shards_metadata);
    tcase_add_test(tc, t_allterms_and_metadata);
    tcase_add_test(tc, t_spelling);
    tcase_add_test(tc, t_stemmer);
    tcase_add_test(tc, t_misuse_is_an_error_not_a_crash);
    tcase_add_test(tc, t_version);
    suite_add_tcase(s, tc);
    return tu_run(s);
}
