/* Adding and changing a task or project (task_edit.h): the input checked
 * field by field with the import's checks, the access rule, the write. */
#include "web/task_edit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "parse/work_check.h"

static void strs_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void web_task_in_free(web_task_in *in)
{
    char **one[] = {&in->code, &in->type, &in->title, &in->section, &in->lead, &in->deadline,
                    &in->invest_planned, &in->invest_spent, &in->start, &in->finish};
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
        free(*one[i]);
    strs_free(in->co, in->nco);
    strs_free(in->indicators, in->nind);
    for (size_t i = 0; i < in->nms; i++) {
        free(in->ms[i].due);
        free(in->ms[i].what);
        free(in->ms[i].met_on);
    }
    free(in->ms);
    memset(in, 0, sizeof *in);
}

void web_task_in_add_ms(web_task_in *in, const char *due, const char *what, bool met, const char *met_on)
{
    in->ms = xnrealloc(in->ms, in->nms + 1, sizeof *in->ms);
    in->ms[in->nms++] = (web_ms_in){xstrdup(due ? due : ""), xstrdup(what ? what : ""), xstrdup(met_on ? met_on : ""), met};
}

static char *money_text(double v)
{
    char tmp[64] = "";
    if (!isnan(v))
        snprintf(tmp, sizeof tmp, "%.15g", v);
    return xstrdup(tmp);
}

void web_task_in_of(const pm_task *k, web_task_in *in)
{
    memset(in, 0, sizeof *in);
    in->code = xstrdup(k->code);
    in->type = xstrdup(k->project ? "project" : "task");
    in->title = xstrdup(k->title ? k->title : "");
    in->section = xstrdup(k->section ? k->section : "");
    in->lead = xstrdup(k->duty.lead.code ? k->duty.lead.code : "");
    in->deadline = xstrdup(k->duty.deadline);
    in->co = xcalloc(k->duty.nco + 1, sizeof *in->co);
    for (; in->nco < k->duty.nco; in->nco++)
        in->co[in->nco] = xstrdup(k->duty.co[in->nco].code);
    in->indicators = xcalloc(k->nindicators + 1, sizeof *in->indicators);
    for (; in->nind < k->nindicators; in->nind++)
        in->indicators[in->nind] = xstrdup(k->indicators[in->nind]);
    in->invest_planned = money_text(k->project ? k->invest_planned : NAN);
    in->invest_spent = money_text(k->project ? k->invest_spent : NAN);
    in->start = xstrdup(k->start);
    in->finish = xstrdup(k->finish);
    for (size_t i = 0; k->project && i < k->nmilestones; i++)
        web_task_in_add_ms(in, k->milestones[i].due, k->milestones[i].what, k->milestones[i].met, k->milestones[i].met_on);
}

/* ---- checks ------------------------------------------------------------------------- */

static int fail(web_task_verdict *v, int status, const char *why, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail(web_task_verdict *v, int status, const char *why, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->msg, sizeof v->msg, fmt, ap);
    va_end(ap);
    snprintf(v->field, sizeof v->field, "%s", field);
    v->why = why;
    return v->status = status;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Text a user typed: at most max bytes of valid UTF-8, present when needed. */
static bool text_fits(const char *s, size_t max, bool needed, const char *field, const char *label,
                      web_task_verdict *v)
{
    size_t n = strlen(or_empty(s));
    if (needed && !n)
        fail(v, 422, "invalid", field, "%s：不能为空", label);
    else if (n > max)
        fail(v, 422, "invalid", field, "%s：过长（最多 %zu 字节）", label, max);
    else if (n && !utf8_valid(s, n, NULL))
        fail(v, 422, "invalid", field, "%s：不是有效的 UTF-8 文本", label);
    else
        return true;
    return false;
}

static bool date_field(const char *s, const pm_plan *plan, bool in_period, char *out, const char *field,
                       const char *label, web_task_verdict *v)
{
    char msg[256];
    if (pm_work_date(or_empty(s), plan, in_period, out, msg, sizeof msg))
        return true;
    fail(v, 422, "invalid", field, "%s：%s", label, msg);
    return false;
}

static bool money_field(const char *s, double *out, const char *field, const char *label, web_task_verdict *v)
{
    *out = NAN;
    if (!s || !*s)
        return true;
    if (num_parse_cstr(s, out) && *out >= 0)
        return true;
    fail(v, 422, "invalid", field, "%s：“%s”不是投资额（万元，非负数）", label, s);
    return false;
}

static bool party_field(const pm_work_refs *refs, const char *name, pm_party *p, const char *field,
                        const char *label, web_task_verdict *v)
{
    char msg[256];
    if (pm_work_party(refs, name, p, msg, sizeof msg))
        return true;
    fail(v, 422, "invalid", field, "%s：%s", label, msg);
    return false;
}

/* Milestones by due date, the typed order kept among equal dates (the
 * order the store reads them back in, which milestone numbers follow). */
static void sort_milestones(pm_milestone *m, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(m[j - 1].due, m[j].due) > 0; j--) {
            pm_milestone x = m[j];
            m[j] = m[j - 1];
            m[j - 1] = x;
        }
}

