#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void strmap_init(strmap *m, size_t expected)
{
    size_t cap = pm_pow2_at_least(expected > SIZE_MAX / 2 ? SIZE_MAX : expected * 2);
    m->keys = xcalloc(cap, sizeof *m->keys);
    m->vals = xcalloc(cap, sizeof *m->vals);
    m->cap = cap;
    m->n = 0;
}

static void grow(strmap *m)
{
    strmap bigger;
    strmap_init(&bigger, m->cap);
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            strmap_put(&bigger, m->keys[i], m->vals[i]);
    strmap_free(m);
    *m = bigger;
}

bool strmap_put(strmap *m, const char *key, int val)
{
    if ((m->n + 1) * 2 > m->cap)
        grow(m);
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key))
            return false;
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return true;
}

int strmap_get(const strmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

void strmap_free(strmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
