/* The SQLite backend's plan: the plan row, its goals, indicators and data
 * elements, and its validation rules (sqlite_backend.h). */
#include <string.h>

#include "base/mem.h"
#include "store/sqlite_backend.h"
#include "store/sqlite_bind.h"

static const char SQL_PLAN_DEL[] = "DELETE FROM plan";
static const char SQL_PLAN_INS[] = "INSERT INTO plan(id, title, base_year, target_year)"
                                   " VALUES (1, :title, :base_year, :target_year)";
static const char SQL_PLAN_GET[] = "SELECT title, base_year, target_year FROM plan WHERE id = 1";
static const char SQL_HAS_PLAN[] = "SELECT 1 FROM plan WHERE id = 1";

static const char SQL_GOAL_DEL[] = "DELETE FROM goal";
static const char SQL_GOAL_INS[] =
    "INSERT INTO goal(ord, label, title, domain) VALUES (:ord, :label, :title, :domain)";
static const char SQL_GOAL_GET[] = "SELECT label, title, domain FROM goal ORDER BY ord";

static const char SQL_IND_DEL[] = "DELETE FROM indicator";
static const char SQL_IND_INS[] =
    "INSERT INTO indicator(code, no, domain, subdomain, name, unit, baseline, target,"
    " target_op, binding, cumulative, polarity, formula, rate, line, ord)"
    " VALUES (:code, :no, :domain, :subdomain, :name, :unit, :baseline, :target,"
    " :target_op, :binding, :cumulative, :polarity, :formula, :rate, :line, :ord)";
static const char SQL_IND_GET[] =
    "SELECT code, no, domain, subdomain, name, unit, baseline, target, target_op,"
    " binding, cumulative, polarity, formula, rate, line FROM indicator ORDER BY ord";

static const char SQL_ELEM_RETIRE[] = "UPDATE element SET ord = NULL WHERE ord IS NOT NULL";
static const char SQL_ELEM_INPLAN[] = "SELECT 1 FROM element WHERE code = :code AND ord IS NOT NULL";
static const char SQL_ELEM_PUT[] =
    "INSERT INTO element(code, name, unit, agg, kind, level, ord)"
    " VALUES (:code, :name, :unit, :agg, :kind, :level, :ord)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, unit = excluded.unit,"
    " agg = excluded.agg, kind = excluded.kind, level = excluded.level,"
    " ord = excluded.ord";
/* Dropped elements go only when nothing refers to them: values and
 * their history outlive a change of plan. */
static const char SQL_ELEM_PURGE[] =
    "DELETE FROM element WHERE ord IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM data_value v WHERE v.element_id = element.id)"
    " AND NOT EXISTS (SELECT 1 FROM value_history h WHERE h.element_id = element.id)";
static const char SQL_ELEM_GET[] = "SELECT id, code, name, unit, agg, kind, level FROM element"
                                   " WHERE ord IS NOT NULL ORDER BY ord";

static const char SQL_RULE_DEL[] = "DELETE FROM validation_rule";
static const char SQL_RULE_INS[] =
    "INSERT INTO validation_rule(ord, left_code, op, right_code, severity, message)"
    " VALUES (:ord, :left, :op, :right, :severity, :message)";
static const char SQL_RULE_GET[] =
    "SELECT left_code, op, right_code, severity, message FROM validation_rule ORDER BY ord";

/* ---- writing ------------------------------------------------------------------- */

static bool put_rules(sq *s, const pm_plan *p, pm_err *err)
{
    if (!sq_exec(s, SQL_RULE_DEL, err, "清除校验规则"))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_RULE_INS, err);
    for (size_t i = 0; st && i < p->nrules; i++) {
        const pm_rule *r = &p->rules[i];
        int rc = SQLITE_OK;
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

static bool put_goals(sq *s, const pm_plan *p, pm_err *err)
{
    if (!sq_exec(s, SQL_GOAL_DEL, err, "清除规划目标"))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_GOAL_INS, err);
    for (size_t i = 0; st && i < p->ngoals; i++) {
        const pm_goal *g = &p->goals[i];
        int rc = SQLITE_OK;
        sq_bind_int(st, ":ord", (long long)i, &rc);
        sq_bind_text(st, ":label", g->label, &rc);
        sq_bind_text(st, ":title", g->title, &rc);
        sq_bind_text(st, ":domain", g->domain, &rc);
        if (!sq_run(s, st, rc, err, "保存规划目标 %s 失败", g->label))
            return false;
    }
    return st != NULL;
}

