/* html-scan.c - HTML read as a flat stream of tags and text, without a
 * tree: the charset pre-scan (as browsers do before parsing), a nesting
 * depth estimate, and the linear "flatten" fallback of html_extract() for
 * documents where gumbo would be quadratic or huge.  Linear in the input;
 * never reads past its end. */
#include "config.h"

#include <string.h>

#include "docdata.h"
#include "extract-private.h"
#include "extract.h"

#define SNIFF_BYTES 4096
/* The flatten path hands gumbo (for character references) about this much
 * text at a time. */
#define FLAT_PIECE (1024 * 1024)

/* ---- element classes ------------------------------------------------ */

static int
in_list(const char *const *list, const char *name, size_t n)
{
    if (!n)
        return 0;
    for (; *list; list++)
        if ((*list)[0] == name[0] && strncmp(*list, name, n) == 0 &&
            (*list)[n] == '\0')
            return 1;
    return 0;
}

int
html_is_block(const char *name, size_t n)
{
    static const char *const blocks[] = {
        "address", "article", "aside", "blockquote", "body", "br",
        "caption", "center", "dd", "details", "dialog", "dir", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "html", "legend", "li", "listing", "main", "menu", "nav",
        "ol", "optgroup", "option", "p", "plaintext", "pre", "search",
        "section", "summary", "table", "tbody", "textarea", "tfoot",
        "thead", "tr", "ul", NULL,
    };
    return in_list(blocks, name, n);
}

int
html_is_skipped(const char *name, size_t n)
{
    static const char *const skipped[] = {
        "head", "script", "style", "noscript", "template", "iframe",
        "svg", "math", "noembed", "noframes", "xmp", "datalist", NULL,
    };
    return in_list(skipped, name, n);
}

/* Elements whose start tag does not open a nesting level for html_measure:
 * void elements, and those closed implicitly by a sibling. */
static int
is_flat(const char *name, size_t n)
{
    static const char *const flat[] = {
        "area", "base", "basefont", "bgsound", "br", "col", "embed",
        "frame", "hr", "image", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr", "p", "li", "dt", "dd", "option",
        "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup",
        "rb", "rt", "rtc", "rp", NULL,
    };
    return in_list(flat, name, n);
}

/* Raw text: the content up to the matching end tag is not markup. */
static int
is_rawtext(const char *name, size_t n)
{
    static const char *const raw[] = {
        "script", "style", "xmp", "iframe", "noembed", "noframes",
        "noscript", "textarea", "title", NULL,
    };
    return in_list(raw, name, n);
}

/* ---- the tokenizer -------------------------------------------------- */

static int
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static unsigned char
lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

static int
ieq(const char *a, size_t an, const char *b)
{
    size_t i;

    if (an != strlen(b))
        return 0;
    for (i = 0; i < an; i++)
        if (lower((unsigned char)a[i]) != (unsigned char)b[i])
            return 0;
    return 1;
}

enum markup { MK_TEXT, MK_TAG, MK_SKIP };

struct tag {
    char name[16];  /* lower-case; "" if longer than 15 bytes */
    size_t name_len;
    int end;        /* </name> */
    int selfclose;  /* <name/> */
    const char *attrs; /* the bytes after the name, up to the '>' */
    size_t attrs_len;
};

struct attr {
    const char *name, *val;
    size_t name_len, val_len;
};

/* Next attribute of A[*I..N); 0 when there is none left. */
static int
next_attr(const char *a, size_t n, size_t *i, struct attr *at)
{
    size_t p = *i;

    while (p < n && (is_space((unsigned char)a[p]) || a[p] == '/'))
        p++;
    if (p >= n)
        return 0;
    at->name = a + p;
    p++; /* a first '=' belongs to the name */
    while (p < n && !is_space((unsigned char)a[p]) && a[p] != '/' &&
           a[p] != '=')
        p++;
    at->name_len = (size_t)(a + p - at->name);
    at->val = a + p;
    at->val_len = 0;
    while (p < n && is_space((unsigned char)a[p]))
        p++;
    if (p < n && a[p] == '=') {
        p++;
        while (p < n && is_space((unsigned char)a[p]))
            p++;
        if (p < n && (a[p] == '"' || a[p] == '\'')) {
            const char *q = memchr(a + p + 1, a[p], n - p - 1);

            at->val = a + p + 1;
            at->val_len = q ? (size_t)(q - at->val) : n - p - 1;
            p = q ? (size_t)(q - a) + 1 : n;
        } else {
            at->val = a + p;
            while (p < n && !is_space((unsigned char)a[p]))
                p++;
            at->val_len = (size_t)(a + p - at->val);
        }
    }
    *i = p;
    return 1;
}

