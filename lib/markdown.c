/* markdown.c - the title of a Markdown document.  The text itself is
 * indexed as written (see extract.h), so only the title needs reading the
 * block structure: front matter, fenced code, ATX and setext headings.
 * YAML front matter is read by libyaml, a heading's text by libcmark. */
#include "config.h"

#include <string.h>

#include <cmark.h>
#include <yaml.h>

#include "extract-private.h"

/* Front matter is looked for in this many bytes at most. */
#define FRONT_MAX (64 * 1024)
/* cmark reads at most this much of a heading's source: a title keeps
 * 200 bytes, and a multi-MB heading line is not worth parsing. */
#define INLINE_MAX (16 * 1024)
/* Headings given to cmark that come out empty ("# <br>"), at most: past
 * them a heading's text is taken as written, so that a file of millions
 * of such lines costs no more than before. */
#define CMARK_TRIES 256
/* HTML blocks are looked at in this much of the body, each at most this
 * long: a README's centred <h1> comes first. */
#define HTML_MAX (64 * 1024)

struct line {
    const char *s; /* without the line ending */
    size_t n;
    size_t next;   /* offset of the next line */
};

static void
line_at(const char *s, size_t len, size_t i, struct line *l)
{
    const char *nl = memchr(s + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - s) : len;

    l->s = s + i;
    l->next = nl ? end + 1 : len;
    if (end > i && s[end - 1] == '\r')
        end--;
    l->n = end - i;
}

static int
blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* Leading indentation in columns (a tab counts 4); *SKIP gets its bytes. */
static size_t
indent(const struct line *l, size_t *skip)
{
    size_t i = 0, col = 0;

    while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t')) {
        col += l->s[i] == '\t' ? 4 - col % 4 : 1;
        i++;
    }
    *skip = i;
    return col;
}

/* A run of at least MIN characters C at the start of S, then only blanks
 * if REST_BLANK.  Returns the run length or 0. */
static size_t
run_of(const char *s, size_t n, char c, size_t min, int rest_blank)
{
    size_t k = 0;

    while (k < n && s[k] == c)
        k++;
    if (k < min || (rest_blank && !blank(s + k, n - k)))
        return 0;
    return k;
}

/* A top-level key that names the title. */
static int
title_key(const yaml_event_t *ev)
{
    const char *k = (const char *)ev->data.scalar.value;

    return ev->data.scalar.length == 5 &&
           (memcmp(k, "title", 5) == 0 || memcmp(k, "Title", 5) == 0);
}

