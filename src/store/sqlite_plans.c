/* The SQLite backend's plan set (store/plans.h): which plans there are,
 * choosing one by code, period or title, adding one, the default,
 * continuing indicators, and the judgments by hand of qualitative
 * indicators. The content of one plan, the plan a connection works on and
 * a new plan's row are sqlite_plan.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "store/plans_backend.h"
#include "store/sqlite_backend.h"
#include "store/plan_key.h"
#include "store/sqlite_bind.h"

static const char SQL_LIST[] =
    "SELECT p.id, p.code, p.title, p.base_year, p.target_year, p.is_default,"
    " (SELECT count(*) FROM indicator i WHERE i.plan_id = p.id) FROM plan p ORDER BY p.id";
static const char SQL_IND_OF[] = "SELECT qualitative FROM indicator WHERE plan_id = :plan AND code = :code";
static const char SQL_CONTINUE[] = "UPDATE indicator SET continues_plan = :from_plan, continues_code = :from_code"
                                   " WHERE plan_id = :plan AND code = :code";
static const char SQL_JUDGE[] =
    "INSERT INTO manual_judgment(plan_id, indicator_code, unit_id, year, verdict, note, at, who)"
    " VALUES (:plan, :code, :unit, :year, :verdict, :note, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), :who)";
static const char SQL_JUDGMENTS[] =
    "SELECT j.indicator_code, u.code, j.year, j.verdict, j.note, j.at, j.who FROM manual_judgment j"
    " JOIN org_unit u ON u.id = j.unit_id WHERE j.plan_id = :plan"
    " AND (:code IS NULL OR j.indicator_code = :code) ORDER BY j.id";

static void list_row(void *item, sqlite3_stmt *st)
{
    pm_plan_row *r = item;
    r->id = (long)sqlite3_column_int64(st, 0);
    r->info.code = sq_col_dup0(st, 1);
    r->info.title = sq_col_dup0(st, 2);
    r->info.base_year = sqlite3_column_int(st, 3);
    r->info.target_year = sqlite3_column_int(st, 4);
    r->info.is_default = sqlite3_column_int(st, 5) != 0;
    r->info.nind = (size_t)sqlite3_column_int64(st, 6);
}

static pm_plan_row *list(sq *s, size_t *n, bool *ok, pm_err *err)
{
    *n = 0;
    return sq_collect(s, sq_use(s, SQL_LIST, err), NULL, n, sizeof(pm_plan_row), list_row, ok, err, "读取规划列表失败");
}

/* The id key names (NULL: the default), in a unit of work already begun. */
static bool resolve(sq *s, const char *key, long *id, pm_err *err)
{
    if (!key) {
        long saved = s->plan_id;
        s->plan_id = 0;
        bool ok = sq_plan_id(s, id, err);
        s->plan_id = saved;
        if (ok && !*id)
            pm_err_set(err, 0, "数据库中还没有规划");
        return ok && *id;
    }
    size_t n;
    bool ok;
    pm_plan_row *r = list(s, &n, &ok, err);
    *id = ok ? pm_plan_key_find(r, n, key, err) : 0;
    pm_plan_rows_free(r, n);
    return *id > 0;
}

static bool sq_plans(void *impl, pm_plan_info **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    *out = NULL;
    *n = 0;
    bool outer, ok;
    if (!sq_work_begin(s, false, &outer, err))
        return false;
    long in_use = 0;
    size_t nr = 0;
    pm_plan_row *r = NULL;
    ok = sq_plan_id(s, &in_use, err);
    if (ok)
        r = list(s, &nr, &ok, err);
    ok = sq_work_end(s, outer, ok, err);
    if (ok && nr) {
        *out = xcalloc(nr, sizeof **out);
        for (size_t i = 0; i < nr; i++) {
            (*out)[i] = r[i].info;
            (*out)[i].in_use = r[i].id == in_use;
        }
        *n = nr;
        free(r);
        return true;
    }
    pm_plan_rows_free(r, nr);
    return ok;
}

static bool sq_use_plan(void *impl, const char *key, pm_err *err)
{
    sq *s = impl;
    if (!key) {
        s->plan_id = 0;
        return true;
    }
    bool outer;
    if (!sq_work_begin(s, false, &outer, err))
        return false;
    long id = 0;
    bool ok = resolve(s, key, &id, err);
    ok = sq_work_end(s, outer, ok, err);
    if (ok)
        s->plan_id = id;
    return ok;
}

