/* embed.c - an embedder's view: only <sousuo.h>, built as C and as C++.
 * Usage: embed INDEX QUERY - prints one line per hit. */
#include <stdio.h>
#include <stdlib.h>

#include <sousuo.h>

int
main(int argc, char **argv)
{
    sousuo_index_t *ix = NULL;
    sousuo_results_t *r = NULL;
    sousuo_search_opts_t opts;
    char *err = NULL;
    unsigned long long docs = 0;
    size_t i;
    sousuo_status_t st;

    if (argc != 3) {
        fprintf(stderr, "usage: embed INDEX QUERY\n");
        return 2;
    }
    st = sousuo_index_open(argv[1], 0, &ix, &err);
    if (st != SOUSUO_OK) {
        fprintf(stderr, "embed: %s (%s)\n", err, sousuo_status_name(st));
        sousuo_free(err);
        return 2;
    }
    sousuo_search_opts_init(&opts);
    opts.limit = 5;
    st = sousuo_search(ix, argv[2], &opts, &r);
    if (st != SOUSUO_OK) {
        fprintf(stderr, "embed: %s\n", sousuo_index_errmsg(ix));
        sousuo_index_close(ix);
        return 2;
    }
    sousuo_index_doccount(ix, &docs);
    /* Results outlive the index handle. */
    sousuo_index_close(ix);
    printf("version %s, %llu documents, %llu hits\n", sousuo_version(), docs,
           sousuo_results_total(r));
    for (i = 0; i < sousuo_results_count(r); i++) {
        const sousuo_match_t *m = sousuo_results_match(r, i, 0);
        printf("%u %s line %zu col %zu matches %zu\n",
               sousuo_results_rank(r, i), sousuo_results_path(r, i),
               m ? m->line : 0, m ? m->byte_col : 0,
               sousuo_results_nmatches(r, i));
    }
    sousuo_results_free(r);
    return 0;
}