/* Markup at S[I] == '<'.  MK_TAG fills *T; MK_SKIP is a comment, doctype
 * or processing instruction; MK_TEXT means the '<' is a literal.  *NEXT is
 * the index after it. */
static enum markup
markup(const char *s, size_t n, size_t i, struct tag *t, size_t *next)
{
    size_t p = i + 1, start;
    char quote = 0, prev = 0;

    if (p + 2 < n && s[p] == '!' && s[p + 1] == '-' && s[p + 2] == '-') {
        for (p += 3; p < n; p++)
            if (s[p] == '>' && p >= i + 6 &&
                ((s[p - 1] == '-' && s[p - 2] == '-') ||
                 (s[p - 1] == '!' && s[p - 2] == '-' && s[p - 3] == '-')))
                break;
        *next = p < n ? p + 1 : n;
        return MK_SKIP;
    }
    if (p < n && (s[p] == '!' || s[p] == '?' ||
                  (s[p] == '/' && p + 1 < n && s[p + 1] != '>' &&
                   !is_alpha((unsigned char)s[p + 1])))) {
        const char *gt = memchr(s + p, '>', n - p);

        *next = gt ? (size_t)(gt - s) + 1 : n;
        return MK_SKIP;
    }
    t->end = p < n && s[p] == '/';
    if (t->end)
        p++;
    if (p >= n || !is_alpha((unsigned char)s[p])) {
        if (t->end && p < n && s[p] == '>') { /* "</>" is dropped */
            *next = p + 1;
            return MK_SKIP;
        }
        *next = i + 1;
        return MK_TEXT;
    }
    start = p;
    while (p < n && !is_space((unsigned char)s[p]) && s[p] != '/' &&
           s[p] != '>')
        p++;
    t->name_len = p - start;
    if (t->name_len < sizeof t->name) {
        size_t k;

        for (k = 0; k < t->name_len; k++)
            t->name[k] = (char)lower((unsigned char)s[start + k]);
    } else {
        t->name_len = 0;
    }
    t->name[t->name_len] = '\0';
    t->attrs = s + p;
    /* The tag ends at the first '>' outside a quoted attribute value. */
    for (; p < n; p++) {
        if (quote) {
            if (s[p] == quote)
                quote = 0;
        } else if (s[p] == '>') {
            break;
        } else if ((s[p] == '"' || s[p] == '\'') && prev == '=') {
            quote = s[p];
        }
        if (!is_space((unsigned char)s[p]))
            prev = s[p];
    }
    t->attrs_len = (size_t)(s + p - t->attrs);
    t->selfclose = p > start && p < n && s[p - 1] == '/';
    *next = p < n ? p + 1 : n;
    return MK_TAG;
}

/* The index of the end tag "</NAME" that closes raw text starting at I
 * (or N), and in *NEXT the index after that end tag's '>'. */
static size_t
rawtext_end(const char *s, size_t n, size_t i, const char *name,
            size_t *next)
{
    size_t len = strlen(name);
    const char *lt;

    while (i < n && (lt = memchr(s + i, '<', n - i)) != NULL) {
        size_t p = (size_t)(lt - s);

        if (p + 2 + len <= n && s[p + 1] == '/' &&
            ieq(s + p + 2, len, name) &&
            (p + 2 + len == n || is_space((unsigned char)s[p + 2 + len]) ||
             s[p + 2 + len] == '/' || s[p + 2 + len] == '>')) {
            const char *gt = memchr(s + p, '>', n - p);

            *next = gt ? (size_t)(gt - s) + 1 : n;
            return p;
        }
        i = p + 1;
    }
    *next = n;
    return n;
}

