/* Departments, assignments, tasks, projects, updates and narratives in the
 * SQLite store (store/work.h): round trips with every field; unknown
 * parties, indicators and tasks refused naming them, nothing written;
 * updates and histories append-only (the triggers refuse rewriting);
 * reviews move only submitted updates; a user's department; the
 * database stays clean. */
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
#include "base/secret.h"
#include "parse/builtin.h"
#include "store/users.h"
#include "store/work.h"

#define TMPDIR_TAG "work"
#include "tmpdir.h"
static int ndb;

/* A new database with the built-in plan, a district and two towns, and
 * two departments; the caller closes it. *path malloc'd. */
static pm_store *fresh(char **path)
{
    *path = xmalloc(strlen(tmpdir) + 32);
    sprintf(*path, "%s/work-%d.db", tmpdir, ++ndb);
    pm_err e = {0};
    pm_store *s = pm_store_open(*path, PM_STORE_CREATE, &e);
    if (!s)
        fail_msg("open: %s", e.msg);
    pm_plan p;
    if (!pm_plan_builtin(&p, &e) || !pm_store_put_plan(s, &p, &e))
        fail_msg("plan: %s", e.msg);
    pm_plan_free(&p);
    pm_unit_in in[] = {
        {"110115", "大兴区", NULL, 0, 0, NULL, 0, 0},
        {"110115009", "黄村镇", "110115", 1, 0, NULL, 0, 0},
        {"110115010", "西红门镇", "110115", 1, 0, NULL, 0, 0},
    };
    pm_tree t;
    assert_true(pm_tree_build(in, 3, &t, &e));
    if (!pm_store_put_units(s, &t, &e))
        fail_msg("units: %s", e.msg);
    pm_tree_free(&t);
    pm_dept d1 = {"yl", "养老服务科", PM_DEPT_SECTION, "张三 81296000"};
    pm_dept d2 = {"wjw", "区卫生健康委", PM_DEPT_AGENCY, ""};
    if (!pm_store_dept_put(s, &d1, "tester", &e) || !pm_store_dept_put(s, &d2, "tester", &e))
        fail_msg("depts: %s", e.msg);
    return s;
}

static void check_clean(pm_store *s)
{
    pm_err e = {0};
    if (!pm_store_check(s, &e))
        fail_msg("check: %s", e.msg);
}

static void test_depts(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    pm_dept *d;
    size_t n;
    assert_true(pm_store_depts(s, &d, &n, &e));
    assert_int_equal(n, 2);
    assert_string_equal(d[0].code, "yl");
    assert_string_equal(d[0].contact, "张三 81296000");
    assert_int_equal(d[1].kind, PM_DEPT_AGENCY);
    pm_depts_free(d, n);
    /* a change by code keeps its place; a name another has is refused */
    pm_dept ch = {"yl", "养老服务科（老龄办）", PM_DEPT_SECTION, ""};
    assert_true(pm_store_dept_put(s, &ch, "tester", &e));
    pm_dept dup = {"x1", "区卫生健康委", PM_DEPT_AGENCY, ""};
    assert_false(pm_store_dept_put(s, &dup, "tester", &e));
    assert_non_null(strstr(e.msg, "wjw"));
    pm_dept bad = {"养老", "养老", PM_DEPT_SECTION, ""};
    assert_false(pm_store_dept_put(s, &bad, "tester", &e));
    pm_dept got;
    assert_int_equal(pm_store_dept_get(s, "养老服务科（老龄办）", &got, &e), 1);
    assert_string_equal(got.code, "yl");
    pm_dept_clear(&got);
    assert_int_equal(pm_store_dept_get(s, "x1", &got, &e), 0);
    /* a user's department comes back with the user */
    char h[SECRET_PWHASH_LEN];
    assert_true(secret_hash_password("pw-123456", h));
    pm_user_spec us = {"li", NULL, PM_ROLE_REPORTER, NULL, h};
    assert_true(pm_store_user_add(s, &us, NULL, &e));
    assert_true(pm_store_user_set_dept(s, "li", "yl", "tester", &e));
    assert_false(pm_store_user_set_dept(s, "li", "nope", "tester", &e));
    assert_non_null(strstr(e.msg, "nope"));
    assert_false(pm_store_user_set_dept(s, "nobody", "yl", "tester", &e));
    pm_user u;
    assert_int_equal(pm_store_user_get(s, "li", &u, NULL, &e), 1);
    assert_string_equal(u.dept, "yl");
    assert_string_equal(u.dept_name, "养老服务科（老龄办）");
    pm_user_clear(&u);
    check_clean(s);
    pm_store_close(s);
    free(path);
}

