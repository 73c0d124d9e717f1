/* html.c - HTML text, title and date through gumbo's HTML5 tree (entities
 * decoded by gumbo), with html-scan.c's linear fallback for documents that
 * are too big or too deep for it.  Trees are walked without recursion. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "extract-private.h"
#include "extract.h"

/* gumbo is ~20 MB/s on real pages and needs about 10x their size, or
 * ~600 bytes per tag on pages made of tags only; it is quadratic in time
 * when elements nest deeply.  Beyond these limits, flatten.  (Real pages
 * have about 20 tags per KB and nest less than 30 deep.) */
#define GUMBO_MAX_BYTES (4 * 1024 * 1024)
#define GUMBO_MAX_TAGS 200000
#define GUMBO_MAX_DEPTH 256

enum sep { SEP_NONE, SEP_SPACE, SEP_TAB, SEP_LINE };

/* A node the parser moved before the table it is in (mark_moved). */
#define MOVED GUMBO_INSERTION_FOSTER_PARENTED

struct walker {
    struct buf *out;
    enum sep sep;     /* separator owed before the next text */
    int line_empty;   /* nothing written on the current line */
    unsigned pre;     /* depth of pre/listing/textarea/plaintext */
    struct html_sync *y; /* the body: text kept on its source lines */
    unsigned moved;   /* depth of elements the parser moved (mark_moved) */
};

static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static const char *
tag_name(const GumboNode *node, size_t *len)
{
    const char *name = gumbo_normalized_tagname(node->v.element.tag);

    *len = strlen(name);
    return name;
}

static int
keeps_space(GumboTag tag)
{
    return tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING ||
           tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_PLAINTEXT;
}

static void
owe(struct walker *w, enum sep s)
{
    if (s > w->sep)
        w->sep = s;
}

static void
put_sep(struct walker *w)
{
    if (!w->line_empty) {
        if (w->sep == SEP_LINE) {
            buf_addch(w->out, '\n');
            w->line_empty = 1;
        } else if (w->sep == SEP_TAB) {
            buf_addch(w->out, '\t');
        } else if (w->sep == SEP_SPACE) {
            buf_addch(w->out, ' ');
        }
    }
    w->sep = SEP_NONE;
}

/* Every text gumbo hands back goes through here: gumbo 0.10.1 decodes a
 * numeric reference over 2^31 (&#xE2ffffff;) to invalid UTF-8 (a signed
 * overflow), which becomes U+FFFD. */
static void
add_text(struct buf *out, const char *s, size_t n)
{
    if (enc_is_utf8(s, n))
        buf_add(out, s, n);
    else
        enc_decode(&enc_utf8, s, n, 1, out, NULL);
}

static void
put_text(struct walker *w, const char *s, size_t n)
{
    size_t i = 0, j;

    if (!n)
        return;
    if (w->pre) {
        put_sep(w);
        add_text(w->out, s, n);
        w->line_empty = s[n - 1] == '\n';
        return;
    }
    while (i < n) {
        if (is_space((unsigned char)s[i])) {
            owe(w, SEP_SPACE);
            i++;
            continue;
        }
        for (j = i; j < n && !is_space((unsigned char)s[j]); j++)
            ;
        put_sep(w);
        add_text(w->out, s + i, j - i);
        w->line_empty = 0;
        i = j;
    }
}

static size_t
newlines(const char *s, size_t n)
{
    size_t k = 0;
    const char *nl;

    while (n && (nl = memchr(s, '\n', n)) != NULL) {
        k++;
        n -= (size_t)(nl - s) + 1;
        s = nl + 1;
    }
    return k;
}

/* The separator owed, as html_sync_place() takes it. */
static char
sep_char(const struct walker *w)
{
    return w->sep == SEP_NONE ? 0 : w->sep == SEP_TAB ? '\t' : ' ';
}

/* Text node T of the body, each word put on its source line and, where
 * spaces can do it, at its column.  Positions inside T are counted on T
 * (entities decoded), from where T starts in the file; when T and the
 * file do not have the same newlines (a &#10;, a lone CR that gumbo
 * reads as a newline), only T's first word is placed. */
