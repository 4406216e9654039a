/* The PostgreSQL backend's operations, shared between its files (pg_store.c
 * holds the table of functions). Internal to src/store/. */
#ifndef PM_PG_BACKEND_H
#define PM_PG_BACKEND_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "engine/review.h"
#include "model/orgunit.h"
#include "model/plan.h"
#include "model/target.h"
#include "store/pg_conn.h"
#include "store/store_types.h"

/* pg_plan.c */
bool pg_put_plan(void *impl, const pm_plan *p, pm_err *err);
bool pg_get_plan(void *impl, pm_plan *p, pm_err *err);
bool pg_has_plan(void *impl);
extern const struct pm_plan_ops pm_pg_plan_ops;
/* Begins a unit of work (pg_work_begin) and finds the plan in use into
 * *plan (0: none). False when either fails: err set and the unit already
 * ended, so the caller just returns. */
bool pg_plan_work_begin(pgs *p, bool *outer, long *plan, pm_err *err);
/* Appends the id of the plan in use to a, for a plan-scoped statement
 * whose next parameter is the plan. False with err set when the plan in
 * use cannot be read. */
bool pg_arg_plan(pgs *p, pg_args *a, pm_err *err);

/* pg_values.c */
bool pg_put_units(void *impl, const pm_tree *t, pm_err *err);
bool pg_get_units(void *impl, pm_tree *t, pm_err *err);
bool pg_set_value(void *impl, const pm_value_change *c, pm_err *err);
bool pg_scan_values(void *impl, bool (*cb)(void *ctx, const pm_value *v), void *ctx, pm_err *err);
bool pg_write_values(void *impl, pm_write_next next, void *ctx, const char *who, const char *why, pm_err *err);
bool pg_list_values(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_value_row *r), void *ctx,
                    pm_err *err);
bool pg_history(void *impl, const pm_filter *f, bool (*cb)(void *ctx, const pm_history_row *r), void *ctx,
                pm_err *err);
bool pg_put_targets(void *impl, const pm_unit_target *t, size_t n, pm_err *err);
bool pg_get_targets(void *impl, pm_unit_target **t, size_t *n, pm_err *err);
bool pg_transition(void *impl, const pm_transition *t, size_t *moved, pm_err *err);

/* pg_levels.c: the review chain (engine/review.h) as PostgreSQL integer
 * arrays for the review moves. Unit levels are 0..7 (the schema's CHECK). */
#define PG_UNIT_LEVELS 8
#define PG_CHAIN_CAP 512
/* "{a0,…,a7}": pm_review_after(lv, to, cur, unit level) for each level. */
void pg_level_chain(const pm_review_levels *lv, pm_vstate to, int cur, char *out, size_t cap);
/* "{…}": the same for cur 0..PM_REVIEW_LEVELS_MAX, cur-major: the entry of
 * (cur, unit level) is at 1 + cur * PG_UNIT_LEVELS + unit level. */
void pg_level_table(const pm_review_levels *lv, pm_vstate to, char *out, size_t cap);

/* pg_users.c */
extern const struct pm_user_ops pm_pg_user_ops;

/* pg_maint.c: check, and backup/restore refused naming pg_dump. */
bool pg_check(void *impl, pm_err *err);
bool pg_backup(void *impl, const char *dest, pm_err *err);
bool pg_restore(void *impl, const char *src, pm_err *err);
extern const struct pm_collect_ops pm_pg_collect_ops;
extern const struct pm_work_ops pm_pg_work_ops;

#endif
