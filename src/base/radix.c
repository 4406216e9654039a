#include "base/radix.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* Digits of at most 12 bits (a 4,096-entry histogram of size_t, 32 KiB,
 * stays in the first-level cache), as wide as the key needs spread over
 * as few passes as it must take: the import's keys (40 elements × 41,668
 * units × 6 years, 24 bits) sort in two passes of 12 bits, where digits
 * of 11 took three and a copy back. */
enum { MAX_DIGIT = 12, MAX_PASSES = (64 + MAX_DIGIT - 1) / MAX_DIGIT };

void pm_radix_sort(pm_keyed *a, size_t n, uint64_t maxkey)
{
    if (n < 2)
        return;
    int bits = 0;
    for (uint64_t k = maxkey; k; k >>= 1)
        bits++;
    int passes = (bits + MAX_DIGIT - 1) / MAX_DIGIT;
    if (!passes)
        return; /* every key is 0 (maxkey bounds them): sorted, stably */
    int digit = (bits + passes - 1) / passes;
    size_t buckets = (size_t)1 << digit, mask = buckets - 1;
    /* Every pass's histogram in one sweep over the keys. */
    size_t *count = xcalloc((size_t)passes * buckets, sizeof *count);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = a[i].key;
        for (int p = 0; p < passes; p++)
            count[(size_t)p * buckets + ((k >> (p * digit)) & mask)]++;
    }
    pm_keyed *tmp = xnmalloc(n, sizeof *tmp), *src = a, *dst = tmp;
    for (int p = 0; p < passes; p++) {
        size_t *c = count + (size_t)p * buckets, at = 0;
        if (c[(src[0].key >> (p * digit)) & mask] == n)
            continue; /* one digit value for all: the order stands */
        for (size_t b = 0; b < buckets; b++) {
            size_t x = c[b];
            c[b] = at;
            at += x;
        }
        int shift = p * digit;
        for (size_t i = 0; i < n; i++)
            dst[c[(src[i].key >> shift) & mask]++] = src[i];
        pm_keyed *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(count);
    free(tmp);
}