static void
put_synced(struct walker *w, const GumboText *t, int moved)
{
    const char *s = t->text, *o = t->original_text.data;
    size_t n = strlen(s), on = t->original_text.length, line = 0, col = 0;
    size_t pad = w->pre ? (size_t)-1 : HTML_PAD_MAX, i, j;
    size_t nl = newlines(s, n);
    int located = 0, lined = 0;

    /* Text the parser moved (foster-parented out of a table) comes
     * before the text it follows in the file: located, it would take the
     * locator past that text, which would then all go on its line. */
    if (!moved && o >= w->y->src && (size_t)(o - w->y->src) <= w->y->n &&
        on <= w->y->n - (size_t)(o - w->y->src)) {
        size_t onl = newlines(o, on);
        size_t k = on && o[0] == '\n' ? 1
                   : on > 1 && o[0] == '\r' && o[1] == '\n' ? 2 : 0;

        /* The newline that opens a <pre> is in the node's source, not in
         * its text. */
        if (k && onl == nl + 1) {
            o += k;
            on -= k;
            onl--;
        }
        located = html_sync_locate(w->y, (size_t)(o - w->y->src), &line, &col);
        lined = located && nl == onl;
    }
    if (!located) { /* out of source order: on the current line, apart */
        line = w->y->out_line;
        col = 0;
        pad = 0;
    }
    for (i = 0; i < n; i = j) {
        if (is_space((unsigned char)s[i])) {
            owe(w, SEP_SPACE);
            if (s[i] == '\n' && lined) {
                line++;
                col = 0;
            } else {
                col++;
            }
            j = i + 1;
            continue;
        }
        for (j = i; j < n && !is_space((unsigned char)s[j]); j++)
            ;
        html_sync_place(w->y, w->out, line, col, sep_char(w), pad);
        add_text(w->out, s + i, j - i);
        html_sync_wrote(w->y, s + i, j - i);
        w->sep = SEP_NONE;
        col += j - i;
        if (!lined)
            pad = 0; /* the next words: apart, on this line */
    }
}

static int
is_element(const GumboNode *node)
{
    return node->type == GUMBO_NODE_ELEMENT ||
           node->type == GUMBO_NODE_TEMPLATE;
}

static int
skipped(const GumboNode *node)
{
    size_t len;
    const char *name = tag_name(node, &len);

    /* Elements with the hidden attribute are kept: pages reveal them with
     * scripts (LibreOffice's help hides its per-platform key names). */
    return html_is_skipped(name, len);
}

static void
enter(struct walker *w, const GumboNode *node)
{
    size_t len;
    const char *name;

    if (!is_element(node)) {
        if (w->y)
            put_synced(w, &node->v.text,
                       w->moved || (node->parse_flags & MOVED));
        else
            put_text(w, node->v.text.text, strlen(node->v.text.text));
        return;
    }
    name = tag_name(node, &len);
    if (node->v.element.tag == GUMBO_TAG_TD ||
        node->v.element.tag == GUMBO_TAG_TH)
        owe(w, SEP_TAB);
    else if (html_is_block(name, len))
        owe(w, SEP_LINE);
    if (keeps_space(node->v.element.tag))
        w->pre++;
    if (node->parse_flags & MOVED)
        w->moved++;
}

static void
leave(struct walker *w, const GumboNode *node)
{
    size_t len;
    const char *name;

    if (!is_element(node))
        return;
    name = tag_name(node, &len);
    if (keeps_space(node->v.element.tag) && w->pre)
        w->pre--;
    if ((node->parse_flags & MOVED) && w->moved)
        w->moved--;
    if (html_is_block(name, len))
        owe(w, SEP_LINE);
}

static const GumboVector *
children(const GumboNode *node)
{
    if (node->type == GUMBO_NODE_DOCUMENT)
        return &node->v.document.children;
    if (is_element(node))
        return &node->v.element.children;
    return NULL;
}

/* The node after NODE in document order, not entering NODE's children if
 * DESCEND is 0; NULL after the last node under ROOT.  LEAVE is called
 * for every element left on the way (W may be NULL). */
static const GumboNode *
next_node(const GumboNode *root, const GumboNode *node, int descend,
          struct walker *w)
{
    const GumboVector *kids = children(node);

    if (descend && kids && kids->length)
        return kids->data[0];
    for (;;) {
        const GumboNode *parent;

        if (w)
            leave(w, node);
        if (node == root)
            return NULL;
        parent = node->parent;
        kids = children(parent);
        if (node->index_within_parent + 1 < kids->length)
            return kids->data[node->index_within_parent + 1];
        node = parent;
    }
}

