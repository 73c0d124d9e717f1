/* check_extract.c - extract_buffer(): formats, titles, HTML, binary input,
 * edge sizes, and the HTML fallback for huge or deep documents. */
#include "config.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "testutil.h"
#include <unistr.h>

#include "docdata.h"
#include "extract-private.h"
#include "extract.h"

static void
run(const char *path, const char *p, size_t n, struct extract *ex)
{
    char *msg = NULL;
    sousuo_status_t st = extract_buffer(path, p, n, NULL, ex, &msg);

    ck_assert_msg(st == SOUSUO_OK, "%s: %s", path, msg ? msg : "?");
    ck_assert_ptr_nonnull(ex->text);
    ck_assert_ptr_nonnull(ex->title);
    ck_assert_ptr_null(u8_check((const uint8_t *)ex->text, ex->text_len));
    ck_assert_uint_eq(strlen(ex->text), ex->text_len);
}

static void
runs(const char *path, const char *s, struct extract *ex)
{
    run(path, s, strlen(s), ex);
}

/* EX's text with each piece moved right by the spaces its column map
 * stands for, as the linear fallback writes them: where the words are in
 * the file.  Valid until the next call. */
static const char *
placed(const struct extract *ex)
{
    static struct buf b;
    struct colmap cm;
    size_t i, add, cur = 0;

    buf_reset(&b);
    colmap_init(&cm, ex->colmap, ex->colmap_len);
    for (i = 0; i < ex->text_len; i++) {
        add = colmap_add(&cm, ex->text, ex->text_len, i);
        for (; cur < add; cur++)
            buf_addch(&b, ' ');
        cur = ex->text[i] == '\n' ? 0 : add;
        buf_addch(&b, ex->text[i]);
    }
    ck_assert(!b.err);
    return b.len ? b.data : "";
}

static double
seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Occurrences of NEEDLE in S, by hand: under the sanitizers strstr() scans
 * to the end of S on every call, which makes counting quadratic. */
static size_t
count(const char *s, const char *needle)
{
    size_t n = 0, k = strlen(needle);

    for (; *s; s++)
        if (*s == *needle && strncmp(s, needle, k) == 0)
            n++;
    return n;
}

/* ---- formats by path ------------------------------------------------ */

START_TEST(t_format_for_path)
{
    static const struct {
        const char *path;
        enum extract_format f;
    } rows[] = {
        { "a.txt", EXTRACT_TEXT },          { "dir/A.TXT", EXTRACT_TEXT },
        { "notes.text", EXTRACT_TEXT },     { "README", EXTRACT_TEXT },
        { "dir.d/LICENSE", EXTRACT_TEXT },  { ".profile", EXTRACT_TEXT },
        { "odd.", EXTRACT_TEXT },           { "x.md", EXTRACT_MARKDOWN },
        { "x.Markdown", EXTRACT_MARKDOWN }, { "x.htm", EXTRACT_HTML },
        { "x.html", EXTRACT_HTML },         { "x.XHTML", EXTRACT_HTML },
        { "x.c", EXTRACT_UNSUPPORTED },     { "x.pdf", EXTRACT_UNSUPPORTED },
        { "x.md.bak", EXTRACT_UNSUPPORTED },
        { "a.tar.gz", EXTRACT_UNSUPPORTED },
        { NULL, EXTRACT_TEXT },
    };
    size_t i;

    for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ck_assert_msg(extract_format_for_path(rows[i].path) == rows[i].f,
                      "%s", rows[i].path ? rows[i].path : "(null)");
}
END_TEST

START_TEST(t_unsupported)
{
    struct extract ex;

    runs("prog.c", "int main(void) { return 0; }\n", &ex);
    ck_assert_int_eq(ex.format, EXTRACT_UNSUPPORTED);
    ck_assert_str_eq(ex.text, "");
    ck_assert_str_eq(ex.title, "");
    ck_assert_str_eq(ex.encoding, "");
    extract_free(&ex);
}
END_TEST

START_TEST(t_bad_arguments)
{
    struct extract ex;
    char *msg = (char *)"untouched";

    ck_assert_int_eq(extract_buffer("a.txt", "x", 1, NULL, NULL, &msg),
                     SOUSUO_INVAL);
    ck_assert_ptr_nonnull(msg);
    free(msg);
    ck_assert_int_eq(extract_buffer("a.txt", NULL, 5, NULL, &ex, NULL),
                     SOUSUO_INVAL);
    ck_assert_ptr_null(ex.text);
    /* NULL with length 0 is an empty file. */
    ck_assert_int_eq(extract_buffer("a.txt", NULL, 0, NULL, &ex, &msg),
                     SOUSUO_OK);
    ck_assert_ptr_null(msg);
    ck_assert_str_eq(ex.text, "");
    extract_free(&ex);
    extract_free(&ex); /* idempotent */
    extract_free(NULL);
    ck_assert_ptr_null(ex.text);
}
END_TEST

/* ---- plain text ----------------------------------------------------- */

