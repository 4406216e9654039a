#include "base/mem.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define PM_HAVE_MEMCHECK 1
#endif
#endif

_Noreturn void pm_oom(void)
{
    static const char msg[] = "planmon: 内存不足\n";
    /* write(2), not stdio: stderr's lock may be held by the thread that ran
     * out, and nothing else is certain to work now. */
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _Exit(1);
}

void pm_mem_keep_freed(void)
{
#ifdef __GLIBC__
    /* Setting either turns off glibc's own adjustment of both, so both
     * are set: the threshold where a block is mapped alone (glibc moves
     * it between 128 KiB and 32 MiB as blocks are freed; 32 MiB from the
     * start here), and the free heap above which free() returns the
     * heap's top to the kernel. 4 MiB instead of 32 made a 1 M-row import
     * about 3 % slower (its growing arrays mapped anew at each doubling),
     * 32 MiB about 8 % faster than glibc's own; its peak at 10 M rows went
     * from 1,984,552 to 2,047,144 KiB (the 2 GiB aim: 2,097,152). */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
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

/* Blocks of xbig, live and kept. A kept block is one released by xbig_free
 * and held for the next xbig of the same rounded size: filling fresh memory
 * was the largest part of an evaluation at 100 k leaves on this project's
 * VMs (the kernel zeroing new pages: 38 % of `planmon status` under perf),
 * and the server evaluates again after every commit with the same sizes,
 * as `make bench` does for each round. At most KEEP_BYTES are kept; the
 * rest is released. Live blocks are listed so that xbig_free can tell its
 * own from xmalloc's (small requests) and know their sizes. */
enum { HUGE = 2u << 20, BIG = 4u << 20 };
#define KEEP_BYTES ((size_t)1 << 30)
typedef struct big_block {
    void *p;
    size_t whole;
} big_block;
static pthread_mutex_t big_mu = PTHREAD_MUTEX_INITIALIZER;
static big_block *live, *kept; /* process-wide; never freed (reachable at exit) */
static size_t nlive, caplive, nkept, capkept, kept_bytes;

static void big_add(big_block **a, size_t *n, size_t *cap, big_block b)
{
    *a = xgrow(*a, cap, *n + 1, sizeof **a);
    (*a)[(*n)++] = b;
}

/* Under big_mu: a kept block of exactly `whole` bytes, or NULL. */
static void *take_kept(size_t whole)
{
    for (size_t i = nkept; i-- > 0;)
        if (kept[i].whole == whole) {
            void *p = kept[i].p;
            kept[i] = kept[--nkept];
            kept_bytes -= whole;
            return p;
        }
    return NULL;
}

void *xbig(size_t count, size_t size)
{
    size_t n;
    if (!pm_size_mul(count, size, &n) || n > SIZE_MAX - HUGE)
        pm_oom();
    if (n < BIG)
        return xmalloc(n);
    size_t whole = (n + HUGE - 1) / HUGE * HUGE;
    pthread_mutex_lock(&big_mu);
    void *p = take_kept(whole);
    pthread_mutex_unlock(&big_mu);
    if (p) {
#ifdef PM_HAVE_MEMCHECK
        VALGRIND_MAKE_MEM_UNDEFINED(p, whole); /* as fresh memory: reads before writes are caught */
#endif
    } else {
        if (posix_memalign(&p, HUGE, whole) != 0)
            pm_oom();
        /* Advice only: without huge pages the memory is as good. */
        (void)madvise(p, whole, MADV_HUGEPAGE);
    }
    pthread_mutex_lock(&big_mu);
    big_add(&live, &nlive, &caplive, (big_block){p, whole});
    pthread_mutex_unlock(&big_mu);
    return p;
}

void xbig_free(void *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&big_mu);
    size_t i = nlive;
    while (i-- > 0 && live[i].p != p)
        ;
    if (i == SIZE_MAX) { /* not a big block: xmalloc's */
        pthread_mutex_unlock(&big_mu);
        free(p);
        return;
    }
    big_block b = live[i];
    live[i] = live[--nlive];
    bool keep = kept_bytes + b.whole <= KEEP_BYTES;
    if (keep) {
        big_add(&kept, &nkept, &capkept, b);
        kept_bytes += b.whole;
    }
    pthread_mutex_unlock(&big_mu);
    if (!keep)
        free(p);
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