/* ---- charset pre-scan ----------------------------------------------- */

/* The encoding label after "charset" in V[0..N) ("text/html; charset=x"). */
static const struct enc *
label_after_charset(const char *v, size_t n)
{
    size_t i;

    for (i = 0; i + 7 <= n; i++) {
        size_t p = i + 7, q;
        char label[40];

        if (!ieq(v + i, 7, "charset"))
            continue;
        while (p < n && is_space((unsigned char)v[p]))
            p++;
        if (p >= n || v[p] != '=')
            continue;
        p++;
        while (p < n && (is_space((unsigned char)v[p]) || v[p] == '"' ||
                         v[p] == '\''))
            p++;
        for (q = 0; p < n && q + 1 < sizeof label && v[p] != ';' &&
                    v[p] != '"' && v[p] != '\'' &&
                    !is_space((unsigned char)v[p]);
             p++)
            label[q++] = v[p];
        label[q] = '\0';
        return enc_lookup(label);
    }
    return NULL;
}

static const struct enc *
sniffed(const struct enc *e)
{
    return e == &enc_utf16le || e == &enc_utf16be ? &enc_utf8 : e;
}

const struct enc *
html_sniff_charset(const char *p, size_t len)
{
    size_t lim = len < SNIFF_BYTES ? len : SNIFF_BYTES, i = 0, next;
    const struct enc *e;
    struct tag t;

    if (lim >= 5 && memcmp(p, "<?xml", 5) == 0) {
        const char *end = memchr(p, '>', lim);
        size_t n = end ? (size_t)(end - p) : lim, k;

        for (k = 0; k + 8 <= n; k++) {
            if (memcmp(p + k, "encoding", 8) == 0) {
                size_t j = k + 8, q = 0;
                char label[40];

                while (j < n && (is_space((unsigned char)p[j]) ||
                                 p[j] == '=' || p[j] == '"' || p[j] == '\''))
                    j++;
                while (j < n && q + 1 < sizeof label && p[j] != '"' &&
                       p[j] != '\'' && !is_space((unsigned char)p[j]) &&
                       p[j] != '?')
                    label[q++] = p[j++];
                label[q] = '\0';
                if ((e = enc_lookup(label)) != NULL)
                    return sniffed(e);
                break;
            }
        }
    }
    while (i < lim) {
        const char *lt = memchr(p + i, '<', lim - i);

        if (!lt)
            break;
        i = (size_t)(lt - p);
        /* A tag may run a little past the limit; not past LEN. */
        if (markup(p, len, i, &t, &next) == MK_TAG && !t.end &&
            strcmp(t.name, "meta") == 0) {
            size_t k = 0;
            struct attr a;

            while (next_attr(t.attrs, t.attrs_len, &k, &a)) {
                if (ieq(a.name, a.name_len, "charset")) {
                    char label[40];
                    size_t q = a.val_len < sizeof label - 1 ? a.val_len
                                                            : sizeof label - 1;

                    memcpy(label, a.val, q);
                    label[q] = '\0';
                    if ((e = enc_lookup(label)) != NULL)
                        return sniffed(e);
                } else if (ieq(a.name, a.name_len, "content") &&
                           (e = label_after_charset(a.val, a.val_len))) {
                    return sniffed(e);
                }
            }
        }
        i = next > i ? next : i + 1;
    }
    return NULL;
}

/* ---- nesting depth -------------------------------------------------- */

