/* The SQLite backend's plan: the plan row, its goals, indicators and data
 * elements, and its validation rules (sqlite_backend.h); which plan a
 * connection works on, and the insertion of a new plan (the rest of the
 * plan set is sqlite_plans.c's). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/element_sweep.h"
#include "store/sqlite_backend.h"
#include "store/plan_parts.h"
#include "store/plan_key.h"
#include "store/sqlite_bind.h"

/* Every plan-scoped statement names its plan as :plan (sq_plan_id). */
static const char SQL_PLAN_SET[] = "UPDATE plan SET title = :title, base_year = :base_year,"
                                   " target_year = :target_year WHERE id = :plan";
static const char SQL_PLAN_GET[] = "SELECT title, base_year, target_year, code FROM plan WHERE id = :plan";

static const char SQL_GOAL_DEL[] = "DELETE FROM goal WHERE plan_id = :plan";
static const char SQL_GOAL_INS[] = "INSERT INTO goal(plan_id, ord, label, title, domain)"
                                   " VALUES (:plan, :ord, :label, :title, :domain)";
static const char SQL_GOAL_GET[] = "SELECT label, title, domain FROM goal WHERE plan_id = :plan ORDER BY ord";

static const char SQL_IND_DEL[] = "DELETE FROM indicator WHERE plan_id = :plan";
static const char SQL_IND_INS[] =
    "INSERT INTO indicator(plan_id, code, no, domain, subdomain, name, unit, baseline, target,"
    " target_op, binding, cumulative, polarity, formula, rate, line, ord, qualitative, target_text,"
    " baseline_text, note, parts, continues_plan, continues_code)"
    " VALUES (:plan, :code, :no, :domain, :subdomain, :name, :unit, :baseline, :target,"
    " :target_op, :binding, :cumulative, :polarity, :formula, :rate, :line, :ord, :qualitative,"
    " :target_text, :baseline_text, :note, :parts,"
    " (SELECT id FROM plan WHERE code = :cont_plan), :cont_code)";
static const char SQL_IND_GET[] =
    "SELECT i.code, i.no, i.domain, i.subdomain, i.name, i.unit, i.baseline, i.target, i.target_op,"
    " i.binding, i.cumulative, i.polarity, i.formula, i.rate, i.line, i.qualitative, i.target_text,"
    " i.baseline_text, i.note, i.parts, c.code, i.continues_code"
    " FROM indicator i LEFT JOIN plan c ON c.id = i.continues_plan WHERE i.plan_id = :plan ORDER BY i.ord";

static const char SQL_ELEM_UNLINK[] = "DELETE FROM plan_element WHERE plan_id = :plan";
static const char SQL_ELEM_INPLAN[] = "SELECT 1 FROM plan_element pe JOIN element e ON e.id = pe.element_id"
                                      " WHERE pe.plan_id = :plan AND e.code = :code";
/* ord is filled in by pm_sql_elem_ord once every plan's links are known. */
static const char SQL_ELEM_PUT[] =
    "INSERT INTO element(code, name, unit, agg, kind, level, ord)"
    " VALUES (:code, :name, :unit, :agg, :kind, :level, NULL)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, unit = excluded.unit,"
    " agg = excluded.agg, kind = excluded.kind, level = excluded.level";
static const char SQL_ELEM_LINK[] = "INSERT INTO plan_element(plan_id, element_id, ord)"
                                    " SELECT :plan, id, :ord FROM element WHERE code = :code";
static const char SQL_ELEM_GET[] = "SELECT e.id, e.code, e.name, e.unit, e.agg, e.kind, e.level"
                                   " FROM plan_element pe JOIN element e ON e.id = pe.element_id"
                                   " WHERE pe.plan_id = :plan ORDER BY pe.ord";

static const char SQL_RULE_DEL[] = "DELETE FROM validation_rule WHERE plan_id = :plan";
static const char SQL_RULE_INS[] =
    "INSERT INTO validation_rule(plan_id, ord, left_code, op, right_code, severity, message)"
    " VALUES (:plan, :ord, :left, :op, :right, :severity, :message)";
static const char SQL_RULE_GET[] = "SELECT left_code, op, right_code, severity, message FROM validation_rule"
                                   " WHERE plan_id = :plan ORDER BY ord";

/* Runs a plan-scoped statement whose only parameter is :plan. */
static bool exec_plan(sq *s, const char *sql, long plan, pm_err *err, const char *what)
{
    sqlite3_stmt *st = sq_use(s, sql, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":plan", plan, &rc);
    return sq_run(s, st, rc, err, "%s失败", what);
}

