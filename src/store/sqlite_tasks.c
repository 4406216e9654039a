/* Assignments (分解落实), key tasks and major projects with their linked
 * indicators and milestones, on the SQLite backend (sqlite_work_fns.h). A task
 * is one row of task plus its assignment (kind 'task'), its task_indicator
 * rows and, for a project, its milestone rows; a put rewrites all of them
 * in one unit of work. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "store/sqlite_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"
#include "store/sqlite_work_fns.h"
#include "store/sqlite_worklog.h"
#include "store/task_rows.h"

/* ---- assignments ------------------------------------------------------------------- */

static const char SQL_ASSIGN_PUT[] =
    "INSERT INTO assignment(item_kind, item_code, deadline) VALUES (:kind, :code, :deadline)"
    " ON CONFLICT(item_kind, item_code) DO UPDATE SET deadline = excluded.deadline";
static const char SQL_PARTY_DEL[] = "DELETE FROM assignment_party WHERE item_kind = :kind AND item_code = :code";
static const char SQL_PARTY_INS[] =
    "INSERT INTO assignment_party(item_kind, item_code, ord, lead, dept_code, unit_id)"
    " VALUES (:kind, :code, :ord, :lead, :dept, :unit)";
static const char SQL_DEPT_EXISTS[] = "SELECT 1 FROM dept WHERE code = :code";
static const char SQL_IND_EXISTS[] = "SELECT 1 FROM indicator WHERE code = :code";
static const char SQL_TASK_EXISTS[] = "SELECT 1 FROM task WHERE code = :code";
static const char SQL_ASSIGN_GET[] =
    "SELECT a.item_code, a.deadline FROM assignment a LEFT JOIN indicator i ON a.item_kind = 'indicator'"
    " AND i.plan_id = :plan AND i.code = a.item_code LEFT JOIN task t ON a.item_kind = 'task' AND t.code = a.item_code"
    " WHERE a.item_kind = :kind AND (:code IS NULL OR a.item_code = :code)"
    " ORDER BY coalesce(i.ord, t.ord), a.item_code";
static const char SQL_PARTY_GET[] =
    "SELECT p.item_code, p.lead, p.dept_code, d.name, o.code, o.name FROM assignment_party p"
    " LEFT JOIN dept d ON d.code = p.dept_code LEFT JOIN org_unit o ON o.id = p.unit_id"
    " WHERE p.item_kind = :kind AND (:code IS NULL OR p.item_code = :code) ORDER BY p.item_code, p.ord";

/* Stores one party of an assignment (ord 0 is the lead). */
static bool put_party(sq *s, const pm_assignment *a, const pm_party *p, int ord, pm_err *err)
{
    long uid = 0;
    int found = p->unit ? sq_lookup_id(s, sq_sql_unit_id, p->code, &uid, err)
                        : sq_lookup_id(s, SQL_DEPT_EXISTS, p->code, NULL, err);
    if (found == 0)
        pm_party_missing(a, p, ord, err);
    if (found != 1)
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_PARTY_INS, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":kind", pm_item_kind_str(a->kind), &rc);
    sq_bind_text(st, ":code", a->item, &rc);
    sq_bind_int(st, ":ord", ord, &rc);
    sq_bind_int(st, ":lead", ord == 0, &rc);
    sq_bind_text(st, ":dept", p->unit ? NULL : p->code, &rc);
    if (p->unit)
        sq_bind_int(st, ":unit", uid, &rc);
    else
        sq_bind_null(st, ":unit", &rc);
    return sq_run(s, st, rc, err, "保存 %s 的责任单位 %s 失败（是否重复？）", a->item, p->code);
}

