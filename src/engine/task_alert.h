/* Alerts raised by key tasks and projects (issue 13: "a lagging task or
 * project tied to a binding indicator raises an alert"). A task or project
 * judged 进度滞后 or 逾期未完成 on a date (engine/task_judge.h) that names a
 * binding (约束性) indicator of the plan among its linked indicators is one
 * alert per such indicator: the indicator's target rests on work that is
 * behind, whatever its figures say yet (a 150-bed facility shows in the
 * figures only when it opens). It stands beside DESIGN's alert of the
 * indicator's own judgment (rule 7), which it does not change.
 *
 * Pure: plan, tasks, updates and date in, the list out. */
#ifndef PM_TASK_ALERT_H
#define PM_TASK_ALERT_H
#include <stddef.h>

#include "model/plan.h"
#include "model/task.h"

typedef struct pm_task_alert {
    size_t task;                /* index into the tasks given */
    size_t ind;                 /* index into p->ind: a binding indicator the task is linked to */
    pm_task_judgment judgment;  /* PM_TJ_LAGGING or PM_TJ_OVERDUE */
} pm_task_alert;

/* The alerts of tasks t[0..nt) judged on as_of from updates u[0..nu), in
 * the tasks' order and, within one task, in the order of its linked
 * indicators; a linked code that is not an indicator of p is skipped.
 * Returns the count; *out is malloc'd (the caller frees it; NULL when
 * there are none). */
size_t pm_task_alerts(const pm_plan *p, const pm_task *t, size_t nt, const pm_task_update *u, size_t nu,
                      const char *as_of, pm_task_alert **out);

/* Does task alert list a[0..n) hold indicator ind? The first index, or -1. */
long pm_task_alert_find(const pm_task_alert *a, size_t n, size_t ind);

#endif
