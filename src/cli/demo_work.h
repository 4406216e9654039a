/* The demo's departments, key tasks, major projects, progress updates and
 * narratives (issue 13): synthetic (示例), in the wording of the Daxing
 * plan's goals and indicators, chosen so that every update state and
 * every task and project judgment appears on 2023-12-31. */
#ifndef PM_DEMO_WORK_H
#define PM_DEMO_WORK_H
#include <stdbool.h>

#include "store/store.h"

/* Writes them through the store (inside the caller's transaction). */
bool demo_work(pm_store *s, pm_err *err);

#endif