/* ---- writing ------------------------------------------------------------------- */

static bool put_rules(sq *s, long plan, const pm_plan *p, pm_err *err)
{
    if (!exec_plan(s, SQL_RULE_DEL, plan, err, "清除校验规则"))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_RULE_INS, err);
    for (size_t i = 0; st && i < p->nrules; i++) {
        const pm_rule *r = &p->rules[i];
        int rc = SQLITE_OK;
        sq_bind_int(st, ":plan", plan, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        sq_bind_text(st, ":left", r->left, &rc);
        sq_bind_text(st, ":op", pm_rule_op_str(r->op), &rc);
        sq_bind_text(st, ":right", r->right, &rc);
        sq_bind_text(st, ":severity", r->error ? "error" : "warning", &rc);
        sq_bind_text(st, ":message", r->message, &rc);
        if (!sq_run(s, st, rc, err, "保存校验规则 %s %s %s 失败", r->left, pm_rule_op_str(r->op), r->right))
            return false;
    }
    return st != NULL;
}

static bool put_goals(sq *s, long plan, const pm_plan *p, pm_err *err)
{
    if (!exec_plan(s, SQL_GOAL_DEL, plan, err, "清除规划目标"))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_GOAL_INS, err);
    for (size_t i = 0; st && i < p->ngoals; i++) {
        const pm_goal *g = &p->goals[i];
        int rc = SQLITE_OK;
        sq_bind_int(st, ":plan", plan, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        sq_bind_text(st, ":label", g->label, &rc);
        sq_bind_text(st, ":title", g->title, &rc);
        sq_bind_text(st, ":domain", g->domain, &rc);
        if (!sq_run(s, st, rc, err, "保存规划目标 %s 失败", g->label))
            return false;
    }
    return st != NULL;
}

static bool put_indicators(sq *s, long plan, const pm_plan *p, pm_err *err)
{
    if (!exec_plan(s, SQL_IND_DEL, plan, err, "清除规划指标"))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_IND_INS, err);
    for (size_t i = 0; st && i < p->nind; i++) {
        const pm_indicator *x = &p->ind[i];
        int rc = SQLITE_OK;
        sq_bind_int(st, ":plan", plan, &rc);
        sq_bind_text(st, ":code", x->code, &rc);
        sq_bind_int(st, ":no", x->no, &rc);
        sq_bind_text(st, ":domain", x->domain, &rc);
        sq_bind_text(st, ":subdomain", x->subdomain, &rc);
        sq_bind_text(st, ":name", x->name, &rc);
        sq_bind_text(st, ":unit", x->unit, &rc);
        sq_bind_real(st, ":baseline", x->baseline, &rc);
        sq_bind_real(st, ":target", x->target, &rc);
        sq_bind_text(st, ":target_op", pm_target_op_str(x->target_op), &rc);
        sq_bind_int(st, ":binding", x->binding, &rc);
        sq_bind_int(st, ":cumulative", x->cumulative, &rc);
        sq_bind_int(st, ":polarity", x->polarity < 0 ? -1 : 1, &rc);
        sq_bind_text(st, ":formula", x->formula, &rc);
        sq_bind_int(st, ":rate", x->rate, &rc);
        sq_bind_int(st, ":line", x->line, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        sq_bind_int(st, ":qualitative", x->qualitative, &rc);
        sq_bind_text(st, ":target_text", x->target_text, &rc);
        sq_bind_text(st, ":baseline_text", x->baseline_text, &rc);
        sq_bind_text(st, ":note", x->note, &rc);
        char *parts = pm_parts_json(x);
        sq_bind_text(st, ":parts", parts, &rc);
        sq_bind_text(st, ":cont_plan", x->cont_plan, &rc);
        sq_bind_text(st, ":cont_code", x->cont_code, &rc);
        bool ok = sq_run(s, st, rc, err, "保存指标 %s（序号 %d）失败，代码可能重复", x->code, x->no);
        free(parts);
        if (!ok)
            return false;
    }
    return st != NULL;
}

/* Upserts the plan's elements by code (ids stay: values refer to them) and
 * links them to the plan; elements no plan uses any more and no value
 * refers to go. An element another plan also names is one element: both
 * plans read its figures. */
