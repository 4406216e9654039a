/* Assignments (分解落实), key tasks and major projects with their linked
 * indicators and milestones, on the PostgreSQL backend (pg_work.h): the
 * statements and units of work of sqlite_tasks.c. Text is ordered byte by
 * byte (COLLATE "C") and NULLs first, as SQLite orders them, so that every
 * listing comes out in the same order on both backends. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/strmap.h"
#include "store/pg_backend.h"
#include "store/pg_work.h"
#include "store/task_rows.h"

/* ---- assignments ------------------------------------------------------------------- */

static const char SQL_ASSIGN_PUT[] =
    "INSERT INTO assignment(item_kind, item_code, deadline) VALUES ($1, $2, $3)"
    " ON CONFLICT (item_kind, item_code) DO UPDATE SET deadline = excluded.deadline";
static const char SQL_PARTY_DEL[] = "DELETE FROM assignment_party WHERE item_kind = $1 AND item_code = $2";
static const char SQL_PARTY_INS[] = "INSERT INTO assignment_party(item_kind, item_code, ord, lead, dept_code, unit_id)"
                                    " VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_UNIT_EXISTS[] = "SELECT id FROM org_unit WHERE code = $1";
static const char SQL_DEPT_EXISTS[] = "SELECT 1 FROM dept WHERE code = $1";
static const char SQL_IND_EXISTS[] = "SELECT 1 FROM indicator WHERE code = $1";
static const char SQL_TASK_EXISTS[] = "SELECT 1 FROM task WHERE code = $1";
static const char SQL_ASSIGN_GET[] =
    "SELECT a.item_code, a.deadline FROM assignment a LEFT JOIN indicator i ON a.item_kind = 'indicator'"
    " AND i.plan_id = $3 AND i.code = a.item_code LEFT JOIN task t ON a.item_kind = 'task' AND t.code = a.item_code"
    " WHERE a.item_kind = $1 AND ($2::text IS NULL OR a.item_code = $2)"
    " ORDER BY coalesce(i.ord, t.ord) NULLS FIRST, a.item_code COLLATE \"C\"";
static const char SQL_PARTY_GET[] =
    "SELECT p.item_code, p.lead, p.dept_code, d.name, o.code, o.name FROM assignment_party p"
    " LEFT JOIN dept d ON d.code = p.dept_code LEFT JOIN org_unit o ON o.id = p.unit_id"
    " WHERE p.item_kind = $1 AND ($2::text IS NULL OR p.item_code = $2) ORDER BY p.item_code COLLATE \"C\", p.ord";

/* Stores one party of an assignment (ord 0 is the lead). */
static bool put_party(pgs *p, const pm_assignment *a, const pm_party *pt, int ord, pm_err *err)
{
    long uid = 0;
    int found = pg_has_row(p, pt->unit ? SQL_UNIT_EXISTS : SQL_DEPT_EXISTS, pt->code, &uid, err);
    if (found == 0)
        pm_party_missing(a, pt, ord, err);
    if (found != 1)
        return false;
    char what[300];
    snprintf(what, sizeof what, "保存 %s 的责任单位 %s 失败（是否重复？）", a->item, pt->code);
    pg_args x = {0};
    pg_arg_text(&x, pm_item_kind_str(a->kind));
    pg_arg_text(&x, a->item);
    pg_arg_int(&x, ord);
    pg_arg_int(&x, ord == 0);
    pg_arg_text(&x, pt->unit ? NULL : pt->code);
    pg_arg_id(&x, pt->unit ? uid : 0);
    return pg_do(p, SQL_PARTY_INS, &x, err, what);
}

