/* A uint64 → size_t map (open addressing). For keys packed from small
 * integers, e.g. (element, unit, year) of a figure. */
#ifndef PM_U64MAP_H
#define PM_U64MAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct u64map {
    uint64_t *keys; /* UINT64_MAX = empty slot */
    size_t *vals;
    size_t cap, n;
} u64map;

void u64map_init(u64map *m, size_t expected);
/* Sets key → val (replacing an existing value). key must not be UINT64_MAX. */
void u64map_put(u64map *m, uint64_t key, size_t val);
/* True and *val when present. */
bool u64map_get(const u64map *m, uint64_t key, size_t *val);
void u64map_free(u64map *m);

/* (element, unit, year) packed: 16 + 32 + 16 bits. */
static inline uint64_t pm_key(int elem, int unit, int year)
{
    return ((uint64_t)(uint16_t)elem << 48) | ((uint64_t)(uint32_t)unit << 16) | (uint16_t)year;
}

#endif
