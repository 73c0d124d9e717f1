/* modes.h - sousuo-search's many-query modes (--batch, --serve) and the
 * JSON builders they share with the --json printer (print-json.c). */
#ifndef SOUSUO_MODES_H
#define SOUSUO_MODES_H

#include <stdio.h>

#include <jansson.h>

#include "buf.h"
#include "print.h"
#include "sousuo.h"

/* format_version of --json lines (doc/json-output.md). */
#define JSON_FORMAT_VERSION 1

/* A JSON string of the n bytes at s; invalid UTF-8 becomes U+FFFD. */
json_t *jstr(const char *s, size_t n);
/* The --json object of hit i of r ("type": "hit"); NULL when out of
 * memory.  Caller owns the reference. */
json_t *json_hit_new(const struct print_ctx *c, const sousuo_results_t *r,
                     size_t i);
/* The --json "summary" object of r (c->query is the query). */
json_t *json_summary_new(const struct print_ctx *c,
                         const sousuo_results_t *r);
/* Write o as one compact line and drop the reference (NULL allowed: an
 * allocation failed).  Returns 0, or -1 when nothing was written. */
int json_emit(FILE *out, json_t *o);
/* As json_emit(), for the one-shot modes (--json, --batch --json): an
 * object that could not be made (o NULL, or not dumped) is an error
 * message and exit status 2, never a record left out without a word. */
void json_emit_or_die(FILE *out, json_t *o);

/* Read one line from f into b without its "\n" (and a "\r" before it).
 * At most max bytes are kept; *len gets the whole line's length, so a
 * line longer than max has *len > b->len and cost no more memory than
 * max.  Returns 1 for a line, 0 at the end of the input, -1 on a read
 * error (errno set) or when b ran out of memory (b->err). */
int read_line(FILE *f, struct buf *b, size_t max, size_t *len);

/* Milliseconds on a monotonic clock. */
double now_ms(void);

enum batch_format { BATCH_TSV, BATCH_JSON, BATCH_TREC };

struct batch_opts {
    const char *file;          /* a path, or "-" for stdin */
    enum batch_format format;
    const char *runtag;        /* --trec RUNTAG */
    int timings;               /* add each query's latency */
};

/* Run every query of bo->file against ix with so, writing to pc->out.
 * Returns the exit status: 2 when the input could not be read or any
 * query failed, else 0 when some query had hits, else 1. */
int batch_run(sousuo_index_t *ix, const struct batch_opts *bo,
              const sousuo_search_opts_t *so, const struct print_ctx *pc);

/* Most hits per "search" reply; also the most --serve --limit takes. */
#define SERVE_LIMIT_MAX 1000

struct serve_opts {
    const char *index_arg;     /* --index / $SOUSUO_INDEX, or NULL: find */
    const char *cwd;           /* paths are printed relative to it */
    sousuo_search_opts_t so;   /* defaults of "search" requests */
};

/* Answer JSON-lines requests from in on out until the end of in
 * (doc/protocol.md).  Returns 0, or 2 after a read or write error. */
int serve_run(const struct serve_opts *o, FILE *in, FILE *out);

#endif
