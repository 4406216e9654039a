#include "render/doc/work_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "render/write/escape.h"

static json_t *str_or_null(const char *s)
{
    return s && *s ? esc_json_value(s) : json_null();
}

static json_t *num_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

json_t *out_dept_json(const pm_dept *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "code", esc_json_value(d->code));
    json_object_set_new(o, "name", esc_json_value(d->name));
    json_object_set_new(o, "kind", json_string(pm_dept_kind_str(d->kind)));
    json_object_set_new(o, "kind_label", json_string(pm_dept_kind_label(d->kind)));
    json_object_set_new(o, "contact", esc_json_value(d->contact));
    return o;
}

const out_column *out_dept_columns(size_t *n)
{
    static const out_column cols[] = {{"code", "代码"}, {"name", "名称"}, {"kind_label", "类别"}, {"contact", "联系人"}};
    *n = sizeof cols / sizeof cols[0];
    return cols;
}

char *out_parties_text(const pm_party *p, size_t n)
{
    buf b = {0};
    buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(&b, "、");
        buf_puts(&b, p[i].name ? p[i].name : p[i].code);
    }
    return buf_detach(&b);
}

static char *joined(char *const *v, size_t n)
{
    buf b = {0};
    buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(&b, "、");
        buf_puts(&b, v[i]);
    }
    return buf_detach(&b);
}

static json_t *parties_json(const pm_party *p, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "code", esc_json_value(p[i].code));
        json_object_set_new(o, "name", esc_json_value(p[i].name ? p[i].name : p[i].code));
        json_object_set_new(o, "type", json_string(p[i].unit ? "unit" : "dept"));
        json_array_append_new(a, o);
    }
    return a;
}

/* The lead of an assignment as the status document and the task JSON both
 * show it: lead, lead_name (its code when it has no name) and lead_type,
 * all null when there is none. */
static void lead_json(json_t *o, const pm_party *lead)
{
    const pm_party *l = lead && lead->code && *lead->code ? lead : NULL;
    json_object_set_new(o, "lead", l ? esc_json_value(l->code) : json_null());
    json_object_set_new(o, "lead_name", l ? esc_json_value(l->name && *l->name ? l->name : l->code) : json_null());
    json_object_set_new(o, "lead_type", l ? json_string(l->unit ? "unit" : "dept") : json_null());
}

void out_duty_json(json_t *o, const pm_assignment *a)
{
    lead_json(o, a ? &a->lead : NULL);
    json_t *co = json_array(), *names = json_array();
    for (size_t i = 0; a && i < a->nco; i++) {
        json_array_append_new(co, esc_json_value(a->co[i].code));
        json_array_append_new(names, esc_json_value(a->co[i].name ? a->co[i].name : a->co[i].code));
    }
    json_object_set_new(o, "co", co);
    json_object_set_new(o, "co_names", names);
    json_object_set_new(o, "deadline", a ? str_or_null(a->deadline) : json_null());
}

static json_t *milestones_json(const pm_task *t, const char *as_of)
{
    json_t *a = json_array();
    for (size_t i = 0; i < t->nmilestones; i++) {
        const pm_milestone *m = &t->milestones[i];
        bool met = m->met && (!m->met_on[0] || strcmp(m->met_on, as_of) <= 0);
        json_t *o = json_object();
        json_object_set_new(o, "index", json_integer((json_int_t)i));
        json_object_set_new(o, "due", json_string(m->due));
        json_object_set_new(o, "what", esc_json_value(m->what));
        json_object_set_new(o, "met", json_boolean(m->met));
        json_object_set_new(o, "met_on", str_or_null(m->met_on));
        json_object_set_new(o, "late", json_boolean(!met && strcmp(m->due, as_of) < 0));
        json_array_append_new(a, o);
    }
    return a;
}

