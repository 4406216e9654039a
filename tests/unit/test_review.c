/* The review rules (engine/review.h), table-driven: every role × in or
 * out of its subtree × action × reason → the verdict; every action ×
 * state → whether it moves and where to. The doors (CLI, API, pages) all
 * ask these rules; tests/e2e/review_doors.sh checks that they answer the
 * same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/review.h"

enum { OK = PM_REVIEW_OK, NO = PM_REVIEW_FORBIDDEN, WHY = PM_REVIEW_NO_REASON, LONG = PM_REVIEW_LONG_REASON };
enum { ADMIN = PM_ROLE_ADMIN, PLANNER = PM_ROLE_PLANNER, REVIEWER = PM_ROLE_REVIEWER, REPORTER = PM_ROLE_REPORTER };
enum { SUBMIT = PM_REVIEW_SUBMIT, APPROVE = PM_REVIEW_APPROVE, RETURN = PM_REVIEW_RETURN, REOPEN = PM_REVIEW_REOPEN };

static char long_reason[PM_REVIEW_REASON_MAX + 2];
static char max_reason[PM_REVIEW_REASON_MAX + 1];

typedef struct verdict_case {
    int role;
    bool in_scope;
    int action;
    const char *reason; /* "LONG": one byte over the limit, "MAX": exactly at it */
    int want;
} verdict_case;

static const verdict_case verdicts[] = {
    /* submit: reporters and reviewers in their subtree, admins anywhere; no reason needed */
    {REPORTER, true, SUBMIT, NULL, OK},
    {REPORTER, false, SUBMIT, NULL, NO},
    {REVIEWER, true, SUBMIT, NULL, OK},
    {REVIEWER, false, SUBMIT, NULL, NO},
    {PLANNER, true, SUBMIT, NULL, NO},
    {ADMIN, false, SUBMIT, NULL, OK},
    /* approve: reviewers in their subtree, admins */
    {REVIEWER, true, APPROVE, NULL, OK},
    {REVIEWER, false, APPROVE, NULL, NO},
    {REPORTER, true, APPROVE, NULL, NO},
    {PLANNER, true, APPROVE, NULL, NO},
    {ADMIN, false, APPROVE, NULL, OK},
    /* return: the same people, with a reason */
    {REVIEWER, true, RETURN, "床位数有误", OK},
    {REVIEWER, true, RETURN, NULL, WHY},
    {REVIEWER, true, RETURN, "", WHY},
    {REVIEWER, true, RETURN, " \t\r\n", WHY},
    {REVIEWER, true, RETURN, "\xe3\x80\x80", WHY}, /* an ideographic space alone */
    {REVIEWER, true, RETURN, "MAX", OK},
    {REVIEWER, true, RETURN, "LONG", LONG},
    {REVIEWER, false, RETURN, "床位数有误", NO}, /* the role and the unit come before the reason */
    {REPORTER, true, RETURN, NULL, NO},
    {ADMIN, false, RETURN, "x", OK},
    /* reopen: admins only, with a reason, whatever the subtree */
    {ADMIN, true, REOPEN, "床位数有误", OK},
    {ADMIN, false, REOPEN, "床位数有误", OK},
    {ADMIN, true, REOPEN, NULL, WHY},
    {ADMIN, true, REOPEN, "LONG", LONG},
    {REVIEWER, true, REOPEN, "床位数有误", NO},
    {REVIEWER, true, REOPEN, NULL, NO},
    {PLANNER, true, REOPEN, "x", NO},
    {REPORTER, true, REOPEN, "x", NO},
    /* a reason where none is needed is fine, but not a long one */
    {REPORTER, true, SUBMIT, "说明", OK},
    {REVIEWER, true, APPROVE, "LONG", LONG},
    /* nonsense in, refused */
    {PM_ROLE_COUNT, true, SUBMIT, NULL, NO},
    {-1, true, SUBMIT, NULL, NO},
    {ADMIN, true, PM_REVIEW_ACTION_COUNT, "x", NO},
};

