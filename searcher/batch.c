/* batch.c - sousuo-search --batch: many queries against one open index,
 * the results as TSV, JSON lines or a TREC run (doc/protocol.md). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hash.h"
#include "modes.h"

/* Longest query line read; a longer one gets an error record. */
#define BATCH_LINE_MAX (1024 * 1024)

int
read_line(FILE *f, struct buf *b, size_t max, size_t *len)
{
    size_t n = 0;
    int c, last = EOF;

    buf_reset(b);
    while ((c = getc_unlocked(f)) != EOF && c != '\n') {
        if (n++ < max)
            buf_addch(b, (char)c);
        last = c;
    }
    if (c == EOF) {
        if (ferror(f))
            return -1;
        if (n == 0)
            return 0;
    }
    if (b->err) {
        errno = ENOMEM;
        return -1;
    }
    /* The '\r' of a CRLF line end is not part of the line, nor of its
     * length: a line of max bytes fits whatever its line end. */
    if (last == '\r') {
        if (b->len == n)
            b->data[--b->len] = '\0';
        n--;
    }
    *len = n;
    return 1;
}

double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* One field of a TSV line: tab, newline, carriage return and backslash
 * are written as \t \n \r \\ (the PostgreSQL text format). */
static void
put_tsv(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\t': fputs("\\t", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\\': fputs("\\\\", out); break;
        default: fputc(*s, out);
        }
    }
}

/* A TREC field (the query id, the document id: the stored path), with
 * white space, control characters and '%' percent-encoded so that the
 * line keeps its six fields. */
static void
put_trec_field(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch <= ' ' || ch == '%' || ch == 0x7f)
            fprintf(out, "%%%02X", ch);
        else
            fputc(ch, out);
    }
}

/* The query ids seen so far, with their line numbers: a set to notice a
 * repeated id (open addressing, grown at half full). */
struct seen_ids {
    char **id;
    unsigned long *line;
    size_t cap, n;
};

/* The line where qid was first seen, or 0 after recording it as seen on
 * line lineno; (unsigned long)-1 when out of memory. */
static unsigned long
seen_check(struct seen_ids *s, const char *qid, unsigned long lineno)
{
    size_t i;

    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64, j;
        char **id = calloc(cap, sizeof *id);
        unsigned long *line = calloc(cap, sizeof *line);

        if (!id || !line) {
            free(id);
            free(line);
            return (unsigned long)-1;
        }
        for (j = 0; j < s->cap; j++) {
            if (!s->id[j])
                continue;
            i = fnv1a64(FNV64_INIT, s->id[j], strlen(s->id[j])) & (cap - 1);
            while (id[i])
                i = (i + 1) & (cap - 1);
            id[i] = s->id[j];
            line[i] = s->line[j];
        }
        free(s->id);
        free(s->line);
        s->id = id;
        s->line = line;
        s->cap = cap;
    }
    i = fnv1a64(FNV64_INIT, qid, strlen(qid)) & (s->cap - 1);
    for (; s->id[i]; i = (i + 1) & (s->cap - 1))
        if (strcmp(s->id[i], qid) == 0)
            return s->line[i];
    if (!(s->id[i] = strdup(qid)))
        return (unsigned long)-1;
    s->line[i] = lineno;
    s->n++;
    return 0;
}

static void
seen_free(struct seen_ids *s)
{
    size_t i;

    for (i = 0; i < s->cap; i++)
        free(s->id[i]);
    free(s->id);
    free(s->line);
}

struct query {
    const char *qid;
    const char *text;
    double ms;          /* latency, when timed */
};

static void
json_error(const struct print_ctx *pc, const struct batch_opts *bo,
           const struct query *q, const char *code, const char *msg)
{
    json_t *o = json_pack("{s:i, s:s, s:o, s:o, s:{s:s, s:o}}",
                          "format_version", JSON_FORMAT_VERSION,
                          "type", "error",
                          "qid", jstr(q->qid, strlen(q->qid)),
                          "query", jstr(q->text, strlen(q->text)),
                          "error", "code", code,
                          "message", jstr(msg, strlen(msg)));

    if (o && bo->timings)
        json_object_set_new(o, "ms", json_real(q->ms));
    json_emit_or_die(pc->out, o);
}