json_t *out_task_json(const pm_task *t, const pm_task_update *u, size_t n, const char *as_of, bool full)
{
    pm_task_verdict v = pm_task_judge(t, u, n, as_of);
    const pm_task_update *last = v.latest >= 0 ? &u[v.latest] : NULL;
    json_t *o = json_object();
    json_object_set_new(o, "code", esc_json_value(t->code));
    json_object_set_new(o, "type", json_string(t->project ? "project" : "task"));
    json_object_set_new(o, "type_label", json_string(t->project ? "重大项目" : "重点任务"));
    json_object_set_new(o, "title", esc_json_value(t->title));
    json_object_set_new(o, "section", esc_json_value(t->section));
    lead_json(o, &t->duty.lead);
    char *co = out_parties_text(t->duty.co, t->duty.nco), *inds = joined(t->indicators, t->nindicators);
    json_object_set_new(o, "co", esc_json_value(co));
    json_object_set_new(o, "deadline", str_or_null(t->duty.deadline));
    json_object_set_new(o, "indicators", esc_json_value(inds));
    free(co);
    free(inds);
    char label[48];
    if (last)
        pm_period_label(last->period, label, sizeof label);
    json_object_set_new(o, "latest_period", last ? json_string(last->period) : json_null());
    json_object_set_new(o, "latest_period_label", last ? json_string(label) : json_null());
    json_object_set_new(o, "latest_state", last ? json_string(pm_task_state_str(last->state)) : json_null());
    json_object_set_new(o, "latest_state_label", last ? json_string(pm_task_state_label(last->state)) : json_null());
    json_object_set_new(o, "percent", last ? num_or_null(last->percent) : json_null());
    json_object_set_new(o, "judgment", json_string(pm_task_judgment_str(v.judgment)));
    json_object_set_new(o, "judgment_label", json_string(pm_task_judgment_label(v.judgment)));
    json_object_set_new(o, "as_of", json_string(as_of));
    if (t->project) {
        json_object_set_new(o, "invest_planned", num_or_null(t->invest_planned));
        json_object_set_new(o, "invest_spent", num_or_null(t->invest_spent));
        json_object_set_new(o, "start", str_or_null(t->start));
        json_object_set_new(o, "finish", str_or_null(t->finish));
        json_object_set_new(o, "milestones_due", json_integer((json_int_t)v.milestones_due));
        json_object_set_new(o, "milestones_late", json_integer((json_int_t)v.milestones_late));
    }
    if (full) {
        json_object_set_new(o, "co_list", parties_json(t->duty.co, t->duty.nco));
        json_t *il = json_array();
        for (size_t i = 0; i < t->nindicators; i++)
            json_array_append_new(il, esc_json_value(t->indicators[i]));
        json_object_set_new(o, "indicator_list", il);
        json_object_set_new(o, "milestones", milestones_json(t, as_of));
    }
    return o;
}

const out_column *out_task_columns(size_t *n)
{
    static const out_column cols[] = {
        {"code", "编号"},       {"type_label", "类别"},    {"title", "名称"},           {"lead_name", "牵头单位"},
        {"co", "配合单位"},     {"deadline", "完成时限"},  {"latest_period_label", "报告期"}, {"latest_state_label", "报告状态"},
        {"percent", "完成比例"}, {"judgment_label", "评价"},
    };
    *n = sizeof cols / sizeof cols[0];
    return cols;
}

const out_column *out_project_columns(size_t *n)
{
    static const out_column cols[] = {
        {"code", "编号"},          {"title", "项目名称"},        {"lead_name", "牵头单位"},
        {"start", "开工时间"},     {"finish", "完工时间"},       {"invest_planned", "计划投资（万元）"},
        {"invest_spent", "已完成投资（万元）"}, {"milestones_late", "逾期节点"}, {"judgment_label", "评价"},
    };
    *n = sizeof cols / sizeof cols[0];
    return cols;
}

json_t *out_update_json(const pm_task_update *u)
{
    char label[48];
    pm_period_label(u->period, label, sizeof label);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(o, "task", esc_json_value(u->task));
    json_object_set_new(o, "period", json_string(u->period));
    json_object_set_new(o, "period_label", json_string(label));
    json_object_set_new(o, "state", json_string(pm_task_state_str(u->state)));
    json_object_set_new(o, "state_label", json_string(pm_task_state_label(u->state)));
    json_object_set_new(o, "percent", num_or_null(u->percent));
    json_object_set_new(o, "text", esc_json_value(u->text));
    json_object_set_new(o, "review", json_string(pm_vstate_str(u->review)));
    json_object_set_new(o, "review_label", json_string(pm_vstate_label(u->review)));
    json_object_set_new(o, "who", esc_json_value(u->who));
    json_object_set_new(o, "at", esc_json_value(u->at));
    json_object_set_new(o, "reviewed_by", str_or_null(u->reviewed_by));
    json_object_set_new(o, "reviewed_at", str_or_null(u->reviewed_at));
    json_object_set_new(o, "reason", str_or_null(u->reason));
    return o;
}

const out_column *out_update_columns(size_t *n)
{
    static const out_column cols[] = {
        {"id", "编号"}, {"task", "任务"},      {"period_label", "报告期"}, {"state_label", "状态"},
        {"percent", "完成比例"}, {"text", "进展情况"}, {"review_label", "审核"}, {"who", "填报人"}, {"at", "时间"},
    };
    *n = sizeof cols / sizeof cols[0];
    return cols;
}

