#include "base/radix.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* Digits of at most 12 bits (a 4,096-entry histogram of size_t, 32 KiB,
 * stays in the first-level cache), as wide as the key needs spread over
 * as few passes as it must take: the import's keys (40 elements × 41,668
 * units × 6 years, 24 bits) sort in two passes of 12 bits, where digits
 * of 11 took three and a copy back. */
enum { MAX_DIGIT = 12, MAX_PASSES = (64 + MAX_DIGIT - 1) / MAX_DIGIT };

/* A big sort runs its passes on two threads, each over its half of the
 * pairs: both count their half's digits, then both scatter their half,
 * the first half's pairs of a digit before the second's (stable). */
enum { SPLIT_MIN = 1 << 20 };

typedef struct half_sort {
    pm_keyed *src, *dst; /* the pass's source and target, whole */
    size_t lo, hi;       /* this half of src */
    size_t *count;       /* this half's histogram, then its offsets */
} half_sort;

typedef struct radix_run {
    half_sort h[2];
    int passes, digit;
    size_t n, buckets;
    bool skip; /* this pass's: lane 0 sets it between the barriers */
    pthread_barrier_t bar;
} radix_run;

/* Lane l's share of every pass (both lanes run it; the offsets between
 * the barriers are lane 0's to set). */
static void lanes_sort(radix_run *r, int l)
{
    half_sort *h = &r->h[l];
    size_t mask = r->buckets - 1;
    for (int p = 0; p < r->passes; p++) {
        int shift = p * r->digit;
        memset(h->count, 0, r->buckets * sizeof *h->count);
        for (size_t i = h->lo; i < h->hi; i++)
            h->count[(h->src[i].key >> shift) & mask]++;
        pthread_barrier_wait(&r->bar);
        if (l == 0) {
            size_t at = 0;
            r->skip = false;
            for (size_t b = 0; b < r->buckets; b++) {
                size_t c0 = r->h[0].count[b], c1 = r->h[1].count[b];
                r->skip |= c0 + c1 == r->n; /* one digit value for all: the order stands */
                r->h[0].count[b] = at;
                r->h[1].count[b] = at + c0;
                at += c0 + c1;
            }
        }
        pthread_barrier_wait(&r->bar);
        if (r->skip)
            continue;
        for (size_t i = h->lo; i < h->hi; i++)
            h->dst[h->count[(h->src[i].key >> shift) & mask]++] = h->src[i];
        pthread_barrier_wait(&r->bar); /* the whole pass written before either reads it */
        pm_keyed *t = h->src;
        h->src = h->dst;
        h->dst = t;
    }
}

static void *lane_one(void *arg)
{
    lanes_sort(arg, 1);
    return NULL;
}

/* The passes of a sort of n >= SPLIT_MIN pairs on two threads; false
 * (nothing done) when no thread could be started. *in_tmp: whether the
 * result is in tmp rather than a. */
static bool sort_split(pm_keyed *a, pm_keyed *tmp, size_t n, int passes, int digit, bool *in_tmp)
{
    radix_run r = {.passes = passes, .digit = digit, .n = n, .buckets = (size_t)1 << digit};
    for (int l = 0; l < 2; l++)
        r.h[l] = (half_sort){a, tmp, l ? n / 2 : 0, l ? n : n / 2, xnmalloc(r.buckets, sizeof(size_t))};
    pthread_barrier_init(&r.bar, NULL, 2);
    pthread_t th;
    bool ok = pthread_create(&th, NULL, lane_one, &r) == 0;
    if (ok) {
        lanes_sort(&r, 0);
        pthread_join(th, NULL);
        *in_tmp = r.h[0].src == tmp;
    }
    pthread_barrier_destroy(&r.bar);
    free(r.h[0].count);
    free(r.h[1].count);
    return ok;
}

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
    pm_keyed *tmp = xnmalloc(n, sizeof *tmp), *src = a, *dst = tmp;
    bool in_tmp;
    if (n >= SPLIT_MIN && sort_split(a, tmp, n, passes, digit, &in_tmp)) {
        if (in_tmp)
            memcpy(a, tmp, n * sizeof *a);
        free(tmp);
        return;
    }
    size_t buckets = (size_t)1 << digit, mask = buckets - 1;
    /* Every pass's histogram in one sweep over the keys. */
    size_t *count = xcalloc((size_t)passes * buckets, sizeof *count);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = a[i].key;
        for (int p = 0; p < passes; p++)
            count[(size_t)p * buckets + ((k >> (p * digit)) & mask)]++;
    }
    /* A pass whose digit is one value for all pairs leaves the order as
     * it stands. */
    bool skip[MAX_PASSES];
    for (int p = 0; p < passes; p++)
        skip[p] = count[(size_t)p * buckets + ((a[0].key >> (p * digit)) & mask)] == n;
    for (int p = 0; p < passes; p++) {
        size_t *c = count + (size_t)p * buckets, at = 0;
        if (skip[p])
            continue;
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
