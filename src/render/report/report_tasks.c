/* 四、重点任务推进情况 and 五、重大工程项目进展 (issue 13), and the written
 * judgments (评估意见) placed in the sections they are about. The tasks and
 * projects are judged here on the report's as-of date with the engine's
 * rule (engine/task_judge.h), the same judgment planmon task list and the
 * task pages show; the counts written into the text are the counts of the
 * table below them, so a reader can check one against the other.
 *
 * The model gains "tasks": [{code, type_label, title, lead_name,
 * deadline, latest, judgment, judgment_label, invest_planned,
 * invest_spent, milestones}] for the workbook's sheet. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "engine/task_judge.h"
#include "render/report/report_ctx.h"

static const char *const cn_sub[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

/* The lead party's name as the store filled it, else its code. */
static const char *lead_name(const pm_task *t)
{
    return t->duty.lead.name ? t->duty.lead.name : t->duty.lead.code ? t->duty.lead.code : "—";
}

/* The latest counted update in words: "2023年上半年：滞后（80%）", "" none. */
static void latest_text(const report_extra *x, const pm_task_verdict *v, buf *b)
{
    if (v->latest < 0)
        return;
    const pm_task_update *u = &x->updates[v->latest];
    char label[48];
    pm_period_label(u->period, label, sizeof label);
    buf_printf(b, "%s：%s", label, pm_task_state_label(u->state));
    if (!isnan(u->percent))
        buf_printf(b, "（%.0f%%）", u->percent);
}

/* "已完成 3 项、按进度推进 10 项、…": every judgment, zeros too, in the
 * engine's order, so the sentence always names all six. */
static void counts_text(const int *by, buf *b)
{
    static const pm_task_judgment order[] = {PM_TJ_DONE,    PM_TJ_ON_SCHEDULE, PM_TJ_LAGGING,
                                             PM_TJ_OVERDUE, PM_TJ_NOT_STARTED, PM_TJ_CANCELLED};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        buf_printf(b, "%s%s %d 项", k ? "、" : "", pm_task_judgment_label(order[k]), by[order[k]]);
}

/* The narratives of the report's year about task code (scope task), as
 * paragraphs "评估意见（存在问题及原因）：…", drafts marked. */
static void task_narratives(const report_extra *x, const char *code, json_t *blocks)
{
    for (size_t i = 0; i < x->nnarratives; i++) {
        const pm_narrative *nv = &x->narratives[i];
        if (nv->scope != PM_NS_TASK || strcmp(nv->target, code))
            continue;
        buf b = BUF_INIT;
        buf_printf(&b, "%s（%s）：%s%s", code, pm_narr_kind_label(nv->kind), nv->text,
                   nv->state == PM_NST_DRAFT ? "（草稿，待采纳）" : "");
        rp_para(blocks, &b);
    }
}

/* One row of model.tasks (the workbook's sheet). */
static json_t *task_row(const pm_task *t, const pm_task_verdict *v, const char *latest)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", json_string(t->code));
    json_object_set_new(o, "type_label", json_string(t->project ? "重大项目" : "重点任务"));
    json_object_set_new(o, "title", json_string(t->title));
    json_object_set_new(o, "lead_name", json_string(lead_name(t)));
    json_object_set_new(o, "deadline", json_string(t->project && t->finish[0] ? t->finish : t->duty.deadline));
    json_object_set_new(o, "latest", json_string(latest));
    json_object_set_new(o, "judgment", json_string(pm_task_judgment_str(v->judgment)));
    json_object_set_new(o, "judgment_label", json_string(pm_task_judgment_label(v->judgment)));
    if (t->project) {
        json_object_set_new(o, "invest_planned", isnan(t->invest_planned) ? json_null() : json_real(t->invest_planned));
        json_object_set_new(o, "invest_spent", isnan(t->invest_spent) ? json_null() : json_real(t->invest_spent));
        json_object_set_new(o, "milestones", json_integer((json_int_t)t->nmilestones));
    }
    return o;
}

