/* The PostgreSQL backend's plan and plan set: the plan row, its goals,
 * indicators, elements and validation rules; which plan a connection
 * works on; adding a plan; the judgments of qualitative indicators. The
 * same statements as sqlite_plan.c and sqlite_plans.c, in PostgreSQL's
 * dialect. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/pg_backend.h"
#include "store/element_sweep.h"
#include "store/pg_conn.h"
#include "store/plan_key.h"
#include "store/plan_parts.h"
#include "store/plans_backend.h"

static const char SQL_PLAN_SET[] = "UPDATE plan SET title = $1, base_year = $2, target_year = $3 WHERE id = $4";
static const char SQL_PLAN_GET[] = "SELECT title, base_year, target_year, code FROM plan WHERE id = $1";
static const char SQL_GOAL_DEL[] = "DELETE FROM goal WHERE plan_id = $1";
static const char SQL_GOAL_INS[] = "INSERT INTO goal(plan_id, ord, label, title, domain) VALUES ($1, $2, $3, $4, $5)";
static const char SQL_GOAL_GET[] = "SELECT label, title, domain FROM goal WHERE plan_id = $1 ORDER BY ord";
static const char SQL_IND_DEL[] = "DELETE FROM indicator WHERE plan_id = $1";
static const char SQL_IND_INS[] =
    "INSERT INTO indicator(plan_id, code, no, domain, subdomain, name, unit, baseline, target,"
    " target_op, binding, cumulative, polarity, formula, rate, line, ord, qualitative, target_text,"
    " baseline_text, note, parts, continues_plan, continues_code)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,"
    " $21, $22, (SELECT id FROM plan WHERE code = $23), $24)";
static const char SQL_IND_GET[] =
    "SELECT i.code, i.no, i.domain, i.subdomain, i.name, i.unit, i.baseline, i.target, i.target_op,"
    " i.binding, i.cumulative, i.polarity, i.formula, i.rate, i.line, i.qualitative, i.target_text,"
    " i.baseline_text, i.note, i.parts, c.code, i.continues_code"
    " FROM indicator i LEFT JOIN plan c ON c.id = i.continues_plan WHERE i.plan_id = $1 ORDER BY i.ord";
static const char SQL_ELEM_UNLINK[] = "DELETE FROM plan_element WHERE plan_id = $1";
static const char SQL_ELEM_PUT[] =
    "INSERT INTO element(code, name, unit, agg, kind, level, ord) VALUES ($1, $2, $3, $4, $5, $6, NULL)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, unit = excluded.unit,"
    " agg = excluded.agg, kind = excluded.kind, level = excluded.level RETURNING id";
/* A duplicate code in one plan is the primary key's refusal. */
static const char SQL_ELEM_LINK[] = "INSERT INTO plan_element(plan_id, element_id, ord) VALUES ($1, $2, $3)";
static const char SQL_ELEM_GET[] = "SELECT e.id, e.code, e.name, e.unit, e.agg, e.kind, e.level"
                                   " FROM plan_element pe JOIN element e ON e.id = pe.element_id"
                                   " WHERE pe.plan_id = $1 ORDER BY pe.ord";
static const char SQL_RULE_DEL[] = "DELETE FROM validation_rule WHERE plan_id = $1";
static const char SQL_RULE_INS[] = "INSERT INTO validation_rule(plan_id, ord, left_code, op, right_code, severity,"
                                   " message) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char SQL_RULE_GET[] = "SELECT left_code, op, right_code, severity, message FROM validation_rule"
                                   " WHERE plan_id = $1 ORDER BY ord";
static const char SQL_SAME[] = "SELECT code FROM plan WHERE title = $1 AND base_year = $2 AND target_year = $3";
static const char SQL_CODE_ID[] = "SELECT id FROM plan WHERE code = $1";
static const char SQL_INSERT[] = "INSERT INTO plan(code, title, base_year, target_year, is_default)"
                                 " VALUES ($1, $2, $3, $4, 0) RETURNING id";
