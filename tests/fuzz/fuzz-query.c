/* fuzz-query.c - the query parser and the Xapian query built from its
 * tree (lib/query.h, lib/query-build.c) on any bytes.
 *
 * query.h: malformed input never fails; the only error is a query with
 * nothing searchable, which comes with a message and no tree.  A tree
 * that parsed must build, render and describe. */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "encoding.h"
#include "fuzz.h"
#include "query.h"
#include "xapian-shim.h"

static struct tokenizer *tz;

/* Depth of the tree, checking each node's fields on the way. */
static size_t
walk(const struct qnode *n)
{
    size_t i, d = 0;

    FUZZ_CHECK(n);
    switch (n->kind) {
    case Q_TEXT:
    case Q_PHRASE:
    case Q_PREFIX:
        FUZZ_CHECK(n->text);
        break;
    case Q_FIELD:
        FUZZ_CHECK(n->field);
        break;
    case Q_DATE:
        FUZZ_CHECK(n->lo && n->hi);
        break;
    case Q_NOT:
        FUZZ_CHECK(n->nkids >= 1);
        break;
    default:
        break;
    }
    for (i = 0; i < n->nkids; i++) {
        size_t k = walk(n->kids[i]);
        if (k > d)
            d = k;
    }
    return d + 1;
}

static void
unit(void *ctx, const struct qunit *u)
{
    size_t i;

    ++*(size_t *)ctx;
    for (i = 0; i < u->n; i++)
        FUZZ_CHECK(u->terms[i] && u->lens[i] > 0 &&
                   enc_is_utf8(u->terms[i], u->lens[i]));
    FUZZ_CHECK(!u->stem || u->stem_len > 0);
}

static void
free_all(void)
{
    tokenizer_free(tz);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (tokenizer_new("english", &tz, NULL) != SOUSUO_OK)
        abort();
    atexit(free_all);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct qnode *tree = NULL;
    char *errmsg = NULL;
    int truncated = 0;
    struct query_opts qo;
    struct sx_error err;
    sx_query *q = NULL;
    struct buf dump = BUF_INIT, desc = BUF_INIT;
    size_t units = 0;
    sousuo_status_t st;

    st = query_parse(tz, (const char *)data, size, &tree, &truncated, &errmsg);
    if (st == SOUSUO_QUERY) {
        FUZZ_CHECK(!tree && errmsg && *errmsg);
        free(errmsg);
        return 0;
    }
    FUZZ_CHECK(st == SOUSUO_OK && tree);
    /* Flattening keeps the nesting bounded, whatever the parentheses. */
    FUZZ_CHECK(walk(tree) <= 2 * QUERY_MAX_DEPTH + 4);
    query_dump(tree, &dump);
    FUZZ_CHECK(!dump.err && dump.len > 0);

    memset(&qo, 0, sizeof qo);
    qo.title_boost = 2.0;
    memset(&err, 0, sizeof err);
    st = query_build(tree, tz, &qo, &q, &err);
    if (st != SOUSUO_OK)
        fprintf(stderr, "query_build: %d %s\nquery: %s\n", (int)st, err.msg,
                dump.data);
    FUZZ_CHECK(st == SOUSUO_OK && q);
    FUZZ_CHECK(sx_query_describe(q, &desc, &err) == SOUSUO_OK);
    query_units(tree, tz, unit, &units);

    sx_query_free(q);
    buf_free(&dump);
    buf_free(&desc);
    query_free(tree);
    free(errmsg);
    return 0;
}
