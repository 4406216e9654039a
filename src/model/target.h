/* Targets the bureau sets for one unit (分解目标). */
#ifndef PM_TARGET_H
#define PM_TARGET_H

typedef struct pm_unit_target {
    char *unit;      /* unit code */
    char *indicator; /* indicator code */
    double baseline; /* NaN: none */
    double target;
} pm_unit_target;

#endif