/* A plain scalar YAML reads as null: no title. */
static int
yaml_null(const yaml_event_t *ev)
{
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
    size_t i;

    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    for (i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        if (strlen(nulls[i]) == ev->data.scalar.length &&
            memcmp(nulls[i], ev->data.scalar.value,
                   ev->data.scalar.length) == 0)
            return 1;
    return 0;
}

/* The top-level `title` (or `Title`) scalar of the YAML front matter
 * S[0..N), quoting, escapes, block scalars and comments read by libyaml.
 * The whole block must parse: invalid YAML gives no title (the headings
 * decide), as does a title that is null, a list, a mapping or an alias. */
static int
yaml_title(const char *s, size_t n, struct buf *title)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    struct buf val = BUF_INIT;
    /* DEPTH counts open collections; at depth 1 (the top mapping) scalars
     * alternate key, value: WANT_KEY says which comes next. */
    size_t depth = 0;
    int ok = 0, found = 0, want_key = 1, take = 0, top_map = 0, done = 0;

    if (!yaml_parser_initialize(&parser))
        return 0;
    yaml_parser_set_input_string(&parser, (const unsigned char *)s, n);
    while (!done) {
        if (!yaml_parser_parse(&parser, &ev))
            break; /* invalid YAML (or out of memory): no title */
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            ok = 1;
            done = 1;
            break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            if (depth == 0)
                top_map = ev.type == YAML_MAPPING_START_EVENT;
            else if (depth == 1 && !want_key) {
                take = 0; /* a collection as the value: not a title */
                want_key = 1;
            } else if (depth == 1)
                want_key = 0; /* a complex key: its value follows */
            depth++;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            depth--;
            break;
        case YAML_SCALAR_EVENT:
        case YAML_ALIAS_EVENT:
            if (depth != 1 || !top_map)
                break;
            if (want_key) {
                take = !found && ev.type == YAML_SCALAR_EVENT &&
                       title_key(&ev);
                want_key = 0;
                break;
            }
            if (take && ev.type == YAML_SCALAR_EVENT && !yaml_null(&ev)) {
                buf_add(&val, ev.data.scalar.value, ev.data.scalar.length);
                found = 1;
            }
            take = 0;
            want_key = 1;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (ok && found && !val.err)
        extract_title_set(title, val.data, val.len);
    buf_free(&val);
    return title->len > 0;
}

/* title = "Foo" in TOML front matter between the fences. */
static int
front_title(const char *s, size_t n, char sep, struct buf *title)
{
    size_t i = 0;
    struct line l;

    while (i < n) {
        line_at(s, n, i, &l);
        i = l.next;
        if (l.n > 5 && (memcmp(l.s, "title", 5) == 0 ||
                        memcmp(l.s, "Title", 5) == 0)) {
            const char *v = l.s + 5, *e = l.s + l.n;

            while (v < e && (*v == ' ' || *v == '\t'))
                v++;
            if (v >= e || *v != sep)
                continue;
            v++;
            while (v < e && (*v == ' ' || *v == '\t'))
                v++;
            while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            if (e - v >= 2 && (*v == '"' || *v == '\'') && e[-1] == *v) {
                v++;
                e--;
            }
            extract_title_set(title, v, (size_t)(e - v));
            return title->len > 0;
        }
    }
    return 0;
}

/* Skip a YAML (---) or TOML (+++) front matter; take its title if any.
 * Returns the offset of the body. */
static size_t
front_matter(const char *s, size_t n, struct buf *title)
{
    size_t lim = n < FRONT_MAX ? n : FRONT_MAX, i;
    struct line l;
    char c;

    if (n < 4)
        return 0;
    line_at(s, n, 0, &l);
    c = s[0];
    if ((c != '-' && c != '+') || run_of(l.s, l.n, c, 3, 1) != 3)
        return 0;
    for (i = l.next; i < lim;) {
        struct line e;

        line_at(s, n, i, &e);
        if ((run_of(e.s, e.n, c, 3, 1) == 3) ||
            (c == '-' && run_of(e.s, e.n, '.', 3, 1) == 3)) {
            if (c == '-')
                yaml_title(s + l.next, i - l.next, title);
            else
                front_title(s + l.next, i - l.next, '=', title);
            return e.next;
        }
        i = e.next;
    }
    return 0;
}

/* A line that starts a list item, block quote, table row or HTML block:
 * a setext underline after it is not a heading. */
static int
not_paragraph(const char *s, size_t n)
{
    size_t k = 0;

    if (!n)
        return 1;
    if (s[0] == '>' || s[0] == '<' || s[0] == '|')
        return 1;
    if ((s[0] == '-' || s[0] == '*' || s[0] == '+') &&
        (n == 1 || s[1] == ' ' || s[1] == '\t'))
        return 1;
    while (k < n && k < 9 && s[k] >= '0' && s[k] <= '9')
        k++;
    return k && k < n && (s[k] == '.' || s[k] == ')') &&
           (k + 1 == n || s[k + 1] == ' ' || s[k + 1] == '\t');
}

/* "***", "- - -", "___": three or more of one of them, blanks between. */
static int
thematic_break(const char *t, size_t n)
{
    size_t i, count = 0;

    if (t[0] != '-' && t[0] != '*' && t[0] != '_')
        return 0;
    for (i = 0; i < n; i++) {
        if (t[i] == t[0])
            count++;
        else if (t[i] != ' ' && t[i] != '\t')
            return 0;
    }
    return count >= 3;
}

/* The text of an ATX heading line T (after the indentation), or -1 if T
 * is not one.  Sets *V and returns the length. */
static long
atx(const char *t, size_t n, const char **v)
{
    size_t k = run_of(t, n, '#', 1, 0), e;

    if (!k || k > 6 || (k < n && t[k] != ' ' && t[k] != '\t'))
        return -1;
    while (k < n && (t[k] == ' ' || t[k] == '\t'))
        k++;
    e = n;
    while (e > k && (t[e - 1] == ' ' || t[e - 1] == '\t'))
        e--;
    /* A closing run of '#' preceded by a blank (or alone) is dropped. */
    {
        size_t h = e;

        while (h > k && t[h - 1] == '#')
            h--;
        if (h < e && (h == k || t[h - 1] == ' ' || t[h - 1] == '\t')) {
            e = h;
            while (e > k && (t[e - 1] == ' ' || t[e - 1] == '\t'))
                e--;
        }
    }
    *v = t + k;
    return (long)(e - k);
}

/* TITLE = the plain text of the Markdown source S[0..N) (a heading's
 * lines, as in the file) as cmark reads it: text and code, link text
 * without its URL, an image's alt text, entities decoded, backslash
 * escapes gone, inline HTML dropped, line breaks as spaces. */
static void
cmark_title(const char *s, size_t n, struct buf *title)
{
    struct buf out = BUF_INIT;
    cmark_node *doc, *node;
    cmark_iter *it;
    cmark_event_type ev;

    if (n > INLINE_MAX) {
        n = INLINE_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT);
    if (!doc) {
        extract_title_set(title, s, n);
        return;
    }
    it = cmark_iter_new(doc);
    while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        node = cmark_iter_get_node(it);
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            buf_addstr(&out, cmark_node_get_literal(node));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            buf_addch(&out, ' ');
            break;
        default:
            /* Blocks (a setext underline cmark saw otherwise) apart. */
            if (ev == CMARK_EVENT_EXIT)
                buf_addch(&out, ' ');
            break;
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    if (!out.err)
        extract_title_set(title, out.data, out.len);
    buf_free(&out);
}

/* The title from a heading's source S[0..N); cmark while TRIES last. */
static void
heading_title(const char *s, size_t n, int *tries, struct buf *title)
{
    if (*tries < CMARK_TRIES) {
        cmark_title(s, n, title);
        if (!title->len)
            ++*tries;
    } else {
        extract_title_set(title, s, n); /* the source, as it was read */
    }
}

/* "<h1" then a space, '>' or '/', in any case, in S. */
static int
has_h1(const char *s)
{
    for (; (s = strchr(s, '<')) != NULL; s++)
        if ((s[1] | 0x20) == 'h' && s[2] == '1' &&
            (s[3] == '>' || s[3] == '/' || s[3] == ' ' || s[3] == '\t' ||
             s[3] == '\n' || s[3] == '\r'))
            return 1;
    return 0;
}

/* A paragraph would start with '<' at T, in line FIRST: if cmark reads an
 * HTML block there, set TITLE from its <h1> (gumbo, as for an HTML page),
 * if it has one, and return the offset of the line after the block (its
 * lines are raw HTML: no headings in them).  0 if it is no HTML block. */
static size_t
html_block(const char *s, size_t n, const struct line *first, const char *t,
           struct buf *title)
{
    size_t start = (size_t)(t - s), end = (size_t)(first->s + first->n - s);
    size_t off = first->next, ret = 0, lines, k;
    struct line x;
    cmark_node *doc, *b;

    /* To the first blank line, where most HTML blocks end. */
    while (off < n && end - start < HTML_MAX) {
        line_at(s, n, off, &x);
        if (blank(x.s, x.n))
            break;
        end = (size_t)(x.s + x.n - s);
        off = x.next;
    }
    if (end - start > HTML_MAX) {
        end = start + HTML_MAX;
        while (end > start && ((unsigned char)s[end] & 0xC0) == 0x80)
            end--;
    }
    doc = cmark_parse_document(t, end - start, CMARK_OPT_DEFAULT);
    if (!doc)
        return 0;
    b = cmark_node_first_child(doc);
    if (b && cmark_node_get_type(b) == CMARK_NODE_HTML_BLOCK) {
        const char *h = cmark_node_get_literal(b);

        if (h && has_h1(h)) {
            struct buf text = BUF_INIT, heads = BUF_INIT, cmap = BUF_INIT;
            char date[11] = "";

            if (html_extract(h, strlen(h), &text, title, &heads, &cmap,
                             date) != SOUSUO_OK && title->len)
                buf_reset(title);
            buf_free(&text);
            buf_free(&heads);
            buf_free(&cmap);
        }
        lines = (size_t)cmark_node_get_end_line(b);
        off = (size_t)(first->s - s);
        for (k = 0; k < lines && off < n; k++) {
            line_at(s, n, off, &x);
            off = x.next;
        }
        ret = off > first->next ? off : first->next;
    }
    cmark_node_free(doc);
    return ret;
}

void
md_title(const char *s, size_t n, struct buf *title)
{
    size_t i = front_matter(s, n, title), body = i;
    size_t para = (size_t)-1, para_end = 0, fence = 0, skip, col;
    char fence_c = 0;
    int para_ok = 0, tries = 0;
    struct line l;

    if (title->len)
        return;
    for (; i < n; i = l.next) {
        const char *t, *v;
        size_t tn, k;
        long vn;

        line_at(s, n, i, &l);
        col = indent(&l, &skip);
        t = l.s + skip;
        tn = l.n - skip;
        if (fence) { /* inside fenced code until a long enough fence */
            if (col < 4 && run_of(t, tn, fence_c, fence, 1))
                fence = 0;
            continue;
        }
        if (!tn) {
            para = (size_t)-1;
            continue;
        }
        if (col >= 4) { /* indented code, or a paragraph's continuation */
            if (para != (size_t)-1)
                para_end = (size_t)(l.s + l.n - s);
            continue;
        }
        if ((k = run_of(t, tn, '`', 3, 0)) || (k = run_of(t, tn, '~', 3, 0))) {
            fence = k;
            fence_c = t[0];
            para = (size_t)-1;
            continue;
        }
        if ((vn = atx(t, tn, &v)) >= 0) {
            if (vn > 0)
                heading_title(tries < CMARK_TRIES ? t : v,
                              tries < CMARK_TRIES ? tn : (size_t)vn, &tries,
                              title);
            if (title->len)
                return;
            para = (size_t)-1;
            continue;
        }
        if (para != (size_t)-1 && para_ok &&
            (run_of(t, tn, '=', 1, 1) || run_of(t, tn, '-', 1, 1))) {
            heading_title(s + para,
                          tries < CMARK_TRIES ? (size_t)(l.s + l.n - s) - para
                                              : para_end - para,
                          &tries, title);
            if (title->len)
                return;
            para = (size_t)-1;
            continue;
        }
        if (thematic_break(t, tn)) {
            para = (size_t)-1;
            continue;
        }
        if (para == (size_t)-1 && t[0] == '<' &&
            (size_t)(t - s) - body < HTML_MAX) {
            size_t after = html_block(s, n, &l, t, title);

            if (title->len)
                return;
            if (after) {
                l.next = after;
                continue;
            }
        }
        if (para == (size_t)-1) {
            para = (size_t)(t - s);
            para_ok = !not_paragraph(t, tn);
        }
        para_end = (size_t)(l.s + l.n - s);
    }
    extract_text_title(s + body, n - body, title);
}