/* The assignment's rows, without a log row (task_put logs the task). */
static bool put_assignment(pgs *p, const pm_assignment *a, pm_err *err)
{
    int found = pg_has_row(p, a->kind == PM_ITEM_INDICATOR ? SQL_IND_EXISTS : SQL_TASK_EXISTS, a->item, NULL, err);
    if (!pm_assignment_found(found, a, err))
        return false;
    char what[300];
    snprintf(what, sizeof what, "保存 %s 的分解落实失败", a->item);
    pg_args x = {0};
    pg_arg_text(&x, pm_item_kind_str(a->kind));
    pg_arg_text(&x, a->item);
    pg_arg_text(&x, a->deadline[0] ? a->deadline : NULL);
    bool ok = pg_do(p, SQL_ASSIGN_PUT, &x, err, what);
    x.n = 2;
    snprintf(what, sizeof what, "清除 %s 的责任单位失败", a->item);
    ok = ok && pg_do(p, SQL_PARTY_DEL, &x, err, what);
    if (ok && a->lead.code)
        ok = put_party(p, a, &a->lead, 0, err);
    for (size_t i = 0; ok && i < a->nco; i++)
        ok = put_party(p, a, &a->co[i], (int)i + 1, err);
    return ok;
}

bool pg_assignment_put(void *impl, const pm_assignment *a, const char *who, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = put_assignment(p, a, err);
    buf b = {0};
    pm_assignment_describe(&b, a);
    ok = ok && pg_log(p, who, "assign", a->kind == PM_ITEM_INDICATOR ? "indicator" : "task", a->item, buf_str(&b), err);
    buf_free(&b);
    return pg_work_end(p, outer, ok, err);
}

/* Attaches the party rows of r to their assignments. */
static void attach_parties(const PGresult *r, pm_assignment *as, const strmap *by_code)
{
    for (int row = 0; row < PQntuples(r); row++) {
        int i = strmap_get(by_code, PQgetvalue(r, row, 0));
        if (i < 0)
            continue;
        pm_party pt = {pg_null(r, row, 2), NULL, NULL};
        pt.code = pg_dup0(r, row, pt.unit ? 4 : 2);
        pt.name = pg_dup0(r, row, pt.unit ? 5 : 3);
        pm_assignment_add_party(&as[i], pt, pg_int(r, row, 1) != 0);
    }
}

/* The assignments of a kind (code NULL: all, else that item's), parties
 * attached, in the order of the plan in use (indicators are keyed by plan
 * and code, and a continued indicator's code is in two plans). */
