/* What a store backend implements for the plan set and the judgments of
 * qualitative indicators (store/plans.h): a table of functions reached
 * from the backend's pm_store_ops through its `plans` member. Internal to
 * src/store/; plans.c checks the arguments first. */
#ifndef PM_PLANS_BACKEND_H
#define PM_PLANS_BACKEND_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/judgment.h"
#include "model/plan.h"

typedef struct pm_plan_ops {
    bool (*plans)(void *impl, pm_plan_info **out, size_t *n, pm_err *err);
    bool (*use_plan)(void *impl, const char *key, pm_err *err);
    bool (*add_plan)(void *impl, const pm_plan *p, const char *code, bool make_default, char **code_out,
                     pm_err *err);
    bool (*set_default)(void *impl, const char *key, pm_err *err);
    bool (*continue_from)(void *impl, const char *code, const char *from_plan, const char *from_code,
                          pm_err *err);
    bool (*judge)(void *impl, const pm_judgment *j, pm_err *err);
    bool (*judgments)(void *impl, const char *indicator, pm_judgment **out, size_t *n, pm_err *err);
} pm_plan_ops;

/* The SQLite backend's (sqlite_plans.c). */
extern const pm_plan_ops pm_sqlite_plan_ops;

#endif