static const char SQL_NO_DEFAULT[] = "UPDATE plan SET is_default = 0 WHERE is_default = 1";
static const char SQL_SET_DEFAULT[] = "UPDATE plan SET is_default = 1 WHERE id = $1";
static const char SQL_LIST[] =
    "SELECT p.id, p.code, p.title, p.base_year, p.target_year, p.is_default,"
    " (SELECT count(*) FROM indicator i WHERE i.plan_id = p.id) FROM plan p ORDER BY p.id";
static const char SQL_IND_OF[] = "SELECT qualitative FROM indicator WHERE plan_id = $1 AND code = $2";
static const char SQL_CONTINUE[] = "UPDATE indicator SET continues_plan = $1, continues_code = $2"
                                   " WHERE plan_id = $3 AND code = $4";
static const char SQL_JUDGE[] = "INSERT INTO manual_judgment(plan_id, indicator_code, unit_id, year, verdict, note,"
                                " at, who) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char SQL_JUDGMENTS[] =
    "SELECT j.indicator_code, u.code, j.year, j.verdict, j.note, j.at, j.who FROM manual_judgment j"
    " JOIN org_unit u ON u.id = j.unit_id WHERE j.plan_id = $1"
    " AND ($2::text IS NULL OR j.indicator_code = $2) ORDER BY j.id";

/* Runs a statement whose only parameter is the plan's id. */
static PGresult *by_plan(pgs *p, const char *sql, long plan, pm_err *err, const char *what)
{
    pg_args a = {0};
    pg_arg_int(&a, plan);
    return pg_run(p, sql, &a, err, what);
}

static bool do_plan(pgs *p, const char *sql, long plan, pm_err *err, const char *what)
{
    PGresult *r = by_plan(p, sql, plan, err, what);
    PQclear(r);
    return r != NULL;
}

/* ---- writing ------------------------------------------------------------------------ */

static bool put_goals(pgs *p, long plan, const pm_plan *pl, pm_err *err)
{
    if (!do_plan(p, SQL_GOAL_DEL, plan, err, "清除规划目标失败"))
        return false;
    for (size_t i = 0; i < pl->ngoals; i++) {
        const pm_goal *g = &pl->goals[i];
        pg_args a = {0};
        pg_arg_int(&a, plan);
        pg_arg_int(&a, (long long)i);
        pg_arg_text(&a, g->label);
        pg_arg_text(&a, g->title);
        pg_arg_text(&a, g->domain);
        if (!pg_do(p, SQL_GOAL_INS, &a, err, "保存规划目标失败"))
            return false;
    }
    return true;
}

static bool put_indicator(pgs *p, long plan, const pm_indicator *x, size_t ord, pm_err *err)
{
    char *parts = pm_parts_json(x);
    pg_args a = {0};
    pg_arg_int(&a, plan);
    pg_arg_text(&a, x->code);
    pg_arg_int(&a, x->no);
    pg_arg_text(&a, x->domain);
    pg_arg_text(&a, x->subdomain);
    pg_arg_text(&a, x->name);
    pg_arg_text(&a, x->unit);
    pg_arg_real(&a, x->baseline);
    pg_arg_real(&a, x->target);
    pg_arg_text(&a, pm_target_op_str(x->target_op));
    pg_arg_int(&a, x->binding);
    pg_arg_int(&a, x->cumulative);
    pg_arg_int(&a, x->polarity < 0 ? -1 : 1);
    pg_arg_text(&a, x->formula);
    pg_arg_int(&a, x->rate);
    pg_arg_int(&a, x->line);
    pg_arg_int(&a, (long long)ord);
    pg_arg_int(&a, x->qualitative);
    pg_arg_text(&a, x->target_text);
    pg_arg_text(&a, x->baseline_text);
    pg_arg_text(&a, x->note);
    pg_arg_text(&a, parts);
    pg_arg_text(&a, x->cont_plan);
    pg_arg_text(&a, x->cont_code);
    char what[200];
    snprintf(what, sizeof what, "保存指标 %s（序号 %d）失败，代码可能重复", x->code, x->no);
    bool ok = pg_do(p, SQL_IND_INS, &a, err, what);
    free(parts);
    return ok;
}