START_TEST(t_text_kept_and_title)
{
    static const char doc[] = "\n\n  \t Hello,   world  \r\n"
                              "second line\n\n  indented third\n";
    struct extract ex;

    runs("a.txt", doc, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_TEXT);
    ck_assert_str_eq(ex.text, doc); /* unchanged, lines and all */
    ck_assert_str_eq(ex.title, "Hello, world");
    ck_assert_str_eq(ex.encoding, "UTF-8");
    ck_assert_uint_eq(ex.replaced, 0);
    extract_free(&ex);
    /* Lines without a letter or digit are not titles. */
    runs("b.txt",
         "==========\n* * *\n\xE3\x80\x80\n\xE3\x80\x80标题\xE3\x80\x80\n",
         &ex);
    ck_assert_str_eq(ex.title, "标题");
    extract_free(&ex);
}
END_TEST

START_TEST(t_title_cap)
{
    struct buf b = BUF_INIT;
    struct extract ex;
    size_t i;

    buf_addstr(&b, "# ");
    for (i = 0; i < 100; i++)
        buf_addstr(&b, "中");
    buf_addstr(&b, "\nbody\n");
    runs("cjk.md", b.data, &ex);
    /* 66 whole characters (198 bytes), never half of one. */
    ck_assert_uint_eq(strlen(ex.title), 198);
    ck_assert_ptr_null(u8_check((const uint8_t *)ex.title, 198));
    extract_free(&ex);
    /* In plain text a first line that long is a paragraph, not a title;
     * so is a first line that ends like a sentence. */
    runs("cjk.txt", b.data + 2, &ex);
    ck_assert_str_eq(ex.title, "");
    extract_free(&ex);
    runs("s.txt", "While the NQPF holds potential, it waits.\nMore.\n", &ex);
    ck_assert_str_eq(ex.title, "");
    extract_free(&ex);
    runs("s.txt", "中文的句子。\n正文\n", &ex);
    ck_assert_str_eq(ex.title, "");
    extract_free(&ex);
    runs("t.txt", "What Are New Quality Productive Forces?\n\nBody.\n", &ex);
    ck_assert_str_eq(ex.title, "What Are New Quality Productive Forces?");
    extract_free(&ex);
    buf_free(&b);
}
END_TEST

/* The cut falls between grapheme clusters, in every format: never an "e"
 * without its combining accent, or half of a flag. */
START_TEST(t_title_cap_grapheme)
{
    static const struct {
        const char *path, *pre, *tail, *post;
        size_t fill, want;
    } rows[] = {
        { "a.md", "# ", "e\xCC\x81 more", "\nbody\n", 199, 199 },
        { "a.md", "# ", "\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3", "\n", 196,
          196 }, /* a flag: two regional indicators */
        { "a.html", "<title>", "e\xCC\x81", "</title>", 199, 199 },
        { "a.md", "# ", "e\xCC\x81", "\n", 198, 198 },
        { "a.md", "# ", "e\xCC\x81", "\n", 197, 200 },
        { "a.md", "# ", "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", "\n",
          193, 193 }, /* man ZWJ woman */
    };
    size_t r, i;

    for (r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        struct buf b = BUF_INIT;
        struct extract ex;

        buf_addstr(&b, rows[r].pre);
        for (i = 0; i < rows[r].fill; i++)
            buf_addch(&b, 'a');
        buf_addstr(&b, rows[r].tail);
        buf_addstr(&b, rows[r].post);
        runs(rows[r].path, b.data, &ex);
        ck_assert_msg(strlen(ex.title) == rows[r].want, "row %zu: %zu bytes",
                      r, strlen(ex.title));
        extract_free(&ex);
        buf_free(&b);
    }
}
END_TEST

START_TEST(t_empty_and_tiny)
{
    struct extract ex;
    int c;

    run("e.txt", "", 0, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_TEXT);
    ck_assert_str_eq(ex.text, "");
    ck_assert_str_eq(ex.title, "");
    ck_assert_str_eq(ex.date, "");
    ck_assert_str_eq(ex.encoding, "UTF-8");
    extract_free(&ex);
    for (c = 0; c < 256; c++) {
        char byte = (char)c;

        run(c & 1 ? "one.html" : "one.md", &byte, 1, &ex);
        if (c == 0)
            ck_assert_int_eq(ex.format, EXTRACT_BINARY);
        extract_free(&ex);
    }
}
END_TEST

/* ---- Markdown ------------------------------------------------------- */

