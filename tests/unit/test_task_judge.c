/* Judging tasks and projects (engine/task_judge.h) and the model's
 * periods, dates and words (model/task.h): each rule of the judgment with
 * the case on either side of its boundary. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/task_alert.h"
#include "engine/task_judge.h"

static pm_task task(bool project, const char *deadline, const char *finish)
{
    pm_task t;
    memset(&t, 0, sizeof t);
    t.code = "T1";
    t.project = project;
    t.invest_planned = t.invest_spent = NAN;
    strcpy(t.duty.deadline, deadline);
    strcpy(t.finish, finish);
    return t;
}

static pm_task_update upd(long id, const char *period, pm_task_state st, pm_vstate review)
{
    pm_task_update u;
    memset(&u, 0, sizeof u);
    u.id = id;
    u.task = "T1";
    strcpy(u.period, period);
    u.state = st;
    u.review = review;
    return u;
}

static pm_task_judgment judge(const pm_task *t, const pm_task_update *u, size_t n, const char *as_of)
{
    return pm_task_judge(t, u, n, as_of).judgment;
}

static void test_task_rules(void **state)
{
    (void)state;
    pm_task t = task(false, "2024-12-31", "");
    assert_int_equal(judge(&t, NULL, 0, "2023-12-31"), PM_TJ_NOT_STARTED);
    pm_task_update u[3] = {upd(1, "2023H1", PM_TS_ON_PLAN, PM_VS_SUBMITTED),
                           upd(2, "2023Q4", PM_TS_LAGGING, PM_VS_APPROVED),
                           upd(3, "2024", PM_TS_DONE, PM_VS_SUBMITTED)};
    assert_int_equal(judge(&t, u, 1, "2023-12-31"), PM_TJ_ON_SCHEDULE);
    /* the 2023Q4 update ends on 2023-12-31: counted on that day, not before */
    assert_int_equal(judge(&t, u, 2, "2023-12-31"), PM_TJ_LAGGING);
    assert_int_equal(judge(&t, u, 2, "2023-12-30"), PM_TJ_ON_SCHEDULE);
    assert_int_equal(pm_task_judge(&t, u, 2, "2023-12-31").latest, 1);
    /* deadline 2024-12-31: on that day not yet overdue, the day after it is */
    assert_int_equal(judge(&t, u, 2, "2024-12-31"), PM_TJ_LAGGING);
    assert_int_equal(judge(&t, u, 2, "2025-01-01"), PM_TJ_OVERDUE);
    /* done wins over the deadline */
    assert_int_equal(judge(&t, u, 3, "2025-06-30"), PM_TJ_DONE);
    /* a returned update is not counted: the one before it is the latest */
    u[2].review = PM_VS_RETURNED;
    assert_int_equal(judge(&t, u, 3, "2025-06-30"), PM_TJ_OVERDUE);
    u[2] = upd(3, "2024", PM_TS_CANCELLED, PM_VS_SUBMITTED);
    assert_int_equal(judge(&t, u, 3, "2025-06-30"), PM_TJ_CANCELLED);
    /* same period: the one entered last wins */
    pm_task_update same[2] = {upd(5, "2023", PM_TS_NOT_STARTED, PM_VS_SUBMITTED),
                              upd(4, "2023", PM_TS_ON_PLAN, PM_VS_SUBMITTED)};
    assert_int_equal(judge(&t, same, 2, "2023-12-31"), PM_TJ_NOT_STARTED);
    /* another task's updates are not this one's */
    pm_task_update other = upd(9, "2023", PM_TS_DONE, PM_VS_APPROVED);
    other.task = "T2";
    assert_int_equal(judge(&t, &other, 1, "2023-12-31"), PM_TJ_NOT_STARTED);
}

static void test_project_rules(void **state)
{
    (void)state;
    pm_milestone m[2] = {{"2023-06-30", "开工", true, "2023-06-01"}, {"2023-12-31", "主体结构完成", false, ""}};
    pm_task p = task(true, "", "2025-06-30");
    p.milestones = m;
    p.nmilestones = 2;
    pm_task_update u = upd(1, "2023Q2", PM_TS_ON_PLAN, PM_VS_APPROVED);
    assert_int_equal(judge(&p, &u, 1, "2023-12-31"), PM_TJ_ON_SCHEDULE); /* due that day: not past */
    pm_task_verdict v = pm_task_judge(&p, &u, 1, "2024-01-01");
    assert_int_equal(v.judgment, PM_TJ_LAGGING);
    assert_int_equal(v.milestones_due, 2);
    assert_int_equal(v.milestones_late, 1);
    /* met, but only after the date asked about */
    m[1].met = true;
    strcpy(m[1].met_on, "2024-03-01");
    assert_int_equal(judge(&p, &u, 1, "2024-01-01"), PM_TJ_LAGGING);
    assert_int_equal(judge(&p, &u, 1, "2024-03-01"), PM_TJ_ON_SCHEDULE);
    /* the finish date, not the task deadline, makes a project overdue */
    strcpy(p.duty.deadline, "2023-01-01");
    assert_int_equal(judge(&p, &u, 1, "2024-03-01"), PM_TJ_ON_SCHEDULE);
    assert_int_equal(judge(&p, &u, 1, "2025-07-01"), PM_TJ_OVERDUE);
    /* the first milestone not met on its day, met later */
    strcpy(m[0].met_on, "2023-07-15");
    assert_int_equal(judge(&p, &u, 1, "2023-07-01"), PM_TJ_LAGGING);
}