static void test_verdicts(void **state)
{
    (void)state;
    memset(long_reason, 'x', sizeof long_reason - 1);
    memset(max_reason, 'x', sizeof max_reason - 1);
    for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++) {
        const verdict_case *c = &verdicts[i];
        const char *reason = c->reason && !strcmp(c->reason, "LONG") ? long_reason
                             : c->reason && !strcmp(c->reason, "MAX") ? max_reason
                                                                       : c->reason;
        pm_review_actor a = {(pm_role)c->role, c->in_scope, 0};
        int got = (int)pm_review_check(&a, (pm_review_action)c->action, reason);
        if (got != c->want)
            fail_msg("case %zu (role %d, in scope %d, action %d): verdict %d, want %d", i, c->role, c->in_scope,
                     c->action, got, c->want);
        /* pm_review_may is the first half of the check. */
        assert_int_equal(pm_review_may(&a, (pm_review_action)c->action), c->want != NO);
    }
}

/* Which states each action moves, and to what (DESIGN: draft → submitted
 * → approved/returned; approved is locked and only reopened). */
static const struct {
    int action;
    bool moves[PM_VS_COUNT]; /* draft, submitted, approved, returned */
    pm_vstate to;
    bool needs_reason;
} moves[] = {
    {SUBMIT, {true, false, false, true}, PM_VS_SUBMITTED, false},
    {APPROVE, {false, true, false, false}, PM_VS_APPROVED, false},
    {RETURN, {false, true, false, false}, PM_VS_RETURNED, true},
    {REOPEN, {false, false, true, false}, PM_VS_RETURNED, true},
};

static void test_moves(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        const pm_review_rule *r = pm_review_rule_of((pm_review_action)moves[i].action);
        assert_int_equal(r->to, moves[i].to);
        assert_int_equal(r->needs_reason, moves[i].needs_reason);
        for (int st = 0; st < PM_VS_COUNT; st++) {
            if (pm_review_moves((pm_review_action)moves[i].action, (pm_vstate)st) != moves[i].moves[st])
                fail_msg("action %d, state %d: moves %d", moves[i].action, st, !moves[i].moves[st]);
            assert_int_equal((r->from >> st) & 1u, moves[i].moves[st]);
        }
        /* No action leaves a figure where it was. */
        assert_false(pm_review_moves((pm_review_action)moves[i].action, r->to));
    }
    assert_false(pm_review_moves(PM_REVIEW_ACTION_COUNT, PM_VS_DRAFT));
    assert_false(pm_review_moves(PM_REVIEW_SUBMIT, PM_VS_COUNT));
}

static void test_keys_and_words(void **state)
{
    (void)state;
    static const char *const keys[] = {"submit", "approve", "return", "reopen"};
    for (int a = 0; a < PM_REVIEW_ACTION_COUNT; a++) {
        pm_review_action got;
        assert_true(pm_review_parse(keys[a], &got));
        assert_int_equal(got, a);
        assert_string_equal(pm_review_rule_of((pm_review_action)a)->key, keys[a]);
    }
    pm_review_action got;
    assert_false(pm_review_parse("drop", &got));
    assert_false(pm_review_parse(NULL, &got));
    char msg[200];
    assert_string_equal(pm_review_refusal(PM_REVIEW_FORBIDDEN, PM_REVIEW_REOPEN, "黄村镇", msg, sizeof msg),
                        "只有管理员可以重新打开已审核的数据");
    assert_string_equal(pm_review_refusal(PM_REVIEW_FORBIDDEN, PM_REVIEW_APPROVE, "黄村镇", msg, sizeof msg),
                        "您无权审核通过“黄村镇”的数据");
    assert_string_equal(pm_review_refusal(PM_REVIEW_NO_REASON, PM_REVIEW_RETURN, NULL, msg, sizeof msg), "退回需要说明原因");
    assert_string_equal(pm_review_refusal(PM_REVIEW_NO_REASON, PM_REVIEW_REOPEN, NULL, msg, sizeof msg),
                        "重新打开已审核的数据需要说明原因");
}

/* Two levels, town (1) then district (0): the chain each figure goes
 * through, by the depth of its unit. */