static bool put_indicators(sq *s, const pm_plan *p, pm_err *err)
{
    if (!sq_exec(s, SQL_IND_DEL, err, "清除规划指标"))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_IND_INS, err);
    for (size_t i = 0; st && i < p->nind; i++) {
        const pm_indicator *x = &p->ind[i];
        int rc = SQLITE_OK;
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
        if (!sq_run(s, st, rc, err, "保存指标 %s（序号 %d）失败，代码或序号可能重复", x->code, x->no))
            return false;
    }
    return st != NULL;
}

/* Upserts the plan's elements by code (ids stay), after marking every
 * stored element retired; elements still retired afterwards and unused
 * by any value go. */
static bool put_elements(sq *s, const pm_plan *p, pm_err *err)
{
    if (!sq_exec(s, SQL_ELEM_RETIRE, err, "整理数据项"))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_ELEM_PUT, err);
    if (!st)
        return false;
    for (size_t i = 0; i < p->nelem; i++) {
        const pm_element *e = &p->elem[i];
        /* Back in the plan already means this put named the code twice. */
        int dup = sq_lookup_id(s, SQL_ELEM_INPLAN, e->code, NULL, err);
        if (dup < 0)
            return false;
        if (dup) {
            pm_err_set(err, 0, "规划中数据项代码重复：%s", e->code);
            return false;
        }
        int rc = SQLITE_OK;
        sq_bind_text(st, ":code", e->code, &rc);
        sq_bind_text(st, ":name", e->name, &rc);
        sq_bind_text(st, ":unit", e->unit ? e->unit : "", &rc);
        sq_bind_text(st, ":agg", pm_agg_str(e->agg), &rc);
        sq_bind_text(st, ":kind", pm_kind_str(e->kind), &rc);
        sq_bind_int(st, ":level", e->level, &rc);
        sq_bind_int(st, ":ord", (long long)i, &rc);
        if (!sq_run(s, st, rc, err, "保存数据项 %s 失败", e->code))
            return false;
    }
    return sq_exec(s, SQL_ELEM_PURGE, err, "删除规划不再使用的数据项");
}

bool sq_put_plan(void *impl, const pm_plan *p, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = sq_exec(s, SQL_PLAN_DEL, err, "清除规划");
    sqlite3_stmt *st = ok ? sq_use(s, SQL_PLAN_INS, err) : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_text(st, ":title", p->title, &rc);
        sq_bind_int(st, ":base_year", p->base_year, &rc);
        sq_bind_int(st, ":target_year", p->target_year, &rc);
        ok = sq_run(s, st, rc, err, "保存规划失败");
    } else {
        ok = false;
    }
    ok = ok && put_goals(s, p, err) && put_indicators(s, p, err) && put_elements(s, p, err) &&
         put_rules(s, p, err);
    return sq_work_end(s, outer, ok, err);
}

/* ---- reading -------------------------------------------------------------------- */

bool sq_has_plan(void *impl)
{
    sq *s = impl;
    pm_err ignored = {0};
    sqlite3_stmt *st = sq_use(s, SQL_HAS_PLAN, &ignored);
    bool has = st && sq_one(s, st, SQLITE_OK, &ignored, "读取规划") == 1;
    if (has)
        sq_done(st);
    return has;
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
static bool get_plan_row(sq *s, pm_plan *p, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_PLAN_GET, err);
    int got = st ? sq_one(s, st, SQLITE_OK, err, "读取规划失败") : -1;
    if (got == 0)
        pm_err_set(err, 0, "数据库 %s 中还没有规划", s->path);
    if (got != 1)
        return false;
    p->title = sq_col_dup(st, 0);
    p->base_year = sqlite3_column_int(st, 1);
    p->target_year = sqlite3_column_int(st, 2);
    sq_done(st);
    return true;
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
    bool ok = get_plan_row(s, p, err);
    if (ok)
        p->goals = sq_collect(s, sq_use(s, SQL_GOAL_GET, err), p->goals, &p->ngoals, sizeof *p->goals,
                              goal_row, &ok, err, "读取规划目标失败");
    if (ok)
        p->ind = sq_collect(s, sq_use(s, SQL_IND_GET, err), p->ind, &p->nind, sizeof *p->ind,
                            indicator_row, &ok, err, "读取规划指标失败");
    if (ok)
        p->elem = sq_collect(s, sq_use(s, SQL_ELEM_GET, err), p->elem, &p->nelem, sizeof *p->elem,
                             element_row, &ok, err, "读取数据项失败");
    if (ok)
        p->rules = sq_collect(s, sq_use(s, SQL_RULE_GET, err), p->rules, &p->nrules, sizeof *p->rules, rule_row,
                              &ok, err, "读取校验规则失败");
    /* Nothing was written: ending the read is a commit that cannot fail
     * for want of data, and a failure there is still reported. */
    ok = sq_work_end(s, outer, ok, err);
    if (!ok)
        pm_plan_free(p);
    return ok;
}
