#include "base/idmap.h"

#include <stdlib.h>

#include "base/mem.h"

void idmap_build(idmap *m, const long *ids, size_t n)
{
    m->max = 0;
    for (size_t i = 0; i < n; i++)
        m->max = ids[i] > m->max ? ids[i] : m->max;
    m->idx = xnmalloc((size_t)m->max + 1, sizeof *m->idx);
    for (long i = 0; i <= m->max; i++)
        m->idx[i] = -1;
    for (size_t i = 0; i < n; i++)
        if (ids[i] > 0)
            m->idx[ids[i]] = (int)i;
}

void idmap_free(idmap *m)
{
    free(m->idx);
    m->idx = NULL;
    m->max = 0;
}
