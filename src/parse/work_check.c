/* The checks of a task's names and dates that every door shares
 * (work_check.h). */
#include "parse/work_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

int pm_work_dept(const pm_work_refs *r, const char *s)
{
    for (size_t i = 0; i < r->ndepts; i++)
        if (!strcmp(r->depts[i].code, s) || !strcmp(r->depts[i].name, s))
            return (int)i;
    return -1;
}

static int find_unit(const pm_work_refs *r, const char *s)
{
    for (size_t i = 0; r->tree && i < r->tree->n; i++)
        if (!strcmp(r->tree->u[i].code, s) || !strcmp(r->tree->u[i].name, s))
            return (int)i;
    return -1;
}

int pm_work_task(const pm_work_refs *r, const char *s)
{
    for (size_t i = 0; i < r->ntasks; i++)
        if (!strcmp(r->tasks[i].code, s) || !strcmp(r->tasks[i].title, s))
            return (int)i;
    return -1;
}

const pm_indicator *pm_work_indicator(const pm_plan *p, const char *s)
{
    const pm_indicator *ind = pm_plan_find(p, s);
    for (size_t i = 0; !ind && i < p->nind; i++)
        if (!strcmp(p->ind[i].name, s))
            ind = &p->ind[i];
    return ind;
}

bool pm_work_party(const pm_work_refs *r, const char *s, pm_party *p, char *msg, size_t cap)
{
    int d = pm_work_dept(r, s);
    if (d >= 0) {
        *p = (pm_party){false, xstrdup(r->depts[d].code), xstrdup(r->depts[d].name)};
        return true;
    }
    int u = find_unit(r, s);
    if (u >= 0) {
        *p = (pm_party){true, xstrdup(r->tree->u[u].code), xstrdup(r->tree->u[u].name)};
        return true;
    }
    snprintf(msg, cap, "责任单位“%s”不存在（请先用 planmon dept add 或 dept import 登记）", s);
    return false;
}

bool pm_work_in_period(const pm_plan *plan, const char *date)
{
    int y = atoi(date);
    return y > plan->base_year && y <= plan->target_year;
}

bool pm_work_date(const char *s, const pm_plan *plan, bool in_period, char *out, char *msg, size_t cap)
{
    static const char *const none[] = {"", "—", "-", "/", "持续推进", "长期", "长期坚持", "持续", "常态化", NULL};
    out[0] = '\0';
    for (const char *const *w = none; *w; w++)
        if (!strcmp(s, *w))
            return true;
    if (!pm_date_parse(s, out)) {
        out[0] = '\0';
        snprintf(msg, cap, "“%s”不是日期（可写 2025-12-31、2025年6月、2025年底）", s);
        return false;
    }
    if (in_period && plan && !pm_work_in_period(plan, out)) {
        out[0] = '\0';
        snprintf(msg, cap, "“%s”超出规划期 %d—%d年", s, plan->base_year + 1, plan->target_year);
        return false;
    }
    return true;
}
