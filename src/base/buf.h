/* Growable byte buffers, always NUL-terminated. No I/O.
 * A buf owns its bytes; buf_free() releases them, buf_detach() hands them
 * to the caller (who then frees them with free()). */
#ifndef PM_BUF_H
#define PM_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *p;    /* NULL until the first append; then always NUL-terminated */
    size_t len; /* bytes used, excluding the terminating NUL */
    size_t cap; /* bytes allocated */
} buf;

#define BUF_INIT {NULL, 0, 0}

void buf_append(buf *b, const void *data, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Empties the buffer but keeps its allocation. */
void buf_reset(buf *b);
/* Returns the contents ("" if empty) as a malloc'd string the caller frees;
 * the buffer is left empty. */
char *buf_detach(buf *b);
/* Returns the contents, "" when nothing was appended. Borrowed. */
const char *buf_str(const buf *b);
void buf_free(buf *b);

#endif
