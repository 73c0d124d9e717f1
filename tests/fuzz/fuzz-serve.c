/* fuzz-serve.c - sousuo-search --serve's request handling (searcher/
 * serve.c, serve_run()) on any bytes: the input is the request stream,
 * answered from a small index built once in a temporary folder.
 *
 * doc/protocol.md: every line that is not blank gets exactly one reply
 * line, a JSON object with "id" and either "type" or "error"; bad requests
 * never stop the server. */
#include "config.h"


#include <ctype.h>
#include <ftw.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "fuzz.h"
#include "indexdoc.h"
#include "modes.h"
#include "schema.h"
#include "tokenize.h"
#include "xapian-shim.h"

static char tmp[4096];
static char dbpath[4200];
static struct serve_opts opts;

static const struct {
    const char *path, *title, *date, *text;
} docs[] = {
    { "zh/policy.txt", "新质生产力", "2024-03",
      "新质生产力是产业链升级的关键。\n第二行提到产业。" },
    { "ja/news.md", "半導体のニュース", "2025-01-28",
      "# 半導体のニュース\n東京で半導体の新工場が稼働した。人々は喜んだ。" },
    { "en/forces.txt", "Productive forces", "2024-04-17",
      "New quality productive forces drive growth.\nThe forces are new." },
    { "ko/seoul.html", "서울", "",
      "서울의 인공지능 연구소가 AI芯片 2024년 CPU使用率 을 발표했다." },
    { "docs/strace.md", "", "",
      "使用strace跟踪 系统调用; 使用 strace 也可以. Ｆｕｌｌｗｉｄｔｈ ﬁle" },
};

static void
die(const char *what, const struct sx_error *e)
{
    fprintf(stderr, "fuzz-serve: %s: %s\n", what, e ? e->msg : "");
    abort();
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void
cleanup(void)
{
    if (*tmp)
        nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
meta(sx_db *db, const char *key, const char *val)
{
    struct sx_error e;

    if (sx_db_set_metadata(db, key, val, strlen(val), &e) != SOUSUO_OK)
        die(key, &e);
}

static void
build_index(void)
{
    struct tokenizer *tz;
    struct sx_error e;
    sx_db *db;
    size_t i;

    snprintf(tmp, sizeof tmp, "%s/sousuo-fuzz-serve.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmp)) {
        *tmp = '\0';
        die("mkdtemp", NULL);
    }
    atexit(cleanup);
    snprintf(dbpath, sizeof dbpath, "%s/.sousuo", tmp);
    if (tokenizer_new("english", &tz, NULL) != SOUSUO_OK)
        die("tokenizer_new", NULL);
    if (sx_db_open_writable(dbpath, SX_CREATE | SX_NO_SYNC, &db, &e) !=
        SOUSUO_OK)
        die("open", &e);
    for (i = 0; i < sizeof docs / sizeof *docs; i++) {
        struct indexdoc in;
        struct buf id = BUF_INIT, spell = BUF_INIT;
        sx_doc *doc;
        const char *w;

        memset(&in, 0, sizeof in);
        in.relpath = docs[i].path;
        in.relpath_len = strlen(docs[i].path);
        in.title = docs[i].title;
        in.title_len = strlen(docs[i].title);
        in.text = docs[i].text;
        in.text_len = strlen(docs[i].text);
        in.date = docs[i].date;
        in.size = in.text_len;
        if (indexdoc_build(tz, &in, &doc, &spell, NULL, &e) != SOUSUO_OK)
            die("indexdoc_build", &e);
        indexdoc_idterm(in.relpath, in.relpath_len, &id);
        if (sx_db_replace_document(db, id.data, id.len, doc, NULL, &e) !=
            SOUSUO_OK)
            die("replace", &e);
        /* Spelling data, so "did you mean" has something to offer. */
        for (w = spell.data; w < spell.data + spell.len; w += strlen(w) + 1)
            if (sx_db_add_spelling(db, w, strlen(w), 1, &e) != SOUSUO_OK)
                die("spelling", &e);
        sx_doc_free(doc);
        buf_free(&id);
        buf_free(&spell);
    }
    meta(db, META_SCHEMA, SCHEMA_VERSION);
    meta(db, META_TOKENIZER, tokenizer_id(tz));
    meta(db, META_STEM, "english");
    meta(db, META_ROOT, tmp);
    meta(db, META_UPDATED, "2025-01-01T00:00:00Z");
    if (sx_db_commit(db, &e) != SOUSUO_OK)
        die("commit", &e);
    sx_db_close(db);
    tokenizer_free(tz);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    build_index();
    memset(&opts, 0, sizeof opts);
    opts.index_arg = dbpath;
    opts.cwd = tmp;
    sousuo_search_opts_init(&opts.so);
    return 0;
}

/* Lines of the input that get a reply: read_line()'s split, minus blank
 * lines (only white space), after the byte-order mark the server skips at
 * the start of its input (protocol.md). */
static size_t
requests(const char *p, size_t n)
{
    size_t count = 0, i = 0;

    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        i = 3;

    while (i < n) {
        const char *nl = memchr(p + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - p) : n, j;

        for (j = i; j < end && isspace((unsigned char)p[j]); j++)
            ;
        count += j < end;
        i = end + 1;
    }
    return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *in, *out;
    char *reply = NULL, *line, *next;
    size_t rlen = 0, got = 0;

    if (size == 0)
        return 0; /* fmemopen needs a buffer */
    in = fmemopen((void *)data, size, "r");
    out = open_memstream(&reply, &rlen);
    FUZZ_CHECK(in && out);
    FUZZ_CHECK(serve_run(&opts, in, out) == 0);
    fclose(in);
    FUZZ_CHECK(fclose(out) == 0);
    for (line = reply; line < reply + rlen; line = next) {
        json_error_t jerr;
        json_t *r;

        next = memchr(line, '\n', (size_t)(reply + rlen - line));
        FUZZ_CHECK(next); /* every reply ends its line */
        *next++ = '\0';
        r = json_loads(line, 0, &jerr);
        if (!r)
            fprintf(stderr, "reply is not JSON: %s\n", line);
        FUZZ_CHECK(r && json_is_object(r));
        FUZZ_CHECK(json_object_get(r, "id"));
        FUZZ_CHECK(json_object_get(r, "type") || json_object_get(r, "error"));
        json_decref(r);
        got++;
    }
    if (got != requests((const char *)data, size))
        fprintf(stderr, "%zu replies to %zu requests\n", got,
                requests((const char *)data, size));
    FUZZ_CHECK(got == requests((const char *)data, size));
    free(reply);
    return 0;
}
