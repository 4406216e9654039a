/* The SQLite backend's functions of work_backend.h, one file per concept
 * (sqlite_depts.c, sqlite_tasks.c, sqlite_updates.c, sqlite_narratives.c,
 * sqlite_worklog.c), gathered into pm_sqlite_work_ops by sqlite_work.c.
 * Declarations only (no .c of this name), so that the files defining them
 * and the one gathering them need not include each other. Internal to
 * src/store/. */
#ifndef PM_SQLITE_WORK_FNS_H
#define PM_SQLITE_WORK_FNS_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "store/work_backend.h"

bool sq_dept_put(void *impl, const pm_dept *d, const char *who, pm_err *err);
bool sq_depts(void *impl, pm_dept **d, size_t *n, pm_err *err);
int sq_dept_get(void *impl, const char *code_or_name, pm_dept *d, pm_err *err);
bool sq_user_set_dept(void *impl, const char *user, const char *dept, const char *who, pm_err *err);

bool sq_assignment_put(void *impl, const pm_assignment *a, const char *who, pm_err *err);
bool sq_assignments(void *impl, pm_item_kind kind, pm_assignment **a, size_t *n, pm_err *err);
bool sq_task_put(void *impl, const pm_task *t, const char *who, pm_err *err);
bool sq_tasks(void *impl, const char *code, pm_task **t, size_t *n, pm_err *err);
bool sq_milestone_set(void *impl, const char *task, size_t index, bool met, const char *met_on, const char *who,
                      pm_err *err);

bool sq_update_add(void *impl, const pm_task_update *u, long *id, pm_err *err);
bool sq_updates(void *impl, const char *task, pm_task_update **u, size_t *n, pm_err *err);
int sq_update_review(void *impl, long id, pm_vstate to, const char *who, const char *reason, pm_err *err);

bool sq_latest_year(void *impl, int *year, pm_err *err);
bool sq_work_log(void *impl, const char *kind, const char *code, pm_work_entry **e, size_t *n, pm_err *err);

bool sq_narrative_put(void *impl, const pm_narrative *nv, pm_err *err);
bool sq_narratives(void *impl, int year, pm_narrative **nv, size_t *n, pm_err *err);
bool sq_narrative_history(void *impl, int year, int scope, const char *target, pm_narr_change **c, size_t *n,
                          pm_err *err);

#endif
