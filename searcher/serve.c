/* serve.c - sousuo-search --serve: JSON-lines requests on stdin, one
 * JSON response per line on stdout, for editor plugins.  The protocol is
 * doc/protocol.md.
 *
 * Before each request the index handle moves to the newest committed
 * revision (sousuo_index_reopen(): cheap when nothing changed, and right
 * for stubs of several shards too).  A reader sees only committed
 * revisions, and sousuo_search() reruns a query that a commit overtook,
 * so no answer mixes two revisions.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>


#include "modes.h"

#define PROTOCOL_VERSION 1
/* Longest request line kept in memory; longer lines are read to their
 * end, answered with an error and forgotten. */
#define SERVE_LINE_MAX (1024 * 1024)
#define SERVE_OFFSET_MAX 1000000
#define COMPLETE_LIMIT_MAX 100      /* completions per response */

struct server {
    const struct serve_opts *o;
    char *index_path;       /* once known */
    sousuo_index_t *ix;
};

/* A request or reply error: protocol errors have code "bad_request". */
struct fail {
    const char *code;
    struct buf msg;
};

/* ---- the index ----------------------------------------------------- */

/* Make s->ix the newest committed revision.  When a newer one exists but
 * cannot be opened, the old handle stays (and the next request tries
 * again); only without any handle is that an error. */
static sousuo_status_t
ensure_index(struct server *s, struct fail *f)
{
    sousuo_index_t *ix = NULL;
    char *errmsg = NULL;
    sousuo_status_t st;

    if (!s->index_path) {
        if (s->o->index_arg && *s->o->index_arg) {
            s->index_path = strdup(s->o->index_arg);
            st = s->index_path ? SOUSUO_OK : SOUSUO_NOMEM;
        } else {
            st = sousuo_index_find(".", &s->index_path, &errmsg);
        }
        if (st != SOUSUO_OK) {
            f->code = sousuo_status_name(st);
            buf_addstr(&f->msg, errmsg ? errmsg : sousuo_status_str(st));
            sousuo_free(errmsg);
            return st;
        }
    }
    if (s->ix) {
        st = sousuo_index_reopen(s->ix, NULL);
        if (st == SOUSUO_OK)
            return SOUSUO_OK;
        /* Deleted: answering from the old files would go on forever. */
        if (st == SOUSUO_NOINDEX) {
            sousuo_index_close(s->ix);
            s->ix = NULL;
        }
    }
    /* No handle yet, or the database was created afresh (--full). */
    st = sousuo_index_open(s->index_path, 0, &ix, &errmsg);
    if (st != SOUSUO_OK) {
        if (s->ix) {
            sousuo_free(errmsg);
            return SOUSUO_OK;
        }
        f->code = sousuo_status_name(st);
        buf_addstr(&f->msg, errmsg ? errmsg : sousuo_status_str(st));
        sousuo_free(errmsg);
        return st;
    }
    sousuo_index_close(s->ix);
    s->ix = ix;
    return SOUSUO_OK;
}

/* ---- request fields ------------------------------------------------ */

static int
bad(struct fail *f, const char *fmt, const char *key)
{
    f->code = "bad_request";
    buf_addf(&f->msg, fmt, key);
    return -1;
}

/* A string field; *out stays NULL when it is absent and not required. */
static int
get_str(json_t *req, const char *key, int required, const char **out,
        struct fail *f)
{
    json_t *v = json_object_get(req, key);

    *out = NULL;
    if (!v && !required)
        return 0;
    if (!v)
        return bad(f, "missing field '%s'", key);
    if (!json_is_string(v))
        return bad(f, "field '%s' must be a string", key);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return bad(f, "field '%s' contains a NUL character", key);
    *out = json_string_value(v);
    return 0;
}

static int
get_uint(json_t *req, const char *key, unsigned max, unsigned *out,
         struct fail *f)
{
    json_t *v = json_object_get(req, key);

    double d;

    if (!v || json_is_null(v))
        return 0;
    /* 10.0 and 1e2 are integers too (what json.dumps() writes for a
     * Python float); 10.5 is not. */
    d = json_is_integer(v) ? (double)json_integer_value(v)
        : json_is_real(v)  ? json_real_value(v)
                           : -1;
    if (d < 0 || d > (double)max || d != (double)(unsigned)d) {
        f->code = "bad_request";
        buf_addf(&f->msg, "field '%s' must be an integer from 0 to %u", key,
                 max);
        return -1;
    }
    *out = (unsigned)d;
    return 0;
}