static void test_periods_and_dates(void **state)
{
    (void)state;
    char p[PM_PERIOD_LEN], end[PM_DATE_LEN], d[PM_DATE_LEN], label[64];
    static const char *const ok[][3] = {
        {"2023", "2023", "2023-12-31"},         {"2023年", "2023", "2023-12-31"},
        {"2023H1", "2023H1", "2023-06-30"},     {"2023年上半年", "2023H1", "2023-06-30"},
        {"2023年下半年", "2023H2", "2023-12-31"}, {"2024Q1", "2024Q1", "2024-03-31"},
        {"2023年第二季度", "2023Q2", "2023-06-30"}, {"2023年三季度", "2023Q3", "2023-09-30"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_true(pm_period_parse(ok[i][0], p, end));
        assert_string_equal(p, ok[i][1]);
        assert_string_equal(end, ok[i][2]);
    }
    static const char *const bad[] = {"", "23", "2023H3", "2023Q5", "2023年第五季度", "2023-06", "二〇二三年"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(pm_period_parse(bad[i], p, end));
    pm_period_label("2023Q2", label, sizeof label);
    assert_string_equal(label, "2023年第二季度");
    pm_period_label("2023H2", label, sizeof label);
    assert_string_equal(label, "2023年下半年");
    static const char *const dates[][2] = {
        {"2023-06-30", "2023-06-30"}, {"2023/6/3", "2023-06-03"},   {"2023.6", "2023-06-30"},
        {"2023年6月30日", "2023-06-30"}, {"2023年6月", "2023-06-30"}, {"2025年底", "2025-12-31"},
        {"2024-02", "2024-02-29"},   {"2025", "2025-12-31"},
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        assert_true(pm_date_parse(dates[i][0], d));
        assert_string_equal(d, dates[i][1]);
    }
    static const char *const bad_dates[] = {"", "2023-02-29", "2023-13-01", "2023-", "明年", "2023-06-30x"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++)
        assert_false(pm_date_parse(bad_dates[i], d));
}

static void test_words(void **state)
{
    (void)state;
    for (int s = 0; s < PM_TS_COUNT; s++) {
        pm_task_state got;
        assert_true(pm_task_state_parse(pm_task_state_label((pm_task_state)s), &got));
        assert_int_equal(got, s);
        assert_true(pm_task_state_parse(pm_task_state_str((pm_task_state)s), &got));
        assert_int_equal(got, s);
    }
    for (int j = 0; j < PM_TJ_COUNT; j++) {
        pm_task_judgment got;
        assert_true(pm_task_judgment_parse(pm_task_judgment_label((pm_task_judgment)j), &got));
        assert_int_equal(got, j);
    }
    pm_task_state s;
    assert_false(pm_task_state_parse("进行中了", &s));
}

/* A task raises an alert on each binding indicator it is linked to while
 * it is lagging or overdue; expected indicators, unknown codes, and tasks
 * on schedule, done or not started raise none. */
static void test_task_alerts(void **state)
{
    (void)state;
    pm_indicator ind[3];
    memset(ind, 0, sizeof ind);
    ind[0].code = "I01", ind[0].binding = true;
    ind[1].code = "I02", ind[1].binding = false;
    ind[2].code = "I03", ind[2].binding = true;
    pm_plan p;
    memset(&p, 0, sizeof p);
    p.ind = ind;
    p.nind = 3;
    char *links[] = {"I02", "I99", "I03", "I01"};
    pm_task t[2] = {task(false, "2025-12-31", ""), task(false, "2023-06-30", "")};
    t[0].indicators = links, t[0].nindicators = 4;
    t[1].code = "T2";
    t[1].indicators = links, t[1].nindicators = 1; /* I02 only: expected */
    pm_task_update u[2] = {upd(1, "2023", PM_TS_LAGGING, PM_VS_SUBMITTED), upd(2, "2023", PM_TS_ON_PLAN, PM_VS_SUBMITTED)};
    u[1].task = "T2";
    pm_task_alert *a;
    /* before the lagging report counts: no alert */
    assert_int_equal(pm_task_alerts(&p, t, 2, u, 2, "2023-12-30", &a), 0);
    assert_null(a);
    size_t n = pm_task_alerts(&p, t, 2, u, 2, "2023-12-31", &a);
    assert_int_equal(n, 2);
    assert_int_equal(a[0].task, 0);
    assert_int_equal(a[0].ind, 2);
    assert_int_equal(a[1].ind, 0);
    assert_int_equal(a[0].judgment, PM_TJ_LAGGING);
    assert_int_equal(pm_task_alert_find(a, n, 0), 1);
    assert_int_equal(pm_task_alert_find(a, n, 1), -1);
    free(a);
    /* T2 overdue but linked to an expected indicator only: still none from it */
    assert_int_equal(judge(&t[1], u, 2, "2023-12-31"), PM_TJ_OVERDUE);
    t[1].nindicators = 3; /* I02, I99, I03: overdue on a binding one */
    n = pm_task_alerts(&p, t, 2, u, 2, "2023-12-31", &a);
    assert_int_equal(n, 3);
    assert_int_equal(a[2].task, 1);
    assert_int_equal(a[2].ind, 2);
    assert_int_equal(a[2].judgment, PM_TJ_OVERDUE);
    free(a);
    /* the lagging report returned by a reviewer: T1 not started, no alert from it */
    u[0].review = PM_VS_RETURNED;
    n = pm_task_alerts(&p, t, 1, u, 2, "2023-12-31", &a);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_task_rules),
        cmocka_unit_test(test_project_rules),
        cmocka_unit_test(test_periods_and_dates),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_task_alerts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
