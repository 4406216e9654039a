/* The SQLite backend's scan of every figure (sqlite_backend.h): what an
 * evaluation reads when the packed blocks (sqlite_blocks.c) are stale or
 * missing, and what rebuilds them. */
#include <math.h>

#include "store/sqlite_backend.h"
#include "store/sqlite_schema.h"

/* The hot path: nothing but the columns a pm_value holds. */
static const char SQL_SCAN[] = "SELECT pm_scan_row(element_id, unit_id, year, value, state, estimate) FROM data_value";
/* A file older than the estimate column, read as it is (read-only). */
static const char SQL_SCAN_V5[] = "SELECT pm_scan_row(element_id, unit_id, year, value, state, 0) FROM data_value";

/* The step of pm_scan_row, the aggregate function SQL_SCAN runs over every
 * row of data_value: hands the row to the scan's callback (see
 * sq_scan_values). An error ends the statement: that is how a callback's
 * "stop" gets out of SQLite. */
static void scan_row(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    sq *s = sqlite3_user_data(c);
    if (argc != 6 || !s->scan_cb) {
        sqlite3_result_error(c, "pm_scan_row 只能由 planmon 的数值扫描调用", -1);
        return;
    }
    pm_value v = {
        .element_id = (long)sqlite3_value_int64(argv[0]),
        .unit_id = (long)sqlite3_value_int64(argv[1]),
        .year = sqlite3_value_int(argv[2]),
        .value = sqlite3_value_type(argv[3]) == SQLITE_NULL ? NAN : sqlite3_value_double(argv[3]),
        .state = (pm_vstate)sqlite3_value_int(argv[4]),
        .estimate = sqlite3_value_int(argv[5]) != 0,
    };
    if (!s->scan_cb(s->scan_ctx, &v)) {
        s->scan_stopped = true;
        sqlite3_result_error(c, "扫描已停止", -1);
    }
}

static void scan_end(sqlite3_context *c)
{
    sqlite3_result_null(c);
}

/* pm_scan_row is registered on this connection only, SQLITE_DIRECTONLY
 * (SQL kept in the file, such as views and triggers, cannot call it). */
bool sq_scan_register(sq *s, pm_err *err)
{
    if (sqlite3_create_function_v2(s->db, "pm_scan_row", 6, SQLITE_UTF8 | SQLITE_DIRECTONLY, s, NULL,
                                   scan_row, scan_end, NULL) == SQLITE_OK)
        return true;
    sq_fail(s, err, "数据库 %s 注册扫描函数失败", s->path);
    return false;
}

/* The hot path of every evaluation. SQL_SCAN hands every row to cb from
 * inside SQLite, through the aggregate function pm_scan_row (scan_row),
 * so that the whole table goes by in one sqlite3_step. Stepping the rows
 * out one by one and reading them with five sqlite3_column_* calls each
 * cost about 40 % more (callgrind on 96,000 rows: ~1,400 instructions a
 * row against ~1,000; SELECT sum(value) takes ~470 over the same rows).
 * The callback must not call back into the store (the statement is busy). */
bool sq_scan_values(void *impl, bool (*cb)(void *ctx, const pm_value *v), void *ctx, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, s->version >= PM_SQLITE_V_ESTIMATE ? SQL_SCAN : SQL_SCAN_V5, err);
    if (!st)
        return false;
    s->scan_cb = cb;
    s->scan_ctx = ctx;
    s->scan_stopped = false;
    int rc = sqlite3_step(st); /* one row: the aggregate's NULL */
    bool ok = rc == SQLITE_ROW || s->scan_stopped;
    if (!ok)
        sq_fail(s, err, "读取数据库 %s 中的数值失败", s->path);
    s->scan_cb = NULL;
    s->scan_ctx = NULL;
    sq_done(st);
    return ok;
}