/* A project with two milestones, led by yl with wjw and 黄村镇. */
static void project(pm_task *t, pm_party co[2], pm_milestone ms[2], char *inds[2])
{
    memset(t, 0, sizeof *t);
    t->code = "XM01";
    t->project = true;
    t->title = "区级养老服务指导中心建设（示例）";
    t->section = "（二）";
    t->duty.lead = (pm_party){false, "yl", NULL};
    co[0] = (pm_party){false, "wjw", NULL};
    co[1] = (pm_party){true, "110115009", NULL};
    t->duty.co = co;
    t->duty.nco = 2;
    strcpy(t->duty.deadline, "2025-12-31");
    inds[0] = "I08";
    inds[1] = "I09";
    t->indicators = inds;
    t->nindicators = 2;
    t->invest_planned = 1200;
    t->invest_spent = NAN;
    strcpy(t->start, "2022-03-01");
    strcpy(t->finish, "2024-12-31");
    ms[0] = (pm_milestone){"2023-06-30", "主体结构完成", true, "2023-06-20"};
    ms[1] = (pm_milestone){"2022-12-31", "立项批复", false, ""};
    t->milestones = ms;
    t->nmilestones = 2;
}

static void test_tasks(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    pm_task t;
    pm_party co[2];
    pm_milestone ms[2];
    char *inds[2];
    project(&t, co, ms, inds);
    if (!pm_store_task_put(s, &t, "tester", &e))
        fail_msg("put: %s", e.msg);
    pm_task g;
    assert_int_equal(pm_store_task_get(s, "XM01", &g, &e), 1);
    assert_true(g.project);
    assert_string_equal(g.title, t.title);
    assert_string_equal(g.duty.lead.code, "yl");
    assert_string_equal(g.duty.lead.name, "养老服务科");
    assert_int_equal(g.duty.nco, 2);
    assert_true(g.duty.co[1].unit);
    assert_string_equal(g.duty.co[1].name, "黄村镇");
    assert_string_equal(g.duty.deadline, "2025-12-31");
    assert_int_equal(g.nindicators, 2);
    assert_true(g.invest_planned == 1200);
    assert_true(isnan(g.invest_spent));
    /* milestones come back by due date */
    assert_int_equal(g.nmilestones, 2);
    assert_string_equal(g.milestones[0].what, "立项批复");
    assert_string_equal(g.milestones[1].met_on, "2023-06-20");
    pm_task_clear(&g);
    assert_true(pm_store_milestone_set(s, "XM01", 0, true, "2023-01-15", "tester", &e));
    assert_false(pm_store_milestone_set(s, "XM01", 5, true, "", "tester", &e));
    assert_int_equal(pm_store_task_get(s, "XM01", &g, &e), 1);
    assert_true(g.milestones[0].met);
    assert_string_equal(g.milestones[0].met_on, "2023-01-15");
    pm_task_clear(&g);
    /* refusals name the culprit and write nothing */
    t.code = "XM02";
    co[0].code = "nope";
    assert_false(pm_store_task_put(s, &t, "tester", &e));
    assert_non_null(strstr(e.msg, "nope"));
    co[0].code = "wjw";
    inds[1] = "I99";
    assert_false(pm_store_task_put(s, &t, "tester", &e));
    assert_non_null(strstr(e.msg, "I99"));
    assert_int_equal(pm_store_task_get(s, "XM02", &g, &e), 0);
    /* an indicator assignment */
    pm_assignment a = {PM_ITEM_INDICATOR, "I08", {false, "yl", NULL}, NULL, 0, "2025-12-31"};
    assert_true(pm_store_assignment_put(s, &a, "tester", &e));
    a.item = "I999";
    assert_false(pm_store_assignment_put(s, &a, "tester", &e));
    assert_non_null(strstr(e.msg, "I999"));
    pm_assignment *as;
    size_t na;
    assert_true(pm_store_assignments(s, PM_ITEM_INDICATOR, &as, &na, &e));
    assert_int_equal(na, 1);
    assert_string_equal(as[0].lead.name, "养老服务科");
    pm_assignments_free(as, na);
    /* the log holds the task's add, the milestone and the assignment */
    pm_work_entry *log;
    size_t nl;
    assert_true(pm_store_work_log(s, NULL, NULL, &log, &nl, &e));
    assert_true(nl >= 5); /* two departments, the task, the milestone, the assignment */
    assert_string_equal(log[2].action, "task_add");
    pm_work_log_free(log, nl);
    /* an edit logs what changed, old → new, and nothing else; the same
     * task again logs 未改动 */
    pm_task t2;
    project(&t2, co, ms, inds);
    ms[0] = (pm_milestone){"2022-12-31", "立项批复", true, "2023-01-15"}; /* as milestone_set left it */
    ms[1] = (pm_milestone){"2023-06-30", "主体结构完成", true, "2023-06-20"};
    t2.title = "区级养老服务指导中心（示例）";
    strcpy(t2.duty.deadline, "2025-06-30");
    t2.duty.lead = (pm_party){false, "wjw", NULL};
    co[0] = (pm_party){false, "yl", NULL};
    assert_true(pm_store_task_put(s, &t2, "editor", &e));
    assert_true(pm_store_work_log(s, "task", "XM01", &log, &nl, &e));
    assert_string_equal(log[nl - 1].action, "task_edit");
    assert_string_equal(log[nl - 1].who, "editor");
    assert_string_equal(log[nl - 1].detail, "名称：区级养老服务指导中心建设（示例） → 区级养老服务指导中心（示例）；"
                                            "牵头：yl → wjw；配合：wjw、110115009 → yl、110115009；"
                                            "完成时限：2025-12-31 → 2025-06-30");
    pm_work_log_free(log, nl);
    ms[1].met = false;
    ms[1].met_on[0] = '\0';
    assert_true(pm_store_task_put(s, &t2, "editor", &e));
    assert_true(pm_store_task_put(s, &t2, "editor", &e));
    assert_true(pm_store_work_log(s, "task", "XM01", &log, &nl, &e));
    assert_string_equal(log[nl - 2].detail, "第 2 个节点：已完成 2023-06-20 → 未完成");
    assert_string_equal(log[nl - 1].detail, "未改动");
    pm_work_log_free(log, nl);
    check_clean(s);
    pm_store_close(s);
    free(path);
}

