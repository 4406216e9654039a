/* Data elements (数据项): raw figures reported per org unit and year. */
#ifndef PM_ELEMENT_H
#define PM_ELEMENT_H
#include <stdbool.h>

typedef enum pm_agg {
    PM_AGG_SUM = 0, /* flows and counts: summed over the subtree; a cumulative
                       indicator also sums them over the years since the base year */
    PM_AGG_LAST,    /* stocks (population, beds): summed over the subtree, each
                       unit contributing its latest value up to the year */
    PM_AGG_OWN,     /* directly entered rates and flags: never summed; a unit
                       has only the value entered for it */
} pm_agg;

typedef enum pm_value_kind {
    PM_KIND_NUMBER = 0, /* any real */
    PM_KIND_COUNT,      /* non-negative integer */
    PM_KIND_SHARE,      /* percentage 0–100 */
    PM_KIND_FLAG,       /* 0 or 1 (是/否) */
} pm_value_kind;

typedef struct pm_element {
    long id;     /* store id, 0 until stored */
    char *code;  /* "beds_elderly" or an indicator code ("I25") for direct entry */
    char *name;  /* Chinese */
    char *unit;  /* "张", "人", "%" … */
    pm_agg agg;
    pm_value_kind kind;
    int level;   /* the org-unit level that reports it (PM_LEVEL_*), -1 any */
} pm_element;

const char *pm_agg_str(pm_agg a);          /* "sum", "last", "own" */
bool pm_agg_parse(const char *s, pm_agg *a);
const char *pm_kind_str(pm_value_kind k);  /* "number", "count", "share", "flag" */
bool pm_kind_parse(const char *s, pm_value_kind *k);

#endif
