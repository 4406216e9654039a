/* The PostgreSQL backend's functions of work_backend.h, one file per
 * concept (pg_depts.c, pg_tasks.c, pg_updates.c, pg_narratives.c), gathered
 * into pm_pg_work_ops by pg_work.c; the work log in pg_worklog.c. The
 * same statements, units of work and orderings as the SQLite files of the
 * same concepts (sqlite_work_fns.h), so every output is byte-identical.
 * Internal to src/store/. */
#ifndef PM_PG_WORK_H
#define PM_PG_WORK_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/pg_conn.h"
#include "store/work_backend.h"

/* Appends one work_log row (at = the real clock, as SQLite's backend);
 * detail may be NULL. False with err set. */
bool pg_log(pgs *p, const char *who, const char *action, const char *kind, const char *code, const char *detail,
            pm_err *err);
bool pg_work_log(void *impl, const char *kind, const char *code, pm_work_entry **e, size_t *n, pm_err *err);

bool pg_dept_put(void *impl, const pm_dept *d, const char *who, pm_err *err);
bool pg_depts(void *impl, pm_dept **d, size_t *n, pm_err *err);
int pg_dept_get(void *impl, const char *code_or_name, pm_dept *d, pm_err *err);
bool pg_user_set_dept(void *impl, const char *user, const char *dept, const char *who, pm_err *err);

bool pg_assignment_put(void *impl, const pm_assignment *a, const char *who, pm_err *err);
bool pg_assignments(void *impl, pm_item_kind kind, pm_assignment **a, size_t *n, pm_err *err);
bool pg_task_put(void *impl, const pm_task *t, const char *who, pm_err *err);
bool pg_tasks(void *impl, const char *code, pm_task **t, size_t *n, pm_err *err);
bool pg_milestone_set(void *impl, const char *task, size_t index, bool met, const char *met_on, const char *who,
                      pm_err *err);
bool pg_latest_year(void *impl, int *year, pm_err *err);

bool pg_update_add(void *impl, const pm_task_update *u, long *id, pm_err *err);
bool pg_updates(void *impl, const char *task, pm_task_update **u, size_t *n, pm_err *err);
int pg_update_review(void *impl, long id, pm_vstate to, const char *who, const char *reason, pm_err *err);

bool pg_narrative_put(void *impl, const pm_narrative *nv, pm_err *err);
bool pg_narratives(void *impl, int year, pm_narrative **nv, size_t *n, pm_err *err);
bool pg_narrative_history(void *impl, int year, int scope, const char *target, pm_narr_change **c, size_t *n,
                          pm_err *err);

#endif