static const struct md_row {
    const char *doc, *title;
} md_rows[] = {
    { "# The Title #\n\nBody text.\n", "The Title" },
    { "  ## Second level ###   \ntext\n", "Second level" },
    { "Setext Title\n============\n\npara\n", "Setext Title" },
    { "Two line\nsetext title\n---\n", "Two line setext title" },
    { "```sh\n# not a title\n```\n\n# Real\n", "Real" },
    { "~~~~\n# no\n~~~\n# still code\n~~~~\nAfter\n=====\n", "After" },
    { "    # indented code\n\n# Heading\n", "Heading" },
    { "#hashtag is not a heading\n\n# Yes\n", "Yes" },
    { "- item\n---\n\n# List then break\n", "List then break" },
    { "---\ntitle: \"Front Matter Title\"\ndate: 2024-04-17\n---\n# Body\n",
      "Front Matter Title" },
    { "---\nlayout: post\n---\n\n## From heading\n", "From heading" },
    { "+++\ntitle = 'TOML title'\n+++\n# H\n", "TOML title" },
    { "---\nauthor: x\n---\nNo heading here\nmore\n", "No heading here" },
    { "***\n\nplain first line\n", "plain first line" },
    { "#\n\n# \n\n标题：中文\n====\n", "标题：中文" },
    /* YAML front matter is YAML: block scalars, quoting, escapes and
     * comments are the parser's; invalid YAML leaves it to the headings. */
    { "---\ntitle: >\n  Folded title\n---\nbody\n", "Folded title" },
    { "---\ntitle: |\n  Line one\n  Line two\n---\n", "Line one Line two" },
    { "---\ntitle: 'It''s \"here\"' # note\n---\nbody\n", "It's \"here\"" },
    { "---\ntitle: \"\\\"Q\\\" \\u4E2D\\t.\"\n---\n", "\"Q\" 中 ." },
    { "---\ndate: 2024-01-02\nTitle:   plain  # c\n...\n# H\n", "plain" },
    { "---\ntitle: [unclosed\n---\n# After bad YAML\n", "After bad YAML" },
    { "---\ntitle: ok\nx: : :\n  - y\n---\n# Bad later\n", "Bad later" },
    { "---\ntitle: ~\n---\n# Null title\n", "Null title" },
    { "---\ntitle: [a, b]\n---\n# List title\n", "List title" },
    { "---\nmeta:\n  title: Inner\n---\n# Outer\n", "Outer" },
    { "---\n- title: x\n---\n# Not a map\n", "Not a map" },
    /* A heading's text is its plain text as CommonMark reads it. */
    { "# Using **Rust** with [Tokio](https://tokio.rs) `async`\nbody\n",
      "Using Rust with Tokio async" },
    { "# A <em>big</em> &amp; \\#1 &copy; \\*x\\* ![logo](l.png)\n",
      "A big & #1 \xC2\xA9 *x* logo" },
    { "## Trailing \\#\n", "Trailing #" },
    { "Two *setext*\n[lines](u \"t\")\n===\n", "Two setext lines" },
    { "# <br>\n\n# &#x4E2D;&#25991; `a  b`\n", "\xE4\xB8\xAD\xE6\x96\x87 a b" },
    /* A README's HTML block with an <h1> gives the title; the lines of
     * an HTML block are HTML, not headings. */
    { "<div align=\"center\">\n<h1>Project Name</h1>\n</div>\n\nbody\n",
      "Project Name" },
    { "<p align=\"center\"><img src=\"l.png\"></p>\n\n"
      "<H1 align=\"center\">Name &amp; <em>Co</em></H1>\n\nbody\n",
      "Name & Co" },
    { "<div>\n# raw HTML here\n</div>\n\n# Real\n", "Real" },
    { "<!-- c -->\n# After a comment\n", "After a comment" },
    { "<span>x</span> y\n# Inline HTML first\n", "Inline HTML first" },
    { "", "" },
};

START_TEST(t_markdown_title)
{
    const struct md_row *r = &md_rows[_i];
    struct extract ex;

    runs("doc.md", r->doc, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_MARKDOWN);
    ck_assert_str_eq(ex.title, r->title);
    ck_assert_str_eq(ex.text, r->doc); /* the source, unchanged */
    extract_free(&ex);
}
END_TEST

START_TEST(t_markdown_date)
{
    struct extract ex;

    runs("doc.md", md_rows[9].doc, &ex);
    ck_assert_str_eq(ex.date, "2024-04-17");
    extract_free(&ex);
}
END_TEST

/* ---- HTML ----------------------------------------------------------- */

static const char page[] =
    "<!DOCTYPE html>\n"
    "<html><head><meta charset=\"utf-8\">\n"
    "<title>  My \n Page &amp; Co  </title>\n"
    "<style>body { color: red }</style>\n"
    "<script>var x = \"<p>not text</p>\";</script></head>\n"
    "<body><h1>Heading <em>one</em></h1>\n"
    "<p>First   paragraph with <b>bold</b> and\n"
    "a break<br>here &lt;tag&gt; &#x4E2D;&#25991; caf&eacute;&nbsp;ok</p>\n"
    "<ul><li>item one</li><li>item two</li></ul>\n"
    "<table><tr><td>a1</td><td>b1</td></tr><tr><th>a2</th><td>b2</td></tr>"
    "</table>\n"
    "<pre>\n  code   line 1\n    line 2</pre>\n"
    "<noscript>enable js</noscript><template><p>tpl</p></template>\n"
    "<!-- a comment --><div>Published on April 17th 2024</div>\n"
    "<svg><text>svg text</text></svg><span hidden>shown by script</span>\n"
    "</body></html>\n";

/* The text keeps the page's lines: head lines are empty, each word at its
 * line and column (by its column map; the fallback writes spaces where
 * the tags were), a tab starts a cell. */
static const char page_text[] =
    "\n\n\n\n\n\n"
    "          Heading     one\n"
    "   First   paragraph with    bold     and\n"
    "a break    here <tag> 中文 caf\xC3\xA9\xC2\xA0ok\n"
    "        item one         item two\n"
    "               a1\t        b1                  a2\t        b2\n"
    "\n"
    "  code   line 1\n"
    "    line 2\n"
    "\n"
    "                       Published on April 17th 2024\n"
    "                                             shown by script";

/* TEXT with every run of white space made one space, trimmed: the words
 * and their order, whatever their places (static buffer). */
