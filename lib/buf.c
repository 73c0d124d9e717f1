/* buf.c - growable byte buffer; see buf.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

const char buf__empty[1];

void
buf_init(struct buf *b)
{
    b->data = (char *)buf__empty;
    b->len = b->cap = 0;
    b->err = 0;
}

void
buf_free(struct buf *b)
{
    if (b->cap)
        free(b->data);
    buf_init(b);
}

void
buf_reset(struct buf *b)
{
    b->len = 0;
    /* Never write the shared empty string: handles in other threads
     * read it (a data race), and it is '\0' already. */
    if (b->cap)
        b->data[0] = '\0';
}

int
buf_grow(struct buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (b->err)
        return -1;
    if (extra > (size_t)-1 - b->len - 1)
        goto fail;
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    p = realloc(b->cap ? b->data : NULL, cap);
    if (!p)
        goto fail;
    if (!b->cap)
        p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return 0;
fail:
    b->err = 1;
    return -1;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
    if (buf_grow(b, n) < 0)
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
buf_addstr(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void
buf_addch(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    if (b->err)
        return;
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) {
        b->err = 1;
        return;
    }
    if (buf_grow(b, (size_t)n) < 0)
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    buf_vaddf(b, fmt, ap);
    va_end(ap);
}

char *
buf_detach(struct buf *b, size_t *len)
{
    char *p;

    if (b->err) {
        buf_free(b);
        return NULL;
    }
    if (!b->cap) {
        p = malloc(1);
        if (p)
            p[0] = '\0';
    } else {
        p = b->data;
    }
    if (len)
        *len = b->len;
    buf_init(b);
    return p;
}
