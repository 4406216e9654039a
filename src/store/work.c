/* The backend-independent front of store/work.h: checks what does not
 * depend on the database engine (codes, words, dates, lengths, who), then
 * hands each call to the backend's pm_work_ops. */
#include "store/work.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "engine/review.h"
#include "store/store_backend.h"
#include "store/work_backend.h"

/* The backend's table, or NULL (err set) for a backend without one. */
static const pm_work_ops *ops_of(pm_store *s, void **impl, pm_err *err)
{
    const pm_store_ops *o = pm_store_backend(s, impl);
    if (!o->work)
        pm_err_set(err, 0, "%s 数据库后端不支持重点任务", o->name);
    return o->work;
}

static bool present(const char *s)
{
    return s && *s;
}

/* Text a user wrote: valid UTF-8 of at most max bytes; what names it. */
static bool text_ok(const char *t, size_t max, bool needed, const char *what, pm_err *err)
{
    size_t n = t ? strlen(t) : 0;
    if (needed && n == 0)
        pm_err_set(err, 0, "%s不能为空", what);
    else if (n > max)
        pm_err_set(err, 0, "%s过长（最多 %zu 字节）", what, max);
    else if (n && !utf8_valid(t, n, NULL))
        pm_err_set(err, 0, "%s不是有效的 UTF-8 文本", what);
    else
        return true;
    return false;
}

static bool who_ok(const char *who, pm_err *err)
{
    if (!present(who))
        pm_err_set(err, 0, "修改记录缺少修改人");
    return present(who);
}

/* A stored date is canonical: what pm_date_parse writes back unchanged. */
static bool date_ok(const char *d, const char *what, pm_err *err)
{
    char canon[PM_DATE_LEN];
    if (!d[0] || (pm_date_parse(d, canon) && !strcmp(canon, d)))
        return true;
    pm_err_set(err, 0, "%s“%s”不是有效日期（应为 YYYY-MM-DD）", what, d);
    return false;
}

/* ---- departments -------------------------------------------------------------------- */

bool pm_store_dept_put(pm_store *s, const pm_dept *d, const char *who, pm_err *err)
{
    if (!pm_dept_code_valid(d->code)) {
        pm_err_set(err, 0, "责任单位代码“%s”无效：须为 1–%d 个字母、数字或 - _ .", d->code ? d->code : "",
                   PM_DEPT_CODE_MAX);
        return false;
    }
    if (!text_ok(d->name, PM_DEPT_NAME_MAX, true, "责任单位名称", err) ||
        !text_ok(d->contact, PM_DEPT_NAME_MAX * 2, false, "联系方式", err) || !who_ok(who, err))
        return false;
    if ((unsigned)d->kind >= PM_DEPT_KIND_COUNT) {
        pm_err_set(err, 0, "责任单位 %s 的类别无效", d->code);
        return false;
    }
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->dept_put(impl, d, who, err);
}

bool pm_store_depts(pm_store *s, pm_dept **d, size_t *n, pm_err *err)
{
    *d = NULL;
    *n = 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->depts(impl, d, n, err);
}

int pm_store_dept_get(pm_store *s, const char *code_or_name, pm_dept *d, pm_err *err)
{
    memset(d, 0, sizeof *d);
    if (!present(code_or_name))
        return 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o ? o->dept_get(impl, code_or_name, d, err) : -1;
}

bool pm_store_user_set_dept(pm_store *s, const char *user, const char *dept, const char *who, pm_err *err)
{
    if (!present(user)) {
        pm_err_set(err, 0, "缺少用户名");
        return false;
    }
    if (!who_ok(who, err))
        return false;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->user_set_dept(impl, user, present(dept) ? dept : NULL, who, err);
}

/* ---- assignments and tasks ----------------------------------------------------------- */

static bool party_ok(const pm_party *p, pm_err *err)
{
    if (p->unit ? present(p->code) : pm_dept_code_valid(p->code))
        return true;
    pm_err_set(err, 0, "责任单位代码“%s”无效", p->code ? p->code : "");
    return false;
}

static bool assignment_ok(const pm_assignment *a, pm_err *err)
{
    if (!present(a->item)) {
        pm_err_set(err, 0, "分解落实缺少指标或任务");
        return false;
    }
    if (a->lead.code && !party_ok(&a->lead, err))
        return false;
    for (size_t i = 0; i < a->nco; i++)
        if (!party_ok(&a->co[i], err))
            return false;
    return date_ok(a->deadline, "完成时限", err);
}

