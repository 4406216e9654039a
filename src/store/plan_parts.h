/* An indicator's 其中 parts as the stores keep them: one JSON array
 * ([{"name","unit","baseline","target","target_op"}, …]) in a text column.
 * Internal to src/store/. */
#ifndef PM_PLAN_PARTS_H
#define PM_PLAN_PARTS_H
#include "model/plan.h"

/* A malloc'd JSON array of x's parts, or NULL when it has none. */
char *pm_parts_json(const pm_indicator *x);
/* Fills x's parts from what pm_parts_json wrote (NULL or unreadable: none). */
void pm_parts_read(pm_indicator *x, const char *text);

#endif