/* A failed query: a record in the output (none in a TREC run, which has
 * no such thing) and a message on stderr. */
static void
query_failed(const struct print_ctx *pc, const struct batch_opts *bo,
             const struct query *q, const char *code, const char *msg)
{
    const char *p;

    fprintf(stderr, "sousuo-search: query %s: %s\n", q->qid, msg);
    switch (bo->format) {
    case BATCH_TSV:
        put_tsv(pc->out, q->qid);
        fprintf(pc->out, "\terror\t%s\t", code);
        for (p = msg; *p; p++)
            fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p,
                  pc->out);
        if (bo->timings)
            fprintf(pc->out, "\t%.3f", q->ms);
        fputc('\n', pc->out);
        break;
    case BATCH_JSON:
        json_error(pc, bo, q, code, msg);
        break;
    case BATCH_TREC:
        break;
    }
}

/* The --json object of a hit or summary with "qid" (and "ms") added
 * after "type". */
static void
json_with_qid(const struct print_ctx *pc, const struct batch_opts *bo,
              const struct query *q, json_t *rec)
{
    json_t *o = json_pack("{s:i, s:s, s:o}", "format_version",
                          JSON_FORMAT_VERSION, "type", "",
                          "qid", jstr(q->qid, strlen(q->qid)));

    if (o && (!rec || json_object_update(o, rec) != 0)) {
        json_decref(o);
        o = NULL;
    }
    json_decref(rec);
    if (o && bo->timings)
        json_object_set_new(o, "ms", json_real(q->ms));
    json_emit_or_die(pc->out, o);
}

static void
put_results(const struct print_ctx *pc, const struct batch_opts *bo,
            const struct query *q, const sousuo_results_t *r)
{
    size_t i, n = sousuo_results_count(r);

    for (i = 0; i < n; i++) {
        switch (bo->format) {
        case BATCH_TSV: {
            char *path = print_path(pc, sousuo_results_path(r, i));

            put_tsv(pc->out, q->qid);
            fprintf(pc->out, "\t%u\t%.6f\t", sousuo_results_rank(r, i),
                    sousuo_results_score(r, i));
            put_tsv(pc->out, path ? path : "?");
            if (bo->timings)
                fprintf(pc->out, "\t%.3f", q->ms);
            fputc('\n', pc->out);
            free(path);
            break;
        }
        case BATCH_TREC:
            put_trec_field(pc->out, q->qid);
            fputs(" Q0 ", pc->out);
            put_trec_field(pc->out, sousuo_results_path(r, i));
            fprintf(pc->out, " %u %.6f %s", sousuo_results_rank(r, i),
                    sousuo_results_score(r, i), bo->runtag);
            if (bo->timings)
                fprintf(pc->out, " %.3f", q->ms);
            fputc('\n', pc->out);
            break;
        case BATCH_JSON:
            json_with_qid(pc, bo, q, json_hit_new(pc, r, i));
            break;
        }
    }
    if (bo->format == BATCH_JSON)
        json_with_qid(pc, bo, q, json_summary_new(pc, r));
}

/* A UTF-8 byte order mark that an editor or a Windows tool put at the
 * start of the file is not part of the first query (nor of its id).  The
 * line was read with up to max + 3 bytes; what is left is cut to max, so
 * that *len > b->len still means "too long". */
static void
drop_bom(struct buf *b, size_t *len, size_t max)
{
    if (b->len >= 3 && memcmp(b->data, "\xef\xbb\xbf", 3) == 0) {
        memmove(b->data, b->data + 3, b->len - 3 + 1);
        b->len -= 3;
        *len -= 3;
    }
    if (b->len > max) {
        b->len = max;
        b->data[max] = '\0';
    }
}

