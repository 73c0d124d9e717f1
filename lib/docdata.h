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

#endif
