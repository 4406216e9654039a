#include "engine/review.h"

#include <stdio.h>
#include <string.h>

#define ROLE(r) (1u << (r))
#define STATE(s) (1u << (s))

static const pm_review_rule rules[PM_REVIEW_ACTION_COUNT] = {
    [PM_REVIEW_SUBMIT] = {"submit", "提交", STATE(PM_VS_DRAFT) | STATE(PM_VS_RETURNED), PM_VS_SUBMITTED,
                          ROLE(PM_ROLE_REPORTER) | ROLE(PM_ROLE_REVIEWER), false},
    [PM_REVIEW_APPROVE] = {"approve", "审核通过", STATE(PM_VS_SUBMITTED), PM_VS_APPROVED, ROLE(PM_ROLE_REVIEWER),
                           false},
    [PM_REVIEW_RETURN] = {"return", "退回", STATE(PM_VS_SUBMITTED), PM_VS_RETURNED, ROLE(PM_ROLE_REVIEWER), true},
    /* No role below admin: see the header on reopening. */
    [PM_REVIEW_REOPEN] = {"reopen", "重新打开并退回", STATE(PM_VS_APPROVED), PM_VS_RETURNED, 0, true},
};

static bool action_valid(pm_review_action a)
{
    return (int)a >= 0 && a < PM_REVIEW_ACTION_COUNT;
}

const pm_review_rule *pm_review_rule_of(pm_review_action a)
{
    return &rules[action_valid(a) ? a : PM_REVIEW_SUBMIT];
}

bool pm_review_parse(const char *key, pm_review_action *out)
{
    for (int i = 0; key && i < PM_REVIEW_ACTION_COUNT; i++)
        if (!strcmp(key, rules[i].key)) {
            *out = (pm_review_action)i;
            return true;
        }
    return false;
}

/* Blank: nothing but ASCII white space and the ideographic space U+3000
 * (what a Chinese input method types for a space). */
static bool blank(const char *s)
{
    while (s && *s) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        else if (!strncmp(s, "\xe3\x80\x80", 3))
            s += 3;
        else
            return false;
    }
    return true;
}

bool pm_review_may(const pm_review_actor *actor, pm_review_action a)
{
    if (!action_valid(a) || !pm_role_valid((int)actor->role))
        return false;
    return actor->role == PM_ROLE_ADMIN || ((rules[a].roles & ROLE(actor->role)) && actor->in_scope);
}

pm_review_verdict pm_review_check(const pm_review_actor *actor, pm_review_action a, const char *reason)
{
    if (!pm_review_may(actor, a))
        return PM_REVIEW_FORBIDDEN;
    const pm_review_rule *r = &rules[a];
    if (r->needs_reason && blank(reason))
        return PM_REVIEW_NO_REASON;
    if (reason && strlen(reason) > PM_REVIEW_REASON_MAX)
        return PM_REVIEW_LONG_REASON;
    return PM_REVIEW_OK;
}

bool pm_review_moves(pm_review_action a, pm_vstate s)
{
    return action_valid(a) && pm_vstate_valid((int)s) && (rules[a].from >> s) & 1u;
}

const char *pm_review_refusal(pm_review_verdict v, pm_review_action a, const char *unit_name, char *out, size_t cap)
{
    const pm_review_rule *r = pm_review_rule_of(a);
    switch (v) {
    case PM_REVIEW_OK:
        snprintf(out, cap, "可以%s", r->verb);
        break;
    case PM_REVIEW_FORBIDDEN:
        if (a == PM_REVIEW_REOPEN)
            snprintf(out, cap, "只有管理员可以重新打开已审核的数据");
        else if (unit_name)
            snprintf(out, cap, "您无权%s“%s”的数据", r->verb, unit_name);
        else
            snprintf(out, cap, "您无权%s数据", r->verb);
        break;
    case PM_REVIEW_NO_REASON:
        snprintf(out, cap, "%s需要说明原因", a == PM_REVIEW_REOPEN ? "重新打开已审核的数据" : r->verb);
        break;
    case PM_REVIEW_LONG_REASON:
        snprintf(out, cap, "原因过长：不超过 %d 个汉字", PM_REVIEW_REASON_MAX / 3);
        break;
    }
    return out;
}