/* Append the visible text under ROOT (ROOT included) to W. */
static void
walk(const GumboNode *root, struct walker *w)
{
    const GumboNode *node = root;

    while (node) {
        int descend = 1;

        if (is_element(node) && skipped(node))
            descend = 0;
        else if (node->type != GUMBO_NODE_COMMENT &&
                 node->type != GUMBO_NODE_DOCUMENT)
            enter(w, node);
        if (!descend) {
            /* Skip the subtree without leaving it: it was not entered. */
            const GumboNode *n = node;

            node = NULL;
            while (n != root) {
                const GumboVector *kids = children(n->parent);

                if (n->index_within_parent + 1 < kids->length) {
                    node = kids->data[n->index_within_parent + 1];
                    break;
                }
                n = n->parent;
                leave(w, n);
            }
            continue;
        }
        node = next_node(root, node, 1, w);
    }
}

/* The first element with TAG in the HTML namespace at or after NODE in
 * document order, under ROOT. */
static const GumboNode *
find_from(const GumboNode *root, const GumboNode *node, GumboTag tag)
{
    while (node) {
        if (is_element(node) && node->v.element.tag == tag &&
            node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML)
            return node;
        node = next_node(root, node, 1, NULL);
    }
    return NULL;
}

/* The first element under ROOT with TAG in the HTML namespace. */
static const GumboNode *
find(const GumboNode *root, GumboTag tag)
{
    return find_from(root, root, tag);
}

static sousuo_status_t
title_of(const GumboNode *root, struct buf *title)
{
    const GumboNode *el = find(root, GUMBO_TAG_TITLE);
    struct buf tmp = BUF_INIT;
    unsigned i;

    if (el) {
        for (i = 0; i < el->v.element.children.length; i++) {
            const GumboNode *t = el->v.element.children.data[i];

            if (t->type == GUMBO_NODE_TEXT || t->type == GUMBO_NODE_WHITESPACE)
                add_text(&tmp, t->v.text.text, strlen(t->v.text.text));
        }
        extract_title_set(title, tmp.data, tmp.len);
    }
    /* Else the first h1 with text: an empty one (an anchor, an icon)
     * would give no title at all. */
    for (el = title->len ? NULL : find(root, GUMBO_TAG_H1); el;
         el = find_from(root, next_node(root, el, 0, NULL), GUMBO_TAG_H1)) {
        struct walker w = { &tmp, SEP_NONE, 1, 0, NULL, 0 };

        buf_reset(&tmp);
        walk(el, &w);
        extract_title_set(title, tmp.data, tmp.len);
        if (title->len)
            break;
    }
    buf_free(&tmp);
    return title->err || tmp.err ? SOUSUO_NOMEM : SOUSUO_OK;
}

