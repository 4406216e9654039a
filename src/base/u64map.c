#include "base/u64map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static size_t slot(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

void u64map_init(u64map *m, size_t expected)
{
    size_t cap = pm_pow2_at_least(expected > SIZE_MAX / 2 ? SIZE_MAX : expected * 2);
    m->keys = xnmalloc(cap, sizeof *m->keys);
    memset(m->keys, 0xFF, cap * sizeof *m->keys); /* xnmalloc checked the product */
    m->vals = xnmalloc(cap, sizeof *m->vals);
    m->cap = cap;
    m->n = 0;
}

void u64map_put(u64map *m, uint64_t key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        u64map bigger;
        u64map_init(&bigger, m->cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i] != UINT64_MAX)
                u64map_put(&bigger, m->keys[i], m->vals[i]);
        u64map_free(m);
        *m = bigger;
    }
    size_t i = slot(key, m->cap);
    while (m->keys[i] != UINT64_MAX && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (m->keys[i] == UINT64_MAX)
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

bool u64map_get(const u64map *m, uint64_t key, size_t *val)
{
    /* Empty (or never sized): no hash, no probe. A year's first import
     * asks pm_known's empty map three times a row (~300 instructions a
     * row, callgrind of a million-row import's checks). */
    if (!m->n)
        return false;
    size_t i = slot(key, m->cap);
    while (m->keys[i] != UINT64_MAX) {
        if (m->keys[i] == key) {
            *val = m->vals[i];
            return true;
        }
        i = (i + 1) & (m->cap - 1);
    }
    return false;
}

void u64map_free(u64map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
