/* print.h - sousuo-search's output formats behind one vtable (notmuch's
 * sprinter idea): main.c runs the search, a printer writes it. */
#ifndef SOUSUO_PRINT_H
#define SOUSUO_PRINT_H

#include <stdio.h>

#include "sousuo.h"

struct print_ctx {
    FILE *out;
    int color;          /* ANSI colours (human output only) */
    int explain;        /* --explain: add why each hit matched */
    int null;           /* --null: --files ends each path with a NUL */
    const char *root;   /* the index root; stored paths are relative to it */
    const char *cwd;    /* the current folder, to print paths relative to it */
    const char *query;
    const char *tree;   /* the parsed query, for --explain */
    const sousuo_search_opts_t *so; /* the ranking knobs, for --explain */
};

struct printer {
    /* One hit; i indexes r. */
    void (*hit)(const struct print_ctx *c, const sousuo_results_t *r,
                size_t i);
    /* After the hits (totals, "did you mean"); may be NULL. */
    void (*summary)(const struct print_ctx *c, const sousuo_results_t *r);
};

extern const struct printer print_human, print_json, print_vimgrep,
    print_files;

/* The hit's path as the user should see it: relative to the current
 * folder when below it, else absolute.  Caller frees. */
char *print_path(const struct print_ctx *c, const char *relpath);

/* Write text[a, b) on one line: newlines, tabs and every other control
 * character (which a document could use to drive the terminal: ESC
 * sequences) become spaces.  [a, b) must not split a UTF-8 character. */
void print_flat(FILE *f, const char *text, size_t a, size_t b);

#endif
