/* docdata.c - encode/decode the stored document record; see docdata.h. */
#include "config.h"

#include <string.h>

#include "docdata.h"

#define MAGIC "sousuo/1\n"

static void
put(struct buf *out, const char *p, size_t n)
{
    buf_addf(out, "%zu:", n);
    buf_add(out, p, n);
    buf_addch(out, ',');
}

void
docdata_encode_head(const struct docdata *d, struct buf *out)
{
    buf_reset(out);
    buf_addstr(out, MAGIC);
    put(out, d->path, d->path_len);
    put(out, d->title, d->title_len);
    put(out, d->date, d->date_len);
    put(out, d->lang, d->lang_len);
    buf_addf(out, "%zu:", d->text_len);
}

void
docdata_encode(const struct docdata *d, struct buf *out)
{
    docdata_encode_head(d, out);
    buf_add(out, d->text, d->text_len);
    buf_addch(out, ',');
}

/* Read one netstring at *p; advance *p past it. */
static int
get(const char **p, const char *end, const char **field, size_t *len)
{
    size_t n = 0;
    const char *s = *p;

    if (s >= end || *s < '0' || *s > '9')
        return -1;
    while (s < end && *s >= '0' && *s <= '9') {
        if (n > ((size_t)-1 - 9) / 10)
            return -1;
        n = n * 10 + (size_t)(*s++ - '0');
    }
    if (s >= end || *s++ != ':' || (size_t)(end - s) < n + 1 || s[n] != ',')
        return -1;
    *field = s;
    *len = n;
    *p = s + n + 1;
    return 0;
}

int
docdata_decode(const char *data, size_t len, struct docdata *d)
{
    const char *p = data, *end = data + len;

    memset(d, 0, sizeof *d);
    if (len < sizeof MAGIC - 1 || memcmp(data, MAGIC, sizeof MAGIC - 1))
        return -1;
    p += sizeof MAGIC - 1;
    if (get(&p, end, &d->path, &d->path_len) ||
        get(&p, end, &d->title, &d->title_len) ||
        get(&p, end, &d->date, &d->date_len) ||
        get(&p, end, &d->lang, &d->lang_len) ||
        get(&p, end, &d->text, &d->text_len))
        return -1;
    return p == end ? 0 : -1;
}

static void
put_leb(struct buf *b, size_t v)
{
    while (v >= 0x80) {
        buf_addch(b, (char)(0x80 | (v & 0x7F)));
        v >>= 7;
    }
    buf_addch(b, (char)v);
}

void
colmap_put(struct buf *map, size_t *prev, size_t off, size_t add)
{
    put_leb(map, off - *prev);
    put_leb(map, add);
    *prev = off;
}

static int
get_leb(const unsigned char **p, const unsigned char *end, size_t *v)
{
    unsigned shift = 0;

    *v = 0;
    while (*p < end && shift < 8 * sizeof *v) {
        unsigned char c = *(*p)++;

        *v |= (size_t)(c & 0x7F) << shift;
        if (!(c & 0x80))
            return 1;
        shift += 7;
    }
    return 0;
}

void
colmap_init(struct colmap *c, const char *map, size_t len)
{
    memset(c, 0, sizeof *c);
    c->map = c->p = (const unsigned char *)(map ? map : "");
    c->end = c->p + (map ? len : 0);
}

size_t
colmap_add(struct colmap *c, const char *text, size_t len, size_t off)
{
    if (c->have && off < c->clean_to) {
        const unsigned char *end = c->end;

        colmap_init(c, (const char *)c->map, (size_t)(end - c->map));
    }
    for (;;) {
        const unsigned char *q = c->p;
        size_t d, add;

        if (!get_leb(&q, c->end, &d) || !get_leb(&q, c->end, &add) ||
            (c->have && c->off + d < c->off) || c->off + d > off)
            break;
        c->p = q;
        c->off += d;
        c->add = add;
        c->have = 1;
        c->clean_to = c->off;
        c->broken = 0;
    }
    if (!c->have || c->broken || off > len)
        return 0;
    if (c->clean_to < off) {
        const char *nl = memchr(text + c->clean_to, '\n', off - c->clean_to);

        c->clean_to = nl ? (size_t)(nl - text) : off;
        c->broken = nl != NULL;
    }
    if (c->broken)
        return 0;
    return c->add;
}
