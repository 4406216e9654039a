/* The SQLite backend's unit targets (分解目标; sqlite_backend.h). */
#include "store/sqlite_backend.h"
#include "store/sqlite_bind.h"
#include "store/store.h"

/* The targets of the plan a connection works on (sq_plan_id). */
static const char SQL_TGT_DEL[] = "DELETE FROM unit_target WHERE plan_id = :plan";
static const char SQL_TGT_INS[] = "INSERT INTO unit_target(plan_id, unit_id, indicator_code, baseline, target)"
                                  " VALUES (:plan, :unit_id, :indicator, :baseline, :target)";
static const char SQL_TGT_GET[] = "SELECT u.code, t.indicator_code, t.baseline, t.target FROM unit_target t"
                                  " JOIN org_unit u ON u.id = t.unit_id WHERE t.plan_id = :plan"
                                  " ORDER BY u.id, t.indicator_code";
static const char SQL_IND_EXISTS[] = "SELECT 1 FROM indicator WHERE code = :code AND plan_id = :plan";

static bool put_target(sq *s, long plan, sqlite3_stmt *st, const pm_unit_target *t, pm_err *err)
{
    long uid = 0;
    int found = sq_lookup_id(s, sq_sql_unit_id, t->unit, &uid, err);
    if (found == 0)
        pm_err_set(err, 0, "分解目标中的组织机构不存在：%s", t->unit);
    if (found != 1)
        return false;
    sqlite3_stmt *q = sq_use(s, SQL_IND_EXISTS, err);
    int rc = SQLITE_OK;
    if (q) {
        sq_bind_int(q, ":plan", plan, &rc);
        sq_bind_text(q, ":code", t->indicator, &rc);
    }
    found = q ? sq_one(s, q, rc, err, "查找指标失败") : -1;
    if (found == 1)
        sq_done(q);
    if (found == 0)
        pm_err_set(err, 0, "分解目标中的指标不存在：%s（组织机构 %s）", t->indicator, t->unit);
    if (found != 1)
        return false;
    sq_bind_int(st, ":plan", plan, &rc);
    sq_bind_int(st, ":unit_id", uid, &rc);
    sq_bind_text(st, ":indicator", t->indicator, &rc);
    sq_bind_real(st, ":baseline", t->baseline, &rc);
    sq_bind_real(st, ":target", t->target, &rc);
    return sq_run(s, st, rc, err, "保存组织机构 %s 指标 %s 的分解目标失败（可能重复）", t->unit, t->indicator);
}

bool sq_put_targets(void *impl, const pm_unit_target *t, size_t n, pm_err *err)
{
    sq *s = impl;
    bool outer;
    long plan = 0;
    if (!sq_plan_work_begin(s, true, &outer, &plan, err))
        return false;
    sqlite3_stmt *st = sq_plan_stmt(s, SQL_TGT_DEL, plan, err, "清除分解目标失败");
    bool ok = st && sq_run(s, st, SQLITE_OK, err, "清除分解目标失败");
    st = ok ? sq_use(s, SQL_TGT_INS, err) : NULL;
    ok = st != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = put_target(s, plan, st, &t[i], err);
    return sq_work_end(s, outer, ok, err);
}

static void target_row(void *item, sqlite3_stmt *st)
{
    pm_unit_target *x = item;
    x->unit = sq_col_dup0(st, 0);
    x->indicator = sq_col_dup0(st, 1);
    x->baseline = sq_col_real(st, 2);
    x->target = sq_col_real(st, 3);
}

/* *t is a malloc'd array the caller frees with pm_unit_targets_free;
 * NULL with *n = 0 when there are none (and on failure). */
bool sq_get_targets(void *impl, pm_unit_target **t, size_t *n, pm_err *err)
{
    sq *s = impl;
    *t = NULL;
    *n = 0;
    bool outer, ok;
    long plan = 0;
    if (!sq_plan_work_begin(s, false, &outer, &plan, err))
        return false;
    *t = sq_collect(s, sq_plan_stmt(s, SQL_TGT_GET, plan, err, "读取分解目标失败"), NULL, n, sizeof **t, target_row,
                    &ok, err, "读取分解目标失败");
    ok = sq_work_end(s, outer, ok, err);
    if (!ok) {
        pm_unit_targets_free(*t, *n);
        *t = NULL;
        *n = 0;
    }
    return ok;
}
