/* Review levels on the PostgreSQL backend (store/review.h): the table
 * review_level, and the chain of engine/review.h as the integer arrays
 * the review moves index (pg_values.c), so that the one chain in C decides
 * every figure's next level on both backends (SQLite calls it through an
 * SQL function, sqlite_levels.c). */
#include <stdio.h>
#include <string.h>

#include "store/pg_backend.h"
#include "store/pg_collect.h"

static const char SQL_LEVELS[] = "SELECT level, name, unit_level FROM review_level ORDER BY level";
static const char SQL_LEVELS_CLEAR[] = "DELETE FROM review_level";
static const char SQL_LEVEL_ADD[] = "INSERT INTO review_level(level, name, unit_level) VALUES ($1, $2, $3)";
/* Figures waiting under the old levels wait at the new first level that
 * applies to their unit: $1 is pg_level_chain's array for SUBMITTED from 0. */
static const char SQL_LEVELS_REQUEUE[] = "UPDATE data_value v SET review_level ="
                                         " ($1::integer[])[(SELECT level FROM org_unit WHERE id = v.unit_id) + 1]"
                                         " WHERE state = 1";

bool pg_review_levels(void *impl, pm_review_levels *out, pm_err *err)
{
    memset(out, 0, sizeof *out);
    PGresult *r = pg_run(impl, SQL_LEVELS, NULL, err, "读取审核层级失败");
    if (!r)
        return false;
    for (int i = 0; i < PQntuples(r) && out->n < PM_REVIEW_LEVELS_MAX; i++) {
        pm_review_level *l = &out->l[out->n++];
        snprintf(l->name, sizeof l->name, "%s", PQgetvalue(r, i, 1));
        l->unit_level = (int)pg_int(r, i, 2);
    }
    PQclear(r);
    return true;
}

void pg_level_chain(const pm_review_levels *lv, pm_vstate to, int cur, char *out, size_t cap)
{
    size_t used = (size_t)snprintf(out, cap, "{");
    for (int ul = 0; ul < PG_UNIT_LEVELS && used < cap; ul++)
        used += (size_t)snprintf(out + used, cap - used, "%s%d", ul ? "," : "", pm_review_after(lv, to, cur, ul));
    if (used < cap)
        snprintf(out + used, cap - used, "}");
}

void pg_level_table(const pm_review_levels *lv, pm_vstate to, char *out, size_t cap)
{
    size_t used = (size_t)snprintf(out, cap, "{");
    for (int cur = 0; cur <= PM_REVIEW_LEVELS_MAX; cur++)
        for (int ul = 0; ul < PG_UNIT_LEVELS && used < cap; ul++)
            used += (size_t)snprintf(out + used, cap - used, "%s%d", cur || ul ? "," : "",
                                     pm_review_after(lv, to, cur, ul));
    if (used < cap)
        snprintf(out + used, cap - used, "}");
}

bool pg_set_review_levels(void *impl, const pm_review_levels *lv, pm_err *err)
{
    pgs *p = impl;
    bool outer;
    if (!pg_work_begin(p, &outer, err))
        return false;
    bool ok = pg_do(p, SQL_LEVELS_CLEAR, NULL, err, "清除审核层级失败");
    for (int k = 0; ok && k < lv->n; k++) {
        char what[100];
        snprintf(what, sizeof what, "写入第 %d 级审核失败", k + 1);
        pg_args a = {0};
        pg_arg_int(&a, k + 1);
        pg_arg_text(&a, lv->l[k].name);
        pg_arg_int(&a, lv->l[k].unit_level);
        ok = pg_do(p, SQL_LEVEL_ADD, &a, err, what);
    }
    if (ok) {
        char first[PG_CHAIN_CAP];
        pg_level_chain(lv, PM_VS_SUBMITTED, 0, first, sizeof first);
        pg_args a = {0};
        pg_arg_text(&a, first);
        ok = pg_do(p, SQL_LEVELS_REQUEUE, &a, err, "将待审数据排入新的审核层级失败");
    }
    return pg_work_end(p, outer, ok, err);
}
