/* GET /api/v1/plan: the plan being monitored — title, period, the goals
 * and the domains they serve, every indicator with the fields of
 * `planmon plan parse --format json`, and the data elements the towns
 * report (what POST /api/v1/values takes as items). */
#include "render/doc/plan_out.h"
#include "web/api.h"

void web_api_plan(web_req *r, web_resp *w)
{
    const web_snap *s = api_snap(r, w);
    if (!s)
        return;
    const pm_plan *p = &s->ev.plan;
    json_t *doc = json_object();
    json_object_set_new(doc, "code", p->code ? esc_json_value(p->code) : json_null());
    json_object_set_new(doc, "title", p->title ? esc_json_value(p->title) : json_null());
    json_object_set_new(doc, "base_year", json_integer(p->base_year));
    json_object_set_new(doc, "target_year", json_integer(p->target_year));
    json_t *goals = json_array();
    for (size_t i = 0; i < p->ngoals; i++) {
        json_t *g = json_object();
        json_object_set_new(g, "label", esc_json_value(p->goals[i].label));
        json_object_set_new(g, "title", esc_json_value(p->goals[i].title));
        json_object_set_new(g, "domain", p->goals[i].domain ? esc_json_value(p->goals[i].domain) : json_null());
        json_array_append_new(goals, g);
    }
    json_object_set_new(doc, "goals", goals);
    json_t *inds = json_array();
    for (size_t i = 0; i < p->nind; i++)
        json_array_append_new(inds, out_indicator_json(&p->ind[i]));
    json_object_set_new(doc, "indicators", inds);
    json_t *elems = json_array();
    for (size_t i = 0; i < p->nelem; i++)
        json_array_append_new(elems, api_element_json(&p->elem[i]));
    json_object_set_new(doc, "elements", elems);
    web_json(w, 200, doc);
}