void rp_section_tasks(rp_ctx *c, json_t *blocks, bool projects, json_t *model)
{
    const report_extra *x = c->x;
    const char *what = projects ? "重大工程项目" : "重点任务";
    size_t n = 0;
    for (size_t i = 0; i < x->ntasks; i++)
        n += x->tasks[i].project == projects;
    buf b = BUF_INIT;
    if (!n || !x->as_of) {
        buf_printf(&b, "本次评估尚未录入%s的推进情况。", what);
        rp_para(blocks, &b);
        return;
    }
    json_t *sheet = json_object_get(model, "tasks");
    if (!sheet) {
        sheet = json_array();
        json_object_set_new(model, "tasks", sheet);
    }
    pm_task_verdict *v = xcalloc(x->ntasks + 1, sizeof *v);
    int by[PM_TJ_COUNT] = {0};
    for (size_t i = 0; i < x->ntasks; i++) {
        if (x->tasks[i].project != projects)
            continue;
        v[i] = pm_task_judge(&x->tasks[i], x->updates, x->nupdates, x->as_of);
        by[v[i].judgment]++;
    }
    int sub = 0;
    char h[96];
    snprintf(h, sizeof h, "（%s）总体进展", cn_sub[sub++]);
    rp_block_text(blocks, "h3", json_string(h));
    buf_printf(&b, "截至 %s，规划确定的 %zu 项%s中，", x->as_of, n, what);
    counts_text(by, &b);
    buf_puts(&b, "。");
    rp_para(blocks, &b);

    static const char *const head_t[] = {"编号", "名称", "牵头单位", "完成时限", "最新进展", "评估结论"};
    static const char *const head_p[] = {"编号", "名称", "牵头单位", "完成时限", "计划投资（万元）", "已完成投资（万元）",
                                         "最新进展", "评估结论"};
    char caption[64];
    snprintf(caption, sizeof caption, "%s推进情况", what);
    json_t *rows = projects ? rp_table_new(blocks, caption, "llllrrll", head_p, 8)
                            : rp_table_new(blocks, caption, "llllll", head_t, 6);
    for (size_t i = 0; i < x->ntasks; i++) {
        const pm_task *t = &x->tasks[i];
        if (t->project != projects)
            continue;
        buf latest = BUF_INIT;
        latest_text(x, &v[i], &latest);
        json_t *row = json_array();
        json_array_append_new(row, json_string(t->code));
        json_array_append_new(row, json_string(t->title));
        json_array_append_new(row, json_string(lead_name(t)));
        json_array_append_new(row, json_string(projects && t->finish[0] ? t->finish : t->duty.deadline[0] ? t->duty.deadline : "—"));
        if (projects) {
            json_array_append_new(row, isnan(t->invest_planned) ? json_string("—") : rp_jfmt("%.0f", t->invest_planned));
            json_array_append_new(row, isnan(t->invest_spent) ? json_string("—") : rp_jfmt("%.0f", t->invest_spent));
        }
        json_array_append_new(row, json_string(latest.len ? buf_str(&latest) : "尚无报告"));
        json_array_append_new(row, json_string(pm_task_judgment_label(v[i].judgment)));
        json_array_append_new(rows, row);
        json_array_append_new(sheet, task_row(t, &v[i], buf_str(&latest)));
        buf_free(&latest);
    }

    /* Lagging and overdue ones, each with its responsible department. */
    if (by[PM_TJ_LAGGING] + by[PM_TJ_OVERDUE]) {
        snprintf(h, sizeof h, "（%s）进度滞后和逾期未完成的%s", cn_sub[sub++], what);
        rp_block_text(blocks, "h3", json_string(h));
        int k = 0;
        for (size_t i = 0; i < x->ntasks; i++) {
            const pm_task *t = &x->tasks[i];
            if (t->project != projects || (v[i].judgment != PM_TJ_LAGGING && v[i].judgment != PM_TJ_OVERDUE))
                continue;
            buf_printf(&b, "%d. %s“%s”：%s，牵头单位%s", ++k, t->code, t->title, pm_task_judgment_label(v[i].judgment),
                       lead_name(t));
            const char *due = projects && t->finish[0] ? t->finish : t->duty.deadline;
            if (*due)
                buf_printf(&b, "，完成时限 %s", due);
            if (v[i].milestones_late)
                buf_printf(&b, "，%zu 个节点到期未完成", v[i].milestones_late);
            buf_puts(&b, "。");
            rp_para(blocks, &b);
        }
    }
    bool any = false;
    for (size_t i = 0; i < x->nnarratives && !any; i++)
        for (size_t k = 0; k < x->ntasks && !any; k++)
            any = x->narratives[i].scope == PM_NS_TASK && x->tasks[k].project == projects &&
                  !strcmp(x->narratives[i].target, x->tasks[k].code);
    if (any) {
        snprintf(h, sizeof h, "（%s）责任单位评估意见", cn_sub[sub++]);
        rp_block_text(blocks, "h3", json_string(h));
        for (size_t i = 0; i < x->ntasks; i++)
            if (x->tasks[i].project == projects)
                task_narratives(x, x->tasks[i].code, blocks);
    }
    free(v);
}