static bool put_indicators(pgs *p, long plan, const pm_plan *pl, pm_err *err)
{
    if (!do_plan(p, SQL_IND_DEL, plan, err, "清除规划指标失败"))
        return false;
    for (size_t i = 0; i < pl->nind; i++)
        if (!put_indicator(p, plan, &pl->ind[i], i, err))
            return false;
    return true;
}

/* As sqlite_plan.c's put_elements: upserted by code (ids stay), linked to
 * the plan; elements nothing uses or refers to any more go. */
static bool put_elements(pgs *p, long plan, const pm_plan *pl, pm_err *err)
{
    if (!do_plan(p, SQL_ELEM_UNLINK, plan, err, "整理数据项失败"))
        return false;
    for (size_t i = 0; i < pl->nelem; i++) {
        const pm_element *e = &pl->elem[i];
        char what[200];
        snprintf(what, sizeof what, "保存数据项 %s 失败", e->code);
        pg_args a = {0};
        pg_arg_text(&a, e->code);
        pg_arg_text(&a, e->name);
        pg_arg_text(&a, e->unit ? e->unit : "");
        pg_arg_text(&a, pm_agg_str(e->agg));
        pg_arg_text(&a, pm_kind_str(e->kind));
        pg_arg_int(&a, e->level);
        PGresult *r = pg_run(p, SQL_ELEM_PUT, &a, err, what);
        if (!r)
            return false;
        long id = (long)pg_int(r, 0, 0);
        PQclear(r);
        pg_args l = {0};
        pg_arg_int(&l, plan);
        pg_arg_int(&l, id);
        pg_arg_int(&l, (long long)i);
        snprintf(what, sizeof what, "规划中数据项代码重复：%s", e->code);
        if (!pg_do(p, SQL_ELEM_LINK, &l, err, what))
            return false;
    }
    return pg_do(p, pm_sql_elem_ord, NULL, err, "整理数据项失败") &&
           pg_do(p, pm_sql_elem_purge, NULL, err, "删除规划不再使用的数据项失败");
}

static bool put_rules(pgs *p, long plan, const pm_plan *pl, pm_err *err)
{
    if (!do_plan(p, SQL_RULE_DEL, plan, err, "清除校验规则失败"))
        return false;
    for (size_t i = 0; i < pl->nrules; i++) {
        const pm_rule *r = &pl->rules[i];
        pg_args a = {0};
        pg_arg_int(&a, plan);
        pg_arg_int(&a, (long long)i);
        pg_arg_text(&a, r->left);
        pg_arg_text(&a, pm_rule_op_str(r->op));
        pg_arg_text(&a, r->right);
        pg_arg_text(&a, r->error ? "error" : "warning");
        pg_arg_text(&a, r->message);
        if (!pg_do(p, SQL_RULE_INS, &a, err, "保存校验规则失败"))
            return false;
    }
    return true;
}

static bool put_parts(pgs *p, long plan, const pm_plan *pl, pm_err *err)
{
    return put_goals(p, plan, pl, err) && put_indicators(p, plan, pl, err) && put_elements(p, plan, pl, err) &&
           put_rules(p, plan, pl, err);
}

/* ---- a new plan -------------------------------------------------------------------- */

/* 1 when a plan has that code, 0 not, -1 error. */
static int code_taken(void *backend, const char *code, pm_err *err)
{
    pgs *p = backend;
    pg_args a = {0};
    pg_arg_text(&a, code);
    PGresult *r = pg_run(p, SQL_CODE_ID, &a, err, "查找规划代码失败");
    int taken = r ? PQntuples(r) > 0 : -1;
    PQclear(r);
    return taken;
}

