/* What waits (store/todo.h) on the SQLite backend: one grouped query
 * each (collect_backend.h, shared with pg_todo.c). */
#include <sqlite3.h>

#include "store/collect_backend.h"
#include "store/sqlite_bind.h"
#include "store/sqlite_conn.h"

static const char SQL_DUE[] = PM_SQL_ROUNDS_DUE(":today", ":unit", "");
static const char SQL_WAITING[] = PM_SQL_REVIEW_WAITING("");

static void due_row(void *item, sqlite3_stmt *st)
{
    pm_round_due *d = item;
    d->round = (long)sqlite3_column_int64(st, 0);
    d->title = sq_col_dup0(st, 1);
    d->year = sqlite3_column_int(st, 2);
    d->deadline = sq_col_dup0(st, 3);
    d->due_at = sq_col_dup0(st, 4);
    d->unit = sq_col_dup0(st, 5);
    d->unit_name = sq_col_dup0(st, 6);
    d->items = sqlite3_column_int(st, 7);
    d->filled = sqlite3_column_int(st, 8);
    d->reminders = sqlite3_column_int(st, 9);
}

bool sq_rounds_due(void *impl, const char *unit, const char *today, pm_round_due **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    sqlite3_stmt *st = sq_use(s, SQL_DUE, err);
    int rc = SQLITE_OK;
    if (st) {
        sq_bind_text(st, ":today", today, &rc);
        sq_bind_text(st, ":unit", unit, &rc);
    }
    bool ok;
    *out = sq_collect_bound(s, st, rc, *out, n, sizeof **out, due_row, &ok, err, "读取填报任务的待办失败");
    return ok;
}

static void waiting_row(void *item, sqlite3_stmt *st)
{
    pm_waiting *w = item;
    w->unit = sq_col_dup0(st, 0);
    w->level = sqlite3_column_int(st, 1);
    w->n = (long)sqlite3_column_int64(st, 2);
}

bool sq_review_waiting(void *impl, pm_waiting **out, size_t *n, pm_err *err)
{
    sq *s = impl;
    bool ok;
    *out = sq_collect(s, sq_use(s, SQL_WAITING, err), *out, n, sizeof **out, waiting_row, &ok, err,
                      "读取待审核数据失败");
    return ok;
}
