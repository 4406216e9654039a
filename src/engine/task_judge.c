#include "engine/task_judge.h"

#include <assert.h>
#include <string.h>

/* Does update x count on date as_of (see the header)? */
static bool counted(const pm_task_update *x, const pm_task *t, const char *as_of)
{
    char end[PM_DATE_LEN], canon[PM_PERIOD_LEN];
    if (strcmp(x->task, t->code) || x->review == PM_VS_RETURNED)
        return false;
    if (!pm_period_parse(x->period, canon, end))
        return false;
    return strcmp(end, as_of) <= 0;
}

/* Is x later than y: a later period, or the same period entered later?
 * Periods compare as text within a year ("2023" < "2023H1" < "2023Q1"), so
 * compare their last days first. */
static bool later(const pm_task_update *x, const pm_task_update *y)
{
    char ex[PM_DATE_LEN], ey[PM_DATE_LEN], c[PM_PERIOD_LEN];
    pm_period_parse(x->period, c, ex);
    pm_period_parse(y->period, c, ey);
    int d = strcmp(ex, ey);
    return d > 0 || (d == 0 && x->id > y->id);
}

/* A milestone counts as met on as_of when it is marked met on or before
 * that day (an unrecorded day: met whenever asked). */
static bool met_by(const pm_milestone *m, const char *as_of)
{
    return m->met && (!m->met_on[0] || strcmp(m->met_on, as_of) <= 0);
}

pm_task_verdict pm_task_judge(const pm_task *t, const pm_task_update *u, size_t n, const char *as_of)
{
    assert(t && t->code && as_of);
    pm_task_verdict v = {PM_TJ_NOT_STARTED, -1, 0, 0};
    for (size_t i = 0; i < n; i++)
        if (counted(&u[i], t, as_of) && (v.latest < 0 || later(&u[i], &u[v.latest])))
            v.latest = (long)i;
    for (size_t i = 0; t->project && i < t->nmilestones; i++)
        if (t->milestones[i].due[0] && strcmp(t->milestones[i].due, as_of) < 0) {
            v.milestones_due++;
            v.milestones_late += !met_by(&t->milestones[i], as_of);
        }
    pm_task_state st = v.latest >= 0 ? u[v.latest].state : PM_TS_NOT_STARTED;
    const char *deadline = t->project && t->finish[0] ? t->finish : t->duty.deadline;
    if (st == PM_TS_CANCELLED)
        v.judgment = PM_TJ_CANCELLED;
    else if (st == PM_TS_DONE)
        v.judgment = PM_TJ_DONE;
    else if (deadline[0] && strcmp(deadline, as_of) < 0)
        v.judgment = PM_TJ_OVERDUE;
    else if (v.milestones_late > 0 || st == PM_TS_LAGGING)
        v.judgment = PM_TJ_LAGGING;
    else if (st == PM_TS_NOT_STARTED)
        v.judgment = PM_TJ_NOT_STARTED;
    else
        v.judgment = PM_TJ_ON_SCHEDULE;
    return v;
}
