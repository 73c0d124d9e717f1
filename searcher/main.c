/* sousuo-search - ranked full-text search over a sousuo index.
 *
 * Exit status as grep: 0 hits, 1 no hits, 2 error.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "modes.h"
#include "print.h"
#include "query.h"
#include "rank-knobs.h"
#include "snippet.h"
#include "sousuo.h"
#include "stdfds.h"
#include "tokenize.h"

/* The match cap in --help, from the constant itself. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define MAX_MATCHES_STR STR(SNIPPET_MAX_MATCHES)

static void
usage(FILE *f)
{
    fputs(
"Usage: sousuo-search [OPTION]... QUERY...\n"
"       sousuo-search --batch FILE [--json | --trec RUNTAG] [--timings]\n"
"       sousuo-search --serve [--limit N] [--explain] [--rank ...]\n"
"Search the sousuo index of the current folder (the nearest .sousuo/ at or\n"
"above it) and print the best matching documents first.\n"
"\n"
"Query language (see sousuo(7)):\n"
"  new quality        documents with both words (ranked by BM25)\n"
"  a OR b, a -b, a NOT b, ( )   either, without, grouping\n"
"  \"new quality\"      the exact phrase; 新质生产力 matches as a phrase\n"
"  product*           words starting with product\n"
"  title:forces path:docs ext:md lang:zh date:2024 date:2023-09..2024-03\n"
"A query with a -word goes in one quoted argument or after --, else the\n"
"-word is read as options: sousuo-search 'a -b', sousuo-search -- a -b\n"
"\n"
"Options:\n"
"  -i, --index DIR      search the index in DIR (or $SOUSUO_INDEX)\n"
"  -n, --limit N        show N hits (default 10)\n"
"      --offset N       skip the first N hits\n"
"      --json           one JSON object per hit, then a summary\n"
"      --vimgrep        path:line:column:text, one line per match (at\n"
"                       most " MAX_MATCHES_STR " a hit)\n"
"  -l, --files          only the paths of matching documents\n"
"  -0, --null           with --files: end each path with a NUL, not a\n"
"                       newline (for xargs -0)\n"
"  -c, --count          only the number of matching documents\n"
"      --explain        show the parsed query, and where and why each hit\n"
"                       matched (BM25 parts)\n"
"      --color WHEN     highlight matches: auto (default), always, never;\n"
"                       auto means never when NO_COLOR is set, not empty\n"
"      --colour WHEN    the British spelling of --color\n"
"      --debug-tokens TEXT  print how TEXT is tokenized (JSON) and exit\n"
"      --rank title=X,prox=X,slack=N,k1=X,b=X,exact=X  ranking knobs (sousuo(7))\n"
"      --allow-partial  when remote shards of the index are down, search\n"
"                       the others and warn (doc/scale-out.md)\n"
"\n"
"Many queries (see doc/protocol.md):\n"
"      --batch FILE     run each line of FILE (- for stdin) as a query, or\n"
"                       QID<TAB>QUERY; blank lines and #comments skipped;\n"
"                       print QID RANK SCORE PATH (tab-separated) per hit,\n"
"                       or JSON lines with --json\n"
"      --trec RUNTAG    with --batch: a TREC run (QID Q0 DOC RANK SCORE TAG)\n"
"      --timings        with --batch: add each query's latency (ms)\n"
"      --serve          answer JSON requests, one per line on stdin, with\n"
"                       one JSON line each on stdout, until end of input;\n"
"                       search requests default to --limit (at most 1000)\n"
"                       and --explain; --rank applies to every search\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"Exit status: 0 something found, 1 nothing found, 2 error (with --batch:\n"
"2 if any query failed, else 0 if any query found something, else 1;\n"
"with --serve: 0 at the end of input, 2 after a read or write error).\n",
        f);
}

static int
parse_uint(const char *opt, const char *s, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (!*s || *end || v > 1000000 || s[0] == '-') {
        fprintf(stderr, "sousuo-search: %s needs a number from 0 to "
                        "1000000, not '%s'\n", opt, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* --rank title=X,prox=X,slack=N,k1=X,b=X,exact=X: the ranking knobs of
 * sousuo_search_opts_t, for tuning on one's own judgments (sousuo-eval). */
