/* docdata.h - the record stored as each document's Xapian data.
 *
 * Layout: "sousuo/1\n" then each field as a netstring "LEN:BYTES," in the
 * order below.  Binary-safe (paths may hold newlines or invalid UTF-8) and
 * cheap to decode without copying.
 */
#ifndef SOUSUO_DOCDATA_H
#define SOUSUO_DOCDATA_H

#include <stddef.h>

#include "buf.h"

struct docdata {
    const char *path; size_t path_len;   /* relative to the index root */
    const char *title; size_t title_len;
    const char *date; size_t date_len;   /* "YYYY-MM-DD", "YYYY-MM", "YYYY" or "" */
    const char *lang; size_t lang_len;   /* "en", "zh", "ja", "ko", "und" */
    const char *text; size_t text_len;   /* the extracted UTF-8 text */
};

void docdata_encode(const struct docdata *d, struct buf *out);
/* All of the record but its last field's bytes and the "," after them: the
 * record is out, then d->text, then ",".  Saves a copy of a big text. */
void docdata_encode_head(const struct docdata *d, struct buf *out);
/* Point d's fields into data (no copies).  Returns 0, or -1 when data is
 * not a record of this layout. */
int docdata_decode(const char *data, size_t len, struct docdata *d);

/* The column map of an HTML page's text (value slot SLOT_COLMAP): how
 * many bytes further right than in the text each piece of it is in the
 * file, where the markup before it on its line was (tags, white space
 * squeezed to one).  Entries "from text offset OFF on, ADD bytes to the
 * right", in ascending OFF, hold up to the next entry or the end of the
 * line (a new line starts at 0); each is two LEB128 numbers, OFF minus
 * the previous entry's OFF (0 for the first) and ADD.  Pages whose text
 * is where it is in the file have none: columns are then those of the
 * text. */
void colmap_put(struct buf *map, size_t *prev, size_t off, size_t add);

struct colmap {
    const unsigned char *map, *p, *end;
    size_t off, add;       /* the entry at or before the last offset */
    int have;
    size_t clean_to;       /* text[off, clean_to) has no line end */
    int broken;            /* a line end after off: the entry is over */
};
void colmap_init(struct colmap *c, const char *map, size_t len);
/* The bytes to add to the column of text offset OFF (offsets ascending;
 * a smaller one starts over). */
size_t colmap_add(struct colmap *c, const char *text, size_t len, size_t off);

#endif
