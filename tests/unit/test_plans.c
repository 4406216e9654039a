/* The plan set (store/plans.h): several plans in one database, the plan a
 * handle works on, the default, a second copy of a plan refused with
 * nothing written, plan-scoped targets and shared elements, continuing
 * indicators (the baseline is the earlier plan's final figure), the
 * judgments by hand of qualitative indicators (kept, newest in force,
 * never rewritten), and a version-6 database carried over whole.
 * Databases live in a mkdtemp directory under /tmp, removed at the end. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/mem.h"
#include "parse/builtin.h"
#include "parse/plantable.h"
#include "store/evaluate.h"
#include "store/plans.h"
#include "store/sqlite_schema.h"
#include "store/store.h"
#include "store/work.h"

#define TMPDIR_TAG "plans"
#include "tmpdir.h"
static int ndb;

static char *db_path(const char *stem)
{
    char *p = xmalloc(strlen(tmpdir) + strlen(stem) + 32);
    sprintf(p, "%s/%s-%d.db", tmpdir, stem, ++ndb);
    return p;
}

#define OK(call)                                                                                                   \
    do {                                                                                                           \
        pm_err e_ = {0};                                                                                           \
        if (!(call))                                                                                               \
            fail_msg("%s: %s", #call, e_.msg);                                                                     \
    } while (0)
/* In OK(...), the call's error goes to &e_. */
#define E (&e_)

static void expect_error(bool ok, const pm_err *e, const char *word)
{
    assert_false(ok);
    if (!strstr(e->msg, word))
        fail_msg("error \"%s\" lacks \"%s\"", e->msg, word);
}

/* The 十五五 table of the tests: a count that continues 十四五's No. 2,
 * and a text target. */
static const char TABLE_15[] = "序号\t指标\t单位\t2025年\t2030年\t属性\n"
                               "1\t临时救助和长期照料床位数\t张\t200\t260\t约束性\n"
                               "2\t社区服务水平\t\t—\t显著提升\t预期性\n";

static void plan_15(pm_plan *p)
{
    OK(pm_plantable_parse(TABLE_15, sizeof TABLE_15 - 1, p, E));
    p->title = xstrdup("测试十五五规划");
    pm_plan_prefix_codes(p, "15th");
    pm_plan_add_direct_elements(p);
}

/* District D with town T1; the built-in 十四五 plan as the first plan. */
static pm_store *store_14(const char *path)
{
    pm_err e = {0};
    pm_store *s = pm_store_open(path, PM_STORE_CREATE, &e);
    if (!s)
        fail_msg("open: %s", e.msg);
    pm_plan p;
    OK(pm_plan_builtin(&p, E));
    pm_unit_in in[] = {{"D", "大兴区", NULL, 0, 1, NULL, 0, 0}, {"T1", "黄村镇", "D", 1, 2, NULL, 0, 0}};
    pm_tree t;
    OK(pm_tree_build(in, 2, &t, E));
    OK(pm_store_add_plan(s, &p, NULL, false, NULL, E));
    OK(pm_store_put_units(s, &t, E));
    pm_plan_free(&p);
    pm_tree_free(&t);
    return s;
}

