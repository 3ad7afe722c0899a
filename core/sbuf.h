/* sbuf — a growable byte buffer.
 *
 * Owns its bytes; the caller owns the struct. Every append keeps a NUL after the data so that
 * sbuf_cstr() is always a valid C string. Appends abort the process on allocation failure: the
 * daemon cannot continue without memory, and a partial message is worse than a clear crash.
 */
#ifndef ASSESSD_SBUF_H
#define ASSESSD_SBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct sbuf {
    char *data;
    size_t len;
    size_t cap;
} sbuf;

void sbuf_init(sbuf *b);
void sbuf_free(sbuf *b);
void sbuf_reset(sbuf *b);
void sbuf_reserve(sbuf *b, size_t extra);
void sbuf_add(sbuf *b, const void *p, size_t n);
void sbuf_adds(sbuf *b, const char *s);
void sbuf_addc(sbuf *b, char c);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_vprintf(sbuf *b, const char *fmt, va_list ap);
/* Removes the first n bytes. */
void sbuf_consume(sbuf *b, size_t n);
/* Hands the bytes to the caller (free() them) and leaves the buffer empty. */
char *sbuf_detach(sbuf *b, size_t *len);
const char *sbuf_cstr(sbuf *b);

#endif