static bool read_assignments(pgs *p, pm_item_kind kind, const char *code, pm_assignment **a, size_t *n, pm_err *err)
{
    *a = NULL;
    *n = 0;
    pg_args x = {0};
    pg_arg_text(&x, pm_item_kind_str(kind));
    pg_arg_text(&x, code);
    pg_args xp = x;
    if (!pg_arg_plan(p, &xp, err))
        return false;
    PGresult *r = pg_run(p, SQL_ASSIGN_GET, &xp, err, "读取分解落实失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *a = xcalloc(*n ? *n : 1, sizeof **a);
    strmap m;
    strmap_init(&m, *n);
    for (int i = 0; i < PQntuples(r); i++) {
        pm_assignment *y = &(*a)[i];
        y->kind = kind;
        y->item = pg_dup0(r, i, 0);
        snprintf(y->deadline, sizeof y->deadline, "%s", PQgetvalue(r, i, 1));
        strmap_put(&m, y->item, i);
    }
    PQclear(r);
    r = pg_run(p, SQL_PARTY_GET, &x, err, "读取责任单位失败");
    if (r)
        attach_parties(r, *a, &m);
    PQclear(r);
    strmap_free(&m);
    return pm_assignments_loaded(r != NULL, a, n);
}

bool pg_assignments(void *impl, pm_item_kind kind, pm_assignment **a, size_t *n, pm_err *err)
{
    return read_assignments(impl, kind, NULL, a, n, err);
}

/* ---- tasks and projects ---------------------------------------------------------------- */

static const char SQL_TASK_PUT[] =
    "INSERT INTO task(code, project, title, section, invest_planned, invest_spent, start_date, finish_date, ord)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT coalesce(max(ord), 0) + 1 FROM task))"
    " ON CONFLICT (code) DO UPDATE SET project = excluded.project, title = excluded.title,"
    " section = excluded.section, invest_planned = excluded.invest_planned, invest_spent = excluded.invest_spent,"
    " start_date = excluded.start_date, finish_date = excluded.finish_date";
static const char SQL_TI_DEL[] = "DELETE FROM task_indicator WHERE task_code = $1";
static const char SQL_TI_INS[] =
    "INSERT INTO task_indicator(task_code, indicator_code) VALUES ($1, $2) ON CONFLICT DO NOTHING";
static const char SQL_MS_DEL[] = "DELETE FROM milestone WHERE task_code = $1";
static const char SQL_MS_INS[] =
    "INSERT INTO milestone(task_code, ord, due, what, met, met_on) VALUES ($1, $2, $3, $4, $5, $6)";
static const char SQL_TASK_GET[] =
    "SELECT code, project, title, section, invest_planned, invest_spent, start_date, finish_date FROM task"
    " WHERE ($1::text IS NULL OR code = $1) ORDER BY ord";
static const char SQL_TI_GET[] =
    "SELECT ti.task_code, ti.indicator_code FROM task_indicator ti"
    " LEFT JOIN indicator i ON i.plan_id = $2 AND i.code = ti.indicator_code WHERE ($1::text IS NULL OR ti.task_code = $1)"
    " ORDER BY ti.task_code COLLATE \"C\", i.ord NULLS FIRST, ti.indicator_code COLLATE \"C\"";
static const char SQL_MS_GET[] = "SELECT task_code, due, what, met, met_on FROM milestone"
                                 " WHERE ($1::text IS NULL OR task_code = $1)"
                                 " ORDER BY task_code COLLATE \"C\", due COLLATE \"C\", ord";
static const char SQL_MS_SET[] =
    "UPDATE milestone SET met = $1, met_on = $2 WHERE task_code = $3 AND ord ="
    " (SELECT ord FROM milestone WHERE task_code = $3 ORDER BY due COLLATE \"C\", ord LIMIT 1 OFFSET $4)";

/* Deletes the rows of one table that belong to task code (sql has $1). */
static bool clear_rows(pgs *p, const char *sql, const char *code, pm_err *err)
{
    char what[200];
    snprintf(what, sizeof what, "清除任务 %s 的旧记录失败", code);
    pg_args x = {0};
    pg_arg_text(&x, code);
    return pg_do(p, sql, &x, err, what);
}

static bool put_indicators(pgs *p, const pm_task *t, pm_err *err)
{
    bool ok = clear_rows(p, SQL_TI_DEL, t->code, err);
    char what[200];
    snprintf(what, sizeof what, "保存任务 %s 的关联指标失败", t->code);
    for (size_t i = 0; ok && i < t->nindicators; i++) {
        int found = pg_has_row(p, SQL_IND_EXISTS, t->indicators[i], NULL, err);
        if (found == 0)
            pm_err_set(err, 0, "任务 %s 的关联指标“%s”不在规划中", t->code, t->indicators[i]);
        pg_args x = {0};
        pg_arg_text(&x, t->code);
        pg_arg_text(&x, t->indicators[i]);
        ok = found == 1 && pg_do(p, SQL_TI_INS, &x, err, what);
    }
    return ok;
}

static bool put_milestones(pgs *p, const pm_task *t, pm_err *err)
{
    bool ok = clear_rows(p, SQL_MS_DEL, t->code, err);
    char what[200];
    snprintf(what, sizeof what, "保存项目 %s 的节点失败", t->code);
    for (size_t i = 0; ok && i < t->nmilestones; i++) {
        const pm_milestone *m = &t->milestones[i];
        pg_args x = {0};
        pg_arg_text(&x, t->code);
        pg_arg_int(&x, (long long)i);
        pg_arg_text(&x, m->due);
        pg_arg_text(&x, m->what);
        pg_arg_int(&x, m->met);
        pg_arg_text(&x, m->met_on[0] ? m->met_on : NULL);
        ok = pg_do(p, SQL_MS_INS, &x, err, what);
    }
    return ok;
}

bool pg_task_put(void *impl, const pm_task *t, const char *who, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    int existed = pg_has_row(p, SQL_TASK_EXISTS, t->code, NULL, err);
    /* The task as it was, for the log's "was → now" (read before the write). */
    pm_task *old = NULL;
    size_t nold = 0;
    if (existed == 1 && !pg_tasks(impl, t->code, &old, &nold, err))
        existed = -1;
    char what[200];
    snprintf(what, sizeof what, "保存任务 %s 失败", t->code);
    pg_args x = {0};
    pg_arg_text(&x, t->code);
    pg_arg_int(&x, t->project);
    pg_arg_text(&x, t->title);
    pg_arg_text(&x, t->section ? t->section : "");
    pg_arg_real(&x, t->project ? t->invest_planned : NAN);
    pg_arg_real(&x, t->project ? t->invest_spent : NAN);
    pg_arg_text(&x, t->project && t->start[0] ? t->start : NULL);
    pg_arg_text(&x, t->project && t->finish[0] ? t->finish : NULL);
    bool ok = existed >= 0 && pg_do(p, SQL_TASK_PUT, &x, err, what);
    pm_assignment a = pm_task_duty(t);
    ok = ok && put_assignment(p, &a, err) && put_indicators(p, t, err);
    pm_task none = *t;
    none.nmilestones = 0; /* a task that stopped being a project loses its milestones */
    ok = ok && put_milestones(p, t->project ? t : &none, err);
    buf b = {0};
    pm_task_put_detail(&b, old, nold, t, &a);
    ok = ok && pg_log(p, who, existed == 1 ? "task_edit" : "task_add", "task", t->code, buf_str(&b), err);
    buf_free(&b);
    return pg_work_end(p, outer, ok, err);
}

static void task_row(const PGresult *r, int i, pm_task *t)
{
    t->code = pg_dup0(r, i, 0);
    t->project = pg_int(r, i, 1) != 0;
    t->title = pg_dup0(r, i, 2);
    t->section = pg_dup0(r, i, 3);
    t->invest_planned = pg_real(r, i, 4);
    t->invest_spent = pg_real(r, i, 5);
    snprintf(t->start, sizeof t->start, "%s", PQgetvalue(r, i, 6));
    snprintf(t->finish, sizeof t->finish, "%s", PQgetvalue(r, i, 7));
    t->duty.kind = PM_ITEM_TASK;
}

static void indicator_rows(const PGresult *r, pm_task *ts, const strmap *by_code)
{
    for (int row = 0; row < PQntuples(r); row++) {
        int i = strmap_get(by_code, PQgetvalue(r, row, 0));
        if (i < 0)
            continue;
        pm_task_add_indicator(&ts[i], pg_dup0(r, row, 1));
    }
}

static void milestone_rows(const PGresult *r, pm_task *ts, const strmap *by_code)
{
    for (int row = 0; row < PQntuples(r); row++) {
        int i = strmap_get(by_code, PQgetvalue(r, row, 0));
        if (i < 0)
            continue;
        pm_milestone *m = pm_task_add_milestone(&ts[i]);
        snprintf(m->due, sizeof m->due, "%s", PQgetvalue(r, row, 1));
        m->what = pg_dup0(r, row, 2);
        m->met = pg_int(r, row, 3) != 0;
        snprintf(m->met_on, sizeof m->met_on, "%s", PQgetvalue(r, row, 4));
    }
}

/* Runs one of the per-task child queries ($1 the code; $2 the plan in use
 * where with_plan, for the order of the plan's indicators) into the tasks. */
static bool attach(pgs *p, const char *sql, const char *code, bool with_plan,
                   void (*rows)(const PGresult *, pm_task *, const strmap *), pm_task *ts, const strmap *m, pm_err *err)
{
    pg_args x = {0};
    pg_arg_text(&x, code);
    if (with_plan && !pg_arg_plan(p, &x, err))
        return false;
    PGresult *r = pg_run(p, sql, &x, err, "读取任务失败");
    if (r)
        rows(r, ts, m);
    PQclear(r);
    return r != NULL;
}

/* The tasks' rows, with their code map; false with err set. */
static bool read_tasks(pgs *p, const char *code, pm_task **t, size_t *n, strmap *m, pm_err *err)
{
    pg_args x = {0};
    pg_arg_text(&x, code);
    PGresult *r = pg_run(p, SQL_TASK_GET, &x, err, "读取任务失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *t = xcalloc(*n ? *n : 1, sizeof **t);
    strmap_init(m, *n);
    for (int i = 0; i < PQntuples(r); i++) {
        task_row(r, i, &(*t)[i]);
        strmap_put(m, (*t)[i].code, i);
    }
    PQclear(r);
    return true;
}

bool pg_tasks(void *impl, const char *code, pm_task **t, size_t *n, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    *t = NULL;
    *n = 0;
    /* One transaction: the task rows and their children agree. */
    if (!pg_work_begin(p, &outer, err))
        return false;
    strmap m = {0};
    bool ok = read_tasks(p, code, t, n, &m, err);
    pm_assignment *a = NULL;
    size_t na = 0;
    ok = ok && read_assignments(p, PM_ITEM_TASK, code, &a, &na, err);
    pm_tasks_take_duties(*t, &m, a, na);
    ok = ok && attach(p, SQL_TI_GET, code, true, indicator_rows, *t, &m, err) &&
         attach(p, SQL_MS_GET, code, false, milestone_rows, *t, &m, err);
    if (*t)
        strmap_free(&m);
    ok = pg_work_end(p, outer, ok, err);
    return pm_tasks_loaded(ok, t, n);
}

/* The latest year with a figure of the plan in use, within its period (as
 * sqlite_tasks.c: a later plan's figures must not move its as-of date). */
static const char SQL_LATEST_YEAR[] =
    "SELECT coalesce(max(v.year), 0) FROM data_value v"
    " JOIN plan_element pe ON pe.element_id = v.element_id AND pe.plan_id = $1"
    " JOIN plan p ON p.id = pe.plan_id WHERE v.year <= p.target_year";

bool pg_latest_year(void *impl, int *year, pm_err *err)
{
    pgs *p = impl;
    *year = 0;
    pg_args x = {0};
    if (!pg_arg_plan(p, &x, err))
        return false;
    PGresult *r = pg_run(p, SQL_LATEST_YEAR, &x, err, "读取最近的年份失败");
    if (r && PQntuples(r))
        *year = (int)pg_int(r, 0, 0);
    PQclear(r);
    return r != NULL;
}

bool pg_milestone_set(void *impl, const char *task, size_t index, bool met, const char *met_on, const char *who,
                      pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    char what[200];
    snprintf(what, sizeof what, "修改项目 %s 的节点失败", task);
    pg_args x = {0};
    pg_arg_int(&x, met);
    pg_arg_text(&x, met && met_on && *met_on ? met_on : NULL);
    pg_arg_text(&x, task);
    pg_arg_int(&x, (long long)index);
    PGresult *r = pg_run(p, SQL_MS_SET, &x, err, what);
    bool ok = r != NULL;
    if (ok && pg_changed(r) != 1) {
        pm_milestone_missing(task, index, err);
        ok = false;
    }
    PQclear(r);
    char detail[128];
    pm_milestone_detail(detail, sizeof detail, index, met, met_on);
    ok = ok && pg_log(p, who, "milestone", "task", task, detail, err);
    return pg_work_end(p, outer, ok, err);
}