static void test_two_plans(void **state)
{
    (void)state;
    char *path = db_path("two");
    pm_store *s = store_14(path);
    pm_plan b;
    plan_15(&b);
    char *code = NULL;
    OK(pm_store_add_plan(s, &b, NULL, false, &code, E));
    assert_string_equal(code, "15th");
    free(code);

    pm_plan_info *pl;
    size_t n;
    OK(pm_store_plans(s, &pl, &n, E));
    assert_int_equal(n, 2);
    assert_string_equal(pl[0].code, "14th");
    assert_true(pl[0].is_default);
    assert_false(pl[0].in_use);
    assert_string_equal(pl[1].code, "15th");
    assert_true(pl[1].in_use); /* an added plan is the one the handle works on */
    assert_int_equal(pl[1].nind, 2);
    pm_plan_infos_free(pl, n);

    /* The same title and period again: refused, nothing written. */
    pm_err e = {0};
    expect_error(pm_store_add_plan(s, &b, "other", false, NULL, &e), &e, "不能重复载入");
    OK(pm_store_plans(s, &pl, &n, E));
    assert_int_equal(n, 2);
    pm_plan_infos_free(pl, n);

    /* By code, by period name, by title; unknown names the plans there are. */
    pm_plan got;
    OK(pm_store_use_plan(s, "14th", E));
    OK(pm_store_get_plan(s, &got, E));
    assert_int_equal(got.nind, 32);
    assert_string_equal(got.code, "14th");
    pm_plan_free(&got);
    OK(pm_store_use_plan(s, "十五五", E));
    OK(pm_store_get_plan(s, &got, E));
    assert_int_equal(got.base_year, 2025);
    assert_true(got.ind[1].qualitative);
    assert_string_equal(got.ind[1].target_text, "显著提升");
    assert_string_equal(got.ind[0].code, "15th.I01");
    pm_plan_free(&got);
    OK(pm_store_use_plan(s, "测试十五五规划", E));
    memset(&e, 0, sizeof e);
    expect_error(pm_store_use_plan(s, "16th", &e), &e, "现有规划：14th");

    /* Targets belong to their plan. */
    OK(pm_store_use_plan(s, "14th", E));
    pm_unit_target ut = {"T1", "I02", 50, 90};
    OK(pm_store_put_targets(s, &ut, 1, E));
    pm_unit_target *t;
    OK(pm_store_use_plan(s, "15th", E));
    OK(pm_store_get_targets(s, &t, &n, E));
    assert_int_equal(n, 0);
    memset(&e, 0, sizeof e);
    expect_error(pm_store_put_targets(s, &ut, 1, &e), &e, "指标不存在");

    /* Replacing 15th's content leaves 14th's elements alone. */
    OK(pm_store_put_plan(s, &b, E));
    OK(pm_store_use_plan(s, "14th", E));
    OK(pm_store_get_plan(s, &got, E));
    assert_true(got.nelem > 30);
    pm_plan_free(&got);
    OK(pm_store_get_targets(s, &t, &n, E));
    assert_int_equal(n, 1);
    pm_unit_targets_free(t, n);

    /* The default: what a fresh handle works on. */
    OK(pm_store_set_default_plan(s, "15th", E));
    pm_store_close(s);
    s = pm_store_open(path, PM_STORE_OPEN, &e);
    assert_non_null(s);
    OK(pm_store_get_plan(s, &got, E));
    assert_string_equal(got.code, "15th");
    pm_plan_free(&got);
    OK(pm_store_check(s, E));
    pm_store_close(s);
    pm_plan_free(&b);
    free(path);
}

static void set_value(pm_store *s, const char *elem, const char *unit, int year, double v)
{
    pm_value_change c = {elem, unit, year, v, PM_VS_APPROVED, "tester", NULL, NULL, false};
    OK(pm_store_set_value(s, &c, E));
}

static void test_continue(void **state)
{
    (void)state;
    char *path = db_path("continue");
    pm_store *s = store_14(path);
    pm_plan b;
    plan_15(&b);
    OK(pm_store_add_plan(s, &b, NULL, false, NULL, E));
    /* 十四五 No. 2 is entered at the district: its 2025 figure is final. */
    set_value(s, "I02", "D", 2024, 170);
    set_value(s, "I02", "D", 2025, 185);
    set_value(s, "15th.I01", "D", 2026, 200);

    pm_err e = {0};
    expect_error(pm_store_continue(s, "15th.I01", "14th", "I99", &e), &e, "没有指标");
    OK(pm_store_continue(s, "15th.I01", "14th", "I02", E));
    pm_evaluation ev;
    OK(pm_evaluate(s, &ev, E));
    assert_string_equal(ev.plan.code, "15th"); /* the store is back on the plan in use */
    assert_true(ev.plan.ind[0].baseline == 185);
    assert_string_equal(ev.plan.ind[0].cont_plan, "14th");
    assert_string_equal(ev.plan.ind[0].cont_code, "I02");
    pm_evaluation_free(&ev);

    /* Without a final figure the plan's own baseline stays. */
    OK(pm_store_use_plan(s, "14th", E));
    memset(&e, 0, sizeof e);
    /* A plan continues only an earlier one. */
    expect_error(pm_store_continue(s, "I02", "15th", "15th.I01", &e), &e, "更早的规划");
    OK(pm_store_use_plan(s, "15th", E));
    OK(pm_store_continue(s, "15th.I01", NULL, NULL, E));
    OK(pm_evaluate(s, &ev, E));
    assert_true(ev.plan.ind[0].baseline == 200);
    assert_null(ev.plan.ind[0].cont_plan);
    pm_evaluation_free(&ev);
    pm_store_close(s);
    pm_plan_free(&b);
    free(path);
}

