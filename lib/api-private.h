/* api-private.h - the public handles' insides, shared by the files of
 * the public API (api.c, complete.c).  Not installed. */
#ifndef SOUSUO_API_PRIVATE_H
#define SOUSUO_API_PRIVATE_H

#include "buf.h"
#include "sousuo.h"
#include "tokenize.h"
#include "xapian-shim.h"

struct sousuo_index {
    sx_db *db;
    char *path;
    char *root;
    struct tokenizer *tz; /* the index's own: same stemming language */
    struct buf errmsg;    /* the last failure, "" if none */
    struct buf updated;   /* metadata sousuo.updated at the last read */
    struct sx_error err;
    sx_shards *shards;    /* SOUSUO_OPEN_ALLOW_PARTIAL: the stub's shards */
};

/* A call on ix writes its failure's message into a fresh errmsg
 * (call_begin); call_end keeps it if the call failed, else puts the
 * last failure's message back: sousuo_index_errmsg() is the last
 * failure's until another call fails.  A failure that wrote no message
 * gets its status's text.  Returns st. */
void api_call_begin(sousuo_index_t *ix, struct buf *last);
sousuo_status_t api_call_end(sousuo_index_t *ix, struct buf *last,
                             sousuo_status_t st);

#endif