/* The assignment's rows, without a log row (task_put logs the task). */
static bool put_assignment(sq *s, const pm_assignment *a, pm_err *err)
{
    int found = sq_lookup_id(s, a->kind == PM_ITEM_INDICATOR ? SQL_IND_EXISTS : SQL_TASK_EXISTS, a->item, NULL, err);
    if (!pm_assignment_found(found, a, err))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_ASSIGN_PUT, err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":kind", pm_item_kind_str(a->kind), &rc);
        sq_bind_text(st, ":code", a->item, &rc);
        sq_bind_text(st, ":deadline", a->deadline[0] ? a->deadline : NULL, &rc);
    }
    bool ok = st && sq_run(s, st, rc, err, "保存 %s 的分解落实失败", a->item);
    st = ok ? sq_use(s, SQL_PARTY_DEL, err) : NULL;
    rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":kind", pm_item_kind_str(a->kind), &rc);
        sq_bind_text(st, ":code", a->item, &rc);
    }
    ok = st && sq_run(s, st, rc, err, "清除 %s 的责任单位失败", a->item);
    if (ok && a->lead.code)
        ok = put_party(s, a, &a->lead, 0, err);
    for (size_t i = 0; ok && i < a->nco; i++)
        ok = put_party(s, a, &a->co[i], (int)i + 1, err);
    return ok;
}

bool sq_assignment_put(void *impl, const pm_assignment *a, const char *who, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = put_assignment(s, a, err);
    buf b = {0};
    pm_assignment_describe(&b, a);
    ok = ok && sq_log(s, who, "assign", a->kind == PM_ITEM_INDICATOR ? "indicator" : "task", a->item, buf_str(&b), err);
    buf_free(&b);
    return sq_work_end(s, outer, ok, err);
}

static void assignment_row(void *item, sqlite3_stmt *st)
{
    pm_assignment *a = item;
    a->item = sq_col_dup0(st, 0);
    const char *d = (const char *)sqlite3_column_text(st, 1);
    snprintf(a->deadline, sizeof a->deadline, "%s", d ? d : "");
}

typedef struct party_ctx {
    pm_assignment *a;
    const strmap *by_code;
} party_ctx;

/* Attaches one assignment_party row to its assignment. */
static bool party_row(void *ctx, sqlite3_stmt *st)
{
    party_ctx *c = ctx;
    int i = strmap_get(c->by_code, (const char *)sqlite3_column_text(st, 0));
    if (i < 0)
        return true;
    pm_party p = {sqlite3_column_type(st, 2) == SQLITE_NULL, NULL, NULL};
    p.code = sq_col_dup0(st, p.unit ? 4 : 2);
    p.name = sq_col_dup0(st, p.unit ? 5 : 3);
    pm_assignment_add_party(&c->a[i], p, sqlite3_column_int(st, 1) != 0);
    return true;
}

/* The assignments of a kind (code NULL: all, else that item's), parties
 * attached, in the order of the plan in use (`plan`: indicators are keyed
 * by plan and code, and a continued indicator's code is in two plans). */
static bool read_assignments(sq *s, long plan, pm_item_kind kind, const char *code, pm_assignment **a, size_t *n,
                             pm_err *err)
{
    *a = NULL;
    *n = 0;
    sqlite3_stmt *st = sq_use(s, SQL_ASSIGN_GET, err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_int(st, ":plan", plan, &rc);
        sq_bind_text(st, ":kind", pm_item_kind_str(kind), &rc);
        sq_bind_text(st, ":code", code, &rc);
    }
    bool ok;
    *a = sq_collect_bound(s, st, rc, NULL, n, sizeof **a, assignment_row, &ok, err, "读取分解落实失败");
    strmap m;
    strmap_init(&m, *n);
    for (size_t i = 0; ok && i < *n; i++) {
        (*a)[i].kind = kind;
        strmap_put(&m, (*a)[i].item, (int)i);
    }
    st = ok ? sq_use(s, SQL_PARTY_GET, err) : NULL;
    rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":kind", pm_item_kind_str(kind), &rc);
        sq_bind_text(st, ":code", code, &rc);
        party_ctx c = {*a, &m};
        ok = sq_each(s, st, rc, party_row, &c, err, "读取责任单位失败");
    } else {
        ok = false;
    }
    strmap_free(&m);
    return pm_assignments_loaded(ok, a, n);
}