/* Indicators are keyed by plan and code: a second plan whose table uses
 * the first one's codes (added here without a prefix) must not double the
 * first plan's assignments, their leads (the evaluation's duties) or a
 * task's linked indicators, each read once per plan holding the code. */
static void test_shared_codes(void **state)
{
    (void)state;
    char *path = db_path("shared");
    pm_store *s = store_14(path);
    pm_plan b;
    OK(pm_plantable_parse(TABLE_15, sizeof TABLE_15 - 1, &b, E));
    b.title = xstrdup("代码相同的规划");
    pm_plan_add_direct_elements(&b);
    OK(pm_store_add_plan(s, &b, "same", false, NULL, E));
    OK(pm_store_use_plan(s, "14th", E));
    pm_dept d = {"yl", "养老服务科", PM_DEPT_SECTION, ""};
    OK(pm_store_dept_put(s, &d, "tester", E));
    pm_assignment a = {PM_ITEM_INDICATOR, "I02", {false, "yl", NULL}, NULL, 0, ""};
    OK(pm_store_assignment_put(s, &a, "tester", E));
    a.item = "I01";
    OK(pm_store_assignment_put(s, &a, "tester", E));
    char *inds[] = {"I02", "I01"};
    pm_task t = {.code = "RW01", .title = "完善养老服务体系", .section = "",
                 .duty = {PM_ITEM_TASK, "RW01", {false, "yl", NULL}, NULL, 0, ""}, .indicators = inds,
                 .nindicators = 2};
    OK(pm_store_task_put(s, &t, "tester", E));

    pm_assignment *got;
    size_t n;
    OK(pm_store_assignments(s, PM_ITEM_INDICATOR, &got, &n, E));
    assert_int_equal(n, 2); /* in the plan's order: I01 first */
    assert_string_equal(got[0].item, "I01");
    assert_string_equal(got[1].item, "I02");
    pm_assignments_free(got, n);
    pm_task *ts;
    OK(pm_store_tasks(s, &ts, &n, E));
    assert_int_equal(n, 1);
    assert_int_equal(ts[0].nindicators, 2);
    assert_string_equal(ts[0].indicators[0], "I01");
    assert_string_equal(ts[0].indicators[1], "I02");
    pm_tasks_free(ts, n);
    pm_evaluation ev;
    OK(pm_evaluate(s, &ev, E));
    assert_int_equal(ev.nduties, 2);
    assert_string_equal(pm_evaluation_duty(&ev, 1)->lead.code, "yl");
    assert_null(pm_evaluation_duty(&ev, 2));
    pm_evaluation_free(&ev);
    pm_store_close(s);
    pm_plan_free(&b);
    free(path);
}

/* Continuations only go back in time, so a chain of them never closes on
 * a plan: 十四五 <- 十五五 <- 十六五 holds, and no link back (from the
 * 十四五 to either later plan, from the 十五五 to the 十六五, to a plan
 * itself, or between two plans of one period) is accepted, whether set
 * with `plan continue` or carried in by a plan being added — which then
 * leaves nothing of that plan behind. */
