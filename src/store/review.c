#include "store/review.h"

bool pm_store_review(pm_store *s, const pm_review_req *rq, pm_review_verdict *verdict, size_t *moved, pm_err *err)
{
    *moved = 0;
    *verdict = pm_review_check(&rq->actor, rq->action, rq->reason);
    if (*verdict != PM_REVIEW_OK)
        return true;
    const pm_review_rule *rule = pm_review_rule_of(rq->action);
    /* One transition: its history rows and moves land in one unit of work. */
    pm_transition t = {.unit = rq->unit, .year = rq->year, .element = rq->element, .from = rule->from,
                       .to = rule->to, .who = rq->who, .why = rq->reason};
    return pm_store_transition(s, &t, moved, err);
}
