/* The backend-independent front of the plan set and the judgments by hand
 * (plans.h): checks what does not need the database, then hands the call
 * to the backend's pm_plan_ops. */
#include "store/plans.h"

#include <stdlib.h>

#include "store/plans_backend.h"
#include "store/store_backend.h"

static const pm_plan_ops *ops(pm_store *s, void **impl)
{
    return pm_store_backend(s, impl)->plans;
}

bool pm_store_plans(pm_store *s, pm_plan_info **out, size_t *n, pm_err *err)
{
    void *impl;
    return ops(s, &impl)->plans(impl, out, n, err);
}

bool pm_store_use_plan(pm_store *s, const char *key, pm_err *err)
{
    void *impl;
    if (key && !*key) {
        pm_err_set(err, 0, "规划代码为空");
        return false;
    }
    return ops(s, &impl)->use_plan(impl, key, err);
}

bool pm_store_add_plan(pm_store *s, const pm_plan *p, const char *code, bool make_default, char **code_out,
                       pm_err *err)
{
    void *impl;
    if (code && !*code) {
        pm_err_set(err, 0, "规划代码为空");
        return false;
    }
    if (p->target_year <= p->base_year) {
        pm_err_set(err, 0, "规划的目标年份（%d）应晚于基期年份（%d）", p->target_year, p->base_year);
        return false;
    }
    return pm_store_plan_valid(p, err) && ops(s, &impl)->add_plan(impl, p, code, make_default, code_out, err);
}

bool pm_store_set_default_plan(pm_store *s, const char *key, pm_err *err)
{
    void *impl;
    if (!key || !*key) {
        pm_err_set(err, 0, "未指明规划");
        return false;
    }
    return ops(s, &impl)->set_default(impl, key, err);
}

bool pm_store_continue(pm_store *s, const char *code, const char *from_plan, const char *from_code, pm_err *err)
{
    void *impl;
    if (!code || !*code || (from_plan && (!*from_plan || !from_code || !*from_code))) {
        pm_err_set(err, 0, "接续关系应写明本规划的指标和前一规划的“规划代码:指标代码”");
        return false;
    }
    return ops(s, &impl)->continue_from(impl, code, from_plan, from_code, err);
}

bool pm_store_judge(pm_store *s, const pm_judgment *j, pm_err *err)
{
    void *impl;
    if (!j->indicator || !*j->indicator || !j->unit || !*j->unit || !j->who || !*j->who) {
        pm_err_set(err, 0, "人工评价缺少指标、组织机构或评价人");
        return false;
    }
    if ((unsigned)j->verdict > PM_VERDICT_NOT) {
        pm_err_set(err, 0, "人工评价结论应为 已实现、基本实现 或 未实现");
        return false;
    }
    return ops(s, &impl)->judge(impl, j, err);
}

bool pm_store_judgments(pm_store *s, const char *indicator, pm_judgment **out, size_t *n, pm_err *err)
{
    void *impl;
    return ops(s, &impl)->judgments(impl, indicator, out, n, err);
}