static bool not_there(pgs *p, const char *title, const pm_plan *pl, pm_err *err)
{
    pg_args a = {0};
    pg_arg_text(&a, title);
    pg_arg_int(&a, pl->base_year);
    pg_arg_int(&a, pl->target_year);
    PGresult *r = pg_run(p, SQL_SAME, &a, err, "查找同名规划失败");
    if (r && PQntuples(r))
        pm_err_set(err, 0, "数据库中已有规划“%s”（%d—%d年，代码 %s），不能重复载入；要改动它请先备份，再新建数据库",
                   title, pl->base_year + 1, pl->target_year, PQgetvalue(r, 0, 0));
    bool free_to_add = r && !PQntuples(r);
    PQclear(r);
    return free_to_add;
}

static bool make_default(pgs *p, long id, pm_err *err)
{
    pg_args a = {0};
    pg_arg_int(&a, id);
    return pg_do(p, SQL_NO_DEFAULT, NULL, err, "更改默认规划失败") &&
           pg_do(p, SQL_SET_DEFAULT, &a, err, "设置默认规划失败");
}

static bool insert_plan(pgs *p, const pm_plan *pl, const char *code, bool as_default, char **code_out,
                        pm_err *err)
{
    const char *title = pl->title && *pl->title ? pl->title : "未命名规划";
    long any = 0;
    if (!pg_plan_id(p, &any, err) || !not_there(p, title, pl, err))
        return false;
    char *c = pm_plan_new_code(p, code_taken, pl, code, err);
    PGresult *r = NULL;
    if (c) {
        pg_args a = {0};
        pg_arg_text(&a, c);
        pg_arg_text(&a, title);
        pg_arg_int(&a, pl->base_year);
        pg_arg_int(&a, pl->target_year);
        r = pg_run(p, SQL_INSERT, &a, err, "保存规划失败");
    }
    long id = r ? (long)pg_int(r, 0, 0) : 0;
    PQclear(r);
    bool ok = id > 0 && ((!as_default && any) || make_default(p, id, err)) && put_parts(p, id, pl, err);
    if (ok) {
        p->plan_id = id;
        if (code_out)
            *code_out = c, c = NULL;
    }
    free(c);
    return ok;
}

bool pg_plan_work_begin(pgs *p, bool *outer, long *plan, pm_err *err)
{
    *plan = 0;
    if (!pg_work_begin(p, outer, err))
        return false;
    if (pg_plan_id(p, plan, err))
        return true;
    pg_work_end(p, *outer, false, err);
    return false;
}

bool pg_arg_plan(pgs *p, pg_args *a, pm_err *err)
{
    long plan = 0;
    if (!pg_plan_id(p, &plan, err))
        return false;
    pg_arg_int(a, plan);
    return true;
}

bool pg_put_plan(void *impl, const pm_plan *pl, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    long plan = 0;
    if (!pg_plan_work_begin(p, &outer, &plan, err))
        return false;
    if (!plan)
        return pg_work_end(p, outer, insert_plan(p, pl, NULL, true, NULL, err), err);
    pg_args a = {0};
    pg_arg_text(&a, pl->title ? pl->title : "未命名规划");
    pg_arg_int(&a, pl->base_year);
    pg_arg_int(&a, pl->target_year);
    pg_arg_int(&a, plan);
    bool ok = pg_do(p, SQL_PLAN_SET, &a, err, "保存规划失败（同名同期的规划已有一个）") && put_parts(p, plan, pl, err);
    return pg_work_end(p, outer, ok, err);
}

/* ---- reading ------------------------------------------------------------------------- */

bool pg_has_plan(void *impl)
{
    pm_err ignored = {0};
    long plan = 0;
    return pg_plan_id(impl, &plan, &ignored) && plan > 0;
}

