/* print-vimgrep.c - path:line:column:text, one line per match (a hit
 * without any: path:1:1:title, or its first line): what Vim's
 * 'grepformat' (%f:%l:%c:%m), Emacs grep-mode and VS Code read.  Columns
 * are 1-based bytes, as in Vim and ripgrep. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "print.h"

/* Longest line text printed; longer lines are cut (on a UTF-8 boundary). */
#define VIMGREP_LINE_MAX 1000

/* The file name on one line, as the human output shows it: a newline or
 * tab in it would split or shift the quickfix entry. */
static void
put_path(FILE *out, const char *path)
{
    if (path)
        print_flat(out, path, 0, strlen(path));
    else
        fputc('?', out);
}

static void
vimgrep_hit(const struct print_ctx *c, const sousuo_results_t *r, size_t i)
{
    size_t k, nm = sousuo_results_nmatches(r, i), len;
    const char *text = sousuo_results_text(r, i, &len);
    char *path = print_path(c, sousuo_results_path(r, i));

    for (k = 0; k < nm; k++) {
        const sousuo_match_t *m = sousuo_results_match(r, i, k);
        size_t a = m->line_start, b = m->line_end;

        if (b - a > VIMGREP_LINE_MAX) {
            b = a + VIMGREP_LINE_MAX;
            while (b > a && ((unsigned char)text[b] & 0xc0) == 0x80)
                b--;
        }
        put_path(c->out, path);
        fprintf(c->out, ":%zu:%zu:", m->line, m->byte_col);
        print_flat(c->out, text, a, b);
        fputc('\n', c->out);
    }
    /* No located match (a filter-only query, a word only in an HTML
     * <title>, a partial hit): one line at 1:1 all the same, so the
     * editor lists the hit and exit status 0 is true. */
    if (!nm) {
        const char *title = sousuo_results_title(r, i);
        size_t b = 0;

        put_path(c->out, path);
        fputs(":1:1:", c->out);
        if (title && *title) {
            print_flat(c->out, title, 0, strlen(title));
        } else if (text) {
            while (b < len && b < VIMGREP_LINE_MAX && text[b] != '\n')
                b++;
            while (b > 0 && b < len && ((unsigned char)text[b] & 0xc0) == 0x80)
                b--;
            print_flat(c->out, text, 0, b);
        }
        fputc('\n', c->out);
    }
    free(path);
}

const struct printer print_vimgrep = { vimgrep_hit, NULL };
