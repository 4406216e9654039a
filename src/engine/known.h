/* Figures already stored, as the import checks see them: value, review
 * state and comment by (element index, unit index, year). Pure. */
#ifndef PM_KNOWN_H
#define PM_KNOWN_H
#include <stddef.h>

#include "base/u64map.h"

/* Figures already stored, by (element index, unit index, year). */
typedef struct pm_known {
    u64map at;     /* pm_key → index into value/state/comment */
    double *value;
    int *state;    /* pm_vstate */
    char **comment; /* owned, NULL when none */
    unsigned char *estimate; /* 1: the stored figure is an estimate (预计值) */
    size_t n, cap;
} pm_known;

void pm_known_init(pm_known *k, size_t expected);
/* comment (may be NULL) is copied. */
void pm_known_add(pm_known *k, int elem, int unit, int year, double value, int state, const char *comment);
/* Marks figure i (an index pm_known_find gave) as an estimate. */
void pm_known_set_estimate(pm_known *k, long i);
/* Index of the figure or -1. */
long pm_known_find(const pm_known *k, int elem, int unit, int year);
void pm_known_free(pm_known *k);

#endif
