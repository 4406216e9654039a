/* What a store backend implements for departments, assignments, tasks,
 * updates, narratives and their log (store/work.h): a third table of
 * functions, reached from the backend's pm_store_ops through its `work`
 * member. Internal to src/store/. work.c checks the arguments first
 * (codes valid, states in range, who named), as store.c does for the
 * main table; a backend still reports what the database refuses (an
 * unknown department, a duplicate name) naming the item. */
#ifndef PM_WORK_BACKEND_H
#define PM_WORK_BACKEND_H
#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/dept.h"
#include "model/narrative.h"
#include "model/task.h"
#include "store/work_types.h"

typedef struct pm_work_ops {
    bool (*dept_put)(void *impl, const pm_dept *d, const char *who, pm_err *err);
    bool (*depts)(void *impl, pm_dept **d, size_t *n, pm_err *err);
    int (*dept_get)(void *impl, const char *code_or_name, pm_dept *d, pm_err *err);
    bool (*user_set_dept)(void *impl, const char *user, const char *dept, const char *who, pm_err *err);

    bool (*assignment_put)(void *impl, const pm_assignment *a, const char *who, pm_err *err);
    bool (*assignments)(void *impl, pm_item_kind kind, pm_assignment **a, size_t *n, pm_err *err);
    bool (*task_put)(void *impl, const pm_task *t, const char *who, pm_err *err);
    bool (*tasks)(void *impl, const char *code, pm_task **t, size_t *n, pm_err *err);
    bool (*milestone_set)(void *impl, const char *task, size_t index, bool met, const char *met_on,
                          const char *who, pm_err *err);

    bool (*update_add)(void *impl, const pm_task_update *u, long *id, pm_err *err);
    bool (*updates)(void *impl, const char *task, pm_task_update **u, size_t *n, pm_err *err);
    int (*update_review)(void *impl, long id, pm_vstate to, const char *who, const char *reason, pm_err *err);

    bool (*latest_year)(void *impl, int *year, pm_err *err);
    bool (*work_log)(void *impl, const char *kind, const char *code, pm_work_entry **e, size_t *n, pm_err *err);

    bool (*narrative_put)(void *impl, const pm_narrative *nv, pm_err *err);
    bool (*narratives)(void *impl, int year, pm_narrative **nv, size_t *n, pm_err *err);
    bool (*narrative_history)(void *impl, int year, int scope, const char *target, pm_narr_change **c,
                              size_t *n, pm_err *err);
} pm_work_ops;

/* The SQLite backend's (sqlite_work.c gathers them). */
extern const pm_work_ops pm_sqlite_work_ops;

#endif
