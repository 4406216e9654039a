/* GET /api/v1/plans: the plans in the database (the plan set), which one
 * is the default and which one this request works on (?plan=CODE, as on
 * every call). GET /api/v1/judgments: the judgments by hand of the plan's
 * qualitative indicators, oldest first (?item= one indicator); POST
 * /api/v1/judgments records one ({item, unit, year, verdict, note}). */
#include "render/doc/plans_out.h"
#include "store/plans.h"
#include "web/api.h"
#include "web/judge_req.h"

void web_api_plans(web_req *r, web_resp *w)
{
    const pm_plan_info *p;
    pm_plan_info *own;
    size_t n;
    if (!web_plans_list(r, w, &p, &n, &own))
        return;
    json_t *doc = json_object();
    json_object_set_new(doc, "plans", out_plans_json(p, n));
    pm_plan_infos_free(own, own ? n : 0);
    web_json(w, 200, doc);
}

void web_api_judgments_get(web_req *r, web_resp *w)
{
    const web_snap *snap = api_snap(r, w);
    pm_store *s = snap ? web_store(r, w) : NULL;
    if (!s)
        return;
    const char *item = web_query(r, "item");
    const pm_indicator *ind = item && *item ? pm_plan_find(&snap->ev.plan, item) : NULL;
    if (item && *item && !ind) {
        web_error(r, w, 404, "unknown_indicator", "规划中没有这个指标。");
        return;
    }
    pm_judgment *j;
    size_t n;
    pm_err err = {0};
    if (!pm_store_judgments(s, ind ? ind->code : NULL, &j, &n, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "plan", esc_json_value(snap->ev.plan.code));
    json_object_set_new(doc, "judgments", out_judgments_json(j, n));
    pm_judgments_free(j, n);
    web_json(w, 200, doc);
}

void web_api_judgments_post(web_req *r, web_resp *w)
{
    const web_snap *snap = api_snap(r, w);
    if (!snap || !web_store(r, w))
        return;
    json_t *body = api_body(r, w);
    if (!body)
        return;
    char t1[32], t2[32];
    bool bad = !json_is_object(body);
    web_judge_in in = {
        api_member_text(body, "item", t1, sizeof t1, &bad),
        json_string_value(json_object_get(body, "unit")),
        api_member_text(body, "year", t2, sizeof t2, &bad),
        json_string_value(json_object_get(body, "verdict")),
        json_string_value(json_object_get(body, "note")),
    };
    if (bad) {
        json_decref(body);
        web_error(r, w, 400, "bad_request", "请求体应为对象：{\"item\", \"year\", \"verdict\", \"unit\", \"note\"}。");
        return;
    }
    char msg[400];
    const char *why, *code = NULL;
    int status = web_judge_record(r, snap, &in, &code, msg, sizeof msg, &why);
    if (status) {
        json_decref(body);
        web_error(r, w, status, why, msg);
        return;
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "recorded", json_true());
    json_object_set_new(doc, "indicator", esc_json_value(code));
    json_decref(body);
    web_json(w, 201, doc);
}