static const char *
squeezed(const char *text)
{
    static char out[4096];
    size_t n = 0;

    for (; *text && n + 2 < sizeof out; text++) {
        if (*text == ' ' || *text == '\t' || *text == '\n') {
            if (n && out[n - 1] != ' ')
                out[n++] = ' ';
        } else {
            out[n++] = *text;
        }
    }
    if (n && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return out;
}

START_TEST(t_html_page)
{
    struct extract ex;

    runs("p.html", page, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_HTML);
    ck_assert_str_eq(ex.title, "My Page & Co");
    ck_assert_str_eq(placed(&ex), page_text);
    /* The spaces are not in the text. */
    ck_assert_str_eq(squeezed(ex.text), squeezed(page_text));
    ck_assert_uint_lt(ex.text_len, strlen(page_text) * 2 / 3);
    ck_assert_str_eq(ex.date, "2024-04-17");
    ck_assert_str_eq(ex.encoding, "UTF-8");
    extract_free(&ex);
}
END_TEST

/* The linear fallback gives the same text on an ordinary page. */
START_TEST(t_html_flatten_same)
{
    static const char tricky[] = "<title>a <b>c</b> &lt;</title>x";
    struct buf text = BUF_INIT, title = BUF_INIT;

    ck_assert_int_eq(html_flatten(page, sizeof page - 1, &text, &title),
                     SOUSUO_OK);
    ck_assert_str_eq(text.data, page_text);
    ck_assert_str_eq(title.data, "My Page & Co");
    buf_free(&text);
    buf_free(&title);
    /* A title is text even where it looks like markup, as in gumbo. */
    ck_assert_int_eq(html_flatten(tricky, strlen(tricky), &text, &title),
                     SOUSUO_OK);
    ck_assert_str_eq(title.data, "a <b>c</b> <");
    ck_assert_uint_eq(text.len, 31); /* at its column */
    ck_assert_str_eq(squeezed(text.data), "x");
    buf_free(&text);
    buf_free(&title);
}
END_TEST

START_TEST(t_html_title_fallback_and_meta_date)
{
    struct extract ex;

    runs("p.htm",
         "<html><head><meta name=\"date\" content=\"2021-12-24\">"
         "<meta property=\"article:published_time\" "
         "content=\"2023-11-05T08:00:00+08:00\"></head>"
         "<body><p>intro</p><h1> The  <i>H1</i> title </h1>"
         "<p>Updated March 3, 2024</p></body></html>",
         &ex);
    ck_assert_str_eq(ex.title, "The H1 title");
    ck_assert_str_eq(ex.date, "2021-12-24"); /* first meta wins */
    ck_assert_str_eq(squeezed(ex.text),
                     "intro The H1 title Updated March 3, 2024");
    extract_free(&ex);
    /* Without a meta date, the text's. */
    runs("p.htm", "<title>t</title><p>Updated March 3, 2024</p>", &ex);
    ck_assert_str_eq(ex.date, "2024-03-03");
    ck_assert_str_eq(ex.title, "t");
    extract_free(&ex);
    /* An empty first h1 (an anchor, an icon) is no title: the next. */
    runs("e.html", "<h1></h1><h1><img src=x> </h1><h1>Second h1</h1>", &ex);
    ck_assert_str_eq(ex.title, "Second h1");
    extract_free(&ex);
}
END_TEST

/* A date in the text is found within its first EXTRACT_DATE_SCAN bytes
 * of words, wherever the page's tags put them. */
START_TEST(t_html_date_after_tags)
{
    struct buf b = BUF_INIT;
    struct extract ex;
    size_t i;

    for (i = 0; i < 200; i++)
        buf_addf(&b, "<p><span class=\"%0100d\">w%zu</span></p>\n", 0, i);
    buf_addstr(&b, "<p>Published on April 17th 2024</p>\n");
    run("d.html", b.data, b.len, &ex);
    ck_assert_uint_gt(strlen(placed(&ex)), EXTRACT_DATE_SCAN);
    ck_assert_str_eq(ex.date, "2024-04-17");
    extract_free(&ex);
    /* The same nested too deep for gumbo: the linear fallback writes
     * the spaces into the text. */
    buf_reset(&b);
    for (i = 0; i < 300; i++)
        buf_addstr(&b, "<div>");
    for (i = 0; i < 200; i++)
        buf_addf(&b, "<p><span class=\"%0100d\">w%zu</span></p>\n", 0, i);
    buf_addstr(&b, "<p>Published on April 17th 2024</p>\n");
    run("deep.html", b.data, b.len, &ex);
    ck_assert_uint_eq(ex.colmap_len, 0);
    ck_assert_uint_gt(ex.text_len, EXTRACT_DATE_SCAN);
    ck_assert_str_eq(ex.date, "2024-04-17");
    extract_free(&ex);
    buf_free(&b);
}
END_TEST

/* Headings h1-h6, one line each, NUL-terminated; none for plain text. */
START_TEST(t_html_headings)
{
    static const char want[] = "Top\0" "9.1.2. screen \xe3\x83\x97\0"
                               "Deep one\0";
    struct extract ex;

    runs("h.html",
         "<title>T</title><h1>Top</h1><p>x</p><h3 class=t><a id=a></a>"
         "9.1.2.  screen <b>\xe3\x83\x97</b></h3><div><h6>Deep\n one</h6>"
         "</div><h2> </h2><p>not a heading</p>",
         &ex);
    ck_assert_uint_eq(ex.headings_len, sizeof want - 1);
    ck_assert_mem_eq(ex.headings, want, sizeof want - 1);
    extract_free(&ex);
    runs("h.txt", "Top\nbody\n", &ex);
    ck_assert_uint_eq(ex.headings_len, 0);
    ck_assert_str_eq(ex.headings, "");
    extract_free(&ex);
}
END_TEST

/* A GBK page that says so: the meta is honoured. */
START_TEST(t_html_meta_charset)
{
    static const char *const heads[] = {
        "<html><head><meta charset=\"gbk\">",
        "<html><head><meta http-equiv=\"Content-Type\" "
        "content=\"text/html; charset=GB2312\">",
        "<?xml version=\"1.0\" encoding=\"gbk\"?>\n<html><head>",
    };
    static const char body[] =
        "<title>测试页面</title></head><body><p>中文网页，编码是GBK。</p>"
        "</body></html>";
    size_t i;

    for (i = 0; i < 3; i++) {
        struct buf utf8 = BUF_INIT;
        iconv_t cd = iconv_open("GBK", "UTF-8");
        char out[1024], *in, *o = out;
        size_t inleft, outleft = sizeof out;
        struct extract ex;

        buf_addstr(&utf8, heads[i]);
        buf_addstr(&utf8, body);
        in = utf8.data;
        inleft = utf8.len;
        ck_assert(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
        iconv_close(cd);
        run("gbk.html", out, (size_t)(o - out), &ex);
        ck_assert_str_eq(ex.encoding, "GB18030");
        ck_assert_str_eq(ex.title, "测试页面");
        ck_assert_str_eq(squeezed(ex.text), "中文网页，编码是GBK。");
        extract_free(&ex);
        buf_free(&utf8);
    }
}
END_TEST

/* A page that claims UTF-8 but is EUC-KR: detection overrides the meta. */
START_TEST(t_html_wrong_meta)
{
    static const char utf8[] =
        "<meta charset=utf-8><title>제목</title><p>오늘 서울에서 새로운 "
        "기술에 관한 회의가 열렸습니다.</p>";
    iconv_t cd = iconv_open("EUC-KR", "UTF-8");
    char out[512], *in = (char *)utf8, *o = out;
    size_t inleft = sizeof utf8 - 1, outleft = sizeof out;
    struct extract ex;

    ck_assert(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
    iconv_close(cd);
    run("kr.html", out, (size_t)(o - out), &ex);
    ck_assert_str_eq(ex.encoding, "EUC-KR");
    ck_assert_str_eq(ex.title, "제목");
    extract_free(&ex);
}
END_TEST

/* Deep nesting makes gumbo quadratic: the scanner takes over, fast. */
START_TEST(t_html_deep_and_unclosed)
{
    static const char *const units[] = { "<div>", "<b><i>x", "<span>y" };
    size_t u, i, reps = 100000, depth, tags;

    for (u = 0; u < 3; u++) {
        struct buf b = BUF_INIT;
        struct extract ex;
        double t0;

        buf_addstr(&b, "<title>deep</title>");
        for (i = 0; i < reps; i++)
            buf_addstr(&b, units[u]);
        buf_addstr(&b, "end");
        html_measure(b.data, b.len, &depth, &tags);
        ck_assert_uint_gt(depth, 256);
        t0 = seconds();
        run("deep.html", b.data, b.len, &ex);
        ck_assert_msg(seconds() - t0 < 5, "%s took %.1f s", units[u],
                      seconds() - t0);
        ck_assert_str_eq(ex.title, "deep");
        ck_assert_uint_ge(ex.text_len, 3);
        ck_assert_str_eq(ex.text + ex.text_len - 3, "end");
        extract_free(&ex);
        buf_free(&b);
    }
}
END_TEST

/* Tags only: gumbo would need ~600 bytes per tag; the scanner reads it. */
START_TEST(t_html_many_tags)
{
    struct buf b = BUF_INIT;
    struct extract ex;
    size_t i, depth, tags;

    for (i = 0; i < 150000; i++)
        buf_addstr(&b, "<b>x</b> ");
    html_measure(b.data, b.len, &depth, &tags);
    ck_assert_uint_eq(tags, 300000);
    ck_assert_uint_le(depth, 1);
    run("tags.html", b.data, b.len, &ex);
    /* Each x at its column: 3 + 9k. */
    ck_assert_uint_eq(ex.text_len, 3 + 9 * (150000 - 1) + 1);
    ck_assert_str_eq(ex.text + ex.text_len - 10, "x        x");
    extract_free(&ex);
    buf_free(&b);
}
END_TEST

/* Above 4 MiB the scanner is used too; text and title come out right, and
 * a piece boundary never splits a character reference. */
START_TEST(t_html_big)
{
    struct buf b = BUF_INIT;
    struct extract ex;
    size_t i, amps;
    const char *tail = "fish & chips, 中文";

    buf_addstr(&b, "<html><head><title>Big &amp; long</title></head><body>");
    for (i = 0; b.len < 6 * 1024 * 1024; i++)
        buf_addf(&b, "<p>Paragraph %zu: fish &amp; chips, &#x4E2D;文 "
                     "<script>ignored()</script></p>\n", i);
    buf_addstr(&b, "</body></html>");
    run("big.html", b.data, b.len, &ex);
    ck_assert_str_eq(ex.title, "Big & long");
    ck_assert_uint_eq(count(ex.text, "&amp;"), 0);
    ck_assert_uint_eq(count(ex.text, "ignored"), 0);
    amps = count(ex.text, "fish & chips, 中文\n");
    ck_assert_uint_eq(amps, i - 1); /* the last line has no newline */
    ck_assert_str_eq(ex.text + ex.text_len - strlen(tail), tail);
    extract_free(&ex);
    buf_free(&b);
}
END_TEST

/* ---- HTML text on its source lines ---------------------------------- */

/* 1-based line and byte column of the first NEEDLE in S; 0:0 if none. */
static void
where(const char *s, const char *needle, size_t *line, size_t *col)
{
    const char *p = strstr(s, needle), *t, *bol = s;

    *line = *col = 0;
    if (!p)
        return;
    *line = 1;
    for (t = s; t < p; t++)
        if (*t == '\n') {
            (*line)++;
            bol = t + 1;
        }
    *col = (size_t)(p - bol) + 1;
}

/* Words after markup over several lines: head, style, script, comment,
 * attributes, <pre>, cells, blocks on one line, a word across a tag. */
static const char lines_page[] =
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head>\n"
    "<title>Lines\n"
    "  test</title>\n"
    "<style>\n"
    "p { color: red }\n"
    "</style>\n"
    "<script>\n"
    "var x = \"<p>\";\n"
    "</script>\n"
    "</head>\n"
    "<body>\n"
    "<!-- a comment\n"
    "over lines -->\n"
    "<div class=\"a\"\n"
    "     id=\"b\">aardvark badger</div>\n"
    "<p>camel <b>dingo</b>\n"
    "   eland &amp; ferret gecko</p>\n"
    "<pre>\n"
    "  heron\n"
    "ibis</pre>\n"
    "<table><tr><td>jackal</td><td>koala</td></tr></table>\n"
    "<p>lemur</p><p>marmot</p>\n"
    "<p>new<b>t</b>on okapi</p>\n"
    "</body></html>\n";

/* Words whose line and column in the text are those in the file. */
static const char *const exact_words[] = {
    "aardvark", "badger", "camel", "dingo", "eland", "heron", "ibis",
    "jackal", "koala", "lemur", "marmot", "okapi", NULL,
};

/* TEXT, extracted from SRC, and AT, TEXT with its column map's spaces
 * (placed()), have every exact word where SRC has it, the words after
 * "&amp;" on its line 4 bytes to the left, and new<b>t</b>on as one word
 * at new's place. */
static void
check_lines(const char *src, const char *text, const char *at)
{
    size_t i, l1, c1, l2, c2;

    for (i = 0; exact_words[i]; i++) {
        where(src, exact_words[i], &l1, &c1);
        where(at, exact_words[i], &l2, &c2);
        ck_assert_msg(l1 && l1 == l2 && c1 == c2, "%s at %zu:%zu, not %zu:%zu",
                      exact_words[i], l2, c2, l1, c1);
    }
    where(src, "ferret", &l1, &c1);
    where(at, "ferret", &l2, &c2);
    ck_assert_uint_eq(l2, l1);
    ck_assert_uint_eq(c2, c1 - 4);
    ck_assert_ptr_nonnull(strstr(text, "newton"));
    where(src, "new<b>", &l1, &c1);
    where(at, "new", &l2, &c2);
    ck_assert_uint_eq(l2, l1);
    ck_assert_uint_eq(c2, c1);
    ck_assert_ptr_null(strstr(text, "red"));
    ck_assert_ptr_null(strstr(text, "comment"));
}

START_TEST(t_html_source_lines)
{
    struct buf crlf = BUF_INIT, text = BUF_INIT, title = BUF_INIT;
    struct extract ex;
    const char *p;

    runs("l.html", lines_page, &ex);
    check_lines(lines_page, ex.text, placed(&ex));
    ck_assert_str_eq(ex.title, "Lines test");
    /* Cells keep their tab; blocks on one line stay apart. */
    ck_assert_ptr_nonnull(strstr(ex.text, "jackal\t"));
    ck_assert_ptr_nonnull(strstr(ex.text, "lemur "));
    extract_free(&ex);
    /* The linear fallback puts them at the same places. */
    ck_assert_int_eq(html_flatten(lines_page, sizeof lines_page - 1, &text,
                                  &title),
                     SOUSUO_OK);
    check_lines(lines_page, text.data, text.data);
    ck_assert_str_eq(title.data, "Lines test");
    buf_free(&text);
    buf_free(&title);
    /* CR LF line ends: the same lines and columns. */
    for (p = lines_page; *p; p++) {
        if (*p == '\n')
            buf_addch(&crlf, '\r');
        buf_addch(&crlf, *p);
    }
    run("crlf.html", crlf.data, crlf.len, &ex);
    check_lines(crlf.data, ex.text, placed(&ex));
    extract_free(&ex);
    ck_assert_int_eq(html_flatten(crlf.data, crlf.len, &text, &title),
                     SOUSUO_OK);
    check_lines(crlf.data, text.data, text.data);
    buf_free(&text);
    buf_free(&title);
    buf_free(&crlf);
}
END_TEST

/* Text gumbo moves out of source order (foster-parented out of a table)
 * stays apart from its neighbours, and the lines after it are right
 * again; a word behind more than a line's worth of tags is at its
 * column. */
START_TEST(t_html_source_lines_odd)
{
    static const char moved[] =
        "<table><tr><td>badger</td></tr>aardvark</table>\n"
        "\n"
        "<p>camel</p>\n";
    struct buf b = BUF_INIT;
    struct extract ex;
    size_t i, line, col;

    runs("m.html", moved, &ex);
    where(placed(&ex), "camel", &line, &col);
    ck_assert_uint_eq(line, 3);
    ck_assert_uint_eq(col, 4);
    ck_assert_ptr_nonnull(strstr(ex.text, "aardvark"));
    ck_assert_ptr_nonnull(strstr(ex.text, "badger"));
    ck_assert_ptr_null(strstr(ex.text, "aardvarkbadger"));
    ck_assert_ptr_null(strstr(ex.text, "badgeraardvark"));
    extract_free(&ex);
    /* Moved text after the cells in the page: the cells keep their lines. */
    runs("f.html",
         "<p>intro</p>\n<table>\n<tr><td>cellone</td></tr>\n"
         "<tr><td>celltwo</td></tr>\nstray <b>more</b>\n</table>\n"
         "<p>after</p>\n",
         &ex);
    where(placed(&ex), "cellone", &line, &col);
    ck_assert_uint_eq(line, 3);
    ck_assert_uint_eq(col, 9);
    where(placed(&ex), "celltwo", &line, &col);
    ck_assert_uint_eq(line, 4);
    ck_assert_uint_eq(col, 9);
    where(placed(&ex), "after", &line, &col);
    ck_assert_uint_eq(line, 7);
    ck_assert_uint_eq(col, 4);
    ck_assert_ptr_nonnull(strstr(ex.text, "stray"));
    ck_assert_ptr_nonnull(strstr(ex.text, "more"));
    extract_free(&ex);

    buf_addstr(&b, "<p>first</p>\n<p><a href=\"");
    for (i = 0; i < 300; i++)
        buf_addch(&b, 'x');
    buf_addstr(&b, "\">far</a></p>\n<p>last</p>\n");
    run("long.html", b.data, b.len, &ex);
    ck_assert_str_eq(ex.text, "first\nfar\nlast");
    /* Each at its column, however much markup is before it. */
    where(placed(&ex), "far", &line, &col);
    ck_assert_uint_eq(line, 2);
    ck_assert_uint_eq(col, 3 + 9 + 300 + 3);
    where(placed(&ex), "last", &line, &col);
    ck_assert_uint_eq(col, 4);
    extract_free(&ex);
    buf_free(&b);
}
END_TEST

/* ---- binary --------------------------------------------------------- */

START_TEST(t_binary)
{
    static const char elf[64] = "\x7F" "ELF\x02\x01\x01";
    static const char png[] = "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x10";
    static const char png_sig[] = "\x89PNG\r\n\x1A\n";
    static const char nul[] = "text with a NUL\0 in it";
    char ctl[100];
    struct extract ex;
    size_t i;

    run("a.txt", elf, sizeof elf, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_BINARY);
    ck_assert_str_eq(ex.text, "");
    ck_assert_str_eq(ex.title, "");
    ck_assert_str_eq(ex.encoding, "");
    extract_free(&ex);
    run("a.html", png, sizeof png - 1, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_BINARY);
    extract_free(&ex);
    run("a.md", png_sig, sizeof png_sig - 1, &ex); /* by signature alone */
    ck_assert_int_eq(ex.format, EXTRACT_BINARY);
    extract_free(&ex);
    run("a", nul, sizeof nul - 1, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_BINARY);
    extract_free(&ex);
    /* More than 10% control bytes. */
    for (i = 0; i < sizeof ctl; i++)
        ctl[i] = i % 8 == 0 ? '\x01' : 'a';
    run("a.txt", ctl, sizeof ctl, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_BINARY);
    extract_free(&ex);
    /* ESC (terminal colours), tabs, CR, FF are text. */
    runs("log.txt", "\x1B[31mred\x1B[0m\tok\r\n\f\n", &ex);
    ck_assert_int_eq(ex.format, EXTRACT_TEXT);
    extract_free(&ex);
    /* UTF-16 with a BOM has NUL bytes and is text; a zero unit is not. */
    run("u.txt", "\xFF\xFEh\0i\0", 6, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_TEXT);
    ck_assert_str_eq(ex.text, "hi");
    extract_free(&ex);
    run("u.txt", "\xFF\xFEh\0\0\0", 6, &ex);
    ck_assert_int_eq(ex.format, EXTRACT_BINARY);
    extract_free(&ex);
}
END_TEST

/* ---- large input ---------------------------------------------------- */

/* One 48 MB line: linear time, and nothing quadratic in titles, dates or
 * the detector (200 MB takes about 1 s without sanitizers). */
START_TEST(t_large_single_line)
{
    static const char *const paths[] = { "big.txt", "big.md" };
    size_t n = 48u << 20, i, k;
    char *s = malloc(n);

    ck_assert_ptr_nonnull(s);
    for (i = 0; i + 16 <= n; i += 16)
        memcpy(s + i, i % 4096 ? "abc 中文 x yz." : "abc \xFF\xFE x yz.....",
               16);
    memset(s + i, 'z', n - i);
    for (k = 0; k < 2; k++) {
        struct extract ex;
        double t0 = seconds();

        run(paths[k], s, n, &ex);
        ck_assert_msg(seconds() - t0 < 30, "took %.1f s", seconds() - t0);
        ck_assert_str_eq(ex.encoding, "UTF-8");
        ck_assert_uint_eq(ex.replaced, 2 * (n / 4096));
        ck_assert_uint_le(strlen(ex.title), EXTRACT_TITLE_MAX);
        extract_free(&ex);
    }
    free(s);
}
END_TEST

/* CJK text across inline tags: the column map puts each character at its
 * byte in the file; a Latin word across a tag has the column of its
 * start, and a line end ends an entry. */
START_TEST(t_html_colmap)
{
    static const char page[] =
        "<p>\xe8\xbf\x99\xe6\x98\xaf<b>\xe9\x87\x8d\xe8\xa6\x81</b>"
        "\xe7\x9a\x84\xe5\x86\x85\xe5\xae\xb9<a href=\"/x/y/z\">"
        "\xe9\x93\xbe\xe6\x8e\xa5</a>\xe9\x87\x8c\xe9\x9d\xa2 tail</p>\n"
        "<p>new<b>t</b>on \xe4\xba\xba\xe5\xb7\xa5<span>"
        "\xe6\x99\xba\xe8\x83\xbd</span></p>\n";
    static const struct {
        const char *word;
        size_t line, col;
    } want[] = {
        { "\xe8\xbf\x99", 1, 4 },  /* 这, before any tag */
        { "\xe9\x87\x8d", 1, 13 }, /* 重 */
        { "\xe5\x86\x85", 1, 26 }, /* 内 */
        { "\xe9\x93\xbe", 1, 49 }, /* 链 */
        { "\xe9\x9d\xa2", 1, 62 }, /* 面 */
        { "tail", 1, 66 },
        { "newton", 2, 4 },
        { "\xe6\x99\xba", 2, 30 }, /* 智 */
    };
    struct extract ex;
    size_t i, line, col;

    runs("c.html", page, &ex);
    ck_assert_uint_gt(ex.colmap_len, 0);
    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct colmap cm;
        const char *p = strstr(ex.text, want[i].word);

        ck_assert_ptr_nonnull(p);
        where(ex.text, want[i].word, &line, &col);
        colmap_init(&cm, ex.colmap, ex.colmap_len);
        col += colmap_add(&cm, ex.text, ex.text_len, (size_t)(p - ex.text));
        ck_assert_uint_eq(line, want[i].line);
        ck_assert_uint_eq(col, want[i].col);
    }
    extract_free(&ex);
    /* Nothing to map in a page whose text is where it is in the file. */
    runs("n.html", "plain words\nonly", &ex);
    ck_assert_uint_eq(ex.colmap_len, 0);
    ck_assert_str_eq(ex.colmap, "");
    extract_free(&ex);
    /* A long line of tags and words, as minified pages are: every word at
     * its column, past any number of bytes of markup. */
    {
        struct buf b = BUF_INIT;
        size_t k, at;
        char word[32];

        for (k = 0; k < 500; k++)
            buf_addf(&b, "<span class=\"c%zu\" title=\"%0*d\">w%zuz</span>"
                         "&nbsp;", k, (int)(k % 400), 0, k);
        run("min.html", b.data, b.len, &ex);
        for (k = 0; k < 500; k += 37) {
            snprintf(word, sizeof word, ">w%zuz<", k);
            at = (size_t)(strstr(b.data, word) - b.data) + 2;
            snprintf(word, sizeof word, "w%zuz", k);
            where(placed(&ex), word, &line, &col);
            ck_assert_uint_eq(line, 1);
            ck_assert_uint_eq(col, at);
        }
        extract_free(&ex);
        buf_free(&b);
    }
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("extract");
    TCase *tc = tcase_create("core");
    TCase *big = tcase_create("big");

    tcase_add_test(tc, t_format_for_path);
    tcase_add_test(tc, t_unsupported);
    tcase_add_test(tc, t_bad_arguments);
    tcase_add_test(tc, t_text_kept_and_title);
    tcase_add_test(tc, t_title_cap);
    tcase_add_test(tc, t_title_cap_grapheme);
    tcase_add_test(tc, t_empty_and_tiny);
    tcase_add_loop_test(tc, t_markdown_title, 0,
                        (int)(sizeof md_rows / sizeof md_rows[0]));
    tcase_add_test(tc, t_markdown_date);
    tcase_add_test(tc, t_html_page);
    tcase_add_test(tc, t_html_flatten_same);
    tcase_add_test(tc, t_html_title_fallback_and_meta_date);
    tcase_add_test(tc, t_html_headings);
    tcase_add_test(tc, t_html_date_after_tags);
    tcase_add_test(tc, t_html_meta_charset);
    tcase_add_test(tc, t_html_wrong_meta);
    tcase_add_test(tc, t_html_source_lines);
    tcase_add_test(tc, t_html_source_lines_odd);
    tcase_add_test(tc, t_html_colmap);
    tcase_add_test(tc, t_binary);
    suite_add_tcase(s, tc);
    tcase_set_timeout(big, 120);
    tcase_add_test(big, t_html_deep_and_unclosed);
    tcase_add_test(big, t_html_many_tags);
    tcase_add_test(big, t_html_big);
    tcase_add_test(big, t_large_single_line);
    suite_add_tcase(s, big);
    return tu_run(s);
}
