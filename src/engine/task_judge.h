/* Judging a key task or major project on a date (DESIGN "The rest of a
 * plan's evaluation": a milestone past its date and not met → 进度滞后;
 * past the finish date and not done → 逾期未完成). Pure: the task, its
 * updates and the date in, a verdict out.
 *
 * The rules, first match wins:
 *  1. the latest counted update says 已取消 → cancelled; 已完成 → done;
 *  2. the deadline (a project's finish date, else the task's 完成时限) is
 *     before the date → overdue (逾期未完成);
 *  3. a project milestone due before the date and not met by it → lagging;
 *  4. the latest counted update says 滞后 → lagging (进度滞后);
 *  5. no counted update, or the latest says 未启动 → not started;
 *  6. else on schedule (按进度推进).
 * Counted updates: those of periods ending on or before the date, not
 * returned by a reviewer (a returned update is not the department's word
 * any more); the latest is the one of the latest period, the last entered
 * among equals. */
#ifndef PM_TASK_JUDGE_H
#define PM_TASK_JUDGE_H
#include <stddef.h>

#include "model/task.h"

typedef struct pm_task_verdict {
    pm_task_judgment judgment;
    long latest;           /* index into the updates of the latest counted one, -1 none */
    size_t milestones_due; /* milestones due before the date */
    size_t milestones_late;/* of those, not met by it */
} pm_task_verdict;

/* Judges t on date as_of ("YYYY-MM-DD") from its updates u[0..n) (any
 * order; updates of other tasks are skipped). */
pm_task_verdict pm_task_judge(const pm_task *t, const pm_task_update *u, size_t n, const char *as_of);

#endif