static void test_levels(void **state)
{
    (void)state;
    pm_review_levels none = {0};
    pm_review_levels two = {2, {{"街镇审核", 1}, {"区业务科室审核", 0}}};
    char msg[200];
    assert_true(pm_review_levels_check(&none, msg, sizeof msg));
    assert_true(pm_review_levels_check(&two, msg, sizeof msg));
    /* Without levels: one step, anybody, straight to approved. */
    assert_int_equal(pm_review_level_at(&none, 1), 0);
    assert_int_equal(pm_review_after(&none, PM_VS_SUBMITTED, 0, 1), 0);
    assert_int_equal(pm_review_after(&none, PM_VS_APPROVED, 0, 1), 0);
    /* Reviewers' levels by the depth of their unit; a community's none. */
    assert_int_equal(pm_review_level_at(&two, 1), 1);
    assert_int_equal(pm_review_level_at(&two, 0), 2);
    assert_int_equal(pm_review_level_at(&two, 2), -1);
    /* A town's figure: town, then district, then approved. */
    assert_int_equal(pm_review_after(&two, PM_VS_SUBMITTED, 0, 1), 1);
    assert_int_equal(pm_review_after(&two, PM_VS_APPROVED, 1, 1), 2);
    assert_int_equal(pm_review_after(&two, PM_VS_APPROVED, 2, 1), 0);
    /* A community's goes through both too; the district's own skips the town. */
    assert_int_equal(pm_review_after(&two, PM_VS_SUBMITTED, 0, 2), 1);
    assert_int_equal(pm_review_after(&two, PM_VS_SUBMITTED, 0, 0), 2);
    /* A submitted figure waits at its stored level; one stored before the
     * levels were named (0) at the first that applies to its unit. */
    assert_int_equal(pm_review_waits_at(&two, 2, 1), 2);
    assert_int_equal(pm_review_waits_at(&two, 0, 1), 1);
    assert_int_equal(pm_review_waits_at(&two, 0, 0), 2);
    assert_int_equal(pm_review_waits_at(&none, 0, 1), 0);
    /* Returned, reopened, drafted: no level. */
    assert_int_equal(pm_review_after(&two, PM_VS_RETURNED, 2, 1), 0);
    assert_int_equal(pm_review_after(&two, PM_VS_DRAFT, 1, 1), 0);
    assert_string_equal(pm_review_level_name(&two, 2), "区业务科室审核");
    assert_string_equal(pm_review_level_name(&two, 3), "审核");
    /* A reviewer at no level may not approve or return, but may submit;
     * an admin acts at any level. */
    pm_review_actor lost = {PM_ROLE_REVIEWER, true, -1}, admin = {PM_ROLE_ADMIN, true, -1};
    assert_int_equal(pm_review_check(&lost, PM_REVIEW_APPROVE, NULL), PM_REVIEW_NO_LEVEL);
    assert_int_equal(pm_review_check(&lost, PM_REVIEW_RETURN, "x"), PM_REVIEW_NO_LEVEL);
    assert_int_equal(pm_review_check(&lost, PM_REVIEW_SUBMIT, NULL), PM_REVIEW_OK);
    assert_int_equal(pm_review_check(&admin, PM_REVIEW_APPROVE, NULL), PM_REVIEW_OK);
    /* Refused lists: the same depth twice, the wrong order, no name, too many. */
    pm_review_levels same = {2, {{"甲", 1}, {"乙", 1}}}, up = {2, {{"区", 0}, {"镇", 1}}};
    pm_review_levels blank = {1, {{"  ", 1}}}, many = {PM_REVIEW_LEVELS_MAX + 1, {{"a", 4}}};
    assert_false(pm_review_levels_check(&same, msg, sizeof msg));
    assert_false(pm_review_levels_check(&up, msg, sizeof msg));
    assert_non_null(strstr(msg, "第 2 级审核“镇”"));
    assert_false(pm_review_levels_check(&blank, msg, sizeof msg));
    assert_false(pm_review_levels_check(&many, msg, sizeof msg));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_moves),
        cmocka_unit_test(test_keys_and_words),
        cmocka_unit_test(test_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
