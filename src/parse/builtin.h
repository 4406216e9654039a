/* The built-in plan: the Daxing 14th Five-Year civil-affairs plan's table
 * text and overlay, compiled into the binary from plans/ and read by the
 * same reader as any user's file (one source of truth). */
#ifndef PM_BUILTIN_H
#define PM_BUILTIN_H
#include <stdbool.h>

#include "base/err.h"
#include "model/plan.h"

#define PM_BUILTIN_OVERLAY "plans/daxing-14th.json"
/* The demo's second plan: a synthetic 十五五 plan of the same bureau
 * (示例, not a published plan) whose continuing indicators name the
 * 十四五 plan's (code 14th). */
#define PM_BUILTIN_OVERLAY_15 "plans/daxing-15th-demo.json"

/* Fills *plan (caller frees with pm_plan_free). False only if the embedded
 * data is broken, which a test guards against. */
bool pm_plan_builtin(pm_plan *plan, pm_err *err);
/* The same for the built-in plan whose overlay is the embedded file
 * overlay (PM_BUILTIN_OVERLAY, PM_BUILTIN_OVERLAY_15). */
bool pm_plan_builtin_named(const char *overlay, pm_plan *plan, pm_err *err);

#endif
