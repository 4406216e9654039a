/* Sorting many (key, index) pairs by key: a stable LSD radix sort, linear
 * in the number of pairs. For the import's 10 million figures, where
 * qsort's n log n compares through a function pointer cost seconds and
 * hash maps probed at random cost cache misses. No I/O. */
#ifndef PM_RADIX_H
#define PM_RADIX_H
#include <stddef.h>
#include <stdint.h>

typedef struct pm_keyed {
    uint64_t key;
    uint32_t idx; /* what the caller sorts: a row, a write */
} pm_keyed;

/* Sorts a[0..n) by key, ascending; pairs with equal keys keep their order
 * (stable). maxkey bounds every key (fewer passes for small keys). Uses a
 * scratch array of n pairs it allocates and frees; from 2^20 pairs its
 * passes run on two threads (the caller's and one it starts and joins),
 * each over half the pairs. */
void pm_radix_sort(pm_keyed *a, size_t n, uint64_t maxkey);

#endif