static bool continues_ok(sq *s, long plan, const char *from_plan, const char *from_code, pm_err *err);

static bool sq_add_plan(void *impl, const pm_plan *p, const char *code, bool as_default, char **code_out,
                        pm_err *err)
{
    sq *s = impl;
    bool outer;
    long before = s->plan_id;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = sq_insert_plan(s, p, code, as_default, code_out, err);
    /* The same rule as `plan continue` for the continuing indicators the
     * plan comes with: only an earlier plan's indicator (so no chain of
     * continuations comes back to a plan); a refusal rolls the plan back. */
    for (size_t i = 0; ok && i < p->nind; i++) {
        const pm_indicator *x = &p->ind[i];
        if (x->cont_plan && !continues_ok(s, s->plan_id, x->cont_plan, x->cont_code, err)) {
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err->msg);
            pm_err_set(err, 0, "指标 %d（%s）不能接续 %s:%s：%s", x->no, x->code, x->cont_plan, x->cont_code, why);
            ok = false;
        }
    }
    ok = sq_work_end(s, outer, ok, err);
    if (!ok)
        s->plan_id = before;
    return ok;
}

static bool sq_set_default(void *impl, const char *key, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    long id = 0;
    bool ok = resolve(s, key, &id, err) && sq_make_default(s, id, err);
    return sq_work_end(s, outer, ok, err);
}

/* 1 when plan holds indicator code (*qualitative set), 0 not, -1 error. */
static int indicator_of(sq *s, long plan, const char *code, bool *qualitative, pm_err *err)
{
    sqlite3_stmt *st = sq_use(s, SQL_IND_OF, err);
    if (!st)
        return -1;
    int rc = SQLITE_OK;
    sq_bind_int(st, ":plan", plan, &rc);
    sq_bind_text(st, ":code", code, &rc);
    int got = sq_one(s, st, rc, err, "查找指标失败");
    if (got == 1) {
        if (qualitative)
            *qualitative = sqlite3_column_int(st, 0) != 0;
        sq_done(st);
    }
    return got;
}

/* The years of plan id (from the list). */
static bool years_of(sq *s, long id, int *base, int *target, char **code, pm_err *err)
{
    size_t n;
    bool ok;
    pm_plan_row *r = list(s, &n, &ok, err);
    bool found = false;
    for (size_t i = 0; ok && i < n; i++)
        if (r[i].id == id) {
            *base = r[i].info.base_year;
            *target = r[i].info.target_year;
            *code = xstrdup(r[i].info.code);
            found = true;
        }
    pm_plan_rows_free(r, n);
    return found;
}

static bool continue_check(sq *s, long plan, long from, const char *from_code, pm_err *err)
{
    int b0 = 0, t0 = 0, b1 = 0, t1 = 0;
    char *c0 = NULL, *c1 = NULL;
    bool ok = years_of(s, from, &b0, &t0, &c0, err) && years_of(s, plan, &b1, &t1, &c1, err);
    if (ok && (from == plan || t0 > b1)) {
        pm_err_set(err, 0, "指标只能接续更早的规划：规划 %s（%d—%d年）不早于规划 %s（%d—%d年）", c0, b0 + 1, t0, c1,
                   b1 + 1, t1);
        ok = false;
    }
    int got = ok ? indicator_of(s, from, from_code, NULL, err) : -1;
    if (got == 0)
        pm_err_set(err, 0, "规划 %s 中没有指标“%s”", c0, from_code);
    free(c0);
    free(c1);
    return got == 1;
}

/* Whether an indicator of plan may continue indicator from_code of the plan
 * from_plan names: that plan exists, ends no later than plan begins (so a
 * chain of continuations only goes back in time and never closes on
 * itself) and has the indicator. False with err saying which. */
static bool continues_ok(sq *s, long plan, const char *from_plan, const char *from_code, pm_err *err)
{
    long from = 0;
    return resolve(s, from_plan, &from, err) && continue_check(s, plan, from, from_code, err);
}

