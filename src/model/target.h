/* Targets the bureau sets for one unit (分解目标). */
#ifndef PM_TARGET_H
#define PM_TARGET_H
#include <stddef.h>

typedef struct pm_unit_target {
    char *unit;      /* unit code */
    char *indicator; /* indicator code */
    double baseline; /* NaN: none */
    double target;
} pm_unit_target;

/* Frees n targets and the malloc'd array that holds them (NULL is fine). */
void pm_unit_targets_free(pm_unit_target *t, size_t n);

#endif
