/* A string → int map (open addressing, FNV-1a). Keys are borrowed: they
 * must outlive the map. Used where codes are looked up by the hundred
 * thousand (org units, elements) and a linear search would not do. */
#ifndef PM_STRMAP_H
#define PM_STRMAP_H
#include <stdbool.h>
#include <stddef.h>

typedef struct strmap {
    const char **keys; /* NULL = empty slot */
    int *vals;
    size_t cap, n;     /* cap is a power of two */
} strmap;

void strmap_init(strmap *m, size_t expected);
/* Inserts key → val; returns false (and leaves the map alone) if the key is there. */
bool strmap_put(strmap *m, const char *key, int val);
/* The value of key, or -1. */
int strmap_get(const strmap *m, const char *key);
void strmap_free(strmap *m);

#endif