static void indicator_row(pm_indicator *x, const PGresult *r, int i)
{
    x->code = pg_dup0(r, i, 0);
    x->no = (int)pg_int(r, i, 1);
    x->domain = pg_dup0(r, i, 2);
    x->subdomain = pg_dup(r, i, 3);
    x->name = pg_dup0(r, i, 4);
    x->unit = pg_dup0(r, i, 5);
    x->baseline = pg_real(r, i, 6);
    x->target = pg_real(r, i, 7);
    if (!pm_target_op_parse(PQgetvalue(r, i, 8), &x->target_op))
        x->target_op = PM_OP_EQ; /* the CHECK constraint rules this out */
    x->binding = pg_int(r, i, 9) != 0;
    x->cumulative = pg_int(r, i, 10) != 0;
    x->polarity = pg_int(r, i, 11) < 0 ? -1 : 1;
    x->formula = pg_dup(r, i, 12);
    x->rate = pg_int(r, i, 13) != 0;
    x->line = (long)pg_int(r, i, 14);
    x->qualitative = pg_int(r, i, 15) != 0;
    x->target_text = pg_dup(r, i, 16);
    x->baseline_text = pg_dup(r, i, 17);
    x->note = pg_dup(r, i, 18);
    pm_parts_read(x, pg_null(r, i, 19) ? NULL : PQgetvalue(r, i, 19));
    x->cont_plan = pg_dup(r, i, 20);
    x->cont_code = pg_dup(r, i, 21);
}

static void element_row(pm_element *e, const PGresult *r, int i)
{
    e->id = (long)pg_int(r, i, 0);
    e->code = pg_dup0(r, i, 1);
    e->name = pg_dup0(r, i, 2);
    e->unit = pg_dup0(r, i, 3);
    if (!pm_agg_parse(PQgetvalue(r, i, 4), &e->agg))
        e->agg = PM_AGG_SUM;
    if (!pm_kind_parse(PQgetvalue(r, i, 5), &e->kind))
        e->kind = PM_KIND_NUMBER;
    e->level = (int)pg_int(r, i, 6);
}

static void rule_row(pm_rule *x, const PGresult *r, int i)
{
    x->left = pg_dup0(r, i, 0);
    if (!pm_rule_op_parse(PQgetvalue(r, i, 1), &x->op))
        x->op = PM_RULE_LE;
    x->right = pg_dup0(r, i, 2);
    x->error = !strcmp(PQgetvalue(r, i, 3), "error");
    x->message = pg_dup(r, i, 4);
}

/* The parts of plan `plan` into pl, in the caller's read transaction. */
static bool get_parts(pgs *p, long plan, pm_plan *pl, pm_err *err)
{
    PGresult *r = by_plan(p, SQL_PLAN_GET, plan, err, "读取规划失败");
    if (r && !PQntuples(r))
        pm_err_set(err, 0, "数据库 %s 中还没有规划", p->where);
    bool ok = r && PQntuples(r);
    if (ok) {
        pl->title = pg_dup(r, 0, 0);
        pl->base_year = (int)pg_int(r, 0, 1);
        pl->target_year = (int)pg_int(r, 0, 2);
        pl->code = pg_dup(r, 0, 3);
    }
    PQclear(r);
    if (ok && (ok = (r = by_plan(p, SQL_GOAL_GET, plan, err, "读取规划目标失败")) != NULL)) {
        pl->ngoals = (size_t)PQntuples(r);
        pl->goals = pl->ngoals ? xcalloc(pl->ngoals, sizeof *pl->goals) : NULL;
        for (int i = 0; i < PQntuples(r); i++) {
            pl->goals[i].label = pg_dup0(r, i, 0);
            pl->goals[i].title = pg_dup0(r, i, 1);
            pl->goals[i].domain = pg_dup(r, i, 2);
        }
        PQclear(r);
    }
    if (ok && (ok = (r = by_plan(p, SQL_IND_GET, plan, err, "读取规划指标失败")) != NULL)) {
        pl->nind = (size_t)PQntuples(r);
        pl->ind = pl->nind ? xcalloc(pl->nind, sizeof *pl->ind) : NULL;
        for (int i = 0; i < PQntuples(r); i++)
            indicator_row(&pl->ind[i], r, i);
        PQclear(r);
    }
    if (ok && (ok = (r = by_plan(p, SQL_ELEM_GET, plan, err, "读取数据项失败")) != NULL)) {
        pl->nelem = (size_t)PQntuples(r);
        pl->elem = pl->nelem ? xcalloc(pl->nelem, sizeof *pl->elem) : NULL;
        for (int i = 0; i < PQntuples(r); i++)
            element_row(&pl->elem[i], r, i);
        PQclear(r);
    }
    if (ok && (ok = (r = by_plan(p, SQL_RULE_GET, plan, err, "读取校验规则失败")) != NULL)) {
        pl->nrules = (size_t)PQntuples(r);
        pl->rules = pl->nrules ? xcalloc(pl->nrules, sizeof *pl->rules) : NULL;
        for (int i = 0; i < PQntuples(r); i++)
            rule_row(&pl->rules[i], r, i);
        PQclear(r);
    }
    return ok;
}