int
batch_run(sousuo_index_t *ix, const struct batch_opts *bo,
          const sousuo_search_opts_t *so, const struct print_ctx *pc0)
{
    struct print_ctx pc = *pc0;
    struct buf line = BUF_INIT, qid = BUF_INIT;
    FILE *in = stdin;
    struct seen_ids seen = { NULL, NULL, 0, 0 };
    unsigned long nq = 0, lineno = 0, first;
    int failed = 0, hits = 0, got;
    size_t len;

    if (strcmp(bo->file, "-") != 0 && !(in = fopen(bo->file, "r"))) {
        fprintf(stderr, "sousuo-search: cannot read '%s': %s\n", bo->file,
                strerror(errno));
        return 2;
    }
    /* The first line is read 3 bytes longer, for a byte order mark. */
    while ((got = read_line(in, &line, BATCH_LINE_MAX + (lineno ? 0 : 3),
                            &len)) == 1) {
        const char *p = line.data, *tab;
        struct query q;
        sousuo_results_t *r = NULL;
        sousuo_status_t st;
        double t0;

        if (!lineno++)
            drop_bom(&line, &len, BATCH_LINE_MAX);
        p = line.data;
        /* A line with a tab has a query id field, even an empty one: it
         * is a query, not a blank line, and not a comment either (an
         * empty id, then a query starting with '#'). */
        while (p < line.data + line.len && *p == ' ')
            p++;
        if (p == line.data + line.len && len == line.len)
            continue;               /* blank line */
        if (*p == '#')
            continue;               /* comment */
        nq++;
        buf_reset(&qid);
        tab = memchr(line.data, '\t', line.len);
        if (tab && tab > line.data) {
            buf_add(&qid, line.data, (size_t)(tab - line.data));
            q.text = tab + 1;
        } else {
            buf_addf(&qid, "%lu", nq);
            q.text = tab ? tab + 1 : line.data;
        }
        if (qid.err) {
            errno = ENOMEM;
            got = -1;
            break;
        }
        q.qid = qid.data;
        q.ms = 0;
        first = seen_check(&seen, q.qid, lineno);
        if (first == (unsigned long)-1) {
            errno = ENOMEM;
            got = -1;
            break;
        }
        if (first)
            fprintf(stderr, "sousuo-search: warning: line %lu: query id %s "
                            "was already used on line %lu\n",
                    lineno, q.qid, first);
        if (len > line.len) {
            char msg[80];

            snprintf(msg, sizeof msg, "query longer than %d bytes",
                     BATCH_LINE_MAX);
            q.text = "";
            query_failed(&pc, bo, &q, "bad_request", msg);
            failed = 1;
            continue;
        }
        if (strlen(line.data) != line.len) {
            q.text = "";
            query_failed(&pc, bo, &q, "bad_request",
                         "query contains a NUL byte");
            failed = 1;
            continue;
        }
        pc.query = q.text;
        t0 = now_ms();
        st = sousuo_search(ix, q.text, so, &r);
        q.ms = now_ms() - t0;
        if (st != SOUSUO_OK) {
            query_failed(&pc, bo, &q, sousuo_status_name(st),
                         sousuo_index_errmsg(ix));
            failed = 1;
            continue;
        }
        if (sousuo_results_count(r))
            hits = 1;
        put_results(&pc, bo, &q, r);
        sousuo_results_free(r);
    }
    if (got < 0) {
        fprintf(stderr, "sousuo-search: cannot read '%s': %s\n",
                strcmp(bo->file, "-") ? bo->file : "(stdin)",
                strerror(errno));
        failed = 1;
    }
    if (in != stdin)
        fclose(in);
    buf_free(&line);
    buf_free(&qid);
    seen_free(&seen);
    return failed ? 2 : hits ? 0 : 1;
}