static bool milestones_build(const web_task_in *in, const pm_plan *plan, pm_task *k, web_task_verdict *v)
{
    k->milestones = xcalloc(in->nms + 1, sizeof *k->milestones);
    for (size_t i = 0; i < in->nms; i++) {
        const web_ms_in *m = &in->ms[i];
        if (!*or_empty(m->due) && !*or_empty(m->what) && !*or_empty(m->met_on) && !m->met)
            continue; /* an empty row of the form */
        size_t no = k->nmilestones + 1;
        char field[48], label[64];
        pm_milestone *x = &k->milestones[k->nmilestones];
        snprintf(field, sizeof field, "milestones[%zu].due", i);
        snprintf(label, sizeof label, "第 %zu 个节点的日期", no);
        if (!*or_empty(m->due)) {
            fail(v, 422, "invalid", field, "%s：不能为空", label);
            return false;
        }
        if (!date_field(m->due, plan, true, x->due, field, label, v))
            return false;
        snprintf(field, sizeof field, "milestones[%zu].what", i);
        snprintf(label, sizeof label, "第 %zu 个节点的内容", no);
        if (!text_fits(m->what, PM_TASK_TITLE_MAX, true, field, label, v))
            return false;
        snprintf(field, sizeof field, "milestones[%zu].met_on", i);
        snprintf(label, sizeof label, "第 %zu 个节点的完成日期", no);
        if (!date_field(m->met_on, plan, false, x->met_on, field, label, v))
            return false;
        x->what = xstrdup(m->what);
        x->met = m->met || x->met_on[0];
        k->nmilestones++;
    }
    sort_milestones(k->milestones, k->nmilestones);
    return true;
}

/* The task in stands for, as code, into *k (the caller's: pm_task_clear);
 * false with the refusal in v. */
