/* buf.h - growable byte buffer with a sticky error (git strbuf + FTS5 rc).
 *
 * data is never NULL and always NUL-terminated, yet may hold NUL bytes.
 * Appends after a failed allocation do nothing; check err once at the end.
 */
#ifndef SOUSUO_BUF_H
#define SOUSUO_BUF_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct buf {
    char *data;
    size_t len, cap;
    int err; /* non-zero once an allocation failed */
};

/* Static initialiser: points at a shared empty string, owns nothing.
 * It is const (read-only memory), so a write to it faults at once
 * instead of racing with readers in other threads. */
extern const char buf__empty[1];
#define BUF_INIT { (char *)buf__empty, 0, 0, 0 }

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b); /* len = 0, keeps memory, keeps err */
int buf_grow(struct buf *b, size_t extra); /* 0 ok, -1 failed */
void buf_add(struct buf *b, const void *p, size_t n);
void buf_addstr(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Hand the bytes to the caller (free() them); b is reset to empty.
 * Returns NULL if an allocation had failed. */
char *buf_detach(struct buf *b, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
