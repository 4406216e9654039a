/* POST /api/v1/values/submit | approve | return: the review transitions of
 * `planmon submit|approve|return`, for a unit's subtree in one year
 * (optionally one item). Body: {"unit","year","item","reason","reopen"}.
 *
 * submit moves drafts and returned figures to submitted (reporters, in
 * their subtree); approve moves submitted figures to approved, which locks
 * them (reviewers, in theirs); return sends submitted figures back with a
 * reason, or with "reopen": true approved ones (reviewers). Admins may do
 * all three anywhere. Every move lands in the history under the caller's
 * name. */
#include <stdio.h>
#include <string.h>

#include "base/num.h"
#include "web/api.h"

typedef struct review {
    const char *verb; /* 提交, 审核通过, 退回 */
    web_action need;
    unsigned from;
    pm_vstate to;
    bool needs_reason;
} review;

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

/* The transition itself, once the body is read: unit, permission, item,
 * then the store. The answer goes into w. */
static void transition(web_req *r, web_resp *w, const web_snap *s, const review *rv, const char *unit_code, int year,
                       const char *item, bool reopen, const char *reason)
{
    char msg[256];
    int unit = unit_code && *unit_code ? web_snap_unit(s, unit_code) : web_home_unit(r->user);
    if (unit < 0) {
        web_error(r, w, 404, "unknown_unit", "组织机构不存在。");
        return;
    }
    if (!web_can(r->user, rv->need, unit)) {
        snprintf(msg, sizeof msg, "您无权%s“%s”的数据。", rv->verb, s->ev.tree.u[unit].name);
        web_error(r, w, 403, "forbidden", msg);
        return;
    }
    bool failed = false;
    const char *elem = api_item_element(r, w, s, item, &failed);
    if (failed)
        return;
    pm_store *st = web_store(r, w);
    if (!st)
        return;
    pm_transition t = {.unit = s->ev.tree.u[unit].code, .year = year, .element = elem,
                       .from = reopen ? 1u << PM_VS_APPROVED : rv->from, .to = rv->to, .who = r->user->u.name,
                       .why = reason};
    size_t moved = 0;
    pm_err err = {0};
    if (!pm_store_transition(st, &t, &moved, &err)) {
        web_error(r, w, 500, "store_failed", err.msg);
        return;
    }
    if (moved)
        snprintf(msg, sizeof msg, "已%s %zu 个数据（%s 及其下级，%d 年）。", rv->verb, moved, s->ev.tree.u[unit].name,
                 year);
    else
        snprintf(msg, sizeof msg, "没有可%s的数据（%s，%d 年）。", rv->verb, s->ev.tree.u[unit].name, year);
    json_t *o = json_object();
    json_object_set_new(o, "unit", esc_json_value(s->ev.tree.u[unit].code));
    json_object_set_new(o, "year", json_integer(year));
    json_object_set_new(o, "item", elem ? esc_json_value(elem) : json_null());
    json_object_set_new(o, "state", json_string(pm_vstate_str(rv->to)));
    json_object_set_new(o, "moved", json_integer((json_int_t)moved));
    json_object_set_new(o, "message", esc_json_value(msg));
    web_json(w, 200, o);
}

static void run_review(web_req *r, web_resp *w, const review *rv)
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
    } else if (reopen && rv->to != PM_VS_RETURNED) {
        web_error(r, w, 400, "bad_request", "reopen 只用于退回已审核的数据。");
    } else if ((rv->needs_reason || reopen) && (!reason || !*reason)) {
        snprintf(msg, sizeof msg, "%s需要用 reason 说明原因。", reopen ? "重新打开已审核的数据" : rv->verb);
        web_error(r, w, 400, "missing_reason", msg);
    } else {
        transition(r, w, s, rv, unit_code, (int)year, item, reopen, reason);
    }
    json_decref(doc);
}

void web_api_submit(web_req *r, web_resp *w)
{
    static const review rv = {"提交", WEB_DO_ENTER, (1u << PM_VS_DRAFT) | (1u << PM_VS_RETURNED), PM_VS_SUBMITTED,
                              false};
    run_review(r, w, &rv);
}

void web_api_approve(web_req *r, web_resp *w)
{
    static const review rv = {"审核通过", WEB_DO_REVIEW, 1u << PM_VS_SUBMITTED, PM_VS_APPROVED, false};
    run_review(r, w, &rv);
}

void web_api_return(web_req *r, web_resp *w)
{
    static const review rv = {"退回", WEB_DO_REVIEW, 1u << PM_VS_SUBMITTED, PM_VS_RETURNED, true};
    run_review(r, w, &rv);
}