static bool sq_continue_from(void *impl, const char *code, const char *from_plan, const char *from_code,
                             pm_err *err)
{
    sq *s = impl;
    bool outer;
    long plan = 0, from = 0;
    if (!sq_plan_work_begin(s, true, &outer, &plan, err))
        return false;
    int got = indicator_of(s, plan, code, NULL, err);
    if (got == 0)
        pm_err_set(err, 0, "当前规划中没有指标“%s”", code);
    bool ok = got == 1 && (!from_plan || (resolve(s, from_plan, &from, err) &&
                                          continue_check(s, plan, from, from_code, err)));
    sqlite3_stmt *st = ok ? sq_use(s, SQL_CONTINUE, err) : NULL;
    if (st) {
        int rc = SQLITE_OK;
        if (from_plan)
            sq_bind_int(st, ":from_plan", from, &rc);
        else
            sq_bind_null(st, ":from_plan", &rc);
        sq_bind_text(st, ":from_code", from_plan ? from_code : NULL, &rc);
        sq_bind_int(st, ":plan", plan, &rc);
        sq_bind_text(st, ":code", code, &rc);
        ok = sq_run(s, st, rc, err, "保存指标 %s 的接续关系失败", code);
    } else {
        ok = false;
    }
    return sq_work_end(s, outer, ok, err);
}

static bool sq_judge(void *impl, const pm_judgment *j, pm_err *err)
{
    sq *s = impl;
    bool outer;
    long plan = 0, unit = 0;
    if (!sq_plan_work_begin(s, true, &outer, &plan, err))
        return false;
    bool qualitative = false;
    int got = indicator_of(s, plan, j->indicator, &qualitative, err);
    if (got == 0)
        pm_err_set(err, 0, "规划中没有指标“%s”", j->indicator);
    else if (got == 1 && !qualitative)
        pm_err_set(err, 0, "指标“%s”有数值目标，由数据评估，不能人工评价（人工评价只用于文字目标的定性指标）",
                   j->indicator);
    bool ok = got == 1 && qualitative && sq_find_unit(s, j->unit, &unit, err);
    sqlite3_stmt *st = ok ? sq_use(s, SQL_JUDGE, err) : NULL;
    if (st) {
        int rc = SQLITE_OK;
        sq_bind_int(st, ":plan", plan, &rc);
        sq_bind_text(st, ":code", j->indicator, &rc);
        sq_bind_int(st, ":unit", unit, &rc);
        sq_bind_int(st, ":year", j->year, &rc);
        sq_bind_text(st, ":verdict", pm_verdict_key(j->verdict), &rc);
        sq_bind_text(st, ":note", j->note && *j->note ? j->note : NULL, &rc);
        sq_bind_text(st, ":who", j->who, &rc);
        ok = sq_run(s, st, rc, err, "保存指标 %s 的人工评价失败", j->indicator);
    } else {
        ok = false;
    }
    return sq_work_end(s, outer, ok, err);
}

static void judgment_row(void *item, sqlite3_stmt *st)
{
    pm_judgment *j = item;
    j->indicator = sq_col_dup0(st, 0);
    j->unit = sq_col_dup0(st, 1);
    j->year = sqlite3_column_int(st, 2);
    const char *v = (const char *)sqlite3_column_text(st, 3);
    if (!v || !pm_verdict_parse(v, &j->verdict))
        j->verdict = PM_VERDICT_NOT; /* the CHECK constraint rules this out */
    j->note = sq_col_dup(st, 4);
    j->at = sq_col_dup0(st, 5);
    j->who = sq_col_dup0(st, 6);
}

static bool sq_judgments(void *impl, const char *indicator, pm_judgment **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    *out = NULL;
    *n = 0;
    bool outer, ok;
    long plan = 0;
    if (!sq_plan_work_begin(s, false, &outer, &plan, err))
        return false;
    sqlite3_stmt *st = sq_plan_stmt(s, SQL_JUDGMENTS, plan, err, "读取人工评价失败");
    int rc = SQLITE_OK;
    if (st)
        sq_bind_text(st, ":code", indicator, &rc);
    *out = sq_collect_bound(s, st, rc, NULL, n, sizeof **out, judgment_row, &ok, err, "读取人工评价失败");
    ok = sq_work_end(s, outer, ok, err);
    if (!ok) {
        pm_judgments_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

const pm_plan_ops pm_sqlite_plan_ops = {
    .plans = sq_plans,
    .use_plan = sq_use_plan,
    .add_plan = sq_add_plan,
    .set_default = sq_set_default,
    .continue_from = sq_continue_from,
    .judge = sq_judge,
    .judgments = sq_judgments,
};
