/* Allocation that does not return NULL. planmon has no sensible way to go
 * on after running out of memory, so every allocation of planmon's own goes
 * through these, and they end the process one way: the message
 * "planmon: 内存不足" on stderr and exit status 1 (pm_oom). A size that does
 * not fit in size_t (count × size, a doubling capacity) is treated as out of
 * memory too, never wrapped around to a small allocation.
 *
 * Every pointer returned is the caller's, released with free(). */
#ifndef PM_MEM_H
#define PM_MEM_H
#include <stdbool.h>
#include <stddef.h>

/* Prints "planmon: 内存不足" and ends the process with status 1. Safe from
 * any thread (writes stderr and _Exit()s: no atexit handler runs while
 * other threads hold locks). */
_Noreturn void pm_oom(void);

/* a × b into *out; false (and *out untouched) when it overflows size_t. */
bool pm_size_mul(size_t a, size_t b, size_t *out);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* count × size bytes, the product checked. */
void *xnmalloc(size_t count, size_t size);
void *xnrealloc(void *p, size_t count, size_t size);
/* count × size bytes for a large array that is filled whole right away
 * (the engine's grids). From 4 MiB up it is aligned to 2 MiB and marked
 * for the kernel's transparent huge pages (madvise; where the kernel
 * offers none it is an ordinary allocation), so that filling it costs a
 * page fault per 2 MiB instead of one per 4 KiB: on this project's VMs a
 * fault costs microseconds, and the grid's were 78 % of `planmon status`'s
 * 18,000 at province size. Its contents are undefined (the caller fills
 * it). Released with xbig_free, which keeps such a block for the next
 * xbig of the same size (up to 1 GiB in all, process-wide, thread-safe). */
void *xbig(size_t count, size_t size);
/* Releases a block of xbig (NULL: nothing). */
void xbig_free(void *p);
/* Process-wide, once at start (planmon's main, the bench's): memory that
 * free() gives back stays with the process for its next allocations
 * instead of going back to the kernel (glibc: blocks under 32 MiB come
 * from the heap, and up to 256 MiB of free heap is kept). A server that
 * evaluates again after every commit then pays for fresh pages once: on
 * this project's VMs a page fault costs microseconds, and at 100,000
 * units the faults of memory given back and taken again were about half
 * of each evaluation from the file after the first (docs/performance.md).
 * Larger blocks are still mapped and unmapped alone (xbig keeps the
 * engine's). A no-op under another allocator. */
void pm_mem_keep_freed(void);
/* Grows an array of `size`-byte items so that it holds at least `need`:
 * the capacity *cap doubles (at least 8) until it does, every step checked
 * for overflow. The one growth rule of planmon's arrays and buffers. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
/* The smallest power of two ≥ n and ≥ 16 (hash table sizes); out of memory
 * when there is none in size_t. */
size_t pm_pow2_at_least(size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
