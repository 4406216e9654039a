/* Store ids → array indexes, as a plain array: ids are dense small
 * integers (SQLite rowids), so a lookup is one load, cheaper than hashing
 * on the hot paths (a figure per row of a scan). */
#ifndef PM_IDMAP_H
#define PM_IDMAP_H
#include <stddef.h>

typedef struct idmap {
    int *idx; /* idx[id] = index or -1; malloc'd, freed by idmap_free */
    long max;
} idmap;

/* ids[i] → i for i < n; ids ≤ 0 are left out. */
void idmap_build(idmap *m, const long *ids, size_t n);
/* The index of id, or -1. */
static inline int idmap_get(const idmap *m, long id)
{
    return id > 0 && id <= m->max ? m->idx[id] : -1;
}
void idmap_free(idmap *m);

#endif