void
html_measure(const char *s, size_t n, size_t *max_depth, size_t *tags)
{
    size_t i = 0, next, depth = 0, max = 0, foreign = 0, count = 0;
    struct tag t;

    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);

        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (markup(s, n, i, &t, &next) != MK_TAG || !t.name_len) {
            i = next;
            continue;
        }
        i = next;
        count++;
        if (t.end) {
            if (!is_flat(t.name, t.name_len) && depth)
                depth--;
            if ((strcmp(t.name, "svg") == 0 || strcmp(t.name, "math") == 0) &&
                foreign)
                foreign--;
            continue;
        }
        if (is_rawtext(t.name, t.name_len)) {
            rawtext_end(s, n, i, t.name, &next);
            i = next;
            continue;
        }
        if (strcmp(t.name, "svg") == 0 || strcmp(t.name, "math") == 0)
            foreign++;
        if (is_flat(t.name, t.name_len) || (t.selfclose && foreign))
            continue;
        if (++depth > max)
            max = depth;
    }
    *max_depth = max;
    *tags = count;
}

/* ---- source lines --------------------------------------------------- */

void
html_sync_init(struct html_sync *y, const char *s, size_t n,
               struct buf *cmap)
{
    memset(y, 0, sizeof *y);
    y->src = s;
    y->n = n;
    y->cmap = cmap;
}

int
html_sync_locate(struct html_sync *y, size_t off, size_t *line, size_t *col)
{
    const char *nl;

    if (off < y->at || off > y->n)
        return 0; /* counting back could make a run quadratic */
    while ((nl = memchr(y->src + y->at, '\n', off - y->at)) != NULL) {
        y->line++;
        y->at = y->lstart = (size_t)(nl - y->src) + 1;
    }
    y->at = off;
    *line = y->line;
    *col = off - y->lstart;
    return 1;
}

/* The map's entry for text written from OUT's end on, which is at COL in
 * the file (never to the left of where it is in the text). */
static void
shift(struct html_sync *y, const struct buf *out, size_t col)
{
    size_t add = col > y->out_col ? col - y->out_col : 0;

    if (add != y->add && y->cmap->len < HTML_COLMAP_MAX) {
        colmap_put(y->cmap, &y->cmap_prev, out->len, add);
        y->add = add;
    }
}

void
html_sync_place(struct html_sync *y, struct buf *out, size_t line,
                size_t col, char sep, size_t padmax)
{
    if (!sep && y->out_col) {
        if (y->cmap && padmax && line == y->out_line)
            shift(y, out, col);
        return;
    }
    if (line > y->out_line) {
        for (; y->out_line < line; y->out_line++)
            buf_addch(out, '\n');
        y->out_col = 0;
        y->add = 0;
    }
    if (y->cmap) {
        if (y->out_col && sep) {
            buf_addch(out, sep);
            y->out_col++;
        }
        if (padmax)
            shift(y, out, col);
    } else if (col > y->out_col && col - y->out_col <= padmax) {
        /* A tab keeps its meaning (a table cell) as the first byte. */
        buf_addch(out, y->out_col && sep == '\t' ? '\t' : ' ');
        while (++y->out_col < col)
            buf_addch(out, ' ');
    } else if (y->out_col && sep) {
        buf_addch(out, sep);
        y->out_col++;
    }
}

void
html_sync_wrote(struct html_sync *y, const char *s, size_t n)
{
    const char *nl;
    size_t i = 0;

    while (i < n && (nl = memchr(s + i, '\n', n - i)) != NULL) {
        y->out_line++;
        y->out_col = 0;
        y->add = 0; /* as for the map's reader */
        i = (size_t)(nl - s) + 1;
    }
    y->out_col += n - i;
}

/* ---- flatten -------------------------------------------------------- */

enum sep { SEP_NONE, SEP_SPACE, SEP_TAB, SEP_LINE };


struct flat {
    struct buf pend;  /* text with character references, not yet decoded */
    struct buf *text; /* the result */
    enum sep sep;     /* separator owed before the next text */
    unsigned pre;     /* inside pre/listing/textarea: keep white space */
    unsigned skip;    /* inside a skipped element */
    sousuo_status_t st;
    /* Source lines, counted on PEND: its character references take as
     * many columns as in the file until they are decoded. */
    struct html_sync y;
};