static void test_continue_no_loop(void **state)
{
    (void)state;
    char *path = db_path("loop");
    pm_store *s = store_14(path);
    pm_plan b, c;
    plan_15(&b);
    OK(pm_store_add_plan(s, &b, NULL, false, NULL, E));
    OK(pm_store_continue(s, "15th.I01", "14th", "I02", E));
    OK(pm_plantable_parse(TABLE_15, sizeof TABLE_15 - 1, &c, E));
    c.base_year = 2030, c.target_year = 2035;
    c.title = xstrdup("测试十六五规划");
    pm_plan_prefix_codes(&c, "16th");
    pm_plan_add_direct_elements(&c);
    /* the 十六五 plan arrives continuing the 十五五 one: a chain of three */
    c.ind[0].cont_plan = xstrdup("15th");
    c.ind[0].cont_code = xstrdup("15th.I01");
    OK(pm_store_add_plan(s, &c, "16th", false, NULL, E));

    pm_err e = {0};
    OK(pm_store_use_plan(s, "14th", E));
    expect_error(pm_store_continue(s, "I02", "16th", "16th.I01", &e), &e, "更早的规划");
    memset(&e, 0, sizeof e);
    expect_error(pm_store_continue(s, "I02", "15th", "15th.I01", &e), &e, "更早的规划");
    memset(&e, 0, sizeof e);
    expect_error(pm_store_continue(s, "I02", "14th", "I01", &e), &e, "更早的规划");
    OK(pm_store_use_plan(s, "15th", E));
    memset(&e, 0, sizeof e);
    expect_error(pm_store_continue(s, "15th.I02", "16th", "16th.I01", &e), &e, "更早的规划");

    /* A plan that arrives continuing a later plan, itself, or a plan of its
     * own period is refused, nothing of it written. */
    const char *bad[][2] = {{"16th", "16th.I01"}, {"17th", "17th.I02"}, {"15th", "15th.I01"}};
    for (size_t k = 0; k < 3; k++) {
        pm_plan d;
        OK(pm_plantable_parse(TABLE_15, sizeof TABLE_15 - 1, &d, E));
        d.title = xstrdup(k == 2 ? "另一十五五规划" : "测试十七五规划");
        if (k < 2)
            d.base_year = 2035, d.target_year = 2040;
        pm_plan_prefix_codes(&d, "17th");
        pm_plan_add_direct_elements(&d);
        d.ind[0].cont_plan = xstrdup(bad[k][0]);
        d.ind[0].cont_code = xstrdup(bad[k][1]);
        if (k == 0) { /* continuing the 十六五 is fine; its second one loops */
            d.ind[1].cont_plan = xstrdup("17th");
            d.ind[1].cont_code = xstrdup("17th.I01");
        }
        memset(&e, 0, sizeof e);
        bool ok = pm_store_add_plan(s, &d, "17th", false, NULL, &e);
        if (k == 1) /* itself */
            expect_error(ok, &e, "更早的规划");
        else
            expect_error(ok, &e, k == 0 ? "指标 2" : "更早的规划");
        pm_plan_info *pl;
        size_t n;
        OK(pm_store_plans(s, &pl, &n, E));
        assert_int_equal(n, 3);
        pm_plan_infos_free(pl, n);
        pm_plan_free(&d);
    }
    pm_store_close(s);
    pm_plan_free(&b);
    pm_plan_free(&c);
    free(path);
}