bool pm_store_assignment_put(pm_store *s, const pm_assignment *a, const char *who, pm_err *err)
{
    if (!assignment_ok(a, err) || !who_ok(who, err))
        return false;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->assignment_put(impl, a, who, err);
}

bool pm_store_assignments(pm_store *s, pm_item_kind kind, pm_assignment **a, size_t *n, pm_err *err)
{
    *a = NULL;
    *n = 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->assignments(impl, kind, a, n, err);
}

bool pm_store_task_put(pm_store *s, const pm_task *t, const char *who, pm_err *err)
{
    if (!pm_task_code_valid(t->code)) {
        pm_err_set(err, 0, "任务编号“%s”无效：须为 1–%d 个字母、数字或 - _ .", t->code ? t->code : "",
                   PM_TASK_CODE_MAX);
        return false;
    }
    if (!text_ok(t->title, PM_TASK_TITLE_MAX, true, "任务名称", err) ||
        !text_ok(t->section, PM_TASK_TITLE_MAX, false, "规划章节", err) || !who_ok(who, err))
        return false;
    pm_assignment a = t->duty;
    a.item = t->code;
    if (!assignment_ok(&a, err) || !date_ok(t->start, "开工时间", err) || !date_ok(t->finish, "完工时间", err))
        return false;
    if (t->start[0] && t->finish[0] && strcmp(t->start, t->finish) > 0) {
        pm_err_set(err, 0, "项目 %s 的开工时间 %s 晚于完工时间 %s", t->code, t->start, t->finish);
        return false;
    }
    if (t->invest_planned < 0 || t->invest_spent < 0) {
        pm_err_set(err, 0, "项目 %s 的投资额不能为负数", t->code);
        return false;
    }
    for (size_t i = 0; i < t->nmilestones; i++)
        if (!present(t->milestones[i].due) || !date_ok(t->milestones[i].due, "节点日期", err) ||
            !date_ok(t->milestones[i].met_on, "节点完成日期", err) ||
            !text_ok(t->milestones[i].what, PM_TASK_TITLE_MAX, true, "节点内容", err)) {
            if (!present(t->milestones[i].due))
                pm_err_set(err, 0, "项目 %s 的第 %zu 个节点缺少日期", t->code, i + 1);
            return false;
        }
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->task_put(impl, t, who, err);
}

bool pm_store_tasks(pm_store *s, pm_task **t, size_t *n, pm_err *err)
{
    *t = NULL;
    *n = 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->tasks(impl, NULL, t, n, err);
}

int pm_store_task_get(pm_store *s, const char *code, pm_task *t, pm_err *err)
{
    memset(t, 0, sizeof *t);
    if (!present(code))
        return 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    pm_task *all = NULL;
    size_t n = 0;
    if (!o || !o->tasks(impl, code, &all, &n, err))
        return -1;
    if (n == 1) {
        *t = all[0];
        free(all);
        return 1;
    }
    pm_tasks_free(all, n);
    return 0;
}

bool pm_store_milestone_set(pm_store *s, const char *task, size_t index, bool met, const char *met_on,
                            const char *who, pm_err *err)
{
    if (!present(task) || !who_ok(who, err) || !date_ok(met_on ? met_on : "", "节点完成日期", err)) {
        if (!present(task))
            pm_err_set(err, 0, "缺少项目编号");
        return false;
    }
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->milestone_set(impl, task, index, met, met_on, who, err);
}

/* ---- updates ---------------------------------------------------------------------------- */

bool pm_store_task_update_add(pm_store *s, const pm_task_update *u, long *id, pm_err *err)
{
    char canon[PM_PERIOD_LEN];
    if (!present(u->task)) {
        pm_err_set(err, 0, "进展缺少任务编号");
        return false;
    }
    if (!pm_period_parse(u->period, canon, NULL) || strcmp(canon, u->period)) {
        pm_err_set(err, 0, "报告期“%s”无效（如 2023、2023H1、2023Q2）", u->period);
        return false;
    }
    if ((unsigned)u->state >= PM_TS_COUNT) {
        pm_err_set(err, 0, "进展状态无效");
        return false;
    }
    if (!isnan(u->percent) && !(u->percent >= 0 && u->percent <= 100)) {
        pm_err_set(err, 0, "完成比例应在 0 到 100 之间");
        return false;
    }
    if (!text_ok(u->text, PM_TASK_TEXT_MAX, false, "进展情况", err) || !who_ok(u->who, err))
        return false;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    long ignored;
    return o && o->update_add(impl, u, id ? id : &ignored, err);
}

