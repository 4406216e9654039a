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
    if ((a == PM_REVIEW_APPROVE || a == PM_REVIEW_RETURN) && actor->role != PM_ROLE_ADMIN && actor->level < 0)
        return PM_REVIEW_NO_LEVEL;
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
    case PM_REVIEW_NO_LEVEL:
        snprintf(out, cap, "您所在单位的层级不负责审核（请管理员用 planmon review-levels 查看各级审核）");
        break;
    case PM_REVIEW_LONG_REASON:
        snprintf(out, cap, "原因过长：不超过 %d 个汉字", PM_REVIEW_REASON_MAX / 3);
        break;
    }
    return out;
}

/* ---- levels ---------------------------------------------------------------------- */

bool pm_review_levels_check(const pm_review_levels *lv, char *msg, size_t cap)
{
    if (lv->n < 0 || lv->n > PM_REVIEW_LEVELS_MAX) {
        snprintf(msg, cap, "审核层级最多 %d 级", PM_REVIEW_LEVELS_MAX);
        return false;
    }
    for (int k = 0; k < lv->n; k++) {
        const pm_review_level *l = &lv->l[k];
        if (blank(l->name)) {
            snprintf(msg, cap, "第 %d 级审核缺少名称", k + 1);
            return false;
        }
        if (l->unit_level < 0 || l->unit_level > 7) {
            snprintf(msg, cap, "第 %d 级审核“%s”：单位层级 %d 不合理（0 区，1 街道乡镇，2 社区村……）", k + 1, l->name,
                     l->unit_level);
            return false;
        }
        if (k > 0 && l->unit_level >= lv->l[k - 1].unit_level) {
            snprintf(msg, cap, "第 %d 级审核“%s”应由比第 %d 级更高的单位审核（单位层级应小于 %d）", k + 1, l->name, k,
                     lv->l[k - 1].unit_level);
            return false;
        }
    }
    return true;
}

int pm_review_level_at(const pm_review_levels *lv, int unit_level)
{
    if (lv->n == 0)
        return 0;
    for (int k = 0; k < lv->n; k++)
        if (lv->l[k].unit_level == unit_level)
            return k + 1;
    return -1;
}

/* The first level after `cur` whose reviewers sit at the unit's depth or
 * above it (they have the unit in their subtree); 0 when none is left. */
static int next_applying(const pm_review_levels *lv, int cur, int unit_level)
{
    for (int k = cur < 0 ? 0 : cur; k < lv->n; k++)
        if (lv->l[k].unit_level <= unit_level)
            return k + 1;
    return 0;
}

int pm_review_after(const pm_review_levels *lv, pm_vstate to, int cur, int unit_level)
{
    if (to == PM_VS_SUBMITTED)
        return next_applying(lv, 0, unit_level);
    if (to == PM_VS_APPROVED)
        return next_applying(lv, cur, unit_level);
    return 0;
}

int pm_review_waits_at(const pm_review_levels *lv, int stored, int unit_level)
{
    return stored ? stored : pm_review_after(lv, PM_VS_SUBMITTED, 0, unit_level);
}

const char *pm_review_level_name(const pm_review_levels *lv, int k)
{
    return k >= 1 && k <= lv->n ? lv->l[k - 1].name : "审核";
}