/* One read transaction (REPEATABLE READ when it is ours), so that the
 * parts belong to the same plan while another process replaces it. */
bool pg_get_plan(void *impl, pm_plan *pl, pm_err *err)
{
    pgs *p = impl;
    memset(pl, 0, sizeof *pl);
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    long plan = 0;
    bool ok = (!outer || pg_exec(p, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", err, "开始读事务失败")) &&
              pg_plan_id(p, &plan, err) && get_parts(p, plan, pl, err);
    ok = pg_work_end(p, outer, ok, err);
    if (!ok)
        pm_plan_free(pl);
    return ok;
}

/* ---- the plan set --------------------------------------------------------------------- */

static pm_plan_row *list(pgs *p, size_t *n, pm_err *err)
{
    *n = 0;
    PGresult *r = pg_run(p, SQL_LIST, NULL, err, "读取规划列表失败");
    if (!r)
        return NULL;
    *n = (size_t)PQntuples(r);
    pm_plan_row *rows = xcalloc(*n ? *n : 1, sizeof *rows);
    for (int i = 0; i < PQntuples(r); i++) {
        rows[i].id = (long)pg_int(r, i, 0);
        rows[i].info.code = pg_dup0(r, i, 1);
        rows[i].info.title = pg_dup0(r, i, 2);
        rows[i].info.base_year = (int)pg_int(r, i, 3);
        rows[i].info.target_year = (int)pg_int(r, i, 4);
        rows[i].info.is_default = pg_int(r, i, 5) != 0;
        rows[i].info.nind = (size_t)pg_int(r, i, 6);
    }
    PQclear(r);
    return rows;
}

static bool pg_plans(void *impl, pm_plan_info **out, size_t *n, pm_err *err)
{
    pgs *p = impl;
    *out = NULL;
    *n = 0;
    long in_use = 0;
    if (!pg_plan_id(p, &in_use, err))
        return false;
    size_t nr = 0;
    pm_plan_row *r = list(p, &nr, err);
    if (!r)
        return false;
    if (nr) {
        *out = xcalloc(nr, sizeof **out);
        for (size_t i = 0; i < nr; i++) {
            (*out)[i] = r[i].info;
            (*out)[i].in_use = r[i].id == in_use;
        }
        *n = nr;
    }
    free(r);
    return true;
}

static bool pg_use_plan(void *impl, const char *key, pm_err *err)
{
    pgs *p = impl;
    if (!key) {
        p->plan_id = 0;
        return true;
    }
    size_t n = 0;
    pm_plan_row *r = list(p, &n, err);
    long id = r ? pm_plan_key_find(r, n, key, err) : 0;
    pm_plan_rows_free(r, n);
    if (id > 0)
        p->plan_id = id;
    return id > 0;
}

/* The plan key names (NULL: the database's default), as sqlite_plans.c's
 * resolve. */
static bool resolve(pgs *p, const char *key, long *id, pm_err *err)
{
    if (!key) {
        long saved = p->plan_id;
        p->plan_id = 0;
        bool ok = pg_plan_id(p, id, err);
        p->plan_id = saved;
        if (ok && !*id)
            pm_err_set(err, 0, "数据库中还没有规划");
        return ok && *id;
    }
    size_t n = 0;
    pm_plan_row *r = list(p, &n, err);
    *id = r ? pm_plan_key_find(r, n, key, err) : 0;
    pm_plan_rows_free(r, n);
    return *id > 0;
}

/* Whether plan has indicator code: 1, 0, -1 with err set. */
static int indicator_of(pgs *p, long plan, const char *code, pm_err *err)
{
    pg_args q = {0};
    pg_arg_int(&q, plan);
    pg_arg_text(&q, code);
    PGresult *r = pg_run(p, SQL_IND_OF, &q, err, "查找指标失败");
    int got = r ? PQntuples(r) > 0 : -1;
    PQclear(r);
    return got;
}

/* The years and code of plan id (from the list). */
static bool years_of(pgs *p, long id, int *base, int *target, char **code, pm_err *err)
{
    size_t n = 0;
    pm_plan_row *r = list(p, &n, err);
    bool found = false;
    for (size_t i = 0; r && i < n; i++)
        if (r[i].id == id) {
            *base = r[i].info.base_year;
            *target = r[i].info.target_year;
            *code = xstrdup(r[i].info.code);
            found = true;
        }
    pm_plan_rows_free(r, n);
    return found;
}

/* From's indicator from_code may be continued by plan: from ends no later
 * than plan begins and has the indicator (sqlite_plans.c's rule). */
static bool continue_check(pgs *p, long plan, long from, const char *from_code, pm_err *err)
{
    int b0 = 0, t0 = 0, b1 = 0, t1 = 0;
    char *c0 = NULL, *c1 = NULL;
    bool ok = years_of(p, from, &b0, &t0, &c0, err) && years_of(p, plan, &b1, &t1, &c1, err);
    if (ok && (from == plan || t0 > b1)) {
        pm_err_set(err, 0, "指标只能接续更早的规划：规划 %s（%d—%d年）不早于规划 %s（%d—%d年）", c0, b0 + 1, t0, c1,
                   b1 + 1, t1);
        ok = false;
    }
    int got = ok ? indicator_of(p, from, from_code, err) : -1;
    if (got == 0)
        pm_err_set(err, 0, "规划 %s 中没有指标“%s”", c0, from_code);
    free(c0);
    free(c1);
    return got == 1;
}

static bool continues_ok(pgs *p, long plan, const char *from_plan, const char *from_code, pm_err *err)
{
    long from = 0;
    return resolve(p, from_plan, &from, err) && continue_check(p, plan, from, from_code, err);
}

static bool pg_add_plan(void *impl, const pm_plan *pl, const char *code, bool as_default, char **code_out,
                        pm_err *err)
{
    pgs *p = impl;
    long before = p->plan_id;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = insert_plan(p, pl, code, as_default, code_out, err);
    /* As SQLite's: the continuing indicators the plan comes with follow
     * `plan continue`'s rule; a refusal rolls the plan back. */
    for (size_t i = 0; ok && i < pl->nind; i++) {
        const pm_indicator *x = &pl->ind[i];
        if (x->cont_plan && !continues_ok(p, p->plan_id, x->cont_plan, x->cont_code, err)) {
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err->msg);
            pm_err_set(err, 0, "指标 %d（%s）不能接续 %s:%s：%s", x->no, x->code, x->cont_plan, x->cont_code, why);
            ok = false;
        }
    }
    ok = pg_work_end(p, outer, ok, err);
    if (!ok)
        p->plan_id = before;
    return ok;
}

static bool pg_set_default(void *impl, const char *key, pm_err *err)
{
    pgs *p = impl;
    size_t n = 0;
    pm_plan_row *r = list(p, &n, err);
    long id = r ? pm_plan_key_find(r, n, key, err) : 0;
    pm_plan_rows_free(r, n);
    bool outer;
    if (!id || !pg_work_begin(p, &outer, err))
        return false;
    return pg_work_end(p, outer, make_default(p, id, err), err);
}

static bool pg_continue_from(void *impl, const char *code, const char *from_plan, const char *from_code,
                             pm_err *err)
{
    pgs *p = impl;
    bool outer;
    long plan = 0, from = 0;
    if (!pg_plan_work_begin(p, &outer, &plan, err))
        return false;
    int got = indicator_of(p, plan, code, err);
    if (got == 0)
        pm_err_set(err, 0, "当前规划中没有指标“%s”", code);
    bool ok = got == 1 &&
         (!from_plan || (resolve(p, from_plan, &from, err) && continue_check(p, plan, from, from_code, err)));
    if (ok) {
        char what[200];
        snprintf(what, sizeof what, "保存指标 %s 的接续关系失败", code);
        pg_args a = {0};
        pg_arg_id(&a, from_plan ? from : 0);
        pg_arg_text(&a, from_plan ? from_code : NULL);
        pg_arg_int(&a, plan);
        pg_arg_text(&a, code);
        ok = pg_do(p, SQL_CONTINUE, &a, err, what);
    }
    return pg_work_end(p, outer, ok, err);
}

static bool pg_judge(void *impl, const pm_judgment *j, pm_err *err)
{
    pgs *p = impl;
    long plan = 0, unit = 0;
    if (!pg_plan_id(p, &plan, err))
        return false;
    pg_args q = {0};
    pg_arg_int(&q, plan);
    pg_arg_text(&q, j->indicator);
    PGresult *r = pg_run(p, SQL_IND_OF, &q, err, "查找指标失败");
    if (!r)
        return false;
    int got = PQntuples(r) > 0;
    bool qualitative = got && pg_int(r, 0, 0) != 0;
    PQclear(r);
    if (!got)
        pm_err_set(err, 0, "规划中没有指标“%s”", j->indicator);
    else if (!qualitative)
        pm_err_set(err, 0, "指标“%s”有数值目标，由数据评估，不能人工评价（人工评价只用于文字目标的定性指标）",
                   j->indicator);
    if (!got || !qualitative || pg_find_unit(p, j->unit, &unit, err) != 1)
        return false;
    char at[40], what[200];
    snprintf(what, sizeof what, "保存指标 %s 的人工评价失败", j->indicator);
    pg_args a = {0};
    pg_arg_int(&a, plan);
    pg_arg_text(&a, j->indicator);
    pg_arg_int(&a, unit);
    pg_arg_int(&a, j->year);
    pg_arg_text(&a, pm_verdict_key(j->verdict));
    pg_arg_text(&a, j->note && *j->note ? j->note : NULL);
    pg_arg_text(&a, pg_now(at, sizeof at));
    pg_arg_text(&a, j->who);
    return pg_do(p, SQL_JUDGE, &a, err, what);
}

static bool pg_judgments(void *impl, const char *indicator, pm_judgment **out, size_t *n, pm_err *err)
{
    pgs *p = impl;
    *out = NULL;
    *n = 0;
    pg_args a = {0};
    if (!pg_arg_plan(p, &a, err))
        return false;
    pg_arg_text(&a, indicator);
    PGresult *r = pg_run(p, SQL_JUDGMENTS, &a, err, "读取人工评价失败");
    if (!r)
        return false;
    *n = (size_t)PQntuples(r);
    *out = *n ? xcalloc(*n, sizeof **out) : NULL;
    for (int i = 0; i < PQntuples(r); i++) {
        pm_judgment *j = &(*out)[i];
        j->indicator = pg_dup0(r, i, 0);
        j->unit = pg_dup0(r, i, 1);
        j->year = (int)pg_int(r, i, 2);
        if (!pm_verdict_parse(PQgetvalue(r, i, 3), &j->verdict))
            j->verdict = PM_VERDICT_NOT;
        j->note = pg_dup(r, i, 4);
        j->at = pg_dup0(r, i, 5);
        j->who = pg_dup0(r, i, 6);
    }
    PQclear(r);
    return true;
}

const pm_plan_ops pm_pg_plan_ops = {
    .plans = pg_plans,
    .use_plan = pg_use_plan,
    .add_plan = pg_add_plan,
    .set_default = pg_set_default,
    .continue_from = pg_continue_from,
    .judge = pg_judge,
    .judgments = pg_judgments,
};
