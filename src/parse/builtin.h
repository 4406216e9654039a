/* The built-in plan: the Daxing 14th Five-Year civil-affairs plan's table
 * text and overlay, compiled into the binary from plans/ and read by the
 * same reader as any user's file (one source of truth). */
#ifndef PM_BUILTIN_H
#define PM_BUILTIN_H
#include <stdbool.h>

#include "base/err.h"
#include "model/plan.h"

#define PM_BUILTIN_OVERLAY "plans/daxing-14th.json"

/* Fills *plan (caller frees with pm_plan_free). False only if the embedded
 * data is broken, which a test guards against. */
bool pm_plan_builtin(pm_plan *plan, pm_err *err);

#endif
