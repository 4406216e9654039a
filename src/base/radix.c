#include "base/radix.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* 11-bit digits: three passes cover keys up to 2^33 (40 elements × 650,000
 * units × 6 years fits), and a 2,048-entry histogram stays in L1. */
enum { DIGIT = 11, BUCKETS = 1 << DIGIT };

void pm_radix_sort(pm_keyed *a, size_t n, uint64_t maxkey)
{
    if (n < 2)
        return;
    int passes = 0;
    for (uint64_t k = maxkey; k; k >>= DIGIT)
        passes++;
    pm_keyed *tmp = xnmalloc(n, sizeof *tmp), *src = a, *dst = tmp;
    size_t *count = xnmalloc(BUCKETS, sizeof *count);
    for (int p = 0; p < passes; p++) {
        int shift = p * DIGIT;
        memset(count, 0, BUCKETS * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[(src[i].key >> shift) & (BUCKETS - 1)]++;
        size_t at = 0;
        for (size_t b = 0; b < BUCKETS; b++) {
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i].key >> shift) & (BUCKETS - 1)]++] = src[i];
        pm_keyed *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(count);
    free(tmp);
}