static bool put_elements(sq *s, long plan, const pm_plan *p, pm_err *err)
{
    if (!exec_plan(s, SQL_ELEM_UNLINK, plan, err, "整理数据项"))
        return false;
    for (size_t i = 0; i < p->nelem; i++) {
        const pm_element *e = &p->elem[i];
        sqlite3_stmt *st = sq_use(s, SQL_ELEM_INPLAN, err);
        if (!st)
            return false;
        int rc = SQLITE_OK;
        sq_bind_int(st, ":plan", plan, &rc);
        sq_bind_text(st, ":code", e->code, &rc);
        int dup = sq_one(s, st, rc, err, "查找数据项失败");
        if (dup == 1) {
            sq_done(st);
            pm_err_set(err, 0, "规划中数据项代码重复：%s", e->code);
        }
        if (dup != 0)
            return false;
        if (!(st = sq_use(s, SQL_ELEM_PUT, err)))
            return false;
        sq_bind_text(st, ":code", e->code, &rc);
        sq_bind_text(st, ":name", e->name, &rc);
        sq_bind_text(st, ":unit", e->unit ? e->unit : "", &rc);
        sq_bind_text(st, ":agg", pm_agg_str(e->agg), &rc);
        sq_bind_text(st, ":kind", pm_kind_str(e->kind), &rc);
        sq_bind_int(st, ":level", e->level, &rc);
        if (!sq_run(s, st, rc, err, "保存数据项 %s 失败", e->code) || !(st = sq_use(s, SQL_ELEM_LINK, err)))
            return false;
        sq_bind_int(st, ":plan", plan, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        sq_bind_text(st, ":code", e->code, &rc);
        if (!sq_run(s, st, rc, err, "保存数据项 %s 失败", e->code))
            return false;
    }
    return sq_exec(s, pm_sql_elem_ord, err, "整理数据项") &&
           sq_exec(s, pm_sql_elem_purge, err, "删除规划不再使用的数据项");
}

bool sq_put_plan_parts(sq *s, long plan, const pm_plan *p, pm_err *err)
{
    return put_goals(s, plan, p, err) && put_indicators(s, plan, p, err) && put_elements(s, plan, p, err) &&
           put_rules(s, plan, p, err);
}

/* Replaces the content of the plan this connection uses; a database
 * without any plan gets this one as its first, default plan. */
bool sq_put_plan(void *impl, const pm_plan *p, pm_err *err)
{
    sq *s = impl;
    bool outer;
    long plan = 0;
    if (!sq_plan_work_begin(s, true, &outer, &plan, err))
        return false;
    if (!plan)
        return sq_work_end(s, outer, sq_insert_plan(s, p, NULL, true, NULL, err), err);
    sqlite3_stmt *st = sq_use(s, SQL_PLAN_SET, err);
    bool ok;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":title", p->title ? p->title : "未命名规划", &rc);
        sq_bind_int(st, ":base_year", p->base_year, &rc);
        sq_bind_int(st, ":target_year", p->target_year, &rc);
        sq_bind_int(st, ":plan", plan, &rc);
        ok = sq_run(s, st, rc, err, "保存规划失败（同名同期的规划已有一个）");
    } else {
        ok = false;
    }
    ok = ok && sq_put_plan_parts(s, plan, p, err);
    return sq_work_end(s, outer, ok, err);
}

/* ---- the plan a connection works on, and a new plan ----------------------------- */

static const char SQL_DEFAULT[] = "SELECT id FROM plan ORDER BY is_default DESC, id LIMIT 1";
static const char SQL_SAME[] = "SELECT code FROM plan WHERE title = :title AND base_year = :base_year"
                               " AND target_year = :target_year";
static const char SQL_CODE_ID[] = "SELECT id FROM plan WHERE code = :code";
static const char SQL_INSERT[] = "INSERT INTO plan(code, title, base_year, target_year, is_default)"
                                 " VALUES (:code, :title, :base_year, :target_year, 0)";
static const char SQL_NO_DEFAULT[] = "UPDATE plan SET is_default = 0 WHERE is_default = 1";
static const char SQL_SET_DEFAULT[] = "UPDATE plan SET is_default = 1 WHERE id = :plan";

bool sq_plan_id(sq *s, long *id, pm_err *err)
{
    if (s->plan_id > 0) {
        *id = s->plan_id;
        return true;
    }
    sqlite3_stmt *st = sq_use(s, SQL_DEFAULT, err);
    int got = st ? sq_one(s, st, SQLITE_OK, err, "读取规划失败") : -1;
    *id = got == 1 ? (long)sqlite3_column_int64(st, 0) : 0;
    if (got == 1)
        sq_done(st);
    return got >= 0;
}

