/* One path for a judgment by hand from the web (judge_req.h). */
#include "web/judge_req.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/num.h"
#include "store/plans.h"

int web_judge_record(web_req *r, const web_snap *s, const web_judge_in *in, const char **code_out, char *msg,
                     size_t cap, const char **why)
{
    const pm_plan *p = &s->ev.plan;
    const pm_indicator *ind = in->item && *in->item ? pm_plan_find(p, in->item) : NULL;
    long year = 0;
    pm_verdict v;
    *why = "bad_request";
    if (!ind) {
        snprintf(msg, cap, "规划中没有指标“%s”（可写序号或指标代码）。", in->item ? in->item : "");
        *why = "unknown_indicator";
        return 404;
    }
    if (!ind->qualitative) {
        snprintf(msg, cap, "指标 %d 有数值目标，由数据评估，不能人工评价。", ind->no);
        return 400;
    }
    if (!in->year || !num_parse_int(in->year, p->base_year + 1, p->target_year, &year)) {
        snprintf(msg, cap, "年份应为规划期内的年份（%d—%d）。", p->base_year + 1, p->target_year);
        return 400;
    }
    if (!in->verdict || !pm_verdict_parse(in->verdict, &v)) {
        snprintf(msg, cap, "评价结论应为 已实现、基本实现 或 未实现。");
        return 400;
    }
    int unit = in->unit && *in->unit ? web_snap_unit(s, in->unit) : 0;
    if (unit < 0 || (size_t)unit >= s->ev.tree.n) {
        snprintf(msg, cap, "组织机构不存在。");
        *why = "unknown_unit";
        return 404;
    }
    if (!web_can(r->user, WEB_DO_PLAN, unit)) {
        snprintf(msg, cap, "只有规划人员可以作出人工评价。");
        *why = "forbidden";
        return 403;
    }
    pm_store *st = r->store;
    pm_err err = {0};
    pm_judgment j = {ind->code, s->ev.tree.u[unit].code, (int)year, v, (char *)in->note, NULL, r->user->u.name};
    if (!st || !pm_store_judge(st, &j, &err)) {
        snprintf(msg, cap, "%s", st ? err.msg : "数据库不可用。");
        *why = "store_failed";
        return 500;
    }
    *code_out = ind->code;
    return 0;
}