static void test_updates(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    pm_task t;
    pm_party co[2];
    pm_milestone ms[2];
    char *inds[2];
    project(&t, co, ms, inds);
    assert_true(pm_store_task_put(s, &t, "tester", &e));
    pm_task_update u = {0};
    u.task = "XM01";
    strcpy(u.period, "2023H1");
    u.state = PM_TS_ON_PLAN;
    u.percent = 40;
    u.text = "主体结构施工";
    u.who = "li";
    long id1, id2;
    assert_true(pm_store_task_update_add(s, &u, &id1, &e));
    u.state = PM_TS_LAGGING;
    strcpy(u.period, "2023");
    u.percent = NAN;
    assert_true(pm_store_task_update_add(s, &u, &id2, &e));
    strcpy(u.period, "2023H3");
    assert_false(pm_store_task_update_add(s, &u, NULL, &e));
    strcpy(u.period, "2023");
    u.percent = 120;
    assert_false(pm_store_task_update_add(s, &u, NULL, &e));
    u.percent = 10;
    u.task = "XM09";
    assert_false(pm_store_task_update_add(s, &u, NULL, &e));
    assert_non_null(strstr(e.msg, "XM09"));
    assert_int_equal(pm_store_task_update_review(s, id1, PM_VS_APPROVED, "boss", NULL, &e), 1);
    assert_int_equal(pm_store_task_update_review(s, id1, PM_VS_RETURNED, "boss", "再看看", &e), 0);
    assert_int_equal(pm_store_task_update_review(s, id2, PM_VS_RETURNED, "boss", NULL, &e), -1);
    assert_int_equal(pm_store_task_update_review(s, id2, PM_VS_RETURNED, "boss", "数字不对", &e), 1);
    pm_task_update *got;
    size_t n;
    assert_true(pm_store_task_updates(s, "XM01", &got, &n, &e));
    assert_int_equal(n, 2);
    assert_int_equal(got[0].review, PM_VS_APPROVED);
    assert_string_equal(got[0].reviewed_by, "boss");
    assert_true(got[0].percent == 40);
    assert_int_equal(got[1].review, PM_VS_RETURNED);
    assert_string_equal(got[1].reason, "数字不对");
    assert_true(isnan(got[1].percent));
    pm_task_updates_free(got, n);
    /* the database refuses rewriting an update or the logs */
    pm_narrative nv = {2023, PM_NS_TASK, "XM01", PM_NK_PROBLEMS, "进度偏慢", PM_NST_DRAFT, "li", NULL};
    assert_true(pm_store_narrative_put(s, &nv, &e));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE task_update SET text = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM task_update", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM work_log", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE narrative_history SET who = 'x'", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    check_clean(s);
    pm_store_close(s);
    free(path);
}