static int
parse_rank(const char *spec, sousuo_search_opts_t *o)
{
    const struct rank_knob *keys = rank_knobs;
    const char *p = spec;

    while (*p) {
        const char *eq = strchr(p, '=');
        char *end = NULL;
        double v;
        size_t i, klen = eq ? (size_t)(eq - p) : 0;

        for (i = 0; i < rank_knobs_n; i++)
            if (klen == strlen(keys[i].key) &&
                strncmp(p, keys[i].key, klen) == 0)
                break;
        v = eq ? strtod(eq + 1, &end) : 0;
        if (i == rank_knobs_n || end == eq + 1 ||
            (*end && *end != ',')) {
            fprintf(stderr, "sousuo-search: --rank: bad part '%.*s' (use "
                    "title=X,prox=X,slack=N,k1=X,b=X,exact=X)\n",
                    (int)strcspn(p, ","), p);
            return -1;
        }
        /* Name the knob out of range, with its own range. */
        if (!rank_knob_ok(&keys[i], v)) {
            fprintf(stderr, "sousuo-search: --rank: bad part '%.*s' (%s "
                    "%sfrom %g to %g)\n", (int)strcspn(p, ","), p,
                    keys[i].key,
                    keys[i].is_unsigned ? "a whole number " : "",
                    keys[i].lo, keys[i].hi);
            return -1;
        }
        rank_knob_set(&keys[i], o, v);
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* Shards left out by --allow-partial: one warning each. */
static void
warn_missing(const sousuo_index_t *ix)
{
    const char *p = sousuo_index_missing(ix), *nl;

    for (; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
        fprintf(stderr, "sousuo-search: warning: shard '%.*s' is down; "
                        "results are from the other shards only\n",
                (int)(nl - p), p);
}

/* A remote shard that cannot be reached fails the search unless
 * --allow-partial: say so.  (One that does not answer fails with
 * Xapian's NetworkTimeoutError.) */
static void
hint_partial(const char *msg, unsigned open_flags)
{
    if (!open_flags && msg && (strstr(msg, "NetworkError") ||
                               strstr(msg, "NetworkTimeoutError")))
        fputs("sousuo-search: a remote shard is down; --allow-partial "
              "searches the others\n", stderr);
}

/* --debug-tokens TEXT: the tokenizer's terms as JSON, no index needed.
 * Returns the exit status. */
static int
debug_tokens(const char *text)
{
    char *json = NULL;
    sousuo_status_t st = sousuo_debug_tokens(text, strlen(text), NULL, &json);

    if (st != SOUSUO_OK) {
        fprintf(stderr, "sousuo-search: %s\n", sousuo_status_str(st));
        return 2;
    }
    puts(json);
    sousuo_free(json);
    return 0;
}

/* --color WHEN for the human output.  auto colours a terminal unless
 * NO_COLOR is set and not empty: no-color.org, where an empty value
 * counts as unset (so NO_COLOR= in a script can undo an inherited one). */
static int
use_color(const char *when)
{
    const char *no_color = getenv("NO_COLOR");

    if (strcmp(when, "auto") != 0)
        return strcmp(when, "always") == 0;
    return !(no_color && *no_color) && isatty(STDOUT_FILENO);
}

/* The parsed query as one line, for --explain. */
static char *
explain_tree(const char *query)
{
    struct tokenizer *tz = NULL;
    struct qnode *tree = NULL;
    struct buf b = BUF_INIT;

    if (tokenizer_new("english", &tz, NULL) == SOUSUO_OK &&
        query_parse(tz, query, strlen(query), &tree, NULL, NULL) == SOUSUO_OK)
        query_dump(tree, &b);
    query_free(tree);
    tokenizer_free(tz);
    return buf_detach(&b, NULL);
}

int
main(int argc, char **argv)
{
    enum { O_OFFSET = 256, O_JSON, O_VIMGREP, O_EXPLAIN, O_COLOR, O_DEBUG,
           O_BATCH, O_SERVE, O_TREC, O_TIMINGS, O_RANK, O_PARTIAL };
    static const struct option longopts[] = {
        { "index", required_argument, NULL, 'i' },
        { "limit", required_argument, NULL, 'n' },
        { "offset", required_argument, NULL, O_OFFSET },
        { "json", no_argument, NULL, O_JSON },
        { "vimgrep", no_argument, NULL, O_VIMGREP },
        { "files", no_argument, NULL, 'l' },
        { "null", no_argument, NULL, '0' },
        { "count", no_argument, NULL, 'c' },
        { "explain", no_argument, NULL, O_EXPLAIN },
        { "color", required_argument, NULL, O_COLOR },
        { "colour", required_argument, NULL, O_COLOR },
        { "debug-tokens", required_argument, NULL, O_DEBUG },
        { "batch", required_argument, NULL, O_BATCH },
        { "serve", no_argument, NULL, O_SERVE },
        { "trec", required_argument, NULL, O_TREC },
        { "timings", no_argument, NULL, O_TIMINGS },
        { "rank", required_argument, NULL, O_RANK },
        { "allow-partial", no_argument, NULL, O_PARTIAL },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    const struct printer *pr = &print_human;
    sousuo_search_opts_t so;
    struct print_ctx pc;
    sousuo_index_t *ix = NULL;
    sousuo_results_t *r = NULL;
    const char *index_arg = getenv("SOUSUO_INDEX"), *color = "auto";
    const char *debug_text = NULL; /* --debug-tokens: acts after parsing */
    char *index_path = NULL, *errmsg = NULL, *cwd = NULL, *tree = NULL;
    struct buf query = BUF_INIT;
    struct batch_opts bo = { NULL, BATCH_TSV, NULL, 0 };
    int c, count_only = 0, rc = 2, i, serve = 0, offset_given = 0;
    unsigned open_flags = 0;
    size_t k;
    sousuo_status_t st;

    /* Before anything opens a file: with fd 0 closed, the index's
     * database would be read as the --batch query list. */
    if (stdfds_open() == -1) {
        perror("sousuo-search: /dev/null");
        return 2;
    }
    sousuo_search_opts_init(&so);
    memset(&pc, 0, sizeof pc);
    while ((c = getopt_long(argc, argv, "i:n:l0chV", longopts, NULL)) != -1) {
        switch (c) {
        case 'i':
            /* An empty $SOUSUO_INDEX means unset; an empty --index is a
             * mistake (an unset variable in a script), not "discover". */
            if (!*optarg) {
                fputs("sousuo-search: --index needs a folder, not an empty "
                      "name\n", stderr);
                goto out;
            }
            index_arg = optarg;
            break;
        case 'n':
            if (parse_uint("--limit", optarg, &so.limit))
                goto out;
            break;
        case O_OFFSET:
            if (parse_uint("--offset", optarg, &so.offset))
                goto out;
            offset_given = 1;
            break;
        case O_JSON: pr = &print_json; break;
        case O_VIMGREP: pr = &print_vimgrep; break;
        case 'l': pr = &print_files; break;
        case '0': pc.null = 1; break;
        case 'c': count_only = 1; break;
        case O_EXPLAIN: pc.explain = so.explain = 1; break;
        case O_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
                strcmp(optarg, "never")) {
                fprintf(stderr, "sousuo-search: --color takes auto, always "
                                "or never, not '%s'\n", optarg);
                goto out;
            }
            color = optarg;
            break;
        case O_DEBUG: debug_text = optarg; break;
        case O_BATCH: bo.file = optarg; break;
        case O_SERVE: serve = 1; break;
        case O_TREC:
            if (!*optarg || strpbrk(optarg, " \t\n")) {
                fprintf(stderr, "sousuo-search: --trec needs a run tag "
                                "without white space, not '%s'\n", optarg);
                goto out;
            }
            bo.runtag = optarg;
            break;
        case O_TIMINGS: bo.timings = 1; break;
        case O_RANK:
            if (parse_rank(optarg, &so))
                goto out;
            break;
        case O_PARTIAL: open_flags = SOUSUO_OPEN_ALLOW_PARTIAL; break;
        case 'h': usage(stdout); rc = 0; goto out;
        case 'V':
            printf("sousuo-search %s\n", PACKAGE_VERSION);
            rc = 0;
            goto out;
        default:
            fputs("Try 'sousuo-search --help'.\n", stderr);
            goto out;
        }
    }
    /* Only now that every option is known to be good: a bad one after
     * --debug-tokens is a usage error, not tokens then silence. */
    if (debug_text) {
        if (optind < argc || bo.file || serve) {
            fputs("sousuo-search: --debug-tokens takes no query arguments "
                  "and no --batch or --serve\n", stderr);
            goto out;
        }
        rc = debug_tokens(debug_text);
        goto out;
    }
    if (pc.null && (pr != &print_files || count_only)) {
        fputs("sousuo-search: --null goes with --files\n", stderr);
        goto out;
    }
    if (bo.file || serve) {
        const char *mode = serve ? "--serve" : "--batch";

        /* A session-wide offset would silently skip the first hits of
         * every request that pages by itself (doc/protocol.md). */
        if (serve && (open_flags || offset_given)) {
            fprintf(stderr, "sousuo-search: --serve does not take %s\n",
                    open_flags ? "--allow-partial"
                               : "--offset (each request sets its own)");
            goto out;
        }
        if (serve && so.limit > SERVE_LIMIT_MAX) {
            fprintf(stderr, "sousuo-search: --serve takes --limit 0 to %d, "
                            "as search requests do\n", SERVE_LIMIT_MAX);
            goto out;
        }
        if (bo.file && serve) {
            fputs("sousuo-search: --batch and --serve exclude each other\n",
                  stderr);
            goto out;
        }
        if (optind < argc) {
            fprintf(stderr, "sousuo-search: %s takes no query arguments\n",
                    mode);
            goto out;
        }
        if (pr == &print_vimgrep || pr == &print_files || count_only ||
            (serve && (pr == &print_json || bo.runtag || bo.timings))) {
            fprintf(stderr, "sousuo-search: %s does not combine with this "
                            "output option\n", mode);
            goto out;
        }
        if (bo.runtag && pr == &print_json) {
            fputs("sousuo-search: --json and --trec exclude each other\n",
                  stderr);
            goto out;
        }
        bo.format = bo.runtag ? BATCH_TREC
                    : pr == &print_json ? BATCH_JSON : BATCH_TSV;
        /* Batch TSV and TREC print no snippets: skip the match pass. */
        if (!serve && bo.format != BATCH_JSON)
            so.matches = SOUSUO_MATCHES_NONE;
    } else if (bo.runtag || bo.timings) {
        fprintf(stderr, "sousuo-search: %s needs --batch\n",
                bo.runtag ? "--trec" : "--timings");
        goto out;
    }
    if (serve) {
        struct serve_opts so2;

        cwd = getcwd(NULL, 0);
        so2.index_arg = index_arg;
        so2.cwd = cwd ? cwd : "";
        so2.so = so;
        /* A plugin that closes our output is a write error (exit 2, a
         * message), not a silent death by SIGPIPE (doc/protocol.md). */
        signal(SIGPIPE, SIG_IGN);
        rc = serve_run(&so2, stdin, stdout);
        goto out;
    }
    if (optind >= argc && !bo.file) {
        fputs("sousuo-search: no query given\n"
              "Try 'sousuo-search --help'.\n", stderr);
        goto out;
    }
    for (i = optind; i < argc; i++) {
        if (i > optind)
            buf_addch(&query, ' ');
        buf_addstr(&query, argv[i]);
    }
    if (query.err)
        goto out;

    if (index_arg && *index_arg) {
        index_path = strdup(index_arg);
    } else {
        st = sousuo_index_find(".", &index_path, &errmsg);
        if (st != SOUSUO_OK) {
            fprintf(stderr, "sousuo-search: %s\n", errmsg);
            goto out;
        }
    }
    st = sousuo_index_open(index_path, open_flags, &ix, &errmsg);
    if (st != SOUSUO_OK) {
        fprintf(stderr, "sousuo-search: %s\n", errmsg);
        hint_partial(errmsg, open_flags);
        goto out;
    }
    if (bo.file) {
        cwd = getcwd(NULL, 0);
        pc.out = stdout;
        pc.root = sousuo_index_root(ix);
        pc.cwd = cwd ? cwd : "";
        pc.so = &so;
        rc = batch_run(ix, &bo, &so, &pc);
        warn_missing(ix);
        goto out;
    }
    /* Outputs that cannot say "partial" list only documents with every
     * word, as --count counts them: a script piping --files to xargs
     * must not act on documents that lack one. */
    if (pr == &print_files || pr == &print_vimgrep)
        so.partial = 0;
    if (pr == &print_files)
        so.matches = SOUSUO_MATCHES_NONE; /* paths only */
    else if (pr == &print_human && !pc.explain)
        so.matches = SOUSUO_MATCHES_SNIPPET; /* a snippet and a line:col */
    if (count_only) {
        so.limit = 0;
        so.exact_total = 1;
        so.partial = 0;
    }
    st = sousuo_search(ix, query.data, &so, &r);
    if (st != SOUSUO_OK) {
        fprintf(stderr, "sousuo-search: %s\n", sousuo_index_errmsg(ix));
        hint_partial(sousuo_index_errmsg(ix), open_flags);
        goto out;
    }
    warn_missing(ix);
    if (count_only) {
        printf("%llu\n", sousuo_results_total(r));
        rc = sousuo_results_total(r) ? 0 : 1;
        goto out;
    }

    cwd = getcwd(NULL, 0);
    pc.out = stdout;
    pc.root = sousuo_index_root(ix);
    pc.cwd = cwd ? cwd : "";
    pc.query = query.data;
    pc.so = &so;
    pc.color = use_color(color);
    if (pc.explain)
        pc.tree = tree = explain_tree(query.data);
    for (k = 0; k < sousuo_results_count(r); k++)
        pr->hit(&pc, r, k);
    if (pr->summary)
        pr->summary(&pc, r);
    if (!sousuo_results_count(r) && pr == &print_human) {
        if (sousuo_results_total(r)) /* --limit 0, or --offset past them */
            fprintf(stderr, "sousuo-search: %s%llu matches for '%s', none "
                            "on this page (--offset %u --limit %u)\n",
                    sousuo_results_total_exact(r) ? "" : "about ",
                    sousuo_results_total(r), query.data, so.offset,
                    so.limit);
        else
            fprintf(stderr, "sousuo-search: no matches for '%s'\n",
                    query.data);
    }
    rc = sousuo_results_count(r) ? 0 : 1;
out:
    if (fflush(stdout) != 0 && rc != 2) {
        perror("sousuo-search: write error");
        rc = 2;
    }
    sousuo_results_free(r);
    sousuo_index_close(ix);
    sousuo_free(errmsg);
    free(index_path);
    free(cwd);
    free(tree);
    buf_free(&query);
    return rc;
}
