/* Alerts raised by tasks and projects (task_alert.h). */
#include "engine/task_alert.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "engine/task_judge.h"

/* The index of the indicator with code `code` in p, or -1. */
static long indicator_of(const pm_plan *p, const char *code)
{
    for (size_t i = 0; code && i < p->nind; i++)
        if (p->ind[i].code && !strcmp(p->ind[i].code, code))
            return (long)i;
    return -1;
}

size_t pm_task_alerts(const pm_plan *p, const pm_task *t, size_t nt, const pm_task_update *u, size_t nu,
                      const char *as_of, pm_task_alert **out)
{
    *out = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = 0; k < nt; k++) {
        pm_task_judgment j = pm_task_judge(&t[k], u, nu, as_of).judgment;
        if (j != PM_TJ_LAGGING && j != PM_TJ_OVERDUE)
            continue;
        for (size_t m = 0; m < t[k].nindicators; m++) {
            long i = indicator_of(p, t[k].indicators[m]);
            if (i < 0 || !p->ind[i].binding)
                continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 8;
                *out = xrealloc(*out, cap * sizeof **out);
            }
            (*out)[n++] = (pm_task_alert){k, (size_t)i, j};
        }
    }
    return n;
}

long pm_task_alert_find(const pm_task_alert *a, size_t n, size_t ind)
{
    for (size_t i = 0; i < n; i++)
        if (a[i].ind == ind)
            return (long)i;
    return -1;
}