/* The Chinese words of the work log's actions. */
static const char *action_label(const char *a)
{
    static const char *const map[][2] = {
        {"dept_put", "登记责任单位"}, {"assign", "分解落实"},     {"task_add", "新增任务"},
        {"task_edit", "修改任务"},    {"milestone", "项目节点"},   {"update_add", "报告进展"},
        {"update_approve", "审核通过"}, {"update_return", "退回进展"}, {"user_dept", "设置用户所属单位"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(a, map[i][0]))
            return map[i][1];
    return a;
}

json_t *out_work_entry_json(const char *at, const char *who, const char *action, const char *kind,
                            const char *code, const char *detail, long id)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "at", esc_json_value(at));
    json_object_set_new(o, "who", esc_json_value(who));
    json_object_set_new(o, "action", esc_json_value(action));
    json_object_set_new(o, "action_label", esc_json_value(action_label(action)));
    json_object_set_new(o, "kind", esc_json_value(kind));
    json_object_set_new(o, "code", esc_json_value(code));
    json_object_set_new(o, "detail", str_or_null(detail));
    return o;
}

const out_column *out_work_log_columns(size_t *n)
{
    static const out_column cols[] = {{"at", "时间"}, {"who", "修改人"}, {"action_label", "操作"},
                                      {"code", "对象"},     {"detail", "内容"}};
    *n = sizeof cols / sizeof cols[0];
    return cols;
}

json_t *out_narrative_json(const pm_narrative *nv)
{
    json_t *o = json_object();
    json_object_set_new(o, "year", json_integer(nv->year));
    json_object_set_new(o, "scope", json_string(pm_narr_scope_str(nv->scope)));
    json_object_set_new(o, "scope_label", json_string(pm_narr_scope_label(nv->scope)));
    json_object_set_new(o, "target", esc_json_value(nv->target));
    json_object_set_new(o, "kind", json_string(pm_narr_kind_str(nv->kind)));
    json_object_set_new(o, "kind_label", json_string(pm_narr_kind_label(nv->kind)));
    json_object_set_new(o, "text", esc_json_value(nv->text));
    json_object_set_new(o, "state", json_string(pm_narr_state_str(nv->state)));
    json_object_set_new(o, "state_label", json_string(pm_narr_state_label(nv->state)));
    json_object_set_new(o, "who", esc_json_value(nv->who));
    json_object_set_new(o, "at", esc_json_value(nv->at));
    return o;
}

const out_column *out_narrative_columns(size_t *n)
{
    static const out_column cols[] = {{"year", "年份"},         {"scope_label", "范围"}, {"target", "对象"},
                                      {"kind_label", "类别"},   {"text", "内容"},       {"state_label", "状态"},
                                      {"who", "修改人"}};
    *n = sizeof cols / sizeof cols[0];
    return cols;
}

json_t *out_narr_change_json(const pm_narr_change *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "year", json_integer(c->year));
    json_object_set_new(o, "scope", json_string(pm_narr_scope_str(c->scope)));
    json_object_set_new(o, "target", esc_json_value(c->target));
    json_object_set_new(o, "kind", json_string(pm_narr_kind_str(c->kind)));
    json_object_set_new(o, "kind_label", json_string(pm_narr_kind_label(c->kind)));
    json_object_set_new(o, "old_text", c->old_text ? esc_json_value(c->old_text) : json_null());
    json_object_set_new(o, "new_text", esc_json_value(c->new_text));
    json_object_set_new(o, "state", json_string(pm_narr_state_str(c->state)));
    json_object_set_new(o, "who", esc_json_value(c->who));
    json_object_set_new(o, "at", esc_json_value(c->at));
    return o;
}

json_t *out_task_counts(const json_t *tasks)
{
    json_t *o = json_object();
    json_object_set_new(o, "total", json_integer((json_int_t)json_array_size(tasks)));
    for (int j = 0; j < PM_TJ_COUNT; j++)
        json_object_set_new(o, pm_task_judgment_str((pm_task_judgment)j), json_integer(0));
    size_t i;
    json_t *t;
    json_array_foreach(tasks, i, t)
    {
        const char *k = json_string_value(json_object_get(t, "judgment"));
        json_t *c = k ? json_object_get(o, k) : NULL;
        if (c)
            json_integer_set(c, json_integer_value(c) + 1);
    }
    return o;
}