static void test_narratives(void **state)
{
    (void)state;
    char *path;
    pm_store *s = fresh(&path);
    pm_err e = {0};
    pm_narrative nv = {2023, PM_NS_SECTION, "problems", PM_NK_PROBLEMS, "养老机构床位利用率不高。", PM_NST_DRAFT,
                       "li", NULL};
    assert_true(pm_store_narrative_put(s, &nv, &e));
    assert_true(pm_store_narrative_put(s, &nv, &e)); /* same again: no new history row */
    nv.text = "养老机构床位利用率不高，主要原因是……";
    nv.state = PM_NST_ACCEPTED;
    nv.who = "planner";
    assert_true(pm_store_narrative_put(s, &nv, &e));
    pm_narrative bad = nv;
    bad.target = "nosuch";
    assert_false(pm_store_narrative_put(s, &bad, &e));
    bad = nv;
    bad.scope = PM_NS_PLAN;
    assert_false(pm_store_narrative_put(s, &bad, &e));
    bad.target = "";
    bad.kind = PM_NK_WORK;
    assert_true(pm_store_narrative_put(s, &bad, &e));
    pm_narrative *all;
    size_t n;
    assert_true(pm_store_narratives(s, 2023, &all, &n, &e));
    assert_int_equal(n, 2);
    assert_int_equal(all[0].scope, PM_NS_PLAN);
    assert_string_equal(all[1].text, "养老机构床位利用率不高，主要原因是……");
    assert_int_equal(all[1].state, PM_NST_ACCEPTED);
    assert_string_equal(all[1].who, "planner");
    pm_narratives_free(all, n);
    assert_true(pm_store_narratives(s, 2025, &all, &n, &e));
    assert_int_equal(n, 0);
    pm_narratives_free(all, n);
    pm_narr_change *c;
    assert_true(pm_store_narrative_history(s, 2023, PM_NS_SECTION, "problems", &c, &n, &e));
    assert_int_equal(n, 2);
    assert_null(c[0].old_text);
    assert_string_equal(c[1].old_text, "养老机构床位利用率不高。");
    assert_string_equal(c[1].who, "planner");
    pm_narr_changes_free(c, n);
    check_clean(s);
    pm_store_close(s);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_depts),
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_updates),
        cmocka_unit_test(test_narratives),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
