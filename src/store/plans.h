/* The plan set: several plans in one database (DESIGN "The rest of a
 * plan's evaluation": the 十四五 plan's final evaluation beside the 十五五
 * plan's monitoring), and the judgments by hand of qualitative indicators.
 *
 * A store handle works on one plan at a time: the database's default plan
 * (the bureau's current one) unless pm_store_use_plan chose another. Every
 * plan-scoped call of store.h (get/put plan, targets) and of this header
 * (judgments) goes to that plan. Figures are not plan-scoped: data
 * elements are one pool, and plans naming the same element read the same
 * figures.
 *
 * Ownership as in store.h: arrays returned belong to the caller (free with
 * the matching *_free); strings passed in are borrowed. */
#ifndef PM_STORE_PLANS_H
#define PM_STORE_PLANS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/judgment.h"
#include "model/plan.h"
#include "store/store_types.h"

/* Every plan, oldest first. */
bool pm_store_plans(pm_store *s, pm_plan_info **out, size_t *n, pm_err *err);

/* Makes the handle work on the plan named by key: its code, its period
 * (十五五, when one plan has it), its title, or NULL for the default.
 * An unknown key is an error naming the plans there are. */
bool pm_store_use_plan(pm_store *s, const char *key, pm_err *err);

/* Adds p beside the plans there are, coded `code` (NULL: from its period,
 * pm_plan_default_code, with -2, -3 … when taken), and makes the handle
 * work on it. A plan with the same title and period is refused. The
 * first plan of a database is its default; a later one only when
 * make_default. *code_out (may be NULL) gets the code, malloc'd. */
bool pm_store_add_plan(pm_store *s, const pm_plan *p, const char *code, bool make_default, char **code_out,
                       pm_err *err);
/* Makes the plan named by key (as pm_store_use_plan) the default. */
bool pm_store_set_default_plan(pm_store *s, const char *key, pm_err *err);
/* Marks indicator `code` of the plan in use as continuing indicator
 * from_code of the plan from_plan (a key as pm_store_use_plan's), which
 * must end no later than this plan begins; from_plan NULL clears the mark. */
bool pm_store_continue(pm_store *s, const char *code, const char *from_plan, const char *from_code, pm_err *err);

/* Records a judgment of a qualitative indicator of the plan in use (j's
 * at is ignored: the store stamps the time). The indicator must be
 * qualitative, the unit known. Appended, never rewritten. */
bool pm_store_judge(pm_store *s, const pm_judgment *j, pm_err *err);
/* The judgments of the plan in use, oldest first (the newest of a key is
 * in force): all of them, or those of one indicator code (NULL: any). */
bool pm_store_judgments(pm_store *s, const char *indicator, pm_judgment **out, size_t *n, pm_err *err);

#endif
