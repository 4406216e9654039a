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
enum { MAX_DIGIT = 12 };

/* A big sort runs its passes on two threads, each over its half of the
 * pairs: both count their half's digits, then both scatter their half,
 * the first half's pairs of a digit before the second's (stable). A
 * smaller one, or one whose thread could not start, is the same with one
 * lane over all the pairs. */
enum { SPLIT_MIN = 1 << 20 };

typedef struct half_sort {
    pm_keyed *src, *dst; /* the pass's source and target, whole */
    size_t lo, hi;       /* this lane's part of src */
    size_t *count;       /* this part's histogram, then its offsets */
} half_sort;

typedef struct radix_run {
    half_sort h[2];
    int lanes, passes, digit;
    size_t n, buckets;
    bool skip; /* this pass's: lane 0 sets it between the barriers */
    pthread_barrier_t bar;
} radix_run;

static void lanes_wait(radix_run *r)
{
    if (r->lanes > 1)
        pthread_barrier_wait(&r->bar);
}

/* Lane l's share of every pass (every lane runs it; the offsets between
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
        lanes_wait(r);
        if (l == 0) {
            size_t at = 0;
            r->skip = false;
            for (size_t b = 0; b < r->buckets; b++) {
                size_t all = 0;
                for (int k = 0; k < r->lanes; k++) {
                    size_t c = r->h[k].count[b];
                    r->h[k].count[b] = at + all;
                    all += c;
                }
                r->skip |= all == r->n; /* one digit value for all: the order stands */
                at += all;
            }
        }
        lanes_wait(r);
        if (r->skip)
            continue;
        for (size_t i = h->lo; i < h->hi; i++)
            h->dst[h->count[(h->src[i].key >> shift) & mask]++] = h->src[i];
        lanes_wait(r); /* the whole pass written before either reads it */
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
    pm_keyed *tmp = xnmalloc(n, sizeof *tmp);
    radix_run r = {.lanes = n >= SPLIT_MIN ? 2 : 1, .passes = passes, .digit = digit, .n = n,
                   .buckets = (size_t)1 << digit};
    for (int l = 0; l < 2; l++)
        r.h[l] = (half_sort){a, tmp, l ? n / 2 : 0, l ? n : n / 2, xnmalloc(r.buckets, sizeof(size_t))};
    pthread_t th;
    if (r.lanes > 1) {
        pthread_barrier_init(&r.bar, NULL, 2);
        if (pthread_create(&th, NULL, lane_one, &r) != 0) {
            pthread_barrier_destroy(&r.bar);
            r.lanes = 1;
        }
    }
    if (r.lanes == 1)
        r.h[0].hi = n;
    lanes_sort(&r, 0);
    if (r.lanes > 1) {
        pthread_join(th, NULL);
        pthread_barrier_destroy(&r.bar);
    }
    if (r.h[0].src != a)
        memcpy(a, r.h[0].src, n * sizeof *a);
    free(r.h[0].count);
    free(r.h[1].count);
    free(tmp);
}
