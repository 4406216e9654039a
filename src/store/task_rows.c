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

/* One changed field into b as "what：was → now" ("（无）" for empty),
 * with the separator when something came before. */
static void change(buf *b, const char *what, const char *was, const char *now)
{
    if (!strcmp(was ? was : "", now ? now : ""))
        return;
    buf_printf(b, "%s%s：%s → %s", b->len ? "；" : "", what, was && *was ? was : "（无）",
               now && *now ? now : "（无）");
}

static void join_co(buf *b, const pm_assignment *a)
{
    for (size_t i = 0; i < a->nco; i++)
        buf_printf(b, "%s%s", i ? "、" : "", a->co[i].code);
}

static void join_indicators(buf *b, const pm_task *t)
{
    for (size_t i = 0; i < t->nindicators; i++)
        buf_printf(b, "%s%s", i ? "、" : "", t->indicators[i]);
}

static void money(char *out, size_t cap, const pm_task *t, double v)
{
    if (!t->project || v != v)
        out[0] = '\0';
    else
        snprintf(out, cap, "%.10g 万元", v);
}

static void milestone_text(buf *b, const pm_milestone *m)
{
    buf_printf(b, "%s %s", m->due, m->what ? m->what : "");
    if (m->met)
        buf_printf(b, "（已完成%s%s）", m->met_on[0] ? " " : "", m->met_on);
}

static void milestones_change(buf *b, const pm_task *old, const pm_task *t)
{
    size_t no = old->project ? old->nmilestones : 0, nt = t->project ? t->nmilestones : 0;
    bool same_list = no == nt;
    for (size_t i = 0; same_list && i < nt; i++)
        same_list = !strcmp(old->milestones[i].due, t->milestones[i].due) &&
                    !strcmp(old->milestones[i].what ? old->milestones[i].what : "", t->milestones[i].what ? t->milestones[i].what : "");
    buf was = BUF_INIT, now = BUF_INIT;
    if (same_list) {
        for (size_t i = 0; i < nt; i++) {
            const pm_milestone *m = &old->milestones[i], *n = &t->milestones[i];
            if (m->met == n->met && !strcmp(m->met_on, n->met_on))
                continue;
            char what[64];
            snprintf(what, sizeof what, "第 %zu 个节点", i + 1);
            buf_reset(&was);
            buf_reset(&now);
            buf_printf(&was, "%s%s%s", m->met ? "已完成" : "未完成", m->met && m->met_on[0] ? " " : "", m->met ? m->met_on : "");
            buf_printf(&now, "%s%s%s", n->met ? "已完成" : "未完成", n->met && n->met_on[0] ? " " : "", n->met ? n->met_on : "");
            change(b, what, buf_str(&was), buf_str(&now));
        }
    } else {
        for (size_t i = 0; i < no; i++) {
            buf_puts(&was, i ? "、" : "");
            milestone_text(&was, &old->milestones[i]);
        }
        for (size_t i = 0; i < nt; i++) {
            buf_puts(&now, i ? "、" : "");
            milestone_text(&now, &t->milestones[i]);
        }
        change(b, "建设节点", buf_str(&was), buf_str(&now));
    }
    buf_free(&was);
    buf_free(&now);
}

void pm_task_describe_change(buf *b, const pm_task *old, const pm_task *t, const pm_assignment *a)
{
    buf d = BUF_INIT, x = BUF_INIT, y = BUF_INIT;
    change(&d, "类型", old->project ? "重大项目" : "重点任务", t->project ? "重大项目" : "重点任务");
    change(&d, "名称", old->title, t->title);
    change(&d, "规划章节", old->section, t->section);
    change(&d, "牵头", old->duty.lead.code, a->lead.code);
    join_co(&x, &old->duty);
    join_co(&y, a);
    change(&d, "配合", buf_str(&x), buf_str(&y));
    change(&d, "完成时限", old->duty.deadline, a->deadline);
    buf_reset(&x);
    buf_reset(&y);
    join_indicators(&x, old);
    join_indicators(&y, t);
    change(&d, "关联指标", buf_str(&x), buf_str(&y));
    char m1[48], m2[48];
    money(m1, sizeof m1, old, old->invest_planned);
    money(m2, sizeof m2, t, t->invest_planned);
    change(&d, "计划投资", m1, m2);
    money(m1, sizeof m1, old, old->invest_spent);
    money(m2, sizeof m2, t, t->invest_spent);
    change(&d, "已完成投资", m1, m2);
    change(&d, "开工时间", old->project ? old->start : "", t->project ? t->start : "");
    change(&d, "完工时间", old->project ? old->finish : "", t->project ? t->finish : "");
    milestones_change(&d, old, t);
    buf_puts(b, d.len ? buf_str(&d) : "未改动");
    buf_free(&d);
    buf_free(&x);
    buf_free(&y);
}

void pm_task_put_detail(buf *b, pm_task *old, size_t nold, const pm_task *t, const pm_assignment *a)
{
    if (nold)
        pm_task_describe_change(b, &old[0], t, a);
    else
        pm_task_describe(b, t, a);
    pm_tasks_free(old, nold);
}

pm_assignment pm_task_duty(const pm_task *t)
{
    pm_assignment a = t->duty;
    a.kind = PM_ITEM_TASK;
    a.item = t->code;
    return a;
}

bool pm_assignment_found(int found, const pm_assignment *a, pm_err *err)
{
    if (found == 0)
        pm_err_set(err, 0, "规划中没有%s“%s”", item_word(a), a->item);
    return found == 1;
}

bool pm_tasks_loaded(bool ok, pm_task **t, size_t *n)
{
    if (!ok) {
        pm_tasks_free(*t, *n);
        *t = NULL;
        *n = 0;
    }
    return ok;
}

bool pm_assignments_loaded(bool ok, pm_assignment **a, size_t *n)
{
    if (!ok) {
        pm_assignments_free(*a, *n);
        *a = NULL;
        *n = 0;
    }
    return ok;
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