static bool build(const web_snap *s, const web_tasks *t, const pm_task *old, const char *code, const web_task_in *in,
                  pm_task *k, web_task_verdict *v)
{
    const pm_plan *plan = &s->ev.plan;
    pm_work_refs refs = {plan, &s->ev.tree, t->set.depts, t->set.ndepts, t->set.tasks, t->set.ntasks};
    memset(k, 0, sizeof *k);
    k->invest_planned = k->invest_spent = NAN;
    k->duty.kind = PM_ITEM_TASK;
    k->code = xstrdup(or_empty(code));
    k->title = xstrdup(or_empty(in->title));
    k->section = xstrdup(or_empty(in->section));
    if (!pm_task_code_valid(k->code)) {
        fail(v, 422, "invalid", "code", "编号：“%s”无效（须为 1–%d 个字母、数字或 - _ .）", k->code, PM_TASK_CODE_MAX);
        return false;
    }
    const char *ty = in->type;
    if (!ty || !*ty)
        k->project = old && old->project;
    else if (!strcmp(ty, "project") || !strcmp(ty, "重大项目"))
        k->project = true;
    else if (strcmp(ty, "task") && strcmp(ty, "重点任务")) {
        fail(v, 422, "invalid", "type", "类型：“%s”无法识别（可用 重点任务 或 重大项目）", ty);
        return false;
    }
    if (!text_fits(in->title, PM_TASK_TITLE_MAX, true, "title", "名称", v) ||
        !text_fits(in->section, PM_TASK_TITLE_MAX, false, "section", "规划章节", v))
        return false;
    if (!*or_empty(in->lead)) {
        fail(v, 422, "invalid", "lead", "牵头单位：不能为空");
        return false;
    }
    if (!party_field(&refs, in->lead, &k->duty.lead, "lead", "牵头单位", v))
        return false;
    k->duty.co = xcalloc(in->nco + 1, sizeof *k->duty.co);
    for (size_t i = 0; i < in->nco; i++) {
        pm_party p;
        if (!party_field(&refs, in->co[i], &p, "co", "配合单位", v))
            return false;
        bool twice = p.unit == k->duty.lead.unit && !strcmp(p.code, k->duty.lead.code);
        for (size_t j = 0; !twice && j < k->duty.nco; j++)
            twice = p.unit == k->duty.co[j].unit && !strcmp(p.code, k->duty.co[j].code);
        if (twice) {
            fail(v, 422, "invalid", "co", "配合单位：“%s”已是牵头单位或已列出", p.name);
            pm_party_clear(&p);
            return false;
        }
        k->duty.co[k->duty.nco++] = p;
    }
    k->indicators = xcalloc(in->nind + 1, sizeof *k->indicators);
    for (size_t i = 0; i < in->nind; i++) {
        const pm_indicator *ind = pm_work_indicator(plan, in->indicators[i]);
        if (!ind) {
            fail(v, 422, "invalid", "indicators", "关联指标：规划中没有指标“%s”", in->indicators[i]);
            return false;
        }
        bool twice = false;
        for (size_t j = 0; j < k->nindicators; j++)
            twice = twice || !strcmp(k->indicators[j], ind->code);
        if (!twice)
            k->indicators[k->nindicators++] = xstrdup(ind->code);
    }
    if (!date_field(in->deadline, plan, true, k->duty.deadline, "deadline", "完成时限", v))
        return false;
    if (!k->project)
        return true;
    /* A project's 完成时限 is its 完工时间 (the 重大项目表 writes one column). */
    char finish[PM_DATE_LEN];
    if (!date_field(in->finish, plan, true, finish, "finish", "完工时间", v))
        return false;
    /* A body read from GET carries both: the one changed from the stored
     * project's is what was meant (the other still holds the old date). */
    if (old && old->project && finish[0] && k->duty.deadline[0] && strcmp(finish, k->duty.deadline)) {
        if (!strcmp(finish, old->finish))
            memcpy(finish, k->duty.deadline, sizeof finish);
        else if (!strcmp(k->duty.deadline, old->duty.deadline))
            memcpy(k->duty.deadline, finish, sizeof finish);
    }
    if (finish[0] && k->duty.deadline[0] && strcmp(finish, k->duty.deadline)) {
        fail(v, 422, "invalid", "finish", "完工时间：%s 与完成时限 %s 不一致（项目的完成时限即完工时间）", finish,
             k->duty.deadline);
        return false;
    }
    memcpy(k->finish, k->duty.deadline[0] ? k->duty.deadline : finish, sizeof k->finish);
    memcpy(k->duty.deadline, k->finish, sizeof k->finish);
    if (!date_field(in->start, plan, false, k->start, "start", "开工时间", v) ||
        !money_field(in->invest_planned, &k->invest_planned, "invest_planned", "计划投资", v) ||
        !money_field(in->invest_spent, &k->invest_spent, "invest_spent", "已完成投资", v))
        return false;
    if (k->start[0] && k->finish[0] && strcmp(k->start, k->finish) > 0) {
        fail(v, 422, "invalid", "start", "开工时间：%s 晚于完工时间 %s", k->start, k->finish);
        return false;
    }
    return milestones_build(in, plan, k, v);
}