/* Decode PEND's first N bytes into the result. */
static void
flush_pend(struct flat *f, size_t n)
{
    if (f->st != SOUSUO_OK || !n)
        return;
    if (memchr(f->pend.data, '&', n))
        f->st = html_decode_refs(f->pend.data, n, f->text);
    else
        buf_add(f->text, f->pend.data, n);
    memmove(f->pend.data, f->pend.data + n, f->pend.len - n);
    f->pend.len -= n;
    f->pend.data[f->pend.len] = '\0';
}

/* Hand a piece to gumbo once enough text waits, never cutting a character
 * reference: cut before an '&' in the last 40 bytes. */
static void
maybe_flush(struct flat *f)
{
    size_t cut = f->pend.len, k;

    if (f->pend.len < FLAT_PIECE)
        return;
    for (k = 0; k < 40 && k < cut; k++)
        if (f->pend.data[cut - 1 - k] == '&') {
            cut -= k + 1;
            break;
        }
    flush_pend(f, cut);
}

static char
sep_char(const struct flat *f)
{
    return f->sep == SEP_NONE ? 0 : f->sep == SEP_TAB ? '\t' : ' ';
}

/* Before text from source offset OFF: the newlines and spaces that put it
 * on its line, at its column. */
static void
place(struct flat *f, size_t off)
{
    size_t line, col;

    if (!html_sync_locate(&f->y, off, &line, &col)) {
        line = f->y.out_line; /* never: the scan goes forward */
        col = 0;
    }
    html_sync_place(&f->y, &f->pend, line, col, sep_char(f),
                    f->pre ? (size_t)-1 : HTML_PAD_MAX);
    f->sep = SEP_NONE;
}

static void
owe(struct flat *f, enum sep s)
{
    if (s > f->sep)
        f->sep = s;
}

/* Append visible bytes (no white space outside pre) to PEND. */
static void
put_bytes(struct flat *f, const char *s, size_t n)
{
    while (n) {
        size_t k = n < FLAT_PIECE ? n : FLAT_PIECE;

        /* Slices end on a character boundary (the input is UTF-8). */
        while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        if (!k)
            k = n;
        buf_add(&f->pend, s, k);
        maybe_flush(f);
        s += k;
        n -= k;
    }
}

/* Text between tags, S[0..N) in the page: words on their source lines
 * (white space otherwise collapses), or in pre everything as it is. */
static void
put_text(struct flat *f, const char *s, size_t n)
{
    size_t i = 0, j;

    if (f->skip || !n)
        return;
    if (f->pre) {
        place(f, (size_t)(s - f->y.src));
        put_bytes(f, s, n);
        html_sync_wrote(&f->y, s, n);
        return;
    }
    while (i < n) {
        if (is_space((unsigned char)s[i])) {
            owe(f, SEP_SPACE);
            i++;
            continue;
        }
        for (j = i; j < n && !is_space((unsigned char)s[j]); j++)
            ;
        place(f, (size_t)(s + i - f->y.src));
        put_bytes(f, s + i, j - i);
        html_sync_wrote(&f->y, s + i, j - i);
        i = j;
    }
}

/* A '<' at S in the page that is text: escaped for the decoder, one
 * column as in the file. */
static void
put_lt(struct flat *f, const char *s)
{
    if (f->skip)
        return;
    place(f, (size_t)(s - f->y.src));
    put_bytes(f, "&lt;", 4);
    html_sync_wrote(&f->y, s, 1);
}

/* Character references in a title: decoded, then collapsed.  A '<' in it
 * is text (RCDATA), so it is escaped for the decoder. */
static void
flat_title(struct flat *f, const char *s, size_t n, struct buf *title)
{
    struct buf raw = BUF_INIT, tmp = BUF_INIT;
    const char *lt;

    if (title->len || f->st != SOUSUO_OK)
        return;
    while (n && (lt = memchr(s, '<', n)) != NULL) {
        buf_add(&raw, s, (size_t)(lt - s));
        buf_addstr(&raw, "&lt;");
        n -= (size_t)(lt - s) + 1;
        s = lt + 1;
    }
    buf_add(&raw, s, n);
    f->st = raw.err ? SOUSUO_NOMEM : html_decode_refs(raw.data, raw.len, &tmp);
    if (f->st == SOUSUO_OK)
        extract_title_set(title, tmp.data, tmp.len);
    buf_free(&raw);
    buf_free(&tmp);
}

