/* dbtool - what the CLI tests need to poke at an index directly:
 *   dbtool lock DB            hold the write lock until stdin closes
 *   dbtool set-meta DB K V    set a metadata value ("": delete it)
 *   dbtool meta DB K          print a metadata value ("" if none)
 *   (lock, set-meta and meta: of the first database a stub folder lists)
 *   dbtool dump [-a] DB       every document: id term, its terms, values'
 *                             and data's hashes, sorted (index equality);
 *                             -a: the stat value (slot 0) too, for two
 *                             indexes of the same files (not copies),
 *                             without its " racy" mark
 *   dbtool revision DB        the committed revision number
 *   dbtool value DB TERM SLOT the value in SLOT of the document TERM
 *                             indexes (nothing if none)
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"
#include "schema.h"
#include "xapian-shim.h"

static int
die(const char *what, const struct sx_error *e)
{
    fprintf(stderr, "dbtool: %s: %s\n", what, e->msg);
    return 2;
}

struct dump {
    sx_db *db;
    struct buf val;
    struct sx_error err;
    int failed;
    int stat; /* -a: slot 0 too */
};

static int
dump_doc(void *ctx, const char *term, size_t len, uint64_t freq)
{
    struct dump *d = ctx;
    sx_docid id = 0;
    uint64_t h;
    unsigned slot;

    (void)freq;
    if (sx_db_find_term(d->db, term, len, &id, &d->err) != SOUSUO_OK ||
        sx_db_document_data(d->db, id, &d->val, &d->err) != SOUSUO_OK)
        return d->failed = 1;
    h = fnv1a64(FNV64_INIT, d->val.data, d->val.len);
    printf("%.*s data=%016" PRIx64, (int)len, term, h);
    for (slot = 0; slot <= SLOT_COLMAP; slot++) {
        if (slot == SLOT_STAT && !d->stat)
            continue; /* mtimes differ between two builds of copies */
        if (sx_db_document_value(d->db, id, slot, &d->val, &d->err) != SOUSUO_OK)
            return d->failed = 1;
        if (slot == SLOT_STAT) { /* as is: size, mtime, inode tell more */
            /* ...but not the racy mark, which says when a build ran */
            size_t n = d->val.len;

            if (n > 5 && memcmp(d->val.data + n - 5, " racy", 5) == 0)
                n -= 5;
            printf(" v0=%.*s", (int)n, d->val.data);
            continue;
        }
        printf(" v%u=%016" PRIx64, slot,
               fnv1a64(FNV64_INIT, d->val.data, d->val.len));
    }
    putchar('\n');
    return 0;
}

static int
print_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
    (void)ctx;
    printf("term %.*s %" PRIu64 "\n", (int)len, term, freq);
    return 0;
}

/* The database to lock in an index folder: the first one its stub lists
 * (what a build from scratch leaves), else the folder itself.  Creating a
 * database in a stub folder would hide the stub's. */
static const char *
stub_db(const char *dir, struct buf *b)
{
    char line[256], name[200];
    FILE *f;

    buf_reset(b);
    buf_addf(b, "%s/iamglass", dir);
    if (access(b->data, F_OK) == 0)
        return dir;
    buf_reset(b);
    buf_addf(b, "%s/XAPIANDB", dir);
    if (!(f = fopen(b->data, "r")))
        return dir;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "glass %199s", name) == 1) {
            fclose(f);
            buf_reset(b);
            buf_addf(b, "%s/%s", dir, name);
            return b->data;
        }
    fclose(f);
    return dir;
}

int
main(int argc, char **argv)
{
    struct buf b = BUF_INIT;
    struct sx_error e;
    sx_db *db;
    uint64_t n;

    if (argc == 3 && strcmp(argv[1], "lock") == 0) {
        const char *path = stub_db(argv[2], &b);

        if (sx_db_open_writable(path, SX_CREATE_OR_OPEN, &db, &e))
            return die(path, &e);
        puts("locked");
        fflush(stdout);
        while (getchar() != EOF)
            ;
        sx_db_close(db);
        buf_free(&b);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "set-meta") == 0) {
        const char *path = stub_db(argv[2], &b);

        if (sx_db_open_writable(path, SX_OPEN, &db, &e) ||
            sx_db_set_metadata(db, argv[3], argv[4], strlen(argv[4]), &e) ||
            sx_db_commit(db, &e))
            return die(path, &e);
        sx_db_close(db);
        buf_free(&b);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "meta") == 0) {
        const char *path = stub_db(argv[2], &b);
        struct buf v = BUF_INIT;

        if (sx_db_open(path, &db, &e) ||
            sx_db_get_metadata(db, argv[3], &v, &e))
            return die(path, &e);
        printf("%s\n", v.data);
        sx_db_close(db);
        buf_free(&v);
        buf_free(&b);
        return 0;
    }
    if ((argc == 3 || (argc == 4 && strcmp(argv[2], "-a") == 0)) &&
        strcmp(argv[1], "dump") == 0) {
        const char *path = argv[argc - 1];
        struct dump d;

        memset(&d, 0, sizeof d);
        buf_init(&d.val);
        d.stat = argc == 4;
        if (sx_db_open(path, &db, &e) || sx_db_doccount(db, &n, &e))
            return die(path, &e);
        d.db = db;
        printf("documents %" PRIu64 "\n", n);
        if (sx_db_allterms(db, PFX_ID, 1, dump_doc, &d, &e) || d.failed ||
            sx_db_allterms(db, "", 0, print_term, NULL, &e))
            return die(path, d.failed ? &d.err : &e);
        buf_free(&d.val);
        sx_db_close(db);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "revision") == 0) {
        if (sx_db_open(argv[2], &db, &e) || sx_db_revision(db, &n, &e))
            return die(argv[2], &e);
        printf("%" PRIu64 "\n", n);
        sx_db_close(db);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "value") == 0) {
        sx_docid id = 0;

        if (sx_db_open(argv[2], &db, &e) ||
            sx_db_find_term(db, argv[3], strlen(argv[3]), &id, &e) ||
            (id && sx_db_document_value(db, id, (unsigned)atoi(argv[4]), &b,
                                        &e)))
            return die(argv[2], &e);
        if (id)
            printf("%s\n", b.data);
        sx_db_close(db);
        buf_free(&b);
        return 0;
    }
    /* To make a value as an older sousuo-index wrote it. */
    if (argc == 6 && strcmp(argv[1], "set-value") == 0) {
        const char *path = stub_db(argv[2], &b);
        sx_docid id = 0;

        if (sx_db_open_writable(path, SX_OPEN, &db, &e) ||
            sx_db_find_term(db, argv[3], strlen(argv[3]), &id, &e) ||
            (id && sx_db_set_document_value(db, id, (unsigned)atoi(argv[4]),
                                             argv[5], strlen(argv[5]), &e)) ||
            sx_db_commit(db, &e))
            return die(path, &e);
        sx_db_close(db);
        buf_free(&b);
        return id ? 0 : 1;
    }
    fputs("usage: dbtool lock DB | set-meta DB KEY VALUE | meta DB KEY | "
          "dump [-a] DB | "
          "revision DB | value DB TERM SLOT | "
          "set-value DB TERM SLOT VALUE\n", stderr);
    return 2;
}
