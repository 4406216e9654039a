#include "store/review.h"

#include <string.h>

#include "store/collect_backend.h"
#include "store/store_backend.h"

bool pm_store_review(pm_store *s, const pm_review_req *rq, pm_review_verdict *verdict, size_t *moved, pm_err *err)
{
    *moved = 0;
    *verdict = pm_review_check(&rq->actor, rq->action, rq->reason);
    if (*verdict != PM_REVIEW_OK)
        return true;
    const pm_review_rule *rule = pm_review_rule_of(rq->action);
    /* One transition: its history rows and moves land in one unit of work. */
    pm_transition t = {.unit = rq->unit, .year = rq->year, .element = rq->element, .from = rule->from,
                       .to = rule->to, .level = rq->actor.level, .who = rq->who, .why = rq->reason};
    return pm_store_transition(s, &t, moved, err);
}

bool pm_store_review_levels(pm_store *s, pm_review_levels *out, pm_err *err)
{
    void *impl;
    const pm_store_ops *ops = pm_store_backend(s, &impl);
    if (!ops->collect || !ops->collect->review_levels) {
        /* A backend without levels (PostgreSQL, so far): one level. */
        memset(out, 0, sizeof *out);
        return true;
    }
    return ops->collect->review_levels(impl, out, err);
}

bool pm_store_set_review_levels(pm_store *s, const pm_review_levels *lv, pm_err *err)
{
    char msg[300];
    if (!pm_review_levels_check(lv, msg, sizeof msg)) {
        pm_err_set(err, 0, "%s", msg);
        return false;
    }
    void *impl;
    const pm_store_ops *ops = pm_store_backend(s, &impl);
    if (!ops->collect || !ops->collect->set_review_levels) {
        pm_err_set(err, 0, "%s 数据库暂不支持审核层级（只有一级审核）", ops->name);
        return false;
    }
    return ops->collect->set_review_levels(impl, lv, err);
}