/* A newline right after <pre>, <listing> or <textarea> is not content. */
static void
skip_newline(const char *s, size_t n, size_t *i)
{
    if (*i < n && s[*i] == '\n')
        (*i)++;
    else if (*i + 1 < n && s[*i] == '\r' && s[*i + 1] == '\n')
        *i += 2;
}

static void
flat_tag(struct flat *f, const char *s, size_t n, const struct tag *t,
         size_t *i, struct buf *title)
{
    const char *nm = t->name;
    size_t len = t->name_len, next, end;
    int skipname = html_is_skipped(nm, len) && strcmp(nm, "head") != 0;

    if (t->end) {
        if (skipname) {
            if (f->skip)
                f->skip--;
            return;
        }
        if ((strcmp(nm, "pre") == 0 || strcmp(nm, "listing") == 0) && f->pre)
            f->pre--;
        if (html_is_block(nm, len))
            owe(f, SEP_LINE);
        return;
    }
    if (strcmp(nm, "title") == 0 && !f->skip) {
        end = rawtext_end(s, n, *i, "title", &next);
        flat_title(f, s + *i, end - *i, title);
        *i = next;
        return;
    }
    if (strcmp(nm, "textarea") == 0 || strcmp(nm, "plaintext") == 0) {
        end = strcmp(nm, "plaintext") == 0 ? (next = n)
                                           : rawtext_end(s, n, *i, nm, &next);
        owe(f, SEP_LINE);
        f->pre++;
        skip_newline(s, end, i);
        /* Raw text may hold '<': escape it for the reference decoder. */
        while (*i < end) {
            const char *lt = memchr(s + *i, '<', end - *i);
            size_t k = lt ? (size_t)(lt - s) : end;

            put_text(f, s + *i, k - *i);
            if (lt) {
                put_lt(f, lt);
                k++;
            }
            *i = k;
        }
        f->pre--;
        owe(f, SEP_LINE);
        *i = next;
        return;
    }
    if (is_rawtext(nm, len)) { /* script, style...: skipped */
        rawtext_end(s, n, *i, nm, &next);
        *i = next;
        return;
    }
    if (skipname) {
        if (!t->selfclose)
            f->skip++;
        return;
    }
    if (strcmp(nm, "td") == 0 || strcmp(nm, "th") == 0)
        owe(f, SEP_TAB);
    else if (html_is_block(nm, len))
        owe(f, SEP_LINE);
    if (strcmp(nm, "pre") == 0 || strcmp(nm, "listing") == 0) {
        f->pre++;
        skip_newline(s, n, i);
    }
}

sousuo_status_t
html_flatten(const char *s, size_t n, struct buf *text, struct buf *title)
{
    struct flat f;
    size_t i = 0, next;
    struct tag t;

    memset(&f, 0, sizeof f);
    buf_init(&f.pend);
    f.text = text;
    f.st = SOUSUO_OK;
    html_sync_init(&f.y, s, n, NULL);
    while (i < n && f.st == SOUSUO_OK && !f.pend.err) {
        const char *lt = memchr(s + i, '<', n - i);
        size_t k = lt ? (size_t)(lt - s) : n;

        put_text(&f, s + i, k - i);
        i = k;
        if (i >= n)
            break;
        switch (markup(s, n, i, &t, &next)) {
        case MK_TEXT:
            put_lt(&f, s + i);
            i = next;
            break;
        case MK_SKIP:
            i = next;
            break;
        case MK_TAG:
            i = next;
            if (t.name_len)
                flat_tag(&f, s, n, &t, &i, title);
            break;
        }
    }
    flush_pend(&f, f.pend.len);
    if (f.pend.err || text->err || title->err)
        f.st = SOUSUO_NOMEM;
    buf_free(&f.pend);
    return f.st;
}