bool sq_assignments(void *impl, pm_item_kind kind, pm_assignment **a, size_t *n, pm_err *err)
{
    sq *s = impl;
    long plan = 0;
    *a = NULL;
    *n = 0;
    return sq_plan_id(s, &plan, err) && read_assignments(s, plan, kind, NULL, a, n, err);
}

/* ---- tasks and projects ---------------------------------------------------------------- */

static const char SQL_TASK_PUT[] =
    "INSERT INTO task(code, project, title, section, invest_planned, invest_spent, start_date, finish_date, ord)"
    " VALUES (:code, :project, :title, :section, :planned, :spent, :start, :finish,"
    " (SELECT coalesce(max(ord), 0) + 1 FROM task))"
    " ON CONFLICT(code) DO UPDATE SET project = excluded.project, title = excluded.title,"
    " section = excluded.section, invest_planned = excluded.invest_planned, invest_spent = excluded.invest_spent,"
    " start_date = excluded.start_date, finish_date = excluded.finish_date";
static const char SQL_TI_DEL[] = "DELETE FROM task_indicator WHERE task_code = :code";
static const char SQL_TI_INS[] = "INSERT OR IGNORE INTO task_indicator(task_code, indicator_code) VALUES (:task, :ind)";
static const char SQL_MS_DEL[] = "DELETE FROM milestone WHERE task_code = :code";
static const char SQL_MS_INS[] = "INSERT INTO milestone(task_code, ord, due, what, met, met_on)"
                                 " VALUES (:task, :ord, :due, :what, :met, :met_on)";
static const char SQL_TASK_GET[] =
    "SELECT code, project, title, section, invest_planned, invest_spent, start_date, finish_date FROM task"
    " WHERE (:code IS NULL OR code = :code) ORDER BY ord";
static const char SQL_TI_GET[] =
    "SELECT ti.task_code, ti.indicator_code FROM task_indicator ti"
    " LEFT JOIN indicator i ON i.plan_id = :plan AND i.code = ti.indicator_code WHERE (:code IS NULL OR ti.task_code = :code) ORDER BY ti.task_code, i.ord, ti.indicator_code";
static const char SQL_MS_GET[] =
    "SELECT task_code, due, what, met, met_on FROM milestone WHERE (:code IS NULL OR task_code = :code)"
    " ORDER BY task_code, due, ord";
static const char SQL_MS_SET[] =
    "UPDATE milestone SET met = :met, met_on = :met_on WHERE task_code = :task AND ord ="
    " (SELECT ord FROM milestone WHERE task_code = :task ORDER BY due, ord LIMIT 1 OFFSET :index)";

/* Deletes the rows of one table that belong to task code (sql has :code). */
static bool clear_rows(sq *s, const char *sql, const char *code, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, sql, err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":code", code, &rc);
    return st && sq_run(s, st, rc, err, "清除任务 %s 的旧记录失败", code);
}

static bool put_indicators(sq *s, const pm_task *t, pm_err *err)
{
    bool ok = clear_rows(s, SQL_TI_DEL, t->code, err);
    for (size_t i = 0; ok && i < t->nindicators; i++) {
        int found = sq_lookup_id(s, SQL_IND_EXISTS, t->indicators[i], NULL, err);
        if (found == 0)
            pm_err_set(err, 0, "任务 %s 的关联指标“%s”不在规划中", t->code, t->indicators[i]);
        sqlite3_stmt *st = found == 1 ? sq_use(s, SQL_TI_INS, err) : NULL;
        int rc = SQLITE_OK;
        if (st) {
            sq_bind_text(st, ":task", t->code, &rc);
            sq_bind_text(st, ":ind", t->indicators[i], &rc);
        }
        ok = st && sq_run(s, st, rc, err, "保存任务 %s 的关联指标失败", t->code);
    }
    return ok;
}

