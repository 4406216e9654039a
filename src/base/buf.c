#include "base/buf.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* The invariant every function here keeps and relies on: no bytes and no
 * allocation, or len bytes and their NUL within cap. */
static void buf_check(const buf *b)
{
    assert(b->p ? b->len < b->cap && b->p[b->len] == '\0' : b->len == 0 && b->cap == 0);
    (void)b;
}

static void buf_grow(buf *b, size_t extra)
{
    buf_check(b);
    if (extra >= SIZE_MAX - b->len)
        pm_oom();
    b->p = xgrow(b->p, &b->cap, b->len + extra + 1, 1);
    assert(b->cap > b->len + extra);
}

void buf_append(buf *b, const void *data, size_t n)
{
    buf_grow(b, n);
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    buf_check(b);
}

void buf_puts(buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    buf_grow(b, (size_t)n);
    int wrote = vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    /* Same format, same arguments: the second pass writes what the first
     * measured (the room was made for exactly that). */
    assert(wrote == n);
    (void)wrote;
    b->len += (size_t)n;
    buf_check(b);
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_reset(buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

char *buf_detach(buf *b)
{
    char *s = b->p ? b->p : xstrdup("");
    b->p = NULL;
    b->len = b->cap = 0;
    return s;
}

const char *buf_str(const buf *b) { return b->p ? b->p : ""; }

void buf_free(buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}
