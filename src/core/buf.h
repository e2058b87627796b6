/*
 * A growable byte buffer with a ceiling.  It carries its length, is always
 * NUL-terminated for convenience, and refuses to grow past max: every append
 * returns -1 then and leaves the buffer as it was.  buf_free() releases it.
 */
#ifndef ECAT_BUF_H
#define ECAT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
        char *data;
        size_t len;
        size_t cap;
        size_t max;
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the data to the caller (who frees it with free()); the buffer is emptied. */
char *buf_steal(struct buf *b, size_t *len);

#endif
