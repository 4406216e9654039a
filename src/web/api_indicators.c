/* GET /api/v1/indicators and GET /api/v1/indicators/{no}: the plan's
 * indicators with their definition — the `plan parse` fields, the goal
 * their domain serves, and for an indicator entered directly the data
 * element it is entered as (its formula otherwise), and who answers for
 * it (lead, lead_name, lead_type, co, co_names, deadline: the 分解落实表).
 * {no} is the 序号 or the indicator's code. */
#include "render/doc/plan_out.h"
#include "render/doc/work_out.h"
#include "web/api.h"

/* Indicator i with its goal, element and assignment. New reference. */
static json_t *indicator_json(const pm_evaluation *ev, int i)
{
    const pm_plan *p = &ev->plan;
    const pm_indicator *ind = &p->ind[i];
    json_t *o = out_indicator_json(ind);
    const pm_goal *g = pm_plan_goal_of(p, ind->domain);
    json_object_set_new(o, "goal", g ? json_pack("{s:o,s:o}", "label", esc_json_value(g->label), "title",
                                                 esc_json_value(g->title))
                                     : json_null());
    int e = ind->formula ? -1 : pm_plan_element(p, ind->code);
    json_object_set_new(o, "element", e >= 0 ? api_element_json(&p->elem[e]) : json_null());
    out_duty_json(o, pm_evaluation_duty(ev, i));
    return o;
}

void web_api_indicators(web_req *r, web_resp *w)
{
    const web_snap *s = api_snap(r, w);
    if (!s)
        return;
    const pm_plan *p = &s->ev.plan;
    json_t *arr = json_array();
    for (size_t i = 0; i < p->nind; i++)
        json_array_append_new(arr, indicator_json(&s->ev, (int)i));
    web_json(w, 200, json_pack("{s:i,s:i,s:o}", "base_year", p->base_year, "target_year", p->target_year,
                               "indicators", arr));
}

void web_api_indicator(web_req *r, web_resp *w)
{
    const web_snap *s = api_snap(r, w);
    if (!s)
        return;
    const pm_indicator *ind = r->nargs > 0 ? pm_plan_find(&s->ev.plan, r->args[0]) : NULL;
    if (!ind) {
        web_error(r, w, 404, "unknown_indicator", "没有这个指标（请用指标序号 1、2…或指标代码）。");
        return;
    }
    web_json(w, 200, indicator_json(&s->ev, (int)(ind - s->ev.plan.ind)));
}