static bool put_milestones(sq *s, const pm_task *t, pm_err *err)
{
    bool ok = clear_rows(s, SQL_MS_DEL, t->code, err);
    for (size_t i = 0; ok && i < t->nmilestones; i++) {
        const pm_milestone *m = &t->milestones[i];
        sqlite3_stmt *st = sq_use(s, SQL_MS_INS, err);
        int rc = SQLITE_OK;
        if (st) {
            sq_bind_text(st, ":task", t->code, &rc);
            sq_bind_int(st, ":ord", (long long)i, &rc);
            sq_bind_text(st, ":due", m->due, &rc);
            sq_bind_text(st, ":what", m->what, &rc);
            sq_bind_int(st, ":met", m->met, &rc);
            sq_bind_text(st, ":met_on", m->met_on[0] ? m->met_on : NULL, &rc);
        }
        ok = st && sq_run(s, st, rc, err, "保存项目 %s 的节点失败", t->code);
    }
    return ok;
}

bool sq_task_put(void *impl, const pm_task *t, const char *who, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    int existed = sq_lookup_id(s, SQL_TASK_EXISTS, t->code, NULL, err);
    /* The task as it was, for the log's "was → now" (read before the write). */
    pm_task *old = NULL;
    size_t nold = 0;
    if (existed == 1 && !sq_tasks(impl, t->code, &old, &nold, err))
        existed = -1;
    sqlite3_stmt *st = existed >= 0 ? sq_use(s, SQL_TASK_PUT, err) : NULL;
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":code", t->code, &rc);
        sq_bind_int(st, ":project", t->project, &rc);
        sq_bind_text(st, ":title", t->title, &rc);
        sq_bind_text(st, ":section", t->section ? t->section : "", &rc);
        sq_bind_real(st, ":planned", t->project ? t->invest_planned : NAN, &rc);
        sq_bind_real(st, ":spent", t->project ? t->invest_spent : NAN, &rc);
        sq_bind_text(st, ":start", t->project && t->start[0] ? t->start : NULL, &rc);
        sq_bind_text(st, ":finish", t->project && t->finish[0] ? t->finish : NULL, &rc);
    }
    bool ok = st && sq_run(s, st, rc, err, "保存任务 %s 失败", t->code);
    pm_assignment a = pm_task_duty(t);
    ok = ok && put_assignment(s, &a, err) && put_indicators(s, t, err);
    pm_task none = *t;
    none.nmilestones = 0; /* a task that stopped being a project loses its milestones */
    ok = ok && put_milestones(s, t->project ? t : &none, err);
    buf b = {0};
    pm_task_put_detail(&b, old, nold, t, &a);
    ok = ok && sq_log(s, who, existed == 1 ? "task_edit" : "task_add", "task", t->code, buf_str(&b), err);
    buf_free(&b);
    return sq_work_end(s, outer, ok, err);
}

static void task_row(void *item, sqlite3_stmt *st)
{
    pm_task *t = item;
    t->code = sq_col_dup0(st, 0);
    t->project = sqlite3_column_int(st, 1) != 0;
    t->title = sq_col_dup0(st, 2);
    t->section = sq_col_dup0(st, 3);
    t->invest_planned = sq_col_real(st, 4);
    t->invest_spent = sq_col_real(st, 5);
    const char *a = (const char *)sqlite3_column_text(st, 6), *b = (const char *)sqlite3_column_text(st, 7);
    snprintf(t->start, sizeof t->start, "%s", a ? a : "");
    snprintf(t->finish, sizeof t->finish, "%s", b ? b : "");
    t->duty.kind = PM_ITEM_TASK;
}

typedef struct attach_ctx {
    pm_task *t;
    const strmap *by_code;
} attach_ctx;

static bool indicator_row(void *ctx, sqlite3_stmt *st)
{
    attach_ctx *c = ctx;
    int i = strmap_get(c->by_code, (const char *)sqlite3_column_text(st, 0));
    if (i >= 0)
        pm_task_add_indicator(&c->t[i], sq_col_dup0(st, 1));
    return true;
}

