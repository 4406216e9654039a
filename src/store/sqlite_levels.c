/* Review levels on the SQLite backend (store/review.h): the table
 * review_level, and the SQL function pm_review_after(to, cur, unit_level)
 * through which the review moves (sqlite_values.c) apply the one chain of
 * engine/review.h figure by figure. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/collect_backend.h"
#include "store/sqlite_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"
#include "store/sqlite_schema.h"

static const char SQL_LEVELS[] = "SELECT level, name, unit_level FROM review_level ORDER BY level";
static const char SQL_LEVELS_CLEAR[] = "DELETE FROM review_level";
static const char SQL_LEVEL_ADD[] = "INSERT INTO review_level(level, name, unit_level) VALUES (:level, :name, :unit_level)";
/* Figures waiting under the old levels wait at the new first level that
 * applies to their unit. */
static const char SQL_LEVELS_REQUEUE[] =
    "UPDATE data_value SET review_level = pm_review_after(1, 0,"
    " (SELECT level FROM org_unit WHERE id = data_value.unit_id)) WHERE state = 1";

typedef struct levels_read {
    pm_review_levels *lv;
} levels_read;

static bool level_row(void *ctx, sqlite3_stmt *st)
{
    pm_review_levels *lv = ctx;
    if (lv->n >= PM_REVIEW_LEVELS_MAX)
        return false;
    pm_review_level *l = &lv->l[lv->n++];
    const char *name = (const char *)sqlite3_column_text(st, 1);
    snprintf(l->name, sizeof l->name, "%s", name ? name : "");
    l->unit_level = sqlite3_column_int(st, 2);
    return true;
}

/* Into s->levels too: the SQL function reads them from there. */
bool sq_review_levels(void *impl, pm_review_levels *out, pm_err *err)
{
    sq *s = impl;
    memset(out, 0, sizeof *out);
    if (s->version < PM_SQLITE_V_LEVELS)
        return true; /* an older file read as it is: one level */
    bool outer;
    if (!sq_work_begin(s, false, &outer, err))
        return false;
    sqlite3_stmt *st = sq_use(s, SQL_LEVELS, err);
    bool ok = st && sq_each(s, st, SQLITE_OK, level_row, out, err, "读取审核层级失败");
    ok = sq_work_end(s, outer, ok, err);
    if (ok)
        s->levels = *out;
    return ok;
}

bool sq_set_review_levels(void *impl, const pm_review_levels *lv, pm_err *err)
{
    sq *s = impl;
    bool outer;
    if (!sq_work_begin(s, true, &outer, err))
        return false;
    bool ok = sq_exec(s, SQL_LEVELS_CLEAR, err, "清除审核层级");
    for (int k = 0; ok && k < lv->n; k++) {
        sqlite3_stmt *st = sq_use(s, SQL_LEVEL_ADD, err);
        int rc = SQLITE_OK;
        ok = st != NULL;
        if (ok) {
            sq_bind_int(st, ":level", k + 1, &rc);
            sq_bind_text(st, ":name", lv->l[k].name, &rc);
            sq_bind_int(st, ":unit_level", lv->l[k].unit_level, &rc);
            ok = sq_run(s, st, rc, err, "数据库 %s 写入第 %d 级审核失败", s->path, k + 1);
        }
    }
    if (ok) {
        s->levels = *lv;
        ok = sq_exec(s, SQL_LEVELS_REQUEUE, err, "将待审数据排入新的审核层级");
    }
    return sq_work_end(s, outer, ok, err);
}

/* pm_review_after(to, cur, unit_level) over the connection's levels as
 * last read (sq_review_levels, which every move calls first). */
static void after_fn(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    const sq *s = sqlite3_user_data(c);
    int to = sqlite3_value_int(argv[0]);
    if (!pm_vstate_valid(to)) {
        sqlite3_result_error(c, "pm_review_after：状态无效", -1);
        return;
    }
    sqlite3_result_int(c, pm_review_after(&s->levels, (pm_vstate)to, sqlite3_value_int(argv[1]),
                                          sqlite3_value_int(argv[2])));
}

bool sq_levels_register(sq *s, pm_err *err)
{
    if (sqlite3_create_function_v2(s->db, "pm_review_after", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY, s, after_fn,
                                   NULL, NULL, NULL) == SQLITE_OK)
        return true;
    sq_fail(s, err, "数据库 %s 注册审核层级函数失败", s->path);
    return false;
}