static void test_judgments(void **state)
{
    (void)state;
    char *path = db_path("judge");
    pm_store *s = store_14(path);
    pm_plan b;
    plan_15(&b);
    OK(pm_store_add_plan(s, &b, NULL, false, NULL, E));
    pm_judgment j = {"15th.I02", "D", 2026, PM_VERDICT_MOSTLY, "进展明显", NULL, "planner"};
    OK(pm_store_judge(s, &j, E));
    j.verdict = PM_VERDICT_ACHIEVED;
    j.note = NULL;
    OK(pm_store_judge(s, &j, E));
    pm_err e = {0};
    pm_judgment bad = {"15th.I01", "D", 2026, PM_VERDICT_ACHIEVED, NULL, NULL, "planner"};
    expect_error(pm_store_judge(s, &bad, &e), &e, "不能人工评价");
    bad.indicator = "15th.I02";
    bad.unit = "NOPE";
    memset(&e, 0, sizeof e);
    expect_error(pm_store_judge(s, &bad, &e), &e, "NOPE");

    pm_judgment *all;
    size_t n;
    OK(pm_store_judgments(s, NULL, &all, &n, E));
    assert_int_equal(n, 2);
    assert_int_equal(all[0].verdict, PM_VERDICT_MOSTLY);
    assert_string_equal(all[0].note, "进展明显");
    const pm_judgment *now = pm_judgment_find(all, n, "15th.I02", "D", 2027);
    assert_non_null(now);
    assert_int_equal(now->verdict, PM_VERDICT_ACHIEVED);
    assert_null(pm_judgment_find(all, n, "15th.I02", "D", 2025));
    pm_judgments_free(all, n);

    /* The evaluation carries them; the status of the indicator is manual. */
    pm_evaluation ev;
    OK(pm_evaluate(s, &ev, E));
    assert_int_equal(ev.njudgments, 2);
    pm_goalpost g = pm_engine_goalpost(&ev.engine, 1, 0, NULL, NULL);
    pm_pace_out po;
    pm_engine_pace(&ev.engine, 1, 0, 2026, &g, &PM_PACE_DEFAULT, &po);
    assert_int_equal(po.status, PM_ST_MANUAL);
    assert_string_equal(pm_label_text(pm_pace_label(&po)), "人工评价");
    pm_evaluation_free(&ev);
    /* The other plan has none. */
    OK(pm_store_use_plan(s, "14th", E));
    OK(pm_store_judgments(s, NULL, &all, &n, E));
    assert_int_equal(n, 0);
    pm_store_close(s);

    /* Nothing rewrites them. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE manual_judgment SET verdict = 'not_achieved'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM manual_judgment", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    pm_plan_free(&b);
    free(path);
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
    sqlite3_free(msg);
}

/* A database of version 6 (one plan, its goals, rules, a town target):
 * opening it makes that plan the default plan 14th, everything kept. */
static void test_migrate_v6(void **state)
{
    (void)state;
    char *path = db_path("v6");
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    raw_exec(db, "BEGIN");
    for (int i = 0; i < 6; i++)
        raw_exec(db, pm_sqlite_migrations[i]);
    raw_exec(db, "PRAGMA user_version = 6");
    raw_exec(db, "INSERT INTO plan VALUES (1, '旧规划', 2020, 2025)");
    raw_exec(db, "INSERT INTO goal VALUES (0, '（一）', '保障更有力', '养老服务')");
    raw_exec(db, "INSERT INTO indicator(code, no, domain, name, unit, baseline, target, target_op,"
                 " binding, cumulative, polarity, rate, ord)"
                 " VALUES ('I01', 1, '养老服务', '养老床位', '张', 300, 500, '>=', 1, 0, 1, 0, 0)");
    raw_exec(db, "INSERT INTO element(id, code, name, unit, agg, kind, level, ord)"
                 " VALUES (7, 'I01', '养老床位', '张', 'last', 'count', 1, 0),"
                 " (8, 'pop', '人口', '人', 'last', 'number', -1, 1)");
    raw_exec(db, "INSERT INTO validation_rule VALUES (0, 'I01', '<=', 'pop', 'error', NULL)");
    raw_exec(db, "INSERT INTO org_unit(id, code, name, parent_id, level, ord)"
                 " VALUES (1, 'D', '大兴区', NULL, 0, 0), (2, 'T1', '黄村镇', 1, 1, 1)");
    raw_exec(db, "INSERT INTO unit_target VALUES (2, 'I01', 20, 40)");
    raw_exec(db, "COMMIT");
    sqlite3_close(db);

    pm_err e = {0};
    pm_store *s = pm_store_open(path, PM_STORE_OPEN, &e);
    if (!s)
        fail_msg("open: %s", e.msg);
    pm_plan p;
    OK(pm_store_get_plan(s, &p, E));
    assert_string_equal(p.code, "14th");
    assert_string_equal(p.title, "旧规划");
    assert_int_equal(p.ngoals, 1);
    assert_int_equal(p.nind, 1);
    assert_true(p.ind[0].baseline == 300);
    assert_int_equal(p.nelem, 2);
    assert_int_equal(p.elem[0].id, 7);
    assert_string_equal(p.elem[1].code, "pop");
    assert_int_equal(p.nrules, 1);
    pm_plan_free(&p);
    pm_unit_target *t;
    size_t n;
    OK(pm_store_get_targets(s, &t, &n, E));
    assert_int_equal(n, 1);
    assert_true(t[0].target == 40);
    pm_unit_targets_free(t, n);
    pm_plan_info *pl;
    OK(pm_store_plans(s, &pl, &n, E));
    assert_int_equal(n, 1);
    assert_true(pl[0].is_default);
    pm_plan_infos_free(pl, n);
    OK(pm_store_check(s, E));
    pm_store_close(s);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_plans),
        cmocka_unit_test(test_continue),
        cmocka_unit_test(test_shared_codes),
        cmocka_unit_test(test_continue_no_loop),
        cmocka_unit_test(test_judgments),
        cmocka_unit_test(test_migrate_v6),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