static bool milestone_row(void *ctx, sqlite3_stmt *st)
{
    attach_ctx *c = ctx;
    int i = strmap_get(c->by_code, (const char *)sqlite3_column_text(st, 0));
    if (i >= 0) {
        pm_milestone *m = pm_task_add_milestone(&c->t[i]);
        const char *due = (const char *)sqlite3_column_text(st, 1), *on = (const char *)sqlite3_column_text(st, 4);
        snprintf(m->due, sizeof m->due, "%s", due ? due : "");
        m->what = sq_col_dup0(st, 2);
        m->met = sqlite3_column_int(st, 3) != 0;
        snprintf(m->met_on, sizeof m->met_on, "%s", on ? on : "");
    }
    return true;
}

/* Runs one of the per-task child queries (sql has :code, and :plan, the
 * plan in use, where it orders by the plan's indicators) into the tasks. */
static bool attach(sq *s, const char *sql, const char *code, long plan, sq_row_fn row, attach_ctx *c, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, sql, err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":code", code, &rc);
    if (st && sqlite3_bind_parameter_index(st, ":plan"))
        sq_bind_int(st, ":plan", plan, &rc);
    return st && sq_each(s, st, rc, row, c, err, "读取任务失败");
}

bool sq_tasks(void *impl, const char *code, pm_task **t, size_t *n, pm_err *err)
{
    sq *s = impl;
    bool outer;
    *t = NULL;
    *n = 0;
    /* One read transaction: the task rows and their children agree. */
    long plan = 0;
    if (!sq_plan_work_begin(s, false, &outer, &plan, err))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_TASK_GET, err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":code", code, &rc);
    bool ok;
    *t = sq_collect_bound(s, st, rc, NULL, n, sizeof **t, task_row, &ok, err, "读取任务失败");
    strmap m;
    strmap_init(&m, *n);
    for (size_t i = 0; i < *n; i++)
        strmap_put(&m, (*t)[i].code, (int)i);
    pm_assignment *a = NULL;
    size_t na = 0;
    ok = ok && read_assignments(s, plan, PM_ITEM_TASK, code, &a, &na, err);
    pm_tasks_take_duties(*t, &m, a, na);
    attach_ctx c = {*t, &m};
    ok = ok && attach(s, SQL_TI_GET, code, plan, indicator_row, &c, err) &&
         attach(s, SQL_MS_GET, code, plan, milestone_row, &c, err);
    strmap_free(&m);
    ok = sq_work_end(s, outer, ok, err);
    return pm_tasks_loaded(ok, t, n);
}

/* The latest year with a figure of the plan in use, within its period: the
 * database may hold a later plan's figures (十五五 2026 beside 十四五),
 * which must not move the earlier plan's as-of date. */
static const char SQL_LATEST_YEAR[] =
    "SELECT coalesce(max(v.year), 0) FROM data_value v"
    " JOIN plan_element pe ON pe.element_id = v.element_id AND pe.plan_id = :plan"
    " JOIN plan p ON p.id = pe.plan_id WHERE v.year <= p.target_year";

bool sq_latest_year(void *impl, int *year, pm_err *err)
{
    sq *s = impl;
    long plan = 0;
    *year = 0;
    if (!sq_plan_id(s, &plan, err))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_LATEST_YEAR, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":plan", plan, &rc);
    int got = sq_one(s, st, rc, err, "读取最近的年份失败");
    if (got == 1) {
        *year = (int)sqlite3_column_int64(st, 0);
        sq_done(st);
    }
    return got >= 0;
}

bool sq_milestone_set(void *impl, const char *task, size_t index, bool met, const char *met_on, const char *who,
                      pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_MS_SET, err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_int(st, ":met", met, &rc);
        sq_bind_text(st, ":met_on", met && met_on && *met_on ? met_on : NULL, &rc);
        sq_bind_text(st, ":task", task, &rc);
        sq_bind_int(st, ":index", (long long)index, &rc);
    }
    bool ok = st && sq_run(s, st, rc, err, "修改项目 %s 的节点失败", task);
    if (ok && sqlite3_changes(s->db) != 1) {
        pm_milestone_missing(task, index, err);
        ok = false;
    }
    char detail[128];
    pm_milestone_detail(detail, sizeof detail, index, met, met_on);
    ok = ok && sq_log(s, who, "milestone", "task", task, detail, err);
    return sq_work_end(s, outer, ok, err);
}