bool sq_plan_work_begin(sq *s, bool write, bool *outer, long *plan, pm_err *err)
{
    *plan = 0;
    if (!sq_work_begin(s, write, outer, err))
        return false;
    if (sq_plan_id(s, plan, err))
        return true;
    sq_work_end(s, *outer, false, err);
    return false;
}

/* 1 when a plan has that code, 0 not, -1 error. */
static int code_taken(void *backend, const char *code, pm_err *err)
{
    return sq_lookup_id(backend, SQL_CODE_ID, code, NULL, err);
}

/* Refuses a plan whose title and period one already has. */
static bool not_there(sq *s, const char *title, const pm_plan *p, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_SAME, err);
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_text(st, ":title", title, &rc);
    sq_bind_int(st, ":base_year", p->base_year, &rc);
    sq_bind_int(st, ":target_year", p->target_year, &rc);
    int got = sq_one(s, st, rc, err, "查找同名规划失败");
    if (got == 1) {
        pm_err_set(err, 0, "数据库中已有规划“%s”（%d—%d年，代码 %s），不能重复载入；要改动它请先备份，再新建数据库",
                   title, p->base_year + 1, p->target_year, (const char *)sqlite3_column_text(st, 0));
        sq_done(st);
    }
    return got == 0;
}

bool sq_make_default(sq *s, long id, pm_err *err)
{
    sqlite3_stmt *st = sq_exec(s, SQL_NO_DEFAULT, err, "更改默认规划") ? sq_use(s, SQL_SET_DEFAULT, err) : NULL;
    if (!st)
        return false;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":plan", id, &rc);
    return sq_run(s, st, rc, err, "设置默认规划失败");
}

bool sq_insert_plan(sq *s, const pm_plan *p, const char *code, bool as_default, char **code_out, pm_err *err)
{
    const char *title = p->title && *p->title ? p->title : "未命名规划";
    long any = 0;
    if (!sq_plan_id(s, &any, err) || !not_there(s, title, p, err))
        return false;
    char *c = pm_plan_new_code(s, code_taken, p, code, err);
    sqlite3_stmt *st = c ? sq_use(s, SQL_INSERT, err) : NULL;
    bool ok = st != NULL;
    if (ok) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":code", c, &rc);
        sq_bind_text(st, ":title", title, &rc);
        sq_bind_int(st, ":base_year", p->base_year, &rc);
        sq_bind_int(st, ":target_year", p->target_year, &rc);
        ok = sq_run(s, st, rc, err, "保存规划“%s”失败", title);
    }
    long id = ok ? (long)sqlite3_last_insert_rowid(s->db) : 0;
    ok = ok && ((!as_default && any) || sq_make_default(s, id, err)) && sq_put_plan_parts(s, id, p, err);
    if (ok) {
        s->plan_id = id;
        if (code_out)
            *code_out = c, c = NULL;
    }
    free(c);
    return ok;
}

/* ---- reading -------------------------------------------------------------------- */

bool sq_has_plan(void *impl)
{
    sq *s = impl;
    pm_err ignored = {0};
    long plan = 0;
    return sq_plan_id(s, &plan, &ignored) && plan > 0;
}

static void goal_row(void *item, sqlite3_stmt *st)
{
    pm_goal *g = item;
    g->label = sq_col_dup0(st, 0);
    g->title = sq_col_dup0(st, 1);
    g->domain = sq_col_dup(st, 2);
}

static void indicator_row(void *item, sqlite3_stmt *st)
{
    pm_indicator *x = item;
    x->code = sq_col_dup0(st, 0);
    x->no = sqlite3_column_int(st, 1);
    x->domain = sq_col_dup0(st, 2);
    x->subdomain = sq_col_dup(st, 3);
    x->name = sq_col_dup0(st, 4);
    x->unit = sq_col_dup0(st, 5);
    x->baseline = sq_col_real(st, 6);
    x->target = sq_col_real(st, 7);
    const char *op = (const char *)sqlite3_column_text(st, 8);
    if (!op || !pm_target_op_parse(op, &x->target_op))
        x->target_op = PM_OP_EQ; /* the CHECK constraint rules this out */
    x->binding = sqlite3_column_int(st, 9) != 0;
    x->cumulative = sqlite3_column_int(st, 10) != 0;
    x->polarity = sqlite3_column_int(st, 11) < 0 ? -1 : 1;
    x->formula = sq_col_dup(st, 12);
    x->rate = sqlite3_column_int(st, 13) != 0;
    x->line = (long)sqlite3_column_int64(st, 14);
    x->qualitative = sqlite3_column_int(st, 15) != 0;
    x->target_text = sq_col_dup(st, 16);
    x->baseline_text = sq_col_dup(st, 17);
    x->note = sq_col_dup(st, 18);
    pm_parts_read(x, (const char *)sqlite3_column_text(st, 19));
    x->cont_plan = sq_col_dup(st, 20);
    x->cont_code = sq_col_dup(st, 21);
}