static int
get_bool(json_t *req, const char *key, int *out, struct fail *f)
{
    json_t *v = json_object_get(req, key);

    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return bad(f, "field '%s' must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

static json_t *
reply_new(json_t *id, const char *type)
{
    return json_pack("{s:O?, s:s}", "id", id, "type", type);
}

static json_t *
reply_error(json_t *id, const struct fail *f)
{
    return json_pack("{s:O?, s:{s:s, s:o}}", "id", id, "error", "code",
                     f->code ? f->code : "bad_request", "message",
                     jstr(f->msg.data, f->msg.len));
}

static void
set_status(struct fail *f, sousuo_index_t *ix, sousuo_status_t st)
{
    f->code = sousuo_status_name(st);
    buf_addstr(&f->msg, sousuo_index_errmsg(ix));
    if (!f->msg.len)
        buf_addstr(&f->msg, sousuo_status_str(st));
}

/* ---- requests ------------------------------------------------------ */

static json_t *
do_search(struct server *s, json_t *req, json_t *id, int count_only,
          struct fail *f)
{
    sousuo_search_opts_t so = s->o->so;
    sousuo_results_t *r = NULL;
    struct print_ctx pc;
    const char *query;
    json_t *reply = NULL, *hits;
    sousuo_status_t st;
    size_t i;

    if (so.limit > SERVE_LIMIT_MAX)
        so.limit = SERVE_LIMIT_MAX;
    if (get_str(req, "query", 1, &query, f) ||
        get_uint(req, "limit", SERVE_LIMIT_MAX, &so.limit, f) ||
        get_uint(req, "offset", SERVE_OFFSET_MAX, &so.offset, f) ||
        get_bool(req, "explain", &so.explain, f) ||
        get_bool(req, "partial", &so.partial, f) ||
        get_uint(req, "snippet_width", 10000, &so.snippet_width, f))
        return NULL;
    if (ensure_index(s, f) != SOUSUO_OK)
        return NULL;
    if (count_only) {
        so.limit = 0;
        so.offset = 0;
        so.exact_total = 1;
        so.partial = 0;
    }
    st = sousuo_search(s->ix, query, &so, &r);
    if (st != SOUSUO_OK) {
        set_status(f, s->ix, st);
        return NULL;
    }
    if (count_only) {
        reply = reply_new(id, "count");
        if (reply)
            json_object_set_new(reply, "count",
                                json_integer((json_int_t)
                                             sousuo_results_total(r)));
        sousuo_results_free(r);
        return reply;
    }
    memset(&pc, 0, sizeof pc);
    pc.root = sousuo_index_root(s->ix);
    pc.cwd = s->o->cwd;
    pc.query = query;
    reply = reply_new(id, "search");
    hits = json_array();
    if (reply && hits) {
        const char *sug = sousuo_results_suggestion(r);

        json_object_set_new(reply, "query", jstr(query, strlen(query)));
        json_object_set_new(reply, "total",
                            json_integer((json_int_t)sousuo_results_total(r)));
        json_object_set_new(reply, "returned",
                            json_integer((json_int_t)sousuo_results_count(r)));
        json_object_set_new(reply, "partial",
                            json_boolean(sousuo_results_partial(r)));
        json_object_set_new(reply, "suggestion",
                            sug ? jstr(sug, strlen(sug)) : json_null());
    }
    for (i = 0; reply && hits && i < sousuo_results_count(r); i++) {
        json_t *h = json_hit_new(&pc, r, i);
        struct buf abs = BUF_INIT;

        if (!h)
            break;
        json_object_del(h, "format_version");
        json_object_del(h, "type");
        buf_addf(&abs, "%s/%s", pc.root, sousuo_results_path(r, i));
        json_object_set_new(h, "abspath", jstr(abs.data, abs.len));
        buf_free(&abs);
        json_array_append_new(hits, h);
    }
    if (reply && hits)
        json_object_set_new(reply, "hits", hits);
    else
        json_decref(hits);
    sousuo_results_free(r);
    return reply;
}

/* Index words, numbers and CJK strings starting with prefix, most
 * frequent first (sousuo_complete()). */
static sousuo_status_t
complete(struct server *s, const char *prefix, unsigned limit, json_t *out,
         struct fail *f)
{
    sousuo_terms_t *t = NULL;
    sousuo_status_t st;
    size_t i;

    if (!*prefix || limit == 0)
        return SOUSUO_OK;
    st = sousuo_complete(s->ix, prefix, limit, &t);
    if (st == SOUSUO_QUERY)
        return SOUSUO_OK; /* nothing completable, e.g. punctuation */
    if (st != SOUSUO_OK) {
        set_status(f, s->ix, st);
        return st;
    }
    for (i = 0; i < sousuo_terms_count(t); i++) {
        const char *term = sousuo_terms_term(t, i);
        json_array_append_new(out, jstr(term, strlen(term)));
    }
    sousuo_terms_free(t);
    return SOUSUO_OK;
}

static json_t *
do_complete(struct server *s, json_t *req, json_t *id, struct fail *f)
{
    const char *prefix;
    unsigned limit = 10;
    json_t *reply, *list;

    if (get_str(req, "prefix", 1, &prefix, f) ||
        get_uint(req, "limit", COMPLETE_LIMIT_MAX, &limit, f))
        return NULL;
    if (ensure_index(s, f) != SOUSUO_OK)
        return NULL;
    list = json_array();
    if (!list || complete(s, prefix, limit, list, f) != SOUSUO_OK) {
        json_decref(list);
        return NULL;
    }
    reply = reply_new(id, "complete");
    if (reply) {
        json_object_set_new(reply, "prefix", jstr(prefix, strlen(prefix)));
        json_object_set_new(reply, "completions", list);
    } else {
        json_decref(list);
    }
    return reply;
}

static json_t *
do_stats(struct server *s, json_t *id, struct fail *f)
{
    unsigned long long n = 0;
    char stamp[32] = "";
    char *abs;
    json_t *reply;
    sousuo_status_t st;

    if (ensure_index(s, f) != SOUSUO_OK)
        return NULL;
    st = sousuo_index_doccount(s->ix, &n);
    if (st != SOUSUO_OK) {
        set_status(f, s->ix, st);
        return NULL;
    }
    /* When sousuo-index last changed the index. */
    snprintf(stamp, sizeof stamp, "%s", sousuo_index_updated(s->ix));
    abs = realpath(s->index_path, NULL);
    reply = reply_new(id, "stats");
    if (reply) {
        const char *ip = abs ? abs : s->index_path;
        const char *root = sousuo_index_root(s->ix);

        json_object_set_new(reply, "documents", json_integer((json_int_t)n));
        json_object_set_new(reply, "updated",
                            *stamp ? json_string(stamp) : json_null());
        json_object_set_new(reply, "index", jstr(ip, strlen(ip)));
        json_object_set_new(reply, "root", jstr(root, strlen(root)));
    }
    free(abs);
    return reply;
}

/* The "id" member of a line that is not valid JSON (malformed, or cut at
 * SERVE_LINE_MAX): found by scanning the top-level object's keys up to
 * the damage; only a string, number or null is trusted.  NULL if none. */
static json_t *
salvage_id(const char *s, size_t n)
{
    size_t i = 0, j;
    int depth = 0;

    while (i < n) {
        if (s[i] == '"') {
            for (j = i + 1; j < n && s[j] != '"'; j += s[j] == '\\' ? 2 : 1)
                ;
            if (j >= n)
                return NULL;
            if (depth == 1 && j - i == 3 && memcmp(s + i + 1, "id", 2) == 0) {
                size_t k = j + 1;

                while (k < n && isspace((unsigned char)s[k]))
                    k++;
                if (k < n && s[k] == ':') {
                    json_t *v = json_loadb(s + k + 1, n - k - 1,
                                           JSON_DECODE_ANY |
                                               JSON_DISABLE_EOF_CHECK,
                                           NULL);
                    if (v && (json_is_string(v) || json_is_number(v) ||
                              json_is_null(v)))
                        return v;
                    json_decref(v);
                    return NULL;
                }
            }
            i = j + 1;
            continue;
        }
        if (s[i] == '{' || s[i] == '[')
            depth++;
        else if (s[i] == '}' || s[i] == ']')
            depth--;
        i++;
    }
    return NULL;
}

/* Did jansson refuse a "\u0000" in a string? */
static int
is_nul_error(const json_error_t *e)
{
#if JANSSON_VERSION_HEX >= 0x020b00
    return json_error_code(e) == json_error_null_character;
#else
    return strstr(e->text, "JSON_ALLOW_NUL") != NULL;
#endif
}

static int
blank(const char *line, size_t kept, size_t len)
{
    size_t i;

    for (i = 0; i < kept && isspace((unsigned char)line[i]); i++)
        ;
    return i == kept && len == kept;
}

/* The reply to one line (NULL when out of memory). */
static json_t *
handle(struct server *s, const char *line, size_t kept, size_t len)
{
    struct fail f = { NULL, BUF_INIT };
    json_error_t jerr;
    json_t *req = NULL, *id = NULL, *reply = NULL;
    const char *type;

    if (len > kept) {
        id = salvage_id(line, kept);
        f.code = "bad_request";
        buf_addf(&f.msg, "request longer than %d bytes", SERVE_LINE_MAX);
        goto out;
    }
    req = json_loadb(line, kept, JSON_DECODE_ANY, &jerr);
    if (!req) {
        /* Only what comes before the damage is trusted. */
        id = salvage_id(line, jerr.position > 0 && (size_t)jerr.position < kept
                                  ? (size_t)jerr.position : kept);
        f.code = "bad_request";
        if (is_nul_error(&jerr))
            buf_addf(&f.msg, "invalid request at column %d: a string holds "
                             "\\u0000 (a NUL character), which no "
                             "member may contain", jerr.column);
        else
            buf_addf(&f.msg, "invalid JSON at column %d: %s", jerr.column,
                     jerr.text);
        goto out;
    }
    if (!json_is_object(req)) {
        bad(&f, "a request must be a JSON object%s", "");
        goto out;
    }
    id = json_incref(json_object_get(req, "id"));
    if (get_str(req, "type", 1, &type, &f))
        goto out;
    if (strcmp(type, "search") == 0)
        reply = do_search(s, req, id, 0, &f);
    else if (strcmp(type, "count") == 0)
        reply = do_search(s, req, id, 1, &f);
    else if (strcmp(type, "complete") == 0)
        reply = do_complete(s, req, id, &f);
    else if (strcmp(type, "stats") == 0)
        reply = do_stats(s, id, &f);
    else if (strcmp(type, "ping") == 0) {
        reply = reply_new(id, "ping");
        if (reply) {
            json_object_set_new(reply, "version",
                                json_string(sousuo_version()));
            json_object_set_new(reply, "protocol",
                                json_integer(PROTOCOL_VERSION));
        }
    } else {
        f.code = "bad_request";
        buf_addstr(&f.msg, "unknown request type '");
        buf_addstr(&f.msg, type);
        buf_addstr(&f.msg, "'");
    }
out:
    if (!reply) {
        if (!f.code) {
            f.code = sousuo_status_name(SOUSUO_NOMEM);
            buf_addstr(&f.msg, sousuo_status_str(SOUSUO_NOMEM));
        }
        reply = reply_error(id, &f);
    }
    json_decref(id);
    json_decref(req);
    buf_free(&f.msg);
    return reply;
}

int
serve_run(const struct serve_opts *o, FILE *in, FILE *out)
{
    static const char nomem[] =
        "{\"id\":null,\"error\":{\"code\":\"nomem\","
        "\"message\":\"out of memory\"}}\n";
    struct server s;
    struct buf line = BUF_INIT;
    size_t len;
    int got, rc = 0, first = 1;

    memset(&s, 0, sizeof s);
    s.o = o;
    while ((got = read_line(in, &line, SERVE_LINE_MAX, &len)) == 1) {
        json_t *reply;
        size_t skip = 0;

        /* A UTF-8 byte order mark that an editor or a Windows tool put at
         * the start of the input: not part of the first request. */
        if (first && line.len >= 3 && memcmp(line.data, "\xef\xbb\xbf", 3) == 0)
            skip = 3;
        first = 0;
        if (blank(line.data + skip, line.len - skip, len - skip))
            continue; /* no request, no reply */
        reply = handle(&s, line.data + skip, line.len - skip, len - skip);
        if (json_emit(out, reply) != 0)
            fputs(nomem, out);
        if (fflush(out) != 0) {
            fprintf(stderr, "sousuo-search: write error: %s\n",
                    strerror(errno));
            rc = 2;
            break;
        }
    }
    if (got < 0) {
        fprintf(stderr, "sousuo-search: cannot read requests: %s\n",
                strerror(errno));
        rc = 2;
    }
    buf_free(&line);
    sousuo_index_close(s.ix);
    free(s.index_path);
    return rc;
}
