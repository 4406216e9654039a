/* POST /api/v1/values/submit | approve | return: the review actions of
 * engine/review.h (`planmon submit|approve|return`), for a unit's subtree
 * in one year (optionally one item). Body: {"unit","year","item","reason",
 * "reopen"}; return with "reopen": true is the reopen action (admins).
 * Who may do what, and with which reason, is the rules' answer, the same
 * as on the CLI and the review page. Every move lands in the history
 * under the caller's name. */
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "store/review.h"
#include "web/api.h"
#include "web/submit_hold.h"

static const char *const allowed_keys[] = {"unit", "year", "item", "reason", "reopen"};

/* Checks the body's members; false with 400 in w. */
static bool members_ok(web_req *r, web_resp *w, const json_t *doc)
{
    if (!json_is_object(doc)) {
        web_error(r, w, 400, "bad_request", "请求内容应为对象 {\"unit\",\"year\",\"item\",\"reason\",\"reopen\"}。");
        return false;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)doc, key, v) {
        bool known = false;
        for (size_t k = 0; k < sizeof allowed_keys / sizeof allowed_keys[0]; k++)
            known = known || !strcmp(key, allowed_keys[k]);
        if (!known) {
            web_error(r, w, 400, "bad_request", "请求中有无法识别的字段（可用：unit、year、item、reason、reopen）。");
            return false;
        }
    }
    const json_t *reason = json_object_get(doc, "reason"), *reopen = json_object_get(doc, "reopen");
    if ((reason && !json_is_string(reason) && !json_is_null(reason)) || (reopen && !json_is_boolean(reopen))) {
        web_error(r, w, 400, "bad_request", "reason 应为字符串，reopen 应为 true 或 false。");
        return false;
    }
    return true;
}

/* The action itself, once the body is read: unit, the review rules,
 * item, then the store. The answer goes into w. */
static void act(web_req *r, web_resp *w, const web_snap *s, pm_review_action action, const char *unit_code, int year,
                const char *item, const char *reason)
{
    char msg[256];
    int unit = unit_code && *unit_code ? web_snap_unit(s, unit_code) : web_home_unit(r->user);
    if (unit < 0) {
        web_error(r, w, 404, "unknown_unit", "组织机构不存在。");
        return;
    }
    const pm_unit *u = &s->ev.tree.u[unit];
    pm_review_req rq = {action, {0}, r->user->u.name, u->code, year, NULL, reason};
    pm_review_levels lv;
    if (!web_review_actor_at(r, w, s, unit, &rq.actor, &lv))
        return;
    pm_review_verdict v = pm_review_check(&rq.actor, action, reason);
    if (v != PM_REVIEW_OK) {
        char why[200];
        snprintf(msg, sizeof msg, "%s%s", pm_review_refusal(v, action, u->name, why, sizeof why),
                 v == PM_REVIEW_NO_REASON ? "：请用 reason 说明。" : "。");
        web_error(r, w, web_review_status(v), v == PM_REVIEW_FORBIDDEN || v == PM_REVIEW_NO_LEVEL ? "forbidden"
                                                : v == PM_REVIEW_NO_REASON ? "missing_reason" : "bad_request", msg);
        return;
    }
    bool failed = false;
    rq.element = api_item_element(r, w, s, item, &failed);
    if (failed)
        return;
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    size_t moved = 0;
    pm_err err = {0};
    if (action == PM_REVIEW_SUBMIT) {
        char held_msg[2048];
        size_t held = 0;
        if (!web_submit_held(st, u->code, year, rq.element, &held, held_msg, sizeof held_msg, &err)) {
            web_error(r, w, 500, "store_failed", err.msg);
            return;
        }
        if (held) {
            web_error(r, w, 422, "unexplained_warnings", held_msg);
            return;
        }
    }
    if (!pm_store_review(st, &rq, &v, &moved, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    const pm_review_rule *rule = pm_review_rule_of(action);
    if (moved)
        snprintf(msg, sizeof msg, "已%s %zu 个数据（%s 及其下级，%d 年）。", rule->verb, moved, u->name, year);
    else
        snprintf(msg, sizeof msg, "没有可%s的数据（%s，%d 年）。", rule->verb, u->name, year);
    json_t *o = json_object();
    json_object_set_new(o, "unit", esc_json_value(u->code));
    json_object_set_new(o, "year", json_integer(year));
    json_object_set_new(o, "item", rq.element ? esc_json_value(rq.element) : json_null());
    /* An approval short of the last level leaves the figures submitted, at the next level. */
    bool onward = action == PM_REVIEW_APPROVE && lv.n && rq.actor.level > 0 && rq.actor.level < lv.n;
    json_object_set_new(o, "state", json_string(pm_vstate_str(onward ? PM_VS_SUBMITTED : rule->to)));
    json_object_set_new(o, "review_level", onward ? json_integer(rq.actor.level + 1) : json_null());
    json_object_set_new(o, "moved", json_integer((json_int_t)moved));
    json_object_set_new(o, "message", esc_json_value(msg));
    web_json(w, 200, o);
}

static void run_review(web_req *r, web_resp *w, pm_review_action action)
{
    const web_snap *s = api_snap(r, w);
    if (!s)
        return;
    json_t *doc = api_body(r, w);
    if (!doc)
        return;
    if (!members_ok(r, w, doc)) {
        json_decref(doc);
        return;
    }
    char ubuf[32], ybuf[32], ibuf[32];
    bool bad = false;
    const char *unit_code = api_member_text(doc, "unit", ubuf, sizeof ubuf, &bad);
    const char *year_text = api_member_text(doc, "year", ybuf, sizeof ybuf, &bad);
    const char *item = api_member_text(doc, "item", ibuf, sizeof ibuf, &bad);
    const char *reason = json_string_value(json_object_get(doc, "reason"));
    bool reopen = json_is_true(json_object_get(doc, "reopen"));
    const pm_plan *p = &s->ev.plan;
    long year = 0;
    char msg[256];
    if (bad) {
        web_error(r, w, 400, "bad_request", "unit 和 item 应为字符串，year 应为整数。");
    } else if (!year_text || !num_parse_int(year_text, p->base_year, p->target_year, &year)) {
        snprintf(msg, sizeof msg, "请用 year 指定年份（规划期 %d–%d 年内）。", p->base_year, p->target_year);
        web_error(r, w, 400, "bad_year", msg);
    } else if (reopen && action != PM_REVIEW_RETURN) {
        web_error(r, w, 400, "bad_request", "reopen 只用于退回已审核的数据。");
    } else {
        act(r, w, s, reopen ? PM_REVIEW_REOPEN : action, unit_code, (int)year, item, reason);
    }
    json_decref(doc);
}

void web_api_submit(web_req *r, web_resp *w)
{
    run_review(r, w, PM_REVIEW_SUBMIT);
}

void web_api_approve(web_req *r, web_resp *w)
{
    run_review(r, w, PM_REVIEW_APPROVE);
}

void web_api_return(web_req *r, web_resp *w)
{
    run_review(r, w, PM_REVIEW_RETURN);
}
