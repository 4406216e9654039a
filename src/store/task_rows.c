/* Tasks and their assignments around the SQL (task_rows.h): the steps
 * both backends take, written once so that the SQLite and PostgreSQL
 * stores log, refuse and assemble a task alike. */
#include "store/task_rows.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"

static const char *item_word(const pm_assignment *a)
{
    return a->kind == PM_ITEM_INDICATOR ? "指标" : "任务";
}

void pm_assignment_describe(buf *b, const pm_assignment *a)
{
    buf_printf(b, "牵头：%s", a->lead.code ? a->lead.code : "（无）");
    for (size_t i = 0; i < a->nco; i++)
        buf_printf(b, "%s%s", i ? "、" : "；配合：", a->co[i].code);
    if (a->deadline[0])
        buf_printf(b, "；完成时限：%s", a->deadline);
}

void pm_task_describe(buf *b, const pm_task *t, const pm_assignment *a)
{
    buf_printf(b, "%s%s；", t->project ? "重大项目：" : "重点任务：", t->title);
    pm_assignment_describe(b, a);
}

void pm_assignment_missing(const pm_assignment *a, pm_err *err)
{
    pm_err_set(err, 0, "规划中没有%s“%s”", item_word(a), a->item);
}

void pm_party_missing(const pm_assignment *a, const pm_party *p, int ord, pm_err *err)
{
    pm_err_set(err, 0, "%s %s 的%s单位“%s”不存在", item_word(a), a->item, ord == 0 ? "牵头" : "配合", p->code);
}

void pm_assignment_add_party(pm_assignment *a, pm_party p, bool lead)
{
    if (lead && !a->lead.code) {
        a->lead = p;
    } else {
        a->co = xnrealloc(a->co, a->nco + 1, sizeof *a->co);
        a->co[a->nco++] = p;
    }
}

void pm_tasks_take_duties(pm_task *t, const strmap *by_code, pm_assignment *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int k = strmap_get(by_code, a[i].item);
        if (k >= 0) {
            pm_assignment_clear(&t[k].duty);
            t[k].duty = a[i];
            memset(&a[i], 0, sizeof a[i]);
        }
    }
    pm_assignments_free(a, n);
}

void pm_task_add_indicator(pm_task *t, char *code)
{
    t->indicators = xnrealloc(t->indicators, t->nindicators + 1, sizeof *t->indicators);
    t->indicators[t->nindicators++] = code;
}

pm_milestone *pm_task_add_milestone(pm_task *t)
{
    t->milestones = xnrealloc(t->milestones, t->nmilestones + 1, sizeof *t->milestones);
    pm_milestone *m = &t->milestones[t->nmilestones++];
    memset(m, 0, sizeof *m);
    return m;
}

void pm_milestone_detail(char *out, size_t size, size_t index, bool met, const char *met_on)
{
    snprintf(out, size, "第 %zu 个节点：%s%s%s", index + 1, met ? "已完成" : "未完成",
             met && met_on && *met_on ? "，" : "", met && met_on ? met_on : "");
}

void pm_milestone_missing(const char *task, size_t index, pm_err *err)
{
    pm_err_set(err, 0, "项目 %s 没有第 %zu 个节点", task, index + 1);
}