bool pm_store_task_updates(pm_store *s, const char *task, pm_task_update **u, size_t *n, pm_err *err)
{
    *u = NULL;
    *n = 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->updates(impl, task, u, n, err);
}

bool pm_store_work_set(pm_store *s, pm_work_set *ws, bool all, pm_err *err)
{
    memset(ws, 0, sizeof *ws);
    if (pm_store_tasks(s, &ws->tasks, &ws->ntasks, err) &&
        (!all || (pm_store_depts(s, &ws->depts, &ws->ndepts, err) &&
                  pm_store_task_updates(s, NULL, &ws->updates, &ws->nupdates, err))))
        return true;
    pm_work_set_free(ws);
    return false;
}

void pm_work_set_free(pm_work_set *ws)
{
    pm_depts_free(ws->depts, ws->ndepts);
    pm_tasks_free(ws->tasks, ws->ntasks);
    pm_task_updates_free(ws->updates, ws->nupdates);
    memset(ws, 0, sizeof *ws);
}

int pm_store_task_update_review(pm_store *s, long id, pm_vstate to, const char *who, const char *reason,
                                pm_err *err)
{
    /* A progress update is reviewed by the figures' rules (engine/review.h):
     * a submitted one is approved or returned, a return with its reason.
     * Who may review is the door's to decide: here the actor is an admin. */
    pm_review_action a = to == PM_VS_APPROVED ? PM_REVIEW_APPROVE : PM_REVIEW_RETURN;
    if (to != pm_review_rule_of(a)->to) {
        pm_err_set(err, 0, "进展只能审核通过或退回");
        return -1;
    }
    pm_review_verdict v = pm_review_check(&(pm_review_actor){PM_ROLE_ADMIN, true, 0}, a, reason);
    if (v != PM_REVIEW_OK) {
        char why[256];
        pm_err_set(err, 0, "%s", pm_review_refusal(v, a, NULL, why, sizeof why));
        return -1;
    }
    if (!text_ok(reason, 2000, false, "退回原因", err) || !who_ok(who, err))
        return -1;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o ? o->update_review(impl, id, to, who, reason, err) : -1;
}

bool pm_store_latest_year(pm_store *s, int *year, pm_err *err)
{
    *year = 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->latest_year(impl, year, err);
}

bool pm_store_work_log(pm_store *s, const char *kind, const char *code, pm_work_entry **e, size_t *n,
                       pm_err *err)
{
    *e = NULL;
    *n = 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->work_log(impl, kind, code, e, n, err);
}

/* ---- narratives ----------------------------------------------------------------------------- */

bool pm_store_narrative_put(pm_store *s, const pm_narrative *nv, pm_err *err)
{
    if (nv->year < 1900 || nv->year > 2200) {
        pm_err_set(err, 0, "评估意见的年份 %d 无效", nv->year);
        return false;
    }
    if ((unsigned)nv->scope >= PM_NS_COUNT || (unsigned)nv->kind >= PM_NK_COUNT) {
        pm_err_set(err, 0, "评估意见的范围或类别无效");
        return false;
    }
    const char *target = nv->target ? nv->target : "";
    if (nv->scope == PM_NS_PLAN ? *target != '\0' : !present(target)) {
        pm_err_set(err, 0, nv->scope == PM_NS_PLAN ? "全篇的评估意见不指明对象" : "评估意见缺少对象（%s）",
                   pm_narr_scope_label(nv->scope));
        return false;
    }
    if (nv->scope == PM_NS_SECTION && !pm_narr_section_find(target)) {
        pm_err_set(err, 0, "报告中没有章节“%s”", target);
        return false;
    }
    if (!text_ok(nv->text, PM_NARR_TEXT_MAX, false, "评估意见", err) ||
        !text_ok(target, PM_TASK_TITLE_MAX, false, "评估意见的对象", err) || !who_ok(nv->who, err))
        return false;
    pm_narrative v = *nv;
    v.target = (char *)target;
    if (!v.text)
        v.text = "";
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->narrative_put(impl, &v, err);
}

bool pm_store_narratives(pm_store *s, int year, pm_narrative **nv, size_t *n, pm_err *err)
{
    *nv = NULL;
    *n = 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->narratives(impl, year, nv, n, err);
}

bool pm_store_narrative_history(pm_store *s, int year, int scope, const char *target, pm_narr_change **c,
                                size_t *n, pm_err *err)
{
    *c = NULL;
    *n = 0;
    void *impl;
    const pm_work_ops *o = ops_of(s, &impl, err);
    return o && o->narrative_history(impl, year, scope, target, c, n, err);
}
