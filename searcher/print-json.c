/* print-json.c - one JSON object per line (jansson), schema in
 * doc/json-output.md: a "hit" per result, then one "summary".  Offsets are
 * given in bytes, code points and UTF-16 units, each [start, end). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unistr.h>

#include "buf.h"
#include "modes.h"
#include "print.h"
#include "snippet.h"

/* A JSON string of n bytes; invalid UTF-8 (paths may hold it) becomes
 * U+FFFD so the output stays valid JSON. */
json_t *
jstr(const char *s, size_t n)
{
    struct buf b = BUF_INIT;
    const uint8_t *p = (const uint8_t *)s, *end = p + n;
    json_t *j;

    if (!u8_check(p, n))
        return json_stringn(s, n);
    while (p < end) {
        ucs4_t c;
        int k = u8_mbtouc(&c, p, (size_t)(end - p));
        if (c == 0xfffd && !(k == 3 && p[0] == 0xef))
            buf_addstr(&b, "\xef\xbf\xbd");
        else
            buf_add(&b, p, (size_t)k);
        p += k > 0 ? k : 1;
    }
    j = json_stringn(b.data, b.len);
    buf_free(&b);
    return j;
}

static json_t *
span(size_t start, size_t end)
{
    return json_pack("{s:I, s:I}", "start", (json_int_t)start, "end",
                     (json_int_t)end);
}

int
json_emit(FILE *out, json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    int rc = -1;

    if (s) {
        rc = fprintf(out, "%s\n", s) < 0 ? -1 : 0;
        free(s);
    }
    json_decref(o);
    return rc;
}

void
json_emit_or_die(FILE *out, json_t *o)
{
    /* A failed stdout write is found at the end, by ferror; a record not
     * made would be taken by a reader for a finished empty answer. */
    if (json_emit(out, o) == 0 || ferror(out))
        return;
    fflush(out);
    fputs("sousuo-search: cannot make a JSON record (out of memory, or "
          "text jansson refused)\n", stderr);
    exit(2);
}

static void
emit(const struct print_ctx *c, json_t *o)
{
    json_emit_or_die(c->out, o);
}

json_t *
json_hit_new(const struct print_ctx *c, const sousuo_results_t *r, size_t i)
{
    size_t len, ws, we, k, nm = sousuo_results_nmatches(r, i);
    const char *text = sousuo_results_text(r, i, &len);
    const sousuo_match_t *first = sousuo_results_match(r, i, 0);
    char *path = print_path(c, sousuo_results_path(r, i));
    json_t *o, *hl = json_array();
    size_t cps0, u160;

    sousuo_results_window(r, i, &ws, &we);
    snippet_units(text, ws, &cps0, &u160);
    for (k = 0; k < nm; k++) {
        const sousuo_match_t *m = sousuo_results_match(r, i, k);
        size_t a = m->start > ws ? m->start : ws, b = m->end < we ? m->end : we;
        size_t ca, ua, cb, ub;

        if (m->end <= ws || m->start >= we)
            continue;
        /* Offsets are relative to the snippet. */
        snippet_units(text + ws, a - ws, &ca, &ua);
        snippet_units(text + ws, b - ws, &cb, &ub);
        json_array_append_new(hl, json_pack("{s:o, s:o, s:o}",
                                            "bytes", span(a - ws, b - ws),
                                            "chars", span(ca, cb),
                                            "utf16", span(ua, ub)));
    }
    o = json_pack("{s:i, s:s, s:i, s:f, s:o, s:o, s:o, s:o}",
                  "format_version", JSON_FORMAT_VERSION, "type", "hit",
                  "rank", (int)sousuo_results_rank(r, i),
                  "score", sousuo_results_score(r, i),
                  "path", jstr(path ? path : "", path ? strlen(path) : 0),
                  "title", jstr(sousuo_results_title(r, i),
                                strlen(sousuo_results_title(r, i))),
                  "date", json_string(sousuo_results_date(r, i)),
                  "lang", json_string(sousuo_results_lang(r, i)));
    if (o && first) {
        json_object_set_new(o, "line", json_integer((json_int_t)first->line));
        json_object_set_new(o, "column",
                            json_integer((json_int_t)first->byte_col));
        json_object_set_new(o, "char_column",
                            json_integer((json_int_t)first->char_col));
        json_object_set_new(o, "utf16_column",
                            json_integer((json_int_t)first->utf16_col));
        json_object_set_new(o, "offset",
                            json_integer((json_int_t)first->start));
    }
    if (o) {
        json_object_set_new(o, "snippet", jstr(text + ws, we - ws));
        json_object_set_new(o, "highlights", hl);
        json_object_set_new(o, "matches", json_integer((json_int_t)nm));
        if (sousuo_results_explain(r, i))
            json_object_set_new(o, "explain",
                                json_string(sousuo_results_explain(r, i)));
    } else {
        json_decref(hl);
    }
    free(path);
    return o;
}

json_t *
json_summary_new(const struct print_ctx *c, const sousuo_results_t *r)
{
    const char *s = sousuo_results_suggestion(r);
    const char *down = sousuo_results_missing(r), *nl;
    json_t *o = json_pack("{s:i, s:s, s:o, s:I, s:I, s:b, s:o}",
                      "format_version", JSON_FORMAT_VERSION,
                      "type", "summary",
                      "query", jstr(c->query, strlen(c->query)),
                      "total", (json_int_t)sousuo_results_total(r),
                      "returned", (json_int_t)sousuo_results_count(r),
                      "partial", sousuo_results_partial(r),
                      "suggestion", s ? jstr(s, strlen(s)) : json_null());
    json_t *a;

    /* --allow-partial left shards out (doc/scale-out.md): only then. */
    if (o && down && (a = json_array()) != NULL) {
        for (; (nl = strchr(down, '\n')) != NULL; down = nl + 1)
            json_array_append_new(a, jstr(down, (size_t)(nl - down)));
        json_object_set_new(o, "missing_shards", a);
    }
    return o;
}

static void
json_hit(const struct print_ctx *c, const sousuo_results_t *r, size_t i)
{
    emit(c, json_hit_new(c, r, i));
}

static void
json_summary(const struct print_ctx *c, const sousuo_results_t *r)
{
    emit(c, json_summary_new(c, r));
}

const struct printer print_json = { json_hit, json_summary };
