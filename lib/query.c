/* query.c - parse sousuo's query language into a tree; see query.h.
 * Building the Xapian query from the tree is in query-build.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "query.h"

enum lex { L_EOF, L_LP, L_RP, L_OR, L_AND, L_NOT, L_TEXT, L_PHRASE };

struct parser {
    const char *s, *end;
    struct tokenizer *tz;
    enum lex tok;
    const char *text; /* L_TEXT / L_PHRASE bytes */
    size_t len;
    size_t units;
    int truncated;
    int nomem;
    char *err; /* the query's error (a date: value that is no date) */
};

/* Length of a whitespace character at p (ASCII or U+3000), else 0. */
static size_t
space_len(const char *p, const char *end)
{
    if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        return 1;
    if (end - p >= 3 && memcmp(p, "\xe3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

/* Length of a quote character at p: " or U+201C or U+201D, else 0. */
static size_t
quote_len(const char *p, const char *end)
{
    if (*p == '"')
        return 1;
    if (end - p >= 3 && (memcmp(p, "\xe2\x80\x9c", 3) == 0 ||
                         memcmp(p, "\xe2\x80\x9d", 3) == 0))
        return 3;
    return 0;
}

static int
is_op(const char *t, size_t n, const char *op)
{
    return n == strlen(op) && memcmp(t, op, n) == 0;
}

static void
next(struct parser *p)
{
    const char *s = p->s, *start;
    size_t n;

    while (s < p->end && (n = space_len(s, p->end)) != 0)
        s += n;
    if (s >= p->end) {
        p->s = s;
        p->tok = L_EOF;
        return;
    }
    if (p->units >= QUERY_MAX_UNITS) {
        p->truncated = 1;
        p->s = p->end;
        p->tok = L_EOF;
        return;
    }
    if (*s == '(' || *s == ')') {
        p->tok = *s == '(' ? L_LP : L_RP;
        p->s = s + 1;
        return;
    }
    if ((n = quote_len(s, p->end)) != 0) {
        s += n;
        start = s;
        while (s < p->end && quote_len(s, p->end) == 0)
            s++;
        p->tok = L_PHRASE;
        p->text = start;
        p->len = (size_t)(s - start);
        p->s = s < p->end ? s + quote_len(s, p->end) : s;
        p->units++;
        return;
    }
    /* "-word", "-(", "-\"": a NOT glued to what follows. */
    if (*s == '-' && s + 1 < p->end && !space_len(s + 1, p->end) &&
        s[1] != '-' && s[1] != ')') {
        p->tok = L_NOT;
        p->s = s + 1;
        return;
    }
    start = s;
    while (s < p->end && !space_len(s, p->end) && *s != '(' && *s != ')' &&
           !quote_len(s, p->end))
        s++;
    p->s = s;
    p->text = start;
    p->len = (size_t)(s - start);
    if (is_op(start, p->len, "OR"))
        p->tok = L_OR;
    else if (is_op(start, p->len, "AND"))
        p->tok = L_AND;
    else if (is_op(start, p->len, "NOT"))
        p->tok = L_NOT;
    else {
        p->tok = L_TEXT;
        p->units++;
    }
}

static struct qnode *
node(struct parser *p, enum qkind kind)
{
    struct qnode *n = calloc(1, sizeof *n);

    if (!n)
        p->nomem = 1;
    else
        n->kind = kind;
    return n;
}

static char *
dup(struct parser *p, const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (!d) {
        p->nomem = 1;
        return NULL;
    }
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static int
add_kid(struct parser *p, struct qnode *parent, struct qnode *kid)
{
    struct qnode **k;

    if (!kid)
        return 0;
    k = realloc(parent->kids, (parent->nkids + 1) * sizeof *k);
    if (!k) {
        p->nomem = 1;
        query_free(kid);
        return -1;
    }
    parent->kids = k;
    k[parent->nkids++] = kid;
    return 0;
}

void
query_free(struct qnode *n)
{
    size_t i;

    if (!n)
        return;
    for (i = 0; i < n->nkids; i++)
        query_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n->field);
    free(n->lo);
    free(n->hi);
    free(n);
}

static int
count_tokens(void *ctx, const struct tok *t)
{
    (void)t;
    ++*(size_t *)ctx;
    return 1; /* one is enough */
}

/* Does text hold anything the tokenizer keeps? */
static int
searchable(struct parser *p, const char *s, size_t n)
{
    size_t count = 0;

    tokenize(p->tz, TOK_QUERY, s, n, count_tokens, &count);
    return count != 0;
}

static struct qnode *
text_node(struct parser *p, enum qkind kind, const char *s, size_t n)
{
    struct qnode *q;

    if (kind == Q_TEXT && n > 1 && s[n - 1] == '*') {
        kind = Q_PREFIX;
        n--;
    }
    if (!searchable(p, s, n))
        return NULL;
    q = node(p, kind);
    if (q && !(q->text = dup(p, s, n))) {
        query_free(q);
        return NULL;
    }
    return q;
}

/* One end of a "date:" value: YYYY, YYYY-M[M] or YYYY-M[M]-D[D] (people
 * type 2024-4-7 as often as 2024-04-07), into out as YYYY[-MM[-DD]], the
 * form query-build.c turns into a value range.  1: a date; 0: not of
 * that form; -1: of that form but no such date (month 13, 30 February),
 * and why says so. */
static int
parse_date(const char *s, size_t n, char out[11], struct buf *why)
{
    static const char *const months[12] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December",
    };
    int part[3] = { 0, 0, 0 }, k = 0, days;
    size_t i, digits = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '-' && k < 2 && (k == 0 ? digits == 4 : digits > 0)) {
            k++;
            digits = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9' || ++digits > (k ? 2u : 4u))
            return 0;
        part[k] = part[k] * 10 + (s[i] - '0');
    }
    if (k == 0 ? digits != 4 : digits == 0)
        return 0;
    if (k >= 1 && (part[1] < 1 || part[1] > 12)) {
        buf_addf(why, "there is no month %d", part[1]);
        return -1;
    }
    days = k == 2 ? date_month_days(part[0], part[1]) : 0;
    if (k == 2 && (part[2] < 1 || part[2] > days)) {
        if (part[2] < 1 || part[2] > 31)
            buf_addf(why, "there is no day %d", part[2]);
        else
            buf_addf(why, "%s %04d has %d days", months[part[1] - 1],
                     part[0], days);
        return -1;
    }
    if (k == 0)
        snprintf(out, 11, "%04d", part[0]);
    else if (k == 1)
        snprintf(out, 11, "%04d-%02d", part[0], part[1]);
    else
        snprintf(out, 11, "%04d-%02d-%02d", part[0], part[1], part[2]);
    return 1;
}

/* Only digits, '-' and '.': meant as a date, so never searched as text. */
static int
datelike(const char *s, size_t n)
{
    size_t i;
    int digit = 0;

    for (i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digit = 1;
        else if (s[i] != '-' && s[i] != '.')
            return 0;
    }
    return digit;
}

/* The query's error (the first one): "date:VALUE: why".  A long value
 * is cut: it is all digits, dashes and dots. */
static void
date_error(struct parser *p, const char *v, size_t n, const char *why)
{
    struct buf b = BUF_INIT;

    if (p->err)
        return;
    buf_addf(&b, "date:%.*s%s: %s", (int)(n > 40 ? 40 : n), v,
             n > 40 ? "..." : "", why);
    if (!(p->err = buf_detach(&b, NULL)))
        p->nomem = 1;
}

/* "date:" values: dates as parse_date() reads them, with ".." for ranges
 * (either end may be open).  A value shaped like a date that names none,
 * or a range that ends before it starts, is an error: searching for it
 * would silently find nothing.  Other values are searched as text. */
static struct qnode *
date_node(struct parser *p, const char *v, size_t n)
{
    const char *dots = NULL, *lo = v, *hi = v;
    size_t lo_n = n, hi_n = n, i;
    char lo_d[11] = "", hi_d[11] = "";
    struct buf why = BUF_INIT;
    struct qnode *q;
    int rl, rh;

    for (i = 0; i + 1 < n; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            dots = v + i;
            break;
        }
    if (dots) {
        lo_n = (size_t)(dots - v);
        hi = dots + 2;
        hi_n = n - lo_n - 2;
    }
    rl = lo_n ? parse_date(lo, lo_n, lo_d, &why) : 1;
    if (!dots)
        memcpy(hi_d, lo_d, sizeof hi_d); /* one value: both ends */
    rh = !dots ? rl : rl < 0 || !hi_n ? 1 : parse_date(hi, hi_n, hi_d, &why);
    if (rl < 0 || rh < 0) {
        date_error(p, v, n, why.err ? "no such date" : why.data);
        buf_free(&why);
        return NULL;
    }
    buf_free(&why);
    if (dots && !lo_n && !hi_n) { /* "..": no words either, so say why */
        date_error(p, v, n, "a range needs a start, an end or both, such "
                            "as 2023..2024 or 2023..");
        return NULL;
    }
    if (!rl || !rh || (!lo_n && !hi_n)) {
        if (datelike(v, n)) {
            date_error(p, v, n, "not a date: write YYYY, YYYY-MM or "
                                "YYYY-MM-DD, or a range such as "
                                "2023-9..2024-3");
            return NULL;
        }
        return text_node(p, Q_TEXT, v, n); /* not a date: search the text */
    }
    /* Compared as far as both go: 2024..2024-05 is a range, 2025..2024
     * and 2024-05..2024-04-30 are not. */
    if (lo_n && hi_n &&
        strncmp(lo_d, hi_d, strlen(lo_d) < strlen(hi_d) ? strlen(lo_d)
                                                         : strlen(hi_d)) > 0) {
        date_error(p, v, n, "the range ends before it starts");
        return NULL;
    }
    q = node(p, Q_DATE);
    if (q && (!(q->lo = dup(p, lo_d, strlen(lo_d))) ||
              !(q->hi = dup(p, hi_d, strlen(hi_d))))) {
        query_free(q);
        return NULL;
    }
    return q;
}

static struct qnode *parse_or(struct parser *p, int depth);
static struct qnode *parse_primary(struct parser *p, int depth);

/* field:value, field:"phrase", title:(group). */
static struct qnode *
field_node(struct parser *p, const char *field, size_t flen, const char *v,
           size_t n, int depth)
{
    struct qnode *q, *kid = NULL;
    int is_title = flen == 5;

    if (flen == 4 && memcmp(field, "date", 4) == 0)
        return date_node(p, v, n);
    if (is_title) {
        if (n)
            kid = text_node(p, Q_TEXT, v, n);
        else if (p->tok == L_PHRASE || p->tok == L_LP)
            kid = parse_primary(p, depth);
        if (!kid)
            return NULL;
    } else if (n == 0) {
        if (p->tok != L_PHRASE) /* path:"a b": the value is quoted */
            return NULL;
        v = p->text;
        n = p->len;
        next(p);
        if (n == 0)
            return NULL;
    }
    /* The indexer assigns only these (langguess.c): any other code would
     * silently find nothing, as a bad date: would. */
    if (flen == 4 && memcmp(field, "lang", 4) == 0) {
        static const char *const langs[] = { "zh", "ja", "ko", "en", "und" };
        size_t i;

        for (i = 0; i < sizeof langs / sizeof *langs; i++)
            if (n == strlen(langs[i]) && strncasecmp(v, langs[i], n) == 0)
                break;
        if (i == sizeof langs / sizeof *langs) {
            struct buf b = BUF_INIT;

            if (!p->err) {
                buf_addf(&b, "lang:%.*s%s: unknown language: use zh, ja, "
                             "ko, en (Latin script) or und (undetermined)",
                         (int)(n > 40 ? 40 : n), v, n > 40 ? "..." : "");
                if (!(p->err = buf_detach(&b, NULL)))
                    p->nomem = 1;
            }
            return NULL;
        }
    }
    q = node(p, Q_FIELD);
    if (!q || !(q->field = dup(p, field, flen)) ||
        (!kid && !(q->text = dup(p, v, n)))) {
        query_free(kid);
        query_free(q);
        return NULL;
    }
    if (kid)
        add_kid(p, q, kid);
    return q;
}

static const char *const fields[] = { "title", "path", "ext", "lang", "date" };

static struct qnode *
parse_primary(struct parser *p, int depth)
{
    struct qnode *q = NULL;
    const char *t;
    size_t n, i;

    switch (p->tok) {
    case L_LP:
        next(p);
        if (depth >= QUERY_MAX_DEPTH) {
            p->truncated = 1;
            return parse_primary(p, depth); /* flatten */
        }
        q = parse_or(p, depth + 1);
        if (p->tok == L_RP)
            next(p);
        return q;
    case L_PHRASE:
        q = text_node(p, Q_PHRASE, p->text, p->len);
        next(p);
        return q;
    case L_TEXT:
        t = p->text;
        n = p->len;
        next(p);
        for (i = 0; i < sizeof fields / sizeof *fields; i++) {
            size_t fl = strlen(fields[i]);
            if (n > fl && memcmp(t, fields[i], fl) == 0 && t[fl] == ':')
                return field_node(p, t, fl, t + fl + 1, n - fl - 1, depth);
        }
        return text_node(p, Q_TEXT, t, n);
    default:
        return NULL;
    }
}

/* A list of kids under kind; a single kid stands alone; none is NULL. */
static struct qnode *
collapse(struct qnode *q)
{
    struct qnode *only;

    if (!q)
        return NULL;
    if (q->nkids == 0) {
        query_free(q);
        return NULL;
    }
    if (q->nkids > 1)
        return q;
    only = q->kids[0];
    q->nkids = 0;
    query_free(q);
    return only;
}

static struct qnode *
parse_and(struct parser *p, int depth)
{
    struct qnode *all = node(p, Q_AND), *negs = node(p, Q_OR), *q;

    if (!all || !negs) {
        query_free(all);
        query_free(negs);
        return NULL;
    }
    while (!p->nomem && p->tok != L_EOF && p->tok != L_RP && p->tok != L_OR) {
        if (p->tok == L_AND) {
            next(p);
            continue;
        }
        if (p->tok == L_NOT) {
            next(p);
            while (p->tok == L_NOT || p->tok == L_AND)
                next(p); /* "NOT NOT x", "- AND x": best effort */
            if (p->tok == L_EOF || p->tok == L_RP || p->tok == L_OR)
                break;
            add_kid(p, negs, parse_primary(p, depth));
            continue;
        }
        add_kid(p, all, parse_primary(p, depth));
    }
    if (negs->nkids == 0) {
        query_free(negs);
        return collapse(all);
    }
    q = node(p, Q_NOT);
    if (!q) {
        query_free(all);
        query_free(negs);
        return NULL;
    }
    all = collapse(all);
    add_kid(p, q, all ? all : node(p, Q_ALL));
    for (size_t i = 0; i < negs->nkids; i++)
        add_kid(p, q, negs->kids[i]);
    negs->nkids = 0;
    query_free(negs);
    return q;
}

static struct qnode *
parse_or(struct parser *p, int depth)
{
    struct qnode *any = node(p, Q_OR);

    if (!any)
        return NULL;
    add_kid(p, any, parse_and(p, depth));
    while (!p->nomem && p->tok == L_OR) {
        next(p);
        add_kid(p, any, parse_and(p, depth));
    }
    return collapse(any);
}

sousuo_status_t
query_parse(struct tokenizer *tz, const char *q, size_t len,
            struct qnode **out, int *truncated, char **errmsg)
{
    struct parser p;
    struct qnode *all, *part;

    memset(&p, 0, sizeof p);
    p.s = q;
    p.end = q + len;
    p.tz = tz;
    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    all = node(&p, Q_AND);
    next(&p);
    /* Stray ")" end a parse_or early: skip them and go on. */
    while (all && !p.nomem && p.tok != L_EOF) {
        part = parse_or(&p, 0);
        add_kid(&p, all, part);
        if (p.tok == L_RP)
            next(&p);
    }
    all = collapse(all);
    if (truncated)
        *truncated = p.truncated;
    if (p.nomem) {
        query_free(all);
        free(p.err);
        if (errmsg)
            *errmsg = strdup("out of memory");
        return SOUSUO_NOMEM;
    }
    if (p.err) {
        query_free(all);
        if (errmsg)
            *errmsg = p.err;
        else
            free(p.err);
        return SOUSUO_QUERY;
    }
    if (!all) {
        if (errmsg)
            *errmsg = strdup("the query has no words to search for");
        return SOUSUO_QUERY;
    }
    *out = all;
    return SOUSUO_OK;
}

static void
dump_str(struct buf *out, const char *s)
{
    buf_addch(out, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_addch(out, '\\');
        buf_addch(out, *s);
    }
    buf_addch(out, '"');
}

void
query_dump(const struct qnode *n, struct buf *out)
{
    static const char *const names[] = { "AND", "OR", "NOT", "TEXT",
                                         "PHRASE", "PREFIX", "FIELD",
                                         "DATE", "ALL" };
    size_t i;

    if (!n) {
        buf_addstr(out, "NULL");
        return;
    }
    buf_addstr(out, names[n->kind]);
    switch (n->kind) {
    case Q_TEXT:
    case Q_PHRASE:
    case Q_PREFIX:
        dump_str(out, n->text);
        return;
    case Q_DATE:
        dump_str(out, n->lo);
        buf_addstr(out, "..");
        dump_str(out, n->hi);
        return;
    case Q_FIELD:
        buf_addf(out, ":%s", n->field);
        if (n->text) {
            dump_str(out, n->text);
            return;
        }
        break;
    case Q_ALL:
        return;
    default:
        break;
    }
    buf_addch(out, '(');
    for (i = 0; i < n->nkids; i++) {
        if (i)
            buf_addch(out, ' ');
        query_dump(n->kids[i], out);
    }
    buf_addch(out, ')');
}