static int
is_heading(const GumboNode *node)
{
    GumboTag t;

    if (!is_element(node) ||
        node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
        return 0;
    t = node->v.element.tag;
    return (t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 ||
            t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6);
}

/* Each h1-h6 as one line, NUL-terminated: ranking gives a query that is
 * exactly a heading of a document a boost (schema.h PFX_HEADING). */
static sousuo_status_t
headings_of(const GumboNode *root, struct buf *headings)
{
    const GumboNode *node = root;
    struct buf tmp = BUF_INIT, one = BUF_INIT;
    unsigned n = 0;

    while (node && n < EXTRACT_MAX_HEADINGS) {
        if (is_heading(node)) {
            struct walker w = { &tmp, SEP_NONE, 1, 0, NULL, 0 };

            buf_reset(&tmp);
            walk(node, &w);
            extract_title_set(&one, tmp.data, tmp.len);
            if (one.len) {
                buf_add(headings, one.data, one.len);
                buf_addch(headings, '\0');
                n++;
            }
            /* Not into the heading again. */
            node = next_node(root, node, 0, NULL);
            continue;
        }
        node = next_node(root, node, 1, NULL);
    }
    buf_free(&tmp);
    buf_free(&one);
    return headings->err || tmp.err || one.err ? SOUSUO_NOMEM : SOUSUO_OK;
}

/* A date from <meta property|name|itemprop=... content=...> or an element
 * with itemprop="datePublished". */
static void
date_of(const GumboNode *root, char date[11])
{
    static const char *const names[] = {
        "article:published_time", "og:published_time", "date", "dc.date",
        "dc.date.issued", "dc.date.created", "dcterms.date",
        "dcterms.issued", "dcterms.created", "pubdate", "publishdate",
        "publish-date", "publication_date", "citation_publication_date",
        "citation_date", "datepublished", "parsely-pub-date",
        "sailthru.date", NULL,
    };
    static const char *const keys[] = { "property", "name", "itemprop", NULL };
    const GumboNode *node = root;

    while (node) {
        if (is_element(node)) {
            const GumboVector *attrs = &node->v.element.attributes;
            const GumboAttribute *val = gumbo_get_attribute(attrs, "content");
            size_t k, m;

            if (!val)
                val = gumbo_get_attribute(attrs, "datetime");
            for (k = 0; val && keys[k]; k++) {
                const GumboAttribute *a = gumbo_get_attribute(attrs, keys[k]);

                for (m = 0; a && names[m]; m++)
                    if (strcasecmp(a->value, names[m]) == 0 &&
                        date_find(val->value, strlen(val->value), date))
                        return;
            }
        }
        node = next_node(root, node, 1, NULL);
    }
}

/* Where NODE starts in the page; 0 for an element the parser made up. */
static size_t
node_offset(const GumboNode *node)
{
    if (is_element(node))
        return node->parse_flags & GUMBO_INSERTION_IMPLIED
                   ? 0
                   : node->v.element.start_pos.offset;
    return node->v.text.start_pos.offset;
}

/* Flag with MOVED the nodes the parser put before a table that are after
 * its start in the page: text and elements inside a table but outside
 * its cells, "foster-parented" (gumbo 0.10.1 does not flag them).  Such
 * text is not placed on its line: the cells after it in the tree are
 * before it in the page, and html_sync_locate() only goes forward. */
static void
mark_moved(GumboNode *root)
{
    GumboNode *node = root;

    while (node) {
        if (is_element(node) && node->v.element.tag == GUMBO_TAG_TABLE &&
            node->parent && node->index_within_parent > 0) {
            const GumboVector *kids = children(node->parent);
            size_t at = node_offset(node), i = node->index_within_parent;

            while (i-- > 0) {
                GumboNode *p = kids->data[i];

                if (p->type == GUMBO_NODE_COMMENT ||
                    p->type == GUMBO_NODE_DOCUMENT ||
                    (p->parse_flags & MOVED) || node_offset(p) <= at)
                    break;
                p->parse_flags |= MOVED;
            }
        }
        node = (GumboNode *)next_node(root, node, 1, NULL);
    }
}

sousuo_status_t
html_decode_refs(const char *s, size_t n, struct buf *out)
{
    static const char head[] = "<pre>\n";
    struct buf in = BUF_INIT;
    GumboOptions opt = kGumboDefaultOptions;
    GumboOutput *g;
    const GumboNode *pre;
    unsigned i;

    buf_add(&in, head, sizeof head - 1);
    buf_add(&in, s, n);
    if (in.err)
        return SOUSUO_NOMEM;
    opt.max_errors = 0;
    g = gumbo_parse_with_options(&opt, in.data, in.len);
    if (!g) {
        buf_free(&in);
        return SOUSUO_NOMEM;
    }
    pre = find(g->root, GUMBO_TAG_PRE);
    for (i = 0; pre && i < pre->v.element.children.length; i++) {
        const GumboNode *t = pre->v.element.children.data[i];

        if (t->type == GUMBO_NODE_TEXT || t->type == GUMBO_NODE_WHITESPACE)
            add_text(out, t->v.text.text, strlen(t->v.text.text));
    }
    gumbo_destroy_output(&opt, g);
    buf_free(&in);
    return out->err ? SOUSUO_NOMEM : SOUSUO_OK;
}

sousuo_status_t
html_extract(const char *s, size_t n, struct buf *text, struct buf *title,
             struct buf *headings, struct buf *colmap, char date[11])
{
    GumboOptions opt = kGumboDefaultOptions;
    GumboOutput *g;
    struct html_sync y;
    struct walker w = { text, SEP_NONE, 1, 0, &y, 0 };
    sousuo_status_t st;
    size_t depth = 0, tags = 0;

    if (n <= GUMBO_MAX_BYTES)
        html_measure(s, n, &depth, &tags);
    if (n > GUMBO_MAX_BYTES || tags > GUMBO_MAX_TAGS ||
        depth > GUMBO_MAX_DEPTH)
        return html_flatten(s, n, text, title);
    opt.max_errors = 0; /* errors are not used: do not collect them */
    g = gumbo_parse_with_options(&opt, s, n);
    if (!g)
        return SOUSUO_NOMEM;
    /* The root is <html>: head is skipped as an element, and the body (or
     * a frameset's noframes) is everything else. */
    html_sync_init(&y, s, n, colmap);
    mark_moved(g->root);
    walk(g->root, &w);
    st = title_of(g->root, title);
    if (st == SOUSUO_OK)
        st = headings_of(g->root, headings);
    date_of(g->root, date);
    gumbo_destroy_output(&opt, g);
    if (st == SOUSUO_OK && (text->err || colmap->err))
        st = SOUSUO_NOMEM;
    return st;
}
