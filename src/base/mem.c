#include "base/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

_Noreturn void pm_oom(void)
{
    static const char msg[] = "planmon: 内存不足\n";
    /* write(2), not stdio: stderr's lock may be held by the thread that ran
     * out, and nothing else is certain to work now. */
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _Exit(1);
}

bool pm_size_mul(size_t a, size_t b, size_t *out)
{
    size_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return false;
    *out = r;
    return true;
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        pm_oom();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    /* calloc checks count × size itself (C11 7.22.3.2). */
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        pm_oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        pm_oom();
    return q;
}

void *xnmalloc(size_t count, size_t size)
{
    size_t n;
    if (!pm_size_mul(count, size, &n))
        pm_oom();
    return xmalloc(n);
}

void *xnrealloc(void *p, size_t count, size_t size)
{
    size_t n;
    if (!pm_size_mul(count, size, &n))
        pm_oom();
    return xrealloc(p, n);
}

void *xbig(size_t count, size_t size)
{
    enum { HUGE = 2u << 20, BIG = 4u << 20 };
    size_t n;
    if (!pm_size_mul(count, size, &n) || n > SIZE_MAX - HUGE)
        pm_oom();
    if (n < BIG)
        return xmalloc(n);
    size_t whole = (n + HUGE - 1) / HUGE * HUGE;
    void *p = NULL;
    if (posix_memalign(&p, HUGE, whole) != 0)
        pm_oom();
    /* Advice only: without huge pages the memory is as good. */
    (void)madvise(p, whole, MADV_HUGEPAGE);
    return p;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            pm_oom();
        c *= 2;
    }
    p = xnrealloc(p, c, size);
    *cap = c;
    return p;
}

size_t pm_pow2_at_least(size_t n)
{
    size_t c = 16;
    while (c < n) {
        if (c > SIZE_MAX / 2)
            pm_oom();
        c *= 2;
    }
    return c;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
    if (n == SIZE_MAX)
        pm_oom();
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
