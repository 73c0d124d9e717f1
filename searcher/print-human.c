/* print-human.c - ranked hits for people: title, path:line:col, score,
 * and a snippet with the matches highlighted (colour on a TTY only). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "print.h"

#define C_TITLE "\033[1m"
#define C_PATH "\033[35m"
#define C_MATCH "\033[1;31m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

static int
is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* TEXT[a, b) as print_flat(), a run of white space as one space: an HTML
 * page's text has its lines (and, read by the linear fallback, spaces
 * where its tags were). */
static void
print_squeezed(FILE *f, const char *text, size_t a, size_t b)
{
    size_t i = a;

    while (i < b) {
        size_t j = i;

        while (j < b && !(j > 0 && is_blank(text[j]) && is_blank(text[j - 1])))
            j++;
        print_flat(f, text, i, j);
        while (j < b && j > 0 && is_blank(text[j]) && is_blank(text[j - 1]))
            j++;
        i = j;
    }
}

/* Is there more than white space in TEXT[a, b)?  Only such a cut gets an
 * ellipsis (HTML text may start with its page's empty lines). */
static int
has_text(const char *text, size_t a, size_t b)
{
    for (; a < b; a++)
        if (!is_blank(text[a]))
            return 1;
    return 0;
}

static void
snippet(const struct print_ctx *c, const sousuo_results_t *r, size_t i)
{
    size_t len, ws, we, k, at, nm = sousuo_results_nmatches(r, i);
    const char *text = sousuo_results_text(r, i, &len);

    sousuo_results_window(r, i, &ws, &we);
    if (we <= ws)
        return;
    fputs("   ", c->out);
    if (has_text(text, 0, ws))
        fputs("…", c->out);
    at = ws;
    for (k = 0; k < nm; k++) {
        const sousuo_match_t *m = sousuo_results_match(r, i, k);

        if (m->end <= at || m->start >= we)
            continue;
        print_squeezed(c->out, text, at, m->start > at ? m->start : at);
        if (c->color)
            fputs(C_MATCH, c->out);
        print_squeezed(c->out, text, m->start > at ? m->start : at,
                       m->end < we ? m->end : we);
        if (c->color)
            fputs(C_OFF, c->out);
        at = m->end < we ? m->end : we;
    }
    print_squeezed(c->out, text, at, we);
    if (has_text(text, we, len))
        fputs("…", c->out);
    fputc('\n', c->out);
}

static void
human_hit(const struct print_ctx *c, const sousuo_results_t *r, size_t i)
{
    const char *title = sousuo_results_title(r, i);
    const sousuo_match_t *m = sousuo_results_match(r, i, 0);
    char *path = print_path(c, sousuo_results_path(r, i));

    const char *rel = sousuo_results_path(r, i), *slash = strrchr(rel, '/');
    const char *name = *title ? title : slash ? slash + 1 : rel;

    /* An untitled document goes by its file name.  Either may hold
     * control characters (a title keeps C1 ones). */
    fprintf(c->out, "%u. %s", sousuo_results_rank(r, i),
            c->color ? C_TITLE : "");
    print_flat(c->out, name, 0, strlen(name));
    fputs(c->color ? C_OFF : "", c->out);
    if (*sousuo_results_date(r, i))
        fprintf(c->out, "  (%s)", sousuo_results_date(r, i));
    fputc('\n', c->out);
    fprintf(c->out, "   %s", c->color ? C_PATH : "");
    if (path) /* a file name can hold control characters too */
        print_flat(c->out, path, 0, strlen(path));
    else
        fputc('?', c->out);
    if (m)
        fprintf(c->out, ":%zu:%zu", m->line, m->byte_col);
    fprintf(c->out, "%s  %sscore %.3f%s\n", c->color ? C_OFF : "",
            c->color ? C_DIM : "", sousuo_results_score(r, i),
            c->color ? C_OFF : "");
    snippet(c, r, i);
    if (c->explain) {
        size_t k, nm = sousuo_results_nmatches(r, i), len;
        const char *text = sousuo_results_text(r, i, &len);

        const char *why = sousuo_results_explain(r, i);

        fprintf(c->out, "   explain: query %s\n", c->tree ? c->tree : "");
        fprintf(c->out, "   BM25 parts (k1=%g, b=%g, title x%g): %s\n",
                c->so->bm25_k1, c->so->bm25_b, c->so->title_boost,
                why && *why ? why : "(filters only)");
        fprintf(c->out, "   %zu matches in the text", nm);
        for (k = 0; k < nm && k < 8; k++) {
            m = sousuo_results_match(r, i, k);
            fprintf(c->out, "%s %zu:%zu \"", k ? "," : ":", m->line,
                    m->byte_col);
            print_flat(c->out, text, m->start, m->end);
            fputc('"', c->out);
        }
        fputc('\n', c->out);
    }
    free(path);
}

static void
human_summary(const struct print_ctx *c, const sousuo_results_t *r)
{
    const char *s = sousuo_results_suggestion(r);

    if (sousuo_results_partial(r))
        fprintf(c->out, "No document matches every word of the query; "
                        "these are the best partial matches.\n");
    if (s)
        fprintf(c->out, "Did you mean: %s\n", s);
    /* Xapian stops counting once the page is sure: then the total is an
     * estimate, and it moves with --limit. */
    if (sousuo_results_count(r))
        fprintf(c->out, "(%s%llu %s)\n",
                sousuo_results_total_exact(r) ? "" : "about ",
                sousuo_results_total(r),
                sousuo_results_total(r) == 1 ? "match" : "matches");
}

const struct printer print_human = { human_hit, human_summary };

static void
files_hit(const struct print_ctx *c, const sousuo_results_t *r, size_t i)
{
    char *path = print_path(c, sousuo_results_path(r, i));

    fputs(path ? path : "?", c->out);
    fputc(c->null ? '\0' : '\n', c->out);
    free(path);
}

const struct printer print_files = { files_hit, NULL };
