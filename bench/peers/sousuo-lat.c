/* bench/peers/sousuo-lat.c - in-process latency of sousuo_search().
 * A benchmark helper, not part of sousuo.
 *   stdin:  qid<TAB>class<TAB>query        (one per line)
 *   stdout: qid<TAB>class<TAB>hits<TAB>total<TAB>microseconds<TAB>CPU microseconds
 * Usage: sousuo-lat INDEXDIR [LIMIT]
 * Each timing covers sousuo_search() (parse, match, top LIMIT hits with
 * their snippets and matches) and sousuo_results_free(). */
#define _POSIX_C_SOURCE 200809L
#include <sousuo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"

int main(int argc, char **argv)
{
    sousuo_index_t *ix = NULL;
    char *err = NULL, *line = NULL;
    size_t cap = 0;
    sousuo_search_opts_t o;

    if (argc < 2) {
        fprintf(stderr, "usage: sousuo-lat INDEXDIR [LIMIT [rank]] < queries\n"
                        "  rank: ranking only (SOUSUO_MATCHES_NONE), no snippets\n"
                        "  snippet: SOUSUO_MATCHES_SNIPPET (what the human output uses)\n");
        return 2;
    }
    if (sousuo_index_open(argv[1], 0, &ix, &err) != SOUSUO_OK) {
        fprintf(stderr, "sousuo-lat: %s\n", err ? err : "cannot open index");
        return 2;
    }
    sousuo_search_opts_init(&o);
    if (argc > 2) o.limit = (unsigned)atoi(argv[2]);
    if (argc > 3 && strcmp(argv[3], "rank") == 0) o.matches = SOUSUO_MATCHES_NONE;
    if (argc > 3 && strcmp(argv[3], "snippet") == 0) o.matches = SOUSUO_MATCHES_SNIPPET;
    while (getline(&line, &cap, stdin) > 0) {
        char *cls, *q, *nl;
        sousuo_results_t *r = NULL;
        size_t n = 0;
        unsigned long long total = 0;
        double t0, t1, c0, c1;
        if ((nl = strchr(line, '\n'))) *nl = '\0';
        if (!(cls = strchr(line, '\t')) || !(q = strchr(cls + 1, '\t')))
            continue;
        *cls++ = '\0';
        *q++ = '\0';
        c0 = cpu_us();
        t0 = now_us();
        if (sousuo_search(ix, q, &o, &r) == SOUSUO_OK) {
            n = sousuo_results_count(r);
            total = sousuo_results_total(r);
            /* count partial matches as no hit, like the CLI's exit 1 */
            if (sousuo_results_partial(r)) n = 0;
        }
        sousuo_results_free(r);
        t1 = now_us();
        c1 = cpu_us();
        printf("%s\t%s\t%zu\t%llu\t%.1f\t%.1f\n", line, cls, n, total, t1 - t0,
               c1 - c0);
    }
    free(line);
    sousuo_index_close(ix);
    return 0;
}
