/* The SQLite backend's unit targets (分解目标; sqlite_backend.h). */
#include "store/sqlite_backend.h"
#include "store/sqlite_bind.h"
#include "store/store.h"

static const char SQL_TGT_DEL[] = "DELETE FROM unit_target";
static const char SQL_TGT_INS[] = "INSERT INTO unit_target(unit_id, indicator_code, baseline, target)"
                                  " VALUES (:unit_id, :indicator, :baseline, :target)";
static const char SQL_TGT_GET[] = "SELECT u.code, t.indicator_code, t.baseline, t.target FROM unit_target t"
                                  " JOIN org_unit u ON u.id = t.unit_id ORDER BY u.id, t.indicator_code";
static const char SQL_IND_EXISTS[] = "SELECT 1 FROM indicator WHERE code = :code";

static bool put_target(sq *s, sqlite3_stmt *st, const pm_unit_target *t, pm_err *err)
{
    long uid = 0;
    int found = sq_lookup_id(s, sq_sql_unit_id, t->unit, &uid, err);
    if (found == 0)
        pm_err_set(err, 0, "分解目标中的组织机构不存在：%s", t->unit);
    if (found != 1)
        return false;
    found = sq_lookup_id(s, SQL_IND_EXISTS, t->indicator, NULL, err);
    if (found == 0)
        pm_err_set(err, 0, "分解目标中的指标不存在：%s（组织机构 %s）", t->indicator, t->unit);
    if (found != 1)
        return false;
    int rc = SQLITE_OK;
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
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = sq_exec(s, SQL_TGT_DEL, err, "清除分解目标");
    sqlite3_stmt *st = ok ? sq_use(s, SQL_TGT_INS, err) : NULL;
    ok = st != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = put_target(s, st, &t[i], err);
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
    *n = 0;
    bool ok;
    *t = sq_collect(s, sq_use(s, SQL_TGT_GET, err), NULL, n, sizeof **t, target_row, &ok, err,
                    "读取分解目标失败");
    if (!ok) {
        pm_unit_targets_free(*t, *n);
        *t = NULL;
        *n = 0;
    }
    return ok;
}
