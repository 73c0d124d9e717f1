/* debug-tokens.c - sousuo_debug_tokens(): the token stream as JSON, so
 * users and golden tests see exactly how text is split (Groonga's
 * "tokenize" command). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sousuo.h"
#include "tokenize.h"

static const char *const kind_names[] = { "word", "number", "stem",
                                          "cjk_unigram", "cjk_bigram",
                                          "glue" };

static int
add_token(void *ctx, const struct tok *t)
{
    json_t *o = json_pack("{s:s%, s:s, s:i, s:I, s:I}",
                          "term", t->term, t->term_len,
                          "kind", kind_names[t->kind],
                          "pos", (int)t->pos,
                          "start", (json_int_t)t->start,
                          "end", (json_int_t)t->end);

    if (!o)
        return 1;
    return json_array_append_new(ctx, o) != 0;
}

sousuo_status_t
sousuo_debug_tokens(const char *text, size_t len, const char *stem_lang,
                    char **out)
{
    struct tokenizer *tz = NULL;
    json_t *arr;
    sousuo_status_t st;
    int rc;

    if (!out || (!text && len))
        return SOUSUO_INVAL;
    *out = NULL;
    st = tokenizer_new(stem_lang, &tz, NULL);
    if (st != SOUSUO_OK)
        return st;
    arr = json_array();
    rc = arr ? tokenize(tz, TOK_DOCUMENT, text, len, add_token, arr) : 1;
    if (rc == 0)
        *out = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    tokenizer_free(tz);
    if (rc < 0)
        return (sousuo_status_t)-rc;
    return *out ? SOUSUO_OK : SOUSUO_NOMEM;
}