static void element_row(void *item, sqlite3_stmt *st)
{
    pm_element *e = item;
    e->id = (long)sqlite3_column_int64(st, 0);
    e->code = sq_col_dup0(st, 1);
    e->name = sq_col_dup0(st, 2);
    e->unit = sq_col_dup0(st, 3);
    const char *agg = (const char *)sqlite3_column_text(st, 4);
    const char *kind = (const char *)sqlite3_column_text(st, 5);
    /* The CHECK constraints keep both parses from failing. */
    if (!agg || !pm_agg_parse(agg, &e->agg))
        e->agg = PM_AGG_SUM;
    if (!kind || !pm_kind_parse(kind, &e->kind))
        e->kind = PM_KIND_NUMBER;
    e->level = sqlite3_column_int(st, 6);
}

static void rule_row(void *item, sqlite3_stmt *st)
{
    pm_rule *r = item;
    r->left = sq_col_dup0(st, 0);
    r->right = sq_col_dup0(st, 2);
    const char *op = (const char *)sqlite3_column_text(st, 1);
    if (!op || !pm_rule_op_parse(op, &r->op))
        r->op = PM_RULE_LE; /* the CHECK constraint rules this out */
    const char *sev = (const char *)sqlite3_column_text(st, 3);
    r->error = !sev || !strcmp(sev, "error");
    r->message = sq_col_dup(st, 4);
}

/* The plan row itself: an error when there is none. */
static bool get_plan_row(sq *s, long plan, pm_plan *p, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_PLAN_GET, err);
    int rc = SQLITE_OK;
    if (st)
        sq_bind_int(st, ":plan", plan, &rc);
    int got = st ? sq_one(s, st, rc, err, "读取规划失败") : -1;
    if (got == 0)
        pm_err_set(err, 0, "数据库 %s 中还没有规划", s->path);
    if (got != 1)
        return false;
    p->title = sq_col_dup(st, 0);
    p->base_year = sqlite3_column_int(st, 1);
    p->target_year = sqlite3_column_int(st, 2);
    p->code = sq_col_dup(st, 3);
    sq_done(st);
    return true;
}

sqlite3_stmt *sq_plan_stmt(sq *s, const char *sql, long plan, pm_err *err, const char *what)
{
    sqlite3_stmt *st = sq_use(s, sql, err);
    if (st && sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":plan"), plan) != SQLITE_OK) {
        sq_fail(s, err, "%s", what);
        return NULL;
    }
    return st;
}

/* Fills p (zeroed first) from one read transaction, so that the parts
 * belong to the same plan even while another process replaces it. */
bool sq_get_plan(void *impl, pm_plan *p, pm_err *err)
{
    sq *s = impl;
    memset(p, 0, sizeof *p);
    bool outer;
    if (!sq_work_begin(s, false, &outer, err))
        return false;
    long plan = 0;
    bool ok = sq_plan_id(s, &plan, err) && get_plan_row(s, plan, p, err);
    if (ok)
        p->goals = sq_collect(s, sq_plan_stmt(s, SQL_GOAL_GET, plan, err, "读取规划失败"), p->goals, &p->ngoals, sizeof *p->goals,
                              goal_row, &ok, err, "读取规划目标失败");
    if (ok)
        p->ind = sq_collect(s, sq_plan_stmt(s, SQL_IND_GET, plan, err, "读取规划失败"), p->ind, &p->nind, sizeof *p->ind,
                            indicator_row, &ok, err, "读取规划指标失败");
    if (ok)
        p->elem = sq_collect(s, sq_plan_stmt(s, SQL_ELEM_GET, plan, err, "读取规划失败"), p->elem, &p->nelem, sizeof *p->elem,
                             element_row, &ok, err, "读取数据项失败");
    if (ok)
        p->rules = sq_collect(s, sq_plan_stmt(s, SQL_RULE_GET, plan, err, "读取规划失败"), p->rules, &p->nrules, sizeof *p->rules,
                              rule_row, &ok, err, "读取校验规则失败");
    /* Nothing was written: ending the read is a commit that cannot fail
     * for want of data, and a failure there is still reported. */
    ok = sq_work_end(s, outer, ok, err);
    if (!ok)
        pm_plan_free(p);
    return ok;
}