bool rp_section_narratives(rp_ctx *c, json_t *blocks, const char *key)
{
    const report_extra *x = c->x;
    bool accepted = false;
    for (size_t i = 0; i < x->nnarratives; i++) {
        const pm_narrative *nv = &x->narratives[i];
        if (nv->scope != PM_NS_SECTION || strcmp(nv->target, key))
            continue;
        buf b = BUF_INIT;
        buf_printf(&b, "%s%s", nv->text, nv->state == PM_NST_DRAFT ? "（草稿，待采纳）" : "");
        rp_para(blocks, &b);
        accepted = accepted || nv->state == PM_NST_ACCEPTED;
    }
    return accepted;
}

void rp_scope_narratives(rp_ctx *c, json_t *blocks, int scope, const char *heading)
{
    const report_extra *x = c->x;
    bool any = false;
    for (size_t i = 0; i < x->nnarratives; i++) {
        const pm_narrative *nv = &x->narratives[i];
        if ((int)nv->scope != scope)
            continue;
        if (!any && heading)
            rp_block_text(blocks, "h3", json_string(heading));
        any = true;
        buf b = BUF_INIT;
        const char *about = nv->target;
        if (scope == PM_NS_INDICATOR) {
            const pm_indicator *ind = pm_plan_find(c->plan, nv->target);
            about = ind ? ind->name : nv->target;
        }
        if (*about)
            buf_printf(&b, "%s（%s）：", about, pm_narr_kind_label(nv->kind));
        else
            buf_printf(&b, "%s：", pm_narr_kind_label(nv->kind));
        buf_printf(&b, "%s%s", nv->text, nv->state == PM_NST_DRAFT ? "（草稿，待采纳）" : "");
        rp_para(blocks, &b);
    }
}

void rp_narratives_model(rp_ctx *c, json_t *model)
{
    const report_extra *x = c->x;
    json_t *arr = json_array();
    for (size_t i = 0; i < x->nnarratives; i++) {
        const pm_narrative *nv = &x->narratives[i];
        const char *about = nv->target;
        const pm_narr_section *sec = nv->scope == PM_NS_SECTION ? pm_narr_section_find(nv->target) : NULL;
        const pm_indicator *ind = nv->scope == PM_NS_INDICATOR ? pm_plan_find(c->plan, nv->target) : NULL;
        if (sec)
            about = sec->title;
        else if (ind)
            about = ind->name;
        json_t *o = json_object();
        json_object_set_new(o, "scope_label", json_string(pm_narr_scope_label(nv->scope)));
        json_object_set_new(o, "about", json_string(*about ? about : "全篇"));
        json_object_set_new(o, "kind_label", json_string(pm_narr_kind_label(nv->kind)));
        json_object_set_new(o, "state_label", json_string(pm_narr_state_label(nv->state)));
        json_object_set_new(o, "text", json_string(nv->text));
        json_object_set_new(o, "who", json_string(nv->who ? nv->who : ""));
        json_array_append_new(arr, o);
    }
    json_object_set_new(model, "narratives", arr);
}