/* ---- comparing ------------------------------------------------------------------------ */

static bool same_num(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static bool same_party(const pm_party *a, const pm_party *b)
{
    return a->unit == b->unit && !strcmp(or_empty(a->code), or_empty(b->code));
}

/* Do a and b agree on everything but whether milestones are met? */
static bool same_definition(const pm_task *a, const pm_task *b)
{
    if (a->project != b->project || strcmp(or_empty(a->title), or_empty(b->title)) ||
        strcmp(or_empty(a->section), or_empty(b->section)) || !same_party(&a->duty.lead, &b->duty.lead) ||
        a->duty.nco != b->duty.nco || strcmp(a->duty.deadline, b->duty.deadline) || a->nindicators != b->nindicators)
        return false;
    for (size_t i = 0; i < a->duty.nco; i++)
        if (!same_party(&a->duty.co[i], &b->duty.co[i]))
            return false;
    for (size_t i = 0; i < a->nindicators; i++)
        if (strcmp(a->indicators[i], b->indicators[i]))
            return false;
    if (!a->project)
        return true;
    if (!same_num(a->invest_planned, b->invest_planned) || !same_num(a->invest_spent, b->invest_spent) ||
        strcmp(a->start, b->start) || strcmp(a->finish, b->finish) || a->nmilestones != b->nmilestones)
        return false;
    for (size_t i = 0; i < a->nmilestones; i++)
        if (strcmp(a->milestones[i].due, b->milestones[i].due) ||
            strcmp(or_empty(a->milestones[i].what), or_empty(b->milestones[i].what)))
            return false;
    return true;
}

static bool same_all(const pm_task *a, const pm_task *b)
{
    if (!same_definition(a, b))
        return false;
    for (size_t i = 0; a->project && i < a->nmilestones; i++)
        if (a->milestones[i].met != b->milestones[i].met || strcmp(a->milestones[i].met_on, b->milestones[i].met_on))
            return false;
    return true;
}

/* ---- saving --------------------------------------------------------------------------- */

int web_task_save(web_req *r, const web_snap *s, const web_tasks *t, const pm_task *old, const char *code,
                  const web_task_in *in, web_task_verdict *v)
{
    memset(v, 0, sizeof *v);
    web_task_edit_right right = web_task_edit_right_of(r->user, old);
    if (right == WEB_TASK_EDIT_NONE)
        return fail(v, 403, "forbidden", "",
                    old ? "无权修改此任务：只有规划人员和管理员可以修改任务和项目（部门用户可登记本部门项目的节点完成情况）。"
                        : "无权新增任务或项目：只有规划人员和管理员可以新增。");
    if (!old && web_task_find(t, code))
        return fail(v, 409, "exists", "code", "编号：“%s”已被另一个任务或项目使用。", code);
    pm_task k;
    if (!build(s, t, old, code, in, &k, v)) {
        pm_task_clear(&k);
        return v->status;
    }
    if (old && right == WEB_TASK_EDIT_MILESTONES && !same_definition(old, &k)) {
        pm_task_clear(&k);
        return fail(v, 403, "forbidden", "",
                    "无权修改此项目的定义（名称、责任单位、时限、投资、节点内容等）：部门用户只能登记本部门项目的节点完成情况。");
    }
    if (old && same_all(old, &k)) {
        pm_task_clear(&k);
        snprintf(v->msg, sizeof v->msg, "%s 没有改动，未保存。", old->code);
        return v->status = 200;
    }
    pm_err err = {0};
    bool ok = pm_store_task_put(r->store, &k, r->user->u.name, &err);
    if (ok)
        snprintf(v->msg, sizeof v->msg, "已%s%s %s：%s。", old ? "保存" : "新增", k.project ? "重大项目" : "重点任务",
                 k.code, k.title);
    pm_task_clear(&k);
    if (!ok)
        return fail(v, 500, "store_failed", "", "%s", err.msg);
    v->created = !old;
    return v->status = 0;
}
